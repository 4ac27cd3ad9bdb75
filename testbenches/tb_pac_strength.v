// tb_pac_strength: self-checking testbench for rtl/pac_strength.v (contract:
// docs/spec/pac_strength.md). Checks PAC = chi x fast amplitude for every pair, the clamps of
// negative inputs, saturation, pac_total, the dominant pair and clk_en / reset behaviour.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_pac_strength;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] chi_0 = 0, chi_1 = 0, chi_2 = 0, chi_3 = 0, chi_4 = 0;
    reg signed [17:0] chi_5 = 0, chi_6 = 0, chi_7 = 0, chi_8 = 0, chi_9 = 0;
    reg signed [17:0] amp_1 = 0, amp_2 = 0, amp_3 = 0, amp_4 = 0;
    wire signed [17:0] pac_0, pac_1, pac_2, pac_3, pac_4, pac_5, pac_6, pac_7, pac_8, pac_9;
    wire [20:0] pac_total;
    wire [3:0] dominant;

    pac_strength dut (.clk(clk), .rst(rst), .clk_en(clk_en),
        .chi_0(chi_0), .chi_1(chi_1), .chi_2(chi_2), .chi_3(chi_3), .chi_4(chi_4),
        .chi_5(chi_5), .chi_6(chi_6), .chi_7(chi_7), .chi_8(chi_8), .chi_9(chi_9),
        .amp_1(amp_1), .amp_2(amp_2), .amp_3(amp_3), .amp_4(amp_4),
        .pac_0(pac_0), .pac_1(pac_1), .pac_2(pac_2), .pac_3(pac_3), .pac_4(pac_4),
        .pac_5(pac_5), .pac_6(pac_6), .pac_7(pac_7), .pac_8(pac_8), .pac_9(pac_9),
        .pac_total(pac_total), .dominant(dominant));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, held;

    `include "tb_common.vh"

    task all_chi;
        input integer v;
        begin
            chi_0 = v; chi_1 = v; chi_2 = v; chi_3 = v; chi_4 = v;
            chi_5 = v; chi_6 = v; chi_7 = v; chi_8 = v; chi_9 = v;
        end
    endtask

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_state", pac_0 == 0 && pac_9 == 0 && pac_total == 0 && dominant == 0);
        // chi = 1.0 everywhere: each pair carries its fast band's amplitude.
        all_chi(16384);
        amp_1 = 16384; amp_2 = 8192; amp_3 = 4096; amp_4 = 2048;
        clock;
        check("pairs_into_alpha", pac_0 == 16384);
        check("pairs_into_beta1", pac_1 == 8192 && pac_4 == 8192);
        check("pairs_into_beta2", pac_2 == 4096 && pac_5 == 4096 && pac_7 == 4096);
        check("pairs_into_gamma", pac_3 == 2048 && pac_6 == 2048 && pac_8 == 2048 && pac_9 == 2048);
        check("total_is_sum", pac_total == 53248);
        check("dominant_theta_alpha", dominant == 0);
        // chi scales: pair 9 (beta2/gamma) with chi = 0.5 and gamma amplitude 1.5.
        all_chi(0); chi_9 = 8192; amp_4 = 24576;
        clock;
        check("chi_times_amp", pac_9 == 12288 && pac_3 == 0);
        check("dominant_last_pair", dominant == 9 && pac_total == 12288);
        // Ties go to the smallest pair index.
        all_chi(0); chi_5 = 16384; chi_2 = 16384; amp_3 = 16384;
        clock;
        check("tie_smallest_index", dominant == 2 && pac_2 == 16384 && pac_5 == 16384);
        // Negative chi or amplitude count as zero.
        all_chi(-16384); amp_1 = 16384;
        clock;
        check("negative_chi_is_zero", pac_0 == 0 && pac_total == 0 && dominant == 0);
        all_chi(16384); amp_1 = -16384; amp_2 = -1; amp_3 = -131072; amp_4 = -5;
        clock;
        check("negative_amp_is_zero", pac_total == 0);
        // Saturation at 131071 per pair; the total holds ten saturated pairs.
        all_chi(131071); amp_1 = 131071; amp_2 = 131071; amp_3 = 131071; amp_4 = 131071;
        clock;
        check("saturates", pac_0 == 131071 && pac_9 == 131071);
        check("total_ten_saturated", pac_total == 1310710);
        // Truncation: 3 x 16385 >> 14 = 3.
        all_chi(3); amp_1 = 16385; amp_2 = 0; amp_3 = 0; amp_4 = 0;
        clock;
        check("floor_of_product", pac_0 == 3 && pac_4 == 0);
        held = pac_total; clk_en = 1'b0; all_chi(16384); amp_4 = 16384;
        for (k = 0; k < 5; k = k + 1) clock;
        check("holds_with_clk_en_low", pac_total == held);
        clk_en = 1'b1;
        do_reset;
        check("reset_clears", pac_total == 0 && pac_0 == 0 && dominant == 0);
        $display("tb_pac_strength: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
