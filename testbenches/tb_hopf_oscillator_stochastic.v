// tb_hopf_oscillator_stochastic: self-checking testbench for rtl/hopf_oscillator_stochastic.v
// (contract: docs/spec/hopf_oscillator_stochastic.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_hopf_oscillator_stochastic: N passed, N failed".
//
// A plain hopf_oscillator (`ref_osc`) runs beside the DUT on the same clock, reset and clk_en; its
// input_x is what the contract says the DUT's core sees: sat18(input_x + noise_x). The two must
// agree on x, y and amplitude after every tick. Stimulus changes on the falling edge and outputs
// are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_hopf_oscillator_stochastic;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;

    reg  signed [17:0] mu_dt = 18'sd4;
    reg  signed [17:0] omega_dt = 18'sd196;   // f0 of the SR bank, 7.6 Hz
    reg  signed [17:0] input_x = 18'sd0;
    reg  signed [17:0] noise_x = 18'sd0;
    reg  signed [17:0] ref_input_x = 18'sd0;
    wire signed [17:0] x, y, amplitude;
    wire signed [17:0] rx, ry, ramplitude;

    hopf_oscillator_stochastic dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt(mu_dt), .omega_dt(omega_dt), .input_x(input_x), .noise_x(noise_x),
        .x(x), .y(y), .amplitude(amplitude)
    );

    hopf_oscillator ref_osc (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .mu_dt(mu_dt), .omega_dt(omega_dt), .input_x(ref_input_x),
        .x(rx), .y(ry), .amplitude(ramplitude)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer m;
    integer errs;
    integer first_err_k;
    integer diverged;
    integer xh, yh;
    reg [15:0] noise_lfsr;

    `include "tb_common.vh"

    // Compares DUT and reference after a tick; counts into errs, remembers the first tick.
    task compare;
        input integer kk;
        begin
            if (x !== rx || y !== ry || amplitude !== ramplitude) begin
                if (errs == 0) begin
                    first_err_k = kk;
                    $display("FAIL detail: tick %0d dut (%0d, %0d) ref (%0d, %0d)", kk, x, y,
                             rx, ry);
                end
                errs = errs + 1;
            end
        end
    endtask

    // The drive the contract specifies: the 19-bit sum of input_x and noise_x, saturated to 18.
    function signed [17:0] sat_sum;
        input integer a;
        input integer n;
        integer s;
        begin
            s = a + n;
            if (s > 131071) s = 131071;
            if (s < -131072) s = -131072;
            sat_sum = s;
        end
    endfunction

    initial begin
        @(negedge clk);
        clk_en = 1'b1;

        // --- reset state ---
        do_reset;
        check("reset_x_8192_y_0", x == 18'sd8192 && y == 18'sd0 && amplitude == 18'sd8192);

        // --- drive_x: saturating 19-bit sum (combinational; clk_en low meanwhile) ---
        clk_en = 1'b0;
        input_x = 18'sd131071; noise_x = 18'sd10; #1;
        check("drive_sat_pos", dut.drive_x == 18'sd131071);
        input_x = -18'sd131072; noise_x = -18'sd10; #1;
        check("drive_sat_neg", dut.drive_x == -18'sd131072);
        input_x = 18'sd131000; noise_x = 18'sd71; #1;
        check("drive_exact_max", dut.drive_x == 18'sd131071);
        input_x = 18'sd100; noise_x = -18'sd300; #1;
        check("drive_mixed_signs", dut.drive_x == -18'sd200);
        input_x = 18'sd131071; noise_x = -18'sd131072; #1;
        check("drive_extremes_cancel", dut.drive_x == -18'sd1);
        input_x = 18'sd0; noise_x = 18'sd0;
        @(negedge clk);
        clk_en = 1'b1;

        // --- noise_x = 0: identical to the plain oscillator, with a varying input_x ---
        do_reset;
        errs = 0;
        for (k = 1; k <= 5000; k = k + 1) begin
            input_x = (k % 7) - 3;
            ref_input_x = input_x;
            clock;
            compare(k);
        end
        check("zero_noise_equals_plain_oscillator", errs == 0);

        // --- noise_x = 200 on the first step: x differs by exactly 200; the core is semi-implicit,
        // so y rotates with this step's x: 196 * 8394 >>> 14 = 100 against 196 * 8194 >>> 14 = 98 ---
        input_x = 18'sd0;
        ref_input_x = 18'sd0;
        noise_x = 18'sd200;
        do_reset;
        clock;
        check("noise_200_moves_x_by_200", x - rx == 200 && x == 18'sd8394);
        check("noise_200_moves_y_through_x_half", y == 18'sd100 && ry == 18'sd98);

        // --- LFSR noise in [-256, 255] plus a varying drive: the core sees sat18(sum) ---
        // (noise from a local 16-bit LFSR advanced 16 shifts a tick, as sr_noise_generator does;
        // the reference takes the precomputed sum)
        do_reset;
        noise_lfsr = 16'h1E6C;
        errs = 0;
        for (k = 1; k <= 5000; k = k + 1) begin
            for (m = 0; m < 16; m = m + 1)
                noise_lfsr = {noise_lfsr[14:0],
                              noise_lfsr[15] ^ noise_lfsr[13] ^ noise_lfsr[12] ^ noise_lfsr[10]};
            noise_x = $signed({9'b0, noise_lfsr[8:0]}) - 256;
            input_x = ((k % 11) - 5) * 40;
            ref_input_x = sat_sum(input_x, noise_x);
            clock;
            compare(k);
        end
        check("noise_enters_like_input_x", errs == 0);

        // --- noise actually changes the trajectory against a noiseless run ---
        do_reset;
        diverged = 0;
        for (k = 1; k <= 400; k = k + 1) begin
            noise_x = (k % 2) ? 18'sd256 : -18'sd100;
            input_x = 18'sd0;
            ref_input_x = 18'sd0;
            clock;
            if (x != rx) diverged = diverged + 1;
        end
        check("noise_changes_trajectory", diverged == 400);

        // --- drive saturation: input_x = +max with noise acts like +max alone ---
        do_reset;
        errs = 0;
        for (k = 1; k <= 500; k = k + 1) begin
            input_x = 18'sd131071;
            noise_x = 18'sd10;
            ref_input_x = 18'sd131071;
            clock;
            compare(k);
        end
        check("drive_saturation_pos_like_plain", errs == 0);
        check("drive_saturation_pos_no_wrap", x > 18'sd120000);

        do_reset;
        errs = 0;
        for (k = 1; k <= 500; k = k + 1) begin
            input_x = -18'sd131072;
            noise_x = -18'sd10;
            ref_input_x = -18'sd131072;
            clock;
            compare(k);
        end
        check("drive_saturation_neg_like_plain", errs == 0);
        check("drive_saturation_neg_no_wrap", x < -18'sd120000);

        // --- clk_en low holds the state whatever the noise ---
        input_x = 18'sd0;
        ref_input_x = 18'sd0;
        do_reset;
        for (k = 0; k < 10; k = k + 1) clock;
        clk_en = 1'b0;
        xh = x;
        yh = y;
        errs = 0;
        for (k = 0; k < 20; k = k + 1) begin
            noise_x = (k % 2) ? 18'sd255 : -18'sd256;
            clock;
            if (x != xh || y != yh) errs = errs + 1;
        end
        check("holds_with_clk_en_low", errs == 0);

        $display("tb_hopf_oscillator_stochastic: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL watchdog");
        $display("tb_hopf_oscillator_stochastic: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
