// hopf_bank: the state and the stepping of the folded top's N Hopf oscillators (issue 19;
// docs/fpga.md, "The folded top"). It holds each oscillator's committed x, y in registers and
// shows them, with the reference's `amplitude` of them (rtl/fpga/hopf_amplitude.vh), to the glue
// modules: these are the values the reference's hopf_oscillator instances hold between two clock
// enable edges. On `start` it runs one tick of rtl/fpga/hopf_engine.v over all N oscillators,
// with each oscillator's mu_dt, omega_dt, input_x taken from the glue (combinational from the
// committed state and the folded top's latched inputs, so stable for the whole tick), captures
// each oscillator's new x', y' into a next-state register as the engine writes it, and copies
// next -> committed on `commit`, the edge on which every other register of the folded top steps
// too: so after `commit` the state is what the reference's oscillators hold after their edge.
//
// Timing contract (the folded top's tick sequencer keeps it): `commit` comes at least
// TICK_CLOCKS = 15 * N + 1 clocks after the `start` edge: the engine's 15 * N clocks (its
// schedule, docs/fpga.md "The Hopf engine"), whose last edge writes oscillator N-1, and the
// commit edge after it. A `start` is accepted by the engine only when it is idle (otherwise it
// sets its sticky overrun, not used here).
//
// Inputs by index: the engine asks for oscillator req_idx's inputs; a registered 21:1 multiplexer
// answers one clock later (the engine samples them on the edge that ends the second clock of
// the slot, so a registered read is allowed; the register also cuts the glue's long
// combinational paths from the engine's).
//
// Oscillator numbering (the folded top): 0 theta; 1..5 SR f0..f4; 6..10 sensory L6, L5a, L5b,
// L4, L2/3; 11..15 association; 16..20 motor.
//
// Reset: x = 0.5 (8192), y = 0 in both register sets, as the reference's oscillators.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module hopf_bank #(
    parameter integer N     = 21,  // oscillators; 1 <= N <= 2^IDX_W
    parameter integer IDX_W = 5    // width of an oscillator index
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 start,          // the tick starts: the engine's clk_en
    input  wire                 commit,         // the tick ends: next -> committed
    // Oscillator k's inputs at [18k +: 18], as the reference's hopf_oscillator ports.
    input  wire [N*18-1:0]      osc_mu_dt,
    input  wire [N*18-1:0]      osc_omega_dt,
    input  wire [N*18-1:0]      osc_input_x,
    // Oscillator k's committed state at [18k +: 18], as the reference's hopf_oscillator ports.
    output wire [N*18-1:0]      osc_x,
    output wire [N*18-1:0]      osc_y,
    output wire [N*18-1:0]      osc_amplitude,
    // Oscillator k's next state x at [18k +: 18]: what its x becomes on the next commit, final
    // from the clock in which tick_done is high (every oscillator written) through that commit.
    output wire [N*18-1:0]      osc_x_next,
    output wire                 tick_done       // one clock: the engine wrote all N
);
    `include "hopf_amplitude.vh"

    localparam signed [17:0] X_INIT = 18'sd8192;   // 0.5, hopf_oscillator.v
    localparam signed [17:0] Y_INIT = 18'sd0;

    // ------------------------------------------------------------------ the engine
    wire [IDX_W-1:0]   req_idx;
    reg  signed [17:0] mu_q, om_q, in_q;   // oscillator req_idx's inputs, one clock later
    wire               wr_en;
    wire [IDX_W-1:0]   wr_idx;
    wire signed [17:0] wr_x, wr_y;
    // The engine's read port, status and overrun flag: the bank keeps its own copy of the
    // committed state, and the folded top's sequencer never starts a tick while one runs.
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [17:0] rd_x, rd_y, rd_amplitude;
    wire               busy, overrun;
    /* verilator lint_on UNUSEDSIGNAL */

    hopf_engine #(.N(N), .IDX_W(IDX_W)) u_engine (
        .clk(clk), .rst(rst), .clk_en(start),
        .req_idx(req_idx), .mu_dt(mu_q), .omega_dt(om_q), .input_x(in_q),
        .rd_idx({IDX_W{1'b0}}), .rd_x(rd_x), .rd_y(rd_y), .rd_amplitude(rd_amplitude),
        .busy(busy), .done(tick_done), .overrun(overrun),
        .wr_en(wr_en), .wr_idx(wr_idx), .wr_x(wr_x), .wr_y(wr_y));

    // Registered multiplexer of the inputs (header: "Inputs by index"). Indices >= N (the
    // engine's idle value) select zeros.
    integer i;
    reg signed [17:0] mu_sel, om_sel, in_sel;
    always @(*) begin
        mu_sel = 18'sd0;
        om_sel = 18'sd0;
        in_sel = 18'sd0;
        for (i = 0; i < N; i = i + 1) begin
            if (req_idx == i[IDX_W-1:0]) begin
                mu_sel = osc_mu_dt[18*i +: 18];
                om_sel = osc_omega_dt[18*i +: 18];
                in_sel = osc_input_x[18*i +: 18];
            end
        end
    end

    always @(posedge clk) begin
        mu_q <= mu_sel;
        om_q <= om_sel;
        in_q <= in_sel;
    end

    // ------------------------------------------------------------------ the state
    genvar k;
    generate
        for (k = 0; k < N; k = k + 1) begin : g_osc
            reg signed [17:0] x_c, y_c;   // committed: the reference's x, y registers
            reg signed [17:0] x_n, y_n;   // next: this tick's result, as the engine wrote it
            wire              cap = wr_en && (wr_idx == k[IDX_W-1:0]);
`ifdef PHIN_PLANT_TOP
            // Test plant, never defined in a build: one LSB of oscillator 13's (association
            // L5b) captured x flipped. testbenches/run.sh builds tb_fpga_top with it and
            // requires the testbench to fail.
            wire signed [17:0] wr_x_k = (k == 13) ? (wr_x ^ 18'sd1) : wr_x;
`else
            wire signed [17:0] wr_x_k = wr_x;
`endif
            always @(posedge clk) begin
                if (rst) begin
                    x_n <= X_INIT;
                    y_n <= Y_INIT;
                    x_c <= X_INIT;
                    y_c <= Y_INIT;
                end else begin
                    if (cap) begin
                        x_n <= wr_x_k;
                        y_n <= wr_y;
                    end
                    if (commit) begin
                        x_c <= x_n;
                        y_c <= y_n;
                    end
                end
            end
            assign osc_x[18*k +: 18]         = x_c;
            assign osc_x_next[18*k +: 18]    = x_n;
            assign osc_y[18*k +: 18]         = y_c;
            assign osc_amplitude[18*k +: 18] = hopf_amplitude(x_c, y_c);
        end
    endgenerate
endmodule
`default_nettype wire
