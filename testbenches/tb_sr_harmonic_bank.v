// tb_sr_harmonic_bank: self-checking testbench for rtl/sr_harmonic_bank.v
// (contract: docs/spec/sr_harmonic_bank.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_sr_harmonic_bank: N passed, N failed".
//
// A coherent SR field for f0: the theta target is fed f0's own x, y every tick (phase-locked,
// amplitude ~1; MU 6 for a fast start), the other targets are 0. Each run starts from reset and lasts RUN ticks; the
// registered coherence and gain of f0 are checked every tick against a reference computed here
// from the section 4.1 formulas, then the run's end state is checked: beta quiet (0.12) gives a
// rising gain and the SIE flag, beta at 0.61 a smaller gain, beta loud (0.98) a zero gain; the
// enhancement is 2.7x (table) or BASE + K x (1 - stability) (adaptive). Stimulus changes on the
// falling edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_sr_harmonic_bank;
    localparam integer RUN = 4000;

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] theta_x = 0, theta_y = 0;
    reg signed [17:0] beta_amplitude = 0;
    reg signed [17:0] sr_field_input = 0;
    reg signed [17:0] stab0 = 0;
    reg adaptive_en = 1'b0;

    wire signed [17:0] f0_x, f0_y, f0_a, f1_x, f1_y, f1_a, f2_x, f2_y, f2_a, f3_x, f3_y, f3_a;
    wire signed [17:0] f4_x, f4_y, f4_a;
    wire signed [17:0] c0, c1, c2, c3, c4, g0, g1, g2, g3, g4, ge0, ge1, ge2, ge3, ge4;
    wire [4:0] sie, mask;
    wire quiet;
    wire signed [17:0] sr_coh, sr_amp;
    wire signed [89:0] fx_packed, coh_packed;

    sr_harmonic_bank dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(18'sd6),
        .omega_dt_f0(18'sd196), .omega_dt_f1(18'sd354), .omega_dt_f2(18'sd514),
        .omega_dt_f3(18'sd643), .omega_dt_f4(18'sd823),
        .noise_f0(18'sd0), .noise_f1(18'sd0), .noise_f2(18'sd0), .noise_f3(18'sd0), .noise_f4(18'sd0),
        .sr_field_input(sr_field_input),
        .sr_field_f0(18'sd0), .sr_field_f1(18'sd0), .sr_field_f2(18'sd0), .sr_field_f3(18'sd0),
        .sr_field_f4(18'sd0),
        .theta_x(theta_x), .theta_y(theta_y), .alpha_x(18'sd0), .alpha_y(18'sd0),
        .low_beta_x(18'sd0), .low_beta_y(18'sd0), .high_beta_x(18'sd0), .high_beta_y(18'sd0),
        .gamma_x(18'sd0), .gamma_y(18'sd0),
        .beta_amplitude(beta_amplitude), .adaptive_en(adaptive_en),
        .stability_f0(stab0), .stability_f1(18'sd0), .stability_f2(18'sd0), .stability_f3(18'sd0),
        .stability_f4(18'sd0),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_a), .f1_x(f1_x), .f1_y(f1_y), .f1_amplitude(f1_a),
        .f2_x(f2_x), .f2_y(f2_y), .f2_amplitude(f2_a), .f3_x(f3_x), .f3_y(f3_y), .f3_amplitude(f3_a),
        .f4_x(f4_x), .f4_y(f4_y), .f4_amplitude(f4_a),
        .coherence_f0(c0), .coherence_f1(c1), .coherence_f2(c2), .coherence_f3(c3), .coherence_f4(c4),
        .gain_f0(g0), .gain_f1(g1), .gain_f2(g2), .gain_f3(g3), .gain_f4(g4),
        .gain_enh_f0(ge0), .gain_enh_f1(ge1), .gain_enh_f2(ge2), .gain_enh_f3(ge3), .gain_enh_f4(ge4),
        .sie_per_harmonic(sie), .coherence_mask(mask), .beta_quiet(quiet),
        .sr_coherence(sr_coh), .sr_amplification(sr_amp),
        .sr_f_x_packed(fx_packed), .sr_coherence_packed(coh_packed)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer coh_errs, gain_errs, enh_errs;
    integer gain_quiet, gain_half, gain_early;
    reg signed [63:0] dot, mag, coh_ref, cf, bf, gr, gq, en, ge_ref;

    `include "tb_common.vh"

    // Floor shift of a signed 64-bit value (>>> on a signed reg).
    function signed [63:0] fl14;
        input signed [63:0] v;
        begin
            fl14 = v >>> 14;
        end
    endfunction

    // One tick with the theta target locked to f0, checked against the section 4.1 reference.
    task tick;
        begin
            theta_x = f0_x;
            theta_y = f0_y;
            #1;
            dot = theta_x * f0_x + theta_y * f0_y;
            mag = (dot < 0) ? -dot : dot;
            coh_ref = fl14(mag);
            if (coh_ref > 131071) coh_ref = 131071;
            cf = (coh_ref < 8192) ? 0 : (coh_ref < 16384) ? (coh_ref - 8192) * 2 : 16384;
            bf = (beta_amplitude < 15360) ? 16384 - fl14(((beta_amplitude < 0) ? 0 : beta_amplitude) * 17476) : 0;
            gr = fl14(cf * bf);
            gq = fl14(gr * 7929);
            en = !((beta_amplitude < 15360) && (coh_ref > 12288)) ? 16384 :
                 adaptive_en ? 19661 + fl14(29491 * (16384 - ((stab0 < 0) ? 0 : (stab0 > 16384) ? 16384 : stab0))) : 44237;
            ge_ref = fl14(gq * en);
            @(posedge clk);
            @(negedge clk);
            if (c0 != coh_ref) coh_errs = coh_errs + 1;
            if (g0 != gq) gain_errs = gain_errs + 1;
            if (ge0 != ge_ref) enh_errs = enh_errs + 1;
        end
    endtask

    task run;
        input signed [17:0] beta;
        input               adaptive;
        input signed [17:0] stab;
        begin
            beta_amplitude = beta;
            adaptive_en = adaptive;
            stab0 = stab;
            clk_en = 1'b0;
            rst = 1'b1;
            @(posedge clk);
            @(negedge clk);
            rst = 1'b0;
            clk_en = 1'b1;
            coh_errs = 0; gain_errs = 0; enh_errs = 0;
            for (k = 0; k < RUN; k = k + 1) begin
                tick;
                if (k == 10) gain_early = g0;
            end
        end
    endtask

    initial begin
        @(negedge clk);
        rst = 1'b1;
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("reset_registers_zero", c0 == 0 && g0 == 0 && ge0 == 0 && sie == 0 && !quiet);
        check("reset_oscillators", f0_x == 8192 && f0_y == 0 && f4_x == 8192);

        // The broadband field reaches each mode scaled by the amplitude hierarchy.
        sr_field_input = 18'sd16384;
        #1;
        check("drive_f0_is_1_0", dut.drive_f0 == 16384);
        check("drive_f1_is_0_85", dut.drive_f1 == 13926);
        check("drive_f4_is_0_06", dut.drive_f4 == 983);
        sr_field_input = 18'sd0;

        // Beta quiet (0.12): coherent field, gain rises.
        run(18'sd2000, 1'b0, 18'sd0);
        check("quiet_coherence_exact", coh_errs == 0);
        check("quiet_gain_exact", gain_errs == 0);
        check("quiet_enhanced_gain_exact", enh_errs == 0);
        check("quiet_flag", quiet == 1'b1);
        check("quiet_coherent_f0_above_0_75", c0 > 12288);
        check("quiet_gain_rises", g0 > 4000 && g0 > gain_early);
        check("quiet_sie_f0_only", sie == 5'b00001 && mask[0] == 1'b1);
        check("quiet_static_enhance_2_7", ge0 == ((g0 * 44237) >>> 14));
        check("quiet_other_harmonics_zero", g1 == 0 && g2 == 0 && g3 == 0 && g4 == 0);
        check("packed_slices", fx_packed[17:0] == f0_x && coh_packed[17:0] == c0 &&
                               fx_packed[89:72] == f4_x);
        check("sr_coherence_is_max", sr_coh == c0);
        gain_quiet = g0;

        // Beta at 0.61 (10000): still quiet, smaller gain.
        run(18'sd10000, 1'b0, 18'sd0);
        check("half_gain_exact", gain_errs == 0 && coh_errs == 0);
        gain_half = g0;
        check("louder_beta_smaller_gain", gain_half > 0 && gain_half < gain_quiet);

        // Beta loud (0.98): gain 0 whatever the coherence.
        run(18'sd16000, 1'b0, 18'sd0);
        check("loud_gain_exact", gain_errs == 0 && coh_errs == 0 && enh_errs == 0);
        check("loud_gain_zero", g0 == 0 && ge0 == 0 && sr_amp == 0);
        check("loud_no_sie", sie == 0 && !quiet);
        check("loud_coherence_still_high", c0 > 12288 && mask[0] == 1'b1);

        // Beta at the threshold itself is loud.
        run(18'sd15360, 1'b0, 18'sd0);
        check("threshold_is_loud", g0 == 0 && !quiet);

        // Adaptive: stability 0 -> 3.0x, stability 1 -> 1.2x.
        run(18'sd2000, 1'b1, 18'sd0);
        check("adaptive_exact", enh_errs == 0);
        check("adaptive_unstable_3_0", ge0 == ((g0 * 49152) >>> 14));
        run(18'sd2000, 1'b1, 18'sd16384);
        check("adaptive_stable_1_2", enh_errs == 0 && ge0 == ((g0 * 19661) >>> 14));

        $display("tb_sr_harmonic_bank: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
