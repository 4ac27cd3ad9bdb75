// tb_pv_interneuron: self-checking testbench for rtl/pv_interneuron.v
// (contract: docs/spec/pv_interneuron.md). Runs under Verilator (--binary) and Icarus (-g2005);
// prints one line per failing check and ends with "tb_pv_interneuron: N passed, N failed".
// Stimulus changes on the falling edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_pv_interneuron;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg  signed [17:0] pyramid_input = 18'sd0;
    wire signed [17:0] pv_state, inhibition;

    pv_interneuron dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .pyramid_input(pyramid_input), .pv_state(pv_state), .inhibition(inhibition)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer k;
    integer n63;
    integer errs;
    integer ref_pv;
    integer held;

    `include "tb_common.vh"

    // Floor division by 2^14 on integers (>>> on a signed integer is arithmetic).
    function integer fl14;
        input integer v;
        begin
            fl14 = v >>> 14;
        end
    endfunction

    // Reference next state written from the contract.
    function integer pv_next;
        input integer pv;
        input integer p;
        integer e;
        begin
            e = fl14(8192 * p);
            pv_next = pv + fl14(819 * (e - pv));
            if (pv_next > 131071) pv_next = 131071;
            if (pv_next < -131072) pv_next = -131072;
        end
    endfunction

    initial begin
        @(negedge clk);
        clk_en = 1'b1;

        do_reset;
        check("reset_pv_zero", pv_state == 0 && inhibition == 0);

        // First step of a 1.0 input: alpha * 0.5 = 819 * 8192 >>> 14 = 409.
        pyramid_input = 18'sd16384;
        clock;
        check("first_step_409", pv_state == 18'sd409);

        // 63% of the final 8192 after ~20 ticks: tau = 5 ms.
        do_reset;
        n63 = 0;
        while (pv_state < 18'sd5178 && n63 < 100) begin
            clock;
            n63 = n63 + 1;
        end
        check("tau_20_ticks", n63 >= 19 && n63 <= 21);

        for (k = 0; k < 2000; k = k + 1) clock;
        check("steady_state_k_excite", pv_state >= 18'sd8172 && pv_state <= 18'sd8192);
        check("inhibition_k_inhib", inhibition == ((4915 * pv_state) >>> 14));
        check("inhibition_near_0_3", inhibition >= 18'sd2450 && inhibition <= 18'sd2458);

        // Bit-exact against the reference on a varying drive, extremes included.
        do_reset;
        ref_pv = 0;
        errs = 0;
        for (k = 1; k <= 3000; k = k + 1) begin
            if (k < 1000) pyramid_input = ((k * 7919) % 65536) - 32768;
            else if (k < 2000) pyramid_input = 18'sd131071;
            else pyramid_input = -18'sd131072;
            ref_pv = pv_next(ref_pv, pyramid_input);
            clock;
            if (pv_state != ref_pv || inhibition != fl14(4915 * ref_pv)) errs = errs + 1;
        end
        check("matches_reference_3000_ticks", errs == 0);
        check("negative_extreme_no_wrap", pv_state < -18'sd65000);

        // clk_en low holds the state.
        clk_en = 1'b0;
        held = pv_state;
        pyramid_input = 18'sd16384;
        for (k = 0; k < 20; k = k + 1) clock;
        check("holds_with_clk_en_low", pv_state == held);
        clk_en = 1'b1;

        $display("tb_pv_interneuron: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #2000000;
        $display("FAIL watchdog");
        $display("tb_pv_interneuron: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
