// kuramoto_order_parameter: population synchrony of the six key oscillators (theta, L6, L5a,
// L5b, L4, L2/3), section "SIE Dynamics Monitoring (v11.3)":
//   R = |1/N sum exp(i theta_k)| = sqrt(sum_cos^2 + sum_sin^2) / N
// e^{i theta_k} is (x_k, y_k) scaled by its own magnitude: no angle, no floating point, no table.
//   mag_k   = isqrt(x_k^2 + y_k^2)                 (floor)
//   recip_k = mag_k == 0 ? 0 : 2^28 / mag_k         (Q28 reciprocal)
//   cos_k   = (x_k * recip_k) >>> 14, sin_k = (y_k * recip_k) >>> 14    (Q14 unit vector)
//   R       = min(isqrt(sum_cos^2 + sum_sin^2) / 6, 1.0);  high_synchrony = R > 0.7 (11469)
// Contract: docs/spec/kuramoto_order_parameter.md. Model: crates/phin-core/src/kuramoto_order_parameter.rs.
`default_nettype none
module kuramoto_order_parameter #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] x0, y0, x1, y1, x2, y2, x3, y3, x4, y4, x5, y5,
    output reg  signed [20:0]      sum_cos,
    output reg  signed [20:0]      sum_sin,
    output reg  signed [WIDTH-1:0] kuramoto_r,
    output reg                     high_synchrony
);
    localparam signed [WIDTH-1:0] R_HIGH = 18'sd11469;   // 0.7
    localparam [17:0]             R_ONE  = 18'd16384;    // 1.0

    /* verilator lint_off UNUSEDSIGNAL */
    `include "phin_isqrt.vh"

    `include "phin_unit.vh"
    /* verilator lint_on UNUSEDSIGNAL */

    wire signed [WIDTH-1:0] c0 = unit(x0, y0), s0 = unit(y0, x0);
    wire signed [WIDTH-1:0] c1 = unit(x1, y1), s1 = unit(y1, x1);
    wire signed [WIDTH-1:0] c2 = unit(x2, y2), s2 = unit(y2, x2);
    wire signed [WIDTH-1:0] c3 = unit(x3, y3), s3 = unit(y3, x3);
    wire signed [WIDTH-1:0] c4 = unit(x4, y4), s4 = unit(y4, x4);
    wire signed [WIDTH-1:0] c5 = unit(x5, y5), s5 = unit(y5, x5);
    wire signed [20:0] sc = {{3{c0[17]}}, c0} + {{3{c1[17]}}, c1} + {{3{c2[17]}}, c2}
                          + {{3{c3[17]}}, c3} + {{3{c4[17]}}, c4} + {{3{c5[17]}}, c5};
    wire signed [20:0] ss = {{3{s0[17]}}, s0} + {{3{s1[17]}}, s1} + {{3{s2[17]}}, s2}
                          + {{3{s3[17]}}, s3} + {{3{s4[17]}}, s4} + {{3{s5[17]}}, s5};
    wire signed [41:0] sc2 = sc * sc;                     // |sc| <= 98310: sc^2 < 2^34
    wire signed [41:0] ss2 = ss * ss;
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [41:0] m2  = sc2 + ss2;                   // < 2^35: bits 41:36 are 0
    /* verilator lint_on UNUSEDSIGNAL */
    wire [17:0] mag = isqrt36(m2[35:0]);
    wire [17:0] r6  = mag / 18'd6;
    wire [17:0] r_nx = (r6 > R_ONE) ? R_ONE : r6;

    always @(posedge clk) begin
        if (rst) begin
            sum_cos        <= 21'sd0;
            sum_sin        <= 21'sd0;
            kuramoto_r     <= 18'sd0;
            high_synchrony <= 1'b0;
        end else if (clk_en) begin
            sum_cos        <= sc;
            sum_sin        <= ss;
            kuramoto_r     <= $signed(r_nx);
            high_synchrony <= $signed(r_nx) > R_HIGH;
        end
    end
endmodule
`default_nettype wire
