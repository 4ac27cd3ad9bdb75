#!/usr/bin/env python3
"""Draws the folded top's tick schedule (docs/fpga.md, "The folded top, third version").

    scripts/fpga_schedule.py [OUT.svg]        (default docs/fpga-schedule.svg)

Every number comes from the RTL: a small Icarus testbench instantiates
rtl/fpga/phi_n_neural_processor.v (the reference modules by library search in rtl/) and prints
the top's localparams (TICK_CLOCKS, ENGINE_LEAD, COLUMN_LEAD, ...) and each folded unit's CLOCKS
by hierarchical name, so the picture follows the RTL when a schedule changes. Needs iverilog
(scripts/test.sh installs it); writes its build under target/fpga-schedule/.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name printed -> hierarchical expression in the folded top (instance u)
VALUES = {
    "TICK_CLOCKS": "u.TICK_CLOCKS",
    "ENGINE_LEAD": "u.ENGINE_LEAD",
    "COLUMN_LEAD": "u.COLUMN_LEAD",
    "SYNC_CLOCKS": "u.SYNC_CLOCKS",
    "SLOT": "u.HOPF_SLOT_CLOCKS",
    "NUM_OSC": "u.NUM_OSC",
    "OUTPUT_CLOCKS": "u.OUTPUT_CLOCKS",
    "THETA_DRIVE": "u.THALAMUS_THETA_CLOCKS",
    "thalamus": "u.u_thalamus.CLOCKS",
    "column": "u.col_motor.CLOCKS",
    "column_input_x": "u.col_motor.INPUT_X_CLOCKS",
    "column_nx": "u.col_motor.NX_CLOCKS",
    "config": "u.u_config.CLOCKS",
    "mixer": "u.u_mixer.CLOCKS",
    "envelopes": "u.u_env.CLOCKS",
    "pink": "u.u_pink.CLOCKS",
    "kuramoto": "u.u_kuramoto.CLOCKS",
    "bicoherence": "u.u_bicoherence.CLOCKS",
    "hsi": "u.u_hsi.CLOCKS",
    "coupling_mode": "u.u_coupling_mode.CLOCKS",
    "susceptibility": "u.u_chi.CLOCKS",
    "boundary": "u.u_bnd_theta_alpha.CLOCKS",
}


def read_values():
    out = os.path.join(ROOT, "target", "fpga-schedule")
    os.makedirs(out, exist_ok=True)
    tb = os.path.join(out, "tb_schedule.v")
    with open(tb, "w") as f:
        f.write("module tb_schedule;\n")
        f.write("    phi_n_neural_processor #(.FAST_SIM(1)) u (.clk(1'b0), .rst(1'b1),\n"
                "        .sensory_input(18'd0), .state_select(3'd0), .transition_duration(16'd0),\n"
                "        .sr_field_input(18'd0), .sr_field_packed(90'd0), .ignition_trigger(1'b0),\n"
                "        .rb_addr(6'd0));\n")
        f.write("    initial begin\n")
        for name, expr in VALUES.items():
            f.write(f'        $display("{name} %0d", {expr});\n')
        f.write("    end\nendmodule\n")
    fpga = os.path.join(ROOT, "rtl", "fpga")
    srcs = sorted(os.path.join(fpga, n) for n in os.listdir(fpga) if n.endswith(".v"))
    vvp = os.path.join(out, "tb_schedule.vvp")
    subprocess.run(["iverilog", "-g2005", "-y", os.path.join(ROOT, "rtl"), "-I", fpga, "-I",
                    os.path.join(ROOT, "rtl"), "-o", vvp, "-s", "tb_schedule", tb, *srcs],
                   check=True)
    text = subprocess.run(["vvp", "-n", vvp], check=True, capture_output=True, text=True).stdout
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in VALUES:
            values[parts[0]] = int(parts[1])
    missing = set(VALUES) - set(values)
    if missing:
        raise SystemExit(f"fpga_schedule.py: not printed by the RTL: {sorted(missing)}")
    return values


def svg(v):
    tick = v["TICK_CLOCKS"]
    engine_end = v["ENGINE_LEAD"] + v["SLOT"] * v["NUM_OSC"]
    col0 = v["COLUMN_LEAD"]
    done = engine_end + 1
    # (label, [(from, to, kind)], [(clock, marker label)])
    rows = [
        ("Hopf engine (21 oscillators)", [(v["ENGINE_LEAD"], engine_end, "dsp")],
         [(v["ENGINE_LEAD"], "θ"), (v["ENGINE_LEAD"] + v["SLOT"], "SR"),
          (v["ENGINE_LEAD"] + 6 * v["SLOT"], "sensory"),
          (v["ENGINE_LEAD"] + 11 * v["SLOT"], "assoc."),
          (v["ENGINE_LEAD"] + 16 * v["SLOT"], "motor")]),
        ("thalamus + SR bank", [(0, v["thalamus"], "dsp")], [(v["THETA_DRIVE"], "θ drive")]),
        ("triad gain (serial, no DSP)", [(0, v["SYNC_CLOCKS"] - 1, "lut")], []),
        ("cortical columns ×3", [(col0, col0 + v["column"], "dsp"),
                                 (done, done + v["column_nx"], "dsp")],
         [(col0 + v["column_input_x"], "drives"), (done, "l*_out")]),
        ("config controller", [(0, v["config"], "dsp")], []),
        ("output mixer", [(0, v["mixer"], "dsp")], []),
        ("output envelopes (no DSP)", [(0, v["envelopes"], "lut")], []),
        ("pink noise (no DSP)", [(0, v["pink"], "lut")], []),
        ("Kuramoto", [(0, v["kuramoto"], "dsp")], []),
        ("bicoherence", [(0, v["bicoherence"], "dsp")], []),
        ("harmonic spacing (no DSP)", [(0, v["hsi"], "lut")], []),
        ("coupling mode", [(0, v["coupling_mode"], "dsp")], []),
        ("susceptibility", [(0, v["susceptibility"], "dsp")], []),
        ("boundary generators ×3", [(0, v["boundary"], "dsp")], []),
    ]
    left, top, row_h, width = 210, 56, 26, 700
    height = top + row_h * len(rows) + 70
    span = tick + 12
    x = lambda c: left + width * c / span  # noqa: E731
    colour = {"dsp": "#3b6ea5", "lut": "#9bb7d4"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" '
           f'height="{height}" font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="20" font-size="15" font-weight="bold">One tick of the folded '
           f'φⁿ processor: {tick} clocks from start to commit</text>',
           f'<text x="{left}" y="38" fill="#444">dark: one DSP48E1 multiplier each, light: none; '
           'red: the engine\'s slot groups, the first clock a result is read</text>']
    for c in range(0, tick + 1, 50):
        out.append(f'<line x1="{x(c):.1f}" y1="{top - 6}" x2="{x(c):.1f}" '
                   f'y2="{top + row_h * len(rows)}" stroke="#ddd"/>')
        out.append(f'<text x="{x(c):.1f}" y="{top + row_h * len(rows) + 16}" '
                   f'text-anchor="middle">{c}</text>')
    for i, (label, bars, marks) in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{label}</text>')
        for a, b, kind in bars:
            out.append(f'<rect x="{x(a):.1f}" y="{y + 5}" width="{max(x(b) - x(a), 2):.1f}" '
                       f'height="{row_h - 10}" fill="{colour[kind]}"/>')
        for c, text in marks:
            out.append(f'<line x1="{x(c):.1f}" y1="{y + 2}" x2="{x(c):.1f}" y2="{y + row_h - 2}" '
                       'stroke="#c0392b" stroke-width="1.5"/>')
            out.append(f'<text x="{x(c) + 3:.1f}" y="{y + 4}" font-size="10" '
                       f'fill="#c0392b">{text}</text>')
    yb = top + row_h * len(rows)
    out.append(f'<line x1="{x(tick):.1f}" y1="{top - 10}" x2="{x(tick):.1f}" y2="{yb}" '
               'stroke="black" stroke-width="2"/>')
    out.append(f'<text x="{x(tick) + 4:.1f}" y="{yb - 4}">commit</text>')
    out.append(f'<text x="{left + width / 2}" y="{yb + 38}" text-anchor="middle">clocks after '
               'the tick\'s start edge (8 ns each at 125 MHz; with FAST_SIM = 0 a tick is 31,250 '
               'clocks)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    dest = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "fpga-schedule.svg")
    v = read_values()
    with open(dest, "w") as f:
        f.write(svg(v))
    print(f"wrote {dest}: " + ", ".join(f"{k} {v[k]}" for k in VALUES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
