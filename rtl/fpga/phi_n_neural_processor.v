// phi_n_neural_processor (folded): the φⁿ processor for a Zynq-7020 (issue 19; docs/fpga.md,
// "The folded top"), the same module name, parameters and ports as the reference
// rtl/phi_n_neural_processor.v (git revision 60c11a5), whose text this is, so a user swaps the
// directory. Never read this file together with rtl/*.v (two modules of one name): read
// rtl/fpga/*.v and find the reference's modules by library search (Verilator/Icarus `-y rtl`,
// Yosys `hierarchy -libdir rtl`).
//
// What is folded: the 21 Hopf oscillators (5 in each column, theta, the 5 SR oscillators) are
// stepped one after another through rtl/fpga/hopf_engine.v's one multiplier, inside
// rtl/fpga/hopf_bank.v, which holds their state. Every other unit with products is a folded
// module (rtl/fpga/*_fold.v): the three cortical columns and the thalamus with its SR bank (the
// reference's text without their oscillators, whose inputs they compute during the tick), the
// monitors (Kuramoto, bicoherence, the three boundary generators, coupling mode, harmonic
// spacing index), the coupling susceptibility, the config controller, the output mixer, the
// four output envelopes and the pink noise. Each has its reference's ports with clk_en replaced
// by start and commit, its products through one multiplier and its roots and divisions through
// one rtl/fpga/divsqrt_unit.v, between the two edges. The other children are the reference's
// modules from rtl/, unchanged; of them, the energy landscape (ENABLE_ADAPTIVE = 1) and the SIE
// controller still have products of their own.
//
// Tick. The reference steps every register on its 4 kHz clock-enable edge, from combinational
// functions of the registers before the edge and the input ports. Here rtl/fpga/tick_sequencer.v
// makes `commit`, high in exactly the clocks in which the reference's clock_enable_generator
// output is high (first TICK_DIV clocks after reset, then every TICK_DIV clocks), and every
// register that holds the reference's state (the reference's children, the folded units' state
// and outputs, the bank's committed state) steps on commit only. During a tick they all hold, so every combinational net the
// reference computes on its edge is stable for the whole tick and has the value the reference
// sees. TICK_CLOCKS (S) clocks before the commit edge, on the `start` edge, the input ports are
// latched (*_t below) and the folded units start: the thalamus and the columns compute the
// oscillators' drives, and ENGINE_LEAD clocks later the engine asks for each oscillator's
// mu_dt, omega_dt, input_x in turn; the bank captures each new x, y as the engine writes it,
// the columns compute their enveloped outputs from those next x when the engine is done, and
// everything commits together. Where a folded unit's output feeds another unit during the tick,
// the consumer reads it only from the clock it is valid (the localparams below say which).
//
//   start edge: inputs latched, the folded units start                 commit edge: every
//   |3|<- osc 0 ->|<- osc 1 ->| ... |<- osc 20 ->|done|<- columns' l*_out ->|  register steps
//   |<- thalamus_fold: drives from edge 3 ->| |<- cortical_column_fold x3: drives from 19 + 22 ->|
//   |<- kuramoto_order_parameter_fold: 6 unit vectors, R ------------------------------->|
//   |<- bicoherence, harmonic spacing, config, mixer, envelopes, ... ->|                  |
//   |<---- TICK_CLOCKS = max(engine lead + engine + columns' outputs 327, Kuramoto 443) ->|
//
// So the folded top samples its input ports TICK_CLOCKS clocks before the reference would (on
// the start edge, not the commit edge); given inputs held from the start edge through the commit
// edge, every output port changes on the same clock edge as the reference's, to the same value
// (testbenches/tb_fpga_top.v). TICK_DIV is 31,250 for FAST_SIM = 0, as the reference, and
// TICK_CLOCKS_FAST = TICK_CLOCKS + 1 for FAST_SIM != 0, where the reference uses 10: the
// fewest clocks for which inputs set after a commit edge (between ticks, as a lockstep harness
// sets them) are the ones the next tick samples. With TICK_CLOCKS alone the start edge would be
// the previous tick's commit edge. The values are in the localparams below and in
// docs/fpga.md ("The folded top").
//
// Oscillator numbering in the bank: 0 theta; 1..5 SR f0..f4; 6..10 sensory L6, L5a, L5b, L4,
// L2/3; 11..15 association (same order); 16..20 motor (same order).
//
// The reference's header follows.
//
// phi_n_neural_processor: the whole φⁿ processor (description section 11): the clock enable, the
// consciousness-state controller, the SIE controller, the Schumann-resonance noise and drift, the
// cortical drift and the φⁿ energy landscape, the thalamus (theta + SR bank), CA3 phase memory,
// three cortical columns (sensory, association, motor), the SIE monitors, pink noise and the
// output mixer driving the 12-bit DAC.
//
// The top has no registers of its own: every child steps on the same 4 kHz clock-enable edge from
// the registered outputs of the others (and the top's ports); every net below is combinational
// from registers. Wiring decisions the description leaves open are in
// docs/spec/phi_n_neural_processor.md ("Wiring"). Model:
// crates/phin-core/src/phi_n_neural_processor.rs.
`default_nettype none
module phi_n_neural_processor #(
    parameter WIDTH                = 18,
    parameter FRAC                 = 14,
    parameter FAST_SIM             = 0,   // 1: clock enable every 10 clocks (simulation)
    parameter NUM_HARMONICS        = 5,   // SR harmonics f0..f4 (the design has exactly five)
    parameter SR_STOCHASTIC_ENABLE = 1,   // 0: the SR oscillators run without noise
    parameter SR_DRIFT_ENABLE      = 1,   // 0: the SR oscillators stay at their centre frequency
    parameter ENABLE_ADAPTIVE      = 0    // 1: active φⁿ dynamics (forces, stability-driven SIE)
) (
    input  wire                          clk,
    input  wire                          rst,
    input  wire signed [WIDTH-1:0]       sensory_input,
    input  wire [2:0]                    state_select,
    input  wire [15:0]                   transition_duration,
    input  wire signed [WIDTH-1:0]       sr_field_input,
    input  wire signed [NUM_HARMONICS*WIDTH-1:0] sr_field_packed,
    input  wire                          ignition_trigger,  // starts an SIE from BASELINE (10.3)
    output wire [11:0]                   dac_output,
    output wire signed [WIDTH-1:0]       debug_motor_l23,
    output wire signed [WIDTH-1:0]       debug_theta,
    output wire                          ca3_learning,
    output wire                          ca3_recalling,
    output wire [5:0]                    ca3_phase_pattern,
    output wire [5:0]                    cortical_pattern_out,
    output wire signed [WIDTH-1:0]       f0_x,
    output wire signed [WIDTH-1:0]       f0_y,
    output wire signed [WIDTH-1:0]       f0_amplitude,
    output wire signed [NUM_HARMONICS*WIDTH-1:0] sr_f_x_packed,
    output wire signed [NUM_HARMONICS*WIDTH-1:0] sr_coherence_packed,
    output wire [NUM_HARMONICS-1:0]      sie_per_harmonic,
    output wire [NUM_HARMONICS-1:0]      coherence_mask,
    output wire signed [WIDTH-1:0]       sr_coherence,
    output wire signed [WIDTH-1:0]       sr_amplification,
    output wire                          beta_quiet,
    output wire [2:0]                    theta_phase,
    output wire                          state_transitioning,
    output wire [15:0]                   state_transition_progress,
    output wire [2:0]                    state_transition_from,
    output wire [2:0]                    state_transition_to,
    // Read-back bus (issue 19; docs/fpga.md, "The read-back bus"), not in the reference: the
    // monitors' outputs, which reach no other port, by address (the table at the end of this
    // file). Combinational: rb_data shows register rb_addr in the same clock.
    input  wire [5:0]                    rb_addr,
    output reg  [31:0]                   rb_data
);
    // ------------------------------------------------------------------ constants (Q14)
    localparam signed [WIDTH-1:0] SR_MU_DT     = 18'sd4;      // SR bank growth: MU 4, r -> 1 (8.3)
    localparam signed [WIDTH-1:0] SENSORY_GAIN = 18'sd16384;  // 1.0: relay gain of the core path
    localparam signed [WIDTH-1:0] PATTERN_THRESHOLD = 18'sd4096;  // 0.25: layer "active" for CA3
    localparam FORCE_SHIFT = 10;  // landscape force (Q14, n units) -> drift force port (OMEGA x 10)
    localparam SYNC_SHIFT  = 13;  // triad coupling = (sie_gain * harmonic_gain) >>> 13: K_SYNC 2.0
    // Centre OMEGA_DT words (2.1, 2.2).
    localparam signed [WIDTH-1:0] OMEGA_DT_THETA    = 18'sd152;
    localparam signed [WIDTH-1:0] OMEGA_DT_L6       = 18'sd245;
    localparam signed [WIDTH-1:0] OMEGA_DT_L5A      = 18'sd397;
    localparam signed [WIDTH-1:0] OMEGA_DT_L5B      = 18'sd642;
    localparam signed [WIDTH-1:0] OMEGA_DT_L23_SLOW = 18'sd1040;
    localparam signed [WIDTH-1:0] OMEGA_DT_F0 = 18'sd196;
    localparam signed [WIDTH-1:0] OMEGA_DT_F1 = 18'sd354;
    localparam signed [WIDTH-1:0] OMEGA_DT_F2 = 18'sd514;
    localparam signed [WIDTH-1:0] OMEGA_DT_F3 = 18'sd643;
    localparam signed [WIDTH-1:0] OMEGA_DT_F4 = 18'sd823;
    // φⁿ exponents n (Q14) of the cortical layers (2.1, relative to 7.49 Hz = theta·φ^0.5) and of
    // the SR modes (the mode table of "SIE Mode-Selective Enhancement").
    localparam signed [WIDTH-1:0] N_L6  = 18'sd8192;    // 0.5
    localparam signed [WIDTH-1:0] N_L5A = 18'sd24576;   // 1.5
    localparam signed [WIDTH-1:0] N_L5B = 18'sd40960;   // 2.5
    localparam signed [WIDTH-1:0] N_L4  = 18'sd49152;   // 3.0
    localparam signed [WIDTH-1:0] N_L23 = 18'sd57344;   // 3.5
    localparam signed [WIDTH-1:0] N_F0  = 18'sd16384;   // 1.0
    localparam signed [WIDTH-1:0] N_F1  = 18'sd20480;   // 1.25
    localparam signed [WIDTH-1:0] N_F2  = 18'sd40960;   // 2.5
    localparam signed [WIDTH-1:0] N_F3  = 18'sd52429;   // 3.2
    localparam signed [WIDTH-1:0] N_F4  = 18'sd65536;   // 4.0
    // dn per OMEGA_DT unit, Q14: 1 / (OMEGA_DT · ln φ), so n follows the drifting frequency.
    localparam signed [WIDTH-1:0] DN_L6  = 18'sd139;
    localparam signed [WIDTH-1:0] DN_L5A = 18'sd86;
    localparam signed [WIDTH-1:0] DN_L5B = 18'sd53;
    localparam signed [WIDTH-1:0] DN_L4  = 18'sd42;
    localparam signed [WIDTH-1:0] DN_L23 = 18'sd33;
    localparam signed [WIDTH-1:0] DN_F0  = 18'sd174;
    localparam signed [WIDTH-1:0] DN_F1  = 18'sd96;
    localparam signed [WIDTH-1:0] DN_F2  = 18'sd66;
    localparam signed [WIDTH-1:0] DN_F3  = 18'sd53;
    localparam signed [WIDTH-1:0] DN_F4  = 18'sd41;
    localparam signed [WIDTH-1:0] ZERO = {WIDTH{1'b0}};

    wire adaptive_en = (ENABLE_ADAPTIVE != 0);

    // ------------------------------------------------------------------ tick sequencer (9.1)
    // Folded: the reference's clock_enable_generator becomes the tick sequencer (header). Its
    // reserved 100 kHz pulse drove nothing and is gone.
    localparam integer NUM_OSC          = 21;   // Hopf oscillators in hopf_bank
    localparam integer HOPF_SLOT_CLOCKS = 15;   // hopf_engine.v: clocks per oscillator
    localparam integer HOPF_CLOCKS      = HOPF_SLOT_CLOCKS * NUM_OSC + 1;  // engine + commit
    // The CLOCKS of the folded units that start with the tick, start edge to their results:
    // kuramoto_order_parameter_fold 443, bicoherence_monitor_fold 332,
    // harmonic_spacing_index_fold 146, coupling_mode_controller_fold 74,
    // coupling_susceptibility_fold 65, thalamus_fold 54, config_controller_fold 51,
    // cortical_column_fold 38 from its start 19 clocks in (then 8 after the engine:
    // OUTPUT_CLOCKS below), boundary_generator_fold 32, output_mixer_fold 27,
    // envelope_bank_fold 7, pink_noise_generator_fold 3. A shorter tick would commit values not yet ready: the
    // lockstep test sees it where a unit reaches the ports (Kuramoto's R reaches none but the
    // read-back bus, which tb_fpga_top reads), and each module's testbench checks its CLOCKS.
    localparam integer KURAMOTO_CLOCKS  = 443;
    // The Hopf engine reads oscillator k's inputs in its slot k, HOPF_SLOT_CLOCKS * k clocks
    // after its own start, as it reads theta's (slot 0) after that start. The folded thalamus's
    // theta input_x is valid from edge 3 after the tick's start (its f1..f4 input_x from edges
    // 4..7, slots 2..5), the folded columns' from edge 22 after their own start (slots 6 and
    // on): the engine starts ENGINE_LEAD clocks after the tick, the least for which every
    // oscillator's slot comes no earlier after the engine's start than its word after the
    // tick's: theta's sets it.
    // The lockstep test fails with one clock less (docs/fpga.md, "The folded top, third version").
    localparam integer THALAMUS_THETA_CLOCKS = 3;    // thalamus_fold.v: V_THETA_IN
    localparam integer THALAMUS_F4_CLOCKS    = 7;    // thalamus_fold.v: V_F4_IN (slot 5)
    localparam integer COLUMN_INPUT_CLOCKS   = 22;   // cortical_column_fold.v: INPUT_X_CLOCKS
    // The columns start COLUMN_LEAD clocks after the tick, once the serial multiplier has made
    // their triad gain sync_gain (below: 18 partial products after the start edge, and one clock
    // so that the columns' start edge sees it).
    localparam integer SYNC_CLOCKS  = 19;
    localparam integer COLUMN_LEAD  = SYNC_CLOCKS;
    localparam integer LEAD_F4      = THALAMUS_F4_CLOCKS - 5 * HOPF_SLOT_CLOCKS;
    localparam integer LEAD_COLUMNS = COLUMN_LEAD + COLUMN_INPUT_CLOCKS - 6 * HOPF_SLOT_CLOCKS;
    localparam integer LEAD_LATER   = (LEAD_F4 > LEAD_COLUMNS) ? LEAD_F4 : LEAD_COLUMNS;
    localparam integer ENGINE_LEAD  = (THALAMUS_THETA_CLOCKS > LEAD_LATER)
                                    ? THALAMUS_THETA_CLOCKS : LEAD_LATER;
    localparam integer START_TAPS   = (COLUMN_LEAD > ENGINE_LEAD) ? COLUMN_LEAD : ENGINE_LEAD;
    // The columns' enveloped outputs are computed from the next state after the engine is
    // done: NX_CLOCKS more before the commit (cortical_column_fold.v: NX_CLOCKS).
    localparam integer COLUMN_NX_CLOCKS = 8;
    localparam integer OUTPUT_CLOCKS    = ENGINE_LEAD + HOPF_CLOCKS + COLUMN_NX_CLOCKS;
    // start -> commit: the longest of the units that work through the tick side by side.
    localparam integer TICK_CLOCKS      = (KURAMOTO_CLOCKS > OUTPUT_CLOCKS)
                                        ? KURAMOTO_CLOCKS : OUTPUT_CLOCKS;
    localparam integer TICK_CLOCKS_FAST = TICK_CLOCKS + 1;                 // FAST_SIM != 0
    localparam integer TICK_DIV         = (FAST_SIM != 0) ? TICK_CLOCKS_FAST : 31250;
    wire commit;  // the reference's clk_en: every register outside the engine steps on it
    wire start;   // TICK_CLOCKS clocks before the commit edge: inputs latched, engine starts
    tick_sequencer #(.DIV(TICK_DIV), .LEAD(TICK_CLOCKS)) u_tick (
        .clk(clk), .rst(rst), .commit(commit), .start(start));

    // Input ports, latched on the start edge (header): the reference samples them on its clock
    // enable edge, TICK_CLOCKS clocks later.
    reg signed [WIDTH-1:0]               sensory_input_t;
    reg [2:0]                            state_select_t;
    reg [15:0]                           transition_duration_t;
    reg signed [WIDTH-1:0]               sr_field_input_t;
    reg signed [NUM_HARMONICS*WIDTH-1:0] sr_field_packed_t;
    reg                                  ignition_trigger_t;
    always @(posedge clk) begin
        if (rst) begin
            sensory_input_t       <= ZERO;
            state_select_t        <= 3'd0;
            transition_duration_t <= 16'd0;
            sr_field_input_t      <= ZERO;
            sr_field_packed_t     <= {NUM_HARMONICS*WIDTH{1'b0}};
            ignition_trigger_t    <= 1'b0;
        end else if (start) begin
            sensory_input_t       <= sensory_input;
            state_select_t        <= state_select;
            transition_duration_t <= transition_duration;
            sr_field_input_t      <= sr_field_input;
            sr_field_packed_t     <= sr_field_packed;
            ignition_trigger_t    <= ignition_trigger;
        end
    end

    // The engine's start, ENGINE_LEAD clocks after the tick's, and the columns', COLUMN_LEAD
    // clocks after it (the localparams above); a reset clears the delay line with everything
    // else. start_d[k] is high in the clock that ends on edge k + 1 after the start edge.
    reg [START_TAPS-1:0] start_d;
    always @(posedge clk) begin
        if (rst) start_d <= {START_TAPS{1'b0}};
        else     start_d <= {start_d[START_TAPS-2:0], start};
    end
    wire engine_start = start_d[ENGINE_LEAD-1];
    wire column_start = start_d[COLUMN_LEAD-1];

    // ------------------------------------------------------------------ nets between children
    // config_controller
    wire signed [WIDTH-1:0] mu_dt_theta, mu_dt_l6, mu_dt_l5b, mu_dt_l5a, mu_dt_l4, mu_dt_l23;
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] ca_threshold;  // no dendritic compartment at the top (11.2)
    /* verilator lint_on UNUSEDSIGNAL */
    wire [15:0] sie_dur_coherence, sie_dur_ignition, sie_dur_plateau;
    wire [15:0] sie_dur_propagation, sie_dur_decay, sie_dur_refractory;
    wire        force_harmonic;
    // SR noise and drift
    wire signed [WIDTH-1:0] noise_raw_f0, noise_raw_f1, noise_raw_f2, noise_raw_f3, noise_raw_f4;
    wire signed [WIDTH-1:0] srd_drift_f0, srd_drift_f1, srd_drift_f2, srd_drift_f3, srd_drift_f4;
    wire signed [WIDTH-1:0] srd_omega_f0, srd_omega_f1, srd_omega_f2, srd_omega_f3, srd_omega_f4;
    // cortical drift and landscape
    wire signed [WIDTH-1:0] omega_drift_l6, omega_drift_l5a, omega_drift_l5b, omega_drift_l4;
    wire signed [WIDTH-1:0] omega_drift_l23;
    wire signed [WIDTH-1:0] force_0, force_1, force_2, force_3, force_4;
    wire signed [WIDTH-1:0] stability_f0, stability_f1, stability_f2, stability_f3, stability_f4;
    // thalamus
    wire signed [WIDTH-1:0] theta_x, theta_y, theta_amplitude, thalamic_output, matrix_output;
    wire                    encoding_window;
    // columns (s = sensory, a = association, m = motor)
    wire signed [WIDTH-1:0] s_l5b_x, s_l6_x, a_l5b_x, a_l6_x;
    wire signed [WIDTH-1:0] m_l23_x, m_l4_x, m_l5a_x, m_l5b_x, m_l6_x;
    wire signed [WIDTH-1:0] s_l23_out, s_l5b_out, s_l6_out;
    wire signed [WIDTH-1:0] a_l23_out, a_l5b_out, a_l6_out;
    wire signed [WIDTH-1:0] m_l23_out, m_l5b_out, m_l6_out;
    wire signed [WIDTH-1:0] m_l23_y, m_l4_y, m_l5a_y, m_l5b_y, m_l6_y;
    wire signed [WIDTH-1:0] m_l5a_amplitude, m_l5b_amplitude, m_l6_amplitude;
    // Hopf bank (folded): the SR oscillators f1..f4 (inside the reference's thalamus), and
    // every oscillator's inputs from the glue (s_, a_, m_: the columns' layers).
    wire signed [WIDTH-1:0] f1_x, f1_y, f1_amplitude, f2_x, f2_y, f2_amplitude;
    wire signed [WIDTH-1:0] f3_x, f3_y, f3_amplitude, f4_x, f4_y, f4_amplitude;
    wire signed [WIDTH-1:0] theta_mu_dt, f0_mu_dt, f1_mu_dt;
    wire signed [WIDTH-1:0] f2_mu_dt, f3_mu_dt, f4_mu_dt;
    wire signed [WIDTH-1:0] s_l6_mu_dt, s_l5a_mu_dt, s_l5b_mu_dt, s_l4_mu_dt, s_l23_mu_dt;
    wire signed [WIDTH-1:0] a_l6_mu_dt, a_l5a_mu_dt, a_l5b_mu_dt, a_l4_mu_dt, a_l23_mu_dt;
    wire signed [WIDTH-1:0] m_l6_mu_dt, m_l5a_mu_dt, m_l5b_mu_dt, m_l4_mu_dt, m_l23_mu_dt;
    wire signed [WIDTH-1:0] theta_omega_dt, f0_omega_dt, f1_omega_dt;
    wire signed [WIDTH-1:0] f2_omega_dt, f3_omega_dt, f4_omega_dt;
    wire signed [WIDTH-1:0] s_l6_omega_dt, s_l5a_omega_dt, s_l5b_omega_dt;
    wire signed [WIDTH-1:0] s_l4_omega_dt, s_l23_omega_dt;
    wire signed [WIDTH-1:0] a_l6_omega_dt, a_l5a_omega_dt, a_l5b_omega_dt;
    wire signed [WIDTH-1:0] a_l4_omega_dt, a_l23_omega_dt;
    wire signed [WIDTH-1:0] m_l6_omega_dt, m_l5a_omega_dt, m_l5b_omega_dt;
    wire signed [WIDTH-1:0] m_l4_omega_dt, m_l23_omega_dt;
    wire signed [WIDTH-1:0] theta_input_x, f0_input_x, f1_input_x;
    wire signed [WIDTH-1:0] f2_input_x, f3_input_x, f4_input_x;
    wire signed [WIDTH-1:0] s_l6_input_x, s_l5a_input_x, s_l5b_input_x, s_l4_input_x, s_l23_input_x;
    wire signed [WIDTH-1:0] a_l6_input_x, a_l5a_input_x, a_l5b_input_x, a_l4_input_x, a_l23_input_x;
    wire signed [WIDTH-1:0] m_l6_input_x, m_l5a_input_x, m_l5b_input_x, m_l4_input_x, m_l23_input_x;
    // SIE controller
    wire signed [WIDTH-1:0] sie_gain;
    wire                    sie_active, sie_decay_phase;
    wire signed [WIDTH-1:0] sync_gain;   // triad coupling of the columns (below)
    // monitors
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] kuramoto_r;  // observed: at chance with phi-spaced bands (decisions)
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] bp_theta_alpha, bp_alpha_beta1, bp_beta1_beta2;
    // output
    wire signed [WIDTH-1:0] pink_out;
    wire signed [WIDTH-1:0] env_theta, env_alpha, env_beta, env_gamma;

    // ------------------------------------------------------------------ derived nets
    // SR noise on/off and drift on/off (parameters of the top).
    wire signed [WIDTH-1:0] noise_f0 = (SR_STOCHASTIC_ENABLE != 0) ? noise_raw_f0 : ZERO;
    wire signed [WIDTH-1:0] noise_f1 = (SR_STOCHASTIC_ENABLE != 0) ? noise_raw_f1 : ZERO;
    wire signed [WIDTH-1:0] noise_f2 = (SR_STOCHASTIC_ENABLE != 0) ? noise_raw_f2 : ZERO;
    wire signed [WIDTH-1:0] noise_f3 = (SR_STOCHASTIC_ENABLE != 0) ? noise_raw_f3 : ZERO;
    wire signed [WIDTH-1:0] noise_f4 = (SR_STOCHASTIC_ENABLE != 0) ? noise_raw_f4 : ZERO;
    wire signed [WIDTH-1:0] sr_drift_f0 = (SR_DRIFT_ENABLE != 0) ? srd_drift_f0 : ZERO;
    wire signed [WIDTH-1:0] sr_drift_f1 = (SR_DRIFT_ENABLE != 0) ? srd_drift_f1 : ZERO;
    wire signed [WIDTH-1:0] sr_drift_f2 = (SR_DRIFT_ENABLE != 0) ? srd_drift_f2 : ZERO;
    wire signed [WIDTH-1:0] sr_drift_f3 = (SR_DRIFT_ENABLE != 0) ? srd_drift_f3 : ZERO;
    wire signed [WIDTH-1:0] sr_drift_f4 = (SR_DRIFT_ENABLE != 0) ? srd_drift_f4 : ZERO;
    wire signed [WIDTH-1:0] omega_dt_f0 = (SR_DRIFT_ENABLE != 0) ? srd_omega_f0 : OMEGA_DT_F0;
    wire signed [WIDTH-1:0] omega_dt_f1 = (SR_DRIFT_ENABLE != 0) ? srd_omega_f1 : OMEGA_DT_F1;
    wire signed [WIDTH-1:0] omega_dt_f2 = (SR_DRIFT_ENABLE != 0) ? srd_omega_f2 : OMEGA_DT_F2;
    wire signed [WIDTH-1:0] omega_dt_f3 = (SR_DRIFT_ENABLE != 0) ? srd_omega_f3 : OMEGA_DT_F3;
    wire signed [WIDTH-1:0] omega_dt_f4 = (SR_DRIFT_ENABLE != 0) ? srd_omega_f4 : OMEGA_DT_F4;

    // x * k at 18 bits (modulo 2^18, as the reference's 18-bit expression) as a sum of shifted
    // copies of x, one per set bit of the constant k: adders, no multiplier (the reference's
    // ten products by these small constants cost five DSP48E1 in a synthesis of the folded top).
    function signed [WIDTH-1:0] times_const;
        input signed [WIDTH-1:0] x;
        input signed [WIDTH-1:0] k;   // a constant >= 0 at every call
        integer                  i;
        begin
            times_const = {WIDTH{1'b0}};
            for (i = 0; i < WIDTH - 1; i = i + 1)
                if (k[i]) times_const = times_const + (x <<< i);
        end
    endfunction

    // Exponents n = N + drift · DN (18-bit; |drift · DN| < 2^13, no wrap). Folded: the products
    // by the constants DN through times_const (the same 18-bit result).
    wire signed [WIDTH-1:0] n_l6  = N_L6  + times_const(omega_drift_l6, DN_L6);
    wire signed [WIDTH-1:0] n_l5a = N_L5A + times_const(omega_drift_l5a, DN_L5A);
    wire signed [WIDTH-1:0] n_l5b = N_L5B + times_const(omega_drift_l5b, DN_L5B);
    wire signed [WIDTH-1:0] n_l4  = N_L4  + times_const(omega_drift_l4, DN_L4);
    wire signed [WIDTH-1:0] n_l23 = N_L23 + times_const(omega_drift_l23, DN_L23);
    wire signed [WIDTH-1:0] n_f0  = N_F0 + times_const(sr_drift_f0, DN_F0);
    wire signed [WIDTH-1:0] n_f1  = N_F1 + times_const(sr_drift_f1, DN_F1);
    wire signed [WIDTH-1:0] n_f2  = N_F2 + times_const(sr_drift_f2, DN_F2);
    wire signed [WIDTH-1:0] n_f3  = N_F3 + times_const(sr_drift_f3, DN_F3);
    wire signed [WIDTH-1:0] n_f4  = N_F4 + times_const(sr_drift_f4, DN_F4);
    wire signed [WIDTH-1:0] n_f1_f0 = n_f1 - n_f0;  // exponent of the f1/f0 ratio

    // Current OMEGA_DT of the motor layers (theta has no drift).
    wire signed [WIDTH-1:0] omega_l6  = OMEGA_DT_L6  + omega_drift_l6;
    wire signed [WIDTH-1:0] omega_l5a = OMEGA_DT_L5A + omega_drift_l5a;
    wire signed [WIDTH-1:0] omega_l5b = OMEGA_DT_L5B + omega_drift_l5b;
    wire signed [WIDTH-1:0] omega_l23 = OMEGA_DT_L23_SLOW + omega_drift_l23;

    // CA3 input pattern (5.4): a layer is active when its enveloped output exceeds 0.25.
    wire [5:0] cortical_pattern = {m_l6_out > PATTERN_THRESHOLD, m_l23_out > PATTERN_THRESHOLD,
                                   a_l6_out > PATTERN_THRESHOLD, a_l23_out > PATTERN_THRESHOLD,
                                   s_l6_out > PATTERN_THRESHOLD, s_l23_out > PATTERN_THRESHOLD};

    // Boundary power seen by the coupling-mode controller: the largest of the three boundaries.
    wire signed [WIDTH-1:0] bp_01 = (bp_theta_alpha > bp_alpha_beta1) ? bp_theta_alpha : bp_alpha_beta1;
    wire signed [WIDTH-1:0] boundary_power = (bp_01 > bp_beta1_beta2) ? bp_01 : bp_beta1_beta2;

    // ------------------------------------------------------------------ control (8, 10.3)
    // Folded (docs/fpga.md, "The folded config_controller"): CLOCKS 51; its outputs are
    // registers, as the reference's, stepped on commit.
    /* verilator lint_off UNUSEDSIGNAL */
    wire config_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    config_controller_fold #(.WIDTH(WIDTH)) u_config (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(config_busy),
        .state_select(state_select_t), .transition_duration(transition_duration_t),
        .mu_dt_theta(mu_dt_theta), .mu_dt_l6(mu_dt_l6), .mu_dt_l5b(mu_dt_l5b),
        .mu_dt_l5a(mu_dt_l5a), .mu_dt_l4(mu_dt_l4), .mu_dt_l23(mu_dt_l23),
        .ca_threshold(ca_threshold),
        .sie_dur_coherence(sie_dur_coherence), .sie_dur_ignition(sie_dur_ignition),
        .sie_dur_plateau(sie_dur_plateau), .sie_dur_propagation(sie_dur_propagation),
        .sie_dur_decay(sie_dur_decay), .sie_dur_refractory(sie_dur_refractory),
        .force_harmonic(force_harmonic),
        .transitioning(state_transitioning), .transition_progress(state_transition_progress),
        .transition_from(state_transition_from), .transition_to(state_transition_to));

    /* verilator lint_off UNUSEDSIGNAL */
    wire [2:0]  sie_phase;      // observed by the model and the trace
    wire [15:0] sie_phase_timer;
    wire signed [WIDTH-1:0] sie_plv;
    wire signed [28:0] sie_coherence_acc;
    wire signed [27:0] sie_beta_acc;
    wire [11:0] sie_dwell_timer;
    wire        sie_armed;
    wire signed [WIDTH-1:0] sie_coherence_smooth, sie_beta_smooth;
    /* verilator lint_on UNUSEDSIGNAL */
    sr_ignition_controller #(.WIDTH(WIDTH)) u_sie (
        .clk(clk), .rst(rst), .clk_en(commit),
        .coherence_in(sr_coherence), .beta_amplitude(m_l5a_amplitude),
        .ignition_trigger(ignition_trigger_t),
        .sie_dur_coherence(sie_dur_coherence), .sie_dur_ignition(sie_dur_ignition),
        .sie_dur_plateau(sie_dur_plateau), .sie_dur_propagation(sie_dur_propagation),
        .sie_dur_decay(sie_dur_decay), .sie_dur_refractory(sie_dur_refractory),
        .sie_phase(sie_phase), .phase_timer(sie_phase_timer), .sie_gain(sie_gain),
        .sie_plv(sie_plv), .coherence_acc(sie_coherence_acc), .beta_acc(sie_beta_acc),
        .dwell_timer(sie_dwell_timer), .armed(sie_armed),
        .coherence_smooth(sie_coherence_smooth), .beta_smooth(sie_beta_smooth),
        .sie_active(sie_active), .sie_decay_phase(sie_decay_phase));

    // ------------------------------------------------------------------ SR noise and drift (4.2, 4.3)
    sr_noise_generator #(.WIDTH(WIDTH)) u_sr_noise (
        .clk(clk), .rst(rst), .clk_en(commit),
        .noise_f0(noise_raw_f0), .noise_f1(noise_raw_f1), .noise_f2(noise_raw_f2),
        .noise_f3(noise_raw_f3), .noise_f4(noise_raw_f4));

    sr_frequency_drift #(.WIDTH(WIDTH)) u_sr_drift (
        .clk(clk), .rst(rst), .clk_en(commit),
        .drift_f0(srd_drift_f0), .drift_f1(srd_drift_f1), .drift_f2(srd_drift_f2),
        .drift_f3(srd_drift_f3), .drift_f4(srd_drift_f4),
        .omega_dt_f0(srd_omega_f0), .omega_dt_f1(srd_omega_f1), .omega_dt_f2(srd_omega_f2),
        .omega_dt_f3(srd_omega_f3), .omega_dt_f4(srd_omega_f4));

    // ------------------------------------------------------------------ active φⁿ dynamics (v11.0)
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] energy_0, energy_1, energy_2, energy_3, energy_4;
    wire signed [WIDTH-1:0] ldrift_0, ldrift_1, ldrift_2, ldrift_3, ldrift_4;
    wire [5:0]  cfd_drift_l6, cfd_drift_l5a, cfd_drift_l5b, cfd_drift_l4, cfd_drift_l23;
    wire [5:0]  cfd_jitter_l6, cfd_jitter_l5a, cfd_jitter_l5b, cfd_jitter_l4, cfd_jitter_l23;
    wire [9:0]  cfd_upd_cnt;
    wire [1:0]  class_f0, class_f1, class_f2, class_f3, class_f4;
    wire signed [WIDTH-1:0] chi_f1_f0;
    /* verilator lint_on UNUSEDSIGNAL */
    energy_landscape #(.WIDTH(WIDTH), .FRAC(FRAC)) u_energy (
        .clk(clk), .rst(rst), .clk_en(commit), .adaptive_en(adaptive_en),
        .n_0(n_l6), .n_1(n_l5a), .n_2(n_l5b), .n_3(n_l4), .n_4(n_l23),
        .force_0(force_0), .energy_0(energy_0), .force_1(force_1), .energy_1(energy_1),
        .force_2(force_2), .energy_2(energy_2), .force_3(force_3), .energy_3(energy_3),
        .force_4(force_4), .energy_4(energy_4),
        .drift_0(ldrift_0), .drift_1(ldrift_1), .drift_2(ldrift_2), .drift_3(ldrift_3),
        .drift_4(ldrift_4));

    cortical_frequency_drift #(.WIDTH(WIDTH), .FRAC(FRAC)) u_ctx_drift (
        .clk(clk), .rst(rst), .clk_en(commit), .adaptive_en(adaptive_en),
        .force_l6(force_0 >>> FORCE_SHIFT), .force_l5a(force_1 >>> FORCE_SHIFT),
        .force_l5b(force_2 >>> FORCE_SHIFT), .force_l4(force_3 >>> FORCE_SHIFT),
        .force_l23(force_4 >>> FORCE_SHIFT),
        .drift_l6(cfd_drift_l6), .drift_l5a(cfd_drift_l5a), .drift_l5b(cfd_drift_l5b),
        .drift_l4(cfd_drift_l4), .drift_l23(cfd_drift_l23),
        .jitter_l6(cfd_jitter_l6), .jitter_l5a(cfd_jitter_l5a), .jitter_l5b(cfd_jitter_l5b),
        .jitter_l4(cfd_jitter_l4), .jitter_l23(cfd_jitter_l23), .upd_cnt(cfd_upd_cnt),
        .omega_drift_l6(omega_drift_l6), .omega_drift_l5a(omega_drift_l5a),
        .omega_drift_l5b(omega_drift_l5b), .omega_drift_l4(omega_drift_l4),
        .omega_drift_l23(omega_drift_l23));

    quarter_integer_detector #(.WIDTH(WIDTH), .FRAC(FRAC)) u_qid_f0 (
        .clk(clk), .rst(rst), .clk_en(commit), .n(n_f0),
        .position_class(class_f0), .stability(stability_f0));
    quarter_integer_detector #(.WIDTH(WIDTH), .FRAC(FRAC)) u_qid_f1 (
        .clk(clk), .rst(rst), .clk_en(commit), .n(n_f1),
        .position_class(class_f1), .stability(stability_f1));
    quarter_integer_detector #(.WIDTH(WIDTH), .FRAC(FRAC)) u_qid_f2 (
        .clk(clk), .rst(rst), .clk_en(commit), .n(n_f2),
        .position_class(class_f2), .stability(stability_f2));
    quarter_integer_detector #(.WIDTH(WIDTH), .FRAC(FRAC)) u_qid_f3 (
        .clk(clk), .rst(rst), .clk_en(commit), .n(n_f3),
        .position_class(class_f3), .stability(stability_f3));
    quarter_integer_detector #(.WIDTH(WIDTH), .FRAC(FRAC)) u_qid_f4 (
        .clk(clk), .rst(rst), .clk_en(commit), .n(n_f4),
        .position_class(class_f4), .stability(stability_f4));

    // Folded (docs/fpga.md, "The folded coupling_susceptibility"): CLOCKS 65.
    /* verilator lint_off UNUSEDSIGNAL */
    wire chi_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    coupling_susceptibility_fold #(.WIDTH(WIDTH), .FRAC(FRAC)) u_chi (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(chi_busy),
        .n(n_f1_f0), .chi(chi_f1_f0));

    // ------------------------------------------------------------------ thalamus (3, 4.1)
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] theta_gate;
    /* verilator lint_on UNUSEDSIGNAL */
    // Folded (docs/fpga.md, "The folded thalamus"): CLOCKS 54, its products through one
    // multiplier; theta's input_x is valid from edge THALAMUS_THETA_CLOCKS after start, f1..f4's
    // one edge later each, every other output at every clock.
    /* verilator lint_off UNUSEDSIGNAL */
    wire thalamus_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    thalamus_fold #(.WIDTH(WIDTH), .FRAC(FRAC)) u_thalamus (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(thalamus_busy),
        .mu_dt(mu_dt_theta), .sr_mu_dt(SR_MU_DT),
        .sensory_input(sensory_input_t), .sensory_gain(SENSORY_GAIN),
        .l6_sensory(s_l6_x), .l6_assoc(a_l6_x), .l6_motor(m_l6_x),
        .l5b_sensory(s_l5b_x), .l5b_assoc(a_l5b_x), .l5b_motor(m_l5b_x),
        .alpha_x(m_l6_x), .alpha_y(m_l6_y), .low_beta_x(m_l5a_x), .low_beta_y(m_l5a_y),
        .high_beta_x(m_l5b_x), .high_beta_y(m_l5b_y), .gamma_x(m_l4_x), .gamma_y(m_l4_y),
        .beta_amplitude(m_l5a_amplitude),
        .omega_dt_f0(omega_dt_f0), .omega_dt_f1(omega_dt_f1), .omega_dt_f2(omega_dt_f2),
        .omega_dt_f3(omega_dt_f3), .omega_dt_f4(omega_dt_f4),
        .noise_f0(noise_f0), .noise_f1(noise_f1), .noise_f2(noise_f2), .noise_f3(noise_f3),
        .noise_f4(noise_f4),
        .sr_field_input(sr_field_input_t),
        .sr_field_f0(sr_field_packed_t[0*WIDTH +: WIDTH]),
        .sr_field_f1(sr_field_packed_t[1*WIDTH +: WIDTH]),
        .sr_field_f2(sr_field_packed_t[2*WIDTH +: WIDTH]),
        .sr_field_f3(sr_field_packed_t[3*WIDTH +: WIDTH]),
        .sr_field_f4(sr_field_packed_t[4*WIDTH +: WIDTH]),
        .adaptive_en(adaptive_en),
        .stability_f0(stability_f0), .stability_f1(stability_f1), .stability_f2(stability_f2),
        .stability_f3(stability_f3), .stability_f4(stability_f4),
        .theta_x(theta_x), .theta_y(theta_y), .theta_amplitude(theta_amplitude),
        .theta_phase(theta_phase), .encoding_window(encoding_window), .theta_gate(theta_gate),
        .thalamic_output(thalamic_output), .matrix_output(matrix_output),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amplitude),
        .f1_x(f1_x), .f1_y(f1_y), .f1_amplitude(f1_amplitude),
        .f2_x(f2_x), .f2_y(f2_y), .f2_amplitude(f2_amplitude),
        .f3_x(f3_x), .f3_y(f3_y), .f3_amplitude(f3_amplitude),
        .f4_x(f4_x), .f4_y(f4_y), .f4_amplitude(f4_amplitude),
        .sr_f_x_packed(sr_f_x_packed), .sr_coherence_packed(sr_coherence_packed),
        .sie_per_harmonic(sie_per_harmonic), .coherence_mask(coherence_mask),
        .beta_quiet(beta_quiet), .sr_coherence(sr_coherence),
        .sr_amplification(sr_amplification),
        .theta_mu_dt(theta_mu_dt), .theta_omega_dt(theta_omega_dt), .theta_input_x(theta_input_x),
        .f0_mu_dt(f0_mu_dt), .f0_omega_dt(f0_omega_dt), .f0_input_x(f0_input_x),
        .f1_mu_dt(f1_mu_dt), .f1_omega_dt(f1_omega_dt), .f1_input_x(f1_input_x),
        .f2_mu_dt(f2_mu_dt), .f2_omega_dt(f2_omega_dt), .f2_input_x(f2_input_x),
        .f3_mu_dt(f3_mu_dt), .f3_omega_dt(f3_omega_dt), .f3_input_x(f3_input_x),
        .f4_mu_dt(f4_mu_dt), .f4_omega_dt(f4_omega_dt), .f4_input_x(f4_input_x));

    // ------------------------------------------------------------------ CA3 (5)
    ca3_phase_memory #(.WIDTH(WIDTH)) u_ca3 (
        .clk(clk), .rst(rst), .clk_en(commit), .theta_x(theta_x),
        .pattern_in(cortical_pattern), .phase_pattern(ca3_phase_pattern),
        .learning(ca3_learning), .recalling(ca3_recalling));

    // ------------------------------------------------------------------ cortical columns (6, 7)
    // Feedforward sensory -> association -> motor (L2/3 out into the next L4); feedback from the
    // deep layers (L5b out): fb1 from the adjacent column, fb2 from the distant one.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] s_gain, a_gain, m_gain;
    wire signed [WIDTH+1:0] s_pv, a_pv, m_pv;
    wire signed [WIDTH-1:0] s_l4_out, s_l5a_out, a_l4_out, a_l5a_out, m_l4_out, m_l5a_out;
    wire signed [WIDTH-1:0] s_l23_y, s_l4_y, s_l5a_y, s_l5b_y, s_l6_y;
    wire signed [WIDTH-1:0] a_l23_y, a_l4_y, a_l5a_y, a_l5b_y, a_l6_y;
    wire signed [WIDTH-1:0] s_l23_amp, s_l4_amp, s_l5a_amp, s_l5b_amp, s_l6_amp;
    wire signed [WIDTH-1:0] a_l23_amp, a_l4_amp, a_l5a_amp, a_l5b_amp, a_l6_amp;
    wire signed [WIDTH-1:0] m_l23_amplitude, m_l4_amplitude;
    wire signed [WIDTH-1:0] s_l23_x, s_l4_x, s_l5a_x, a_l23_x, a_l4_x, a_l5a_x;
    /* verilator lint_on UNUSEDSIGNAL */

    // Folded (docs/fpga.md, "The folded cortical_column"): CLOCKS 37, its products through one
    // multiplier; the layers' input_x are valid from edge COLUMN_INPUT_CLOCKS after start, every
    // other output at every clock. Its five enveloped outputs l*_out are registers of the next
    // state, computed after nx_go from the bank's next x of its layers (hopf_done: the engine
    // has written every oscillator), stored on commit.
    // The bank's next x (hopf_bank.v); the columns read their layers' (theta's and the SR
    // oscillators' are not needed: their outputs are their x).
    /* verilator lint_off UNUSEDSIGNAL */
    wire [NUM_OSC*WIDTH-1:0] osc_x_next;
    /* verilator lint_on UNUSEDSIGNAL */
    wire                     hopf_done;    // one clock: every next x is final
    /* verilator lint_off UNUSEDSIGNAL */
    wire [2:0] column_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    cortical_column_fold #(.WIDTH(WIDTH), .FRAC(FRAC),
        .ENV_SEED_L6(16'h1D2B), .ENV_SEED_L5A(16'h2E3C), .ENV_SEED_L5B(16'h3F4D),
        .ENV_SEED_L4(16'h4A5E), .ENV_SEED_L23(16'h5B6F)) col_sensory (
        .clk(clk), .rst(rst), .start(column_start), .commit(commit), .busy(column_busy[0]),
        .nx_go(hopf_done), .l6_x_nx(osc_x_next[6*WIDTH +: WIDTH]),
        .l5a_x_nx(osc_x_next[7*WIDTH +: WIDTH]), .l5b_x_nx(osc_x_next[8*WIDTH +: WIDTH]),
        .l4_x_nx(osc_x_next[9*WIDTH +: WIDTH]), .l23_x_nx(osc_x_next[10*WIDTH +: WIDTH]),
        .mu_dt_l6(mu_dt_l6), .mu_dt_l5b(mu_dt_l5b), .mu_dt_l5a(mu_dt_l5a), .mu_dt_l4(mu_dt_l4),
        .mu_dt_l23(mu_dt_l23),
        .omega_drift_l6(omega_drift_l6), .omega_drift_l5a(omega_drift_l5a),
        .omega_drift_l5b(omega_drift_l5b), .omega_drift_l4(omega_drift_l4),
        .omega_drift_l23(omega_drift_l23),
        .thalamic_input(thalamic_output), .feedforward_input(ZERO), .matrix_input(matrix_output),
        .fb1_input(a_l5b_out), .fb2_input(m_l5b_out), .attention_input(ZERO),
        .theta_x(theta_x), .theta_y(theta_y), .sync_gain(sync_gain),
        .encoding_window(encoding_window),
        .phase_pattern(ca3_phase_pattern[1:0]),
        .l23_x(s_l23_x), .l4_x(s_l4_x), .l5a_x(s_l5a_x), .l5b_x(s_l5b_x), .l6_x(s_l6_x),
        .apical_gain(s_gain), .pv_total(s_pv),
        .l23_out(s_l23_out), .l4_out(s_l4_out), .l5a_out(s_l5a_out), .l5b_out(s_l5b_out),
        .l6_out(s_l6_out),
        .l23_y(s_l23_y), .l4_y(s_l4_y), .l5a_y(s_l5a_y), .l5b_y(s_l5b_y), .l6_y(s_l6_y),
        .l23_amplitude(s_l23_amp), .l4_amplitude(s_l4_amp), .l5a_amplitude(s_l5a_amp),
        .l5b_amplitude(s_l5b_amp), .l6_amplitude(s_l6_amp),
        .l6_mu_dt(s_l6_mu_dt), .l6_omega_dt(s_l6_omega_dt), .l6_input_x(s_l6_input_x),
        .l5a_mu_dt(s_l5a_mu_dt), .l5a_omega_dt(s_l5a_omega_dt), .l5a_input_x(s_l5a_input_x),
        .l5b_mu_dt(s_l5b_mu_dt), .l5b_omega_dt(s_l5b_omega_dt), .l5b_input_x(s_l5b_input_x),
        .l4_mu_dt(s_l4_mu_dt), .l4_omega_dt(s_l4_omega_dt), .l4_input_x(s_l4_input_x),
        .l23_mu_dt(s_l23_mu_dt), .l23_omega_dt(s_l23_omega_dt), .l23_input_x(s_l23_input_x));

    cortical_column_fold #(.WIDTH(WIDTH), .FRAC(FRAC),
        .ENV_SEED_L6(16'h6C71), .ENV_SEED_L5A(16'h7D82), .ENV_SEED_L5B(16'h8E93),
        .ENV_SEED_L4(16'h9FA4), .ENV_SEED_L23(16'hA0B5)) col_assoc (
        .clk(clk), .rst(rst), .start(column_start), .commit(commit), .busy(column_busy[1]),
        .nx_go(hopf_done), .l6_x_nx(osc_x_next[11*WIDTH +: WIDTH]),
        .l5a_x_nx(osc_x_next[12*WIDTH +: WIDTH]), .l5b_x_nx(osc_x_next[13*WIDTH +: WIDTH]),
        .l4_x_nx(osc_x_next[14*WIDTH +: WIDTH]), .l23_x_nx(osc_x_next[15*WIDTH +: WIDTH]),
        .mu_dt_l6(mu_dt_l6), .mu_dt_l5b(mu_dt_l5b), .mu_dt_l5a(mu_dt_l5a), .mu_dt_l4(mu_dt_l4),
        .mu_dt_l23(mu_dt_l23),
        .omega_drift_l6(omega_drift_l6), .omega_drift_l5a(omega_drift_l5a),
        .omega_drift_l5b(omega_drift_l5b), .omega_drift_l4(omega_drift_l4),
        .omega_drift_l23(omega_drift_l23),
        .thalamic_input(thalamic_output), .feedforward_input(s_l23_out),
        .matrix_input(matrix_output),
        .fb1_input(m_l5b_out), .fb2_input(s_l5b_out), .attention_input(ZERO),
        .theta_x(theta_x), .theta_y(theta_y), .sync_gain(sync_gain),
        .encoding_window(encoding_window),
        .phase_pattern(ca3_phase_pattern[3:2]),
        .l23_x(a_l23_x), .l4_x(a_l4_x), .l5a_x(a_l5a_x), .l5b_x(a_l5b_x), .l6_x(a_l6_x),
        .apical_gain(a_gain), .pv_total(a_pv),
        .l23_out(a_l23_out), .l4_out(a_l4_out), .l5a_out(a_l5a_out), .l5b_out(a_l5b_out),
        .l6_out(a_l6_out),
        .l23_y(a_l23_y), .l4_y(a_l4_y), .l5a_y(a_l5a_y), .l5b_y(a_l5b_y), .l6_y(a_l6_y),
        .l23_amplitude(a_l23_amp), .l4_amplitude(a_l4_amp), .l5a_amplitude(a_l5a_amp),
        .l5b_amplitude(a_l5b_amp), .l6_amplitude(a_l6_amp),
        .l6_mu_dt(a_l6_mu_dt), .l6_omega_dt(a_l6_omega_dt), .l6_input_x(a_l6_input_x),
        .l5a_mu_dt(a_l5a_mu_dt), .l5a_omega_dt(a_l5a_omega_dt), .l5a_input_x(a_l5a_input_x),
        .l5b_mu_dt(a_l5b_mu_dt), .l5b_omega_dt(a_l5b_omega_dt), .l5b_input_x(a_l5b_input_x),
        .l4_mu_dt(a_l4_mu_dt), .l4_omega_dt(a_l4_omega_dt), .l4_input_x(a_l4_input_x),
        .l23_mu_dt(a_l23_mu_dt), .l23_omega_dt(a_l23_omega_dt), .l23_input_x(a_l23_input_x));

    cortical_column_fold #(.WIDTH(WIDTH), .FRAC(FRAC),
        .ENV_SEED_L6(16'hB1C6), .ENV_SEED_L5A(16'hC2D7), .ENV_SEED_L5B(16'hD3E8),
        .ENV_SEED_L4(16'hE4F9), .ENV_SEED_L23(16'hF50A)) col_motor (
        .clk(clk), .rst(rst), .start(column_start), .commit(commit), .busy(column_busy[2]),
        .nx_go(hopf_done), .l6_x_nx(osc_x_next[16*WIDTH +: WIDTH]),
        .l5a_x_nx(osc_x_next[17*WIDTH +: WIDTH]), .l5b_x_nx(osc_x_next[18*WIDTH +: WIDTH]),
        .l4_x_nx(osc_x_next[19*WIDTH +: WIDTH]), .l23_x_nx(osc_x_next[20*WIDTH +: WIDTH]),
        .mu_dt_l6(mu_dt_l6), .mu_dt_l5b(mu_dt_l5b), .mu_dt_l5a(mu_dt_l5a), .mu_dt_l4(mu_dt_l4),
        .mu_dt_l23(mu_dt_l23),
        .omega_drift_l6(omega_drift_l6), .omega_drift_l5a(omega_drift_l5a),
        .omega_drift_l5b(omega_drift_l5b), .omega_drift_l4(omega_drift_l4),
        .omega_drift_l23(omega_drift_l23),
        .thalamic_input(thalamic_output), .feedforward_input(a_l23_out),
        .matrix_input(matrix_output),
        .fb1_input(a_l5b_out), .fb2_input(s_l5b_out), .attention_input(ZERO),
        .theta_x(theta_x), .theta_y(theta_y), .sync_gain(sync_gain),
        .encoding_window(encoding_window),
        .phase_pattern(ca3_phase_pattern[5:4]),
        .l23_x(m_l23_x), .l4_x(m_l4_x), .l5a_x(m_l5a_x), .l5b_x(m_l5b_x), .l6_x(m_l6_x),
        .apical_gain(m_gain), .pv_total(m_pv),
        .l23_out(m_l23_out), .l4_out(m_l4_out), .l5a_out(m_l5a_out), .l5b_out(m_l5b_out),
        .l6_out(m_l6_out),
        .l23_y(m_l23_y), .l4_y(m_l4_y), .l5a_y(m_l5a_y), .l5b_y(m_l5b_y), .l6_y(m_l6_y),
        .l23_amplitude(m_l23_amplitude), .l4_amplitude(m_l4_amplitude),
        .l5a_amplitude(m_l5a_amplitude), .l5b_amplitude(m_l5b_amplitude),
        .l6_amplitude(m_l6_amplitude),
        .l6_mu_dt(m_l6_mu_dt), .l6_omega_dt(m_l6_omega_dt), .l6_input_x(m_l6_input_x),
        .l5a_mu_dt(m_l5a_mu_dt), .l5a_omega_dt(m_l5a_omega_dt), .l5a_input_x(m_l5a_input_x),
        .l5b_mu_dt(m_l5b_mu_dt), .l5b_omega_dt(m_l5b_omega_dt), .l5b_input_x(m_l5b_input_x),
        .l4_mu_dt(m_l4_mu_dt), .l4_omega_dt(m_l4_omega_dt), .l4_input_x(m_l4_input_x),
        .l23_mu_dt(m_l23_mu_dt), .l23_omega_dt(m_l23_omega_dt), .l23_input_x(m_l23_input_x));

    // ------------------------------------------------------------------ the Hopf oscillators
    // Folded: the 21 oscillators of the columns and the thalamus, in hopf_bank (header). Their
    // inputs come from the glue above, their committed x, y, amplitude go to the nets the
    // reference's oscillator outputs drove.
    wire [NUM_OSC*WIDTH-1:0] osc_mu_dt = {
        m_l23_mu_dt, m_l4_mu_dt, m_l5b_mu_dt, m_l5a_mu_dt, m_l6_mu_dt,
        a_l23_mu_dt, a_l4_mu_dt, a_l5b_mu_dt, a_l5a_mu_dt, a_l6_mu_dt,
        s_l23_mu_dt, s_l4_mu_dt, s_l5b_mu_dt, s_l5a_mu_dt, s_l6_mu_dt,
        f4_mu_dt, f3_mu_dt, f2_mu_dt, f1_mu_dt, f0_mu_dt,
        theta_mu_dt};
    wire [NUM_OSC*WIDTH-1:0] osc_omega_dt = {
        m_l23_omega_dt, m_l4_omega_dt, m_l5b_omega_dt, m_l5a_omega_dt, m_l6_omega_dt,
        a_l23_omega_dt, a_l4_omega_dt, a_l5b_omega_dt, a_l5a_omega_dt, a_l6_omega_dt,
        s_l23_omega_dt, s_l4_omega_dt, s_l5b_omega_dt, s_l5a_omega_dt, s_l6_omega_dt,
        f4_omega_dt, f3_omega_dt, f2_omega_dt, f1_omega_dt, f0_omega_dt,
        theta_omega_dt};
    wire [NUM_OSC*WIDTH-1:0] osc_input_x = {
        m_l23_input_x, m_l4_input_x, m_l5b_input_x, m_l5a_input_x, m_l6_input_x,
        a_l23_input_x, a_l4_input_x, a_l5b_input_x, a_l5a_input_x, a_l6_input_x,
        s_l23_input_x, s_l4_input_x, s_l5b_input_x, s_l5a_input_x, s_l6_input_x,
        f4_input_x, f3_input_x, f2_input_x, f1_input_x, f0_input_x,
        theta_input_x};
    wire [NUM_OSC*WIDTH-1:0] osc_x, osc_y, osc_amplitude;
    hopf_bank #(.N(NUM_OSC), .IDX_W(5)) u_hopf (
        .clk(clk), .rst(rst), .start(engine_start), .commit(commit),
        .osc_mu_dt(osc_mu_dt), .osc_omega_dt(osc_omega_dt), .osc_input_x(osc_input_x),
        .osc_x(osc_x), .osc_y(osc_y), .osc_amplitude(osc_amplitude),
        .osc_x_next(osc_x_next), .tick_done(hopf_done));
    assign theta_x         = osc_x[0*WIDTH +: WIDTH];
    assign theta_y         = osc_y[0*WIDTH +: WIDTH];
    assign theta_amplitude = osc_amplitude[0*WIDTH +: WIDTH];
    assign f0_x            = osc_x[1*WIDTH +: WIDTH];
    assign f0_y            = osc_y[1*WIDTH +: WIDTH];
    assign f0_amplitude    = osc_amplitude[1*WIDTH +: WIDTH];
    assign f1_x            = osc_x[2*WIDTH +: WIDTH];
    assign f1_y            = osc_y[2*WIDTH +: WIDTH];
    assign f1_amplitude    = osc_amplitude[2*WIDTH +: WIDTH];
    assign f2_x            = osc_x[3*WIDTH +: WIDTH];
    assign f2_y            = osc_y[3*WIDTH +: WIDTH];
    assign f2_amplitude    = osc_amplitude[3*WIDTH +: WIDTH];
    assign f3_x            = osc_x[4*WIDTH +: WIDTH];
    assign f3_y            = osc_y[4*WIDTH +: WIDTH];
    assign f3_amplitude    = osc_amplitude[4*WIDTH +: WIDTH];
    assign f4_x            = osc_x[5*WIDTH +: WIDTH];
    assign f4_y            = osc_y[5*WIDTH +: WIDTH];
    assign f4_amplitude    = osc_amplitude[5*WIDTH +: WIDTH];
    assign s_l6_x          = osc_x[6*WIDTH +: WIDTH];
    assign s_l6_y          = osc_y[6*WIDTH +: WIDTH];
    assign s_l6_amp        = osc_amplitude[6*WIDTH +: WIDTH];
    assign s_l5a_x         = osc_x[7*WIDTH +: WIDTH];
    assign s_l5a_y         = osc_y[7*WIDTH +: WIDTH];
    assign s_l5a_amp       = osc_amplitude[7*WIDTH +: WIDTH];
    assign s_l5b_x         = osc_x[8*WIDTH +: WIDTH];
    assign s_l5b_y         = osc_y[8*WIDTH +: WIDTH];
    assign s_l5b_amp       = osc_amplitude[8*WIDTH +: WIDTH];
    assign s_l4_x          = osc_x[9*WIDTH +: WIDTH];
    assign s_l4_y          = osc_y[9*WIDTH +: WIDTH];
    assign s_l4_amp        = osc_amplitude[9*WIDTH +: WIDTH];
    assign s_l23_x         = osc_x[10*WIDTH +: WIDTH];
    assign s_l23_y         = osc_y[10*WIDTH +: WIDTH];
    assign s_l23_amp       = osc_amplitude[10*WIDTH +: WIDTH];
    assign a_l6_x          = osc_x[11*WIDTH +: WIDTH];
    assign a_l6_y          = osc_y[11*WIDTH +: WIDTH];
    assign a_l6_amp        = osc_amplitude[11*WIDTH +: WIDTH];
    assign a_l5a_x         = osc_x[12*WIDTH +: WIDTH];
    assign a_l5a_y         = osc_y[12*WIDTH +: WIDTH];
    assign a_l5a_amp       = osc_amplitude[12*WIDTH +: WIDTH];
    assign a_l5b_x         = osc_x[13*WIDTH +: WIDTH];
    assign a_l5b_y         = osc_y[13*WIDTH +: WIDTH];
    assign a_l5b_amp       = osc_amplitude[13*WIDTH +: WIDTH];
    assign a_l4_x          = osc_x[14*WIDTH +: WIDTH];
    assign a_l4_y          = osc_y[14*WIDTH +: WIDTH];
    assign a_l4_amp        = osc_amplitude[14*WIDTH +: WIDTH];
    assign a_l23_x         = osc_x[15*WIDTH +: WIDTH];
    assign a_l23_y         = osc_y[15*WIDTH +: WIDTH];
    assign a_l23_amp       = osc_amplitude[15*WIDTH +: WIDTH];
    assign m_l6_x          = osc_x[16*WIDTH +: WIDTH];
    assign m_l6_y          = osc_y[16*WIDTH +: WIDTH];
    assign m_l6_amplitude  = osc_amplitude[16*WIDTH +: WIDTH];
    assign m_l5a_x         = osc_x[17*WIDTH +: WIDTH];
    assign m_l5a_y         = osc_y[17*WIDTH +: WIDTH];
    assign m_l5a_amplitude = osc_amplitude[17*WIDTH +: WIDTH];
    assign m_l5b_x         = osc_x[18*WIDTH +: WIDTH];
    assign m_l5b_y         = osc_y[18*WIDTH +: WIDTH];
    assign m_l5b_amplitude = osc_amplitude[18*WIDTH +: WIDTH];
    assign m_l4_x          = osc_x[19*WIDTH +: WIDTH];
    assign m_l4_y          = osc_y[19*WIDTH +: WIDTH];
    assign m_l4_amplitude  = osc_amplitude[19*WIDTH +: WIDTH];
    assign m_l23_x         = osc_x[20*WIDTH +: WIDTH];
    assign m_l23_y         = osc_y[20*WIDTH +: WIDTH];
    assign m_l23_amplitude = osc_amplitude[20*WIDTH +: WIDTH];

    // ------------------------------------------------------------------ SIE monitors (v11.3)
    // They watch theta and the motor column, whose layers reach the DAC.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [20:0] k_sum_cos, k_sum_sin;
    wire               high_synchrony;
    wire signed [WIDTH-1:0] omega_b_ta, omega_b_ab, omega_b_bb, bx_ta, bx_ab, bx_bb;
    wire signed [29:0] pacc_ta, pacc_ab, pacc_bb;
    wire signed [29:0] bc_re0, bc_im0, bc_re1, bc_im1, bc_re2, bc_im2;
    wire signed [WIDTH-1:0] bicoherence0, bicoherence1, bicoherence2, bicoherence_max;
    wire signed [WIDTH-1:0] triad_sync;
    wire               high_bicoherence;
    wire [1:0]         coupling_mode;
    wire               mode_target;
    wire [10:0]        xfade_timer;
    wire signed [WIDTH-1:0] pac_gain, harmonic_gain;
    wire signed [WIDTH-1:0] ratio_alpha_theta, ratio_beta1_alpha, ratio_beta2_beta1;
    wire signed [WIDTH-1:0] ratio_gamma_beta2, hsi;
    wire signed [33:0] hsi_baseline_acc;
    wire               hsi_baseline_valid, harmonic_locked;
    wire signed [WIDTH:0] delta_hsi;
    /* verilator lint_on UNUSEDSIGNAL */

    // Folded (docs/fpga.md, "The folded kuramoto_order_parameter"): its unit vectors, roots and
    // the division through one multiplier and one divsqrt_unit between start and commit.
    /* verilator lint_off UNUSEDSIGNAL */
    wire kuramoto_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    kuramoto_order_parameter_fold #(.WIDTH(WIDTH)) u_kuramoto (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(kuramoto_busy),
        .x0(theta_x), .y0(theta_y), .x1(m_l6_x), .y1(m_l6_y), .x2(m_l5a_x), .y2(m_l5a_y),
        .x3(m_l5b_x), .y3(m_l5b_y), .x4(m_l4_x), .y4(m_l4_y), .x5(m_l23_x), .y5(m_l23_y),
        .sum_cos(k_sum_cos), .sum_sin(k_sum_sin), .kuramoto_r(kuramoto_r),
        .high_synchrony(high_synchrony));

    // Folded (docs/fpga.md, "The folded boundary_generator"): CLOCKS 32, each with its own
    // Hopf step on its own multiplier. Their omega_b is a register written in the tick (unused
    // here).
    /* verilator lint_off UNUSEDSIGNAL */
    wire [2:0] bnd_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    boundary_generator_fold #(.WIDTH(WIDTH), .FRAC(FRAC)) u_bnd_theta_alpha (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(bnd_busy[0]), .mu_dt(mu_dt_theta),
        .omega_1(OMEGA_DT_THETA), .omega_2(omega_l6), .x1(theta_x), .x2(m_l6_x),
        .amp1(theta_amplitude), .amp2(m_l6_amplitude),
        .omega_b(omega_b_ta), .boundary_x(bx_ta), .power_acc(pacc_ta),
        .boundary_power(bp_theta_alpha));
    boundary_generator_fold #(.WIDTH(WIDTH), .FRAC(FRAC)) u_bnd_alpha_beta1 (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(bnd_busy[1]), .mu_dt(mu_dt_l6),
        .omega_1(omega_l6), .omega_2(omega_l5a), .x1(m_l6_x), .x2(m_l5a_x),
        .amp1(m_l6_amplitude), .amp2(m_l5a_amplitude),
        .omega_b(omega_b_ab), .boundary_x(bx_ab), .power_acc(pacc_ab),
        .boundary_power(bp_alpha_beta1));
    boundary_generator_fold #(.WIDTH(WIDTH), .FRAC(FRAC)) u_bnd_beta1_beta2 (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(bnd_busy[2]), .mu_dt(mu_dt_l5a),
        .omega_1(omega_l5a), .omega_2(omega_l5b), .x1(m_l5a_x), .x2(m_l5b_x),
        .amp1(m_l5a_amplitude), .amp2(m_l5b_amplitude),
        .omega_b(omega_b_bb), .boundary_x(bx_bb), .power_acc(pacc_bb),
        .boundary_power(bp_beta1_beta2));

    // Folded (docs/fpga.md, "The folded bicoherence_monitor"): CLOCKS 332.
    /* verilator lint_off UNUSEDSIGNAL */
    wire bicoherence_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    bicoherence_monitor_fold #(.WIDTH(WIDTH)) u_bicoherence (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(bicoherence_busy),
        .x_theta(theta_x), .y_theta(theta_y), .x_alpha(m_l6_x), .y_alpha(m_l6_y),
        .x_beta1(m_l5a_x), .y_beta1(m_l5a_y), .x_beta2(m_l5b_x), .y_beta2(m_l5b_y),
        .x_gamma(m_l23_x), .y_gamma(m_l23_y),
        .acc_re0(bc_re0), .acc_im0(bc_im0), .acc_re1(bc_re1), .acc_im1(bc_im1),
        .acc_re2(bc_re2), .acc_im2(bc_im2),
        .bicoherence0(bicoherence0), .bicoherence1(bicoherence1), .bicoherence2(bicoherence2),
        .bicoherence_max(bicoherence_max), .triad_sync(triad_sync),
        .high_bicoherence(high_bicoherence));

    // Folded (docs/fpga.md, "The folded coupling_mode_controller"): CLOCKS 74.
    /* verilator lint_off UNUSEDSIGNAL */
    wire coupling_mode_busy, hsi_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    coupling_mode_controller_fold #(.WIDTH(WIDTH)) u_coupling_mode (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(coupling_mode_busy),
        .sync_order(triad_sync), .boundary_power(boundary_power), .sie_active(sie_active),
        .sie_decay_phase(sie_decay_phase), .force_harmonic(force_harmonic),
        .coupling_mode(coupling_mode), .mode_target(mode_target), .xfade_timer(xfade_timer),
        .pac_gain(pac_gain), .harmonic_gain(harmonic_gain));

    // The SIE's synchrony: the columns' triad coupling is 2 x the SR gain x the coupling mode's
    // harmonic gain (1.0 in HARMONIC, 0.125 in MODULATORY): both registered, both in [0, 1.0],
    // so sync_gain is in [0, 2.0] and fits 18 bits.
    // Folded: the product sie_gain * harmonic_gain by a serial shift-and-add multiplier, one
    // bit of harmonic_gain a clock, no DSP48E1: the operands are loaded on the start edge, the
    // 18 partial products added on the next 18 edges (the sign bit's subtracted: two's
    // complement), so sync_p is the reference's 36-bit product after edge SYNC_CLOCKS - 1. The
    // columns, its only readers, start SYNC_CLOCKS clocks after the tick (COLUMN_LEAD).
    reg signed [35:0] sync_p;       // the product, accumulated
    reg signed [35:0] sync_a;       // sie_gain, sign-extended, shifted left one bit a clock
    reg        [17:0] sync_b;       // harmonic_gain, shifted right one bit a clock
    reg        [4:0]  sync_n;       // partial products left to add
    always @(posedge clk) begin
        if (rst) begin
            sync_p <= 36'sd0;
            sync_a <= 36'sd0;
            sync_b <= 18'd0;
            sync_n <= 5'd0;
        end else if (start) begin
            sync_p <= 36'sd0;
            sync_a <= {{18{sie_gain[WIDTH-1]}}, sie_gain};
            sync_b <= harmonic_gain;
            sync_n <= 5'd18;
        end else if (sync_n != 5'd0) begin
            // Bit 17 of harmonic_gain weighs -2^17: its partial product is subtracted.
            if (sync_b[0]) sync_p <= (sync_n == 5'd1) ? sync_p - sync_a : sync_p + sync_a;
            sync_a <= sync_a <<< 1;
            sync_b <= sync_b >> 1;
            sync_n <= sync_n - 5'd1;
        end
    end
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] sync_sh = sync_p >>> SYNC_SHIFT;
    /* verilator lint_on UNUSEDSIGNAL */
    assign sync_gain = sync_sh[WIDTH-1:0];

    // Folded (docs/fpga.md, "The folded harmonic_spacing_index"): CLOCKS 146.
    harmonic_spacing_index_fold #(.WIDTH(WIDTH)) u_hsi (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(hsi_busy),
        .omega_theta(OMEGA_DT_THETA), .omega_alpha(omega_l6), .omega_beta1(omega_l5a),
        .omega_beta2(omega_l5b), .omega_gamma(omega_l23),
        .ratio_alpha_theta(ratio_alpha_theta), .ratio_beta1_alpha(ratio_beta1_alpha),
        .ratio_beta2_beta1(ratio_beta2_beta1), .ratio_gamma_beta2(ratio_gamma_beta2),
        .hsi(hsi), .baseline_acc(hsi_baseline_acc), .baseline_valid(hsi_baseline_valid),
        .harmonic_locked(harmonic_locked), .delta_hsi(delta_hsi));

    // ------------------------------------------------------------------ output (9.2, 9.3, 10.1)
    // Folded (docs/fpga.md, "The folded envelope_bank"): the four output envelopes (the
    // reference's u_env_theta, u_env_alpha, u_env_beta, u_env_gamma, the same seeds in that
    // order) through one multiplier, CLOCKS 7; their outputs are functions of their registers.
    /* verilator lint_off UNUSEDSIGNAL */
    wire env_busy, pink_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    envelope_bank_fold #(.WIDTH(WIDTH), .FRAC(FRAC), .SEED_0(16'h13A7), .SEED_1(16'h24B8),
                         .SEED_2(16'h35C9), .SEED_3(16'h46DA)) u_env (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(env_busy),
        .envelope_0(env_theta), .envelope_1(env_alpha), .envelope_2(env_beta),
        .envelope_3(env_gamma));

    // Folded (docs/fpga.md, "The folded pink_noise_generator"): a running weighted sum, its
    // products by the small weights as shifts and adds, no multiplier; CLOCKS 3.
    pink_noise_generator_fold #(.WIDTH(WIDTH)) u_pink (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(pink_busy),
        .pink_out(pink_out));

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] mixed_out;
    /* verilator lint_on UNUSEDSIGNAL */
    // Folded (docs/fpga.md, "The folded output_mixer"): CLOCKS 27.
    /* verilator lint_off UNUSEDSIGNAL */
    wire mixer_busy;
    /* verilator lint_on UNUSEDSIGNAL */
    output_mixer_fold #(.WIDTH(WIDTH), .FRAC(FRAC)) u_mixer (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(mixer_busy),
        .theta_in(theta_x), .alpha_in(m_l6_x), .beta_in(m_l5a_x), .gamma_in(m_l23_x),
        .pink_in(pink_out),
        .env_theta(env_theta), .env_alpha(env_alpha), .env_beta(env_beta), .env_gamma(env_gamma),
        .sie_gain(sie_gain), .sr_in(f0_x),
        .mu_theta(mu_dt_theta), .mu_alpha(mu_dt_l6), .mu_beta(mu_dt_l5a), .mu_gamma(mu_dt_l23),
        .mixed_out(mixed_out), .dac_output(dac_output));

    // ------------------------------------------------------------------ read-back bus
    // The registers of the monitors that drive no output port, so that synthesis keeps them
    // (otherwise it removes what reaches no port: Kuramoto's R, the harmonic spacing index, the
    // susceptibility, the energy landscape with ENABLE_ADAPTIVE = 0). Each is the reference's
    // net of the same name; signed values sign-extended to 32 bits, unsigned ones zero-extended;
    // an address not in the table reads 0. docs/fpga.md, "The read-back bus", has the table.
    always @(*) begin
        case (rb_addr)
            6'd0:  rb_data = {{14{kuramoto_r[WIDTH-1]}}, kuramoto_r};
            6'd1:  rb_data = {31'd0, high_synchrony};
            6'd2:  rb_data = {{11{k_sum_cos[20]}}, k_sum_cos};
            6'd3:  rb_data = {{11{k_sum_sin[20]}}, k_sum_sin};
            6'd4:  rb_data = {{14{bicoherence0[WIDTH-1]}}, bicoherence0};
            6'd5:  rb_data = {{14{bicoherence1[WIDTH-1]}}, bicoherence1};
            6'd6:  rb_data = {{14{bicoherence2[WIDTH-1]}}, bicoherence2};
            6'd7:  rb_data = {{14{bicoherence_max[WIDTH-1]}}, bicoherence_max};
            6'd8:  rb_data = {{14{triad_sync[WIDTH-1]}}, triad_sync};
            6'd9:  rb_data = {31'd0, high_bicoherence};
            6'd10: rb_data = {{14{bp_theta_alpha[WIDTH-1]}}, bp_theta_alpha};
            6'd11: rb_data = {{14{bp_alpha_beta1[WIDTH-1]}}, bp_alpha_beta1};
            6'd12: rb_data = {{14{bp_beta1_beta2[WIDTH-1]}}, bp_beta1_beta2};
            6'd13: rb_data = {30'd0, coupling_mode};
            6'd14: rb_data = {31'd0, mode_target};
            6'd15: rb_data = {21'd0, xfade_timer};
            6'd16: rb_data = {{14{pac_gain[WIDTH-1]}}, pac_gain};
            6'd17: rb_data = {{14{harmonic_gain[WIDTH-1]}}, harmonic_gain};
            6'd18: rb_data = {{14{ratio_alpha_theta[WIDTH-1]}}, ratio_alpha_theta};
            6'd19: rb_data = {{14{ratio_beta1_alpha[WIDTH-1]}}, ratio_beta1_alpha};
            6'd20: rb_data = {{14{ratio_beta2_beta1[WIDTH-1]}}, ratio_beta2_beta1};
            6'd21: rb_data = {{14{ratio_gamma_beta2[WIDTH-1]}}, ratio_gamma_beta2};
            6'd22: rb_data = {{14{hsi[WIDTH-1]}}, hsi};
            6'd23: rb_data = hsi_baseline_acc[31:0];                        // low word
            6'd24: rb_data = {{30{hsi_baseline_acc[33]}}, hsi_baseline_acc[33:32]};  // high
            6'd25: rb_data = {31'd0, hsi_baseline_valid};
            6'd26: rb_data = {31'd0, harmonic_locked};
            6'd27: rb_data = {{13{delta_hsi[WIDTH]}}, delta_hsi};
            6'd28: rb_data = {{14{chi_f1_f0[WIDTH-1]}}, chi_f1_f0};
            6'd29: rb_data = {{14{energy_0[WIDTH-1]}}, energy_0};
            6'd30: rb_data = {{14{energy_1[WIDTH-1]}}, energy_1};
            6'd31: rb_data = {{14{energy_2[WIDTH-1]}}, energy_2};
            6'd32: rb_data = {{14{energy_3[WIDTH-1]}}, energy_3};
            6'd33: rb_data = {{14{energy_4[WIDTH-1]}}, energy_4};
            6'd34: rb_data = {30'd0, class_f0};
            6'd35: rb_data = {30'd0, class_f1};
            6'd36: rb_data = {30'd0, class_f2};
            6'd37: rb_data = {30'd0, class_f3};
            6'd38: rb_data = {30'd0, class_f4};
            default: rb_data = 32'd0;
        endcase
    end

    // ------------------------------------------------------------------ debug ports
    assign debug_motor_l23      = m_l23_x;
    assign debug_theta          = theta_x;
    assign cortical_pattern_out = cortical_pattern;
endmodule
`default_nettype wire
