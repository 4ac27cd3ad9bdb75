// harmonic_spacing_index: deviation of the adjacent-band frequency ratios alpha/theta,
// beta1/alpha, beta2/beta1, gamma/beta2 from phi (section "SIE Dynamics Monitoring (v11.3)").
//   ratio_k = sat18((hi << 14) / lo)   (33-bit signed, truncating; lo == 0 gives 0)
//   dev_k   = min(|ratio_k - PHI|, 2.0)
//   hsi     = clamp(1.0 - (dev_0 + dev_1 + dev_2 + dev_3) >> 1, 0, 1.0)   (1 - mean/0.5)
//   baseline: EMA of hsi with time constant 2^18 ticks (65.5 s), loaded on the first tick
//   harmonic_locked = every dev_k <= 8% of phi (2121)
// Contract: docs/spec/harmonic_spacing_index.md. Model: crates/phin-core/src/harmonic_spacing_index.rs.
`default_nettype none
module harmonic_spacing_index #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
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
    localparam signed [WIDTH-1:0] PHI      = 18'sd26510;   // 1.618034
    localparam signed [WIDTH-1:0] LOCK_TOL = 18'sd2121;    // 8% of phi
    localparam signed [WIDTH-1:0] DEV_MAX  = 18'sd32768;   // 2.0
    localparam signed [WIDTH:0]   DEV_MAX19 = 19'sd32768;
    localparam signed [WIDTH-1:0] ONE      = 18'sd16384;   // 1.0
    localparam integer            EMA_SHIFT = 18;          // 2^18 ticks = 65.5 s

    /* verilator lint_off UNUSEDSIGNAL */
    function signed [WIDTH-1:0] ratio;
        input signed [WIDTH-1:0] hi;
        input signed [WIDTH-1:0] lo;
        reg signed [32:0] num;
        reg signed [32:0] q;
        begin
            num = {{1{hi[WIDTH-1]}}, hi, 14'd0};
            q   = (lo == 0) ? 33'sd0 : num / $signed({{15{lo[WIDTH-1]}}, lo});
            ratio = (q > 33'sd131071) ? 18'sd131071 :
                    (q < -33'sd131072) ? -18'sd131072 : q[WIDTH-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    function signed [WIDTH-1:0] dev;
        input signed [WIDTH-1:0] r;
        reg signed [WIDTH:0] d;
        begin
            d   = {r[WIDTH-1], r} - {PHI[WIDTH-1], PHI};
            if (d < 0) d = -d;
            dev = (d > DEV_MAX19) ? DEV_MAX : d[WIDTH-1:0];
        end
    endfunction

    wire signed [WIDTH-1:0] r0 = ratio(omega_alpha, omega_theta);
    wire signed [WIDTH-1:0] r1 = ratio(omega_beta1, omega_alpha);
    wire signed [WIDTH-1:0] r2 = ratio(omega_beta2, omega_beta1);
    wire signed [WIDTH-1:0] r3 = ratio(omega_gamma, omega_beta2);
    wire signed [WIDTH-1:0] d0 = dev(r0);
    wire signed [WIDTH-1:0] d1 = dev(r1);
    wire signed [WIDTH-1:0] d2 = dev(r2);
    wire signed [WIDTH-1:0] d3 = dev(r3);
    wire signed [20:0] dsum  = {{3{d0[WIDTH-1]}}, d0} + {{3{d1[WIDTH-1]}}, d1}
                             + {{3{d2[WIDTH-1]}}, d2} + {{3{d3[WIDTH-1]}}, d3};  // <= 2^17
    wire signed [20:0] h_raw = {{3{ONE[WIDTH-1]}}, ONE} - (dsum >>> 1);
    wire signed [WIDTH-1:0] h_nx = (h_raw < 0) ? 18'sd0 : h_raw[WIDTH-1:0];
    wire lock_nx = (d0 <= LOCK_TOL) && (d1 <= LOCK_TOL) && (d2 <= LOCK_TOL) && (d3 <= LOCK_TOL);
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [33:0] base_sh = baseline_acc >>> EMA_SHIFT;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] baseline = base_sh[WIDTH-1:0];      // acc <= 2^32: baseline <= 1.0

    assign delta_hsi = {hsi[WIDTH-1], hsi} - {baseline[WIDTH-1], baseline};

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
        end else if (clk_en) begin
            ratio_alpha_theta <= r0;
            ratio_beta1_alpha <= r1;
            ratio_beta2_beta1 <= r2;
            ratio_gamma_beta2 <= r3;
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
