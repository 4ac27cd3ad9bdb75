// pink_noise_generator_fold: the folded form of rtl/pink_noise_generator.v (issue 19, the folded
// processor; docs/fpga.md, section "The folded pink_noise_generator"). The reference forms its
// weighted sum with twelve 10 x 6 products by constant weights, combinationally, which Yosys
// maps to 6 DSP48E1; here no multiplier at all: only one row changes a tick, so the sum is a
// register updated by that row's weighted difference, the product by the weight written as
// shifts and adds. 0 DSP48E1; pink_out becomes a function of a register.
//
// What it computes (description section 9.2, as the reference; contract
// docs/spec/pink_noise_generator.md): sqrt(Fibonacci)-weighted Voss-McCartney pink noise.
// A 12-bit counter advances every tick; the row whose index is the number of trailing zeros of
// the new count takes a fresh 10-bit sample from the LFSR (lfsr16, STEPS = 16);
//   pink_out = (sum_n W_n * row_n) >>> 2,   W = 1 1 1 2 2 3 4 5 6 7 9 12 (sum 53)
// Here sum = sum_n W_n * row_n is a register, and on each tick
//   sum <= sum + W_k * (sample - row_k)   (row k the one that changes; none when cnt_nx = 0)
// with W_k * d = sum of d shifted by the set bits of W_k (1 = 2^0, 2 = 2^1, 3 = 2^1 + 2^0,
// 4 = 2^2, 5 = 2^2 + 2^0, 6 = 2^2 + 2^1, 7 = 2^2 + 2^1 + 2^0, 9 = 2^3 + 2^0, 12 = 2^3 + 2^2).
//
// Equality with the reference. The registers counter, row0..row11 and u_lfsr and their update
// are the reference's, stepped on the commit edge (the reference's clk_en edge). sum equals the
// reference's 22-bit sum of the committed rows at every clock: both are 0 after reset, and each
// commit adds exactly the change of the one row that changes. Widths: every row is a 10-bit
// signed sample, so the difference sample - row_k is exact in 11 bits (|.| <= 1023),
// |W_k * d| <= 12 * 1023 < 2^14, and every sum of weighted rows is at most 53 * 512 = 27136 <
// 2^15: 16 bits signed hold them all exactly (no wrap); then the reference's >>> 2 and its low
// 18 bits (|sum >>> 2| <= 6784: the sign-extended 16-bit value).
// pink_out (kind R): sum >>> 2, wiring from the module's own register, equal to the reference's
// at every clock; reset value f(reset state) = 0 (every row 0).
// Proof: testbenches/tb_pink_noise_generator_fold.v (the reference beside it, every clock).
//
// Interface: the reference's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The module has no data inputs; it reads its own registers from the clock
//           after that edge on.
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It must come at least CLOCKS clocks after
//           the start edge (busy low); an earlier commit, or one without a start, commits a
//           stale sum (the folded top always pairs them). start and commit may share a clock:
//           the computation then reads the registers committed on that edge.
//   busy    high from the start edge to the edge that stores sum_nx.
//   rst     synchronous, active high: the reference's reset values (sum 0); aborts a tick.
//
// Schedule (the start edge is edge 0; clock c ends with edge c). No multiplier.
//
//   clock | work (stored on the edge ending the clock)
//   ------+------------------------------------------------------------------------------
//   1     | w_r = W_k (its 4 bits), d_r = sample - row_k  (k from cnt_nx's trailing zeros)
//   2     | sum_nx = sum + (d_r, d_r << 1, d_r << 2, d_r << 3 selected by w_r's bits); busy low
//   3     | commit allowed
//
//   CLOCKS = 3. Two stages rather than one, so that no path from the counter through the row
//   multiplexer, the difference and the weighted sum must settle in one clock.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module pink_noise_generator_fold #(
    parameter        WIDTH = 18,
    parameter [15:0] SEED  = 16'hC0DE
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    output wire signed [WIDTH-1:0] pink_out
);
    // Clocks from the start edge to the first edge that may commit (schedule above). Read by the
    // integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 3;
    /* verilator lint_on UNUSEDPARAM */

    localparam              NORM_SHIFT = 2;
    // Row sample width (the reference's, ours: 10 bits).
    localparam              ROW_BITS   = 10;

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

    // ---------------------------------------------------------------- the weighted sum, kept
    // sum = sum_n W_n * row_n (the reference's 22-bit sum; |sum| <= 27136 < 2^15: 16 bits exact),
    // a register of this module. One row changes a tick (row k, the trailing zeros of cnt_nx;
    // none when cnt_nx = 0), so the next sum is sum + W_k * (sample - row_k), computed during
    // the tick and stored on commit: sum is the reference's sum of the committed rows at every
    // clock (reset: every row 0, sum 0).
    reg signed [15:0] sum;
    reg signed [15:0] sum_nx;
    // Clock 1: the changing row's weight (its set bits: W_k = 8 w[3] + 4 w[2] + 2 w[1] + w[0])
    // and the difference sample - row_k at 11 bits, exact (|.| <= 1023); weight 0 when no row
    // changes (cnt_nx = 0).
    reg        [3:0]  w_sel;
    reg signed [9:0]  row_sel;
    always @(*) begin
        if      (cnt_nx[0])  begin w_sel = 4'd1;  row_sel = row0;  end
        else if (cnt_nx[1])  begin w_sel = 4'd1;  row_sel = row1;  end
        else if (cnt_nx[2])  begin w_sel = 4'd1;  row_sel = row2;  end
        else if (cnt_nx[3])  begin w_sel = 4'd2;  row_sel = row3;  end
        else if (cnt_nx[4])  begin w_sel = 4'd2;  row_sel = row4;  end
        else if (cnt_nx[5])  begin w_sel = 4'd3;  row_sel = row5;  end
        else if (cnt_nx[6])  begin w_sel = 4'd4;  row_sel = row6;  end
        else if (cnt_nx[7])  begin w_sel = 4'd5;  row_sel = row7;  end
        else if (cnt_nx[8])  begin w_sel = 4'd6;  row_sel = row8;  end
        else if (cnt_nx[9])  begin w_sel = 4'd7;  row_sel = row9;  end
        else if (cnt_nx[10]) begin w_sel = 4'd9;  row_sel = row10; end
        else if (cnt_nx[11]) begin w_sel = 4'd12; row_sel = row11; end
        else                 begin w_sel = 4'd0;  row_sel = 10'sd0; end
    end
    wire signed [10:0] d_nx = {sample[ROW_BITS-1], sample} - {row_sel[ROW_BITS-1], row_sel};
    reg        [3:0]  w_r;
    reg signed [10:0] d_r;
    // Clock 2: W_k * d as shifts and adds of d selected by the weight's bits; |W_k * d| <=
    // 12 * 1023 < 2^14, and the new sum is again a sum of rows (|.| <= 27136): all exact in
    // 16 bits.
    wire signed [15:0] d16 = {{5{d_r[10]}}, d_r};
    wire signed [15:0] wd0 = w_r[0] ? d16 : 16'sd0;
    wire signed [15:0] wd1 = w_r[1] ? (d16 <<< 1) : 16'sd0;
    wire signed [15:0] wd2 = w_r[2] ? (d16 <<< 2) : 16'sd0;
    wire signed [15:0] wd3 = w_r[3] ? (d16 <<< 3) : 16'sd0;
