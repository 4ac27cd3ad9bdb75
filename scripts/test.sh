#!/usr/bin/env bash
# Runs every test of phin: the Rust workspace (unit, lockstep co-simulation against Verilator,
# proptest, CLI), the RTL lint, and the self-checking Verilog testbenches under Verilator and
# Icarus. Installs verilator and iverilog with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

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

echo "== RTL lint (verilator --lint-only -Wall, iverilog -g2005)"
for v in rtl/*.v; do
    m=$(basename "$v" .v)
    verilator --lint-only -Wall --default-language 1364-2005 -Irtl --top-module "$m" "$v"
    iverilog -g2005 -Wall -Irtl -o /dev/null -s "$m" rtl/*.v
done
echo "lint clean: $(ls rtl/*.v | wc -l) modules"

echo "== cargo fmt, cargo clippy"
cargo --version
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --release --locked
cargo test --release --locked -p phin-benches --bench oscillators
cargo test --release --locked -p phin-benches --bench processor

echo "== testbenches"
bash testbenches/run.sh
