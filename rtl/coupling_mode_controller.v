// coupling_mode_controller: switches the coupling regime between MODULATORY (PAC gain 1.0,
// harmonic gain 0.125), TRANSITION (a 2000-tick, 500 ms crossfade through 0.5 / 0.5) and
// HARMONIC (0.125 / 1.0), section "SIE Dynamics Monitoring (v11.3)". MODULATORY and HARMONIC
// never switch directly: every change runs the whole crossfade, which always completes.
//   to HARMONIC:   force_harmonic OR sie_hold OR (sync_order > 0.7 AND boundary_power > 0.25)
//   to MODULATORY: !force_harmonic AND !sie_hold AND (sync_order < 0.5 OR sie_decay_phase)
//   sie_hold = sie_active AND !sie_decay_phase (the event holds HARMONIC until its DECAY phase)
// sync_order is the description's "kuramoto_R" of these rules read as the order parameter of the
// phi-spaced bands: the top drives it with the bicoherence monitor's triad_sync, because six
// oscillators at phi-spaced frequencies keep Kuramoto R at its chance level (docs/decisions.md).
// Contract: docs/spec/coupling_mode_controller.md. Model: crates/phin-core/src/coupling_mode_controller.rs.
`default_nettype none
module coupling_mode_controller #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] sync_order,
    input  wire signed [WIDTH-1:0] boundary_power,
    input  wire                    sie_active,
    input  wire                    sie_decay_phase,
    input  wire                    force_harmonic,
    output reg  [1:0]              coupling_mode,
    output reg                     mode_target,
    output reg  [10:0]             xfade_timer,
    output reg  signed [WIDTH-1:0] pac_gain,
    output reg  signed [WIDTH-1:0] harmonic_gain
);
    localparam [1:0] MODE_MODULATORY = 2'd0;
    localparam [1:0] MODE_TRANSITION = 2'd1;
    localparam [1:0] MODE_HARMONIC   = 2'd2;

    localparam signed [WIDTH-1:0] GAIN_FULL = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] GAIN_MID  = 18'sd8192;   // 0.5 (TRANSITION)
    localparam signed [WIDTH-1:0] GAIN_LOW  = 18'sd2048;   // 0.125
    localparam signed [WIDTH-1:0] SYNC_HIGH = 18'sd11469;  // 0.7 (the rules' "R > 0.7")
    localparam signed [WIDTH-1:0] SYNC_LOW  = 18'sd8192;   // 0.5 (the rules' "R < 0.5")
    localparam signed [WIDTH-1:0] BOUNDARY_POWER_THRESH = 18'sd4096;  // 0.25
    localparam [10:0]             XFADE_TICKS = 11'd2000;  // 500 ms at 4 kHz
    localparam [10:0]             XFADE_HALF  = 11'd1000;

    // Segment lerp: a + ((b - a) * t) / 1000, t in [0, 1000], division truncating toward zero.
    /* verilator lint_off UNUSEDSIGNAL */
    function signed [WIDTH-1:0] seg;
        input signed [WIDTH-1:0] a;
        input signed [WIDTH-1:0] b;
        input [10:0]             t;
        reg signed [WIDTH:0]     d;     // 19 bits
        reg signed [31:0]        prod;  // |d * t| <= 2^15 * 1000 < 2^25
        reg signed [31:0]        q;
        begin
            d    = {b[WIDTH-1], b} - {a[WIDTH-1], a};
            prod = d * $signed({21'd0, t});
            q    = prod / 32'sd1000;
            seg  = a + q[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    wire sie_hold = sie_active && !sie_decay_phase;
    wire to_harm  = force_harmonic || sie_hold
                 || ((sync_order > SYNC_HIGH) && (boundary_power > BOUNDARY_POWER_THRESH));
    wire to_mod   = !force_harmonic && !sie_hold && ((sync_order < SYNC_LOW) || sie_decay_phase);

    // Next crossfade position and the gains there: toward HARMONIC the PAC gain runs
    // 1.0 -> 0.5 -> 0.125 and the harmonic gain 0.125 -> 0.5 -> 1.0; toward MODULATORY back.
    wire [10:0] t_nx   = xfade_timer + 11'd1;
    wire        first  = t_nx < XFADE_HALF;
    wire [10:0] t_seg  = first ? t_nx : t_nx - XFADE_HALF;
    wire signed [WIDTH-1:0] pac_src  = mode_target ? GAIN_FULL : GAIN_LOW;
    wire signed [WIDTH-1:0] pac_dst  = mode_target ? GAIN_LOW : GAIN_FULL;
    wire signed [WIDTH-1:0] harm_src = mode_target ? GAIN_LOW : GAIN_FULL;
    wire signed [WIDTH-1:0] harm_dst = mode_target ? GAIN_FULL : GAIN_LOW;
    wire signed [WIDTH-1:0] pac_x  = first ? seg(pac_src, GAIN_MID, t_seg)
                                           : seg(GAIN_MID, pac_dst, t_seg);
    wire signed [WIDTH-1:0] harm_x = first ? seg(harm_src, GAIN_MID, t_seg)
                                           : seg(GAIN_MID, harm_dst, t_seg);

    always @(posedge clk) begin
        if (rst) begin
            coupling_mode <= MODE_MODULATORY;
            mode_target   <= 1'b0;
            xfade_timer   <= 11'd0;
            pac_gain      <= GAIN_FULL;
            harmonic_gain <= GAIN_LOW;
        end else if (clk_en) begin
            case (coupling_mode)
                MODE_TRANSITION: begin
                    if (t_nx >= XFADE_TICKS) begin
                        coupling_mode <= mode_target ? MODE_HARMONIC : MODE_MODULATORY;
                        xfade_timer   <= 11'd0;
                        pac_gain      <= pac_dst;
                        harmonic_gain <= harm_dst;
                    end else begin
                        xfade_timer   <= t_nx;
                        pac_gain      <= pac_x;
                        harmonic_gain <= harm_x;
                    end
                end
                MODE_HARMONIC: begin
                    xfade_timer <= 11'd0;
                    if (to_mod) begin
                        coupling_mode <= MODE_TRANSITION;
                        mode_target   <= 1'b0;
                    end
                    pac_gain      <= GAIN_LOW;
                    harmonic_gain <= GAIN_FULL;
                end
                default: begin  // MODULATORY (3 is unreachable and acts as MODULATORY)
                    xfade_timer <= 11'd0;
                    coupling_mode <= to_harm ? MODE_TRANSITION : MODE_MODULATORY;
                    if (to_harm) mode_target <= 1'b1;
                    pac_gain      <= GAIN_FULL;
                    harmonic_gain <= GAIN_LOW;
                end
            endcase
        end
    end
endmodule
`default_nettype wire
