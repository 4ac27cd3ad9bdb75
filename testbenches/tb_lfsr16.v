// tb_lfsr16: self-checking testbench for rtl/lfsr16.v (contract: docs/spec/lfsr16.md).
// Runs under Verilator (--binary) and Icarus (-g2005); prints one line per failing check and ends
// with "tb_lfsr16: N passed, N failed".
//
// Default STEPS = 1 instances check the polynomial shift by shift; a STEPS = 16 instance (as in
// sr_noise_generator) checks that one tick equals 16 single shifts and that its period in ticks
// is still 65535.
//
// One tick is one rising clk edge with clk_en high. Stimulus changes on the falling edge and
// outputs are sampled there, so there is no race with the DUT's posedge process.
`default_nettype none
module tb_lfsr16;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;

    wire [15:0] lfsr_def;   // default SEED = 16'hACE1
    wire [15:0] lfsr_one;   // SEED = 16'h8000: one set bit at the top
    wire [15:0] lfsr_zero;  // SEED = 0: the lock-up state
    wire [15:0] lfsr_16;    // SEED = 16'hACE1, STEPS = 16: a fresh word per tick

    lfsr16 dut (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_def));
    lfsr16 #(.SEED(16'h8000)) dut_one (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_one));
    lfsr16 #(.SEED(16'h0000)) dut_zero (.clk(clk), .rst(rst), .clk_en(clk_en), .lfsr(lfsr_zero));
    lfsr16 #(.SEED(16'hACE1), .STEPS(16)) dut_16 (.clk(clk), .rst(rst), .clk_en(clk_en),
                                                  .lfsr(lfsr_16));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer errs;
    integer period;
    integer period16;
    integer errs16;
    integer first_err_k;
    reg [15:0] expect;
    reg [15:0] expect_one;
    reg [15:0] expect16;
    reg [15:0] held;
    reg [15:0] held16;
    reg        hit_zero;
    reg        hit_zero16;

    // Reference next state, written from the polynomial x^16 + x^14 + x^13 + x^11 + 1:
    // shift left, bit 0 takes the XOR of bits 15, 13, 12 and 10.
    function [15:0] lfsr_next;
        input [15:0] s;
        begin
            lfsr_next = {s[14:0], s[15] ^ s[13] ^ s[12] ^ s[10]};
        end
    endfunction

    // STEPS = 16: sixteen single shifts, applied one after the other.
    function [15:0] lfsr_next16;
        input [15:0] s;
        integer i;
        begin
            lfsr_next16 = s;
            for (i = 0; i < 16; i = i + 1) lfsr_next16 = lfsr_next(lfsr_next16);
        end
    endfunction

    `include "tb_common.vh"

    initial begin
        @(negedge clk);

        // --- reset loads SEED ---
        clk_en = 1'b1;
        do_reset;
        check("reset_loads_seed_ace1", lfsr_def == 16'hACE1);
        check("reset_loads_seed_8000", lfsr_one == 16'h8000);
        check("reset_loads_seed_0000", lfsr_zero == 16'h0000);
        check("steps16_reset_loads_seed_ace1", lfsr_16 == 16'hACE1);

        // --- known first values ---
        clock;
        check("first_value_59c3", lfsr_def == 16'h59C3);
        check("first_value_of_8000_is_0001", lfsr_one == 16'h0001);
        // STEPS = 16: 0xACE1 after 16 single shifts (cross-checked with phin-core Lfsr16::advance).
        check("steps16_first_value_e455", lfsr_16 == 16'hE455);
        clock;
        check("second_value_b387", lfsr_def == 16'hB387);
        check("steps16_second_value_dd17", lfsr_16 == 16'hDD17);
        clock;
        check("third_value_670f", lfsr_def == 16'h670F);
        check("steps16_third_value_e30b", lfsr_16 == 16'hE30B);

        // --- full period: every step follows the taps, first return to SEED after 65535 ---
        do_reset;
        expect = 16'hACE1;
        expect_one = 16'h8000;
        expect16 = 16'hACE1;
        errs = 0;
        errs16 = 0;
        first_err_k = -1;
        period = 0;
        period16 = 0;
        hit_zero = 1'b0;
        hit_zero16 = 1'b0;
        for (k = 1; k <= 65536; k = k + 1) begin
            clock;
            expect = lfsr_next(expect);
            expect_one = lfsr_next(expect_one);
            expect16 = lfsr_next16(expect16);
            if (lfsr_def != expect || lfsr_one != expect_one) begin
                if (errs == 0) first_err_k = k;
                errs = errs + 1;
            end
            if (lfsr_16 != expect16) errs16 = errs16 + 1;
            if (lfsr_def == 16'h0000) hit_zero = 1'b1;
            if (lfsr_16 == 16'h0000) hit_zero16 = 1'b1;
            if (period == 0 && lfsr_def == 16'hACE1) period = k;
            if (period16 == 0 && lfsr_16 == 16'hACE1) period16 = k;
        end
        if (errs != 0)
            $display("FAIL detail: %0d mismatches, first at tick %0d", errs, first_err_k);
        check("every_step_follows_the_taps", errs == 0);
        if (period != 65535) $display("FAIL detail: period %0d", period);
        check("period_is_65535", period == 65535);
        check("never_reaches_zero", !hit_zero);
        // After 65536 ticks the register is one step past SEED again.
        check("period_wraps_to_59c3", lfsr_def == 16'h59C3);
        // STEPS = 16: gcd(16, 65535) = 1, so the period in ticks stays 65535.
        if (errs16 != 0) $display("FAIL detail: STEPS 16: %0d ticks differ from 16 shifts", errs16);
        check("steps16_tick_is_16_single_shifts", errs16 == 0);
        if (period16 != 65535) $display("FAIL detail: STEPS 16 period %0d", period16);
        check("steps16_period_is_65535_ticks", period16 == 65535);
        check("steps16_never_reaches_zero", !hit_zero16);
        check("steps16_period_wraps_to_e455", lfsr_16 == 16'hE455);

        // --- clk_en low holds the value ---
        clk_en = 1'b0;
        held = lfsr_def;
        held16 = lfsr_16;
        errs = 0;
        for (k = 0; k < 20; k = k + 1) begin
            clock;
            if (lfsr_def != held || lfsr_16 != held16) errs = errs + 1;
        end
        check("holds_with_clk_en_low", errs == 0);

        // --- synchronous reset, active even with clk_en low ---
        rst = 1'b1;
        #1;
        check("reset_waits_for_the_edge", lfsr_def == held);
        clock;
        rst = 1'b0;
        check("reset_wins_over_clk_en_low", lfsr_def == 16'hACE1 && lfsr_16 == 16'hACE1);

        // --- enable every fourth clock: one step (16 for STEPS = 16) per enable, none between ---
        expect = 16'hACE1;
        expect16 = 16'hACE1;
        errs = 0;
        for (k = 0; k < 400; k = k + 1) begin
            clk_en = (k % 4) == 3;
            clock;
            if (clk_en) begin
                expect = lfsr_next(expect);
                expect16 = lfsr_next16(expect16);
            end
            if (lfsr_def != expect || lfsr_16 != expect16) errs = errs + 1;
        end
        check("steps_only_on_clk_en", errs == 0);
        clk_en = 1'b1;

        // --- seed 0 is the lock-up state ---
        errs = 0;
        do_reset;
        for (k = 0; k < 1000; k = k + 1) begin
            clock;
            if (lfsr_zero != 16'h0000) errs = errs + 1;
        end
        check("seed_zero_stays_zero", errs == 0);

        $display("tb_lfsr16: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    // Watchdog: a hang is a failure, not a silent timeout.
    initial begin
        #10000000;
        $display("FAIL watchdog");
        $display("tb_lfsr16: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
`default_nettype wire
