// config_controller_fold: the folded form of rtl/config_controller.v (issue 19, the folded
// processor; docs/fpga.md, section "The folded config_controller"). The reference evaluates its
// thirteen lerps (rtl/phin_lerp.vh: seven lerp_s of the MU words and the Ca2+ threshold, six
// lerp_u of the SIE durations, a product each) and the progress divider
// count_nx * 65535 / duration combinationally in one clock (20 DSP48E1 in a flat
// synthesis); here the division runs on one divsqrt_unit (DIVU) and the thirteen products one
// after another through one registered multiplier, so the module needs one DSP48E1.
//
// What it computes (description section 8: the states, the MU table of 8.2, the interpolation
// of 8.4; v11.2, v11.4, v12.0; as the reference; contract docs/spec/config_controller.md): on a
// request (the mapped state_select differs from transition_to) the outputs are latched as the
// ramp's start and the ramp restarts; while transitioning every output steps to
// lerp(start, target, progress), progress = count_nx * 65535 / duration, and lands on the
// target row when count_nx reaches duration.
//
// Equality with the reference. On the commit edge every register of the reference (the
// thirteen outputs, their start_* shadows, count, duration, transitioning,
// transition_progress, transition_from, transition_to; the same names) takes the value the
// reference computes on its clk_en edge. The lerps and the quotient depend on the registers
// only (start_*, count, duration and the target row of transition_to), not on the inputs, so
// they are computed during the tick into prog_nx and the *_nx registers; the rest of the
// next-state logic (request, done, the three branches) is the reference's, evaluated on the
// commit edge, where the inputs are read:
//   - prog_num = count_nx * 65535 is count_nx * 2^16 - count_nx, a shift and a subtraction at
//     the reference's 32 bits (exact: count_nx < 2^16, so the product is below 2^32);
//   - prog_q: divsqrt_unit's DIVU of prog_num zero-extended to 33 bits by duration
//     zero-extended to 33 bits, the quotient the reference's 32-bit unsigned `/` (duration >= 1
//     always: reset 1, latched as max(transition_duration, 1)); prog_nx = q[15:0] as there;
//   - lerp_s: the 19-bit difference d = b - a times {1'b0, p} (17 bits signed) on the
//     multiplier, a 36-bit product, the reference's 37-bit one (|d| <= 2^18, p < 2^16: below
//     2^34 in magnitude), >>> 16, its low 18 bits added to a at 18 bits;
//   - lerp_u: |b - a| (16 bits, zero-extended) times p (zero-extended) on the multiplier, the
//     reference's 32-bit unsigned product (below 2^32, positive in 36 bits signed), bits 31:16
//     added to or subtracted from a at 16 bits as the reference's branch on b >= a.
// force_harmonic is the reference's combinational function of transition_to.
// Proof: testbenches/tb_config_controller_fold.v (the reference beside it, every clock).
//
// Interface: the reference's parameter and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. It reads the module's registers only (committed on or before that edge).
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). The inputs state_select and
//           transition_duration are read there only. It must come at least CLOCKS clocks after
//           the start edge (busy low); an earlier commit commits a half-computed tick. A commit
//           without a start commits the last computed values (the folded top always pairs
//           them). start and commit may share a clock: the computation then reads the registers
//           committed on that edge.
//   busy    high from the start edge to the edge that stores the last lerp.
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
// Output kinds (docs/fpga.md): every output but force_harmonic is a register of the reference,
// stepped on the commit edge only; force_harmonic is the reference's combinational function of
// transition_to (no product). All equal the reference's at every clock.
//
// Schedule. The start edge is edge 0; clock c is the clock that ends with edge c (c = 1 the
// first after start). The multiplier registers its operands and its product (DSP48E1 AREG/BREG
// and MREG): a product issued in clock c is in `prod` during clock c + 2, where its lerp is
// stored on the edge ending that clock. divsqrt_unit accepts the division on edge 1 and its
// quotient is read in clock 36 (33 iterations, the sign clock, the done clock); q holds until
// the next start of the unit (the next tick's edge 1).
//
//   clock   | divsqrt_unit              | multiplier issue           | stored on the clock's edge
//   --------+---------------------------+----------------------------+---------------------------
//   1       | accepts prog_num/duration |                            |
//   36      | done: q                   | lerp 0 (mu_dt_theta)       | prog_nx = q[15:0]
//   37 .. 48|                           | lerps 1 .. 12 (p = q[15:0])|
//   38 .. 50|                           |                            | lerps 0 .. 12; 50: busy low
//   51      |                           |                            | commit allowed
//
//   lerps: 0 mu_dt_theta, 1 mu_dt_l6, 2 mu_dt_l5b, 3 mu_dt_l5a, 4 mu_dt_l4, 5 mu_dt_l23,
//   6 ca_threshold (lerp_s); 7 sie_dur_coherence, 8 ignition, 9 plateau, 10 propagation,
//   11 decay, 12 refractory (lerp_u).
//
//   CLOCKS = 1 + 35 + 13 + 1 + 1 = 51 clocks from the start edge to the first edge that may
//   commit: the division (accepted on edge 1, read in clock 36), the thirteen products one a
//   clock from clock 36 (the last stored on edge 50), and the edge after that store. The folded
//   top's tick is 443 clocks: it fits in parallel.
//
// One multiplier, 19 x 17 bits signed, product 36 bits, one DSP48E1 (25 x 18): A is the lerp_s
// difference (19 bits) or the lerp_u magnitude (16 bits, zero-extended), B the progress p
// (16 bits, zero-extended). One divsqrt_unit (DIVU only).
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module config_controller_fold #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire [2:0]              state_select,
    input  wire [15:0]             transition_duration,
    output reg  signed [WIDTH-1:0] mu_dt_theta,
    output reg  signed [WIDTH-1:0] mu_dt_l6,
    output reg  signed [WIDTH-1:0] mu_dt_l5b,
    output reg  signed [WIDTH-1:0] mu_dt_l5a,
    output reg  signed [WIDTH-1:0] mu_dt_l4,
    output reg  signed [WIDTH-1:0] mu_dt_l23,
    output reg  signed [WIDTH-1:0] ca_threshold,
    output reg  [15:0]             sie_dur_coherence,
    output reg  [15:0]             sie_dur_ignition,
    output reg  [15:0]             sie_dur_plateau,
    output reg  [15:0]             sie_dur_propagation,
    output reg  [15:0]             sie_dur_decay,
    output reg  [15:0]             sie_dur_refractory,
    output wire                    force_harmonic,
    output reg                     transitioning,
    output reg  [15:0]             transition_progress,
    output reg  [2:0]              transition_from,
    output reg  [2:0]              transition_to
);
    // divsqrt_unit's clocks from the edge accepting a division to the clock its quotient is
    // read in (33 iterations, the sign clock, the done clock).
    localparam integer DIV_CLOCKS = 35;
    localparam integer NLERP      = 13;
    // Schedule clocks (table above).
    localparam [5:0] C_DIV   = 6'd1;    // divsqrt_unit accepts on this edge
    localparam [5:0] C_Q     = 6'd36;   // C_DIV + DIV_CLOCKS: q read; lerp 0 issued
    localparam [5:0] C_STORE = 6'd38;   // C_Q + 2: lerp 0 stored
    localparam [5:0] C_LAST  = 6'd50;   // C_STORE + NLERP - 1: lerp 12 stored; busy low
    // Clocks from the start edge to the first edge that may commit (schedule above). Read by
    // the integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 1 + DIV_CLOCKS + NLERP + 1 + 1;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of config_controller.v, same names, widths and values.
    localparam [2:0] STATE_NORMAL      = 3'd0;
    localparam [2:0] STATE_ANESTHESIA  = 3'd1;
    localparam [2:0] STATE_PSYCHEDELIC = 3'd2;
    localparam [2:0] STATE_FLOW        = 3'd3;
    localparam [2:0] STATE_MEDITATION  = 3'd4;

    // Section 8.2 MU table (mu_dt = MU; MU = 4 is mu = 1.0, r settles near 1).
    localparam signed [WIDTH-1:0] MU_1 = 18'sd1;
    localparam signed [WIDTH-1:0] MU_2 = 18'sd2;
    localparam signed [WIDTH-1:0] MU_3 = 18'sd3;  // MU_MODERATE, v11.2 NORMAL baseline
    localparam signed [WIDTH-1:0] MU_4 = 18'sd4;
    localparam signed [WIDTH-1:0] MU_6 = 18'sd6;

    // Ca2+ spike threshold of the apical compartment per state (Q14; description silent: ours).
    localparam signed [WIDTH-1:0] CA_THR_NORMAL      = 18'sd8192;   // 0.50
    localparam signed [WIDTH-1:0] CA_THR_ANESTHESIA  = 18'sd13107;  // 0.80
    localparam signed [WIDTH-1:0] CA_THR_PSYCHEDELIC = 18'sd4915;   // 0.30
    localparam signed [WIDTH-1:0] CA_THR_FLOW        = 18'sd6554;   // 0.40
    localparam signed [WIDTH-1:0] CA_THR_MEDITATION  = 18'sd9830;   // 0.60

    // SIE phase durations in ticks at 4 kHz (section 10.3 table for NORMAL; other states ours).
    localparam [15:0] SIE_COH_NORMAL  = 16'd14000;  // 3.5 s
    localparam [15:0] SIE_IGN_NORMAL  = 16'd10000;  // 2.5 s
    localparam [15:0] SIE_PLAT_NORMAL = 16'd10000;  // 2.5 s
    localparam [15:0] SIE_PROP_NORMAL = 16'd36000;  // 9 s
    localparam [15:0] SIE_DEC_NORMAL  = 16'd16000;  // 4 s
    localparam [15:0] SIE_REF_NORMAL  = 16'd40000;  // 10 s
    localparam [15:0] SIE_PLAT_ANESTHESIA  = 16'd4000;   // 1 s
    localparam [15:0] SIE_PROP_ANESTHESIA  = 16'd16000;  // 4 s
    localparam [15:0] SIE_REF_ANESTHESIA   = 16'd60000;  // 15 s
    localparam [15:0] SIE_PLAT_PSYCHEDELIC = 16'd16000;  // 4 s
    localparam [15:0] SIE_PROP_PSYCHEDELIC = 16'd48000;  // 12 s
    localparam [15:0] SIE_REF_PSYCHEDELIC  = 16'd20000;  // 5 s
    localparam [15:0] SIE_REF_FLOW         = 16'd32000;  // 8 s
    localparam [15:0] SIE_COH_MEDITATION   = 16'd20000;  // 5 s
    localparam [15:0] SIE_PLAT_MEDITATION  = 16'd20000;  // 5 s
    localparam [15:0] SIE_PROP_MEDITATION  = 16'd48000;  // 12 s
    localparam [15:0] SIE_REF_MEDITATION   = 16'd24000;  // 6 s

    localparam [15:0] PROGRESS_FULL = 16'd65535;
    localparam [1:0]  OP_DIVU       = 2'b10;      // divsqrt_unit's unsigned division

    // Start point of the current ramp (shadow registers; the reference's names).
    reg signed [WIDTH-1:0] start_mu_theta, start_mu_l6, start_mu_l5b, start_mu_l5a,
                           start_mu_l4, start_mu_l23, start_ca;
    reg [15:0] start_dur_coherence, start_dur_ignition, start_dur_plateau,
               start_dur_propagation, start_dur_decay, start_dur_refractory;
    reg [15:0] count;     // ticks since the request edge
    reg [15:0] duration;  // latched max(transition_duration, 1)

    // Target of the current ramp: the table row of transition_to (the reference's block).
    reg signed [WIDTH-1:0] tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b, tgt_mu_l5a, tgt_mu_l4,
                           tgt_mu_l23, tgt_ca;
    reg [15:0] tgt_coh, tgt_ign, tgt_plat, tgt_prop, tgt_dec, tgt_ref;
    always @(*) begin
        tgt_coh  = SIE_COH_NORMAL;
        tgt_ign  = SIE_IGN_NORMAL;
        tgt_plat = SIE_PLAT_NORMAL;
        tgt_prop = SIE_PROP_NORMAL;
        tgt_dec  = SIE_DEC_NORMAL;
        tgt_ref  = SIE_REF_NORMAL;
        case (transition_to)
            STATE_ANESTHESIA: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_2, MU_6, MU_2};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_2, MU_1, MU_1};
                tgt_ca   = CA_THR_ANESTHESIA;
                tgt_plat = SIE_PLAT_ANESTHESIA;
                tgt_prop = SIE_PROP_ANESTHESIA;
                tgt_ref  = SIE_REF_ANESTHESIA;
            end
            STATE_PSYCHEDELIC: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_4, MU_1, MU_4};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_4, MU_6, MU_6};
                tgt_ca   = CA_THR_PSYCHEDELIC;
                tgt_plat = SIE_PLAT_PSYCHEDELIC;
                tgt_prop = SIE_PROP_PSYCHEDELIC;
                tgt_ref  = SIE_REF_PSYCHEDELIC;
            end
            STATE_FLOW: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_4, MU_2, MU_6};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_6, MU_4, MU_4};
                tgt_ca   = CA_THR_FLOW;
                tgt_ref  = SIE_REF_FLOW;
            end
            STATE_MEDITATION: begin
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_6, MU_6, MU_1};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_1, MU_1, MU_2};
                tgt_ca   = CA_THR_MEDITATION;
                tgt_coh  = SIE_COH_MEDITATION;
                tgt_plat = SIE_PLAT_MEDITATION;
                tgt_prop = SIE_PROP_MEDITATION;
                tgt_ref  = SIE_REF_MEDITATION;
            end
            default: begin  // STATE_NORMAL
                {tgt_mu_theta, tgt_mu_l6, tgt_mu_l5b} = {MU_3, MU_3, MU_3};
                {tgt_mu_l5a, tgt_mu_l4, tgt_mu_l23}   = {MU_3, MU_3, MU_3};
                tgt_ca   = CA_THR_NORMAL;
            end
        endcase
    end

    // ---- the reference's request and progress terms (registers, and the inputs at commit)
    wire [2:0]  req_state = (state_select > STATE_MEDITATION) ? STATE_NORMAL : state_select;
    wire        request   = req_state != transition_to;
    wire [15:0] count_nx  = count + 16'd1;
    wire        done      = count_nx == duration;
    // count_nx * 65535 = count_nx * 2^16 - count_nx: a shift and a subtraction (below 2^32).
    wire [31:0] prog_num  = {count_nx, 16'd0} - {16'd0, count_nx};

    assign force_harmonic = transition_to == STATE_MEDITATION;

    // ---- sequencer
    reg [5:0] c;   // clock of the schedule, 1 in the clock after the start edge

    // ---- the divider: prog_num / duration, both zero-extended to 33 bits
    /* verilator lint_off UNUSEDSIGNAL */
    wire        dv_done;    // high in clock C_Q (the schedule counts it)
    wire [32:0] dv_q;       // the reference keeps q[15:0] only
    wire        dv_busy;
    wire [32:0] dv_r;
    wire        dv_dz;      // never: duration >= 1
    /* verilator lint_on UNUSEDSIGNAL */
    wire        dv_start = busy && (c == C_DIV);
    divsqrt_unit u_div (
        .clk(clk), .rst(rst), .start(dv_start), .op(OP_DIVU), .a({4'd0, prog_num}),
        .b({17'd0, duration}), .busy(dv_busy), .done(dv_done), .q(dv_q), .r(dv_r), .dz(dv_dz)
    );
    // p of every lerp: the quotient's low 16 bits, held by the unit from clock C_Q to the next
    // tick's edge C_DIV.
    wire [15:0] p = dv_q[15:0];

    // ---- the lerps' operands, by lerp index (0 .. 12, list in the header)
    // a and b of lerp k; the lerp_u ones (k >= 7) zero-extended to 18 bits.
    function signed [WIDTH-1:0] lerp_a;
        input [3:0] k;
        begin
            case (k)
                4'd0: lerp_a = start_mu_theta;
                4'd1: lerp_a = start_mu_l6;
                4'd2: lerp_a = start_mu_l5b;
                4'd3: lerp_a = start_mu_l5a;
                4'd4: lerp_a = start_mu_l4;
                4'd5: lerp_a = start_mu_l23;
                4'd6: lerp_a = start_ca;
                4'd7: lerp_a = {2'b00, start_dur_coherence};
                4'd8: lerp_a = {2'b00, start_dur_ignition};
                4'd9: lerp_a = {2'b00, start_dur_plateau};
                4'd10: lerp_a = {2'b00, start_dur_propagation};
                4'd11: lerp_a = {2'b00, start_dur_decay};
                default: lerp_a = {2'b00, start_dur_refractory};
            endcase
        end
    endfunction
    function signed [WIDTH-1:0] lerp_b;
        input [3:0] k;
        begin
            case (k)
                4'd0: lerp_b = tgt_mu_theta;
                4'd1: lerp_b = tgt_mu_l6;
                4'd2: lerp_b = tgt_mu_l5b;
                4'd3: lerp_b = tgt_mu_l5a;
                4'd4: lerp_b = tgt_mu_l4;
                4'd5: lerp_b = tgt_mu_l23;
                4'd6: lerp_b = tgt_ca;
                4'd7: lerp_b = {2'b00, tgt_coh};
                4'd8: lerp_b = {2'b00, tgt_ign};
                4'd9: lerp_b = {2'b00, tgt_plat};
                4'd10: lerp_b = {2'b00, tgt_prop};
                4'd11: lerp_b = {2'b00, tgt_dec};
                default: lerp_b = {2'b00, tgt_ref};
            endcase
        end
    endfunction

    // Issue side: lerp k_i = c - C_Q in clocks C_Q .. C_Q + 12.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [5:0]             k_i6  = c - C_Q;                     // 0 .. 12 where used
    /* verilator lint_on UNUSEDSIGNAL */
    wire [3:0]             k_i   = k_i6[3:0];
    wire signed [WIDTH-1:0] a_i  = lerp_a(k_i);
    wire signed [WIDTH-1:0] b_i  = lerp_b(k_i);
    wire                   uns_i = k_i >= 4'd7;                 // lerp_u
    wire                   up_i  = b_i[15:0] >= a_i[15:0];      // lerp_u's b >= a
    // lerp_s: d = {b[17], b} - {a[17], a} (19 bits signed); lerp_u: |b - a| (16 bits).
    wire signed [WIDTH:0]  d_s   = {b_i[WIDTH-1], b_i} - {a_i[WIDTH-1], a_i};
    wire [15:0]            d_u   = up_i ? b_i[15:0] - a_i[15:0] : a_i[15:0] - b_i[15:0];
    wire signed [WIDTH:0]  op_a  = uns_i ? $signed({3'b000, d_u}) : d_s;

    // ---- the multiplier (registered operands and product: one DSP48E1), with the lerp's a,
    // kind and direction carried beside it to the store clock
    reg signed [WIDTH:0]   mul_a;   // 19 bits
    reg signed [16:0]      mul_b;   // 17 bits: {1'b0, p}
    reg signed [35:0]      prod;    // 19 x 17 bits signed
    reg signed [WIDTH-1:0] a_1, a_2;
    reg                    uns_1, uns_2, up_1, up_2;
    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= $signed({1'b0, p});
        prod  <= mul_a * mul_b;
        a_1   <= a_i;
        uns_1 <= uns_i;
        up_1  <= up_i;
        a_2   <= a_1;
        uns_2 <= uns_1;
        up_2  <= up_1;
    end

    // Store side: lerp k_s = c - C_STORE in clocks C_STORE .. C_LAST, its product in prod.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [5:0]             k_s6  = c - C_STORE;                 // 0 .. 12 where used
    /* verilator lint_on UNUSEDSIGNAL */
    wire [3:0]             k_s   = k_s6[3:0];
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0]     prod_sh = prod >>> 16;    // lerp_s's sh: |.| <= 2^18, low 18 bits used
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] res_s = a_2 + $signed(prod_sh[WIDTH-1:0]);
    wire [15:0]            res_u = up_2 ? a_2[15:0] + prod[31:16] : a_2[15:0] - prod[31:16];
`ifdef PHIN_PLANT_CONFIG
    // Test plant, never defined in a build: the Ca2+ threshold's lerp LSB flipped when its
    // product is negative (the threshold ramping down). testbenches/run.sh builds
    // tb_config_controller_fold with it and requires the testbench to fail.
    wire signed [WIDTH-1:0] res = uns_2 ? {2'b00, res_u}
                                        : res_s ^ {{(WIDTH-1){1'b0}}, k_s == 4'd6 && prod[35]};
`else
    wire signed [WIDTH-1:0] res = uns_2 ? {2'b00, res_u} : res_s;
`endif

    // The next values the reference computes when transitioning and not done.
    reg signed [WIDTH-1:0] mu_theta_nx, mu_l6_nx, mu_l5b_nx, mu_l5a_nx, mu_l4_nx, mu_l23_nx,
                           ca_nx;
    reg [15:0] coh_nx, ign_nx, plat_nx, prop_nx, dec_nx, ref_nx;
    reg [15:0] prog_nx;

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            c    <= 6'd0;
        end else if (start) begin
            busy <= 1'b1;
            c    <= 6'd1;
        end else if (busy) begin
            c <= c + 6'd1;
            if (c == C_Q) prog_nx <= p;
            if (c >= C_STORE) begin
                case (k_s)
                    4'd0:  mu_theta_nx <= res;
                    4'd1:  mu_l6_nx    <= res;
                    4'd2:  mu_l5b_nx   <= res;
                    4'd3:  mu_l5a_nx   <= res;
                    4'd4:  mu_l4_nx    <= res;
                    4'd5:  mu_l23_nx   <= res;
                    4'd6:  ca_nx       <= res;
                    4'd7:  coh_nx      <= res[15:0];
                    4'd8:  ign_nx      <= res[15:0];
                    4'd9:  plat_nx     <= res[15:0];
                    4'd10: prop_nx     <= res[15:0];
                    4'd11: dec_nx      <= res[15:0];
                    default: ref_nx    <= res[15:0];
                endcase
            end
            if (c == C_LAST) busy <= 1'b0;
        end
    end

    // ---- the reference's registers, stepped on the commit edge as on its clk_en edge
    always @(posedge clk) begin
        if (rst) begin
            {mu_dt_theta, mu_dt_l6, mu_dt_l5b}          <= {MU_3, MU_3, MU_3};
            {mu_dt_l5a, mu_dt_l4, mu_dt_l23}            <= {MU_3, MU_3, MU_3};
            ca_threshold                                <= CA_THR_NORMAL;
            {sie_dur_coherence, sie_dur_ignition}       <= {SIE_COH_NORMAL, SIE_IGN_NORMAL};
            {sie_dur_plateau, sie_dur_propagation}      <= {SIE_PLAT_NORMAL, SIE_PROP_NORMAL};
            {sie_dur_decay, sie_dur_refractory}         <= {SIE_DEC_NORMAL, SIE_REF_NORMAL};
            {start_mu_theta, start_mu_l6, start_mu_l5b} <= {MU_3, MU_3, MU_3};
            {start_mu_l5a, start_mu_l4, start_mu_l23}   <= {MU_3, MU_3, MU_3};
            start_ca                                    <= CA_THR_NORMAL;
            {start_dur_coherence, start_dur_ignition}   <= {SIE_COH_NORMAL, SIE_IGN_NORMAL};
            {start_dur_plateau, start_dur_propagation}  <= {SIE_PLAT_NORMAL, SIE_PROP_NORMAL};
            {start_dur_decay, start_dur_refractory}     <= {SIE_DEC_NORMAL, SIE_REF_NORMAL};
            count               <= 16'd0;
            duration            <= 16'd1;
            transitioning       <= 1'b0;
            transition_progress <= 16'd0;
            transition_from     <= STATE_NORMAL;
            transition_to       <= STATE_NORMAL;
        end else if (commit) begin
            if (request) begin
                // Shadow: the ramp restarts from the values on the outputs now; outputs hold.
                start_mu_theta        <= mu_dt_theta;
                start_mu_l6           <= mu_dt_l6;
                start_mu_l5b          <= mu_dt_l5b;
                start_mu_l5a          <= mu_dt_l5a;
                start_mu_l4           <= mu_dt_l4;
                start_mu_l23          <= mu_dt_l23;
                start_ca              <= ca_threshold;
                start_dur_coherence   <= sie_dur_coherence;
                start_dur_ignition    <= sie_dur_ignition;
                start_dur_plateau     <= sie_dur_plateau;
                start_dur_propagation <= sie_dur_propagation;
                start_dur_decay       <= sie_dur_decay;
                start_dur_refractory  <= sie_dur_refractory;
                count                 <= 16'd0;
                duration              <= (transition_duration == 16'd0) ? 16'd1
                                                                        : transition_duration;
                transitioning         <= 1'b1;
                transition_progress   <= 16'd0;
                transition_from       <= transition_to;
                transition_to         <= req_state;
            end else if (transitioning) begin
                count <= count_nx;
                if (done) begin
                    mu_dt_theta         <= tgt_mu_theta;
                    mu_dt_l6            <= tgt_mu_l6;
                    mu_dt_l5b           <= tgt_mu_l5b;
                    mu_dt_l5a           <= tgt_mu_l5a;
                    mu_dt_l4            <= tgt_mu_l4;
                    mu_dt_l23           <= tgt_mu_l23;
                    ca_threshold        <= tgt_ca;
                    sie_dur_coherence   <= tgt_coh;
                    sie_dur_ignition    <= tgt_ign;
                    sie_dur_plateau     <= tgt_plat;
                    sie_dur_propagation <= tgt_prop;
                    sie_dur_decay       <= tgt_dec;
                    sie_dur_refractory  <= tgt_ref;
                    transitioning       <= 1'b0;
                    transition_progress <= PROGRESS_FULL;
                end else begin
                    mu_dt_theta         <= mu_theta_nx;
                    mu_dt_l6            <= mu_l6_nx;
                    mu_dt_l5b           <= mu_l5b_nx;
                    mu_dt_l5a           <= mu_l5a_nx;
                    mu_dt_l4            <= mu_l4_nx;
                    mu_dt_l23           <= mu_l23_nx;
                    ca_threshold        <= ca_nx;
                    sie_dur_coherence   <= coh_nx;
                    sie_dur_ignition    <= ign_nx;
                    sie_dur_plateau     <= plat_nx;
                    sie_dur_propagation <= prop_nx;
                    sie_dur_decay       <= dec_nx;
                    sie_dur_refractory  <= ref_nx;
                    transition_progress <= prog_nx;
                end
            end
        end
    end
endmodule
`default_nettype wire
