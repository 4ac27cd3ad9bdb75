// coupling_susceptibility_fold: the folded form of rtl/coupling_susceptibility.v (issue 19, the
// folded processor; docs/fpga.md, section "The folded coupling_susceptibility"). The reference
// evaluates its 61 Lorentzian terms side by side: 61 products w_k * LOR[u_k] (61 DSP48E1), 61
// |d_k| * q_k products, 61 copies of the 256-entry LOR table and a 61-input adder tree (about 7k
// LUTs, 66 DSP48E1). Here the 61 centres go one a clock through one pipeline: one table lookup,
// one product on one multiplier, one accumulator.
//
// What it computes (description v11.0 "Coupling Susceptibility", v11.1a "Farey chi(r)"; contract
// docs/spec/coupling_susceptibility.md), as the reference, for each centre k = 0 .. 60:
//   d_k    = n - c_k                                  (19-bit signed)
//   u_k    = (|d_k| * q_k) >> 7                       (22-bit product, bits 14:7 index LOR)
//   term_k = (|d_k| * q_k) < 2^15 ? (w_k * LOR[u_k]) >> 14 : 0
//   total  = sum of the 61 terms                      (20-bit unsigned)
//   chi   <= min(total, 131071)                       (Q14, 18-bit signed register, reset 0)
//
// Equality with the reference. On the commit edge chi (the reference's only register, same name)
// takes the reference's chi_next from the same n:
//   - the centre table centre() and the LOR table lor() are the reference's functions, copied
//     unchanged (a module's functions cannot be shared with another module without editing
//     rtl/); any difference in a copied entry changes chi for the n near that centre, which the
//     testbench's sweep of every centre +- its Lorentzian's width would show;
//   - d_k, |d_k| and the product |d_k| * q_k are computed at the reference's widths (19, 19,
//     22 bits); q_k is 1 .. 5, a 3-bit factor, so the product is two shift-adds in fabric (no
//     multiplier, as a constant product), giving the same 22-bit integer;
//   - the range test (bits 21:15 zero) and the index (bits 14:7) are the reference's bits;
//   - w_k * LOR[u_k]: both 15-bit unsigned, the 30-bit product formed on the shared multiplier
//     with both zero-extended to 16-bit signed operands (a 32-bit signed product whose low 30
//     bits are the reference's p, both below 2^29); the term is bits 29:14, as the reference's
//     p[FRAC+15:FRAC];
//   - the terms are added in a 20-bit accumulator; the reference's sum is at most 61 * 16384 <
//     2^20, so no partial sum wraps, and the order of addition does not change the total;
//   - the clamp to 131071 is the reference's. (It is never reached: the largest total over every
//     18-bit n is 24687, at n = -127, measured by evaluating the reference's formula for all 2^18
//     values of n; the clamp is kept so the module equals the reference by construction.)
// Proof: testbenches/tb_coupling_susceptibility_fold.v (the reference beside it, every tick).
//
// Interface: the reference's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. n is read from the clock after that edge on and must hold until the last
//           centre is read (edge 61; it may change on the start edge itself).
//   commit  a one-clock pulse: on the rising edge where it is high chi takes its next value (the
//           reference's clk_en edge). It must come at least CLOCKS clocks after the start edge
//           (busy low); an earlier commit commits a partial sum. A commit without a start
//           commits the last computed total (0 after a reset; the reference would recompute;
//           the folded top always pairs them). start and commit may share a clock.
//   busy    high from the start edge to the edge that adds the last term.
//   rst     synchronous, active high: chi := 0, the reference's reset value; aborts a running
//           tick.
//
// Schedule (the start edge is edge 0; t counts the clocks after it, t = e in the clock ending
// with edge e + 1). Centre k is read in clock t = k and goes down a four-stage pipeline:
//
//   clock t | stage 1 (centre t)         | stage 2 (t - 1)      | stage 3 (t - 2) | stage 4 (t - 3)
//   --------+----------------------------+----------------------+-----------------+----------------
//   0 .. 60 | centre(k), d, |d|, |d|*q;  | LOR[u] -> operand B, | product         | total += term
//           | u, in_range, w registered  | w -> operand A       | registered      | (if in range)
//   61 .. 63| -                          | centres 60 then none | ...             | centres 58..60
//
//   centre k: stage 1 register on edge k + 1, operands on edge k + 2, product on edge k + 3,
//   added on edge k + 4; the last centre (60) is added on edge 64, where busy falls.
//   CLOCKS = 61 + 3 + 1 = 65 clocks from the start edge to the first edge that may commit (61
//   centres one a clock, three more pipeline stages, and the edge after the last addition) --
//   well inside the folded top's 443-clock tick.
//
// One multiplier, 16 x 16 bits signed (w_k and LOR[u_k], 15-bit unsigned each, zero-extended),
// product 32 bits: one DSP48E1 (25 x 18), operands and product registered (AREG/BREG, MREG) as
// in hopf_engine.v. No divider and no square root: the reference has none.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module coupling_susceptibility_fold #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire signed [WIDTH-1:0] n,
    output reg  signed [WIDTH-1:0] chi
);
    localparam integer CHI_CENTRES = 61;                     // 55 rationals + 6 boundaries
    localparam [19:0]  CHI_MAX     = 20'd131071;             // 18-bit signed maximum (8.0)
    // Pipeline stages after a centre is read: the stage-1 register, the operands, the product.
    localparam integer PIPE = 3;
    // Clocks from the start edge to the first edge that may commit (schedule above): one clock
    // per centre, the pipeline, and the edge after the last addition. Read by the integrator
    // and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = CHI_CENTRES + PIPE + 1;
    /* verilator lint_on UNUSEDPARAM */
    // The clock (t) in which busy falls on its ending edge: the last centre's addition.
    localparam integer T_LAST_I = CHI_CENTRES + PIPE - 1;
    localparam integer K_LAST_I = CHI_CENTRES - 1;
    localparam [5:0]   T_LAST   = T_LAST_I[5:0];
    localparam [5:0]   K_LAST   = K_LAST_I[5:0];

    // LOR[i] = round(16384 / (1 + (i/8)^2)), i = 0..255 (u = i/8 up to 31.9)
    function [14:0] lor;
        input [7:0] k;
        begin
            case (k)
                8'd0: lor = 15'd16384;
                8'd1: lor = 15'd16132;
                8'd2: lor = 15'd15420;
                8'd3: lor = 15'd14364;
                8'd4: lor = 15'd13107;
                8'd5: lor = 15'd11782;
                8'd6: lor = 15'd10486;
                8'd7: lor = 15'd9279;
                8'd8: lor = 15'd8192;
                8'd9: lor = 15'd7232;
                8'd10: lor = 15'd6394;
                8'd11: lor = 15'd5668;
                8'd12: lor = 15'd5041;
                8'd13: lor = 15'd4500;
                8'd14: lor = 15'd4033;
                8'd15: lor = 15'd3628;
                8'd16: lor = 15'd3277;
                8'd17: lor = 15'd2970;
                8'd18: lor = 15'd2703;
                8'd19: lor = 15'd2467;
                8'd20: lor = 15'd2260;
                8'd21: lor = 15'd2076;
                8'd22: lor = 15'd1913;
                8'd23: lor = 15'd1768;
                8'd24: lor = 15'd1638;
                8'd25: lor = 15'd1522;
                8'd26: lor = 15'd1417;
                8'd27: lor = 15'd1322;
                8'd28: lor = 15'd1237;
                8'd29: lor = 15'd1159;
                8'd30: lor = 15'd1088;
                8'd31: lor = 15'd1023;
                8'd32: lor = 15'd964;
                8'd33: lor = 15'd909;
                8'd34: lor = 15'd859;
                8'd35: lor = 15'd813;
                8'd36: lor = 15'd771;
                8'd37: lor = 15'd732;
                8'd38: lor = 15'd695;
                8'd39: lor = 15'd662;
                8'd40: lor = 15'd630;
                8'd41: lor = 15'd601;
                8'd42: lor = 15'd574;
                8'd43: lor = 15'd548;
                8'd44: lor = 15'd524;
                8'd45: lor = 15'd502;
                8'd46: lor = 15'd481;
                8'd47: lor = 15'd461;
                8'd48: lor = 15'd443;
                8'd49: lor = 15'd425;
                8'd50: lor = 15'd409;
                8'd51: lor = 15'd393;
                8'd52: lor = 15'd379;
                8'd53: lor = 15'd365;
                8'd54: lor = 15'd352;
                8'd55: lor = 15'd339;
                8'd56: lor = 15'd328;
                8'd57: lor = 15'd317;
                8'd58: lor = 15'd306;
                8'd59: lor = 15'd296;
                8'd60: lor = 15'd286;
                8'd61: lor = 15'd277;
                8'd62: lor = 15'd268;
                8'd63: lor = 15'd260;
                8'd64: lor = 15'd252;
                8'd65: lor = 15'd244;
                8'd66: lor = 15'd237;
                8'd67: lor = 15'd230;
                8'd68: lor = 15'd224;
                8'd69: lor = 15'd217;
                8'd70: lor = 15'd211;
                8'd71: lor = 15'd205;
                8'd72: lor = 15'd200;
                8'd73: lor = 15'd194;
                8'd74: lor = 15'd189;
                8'd75: lor = 15'd184;
                8'd76: lor = 15'd180;
                8'd77: lor = 15'd175;
                8'd78: lor = 15'd171;
                8'd79: lor = 15'd166;
                8'd80: lor = 15'd162;
                8'd81: lor = 15'd158;
                8'd82: lor = 15'd154;
                8'd83: lor = 15'd151;
                8'd84: lor = 15'd147;
                8'd85: lor = 15'd144;
                8'd86: lor = 15'd141;
                8'd87: lor = 15'd137;
                8'd88: lor = 15'd134;
                8'd89: lor = 15'd131;
                8'd90: lor = 15'd128;
                8'd91: lor = 15'd126;
                8'd92: lor = 15'd123;
                8'd93: lor = 15'd120;
                8'd94: lor = 15'd118;
                8'd95: lor = 15'd115;
                8'd96: lor = 15'd113;
                8'd97: lor = 15'd111;
                8'd98: lor = 15'd108;
                8'd99: lor = 15'd106;
                8'd100: lor = 15'd104;
                8'd101: lor = 15'd102;
                8'd102: lor = 15'd100;
                8'd103: lor = 15'd98;
                8'd104: lor = 15'd96;
                8'd105: lor = 15'd95;
                8'd106: lor = 15'd93;
                8'd107: lor = 15'd91;
                8'd108: lor = 15'd89;
                8'd109: lor = 15'd88;
                8'd110: lor = 15'd86;
                8'd111: lor = 15'd85;
                8'd112: lor = 15'd83;
                8'd113: lor = 15'd82;
                8'd114: lor = 15'd80;
                8'd115: lor = 15'd79;
                8'd116: lor = 15'd78;
                8'd117: lor = 15'd76;
                8'd118: lor = 15'd75;
                8'd119: lor = 15'd74;
                8'd120: lor = 15'd72;
                8'd121: lor = 15'd71;
                8'd122: lor = 15'd70;
                8'd123: lor = 15'd69;
                8'd124: lor = 15'd68;
                8'd125: lor = 15'd67;
                8'd126: lor = 15'd66;
                8'd127: lor = 15'd65;
                8'd128: lor = 15'd64;
                8'd129: lor = 15'd63;
                8'd130: lor = 15'd62;
                8'd131: lor = 15'd61;
                8'd132: lor = 15'd60;
                8'd133: lor = 15'd59;
                8'd134: lor = 15'd58;
                8'd135: lor = 15'd57;
                8'd136: lor = 15'd56;
                8'd137: lor = 15'd56;
                8'd138: lor = 15'd55;
                8'd139: lor = 15'd54;
                8'd140: lor = 15'd53;
                8'd141: lor = 15'd53;
                8'd142: lor = 15'd52;
                8'd143: lor = 15'd51;
                8'd144: lor = 15'd50;
                8'd145: lor = 15'd50;
                8'd146: lor = 15'd49;
                8'd147: lor = 15'd48;
                8'd148: lor = 15'd48;
                8'd149: lor = 15'd47;
                8'd150: lor = 15'd46;
                8'd151: lor = 15'd46;
                8'd152: lor = 15'd45;
                8'd153: lor = 15'd45;
                8'd154: lor = 15'd44;
                8'd155: lor = 15'd44;
                8'd156: lor = 15'd43;
                8'd157: lor = 15'd42;
                8'd158: lor = 15'd42;
                8'd159: lor = 15'd41;
                8'd160: lor = 15'd41;
                8'd161: lor = 15'd40;
                8'd162: lor = 15'd40;
                8'd163: lor = 15'd39;
                8'd164: lor = 15'd39;
                8'd165: lor = 15'd38;
                8'd166: lor = 15'd38;
                8'd167: lor = 15'd38;
                8'd168: lor = 15'd37;
                8'd169: lor = 15'd37;
                8'd170: lor = 15'd36;
                8'd171: lor = 15'd36;
                8'd172: lor = 15'd35;
                8'd173: lor = 15'd35;
                8'd174: lor = 15'd35;
                8'd175: lor = 15'd34;
                8'd176: lor = 15'd34;
                8'd177: lor = 15'd33;
                8'd178: lor = 15'd33;
                8'd179: lor = 15'd33;
                8'd180: lor = 15'd32;
                8'd181: lor = 15'd32;
                8'd182: lor = 15'd32;
                8'd183: lor = 15'd31;
                8'd184: lor = 15'd31;
                8'd185: lor = 15'd31;
                8'd186: lor = 15'd30;
                8'd187: lor = 15'd30;
                8'd188: lor = 15'd30;
                8'd189: lor = 15'd29;
                8'd190: lor = 15'd29;
                8'd191: lor = 15'd29;
                8'd192: lor = 15'd28;
                8'd193: lor = 15'd28;
                8'd194: lor = 15'd28;
                8'd195: lor = 15'd28;
                8'd196: lor = 15'd27;
                8'd197: lor = 15'd27;
                8'd198: lor = 15'd27;
                8'd199: lor = 15'd26;
                8'd200: lor = 15'd26;
                8'd201: lor = 15'd26;
                8'd202: lor = 15'd26;
                8'd203: lor = 15'd25;
                8'd204: lor = 15'd25;
                8'd205: lor = 15'd25;
                8'd206: lor = 15'd25;
                8'd207: lor = 15'd24;
                8'd208: lor = 15'd24;
                8'd209: lor = 15'd24;
                8'd210: lor = 15'd24;
                8'd211: lor = 15'd24;
                8'd212: lor = 15'd23;
                8'd213: lor = 15'd23;
                8'd214: lor = 15'd23;
                8'd215: lor = 15'd23;
                8'd216: lor = 15'd22;
                8'd217: lor = 15'd22;
                8'd218: lor = 15'd22;
                8'd219: lor = 15'd22;
                8'd220: lor = 15'd22;
                8'd221: lor = 15'd21;
                8'd222: lor = 15'd21;
                8'd223: lor = 15'd21;
                8'd224: lor = 15'd21;
                8'd225: lor = 15'd21;
                8'd226: lor = 15'd21;
                8'd227: lor = 15'd20;
                8'd228: lor = 15'd20;
                8'd229: lor = 15'd20;
                8'd230: lor = 15'd20;
                8'd231: lor = 15'd20;
                8'd232: lor = 15'd19;
                8'd233: lor = 15'd19;
                8'd234: lor = 15'd19;
                8'd235: lor = 15'd19;
                8'd236: lor = 15'd19;
                8'd237: lor = 15'd19;
                8'd238: lor = 15'd18;
                8'd239: lor = 15'd18;
                8'd240: lor = 15'd18;
                8'd241: lor = 15'd18;
                8'd242: lor = 15'd18;
                8'd243: lor = 15'd18;
                8'd244: lor = 15'd18;
                8'd245: lor = 15'd17;
                8'd246: lor = 15'd17;
                8'd247: lor = 15'd17;
                8'd248: lor = 15'd17;
                8'd249: lor = 15'd17;
                8'd250: lor = 15'd17;
                8'd251: lor = 15'd17;
                8'd252: lor = 15'd16;
                8'd253: lor = 15'd16;
                8'd254: lor = 15'd16;
                8'd255: lor = 15'd16;
                default: lor = 15'd0;
            endcase
        end
    endfunction

    // {centre n (Q14, signed 18), q (3), weight (Q14, 15)} of centre k
    function [35:0] centre;
        input [5:0] k;
        begin
            case (k)
                6'd0: centre = {-18'sd54797, 3'd5, 15'd655};  // log_phi(1/5)
                6'd1: centre = {-18'sd47200, 3'd4, 15'd1024};  // log_phi(1/4)
                6'd2: centre = {-18'sd37405, 3'd3, 15'd1820};  // log_phi(1/3)
                6'd3: centre = {-18'sd31197, 3'd5, 15'd655};  // log_phi(2/5)
                6'd4: centre = {-18'sd23600, 3'd2, 15'd4096};  // log_phi(1/2)
                6'd5: centre = {-18'sd17392, 3'd5, 15'd655};  // log_phi(3/5)
                6'd6: centre = {-18'sd13805, 3'd3, 15'd1820};  // log_phi(2/3)
                6'd7: centre = {-18'sd9795, 3'd4, 15'd1024};  // log_phi(3/4)
                6'd8: centre = {-18'sd7597, 3'd5, 15'd655};  // log_phi(4/5)
                6'd9: centre = {18'sd0, 3'd1, 15'd16384};  // log_phi(1/1)
                6'd10: centre = {18'sd6208, 3'd5, 15'd655};  // log_phi(6/5)
                6'd11: centre = {18'sd7597, 3'd4, 15'd1024};  // log_phi(5/4)
                6'd12: centre = {18'sd9795, 3'd3, 15'd1820};  // log_phi(4/3)
                6'd13: centre = {18'sd11456, 3'd5, 15'd655};  // log_phi(7/5)
                6'd14: centre = {18'sd13805, 3'd2, 15'd4096};  // log_phi(3/2)
                6'd15: centre = {18'sd16002, 3'd5, 15'd655};  // log_phi(8/5)
                6'd16: centre = {18'sd17392, 3'd3, 15'd1820};  // log_phi(5/3)
                6'd17: centre = {18'sd19053, 3'd4, 15'd1024};  // log_phi(7/4)
                6'd18: centre = {18'sd20013, 3'd5, 15'd655};  // log_phi(9/5)
                6'd19: centre = {18'sd23600, 3'd1, 15'd16384};  // log_phi(2/1)
                6'd20: centre = {18'sd26845, 3'd5, 15'd655};  // log_phi(11/5)
                6'd21: centre = {18'sd27610, 3'd4, 15'd1024};  // log_phi(9/4)
                6'd22: centre = {18'sd28848, 3'd3, 15'd1820};  // log_phi(7/3)
                6'd23: centre = {18'sd29807, 3'd5, 15'd655};  // log_phi(12/5)
                6'd24: centre = {18'sd31197, 3'd2, 15'd4096};  // log_phi(5/2)
                6'd25: centre = {18'sd32533, 3'd5, 15'd655};  // log_phi(13/5)
                6'd26: centre = {18'sd33395, 3'd3, 15'd1820};  // log_phi(8/3)
                6'd27: centre = {18'sd34442, 3'd4, 15'd1024};  // log_phi(11/4)
                6'd28: centre = {18'sd35056, 3'd5, 15'd655};  // log_phi(14/5)
                6'd29: centre = {18'sd37405, 3'd1, 15'd16384};  // log_phi(3/1)
                6'd30: centre = {18'sd39602, 3'd5, 15'd655};  // log_phi(16/5)
                6'd31: centre = {18'sd40130, 3'd4, 15'd1024};  // log_phi(13/4)
                6'd32: centre = {18'sd40992, 3'd3, 15'd1820};  // log_phi(10/3)
                6'd33: centre = {18'sd41666, 3'd5, 15'd655};  // log_phi(17/5)
                6'd34: centre = {18'sd42653, 3'd2, 15'd4096};  // log_phi(7/2)
                6'd35: centre = {18'sd43612, 3'd5, 15'd655};  // log_phi(18/5)
                6'd36: centre = {18'sd44237, 3'd3, 15'd1820};  // log_phi(11/3)
                6'd37: centre = {18'sd45002, 3'd4, 15'd1024};  // log_phi(15/4)
                6'd38: centre = {18'sd45453, 3'd5, 15'd655};  // log_phi(19/5)
                6'd39: centre = {18'sd47200, 3'd1, 15'd16384};  // log_phi(4/1)
                6'd40: centre = {18'sd48861, 3'd5, 15'd655};  // log_phi(21/5)
                6'd41: centre = {18'sd49264, 3'd4, 15'd1024};  // log_phi(17/4)
                6'd42: centre = {18'sd49925, 3'd3, 15'd1820};  // log_phi(13/3)
                6'd43: centre = {18'sd50445, 3'd5, 15'd655};  // log_phi(22/5)
                6'd44: centre = {18'sd51210, 3'd2, 15'd4096};  // log_phi(9/2)
                6'd45: centre = {18'sd51958, 3'd5, 15'd655};  // log_phi(23/5)
                6'd46: centre = {18'sd52448, 3'd3, 15'd1820};  // log_phi(14/3)
                6'd47: centre = {18'sd53051, 3'd4, 15'd1024};  // log_phi(19/4)
                6'd48: centre = {18'sd53407, 3'd5, 15'd655};  // log_phi(24/5)
                6'd49: centre = {18'sd54797, 3'd1, 15'd16384};  // log_phi(5/1)
                6'd50: centre = {18'sd56133, 3'd5, 15'd655};  // log_phi(26/5)
                6'd51: centre = {18'sd56458, 3'd4, 15'd1024};  // log_phi(21/4)
                6'd52: centre = {18'sd56995, 3'd3, 15'd1820};  // log_phi(16/3)
                6'd53: centre = {18'sd57417, 3'd5, 15'd655};  // log_phi(27/5)
                6'd54: centre = {18'sd58042, 3'd2, 15'd4096};  // log_phi(11/2)
                6'd55: centre = {-18'sd32768, 3'd1, 15'd8192};  // phi^-2 boundary
                6'd56: centre = {-18'sd16384, 3'd1, 15'd8192};  // phi^-1 boundary
                6'd57: centre = {18'sd0, 3'd1, 15'd8192};  // phi^0 boundary
                6'd58: centre = {18'sd16384, 3'd1, 15'd8192};  // phi^1 boundary
                6'd59: centre = {18'sd32768, 3'd1, 15'd8192};  // phi^2 boundary
                6'd60: centre = {18'sd49152, 3'd1, 15'd8192};  // phi^3 boundary
                default: centre = 36'd0;
            endcase
        end
    endfunction

    // ---- sequencer: t counts the clocks after the start edge; centre t is read while t <= 60.
    reg [5:0] t;

    // ---- stage 1: centre t, its distance, the reference's |d| * q and range test
    wire [35:0]             cw = centre(t);
    wire signed [WIDTH-1:0] c  = cw[35:18];
    wire [2:0]              q  = cw[17:15];
    wire [14:0]             w  = cw[14:0];
    wire signed [WIDTH:0]   d  = {n[WIDTH-1], n} - {c[WIDTH-1], c};
    wire [WIDTH:0]          ad = d[WIDTH] ? -d : d;
    // |d| * q for q = 1 .. 5 as shift-adds, the reference's 22-bit product {3'b000, ad} * q.
    wire [21:0] ad22 = {3'b000, ad};
    /* verilator lint_off UNUSEDSIGNAL */
    wire [21:0] uq = (q[0] ? ad22 : 22'd0) + (q[1] ? {ad22[20:0], 1'b0} : 22'd0)
                   + (q[2] ? {ad22[19:0], 2'b00} : 22'd0);   // uq[6:0]: below one step of u
    /* verilator lint_on UNUSEDSIGNAL */
    wire in_range = (uq[21:15] == 7'd0);

    reg [7:0]  s1_u;     // LOR index of the centre in stage 2
    reg [14:0] s1_w;     // its weight
    reg        s1_in;    // its term counts (in range, and a centre of this tick)
    reg        s2_in;    // stage 3's term counts
    reg        s3_in;    // stage 4's term counts

    // ---- the multiplier: operands and product registered (DSP48E1 AREG/BREG, MREG); no reset,
    // nothing reads them without the s*_in flags, which are reset.
    reg signed [15:0] mul_a;   // w_k, zero-extended
    reg signed [15:0] mul_b;   // LOR[u_k], zero-extended
    /* verilator lint_off UNUSEDSIGNAL */
    reg signed [31:0] prod;    // bits 31:30 are 0 (both operands below 2^15), 13:0 dropped
    /* verilator lint_on UNUSEDSIGNAL */
    always @(posedge clk) begin
        mul_a <= $signed({1'b0, s1_w});
        mul_b <= $signed({1'b0, lor(s1_u)});
        prod  <= mul_a * mul_b;
    end

    // ---- stage 4: the term and the reference's sum
`ifdef PHIN_PLANT_CHI
    // Test plant, never defined in a build: the term's LSB flipped for centre 33 (17/5, the
    // 4th stage sees it in clock t = 36). testbenches/run.sh builds
    // tb_coupling_susceptibility_fold with it and requires the testbench to fail.
    wire [15:0] term = prod[FRAC+15:FRAC] ^ {15'd0, t == 6'd36};
`else
    wire [15:0] term = prod[FRAC+15:FRAC];
`endif
    reg  [19:0] total;   // the reference's total, partial sums of the terms
    wire [WIDTH-1:0] chi_next = (total > CHI_MAX) ? CHI_MAX[WIDTH-1:0] : total[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst) begin
            busy  <= 1'b0;
            t     <= 6'd0;
            s1_u  <= 8'd0;
            s1_w  <= 15'd0;
            s1_in <= 1'b0;
            s2_in <= 1'b0;
            s3_in <= 1'b0;
            total <= 20'd0;
        end else if (start) begin
            busy  <= 1'b1;
            t     <= 6'd0;
            s1_in <= 1'b0;
            s2_in <= 1'b0;
            s3_in <= 1'b0;
            total <= 20'd0;
        end else if (busy) begin
            s1_u  <= uq[14:7];
            s1_w  <= w;
            s1_in <= in_range && (t <= K_LAST);
            s2_in <= s1_in;
            s3_in <= s2_in;
            if (s3_in) total <= total + {4'b0000, term};
            t     <= t + 6'd1;
            if (t == T_LAST) busy <= 1'b0;
        end
    end

    // ---- the reference's register, stepped on the commit edge as on its clk_en edge
    always @(posedge clk) begin
        if (rst)
            chi <= {WIDTH{1'b0}};
        else if (commit)
            chi <= chi_next;
    end
endmodule
`default_nettype wire
