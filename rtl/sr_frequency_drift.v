// sr_frequency_drift: hours-scale drift of the five Schumann-resonance frequencies (description
// section 4.2): per harmonic a bounded random walk with reflecting bounds, one lfsr16 per
// harmonic for the direction, step +-1 OMEGA_DT unit per update.
// Contract: docs/spec/sr_frequency_drift.md. Model: crates/phin-core/src/sr_frequency_drift.rs.
//
//   update_now = (update_count == UPDATE_INTERVAL - 1); update_count wraps to 0 there.
//   On update_now, for each harmonic h: step = lfsr_h[0] ? +1 : -1;
//     drift_h' = |drift_h + step| > DRIFT_MAX_h ? drift_h - step : drift_h + step  (reflect)
//   and lfsr_h advances (16 shifts) on the same edge, so every update reads a fresh word.
//   omega_dt_fh = OMEGA_DT_Fh + drift_h (combinational, 18-bit signed).
`default_nettype none
module sr_frequency_drift #(
    parameter WIDTH           = 18,
    parameter UPDATE_INTERVAL = 400      // ticks per update: simulation-scaled (0.1 s)
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    output reg  signed [WIDTH-1:0] drift_f0,
    output reg  signed [WIDTH-1:0] drift_f1,
    output reg  signed [WIDTH-1:0] drift_f2,
    output reg  signed [WIDTH-1:0] drift_f3,
    output reg  signed [WIDTH-1:0] drift_f4,
    output wire signed [WIDTH-1:0] omega_dt_f0,
    output wire signed [WIDTH-1:0] omega_dt_f1,
    output wire signed [WIDTH-1:0] omega_dt_f2,
    output wire signed [WIDTH-1:0] omega_dt_f3,
    output wire signed [WIDTH-1:0] omega_dt_f4
);
    // Real time: one update every ~15 minutes, 900 s x 4000 ticks/s. Documented, not the default.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer UPDATE_INTERVAL_REALTIME = 3600000;
    /* verilator lint_on UNUSEDPARAM */
    localparam [21:0] LAST = UPDATE_INTERVAL - 1;   // counter value of the update tick

    // Centre frequencies and drift half-ranges, OMEGA_DT units (section 2.2).
    localparam signed [WIDTH-1:0] OMEGA_DT_F0 = 18'sd196;  // 7.6 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_F1 = 18'sd354;  // 13.75 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_F2 = 18'sd514;  // 20 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_F3 = 18'sd643;  // 25 Hz
    localparam signed [WIDTH-1:0] OMEGA_DT_F4 = 18'sd823;  // 32 Hz
    localparam signed [WIDTH-1:0] DRIFT_MAX_F0 = 18'sd15;  // +-0.6 Hz
    localparam signed [WIDTH-1:0] DRIFT_MAX_F1 = 18'sd19;  // +-0.75 Hz
    localparam signed [WIDTH-1:0] DRIFT_MAX_F2 = 18'sd26;  // +-1 Hz
    localparam signed [WIDTH-1:0] DRIFT_MAX_F3 = 18'sd39;  // +-1.5 Hz
    localparam signed [WIDTH-1:0] DRIFT_MAX_F4 = 18'sd51;  // +-2 Hz

    reg  [21:0] update_count;
    wire        update_now = (update_count == LAST);
    wire        lfsr_en    = clk_en & update_now;

    // Only bit 0 of each LFSR is a direction; the other bits are LFSR state.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [15:0] lfsr_f0, lfsr_f1, lfsr_f2, lfsr_f3, lfsr_f4;
    /* verilator lint_on UNUSEDSIGNAL */

    lfsr16 #(.SEED(16'h3C5A), .STEPS(16)) u_lfsr_f0 (.clk(clk), .rst(rst), .clk_en(lfsr_en), .lfsr(lfsr_f0));
    lfsr16 #(.SEED(16'hB7E2), .STEPS(16)) u_lfsr_f1 (.clk(clk), .rst(rst), .clk_en(lfsr_en), .lfsr(lfsr_f1));
    lfsr16 #(.SEED(16'h5D91), .STEPS(16)) u_lfsr_f2 (.clk(clk), .rst(rst), .clk_en(lfsr_en), .lfsr(lfsr_f2));
    lfsr16 #(.SEED(16'hE4C3), .STEPS(16)) u_lfsr_f3 (.clk(clk), .rst(rst), .clk_en(lfsr_en), .lfsr(lfsr_f3));
    lfsr16 #(.SEED(16'h29F8), .STEPS(16)) u_lfsr_f4 (.clk(clk), .rst(rst), .clk_en(lfsr_en), .lfsr(lfsr_f4));

    // One reflecting step: 19-bit sum, compared with +-max; on a crossing the step is reversed.
    function signed [WIDTH-1:0] walk;
        input signed [WIDTH-1:0] d;
        input                    up;
        input signed [WIDTH-1:0] dmax;
        reg   signed [WIDTH:0]   fwd;
        reg   signed [WIDTH:0]   lim;
        // back lies between d - 1 and d + 1 with |d| <= dmax: its sign bit copy [WIDTH] is redundant.
        /* verilator lint_off UNUSEDSIGNAL */
        reg   signed [WIDTH:0]   back;
        /* verilator lint_on UNUSEDSIGNAL */
        begin
            fwd  = up ? ({d[WIDTH-1], d} + 19'sd1) : ({d[WIDTH-1], d} - 19'sd1);
            back = up ? ({d[WIDTH-1], d} - 19'sd1) : ({d[WIDTH-1], d} + 19'sd1);
            lim  = {dmax[WIDTH-1], dmax};               // a signed reg: the compare stays signed
            if ((fwd > lim) || (fwd < -lim))
                walk = back[WIDTH-1:0];
            else
                walk = fwd[WIDTH-1:0];
        end
    endfunction

    always @(posedge clk) begin
        if (rst) begin
            update_count <= 22'd0;
            drift_f0 <= 18'sd0;
            drift_f1 <= 18'sd0;
            drift_f2 <= 18'sd0;
            drift_f3 <= 18'sd0;
            drift_f4 <= 18'sd0;
        end else if (clk_en) begin
            update_count <= update_now ? 22'd0 : update_count + 22'd1;
            if (update_now) begin
                drift_f0 <= walk(drift_f0, lfsr_f0[0], DRIFT_MAX_F0);
                drift_f1 <= walk(drift_f1, lfsr_f1[0], DRIFT_MAX_F1);
                drift_f2 <= walk(drift_f2, lfsr_f2[0], DRIFT_MAX_F2);
                drift_f3 <= walk(drift_f3, lfsr_f3[0], DRIFT_MAX_F3);
                drift_f4 <= walk(drift_f4, lfsr_f4[0], DRIFT_MAX_F4);
            end
        end
    end

    // |drift| <= 51 and centre <= 823: the 18-bit sums never wrap.
    assign omega_dt_f0 = OMEGA_DT_F0 + drift_f0;
    assign omega_dt_f1 = OMEGA_DT_F1 + drift_f1;
    assign omega_dt_f2 = OMEGA_DT_F2 + drift_f2;
    assign omega_dt_f3 = OMEGA_DT_F3 + drift_f3;
    assign omega_dt_f4 = OMEGA_DT_F4 + drift_f4;
endmodule
`default_nettype wire
