// tb_harmonic_spacing_index_fold: rtl/fpga/harmonic_spacing_index_fold.v beside the reference
// rtl/harmonic_spacing_index.v on the same inputs, every tick (docs/fpga.md, "The folded
// harmonic_spacing_index"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_harmonic_spacing_index_fold: N passed, N failed".
//
// One tick: the folded module gets a one-clock start, during which the inputs carry garbage
// (the folded top latches its ports on the start edge, so a child's inputs may change there);
// the tick's inputs are set after the start edge and held; commit (and the reference's clk_en)
// come CLOCKS + 0 .. 20 clocks after the start edge, and every output of both is compared on
// every clock (they must hold between commits alike) and once more after the commit edge. Half
// the ticks start in the previous tick's commit clock (start and commit on one edge). busy must
// fall exactly CLOCKS - 1 edges after the start edge. CLOCKS is read from the module.
// Inputs, in segments of SEG ticks (xorshift32):
//   ladder   omega_k = base * phi^k with a few percent of jitter, base from 20 to 20000: the
//            realistic range, locked and unlocked, the baseline EMA running
//   full     full-range 18-bit values of either sign (saturated ratios, negative quotients)
//   small    values in -40 .. 40, many zeros (zero divisors, small quotients)
//   edges    omega_theta = 16384 so ratio 0 = omega_alpha exactly: ratio 0 at PHI +- LOCK_TOL
//            and one past it, PHI +- 2.0 and one past it, 0, the extremes; the others from
//            -131072, 131071, 0, +-1, 16384; and the exact ladder 16384, 26510, 42895, 69406,
//            112302 (every ratio exactly PHI: hsi 1.0)
// A reset in the middle of a tick (both modules) every RST_EVERY ticks; the tick after it must
// match again (baseline reloaded). Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_HSI defined the folded module flips ratio beta2/beta1's LSB when its quotient
// is negative; testbenches/run.sh builds that variant (with TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_HSI
// run.sh: -O1
`default_nettype none
module tb_harmonic_spacing_index_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 20000;
`else
    localparam integer TICKS = 2000;
