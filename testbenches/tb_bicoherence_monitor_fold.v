// tb_bicoherence_monitor_fold: self-checking testbench for rtl/fpga/bicoherence_monitor_fold.v
// (docs/fpga.md, "The folded bicoherence_monitor"): the folded monitor beside the reference
// rtl/bicoherence_monitor.v on the same inputs, tick for tick. Every tick: new inputs, a start
// pulse, commit after the folded module's CLOCKS plus a random 0 .. 20 clocks, the reference's
// clk_en on the same clock. Checked every tick:
//   - after the commit edge, all 12 outputs of the two modules equal (one check each);
//   - in the commit clock (busy low), the folded module's internals against the reference's nets of the same
//     meaning: the 10 unit-vector halves (ct, st, ... sg), the 6 accumulator next values (ar0 ..
//     ai2) and the 3 magnitudes (b0 .. b2);
//   - busy high for exactly CLOCKS - 1 clocks after the start edge (so commit at CLOCKS is the
//     first clock that may take the results), and every output held between commits (every
//     clock of the tick compared with the reference, whose clk_en is low: one check a tick).
// Input segments (TICKS ticks, SEG ticks a segment, in turn):
//   osc      the five bands rotating at theta, alpha, beta1, beta2, gamma-like rates with
//            amplitudes from 0.1 to 8.0 (Q14), beta1, beta2, gamma phase-locked to the sums of
//            the bands below them (the phi-spaced triads), so the accumulators grow
//   random   full-range 18-bit x, y
//   small    x, y in [-4, 4]: zero vectors (mag = 0, the guarded recip = 0) and mag <= 16 (recip
//            >= 2^24: the high half of the split unit() product nonzero)
//   edges    each coordinate one of 0, +-1, +-2, 8192, 16384, 131071, -131072, -131071
//   preload  the six accumulators of both modules set (hierarchical write, between commits) to
//            random 30-bit values, full range or near |mean| = 1.0, before the tick: the
//            magnitude saturation (isqrt > 1.0), high_bicoherence, extreme means
// Every other segment starts from accumulators preloaded below |mean| = 1.0 (unsaturated).
// A reset comes once in the middle of a tick (busy high) in both modules; the tick after it
// runs normally. Corner cases are counted and printed, and each required one must be hit.
// Both simulators run the same ticks (xorshift32 from a fixed seed) and report the same count.
// With PHIN_PLANT_BICOHERENCE defined the folded module flips one LSB of gamma's sine when
// y_gamma < 0; testbenches/run.sh builds that variant (with TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_BICOHERENCE
// run.sh: -O1
`default_nettype none
/* verilator lint_off WIDTH */
module tb_bicoherence_monitor_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 60;
`else
    localparam integer TICKS = 600;
