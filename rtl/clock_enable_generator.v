// clock_enable_generator: 125 MHz system clock -> one-cycle 4 kHz clock-enable pulse (divider
// 31250; 10 with FAST_SIM = 1) and the reserved 100 kHz pulse (divider 1250; 2 with FAST_SIM)
// (description section 9.1). Both pulses are registered: the first rises DIV clocks after reset
// and then every DIV clocks, high for exactly one clock.
// Contract: docs/spec/clock_enable_generator.md. Model: crates/phin-core/src/clock_enable_generator.rs.
`default_nettype none
module clock_enable_generator #(
    parameter FAST_SIM = 0
) (
    input  wire clk,
    input  wire rst,
    output reg  clk_4khz_en,
    output reg  clk_100khz_en
);
    localparam [14:0] DIV_4K   = (FAST_SIM != 0) ? 15'd10 : 15'd31250;  // 125 MHz / 4 kHz
    localparam [10:0] DIV_100K = (FAST_SIM != 0) ? 11'd2  : 11'd1250;   // 125 MHz / 100 kHz

    reg [14:0] cnt_4k;     // 0 .. DIV_4K - 1
    reg [10:0] cnt_100k;   // 0 .. DIV_100K - 1

    always @(posedge clk) begin
        if (rst) begin
            cnt_4k        <= 15'd0;
            cnt_100k      <= 11'd0;
            clk_4khz_en   <= 1'b0;
            clk_100khz_en <= 1'b0;
        end else begin
            if (cnt_4k == DIV_4K - 15'd1) begin
                cnt_4k      <= 15'd0;
                clk_4khz_en <= 1'b1;
            end else begin
                cnt_4k      <= cnt_4k + 15'd1;
                clk_4khz_en <= 1'b0;
            end
            if (cnt_100k == DIV_100K - 11'd1) begin
                cnt_100k      <= 11'd0;
                clk_100khz_en <= 1'b1;
            end else begin
                cnt_100k      <= cnt_100k + 11'd1;
                clk_100khz_en <= 1'b0;
            end
        end
    end
endmodule
`default_nettype wire
