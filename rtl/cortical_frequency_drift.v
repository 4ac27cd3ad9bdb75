// cortical_frequency_drift: per-layer slow bounded walk plus fast jitter of the cortical
// oscillator frequencies (description 10.2), with the force input of v3.0 ("Force-Based
// Frequency Drift", K_FORCE = 0.1) used when adaptive_en is high. Layers: L6, L5a, L5b, L4, L2/3.
// Contract with every width: docs/spec/cortical_frequency_drift.md.
// Model: crates/phin-core/src/cortical_frequency_drift.rs.
//
//   every 800 ticks (0.2 s): drift <= clamp(reflect(drift +- 1) + (adaptive_en ? round(0.1 * force) : 0),
//                                           -12, +12)       (direction: bit 0 of the drift LFSR)
//   every tick:  jitter = clamp(+-8 +-4 +-2 +-1 + b0, -13, +13)   (bits [4:0] of the jitter LFSR)
//   omega_drift = drift + jitter                                   (OMEGA_DT units)
`default_nettype none
module cortical_frequency_drift #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire                    adaptive_en,
    input  wire signed [WIDTH-1:0] force_l6,
    input  wire signed [WIDTH-1:0] force_l5a,
    input  wire signed [WIDTH-1:0] force_l5b,
    input  wire signed [WIDTH-1:0] force_l4,
    input  wire signed [WIDTH-1:0] force_l23,
    output reg  signed [5:0]       drift_l6,
    output reg  signed [5:0]       drift_l5a,
    output reg  signed [5:0]       drift_l5b,
    output reg  signed [5:0]       drift_l4,
    output reg  signed [5:0]       drift_l23,
    output wire signed [5:0]       jitter_l6,
    output wire signed [5:0]       jitter_l5a,
    output wire signed [5:0]       jitter_l5b,
    output wire signed [5:0]       jitter_l4,
    output wire signed [5:0]       jitter_l23,
    output reg  [9:0]              upd_cnt,
    output wire signed [WIDTH-1:0] omega_drift_l6,
    output wire signed [WIDTH-1:0] omega_drift_l5a,
    output wire signed [WIDTH-1:0] omega_drift_l5b,
    output wire signed [WIDTH-1:0] omega_drift_l4,
    output wire signed [WIDTH-1:0] omega_drift_l23
);
    localparam signed [6:0]       DRIFT_MAX   = 7'sd12;        // 0.466 Hz (<= 0.5 Hz)
    localparam signed [6:0]       JITTER_MAX  = 7'sd13;        // 0.505 Hz
    localparam [9:0]              UPDATE_LAST = 10'd799;       // 800 ticks = 0.2 s
    localparam signed [WIDTH-1:0] K_FORCE     = 18'sd1638;     // 0.1
    localparam signed [35:0]      ROUND_HALF  = 36'sd8192;     // 0.5 before >>> FRAC
    localparam signed [15:0]      DRIFT_MAX16 = 16'sd12;
    localparam signed [15:0]      DRIFT_MIN16 = -16'sd12;

    wire update = (upd_cnt == UPDATE_LAST);

    // Only bit 0 of a drift LFSR and bits [4:0] of a jitter LFSR are used; the rest is state.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] drift_lfsr_l6, jit_lfsr_l6;
    wire [15:0] drift_lfsr_l5a, jit_lfsr_l5a;
    wire [15:0] drift_lfsr_l5b, jit_lfsr_l5b;
    wire [15:0] drift_lfsr_l4, jit_lfsr_l4;
    wire [15:0] drift_lfsr_l23, jit_lfsr_l23;
    /* verilator lint_on UNUSEDSIGNAL */

    lfsr16 #(.SEED(16'h3C5A), .STEPS(1))  u_drift_l6 (.clk(clk), .rst(rst), .clk_en(clk_en & update),
                                              .lfsr(drift_lfsr_l6));
    lfsr16 #(.SEED(16'hC3A5), .STEPS(16)) u_jit_l6   (.clk(clk), .rst(rst), .clk_en(clk_en),
                                              .lfsr(jit_lfsr_l6));
    lfsr16 #(.SEED(16'h9E37), .STEPS(1))  u_drift_l5a (.clk(clk), .rst(rst), .clk_en(clk_en & update),
                                              .lfsr(drift_lfsr_l5a));
    lfsr16 #(.SEED(16'h17E9), .STEPS(16)) u_jit_l5a   (.clk(clk), .rst(rst), .clk_en(clk_en),
                                              .lfsr(jit_lfsr_l5a));
    lfsr16 #(.SEED(16'h4F1B), .STEPS(1))  u_drift_l5b (.clk(clk), .rst(rst), .clk_en(clk_en & update),
                                              .lfsr(drift_lfsr_l5b));
    lfsr16 #(.SEED(16'hD85C), .STEPS(16)) u_jit_l5b   (.clk(clk), .rst(rst), .clk_en(clk_en),
                                              .lfsr(jit_lfsr_l5b));
    lfsr16 #(.SEED(16'hB2D6), .STEPS(1))  u_drift_l4 (.clk(clk), .rst(rst), .clk_en(clk_en & update),
                                              .lfsr(drift_lfsr_l4));
    lfsr16 #(.SEED(16'h2B4F), .STEPS(16)) u_jit_l4   (.clk(clk), .rst(rst), .clk_en(clk_en),
                                              .lfsr(jit_lfsr_l4));
    lfsr16 #(.SEED(16'h6A85), .STEPS(1))  u_drift_l23 (.clk(clk), .rst(rst), .clk_en(clk_en & update),
                                              .lfsr(drift_lfsr_l23));
    lfsr16 #(.SEED(16'h8F61), .STEPS(16)) u_jit_l23   (.clk(clk), .rst(rst), .clk_en(clk_en),
                                              .lfsr(jit_lfsr_l23));

    // Fast jitter (10.2): (b4 ? 8 : -8) + (b3 ? 4 : -4) + (b2 ? 2 : -2) + (b1 ? 1 : -1) + b0,
    // a value in [-15, 16], clamped to [-13, 13]. 7-bit arithmetic, exact.
    function signed [5:0] jitter_of;
        input [4:0] b;
        reg signed [6:0] s;
        begin
            s = (b[4] ? 7'sd8 : -7'sd8) + (b[3] ? 7'sd4 : -7'sd4) + (b[2] ? 7'sd2 : -7'sd2)
              + (b[1] ? 7'sd1 : -7'sd1) + (b[0] ? 7'sd1 : 7'sd0);
            if (s > JITTER_MAX) s = JITTER_MAX;
            if (s < -JITTER_MAX) s = -JITTER_MAX;
            jitter_of = s[5:0];
        end
    endfunction

    // Slow drift (10.2, v3.0): one +-1 step, reflected at +-DRIFT_MAX, plus the rounded force
    // term 0.1 * force in adaptive mode, clamped to +-DRIFT_MAX.
    function signed [5:0] drift_next;
        input signed [5:0]       d;
        input                    up;
        input signed [WIDTH-1:0] f;
        input                    adapt;
        reg signed [6:0]  walk;
        reg signed [6:0]  refl;
        reg signed [35:0] fp;
        /* verilator lint_off UNUSEDSIGNAL */
        reg signed [35:0] fsh;                        // bits [35:16] are sign copies
        /* verilator lint_on UNUSEDSIGNAL */
        reg signed [15:0] ft;
        reg signed [15:0] sum;
        begin
            walk = {d[5], d} + (up ? 7'sd1 : -7'sd1);
            refl = (walk > DRIFT_MAX) ? {d[5], d} - 7'sd1 :
                   (walk < -DRIFT_MAX) ? {d[5], d} + 7'sd1 : walk;
            fp   = K_FORCE * f + ROUND_HALF;          // |K_FORCE * f| < 2^28
            fsh  = fp >>> FRAC;                       // |fsh| <= 13108: 16 bits hold it
            ft   = adapt ? fsh[15:0] : 16'sd0;
            sum  = {{9{refl[6]}}, refl} + ft;         // 16 bits, exact
            if (sum > DRIFT_MAX16) sum = DRIFT_MAX16;
            if (sum < DRIFT_MIN16) sum = DRIFT_MIN16;
            drift_next = sum[5:0];
        end
    endfunction

    wire signed [6:0] omega_l6 = {drift_l6[5], drift_l6} + {jitter_l6[5], jitter_l6};
    wire signed [6:0] omega_l5a = {drift_l5a[5], drift_l5a} + {jitter_l5a[5], jitter_l5a};
    wire signed [6:0] omega_l5b = {drift_l5b[5], drift_l5b} + {jitter_l5b[5], jitter_l5b};
    wire signed [6:0] omega_l4 = {drift_l4[5], drift_l4} + {jitter_l4[5], jitter_l4};
    wire signed [6:0] omega_l23 = {drift_l23[5], drift_l23} + {jitter_l23[5], jitter_l23};
    assign jitter_l6      = jitter_of(jit_lfsr_l6[4:0]);
    assign omega_drift_l6 = {{11{omega_l6[6]}}, omega_l6};
    assign jitter_l5a      = jitter_of(jit_lfsr_l5a[4:0]);
    assign omega_drift_l5a = {{11{omega_l5a[6]}}, omega_l5a};
    assign jitter_l5b      = jitter_of(jit_lfsr_l5b[4:0]);
    assign omega_drift_l5b = {{11{omega_l5b[6]}}, omega_l5b};
    assign jitter_l4      = jitter_of(jit_lfsr_l4[4:0]);
    assign omega_drift_l4 = {{11{omega_l4[6]}}, omega_l4};
    assign jitter_l23      = jitter_of(jit_lfsr_l23[4:0]);
    assign omega_drift_l23 = {{11{omega_l23[6]}}, omega_l23};

    always @(posedge clk) begin
        if (rst) begin
            upd_cnt <= 10'd0;
            drift_l6 <= 6'sd0;
            drift_l5a <= 6'sd0;
            drift_l5b <= 6'sd0;
            drift_l4 <= 6'sd0;
            drift_l23 <= 6'sd0;
        end else if (clk_en) begin
            upd_cnt <= update ? 10'd0 : upd_cnt + 10'd1;
            if (update) begin
                drift_l6 <= drift_next(drift_l6, drift_lfsr_l6[0], force_l6, adaptive_en);
                drift_l5a <= drift_next(drift_l5a, drift_lfsr_l5a[0], force_l5a, adaptive_en);
                drift_l5b <= drift_next(drift_l5b, drift_lfsr_l5b[0], force_l5b, adaptive_en);
                drift_l4 <= drift_next(drift_l4, drift_lfsr_l4[0], force_l4, adaptive_en);
                drift_l23 <= drift_next(drift_l23, drift_lfsr_l23[0], force_l23, adaptive_en);
            end
        end
    end
endmodule
`default_nettype wire
