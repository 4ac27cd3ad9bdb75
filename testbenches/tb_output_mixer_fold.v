// tb_output_mixer_fold: rtl/fpga/output_mixer_fold.v beside the reference rtl/output_mixer.v
// on the same inputs, every tick (docs/fpga.md, "The folded output_mixer"). Runs under
// both simulators, Verilator (--binary) and Icarus (-g2005), and ends with
// "tb_output_mixer_fold: N passed, N failed".
//
// One tick: the folded module gets a one-clock start, during which the inputs carry garbage
// (the folded top latches its ports on the start edge, so a child's inputs may change there);
// the tick's inputs are set after the start edge and held; commit (and the reference's clk_en)
// come CLOCKS + 0 .. 20 clocks after the start edge. mixed_out and dac_output (the module's
// whole state) are compared on every clock (they must hold between commits alike) and once
// more after the commit edge. Half the ticks start in the previous tick's commit clock (start
// and commit on one edge). busy must fall exactly CLOCKS - 1 edges after the start edge. CLOCKS
// is read from the module.
// Inputs, in segments of SEG ticks (xorshift32):
//   realistic  bands within +-1.5, envelopes 0.5 .. 1.5, MU 1 .. 6, SIE gain 0 .. 1.0, SR
//              within +-1.5, pink within the generator's +-6784
//   full       every input full-range 18-bit random of either sign: the envelope and MU
//              products saturated both ways, MU and SIE gain clamped both ways, the limiter
//              and the DAC rails
//   edges      every input from the 18-bit extremes, 0, +-1, +-16384, 8192, MU -1, 0, 8, 9
//              and SIE gain -1, 16384, 16385
//   loud       bands and envelopes large, pink near its rails: the limiter and the DAC clamps;
//              a quarter of its ticks the oscillators silent and |mix| at the knee 12288 +- 8
// A reset in the middle of a tick (both modules) every RST_EVERY ticks; the tick after it must
// match again. Counts of the corners hit (read from the reference's nets at the commit edge)
// are printed and must be non-zero.
// With PHIN_PLANT_MIXER defined the folded module flips the mix's LSB when the pink term is
// negative; testbenches/run.sh builds that variant (with TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_MIXER
`default_nettype none
module tb_output_mixer_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 12000;
`else
    localparam integer TICKS = 1000;
