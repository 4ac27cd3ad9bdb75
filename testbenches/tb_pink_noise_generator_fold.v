// tb_pink_noise_generator_fold: rtl/fpga/pink_noise_generator_fold.v beside the reference
// rtl/pink_noise_generator.v (clk_en = commit), every clock (docs/fpga.md, "The folded
// pink_noise_generator"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_pink_noise_generator_fold: N passed, N failed".
//
// One tick: a one-clock start; commit (and the reference's clk_en) CLOCKS + 0 .. 5 clocks
// after the start edge; between ticks 0 .. 3 idle clocks, or none (half the ticks start in the
// previous tick's commit clock). Compared on every clock: pink_out (kind R), and the whole state
// by hierarchical name (counter, row0..row11, u_lfsr.lfsr, and the folded running sum against
// the reference's sum wire). busy must fall exactly CLOCKS - 1 edges after the start edge. A
// reset (both modules) at a random clock of a tick (the start edge included) every RST_EVERY
// ticks; everything must match after it.
// The run is more than twice the counter's period (4096 ticks, row 11 updated once in it), so
// every row is updated from every counter value. In every fourth segment of SEG ticks the rows
// are preloaded (hierarchical writes in both, between ticks; the folded running sum set to
// the reference's sum of the new rows) with the 10-bit extremes: all
// -512 (the sum's minimum, -27136 >>> 2 = -6784), all +511 (53 * 511 = 27083 >>> 2 = +6770),
// or a random mix of -512, +511, -1, 0, 1. The extremes reached are printed and must be hit.
// With PHIN_PLANT_PINK defined the folded module flips the LSB of the weighted difference
// when the changing row has weight 1 (rows 0..2); testbenches/run.sh builds that variant (with
// TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_PINK
`default_nettype none
module tb_pink_noise_generator_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 40000;
`else
    localparam integer TICKS = 10000;
