// tb_kuramoto_order_parameter: self-checking testbench for rtl/kuramoto_order_parameter.v
// (contract: docs/spec/kuramoto_order_parameter.md). Runs under Verilator (--binary) and Icarus
// (-g2005) and ends with "tb_kuramoto_order_parameter: N passed, N failed".
//
// Six identical phases at very different amplitudes give R >= 0.95 and high_synchrony; three
// antipodal pairs cancel (R ~ 0); six phases 60 degrees apart cancel; four aligned and two
// opposed give R ~ 1/3; all-zero inputs give R = 0.
`default_nettype none
module tb_kuramoto_order_parameter;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg clk_en = 1'b0;
    reg signed [17:0] x0, y0, x1, y1, x2, y2, x3, y3, x4, y4, x5, y5;
    wire signed [20:0] sc, ss;
    wire signed [17:0] r;
    wire hs;

    kuramoto_order_parameter dut (
        .clk(clk), .rst(rst), .clk_en(clk_en), .x0(x0), .y0(y0), .x1(x1), .y1(y1), .x2(x2),
        .y2(y2), .x3(x3), .y3(y3), .x4(x4), .y4(y4), .x5(x5), .y5(y5), .sum_cos(sc),
        .sum_sin(ss), .kuramoto_r(r), .high_synchrony(hs)
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

    initial begin
        do_reset;
        check("reset R = 0", r == 18'sd0 && !hs);
        // theta = 36.87 deg (3-4-5 triangle) at amplitudes 0.0244 .. 7.3
        x0 = 18'sd240;    y0 = 18'sd180;
        x1 = 18'sd4000;   y1 = 18'sd3000;
        x2 = 18'sd13107;  y2 = 18'sd9830;
        x3 = 18'sd40000;  y3 = 18'sd30000;
        x4 = 18'sd96000;  y4 = 18'sd72000;
        x5 = 18'sd8;      y5 = 18'sd6;
        tick;
        check("identical phases: R >= 0.95", r >= 18'sd15565);
        check("identical phases: high_synchrony", hs);
        check("sum_cos ~ 6 * 0.8", sc > 21'sd78000 && sc < 21'sd79000);
        // three antipodal pairs
        x1 = -18'sd4000; y1 = -18'sd3000;
        x3 = -18'sd40000; y3 = -18'sd30000;
        x5 = -18'sd8;     y5 = -18'sd6;
        tick;
        check("antipodal pairs: R ~ 0", r < 18'sd200 && !hs);
        // six directions 60 degrees apart (cos 60 = 0.5, sin 60 = 0.866)
        x0 = 18'sd16384;  y0 = 18'sd0;
        x1 = 18'sd8192;   y1 = 18'sd14189;
        x2 = -18'sd8192;  y2 = 18'sd14189;
        x3 = -18'sd16384; y3 = 18'sd0;
        x4 = -18'sd8192;  y4 = -18'sd14189;
        x5 = 18'sd8192;   y5 = -18'sd14189;
        tick;
        check("hexagon: R ~ 0", r < 18'sd200);
        // four along +x, two along -x: R = 1/3
        x1 = 18'sd2000;  y1 = 18'sd0;
        x2 = 18'sd30000; y2 = 18'sd0;
        x4 = -18'sd700;  y4 = 18'sd0;
        x5 = 18'sd9;     y5 = 18'sd0;
        tick;
        check("4 vs 2: R ~ 1/3", r > 18'sd5380 && r < 18'sd5540 && !hs);
        x0 = 18'sd0; y0 = 18'sd0; x1 = 18'sd0; y1 = 18'sd0; x2 = 18'sd0; y2 = 18'sd0;
        x3 = 18'sd0; y3 = 18'sd0; x4 = 18'sd0; y4 = 18'sd0; x5 = 18'sd0; y5 = 18'sd0;
        tick;
        check("zero inputs: R = 0", r == 18'sd0 && sc == 21'sd0);
        $display("tb_kuramoto_order_parameter: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
