// pink_noise_generator: sqrt(Fibonacci)-weighted Voss-McCartney pink noise (description 9.2).
// A 12-bit counter advances every clock enable; the row whose index is the number of trailing
// zeros of the new count takes a fresh ROW_BITS (10) bit sample from the LFSR (STEPS = 16), so row n is
// updated every 2^(n+1) ticks (row 0: 2 kHz, Nyquist 1000 Hz; row 11: 0.98 Hz, Nyquist 0.49 Hz)
// and at most one row changes per tick (count 0 updates none).
//   pink_out = (sum_n W_n * row_n) >>> 2,   W = 1 1 1 2 2 3 4 5 6 7 9 12 (sum 53)
// Contract: docs/spec/pink_noise_generator.md. Model: crates/phin-core/src/pink_noise_generator.rs.
`default_nettype none
module pink_noise_generator #(
    parameter        WIDTH = 18,
    parameter [15:0] SEED  = 16'hC0DE
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    output wire signed [WIDTH-1:0] pink_out
);
    localparam signed [5:0] W0  = 6'sd1;   // sqrt(F1)  = 1
    localparam signed [5:0] W1  = 6'sd1;   // sqrt(F2)  = 1
    localparam signed [5:0] W2  = 6'sd1;   // sqrt(F3)  = 1.41
    localparam signed [5:0] W3  = 6'sd2;   // sqrt(F4)  = 1.73
    localparam signed [5:0] W4  = 6'sd2;   // sqrt(F5)  = 2.24
    localparam signed [5:0] W5  = 6'sd3;   // sqrt(F6)  = 2.83
    localparam signed [5:0] W6  = 6'sd4;   // sqrt(F7)  = 3.61
    localparam signed [5:0] W7  = 6'sd5;   // sqrt(F8)  = 4.58
    localparam signed [5:0] W8  = 6'sd6;   // sqrt(F9)  = 5.83
    localparam signed [5:0] W9  = 6'sd7;   // sqrt(F10) = 7.42
    localparam signed [5:0] W10 = 6'sd9;   // sqrt(F11) = 9.43
    localparam signed [5:0] W11 = 6'sd12;  // sqrt(F12) = 12
    localparam              NORM_SHIFT = 2;
    // Row sample width (ours; the description fixes only the 18-bit output): 10 bits make the
    // pink noise 92 % of the DAC power beside the oscillators and keep the mix below the rails.
    localparam              ROW_BITS   = 10;

    // Bits [15:ROW_BITS] of the LFSR are state only.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] lfsr;
    /* verilator lint_on UNUSEDSIGNAL */
    lfsr16 #(.SEED(SEED), .STEPS(16)) u_lfsr (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr));

    reg [11:0]        counter;
    reg signed [ROW_BITS-1:0] row0, row1, row2, row3, row4, row5, row6, row7, row8, row9, row10, row11;

    // The sample the updated row takes: the LFSR word as it stands before this edge.
    wire signed [ROW_BITS-1:0] sample = $signed(lfsr[ROW_BITS-1:0]);
    wire [11:0]        cnt_nx = counter + 12'd1;

    always @(posedge clk) begin
        if (rst) begin
            counter <= 12'd0;
            {row0, row1, row2, row3}  <= {4*ROW_BITS{1'b0}};
            {row4, row5, row6, row7}  <= {4*ROW_BITS{1'b0}};
            {row8, row9, row10, row11} <= {4*ROW_BITS{1'b0}};
        end else if (clk_en) begin
            counter <= cnt_nx;
            // Trailing zeros of cnt_nx select the row: a priority chain from bit 0.
            if      (cnt_nx[0])  row0  <= sample;
            else if (cnt_nx[1])  row1  <= sample;
            else if (cnt_nx[2])  row2  <= sample;
            else if (cnt_nx[3])  row3  <= sample;
            else if (cnt_nx[4])  row4  <= sample;
            else if (cnt_nx[5])  row5  <= sample;
            else if (cnt_nx[6])  row6  <= sample;
            else if (cnt_nx[7])  row7  <= sample;
            else if (cnt_nx[8])  row8  <= sample;
            else if (cnt_nx[9])  row9  <= sample;
            else if (cnt_nx[10]) row10 <= sample;
            else if (cnt_nx[11]) row11 <= sample;
        end
    end

    // Weighted sum: each 10 x 6 product sign-extended to 22 bits (|sum| <= 53 * 512 < 2^15).
    wire signed [21:0] sum = row0 * W0 + row1 * W1 + row2 * W2 + row3 * W3
                           + row4 * W4 + row5 * W5 + row6 * W6 + row7 * W7
                           + row8 * W8 + row9 * W9 + row10 * W10 + row11 * W11;
    wire signed [21:0] sum_sh = sum >>> NORM_SHIFT;
    // |sum_sh| <= 6784: the low 18 bits hold it.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [21:0] pink_full = sum_sh;
    /* verilator lint_on UNUSEDSIGNAL */
    assign pink_out = pink_full[WIDTH-1:0];
endmodule
`default_nettype wire
