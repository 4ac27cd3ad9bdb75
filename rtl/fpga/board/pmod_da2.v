// pmod_da2: driver for the Digilent Pmod DA2, two TI DAC121S101 12-bit DACs on one 3-wire SPI bus
// with a shared SYNC and SCLK and one data line each (DINA, DINB). Issue 19, item 5; the board and
// its timing are described in docs/fpga.md, "The board: PYNQ-Z2 and a Pmod DA2".
//
// The DAC121S101 write, as its datasheet describes it (names of its timing table):
//   - SYNC (active low) frames a write. DIN is sampled on the FALLING edge of SCLK; the first
//     falling edge after SYNC falls takes DB15. After the 16th falling edge the input register
//     is loaded and the output is updated; if SYNC rises before the 16th falling edge the write
//     is aborted. A new write needs SYNC high first and a new falling SYNC.
//   - 16-bit frame, MSB first: DB15..DB14 don't care, DB13..DB12 PD1..PD0 (00 = normal
//     operation; 01/10/11 power down with 1 kOhm, 100 kOhm or high-Z output), DB11..DB0 the data,
//     straight binary: VOUT = VA * D / 4096 (VA = the Pmod's VCC, 3.3 V on a PYNQ-Z2 Pmod).
//   - f_SCLK at most 30 MHz (SCLK cycle time at least 33 ns); t_H, t_L (SCLK high, low time) at
//     least 13 ns; t_SUCL (SYNC falling to the first SCLK falling edge, set-up) at least 15 ns;
//     t_SUD, t_DHD (DIN set-up before, hold after an SCLK falling edge) a few ns (2.5 ns in the
//     table); t_CS (SCLK falling to SYNC rising) at least 0 ns; t_SYNC (SYNC high between writes)
//     at least 20 ns at VA = 2.7 .. 3.6 V. These minima are quoted as recalled here (the
//     datasheet is not in the repository); the driver keeps every one of these intervals at
//     half an SCLK period or more (32 ns at the default CLK_DIV = 8), above all of them.
//   - t_s (output settling, code 400h to C00h) about 8 us typical: the analogue output follows a
//     sample within ~9 us of its frame, far below the 250 us between samples.
//
// Sequence (HALF = CLK_DIV / 2 clocks, one half period of SCLK; SCLK idles HIGH, so SYNC always
// falls while SCLK is high and no SCLK edge is seen outside a frame):
//
//   clock after the start edge:  0      HALF   2HALF  3HALF ...  31HALF  32HALF  33HALF  34HALF
//   SYNC  ~~~~\____________________________________________________________/~~~~~~~~~~~~~~~
//   SCLK  ~~~~~~~~~~~~~\______/~~~~~~\______/ ... ~~~\______/~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
//   DIN        < DB15            >< DB14           >  ... < DB0        >< 0 ...
//   busy  ____/~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\____
//   falling edges (DAC samples DIN):  1 at HALF, k at (2k-1) HALF, the 16th at 31 HALF
//
// DIN changes only on SCLK rising edges (and with SYNC falling), half a period from every falling
// edge on both sides. SYNC rises HALF after the last SCLK rising edge and stays high at least
// HALF + 1 clocks before the next frame can lower it. A frame lasts 34 HALF + 1 clocks from start
// to the next possible start: 137 clocks (1.10 us) at CLK_DIV = 8.
//
// Ports: `start` (one clock) is taken when `busy` is low, with `sample_a` (to DINA) and `sample_b`
// (to DINB), latched on that edge; a start while busy is ignored. Every output is a register
// (no combinational glitch reaches a pin). Reset: synchronous, active high, as every phin module
// (docs/decisions.md, "Clocking and reset"); it aborts a frame (SYNC high at once).
//
// PHIN_PLANT_SPI: a planted fault for testbenches/tb_phin_pynq_z2.v (testbenches/run.sh builds
// it once and requires the testbench to fail): DB0 of channel A's frame is inverted.
`default_nettype none
module pmod_da2 #(
    // SCLK period in clocks: even, at least 2. 8 gives 125 MHz / 8 = 15.625 MHz (64 ns); 6 gives
    // 20.83 MHz; 4 (31.25 MHz) is above the DAC121S101's 30 MHz.
    parameter CLK_DIV = 8
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [11:0] sample_a,
    input  wire [11:0] sample_b,
    output reg         busy,
    output reg         sync_n,
    output reg         sclk,
    output reg         din_a,
    output reg         din_b
);
    localparam integer HALF = CLK_DIV / 2;

    // An odd or too small divider would give an asymmetric or missing SCLK: refuse to elaborate
    // (Verilog-2005 has no assertion; an instance of an undefined module is the usual stop).
    generate
        if (CLK_DIV < 2 || CLK_DIV % 2 != 0 || HALF > 255) begin : g_bad_clk_div
            pmod_da2_CLK_DIV_must_be_even_from_2_to_510 u_stop ();
        end
    endgenerate

    localparam [1:0] DONT_CARE  = 2'b00;  // DB15..DB14
    localparam [1:0] PD_NORMAL  = 2'b00;  // DB13..DB12: normal operation

    reg [14:0] shift_a;   // the frame's bits not yet on DIN, next one in bit 14
    reg [14:0] shift_b;
    reg [7:0]  cnt;       // clocks left in this half period, minus one
    reg [5:0]  half_n;    // half periods completed since SYNC fell: 0 .. 34

`ifdef PHIN_PLANT_SPI
    localparam [11:0] PLANT = 12'h001;
