// tb_boundary_generator_fold: rtl/fpga/boundary_generator_fold.v beside the reference
// rtl/boundary_generator.v on the same inputs, every tick (docs/fpga.md, "The folded
// boundary_generator"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_boundary_generator_fold: N passed, N failed".
//
// One tick: the folded module gets a one-clock start, during which the inputs carry garbage
// (the folded top latches its ports on the start edge, so a child's inputs may change there);
// the tick's inputs are set after the start edge and held; commit (and the reference's clk_en)
// come CLOCKS + 0 .. 20 clocks after the start edge. boundary_x, power_acc, boundary_power and
// the oscillator's state (reference u_osc.x, u_osc.y; folded osc_x, osc_y) are compared on every
// clock (they must hold between commits alike) and once more after the commit edge; omega_b,
// combinational in the reference and a register in the folded module, is compared from the
// edge where busy falls to the commit and after it. Half the ticks start in the previous tick's
// commit clock (start and commit on one edge). busy must fall exactly CLOCKS - 1 edges after the
// start edge. CLOCKS is read from the module.
// Inputs, in segments of SEG ticks (xorshift32):
//   parents  x1, x2 rotating (cos of a phase advancing each tick) at a few amplitudes, amp1,
//            amp2 their amplitudes, omega_1, omega_2 and mu_dt in the realistic range
//            (omega 100 .. 2100, mu_dt 0 .. 15): the oscillator runs as in the processor
//   full     every input full-range 18-bit random of either sign: saturations everywhere,
//            the oscillator driven into its amplitude correction and its clamps
//   edges    omega_1, omega_2, amp1, amp2, x1, x2 from the 18-bit extremes, 0, +-1, 16384:
//            p = 0 and p < 0 (omega_b 0), p = 2^34 (root 131072 clamped to 131071), env and
//            boundary_x saturated both ways, drive at its extremes, x1 = x2 = 0
//   quiet    amp1 or amp2 zero, x1 = x2 = 0, mu_dt negative: the boundary silent, power_acc
//            decaying
// A reset in the middle of a tick (both modules) every RST_EVERY ticks; the tick after it must
// match again. Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_BOUNDARY defined the folded module flips power_acc's input LSB when
// boundary_x's next value is negative; testbenches/run.sh builds that variant (with TB_QUICK)
// and requires a failure:
// plant: PHIN_PLANT_BOUNDARY
`default_nettype none
module tb_boundary_generator_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 12000;
`else
    localparam integer TICKS = 4000;
