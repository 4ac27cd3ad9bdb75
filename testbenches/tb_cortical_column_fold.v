// tb_cortical_column_fold: rtl/fpga/cortical_column_fold.v beside rtl/fpga/cortical_column_glue.v
// (clk_en = commit) on the same inputs, every clock (docs/fpga.md, "The folded
// cortical_column"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_cortical_column_fold: N passed, N failed".
//
// The layers' x, y and amplitude play the Hopf bank's committed registers: an always block
// steps them on the commit edge to the tick's next values and resets them to the oscillator's
// reset values (x 8192, y 0) on a reset edge, as the bank does. One tick: the folded module gets
// a one-clock start, during which the other inputs carry garbage (the folded top latches its
// ports on the start edge, so a child's inputs may change there); the tick's inputs are set
// after the start edge and held. nx_go comes on edge g after the start edge: g = 0 (with start)
// in 1/8 of the ticks, else 1 .. NX_FROM - 1, exactly NX_FROM, exactly CLOCKS, or NX_FROM ..
// NX_FROM + 62. The fold's l*_x_nx inputs carry garbage until a random edge 0 .. g (1/16 of the
// ticks: g itself, the latest the contract allows), then the next x that the commit gives the
// bank's x. commit (and the glue's clk_en) come 0 .. 20 clocks after the least edge allowed,
// max(g, NX_FROM) + NX_CLOCKS (always >= CLOCKS); between ticks 0 .. 3 idle clocks with garbage
// inputs. Half the ticks start in the previous tick's commit clock (start and commit on one
// edge, no gap).
// Compared on every clock (and after every commit edge): apical_gain, pv_total, the five l*_out
// (registers in the fold), the five mu_dt and omega_dt, l4_input_x, the children's state (the
// glue's u_l1.sst_activity, u_l1.vip_activity, u_pv_l23/l4/l5.pv_state against the folded
// registers of those names), the five envelopes' whole state (u_env_<layer>.acc, noise_cnt, lfsr
// against the folded acc_<layer>, noise_cnt, lfsr_<layer>). Compared from edge INPUT_X_CLOCKS - 1
// after the start edge (the value edge INPUT_X_CLOCKS samples) to the commit edge:
// l23/l5a/l5b/l6_input_x (kind T). busy must be high after every edge before
// max(g, NX_FROM) + NX_CLOCKS - 1 (the edge storing the last output product) and low from it
// on. CLOCKS, INPUT_X_CLOCKS, NX_CLOCKS and NX_FROM are read from the module. A reset (both
// modules) at a random clock of a tick (output phase included) every RST_EVERY ticks, and one in
// an idle gap every RST_GAP ticks; everything must match after it.
// Inputs, in segments of SEG ticks (xorshift32):
//   realistic  the layers and theta rotating (x = A cos, y = A sin, amplitude A) at amplitudes
//              0.1 .. 1.9, sync_gain 0 .. 2.0, feedback, matrix, thalamic, feedforward and
//              attention inputs within +-1.0, mu_dt and drift small
//   full       every input full-range 18-bit random; at the segment's start the children's
//              states are preloaded (hierarchical writes in both, between ticks) full-range,
//              the envelopes within one noise step of a clamp and a noise strobe 1 .. 4 ticks
//              ahead (the fold's pv_total and l*_out are then read from the glue)
//   edges      every input from the 18-bit extremes, 0, +-1, +-16384
//   sustained  feedback, matrix and attention held at one large value of one sign for the
//              segment: SST+ and VIP+ move far, apical_gain reaches its clamps, disinhibition
// Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_COLUMN defined the folded module flips SST+'s next-value LSB when its error is
// negative; with PHIN_PLANT_COLUMN_OUT it flips the next l4_out's LSB when the next x is
// negative. testbenches/run.sh builds each variant (with TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_COLUMN
// plant: PHIN_PLANT_COLUMN_OUT
`default_nettype none
module tb_cortical_column_fold;
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
    localparam integer RST_GAP   = 389;   // a reset in an idle gap every this many ticks

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg clk_en = 1'b0;
    reg start = 1'b0;
    reg commit = 1'b0;
    reg signed [17:0] mu6 = 0, mu5b = 0, mu5a = 0, mu4 = 0, mu23 = 0;
    reg signed [17:0] od6 = 0, od5a = 0, od5b = 0, od4 = 0, od23 = 0;
    reg signed [17:0] thal = 0, ffw = 0, mtx = 0, fb1 = 0, fb2 = 0, att = 0;
    reg signed [17:0] thx = 0, thy = 0, sg = 0;
    reg               enc = 1'b0;
    reg [1:0]         pat = 2'd0;
    // The bank's committed x, y, amplitude: registers stepped on the commit edge to the tick's
    // next values (xn, yn, an) and reset to the oscillator's reset values, like the bank's.
    reg signed [17:0] x23 = 0, x4 = 0, x5a = 0, x5b = 0, x6 = 0;
    reg signed [17:0] y23 = 0, y4 = 0, y5a = 0, y5b = 0, y6 = 0;
    reg signed [17:0] a23 = 0, a4 = 0, a5a = 0, a5b = 0, a6 = 0;
    reg signed [17:0] xn23 = 0, xn4 = 0, xn5a = 0, xn5b = 0, xn6 = 0;
    reg signed [17:0] yn23 = 0, yn4 = 0, yn5a = 0, yn5b = 0, yn6 = 0;
    reg signed [17:0] an23 = 0, an4 = 0, an5a = 0, an5b = 0, an6 = 0;
    // The fold's x_nx inputs: garbage until the tick's next x are set, then xn until commit.
    reg signed [17:0] xp23 = 0, xp4 = 0, xp5a = 0, xp5b = 0, xp6 = 0;
    reg               nx_go = 1'b0;
    // hopf_oscillator.v's reset x = X_INIT = 8192, y = Y_INIT = 0; its amplitude of (8192, 0)
    // is 8192.
    always @(posedge clk) begin
        if (rst) begin
            x23 <= 18'sd8192; x4 <= 18'sd8192; x5a <= 18'sd8192; x5b <= 18'sd8192;
            x6 <= 18'sd8192;
            y23 <= 18'sd0; y4 <= 18'sd0; y5a <= 18'sd0; y5b <= 18'sd0; y6 <= 18'sd0;
            a23 <= 18'sd8192; a4 <= 18'sd8192; a5a <= 18'sd8192; a5b <= 18'sd8192;
            a6 <= 18'sd8192;
        end else if (clk_en) begin
            x23 <= xn23; x4 <= xn4; x5a <= xn5a; x5b <= xn5b; x6 <= xn6;
            y23 <= yn23; y4 <= yn4; y5a <= yn5a; y5b <= yn5b; y6 <= yn6;
            a23 <= an23; a4 <= an4; a5a <= an5a; a5b <= an5b; a6 <= an6;
        end
    end

    // ---------------------------------------------------------------- the glue (reference)
    wire signed [17:0] gain_r, o23_r, o4_r, o5a_r, o5b_r, o6_r;
    wire signed [19:0] pvt_r;
    wire signed [17:0] m23_r, w23_r, i23_r, m4_r, w4_r, i4_r, m5a_r, w5a_r, i5a_r;
    wire signed [17:0] m5b_r, w5b_r, i5b_r, m6_r, w6_r, i6_r;
    cortical_column_glue ref_col (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt_l6(mu6), .mu_dt_l5b(mu5b), .mu_dt_l5a(mu5a), .mu_dt_l4(mu4), .mu_dt_l23(mu23),
        .omega_drift_l6(od6), .omega_drift_l5a(od5a), .omega_drift_l5b(od5b),
        .omega_drift_l4(od4), .omega_drift_l23(od23),
        .thalamic_input(thal), .feedforward_input(ffw), .matrix_input(mtx),
        .fb1_input(fb1), .fb2_input(fb2), .attention_input(att),
        .theta_x(thx), .theta_y(thy), .sync_gain(sg), .encoding_window(enc),
        .phase_pattern(pat),
        .l23_x(x23), .l4_x(x4), .l5a_x(x5a), .l5b_x(x5b), .l6_x(x6),
        .apical_gain(gain_r), .pv_total(pvt_r),
        .l23_out(o23_r), .l4_out(o4_r), .l5a_out(o5a_r), .l5b_out(o5b_r), .l6_out(o6_r),
        .l23_y(y23), .l4_y(y4), .l5a_y(y5a), .l5b_y(y5b), .l6_y(y6),
        .l23_amplitude(a23), .l4_amplitude(a4), .l5a_amplitude(a5a), .l5b_amplitude(a5b),
        .l6_amplitude(a6),
        .l23_mu_dt(m23_r), .l23_omega_dt(w23_r), .l23_input_x(i23_r),
        .l4_mu_dt(m4_r), .l4_omega_dt(w4_r), .l4_input_x(i4_r),
        .l5a_mu_dt(m5a_r), .l5a_omega_dt(w5a_r), .l5a_input_x(i5a_r),
        .l5b_mu_dt(m5b_r), .l5b_omega_dt(w5b_r), .l5b_input_x(i5b_r),
        .l6_mu_dt(m6_r), .l6_omega_dt(w6_r), .l6_input_x(i6_r)
    );

    // ---------------------------------------------------------------- the folded module
    wire               busy;
    wire signed [17:0] gain_f, o23_f, o4_f, o5a_f, o5b_f, o6_f;
    wire signed [19:0] pvt_f;
    wire signed [17:0] m23_f, w23_f, i23_f, m4_f, w4_f, i4_f, m5a_f, w5a_f, i5a_f;
    wire signed [17:0] m5b_f, w5b_f, i5b_f, m6_f, w6_f, i6_f;
    cortical_column_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .mu_dt_l6(mu6), .mu_dt_l5b(mu5b), .mu_dt_l5a(mu5a), .mu_dt_l4(mu4), .mu_dt_l23(mu23),
        .omega_drift_l6(od6), .omega_drift_l5a(od5a), .omega_drift_l5b(od5b),
        .omega_drift_l4(od4), .omega_drift_l23(od23),
        .thalamic_input(thal), .feedforward_input(ffw), .matrix_input(mtx),
        .fb1_input(fb1), .fb2_input(fb2), .attention_input(att),
        .theta_x(thx), .theta_y(thy), .sync_gain(sg), .encoding_window(enc),
        .phase_pattern(pat),
        .l23_x(x23), .l4_x(x4), .l5a_x(x5a), .l5b_x(x5b), .l6_x(x6),
        .apical_gain(gain_f), .pv_total(pvt_f),
        .l23_out(o23_f), .l4_out(o4_f), .l5a_out(o5a_f), .l5b_out(o5b_f), .l6_out(o6_f),
        .nx_go(nx_go), .l23_x_nx(xp23), .l4_x_nx(xp4), .l5a_x_nx(xp5a), .l5b_x_nx(xp5b),
        .l6_x_nx(xp6),
        .l23_y(y23), .l4_y(y4), .l5a_y(y5a), .l5b_y(y5b), .l6_y(y6),
        .l23_amplitude(a23), .l4_amplitude(a4), .l5a_amplitude(a5a), .l5b_amplitude(a5b),
        .l6_amplitude(a6),
        .l23_mu_dt(m23_f), .l23_omega_dt(w23_f), .l23_input_x(i23_f),
        .l4_mu_dt(m4_f), .l4_omega_dt(w4_f), .l4_input_x(i4_f),
        .l5a_mu_dt(m5a_f), .l5a_omega_dt(w5a_f), .l5a_input_x(i5a_f),
        .l5b_mu_dt(m5b_f), .l5b_omega_dt(w5b_f), .l5b_input_x(i5b_f),
        .l6_mu_dt(m6_f), .l6_omega_dt(w6_f), .l6_input_x(i6_f)
    );
    // The module's CLOCKS, INPUT_X_CLOCKS, NX_CLOCKS and NX_FROM, read at run time (a
    // hierarchical name cannot be a constant).
    integer CLOCKS, INX, NXC, NXF;

    // The children's state and the envelopes, both sides.
    wire signed [17:0] sst_r = ref_col.u_l1.sst_activity;
    wire signed [17:0] vip_r = ref_col.u_l1.vip_activity;
    wire signed [17:0] pv23_r = ref_col.u_pv_l23.pv_state;
    wire signed [17:0] pv4_r  = ref_col.u_pv_l4.pv_state;
    wire signed [17:0] pv5_r  = ref_col.u_pv_l5.pv_state;
    wire signed [17:0] sst_f = fold.sst_activity;
    wire signed [17:0] vip_f = fold.vip_activity;
    wire signed [17:0] pv23_f = fold.pv_l23_state;
    wire signed [17:0] pv4_f  = fold.pv_l4_state;
    wire signed [17:0] pv5_f  = fold.pv_l5_state;
    // The envelopes' whole state: accumulators, noise counters, LFSRs.
    wire [159:0] eacc_r = {ref_col.u_env_l23.acc, ref_col.u_env_l4.acc, ref_col.u_env_l5a.acc,
                           ref_col.u_env_l5b.acc, ref_col.u_env_l6.acc};
    wire [159:0] eacc_f = {fold.acc_l23, fold.acc_l4, fold.acc_l5a, fold.acc_l5b, fold.acc_l6};
    wire [29:0]  ecnt_r = {ref_col.u_env_l23.noise_cnt, ref_col.u_env_l4.noise_cnt,
                           ref_col.u_env_l5a.noise_cnt, ref_col.u_env_l5b.noise_cnt,
                           ref_col.u_env_l6.noise_cnt};
    wire [29:0]  ecnt_f = {5{fold.noise_cnt}};
    wire [79:0]  elfsr_r = {ref_col.u_env_l23.lfsr, ref_col.u_env_l4.lfsr, ref_col.u_env_l5a.lfsr,
                            ref_col.u_env_l5b.lfsr, ref_col.u_env_l6.lfsr};
    wire [79:0]  elfsr_f = {fold.lfsr_l23, fold.lfsr_l4, fold.lfsr_l5a, fold.lfsr_l5b,
                            fold.lfsr_l6};

    // Every output but the four registered input_x, and the state: equal at every clock.
    wire same_state = sst_r == sst_f && vip_r == vip_f && pv23_r == pv23_f && pv4_r == pv4_f
                   && pv5_r == pv5_f && eacc_r == eacc_f && ecnt_r == ecnt_f
                   && elfsr_r == elfsr_f;
    wire same_out = gain_r == gain_f && pvt_r == pvt_f && o23_r == o23_f && o4_r == o4_f
                 && o5a_r == o5a_f && o5b_r == o5b_f && o6_r == o6_f
                 && m23_r == m23_f && m4_r == m4_f && m5a_r == m5a_f && m5b_r == m5b_f
                 && m6_r == m6_f && w23_r == w23_f && w4_r == w4_f && w5a_r == w5a_f
                 && w5b_r == w5b_f && w6_r == w6_f && i4_r == i4_f;
    wire same = same_state && same_out;
    // The four input_x (kind T): equal from INPUT_X_CLOCKS - 1 edges after start to commit.
    wire same_t = i23_r == i23_f && i5a_r == i5a_f && i5b_r == i5b_f && i6_r == i6_f;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h2468_ace1;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // An edge value of the 18-bit range.
    function signed [17:0] edge_val;
        input [2:0] i;
        begin
            case (i)
                3'd0: edge_val = -18'sd131072;
                3'd1: edge_val = 18'sd131071;
                3'd2: edge_val = 18'sd0;
                3'd3: edge_val = 18'sd1;
                3'd4: edge_val = -18'sd1;
                3'd5: edge_val = 18'sd16384;
                3'd6: edge_val = -18'sd16384;
                default: edge_val = -18'sd131071;
            endcase
        end
    endfunction

    // The low 18 bits of an integer (the stimulus' values are in range by construction).
    function signed [17:0] to18;
        input integer v;
        begin
            to18 = v[17:0];
        end
    endfunction

    // A random value in -lim .. lim - 1 (lim <= 2^17).
    function signed [17:0] rin;
        input [31:0] r;
        input integer lim;
        begin
            rin = to18($signed(r % (2 * lim)) - lim);
        end
    endfunction

    // ---------------------------------------------------------------- stimulus
    integer seg_kind;
    // Realistic rotations: phases of theta and the five layers, advancing each tick.
    real ph [0:5];
    real wv [0:5];
    real am [0:5];
    integer k;
    // Sustained segment: its held values.
    reg signed [17:0] s_drive = 0, s_att = 0;

    // The layers' next x, y, amplitude (the values the bank's registers take on the commit edge).
    task set_layers;
        input integer kind;
        begin
            case (kind)
                0, 3: begin
                    for (k = 1; k < 6; k = k + 1) ph[k] = ph[k] + wv[k];
                    xn6  = to18($rtoi(am[1] * $cos(ph[1]))); yn6  = to18($rtoi(am[1] * $sin(ph[1])));
                    xn5a = to18($rtoi(am[2] * $cos(ph[2]))); yn5a = to18($rtoi(am[2] * $sin(ph[2])));
                    xn5b = to18($rtoi(am[3] * $cos(ph[3]))); yn5b = to18($rtoi(am[3] * $sin(ph[3])));
                    xn4  = to18($rtoi(am[4] * $cos(ph[4]))); yn4  = to18($rtoi(am[4] * $sin(ph[4])));
                    xn23 = to18($rtoi(am[5] * $cos(ph[5]))); yn23 = to18($rtoi(am[5] * $sin(ph[5])));
                    an6 = to18($rtoi(am[1])); an5a = to18($rtoi(am[2])); an5b = to18($rtoi(am[3]));
                    an4 = to18($rtoi(am[4])); an23 = to18($rtoi(am[5]));
                end
                1: begin
                    rnd; xn6 = rv[17:0];  yn6 = rv[31:14];
                    rnd; xn5a = rv[17:0]; yn5a = rv[31:14];
                    rnd; xn5b = rv[17:0]; yn5b = rv[31:14];
                    rnd; xn4 = rv[17:0];  yn4 = rv[31:14];
                    rnd; xn23 = rv[17:0]; yn23 = rv[31:14];
                    rnd; an6 = rv[17:0];  an5a = rv[31:14];
                    rnd; an5b = rv[17:0]; an4 = rv[31:14];
                    rnd; an23 = rv[17:0];
                end
                default: begin
                    rnd; xn6 = edge_val(rv[2:0]);   yn6 = edge_val(rv[5:3]);
                    xn5a = edge_val(rv[8:6]);       yn5a = edge_val(rv[11:9]);
                    xn5b = edge_val(rv[14:12]);     yn5b = edge_val(rv[17:15]);
                    xn4 = edge_val(rv[20:18]);      yn4 = edge_val(rv[23:21]);
                    xn23 = edge_val(rv[26:24]);     yn23 = edge_val(rv[29:27]);
                    rnd; an6 = edge_val(rv[2:0]);   an5a = edge_val(rv[5:3]);
                    an5b = edge_val(rv[8:6]);       an4 = edge_val(rv[11:9]);
                    an23 = edge_val(rv[14:12]);
                end
            endcase
        end
    endtask

    // A new segment: rotation speeds and amplitudes, the sustained values.
    task new_segment;
        begin
            for (k = 0; k < 6; k = k + 1) begin
                rnd; wv[k] = 0.01 + (rv % 1000) / 2000.0;
                rnd; am[k] = 1638.0 + (rv % 29500);
            end
            rnd;
            s_drive = rv[0] ? 18'sd131071 - {8'd0, rv[10:1]} : -18'sd131072 + {8'd0, rv[10:1]};
            s_att   = rv[11] ? 18'sd131071 - {8'd0, rv[21:12]} : {8'd0, rv[21:12]};
            if (rv[23:22] == 2'd0) s_drive = {8'd0, rv[31:24], 2'd0};   // small positive
        end
    endtask

    // An envelope accumulator within 2^19 (one noise step) of ACC_MIN = 2^23 or ACC_MAX = 1.5 * 2^24.
    function signed [31:0] env_pre;
        input [31:0] r;
        begin
            env_pre = r[31] ? 32'sd8388608 + {13'd0, r[18:0]} : 32'sd25165824 - {13'd0, r[18:0]};
        end
    endfunction

    // Preload the children's state (both modules), full range; the folded pv_total, apical_gain
    // and l*_out are functions of the state (and the bank's x), read from the glue once they
    // settle.
    task preload;
        begin
            rnd; ref_col.u_l1.sst_activity = rv[17:0];     fold.sst_activity = rv[17:0];
            rnd; ref_col.u_l1.vip_activity = rv[17:0];     fold.vip_activity = rv[17:0];
            rnd; ref_col.u_pv_l23.pv_state = rv[17:0];     fold.pv_l23_state = rv[17:0];
            rnd; ref_col.u_pv_l4.pv_state  = rv[17:0];     fold.pv_l4_state  = rv[17:0];
            rnd; ref_col.u_pv_l5.pv_state  = rv[17:0];     fold.pv_l5_state  = rv[17:0];
            // The envelopes within 2^19 (32 Q14 LSB, one noise step) of a clamp, inside
            // [ACC_MIN, ACC_MAX] (the only values they can hold), and the noise counters one
            // value for all five, 60 .. 63: a noise strobe within the next four ticks.
            rnd; ref_col.u_env_l23.acc = env_pre(rv);     fold.acc_l23 = env_pre(rv);
            rnd; ref_col.u_env_l4.acc  = env_pre(rv);     fold.acc_l4  = env_pre(rv);
            rnd; ref_col.u_env_l5a.acc = env_pre(rv);     fold.acc_l5a = env_pre(rv);
            rnd; ref_col.u_env_l5b.acc = env_pre(rv);     fold.acc_l5b = env_pre(rv);
            rnd; ref_col.u_env_l6.acc  = env_pre(rv);     fold.acc_l6  = env_pre(rv);
            rnd;
            ref_col.u_env_l23.noise_cnt = {4'hf, rv[1:0]}; ref_col.u_env_l4.noise_cnt = {4'hf, rv[1:0]};
            ref_col.u_env_l5a.noise_cnt = {4'hf, rv[1:0]}; ref_col.u_env_l5b.noise_cnt = {4'hf, rv[1:0]};
            ref_col.u_env_l6.noise_cnt = {4'hf, rv[1:0]};  fold.noise_cnt = {4'hf, rv[1:0]};
            #1;
            fold.pv_total = pvt_r;
            fold.apical_gain = gain_r;
            fold.l23_out = o23_r; fold.l4_out = o4_r; fold.l5a_out = o5a_r;
            fold.l5b_out = o5b_r; fold.l6_out = o6_r;
            #1;
        end
    endtask

    // The tick's other inputs, set after the start edge and held to the commit edge.
    task set_inputs;
        input integer kind;
        begin
            case (kind)
                0: begin  // realistic
                    ph[0] = ph[0] + wv[0];
                    thx = to18($rtoi(am[0] * $cos(ph[0])));
                    thy = to18($rtoi(am[0] * $sin(ph[0])));
                    rnd; sg   = {4'd0, rv[13:0]} + {4'd0, rv[27:14]} + {17'd0, rv[28]};
                    rnd; fb1  = rin(rv, 16384);
                    rnd; fb2  = rin(rv, 16384);
                    rnd; mtx  = rin(rv, 16384);
                    rnd; thal = rin(rv, 16384);
                    rnd; ffw  = rv[0] ? 18'sd0 : rin(rv >> 1, 16384);
                    rnd; att  = rv[0] ? 18'sd0 : {4'd0, rv[14:1]};
                    rnd; mu6 = rin(rv, 64);   mu5a = rin(rv >> 8, 64);  mu5b = rin(rv >> 16, 64);
                    rnd; mu4 = rin(rv, 64);   mu23 = rin(rv >> 8, 64);
                    rnd; od6 = rin(rv, 8);    od5a = rin(rv >> 4, 8);   od5b = rin(rv >> 8, 8);
                    od4 = rin(rv >> 12, 8);   od23 = rin(rv >> 16, 8);
                    rnd; enc = rv[0]; pat = rv[2:1];
                end
                1: begin  // full range
                    rnd; mu6 = rv[17:0];  mu5b = rv[31:14];
                    rnd; mu5a = rv[17:0]; mu4 = rv[31:14];
                    rnd; mu23 = rv[17:0]; od6 = rv[31:14];
                    rnd; od5a = rv[17:0]; od5b = rv[31:14];
                    rnd; od4 = rv[17:0];  od23 = rv[31:14];
                    rnd; thal = rv[17:0]; ffw = rv[31:14];
                    rnd; mtx = rv[17:0];  fb1 = rv[31:14];
                    rnd; fb2 = rv[17:0];  att = rv[31:14];
                    rnd; thx = rv[17:0];  thy = rv[31:14];
                    rnd; sg = rv[17:0];   enc = rv[18]; pat = rv[20:19];
                end
                2: begin  // edges
                    rnd; mu6 = edge_val(rv[2:0]);    mu5b = edge_val(rv[5:3]);
                    mu5a = edge_val(rv[8:6]);        mu4 = edge_val(rv[11:9]);
                    mu23 = edge_val(rv[14:12]);      od6 = edge_val(rv[17:15]);
                    od5a = edge_val(rv[20:18]);      od5b = edge_val(rv[23:21]);
                    od4 = edge_val(rv[26:24]);       od23 = edge_val(rv[29:27]);
                    rnd; thal = edge_val(rv[2:0]);   ffw = edge_val(rv[5:3]);
                    mtx = edge_val(rv[8:6]);         fb1 = edge_val(rv[11:9]);
                    fb2 = edge_val(rv[14:12]);       att = edge_val(rv[17:15]);
                    thx = edge_val(rv[20:18]);       thy = edge_val(rv[23:21]);
                    sg = edge_val(rv[26:24]);        enc = rv[27]; pat = rv[29:28];
                end
                default: begin  // sustained drive of layer 1, the rest realistic
                    ph[0] = ph[0] + wv[0];
                    thx = to18($rtoi(am[0] * $cos(ph[0])));
                    thy = to18($rtoi(am[0] * $sin(ph[0])));
                    rnd; sg = {3'd0, rv[14:0]};
                    fb1 = s_drive; fb2 = s_drive; mtx = s_drive; att = s_att;
                    rnd; thal = rin(rv, 16384);
                    rnd; ffw = rin(rv, 16384);
                    rnd; mu6 = rin(rv, 64);   mu5a = rin(rv >> 8, 64);  mu5b = rin(rv >> 16, 64);
                    rnd; mu4 = rin(rv, 64);   mu23 = rin(rv >> 8, 64);
                    rnd; od6 = rin(rv, 8);    od5a = rin(rv >> 4, 8);   od5b = rin(rv >> 8, 8);
                    od4 = rin(rv >> 12, 8);   od23 = rin(rv >> 16, 8);
                    rnd; enc = rv[0]; pat = rv[2:1];
                end
            endcase
        end
    endtask

    // Garbage on the fold's x_nx inputs (before the tick's next x are set).
    task garbage_nx;
        begin
            rnd; xp23 = rv[17:0]; xp4 = rv[31:14];
            rnd; xp5a = rv[17:0]; xp5b = rv[31:14];
            rnd; xp6 = rv[17:0];
        end
    endtask

    // Garbage on the non-layer inputs (start clock, idle gaps).
    task garbage;
        begin
            garbage_nx;
            rnd; mu6 = rv[17:0];  mu5b = rv[31:14];
            rnd; mu5a = rv[17:0]; mu4 = rv[31:14];
            rnd; mu23 = rv[17:0]; od6 = rv[31:14];
            rnd; od5a = rv[17:0]; od5b = rv[31:14];
            rnd; od4 = rv[17:0];  od23 = rv[31:14];
            rnd; thal = rv[17:0]; ffw = rv[31:14];
            rnd; mtx = rv[17:0];  fb1 = rv[31:14];
            rnd; fb2 = rv[17:0];  att = rv[31:14];
            rnd; thx = rv[17:0];  thy = rv[31:14];
            rnd; sg = rv[17:0];   enc = rv[18]; pat = rv[20:19];
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_gap_resets = 0, n_extra0 = 0;
    integer n_extra20 = 0, n_preloads = 0;
    // nx_go corners: on the start edge, before NX_FROM, exactly NX_FROM, exactly CLOCKS, later;
    // commits at the least edge allowed; next x set on the nx_go clock's edge (the latest).
    integer n_g0 = 0, n_gearly = 0, n_gfrom = 0, n_gclocks = 0, n_glate = 0, n_emin = 0;
    integer n_slate = 0;
    integer c_out_sat = 0;
    integer c_tl_sat = 0, c_tri_sat = 0, c_sync_sat = 0, c_gain_min = 0, c_gain_max = 0;
    integer c_gain_mid = 0, c_disinh = 0, c_mx_sat = 0, c_pvt_neg = 0, c_sst_neg = 0;
    integer c_in_big = 0, c_env_lo = 0, c_env_hi = 0, c_strobe = 0;
    integer e_hold = 0, e_t = 0, e_busy = 0, e_commit = 0, e_reset = 0;

    // Corners of the tick about to commit, from the glue's wires (inputs held).
    task count_corners;
        begin
            if (ref_col.theta_l23 == 18'sd131071 || ref_col.theta_l23 == -18'sd131072)
                c_tl_sat = c_tl_sat + 1;
            if (ref_col.tri_l5a == 18'sd131071 || ref_col.tri_l5a == -18'sd131072
                || ref_col.tri_l5b == 18'sd131071 || ref_col.tri_l5b == -18'sd131072)
                c_tri_sat = c_tri_sat + 1;
            if (ref_col.sync_l5a == 18'sd131071 || ref_col.sync_l5a == -18'sd131072
                || ref_col.sync_l5b == 18'sd131071 || ref_col.sync_l5b == -18'sd131072)
                c_sync_sat = c_sync_sat + 1;
            if (gain_r == 18'sd8192) c_gain_min = c_gain_min + 1;
            if (gain_r == 18'sd24576) c_gain_max = c_gain_max + 1;
            if (gain_r > 18'sd8192 && gain_r < 18'sd24576 && gain_r != 18'sd16384)
                c_gain_mid = c_gain_mid + 1;
            if (!sst_r[17] && ref_col.u_l1.sst_minus_vip[18]) c_disinh = c_disinh + 1;
            if (ref_col.l1_matrix == 18'sd131071 || ref_col.l1_matrix == -18'sd131072)
                c_mx_sat = c_mx_sat + 1;
            if (pvt_r < 0) c_pvt_neg = c_pvt_neg + 1;
            if (ref_col.u_l1.sst_err < 0) c_sst_neg = c_sst_neg + 1;
            if (ref_col.u_env_l23.acc_sum < 34'sd8388608 || ref_col.u_env_l6.acc_sum < 34'sd8388608)
                c_env_lo = c_env_lo + 1;
            if (ref_col.u_env_l23.acc_sum > 34'sd25165824 || ref_col.u_env_l6.acc_sum > 34'sd25165824)
                c_env_hi = c_env_hi + 1;
            if (ref_col.u_env_l23.strobe) c_strobe = c_strobe + 1;
            // |drive| < 2^18: |input_x| < 2^10.
            if (i23_r >= 18'sd512 || i23_r < -18'sd512 || i5a_r >= 18'sd512 || i5a_r < -18'sd512
                || i5b_r >= 18'sd512 || i5b_r < -18'sd512 || i6_r >= 18'sd512 || i6_r < -18'sd512)
                c_in_big = c_in_big + 1;
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, extra, rst_at, gap, j;
    integer g;        // the nx_go edge after the start edge
    integer sx;       // the next x are set right after this edge (0 .. g)
    integer ec;       // the commit edge after the start edge
    integer bf;       // the edge where busy must fall: the last output product stored
    reg     share;    // this tick's start shares the previous tick's commit clock
    reg     g_next;   // the next tick's nx_go comes on its start edge

    initial begin
        CLOCKS = fold.CLOCKS;
        INX    = fold.INPUT_X_CLOCKS;
        NXC    = fold.NX_CLOCKS;
        NXF    = fold.NX_FROM;
        for (k = 0; k < 6; k = k + 1) ph[k] = 0.0;
        new_segment;
        do_reset;
        check("reset: outputs and state equal", same);
        share = 1'b0;
        rnd;
        g_next = rv[2:0] == 3'd0;
        for (t = 0; t < TICKS; t = t + 1) begin
            seg_kind = (t / SEG) % 4;
            n_ticks = n_ticks + 1;
            if (t % SEG == 0) begin
                new_segment;
                if (seg_kind == 1 && !share) begin
                    preload;
                    n_preloads = n_preloads + 1;
                    if (!same) e_hold = e_hold + 1;
                end
            end
            if (!share) begin
                // An idle gap of 0 .. 3 clocks, then the start clock, with garbage inputs.
                rnd;
                gap = {30'd0, rv[1:0]};
                if (t % RST_GAP == RST_GAP - 1 && gap == 0) gap = 1;
                for (j = 0; j < gap + 1; j = j + 1) begin
                    garbage;
                    if (j == gap) begin
                        start = 1'b1;
                        nx_go = g_next;
                    end
                    if (j < gap && t % RST_GAP == RST_GAP - 1 && j == 0) begin
                        rst = 1'b1;
                        n_gap_resets = n_gap_resets + 1;
                    end
                    clock;
                    rst = 1'b0;
                    start = 1'b0;
                    nx_go = 1'b0;
                    if (!same) e_hold = e_hold + 1;
                end
            end
            // After the start edge: this tick's inputs; the nx_go edge g (0 if it came with
            // start), the clock the next x are set, the commit edge.
            set_inputs(seg_kind);
            rnd;
            if (g_next) g = 0;
            else begin
                case (rv[26:24])
                    3'd0:    g = 1 + {27'd0, rv[31:27]} % (NXF - 1);   // 1 .. NX_FROM - 1
                    3'd1:    g = NXF;
                    3'd2:    g = CLOCKS;
                    default: g = NXF + {27'd0, rv[31:27]} * 2;        // NX_FROM .. + 62
                endcase
            end
            if (g == 0) n_g0 = n_g0 + 1;
            else if (g < NXF) n_gearly = n_gearly + 1;
            else if (g == NXF) n_gfrom = n_gfrom + 1;
            else if (g == CLOCKS) n_gclocks = n_gclocks + 1;
            else n_glate = n_glate + 1;
            extra  = {16'd0, rv[15:0]} % 21;
            if (extra == 0) n_extra0 = n_extra0 + 1;
            if (extra == 20) n_extra20 = n_extra20 + 1;
            // The least commit edge: CLOCKS, and NX_CLOCKS after max(nx_go edge, NX_FROM).
            bf = ((g > NXF) ? g : NXF) + NXC - 1;
            ec = (bf + 1 > CLOCKS) ? bf + 1 : CLOCKS;
            if (extra == 0 && ec == bf + 1) n_emin = n_emin + 1;
            ec = ec + extra;
            rnd;
            sx = (rv[3:0] == 4'd0) ? g : {16'd0, rv[31:16]} % (g + 1);
            if (sx == g) n_slate = n_slate + 1;
            rst_at = (t % RST_EVERY == RST_EVERY - 1) ? 1 + {24'd0, rv[11:4]} % (ec - 1) : -1;
            if (sx == 0) begin
                set_layers(seg_kind);
                xp23 = xn23; xp4 = xn4; xp5a = xn5a; xp5b = xn5b; xp6 = xn6;
            end else
                garbage_nx;
            // Edges 1 .. ec - 1 after the start edge (the commit edge is ec).
            for (i = 1; i < ec; i = i + 1) begin
                if (i == rst_at) begin
                    rst = 1'b1;
                    n_resets = n_resets + 1;
                end
                if (i == g) nx_go = 1'b1;
                clock;
                nx_go = 1'b0;
                if (!same) e_hold = e_hold + 1;
                // The next x: garbage until edge sx, then the values the commit gives x.
                if (i == sx) begin
                    set_layers(seg_kind);
                    xp23 = xn23; xp4 = xn4; xp5a = xn5a; xp5b = xn5b; xp6 = xn6;
                end else if (i < sx)
                    garbage_nx;
                if (rst_at < 0) begin
                    if (i >= INX - 1 && !same_t) begin
                        e_t = e_t + 1;
                        if (e_t <= 5)
                            $display("FAIL tick %0d edge %0d (segment %0d): input_x ref %0d %0d %0d %0d / fold %0d %0d %0d %0d",
                                     t, i, seg_kind, i23_r, i5a_r, i5b_r, i6_r,
                                     i23_f, i5a_f, i5b_f, i6_f);
                    end
                    if (i < bf && !busy) e_busy = e_busy + 1;
                    if (i >= bf && busy) e_busy = e_busy + 1;
                end
                if (i == rst_at) begin
                    rst = 1'b0;
                    i = ec;  // abandon this tick
                end
            end
            rnd;
            g_next = rv[2:0] == 3'd0;
            if (rst_at >= 0) begin
                if (!same) e_reset = e_reset + 1;
                share = 1'b0;
            end else begin
                count_corners;
                commit = 1'b1;
                clk_en = 1'b1;
                rnd;
                // No shared start at a segment's first tick (its preload comes between ticks).
                share = rv[0] && ((t + 1) % SEG != 0);
                if (share) begin
                    start = 1'b1;
                    nx_go = g_next;
                    n_shared = n_shared + 1;
                end
                clock;
                commit = 1'b0;
                clk_en = 1'b0;
                start  = 1'b0;
                nx_go  = 1'b0;
                if (o23_r == 18'sd131071 || o23_r == -18'sd131072 || o4_r == 18'sd131071
                    || o4_r == -18'sd131072 || o5a_r == 18'sd131071 || o5a_r == -18'sd131072
                    || o5b_r == 18'sd131071 || o5b_r == -18'sd131072 || o6_r == 18'sd131071
                    || o6_r == -18'sd131072)
                    c_out_sat = c_out_sat + 1;
                if (!same) begin
                    e_commit = e_commit + 1;
                    if (e_commit <= 5)
                        $display("FAIL tick %0d (segment %0d): ref sst %0d vip %0d pv %0d %0d %0d pvt %0d gain %0d / fold sst %0d vip %0d pv %0d %0d %0d pvt %0d gain %0d",
                                 t, seg_kind, sst_r, vip_r, pv23_r, pv4_r, pv5_r, pvt_r, gain_r,
                                 sst_f, vip_f, pv23_f, pv4_f, pv5_f, pvt_f, gain_f);
                end
            end
        end
        check("every commit: outputs and state equal", e_commit == 0);
        check("every clock: outputs and state equal", e_hold == 0);
        check("input_x (T) equal from INPUT_X_CLOCKS - 1", e_t == 0);
        check("after each mid-tick reset: equal", e_reset == 0);
        check("busy falls with the last output product", e_busy == 0);
`ifndef TB_QUICK
        check("corner: theta_l23 saturated", c_tl_sat > 0);
        check("corner: triad term saturated", c_tri_sat > 0);
        check("corner: sync term saturated", c_sync_sat > 0);
        check("corner: apical_gain at 0.5", c_gain_min > 0);
        check("corner: apical_gain at 1.5", c_gain_max > 0);
        check("corner: apical_gain inside, not 1.0", c_gain_mid > 0);
        check("corner: disinhibition (VIP+ > SST+ >= 0)", c_disinh > 0);
        check("corner: L1 matrix drive saturated", c_mx_sat > 0);
        check("corner: pv_total negative", c_pvt_neg > 0);
        check("corner: SST+ error negative", c_sst_neg > 0);
        check("corner: a registered |input_x| >= 512", c_in_big > 0);
        check("corner: envelope clamped at 0.5", c_env_lo > 0);
        check("corner: envelope clamped at 1.5", c_env_hi > 0);
        check("corner: envelope noise strobes", c_strobe > 0);
        check("mid-tick resets", n_resets > 0);
        check("resets between ticks", n_gap_resets > 0);
        check("state preloads", n_preloads > 0);
        check("corner: an l*_out saturated", c_out_sat > 0);
        check("nx_go before NX_FROM", n_gearly > 0);
        check("nx_go at NX_FROM", n_gfrom > 0);
        check("nx_go at CLOCKS", n_gclocks > 0);
        check("nx_go after NX_FROM", n_glate > 0);
        check("commit at the least edge allowed", n_emin > 0);
        check("next x set on the nx_go edge", n_slate > 0);
