// tb_config_controller_fold: rtl/fpga/config_controller_fold.v beside the reference
// rtl/config_controller.v on the same inputs, every tick (docs/fpga.md, "The folded
// config_controller"). Runs under both simulators, Verilator (--binary) and Icarus (-g2005),
// and ends with "tb_config_controller_fold: N passed, N failed".
//
// One tick: the folded module gets a one-clock start, during which the inputs carry garbage
// (the folded top latches its ports on the start edge, so a child's inputs may change there);
// the tick's inputs are set after the start edge and held; commit (and the reference's clk_en)
// come CLOCKS + 0 .. 20 clocks after the start edge. Every output, and the module's other
// registers (the thirteen start_* shadows, count, duration), are compared on every clock (they
// must hold between commits alike) and once more after the commit edge. Half the ticks start in
// the previous tick's commit clock (start and commit on one edge). busy must fall exactly
// CLOCKS - 1 edges after the start edge. CLOCKS is read from the module.
// Inputs, in segments of SEG ticks (xorshift32):
//   settle     state_select changes about every 64 ticks to a random code 0 .. 7, duration
//              0 .. 40: ramps run to their landing
//   interrupt  state_select changes about every 8 ticks, duration 0 .. 100: requests in the
//              middle of a ramp (the shadows latch interpolated values)
//   edges      durations 0, 1, 2, 3, 32768, 65534, 65535 and random; after a request with a
//              long duration count is preloaded (hierarchical write, both modules, between
//              commits) to a few ticks before the landing, so progress near 65535 and the
//              landing of the longest ramps are reached
//   full       a random code and a full-range random duration every tick
// A reset in the middle of a tick (both modules) every RST_EVERY ticks; the tick after it must
// match again. Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_CONFIG defined the folded module flips the Ca2+ threshold lerp's LSB when its
// product is negative; testbenches/run.sh builds that variant (with TB_QUICK) and requires a
// failure:
// plant: PHIN_PLANT_CONFIG
`default_nettype none
module tb_config_controller_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 400;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 12000;
`else
    localparam integer TICKS = 1000;
