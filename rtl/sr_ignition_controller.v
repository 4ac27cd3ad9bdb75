// sr_ignition_controller: the six-phase Schumann Ignition Event state machine of description
// section 10.3 (v1.1, GAIN_BASELINE = 0), started by sustained SR coherence (4.1) or by an
// explicit trigger.
//
// Start (from BASELINE only): ignition_trigger, or the smoothed coherence above 0.85 for DWELL
// consecutive edges while the smoothed beta amplitude is quiet (below section 4.1's 0.9375, which
// "gates all SR sensitivity") and the controller is armed. Smoothing: first-order IIRs
//   coherence_acc <= coherence_acc + coherence_in   - (coherence_acc >>> COH_SHIFT)   (tau 0.512 s)
//   beta_acc      <= beta_acc      + beta_amplitude - (beta_acc >>> BETA_SHIFT)       (tau 0.256 s)
// with coherence_smooth = coherence_acc >>> COH_SHIFT, beta_smooth = beta_acc >>> BETA_SHIFT.
// Re-arm hysteresis: an event start disarms; the smoothed coherence must fall below 0.75 (the
// legacy SIE threshold) before coherence can start another event, so a sustained field starts
// one event, not one after every REFRACTORY.
// Then COHERENCE, IGNITION, PLATEAU, PROPAGATION, DECAY and REFRACTORY each last max(duration, 1)
// ticks (durations from config_controller), while sie_gain and sie_plv ramp linearly between the
// table's end points: PLV rises to 0.80 during COHERENCE while gain only reaches 0.20 ("coherence
// first"). sie_active = COHERENCE..DECAY (REFRACTORY is the after-effect, not the event).
// Contract: docs/spec/sr_ignition_controller.md. Model: crates/phin-core/src/sr_ignition_controller.rs.
`default_nettype none
module sr_ignition_controller #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] coherence_in,
    input  wire signed [WIDTH-1:0] beta_amplitude,
    input  wire                    ignition_trigger,
    input  wire [15:0]             sie_dur_coherence,
    input  wire [15:0]             sie_dur_ignition,
    input  wire [15:0]             sie_dur_plateau,
    input  wire [15:0]             sie_dur_propagation,
    input  wire [15:0]             sie_dur_decay,
    input  wire [15:0]             sie_dur_refractory,
    output reg  [2:0]              sie_phase,
    output reg  [15:0]             phase_timer,
    output reg  signed [WIDTH-1:0] sie_gain,
    output reg  signed [WIDTH-1:0] sie_plv,
    output reg  signed [28:0]      coherence_acc,
    output reg  signed [27:0]      beta_acc,
    output reg  [11:0]             dwell_timer,
    output reg                     armed,
    output wire signed [WIDTH-1:0] coherence_smooth,
    output wire signed [WIDTH-1:0] beta_smooth,
    output wire                    sie_active,
    output wire                    sie_decay_phase
);
    localparam [2:0] PHASE_BASELINE    = 3'd0;
    localparam [2:0] PHASE_COHERENCE   = 3'd1;
    localparam [2:0] PHASE_IGNITION    = 3'd2;
    localparam [2:0] PHASE_PLATEAU     = 3'd3;
    localparam [2:0] PHASE_PROPAGATION = 3'd4;
    localparam [2:0] PHASE_DECAY       = 3'd5;
    localparam [2:0] PHASE_REFRACTORY  = 3'd6;

    localparam signed [WIDTH-1:0] GAIN_BASELINE      = 18'sd0;      // 0.00 (v1.1)
    localparam signed [WIDTH-1:0] GAIN_COHERENCE_END = 18'sd3277;   // 0.20
    localparam signed [WIDTH-1:0] GAIN_PEAK          = 18'sd16384;  // 1.00
    localparam signed [WIDTH-1:0] GAIN_PROPAGATE_END = 18'sd9830;   // 0.60
    localparam signed [WIDTH-1:0] PLV_BASELINE       = 18'sd7373;   // 0.45
    localparam signed [WIDTH-1:0] PLV_PEAK           = 18'sd13107;  // 0.80
    localparam signed [WIDTH-1:0] PLV_PROPAGATE_END  = 18'sd9011;   // 0.55

    // Start rule (ours: the description gives the thresholds, not the rule).
    localparam        COH_SHIFT          = 11;           // tau 2048 ticks = 0.512 s
    localparam        BETA_SHIFT         = 10;           // tau 1024 ticks = 0.256 s
    localparam signed [WIDTH-1:0] SIE_COHERENCE_ON     = 18'sd13926;  // 0.85: sustained coherence
    localparam signed [WIDTH-1:0] SIE_COHERENCE_THRESHOLD = 18'sd12288;  // 0.75 (4.1): re-arm below
    localparam signed [WIDTH-1:0] BETA_QUIET_THRESH    = 18'sd15360;  // 0.9375 (4.1)
    localparam [11:0]             SIE_DWELL            = 12'd1000;    // 0.25 s above SIE_COHERENCE_ON

    // Ramp of the current phase: gain g0 -> g1 and PLV p0 -> p1 over dur ticks.
    reg signed [WIDTH-1:0] g0, g1, p0, p1;
    reg [15:0]             dur;
    reg [2:0]              next_phase;
    always @(*) begin
        g0 = GAIN_BASELINE;
        g1 = GAIN_BASELINE;
        p0 = PLV_BASELINE;
        p1 = PLV_BASELINE;
        dur = 16'd1;
        next_phase = PHASE_BASELINE;
        case (sie_phase)
            PHASE_COHERENCE: begin
                g1 = GAIN_COHERENCE_END; p1 = PLV_PEAK;
                dur = sie_dur_coherence; next_phase = PHASE_IGNITION;
            end
            PHASE_IGNITION: begin
                g0 = GAIN_COHERENCE_END; g1 = GAIN_PEAK; p0 = PLV_PEAK; p1 = PLV_PEAK;
                dur = sie_dur_ignition; next_phase = PHASE_PLATEAU;
            end
            PHASE_PLATEAU: begin
                g0 = GAIN_PEAK; g1 = GAIN_PEAK; p0 = PLV_PEAK; p1 = PLV_PEAK;
                dur = sie_dur_plateau; next_phase = PHASE_PROPAGATION;
            end
            PHASE_PROPAGATION: begin
                g0 = GAIN_PEAK; g1 = GAIN_PROPAGATE_END; p0 = PLV_PEAK; p1 = PLV_PROPAGATE_END;
                dur = sie_dur_propagation; next_phase = PHASE_DECAY;
            end
            PHASE_DECAY: begin
                g0 = GAIN_PROPAGATE_END; p0 = PLV_PROPAGATE_END;
                dur = sie_dur_decay; next_phase = PHASE_REFRACTORY;
            end
            PHASE_REFRACTORY: begin
                dur = sie_dur_refractory; next_phase = PHASE_BASELINE;
            end
            default: ;  // BASELINE (7 is unreachable and leaves for BASELINE)
        endcase
    end

    `include "phin_lerp.vh"

    // frac = t_nx * 65536 / len: 32/16 divider, a multicycle path; < 65536 whenever used.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] len    = (dur == 16'd0) ? 16'd1 : dur;
    wire [15:0] t_nx   = phase_timer + 16'd1;
    wire        at_end = t_nx >= len;
    wire [31:0] frac_q = {t_nx, 16'd0} / {16'd0, len};
    // Smoothed values: the accumulators' top bits (acc = mean * 2^SHIFT).
    wire signed [28:0] coh_sh  = coherence_acc >>> COH_SHIFT;
    wire signed [27:0] beta_sh = beta_acc >>> BETA_SHIFT;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [15:0] frac   = frac_q[15:0];

    // IIR steps, exact in the accumulator width: |acc| <= 2^(17+SHIFT) is invariant.
    wire signed [28:0] coh_next  = coherence_acc + {{11{coherence_in[WIDTH-1]}}, coherence_in}
                                 - coh_sh;
    wire signed [27:0] beta_next = beta_acc + {{10{beta_amplitude[WIDTH-1]}}, beta_amplitude}
                                 - beta_sh;
    assign coherence_smooth = coh_sh[WIDTH-1:0];
    assign beta_smooth      = beta_sh[WIDTH-1:0];

    // Sustained coherence, beta quiet, armed: counts towards the dwell (registered values).
    wire        sustained = armed && (coherence_smooth > SIE_COHERENCE_ON)
                                  && (beta_smooth < BETA_QUIET_THRESH);
    wire [11:0] dwell_nx  = dwell_timer + 12'd1;               // dwell_timer < SIE_DWELL: no wrap
    wire        in_base   = (sie_phase == PHASE_BASELINE) || (sie_phase == 3'd7);
    wire        start     = ignition_trigger || (sustained && dwell_nx >= SIE_DWELL);
    wire        low_coh   = coherence_smooth < SIE_COHERENCE_THRESHOLD;

    assign sie_active      = (sie_phase != PHASE_BASELINE) && (sie_phase != PHASE_REFRACTORY)
                          && (sie_phase != 3'd7);
    assign sie_decay_phase = sie_phase == PHASE_DECAY;

    always @(posedge clk) begin
        if (rst) begin
            sie_phase     <= PHASE_BASELINE;
            phase_timer   <= 16'd0;
            sie_gain      <= GAIN_BASELINE;
            sie_plv       <= PLV_BASELINE;
            coherence_acc <= 29'sd0;
            beta_acc      <= 28'sd0;
            dwell_timer   <= 12'd0;
            armed         <= 1'b1;
        end else if (clk_en) begin
            coherence_acc <= coh_next;
            beta_acc      <= beta_next;
            if (in_base) begin
                sie_phase   <= start ? PHASE_COHERENCE : PHASE_BASELINE;
                phase_timer <= 16'd0;
                sie_gain    <= GAIN_BASELINE;
                sie_plv     <= PLV_BASELINE;
                dwell_timer <= (sustained && !start) ? dwell_nx : 12'd0;
                armed       <= start ? 1'b0 : (armed || low_coh);
            end else begin
                dwell_timer <= 12'd0;
                armed       <= armed || low_coh;
                if (at_end) begin
                    sie_phase   <= next_phase;
                    phase_timer <= 16'd0;
                    sie_gain    <= g1;
                    sie_plv     <= p1;
                end else begin
                    phase_timer <= t_nx;
                    sie_gain    <= lerp_s(g0, g1, frac);
                    sie_plv     <= lerp_s(p0, p1, frac);
                end
            end
        end
    end
endmodule
`default_nettype wire
