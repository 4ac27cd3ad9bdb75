// envelope_bank_fold: the four amplitude_envelope_generators of the folded top (u_env_theta,
// u_env_alpha, u_env_beta, u_env_gamma; rtl/amplitude_envelope_generator.v) in one module,
// their mean-reversion products through one registered multiplier (issue 19, the folded
// processor; docs/fpga.md, section "The folded envelope_bank"). The reference generator
// computes its 18 x 33 -> 51-bit product rev_p combinationally (2 DSP48E1 each, 8 for the four);
// here the four go one after another through one DSP48E1-shaped multiplier.
//
// What it computes (description section 10.1, as the reference; contract
// docs/spec/amplitude_envelope_generator.md), for each generator k = 0..3 with the reference's
// default parameters (ALPHA 1198, NOISE_AMPLITUDE 128, ENV_MIN 8192, ENV_MAX 24576; the top
// instantiates it with those) and its own SEED_k:
//   acc_k <= clamp(acc_k + ((ALPHA * (MEAN_ACC - acc_k)) >>> 24)
//                  + (strobe ? NOISE_AMPLITUDE * noise_k : 0), ENV_MIN << 10, ENV_MAX << 10)
//   noise_k = {1'b0, lfsr_k[12:0]} - 4096, NOISE_AMPLITUDE = 128 = 2^7: a shift, not a product
//   envelope_k = acc_k >>> 10
//
// Equality with the reference. On the commit edge every register takes the value the
// reference's takes on its clk_en edge: acc_0..acc_3 are u_env_*.acc; the four noise_cnt are
// reset together and stepped on the same edges, so always equal: one register noise_cnt holds
// them; the LFSRs are the reference lfsr16 with the reference's enable (commit & strobe).
//   - the product ALPHA * dev: the reference's 33-bit deviation MEAN_ACC - acc enters the
//     multiplier's 25-bit A operand as its 25 low bits. This is the folded cortical column's
//     argument (rtl/fpga/cortical_column_fold.v, "the envelopes' state"; docs/fpga.md, "The
//     folded cortical_column"): acc is always in [ACC_MIN, ACC_MAX] = [2^23, 1.5 * 2^24]
//     (reset to MEAN_ACC, every update clamped to it), so |dev| <= 2^23 and its 25 low bits
//     are its value. ALPHA (11 bits) enters the 18-bit B operand; the product
//     |1198 * dev| <= 1198 * 2^23 < 2^34 is kept whole (43 bits), the same integer as the
//     reference's 51-bit rev_p; then the reference's >>> 24 and its 33 low bits;
//   - the noise term, the 34-bit sum and the clamp are the reference's expressions.
// envelope_0..envelope_3 (kind R) are acc_k >>> 10, wiring from the module's own registers (no
// logic), as the reference's: equal at every clock, reset value MEAN_ACC >>> 10 = 16384.
// Proof: testbenches/tb_envelope_bank_fold.v (four references beside it, every clock).
//
// Interface: clk, rst, the four outputs, parameters SEED_0..SEED_3, and in place of clk_en
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The module has no data inputs; it reads its own registers from the clock
//           after that edge on.
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It must come at least CLOCKS clocks after
//           the start edge (busy low); an earlier commit commits a half-computed tick, a commit
//           without a start the last computed values (the folded top always pairs them). start
//           and commit may share a clock: the computation then reads the registers committed on
//           that edge.
//   busy    high from the start edge to the edge that stores the last next value (acc_3_nx).
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
//
// Schedule. The start edge is edge 0; clock c is the clock that ends with edge c (c = 1 the
// first after start). The multiplier registers its operands and its product (DSP48E1 AREG/BREG
// and MREG): a product issued in clock c is in `prod` during clock c + 2, where the next
// accumulator is computed from it and stored on the edge ending that clock.
//
//   clock | multiplier issue (A x B) | use (stored on the edge ending the clock)
//   ------+--------------------------+-------------------------------------------
//   1     | dev_0 * ALPHA            |
//   2     | dev_1 * ALPHA            |
//   3     | dev_2 * ALPHA            | acc_0_nx
//   4     | dev_3 * ALPHA            | acc_1_nx
//   5     |                          | acc_2_nx
//   6     |                          | acc_3_nx; busy low
//   7     |                          | commit allowed
//
//   4 products, one a clock from clock 1 (the first clock that sees the registers committed on
//   a shared start/commit edge): the last is issued in clock 4 and stored on edge 6, so
//   CLOCKS = 7 (the first edge that may commit) is the least a one-multiplier schedule with a
//   registered operand and product allows.
//
// One multiplier, 25 x 18 bits signed, product 43 bits (one DSP48E1): A the deviation (|dev| <=
// 2^23, above), B the constant ALPHA = 1198.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module envelope_bank_fold #(
    parameter WIDTH = 18,
    parameter FRAC  = 14,
    // The LFSR seeds of the top's u_env_theta, u_env_alpha, u_env_beta, u_env_gamma.
    parameter [15:0] SEED_0 = 16'h13A7,
    parameter [15:0] SEED_1 = 16'h24B8,
    parameter [15:0] SEED_2 = 16'h35C9,
    parameter [15:0] SEED_3 = 16'h46DA
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    output wire signed [WIDTH-1:0] envelope_0,
    output wire signed [WIDTH-1:0] envelope_1,
    output wire signed [WIDTH-1:0] envelope_2,
    output wire signed [WIDTH-1:0] envelope_3
);
    // Schedule clocks (table above): C_<k> issues envelope k's product, U_<k> uses it.
    localparam [2:0] C_0 = 3'd1;   // dev_0 * ALPHA
    localparam [2:0] C_1 = 3'd2;   // dev_1 * ALPHA
    localparam [2:0] C_2 = 3'd3;   // dev_2 * ALPHA; use envelope 0's
    localparam [2:0] C_3 = 3'd4;   // dev_3 * ALPHA; use envelope 1's
    localparam [2:0] U_0 = 3'd3;
    localparam [2:0] U_1 = 3'd4;
    localparam [2:0] U_2 = 3'd5;   // use envelope 2's
    localparam [2:0] U_3 = 3'd6;   // use envelope 3's; busy low
    // Clocks from the start edge to the first edge that may commit (schedule above). Read by the
    // integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 7;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of amplitude_envelope_generator.v with its default parameters: same names,
    // widths and values.
    localparam               ENV_EXT      = 10;
    localparam               ACC_FRAC     = FRAC + ENV_EXT;      // 24
    localparam signed [31:0] MEAN_ACC     = 32'sd16777216;      // 1.0 in Q24
    localparam signed [17:0] ALPHA_S      = 18'sd1198;          // dt/tau in Q24 (tau = 3.5 s)
    localparam signed [33:0] ACC_MIN      = 34'sd8388608;       // ENV_MIN << ENV_EXT
    localparam signed [33:0] ACC_MAX      = 34'sd25165824;      // ENV_MAX << ENV_EXT
    localparam signed [13:0] NOISE_CENTER = 14'sd4096;

    // ---------------------------------------------------------------- the generators' state
    // u_env_theta/alpha/beta/gamma.acc (Q24).
    reg signed [31:0] acc_0;
    reg signed [31:0] acc_1;
    reg signed [31:0] acc_2;
    reg signed [31:0] acc_3;
    // The four noise_cnt: reset together and stepped on the same edges, so always equal.
    reg        [5:0]  noise_cnt;
    wire              strobe = (noise_cnt == 6'd63);
    // Each generator's own lfsr16 (the reference module), stepped as inside the reference.
    // Only bits [12:0] of the LFSR form a sample; the upper bits are state, not output.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] lfsr_0, lfsr_1, lfsr_2, lfsr_3;
    /* verilator lint_on UNUSEDSIGNAL */
    lfsr16 #(.SEED(SEED_0), .STEPS(16)) u_lfsr_0 (.clk(clk), .rst(rst),
                                                 .clk_en(commit & strobe), .lfsr(lfsr_0));
    lfsr16 #(.SEED(SEED_1), .STEPS(16)) u_lfsr_1 (.clk(clk), .rst(rst),
                                                 .clk_en(commit & strobe), .lfsr(lfsr_1));
    lfsr16 #(.SEED(SEED_2), .STEPS(16)) u_lfsr_2 (.clk(clk), .rst(rst),
                                                 .clk_en(commit & strobe), .lfsr(lfsr_2));
    lfsr16 #(.SEED(SEED_3), .STEPS(16)) u_lfsr_3 (.clk(clk), .rst(rst),
                                                 .clk_en(commit & strobe), .lfsr(lfsr_3));
    // The mean-reversion deviation MEAN_ACC - acc at the reference's 33 bits; |dev| <= 2^23
    // (acc in [ACC_MIN, ACC_MAX], header), so its 25 low bits are its value.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [32:0] dev_0 = {MEAN_ACC[31], MEAN_ACC} - {acc_0[31], acc_0};
    wire signed [32:0] dev_1 = {MEAN_ACC[31], MEAN_ACC} - {acc_1[31], acc_1};
    wire signed [32:0] dev_2 = {MEAN_ACC[31], MEAN_ACC} - {acc_2[31], acc_2};
    wire signed [32:0] dev_3 = {MEAN_ACC[31], MEAN_ACC} - {acc_3[31], acc_3};
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- sequencer
    reg [2:0] c;   // clock of the schedule, 1 in the clock after the start edge

    // The next accumulators, computed during the tick.
    reg signed [31:0] acc_0_nx;
    reg signed [31:0] acc_1_nx;
    reg signed [31:0] acc_2_nx;
    reg signed [31:0] acc_3_nx;

    // ---------------------------------------------------------------- the multiplier
    // Registered operands and product (one DSP48E1, AREG/BREG and MREG).
    reg signed [24:0]      op_a;
    reg signed [24:0]      mul_a;
    reg signed [17:0]      mul_b;
    reg signed [42:0]      prod;

    always @(*) begin
        case (c)
            C_0:     op_a = dev_0[24:0];
            C_1:     op_a = dev_1[24:0];
            C_2:     op_a = dev_2[24:0];
            C_3:     op_a = dev_3[24:0];
            default: op_a = 25'sd0;        // no product is used from these clocks
        endcase
    end

    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= ALPHA_S;
        prod  <= mul_a * mul_b;
    end

    // ---------------------------------------------------------------- the update
    // The generator whose product is in prod (clocks U_0 .. U_3): its accumulator and sample.
    reg signed [31:0] acc_cur;
    reg        [12:0] smp_cur;
    always @(*) begin
        case (c)
            U_0:     begin acc_cur = acc_0; smp_cur = lfsr_0[12:0]; end
            U_1:     begin acc_cur = acc_1; smp_cur = lfsr_1[12:0]; end
            U_2:     begin acc_cur = acc_2; smp_cur = lfsr_2[12:0]; end
            default: begin acc_cur = acc_3; smp_cur = lfsr_3[12:0]; end
        endcase
    end
    // amplitude_envelope_generator.v's update. rev_p = ALPHA_S * dev: |.| <= 1198 * 2^23 < 2^34,
    // so the 43-bit product is the reference's 51-bit one; >>> 24, 33 low bits.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [42:0] rev_sh  = prod >>> ACC_FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
