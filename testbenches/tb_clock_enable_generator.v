// tb_clock_enable_generator: self-checking testbench for rtl/clock_enable_generator.v
// (contract: docs/spec/clock_enable_generator.md). Runs under Verilator (--binary) and Icarus
// (-g2005); prints one line per failing check and ends with
// "tb_clock_enable_generator: N passed, N failed".
//
// Two instances, FAST_SIM = 0 and FAST_SIM = 1, run from the same reset. The clocks between
// consecutive rising 4 kHz pulses must be exactly 31250 (resp. 10), the first pulse must come
// on the 31250th (10th) edge after reset, every pulse must be one clock wide, and the reserved
// 100 kHz pulse must repeat every 1250 (2) clocks.
`default_nettype none
/* verilator lint_off WIDTH */
module tb_clock_enable_generator;
    reg clk = 1'b0;
    reg rst = 1'b0;
    wire en4_slow, en100_slow, en4_fast, en100_fast;

    clock_enable_generator #(.FAST_SIM(0)) dut_slow (
        .clk(clk), .rst(rst), .clk_4khz_en(en4_slow), .clk_100khz_en(en100_slow));
    clock_enable_generator #(.FAST_SIM(1)) dut_fast (
        .clk(clk), .rst(rst), .clk_4khz_en(en4_fast), .clk_100khz_en(en100_fast));

    always #4 clk = ~clk;  // 125 MHz: 8 ns period

    integer pass = 0;
    integer fail = 0;
    integer edges;
    // Edge number of the last pulse, pulses seen, period errors, width errors, per output.
    integer last_s4, n_s4, err_s4, last_s100, n_s100, err_s100;
    integer last_f4, n_f4, err_f4, last_f100, n_f100, err_f100;
    integer first_s4, first_f4, wide;
    reg     prev_s4, prev_f4;

    `include "tb_common.vh"

    initial begin
        rst = 1'b1;
        @(posedge clk);
        @(posedge clk);
        @(negedge clk);
        rst = 1'b0;
        check("reset_clears_pulses", !en4_slow && !en4_fast && !en100_slow && !en100_fast);
        check("reset_clears_counters", dut_slow.cnt_4k == 0 && dut_fast.cnt_100k == 0);
        {last_s4, n_s4, err_s4, last_s100, n_s100, err_s100} = 0;
        {last_f4, n_f4, err_f4, last_f100, n_f100, err_f100} = 0;
        first_s4 = 0;
        first_f4 = 0;
        wide = 0;
        prev_s4 = 1'b0;
        prev_f4 = 1'b0;
        // 4 periods of the slow enable plus a little: 125,100 edges after reset.
        for (edges = 1; edges <= 4 * 31250 + 100; edges = edges + 1) begin
            @(negedge clk);
            if (en4_slow) begin
                if (n_s4 == 0) first_s4 = edges;
                else if (edges - last_s4 != 31250) err_s4 = err_s4 + 1;
                last_s4 = edges;
                n_s4 = n_s4 + 1;
            end
            if (en100_slow) begin
                if (n_s100 > 0 && edges - last_s100 != 1250) err_s100 = err_s100 + 1;
                last_s100 = edges;
                n_s100 = n_s100 + 1;
            end
            if (en4_fast) begin
                if (n_f4 == 0) first_f4 = edges;
                else if (edges - last_f4 != 10) err_f4 = err_f4 + 1;
                last_f4 = edges;
                n_f4 = n_f4 + 1;
            end
            if (en100_fast) begin
                if (n_f100 > 0 && edges - last_f100 != 2) err_f100 = err_f100 + 1;
                last_f100 = edges;
                n_f100 = n_f100 + 1;
            end
            if ((prev_s4 && en4_slow) || (prev_f4 && en4_fast)) wide = wide + 1;
            prev_s4 = en4_slow;
            prev_f4 = en4_fast;
        end
        check("slow_first_pulse_on_edge_31250", first_s4 == 31250);
        check("slow_period_exactly_31250", err_s4 == 0 && n_s4 == 4);
        check("slow_100k_period_exactly_1250", err_s100 == 0 && n_s100 == 100);
        check("fast_first_pulse_on_edge_10", first_f4 == 10);
        check("fast_period_exactly_10", err_f4 == 0 && n_f4 == 12510);
        check("fast_100k_period_exactly_2", err_f100 == 0 && n_f100 == 62550);
        check("pulses_are_one_clock_wide", wide == 0);

        // A reset in mid-count restarts the period.
        rst = 1'b1;
        @(negedge clk);
        rst = 1'b0;
        n_f4 = 0;
        for (edges = 1; edges <= 10; edges = edges + 1) begin
            @(negedge clk);
            if (en4_fast) begin
                n_f4 = n_f4 + 1;
                first_f4 = edges;
            end
        end
        check("reset_restarts_the_period", n_f4 == 1 && first_f4 == 10);

        $display("tb_clock_enable_generator: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #20000000;
        $display("FAIL watchdog");
        $display("tb_clock_enable_generator: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
