#!/usr/bin/env bash
# Runs every self-checking testbench testbenches/tb_*.v under Verilator (--binary) and Icarus.
#
#   testbenches/run.sh                 # all testbenches
#   testbenches/run.sh tb_lfsr16 ...   # only these
#
# Build output: target/testbenches/verilator/<tb>/ and target/testbenches/icarus/<tb>.vvp, with the
# build and simulation logs next to them. A run passes when the simulator exits 0 and the
# testbench's final line "<tb>: N passed, 0 failed" appears; the Icarus run of a testbench must
# also report the same pass count as its Verilator run. Exit status: 0 all passed, 1 a run failed,
# 2 a simulator is missing or the arguments are wrong.
set -u

cd "$(dirname "$0")/.." || exit 2

missing=()
command -v verilator >/dev/null 2>&1 || missing+=(verilator)
command -v iverilog >/dev/null 2>&1 || missing+=(iverilog)
command -v vvp >/dev/null 2>&1 || missing+=(vvp)
if [ ${#missing[@]} -ne 0 ]; then
    echo "testbenches: missing ${missing[*]}; install with: apt-get install -y verilator iverilog" >&2
    exit 2
fi

if [ $# -gt 0 ]; then
    tbs=()
    for name in "$@"; do
        name=$(basename "$name" .v)
        if [ ! -f "testbenches/$name.v" ]; then
            echo "testbenches: no testbench testbenches/$name.v" >&2
            exit 2
        fi
        tbs+=("$name")
    done
else
    tbs=()
    for f in testbenches/tb_*.v; do
        [ -e "$f" ] || continue
        tbs+=("$(basename "$f" .v)")
    done
fi
if [ ${#tbs[@]} -eq 0 ]; then
    echo "testbenches: no testbenches/tb_*.v found" >&2
    exit 2
fi

vl_root=target/testbenches/verilator
iv_root=target/testbenches/icarus
mkdir -p "$vl_root" "$iv_root"

# Verilator 5.006: --build-jobs (alias -j) sets make parallelism for --binary builds.
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2

passed=0
failed=0

# result SIM TB STATUS LOG: prints "<sim>: <final line>" and counts the run.
# Sets last_count to the pass count reported (empty if none).
last_count=
result() {
    local sim=$1 tb=$2 status=$3 log=$4 line
    line=$(grep -E "^$tb: [0-9]+ passed, [0-9]+ failed\$" "$log" 2>/dev/null | tail -n 1)
    last_count=
    if [ -z "$line" ]; then
        echo "$sim: $tb: no result line (exit $status); log: $log"
        tail -n 20 "$log" | sed 's/^/    /'
        failed=$((failed + 1))
        return 1
    fi
    echo "$sim: $line"
    last_count=$(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) passed.*/\1/')
    if [ "$status" -ne 0 ] || ! echo "$line" | grep -qE ' 0 failed$'; then
        [ "$status" -ne 0 ] && echo "    $sim exited $status; log: $log"
        grep -E '^FAIL' "$log" | sed 's/^/    /'
        failed=$((failed + 1))
        return 1
    fi
    passed=$((passed + 1))
    return 0
}

for tb in "${tbs[@]}"; do
    src="testbenches/$tb.v"

    # ---- Verilator
    vdir="$vl_root/$tb"
    vlog="$vl_root/$tb.log"
    rm -rf "$vdir"
    if verilator --binary --build-jobs "$jobs" --default-language 1364-2005 -Wno-fatal \
        --top-module "$tb" -Irtl -Itestbenches -Mdir "$vdir" -o "$tb" "$src" rtl/*.v >"$vl_root/$tb.build.log" 2>&1
    then
        "$vdir/$tb" >"$vlog" 2>&1
        status=$?
    else
        status=$?
        cp "$vl_root/$tb.build.log" "$vlog"
    fi
    result verilator "$tb" "$status" "$vlog"
    vl_count=$last_count

    # ---- Icarus
    vvp_file="$iv_root/$tb.vvp"
    ilog="$iv_root/$tb.log"
    rm -f "$vvp_file"
    if iverilog -g2005 -Irtl -Itestbenches -o "$vvp_file" -s "$tb" "$src" rtl/*.v >"$iv_root/$tb.build.log" 2>&1
    then
        vvp -n "$vvp_file" >"$ilog" 2>&1
        status=$?
    else
        status=$?
        cp "$iv_root/$tb.build.log" "$ilog"
    fi
    if result icarus "$tb" "$status" "$ilog" && [ -n "$vl_count" ] && [ "$last_count" != "$vl_count" ]
    then
        echo "    icarus: $tb: $last_count checks passed, verilator passed $vl_count"
        passed=$((passed - 1))
        failed=$((failed + 1))
    fi
done

echo "testbenches: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