`endif
    localparam integer SEG       = 50;    // ticks per input segment
    localparam integer RST_EVERY = 97;    // a mid-tick reset every this many ticks

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] mu = 18'sd0, om1 = 18'sd0, om2 = 18'sd0, xa = 18'sd0, xb = 18'sd0;
    reg signed [17:0] a1 = 18'sd0, a2 = 18'sd0;

    wire signed [17:0] ob_r, bx_r, bp_r;
    wire signed [29:0] acc_r;
    boundary_generator ref_bg (
        .clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(mu), .omega_1(om1), .omega_2(om2),
        .x1(xa), .x2(xb), .amp1(a1), .amp2(a2), .omega_b(ob_r), .boundary_x(bx_r),
        .power_acc(acc_r), .boundary_power(bp_r)
    );

    wire signed [17:0] ob_f, bx_f, bp_f;
    wire signed [29:0] acc_f;
    wire               busy;
    boundary_generator_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy), .mu_dt(mu),
        .omega_1(om1), .omega_2(om2), .x1(xa), .x2(xb), .amp1(a1), .amp2(a2), .omega_b(ob_f),
        .boundary_x(bx_f), .power_acc(acc_f), .boundary_power(bp_f)
    );
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire signed [17:0] ox_r = ref_bg.u_osc.x;
    wire signed [17:0] oy_r = ref_bg.u_osc.y;
    wire signed [17:0] ox_f = fold.osc_x;
    wire signed [17:0] oy_f = fold.osc_y;
    wire same = bx_r == bx_f && acc_r == acc_f && bp_r == bp_f && ox_r == ox_f && oy_r == oy_f;

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
                default: edge_val = -18'sd131071;
            endcase
        end
    endfunction

    // The low 18 bits of an integer (the stimulus' values are in range by construction).
    function signed [17:0] to18;
        input integer v;
        begin
            to18 = v[17:0];
        end
    endfunction

    // The parents of the realistic segment: phases advancing each tick, amplitudes per segment.
    real ph1 = 0.0, ph2 = 0.0, w1 = 0.05, w2 = 0.08, amp_a = 8192.0, amp_b = 8192.0;
    reg signed [17:0] s_mu = 18'sd0, s_om1 = 18'sd0, s_om2 = 18'sd0;   // held over a segment
    integer seg_kind;
    integer last_seg = -1;
    task set_inputs;
        input integer kind;
        begin
            case (kind)
                0: begin  // parents
                    if (last_seg != seg_kind) begin
                        rnd; s_om1 = to18(100 + rv % 2000);
                        rnd; s_om2 = to18(100 + rv % 2000);
                        rnd; s_mu  = {14'd0, rv[3:0]};
                        rnd; amp_a = 1000.0 + (rv % 30000);
                        rnd; amp_b = 1000.0 + (rv % 30000);
                        w1 = s_om1 / 16384.0 * 4.0;
                        w2 = s_om2 / 16384.0 * 4.0;
                    end
                    om1 = s_om1;
                    om2 = s_om2;
                    mu  = s_mu;
                    ph1 = ph1 + w1;
                    ph2 = ph2 + w2;
                    xa = to18($rtoi(amp_a * $cos(ph1)));
                    xb = to18($rtoi(amp_b * $cos(ph2)));
                    a1 = to18($rtoi(amp_a));
                    a2 = to18($rtoi(amp_b));
                end
                1: begin  // full range
                    rnd; mu  = rv[17:0];
                    rnd; om1 = rv[17:0];
                    rnd; om2 = rv[17:0];
                    rnd; xa  = rv[17:0];
                    rnd; xb  = rv[17:0];
                    rnd; a1  = rv[17:0];
                    rnd; a2  = rv[17:0];
                end
                2: begin  // edges
                    rnd; mu  = (rv[3:0] == 4'd0) ? edge_val(rv[6:4]) : {14'd0, rv[7:4]};
                    rnd; om1 = edge_val(rv[2:0]); om2 = edge_val(rv[5:3]);
                    // p = 2^34, the one product whose root (131072) the clamp catches.
                    if (rv[8:6] == 3'd0) begin om1 = -18'sd131072; om2 = -18'sd131072; end
                    rnd; xa  = edge_val(rv[2:0]); xb  = edge_val(rv[5:3]);
                    rnd; a1  = edge_val(rv[2:0]); a2  = edge_val(rv[5:3]);
                end
                default: begin  // quiet
                    rnd; mu  = -$signed({14'd0, rv[3:0]});
                    rnd; om1 = {7'd0, rv[10:0]}; om2 = {7'd0, rv[21:11]};
                    xa = 18'sd0; xb = 18'sd0;
                    rnd; a1 = rv[0] ? 18'sd0 : {2'd0, rv[16:1]};
                    a2 = rv[0] ? {2'd0, rv[16:1]} : 18'sd0;
                end
            endcase
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0;
    integer c_p_zero = 0, c_p_neg = 0, c_root_clamp = 0, c_env_hi = 0, c_env_lo = 0;
    integer c_bx_hi = 0, c_bx_lo = 0, c_pin_sat = 0, c_correct = 0, c_osc_sat = 0;
    integer c_bx_neg = 0, c_drive_ext = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0, e_omega = 0;

    // Corners of the tick about to commit, from the reference's wires (inputs held).
    task count_corners;
        begin
            if (ref_bg.p == 36'sd0) c_p_zero = c_p_zero + 1;
            if (ref_bg.p < 36'sd0) c_p_neg = c_p_neg + 1;
            if (ref_bg.p > 36'sd0 && ref_bg.root > 18'd131071) c_root_clamp = c_root_clamp + 1;
            if (ref_bg.env == 18'sd131071) c_env_hi = c_env_hi + 1;
            if (ref_bg.env == -18'sd131072) c_env_lo = c_env_lo + 1;
            if (ref_bg.bx_nx == 18'sd131071) c_bx_hi = c_bx_hi + 1;
            if (ref_bg.bx_nx == -18'sd131072) c_bx_lo = c_bx_lo + 1;
            if (ref_bg.bx_nx < 0) c_bx_neg = c_bx_neg + 1;
            if (ref_bg.p_in == 18'sd131071) c_pin_sat = c_pin_sat + 1;
            if (ref_bg.u_osc.correct) c_correct = c_correct + 1;
            if (ref_bg.u_osc.x_sat == 18'sd131071 || ref_bg.u_osc.x_sat == -18'sd131072
                || ref_bg.u_osc.y_sat == 18'sd131071 || ref_bg.u_osc.y_sat == -18'sd131072)
                c_osc_sat = c_osc_sat + 1;
            if (ref_bg.drive == 18'sd512 || ref_bg.drive == -18'sd512)
                c_drive_ext = c_drive_ext + 1;
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at;
    reg     share;    // this tick's start shares the previous tick's commit clock

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
                rnd; mu = rv[17:0]; om1 = rv[30:13];
                rnd; om2 = rv[17:0]; xa = rv[30:13];
                rnd; xb = rv[17:0]; a1 = rv[30:13];
                rnd; a2 = rv[17:0];
                start = 1'b1;
                clock;
                start = 1'b0;
            end
            // After the start edge: this tick's inputs.
            set_inputs(seg_kind);
            last_seg = seg_kind;
            rnd;
            extra  = {16'd0, rv[15:0]} % 21;
            if (extra == 0) n_extra0 = n_extra0 + 1;
            if (extra == 20) n_extra20 = n_extra20 + 1;
            rst_at = (t % RST_EVERY == RST_EVERY - 1) ? 1 + {24'd0, rv[23:16]} % (CLOCKS - 2) : -1;
            // Edges 1 .. CLOCKS - 1 + extra after the start edge (the commit edge is
            // CLOCKS + extra).
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
                    if (!busy && ob_r != ob_f) e_omega = e_omega + 1;
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
                count_corners;
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
                if (!same || ob_r != ob_f) begin
                    e_commit = e_commit + 1;
                    if (e_commit <= 5)
                        $display("FAIL tick %0d (segment %0d): in mu %0d om %0d %0d x %0d %0d amp %0d %0d ref ob %0d bx %0d acc %0d osc %0d %0d / fold ob %0d bx %0d acc %0d osc %0d %0d",
                                 t, seg_kind, mu, om1, om2, xa, xb, a1, a2, ob_r, bx_r, acc_r,
                                 ox_r, oy_r, ob_f, bx_f, acc_f, ox_f, oy_f);
                end
            end
        end
        check("every commit: all outputs equal", e_commit == 0);
        check("every clock: all registers equal (hold)", e_hold == 0);
        check("omega_b equal from ready to commit", e_omega == 0);
        check("after each mid-tick reset: outputs equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
        check("corner: p = 0 (omega_b 0)", c_p_zero > 0);
        check("corner: p < 0 (omega_b 0)", c_p_neg > 0);
        check("corner: root clamped to 131071", c_root_clamp > 0);
        check("corner: env saturated high and low", c_env_hi > 0 && c_env_lo > 0);
        check("corner: boundary_x saturated high and low", c_bx_hi > 0 && c_bx_lo > 0);
        check("corner: boundary_x negative", c_bx_neg > 0);
        check("corner: power input saturated", c_pin_sat > 0);
        check("corner: oscillator amplitude correction", c_correct > 0);
        check("corner: oscillator state saturated", c_osc_sat > 0);
        check("corner: drive at +-512", c_drive_ext > 0);
        check("mid-tick resets", n_resets > 0);
        check("start in the commit clock", n_shared > 0);
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_resets);
        $display("corners (ticks): p = 0 %0d, p < 0 %0d, root clamped %0d, env sat high %0d low %0d, boundary_x sat high %0d low %0d, negative %0d, power input sat %0d, osc correction %0d, osc saturated %0d, drive +-512 %0d",
                 c_p_zero, c_p_neg, c_root_clamp, c_env_hi, c_env_lo, c_bx_hi, c_bx_lo,
                 c_bx_neg, c_pin_sat, c_correct, c_osc_sat, c_drive_ext);
        $display("mismatches: at commit %0d, between commits %0d, omega_b before commit %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_omega, e_busy, e_reset);
        $display("tb_boundary_generator_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
