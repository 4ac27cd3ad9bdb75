// output_mixer_fold: the folded form of rtl/output_mixer.v (issue 19, the folded processor;
// docs/fpga.md, section "The folded output_mixer"). The reference computes its 21 products
// (the four envelope products, the four MU gains, the four MU scalings, the four band weights,
// the SR weight and gate, the SIE boost, the pink weight and the boosted oscillator sum)
// combinationally in one clock (21 DSP48E1 in a flat synthesis); here every one of them goes
// through one registered multiplier, one a clock, so the module needs one DSP48E1. The products
// by constants (MU_SCALE, the W_* weights, SIE_BOOST_K) go through the multiplier too: none is a
// power of two.
//
// What it computes (description sections 9.3, 10.3, 10.4, 10.5, v11.2, v11.4, as the reference;
// contract docs/spec/output_mixer.md):
//   mod_b    = sat18((band_b * env_b) >>> 14)
//   mu_gain  = (clamp(mu_b, 0, 8) * 21846) >>> 2
//   scaled_b = sat18((mod_b * mu_gain_b) >>> 14)
//   osc      = sum_b (scaled_b * W_b) >>> 14 + sr_g     (20 bits)
//   sr_g     = (((sr_in * 328) >>> 14) * gain) >>> 14,  gain = clamp(sie_gain, 0, 1.0)
//   boost    = 1.0 + (gain * 6554) >>> 14
//   mixed    = ((osc * boost) >>> 14) + ((pink_in * 15073) >>> 14)
//   mixed_out <= limit(mixed); dac_output <= clamp((limit(mixed) + 1.0) >>> 3, 0, 4095)
//
// Equality with the reference. On the commit edge mixed_out and dac_output (the reference's two
// registers, the same names) take the values the reference computes on its clk_en edge from the
// same inputs:
//   - every product is the reference's product at its widths: the multiplier is 20 x 18 bits
//     signed with a 38-bit product; the 18 x 18 products (every one but the last) are its low
//     36 bits, exact, and the reference's 36-bit contexts hold them exactly too; the last,
//     osc_sum (20 bits) * boost (18 bits), is the reference's 38-bit product, exact;
//   - the shifts, saturations, clamps, the limiter and the DAC code are the reference's
//     expressions at its widths, applied to the same integers, over four clocks (schedule):
//     the limiter's T + ((m - T) >>> 1) is written (m + T) >>> 1, the same integer for the
//     even T = 12288 (floor((m - T) / 2) + T = floor((m + T) / 2)); the DAC clamp tests
//     limited + 1.0 < 0 and limited + 1.0 > 32767 (i.e. (limited + 1.0) >>> 3 < 0 and > 4095)
//     on limited itself, limited < -1.0 and limited >= 1.0;
//   - osc_sum is accumulated in 20 bits in the order th, al, be, ga, sr_g; the reference adds
//     the same five sign-extended 18-bit terms in one 20-bit expression; 20-bit addition is
//     modular, so the sum is the same integer.
// Proof: testbenches/tb_output_mixer_fold.v (the reference beside it, every clock).
//
// Interface: the reference's parameters and ports, with clk_en replaced by
//   start   a one-clock pulse: the tick's computation begins after the rising edge where it is
//           high. The inputs are read from the clock after that edge on and must hold until
//           the last product is issued (clock 21 below); the folded top holds them to the
//           commit edge.
//   commit  a one-clock pulse: on the rising edge where it is high mixed_out and dac_output
//           take their next values (the reference's clk_en edge). It must come at least CLOCKS
//           clocks after the start edge (busy low); an earlier commit commits a half-computed
//           tick. A commit without a start commits the last computed values (the folded top
//           always pairs them). start and commit may share a clock.
//   busy    high from the start edge to the edge that stores the last value (dac_nx).
//   rst     synchronous, active high: the reference's reset values; aborts a running tick.
// Output kinds (docs/fpga.md): mixed_out and dac_output are the reference's registers, stepped
// on the commit edge only, so they equal the reference's at every clock.
//
// Schedule. The start edge is edge 0; clock c is the clock that ends with edge c (c = 1 the
// first after start). The multiplier registers its operands and its product (DSP48E1 AREG/BREG
// and MREG): a product issued in clock c is in `prod` during clock c + 2, where it is used (an
// operand of the product issued in that clock, or stored on the edge ending it).
//
//   clock | multiplier issue                  | use of prod (stored on the edge ending the clock)
//   ------+-----------------------------------+-----------------------------------------------
//   1     | theta_in * env_theta              |
//   2     | alpha_in * env_alpha              |
//   3     | beta_in * env_beta                | mod_th = sat18(prod >>> 14)
//   4     | gamma_in * env_gamma              | mod_al
//   5     | mu_c_th * MU_SCALE                | mod_be
//   6     | mu_c_al * MU_SCALE                | mod_ga
//   7     | mod_th * mg (prod >>> 2)          | mu gain theta, an operand now
//   8     | mod_al * mg (prod >>> 2)          | mu gain alpha, an operand now
//   9     | sat18(prod >>> 14) * W_THETA      | scaled theta, an operand now
//   10    | sat18(prod >>> 14) * W_ALPHA      | scaled alpha, an operand now
//   11    | mu_c_be * MU_SCALE                | acc = th_w
//   12    | mu_c_ga * MU_SCALE                | acc += al_w
//   13    | mod_be * mg (prod >>> 2)          | mu gain beta, an operand now
//   14    | mod_ga * mg (prod >>> 2)          | mu gain gamma, an operand now
//   15    | sat18(prod >>> 14) * W_BETA       | scaled beta, an operand now
//   16    | sat18(prod >>> 14) * W_GAMMA      | scaled gamma, an operand now
//   17    | sr_in * W_SR                      | acc += be_w
//   18    | gain_c * SIE_BOOST_K              | acc += ga_w
//   19    | sr_w18 (prod >>> 14) * gain_c     | sr_w, an operand now
//   20    | pink_in * W_PINK                  | boost = 1.0 + (prod >>> 14)
//   21    | (acc + sr_g) * boost              | sr_g: osc_sum = acc + sr_g, an operand now
//   22    |                                   | pink_w = prod >>> 14
//   23    |                                   | mix = osc_b (prod >>> 14) + pink_w
//   24    |                                   | mag = |mix|, neg = mix < 0
//   25    |                                   | mixed_nx = limited (the limiter, its sign)
//   26    |                                   | dac_nx = clamp((mixed_nx + 1.0) >>> 3);
//         |                                   | busy low
//   27    |                                   | commit allowed
//
//   CLOCKS = 27 clocks from the start edge to the first edge that may commit: 21 products one
//   a clock (clocks 1 .. 21, the last, osc_sum * boost, needing every other but pink's), its
//   product in clock 23, the limiter and the DAC code over clocks 23 .. 26 (one carry chain
//   between registers: logic depth, below), and the edge after that store. The folded top's
//   tick is 443 clocks: it fits in parallel.
//
// Logic depth (docs/fpga.md, "Logic depth"; scripts/lut_depth.py on this module alone): every
// register-to-register path at most 15 levels. Stored in one clock before, prod -> mix ->
// limiter -> DAC code took 25 levels (15 CARRY4).
//
// One multiplier, 20 x 18 bits signed, product 38 bits, one DSP48E1 (25 x 18). The operand
// ranges: band, envelope, mod, scaled, mu_c, sr_in, sr_w18, gain_c, pink_in are 18-bit signed
// words; mg <= 43692 and the constants (MU_SCALE 21846, W_* <= 15073, SIE_BOOST_K 6554) fit
// 18 bits signed; osc_sum is 20 bits signed (|.| <= 15744), boost 16384 .. 22938.
//
// Verilog-2005; lint: verilator --lint-only -Wall, iverilog -g2005 -Wall (scripts/test.sh).
`default_nettype none
module output_mixer_fold #(
    parameter WIDTH = 18,
    parameter FRAC  = 14
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    start,
    input  wire                    commit,
    output reg                     busy,
    input  wire signed [WIDTH-1:0] theta_in,
    input  wire signed [WIDTH-1:0] alpha_in,
    input  wire signed [WIDTH-1:0] beta_in,
    input  wire signed [WIDTH-1:0] gamma_in,
    input  wire signed [WIDTH-1:0] pink_in,
    input  wire signed [WIDTH-1:0] env_theta,
    input  wire signed [WIDTH-1:0] env_alpha,
    input  wire signed [WIDTH-1:0] env_beta,
    input  wire signed [WIDTH-1:0] env_gamma,
    input  wire signed [WIDTH-1:0] sie_gain,
    input  wire signed [WIDTH-1:0] sr_in,
    input  wire signed [WIDTH-1:0] mu_theta,
    input  wire signed [WIDTH-1:0] mu_alpha,
    input  wire signed [WIDTH-1:0] mu_beta,
    input  wire signed [WIDTH-1:0] mu_gamma,
    output reg  signed [WIDTH-1:0] mixed_out,
    output reg  [11:0]             dac_output
);
    // Schedule clocks (table above).
    localparam [4:0] C_ENV_TH = 5'd1;   // issue theta_in * env_theta
    localparam [4:0] C_ENV_AL = 5'd2;   // issue alpha_in * env_alpha
    localparam [4:0] C_ENV_BE = 5'd3;   // issue beta_in * env_beta; store mod_th
    localparam [4:0] C_ENV_GA = 5'd4;   // issue gamma_in * env_gamma; store mod_al
    localparam [4:0] C_MG_TH  = 5'd5;   // issue mu_c_th * MU_SCALE; store mod_be
    localparam [4:0] C_MG_AL  = 5'd6;   // issue mu_c_al * MU_SCALE; store mod_ga
    localparam [4:0] C_SC_TH  = 5'd7;   // issue mod_th * mg
    localparam [4:0] C_SC_AL  = 5'd8;   // issue mod_al * mg
    localparam [4:0] C_W_TH   = 5'd9;   // issue scaled_theta * W_THETA
    localparam [4:0] C_W_AL   = 5'd10;  // issue scaled_alpha * W_ALPHA
    localparam [4:0] C_MG_BE  = 5'd11;  // issue mu_c_be * MU_SCALE; acc = th_w
    localparam [4:0] C_MG_GA  = 5'd12;  // issue mu_c_ga * MU_SCALE; acc += al_w
    localparam [4:0] C_SC_BE  = 5'd13;  // issue mod_be * mg
    localparam [4:0] C_SC_GA  = 5'd14;  // issue mod_ga * mg
    localparam [4:0] C_W_BE   = 5'd15;  // issue scaled_beta * W_BETA
    localparam [4:0] C_W_GA   = 5'd16;  // issue scaled_gamma * W_GAMMA
    localparam [4:0] C_SRW    = 5'd17;  // issue sr_in * W_SR; acc += be_w
    localparam [4:0] C_BOOST  = 5'd18;  // issue gain_c * SIE_BOOST_K; acc += ga_w
    localparam [4:0] C_SRG    = 5'd19;  // issue sr_w18 * gain_c
    localparam [4:0] C_PINK   = 5'd20;  // issue pink_in * W_PINK; store boost
    localparam [4:0] C_OSCB   = 5'd21;  // issue osc_sum * boost
    localparam [4:0] C_USE_PK = 5'd22;  // store pink_w
    localparam [4:0] C_MIX    = 5'd23;  // store mix
    localparam [4:0] C_MAG    = 5'd24;  // store mag, neg
    localparam [4:0] C_LIM    = 5'd25;  // store mixed_nx
    localparam [4:0] C_LAST   = 5'd26;  // store dac_nx; busy low
    // Clocks from the start edge to the first edge that may commit (schedule above). Read by
    // the integrator and the testbench (by hierarchical name), not inside the module.
    /* verilator lint_off UNUSEDPARAM */
    localparam integer CLOCKS = 27;
    /* verilator lint_on UNUSEDPARAM */

    // Constants of output_mixer.v, same names, widths and values.
    localparam signed [WIDTH-1:0] W_THETA = 18'sd328;    // 0.02
    localparam signed [WIDTH-1:0] W_ALPHA = 18'sd492;    // 0.03
    localparam signed [WIDTH-1:0] W_BETA  = 18'sd328;    // 0.02
    localparam signed [WIDTH-1:0] W_GAMMA = 18'sd164;    // 0.01
    localparam signed [WIDTH-1:0] W_PINK  = 18'sd15073;  // 0.92
    localparam signed [WIDTH-1:0] W_SR    = 18'sd328;    // 0.02: SR f0 during an SIE (ours)
    localparam signed [WIDTH-1:0] MU_SCALE = 18'sd21846; // 1/3 in Q16, rounded up
    localparam signed [WIDTH-1:0] MU_MAX  = 18'sd8;      // MU clamp (the table's largest is 6)
    localparam signed [WIDTH-1:0] ONE_Q14 = 18'sd16384;  // 1.0
    localparam signed [WIDTH-1:0] SIE_BOOST_K = 18'sd6554;  // 0.4: boost 1.0 .. 1.4
    localparam signed [19:0]      LIMIT_THRESHOLD = 20'sd12288;  // 0.75
    localparam signed [19:0]      DAC_OFFSET = 20'sd16384;       // 1.0
    localparam signed [19:0]      DAC_MAX    = 20'sd4095;
    localparam signed [19:0]      DAC_TOP    = 20'sd16384;  // limited >= this: code 4095
    localparam signed [19:0]      DAC_BOTTOM = -20'sd16384; // limited < this: code 0
    localparam signed [35:0]      SAT_MAX    = 36'sd131071;
    localparam signed [35:0]      SAT_MIN    = -36'sd131072;

    // The reference's saturation of a 36-bit value to 18 bits.
    function signed [WIDTH-1:0] sat18;
        input signed [35:0] v;
        begin
            sat18 = (v > SAT_MAX) ? SAT_MAX[WIDTH-1:0] : (v < SAT_MIN) ? SAT_MIN[WIDTH-1:0]
                                                                       : v[WIDTH-1:0];
        end
    endfunction

    // The reference's MU clamp to [0, 8] (signed compares).
    function signed [WIDTH-1:0] mu_clamp;
        input signed [WIDTH-1:0] mu;
        begin
            mu_clamp = (mu < 18'sd0) ? 18'sd0 : (mu > MU_MAX) ? MU_MAX : mu;
        end
    endfunction

    wire signed [WIDTH-1:0] gain_c = (sie_gain < 18'sd0) ? 18'sd0 :
                                     (sie_gain > ONE_Q14) ? ONE_Q14 : sie_gain;

    // ---- sequencer
    reg [4:0] c;   // clock of the schedule, 1 in the clock after the start edge

    // ---- tick registers: the intermediates and the next values
    reg signed [WIDTH-1:0] mod_th, mod_al, mod_be, mod_ga;   // the saturated envelope products
    reg signed [19:0]      acc;      // the weighted bands' sum (osc_sum without sr_g)
    reg signed [WIDTH-1:0] boost;    // 16384 .. 22938
    reg signed [19:0]      pink_w;   // |.| <= 120586
    reg signed [19:0]      mix;      // the reference's mixed: |.| <= 142629 < 2^19
    reg signed [19:0]      mag;      // |mix|
    reg                    neg;      // mix < 0
    reg signed [WIDTH-1:0] mixed_nx;
    reg [11:0]             dac_nx;

    // ---- the multiplier (registered operands and product: one DSP48E1)
    reg signed [19:0] op_a;
    reg signed [17:0] op_b;
    reg signed [19:0] mul_a;
    reg signed [17:0] mul_b;
    reg signed [37:0] prod;

    // ---- product reductions. The *_sh wires hold a shift at full width; only their low bits
    // are used, the rest are sign copies (the bounds in the reference and its contract).
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [35:0] p36     = prod[35:0];           // an 18 x 18 product, exact
    wire signed [35:0] p36_sh  = p36 >>> FRAC;
    wire signed [35:0] p36_mg  = p36 >>> 2;            // mu gain: 0 .. 43692
    wire signed [37:0] prod_sh = prod >>> FRAC;        // osc_b: |.| <= 22043
    /* verilator lint_on UNUSEDSIGNAL */
    wire signed [WIDTH-1:0] sat_sh = sat18(p36_sh);    // mod_b, scaled_b
    wire signed [WIDTH-1:0] mg     = p36_mg[WIDTH-1:0];
    wire signed [WIDTH-1:0] low_sh = p36_sh[WIDTH-1:0]; // th_w .. ga_w, sr_w18, sr_g, boost_p
    wire signed [19:0]      low_sh20 = {{2{low_sh[WIDTH-1]}}, low_sh};
    // osc_sum = the four weighted bands + sr_g (sr_g is in prod in clock C_OSCB), 20 bits.
    wire signed [19:0]      osc_sum = acc + low_sh20;

    // The reference's limiter and DAC code, over clocks C_MIX .. C_LAST: the mix of osc_b (in
    // prod in clock C_MIX) and pink_w, its magnitude, the limited value, the DAC code.
`ifdef PHIN_PLANT_MIXER
    // Test plant, never defined in a build: the mix's LSB flipped when pink_w is negative.
    // testbenches/run.sh builds tb_output_mixer_fold with it and requires the testbench to fail.
    wire signed [19:0] mixed_raw = (prod_sh[19:0] + pink_w) ^ {19'd0, pink_w[19]};
`else
    wire signed [19:0] mixed_raw = prod_sh[19:0] + pink_w;          // |.| <= 142629 < 2^19
`endif
    // T + ((mag - T) >>> 1) = (mag + T) >>> 1 for the even T (header); mag + T <= 154917.
    wire signed [19:0] mag_t   = mag + LIMIT_THRESHOLD;
    wire signed [19:0] lim_mag = (mag > LIMIT_THRESHOLD) ? (mag_t >>> 1) : mag;
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [19:0] limited = neg ? -lim_mag : lim_mag;           // |.| <= 73784 < 2^17
    /* verilator lint_on UNUSEDSIGNAL */
    // mixed_nx = limited; its DAC code clamp((limited + 1.0) >>> 3, 0, 4095), the clamp tested
    // on limited (header).
    wire signed [19:0] limited20 = {{2{mixed_nx[WIDTH-1]}}, mixed_nx};
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [19:0] dac_full  = (limited20 + DAC_OFFSET) >>> 3;
    /* verilator lint_on UNUSEDSIGNAL */
    wire        [11:0] dac_c     = (limited20 < DAC_BOTTOM) ? 12'd0 :
                                   (limited20 >= DAC_TOP) ? DAC_MAX[11:0] : dac_full[11:0];

    // Sign-extension of an 18-bit operand to the multiplier's 20-bit A port.
    function signed [19:0] ext20;
        input signed [WIDTH-1:0] v;
        begin
            ext20 = {{2{v[WIDTH-1]}}, v};
        end
    endfunction

    always @(*) begin
        op_a = ext20(theta_in);
        op_b = env_theta;
        case (c)
            C_ENV_TH: begin op_a = ext20(theta_in);            op_b = env_theta;   end
            C_ENV_AL: begin op_a = ext20(alpha_in);            op_b = env_alpha;   end
            C_ENV_BE: begin op_a = ext20(beta_in);             op_b = env_beta;    end
            C_ENV_GA: begin op_a = ext20(gamma_in);            op_b = env_gamma;   end
            C_MG_TH:  begin op_a = ext20(mu_clamp(mu_theta));  op_b = MU_SCALE;    end
            C_MG_AL:  begin op_a = ext20(mu_clamp(mu_alpha));  op_b = MU_SCALE;    end
            C_SC_TH:  begin op_a = ext20(mod_th);              op_b = mg;          end
            C_SC_AL:  begin op_a = ext20(mod_al);              op_b = mg;          end
            C_W_TH:   begin op_a = ext20(sat_sh);              op_b = W_THETA;     end
            C_W_AL:   begin op_a = ext20(sat_sh);              op_b = W_ALPHA;     end
            C_MG_BE:  begin op_a = ext20(mu_clamp(mu_beta));   op_b = MU_SCALE;    end
            C_MG_GA:  begin op_a = ext20(mu_clamp(mu_gamma));  op_b = MU_SCALE;    end
            C_SC_BE:  begin op_a = ext20(mod_be);              op_b = mg;          end
            C_SC_GA:  begin op_a = ext20(mod_ga);              op_b = mg;          end
            C_W_BE:   begin op_a = ext20(sat_sh);              op_b = W_BETA;      end
            C_W_GA:   begin op_a = ext20(sat_sh);              op_b = W_GAMMA;     end
            C_SRW:    begin op_a = ext20(sr_in);               op_b = W_SR;        end
            C_BOOST:  begin op_a = ext20(gain_c);              op_b = SIE_BOOST_K; end
            C_SRG:    begin op_a = ext20(low_sh);              op_b = gain_c;      end
            C_PINK:   begin op_a = ext20(pink_in);             op_b = W_PINK;      end
            C_OSCB:   begin op_a = osc_sum;                    op_b = boost;       end
            default: ;
        endcase
    end

    always @(posedge clk) begin
        mul_a <= op_a;
        mul_b <= op_b;
        prod  <= mul_a * mul_b;
    end

    always @(posedge clk) begin
        if (rst) begin
            busy     <= 1'b0;
            c        <= 5'd0;
            mixed_nx <= 18'sd0;     // the reset values: a commit without a tick keeps them
            dac_nx   <= 12'd2048;
        end else if (start) begin
            busy <= 1'b1;
            c    <= 5'd1;
        end else if (busy) begin
            c <= c + 5'd1;
            case (c)
                C_ENV_BE: mod_th <= sat_sh;
                C_ENV_GA: mod_al <= sat_sh;
                C_MG_TH:  mod_be <= sat_sh;
                C_MG_AL:  mod_ga <= sat_sh;
                C_MG_BE:  acc    <= low_sh20;
                C_MG_GA:  acc    <= acc + low_sh20;
                C_SRW:    acc    <= acc + low_sh20;
                C_BOOST:  acc    <= acc + low_sh20;
                C_PINK:   boost  <= ONE_Q14 + low_sh;
                C_USE_PK: pink_w <= p36_sh[19:0];
                C_MIX:    mix    <= mixed_raw;
                C_MAG: begin
                    mag <= mix[19] ? -mix : mix;
                    neg <= mix[19];
                end
                C_LIM:    mixed_nx <= limited[WIDTH-1:0];
                C_LAST: begin
                    dac_nx <= dac_c;
                    busy   <= 1'b0;
                end
                default: ;
            endcase
        end
    end

    // ---- the reference's registers, stepped on the commit edge as on its clk_en edge
    always @(posedge clk) begin
        if (rst) begin
            mixed_out  <= 18'sd0;
            dac_output <= 12'd2048;
        end else if (commit) begin
            mixed_out  <= mixed_nx;
            dac_output <= dac_nx;
        end
    end
endmodule
`default_nettype wire
