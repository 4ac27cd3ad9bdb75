// lfsr16: 16-bit Fibonacci LFSR, polynomial x^16 + x^14 + x^13 + x^11 + 1 (description 4.3, 9.2).
// One shift: {lfsr[14:0], lfsr[15]^lfsr[13]^lfsr[12]^lfsr[10]}. STEPS shifts per clock enable,
// unrolled into one XOR network: STEPS = 16 gives a fresh word every tick, so samples taken from
// consecutive ticks share no bits (white). Primitive polynomial: any non-zero SEED walks all
// 65535 non-zero states; STEPS coprime to 65535 (1, 16, ...) keeps that period in ticks.
// Contract: docs/spec/lfsr16.md. Model: crates/phin-core/src/lfsr16.rs.
`default_nettype none
module lfsr16 #(
    parameter [15:0] SEED  = 16'hACE1,
    parameter        STEPS = 1
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        clk_en,
    output reg  [15:0] lfsr
);
    reg [15:0] next;
    integer k;
    always @(*) begin
        next = lfsr;
        for (k = 0; k < STEPS; k = k + 1)
            next = {next[14:0], next[15] ^ next[13] ^ next[12] ^ next[10]};
    end

    always @(posedge clk) begin
        if (rst)
            lfsr <= SEED;
        else if (clk_en)
            lfsr <= next;
    end
endmodule
`default_nettype wire
