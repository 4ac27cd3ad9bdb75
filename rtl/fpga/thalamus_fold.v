// thalamus_fold: the folded form of rtl/fpga/thalamus_glue.v with its
// rtl/fpga/sr_harmonic_bank_glue.v (issue 19, the folded processor; docs/fpga.md, section "The
// folded thalamus"). The glue
// computes the next values of the thalamus (rtl/thalamus.v) and of the Schumann-resonance bank
// (rtl/sr_harmonic_bank.v) with all its products in parallel (53 DSP48E1 after Yosys); here they
// run one after another through one registered multiplier (one DSP48E1), between `start` and
// `commit`. No division and no root: no divsqrt_unit.
//
// What it computes (source document sections 3, 4.1, 10.5, "Quarter-Integer phi^n Theory",
// "Dynamic SIE", as the reference; contracts docs/spec/thalamus.md, docs/spec/sr_harmonic_bank.md):
//   thalamus:  l6_avg, l5b_avg = (a + b + c) * ONE_THIRD >>> 14 (20-bit sum)
//              l6_inhibition   = (K_L6_THAL l6_pos >>> 14) + (K_TRN l6_pos >>> 14)
//              gate_new        = max(0, 0.5 + theta_x / 2 - l6_inhibition)
//              relay           = sat18(sat18(sensory_input sensory_gain >>> 14) gate_new >>> 14)
//              sr_fh           = (fh_x gain_fh >>> 14) [* boost_fh >>> 14 for h = 0, 1]
//              thalamic_output<= sat18(relay + sr_f0 + .. + sr_f4); matrix_output <= sat18(l5b_avg
//              gate_new >>> 14); theta_gate <= gate_new; theta_phase and its detector registers
//              (no products) as the reference
//              theta's input_x = beta_quiet ? (f0_x gain_f0 >>> 14) * K_SR_ENTRAIN >>> 14 : 0
//   SR bank:   per harmonic h, coh_h, coh_factor, gain_h, sie_h, enhance_h, gain_enh_h as in
//              sr_harmonic_bank_glue.v's header; sr_coherence = max coh_h, sr_amplification =
//              sat(sum gain_enh_h AMP_SCALE_h >>> 14); f_h's input_x = sat18(sat18(sr_field_fh +
//              (sr_field_input AMP_SCALE_h >>> 14)) + noise_fh)
//
// Equality with the reference. On the commit edge every register of thalamus_glue (theta_phase,
// theta_gate, thalamic_output, matrix_output, theta_y_dc, theta_amp, hp_ext, y_rising, and
// u_sr_bank's coherence_fh, gain_fh, sie_per_harmonic, coherence_mask, beta_quiet,
// sr_coherence, sr_amplification; the same names) takes the value the reference computes on its
// clk_en edge from the same inputs and registers:
//   - every product is the reference's integer: the operands are the reference's (18-bit words,
//     or mean3's 20-bit sum), the multiplier is 20 x 18 bits signed with a 38-bit product, so
//     it is exact; each reduction (>>> 14, the low 18 bits, the saturations) is the reference's
//     expression on that integer (the reference's 36-bit product is the same integer: |a b| <=
//     2^34 for two 18-bit words);
//   - the products by a constant power of two are shifts: AMP_SCALE_F0 = Q_NORM_F2 = 16384, so
//     drive_f0's product term is sr_field_input, gain_q_f2 = gain_raw_f2 and amp_f0 =
//     genh_f0 (x 2^14 >>> 14 is the identity on an 18-bit word);
//   - K_TRN = 3277 = 2 K_L6_THAL + 1, so K_TRN l6_pos = 2 (K_L6_THAL l6_pos) + l6_pos: one pass
//     of the multiplier and a shift and an add give both products exactly;
//   - K_SR_ENTRAIN = 164 = 2^7 + 2^5 + 2^2: theta's entrainment term is three shifted copies of
//     an 18-bit word added in fabric (no product; synthesis: no DSP48E1 for it), so theta's
//     input_x is ready 2 clocks earlier than through the multiplier;
//   - the remaining next-state logic (the sums, maxima, saturations, the phase detector, the
//     beta gate) is the reference's expressions, read on the commit edge from the registers
//     stored during the tick, the module's registers and the inputs.
// gain_enh_fh (registers of the reference's bank that reach no port of thalamus_glue) are not
// kept: their next values (genh_h below) feed sr_amplification as in the reference.
// Proof: testbenches/tb_thalamus_fold.v (thalamus_glue beside it, every clock).
//
// Interface: thalamus_glue's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The inputs are read from the clock after that edge on and must hold until
//           the commit edge (they may still change on the start edge itself).
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It must come at least CLOCKS clocks after
//           the start edge (busy low); an earlier commit commits a half-computed tick, a commit
//           without a start the last computed values. start and commit may share a clock: the
//           computation then reads the registers committed on that edge.
//   busy    high from the start edge to the edge that stores the last product (C_LAST).
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
// Output kinds (docs/fpga.md, "The folded thalamus", table of every port):
//   (R) registers, equal to the reference's at every clock: theta_phase, theta_gate,
//       thalamic_output, matrix_output, sie_per_harmonic, coherence_mask, beta_quiet,
//       sr_coherence, sr_amplification, sr_coherence_packed, and encoding_window (a function
//       of theta_phase).
//   (P) combinational from the inputs, no product, equal at every clock: sr_f_x_packed, the
//       oscillators' mu_dt and omega_dt, f0_input_x.
//   (T) read by the Hopf engine during the tick, equal to the reference's from edge V_* on
//       through the commit edge: theta_input_x from edge V_THETA_IN = 3, f1..f4_input_x from
//       edges V_F1_IN .. V_F4_IN = 4, 5, 6, 7 (localparams below).
//
// Schedule. The start edge is edge 0; clock c is the clock that ends with edge c (c = 1 the
// first after start). The multiplier registers its operands and its product (DSP48E1 AREG/BREG
// and MREG): operands issued in clock c (loaded on edge c) give the product in `mul_p` during
// clock c + 2, where its reduction is stored on the edge ending that clock (edge c + 2); a
// product that needs it is issued in clock c + 3 or later. Harmonic h's target (t) is theta,
// alpha, low beta, high beta, gamma for h = 0..4.
//
//   clock | multiplier issue                   | stored on edge c (from the product of c - 2)
//   ------+------------------------------------+-----------------------------------------------
//   1     | f0_x * gain_f0                     |
//   2     | sr_field_input * AMP_SCALE_F1      |
//   3     | sr_field_input * AMP_SCALE_F2      | t_f0: theta_input_x valid from edge 3
//   4     | sr_field_input * AMP_SCALE_F3      | drv1: f1_input_x valid from edge 4
//   5     | sr_field_input * AMP_SCALE_F4      | drv2: f2_input_x valid from edge 5
//   6     | sum(l6) * ONE_THIRD                | drv3: f3_input_x valid from edge 6
//   7     | beta_pos * BETA_INV_THRESH         | drv4: f4_input_x valid from edge 7
//   8     | t0_x * f0_x                        | l6_pos
//   9     | t0_y * f0_y                        | beta_factor
//   10    | l6_pos * K_L6_THAL                 | px (t0_x f0_x)
//   11    | t1_x * f1_x                        | coh0 = coherence(px, t0_y f0_y)
//   12    | t1_y * f1_y                        | l6_inh (gate_new from here on)
//   13-18 | t2_x * f2_x .. t4_y * f4_y         | px, coh1, px, coh2, px, coh3 (edges 13-18)
//   19-23 | coh_factor(coh_h) * beta_factor    | px, coh4 (19, 20); graw0..2 (21-23)
//   24-27 | graw_h * Q_NORM_h, h = 0, 1, 3, 4  | graw3, graw4 (24, 25; gq2 = graw2 on 23);
//         |                                    | gq0, gq1 (26, 27)
//   28-32 | instab_h * SIE_K_INSTABILITY       | gq3, gq4 (28, 29); ena0..2 (30-32)
//   33-37 | gq_h * enhance_h                   | ena3, ena4 (33, 34); genh0..2 (35-37)
//   38-41 | genh_h * AMP_SCALE_h, h = 1..4     | genh3, genh4 (38, 39); amp1, amp2 (40, 41)
//   42    | sensory_input * sensory_gain       | amp3
//   43    | sum(l5b) * ONE_THIRD               | amp4
//   44    | t_f0 * boost_f0                    | s1 = sat18(sensory_input sensory_gain >>> 14)
//   45    | f1_x * gain_f1                     | l5b_avg
//   46    | f2_x * gain_f2                     | sr_f0
//   47    | s1 * gate_new                      | t_f1
//   48    | l5b_avg * gate_new                 | sr_f2
//   49    | t_f1 * boost_f1                    | relay
//   50    | f3_x * gain_f3                     | matrix_nx
//   51    | f4_x * gain_f4                     | sr_f1
//   52    | -                                  | sr_f3
//   53    | -                                  | sr_f4; busy low
//   >= 54 | -                                  | commit allowed
//
//   CLOCKS = 54: 51 products, one a clock, none waiting (every product's operands are stored
//   at least one clock before its issue clock), the two clocks of the multiplier's registers,
//   and the edge after the last store.
//
// One multiplier, 20 x 18 bits signed, product 38 bits, one DSP48E1 (25 x 18): operand a is an
// 18-bit word sign-extended, or mean3's 20-bit sum; operand b an 18-bit word.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module thalamus_fold #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
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
    // The oscillators' state (folded: from hopf_bank). The amplitudes are not used, as in
    // thalamus_glue.
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
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f0_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f1_x,
    input  wire signed [WIDTH-1:0] f1_y,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f1_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f2_x,
    input  wire signed [WIDTH-1:0] f2_y,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f2_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f3_x,
    input  wire signed [WIDTH-1:0] f3_y,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f3_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f4_x,
    input  wire signed [WIDTH-1:0] f4_y,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] f4_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    output wire signed [5*WIDTH-1:0] sr_f_x_packed,
    output wire signed [5*WIDTH-1:0] sr_coherence_packed,
    output reg  [4:0]              sie_per_harmonic,
    output reg  [4:0]              coherence_mask,
    output reg                     beta_quiet,
    output reg  signed [WIDTH-1:0] sr_coherence,
    output reg  signed [WIDTH-1:0] sr_amplification,
    // The oscillators' inputs (folded: to hopf_bank), as thalamus_glue's.
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
    // Issue clocks of the schedule (table above); a product issued in clock I is stored on
    // edge I + 2.
    localparam [5:0] I_F0G  = 6'd1;    // f0_x * gain_f0 -> t_f0
    localparam [5:0] I_DRV1 = 6'd2;    // sr_field_input * AMP_SCALE_F1 -> drv1
    localparam [5:0] I_DRV2 = 6'd3;
    localparam [5:0] I_DRV3 = 6'd4;
    localparam [5:0] I_DRV4 = 6'd5;
    localparam [5:0] I_L6   = 6'd6;    // sum(l6) * ONE_THIRD -> l6_pos
    localparam [5:0] I_BETA = 6'd7;    // beta_pos * BETA_INV_THRESH -> beta_factor
    localparam [5:0] I_PX0  = 6'd8;    // t_x * f_x -> px
    localparam [5:0] I_PY0  = 6'd9;    // t_y * f_y -> coh0
    localparam [5:0] I_INH  = 6'd10;   // l6_pos * K_L6_THAL -> l6_inh
    localparam [5:0] I_PX1  = 6'd11;
    localparam [5:0] I_PY1  = 6'd12;
    localparam [5:0] I_PX2  = 6'd13;
    localparam [5:0] I_PY2  = 6'd14;
    localparam [5:0] I_PX3  = 6'd15;
    localparam [5:0] I_PY3  = 6'd16;
    localparam [5:0] I_PX4  = 6'd17;
    localparam [5:0] I_PY4  = 6'd18;
    localparam [5:0] I_GR0  = 6'd19;   // coh_factor * beta_factor -> graw (gq2 for h = 2)
    localparam [5:0] I_GR1  = 6'd20;
    localparam [5:0] I_GR2  = 6'd21;
    localparam [5:0] I_GR3  = 6'd22;
    localparam [5:0] I_GR4  = 6'd23;
    localparam [5:0] I_GQ0  = 6'd24;   // graw * Q_NORM -> gq
    localparam [5:0] I_GQ1  = 6'd25;
    localparam [5:0] I_GQ3  = 6'd26;
    localparam [5:0] I_GQ4  = 6'd27;
    localparam [5:0] I_EN0  = 6'd28;   // instab * SIE_K_INSTABILITY -> ena
    localparam [5:0] I_EN1  = 6'd29;
    localparam [5:0] I_EN2  = 6'd30;
    localparam [5:0] I_EN3  = 6'd31;
    localparam [5:0] I_EN4  = 6'd32;
    localparam [5:0] I_GE0  = 6'd33;   // gq * enhance -> genh
    localparam [5:0] I_GE1  = 6'd34;
    localparam [5:0] I_GE2  = 6'd35;
    localparam [5:0] I_GE3  = 6'd36;
    localparam [5:0] I_GE4  = 6'd37;
    localparam [5:0] I_AM1  = 6'd38;   // genh * AMP_SCALE -> amp
    localparam [5:0] I_AM2  = 6'd39;
    localparam [5:0] I_AM3  = 6'd40;
    localparam [5:0] I_AM4  = 6'd41;
    localparam [5:0] I_SEN  = 6'd42;   // sensory_input * sensory_gain -> s1
    localparam [5:0] I_L5B  = 6'd43;   // sum(l5b) * ONE_THIRD -> l5b_avg
    localparam [5:0] I_SR0  = 6'd44;   // t_f0 * boost_f0 -> sr_f0
    localparam [5:0] I_F1G  = 6'd45;   // f1_x * gain_f1 -> t_f1
    localparam [5:0] I_SR2  = 6'd46;   // f2_x * gain_f2 -> sr_f2
    localparam [5:0] I_REL  = 6'd47;   // s1 * gate_new -> relay
    localparam [5:0] I_MAT  = 6'd48;   // l5b_avg * gate_new -> matrix_nx
    localparam [5:0] I_SR1  = 6'd49;   // t_f1 * boost_f1 -> sr_f1
    localparam [5:0] I_SR3  = 6'd50;   // f3_x * gain_f3 -> sr_f3
    localparam [5:0] I_SR4  = 6'd51;   // f4_x * gain_f4 -> sr_f4
    localparam [5:0] C_LAST = I_SR4 + 6'd2;   // the last store; busy falls on its edge
    // Clocks from the start edge to the first edge that may commit, and the edges from which
    // the (T) outputs are valid (schedule above). Read by the integrator and the testbench (by
    // hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS     = 54;
    localparam integer V_THETA_IN = 3;   // theta_input_x
    localparam integer V_F1_IN    = 4;   // f1_input_x
    localparam integer V_F2_IN    = 5;
    localparam integer V_F3_IN    = 6;
    localparam integer V_F4_IN    = 7;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of thalamus_glue.v and sr_harmonic_bank_glue.v, same names, widths and values.
    localparam signed [WIDTH-1:0] OMEGA_DT_THETA  = 18'sd152;    // 5.89 Hz
    localparam signed [WIDTH-1:0] ONE_Q14         = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] HALF_Q14        = 18'sd8192;   // 0.5
    localparam signed [WIDTH-1:0] K_L6_THAL       = 18'sd1638;   // 0.1
    localparam signed [WIDTH-1:0] ONE_THIRD       = 18'sd5461;   // 0.3333
    localparam signed [WIDTH-1:0] SIE_BOOST_F0    = 18'sd21299;  // 1.3
    localparam signed [WIDTH-1:0] SIE_BOOST_F1    = 18'sd19661;  // 1.2
    localparam signed [WIDTH+1:0] PHASE_TURN_HYST = 20'sd64;     // 0.0039
    localparam signed [37:0]      SAT38_MAX       = 38'sd131071;
    localparam signed [37:0]      SAT38_MIN       = -38'sd131072;
    localparam signed [WIDTH:0]   SAT19_MAX       = 19'sd131071;
    localparam signed [WIDTH:0]   SAT19_MIN       = -19'sd131072;
    localparam signed [20:0]      SAT21_MAX       = 21'sd131071;
    localparam signed [20:0]      SAT21_MIN       = -21'sd131072;
    localparam signed [WIDTH-1:0] COH_FACTOR_LO     = 18'sd8192;   // 0.5
    localparam signed [WIDTH-1:0] COHERENCE_THRESH  = 18'sd12288;  // 0.75
    localparam signed [WIDTH-1:0] BETA_QUIET_THRESH = 18'sd15360;  // 0.9375
    localparam signed [WIDTH-1:0] BETA_INV_THRESH   = 18'sd17476;  // 1/0.9375 = 1.0667
    localparam signed [WIDTH-1:0] SIE_BASE_ENHANCE  = 18'sd19661;  // 1.2
    localparam signed [WIDTH-1:0] SIE_K_INSTABILITY = 18'sd29491;  // 1.8
    localparam signed [36:0]      SAT_MAX37         = 37'sd131071;
    localparam signed [WIDTH-1:0] Q_NORM_F0      = 18'sd7929;   // 0.484
    localparam signed [WIDTH-1:0] Q_NORM_F1      = 18'sd10051;  // 0.613
    localparam signed [WIDTH-1:0] Q_NORM_F3      = 18'sd8995;   // 0.549 (Q_NORM_F2 = 1.0: a shift)
    localparam signed [WIDTH-1:0] Q_NORM_F4      = 18'sd7405;   // 0.452
    localparam signed [WIDTH-1:0] AMP_SCALE_F1   = 18'sd13926;  // 0.850 (AMP_SCALE_F0 = 1.0: a shift)
    localparam signed [WIDTH-1:0] AMP_SCALE_F2   = 18'sd5571;   // 0.340
    localparam signed [WIDTH-1:0] AMP_SCALE_F3   = 18'sd2458;   // 0.150
    localparam signed [WIDTH-1:0] AMP_SCALE_F4   = 18'sd983;    // 0.060
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F0 = 18'sd44237;  // 2.700
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F1 = 18'sd49152;  // 3.000
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F2 = 18'sd20480;  // 1.250
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F3 = 18'sd19661;  // 1.200
    localparam signed [WIDTH-1:0] SIE_ENHANCE_F4 = 18'sd19661;  // 1.200

    // ---------------------------------------------------------------- functions
    // The reductions of the reference's functions, applied to the exact 38-bit product.
    /* verilator lint_off UNUSEDSIGNAL */
    // mulq, mean3: prod >>> FRAC, its low 18 bits (callers keep |result| < 2^17 as the reference).
    function signed [WIDTH-1:0] q14;
        input signed [37:0] prod;
        reg   signed [37:0] sh;
        begin
            sh  = prod >>> FRAC;
            q14 = sh[WIDTH-1:0];
        end
    endfunction

    // mulq_sat: prod >>> FRAC saturated to 18 bits.
    function signed [WIDTH-1:0] q14_sat;
        input signed [37:0] prod;
        reg   signed [37:0] sh;
        begin
            sh      = prod >>> FRAC;
            q14_sat = (sh > SAT38_MAX) ? 18'sd131071 : (sh < SAT38_MIN) ? -18'sd131072 : sh[WIDTH-1:0];
        end
    endfunction

    // sr_harmonic_bank_glue's coherence from its two 36-bit products.
    function signed [WIDTH-1:0] coherence;
        input signed [35:0] px;
        input signed [35:0] py;
        reg   signed [36:0] dot;
        reg   signed [36:0] mag;
        reg   signed [36:0] sh;
        begin
            dot = {px[35], px} + {py[35], py};
            mag = dot[36] ? -dot : dot;                 // |dot| <= 2^35: no overflow
            sh  = mag >>> FRAC;
            coherence = (sh > SAT_MAX37) ? 18'sd131071 : sh[WIDTH-1:0];
        end
    endfunction

    // sr_harmonic_bank_glue's coh_factor: 0 below 0.5, (c - 0.5) * 2 up to 1.0, then 1.0.
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

    // enhance_adaptive's operand: 1 - clamp(stab, 0, 1), in [0, 16384].
    function signed [WIDTH-1:0] instab;
        input signed [WIDTH-1:0] stab;
        reg   signed [WIDTH-1:0] s;
        begin
            s = (stab < 18'sd0) ? 18'sd0 : (stab > ONE_Q14) ? ONE_Q14 : stab;
            instab = ONE_Q14 - s;
        end
    endfunction

    // sr_harmonic_bank_glue's drive: sat18(field + sh), sh the low 18 bits of the shifted product.
    function signed [WIDTH-1:0] drive;
        input signed [WIDTH-1:0] field;
        input signed [WIDTH-1:0] sh;
        reg   signed [WIDTH:0]   sum;
        begin
            sum  = {field[WIDTH-1], field} + {sh[WIDTH-1], sh};
            drive = (sum > $signed({2'b00, 17'h1FFFF})) ? 18'sd131071 :
                    (sum < $signed({2'b11, 17'h00000})) ? -18'sd131072 : sum[WIDTH-1:0];
        end
    endfunction

    // hopf_oscillator_stochastic's drive_x: sat18(drive + noise), a 19-bit sum.
    function signed [WIDTH-1:0] drive_x;
        input signed [WIDTH-1:0] d;
        input signed [WIDTH-1:0] noise;
        reg   signed [WIDTH:0]   sum;
        begin
            sum = {d[WIDTH-1], d} + {noise[WIDTH-1], noise};
            drive_x = (sum > SAT19_MAX) ? SAT19_MAX[WIDTH-1:0] :
                      (sum < SAT19_MIN) ? SAT19_MIN[WIDTH-1:0] : sum[WIDTH-1:0];
        end
    endfunction

    // mean3's 20-bit sum of three 18-bit words.
    function signed [19:0] sum3;
        input signed [WIDTH-1:0] p;
        input signed [WIDTH-1:0] q;
        input signed [WIDTH-1:0] r;
        begin
            sum3 = {{2{p[WIDTH-1]}}, p} + {{2{q[WIDTH-1]}}, q} + {{2{r[WIDTH-1]}}, r};
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // An 18-bit word as the multiplier's 20-bit operand a.
    function signed [19:0] sx20;
        input signed [WIDTH-1:0] v;
        begin
            sx20 = {{2{v[WIDTH-1]}}, v};
        end
    endfunction

    // ---------------------------------------------------------------- the SR bank's registers
    // (u_sr_bank's, same names; gain_enh_fh are not kept, header)
    reg signed [WIDTH-1:0] coherence_f0, coherence_f1, coherence_f2, coherence_f3, coherence_f4;
    reg signed [WIDTH-1:0] gain_f0, gain_f1, gain_f2, gain_f3, gain_f4;

    // ---------------------------------------------------------------- tick registers
    // Written during the tick (schedule), read by later products and on the commit edge.
    reg signed [WIDTH-1:0] t_f0;          // f0_x gain_f0 >>> 14
    reg signed [WIDTH-1:0] drv1, drv2, drv3, drv4;   // sr_field_input AMP_SCALE_h >>> 14
    reg signed [WIDTH-1:0] l6_pos;        // max(0, l6_avg)
    reg signed [WIDTH-1:0] beta_factor;
    reg signed [35:0]      px;            // t_x f_x of the harmonic whose t_y f_y comes next
    reg signed [WIDTH-1:0] coh0, coh1, coh2, coh3, coh4;
    reg signed [WIDTH-1:0] l6_inh;        // l6_inhibition
    reg signed [WIDTH-1:0] graw0, graw1, graw3, graw4;   // gain_raw_h
    reg signed [WIDTH-1:0] gq0, gq1, gq2, gq3, gq4;      // gain_q_h: gain_fh's next value
    reg signed [WIDTH-1:0] ena0, ena1, ena2, ena3, ena4; // enhance_adaptive(stability_fh)
    reg signed [WIDTH-1:0] genh0, genh1, genh2, genh3, genh4;  // gain_enh_fh's next value
    reg signed [WIDTH-1:0] amp1, amp2, amp3, amp4;       // amp_fh (amp_f0 = genh0)
    reg signed [WIDTH-1:0] s1;            // sat18(sensory_input sensory_gain >>> 14)
    reg signed [WIDTH-1:0] l5b_avg;
    reg signed [WIDTH-1:0] sr_f0, sr_f1, sr_f2, sr_f3, sr_f4;
    reg signed [WIDTH-1:0] t_f1;          // f1_x gain_f1 >>> 14
    reg signed [WIDTH-1:0] relay;
    reg signed [WIDTH-1:0] matrix_nx;     // matrix_output's next value

    // ---------------------------------------------------------------- the oscillators' inputs
    // Theta: the reference's mulq(mulq(f0_x, gain_f0), K_SR_ENTRAIN) with the constant product
    // t_f0 * 164 as 2^7 + 2^5 + 2^2 shifted copies (header), at the reference's 36 bits.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] t_f0_36   = {{18{t_f0[WIDTH-1]}}, t_f0};
    wire signed [35:0] ent_prod  = (t_f0_36 <<< 7) + (t_f0_36 <<< 5) + (t_f0_36 <<< 2);
    wire signed [35:0] ent_sh    = ent_prod >>> FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    assign theta_mu_dt    = mu_dt;
    assign theta_omega_dt = OMEGA_DT_THETA;
    assign theta_input_x  = beta_quiet ? ent_sh[WIDTH-1:0] : 18'sd0;
    // SR f0..f4: drive_h = sat18(sr_field_fh + drv_h), drv_0 = sr_field_input (AMP_SCALE 1.0).
    assign f0_input_x  = drive_x(drive(sr_field_f0, sr_field_input), noise_f0);
    assign f1_input_x  = drive_x(drive(sr_field_f1, drv1), noise_f1);
    assign f2_input_x  = drive_x(drive(sr_field_f2, drv2), noise_f2);
    assign f3_input_x  = drive_x(drive(sr_field_f3, drv3), noise_f3);
    assign f4_input_x  = drive_x(drive(sr_field_f4, drv4), noise_f4);
    assign f0_mu_dt    = sr_mu_dt;
    assign f1_mu_dt    = sr_mu_dt;
    assign f2_mu_dt    = sr_mu_dt;
    assign f3_mu_dt    = sr_mu_dt;
    assign f4_mu_dt    = sr_mu_dt;
    assign f0_omega_dt = omega_dt_f0;
    assign f1_omega_dt = omega_dt_f1;
    assign f2_omega_dt = omega_dt_f2;
    assign f3_omega_dt = omega_dt_f3;
    assign f4_omega_dt = omega_dt_f4;

    // ---------------------------------------------------------------- operands' inputs
    // The beta gate (the reference's, all harmonics).
    wire                    quiet_now = beta_amplitude < BETA_QUIET_THRESH;
    wire signed [WIDTH-1:0] beta_pos  = beta_amplitude[WIDTH-1] ? 18'sd0 : beta_amplitude;
    // SIE per harmonic from this tick's coherence, and the enhancement the reference selects.
    wire mask0 = coh0 > COHERENCE_THRESH;
    wire mask1 = coh1 > COHERENCE_THRESH;
    wire mask2 = coh2 > COHERENCE_THRESH;
    wire mask3 = coh3 > COHERENCE_THRESH;
    wire mask4 = coh4 > COHERENCE_THRESH;
    wire sie0  = quiet_now & mask0;
    wire sie1  = quiet_now & mask1;
    wire sie2  = quiet_now & mask2;
    wire sie3  = quiet_now & mask3;
    wire sie4  = quiet_now & mask4;
    wire signed [WIDTH-1:0] enh0 = !sie0 ? ONE_Q14 : adaptive_en ? ena0 : SIE_ENHANCE_F0;
    wire signed [WIDTH-1:0] enh1 = !sie1 ? ONE_Q14 : adaptive_en ? ena1 : SIE_ENHANCE_F1;
    wire signed [WIDTH-1:0] enh2 = !sie2 ? ONE_Q14 : adaptive_en ? ena2 : SIE_ENHANCE_F2;
    wire signed [WIDTH-1:0] enh3 = !sie3 ? ONE_Q14 : adaptive_en ? ena3 : SIE_ENHANCE_F3;
    wire signed [WIDTH-1:0] enh4 = !sie4 ? ONE_Q14 : adaptive_en ? ena4 : SIE_ENHANCE_F4;
    // The relay's boost from the committed SIE flags (the reference's registers).
    wire signed [WIDTH-1:0] boost_f0 = sie_per_harmonic[0] ? SIE_BOOST_F0 : ONE_Q14;
    wire signed [WIDTH-1:0] boost_f1 = sie_per_harmonic[1] ? SIE_BOOST_F1 : ONE_Q14;
    // The core gate from l6_inh (stored on edge I_INH + 2) and theta_x.
    wire signed [WIDTH-1:0] gate_raw  = HALF_Q14 + (theta_x >>> 1);                       // 0.5 + x/2
    wire signed [WIDTH:0]   gate_diff = {gate_raw[WIDTH-1], gate_raw} - {l6_inh[WIDTH-1], l6_inh};
    wire signed [WIDTH-1:0] gate_new  = gate_diff[WIDTH] ? 18'sd0 : gate_diff[WIDTH-1:0];  // max(0, .)

    // ---------------------------------------------------------------- sequencer
    reg [5:0] c;   // clock of the schedule, 1 in the clock after the start edge

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            c    <= 6'd0;
        end else if (start) begin
            busy <= 1'b1;
            c    <= 6'd1;
        end else if (busy) begin
            c <= c + 6'd1;
            if (c == C_LAST) busy <= 1'b0;
        end
    end

    // ---------------------------------------------------------------- the multiplier
    // Registered operands and product (DSP48E1 AREG/BREG, MREG): one DSP48E1.
    reg  signed [19:0] op_a;
    reg  signed [17:0] op_b;
    reg  signed [19:0] mul_a;
    reg  signed [17:0] mul_b;
    reg  signed [37:0] mul_p;

    always @(*) begin
        op_a = sx20(f0_x);
        op_b = gain_f0;
        case (c)
            I_F0G:  begin op_a = sx20(f0_x);           op_b = gain_f0;           end
            I_DRV1: begin op_a = sx20(sr_field_input); op_b = AMP_SCALE_F1;      end
            I_DRV2: begin op_a = sx20(sr_field_input); op_b = AMP_SCALE_F2;      end
            I_DRV3: begin op_a = sx20(sr_field_input); op_b = AMP_SCALE_F3;      end
            I_DRV4: begin op_a = sx20(sr_field_input); op_b = AMP_SCALE_F4;      end
            I_L6:   begin op_a = sum3(l6_sensory, l6_assoc, l6_motor); op_b = ONE_THIRD; end
            I_BETA: begin op_a = sx20(beta_pos);       op_b = BETA_INV_THRESH;   end
            I_PX0:  begin op_a = sx20(theta_x);        op_b = f0_x;              end
            I_PY0:  begin op_a = sx20(theta_y);        op_b = f0_y;              end
            I_INH:  begin op_a = sx20(l6_pos);         op_b = K_L6_THAL;         end
            I_PX1:  begin op_a = sx20(alpha_x);        op_b = f1_x;              end
            I_PY1:  begin op_a = sx20(alpha_y);        op_b = f1_y;              end
            I_PX2:  begin op_a = sx20(low_beta_x);     op_b = f2_x;              end
            I_PY2:  begin op_a = sx20(low_beta_y);     op_b = f2_y;              end
            I_PX3:  begin op_a = sx20(high_beta_x);    op_b = f3_x;              end
            I_PY3:  begin op_a = sx20(high_beta_y);    op_b = f3_y;              end
            I_PX4:  begin op_a = sx20(gamma_x);        op_b = f4_x;              end
            I_PY4:  begin op_a = sx20(gamma_y);        op_b = f4_y;              end
            I_GR0:  begin op_a = sx20(coh_factor(coh0)); op_b = beta_factor;     end
            I_GR1:  begin op_a = sx20(coh_factor(coh1)); op_b = beta_factor;     end
            I_GR2:  begin op_a = sx20(coh_factor(coh2)); op_b = beta_factor;     end
            I_GR3:  begin op_a = sx20(coh_factor(coh3)); op_b = beta_factor;     end
            I_GR4:  begin op_a = sx20(coh_factor(coh4)); op_b = beta_factor;     end
            I_GQ0:  begin op_a = sx20(graw0);          op_b = Q_NORM_F0;         end
            I_GQ1:  begin op_a = sx20(graw1);          op_b = Q_NORM_F1;         end
            I_GQ3:  begin op_a = sx20(graw3);          op_b = Q_NORM_F3;         end
            I_GQ4:  begin op_a = sx20(graw4);          op_b = Q_NORM_F4;         end
            I_EN0:  begin op_a = sx20(instab(stability_f0)); op_b = SIE_K_INSTABILITY; end
            I_EN1:  begin op_a = sx20(instab(stability_f1)); op_b = SIE_K_INSTABILITY; end
            I_EN2:  begin op_a = sx20(instab(stability_f2)); op_b = SIE_K_INSTABILITY; end
            I_EN3:  begin op_a = sx20(instab(stability_f3)); op_b = SIE_K_INSTABILITY; end
            I_EN4:  begin op_a = sx20(instab(stability_f4)); op_b = SIE_K_INSTABILITY; end
            I_GE0:  begin op_a = sx20(gq0);            op_b = enh0;              end
            I_GE1:  begin op_a = sx20(gq1);            op_b = enh1;              end
            I_GE2:  begin op_a = sx20(gq2);            op_b = enh2;              end
            I_GE3:  begin op_a = sx20(gq3);            op_b = enh3;              end
            I_GE4:  begin op_a = sx20(gq4);            op_b = enh4;              end
            I_AM1:  begin op_a = sx20(genh1);          op_b = AMP_SCALE_F1;      end
            I_AM2:  begin op_a = sx20(genh2);          op_b = AMP_SCALE_F2;      end
            I_AM3:  begin op_a = sx20(genh3);          op_b = AMP_SCALE_F3;      end
            I_AM4:  begin op_a = sx20(genh4);          op_b = AMP_SCALE_F4;      end
            I_SEN:  begin op_a = sx20(sensory_input);  op_b = sensory_gain;      end
            I_L5B:  begin op_a = sum3(l5b_sensory, l5b_assoc, l5b_motor); op_b = ONE_THIRD; end
            I_SR0:  begin op_a = sx20(t_f0);           op_b = boost_f0;          end
            I_F1G:  begin op_a = sx20(f1_x);           op_b = gain_f1;           end
            I_SR2:  begin op_a = sx20(f2_x);           op_b = gain_f2;           end
            I_REL:  begin op_a = sx20(s1);             op_b = gate_new;          end
            I_MAT:  begin op_a = sx20(l5b_avg);        op_b = gate_new;          end
            I_SR1:  begin op_a = sx20(t_f1);           op_b = boost_f1;          end
            I_SR3:  begin op_a = sx20(f3_x);           op_b = gain_f3;           end
            I_SR4:  begin op_a = sx20(f4_x);           op_b = gain_f4;           end
            default: ;
        endcase
    end

    always @(posedge clk) begin
        if (busy) begin
            mul_a <= op_a;
            mul_b <= op_b;
        end
        mul_p <= mul_a * mul_b;
    end

    // ---------------------------------------------------------------- stores (edge I + 2)
    // The product in mul_p: its low 36 bits are the reference's 36-bit product of two 18-bit
    // words (|p| <= 2^34), used where the reference keeps the full product (px, py).
    wire signed [35:0] p36 = mul_p[35:0];
    // l6_inhibition: K_L6_THAL l6_pos and K_TRN l6_pos = 2 K_L6_THAL l6_pos + l6_pos (header),
    // each >>> 14 to its low 18 bits, added at 18 bits as the reference.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [37:0] trn_prod = (mul_p <<< 1) + {{20{l6_pos[WIDTH-1]}}, l6_pos};
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] mul_q = q14(mul_p);

    always @(posedge clk) begin
        if (busy) begin
            case (c)
                I_F0G  + 6'd2: t_f0 <= mul_q;
                I_DRV1 + 6'd2: drv1 <= mul_q;
                I_DRV2 + 6'd2: drv2 <= mul_q;
                I_DRV3 + 6'd2: drv3 <= mul_q;
                I_DRV4 + 6'd2: drv4 <= mul_q;
                I_L6   + 6'd2: l6_pos <= mul_q[WIDTH-1] ? 18'sd0 : mul_q;   // no negative inhibition
                I_BETA + 6'd2: beta_factor <= quiet_now ? (ONE_Q14 - mul_q) : 18'sd0;
                I_PX0  + 6'd2: px <= p36;
                I_PY0  + 6'd2: coh0 <= coherence(px, p36);
                I_INH  + 6'd2: l6_inh <= mul_q + q14(trn_prod);
                I_PX1  + 6'd2: px <= p36;
                I_PY1  + 6'd2: coh1 <= coherence(px, p36);
                I_PX2  + 6'd2: px <= p36;
                I_PY2  + 6'd2: coh2 <= coherence(px, p36);
                I_PX3  + 6'd2: px <= p36;
                I_PY3  + 6'd2: coh3 <= coherence(px, p36);
                I_PX4  + 6'd2: px <= p36;
                I_PY4  + 6'd2: coh4 <= coherence(px, p36);
                I_GR0  + 6'd2: graw0 <= mul_q;
                I_GR1  + 6'd2: graw1 <= mul_q;
                I_GR2  + 6'd2: gq2 <= mul_q;    // gain_q_f2 = gain_raw_f2 (Q_NORM_F2 = 1.0)
                I_GR3  + 6'd2: graw3 <= mul_q;
                I_GR4  + 6'd2: graw4 <= mul_q;
                I_GQ0  + 6'd2: gq0 <= mul_q;
                I_GQ1  + 6'd2: gq1 <= mul_q;
                I_GQ3  + 6'd2: gq3 <= mul_q;
                I_GQ4  + 6'd2: gq4 <= mul_q;
                I_EN0  + 6'd2: ena0 <= SIE_BASE_ENHANCE + mul_q;   // <= 49152
                I_EN1  + 6'd2: ena1 <= SIE_BASE_ENHANCE + mul_q;
                I_EN2  + 6'd2: ena2 <= SIE_BASE_ENHANCE + mul_q;
                I_EN3  + 6'd2: ena3 <= SIE_BASE_ENHANCE + mul_q;
                I_EN4  + 6'd2: ena4 <= SIE_BASE_ENHANCE + mul_q;
                I_GE0  + 6'd2: genh0 <= mul_q;
                I_GE1  + 6'd2: genh1 <= mul_q;
                I_GE2  + 6'd2: genh2 <= mul_q;
                I_GE3  + 6'd2: genh3 <= mul_q;
                I_GE4  + 6'd2: genh4 <= mul_q;
                I_AM1  + 6'd2: amp1 <= mul_q;
                I_AM2  + 6'd2: amp2 <= mul_q;
                I_AM3  + 6'd2: amp3 <= mul_q;
                I_AM4  + 6'd2: amp4 <= mul_q;
                I_SEN  + 6'd2: s1 <= q14_sat(mul_p);
                I_L5B  + 6'd2: l5b_avg <= mul_q;
                I_SR0  + 6'd2: sr_f0 <= mul_q;
                I_F1G  + 6'd2: t_f1 <= mul_q;
                I_SR2  + 6'd2: sr_f2 <= mul_q;
                I_REL  + 6'd2: relay <= q14_sat(mul_p);
                I_MAT  + 6'd2: matrix_nx <= q14_sat(mul_p);
                I_SR1  + 6'd2: sr_f1 <= mul_q;
                I_SR3  + 6'd2: sr_f3 <= mul_q;
                I_SR4  + 6'd2: sr_f4 <= mul_q;
                default: ;
            endcase
        end
    end

    // ---------------------------------------------------------------- next values (commit edge)
    // The thalamus' core sum (the reference's 21-bit sum, saturated).
    wire signed [20:0] core_sum = {{3{relay[WIDTH-1]}}, relay}
                                + {{3{sr_f0[WIDTH-1]}}, sr_f0} + {{3{sr_f1[WIDTH-1]}}, sr_f1}
                                + {{3{sr_f2[WIDTH-1]}}, sr_f2} + {{3{sr_f3[WIDTH-1]}}, sr_f3}
