// tb_energy_landscape: self-checking testbench for rtl/energy_landscape.v
// (contract: docs/spec/energy_landscape.md). Checks force direction (away from integers, out of
// the 2:1 catastrophe zone), the 2*pi*A peak, the cos energy, the drift gain and adaptive off.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_energy_landscape;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg adaptive_en = 1'b1;
    reg signed [17:0] n_0 = 0, n_1 = 0, n_2 = 0, n_3 = 0, n_4 = 0;
    wire signed [17:0] force_0, force_1, force_2, force_3, force_4;
    wire signed [17:0] energy_0, energy_1, energy_2, energy_3, energy_4;
    wire signed [17:0] drift_0, drift_1, drift_2, drift_3, drift_4;

    energy_landscape dut (.clk(clk), .rst(rst), .clk_en(clk_en), .adaptive_en(adaptive_en),
        .n_0(n_0), .n_1(n_1), .n_2(n_2), .n_3(n_3), .n_4(n_4),
        .force_0(force_0), .energy_0(energy_0), .force_1(force_1), .energy_1(energy_1),
        .force_2(force_2), .energy_2(energy_2), .force_3(force_3), .energy_3(energy_3),
        .force_4(force_4), .energy_4(energy_4),
        .drift_0(drift_0), .drift_1(drift_1), .drift_2(drift_2), .drift_3(drift_3), .drift_4(drift_4));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, errs, b;

    `include "tb_common.vh"

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_zero", force_0 == 0 && energy_0 == 0 && drift_0 == 0);
        // Away from integers: n = k + 0.05 pushes up, k - 0.05 pushes down (k = 1..4).
        errs = 0;
        for (b = 1; b < 5; b = b + 1) begin
            n_0 = b * 16384 + 819; n_1 = b * 16384 - 819; clock;
            if (!(force_0 > 0 && force_1 < 0)) errs = errs + 1;
        end
        check("pushes_away_from_integers", errs == 0);
        // Out of the catastrophe zone: below log_phi 2 pushes down, above pushes up.
        errs = 0;
        for (k = 22118; k <= 25395; k = k + 13) begin
            n_0 = k; clock;
            if (k >= 23600 ? !(force_0 > 8192) : !(force_0 < -8192)) errs = errs + 1;
        end
        check("pushes_out_of_zone", errs == 0);
        n_0 = 24576; clock;
        check("n_1_5_pushed_up", force_0 > 16384);
        check("n_1_5_zone_energy", energy_0 == 8192);
        n_0 = 4096; n_1 = 8192; n_2 = 0; n_3 = 12288; clock;
        check("peak_2_pi_a_at_quarter", force_0 == 51472);
        check("half_integer_zero_force", force_1 == 0);
        check("energy_cos_half", energy_1 == -8192);
        check("energy_cos_integer", energy_2 == 8192);
        check("trough_at_three_quarters", force_3 == -51472);
        check("drift_k_force_0_1", drift_0 == ((1638 * 51472) >>> 14));
        adaptive_en = 1'b0; clock;
        check("adaptive_off_zero", force_0 == 0 && energy_1 == 0 && force_3 == 0 && drift_0 == 0);
        adaptive_en = 1'b1; clk_en = 1'b0; clock;
        check("holds_with_clk_en_low", force_0 == 0);
        clk_en = 1'b1;
        $display("tb_energy_landscape: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
