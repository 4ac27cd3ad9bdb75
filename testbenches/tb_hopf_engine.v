// tb_hopf_engine: self-checking lockstep testbench for rtl/fpga/hopf_engine.v against 21
// instances of the reference rtl/hopf_oscillator.v (docs/fpga.md, "The Hopf engine"). It runs
// under both simulators of testbenches/run.sh; prints one line per failing check and ends with
// "tb_hopf_engine: N passed, N failed".
//
// The reference steps on the clk_en edge; the engine steps the same tick over the next CLOCKS
// clocks and commits it on its read port. Every tick each oscillator gets its own random
// mu_dt, omega_dt, input_x from an xorshift32 generator, held for the tick; the reference state
// after the edge is kept (two ticks deep), and after each `done` the checker reads all N (21)
// oscillators through rd_idx -> rd_x, rd_y, rd_amplitude and compares them with it, bit for bit.
// The clk_en period M is the minimum, CLOCKS, on half the ticks and CLOCKS + 1 .. CLOCKS + 64 on
// the others; the inputs come from a registered source (a memory read addressed by req_idx) or a
// combinational one, chosen at random each tick.
//
// Stimulus segments (per oscillator, redrawn with probability 1/128 a tick): realistic (MU 0..6,
// OMEGA_DT of the processor's bands or random below 2048, drive noise in [-256, 255]);
// realistic with large input_x bursts; strong growth (mu_dt 64 .. 4159, so r^2 runs past 1.0625
// into the correction and its 0.5 clamp); decay (negative mu_dt); saturation (input_x held at
// +131071 or -131072); wild (all three inputs uniform over 18 bits every tick); and boundary
// (x_sum or y_sum steered exactly onto the values next to the Q4.14 limits; task `boundary`).
// The run counts how often the correction, its 0.5 clamp, the Q4.14 saturation and results one
// LSB inside the limits occurred, and checks each was exercised.
//
// Also checked: the reset state through the read port, done exactly CLOCKS clocks after the
// clk_en edge, a reset in the middle of a tick (with clk_en on the same edge) returning both to
// the reset state and the comparison continuing, and `overrun` on a clk_en during a tick.
// With PHIN_PLANT_LSB defined the engine flips one LSB of oscillator 7; testbenches/run.sh
// builds that variant (with TB_QUICK, a short run) and requires this testbench to fail:
// plant: PHIN_PLANT_LSB
// run.sh: -O1
`default_nettype none
/* verilator lint_off WIDTH */
module tb_hopf_engine;
`ifdef TB_N
    localparam integer N      = `TB_N; // 1 .. 32: other sizes, by hand (docs/fpga.md)
`else
    localparam integer N      = 21;
`endif
    localparam integer CLOCKS = 15 * N; // the engine's schedule: 15 clocks per oscillator
    // Ticks of the main phase; the phase after the mid-tick reset runs TICKS / 10 more. A tick is
    // CLOCKS clocks or more: about 4.5 ms under Icarus, 0.1 ms under Verilator at -O1 (asked of
    // run.sh above; 2 ms at -O0). Icarus runs 2,750 ticks in about 13 s, Verilator 44,000 in
    // about 5 s after a 35 s build. Every check is a count over the whole run, so both report
    // the same number of checks.
    // -DTB_TICKS=n sets any count (docs/fpga.md: a long run).
`ifdef TB_TICKS
    localparam integer TICKS  = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS  = 200;    // the planted-fault run
`elsif VERILATOR
    localparam integer TICKS  = 40000;
`else
    localparam integer TICKS  = 2500;
