// tb_thalamus_fold: rtl/fpga/thalamus_fold.v beside rtl/fpga/thalamus_glue.v (its source, with
// rtl/fpga/sr_harmonic_bank_glue.v) on the same inputs, every clock (docs/fpga.md, "The folded
// thalamus"). Runs under Verilator (--binary) and Icarus (-g2005) and ends with
// "tb_thalamus_fold: N passed, N failed".
//
// The glue steps on clk_en = commit. One tick: a gap of 0..3 idle clocks, a one-clock start,
// during which (and in the gap) the inputs the folded top latches on its start edge
// (sensory_input, sr_field_input, sr_field_f0..f4) carry garbage; the tick's values are set
// after the start edge and held; commit (and the glue's clk_en) come CLOCKS + 0..20 clocks after
// the start edge. The inputs that are other units' registers in the folded top (the
// oscillators' x, y, amplitude, the cortical layers' x, y, beta_amplitude, stability, noise,
// omega_dt, mu_dt) change only right after commit edges. A quarter of the ticks start in the
// previous tick's commit clock (start and commit on one edge, no gap).
// Compared: the (R) outputs (theta_phase, encoding_window, theta_gate, thalamic_output,
// matrix_output, sr_coherence_packed, sie_per_harmonic, coherence_mask, beta_quiet,
// sr_coherence, sr_amplification) and the state that reaches no port (theta_y_dc, theta_amp,
// hp_ext, y_rising, gain_f0..f4) on every clock; the (P) outputs (sr_f_x_packed, the
// oscillators' mu_dt, omega_dt, f0_input_x) on every clock; the (T) outputs theta_input_x,
// f1..f4_input_x on every clock from their valid-from edge (the module's V_* localparams) through
// the commit clock. busy must fall exactly CLOCKS - 1 edges after the start edge. A reset at a
// random clock of a tick (both modules; the tick is abandoned) in about one tick of 40.
// Inputs, in segments of SEG ticks (xorshift32), adaptive_en alternating every three segments:
//   realistic  every oscillator and target band a rotating (x, y) at amplitude 4,000..24,000
//              (coherence across 0..1.0 and beyond), beta_amplitude walking around the quiet
//              threshold 0.9375, stability in -0.1 .. 1.1, sensory and fields moderate
//   full       full-range 18-bit values everywhere
//   edges      targets (16384, 0) so coherence = |f_x|, f_x at 0.5, 0.75, 1.0 and one off,
//              beta_amplitude at 15360 and one off, stability at 0, 1.0 and one off, the
//              18-bit extremes on the sensory, field and noise inputs
// Counts of the corners hit are printed and must be non-zero.
// With PHIN_PLANT_THAL defined the folded module flips the core sum's LSB when sr_f2 is
// negative; testbenches/run.sh builds that variant (with TB_QUICK) and requires a failure:
// plant: PHIN_PLANT_THAL
// run.sh: -O1
`default_nettype none
module tb_thalamus_fold;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 300;        // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS = 12000;
`else
    localparam integer TICKS = 1000;
