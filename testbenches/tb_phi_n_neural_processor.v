// tb_phi_n_neural_processor: self-checking testbench for rtl/phi_n_neural_processor.v, the whole
// processor (contract: docs/spec/phi_n_neural_processor.md), with FAST_SIM = 1 (a 4 kHz tick every
// 10 clocks). Runs under Verilator (--binary) and Icarus (-g2005); prints one line per failing
// check and ends with "tb_phi_n_neural_processor: N passed, N failed".
//
// Checks: reset values on the ports; the clock enable is one clock in ten and the outputs move
// only on it; theta runs at 5.89 Hz (zero crossings over 2 s) and its phase code visits all eight
// phases; f0_x is field 0 of sr_f_x_packed; a MEDITATION request shows on the transition ports
// for exactly transition_duration ticks and lands with progress 65535; state codes 5-7 request
// NORMAL; the DAC stays inside 1..4094 and moves; no SIE starts on its own in the first 2 s
// (the smoothed coherence starts from 0) and an ignition_trigger pulse starts one at once; the
// columns' triad coupling is 0 at rest and (sie_gain * harmonic_gain) >>> 13 during the event,
// and the coupling-mode controller reads the bicoherence monitor's triad_sync; no output is
// ever X.
`default_nettype none
module tb_phi_n_neural_processor;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg signed [17:0] sensory_input = 18'sd0;
    reg [2:0] state_select = 3'd0;
    reg [15:0] transition_duration = 16'd0;
    reg signed [17:0] sr_field_input = 18'sd0;
    reg signed [89:0] sr_field_packed = 90'sd0;
    reg ignition_trigger = 1'b0;
    wire [11:0] dac_output;
    wire signed [17:0] debug_motor_l23, debug_theta, f0_x, f0_y, f0_amplitude;
    wire signed [17:0] sr_coherence, sr_amplification;
    wire ca3_learning, ca3_recalling, beta_quiet, state_transitioning;
    wire [5:0] ca3_phase_pattern, cortical_pattern_out;
    wire signed [89:0] sr_f_x_packed, sr_coherence_packed;
    wire [4:0] sie_per_harmonic, coherence_mask;
    wire [2:0] theta_phase, state_transition_from, state_transition_to;
    wire [15:0] state_transition_progress;

    phi_n_neural_processor #(.FAST_SIM(1)) dut (
        .clk(clk), .rst(rst), .sensory_input(sensory_input), .state_select(state_select),
        .transition_duration(transition_duration), .sr_field_input(sr_field_input),
        .sr_field_packed(sr_field_packed), .ignition_trigger(ignition_trigger),
        .dac_output(dac_output), .debug_motor_l23(debug_motor_l23), .debug_theta(debug_theta),
        .ca3_learning(ca3_learning), .ca3_recalling(ca3_recalling),
        .ca3_phase_pattern(ca3_phase_pattern), .cortical_pattern_out(cortical_pattern_out),
        .f0_x(f0_x), .f0_y(f0_y), .f0_amplitude(f0_amplitude),
        .sr_f_x_packed(sr_f_x_packed), .sr_coherence_packed(sr_coherence_packed),
        .sie_per_harmonic(sie_per_harmonic), .coherence_mask(coherence_mask),
        .sr_coherence(sr_coherence), .sr_amplification(sr_amplification),
        .beta_quiet(beta_quiet), .theta_phase(theta_phase),
        .state_transitioning(state_transitioning),
        .state_transition_progress(state_transition_progress),
        .state_transition_from(state_transition_from), .state_transition_to(state_transition_to)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, c, en_count, moved_off_en, crossings, phases_seen, xs, dac_lo, dac_hi, dac_moves;
    integer trans_ticks, landed, sie_seen;
    reg signed [35:0] prod36;
    reg signed [17:0] prev_theta;
    reg [11:0] prev_dac;

    // The enable as it was before the last rising edge (what the children saw on it).
    reg clk_en_q = 1'b0;
    always @(negedge clk) clk_en_q <= dut.clk_en;

    `include "tb_common.vh"

    // Any X or Z on an output port.
    function has_x;
        input dummy;
        begin
            has_x = ^{dac_output, debug_motor_l23, debug_theta, ca3_learning, ca3_recalling,
                      ca3_phase_pattern, cortical_pattern_out, f0_x, f0_y, f0_amplitude,
                      sr_f_x_packed, sr_coherence_packed, sie_per_harmonic, coherence_mask,
                      sr_coherence, sr_amplification, beta_quiet, theta_phase,
                      state_transitioning, state_transition_progress, state_transition_from,
                      state_transition_to} === 1'bx;
        end
    endfunction

    // One 4 kHz tick: ten clocks. Counts the clocks with the enable high and the clocks on which
    // theta changed although the enable was low.
    task tick;
        begin
            for (c = 0; c < 10; c = c + 1) begin
                prev_theta = debug_theta;
                @(posedge clk);
                #1;
                if (debug_theta !== prev_theta && !clk_en_q) moved_off_en = moved_off_en + 1;
                if (dut.clk_en) en_count = en_count + 1;
                @(negedge clk);
            end
            if (has_x(1'b0)) xs = xs + 1;
        end
    endtask

    initial begin
        en_count = 0;
        moved_off_en = 0;
        xs = 0;
        rst = 1'b1;
        @(posedge clk);
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        // ---- reset values (section 1.1: x starts at 0.5; the mixer's DAC at mid-scale)
        check("reset_theta_half", debug_theta == 18'sd8192);
        check("reset_dac_midscale", dac_output == 12'd2048);
        check("reset_state_normal", state_transition_to == 3'd0 && !state_transitioning);
        check("reset_ca3_idle", !ca3_learning && !ca3_recalling && ca3_phase_pattern == 6'd0);
        check("reset_no_x", !has_x(1'b0));
        // One lead clock, as in co-simulation: from here every tick ends on the enabled edge.
        @(posedge clk);
        @(negedge clk);

        // ---- 2 s in NORMAL: enable cadence, theta frequency, phases, DAC
        crossings = 0;
        phases_seen = 0;
        dac_lo = 4095;
        dac_hi = 0;
        dac_moves = 0;
        prev_dac = dac_output;
        en_count = 0;
        sie_seen = 0;
        for (k = 0; k < 8000; k = k + 1) begin
            prev_theta = debug_theta;
            tick;
            if (dut.u_sie.sie_phase != 3'd0) sie_seen = sie_seen + 1;
            if (prev_theta < 0 && debug_theta >= 0) crossings = crossings + 1;
            phases_seen = phases_seen | (1 << theta_phase);
            if (dac_output < dac_lo) dac_lo = dac_output;
            if (dac_output > dac_hi) dac_hi = dac_output;
            if (dac_output != prev_dac) dac_moves = dac_moves + 1;
            prev_dac = dac_output;
        end
        check("enable_one_clock_in_ten", en_count == 8000);
        check("outputs_move_only_on_enable", moved_off_en == 0);
        // 5.89 Hz for 2 s: 11 or 12 rising crossings (the first 0.08 s from x = 0.5 included).
        check("theta_5_89_hz", crossings >= 11 && crossings <= 12);
        check("theta_phase_all_eight", phases_seen == 255);
        check("dac_inside_rails", dac_lo >= 1 && dac_hi <= 4094);
        check("dac_moves", dac_moves > 4000 && dac_hi - dac_lo > 200);
        check("f0_x_is_field_0", sr_f_x_packed[17:0] == f0_x);
        check("coherence_field_4_defined", ^sr_coherence_packed[89:72] !== 1'bx);
        check("no_spontaneous_sie_in_2_s", sie_seen == 0);
        check("sync_gain_zero_at_rest", dut.sync_gain == 18'sd0);
        check("coupling_reads_triad_sync",
              dut.u_coupling_mode.sync_order == dut.u_bicoherence.triad_sync);
        // ---- a one-tick ignition_trigger starts an SIE on the next edge
        ignition_trigger = 1'b1;
        tick;
        ignition_trigger = 1'b0;
        check("trigger_starts_sie", dut.u_sie.sie_phase == 3'd1 && dut.u_sie.sie_active);
        tick;
        check("sie_runs_after_pulse", dut.u_sie.sie_phase == 3'd1 && dut.u_sie.phase_timer == 16'd1);
        for (k = 0; k < 4000; k = k + 1) tick;
        prod36 = dut.sie_gain * dut.harmonic_gain;
        check("sync_gain_follows_the_event", dut.sie_gain > 18'sd0 && dut.sync_gain > 18'sd0
              && dut.sync_gain == prod36[30:13]);

        // ---- MEDITATION over 100 ticks
        transition_duration = 16'd100;
        state_select = 3'd4;
        tick;
        check("transition_starts", state_transitioning && state_transition_from == 3'd0
                                   && state_transition_to == 3'd4);
        trans_ticks = 0;
        landed = 0;
        for (k = 0; k < 150; k = k + 1) begin
            if (state_transitioning) trans_ticks = trans_ticks + 1;
            tick;
            if (!state_transitioning && landed == 0) landed = k + 1;
        end
        check("transition_lasts_duration", trans_ticks == 100);
        check("transition_lands_full", state_transition_progress == 16'hFFFF && !state_transitioning
                                       && state_transition_to == 3'd4);

        // ---- code 7 requests NORMAL, instantly with duration 0
        transition_duration = 16'd0;
        state_select = 3'd7;
        tick;
        tick;
        tick;
        check("code_7_is_normal", state_transition_to == 3'd0 && !state_transitioning);

        // ---- an SR field and a sensory drive keep every port defined
        sr_field_input = 18'sd8192;
        sr_field_packed = {5{18'sd4096}};
        sensory_input = 18'sd16384;
        for (k = 0; k < 500; k = k + 1) tick;
        check("no_x_anywhere", xs == 0);
        check("dac_inside_rails_driven", dac_output >= 1 && dac_output <= 4094);

        $display("tb_phi_n_neural_processor: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
