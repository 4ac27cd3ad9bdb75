#!/usr/bin/env python3
"""Logic depth of a flat Yosys `synth_xilinx` netlist (JSON), in the levels Vivado counts.

    scripts/lut_depth.py NETLIST.json [--commit NET] [--start NET] [--held PORT ...] [--list N]

Method (docs/fpga.md, "Logic depth"). A timing path starts at a register (FDRE, FDSE, FDCE,
FDPE, a DSP48E1's internal registers, an SRL's or a block RAM's data output) or at a top-level
input other than the clock, and ends at a register's input or a top-level output. Each
combinational cell on it is one logic level, as in Vivado's "Logic Levels": a LUT1..LUT6, a
CARRY4, a MUXF7 or MUXF8, a LUT RAM's asynchronous read, a DSP48E1 used without registers on the
way. INV cells cost nothing (place and route folds them into the LUT they feed); a cell whose
inputs are all constants starts no path. The depth is taken per cell, not per pin (a CARRY4's
carry-out and its first sum bit count alike), so it bounds the pin-level depth from above.

It prints the deepest register-to-register path and the deepest path to an output port. With
--commit it prints a third figure, the deepest path that must settle in one clock, in a design
whose registers mostly load on a slow enable (the folded top: `commit`, one clock in 31,250): a
register whose clock enable implies NET (its CE pin is NET, or a LUT whose output is 1 only when
NET is 1) starts no such path, because it changes only on that enable and is read no earlier
than the clock after the next --start (TICK_DIV - TICK_CLOCKS clocks later). A register whose
enable implies the --start NET (the input ports latched at the tick's start) starts one only to
a register that does not load on NET (those load TICK_CLOCKS clocks after the start). An input
PORT after --held is held for many clocks when it changes (the reset: the board holds it 16
clocks and more), so no such path starts there either. --list N prints the N registers (by
name) with the deepest such paths into them, and their depths.
"""

import json
import sys
from collections import defaultdict

SEQUENTIAL = {"FDRE", "FDSE", "FDCE", "FDPE", "FDRE_1", "FDSE_1", "FDCE_1", "FDPE_1",
              "SRL16E", "SRLC16E", "SRLC32E", "RAMB18E1", "RAMB36E1", "LDCE", "LDPE"}
FREE = {"INV", "BUFG", "IBUF", "OBUF", "GND", "VCC"}
LEVEL = {"LUT1", "LUT2", "LUT3", "LUT4", "LUT5", "LUT6", "CARRY4", "MUXF7", "MUXF8",
         "RAM32M", "RAM64M", "RAM32X1D", "RAM64X1D", "RAM128X1D", "RAM32X1S", "RAM64X1S"}
# A DSP48E1's input pins, the parameter that puts a register on them, and its clock enables.
DSP_INPUT_REG = {"A": ("AREG", "CEA2"), "ACIN": ("AREG", "CEA2"), "B": ("BREG", "CEB2"),
                 "BCIN": ("BREG", "CEB2"), "C": ("CREG", "CEC"), "D": ("DREG", "CED"),
                 "OPMODE": ("OPMODEREG", "CECTRL"), "ALUMODE": ("ALUMODEREG", "CEALUMODE"),
                 "INMODE": ("INMODEREG", "CEINMODE"), "CARRYIN": ("CARRYINREG", "CECARRYIN"),
                 "CARRYINSEL": ("CARRYINSELREG", "CECTRL")}
# The enable of a sequential cell's register (FD*: CE; an SRL: CE; a DSP48E1 with its output
# register: CEP, else CEM).
SEQ_ENABLE = {"FDRE": "CE", "FDSE": "CE", "FDCE": "CE", "FDPE": "CE", "SRL16E": "CE",
              "SRLC16E": "CE", "SRLC32E": "CE"}
USAGE = ("usage: lut_depth.py NETLIST.json [--commit NET] [--start NET] [--held PORT ...] "
         "[--list N]")


