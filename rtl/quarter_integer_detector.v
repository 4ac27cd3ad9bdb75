// quarter_integer_detector: classifies a phi^n exponent n (Q14) in the energy landscape and
// computes its stability (description v11.0, "Quarter-Integer Detector").
// Contract with every width: docs/spec/quarter_integer_detector.md.
// Model: crates/phin-core/src/quarter_integer_detector.rs.
//
//   f          = n[13:0]                            (fractional part, floor, in [0, 1))
//   grid       = ((f + 2048) >> 12) mod 4          (nearest multiple of 0.25: 0, 1, 2, 3)
//   near_cat   = CATASTROPHE_N_MIN <= n <= CATASTROPHE_N_MAX        ([1.35, 1.55])
//   class     <= near_cat ? 11 : grid == 0 ? 00 : grid == 2 ? 01 : 10
//   stability <= 1.0 - 2 * |f - 0.5|                (= 1 - distance / 0.5, in [0, 1])
`default_nettype none
module quarter_integer_detector #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] n,
    output reg  [1:0]              position_class,
    output reg  signed [WIDTH-1:0] stability
);
    localparam [1:0] INTEGER_BOUNDARY = 2'b00;
    localparam [1:0] HALF_INTEGER     = 2'b01;
    localparam [1:0] QUARTER_INTEGER  = 2'b10;
    localparam [1:0] NEAR_CATASTROPHE = 2'b11;
    localparam signed [WIDTH-1:0] CATASTROPHE_N_MIN = 18'sd22118;  // 1.35
    localparam signed [WIDTH-1:0] CATASTROPHE_N_MAX = 18'sd25395;  // 1.55
    localparam [14:0] HALF_Q14  = 15'd1 << (FRAC - 1);             // 0.5
    localparam [14:0] EIGHTH    = 15'd1 << (FRAC - 3);             // 0.125
    localparam [WIDTH-1:0] ONE  = {{(WIDTH-FRAC-1){1'b0}}, 1'b1, {FRAC{1'b0}}};

    wire [14:0] f     = {1'b0, n[FRAC-1:0]};
    /* verilator lint_off UNUSEDSIGNAL */
    wire [14:0] fr    = f + EIGHTH;        // only bits [13:12] are used (mod 4 of >> 12)
    /* verilator lint_on UNUSEDSIGNAL */
    wire [1:0]  grid  = fr[13:12];
    wire [14:0] dist  = (f >= HALF_Q14) ? f - HALF_Q14 : HALF_Q14 - f;   // 0..8192
    wire [WIDTH-1:0] stab_next = ONE - {{(WIDTH-16){1'b0}}, dist, 1'b0};
    wire        near_cat = (n >= CATASTROPHE_N_MIN) && (n <= CATASTROPHE_N_MAX);
    wire [1:0]  class_next = near_cat ? NEAR_CATASTROPHE :
                             (grid == 2'd0) ? INTEGER_BOUNDARY :
                             (grid == 2'd2) ? HALF_INTEGER : QUARTER_INTEGER;

    always @(posedge clk) begin
        if (rst) begin
            position_class <= INTEGER_BOUNDARY;
            stability      <= {WIDTH{1'b0}};
        end else if (clk_en) begin
            position_class <= class_next;
            stability      <= stab_next;
        end
    end
endmodule
`default_nettype wire
