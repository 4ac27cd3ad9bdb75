// kuramoto_order_parameter_fold: the folded form of rtl/kuramoto_order_parameter.v (issue 19, the
// folded processor; docs/fpga.md, section "The folded kuramoto_order_parameter"): the twelve
// unit() normalisations, the two squares of the sums, the final isqrt36 and the / 6 of the
// reference, computed one after another through one multiplier and one divsqrt_unit.
//
// What it computes (the reference's header; processor description, section "SIE Dynamics
// Monitoring (v11.3)"): for the six key oscillators k = 0 .. 5
//   mag_k   = isqrt36(x_k^2 + y_k^2)
//   recip_k = mag_k == 0 ? 0 : 2^28 / mag_k                        (29 bits)
//   c_k     = ((x_k * recip_k) >>> 14)[17:0], s_k = ((y_k * recip_k) >>> 14)[17:0]
//   sum_cos = sum c_k, sum_sin = sum s_k                            (21 bits)
//   R       = min(isqrt36(sum_cos^2 + sum_sin^2) / 6, 1.0), high_synchrony = R > 0.7
// unit(x, y) and unit(y, x) of rtl/phin_unit.vh square and add the same two values, so their
// mag and recip are the same integers: the fold computes them once per oscillator.
//
// Equality with the reference. On the commit edge every register of the reference (the four
// outputs; it has no other) takes the value the reference's takes on its clk_en edge for the
// same inputs: every intermediate below is the reference's integer (the widths are argued at
// each step). Proof: testbenches/tb_kuramoto_order_parameter_fold.v, the reference beside it.
//
// Interface: the reference's parameter and ports, clk_en replaced by start, commit and busy.
//   clk, rst   rst synchronous, active high, wins over start and commit: the outputs go to 0
//              as in the reference, and the sequencer and the divsqrt_unit become idle.
//   start      one-clock pulse: on its rising edge the module begins computing the next values
//              of the reference's registers from x0 .. y5, which must then hold until the
//              commit edge (they are read over the clocks of the schedule, not latched). A start
//              while busy is ignored.
//   commit     on its rising edge sum_cos, sum_sin, kuramoto_r and high_synchrony take the
//              computed values; it must come at least CLOCKS clocks after start (a commit on the
//              edge of the next start is allowed: it takes the finished values). Between commits
//              the outputs hold, as the reference's registers hold between clk_en edges.
//   busy       high from the start edge until the values are ready (CLOCKS clocks).
//
// Schedule. Clock 0 is the clock whose rising edge takes start; the sequencer runs six slots of
// SLOT clocks, one per oscillator (slot k's clock p is clock 1 + SLOT * k + p), then the final
// stage (its clock p is clock 1 + 6 * SLOT + p). The multiplier registers its operands and its
// product (DSP48E1 AREG/BREG, MREG): a product issued in clock t is read in clock t + 2. The
// divsqrt_unit's result is read in the clock its done is high: 19 clocks after the clock that
// starts a root (SQRT_WAIT), 35 after one that starts a division (DIV_WAIT).
//
//   slot clock     | multiplier issue       | use (register written on the edge ending it)
//   ---------------+------------------------+-------------------------------------------------
//   p0             | x_k * x_k              |
//   p1             | y_k * y_k              |
//   p2             |                        | m2 = x_k^2
//   p3             |                        | start SQRT of m2 + y_k^2
//   p4 .. p21      |                        | (root)
//   p22            |                        | done: mag_k = q; start DIVU 2^28 / mag_k
//   p23 .. p56     |                        | (division)
//   p57            |                        | done: recip_k = q (held by the unit)
//   p58            | x_k * recip_k[16:0]    |
//   p59            | x_k * recip_k[28:17]   |
//   p60            | y_k * recip_k[16:0]    | p_lo = x_k * recip_lo
//   p61            | y_k * recip_k[28:17]   | sum_cos_nx += c_k
//   p62            |                        | p_lo = y_k * recip_lo
//   p63            |                        | sum_sin_nx += s_k; next slot (or the final stage)
//
//   final clock    | multiplier issue       | use
//   ---------------+------------------------+-------------------------------------------------
//   f0             | sum_cos * sum_cos      |
//   f1             | sum_sin * sum_sin      |
//   f2             |                        | m2 = sum_cos^2
//   f3             |                        | start SQRT of m2 + sum_sin^2
//   f22            |                        | done: start DIVU mag / 6
//   f57            |                        | done: r_nx = min(q, 1.0); busy falls
//
//   tick   start | slot 0 | slot 1 | ... | slot 5 | final | ready (busy low)
//   clock  0       1        65             321      385     443
//
// SLOT = 4 + SQRT_WAIT + DIV_WAIT + 6 = 64; CLOCKS = 1 + 6 * SLOT + 3 + SQRT_WAIT + DIV_WAIT + 1
// = 443 clocks of 125 MHz (3.5 us), 1.4 % of the 31,250 clocks of a 4 kHz tick. The divsqrt_unit
// is busy 53 of every 64 clocks; the slots do not overlap, which the budget does not need.
//
// One multiplier, 18 x 18 bits signed, product 36 bits: one DSP48E1 (25 x 18). The products:
//   x_k^2, y_k^2           18 x 18, as the reference's c * c into 36 bits;
//   x_k * recip_k          18 x 30 in the reference ({1'b0, recip}, 48-bit product): wider
//                          than a DSP48E1, so split into recip_k[16:0] and recip_k[28:17]
//                          (unsigned, each {0, part} as an 18-bit signed operand); the unit's
//                          value is bits 31:14 of the product, and bits 31:0 of
//                          (x * recip_hi) << 17 + x * recip_lo are those of x * recip (sums
//                          and products are exact modulo 2^32), so only 32 bits are added;
//   sum_cos^2, sum_sin^2   21 x 21 in the reference, but |c_k|, |s_k| <= 2^14 (|x_k| <=
//                          mag_k because mag_k = floor(sqrt(x_k^2 + y_k^2)) >= |x_k|, so
//                          |x_k * recip_k| <= 2^28), so |sum| <= 6 * 2^14 < 2^17 and its 18 low
//                          bits are its value; sum_cos^2 + sum_sin^2 < 2^35, so the 36 bits the
//                          reference's isqrt36 reads are the whole sum.
// The divisions and roots go through one divsqrt_unit (rtl/fpga/divsqrt_unit.v): isqrt36 is
// its SQRT; 2^28 / mag its DIVU, whose zero divisor gives q = 0, the reference's guarded recip;
// mag / 6 its DIVU. Constant compares (clamp to 1.0, R > 0.7) stay in fabric.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module kuramoto_order_parameter_fold #(
    parameter WIDTH = 18   // as the reference, whose intermediate widths are written for 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire signed [WIDTH-1:0] x0, y0, x1, y1, x2, y2, x3, y3, x4, y4, x5, y5,
    output reg  signed [20:0]      sum_cos,
    output reg  signed [20:0]      sum_sin,
    output reg  signed [WIDTH-1:0] kuramoto_r,
    output reg                     high_synchrony
);
    // Constants of kuramoto_order_parameter.v, same names, widths and values.
    localparam signed [WIDTH-1:0] R_HIGH = 18'sd11469;   // 0.7
    localparam [17:0]             R_ONE  = 18'd16384;    // 1.0

    // divsqrt_unit latencies (its header): start clock to done clock.
    localparam integer SQRT_WAIT = 19;
    localparam integer DIV_WAIT  = 35;
    /* verilator lint_off UNUSEDPARAM */
    // Clocks of a slot and from the start clock to the first clock with busy low (schedule in
    // the header); the integrator places commit at least CLOCKS clocks after start.
    localparam integer SLOT   = 4 + SQRT_WAIT + DIV_WAIT + 6;
    localparam integer CLOCKS = 1 + 6 * SLOT + 3 + SQRT_WAIT + DIV_WAIT + 1;
    /* verilator lint_on UNUSEDPARAM */

    localparam [1:0] OP_SQRT = 2'b00;
    localparam [1:0] OP_DIVU = 2'b10;

    // Sequencer states.
    localparam [2:0] S_IDLE = 3'd0;   // not busy
    localparam [2:0] S_SQ   = 3'd1;   // p0 .. p3 / f0 .. f3: the two squares, start SQRT
    localparam [2:0] S_ROOT = 3'd2;   // waiting for the root; at done start DIVU
    localparam [2:0] S_DIV  = 3'd3;   // waiting for the quotient
    localparam [2:0] S_UNIT = 3'd4;   // p58 .. p63: the four recip products

    reg [2:0] st;
    reg [2:0] ph;     // clock within S_SQ (0 .. 3) or S_UNIT (0 .. 5)
    reg [2:0] k;      // oscillator of the slot
    reg       fin;    // the final stage (R from the sums) rather than a slot

    // ------------------------------------------------------------------ operands of slot k
    reg signed [17:0] xk, yk;
    always @(*) begin
        case (k)
            3'd0:    begin xk = x0; yk = y0; end
            3'd1:    begin xk = x1; yk = y1; end
            3'd2:    begin xk = x2; yk = y2; end
            3'd3:    begin xk = x3; yk = y3; end
            3'd4:    begin xk = x4; yk = y4; end
            default: begin xk = x5; yk = y5; end
        endcase
    end

    // ------------------------------------------------------------------ divsqrt_unit
    reg         ds_start;
    reg  [1:0]  ds_op;
    reg  [35:0] ds_a;
    reg  [32:0] ds_b;
    // Unused: busy (the schedule knows the latencies), dz (q = 0 is the guarded recip), r,
    // and q[32:29] (every quotient and root here is below 2^29).
    /* verilator lint_off UNUSEDSIGNAL */
    wire        ds_busy, ds_dz;
    wire [32:0] ds_r;
    wire [32:0] ds_q;
    /* verilator lint_on UNUSEDSIGNAL */
    wire        ds_done;

    divsqrt_unit u_divsqrt (
        .clk(clk), .rst(rst), .start(ds_start), .op(ds_op), .a(ds_a), .b(ds_b),
        .busy(ds_busy), .done(ds_done), .q(ds_q), .r(ds_r), .dz(ds_dz)
    );

    // ------------------------------------------------------------------ the multiplier
    // Operands and product registered (DSP48E1 AREG/BREG, MREG), no reset: nothing reads them
    // before the schedule has written them.
    reg signed [17:0] mul_a, mul_b;   // operands issued this clock
    reg signed [17:0] ma, mb;
    reg signed [35:0] mp;
    always @(posedge clk) begin
        ma <= mul_a;
        mb <= mul_b;
        mp <= ma * mb;
    end

    // The computed next values of the reference's registers.
    reg signed [20:0] sum_cos_nx, sum_sin_nx;
    reg        [17:0] r_nx;
    reg        [35:0] m2;      // the first square of a sum of squares
    reg signed [31:0] p_lo;    // x * recip[16:0] (or y), its 32 low bits

    // recip_k while the unit holds it (S_UNIT), split for the 18-bit operand.
    wire signed [17:0] recip_lo = {1'b0, ds_q[16:0]};
    wire signed [17:0] recip_hi = {6'd0, ds_q[28:17]};
    // Bits 31:0 of x * recip: (x * recip_hi) << 17 + x * recip_lo, modulo 2^32; bits 13:0 are
    // the ones the reference's >>> 14 drops.
    /* verilator lint_off UNUSEDSIGNAL */
    wire        [31:0] prod32 = {mp[14:0], 17'd0} + p_lo;
    /* verilator lint_on UNUSEDSIGNAL */
`ifdef PHIN_PLANT_KURAMOTO
    // Test plant, never defined in a build: s_5 one LSB too high. testbenches/run.sh builds
    // tb_kuramoto_order_parameter_fold with it and requires the testbench to fail.
    wire signed [17:0] u_k = prod32[31:14] + {17'd0, ph == 3'd5 && k == 3'd5};
`else
    // The unit value, ((c * recip) >>> 14)[17:0], is bits 31:14 of the product.
    wire signed [17:0] u_k = prod32[31:14];
`endif
    wire signed [20:0] u_ext = {{3{u_k[17]}}, u_k};

    // Multiplier operands and divsqrt requests of the current clock (schedule in the header).
    always @(*) begin
        mul_a    = 18'sd0;
        mul_b    = 18'sd0;
        ds_start = 1'b0;
        ds_op    = OP_SQRT;
        ds_a     = m2 + mp[35:0];
        ds_b     = 33'd0;
        case (st)
            S_SQ: begin
                // The final stage squares the sums, whose 18 low bits are their value.
                if (ph == 3'd0) begin
                    mul_a = fin ? sum_cos_nx[17:0] : xk;
                    mul_b = mul_a;
                end else if (ph == 3'd1) begin
                    mul_a = fin ? sum_sin_nx[17:0] : yk;
                    mul_b = mul_a;
                end
                ds_start = ph == 3'd3;
            end
            S_ROOT: begin
                ds_start = ds_done;
                ds_op    = OP_DIVU;
                if (fin) begin
                    ds_a = {18'd0, ds_q[17:0]};
                    ds_b = 33'd6;
                end else begin
                    ds_a = 36'h0_1000_0000;
                    ds_b = {15'd0, ds_q[17:0]};
                end
            end
            S_UNIT: begin
                mul_a = ph[1] ? yk : xk;
                mul_b = ph[0] ? recip_hi : recip_lo;
            end
            default: ;
        endcase
    end

    // ------------------------------------------------------------------ sequencer
    always @(posedge clk) begin
        if (rst) begin
            st   <= S_IDLE;
            busy <= 1'b0;
        end else begin
            case (st)
                S_IDLE: if (start) begin
                    st         <= S_SQ;
                    ph         <= 3'd0;
                    k          <= 3'd0;
                    fin        <= 1'b0;
                    busy       <= 1'b1;
                    sum_cos_nx <= 21'sd0;
                    sum_sin_nx <= 21'sd0;
                end
                S_SQ: begin
                    ph <= ph + 3'd1;
                    if (ph == 3'd2) m2 <= mp[35:0];   // x^2 >= 0 (sum^2 in the final stage)
                    if (ph == 3'd3) st <= S_ROOT;
                end
                S_ROOT: if (ds_done) st <= S_DIV;
                S_DIV: if (ds_done) begin
                    if (fin) begin
                        r_nx <= (ds_q[17:0] > R_ONE) ? R_ONE : ds_q[17:0];
                        st   <= S_IDLE;
                        busy <= 1'b0;
                    end else begin
                        st <= S_UNIT;
                        ph <= 3'd0;
                    end
                end
                S_UNIT: begin
                    ph <= ph + 3'd1;
                    if (ph == 3'd2 || ph == 3'd4) p_lo <= mp[31:0];
                    if (ph == 3'd3) sum_cos_nx <= sum_cos_nx + u_ext;
                    if (ph == 3'd5) begin
                        sum_sin_nx <= sum_sin_nx + u_ext;
                        st         <= S_SQ;
                        ph         <= 3'd0;
                        if (k == 3'd5) fin <= 1'b1;
                        else k <= k + 3'd1;
                    end
                end
                default: st <= S_IDLE;
            endcase
        end
    end

    // ------------------------------------------------------------------ the reference's registers
    always @(posedge clk) begin
        if (rst) begin
            sum_cos        <= 21'sd0;
            sum_sin        <= 21'sd0;
            kuramoto_r     <= 18'sd0;
            high_synchrony <= 1'b0;
        end else if (commit) begin
            sum_cos        <= sum_cos_nx;
            sum_sin        <= sum_sin_nx;
            kuramoto_r     <= $signed(r_nx);
            high_synchrony <= $signed(r_nx) > R_HIGH;
        end
    end
endmodule
`default_nettype wire
