// tb_coupling_mode_controller_fold: rtl/fpga/coupling_mode_controller_fold.v beside the
// reference rtl/coupling_mode_controller.v on the same inputs, every tick (docs/fpga.md, "The
// folded coupling_mode_controller"). Runs under Verilator (--binary) and Icarus (-g2005) and
// ends with "tb_coupling_mode_controller_fold: N passed, N failed".
//
// One tick: the folded module gets a one-clock start, during which the inputs carry garbage;
// the tick's inputs are set after the start edge and held; commit (and the reference's clk_en)
// come CLOCKS + 0 .. 20 clocks after the start edge, and every output of both is compared on
// every clock (they must hold alike between commits) and once more after the commit edge. Half
// the ticks start in the previous tick's commit clock (start and commit on one edge). busy must
// fall exactly CLOCKS - 1 edges after the start edge. CLOCKS is read from the module.
// A crossfade lasts 2000 ticks, so the run is long enough for MODULATORY -> HARMONIC ->
// MODULATORY (every lerp of both directions and both halves). Inputs, in segments of SEG ticks
// (xorshift32):
//   realistic  sync_order and boundary_power as order parameter and power in 0 .. 1.0, random
//              walks; the SIE flags in blocks
//   full       full-range 18-bit values and random flags every tick
//   edges      sync_order at 0.7 and one above, 0.5 and one below, the 18-bit extremes;
//              boundary_power at 0.25 and one above; random flags
// A reset in the middle of a tick (both modules) every RST_EVERY ticks, placed so the Icarus run
// still has both crossfades first. Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_CMC defined the folded module flips the PAC lerp's LSB when its quotient is
// negative (the crossfade toward HARMONIC); testbenches/run.sh builds that variant (with
// TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_CMC
// run.sh: -O1
`default_nettype none
module tb_coupling_mode_controller_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 12000;
`else
    localparam integer TICKS = 5000;
