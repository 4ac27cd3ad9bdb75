#!/usr/bin/env bash
# Runs every self-checking testbench testbenches/tb_*.v under Verilator (--binary) and Icarus.
#
#   testbenches/run.sh                 # all testbenches
#   testbenches/run.sh tb_lfsr16 ...   # only these (also those marked "// run.sh: on request",
#                                      # which the run of all leaves out)
#
# Build output: target/testbenches/verilator/<tb>/ and target/testbenches/icarus/<tb>.vvp, with the
# build and simulation logs next to them. A run passes when the simulator exits 0 and the
# testbench's final line "<tb>: N passed, 0 failed" appears; the Icarus run of a testbench must
# also report the same pass count as its Verilator run. Exit status: 0 all passed, 1 a run failed,
# 2 a simulator is missing or the arguments are wrong.
#
# The folded RTL (rtl/fpga/, docs/fpga.md) has its own phi_n_neural_processor, so rtl/fpga/*.v
# and rtl/*.v are never one list. A testbench tb_<m> with an rtl/fpga/<m>.v is built with that
# file, rtl/fpga/ and rtl/ being searched for the modules it uses (-y; it compares the folded
# module with the reference), unless rtl/ has a module of that name too (the top: its
# testbench is the reference's). A testbench with a line "// run.sh: folded top" compares the two
# tops: it is built with rtl/*.v, the other rtl/fpga/*.v, and a copy of
# rtl/fpga/phi_n_neural_processor.v whose module is renamed phi_n_neural_processor_folded
# (target/testbenches/folded/). A board testbench, tb_<m> with an rtl/fpga/board/<m>.v, is built
# with rtl/fpga/board/*.v beside rtl/*.v and without rtl/fpga/*.v: the board top instantiates
# phi_n_neural_processor by name, and its test uses the reference.
# Planted faults: each line "// plant: NAME" in a testbench names a define that plants a fault in
# the RTL; the testbench is built once more under Icarus with -DNAME -DTB_QUICK (a short run),
# and that run passes only if the testbench FAILS, i.e. catches the fault.
# Optimisation: Verilator's C++ is compiled at -O0 (see one_tb); a testbench whose run dominates
# its build asks for -O1 with a line "// run.sh: -O1" (tb_hopf_engine: 20x faster a tick for
# half again the build time).
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
        # A testbench too long for every run (its header says how long) runs only when named.
        grep -qE '^// run\.sh: on request$' "$f" && continue
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

# Two testbenches run at once (one per core on these machines): an Icarus run is one thread,
# and the top's takes minutes, so running them side by side halves the wall time. Each Verilator
# build then makes with one job. The top's testbench, the longest, starts first.
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
[ "$jobs" -lt 1 ] && jobs=1

res_root=target/testbenches/results
rm -rf "$res_root"
mkdir -p "$res_root"

# result SIM TB STATUS LOG: prints "<sim>: <final line>"; returns 0 when the run passed.
# Sets last_count to the pass count reported (empty if none).
last_count=
result() {
    local sim=$1 tb=$2 status=$3 log=$4 line
    line=$(grep -E "^$tb: [0-9]+ passed, [0-9]+ failed\$" "$log" 2>/dev/null | tail -n 1)
    last_count=
    if [ -z "$line" ]; then
        echo "$sim: $tb: no result line (exit $status); log: $log"
        tail -n 20 "$log" | sed 's/^/    /'
        return 1
    fi
    echo "$sim: $line"
    last_count=$(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) passed.*/\1/')
    if [ "$status" -ne 0 ] || ! echo "$line" | grep -qE ' 0 failed$'; then
        [ "$status" -ne 0 ] && echo "    $sim exited $status; log: $log"
        grep -E '^FAIL' "$log" | sed 's/^/    /'
        return 1
    fi
    return 0
}

# The Verilator build of every testbench, and of the run-time library below (which must be
# compiled with the very same flags): the options, and the make variables at a level.
vl_flags=(--binary --build-jobs 1 --default-language 1364-2005 -Wno-fatal)
vl_make() { echo "OPT_FAST=$1 OPT_SLOW=-O0 OPT_GLOBAL=$1"; }

