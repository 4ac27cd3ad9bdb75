// tb_coupling_mode_controller: self-checking testbench for rtl/coupling_mode_controller.v
// (contract: docs/spec/coupling_mode_controller.md). Runs under Verilator (--binary) and Icarus
// (-g2005) and ends with "tb_coupling_mode_controller: N passed, N failed".
//
// Checks the table's gains (1.0/0.125, 0.5/0.5 mid-crossfade, 0.125/1.0), the 2000-tick
// crossfade, the transition rules (sync_order > 0.7 AND boundary power, SIE hold, sync_order < 0.5, DECAY), the
// MEDITATION override, and that no edge goes from MODULATORY to HARMONIC or back directly.
`default_nettype none
module tb_coupling_mode_controller;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] r = 18'sd0;
    reg signed [17:0] bp = 18'sd0;
    reg act = 1'b0, dec = 1'b0, frc = 1'b0;
    wire [1:0] mode;
    wire tgt;
    wire [10:0] timer;
    wire signed [17:0] pac, harm;

    coupling_mode_controller dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .sync_order(r), .boundary_power(bp),
        .sie_active(act), .sie_decay_phase(dec), .force_harmonic(frc),
        .coupling_mode(mode), .mode_target(tgt), .xfade_timer(timer), .pac_gain(pac),
        .harmonic_gain(harm)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k, ntrans, skips, mid_ok;
    reg [1:0] prev;

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            prev = mode;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
            if ((prev == 2'd0 && mode == 2'd2) || (prev == 2'd2 && mode == 2'd0)) skips = skips + 1;
        end
    endtask

    initial begin
        skips = 0;
        do_reset;
        check("reset MODULATORY 1.0/0.125", mode == 2'd0 && pac == 18'sd16384 && harm == 18'sd2048);
        r = 18'sd16384; bp = 18'sd0;
        for (k = 0; k < 10; k = k + 1) tick;
        check("R alone does not switch", mode == 2'd0);
        r = 18'sd11469; bp = 18'sd16384;
        tick;
        check("R = 0.7 is not above 0.7", mode == 2'd0);
        r = 18'sd13000; bp = 18'sd8000;
        tick;
        check("R > 0.7 AND power -> TRANSITION", mode == 2'd1 && tgt);
        ntrans = 1; mid_ok = 0;
        for (k = 0; k < 2100; k = k + 1) begin
            tick;
            if (mode == 2'd1) ntrans = ntrans + 1;
            if (timer == 11'd1000 && pac == 18'sd8192 && harm == 18'sd8192) mid_ok = 1;
        end
        check("crossfade lasts 2000 ticks", ntrans == 2000);
        check("crossfade passes 0.5/0.5", mid_ok == 1);
        check("HARMONIC 0.125/1.0", mode == 2'd2 && pac == 18'sd2048 && harm == 18'sd16384);
        r = 18'sd8192; bp = 18'sd0;
        tick;
        check("R = 0.5 keeps HARMONIC", mode == 2'd2);
        act = 1'b1; r = 18'sd0;
        tick;
        check("active SIE holds HARMONIC", mode == 2'd2);
        dec = 1'b1; r = 18'sd16384;
        tick;
        check("DECAY releases HARMONIC", mode == 2'd1 && !tgt);
        act = 1'b0; dec = 1'b0; frc = 1'b1;
        for (k = 0; k < 2000; k = k + 1) tick;
        check("crossfade completes under MEDITATION", mode == 2'd0 && pac == 18'sd16384);
        tick;
        check("MEDITATION starts TRANSITION", mode == 2'd1 && tgt);
        r = 18'sd0;
        for (k = 0; k < 3000; k = k + 1) tick;
        check("MEDITATION holds HARMONIC at R = 0", mode == 2'd2);
        frc = 1'b0;
        tick;
        check("R < 0.5 releases without override", mode == 2'd1);
        for (k = 0; k < 2000; k = k + 1) tick;
        check("back to MODULATORY", mode == 2'd0 && harm == 18'sd2048);
        check("never skips TRANSITION", skips == 0);
        $display("tb_coupling_mode_controller: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
