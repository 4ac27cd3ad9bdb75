#!/usr/bin/env bash
# Runs every test of phin: the Rust workspace (unit, lockstep co-simulation against Verilator,
# proptest, CLI), the RTL lint, the self-checking Verilog testbenches under Verilator and
# Icarus, and the Python package (built with maturin into a virtual environment under target/,
# tested with pytest). Installs verilator and iverilog with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests need no debug info; the release profile keeps line tables for profiling
# (docs/performance.md), which costs compile and link time in every one of the many test binaries.
export CARGO_PROFILE_RELEASE_DEBUG=0
# The Verilated models the tests build are compiled at -O1: the tests compare values, which the
# level does not change, and the top compiles in half the time (docs/cosim.md). `phin bench`
# figures are taken at the default -O2.
export PHIN_COSIM_CXX_OPT=-O1

# phase NAME: a section header with the seconds since the start, so a slow CI shows where.
phase() { echo "== $1 (at ${SECONDS} s)"; }

need=()
command -v verilator >/dev/null 2>&1 || need+=(verilator)
command -v iverilog >/dev/null 2>&1 || need+=(iverilog)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} with apt-get"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
verilator --version
iverilog -V 2>/dev/null | head -n 1

phase "RTL lint (verilator --lint-only -Wall, iverilog -g2005)"
for v in rtl/*.v; do
    m=$(basename "$v" .v)
    verilator --lint-only -Wall --default-language 1364-2005 -Irtl --top-module "$m" "$v"
    iverilog -g2005 -Wall -Irtl -o /dev/null -s "$m" rtl/*.v
done
# The folded RTL (docs/fpga.md) uses reference modules, found by library search in rtl/ (-y):
# rtl/fpga/ has its own phi_n_neural_processor, so rtl/fpga/*.v and rtl/*.v are never one list.
for v in rtl/fpga/*.v; do
    m=$(basename "$v" .v)
    verilator --lint-only -Wall --default-language 1364-2005 -Irtl/fpga -Irtl -y rtl --top-module "$m" "$v"
    iverilog -g2005 -Wall -y rtl -Irtl/fpga -Irtl -o /dev/null -s "$m" rtl/fpga/*.v
done
# The board files (docs/fpga.md, "The board"): each alone, with rtl/fpga/board/ and rtl/ as module
# libraries, so the board top finds the reference phi_n_neural_processor by name (rtl/fpga/*.v is
# not read: it will hold the folded module of the same name).
for v in rtl/fpga/board/*.v; do
    m=$(basename "$v" .v)
    verilator --lint-only -Wall --default-language 1364-2005 -Irtl/fpga/board -Irtl --top-module "$m" "$v"
    iverilog -g2005 -Wall -y rtl/fpga/board -y rtl -Irtl/fpga/board -Irtl -o /dev/null -s "$m" "$v"
done
echo "lint clean: $(ls rtl/*.v | wc -l) modules in rtl/, $(ls rtl/fpga/*.v | wc -l) in rtl/fpga/, $(ls rtl/fpga/board/*.v | wc -l) in rtl/fpga/board/"
# docs/fpga-schedule.svg is drawn from the folded RTL's schedule constants: it must be current.
mkdir -p target
python3 scripts/fpga_schedule.py target/fpga-schedule.svg
if ! cmp -s target/fpga-schedule.svg docs/fpga-schedule.svg; then
    echo "docs/fpga-schedule.svg is not the folded RTL's schedule: run python3 scripts/fpga_schedule.py"
    exit 1
fi

# The Verilog testbenches and the Python environment need nothing from cargo: they start now
# and run beside clippy and the Rust build, which leave a core idle much of the time (crates
# wait on one another). The Rust tests run only after both have finished, so no timed figure
# shares the machine with them.
phase "testbenches and the Python environment: started in the background"
mkdir -p target
tb_log=target/testbenches.log
bash testbenches/run.sh >"$tb_log" 2>&1 &
tb_pid=$!
venv=target/phin-py-venv
venv_log=target/phin-py-venv.log
(
    # The environment is kept between runs (pip then finds everything installed and asks no
    # index).
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r crates/phin-py/requirements-test.txt
) >"$venv_log" 2>&1 &
venv_pid=$!
trap 'kill "$tb_pid" "$venv_pid" 2>/dev/null || true' EXIT

phase "cargo fmt, cargo clippy"
cargo --version
cargo fmt --all -- --check
# phin-py's bindings are checked here too (its `python` feature), so the Python step below
# needs no second, release-profile clippy of pyo3.
cargo clippy --workspace --all-targets --locked --features phin-py/python -- -D warnings

phase "cargo test: build"
# Tests, libraries, binaries and the examples that are tests (phin-core's); the other examples
# (phin-analysis', phin-biomind's) are programs a user runs, not tests: clippy above compiles
# them, and building them again in release cost about 80 s of CPU here (docs/performance.md,
# "Build time").
cargo test --workspace --release --locked --lib --bins --tests --no-run
# The criterion benches run once each as tests. `--workspace` keeps the workspace's feature
# set: with `-p phin-benches` the dependencies resolve other features and half the tree is
# compiled a second time (98 s, measured).
cargo test --workspace --release --locked --bench oscillators --bench processor --no-run

phase "testbenches (their output)"
if wait "$tb_pid"; then tb_status=0; else tb_status=$?; fi
cat "$tb_log"
if [ "$tb_status" -ne 0 ]; then
    echo "testbenches failed (exit $tb_status)"
    exit 1
fi

phase "cargo test"
cargo test --workspace --release --locked --lib --bins --tests
cargo test --workspace --release --locked --doc
cargo test --workspace --release --locked --bench oscillators --bench processor

phase "phin-py: the Python package (maturin into target/phin-py-venv, pytest)"
# The environment was made in the background above; the wheel is rebuilt every time, from the
# same target/ as the workspace.
if wait "$venv_pid"; then venv_status=0; else venv_status=$?; fi
if [ "$venv_status" -ne 0 ]; then
    cat "$venv_log"
    echo "the Python environment could not be made (exit $venv_status)"
    exit 1
fi
trap - EXIT
rm -rf target/phin-py-wheels
(cd crates/phin-py && "../../$venv/bin/maturin" build --quiet --release --locked --out ../../target/phin-py-wheels)
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall target/phin-py-wheels/phin-*.whl
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest -p no:cacheprovider -q crates/phin-py/tests
phase "Slurm: a sweep as a 4-shard array on a single-node cluster (scripts/slurm.sh, docs/cluster.md)"
# Installs slurm-wlm and munge when missing and starts munged, slurmctld and slurmd; the trap
# stops them (by pid) whatever happens. A first stop clears what a killed run left.
slurm_t0=$(date +%s)
bash scripts/slurm.sh stop >/dev/null
bash scripts/slurm.sh start
trap 'bash scripts/slurm.sh stop' EXIT
# --workspace: the features the workspace test step above built with, so nothing is rebuilt.
cargo test --workspace --release --locked --test sweep_slurm -- --ignored
bash scripts/slurm.sh stop
trap - EXIT
echo "Slurm step: $(($(date +%s) - slurm_t0)) s (install, daemons, test)"

echo "all tests passed in ${SECONDS} s"
