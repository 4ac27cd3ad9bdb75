// bicoherence_monitor_fold: the bicoherence monitor of rtl/bicoherence_monitor.v computed over a
// few hundred clocks through one multiplier and one divsqrt_unit, instead of combinationally
// (issue 19, the folded processor; docs/fpga.md, section "The folded bicoherence_monitor").
//
// What it computes. The reference's tick (source: "SIE Dynamics Monitoring (v11.3)", Bicoherence
// Monitor; contract docs/spec/bicoherence_monitor.md): the unit vectors (c, s) of the five bands
// theta, alpha, beta1, beta2, gamma by the unit() of rtl/phin_unit.vh, for each triad k = 0, 1, 2
// of bands (k, k+1, k+2) the product b = u_k * u_k+1 * conj(u_k+2) (Q14, each half >>> 14), the
// IIR accumulators acc_re_k, acc_im_k, the saturated magnitude bic_k = min(isqrt36(...), 1.0), and
// from those bicoherence_max, triad_sync and high_bicoherence. Every intermediate has the
// reference's width and truncation, so every value is the same integer:
//   unit(c, o)   m2 = c*c + o*o (36 bits), mag = isqrt36(m2) (divsqrt SQRT),
//                recip = mag == 0 ? 0 : 2^28 / mag (divsqrt DIVU, whose zero-divisor quotient is
//                the reference's guard value 0), unit = (c * recip)[31:14] of the 48-bit product.
//                unit(x, y) and unit(y, x) share m2, mag and recip, so a band costs one root and
//                one division.
//   dot14, crs14 a*b +- c*d at 36 bits (wrapping as the reference's 36-bit sum), bits [31:14].
//   iir, bmag    the reference's functions, in fabric; bmag's two squares through the multiplier
//                and its isqrt36 through divsqrt.
//
// Interface: the reference's parameter and ports, with clk_en replaced by
//   start    one-clock pulse; on its rising edge the computation of the tick begins. The inputs
//            must hold from that edge until the commit edge. A start while busy restarts.
//   commit   one-clock pulse; on its rising edge every register of the reference (same names)
//            takes the value the reference takes on its clk_en edge. Place it at least CLOCKS
//            clocks after start (commit in clock S + CLOCKS or later, start in clock S).
//   busy     high from the start edge to the edge that writes the last result.
//   rst      synchronous, as the reference (and it stops a running tick).
//
// The multiplier: operands registered (mul_a 25 bits signed, mul_b 18 bits signed) and the
// 43-bit product registered, one DSP48E1 (AREG/BREG, MREG); a product issued in clock t is
// read in clock t + 2. Every product of the reference is 18 x 18 signed except unit()'s
// c * recip, 18 bits signed by 30 bits signed (recip < 2^29 unsigned): it is split,
// c * recip = (c * recip[28:24]) << 24 + c * recip[23:0], two passes, summed at 48 bits.
//
// Schedule. The tick is 5 band slots of 63 clocks (u0..u62), then 3 triad slots of 35 clocks
// (v0..v34); the first slot's first clock is the clock after the start edge. A name on the
// right is a register written on the edge ending that clock; p is the product register.
//
//   band b (x, y of band b)                   | triad k (u1, u2, u3 = bands k, k+1, k+2)
//   u0   issue x*x                            | v0   issue c1*c2
//   u1   issue y*y                            | v1   issue s1*s2
//   u2   sq <= p                              | v2   issue c1*s2;  acc <= p
//   u3   divsqrt SQRT of sq + p (m2)          | v3   issue s1*c2;  pr <= (acc - p)[31:14]
//   u22  root in q: divsqrt DIVU 2^28 / q     | v4   acc <= p
//   u57  recip in q: issue x*recip[23:0]      | v5   pi <= (acc + p)[31:14]
//   u58  issue x*recip[28:24]                 | v6   issue pr*c3
//   u59  issue y*recip[23:0];  lo <= p        | v7   issue pi*s3
//   u60  issue y*recip[28:24]; c_b <= unit    | v8   issue pi*c3;  acc <= p
//   u61  lo <= p                              | v9   issue pr*s3;  ar_k <= iir(acc_re_k, br)
//   u62  s_b <= unit                          | v10  acc <= p
//                                             | v11  ai_k <= iir(acc_im_k, bi)
//                                             | v12  issue r18*r18 (of ar_k)
//                                             | v13  issue i18*i18 (of ai_k)
//                                             | v14  acc <= p
//                                             | v15  divsqrt SQRT of acc + p
//                                             | v34  bic_k <= min(q, 1.0)
// divsqrt's results are read in its done clock: 19 clocks after a SQRT's accepting clock, 35
// after a division's (rtl/fpga/divsqrt_unit.v, section Schedule). CLOCKS = 5 * 63 + 3 * 35 + 1:
// the last bic_k is written on the edge ending the last triad clock, so commit may come in the
// clock after it. bicoherence_max, triad_sync and high_bicoherence are the reference's
// combinational logic on bic_0..2, taken on the commit edge.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module bicoherence_monitor_fold #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
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
    // Constants of the reference, same names and values.
    localparam signed [WIDTH-1:0] BICOHERENCE_HIGH      = 18'sd8192;    // 0.5
    localparam [17:0]             B_ONE                 = 18'd16384;    // 1.0
    localparam integer            BICOHERENCE_IIR_SHIFT = 13;           // 8192 ticks = 2.048 s

    // Slot lengths and the clocks from start to ready (schedule above).
    localparam [5:0] U_LAST = 6'd62;
    localparam [5:0] V_LAST = 6'd34;
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 5 * 63 + 3 * 35 + 1;   // = 421; read by the integrator's sequencer
    /* verilator lint_on UNUSEDPARAM */

    // Band slot clocks.
    localparam [5:0] U_XX   = 6'd0;
    localparam [5:0] U_YY   = 6'd1;
    localparam [5:0] U_SQ   = 6'd2;
    localparam [5:0] U_ROOT = 6'd3;
    localparam [5:0] U_DIV  = 6'd22;   // U_ROOT + 19
    localparam [5:0] U_XL   = 6'd57;   // U_DIV + 35
    localparam [5:0] U_XH   = 6'd58;
    localparam [5:0] U_YL   = 6'd59;
    localparam [5:0] U_YH   = 6'd60;
    localparam [5:0] U_YLO  = 6'd61;
    // Triad slot clocks.
    localparam [5:0] V_CC   = 6'd0;
    localparam [5:0] V_SS   = 6'd1;
    localparam [5:0] V_CS   = 6'd2;
    localparam [5:0] V_SC   = 6'd3;
    localparam [5:0] V_PIA  = 6'd4;
    localparam [5:0] V_PI   = 6'd5;
    localparam [5:0] V_RC   = 6'd6;
    localparam [5:0] V_IS   = 6'd7;
    localparam [5:0] V_IC   = 6'd8;
    localparam [5:0] V_RS   = 6'd9;
    localparam [5:0] V_BIA  = 6'd10;
    localparam [5:0] V_BI   = 6'd11;
    localparam [5:0] V_RR   = 6'd12;
    localparam [5:0] V_II   = 6'd13;
    localparam [5:0] V_MA   = 6'd14;
    localparam [5:0] V_ROOT = 6'd15;

    // ------------------------------------------------------------------ reference functions
    // One IIR step: acc + b - (acc >>> 13), 30-bit (|acc| <= 2^27: no wrap). The reference's.
    function signed [29:0] iir;
        input signed [29:0]      acc;
        input signed [WIDTH-1:0] b;
        begin
            iir = acc + $signed({{12{b[WIDTH-1]}}, b}) - (acc >>> BICOHERENCE_IIR_SHIFT);
        end
    endfunction

    // The reference's r18 / i18 of bmag: (acc >>> 13)[17:0] (its top bits dropped, as there).
    /* verilator lint_off UNUSEDSIGNAL */
    function signed [17:0] mean18;
        input signed [29:0] acc;
        reg signed [29:0]   m;
        begin
            m      = acc >>> BICOHERENCE_IIR_SHIFT;
            mean18 = m[17:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // ------------------------------------------------------------------ sequencer
    reg       triad;   // 0: band slots, 1: triad slots
    reg [2:0] idx;     // band 0..4 or triad 0..2
    reg [5:0] t;       // clock within the slot
    wire      slot_end = triad ? (t == V_LAST) : (t == U_LAST);

    always @(posedge clk) begin
        if (rst) begin
            busy  <= 1'b0;
            triad <= 1'b0;
            idx   <= 3'd0;
            t     <= 6'd0;
        end else if (start) begin
            busy  <= 1'b1;
            triad <= 1'b0;
            idx   <= 3'd0;
            t     <= 6'd0;
        end else if (busy) begin
            if (!slot_end) begin
                t <= t + 6'd1;
            end else begin
                t <= 6'd0;
                if (!triad && idx == 3'd4) begin
                    triad <= 1'b1;
                    idx   <= 3'd0;
                end else if (triad && idx == 3'd2) begin
                    busy <= 1'b0;
                end else begin
                    idx <= idx + 3'd1;
                end
            end
        end
    end

    wire band_at  = busy && !triad;
    wire triad_at = busy && triad;

    // ------------------------------------------------------------------ operands
    // x, y of the current band.
    reg signed [17:0] bx, by;
    always @(*) begin
        case (idx)
            3'd0:    begin bx = x_theta; by = y_theta; end
            3'd1:    begin bx = x_alpha; by = y_alpha; end
            3'd2:    begin bx = x_beta1; by = y_beta1; end
            3'd3:    begin bx = x_beta2; by = y_beta2; end
            default: begin bx = x_gamma; by = y_gamma; end
        endcase
    end

    // Unit vectors of the five bands, written in the band slots.
    reg signed [17:0] uc [0:4];
    reg signed [17:0] us [0:4];
    // u1, u2, u3 of the current triad.
    wire [2:0] i2 = idx + 3'd1;
    wire [2:0] i3 = idx + 3'd2;
    wire signed [17:0] c1 = uc[idx], s1 = us[idx];
    wire signed [17:0] c2 = uc[i2],  s2 = us[i2];
    wire signed [17:0] c3 = uc[i3],  s3 = us[i3];

    // Next values of the accumulators and the magnitudes, written in the triad slots.
    reg signed [29:0] ar_n [0:2];
    reg signed [29:0] ai_n [0:2];
    reg signed [17:0] bic_n [0:2];
    wire [1:0] tk = idx[1:0];   // triad index
    wire signed [29:0] acc_re_k = (idx == 3'd0) ? acc_re0 : (idx == 3'd1) ? acc_re1 : acc_re2;
    wire signed [29:0] acc_im_k = (idx == 3'd0) ? acc_im0 : (idx == 3'd1) ? acc_im1 : acc_im2;
    wire signed [17:0] r18 = mean18(ar_n[tk]);
    wire signed [17:0] i18 = mean18(ai_n[tk]);

    // ------------------------------------------------------------------ divsqrt
    wire [32:0] ds_q;
    wire [32:0] ds_r;
    wire        ds_busy, ds_done, ds_dz;
    reg         ds_start;
    reg  [1:0]  ds_op;
    reg  [35:0] ds_a;
    reg  [32:0] ds_b;

    // ------------------------------------------------------------------ the multiplier
    reg signed [24:0] op_a;
    reg signed [17:0] op_b;
    reg signed [24:0] mul_a;
    reg signed [17:0] mul_b;
    reg signed [42:0] p;

    always @(*) begin
        op_a = 25'sd0;
        op_b = 18'sd0;
        if (band_at) begin
            case (t)
                U_XX: begin op_a = {{7{bx[17]}}, bx};        op_b = bx; end
                U_YY: begin op_a = {{7{by[17]}}, by};        op_b = by; end
                U_XL: begin op_a = {1'b0, ds_q[23:0]};       op_b = bx; end
                U_XH: begin op_a = {20'd0, ds_q[28:24]};     op_b = bx; end
                U_YL: begin op_a = {1'b0, ds_q[23:0]};       op_b = by; end
                U_YH: begin op_a = {20'd0, ds_q[28:24]};     op_b = by; end
                default: ;
            endcase
        end else if (triad_at) begin
            case (t)
                V_CC: begin op_a = {{7{c1[17]}}, c1};        op_b = c2; end
                V_SS: begin op_a = {{7{s1[17]}}, s1};        op_b = s2; end
                V_CS: begin op_a = {{7{c1[17]}}, c1};        op_b = s2; end
                V_SC: begin op_a = {{7{s1[17]}}, s1};        op_b = c2; end
                V_RC: begin op_a = {{7{pr[17]}}, pr};        op_b = c3; end
                V_IS: begin op_a = {{7{pi[17]}}, pi};        op_b = s3; end
                V_IC: begin op_a = {{7{pi[17]}}, pi};        op_b = c3; end
                V_RS: begin op_a = {{7{pr[17]}}, pr};        op_b = s3; end
                V_RR: begin op_a = {{7{r18[17]}}, r18};      op_b = r18; end
                V_II: begin op_a = {{7{i18[17]}}, i18};      op_b = i18; end
                default: ;
            endcase
        end
    end

    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= op_b;
        p     <= mul_a * mul_b;
    end

    // ------------------------------------------------------------------ datapath
    reg signed [35:0] acc;    // first product of a sum of two (36-bit, as the reference)
    reg signed [47:0] lo;     // c * recip[23:0] of a unit()
    reg signed [17:0] pr, pi; // p = u1 * u2 of the current triad

    // The reference keeps bits [31:14] of these sums (its truncations); the rest is unused.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] p36     = p[35:0];
    wire        [35:0] sum36   = acc + p36;               // the reference's 36-bit a*b + c*d
    wire        [35:0] dif36   = acc - p36;               // and a*b - c*d, wrapping alike
    // unit(): (c * recip) >>> 14, taken [17:0], of the 48-bit product (c*rh << 24) + c*rl.
    wire signed [47:0] uprod   = ({{5{p[42]}}, p} <<< 24) + lo;
    wire signed [17:0] unit_v  = uprod[31:14];
    /* verilator lint_on UNUSEDSIGNAL */
    // The reference's (s >>> 14)[17:0] of a 36-bit s is s[31:14].
    wire signed [17:0] sum14   = sum36[31:14];
    wire signed [17:0] dif14   = dif36[31:14];
    wire        [17:0] root    = ds_q[17:0];
    wire signed [17:0] bic_v   = (root > B_ONE) ? $signed(B_ONE) : $signed(root);

`ifdef PHIN_PLANT_BICOHERENCE
    // Test plant, never defined in a build: one LSB of gamma's sine when y_gamma is negative.
    // testbenches/run.sh builds tb_bicoherence_monitor_fold with it and requires it to fail.
    wire signed [17:0] s_v = unit_v ^ {17'd0, (idx == 3'd4) && by[17]};
`else
    wire signed [17:0] s_v = unit_v;
`endif

    always @(*) begin
        ds_start = 1'b0;
        ds_op    = 2'b00;
        ds_a     = 36'd0;
        ds_b     = 33'd0;
        if (band_at && t == U_ROOT) begin
            ds_start = 1'b1;
            ds_a     = sum36;
        end else if (band_at && t == U_DIV) begin
            ds_start = 1'b1;
            ds_op    = 2'b10;
            ds_a     = 36'h0_1000_0000;                    // 2^28
            ds_b     = {15'd0, root};
        end else if (triad_at && t == V_ROOT) begin
            ds_start = 1'b1;
            ds_a     = sum36;
        end
    end

    divsqrt_unit u_divsqrt (
        .clk(clk), .rst(rst), .start(ds_start), .op(ds_op), .a(ds_a), .b(ds_b),
        .busy(ds_busy), .done(ds_done), .q(ds_q), .r(ds_r), .dz(ds_dz));

    always @(posedge clk) begin
        if (band_at) begin
            case (t)
                U_SQ:  acc    <= p36;
                U_YL:  lo     <= {{5{p[42]}}, p};
                U_YH:  uc[idx] <= unit_v;
                U_YLO: lo     <= {{5{p[42]}}, p};
                U_LAST: us[idx] <= s_v;
                default: ;
            endcase
        end else if (triad_at) begin
            case (t)
                V_CS:   acc <= p36;
                V_SC:   pr  <= dif14;
                V_PIA:  acc <= p36;
                V_PI:   pi  <= sum14;
                V_IC:   acc <= p36;
                V_RS:   ar_n[tk] <= iir(acc_re_k, sum14);
                V_BIA:  acc <= p36;
                V_BI:   ai_n[tk] <= iir(acc_im_k, dif14);
                V_MA:   acc <= p36;
                V_LAST: bic_n[tk] <= bic_v;
                default: ;
            endcase
        end
    end

    // ------------------------------------------------------------------ commit
    // The reference's output logic on the magnitudes.
    wire signed [WIDTH-1:0] b0   = bic_n[0];
    wire signed [WIDTH-1:0] b1   = bic_n[1];
    wire signed [WIDTH-1:0] b2   = bic_n[2];
    wire signed [WIDTH-1:0] m01  = (b1 > b0) ? b1 : b0;
    wire signed [WIDTH-1:0] bmax = (b2 > m01) ? b2 : m01;
    wire signed [WIDTH:0]   b01  = {b0[WIDTH-1], b0} + {b1[WIDTH-1], b1};   // <= 32768
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [WIDTH:0]   bsync = b01 >>> 1;                              // <= 16384
    // divsqrt's remainder, flags and the top quotient bits are not needed: a division by zero
    // already gives the reference's guard value q = 0.
    wire                    ds_unused = ds_busy ^ ds_done ^ ds_dz ^ (^ds_r) ^ (^ds_q[32:29]);
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
        end else if (commit) begin
            acc_re0          <= ar_n[0];
            acc_im0          <= ai_n[0];
            acc_re1          <= ar_n[1];
            acc_im1          <= ai_n[1];
            acc_re2          <= ar_n[2];
            acc_im2          <= ai_n[2];
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