# one_tb TB: builds and runs TB under both simulators; prints the two result lines and a last
# line "counts P F" (runs passed and failed: two, plus one per planted fault).
one_tb() {
    local tb=$1 src="testbenches/$1.v" status p=0 f=0 vl_count
    local srcs=(rtl/*.v) incs=(-Irtl -Itestbenches)
    # A module in both trees (the top) keeps its reference testbench: the folded rule applies
    # to rtl/fpga/ modules that rtl/ does not have.
    if [ -f "rtl/fpga/${tb#tb_}.v" ] && [ ! -f "rtl/${tb#tb_}.v" ]; then
        srcs=("rtl/fpga/${tb#tb_}.v")
        incs=(-Irtl/fpga -Irtl -Itestbenches -y rtl/fpga -y rtl)
    elif grep -qE '^// run\.sh: folded top$' "$src"; then
        local fdir=target/testbenches/folded v
        mkdir -p "$fdir"
        sed 's/^module phi_n_neural_processor\b/module phi_n_neural_processor_folded/' \
            rtl/fpga/phi_n_neural_processor.v >"$fdir/phi_n_neural_processor_folded.v"
        srcs=("$fdir/phi_n_neural_processor_folded.v")
        for v in rtl/fpga/*.v; do
            [ "$v" = rtl/fpga/phi_n_neural_processor.v ] || srcs+=("$v")
        done
        srcs+=(rtl/*.v)
        incs=(-Irtl -Irtl/fpga -Itestbenches)
    elif [ -f "rtl/fpga/board/${tb#tb_}.v" ]; then
        srcs=(rtl/fpga/board/*.v rtl/*.v)
        incs=(-Irtl -Irtl/fpga/board -Itestbenches)
    fi
    # ---- Verilator
    local vdir="$vl_root/$tb" vlog="$vl_root/$tb.log"
    rm -rf "$vdir"
    # -O0: a testbench runs for a moment and compiles in three quarters of the time at -O0.
    local opt=-O0
    grep -qE '^// run\.sh: -O1$' "$src" && opt=-O1
    # Verilator's run-time library comes compiled (runtime below): no global objects, the
    # archive on the link line instead.
    local rt_flags=
    [ -f "$rt_root/$opt/libverilated.a" ] &&
        rt_flags="VM_GLOBAL_FAST= VM_GLOBAL_SLOW= LIBS=$PWD/$rt_root/$opt/libverilated.a"
    if verilator "${vl_flags[@]}" -MAKEFLAGS "$(vl_make "$opt") $rt_flags" \
        --top-module "$tb" "${incs[@]}" -Mdir "$vdir" -o "$tb" "$src" "${srcs[@]}" >"$vl_root/$tb.build.log" 2>&1
    then
        "$vdir/$tb" >"$vlog" 2>&1
        status=$?
    else
        status=$?
        cp "$vl_root/$tb.build.log" "$vlog"
    fi
    if result verilator "$tb" "$status" "$vlog"; then p=$((p + 1)); else f=$((f + 1)); fi
    vl_count=$last_count

    # ---- Icarus
    local vvp_file="$iv_root/$tb.vvp" ilog="$iv_root/$tb.log"
    rm -f "$vvp_file"
    if iverilog -g2005 "${incs[@]}" -o "$vvp_file" -s "$tb" "$src" "${srcs[@]}" >"$iv_root/$tb.build.log" 2>&1
    then
        vvp -n "$vvp_file" >"$ilog" 2>&1
        status=$?
    else
        status=$?
        cp "$iv_root/$tb.build.log" "$ilog"
    fi
    if result icarus "$tb" "$status" "$ilog"; then
        if [ -n "$vl_count" ] && [ "$last_count" != "$vl_count" ]; then
            echo "    icarus: $tb: $last_count checks passed, verilator passed $vl_count"
            f=$((f + 1))
        else
            p=$((p + 1))
        fi
    else
        f=$((f + 1))
    fi

    # ---- planted faults (Icarus, short run): the testbench must fail
    local plant line
    for plant in $(sed -nE 's|^// plant: ([A-Za-z_][A-Za-z0-9_]*)$|\1|p' "$src"); do
        local pvvp="$iv_root/$tb.$plant.vvp" plog="$iv_root/$tb.$plant.log"
        rm -f "$pvvp"
        if iverilog -g2005 "-D$plant" -DTB_QUICK "${incs[@]}" -o "$pvvp" -s "$tb" "$src" "${srcs[@]}" >"$plog" 2>&1
        then
            vvp -n "$pvvp" >>"$plog" 2>&1
        fi
        line=$(grep -E "^$tb: [0-9]+ passed, [0-9]+ failed\$" "$plog" | tail -n 1)
        if [ -n "$line" ] && ! echo "$line" | grep -qE ' 0 failed$'; then
            echo "icarus, planted $plant: $line (fault caught)"
            p=$((p + 1))
        else
            echo "icarus, planted $plant: $tb did not catch the fault (${line:-no result line}); log: $plog"
            f=$((f + 1))
        fi
    done
    echo "counts $p $f"
}

# Verilator's run-time library (verilated.cpp, verilated_timing.cpp, verilated_threads.cpp) is
# the same code in every testbench of one optimisation level: 5.3 s of g++ at -O0 a build,
# measured. It is compiled once per level here, by Verilator's own makefile on an empty
# testbench (so with the very flags of every build), and archived; one_tb links the archive. A
# level whose runtime failed to build falls back to the ordinary build.
rt_root=target/testbenches/runtime
runtime() {
    local opt=$1 dir="$rt_root/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    printf 'module tb_runtime;\n    initial begin\n        #1;\n        $finish;\n    end\nendmodule\n' >"$dir/tb_runtime.v"
    if verilator "${vl_flags[@]}" -MAKEFLAGS "$(vl_make "$opt")" \
        --top-module tb_runtime -Mdir "$dir/obj" -o tb_runtime "$dir/tb_runtime.v" >"$dir/build.log" 2>&1 &&
        ar rcs "$dir/libverilated.a.tmp" "$dir"/obj/verilated*.o >>"$dir/build.log" 2>&1
    then
        mv "$dir/libverilated.a.tmp" "$dir/libverilated.a"
    else
        echo "testbenches: Verilator's run-time library at $opt did not build (each testbench builds its own); log: $dir/build.log"
    fi
}
runtime -O0 &
runtime -O1 &
wait

ordered=()
for tb in "${tbs[@]}"; do
    [ "$tb" = tb_phi_n_neural_processor ] && ordered=("$tb" "${ordered[@]}") || ordered+=("$tb")
done

running=0
for tb in "${ordered[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    one_tb "$tb" >"$res_root/$tb.out" 2>&1 &
    running=$((running + 1))
done
wait

passed=0
failed=0
for tb in "${tbs[@]}"; do
    out="$res_root/$tb.out"
    grep -v '^counts ' "$out"
    counts=$(grep -E '^counts [0-9]+ [0-9]+$' "$out" | tail -n 1)
    if [ -z "$counts" ]; then
        echo "$tb: the runner ended without a result"
        failed=$((failed + 1))
        continue
    fi
    set -- $counts
    passed=$((passed + $2))
    failed=$((failed + $3))
done

echo "testbenches: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
