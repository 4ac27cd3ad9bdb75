// tb_fpga_top: lockstep of the folded top rtl/fpga/phi_n_neural_processor.v against the reference
// rtl/phi_n_neural_processor.v (issue 19; docs/fpga.md, "The folded top"), comparing EVERY output
// port bit for bit. Runs under Verilator (--binary) and Icarus (-g2005); prints one line per
// failing check and ends with "tb_fpga_top: N passed, N failed".
//
// Both tops are called phi_n_neural_processor, and one simulation cannot hold two modules of one
// name: the folded one is built from a copy with the module renamed, made by testbenches/run.sh
// (a "// run.sh: folded top" line below asks for it):
//   sed 's/^module phi_n_neural_processor\b/module phi_n_neural_processor_folded/' \
//       rtl/fpga/phi_n_neural_processor.v > target/.../phi_n_neural_processor_folded.v
// and read with the other rtl/fpga/*.v files and rtl/*.v (the reference, whose module names the
// folded files never reuse). By hand, under Icarus:
//   mkdir -p target/tb_fpga_top && sed '...' rtl/fpga/phi_n_neural_processor.v \
//       > target/tb_fpga_top/phi_n_neural_processor_folded.v
//   iverilog -g2005 -Irtl -Irtl/fpga -Itestbenches -o target/tb_fpga_top/tb.vvp -s tb_fpga_top \
//       testbenches/tb_fpga_top.v target/tb_fpga_top/phi_n_neural_processor_folded.v \
//       $(ls rtl/fpga/*.v | grep -v '/phi_n_neural_processor.v$') rtl/*.v
//   vvp -n target/tb_fpga_top/tb.vvp
//
// Part (a), the same-edge property: one pair with FAST_SIM = 0 (a tick every 31,250 clocks in
// both) on ONE clock, ENABLE_ADAPTIVE = 0, compared on every clock for 3 ticks. The inputs change
// twice a tick at random clocks outside the folded top's sampling window (from its start edge,
// TICK_CLOCKS = FOLD_SPAN clocks before the commit edge, through the commit edge): "given inputs held
// through the tick", every output must change on the same edge to the same value.
//
// Part (b), long lockstep: two pairs with FAST_SIM = 1, ENABLE_ADAPTIVE = 0 and 1, on the same
// inputs. The reference ticks every 10 clocks, the folded one every TICK_CLOCKS_FAST = FOLD_TICK, each
// side on its own clock. As a lockstep harness does it: after reset one lead edge on each side,
// then per tick the inputs are set and each side runs its clocks per tick (10, FOLD_TICK), whose last
// edge is its clock-enable (commit) edge; the folded top's start edge is the first of its FOLD_TICK.
// After every tick both sides have stepped once and every output port is compared. The inputs change every tick, in segments: realistic
// (state_select 0..4 with transitions of random duration, small sensory and SR drive, ignition
// pulses), SR-field bursts (the SR fields over their full 18-bit range), wild (every port uniform
// over its full range, state_select 0..7, any duration), quiet (all zero). About one tick in 1,500
// resets both sides in the middle of a tick (the folded one while its Hopf engine runs), and the
// run goes on from reset; so does one reset half-way through the run.
//
// Besides the ports, both parts compare the 21 oscillators' x, y (the reference's hopf_oscillator
// registers against the folded bank's committed registers, by hierarchical name), so a fault in
// an oscillator is caught before it reaches a port.
//
// Part (b) also reads all 64 addresses of the folded top's read-back bus (docs/fpga.md, "The
// read-back bus") after every tick, on both pairs, without a clock (the bus is combinational),
// and compares each with the reference's net of the same name, by hierarchical name.
//
// Checks: every comparison equal (per part and pair), the reset state equal, and coverage
// (transitions, SIE events, moving DAC, non-zero CA3 pattern, resets) at about half the measured
// rates, so a stimulus that stops exercising the design fails.
//
// Ticks: TB_TICKS (part b) if defined, else 3,000 under Verilator, 120 under Icarus, 60 with
// TB_QUICK (the planted-fault run, part b only).
//
// Time: the Verilator build of six tops takes about 4 minutes (the run 12 s), Icarus about 25 s,
// far more than the default testbench run may add, so run.sh runs it only when named:
//   bash testbenches/run.sh tb_fpga_top
// run.sh: on request
// run.sh: folded top
// run.sh: -O1
// plant: PHIN_PLANT_TOP
`default_nettype none

// One reference top and one folded top on the same stimulus. in_*: the packed input ports (see
// tb_fpga_top.pack_in); out_*: the packed output ports (tb_fpga_top's field table).
module tb_fpga_top_pair #(
    parameter FAST_SIM        = 1,
    parameter ENABLE_ADAPTIVE = 0
) (
    input  wire         clk_ref,
    input  wire         clk_fold,
    input  wire         rst_ref,
    input  wire         rst_fold,
    input  wire [145:0] in_ref,
    input  wire [145:0] in_fold,
    output wire [368:0] out_ref,
    output wire [368:0] out_fold,
    output wire [755:0] osc_ref,
    output wire [755:0] osc_fold,
    // The folded top's read-back bus at rb_addr, and the same register of the reference by
    // hierarchical name (the address table of docs/fpga.md, "The read-back bus", written out
    // again here so that a wrong entry in the RTL's table is caught).
    input  wire [5:0]   rb_addr,
    output reg  [31:0]  rb_ref,
    output wire [31:0]  rb_fold
);
    always @(*) begin
        case (rb_addr)
            6'd0:  rb_ref = {{14{u_ref.kuramoto_r[17]}}, u_ref.kuramoto_r};
            6'd1:  rb_ref = {31'd0, u_ref.high_synchrony};
            6'd2:  rb_ref = {{11{u_ref.k_sum_cos[20]}}, u_ref.k_sum_cos};
            6'd3:  rb_ref = {{11{u_ref.k_sum_sin[20]}}, u_ref.k_sum_sin};
            6'd4:  rb_ref = {{14{u_ref.bicoherence0[17]}}, u_ref.bicoherence0};
            6'd5:  rb_ref = {{14{u_ref.bicoherence1[17]}}, u_ref.bicoherence1};
            6'd6:  rb_ref = {{14{u_ref.bicoherence2[17]}}, u_ref.bicoherence2};
            6'd7:  rb_ref = {{14{u_ref.bicoherence_max[17]}}, u_ref.bicoherence_max};
            6'd8:  rb_ref = {{14{u_ref.triad_sync[17]}}, u_ref.triad_sync};
            6'd9:  rb_ref = {31'd0, u_ref.high_bicoherence};
            6'd10: rb_ref = {{14{u_ref.bp_theta_alpha[17]}}, u_ref.bp_theta_alpha};
            6'd11: rb_ref = {{14{u_ref.bp_alpha_beta1[17]}}, u_ref.bp_alpha_beta1};
            6'd12: rb_ref = {{14{u_ref.bp_beta1_beta2[17]}}, u_ref.bp_beta1_beta2};
            6'd13: rb_ref = {30'd0, u_ref.coupling_mode};
            6'd14: rb_ref = {31'd0, u_ref.mode_target};
            6'd15: rb_ref = {21'd0, u_ref.xfade_timer};
            6'd16: rb_ref = {{14{u_ref.pac_gain[17]}}, u_ref.pac_gain};
            6'd17: rb_ref = {{14{u_ref.harmonic_gain[17]}}, u_ref.harmonic_gain};
            6'd18: rb_ref = {{14{u_ref.ratio_alpha_theta[17]}}, u_ref.ratio_alpha_theta};
            6'd19: rb_ref = {{14{u_ref.ratio_beta1_alpha[17]}}, u_ref.ratio_beta1_alpha};
            6'd20: rb_ref = {{14{u_ref.ratio_beta2_beta1[17]}}, u_ref.ratio_beta2_beta1};
            6'd21: rb_ref = {{14{u_ref.ratio_gamma_beta2[17]}}, u_ref.ratio_gamma_beta2};
            6'd22: rb_ref = {{14{u_ref.hsi[17]}}, u_ref.hsi};
            6'd23: rb_ref = u_ref.hsi_baseline_acc[31:0];
            6'd24: rb_ref = {{30{u_ref.hsi_baseline_acc[33]}}, u_ref.hsi_baseline_acc[33:32]};
            6'd25: rb_ref = {31'd0, u_ref.hsi_baseline_valid};
            6'd26: rb_ref = {31'd0, u_ref.harmonic_locked};
            6'd27: rb_ref = {{13{u_ref.delta_hsi[18]}}, u_ref.delta_hsi};
            6'd28: rb_ref = {{14{u_ref.chi_f1_f0[17]}}, u_ref.chi_f1_f0};
            6'd29: rb_ref = {{14{u_ref.energy_0[17]}}, u_ref.energy_0};
            6'd30: rb_ref = {{14{u_ref.energy_1[17]}}, u_ref.energy_1};
            6'd31: rb_ref = {{14{u_ref.energy_2[17]}}, u_ref.energy_2};
            6'd32: rb_ref = {{14{u_ref.energy_3[17]}}, u_ref.energy_3};
            6'd33: rb_ref = {{14{u_ref.energy_4[17]}}, u_ref.energy_4};
            6'd34: rb_ref = {30'd0, u_ref.class_f0};
            6'd35: rb_ref = {30'd0, u_ref.class_f1};
            6'd36: rb_ref = {30'd0, u_ref.class_f2};
            6'd37: rb_ref = {30'd0, u_ref.class_f3};
            6'd38: rb_ref = {30'd0, u_ref.class_f4};
            default: rb_ref = 32'd0;
        endcase
    end

    // The 21 oscillators' x, y (36 bits each, oscillator k at [36k +: 36], the bank's numbering:
    // 0 theta, 1..5 SR f0..f4, 6..10 sensory L6, L5a, L5b, L4, L2/3, 11..15 association, 16..20
    // motor): the reference's hopf_oscillator registers and the folded bank's committed ones.
    assign osc_ref = {
        u_ref.col_motor.u_l23.x, u_ref.col_motor.u_l23.y,
        u_ref.col_motor.u_l4.x, u_ref.col_motor.u_l4.y,
        u_ref.col_motor.u_l5b.x, u_ref.col_motor.u_l5b.y,
        u_ref.col_motor.u_l5a.x, u_ref.col_motor.u_l5a.y,
        u_ref.col_motor.u_l6.x, u_ref.col_motor.u_l6.y,
        u_ref.col_assoc.u_l23.x, u_ref.col_assoc.u_l23.y,
        u_ref.col_assoc.u_l4.x, u_ref.col_assoc.u_l4.y,
        u_ref.col_assoc.u_l5b.x, u_ref.col_assoc.u_l5b.y,
        u_ref.col_assoc.u_l5a.x, u_ref.col_assoc.u_l5a.y,
        u_ref.col_assoc.u_l6.x, u_ref.col_assoc.u_l6.y,
        u_ref.col_sensory.u_l23.x, u_ref.col_sensory.u_l23.y,
        u_ref.col_sensory.u_l4.x, u_ref.col_sensory.u_l4.y,
        u_ref.col_sensory.u_l5b.x, u_ref.col_sensory.u_l5b.y,
        u_ref.col_sensory.u_l5a.x, u_ref.col_sensory.u_l5a.y,
        u_ref.col_sensory.u_l6.x, u_ref.col_sensory.u_l6.y,
        u_ref.u_thalamus.u_sr_bank.u_f4.u_core.x, u_ref.u_thalamus.u_sr_bank.u_f4.u_core.y,
        u_ref.u_thalamus.u_sr_bank.u_f3.u_core.x, u_ref.u_thalamus.u_sr_bank.u_f3.u_core.y,
        u_ref.u_thalamus.u_sr_bank.u_f2.u_core.x, u_ref.u_thalamus.u_sr_bank.u_f2.u_core.y,
        u_ref.u_thalamus.u_sr_bank.u_f1.u_core.x, u_ref.u_thalamus.u_sr_bank.u_f1.u_core.y,
        u_ref.u_thalamus.u_sr_bank.u_f0.u_core.x, u_ref.u_thalamus.u_sr_bank.u_f0.u_core.y,
        u_ref.u_thalamus.u_theta.x, u_ref.u_thalamus.u_theta.y};
    assign osc_fold = {
        u_fold.u_hopf.g_osc[20].x_c, u_fold.u_hopf.g_osc[20].y_c,
        u_fold.u_hopf.g_osc[19].x_c, u_fold.u_hopf.g_osc[19].y_c,
        u_fold.u_hopf.g_osc[18].x_c, u_fold.u_hopf.g_osc[18].y_c,
        u_fold.u_hopf.g_osc[17].x_c, u_fold.u_hopf.g_osc[17].y_c,
        u_fold.u_hopf.g_osc[16].x_c, u_fold.u_hopf.g_osc[16].y_c,
        u_fold.u_hopf.g_osc[15].x_c, u_fold.u_hopf.g_osc[15].y_c,
        u_fold.u_hopf.g_osc[14].x_c, u_fold.u_hopf.g_osc[14].y_c,
        u_fold.u_hopf.g_osc[13].x_c, u_fold.u_hopf.g_osc[13].y_c,
        u_fold.u_hopf.g_osc[12].x_c, u_fold.u_hopf.g_osc[12].y_c,
        u_fold.u_hopf.g_osc[11].x_c, u_fold.u_hopf.g_osc[11].y_c,
        u_fold.u_hopf.g_osc[10].x_c, u_fold.u_hopf.g_osc[10].y_c,
        u_fold.u_hopf.g_osc[9].x_c, u_fold.u_hopf.g_osc[9].y_c,
        u_fold.u_hopf.g_osc[8].x_c, u_fold.u_hopf.g_osc[8].y_c,
        u_fold.u_hopf.g_osc[7].x_c, u_fold.u_hopf.g_osc[7].y_c,
        u_fold.u_hopf.g_osc[6].x_c, u_fold.u_hopf.g_osc[6].y_c,
        u_fold.u_hopf.g_osc[5].x_c, u_fold.u_hopf.g_osc[5].y_c,
        u_fold.u_hopf.g_osc[4].x_c, u_fold.u_hopf.g_osc[4].y_c,
        u_fold.u_hopf.g_osc[3].x_c, u_fold.u_hopf.g_osc[3].y_c,
        u_fold.u_hopf.g_osc[2].x_c, u_fold.u_hopf.g_osc[2].y_c,
        u_fold.u_hopf.g_osc[1].x_c, u_fold.u_hopf.g_osc[1].y_c,
        u_fold.u_hopf.g_osc[0].x_c, u_fold.u_hopf.g_osc[0].y_c};

    phi_n_neural_processor #(.FAST_SIM(FAST_SIM), .ENABLE_ADAPTIVE(ENABLE_ADAPTIVE)) u_ref (
        .clk(clk_ref), .rst(rst_ref),
        .sensory_input(in_ref[17:0]), .state_select(in_ref[20:18]),
        .transition_duration(in_ref[36:21]), .sr_field_input(in_ref[54:37]),
        .sr_field_packed(in_ref[144:55]), .ignition_trigger(in_ref[145]),
        .dac_output(out_ref[11:0]), .debug_motor_l23(out_ref[29:12]),
        .debug_theta(out_ref[47:30]), .ca3_learning(out_ref[48]), .ca3_recalling(out_ref[49]),
        .ca3_phase_pattern(out_ref[55:50]), .cortical_pattern_out(out_ref[61:56]),
        .f0_x(out_ref[79:62]), .f0_y(out_ref[97:80]), .f0_amplitude(out_ref[115:98]),
        .sr_f_x_packed(out_ref[205:116]), .sr_coherence_packed(out_ref[295:206]),
        .sie_per_harmonic(out_ref[300:296]), .coherence_mask(out_ref[305:301]),
        .sr_coherence(out_ref[323:306]), .sr_amplification(out_ref[341:324]),
        .beta_quiet(out_ref[342]), .theta_phase(out_ref[345:343]),
        .state_transitioning(out_ref[346]), .state_transition_progress(out_ref[362:347]),
        .state_transition_from(out_ref[365:363]), .state_transition_to(out_ref[368:366]));

    phi_n_neural_processor_folded #(.FAST_SIM(FAST_SIM), .ENABLE_ADAPTIVE(ENABLE_ADAPTIVE)) u_fold (
        .clk(clk_fold), .rst(rst_fold),
        .sensory_input(in_fold[17:0]), .state_select(in_fold[20:18]),
        .transition_duration(in_fold[36:21]), .sr_field_input(in_fold[54:37]),
        .sr_field_packed(in_fold[144:55]), .ignition_trigger(in_fold[145]),
        .dac_output(out_fold[11:0]), .debug_motor_l23(out_fold[29:12]),
        .debug_theta(out_fold[47:30]), .ca3_learning(out_fold[48]), .ca3_recalling(out_fold[49]),
        .ca3_phase_pattern(out_fold[55:50]), .cortical_pattern_out(out_fold[61:56]),
        .f0_x(out_fold[79:62]), .f0_y(out_fold[97:80]), .f0_amplitude(out_fold[115:98]),
        .sr_f_x_packed(out_fold[205:116]), .sr_coherence_packed(out_fold[295:206]),
        .sie_per_harmonic(out_fold[300:296]), .coherence_mask(out_fold[305:301]),
        .sr_coherence(out_fold[323:306]), .sr_amplification(out_fold[341:324]),
        .beta_quiet(out_fold[342]), .theta_phase(out_fold[345:343]),
        .state_transitioning(out_fold[346]), .state_transition_progress(out_fold[362:347]),
        .state_transition_from(out_fold[365:363]), .state_transition_to(out_fold[368:366]),
        .rb_addr(rb_addr), .rb_data(rb_fold));
endmodule

module tb_fpga_top;
    // The folded top's tick with FAST_SIM = 1 and its start-to-commit span
    // (rtl/fpga/phi_n_neural_processor.v: TICK_CLOCKS_FAST = TICK_CLOCKS + 1, TICK_CLOCKS = the
    // longest of its units, the folded Kuramoto monitor's 443 clocks), the reference's
    // clock-enable period with FAST_SIM = 1 and 0 (clock_enable_generator.v).
    localparam integer FOLD_SPAN = 443;
    localparam integer FOLD_TICK = 444;
    localparam integer REF_TICK  = 10;
    localparam integer SLOW_TICK = 31250;
`ifdef TB_TICKS
    localparam integer TICKS = `TB_TICKS;
`elsif TB_QUICK
    localparam integer TICKS = 60;
