// pink_noise_generator_fold: the folded form of rtl/pink_noise_generator.v (issue 19, the folded
// processor; docs/fpga.md, section "The folded pink_noise_generator"). The reference forms its
// weighted sum with twelve 10 x 6 products by constant weights, which Yosys maps to 6 DSP48E1;
// here each product by a weight is written as shifts and adds, so the module needs no DSP48E1
// and no multiplier at all, and no sequencing: the registers are the reference's, stepped on
// commit, and pink_out stays combinational from them as in the reference.
//
// What it computes (description section 9.2, as the reference; contract
// docs/spec/pink_noise_generator.md): sqrt(Fibonacci)-weighted Voss-McCartney pink noise.
// A 12-bit counter advances every tick; the row whose index is the number of trailing zeros of
// the new count takes a fresh 10-bit sample from the LFSR (lfsr16, STEPS = 16);
//   pink_out = (sum_n W_n * row_n) >>> 2,   W = 1 1 1 2 2 3 4 5 6 7 9 12 (sum 53)
// with each W_n * row_n the sum of row_n shifted by the set bits of W_n:
//   1 = 2^0, 2 = 2^1, 3 = 2^1 + 2^0, 4 = 2^2, 5 = 2^2 + 2^0, 6 = 2^2 + 2^1,
//   7 = 2^2 + 2^1 + 2^0, 9 = 2^3 + 2^0, 12 = 2^3 + 2^2.
//
// Equality with the reference. The registers (counter, row0..row11, u_lfsr) and their update
// are the reference's, stepped on the commit edge (the reference's clk_en edge). The weighted
// sum is the same integer: every row is a 10-bit signed sample (|row| <= 512), so
// |W_n * row_n| <= 12 * 512 < 2^13 and every partial sum is at most 53 * 512 = 27136 < 2^15:
// the 16-bit signed terms and sums are exact (no wrap), and so equal to the reference's 22-bit
// sum; then the reference's >>> 2 and its low 18 bits (|sum >>> 2| <= 6784, the sign-extended
// 16-bit value).
// pink_out (kind R): a combinational function of the module's own registers (as the
// reference's), equal to the reference's at every clock; after reset every row is 0, so it is
// 0.
// Proof: testbenches/tb_pink_noise_generator_fold.v (the reference beside it, every clock).
//
// Interface: the reference's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse marking the tick's start; unused (nothing is computed before the
//           commit edge), kept for the common folded interface.
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It may come in any clock, also the start's.
//   busy    constant 0 (no work between start and commit).
//   rst     synchronous, active high: the reference's reset values.
//
// Schedule: none. CLOCKS = 0: the commit may share the start's clock.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module pink_noise_generator_fold #(
    parameter        WIDTH = 18,
    parameter [15:0] SEED  = 16'hC0DE
) (
    input  wire                    clk,
    input  wire                    rst,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire                    start,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire                    commit,
    output wire                    busy,
    output wire signed [WIDTH-1:0] pink_out
);
    // Clocks from the start edge to the first edge that may commit: none (no schedule). Read by
    // the integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 0;
    /* verilator lint_on UNUSEDPARAM */

    localparam              NORM_SHIFT = 2;
    // Row sample width (the reference's, ours: 10 bits).
    localparam              ROW_BITS   = 10;

    assign busy = 1'b0;

    // ---------------------------------------------------------------- the reference's registers
    // Bits [15:ROW_BITS] of the LFSR are state only.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] lfsr;
    /* verilator lint_on UNUSEDSIGNAL */
    lfsr16 #(.SEED(SEED), .STEPS(16)) u_lfsr (.clk(clk), .rst(rst), .clk_en(commit), .lfsr(lfsr));

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
        end else if (commit) begin
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

    // ---------------------------------------------------------------- the weighted sum
    // The rows sign-extended to 16 bits (all sums below are exact in 16 bits: header).
    wire signed [15:0] r0  = {{6{row0[ROW_BITS-1]}}, row0};
    wire signed [15:0] r1  = {{6{row1[ROW_BITS-1]}}, row1};
    wire signed [15:0] r2  = {{6{row2[ROW_BITS-1]}}, row2};
    wire signed [15:0] r3  = {{6{row3[ROW_BITS-1]}}, row3};
    wire signed [15:0] r4  = {{6{row4[ROW_BITS-1]}}, row4};
    wire signed [15:0] r5  = {{6{row5[ROW_BITS-1]}}, row5};
    wire signed [15:0] r6  = {{6{row6[ROW_BITS-1]}}, row6};
    wire signed [15:0] r7  = {{6{row7[ROW_BITS-1]}}, row7};
    wire signed [15:0] r8  = {{6{row8[ROW_BITS-1]}}, row8};
    wire signed [15:0] r9  = {{6{row9[ROW_BITS-1]}}, row9};
    wire signed [15:0] r10 = {{6{row10[ROW_BITS-1]}}, row10};
    wire signed [15:0] r11 = {{6{row11[ROW_BITS-1]}}, row11};
    // W_n * row_n as shifts and adds (the weights' set bits; header). <<< of a signed 16-bit
    // value in a 16-bit context: |row| <= 512, so |row << 3| <= 4096 fits.
    wire signed [15:0] p0  = r0;                                  // W0  = 1
    wire signed [15:0] p1  = r1;                                  // W1  = 1
    wire signed [15:0] p2  = r2;                                  // W2  = 1
    wire signed [15:0] p3  = r3 <<< 1;                            // W3  = 2
    wire signed [15:0] p4  = r4 <<< 1;                            // W4  = 2
    wire signed [15:0] p5  = (r5 <<< 1) + r5;                     // W5  = 3
    wire signed [15:0] p6  = r6 <<< 2;                            // W6  = 4
    wire signed [15:0] p7  = (r7 <<< 2) + r7;                     // W7  = 5
    wire signed [15:0] p8  = (r8 <<< 2) + (r8 <<< 1);             // W8  = 6
`ifdef PHIN_PLANT_PINK
    // Test plant, never defined in a build: W9's product has its LSB flipped.
    // testbenches/run.sh builds tb_pink_noise_generator_fold with it and requires the testbench
    // to fail.
    wire signed [15:0] p9  = ((r9 <<< 2) + (r9 <<< 1) + r9) ^ 16'sd1;  // W9  = 7
`else
    wire signed [15:0] p9  = (r9 <<< 2) + (r9 <<< 1) + r9;        // W9  = 7
`endif
    wire signed [15:0] p10 = (r10 <<< 3) + r10;                   // W10 = 9
    wire signed [15:0] p11 = (r11 <<< 3) + (r11 <<< 2);           // W11 = 12
    // |sum| <= 53 * 512 = 27136 < 2^15.
    wire signed [15:0] sum = p0 + p1 + p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9 + p10 + p11;
    wire signed [15:0] sum_sh = sum >>> NORM_SHIFT;
    // |sum_sh| <= 6784: sign-extended to the port's 18 bits, the reference's pink_full[17:0].
    assign pink_out = {{(WIDTH-16){sum_sh[15]}}, sum_sh};
endmodule
`default_nettype wire
