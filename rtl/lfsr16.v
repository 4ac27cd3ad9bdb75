// lfsr16: 16-bit Fibonacci LFSR, polynomial x^16 + x^14 + x^13 + x^11 + 1 (description 4.3, 9.2).
// Shifts left once per clock enable; bit 0 takes lfsr[15]^lfsr[13]^lfsr[12]^lfsr[10].
// Primitive polynomial: any non-zero SEED walks all 65535 non-zero states.
// Contract: docs/spec/lfsr16.md. Model: crates/phin-core/src/lfsr16.rs.
`default_nettype none
module lfsr16 #(
    parameter [15:0] SEED = 16'hACE1
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        clk_en,
    output reg  [15:0] lfsr
);
    wire feedback = lfsr[15] ^ lfsr[13] ^ lfsr[12] ^ lfsr[10];

    always @(posedge clk) begin
        if (rst)
            lfsr <= SEED;
        else if (clk_en)
            lfsr <= {lfsr[14:0], feedback};
    end
endmodule
`default_nettype wire
