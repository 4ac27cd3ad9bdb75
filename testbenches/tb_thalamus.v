// tb_thalamus: self-checking testbench for rtl/thalamus.v (contract: docs/spec/thalamus.md).
// Runs under Verilator (--binary) and Icarus (-g2005); prints one line per failing check and ends
// with "tb_thalamus: N passed, N failed".
//
// Theta runs free (MU 3, beta loud so no SR entrainment). After a SETTLE, a MEAS window checks:
// theta at 5.89 Hz +-1% (rising zero crossings of theta_x, linearly interpolated); all eight
// theta phases occur in every cycle, in order 0..7; encoding_window = phases 0-3; theta_gate is
// never negative and equals max(0, 0.5 + theta_x/2 - (0.1 + 0.2) x max(0, L6 average)) from the
// theta_x before each edge; the matrix output is the gated L5b average. Then L6 steps up
// (0, 0.5, 1.83) for GATE_LEN ticks each: the mean gate falls. Stimulus changes on the falling
// edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_thalamus;
    localparam integer SETTLE   = 1000;
    localparam integer MEAS     = 12000;     // 3 s: ~17 theta cycles
    localparam integer GATE_LEN = 2040;      // 3 theta cycles per L6 level

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] l6 = 0;
    reg signed [17:0] l5b = 0;
    reg signed [17:0] sensory = 0;
    reg signed [17:0] beta = 18'sd20000;

    wire signed [17:0] theta_x, theta_y, theta_amp, gate, thal_out, matrix;
    wire [2:0] phase;
    wire enc;
    wire signed [17:0] f0_x, f0_y, f0_amp, sr_coh, sr_amp;
    wire signed [89:0] fx_packed, coh_packed;
    wire [4:0] sie, mask;
    wire quiet;

    thalamus dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt(18'sd3), .sr_mu_dt(18'sd4), .sensory_input(sensory), .sensory_gain(18'sd16384),
        .l6_sensory(l6), .l6_assoc(l6), .l6_motor(l6),
        .l5b_sensory(l5b), .l5b_assoc(l5b), .l5b_motor(l5b),
        .alpha_x(18'sd0), .alpha_y(18'sd0), .low_beta_x(18'sd0), .low_beta_y(18'sd0),
        .high_beta_x(18'sd0), .high_beta_y(18'sd0), .gamma_x(18'sd0), .gamma_y(18'sd0),
        .beta_amplitude(beta),
        .omega_dt_f0(18'sd196), .omega_dt_f1(18'sd354), .omega_dt_f2(18'sd514),
        .omega_dt_f3(18'sd643), .omega_dt_f4(18'sd823),
        .noise_f0(18'sd0), .noise_f1(18'sd0), .noise_f2(18'sd0), .noise_f3(18'sd0), .noise_f4(18'sd0),
        .sr_field_input(18'sd0), .sr_field_f0(18'sd0), .sr_field_f1(18'sd0), .sr_field_f2(18'sd0),
        .sr_field_f3(18'sd0), .sr_field_f4(18'sd0), .adaptive_en(1'b0),
        .stability_f0(18'sd0), .stability_f1(18'sd0), .stability_f2(18'sd0), .stability_f3(18'sd0),
        .stability_f4(18'sd0),
        .theta_x(theta_x), .theta_y(theta_y), .theta_amplitude(theta_amp), .theta_phase(phase),
        .encoding_window(enc), .theta_gate(gate), .thalamic_output(thal_out), .matrix_output(matrix),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amp), .sr_f_x_packed(fx_packed),
        .sr_coherence_packed(coh_packed), .sie_per_harmonic(sie), .coherence_mask(mask),
        .beta_quiet(quiet), .sr_coherence(sr_coh), .sr_amplification(sr_amp)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, lvl;
    integer order_errs, gate_errs, neg_errs, enc_errs, matrix_errs, changes;
    integer crossings, prev_x, x_before, prev_phase, wraps;
    integer gate_sum [0:2];
    integer counts [0:7];
    real    t_first, t_last, t, f;
    integer l6_avg, l6_pos, inhib, gate_ref, l5b_avg, matrix_ref;
    reg signed [63:0] prod;

    `include "tb_common.vh"

    // One tick; theta_gate and matrix_output checked against the reference from theta_x before it.
    task tick;
        begin
            x_before = theta_x;
            prod = (l6 + l6 + l6) * 5461;
            l6_avg = prod >>> 14;
            l6_pos = (l6_avg < 0) ? 0 : l6_avg;
            prod = 1638 * l6_pos;
            inhib = prod >>> 14;
            prod = 3277 * l6_pos;
            inhib = inhib + (prod >>> 14);
            gate_ref = 8192 + (x_before >>> 1) - inhib;
            if (gate_ref < 0) gate_ref = 0;
            prod = (l5b + l5b + l5b) * 5461;
            l5b_avg = prod >>> 14;
            prod = l5b_avg * gate_ref;
            matrix_ref = prod >>> 14;
            if (matrix_ref > 131071) matrix_ref = 131071;
            @(posedge clk);
            @(negedge clk);
            if (gate != gate_ref) gate_errs = gate_errs + 1;
            if (gate < 0) neg_errs = neg_errs + 1;
            if (matrix != matrix_ref) matrix_errs = matrix_errs + 1;
            if (enc != (phase < 4)) enc_errs = enc_errs + 1;
        end
    endtask

    initial begin
        order_errs = 0; gate_errs = 0; neg_errs = 0; enc_errs = 0; matrix_errs = 0;
        changes = 0; crossings = 0; wraps = 0;
        for (k = 0; k < 8; k = k + 1) counts[k] = 0;
        @(negedge clk);
        rst = 1'b1;
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("reset_theta_half_zero", theta_x == 8192 && theta_y == 0);
        check("reset_registers", phase == 0 && gate == 0 && thal_out == 0 && matrix == 0);

        clk_en = 1'b1;
        l5b = 18'sd16384;
        for (k = 0; k < SETTLE; k = k + 1) tick;
        prev_x = theta_x;
        prev_phase = phase;
        for (k = 0; k < MEAS; k = k + 1) begin
            tick;
            if (prev_x < 0 && theta_x >= 0) begin
                t = k - 1 + $itor(-prev_x) / $itor(theta_x - prev_x);
                if (crossings == 0) t_first = t;
                t_last = t;
                crossings = crossings + 1;
            end
            if (phase != prev_phase) begin
                if (phase != ((prev_phase + 1) % 8)) order_errs = order_errs + 1;
                if (phase == 0) wraps = wraps + 1;
                counts[phase] = counts[phase] + 1;
                changes = changes + 1;
            end
            prev_x = theta_x;
            prev_phase = phase;
        end
        f = (crossings - 1) * 4000.0 / (t_last - t_first);
        $display("theta: %0d rising crossings, %f Hz; %0d phase changes, %0d cycles", crossings, f, changes, wraps);
        check("theta_5_89_hz_within_1_percent", f > 5.89 * 0.99 && f < 5.89 * 1.01);
        check("phases_in_order_0_to_7", order_errs == 0);
        check("eight_phases_every_cycle", wraps >= 16 && changes >= 8 * (wraps - 1));
        for (k = 0; k < 8; k = k + 1)
            check("each_phase_once_per_cycle", counts[k] == wraps || counts[k] == wraps + 1 || counts[k] == wraps - 1);
        check("encoding_window_is_phases_0_3", enc_errs == 0);
        check("no_entrainment_when_beta_loud", !quiet && sie == 0);

        // L6 rises: the gate falls (mean over whole theta cycles) and never goes negative.
        for (lvl = 0; lvl < 3; lvl = lvl + 1) begin
            l6 = (lvl == 0) ? 18'sd0 : (lvl == 1) ? 18'sd8192 : 18'sd30000;
            gate_sum[lvl] = 0;
            for (k = 0; k < GATE_LEN; k = k + 1) begin
                tick;
                gate_sum[lvl] = gate_sum[lvl] + gate;
            end
        end
        check("gate_falls_as_l6_rises", gate_sum[0] > gate_sum[1] && gate_sum[1] > gate_sum[2]);
        check("gate_equals_reference", gate_errs == 0);
        check("gate_never_negative", neg_errs == 0);
        check("matrix_is_gated_l5b_average", matrix_errs == 0);

        // Strong L6 drives the gate to exactly 0 away from the theta peak.
        l6 = 18'sd131071;
        for (k = 0; k < 400; k = k + 1) tick;
        check("strong_l6_closes_gate", gate == 0 || theta_x > 8000);
        check("closed_gate_blocks_matrix", gate != 0 || matrix == 0);

        $display("tb_thalamus: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
