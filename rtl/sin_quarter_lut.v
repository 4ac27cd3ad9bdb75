// sin_quarter_lut: 256-entry quarter-wave sine table in Q14, full wave by symmetry (description
// v11.0, "Active phi^n Dynamics"; used by energy_landscape for sin(2*pi*n) and cos(2*pi*n)).
// Contract with every width: docs/spec/sin_quarter_lut.md. Model: crates/phin-core/src/sin_quarter_lut.rs.
//
//   phase: 10 bits, one full turn = 1024 (quadrant = phase[9:8], index = phase[7:0])
//   T[k] = round(16384 * sin(pi/2 * k/256)), k = 0..255            (15 bits, T[255] = 16384)
//   mag  = quadrant odd ? (index == 0 ? 16384 : T[256 - index]) : T[index]
//   sin_val = quadrant >= 2 ? -mag : mag         (combinational, for instantiating parents)
//   sin_reg <= sin_val on every clock enable     (registered copy, the compared register)
`default_nettype none
module sin_quarter_lut #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire [9:0]              phase,
    output wire signed [WIDTH-1:0] sin_val,
    output reg  signed [WIDTH-1:0] sin_reg
);
    localparam [14:0] ONE_Q14 = 15'd1 << FRAC;   // 1.0 = 16384

    // round(16384 * sin(pi/2 * k/256)), k = 0..255
    function [14:0] qsin;
        input [7:0] k;
        begin
            case (k)
                8'd0: qsin = 15'd0;
                8'd1: qsin = 15'd101;
                8'd2: qsin = 15'd201;
                8'd3: qsin = 15'd302;
                8'd4: qsin = 15'd402;
                8'd5: qsin = 15'd503;
                8'd6: qsin = 15'd603;
                8'd7: qsin = 15'd704;
                8'd8: qsin = 15'd804;
                8'd9: qsin = 15'd904;
                8'd10: qsin = 15'd1005;
                8'd11: qsin = 15'd1105;
                8'd12: qsin = 15'd1205;
                8'd13: qsin = 15'd1306;
                8'd14: qsin = 15'd1406;
                8'd15: qsin = 15'd1506;
                8'd16: qsin = 15'd1606;
                8'd17: qsin = 15'd1706;
                8'd18: qsin = 15'd1806;
                8'd19: qsin = 15'd1906;
                8'd20: qsin = 15'd2006;
                8'd21: qsin = 15'd2105;
                8'd22: qsin = 15'd2205;
                8'd23: qsin = 15'd2305;
                8'd24: qsin = 15'd2404;
                8'd25: qsin = 15'd2503;
                8'd26: qsin = 15'd2603;
                8'd27: qsin = 15'd2702;
                8'd28: qsin = 15'd2801;
                8'd29: qsin = 15'd2900;
                8'd30: qsin = 15'd2999;
                8'd31: qsin = 15'd3098;
                8'd32: qsin = 15'd3196;
                8'd33: qsin = 15'd3295;
                8'd34: qsin = 15'd3393;
                8'd35: qsin = 15'd3492;
                8'd36: qsin = 15'd3590;
                8'd37: qsin = 15'd3688;
                8'd38: qsin = 15'd3786;
                8'd39: qsin = 15'd3883;
                8'd40: qsin = 15'd3981;
                8'd41: qsin = 15'd4078;
                8'd42: qsin = 15'd4176;
                8'd43: qsin = 15'd4273;
                8'd44: qsin = 15'd4370;
                8'd45: qsin = 15'd4467;
                8'd46: qsin = 15'd4563;
                8'd47: qsin = 15'd4660;
                8'd48: qsin = 15'd4756;
                8'd49: qsin = 15'd4852;
                8'd50: qsin = 15'd4948;
                8'd51: qsin = 15'd5044;
                8'd52: qsin = 15'd5139;
                8'd53: qsin = 15'd5235;
                8'd54: qsin = 15'd5330;
                8'd55: qsin = 15'd5425;
                8'd56: qsin = 15'd5520;
                8'd57: qsin = 15'd5614;
                8'd58: qsin = 15'd5708;
                8'd59: qsin = 15'd5803;
                8'd60: qsin = 15'd5897;
                8'd61: qsin = 15'd5990;
                8'd62: qsin = 15'd6084;
                8'd63: qsin = 15'd6177;
                8'd64: qsin = 15'd6270;
                8'd65: qsin = 15'd6363;
                8'd66: qsin = 15'd6455;
                8'd67: qsin = 15'd6547;
                8'd68: qsin = 15'd6639;
                8'd69: qsin = 15'd6731;
                8'd70: qsin = 15'd6823;
                8'd71: qsin = 15'd6914;
                8'd72: qsin = 15'd7005;
                8'd73: qsin = 15'd7096;
                8'd74: qsin = 15'd7186;
                8'd75: qsin = 15'd7276;
                8'd76: qsin = 15'd7366;
                8'd77: qsin = 15'd7456;
                8'd78: qsin = 15'd7545;
                8'd79: qsin = 15'd7635;
                8'd80: qsin = 15'd7723;
                8'd81: qsin = 15'd7812;
                8'd82: qsin = 15'd7900;
                8'd83: qsin = 15'd7988;
                8'd84: qsin = 15'd8076;
                8'd85: qsin = 15'd8163;
                8'd86: qsin = 15'd8250;
                8'd87: qsin = 15'd8337;
                8'd88: qsin = 15'd8423;
                8'd89: qsin = 15'd8509;
                8'd90: qsin = 15'd8595;
                8'd91: qsin = 15'd8680;
                8'd92: qsin = 15'd8765;
                8'd93: qsin = 15'd8850;
                8'd94: qsin = 15'd8935;
                8'd95: qsin = 15'd9019;
                8'd96: qsin = 15'd9102;
                8'd97: qsin = 15'd9186;
                8'd98: qsin = 15'd9269;
                8'd99: qsin = 15'd9352;
                8'd100: qsin = 15'd9434;
                8'd101: qsin = 15'd9516;
                8'd102: qsin = 15'd9598;
                8'd103: qsin = 15'd9679;
                8'd104: qsin = 15'd9760;
                8'd105: qsin = 15'd9841;
                8'd106: qsin = 15'd9921;
                8'd107: qsin = 15'd10001;
                8'd108: qsin = 15'd10080;
                8'd109: qsin = 15'd10159;
                8'd110: qsin = 15'd10238;
                8'd111: qsin = 15'd10316;
                8'd112: qsin = 15'd10394;
                8'd113: qsin = 15'd10471;
                8'd114: qsin = 15'd10549;
                8'd115: qsin = 15'd10625;
                8'd116: qsin = 15'd10702;
                8'd117: qsin = 15'd10778;
                8'd118: qsin = 15'd10853;
                8'd119: qsin = 15'd10928;
                8'd120: qsin = 15'd11003;
                8'd121: qsin = 15'd11077;
                8'd122: qsin = 15'd11151;
                8'd123: qsin = 15'd11224;
                8'd124: qsin = 15'd11297;
                8'd125: qsin = 15'd11370;
                8'd126: qsin = 15'd11442;
                8'd127: qsin = 15'd11514;
                8'd128: qsin = 15'd11585;
                8'd129: qsin = 15'd11656;
                8'd130: qsin = 15'd11727;
                8'd131: qsin = 15'd11797;
                8'd132: qsin = 15'd11866;
                8'd133: qsin = 15'd11935;
                8'd134: qsin = 15'd12004;
                8'd135: qsin = 15'd12072;
                8'd136: qsin = 15'd12140;
                8'd137: qsin = 15'd12207;
                8'd138: qsin = 15'd12274;
                8'd139: qsin = 15'd12340;
                8'd140: qsin = 15'd12406;
                8'd141: qsin = 15'd12472;
                8'd142: qsin = 15'd12537;
                8'd143: qsin = 15'd12601;
                8'd144: qsin = 15'd12665;
                8'd145: qsin = 15'd12729;
                8'd146: qsin = 15'd12792;
                8'd147: qsin = 15'd12854;
                8'd148: qsin = 15'd12916;
                8'd149: qsin = 15'd12978;
                8'd150: qsin = 15'd13039;
                8'd151: qsin = 15'd13100;
                8'd152: qsin = 15'd13160;
                8'd153: qsin = 15'd13219;
                8'd154: qsin = 15'd13279;
                8'd155: qsin = 15'd13337;
                8'd156: qsin = 15'd13395;
                8'd157: qsin = 15'd13453;
                8'd158: qsin = 15'd13510;
                8'd159: qsin = 15'd13567;
                8'd160: qsin = 15'd13623;
                8'd161: qsin = 15'd13678;
                8'd162: qsin = 15'd13733;
                8'd163: qsin = 15'd13788;
                8'd164: qsin = 15'd13842;
                8'd165: qsin = 15'd13896;
                8'd166: qsin = 15'd13949;
                8'd167: qsin = 15'd14001;
                8'd168: qsin = 15'd14053;
                8'd169: qsin = 15'd14104;
                8'd170: qsin = 15'd14155;
                8'd171: qsin = 15'd14206;
                8'd172: qsin = 15'd14256;
                8'd173: qsin = 15'd14305;
                8'd174: qsin = 15'd14354;
                8'd175: qsin = 15'd14402;
                8'd176: qsin = 15'd14449;
                8'd177: qsin = 15'd14497;
                8'd178: qsin = 15'd14543;
                8'd179: qsin = 15'd14589;
                8'd180: qsin = 15'd14635;
                8'd181: qsin = 15'd14680;
                8'd182: qsin = 15'd14724;
                8'd183: qsin = 15'd14768;
                8'd184: qsin = 15'd14811;
                8'd185: qsin = 15'd14854;
                8'd186: qsin = 15'd14896;
                8'd187: qsin = 15'd14937;
                8'd188: qsin = 15'd14978;
                8'd189: qsin = 15'd15019;
                8'd190: qsin = 15'd15059;
                8'd191: qsin = 15'd15098;
                8'd192: qsin = 15'd15137;
                8'd193: qsin = 15'd15175;
                8'd194: qsin = 15'd15213;
                8'd195: qsin = 15'd15250;
                8'd196: qsin = 15'd15286;
                8'd197: qsin = 15'd15322;
                8'd198: qsin = 15'd15357;
                8'd199: qsin = 15'd15392;
                8'd200: qsin = 15'd15426;
                8'd201: qsin = 15'd15460;
                8'd202: qsin = 15'd15493;
                8'd203: qsin = 15'd15525;
                8'd204: qsin = 15'd15557;
                8'd205: qsin = 15'd15588;
                8'd206: qsin = 15'd15619;
                8'd207: qsin = 15'd15649;
                8'd208: qsin = 15'd15679;
                8'd209: qsin = 15'd15707;
                8'd210: qsin = 15'd15736;
                8'd211: qsin = 15'd15763;
                8'd212: qsin = 15'd15791;
                8'd213: qsin = 15'd15817;
                8'd214: qsin = 15'd15843;
                8'd215: qsin = 15'd15868;
                8'd216: qsin = 15'd15893;
                8'd217: qsin = 15'd15917;
                8'd218: qsin = 15'd15941;
                8'd219: qsin = 15'd15964;
                8'd220: qsin = 15'd15986;
                8'd221: qsin = 15'd16008;
                8'd222: qsin = 15'd16029;
                8'd223: qsin = 15'd16049;
                8'd224: qsin = 15'd16069;
                8'd225: qsin = 15'd16088;
                8'd226: qsin = 15'd16107;
                8'd227: qsin = 15'd16125;
                8'd228: qsin = 15'd16143;
                8'd229: qsin = 15'd16160;
                8'd230: qsin = 15'd16176;
                8'd231: qsin = 15'd16192;
                8'd232: qsin = 15'd16207;
                8'd233: qsin = 15'd16221;
                8'd234: qsin = 15'd16235;
                8'd235: qsin = 15'd16248;
                8'd236: qsin = 15'd16261;
                8'd237: qsin = 15'd16273;
                8'd238: qsin = 15'd16284;
                8'd239: qsin = 15'd16295;
                8'd240: qsin = 15'd16305;
                8'd241: qsin = 15'd16315;
                8'd242: qsin = 15'd16324;
                8'd243: qsin = 15'd16332;
                8'd244: qsin = 15'd16340;
                8'd245: qsin = 15'd16347;
                8'd246: qsin = 15'd16353;
                8'd247: qsin = 15'd16359;
                8'd248: qsin = 15'd16364;
                8'd249: qsin = 15'd16369;
                8'd250: qsin = 15'd16373;
                8'd251: qsin = 15'd16376;
                8'd252: qsin = 15'd16379;
                8'd253: qsin = 15'd16381;
                8'd254: qsin = 15'd16383;
                8'd255: qsin = 15'd16384;
                default: qsin = 15'd0;
            endcase
        end
    endfunction

    wire [1:0]  quad = phase[9:8];
    wire [7:0]  idx  = phase[7:0];
    wire [7:0]  ridx = 8'd0 - idx;                 // 256 - idx (mod 256)
    wire [14:0] mag  = quad[0] ? ((idx == 8'd0) ? ONE_Q14 : qsin(ridx)) : qsin(idx);
    wire signed [WIDTH-1:0] smag = {{(WIDTH-15){1'b0}}, mag};
    assign sin_val = quad[1] ? -smag : smag;

    always @(posedge clk) begin
        if (rst)
            sin_reg <= {WIDTH{1'b0}};
        else if (clk_en)
            sin_reg <= sin_val;
    end
endmodule
`default_nettype wire
