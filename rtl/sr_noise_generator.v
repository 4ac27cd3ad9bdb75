// sr_noise_generator: five independent LFSR noise channels for the stochastic SR oscillators
// f0..f4 (description section 4.3). noise_fN = {9'b0, lfsr[8:0]} - 256: centred, in [-256, 255].
// Each LFSR advances 16 shifts per clock enable, so consecutive samples share no bits: white.
// Contract: docs/spec/sr_noise_generator.md. Model: crates/phin-core/src/sr_noise_generator.rs.
`default_nettype none
module sr_noise_generator #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    output wire signed [WIDTH-1:0] noise_f0,
    output wire signed [WIDTH-1:0] noise_f1,
    output wire signed [WIDTH-1:0] noise_f2,
    output wire signed [WIDTH-1:0] noise_f3,
    output wire signed [WIDTH-1:0] noise_f4
);
    localparam signed [WIDTH-1:0] NOISE_CENTER = 18'sd256;  // 0.0156

    // Only bits [8:0] of each LFSR form a sample; the upper bits are state, not output.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] lfsr_f0, lfsr_f1, lfsr_f2, lfsr_f3, lfsr_f4;
    /* verilator lint_on UNUSEDSIGNAL */

    lfsr16 #(.SEED(16'hACE1), .STEPS(16)) u_lfsr_f0 (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_f0));
    lfsr16 #(.SEED(16'h7B3F), .STEPS(16)) u_lfsr_f1 (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_f1));
    lfsr16 #(.SEED(16'hD4A9), .STEPS(16)) u_lfsr_f2 (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_f2));
    lfsr16 #(.SEED(16'h1E6C), .STEPS(16)) u_lfsr_f3 (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_f3));
    lfsr16 #(.SEED(16'h92F5), .STEPS(16)) u_lfsr_f4 (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_f4));

    // {9'b0, lfsr[8:0]} is unsigned; $signed of the zero-extended 18-bit word keeps it positive.
    assign noise_f0 = $signed({9'b0, lfsr_f0[8:0]}) - NOISE_CENTER;
    assign noise_f1 = $signed({9'b0, lfsr_f1[8:0]}) - NOISE_CENTER;
    assign noise_f2 = $signed({9'b0, lfsr_f2[8:0]}) - NOISE_CENTER;
    assign noise_f3 = $signed({9'b0, lfsr_f3[8:0]}) - NOISE_CENTER;
    assign noise_f4 = $signed({9'b0, lfsr_f4[8:0]}) - NOISE_CENTER;
endmodule
`default_nettype wire
