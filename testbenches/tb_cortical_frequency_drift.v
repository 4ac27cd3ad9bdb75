// tb_cortical_frequency_drift: self-checking testbench for rtl/cortical_frequency_drift.v
// (contract: docs/spec/cortical_frequency_drift.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_cortical_frequency_drift: N passed, N failed".
`default_nettype none
/* verilator lint_off WIDTH */
module tb_cortical_frequency_drift;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg adaptive_en = 1'b0;
    reg signed [17:0] force_l6 = 0, force_l5a = 0, force_l5b = 0, force_l4 = 0, force_l23 = 0;
    wire signed [5:0] drift_l6, drift_l5a, drift_l5b, drift_l4, drift_l23;
    wire signed [5:0] jitter_l6, jitter_l5a, jitter_l5b, jitter_l4, jitter_l23;
    wire [9:0] upd_cnt;
    wire signed [17:0] omega_drift_l6, omega_drift_l5a, omega_drift_l5b, omega_drift_l4,
                       omega_drift_l23;

    cortical_frequency_drift dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .adaptive_en(adaptive_en),
        .force_l6(force_l6), .force_l5a(force_l5a), .force_l5b(force_l5b), .force_l4(force_l4),
        .force_l23(force_l23),
        .drift_l6(drift_l6), .drift_l5a(drift_l5a), .drift_l5b(drift_l5b), .drift_l4(drift_l4),
        .drift_l23(drift_l23),
        .jitter_l6(jitter_l6), .jitter_l5a(jitter_l5a), .jitter_l5b(jitter_l5b),
        .jitter_l4(jitter_l4), .jitter_l23(jitter_l23), .upd_cnt(upd_cnt),
        .omega_drift_l6(omega_drift_l6), .omega_drift_l5a(omega_drift_l5a),
        .omega_drift_l5b(omega_drift_l5b), .omega_drift_l4(omega_drift_l4),
        .omega_drift_l23(omega_drift_l23)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer jerr, oerr, steperr, dmin, dmax, jmin, jmax, prev, dstep;
    integer held;

    `include "tb_common.vh"

    // The jitter formula of 10.2 on five bits, clamped to +-13.
    function integer jit_ref;
        input [4:0] b;
        begin
            jit_ref = (b[4] ? 8 : -8) + (b[3] ? 4 : -4) + (b[2] ? 2 : -2) + (b[1] ? 1 : -1)
                    + (b[0] ? 1 : 0);
            if (jit_ref > 13) jit_ref = 13;
            if (jit_ref < -13) jit_ref = -13;
        end
    endfunction

    initial begin
        @(negedge clk);
        clk_en = 1'b1;
        do_reset;
        check("reset_zero_drift", drift_l6 == 0 && drift_l23 == 0 && upd_cnt == 0);
        check("jitter_formula_00000", jit_ref(5'b00000) == -13 && jit_ref(5'b10000) == 1);

        jerr = 0; oerr = 0; steperr = 0;
        dmin = 0; dmax = 0; jmin = 0; jmax = 0;
        prev = 0;
        for (k = 1; k <= 24000; k = k + 1) begin
            clock;
            if (jitter_l6 != jit_ref(dut.jit_lfsr_l6[4:0]) ||
                jitter_l23 != jit_ref(dut.jit_lfsr_l23[4:0])) jerr = jerr + 1;
            if (omega_drift_l6 != drift_l6 + jitter_l6 || omega_drift_l4 != drift_l4 + jitter_l4)
                oerr = oerr + 1;
            dstep = drift_l5a - prev;
            if (k % 800 == 0) begin
                if (dstep != 1 && dstep != -1) steperr = steperr + 1;
            end else if (dstep != 0) steperr = steperr + 1;
            prev = drift_l5a;
            if (drift_l5a < dmin) dmin = drift_l5a;
            if (drift_l5a > dmax) dmax = drift_l5a;
            if (jitter_l5b < jmin) jmin = jitter_l5b;
            if (jitter_l5b > jmax) jmax = jitter_l5b;
        end
        check("jitter_matches_formula", jerr == 0);
        check("omega_is_drift_plus_jitter", oerr == 0);
        check("drift_steps_1_every_800", steperr == 0);
        check("drift_within_12", dmin >= -12 && dmax <= 12);
        check("jitter_within_13", jmin >= -13 && jmax <= 13);
        check("jitter_reaches_13", jmin == -13 && jmax == 13);

        // Force: ignored unless adaptive_en; pushes to the bound when it is.
        do_reset;
        force_l6 = 18'sd30; force_l5a = -18'sd30;
        adaptive_en = 1'b1;
        for (k = 0; k < 8000; k = k + 1) clock;
        check("force_pushes_up", drift_l6 == 12);
        check("force_pushes_down", drift_l5a == -12);
        do_reset;
        adaptive_en = 1'b0;
        for (k = 0; k < 2400; k = k + 1) clock;
        check("force_ignored_when_static", drift_l6 >= -3 && drift_l6 <= 3 &&
                                           drift_l5a >= -3 && drift_l5a <= 3);

        clk_en = 1'b0;
        held = upd_cnt;
        for (k = 0; k < 20; k = k + 1) clock;
        check("holds_with_clk_en_low", upd_cnt == held);
        clk_en = 1'b1;

        $display("tb_cortical_frequency_drift: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #20000000;
        $display("FAIL watchdog");
        $display("tb_cortical_frequency_drift: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
