// tb_coupling_susceptibility_fold: rtl/fpga/coupling_susceptibility_fold.v beside the reference
// rtl/coupling_susceptibility.v on the same input, every tick (docs/fpga.md, "The folded
// coupling_susceptibility"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_coupling_susceptibility_fold: N passed, N failed".
//
// One tick: the folded module gets a one-clock start, during which n carries garbage (the
// folded top latches its ports on the start edge, so a child's inputs may change there); the
// tick's n is set after the start edge and held; commit (and the reference's clk_en) come
// CLOCKS + 0 .. 20 clocks after the start edge, and chi of both is compared on every clock (it
// must hold between commits alike) and once more after the commit edge. Half the ticks start in
// the previous tick's commit clock (start and commit on one edge). busy must fall exactly
// CLOCKS - 1 edges after the start edge. CLOCKS is read from the module.
// The centres (c_k, q_k) are read from the reference's generate blocks, not retyped here.
// Inputs, in segments of SEG ticks (xorshift32):
//   drift    n on a slow random walk over the realistic range phi^-2 .. phi^5.5 (n = -2 .. 5.5,
//            Q14), steps of up to +-1/16, as a ratio of two drifting oscillators moves
//   full     full-range 18-bit n of either sign (far tails, chi = 0, the 19-bit distance at
//            its extremes)
//   centres  a random centre k and n = c_k exactly (u = 0, the term w_k), or c_k +- the last
//            and the first distance inside / outside its range (|d| q = 32767 / 32768 for
//            q = 1, the nearest multiples for q > 1; half of these ticks take a q = 1 centre),
//            or c_k +- a random distance in range
//   edges    n = -131072, 131071, 0, +-1, and the six boundaries phi^-2 .. phi^3 (k integer)
// A reset in the middle of a tick (both modules) every RST_EVERY ticks; the tick after it must
// match again. Counts of the corners hit are printed and must be non-zero, except the clamp to
// 131071, which no 18-bit n reaches (largest total 24687, at n = -127; printed as measured).
// With PHIN_PLANT_CHI defined the folded module flips the LSB of centre 33's term;
// testbenches/run.sh builds that variant (with TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_CHI
// run.sh: -O1
`default_nettype none
module tb_coupling_susceptibility_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 10000;
`else
    localparam integer TICKS = 1000;