`endif

    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    always #5 clk = ~clk;

    // ---------------------------------------------------------------- stimulus and references
    // The inputs of tick n, written by the driver before its clk_en edge. The references take
    // them through registers loaded one clock before that edge (`load`): under Verilator 5.006
    // the references' combinational logic missed the driver's writes when they fed the ports
    // directly (it lagged one tick); an ordinary clocked load is seen by both simulators.
    reg             load = 1'b0;
    // The references' clock: clk on the edges where they load, step or reset, low otherwise.
    // They do nothing on the other edges (clk_en low), so this is the same tick-level behaviour;
    // it keeps Verilator from re-evaluating 21 oscillators' logic on every clock (5x faster).
    wire            ref_clk = clk & (load | clk_en | rst);
    reg  [17:0]     mu_f [0:N-1];
    reg  [17:0]     om_f [0:N-1];
    reg  [17:0]     in_f [0:N-1];
    wire [18*N-1:0] rx_f, ry_f, ra_f;

    genvar g;
    generate
        for (g = 0; g < N; g = g + 1) begin : g_ref
            reg [17:0] mu = 18'd0;
            reg [17:0] om = 18'd0;
            reg [17:0] in = 18'd0;
            always @(posedge ref_clk) begin
                if (load) begin
                    mu <= mu_f[g];
                    om <= om_f[g];
                    in <= in_f[g];
                end
            end
            hopf_oscillator u_ref (
                .clk(ref_clk), .rst(rst), .clk_en(clk_en),
                .mu_dt(mu), .omega_dt(om), .input_x(in),
                .x(rx_f[18*g +: 18]), .y(ry_f[18*g +: 18]), .amplitude(ra_f[18*g +: 18])
            );
        end
    endgenerate

    // ---------------------------------------------------------------- the engine
    wire [4:0]         req_idx;
    reg  [4:0]         rd_idx = 5'd0;
    wire signed [17:0] rd_x, rd_y, rd_a;
    wire               busy, done, overrun;
    reg  [17:0]        mu_q, om_q, in_q;    // a memory with a registered read, addressed by req_idx
    reg                src_comb = 1'b0;     // 1: the inputs come combinationally from req_idx
    always @(posedge clk) begin
        mu_q <= mu_f[req_idx];
        om_q <= om_f[req_idx];
        in_q <= in_f[req_idx];
    end
    wire [17:0] e_mu = src_comb ? mu_f[req_idx] : mu_q;
    wire [17:0] e_om = src_comb ? om_f[req_idx] : om_q;
    wire [17:0] e_in = src_comb ? in_f[req_idx] : in_q;

    hopf_engine #(.N(N), .IDX_W(5)) dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .req_idx(req_idx), .mu_dt(e_mu), .omega_dt(e_om), .input_x(e_in),
        .rd_idx(rd_idx), .rd_x(rd_x), .rd_y(rd_y), .rd_amplitude(rd_a),
        .busy(busy), .done(done), .overrun(overrun)
    );

    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    // ---------------------------------------------------------------- bookkeeping
    integer cyc = 0;                         // rising edges since time 0
    always @(posedge clk) cyc <= cyc + 1;

    // Reference state after tick n in slot n % 2; cycle of tick n's clk_en edge.
    reg signed [17:0] sx [0:2*N-1];
    reg signed [17:0] sy [0:2*N-1];
    reg signed [17:0] sa [0:2*N-1];
    integer en_cyc [0:1];

    integer tick_n = 0;      // ticks started since the last reset (driver)
    integer done_n = 0;      // ticks committed since time 0 (checker)
    integer done_base = 0;   // done_n at the last reset
    integer compared = 0;    // ticks compared, all oscillators
    integer late_done = 0;   // done not CLOCKS clocks after its clk_en edge
    integer shows = 0;       // mismatch lines printed
    integer errs_x [0:N-1];
    integer errs_y [0:N-1];
    integer errs_a [0:N-1];

    // ---------------------------------------------------------------- checker
    // On `done`, reads the committed state of oscillators 0 .. N-1 (one a clock: the read port is
    // registered) and compares it with the reference state of that tick.
    integer scan = -1;
    integer slot = 0;
    integer ck;
    always @(negedge clk) begin
        if (scan >= 0) begin
            if (rd_x !== sx[slot*N+scan]) errs_x[scan] = errs_x[scan] + 1;
            if (rd_y !== sy[slot*N+scan]) errs_y[scan] = errs_y[scan] + 1;
            if (rd_a !== sa[slot*N+scan]) errs_a[scan] = errs_a[scan] + 1;
            if ((rd_x !== sx[slot*N+scan] || rd_y !== sy[slot*N+scan]
                 || rd_a !== sa[slot*N+scan]) && shows < 5) begin
                shows = shows + 1;
                $display("mismatch: tick %0d oscillator %0d: engine x %0d y %0d amplitude %0d, reference x %0d y %0d amplitude %0d",
                         done_n - done_base - 1, scan, rd_x, rd_y, rd_a, sx[slot*N+scan],
                         sy[slot*N+scan], sa[slot*N+scan]);
            end
            if (scan == N - 1) begin
                scan = -1;
                compared = compared + 1;
            end else begin
                scan = scan + 1;
                rd_idx = scan;
            end
        end
        if (done === 1'b1) begin
            ck = done_n - done_base;
            if (cyc - en_cyc[ck % 2] != CLOCKS) late_done = late_done + 1;
            slot = ck % 2;
            done_n = done_n + 1;
            scan = 0;
            rd_idx = 5'd0;
        end
    end

    // ---------------------------------------------------------------- stimulus generator
    reg [31:0] rng = 32'h1234_5678;
    reg [31:0] r;
    task rnd;
        begin
            rng = rng ^ (rng << 13);
            rng = rng ^ (rng >> 17);
            rng = rng ^ (rng << 5);
            r = rng;
        end
    endtask

    integer mode [0:N-1];
    integer seg_mu [0:N-1];
    integer seg_om [0:N-1];
    integer seg_in [0:N-1];
    integer mu_v, om_v, in_v;
    integer k;

    // OMEGA_DT of the processor's bands (description section 2.1): theta, L6, L5a, L5b, L4,
    // L2/3 slow and fast.
    function integer band;
        input integer i;
        begin
            case (i)
                0: band = 152;
                1: band = 245;
                2: band = 397;
                3: band = 642;
                4: band = 817;
                5: band = 1040;
                default: band = 1681;
            endcase
        end
    endfunction

    task new_segment;
        input integer kk;
        begin
            rnd;
            mode[kk] = r % 9;
            rnd;
            case (r % 6)
                0: seg_mu[kk] = 0;
                1: seg_mu[kk] = 1;
                2: seg_mu[kk] = 2;
                3: seg_mu[kk] = 3;
                4: seg_mu[kk] = 4;
                default: seg_mu[kk] = 6;
            endcase
            rnd;
            seg_om[kk] = (r[3:0] < 4'd10) ? band(r[6:4]) : r[26:16];
            rnd;
            seg_in[kk] = r[0] ? 131071 : -131072;
            if (mode[kk] == 4) begin
                rnd;
                seg_mu[kk] = 64 + r % 4096;
            end
            if (mode[kk] == 5) begin
                rnd;
                seg_mu[kk] = -(r % 4096);
            end
        end
    endtask

    // Boundary mode: inputs computed from the reference's state before the edge so that this
    // tick's x_sum or y_sum lands exactly on a value next to the Q4.14 limits (131070, 131071,
    // 131072, -131071, -131072, -131073), where x_half and the final saturation switch; random
    // segments almost never hit an exact value. The x and y parts of the contract's step 4
    // are computed here (floor shifts on 64-bit values); r^2 must be at most 1.0625 so that no
    // correction scales the sum. x: mu_dt from the segment, input_x = target - the rest of
    // x_sum. y: x_sum is steered to 16384 (x_half = 1.0), so omega_dt * x_half >>> 14 is
    // omega_dt itself, which is chosen to put y_sum on the target. For x, omega_dt is 1.0 on a
    // quarter of the ticks so that x_half shows in y. A state above r^2 = 1.0625
    // is first brought back: mu_dt = -16384 cancels x and y, input_x cancels the rest of x_sum.
    reg signed [63:0] bx, by, bmu, bom, br2, bdx, bdy, brest, bt, bin;
    task boundary;
        input integer kk;
        integer p;
        begin
            p = (tick_n + 1) % 2;
            bx = (tick_n == 0) ? 64'sd8192 : sx[p*N+kk];
            by = (tick_n == 0) ? 64'sd0 : sy[p*N+kk];
            br2 = (bx * bx + by * by) >>> 14;
            bdx = (4 * ((br2 * bx) >>> 14)) >>> 14;
            bdy = (4 * ((br2 * by) >>> 14)) >>> 14;
            rnd;
            case (r % 6)
                0: bt = 131070;
                1: bt = 131071;
                2: bt = 131072;
                3: bt = -131071;
                4: bt = -131072;
                default: bt = -131073;
            endcase
            rnd;
            bmu = seg_mu[kk];
            bom = seg_om[kk];
            if (br2 > 17408) begin
                bmu = -16384;
                bom = 0;
                bt = 0;
            end else if (r[1:0] == 2'd1) begin
                // x target with omega_dt = 1.0: y_sum then carries x_half itself, so a one-LSB
                // error in x_half reaches y (a small omega_dt floors it away)
                bom = 16384;
            end else if (r[0]) begin
                // y_sum = y + (mu_dt * y >>> 14) + omega_dt - damp_y = target
                bom = bt - (by + ((bmu * by) >>> 14) - bdy);
                bt = 16384;
            end
            if (bom > 131071 || bom < -131072) bom = seg_om[kk];
            brest = bx + ((bmu * bx) >>> 14) - ((bom * by) >>> 14) - bdx;
            bin = bt - brest;
            if (bin > 131071) bin = 131071;
            if (bin < -131072) bin = -131072;
            mu_v = bmu;
            om_v = bom;
            in_v = bin;
        end
    endtask

    // New inputs for every oscillator, then one clock with `load` (the references' input
    // registers take them on its edge).
    task stimulus;
        begin
            for (k = 0; k < N; k = k + 1) begin
                rnd;
                if (tick_n == 0 || r[6:0] == 7'd0) new_segment(k);
                mu_v = seg_mu[k];
                om_v = seg_om[k];
                rnd;
                in_v = $signed({23'd0, r[8:0]}) - 256;
                case (mode[k])
                    3: begin   // bursts
                        rnd;
                        if (r[2:0] == 3'd0) in_v = $signed({r[17], r[17:0]});
                        else if (r[4:0] == 5'd1) in_v = r[5] ? 131071 : -131072;
                    end
                    6: in_v = seg_in[k];
                    7: begin   // wild
                        rnd;
                        mu_v = $signed(r[17:0]);
                        om_v = $signed(r[31:14]);
                        rnd;
                        in_v = $signed(r[17:0]);
                    end
                    8: boundary(k);
                    default: ;
                endcase
                mu_f[k] = mu_v;
                om_f[k] = om_v;
                in_f[k] = in_v;
            end
            rnd;
            src_comb = r[0];
            load = 1'b1;
            clock;
            load = 1'b0;
        end
    endtask

    // ---------------------------------------------------------------- coverage
    integer n_corr = 0;      // pre-edge r^2 > 1.0625: the correction taken
    integer n_clamp = 0;     // pre-edge r^2 > 1.5: the factor clamped at 0.5
    integer n_sat = 0;       // result x or y at a Q4.14 extreme
    integer n_edge = 0;      // result x or y one LSB inside an extreme (131070, -131071)
    reg signed [17:0] px, py;
    reg signed [63:0] r2;

    // The reference state after the tick that just started (clk_en edge before this negedge),
    // into slot tick_n % 2; the state before it was slot (tick_n + 1) % 2 (or the reset state).
    task snapshot;
        integer s, p;
        begin
            s = tick_n % 2;
            p = (tick_n + 1) % 2;
            for (k = 0; k < N; k = k + 1) begin
                if (tick_n == 0) begin
                    px = 18'sd8192;
                    py = 18'sd0;
                end else begin
                    px = sx[p*N+k];
                    py = sy[p*N+k];
                end
                r2 = (px * px + py * py) >>> 14;
                if (r2 > 17408) n_corr = n_corr + 1;
                if (r2 > 24576) n_clamp = n_clamp + 1;
                sx[s*N+k] = rx_f[18*k +: 18];
                sy[s*N+k] = ry_f[18*k +: 18];
                sa[s*N+k] = ra_f[18*k +: 18];
                if (sx[s*N+k] == 18'sd131071 || sx[s*N+k] == -18'sd131072
                    || sy[s*N+k] == 18'sd131071 || sy[s*N+k] == -18'sd131072)
                    n_sat = n_sat + 1;
                if (sx[s*N+k] == 18'sd131070 || sx[s*N+k] == -18'sd131071
                    || sy[s*N+k] == 18'sd131070 || sy[s*N+k] == -18'sd131071)
                    n_edge = n_edge + 1;
            end
        end
    endtask

    // One tick: new inputs (one clock), clk_en on the next edge, then the rest of a period of
    // `period` clocks from the previous tick's clk_en edge.
    // New inputs, one clk_en edge, and the references' state recorded for the comparison.
    task pulse;
        begin
            stimulus;
            clk_en = 1'b1;
            clock;
            clk_en = 1'b0;
            en_cyc[tick_n % 2] = cyc;
            snapshot;
            tick_n = tick_n + 1;
        end
    endtask

    task one_tick;
        input integer period;
        integer c;
        begin
            pulse;
            repeat (period - 2) @(negedge clk);
        end
    endtask

    task run_ticks;
        input integer count;
        integer i;
        begin
            for (i = 0; i < count; i = i + 1) begin
                rnd;
                if (r[0]) one_tick(CLOCKS);
                else one_tick(CLOCKS + 1 + r[6:1]);
            end
        end
    endtask

    // Waits out the last tick and its comparison.
    task drain;
        integer c;
        begin
            for (c = 0; c < CLOCKS + N + 4; c = c + 1) clock;
        end
    endtask

    // ---------------------------------------------------------------- the run
    integer i, e, want_compared;
    reg [8*48-1:0] name;
    initial begin
        for (i = 0; i < N; i = i + 1) begin
            errs_x[i] = 0;
            errs_y[i] = 0;
            errs_a[i] = 0;
            mu_f[i] = 18'd0;
            om_f[i] = 18'd0;
            in_f[i] = 18'd0;
        end
        @(negedge clk);

        // --- reset state through the read port
        do_reset;
        check("idle_after_reset", busy == 1'b0 && done == 1'b0 && overrun == 1'b0);
        e = 0;
        for (i = 0; i < N; i = i + 1) begin
            rd_idx = i;
            clock;
            if (rd_x !== 18'sd8192 || rd_y !== 18'sd0 || rd_a !== 18'sd8192) e = e + 1;
        end
        check("reset_state_x_8192_y_0_every_oscillator", e == 0);

        // --- main phase: random ticks in lockstep
        run_ticks(TICKS);
        drain;
        check("no_overrun_at_the_minimum_period", overrun == 1'b0);
        want_compared = TICKS;
        check("every_tick_compared_main_phase", compared == want_compared);

        // --- a reset in the middle of a tick, clk_en on the same edge
        stimulus;
        clk_en = 1'b1;
        clock;
        clk_en = 1'b0;
        for (i = 0; i < CLOCKS / 2; i = i + 1) clock;
        check("busy_in_the_middle_of_a_tick", busy == 1'b1);
        clk_en = 1'b1;
        do_reset;
        clk_en = 1'b0;
        check("reset_aborts_the_tick", busy == 1'b0);
        tick_n = 0;
        done_base = done_n;
        e = 0;
        for (i = 0; i < N; i = i + 1) begin
            rd_idx = i;
            clock;
            if (rd_x !== 18'sd8192 || rd_y !== 18'sd0 || rd_a !== 18'sd8192) e = e + 1;
            if (rx_f[18*i +: 18] !== 18'sd8192 || ry_f[18*i +: 18] !== 18'sd0) e = e + 1;
        end
        check("reset_mid_tick_gives_the_reset_state", e == 0);
        for (i = 0; i < CLOCKS; i = i + 1) clock;
        check("no_done_for_the_aborted_tick", compared == want_compared && done_n == done_base);
        run_ticks(TICKS / 10);
        drain;
        want_compared = want_compared + TICKS / 10;
        check("every_tick_compared_after_reset", compared == want_compared);

        // --- per oscillator: x, y, amplitude equal after every tick
        for (i = 0; i < N; i = i + 1) begin
            $sformat(name, "oscillator_%0d_x_y_amplitude_equal", i);
            if (errs_x[i] + errs_y[i] + errs_a[i] != 0)
                $display("oscillator %0d: %0d x, %0d y, %0d amplitude mismatches", i,
                         errs_x[i], errs_y[i], errs_a[i]);
            check(name, errs_x[i] == 0 && errs_y[i] == 0 && errs_a[i] == 0);
        end
        check("done_exactly_15_n_clocks_after_clk_en", late_done == 0);

        // --- coverage of the arithmetic corners, in oscillator-ticks. Measured per oscillator
        // and tick: about 1/3 corrections (0.28 of them clamped at 0.5) and 0.11 saturations;
        // each check asks for about half of that.
        $display("coverage: %0d ticks x %0d oscillators; correction %0d, clamped at 0.5 %0d, saturated %0d, one LSB inside the limits %0d",
                 compared, N, n_corr, n_clamp, n_sat, n_edge);
        check("correction_exercised", n_corr >= N * compared / 7);
        check("correction_between_0_5_and_1_exercised", n_corr - n_clamp >= N * compared / 63);
        check("clamp_at_half_exercised", n_clamp >= 2 * N * compared / 21);
        check("saturation_exercised", n_sat >= N * compared / 42);
        check("one_lsb_inside_the_limits_exercised", n_edge >= N * compared / 400);

        // --- a clk_en during a tick is ignored and sets overrun: the engine commits the tick
        // of the first clk_en, CLOCKS clocks after it, equal to the reference after that edge
        // (the reference steps again on the second edge, which is not compared)
        e = 0;
        for (i = 0; i < N; i = i + 1) e = e + errs_x[i] + errs_y[i] + errs_a[i];
        pulse;
        for (i = 0; i < 10; i = i + 1) clock;
        check("no_overrun_before", overrun == 1'b0);
        clk_en = 1'b1;
        clock;
        clk_en = 1'b0;
        check("overrun_on_clk_en_while_busy", overrun == 1'b1);
        for (i = 0; i < CLOCKS - 10; i = i + 1) clock;
        check("overrun_done_from_the_first_clk_en", done_n - done_base == tick_n);
        for (i = 0; i < N + 2; i = i + 1) clock;
        for (i = 0; i < N; i = i + 1) e = e - errs_x[i] - errs_y[i] - errs_a[i];
        check("overrun_tick_equal_to_the_reference", e == 0 && compared == want_compared + 1);
        check("overrun_is_sticky", overrun == 1'b1 && busy == 1'b0);
        do_reset;
        check("reset_clears_overrun", overrun == 1'b0);

        $display("tb_hopf_engine: %0d passed, %0d failed", pass, fail);
        $finish;
    end

    initial begin
        #((TICKS + TICKS / 10 + 10) * (CLOCKS + 70) * 10);
        $display("FAIL watchdog");
        $display("tb_hopf_engine: %0d passed, %0d failed", pass, fail + 1);
        $finish;
    end
endmodule
/* verilator lint_on WIDTH */
`default_nettype wire
