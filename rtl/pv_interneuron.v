// pv_interneuron: PV+ basket-cell population as a leaky integrator in Q4.14 (description 7.2).
// Contract with every width: docs/spec/pv_interneuron.md. Model: crates/phin-core/src/pv_interneuron.rs.
//
//   excite   = (K_EXCITE * pyramid_input) >>> FRAC
//   pv_state <= sat18(pv_state + ((TAU_INV * (excite - pv_state)) >>> FRAC))
//   inhibition = (K_INHIB * pv_state) >>> FRAC        (combinational from the register)
`default_nettype none
module pv_interneuron #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] pyramid_input,
    output reg  signed [WIDTH-1:0] pv_state,
    output wire signed [WIDTH-1:0] inhibition
);
    localparam signed [WIDTH-1:0] TAU_INV  = 18'sd819;    // 0.05 = 0.25 ms / 5 ms
    localparam signed [WIDTH-1:0] K_EXCITE = 18'sd8192;   // 0.5
    localparam signed [WIDTH-1:0] K_INHIB  = 18'sd4915;   // 0.3
    localparam signed [WIDTH:0]   SAT_MAX  = 19'sd131071;
    localparam signed [WIDTH:0]   SAT_MIN  = -19'sd131072;

    // The *_sh wires hold a shift at full width; only their low bits are used (range notes).
    /* verilator lint_off UNUSEDSIGNAL */
    // excite: 18 x 18 -> 36 bits, >>> FRAC; |K_EXCITE * p| <= 2^30, so 18 bits hold it.
    wire signed [35:0] excite_p  = K_EXCITE * pyramid_input;
    wire signed [35:0] excite_sh = excite_p >>> FRAC;
    wire signed [17:0] excite    = excite_sh[17:0];
    // err: 19 bits exact; delta: 18 x 19 -> 37 bits, >>> FRAC; |delta| < 2^15 fits 19 bits.
    wire signed [18:0] err      = {excite[17], excite} - {pv_state[WIDTH-1], pv_state};
    wire signed [36:0] delta_p  = TAU_INV * err;
    wire signed [36:0] delta_sh = delta_p >>> FRAC;
    wire signed [18:0] delta    = delta_sh[18:0];
    // inhibition: 18 x 18 -> 36 bits, >>> FRAC; |K_INHIB * pv| < 2^31 fits 18 bits.
    wire signed [35:0] inhib_p  = K_INHIB * pv_state;
    wire signed [35:0] inhib_sh = inhib_p >>> FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    assign inhibition = inhib_sh[WIDTH-1:0];

    wire signed [WIDTH:0]   pv_sum  = {pv_state[WIDTH-1], pv_state} + delta;
    wire signed [WIDTH-1:0] pv_next = (pv_sum > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                      (pv_sum < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : pv_sum[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst)
            pv_state <= {WIDTH{1'b0}};
        else if (clk_en)
            pv_state <= pv_next;
    end
endmodule
`default_nettype wire
