// Shared tasks of the self-checking testbenches, included inside each tb module, which declares
// `integer pass, fail`, `reg clk, rst` and a free-running clk.
//   check(name, ok): counts a pass, or counts a failure and prints its name.
//   clock:           waits for one rising edge and the falling edge after it.
//   do_reset:        holds rst high over one rising edge.
task check;
    input [8*48-1:0] name;
    input            ok;
    begin
        if (ok) pass = pass + 1;
        else begin
            fail = fail + 1;
            $display("FAIL %0s", name);
        end
    end
endtask

task clock;
    begin
        @(posedge clk);
        @(negedge clk);
    end
endtask

task do_reset;
    begin
        rst = 1'b1;
        clock;
        rst = 1'b0;
    end
endtask
