// amplitude_envelope_generator: Ornstein-Uhlenbeck amplitude envelope (description 10.1), mean
// 1.0, clamped to [ENV_MIN, ENV_MAX], driven by its own lfsr16 (STEPS = 16: white samples).
// The state is a Q24 accumulator (Q14 plus ENV_EXT = 10 extra fraction bits), so that
// alpha = dt/tau of a 2-5 s time constant (~1e-4) is not lost below one Q14 LSB.
// The noise is applied once every 64 ticks (16 ms, `strobe`) and only then does the LFSR step:
// the noise sequence repeats after 65535 x 64 ticks (17.5 min), not after 16 s.
//
//   acc <= clamp(acc + ((ALPHA * (MEAN_ACC - acc)) >>> 24) + (strobe ? NOISE_AMPLITUDE * noise : 0),
//                ENV_MIN << 10, ENV_MAX << 10)
//   noise = {1'b0, lfsr[12:0]} - 4096            (uniform in [-4096, 4095])
//   envelope = acc >>> 10                        (Q4.14, combinational from the register)
// Contract with every width: docs/spec/amplitude_envelope_generator.md.
// Model: crates/phin-core/src/amplitude_envelope_generator.rs.
`default_nettype none
module amplitude_envelope_generator #(
    parameter WIDTH           = 18,
    parameter FRAC            = 14,
    parameter [15:0] SEED     = 16'h5A3C,
    parameter ALPHA           = 1198,    // dt/tau in Q24: 2^24 / (3.5 s * 4000) -> tau = 3.5 s
    parameter NOISE_AMPLITUDE = 128,     // Q14 (description: 100-150); step +-512 LSB per 16 ms
    parameter ENV_MIN         = 8192,    // 0.5
    parameter ENV_MAX         = 24576    // 1.5
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    output wire signed [WIDTH-1:0] envelope
);
    localparam         ENV_EXT   = 10;
    localparam         ACC_FRAC  = FRAC + ENV_EXT;               // 24
    localparam signed [31:0] MEAN_ACC = 32'sd16777216;          // 1.0 in Q24
    localparam signed [17:0] ALPHA_S  = ALPHA;
    localparam signed [17:0] NOISE_S  = NOISE_AMPLITUDE;
    localparam signed [33:0] ACC_MIN  = ENV_MIN * 1024;         // ENV_MIN << ENV_EXT
    localparam signed [33:0] ACC_MAX  = ENV_MAX * 1024;
    localparam signed [13:0] NOISE_CENTER = 14'sd4096;

    reg  signed [31:0] acc;
    reg         [5:0]  noise_cnt;
    wire               strobe = (noise_cnt == 6'd63);
    // Only bits [12:0] of the LFSR form a sample; the upper bits are state, not output.
    /* verilator lint_off UNUSEDSIGNAL */
    wire        [15:0] lfsr;
    /* verilator lint_on UNUSEDSIGNAL */

    lfsr16 #(.SEED(SEED), .STEPS(16)) u_lfsr (.clk(clk), .rst(rst), .clk_en(clk_en & strobe),
                                              .lfsr(lfsr));

    /* verilator lint_off UNUSEDSIGNAL */
    // Mean reversion: 33-bit deviation, 18 x 33 -> 51-bit product, >>> 24; |result| < 2^26.
    wire signed [32:0] dev     = {MEAN_ACC[31], MEAN_ACC} - {acc[31], acc};
    wire signed [50:0] rev_p   = ALPHA_S * dev;
    wire signed [50:0] rev_sh  = rev_p >>> ACC_FRAC;
    wire signed [32:0] revert  = rev_sh[32:0];
    // Noise: a 13-bit sample centred in 14 bits, times NOISE_AMPLITUDE: 18 x 14 -> 32 bits.
    wire signed [13:0] noise   = $signed({1'b0, lfsr[12:0]}) - NOISE_CENTER;
    wire signed [31:0] noise_p = NOISE_S * noise;
    wire signed [31:0] noise_t = strobe ? noise_p : 32'sd0;
    // acc is Q24 with |acc| < 2^31; 34-bit sum of the three terms, exact.
    wire signed [33:0] acc_sum = {{2{acc[31]}}, acc} + {revert[32], revert}
                               + {{2{noise_t[31]}}, noise_t};
    wire signed [33:0] acc_cl  = (acc_sum < ACC_MIN) ? ACC_MIN :
                                 (acc_sum > ACC_MAX) ? ACC_MAX : acc_sum;
    wire signed [31:0] acc_sh  = acc >>> ENV_EXT;
    /* verilator lint_on UNUSEDSIGNAL */
    assign envelope = acc_sh[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst) begin
            acc       <= MEAN_ACC;
            noise_cnt <= 6'd0;
        end else if (clk_en) begin
            acc       <= acc_cl[31:0];
            noise_cnt <= noise_cnt + 6'd1;
        end
    end
endmodule
`default_nettype wire
