#!/usr/bin/env python3
"""Runs the workspace's Rust test binaries two at a time (scripts/test.sh, docs/performance.md).

`cargo test` runs one test binary after another. Most of phin's binaries hold a few long tests
(a Verilator build, then a lockstep run), so for long stretches one test is left and one core
idles; the suite's wall time on CI's two cores was the sum of the binaries'. This runner starts
the binaries itself, JOBS at a time (default 2), longest first, each with what `cargo test`
gives it: the package's directory as working directory and the same arguments after `--`.
Verilated builds are shared between processes by the cosim cache's file lock, as between the
threads of one binary.

    scripts/run_test_binaries.py [--jobs N] [-- TEST ARGS...]

The list of binaries is what `cargo test --workspace --release --locked --lib --bins --tests
--no-run --message-format=json` reports (already built: scripts/test.sh builds first). Each
binary's output is printed whole when it ends, with its wall time; the exit status is 0 when
every binary passed, 1 otherwise (the failed ones are named again at the end).
"""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

# Binaries known to run longest (seconds on CI's two cores, stop 28's run): started first, so
# the last to end is a short one. The others follow in cargo's order.
LONG_FIRST = [
    "lockstep_top",
    "lockstep_fpga",
    "proptest_control",
    "lockstep_control",
    "cli",
    "lockstep_cortex",
    "cosim_foreign",
    "lockstep_landscape",
    "planted_top",
    "lockstep_thalamus",
    "lockstep_monitors",
    "proptest_cortex",
    "proptest_thalamus",
    "proptest_monitors",
    "proptest_landscape",
    "lockstep",
    "planted",
]

CARGO_LIST = [
    "cargo", "test", "--workspace", "--release", "--locked",
    "--lib", "--bins", "--tests", "--no-run", "--message-format=json",
]


def binaries():
    """(name, executable, package directory) of every test binary, as cargo built them."""
    out = subprocess.run(CARGO_LIST, check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    found = []
    for line in out.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("reason") != "compiler-artifact" or not msg.get("executable"):
            continue
        if not msg.get("profile", {}).get("test"):
            continue
        target = msg["target"]
        kind = "/".join(target.get("kind", []))
        pkg_dir = os.path.dirname(msg["manifest_path"])
        pkg = os.path.basename(pkg_dir)
        name = f"{pkg} {target['name']}" if kind == "test" else f"{pkg} {target['name']} ({kind})"
        rank = LONG_FIRST.index(target["name"]) if kind == "test" and target["name"] in LONG_FIRST \
            else len(LONG_FIRST)
        found.append((rank, name, msg["executable"], pkg_dir))
    found.sort(key=lambda b: b[0])
    return [b[1:] for b in found]


def run_one(name, exe, cwd, args):
    t0 = time.monotonic()
    p = subprocess.run([exe, *args], cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace")
    return name, p.returncode, p.stdout, time.monotonic() - t0


def main():
    argv = sys.argv[1:]
    jobs = 2
    test_args = []
    if "--" in argv:
        k = argv.index("--")
        argv, test_args = argv[:k], argv[k + 1:]
    if argv[:1] == ["--jobs"] and len(argv) == 2 and argv[1].isdigit() and int(argv[1]) > 0:
        jobs = int(argv[1])
    elif argv:
        print("usage: run_test_binaries.py [--jobs N] [-- TEST ARGS...]  (N >= 1)",
              file=sys.stderr)
        return 2
    bins = binaries()
    print(f"running {len(bins)} test binaries, {jobs} at a time", flush=True)
    failed = []
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_one, n, e, d, test_args) for n, e, d in bins]
        for f in as_completed(futures):
            name, code, text, wall = f.result()
            status = "ok" if code == 0 else f"FAILED (exit {code})"
            print(f"---- {name}: {status} in {wall:.1f} s", flush=True)
            print(text, end="" if text.endswith("\n") else "\n", flush=True)
            if code != 0:
                failed.append(name)
    print(f"{len(bins)} test binaries in {time.monotonic() - t0:.1f} s, "
          f"{len(failed)} failed", flush=True)
    for name in failed:
        print(f"failed: {name}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
