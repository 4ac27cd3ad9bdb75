// Floor integer square root shared by kuramoto_order_parameter, bicoherence_monitor and
// boundary_generator, included inside each module. Model: kuramoto_order_parameter::isqrt36.
function [17:0] isqrt36;
    input [35:0] v;
    reg [37:0] rem;
    reg [37:0] trial;
    reg [17:0] root;
    integer i;
    begin
        rem  = 38'd0;
        root = 18'd0;
        for (i = 17; i >= 0; i = i - 1) begin
            rem   = {rem[35:0], v[2*i+1], v[2*i]};
            trial = {18'd0, root, 2'b01};
            if (rem >= trial) begin
                rem  = rem - trial;
                root = {root[16:0], 1'b1};
            end else begin
                root = {root[16:0], 1'b0};
            end
        end
        isqrt36 = root;
    end
endfunction