`endif
    localparam integer SEG       = 50;    // ticks per input segment
    localparam integer RST_EVERY = 97;    // a mid-tick reset every this many ticks
    localparam signed [17:0] PHI      = 18'sd26510;
    localparam signed [17:0] LOCK_TOL = 18'sd2121;

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] w0 = 18'sd0, w1 = 18'sd0, w2 = 18'sd0, w3 = 18'sd0, w4 = 18'sd0;

    wire signed [17:0] r0_r, r1_r, r2_r, r3_r, hsi_r;
    wire signed [33:0] acc_r;
    wire               valid_r, locked_r;
    wire signed [18:0] dhsi_r;
    harmonic_spacing_index ref_hsi (
        .clk(clk), .rst(rst), .clk_en(clk_en), .omega_theta(w0), .omega_alpha(w1),
        .omega_beta1(w2), .omega_beta2(w3), .omega_gamma(w4), .ratio_alpha_theta(r0_r),
        .ratio_beta1_alpha(r1_r), .ratio_beta2_beta1(r2_r), .ratio_gamma_beta2(r3_r),
        .hsi(hsi_r), .baseline_acc(acc_r), .baseline_valid(valid_r),
        .harmonic_locked(locked_r), .delta_hsi(dhsi_r)
    );

    wire signed [17:0] r0_f, r1_f, r2_f, r3_f, hsi_f;
    wire signed [33:0] acc_f;
    wire               valid_f, locked_f, busy;
    wire signed [18:0] dhsi_f;
    harmonic_spacing_index_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy), .omega_theta(w0),
        .omega_alpha(w1), .omega_beta1(w2), .omega_beta2(w3), .omega_gamma(w4),
        .ratio_alpha_theta(r0_f), .ratio_beta1_alpha(r1_f), .ratio_beta2_beta1(r2_f),
        .ratio_gamma_beta2(r3_f), .hsi(hsi_f), .baseline_acc(acc_f), .baseline_valid(valid_f),
        .harmonic_locked(locked_f), .delta_hsi(dhsi_f)
    );
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire same = r0_r == r0_f && r1_r == r1_f && r2_r == r2_f && r3_r == r3_f && hsi_r == hsi_f
             && acc_r == acc_f && valid_r == valid_f && locked_r == locked_f && dhsi_r == dhsi_f;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h1234_5679;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // An edge value of the 18-bit range.
    function signed [17:0] edge_val;
        input [2:0] i;
        begin
            case (i)
                3'd0: edge_val = -18'sd131072;
                3'd1: edge_val = 18'sd131071;
                3'd2: edge_val = 18'sd0;
                3'd3: edge_val = 18'sd1;
                3'd4: edge_val = -18'sd1;
                3'd5: edge_val = 18'sd16384;
                3'd6: edge_val = -18'sd16384;
                default: edge_val = 18'sd2;
            endcase
        end
    endfunction

    // One ladder value: v * (1 + jitter), jitter up to about +-6 %; v >= 1.
    function signed [17:0] jit;
        input integer v;
        input [31:0]  r;
        integer       j;
        begin
            j   = v + (v * ($signed({1'b0, r[6:0]}) - 64)) / 1000;
            jit = j[17:0];
        end
    endfunction

    integer seg_kind;
    integer base;
    task set_inputs;
        input integer kind;
        begin
            case (kind)
                0: begin  // ladder
                    rnd;
                    base = 20 + rv % 19981;
                    if (base > 19000) base = 19000;
                    rnd; w0 = jit(base, rv);
                    rnd; w1 = jit((base * 1618) / 1000, rv);
                    rnd; w2 = jit((base * 2618) / 1000, rv);
                    rnd; w3 = jit((base * 4236) / 1000, rv);
                    rnd; w4 = jit((base * 6854) / 1000, rv[31:0] >> 3);
                    if (w4 > 18'sd131071 || w4 < 0) w4 = 18'sd131071;
                end
                1: begin  // full range
                    rnd; w0 = rv[17:0];
                    rnd; w1 = rv[17:0];
                    rnd; w2 = rv[17:0] >>> (rv[22:19]);
                    rnd; w3 = rv[17:0];
                    rnd; w4 = rv[17:0] >>> (rv[22:19]);
                end
                2: begin  // small
                    rnd; w0 = $signed({1'b0, rv[6:0]}) % 41 - 18'sd20;
                    rnd; w1 = $signed({1'b0, rv[6:0]}) % 41 - 18'sd20;
                    rnd; w2 = (rv[8:7] == 2'd0) ? 18'sd0 : $signed({1'b0, rv[6:0]}) % 81 - 18'sd40;
                    rnd; w3 = (rv[8:7] == 2'd0) ? 18'sd0 : $signed({1'b0, rv[6:0]}) % 81 - 18'sd40;
                    rnd; w4 = $signed({1'b0, rv[6:0]}) % 81 - 18'sd40;
                end
                default: begin  // edges: ratio 0 = omega_alpha exactly
                    w0 = 18'sd16384;
                    rnd;
                    case (rv[3:0])
                        4'd0:  w1 = PHI + LOCK_TOL;
                        4'd1:  w1 = PHI + LOCK_TOL + 18'sd1;
                        4'd2:  w1 = PHI - LOCK_TOL;
                        4'd3:  w1 = PHI - LOCK_TOL - 18'sd1;
                        4'd4:  w1 = PHI + 18'sd32768;
                        4'd5:  w1 = PHI + 18'sd32769;
                        4'd6:  w1 = PHI - 18'sd32768;
                        4'd7:  w1 = PHI - 18'sd32769;
                        4'd8:  w1 = PHI;
                        default: w1 = edge_val(rv[6:4]);
                    endcase
                    // Others: the ladder continued exactly (so dev near the lock edge adds up),
                    // or an edge value.
                    rnd; w2 = rv[0] ? edge_val(rv[3:1]) : 18'sd26510;
                    rnd; w3 = rv[0] ? edge_val(rv[3:1]) : 18'sd16384;
                    rnd; w4 = rv[0] ? edge_val(rv[3:1]) : 18'sd26510;
                    if (rv[6:4] == 3'd0) begin
                        w2 = 18'sd0; w3 = 18'sd0; w4 = 18'sd0;
                    end
                    // The exact ladder: every ratio exactly PHI, so every deviation 0, hsi 1.0.
                    if (rv[6:4] == 3'd1) begin
                        w1 = PHI; w2 = 18'sd42895; w3 = 18'sd69406; w4 = 18'sd112302;
                    end
                end
            endcase
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0;
    integer c_zero_div = 0, c_sat_hi = 0, c_sat_lo = 0, c_neg_q = 0, c_locked = 0;
    integer c_unlocked = 0, c_hsi_zero = 0, c_hsi_one = 0, c_lock_edge = 0, c_dev_max = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0;

    task count_corners;
        begin
            if (w0 == 0 || w1 == 0 || w2 == 0 || w3 == 0) c_zero_div = c_zero_div + 1;
            if (r0_r == 18'sd131071 || r1_r == 18'sd131071 || r2_r == 18'sd131071
                || r3_r == 18'sd131071) c_sat_hi = c_sat_hi + 1;
            if (r0_r == -18'sd131072 || r1_r == -18'sd131072 || r2_r == -18'sd131072
                || r3_r == -18'sd131072) c_sat_lo = c_sat_lo + 1;
            if (r0_r < 0 || r1_r < 0 || r2_r < 0 || r3_r < 0) c_neg_q = c_neg_q + 1;
            if (locked_r) c_locked = c_locked + 1; else c_unlocked = c_unlocked + 1;
            if (hsi_r == 0) c_hsi_zero = c_hsi_zero + 1;
            if (hsi_r == 18'sd16384) c_hsi_one = c_hsi_one + 1;
            if (r0_r == PHI + LOCK_TOL || r0_r == PHI - LOCK_TOL) c_lock_edge = c_lock_edge + 1;
            if (r0_r == PHI + 18'sd32768 || r0_r == PHI - 18'sd32768)
                c_dev_max = c_dev_max + 1;
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at;
    reg     share;    // this tick's start shares the previous tick's commit clock
    reg     started;  // the start pulse of this tick has been given

    initial begin
        CLOCKS = fold.CLOCKS;
        do_reset;
        check("reset: outputs equal", same);
        share = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            seg_kind = (t / SEG) % 4;
            n_ticks = n_ticks + 1;
            if (!share) begin
                // Garbage on the inputs in the start clock.
                rnd; w0 = rv[17:0]; rnd; w1 = rv[17:0]; w2 = rv[30:13];
                rnd; w3 = rv[17:0]; w4 = rv[30:13];
                start = 1'b1;
                clock;
                start = 1'b0;
            end
            // After the start edge: this tick's inputs.
            set_inputs(seg_kind);
            rnd;
            extra  = rv[15:0] % 21;
            if (extra == 0) n_extra0 = n_extra0 + 1;
            if (extra == 20) n_extra20 = n_extra20 + 1;
            rst_at = (t % RST_EVERY == RST_EVERY - 1) ? 1 + rv[23:16] % (CLOCKS - 2) : -1;
            // Edges 1 .. CLOCKS - 1 + extra after the start edge (the commit edge is CLOCKS + extra).
            for (i = 1; i < CLOCKS + extra; i = i + 1) begin
                if (i == rst_at) begin
                    rst = 1'b1;
                    n_resets = n_resets + 1;
                end
                clock;
                if (!same) e_hold = e_hold + 1;
                if (rst_at < 0) begin
                    if (i == CLOCKS - 2 && !busy) e_busy = e_busy + 1;
                    if (i == CLOCKS - 1 && busy) e_busy = e_busy + 1;
                end
                if (i == rst_at) begin
                    rst = 1'b0;
                    i = CLOCKS + extra;  // abandon this tick
                end
            end
            if (rst_at >= 0) begin
                if (!same) e_reset = e_reset + 1;
                share = 1'b0;
            end else begin
                commit = 1'b1;
                clk_en = 1'b1;
                rnd;
                share = rv[0];
                if (share) begin
                    start = 1'b1;
                    n_shared = n_shared + 1;
                end
                clock;
                commit = 1'b0;
                clk_en = 1'b0;
                start  = 1'b0;
                if (!same) begin
                    e_commit = e_commit + 1;
                    if (e_commit <= 5)
                        $display("FAIL tick %0d (segment %0d): in %0d %0d %0d %0d %0d ref r %0d %0d %0d %0d hsi %0d acc %0d v %0d l %0d / fold r %0d %0d %0d %0d hsi %0d acc %0d v %0d l %0d",
                                 t, seg_kind, w0, w1, w2, w3, w4, r0_r, r1_r, r2_r, r3_r,
                                 hsi_r, acc_r, valid_r, locked_r, r0_f, r1_f, r2_f, r3_f,
                                 hsi_f, acc_f, valid_f, locked_f);
                end
                count_corners;
            end
        end
        check("every commit: all outputs equal", e_commit == 0);
        check("every clock: all outputs equal (hold)", e_hold == 0);
        check("after each mid-tick reset: outputs equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
        check("corner: zero divisor", c_zero_div > 0);
        check("corner: ratio saturated high", c_sat_hi > 0);
        check("corner: ratio saturated low", c_sat_lo > 0);
        check("corner: negative ratio", c_neg_q > 0);
        check("corner: locked and unlocked", c_locked > 0 && c_unlocked > 0);
        check("corner: hsi clamped to 0", c_hsi_zero > 0);
        check("corner: hsi 1.0", c_hsi_one > 0);
        check("corner: ratio at PHI +- LOCK_TOL", c_lock_edge > 0);
        check("corner: ratio at PHI +- 2.0", c_dev_max > 0);
        check("mid-tick resets", n_resets > 0);
        check("start in the commit clock", n_shared > 0);
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_resets);
        $display("corners (ticks): zero divisor %0d, sat high %0d, sat low %0d, negative ratio %0d, locked %0d, unlocked %0d, hsi 0 %0d, hsi 1.0 %0d, ratio0 at PHI+-TOL %0d, at PHI+-2.0 %0d",
                 c_zero_div, c_sat_hi, c_sat_lo, c_neg_q, c_locked, c_unlocked, c_hsi_zero,
                 c_hsi_one, c_lock_edge, c_dev_max);
        $display("mismatches: at commit %0d, between commits %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_busy, e_reset);
        $display("tb_harmonic_spacing_index_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
