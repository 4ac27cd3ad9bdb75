// fxp_probe: test-only RTL for crates/phin-cosim/tests/fixed_point_vs_verilator.rs.
//
// One register per Verilog-2005 expression rule that phin_core::fixed_point reproduces, fed from
// operands of deliberately odd and mixed widths and signedness. Every register is named after
// the rule it probes; the Rust model of this module computes each one only through the helpers.
// Not part of the design: it lives next to the test, never in the repository's rtl/ directory.
//
// Where a context width (widening or truncation on assignment) is the rule under test, the
// expression is written the natural way and Verilator's WIDTH lint is switched off around it.
`default_nettype none
module fxp_probe (
    input  wire               clk,
    input  wire               rst,
    input  wire               clk_en,
    input  wire signed [17:0] a,
    input  wire signed [12:0] b,
    input  wire        [6:0]  c,
    input  wire signed [36:0] d,
    input  wire        [4:0]  sh,
    // Addition and subtraction: wrap on assignment.
    output reg signed [12:0] sum_ab_wrap13,   // a + b, 18-bit context, truncated to 13 bits signed
    output reg        [12:0] sum_ab_u13,      // a + b, truncated to 13 bits unsigned
    output reg signed [12:0] diff_ab_wrap13,  // a - b, truncated to 13 bits signed
    output reg signed [17:0] sum_3a_wrap18,   // a + a + a, wraps in 18 bits
    output reg signed [17:0] sum_3a_sat18,    // a + a + a, explicit saturation to 18 bits
    output reg        [23:0] sum_ac_u24,      // a + c: unsigned, so a is zero-extended to 24 bits
    // Products: the context width decides how many product bits survive.
    output reg signed [30:0] mul_ab_s31,      // a * b, 31-bit context: the full product
    output reg signed [17:0] mul_ab_trunc18,  // a * b, 18-bit context: truncated
    output reg signed [54:0] mul_ad_s55,      // a * d, 55-bit context: the full product
    output reg        [24:0] mul_ac_u25,      // a * c: unsigned, a zero-extended to 25 bits
    // Shifts.
    output reg signed [17:0] asr_a,           // a >>> sh: arithmetic (a signed)
    output reg signed [23:0] asr_a_ctx24,     // a >>> sh in 24 bits: a sign-extended first
    output reg        [17:0] asr_ua,          // $unsigned(a) >>> sh: logical (operand unsigned)
    output reg signed [23:0] asr_ua_ctx24,    // $unsigned(a) >>> sh, 24 bits: zero-ext., logical
    output reg signed [17:0] srl_a,           // a >> sh: logical on the 18-bit pattern
    output reg        [23:0] srl_a_ctx24,     // a >> sh in 24 bits: sign-ext. to 24, then logical
    output reg signed [17:0] asr_sum_ac,      // (a + c) >>> sh: unsigned expression, so logical
    output reg signed [36:0] asr_d,           // d >>> sh on 37 bits
    output reg signed [22:0] shl_a23,         // a << sh, 23-bit context
    output reg        [7:0]  shl_c8,          // c << sh, 8-bit context
    // Division and remainder (b == 0 / c == 0 guarded explicitly: result 0).
    output reg signed [17:0] div_ab,          // a / b, signed, truncates toward zero
    output reg signed [12:0] rem_ab,          // a % b, sign of the dividend, in 13 bits
    output reg signed [36:0] div_db,          // d / b in 37 bits
    output reg signed [12:0] rem_db,          // d % b, truncated to 13 bits
    output reg        [17:0] div_ac_u,        // a / c: unsigned division of a's 18-bit pattern
    output reg        [6:0]  rem_ac_u7,       // a % c: unsigned, truncated to 7 bits
    output reg        [36:0] div_dc_u,        // d / c: unsigned division of d's 37-bit pattern
    // Comparisons.
    output reg               lt_a_c,          // a < c: mixed, compares unsigned at 18 bits
    output reg               lt_b_c,          // b < c: mixed, compares unsigned at 13 bits
    output reg               lt_a_b,          // a < b: both signed, compares signed
    // Part-selects and concatenations (unsigned) and $signed.
    output reg        [9:0]  psel_a,          // a[12:3]
    output reg signed [9:0]  psel_a_signed,   // $signed(a[12:3])
    output reg signed [17:0] psel_a_ext18,    // a[12:3] into 18 bits signed: zero-extended
    output reg signed [17:0] psel_a_sext18,   // $signed(a[12:3]) into 18 bits: sign-extended
    output reg        [10:0] cat_cb_u11,      // {c, b[3:0]}
    output reg signed [17:0] cat_cb_ext18,    // {c, b[3:0]} into 18 bits signed: zero-extended
    output reg signed [17:0] cat_cb_sext18,   // $signed({c, b[3:0]}) into 18 bits: sign-extended
    // Negation, absolute value, clamp.
    output reg signed [17:0] neg_a,           // -a in 18 bits: the most negative maps to itself
    output reg signed [18:0] neg_a19,         // -a in 19 bits: a sign-extended first, no wrap
    output reg signed [17:0] abs_a,           // a < 0 ? -a : a in 18 bits
    output reg signed [17:0] clamp_a          // a clamped to [-1000, 1000]
);
    localparam signed [19:0] SAT_MAX = 20'sd131071;   // 18-bit signed extremes, 20-bit carriers
    localparam signed [19:0] SAT_MIN = -20'sd131072;
    localparam signed [17:0] CL_LO   = -18'sd1000;
    localparam signed [17:0] CL_HI   = 18'sd1000;

    // a + a + a in 20 bits (|3a| <= 393216 < 2^19): no wrap, then explicit saturation to 18 bits.
    wire signed [19:0] a_x20  = {{2{a[17]}}, a};
    wire signed [19:0] sum_3a = a_x20 + a_x20 + a_x20;
    wire        [10:0] cat_cb = {c, b[3:0]};

    always @(posedge clk) begin
        if (rst) begin
            sum_ab_wrap13  <= 13'sd0;
            sum_ab_u13     <= 13'd0;
            diff_ab_wrap13 <= 13'sd0;
            sum_3a_wrap18  <= 18'sd0;
            sum_3a_sat18   <= 18'sd0;
            sum_ac_u24     <= 24'd0;
            mul_ab_s31     <= 31'sd0;
            mul_ab_trunc18 <= 18'sd0;
            mul_ad_s55     <= 55'sd0;
            mul_ac_u25     <= 25'd0;
            asr_a          <= 18'sd0;
            asr_a_ctx24    <= 24'sd0;
            asr_ua         <= 18'd0;
            asr_ua_ctx24   <= 24'sd0;
            srl_a          <= 18'sd0;
            srl_a_ctx24    <= 24'd0;
            asr_sum_ac     <= 18'sd0;
            asr_d          <= 37'sd0;
            shl_a23        <= 23'sd0;
            shl_c8         <= 8'd0;
            div_ab         <= 18'sd0;
            rem_ab         <= 13'sd0;
            div_db         <= 37'sd0;
            rem_db         <= 13'sd0;
            div_ac_u       <= 18'd0;
            rem_ac_u7      <= 7'd0;
            div_dc_u       <= 37'd0;
            lt_a_c         <= 1'b0;
            lt_b_c         <= 1'b0;
            lt_a_b         <= 1'b0;
            psel_a         <= 10'd0;
            psel_a_signed  <= 10'sd0;
            psel_a_ext18   <= 18'sd0;
            psel_a_sext18  <= 18'sd0;
            cat_cb_u11     <= 11'd0;
            cat_cb_ext18   <= 18'sd0;
            cat_cb_sext18  <= 18'sd0;
            neg_a          <= 18'sd0;
            neg_a19        <= 19'sd0;
            abs_a          <= 18'sd0;
            clamp_a        <= 18'sd0;
        end else if (clk_en) begin
            // Operands extended to the context width (from the other operand or the target) and
            // results truncated to the target are the rules under test here: no explicit
            // extensions or part-selects, so Verilator's WIDTH lint is off for this block.
            /* verilator lint_off WIDTH */
            sum_ab_wrap13  <= a + b;
            sum_ab_u13     <= a + b;
            diff_ab_wrap13 <= a - b;
            sum_ac_u24     <= a + c;
            mul_ab_s31     <= a * b;
            mul_ab_trunc18 <= a * b;
            mul_ad_s55     <= a * d;
            mul_ac_u25     <= a * c;
            asr_a_ctx24    <= a >>> sh;
            asr_ua_ctx24   <= $unsigned(a) >>> sh;
            srl_a_ctx24    <= a >> sh;
            asr_sum_ac     <= (a + c) >>> sh;
            shl_a23        <= a << sh;
            shl_c8         <= c << sh;
            div_ab         <= (b == 13'sd0) ? 18'sd0 : a / b;
            rem_ab         <= (b == 13'sd0) ? 13'sd0 : a % b;
            div_db         <= (b == 13'sd0) ? 37'sd0 : d / b;
            rem_db         <= (b == 13'sd0) ? 13'sd0 : d % b;
            div_ac_u       <= (c == 7'd0) ? 18'd0 : a / c;
            rem_ac_u7      <= (c == 7'd0) ? 7'd0 : a % c;
            div_dc_u       <= (c == 7'd0) ? 37'd0 : d / c;
            lt_a_c         <= a < c;
            lt_b_c         <= b < c;
            lt_a_b         <= a < b;
            psel_a_ext18   <= a[12:3];
            psel_a_sext18  <= $signed(a[12:3]);
            cat_cb_ext18   <= cat_cb;
            cat_cb_sext18  <= $signed(cat_cb);
            neg_a19        <= -a;
            /* verilator lint_on WIDTH */
            sum_3a_wrap18  <= a + a + a;
            sum_3a_sat18   <= (sum_3a > SAT_MAX) ? SAT_MAX[17:0] :
                              (sum_3a < SAT_MIN) ? SAT_MIN[17:0] : sum_3a[17:0];
            asr_a          <= a >>> sh;
            asr_ua         <= $unsigned(a) >>> sh;
            srl_a          <= a >> sh;
            asr_d          <= d >>> sh;
            psel_a         <= a[12:3];
            psel_a_signed  <= $signed(a[12:3]);
            cat_cb_u11     <= cat_cb;
            neg_a          <= -a;
            abs_a          <= (a < 18'sd0) ? -a : a;
            clamp_a        <= (a < CL_LO) ? CL_LO : (a > CL_HI) ? CL_HI : a;
        end
    end
endmodule
`default_nettype wire
