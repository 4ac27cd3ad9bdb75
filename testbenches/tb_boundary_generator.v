// tb_boundary_generator: self-checking testbench for rtl/boundary_generator.v
// (contract: docs/spec/boundary_generator.md). Runs under Verilator (--binary) and Icarus
// (-g2005) and ends with "tb_boundary_generator: N passed, N failed".
//
// Four parent hopf_oscillators at the table's theta, L6, L5a, L5b OMEGA_DT (152, 245, 397, 642)
// feed the three boundary instances of the top (theta/alpha, alpha/beta1, beta1/beta2). After a
// 1 s warm-up the frequency of each boundary_x, from its rising zero crossings over 4 s, must be
// 7.49, 12.12 and 19.60 Hz within 2%; the boundary power must be up; a parent without amplitude
// must silence its boundary.
`default_nettype none
module tb_boundary_generator;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    localparam signed [17:0] MU = 18'sd3;
    wire signed [17:0] px [0:3];
    wire signed [17:0] py [0:3];
    wire signed [17:0] pa [0:3];
    wire signed [17:0] ob0, ob1, ob2, bx0, bx1, bx2, bp0, bp1, bp2, obz, bxz, bpz;
    wire signed [29:0] acc0, acc1, acc2, accz;

    hopf_oscillator u_p0 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU), .omega_dt(18'sd152),
        .input_x(18'sd0), .x(px[0]), .y(py[0]), .amplitude(pa[0]));
    hopf_oscillator u_p1 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU), .omega_dt(18'sd245),
        .input_x(18'sd0), .x(px[1]), .y(py[1]), .amplitude(pa[1]));
    hopf_oscillator u_p2 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU), .omega_dt(18'sd397),
        .input_x(18'sd0), .x(px[2]), .y(py[2]), .amplitude(pa[2]));
    hopf_oscillator u_p3 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU), .omega_dt(18'sd642),
        .input_x(18'sd0), .x(px[3]), .y(py[3]), .amplitude(pa[3]));

    boundary_generator u_b0 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU),
        .omega_1(18'sd152), .omega_2(18'sd245), .x1(px[0]), .x2(px[1]), .amp1(pa[0]),
        .amp2(pa[1]), .omega_b(ob0), .boundary_x(bx0), .power_acc(acc0), .boundary_power(bp0));
    boundary_generator u_b1 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU),
        .omega_1(18'sd245), .omega_2(18'sd397), .x1(px[1]), .x2(px[2]), .amp1(pa[1]),
        .amp2(pa[2]), .omega_b(ob1), .boundary_x(bx1), .power_acc(acc1), .boundary_power(bp1));
    boundary_generator u_b2 (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU),
        .omega_1(18'sd397), .omega_2(18'sd642), .x1(px[2]), .x2(px[3]), .amp1(pa[2]),
        .amp2(pa[3]), .omega_b(ob2), .boundary_x(bx2), .power_acc(acc2), .boundary_power(bp2));
    boundary_generator u_bz (.clk(clk), .rst(rst), .clk_en(clk_en), .mu_dt(MU),
        .omega_1(18'sd152), .omega_2(18'sd245), .x1(px[0]), .x2(px[1]), .amp1(pa[0]),
        .amp2(18'sd0), .omega_b(obz), .boundary_x(bxz), .power_acc(accz), .boundary_power(bpz));

    always #5 clk = ~clk;

    integer pass = 0;
    integer fail = 0;
    integer t, nz, silent;
    integer n [0:2];
    integer first [0:2];
    integer last [0:2];
    reg signed [17:0] prev [0:2];

    `include "tb_common.vh"

    task tick;
        begin
            clk_en = 1'b1;
            @(posedge clk);
            @(negedge clk);
            clk_en = 1'b0;
        end
    endtask

    task crossing;
        input integer k;
        input signed [17:0] v;
        begin
            if (prev[k] < 0 && v >= 0) begin
                if (n[k] == 0) first[k] = t;
                last[k] = t;
                n[k] = n[k] + 1;
            end
            prev[k] = v;
        end
    endtask

    // frequency in mHz from n crossings between first and last
    function integer mhz;
        input integer cnt;
        input integer t0;
        input integer t1;
        begin
            mhz = (t1 > t0) ? ((cnt - 1) * 4000 * 1000) / (t1 - t0) : 0;
        end
    endfunction

    initial begin
        for (t = 0; t < 3; t = t + 1) begin
            n[t] = 0; first[t] = 0; last[t] = 0; prev[t] = 18'sd0;
        end
        silent = 1;
        do_reset;
        check("omega_b geometric means", ob0 == 18'sd192 && ob1 == 18'sd311 && ob2 == 18'sd504);
        for (t = 0; t < 4000; t = t + 1) tick;
        for (t = 0; t < 16000; t = t + 1) begin
            tick;
            crossing(0, bx0);
            crossing(1, bx1);
            crossing(2, bx2);
            if (bxz != 18'sd0) silent = 0;
        end
        nz = mhz(n[0], first[0], last[0]);
        $display("theta/alpha boundary: %0d mHz", nz);
        check("theta/alpha at 7.49 Hz +-2%", nz > 7340 && nz < 7640);
        nz = mhz(n[1], first[1], last[1]);
        $display("alpha/beta1 boundary: %0d mHz", nz);
        check("alpha/beta1 at 12.12 Hz +-2%", nz > 11877 && nz < 12363);
        nz = mhz(n[2], first[2], last[2]);
        $display("beta1/beta2 boundary: %0d mHz", nz);
        check("beta1/beta2 at 19.60 Hz +-2%", nz > 19208 && nz < 19992);
        check("boundary power up", bp0 > 18'sd100 && bp1 > 18'sd100 && bp2 > 18'sd100);
        check("no parent amplitude: silent", silent == 1 && bpz == 18'sd0);
        $display("tb_boundary_generator: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
