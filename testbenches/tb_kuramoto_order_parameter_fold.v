// tb_kuramoto_order_parameter_fold: self-checking testbench for
// rtl/fpga/kuramoto_order_parameter_fold.v (docs/fpga.md, "The folded kuramoto_order_parameter"),
// run by testbenches/run.sh under Verilator and Icarus: the folded module beside the reference
// rtl/kuramoto_order_parameter.v on the same inputs, the reference clocked by clk_en on the edge
// where the folded module commits. Ends with "tb_kuramoto_order_parameter_fold: N passed, N
// failed"; every check is a count over the whole run, so both simulators report the same N.
//
// Every tick: inputs for the tick, a start pulse, the clocks counted until busy falls (must be
// CLOCKS), then 0 .. 20 more clocks (xorshift), then commit and clk_en on the same edge, after
// which all four outputs must equal the reference's. On every clock in between, the outputs must
// equal the reference's held registers. One tick in eight starts the next tick on the commit
// edge itself (its inputs change just after that edge). Now and then a start comes while busy
// (ignored: latency and results unchanged), and every RST_EVERY ticks a reset comes in the middle
// of a tick (for both modules; outputs 0, busy low, then the tick is started again).
//
// Inputs, in segments of SEG ticks (the first ticks are scripted edges):
//   rotate   (x_k, y_k) = A_k (cos, sin) of phases rotating at different rates, spread around a
//            common phase by a segment's spread (synchronous: high_synchrony; spread: low R),
//            amplitudes from 1 LSB to near full scale;
//   full     every coordinate random over the full 18-bit range;
//   small    every coordinate in -3 .. 3 (mag = 0, 1, 2: recip up to 2^28, the clamp R > 1.0);
//   edges    every coordinate one of 0, +-1, +-2, 2047, 2048, -2^17, 2^17 - 1 (the most negative
//            makes x^2 = 2^34; x = y = -2^17 makes the sum of squares 2^35);
//   scaled   random values shifted right by a random 0 .. 17 bits (every magnitude).
// Corner cases counted (each must be met): an oscillator with mag = 0 (x = y = 0), one with
// recip >= 2^17 (the upper recip half non-zero, mag <= 2048), a coordinate at -2^17, the clamp
// (the reference's mag / 6 above 1.0), high_synchrony set, a sum below zero, a back-to-back
// start, a spurious start, a mid-tick reset.
// With PHIN_PLANT_KURAMOTO the folded module's s_5 is one LSB high; testbenches/run.sh builds
// that variant (with TB_QUICK, a short run) and requires this testbench to fail:
// plant: PHIN_PLANT_KURAMOTO
// run.sh: -O1
`default_nettype none
/* verilator lint_off WIDTH */
module tb_kuramoto_order_parameter_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 200;    // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 2000;
`else
    localparam integer TICKS = 300;
