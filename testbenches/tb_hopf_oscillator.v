// tb_hopf_oscillator: self-checking testbench for rtl/hopf_oscillator.v
// (contract: docs/spec/hopf_oscillator.md). Runs under Verilator (--binary) and Icarus (-g2005);
// prints one line per failing check and ends with "tb_hopf_oscillator: N passed, N failed".
//
// One tick is one rising clk edge with clk_en high (4 kHz in the processor). Stimulus changes on
// the falling edge and outputs are sampled there, so there is no race with the DUT.
//
// Phase A drives `dut` (reset, exact first steps, hold, reset priority, saturation).
// Phase B runs free-running oscillators from reset: theta (MU 3, OMEGA_DT 152) for 11 s, the
// other MU values of section 8.2 at OMEGA_DT 152, low beta (MU 3, OMEGA_DT 397) and fast gamma
// (MU 3, OMEGA_DT 1681) for 4 s. Each group's clk_en drops after its run, which keeps Icarus near
// 5 s. The step is semi-implicit Euler, so the settled amplitude is sqrt(MU / 4) at every
// frequency (MU 6 is held near 1 by the correction above r^2 = 1.0625).
`default_nettype none
/* verilator lint_off WIDTH */
module tb_hopf_oscillator;
    localparam integer SETTLE    = 4000;            // 1 s at 4 kHz, excluded from every statistic
    localparam integer THETA_LEN = SETTLE + 40000;  // theta: 10 s window after the settle
    localparam integer BANK_LEN  = SETTLE + 12000;  // MU 1, 2, 4, 6 and beta: 3 s window
    localparam integer GAMMA_LEN = SETTLE + 12000;  // fast gamma: 3 s window (196 cycles)
    localparam integer NOSC      = 7;               // oscillators of phase B
    localparam integer LATE      = 4000;            // last 1 s of each run: the settled amplitude
    localparam integer Q14       = 16384;

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg rst_b = 1'b0;
    reg en_theta = 1'b0;
    reg en_bank = 1'b0;
    reg en_gamma = 1'b0;

    // ---------------------------------------------------------------- phase A: the DUT
    reg  signed [17:0] mu_dt = 18'sd4;
    reg  signed [17:0] omega_dt = 18'sd152;
    reg  signed [17:0] input_x = 18'sd0;
    wire signed [17:0] x, y, amplitude;

    hopf_oscillator dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt(mu_dt), .omega_dt(omega_dt), .input_x(input_x),
        .x(x), .y(y), .amplitude(amplitude)
    );

    // ---------------------------------------------------------------- phase B: the bank
    wire signed [17:0] x1, y1, a1, x2, y2, a2, x3, y3, a3, x4, y4, a4, x6, y6, a6, xg, yg, ag;
    wire signed [17:0] xb, yb, ab;

    hopf_oscillator u_mu1 (.clk(clk), .rst(rst_b), .clk_en(en_bank), .mu_dt(18'sd1),
        .omega_dt(18'sd152), .input_x(18'sd0), .x(x1), .y(y1), .amplitude(a1));
    hopf_oscillator u_mu2 (.clk(clk), .rst(rst_b), .clk_en(en_bank), .mu_dt(18'sd2),
        .omega_dt(18'sd152), .input_x(18'sd0), .x(x2), .y(y2), .amplitude(a2));
    hopf_oscillator u_mu3 (.clk(clk), .rst(rst_b), .clk_en(en_theta), .mu_dt(18'sd3),
        .omega_dt(18'sd152), .input_x(18'sd0), .x(x3), .y(y3), .amplitude(a3));
    hopf_oscillator u_mu4 (.clk(clk), .rst(rst_b), .clk_en(en_bank), .mu_dt(18'sd4),
        .omega_dt(18'sd152), .input_x(18'sd0), .x(x4), .y(y4), .amplitude(a4));
    hopf_oscillator u_mu6 (.clk(clk), .rst(rst_b), .clk_en(en_bank), .mu_dt(18'sd6),
        .omega_dt(18'sd152), .input_x(18'sd0), .x(x6), .y(y6), .amplitude(a6));
    hopf_oscillator u_gamma (.clk(clk), .rst(rst_b), .clk_en(en_gamma), .mu_dt(18'sd3),
        .omega_dt(18'sd1681), .input_x(18'sd0), .x(xg), .y(yg), .amplitude(ag));
    hopf_oscillator u_beta (.clk(clk), .rst(rst_b), .clk_en(en_bank), .mu_dt(18'sd3),
        .omega_dt(18'sd397), .input_x(18'sd0), .x(xb), .y(yb), .amplitude(ab));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer m;
    integer errs;
    integer amp_errs;
    integer est_errs;
    integer xi, yi, ai;
    integer prev_x3, prev_xg;
    integer cross3, crossg;
    integer amp_lo [0:NOSC-1];
    integer amp_hi [0:NOSC-1];
    integer late_lo [0:NOSC-1];
    integer late_hi [0:NOSC-1];
    integer late_sum [0:NOSC-1];
    integer mu_of [0:NOSC-1];
    integer omega_of [0:NOSC-1];
    integer run_len [0:NOSC-1];
    real    late_r [0:NOSC-1];     // sum of the true magnitude sqrt(x^2 + y^2) over the late window
    real    r_mean, r_want;
    integer xh1, yh1;
    real    t_first3, t_last3, t_firstg, t_lastg, t;
    real    f3, fg;
    real    r;

    // Reference amplitude estimator written from the contract: max(hi, hi - hi/8 + lo/2) of |x|, |y|
    // (floor shifts of non-negative values), saturated to 131071.
    function integer amp_ref;
        input integer xv;
        input integer yv;
        integer ax, ay, hi, lo, est;
        begin
            ax = (xv < 0) ? -xv : xv;
            ay = (yv < 0) ? -yv : yv;
            hi = (ax > ay) ? ax : ay;
            lo = (ax > ay) ? ay : ax;
            est = hi - hi / 8 + lo / 2;
            if (est < hi) est = hi;
            amp_ref = (est > 131071) ? 131071 : est;
        end
    endfunction

    `include "tb_common.vh"

    // Checks the amplitude port of one oscillator against amp_ref and against the true magnitude
    // (-3%/+1%, plus one LSB for the floor shifts); counts into amp_errs / est_errs.
    task check_amp;
        input integer xv;
        input integer yv;
        input integer av;
        begin
            if (av != amp_ref(xv, yv)) amp_errs = amp_errs + 1;
            r = $sqrt($itor(xv) * $itor(xv) + $itor(yv) * $itor(yv));
            if ($itor(av) < 0.97 * r - 1.0 || $itor(av) > 1.01 * r + 1.0) est_errs = est_errs + 1;
        end
    endtask

    initial begin
        // Index: 0..4 MU 1, 2, 3 (theta), 4, 6 at OMEGA_DT 152; 5 fast gamma; 6 low beta.
        mu_of[0] = 1; mu_of[1] = 2; mu_of[2] = 3; mu_of[3] = 4; mu_of[4] = 6; mu_of[5] = 3;
        mu_of[6] = 3;
        for (m = 0; m < 5; m = m + 1) omega_of[m] = 152;
        omega_of[5] = 1681;
        omega_of[6] = 397;
        run_len[0] = BANK_LEN; run_len[1] = BANK_LEN; run_len[2] = THETA_LEN;
        run_len[3] = BANK_LEN; run_len[4] = BANK_LEN; run_len[5] = GAMMA_LEN;
        run_len[6] = BANK_LEN;
        @(negedge clk);

        // ============================================================ phase A
        // --- reset state: x = 0.5, y = 0 ---
        clk_en = 1'b1;
        do_reset;
        check("reset_x_is_8192", x == 18'sd8192);
        check("reset_y_is_0", y == 18'sd0);
        check("reset_amplitude_is_8192", amplitude == 18'sd8192);

        // --- exact first steps, mu_dt 4, omega_dt 152, input_x 0 ---
        // tick 1: r2 = 4096, dx = 2 (mu), dy = 76 (omega), damping floors to 0.
        clock;
        check("tick1_x_8194", x == 18'sd8194);
        check("tick1_y_76", y == 18'sd76);
        check("tick1_amplitude_8194", amplitude == 18'sd8194);
        clock;
        check("tick2_x_8196", x == 18'sd8196);
        check("tick2_y_152", y == 18'sd152);
        clock;
        check("tick3_x_8197", x == 18'sd8197);
        check("tick3_y_228", y == 18'sd228);
        check("tick3_amplitude_8197", amplitude == 18'sd8197);

        // --- clk_en low holds both registers ---
        clk_en = 1'b0;
        errs = 0;
        for (k = 0; k < 20; k = k + 1) begin
            clock;
            if (x != 18'sd8197 || y != 18'sd228) errs = errs + 1;
        end
        check("holds_with_clk_en_low", errs == 0);

        // --- enable every third clock: the trajectory is the same as enabling every clock ---
        for (k = 0; k < 30; k = k + 1) begin
            clk_en = (k % 3) == 2;
            clock;
        end
        clk_en = 1'b1;
        // 10 enabled edges after tick 3 = tick 13; compare with a fresh run of 13 ticks.
        xi = x;
        yi = y;
        do_reset;
        for (k = 0; k < 13; k = k + 1) clock;
        check("sparse_clk_en_same_trajectory", x == xi && y == yi);

        // --- synchronous reset wins over clk_en low ---
        clk_en = 1'b0;
        rst = 1'b1;
        #1;
        check("reset_waits_for_the_edge", x == xi);
        clock;
        rst = 1'b0;
        check("reset_wins_over_clk_en_low", x == 18'sd8192 && y == 18'sd0);
        clk_en = 1'b1;

        // --- mu 0, omega 0: x = 0.5 is a fixed point (damping floors to 0) ---
        mu_dt = 18'sd0;
        omega_dt = 18'sd0;
        errs = 0;
        for (k = 0; k < 100; k = k + 1) begin
            clock;
            if (x != 18'sd8192 || y != 18'sd0) errs = errs + 1;
        end
        check("mu0_omega0_fixed_point", errs == 0);

        // --- positive saturation: input_x = +7.99994 every tick, x must never wrap ---
        mu_dt = 18'sd4;
        omega_dt = 18'sd152;
        input_x = 18'sd131071;
        do_reset;
        clock;
        check("sat_pos_tick1_clamps_to_131071", x == 18'sd131071);
        // y rotates with x_half = sat18(x_sum) = 131071: 152 * 131071 >>> 14 = 1215.
        check("sat_pos_tick1_y_1215", y == 18'sd1215);
        clock;
        // tick 2: r2 = 1048650 > 1.0625, correction factor clamps to 0.5.
        check("sat_pos_tick2_corrected_130057", x == 18'sd130057);
        check("sat_pos_tick2_y_1206", y == 18'sd1206);
        errs = 0;
        amp_errs = 0;
        est_errs = 0;
        for (k = 0; k < 1000; k = k + 1) begin
            clock;
            if (x < 18'sd120000) errs = errs + 1;
            check_amp(x, y, amplitude);
        end
        check("sat_pos_x_never_wraps", errs == 0);
        check("sat_pos_amplitude_formula", amp_errs == 0 && est_errs == 0);

        // --- negative saturation: input_x = -8.0 every tick ---
        input_x = -18'sd131072;
        do_reset;
        clock;
        check("sat_neg_tick1_x_-122878", x == -18'sd122878);
        // x_half = -122878: 152 * -122878 >>> 14 = -1140 (floor).
        check("sat_neg_tick1_y_-1140", y == -18'sd1140);
        errs = 0;
        for (k = 0; k < 1000; k = k + 1) begin
            clock;
            if (x > -18'sd120000) errs = errs + 1;
        end
        check("sat_neg_x_never_wraps", errs == 0);

        // --- input_x is added once per step: a one-tick pulse moves x by exactly the pulse, and
        // y rotates with that same x (x_half = 9194: 152 * 9194 >>> 14 = 85, not 76) ---
        input_x = 18'sd0;
        do_reset;
        input_x = 18'sd1000;
        clock;
        input_x = 18'sd0;
        check("input_x_pulse_adds_1000", x == 18'sd9194 && y == 18'sd85);

        // ============================================================ phase B
        rst_b = 1'b1;
        en_theta = 1'b1;
        en_bank = 1'b1;
        en_gamma = 1'b1;
        clock;
        rst_b = 1'b0;
        check("bank_reset_state",
              x1 == 18'sd8192 && x2 == 18'sd8192 && x3 == 18'sd8192 && x4 == 18'sd8192
              && x6 == 18'sd8192 && xg == 18'sd8192 && y1 == 18'sd0 && yg == 18'sd0);

        for (m = 0; m < NOSC; m = m + 1) begin
            amp_lo[m] = 131071;
            amp_hi[m] = 0;
            late_lo[m] = 131071;
            late_hi[m] = 0;
            late_sum[m] = 0;
            late_r[m] = 0.0;
        end
        cross3 = 0;
        crossg = 0;
        t_first3 = -1.0;
        t_firstg = -1.0;
        t_last3 = 0.0;
        t_lastg = 0.0;
        amp_errs = 0;
        est_errs = 0;
        prev_x3 = x3;
        prev_xg = xg;
        for (k = 1; k <= THETA_LEN; k = k + 1) begin
            // Each group stops (clk_en low) after its run, to keep the simulation short.
            en_bank = k <= BANK_LEN;
            en_gamma = k <= GAMMA_LEN;
            clock;
            if (k % 2 == 0) check_amp(x3, y3, a3);   // every 2nd tick: keeps Icarus near 5 s
            if (k <= BANK_LEN && k % 8 == 0) begin  // every 8th tick: keeps Icarus fast
                check_amp(x1, y1, a1);
                check_amp(x2, y2, a2);
                check_amp(x4, y4, a4);
                check_amp(x6, y6, a6);
                check_amp(xb, yb, ab);
            end
            if (k <= GAMMA_LEN) check_amp(xg, yg, ag);
            if (k > SETTLE) begin
                // Rising zero crossings (x < 0 then x >= 0), located by linear interpolation.
                xi = x3;
                if (prev_x3 < 0 && xi >= 0) begin
                    cross3 = cross3 + 1;
                    t = $itor(k - 1) + $itor(-prev_x3) / $itor(xi - prev_x3);
                    if (t_first3 < 0.0) t_first3 = t;
                    t_last3 = t;
                end
                xi = xg;
                if (k <= GAMMA_LEN && prev_xg < 0 && xi >= 0) begin
                    crossg = crossg + 1;
                    t = $itor(k - 1) + $itor(-prev_xg) / $itor(xi - prev_xg);
                    if (t_firstg < 0.0) t_firstg = t;
                    t_lastg = t;
                end
                for (m = 0; m < NOSC; m = m + 1) begin
                    case (m)
                        0: begin xi = x1; yi = y1; ai = a1; end
                        1: begin xi = x2; yi = y2; ai = a2; end
                        2: begin xi = x3; yi = y3; ai = a3; end
                        3: begin xi = x4; yi = y4; ai = a4; end
                        4: begin xi = x6; yi = y6; ai = a6; end
                        5: begin xi = xg; yi = yg; ai = ag; end
                        default: begin xi = xb; yi = yb; ai = ab; end
                    endcase
                    if (k <= run_len[m]) begin
                        if (ai < amp_lo[m]) amp_lo[m] = ai;
                        if (ai > amp_hi[m]) amp_hi[m] = ai;
                        if (k > run_len[m] - LATE) begin
                            if (ai < late_lo[m]) late_lo[m] = ai;
                            if (ai > late_hi[m]) late_hi[m] = ai;
                            late_sum[m] = late_sum[m] + ai;
                            late_r[m] = late_r[m]
                                      + $sqrt($itor(xi) * $itor(xi) + $itor(yi) * $itor(yi));
                        end
                    end
                end
            end
            if (k == BANK_LEN) begin
                xh1 = x1;
                yh1 = y1;
            end
            prev_x3 = x3;
            prev_xg = xg;
        end

        check("amplitude_port_formula", amp_errs == 0);
        if (est_errs != 0) $display("FAIL detail: %0d estimates outside -3%%/+1%%", est_errs);
        check("amplitude_within_-3_+1_percent", est_errs == 0);

        // --- section 2.1: theta 5.89 Hz (OMEGA_DT 152), fast gamma 65.3 Hz (OMEGA_DT 1681) ---
        f3 = (cross3 > 1) ? $itor(cross3 - 1) * 4000.0 / (t_last3 - t_first3) : 0.0;
        fg = (crossg > 1) ? $itor(crossg - 1) * 4000.0 / (t_lastg - t_firstg) : 0.0;
        if (cross3 < 58 || cross3 > 60)
            $display("FAIL detail: theta rising crossings in 10 s = %0d", cross3);
        check("theta_59_crossings_in_10_s", cross3 >= 58 && cross3 <= 60);
        if (f3 < 5.89 * 0.99 || f3 > 5.89 * 1.01) $display("FAIL detail: theta at %f Hz", f3);
        check("theta_5_89_hz_within_1_percent", f3 >= 5.89 * 0.99 && f3 <= 5.89 * 1.01);
        if (fg < 65.3 * 0.99 || fg > 65.3 * 1.01) $display("FAIL detail: gamma at %f Hz", fg);
        check("gamma_65_3_hz_within_1_percent", fg >= 65.3 * 0.99 && fg <= 65.3 * 1.01);
        // The bank stopped with clk_en low: its registers held.
        check("bank_held_after_clk_en_low", x1 == xh1 && y1 == yh1);

        // --- bit-exact end states, cross-checked with the Rust model (phin-core HopfOscillator
        // from reset, input_x 0, same MU/OMEGA_DT, same number of ticks); any change to the
        // arithmetic of either side moves these. Stopped groups hold their last state. ---
        check("exact_mu1_tick16000", x1 == -18'sd5876 && y1 == -18'sd5554 && a1 == 18'sd7919);
        check("exact_mu2_tick16000", x2 == -18'sd8175 && y2 == -18'sd7948 && a2 == 18'sd11128);
        check("exact_mu4_tick16000", x4 == -18'sd11633 && y4 == -18'sd11316 && a4 == 18'sd15837);
        check("exact_mu6_tick16000", x6 == -18'sd11742 && y6 == -18'sd11030 && a6 == 18'sd15790);
        check("exact_theta_tick44000", x3 == 18'sd13929 && y3 == -18'sd2954 && a3 == 18'sd13929);
        check("exact_gamma_tick16000", xg == -18'sd9689 && yg == 18'sd9719 && ag == 18'sd13349);
        check("exact_beta_tick16000", xb == -18'sd4215 && yb == -18'sd13461 && ab == 18'sd13886);

        // --- section 8.2/8.3: bounded amplitude for every MU and band ---
        errs = 0;
        for (m = 0; m < NOSC; m = m + 1) begin
            if (amp_lo[m] < 4 * Q14 / 10 || amp_hi[m] > 11 * Q14 / 10) begin
                errs = errs + 1;
                $display("FAIL detail: MU %0d OMEGA_DT %0d amplitude %0d..%0d (Q14)", mu_of[m],
                         omega_of[m], amp_lo[m], amp_hi[m]);
            end
        end
        check("amplitude_in_0_4_1_1_for_every_mu", errs == 0);
        check("mu4_settles_near_r_1", late_lo[3] >= 9 * Q14 / 10 && late_hi[3] <= 11 * Q14 / 10);
        check("settled_amplitude_grows_with_mu",
              late_sum[0] < late_sum[1] && late_sum[1] < late_sum[2] && late_sum[2] < late_sum[3]);

        // --- the Hopf fixed point r = sqrt(mu_dt / DT) = sqrt(MU / 4) at every frequency: the
        // mean true magnitude over the last second is within 5% for MU 1, 2, 3, 4 at theta
        // (OMEGA_DT 152), and for MU 3 at low beta (397) and fast gamma (1681) ---
        errs = 0;
        for (m = 0; m < 5; m = m + 1) begin   // the OMEGA_DT 152 group
            if (mu_of[m] <= 4) begin
                r_mean = late_r[m] / $itor(LATE) / $itor(Q14);
                r_want = $sqrt($itor(mu_of[m]) / 4.0);
                if (r_mean < 0.95 * r_want || r_mean > 1.05 * r_want) begin
                    errs = errs + 1;
                    $display("FAIL detail: MU %0d OMEGA_DT %0d settles at r = %f, want %f",
                             mu_of[m], omega_of[m], r_mean, r_want);
                end
            end
        end
        check("amplitude_is_sqrt_mu_over_4_theta", errs == 0);
        r_mean = late_r[5] / $itor(LATE) / $itor(Q14);
        if (r_mean < 0.95 * $sqrt(0.75) || r_mean > 1.05 * $sqrt(0.75))
            $display("FAIL detail: fast gamma settles at r = %f, want %f", r_mean, $sqrt(0.75));
        check("amplitude_is_sqrt_3_4_fast_gamma",
              r_mean >= 0.95 * $sqrt(0.75) && r_mean <= 1.05 * $sqrt(0.75));
        r_mean = late_r[6] / $itor(LATE) / $itor(Q14);
        if (r_mean < 0.95 * $sqrt(0.75) || r_mean > 1.05 * $sqrt(0.75))
            $display("FAIL detail: low beta settles at r = %f, want %f", r_mean, $sqrt(0.75));
        check("amplitude_is_sqrt_3_4_low_beta",
              r_mean >= 0.95 * $sqrt(0.75) && r_mean <= 1.05 * $sqrt(0.75));
        // MU 6 asks for r = 1.22; above r^2 = 1.0625 the correction holds it near 1, at least at
        // the MU 4 level (within 1%).
        r_mean = late_r[4] / $itor(LATE) / $itor(Q14);
        if (r_mean < 0.9 || r_mean > 1.05) $display("FAIL detail: MU 6 settles at r = %f", r_mean);
        check("mu6_held_in_0_9_1_05", r_mean >= 0.9 && r_mean <= 1.05);
        check("mu6_held_by_the_correction",
              late_hi[4] <= 11 * Q14 / 10 && late_sum[4] >= late_sum[3] - late_sum[3] / 100);

        $display("tb_hopf_oscillator: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #5000000;
        $display("FAIL watchdog");
        $display("tb_hopf_oscillator: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
