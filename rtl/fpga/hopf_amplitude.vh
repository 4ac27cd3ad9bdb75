// hopf_amplitude: the `amplitude` output of rtl/hopf_oscillator.v as a function of its x, y
// registers, for the folded RTL, whose oscillator state lives in rtl/fpga/hopf_bank.v rather
// than in hopf_oscillator instances (docs/fpga.md, "The folded top"). Included inside a module
// body. The text is the reference's amplitude lines (contract: docs/spec/hopf_oscillator.md):
//   amplitude ~ sqrt(x^2 + y^2): max(hi, hi - hi/8 + lo/2) on 19-bit magnitudes, saturated.
function signed [17:0] hopf_amplitude;
    input signed [17:0] x;
    input signed [17:0] y;
    reg   signed [18:0] x_ext;
    reg   signed [18:0] y_ext;
    reg   signed [18:0] ax;
    reg   signed [18:0] ay;
    reg   signed [18:0] hi;
    reg   signed [18:0] lo;
    reg   signed [18:0] est;
    reg   signed [18:0] amp;
    begin
        x_ext = {x[17], x};
        y_ext = {y[17], y};
        ax    = x[17] ? -x_ext : x_ext;
        ay    = y[17] ? -y_ext : y_ext;
        hi    = (ax > ay) ? ax : ay;
        lo    = (ax > ay) ? ay : ax;
        est   = hi - (hi >>> 3) + (lo >>> 1);
        amp   = (est > hi) ? est : hi;
        hopf_amplitude = (amp > 19'sd131071) ? 18'sd131071 : amp[17:0];
    end
endfunction
