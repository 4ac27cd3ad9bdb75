// tb_dendritic_compartment: self-checking testbench for rtl/dendritic_compartment.v
// (contract: docs/spec/dendritic_compartment.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_dendritic_compartment: N passed, N failed".
`default_nettype none
/* verilator lint_off WIDTH */
module tb_dendritic_compartment;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg  signed [17:0] basal_input = 0, apical_input = 0, ca_threshold = 18'sd8192;
    wire signed [17:0] apical_v, dendrite_out;
    wire [6:0] ca_timer;
    wire ca_spike, bac_active;

    dendritic_compartment dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .basal_input(basal_input), .apical_input(apical_input), .ca_threshold(ca_threshold),
        .apical_v(apical_v), .ca_timer(ca_timer), .dendrite_out(dendrite_out),
        .ca_spike(ca_spike), .bac_active(bac_active)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, spikes, first, errs;
    integer out_b, out_a, out_both;
    integer r_av, r_t, r_out, r_sum, r_bap, r_trig, r_spk;
    reg [31:0] rnd;

    `include "tb_common.vh"

    task drive;
        input integer b, a, t, n;
        integer j;
        begin
            basal_input = b; apical_input = a; ca_threshold = t;
            spikes = 0; first = -1;
            for (j = 0; j < n; j = j + 1) begin
                clock;
                if (ca_spike) begin
                    spikes = spikes + 1;
                    if (first < 0) first = j;
                end
            end
        end
    endtask

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_quiet", apical_v == 0 && ca_timer == 0 && dendrite_out == 0 && !ca_spike);

        drive(0, 6000, 8192, 400);
        check("subthreshold_no_spike", spikes == 0);
        do_reset;
        drive(0, 12000, 8192, 400);
        check("suprathreshold_spikes", first >= 40 && first < 55);
        do_reset;
        drive(0, 12000, 8192, 46 + 80);
        check("plateau_80_ticks", spikes >= 79 && spikes <= 81);

        do_reset;
        drive(0, 12000, 4096, 400);
        check("low_threshold_fires", spikes > 0);
        do_reset;
        drive(0, 12000, 16384, 400);
        check("high_threshold_silent", spikes == 0);

        // BAC: a back-propagating AP halves the threshold; the coincidence is supralinear.
        do_reset;
        drive(0, 6554, 8192, 400);
        out_a = dendrite_out;
        check("apical_0_4_alone_silent", spikes == 0);
        do_reset;
        drive(9830, 6554, 8192, 400);
        out_both = dendrite_out;
        check("bac_fires_with_bap", spikes > 0);
        check("bac_active_seen", bac_active == ca_spike);
        do_reset;
        drive(9830, 0, 8192, 400);
        out_b = dendrite_out;
        check("bac_supralinear", out_both > out_a + out_b + 4000);

        // Saturation.
        do_reset;
        drive(131071, 131071, 0, 400);
        check("saturates_high", dendrite_out == 18'sd131071);

        // Bit-exact against the contract on random inputs.
        do_reset;
        r_av = 0; r_t = 0; r_out = 0; errs = 0;
        rnd = 32'hC0FF_EE11;
        for (k = 0; k < 20000; k = k + 1) begin
            if (k % 37 == 0) begin
                rnd = rnd * 1664525 + 1013904223; basal_input = $signed(rnd[31:16]) >>> 1;
                rnd = rnd * 1664525 + 1013904223; apical_input = $signed(rnd[31:16]) >>> 1;
                rnd = rnd * 1664525 + 1013904223; ca_threshold = rnd[31:18];
            end
            r_bap = basal_input > 8192;
            r_trig = (r_av > ca_threshold) || (r_bap && r_av > (ca_threshold >>> 1));
            r_spk = r_t != 0;
            r_sum = basal_input + ((8192 * r_av) >>> 14) + (r_spk ? 8192 : 0);
            if (r_bap && r_spk) r_sum = r_sum + (r_sum >>> 1);
            if (r_sum > 131071) r_sum = 131071;
            if (r_sum < -131072) r_sum = -131072;
            r_out = r_sum;
            r_t = r_spk ? r_t - 1 : (r_trig ? 80 : 0);
            r_av = r_av + ((410 * (apical_input - r_av)) >>> 14);
            clock;
            if (apical_v != r_av || ca_timer != r_t || dendrite_out != r_out) errs = errs + 1;
        end
        check("matches_reference_20000_ticks", errs == 0);

        clk_en = 1'b0;
        r_out = dendrite_out;
        for (k = 0; k < 20; k = k + 1) clock;
        check("holds_with_clk_en_low", dendrite_out == r_out);
        clk_en = 1'b1;

        $display("tb_dendritic_compartment: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #20000000;
        $display("FAIL watchdog");
        $display("tb_dendritic_compartment: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