`ifdef PHIN_PLANT_PINK
    // Test plant, never defined in a build: the weighted difference's LSB flipped when the
    // changing row has weight 1 (rows 0..2). testbenches/run.sh builds
    // tb_pink_noise_generator_fold with it and requires the testbench to fail.
    wire signed [15:0] wd  = (wd0 + wd1 + wd2 + wd3) ^ {15'd0, w_r == 4'd1};
`else
    wire signed [15:0] wd  = wd0 + wd1 + wd2 + wd3;
`endif

    reg [1:0] c;   // clock of the schedule, 1 in the clock after the start edge
    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            c    <= 2'd0;
        end else if (start) begin
            busy <= 1'b1;
            c    <= 2'd1;
        end else if (busy) begin
            c <= c + 2'd1;
            if (c == 2'd1) begin
                w_r <= w_sel;
                d_r <= d_nx;
            end else begin
                sum_nx <= sum + wd;
                busy   <= 1'b0;
            end
        end
    end

    always @(posedge clk) begin
        if (rst)
            sum <= 16'sd0;
        else if (commit)
            sum <= sum_nx;
    end

    // pink_out = sum >>> 2; |sum >>> 2| <= 6784: sign-extended to the port's 18 bits, the
    // reference's pink_full[17:0].
    wire signed [15:0] sum_sh = sum >>> NORM_SHIFT;
    assign pink_out = {{(WIDTH-16){sum_sh[15]}}, sum_sh};
endmodule
`default_nettype wire
