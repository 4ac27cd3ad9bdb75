// energy_landscape: the phi^n energy potential and its restoring force for five oscillator
// exponents n_0..n_4 (Q14), description v11.0 "Energy Landscape Module" and v11.1b "Rational
// Resonance Forces". Contract with every width: docs/spec/energy_landscape.md.
// Model: crates/phin-core/src/energy_landscape.rs.
//
//   phase   = n[13:4]                (2*pi*n as a 10-bit turn; sin and cos from sin_quarter_lut)
//   f_phi   = (2*pi*A * sin) >>> 14                  A = FORCE_SCALE_A = 0.5
//   e_phi   = (A * cos) >>> 14                       (E = A cos(2 pi n), so F = -dE/dn = f_phi)
//   in_zone = CATASTROPHE_N_MIN <= n <= CATASTROPHE_N_MAX             [1.35, 1.55]
//   f_zone  = in_zone ? (n >= N_2_1 ? +4B : -4B) : 0 ;  e_zone = in_zone ? B : 0
//   f_lor_c = -sign(d) * (B * LOR[|d| >> 7]) >>> 14, d = n_c - n, |d| < 0.5   (c = 2:1, 3:1, 4:1)
//   force_k  <= adaptive_en ? sat18(f_phi + f_zone + f_lor_2 + f_lor_3 + f_lor_4) : 0
//   energy_k <= adaptive_en ? e_phi + e_zone : 0
//   drift_k   = (K_FORCE * force_k) >>> 14                               (K_FORCE = 0.1)
`default_nettype none
module energy_landscape #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire                    adaptive_en,
    input  wire signed [WIDTH-1:0] n_0,
    input  wire signed [WIDTH-1:0] n_1,
    input  wire signed [WIDTH-1:0] n_2,
    input  wire signed [WIDTH-1:0] n_3,
    input  wire signed [WIDTH-1:0] n_4,
    output reg  signed [WIDTH-1:0] force_0,
    output reg  signed [WIDTH-1:0] energy_0,
    output reg  signed [WIDTH-1:0] force_1,
    output reg  signed [WIDTH-1:0] energy_1,
    output reg  signed [WIDTH-1:0] force_2,
    output reg  signed [WIDTH-1:0] energy_2,
    output reg  signed [WIDTH-1:0] force_3,
    output reg  signed [WIDTH-1:0] energy_3,
    output reg  signed [WIDTH-1:0] force_4,
    output reg  signed [WIDTH-1:0] energy_4,
    output wire signed [WIDTH-1:0] drift_0,
    output wire signed [WIDTH-1:0] drift_1,
    output wire signed [WIDTH-1:0] drift_2,
    output wire signed [WIDTH-1:0] drift_3,
    output wire signed [WIDTH-1:0] drift_4
);
    localparam signed [WIDTH-1:0] FORCE_SCALE_A     = 18'sd8192;   // 0.5
    localparam signed [WIDTH-1:0] FORCE_SCALE_B     = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] CATASTROPHE_N_MIN = 18'sd22118;  // 1.35
    localparam signed [WIDTH-1:0] CATASTROPHE_N_MAX = 18'sd25395;  // 1.55
    localparam signed [WIDTH-1:0] K_FORCE           = 18'sd1638;   // 0.1
    localparam signed [WIDTH-1:0] TWO_PI_Q14        = 18'sd102944; // 2 pi
    localparam signed [35:0]      TWO_PI_A_P        = TWO_PI_Q14 * FORCE_SCALE_A;  // 36-bit context
    localparam signed [WIDTH-1:0] TWO_PI_A          = TWO_PI_A_P[FRAC+WIDTH-1:FRAC]; // 51472 = pi
    localparam signed [WIDTH-1:0] ZONE_FORCE        = 18'sd65536;  // 4 B
    localparam signed [WIDTH-1:0] N_2_1             = 18'sd23600;  // log_phi 2 = 1.44042
    localparam signed [WIDTH-1:0] N_3_1             = 18'sd37405;  // log_phi 3 = 2.28301
    localparam signed [WIDTH-1:0] N_4_1             = 18'sd47200;  // log_phi 4 = 2.88084
    localparam signed [20:0]      SAT_MAX           = 21'sd131071;
    localparam signed [20:0]      SAT_MIN           = -21'sd131072;

    // round(16384 * 2u/(u^2+1)^2), u = k/8 (Lorentzian gradient, peak 0.65 at u = 1/sqrt(3))
    function [13:0] lor;
        input [5:0] k;
        begin
            case (k)
                6'd0: lor = 14'd0;
                6'd1: lor = 14'd3971;
                6'd2: lor = 14'd7257;
                6'd3: lor = 14'd9445;
                6'd4: lor = 14'd10486;
                6'd5: lor = 14'd10590;
                6'd6: lor = 14'd10066;
                6'd7: lor = 14'd9197;
                6'd8: lor = 14'd8192;
                6'd9: lor = 14'd7182;
                6'd10: lor = 14'd6238;
                6'd11: lor = 14'd5392;
                6'd12: lor = 14'd4653;
                6'd13: lor = 14'd4017;
                6'd14: lor = 14'd3475;
                6'd15: lor = 14'd3013;
                6'd16: lor = 14'd2621;
                6'd17: lor = 14'd2289;
                6'd18: lor = 14'd2006;
                6'd19: lor = 14'd1765;
                6'd20: lor = 14'd1559;
                6'd21: lor = 14'd1382;
                6'd22: lor = 14'd1229;
                6'd23: lor = 14'd1097;
                6'd24: lor = 14'd983;
                6'd25: lor = 14'd884;
                6'd26: lor = 14'd797;
                6'd27: lor = 14'd720;
                6'd28: lor = 14'd653;
                6'd29: lor = 14'd594;
                6'd30: lor = 14'd542;
                6'd31: lor = 14'd495;
                6'd32: lor = 14'd454;
                6'd33: lor = 14'd416;
                6'd34: lor = 14'd383;
                6'd35: lor = 14'd353;
                6'd36: lor = 14'd327;
                6'd37: lor = 14'd302;
                6'd38: lor = 14'd280;
                6'd39: lor = 14'd260;
                6'd40: lor = 14'd242;
                6'd41: lor = 14'd226;
                6'd42: lor = 14'd211;
                6'd43: lor = 14'd197;
                6'd44: lor = 14'd185;
                6'd45: lor = 14'd173;
                6'd46: lor = 14'd162;
                6'd47: lor = 14'd153;
                6'd48: lor = 14'd144;
                6'd49: lor = 14'd135;
                6'd50: lor = 14'd128;
                6'd51: lor = 14'd120;
                6'd52: lor = 14'd114;
                6'd53: lor = 14'd108;
                6'd54: lor = 14'd102;
                6'd55: lor = 14'd97;
                6'd56: lor = 14'd92;
                6'd57: lor = 14'd87;
                6'd58: lor = 14'd83;
                6'd59: lor = 14'd79;
                6'd60: lor = 14'd75;
                6'd61: lor = 14'd71;
                6'd62: lor = 14'd68;
                6'd63: lor = 14'd65;
                default: lor = 14'd0;
            endcase
        end
    endfunction

    /* verilator lint_off UNUSEDSIGNAL */
    // Lorentzian rational-resonance force of the centre nc on nn, normalised by eps^3
    // (eps = 1/16): F = -2B eps^3 d / (d^2 + eps^2)^2, d = nc - nn, zero for |d| >= 0.5.
    function signed [WIDTH-1:0] lor_force;
        input signed [WIDTH-1:0] nn;
        input signed [WIDTH-1:0] nc;
        reg signed [WIDTH:0] d;
        reg        [WIDTH:0] ad;
        reg        [31:0]    p;
        reg signed [WIDTH-1:0] mag;
        begin
            d  = {nc[WIDTH-1], nc} - {nn[WIDTH-1], nn};
            ad = d[WIDTH] ? -d : d;
            if (ad < 19'd8192) begin
                p   = FORCE_SCALE_B[15:0] * lor(ad[12:7]);
                mag = {4'b0000, p[27:14]};
                lor_force = d[WIDTH] ? mag : -mag;
            end else
                lor_force = {WIDTH{1'b0}};
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    wire [5*WIDTH-1:0] n_all = {n_4, n_3, n_2, n_1, n_0};
    wire [5*WIDTH-1:0] f_all;
    wire [5*WIDTH-1:0] e_all;

    genvar k;
    generate
        for (k = 0; k < 5; k = k + 1) begin : ch
            wire signed [WIDTH-1:0] n = n_all[k*WIDTH +: WIDTH];
            wire [9:0] ph_sin = n[FRAC-1:FRAC-10];
            wire [9:0] ph_cos = ph_sin + 10'd256;
            wire signed [WIDTH-1:0] s, c;
            /* verilator lint_off UNUSEDSIGNAL */
            wire signed [WIDTH-1:0] s_reg, c_reg;
            /* verilator lint_on UNUSEDSIGNAL */
            sin_quarter_lut #(.WIDTH(WIDTH), .FRAC(FRAC)) u_sin (
                .clk(clk), .rst(rst), .clk_en(clk_en), .phase(ph_sin), .sin_val(s), .sin_reg(s_reg));
            sin_quarter_lut #(.WIDTH(WIDTH), .FRAC(FRAC)) u_cos (
                .clk(clk), .rst(rst), .clk_en(clk_en), .phase(ph_cos), .sin_val(c), .sin_reg(c_reg));
            /* verilator lint_off UNUSEDSIGNAL */
            wire signed [35:0] fp = TWO_PI_A * s;
            wire signed [35:0] ep = FORCE_SCALE_A * c;
            /* verilator lint_on UNUSEDSIGNAL */
            wire signed [WIDTH-1:0] f_phi = fp[FRAC+WIDTH-1:FRAC];
            wire signed [WIDTH-1:0] e_phi = ep[FRAC+WIDTH-1:FRAC];
            wire in_zone = (n >= CATASTROPHE_N_MIN) && (n <= CATASTROPHE_N_MAX);
            wire signed [WIDTH-1:0] f_zone = !in_zone ? {WIDTH{1'b0}} :
                                             (n >= N_2_1) ? ZONE_FORCE : -ZONE_FORCE;
            wire signed [WIDTH-1:0] l2 = lor_force(n, N_2_1);
            wire signed [WIDTH-1:0] l3 = lor_force(n, N_3_1);
            wire signed [WIDTH-1:0] l4 = lor_force(n, N_4_1);
            wire signed [20:0] total = {{3{f_phi[WIDTH-1]}}, f_phi} + {{3{f_zone[WIDTH-1]}}, f_zone}
                                     + {{3{l2[WIDTH-1]}}, l2} + {{3{l3[WIDTH-1]}}, l3} + {{3{l4[WIDTH-1]}}, l4};
            wire signed [WIDTH-1:0] f_sat = (total > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                            (total < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : total[WIDTH-1:0];
            assign f_all[k*WIDTH +: WIDTH] = f_sat;
            assign e_all[k*WIDTH +: WIDTH] = e_phi + (in_zone ? FORCE_SCALE_B : {WIDTH{1'b0}});
        end
    endgenerate

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] drift_p0 = K_FORCE * force_0;
    assign drift_0 = drift_p0[FRAC+WIDTH-1:FRAC];
    wire signed [35:0] drift_p1 = K_FORCE * force_1;
    assign drift_1 = drift_p1[FRAC+WIDTH-1:FRAC];
    wire signed [35:0] drift_p2 = K_FORCE * force_2;
    assign drift_2 = drift_p2[FRAC+WIDTH-1:FRAC];
    wire signed [35:0] drift_p3 = K_FORCE * force_3;
    assign drift_3 = drift_p3[FRAC+WIDTH-1:FRAC];
    wire signed [35:0] drift_p4 = K_FORCE * force_4;
    assign drift_4 = drift_p4[FRAC+WIDTH-1:FRAC];
    /* verilator lint_on UNUSEDSIGNAL */

    always @(posedge clk) begin
        if (rst) begin
            force_0  <= {WIDTH{1'b0}};
            energy_0 <= {WIDTH{1'b0}};
            force_1  <= {WIDTH{1'b0}};
            energy_1 <= {WIDTH{1'b0}};
            force_2  <= {WIDTH{1'b0}};
            energy_2 <= {WIDTH{1'b0}};
            force_3  <= {WIDTH{1'b0}};
            energy_3 <= {WIDTH{1'b0}};
            force_4  <= {WIDTH{1'b0}};
            energy_4 <= {WIDTH{1'b0}};
        end else if (clk_en) begin
            force_0  <= adaptive_en ? f_all[17:0] : {WIDTH{1'b0}};
            energy_0 <= adaptive_en ? e_all[17:0] : {WIDTH{1'b0}};
            force_1  <= adaptive_en ? f_all[35:18] : {WIDTH{1'b0}};
            energy_1 <= adaptive_en ? e_all[35:18] : {WIDTH{1'b0}};
            force_2  <= adaptive_en ? f_all[53:36] : {WIDTH{1'b0}};
            energy_2 <= adaptive_en ? e_all[53:36] : {WIDTH{1'b0}};
            force_3  <= adaptive_en ? f_all[71:54] : {WIDTH{1'b0}};
            energy_3 <= adaptive_en ? e_all[71:54] : {WIDTH{1'b0}};
            force_4  <= adaptive_en ? f_all[89:72] : {WIDTH{1'b0}};
            energy_4 <= adaptive_en ? e_all[89:72] : {WIDTH{1'b0}};
        end
    end
endmodule
`default_nettype wire