def param_int(value):
    """A Yosys JSON parameter: a binary string, or a plain integer."""
    text = str(value)
    return int(text, 2) if len(text) > 1 and set(text) <= {"0", "1"} else int(text)


def dsp_output_registered(cell):
    p = cell.get("parameters", {})
    return param_int(p.get("MREG", 0)) != 0 or param_int(p.get("PREG", 0)) != 0


def is_sequential(cell):
    if cell["type"] in SEQUENTIAL:
        return True
    return cell["type"] == "DSP48E1" and dsp_output_registered(cell)


def registered_inputs(cell):
    """For a cell without output register: {input pin: its register's enable pin} for the pins
    that end a path at a register of the cell (a DSP48E1's AREG, BREG, ...), and the pins that
    carry no data (its CE*, RST*)."""
    if cell["type"] != "DSP48E1":
        return {}, set()
    p = cell.get("parameters", {})
    regs = {pin: ce for pin, (reg, ce) in DSP_INPUT_REG.items()
            if param_int(p.get(reg, 0)) != 0 and pin in cell["connections"]}
    control = {pin for pin in cell["connections"] if pin.startswith(("CE", "RST"))}
    return regs, control


def parse_args(args):
    if not args or args[0].startswith("-"):
        return None
    opts = {"--commit": [], "--start": [], "--held": [], "--list": []}
    key = None
    for a in args[1:]:
        if a in opts:
            key = a
        elif key is None:
            return None
        else:
            opts[key].append(a)
    if len(opts["--commit"]) > 1 or len(opts["--start"]) > 1 or len(opts["--list"]) > 1:
        return None
    if opts["--list"] and not opts["--list"][0].isdigit():
        return None
    opts["--list"] = int(opts["--list"][0]) if opts["--list"] else 0
    return args[0], opts


