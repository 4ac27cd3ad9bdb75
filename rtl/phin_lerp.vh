// Linear interpolation shared by config_controller (state transitions, section 8.4) and
// sr_ignition_controller (SIE gain and PLV ramps, section 10.3), included inside each module
// (which declares parameter WIDTH). Models: config_controller::lerp_s / lerp_u in phin-core.
// The functions keep full-width products; only the bits the range notes need are used.
/* verilator lint_off UNUSEDSIGNAL */
// Signed lerp: a + ((b - a) * p) >>> 16, p in [0, 65535]. The sum lies between a and b, so
// the 18-bit modular addition of the low 18 bits of the shifted product is exact.
function signed [WIDTH-1:0] lerp_s;
    input signed [WIDTH-1:0] a;
    input signed [WIDTH-1:0] b;
    input [15:0]             p;
    reg signed [WIDTH:0]   d;      // 19 bits
    reg signed [36:0]      prod;   // 19 x 17 -> 36 bits, in 37
    reg signed [36:0]      sh;
    begin
        d      = {b[WIDTH-1], b} - {a[WIDTH-1], a};
        prod   = d * $signed({1'b0, p});
        sh     = prod >>> 16;
        lerp_s = a + $signed(sh[WIDTH-1:0]);
    end
endfunction

// Unsigned lerp on magnitudes: a +/- (|b - a| * p) >> 16 (rounds toward a).
function [15:0] lerp_u;
    input [15:0] a;
    input [15:0] b;
    input [15:0] p;
    reg [31:0] prod;
    begin
        if (b >= a) begin
            prod   = {16'd0, b - a} * {16'd0, p};
            lerp_u = a + prod[31:16];
        end else begin
            prod   = {16'd0, a - b} * {16'd0, p};
            lerp_u = a - prod[31:16];
        end
    end
endfunction
/* verilator lint_on UNUSEDSIGNAL */
