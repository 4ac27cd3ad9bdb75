// tb_output_mixer: self-checking testbench for rtl/output_mixer.v
// (contract: docs/spec/output_mixer.md). Runs under Verilator (--binary) and Icarus (-g2005);
// prints one line per failing check and ends with "tb_output_mixer: N passed, N failed".
//
// Checks: the section 9.3 weights (theta 328, alpha 492, beta 328, gamma 164, pink 15073) and
// the envelope product; the MU scaling MU/3 of every band (section 8.3's 0.33, 0.67, 1.0, 1.33,
// 2.0; MU clamped to 0..8); the SR fundamental at 0.02 reaches the mix only with a non-zero SIE
// gain; the distributed SIE boost 1.0-1.4x on the oscillators and the SR only; the soft
// limiter is odd (exactly negated inputs give exactly negated outputs on a lattice where the
// mix is exact), continuous (a sweep of pink_in over its whole range never moves mixed_out by
// more than the pre-limiter mix moved) and 2:1 above 0.75; the DAC is (mixed + 1.0) * 2048,
// monotone over the sweep, and never wraps: full-scale inputs give 4095 and 0, not the other end.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_output_mixer;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] th, al, be, ga, pk, eth, eal, ebe, ega, sg, sr;
    reg signed [17:0] mth, mal, mbe, mga;
    wire signed [17:0] mixed_out;
    wire [11:0] dac;

    output_mixer dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .theta_in(th), .alpha_in(al), .beta_in(be), .gamma_in(ga), .pink_in(pk),
        .env_theta(eth), .env_alpha(eal), .env_beta(ebe), .env_gamma(ega), .sie_gain(sg),
        .sr_in(sr), .mu_theta(mth), .mu_alpha(mal), .mu_beta(mbe), .mu_gamma(mga),
        .mixed_out(mixed_out), .dac_output(dac)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, j, p, errs, mono, lip, dac_errs, raw, prev_raw, prev_m, prev_d, pos, knee;
    integer m_pos;

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
        end
    endtask

    task quiet;  // bands 0, envelopes 1.0, MU 3 (gain 1.0), no SIE, no SR, no pink
        begin
            {th, al, be, ga, pk, sg, sr} = 126'd0;
            {eth, eal, ebe, ega} = {4{18'sd16384}};
            {mth, mal, mbe, mga} = {4{18'sd3}};
        end
    endtask

    // The limiter of the spec, on an integer mix.
    function integer lim_ref;
        input integer x;
        integer m;
        begin
            m = (x < 0) ? -x : x;
            if (m > 12288) m = 12288 + ((m - 12288) >>> 1);
            lim_ref = (x < 0) ? -m : m;
        end
    endfunction

    function integer dac_ref;
        input integer m;
        integer d;
        begin
            d = (m + 16384) >>> 3;
            dac_ref = (d < 0) ? 0 : (d > 4095) ? 4095 : d;
        end
    endfunction

    initial begin
        quiet;
        rst = 1'b1;
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("reset_mid_scale", dac == 2048 && mixed_out == 0);

        // Weights, one band at 1.0 with envelope 1.0.
        th = 18'sd16384; tick; k = mixed_out;
        th = 0; al = 18'sd16384; tick; j = mixed_out;
        al = 0; be = 18'sd16384; tick; p = mixed_out;
        be = 0; ga = 18'sd16384; tick; errs = mixed_out;
        check("weights_328_492_328_164", k == 328 && j == 492 && p == 328 && errs == 164);
        quiet; pk = 18'sd16384; tick;
        check("pink_weight_15073", mixed_out == lim_ref(15073));
        quiet; al = 18'sd16384; eal = 18'sd24576; tick;
        check("envelope_1_5_scales_band", mixed_out == 738);
        quiet; {th, al, be, ga} = {4{18'sd16384}}; sg = 18'sd16384; tick;
        check("sie_boost_1_4", mixed_out == (1312 * 22938) / 16384);
        sg = -18'sd100; tick;
        check("negative_gain_is_boost_1_0", mixed_out == 1312);
        sg = 18'sd100000; tick;
        check("gain_above_1_is_boost_1_4", mixed_out == (1312 * 22938) / 16384);
        quiet; pk = 18'sd16384; sg = 18'sd16384; tick;
        check("boost_leaves_pink_alone", mixed_out == lim_ref(15073));

        // MU scaling: (clamp(MU, 0, 8) * 21846) >>> 2, then the weight.
        quiet; al = 18'sd16384; mal = 18'sd6; tick;
        check("mu_6_doubles_alpha", mixed_out == ((16384 * 32769) / 16384) * 492 / 16384);
        mal = 18'sd1; tick;
        check("mu_1_is_a_third", mixed_out == ((16384 * 5461) / 16384) * 492 / 16384);
        mal = 18'sd2; tick; k = mixed_out;
        mal = 18'sd4; tick; j = mixed_out;
        check("mu_2_and_4_are_0_67_and_1_33", k == 328 && j == 656);
        mal = -18'sd5; tick; k = mixed_out;
        mal = 18'sd131071; tick; j = mixed_out;
        check("mu_clamped_to_0_and_8", k == 0 && j == ((16384 * 43692) / 16384) * 492 / 16384);
        quiet; th = 18'sd16384; mth = 18'sd1; be = 18'sd16384; mbe = 18'sd6; tick;
        check("mu_per_band", mixed_out == 109 + 656);
        quiet; ga = 18'sd131071; ega = 18'sd24576; mga = 18'sd8; tick;
        check("scaled_band_saturates", mixed_out == (131071 * 164) / 16384);

        // The SR fundamental: 0.02 of sr_in, times the SIE gain, boosted.
        quiet; sr = 18'sd16384; tick;
        check("no_sr_without_sie_gain", mixed_out == 0);
        sg = 18'sd8192; tick;
        check("sr_half_gain_boost_1_2", mixed_out == (164 * 19661) / 16384);
        sg = 18'sd16384; tick;
        check("sr_full_gain_boost_1_4", mixed_out == (328 * 22938) / 16384);
        sr = -18'sd16384; tick;
        k = -328 * 22938;
        check("sr_negative_floors", mixed_out == (k >>> 14));

        // Odd: exactly negated exact mixes (theta 2048k -> 41k, pink 16384j -> 15073j).
        errs = 0;
        for (k = -63; k <= 63; k = k + 1)
            for (j = -7; j <= 7; j = j + 1) begin
                quiet; th = 2048 * k; pk = 16384 * j; tick;
                m_pos = mixed_out;
                if (mixed_out != lim_ref(41 * k + 15073 * j)) errs = errs + 1;
                quiet; th = -2048 * k; pk = -16384 * j; tick;
                if (mixed_out != -m_pos) errs = errs + 1;
            end
        check("limiter_is_odd", errs == 0);

        // Sweep pink_in over its whole range: continuous, monotone, 2:1 above the knee, DAC ok.
        quiet;
        mono = 0; lip = 0; dac_errs = 0; errs = 0; knee = 0;
        prev_raw = 0; prev_m = 0; prev_d = 0;
        for (p = -131072; p <= 131071; p = p + 5) begin
            pk = p;
            tick;
            raw = (p * 15073) >>> 14;
            if (mixed_out != lim_ref(raw)) errs = errs + 1;
            if (p > -131072) begin
                if (mixed_out < prev_m || dac < prev_d) mono = mono + 1;
                if (mixed_out - prev_m > raw - prev_raw) lip = lip + 1;
            end
            if (dac != dac_ref(mixed_out)) dac_errs = dac_errs + 1;
            if (raw > 12288 && (mixed_out - 12288) * 2 - (raw - 12288) > 1) knee = knee + 1;
            if (raw >= -12288 && raw <= 12288 && mixed_out != raw) knee = knee + 1;
            prev_raw = raw; prev_m = mixed_out; prev_d = dac;
        end
        check("limiter_follows_spec_over_sweep", errs == 0);
        check("limiter_is_continuous", lip == 0);
        check("limiter_and_dac_are_monotone", mono == 0);
        check("limiter_is_2_to_1_above_0_75", knee == 0);
        check("dac_is_mixed_plus_1_times_2048", dac_errs == 0);

        // Full-scale inputs: the DAC clamps at the rail it is driven to.
        {th, al, be, ga, pk, sr} = {6{18'sd131071}}; {eth, eal, ebe, ega, sg} = {5{18'sd131071}};
        tick;
        check("dac_positive_full_scale_is_4095", dac == 4095 && mixed_out > 0);
        {th, al, be, ga, pk, sr} = {6{-18'sd131072}};
        tick;
        check("dac_negative_full_scale_is_0", dac == 0 && mixed_out < 0);
        {eth, eal, ebe, ega} = {4{-18'sd131072}}; pk = 18'sd131071;
        tick;
        check("negated_envelopes_stay_on_the_rail", dac == 4095);

        $display("tb_output_mixer: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #5000000;
        $display("FAIL watchdog");
        $display("tb_output_mixer: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
