// dendritic_compartment: two-compartment (basal/apical) pyramidal neuron with a Ca2+ plateau
// and BAC firing (description v9.5; the description gives only the idea, the design is in
// docs/spec/dendritic_compartment.md). Model: crates/phin-core/src/dendritic_compartment.rs.
//
//   apical_v     <= sat18(apical_v + ((AP_ALPHA * (apical_input - apical_v)) >>> FRAC))  tau 10 ms
//   bap           = basal_input > BAP_THRESH                  (back-propagating AP)
//   ca_trigger    = apical_v > ca_threshold || (bap && apical_v > (ca_threshold >>> 1))
//   ca_timer     <= ca_timer != 0 ? ca_timer - 1 : ca_trigger ? CA_TICKS : 0             20 ms
//   ca_spike      = ca_timer != 0;  bac_active = bap && ca_spike
//   sum           = basal_input + ((K_APICAL * apical_v) >>> FRAC) + (ca_spike ? CA_AMP : 0)
//   dendrite_out <= sat18(bac_active ? sum + (sum >>> 1) : sum)                 BAC gain 1.5
// ca_threshold is state-dependent and comes from config_controller.
`default_nettype none
module dendritic_compartment #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] basal_input,
    input  wire signed [WIDTH-1:0] apical_input,
    input  wire signed [WIDTH-1:0] ca_threshold,
    output reg  signed [WIDTH-1:0] apical_v,
    output reg         [6:0]       ca_timer,
    output reg  signed [WIDTH-1:0] dendrite_out,
    output wire                    ca_spike,
    output wire                    bac_active
);
    localparam signed [WIDTH-1:0] AP_ALPHA   = 18'sd410;    // 0.025 = 0.25 ms / 10 ms
    localparam signed [WIDTH-1:0] K_APICAL   = 18'sd8192;   // 0.5
    localparam signed [19:0]      CA_AMP     = 20'sd8192;   // 0.5 plateau
    localparam [6:0]              CA_TICKS   = 7'd80;       // 20 ms
    localparam signed [WIDTH-1:0] BAP_THRESH = 18'sd8192;   // 0.5
    localparam signed [WIDTH:0]   SAT_MAX    = 19'sd131071;
    localparam signed [WIDTH:0]   SAT_MIN    = -19'sd131072;
    localparam signed [20:0]      OUT_MAX    = 21'sd131071;
    localparam signed [20:0]      OUT_MIN    = -21'sd131072;

    /* verilator lint_off UNUSEDSIGNAL */
    // Apical leaky integrator: 19-bit error, 37-bit product, >>> FRAC, |delta| < 2^14.
    wire signed [18:0] ap_err = {apical_input[WIDTH-1], apical_input} - {apical_v[WIDTH-1], apical_v};
    wire signed [36:0] ap_dp  = AP_ALPHA * ap_err;
    wire signed [36:0] ap_dsh = ap_dp >>> FRAC;
    // Apical contribution to the soma: 36-bit product, >>> FRAC, fits 18 bits (gain 0.5).
    wire signed [35:0] ap_cp  = K_APICAL * apical_v;
    wire signed [35:0] ap_csh = ap_cp >>> FRAC;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH:0]   ap_sum  = {apical_v[WIDTH-1], apical_v} + ap_dsh[18:0];
    wire signed [WIDTH-1:0] ap_next = (ap_sum > SAT_MAX) ? SAT_MAX[WIDTH-1:0] :
                                      (ap_sum < SAT_MIN) ? SAT_MIN[WIDTH-1:0] : ap_sum[WIDTH-1:0];

    wire                    bap        = basal_input > BAP_THRESH;
    wire signed [WIDTH-1:0] thr_half   = ca_threshold >>> 1;
    wire                    ca_trigger = (apical_v > ca_threshold) || (bap && (apical_v > thr_half));
    assign ca_spike   = (ca_timer != 7'd0);
    assign bac_active = bap && ca_spike;

    // Somatic sum: 20 bits exact; BAC gain 1.5 in 21 bits exact; saturated to Q4.14.
    wire signed [17:0] ap_contrib = ap_csh[17:0];
    wire signed [19:0] d_sum  = {{2{basal_input[WIDTH-1]}}, basal_input}
                              + {{2{ap_contrib[17]}}, ap_contrib}
                              + (ca_spike ? CA_AMP : 20'sd0);
    wire signed [20:0] d_gain = bac_active ? {d_sum[19], d_sum} + {{2{d_sum[19]}}, d_sum[19:1]}
                                           : {d_sum[19], d_sum};
    wire signed [WIDTH-1:0] out_next = (d_gain > OUT_MAX) ? OUT_MAX[WIDTH-1:0] :
                                       (d_gain < OUT_MIN) ? OUT_MIN[WIDTH-1:0] : d_gain[WIDTH-1:0];

    always @(posedge clk) begin
        if (rst) begin
            apical_v     <= {WIDTH{1'b0}};
            ca_timer     <= 7'd0;
            dendrite_out <= {WIDTH{1'b0}};
        end else if (clk_en) begin
            apical_v     <= ap_next;
            ca_timer     <= (ca_timer != 7'd0) ? ca_timer - 7'd1 : (ca_trigger ? CA_TICKS : 7'd0);
            dendrite_out <= out_next;
        end
    end
endmodule
`default_nettype wire
