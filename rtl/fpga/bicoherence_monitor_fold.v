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
//            must hold from that edge until the commit edge. A start while busy restarts the
//            tick (the folded top never does this; not exercised by the testbench).
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
// Schedule. The divsqrt unit is the critical resource and runs back to back: per band b a root
// (19 clocks from start to result) and a division (35), then the three triads' roots. The tick is
// a prologue of 3 clocks and six slots b = 0 .. 5 of 54 clocks (s0 .. s53; slot 5 has 58,
// s0 .. s57), the first prologue clock being the clock after the start edge. The prologue is
// the end (s51 .. s53) of a slot "-1". A name on the right is a register written on the edge
// ending that clock; p is the product register; "band n" = the band whose x, y feed the clock.
//
//   slot b, clock | b = 0 .. 4                                   | b = 5
//   s0            | divsqrt SQRT of acc + p (m2 of band b);      | SQRT of m2t_0; recip <= q
//                 | recip <= q (band b-1's 2^28 / mag, b >= 1)   |
//   s1 .. s4      | b >= 1: issue x*rl, x*rh, y*rl, y*rh of      | the same for band 4
//                 | band b-1 (rl = recip[23:0], rh = recip[28:24])|
//   s3, s5        | lo <= p (x*rl, y*rl)                         |
//   s4, s6        | c_b-1, s_b-1 <= unit                         |
//   s19           | root of band b in q: DIVU 2^28 / q           | bic_0 <= min(q, 1.0);
//                 |                                              | SQRT of m2t_1
//   s38           |                                              | bic_1; SQRT of m2t_2
//   s57           |                                              | bic_2 (the last clock)
//   s51, s52      | b <= 3: issue x*x, y*y of band b+1           |
//   s53           | b <= 3: acc <= p                             |
// The triad products run in the multiplier's free clocks, 16 clocks a triad (v0 .. v15), triad
// 0 in slot 4 s8 .. s23, triad 1 in slot 4 s25 .. s40, triad 2 in slot 5 s8 .. s23 (started in
// the clock before: s7, s24, s7), each after its three bands' unit vectors are written (band b's
// in slot b+1 s6):
//   v0 issue c1*c2; v1 s1*s2; v2 c1*s2, acc <= p; v3 s1*c2, pr <= (acc - p)[31:14];
//   v4 acc <= p; v5 pi <= (acc + p)[31:14]; v6 issue pr*c3; v7 pi*s3; v8 pi*c3, acc <= p;
//   v9 pr*s3, ar_k <= iir(acc_re_k, br); v10 acc <= p; v11 ai_k <= iir(acc_im_k, bi);
//   v12 issue r18*r18 (of ar_k); v13 i18*i18 (of ai_k); v14 acc <= p; v15 m2t_k <= acc + p.
// divsqrt's results are read in its done clock, 19 clocks after a SQRT's accepting clock and 35
// after a division's (rtl/fpga/divsqrt_unit.v, section Schedule), where they hold for that one
// clock only (the next operation starts in it): hence the recip register. CLOCKS = 3 + 5 * 54 +
// 58 + 1 = 332: the last bic_k is written on the edge ending slot 5's s57, so commit may come in
// the clock after it. The divsqrt unit alone needs 5 * (19 + 35) + 3 * 19 = 327 of them.
// bicoherence_max, triad_sync and high_bicoherence are the reference's combinational logic on
// bic_0..2, taken on the commit edge.
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
    localparam [5:0] S_LAST  = 6'd53;
    localparam [5:0] S5_LAST = 6'd57;
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 3 + 5 * 54 + 58 + 1;   // = 332; read by the integrator's sequencer
    /* verilator lint_on UNUSEDPARAM */

    // Slot clocks.
    localparam [5:0] S_ROOT = 6'd0;
    localparam [5:0] S_XL   = 6'd1;
    localparam [5:0] S_XH   = 6'd2;
    localparam [5:0] S_YL   = 6'd3;
    localparam [5:0] S_YH   = 6'd4;
    localparam [5:0] S_YLO  = 6'd5;
    localparam [5:0] S_YU   = 6'd6;
    localparam [5:0] S_DIV  = 6'd19;   // S_ROOT + 19
    localparam [5:0] S_R2   = 6'd38;   // slot 5: the third root
    localparam [5:0] S_XX   = 6'd51;
    localparam [5:0] S_YY   = 6'd52;
    localparam [5:0] S_SQ   = 6'd53;
    localparam [5:0] S_T0   = 6'd7;    // a triad starts (slot 4: triads 0, 1; slot 5: triad 2)
    localparam [5:0] S_T1   = 6'd24;
    localparam [2:0] SB_PRO = 3'd7;    // the prologue: slot "-1"
    // Triad clocks.
    localparam [3:0] V_CC   = 4'd0;
    localparam [3:0] V_SS   = 4'd1;
    localparam [3:0] V_CS   = 4'd2;
    localparam [3:0] V_SC   = 4'd3;
    localparam [3:0] V_PIA  = 4'd4;
    localparam [3:0] V_PI   = 4'd5;
    localparam [3:0] V_RC   = 4'd6;
    localparam [3:0] V_IS   = 4'd7;
    localparam [3:0] V_IC   = 4'd8;
    localparam [3:0] V_RS   = 4'd9;
    localparam [3:0] V_BIA  = 4'd10;
    localparam [3:0] V_BI   = 4'd11;
    localparam [3:0] V_RR   = 4'd12;
    localparam [3:0] V_II   = 4'd13;
    localparam [3:0] V_MA   = 4'd14;
    localparam [3:0] V_M2   = 4'd15;

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
    reg [2:0] sb;      // slot 0 .. 5, SB_PRO in the prologue
    reg [5:0] t;       // clock within the slot
    reg       trun;    // a triad's products are running
    reg [3:0] v;       // clock within the triad
    reg [1:0] tk;      // the triad
    wire      last_slot = (sb == 3'd5);
    wire      slot_end  = last_slot ? (t == S5_LAST) : (t == S_LAST);
    wire      tstart    = busy && ((sb == 3'd4 && (t == S_T0 || t == S_T1)) ||
                                   (last_slot && t == S_T0));

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            sb   <= SB_PRO;
            t    <= S_XX;
            trun <= 1'b0;
            v    <= 4'd0;
            tk   <= 2'd0;
        end else if (start) begin
            busy <= 1'b1;
            sb   <= SB_PRO;
            t    <= S_XX;
            trun <= 1'b0;
            v    <= 4'd0;
            tk   <= 2'd0;
        end else if (busy) begin
            if (!slot_end) begin
                t <= t + 6'd1;
            end else begin
                t  <= 6'd0;
                sb <= sb + 3'd1;
                if (last_slot) busy <= 1'b0;
            end
            if (tstart) begin
                trun <= 1'b1;
                v    <= 4'd0;
            end else if (trun) begin
                v <= v + 4'd1;
                if (v == V_M2) begin
                    trun <= 1'b0;
                    tk   <= tk + 2'd1;
                end
            end
        end
    end

    wire band_at = busy && sb != SB_PRO;        // a slot (not the prologue)
    wire sq_at   = busy && (sb == SB_PRO || sb <= 3'd3);   // squares of band sb + 1 at s51 .. s53
    wire unit_at = busy && sb != SB_PRO && sb != 3'd0;     // unit products of band sb - 1
    wire [2:0] ub = sb - 3'd1;                   // the band of the unit products
    wire [2:0] nb = sb + 3'd1;                   // the band of the squares

    // ------------------------------------------------------------------ operands
    // x, y of the band the clock works on: band sb - 1 early in a slot, sb + 1 at its end.
    wire [2:0] bsel = (t < 6'd32) ? ub : nb;
    reg signed [17:0] bx, by;
    always @(*) begin
        case (bsel)
            3'd0:    begin bx = x_theta; by = y_theta; end
            3'd1:    begin bx = x_alpha; by = y_alpha; end
            3'd2:    begin bx = x_beta1; by = y_beta1; end
            3'd3:    begin bx = x_beta2; by = y_beta2; end
            default: begin bx = x_gamma; by = y_gamma; end
        endcase
    end

    // Unit vectors of the five bands, written in the slots.
    reg signed [17:0] uc [0:4];
    reg signed [17:0] us [0:4];
    // u1, u2, u3 of the current triad.
    wire [2:0] i1 = {1'b0, tk};
    wire [2:0] i2 = i1 + 3'd1;
    wire [2:0] i3 = i1 + 3'd2;
    wire signed [17:0] c1 = uc[i1], s1 = us[i1];
    wire signed [17:0] c2 = uc[i2], s2 = us[i2];
    wire signed [17:0] c3 = uc[i3], s3 = us[i3];

    // Next values of the accumulators and the magnitudes, and the triads' radicands.
    reg signed [29:0] ar_n [0:2];
    reg signed [29:0] ai_n [0:2];
    reg signed [17:0] bic_n [0:2];
    reg        [35:0] m2t [0:2];
    wire signed [29:0] acc_re_k = (tk == 2'd0) ? acc_re0 : (tk == 2'd1) ? acc_re1 : acc_re2;
    wire signed [29:0] acc_im_k = (tk == 2'd0) ? acc_im0 : (tk == 2'd1) ? acc_im1 : acc_im2;
    wire signed [17:0] r18 = mean18(ar_n[tk]);
    wire signed [17:0] i18 = mean18(ai_n[tk]);
    // The triad whose root is read in slot 5 (s19: 0, s38: 1, s57: 2).
    wire [1:0] rk = (t == S_DIV) ? 2'd0 : (t == S_R2) ? 2'd1 : 2'd2;

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
        if (trun) begin
            case (v)
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
        end else if (busy) begin
            case (t)
                S_XL: if (unit_at) begin op_a = {1'b0, recip[23:0]};   op_b = bx; end
                S_XH: if (unit_at) begin op_a = {20'd0, recip[28:24]}; op_b = bx; end
                S_YL: if (unit_at) begin op_a = {1'b0, recip[23:0]};   op_b = by; end
                S_YH: if (unit_at) begin op_a = {20'd0, recip[28:24]}; op_b = by; end
                S_XX: if (sq_at)   begin op_a = {{7{bx[17]}}, bx};     op_b = bx; end
                S_YY: if (sq_at)   begin op_a = {{7{by[17]}}, by};     op_b = by; end
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
    reg        [28:0] recip;  // 2^28 / mag of band sb - 1, from q at s0

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
    wire signed [17:0] s_v = unit_v ^ {17'd0, (ub == 3'd4) && by[17]};
`else
    wire signed [17:0] s_v = unit_v;
`endif

    // The radicand of slot 5's root in this clock (s0: triad 0, s19: 1, s38: 2).
    wire [35:0] m2_root = (t == S_ROOT) ? m2t[0] : (t == S_DIV) ? m2t[1] : m2t[2];

    always @(*) begin
        ds_start = 1'b0;
        ds_op    = 2'b00;
        ds_a     = 36'd0;
        ds_b     = 33'd0;
        if (band_at && !last_slot && t == S_ROOT) begin
            ds_start = 1'b1;
            ds_a     = sum36;
        end else if (band_at && !last_slot && t == S_DIV) begin
            ds_start = 1'b1;
            ds_op    = 2'b10;
            ds_a     = 36'h0_1000_0000;                    // 2^28
            ds_b     = {15'd0, root};
        end else if (band_at && last_slot && (t == S_ROOT || t == S_DIV || t == S_R2)) begin
            ds_start = 1'b1;
            ds_a     = m2_root;
        end
    end

    divsqrt_unit u_divsqrt (
        .clk(clk), .rst(rst), .start(ds_start), .op(ds_op), .a(ds_a), .b(ds_b),
        .busy(ds_busy), .done(ds_done), .q(ds_q), .r(ds_r), .dz(ds_dz));

    always @(posedge clk) begin
        if (busy && band_at && t == S_ROOT) recip <= ds_q[28:0];
        if (busy && sq_at && t == S_SQ) acc <= p36;
        if (unit_at) begin
            case (t)
                S_YL:  lo      <= {{5{p[42]}}, p};
                S_YH:  uc[ub]  <= unit_v;
                S_YLO: lo      <= {{5{p[42]}}, p};
                S_YU:  us[ub]  <= s_v;
                default: ;
            endcase
        end
        if (busy && last_slot && (t == S_DIV || t == S_R2 || t == S5_LAST)) bic_n[rk] <= bic_v;
        if (trun) begin
            case (v)
                V_CS:   acc <= p36;
                V_SC:   pr  <= dif14;
                V_PIA:  acc <= p36;
                V_PI:   pi  <= sum14;
                V_IC:   acc <= p36;
                V_RS:   ar_n[tk] <= iir(acc_re_k, sum14);
                V_BIA:  acc <= p36;
                V_BI:   ai_n[tk] <= iir(acc_im_k, dif14);
                V_MA:   acc <= p36;
                V_M2:   m2t[tk] <= sum36;
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
