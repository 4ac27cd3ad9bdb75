// pac_strength: phase-amplitude coupling strength of the ten oscillator pairs, PAC = chi x amplitude
// (description v11.1c "Phase-Amplitude Coupling"). Contract with every width:
// docs/spec/pac_strength.md. Model: crates/phin-core/src/pac_strength.rs.
//
// The five bands (slow to fast) are 0 theta (thalamus), 1 alpha (L6), 2 beta1 (L5a), 3 beta2
// (L5b), 4 gamma (L2/3); the ten pairs are all (i, j), i < j, in the order below. The slower
// oscillator of a pair supplies the phase, the faster one the amplitude that is modulated:
//   pair 0: theta (phase)     -> alpha (amplitude, amp_1)
//   pair 1: theta (phase)     -> beta1 (amplitude, amp_2)
//   pair 2: theta (phase)     -> beta2 (amplitude, amp_3)
//   pair 3: theta (phase)     -> gamma (amplitude, amp_4)
//   pair 4: alpha (phase)     -> beta1 (amplitude, amp_2)
//   pair 5: alpha (phase)     -> beta2 (amplitude, amp_3)
//   pair 6: alpha (phase)     -> gamma (amplitude, amp_4)
//   pair 7: beta1 (phase)     -> beta2 (amplitude, amp_3)
//   pair 8: beta1 (phase)     -> gamma (amplitude, amp_4)
//   pair 9: beta2 (phase)     -> gamma (amplitude, amp_4)
// chi_k is the coupling susceptibility of the pair's frequency ratio (coupling_susceptibility at
// n = n_j - n_i), amp_j the faster oscillator's envelope amplitude, both Q14. Theta is never the
// faster oscillator of a pair, so there is no amp_0.
//
//   c_k       = max(chi_k, 0), a_k = max(amp_j, 0)               (17-bit unsigned each)
//   s_k       = min((c_k * a_k) >> 14, 131071)                   (34-bit product)
//   pac_k    <= s_k                                              (Q14, 18-bit signed, >= 0)
//   pac_total<= s_0 + ... + s_9                                  (21-bit unsigned, < 2^21)
//   dominant <= the smallest k with the largest s_k              (4 bits; 0 when all are 0)
`default_nettype none
module pac_strength #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] chi_0,            // theta/alpha
    input  wire signed [WIDTH-1:0] chi_1,            // theta/beta1
    input  wire signed [WIDTH-1:0] chi_2,            // theta/beta2
    input  wire signed [WIDTH-1:0] chi_3,            // theta/gamma
    input  wire signed [WIDTH-1:0] chi_4,            // alpha/beta1
    input  wire signed [WIDTH-1:0] chi_5,            // alpha/beta2
    input  wire signed [WIDTH-1:0] chi_6,            // alpha/gamma
    input  wire signed [WIDTH-1:0] chi_7,            // beta1/beta2
    input  wire signed [WIDTH-1:0] chi_8,            // beta1/gamma
    input  wire signed [WIDTH-1:0] chi_9,            // beta2/gamma
    input  wire signed [WIDTH-1:0] amp_1,            // alpha
    input  wire signed [WIDTH-1:0] amp_2,            // beta1
    input  wire signed [WIDTH-1:0] amp_3,            // beta2
    input  wire signed [WIDTH-1:0] amp_4,            // gamma
    output reg  signed [WIDTH-1:0] pac_0,
    output reg  signed [WIDTH-1:0] pac_1,
    output reg  signed [WIDTH-1:0] pac_2,
    output reg  signed [WIDTH-1:0] pac_3,
    output reg  signed [WIDTH-1:0] pac_4,
    output reg  signed [WIDTH-1:0] pac_5,
    output reg  signed [WIDTH-1:0] pac_6,
    output reg  signed [WIDTH-1:0] pac_7,
    output reg  signed [WIDTH-1:0] pac_8,
    output reg  signed [WIDTH-1:0] pac_9,
    output reg  [20:0]             pac_total,
    output reg  [3:0]              dominant
);
    localparam [19:0] PAC_MAX = 20'd131071;   // 18-bit signed maximum (8.0)

    wire [10*WIDTH-1:0] chi_all = {chi_9, chi_8, chi_7, chi_6, chi_5, chi_4, chi_3, chi_2, chi_1, chi_0};
    wire [10*WIDTH-1:0] amp_all = {amp_4, amp_4, amp_3, amp_4, amp_3, amp_2, amp_4, amp_3, amp_2, amp_1};
    wire [10*17-1:0] s;

    genvar k;
    generate
        for (k = 0; k < 10; k = k + 1) begin : pr
            wire signed [WIDTH-1:0] chi_k = chi_all[k*WIDTH +: WIDTH];
            wire signed [WIDTH-1:0] amp_k = amp_all[k*WIDTH +: WIDTH];
            wire [16:0] c = chi_k[WIDTH-1] ? 17'd0 : chi_k[16:0];
            wire [16:0] a = amp_k[WIDTH-1] ? 17'd0 : amp_k[16:0];
            /* verilator lint_off UNUSEDSIGNAL */
            wire [33:0] p = {17'd0, c} * {17'd0, a};
            /* verilator lint_on UNUSEDSIGNAL */
            wire [19:0] v = p[FRAC+19:FRAC];
            assign s[k*17 +: 17] = (v > PAC_MAX) ? PAC_MAX[16:0] : v[16:0];
        end
    endgenerate

    wire [20:0] total = {4'b0000, s[0*17 +: 17]} + {4'b0000, s[1*17 +: 17]} + {4'b0000, s[2*17 +: 17]} + {4'b0000, s[3*17 +: 17]} + {4'b0000, s[4*17 +: 17]} + {4'b0000, s[5*17 +: 17]} + {4'b0000, s[6*17 +: 17]} + {4'b0000, s[7*17 +: 17]} + {4'b0000, s[8*17 +: 17]} + {4'b0000, s[9*17 +: 17]};

    reg [3:0]  best;
    reg [16:0] best_v;
    integer i;
    always @(*) begin
        best   = 4'd0;
        best_v = s[16:0];
        for (i = 1; i < 10; i = i + 1)
            if (s[i*17 +: 17] > best_v) begin
                best   = i[3:0];
                best_v = s[i*17 +: 17];
            end
    end

    always @(posedge clk) begin
        if (rst) begin
            pac_0 <= {WIDTH{1'b0}};
            pac_1 <= {WIDTH{1'b0}};
            pac_2 <= {WIDTH{1'b0}};
            pac_3 <= {WIDTH{1'b0}};
            pac_4 <= {WIDTH{1'b0}};
            pac_5 <= {WIDTH{1'b0}};
            pac_6 <= {WIDTH{1'b0}};
            pac_7 <= {WIDTH{1'b0}};
            pac_8 <= {WIDTH{1'b0}};
            pac_9 <= {WIDTH{1'b0}};
            pac_total <= 21'd0;
            dominant  <= 4'd0;
        end else if (clk_en) begin
            pac_0 <= {1'b0, s[0*17 +: 17]};
            pac_1 <= {1'b0, s[1*17 +: 17]};
            pac_2 <= {1'b0, s[2*17 +: 17]};
            pac_3 <= {1'b0, s[3*17 +: 17]};
            pac_4 <= {1'b0, s[4*17 +: 17]};
            pac_5 <= {1'b0, s[5*17 +: 17]};
            pac_6 <= {1'b0, s[6*17 +: 17]};
            pac_7 <= {1'b0, s[7*17 +: 17]};
            pac_8 <= {1'b0, s[8*17 +: 17]};
            pac_9 <= {1'b0, s[9*17 +: 17]};
            pac_total <= total;
            dominant  <= best;
        end
    end
endmodule
`default_nettype wire