`endif
    localparam integer SEG       = 50;    // ticks per segment
    localparam integer RST_EVERY = 4999;  // a reset in a tick every this many ticks

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;

    wire signed [17:0] pink_r;
    pink_noise_generator ref_pink (.clk(clk), .rst(rst), .clk_en(clk_en), .pink_out(pink_r));

    wire signed [17:0] pink_f;
    wire               busy;
    pink_noise_generator_fold fold (.clk(clk), .rst(rst), .start(start), .commit(commit),
                                    .busy(busy), .pink_out(pink_f));
    integer CLOCKS;

    wire [119:0] rows_r = {ref_pink.row0, ref_pink.row1, ref_pink.row2, ref_pink.row3,
                           ref_pink.row4, ref_pink.row5, ref_pink.row6, ref_pink.row7,
                           ref_pink.row8, ref_pink.row9, ref_pink.row10, ref_pink.row11};
    wire [119:0] rows_f = {fold.row0, fold.row1, fold.row2, fold.row3, fold.row4, fold.row5,
                           fold.row6, fold.row7, fold.row8, fold.row9, fold.row10, fold.row11};
    wire same = pink_r == pink_f && rows_r == rows_f && ref_pink.counter == fold.counter
             && ref_pink.lfsr == fold.lfsr && ref_pink.sum == {{6{fold.sum[15]}}, fold.sum};

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h0f1e_2d3c;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // A 10-bit row value for the preload: kind 0 all -512, 1 all +511, else a mix.
    function [9:0] row_pre;
        input [1:0]  kind;
        input [31:0] r;
        begin
            case (kind)
                2'd0: row_pre = 10'h200;
                2'd1: row_pre = 10'h1ff;
                default: case (r[2:0])
                    3'd0, 3'd1: row_pre = 10'h200;
                    3'd2, 3'd3: row_pre = 10'h1ff;
                    3'd4:       row_pre = 10'h3ff;
                    3'd5:       row_pre = 10'h000;
                    default:    row_pre = 10'h001;
                endcase
            endcase
        end
    endfunction

    reg [1:0] pk;
    task preload;
        begin
            rnd; pk = rv[1:0];
            rnd; ref_pink.row0 = row_pre(pk, rv);  fold.row0 = row_pre(pk, rv);
            rnd; ref_pink.row1 = row_pre(pk, rv);  fold.row1 = row_pre(pk, rv);
            rnd; ref_pink.row2 = row_pre(pk, rv);  fold.row2 = row_pre(pk, rv);
            rnd; ref_pink.row3 = row_pre(pk, rv);  fold.row3 = row_pre(pk, rv);
            rnd; ref_pink.row4 = row_pre(pk, rv);  fold.row4 = row_pre(pk, rv);
            rnd; ref_pink.row5 = row_pre(pk, rv);  fold.row5 = row_pre(pk, rv);
            rnd; ref_pink.row6 = row_pre(pk, rv);  fold.row6 = row_pre(pk, rv);
            rnd; ref_pink.row7 = row_pre(pk, rv);  fold.row7 = row_pre(pk, rv);
            rnd; ref_pink.row8 = row_pre(pk, rv);  fold.row8 = row_pre(pk, rv);
            rnd; ref_pink.row9 = row_pre(pk, rv);  fold.row9 = row_pre(pk, rv);
            rnd; ref_pink.row10 = row_pre(pk, rv); fold.row10 = row_pre(pk, rv);
            rnd; ref_pink.row11 = row_pre(pk, rv); fold.row11 = row_pre(pk, rv);
            #1;
            // The folded module's running sum of the weighted rows: the reference's sum.
            fold.sum = ref_pink.sum[15:0];
            #1;
        end
    endtask

    // ---------------------------------------------------------------- counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_preloads = 0;
    integer n_row11 = 0, n_wrap = 0;
    integer c_min = 0, c_max = 0;
    integer e_clock = 0, e_reset = 0, e_busy = 0;
    integer t, i, extra, rst_at, gap;
    reg     share;    // this tick's start shares the previous tick's commit clock
    reg     pre_due;  // a preload is due

    task cmp;
        begin
            if (!same) begin
                e_clock = e_clock + 1;
                if (e_clock <= 5)
                    $display("FAIL tick %0d: ref pink %0d counter %0d / fold pink %0d counter %0d",
                             t, pink_r, ref_pink.counter, pink_f, fold.counter);
            end
            if (pink_r == -18'sd6784) c_min = c_min + 1;
            if (pink_r == 18'sd6770) c_max = c_max + 1;
        end
    endtask

    initial begin
        CLOCKS = fold.CLOCKS;
        do_reset;
        check("reset: output and state equal", same);
        share = 1'b0;
        pre_due = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            n_ticks = n_ticks + 1;
            if (t % SEG == 0 && (t / SEG) % 4 == 1) pre_due = 1'b1;
            if (pre_due && !share) begin
                pre_due = 1'b0;
                preload;
                n_preloads = n_preloads + 1;
                cmp;
            end
            rnd;
            extra = CLOCKS + rv[15:0] % 6;
            rst_at = (t % RST_EVERY == RST_EVERY - 1) ? rv[23:16] % (extra + 1) : -1;
            if (ref_pink.counter == 12'd2047) n_row11 = n_row11 + 1;
            if (ref_pink.counter == 12'd4095) n_wrap = n_wrap + 1;
            // Edges 0 .. extra after the start edge (edge 0 the start edge unless shared,
            // edge extra the commit edge); a reset replaces the edge rst_at.
            for (i = (share ? 1 : 0); i <= extra; i = i + 1) begin
                start  = (i == 0);
                commit = (i == extra) && (i != rst_at) && (rst_at < 0);
                clk_en = commit;
                rst    = (i == rst_at);
                if (rst) n_resets = n_resets + 1;
                share = 1'b0;
                if (commit) begin
                    rnd;
                    share = rv[0];
                    if (share) begin
                        start = 1'b1;
                        n_shared = n_shared + 1;
                    end
                end
                clock;
                start  = 1'b0;
                commit = 1'b0;
                clk_en = 1'b0;
                cmp;
                if (rst_at < 0) begin
                    if (i == CLOCKS - 2 && !busy) e_busy = e_busy + 1;
                    if (i == CLOCKS - 1 && busy) e_busy = e_busy + 1;
                end
                if (rst) begin
                    rst = 1'b0;
                    if (!same) e_reset = e_reset + 1;
                    i = extra + 1;  // abandon this tick
                    share = 1'b0;
                end
            end
            if (!share) begin
                rnd;
                for (gap = 0; gap < rv[1:0]; gap = gap + 1) begin
                    clock;
                    cmp;
                end
            end
        end
        check("every clock: pink_out and state equal", e_clock == 0);
        check("after each reset: all equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
        check("start in the commit clock", n_shared > 0);
`ifndef TB_QUICK
        check("corner: pink_out -6784 and +6770", c_min > 0 && c_max > 0);
        check("corner: row 11 updated, counter wrapped", n_row11 > 0 && n_wrap > 0);
        check("resets", n_resets > 0);
`endif
        $display("ticks %0d (CLOCKS %0d; start on commit edge %0d; preloads %0d; resets %0d; row 11 updates %0d, counter wraps %0d)",
                 n_ticks, CLOCKS, n_shared, n_preloads, n_resets, n_row11, n_wrap);
        $display("corners (clocks): pink_out -6784 %0d, +6770 %0d; mismatches: every clock %0d, after reset %0d, busy timing %0d",
                 c_min, c_max, e_clock, e_reset, e_busy);
        $display("tb_pink_noise_generator_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