`ifdef PHIN_PLANT_ENVBANK
    // Test plant, never defined in a build: envelope 2's mean-reversion term has its LSB
    // flipped when its deviation is negative (acc above 1.0). testbenches/run.sh builds
    // tb_envelope_bank_fold with it and requires the testbench to fail.
    wire signed [32:0] revert  = rev_sh[32:0] ^ {32'd0, (c == U_2) && prod[42]};
`else
    wire signed [32:0] revert  = rev_sh[32:0];
`endif
    // Noise: a 13-bit sample centred in 14 bits, times NOISE_AMPLITUDE = 128 = 2^7: a shift,
    // the 21-bit noise << 7 sign-extended to the reference's 32 bits.
    wire signed [13:0] noise   = $signed({1'b0, smp_cur}) - NOISE_CENTER;
    wire signed [31:0] noise_p = {{11{noise[13]}}, noise, 7'd0};
    wire signed [31:0] noise_t = strobe ? noise_p : 32'sd0;
    // acc is Q24 with |acc| < 2^31; 34-bit sum of the three terms, exact; clamped.
    wire signed [33:0] acc_sum = {{2{acc_cur[31]}}, acc_cur} + {revert[32], revert}
                               + {{2{noise_t[31]}}, noise_t};
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [33:0] acc_cl  = (acc_sum < ACC_MIN) ? ACC_MIN :
                                 (acc_sum > ACC_MAX) ? ACC_MAX : acc_sum;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [31:0] acc_nx  = acc_cl[31:0];

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            c    <= 3'd0;
        end else if (start) begin
            busy <= 1'b1;
            c    <= 3'd1;
        end else if (busy) begin
            c <= c + 3'd1;
            case (c)
                U_0: acc_0_nx <= acc_nx;
                U_1: acc_1_nx <= acc_nx;
                U_2: acc_2_nx <= acc_nx;
                U_3: begin
                    acc_3_nx <= acc_nx;
                    busy     <= 1'b0;
                end
                default: ;
            endcase
        end
    end

    // ---------------------------------------------------------------- the generators' registers
    // Stepped on the commit edge as on the reference's clk_en edge (reset values: MEAN_ACC, 0).
    always @(posedge clk) begin
        if (rst) begin
            acc_0     <= MEAN_ACC;
            acc_1     <= MEAN_ACC;
            acc_2     <= MEAN_ACC;
            acc_3     <= MEAN_ACC;
            noise_cnt <= 6'd0;
        end else if (commit) begin
            acc_0     <= acc_0_nx;
            acc_1     <= acc_1_nx;
            acc_2     <= acc_2_nx;
            acc_3     <= acc_3_nx;
            noise_cnt <= noise_cnt + 6'd1;
        end
    end

    // ---------------------------------------------------------------- the envelopes (10.1)
    // envelope = acc >>> ENV_EXT (Q4.14, combinational from the register; acc < 2^25: fits).
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [31:0] env_sh_0 = acc_0 >>> ENV_EXT;
    wire signed [31:0] env_sh_1 = acc_1 >>> ENV_EXT;
    wire signed [31:0] env_sh_2 = acc_2 >>> ENV_EXT;
    wire signed [31:0] env_sh_3 = acc_3 >>> ENV_EXT;
    /* verilator lint_on UNUSEDSIGNAL */
    assign envelope_0 = env_sh_0[WIDTH-1:0];
    assign envelope_1 = env_sh_1[WIDTH-1:0];
    assign envelope_2 = env_sh_2[WIDTH-1:0];
    assign envelope_3 = env_sh_3[WIDTH-1:0];
endmodule
`default_nettype wire
