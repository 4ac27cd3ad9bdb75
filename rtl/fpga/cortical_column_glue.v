// cortical_column_glue: rtl/cortical_column.v (git revision 60c11a5) without its five
// hopf_oscillator instances, for the folded top (issue 19; docs/fpga.md, "The folded top"). The
// layers L6, L5a, L5b, L4, L2/3 are stepped by rtl/fpga/hopf_bank.v's Hopf engine: their x, y,
// amplitude come in as input ports (the bank's committed registers, the values the reference's
// oscillators hold between edges; the reference's output ports of the same names) and their
// mu_dt, omega_dt and input_x go out as output ports <layer>_mu_dt, <layer>_omega_dt,
// <layer>_input_x. Every other line is the reference's; clk_en is the folded top's `commit`.
//
// The reference's header follows.
//
// cortical_column: one six-layer cortical column (description section 6, with 7.3, 7.6, 10.1):
// layer 1 (layer1_minimal, no oscillator), five Hopf layers L6 245, L5a 397, L5b 642, L4 817 and
// L2/3 1040 / 1681 (slow / fast gamma, switched by the theta encoding window), three PV+
// populations into L2/3, five per-layer amplitude envelopes, and the coupling constants of 6.6.
// Contract with every width: docs/spec/cortical_column.md. Model: crates/phin-core/src/cortical_column.rs.
//
// Every coupling term is computed from the registers before the edge (the children's registered
// outputs and their combinational outputs of those registers) and the inputs; all children then
// step on the same edge. A layer's drive is a rate (Q14 per second-scale unit) integrated over
// one step scaled by K_DRIVE: input_x = (K_DRIVE * drive) >>> FRAC = drive / 256 (16 x DT; see
// the spec for why not DT itself).
//
//   phase    = K_PHASE * theta_x, signed + (pattern bit 1) / - (pattern bit 0)   [L2/3, L6 only]
//   pac      = K_PAC * sat18(theta_x * l23_x)
//   L2/3     = (K_L4_L23*l4_x + pac + phase_l23) * apical_gain + K_L6_L23*l6_x - (pv_total >>> 2)
//   pv_total = pv_l23.inhibition + (pv_l4.inhibition >>> 1) + (pv_l5.inhibition >>> 2)
//   L4       = thalamic_input + feedforward_input                              (no L1 gain)
//   L5a      = (K_L23_L5*l23_x + K_L6_L5A*l6_x + K_L4_L5A*l4_x) * apical_gain + sync_l5a
//   L5b      = (K_L23_L5*l23_x + K_FB_L5*fb1_input) * apical_gain + K_L6_L5B*l6_x + sync_l5b
//   sync_l5a = sync_gain * Re(u_theta * u_l6),  sync_l5b = sync_gain * Re(u_l6 * u_l5a)
//              (phi-triad coupling: f_theta + f_L6 = f_L5a, f_L6 + f_L5a = f_L5b; phi^2 = phi + 1)
//   L6       = K_L5_L6*l5b_x + K_FB_L5*fb1_input + phase_l6                     (no L1 gain)
//   L1       = layer1_minimal(sat18(matrix_input + K_L6_L1*l6_x), fb1, fb2, attention)
//   omega    = OMEGA_DT_<layer> + omega_drift_<layer>;  mu = mu_dt_<layer>
//   <layer>_out = sat18(<layer>_x * envelope_<layer> >>> FRAC)
`default_nettype none
module cortical_column_glue #(
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
    input  wire                    clk_en,
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
    // The layers' x (folded: from hopf_bank; the reference's outputs of the same names).
    input  wire signed [WIDTH-1:0] l23_x,
    input  wire signed [WIDTH-1:0] l4_x,
    input  wire signed [WIDTH-1:0] l5a_x,
    input  wire signed [WIDTH-1:0] l5b_x,
    input  wire signed [WIDTH-1:0] l6_x,
    output wire signed [WIDTH-1:0] apical_gain,
    output wire signed [WIDTH+1:0] pv_total,
    output wire signed [WIDTH-1:0] l23_out,
    output wire signed [WIDTH-1:0] l4_out,
    output wire signed [WIDTH-1:0] l5a_out,
    output wire signed [WIDTH-1:0] l5b_out,
    output wire signed [WIDTH-1:0] l6_out,
    // The layers' y and amplitude, for the top level's SR coherence targets and monitors (11.1).
    // Folded: from hopf_bank (the reference's outputs of the same names); the column itself reads
    // only l6_y and l5a_y (triad coupling), the top reads the rest from the bank.
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
    // The layers' inputs (folded: to hopf_bank), as u_<layer>'s mu_dt, omega_dt and input_x.
    output wire signed [WIDTH-1:0] l23_mu_dt,
    output wire signed [WIDTH-1:0] l23_omega_dt,
    output wire signed [WIDTH-1:0] l23_input_x,
    output wire signed [WIDTH-1:0] l4_mu_dt,
    output wire signed [WIDTH-1:0] l4_omega_dt,
    output wire signed [WIDTH-1:0] l4_input_x,
    output wire signed [WIDTH-1:0] l5a_mu_dt,
    output wire signed [WIDTH-1:0] l5a_omega_dt,
    output wire signed [WIDTH-1:0] l5a_input_x,
    output wire signed [WIDTH-1:0] l5b_mu_dt,
    output wire signed [WIDTH-1:0] l5b_omega_dt,
    output wire signed [WIDTH-1:0] l5b_input_x,
    output wire signed [WIDTH-1:0] l6_mu_dt,
    output wire signed [WIDTH-1:0] l6_omega_dt,
    output wire signed [WIDTH-1:0] l6_input_x
);
    localparam signed [WIDTH-1:0] OMEGA_DT_L6       = 18'sd245;   // 9.53 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L5A      = 18'sd397;   // 15.42 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L5B      = 18'sd642;   // 24.94 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L4       = 18'sd817;   // 31.73 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L23_SLOW = 18'sd1040;  // 40.36 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_L23_FAST = 18'sd1681;  // 65.3 Hz
    localparam signed [WIDTH-1:0] K_DRIVE   = 18'sd64;    // 1/256 = 16 x DT (ours)
    localparam signed [WIDTH-1:0] K_L4_L23  = 18'sd6554;  // 0.4
    localparam signed [WIDTH-1:0] K_L23_L5  = 18'sd4915;  // 0.3
    localparam signed [WIDTH-1:0] K_L5_L6   = 18'sd3277;  // 0.2
    localparam signed [WIDTH-1:0] K_PAC     = 18'sd3277;  // 0.2
    localparam signed [WIDTH-1:0] K_FB_L5   = 18'sd3277;  // 0.2
    localparam signed [WIDTH-1:0] K_L6_L5A  = 18'sd2458;  // 0.15
    localparam signed [WIDTH-1:0] K_L4_L5A  = 18'sd1638;  // 0.1
    localparam signed [WIDTH-1:0] K_PHASE   = 18'sd4096;  // 0.25
    localparam signed [WIDTH-1:0] K_L6_L23  = 18'sd1638;  // 0.1 (v9.6; value ours)
    localparam signed [WIDTH-1:0] K_L6_L5B  = 18'sd1638;  // 0.1 (v9.6; value ours)
    localparam signed [WIDTH-1:0] K_L6_L1   = 18'sd1638;  // 0.1 (v9.6; value ours)
    localparam                    PV_DRIVE_SHIFT = 2;     // pv_total enters L2/3 at 0.25 (ours)
    localparam signed [36:0]      SAT_MAX37 = 37'sd131071;
    localparam signed [36:0]      SAT_MIN37 = -37'sd131072;
    localparam signed [35:0]      SAT_MAX36 = 36'sd131071;
    localparam signed [35:0]      SAT_MIN36 = -36'sd131072;
    localparam signed [19:0]      SAT_MAX20 = 20'sd131071;
    localparam signed [19:0]      SAT_MIN20 = -20'sd131072;

    // Shifted products keep only their low bits; each range note says why that is exact.
    /* verilator lint_off UNUSEDSIGNAL */
    // k * v >>> FRAC with a coefficient |k| <= 1.0: |result| <= 2^17, exact in 18 bits.
    function signed [WIDTH-1:0] mulk;
        input signed [WIDTH-1:0] k;
        input signed [WIDTH-1:0] v;
        reg   signed [35:0]      prod;
        reg   signed [35:0]      sh;
        begin
            prod = k * v;
            sh   = prod >>> FRAC;
            mulk = sh[WIDTH-1:0];
        end
    endfunction

    // sat18(a * b >>> FRAC): |a * b| <= 2^34, the shift fits 21 bits, then saturated.
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

    // (bracket * gain) >>> FRAC: 20 x 18 -> 38 bits; |bracket| < 2^19, 0 <= gain <= 24576 < 2^15,
    // so |result| < 2^20: exact in 22 bits.
    function signed [21:0] gate;
        input signed [19:0]      b;
        input signed [WIDTH-1:0] g;
        reg   signed [37:0]      prod;
        reg   signed [37:0]      sh;
        begin
            prod = b * g;
            sh   = prod >>> FRAC;
            gate = sh[21:0];
        end
    endfunction

    // Re(u * v) = ux*vx - uy*vy >>> FRAC: two 36-bit products, a 37-bit difference, saturated.
    function signed [WIDTH-1:0] re_prod;
        input signed [WIDTH-1:0] ux;
        input signed [WIDTH-1:0] uy;
        input signed [WIDTH-1:0] vx;
        input signed [WIDTH-1:0] vy;
        reg   signed [35:0]      pxx;
        reg   signed [35:0]      pyy;
        reg   signed [36:0]      diff;
        reg   signed [36:0]      sh;
        begin
            pxx  = ux * vx;
            pyy  = uy * vy;
            diff = {pxx[35], pxx} - {pyy[35], pyy};
            sh   = diff >>> FRAC;
            re_prod = (sh > SAT_MAX37) ? SAT_MAX37[WIDTH-1:0] :
                      (sh < SAT_MIN37) ? SAT_MIN37[WIDTH-1:0] : sh[WIDTH-1:0];
        end
    endfunction

    // input_x = (K_DRIVE * drive) >>> FRAC: 24 x 18 -> 42 bits; |drive| < 2^23: |result| < 2^15.
    function signed [WIDTH-1:0] drive_step;
        input signed [23:0]      d;
        reg   signed [41:0]      prod;
        reg   signed [41:0]      sh;
        begin
            prod = d * K_DRIVE;
            sh   = prod >>> FRAC;
            drive_step = sh[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- children's outputs
    // The PV+ and L1 states are observable inside the instances.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] pv_l23_state, pv_l4_state, pv_l5_state;
    wire signed [WIDTH-1:0] sst_activity, vip_activity;
    wire signed [WIDTH:0]   sst_effective;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] pv_l23_inh, pv_l4_inh, pv_l5_inh;
    wire signed [WIDTH-1:0] env_l23, env_l4, env_l5a, env_l5b, env_l6;

    // ---------------------------------------------------------------- coupling
    // Phase coupling (6.2), plastic layers only: |K_PHASE * theta_x| <= 2^15, negation exact.
    wire signed [WIDTH-1:0] phase_mag = mulk(K_PHASE, theta_x);
    wire signed [WIDTH-1:0] phase_l23 = phase_pattern[0] ? phase_mag : -phase_mag;
    wire signed [WIDTH-1:0] phase_l6  = phase_pattern[1] ? phase_mag : -phase_mag;
    // PAC: theta modulates the L2/3 gain.
    wire signed [WIDTH-1:0] theta_l23 = mulq_sat(theta_x, l23_x);
    wire signed [WIDTH-1:0] pac       = mulk(K_PAC, theta_l23);

    // PV+ network (7.3): three 18-bit terms, 20-bit sum, exact.
    assign pv_total = {{2{pv_l23_inh[WIDTH-1]}}, pv_l23_inh}
                    + {{2{pv_l4_inh[WIDTH-1]}}, (pv_l4_inh >>> 1)}
                    + {{2{pv_l5_inh[WIDTH-1]}}, (pv_l5_inh >>> 2)};

    // L2/3: three 18-bit terms in 20 bits; gated 22 bits; drive 24 bits, exact.
    wire signed [WIDTH-1:0] ff_l23   = mulk(K_L4_L23, l4_x);
    wire signed [19:0]      br_l23   = {{2{ff_l23[WIDTH-1]}}, ff_l23} + {{2{pac[WIDTH-1]}}, pac}
                                     + {{2{phase_l23[WIDTH-1]}}, phase_l23};
    wire signed [21:0]      gt_l23   = gate(br_l23, apical_gain);
    wire signed [WIDTH-1:0] l6_l23   = mulk(K_L6_L23, l6_x);
    wire signed [WIDTH+1:0] pv_drive = pv_total >>> PV_DRIVE_SHIFT;        // |.| < 2^17
    wire signed [23:0]      drv_l23  = {{2{gt_l23[21]}}, gt_l23} + {{6{l6_l23[WIDTH-1]}}, l6_l23}
                                     - {{4{pv_drive[WIDTH+1]}}, pv_drive};
    // L4: thalamic core + feedforward, no L1 gain.
    wire signed [23:0]      drv_l4   = {{6{thalamic_input[WIDTH-1]}}, thalamic_input}
                                     + {{6{feedforward_input[WIDTH-1]}}, feedforward_input};
    // L5a: canonical + L6 intra-column + L4 bypass (6.5), apical gain.
    wire signed [WIDTH-1:0] l23_l5   = mulk(K_L23_L5, l23_x);
    wire signed [WIDTH-1:0] l6_l5a   = mulk(K_L6_L5A, l6_x);
    wire signed [WIDTH-1:0] l4_l5a   = mulk(K_L4_L5A, l4_x);
    wire signed [19:0]      br_l5a   = {{2{l23_l5[WIDTH-1]}}, l23_l5} + {{2{l6_l5a[WIDTH-1]}}, l6_l5a}
                                     + {{2{l4_l5a[WIDTH-1]}}, l4_l5a};
    wire signed [21:0]      gt_l5a   = gate(br_l5a, apical_gain);
    // Triad coupling (ours: the SIE's synchrony, docs/spec/cortical_column.md): L5a is driven at
    // f_theta + f_L6, L5b at f_L6 + f_L5a, in proportion to sync_gain (0 outside an SIE).
    wire signed [WIDTH-1:0] tri_l5a  = re_prod(theta_x, theta_y, l6_x, l6_y);
    wire signed [WIDTH-1:0] tri_l5b  = re_prod(l6_x, l6_y, l5a_x, l5a_y);
    wire signed [WIDTH-1:0] sync_l5a = mulq_sat(sync_gain, tri_l5a);
    wire signed [WIDTH-1:0] sync_l5b = mulq_sat(sync_gain, tri_l5b);
    wire signed [23:0]      drv_l5a  = {{2{gt_l5a[21]}}, gt_l5a} + {{6{sync_l5a[WIDTH-1]}}, sync_l5a};
    // L5b: canonical + inter-column feedback, apical gain; L6 (v9.6) on the basal side.
    wire signed [WIDTH-1:0] fb_l5    = mulk(K_FB_L5, fb1_input);
    wire signed [19:0]      br_l5b   = {{2{l23_l5[WIDTH-1]}}, l23_l5} + {{2{fb_l5[WIDTH-1]}}, fb_l5};
    wire signed [21:0]      gt_l5b   = gate(br_l5b, apical_gain);
    wire signed [WIDTH-1:0] l6_l5b   = mulk(K_L6_L5B, l6_x);
    wire signed [23:0]      drv_l5b  = {{2{gt_l5b[21]}}, gt_l5b} + {{6{l6_l5b[WIDTH-1]}}, l6_l5b}
                                     + {{6{sync_l5b[WIDTH-1]}}, sync_l5b};
    // L6: L5b intra-column + inter-column feedback + phase coupling, no L1 gain.
    wire signed [WIDTH-1:0] l5_l6    = mulk(K_L5_L6, l5b_x);
    wire signed [23:0]      drv_l6   = {{6{l5_l6[WIDTH-1]}}, l5_l6} + {{6{fb_l5[WIDTH-1]}}, fb_l5}
                                     + {{6{phase_l6[WIDTH-1]}}, phase_l6};
    // L1 matrix drive with the v9.6 L6 -> L1 term, saturated to the port width.
    wire signed [WIDTH-1:0] l6_l1    = mulk(K_L6_L1, l6_x);
    wire signed [19:0]      mx_sum   = {{2{matrix_input[WIDTH-1]}}, matrix_input}
                                     + {{2{l6_l1[WIDTH-1]}}, l6_l1};
    wire signed [WIDTH-1:0] l1_matrix = (mx_sum > SAT_MAX20) ? SAT_MAX20[WIDTH-1:0] :
                                        (mx_sum < SAT_MIN20) ? SAT_MIN20[WIDTH-1:0] : mx_sum[WIDTH-1:0];

    wire signed [WIDTH-1:0] in_l23 = drive_step(drv_l23);
    wire signed [WIDTH-1:0] in_l4  = drive_step(drv_l4);
    wire signed [WIDTH-1:0] in_l5a = drive_step(drv_l5a);
    wire signed [WIDTH-1:0] in_l5b = drive_step(drv_l5b);
    wire signed [WIDTH-1:0] in_l6  = drive_step(drv_l6);

    // Frequencies (2.1, 6.3) plus the drift; wraps like any 18-bit sum (drift is a few LSB).
    wire signed [WIDTH-1:0] om_l23 = (encoding_window ? OMEGA_DT_L23_FAST : OMEGA_DT_L23_SLOW)
                                   + omega_drift_l23;
    wire signed [WIDTH-1:0] om_l4  = OMEGA_DT_L4 + omega_drift_l4;
    wire signed [WIDTH-1:0] om_l5a = OMEGA_DT_L5A + omega_drift_l5a;
    wire signed [WIDTH-1:0] om_l5b = OMEGA_DT_L5B + omega_drift_l5b;
    wire signed [WIDTH-1:0] om_l6  = OMEGA_DT_L6 + omega_drift_l6;

    // ---------------------------------------------------------------- instances
    layer1_minimal #(.WIDTH(WIDTH), .FRAC(FRAC)) u_l1 (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .matrix_input(l1_matrix), .fb1_input(fb1_input), .fb2_input(fb2_input),
        .attention_input(attention_input),
        .sst_activity(sst_activity), .vip_activity(vip_activity),
        .sst_effective(sst_effective), .apical_gain(apical_gain)
    );

    // u_l23: the layer's oscillator inputs, to hopf_bank.
    assign l23_mu_dt    = mu_dt_l23;
    assign l23_omega_dt = om_l23;
    assign l23_input_x  = in_l23;
    // u_l4: the layer's oscillator inputs, to hopf_bank.
    assign l4_mu_dt    = mu_dt_l4;
    assign l4_omega_dt = om_l4;
    assign l4_input_x  = in_l4;
    // u_l5a: the layer's oscillator inputs, to hopf_bank.
    assign l5a_mu_dt    = mu_dt_l5a;
    assign l5a_omega_dt = om_l5a;
    assign l5a_input_x  = in_l5a;
    // u_l5b: the layer's oscillator inputs, to hopf_bank.
    assign l5b_mu_dt    = mu_dt_l5b;
    assign l5b_omega_dt = om_l5b;
    assign l5b_input_x  = in_l5b;
    // u_l6: the layer's oscillator inputs, to hopf_bank.
    assign l6_mu_dt    = mu_dt_l6;
    assign l6_omega_dt = om_l6;
    assign l6_input_x  = in_l6;

    pv_interneuron #(.WIDTH(WIDTH), .FRAC(FRAC)) u_pv_l23 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .pyramid_input(l23_x),
        .pv_state(pv_l23_state), .inhibition(pv_l23_inh));
    pv_interneuron #(.WIDTH(WIDTH), .FRAC(FRAC)) u_pv_l4 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .pyramid_input(l4_x),
        .pv_state(pv_l4_state), .inhibition(pv_l4_inh));
    pv_interneuron #(.WIDTH(WIDTH), .FRAC(FRAC)) u_pv_l5 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .pyramid_input(l5b_x),
        .pv_state(pv_l5_state), .inhibition(pv_l5_inh));

    amplitude_envelope_generator #(.WIDTH(WIDTH), .FRAC(FRAC), .SEED(ENV_SEED_L23)) u_env_l23 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_l23));
    amplitude_envelope_generator #(.WIDTH(WIDTH), .FRAC(FRAC), .SEED(ENV_SEED_L4)) u_env_l4 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_l4));
    amplitude_envelope_generator #(.WIDTH(WIDTH), .FRAC(FRAC), .SEED(ENV_SEED_L5A)) u_env_l5a (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_l5a));
    amplitude_envelope_generator #(.WIDTH(WIDTH), .FRAC(FRAC), .SEED(ENV_SEED_L5B)) u_env_l5b (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_l5b));
    amplitude_envelope_generator #(.WIDTH(WIDTH), .FRAC(FRAC), .SEED(ENV_SEED_L6)) u_env_l6 (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_l6));

    // ---------------------------------------------------------------- outputs (10.1)
    assign l23_out = mulq_sat(l23_x, env_l23);
    assign l4_out  = mulq_sat(l4_x, env_l4);
    assign l5a_out = mulq_sat(l5a_x, env_l5a);
    assign l5b_out = mulq_sat(l5b_x, env_l5b);
    assign l6_out  = mulq_sat(l6_x, env_l6);
endmodule
`default_nettype wire
