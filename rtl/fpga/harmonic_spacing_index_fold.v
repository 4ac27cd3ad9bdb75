// harmonic_spacing_index_fold: the folded form of rtl/harmonic_spacing_index.v (issue 19, the
// folded processor; docs/fpga.md, section "The folded harmonic_spacing_index"). The reference
// computes its four ratios with four combinational 33-bit signed dividers (about 16k LUTs);
// here they run one after another through one divsqrt_unit, and the deviation from phi, its sum
// and the lock test through one small datapath, so the module needs no DSP48E1 and no
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
//     widths, applied to one quotient at a time;
//   - the deviation sum is accumulated at the reference's 21 bits; the reference's sum of four
//     deviations of at most 2^15 each is at most 2^17, so no partial sum wraps and the total is
//     the same integer;
//   - hsi's clamp and the baseline's EMA are the reference's expressions, the EMA evaluated on
//     the commit edge from the committed baseline_acc, as the reference does on its clk_en edge.
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
//   busy    high from the start edge to the edge that stores the last ratio.
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
//
// Schedule (the start edge is edge 0, edge e the e-th rising edge after it). A division
// accepted on edge a has its done pulse in the clock that ends with edge a + 35 (divsqrt_unit's
// schedule: 33 iterations and the sign clock after the accepting edge, then done), so its
// quotient is read, and the next division accepted, on edge a + 35: DIV_CLOCKS = 35.
//
//   edge           | divsqrt_unit                      | this module
//   ---------------+-----------------------------------+-------------------------------------
//   0              | -                                 | start: busy, k := 0, issue := 1
//   1              | accepts DIVS omega_alpha/theta    |
//   1 + 35         | done clock ends: q of ratio 0;    | ratio_alpha_theta_nx, dsum, lock
//                  | accepts DIVS omega_beta1/alpha    |
//   1 + 2*35       | q of ratio 1; accepts beta2/beta1 | ratio_beta1_alpha_nx, dsum, lock
//   1 + 3*35       | q of ratio 2; accepts gamma/beta2 | ratio_beta2_beta1_nx, dsum, lock
//   1 + 4*35 = 141 | q of ratio 3                      | ratio_gamma_beta2_nx, dsum, lock; busy
//                  |                                   | low; h_nx = clamp(ONE - dsum >>> 1)
//   >= 142         | -                                 | commit allowed
//
//   CLOCKS = 1 + 4 * 35 + 1 = 142 clocks from the start edge to the first edge that may commit
//   (about 1.1 us at 125 MHz, against the folded top's 316-clock tick: it fits in parallel).
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
    // Clocks from the start edge to the first edge that may commit (schedule above): one clock
    // to the first division's accepting edge, four divisions back to back, and the edge after
    // the last result is stored. Read by the integrator and the testbench (by hierarchical
    // name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 1 + 4 * DIV_CLOCKS + 1;
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

    // The reference's dev() unchanged.
    function signed [WIDTH-1:0] dev;
        input signed [WIDTH-1:0] r;
        reg signed [WIDTH:0] d;
        begin
            d   = {r[WIDTH-1], r} - {PHI[WIDTH-1], PHI};
            if (d < 0) d = -d;
            dev = (d > DEV_MAX19) ? DEV_MAX : d[WIDTH-1:0];
        end
    endfunction

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

    // ---- one ratio a done clock: saturation, deviation, sum and lock test
`ifdef PHIN_PLANT_HSI
    // Test plant, never defined in a build: ratio beta2/beta1's LSB flipped when its quotient
    // is negative. testbenches/run.sh builds tb_harmonic_spacing_index_fold with it and requires the
    // testbench to fail.
    wire signed [WIDTH-1:0] r_k = sat18($signed(dv_q))
                                ^ {{(WIDTH-1){1'b0}}, (k == 2'd2) && dv_q[32]};
`else
    wire signed [WIDTH-1:0] r_k = sat18($signed(dv_q));
`endif
    wire signed [WIDTH-1:0] d_k = dev(r_k);

    // Next values of the reference's registers, computed during the tick.
    reg signed [WIDTH-1:0] ratio_alpha_theta_nx;
    reg signed [WIDTH-1:0] ratio_beta1_alpha_nx;
    reg signed [WIDTH-1:0] ratio_beta2_beta1_nx;
    reg signed [WIDTH-1:0] ratio_gamma_beta2_nx;
    reg signed [20:0]      dsum;      // the reference's dsum, partial sums of the dev_k
    reg                    lock_nx;   // the reference's lock_nx, the dev_k tested so far

    // The reference's h_raw, h_nx from the complete sum (valid once busy is low).
    wire signed [20:0]      h_raw = {{3{ONE[WIDTH-1]}}, ONE} - (dsum >>> 1);
    wire signed [WIDTH-1:0] h_nx  = (h_raw < 0) ? 18'sd0 : h_raw[WIDTH-1:0];

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [33:0] base_sh = baseline_acc >>> EMA_SHIFT;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] baseline = base_sh[WIDTH-1:0];      // acc <= 2^32: baseline <= 1.0

    assign delta_hsi = {hsi[WIDTH-1], hsi} - {baseline[WIDTH-1], baseline};

    always @(posedge clk) begin
        if (rst) begin
            busy    <= 1'b0;
            issue   <= 1'b0;
            k       <= 2'd0;
            dsum    <= 21'sd0;
            lock_nx <= 1'b0;
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
        end else begin
            issue <= 1'b0;
            if (busy && dv_done) begin
                case (k)
                    2'd0:    ratio_alpha_theta_nx <= r_k;
                    2'd1:    ratio_beta1_alpha_nx <= r_k;
                    2'd2:    ratio_beta2_beta1_nx <= r_k;
                    default: ratio_gamma_beta2_nx <= r_k;
                endcase
                dsum    <= dsum + {{3{d_k[WIDTH-1]}}, d_k};
                lock_nx <= lock_nx && (d_k <= LOCK_TOL);
                k       <= k + 2'd1;
                if (k == 2'd3) busy <= 1'b0;
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
            hsi               <= h_nx;
            harmonic_locked   <= lock_nx;
            baseline_valid    <= 1'b1;
            if (baseline_valid)
                baseline_acc <= baseline_acc + $signed({16'd0, h_nx}) - base_sh;
            else
                baseline_acc <= $signed({h_nx[15:0], 18'd0});
        end
    end
endmodule
`default_nettype wire
