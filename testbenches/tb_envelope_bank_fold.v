// tb_envelope_bank_fold: rtl/fpga/envelope_bank_fold.v beside four reference
// rtl/amplitude_envelope_generator.v (clk_en = commit; the folded top's SEEDs 16'h13A7, 16'h24B8,
// 16'h35C9, 16'h46DA, other parameters default), every clock (docs/fpga.md, "The folded
// envelope_bank"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_envelope_bank_fold: N passed, N failed".
//
// The module has no data inputs. One tick: a one-clock start; commit (and the references'
// clk_en) CLOCKS + 0 .. 20 clocks after the start edge; between ticks 0 .. 3 idle clocks. Half
// the ticks start in the previous tick's commit clock (start and commit on one edge, no gap).
// Compared on every clock (and after every commit edge): the four envelopes (kind R) and the
// whole state, by hierarchical name: u_env_k.acc against acc_k, the four u_env_k.noise_cnt
// against noise_cnt, u_env_k.lfsr against lfsr_k. busy must fall exactly CLOCKS - 1 edges after
// the start edge. CLOCKS is read from the module. A reset (all five modules) at a random clock in
// the middle of a tick every RST_EVERY ticks, and one in an idle gap every RST_GAP ticks;
// everything must match after it.
// The envelopes move slowly (tau = 3.5 s = 14000 ticks, noise every 64 ticks), so the run
// alternates, in segments of SEG ticks (xorshift32):
//   free      the generators run on from where they are
//   preload   at the segment's start the state is written in both (hierarchical writes, between
//             ticks): each acc within 2^19 (one noise step) of a clamp, or at a clamp
//             (|dev| = 2^23, the multiplier's widest operand), or anywhere in [ACC_MIN, ACC_MAX]
//             (the only values acc can hold); the common noise counter 60 .. 63 (a strobe
//             within four ticks); each LFSR a random non-zero state, sometimes one whose sample
//             is 0 or 8191 (the noise extremes -4096 and +4095)
// Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_ENVBANK defined the folded module flips envelope 2's mean-reversion LSB when
// its deviation is negative; testbenches/run.sh builds that variant (with TB_QUICK) and requires
// a failure:
// plant: PHIN_PLANT_ENVBANK
`default_nettype none
module tb_envelope_bank_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 20000;
`else
    localparam integer TICKS = 1500;
