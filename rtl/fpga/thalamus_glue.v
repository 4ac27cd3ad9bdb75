// thalamus_glue: rtl/thalamus.v (git revision 99cb1d3) without its hopf_oscillator u_theta, and
// with rtl/fpga/sr_harmonic_bank_glue.v in place of sr_harmonic_bank, for the folded top (issue
// 19; docs/fpga.md, "The folded top"). Theta and the SR oscillators f0..f4 are stepped by
// rtl/fpga/hopf_bank.v's Hopf engine: their x, y, amplitude come in as input ports (the bank's
// committed registers, the values the reference's oscillators hold between edges; for theta and
// f0 the reference's output ports of the same names, for f1..f4 the wires it had from its bank)
// and their mu_dt, omega_dt and input_x go out as output ports theta_* and f<h>_* (f<h>_* passed
// through from the bank glue). Every other line is the reference's; clk_en is the folded top's
// `commit`.
//
// The reference's header follows.
//
// thalamus: the thalamic relay (description section 3, 10.5, 11.1/11.2): the theta pacemaker
// (hopf_oscillator u_theta, OMEGA_DT 152), the core pathway (theta-gated sensory relay with L6 CT
// + TRN inhibition), the matrix pathway (theta-gated L5b average to every L1), 8-phase theta
// multiplexing, and the Schumann-resonance bank (sr_harmonic_bank u_sr_bank) whose f0 entrains
// theta when beta is quiet, with the distributed SIE boost f0 1.3x, f1 1.2x in the relay.
// Contract: docs/spec/thalamus.md. Model: crates/phin-core/src/thalamus.rs.
//
// Every register below is loaded on the clock enable from values before the edge: the theta
// registers, the bank's registered outputs and the inputs. u_theta.input_x is combinational from
// the bank's registers (f0_x, gain_f0, beta_quiet); u_sr_bank's theta target is u_theta's x, y.
`default_nettype none
module thalamus_glue #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] mu_dt,
    input  wire signed [WIDTH-1:0] sr_mu_dt,
    input  wire signed [WIDTH-1:0] sensory_input,
    input  wire signed [WIDTH-1:0] sensory_gain,
    input  wire signed [WIDTH-1:0] l6_sensory,
    input  wire signed [WIDTH-1:0] l6_assoc,
    input  wire signed [WIDTH-1:0] l6_motor,
    input  wire signed [WIDTH-1:0] l5b_sensory,
    input  wire signed [WIDTH-1:0] l5b_assoc,
    input  wire signed [WIDTH-1:0] l5b_motor,
    input  wire signed [WIDTH-1:0] alpha_x,
    input  wire signed [WIDTH-1:0] alpha_y,
    input  wire signed [WIDTH-1:0] low_beta_x,
    input  wire signed [WIDTH-1:0] low_beta_y,
    input  wire signed [WIDTH-1:0] high_beta_x,
    input  wire signed [WIDTH-1:0] high_beta_y,
    input  wire signed [WIDTH-1:0] gamma_x,
    input  wire signed [WIDTH-1:0] gamma_y,
    input  wire signed [WIDTH-1:0] beta_amplitude,
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
    input  wire                    adaptive_en,
    input  wire signed [WIDTH-1:0] stability_f0,
    input  wire signed [WIDTH-1:0] stability_f1,
    input  wire signed [WIDTH-1:0] stability_f2,
    input  wire signed [WIDTH-1:0] stability_f3,
    input  wire signed [WIDTH-1:0] stability_f4,
    // The oscillators' state (folded: from hopf_bank). theta_amplitude is not used here, and
    // the SR amplitudes only pass on to the bank glue (the reference's were outputs only).
    input  wire signed [WIDTH-1:0] theta_x,
    input  wire signed [WIDTH-1:0] theta_y,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] theta_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  [2:0]              theta_phase,
    output wire                    encoding_window,
    output reg  signed [WIDTH-1:0] theta_gate,
    output reg  signed [WIDTH-1:0] thalamic_output,
    output reg  signed [WIDTH-1:0] matrix_output,
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
    output wire signed [5*WIDTH-1:0] sr_f_x_packed,
    output wire signed [5*WIDTH-1:0] sr_coherence_packed,
    output wire [4:0]              sie_per_harmonic,
    output wire [4:0]              coherence_mask,
    output wire                    beta_quiet,
    output wire signed [WIDTH-1:0] sr_coherence,
    output wire signed [WIDTH-1:0] sr_amplification,
    // The oscillators' inputs (folded: to hopf_bank): theta's (u_theta's mu_dt, omega_dt,
    // input_x) and the SR bank glue's.
    output wire signed [WIDTH-1:0] theta_mu_dt,
    output wire signed [WIDTH-1:0] theta_omega_dt,
    output wire signed [WIDTH-1:0] theta_input_x,
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
    localparam signed [WIDTH-1:0] OMEGA_DT_THETA  = 18'sd152;    // 5.89 Hz
    localparam signed [WIDTH-1:0] ONE_Q14         = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] HALF_Q14        = 18'sd8192;   // 0.5
    localparam signed [WIDTH-1:0] K_L6_THAL       = 18'sd1638;   // 0.1
    localparam signed [WIDTH-1:0] K_TRN           = 18'sd3277;   // 0.2
    localparam signed [WIDTH-1:0] ONE_THIRD       = 18'sd5461;   // 0.3333
    localparam signed [WIDTH-1:0] SIE_BOOST_F0    = 18'sd21299;  // 1.3
    localparam signed [WIDTH-1:0] SIE_BOOST_F1    = 18'sd19661;  // 1.2
    localparam signed [WIDTH-1:0] K_SR_ENTRAIN    = 18'sd164;    // 0.01
    localparam signed [WIDTH+1:0] PHASE_TURN_HYST = 20'sd64;     // 0.0039
    localparam signed [35:0]      SAT36_MAX       = 36'sd131071;
    localparam signed [35:0]      SAT36_MIN       = -36'sd131072;
    localparam signed [WIDTH:0]   SAT19_MAX       = 19'sd131071;
    localparam signed [WIDTH:0]   SAT19_MIN       = -19'sd131072;
    localparam signed [20:0]      SAT21_MAX       = 21'sd131071;
    localparam signed [20:0]      SAT21_MIN       = -21'sd131072;

    // Shifted products keep only their low bits; each range note says why that is exact.
    /* verilator lint_off UNUSEDSIGNAL */
    // a * b >>> FRAC, truncated to 18 bits (callers keep |result| < 2^17).
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

    // sat18(a * b >>> FRAC): the full 36-bit product shifted, then saturated.
    function signed [WIDTH-1:0] mulq_sat;
        input signed [WIDTH-1:0] p;
        input signed [WIDTH-1:0] q;
        reg   signed [35:0]      prod;
        reg   signed [35:0]      sh;
        begin
            prod = p * q;
            sh   = prod >>> FRAC;                       // |p * q| <= 2^34: sh fits 21 bits
            mulq_sat = (sh > SAT36_MAX) ? 18'sd131071 : (sh < SAT36_MIN) ? -18'sd131072 : sh[WIDTH-1:0];
        end
    endfunction

    // (a + b + c) * ONE_THIRD >>> FRAC: 20-bit sum, 38-bit product; |result| <= 131068.
    function signed [WIDTH-1:0] mean3;
        input signed [WIDTH-1:0] p;
        input signed [WIDTH-1:0] q;
        input signed [WIDTH-1:0] r;
        reg   signed [19:0]      sum;
        reg   signed [37:0]      prod;
        reg   signed [37:0]      sh;
        begin
            sum  = {{2{p[WIDTH-1]}}, p} + {{2{q[WIDTH-1]}}, q} + {{2{r[WIDTH-1]}}, r};
            prod = sum * ONE_THIRD;
            sh   = prod >>> FRAC;
            mean3 = sh[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- SR bank and theta
    wire signed [WIDTH-1:0] gain_f0, gain_f1, gain_f2, gain_f3, gain_f4;
    // Outputs of the bank that the thalamus does not use: they are observable inside u_sr_bank.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] coherence_f0, coherence_f1, coherence_f2, coherence_f3, coherence_f4;
    wire signed [WIDTH-1:0] gain_enh_f0, gain_enh_f1, gain_enh_f2, gain_enh_f3, gain_enh_f4;
    /* verilator lint_on UNUSEDSIGNAL */

    // SR entrainment of theta: f0_x * gain_f0 * K_SR_ENTRAIN when beta is quiet.
    wire signed [WIDTH-1:0] sr_entrain = beta_quiet ? mulq(mulq(f0_x, gain_f0), K_SR_ENTRAIN) : 18'sd0;

    // u_theta: theta's oscillator inputs, to hopf_bank.
    assign theta_mu_dt    = mu_dt;
    assign theta_omega_dt = OMEGA_DT_THETA;
    assign theta_input_x  = sr_entrain;

    sr_harmonic_bank_glue #(.WIDTH(WIDTH), .FRAC(FRAC)) u_sr_bank (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt(sr_mu_dt),
        .omega_dt_f0(omega_dt_f0), .omega_dt_f1(omega_dt_f1), .omega_dt_f2(omega_dt_f2), .omega_dt_f3(omega_dt_f3), .omega_dt_f4(omega_dt_f4),
        .noise_f0(noise_f0), .noise_f1(noise_f1), .noise_f2(noise_f2), .noise_f3(noise_f3), .noise_f4(noise_f4),
        .sr_field_input(sr_field_input),
        .sr_field_f0(sr_field_f0), .sr_field_f1(sr_field_f1), .sr_field_f2(sr_field_f2), .sr_field_f3(sr_field_f3), .sr_field_f4(sr_field_f4),
        .theta_x(theta_x), .theta_y(theta_y),
        .alpha_x(alpha_x), .alpha_y(alpha_y),
        .low_beta_x(low_beta_x), .low_beta_y(low_beta_y),
        .high_beta_x(high_beta_x), .high_beta_y(high_beta_y),
        .gamma_x(gamma_x), .gamma_y(gamma_y),
        .beta_amplitude(beta_amplitude), .adaptive_en(adaptive_en),
        .stability_f0(stability_f0), .stability_f1(stability_f1), .stability_f2(stability_f2), .stability_f3(stability_f3), .stability_f4(stability_f4),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amplitude),
        .f1_x(f1_x), .f1_y(f1_y), .f1_amplitude(f1_amplitude),
        .f2_x(f2_x), .f2_y(f2_y), .f2_amplitude(f2_amplitude),
        .f3_x(f3_x), .f3_y(f3_y), .f3_amplitude(f3_amplitude),
        .f4_x(f4_x), .f4_y(f4_y), .f4_amplitude(f4_amplitude),
        .coherence_f0(coherence_f0), .coherence_f1(coherence_f1), .coherence_f2(coherence_f2), .coherence_f3(coherence_f3), .coherence_f4(coherence_f4),
        .gain_f0(gain_f0), .gain_f1(gain_f1), .gain_f2(gain_f2), .gain_f3(gain_f3), .gain_f4(gain_f4),
        .gain_enh_f0(gain_enh_f0), .gain_enh_f1(gain_enh_f1), .gain_enh_f2(gain_enh_f2), .gain_enh_f3(gain_enh_f3), .gain_enh_f4(gain_enh_f4),
        .sie_per_harmonic(sie_per_harmonic), .coherence_mask(coherence_mask),
        .beta_quiet(beta_quiet), .sr_coherence(sr_coherence), .sr_amplification(sr_amplification),
        .sr_f_x_packed(sr_f_x_packed), .sr_coherence_packed(sr_coherence_packed),
        .f0_mu_dt(f0_mu_dt), .f0_omega_dt(f0_omega_dt), .f0_input_x(f0_input_x),
        .f1_mu_dt(f1_mu_dt), .f1_omega_dt(f1_omega_dt), .f1_input_x(f1_input_x),
        .f2_mu_dt(f2_mu_dt), .f2_omega_dt(f2_omega_dt), .f2_input_x(f2_input_x),
        .f3_mu_dt(f3_mu_dt), .f3_omega_dt(f3_omega_dt), .f3_input_x(f3_input_x),
        .f4_mu_dt(f4_mu_dt), .f4_omega_dt(f4_omega_dt), .f4_input_x(f4_input_x)
    );

    // ---------------------------------------------------------------- core pathway
    wire signed [WIDTH-1:0] l6_avg = mean3(l6_sensory, l6_assoc, l6_motor);
    wire signed [WIDTH-1:0] l6_pos = l6_avg[WIDTH-1] ? 18'sd0 : l6_avg;   // no negative inhibition
    wire signed [WIDTH-1:0] l6_inhibition = mulq(K_L6_THAL, l6_pos) + mulq(K_TRN, l6_pos);  // <= 0.3
    wire signed [WIDTH-1:0] gate_raw  = HALF_Q14 + (theta_x >>> 1);                       // 0.5 + x/2
    wire signed [WIDTH:0]   gate_diff = {gate_raw[WIDTH-1], gate_raw} - {l6_inhibition[WIDTH-1], l6_inhibition};
    wire signed [WIDTH-1:0] gate_new  = gate_diff[WIDTH] ? 18'sd0 : gate_diff[WIDTH-1:0];  // max(0, .)
    wire signed [WIDTH-1:0] relay     = mulq_sat(mulq_sat(sensory_input, sensory_gain), gate_new);

    // SR relay with the distributed SIE boost (f0 1.3x, f1 1.2x while that harmonic's SIE holds).
    wire signed [WIDTH-1:0] boost_f0 = sie_per_harmonic[0] ? SIE_BOOST_F0 : ONE_Q14;
    wire signed [WIDTH-1:0] boost_f1 = sie_per_harmonic[1] ? SIE_BOOST_F1 : ONE_Q14;
    wire signed [WIDTH-1:0] sr_f0 = mulq(mulq(f0_x, gain_f0), boost_f0);   // |f_x| <= 8, gain <= 1
    wire signed [WIDTH-1:0] sr_f1 = mulq(mulq(f1_x, gain_f1), boost_f1);
    wire signed [WIDTH-1:0] sr_f2 = mulq(f2_x, gain_f2);
    wire signed [WIDTH-1:0] sr_f3 = mulq(f3_x, gain_f3);
    wire signed [WIDTH-1:0] sr_f4 = mulq(f4_x, gain_f4);
    wire signed [20:0] core_sum = {{3{relay[WIDTH-1]}}, relay}
                                + {{3{sr_f0[WIDTH-1]}}, sr_f0} + {{3{sr_f1[WIDTH-1]}}, sr_f1}
                                + {{3{sr_f2[WIDTH-1]}}, sr_f2} + {{3{sr_f3[WIDTH-1]}}, sr_f3}
                                + {{3{sr_f4[WIDTH-1]}}, sr_f4};
    wire signed [WIDTH-1:0] core_new = (core_sum > SAT21_MAX) ? 18'sd131071 :
                                       (core_sum < SAT21_MIN) ? -18'sd131072 : core_sum[WIDTH-1:0];

    // ---------------------------------------------------------------- matrix pathway
    wire signed [WIDTH-1:0] l5b_avg    = mean3(l5b_sensory, l5b_assoc, l5b_motor);
    wire signed [WIDTH-1:0] matrix_new = mulq_sat(l5b_avg, gate_new);

    // ---------------------------------------------------------------- theta phase detector
    reg  signed [WIDTH-1:0] theta_y_dc;   // DC estimate of theta_y
    reg  signed [WIDTH-1:0] theta_amp;    // IIR of |theta_y_hp|
    reg  signed [WIDTH-1:0] hp_ext;       // extreme of theta_y_hp since the last turn
    reg                     y_rising;

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH:0]   y_diff  = {theta_y[WIDTH-1], theta_y} - {theta_y_dc[WIDTH-1], theta_y_dc};
    wire signed [WIDTH:0]   dc_step = y_diff >>> 8;
    wire signed [WIDTH:0]   dc_sum  = {theta_y_dc[WIDTH-1], theta_y_dc} + dc_step;  // between dc and y
    wire signed [WIDTH-1:0] theta_y_hp = (y_diff > SAT19_MAX) ? 18'sd131071 :
                                         (y_diff < SAT19_MIN) ? -18'sd131072 : y_diff[WIDTH-1:0];
    wire signed [WIDTH:0]   hp_ext19 = {theta_y_hp[WIDTH-1], theta_y_hp};
    wire signed [WIDTH:0]   hp_neg   = -hp_ext19;
    wire signed [WIDTH-1:0] hp_abs   = theta_y_hp[WIDTH-1] ? ((hp_neg > SAT19_MAX) ? 18'sd131071 : hp_neg[WIDTH-1:0])
                                                           : theta_y_hp;
    wire signed [WIDTH:0]   amp_diff = {hp_abs[WIDTH-1], hp_abs} - {theta_amp[WIDTH-1], theta_amp};
    wire signed [WIDTH:0]   amp_step = amp_diff >>> 8;
    wire signed [WIDTH:0]   amp_sum  = {theta_amp[WIDTH-1], theta_amp} + amp_step;   // between amp and |hp|
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH+1:0] hp20     = {{2{theta_y_hp[WIDTH-1]}}, theta_y_hp};
    wire signed [WIDTH+1:0] ext20    = {{2{hp_ext[WIDTH-1]}}, hp_ext};
    wire turn_down  = y_rising & (hp20 < ext20 - PHASE_TURN_HYST);
    wire turn_up    = ~y_rising & (hp20 > ext20 + PHASE_TURN_HYST);
    wire rising_new = y_rising ? ~turn_down : turn_up;
    wire ext_load   = (y_rising & (hp20 > ext20)) | (~y_rising & (hp20 < ext20)) | turn_down | turn_up;
    wire big        = hp_abs > (theta_amp >>> 2);
    wire y_pos      = ~theta_y_hp[WIDTH-1];
    reg  [2:0] phase_new;
    always @(*) begin
        case ({y_pos, rising_new, big})
            3'b110:  phase_new = 3'd0;   // early encoding: rising from zero
            3'b111:  phase_new = 3'd1;   // rising to the peak
            3'b101:  phase_new = 3'd2;   // late encoding: falling from the peak
            3'b100:  phase_new = 3'd3;   // falling to zero
            3'b000:  phase_new = 3'd4;   // early retrieval: falling from zero
            3'b001:  phase_new = 3'd5;   // falling to the trough
            3'b011:  phase_new = 3'd6;   // late retrieval: rising from the trough
            default: phase_new = 3'd7;   // 3'b010: rising to zero
        endcase
    end
    assign encoding_window = ~theta_phase[2];

    always @(posedge clk) begin
        if (rst) begin
            theta_phase     <= 3'd0;
            theta_gate      <= 18'sd0;
            thalamic_output <= 18'sd0;
            matrix_output   <= 18'sd0;
            theta_y_dc      <= 18'sd0;
            theta_amp       <= 18'sd0;
            hp_ext          <= 18'sd0;
            y_rising        <= 1'b1;
        end else if (clk_en) begin
            theta_phase     <= phase_new;
            theta_gate      <= gate_new;
            thalamic_output <= core_new;
            matrix_output   <= matrix_new;
            theta_y_dc      <= dc_sum[WIDTH-1:0];
            theta_amp       <= amp_sum[WIDTH-1:0];
            if (ext_load)
                hp_ext <= theta_y_hp;
            y_rising        <= rising_new;
        end
    end
endmodule
`default_nettype wire
