#!/usr/bin/env python3
"""Instructions per tick of each RTL module of the processor, from a callgrind profile.

The processor's tick is one function (every module's tick is inlined into it), so callgrind's
function-level figures cannot tell the modules apart. This script reads a profile written with
`--dump-instr=yes`, asks `addr2line -i` for the inline chain of every executed instruction and
charges the instruction to the innermost frame that is a model file, skipping the shared helpers
(fixed_point.rs, memo.rs) and the standard library: a `sat_s` inside hopf_oscillator.rs counts
for the Hopf oscillator. Every module is one Rust file (house style), so a file is a module; the
figure of a file is the sum over all its instances (24 Hopf oscillators, 19 envelopes, ...).

    cargo build --release -p phin-benches --bin tick_cost
    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=cg.out \
        target/release/tick_cost bare 20000
    python3 benches/profile/attribute.py cg.out target/release/tick_cost 20000

The start-up of a 20,000-tick run is a few instructions per tick (tick_cost.rs and '??' lines);
docs/performance.md gives the exact per-tick total as a difference of two runs.
"""

import collections
import re
import subprocess
import sys

SKIP = ("fixed_point.rs", "memo.rs", "/rustc/", "??")


def counts(path):
    """Instruction address -> executed count, from a callgrind file with `positions: instr`."""
    cnt = collections.Counter()
    last = 0
    after_call = False
    with open(path) as f:
        for line in f:
            if line.startswith("calls="):
                after_call = True  # the next cost line is the call's inclusive cost
                continue
            if not line or line[0] not in "0123456789+-*":
                continue
            parts = line.split()
            a = parts[0]
            if a.startswith("0x"):
                addr = int(a, 16)
            elif a.startswith("+"):
                addr = last + int(a[1:], 0)
            elif a.startswith("-"):
                addr = last - int(a[1:], 0)
            elif a == "*":
                addr = last
            else:
                addr = int(a)
            last = addr
            if after_call:
                after_call = False
                continue
            if len(parts) >= 3:
                cnt[addr] += int(parts[2])
    return cnt


def inline_chains(binary, addrs):
    """Address -> [file:line, ...], innermost first."""
    out = subprocess.run(
        ["addr2line", "-e", binary, "-i", "-a"],
        input="\n".join(hex(a) for a in addrs),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    chains, cur = {}, None
    for line in out:
        if re.match(r"^0x[0-9a-f]+$", line):
            cur = int(line, 16)
            chains[cur] = []
        elif cur is not None:
            chains[cur].append(line.split(" ")[0])
    return chains


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: attribute.py CALLGRIND_OUT BINARY TICKS")
    path, binary, ticks = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cnt = counts(path)
    chains = inline_chains(binary, [a for a, c in cnt.items() if c > 0])
    per_file = collections.Counter()
    for a, c in cnt.items():
        chain = chains.get(a, [])
        files = [loc.rsplit(":", 1)[0] for loc in chain]
        module = next((f for f in files if not any(s in f for s in SKIP)), None)
        if module is None:
            module = files[0] if files else "??"
        per_file[module.rsplit("/", 1)[-1]] += c
    total = sum(per_file.values())
    for module, c in per_file.most_common():
        if c / ticks >= 0.5:
            print(f"{c / ticks:9.1f}  {module}")
    print(f"{total / ticks:9.1f}  total")


if __name__ == "__main__":
    main()