`endif
    localparam integer SEG       = 50;    // ticks per input segment
    localparam integer RST_EVERY = 97;    // a mid-tick reset every this many ticks
    localparam integer NC        = 61;    // centres of the reference (its CHI_CENTRES)
    localparam integer ONE       = 16384; // n = 1 (Q14)

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] n = 18'sd0;

    wire signed [17:0] chi_r;
    coupling_susceptibility ref_cs (.clk(clk), .rst(rst), .clk_en(clk_en), .n(n), .chi(chi_r));

    wire signed [17:0] chi_f;
    wire               busy;
    coupling_susceptibility_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy), .n(n), .chi(chi_f)
    );
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire same = chi_r == chi_f;

    // The reference's centres and their q, from its generate blocks.
    wire [NC*18-1:0] cen_c;
    wire [NC*3-1:0]  cen_q;
    genvar g;
    generate
        for (g = 0; g < NC; g = g + 1) begin : tab
            assign cen_c[g*18 +: 18] = ref_cs.ctr[g].c;
            assign cen_q[g*3 +: 3]   = ref_cs.ctr[g].q;
        end
    endgenerate

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h2545_f491;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // n clipped to the 18-bit range.
    function signed [17:0] clip18;
        input integer v;
        begin
            if (v > 131071) clip18 = 18'sd131071;
            else if (v < -131072) clip18 = -18'sd131072;
            else clip18 = v;
        end
    endfunction

    integer walk = 0;      // the drift segment's n
    integer kc, cc, qc, dd, sg;
    integer c_u0 = 0, c_in_edge = 0, c_out_edge = 0, c_zero = 0, c_ext = 0, c_bound = 0;
    integer c_clamp = 0, max_chi = 0;
    task set_input;
        input integer kind;
        begin
            case (kind)
                0: begin  // drift
                    rnd;
                    walk = walk + $signed({1'b0, rv[10:0]}) - 1024;
                    if (walk > 90112) walk = 90112;      // 5.5
                    if (walk < -32768) walk = -32768;    // -2
                    n = walk;
                end
                1: begin  // full range
                    rnd; n = rv[17:0];
                end
                2: begin  // around a centre
                    rnd;
                    kc = rv[5:0] % NC;
                    // Half the range-edge ticks take the next centre with q = 1, where |d| q
                    // reaches 32767 and 32768 exactly.
                    if (rv[10] && (rv[9:7] == 3'd2 || rv[9:7] == 3'd3))
                        while (cen_q[kc*3 +: 3] != 3'd1) kc = (kc + 1) % NC;
                    cc = $signed(cen_c[kc*18 +: 18]);
                    qc = cen_q[kc*3 +: 3];
                    sg = rv[6] ? 1 : -1;
                    case (rv[9:7])
                        3'd0, 3'd1: dd = 0;
                        3'd2: dd = 32767 / qc;             // last |d| in range
                        3'd3: dd = 32767 / qc + 1;         // first |d| out of range
                        default: dd = (rv[31:16] % (32768 / qc));
                    endcase
                    n = clip18(cc + sg * dd);
                    if (dd == 0) c_u0 = c_u0 + 1;
                    if (qc == 1 && dd == 32767) c_in_edge = c_in_edge + 1;
                    if (qc == 1 && dd == 32768) c_out_edge = c_out_edge + 1;
                end
                default: begin  // edges
                    rnd;
                    case (rv[3:0])
                        4'd0: n = -18'sd131072;
                        4'd1: n = 18'sd131071;
                        4'd2: n = 18'sd0;
                        4'd3: n = 18'sd1;
                        4'd4: n = -18'sd1;
                        default: n = ((rv[3:0] % 6) - 2) * ONE;   // phi^-2 .. phi^3
                    endcase
                    if (n == -18'sd131072 || n == 18'sd131071) c_ext = c_ext + 1;
                    if (rv[3:0] > 4'd4) c_bound = c_bound + 1;
                end
            endcase
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0;
    integer t, i, extra, rst_at, seg_kind;
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
                rnd; n = rv[17:0];   // garbage in the start clock
                start = 1'b1;
                clock;
                start = 1'b0;
            end
            set_input(seg_kind);
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
                        $display("FAIL tick %0d (segment %0d): n %0d ref chi %0d / fold chi %0d",
                                 t, seg_kind, n, chi_r, chi_f);
                end
                if (chi_r == 0) c_zero = c_zero + 1;
                if (chi_r == 18'sd131071) c_clamp = c_clamp + 1;
                if (chi_r > max_chi) max_chi = chi_r;
            end
        end
        check("every commit: chi equal", e_commit == 0);
        check("every clock: chi equal (hold)", e_hold == 0);
        check("after each mid-tick reset: chi equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
        check("corner: n at a centre (u = 0)", c_u0 > 0);
        check("corner: |d| q = 32767 (last in range)", c_in_edge > 0);
        check("corner: |d| q = 32768 (first out)", c_out_edge > 0);
        check("corner: chi = 0 (far tails)", c_zero > 0);
        check("corner: n at the 18-bit extremes", c_ext > 0);
        check("corner: n at a phi^k boundary", c_bound > 0);
        check("mid-tick resets", n_resets > 0);
        check("start in the commit clock", n_shared > 0);
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_resets);
        $display("corners (ticks): n = c_k %0d, |d|q = 32767 %0d, |d|q = 32768 %0d, chi 0 %0d, n extreme %0d, n boundary %0d, clamped %0d (unreachable), largest chi %0d",
                 c_u0, c_in_edge, c_out_edge, c_zero, c_ext, c_bound, c_clamp, max_chi);
        $display("mismatches: at commit %0d, between commits %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_busy, e_reset);
        $display("tb_coupling_susceptibility_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
