// Unit vector of (x, y) without an angle, shared by kuramoto_order_parameter and
// bicoherence_monitor, included inside each module after phin_isqrt.vh (the module declares
// WIDTH). Model: kuramoto_order_parameter::unit.
function signed [WIDTH-1:0] unit;
    input signed [WIDTH-1:0] c;
    input signed [WIDTH-1:0] o;
    reg signed [35:0] c2, o2;
    reg [35:0]        m2;
    reg [17:0]        mag;
    reg [28:0]        recip;
    reg signed [47:0] prod;
    reg signed [47:0] sh;
    begin
        c2    = c * c;
        o2    = o * o;
        m2    = c2 + o2;                              // <= 2^35
        mag   = isqrt36(m2);
        recip = (mag == 18'd0) ? 29'd0 : 29'h1000_0000 / {11'd0, mag};
        prod  = c * $signed({1'b0, recip});
        sh    = prod >>> 14;
        unit  = sh[WIDTH-1:0];                        // |unit| <= 16385
    end
endfunction