`endif
    localparam integer SEG       = 50;    // ticks per input segment
    localparam integer RST_EVERY = 97;    // a mid-tick reset every this many ticks

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] th = 18'sd0, al = 18'sd0, be = 18'sd0, ga = 18'sd0, pk = 18'sd0;
    reg signed [17:0] e_th = 18'sd0, e_al = 18'sd0, e_be = 18'sd0, e_ga = 18'sd0;
    reg signed [17:0] gain = 18'sd0, sr = 18'sd0;
    reg signed [17:0] m_th = 18'sd0, m_al = 18'sd0, m_be = 18'sd0, m_ga = 18'sd0;

    wire signed [17:0] mix_r;
    wire [11:0]        dac_r;
    output_mixer ref_mix (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .theta_in(th), .alpha_in(al), .beta_in(be), .gamma_in(ga), .pink_in(pk),
        .env_theta(e_th), .env_alpha(e_al), .env_beta(e_be), .env_gamma(e_ga),
        .sie_gain(gain), .sr_in(sr),
        .mu_theta(m_th), .mu_alpha(m_al), .mu_beta(m_be), .mu_gamma(m_ga),
        .mixed_out(mix_r), .dac_output(dac_r)
    );

    wire signed [17:0] mix_f;
    wire [11:0]        dac_f;
    wire               busy;
    output_mixer_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .theta_in(th), .alpha_in(al), .beta_in(be), .gamma_in(ga), .pink_in(pk),
        .env_theta(e_th), .env_alpha(e_al), .env_beta(e_be), .env_gamma(e_ga),
        .sie_gain(gain), .sr_in(sr),
        .mu_theta(m_th), .mu_alpha(m_al), .mu_beta(m_be), .mu_gamma(m_ga),
        .mixed_out(mix_f), .dac_output(dac_f)
    );
    // The module's CLOCKS, read at run time (a hierarchical name cannot be a constant).
    integer CLOCKS;

    wire same = mix_r == mix_f && dac_r == dac_f;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h5eed_0a11;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // A uniform value in [lo, hi] (hi - lo < 2^31).
    function signed [17:0] in_range;
        input integer lo;
        input integer hi;
        input [31:0]  r;
        begin
            in_range = lo + r % (hi - lo + 1);
        end
    endfunction

    // An edge value.
    function signed [17:0] edge_v;
        input [3:0] i;
        begin
            case (i)
                4'd0: edge_v = -18'sd131072;
                4'd1: edge_v = 18'sd131071;
                4'd2: edge_v = 18'sd0;
                4'd3: edge_v = 18'sd1;
                4'd4: edge_v = -18'sd1;
                4'd5: edge_v = 18'sd16384;
                4'd6: edge_v = -18'sd16384;
                4'd7: edge_v = 18'sd8192;
                4'd8: edge_v = 18'sd24576;
                4'd9: edge_v = -18'sd24576;
                4'd10: edge_v = 18'sd131070;
                4'd11: edge_v = -18'sd131071;
                default: edge_v = 18'sd12288;
            endcase
        end
    endfunction

    function signed [17:0] mu_edge;
        input [2:0] i;
        begin
            case (i)
                3'd0: mu_edge = -18'sd1;
                3'd1: mu_edge = 18'sd0;
                3'd2: mu_edge = 18'sd8;
                3'd3: mu_edge = 18'sd9;
                3'd4: mu_edge = 18'sd131071;
                3'd5: mu_edge = -18'sd131072;
                3'd6: mu_edge = 18'sd3;
                default: mu_edge = 18'sd6;
            endcase
        end
    endfunction

    function signed [17:0] gain_edge;
        input [2:0] i;
        begin
            case (i)
                3'd0: gain_edge = -18'sd1;
                3'd1: gain_edge = 18'sd0;
                3'd2: gain_edge = 18'sd16384;
                3'd3: gain_edge = 18'sd16385;
                3'd4: gain_edge = 18'sd131071;
                3'd5: gain_edge = -18'sd131072;
                3'd6: gain_edge = 18'sd8192;
                default: gain_edge = 18'sd1;
            endcase
        end
    endfunction

    task garbage;
        begin
            rnd; th = rv[17:0]; al = rv[31:14];
            rnd; be = rv[17:0]; ga = rv[31:14];
            rnd; pk = rv[17:0]; e_th = rv[31:14];
            rnd; e_al = rv[17:0]; e_be = rv[31:14];
            rnd; e_ga = rv[17:0]; gain = rv[31:14];
            rnd; sr = rv[17:0]; m_th = rv[31:14];
            rnd; m_al = rv[17:0]; m_be = rv[31:14];
            rnd; m_ga = rv[17:0];
        end
    endtask

    task set_inputs;
        input integer kind;
        begin
            case (kind)
                0: begin  // realistic
                    rnd; th = in_range(-24576, 24576, rv);
                    rnd; al = in_range(-24576, 24576, rv);
                    rnd; be = in_range(-24576, 24576, rv);
                    rnd; ga = in_range(-24576, 24576, rv);
                    rnd; e_th = in_range(8192, 24576, rv);
                    rnd; e_al = in_range(8192, 24576, rv);
                    rnd; e_be = in_range(8192, 24576, rv);
                    rnd; e_ga = in_range(8192, 24576, rv);
                    rnd; m_th = in_range(1, 6, rv);
                    rnd; m_al = in_range(1, 6, rv);
                    rnd; m_be = in_range(1, 6, rv);
                    rnd; m_ga = in_range(1, 6, rv);
                    rnd; gain = in_range(0, 16384, rv);
                    rnd; sr = in_range(-24576, 24576, rv);
                    rnd; pk = in_range(-6784, 6784, rv);
                end
                1: garbage;  // full range
                2: begin  // edges
                    rnd;
                    th = edge_v(rv[3:0]); al = edge_v(rv[7:4]);
                    be = edge_v(rv[11:8]); ga = edge_v(rv[15:12]);
                    e_th = edge_v(rv[19:16]); e_al = edge_v(rv[23:20]);
                    e_be = edge_v(rv[27:24]); e_ga = edge_v(rv[31:28]);
                    rnd;
                    m_th = mu_edge(rv[2:0]); m_al = mu_edge(rv[5:3]);
                    m_be = mu_edge(rv[8:6]); m_ga = mu_edge(rv[11:9]);
                    gain = gain_edge(rv[14:12]);
                    sr = edge_v(rv[18:15]);
                    pk = edge_v(rv[22:19]);
                end
                default: begin  // loud: the limiter's knee and the DAC rails
                    rnd; th = in_range(-131072, 131071, rv);
                    rnd; al = in_range(-131072, 131071, rv);
                    rnd; be = in_range(-131072, 131071, rv);
                    rnd; ga = in_range(-131072, 131071, rv);
                    rnd; e_th = in_range(16384, 131071, rv);
                    rnd; e_al = in_range(16384, 131071, rv);
                    rnd; e_be = in_range(16384, 131071, rv);
                    rnd; e_ga = in_range(16384, 131071, rv);
                    rnd; m_th = in_range(0, 9, rv);
                    rnd; m_al = in_range(0, 9, rv);
                    rnd; m_be = in_range(0, 9, rv);
                    rnd; m_ga = in_range(0, 9, rv);
                    rnd; gain = in_range(-100, 16500, rv);
                    rnd; sr = in_range(-131072, 131071, rv);
                    rnd; pk = rv[31] ? in_range(-131072, -90000, rv) : in_range(90000, 131071, rv);
                    if (rv[30:29] == 2'd0) begin
                        // The knee itself: the oscillators silent, the pink term alone around
                        // +-12288 (pink_in 13357 gives 12288).
                        th = 18'sd0; al = 18'sd0; be = 18'sd0; ga = 18'sd0; sr = 18'sd0;
                        pk = in_range(13350, 13366, rv);
                        if (rv[28]) pk = -pk;
                    end
                end
            endcase
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0;
    integer c_mod_hi = 0, c_mod_lo = 0, c_sc_hi = 0, c_sc_lo = 0, c_mu_lo = 0, c_mu_hi = 0;
    integer c_gain_lo = 0, c_gain_hi = 0, c_knee_pos = 0, c_knee_neg = 0, c_dac0 = 0;
    integer c_dac4095 = 0, c_knee_eq = 0;
    integer e_hold = 0, e_busy = 0, e_commit = 0, e_reset = 0;

    // Read from the reference's nets in the commit clock (the tick's inputs on them).
    task count_corners;
        begin
            if (ref_mix.th_sh > 36'sd131071 || ref_mix.ga_sh > 36'sd131071) c_mod_hi = c_mod_hi + 1;
            if (ref_mix.th_sh < -36'sd131072 || ref_mix.ga_sh < -36'sd131072) c_mod_lo = c_mod_lo + 1;
            if (ref_mix.sc_al > 36'sd131071 || ref_mix.sc_be > 36'sd131071) c_sc_hi = c_sc_hi + 1;
            if (ref_mix.sc_al < -36'sd131072 || ref_mix.sc_be < -36'sd131072) c_sc_lo = c_sc_lo + 1;
            if (m_th < 0 || m_al < 0 || m_be < 0 || m_ga < 0) c_mu_lo = c_mu_lo + 1;
            if (m_th > 8 || m_al > 8 || m_be > 8 || m_ga > 8) c_mu_hi = c_mu_hi + 1;
            if (gain < 0) c_gain_lo = c_gain_lo + 1;
            if (gain > 16384) c_gain_hi = c_gain_hi + 1;
            if (ref_mix.mag > 20'sd12288 && !ref_mix.mixed_raw[19]) c_knee_pos = c_knee_pos + 1;
            if (ref_mix.mag > 20'sd12288 && ref_mix.mixed_raw[19]) c_knee_neg = c_knee_neg + 1;
            if (ref_mix.mag == 20'sd12288 || ref_mix.mag == 20'sd12289) c_knee_eq = c_knee_eq + 1;
            if (ref_mix.dac_full < 20'sd0) c_dac0 = c_dac0 + 1;
            if (ref_mix.dac_full > 20'sd4095) c_dac4095 = c_dac4095 + 1;
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at, seg_kind;
    reg     share;    // this tick's start shares the previous tick's commit clock

    initial begin
        CLOCKS = fold.CLOCKS;
        do_reset;
        check("reset: outputs equal", same);
        share = 1'b0;
        for (t = 0; t < TICKS; t = t + 1) begin
            seg_kind = (t / SEG) % 4;
            n_ticks = n_ticks + 1;
            if (!share) begin
                garbage;   // garbage on the inputs in the start clock
                start = 1'b1;
                clock;
                start = 1'b0;
            end
            // After the start edge: this tick's inputs, held to the commit edge.
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
                        $display("FAIL tick %0d (segment %0d): ref mixed %0d dac %0d / fold mixed %0d dac %0d",
                                 t, seg_kind, mix_r, dac_r, mix_f, dac_f);
                end
            end
        end
        check("every commit: all outputs equal", e_commit == 0);
        check("every clock: all outputs equal (hold)", e_hold == 0);
        check("after each mid-tick reset: outputs equal", e_reset == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
`ifndef TB_QUICK
        // The planted-fault run is short; there only a mismatch may fail.
        check("corner: envelope product saturated high", c_mod_hi > 0);
        check("corner: envelope product saturated low", c_mod_lo > 0);
        check("corner: MU scaling saturated high", c_sc_hi > 0);
        check("corner: MU scaling saturated low", c_sc_lo > 0);
        check("corner: MU clamped at 0 and at 8", c_mu_lo > 0 && c_mu_hi > 0);
        check("corner: SIE gain clamped at 0 and 1.0", c_gain_lo > 0 && c_gain_hi > 0);
        check("corner: limiter above the knee, both signs", c_knee_pos > 0 && c_knee_neg > 0);
        check("corner: DAC clamped at 0 and 4095", c_dac0 > 0 && c_dac4095 > 0);
        check("corner: |mix| at the knee, 12288 or 12289", c_knee_eq > 0);
        check("mid-tick resets", n_resets > 0);
`endif
        check("start in the commit clock", n_shared > 0);
        $display("ticks %0d (CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d)",
                 n_ticks, CLOCKS, n_extra0, n_extra20, n_shared, n_resets);
        $display("corners (ticks): env sat high %0d low %0d, MU scaling sat high %0d low %0d, MU clamp low %0d high %0d, gain clamp low %0d high %0d, limiter + %0d - %0d, |mix| at the knee %0d, DAC clamp 0 %0d 4095 %0d",
                 c_mod_hi, c_mod_lo, c_sc_hi, c_sc_lo, c_mu_lo, c_mu_hi, c_gain_lo, c_gain_hi,
                 c_knee_pos, c_knee_neg, c_knee_eq, c_dac0, c_dac4095);
        $display("mismatches: at commit %0d, between commits %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_busy, e_reset);
        $display("tb_output_mixer_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
