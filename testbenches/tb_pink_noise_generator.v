// tb_pink_noise_generator: self-checking testbench for rtl/pink_noise_generator.v
// (contract: docs/spec/pink_noise_generator.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_pink_noise_generator: N passed, N failed".
//
// A reference Voss-McCartney in this file (its own LFSR advanced 16 single shifts per tick, its
// own counter and rows, the section 9.2 weights written out) is compared with the DUT's rows
// and output on every tick for 70,000 ticks (more than 17 periods of the slowest row); row n
// must change only on ticks that are odd multiples of 2^n, at most one row per tick, and the
// output must stay within 53 * 512 / 4 (10-bit signed rows). The PSD slope (alpha ~ 1.70) is checked on 10^6
// samples by the Rust model test, which this lockstep-equal RTL shares.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_pink_noise_generator;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    wire signed [17:0] pink_out;

    pink_noise_generator dut (.clk(clk), .rst(rst), .clk_en(clk_en), .pink_out(pink_out));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer t, k, n, sum, wsum, out_errs, row_errs, sched_errs, multi, lo, hi;
    integer w [0:11];
    reg signed [9:0] ref_row [0:11];
    reg signed [9:0] dut_row [0:11];
    reg signed [9:0] old_row [0:11];
    reg [15:0] ref_lfsr;
    reg [11:0] ref_cnt;
    integer changed;

    function [15:0] lfsr_next16;
        input [15:0] s;
        integer i;
        begin
            lfsr_next16 = s;
            for (i = 0; i < 16; i = i + 1)
                lfsr_next16 = {lfsr_next16[14:0],
                               lfsr_next16[15] ^ lfsr_next16[13] ^ lfsr_next16[12] ^ lfsr_next16[10]};
        end
    endfunction

    task read_rows;
        begin
            dut_row[0] = dut.row0;   dut_row[1] = dut.row1;   dut_row[2] = dut.row2;
            dut_row[3] = dut.row3;   dut_row[4] = dut.row4;   dut_row[5] = dut.row5;
            dut_row[6] = dut.row6;   dut_row[7] = dut.row7;   dut_row[8] = dut.row8;
            dut_row[9] = dut.row9;   dut_row[10] = dut.row10; dut_row[11] = dut.row11;
        end
    endtask

    `include "tb_common.vh"

    initial begin
        w[0] = 1; w[1] = 1; w[2] = 1; w[3] = 2; w[4] = 2; w[5] = 3;
        w[6] = 4; w[7] = 5; w[8] = 6; w[9] = 7; w[10] = 9; w[11] = 12;
        wsum = 0;
        for (k = 0; k < 12; k = k + 1) begin
            wsum = wsum + w[k];
            ref_row[k] = 10'sd0;
            old_row[k] = 10'sd0;
        end
        ref_lfsr = 16'hC0DE;
        ref_cnt = 12'd0;

        rst = 1'b1;
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("weights_sum_to_53", wsum == 53);
        check("reset_state", pink_out == 0 && dut.counter == 0 && dut.u_lfsr.lfsr == 16'hC0DE);

        out_errs = 0; row_errs = 0; sched_errs = 0; multi = 0; lo = 0; hi = 0;
        for (t = 1; t <= 70000; t = t + 1) begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
            // Reference edge: the row of the trailing zeros of the new count takes lfsr[9:0].
            ref_cnt = ref_cnt + 12'd1;
            n = -1;
            for (k = 11; k >= 0; k = k - 1)
                if (ref_cnt[k]) n = k;
            if (n >= 0) ref_row[n] = ref_lfsr[9:0];
            ref_lfsr = lfsr_next16(ref_lfsr);
            read_rows;
            sum = 0;
            changed = 0;
            for (k = 0; k < 12; k = k + 1) begin
                if (dut_row[k] !== ref_row[k]) row_errs = row_errs + 1;
                if (dut_row[k] != old_row[k]) begin
                    changed = changed + 1;
                    // Row k may change only on ticks t = 2^k * odd.
                    if ((t % (2 << k)) != (1 << k)) sched_errs = sched_errs + 1;
                end
                old_row[k] = dut_row[k];
                sum = sum + w[k] * dut_row[k];
            end
            if (changed > 1) multi = multi + 1;
            if (pink_out != (sum >>> 2)) out_errs = out_errs + 1;
            if (pink_out < lo) lo = pink_out;
            if (pink_out > hi) hi = pink_out;
        end
        check("rows_match_reference_every_tick", row_errs == 0);
        check("row_n_updates_every_2_pow_n_plus_1", sched_errs == 0);
        check("at_most_one_row_per_tick", multi == 0);
        check("output_is_weighted_sum_shr_2", out_errs == 0);
        check("output_bounded", lo >= -6784 && hi < 6784);
        check("output_uses_its_range", lo < -2000 && hi > 2000);
        check("lfsr_matches_reference", dut.u_lfsr.lfsr == ref_lfsr);

        $display("tb_pink_noise_generator: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #5000000;
        $display("FAIL watchdog");
        $display("tb_pink_noise_generator: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
