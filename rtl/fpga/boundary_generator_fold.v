// boundary_generator_fold: the folded form of rtl/boundary_generator.v (issue 19, the folded
// processor; docs/fpga.md, section "The folded boundary_generator"). The reference computes
// its geometric-mean frequency with a combinational isqrt36, four 18 x 18 products and the ten
// products of its own hopf_oscillator u_osc in one clock (21 DSP48E1); here every product goes
// through one registered multiplier, one after another, and the root through one divsqrt_unit,
// so the module needs one DSP48E1. The Hopf step of u_osc is sequenced on the same multiplier
// (the datapath of rtl/fpga/hopf_engine.v, reordered), not through a hopf_engine instance, which
// would bring a second multiplier and a state memory that commits before the commit edge.
//
// What it computes (section "SIE Dynamics Monitoring (v11.3)" of the source document, as the
// reference; contract docs/spec/boundary_generator.md):
//   omega_b        = p > 0 ? min(isqrt(p), 131071) : 0,  p = omega_1 * omega_2
//   drive          = (x1 * x2) >>> 25                    (u_osc's input_x)
//   env            = sat18((amp1 * amp2) >>> 14)
//   boundary_x    <= sat18((osc_x * env) >>> 14)         (osc_x before the edge)
//   power_acc     <= power_acc + sat18(bx^2 >>> 14) - (power_acc >>> 10)
//   osc_x, osc_y  <= one Hopf step of (osc_x, osc_y) with mu_dt, omega_b, drive
//                    (docs/spec/hopf_oscillator.md, steps 1-8)
//   boundary_power = power_acc >>> 10
//
// Equality with the reference. On the commit edge every register of the reference
// (boundary_x, power_acc, and u_osc's x, y, here osc_x, osc_y) takes the value the reference
// computes on its clk_en edge from the same inputs and the same registers:
//   - every product is the reference's product at its widths: the 18 x 18 ones are the low
//     36 bits of the 41-bit product (exact), r_sq * x, r_sq * y (23 x 18) and x_sum * corr,
//     y_sum * corr (the sums' 23 low bits are their value, hopf_engine.v's bound) are exact;
//   - the root is divsqrt_unit's SQRT of the same 36-bit pattern p (isqrt36, bit for bit), and
//     the guards p <= 0 and root > 131071 are the reference's;
//   - the shifts, saturations and the Hopf step's clamps are the reference's expressions at its
//     widths. x_sum and y_sum are accumulated in 32 bits in another order than the reference's
//     one expression; 32-bit addition is modular, so the sum is the same integer;
//   - power_acc's update is the reference's expression, evaluated on the commit edge from the
//     committed power_acc.
// omega_b differs from the reference during a tick: the reference's is a combinational function
// of the inputs; here it is a register, written with the tick's value on edge 22 (schedule
// below) and held from there to the next tick's edge 22 (reset: 0). From ready to the commit
// edge and until the next start the inputs are the tick's, so there it equals the reference's.
// The folded top does not use omega_b.
// Proof: testbenches/tb_boundary_generator_fold.v (the reference beside it, every tick).
//
// Interface: the reference's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The inputs are read from the clock after that edge on and must hold until
//           the commit edge (they may still change on the start edge itself).
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It must come at least CLOCKS clocks after
//           the start edge (busy low); an earlier commit commits a half-computed tick. A commit
//           without a start commits the last computed values (the folded top always pairs
//           them). start and commit may share a clock: the computation then reads the registers
//           committed on that edge.
//   busy    high from the start edge to the edge that stores the last value (osc_y's).
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
//
// Schedule. The start edge is edge 0; clock c is the clock that ends with edge c (c = 1 the
// first after start). The multiplier registers its operands and its product (DSP48E1 AREG/BREG
// and MREG): a product issued in clock c is in `prod` during clock c + 2, where it is used and
// its reduction stored on the edge ending that clock.
//
//   clock | multiplier issue        | use (stored on the edge ending the clock)
//   ------+-------------------------+----------------------------------------------------------
//   1     | omega_1 * omega_2       |
//   2     | x1 * x2                 |
//   3     | amp1 * amp2             | p: divsqrt_unit accepts SQRT p; p_pos = p > 0
//   4     | osc_x * osc_x           | drive = (x1 x2) >>> 25; acc_x = osc_x + drive; acc_y = osc_y
//   5     | osc_y * osc_y           | env = sat18((amp1 amp2) >>> 14)
//   6     | osc_x * env             | x_sq
//   7     | mu_dt * osc_x           | r_sq = (x_sq + y^2) >>> 14                (step 1)
//   8     | r_sq * osc_x            | bx_nx = sat18(bxe >>> 14); corr, correct   (step 5)
//   9     | bx_nx * bx_nx           | acc_x += (mu_dt x) >>> 14                  (step 2)
//   10    | mu_dt * osc_y           | acc_x -= damp_x                            (step 3)
//   11    | r_sq * osc_y            | p_in = sat18(bx^2 >>> 14)
//   12    |                         | acc_y += (mu_dt y) >>> 14                  (step 2)
//   13    |                         | acc_y -= damp_y                            (step 3)
//   14-21 |                         | (the root: divsqrt_unit's iterations)
//   22    |                         | divsqrt done: omega_b = guarded root
//   23    | omega_b * osc_y         |
//   25    |                         | acc_x -= (omega_b y) >>> 14: acc_x is x_sum (step 4)
//   26    | omega_b * x_half        | (x_half = sat18(x_sum))
//   27    | x_sum * corr            |
//   28    |                         | acc_y += (omega_b x_half) >>> 14: y_sum    (step 4)
//   29    | y_sum * corr            | x_nx = sat18(correct ? (x_sum corr) >>> 14 : x_sum)
//   31    |                         | y_nx likewise; busy low                    (steps 6-8)
//   32    |                         | commit allowed
//
//   CLOCKS = 32 clocks from the start edge to the first edge that may commit: the root's
//   1 + 2 + 19 = 22 clocks (the product p, the accepting edge 3, divsqrt_unit's 18 iterations
//   and its done clock) and the Hopf step's rotation and correction after it (9 clocks), plus
//   the edge after the last store. The folded top's tick is 443 clocks: it fits in parallel.
//
// One multiplier, 23 x 18 bits signed, product 41 bits, one DSP48E1 (25 x 18), the operands of
// hopf_engine.v's. One divsqrt_unit (SQRT only). The constant multiplication DT * r2q (DT = 4)
// stays in fabric (a shift), as in hopf_engine.v.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module boundary_generator_fold #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire signed [WIDTH-1:0] mu_dt,
    input  wire signed [WIDTH-1:0] omega_1,
    input  wire signed [WIDTH-1:0] omega_2,
    input  wire signed [WIDTH-1:0] x1,
    input  wire signed [WIDTH-1:0] x2,
    input  wire signed [WIDTH-1:0] amp1,
    input  wire signed [WIDTH-1:0] amp2,
    output reg  signed [WIDTH-1:0] omega_b,
    output reg  signed [WIDTH-1:0] boundary_x,
    output reg  signed [29:0]      power_acc,
    output wire signed [WIDTH-1:0] boundary_power
);
    // Schedule clocks (table above).
    localparam [5:0] C_P     = 6'd1;    // issue omega_1 * omega_2
    localparam [5:0] C_XX    = 6'd2;    // issue x1 * x2
    localparam [5:0] C_AA    = 6'd3;    // issue amp1 * amp2; use p
    localparam [5:0] C_OXX   = 6'd4;    // issue osc_x^2; use x1 x2
    localparam [5:0] C_OYY   = 6'd5;    // issue osc_y^2; use amp1 amp2
    localparam [5:0] C_BXE   = 6'd6;    // issue osc_x * env; use osc_x^2
    localparam [5:0] C_MUX   = 6'd7;    // issue mu_dt * osc_x; use osc_y^2
    localparam [5:0] C_R2X   = 6'd8;    // issue r_sq * osc_x; use bxe
    localparam [5:0] C_BX2   = 6'd9;    // issue bx_nx^2; use mu_dt x
    localparam [5:0] C_MUY   = 6'd10;   // issue mu_dt * osc_y; use r_sq x
    localparam [5:0] C_R2Y   = 6'd11;   // issue r_sq * osc_y; use bx^2
    localparam [5:0] C_USE_MUY = 6'd12; // use mu_dt y
    localparam [5:0] C_USE_R2Y = 6'd13; // use r_sq y
    localparam [5:0] C_OMY   = 6'd23;   // issue omega_b * osc_y
    localparam [5:0] C_USE_OMY = 6'd25; // use it: x_sum
    localparam [5:0] C_OMX   = 6'd26;   // issue omega_b * x_half
    localparam [5:0] C_XC    = 6'd27;   // issue x_sum * corr
    localparam [5:0] C_USE_OMX = 6'd28; // use omega_b x_half: y_sum
    localparam [5:0] C_YC    = 6'd29;   // issue y_sum * corr; x_nx
    localparam [5:0] C_LAST  = 6'd31;   // y_nx; busy low
    // Clocks from the start edge to the first edge that may commit (schedule above). Read by
    // the integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 32;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of boundary_generator.v and hopf_oscillator.v, same names, widths and values.
    localparam signed [35:0] SAT_MAX   = 36'sd131071;  // +7.99994
    localparam signed [35:0] SAT_MIN   = -36'sd131072; // -8.0
    localparam signed [17:0] DT        = 18'sd4;       // dt = 0.00025 s (4.096 -> 4)
    localparam signed [22:0] R2_THRESH = 23'sd17408;   // 1.0625 (compared with r_sq)
    localparam signed [23:0] TWO_Q14   = 24'sd32768;   // 2.0
    localparam signed [23:0] CORR_MIN  = 24'sd8192;    // 0.5
    localparam signed [23:0] CORR_MAX  = 24'sd16384;   // 1.0
    localparam signed [17:0] X_INIT    = 18'sd8192;    // 0.5
    localparam signed [17:0] Y_INIT    = 18'sd0;
    localparam signed [31:0] HALF_MAX  = 32'sd131071;  // x_half saturation
    localparam signed [31:0] HALF_MIN  = -32'sd131072;
    localparam [1:0]         OP_SQRT   = 2'b00;        // divsqrt_unit's square root

    // The reference's saturation of a 36-bit value to 18 bits.
    function signed [WIDTH-1:0] sat18;
        input signed [35:0] v;
        begin
            sat18 = (v > SAT_MAX) ? SAT_MAX[WIDTH-1:0] : (v < SAT_MIN) ? SAT_MIN[WIDTH-1:0]
                                                                       : v[WIDTH-1:0];
        end
    endfunction

    // ---- the reference's registers (u_osc.x, u_osc.y are osc_x, osc_y)
    reg signed [WIDTH-1:0] osc_x;
    reg signed [WIDTH-1:0] osc_y;

    // ---- sequencer
    reg [5:0] c;   // clock of the schedule, 1 in the clock after the start edge

    // ---- tick registers: the next values and the intermediates
    reg               p_pos;      // p > 0
    reg signed [17:0] env;
    reg signed [17:0] bx_nx;      // boundary_x's next value
    reg signed [17:0] p_in;       // power_acc's input
    reg signed [31:0] acc_x;      // x_sum after clock 25
    reg signed [31:0] acc_y;      // y_sum after clock 28
    reg signed [35:0] x_sq;
    reg signed [22:0] r_sq;
    reg signed [17:0] corr;       // in [8192, 16384]
    reg               correct;
    reg signed [17:0] x_nx;
    reg signed [17:0] y_nx;

    // ---- the multiplier (registered operands and product: one DSP48E1)
    reg signed [22:0] op_a;
    reg signed [17:0] op_b;
    reg signed [22:0] mul_a;
    reg signed [17:0] mul_b;
    reg signed [40:0] prod;

    // x_half: this step's x, saturated to Q4.14 (step 4), from x_sum in acc_x.
    wire signed [17:0] x_half = (acc_x > HALF_MAX) ? HALF_MAX[17:0] :
                                (acc_x < HALF_MIN) ? HALF_MIN[17:0] : acc_x[17:0];

    always @(*) begin
        op_a = {{5{osc_x[17]}}, osc_x};
        op_b = osc_x;
        case (c)
            C_P:   begin op_a = {{5{omega_1[17]}}, omega_1}; op_b = omega_2; end
            C_XX:  begin op_a = {{5{x1[17]}}, x1};           op_b = x2;      end
            C_AA:  begin op_a = {{5{amp1[17]}}, amp1};       op_b = amp2;    end
            C_OXX: begin op_a = {{5{osc_x[17]}}, osc_x};     op_b = osc_x;   end
            C_OYY: begin op_a = {{5{osc_y[17]}}, osc_y};     op_b = osc_y;   end
            C_BXE: begin op_a = {{5{osc_x[17]}}, osc_x};     op_b = env;     end
            C_MUX: begin op_a = {{5{osc_x[17]}}, osc_x};     op_b = mu_dt;   end
            C_R2X: begin op_a = r_sq;                        op_b = osc_x;   end
            C_BX2: begin op_a = {{5{bx_nx[17]}}, bx_nx};     op_b = bx_nx;   end
            C_MUY: begin op_a = {{5{osc_y[17]}}, osc_y};     op_b = mu_dt;   end
            C_R2Y: begin op_a = r_sq;                        op_b = osc_y;   end
            C_OMY: begin op_a = {{5{osc_y[17]}}, osc_y};     op_b = omega_b; end
            C_OMX: begin op_a = {{5{x_half[17]}}, x_half};   op_b = omega_b; end
            C_XC:  begin op_a = acc_x[22:0];                 op_b = corr;    end
            C_YC:  begin op_a = acc_y[22:0];                 op_b = corr;    end
            default: ;
        endcase
    end

    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= op_b;
        prod  <= mul_a * mul_b;
    end

    // ---- product reductions. The *_sh wires hold a shift at full width; only their low bits
    // are used, the rest are sign copies (the bounds in the reference and its contracts).
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] p36       = prod[35:0];           // an 18 x 18 product, exact
    wire signed [35:0] p36_frac  = p36 >>> FRAC;
    wire signed [35:0] p36_drive = p36 >>> (FRAC + 11);
    // The reference's guarded outputs of a product.
    wire signed [17:0] drive     = p36_drive[17:0];      // |x1 x2| <= 2^34: fits 10 bits
    wire signed [17:0] sat_frac  = sat18(p36_frac);      // env, bx_nx, p_in
    // Hopf step (hopf_engine.v's reductions, the reference's widths).
    wire signed [40:0] prod_sh   = prod >>> FRAC;
    wire signed [36:0] r_sq_full = {x_sq[35], x_sq} + {prod[35], prod[35:0]};
    wire signed [36:0] r_sq_sh   = r_sq_full >>> FRAC;
    wire signed [26:0] r2_q      = prod_sh[26:0];
    wire signed [44:0] dt_r2     = DT * r2_q;
    wire signed [44:0] damp_s    = dt_r2 >>> FRAC;
    wire signed [30:0] damp      = damp_s[30:0];
    wire signed [35:0] corr_prod = prod_sh[35:0];
    wire signed [23:0] corr_raw  = TWO_Q14 - {r_sq[22], r_sq};
    wire signed [23:0] corr_cl   = (corr_raw < CORR_MIN) ? CORR_MIN :
                                   (corr_raw > CORR_MAX) ? CORR_MAX : corr_raw;
    wire signed [29:0] pacc_sh   = power_acc >>> 10;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [31:0] lin       = prod_sh[31:0];
    wire signed [31:0] damp32    = {damp[30], damp};

    wire signed [35:0] x_pick = correct ? corr_prod : {{4{acc_x[31]}}, acc_x};
    wire signed [35:0] y_pick = correct ? corr_prod : {{4{acc_y[31]}}, acc_y};

