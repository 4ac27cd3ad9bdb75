// tb_cortical_column: self-checking testbench for rtl/cortical_column.v
// (contract: docs/spec/cortical_column.md). Runs under Verilator (--binary) and Icarus (-g2005);
// prints one line per failing check and ends with "tb_cortical_column: N passed, N failed".
// Two columns run side by side (dut_a, dut_b) with a bare L2/3-rate oscillator and a theta
// oscillator as references. Stimulus changes on the falling edge and outputs are sampled there.
// Also: at MU 1 (ANESTHESIA's L2/3) L2/3 keeps its table frequency within 2 % (pv_total enters
// its drive at 1/4, PV_DRIVE_SHIFT); the triad coupling (sync_gain 2.0 on dut_a, 0 on dut_b)
// locks a detuned L5a to theta + L6 (phase-locking value of theta + L6 - L5a).
`default_nettype none
/* verilator lint_off WIDTH */
module tb_cortical_column;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] mu = 18'sd3;
    reg signed [17:0] theta_in_a = 18'sd0;
    reg signed [17:0] theta_in_b = 18'sd0;
    reg               enc_a = 1'b0;
    reg               enc_b = 1'b0;
    reg        [1:0]  pat_a = 2'b00;
    reg        [1:0]  pat_b = 2'b00;
    reg signed [17:0] theta_y_in = 18'sd0;
    reg signed [17:0] sync_a = 18'sd0;
    reg signed [17:0] sync_b = 18'sd0;
    reg signed [17:0] drift_l5a = 18'sd0;
    wire signed [17:0] zero = 18'sd0;

    wire signed [17:0] a_l23, a_l4, a_l5a, a_l5b, a_l6, a_gain, a_o23, a_o4, a_o5a, a_o5b, a_o6;
    wire signed [17:0] b_l23, b_l4, b_l5a, b_l5b, b_l6, b_gain, b_o23, b_o4, b_o5a, b_o5b, b_o6;
    wire signed [19:0] a_pv, b_pv;
    wire signed [17:0] bare_x, bare_y, bare_amp, th_x, th_y, th_amp;

    cortical_column dut_a (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt_l6(mu), .mu_dt_l5b(mu), .mu_dt_l5a(mu), .mu_dt_l4(mu), .mu_dt_l23(mu),
        .omega_drift_l6(zero), .omega_drift_l5a(drift_l5a), .omega_drift_l5b(zero),
        .omega_drift_l4(zero), .omega_drift_l23(zero),
        .thalamic_input(zero), .feedforward_input(zero), .matrix_input(zero),
        .fb1_input(zero), .fb2_input(zero), .attention_input(zero),
        .theta_x(theta_in_a), .theta_y(theta_y_in), .sync_gain(sync_a),
        .encoding_window(enc_a), .phase_pattern(pat_a),
        .l23_x(a_l23), .l4_x(a_l4), .l5a_x(a_l5a), .l5b_x(a_l5b), .l6_x(a_l6),
        .apical_gain(a_gain), .pv_total(a_pv),
        .l23_out(a_o23), .l4_out(a_o4), .l5a_out(a_o5a), .l5b_out(a_o5b), .l6_out(a_o6));
    cortical_column #(.ENV_SEED_L6(16'hB1C6)) dut_b (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt_l6(mu), .mu_dt_l5b(mu), .mu_dt_l5a(mu), .mu_dt_l4(mu), .mu_dt_l23(mu),
        .omega_drift_l6(zero), .omega_drift_l5a(drift_l5a), .omega_drift_l5b(zero),
        .omega_drift_l4(zero), .omega_drift_l23(zero),
        .thalamic_input(zero), .feedforward_input(zero), .matrix_input(zero),
        .fb1_input(zero), .fb2_input(zero), .attention_input(zero),
        .theta_x(theta_in_b), .theta_y(theta_y_in), .sync_gain(sync_b),
        .encoding_window(enc_b), .phase_pattern(pat_b),
        .l23_x(b_l23), .l4_x(b_l4), .l5a_x(b_l5a), .l5b_x(b_l5b), .l6_x(b_l6),
        .apical_gain(b_gain), .pv_total(b_pv),
        .l23_out(b_o23), .l4_out(b_o4), .l5a_out(b_o5a), .l5b_out(b_o5b), .l6_out(b_o6));
    // A bare L2/3 oscillator (no PV+ network) and the theta reference (5.89 Hz).
    hopf_oscillator bare (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(mu),
        .omega_dt(18'sd1040), .input_x(zero), .x(bare_x), .y(bare_y), .amplitude(bare_amp));
    hopf_oscillator theta (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(mu),
        .omega_dt(18'sd152), .input_x(zero), .x(th_x), .y(th_y), .amplitude(th_amp));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer i;
    integer l4_diff;
    integer n_zc [0:5];
    real    t_first [0:5];
    real    t_last [0:5];
    integer prev [0:5];
    real    amp_col, amp_bare;
    real    s6, s23, s5b, c6;
    integer prod;
    integer ty;
    integer tx;
    real    pa_c, pa_s, pb_c, pb_s, psi, plv_a, plv_b;

    `include "tb_common.vh"

    // Rising zero crossing of trace i between prev[i] and cur at tick k, linearly interpolated.
    task zc;
        input integer idx;
        input integer cur;
        input integer kk;
        real t;
        begin
            if (prev[idx] < 0 && cur >= 0) begin
                t = kk - 1 + (0.0 - prev[idx]) / (cur - prev[idx]);
                if (n_zc[idx] == 0) t_first[idx] = t;
                t_last[idx] = t;
                n_zc[idx] = n_zc[idx] + 1;
            end
            prev[idx] = cur;
        end
    endtask

    function real freq;
        input integer idx;
        begin
            freq = (n_zc[idx] - 1) * 4000.0 / (t_last[idx] - t_first[idx]);
        end
    endfunction

    function within1;
        input real got;
        input real want;
        begin
            within1 = (got - want) < 0.01 * want && (want - got) < 0.01 * want;
        end
    endfunction

    initial begin
        @(negedge clk);
        clk_en = 1'b1;

        do_reset;
        check("reset_l23_half", a_l23 == 18'sd8192 && a_l6 == 18'sd8192);
        check("reset_gain_one_pv_zero", a_gain == 18'sd16384 && a_pv == 20'sd0);
        check("reset_out_is_x_times_one", a_o23 == 18'sd8192);

        // ---- table frequencies, MU 3, no drift, no drive; dut_b in the encoding window.
        enc_b = 1'b1;
        for (i = 0; i < 6; i = i + 1) begin
            n_zc[i] = 0;
            prev[i] = 0;
        end
        amp_col = 0.0;
        amp_bare = 0.0;
        for (k = 1; k <= 3000; k = k + 1) begin
            clock;
            if (k > 500) begin
                zc(0, a_l6, k);
                zc(1, a_l5a, k);
                zc(2, a_l5b, k);
                zc(3, a_l4, k);
                zc(4, a_l23, k);
                zc(5, b_l23, k);
                amp_col = amp_col + dut_a.u_l23.amplitude;
                amp_bare = amp_bare + bare_amp;
            end
        end
        check("l6_at_9_53_hz", within1(freq(0), 9.53));
        check("l5a_at_15_42_hz", within1(freq(1), 15.42));
        check("l5b_at_24_94_hz", within1(freq(2), 24.94));
        check("l4_at_31_73_hz", within1(freq(3), 31.73));
        check("l23_slow_at_40_36_hz", within1(freq(4), 40.36));
        check("l23_fast_at_65_3_hz_in_window", within1(freq(5), 65.3));
        $display("  frequencies: L6 %f L5a %f L5b %f L4 %f L2/3 %f / %f Hz",
                 freq(0), freq(1), freq(2), freq(3), freq(4), freq(5));
        // PV+ network: the column's L2/3 settles below a bare oscillator at the same MU.
        amp_col = amp_col / 2500.0 / 16384.0;
        amp_bare = amp_bare / 2500.0 / 16384.0;
        $display("  L2/3 amplitude: column %f, bare %f", amp_col, amp_bare);
        check("pv_lowers_l23_amplitude", amp_col < amp_bare - 0.015);
        check("pv_total_active", a_pv != 20'sd0);
        prod = a_l6;
        prod = prod * dut_a.u_env_l6.envelope;
        check("out_is_x_times_envelope", a_o6 == (prod >>> 14));
        check("seed_parameter_changes_envelope",
              dut_a.u_env_l6.acc != dut_b.u_env_l6.acc && dut_a.u_env_l5a.acc == dut_b.u_env_l5a.acc);

        // ---- phase coupling: same theta, pattern 11 (in phase) against 00 (anti-phase).
        enc_b = 1'b0;
        pat_a = 2'b11;
        pat_b = 2'b00;
        do_reset;
        l4_diff = 0;
        s6 = 0.0;
        s23 = 0.0;
        s5b = 0.0;
        c6 = 0.0;
        for (k = 1; k <= 2800; k = k + 1) begin
            theta_in_a = th_x;
            theta_in_b = th_x;
            clock;
            if (a_l4 != b_l4) l4_diff = l4_diff + 1;
            if (k > 400) begin
                // th_y is theta's sine: the response to a drive on dx follows its derivative.
                ty  = th_y;
                tx  = th_x;
                prod = a_l6 - b_l6;
                s6  = s6  + $itor(prod) * $itor(ty) / 16384.0;
                c6  = c6  + $itor(prod) * $itor(tx) / 16384.0;
                prod = a_l23 - b_l23;
                s23 = s23 + $itor(prod) * $itor(ty) / 16384.0;
                prod = a_l5b - b_l5b;
                s5b = s5b + $itor(prod) * $itor(ty) / 16384.0;
            end
        end
        s6 = 2.0 * s6 / 2400.0;
        s23 = 2.0 * s23 / 2400.0;
        s5b = 2.0 * s5b / 2400.0;
        c6 = 2.0 * c6 / 2400.0;
        $display("  theta-sine component of (in-phase - anti-phase): L6 %f L2/3 %f L5b %f", s6, s23, s5b);
        check("scaffold_l4_ignores_phase", l4_diff == 0);
        check("plastic_l6_follows_sign", s6 < -400.0);
        check("plastic_l23_follows_sign", s23 < -15.0);
        $display("  L6 theta-cosine component %f", c6);
        check("scaffold_l5b_barely_moves", s5b < 0.02 * (0.0 - s6) && s5b > 0.02 * s6);

        // ---- weak MU keeps the frequency: MU 1 (ANESTHESIA's L2/3), slow and fast gamma.
        pat_a = 2'b00;
        pat_b = 2'b00;
        theta_in_a = 18'sd0;
        theta_in_b = 18'sd0;
        enc_b = 1'b1;
        mu = 18'sd1;
        do_reset;
        for (i = 0; i < 6; i = i + 1) begin
            n_zc[i] = 0;
            prev[i] = 0;
        end
        for (k = 1; k <= 6000; k = k + 1) begin
            clock;
            if (k > 2000) begin
                zc(4, a_l23, k);
                zc(5, b_l23, k);
            end
        end
        $display("  MU 1: L2/3 %f / %f Hz, amplitude %f", freq(4), freq(5),
                 $itor(dut_a.u_l23.amplitude) / 16384.0);
        check("mu1_l23_slow_within_2_percent", freq(4) > 0.98 * 40.36 && freq(4) < 1.02 * 40.36);
        check("mu1_l23_fast_within_2_percent", freq(5) > 0.98 * 65.3 && freq(5) < 1.02 * 65.3);
        check("mu1_l23_not_silenced", dut_a.u_l23.amplitude > 18'sd819);
        enc_b = 1'b0;
        mu = 18'sd3;

        // ---- triad coupling: L5a detuned by +12 OMEGA units (0.47 Hz) on both columns; dut_a
        // coupled at sync_gain 2.0 to theta + L6, dut_b not. PLV of theta + L6 - L5a over 4 s.
        drift_l5a = 18'sd12;
        sync_a = 18'sd32768;
        sync_b = 18'sd0;
        do_reset;
        pa_c = 0.0; pa_s = 0.0; pb_c = 0.0; pb_s = 0.0;
        for (k = 1; k <= 20000; k = k + 1) begin
            theta_in_a = th_x;
            theta_in_b = th_x;
            theta_y_in = th_y;
            clock;
            if (k > 4000) begin
                psi = $atan2($itor(th_y), $itor(th_x))
                    + $atan2($itor(dut_a.u_l6.y), $itor(dut_a.u_l6.x))
                    - $atan2($itor(dut_a.u_l5a.y), $itor(dut_a.u_l5a.x));
                pa_c = pa_c + $cos(psi);
                pa_s = pa_s + $sin(psi);
                psi = $atan2($itor(th_y), $itor(th_x))
                    + $atan2($itor(dut_b.u_l6.y), $itor(dut_b.u_l6.x))
                    - $atan2($itor(dut_b.u_l5a.y), $itor(dut_b.u_l5a.x));
                pb_c = pb_c + $cos(psi);
                pb_s = pb_s + $sin(psi);
            end
        end
        plv_a = $sqrt(pa_c * pa_c + pa_s * pa_s) / 16000.0;
        plv_b = $sqrt(pb_c * pb_c + pb_s * pb_s) / 16000.0;
        $display("  triad PLV theta + L6 - L5a: coupled %f, uncoupled %f", plv_a, plv_b);
        check("triad_coupling_locks_l5a", plv_a > 0.8);
        check("no_coupling_no_lock", plv_b < 0.5);
        drift_l5a = 18'sd0;
        sync_a = 18'sd0;
        theta_y_in = 18'sd0;

        // clk_en low holds every register.
        clk_en = 1'b0;
        k = a_l23;
        i = dut_a.u_env_l23.acc;
        clock;
        clock;
        check("holds_with_clk_en_low", a_l23 == k && dut_a.u_env_l23.acc == i);
        clk_en = 1'b1;

        $display("tb_cortical_column: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL watchdog");
        $display("tb_cortical_column: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