def main():
    parsed = parse_args(sys.argv[1:])
    if parsed is None:
        print(USAGE, file=sys.stderr)
        return 2
    path, opts = parsed
    design = json.load(open(path))
    tops = [m for m, v in design["modules"].items()
            if param_int(v.get("attributes", {}).get("top", 0)) != 0]
    mod = design["modules"][tops[0] if tops else next(iter(design["modules"]))]
    cells = mod["cells"]

    def outputs(c):
        return [b for p, bits in c["connections"].items()
                if c.get("port_directions", {}).get(p) == "output"
                for b in bits if isinstance(b, int)]

    def inputs(c):
        return [(p, bits) for p, bits in c["connections"].items()
                if c.get("port_directions", {}).get(p) == "input"]

    # A readable name for each bit: the first non-hidden net name that carries it.
    bit_name = {}
    for name, net in sorted(mod["netnames"].items(), key=lambda kv: kv[1].get("hide_name", 0)):
        for i, b in enumerate(net["bits"]):
            if isinstance(b, int) and b not in bit_name:
                bit_name[b] = name if len(net["bits"]) == 1 else f"{name}[{i}]"
    driver = {b: cname for cname, c in cells.items() for b in outputs(c)}
    port_bit, port_name = {}, {}
    for pname, port in mod["ports"].items():
        for i, b in enumerate(port["bits"]):
            if isinstance(b, int):
                port_name[b] = pname
                port_bit[b] = f"input port {pname}" + (f"[{i}]" if len(port["bits"]) > 1 else "")
    # The clock reaches cells as a clock, never as data (a DSP48E1 without registers still has
    # its CLK pin connected).
    clock_bits = {b for pname, port in mod["ports"].items() if pname in ("clk", "clock")
                  for b in port["bits"] if isinstance(b, int)}
    seq = {n for n, c in cells.items() if is_sequential(c)}

    def net_bit(name):
        net = mod["netnames"].get(name)
        if net is None or len(net["bits"]) != 1 or not isinstance(net["bits"][0], int):
            raise SystemExit(f"lut_depth.py: no one-bit net {name} in the netlist")
        return net["bits"][0]

    def implies(bit, enable, depth=3):
        """The bit is 1 only when `enable` is 1: the same net, or a LUT output that is 1 only
        where one of its inputs is 1, that input implying `enable` (through at most `depth`
        LUTs)."""
        if bit == enable:
            return True
        d = driver.get(bit)
        if depth == 0 or d is None or not cells[d]["type"].startswith("LUT"):
            return False
        c = cells[d]
        k = int(c["type"][3:])
        pins = [c["connections"].get(f"I{i}", ["x"])[0] for i in range(k)]
        init = param_int(c["parameters"]["INIT"])
        for j, e in enumerate(pins):
            if not isinstance(e, int):
                continue
            if all(not (init >> idx) & 1 or (idx >> j) & 1 for idx in range(1 << k)) \
                    and implies(e, enable, depth - 1):
                return True
        return False

    def enabled_by(cname, pin, enable):
        if enable is None:
            return False
        bits = cells[cname]["connections"].get(pin, [])
        return bool(bits) and isinstance(bits[0], int) and implies(bits[0], enable)

    def holds_unless(cname, enable):
        """A register without a clock enable whose D is a LUT that gives back its own Q while
        `enable` is 0 (the enable folded into the data logic)."""
        c = cells[cname]
        if enable is None or c["type"] not in ("FDRE", "FDSE", "FDCE", "FDPE"):
            return False
        dbit, qbit = c["connections"]["D"][0], c["connections"]["Q"][0]
        d = driver.get(dbit) if isinstance(dbit, int) else None
        if d is None or not cells[d]["type"].startswith("LUT"):
            return False
        lut = cells[d]
        k = int(lut["type"][3:])
        pins = [lut["connections"].get(f"I{i}", ["x"])[0] for i in range(k)]
        if qbit not in pins:
            return False
        q = pins.index(qbit)
        init = param_int(lut["parameters"]["INIT"])
        # Some input that implies `enable`, with the output equal to Q wherever it is 0.
        return any(isinstance(e, int) and e != qbit and implies(e, enable)
                   and all(((init >> idx) & 1) == ((idx >> q) & 1)
                           for idx in range(1 << k) if not (idx >> j) & 1)
                   for j, e in enumerate(pins))

    def seq_enable_pin(c):
        if c["type"] == "DSP48E1":
            return "CEP" if param_int(c["parameters"].get("PREG", 0)) != 0 else "CEM"
        return SEQ_ENABLE.get(c["type"])

    commit = net_bit(opts["--commit"][0]) if opts["--commit"] else None
    start = net_bit(opts["--start"][0]) if opts["--start"] else None
    held = set(opts["--held"])

    # Each register's kind: "commit" (loads on the slow enable), "start" (loads on the tick's
    # start), "any" (may load in any clock). DSP input registers are named (cell, pin).
    def kind_of(cname, pin=None):
        c = cells[cname]
        ce = pin if pin is not None else seq_enable_pin(c)
        if ce is not None and enabled_by(cname, ce, commit):
            return "commit"
        if ce is not None and enabled_by(cname, ce, start):
            return "start"
        if pin is None and holds_unless(cname, commit):
            return "commit"
        if pin is None and holds_unless(cname, start):
            return "start"
        return "any"

    def name_of(cname):
        for b in outputs(cells[cname]):
            if b in bit_name:
                return bit_name[b]
        return cname

    def deepest(mode, to_ports=False, listing=0):
        """mode "all": every path; "one-clock": the paths that must settle in one clock."""
        memo = {}

        def launch(kind, end_kind):
            # Whether a register of `kind` launches a one-clock path to an end of `end_kind`.
            if mode == "all":
                return True
            if kind == "commit":
                return False
            return kind != "start" or end_kind != "commit"

        def arrival(root, end_kind):
            key_of = lambda n: (n, end_kind)  # noqa: E731 (the memo is per end kind)
            stack = [(root, False)]
            while stack:
                cname, done = stack.pop()
                if key_of(cname) in memo:
                    continue
                c = cells[cname]
                regd, control = registered_inputs(c)
                data = [(p, bits) for p, bits in inputs(c) if p not in control]
                if not done:
                    stack.append((cname, True))
                    for p, bits in data:
                        if p in regd:
                            continue
                        for b in bits:
                            d = driver.get(b) if isinstance(b, int) else None
                            if d is not None and d not in seq and key_of(d) not in memo:
                                stack.append((d, False))
                    continue
                best, via = None, None
                for p, bits in data:
                    if p in regd:
                        # A register inside the cell: a start, as a register cell's output.
                        cand = 0 if launch(kind_of(cname, regd[p]), end_kind) else None
                        if cand is not None and (best is None or cand > best):
                            best, via = cand, f"{name_of(cname)} ({p} register)"
                        continue
                    for b in bits:
                        if not isinstance(b, int) or b in clock_bits:
                            continue
                        d = driver.get(b)
                        if d is None:
                            src = port_bit.get(b, "an undriven net")
                            cand = None if mode != "all" and port_name.get(b) in held else 0
                        elif d in seq:
                            src = d
                            cand = 0 if launch(kind_of(d), end_kind) else None
                        else:
                            src = d
                            cand = memo[key_of(d)][0]
                        if cand is not None and (best is None or cand > best):
                            best, via = cand, src
                if best is None:
                    memo[key_of(cname)] = (None, None)
                    continue
                w = 0 if c["type"] in FREE else 1
                memo[key_of(cname)] = (best + w, via)
            return memo[key_of(root)]

        best = (0, None, None, None)
        ends = []
        if to_ports:
            for pname, port in mod["ports"].items():
                if port["direction"] == "output":
                    ends += [(b, f"output port {pname}", "any") for b in port["bits"]]
        else:
            for cname, c in cells.items():
                regd, _ = registered_inputs(c)
                if cname not in seq and not regd:
                    continue
                for p, bits in inputs(c):
                    if cname in seq:
                        end_kind = kind_of(cname)
                    elif p in regd:
                        end_kind = kind_of(cname, regd[p])
                    else:
                        continue
                    ends += [(b, f"{name_of(cname)} ({p})", end_kind) for b in bits]
        per_register = {}
        for b, end, end_kind in ends:
            if isinstance(b, int) and b in driver and driver[b] not in seq:
                a = arrival(driver[b], end_kind)
                if a[0] is not None and a[0] > best[0]:
                    best = (a[0], driver[b], end, end_kind)
                if a[0] is not None:
                    reg = end.split("[")[0].split(" (")[0]
                    per_register[reg] = max(per_register.get(reg, 0), a[0])
        if listing:
            for reg, lv in sorted(per_register.items(), key=lambda kv: -kv[1])[:listing]:
                print(f"    {lv:4d} levels into {reg}")
        levels, last, end, end_kind = best
        if last is None:
            return 0, {}, None, None
        # Walk the path back for its composition and its start.
        kinds = defaultdict(int)
        node = last
        while node in cells and node not in seq:
            kinds[cells[node]["type"]] += 1
            node = memo[(node, end_kind)][1]
        start_name = name_of(node) if node in cells else node
        return levels, dict(kinds), start_name, end

    def show(what, result):
        lv, kinds, start_name, end = result
        if end is None:
            print(f"{what}: none")
            return
        comp = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items()) if k not in FREE)
        print(f"{what}: {lv} levels ({comp}); from {start_name} to {end}")

    if commit is not None:
        regs = defaultdict(int)
        for cname in seq:
            regs[kind_of(cname)] += 1
        print(f"registers: {regs['commit']} load on {opts['--commit'][0]}, {regs['start']} on "
              f"{opts['--start'][0] if start is not None else '-'}, {regs['any']} in any clock")
    show("deepest register-to-register path", deepest("all"))
    if commit is not None:
        show("deepest path that must settle in one clock",
             deepest("one-clock", listing=opts["--list"]))
    show("deepest path to an output port", deepest("all", to_ports=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
