// hopf_engine: N Hopf oscillators stepped one after another through one shared datapath with a
// single multiplier: the folded form of N instances of rtl/hopf_oscillator.v (issue 19, the
// folded processor; docs/fpga.md, section "The Hopf engine").
//
// Equality with the reference. On every accepted clk_en edge the engine steps every oscillator
// k = 0 .. N-1 once, over the following clocks, and the state it commits for k is, bit for bit,
// what hopf_oscillator.v computes on that edge from the same x, y (the registers before the
// edge) and the same mu_dt, omega_dt, input_x (contract: docs/spec/hopf_oscillator.md, whose
// step numbers 1-8 are cited below). Proof: testbenches/tb_hopf_engine.v, 21 reference instances
// in lockstep.
//
// Interface
//   clk, rst, clk_en  as the reference: rst is synchronous, active high, wins over clk_en; one
//                     accepted clk_en edge is one tick. A clk_en is accepted when `busy` is low or
//                     on the last clock of a tick (so the minimum clk_en period is the clocks per
//                     tick below); an earlier clk_en is ignored and sets the sticky `overrun`.
//   req_idx           the oscillator whose inputs the engine wants. It holds k for the whole
//                     15-clock slot of oscillator k (slot clocks t0 .. t14 below).
//   mu_dt, omega_dt,  oscillator req_idx's inputs, sampled on the rising edge that ends t1, the
//   input_x           clock after req_idx became k: a source may be combinational from req_idx,
//                     or a memory with a registered read addressed by req_idx. They must be the
//                     values the reference would see on the clk_en edge (so held, for each k,
//                     from that edge until t1 of k's slot).
//   rd_idx -> rd_x,   registered read port of the committed state: one clock after rd_idx = k,
//   rd_y,             rd_x, rd_y are oscillator k's x, y as of the last completed tick (the
//   rd_amplitude      reference's registers), and rd_amplitude is the reference's `amplitude`
//                     function of them. rd_idx must be < N. The state is double-buffered: the
//                     engine reads the committed bank and writes the other, and the banks swap on
//                     the edge that ends a tick, so the port never shows a half-stepped tick.
//   busy              high from the accepting clk_en edge to the edge that commits the tick.
//   done              one-clock pulse after the commit edge: the new state is on the read port.
//   overrun           sticky (until rst): a clk_en came while a tick was still running.
//   wr_en, wr_idx,    observation of the engine's own state write (the folded top's hopf_bank
//   wr_x, wr_y        captures each oscillator's new state from it): wr_en is high in t14 of
//                     oscillator wr_idx's slot, and on the edge that ends that clock x', y'
//                     (wr_x, wr_y, exactly the data written to the memory) are stored. Output
//                     only: nothing inside the engine depends on them.
// Reset state: x = 0.5 (8192), y = 0 for every oscillator, as the reference. A memory cannot be
// cleared in one clock, so reset sets `fresh`, under which every read returns X_INIT, Y_INIT;
// the first completed tick writes all N oscillators and clears it.
//
// Schedule of oscillator k's slot (15 clocks; t0 starts on the clock after the
// accepting clk_en edge for k = 0, and on the clock after k-1's t14 otherwise). The multiplier
// is registered twice (operands, product: DSP48E1 AREG/BREG and MREG), so a product issued in
// clock t is used in clock t + 2. "use" lines name the register written on the edge ending t.
//
//   clock | multiplier issue (A x B)   | use of the product issued two clocks before
//   ------+----------------------------+-------------------------------------------------------
//   t0    | -                          | req_idx = k; engine memory read of k (committed bank)
//   t1    | -                          | x, y from memory; mu_dt, omega_dt, input_x sampled;
//         |                            | acc_x = x + input_x, acc_y = y        (step 4, part)
//   t2    | x * x                      |
//   t3    | y * y                      |
//   t4    | mu_dt * x                  | x_sq = x * x                          (step 1)
//   t5    | omega_dt * y               | r_sq = (x_sq + y * y) >>> 14          (step 1)
//   t6    | r_sq * x                   | acc_x += (mu_dt * x) >>> 14; corr, correct from r_sq
//         |                            |                                       (steps 2, 5)
//   t7    | r_sq * y                   | acc_x -= (omega_dt * y) >>> 14        (step 2)
//   t8    | mu_dt * y                  | acc_x -= damp_x: acc_x is x_sum       (steps 3, 4)
//   t9    | omega_dt * x_half          | acc_y -= damp_y; x_half = sat18(x_sum) (steps 3, 4)
//   t10   | x_sum * corr               | acc_y += (mu_dt * y) >>> 14           (step 2)
//   t11   | -                          | acc_y += (omega_dt * x_half) >>> 14: acc_y is y_sum
//   t12   | y_sum * corr               | x' = sat18(correct ? (x_sum * corr) >>> 14 : x_sum)
//   t13   | -                          |                                       (steps 6-8)
//   t14   | -                          | y' likewise; x', y' written to k in the other bank;
//         |                            | for k = N-1 the banks swap: the tick is committed
//
// Clocks per tick = 15 * N = 315 clocks of 125 MHz (2.5 us) for N = 21, against the
// 31,250 clocks of a 4 kHz tick: about 1 %. The slots do not overlap: 10 of every 15 clocks use
// the multiplier, and nothing is gained by packing them closer at this budget.
//
// One multiplier, 23 x 18 bits signed, product 41 bits, fits one DSP48E1 (25 x 18). Every
// product of the reference fits it exactly: x, y, mu_dt, omega_dt, x_half are 18 bits; r_sq is
// at most 2^21 (23 bits signed); x_sum and y_sum are below 2^22 in magnitude (the step 4 bound,
// 2^17 + 2^20 + 2^20 + 2^12 + 2^17), so their 23 low bits are their value; corr lies in
// [8192, 16384] (18 bits signed). The reference's two DT * r2q products are multiplications by
// the constant DT = 4 and stay in fabric (a shift). The three shifts and the additions use the
// same widths and the same floor (>>> on signed values) as the reference, so every intermediate
// value is the same integer.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module hopf_engine #(
    parameter integer N     = 21, // oscillators; 1 <= N <= 2^IDX_W
    parameter integer IDX_W = 5   // width of an oscillator index
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    output wire [IDX_W-1:0]        req_idx,
    input  wire signed [17:0]      mu_dt,
    input  wire signed [17:0]      omega_dt,
    input  wire signed [17:0]      input_x,
    input  wire [IDX_W-1:0]        rd_idx,
    output wire signed [17:0]      rd_x,
    output wire signed [17:0]      rd_y,
    output wire signed [17:0]      rd_amplitude,
    output reg                     busy,
    output reg                     done,
    output reg                     overrun,
    output wire                    wr_en,
    output wire [IDX_W-1:0]        wr_idx,
    output wire signed [17:0]      wr_x,
    output wire signed [17:0]      wr_y
);
    // The reference's WIDTH and FRAC. Its intermediate widths are written for 18 and 14 (its
    // contract says so), so here they are fixed rather than parameters.
    localparam integer FRAC = 14;
    // Constants of hopf_oscillator.v, same names, widths and values.
    localparam signed [17:0] DT        = 18'sd4;       // dt = 0.00025 s (4.096 -> 4)
    localparam signed [22:0] R2_THRESH = 23'sd17408;   // 1.0625 (compared with r_sq)
    localparam signed [23:0] TWO_Q14   = 24'sd32768;   // 2.0
    localparam signed [23:0] CORR_MIN  = 24'sd8192;    // 0.5
    localparam signed [23:0] CORR_MAX  = 24'sd16384;   // 1.0
    localparam signed [17:0] X_INIT    = 18'sd8192;    // 0.5
    localparam signed [17:0] Y_INIT    = 18'sd0;
    localparam signed [35:0] SAT_MAX   = 36'sd131071;  // +7.99994
    localparam signed [35:0] SAT_MIN   = -36'sd131072; // -8.0
    localparam signed [31:0] HALF_MAX  = 32'sd131071;  // x_half saturation
    localparam signed [31:0] HALF_MIN  = -32'sd131072;

    // Slot clocks (schedule table above).
    localparam [3:0] T_IN    = 4'd1;
    localparam [3:0] T_XX    = 4'd2;
    localparam [3:0] T_YY    = 4'd3;
    localparam [3:0] T_MUX   = 4'd4;
    localparam [3:0] T_OMY   = 4'd5;
    localparam [3:0] T_R2X   = 4'd6;
    localparam [3:0] T_R2Y   = 4'd7;
    localparam [3:0] T_MUY   = 4'd8;
    localparam [3:0] T_OMX   = 4'd9;
    localparam [3:0] T_XC    = 4'd10;
    localparam [3:0] T_YSUM  = 4'd11;
    localparam [3:0] T_YC    = 4'd12;
    localparam [3:0] T_LAST  = 4'd14;
    localparam [31:0]  OSC_LAST = N - 1;

    // ------------------------------------------------------------------ sequencer
    reg [IDX_W-1:0] osc;    // oscillator of the current slot
    reg [3:0]       t;      // clock within the slot, 0 .. T_LAST
    reg             cur;    // bank that holds the committed state
    reg             fresh;  // no tick committed since reset: reads return X_INIT, Y_INIT
    wire            last = busy && (osc == OSC_LAST[IDX_W-1:0]) && (t == T_LAST);

    assign req_idx = osc;

    always @(posedge clk) begin
        done <= 1'b0;
        if (rst) begin
            busy    <= 1'b0;
            overrun <= 1'b0;
            fresh   <= 1'b1;
            cur     <= 1'b0;
            osc     <= {IDX_W{1'b0}};
            t       <= 4'd0;
        end else begin
            if (busy) begin
                if (t == T_LAST) begin
                    t   <= 4'd0;
                    osc <= osc + 1'b1;
                end else begin
                    t <= t + 1'b1;
                end
            end
            if (last) begin
                cur   <= ~cur;
                fresh <= 1'b0;
                done  <= 1'b1;
                busy  <= 1'b0;
            end
            if (clk_en) begin
                if (!busy || last) begin
                    busy <= 1'b1;
                    osc  <= {IDX_W{1'b0}};
                    t    <= 4'd0;
                end else begin
                    overrun <= 1'b1;
                end
            end
        end
    end

    // ------------------------------------------------------------------ state memory
    // 2^(IDX_W+1) words of {x, y}: address {bank, k}. One write port and two registered reads
    // (the engine's, sharing its address with the write, and the read port), so Yosys maps it to
    // distributed RAM or a block RAM; no reset (see `fresh`).
    reg  [35:0]      mem [0:(1 << (IDX_W + 1)) - 1];
    wire             we       = busy && (t == T_LAST);
    wire [IDX_W:0]   eng_addr = {cur ^ (t == T_LAST), osc};   // write: the other bank
    wire [35:0]      wdata;
    reg  [35:0]      eng_q;
    reg  [35:0]      rd_q;
    reg              rd_fresh;

    always @(posedge clk) begin
        if (we) mem[eng_addr] <= wdata;
        eng_q <= mem[eng_addr];
    end

    always @(posedge clk) begin
        rd_q     <= mem[{cur, rd_idx}];
        rd_fresh <= rst | fresh;
    end

    wire signed [17:0] x_in = fresh ? X_INIT : eng_q[35:18];
    wire signed [17:0] y_in = fresh ? Y_INIT : eng_q[17:0];

    // ------------------------------------------------------------------ datapath registers
    reg signed [17:0] x_r, y_r, mu_r, om_r;
    reg signed [31:0] acc_x;       // x_sum after t8
    reg signed [31:0] acc_y;       // y_sum after t11
    reg signed [35:0] x_sq;
    reg signed [22:0] r_sq;
    reg signed [17:0] corr;        // in [8192, 16384]
    reg               correct;
    reg signed [17:0] x_new;

    // ------------------------------------------------------------------ the multiplier
    reg signed [22:0] op_a;
    reg signed [17:0] op_b;
    reg signed [22:0] mul_a;
    reg signed [17:0] mul_b;
    reg signed [40:0] prod;

    // x_half: this step's x, saturated to Q4.14 (step 4), from x_sum in acc_x.
    wire signed [17:0] x_half = (acc_x > HALF_MAX) ? HALF_MAX[17:0] :
                                (acc_x < HALF_MIN) ? HALF_MIN[17:0] : acc_x[17:0];

    always @(*) begin
        op_a = {{5{x_r[17]}}, x_r};
        op_b = x_r;
        case (t)
            T_XX:  begin op_a = {{5{x_r[17]}}, x_r};       op_b = x_r;    end
            T_YY:  begin op_a = {{5{y_r[17]}}, y_r};       op_b = y_r;    end
            T_MUX: begin op_a = {{5{x_r[17]}}, x_r};       op_b = mu_r;   end
            T_OMY: begin op_a = {{5{y_r[17]}}, y_r};       op_b = om_r;   end
            T_R2X: begin op_a = r_sq;                      op_b = x_r;    end
            T_R2Y: begin op_a = r_sq;                      op_b = y_r;    end
            T_MUY: begin op_a = {{5{y_r[17]}}, y_r};       op_b = mu_r;   end
            T_OMX: begin op_a = {{5{x_half[17]}}, x_half}; op_b = om_r;   end
            T_XC:  begin op_a = acc_x[22:0];               op_b = corr;   end
            T_YC:  begin op_a = acc_y[22:0];               op_b = corr;   end
            default: ;
        endcase
    end

    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= op_b;
        prod  <= mul_a * mul_b;
    end

    // ------------------------------------------------------------------ product reductions
    // The *_sh wires hold a shift at full width; only their low bits are used, the rest are sign
    // copies (the bounds in the header and in the reference's contract).
    /* verilator lint_off UNUSEDSIGNAL */
    // Linear terms (step 2) and the rotation of y (step 4): floor of the product / 2^14.
    wire signed [40:0] prod_sh   = prod >>> FRAC;
    // r^2 (step 1): 37-bit sum of the two squares, floor / 2^14, 23 bits.
    wire signed [36:0] r_sq_full = {x_sq[35], x_sq} + {prod[35], prod[35:0]};
    wire signed [36:0] r_sq_sh   = r_sq_full >>> FRAC;
    // Cubic damping (step 3): r2q = (r_sq * x) >>> 14 in 27 bits, DT * r2q >>> 14 in 31 bits.
    wire signed [26:0] r2_q      = prod_sh[26:0];
    wire signed [44:0] dt_r2     = DT * r2_q;
    wire signed [44:0] damp_s    = dt_r2 >>> FRAC;
    wire signed [30:0] damp      = damp_s[30:0];
    // Correction product (step 6): (sum * corr) >>> 14 in 36 bits.
    wire signed [35:0] corr_prod = prod_sh[35:0];
    // Correction factor (step 5): 2.0 - r^2 clamped to [0.5, 1.0], applied when r^2 > 1.0625;
    // the clamped value fits the 18 bits the multiplier takes.
    wire signed [23:0] corr_raw  = TWO_Q14 - {r_sq[22], r_sq};
    wire signed [23:0] corr_cl   = (corr_raw < CORR_MIN) ? CORR_MIN :
                                   (corr_raw > CORR_MAX) ? CORR_MAX : corr_raw;
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [31:0] lin       = prod_sh[31:0];
    wire signed [31:0] damp32    = {damp[30], damp};

    // Results (steps 7, 8): the corrected or plain sum, saturated to Q4.14.
    wire signed [35:0] x_pick = correct ? corr_prod : {{4{acc_x[31]}}, acc_x};
    wire signed [35:0] y_pick = correct ? corr_prod : {{4{acc_y[31]}}, acc_y};
    wire signed [17:0] x_sat  = (x_pick > SAT_MAX) ? SAT_MAX[17:0] :
                                (x_pick < SAT_MIN) ? SAT_MIN[17:0] : x_pick[17:0];
    wire signed [17:0] y_sat  = (y_pick > SAT_MAX) ? SAT_MAX[17:0] :
                                (y_pick < SAT_MIN) ? SAT_MIN[17:0] : y_pick[17:0];

`ifdef PHIN_PLANT_LSB
    // Test plant, never defined in a build: one LSB of oscillator 7's x flipped on every write.
    // testbenches/run.sh builds tb_hopf_engine with it and requires the testbench to fail.
    wire               plant  = (osc == 7);
    assign wdata = {x_new ^ {17'd0, plant}, y_sat};
`else
    assign wdata = {x_new, y_sat};
`endif

    // Observation of the write (header: wr_en, wr_idx, wr_x, wr_y).
    assign wr_en  = we;
    assign wr_idx = osc;
    assign wr_x   = wdata[35:18];
    assign wr_y   = wdata[17:0];

    always @(posedge clk) begin
        case (t)
            T_IN: begin
                x_r   <= x_in;
                y_r   <= y_in;
                mu_r  <= mu_dt;
                om_r  <= omega_dt;
                acc_x <= {{14{x_in[17]}}, x_in} + {{14{input_x[17]}}, input_x};
                acc_y <= {{14{y_in[17]}}, y_in};
            end
            T_MUX:  x_sq  <= prod[35:0];
            T_OMY:  r_sq  <= r_sq_sh[22:0];
            T_R2X: begin
                acc_x   <= acc_x + lin;
                corr    <= corr_cl[17:0];
                correct <= r_sq > R2_THRESH;
            end
            T_R2Y:  acc_x <= acc_x - lin;
            T_MUY:  acc_x <= acc_x - damp32;
            T_OMX:  acc_y <= acc_y - damp32;
            T_XC:   acc_y <= acc_y + lin;
            T_YSUM: acc_y <= acc_y + lin;
            T_YC:   x_new <= x_sat;
            default: ;
        endcase
    end

    // ------------------------------------------------------------------ read port
    assign rd_x = rd_fresh ? X_INIT : rd_q[35:18];
    assign rd_y = rd_fresh ? Y_INIT : rd_q[17:0];

    // amplitude of hopf_oscillator.v, written once for the folded RTL (rtl/fpga/hopf_amplitude.vh).
    `include "hopf_amplitude.vh"
    assign rd_amplitude = hopf_amplitude(rd_x, rd_y);
endmodule
`default_nettype wire
