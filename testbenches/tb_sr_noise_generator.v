// tb_sr_noise_generator: self-checking testbench for rtl/sr_noise_generator.v
// (contract: docs/spec/sr_noise_generator.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_sr_noise_generator: N passed, N failed".
//
// The five LFSR registers are read hierarchically (dut.u_lfsr_fN.lfsr) and checked against a
// reference LFSR in this file advanced 16 single shifts per tick (STEPS = 16); the outputs are
// checked against {9'b0, lfsr[8:0]} - 256 over one full period (65535 ticks), and channel f0 is
// checked to be white (lag-1 autocorrelation near 0; a one-shift LFSR gives 0.5). Stimulus changes on the falling edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_sr_noise_generator;
    localparam integer PERIOD = 65535;

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;

    wire signed [17:0] noise_f0, noise_f1, noise_f2, noise_f3, noise_f4;

    sr_noise_generator dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .noise_f0(noise_f0), .noise_f1(noise_f1), .noise_f2(noise_f2),
        .noise_f3(noise_f3), .noise_f4(noise_f4)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer c;
    integer errs;
    integer range_errs;
    integer reg_errs;
    integer out_errs;
    integer v;
    reg [15:0] l;
    reg [15:0] ref_lfsr [0:4];
    reg [15:0] seed [0:4];
    integer sum [0:4];
    integer vmin [0:4];
    integer vmax [0:4];
    integer prev [0:4];
    real    prod01, prod12, prod23, prod34, norm;
    integer prev0;                       // f0 sample of the previous tick
    real    s0, ss0, lag0;               // f0: sum, sum of squares, sum of lag-1 products
    real    mean0, var0, cov0, r1;

    // One single shift of x^16 + x^14 + x^13 + x^11 + 1.
    function [15:0] lfsr_next;
        input [15:0] s;
        begin
            lfsr_next = {s[14:0], s[15] ^ s[13] ^ s[12] ^ s[10]};
        end
    endfunction

    // One tick of the generator's LFSRs: 16 single shifts.
    function [15:0] lfsr_next16;
        input [15:0] s;
        integer i;
        begin
            lfsr_next16 = s;
            for (i = 0; i < 16; i = i + 1) lfsr_next16 = lfsr_next(lfsr_next16);
        end
    endfunction

    // The same map as a table, for the full-period loop (16 function shifts per channel per tick
    // would double the Icarus run time): walk the single-shift sequence from 0xACE1 once;
    // state walk[n] is followed 16 shifts later by walk[n + 16 mod 65535].
    reg [15:0] walk [0:PERIOD-1];
    reg [15:0] next16_tab [0:65535];
    integer n;
    integer walk_ok;

    // The LFSR register of channel n, read through the hierarchy.
    function [15:0] lfsr_of;
        input integer n;
        begin
            case (n)
                0: lfsr_of = dut.u_lfsr_f0.lfsr;
                1: lfsr_of = dut.u_lfsr_f1.lfsr;
                2: lfsr_of = dut.u_lfsr_f2.lfsr;
                3: lfsr_of = dut.u_lfsr_f3.lfsr;
                default: lfsr_of = dut.u_lfsr_f4.lfsr;
            endcase
        end
    endfunction

    // The output port of channel n, sign-extended to an integer.
    function integer noise_of;
        input integer n;
        begin
            case (n)
                0: noise_of = noise_f0;
                1: noise_of = noise_f1;
                2: noise_of = noise_f2;
                3: noise_of = noise_f3;
                default: noise_of = noise_f4;
            endcase
        end
    endfunction

    `include "tb_common.vh"

    initial begin
        seed[0] = 16'hACE1;
        seed[1] = 16'h7B3F;
        seed[2] = 16'hD4A9;
        seed[3] = 16'h1E6C;
        seed[4] = 16'h92F5;
        l = 16'hACE1;
        for (n = 0; n < PERIOD; n = n + 1) begin
            walk[n] = l;
            l = lfsr_next(l);
        end
        walk_ok = l == 16'hACE1;            // the single-shift sequence closes after 65535
        next16_tab[0] = 16'h0000;
        for (n = 0; n < PERIOD; n = n + 1) next16_tab[walk[n]] = walk[(n + 16) % PERIOD];
        for (n = 0; n < 64; n = n + 1)       // the table against the 16-shift function
            if (next16_tab[walk[n * 1021]] != lfsr_next16(walk[n * 1021])) walk_ok = 0;
        @(negedge clk);
        clk_en = 1'b1;
        check("reference_table_is_16_shifts", walk_ok != 0);

        // --- reset: the seeds of section 4.3, and the outputs they imply ---
        do_reset;
        check("reset_seed_f0_ace1", dut.u_lfsr_f0.lfsr == 16'hACE1);
        check("reset_seed_f1_7b3f", dut.u_lfsr_f1.lfsr == 16'h7B3F);
        check("reset_seed_f2_d4a9", dut.u_lfsr_f2.lfsr == 16'hD4A9);
        check("reset_seed_f3_1e6c", dut.u_lfsr_f3.lfsr == 16'h1E6C);
        check("reset_seed_f4_92f5", dut.u_lfsr_f4.lfsr == 16'h92F5);
        // 0xACE1[8:0] = 225 -> -31; 0x7B3F -> 63; 0xD4A9 -> -87; 0x1E6C -> -148; 0x92F5 -> -11
        check("reset_outputs",
              noise_f0 == -18'sd31 && noise_f1 == 18'sd63 && noise_f2 == -18'sd87
              && noise_f3 == -18'sd148 && noise_f4 == -18'sd11);

        // --- first tick: 16 shifts of each seed (cross-checked with phin-core SrNoiseGenerator):
        // 0xACE1 -> 0xE455, 0x7B3F -> 0x29DF, 0xD4A9 -> 0xB674, 0x1E6C -> 0x5934, 0x92F5 -> 0x102B ---
        clock;
        check("tick1_lfsr_f0_e455", dut.u_lfsr_f0.lfsr == 16'hE455);
        check("tick1_lfsrs_16_shifts",
              dut.u_lfsr_f1.lfsr == 16'h29DF && dut.u_lfsr_f2.lfsr == 16'hB674
              && dut.u_lfsr_f3.lfsr == 16'h5934 && dut.u_lfsr_f4.lfsr == 16'h102B);
        check("tick1_outputs",
              noise_f0 == -18'sd171 && noise_f1 == 18'sd223 && noise_f2 == -18'sd140
              && noise_f3 == 18'sd52 && noise_f4 == -18'sd213);
        clock;
        check("tick2_outputs",
              noise_f0 == 18'sd23 && noise_f1 == 18'sd160 && noise_f2 == -18'sd122
              && noise_f3 == -18'sd37 && noise_f4 == -18'sd96);

        // --- one full period from reset ---
        do_reset;
        for (c = 0; c < 5; c = c + 1) begin
            ref_lfsr[c] = seed[c];
            sum[c] = 0;
            vmin[c] = 1000;
            vmax[c] = -1000;
        end
        range_errs = 0;
        reg_errs = 0;
        out_errs = 0;
        prod01 = 0.0;
        prod12 = 0.0;
        prod23 = 0.0;
        prod34 = 0.0;
        s0 = 0.0;
        ss0 = 0.0;
        lag0 = 0.0;
        for (k = 1; k <= PERIOD; k = k + 1) begin
            clock;
            if (k > 1) prev0 = prev[0];
            for (c = 0; c < 5; c = c + 1) begin
                ref_lfsr[c] = next16_tab[ref_lfsr[c]];
                l = lfsr_of(c);
                v = noise_of(c);
                if (l != ref_lfsr[c]) reg_errs = reg_errs + 1;
                if (v != $signed({1'b0, l[8:0]}) - 256) out_errs = out_errs + 1;
                if (v < -256 || v > 255) range_errs = range_errs + 1;
                sum[c] = sum[c] + v;
                if (v < vmin[c]) vmin[c] = v;
                if (v > vmax[c]) vmax[c] = v;
                prev[c] = v;
            end
            prod01 = prod01 + $itor(prev[0]) * $itor(prev[1]);
            prod12 = prod12 + $itor(prev[1]) * $itor(prev[2]);
            prod23 = prod23 + $itor(prev[2]) * $itor(prev[3]);
            prod34 = prod34 + $itor(prev[3]) * $itor(prev[4]);
            s0 = s0 + $itor(prev[0]);
            ss0 = ss0 + $itor(prev[0]) * $itor(prev[0]);
            if (k > 1) lag0 = lag0 + $itor(prev0) * $itor(prev[0]);
        end
        if (reg_errs != 0) $display("FAIL detail: %0d LFSR mismatches", reg_errs);
        check("lfsrs_take_16_shifts_a_tick", reg_errs == 0);
        if (out_errs != 0) $display("FAIL detail: %0d output mismatches", out_errs);
        check("outputs_are_low_9_bits_minus_256", out_errs == 0);
        check("outputs_in_-256_255", range_errs == 0);

        // Over a full period each 9-bit pattern occurs 128 times except 0 (127 times), so every
        // channel sums to 128 * (-256) + 256 = -32512: mean -0.496, centred within 1 LSB.
        errs = 0;
        for (c = 0; c < 5; c = c + 1) begin
            if (sum[c] != -32512) begin
                errs = errs + 1;
                $display("FAIL detail: channel %0d sums to %0d", c, sum[c]);
            end
        end
        check("period_sum_is_-32512", errs == 0);
        errs = 0;
        for (c = 0; c < 5; c = c + 1)
            if (sum[c] <= -PERIOD || sum[c] >= PERIOD) errs = errs + 1;
        check("mean_within_1_lsb_of_0", errs == 0);
        errs = 0;
        for (c = 0; c < 5; c = c + 1)
            if (vmin[c] != -256 || vmax[c] != 255) errs = errs + 1;
        check("full_range_reached", errs == 0);

        // After exactly one period every channel is back at its seed.
        errs = 0;
        for (c = 0; c < 5; c = c + 1)
            if (lfsr_of(c) != seed[c]) errs = errs + 1;
        check("period_returns_to_seeds", errs == 0);

        // Independent channels: normalised cross-correlation of neighbours below 0.05
        // (the variance of a uniform sample on [-256, 255] is about 256^2 / 3).
        norm = $itor(PERIOD) * 256.0 * 256.0 / 3.0;
        if (prod01 / norm > 0.05 || prod01 / norm < -0.05 || prod12 / norm > 0.05
            || prod12 / norm < -0.05 || prod23 / norm > 0.05 || prod23 / norm < -0.05
            || prod34 / norm > 0.05 || prod34 / norm < -0.05)
            $display("FAIL detail: correlations %f %f %f %f", prod01 / norm, prod12 / norm,
                     prod23 / norm, prod34 / norm);
        check("channels_uncorrelated",
              prod01 / norm < 0.05 && prod01 / norm > -0.05 && prod12 / norm < 0.05
              && prod12 / norm > -0.05 && prod23 / norm < 0.05 && prod23 / norm > -0.05
              && prod34 / norm < 0.05 && prod34 / norm > -0.05);

        // White samples: lag-1 autocorrelation of f0 over the 65535 samples of one period,
        // r1 = (mean of x[k-1] x[k] - mean^2) / variance; |r1| < 0.03 (a one-shift LFSR gives 0.5,
        // since consecutive 9-bit samples share 8 bits).
        mean0 = s0 / $itor(PERIOD);
        var0 = ss0 / $itor(PERIOD) - mean0 * mean0;
        cov0 = lag0 / $itor(PERIOD - 1) - mean0 * mean0;
        r1 = cov0 / var0;
        if (r1 >= 0.03 || r1 <= -0.03) $display("FAIL detail: f0 lag-1 autocorrelation %f", r1);
        check("f0_white_lag1_autocorr_below_0_03", r1 < 0.03 && r1 > -0.03);

        // --- clk_en low holds every channel ---
        for (k = 0; k < 7; k = k + 1) clock;
        for (c = 0; c < 5; c = c + 1) prev[c] = noise_of(c);
        clk_en = 1'b0;
        errs = 0;
        for (k = 0; k < 20; k = k + 1) begin
            clock;
            for (c = 0; c < 5; c = c + 1)
                if (noise_of(c) != prev[c]) errs = errs + 1;
        end
        check("holds_with_clk_en_low", errs == 0);

        // --- synchronous reset wins over clk_en low ---
        do_reset;
        errs = 0;
        for (c = 0; c < 5; c = c + 1)
            if (lfsr_of(c) != seed[c]) errs = errs + 1;
        check("reset_wins_over_clk_en_low", errs == 0);

        $display("tb_sr_noise_generator: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #5000000;
        $display("FAIL watchdog");
        $display("tb_sr_noise_generator: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
