// tb_ca3_phase_memory: self-checking testbench for rtl/ca3_phase_memory.v
// (contract: docs/spec/ca3_phase_memory.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_ca3_phase_memory: N passed, N failed".
//
// Theta is synthetic and fast: a cycle is HALF ticks at theta_x = +0.49 (a peak event on its
// first tick) and HALF ticks at -0.49 (a trough event). A pattern is presented in the high half
// (learning at peaks) or the low half (a cue at troughs). Weights are read hierarchically
// (dut.w_i_j). Stimulus changes on the falling edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_ca3_phase_memory;
    localparam integer HALF = 8;

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] theta_x = 18'sd0;
    reg [5:0] pattern_in = 6'd0;
    wire [5:0] phase_pattern;
    wire learning, recalling;

    ca3_phase_memory dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .theta_x(theta_x), .pattern_in(pattern_in),
        .phase_pattern(phase_pattern), .learning(learning), .recalling(recalling)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer learn_pulses, recall_pulses, neg_errs, w02_at_30;

    `include "tb_common.vh"

    task clock_counted;  // one clock, counting CA3 pulses and negative weights
        begin
            @(posedge clk);
            @(negedge clk);
            if (learning) learn_pulses = learn_pulses + 1;
            if (recalling) recall_pulses = recall_pulses + 1;
            if (dut.w_0_1 < 0 || dut.w_0_2 < 0 || dut.w_2_4 < 0 || dut.w_4_5 < 0) neg_errs = neg_errs + 1;
        end
    endtask

    // n theta cycles with `at_peak` in the high half and `at_trough` in the low half.
    task cycles;
        input integer n;
        input [5:0] at_peak;
        input [5:0] at_trough;
        integer c, j;
        begin
            for (c = 0; c < n; c = c + 1) begin
                theta_x = 18'sd8000;
                pattern_in = at_peak;
                for (j = 0; j < HALF; j = j + 1) clock_counted;
                theta_x = -18'sd8000;
                pattern_in = at_trough;
                for (j = 0; j < HALF; j = j + 1) clock_counted;
            end
        end
    endtask

    function all_zero;
        input dummy;
        begin
            all_zero = dut.w_0_1 == 0 && dut.w_0_2 == 0 && dut.w_0_3 == 0 && dut.w_0_4 == 0 &&
                       dut.w_0_5 == 0 && dut.w_1_2 == 0 && dut.w_1_3 == 0 && dut.w_1_4 == 0 &&
                       dut.w_1_5 == 0 && dut.w_2_3 == 0 && dut.w_2_4 == 0 && dut.w_2_5 == 0 &&
                       dut.w_3_4 == 0 && dut.w_3_5 == 0 && dut.w_4_5 == 0;
        end
    endfunction

    initial begin
        learn_pulses = 0; recall_pulses = 0; neg_errs = 0;
        @(negedge clk);
        rst = 1'b1;
        clock_counted;
        rst = 1'b0;
        check("reset_weights_zero", all_zero(1'b0));
        check("reset_idle", dut.state == 0 && phase_pattern == 0 && !learning && !recalling);

        // Hysteresis: +-0.244 never crosses +-0.25, so nothing happens even with a pattern.
        clk_en = 1'b1;
        pattern_in = 6'b111111;
        for (k = 0; k < 200; k = k + 1) begin
            theta_x = (k % 2) ? -18'sd4000 : 18'sd4000;
            clock_counted;
        end
        check("hysteresis_blocks_small_theta", all_zero(1'b0) && learn_pulses == 0 && dut.theta_high == 0);

        // Learn 0b010101 (sensory, association, motor L2/3) at 20 peaks.
        cycles(20, 6'b010101, 6'b000000);
        check("learns_at_every_peak", learn_pulses == 20);
        check("weight_0_2_is_40", dut.w_0_2 == 40);
        check("weight_0_4_is_40", dut.w_0_4 == 40);
        check("weight_2_4_is_40", dut.w_2_4 == 40);
        check("unpaired_weights_stay_zero", dut.w_0_1 == 0 && dut.w_1_3 == 0 && dut.w_3_5 == 0);
        check("no_recall_without_cue", recall_pulses == 0 && phase_pattern == 0);

        // Partial cue at the trough: unit 0 alone completes units 2 and 4.
        cycles(2, 6'b000000, 6'b000001);
        check("recalls_at_troughs", recall_pulses == 2);
        check("partial_cue_completes_pattern", phase_pattern == 6'b010100);
        cycles(1, 6'b000000, 6'b000101);
        check("two_unit_cue_recalls_all_three", phase_pattern == 6'b010101);
        cycles(1, 6'b000000, 6'b000010);
        check("unrelated_cue_recalls_nothing", phase_pattern == 6'b000000);
        check("recall_does_not_change_weights", dut.w_0_2 == 40 && dut.w_1_2 == 0);

        // Saturation at WEIGHT_MAX = 100.
        cycles(60, 6'b110000, 6'b000000);
        check("saturates_at_100", dut.w_4_5 == 100);
        check("others_unchanged_by_new_pattern", dut.w_0_2 == 40);

        // Decay: no pattern. One decrement every 10 theta cycles.
        cycles(30, 6'b000000, 6'b000000);
        w02_at_30 = dut.w_0_2;
        check("decays_by_one_per_10_cycles", w02_at_30 == 37 && dut.w_4_5 == 97);
        cycles(1100, 6'b000000, 6'b000000);
        check("unused_pattern_decays_to_zero", all_zero(1'b0));
        check("weights_never_negative", neg_errs == 0);

        // A pattern at peaks holds decay off: the counter restarts.
        cycles(5, 6'b000011, 6'b000000);
        cycles(9, 6'b000000, 6'b000000);
        check("no_decay_before_10_idle_cycles", dut.w_0_1 == 10);
        cycles(1, 6'b000000, 6'b000000);
        check("decay_after_10_idle_cycles", dut.w_0_1 == 9);

        // clk_en low holds everything.
        clk_en = 1'b0;
        cycles(3, 6'b000011, 6'b000011);
        check("holds_with_clk_en_low", dut.w_0_1 == 9);
        clk_en = 1'b1;

        rst = 1'b1;
        clock_counted;
        rst = 1'b0;
        check("reset_clears_weights", all_zero(1'b0) && phase_pattern == 0);

        $display("tb_ca3_phase_memory: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
