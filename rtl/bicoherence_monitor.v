// bicoherence_monitor: phase-based bispectrum of the three natural triads of the phi-spaced bands
// (section "SIE Dynamics Monitoring (v11.3)", Bicoherence Monitor):
//   B(f1, f2) = |E[X(f1) X(f2) X*(f1+f2)]| / sqrt(P1 P2 P12)
// Since phi^2 = phi + 1, adjacent phi-spaced bands sum exactly: theta+alpha ~ beta1,
// alpha+beta1 ~ beta2, beta1+beta2 ~ gamma. Each band enters as its unit vector (no angle, no
// floating point; the same unit() as kuramoto_order_parameter.v), so the powers are 1 and
//   b_k     = u1 * u2 * conj(u3)                          (complex, Q14, each product >>> 14)
//   acc_k  <= acc_k + b_k - (acc_k >>> 13)               (re and im, 30-bit: mean x 2^13)
//   bic_k   = min(isqrt36((acc_re >>> 13)^2 + (acc_im >>> 13)^2), 1.0)
//   bicoherence_max = max_k bic_k;  high_bicoherence = max > 0.5 (8192)
//   triad_sync = (bic_0 + bic_1) >>> 1: the order parameter of the phi-spaced bands (the mean
//   locking of the two triads the SIE couples), read by the coupling-mode controller's R rules
// Contract: docs/spec/bicoherence_monitor.md. Model: crates/phin-core/src/bicoherence_monitor.rs.
`default_nettype none
module bicoherence_monitor #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] x_theta, y_theta,
    input  wire signed [WIDTH-1:0] x_alpha, y_alpha,
    input  wire signed [WIDTH-1:0] x_beta1, y_beta1,
    input  wire signed [WIDTH-1:0] x_beta2, y_beta2,
    input  wire signed [WIDTH-1:0] x_gamma, y_gamma,
    output reg  signed [29:0]      acc_re0, acc_im0,   // theta, alpha -> beta1
    output reg  signed [29:0]      acc_re1, acc_im1,   // alpha, beta1 -> beta2
    output reg  signed [29:0]      acc_re2, acc_im2,   // beta1, beta2 -> gamma
    output reg  signed [WIDTH-1:0] bicoherence0,
    output reg  signed [WIDTH-1:0] bicoherence1,
    output reg  signed [WIDTH-1:0] bicoherence2,
    output reg  signed [WIDTH-1:0] bicoherence_max,
    output reg  signed [WIDTH-1:0] triad_sync,
    output reg                     high_bicoherence
);
    localparam signed [WIDTH-1:0] BICOHERENCE_HIGH      = 18'sd8192;    // 0.5
    localparam [17:0]             B_ONE                 = 18'd16384;    // 1.0
    localparam integer            BICOHERENCE_IIR_SHIFT = 13;           // 8192 ticks = 2.048 s

    /* verilator lint_off UNUSEDSIGNAL */
    `include "phin_isqrt.vh"

    `include "phin_unit.vh"

    // ((a*b + c*d) >>> 14)[17:0] and ((a*b - c*d) >>> 14)[17:0]: the halves of a Q14 complex
    // product (36-bit signed products and sum).
    function signed [WIDTH-1:0] dot14;
        input signed [WIDTH-1:0] a, b, c, d;
        reg signed [35:0] s;
        begin
            s     = a * b + c * d;
            s     = s >>> 14;
            dot14 = s[WIDTH-1:0];
        end
    endfunction

    function signed [WIDTH-1:0] crs14;
        input signed [WIDTH-1:0] a, b, c, d;
        reg signed [35:0] s;
        begin
            s     = a * b - c * d;
            s     = s >>> 14;
            crs14 = s[WIDTH-1:0];
        end
    endfunction

    // One IIR step: acc + b - (acc >>> 13), 30-bit (|acc| <= 2^27: no wrap).
    function signed [29:0] iir;
        input signed [29:0]      acc;
        input signed [WIDTH-1:0] b;
        begin
            iir = acc + $signed({{12{b[WIDTH-1]}}, b}) - (acc >>> BICOHERENCE_IIR_SHIFT);
        end
    endfunction

    // |mean| of an accumulator pair, saturated to 1.0.
    function signed [WIDTH-1:0] bmag;
        input signed [29:0] re;
        input signed [29:0] im;
        reg signed [29:0] mr, mi;
        reg signed [17:0] r18, i18;
        reg signed [35:0] m2;
        reg [17:0]        mag;
        begin
            mr   = re >>> BICOHERENCE_IIR_SHIFT;          // |mean| < 2^16
            mi   = im >>> BICOHERENCE_IIR_SHIFT;
            r18  = mr[17:0];
            i18  = mi[17:0];
            m2   = r18 * r18 + i18 * i18;                 // < 2^33
            mag  = isqrt36(m2);
            bmag = (mag > B_ONE) ? $signed(B_ONE) : $signed(mag);
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // Unit vectors of the five bands.
    wire signed [WIDTH-1:0] ct = unit(x_theta, y_theta), st = unit(y_theta, x_theta);
    wire signed [WIDTH-1:0] ca = unit(x_alpha, y_alpha), sa = unit(y_alpha, x_alpha);
    wire signed [WIDTH-1:0] c1 = unit(x_beta1, y_beta1), s1 = unit(y_beta1, x_beta1);
    wire signed [WIDTH-1:0] c2 = unit(x_beta2, y_beta2), s2 = unit(y_beta2, x_beta2);
    wire signed [WIDTH-1:0] cg = unit(x_gamma, y_gamma), sg = unit(y_gamma, x_gamma);

    // p = u1 * u2
    wire signed [WIDTH-1:0] pr0 = crs14(ct, ca, st, sa), pi0 = dot14(ct, sa, st, ca);
    wire signed [WIDTH-1:0] pr1 = crs14(ca, c1, sa, s1), pi1 = dot14(ca, s1, sa, c1);
    wire signed [WIDTH-1:0] pr2 = crs14(c1, c2, s1, s2), pi2 = dot14(c1, s2, s1, c2);
    // b = p * conj(u3)
    wire signed [WIDTH-1:0] br0 = dot14(pr0, c1, pi0, s1), bi0 = crs14(pi0, c1, pr0, s1);
    wire signed [WIDTH-1:0] br1 = dot14(pr1, c2, pi1, s2), bi1 = crs14(pi1, c2, pr1, s2);
    wire signed [WIDTH-1:0] br2 = dot14(pr2, cg, pi2, sg), bi2 = crs14(pi2, cg, pr2, sg);

    wire signed [29:0] ar0 = iir(acc_re0, br0), ai0 = iir(acc_im0, bi0);
    wire signed [29:0] ar1 = iir(acc_re1, br1), ai1 = iir(acc_im1, bi1);
    wire signed [29:0] ar2 = iir(acc_re2, br2), ai2 = iir(acc_im2, bi2);

    wire signed [WIDTH-1:0] b0 = bmag(ar0, ai0);
    wire signed [WIDTH-1:0] b1 = bmag(ar1, ai1);
    wire signed [WIDTH-1:0] b2 = bmag(ar2, ai2);
    wire signed [WIDTH-1:0] m01 = (b1 > b0) ? b1 : b0;
    wire signed [WIDTH-1:0] bmax = (b2 > m01) ? b2 : m01;
    wire signed [WIDTH:0]   b01  = {b0[WIDTH-1], b0} + {b1[WIDTH-1], b1};   // <= 32768
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH:0]   bsync = b01 >>> 1;                              // <= 16384
    /* verilator lint_on UNUSEDSIGNAL */

    always @(posedge clk) begin
        if (rst) begin
            acc_re0          <= 30'sd0;
            acc_im0          <= 30'sd0;
            acc_re1          <= 30'sd0;
            acc_im1          <= 30'sd0;
            acc_re2          <= 30'sd0;
            acc_im2          <= 30'sd0;
            bicoherence0     <= 18'sd0;
            bicoherence1     <= 18'sd0;
            bicoherence2     <= 18'sd0;
            bicoherence_max  <= 18'sd0;
            triad_sync       <= 18'sd0;
            high_bicoherence <= 1'b0;
        end else if (clk_en) begin
            acc_re0          <= ar0;
            acc_im0          <= ai0;
            acc_re1          <= ar1;
            acc_im1          <= ai1;
            acc_re2          <= ar2;
            acc_im2          <= ai2;
            bicoherence0     <= b0;
            bicoherence1     <= b1;
            bicoherence2     <= b2;
            bicoherence_max  <= bmax;
            triad_sync       <= bsync[WIDTH-1:0];
            high_bicoherence <= bmax > BICOHERENCE_HIGH;
        end
    end
endmodule
`default_nettype wire
