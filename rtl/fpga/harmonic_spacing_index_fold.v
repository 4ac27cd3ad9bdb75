// harmonic_spacing_index_fold: the folded form of rtl/harmonic_spacing_index.v (issue 19, the
// folded processor; docs/fpga.md, section "The folded harmonic_spacing_index"). The reference
// computes its four ratios with four combinational 33-bit signed dividers (about 16k LUTs);
// here they run one after another through one divsqrt_unit, and the deviation from phi, its sum
// and the lock test through one small pipelined datapath, so the module needs no DSP48E1 and no
// combinational divider.
//
// What it computes (section "SIE Dynamics Monitoring (v11.3)" of the source document, as the
// reference; contract docs/spec/harmonic_spacing_index.md):
//   ratio_k = sat18((hi << 14) / lo)   (33-bit signed, truncating; lo == 0 gives 0)
//   dev_k   = min(|ratio_k - PHI|, 2.0)
//   hsi     = clamp(1.0 - (dev_0 + dev_1 + dev_2 + dev_3) >> 1, 0, 1.0)
//   baseline: EMA of hsi with time constant 2^18 ticks, loaded on the first tick
//   harmonic_locked = every dev_k <= 8% of phi (2121)
//
// Equality with the reference. On the commit edge every register of the reference
// (ratio_alpha_theta, ratio_beta1_alpha, ratio_beta2_beta1, ratio_gamma_beta2, hsi,
// baseline_acc, baseline_valid, harmonic_locked; the same names) takes the value the reference
// computes on its clk_en edge from the same inputs and the same registers:
//   - the quotient is divsqrt_unit's DIVS of the same 33-bit operands, {hi, 14'd0} sign-extended
//     over {15{lo[17]}, lo}; its zero-divisor quotient is 0, the reference's guard (lo == 0
//     gives 0), so no guard is needed here. -2^32 / -1 (the one wrapping quotient) cannot occur:
//     |hi << 14| <= 2^31.
//   - the saturation, the deviation and the lock test are the reference's functions at its
//     widths, applied to one quotient at a time; dev() is split over two clocks at its own
//     intermediate d (the same integer, 19 bits), and its clamp test |d| > 2.0 is written as
//     d > 2.0 or d < -2.0 (the same predicate: |d| <= 157582 fits 19 bits, no negation wraps);
//   - the deviation sum is accumulated at the reference's 21 bits; the reference's sum of four
//     deviations of at most 2^15 each is at most 2^17, so no partial sum wraps and the total is
//     the same integer;
//   - hsi's clamp is the reference's expression, registered (h_q) in the clock after the last
//     deviation is summed; the baseline's EMA is the reference's expression, evaluated on the
//     commit edge from the committed baseline_acc and h_q, as the reference does on its clk_en
//     edge.
// Proof: testbenches/tb_harmonic_spacing_index_fold.v (the reference beside it, every tick).
//
// Interface: the reference's parameter and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The inputs (omega_*) are read from the clock after that edge on and must hold
//           until the commit edge (they may still change on the start edge itself).
//   commit  a one-clock pulse: on the rising edge where it is high every register takes its
//           next value (the reference's clk_en edge). It must come at least CLOCKS clocks after
//           the start edge (busy low); an earlier commit commits a half-computed tick. A commit
//           without a start commits the last computed values (the reference would recompute;
//           the folded top always pairs them). start and commit may share a clock: the
//           computation then reads the registers committed on that edge.
//   busy    high from the start edge to the edge that stores h_q (the last result).
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
//
// Schedule (the start edge is edge 0, edge e the e-th rising edge after it). A division
// accepted on edge a has its done pulse in the clock that ends with edge a + 35 (divsqrt_unit's
// schedule: 33 iterations and the sign clock after the accepting edge, then done), so its
// quotient is read, and the next division accepted, on edge a + 35: DIV_CLOCKS = 35. Each
// quotient then goes through a pipeline of one arithmetic stage a clock (logic depth, below):
// on its done edge D its saturated ratio (rq, and the ratio's _nx register), on D + 1 the
// difference from phi (dd), on D + 2 the deviation (dq), on D + 3 dsum and lock_nx. The four
// quotients are 35 clocks apart, so the pipeline holds one at a time.
//
//   edge           | divsqrt_unit                      | this module
//   ---------------+-----------------------------------+-------------------------------------
//   0              | -                                 | start: busy, k := 0, issue := 1
//   1              | accepts DIVS omega_alpha/theta    |
//   1 + 35 = 36    | done clock ends: q of ratio 0;    | rq, ratio_alpha_theta_nx
//                  | accepts DIVS omega_beta1/alpha    |
//   37, 38, 39     |                                   | dd; dq; dsum, lock_nx (ratio 0)
//   1 + 2*35 = 71  | q of ratio 1; accepts beta2/beta1 | rq, ratio_beta1_alpha_nx
//   72, 73, 74     |                                   | dd; dq; dsum, lock_nx (ratio 1)
//   1 + 3*35 = 106 | q of ratio 2; accepts gamma/beta2 | rq, ratio_beta2_beta1_nx
//   107, 108, 109  |                                   | dd; dq; dsum, lock_nx (ratio 2)
//   1 + 4*35 = 141 | q of ratio 3                      | rq, ratio_gamma_beta2_nx
//   142, 143, 144  |                                   | dd; dq; dsum, lock_nx (ratio 3)
//   145            |                                   | h_q = clamp(ONE - dsum >>> 1); busy low
//   >= 146         | -                                 | commit allowed
//
//   CLOCKS = 1 + 4 * 35 + 4 + 1 = 146 clocks from the start edge to the first edge that may
//   commit (about 1.2 us at 125 MHz, against the folded top's 443-clock tick: it fits in
//   parallel).
//
// Logic depth (docs/fpga.md, "Logic depth"; scripts/lut_depth.py on this module alone): every
// register-to-register path at most 15 levels. Stored in one clock before, quotient ->
// saturation -> deviation -> dsum took 24 levels and dsum -> h_nx -> baseline_acc 21; the
// pipeline above puts one carry chain (at most two in parallel) between registers.
//
// No multiplier: the reference has no product (the EMA's 2^-18 is a shift), so the module uses
// no DSP48E1. One divsqrt_unit (33-bit signed division, one quotient bit a clock).
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module harmonic_spacing_index_fold #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire signed [WIDTH-1:0] omega_theta,
    input  wire signed [WIDTH-1:0] omega_alpha,
    input  wire signed [WIDTH-1:0] omega_beta1,
    input  wire signed [WIDTH-1:0] omega_beta2,
    input  wire signed [WIDTH-1:0] omega_gamma,
    output reg  signed [WIDTH-1:0] ratio_alpha_theta,
    output reg  signed [WIDTH-1:0] ratio_beta1_alpha,
    output reg  signed [WIDTH-1:0] ratio_beta2_beta1,
    output reg  signed [WIDTH-1:0] ratio_gamma_beta2,
    output reg  signed [WIDTH-1:0] hsi,
    output reg  signed [33:0]      baseline_acc,
    output reg                     baseline_valid,
    output reg                     harmonic_locked,
    output wire signed [WIDTH:0]   delta_hsi
);
    // divsqrt_unit's clocks from the edge accepting a division to the edge ending its done
    // clock (its schedule: 33 iterations, the sign clock, the done clock), which is also the
    // period of divisions run back to back.
    localparam integer DIV_CLOCKS = 35;
    // The pipeline after the last quotient's done edge (schedule above): dd, dq, dsum, h_q.
    localparam integer PIPE_CLOCKS = 4;
    // Clocks from the start edge to the first edge that may commit (schedule above): one clock
    // to the first division's accepting edge, four divisions back to back, the pipeline after
    // the last, and the edge after h_q is stored. Read by the integrator and the testbench (by
    // hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 1 + 4 * DIV_CLOCKS + PIPE_CLOCKS + 1;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of harmonic_spacing_index.v, same names, widths and values.
    localparam signed [WIDTH-1:0] PHI      = 18'sd26510;   // 1.618034
    localparam signed [WIDTH-1:0] LOCK_TOL = 18'sd2121;    // 8% of phi
    localparam signed [WIDTH-1:0] DEV_MAX  = 18'sd32768;   // 2.0
    localparam signed [WIDTH:0]   DEV_MAX19 = 19'sd32768;
    localparam signed [WIDTH-1:0] ONE      = 18'sd16384;   // 1.0
    localparam integer            EMA_SHIFT = 18;          // 2^18 ticks = 65.5 s
    localparam [1:0]              OP_DIVS  = 2'b11;        // divsqrt_unit's signed division

    // The reference's saturation of the 33-bit quotient to 18 bits.
    /* verilator lint_off UNUSEDSIGNAL */
    function signed [WIDTH-1:0] sat18;
        input signed [32:0] q;
        begin
            sat18 = (q > 33'sd131071) ? 18'sd131071 :
                    (q < -33'sd131072) ? -18'sd131072 : q[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // The reference's dev(r), split at its intermediate d = r - PHI (19 bits): dev_d(d) is the
    // rest, |d| clamped to 2.0. Its clamp test |d| > 2.0 is d > 2.0 or d < -2.0, the same
    // predicate (d in -157582 .. 104561, so -d does not wrap), tested on d in parallel with the
    // negation rather than after it. m[WIDTH] is unused: m <= 2.0 wherever m is the result.
    /* verilator lint_off UNUSEDSIGNAL */
    function signed [WIDTH-1:0] dev_d;
        input signed [WIDTH:0] d;
        reg signed [WIDTH:0] m;
        begin
            m     = (d < 0) ? -d : d;
            dev_d = (d > DEV_MAX19 || d < -DEV_MAX19) ? DEV_MAX : m[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // ---- sequencer
    reg        issue;   // the first division starts in this clock (the clock after start)
    reg  [1:0] k;       // the ratio being divided: 0 alpha/theta .. 3 gamma/beta2

    // ---- the divider: the reference's num = {hi, 14'd0} (33-bit signed) and its divisor
    // sign-extended to 33 bits; a[35:33] are ignored by DIVS.
    wire        dv_done;
    wire [32:0] dv_q;
    /* verilator lint_off UNUSEDSIGNAL */
    wire        dv_busy;
    wire [32:0] dv_r;
    wire        dv_dz;
    /* verilator lint_on UNUSEDSIGNAL */
    // The next division starts in the clock after start, and in each done clock but the last
    // (divsqrt_unit accepts a start in its done clock).
    wire        dv_start = issue || (dv_done && k != 2'd3);
    // The operands of the division that starts: k while issuing, k + 1 in a done clock.
    wire [1:0]  k_op = issue ? k : k + 2'd1;
    reg signed [WIDTH-1:0] hi_op;
    reg signed [WIDTH-1:0] lo_op;
    always @(*) begin
        case (k_op)
            2'd0:    begin hi_op = omega_alpha; lo_op = omega_theta; end
            2'd1:    begin hi_op = omega_beta1; lo_op = omega_alpha; end
            2'd2:    begin hi_op = omega_beta2; lo_op = omega_beta1; end
            default: begin hi_op = omega_gamma; lo_op = omega_beta2; end
        endcase
    end
    wire [35:0] dv_a = {3'd0, hi_op[WIDTH-1], hi_op, 14'd0};
    wire [32:0] dv_b = {{15{lo_op[WIDTH-1]}}, lo_op};

    divsqrt_unit u_div (
        .clk(clk), .rst(rst), .start(dv_start), .op(OP_DIVS), .a(dv_a), .b(dv_b),
        .busy(dv_busy), .done(dv_done), .q(dv_q), .r(dv_r), .dz(dv_dz)
    );

    // ---- one ratio a done clock: saturation, then (pipeline) deviation, sum and lock test
`ifdef PHIN_PLANT_HSI
    // Test plant, never defined in a build: ratio beta2/beta1's LSB flipped when its quotient
    // is negative. testbenches/run.sh builds tb_harmonic_spacing_index_fold with it and requires the
    // testbench to fail.
    wire signed [WIDTH-1:0] r_k = sat18($signed(dv_q))
                                ^ {{(WIDTH-1){1'b0}}, (k == 2'd2) && dv_q[32]};
`else
    wire signed [WIDTH-1:0] r_k = sat18($signed(dv_q));
`endif

    // Next values of the reference's registers, computed during the tick.
    reg signed [WIDTH-1:0] ratio_alpha_theta_nx;
    reg signed [WIDTH-1:0] ratio_beta1_alpha_nx;
    reg signed [WIDTH-1:0] ratio_beta2_beta1_nx;
    reg signed [WIDTH-1:0] ratio_gamma_beta2_nx;
    reg signed [20:0]      dsum;      // the reference's dsum, partial sums of the dev_k
    reg                    lock_nx;   // the reference's lock_nx, the dev_k tested so far
    reg signed [WIDTH-1:0] h_q;       // the reference's h_nx, from the complete sum

    // ---- the pipeline after a done edge (schedule above): one stage a clock
    reg signed [WIDTH-1:0] rq;        // the saturated ratio (stored on the done edge)
    reg signed [WIDTH:0]   dd;        // dev()'s d = rq - PHI
    reg signed [WIDTH-1:0] dq;        // dev_k = dev_d(dd)
    reg                    v_dd;      // dd is loaded on the next edge
    reg                    v_dq;      // dq is loaded on the next edge
    reg                    v_sum;     // dsum and lock_nx take dq on the next edge
    reg                    last_dd;   // the quotient in the pipeline is ratio 3, per stage
    reg                    last_dq;
    reg                    last_sum;
    reg                    v_h;       // h_q is loaded on the next edge (the tick's last store)

    // The reference's h_raw, h_nx from the complete sum (stored in h_q).
    wire signed [20:0]      h_raw = {{3{ONE[WIDTH-1]}}, ONE} - (dsum >>> 1);
    wire signed [WIDTH-1:0] h_nx  = (h_raw < 0) ? 18'sd0 : h_raw[WIDTH-1:0];

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [33:0] base_sh = baseline_acc >>> EMA_SHIFT;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] baseline = base_sh[WIDTH-1:0];      // acc <= 2^32: baseline <= 1.0

    assign delta_hsi = {hsi[WIDTH-1], hsi} - {baseline[WIDTH-1], baseline};

    always @(posedge clk) begin
        if (rst) begin
            busy     <= 1'b0;
            issue    <= 1'b0;
            k        <= 2'd0;
            dsum     <= 21'sd0;
            lock_nx  <= 1'b0;
            h_q      <= 18'sd0;
            v_dd     <= 1'b0;
            v_dq     <= 1'b0;
            v_sum    <= 1'b0;
            v_h      <= 1'b0;
            last_dd  <= 1'b0;
            last_dq  <= 1'b0;
            last_sum <= 1'b0;
            ratio_alpha_theta_nx <= 18'sd0;
            ratio_beta1_alpha_nx <= 18'sd0;
            ratio_beta2_beta1_nx <= 18'sd0;
            ratio_gamma_beta2_nx <= 18'sd0;
        end else if (start) begin
            busy    <= 1'b1;
            issue   <= 1'b1;
            k       <= 2'd0;
            dsum    <= 21'sd0;
            lock_nx <= 1'b1;
            v_dd    <= 1'b0;
            v_dq    <= 1'b0;
            v_sum   <= 1'b0;
            v_h     <= 1'b0;
        end else begin
            issue <= 1'b0;
            // Done edge: the saturated ratio.
            v_dd <= busy && dv_done;
            if (busy && dv_done) begin
                case (k)
                    2'd0:    ratio_alpha_theta_nx <= r_k;
                    2'd1:    ratio_beta1_alpha_nx <= r_k;
                    2'd2:    ratio_beta2_beta1_nx <= r_k;
                    default: ratio_gamma_beta2_nx <= r_k;
                endcase
                rq      <= r_k;
                last_dd <= (k == 2'd3);
                k       <= k + 2'd1;
            end
            // Done edge + 1: dev()'s d.
            v_dq <= v_dd;
            if (v_dd) begin
                dd      <= {rq[WIDTH-1], rq} - {PHI[WIDTH-1], PHI};
                last_dq <= last_dd;
            end
            // Done edge + 2: the deviation.
            v_sum <= v_dq;
            if (v_dq) begin
                dq       <= dev_d(dd);
                last_sum <= last_dq;
            end
            // Done edge + 3: the sum and the lock test.
            v_h <= v_sum && last_sum;
            if (v_sum) begin
                dsum    <= dsum + {{3{dq[WIDTH-1]}}, dq};
                lock_nx <= lock_nx && (dq <= LOCK_TOL);
            end
            // Done edge + 4 of ratio 3: hsi's next value; the tick's work is done.
            if (v_h) begin
                h_q  <= h_nx;
                busy <= 1'b0;
            end
        end
    end

    // ---- the reference's registers, stepped on the commit edge as on its clk_en edge
    always @(posedge clk) begin
        if (rst) begin
            ratio_alpha_theta <= 18'sd0;
            ratio_beta1_alpha <= 18'sd0;
            ratio_beta2_beta1 <= 18'sd0;
            ratio_gamma_beta2 <= 18'sd0;
            hsi               <= 18'sd0;
            baseline_acc      <= 34'sd0;
            baseline_valid    <= 1'b0;
            harmonic_locked   <= 1'b0;
        end else if (commit) begin
            ratio_alpha_theta <= ratio_alpha_theta_nx;
            ratio_beta1_alpha <= ratio_beta1_alpha_nx;
            ratio_beta2_beta1 <= ratio_beta2_beta1_nx;
            ratio_gamma_beta2 <= ratio_gamma_beta2_nx;
            hsi               <= h_q;
            harmonic_locked   <= lock_nx;
            baseline_valid    <= 1'b1;
            if (baseline_valid)
                baseline_acc <= baseline_acc + $signed({16'd0, h_q}) - base_sh;
            else
                baseline_acc <= $signed({h_q[15:0], 18'd0});
        end
    end
endmodule
`default_nettype wire