`elsif VERILATOR
    localparam integer TICKS = 3000;
`else
    localparam integer TICKS = 120;
`endif
    localparam integer SLOW_TICKS = 3;

    // ------------------------------------------------------------------ the pairs
    reg clk = 1'b0;          // tb_common.vh's tasks; drives nothing here
    reg rst = 1'b0;
    reg clk_s = 1'b0;        // part (a): one clock for both tops
    reg rst_s = 1'b0;
    reg clk_r = 1'b0;        // part (b): the references' clock
    reg clk_f = 1'b0;        // part (b): the folded tops' clock
    reg rst_r = 1'b0;
    reg rst_f = 1'b0;
    reg [145:0] in_s = 146'd0;
    reg [145:0] in_r = 146'd0;
    reg [145:0] in_f = 146'd0;
    wire [368:0] slow_ref, slow_fold, ad0_ref, ad0_fold, ad1_ref, ad1_fold;
    wire [755:0] slow_osc_ref, slow_osc_fold, ad0_osc_ref, ad0_osc_fold, ad1_osc_ref, ad1_osc_fold;
    reg  [5:0]   rb_a = 6'd0;
    wire [31:0]  slow_rb_ref, slow_rb_fold, ad0_rb_ref, ad0_rb_fold, ad1_rb_ref, ad1_rb_fold;

    tb_fpga_top_pair #(.FAST_SIM(0), .ENABLE_ADAPTIVE(0)) pair_slow (
        .clk_ref(clk_s), .clk_fold(clk_s), .rst_ref(rst_s), .rst_fold(rst_s),
        .in_ref(in_s), .in_fold(in_s), .out_ref(slow_ref), .out_fold(slow_fold),
        .osc_ref(slow_osc_ref), .osc_fold(slow_osc_fold),
        .rb_addr(rb_a), .rb_ref(slow_rb_ref), .rb_fold(slow_rb_fold));
    tb_fpga_top_pair #(.FAST_SIM(1), .ENABLE_ADAPTIVE(0)) pair_ad0 (
        .clk_ref(clk_r), .clk_fold(clk_f), .rst_ref(rst_r), .rst_fold(rst_f),
        .in_ref(in_r), .in_fold(in_f), .out_ref(ad0_ref), .out_fold(ad0_fold),
        .osc_ref(ad0_osc_ref), .osc_fold(ad0_osc_fold),
        .rb_addr(rb_a), .rb_ref(ad0_rb_ref), .rb_fold(ad0_rb_fold));
    tb_fpga_top_pair #(.FAST_SIM(1), .ENABLE_ADAPTIVE(1)) pair_ad1 (
        .clk_ref(clk_r), .clk_fold(clk_f), .rst_ref(rst_r), .rst_fold(rst_f),
        .in_ref(in_r), .in_fold(in_f), .out_ref(ad1_ref), .out_fold(ad1_fold),
        .osc_ref(ad1_osc_ref), .osc_fold(ad1_osc_fold),
        .rb_addr(rb_a), .rb_ref(ad1_rb_ref), .rb_fold(ad1_rb_fold));

    integer pass = 0;
    integer fail = 0;
    `include "tb_common.vh"

    // ------------------------------------------------------------------ stimulus
    reg [31:0] seed = 32'h2545F491;
    function [31:0] xorshift;
        input [31:0] v;
        reg   [31:0] a;
        begin
            a = v ^ (v << 13);
            a = a ^ (a >> 17);
            xorshift = a ^ (a << 5);
        end
    endfunction
    // Next random word (advances the seed).
    task rnd;
        output [31:0] r;
        begin
            seed = xorshift(seed);
            r = seed;
        end
    endtask

    // A signed value uniform in [-m, m-1] (m a power of two up to 2^17), as 18 bits.
    task rnd_s18;
        input  integer    m;
        output [17:0]     v;
        reg    [31:0]     r;
        begin
            rnd(r);
            v = (r % (2 * m)) - m;
        end
    endtask

    // Input vector: {ignition_trigger, sr_field_packed, sr_field_input, transition_duration,
    // state_select, sensory_input} = bits 145, 144:55, 54:37, 36:21, 20:18, 17:0.
    function [145:0] pack_in;
        input [17:0] sensory;
        input [2:0]  sel;
        input [15:0] dur;
        input [17:0] field_in;
        input [89:0] fields;
        input        ign;
        begin
            pack_in = {ign, fields, field_in, dur, sel, sensory};
        end
    endfunction

    // Segment state of the stimulus.
    integer seg_mode = 0;      // 0 realistic, 1 SR-field burst, 2 wild, 3 quiet
    integer seg_left = 0;
    integer seg_step = 5;
    reg [2:0]  cur_sel = 3'd0;
    reg [15:0] cur_dur = 16'd0;
    integer n_mode [0:3];

    // The inputs of the next tick.
    task next_inputs;
        output [145:0] v;
        reg [31:0] r;
        reg [17:0] sensory, field_in, f;
        reg [89:0] fields;
        reg        ign;
        integer    h;
        begin
            if (seg_left == 0) begin
                // Segments in the order realistic, burst, realistic, wild, realistic, quiet, ...
                // of 4 to 24 ticks; each realistic or burst segment starts with a state request.
                rnd(r);
                seg_left = 4 + (r % 21);
                seg_step = (seg_step + 1) % 6;
                seg_mode = (seg_step == 1) ? 1 : (seg_step == 3) ? 2 : (seg_step == 5) ? 3 : 0;
                if (seg_mode <= 1) begin
                    rnd(r); cur_sel = r % 5;
                    rnd(r); cur_dur = (r % 4 == 0) ? 16'd0 : (r % 512);
                end
            end
            seg_left = seg_left - 1;
            n_mode[seg_mode] = n_mode[seg_mode] + 1;
            sensory = 18'd0; field_in = 18'd0; fields = 90'd0; ign = 1'b0;
            case (seg_mode)
                0, 1: begin
                    // A state request now and then (0..4), with a duration up to 511 ticks.
                    rnd(r);
                    if (r % 96 == 0) begin
                        rnd(r); cur_sel = r % 5;
                        rnd(r); cur_dur = (r % 4 == 0) ? 16'd0 : (r % 512);
                    end
                    rnd_s18(4096, sensory);
                    rnd(r); ign = (r % 160 == 0);
                    if (seg_mode == 0) begin
                        rnd_s18(512, field_in);
                        for (h = 0; h < 5; h = h + 1) begin
                            rnd_s18(512, f);
                            fields[18*h +: 18] = f;
                        end
                    end else begin
                        rnd_s18(131072, field_in);
                        for (h = 0; h < 5; h = h + 1) begin
                            rnd_s18(131072, f);
                            fields[18*h +: 18] = f;
                        end
                    end
                end
                2: begin
                    rnd(r); cur_sel = r[2:0];
                    rnd(r); cur_dur = r[15:0];
                    rnd_s18(131072, sensory);
                    rnd(r); ign = r[0];
                    rnd_s18(131072, field_in);
                    for (h = 0; h < 5; h = h + 1) begin
                        rnd_s18(131072, f);
                        fields[18*h +: 18] = f;
                    end
                end
                default: ;
            endcase
            v = pack_in(sensory, cur_sel, cur_dur, field_in, fields, ign);
        end
    endtask

    // ------------------------------------------------------------------ comparison
    // Output fields: name, low bit, width (the pair's port map).
    integer mismatches = 0;
    task compare_fields;
        input [8*16-1:0] where;
        input integer    tick;
        input [368:0]    r;
        input [368:0]    f;
        begin
            if (r !== f) begin
                mismatches = mismatches + 1;
                if (mismatches <= 10) begin
                    $display("mismatch: %0s tick %0d", where, tick);
                    show(r, f, 0, 12, "dac_output");
                    show(r, f, 12, 18, "debug_motor_l23");
                    show(r, f, 30, 18, "debug_theta");
                    show(r, f, 48, 1, "ca3_learning");
                    show(r, f, 49, 1, "ca3_recalling");
                    show(r, f, 50, 6, "ca3_phase_pattern");
                    show(r, f, 56, 6, "cortical_pattern_out");
                    show(r, f, 62, 18, "f0_x");
                    show(r, f, 80, 18, "f0_y");
                    show(r, f, 98, 18, "f0_amplitude");
                    show(r, f, 116, 90, "sr_f_x_packed");
                    show(r, f, 206, 90, "sr_coherence_packed");
                    show(r, f, 296, 5, "sie_per_harmonic");
                    show(r, f, 301, 5, "coherence_mask");
                    show(r, f, 306, 18, "sr_coherence");
                    show(r, f, 324, 18, "sr_amplification");
                    show(r, f, 342, 1, "beta_quiet");
                    show(r, f, 343, 3, "theta_phase");
                    show(r, f, 346, 1, "state_transitioning");
                    show(r, f, 347, 16, "transition_progress");
                    show(r, f, 363, 3, "transition_from");
                    show(r, f, 366, 3, "transition_to");
                end
            end
        end
    endtask
    // The oscillators' state (pair port osc_*): the first mismatching oscillator is printed.
    task compare_osc;
        input [8*16-1:0] where;
        input integer    tick;
        input [755:0]    r;
        input [755:0]    f;
        integer          i;
        reg              shown;
        begin
            if (r !== f) begin
                mismatches = mismatches + 1;
                shown = 1'b0;
                for (i = 0; i < 21; i = i + 1) begin
                    if (!shown && mismatches <= 10 && r[36*i +: 36] !== f[36*i +: 36]) begin
                        $display("mismatch: %0s tick %0d oscillator %0d: reference x %0d y %0d, folded x %0d y %0d",
                                 where, tick, i, $signed(r[36*i+18 +: 18]), $signed(r[36*i +: 18]),
                                 $signed(f[36*i+18 +: 18]), $signed(f[36*i +: 18]));
                        shown = 1'b1;
                    end
                end
            end
        end
    endtask
    // The read-back bus (pair ports rb_*): every address, both FAST_SIM = 1 pairs, no clock
    // (the bus is combinational). Counts the mismatching reads and the addresses whose value
    // is not 0 (coverage: the monitors move).
    integer rb_mis, rb_nonzero;
    task compare_rb;
        input integer tick;
        integer       a;
        begin
            for (a = 0; a < 64; a = a + 1) begin
                rb_a = a[5:0];
                #1;
                if (ad0_rb_ref !== ad0_rb_fold || ad1_rb_ref !== ad1_rb_fold) begin
                    rb_mis = rb_mis + 1;
                    if (rb_mis <= 10)
                        $display("mismatch: read-back tick %0d address %0d: ADAPTIVE=0 reference %h folded %h, ADAPTIVE=1 reference %h folded %h",
                                 tick, a, ad0_rb_ref, ad0_rb_fold, ad1_rb_ref, ad1_rb_fold);
                end
                if (ad0_rb_ref != 32'd0 || ad1_rb_ref != 32'd0) rb_nonzero = rb_nonzero + 1;
            end
        end
    endtask
    task show;
        input [368:0]    r;
        input [368:0]    f;
        input integer    lo;
        input integer    w;
        input [8*24-1:0] name;
        reg   [89:0]     a, b;
        integer          i;
        begin
            a = 90'd0; b = 90'd0;
            for (i = 0; i < w; i = i + 1) begin
                a[i] = r[lo + i];
                b[i] = f[lo + i];
            end
            if (a !== b) $display("    %0s: reference %h, folded %h", name, a, b);
        end
    endtask

    // ------------------------------------------------------------------ clocks
    task pulse_s; begin #1 clk_s = 1'b1; #1 clk_s = 1'b0; end endtask
    task pulse_r; begin #1 clk_r = 1'b1; #1 clk_r = 1'b0; end endtask
    task pulse_f; begin #1 clk_f = 1'b1; #1 clk_f = 1'b0; end endtask

    // ------------------------------------------------------------------ part (a)
    integer c, t, change1, change2, slow_compares, slow_edges_ref, slow_edges_same;
    integer slow_mismatch;
    reg [368:0] prev_ref;
    reg [145:0] v;
    reg [31:0]  r;

    task part_a;
        begin
            slow_compares = 0; slow_edges_ref = 0; slow_edges_same = 0; slow_mismatch = 0;
            mismatches = 0;
            rst_s = 1'b1;
            pulse_s;
            rst_s = 1'b0;
            check("a_reset_state_equal", slow_ref === slow_fold && slow_osc_ref === slow_osc_fold);
            prev_ref = slow_ref;
            // Clock after the reset edge: c = 1 .. The reference's clock-enable edges are the
            // edges c = 31,251, 62,501, ... (clock_enable_generator: high in the clock after the
            // DIV-th edge); the folded top samples its inputs on the edge FOLD_TICK before each.
            for (t = 0; t < SLOW_TICKS; t = t + 1) begin
                // After the commit edge (c = 1 ends on it for t > 0), early in the tick.
                rnd(r); change1 = 2 + (r % 1000);
                rnd(r); change2 = 2000 + (r % (SLOW_TICK - FOLD_SPAN - 2100)); // before start
                for (c = 1; c <= SLOW_TICK; c = c + 1) begin
                    if (c == change1 || c == change2) begin
                        next_inputs(v);
                        in_s = v;
                    end
                    pulse_s;
                    slow_compares = slow_compares + 1;
                    if (slow_ref !== slow_fold || slow_osc_ref !== slow_osc_fold)
                        slow_mismatch = slow_mismatch + 1;
                    compare_fields("part a", t, slow_ref, slow_fold);
                    compare_osc("part a", t, slow_osc_ref, slow_osc_fold);
                    if (slow_ref !== prev_ref) begin
                        slow_edges_ref = slow_edges_ref + 1;
                        // Pulse c of tick t is edge t * SLOW_TICK + c after the reset edge; the
                        // reference's clock-enable edges are those with c = 1, t > 0.
                        if (c == 1 && t > 0) slow_edges_same = slow_edges_same + 1;
                    end
                    prev_ref = slow_ref;
                end
            end
            // The last pulse loop ends on edge SLOW_TICKS * SLOW_TICK; run to the last tick's edge.
            pulse_s;
            slow_compares = slow_compares + 1;
            if (slow_ref !== slow_fold || slow_osc_ref !== slow_osc_fold)
                slow_mismatch = slow_mismatch + 1;
            compare_fields("part a, last", SLOW_TICKS, slow_ref, slow_fold);
            compare_osc("part a, last", SLOW_TICKS, slow_osc_ref, slow_osc_fold);
            if (slow_ref !== prev_ref) begin
                slow_edges_ref = slow_edges_ref + 1;
                slow_edges_same = slow_edges_same + 1;
            end
            $display("part a: %0d clocks compared (FAST_SIM = 0, %0d ticks), %0d mismatching, reference outputs moved on %0d edges, %0d of them tick edges",
                     slow_compares, SLOW_TICKS, slow_mismatch, slow_edges_ref, slow_edges_same);
            check("a_every_clock_equal", slow_mismatch == 0);
            check("a_outputs_move_on_tick_edges", slow_edges_ref >= 2 && slow_edges_ref == slow_edges_same);
        end
    endtask

    // ------------------------------------------------------------------ part (b)
    integer tick, n_reset, ad0_mis, ad1_mis, n_trans, n_sie, n_dac_sat, n_dac_moves;
    integer n_pattern, k, reset_mis, ad0_port_mis, ad1_port_mis;
    reg [145:0] nxt;
    reg [11:0]  prev_dac;

    // Reset both sides, then one lead edge on each (the first tick's clock-enable edge comes 11
    // edges after reset in the reference, 318 in the folded top: lead + clocks per tick).
    task reset_b;
        begin
            rst_r = 1'b1; rst_f = 1'b1;
            pulse_r; pulse_f;
            rst_r = 1'b0; rst_f = 1'b0;
            if (ad0_ref !== ad0_fold || ad1_ref !== ad1_fold || ad0_osc_ref !== ad0_osc_fold ||
                ad1_osc_ref !== ad1_osc_fold) reset_mis = reset_mis + 1;
            pulse_r; pulse_f;
        end
    endtask

    task part_b;
        begin
            ad0_mis = 0; ad1_mis = 0; n_reset = 0; n_trans = 0; n_sie = 0; n_dac_sat = 0;
            n_dac_moves = 0; n_pattern = 0; mismatches = 0; reset_mis = 0;
            ad0_port_mis = 0; ad1_port_mis = 0; rb_mis = 0; rb_nonzero = 0;
            prev_dac = 12'd0;
            reset_b;
            for (tick = 0; tick < TICKS; tick = tick + 1) begin
                next_inputs(nxt);
                rnd(r);
                if (r % 1500 == 7 || tick == TICKS / 2) begin
                    // A reset in the middle of a tick on both sides (the folded one while its
                    // engine runs, with this tick's inputs already latched).
                    in_r = nxt; in_f = nxt;
                    rnd(r);
                    for (k = 0; k < 1 + (r % (REF_TICK - 1)); k = k + 1) pulse_r;
                    rnd(r);
                    for (k = 0; k < 2 + (r % (FOLD_TICK - 2)); k = k + 1) pulse_f;
                    n_reset = n_reset + 1;
                    reset_b;
                end
                in_r = nxt; in_f = nxt;
                for (k = 0; k < REF_TICK; k = k + 1) pulse_r;
                for (k = 0; k < FOLD_TICK; k = k + 1) pulse_f;
                if (ad0_ref !== ad0_fold || ad0_osc_ref !== ad0_osc_fold) ad0_mis = ad0_mis + 1;
                if (ad1_ref !== ad1_fold || ad1_osc_ref !== ad1_osc_fold) ad1_mis = ad1_mis + 1;
                if (ad0_ref !== ad0_fold) ad0_port_mis = ad0_port_mis + 1;
                if (ad1_ref !== ad1_fold) ad1_port_mis = ad1_port_mis + 1;
                compare_fields("b ADAPTIVE=0", tick, ad0_ref, ad0_fold);
                compare_fields("b ADAPTIVE=1", tick, ad1_ref, ad1_fold);
                compare_osc("b ADAPTIVE=0", tick, ad0_osc_ref, ad0_osc_fold);
                compare_osc("b ADAPTIVE=1", tick, ad1_osc_ref, ad1_osc_fold);
                compare_rb(tick);
                // Coverage, from the reference with ENABLE_ADAPTIVE = 0.
                if (ad0_ref[346]) n_trans = n_trans + 1;
                if (ad0_ref[300:296] != 5'd0) n_sie = n_sie + 1;
                if (ad0_ref[11:0] == 12'd0 || ad0_ref[11:0] == 12'd4095 ||
                    ad1_ref[11:0] == 12'd0 || ad1_ref[11:0] == 12'd4095) n_dac_sat = n_dac_sat + 1;
                if (ad0_ref[11:0] != prev_dac) n_dac_moves = n_dac_moves + 1;
                if (ad0_ref[61:56] != 6'd0) n_pattern = n_pattern + 1;
                prev_dac = ad0_ref[11:0];
            end
            $display("part b: %0d ticks x 2 pairs compared (FAST_SIM = 1; ENABLE_ADAPTIVE = 0: %0d mismatching, %0d of them on the ports; 1: %0d mismatching, %0d on the ports); %0d resets (%0d with a mismatching reset state); segments realistic %0d, burst %0d, wild %0d, quiet %0d ticks",
                     TICKS, ad0_mis, ad0_port_mis, ad1_mis, ad1_port_mis, n_reset, reset_mis,
                     n_mode[0], n_mode[1], n_mode[2], n_mode[3]);
            $display("part b coverage: transitioning %0d ticks, SIE (any harmonic) %0d, DAC at a rail %0d, DAC moved %0d, cortical pattern non-zero %0d",
                     n_trans, n_sie, n_dac_sat, n_dac_moves, n_pattern);
            check("b_reset_state_equal", reset_mis == 0);
            check("b_adaptive0_every_tick_equal", ad0_mis == 0);
            check("b_adaptive1_every_tick_equal", ad1_mis == 0);
            check("b_coverage_transitions", n_trans >= TICKS / 20);
            check("b_coverage_sie", n_sie >= TICKS / 200);
            check("b_coverage_dac_moves", n_dac_moves >= TICKS / 4);
            check("b_coverage_pattern", n_pattern >= TICKS / 50);
            check("b_coverage_resets", n_reset >= 1);
            $display("part b read-back bus: %0d reads (64 addresses after every tick, 2 pairs), %0d mismatching, %0d not 0",
                     TICKS * 64, rb_mis, rb_nonzero);
            check("b_readback_equal", rb_mis == 0);
            check("b_coverage_readback", rb_nonzero >= TICKS * 10);
        end
    endtask

    initial begin
        n_mode[0] = 0; n_mode[1] = 0; n_mode[2] = 0; n_mode[3] = 0;
`ifndef TB_QUICK
        part_a;
`endif
        part_b;
        $display("tb_fpga_top: %0d passed, %0d failed", pass, fail);
        $finish;
    end
endmodule
`default_nettype wire