`endif
    localparam integer CLOCKS    = 443;   // the module's CLOCKS (its header's schedule)
    localparam integer SEG       = 40;    // ticks of one input segment
    localparam integer RST_EVERY = 97;    // a mid-tick reset every RST_EVERY ticks
    localparam integer N_SCRIPT  = 8;     // scripted edge ticks first

    integer pass = 0;
    integer fail = 0;
    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;

    `include "tb_common.vh"
    `include "phin_isqrt.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] x0 = 0, y0 = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    reg signed [17:0] x3 = 0, y3 = 0, x4 = 0, y4 = 0, x5 = 0, y5 = 0;
    wire signed [20:0] sc_r, ss_r, sc_f, ss_f;
    wire signed [17:0] r_r, r_f;
    wire               hs_r, hs_f, busy;

    kuramoto_order_parameter refm (
        .clk(clk), .rst(rst), .clk_en(clk_en), .x0(x0), .y0(y0), .x1(x1), .y1(y1), .x2(x2),
        .y2(y2), .x3(x3), .y3(y3), .x4(x4), .y4(y4), .x5(x5), .y5(y5), .sum_cos(sc_r),
        .sum_sin(ss_r), .kuramoto_r(r_r), .high_synchrony(hs_r)
    );

    kuramoto_order_parameter_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy), .x0(x0), .y0(y0),
        .x1(x1), .y1(y1), .x2(x2), .y2(y2), .x3(x3), .y3(y3), .x4(x4), .y4(y4), .x5(x5),
        .y5(y5), .sum_cos(sc_f), .sum_sin(ss_f), .kuramoto_r(r_f), .high_synchrony(hs_f)
    );

    wire same = sc_f == sc_r && ss_f == ss_r && r_f == r_r && hs_f == hs_r;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h1f0e_5a3d;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // ---------------------------------------------------------------- inputs of a tick
    reg signed [17:0] vx [0:5];
    reg signed [17:0] vy [0:5];
    reg signed [17:0] edge_v [0:9];
    real              amp [0:5];
    real              phase, spread, base;
    integer           i, seg;

    // One coordinate for segments full, small, edges, scaled.
    function signed [17:0] coord;
        input integer    kind;
        input [31:0]     r;
        reg signed [17:0] v;
        begin
            case (kind)
                1:       coord = r[17:0];
                2:       coord = $signed({15'd0, r[2:0]}) - 18'sd3 - {17'd0, r[2:0] == 3'd7};
                3:       coord = edge_v[r[7:0] % 10];
                default: begin
                    v     = r[17:0];
                    coord = v >>> (r[28:24] % 18);
                end
            endcase
        end
    endfunction

    task gen;
        input integer t;
        begin
            if (t < N_SCRIPT) begin
                // Scripted edges: all zero; all (1, 1) and (-1, 1) (R clamped); all at -2^17;
                // (2^17 - 1, -2^17); zeros and ones mixed; one oscillator alone; x = 1, y = 0.
                for (i = 0; i < 6; i = i + 1) begin
                    case (t)
                        0: begin vx[i] = 0; vy[i] = 0; end
                        1: begin vx[i] = 1; vy[i] = 1; end
                        2: begin vx[i] = -1; vy[i] = 1; end
                        3: begin vx[i] = -18'sd131072; vy[i] = -18'sd131072; end
                        4: begin vx[i] = 18'sd131071; vy[i] = -18'sd131072; end
                        5: begin vx[i] = i[0] ? 18'sd1 : 18'sd0; vy[i] = i[1] ? -18'sd1 : 18'sd0; end
                        6: begin vx[i] = (i == 3) ? 18'sd5 : 18'sd0; vy[i] = 0; end
                        default: begin vx[i] = 1; vy[i] = 0; end
                    endcase
                end
            end else begin
                seg = (t / SEG) % 5;
                if (t % SEG == 0) begin
                    // A new segment: amplitudes (rotate), common phase and spread.
                    for (i = 0; i < 6; i = i + 1) begin
                        rnd;
                        amp[i] = (rv[3:0] == 4'd0) ? 1.0 : (rv[3:0] == 4'd1) ? 131071.0
                               : 2.0 ** (rv[11:8] % 17) * (1.0 + (rv[31:20] % 1000) / 1000.0);
                        if (amp[i] > 131071.0) amp[i] = 131071.0;
                    end
                    rnd;
                    spread = (rv[1:0] == 2'd0) ? 0.05 : (rv[1:0] == 2'd1) ? 0.4
                           : (rv[1:0] == 2'd2) ? 1.2 : 3.1;
                    base = (rv[15:8] % 63) / 10.0;
                end
                for (i = 0; i < 6; i = i + 1) begin
                    rnd;
                    if (seg == 0) begin
                        phase = base + spread * i + 0.01 * t * (1.0 + 0.1 * i);
                        vx[i] = $rtoi(amp[i] * $cos(phase));
                        vy[i] = $rtoi(amp[i] * $sin(phase));
                    end else begin
                        vx[i] = coord(seg, rv);
                        rnd;
                        vy[i] = coord(seg, rv);
                    end
                end
            end
            x0 = vx[0]; y0 = vy[0]; x1 = vx[1]; y1 = vy[1]; x2 = vx[2]; y2 = vy[2];
            x3 = vx[3]; y3 = vy[3]; x4 = vx[4]; y4 = vy[4]; x5 = vx[5]; y5 = vy[5];
        end
    endtask

    // ---------------------------------------------------------------- corner cases
    integer n_mag0 = 0, n_rhi = 0, n_min = 0, n_clamp = 0, n_hs = 0, n_neg = 0;
    integer n_b2b = 0, n_spur = 0, n_rst = 0;
    reg [35:0] m2;
    reg [17:0] mg;
    task corners;
        begin
            for (i = 0; i < 6; i = i + 1) begin
                m2 = vx[i] * vx[i] + vy[i] * vy[i];
                mg = isqrt36(m2);
                if (mg == 18'd0) n_mag0 = n_mag0 + 1;
                if (mg != 18'd0 && mg <= 18'd2048) n_rhi = n_rhi + 1;
                if (vx[i] == -18'sd131072 || vy[i] == -18'sd131072) n_min = n_min + 1;
            end
            if (refm.r6 > 18'd16384) n_clamp = n_clamp + 1;
        end
    endtask

    // ---------------------------------------------------------------- the run
    integer t, n, extra, rclk, spur;
    integer e_out = 0, e_hold = 0, e_lat = 0, e_rst = 0;
    integer shown = 0;
    reg     b2b;

    initial begin
        edge_v[0] = 0;    edge_v[1] = 1;    edge_v[2] = -1;   edge_v[3] = 2;
        edge_v[4] = -2;   edge_v[5] = 2047; edge_v[6] = 2048; edge_v[7] = -18'sd131072;
        edge_v[8] = 18'sd131071; edge_v[9] = -18'sd2048;
        do_reset;
        check("reset: outputs equal, busy low", same && !busy);
        gen(0);
        start = 1'b1;
        clock;
        start = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            // In clock 1 of the tick. Count the clocks to busy low; the outputs hold.
            corners;
            n = 1;
            rnd;
            rclk = (t % RST_EVERY == RST_EVERY - 1) ? 1 + rv[8:0] % (CLOCKS - 1) : -1;
            rnd;
            spur = (rv[3:0] == 4'd0) ? 1 + rv[12:4] % (CLOCKS - 1) : -1;
            while (busy && n < 4 * CLOCKS) begin
                if (!same) e_hold = e_hold + 1;
                if (n == rclk) begin
                    // Mid-tick reset of both, then the tick again from its start.
                    rst = 1'b1;
                    clock;
                    rst = 1'b0;
                    n_rst = n_rst + 1;
                    if (busy || sc_f != 0 || ss_f != 0 || r_f != 0 || hs_f || !same)
                        e_rst = e_rst + 1;
                    start = 1'b1;
                    clock;
                    start = 1'b0;
                    n = 1;
                    rclk = -1;
                    spur = -1;
                end else begin
                    if (n == spur) begin
                        start = 1'b1;
                        n_spur = n_spur + 1;
                    end
                    clock;
                    start = 1'b0;
                    n = n + 1;
                end
            end
            if (n != CLOCKS) begin
                e_lat = e_lat + 1;
                if (shown < 10) $display("tick %0d: busy fell after %0d clocks", t, n);
                shown = shown + 1;
            end
            rnd;
            extra = rv[7:0] % 21;
            repeat (extra) begin
                if (!same) e_hold = e_hold + 1;
                clock;
            end
            if (!same) e_hold = e_hold + 1;
            // Commit (and clk_en); one tick in eight starts the next on the same edge.
            rnd;
            b2b = rv[2:0] == 3'd0 && t + 1 < TICKS;
            commit = 1'b1;
            clk_en = 1'b1;
            start  = b2b;
            clock;
            commit = 1'b0;
            clk_en = 1'b0;
            start  = 1'b0;
            if (!same) begin
                e_out = e_out + 1;
                if (shown < 10)
                    $display("tick %0d: folded sc %0d ss %0d r %0d hs %b, reference sc %0d ss %0d r %0d hs %b",
                             t, sc_f, ss_f, r_f, hs_f, sc_r, ss_r, r_r, hs_r);
                shown = shown + 1;
            end
            if (hs_r) n_hs = n_hs + 1;
            if (sc_r < 0 || ss_r < 0) n_neg = n_neg + 1;
            gen(t + 1);
            if (b2b) begin
                n_b2b = n_b2b + 1;
            end else if (t + 1 < TICKS) begin
                rnd;
                repeat (rv[1:0]) clock;
                start = 1'b1;
                clock;
                start = 1'b0;
            end
        end
        $display("ticks %0d: mag = 0 %0d, recip >= 2^17 %0d, -2^17 %0d, clamp %0d, high_synchrony %0d, negative sum %0d, back to back %0d, spurious start %0d, mid-tick reset %0d",
                 TICKS, n_mag0, n_rhi, n_min, n_clamp, n_hs, n_neg, n_b2b, n_spur, n_rst);
        check("outputs equal the reference after every commit", e_out == 0);
        check("outputs hold between commits", e_hold == 0);
        check("busy falls CLOCKS clocks after start", e_lat == 0);
        check("mid-tick reset: outputs 0, busy low", e_rst == 0);
        check("corner met: mag = 0", n_mag0 > 0);
        check("corner met: recip >= 2^17", n_rhi > 0);
        check("corner met: coordinate -2^17", n_min > 0);
        check("corner met: R clamped to 1.0", n_clamp > 0);
        check("corner met: high_synchrony", n_hs > 0);
        check("corner met: negative sum", n_neg > 0);
        check("corner met: back-to-back start", n_b2b > 0);
        check("corner met: spurious start", n_spur > 0);
        check("corner met: mid-tick reset", n_rst > 0);
        $display("tb_kuramoto_order_parameter_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
