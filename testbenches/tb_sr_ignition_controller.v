// tb_sr_ignition_controller: self-checking testbench for rtl/sr_ignition_controller.v
// (contract: docs/spec/sr_ignition_controller.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_sr_ignition_controller: N passed, N failed".
//
// With the section 10.3 durations (3.5, 2.5, 2.5, 9, 4, 10 s at 4 kHz) one trigger must walk
// COHERENCE, IGNITION, PLATEAU, PROPAGATION, DECAY, REFRACTORY and back to BASELINE, each phase
// within one tick of its duration; gain and PLV must reach the table's end points; PLV must
// complete its rise while gain is still at most 0.20 and start rising 3-4 s before gain surges
// past 0.20 (coherence first). The start rule: a smoothed coherence (IIR tau 0.512 s) above 0.85
// for 1000 edges with the smoothed beta amplitude below 0.9375 and the controller armed; 0.85
// itself, short bursts and a loud beta start nothing; after an event the coherence must fall
// below 0.75 before it can start another; the trigger starts an event whatever the beta.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_sr_ignition_controller;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] coherence_in = 18'sd0;
    reg signed [17:0] beta_in = 18'sd0;
    reg trig = 1'b0;
    reg [15:0] d0 = 16'd14000, d1 = 16'd10000, d2 = 16'd10000;
    reg [15:0] d3 = 16'd36000, d4 = 16'd16000, d5 = 16'd40000;
    wire [2:0] phase;
    wire [15:0] timer;
    wire signed [17:0] gain, plv, coh_smooth, beta_smooth;
    wire signed [28:0] coh_acc;
    wire signed [27:0] beta_acc;
    wire [11:0] dwell;
    wire armed, active, decay;

    sr_ignition_controller dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .coherence_in(coherence_in),
        .beta_amplitude(beta_in), .ignition_trigger(trig), .sie_dur_coherence(d0), .sie_dur_ignition(d1),
        .sie_dur_plateau(d2), .sie_dur_propagation(d3), .sie_dur_decay(d4),
        .sie_dur_refractory(d5), .sie_phase(phase), .phase_timer(timer), .sie_gain(gain),
        .sie_plv(plv), .coherence_acc(coh_acc), .beta_acc(beta_acc), .dwell_timer(dwell),
        .armed(armed), .coherence_smooth(coh_smooth), .beta_smooth(beta_smooth),
        .sie_active(active), .sie_decay_phase(decay)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer t, k, order_errs, plv_onset, plv_peak, surge, gain_over, flag_errs;
    integer start [0:7];
    integer len [0:7];
    integer endg [0:7];
    integer endp [0:7];
    reg [2:0] prev_phase;
    integer want_len [1:6];
    integer started, n_starts;

    // Runs n ticks; started = the first tick (1-based) at which an event started, or -1;
    // n_starts counts the starts.
    task run;
        input integer n;
        integer j;
        reg [2:0] before;
        begin
            started = -1;
            n_starts = 0;
            for (j = 1; j <= n; j = j + 1) begin
                before = phase;
                tick;
                if (before == 0 && phase == 1) begin
                    if (started < 0) started = j;
                    n_starts = n_starts + 1;
                end
            end
        end
    endtask

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
        end
    endtask

    function integer absdiff;
        input integer a;
        input integer b;
        begin
            absdiff = (a > b) ? a - b : b - a;
        end
    endfunction

    initial begin
        want_len[1] = 14000; want_len[2] = 10000; want_len[3] = 10000;
        want_len[4] = 36000; want_len[5] = 16000; want_len[6] = 40000;
        for (k = 0; k < 8; k = k + 1) begin
            start[k] = -1; len[k] = 0; endg[k] = -1; endp[k] = -1;
        end
        rst = 1'b1;
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("reset_is_baseline", phase == 0 && gain == 0 && plv == 7373 && !active);

        // No trigger: BASELINE holds.
        for (t = 0; t < 100; t = t + 1) tick;
        check("baseline_holds_without_trigger", phase == 0 && gain == 0);

        // One event from one trigger pulse.
        trig = 1'b1;
        tick;
        trig = 1'b0;
        prev_phase = phase;
        start[phase] = 1;
        len[phase] = 1;
        order_errs = (phase == 1) ? 0 : 1;
        plv_onset = -1; plv_peak = -1; surge = -1; gain_over = 0; flag_errs = 0;
        for (t = 2; t <= 130000; t = t + 1) begin
            tick;
            if (phase != prev_phase) begin
                if (phase != ((prev_phase == 6) ? 0 : prev_phase + 1)) order_errs = order_errs + 1;
                endg[prev_phase] = gain;  // end points are set on the leaving edge
                endp[prev_phase] = plv;
                if (start[phase] < 0) start[phase] = t;
                prev_phase = phase;
            end
            if (phase != 0 || start[6] < 0) len[phase] = len[phase] + 1;
            if (plv_onset < 0 && plv > 7373) plv_onset = t;
            if (plv_peak < 0 && plv >= 13107) plv_peak = t;
            if (surge < 0 && gain > 3277) surge = t;
            if (plv_peak < 0 && gain > 3277) gain_over = gain_over + 1;
            if (active != (phase >= 1 && phase <= 5) || decay != (phase == 5)) flag_errs = flag_errs + 1;
        end
        check("phases_in_table_order", order_errs == 0 && phase == 0);
        check("coherence_lasts_3_5_s", absdiff(len[1], want_len[1]) <= 1);
        check("ignition_lasts_2_5_s", absdiff(len[2], want_len[2]) <= 1);
        check("plateau_lasts_2_5_s", absdiff(len[3], want_len[3]) <= 1);
        check("propagation_lasts_9_s", absdiff(len[4], want_len[4]) <= 1);
        check("decay_lasts_4_s", absdiff(len[5], want_len[5]) <= 1);
        check("refractory_lasts_10_s", absdiff(len[6], want_len[6]) <= 1);
        check("coherence_ends_gain_0_20_plv_0_80", endg[1] == 3277 && endp[1] == 13107);
        check("ignition_ends_gain_1_0", endg[2] == 16384 && endp[2] == 13107);
        check("plateau_holds_1_0", endg[3] == 16384 && endp[3] == 13107);
        check("propagation_ends_0_60_0_55", endg[4] == 9830 && endp[4] == 9011);
        check("decay_ends_0_0_45", endg[5] == 0 && endp[5] == 7373);
        check("plv_peaks_before_gain_passes_0_20", plv_peak > 0 && plv_peak < surge && gain_over == 0);
        check("plv_leads_gain_by_3_to_4_s", surge - plv_onset >= 12000 && surge - plv_onset <= 16000);
        check("active_and_decay_flags", flag_errs == 0);

        // ---- the start rule, with 10-tick phases (an event lasts 60 ticks)
        {d0, d1, d2, d3, d4, d5} = {6{16'd10}};
        check("reset_armed_accumulators_zero", armed);
        coherence_in = 18'sd13926;                     // exactly 0.85: not above it
        run(30000);
        check("coherence_0_85_does_not_start", n_starts == 0 && coh_smooth == 18'sd13926);
        check("smoothed_coherence_is_acc_shifted", coh_smooth == (coh_acc >>> 11));
        coherence_in = 18'sd0;
        run(30000);
        coherence_in = 18'sd14746;                     // 0.9 from 0: crosses 0.85 after 5917
        run(10000);                                    // ticks, then 1000 of dwell
        check("sustained_0_9_starts_after_dwell", n_starts == 1 && started >= 6850 && started <= 6990);
        check("start_disarms", !armed);
        run(20000);
        check("no_second_event_while_coherent", n_starts == 0 && phase == 0 && !armed);
        coherence_in = 18'sd11469;                     // 0.7 < 0.75: re-arms
        run(20000);
        check("coherence_below_0_75_rearms", armed && n_starts == 0);
        coherence_in = 18'sd14746;
        run(10000);
        check("rearmed_starts_again", n_starts == 1 && started > 2000 && started < 5000);
        // A loud beta blocks coherence; the trigger does not care.
        coherence_in = 18'sd0;
        beta_in = 18'sd15360;                          // 0.9375 is loud
        run(20000);
        coherence_in = 18'sd16384;
        run(20000);
        check("loud_beta_blocks_coherence", n_starts == 0 && beta_smooth == 18'sd15360 && dwell == 0);
        trig = 1'b1;
        tick;
        trig = 1'b0;
        check("trigger_starts_whatever_beta", phase == 1);
        beta_in = 18'sd15359;
        coherence_in = 18'sd0;
        run(20000);
        coherence_in = 18'sd16384;
        run(20000);
        check("quiet_beta_lets_coherence_start", n_starts == 1);
        // 0.95 for 0.1 s in every second over 0.75 between: the smoothed value stays below 0.85.
        coherence_in = 18'sd12000;
        run(20000);
        n_starts = 0;
        for (k = 0; k < 40000; k = k + 1) begin
            coherence_in = ((k % 4000) < 400) ? 18'sd15565 : 18'sd12000;
            prev_phase = phase;
            tick;
            if (prev_phase == 0 && phase == 1) n_starts = n_starts + 1;
        end
        check("short_bursts_do_not_start", n_starts == 0 && armed);
        // Zero durations act as one tick each.
        coherence_in = 18'sd0;
        beta_in = 18'sd0;
        {d0, d1, d2, d3, d4, d5} = 96'd0;
        trig = 1'b1;
        tick;
        trig = 1'b0;
        check("trigger_starts_from_baseline", phase == 1 && active);
        order_errs = 0;
        for (k = 2; k <= 6; k = k + 1) begin
            tick;
            if (phase != k) order_errs = order_errs + 1;
        end
        tick;
        check("zero_durations_act_as_one_tick", order_errs == 0 && phase == 0);

        $display("tb_sr_ignition_controller: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #20000000;
        $display("FAIL watchdog");
        $display("tb_sr_ignition_controller: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
