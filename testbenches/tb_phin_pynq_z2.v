// tb_phin_pynq_z2: self-checking testbench for the PYNQ-Z2 board top rtl/fpga/board/phin_pynq_z2.v
// with its Pmod DA2 driver rtl/fpga/board/pmod_da2.v, around the reference processor of rtl/
// (docs/fpga.md, "The board: PYNQ-Z2 and a Pmod DA2"). Runs under both simulators of
// testbenches/run.sh; prints one line per failing check and ends with
// "tb_phin_pynq_z2: N passed, N failed".
//
// FAST_SIM = 0, so a tick is 31,250 clocks of 125 MHz as on the board (with FAST_SIM = 1 a tick
// is 10 clocks, shorter than one SPI frame). One time unit is one ns (the clock period is 8).
//
// The DAC model decodes the Pmod pins as a DAC121S101 does: on every SCLK falling edge while
// SYNC is low it shifts DIN in; a frame is the SYNC-low interval and must hold exactly 16
// falling edges, with the power-down bits DB13..DB12 = 00. Every decoded channel-A sample must
// equal the processor's dac_output of the tick it belongs to, read hierarchically from the
// instance after the tick edge (the edge where the processor's own clock enable is high), and
// channel B the documented scaling of debug_theta. Also checked: one frame per tick (none lost,
// none doubled), SYNC falling exactly one clock after the tick edge, dac_output changing only on
// tick edges, the wrapper's tick generator in phase with the processor's clock enable on every
// clock, the SPI intervals against the DAC121S101's minima, the samples not all equal (distinct
// values counted), the power-on reset, a BTN0 reset replaying exactly the same samples, the
// heartbeat LED, the state buttons with the switches and the RGB LED, and the ignition button.
//
// With PHIN_PLANT_SPI defined the driver inverts DB0 of channel A's frame; testbenches/run.sh
// builds that variant (with TB_QUICK, a short run) and requires this testbench to fail:
// plant: PHIN_PLANT_SPI
// run.sh: -O1
`default_nettype none
module tb_phin_pynq_z2;
    // Ticks of each of the two runs (after power-on, after BTN0); two more ticks exercise the
    // buttons, so a run is 2 * TICKS + 2 ticks. A tick is 31,250 clocks: about 0.07 s of CPU
    // under Verilator at -O1 (asked of run.sh above; 1 s at -O0) and 0.85 s under Icarus: the
    // default runs take 3 s (42 ticks, after a 23 s build) and 9 s (10 ticks; docs/fpga.md).
    // Every check is a count over the whole run, so both simulators report the same number of
    // checks. -DTB_TICKS=n (n >= 2) sets any count, for a longer run by hand.
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 2;    // the planted-fault run: run 1 only
`elsif VERILATOR
    localparam integer TICKS = 20;
`else
    localparam integer TICKS = 4;
`endif
`ifdef TB_QUICK
    localparam QUICK = 1;
`else
    localparam QUICK = 0;
