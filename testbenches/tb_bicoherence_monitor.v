// tb_bicoherence_monitor: self-checking testbench for rtl/bicoherence_monitor.v
// (contract: docs/spec/bicoherence_monitor.md). Runs under Verilator (--binary) and Icarus
// (-g2005) and ends with "tb_bicoherence_monitor: N passed, N failed".
//
// theta and alpha rotate at their table rates (integer Q14 rotations, OMEGA_DT 152 and 245);
// beta1 = theta*alpha, beta2 = alpha*beta1, gamma = beta1*beta2 as complex products, so every
// triad is phase-locked (theta3 = theta1 + theta2 at every tick): all three bicoherences rise
// towards 1 (1 - e^(-t/8192): the flag is off before ~5678 ticks and on after) and triad_sync,
// the mean of triads 0 and 1, follows them. Independent random phases keep the bicoherence below
// 0.3 and never raise the flag. Locking only beta1, beta2 -> gamma raises triad 2 alone and
// leaves triad_sync low; locking only theta, alpha -> beta1 puts triad_sync at half of triad 0.
`default_nettype none
module tb_bicoherence_monitor;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] xt, yt, xa, ya, x1, y1, x2, y2, xg, yg;
    wire signed [29:0] ar0, ai0, ar1, ai1, ar2, ai2;
    wire signed [17:0] b0, b1, b2, bmax, tsync;
    wire hb;

    bicoherence_monitor dut (
        .clk(clk), .rst(rst), .clk_en(clk_en),
        .x_theta(xt), .y_theta(yt), .x_alpha(xa), .y_alpha(ya), .x_beta1(x1), .y_beta1(y1),
        .x_beta2(x2), .y_beta2(y2), .x_gamma(xg), .y_gamma(yg),
        .acc_re0(ar0), .acc_im0(ai0), .acc_re1(ar1), .acc_im1(ai1), .acc_re2(ar2),
        .acc_im2(ai2), .bicoherence0(b0), .bicoherence1(b1), .bicoherence2(b2),
        .bicoherence_max(bmax), .triad_sync(tsync), .high_bicoherence(hb)
    );

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
        end
    endtask

    // Q14 complex product halves.
    function signed [17:0] mre;
        input signed [17:0] pr, pi, qr, qi;
        reg signed [35:0] s;
        begin
            s   = (pr * qr - pi * qi) >>> 14;
            mre = s[17:0];
        end
    endfunction

    function signed [17:0] mim;
        input signed [17:0] pr, pi, qr, qi;
        reg signed [35:0] s;
        begin
            s   = (pr * qi + pi * qr) >>> 14;
            mim = s[17:0];
        end
    endfunction

    // A random component in [-16383, 16383].
    function signed [17:0] rnd;
        input integer r;
        begin
            rnd = r % 16384;
        end
    endfunction

    reg signed [17:0] nx, ny;
    integer t;
    integer worst;
    integer flags;
    reg off_early;

    // theta, alpha one rotation step; beta1, beta2, gamma from the products.
    task locked_step;
        begin
            nx = mre(xt, yt, 18'sd16383, 18'sd152);
            ny = mim(xt, yt, 18'sd16383, 18'sd152);
            xt = nx; yt = ny;
            nx = mre(xa, ya, 18'sd16382, 18'sd245);
            ny = mim(xa, ya, 18'sd16382, 18'sd245);
            xa = nx; ya = ny;
            x1 = mre(xt, yt, xa, ya); y1 = mim(xt, yt, xa, ya);
            x2 = mre(xa, ya, x1, y1); y2 = mim(xa, ya, x1, y1);
            xg = mre(x1, y1, x2, y2); yg = mim(x1, y1, x2, y2);
        end
    endtask

    initial begin
        do_reset;
        check("reset: all zero", b0 == 0 && b1 == 0 && b2 == 0 && bmax == 0 && !hb && ar0 == 0);

        // 1. all three triads phase-locked
        xt = 18'sd16384; yt = 18'sd0;
        xa = 18'sd0;     ya = 18'sd16384;
        off_early = 1'b1;
        for (t = 0; t < 20000; t = t + 1) begin
            locked_step;
            tick;
            if (t < 5400 && hb) off_early = 1'b0;
            if (t == 6000) check("locked: flag on by tick 6000", hb);
            if (t == 6000) check("locked: triad_sync is the mean of triads 0 and 1",
                                 tsync == ((b0 + b1) >>> 1));
        end
        check("locked: flag off before tick 5400", off_early);
        check("locked: triad 0 > 0.85", b0 > 18'sd13926);
        check("locked: triad 1 > 0.85", b1 > 18'sd13926);
        check("locked: triad 2 > 0.85", b2 > 18'sd13926);
        check("locked: max is the largest", bmax >= b0 && bmax >= b1 && bmax >= b2
                                             && (bmax == b0 || bmax == b1 || bmax == b2));
        check("locked: high_bicoherence", hb);
        check("locked: triad_sync > 0.85", tsync > 18'sd13926);
        check("locked: triad_sync is the mean", tsync == ((b0 + b1) >>> 1));

        // 2. independent random phases
        do_reset;
        worst = 0;
        flags = 0;
        for (t = 0; t < 6000; t = t + 1) begin
            xt = rnd($random); yt = rnd($random);
            xa = rnd($random); ya = rnd($random);
            x1 = rnd($random); y1 = rnd($random);
            x2 = rnd($random); y2 = rnd($random);
            xg = rnd($random); yg = rnd($random);
            tick;
            if (hb) flags = flags + 1;
            if (t >= 1500 && bmax > worst) worst = bmax;
        end
        check("random: max < 0.3 after settling", worst < 4915);
        check("random: flag never raised", flags == 0);
        check("random: triad_sync < 0.3", tsync < 18'sd4915);
        check("random: accumulators moved", ar0 != 0 || ai0 != 0);

        // 3. only beta1, beta2 -> gamma locked (beta1, beta2 random)
        do_reset;
        for (t = 0; t < 14000; t = t + 1) begin
            xt = rnd($random); yt = rnd($random);
            xa = rnd($random); ya = rnd($random);
            x1 = rnd($random); y1 = rnd($random);
            x2 = rnd($random); y2 = rnd($random);
            xg = mre(x1, y1, x2, y2); yg = mim(x1, y1, x2, y2);
            tick;
        end
        check("triad 2 only: bicoherence2 > 0.75", b2 > 18'sd12288);
        check("triad 2 only: others < 0.3", b0 < 18'sd4915 && b1 < 18'sd4915);
        check("triad 2 only: max = triad 2, flag", bmax == b2 && hb);
        check("triad 2 only: triad_sync < 0.3 (triad 2 is not in it)", tsync < 18'sd4915);

        // 3b. only theta, alpha -> beta1 locked: triad_sync is half of triad 0
        do_reset;
        xt = 18'sd16384; yt = 18'sd0;
        xa = 18'sd0;     ya = 18'sd16384;
        for (t = 0; t < 14000; t = t + 1) begin
            locked_step;
            x2 = rnd($random); y2 = rnd($random);
            xg = rnd($random); yg = rnd($random);
            tick;
        end
        check("triad 0 only: bicoherence0 > 0.75", b0 > 18'sd12288);
        check("triad 0 only: triad_sync = (b0 + b1) >>> 1", tsync == ((b0 + b1) >>> 1));
        check("triad 0 only: triad_sync in (0.35, 0.6)", tsync > 18'sd5734 && tsync < 18'sd9830);

        // 4. zero inputs: nothing accumulates
        do_reset;
        xt = 0; yt = 0; xa = 0; ya = 0; x1 = 0; y1 = 0; x2 = 0; y2 = 0; xg = 0; yg = 0;
        for (t = 0; t < 10; t = t + 1) tick;
        check("zero inputs: zero", ar0 == 0 && ai2 == 0 && bmax == 0 && tsync == 0 && !hb);

        $display("tb_bicoherence_monitor: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
