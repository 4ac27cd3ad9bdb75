// tb_sr_frequency_drift: self-checking testbench for rtl/sr_frequency_drift.v
// (contract: docs/spec/sr_frequency_drift.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_sr_frequency_drift: N passed, N failed".
//
// `dut` has the default UPDATE_INTERVAL (400): its first update is checked to fall on tick 400
// exactly. `fast` has UPDATE_INTERVAL = 2 and runs 60,000 ticks (30,000 updates): every update
// is a +-1 step in the direction of bit 0 of a reference LFSR (16 shifts per update), the drift
// never leaves the section 2.2 bounds, both halves of every range are visited, and
// omega_dt = centre + drift throughout. Stimulus changes on the falling edge.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_sr_frequency_drift;
    localparam integer TICKS = 60000;

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;

    wire signed [17:0] d0, d1, d2, d3, d4, o0, o1, o2, o3, o4;
    wire signed [17:0] e0, e1, e2, e3, e4, p0, p1, p2, p3, p4;

    sr_frequency_drift dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .drift_f0(d0), .drift_f1(d1), .drift_f2(d2), .drift_f3(d3), .drift_f4(d4),
        .omega_dt_f0(o0), .omega_dt_f1(o1), .omega_dt_f2(o2), .omega_dt_f3(o3), .omega_dt_f4(o4)
    );
    sr_frequency_drift #(.UPDATE_INTERVAL(2)) fast (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .drift_f0(e0), .drift_f1(e1), .drift_f2(e2), .drift_f3(e3), .drift_f4(e4),
        .omega_dt_f0(p0), .omega_dt_f1(p1), .omega_dt_f2(p2), .omega_dt_f3(p3), .omega_dt_f4(p4)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"
    integer k, h, t;
    integer bound_errs, step_errs, dir_errs, omega_errs, hold_errs;
    integer first_change;
    integer dmax [0:4];
    integer centre [0:4];
    integer lo [0:4];
    integer hi [0:4];
    integer prev [0:4];
    integer cur [0:4];
    integer om [0:4];
    reg [15:0] ref_lfsr [0:4];
    reg [15:0] l;

    function [15:0] lfsr_next16;
        input [15:0] s;
        integer n;
        begin
            lfsr_next16 = s;
            for (n = 0; n < 16; n = n + 1)
                lfsr_next16 = {lfsr_next16[14:0],
                               lfsr_next16[15] ^ lfsr_next16[13] ^ lfsr_next16[12] ^ lfsr_next16[10]};
        end
    endfunction


    task sample;
        begin
            cur[0] = e0; cur[1] = e1; cur[2] = e2; cur[3] = e3; cur[4] = e4;
            om[0] = p0; om[1] = p1; om[2] = p2; om[3] = p3; om[4] = p4;
        end
    endtask

    initial begin
        dmax[0] = 15; dmax[1] = 19; dmax[2] = 26; dmax[3] = 39; dmax[4] = 51;
        centre[0] = 196; centre[1] = 354; centre[2] = 514; centre[3] = 643; centre[4] = 823;
        ref_lfsr[0] = 16'h3C5A; ref_lfsr[1] = 16'hB7E2; ref_lfsr[2] = 16'h5D91;
        ref_lfsr[3] = 16'hE4C3; ref_lfsr[4] = 16'h29F8;
        @(negedge clk);
        rst = 1'b1;
        clock;
        rst = 1'b0;
        check("reset_drift_zero", d0 == 0 && d4 == 0 && e0 == 0 && e4 == 0);
        check("reset_omega_centres", o0 == 196 && o1 == 354 && o2 == 514 && o3 == 643 && o4 == 823);
        check("reset_lfsr_seeds", dut.u_lfsr_f0.lfsr == 16'h3C5A && dut.u_lfsr_f4.lfsr == 16'h29F8);

        // clk_en low: nothing moves.
        for (k = 0; k < 10; k = k + 1) clock;
        check("holds_with_clk_en_low", dut.update_count == 0 && fast.update_count == 0);

        bound_errs = 0; step_errs = 0; dir_errs = 0; omega_errs = 0; hold_errs = 0;
        first_change = -1;
        for (h = 0; h < 5; h = h + 1) begin lo[h] = 0; hi[h] = 0; prev[h] = 0; end
        clk_en = 1'b1;
        for (t = 1; t <= TICKS; t = t + 1) begin
            clock;
            if (first_change < 0 && d0 != 0) first_change = t;
            sample;
            for (h = 0; h < 5; h = h + 1) begin
                if (cur[h] > dmax[h] || cur[h] < -dmax[h]) bound_errs = bound_errs + 1;
                if (om[h] != centre[h] + cur[h]) omega_errs = omega_errs + 1;
                if (cur[h] < lo[h]) lo[h] = cur[h];
                if (cur[h] > hi[h]) hi[h] = cur[h];
                if (t % 2 == 0) begin
                    // Update tick: one step; direction from the reference LFSR unless reflected.
                    l = ref_lfsr[h];
                    if (cur[h] - prev[h] != 1 && cur[h] - prev[h] != -1) step_errs = step_errs + 1;
                    if (prev[h] + (l[0] ? 1 : -1) <= dmax[h] && prev[h] + (l[0] ? 1 : -1) >= -dmax[h]) begin
                        if (cur[h] - prev[h] != (l[0] ? 1 : -1)) dir_errs = dir_errs + 1;
                    end else begin
                        if (cur[h] - prev[h] != (l[0] ? -1 : 1)) dir_errs = dir_errs + 1;
                    end
                    ref_lfsr[h] = lfsr_next16(ref_lfsr[h]);
                end else if (cur[h] != prev[h]) hold_errs = hold_errs + 1;
                prev[h] = cur[h];
            end
        end
        check("first_update_on_tick_400", first_change == 400);
        check("default_omega_is_centre_plus_drift", o0 == 196 + d0 && o4 == 823 + d4);
        check("never_leaves_bounds", bound_errs == 0);
        check("unit_steps_on_update_ticks", step_errs == 0);
        check("holds_between_updates", hold_errs == 0);
        check("direction_is_lfsr_bit0_reflected", dir_errs == 0);
        check("omega_is_centre_plus_drift", omega_errs == 0);
        check("lfsr_matches_reference", fast.u_lfsr_f2.lfsr == ref_lfsr[2]);
        for (h = 0; h < 5; h = h + 1) begin
            check("visits_lower_half", lo[h] < -(dmax[h] / 2));
            check("visits_upper_half", hi[h] > dmax[h] / 2);
            check("reaches_both_bounds", lo[h] == -dmax[h] && hi[h] == dmax[h]);
        end

        // Reset wins over clk_en.
        rst = 1'b1;
        clock;
        rst = 1'b0;
        check("reset_wins_over_clk_en", e0 == 0 && fast.update_count == 0);

        $display("tb_sr_frequency_drift: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
