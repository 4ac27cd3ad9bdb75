// tb_amplitude_envelope_generator: self-checking testbench for rtl/amplitude_envelope_generator.v
// (contract: docs/spec/amplitude_envelope_generator.md). Runs under Verilator (--binary) and
// Icarus (-g2005); prints one line per failing check and ends with
// "tb_amplitude_envelope_generator: N passed, N failed".
// Three instances: defaults; NOISE_AMPLITUDE = 0; strong noise with the theta bounds [0.7, 1.3].
// A reference written from the contract (64-bit arithmetic) follows the default instance.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_amplitude_envelope_generator;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    wire signed [17:0] env_def, env_quiet, env_theta;

    amplitude_envelope_generator dut (.clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_def));
    amplitude_envelope_generator #(.NOISE_AMPLITUDE(0)) dut_quiet (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_quiet));
    amplitude_envelope_generator #(.SEED(16'h1357), .NOISE_AMPLITUDE(4096), .ENV_MIN(11469),
                                   .ENV_MAX(21299)) dut_theta (
        .clk(clk), .rst(rst), .clk_en(clk_en), .envelope(env_theta));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, m;
    integer errs, quiet_errs;
    integer lo, hi, tlo, thi, lfsr_moves;
    reg signed [63:0] r_acc;
    reg signed [63:0] r_dev;
    reg signed [63:0] r_sum;
    reg        [15:0] r_lfsr;
    reg        [15:0] prev_lfsr;
    reg        [5:0]  r_cnt;
    reg signed [63:0] r_noise;
    integer held;

    `include "tb_common.vh"

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_envelope_one", env_def == 18'sd16384 && env_theta == 18'sd16384);

        r_acc = 64'sd16777216;
        r_lfsr = 16'h5A3C;
        r_cnt = 6'd0;
        errs = 0; quiet_errs = 0; lfsr_moves = 0;
        lo = 100000; hi = -100000; tlo = 100000; thi = -100000;
        for (k = 1; k <= 40000; k = k + 1) begin
            // Reference step: mean reversion with ALPHA = 1198 (Q24), noise every 64th tick.
            r_dev = 64'sd16777216 - r_acc;
            r_sum = r_acc + ((r_dev * 1198) >>> 24);
            if (r_cnt == 6'd63) begin
                r_noise = $signed({51'b0, r_lfsr[12:0]}) - 64'sd4096;
                r_sum = r_sum + r_noise * 128;
                for (m = 0; m < 16; m = m + 1)
                    r_lfsr = {r_lfsr[14:0], r_lfsr[15] ^ r_lfsr[13] ^ r_lfsr[12] ^ r_lfsr[10]};
            end
            if (r_sum < 64'sd8388608) r_sum = 64'sd8388608;
            if (r_sum > 64'sd25165824) r_sum = 64'sd25165824;
            r_acc = r_sum;
            r_cnt = r_cnt + 6'd1;
            prev_lfsr = dut.lfsr;
            clock;
            if (dut.lfsr != prev_lfsr) lfsr_moves = lfsr_moves + 1;
            if (dut.acc != r_acc[31:0] || env_def != (r_acc >>> 10)) errs = errs + 1;
            if (env_quiet != 18'sd16384) quiet_errs = quiet_errs + 1;
            if (env_def < lo) lo = env_def;
            if (env_def > hi) hi = env_def;
            if (env_theta < tlo) tlo = env_theta;
            if (env_theta > thi) thi = env_theta;
        end
        check("matches_reference_40000_ticks", errs == 0);
        check("noise_only_every_64_ticks", lfsr_moves == 40000 / 64);
        check("no_noise_rests_at_mean", quiet_errs == 0);
        check("default_within_0_5_1_5", lo >= 8192 && hi <= 24576);
        check("default_breathes", hi - lo > 1000);
        check("theta_bounds_0_7_1_3", tlo >= 11469 && thi <= 21299);
        check("theta_reaches_both_bounds", tlo == 11469 && thi == 21299);

        clk_en = 1'b0;
        held = env_def;
        for (k = 0; k < 100; k = k + 1) clock;
        check("holds_with_clk_en_low", env_def == held);
        clk_en = 1'b1;

        $display("tb_amplitude_envelope_generator: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #20000000;
        $display("FAIL watchdog");
        $display("tb_amplitude_envelope_generator: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