`ifdef PHIN_PLANT_BOUNDARY
    // Test plant, never defined in a build: power_acc's input has its LSB flipped when
    // boundary_x's next value is negative. testbenches/run.sh builds
    // tb_boundary_generator_fold with it and requires the testbench to fail.
    wire signed [17:0] p_in_nx = sat_frac ^ {17'd0, bx_nx[17]};
`else
    wire signed [17:0] p_in_nx = sat_frac;
`endif

    // ---- the root: divsqrt_unit's SQRT of p in the clock p is in prod
    wire        dv_done;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [32:0] dv_q;       // the root in q[17:0], q[32:18] = 0
    wire        dv_busy;
    wire [32:0] dv_r;
    wire        dv_dz;
    /* verilator lint_on UNUSEDSIGNAL */
    wire        dv_start = busy && (c == C_AA);
    divsqrt_unit u_sqrt (
        .clk(clk), .rst(rst), .start(dv_start), .op(OP_SQRT), .a(prod[35:0]), .b(33'd0),
        .busy(dv_busy), .done(dv_done), .q(dv_q), .r(dv_r), .dz(dv_dz)
    );
    wire [17:0]        root  = dv_q[17:0];
    wire signed [17:0] ob_nx = !p_pos ? 18'sd0 : (root > 18'd131071) ? 18'sd131071
                                                                     : $signed(root);

    always @(posedge clk) begin
        if (rst) begin
            busy    <= 1'b0;
            c       <= 6'd0;
            omega_b <= 18'sd0;
        end else if (start) begin
            busy <= 1'b1;
            c    <= 6'd1;
        end else if (busy) begin
            c <= c + 6'd1;
            case (c)
                C_AA:  p_pos <= p36 > 36'sd0;
                C_OXX: begin
                    acc_x <= {{14{osc_x[17]}}, osc_x} + {{14{drive[17]}}, drive};
                    acc_y <= {{14{osc_y[17]}}, osc_y};
                end
                C_OYY: env   <= sat_frac;
                C_BXE: x_sq  <= p36;
                C_MUX: r_sq  <= r_sq_sh[22:0];
                C_R2X: begin
                    bx_nx   <= sat_frac;
                    corr    <= corr_cl[17:0];
                    correct <= r_sq > R2_THRESH;
                end
                C_BX2:     acc_x <= acc_x + lin;
                C_MUY:     acc_x <= acc_x - damp32;
                C_R2Y:     p_in  <= p_in_nx;
                C_USE_MUY: acc_y <= acc_y + lin;
                C_USE_R2Y: acc_y <= acc_y - damp32;
                C_USE_OMY: acc_x <= acc_x - lin;
                C_USE_OMX: acc_y <= acc_y + lin;
                C_YC:  x_nx <= (x_pick > SAT_MAX) ? SAT_MAX[17:0] :
                               (x_pick < SAT_MIN) ? SAT_MIN[17:0] : x_pick[17:0];
                C_LAST: begin
                    y_nx <= (y_pick > SAT_MAX) ? SAT_MAX[17:0] :
                            (y_pick < SAT_MIN) ? SAT_MIN[17:0] : y_pick[17:0];
                    busy <= 1'b0;
                end
                default: ;
            endcase
            // divsqrt_unit's done clock is clock 22 of the schedule (accepted on edge 3,
            // 18 iterations, done in the clock after).
            if (dv_done) omega_b <= ob_nx;
        end
    end

    // ---- the reference's registers, stepped on the commit edge as on its clk_en edge
    always @(posedge clk) begin
        if (rst) begin
            boundary_x <= 18'sd0;
            power_acc  <= 30'sd0;
            osc_x      <= X_INIT;
            osc_y      <= Y_INIT;
        end else if (commit) begin
            boundary_x <= bx_nx;
            power_acc  <= power_acc + {{12{p_in[17]}}, p_in} - pacc_sh;
            osc_x      <= x_nx;
            osc_y      <= y_nx;
        end
    end

    assign boundary_power = pacc_sh[WIDTH-1:0];           // acc <= 131071 * 2^10: fits
endmodule
`default_nettype wire