`endif
    localparam integer SEG       = 100;   // ticks per input segment
    localparam integer RST_EVERY = 397;   // a mid-tick reset every this many ticks

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg [2:0]  sel = 3'd0;
    reg [15:0] dur = 16'd0;

    wire signed [17:0] mu_th_r, mu_l6_r, mu_l5b_r, mu_l5a_r, mu_l4_r, mu_l23_r, ca_r;
    wire [15:0] coh_r, ign_r, plat_r, prop_r, dec_r, refr_r, prog_r;
    wire        fh_r, tr_r;
    wire [2:0]  from_r, to_r;
    config_controller ref_cfg (
        .clk(clk), .rst(rst), .clk_en(clk_en), .state_select(sel), .transition_duration(dur),
        .mu_dt_theta(mu_th_r), .mu_dt_l6(mu_l6_r), .mu_dt_l5b(mu_l5b_r), .mu_dt_l5a(mu_l5a_r),
        .mu_dt_l4(mu_l4_r), .mu_dt_l23(mu_l23_r), .ca_threshold(ca_r),
        .sie_dur_coherence(coh_r), .sie_dur_ignition(ign_r), .sie_dur_plateau(plat_r),
        .sie_dur_propagation(prop_r), .sie_dur_decay(dec_r), .sie_dur_refractory(refr_r),
        .force_harmonic(fh_r), .transitioning(tr_r), .transition_progress(prog_r),
        .transition_from(from_r), .transition_to(to_r)
    );

    wire signed [17:0] mu_th_f, mu_l6_f, mu_l5b_f, mu_l5a_f, mu_l4_f, mu_l23_f, ca_f;
    wire [15:0] coh_f, ign_f, plat_f, prop_f, dec_f, refr_f, prog_f;
    wire        fh_f, tr_f, busy;
    wire [2:0]  from_f, to_f;
    config_controller_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .state_select(sel), .transition_duration(dur),
        .mu_dt_theta(mu_th_f), .mu_dt_l6(mu_l6_f), .mu_dt_l5b(mu_l5b_f), .mu_dt_l5a(mu_l5a_f),
        .mu_dt_l4(mu_l4_f), .mu_dt_l23(mu_l23_f), .ca_threshold(ca_f),
        .sie_dur_coherence(coh_f), .sie_dur_ignition(ign_f), .sie_dur_plateau(plat_f),
        .sie_dur_propagation(prop_f), .sie_dur_decay(dec_f), .sie_dur_refractory(refr_f),
        .force_harmonic(fh_f), .transitioning(tr_f), .transition_progress(prog_f),
        .transition_from(from_f), .transition_to(to_f)
    );
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire same_out = mu_th_r == mu_th_f && mu_l6_r == mu_l6_f && mu_l5b_r == mu_l5b_f
                 && mu_l5a_r == mu_l5a_f && mu_l4_r == mu_l4_f && mu_l23_r == mu_l23_f
                 && ca_r == ca_f && coh_r == coh_f && ign_r == ign_f && plat_r == plat_f
                 && prop_r == prop_f && dec_r == dec_f && refr_r == refr_f && fh_r == fh_f
                 && tr_r == tr_f && prog_r == prog_f && from_r == from_f && to_r == to_f;
    // The other registers, same names in both.
    wire same_state = ref_cfg.start_mu_theta == fold.start_mu_theta
                   && ref_cfg.start_mu_l6 == fold.start_mu_l6
                   && ref_cfg.start_mu_l5b == fold.start_mu_l5b
                   && ref_cfg.start_mu_l5a == fold.start_mu_l5a
                   && ref_cfg.start_mu_l4 == fold.start_mu_l4
                   && ref_cfg.start_mu_l23 == fold.start_mu_l23
                   && ref_cfg.start_ca == fold.start_ca
                   && ref_cfg.start_dur_coherence == fold.start_dur_coherence
                   && ref_cfg.start_dur_ignition == fold.start_dur_ignition
                   && ref_cfg.start_dur_plateau == fold.start_dur_plateau
                   && ref_cfg.start_dur_propagation == fold.start_dur_propagation
                   && ref_cfg.start_dur_decay == fold.start_dur_decay
                   && ref_cfg.start_dur_refractory == fold.start_dur_refractory
                   && ref_cfg.count == fold.count && ref_cfg.duration == fold.duration;
    wire same = same_out && same_state;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h00c0_ffee;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    function [15:0] dur_edge;
        input [2:0] i;
        input [15:0] r;
        begin
            case (i)
                3'd0: dur_edge = 16'd0;
                3'd1: dur_edge = 16'd1;
                3'd2: dur_edge = 16'd2;
                3'd3: dur_edge = 16'd3;
                3'd4: dur_edge = 16'd32768;
                3'd5: dur_edge = 16'd65534;
                3'd6: dur_edge = 16'd65535;
                default: dur_edge = r;
            endcase
        end
    endfunction

    // The tick's inputs; sel keeps its value unless this tick changes it.
    task set_inputs;
        input integer kind;
        begin
            rnd;
            case (kind)
                0: begin  // settle
                    if (rv[5:0] == 6'd0) sel = rv[8:6];
                    dur = rv[31:16] % 16'd41;
                end
                1: begin  // interrupt
                    if (rv[2:0] == 3'd0) sel = rv[8:6];
                    dur = rv[31:16] % 16'd101;
                end
                2: begin  // edges
                    if (rv[3:0] == 4'd0) sel = rv[8:6];
                    dur = dur_edge(rv[11:9], rv[31:16]);
                end
                default: begin  // full
                    sel = rv[2:0];
                    dur = rv[31:16];
                end
            endcase
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0, n_preload = 0;
    integer c_req = 0, c_req_mid = 0, c_land = 0, c_land_long = 0, c_dur0 = 0, c_dur_max = 0;
    integer c_code57 = 0, c_u_down = 0, c_u_up = 0, c_s_down = 0, c_s_up = 0, c_p_high = 0;
    integer c_force = 0, c_ramp = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0;

    // Read from the reference's nets in the commit clock (the tick's inputs on them).
    task count_corners;
        begin
            if (ref_cfg.request) begin
                c_req = c_req + 1;
                if (tr_r) c_req_mid = c_req_mid + 1;
                if (dur == 16'd0) c_dur0 = c_dur0 + 1;
                if (dur == 16'd65535) c_dur_max = c_dur_max + 1;
                if (sel > 3'd4) c_code57 = c_code57 + 1;
            end else if (tr_r) begin
                if (ref_cfg.done) begin
                    c_land = c_land + 1;
                    if (ref_cfg.duration >= 16'd32768) c_land_long = c_land_long + 1;
                end else begin
                    c_ramp = c_ramp + 1;
                    if (ref_cfg.prog_nx > 16'd65000) c_p_high = c_p_high + 1;
                    if (ref_cfg.tgt_ref < ref_cfg.start_dur_refractory) c_u_down = c_u_down + 1;
                    if (ref_cfg.tgt_ref > ref_cfg.start_dur_refractory) c_u_up = c_u_up + 1;
                    if (ref_cfg.tgt_ca < ref_cfg.start_ca) c_s_down = c_s_down + 1;
                    if (ref_cfg.tgt_ca > ref_cfg.start_ca) c_s_up = c_s_up + 1;
                end
            end
            if (fh_r) c_force = c_force + 1;
        end
    endtask

    // After a request commit with a long duration, in the edges segment: count in both modules
    // set a few ticks before the landing (count <= duration - 1 is reachable from the request).
    reg [15:0] pre;
    task maybe_preload;
        begin
            rnd;
            if (tr_r && ref_cfg.count == 16'd0 && ref_cfg.duration >= 16'd1000 && rv[0]) begin
                pre = ref_cfg.duration - 16'd1 - {13'd0, rv[3:1]};
                ref_cfg.count = pre;
                fold.count    = pre;
                n_preload = n_preload + 1;
            end
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at, seg_kind;
    reg     share;    // this tick's start shares the previous tick's commit clock
    reg [2:0]  keep_sel;

    initial begin
        CLOCKS = fold.CLOCKS;
        do_reset;
        check("reset: outputs and state equal", same);
        share = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            seg_kind = (t / SEG) % 4;
            n_ticks = n_ticks + 1;
            keep_sel = sel;
            if (!share) begin
                rnd;   // garbage on the inputs in the start clock
                sel = rv[2:0];
                dur = rv[31:16];
                start = 1'b1;
                clock;
                start = 1'b0;
            end
            // After the start edge: this tick's inputs, held to the commit edge.
            sel = keep_sel;
            set_inputs(seg_kind);
            rnd;
            extra = rv[15:0] % 21;
            if (extra == 0) n_extra0 = n_extra0 + 1;
            if (extra == 20) n_extra20 = n_extra20 + 1;
            rst_at = (t % RST_EVERY == RST_EVERY - 1) ? 1 + rv[23:16] % (CLOCKS - 2) : -1;
            // Edges 1 .. CLOCKS - 1 + extra after the start edge (the commit edge is
            // CLOCKS + extra).
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
                count_corners;
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
                        $display("FAIL tick %0d (segment %0d): ref mu %0d %0d %0d %0d %0d %0d ca %0d dur %0d %0d %0d %0d %0d %0d prog %0d tr %0d / fold mu %0d %0d %0d %0d %0d %0d ca %0d dur %0d %0d %0d %0d %0d %0d prog %0d tr %0d",
                                 t, seg_kind, mu_th_r, mu_l6_r, mu_l5b_r, mu_l5a_r, mu_l4_r,
                                 mu_l23_r, ca_r, coh_r, ign_r, plat_r, prop_r, dec_r, refr_r,
                                 prog_r, tr_r, mu_th_f, mu_l6_f, mu_l5b_f, mu_l5a_f, mu_l4_f,
                                 mu_l23_f, ca_f, coh_f, ign_f, plat_f, prop_f, dec_f, refr_f,
                                 prog_f, tr_f);
                end
                // Before edge 1 of a shared start: the preload is what the tick reads.
                if (seg_kind == 2) maybe_preload;
            end
        end
        check("every commit: outputs and state equal", e_commit == 0);
        check("every clock: outputs and state equal (hold)", e_hold == 0);
        check("after each mid-tick reset: equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
`ifndef TB_QUICK
        // The planted-fault run is short; there only a mismatch may fail.
        check("corner: requests, and in the middle of a ramp", c_req > 0 && c_req_mid > 0);
        check("corner: landings, and of a ramp >= 32768", c_land > 0 && c_land_long > 0);
        check("corner: duration 0 and 65535 requested", c_dur0 > 0 && c_dur_max > 0);
        check("corner: codes 5-7 requesting NORMAL", c_code57 > 0);
        check("corner: lerp_u down and up", c_u_down > 0 && c_u_up > 0);
        check("corner: lerp_s down and up", c_s_down > 0 && c_s_up > 0);
        check("corner: progress above 65000", c_p_high > 0);
        check("corner: force_harmonic", c_force > 0);
        check("mid-tick resets", n_resets > 0);
`endif
        check("start in the commit clock", n_shared > 0);
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d; count preloads %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_resets, n_preload);
        $display("corners (ticks): requests %0d (mid-ramp %0d, duration 0 %0d, 65535 %0d, codes 5-7 %0d), ramp steps %0d (lerp_u down %0d up %0d, lerp_s down %0d up %0d, progress > 65000 %0d), landings %0d (duration >= 32768 %0d), force_harmonic %0d",
                 c_req, c_req_mid, c_dur0, c_dur_max, c_code57, c_ramp, c_u_down, c_u_up,
                 c_s_down, c_s_up, c_p_high, c_land, c_land_long, c_force);
        $display("mismatches: at commit %0d, between commits %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_busy, e_reset);
        $display("tb_config_controller_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