`ifdef PHIN_PLANT_THAL
    // Test plant, never defined in a build: the core sum's LSB flipped when sr_f2 is negative.
    // testbenches/run.sh builds tb_thalamus_fold with it and requires the testbench to fail.
                                + {{3{sr_f4[WIDTH-1]}}, sr_f4} + {20'd0, sr_f2[WIDTH-1]};
`else
                                + {{3{sr_f4[WIDTH-1]}}, sr_f4};
`endif
    wire signed [WIDTH-1:0] core_new = (core_sum > SAT21_MAX) ? 18'sd131071 :
                                       (core_sum < SAT21_MIN) ? -18'sd131072 : core_sum[WIDTH-1:0];

    // The SR bank's strongest coherence and amplitude-weighted enhanced gain sum.
    wire signed [WIDTH-1:0] cmax01   = (coh1 > coh0) ? coh1 : coh0;
    wire signed [WIDTH-1:0] cmax012  = (coh2 > cmax01) ? coh2 : cmax01;
    wire signed [WIDTH-1:0] cmax0123 = (coh3 > cmax012) ? coh3 : cmax012;
    wire signed [WIDTH-1:0] coh_max  = (coh4 > cmax0123) ? coh4 : cmax0123;
    wire signed [20:0] sr_amp_sum = {{3{genh0[WIDTH-1]}}, genh0} + {{3{amp1[WIDTH-1]}}, amp1}
                                  + {{3{amp2[WIDTH-1]}}, amp2} + {{3{amp3[WIDTH-1]}}, amp3}
                                  + {{3{amp4[WIDTH-1]}}, amp4};
    wire signed [WIDTH-1:0] amp_total = (sr_amp_sum > SAT21_MAX) ? 18'sd131071 : sr_amp_sum[WIDTH-1:0];

    // The theta phase detector (the reference's, no products).
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

    // ---------------------------------------------------------------- the reference's registers
    always @(posedge clk) begin
        if (rst) begin
            theta_phase      <= 3'd0;
            theta_gate       <= 18'sd0;
            thalamic_output  <= 18'sd0;
            matrix_output    <= 18'sd0;
            theta_y_dc       <= 18'sd0;
            theta_amp        <= 18'sd0;
            hp_ext           <= 18'sd0;
            y_rising         <= 1'b1;
            coherence_f0     <= 18'sd0;
            coherence_f1     <= 18'sd0;
            coherence_f2     <= 18'sd0;
            coherence_f3     <= 18'sd0;
            coherence_f4     <= 18'sd0;
            gain_f0          <= 18'sd0;
            gain_f1          <= 18'sd0;
            gain_f2          <= 18'sd0;
            gain_f3          <= 18'sd0;
            gain_f4          <= 18'sd0;
            sie_per_harmonic <= 5'd0;
            coherence_mask   <= 5'd0;
            beta_quiet       <= 1'b0;
            sr_coherence     <= 18'sd0;
            sr_amplification <= 18'sd0;
        end else if (commit) begin
            theta_phase      <= phase_new;
            theta_gate       <= gate_new;
            thalamic_output  <= core_new;
            matrix_output    <= matrix_nx;
            theta_y_dc       <= dc_sum[WIDTH-1:0];
            theta_amp        <= amp_sum[WIDTH-1:0];
            if (ext_load)
                hp_ext <= theta_y_hp;
            y_rising         <= rising_new;
            coherence_f0     <= coh0;
            coherence_f1     <= coh1;
            coherence_f2     <= coh2;
            coherence_f3     <= coh3;
            coherence_f4     <= coh4;
            gain_f0          <= gq0;
            gain_f1          <= gq1;
            gain_f2          <= gq2;
            gain_f3          <= gq3;
            gain_f4          <= gq4;
            sie_per_harmonic <= {sie4, sie3, sie2, sie1, sie0};
            coherence_mask   <= {mask4, mask3, mask2, mask1, mask0};
            beta_quiet       <= quiet_now;
            sr_coherence     <= coh_max;
            sr_amplification <= amp_total;
        end
    end

    assign sr_f_x_packed       = {f4_x, f3_x, f2_x, f1_x, f0_x};
    assign sr_coherence_packed = {coherence_f4, coherence_f3, coherence_f2, coherence_f1, coherence_f0};
endmodule
`default_nettype wire
