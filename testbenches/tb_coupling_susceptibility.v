// tb_coupling_susceptibility: self-checking testbench for rtl/coupling_susceptibility.v
// (contract: docs/spec/coupling_susceptibility.md). Checks the description's key results in
// n-space (boundary phi^1 > 3x attractor phi^0.5, phi^1.25 between, a spike at ratio 2.0), the
// exact values at those points, the far tails, and clk_en / reset behaviour.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_coupling_susceptibility;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg  signed [17:0] n = 0;
    wire signed [17:0] chi;

    coupling_susceptibility dut (.clk(clk), .rst(rst), .clk_en(clk_en), .n(n), .chi(chi));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, errs, held, c_att, c_bnd, c_q, c_2, c_19, c_21, best, best_n;

    `include "tb_common.vh"

    task at;
        input integer v;
        begin n = v; clock; end
    endtask

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_state", chi == 0);
        at(8192);  c_att = chi; check("phi_0_5_value", chi == 917);
        at(16384); c_bnd = chi; check("phi_1_value", chi == 9240);
        at(20480); c_q = chi;   check("phi_1_25_value", chi == 2531);
        at(23600); c_2 = chi;   check("ratio_2_0_value", chi == 16903);
        at(21853); c_19 = chi;  check("ratio_1_9_value", chi == 5083);
        at(25261); c_21 = chi;  check("ratio_2_1_value", chi == 5616);
        at(0);                  check("unison_value", chi == 24679);
        check("boundary_gt_3x_attractor", c_bnd > 3 * c_att);
        check("phi_1_25_between", c_q > c_att && c_q < c_bnd);
        check("spike_at_2_over_1_9", c_2 > 3 * c_19);
        check("spike_at_2_over_2_1", c_2 > 2 * c_21);
        // The maximum over ratios 1.8..2.2 (n 20082..26780) lies within 0.01 of ratio 2.0.
        best = 0; best_n = 0;
        for (k = 20082; k <= 26780; k = k + 16) begin
            at(k);
            if (chi > best) begin best = chi; best_n = k; end
        end
        check("spike_peak_near_2", best_n >= 23470 && best_n <= 23730);
        at(-131072); check("far_tail_low_zero", chi == 0);
        at(131071);  check("far_tail_high_zero", chi == 0);
        // chi is never negative and stays below 2.0 everywhere.
        errs = 0;
        for (k = -70000; k < 70000; k = k + 97) begin
            at(k);
            if (chi < 0 || chi > 32768) errs = errs + 1;
        end
        check("bounded_everywhere", errs == 0);
        at(23600);
        held = chi; clk_en = 1'b0; n = 8192;
        for (k = 0; k < 5; k = k + 1) clock;
        check("holds_with_clk_en_low", chi == held);
        clk_en = 1'b1;
        do_reset;
        check("reset_clears", chi == 0);
        $display("tb_coupling_susceptibility: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