`else
    localparam [11:0] PLANT = 12'h000;
`endif
    wire [15:0] frame_a = {DONT_CARE, PD_NORMAL, sample_a ^ PLANT};
    wire [15:0] frame_b = {DONT_CARE, PD_NORMAL, sample_b};

    always @(posedge clk) begin
        if (rst) begin
            busy    <= 1'b0;
            sync_n  <= 1'b1;
            sclk    <= 1'b1;
            din_a   <= 1'b0;
            din_b   <= 1'b0;
            shift_a <= 15'd0;
            shift_b <= 15'd0;
            cnt     <= 8'd0;
            half_n  <= 6'd0;
        end else if (!busy) begin
            if (start) begin
                busy    <= 1'b1;
                sync_n  <= 1'b0;
                shift_a <= frame_a[14:0];
                shift_b <= frame_b[14:0];
                din_a   <= frame_a[15];
                din_b   <= frame_b[15];
                cnt     <= HALF[7:0] - 8'd1;
                half_n  <= 6'd0;
            end
        end else if (cnt != 8'd0) begin
            cnt <= cnt - 8'd1;
        end else begin
            // End of half period half_n: the next one begins.
            cnt    <= HALF[7:0] - 8'd1;
            half_n <= half_n + 6'd1;
            if (half_n < 6'd32) begin
                if (half_n[0] == 1'b0) begin
                    // Falling edge number half_n/2 + 1: the DAC takes the bit on DIN.
                    sclk <= 1'b0;
                end else begin
                    sclk <= 1'b1;
                    if (half_n == 6'd31) begin
                        // After the 16th falling edge: DIN returns to 0 for the idle bus.
                        din_a <= 1'b0;
                        din_b <= 1'b0;
                    end else begin
                        shift_a <= {shift_a[13:0], 1'b0};
                        shift_b <= {shift_b[13:0], 1'b0};
                        din_a   <= shift_a[14];
                        din_b   <= shift_b[14];
                    end
                end
            end else if (half_n == 6'd32) begin
                sync_n <= 1'b1;
            end else begin
                // half_n = 33: SYNC has been high HALF clocks (t_SYNC); a new start is taken
                // from the next clock on.
                busy <= 1'b0;
            end
        end
    end
endmodule
`default_nettype wire
