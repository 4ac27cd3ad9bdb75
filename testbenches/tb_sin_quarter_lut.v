// tb_sin_quarter_lut: self-checking testbench for rtl/sin_quarter_lut.v
// (contract: docs/spec/sin_quarter_lut.md). Checks symmetry points, the registered copy and
// every one of the 1024 phases against an integer sine reference within 1 LSB.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_sin_quarter_lut;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg  [9:0] phase = 10'd0;
    wire signed [17:0] sin_val, sin_reg;

    sin_quarter_lut dut (.clk(clk), .rst(rst), .clk_en(clk_en), .phase(phase),
                         .sin_val(sin_val), .sin_reg(sin_reg));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, errs, odd_errs, held;
    real diff;

    `include "tb_common.vh"

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_zero", sin_reg == 0);
        phase = 0;   #1 check("sin_0", sin_val == 0);
        phase = 256; #1 check("sin_90", sin_val == 16384);
        phase = 512; #1 check("sin_180", sin_val == 0);
        phase = 768; #1 check("sin_270", sin_val == -16384);
        phase = 128; #1 check("sin_45", sin_val == 11585);
        phase = 640; #1 check("sin_225", sin_val == -11585);
        // Symmetry: sin(pi - x) = sin(x), sin(-x) = -sin(x) for every phase.
        errs = 0; odd_errs = 0;
        for (k = 1; k < 512; k = k + 1) begin
            phase = k; #1 held = sin_val;
            phase = 512 - k; #1 if (sin_val != held) errs = errs + 1;
            phase = 1024 - k; #1 if (sin_val != -held) odd_errs = odd_errs + 1;
        end
        check("mirror_symmetry", errs == 0);
        check("odd_symmetry", odd_errs == 0);
        // Every phase within 1 LSB of 16384 sin from $sin.
        errs = 0;
        for (k = 0; k < 1024; k = k + 1) begin
            phase = k; #1
            diff = 16384.0 * $sin(6.283185307179586 * k / 1024.0) - sin_val;
            if (diff > 1.0 || diff < -1.0)
                errs = errs + 1;
        end
        check("within_1_lsb_all_1024", errs == 0);
        // The register follows on clk_en and holds without it.
        phase = 300; clock;
        check("registered_copy", sin_reg == sin_val);
        held = sin_reg; clk_en = 1'b0; phase = 900;
        for (k = 0; k < 5; k = k + 1) clock;
        check("holds_with_clk_en_low", sin_reg == held);
        clk_en = 1'b1;
        $display("tb_sin_quarter_lut: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