`endif
    localparam integer CLK_DIV = 8;            // the board's SPI divider (15.625 MHz)
    localparam integer HEARTBEAT = 2;          // short, so that the LED toggles within the run

    // DAC121S101 minima in ns (pmod_da2.v's header names them), and the 30 MHz SCLK limit.
    localparam [63:0] T_CYCLE = 64'd33;  // SCLK period
    localparam [63:0] T_HL    = 64'd13;  // t_H, t_L
    localparam [63:0] T_SUCL  = 64'd15;  // SYNC falling to the first SCLK falling edge
    localparam [63:0] T_SUD   = 64'd5;   // DIN set-up before an SCLK falling edge
    localparam [63:0] T_DHD   = 64'd5;   // DIN hold after an SCLK falling edge
    localparam [63:0] T_SYNC  = 64'd20;  // SYNC high between frames

    // The processor's own clock enable: the reference's net; another tree may name it here.
`ifndef TB_PROC_TICK
`define TB_PROC_TICK dut.u_proc.clk_en
`endif

    reg        clk = 1'b0;
    reg        rst = 1'b0;     // BTN0
    reg  [2:0] btn_hi = 3'd0;  // BTN3..BTN1
    reg  [1:0] sw = 2'd0;
    wire [3:0] led;
    wire       led4_r, led4_g, led4_b;
    wire [3:0] ja;
    always #4 clk = ~clk;      // 125 MHz

    phin_pynq_z2 #(.FAST_SIM(0), .CLK_DIV(CLK_DIV), .HEARTBEAT_TICKS(HEARTBEAT),
                   .LED_HOLD_TICKS(3), .TRANSITION_TICKS(2)) dut (
        .sysclk(clk), .btn({btn_hi, rst}), .sw(sw), .led(led),
        .led4_r(led4_r), .led4_g(led4_g), .led4_b(led4_b), .ja(ja));

    wire sync_n = ja[0];
    wire din_a  = ja[1];
    wire din_b  = ja[2];
    wire sclk   = ja[3];

    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    // ---------------------------------------------------------------- the processor's ticks
    // At every rising edge (values before the edge): a tick edge is one where the processor's
    // clock enable is high and its reset low. The expected samples of tick n are read after the
    // edge, at the falling edge of the clock.
    integer    tick_n = 0;          // tick edges since the last reset
    integer    tick_total = 0;
    time       tick_time [0:3];     // time of tick n's edge, slot n % 4
    reg [11:0] exp_a [0:3];
    reg [11:0] exp_b [0:3];
    reg        tick_edge = 1'b0;
    reg        rst_edge = 1'b0;     // the edge is a reset edge: dac_output may change
    reg        rst_seen = 1'b0;
    integer    phase_errs = 0;      // wrapper tick_en differs from the processor's clock enable
    integer    dac_moves_off_tick = 0;
    reg [11:0] dac_prev = 12'd0;
    integer    idle_errs = 0;       // bus not idle while the processor is in reset
    integer    rst_clocks = 0;

    always @(posedge clk) begin
        tick_edge = (`TB_PROC_TICK === 1'b1) && (dut.rst === 1'b0);
        rst_edge = dut.rst !== 1'b0;
        if (dut.u_tick.clk_4khz_en !== `TB_PROC_TICK) phase_errs = phase_errs + 1;
        if (dut.rst === 1'b1) begin
            rst_seen = 1'b1;
            tick_n = 0;
        end
        if (tick_edge) begin
            tick_n = tick_n + 1;
            tick_total = tick_total + 1;
            tick_time[tick_n % 4] = $time;
        end
    end

    always @(negedge clk) begin
        if (tick_edge) begin
            exp_a[tick_n % 4] = dut.u_proc.dac_output;
            exp_b[tick_n % 4] = theta_code(dut.u_proc.debug_theta);
        end else if (!rst_edge && dut.u_proc.dac_output !== dac_prev) begin
            dac_moves_off_tick = dac_moves_off_tick + 1;
        end
        dac_prev = dut.u_proc.dac_output;
        if (dut.rst === 1'b1) begin
            rst_clocks = rst_clocks + 1;
            if (sync_n !== 1'b1 || sclk !== 1'b1) idle_errs = idle_errs + 1;
        end
    end

    // Channel B's code of a theta value: (theta / 2 + 1.0) * 2048 clamped to 0..4095, written
    // here with integers (floor division by 16, as an arithmetic shift).
    function [11:0] theta_code;
        input signed [17:0] t;
        integer v;
        begin
            v = {{14{t[17]}}, t};
            v = (v - ((v % 16 + 16) % 16)) / 16 + 2048;
            if (v < 0) v = 0;
            if (v > 4095) v = 4095;
            theta_code = v[11:0];
        end
    endfunction

    // ---------------------------------------------------------------- the DAC model
    integer    bits = 0;            // falling edges in this frame
    reg [15:0] sh_a = 16'd0;
    reg [15:0] sh_b = 16'd0;
    integer    frame_tick = 0;      // the tick the current frame belongs to
    integer    last_frame_tick = 0;
    integer    frames = 0;          // frames completed since the last reset
    integer    frames_total = 0;
    integer    bad_count = 0;       // frames without exactly 16 falling edges
    integer    stray_falls = 0;     // SCLK falling edges while SYNC is high
    integer    bad_pd = 0;
    integer    err_a = 0;
    integer    err_b = 0;
    integer    lost = 0;            // frames not for the tick after the previous frame's
    integer    late = 0;            // SYNC not one clock after the tick edge
    integer    t_errs_clk = 0;      // SCLK period or high/low time too short
    integer    t_errs_sync = 0;     // t_SUCL, t_SYNC, or an edge after the 16th
    integer    t_errs_din = 0;      // DIN set-up or hold
    integer    shows = 0;
    time       t_sync_fall = 0;
    time       t_sync_rise = 0;
    time       t_fall = 0;
    time       t_rise = 0;
    time       t_din = 0;
    // Samples of the first run, compared with the run after BTN0.
    reg [11:0] run1 [0:TICKS];
    integer    replay = 0;          // 1: the run after BTN0 is compared with run1
    integer    replay_errs = 0;
    integer    distinct = 0;        // distinct channel-A values in the first run
    integer    i, seen;

    always @(negedge sync_n) begin
        bits = 0;
        frame_tick = tick_n;
        if ($time - t_sync_rise < T_SYNC && frames_total > 0) t_errs_sync = t_errs_sync + 1;
        t_sync_fall = $time;
        if (tick_n < 1 || $time - tick_time[tick_n % 4] != 8) late = late + 1;
        if (frame_tick != last_frame_tick + 1) lost = lost + 1;
        last_frame_tick = frame_tick;
    end

    always @(negedge sclk) begin
        if (sync_n === 1'b0) begin
            bits = bits + 1;
            sh_a = {sh_a[14:0], din_a};
            sh_b = {sh_b[14:0], din_b};
            if (bits == 1 && $time - t_sync_fall < T_SUCL) t_errs_sync = t_errs_sync + 1;
            if (bits > 1 && $time - t_fall < T_CYCLE) t_errs_clk = t_errs_clk + 1;
            if (bits > 16) t_errs_sync = t_errs_sync + 1;
            if ($time - t_din < T_SUD) t_errs_din = t_errs_din + 1;
        end else begin
            stray_falls = stray_falls + 1;
        end
        if (bits > 1 && $time - t_rise < T_HL) t_errs_clk = t_errs_clk + 1;
        t_fall = $time;
    end

    always @(posedge sclk) begin
        if ($time - t_fall < T_HL && sync_n === 1'b0) t_errs_clk = t_errs_clk + 1;
        t_rise = $time;
    end

    always @(din_a or din_b) begin
        if (sync_n === 1'b0 && bits > 0 && $time - t_fall < T_DHD) t_errs_din = t_errs_din + 1;
        t_din = $time;
    end

    always @(posedge sync_n) begin
        t_sync_rise = $time;
        if (dut.rst !== 1'b1) begin
            if (bits != 16) bad_count = bad_count + 1;
            if (sh_a[13:12] !== 2'b00 || sh_b[13:12] !== 2'b00) bad_pd = bad_pd + 1;
            if (sh_a[11:0] !== exp_a[frame_tick % 4]) err_a = err_a + 1;
            if (sh_b[11:0] !== exp_b[frame_tick % 4]) err_b = err_b + 1;
            if ((sh_a[11:0] !== exp_a[frame_tick % 4] || sh_b[11:0] !== exp_b[frame_tick % 4])
                && shows < 5) begin
                shows = shows + 1;
                $display("mismatch: tick %0d: DAC A %0d B %0d, dac_output %0d, theta code %0d",
                         frame_tick, sh_a[11:0], sh_b[11:0], exp_a[frame_tick % 4],
                         exp_b[frame_tick % 4]);
            end
            if (replay == 0 && frame_tick <= TICKS) begin
                run1[frame_tick] = sh_a[11:0];
                seen = 0;
                for (i = 1; i < frame_tick; i = i + 1)
                    if (run1[i] === sh_a[11:0]) seen = 1;
                if (seen == 0) distinct = distinct + 1;
            end
            if (replay == 1 && frame_tick <= TICKS && run1[frame_tick] !== sh_a[11:0])
                replay_errs = replay_errs + 1;
            frames = frames + 1;
            frames_total = frames_total + 1;
        end
    end

    // ---------------------------------------------------------------- LEDs
    integer beat_toggles = 0;
    always @(led[0]) if (dut.rst === 1'b0) beat_toggles = beat_toggles + 1;

    // ---------------------------------------------------------------- helpers
    // Waits until tick n (since the last reset) has had its frame sent and decoded, or gives up
    // (a stall) one tick after tick n should have come: a bus that never idles ends the run.
    localparam integer TICK_CLOCKS = 31250;  // 125 MHz / 4 kHz (FAST_SIM = 0)
    integer stalls = 0;
    integer budget;
    task run_until_frame;
        input integer n;
        begin
            budget = (n - tick_n + 1) * TICK_CLOCKS;
            while (!(tick_n >= n && frames >= n && sync_n === 1'b1 && dut.u_dac.busy === 1'b0)
                   && budget > 0) begin
                clock;
                budget = budget - 1;
            end
            if (budget == 0) stalls = stalls + 1;
        end
    endtask

    task press_reset;
        begin
            rst = 1'b1;
            repeat (10) clock;
            rst = 1'b0;
            while (dut.rst === 1'b1) clock;
            frames = 0;
            last_frame_tick = 0;
        end
    endtask

    reg ok;

    initial begin
        // ------------------------------------------------ power-on: no button pressed
        repeat (20) clock;
        check("power_on_reset_then_released", rst_seen && dut.rst === 1'b0 && led === 4'd0
              && {led4_r, led4_g, led4_b} === 3'b000);

        // ------------------------------------------------ run 1
        run_until_frame(TICKS);
        check("one_frame_per_tick_run1", frames == TICKS && tick_n == TICKS);
        check("heartbeat_toggles_every_2_ticks", beat_toggles == TICKS / HEARTBEAT);
        // The reference's dac_output moves from the first tick on: 2130, 2136, 2125, ... at
        // ticks 1, 2, 3 (docs/fpga.md). Asked: half the samples new values in a short run, at
        // least 8 in a long one (a long run revisits values: 449 distinct in 2000 ticks).
        check("dac_samples_not_all_equal",
              distinct > 1 && distinct >= (TICKS < 16 ? (TICKS + 1) / 2 : 8));
        $display("run 1: %0d ticks, %0d frames, %0d distinct channel-A values", tick_n, frames,
                 distinct);

        // The planted-fault run stops here: its fault shows in the first frame.
        if (!QUICK) begin
            // -------------------------------------------- BTN0 between frames: the same samples
            press_reset;
            check("btn0_reset_returns_idle", idle_errs == 0 && rst_clocks > 10 && led === 4'd0);
            replay = 1;
            run_until_frame(TICKS);
            replay = 2;
            check("one_frame_per_tick_run2", frames == TICKS && tick_n == TICKS);
            check("btn0_reset_replays_same_samples", replay_errs == 0);

            // -------------------------------------------- buttons and switches (two ticks)
            // BTN2 with SW = 11: state_select = FLOW (3), a request at the next tick edge.
            sw = 2'b11;
            btn_hi = 3'b010;
            repeat (4) clock;
            ok = dut.u_proc.state_select === 3'd3;
            btn_hi = 3'b000;
            run_until_frame(tick_n + 1);
            check("btn2_loads_switches_state_flow", ok && led[1] === 1'b1
                  && {led4_r, led4_g, led4_b} === 3'b011);
            // BTN3: MEDITATION (4), red at the next tick edge.
            btn_hi = 3'b100;
            repeat (4) clock;
            ok = dut.u_proc.state_select === 3'd4;
            btn_hi = 3'b000;
            // BTN1: ignition_trigger reaches the processor through the synchroniser.
            btn_hi = 3'b001;
            repeat (4) clock;
            ok = ok && dut.u_proc.ignition_trigger === 1'b1;
            btn_hi = 3'b000;
            repeat (4) clock;
            ok = ok && dut.u_proc.ignition_trigger === 1'b0;
            run_until_frame(tick_n + 1);
            check("btn3_meditation_btn1_ignition", ok && {led4_r, led4_g, led4_b} === 3'b100);
        end

        // ------------------------------------------------ over the whole run
        $display("%0d ticks, %0d frames decoded", tick_total, frames_total);
        check("no_stall", stalls == 0);
        check("every_sample_equals_dac_output", err_a == 0 && frames_total > 0);
        check("channel_b_equals_theta_code", err_b == 0);
        check("no_sample_lost_or_doubled", lost == 0 && frames_total == tick_total);
        check("frame_has_16_falling_edges", bad_count == 0 && stray_falls == 0);
        check("power_down_bits_00", bad_pd == 0);
        check("sync_falls_one_clock_after_tick", late == 0);
        check("dac_output_moves_only_on_ticks", dac_moves_off_tick == 0);
        check("wrapper_tick_in_phase_with_processor", phase_errs == 0);
        check("sclk_period_and_pulse_widths", t_errs_clk == 0);
        check("sync_setup_and_high_time", t_errs_sync == 0);
        check("din_setup_and_hold", t_errs_din == 0);
        if (fail != 0)
            $display("errors: stalls %0d A %0d B %0d lost %0d late %0d bits %0d stray %0d pd %0d off-tick %0d phase %0d timing %0d/%0d/%0d replay %0d",
                     stalls, err_a, err_b, lost, late, bad_count, stray_falls, bad_pd,
                     dac_moves_off_tick, phase_errs, t_errs_clk, t_errs_sync, t_errs_din,
                     replay_errs);
        $display("tb_phin_pynq_z2: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
