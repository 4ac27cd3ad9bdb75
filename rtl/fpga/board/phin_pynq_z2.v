// phin_pynq_z2: the φⁿ processor on a TUL PYNQ-Z2 (XC7Z020-1CLG400C) with a Digilent Pmod DA2 on
// Pmod header JA (top row, JA1..JA4). Issue 19, item 5; docs/fpga.md, "The board: PYNQ-Z2 and a
// Pmod DA2" (pins in rtl/fpga/board/pynq_z2.xdc).
//
// The processor is instantiated by name, `phi_n_neural_processor`: built with rtl/*.v it is the
// reference, with rtl/fpga/*.v the folded top (same name and ports; with FAST_SIM = 0 its
// dac_output changes on the same clock edges). Only the folded one fits the XC7Z020.
//
// Clock and reset: the 125 MHz `sysclk` (processor description section 9.1) clocks everything.
// The reset is held for 16 clocks after configuration (a power-on counter: FPGA registers start
// from their initial values, and the processor's reset state is not all zeros) and while BTN0 is
// pressed, through a two-register synchroniser; it is one register, `rst`, for the processor,
// the tick generator beside it and the DAC driver.
//
// The DAC sample: the reference top does not export its 4 kHz clock enable, so a second
// `clock_enable_generator` with the same FAST_SIM runs beside it. Both leave reset on the same
// edge, so `tick_en` is high exactly on the clocks before the processor's tick edges (the edges
// on which `dac_output` changes). `tick_q`, one clock later, is the first clock in which
// dac_output holds the new sample; the driver latches it on the edge that ends that clock and
// SYNC falls on that edge. Latency from the tick edge: SYNC falls 1 clock after, the DAC takes
// the last bit (and updates its output) on the 16th SCLK falling edge, 1 + 31 * CLK_DIV/2
// clocks after (125 clocks, 1.0 us at CLK_DIV = 8), and the output settles ~8 us later
// (DAC121S101 t_s). With FAST_SIM = 1 (a tick every 10 clocks) a 137-clock frame cannot follow
// every tick: the driver ignores starts while busy, so only every 14th sample is sent.
//
// Channel A (DINA) carries dac_output, 0..4095 straight binary (processor description 9.3:
// (mixed + 1.0) * 2048), 0..3.3 V on the Pmod's VCC. Channel B (DINB) carries debug_theta, the
// thalamic theta oscillator's x in Q4.14, as (theta / 2 + 1.0) * 2048 clamped to 0..4095: the
// theta rhythm (5.89 Hz) at ±2.0 full scale, a clean sine on a scope beside the mixed signal.
//
// Inputs from the board (all through two-register synchronisers; a bouncing button only repeats
// its action, so no debouncer):
//   BTN0  reset;
//   BTN1  ignition_trigger (while pressed in BASELINE it starts a Schumann ignition event);
//   BTN2  state_select := {0, SW1, SW0}: NORMAL, ANESTHESIA, PSYCHEDELIC, FLOW (codes 0..3);
//   BTN3  state_select := MEDITATION (code 4; two switches reach only 0..3);
//   transition_duration = TRANSITION_TICKS (default 4000 ticks: a 1 s ramp);
//   sensory_input, sr_field_input, sr_field_packed = 0 (no external field on this board).
// LEDs: LD0 heartbeat (toggles every HEARTBEAT_TICKS ticks: 1 Hz blink at the default 2000);
// LD1 state_transitioning; LD2 ca3_learning and LD3 ca3_recalling, one-tick pulses stretched to
// LED_HOLD_TICKS ticks (0.1 s) so that an eye sees them; RGB LD4 the target state
// (state_transition_to: off NORMAL, blue ANESTHESIA, green PSYCHEDELIC, cyan FLOW, red
// MEDITATION). RGB LD5 is not used (not in the constraints; Vivado leaves it undriven).
`default_nettype none
module phin_pynq_z2 #(
    parameter FAST_SIM         = 0,     // 1: tick every 10 clocks (simulation only, see above)
    parameter CLK_DIV          = 8,     // SCLK = 125 MHz / CLK_DIV (pmod_da2)
    parameter TRANSITION_TICKS = 4000,  // state ramp length, ticks of 4 kHz (1 s)
    parameter HEARTBEAT_TICKS  = 2000,  // LD0 toggles every this many ticks (1 Hz blink)
    parameter LED_HOLD_TICKS   = 400    // LD2/LD3 stay lit this many ticks after a pulse (0.1 s)
) (
    input  wire       sysclk,    // 125 MHz, H16
    input  wire [3:0] btn,       // BTN0..BTN3, active high
    input  wire [1:0] sw,        // SW0, SW1
    output wire [3:0] led,       // LD0..LD3
    output wire       led4_r,
    output wire       led4_g,
    output wire       led4_b,
    output wire [3:0] ja         // JA1 SYNC, JA2 DINA, JA3 DINB, JA4 SCLK (Pmod DA2 pins 1..4)
);
    // state_select codes (processor description 8.1; config_controller's STATE_*).
    localparam [2:0] STATE_ANESTHESIA  = 3'd1;
    localparam [2:0] STATE_PSYCHEDELIC = 3'd2;
    localparam [2:0] STATE_FLOW        = 3'd3;
    localparam [2:0] STATE_MEDITATION  = 3'd4;
    localparam [15:0] TRANSITION = TRANSITION_TICKS;
    localparam [15:0] BEAT       = HEARTBEAT_TICKS;
    localparam [15:0] HOLD       = LED_HOLD_TICKS;

    // ---------------------------------------------------------------- synchronisers and reset
    (* ASYNC_REG = "TRUE" *) reg [3:0] btn_meta = 4'd0;
    (* ASYNC_REG = "TRUE" *) reg [3:0] btn_s    = 4'd0;
    (* ASYNC_REG = "TRUE" *) reg [1:0] sw_meta  = 2'd0;
    (* ASYNC_REG = "TRUE" *) reg [1:0] sw_s     = 2'd0;
    always @(posedge sysclk) begin
        btn_meta <= btn;
        btn_s    <= btn_meta;
        sw_meta  <= sw;
        sw_s     <= sw_meta;
    end

    reg [4:0] por_cnt = 5'd0;  // counts to 16 after configuration
    reg       rst     = 1'b1;
    always @(posedge sysclk) begin
        if (!por_cnt[4]) por_cnt <= por_cnt + 5'd1;
        rst <= !por_cnt[4] || btn_s[0];
    end

    // ---------------------------------------------------------------- the processor's inputs
    reg [2:0] state_sel;
    always @(posedge sysclk) begin
        if (rst)            state_sel <= 3'd0;
        else if (btn_s[3])  state_sel <= STATE_MEDITATION;
        else if (btn_s[2])  state_sel <= {1'b0, sw_s};
    end

    // ---------------------------------------------------------------- the processor
    wire [11:0]        dac_output;
    wire signed [17:0] debug_theta;
    wire               ca3_learning, ca3_recalling, state_transitioning;
    wire [2:0]         state_transition_to;
    /* verilator lint_off UNUSEDSIGNAL */
    // Ports this board shows nowhere.
    wire signed [17:0] debug_motor_l23, f0_x, f0_y, f0_amplitude, sr_coherence;
    wire signed [17:0] sr_amplification;
    wire [5:0]         ca3_phase_pattern, cortical_pattern_out;
    wire signed [89:0] sr_f_x_packed, sr_coherence_packed;
    wire [4:0]         sie_per_harmonic, coherence_mask;
    wire               beta_quiet;
    wire [2:0]         theta_phase, state_transition_from;
    wire [15:0]        state_transition_progress;
    /* verilator lint_on UNUSEDSIGNAL */

    phi_n_neural_processor #(.FAST_SIM(FAST_SIM)) u_proc (
        .clk(sysclk), .rst(rst),
        .sensory_input(18'sd0), .state_select(state_sel),
        .transition_duration(TRANSITION),
        .sr_field_input(18'sd0), .sr_field_packed(90'sd0),
        .ignition_trigger(btn_s[1]),
        .dac_output(dac_output), .debug_motor_l23(debug_motor_l23), .debug_theta(debug_theta),
        .ca3_learning(ca3_learning), .ca3_recalling(ca3_recalling),
        .ca3_phase_pattern(ca3_phase_pattern), .cortical_pattern_out(cortical_pattern_out),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amplitude),
        .sr_f_x_packed(sr_f_x_packed), .sr_coherence_packed(sr_coherence_packed),
        .sie_per_harmonic(sie_per_harmonic), .coherence_mask(coherence_mask),
        .sr_coherence(sr_coherence), .sr_amplification(sr_amplification),
        .beta_quiet(beta_quiet), .theta_phase(theta_phase),
        .state_transitioning(state_transitioning),
        .state_transition_progress(state_transition_progress),
        .state_transition_from(state_transition_from),
        .state_transition_to(state_transition_to)
    );

    // ---------------------------------------------------------------- the tick, beside it
    wire tick_en;
    /* verilator lint_off UNUSEDSIGNAL */
    wire tick_100k;  // the generator's reserved 100 kHz pulse: unused here as in the processor
    /* verilator lint_on UNUSEDSIGNAL */
    clock_enable_generator #(.FAST_SIM(FAST_SIM)) u_tick (
        .clk(sysclk), .rst(rst), .clk_4khz_en(tick_en), .clk_100khz_en(tick_100k));

    reg tick_q;  // high in the first clock after a tick edge
    always @(posedge sysclk) begin
        if (rst) tick_q <= 1'b0;
        else     tick_q <= tick_en;
    end

    // ---------------------------------------------------------------- the DAC
    // Channel B: (theta / 2 + 1.0) * 2048 = theta / 16 + 2048 (Q4.14: 1.0 = 16384), clamped.
    wire signed [18:0] theta_ext  = {debug_theta[17], debug_theta};
    wire signed [18:0] theta_code = (theta_ext >>> 4) + 19'sd2048;
    wire [11:0] sample_b = theta_code < 19'sd0    ? 12'd0
                         : theta_code > 19'sd4095 ? 12'd4095
                         : theta_code[11:0];

    wire dac_sync_n, dac_sclk, dac_din_a, dac_din_b;
    /* verilator lint_off UNUSEDSIGNAL */
    wire dac_busy;  // every frame ends long before the next tick (FAST_SIM = 0)
    /* verilator lint_on UNUSEDSIGNAL */
    pmod_da2 #(.CLK_DIV(CLK_DIV)) u_dac (
        .clk(sysclk), .rst(rst), .start(tick_q),
        .sample_a(dac_output), .sample_b(sample_b),
        .busy(dac_busy), .sync_n(dac_sync_n), .sclk(dac_sclk),
        .din_a(dac_din_a), .din_b(dac_din_b));

    assign ja = {dac_sclk, dac_din_b, dac_din_a, dac_sync_n};

    // ---------------------------------------------------------------- LEDs
    reg [15:0] beat_cnt;
    reg        beat;
    reg [15:0] learn_hold, recall_hold;  // ticks left lit
    always @(posedge sysclk) begin
        if (rst) begin
            beat_cnt    <= 16'd0;
            beat        <= 1'b0;
            learn_hold  <= 16'd0;
            recall_hold <= 16'd0;
        end else if (tick_q) begin
            // Sampled one clock after the tick edge, like the DAC: the ports hold this tick's values.
            if (beat_cnt == BEAT - 16'd1) begin
                beat_cnt <= 16'd0;
                beat     <= !beat;
            end else begin
                beat_cnt <= beat_cnt + 16'd1;
            end
            if (ca3_learning)           learn_hold  <= HOLD;
            else if (learn_hold != 16'd0)   learn_hold  <= learn_hold - 16'd1;
            if (ca3_recalling)          recall_hold <= HOLD;
            else if (recall_hold != 16'd0)  recall_hold <= recall_hold - 16'd1;
        end
    end

    assign led    = {recall_hold != 16'd0, learn_hold != 16'd0, state_transitioning, beat};
    assign led4_r = state_transition_to == STATE_MEDITATION;
    assign led4_g = state_transition_to == STATE_PSYCHEDELIC || state_transition_to == STATE_FLOW;
    assign led4_b = state_transition_to == STATE_ANESTHESIA || state_transition_to == STATE_FLOW;
endmodule
`default_nettype wire
