// tb_harmonic_spacing_index: self-checking testbench for rtl/harmonic_spacing_index.v
// (contract: docs/spec/harmonic_spacing_index.md). Runs under Verilator (--binary) and Icarus
// (-g2005) and ends with "tb_harmonic_spacing_index: N passed, N failed".
//
// Exact phi ratios lock with HSI ~1.0; one band 10% off unlocks; the table's OMEGA_DT words lock;
// sqrt(phi) spacing gives HSI ~0.31; zero denominators are guarded; the baseline loads on the
// first tick and then lags, so delta_hsi turns negative when the spacing loosens.
`default_nettype none
module tb_harmonic_spacing_index;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] w0, w1, w2, w3, w4;
    wire signed [17:0] r0, r1, r2, r3, hsi;
    wire signed [33:0] acc;
    wire valid, locked;
    wire signed [18:0] dhsi;

    harmonic_spacing_index dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .omega_theta(w0), .omega_alpha(w1),
        .omega_beta1(w2), .omega_beta2(w3), .omega_gamma(w4), .ratio_alpha_theta(r0),
        .ratio_beta1_alpha(r1), .ratio_beta2_beta1(r2), .ratio_gamma_beta2(r3), .hsi(hsi),
        .baseline_acc(acc), .baseline_valid(valid), .harmonic_locked(locked), .delta_hsi(dhsi)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
        end
    endtask

    // 3000 * phi^k, rounded
    task ladder;
        begin
            w0 = 18'sd3000; w1 = 18'sd4854; w2 = 18'sd7854; w3 = 18'sd12708; w4 = 18'sd20562;
        end
    endtask

    initial begin
        do_reset;
        ladder;
        tick;
        check("exact phi ratios lock", locked);
        check("exact phi ratios: HSI ~ 1.0", hsi > 18'sd16300);
        check("baseline loads on first tick", valid && dhsi == 19'sd0);
        w2 = 18'sd8639;  // beta1 10% high
        tick;
        check("beta1 10% off unlocks", !locked);
        ladder; w4 = 18'sd22618;  // gamma 10% high
        tick;
        check("gamma 10% off unlocks", !locked);
        ladder; w4 = 18'sd22001;  // gamma 7% high
        tick;
        check("gamma 7% off stays locked", locked);
        w0 = 18'sd152; w1 = 18'sd245; w2 = 18'sd397; w3 = 18'sd642; w4 = 18'sd1040;
        tick;
        check("table OMEGA_DT lock", locked && hsi > 18'sd16000);
        check("alpha/theta ratio", r0 == 18'sd26408);
        w0 = 18'sd3000; w1 = 18'sd3816; w2 = 18'sd4854; w3 = 18'sd6174; w4 = 18'sd7853;
        tick;
        check("sqrt(phi) spacing: HSI ~ 0.31", hsi > 18'sd4880 && hsi < 18'sd5200 && !locked);
        for (k = 0; k < 100; k = k + 1) tick;
        check("loosening: delta_hsi < -0.05", dhsi < -19'sd819);
        w0 = 18'sd0; w1 = 18'sd0; w2 = -18'sd5; w3 = 18'sd131071; w4 = -18'sd131072;
        tick;
        check("zero denominator guarded", r0 == 18'sd0 && hsi == 18'sd0 && !locked);
        $display("tb_harmonic_spacing_index: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
