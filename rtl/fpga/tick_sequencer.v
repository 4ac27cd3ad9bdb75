// tick_sequencer: the folded top's replacement of rtl/clock_enable_generator.v (issue 19;
// docs/fpga.md, "The folded top"). `commit` is the reference's 4 kHz clock-enable pulse, with
// the same registered logic: low in reset, first high DIV clocks after reset, then every DIV
// clocks, high for exactly one clock; every register of the folded top outside the Hopf engine
// steps on the edge that ends a commit clock, the edge on which the reference's registers step.
// `start` is high in the clock LEAD clocks before each commit clock, so the edge that ends it
// (where the folded top latches its input ports and the Hopf engine begins its tick) is LEAD
// clocks before the commit edge. With DIV = LEAD, `start` and `commit` share a clock: a tick's
// commit edge is the next tick's start edge, and the first start edge is the first edge after
// reset (the counter is 0 then, as after every commit).
//
// Requires 1 <= LEAD <= DIV <= 32767.
`default_nettype none
module tick_sequencer #(
    parameter integer DIV  = 31250,  // clocks per tick (125 MHz / 4 kHz, as the reference)
    parameter integer LEAD = 316     // clocks from the start edge to the commit edge
) (
    input  wire clk,
    input  wire rst,
    output reg  commit,
    output wire start
);
    localparam [31:0] LAST_32  = DIV - 1;
    localparam [31:0] START_32 = DIV - LEAD;
    localparam [14:0] LAST     = LAST_32[14:0];
    localparam [14:0] START    = START_32[14:0];

    reg [14:0] cnt;   // 0 .. DIV - 1: clocks since the last commit pulse began (as the reference)

    always @(posedge clk) begin
        if (rst) begin
            cnt    <= 15'd0;
            commit <= 1'b0;
        end else if (cnt == LAST) begin
            cnt    <= 15'd0;
            commit <= 1'b1;
        end else begin
            cnt    <= cnt + 15'd1;
            commit <= 1'b0;
        end
    end

    assign start = (cnt == START);
endmodule
`default_nettype wire
