// output_mixer: EEG-realistic mix of four envelope-modulated oscillator bands scaled by their MU
// (v11.4 MU-based amplitude scaling, section 8.3's factors), the SR fundamental during an SIE,
// and pink noise (description sections 9.3, 10.3, 10.4, 10.5, v11.2), registered on the clock
// enable:
//   mod_b    = sat18((band_b * env_b) >>> 14)
//   mu_gain  = (clamp(mu_b, 0, 8) * 21846) >>> 2                     (MU/3: MU 3 -> 1.0)
//   scaled_b = sat18((mod_b * mu_gain_b) >>> 14)
//   osc      = sum_b (scaled_b * W_b) >>> 14     W: theta 328, alpha 492, beta 328, gamma 164
//   gain     = clamp(sie_gain, 0, 1.0)
//   sr       = (((sr_in * 328) >>> 14) * gain) >>> 14               (SR only during an event)
//   boost    = 1.0 + (0.4 * gain) >>> 14                            (distributed SIE, 1.0-1.4x)
//   mixed    = (((osc + sr) * boost) >>> 14) + ((pink_in * 15073) >>> 14)
//   limited  = soft limiter: |x| > 0.75 -> sign(x) * (0.75 + (|x| - 0.75) >> 1)   (2:1, odd)
//   dac      = clamp((limited + 1.0) >>> 3, 0, 4095)                 ((x + 1.0) * 2048)
// Contract: docs/spec/output_mixer.md. Model: crates/phin-core/src/output_mixer.rs.
`default_nettype none
module output_mixer #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] theta_in,
    input  wire signed [WIDTH-1:0] alpha_in,
    input  wire signed [WIDTH-1:0] beta_in,
    input  wire signed [WIDTH-1:0] gamma_in,
    input  wire signed [WIDTH-1:0] pink_in,
    input  wire signed [WIDTH-1:0] env_theta,
    input  wire signed [WIDTH-1:0] env_alpha,
    input  wire signed [WIDTH-1:0] env_beta,
    input  wire signed [WIDTH-1:0] env_gamma,
    input  wire signed [WIDTH-1:0] sie_gain,
    input  wire signed [WIDTH-1:0] sr_in,
    input  wire signed [WIDTH-1:0] mu_theta,
    input  wire signed [WIDTH-1:0] mu_alpha,
    input  wire signed [WIDTH-1:0] mu_beta,
    input  wire signed [WIDTH-1:0] mu_gamma,
    output reg  signed [WIDTH-1:0] mixed_out,
    output reg  [11:0]             dac_output
);
    localparam signed [WIDTH-1:0] W_THETA = 18'sd328;    // 0.02
    localparam signed [WIDTH-1:0] W_ALPHA = 18'sd492;    // 0.03
    localparam signed [WIDTH-1:0] W_BETA  = 18'sd328;    // 0.02
    localparam signed [WIDTH-1:0] W_GAMMA = 18'sd164;    // 0.01
    localparam signed [WIDTH-1:0] W_PINK  = 18'sd15073;  // 0.92
    localparam signed [WIDTH-1:0] W_SR    = 18'sd328;    // 0.02: SR f0 during an SIE (ours)
    localparam signed [WIDTH-1:0] MU_SCALE = 18'sd21846; // 1/3 in Q16, rounded up
    localparam signed [WIDTH-1:0] MU_MAX  = 18'sd8;      // MU clamp (the table's largest is 6)
    localparam signed [WIDTH-1:0] ONE_Q14 = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] SIE_BOOST_K = 18'sd6554;  // 0.4: boost 1.0 .. 1.4
    localparam signed [19:0]      LIMIT_THRESHOLD = 20'sd12288;  // 0.75
    localparam signed [19:0]      DAC_OFFSET = 20'sd16384;       // 1.0
    localparam signed [19:0]      DAC_MAX    = 20'sd4095;
    localparam signed [35:0]      SAT_MAX    = 36'sd131071;
    localparam signed [35:0]      SAT_MIN    = -36'sd131072;

    // Full-width products; the range notes show which low bits carry the value.
    /* verilator lint_off UNUSEDSIGNAL */
    // Envelope modulation, saturated to Q4.14.
    wire signed [35:0] th_env = theta_in * env_theta;
    wire signed [35:0] al_env = alpha_in * env_alpha;
    wire signed [35:0] be_env = beta_in * env_beta;
    wire signed [35:0] ga_env = gamma_in * env_gamma;
    wire signed [35:0] th_sh = th_env >>> FRAC;
    wire signed [35:0] al_sh = al_env >>> FRAC;
    wire signed [35:0] be_sh = be_env >>> FRAC;
    wire signed [35:0] ga_sh = ga_env >>> FRAC;
    wire signed [WIDTH-1:0] mod_theta = (th_sh > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                        (th_sh < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : th_sh[WIDTH-1:0];
    wire signed [WIDTH-1:0] mod_alpha = (al_sh > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                        (al_sh < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : al_sh[WIDTH-1:0];
    wire signed [WIDTH-1:0] mod_beta  = (be_sh > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                        (be_sh < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : be_sh[WIDTH-1:0];
    wire signed [WIDTH-1:0] mod_gamma = (ga_sh > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                        (ga_sh < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : ga_sh[WIDTH-1:0];

    // MU scaling (v11.4): MU/3 in Q14, MU clamped to [0, 8]: |mu_gain| <= 43692 < 2^16.
    wire signed [WIDTH-1:0] mu_c_th = (mu_theta < 18'sd0) ? 18'sd0 : (mu_theta > MU_MAX) ? MU_MAX : mu_theta;
    wire signed [WIDTH-1:0] mu_c_al = (mu_alpha < 18'sd0) ? 18'sd0 : (mu_alpha > MU_MAX) ? MU_MAX : mu_alpha;
    wire signed [WIDTH-1:0] mu_c_be = (mu_beta  < 18'sd0) ? 18'sd0 : (mu_beta  > MU_MAX) ? MU_MAX : mu_beta;
    wire signed [WIDTH-1:0] mu_c_ga = (mu_gamma < 18'sd0) ? 18'sd0 : (mu_gamma > MU_MAX) ? MU_MAX : mu_gamma;
    wire signed [35:0] mg_th_p = (mu_c_th * MU_SCALE) >>> 2;
    wire signed [35:0] mg_al_p = (mu_c_al * MU_SCALE) >>> 2;
    wire signed [35:0] mg_be_p = (mu_c_be * MU_SCALE) >>> 2;
    wire signed [35:0] mg_ga_p = (mu_c_ga * MU_SCALE) >>> 2;
    wire signed [WIDTH-1:0] mg_th = mg_th_p[WIDTH-1:0];
    wire signed [WIDTH-1:0] mg_al = mg_al_p[WIDTH-1:0];
    wire signed [WIDTH-1:0] mg_be = mg_be_p[WIDTH-1:0];
    wire signed [WIDTH-1:0] mg_ga = mg_ga_p[WIDTH-1:0];
    // Scaled bands, saturated to Q4.14: |mod * mu_gain| < 2^33.
    wire signed [35:0] sc_th = (mod_theta * mg_th) >>> FRAC;
    wire signed [35:0] sc_al = (mod_alpha * mg_al) >>> FRAC;
    wire signed [35:0] sc_be = (mod_beta * mg_be) >>> FRAC;
    wire signed [35:0] sc_ga = (mod_gamma * mg_ga) >>> FRAC;
    wire signed [WIDTH-1:0] scaled_theta = (sc_th > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                           (sc_th < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : sc_th[WIDTH-1:0];
    wire signed [WIDTH-1:0] scaled_alpha = (sc_al > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                           (sc_al < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : sc_al[WIDTH-1:0];
    wire signed [WIDTH-1:0] scaled_beta  = (sc_be > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                           (sc_be < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : sc_be[WIDTH-1:0];
    wire signed [WIDTH-1:0] scaled_gamma = (sc_ga > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                           (sc_ga < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : sc_ga[WIDTH-1:0];

    // Weighted bands: |scaled * W| >>> 14 <= 8 * 492 = 3936, so 18 bits hold each term.
    wire signed [35:0] th_w = (scaled_theta * W_THETA) >>> FRAC;
    wire signed [35:0] al_w = (scaled_alpha * W_ALPHA) >>> FRAC;
    wire signed [35:0] be_w = (scaled_beta * W_BETA) >>> FRAC;
    wire signed [35:0] ga_w = (scaled_gamma * W_GAMMA) >>> FRAC;

    // Distributed SIE boost (v11.5): 1.0 + 0.4 * gain, gain clamped to [0, 1.0].
    wire signed [WIDTH-1:0] gain_c = (sie_gain < 18'sd0) ? 18'sd0 :
                                     (sie_gain > ONE_Q14) ? ONE_Q14 : sie_gain;
    // SR fundamental, gated by the SIE gain: |sr_w| <= 2624, |sr_g| <= |sr_w|.
    wire signed [35:0] sr_w = (sr_in * W_SR) >>> FRAC;
    wire signed [WIDTH-1:0] sr_w18 = sr_w[WIDTH-1:0];   // a signed net: the part-select is not
    wire signed [35:0] sr_g = (sr_w18 * gain_c) >>> FRAC;
    wire signed [19:0] osc_sum = {{2{th_w[17]}}, th_w[17:0]} + {{2{al_w[17]}}, al_w[17:0]}
                               + {{2{be_w[17]}}, be_w[17:0]} + {{2{ga_w[17]}}, ga_w[17:0]}
                               + {{2{sr_g[17]}}, sr_g[17:0]};   // |.| <= 13120 + 2624

    wire signed [35:0] boost_p = (gain_c * SIE_BOOST_K) >>> FRAC;      // 0 .. 6554
    wire signed [WIDTH-1:0] boost = ONE_Q14 + boost_p[WIDTH-1:0];      // 16384 .. 22938
    wire signed [37:0] osc_b = (osc_sum * boost) >>> FRAC;            // |.| <= 22036
    wire signed [35:0] pink_w = (pink_in * W_PINK) >>> FRAC;          // |.| <= 120586
    wire signed [19:0] mixed_raw = osc_b[19:0] + pink_w[19:0];        // |.| <= 142622 < 2^19

    // Soft limiter on the magnitude, 2:1 above 0.75, sign restored: odd and continuous.
    wire signed [19:0] mag     = mixed_raw[19] ? -mixed_raw : mixed_raw;
    wire signed [19:0] over    = mag - LIMIT_THRESHOLD;
    wire signed [19:0] lim_mag = (mag > LIMIT_THRESHOLD) ? LIMIT_THRESHOLD + (over >>> 1) : mag;
    wire signed [19:0] limited = mixed_raw[19] ? -lim_mag : lim_mag;  // |.| <= 73784 < 2^17

    // DAC: (limited + 1.0) * 2048 = (limited + 16384) >>> 3, clamped: it never wraps.
    wire signed [19:0] dac_full = (limited + DAC_OFFSET) >>> 3;
    wire signed [19:0] dac_c    = (dac_full < 20'sd0) ? 20'sd0 :
                                  (dac_full > DAC_MAX) ? DAC_MAX : dac_full;
    /* verilator lint_on UNUSEDSIGNAL */

    always @(posedge clk) begin
        if (rst) begin
            mixed_out  <= 18'sd0;
            dac_output <= 12'd2048;
        end else if (clk_en) begin
            mixed_out  <= limited[WIDTH-1:0];
            dac_output <= dac_c[11:0];
        end
    end
endmodule
`default_nettype wire
