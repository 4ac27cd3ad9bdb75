// hopf_oscillator: Hopf normal form in Q4.14, one forward-Euler step per 4 kHz clock enable
// (description section 1.1). Contract with every width: docs/spec/hopf_oscillator.md.
// Model: crates/phin-core/src/hopf_oscillator.rs.
//
//   dx = mu_dt*x - omega_dt*y - DT*r2*x + input_x        (products >>> FRAC, floor)
//   dy = mu_dt*y + omega_dt*x_half - DT*r2*y             (x_half = sat18(x + dx))
// Semi-implicit Euler: y rotates with the x of this step, so the rotation preserves area and
// the amplitude is set by mu_dt at every frequency (forward Euler grows by (omega*dt)^2/2 a step,
// which above alpha outweighs mu_dt).
//   r2 = (x*x + y*y) >>> FRAC from the registers before the edge
//   r2 > 1.0625: x, y scaled by clamp(2.0 - r2, 0.5, 1.0); result saturated to Q4.14.
`default_nettype none
module hopf_oscillator #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] mu_dt,
    input  wire signed [WIDTH-1:0] omega_dt,
    input  wire signed [WIDTH-1:0] input_x,
    output reg  signed [WIDTH-1:0] x,
    output reg  signed [WIDTH-1:0] y,
    output wire signed [WIDTH-1:0] amplitude
);
    localparam signed [WIDTH-1:0] DT        = 18'sd4;       // dt = 0.00025 s (4.096 -> 4)
    localparam signed [22:0]      R2_THRESH = 23'sd17408;   // 1.0625 (compared with r_sq)
    localparam signed [23:0]      TWO_Q14   = 24'sd32768;   // 2.0
    localparam signed [23:0]      CORR_MIN  = 24'sd8192;    // 0.5
    localparam signed [23:0]      CORR_MAX  = 24'sd16384;   // 1.0
    localparam signed [WIDTH-1:0] X_INIT    = 18'sd8192;    // 0.5
    localparam signed [WIDTH-1:0] Y_INIT    = 18'sd0;
    localparam signed [35:0]      SAT_MAX   = 36'sd131071;  // +7.99994
    localparam signed [35:0]      SAT_MIN   = -36'sd131072; // -8.0
    localparam signed [31:0]      HALF_MAX  = 32'sd131071;  // x_half saturation
    localparam signed [31:0]      HALF_MIN  = -32'sd131072;
    localparam signed [WIDTH:0]   AMP_MAX   = 19'sd131071;  // amplitude saturation, +7.99994

    // The *_sh wires hold a shift at full width; only their low bits are used, the rest are sign
    // copies that the range notes below prove redundant.
    /* verilator lint_off UNUSEDSIGNAL */
    // r^2 = (x^2 + y^2) >>> FRAC: 36-bit squares, 37-bit sum, 23-bit result.
    wire signed [35:0] x_sq      = x * x;
    wire signed [35:0] y_sq      = y * y;
    wire signed [36:0] r_sq_full = {x_sq[35], x_sq} + {y_sq[35], y_sq};
    wire signed [36:0] r_sq_sh   = r_sq_full >>> FRAC;
    wire signed [22:0] r_sq      = r_sq_sh[22:0];         // x^2 + y^2 <= 2^35: fits 23 bits

    // Linear terms: 18 x 18 -> 36 bits, >>> FRAC, kept in 32 bits (|value| < 2^21).
    wire signed [35:0] mu_x    = mu_dt * x;
    wire signed [35:0] mu_y    = mu_dt * y;
    wire signed [35:0] om_y    = omega_dt * y;
    wire signed [35:0] mu_x_sh = mu_x >>> FRAC;
    wire signed [35:0] mu_y_sh = mu_y >>> FRAC;
    wire signed [35:0] om_y_sh = om_y >>> FRAC;

    // Cubic damping DT*r2*x: 23 x 18 -> 41 bits, >>> FRAC -> 27 bits, x DT -> 45, >>> FRAC -> 31.
    wire signed [40:0] r2_x    = r_sq * x;
    wire signed [40:0] r2_y    = r_sq * y;
    wire signed [40:0] r2x_sh  = r2_x >>> FRAC;
    wire signed [40:0] r2y_sh  = r2_y >>> FRAC;
    wire signed [26:0] r2x_q   = r2x_sh[26:0];            // |r2 * x| < 2^39: fits 27 bits
    wire signed [26:0] r2y_q   = r2y_sh[26:0];
    wire signed [44:0] dt_r2_x = DT * r2x_q;
    wire signed [44:0] dt_r2_y = DT * r2y_q;
    wire signed [44:0] damp_xs = dt_r2_x >>> FRAC;
    wire signed [44:0] damp_ys = dt_r2_y >>> FRAC;
    wire signed [30:0] damp_x  = damp_xs[30:0];           // |DT * r2x_q| < 2^29: fits 31 bits
    wire signed [30:0] damp_y  = damp_ys[30:0];

    // Euler sums in 32 bits: every term sign-extended to 32, no wrap for any 18-bit inputs.
    wire signed [31:0] x_sum = {{14{x[WIDTH-1]}}, x} + mu_x_sh[31:0] - om_y_sh[31:0]
                             - {damp_x[30], damp_x} + {{14{input_x[WIDTH-1]}}, input_x};
    // x_half: this step's x, saturated to Q4.14, drives the rotation of y.
    wire signed [WIDTH-1:0] x_half = (x_sum > HALF_MAX) ? HALF_MAX[WIDTH-1:0] :
                                     (x_sum < HALF_MIN) ? HALF_MIN[WIDTH-1:0] : x_sum[WIDTH-1:0];
    wire signed [35:0] om_x    = omega_dt * x_half;
    wire signed [35:0] om_x_sh = om_x >>> FRAC;
    wire signed [31:0] y_sum = {{14{y[WIDTH-1]}}, y} + mu_y_sh[31:0] + om_x_sh[31:0]
                             - {damp_y[30], damp_y};

    // Amplitude correction above r^2 = 1.0625: factor 2.0 - r^2 clamped to [0.5, 1.0].
    wire signed [23:0] corr_raw = TWO_Q14 - {r_sq[22], r_sq};
    wire signed [23:0] corr     = (corr_raw < CORR_MIN) ? CORR_MIN :
                                  (corr_raw > CORR_MAX) ? CORR_MAX : corr_raw;
    wire               correct  = r_sq > R2_THRESH;
    wire signed [55:0] x_scaled = x_sum * corr;
    wire signed [55:0] y_scaled = y_sum * corr;
    wire signed [55:0] x_corr_s = x_scaled >>> FRAC;
    wire signed [55:0] y_corr_s = y_scaled >>> FRAC;
    wire signed [35:0] x_corr   = x_corr_s[35:0];         // |x_sum * corr| < 2^46: fits
    wire signed [35:0] y_corr   = y_corr_s[35:0];
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [35:0] x_new    = correct ? x_corr : {{4{x_sum[31]}}, x_sum};
    wire signed [35:0] y_new    = correct ? y_corr : {{4{y_sum[31]}}, y_sum};

    // Explicit saturation to Q4.14 (a wrap would flip the phase by pi).
    wire signed [WIDTH-1:0] x_sat = (x_new > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                    (x_new < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : x_new[WIDTH-1:0];
    wire signed [WIDTH-1:0] y_sat = (y_new > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                    (y_new < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : y_new[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst) begin
            x <= X_INIT;
            y <= Y_INIT;
        end else if (clk_en) begin
            x <= x_sat;
            y <= y_sat;
        end
    end

    // amplitude ~ sqrt(x^2 + y^2): max(hi, hi - hi/8 + lo/2) on 19-bit magnitudes, saturated.
    wire signed [WIDTH:0] x_ext = {x[WIDTH-1], x};
    wire signed [WIDTH:0] y_ext = {y[WIDTH-1], y};
    wire signed [WIDTH:0] ax    = x[WIDTH-1] ? -x_ext : x_ext;
    wire signed [WIDTH:0] ay    = y[WIDTH-1] ? -y_ext : y_ext;
    wire signed [WIDTH:0] hi    = (ax > ay) ? ax : ay;
    wire signed [WIDTH:0] lo    = (ax > ay) ? ay : ax;
    wire signed [WIDTH:0] est   = hi - (hi >>> 3) + (lo >>> 1);
    wire signed [WIDTH:0] amp   = (est > hi) ? est : hi;
    assign amplitude = (amp > AMP_MAX) ? AMP_MAX[WIDTH-1:0] : amp[WIDTH-1:0];
endmodule
`default_nettype wire
