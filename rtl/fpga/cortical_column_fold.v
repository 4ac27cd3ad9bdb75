// cortical_column_fold: the folded form of rtl/fpga/cortical_column_glue.v (issue 19, the folded
// processor; docs/fpga.md, section "The folded cortical_column"). The glue (rtl/cortical_column.v
// without its five Hopf oscillators, which the folded top's Hopf engine steps) computes its
// coupling terms and its children's next states with 44 DSP48E1 a column; here the coupling
// products, the next-state and combinational products of layer1_minimal, of the three
// pv_interneurons and of the five amplitude_envelope_generators go through one registered
// multiplier, one after another, and this module holds the children's state itself (the
// envelopes' LFSRs are the reference lfsr16). The five outputs l*_out are registers too: their
// products are taken from the next state (the bank's next x, given on l*_x_nx after nx_go, and
// the envelopes' next values) on the same multiplier and stored on commit. 1 DSP48E1 a column.
//
// What it computes (description sections 6.1-6.6, 7.2-7.6, 10.1, as the glue; contracts
// docs/spec/cortical_column.md, layer1_minimal.md, pv_interneuron.md,
// amplitude_envelope_generator.md):
//   coupling   phase_mag = theta_x >>> 2 (K_PHASE = 2^12: a shift), pac = mulk(K_PAC,
//              mulq_sat(theta_x, l23_x)), the three gated brackets gate(br, apical_gain), the
//              triads re_prod(theta, l6), re_prod(l6, l5a) and their sync_gain products, and the
//              mulk() terms of each drive; input_x = drive_step(drive) = drive >>> 8 (K_DRIVE =
//              2^6: a shift)
//   layer 1    (rtl/layer1_minimal.v) sst <= sat(sst + (SST_ALPHA (gain_offset - sst)) >>> 14),
//              vip <= sat(vip + (VIP_ALPHA (attention >>> 1 - vip)) >>> 14) (K_VIP = 2^13: a
//              shift), gain_offset = (K_MATRIX m + K_FB1 f1 + K_FB2 f2) >>> 14 with m the glue's
//              l1_matrix; apical_gain, a function of sst and vip with no product, is the
//              reference's expression (here over three clocks, from the next sst and vip, and
//              stored on commit)
//   PV+        (rtl/pv_interneuron.v, three) pv <= sat(pv + (TAU_INV (x >>> 1 - pv)) >>> 14)
//              (K_EXCITE = 2^13: a shift); inhibition = (K_INHIB pv) >>> 14
//   envelopes  (rtl/amplitude_envelope_generator.v, five, default parameters as the glue's)
//              acc <= clamp(acc + (ALPHA (MEAN_ACC - acc)) >>> 24 + (strobe ? noise << 7 : 0))
//              (NOISE_AMPLITUDE = 128 = 2^7: a shift); envelope = acc >>> 10
//
// Equality with the glue. On the commit edge every register of the glue's children that this
// module holds (u_l1.sst_activity, u_l1.vip_activity, u_pv_l23/l4/l5.pv_state; here
// sst_activity, vip_activity, pv_l23_state, pv_l4_state, pv_l5_state) takes the value the glue's
// takes on its clk_en edge, from the same inputs and the same registers; so do the envelopes'
// (u_env_<layer>.acc and noise_cnt, here acc_<layer> and one noise_cnt for the five, which are
// always equal; their lfsr16s are the reference module with the reference's enable):
//   - every product is the reference's at its widths: all operands are at most 25 x 18 bits
//     signed and the product is kept whole (43 bits), so it is the same integer as the
//     reference's 36-, 37-, 38- or 51-bit product; then the reference's shift, part-select and
//     saturation, in the same expressions. The envelope's 33-bit deviation MEAN_ACC - acc
//     enters as its 25 low bits: acc is always in [2^23, 1.5 * 2^24] (reset to MEAN_ACC, every
//     update clamped to it), so |dev| <= 2^23;
//   - the sums that the reference writes as one expression are written as one expression here,
//     from stored terms; the three that are accumulated over clocks (gain_offset's 38-bit sum,
//     the 20-bit pv_total, the envelopes' 34-bit acc_sum) are modular sums at the reference's
//     width, so the order does not matter; the expressions split over clocks (re_prod's
//     difference and saturation, apical_gain's three steps, the clamp of acc_sum) register
//     the reference's intermediate values at its widths;
//   - the three products by K_L6_L23 = K_L6_L5B = K_L6_L1 = 1638 of l6_x are one product, l6k.
// pv_total (kind R) is a register: the reference's function of the three PV states, computed
// during the tick from their next values and stored on the commit edge, so it equals the glue's
// at every clock (reset value f(0) = 0). drv_l23 reads this register (the committed states).
// apical_gain (kind R) likewise: layer1_minimal's clamp(1.0 + sst_effective) of the next SST+
// and VIP+, computed in three clocks (sst_effective, the 20-bit sum, the clamp: the reference's
// expressions, registered between them) and stored on commit; reset value f(0, 0) = 16384. The
// gate products read this register (the committed states' gain, as the glue's).
// l*_out likewise: the glue's mulq_sat(l*_x, env_l*) changes only when the bank's x and the
// accumulators do, on the commit edge and on reset; here mulq_sat(l*_x_nx, env_l*_nx) (the
// values x and env take on that commit edge, the same 18 x 18 product kept whole in 43 bits,
// then the same shift and saturation) is computed in the output phase and stored on commit;
// the reset value is the glue's at reset, OUT_INIT = mulq_sat(8192, 16384) = 8192.
// Proof: testbenches/tb_cortical_column_fold.v (the glue beside it, every clock).
//
// Interface: cortical_column_glue's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The inputs are read from the clock after that edge on and must hold until the
//           commit edge (they may still change on the start edge itself).
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the glue's clk_en edge). It must come at least CLOCKS clocks after the
//           start edge (busy low); an earlier commit commits a half-computed tick, a commit
//           without a start the last computed values (the folded top always pairs them). start
//           and commit may share a clock: the computation then reads the registers committed on
//           that edge.
//   nx_go   a one-clock pulse on or after the start edge: from the clock after its edge through
//           the commit edge, l23_x_nx .. l6_x_nx hold the layers' next x (the values the bank's
//           x take on the commit edge). The products of the output phase begin in the clock
//           after the later of the nx_go edge and edge NX_FROM = 34 after start (the multiplier
//           is busy before); commit must come at least NX_CLOCKS = 8 clocks after that edge,
//           i.e. on edge max(nx_go edge, NX_FROM) + NX_CLOCKS or later (always >= CLOCKS).
//   busy    high from the start edge to the edge that stores the last value (l6_out_nx's).
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
// Outputs by kind (docs/fpga.md, "The folded cortical_column"):
//   (T) l23_input_x, l5a_input_x, l5b_input_x, l6_input_x: registers written during the tick;
//       equal to the glue's from the edge INPUT_X_CLOCKS - 1 = 21 after the start edge (sampled
//       right by edge 22 and every later edge) through the commit edge; before that they hold
//       the previous tick's values.
//   l4_input_x: (thalamic_input + feedforward_input) >>> 8, no product: combinational, as the
//       glue's (equal whenever the inputs are the glue's).
//   (R) pv_total, apical_gain: registers, equal to the glue's at every clock.
//   l*_mu_dt, l*_omega_dt: combinational pass-through and constant + drift, as the glue's.
//   (R) l23_out, l4_out, l5a_out, l5b_out, l6_out = sat18(l*_x * envelope >>> 14): registers
//       stored on commit from the next x and next envelope, equal to the glue's at every clock
//       (given the bank's x on l*_x and its next x on l*_x_nx; reset value OUT_INIT = 8192).
//
// Schedule. The start edge is edge 0; clock c is the clock that ends with edge c (c = 1 the
// first after start). The multiplier registers its operands and its product (DSP48E1 AREG/BREG
// and MREG): a product issued in clock c is in `prod` during clock c + 2, where it is used and
// its reduction stored on the edge ending that clock. The input_x products come first, the
// children's next states after them. No reduction is longer than one add or one saturation of
// a product (at most 12 logic levels, docs/fpga.md "Logic depth"): re_prod's difference is
// registered (diff) before its saturation, the glue's l1_matrix (a sum and a saturation) is
// registered (l1_mx) before it is an operand, apical_gain is a register, and each envelope's
// update runs over the envelope pipeline (its table below).
//
//   clock | multiplier issue (A x B)     | use (stored on the edge ending the clock)
//   ------+------------------------------+-------------------------------------------------------
//   1     | theta_x * l23_x              |
//   2     | theta_x * l6_x               |
//   3     | theta_y * l6_y               | theta_l23 = mulq_sat(theta_x, l23_x)
//   4     | theta_l23 * K_PAC            | pxx = theta_x l6_x
//   5     | l4_x * K_L4_L23              | diff = pxx - theta_y l6_y (37 bits)
//   6     | l6_x * 1638                  | pac = mulk(K_PAC, theta_l23); triad = re_prod(theta,
//         |                              | l6) = sat(diff >>> 14)
//   7     | triad * sync_gain            | br_l23 = ff_l23 + pac + phase_l23
//   8     | br_l23 * apical_gain         | l6k = mulk(1638, l6_x)  (l6_l23 = l6_l5b = l6_l1)
//   9     | l23_x * K_L23_L5             | sync_l5a = mulq_sat(sync_gain, triad); l1_mx
//   10    | l6_x * K_L6_L5A              | in_l23 = drive_step(gate(br_l23) + l6k - pv_total >>> 2)
//   11    | l4_x * K_L4_L5A              | l23_l5
//   12    | fb1_input * K_FB_L5          | l6_l5a
//   13    | l6_x * l5a_x                 | br_l5a = l23_l5 + l6_l5a + l4_l5a
//   14    | br_l5a * apical_gain         | fb_l5; br_l5b = l23_l5 + fb_l5
//   15    | l6_y * l5a_y                 | pxx = l6_x l5a_x
//   16    | br_l5b * apical_gain         | in_l5a = drive_step(gate(br_l5a) + sync_l5a)
//   17    | l5b_x * K_L5_L6              | diff = pxx - l6_y l5a_y
//   18    | fb1_input * K_FB1            | gt_l5b = gate(br_l5b); triad = re_prod(l6, l5a)
//   19    | triad * sync_gain            | in_l6 = drive_step(l5_l6 + fb_l5 + phase_l6)
//   20    | fb2_input * K_FB2            | off = K_FB1 fb1                          (layer 1)
//   21    | l1_mx * K_MATRIX             | in_l5b = drive_step(gt_l5b + l6k + sync_l5b)
//   22    | vip_err * VIP_ALPHA          | off += K_FB2 fb2
//   23    | err_l23 * TAU_INV            | off += K_MATRIX l1_matrix: gain_offset = off >>> 14
//   24    | sst_err * SST_ALPHA          | vip_nx                                   (layer 1)
//   25    | err_l4 * TAU_INV             | pv_l23_nx                                (PV+)
//   26    | err_l5 * TAU_INV             | sst_nx                                   (layer 1)
//   27    | pv_l23_nx * K_INHIB          | pv_l4_nx; gain_eff_nx = sst_effective(sst_nx, vip_nx)
//   28    | pv_l4_nx * K_INHIB           | pv_l5_nx; gain_raw_nx = 1.0 + gain_eff_nx
//   29    | pv_l5_nx * K_INHIB           | pvt_nx = inhibition(pv_l23_nx); gain_nx = clamp
//   30    | dev_l23 * ALPHA              | pvt_nx += inhibition(pv_l4_nx) >>> 1     (envelopes)
//   31    | dev_l4 * ALPHA               | pvt_nx += inhibition(pv_l5_nx) >>> 2
//   32    | dev_l5a * ALPHA              |
//   33    | dev_l5b * ALPHA              | acc_l23_nx
//   34    | dev_l6 * ALPHA               | acc_l4_nx
//   35    |                              | acc_l5a_nx
//   36    |                              | acc_l5b_nx
//   37    |                              | acc_l6_nx; the main schedule ends
//   38    |                              | (commit allowed for the main schedule's values)
//
//   34 products, one a clock from clock 1: the last is issued in clock 34 and is in prod in
//   clock 36; the envelope's update takes two registered steps from there (the envelope
//   pipeline), so acc_l6_nx is stored on edge 37 and CLOCKS = 38, the least with that
//   pipeline. The four input_x products' chain: re_prod's registered difference adds a clock
//   before each triad product; the first is hidden by issuing l6_x *
//   1638 in between (clock 6), the second by issuing fb1 * K_FB1 in between (clock 18), which
//   moves the L5b triad product to clock 19 and in_l5b to edge 21: INPUT_X_CLOCKS = 22, the
//   first edge that may sample them.
//
// The envelope pipeline, beside the products: envelope k = 0 .. 4 (l23, l4, l5a, l5b, l6, its
// product issued in clock 30 + k and in prod in clock 32 + k).
//
//   clock  | stored on the edge ending the clock
//   -------+---------------------------------------------------------------------------------
//   30 + k | env_acc = acc_k, env_noise = strobe ? lfsr_k[12:0] - 4096 : 0
//   31 + k | env_base = env_acc + (env_noise << 7)                    (33 bits)
//   32 + k | env_sum = env_base + revert, revert = (ALPHA dev_k) >>> 24 (34 bits: acc_sum)
//   33 + k | acc_k_nx = clamp(env_sum, ACC_MIN, ACC_MAX)
//
// The output phase: clock k = 1 is the clock after edge e = max(nx_go edge, NX_FROM) (the
// first clock where the multiplier is free and l*_x_nx hold); counted by n.
//
//   n     | multiplier issue (A x B)     | use (stored on the edge ending the clock)
//   ------+------------------------------+-------------------------------------------------------
//   1     | l23_x_nx * env_l23_nx        |
//   2     | l4_x_nx * env_l4_nx          |
//   3     | l5a_x_nx * env_l5a_nx        | l23_out_nx = mulq_sat
//   4     | l5b_x_nx * env_l5b_nx        | l4_out_nx
//   5     | l6_x_nx * env_l6_nx          | l5a_out_nx
//   6     |                              | l5b_out_nx
//   7     |                              | l6_out_nx; busy low (edge e + 7)
//   8     |                              | commit allowed: NX_CLOCKS = 8
//
//   env_l*_nx = acc_l*_nx >>> 10: the earliest k = 1 is clock 35, when acc_l23/l4_nx are
//   stored (edges 33, 34); acc_l5a_nx (edge 35), acc_l5b_nx (edge 36) and acc_l6_nx (edge 37)
//   are read in clocks >= 37, 38 and 39. Five products one a clock, the last stored two clocks
//   after its issue: NX_CLOCKS = 8 is the least with a registered operand and product.
//
// One multiplier, 25 x 18 bits signed, product 43 bits (one DSP48E1, 25 x 18). A operands: the
// 18-bit inputs and terms sign-extended, the 19-bit IIR errors (|err| < 2^18), the 20-bit
// brackets (three 18-bit terms, |br| < 2^19), the envelopes' deviations (|dev| <= 2^23), the
// next x (18 bits); B operands: the 18-bit constants, apical_gain (8192 .. 24576), sync_gain,
// the 18-bit inputs and the next envelopes (8192 .. 24576). Every product is exact in 43 bits
// (the output products: |x_nx * env_nx| <= 2^17 * 24576 < 2^32, the glue's 36-bit product).
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module cortical_column_fold #(
    parameter WIDTH = 18,
    parameter FRAC  = 14,
    // Envelope LFSR seeds: the three columns of the processor differ only here.
    parameter [15:0] ENV_SEED_L6  = 16'h1D2B,
    parameter [15:0] ENV_SEED_L5A = 16'h2E3C,
    parameter [15:0] ENV_SEED_L5B = 16'h3F4D,
    parameter [15:0] ENV_SEED_L4  = 16'h4A5E,
    parameter [15:0] ENV_SEED_L23 = 16'h5B6F
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    // Per-layer growth rates from config_controller (same names as its outputs).
    input  wire signed [WIDTH-1:0] mu_dt_l6,
    input  wire signed [WIDTH-1:0] mu_dt_l5b,
    input  wire signed [WIDTH-1:0] mu_dt_l5a,
    input  wire signed [WIDTH-1:0] mu_dt_l4,
    input  wire signed [WIDTH-1:0] mu_dt_l23,
    // Per-layer frequency offsets from the top-level cortical_frequency_drift (OMEGA_DT units).
    input  wire signed [WIDTH-1:0] omega_drift_l6,
    input  wire signed [WIDTH-1:0] omega_drift_l5a,
    input  wire signed [WIDTH-1:0] omega_drift_l5b,
    input  wire signed [WIDTH-1:0] omega_drift_l4,
    input  wire signed [WIDTH-1:0] omega_drift_l23,
    input  wire signed [WIDTH-1:0] thalamic_input,     // theta-gated sensory relay (core)
    input  wire signed [WIDTH-1:0] feedforward_input,  // L2/3 of the previous column
    input  wire signed [WIDTH-1:0] matrix_input,       // matrix thalamus -> L1
    input  wire signed [WIDTH-1:0] fb1_input,          // adjacent column feedback
    input  wire signed [WIDTH-1:0] fb2_input,          // distant column feedback
    input  wire signed [WIDTH-1:0] attention_input,    // -> VIP+
    input  wire signed [WIDTH-1:0] theta_x,
    input  wire signed [WIDTH-1:0] theta_y,            // theta quadrature (triad coupling)
    input  wire signed [WIDTH-1:0] sync_gain,          // triad coupling strength, Q14 (0: none)
    input  wire                    encoding_window,
    input  wire [1:0]              phase_pattern,      // [0]: L2/3, [1]: L6 (CA3 pattern bits)
    // The layers' x (from hopf_bank; the reference's outputs of the same names).
    input  wire signed [WIDTH-1:0] l23_x,
    input  wire signed [WIDTH-1:0] l4_x,
    input  wire signed [WIDTH-1:0] l5a_x,
    input  wire signed [WIDTH-1:0] l5b_x,
    input  wire signed [WIDTH-1:0] l6_x,
    output reg  signed [WIDTH-1:0] apical_gain,
    output reg  signed [WIDTH+1:0] pv_total,
    output reg  signed [WIDTH-1:0] l23_out,
    output reg  signed [WIDTH-1:0] l4_out,
    output reg  signed [WIDTH-1:0] l5a_out,
    output reg  signed [WIDTH-1:0] l5b_out,
    output reg  signed [WIDTH-1:0] l6_out,
    // The layers' next x (the values the bank's x take on the commit edge), held from the edge
    // after nx_go through the commit edge; nx_go a one-clock pulse on or after the start edge.
    input  wire                    nx_go,
    input  wire signed [WIDTH-1:0] l23_x_nx,
    input  wire signed [WIDTH-1:0] l4_x_nx,
    input  wire signed [WIDTH-1:0] l5a_x_nx,
    input  wire signed [WIDTH-1:0] l5b_x_nx,
    input  wire signed [WIDTH-1:0] l6_x_nx,
    // The layers' y and amplitude (from hopf_bank); the column reads only l6_y and l5a_y
    // (triad coupling), the top reads the rest from the bank.
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire signed [WIDTH-1:0] l23_y,
    input  wire signed [WIDTH-1:0] l4_y,
    input  wire signed [WIDTH-1:0] l5a_y,
    input  wire signed [WIDTH-1:0] l5b_y,
    input  wire signed [WIDTH-1:0] l6_y,
    input  wire signed [WIDTH-1:0] l23_amplitude,
    input  wire signed [WIDTH-1:0] l4_amplitude,
    input  wire signed [WIDTH-1:0] l5a_amplitude,
    input  wire signed [WIDTH-1:0] l5b_amplitude,
    input  wire signed [WIDTH-1:0] l6_amplitude,
    /* verilator lint_on UNUSEDSIGNAL */
    // The layers' inputs (to hopf_bank), as u_<layer>'s mu_dt, omega_dt and input_x.
    output wire signed [WIDTH-1:0] l23_mu_dt,
    output wire signed [WIDTH-1:0] l23_omega_dt,
    output reg  signed [WIDTH-1:0] l23_input_x,
    output wire signed [WIDTH-1:0] l4_mu_dt,
    output wire signed [WIDTH-1:0] l4_omega_dt,
    output wire signed [WIDTH-1:0] l4_input_x,
    output wire signed [WIDTH-1:0] l5a_mu_dt,
    output wire signed [WIDTH-1:0] l5a_omega_dt,
    output reg  signed [WIDTH-1:0] l5a_input_x,
    output wire signed [WIDTH-1:0] l5b_mu_dt,
    output wire signed [WIDTH-1:0] l5b_omega_dt,
    output reg  signed [WIDTH-1:0] l5b_input_x,
    output wire signed [WIDTH-1:0] l6_mu_dt,
    output wire signed [WIDTH-1:0] l6_omega_dt,
    output reg  signed [WIDTH-1:0] l6_input_x
);
    // Schedule clocks (table above): C_<name> issues the product, U_<name> uses it.
    localparam [5:0] C_TL   = 6'd1;    // theta_x * l23_x
    localparam [5:0] C_TXX  = 6'd2;    // theta_x * l6_x
    localparam [5:0] C_TYY  = 6'd3;    // theta_y * l6_y; use theta_x l23_x
    localparam [5:0] C_PAC  = 6'd4;    // theta_l23 * K_PAC; use theta_x l6_x
    localparam [5:0] C_FF   = 6'd5;    // l4_x * K_L4_L23; use theta_y l6_y: diff
    localparam [5:0] C_L6K  = 6'd6;    // l6_x * 1638; use pac; triad = sat(diff)
    localparam [5:0] C_SYA  = 6'd7;    // triad * sync_gain (L5a); use ff_l23: br_l23
    localparam [5:0] C_G23  = 6'd8;    // br_l23 * apical_gain; use l6k
    localparam [5:0] C_L235 = 6'd9;    // l23_x * K_L23_L5; use sync_l5a; l1_mx
    localparam [5:0] C_L6A  = 6'd10;   // l6_x * K_L6_L5A; use gate(br_l23): in_l23
    localparam [5:0] C_L4A  = 6'd11;   // l4_x * K_L4_L5A; use l23_l5
    localparam [5:0] C_FB   = 6'd12;   // fb1_input * K_FB_L5; use l6_l5a
    localparam [5:0] C_LXX  = 6'd13;   // l6_x * l5a_x; use l4_l5a: br_l5a
    localparam [5:0] C_G5A  = 6'd14;   // br_l5a * apical_gain; use fb_l5: br_l5b
    localparam [5:0] C_LYY  = 6'd15;   // l6_y * l5a_y; use l6_x l5a_x
    localparam [5:0] C_G5B  = 6'd16;   // br_l5b * apical_gain; use gate(br_l5a): in_l5a
    localparam [5:0] C_L56  = 6'd17;   // l5b_x * K_L5_L6; use l6_y l5a_y: diff
    localparam [5:0] C_F1   = 6'd18;   // fb1_input * K_FB1; use gate(br_l5b); triad = sat(diff)
    localparam [5:0] C_SYB  = 6'd19;   // triad * sync_gain (L5b); use l5_l6: in_l6
    localparam [5:0] C_F2   = 6'd20;   // fb2_input * K_FB2; use K_FB1 fb1
    localparam [5:0] C_MX   = 6'd21;   // l1_mx * K_MATRIX; use sync_l5b: in_l5b
    localparam [5:0] C_VIP  = 6'd22;   // vip_err * VIP_ALPHA; use K_FB2 fb2
    localparam [5:0] C_D23  = 6'd23;   // err_l23 * TAU_INV; use K_MATRIX m
    localparam [5:0] C_SST  = 6'd24;   // sst_err * SST_ALPHA; use vip: vip_nx
    localparam [5:0] C_D4   = 6'd25;   // err_l4 * TAU_INV; use delta_l23: pv_l23_nx
    localparam [5:0] C_D5   = 6'd26;   // err_l5 * TAU_INV; use sst: sst_nx
    localparam [5:0] C_I23  = 6'd27;   // pv_l23_nx * K_INHIB; use delta_l4: pv_l4_nx; gain_eff_nx
    localparam [5:0] C_I4   = 6'd28;   // pv_l4_nx * K_INHIB; use delta_l5: pv_l5_nx; gain_raw_nx
    localparam [5:0] C_I5   = 6'd29;   // pv_l5_nx * K_INHIB; use inhibition l23; gain_nx
    localparam [5:0] C_E23  = 6'd30;   // dev_l23 * ALPHA (envelope); use inhibition l4
    localparam [5:0] C_E4   = 6'd31;   // dev_l4 * ALPHA; use inhibition l5
    localparam [5:0] C_E5A  = 6'd32;   // dev_l5a * ALPHA
    localparam [5:0] C_E5B  = 6'd33;   // dev_l5b * ALPHA; acc_l23_nx
    localparam [5:0] C_E6   = 6'd34;   // dev_l6 * ALPHA; acc_l4_nx
    localparam [5:0] U_E5A  = 6'd35;   // acc_l5a_nx
    localparam [5:0] U_E5B  = 6'd36;   // acc_l5b_nx
    localparam [5:0] U_E6   = 6'd37;   // acc_l6_nx; the main schedule ends
    // The envelope pipeline (its table above): envelope k = 0 .. 4 (l23, l4, l5a, l5b, l6) is
    // selected in clock E_SEL + k, its base summed in E_SEL + 1 + k, its sum in E_SEL + 2 + k and
    // clamped in E_SEL + 3 + k.
    localparam [5:0] E_SEL  = 6'd30;
    // The output phase's clocks (the output phase table above), counted by n from its first clock.
    localparam [2:0] N_O23  = 3'd1;    // l23_x_nx * env_l23_nx
    localparam [2:0] N_O4   = 3'd2;    // l4_x_nx * env_l4_nx
    localparam [2:0] N_O5A  = 3'd3;    // l5a_x_nx * env_l5a_nx; use: l23_out_nx
    localparam [2:0] N_O5B  = 3'd4;    // l5b_x_nx * env_l5b_nx; use: l4_out_nx
    localparam [2:0] N_O6   = 3'd5;    // l6_x_nx * env_l6_nx; use: l5a_out_nx
    localparam [2:0] N_U5B  = 3'd6;    // use: l5b_out_nx
    localparam [2:0] N_U6   = 3'd7;    // use: l6_out_nx; busy low
    // Clocks from the start edge to the first edge that may commit, and to the first edge that
    // may sample the four registered input_x (schedule above). Read by the integrator and the
    // testbench (by hierarchical name), not inside the module.
    // NX_CLOCKS: clocks from the nx_go edge to the first edge that may commit, when nx_go comes
    // on edge NX_FROM after the start edge or later; an earlier nx_go waits for the multiplier
    // (its first free clock is NX_FROM + 1), so the commit edge must be at least
    // max(nx_go edge, NX_FROM) + NX_CLOCKS after the start edge (>= CLOCKS, as NX_FROM +
    // NX_CLOCKS = 42).
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS         = 38;
    localparam integer INPUT_X_CLOCKS = 22;
    localparam integer NX_CLOCKS      = 8;
    localparam integer NX_FROM        = 34;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of cortical_column_glue.v, layer1_minimal.v and pv_interneuron.v: same names,
    // widths and values.
    localparam signed [WIDTH-1:0] OMEGA_DT_L6       = 18'sd245;   // 9.53 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L5A      = 18'sd397;   // 15.42 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L5B      = 18'sd642;   // 24.94 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L4       = 18'sd817;   // 31.73 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L23_SLOW = 18'sd1040;  // 40.36 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L23_FAST = 18'sd1681;  // 65.3 Hz
    localparam signed [WIDTH-1:0] K_L4_L23  = 18'sd6554;  // 0.4
    localparam signed [WIDTH-1:0] K_L23_L5  = 18'sd4915;  // 0.3
    localparam signed [WIDTH-1:0] K_L5_L6   = 18'sd3277;  // 0.2
    localparam signed [WIDTH-1:0] K_PAC     = 18'sd3277;  // 0.2
    localparam signed [WIDTH-1:0] K_FB_L5   = 18'sd3277;  // 0.2
    localparam signed [WIDTH-1:0] K_L6_L5A  = 18'sd2458;  // 0.15
    localparam signed [WIDTH-1:0] K_L4_L5A  = 18'sd1638;  // 0.1
    // K_L6_L23 = K_L6_L5B = K_L6_L1 = 1638 (0.1 each, v9.6; values ours): one product, l6k.
    localparam signed [WIDTH-1:0] K_L6_X    = 18'sd1638;
    localparam                    PV_DRIVE_SHIFT = 2;     // pv_total enters L2/3 at 0.25 (ours)
    // layer1_minimal.v
    localparam signed [WIDTH-1:0] K_MATRIX  = 18'sd2458;   // 0.15
    localparam signed [WIDTH-1:0] K_FB1     = 18'sd4915;   // 0.3
    localparam signed [WIDTH-1:0] K_FB2     = 18'sd3277;   // 0.2
    localparam signed [WIDTH-1:0] SST_ALPHA = 18'sd164;    // 0.01 = 0.25 ms / 25 ms
    localparam signed [WIDTH-1:0] VIP_ALPHA = 18'sd82;     // 0.005 = 0.25 ms / 50 ms
    localparam signed [19:0]      ONE_Q14   = 20'sd16384;  // 1.0
    localparam signed [19:0]      GAIN_MIN  = 20'sd8192;   // 0.5
    localparam signed [19:0]      GAIN_MAX  = 20'sd24576;  // 1.5
    // pv_interneuron.v
    localparam signed [WIDTH-1:0] TAU_INV   = 18'sd819;    // 0.05 = 0.25 ms / 5 ms
    localparam signed [WIDTH-1:0] K_INHIB   = 18'sd4915;   // 0.3
    // Saturation bounds at the reference's widths.
    localparam signed [36:0]      SAT_MAX37 = 37'sd131071;
    localparam signed [36:0]      SAT_MIN37 = -37'sd131072;
    localparam signed [35:0]      SAT_MAX36 = 36'sd131071;
    localparam signed [35:0]      SAT_MIN36 = -36'sd131072;
    localparam signed [19:0]      SAT_MAX20 = 20'sd131071;
    localparam signed [19:0]      SAT_MIN20 = -20'sd131072;
    localparam signed [WIDTH:0]   SAT_MAX19 = 19'sd131071;
    localparam signed [WIDTH:0]   SAT_MIN19 = -19'sd131072;

    // Shifted values keep only their low bits; each range note says why that is exact.
    /* verilator lint_off UNUSEDSIGNAL */
    // The glue's mulq_sat: sat18(a * b >>> FRAC), |a * b| <= 2^34; for OUT_INIT.
    function signed [WIDTH-1:0] mulq_sat;
        input signed [WIDTH-1:0] a;
        input signed [WIDTH-1:0] b;
        reg   signed [35:0]      prod;
        reg   signed [35:0]      sh;
        begin
            prod = a * b;
            sh   = prod >>> FRAC;
            mulq_sat = (sh > SAT_MAX36) ? SAT_MAX36[WIDTH-1:0] :
                       (sh < SAT_MIN36) ? SAT_MIN36[WIDTH-1:0] : sh[WIDTH-1:0];
        end
    endfunction

    // The glue's l*_out at reset: the bank's x at its reset value X_INIT = 8192 (0.5,
    // hopf_oscillator.v) times the envelope at its reset value MEAN_ACC >>> ENV_EXT = 2^24 / 2^10
    // = 16384 (1.0), through the same mulq_sat (a constant function call): 8192 * 16384 >>> 14
    // = 8192, no saturation.
    localparam signed [WIDTH-1:0] X_INIT   = 18'sd8192;
    localparam signed [WIDTH-1:0] ENV_INIT = 18'sd16384;
    localparam signed [WIDTH-1:0] OUT_INIT = mulq_sat(X_INIT, ENV_INIT);

    // The glue's drive_step: (K_DRIVE * d) >>> FRAC with K_DRIVE = 64 = 2^6 is d * 2^6 >>> 14
    // = floor(d / 2^8) = d >>> 8 (24 bits; the glue's 42-bit value has the same low 18 bits);
    // |d| < 2^23: |result| < 2^15.
    function signed [WIDTH-1:0] drive_step;
        input signed [23:0] d;
        reg   signed [23:0] sh;
        begin
            sh = d >>> 8;
            drive_step = sh[WIDTH-1:0];
        end
    endfunction

    // The IIR step of layer1_minimal.v and pv_interneuron.v: sat18(s + d) at 19 bits, d the
    // 19 low bits of the shifted product (the reference's sst_dsh[18:0], delta).
    function signed [WIDTH-1:0] iir_next;
        input signed [WIDTH-1:0] s;
        input        [WIDTH:0]   d;
        reg   signed [WIDTH:0]   sum;
        begin
            sum = {s[WIDTH-1], s} + d;
            iir_next = (sum > SAT_MAX19) ? SAT_MAX19[WIDTH-1:0] :
                       (sum < SAT_MIN19) ? SAT_MIN19[WIDTH-1:0] : sum[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- the children's state
    // layer1_minimal's (u_l1) and the three pv_interneurons' (u_pv_l23, u_pv_l4, u_pv_l5).
    reg signed [WIDTH-1:0] sst_activity;
    reg signed [WIDTH-1:0] vip_activity;
    reg signed [WIDTH-1:0] pv_l23_state;
    reg signed [WIDTH-1:0] pv_l4_state;
    reg signed [WIDTH-1:0] pv_l5_state;

    // layer1_minimal.v's apical_gain, a function of its registers (no product). Disinhibition
    // (7.5): VIP+ can only cancel positive SST+, never push it below zero; then apical_gain =
    // clamp(1.0 + sst_effective, 0.5, 1.5). Here a register (kind R): the same expressions,
    // split over three clocks of the tick (gain_eff_nx, gain_raw_nx, gain_nx, from the next SST+
    // and VIP+), stored on commit; its reset value is the function of the reset state.
    // sst_minus_vip, sst_effective: 19 bits, exact (two 18-bit values).
    /* verilator lint_off UNUSEDSIGNAL */
    function signed [WIDTH:0] sst_effective;
        input signed [WIDTH-1:0] sst;
        input signed [WIDTH-1:0] vip;
        reg   signed [WIDTH:0]   smv;
        begin
            smv = {sst[WIDTH-1], sst} - {vip[WIDTH-1], vip};
            sst_effective = (!sst[WIDTH-1] && smv[WIDTH]) ? {(WIDTH+1){1'b0}} : smv;
        end
    endfunction
    // The clamp to [0.5, 1.5] of the 20-bit gain_raw = ONE_Q14 + sst_effective (exact); the
    // result lies in [8192, 24576], so its 18 low bits are its value.
    function signed [WIDTH-1:0] gain_clamp;
        input signed [19:0] raw;
        reg   signed [19:0] cl;
        begin
            cl = (raw < GAIN_MIN) ? GAIN_MIN : (raw > GAIN_MAX) ? GAIN_MAX : raw;
            gain_clamp = cl[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */
    // apical_gain at reset (sst_activity = vip_activity = 0, layer1_minimal.v): sst_effective
    // = 0, gain_raw = ONE_Q14 = 16384 (1.0), inside the clamp: 16384 (constant function calls).
    localparam signed [WIDTH:0]   EFF_INIT  = sst_effective({WIDTH{1'b0}}, {WIDTH{1'b0}});
    localparam signed [WIDTH-1:0] GAIN_INIT = gain_clamp(ONE_Q14 + {EFF_INIT[WIDTH], EFF_INIT});

    // ---------------------------------------------------------------- products by 2^k (shifts)
    // Phase coupling (6.2): mulk(K_PHASE, theta_x) with K_PHASE = 4096 = 2^12 is
    // floor(theta_x / 4) = theta_x >>> 2; |.| <= 2^15, negation exact.
    wire signed [WIDTH-1:0] phase_mag = theta_x >>> 2;
    wire signed [WIDTH-1:0] phase_l23 = phase_pattern[0] ? phase_mag : -phase_mag;
    wire signed [WIDTH-1:0] phase_l6  = phase_pattern[1] ? phase_mag : -phase_mag;
    // layer1_minimal's vip_scaled = (K_VIP * attention) >>> FRAC, K_VIP = 8192 = 2^13:
    // attention >>> 1; pv_interneuron's excite = (K_EXCITE * pyramid) >>> FRAC, K_EXCITE = 2^13:
    // pyramid >>> 1.
    wire signed [WIDTH-1:0] vip_scaled = attention_input >>> 1;
    wire signed [WIDTH-1:0] ex_l23     = l23_x >>> 1;
    wire signed [WIDTH-1:0] ex_l4      = l4_x >>> 1;
    wire signed [WIDTH-1:0] ex_l5      = l5b_x >>> 1;
    // The IIR errors, 19 bits exact (the references' sst_err, vip_err, err).
    wire signed [WIDTH:0] vip_err = {vip_scaled[WIDTH-1], vip_scaled}
                                  - {vip_activity[WIDTH-1], vip_activity};
    wire signed [WIDTH:0] err_l23 = {ex_l23[WIDTH-1], ex_l23} - {pv_l23_state[WIDTH-1], pv_l23_state};
    wire signed [WIDTH:0] err_l4  = {ex_l4[WIDTH-1], ex_l4} - {pv_l4_state[WIDTH-1], pv_l4_state};
    wire signed [WIDTH:0] err_l5  = {ex_l5[WIDTH-1], ex_l5} - {pv_l5_state[WIDTH-1], pv_l5_state};

    // ---------------------------------------------------------------- the envelopes' state
    // amplitude_envelope_generator.v (u_env_<layer>, five) with the default parameters the glue
    // instantiates it with: ALPHA 1198, NOISE_AMPLITUDE 128, ENV_MIN 8192, ENV_MAX 24576.
    localparam               ENV_EXT      = 10;
    localparam               ACC_FRAC     = FRAC + ENV_EXT;      // 24
    localparam signed [31:0] MEAN_ACC     = 32'sd16777216;      // 1.0 in Q24
    localparam signed [17:0] ALPHA_S      = 18'sd1198;          // dt/tau in Q24 (tau = 3.5 s)
    localparam signed [33:0] ACC_MIN      = 34'sd8388608;       // ENV_MIN << ENV_EXT
    localparam signed [33:0] ACC_MAX      = 34'sd25165824;      // ENV_MAX << ENV_EXT
    localparam signed [13:0] NOISE_CENTER = 14'sd4096;
    // u_env_<layer>.acc (Q24).
    reg signed [31:0] acc_l23;
    reg signed [31:0] acc_l4;
    reg signed [31:0] acc_l5a;
    reg signed [31:0] acc_l5b;
    reg signed [31:0] acc_l6;
    // The five u_env_<layer>.noise_cnt: reset together and stepped on the same edges, so always
    // equal; one register holds them.
    reg        [5:0]  noise_cnt;
    wire              strobe = (noise_cnt == 6'd63);
    // Each envelope's own lfsr16 (the reference module), stepped as inside the reference.
    // Only bits [12:0] of the LFSR form a sample; the upper bits are state, not output.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] lfsr_l23, lfsr_l4, lfsr_l5a, lfsr_l5b, lfsr_l6;
    /* verilator lint_on UNUSEDSIGNAL */
    lfsr16 #(.SEED(ENV_SEED_L23), .STEPS(16)) u_lfsr_l23 (.clk(clk), .rst(rst),
                                                         .clk_en(commit & strobe), .lfsr(lfsr_l23));
    lfsr16 #(.SEED(ENV_SEED_L4), .STEPS(16)) u_lfsr_l4 (.clk(clk), .rst(rst),
                                                       .clk_en(commit & strobe), .lfsr(lfsr_l4));
    lfsr16 #(.SEED(ENV_SEED_L5A), .STEPS(16)) u_lfsr_l5a (.clk(clk), .rst(rst),
                                                         .clk_en(commit & strobe), .lfsr(lfsr_l5a));
    lfsr16 #(.SEED(ENV_SEED_L5B), .STEPS(16)) u_lfsr_l5b (.clk(clk), .rst(rst),
                                                         .clk_en(commit & strobe), .lfsr(lfsr_l5b));
    lfsr16 #(.SEED(ENV_SEED_L6), .STEPS(16)) u_lfsr_l6 (.clk(clk), .rst(rst),
                                                       .clk_en(commit & strobe), .lfsr(lfsr_l6));
    // The mean-reversion deviation MEAN_ACC - acc at the reference's 33 bits. acc stays in
    // [ACC_MIN, ACC_MAX] = [2^23, 1.5 * 2^24] (reset to MEAN_ACC, every update clamped), so
    // |dev| <= 2^23 and its 25 low bits are its value: the multiplier's 25-bit A operand.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [32:0] dev_l23 = {MEAN_ACC[31], MEAN_ACC} - {acc_l23[31], acc_l23};
    wire signed [32:0] dev_l4  = {MEAN_ACC[31], MEAN_ACC} - {acc_l4[31], acc_l4};
    wire signed [32:0] dev_l5a = {MEAN_ACC[31], MEAN_ACC} - {acc_l5a[31], acc_l5a};
    wire signed [32:0] dev_l5b = {MEAN_ACC[31], MEAN_ACC} - {acc_l5b[31], acc_l5b};
    wire signed [32:0] dev_l6  = {MEAN_ACC[31], MEAN_ACC} - {acc_l6[31], acc_l6};
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- sequencer
    reg [5:0] c;      // clock of the schedule, 1 in the clock after the start edge
    reg       run;    // the main schedule (clocks 1 .. 37) is running
    reg       nx_pend;// nx_go seen, output phase not begun (the multiplier still busy)
    reg [2:0] n;      // clock of the output phase, 1 .. 7; 0 outside it

    // ---------------------------------------------------------------- tick registers
    reg signed [WIDTH-1:0] theta_l23;   // mulq_sat(theta_x, l23_x)
    reg signed [35:0]      pxx;         // re_prod's ux * vx (theta_x l6_x, then l6_x l5a_x)
    reg signed [36:0]      diff;        // re_prod's 37-bit ux * vx - uy * vy, then its triad
    reg signed [WIDTH-1:0] triad;       // re_prod(theta, l6), then re_prod(l6, l5a)
    reg signed [WIDTH-1:0] pac;
    reg signed [19:0]      br_l23;
    reg signed [WIDTH-1:0] sync_l5a;
    reg signed [WIDTH-1:0] l6k;         // mulk(1638, l6_x): l6_l23, l6_l5b, l6_l1
    reg signed [WIDTH-1:0] l1_mx;       // the glue's l1_matrix (from l6k), the K_MATRIX operand
    reg signed [WIDTH-1:0] l23_l5;
    reg signed [WIDTH-1:0] l6_l5a;
    reg signed [19:0]      br_l5a;
    reg signed [WIDTH-1:0] fb_l5;
    reg signed [19:0]      br_l5b;
    reg signed [21:0]      gt_l5b;
    reg signed [37:0]      off_s;       // layer1_minimal's 38-bit gain_offset sum
    reg signed [WIDTH-1:0] sst_nx;
    reg signed [WIDTH-1:0] vip_nx;
    reg signed [WIDTH-1:0] pv_l23_nx;
    reg signed [WIDTH-1:0] pv_l4_nx;
    reg signed [WIDTH-1:0] pv_l5_nx;
    reg signed [WIDTH+1:0] pvt_nx;      // pv_total of the next PV states
    reg signed [WIDTH:0]   gain_eff_nx; // layer1_minimal's sst_effective of the next SST+, VIP+
    reg signed [19:0]      gain_raw_nx; // its gain_raw = ONE_Q14 + sst_effective
    reg signed [WIDTH-1:0] gain_nx;     // the next apical_gain = clamp(gain_raw)
    // The envelope pipeline (one envelope a clock, E_SEL ..): the selected envelope's
    // accumulator and centred noise sample (14 bits, 0 without a strobe), its accumulator plus
    // noise term (33 bits), and that plus the reversion (the reference's 34-bit acc_sum).
    reg signed [31:0]      env_acc;
    reg signed [13:0]      env_noise;
    reg signed [32:0]      env_base;
    reg signed [33:0]      env_sum;
    reg signed [31:0]      acc_l23_nx;  // the envelopes' next accumulators
    reg signed [31:0]      acc_l4_nx;
    reg signed [31:0]      acc_l5a_nx;
    reg signed [31:0]      acc_l5b_nx;
    reg signed [31:0]      acc_l6_nx;
    reg signed [WIDTH-1:0] l23_out_nx;  // sat18(x_nx * envelope_nx >>> FRAC), the next l*_out
    reg signed [WIDTH-1:0] l4_out_nx;
    reg signed [WIDTH-1:0] l5a_out_nx;
    reg signed [WIDTH-1:0] l5b_out_nx;
    reg signed [WIDTH-1:0] l6_out_nx;
    // The next envelopes, acc_nx >>> ENV_EXT (Q4.14; acc_nx in [2^23, 1.5 * 2^24]: the value
    // is in [8192, 24576] and fits 18 bits), as the glue's env_<layer> of the next state.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [31:0]      env_sh_l23_nx = acc_l23_nx >>> ENV_EXT;
    wire signed [31:0]      env_sh_l4_nx  = acc_l4_nx >>> ENV_EXT;
    wire signed [31:0]      env_sh_l5a_nx = acc_l5a_nx >>> ENV_EXT;
    wire signed [31:0]      env_sh_l5b_nx = acc_l5b_nx >>> ENV_EXT;
    wire signed [31:0]      env_sh_l6_nx  = acc_l6_nx >>> ENV_EXT;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] env_l23_nx = env_sh_l23_nx[WIDTH-1:0];
    wire signed [WIDTH-1:0] env_l4_nx  = env_sh_l4_nx[WIDTH-1:0];
    wire signed [WIDTH-1:0] env_l5a_nx = env_sh_l5a_nx[WIDTH-1:0];
    wire signed [WIDTH-1:0] env_l5b_nx = env_sh_l5b_nx[WIDTH-1:0];
    wire signed [WIDTH-1:0] env_l6_nx  = env_sh_l6_nx[WIDTH-1:0];

    // L1 matrix drive with the v9.6 L6 -> L1 term, saturated to the port width (the glue's).
    wire signed [19:0]      mx_sum    = {{2{matrix_input[WIDTH-1]}}, matrix_input}
                                      + {{2{l6k[WIDTH-1]}}, l6k};
    wire signed [WIDTH-1:0] l1_matrix = (mx_sum > SAT_MAX20) ? SAT_MAX20[WIDTH-1:0] :
                                        (mx_sum < SAT_MIN20) ? SAT_MIN20[WIDTH-1:0]
                                                             : mx_sum[WIDTH-1:0];
    // layer1_minimal's gain_offset = off_s >>> FRAC (the gains sum to 0.65: fits 18 bits) and
    // its 19-bit sst_err.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [37:0]     off_sh      = off_s >>> FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [17:0]     gain_offset = off_sh[17:0];
    wire signed [WIDTH:0]  sst_err     = {gain_offset[17], gain_offset}
                                       - {sst_activity[WIDTH-1], sst_activity};

    // ---------------------------------------------------------------- the multiplier
    // Registered operands and product (one DSP48E1, AREG/BREG and MREG).
    reg signed [24:0]      op_a;
    reg signed [WIDTH-1:0] op_b;
    reg signed [24:0]      mul_a;
    reg signed [WIDTH-1:0] mul_b;
    reg signed [42:0]      prod;

    always @(*) begin
        op_a = {{7{theta_x[WIDTH-1]}}, theta_x};
        op_b = l23_x;
        case (c)
            C_TL:   begin op_a = {{7{theta_x[WIDTH-1]}}, theta_x};     op_b = l23_x;      end
            C_TXX:  begin op_a = {{7{theta_x[WIDTH-1]}}, theta_x};     op_b = l6_x;       end
            C_TYY:  begin op_a = {{7{theta_y[WIDTH-1]}}, theta_y};     op_b = l6_y;       end
            C_PAC:  begin op_a = {{7{theta_l23[WIDTH-1]}}, theta_l23}; op_b = K_PAC;      end
            C_FF:   begin op_a = {{7{l4_x[WIDTH-1]}}, l4_x};           op_b = K_L4_L23;   end
            C_SYA:  begin op_a = {{7{triad[WIDTH-1]}}, triad};         op_b = sync_gain;  end
            C_L6K:  begin op_a = {{7{l6_x[WIDTH-1]}}, l6_x};           op_b = K_L6_X;     end
            C_G23:  begin op_a = {{5{br_l23[19]}}, br_l23};            op_b = apical_gain; end
            C_L235: begin op_a = {{7{l23_x[WIDTH-1]}}, l23_x};         op_b = K_L23_L5;   end
            C_L6A:  begin op_a = {{7{l6_x[WIDTH-1]}}, l6_x};           op_b = K_L6_L5A;   end
            C_L4A:  begin op_a = {{7{l4_x[WIDTH-1]}}, l4_x};           op_b = K_L4_L5A;   end
            C_FB:   begin op_a = {{7{fb1_input[WIDTH-1]}}, fb1_input}; op_b = K_FB_L5;    end
            C_LXX:  begin op_a = {{7{l6_x[WIDTH-1]}}, l6_x};           op_b = l5a_x;      end
            C_G5A:  begin op_a = {{5{br_l5a[19]}}, br_l5a};            op_b = apical_gain; end
            C_LYY:  begin op_a = {{7{l6_y[WIDTH-1]}}, l6_y};           op_b = l5a_y;      end
            C_G5B:  begin op_a = {{5{br_l5b[19]}}, br_l5b};            op_b = apical_gain; end
            C_L56:  begin op_a = {{7{l5b_x[WIDTH-1]}}, l5b_x};         op_b = K_L5_L6;    end
            C_SYB:  begin op_a = {{7{triad[WIDTH-1]}}, triad};         op_b = sync_gain;  end
            C_F1:   begin op_a = {{7{fb1_input[WIDTH-1]}}, fb1_input}; op_b = K_FB1;      end
            C_F2:   begin op_a = {{7{fb2_input[WIDTH-1]}}, fb2_input}; op_b = K_FB2;      end
            C_MX:   begin op_a = {{7{l1_mx[WIDTH-1]}}, l1_mx};         op_b = K_MATRIX;   end
            C_VIP:  begin op_a = {{6{vip_err[WIDTH]}}, vip_err};       op_b = VIP_ALPHA;  end
            C_D23:  begin op_a = {{6{err_l23[WIDTH]}}, err_l23};       op_b = TAU_INV;    end
            C_SST:  begin op_a = {{6{sst_err[WIDTH]}}, sst_err};       op_b = SST_ALPHA;  end
            C_D4:   begin op_a = {{6{err_l4[WIDTH]}}, err_l4};         op_b = TAU_INV;    end
            C_D5:   begin op_a = {{6{err_l5[WIDTH]}}, err_l5};         op_b = TAU_INV;    end
            C_I23:  begin op_a = {{7{pv_l23_nx[WIDTH-1]}}, pv_l23_nx}; op_b = K_INHIB;    end
            C_I4:   begin op_a = {{7{pv_l4_nx[WIDTH-1]}}, pv_l4_nx};   op_b = K_INHIB;    end
            C_I5:   begin op_a = {{7{pv_l5_nx[WIDTH-1]}}, pv_l5_nx};   op_b = K_INHIB;    end
            C_E23:  begin op_a = dev_l23[24:0];                        op_b = ALPHA_S;    end
            C_E4:   begin op_a = dev_l4[24:0];                         op_b = ALPHA_S;    end
            C_E5A:  begin op_a = dev_l5a[24:0];                        op_b = ALPHA_S;    end
            C_E5B:  begin op_a = dev_l5b[24:0];                        op_b = ALPHA_S;    end
            C_E6:   begin op_a = dev_l6[24:0];                         op_b = ALPHA_S;    end
            default: ;
        endcase
        // The output phase: only in clocks >= NX_FROM + 1 = 35, where case (c) issues nothing.
        case (n)
            N_O23:  begin op_a = {{7{l23_x_nx[WIDTH-1]}}, l23_x_nx};   op_b = env_l23_nx; end
            N_O4:   begin op_a = {{7{l4_x_nx[WIDTH-1]}}, l4_x_nx};     op_b = env_l4_nx;  end
            N_O5A:  begin op_a = {{7{l5a_x_nx[WIDTH-1]}}, l5a_x_nx};   op_b = env_l5a_nx; end
            N_O5B:  begin op_a = {{7{l5b_x_nx[WIDTH-1]}}, l5b_x_nx};   op_b = env_l5b_nx; end
            N_O6:   begin op_a = {{7{l6_x_nx[WIDTH-1]}}, l6_x_nx};     op_b = env_l6_nx;  end
            default: ;
        endcase
    end

    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= op_b;
        prod  <= mul_a * mul_b;
    end

    // ---------------------------------------------------------------- product reductions
    // The *_sh wires hold a shift at full width; only their low bits are used, the rest are
    // sign copies (the bounds in the glue's and the children's range notes).
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] p36    = prod[35:0];          // an 18 x 18 product, exact
    wire signed [35:0] p36_sh = p36 >>> FRAC;
    wire signed [42:0] p_sh   = prod >>> FRAC;       // a 20 x 18 or 19 x 18 product, exact
    // re_prod's 37-bit difference pxx - pyy (registered in diff), shifted.
    wire signed [36:0] diff_p  = {pxx[35], pxx} - {p36[35], p36};
    wire signed [36:0] diff_sh = diff >>> FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    // mulk: |k| <= 1.0, |result| <= 2^17, exact in 18 bits.
    wire signed [WIDTH-1:0] mulk_p = p36_sh[WIDTH-1:0];
    // mulq_sat: sat18 of the 36-bit shift.
    wire signed [WIDTH-1:0] mulq_p = (p36_sh > SAT_MAX36) ? SAT_MAX36[WIDTH-1:0] :
                                     (p36_sh < SAT_MIN36) ? SAT_MIN36[WIDTH-1:0]
                                                          : p36_sh[WIDTH-1:0];
    // re_prod: sat18 of the 37-bit shift, from the registered difference.
    wire signed [WIDTH-1:0] re_p   = (diff_sh > SAT_MAX37) ? SAT_MAX37[WIDTH-1:0] :
                                     (diff_sh < SAT_MIN37) ? SAT_MIN37[WIDTH-1:0]
                                                           : diff_sh[WIDTH-1:0];
    // gate: |bracket| < 2^19, 0 <= gain <= 24576 < 2^15, |result| < 2^20: exact in 22 bits.
    wire signed [21:0] gate_p = p_sh[21:0];
    // The IIR steps' shifted product, 19 low bits (|delta| < 2^15).
    wire        [WIDTH:0] dsh_p = p_sh[WIDTH:0];
    // pv_interneuron's inhibition = (K_INHIB * pv) >>> FRAC: |.| < 2^31 / 2^14 fits 18 bits.
    wire signed [WIDTH-1:0] inh_p = p36_sh[WIDTH-1:0];
    wire signed [WIDTH-1:0] inh_p1 = inh_p >>> 1;
    wire signed [WIDTH-1:0] inh_p2 = inh_p >>> 2;
    // The glue's pv_drive = pv_total >>> PV_DRIVE_SHIFT (|.| < 2^17), of the committed states.
    wire signed [WIDTH+1:0] pv_drive = pv_total >>> PV_DRIVE_SHIFT;

    // The drives at 24 bits, each the glue's expression, with the product of the clock.
    wire signed [23:0] drv_l23 = {{2{gate_p[21]}}, gate_p} + {{6{l6k[WIDTH-1]}}, l6k}
                               - {{4{pv_drive[WIDTH+1]}}, pv_drive};
    wire signed [23:0] drv_l5a = {{2{gate_p[21]}}, gate_p} + {{6{sync_l5a[WIDTH-1]}}, sync_l5a};
    wire signed [23:0] drv_l6  = {{6{mulk_p[WIDTH-1]}}, mulk_p} + {{6{fb_l5[WIDTH-1]}}, fb_l5}
                               + {{6{phase_l6[WIDTH-1]}}, phase_l6};
    wire signed [23:0] drv_l5b = {{2{gt_l5b[21]}}, gt_l5b} + {{6{l6k[WIDTH-1]}}, l6k}
                               + {{6{mulq_p[WIDTH-1]}}, mulq_p};
    // L4: thalamic core + feedforward, no L1 gain, no product: combinational as in the glue.
    wire signed [23:0] drv_l4  = {{6{thalamic_input[WIDTH-1]}}, thalamic_input}
                               + {{6{feedforward_input[WIDTH-1]}}, feedforward_input};
    assign l4_input_x = drive_step(drv_l4);

    // The envelope selected in clock c (E_SEL .. E_SEL + 4): its accumulator and sample.
    reg signed [31:0] acc_cur;
    reg        [12:0] smp_cur;
    always @(*) begin
        case (c)
            E_SEL:         begin acc_cur = acc_l23; smp_cur = lfsr_l23[12:0]; end
            E_SEL + 6'd1:  begin acc_cur = acc_l4;  smp_cur = lfsr_l4[12:0];  end
            E_SEL + 6'd2:  begin acc_cur = acc_l5a; smp_cur = lfsr_l5a[12:0]; end
            E_SEL + 6'd3:  begin acc_cur = acc_l5b; smp_cur = lfsr_l5b[12:0]; end
            default:       begin acc_cur = acc_l6;  smp_cur = lfsr_l6[12:0];  end
        endcase
    end
    // amplitude_envelope_generator.v's update, acc_sum = acc + revert + (strobe ? noise << 7 :
    // 0) at 34 bits, clamped, over three clocks: env_base = acc + noise term, env_sum = env_base
    // + revert, then the clamp. Each term is exact at these widths (|acc| < 2^31, |noise << 7| <
    // 2^20, |revert| < 2^34 / 2^24 = 2^10), so env_sum is the reference's acc_sum, the same
    // integer.
    // rev_p = ALPHA_S * dev: |.| <= 1198 * 2^23 < 2^34, so the 43-bit product is the reference's
    // 51-bit one; >>> 24, 33 low bits.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [42:0] rev_sh  = prod >>> ACC_FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [32:0] revert  = rev_sh[32:0];
    // Noise: a 13-bit sample centred in 14 bits, times NOISE_AMPLITUDE = 128 = 2^7: a shift,
    // the 21-bit noise << 7 sign-extended to the reference's 32 bits.
    wire signed [13:0] noise   = $signed({1'b0, smp_cur}) - NOISE_CENTER;
    wire signed [31:0] noise_p = {{11{env_noise[13]}}, env_noise, 7'd0};
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [33:0] acc_cl  = (env_sum < ACC_MIN) ? ACC_MIN :
                                 (env_sum > ACC_MAX) ? ACC_MAX : env_sum;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [31:0] acc_nx  = acc_cl[31:0];

    // The IIR next values (layer1_minimal.v's sst_next, vip_next; pv_interneuron.v's pv_next).
`ifdef PHIN_PLANT_COLUMN
    // Test plant, never defined in a build: SST+'s next value has its LSB flipped when its
    // error is negative. testbenches/run.sh builds tb_cortical_column_fold with it and requires
    // the testbench to fail.
    wire signed [WIDTH-1:0] sst_nx_p = iir_next(sst_activity, dsh_p)
                                     ^ {{(WIDTH-1){1'b0}}, sst_err[WIDTH]};
`else
    wire signed [WIDTH-1:0] sst_nx_p = iir_next(sst_activity, dsh_p);
`endif

`ifdef PHIN_PLANT_COLUMN_OUT
    // Test plant, never defined in a build: the next l4_out has its LSB flipped when the next
    // x is negative. testbenches/run.sh builds tb_cortical_column_fold with it and requires the
    // testbench to fail.
    wire signed [WIDTH-1:0] out_l4_p = mulq_p ^ {{(WIDTH-1){1'b0}}, l4_x_nx[WIDTH-1]};
`else
    wire signed [WIDTH-1:0] out_l4_p = mulq_p;
`endif

    // The main schedule (first table): clocks 1 .. 37 after the start edge.
    always @(posedge clk) begin
        if (rst) begin
            run <= 1'b0;
            c   <= 6'd0;
        end else if (start) begin
            run <= 1'b1;
            c   <= 6'd1;
        end else if (run) begin
            c <= c + 6'd1;
            case (c)
                C_TYY:  theta_l23 <= mulq_p;
                C_PAC:  pxx <= p36;
                C_FF:   diff <= diff_p;
                C_L6K: begin
                    pac   <= mulk_p;
                    triad <= re_p;
                end
                C_SYA:  br_l23 <= {{2{mulk_p[WIDTH-1]}}, mulk_p} + {{2{pac[WIDTH-1]}}, pac}
                                + {{2{phase_l23[WIDTH-1]}}, phase_l23};
                C_G23:  l6k <= mulk_p;
                C_L235: begin
                    sync_l5a <= mulq_p;
                    l1_mx    <= l1_matrix;
                end
                C_L6A:  l23_input_x <= drive_step(drv_l23);
                C_L4A:  l23_l5 <= mulk_p;
                C_FB:   l6_l5a <= mulk_p;
                C_LXX:  br_l5a <= {{2{l23_l5[WIDTH-1]}}, l23_l5} + {{2{l6_l5a[WIDTH-1]}}, l6_l5a}
                                + {{2{mulk_p[WIDTH-1]}}, mulk_p};
                C_G5A: begin
                    fb_l5  <= mulk_p;
                    br_l5b <= {{2{l23_l5[WIDTH-1]}}, l23_l5} + {{2{mulk_p[WIDTH-1]}}, mulk_p};
                end
                C_LYY:  pxx <= p36;
                C_G5B:  l5a_input_x <= drive_step(drv_l5a);
                C_L56:  diff <= diff_p;
                C_F1: begin
                    gt_l5b <= gate_p;
                    triad  <= re_p;
                end
                C_SYB:  l6_input_x <= drive_step(drv_l6);
                C_F2:   off_s <= {{2{p36[35]}}, p36};
                C_MX:   l5b_input_x <= drive_step(drv_l5b);
                C_VIP:  off_s <= off_s + {{2{p36[35]}}, p36};
                C_D23:  off_s <= off_s + {{2{p36[35]}}, p36};
                C_SST:  vip_nx <= iir_next(vip_activity, dsh_p);
                C_D4:   pv_l23_nx <= iir_next(pv_l23_state, dsh_p);
                C_D5:   sst_nx <= sst_nx_p;
                C_I23: begin
                    pv_l4_nx    <= iir_next(pv_l4_state, dsh_p);
                    gain_eff_nx <= sst_effective(sst_nx, vip_nx);
                end
                C_I4: begin
                    pv_l5_nx    <= iir_next(pv_l5_state, dsh_p);
                    gain_raw_nx <= ONE_Q14 + {gain_eff_nx[WIDTH], gain_eff_nx};
                end
                C_I5: begin
                    pvt_nx  <= {{2{inh_p[WIDTH-1]}}, inh_p};
                    gain_nx <= gain_clamp(gain_raw_nx);
                end
                C_E23:  pvt_nx <= pvt_nx + {{2{inh_p1[WIDTH-1]}}, inh_p1};
                C_E4:   pvt_nx <= pvt_nx + {{2{inh_p2[WIDTH-1]}}, inh_p2};
                C_E5B:  acc_l23_nx <= acc_nx;
                C_E6:   acc_l4_nx  <= acc_nx;
                U_E5A:  acc_l5a_nx <= acc_nx;
                U_E5B:  acc_l5b_nx <= acc_nx;
                U_E6: begin
                    acc_l6_nx <= acc_nx;
                    run       <= 1'b0;
                end
                default: ;
            endcase
            // The envelope pipeline (its table above), beside the products' uses.
            if (c >= E_SEL && c <= E_SEL + 6'd4) begin
                env_acc   <= acc_cur;
                env_noise <= strobe ? noise : 14'sd0;
            end
            if (c >= E_SEL + 6'd1 && c <= E_SEL + 6'd5)
                env_base <= {env_acc[31], env_acc} + {noise_p[31], noise_p};
            if (c >= E_SEL + 6'd2 && c <= E_SEL + 6'd6)
                env_sum <= {env_base[32], env_base} + {revert[32], revert};
        end
    end

    // The output phase (its table above): begins in the clock after the nx_go edge, or after
    // edge NX_FROM = 34 (the last main issue, clock C_E6) if nx_go came earlier; busy falls on the
    // edge that stores the last product. The main schedule is at clock c in the clock that
    // ends with this edge, so c >= C_E6 (or the schedule over) frees the next clock.
    wire nx_free = !run || c >= C_E6;
    always @(posedge clk) begin
        if (rst) begin
            busy    <= 1'b0;
            nx_pend <= 1'b0;
            n       <= 3'd0;
        end else if (start) begin
            busy    <= 1'b1;
            nx_pend <= nx_go;
            n       <= 3'd0;
        end else if (n != 3'd0) begin
            n <= (n == N_U6) ? 3'd0 : n + 3'd1;
            case (n)
                N_O5A: l23_out_nx <= mulq_p;
                N_O5B: l4_out_nx  <= out_l4_p;
                N_O6:  l5a_out_nx <= mulq_p;
                N_U5B: l5b_out_nx <= mulq_p;
                N_U6: begin
                    l6_out_nx <= mulq_p;
                    busy      <= 1'b0;
                end
                default: ;
            endcase
        end else if ((nx_pend || nx_go) && nx_free) begin
            nx_pend <= 1'b0;
            n       <= N_O23;
        end else if (nx_go) begin
            nx_pend <= 1'b1;
        end
    end

    // ---------------------------------------------------------------- the children's registers
    // Stepped on the commit edge as on the glue's clk_en edge (reset values: layer1_minimal.v,
    // pv_interneuron.v; pv_total = f(0) = 0).
    always @(posedge clk) begin
        if (rst) begin
            sst_activity <= {WIDTH{1'b0}};
            vip_activity <= {WIDTH{1'b0}};
            pv_l23_state <= {WIDTH{1'b0}};
            pv_l4_state  <= {WIDTH{1'b0}};
            pv_l5_state  <= {WIDTH{1'b0}};
            pv_total     <= {(WIDTH+2){1'b0}};
            apical_gain  <= GAIN_INIT;
            acc_l23      <= MEAN_ACC;
            acc_l4       <= MEAN_ACC;
            acc_l5a      <= MEAN_ACC;
            acc_l5b      <= MEAN_ACC;
            acc_l6       <= MEAN_ACC;
            noise_cnt    <= 6'd0;
            l23_out      <= OUT_INIT;
            l4_out       <= OUT_INIT;
            l5a_out      <= OUT_INIT;
            l5b_out      <= OUT_INIT;
            l6_out       <= OUT_INIT;
        end else if (commit) begin
            sst_activity <= sst_nx;
            vip_activity <= vip_nx;
            pv_l23_state <= pv_l23_nx;
            pv_l4_state  <= pv_l4_nx;
            pv_l5_state  <= pv_l5_nx;
            pv_total     <= pvt_nx;
            apical_gain  <= gain_nx;
            acc_l23      <= acc_l23_nx;
            acc_l4       <= acc_l4_nx;
            acc_l5a      <= acc_l5a_nx;
            acc_l5b      <= acc_l5b_nx;
            acc_l6       <= acc_l6_nx;
            noise_cnt    <= noise_cnt + 6'd1;
            l23_out      <= l23_out_nx;
            l4_out       <= l4_out_nx;
            l5a_out      <= l5a_out_nx;
            l5b_out      <= l5b_out_nx;
            l6_out       <= l6_out_nx;
        end
    end

    // ---------------------------------------------------------------- pass-through (no product)
    // Frequencies (2.1, 6.3) plus the drift; wraps like any 18-bit sum (drift is a few LSB).
    assign l23_mu_dt    = mu_dt_l23;
    assign l23_omega_dt = (encoding_window ? OMEGA_DT_L23_FAST : OMEGA_DT_L23_SLOW)
                        + omega_drift_l23;
    assign l4_mu_dt     = mu_dt_l4;
    assign l4_omega_dt  = OMEGA_DT_L4 + omega_drift_l4;
    assign l5a_mu_dt    = mu_dt_l5a;
    assign l5a_omega_dt = OMEGA_DT_L5A + omega_drift_l5a;
    assign l5b_mu_dt    = mu_dt_l5b;
    assign l5b_omega_dt = OMEGA_DT_L5B + omega_drift_l5b;
    assign l6_mu_dt     = mu_dt_l6;
    assign l6_omega_dt  = OMEGA_DT_L6 + omega_drift_l6;

    // ---------------------------------------------------------------- outputs (10.1)
    // The glue's l*_out = mulq_sat(l*_x, envelope) with envelope = acc >>> ENV_EXT: the bank's
    // x and the accumulators change only on the commit edge (and on reset), so the registers
    // l*_out, loaded there with mulq_sat(x_nx, envelope_nx) (the output phase) and reset to
    // OUT_INIT, equal the glue's at every clock.
endmodule
`default_nettype wire
