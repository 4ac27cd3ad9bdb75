// boundary_generator: a boundary oscillation between two parent bands by nonlinear amplitude
// product mixing (section "SIE Dynamics Monitoring (v11.3)"). A hopf_oscillator u_osc is tuned
// to the geometric mean of the parents and kicked by their product; its output is scaled by the
// product of the parents' amplitudes, so the boundary carries power only when both parents do.
//   omega_b        = p > 0 ? min(isqrt(p), 131071) : 0,  p = omega_1 * omega_2  (geometric mean)
//   u_osc.input_x  = (x1 * x2) >>> 25                   (weak product drive, 2^-11)
//   env            = sat18((amp1 * amp2) >>> 14)
//   boundary_x    <= sat18((u_osc.x * env) >>> 14)      (x before the edge)
//   power_acc     <= power_acc + sat18(bx^2 >>> 14) - (power_acc >>> 10)   (tau 256 ms)
//   boundary_power = power_acc >>> 10
// Contract: docs/spec/boundary_generator.md. Model: crates/phin-core/src/boundary_generator.rs.
`default_nettype none
module boundary_generator #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] mu_dt,
    input  wire signed [WIDTH-1:0] omega_1,
    input  wire signed [WIDTH-1:0] omega_2,
    input  wire signed [WIDTH-1:0] x1,
    input  wire signed [WIDTH-1:0] x2,
    input  wire signed [WIDTH-1:0] amp1,
    input  wire signed [WIDTH-1:0] amp2,
    output wire signed [WIDTH-1:0] omega_b,
    output reg  signed [WIDTH-1:0] boundary_x,
    output reg  signed [29:0]      power_acc,
    output wire signed [WIDTH-1:0] boundary_power
);
    localparam signed [35:0] SAT_MAX = 36'sd131071;
    localparam signed [35:0] SAT_MIN = -36'sd131072;

    /* verilator lint_off UNUSEDSIGNAL */
    `include "phin_isqrt.vh"

    function signed [WIDTH-1:0] sat18;
        input signed [35:0] v;
        begin
            sat18 = (v > SAT_MAX) ? SAT_MAX[WIDTH-1:0] : (v < SAT_MIN) ? SAT_MIN[WIDTH-1:0]
                                                                       : v[WIDTH-1:0];
        end
    endfunction

    wire signed [35:0] p     = omega_1 * omega_2;
    wire [17:0]        root  = isqrt36(p);
    assign omega_b = (p <= 36'sd0) ? 18'sd0 : (root > 18'd131071) ? 18'sd131071 : $signed(root);

    wire signed [35:0] xx    = x1 * x2;
    wire signed [35:0] xx_sh = xx >>> (FRAC + 11);
    wire signed [WIDTH-1:0] drive = xx_sh[WIDTH-1:0];     // |x1 x2| <= 2^34: fits 10 bits

    wire signed [35:0] aa    = amp1 * amp2;
    wire signed [WIDTH-1:0] env = sat18(aa >>> FRAC);

    wire signed [WIDTH-1:0] osc_x;
    wire signed [WIDTH-1:0] osc_y;
    wire signed [WIDTH-1:0] osc_amp;
    hopf_oscillator #(.WIDTH(WIDTH), .FRAC(FRAC)) u_osc (
        .clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(mu_dt), .omega_dt(omega_b),
        .input_x(drive), .x(osc_x), .y(osc_y), .amplitude(osc_amp)
    );

    wire signed [35:0] bxe   = osc_x * env;
    wire signed [WIDTH-1:0] bx_nx = sat18(bxe >>> FRAC);
    wire signed [35:0] bx2   = bx_nx * bx_nx;
    wire signed [WIDTH-1:0] p_in = sat18(bx2 >>> FRAC);
    wire signed [29:0] pacc_sh = power_acc >>> 10;
    /* verilator lint_on UNUSEDSIGNAL */
    assign boundary_power = pacc_sh[WIDTH-1:0];           // acc <= 131071 * 2^10: fits

    always @(posedge clk) begin
        if (rst) begin
            boundary_x <= 18'sd0;
            power_acc  <= 30'sd0;
        end else if (clk_en) begin
            boundary_x <= bx_nx;
            power_acc  <= power_acc + {{12{p_in[WIDTH-1]}}, p_in} - pacc_sh;
        end
    end
endmodule
`default_nettype wire
