// sr_harmonic_bank_glue: rtl/sr_harmonic_bank.v (git revision 99cb1d3) without its five
// hopf_oscillator_stochastic instances, for the folded top (issue 19; docs/fpga.md, "The folded
// top"). The oscillators f0..f4 are stepped by rtl/fpga/hopf_bank.v's Hopf engine: their x, y,
// amplitude come in as input ports (the bank's committed registers, the values the reference's
// oscillators hold between edges) and their mu_dt, omega_dt and input_x go out as output ports.
// input_x is the saturated drive `drive_x` of hopf_oscillator_stochastic (git revision ce47e21),
// sat18(drive_h + noise_h), so the noise sum stays here as in the reference. Every other line is
// the reference's; clk_en is the folded top's `commit`.
//
// The reference's header follows.
//
// sr_harmonic_bank: five stochastic Hopf oscillators f0..f4 driven by the external SR fields,
// with per-harmonic coherence against the neural target band, continuous gain, Q-factor
// normalisation, amplitude hierarchy and mode-selective (static or stability-driven) SIE
// enhancement (description sections "Quarter-Integer phi^n Theory", 4.1, "Dynamic SIE").
// Contract: docs/spec/sr_harmonic_bank.md. Model: crates/phin-core/src/sr_harmonic_bank.rs.
//
// Per harmonic h (target band: f0 theta, f1 alpha, f2 low beta, f3 high beta, f4 gamma):
//   drive_h      = sat18(sr_field_fh + (sr_field_input * AMP_SCALE_h >>> 14))  -> u_fh.input_x
//   dot_h        = target_x * fh_x + target_y * fh_y              (37 bits)
//   coh_h        = sat18(|dot_h| >>> 14)
//   coh_factor_h = coh < 0.5 ? 0 : coh < 1.0 ? (coh - 0.5) * 2 : 1.0
//   beta_factor  = beta_quiet ? 1.0 - (max(beta_amplitude, 0) * BETA_INV_THRESH >>> 14) : 0
//   gain_h       = ((coh_factor_h * beta_factor >>> 14) * Q_NORM_h) >>> 14
//   sie_h        = beta_quiet & (coh_h > 0.75)
//   enhance_h    = !sie_h ? 1.0 : adaptive_en ? SIE_BASE + (SIE_K * (1 - clamp(stab_h,0,1)) >>> 14)
//                                            : SIE_ENHANCE_h
//   gain_enh_h   = gain_h * enhance_h >>> 14
// Every result is registered on the clock enable from the registers and inputs before the edge.
`default_nettype none
module sr_harmonic_bank_glue #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] mu_dt,
    input  wire signed [WIDTH-1:0] omega_dt_f0,
    input  wire signed [WIDTH-1:0] omega_dt_f1,
    input  wire signed [WIDTH-1:0] omega_dt_f2,
    input  wire signed [WIDTH-1:0] omega_dt_f3,
    input  wire signed [WIDTH-1:0] omega_dt_f4,
    input  wire signed [WIDTH-1:0] noise_f0,
    input  wire signed [WIDTH-1:0] noise_f1,
    input  wire signed [WIDTH-1:0] noise_f2,
    input  wire signed [WIDTH-1:0] noise_f3,
    input  wire signed [WIDTH-1:0] noise_f4,
    input  wire signed [WIDTH-1:0] sr_field_input,
    input  wire signed [WIDTH-1:0] sr_field_f0,
    input  wire signed [WIDTH-1:0] sr_field_f1,
    input  wire signed [WIDTH-1:0] sr_field_f2,
    input  wire signed [WIDTH-1:0] sr_field_f3,
    input  wire signed [WIDTH-1:0] sr_field_f4,
    input  wire signed [WIDTH-1:0] theta_x,
    input  wire signed [WIDTH-1:0] theta_y,
    input  wire signed [WIDTH-1:0] alpha_x,
    input  wire signed [WIDTH-1:0] alpha_y,
    input  wire signed [WIDTH-1:0] low_beta_x,
    input  wire signed [WIDTH-1:0] low_beta_y,
    input  wire signed [WIDTH-1:0] high_beta_x,
    input  wire signed [WIDTH-1:0] high_beta_y,
    input  wire signed [WIDTH-1:0] gamma_x,
    input  wire signed [WIDTH-1:0] gamma_y,
    input  wire signed [WIDTH-1:0] beta_amplitude,
    input  wire                    adaptive_en,
    input  wire signed [WIDTH-1:0] stability_f0,
    input  wire signed [WIDTH-1:0] stability_f1,
    input  wire signed [WIDTH-1:0] stability_f2,
    input  wire signed [WIDTH-1:0] stability_f3,
    input  wire signed [WIDTH-1:0] stability_f4,
    // The oscillators' state (folded: from hopf_bank; the amplitudes are not used here).
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f0_x,
    input  wire signed [WIDTH-1:0] f0_y,
    input  wire signed [WIDTH-1:0] f0_amplitude,
    input  wire signed [WIDTH-1:0] f1_x,
    input  wire signed [WIDTH-1:0] f1_y,
    input  wire signed [WIDTH-1:0] f1_amplitude,
    input  wire signed [WIDTH-1:0] f2_x,
    input  wire signed [WIDTH-1:0] f2_y,
    input  wire signed [WIDTH-1:0] f2_amplitude,
    input  wire signed [WIDTH-1:0] f3_x,
    input  wire signed [WIDTH-1:0] f3_y,
    input  wire signed [WIDTH-1:0] f3_amplitude,
    input  wire signed [WIDTH-1:0] f4_x,
    input  wire signed [WIDTH-1:0] f4_y,
    input  wire signed [WIDTH-1:0] f4_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  signed [WIDTH-1:0] coherence_f0,
    output reg  signed [WIDTH-1:0] coherence_f1,
    output reg  signed [WIDTH-1:0] coherence_f2,
    output reg  signed [WIDTH-1:0] coherence_f3,
    output reg  signed [WIDTH-1:0] coherence_f4,
    output reg  signed [WIDTH-1:0] gain_f0,
    output reg  signed [WIDTH-1:0] gain_f1,
    output reg  signed [WIDTH-1:0] gain_f2,
    output reg  signed [WIDTH-1:0] gain_f3,
    output reg  signed [WIDTH-1:0] gain_f4,
    output reg  signed [WIDTH-1:0] gain_enh_f0,
    output reg  signed [WIDTH-1:0] gain_enh_f1,
    output reg  signed [WIDTH-1:0] gain_enh_f2,
    output reg  signed [WIDTH-1:0] gain_enh_f3,
    output reg  signed [WIDTH-1:0] gain_enh_f4,
    output reg  [4:0]              sie_per_harmonic,
    output reg  [4:0]              coherence_mask,
    output reg                     beta_quiet,
    output reg  signed [WIDTH-1:0] sr_coherence,
    output reg  signed [WIDTH-1:0] sr_amplification,
    output wire signed [5*WIDTH-1:0] sr_f_x_packed,
    output wire signed [5*WIDTH-1:0] sr_coherence_packed,
    // The oscillators' inputs (folded: to hopf_bank), as u_fh's mu_dt, omega_dt and drive_x.
    output wire signed [WIDTH-1:0] f0_mu_dt,
    output wire signed [WIDTH-1:0] f0_omega_dt,
    output wire signed [WIDTH-1:0] f0_input_x,
    output wire signed [WIDTH-1:0] f1_mu_dt,
    output wire signed [WIDTH-1:0] f1_omega_dt,
    output wire signed [WIDTH-1:0] f1_input_x,
    output wire signed [WIDTH-1:0] f2_mu_dt,
    output wire signed [WIDTH-1:0] f2_omega_dt,
    output wire signed [WIDTH-1:0] f2_input_x,
    output wire signed [WIDTH-1:0] f3_mu_dt,
    output wire signed [WIDTH-1:0] f3_omega_dt,
    output wire signed [WIDTH-1:0] f3_input_x,
    output wire signed [WIDTH-1:0] f4_mu_dt,
    output wire signed [WIDTH-1:0] f4_omega_dt,
    output wire signed [WIDTH-1:0] f4_input_x
);
    localparam signed [WIDTH-1:0] ONE_Q14           = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] COH_FACTOR_LO     = 18'sd8192;   // 0.5
    localparam signed [WIDTH-1:0] COHERENCE_THRESH  = 18'sd12288;  // 0.75
    localparam signed [WIDTH-1:0] BETA_QUIET_THRESH = 18'sd15360;  // 0.9375
    localparam signed [WIDTH-1:0] BETA_INV_THRESH   = 18'sd17476;  // 1/0.9375 = 1.0667
    localparam signed [WIDTH-1:0] SIE_BASE_ENHANCE  = 18'sd19661;  // 1.2
    localparam signed [WIDTH-1:0] SIE_K_INSTABILITY = 18'sd29491;  // 1.8
    localparam signed [36:0]      SAT_MAX37         = 37'sd131071;
    localparam signed [20:0]      SAT_MAX21         = 21'sd131071;
    // hopf_oscillator_stochastic's SAT_MAX, SAT_MIN (its drive_x saturation).
    localparam signed [WIDTH:0]   SAT_MAX19         = 19'sd131071;
    localparam signed [WIDTH:0]   SAT_MIN19         = -19'sd131072;
    localparam signed [WIDTH-1:0] Q_NORM_F0      = 18'sd7929;  // 0.484
    localparam signed [WIDTH-1:0] Q_NORM_F1      = 18'sd10051;  // 0.613
    localparam signed [WIDTH-1:0] Q_NORM_F2      = 18'sd16384;  // 1.000
    localparam signed [WIDTH-1:0] Q_NORM_F3      = 18'sd8995;  // 0.549
    localparam signed [WIDTH-1:0] Q_NORM_F4      = 18'sd7405;  // 0.452
    localparam signed [WIDTH-1:0] AMP_SCALE_F0   = 18'sd16384;  // 1.000
    localparam signed [WIDTH-1:0] AMP_SCALE_F1   = 18'sd13926;  // 0.850
    localparam signed [WIDTH-1:0] AMP_SCALE_F2   = 18'sd5571;  // 0.340
    localparam signed [WIDTH-1:0] AMP_SCALE_F3   = 18'sd2458;  // 0.150
    localparam signed [WIDTH-1:0] AMP_SCALE_F4   = 18'sd983;  // 0.060
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F0 = 18'sd44237;  // 2.700
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F1 = 18'sd49152;  // 3.000
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F2 = 18'sd20480;  // 1.250
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F3 = 18'sd19661;  // 1.200
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F4 = 18'sd19661;  // 1.200

    // ---------------------------------------------------------------- functions (one harmonic)
    // Shifted products keep only their low bits; the range note at each says why that is exact.
    /* verilator lint_off UNUSEDSIGNAL */

    // a * b >>> FRAC of two 18-bit signed words, truncated to 18 bits (callers keep |result| < 2^17).
    function signed [WIDTH-1:0] mulq;
        input signed [WIDTH-1:0] p;
        input signed [WIDTH-1:0] q;
        reg   signed [35:0]      prod;
        reg   signed [35:0]      sh;
        begin
            prod = p * q;
            sh   = prod >>> FRAC;
            mulq = sh[WIDTH-1:0];
        end
    endfunction

    // sat18(field + (field_in * amp_scale >>> FRAC)): 19-bit sum, explicitly saturated.
    function signed [WIDTH-1:0] drive;
        input signed [WIDTH-1:0] field;
        input signed [WIDTH-1:0] field_in;
        input signed [WIDTH-1:0] amp_scale;
        reg   signed [35:0]      prod;
        reg   signed [35:0]      sh;
        reg   signed [WIDTH:0]   sum;
        begin
            prod = field_in * amp_scale;
            sh   = prod >>> FRAC;                       // |field_in * amp_scale| <= 2^34: 18 bits
            sum  = {field[WIDTH-1], field} + {sh[WIDTH-1], sh[WIDTH-1:0]};
            drive = (sum > $signed({2'b00, 17'h1FFFF})) ? 18'sd131071 :
                    (sum < $signed({2'b11, 17'h00000})) ? -18'sd131072 : sum[WIDTH-1:0];
        end
    endfunction

    // coherence = sat18(|tx*fx + ty*fy| >>> FRAC): 36-bit products, 37-bit sum.
    function signed [WIDTH-1:0] coherence;
        input signed [WIDTH-1:0] tx;
        input signed [WIDTH-1:0] ty;
        input signed [WIDTH-1:0] fx;
        input signed [WIDTH-1:0] fy;
        reg   signed [35:0]      px;
        reg   signed [35:0]      py;
        reg   signed [36:0]      dot;
        reg   signed [36:0]      mag;
        reg   signed [36:0]      sh;
        begin
            px  = tx * fx;
            py  = ty * fy;
            dot = {px[35], px} + {py[35], py};
            mag = dot[36] ? -dot : dot;                 // |dot| <= 2^35: no overflow
            sh  = mag >>> FRAC;
            coherence = (sh > SAT_MAX37) ? 18'sd131071 : sh[WIDTH-1:0];
        end
    endfunction

    // Piecewise-linear coherence factor: 0 below 0.5, (c - 0.5) * 2 up to 1.0, then 1.0.
    function signed [WIDTH-1:0] coh_factor;
        input signed [WIDTH-1:0] c;
        reg   signed [WIDTH-1:0] d;
        begin
            d = c - COH_FACTOR_LO;                      // in [0, 8191] where it is used
            if (c < COH_FACTOR_LO)
                coh_factor = 18'sd0;
            else if (c < ONE_Q14)
                coh_factor = d <<< 1;
            else
                coh_factor = ONE_Q14;
        end
    endfunction

    // Stability-driven enhancement: SIE_BASE + (SIE_K * (1 - clamp(stab, 0, 1)) >>> FRAC).
    function signed [WIDTH-1:0] enhance_adaptive;
        input signed [WIDTH-1:0] stab;
        reg   signed [WIDTH-1:0] s;
        reg   signed [WIDTH-1:0] instab;
        begin
            s = (stab < 18'sd0) ? 18'sd0 : (stab > ONE_Q14) ? ONE_Q14 : stab;
            instab = ONE_Q14 - s;                        // [0, 16384]
            enhance_adaptive = SIE_BASE_ENHANCE + mulq(SIE_K_INSTABILITY, instab); // <= 49152
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- oscillators' inputs
    wire signed [WIDTH-1:0] drive_f0 = drive(sr_field_f0, sr_field_input, AMP_SCALE_F0);
    // u_f0: hopf_oscillator_stochastic's drive_sum and drive_x (19-bit sum, saturated).
    wire signed [WIDTH:0]   drive_sum_f0 = {drive_f0[WIDTH-1], drive_f0} + {noise_f0[WIDTH-1], noise_f0};
    assign f0_input_x = (drive_sum_f0 > SAT_MAX19) ? SAT_MAX19[WIDTH-1:0] :
                        (drive_sum_f0 < SAT_MIN19) ? SAT_MIN19[WIDTH-1:0] :
                        drive_sum_f0[WIDTH-1:0];
    assign f0_mu_dt    = mu_dt;
    assign f0_omega_dt = omega_dt_f0;
    wire signed [WIDTH-1:0] drive_f1 = drive(sr_field_f1, sr_field_input, AMP_SCALE_F1);
    // u_f1: hopf_oscillator_stochastic's drive_sum and drive_x (19-bit sum, saturated).
    wire signed [WIDTH:0]   drive_sum_f1 = {drive_f1[WIDTH-1], drive_f1} + {noise_f1[WIDTH-1], noise_f1};
    assign f1_input_x = (drive_sum_f1 > SAT_MAX19) ? SAT_MAX19[WIDTH-1:0] :
                        (drive_sum_f1 < SAT_MIN19) ? SAT_MIN19[WIDTH-1:0] :
                        drive_sum_f1[WIDTH-1:0];
    assign f1_mu_dt    = mu_dt;
    assign f1_omega_dt = omega_dt_f1;
    wire signed [WIDTH-1:0] drive_f2 = drive(sr_field_f2, sr_field_input, AMP_SCALE_F2);
    // u_f2: hopf_oscillator_stochastic's drive_sum and drive_x (19-bit sum, saturated).
    wire signed [WIDTH:0]   drive_sum_f2 = {drive_f2[WIDTH-1], drive_f2} + {noise_f2[WIDTH-1], noise_f2};
    assign f2_input_x = (drive_sum_f2 > SAT_MAX19) ? SAT_MAX19[WIDTH-1:0] :
                        (drive_sum_f2 < SAT_MIN19) ? SAT_MIN19[WIDTH-1:0] :
                        drive_sum_f2[WIDTH-1:0];
    assign f2_mu_dt    = mu_dt;
    assign f2_omega_dt = omega_dt_f2;
    wire signed [WIDTH-1:0] drive_f3 = drive(sr_field_f3, sr_field_input, AMP_SCALE_F3);
    // u_f3: hopf_oscillator_stochastic's drive_sum and drive_x (19-bit sum, saturated).
    wire signed [WIDTH:0]   drive_sum_f3 = {drive_f3[WIDTH-1], drive_f3} + {noise_f3[WIDTH-1], noise_f3};
    assign f3_input_x = (drive_sum_f3 > SAT_MAX19) ? SAT_MAX19[WIDTH-1:0] :
                        (drive_sum_f3 < SAT_MIN19) ? SAT_MIN19[WIDTH-1:0] :
                        drive_sum_f3[WIDTH-1:0];
    assign f3_mu_dt    = mu_dt;
    assign f3_omega_dt = omega_dt_f3;
    wire signed [WIDTH-1:0] drive_f4 = drive(sr_field_f4, sr_field_input, AMP_SCALE_F4);
    // u_f4: hopf_oscillator_stochastic's drive_sum and drive_x (19-bit sum, saturated).
    wire signed [WIDTH:0]   drive_sum_f4 = {drive_f4[WIDTH-1], drive_f4} + {noise_f4[WIDTH-1], noise_f4};
    assign f4_input_x = (drive_sum_f4 > SAT_MAX19) ? SAT_MAX19[WIDTH-1:0] :
                        (drive_sum_f4 < SAT_MIN19) ? SAT_MIN19[WIDTH-1:0] :
                        drive_sum_f4[WIDTH-1:0];
    assign f4_mu_dt    = mu_dt;
    assign f4_omega_dt = omega_dt_f4;

    // ---------------------------------------------------------------- beta gate (all harmonics)
    /* verilator lint_off UNUSEDSIGNAL */
    wire                    quiet_now = beta_amplitude < BETA_QUIET_THRESH;
    wire signed [WIDTH-1:0] beta_pos  = beta_amplitude[WIDTH-1] ? 18'sd0 : beta_amplitude;
    wire signed [35:0]      beta_prod = beta_pos * BETA_INV_THRESH;
    wire signed [35:0]      beta_sh   = beta_prod >>> FRAC;   // < 16384 when quiet_now
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] beta_factor = quiet_now ? (ONE_Q14 - beta_sh[WIDTH-1:0]) : 18'sd0;

    // ---------------------------------------------------------------- per-harmonic chain
    wire signed [WIDTH-1:0] coh_f0     = coherence(theta_x, theta_y, f0_x, f0_y);
    wire signed [WIDTH-1:0] gain_raw_f0 = mulq(coh_factor(coh_f0), beta_factor);
    wire signed [WIDTH-1:0] gain_q_f0   = mulq(gain_raw_f0, Q_NORM_F0);
    wire                    mask_f0     = coh_f0 > COHERENCE_THRESH;
    wire                    sie_f0      = quiet_now & mask_f0;
    wire signed [WIDTH-1:0] enh_f0      = !sie_f0 ? ONE_Q14 :
                                          adaptive_en ? enhance_adaptive(stability_f0) : SIE_ENHANCE_F0;
    wire signed [WIDTH-1:0] genh_f0     = mulq(gain_q_f0, enh_f0);
    wire signed [WIDTH-1:0] coh_f1     = coherence(alpha_x, alpha_y, f1_x, f1_y);
    wire signed [WIDTH-1:0] gain_raw_f1 = mulq(coh_factor(coh_f1), beta_factor);
    wire signed [WIDTH-1:0] gain_q_f1   = mulq(gain_raw_f1, Q_NORM_F1);
    wire                    mask_f1     = coh_f1 > COHERENCE_THRESH;
    wire                    sie_f1      = quiet_now & mask_f1;
    wire signed [WIDTH-1:0] enh_f1      = !sie_f1 ? ONE_Q14 :
                                          adaptive_en ? enhance_adaptive(stability_f1) : SIE_ENHANCE_F1;
    wire signed [WIDTH-1:0] genh_f1     = mulq(gain_q_f1, enh_f1);
    wire signed [WIDTH-1:0] coh_f2     = coherence(low_beta_x, low_beta_y, f2_x, f2_y);
    wire signed [WIDTH-1:0] gain_raw_f2 = mulq(coh_factor(coh_f2), beta_factor);
    wire signed [WIDTH-1:0] gain_q_f2   = mulq(gain_raw_f2, Q_NORM_F2);
    wire                    mask_f2     = coh_f2 > COHERENCE_THRESH;
    wire                    sie_f2      = quiet_now & mask_f2;
    wire signed [WIDTH-1:0] enh_f2      = !sie_f2 ? ONE_Q14 :
                                          adaptive_en ? enhance_adaptive(stability_f2) : SIE_ENHANCE_F2;
    wire signed [WIDTH-1:0] genh_f2     = mulq(gain_q_f2, enh_f2);
    wire signed [WIDTH-1:0] coh_f3     = coherence(high_beta_x, high_beta_y, f3_x, f3_y);
    wire signed [WIDTH-1:0] gain_raw_f3 = mulq(coh_factor(coh_f3), beta_factor);
    wire signed [WIDTH-1:0] gain_q_f3   = mulq(gain_raw_f3, Q_NORM_F3);
    wire                    mask_f3     = coh_f3 > COHERENCE_THRESH;
    wire                    sie_f3      = quiet_now & mask_f3;
    wire signed [WIDTH-1:0] enh_f3      = !sie_f3 ? ONE_Q14 :
                                          adaptive_en ? enhance_adaptive(stability_f3) : SIE_ENHANCE_F3;
    wire signed [WIDTH-1:0] genh_f3     = mulq(gain_q_f3, enh_f3);
    wire signed [WIDTH-1:0] coh_f4     = coherence(gamma_x, gamma_y, f4_x, f4_y);
    wire signed [WIDTH-1:0] gain_raw_f4 = mulq(coh_factor(coh_f4), beta_factor);
    wire signed [WIDTH-1:0] gain_q_f4   = mulq(gain_raw_f4, Q_NORM_F4);
    wire                    mask_f4     = coh_f4 > COHERENCE_THRESH;
    wire                    sie_f4      = quiet_now & mask_f4;
    wire signed [WIDTH-1:0] enh_f4      = !sie_f4 ? ONE_Q14 :
                                          adaptive_en ? enhance_adaptive(stability_f4) : SIE_ENHANCE_F4;
    wire signed [WIDTH-1:0] genh_f4     = mulq(gain_q_f4, enh_f4);

    // Strongest coherence of the five, and the amplitude-weighted enhanced gain sum.
    wire signed [WIDTH-1:0] cmax01  = (coh_f1 > coh_f0) ? coh_f1 : coh_f0;
    wire signed [WIDTH-1:0] cmax012 = (coh_f2 > cmax01) ? coh_f2 : cmax01;
    wire signed [WIDTH-1:0] cmax0123 = (coh_f3 > cmax012) ? coh_f3 : cmax012;
    wire signed [WIDTH-1:0] coh_max = (coh_f4 > cmax0123) ? coh_f4 : cmax0123;
    wire signed [WIDTH-1:0] amp_f0 = mulq(genh_f0, AMP_SCALE_F0);
    wire signed [WIDTH-1:0] amp_f1 = mulq(genh_f1, AMP_SCALE_F1);
    wire signed [WIDTH-1:0] amp_f2 = mulq(genh_f2, AMP_SCALE_F2);
    wire signed [WIDTH-1:0] amp_f3 = mulq(genh_f3, AMP_SCALE_F3);
    wire signed [WIDTH-1:0] amp_f4 = mulq(genh_f4, AMP_SCALE_F4);
    wire signed [20:0] amp_sum = {{3{amp_f0[WIDTH-1]}}, amp_f0} + {{3{amp_f1[WIDTH-1]}}, amp_f1}
                               + {{3{amp_f2[WIDTH-1]}}, amp_f2} + {{3{amp_f3[WIDTH-1]}}, amp_f3}
                               + {{3{amp_f4[WIDTH-1]}}, amp_f4};
    wire signed [WIDTH-1:0] amp_total = (amp_sum > SAT_MAX21) ? 18'sd131071 : amp_sum[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst) begin
            coherence_f0 <= 18'sd0;
            gain_f0 <= 18'sd0;
            gain_enh_f0 <= 18'sd0;
            coherence_f1 <= 18'sd0;
            gain_f1 <= 18'sd0;
            gain_enh_f1 <= 18'sd0;
            coherence_f2 <= 18'sd0;
            gain_f2 <= 18'sd0;
            gain_enh_f2 <= 18'sd0;
            coherence_f3 <= 18'sd0;
            gain_f3 <= 18'sd0;
            gain_enh_f3 <= 18'sd0;
            coherence_f4 <= 18'sd0;
            gain_f4 <= 18'sd0;
            gain_enh_f4 <= 18'sd0;
            sie_per_harmonic <= 5'd0;
            coherence_mask   <= 5'd0;
            beta_quiet       <= 1'b0;
            sr_coherence     <= 18'sd0;
            sr_amplification <= 18'sd0;
        end else if (clk_en) begin
            coherence_f0 <= coh_f0;
            gain_f0 <= gain_q_f0;
            gain_enh_f0 <= genh_f0;
            coherence_f1 <= coh_f1;
            gain_f1 <= gain_q_f1;
            gain_enh_f1 <= genh_f1;
            coherence_f2 <= coh_f2;
            gain_f2 <= gain_q_f2;
            gain_enh_f2 <= genh_f2;
            coherence_f3 <= coh_f3;
            gain_f3 <= gain_q_f3;
            gain_enh_f3 <= genh_f3;
            coherence_f4 <= coh_f4;
            gain_f4 <= gain_q_f4;
            gain_enh_f4 <= genh_f4;
            sie_per_harmonic <= {sie_f4, sie_f3, sie_f2, sie_f1, sie_f0};
            coherence_mask   <= {mask_f4, mask_f3, mask_f2, mask_f1, mask_f0};
            beta_quiet       <= quiet_now;
            sr_coherence     <= coh_max;
            sr_amplification <= amp_total;
        end
    end

    assign sr_f_x_packed       = {f4_x, f3_x, f2_x, f1_x, f0_x};
    assign sr_coherence_packed = {coherence_f4, coherence_f3, coherence_f2, coherence_f1, coherence_f0};
endmodule
`default_nettype wire