`endif
        check("start in the commit clock", n_shared > 0);
        check("nx_go on the start edge", n_g0 > 0);
        $display("ticks %0d (CLOCKS %0d, INPUT_X_CLOCKS %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d, gap resets %0d, preloads %0d)",
                 n_ticks, CLOCKS, INX, n_extra0, n_extra20, n_shared, n_resets, n_gap_resets,
                 n_preloads);
        $display("corners (ticks): theta_l23 sat %0d, triad sat %0d, sync sat %0d, gain 0.5 %0d, 1.5 %0d, inside %0d, disinhibition %0d, matrix sat %0d, pv_total < 0 %0d, sst_err < 0 %0d, |input_x| >= 512 %0d, envelope clamp low %0d high %0d, noise strobes %0d",
                 c_tl_sat, c_tri_sat, c_sync_sat, c_gain_min, c_gain_max, c_gain_mid, c_disinh,
                 c_mx_sat, c_pvt_neg, c_sst_neg, c_in_big, c_env_lo, c_env_hi, c_strobe);
        $display("nx_go (ticks): on the start edge %0d, before NX_FROM %0d, at NX_FROM %0d, at CLOCKS %0d, later %0d; commit at the least edge %0d; next x set on the nx_go edge %0d; l*_out saturated %0d (NX_CLOCKS %0d, NX_FROM %0d)",
                 n_g0, n_gearly, n_gfrom, n_gclocks, n_glate, n_emin, n_slate, c_out_sat, NXC,
                 NXF);
        $display("mismatches: at commit %0d, between commits %0d, input_x in window %0d, busy timing %0d, after reset %0d",
                 e_commit, e_hold, e_t, e_busy, e_reset);
        $display("tb_cortical_column_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