`endif
    localparam integer SEG       = 100;   // ticks per input segment
    localparam integer RST_EVERY = 4700;  // a mid-tick reset every this many ticks
    localparam signed [17:0] SYNC_HIGH = 18'sd11469;
    localparam signed [17:0] SYNC_LOW  = 18'sd8192;
    localparam signed [17:0] BP_THRESH = 18'sd4096;

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] sync_order = 18'sd0, boundary_power = 18'sd0;
    reg sie_active = 1'b0, sie_decay_phase = 1'b0, force_harmonic = 1'b0;

    wire [1:0]         mode_r;
    wire               target_r;
    wire [10:0]        timer_r;
    wire signed [17:0] pac_r, harm_r;
    coupling_mode_controller ref_cmc (
        .clk(clk), .rst(rst), .clk_en(clk_en), .sync_order(sync_order),
        .boundary_power(boundary_power), .sie_active(sie_active),
        .sie_decay_phase(sie_decay_phase), .force_harmonic(force_harmonic),
        .coupling_mode(mode_r), .mode_target(target_r), .xfade_timer(timer_r),
        .pac_gain(pac_r), .harmonic_gain(harm_r)
    );

    wire [1:0]         mode_f;
    wire               target_f, busy;
    wire [10:0]        timer_f;
    wire signed [17:0] pac_f, harm_f;
    coupling_mode_controller_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .sync_order(sync_order), .boundary_power(boundary_power), .sie_active(sie_active),
        .sie_decay_phase(sie_decay_phase), .force_harmonic(force_harmonic),
        .coupling_mode(mode_f), .mode_target(target_f), .xfade_timer(timer_f),
        .pac_gain(pac_f), .harmonic_gain(harm_f)
    );
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire same = mode_r == mode_f && target_r == target_f && timer_r == timer_f
             && pac_r == pac_f && harm_r == harm_f;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h0bad_cafe;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // A value near a threshold, or an extreme.
    function signed [17:0] near;
        input signed [17:0] thr;
        input [2:0]         i;
        begin
            case (i)
                3'd0: near = thr;
                3'd1: near = thr + 18'sd1;
                3'd2: near = thr - 18'sd1;
                3'd3: near = -18'sd131072;
                3'd4: near = 18'sd131071;
                3'd5: near = 18'sd0;
                default: near = thr;
            endcase
        end
    endfunction

    integer seg_kind;
    reg     sie_block;   // realistic segment: an SIE event in progress
    reg signed [17:0] keep_sync = 18'sd0, keep_bp = 18'sd0;  // the walks' last values
    task set_inputs;
        input integer kind;
        begin
            rnd;
            case (kind)
                0: begin  // realistic random walks in 0 .. 1.0
                    sync_order = keep_sync + $signed({{10{rv[7]}}, rv[7:0]});
                    if (sync_order < 0) sync_order = 18'sd0;
                    if (sync_order > 18'sd16384) sync_order = 18'sd16384;
                    boundary_power = keep_bp + $signed({{10{rv[15]}}, rv[15:8]});
                    if (boundary_power < 0) boundary_power = 18'sd0;
                    if (boundary_power > 18'sd16384) boundary_power = 18'sd16384;
                    if (rv[25:18] == 8'd0) sie_block = ~sie_block;
                    sie_active      = sie_block;
                    sie_decay_phase = sie_block && rv[26];
                    force_harmonic  = rv[31:27] == 5'd0;
                end
                1: begin  // full range
                    sync_order     = rv[17:0];
                    boundary_power = rv[31:14];
                    rnd;
                    sie_active      = rv[0];
                    sie_decay_phase = rv[1];
                    force_harmonic  = rv[4:2] == 3'd0;
                end
                default: begin  // edges
                    sync_order     = near(rv[3] ? SYNC_HIGH : SYNC_LOW, rv[2:0]);
                    boundary_power = near(BP_THRESH, rv[6:4]);
                    sie_active      = rv[7];
                    sie_decay_phase = rv[8];
                    force_harmonic  = rv[11:9] == 3'd0;
                end
            endcase
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0;
    integer c_up_first = 0, c_up_second = 0, c_down_first = 0, c_down_second = 0;
    integer c_to_harm = 0, c_to_mod = 0, c_xfade_start = 0, c_tseg0 = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0;
    reg [1:0]  mode_before;
    reg [10:0] timer_before;
    reg        target_before;

    task count_corners;
        begin
            if (mode_before == 2'd1 && mode_r == 2'd1) begin
                if (target_before && timer_before < 11'd999) c_up_first = c_up_first + 1;
                if (target_before && timer_before >= 11'd999) c_up_second = c_up_second + 1;
                if (!target_before && timer_before < 11'd999) c_down_first = c_down_first + 1;
                if (!target_before && timer_before >= 11'd999) c_down_second = c_down_second + 1;
                if (timer_before == 11'd999) c_tseg0 = c_tseg0 + 1;
            end
            if (mode_before == 2'd1 && mode_r == 2'd2) c_to_harm = c_to_harm + 1;
            if (mode_before == 2'd1 && mode_r == 2'd0) c_to_mod = c_to_mod + 1;
            if (mode_before != 2'd1 && mode_r == 2'd1) c_xfade_start = c_xfade_start + 1;
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at;
    reg     share;    // this tick's start shares the previous tick's commit clock

    initial begin
        CLOCKS = fold.CLOCKS;
        sie_block = 1'b0;
        do_reset;
        check("reset: outputs equal", same);
        share = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            seg_kind = (t / SEG) % 3;
            n_ticks = n_ticks + 1;
            keep_sync = sync_order;
            keep_bp   = boundary_power;
            if (!share) begin
                // Garbage on the inputs in the start clock.
                rnd;
                sync_order = rv[17:0]; boundary_power = rv[31:14];
                sie_active = rv[0]; sie_decay_phase = rv[1]; force_harmonic = rv[2];
                start = 1'b1;
                clock;
                start = 1'b0;
            end
            // After the start edge: this tick's inputs (the realistic segment's walks go on from
            // the last tick's values, kept across the garbage).
            set_inputs(seg_kind);
            rnd;
            extra = rv[15:0] % 21;
            if (extra == 0) n_extra0 = n_extra0 + 1;
            if (extra == 20) n_extra20 = n_extra20 + 1;
            rst_at = (t % RST_EVERY == RST_EVERY - 1) ? 1 + rv[23:16] % (CLOCKS - 2) : -1;
            mode_before   = mode_r;
            timer_before  = timer_r;
            target_before = target_r;
            // Edges 1 .. CLOCKS - 1 + extra after the start edge (the commit edge is CLOCKS + extra).
            for (i = 1; i < CLOCKS + extra; i = i + 1) begin
                if (i == rst_at) begin
                    rst = 1'b1;
                    n_resets = n_resets + 1;
                end
                clock;
                if (!same) e_hold = e_hold + 1;
                if (rst_at < 0) begin
                    if (i == CLOCKS - 2 && !busy) e_busy = e_busy + 1;
                    if (i == CLOCKS - 1 && busy) e_busy = e_busy + 1;
                end
                if (i == rst_at) begin
                    rst = 1'b0;
                    i = CLOCKS + extra;  // abandon this tick
                end
            end
            if (rst_at >= 0) begin
                if (!same) e_reset = e_reset + 1;
                share = 1'b0;
            end else begin
                commit = 1'b1;
                clk_en = 1'b1;
                rnd;
                share = rv[0];
                if (share) begin
                    start = 1'b1;
                    n_shared = n_shared + 1;
                end
                clock;
                commit = 1'b0;
                clk_en = 1'b0;
                start  = 1'b0;
                if (!same) begin
                    e_commit = e_commit + 1;
                    if (e_commit <= 5)
                        $display("FAIL tick %0d (segment %0d): ref mode %0d target %0d timer %0d pac %0d harm %0d / fold mode %0d target %0d timer %0d pac %0d harm %0d",
                                 t, seg_kind, mode_r, target_r, timer_r, pac_r, harm_r,
                                 mode_f, target_f, timer_f, pac_f, harm_f);
                end
                count_corners;
            end
        end
        check("every commit: all outputs equal", e_commit == 0);
        check("every clock: all outputs equal (hold)", e_hold == 0);
        check("after each mid-tick reset: outputs equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
`ifndef TB_QUICK
        // The planted-fault run is too short for both crossfades; there only a mismatch may fail.
        check("corner: crossfade to HARMONIC, first half", c_up_first > 0);
        check("corner: crossfade to HARMONIC, second half", c_up_second > 0);
        check("corner: crossfade to MODULATORY, first half", c_down_first > 0);
        check("corner: crossfade to MODULATORY, second half", c_down_second > 0);
        check("corner: t_seg = 0 (product 0)", c_tseg0 > 0);
        check("corner: crossfade completes both ways", c_to_harm > 0 && c_to_mod > 0);
        check("mid-tick resets", n_resets > 0 || TICKS < RST_EVERY);
`endif
        check("start in the commit clock", n_shared > 0);
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_resets);
        $display("corners (ticks): crossfade steps to HARMONIC %0d + %0d, to MODULATORY %0d + %0d (first + second half), t_seg 0 %0d; crossfades begun %0d, completed to HARMONIC %0d, to MODULATORY %0d",
                 c_up_first, c_up_second, c_down_first, c_down_second, c_tseg0, c_xfade_start,
                 c_to_harm, c_to_mod);
        $display("mismatches: at commit %0d, between commits %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_busy, e_reset);
        $display("tb_coupling_mode_controller_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
