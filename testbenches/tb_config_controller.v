// tb_config_controller: self-checking testbench for rtl/config_controller.v
// (contract: docs/spec/config_controller.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_config_controller: N passed, N failed".
//
// Checks, with the section 8.2 MU table written out here independently of the RTL: every state
// reached instantly from every state has its MU row; codes 5-7 request NORMAL; a ramp is
// monotone, holds transitioning for exactly transition_duration ticks and lands exactly on the
// target with progress 65535; a request during a ramp holds the outputs on its edge and then
// never steps by more than one MU per tick; MEDITATION forces harmonic coupling; clk_en low
// freezes everything. Stimulus changes on the falling edge and outputs are sampled there.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_config_controller;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg [2:0] state_select = 3'd0;
    reg [15:0] transition_duration = 16'd0;
    wire signed [17:0] mu_theta, mu_l6, mu_l5b, mu_l5a, mu_l4, mu_l23, ca_threshold;
    wire [15:0] d_coh, d_ign, d_plat, d_prop, d_dec, d_ref, progress;
    wire force_harmonic, transitioning;
    wire [2:0] from, to;

    config_controller dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .state_select(state_select), .transition_duration(transition_duration),
        .mu_dt_theta(mu_theta), .mu_dt_l6(mu_l6), .mu_dt_l5b(mu_l5b), .mu_dt_l5a(mu_l5a),
        .mu_dt_l4(mu_l4), .mu_dt_l23(mu_l23), .ca_threshold(ca_threshold),
        .sie_dur_coherence(d_coh), .sie_dur_ignition(d_ign), .sie_dur_plateau(d_plat),
        .sie_dur_propagation(d_prop), .sie_dur_decay(d_dec), .sie_dur_refractory(d_ref),
        .force_harmonic(force_harmonic), .transitioning(transitioning),
        .transition_progress(progress), .transition_from(from), .transition_to(to)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer s, f, k, t, errs, steps, big;
    reg [17:0] row [0:4];  // 6 x 3-bit MU values per state, theta first
    reg [107:0] prev;      // previous six MU values, 18 bits each
    reg [15:0] prev_prog;
    reg signed [17:0] prev_ca;

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
        end
    endtask

    task go;  // request state s with duration d, run n ticks
        input [2:0] st;
        input [15:0] d;
        input integer n;
        integer i;
        begin
            state_select = st;
            transition_duration = d;
            for (i = 0; i < n; i = i + 1) tick;
        end
    endtask

    function mu_is;  // outputs equal the MU row of state st
        input integer st;
        begin
            mu_is = mu_theta == row[st][17:15] && mu_l6 == row[st][14:12]
                 && mu_l5b == row[st][11:9] && mu_l5a == row[st][8:6]
                 && mu_l4 == row[st][5:3] && mu_l23 == row[st][2:0];
        end
    endfunction

    function integer absdiff;
        input integer a;
        input integer b;
        begin
            absdiff = (a > b) ? a - b : b - a;
        end
    endfunction

    initial begin
        //          theta   L6    L5b   L5a   L4   L2/3   (section 8.2)
        row[0] = {3'd3, 3'd3, 3'd3, 3'd3, 3'd3, 3'd3};  // NORMAL
        row[1] = {3'd2, 3'd6, 3'd2, 3'd2, 3'd1, 3'd1};  // ANESTHESIA
        row[2] = {3'd4, 3'd1, 3'd4, 3'd4, 3'd6, 3'd6};  // PSYCHEDELIC
        row[3] = {3'd4, 3'd2, 3'd6, 3'd6, 3'd4, 3'd4};  // FLOW
        row[4] = {3'd6, 3'd6, 3'd1, 3'd1, 3'd1, 3'd2};  // MEDITATION

        rst = 1'b1;
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("reset_is_normal", mu_is(0) && to == 0 && from == 0 && !transitioning
              && ca_threshold == 8192 && d_coh == 14000 && d_ref == 40000);

        // Every state reached instantly from every state.
        errs = 0;
        for (f = 0; f < 5; f = f + 1)
            for (s = 0; s < 5; s = s + 1) begin
                go(f, 0, 2);
                go(s, 0, 2);
                if (!mu_is(s) || to != s || transitioning || (f != s && progress != 16'hFFFF)
                    || force_harmonic != (s == 4)) errs = errs + 1;
            end
        check("every_state_has_its_mu_row", errs == 0);

        // Instant means one tick after the request edge.
        go(3, 0, 2);
        go(1, 0, 1);
        check("request_edge_holds_outputs", mu_is(3) && transitioning && from == 3 && to == 1);
        go(1, 0, 1);
        check("duration_0_lands_next_tick", mu_is(1) && !transitioning);

        // Codes 5-7 request NORMAL; held at NORMAL they are no request.
        errs = 0;
        for (s = 5; s < 8; s = s + 1) begin
            go(2, 0, 2);
            go(s, 0, 2);
            if (!mu_is(0) || to != 0 || from != 2 || ca_threshold != 8192) errs = errs + 1;
            go(s, 500, 20);
            if (transitioning || !mu_is(0)) errs = errs + 1;
        end
        check("codes_5_to_7_request_normal", errs == 0);

        // NORMAL -> MEDITATION over 1000 ticks: monotone, exact landing at tick 1000.
        go(0, 0, 2);
        go(4, 1000, 1);
        errs = 0;
        steps = 0;
        big = 0;
        prev = {mu_theta, mu_l6, mu_l5b, mu_l5a, mu_l4, mu_l23};
        prev_prog = progress;
        prev_ca = ca_threshold;
        for (t = 1; t <= 1000; t = t + 1) begin
            tick;
            // theta, L6 rise (3 -> 6); L5b, L5a, L4 fall (3 -> 1); L2/3 falls (3 -> 2).
            if ($signed(mu_theta) < $signed(prev[107:90]) || $signed(mu_l6) < $signed(prev[89:72])
                || $signed(mu_l5b) > $signed(prev[71:54]) || $signed(mu_l5a) > $signed(prev[53:36])
                || $signed(mu_l4) > $signed(prev[35:18]) || $signed(mu_l23) > $signed(prev[17:0])
                || progress < prev_prog || ca_threshold < prev_ca)
                errs = errs + 1;
            if (absdiff(mu_theta, $signed(prev[107:90])) > 1) big = big + 1;
            if (transitioning) steps = steps + 1;
            prev = {mu_theta, mu_l6, mu_l5b, mu_l5a, mu_l4, mu_l23};
            prev_prog = progress;
            prev_ca = ca_threshold;
        end
        check("ramp_is_monotone", errs == 0 && big == 0);
        check("ramp_lasts_exactly_the_duration", steps == 999 && !transitioning);
        check("ramp_lands_exactly_on_target", mu_is(4) && ca_threshold == 9830
              && d_coh == 20000 && d_ref == 24000 && progress == 16'hFFFF);
        check("meditation_forces_harmonic", force_harmonic);

        // Mid-transition request: MEDITATION -> PSYCHEDELIC over 4000, then FLOW at tick 1500.
        go(2, 4000, 1501);
        prev = {mu_theta, mu_l6, mu_l5b, mu_l5a, mu_l4, mu_l23};
        prev_ca = ca_threshold;
        check("mid_ramp_is_between", transitioning && progress > 0 && ca_threshold < 9830
              && ca_threshold > 4915);
        go(3, 2000, 1);
        check("mid_request_holds_outputs", {mu_theta, mu_l6, mu_l5b, mu_l5a, mu_l4, mu_l23} == prev
              && ca_threshold == prev_ca && from == 2 && to == 3 && progress == 0);
        check("mid_request_uses_shadow", dut.start_ca == prev_ca && dut.start_mu_l6 == mu_l6);
        errs = 0;
        for (t = 1; t <= 2000; t = t + 1) begin
            tick;
            if (absdiff(mu_theta, $signed(prev[107:90])) > 1 || absdiff(mu_l6, $signed(prev[89:72])) > 1
                || absdiff(mu_l5b, $signed(prev[71:54])) > 1 || absdiff(mu_l4, $signed(prev[35:18])) > 1
                || absdiff(ca_threshold, prev_ca) > 2)
                errs = errs + 1;
            prev = {mu_theta, mu_l6, mu_l5b, mu_l5a, mu_l4, mu_l23};
            prev_ca = ca_threshold;
        end
        check("mid_request_never_jumps", errs == 0);
        check("mid_request_lands_on_flow", mu_is(3) && !transitioning && ca_threshold == 6554);

        // clk_en low freezes a ramp.
        go(1, 100, 10);
        prev_prog = progress;
        @(posedge clk);
        @(posedge clk);
        @(negedge clk);
        check("clk_en_low_freezes", progress == prev_prog && transitioning);

        $display("tb_config_controller: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #5000000;
        $display("FAIL watchdog");
        $display("tb_config_controller: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
