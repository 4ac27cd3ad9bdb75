// coupling_mode_controller_fold: the folded form of rtl/coupling_mode_controller.v (issue 19,
// the folded processor; docs/fpga.md, section "The folded coupling_mode_controller"). The
// reference evaluates four segment lerps a tick, each a product and a 32-bit signed division by
// 1000, combinationally (of which two are used: the first or the second half of the crossfade);
// here the two it uses run one after another through one registered multiplier and one
// divsqrt_unit.
//
// What it computes (section "SIE Dynamics Monitoring (v11.3)" of the source document, as the
// reference; contract docs/spec/coupling_mode_controller.md): the coupling regime MODULATORY,
// TRANSITION (a 2000-tick crossfade through 0.5 / 0.5) or HARMONIC, and the PAC and harmonic
// gains, with the crossfade's gains the reference's segment lerp
//   seg(a, b, t) = a + ((b - a) * t) / 1000   (19-bit difference, 32-bit signed product and
//                                              quotient truncated toward zero, 18-bit sum)
//
// Equality with the reference. On the commit edge every register of the reference
// (coupling_mode, mode_target, xfade_timer, pac_gain, harmonic_gain; the same names) takes the
// value the reference computes on its clk_en edge. The reference's pac_x and harm_x (the gains
// one crossfade step on) depend only on the committed mode_target and xfade_timer, so they are
// computed during the tick into pac_x_nx and harm_x_nx; the rest of the next-state logic (the
// mode rules from the inputs, the case statement) is the reference's, read on the commit edge.
//   - the product (b - a) * t: 19-bit signed times the 11-bit t_seg (zero-extended, 12 bits
//     signed) on the shared multiplier, 31-bit product; the reference's is 32 bits, and
//     |b - a| <= 2^15, t_seg <= 1047, so both are the same integer (below 2^25);
//   - the division: divsqrt_unit's DIVS of that product sign-extended to 33 bits by 1000; the
//     reference's is 32-bit signed; the same integer for a dividend below 2^25;
//   - the sum a + q[17:0] at the reference's 18 bits.
// Proof: testbenches/tb_coupling_mode_controller_fold.v (the reference beside it, every tick).
//
// Interface: the reference's parameter and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The inputs are read on the commit edge only (the lerps depend on registers
//           alone), and must be the reference's there.
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It must come at least CLOCKS clocks after
//           the start edge (busy low); a commit without a start, or an early one, commits the
//           last computed lerps. start and commit may share a clock: the computation then reads
//           the registers committed on that edge.
//   busy    high from the start edge to the edge that stores the last lerp.
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
//
// Schedule (the start edge is edge 0, edge e the e-th rising edge after it). The multiplier has
// registered operands and a registered product (DSP48E1 AREG/BREG, MREG): operands loaded on
// edge e give the product on edge e + 1. A division accepted on edge a is read on edge a + 35
// (divsqrt_unit: 33 iterations, the sign clock, the done clock), where the next is accepted.
//
//   edge | multiplier                        | divsqrt_unit                | this module
//   -----+-----------------------------------+-----------------------------+------------------
//   0    | -                                 | -                           | start: busy
//   1    | operands d_pac, t_seg             | -                           |
//   2    | operands d_harm, t_seg; product   | -                           |
//        | d_pac * t_seg                     |                             |
//   3    | product d_harm * t_seg (held)     | accepts d_pac * t / 1000    |
//   38   | -                                 | q read; accepts             | pac_x_nx
//        |                                   | d_harm * t / 1000           |
//   73   | -                                 | q read                      | harm_x_nx; busy low
//   >= 74| -                                 | -                           | commit allowed
//
//   CLOCKS = 3 + 2 * 35 + 1 = 74 clocks from the start edge to the first edge that may commit.
//
// One multiplier, 19 x 12 bits signed (product 31 bits): fits one DSP48E1 (25 x 18).
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module coupling_mode_controller_fold #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire signed [WIDTH-1:0] sync_order,
    input  wire signed [WIDTH-1:0] boundary_power,
    input  wire                    sie_active,
    input  wire                    sie_decay_phase,
    input  wire                    force_harmonic,
    output reg  [1:0]              coupling_mode,
    output reg                     mode_target,
    output reg  [10:0]             xfade_timer,
    output reg  signed [WIDTH-1:0] pac_gain,
    output reg  signed [WIDTH-1:0] harmonic_gain
);
    // divsqrt_unit's clocks from the edge accepting a division to the edge ending its done
    // clock, also the period of divisions run back to back.
    localparam integer DIV_CLOCKS = 35;
    // Clocks from the start edge to the first edge that may commit (schedule above). Read by the
    // integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 3 + 2 * DIV_CLOCKS + 1;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of coupling_mode_controller.v, same names, widths and values.
    localparam [1:0] MODE_MODULATORY = 2'd0;
    localparam [1:0] MODE_TRANSITION = 2'd1;
    localparam [1:0] MODE_HARMONIC   = 2'd2;
    localparam signed [WIDTH-1:0] GAIN_FULL = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] GAIN_MID  = 18'sd8192;   // 0.5 (TRANSITION)
    localparam signed [WIDTH-1:0] GAIN_LOW  = 18'sd2048;   // 0.125
    localparam signed [WIDTH-1:0] SYNC_HIGH = 18'sd11469;  // 0.7 (the rules' "R > 0.7")
    localparam signed [WIDTH-1:0] SYNC_LOW  = 18'sd8192;   // 0.5 (the rules' "R < 0.5")
    localparam signed [WIDTH-1:0] BOUNDARY_POWER_THRESH = 18'sd4096;  // 0.25
    localparam [10:0]             XFADE_TICKS = 11'd2000;  // 500 ms at 4 kHz
    localparam [10:0]             XFADE_HALF  = 11'd1000;
    localparam [1:0]              OP_DIVS  = 2'b11;        // divsqrt_unit's signed division
    localparam [32:0]             DIVISOR  = 33'd1000;     // the reference's 32'sd1000

    // ---- the reference's mode rules (read on the commit edge)
    wire sie_hold = sie_active && !sie_decay_phase;
    wire to_harm  = force_harmonic || sie_hold
                 || ((sync_order > SYNC_HIGH) && (boundary_power > BOUNDARY_POWER_THRESH));
    wire to_mod   = !force_harmonic && !sie_hold && ((sync_order < SYNC_LOW) || sie_decay_phase);

    // ---- the reference's crossfade position and segment ends (committed registers only)
    wire [10:0] t_nx   = xfade_timer + 11'd1;
    wire        first  = t_nx < XFADE_HALF;
    wire [10:0] t_seg  = first ? t_nx : t_nx - XFADE_HALF;
    wire signed [WIDTH-1:0] pac_src  = mode_target ? GAIN_FULL : GAIN_LOW;
    wire signed [WIDTH-1:0] pac_dst  = mode_target ? GAIN_LOW : GAIN_FULL;
    wire signed [WIDTH-1:0] harm_src = mode_target ? GAIN_LOW : GAIN_FULL;
    wire signed [WIDTH-1:0] harm_dst = mode_target ? GAIN_FULL : GAIN_LOW;
    // seg(a, b, t)'s a and b for the two lerps the reference uses: pac_x and harm_x.
    wire signed [WIDTH-1:0] pac_a  = first ? pac_src : GAIN_MID;
    wire signed [WIDTH-1:0] pac_b  = first ? GAIN_MID : pac_dst;
    wire signed [WIDTH-1:0] harm_a = first ? harm_src : GAIN_MID;
    wire signed [WIDTH-1:0] harm_b = first ? GAIN_MID : harm_dst;
    // The reference's d = b - a at 19 bits.
    wire signed [WIDTH:0] d_pac  = {pac_b[WIDTH-1], pac_b} - {pac_a[WIDTH-1], pac_a};
    wire signed [WIDTH:0] d_harm = {harm_b[WIDTH-1], harm_b} - {harm_a[WIDTH-1], harm_a};

    // ---- sequencer: step counts the edges after the start edge while busy
    reg [6:0] step;

    // ---- the multiplier: registered operands and product (one DSP48E1)
    reg  signed [WIDTH:0] mul_a;   // 19 bits: d
    reg  signed [11:0]    mul_b;   // 12 bits: t_seg zero-extended
    reg  signed [30:0]    mul_p;   // 31 bits: |d * t| < 2^25
    wire                  mul_ld   = busy && (step == 7'd0 || step == 7'd1);
    wire signed [WIDTH:0] mul_a_nx = (step == 7'd0) ? d_pac : d_harm;

    // ---- the divider: the product sign-extended to 33 bits, over 1000
    wire        dv_done;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [32:0] dv_q;       // |q| < 2^15: the reference also keeps q[WIDTH-1:0] only
    wire        dv_busy;
    wire [32:0] dv_r;
    wire        dv_dz;
    /* verilator lint_on UNUSEDSIGNAL */
    // The pac division starts in the clock that ends with edge 3 (step 2), the harm division in
    // the pac division's done clock.
    reg         harm_div;   // the running division is the second (harm)
    wire        dv_start = busy && ((step == 7'd2) || (dv_done && !harm_div));
    wire [35:0] dv_a = {{5{mul_p[30]}}, mul_p};

    divsqrt_unit u_div (
        .clk(clk), .rst(rst), .start(dv_start), .op(OP_DIVS), .a(dv_a), .b(DIVISOR),
        .busy(dv_busy), .done(dv_done), .q(dv_q), .r(dv_r), .dz(dv_dz)
    );

    // The reference's seg result a + q[WIDTH-1:0], for the lerp whose quotient is read now.
    wire signed [WIDTH-1:0] seg_a = harm_div ? harm_a : pac_a;
`ifdef PHIN_PLANT_CMC
    // Test plant, never defined in a build: the PAC gain's lerp LSB flipped when its quotient
    // is negative (the first crossfade, toward HARMONIC). testbenches/run.sh builds tb_coupling_mode_controller_fold with it
    // and requires the testbench to fail.
    wire signed [WIDTH-1:0] seg_x = (seg_a + dv_q[WIDTH-1:0])
                                  ^ {{(WIDTH-1){1'b0}}, !harm_div && dv_q[32]};
`else
    wire signed [WIDTH-1:0] seg_x = seg_a + dv_q[WIDTH-1:0];
`endif

    // The reference's pac_x and harm_x, computed during the tick.
    reg signed [WIDTH-1:0] pac_x_nx;
    reg signed [WIDTH-1:0] harm_x_nx;

    always @(posedge clk) begin
        if (mul_ld) begin
            mul_a <= mul_a_nx;
            mul_b <= {1'b0, t_seg};
        end
        mul_p <= mul_a * mul_b;
    end

    always @(posedge clk) begin
        if (rst) begin
            busy      <= 1'b0;
            step      <= 7'd0;
            harm_div  <= 1'b0;
            pac_x_nx  <= GAIN_FULL;
            harm_x_nx <= GAIN_LOW;
        end else if (start) begin
            busy     <= 1'b1;
            step     <= 7'd0;
            harm_div <= 1'b0;
        end else if (busy) begin
            if (step != 7'd127) step <= step + 7'd1;
            if (dv_done) begin
                if (harm_div) begin
                    harm_x_nx <= seg_x;
                    busy      <= 1'b0;
                end else begin
                    pac_x_nx <= seg_x;
                    harm_div <= 1'b1;
                end
            end
        end
    end

    // ---- the reference's registers, stepped on the commit edge as on its clk_en edge
    always @(posedge clk) begin
        if (rst) begin
            coupling_mode <= MODE_MODULATORY;
            mode_target   <= 1'b0;
            xfade_timer   <= 11'd0;
            pac_gain      <= GAIN_FULL;
            harmonic_gain <= GAIN_LOW;
        end else if (commit) begin
            case (coupling_mode)
                MODE_TRANSITION: begin
                    if (t_nx >= XFADE_TICKS) begin
                        coupling_mode <= mode_target ? MODE_HARMONIC : MODE_MODULATORY;
                        xfade_timer   <= 11'd0;
                        pac_gain      <= pac_dst;
                        harmonic_gain <= harm_dst;
                    end else begin
                        xfade_timer   <= t_nx;
                        pac_gain      <= pac_x_nx;
                        harmonic_gain <= harm_x_nx;
                    end
                end
                MODE_HARMONIC: begin
                    xfade_timer <= 11'd0;
                    if (to_mod) begin
                        coupling_mode <= MODE_TRANSITION;
                        mode_target   <= 1'b0;
                    end
                    pac_gain      <= GAIN_LOW;
                    harmonic_gain <= GAIN_FULL;
                end
                default: begin  // MODULATORY (3 is unreachable and acts as MODULATORY)
                    xfade_timer <= 11'd0;
                    coupling_mode <= to_harm ? MODE_TRANSITION : MODE_MODULATORY;
                    if (to_harm) mode_target <= 1'b1;
                    pac_gain      <= GAIN_FULL;
                    harmonic_gain <= GAIN_LOW;
                end
            endcase
        end
    end
endmodule
`default_nettype wire
