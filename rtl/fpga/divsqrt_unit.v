// divsqrt_unit: one iterative unit for every division and square root the reference computes
// in a tick, one result bit a clock through one shared subtractor, no multiplier: the folded
// form of the reference's combinational `/` operators and its `isqrt36` function (issue 19, the
// folded processor; docs/fpga.md, section "The divide / square-root unit", which lists every
// use with its widths).
//
// Equality with the reference.
//   SQRT  q = isqrt36(a) of rtl/phin_isqrt.vh, bit for bit: the same restoring algorithm, one
//         root bit per clock (the function's loop, i = 17 .. 0, one iteration a clock); r is the
//         function's final remainder, a - q * q (at most 2q, 19 bits).
//   DIVU  q = a / b, r = a % b on 33-bit unsigned operands (Verilog semantics).
//   DIVS  q = $signed(a) / $signed(b), r = $signed(a) % $signed(b) on 33-bit signed operands:
//         quotient truncated toward zero, remainder with the sign of the dividend (IEEE 1364-2005
//         5.1.6); -2^32 / -1 wraps to -2^32, as the operator at 33 bits does.
//   33 bits is the widest division of the reference: harmonic_spacing_index's ratio, a signed
//   33-bit (hi << 14) over a sign-extended 18-bit divisor. The unsigned ones are 32 bits or less
//   (config_controller's and sr_ignition_controller's progress, phin_unit.vh's 2^28 / mag,
//   kuramoto_order_parameter's mag / 6); a caller zero-extends them to 33.
//   A zero divisor: Verilog's x / 0 is all x; the unit gives q = 0, r = a and raises dz. Every
//   use in the reference either divides by a constant or a value that cannot be 0, or guards a
//   zero divisor by taking 0 for the quotient (phin_unit.vh's recip, harmonic_spacing_index's
//   ratio), which is the q this unit gives, so a sequencer needs no guard of its own.
// Proof: testbenches/tb_divsqrt_unit.v, against the reference operators and functions at the
// same widths, on random operands and on the edges.
//
// Interface
//   clk, rst   rst is synchronous, active high: the unit becomes idle (busy, done, dz low).
//   start      a one-clock request, accepted on a rising edge where busy is low (a start while
//              busy is ignored); it may come in the clock where done is high, so operations
//              run back to back.
//   op         2 bits, sampled with start: op[1] = 0 SQRT (op[0] is ignored), 2'b10 DIVU,
//              2'b11 DIVS.
//   a          36 bits, sampled with start: the radicand (SQRT), or the dividend in a[32:0]
//              (DIVU, DIVS; a[35:33] are ignored).
//   b          33 bits, sampled with start: the divisor (DIVU, DIVS; ignored by SQRT).
//   busy       high from the accepting edge to the edge that writes the result.
//   done       one-clock pulse after the edge that writes the result.
//   q, r       33 bits: quotient and remainder (DIVU, DIVS) or root (q[17:0], q[32:18] = 0)
//              and a - root^2 (SQRT). They hold from done until the edge that accepts the next
//              start (a start in the done clock still reads them on that edge).
//   dz         high with q, r when the operation was a division by zero.
//
// Schedule (clock 0 is the one whose rising edge accepts start; the edge ending clock c is
// "edge c"):
//   edge 0        operands latched: SQRT a; DIVU a, b; DIVS |a|, |b| (33-bit magnitudes,
//                 |-2^32| = 2^32 fits unsigned) and the signs of the results
//   edges 1 .. n  one iteration each, the root or quotient bit of weight 2^(n-k) at edge k:
//                 SQRT  n = 18: partial remainder := 4 p + next two radicand bits, minus
//                       (4 root + 1) if that is not negative, root := 2 root + (not negative)
//                 DIV   n = 33: p := 2 p + next dividend bit, minus |b| if that is not
//                       negative, quotient := 2 quotient + (not negative)
//   edge 34       DIV only: signs applied (q := -q if the operand signs differ, r := -r if the
//                 dividend was negative), q := 0 for a zero divisor
//   done is high in the clock after the last edge: 18 clocks after the accepting edge for
//   SQRT, 34 for DIVU and DIVS (both, so a sequencer needs one latency per kind of operation).
//
//   clock     0      1      2    ...    18     19   ...    33     34     35
//   SQRT    start  it 1   it 2   ...   it 18   done
//   DIV     start  it 1   it 2   ...   it 18   it 19 ...   it 33  signs  done
//
// The shared subtractor is 34 bits: p shifted with the next bits (below 2^33: p stays below
// |b| <= 2^32 in a division, below 2^20 in a root) minus |b| or 4 root + 1, the top bit the
// sign. The remainder of isqrt36 is 38 bits in the function, but its top 17 bits are always 0
// (it stays below 2^21), so the narrower one holds it exactly.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module divsqrt_unit (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [1:0]  op,
    input  wire [35:0] a,
    input  wire [32:0] b,
    output reg         busy,
    output reg         done,
    output wire [32:0] q,
    output wire [32:0] r,
    output reg         dz
);
    localparam [5:0] SQRT_LAST = 6'd17;   // iterations 18, counted down to 0
    localparam [5:0] DIV_LAST  = 6'd32;   // iterations 33

    reg        sqrt_op;   // the running operation is SQRT
    reg        fix;       // DIV: the sign clock (edge 34) is next
    reg [5:0]  cnt;       // iterations left after the current one
    reg        q_neg;     // DIVS: operand signs differ
    reg        r_neg;     // DIVS: dividend negative
    reg [35:0] bits;      // radicand / dividend bits still to come, top-aligned
    reg [32:0] dvs;       // |divisor|
    reg [32:0] part;      // partial remainder; r at the end
    reg [32:0] quo;       // root / quotient bits so far; q at the end

    assign q = quo;
    assign r = part;

    // Conditional two's complement negation written as (v ^ all-n) + n: an XOR and one adder,
    // without the inverters and the multiplexer Yosys' synth_xilinx makes of `n ? -v : v`
    // (measured on this unit: 132 INV fewer for 96 LUTs more, 36 LUT sites fewer in all).
    function [32:0] negate_if;
        input        n;
        input [32:0] v;
        begin
            negate_if = (v ^ {33{n}}) + {32'd0, n};
        end
    endfunction

    // Operand magnitudes on the accepting edge (DIVS takes |a|, |b|; DIVU takes them as they are).
    wire        a_neg = op[0] & a[32];
    wire        b_neg = op[0] & b[32];
    wire [32:0] a_mag = negate_if(a_neg, a[32:0]);
    wire [32:0] b_mag = negate_if(b_neg, b);

    // One iteration: the shifted partial remainder minus the trial value; ge when not negative.
    // The shifted value is below 2^33: a division's partial remainder stays below |b| <= 2^32
    // (below 2^32 before the last step even for a zero divisor, where it collects the dividend),
    // a root's below 2^20. So one 34-bit subtraction gives the sign, and the partial remainder's
    // top bits that the shift drops are 0.
    wire [32:0] shifted = sqrt_op ? {part[30:0], bits[35:34]} : {part[31:0], bits[35]};
    wire [32:0] trial   = sqrt_op ? {13'd0, quo[17:0], 2'b01} : dvs;
    wire [33:0] diff    = {1'b0, shifted} - {1'b0, trial};
    wire        ge      = ~diff[33];
    // Not negative: the difference is below the trial value; negative: the shifted value is
    // below it; either way below 2^33.
    wire [32:0] part_nx = ge ? diff[32:0] : shifted;

    // The sign clock's results.
    wire [32:0] quo_fix  = dz ? 33'd0 : negate_if(q_neg, quo);
`ifdef PHIN_PLANT_DIV
    // Test plant, never defined in a build: the remainder's LSB flipped when a signed division
    // has a negative dividend. testbenches/run.sh builds tb_divsqrt_unit with it and requires
    // the testbench to fail.
    wire [32:0] part_fix = negate_if(r_neg, part) ^ {32'd0, r_neg};
`else
    wire [32:0] part_fix = negate_if(r_neg, part);
`endif

    always @(posedge clk) begin
        done <= 1'b0;
        if (rst) begin
            busy <= 1'b0;
            fix  <= 1'b0;
            dz   <= 1'b0;
        end else if (!busy) begin
            if (start) begin
                busy    <= 1'b1;
                fix     <= 1'b0;
                sqrt_op <= ~op[1];
                cnt     <= op[1] ? DIV_LAST : SQRT_LAST;
                part    <= 33'd0;
                quo     <= 33'd0;
                if (op[1]) begin
                    bits  <= {a_mag, 3'd0};
                    dvs   <= b_mag;
                    q_neg <= a_neg ^ b_neg;
                    r_neg <= a_neg;
                    dz    <= b == 33'd0;
                end else begin
                    bits  <= a;
                    q_neg <= 1'b0;
                    r_neg <= 1'b0;
                    dz    <= 1'b0;
                end
            end
        end else if (fix) begin
            quo  <= quo_fix;
            part <= part_fix;
            fix  <= 1'b0;
            busy <= 1'b0;
            done <= 1'b1;
        end else begin
            part <= part_nx;
            quo  <= {quo[31:0], ge};
            bits <= sqrt_op ? {bits[33:0], 2'b00} : {bits[34:0], 1'b0};
            cnt  <= cnt - 6'd1;
            if (cnt == 6'd0) begin
                if (sqrt_op) begin
                    busy <= 1'b0;
                    done <= 1'b1;
                end else begin
                    fix <= 1'b1;
                end
            end
        end
    end
endmodule
`default_nettype wire
