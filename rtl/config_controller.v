// config_controller: the five consciousness states (description section 8) with the MU table of
// section 8.2, a state-dependent Ca2+ threshold and state-dependent SIE phase durations, and the
// v11.4 transition interpolation: a request (state_select differs from transition_to) latches the
// current outputs as the start point (shadow registers, so a request during a transition never
// jumps) and ramps every output linearly to the target over transition_duration ticks (0 acts as
// 1: the target appears on the next tick). state_select codes 5-7 request NORMAL (code 0).
// MEDITATION forces HARMONIC coupling (force_harmonic).
// Contract: docs/spec/config_controller.md. Model: crates/phin-core/src/config_controller.rs.
`default_nettype none
module config_controller #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire [2:0]              state_select,
    input  wire [15:0]             transition_duration,
    output reg  signed [WIDTH-1:0] mu_dt_theta,
    output reg  signed [WIDTH-1:0] mu_dt_l6,
    output reg  signed [WIDTH-1:0] mu_dt_l5b,
    output reg  signed [WIDTH-1:0] mu_dt_l5a,
    output reg  signed [WIDTH-1:0] mu_dt_l4,
    output reg  signed [WIDTH-1:0] mu_dt_l23,
    output reg  signed [WIDTH-1:0] ca_threshold,
    output reg  [15:0]             sie_dur_coherence,
    output reg  [15:0]             sie_dur_ignition,
    output reg  [15:0]             sie_dur_plateau,
    output reg  [15:0]             sie_dur_propagation,
    output reg  [15:0]             sie_dur_decay,
    output reg  [15:0]             sie_dur_refractory,
    output wire                    force_harmonic,
    output reg                     transitioning,
    output reg  [15:0]             transition_progress,
    output reg  [2:0]              transition_from,
    output reg  [2:0]              transition_to
);
    localparam [2:0] STATE_NORMAL      = 3'd0;
    localparam [2:0] STATE_ANESTHESIA  = 3'd1;
    localparam [2:0] STATE_PSYCHEDELIC = 3'd2;
    localparam [2:0] STATE_FLOW        = 3'd3;
    localparam [2:0] STATE_MEDITATION  = 3'd4;

    // Section 8.2 MU table (mu_dt = MU; MU = 4 is mu = 1.0, r settles near 1).
    localparam signed [WIDTH-1:0] MU_1 = 18'sd1;
    localparam signed [WIDTH-1:0] MU_2 = 18'sd2;
    localparam signed [WIDTH-1:0] MU_3 = 18'sd3;  // MU_MODERATE, v11.2 NORMAL baseline
    localparam signed [WIDTH-1:0] MU_4 = 18'sd4;
    localparam signed [WIDTH-1:0] MU_6 = 18'sd6;

    // Ca2+ spike threshold of the apical compartment per state (Q14; description silent: ours).
    localparam signed [WIDTH-1:0] CA_THR_NORMAL      = 18'sd8192;   // 0.50
    localparam signed [WIDTH-1:0] CA_THR_ANESTHESIA  = 18'sd13107;  // 0.80
    localparam signed [WIDTH-1:0] CA_THR_PSYCHEDELIC = 18'sd4915;   // 0.30
    localparam signed [WIDTH-1:0] CA_THR_FLOW        = 18'sd6554;   // 0.40
    localparam signed [WIDTH-1:0] CA_THR_MEDITATION  = 18'sd9830;   // 0.60

    // SIE phase durations in ticks at 4 kHz (section 10.3 table for NORMAL; other states ours).
    localparam [15:0] SIE_COH_NORMAL  = 16'd14000;  // 3.5 s
    localparam [15:0] SIE_IGN_NORMAL  = 16'd10000;  // 2.5 s
    localparam [15:0] SIE_PLAT_NORMAL = 16'd10000;  // 2.5 s
    localparam [15:0] SIE_PROP_NORMAL = 16'd36000;  // 9 s
    localparam [15:0] SIE_DEC_NORMAL  = 16'd16000;  // 4 s
    localparam [15:0] SIE_REF_NORMAL  = 16'd40000;  // 10 s
    localparam [15:0] SIE_PLAT_ANESTHESIA  = 16'd4000;   // 1 s
    localparam [15:0] SIE_PROP_ANESTHESIA  = 16'd16000;  // 4 s
    localparam [15:0] SIE_REF_ANESTHESIA   = 16'd60000;  // 15 s
    localparam [15:0] SIE_PLAT_PSYCHEDELIC = 16'd16000;  // 4 s
    localparam [15:0] SIE_PROP_PSYCHEDELIC = 16'd48000;  // 12 s
    localparam [15:0] SIE_REF_PSYCHEDELIC  = 16'd20000;  // 5 s
    localparam [15:0] SIE_REF_FLOW         = 16'd32000;  // 8 s
    localparam [15:0] SIE_COH_MEDITATION   = 16'd20000;  // 5 s
    localparam [15:0] SIE_PLAT_MEDITATION  = 16'd20000;  // 5 s
    localparam [15:0] SIE_PROP_MEDITATION  = 16'd48000;  // 12 s
    localparam [15:0] SIE_REF_MEDITATION   = 16'd24000;  // 6 s

    localparam [15:0] PROGRESS_FULL = 16'd65535;

    // Start point of the current ramp (shadow registers).
    reg signed [WIDTH-1:0] start_mu_theta, start_mu_l6, start_mu_l5b, start_mu_l5a,
                           start_mu_l4, start_mu_l23, start_ca;
    reg [15:0] start_dur_coherence, start_dur_ignition, start_dur_plateau,
               start_dur_propagation, start_dur_decay, start_dur_refractory;
    reg [15:0] count;     // ticks since the request edge
    reg [15:0] duration;  // latched max(transition_duration, 1)

    // Target of the current ramp: the table row of transition_to (0..4 only; 5-7 never stored).
    reg signed [WIDTH-1:0] tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b, tgt_mu_l5a, tgt_mu_l4,
                           tgt_mu_l23, tgt_ca;
    reg [15:0] tgt_coh, tgt_ign, tgt_plat, tgt_prop, tgt_dec, tgt_ref;
    always @(*) begin
        tgt_coh  = SIE_COH_NORMAL;
        tgt_ign  = SIE_IGN_NORMAL;
        tgt_plat = SIE_PLAT_NORMAL;
        tgt_prop = SIE_PROP_NORMAL;
        tgt_dec  = SIE_DEC_NORMAL;
        tgt_ref  = SIE_REF_NORMAL;
        case (transition_to)
            STATE_ANESTHESIA: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_2, MU_6, MU_2};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_2, MU_1, MU_1};
                tgt_ca   = CA_THR_ANESTHESIA;
                tgt_plat = SIE_PLAT_ANESTHESIA;
                tgt_prop = SIE_PROP_ANESTHESIA;
                tgt_ref  = SIE_REF_ANESTHESIA;
            end
            STATE_PSYCHEDELIC: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_4, MU_1, MU_4};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_4, MU_6, MU_6};
                tgt_ca   = CA_THR_PSYCHEDELIC;
                tgt_plat = SIE_PLAT_PSYCHEDELIC;
                tgt_prop = SIE_PROP_PSYCHEDELIC;
                tgt_ref  = SIE_REF_PSYCHEDELIC;
            end
            STATE_FLOW: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_4, MU_2, MU_6};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_6, MU_4, MU_4};
                tgt_ca   = CA_THR_FLOW;
                tgt_ref  = SIE_REF_FLOW;
            end
            STATE_MEDITATION: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_6, MU_6, MU_1};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_1, MU_1, MU_2};
                tgt_ca   = CA_THR_MEDITATION;
                tgt_coh  = SIE_COH_MEDITATION;
                tgt_plat = SIE_PLAT_MEDITATION;
                tgt_prop = SIE_PROP_MEDITATION;
                tgt_ref  = SIE_REF_MEDITATION;
            end
            default: begin  // STATE_NORMAL
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_3, MU_3, MU_3};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_3, MU_3, MU_3};
                tgt_ca   = CA_THR_NORMAL;
            end
        endcase
    end

    `include "phin_lerp.vh"

    wire [2:0]  req_state = (state_select > STATE_MEDITATION) ? STATE_NORMAL : state_select;
    wire        request   = req_state != transition_to;
    wire [15:0] count_nx  = count + 16'd1;
    // progress = count_nx * 65535 / duration: one 32/16 divider, a multicycle path (31250 clocks
    // between enables at 125 MHz). count_nx < duration whenever the quotient is used, so it fits.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] prog_num  = {16'd0, count_nx} * 32'd65535;
    wire [31:0] prog_q    = prog_num / {16'd0, duration};
    /* verilator lint_on UNUSEDSIGNAL */
    wire [15:0] prog_nx   = prog_q[15:0];
    wire        done      = count_nx == duration;

    assign force_harmonic = transition_to == STATE_MEDITATION;

    always @(posedge clk) begin
        if (rst) begin
            {mu_dt_theta, mu_dt_l6, mu_dt_l5b}          <= {MU_3, MU_3, MU_3};
            {mu_dt_l5a, mu_dt_l4, mu_dt_l23}            <= {MU_3, MU_3, MU_3};
            ca_threshold                                <= CA_THR_NORMAL;
            {sie_dur_coherence, sie_dur_ignition}       <= {SIE_COH_NORMAL, SIE_IGN_NORMAL};
            {sie_dur_plateau, sie_dur_propagation}      <= {SIE_PLAT_NORMAL, SIE_PROP_NORMAL};
            {sie_dur_decay, sie_dur_refractory}         <= {SIE_DEC_NORMAL, SIE_REF_NORMAL};
            {start_mu_theta, start_mu_l6, start_mu_l5b} <= {MU_3, MU_3, MU_3};
            {start_mu_l5a, start_mu_l4, start_mu_l23}   <= {MU_3, MU_3, MU_3};
            start_ca                                    <= CA_THR_NORMAL;
            {start_dur_coherence, start_dur_ignition}   <= {SIE_COH_NORMAL, SIE_IGN_NORMAL};
            {start_dur_plateau, start_dur_propagation}  <= {SIE_PLAT_NORMAL, SIE_PROP_NORMAL};
            {start_dur_decay, start_dur_refractory}     <= {SIE_DEC_NORMAL, SIE_REF_NORMAL};
            count               <= 16'd0;
            duration            <= 16'd1;
            transitioning       <= 1'b0;
            transition_progress <= 16'd0;
            transition_from     <= STATE_NORMAL;
            transition_to       <= STATE_NORMAL;
        end else if (clk_en) begin
            if (request) begin
                // Shadow: the ramp restarts from the values on the outputs now; outputs hold.
                start_mu_theta        <= mu_dt_theta;
                start_mu_l6           <= mu_dt_l6;
                start_mu_l5b          <= mu_dt_l5b;
                start_mu_l5a          <= mu_dt_l5a;
                start_mu_l4           <= mu_dt_l4;
                start_mu_l23          <= mu_dt_l23;
                start_ca              <= ca_threshold;
                start_dur_coherence   <= sie_dur_coherence;
                start_dur_ignition    <= sie_dur_ignition;
                start_dur_plateau     <= sie_dur_plateau;
                start_dur_propagation <= sie_dur_propagation;
                start_dur_decay       <= sie_dur_decay;
                start_dur_refractory  <= sie_dur_refractory;
                count                 <= 16'd0;
                duration              <= (transition_duration == 16'd0) ? 16'd1
                                                                        : transition_duration;
                transitioning         <= 1'b1;
                transition_progress   <= 16'd0;
                transition_from       <= transition_to;
                transition_to         <= req_state;
            end else if (transitioning) begin
                count <= count_nx;
                if (done) begin
                    mu_dt_theta         <= tgt_mu_theta;
                    mu_dt_l6            <= tgt_mu_l6;
                    mu_dt_l5b           <= tgt_mu_l5b;
                    mu_dt_l5a           <= tgt_mu_l5a;
                    mu_dt_l4            <= tgt_mu_l4;
                    mu_dt_l23           <= tgt_mu_l23;
                    ca_threshold        <= tgt_ca;
                    sie_dur_coherence   <= tgt_coh;
                    sie_dur_ignition    <= tgt_ign;
                    sie_dur_plateau     <= tgt_plat;
                    sie_dur_propagation <= tgt_prop;
                    sie_dur_decay       <= tgt_dec;
                    sie_dur_refractory  <= tgt_ref;
                    transitioning       <= 1'b0;
                    transition_progress <= PROGRESS_FULL;
                end else begin
                    mu_dt_theta         <= lerp_s(start_mu_theta, tgt_mu_theta, prog_nx);
                    mu_dt_l6            <= lerp_s(start_mu_l6, tgt_mu_l6, prog_nx);
                    mu_dt_l5b           <= lerp_s(start_mu_l5b, tgt_mu_l5b, prog_nx);
                    mu_dt_l5a           <= lerp_s(start_mu_l5a, tgt_mu_l5a, prog_nx);
                    mu_dt_l4            <= lerp_s(start_mu_l4, tgt_mu_l4, prog_nx);
                    mu_dt_l23           <= lerp_s(start_mu_l23, tgt_mu_l23, prog_nx);
                    ca_threshold        <= lerp_s(start_ca, tgt_ca, prog_nx);
                    sie_dur_coherence   <= lerp_u(start_dur_coherence, tgt_coh, prog_nx);
                    sie_dur_ignition    <= lerp_u(start_dur_ignition, tgt_ign, prog_nx);
                    sie_dur_plateau     <= lerp_u(start_dur_plateau, tgt_plat, prog_nx);
                    sie_dur_propagation <= lerp_u(start_dur_propagation, tgt_prop, prog_nx);
                    sie_dur_decay       <= lerp_u(start_dur_decay, tgt_dec, prog_nx);
                    sie_dur_refractory  <= lerp_u(start_dur_refractory, tgt_ref, prog_nx);
                    transition_progress <= prog_nx;
                end
            end
        end
    end
endmodule
`default_nettype wire
