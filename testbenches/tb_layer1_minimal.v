// tb_layer1_minimal: self-checking testbench for rtl/layer1_minimal.v
// (contract: docs/spec/layer1_minimal.md). Runs under Verilator (--binary) and Icarus (-g2005);
// prints one line per failing check and ends with "tb_layer1_minimal: N passed, N failed".
// Stimulus changes on the falling edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_layer1_minimal;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg  signed [17:0] matrix_input = 18'sd0;
    reg  signed [17:0] fb1_input = 18'sd0;
    reg  signed [17:0] fb2_input = 18'sd0;
    reg  signed [17:0] attention_input = 18'sd0;
    wire signed [17:0] sst_activity, vip_activity, apical_gain;
    wire signed [18:0] sst_effective;

    layer1_minimal dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .matrix_input(matrix_input), .fb1_input(fb1_input), .fb2_input(fb2_input),
        .attention_input(attention_input),
        .sst_activity(sst_activity), .vip_activity(vip_activity),
        .sst_effective(sst_effective), .apical_gain(apical_gain)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer errs;
    integer gmin, gmax;
    integer rsst, rvip, reff, rgain, rsmv;
    integer held_s, held_v;
    integer low_eff, low_gain;
    reg [31:0] rnd;

    `include "tb_common.vh"

    function integer iir;
        input integer s;
        input integer target;
        input integer alpha;
        begin
            iir = s + ((alpha * (target - s)) >>> 14);
            if (iir > 131071) iir = 131071;
            if (iir < -131072) iir = -131072;
        end
    endfunction

    task set_in;
        input integer m, f1, f2, a;
        begin
            matrix_input = m; fb1_input = f1; fb2_input = f2; attention_input = a;
        end
    endtask

    task run;
        input integer n;
        integer j;
        begin
            for (j = 0; j < n; j = j + 1) clock;
        end
    endtask

    initial begin
        @(negedge clk);
        clk_en = 1'b1;

        do_reset;
        check("reset_gain_one", sst_activity == 0 && vip_activity == 0 && apical_gain == 18'sd16384);

        // gain_offset of 1.0 on all three: (2458 + 4915 + 3277) = 10650.
        set_in(16384, 16384, 16384, 0);
        #1;
        check("gain_offset_0_65", dut.gain_offset == 18'sd10650);
        run(100);
        check("sst_tau_25ms", sst_activity > 18'sd6390 && sst_activity < 18'sd7029);
        run(3000);
        check("sst_settles", sst_activity >= 18'sd10550 && sst_activity <= 18'sd10650);
        check("high_feedback_gain_max", apical_gain == 18'sd24576);

        // VIP+ tau 50 ms: 63% of 0.5 after 200 ticks.
        do_reset;
        set_in(0, 0, 0, 16384);
        run(200);
        check("vip_tau_50ms", vip_activity > 18'sd4915 && vip_activity < 18'sd5407);

        // Attention cancels positive SST+: gain exactly 1.0.
        do_reset;
        set_in(8192, 8192, 0, 0);
        run(4000);
        check("fb_raises_gain", apical_gain > 18'sd19384);
        do_reset;
        set_in(8192, 8192, 0, 32767);
        run(4000);
        check("attention_cancels_sst", sst_activity > 0 && sst_effective == 0 &&
                                       apical_gain == 18'sd16384);

        // Low feedback lowers the gain; attention makes it more negative, never cancels it.
        do_reset;
        set_in(-8192, -8192, -8192, 0);
        run(4000);
        low_eff = sst_effective;
        low_gain = apical_gain;
        check("low_fb_lowers_gain", apical_gain < 18'sd16384);
        do_reset;
        set_in(-8192, -8192, -8192, 16384);
        run(4000);
        check("attention_deepens_negative", sst_effective < low_eff && apical_gain <= low_gain);

        // Full-range random inputs held 300 ticks: bit-exact against the reference, gain bounded.
        do_reset;
        rsst = 0; rvip = 0;
        errs = 0; gmin = 100000; gmax = -100000;
        rnd = 32'h1234_5678;
        for (k = 0; k < 60000; k = k + 1) begin
            if (k % 300 == 0) begin
                rnd = rnd * 1664525 + 1013904223; matrix_input = rnd[31:14];
                rnd = rnd * 1664525 + 1013904223; fb1_input = rnd[31:14];
                rnd = rnd * 1664525 + 1013904223; fb2_input = rnd[31:14];
                rnd = rnd * 1664525 + 1013904223; attention_input = rnd[31:14];
            end
            rsst = iir(rsst, ((2458 * matrix_input + 4915 * fb1_input + 3277 * fb2_input) >>> 14), 164);
            rvip = iir(rvip, ((8192 * attention_input) >>> 14), 82);
            clock;
            rsmv = rsst - rvip;
            reff = (rsst >= 0 && rsmv < 0) ? 0 : rsmv;
            rgain = 16384 + reff;
            if (rgain < 8192) rgain = 8192;
            if (rgain > 24576) rgain = 24576;
            if (sst_activity != rsst || vip_activity != rvip || sst_effective != reff ||
                apical_gain != rgain) errs = errs + 1;
            if (apical_gain < gmin) gmin = apical_gain;
            if (apical_gain > gmax) gmax = apical_gain;
        end
        check("matches_reference_60000_ticks", errs == 0);
        check("gain_in_0_5_1_5", gmin >= 8192 && gmax <= 24576);
        check("gain_reaches_both_clamps", gmin == 8192 && gmax == 24576);

        // clk_en low holds the state.
        clk_en = 1'b0;
        held_s = sst_activity;
        held_v = vip_activity;
        set_in(30000, 30000, 30000, 30000);
        run(20);
        check("holds_with_clk_en_low", sst_activity == held_s && vip_activity == held_v);
        clk_en = 1'b1;

        $display("tb_layer1_minimal: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #20000000;
        $display("FAIL watchdog");
        $display("tb_layer1_minimal: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