`endif
    localparam integer SEG    = 6;      // ticks a segment
    localparam integer NSEG   = 5;
    localparam integer RST_AT = 37;     // the tick with a mid-tick reset

    reg clk = 1'b0;
    reg rst = 1'b1;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] x_theta = 0, y_theta = 0, x_alpha = 0, y_alpha = 0, x_beta1 = 0,
                      y_beta1 = 0, x_beta2 = 0, y_beta2 = 0, x_gamma = 0, y_gamma = 0;

    wire signed [29:0] r_re0, r_im0, r_re1, r_im1, r_re2, r_im2;
    wire signed [29:0] f_re0, f_im0, f_re1, f_im1, f_re2, f_im2;
    wire signed [17:0] r_b0, r_b1, r_b2, r_bmax, r_sync, f_b0, f_b1, f_b2, f_bmax, f_sync;
    wire               r_high, f_high, busy;

    bicoherence_monitor ref_m (
        .clk(clk), .rst(rst), .clk_en(commit),
        .x_theta(x_theta), .y_theta(y_theta), .x_alpha(x_alpha), .y_alpha(y_alpha),
        .x_beta1(x_beta1), .y_beta1(y_beta1), .x_beta2(x_beta2), .y_beta2(y_beta2),
        .x_gamma(x_gamma), .y_gamma(y_gamma),
        .acc_re0(r_re0), .acc_im0(r_im0), .acc_re1(r_re1), .acc_im1(r_im1),
        .acc_re2(r_re2), .acc_im2(r_im2),
        .bicoherence0(r_b0), .bicoherence1(r_b1), .bicoherence2(r_b2),
        .bicoherence_max(r_bmax), .triad_sync(r_sync), .high_bicoherence(r_high));

    bicoherence_monitor_fold dut (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .x_theta(x_theta), .y_theta(y_theta), .x_alpha(x_alpha), .y_alpha(y_alpha),
        .x_beta1(x_beta1), .y_beta1(y_beta1), .x_beta2(x_beta2), .y_beta2(y_beta2),
        .x_gamma(x_gamma), .y_gamma(y_gamma),
        .acc_re0(f_re0), .acc_im0(f_im0), .acc_re1(f_re1), .acc_im1(f_im1),
        .acc_re2(f_re2), .acc_im2(f_im2),
        .bicoherence0(f_b0), .bicoherence1(f_b1), .bicoherence2(f_b2),
        .bicoherence_max(f_bmax), .triad_sync(f_sync), .high_bicoherence(f_high));

    always #5 clk = ~clk;

    integer pass = 0, fail = 0;
    integer seed = 32'h1234_5678;
    integer tick, c, k, extra, seg, busy_clocks, held_ok;
    integer n_mag0 = 0, n_recip_hi = 0, n_sat = 0, n_high = 0, n_osc = 0, n_rst = 0;
    integer n_full = 0;
    reg [31:0] rv;    // the last draw; rnd is called only as a whole statement (side effect)
    real ph [0:4];
    real amp;

    // xorshift32: the same sequence in both simulators.
    function [31:0] xs;
        input [31:0] v;
        reg   [31:0] s;
        begin
            s  = v ^ (v << 13);
            s  = s ^ (s >> 17);
            xs = s ^ (s << 5);
        end
    endfunction

    function [31:0] rnd;
        input dummy;
        begin
            seed = xs(seed);
            rnd  = seed;
        end
    endfunction

    function signed [17:0] edge_v;
        input [2:0] i;
        begin
            case (i)
                3'd0: edge_v = 18'sd0;
                3'd1: edge_v = 18'sd1;
                3'd2: edge_v = -18'sd1;
                3'd3: edge_v = 18'sd2;
                3'd4: edge_v = 18'sd8192;
                3'd5: edge_v = 18'sd16384;
                3'd6: edge_v = 18'sd131071;
                default: edge_v = -18'sd131072;
            endcase
        end
    endfunction

    task check;
        input [255:0] name;
        input [63:0]  got;
        input [63:0]  exp;
        begin
            if (got === exp) pass = pass + 1;
            else begin
                fail = fail + 1;
                if (fail < 20)
                    $display("FAIL tick %0d %0s: folded %0d reference %0d", tick, name, got, exp);
            end
        end
    endtask

    // Outputs of both modules equal (one check each).
    task check_outputs;
        begin
            check("acc_re0", f_re0, r_re0);
            check("acc_im0", f_im0, r_im0);
            check("acc_re1", f_re1, r_re1);
            check("acc_im1", f_im1, r_im1);
            check("acc_re2", f_re2, r_re2);
            check("acc_im2", f_im2, r_im2);
            check("bicoherence0", f_b0, r_b0);
            check("bicoherence1", f_b1, r_b1);
            check("bicoherence2", f_b2, r_b2);
            check("bicoherence_max", f_bmax, r_bmax);
            check("triad_sync", f_sync, r_sync);
            check("high_bicoherence", f_high, r_high);
        end
    endtask

    function outputs_equal;
        input dummy;
        begin
            outputs_equal = f_re0 === r_re0 && f_im0 === r_im0 && f_re1 === r_re1 &&
                            f_im1 === r_im1 && f_re2 === r_re2 && f_im2 === r_im2 &&
                            f_b0 === r_b0 && f_b1 === r_b1 && f_b2 === r_b2 &&
                            f_bmax === r_bmax && f_sync === r_sync && f_high === r_high;
        end
    endfunction

    // Internals when the folded module is ready, against the reference's nets.
    task check_internals;
        begin
            check("ct", dut.uc[0], ref_m.ct);  check("st", dut.us[0], ref_m.st);
            check("ca", dut.uc[1], ref_m.ca);  check("sa", dut.us[1], ref_m.sa);
            check("c1", dut.uc[2], ref_m.c1);  check("s1", dut.us[2], ref_m.s1);
            check("c2", dut.uc[3], ref_m.c2);  check("s2", dut.us[3], ref_m.s2);
            check("cg", dut.uc[4], ref_m.cg);  check("sg", dut.us[4], ref_m.sg);
            check("ar0", dut.ar_n[0], ref_m.ar0);  check("ai0", dut.ai_n[0], ref_m.ai0);
            check("ar1", dut.ar_n[1], ref_m.ar1);  check("ai1", dut.ai_n[1], ref_m.ai1);
            check("ar2", dut.ar_n[2], ref_m.ar2);  check("ai2", dut.ai_n[2], ref_m.ai2);
            check("b0", dut.bic_n[0], ref_m.b0);
            check("b1", dut.bic_n[1], ref_m.b1);
            check("b2", dut.bic_n[2], ref_m.b2);
        end
    endtask

    // Corner cases of this tick's inputs, counted before the tick.
    task count_corners;
        reg signed [17:0] xv, yv;
        reg [35:0] m2;
        begin
            for (k = 0; k < 5; k = k + 1) begin
                case (k)
                    0: begin xv = x_theta; yv = y_theta; end
                    1: begin xv = x_alpha; yv = y_alpha; end
                    2: begin xv = x_beta1; yv = y_beta1; end
                    3: begin xv = x_beta2; yv = y_beta2; end
                    default: begin xv = x_gamma; yv = y_gamma; end
                endcase
                m2 = xv * xv + yv * yv;
                if (m2 == 36'd0) n_mag0 = n_mag0 + 1;
                else if (m2 < 36'd289) n_recip_hi = n_recip_hi + 1;   // mag <= 16
                if (xv == -18'sd131072 && yv == -18'sd131072) n_full = n_full + 1;
            end
        end
    endtask

    task osc_inputs;
        reg signed [17:0] v [0:9];
        begin
            // theta, alpha advance; beta1 = theta + alpha, beta2 = alpha + beta1, gamma =
            // beta1 + beta2 (the phi-spaced triads), plus a small offset.
            ph[0] = ph[0] + 0.0094;        // 6 Hz at 4 kHz: 2 pi 6 / 4000
            ph[1] = ph[1] + 0.0152;
            ph[2] = ph[0] + ph[1] + 0.3;
            ph[3] = ph[1] + ph[2] + 0.1;
            ph[4] = ph[2] + ph[3] - 0.2;
            for (k = 0; k < 5; k = k + 1) begin
                case ((tick / SEG / NSEG + k) % 4)
                    0: amp = 8192.0;
                    1: amp = 1638.0;
                    2: amp = 20000.0;
                    default: amp = 131000.0;
                endcase
                rv = rnd(0);
                v[2 * k]     = $rtoi(amp * $cos(ph[k])) + $signed(rv % 5) - 2;
                rv = rnd(0);
                v[2 * k + 1] = $rtoi(amp * $sin(ph[k])) + $signed(rv % 5) - 2;
            end
            x_theta = v[0]; y_theta = v[1]; x_alpha = v[2]; y_alpha = v[3];
            x_beta1 = v[4]; y_beta1 = v[5]; x_beta2 = v[6]; y_beta2 = v[7];
            x_gamma = v[8]; y_gamma = v[9];
        end
    endtask

    task rand_inputs;
        input [1:0] kind;   // 0 full range, 1 small, 2 edges
        reg signed [17:0] v [0:9];
        begin
            for (k = 0; k < 10; k = k + 1) begin
                rv = rnd(0);
                case (kind)
                    2'd0: v[k] = rv;
                    2'd1: v[k] = $signed(rv % 9) - 4;
                    default: begin
                        v[k] = edge_v(rv[2:0]);
                        if (rv[9:8] == 2'd0) v[k] = -v[k];
                    end
                endcase
            end
            x_theta = v[0]; y_theta = v[1]; x_alpha = v[2]; y_alpha = v[3];
            x_beta1 = v[4]; y_beta1 = v[5]; x_beta2 = v[6]; y_beta2 = v[7];
            x_gamma = v[8]; y_gamma = v[9];
        end
    endtask

    // A random accumulator: full range, or a mean near +-1.0 (|acc| ~ 2^27), or 0.
    function signed [29:0] rand_acc;
        input dummy;
        reg [31:0] r;
        begin
            r  = rnd(0);
            rv = rnd(0);
            case (r[1:0])
                2'd0: rand_acc = rv;
                2'd1: rand_acc = 30'sd134217728 + $signed({1'b0, rv % 32'd4000000}) - 30'sd2000000;
                2'd2: rand_acc = -30'sd134217728 + $signed({1'b0, rv % 32'd4000000}) - 30'sd2000000;
                default: rand_acc = (r[2]) ? -30'sd536870912 : 30'sd0;
            endcase
        end
    endfunction

    // lowmag = 0: rand_acc; lowmag = 1: |acc| < 2^25 (|mean| < 2^12 a half, the magnitude below
    // 1.0 and unsaturated), to leave a preload segment's saturated accumulators behind.
    task preload;
        input lowmag;
        reg signed [29:0] a [0:5];
        begin
            for (k = 0; k < 6; k = k + 1) begin
                if (lowmag) begin
                    rv   = rnd(0);
                    a[k] = $signed({1'b0, rv % 32'd67108864}) - 30'sd33554432;
                end else begin
                    a[k] = rand_acc(0);
                end
            end
            ref_m.acc_re0 = a[0]; dut.acc_re0 = a[0];
            ref_m.acc_im0 = a[1]; dut.acc_im0 = a[1];
            ref_m.acc_re1 = a[2]; dut.acc_re1 = a[2];
            ref_m.acc_im1 = a[3]; dut.acc_im1 = a[3];
            ref_m.acc_re2 = a[4]; dut.acc_re2 = a[4];
            ref_m.acc_im2 = a[5]; dut.acc_im2 = a[5];
        end
    endtask

    initial begin
        for (k = 0; k < 5; k = k + 1) ph[k] = 0.0;
        repeat (3) @(posedge clk);
        #1 rst = 1'b0;
        @(posedge clk);
        for (tick = 0; tick < TICKS; tick = tick + 1) begin
            // Inputs, set between edges (after the previous commit edge).
            #1;
            seg = (tick / SEG) % NSEG;
            if (seg != NSEG - 1 && tick % SEG == 0) preload(1'b1);
            case (seg)
                0: begin osc_inputs; n_osc = n_osc + 1; end
                1: rand_inputs(2'd0);
                2: rand_inputs(2'd1);
                3: rand_inputs(2'd2);
                default: begin
                    preload(1'b0);
                    rv = rnd(0);
                    if (rv[0]) osc_inputs; else rand_inputs(2'd0);
                end
            endcase
            count_corners;
            start = 1'b1;
            @(posedge clk);
            #1 start = 1'b0;
            busy_clocks = 0;
            held_ok = 1;
            rv    = rnd(0);
            extra = rv % 21;
            // Clocks S+1 .. S+CLOCKS-1: busy, outputs held; the reset tick stops half-way.
            for (c = 1; c < dut.CLOCKS + extra; c = c + 1) begin
                if (!outputs_equal(0)) held_ok = 0;
                if (busy) busy_clocks = busy_clocks + 1;
                if (tick == RST_AT && c == 200) begin
                    rst = 1'b1;
                    @(posedge clk);
                    #1 rst = 1'b0;
                    n_rst = n_rst + 1;
                    check("busy after reset", busy, 1'b0);
                    check_outputs;
                    c = dut.CLOCKS + extra;
                end else begin
                    @(posedge clk);
                    #1;
                end
            end
            if (tick != RST_AT) begin
                check("outputs held in the tick", held_ok, 1);
                check("busy clocks", busy_clocks, dut.CLOCKS - 1);
                check("busy low at commit", busy, 1'b0);
                check_internals;
                // Commit clock: the reference's clk_en.
                commit = 1'b1;
                @(posedge clk);
                #1 commit = 1'b0;
                check_outputs;
                if (r_b0 == 18'sd16384 || r_b1 == 18'sd16384 || r_b2 == 18'sd16384)
                    n_sat = n_sat + 1;
                if (r_high) n_high = n_high + 1;
            end
        end
        $display("ticks %0d (osc %0d), mid-tick resets %0d; bands with mag = 0: %0d, with mag <= 16: %0d, at (-2^17, -2^17): %0d; ticks with a saturated bic: %0d, with high_bicoherence: %0d",
                 TICKS, n_osc, n_rst, n_mag0, n_recip_hi, n_full, n_sat, n_high);
        check("corner mag = 0 hit", n_mag0 > 0, 1);
        check("corner mag <= 16 hit", n_recip_hi > 0, 1);
        check("corner saturation hit", n_sat > 0, 1);
        check("corner high_bicoherence hit", n_high > 0, 1);
        check("corner reset hit", n_rst, 1);
        $display("tb_bicoherence_monitor_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