`endif
    localparam integer SEG = 40;   // ticks per input segment

    reg clk = 1'b0;
    reg rst = 1'b0;
    always #5 clk = ~clk;
    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    reg start = 1'b0;
    reg commit = 1'b0;

    // ---------------------------------------------------------------- inputs
    // Latched by the folded top on its start edge.
    reg signed [17:0] sensory_input = 18'sd0, sr_field_input = 18'sd0;
    reg signed [17:0] sr_field_f0 = 18'sd0, sr_field_f1 = 18'sd0, sr_field_f2 = 18'sd0;
    reg signed [17:0] sr_field_f3 = 18'sd0, sr_field_f4 = 18'sd0;
    // Constants of the top (changed at segment boundaries, on commit edges).
    reg signed [17:0] sensory_gain = 18'sd16384, sr_mu_dt = 18'sd4;
    reg               adaptive_en = 1'b0;
    // Other units' registers (changed right after commit edges only).
    reg signed [17:0] mu_dt = 18'sd0;
    reg signed [17:0] l6_sensory = 18'sd0, l6_assoc = 18'sd0, l6_motor = 18'sd0;
    reg signed [17:0] l5b_sensory = 18'sd0, l5b_assoc = 18'sd0, l5b_motor = 18'sd0;
    reg signed [17:0] beta_amplitude = 18'sd0;
    reg signed [17:0] omega_dt_f0 = 18'sd0, omega_dt_f1 = 18'sd0, omega_dt_f2 = 18'sd0;
    reg signed [17:0] omega_dt_f3 = 18'sd0, omega_dt_f4 = 18'sd0;
    reg signed [17:0] noise_f0 = 18'sd0, noise_f1 = 18'sd0, noise_f2 = 18'sd0;
    reg signed [17:0] noise_f3 = 18'sd0, noise_f4 = 18'sd0;
    reg signed [17:0] stability_f0 = 18'sd0, stability_f1 = 18'sd0, stability_f2 = 18'sd0;
    reg signed [17:0] stability_f3 = 18'sd0, stability_f4 = 18'sd0;
    reg signed [17:0] theta_amplitude = 18'sd0;
    reg signed [17:0] f0_amplitude = 18'sd0, f1_amplitude = 18'sd0, f2_amplitude = 18'sd0;
    reg signed [17:0] f3_amplitude = 18'sd0, f4_amplitude = 18'sd0;
    // The rotating pairs: 0 theta, 1..5 f0..f4, 6 alpha, 7 low beta, 8 high beta, 9 gamma.
    reg signed [17:0] px [0:9];
    reg signed [17:0] py [0:9];
    // The ports are plain registers copied from the arrays (apply_pairs): Verilator 5.006 does
    // not update a continuous assignment from an array element written in a timed task.
    reg signed [17:0] theta_x = 18'sd0, theta_y = 18'sd0;
    reg signed [17:0] f0_x = 18'sd0, f0_y = 18'sd0, f1_x = 18'sd0, f1_y = 18'sd0;
    reg signed [17:0] f2_x = 18'sd0, f2_y = 18'sd0, f3_x = 18'sd0, f3_y = 18'sd0;
    reg signed [17:0] f4_x = 18'sd0, f4_y = 18'sd0;
    reg signed [17:0] alpha_x = 18'sd0, alpha_y = 18'sd0, low_beta_x = 18'sd0, low_beta_y = 18'sd0;
    reg signed [17:0] high_beta_x = 18'sd0, high_beta_y = 18'sd0, gamma_x = 18'sd0, gamma_y = 18'sd0;
    task apply_pairs;
        begin
            theta_x = px[0];     theta_y = py[0];
            f0_x = px[1];        f0_y = py[1];
            f1_x = px[2];        f1_y = py[2];
            f2_x = px[3];        f2_y = py[3];
            f3_x = px[4];        f3_y = py[4];
            f4_x = px[5];        f4_y = py[5];
            alpha_x = px[6];     alpha_y = py[6];
            low_beta_x = px[7];  low_beta_y = py[7];
            high_beta_x = px[8]; high_beta_y = py[8];
            gamma_x = px[9];     gamma_y = py[9];
        end
    endtask

    // ---------------------------------------------------------------- the two modules
    wire [2:0]         r_theta_phase, f_theta_phase;
    wire               r_enc, f_enc, r_bq, f_bq, busy;
    wire signed [17:0] r_gate, f_gate, r_thal, f_thal, r_matrix, f_matrix;
    wire signed [89:0] r_fxp, f_fxp, r_cohp, f_cohp;
    wire [4:0]         r_sie, f_sie, r_mask, f_mask;
    wire signed [17:0] r_coh, f_coh, r_ampl, f_ampl;
    wire signed [17:0] r_th_mu, f_th_mu, r_th_om, f_th_om, r_th_in, f_th_in;
    wire signed [17:0] r_mu0, f_mu0, r_om0, f_om0, r_in0, f_in0;
    wire signed [17:0] r_mu1, f_mu1, r_om1, f_om1, r_in1, f_in1;
    wire signed [17:0] r_mu2, f_mu2, r_om2, f_om2, r_in2, f_in2;
    wire signed [17:0] r_mu3, f_mu3, r_om3, f_om3, r_in3, f_in3;
    wire signed [17:0] r_mu4, f_mu4, r_om4, f_om4, r_in4, f_in4;

    thalamus_glue ref_thal (
        .clk(clk), .rst(rst), .clk_en(commit),
        .mu_dt(mu_dt), .sr_mu_dt(sr_mu_dt), .sensory_input(sensory_input), .sensory_gain(sensory_gain),
        .l6_sensory(l6_sensory), .l6_assoc(l6_assoc), .l6_motor(l6_motor),
        .l5b_sensory(l5b_sensory), .l5b_assoc(l5b_assoc), .l5b_motor(l5b_motor),
        .alpha_x(alpha_x), .alpha_y(alpha_y), .low_beta_x(low_beta_x), .low_beta_y(low_beta_y),
        .high_beta_x(high_beta_x), .high_beta_y(high_beta_y), .gamma_x(gamma_x), .gamma_y(gamma_y),
        .beta_amplitude(beta_amplitude),
        .omega_dt_f0(omega_dt_f0), .omega_dt_f1(omega_dt_f1), .omega_dt_f2(omega_dt_f2),
        .omega_dt_f3(omega_dt_f3), .omega_dt_f4(omega_dt_f4),
        .noise_f0(noise_f0), .noise_f1(noise_f1), .noise_f2(noise_f2), .noise_f3(noise_f3), .noise_f4(noise_f4),
        .sr_field_input(sr_field_input), .sr_field_f0(sr_field_f0), .sr_field_f1(sr_field_f1),
        .sr_field_f2(sr_field_f2), .sr_field_f3(sr_field_f3), .sr_field_f4(sr_field_f4),
        .adaptive_en(adaptive_en),
        .stability_f0(stability_f0), .stability_f1(stability_f1), .stability_f2(stability_f2),
        .stability_f3(stability_f3), .stability_f4(stability_f4),
        .theta_x(theta_x), .theta_y(theta_y), .theta_amplitude(theta_amplitude),
        .theta_phase(r_theta_phase), .encoding_window(r_enc), .theta_gate(r_gate),
        .thalamic_output(r_thal), .matrix_output(r_matrix),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amplitude),
        .f1_x(f1_x), .f1_y(f1_y), .f1_amplitude(f1_amplitude),
        .f2_x(f2_x), .f2_y(f2_y), .f2_amplitude(f2_amplitude),
        .f3_x(f3_x), .f3_y(f3_y), .f3_amplitude(f3_amplitude),
        .f4_x(f4_x), .f4_y(f4_y), .f4_amplitude(f4_amplitude),
        .sr_f_x_packed(r_fxp), .sr_coherence_packed(r_cohp),
        .sie_per_harmonic(r_sie), .coherence_mask(r_mask), .beta_quiet(r_bq),
        .sr_coherence(r_coh), .sr_amplification(r_ampl),
        .theta_mu_dt(r_th_mu), .theta_omega_dt(r_th_om), .theta_input_x(r_th_in),
        .f0_mu_dt(r_mu0), .f0_omega_dt(r_om0), .f0_input_x(r_in0),
        .f1_mu_dt(r_mu1), .f1_omega_dt(r_om1), .f1_input_x(r_in1),
        .f2_mu_dt(r_mu2), .f2_omega_dt(r_om2), .f2_input_x(r_in2),
        .f3_mu_dt(r_mu3), .f3_omega_dt(r_om3), .f3_input_x(r_in3),
        .f4_mu_dt(r_mu4), .f4_omega_dt(r_om4), .f4_input_x(r_in4)
    );

    thalamus_fold fold (
        .clk(clk), .rst(rst), .start(start), .commit(commit), .busy(busy),
        .mu_dt(mu_dt), .sr_mu_dt(sr_mu_dt), .sensory_input(sensory_input), .sensory_gain(sensory_gain),
        .l6_sensory(l6_sensory), .l6_assoc(l6_assoc), .l6_motor(l6_motor),
        .l5b_sensory(l5b_sensory), .l5b_assoc(l5b_assoc), .l5b_motor(l5b_motor),
        .alpha_x(alpha_x), .alpha_y(alpha_y), .low_beta_x(low_beta_x), .low_beta_y(low_beta_y),
        .high_beta_x(high_beta_x), .high_beta_y(high_beta_y), .gamma_x(gamma_x), .gamma_y(gamma_y),
        .beta_amplitude(beta_amplitude),
        .omega_dt_f0(omega_dt_f0), .omega_dt_f1(omega_dt_f1), .omega_dt_f2(omega_dt_f2),
        .omega_dt_f3(omega_dt_f3), .omega_dt_f4(omega_dt_f4),
        .noise_f0(noise_f0), .noise_f1(noise_f1), .noise_f2(noise_f2), .noise_f3(noise_f3), .noise_f4(noise_f4),
        .sr_field_input(sr_field_input), .sr_field_f0(sr_field_f0), .sr_field_f1(sr_field_f1),
        .sr_field_f2(sr_field_f2), .sr_field_f3(sr_field_f3), .sr_field_f4(sr_field_f4),
        .adaptive_en(adaptive_en),
        .stability_f0(stability_f0), .stability_f1(stability_f1), .stability_f2(stability_f2),
        .stability_f3(stability_f3), .stability_f4(stability_f4),
        .theta_x(theta_x), .theta_y(theta_y), .theta_amplitude(theta_amplitude),
        .theta_phase(f_theta_phase), .encoding_window(f_enc), .theta_gate(f_gate),
        .thalamic_output(f_thal), .matrix_output(f_matrix),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amplitude),
        .f1_x(f1_x), .f1_y(f1_y), .f1_amplitude(f1_amplitude),
        .f2_x(f2_x), .f2_y(f2_y), .f2_amplitude(f2_amplitude),
        .f3_x(f3_x), .f3_y(f3_y), .f3_amplitude(f3_amplitude),
        .f4_x(f4_x), .f4_y(f4_y), .f4_amplitude(f4_amplitude),
        .sr_f_x_packed(f_fxp), .sr_coherence_packed(f_cohp),
        .sie_per_harmonic(f_sie), .coherence_mask(f_mask), .beta_quiet(f_bq),
        .sr_coherence(f_coh), .sr_amplification(f_ampl),
        .theta_mu_dt(f_th_mu), .theta_omega_dt(f_th_om), .theta_input_x(f_th_in),
        .f0_mu_dt(f_mu0), .f0_omega_dt(f_om0), .f0_input_x(f_in0),
        .f1_mu_dt(f_mu1), .f1_omega_dt(f_om1), .f1_input_x(f_in1),
        .f2_mu_dt(f_mu2), .f2_omega_dt(f_om2), .f2_input_x(f_in2),
        .f3_mu_dt(f_mu3), .f3_omega_dt(f_om3), .f3_input_x(f_in3),
        .f4_mu_dt(f_mu4), .f4_omega_dt(f_om4), .f4_input_x(f_in4)
    );
    // The module's CLOCKS and valid-from edges, read at run time.
    integer CLOCKS, V_TH, V_F1, V_F2, V_F3, V_F4;

    // (R) outputs and the state behind them.
    wire same_r = r_theta_phase == f_theta_phase && r_enc == f_enc && r_gate == f_gate
               && r_thal == f_thal && r_matrix == f_matrix && r_cohp == f_cohp
               && r_sie == f_sie && r_mask == f_mask && r_bq == f_bq && r_coh == f_coh
               && r_ampl == f_ampl
               && ref_thal.theta_y_dc == fold.theta_y_dc && ref_thal.theta_amp == fold.theta_amp
               && ref_thal.hp_ext == fold.hp_ext && ref_thal.y_rising == fold.y_rising
               && ref_thal.u_sr_bank.gain_f0 == fold.gain_f0
               && ref_thal.u_sr_bank.gain_f1 == fold.gain_f1
               && ref_thal.u_sr_bank.gain_f2 == fold.gain_f2
               && ref_thal.u_sr_bank.gain_f3 == fold.gain_f3
               && ref_thal.u_sr_bank.gain_f4 == fold.gain_f4;
    // (P) outputs.
    wire same_p = r_fxp == f_fxp && r_th_mu == f_th_mu && r_th_om == f_th_om
               && r_mu0 == f_mu0 && r_om0 == f_om0 && r_in0 == f_in0
               && r_mu1 == f_mu1 && r_om1 == f_om1 && r_mu2 == f_mu2 && r_om2 == f_om2
               && r_mu3 == f_mu3 && r_om3 == f_om3 && r_mu4 == f_mu4 && r_om4 == f_om4;

    // ---------------------------------------------------------------- random numbers
    reg [31:0] rng = 32'h1234_5678;
    reg [31:0] rv;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            rv = rng;
        end
    endtask

    // A random 18-bit value in -m .. m (m < 2^17).
    reg signed [17:0] rr;
    task rnd_in;
        input integer m;
        begin
            rnd;
            rr = $signed({1'b0, rv[30:0]} % (2 * m + 1)) - m;
        end
    endtask

    // A value near v: v - 1, v or v + 1, or its negation.
    function signed [17:0] near;
        input signed [17:0] v;
        input [2:0]         i;
        begin
            case (i)
                3'd0: near = v;
                3'd1: near = v + 18'sd1;
                3'd2: near = v - 18'sd1;
                3'd3: near = -v;
                3'd4: near = -v - 18'sd1;
                3'd5: near = 18'sd131071;
                3'd6: near = -18'sd131072;
                default: near = 18'sd0;
            endcase
        end
    endfunction

    function signed [17:0] extreme;
        input [1:0] i;
        begin
            case (i)
                2'd0: extreme = 18'sd131071;
                2'd1: extreme = -18'sd131072;
                2'd2: extreme = 18'sd0;
                default: extreme = -18'sd1;
            endcase
        end
    endfunction

    // ---------------------------------------------------------------- stimulus
    integer k, seg_kind;
    integer shift_k [0:9];
    reg signed [17:0] nx;

    // Garbage on the start-latched inputs (gap and start clocks).
    task garbage;
        begin
            rnd; sensory_input = rv[17:0]; sr_field_input = rv[31:14];
            rnd; sr_field_f0 = rv[17:0]; sr_field_f1 = rv[31:14];
            rnd; sr_field_f2 = rv[17:0]; sr_field_f3 = rv[31:14];
            rnd; sr_field_f4 = rv[17:0];
        end
    endtask

    // The start-latched inputs of a tick (set after the start edge).
    task set_latched;
        input integer kind;
        begin
            case (kind)
                0: begin
                    rnd_in(20000); sensory_input = rr;
                    rnd_in(8000);  sr_field_input = rr;
                    rnd_in(4000);  sr_field_f0 = rr;
                    rnd_in(4000);  sr_field_f1 = rr;
                    rnd_in(4000);  sr_field_f2 = rr;
                    rnd_in(4000);  sr_field_f3 = rr;
                    rnd_in(4000);  sr_field_f4 = rr;
                end
                1: garbage;
                default: begin
                    rnd;
                    sensory_input  = extreme(rv[1:0]);
                    sr_field_input = extreme(rv[3:2]);
                    sr_field_f0    = extreme(rv[5:4]);
                    sr_field_f1    = extreme(rv[7:6]);
                    sr_field_f2    = extreme(rv[9:8]);
                    sr_field_f3    = extreme(rv[11:10]);
                    sr_field_f4    = extreme(rv[13:12]);
                    if (rv[14]) begin rnd; sr_field_input = rv[17:0]; sr_field_f1 = rv[31:14]; end
                end
            endcase
        end
    endtask

    // The other units' registers, as after a commit edge.
    task set_committed;
        input integer kind;
        begin
            case (kind)
                0: begin
                    for (k = 0; k < 10; k = k + 1) begin
                        nx    = px[k] - (py[k] >>> shift_k[k]);
                        py[k] = py[k] + (nx >>> shift_k[k]);
                        px[k] = nx;
                    end
                    rnd_in(20000); l6_sensory = rr;  rnd_in(20000); l6_assoc = rr;
                    rnd_in(20000); l6_motor = rr;    rnd_in(20000); l5b_sensory = rr;
                    rnd_in(20000); l5b_assoc = rr;   rnd_in(20000); l5b_motor = rr;
                    rnd_in(600);   beta_amplitude = beta_amplitude + rr;
                    if (beta_amplitude < 18'sd10000 || beta_amplitude > 18'sd20000)
                        beta_amplitude = 18'sd15360;
                    rnd_in(10000); stability_f0 = 18'sd8192 + rr;
                    rnd_in(10000); stability_f1 = 18'sd8192 + rr;
                    rnd_in(10000); stability_f2 = 18'sd8192 + rr;
                    rnd_in(10000); stability_f3 = 18'sd8192 + rr;
                    rnd_in(10000); stability_f4 = 18'sd8192 + rr;
                    rnd_in(2000);  noise_f0 = rr;  rnd_in(2000); noise_f1 = rr;
                    rnd_in(2000);  noise_f2 = rr;  rnd_in(2000); noise_f3 = rr;
                    rnd_in(2000);  noise_f4 = rr;
                    rnd_in(30);    mu_dt = 18'sd20 + rr;
                end
                1: begin
                    for (k = 0; k < 10; k = k + 1) begin
                        rnd; px[k] = rv[17:0]; py[k] = rv[31:14];
                    end
                    rnd; l6_sensory = rv[17:0];  l6_assoc = rv[31:14];
                    rnd; l6_motor = rv[17:0];    l5b_sensory = rv[31:14];
                    rnd; l5b_assoc = rv[17:0];   l5b_motor = rv[31:14];
                    rnd; beta_amplitude = rv[17:0]; stability_f0 = rv[31:14];
                    rnd; stability_f1 = rv[17:0]; stability_f2 = rv[31:14];
                    rnd; stability_f3 = rv[17:0]; stability_f4 = rv[31:14];
                    rnd; noise_f0 = rv[17:0]; noise_f1 = rv[31:14];
                    rnd; noise_f2 = rv[17:0]; noise_f3 = rv[31:14];
                    rnd; noise_f4 = rv[17:0]; mu_dt = rv[31:14];
                end
                default: begin
                    // Targets (16384, 0): coherence_h = |f_x| (f_y is multiplied by 0).
                    rnd;
                    px[0] = rv[0] ? 18'sd16384 : -18'sd16384; py[0] = 18'sd0;
                    for (k = 6; k < 10; k = k + 1) begin
                        px[k] = rv[k] ? 18'sd16384 : -18'sd16384; py[k] = 18'sd0;
                    end
                    for (k = 1; k < 6; k = k + 1) begin
                        rnd;
                        case (rv[1:0])
                            2'd0: px[k] = near(18'sd8192, rv[4:2]);
                            2'd1: px[k] = near(18'sd12288, rv[4:2]);
                            2'd2: px[k] = near(18'sd16384, rv[4:2]);
                            default: px[k] = rv[22:5];
                        endcase
                        py[k] = rv[31:14];
                    end
                    rnd;
                    beta_amplitude = rv[3] ? near(18'sd15360, rv[2:0]) : rv[31:14];
                    rnd;
                    stability_f0 = near(rv[0] ? 18'sd0 : 18'sd16384, rv[3:1]);
                    stability_f1 = near(rv[4] ? 18'sd0 : 18'sd16384, rv[7:5]);
                    stability_f2 = near(rv[8] ? 18'sd0 : 18'sd16384, rv[11:9]);
                    stability_f3 = near(rv[12] ? 18'sd0 : 18'sd16384, rv[15:13]);
                    stability_f4 = near(rv[16] ? 18'sd0 : 18'sd16384, rv[19:17]);
                    rnd;
                    l6_sensory = extreme(rv[1:0]);  l6_assoc = extreme(rv[3:2]);
                    l6_motor = extreme(rv[5:4]);    l5b_sensory = extreme(rv[7:6]);
                    l5b_assoc = extreme(rv[9:8]);   l5b_motor = extreme(rv[11:10]);
                    noise_f0 = extreme(rv[13:12]);  noise_f1 = extreme(rv[15:14]);
                    noise_f2 = extreme(rv[17:16]);  noise_f3 = extreme(rv[19:18]);
                    noise_f4 = extreme(rv[21:20]);  mu_dt = extreme(rv[23:22]);
                end
            endcase
            rnd;
            theta_amplitude = rv[17:0]; f0_amplitude = rv[31:14];
            rnd;
            f1_amplitude = rv[17:0]; f2_amplitude = rv[31:14];
            rnd;
            f3_amplitude = rv[17:0]; f4_amplitude = rv[31:14];
            rnd;
            omega_dt_f0 = rv[17:0]; omega_dt_f1 = rv[31:14];
            rnd;
            omega_dt_f2 = rv[17:0]; omega_dt_f3 = rv[31:14];
            rnd;
            omega_dt_f4 = rv[17:0];
            apply_pairs;
        end
    endtask

    // New amplitudes for the realistic segment's rotations.
    task new_rotations;
        begin
            for (k = 0; k < 10; k = k + 1) begin
                rnd;
                px[k] = 18'sd4000 + $signed({1'b0, rv[31:0]} % 20001);
                py[k] = 18'sd0;
                shift_k[k] = 3 + (rv[7:0] % 4);
            end
            beta_amplitude = 18'sd15360;
        end
    endtask

    // ---------------------------------------------------------------- corner counters
    integer n_ticks = 0, n_shared = 0, n_resets = 0, n_extra0 = 0, n_extra20 = 0;
    integer c_sie = 0, c_sie_adapt = 0, c_boost = 0, c_entrain = 0, c_quiet = 0, c_loud = 0;
    integer c_cf_mid = 0, c_cf_full = 0, c_coh_sat = 0, c_relay_sat = 0, c_core_sat = 0;
    integer c_gate0 = 0, c_matrix_sat = 0, c_drive_sat = 0, c_stab_lo = 0, c_stab_hi = 0;
    integer c_inh = 0;
    reg [7:0] phases_seen = 8'd0;
    integer e_r = 0, e_p = 0, e_t = 0, e_busy = 0, e_reset = 0;

    task count_corners;   // before the commit edge: the glue's next-state nets
        begin
            if (ref_thal.u_sr_bank.sie_f0 | ref_thal.u_sr_bank.sie_f1 | ref_thal.u_sr_bank.sie_f2
                | ref_thal.u_sr_bank.sie_f3 | ref_thal.u_sr_bank.sie_f4) begin
                c_sie = c_sie + 1;
                if (adaptive_en) c_sie_adapt = c_sie_adapt + 1;
            end
            if (r_sie[0] | r_sie[1]) c_boost = c_boost + 1;
            if (r_th_in != 18'sd0) c_entrain = c_entrain + 1;
            if (ref_thal.u_sr_bank.quiet_now) c_quiet = c_quiet + 1; else c_loud = c_loud + 1;
            if (ref_thal.u_sr_bank.coh_f1 > 18'sd8192 && ref_thal.u_sr_bank.coh_f1 < 18'sd16384)
                c_cf_mid = c_cf_mid + 1;
            if (ref_thal.u_sr_bank.coh_f3 >= 18'sd16384) c_cf_full = c_cf_full + 1;
            if (ref_thal.u_sr_bank.coh_f2 == 18'sd131071) c_coh_sat = c_coh_sat + 1;
            if (ref_thal.relay == 18'sd131071 || ref_thal.relay == -18'sd131072)
                c_relay_sat = c_relay_sat + 1;
            if (ref_thal.core_sum > 21'sd131071 || ref_thal.core_sum < -21'sd131072)
                c_core_sat = c_core_sat + 1;
            if (ref_thal.gate_diff[18]) c_gate0 = c_gate0 + 1;
            if (ref_thal.l6_inhibition != 18'sd0) c_inh = c_inh + 1;
            if (ref_thal.matrix_new == 18'sd131071 || ref_thal.matrix_new == -18'sd131072)
                c_matrix_sat = c_matrix_sat + 1;
            if (r_in1 == 18'sd131071 || r_in2 == -18'sd131072) c_drive_sat = c_drive_sat + 1;
            if (adaptive_en && ref_thal.u_sr_bank.sie_f0 && stability_f0 < 0) c_stab_lo = c_stab_lo + 1;
            if (adaptive_en && ref_thal.u_sr_bank.sie_f0 && stability_f0 > 18'sd16384) c_stab_hi = c_stab_hi + 1;
            phases_seen = phases_seen | (8'd1 << ref_thal.phase_new);
        end
    endtask

    // Every clock: the (R) and (P) outputs.
    task check_rp;
        input integer t;
        begin
            if (!same_r) begin
                e_r = e_r + 1;
                if (e_r <= 5)
                    $display("FAIL tick %0d (segment %0d): (R) ref phase %0d gate %0d thal %0d matrix %0d sie %b mask %b bq %b coh %0d ampl %0d / fold phase %0d gate %0d thal %0d matrix %0d sie %b mask %b bq %b coh %0d ampl %0d",
                             t, seg_kind, r_theta_phase, r_gate, r_thal, r_matrix, r_sie, r_mask, r_bq, r_coh, r_ampl,
                             f_theta_phase, f_gate, f_thal, f_matrix, f_sie, f_mask, f_bq, f_coh, f_ampl);
            end
            if (!same_p) e_p = e_p + 1;
        end
    endtask

    // After edge i of a tick: the (T) outputs valid from their edge.
    task check_t;
        input integer i;
        input integer t;
        begin
            if ((i >= V_TH && r_th_in != f_th_in) || (i >= V_F1 && r_in1 != f_in1)
                || (i >= V_F2 && r_in2 != f_in2) || (i >= V_F3 && r_in3 != f_in3)
                || (i >= V_F4 && r_in4 != f_in4)) begin
                e_t = e_t + 1;
                if (e_t <= 5)
                    $display("FAIL tick %0d edge %0d: (T) ref theta %0d f1..f4 %0d %0d %0d %0d / fold %0d %0d %0d %0d %0d",
                             t, i, r_th_in, r_in1, r_in2, r_in3, r_in4, f_th_in, f_in1, f_in2, f_in3, f_in4);
            end
        end
    endtask

    // ---------------------------------------------------------------- ticks
    integer t, i, g, gap, extra, rst_at, last_kind;
    reg     share;

    initial begin
        CLOCKS = fold.CLOCKS;
        V_TH = fold.V_THETA_IN;
        V_F1 = fold.V_F1_IN;
        V_F2 = fold.V_F2_IN;
        V_F3 = fold.V_F3_IN;
        V_F4 = fold.V_F4_IN;
        for (k = 0; k < 10; k = k + 1) shift_k[k] = 4;
        new_rotations;
        set_committed(0);
        do_reset;
        check("reset: outputs equal", same_r && same_p);
        share = 1'b0;
        last_kind = -1;
        for (t = 0; t < TICKS; t = t + 1) begin
            seg_kind = (t / SEG) % 3;
            n_ticks = n_ticks + 1;
            if (!share) begin
                rnd;
                gap = rv[1:0];
                for (g = 0; g < gap; g = g + 1) begin
                    garbage;
                    clock;
                    check_rp(t);
                end
                garbage;
                start = 1'b1;
                clock;
                start = 1'b0;
                check_rp(t);
            end
            set_latched(seg_kind);
            check_rp(t);
            rnd;
            extra = rv[15:0] % 21;
            if (extra == 0) n_extra0 = n_extra0 + 1;
            if (extra == 20) n_extra20 = n_extra20 + 1;
            rst_at = (rv[23:16] % 40 == 0) ? 1 + rv[31:24] % (CLOCKS + extra - 1) : -1;
            // Edges 1 .. CLOCKS - 1 + extra after the start edge (the commit edge is CLOCKS + extra).
            for (i = 1; i < CLOCKS + extra; i = i + 1) begin
                if (i == rst_at) begin
                    rst = 1'b1;
                    n_resets = n_resets + 1;
                end
                clock;
                check_rp(t);
                if (rst_at < 0) begin
                    check_t(i, t);
                    if (i == CLOCKS - 2 && !busy) e_busy = e_busy + 1;
                    if (i == CLOCKS - 1 && busy) e_busy = e_busy + 1;
                end
                if (i == rst_at) begin
                    rst = 1'b0;
                    if (!same_r || busy) e_reset = e_reset + 1;
                    i = CLOCKS + extra;  // abandon this tick
                end
            end
            if (rst_at >= 0) begin
                share = 1'b0;
            end else begin
                count_corners;
                commit = 1'b1;
                rnd;
                share = rv[1:0] == 2'd0;
                if (share) begin
                    start = 1'b1;
                    n_shared = n_shared + 1;
                end
                clock;
                commit = 1'b0;
                start  = 1'b0;
                check_rp(t);
                // The other units' registers step on the commit edge.
                if ((t + 1) % SEG == 0 || last_kind != seg_kind) begin
                    rnd;
                    adaptive_en  = (((t + 1) / SEG) / 3) % 2;
                    sensory_gain = rv[0] ? 18'sd16384 : rv[31:14];
                    sr_mu_dt     = rv[1] ? 18'sd4 : rv[19:2];
                    if (((t + 1) / SEG) % 3 == 0) new_rotations;
                end
                last_kind = seg_kind;
                set_committed(((t + 1) / SEG) % 3);
                check_rp(t);
            end
        end
        check("every clock: (R) outputs and state equal", e_r == 0);
        check("every clock: (P) outputs equal", e_p == 0);
        check("from valid-from to commit: (T) outputs equal", e_t == 0);
        check("busy falls CLOCKS - 1 edges after start", e_busy == 0);
        check("after each mid-tick reset: reset state", e_reset == 0);
        check("start in the commit clock", n_shared > 0);
`ifndef TB_QUICK
        check("corner: SIE (some harmonic)", c_sie > 0);
        check("corner: SIE with adaptive_en", c_sie_adapt > 0);
        check("corner: relay boost (f0 or f1 SIE)", c_boost > 0);
        check("corner: theta entrainment non-zero", c_entrain > 0);
        check("corner: beta quiet and not", c_quiet > 0 && c_loud > 0);
        check("corner: coh_factor ramp (0.5 < coh < 1)", c_cf_mid > 0);
        check("corner: coh_factor 1.0", c_cf_full > 0);
        check("corner: coherence saturated", c_coh_sat > 0);
        check("corner: relay saturated", c_relay_sat > 0);
        check("corner: core sum saturated", c_core_sat > 0);
        check("corner: gate clamped to 0", c_gate0 > 0);
        check("corner: L6 inhibition non-zero", c_inh > 0);
        check("corner: matrix saturated", c_matrix_sat > 0);
        check("corner: SR drive saturated", c_drive_sat > 0);
        check("corner: stability < 0 / > 1.0 in SIE", c_stab_lo > 0 && c_stab_hi > 0);
        check("corner: all 8 theta phases", phases_seen == 8'hFF);
        check("mid-tick resets", n_resets > 0);
`endif
        $display("ticks %0d (CLOCKS %0d, (T) valid from edges theta %0d f1..f4 %0d %0d %0d %0d; extra 0: %0d, extra 20: %0d; start on commit edge: %0d; mid-tick resets %0d)",
                 n_ticks, CLOCKS, V_TH, V_F1, V_F2, V_F3, V_F4, n_extra0, n_extra20, n_shared, n_resets);
        $display("corners (ticks): SIE %0d (adaptive %0d), boost %0d, entrain %0d, quiet %0d / loud %0d, coh ramp %0d, coh 1.0 %0d, coh sat %0d, relay sat %0d, core sat %0d, gate 0 %0d, inhibition %0d, matrix sat %0d, drive sat %0d, stab <0 %0d >1 %0d, phases %b",
                 c_sie, c_sie_adapt, c_boost, c_entrain, c_quiet, c_loud, c_cf_mid, c_cf_full, c_coh_sat,
                 c_relay_sat, c_core_sat, c_gate0, c_inh, c_matrix_sat, c_drive_sat, c_stab_lo, c_stab_hi, phases_seen);
        $display("mismatches: (R) %0d, (P) %0d, (T) %0d, busy timing %0d, after reset %0d",
                 e_r, e_p, e_t, e_busy, e_reset);
        $display("tb_thalamus_fold: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
