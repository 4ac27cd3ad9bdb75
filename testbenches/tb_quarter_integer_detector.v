// tb_quarter_integer_detector: self-checking testbench for rtl/quarter_integer_detector.v
// (contract: docs/spec/quarter_integer_detector.md). Checks the description's classes and
// stability values, the catastrophe zone edges and the band edges.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_quarter_integer_detector;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg  signed [17:0] n = 0;
    wire [1:0] position_class;
    wire signed [17:0] stability;

    quarter_integer_detector dut (.clk(clk), .rst(rst), .clk_en(clk_en), .n(n),
                                  .position_class(position_class), .stability(stability));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, errs, f, ref_st, held;

    `include "tb_common.vh"

    task at;
        input integer v;
        begin n = v; clock; end
    endtask

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_state", position_class == 2'b00 && stability == 0);
        at(20480); check("phi_1_25_quarter", position_class == 2'b10);
                   check("phi_1_25_stability_half", stability == 8192);
        at(24576); check("n_1_5_near_catastrophe", position_class == 2'b11);
        at(16384); check("n_1_integer", position_class == 2'b00 && stability == 0);
        at(8192);  check("n_0_5_half", position_class == 2'b01 && stability == 16384);
        at(40960); check("n_2_5_half", position_class == 2'b01 && stability == 16384);
        at(12288); check("n_0_75_quarter", position_class == 2'b10 && stability == 8192);
        at(22118); check("zone_min_inside", position_class == 2'b11);
        at(22117); check("zone_min_minus1_outside", position_class != 2'b11);
        at(25395); check("zone_max_inside", position_class == 2'b11);
        at(25396); check("zone_max_plus1_outside", position_class != 2'b11);
        at(-4096); check("n_minus_0_25_quarter", position_class == 2'b10 && stability == 8192);
        at(2047);  check("band_edge_integer", position_class == 2'b00);
        at(2048);  check("band_edge_quarter", position_class == 2'b10);
        // Stability = 1 - 2|f - 0.5| for every fractional part outside the zone.
        errs = 0;
        for (k = 0; k < 16384; k = k + 7) begin
            at(32768 + k);
            f = k;
            ref_st = 16384 - 2 * ((f >= 8192) ? f - 8192 : 8192 - f);
            if (stability != ref_st) errs = errs + 1;
        end
        check("stability_formula", errs == 0);
        held = stability; clk_en = 1'b0; n = 0;
        for (k = 0; k < 5; k = k + 1) clock;
        check("holds_with_clk_en_low", stability == held);
        clk_en = 1'b1;
        $display("tb_quarter_integer_detector: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
