// ca3_phase_memory: CA3 auto-associative phase memory (description section 5): a 6x6 symmetric
// Hebbian weight matrix of 8-bit signed weights with zero diagonal, learned at theta peaks,
// recalled at theta troughs, decayed every DECAY_INTERVAL theta cycles without a pattern.
// Contract: docs/spec/ca3_phase_memory.md. Model: crates/phin-core/src/ca3_phase_memory.rs.
//
// The matrix is symmetric with a zero diagonal by construction: the 15 weights above the diagonal
// are registers w_i_j (i < j); w[j][i] is the same register and w[i][i] is the constant 0.
//
// Theta peak / trough come from theta_x with hysteresis +-0.25: theta_high sets when
// theta_x > +4096 (peak event) and clears when theta_x < -4096 (trough event).
//   IDLE --peak & pattern--> LEARN --> LEARN_DONE --> IDLE
//   IDLE --trough & pattern--> RECALL --> RECALL_DONE --> IDLE
//   IDLE --trough & no pattern & theta_cycle_count >= 10--> DECAY   (count: peaks without pattern) --> DECAY_DONE --> IDLE
`default_nettype none
module ca3_phase_memory #(
    parameter WIDTH = 18
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    clk_en,
    input  wire signed [WIDTH-1:0] theta_x,
    input  wire [5:0]              pattern_in,
    output reg  [5:0]              phase_pattern,
    output wire                    learning,
    output wire                    recalling
);
    localparam signed [WIDTH-1:0] HYST_HI = 18'sd4096;    // +0.25
    localparam signed [WIDTH-1:0] HYST_LO = -18'sd4096;   // -0.25
    localparam signed [8:0]  LEARN_RATE       = 9'sd2;
    localparam signed [8:0]  WEIGHT_MAX       = 9'sd100;
    localparam signed [7:0]  DECAY_RATE       = 8'sd1;
    localparam signed [10:0] RECALL_THRESHOLD = 11'sd30;
    localparam [3:0]         DECAY_INTERVAL   = 4'd10;    // theta cycles

    localparam [2:0] S_IDLE        = 3'd0;
    localparam [2:0] S_LEARN       = 3'd1;
    localparam [2:0] S_LEARN_DONE  = 3'd2;
    localparam [2:0] S_RECALL      = 3'd3;
    localparam [2:0] S_RECALL_DONE = 3'd4;
    localparam [2:0] S_DECAY       = 3'd5;
    localparam [2:0] S_DECAY_DONE  = 3'd6;

    reg [2:0] state;
    reg       theta_high;
    reg [3:0] theta_cycle_count;
    reg [5:0] pattern_latched;

    reg signed [7:0] w_0_1;
    reg signed [7:0] w_0_2;
    reg signed [7:0] w_0_3;
    reg signed [7:0] w_0_4;
    reg signed [7:0] w_0_5;
    reg signed [7:0] w_1_2;
    reg signed [7:0] w_1_3;
    reg signed [7:0] w_1_4;
    reg signed [7:0] w_1_5;
    reg signed [7:0] w_2_3;
    reg signed [7:0] w_2_4;
    reg signed [7:0] w_2_5;
    reg signed [7:0] w_3_4;
    reg signed [7:0] w_3_5;
    reg signed [7:0] w_4_5;

    wire peak_event   = ~theta_high & (theta_x > HYST_HI);
    wire trough_event = theta_high & (theta_x < HYST_LO);
    wire has_pattern  = (pattern_in != 6'd0);

    assign learning  = (state == S_LEARN);
    assign recalling = (state == S_RECALL);

    // Learning: +LEARN_RATE in 9 bits, saturated at WEIGHT_MAX.
    function signed [7:0] learn;
        input signed [7:0] w;
        input              both;
        reg   signed [8:0] s;
        begin
            s = {w[7], w} + LEARN_RATE;
            if (!both)
                learn = w;
            else if (s > WEIGHT_MAX)
                learn = WEIGHT_MAX[7:0];
            else
                learn = s[7:0];
        end
    endfunction

    // Decay: w > DECAY_RATE ? w - DECAY_RATE : 0.
    function signed [7:0] decay;
        input signed [7:0] w;
        begin
            decay = (w > DECAY_RATE) ? (w - DECAY_RATE) : 8'sd0;
        end
    endfunction

    // One recall term: weight sign-extended to 11 bits when the cue bit is set.
    function signed [10:0] term;
        input signed [7:0] w;
        input              cue;
        begin
            term = cue ? {{3{w[7]}}, w} : 11'sd0;
        end
    endfunction

    // accum_i = sum_{j != i} w[i][j] * cue[j]: five terms of at most |128|, 11 bits signed.
    wire [5:0] cue = pattern_latched;
    wire signed [10:0] accum_0 = term(w_0_1, cue[1])
                               + term(w_0_2, cue[2])
                               + term(w_0_3, cue[3])
                               + term(w_0_4, cue[4])
                               + term(w_0_5, cue[5]);
    wire signed [10:0] accum_1 = term(w_0_1, cue[0])
                               + term(w_1_2, cue[2])
                               + term(w_1_3, cue[3])
                               + term(w_1_4, cue[4])
                               + term(w_1_5, cue[5]);
    wire signed [10:0] accum_2 = term(w_0_2, cue[0])
                               + term(w_1_2, cue[1])
                               + term(w_2_3, cue[3])
                               + term(w_2_4, cue[4])
                               + term(w_2_5, cue[5]);
    wire signed [10:0] accum_3 = term(w_0_3, cue[0])
                               + term(w_1_3, cue[1])
                               + term(w_2_3, cue[2])
                               + term(w_3_4, cue[4])
                               + term(w_3_5, cue[5]);
    wire signed [10:0] accum_4 = term(w_0_4, cue[0])
                               + term(w_1_4, cue[1])
                               + term(w_2_4, cue[2])
                               + term(w_3_4, cue[3])
                               + term(w_4_5, cue[5]);
    wire signed [10:0] accum_5 = term(w_0_5, cue[0])
                               + term(w_1_5, cue[1])
                               + term(w_2_5, cue[2])
                               + term(w_3_5, cue[3])
                               + term(w_4_5, cue[4]);
    wire [5:0] recalled = {accum_5 > RECALL_THRESHOLD, accum_4 > RECALL_THRESHOLD, accum_3 > RECALL_THRESHOLD, accum_2 > RECALL_THRESHOLD, accum_1 > RECALL_THRESHOLD, accum_0 > RECALL_THRESHOLD};

    always @(posedge clk) begin
        if (rst) begin
            state             <= S_IDLE;
            theta_high        <= 1'b0;
            theta_cycle_count <= 4'd0;
            pattern_latched   <= 6'd0;
            phase_pattern     <= 6'd0;
            w_0_1 <= 8'sd0;
            w_0_2 <= 8'sd0;
            w_0_3 <= 8'sd0;
            w_0_4 <= 8'sd0;
            w_0_5 <= 8'sd0;
            w_1_2 <= 8'sd0;
            w_1_3 <= 8'sd0;
            w_1_4 <= 8'sd0;
            w_1_5 <= 8'sd0;
            w_2_3 <= 8'sd0;
            w_2_4 <= 8'sd0;
            w_2_5 <= 8'sd0;
            w_3_4 <= 8'sd0;
            w_3_5 <= 8'sd0;
            w_4_5 <= 8'sd0;
        end else if (clk_en) begin
            if (peak_event)
                theta_high <= 1'b1;
            else if (trough_event)
                theta_high <= 1'b0;

            // Theta cycles without a pattern: counted at peaks, cleared by a pattern or a decay.
            if (state == S_DECAY)
                theta_cycle_count <= 4'd0;
            else if (peak_event && has_pattern)
                theta_cycle_count <= 4'd0;
            else if (peak_event && theta_cycle_count != 4'd15)
                theta_cycle_count <= theta_cycle_count + 4'd1;

            case (state)
                S_IDLE: begin
                    if (peak_event && has_pattern) begin
                        state           <= S_LEARN;
                        pattern_latched <= pattern_in;
                    end else if (trough_event && has_pattern) begin
                        state           <= S_RECALL;
                        pattern_latched <= pattern_in;
                    end else if (trough_event && theta_cycle_count >= DECAY_INTERVAL) begin
                        state <= S_DECAY;
                    end
                end
                S_LEARN: begin
                    w_0_1 <= learn(w_0_1, cue[0] & cue[1]);
                    w_0_2 <= learn(w_0_2, cue[0] & cue[2]);
                    w_0_3 <= learn(w_0_3, cue[0] & cue[3]);
                    w_0_4 <= learn(w_0_4, cue[0] & cue[4]);
                    w_0_5 <= learn(w_0_5, cue[0] & cue[5]);
                    w_1_2 <= learn(w_1_2, cue[1] & cue[2]);
                    w_1_3 <= learn(w_1_3, cue[1] & cue[3]);
                    w_1_4 <= learn(w_1_4, cue[1] & cue[4]);
                    w_1_5 <= learn(w_1_5, cue[1] & cue[5]);
                    w_2_3 <= learn(w_2_3, cue[2] & cue[3]);
                    w_2_4 <= learn(w_2_4, cue[2] & cue[4]);
                    w_2_5 <= learn(w_2_5, cue[2] & cue[5]);
                    w_3_4 <= learn(w_3_4, cue[3] & cue[4]);
                    w_3_5 <= learn(w_3_5, cue[3] & cue[5]);
                    w_4_5 <= learn(w_4_5, cue[4] & cue[5]);
                    state <= S_LEARN_DONE;
                end
                S_RECALL: begin
                    phase_pattern <= recalled;
                    state         <= S_RECALL_DONE;
                end
                S_DECAY: begin
                    w_0_1 <= decay(w_0_1);
                    w_0_2 <= decay(w_0_2);
                    w_0_3 <= decay(w_0_3);
                    w_0_4 <= decay(w_0_4);
                    w_0_5 <= decay(w_0_5);
                    w_1_2 <= decay(w_1_2);
                    w_1_3 <= decay(w_1_3);
                    w_1_4 <= decay(w_1_4);
                    w_1_5 <= decay(w_1_5);
                    w_2_3 <= decay(w_2_3);
                    w_2_4 <= decay(w_2_4);
                    w_2_5 <= decay(w_2_5);
                    w_3_4 <= decay(w_3_4);
                    w_3_5 <= decay(w_3_5);
                    w_4_5 <= decay(w_4_5);
                    state <= S_DECAY_DONE;
                end
                default: state <= S_IDLE;   // LEARN_DONE, RECALL_DONE, DECAY_DONE, and 7
            endcase
        end
    end
endmodule
`default_nettype wire
