// layer1_minimal: cortical layer 1 without an oscillator (description 7.4-7.6): SST+ IIR on the
// matrix and feedback drive, VIP+ IIR on attention, the disinhibition rule of 7.5 and the apical
// gain 1 + sst_effective clamped to [0.5, 1.5].
// Contract with every width: docs/spec/layer1_minimal.md. Model: crates/phin-core/src/layer1_minimal.rs.
`default_nettype none
module layer1_minimal #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] matrix_input,
    input  wire signed [WIDTH-1:0] fb1_input,
    input  wire signed [WIDTH-1:0] fb2_input,
    input  wire signed [WIDTH-1:0] attention_input,
    output reg  signed [WIDTH-1:0] sst_activity,
    output reg  signed [WIDTH-1:0] vip_activity,
    output wire signed [WIDTH:0]   sst_effective,
    output wire signed [WIDTH-1:0] apical_gain
);
    localparam signed [WIDTH-1:0] K_MATRIX  = 18'sd2458;   // 0.15
    localparam signed [WIDTH-1:0] K_FB1     = 18'sd4915;   // 0.3
    localparam signed [WIDTH-1:0] K_FB2     = 18'sd3277;   // 0.2
    localparam signed [WIDTH-1:0] SST_ALPHA = 18'sd164;    // 0.01 = 0.25 ms / 25 ms
    localparam signed [WIDTH-1:0] VIP_ALPHA = 18'sd82;     // 0.005 = 0.25 ms / 50 ms
    localparam signed [WIDTH-1:0] K_VIP     = 18'sd8192;   // 0.5
    localparam signed [19:0]      ONE_Q14   = 20'sd16384;  // 1.0
    localparam signed [19:0]      GAIN_MIN  = 20'sd8192;   // 0.5
    localparam signed [19:0]      GAIN_MAX  = 20'sd24576;  // 1.5
    localparam signed [WIDTH:0]   SAT_MAX   = 19'sd131071;
    localparam signed [WIDTH:0]   SAT_MIN   = -19'sd131072;

    /* verilator lint_off UNUSEDSIGNAL */
    // gain_offset = (K_MATRIX*m + K_FB1*f1 + K_FB2*f2) >>> FRAC: 36-bit products, 38-bit sum;
    // the gains sum to 0.65, so the result fits 18 bits.
    wire signed [35:0] m_p   = K_MATRIX * matrix_input;
    wire signed [35:0] f1_p  = K_FB1 * fb1_input;
    wire signed [35:0] f2_p  = K_FB2 * fb2_input;
    wire signed [37:0] off_s = {{2{m_p[35]}}, m_p} + {{2{f1_p[35]}}, f1_p} + {{2{f2_p[35]}}, f2_p};
    wire signed [37:0] off_sh = off_s >>> FRAC;
    wire signed [17:0] gain_offset = off_sh[17:0];
    // SST+ IIR: sst += (SST_ALPHA * (gain_offset - sst)) >>> FRAC; 19-bit error, 37-bit product.
    wire signed [18:0] sst_err   = {gain_offset[17], gain_offset} - {sst_activity[WIDTH-1], sst_activity};
    wire signed [36:0] sst_dp    = SST_ALPHA * sst_err;
    wire signed [36:0] sst_dsh   = sst_dp >>> FRAC;
    // VIP+ IIR on vip_scaled = (K_VIP * attention) >>> FRAC (fits 18 bits: gain 0.5).
    wire signed [35:0] vip_p     = K_VIP * attention_input;
    wire signed [35:0] vip_sh    = vip_p >>> FRAC;
    wire signed [17:0] vip_scaled = vip_sh[17:0];
    wire signed [18:0] vip_err   = {vip_scaled[17], vip_scaled} - {vip_activity[WIDTH-1], vip_activity};
    wire signed [36:0] vip_dp    = VIP_ALPHA * vip_err;
    wire signed [36:0] vip_dsh   = vip_dp >>> FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH:0] sst_sum = {sst_activity[WIDTH-1], sst_activity} + sst_dsh[18:0];
    wire signed [WIDTH:0] vip_sum = {vip_activity[WIDTH-1], vip_activity} + vip_dsh[18:0];
    wire signed [WIDTH-1:0] sst_next = (sst_sum > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                       (sst_sum < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : sst_sum[WIDTH-1:0];
    wire signed [WIDTH-1:0] vip_next = (vip_sum > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                       (vip_sum < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : vip_sum[WIDTH-1:0];

    // Disinhibition (7.5): VIP+ can only cancel positive SST+, never push it below zero.
    wire signed [WIDTH:0] sst_minus_vip = {sst_activity[WIDTH-1], sst_activity}
                                        - {vip_activity[WIDTH-1], vip_activity};
    assign sst_effective = (!sst_activity[WIDTH-1] && sst_minus_vip[WIDTH]) ? {(WIDTH+1){1'b0}}
                                                                             : sst_minus_vip;
    // apical_gain = clamp(1.0 + sst_effective, 0.5, 1.5); 20-bit sum, exact.
    wire signed [19:0] gain_raw = ONE_Q14 + {sst_effective[WIDTH], sst_effective};
    // gain_cl lies in [8192, 24576]: its two top bits are sign copies.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [19:0] gain_cl  = (gain_raw < GAIN_MIN) ? GAIN_MIN :
                                  (gain_raw > GAIN_MAX) ? GAIN_MAX : gain_raw;
    /* verilator lint_on UNUSEDSIGNAL */
    assign apical_gain = gain_cl[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst) begin
            sst_activity <= {WIDTH{1'b0}};
            vip_activity <= {WIDTH{1'b0}};
        end else if (clk_en) begin
            sst_activity <= sst_next;
            vip_activity <= vip_next;
        end
    end
endmodule
`default_nettype wire