`endif
    localparam integer SEG       = 100;   // ticks per segment
    localparam integer RST_EVERY = 997;   // a mid-tick reset every this many ticks
    localparam integer RST_GAP   = 1499;  // a reset in an idle gap every this many ticks
    localparam signed [33:0] ACC_MIN = 34'sd8388608;    // 0.5 << 10, Q24
    localparam signed [33:0] ACC_MAX = 34'sd25165824;   // 1.5 << 10, Q24

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;

    wire signed [17:0] env_r0, env_r1, env_r2, env_r3;
    amplitude_envelope_generator #(.SEED(16'h13A7)) ref_e0 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_r0));
    amplitude_envelope_generator #(.SEED(16'h24B8)) ref_e1 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_r1));
    amplitude_envelope_generator #(.SEED(16'h35C9)) ref_e2 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_r2));
    amplitude_envelope_generator #(.SEED(16'h46DA)) ref_e3 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_r3));

    wire signed [17:0] env_f0, env_f1, env_f2, env_f3;
    wire               busy;
    envelope_bank_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .envelope_0(env_f0), .envelope_1(env_f1), .envelope_2(env_f2), .envelope_3(env_f3));
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire [71:0]  env_r  = {env_r0, env_r1, env_r2, env_r3};
    wire [71:0]  env_f  = {env_f0, env_f1, env_f2, env_f3};
    wire [127:0] acc_r  = {ref_e0.acc, ref_e1.acc, ref_e2.acc, ref_e3.acc};
    wire [127:0] acc_f  = {fold.acc_0, fold.acc_1, fold.acc_2, fold.acc_3};
    wire [23:0]  cnt_r  = {ref_e0.noise_cnt, ref_e1.noise_cnt, ref_e2.noise_cnt, ref_e3.noise_cnt};
    wire [23:0]  cnt_f  = {4{fold.noise_cnt}};
    wire [63:0]  lfsr_r = {ref_e0.lfsr, ref_e1.lfsr, ref_e2.lfsr, ref_e3.lfsr};
    wire [63:0]  lfsr_f = {fold.lfsr_0, fold.lfsr_1, fold.lfsr_2, fold.lfsr_3};
    wire same_env   = env_r == env_f;
    wire same_state = acc_r == acc_f && cnt_r == cnt_f && lfsr_r == lfsr_f;
    wire same       = same_env && same_state;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h5eed_e4e1;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // ---------------------------------------------------------------- preload
    // An accumulator in [ACC_MIN, ACC_MAX]: near or at a clamp, or anywhere.
    function signed [31:0] acc_pre;
        input [31:0] r;
        begin
            case (r[31:29])
                3'd0:    acc_pre = ACC_MIN[31:0];
                3'd1:    acc_pre = ACC_MAX[31:0];
                3'd2, 3'd3: acc_pre = ACC_MIN[31:0] + {13'd0, r[18:0]};
                3'd4, 3'd5: acc_pre = ACC_MAX[31:0] - {13'd0, r[18:0]};
                default: acc_pre = ACC_MIN[31:0] + {8'd0, r[23:0]};  // < ACC_MIN + 2^24 = ACC_MAX
            endcase
        end
    endfunction

    // A non-zero LFSR state; one in four has the sample bits [12:0] all 0 or all 1.
    function [15:0] lfsr_pre;
        input [31:0] r;
        begin
            case (r[31:30])
                2'd0:    lfsr_pre = {r[15:13] | 3'b001, 13'h0000};
                2'd1:    lfsr_pre = {r[15:13], 13'h1fff};
                default: lfsr_pre = (r[15:0] == 16'd0) ? 16'h0001 : r[15:0];
            endcase
        end
    endfunction

    reg [5:0] cnt_pre;
    task preload;
        begin
            rnd; ref_e0.acc = acc_pre(rv); fold.acc_0 = acc_pre(rv);
            rnd; ref_e1.acc = acc_pre(rv); fold.acc_1 = acc_pre(rv);
            rnd; ref_e2.acc = acc_pre(rv); fold.acc_2 = acc_pre(rv);
            rnd; ref_e3.acc = acc_pre(rv); fold.acc_3 = acc_pre(rv);
            rnd; ref_e0.u_lfsr.lfsr = lfsr_pre(rv); fold.u_lfsr_0.lfsr = lfsr_pre(rv);
            rnd; ref_e1.u_lfsr.lfsr = lfsr_pre(rv); fold.u_lfsr_1.lfsr = lfsr_pre(rv);
            rnd; ref_e2.u_lfsr.lfsr = lfsr_pre(rv); fold.u_lfsr_2.lfsr = lfsr_pre(rv);
            rnd; ref_e3.u_lfsr.lfsr = lfsr_pre(rv); fold.u_lfsr_3.lfsr = lfsr_pre(rv);
            rnd;
            cnt_pre = {4'hf, rv[1:0]};
            ref_e0.noise_cnt = cnt_pre; ref_e1.noise_cnt = cnt_pre;
            ref_e2.noise_cnt = cnt_pre; ref_e3.noise_cnt = cnt_pre;
            fold.noise_cnt = cnt_pre;
            #1;
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_gap_resets = 0, n_extra0 = 0;
    integer n_extra20 = 0, n_preloads = 0;
    integer c_clamp_lo = 0, c_clamp_hi = 0, c_strobe = 0, c_dev_max = 0, c_dev_min = 0;
    integer c_noise_lo = 0, c_noise_hi = 0, c_rev_neg = 0, c_rev_pos = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0;

    // Sampled in the commit clock, before the commit edge (the references' next-state wires).
    task count_corners;
        begin
            if (ref_e0.acc_sum < ACC_MIN || ref_e1.acc_sum < ACC_MIN
                || ref_e2.acc_sum < ACC_MIN || ref_e3.acc_sum < ACC_MIN)
                c_clamp_lo = c_clamp_lo + 1;
            if (ref_e0.acc_sum > ACC_MAX || ref_e1.acc_sum > ACC_MAX
                || ref_e2.acc_sum > ACC_MAX || ref_e3.acc_sum > ACC_MAX)
                c_clamp_hi = c_clamp_hi + 1;
            if (ref_e0.strobe) begin
                c_strobe = c_strobe + 1;
                if (ref_e0.noise == -14'sd4096 || ref_e1.noise == -14'sd4096
                    || ref_e2.noise == -14'sd4096 || ref_e3.noise == -14'sd4096)
                    c_noise_lo = c_noise_lo + 1;
                if (ref_e0.noise == 14'sd4095 || ref_e1.noise == 14'sd4095
                    || ref_e2.noise == 14'sd4095 || ref_e3.noise == 14'sd4095)
                    c_noise_hi = c_noise_hi + 1;
            end
            if (ref_e0.dev == 33'sd8388608 || ref_e1.dev == 33'sd8388608
                || ref_e2.dev == 33'sd8388608 || ref_e3.dev == 33'sd8388608)
                c_dev_max = c_dev_max + 1;
            if (ref_e0.dev == -33'sd8388608 || ref_e1.dev == -33'sd8388608
                || ref_e2.dev == -33'sd8388608 || ref_e3.dev == -33'sd8388608)
                c_dev_min = c_dev_min + 1;
            if (ref_e2.revert < 0) c_rev_neg = c_rev_neg + 1;
            if (ref_e2.revert > 0) c_rev_pos = c_rev_pos + 1;
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at, gap;
    reg     share;    // this tick's start shares the previous tick's commit clock
    reg     pre_due;  // a preload is due

    initial begin
        CLOCKS = fold.CLOCKS;
        do_reset;
        check("reset: outputs and state equal", same);
        share = 1'b0;
        pre_due = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            n_ticks = n_ticks + 1;
            // Preload segments (even ones): the preload comes at the segment's first tick that
            // does not start in a commit clock (between ticks, no tick running).
            if (t % SEG == 0 && (t / SEG) % 2 == 0) pre_due = 1'b1;
            if (pre_due && !share) begin
                pre_due = 1'b0;
                preload;
                n_preloads = n_preloads + 1;
                if (!same) e_hold = e_hold + 1;
            end
            if (!share) begin
                start = 1'b1;
                clock;
                start = 1'b0;
                if (!same) e_hold = e_hold + 1;
            end
            rnd;
            extra = rv[15:0] % 21;
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
                if (!same) begin
                    e_commit = e_commit + 1;
                    if (e_commit <= 5)
                        $display("FAIL tick %0d: ref acc %h %h %h %h / fold acc %h %h %h %h",
                                 t, ref_e0.acc, ref_e1.acc, ref_e2.acc, ref_e3.acc,
                                 fold.acc_0, fold.acc_1, fold.acc_2, fold.acc_3);
                end
                if (!share) begin
                    // 0 .. 3 idle clocks; a reset in one of them every RST_GAP ticks.
                    rnd;
                    for (gap = 0; gap < rv[1:0]; gap = gap + 1) begin
                        if (gap == 0 && t % RST_GAP == RST_GAP - 1) begin
                            rst = 1'b1;
                            n_gap_resets = n_gap_resets + 1;
                        end
                        clock;
                        rst = 1'b0;
                        if (!same) e_hold = e_hold + 1;
                    end
                end
            end
        end
        check("every commit: envelopes and state equal", e_commit == 0);
        check("every clock: envelopes and state equal", e_hold == 0);
        check("after each mid-tick reset: all equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
        check("start in the commit clock", n_shared > 0);
`ifndef TB_QUICK
        // The planted-fault run is too short for every corner; there only a mismatch may fail.
        check("corner: clamp at ENV_MIN", c_clamp_lo > 0);
        check("corner: clamp at ENV_MAX", c_clamp_hi > 0);
        check("corner: noise strobes", c_strobe > 0);
        check("corner: noise -4096 and +4095", c_noise_lo > 0 && c_noise_hi > 0);
        check("corner: dev = +2^23 and -2^23", c_dev_max > 0 && c_dev_min > 0);
        check("corner: revert of both signs", c_rev_neg > 0 && c_rev_pos > 0);
        check("mid-tick and idle resets", n_resets > 0 && n_gap_resets > 0);
`endif
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; preloads %0d; mid-tick resets %0d, idle resets %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_preloads, n_resets,
                 n_gap_resets);
        $display("corners (ticks): clamp low %0d, clamp high %0d, strobes %0d, noise -4096 %0d, +4095 %0d, dev +2^23 %0d, -2^23 %0d, envelope 2 revert < 0 %0d, > 0 %0d",
                 c_clamp_lo, c_clamp_hi, c_strobe, c_noise_lo, c_noise_hi, c_dev_max, c_dev_min,
                 c_rev_neg, c_rev_pos);
        $display("mismatches: at commit %0d, every clock %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_busy, e_reset);
        $display("tb_envelope_bank_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
