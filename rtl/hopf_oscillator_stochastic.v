// hopf_oscillator_stochastic: the Hopf oscillator with noise on dx (description section 1.2),
// used by the SR harmonic bank. The noise enters where the coupling input does:
// u_core.input_x = sat18(input_x + noise_x), a 19-bit sum explicitly saturated.
// Contract: docs/spec/hopf_oscillator_stochastic.md.
// Model: crates/phin-core/src/hopf_oscillator_stochastic.rs.
`default_nettype none
module hopf_oscillator_stochastic #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] mu_dt,
    input  wire signed [WIDTH-1:0] omega_dt,
    input  wire signed [WIDTH-1:0] input_x,
    input  wire signed [WIDTH-1:0] noise_x,
    output wire signed [WIDTH-1:0] x,
    output wire signed [WIDTH-1:0] y,
    output wire signed [WIDTH-1:0] amplitude
);
    localparam signed [WIDTH:0] SAT_MAX = 19'sd131071;
    localparam signed [WIDTH:0] SAT_MIN = -19'sd131072;

    wire signed [WIDTH:0]   drive_sum = {input_x[WIDTH-1], input_x} + {noise_x[WIDTH-1], noise_x};
    wire signed [WIDTH-1:0] drive_x   = (drive_sum > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                        (drive_sum < SAT_MIN) ? SAT_MIN[WIDTH-1:0] :
                                        drive_sum[WIDTH-1:0];

    hopf_oscillator #(.WIDTH(WIDTH), .FRAC(FRAC)) u_core (
        .clk(clk),
        .rst(rst),
        .clk_en(clk_en),
        .mu_dt(mu_dt),
        .omega_dt(omega_dt),
        .input_x(drive_x),
        .x(x),
        .y(y),
        .amplitude(amplitude)
    );
endmodule
`default_nettype wire
