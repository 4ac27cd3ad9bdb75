#!/usr/bin/env bash
# FPGA resource report of the phin RTL with Yosys `synth_xilinx` (7-series), compared with the
# capacity of a Zynq-7020 (XC7Z020). All numbers are parsed from Yosys' `stat` output.
#
#   scripts/synth.sh [TOP]          flat synthesis of TOP (default phi_n_neural_processor)
#   scripts/synth.sh --hier [TOP]   same without -flatten (hierarchical; `stat -top` totals)
#   SYNTH_PARAMS="ENABLE_ADAPTIVE=1" scripts/synth.sh   override top parameters (also --fpga)
#   scripts/synth.sh --per-module   every module of rtl/ synthesised as its own top
#                                   (hierarchical, no I/O buffers), one row per module, plus
#                                   the sum over the instances of phi_n_neural_processor
#   scripts/synth.sh --fpga [TOP]   flat synthesis of TOP of the folded RTL in rtl/fpga/
#                                   (default hopf_engine; docs/fpga.md), no I/O buffers; a
#                                   module it uses from rtl/ is read from there
#
# Outputs go to target/synth/ (untracked): TOP.log (full Yosys log), TOP.stat.txt (`stat`),
# TOP.summary.txt (the printed table); --fpga: fpga/TOP.{log,stat.txt,summary.txt}; per-module: modules/M.{log,stat.txt,wall}, per-module.txt
# (a module whose results are newer than every rtl/ file is reused; SYNTH_FORCE=1 re-runs all).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v yosys >/dev/null 2>&1; then
    echo "synth.sh: yosys not found; install it with: sudo apt-get install yosys" >&2
    exit 1
fi

OUT=target/synth
mkdir -p "$OUT"
DEFAULT_TOP=phi_n_neural_processor
DEFAULT_FPGA_TOP=hopf_engine

# XC7Z020 capacity (Zynq-7000 data sheet DS190): 13,300 slices = 53,200 LUTs, 106,400 FFs,
# 13,300 CARRY4, 26,600 MUXF7, 13,300 MUXF8, 220 DSP48E1, 140 RAMB36E1 (= 280 RAMB18E1, 4.9 Mb).
CAP_LUT=53200 CAP_FF=106400 CAP_DSP=220 CAP_BRAM=140 CAP_CARRY=13300 CAP_MUXF7=26600 CAP_MUXF8=13300

# Reads a `stat` output file and prints "key=value" lines for the cell block after the LAST
# "Number of cells:" (the flat module, or the `design hierarchy` total of `stat -top`).
parse_stat() {
    awk '
        /Number of cells:/ { delete c; inblk = 1; next }
        inblk && NF == 2 && $2 ~ /^[0-9]+$/ { c[$1] = $2; next }
        inblk && NF == 0 { inblk = 0 }
        END {
            lut = c["LUT1"] + c["LUT2"] + c["LUT3"] + c["LUT4"] + c["LUT5"] + c["LUT6"]
            ff = 0; lat = 0; srl = 0; lram = 0; b36 = 0; b18 = 0
            for (k in c) {
                if (k ~ /^FD/) ff += c[k]
                if (k ~ /^LD/) lat += c[k]
                if (k ~ /^SRL/) srl += c[k]
                if (k ~ /^RAM(16|32|64|128|256)/) lram += c[k]
                if (k ~ /^RAMB36/) b36 += c[k]
                if (k ~ /^RAMB18/) b18 += c[k]
            }
            printf "lut=%d\ninv=%d\nff=%d\nlatch=%d\nsrl=%d\nlutram=%d\n", lut, c["INV"], ff, lat, srl, lram
            printf "dsp=%d\nb36=%d\nb18=%d\ncarry=%d\nmuxf7=%d\nmuxf8=%d\n", c["DSP48E1"], b36, b18, c["CARRY4"], c["MUXF7"], c["MUXF8"]
        }' "$1"
}

# Yosys CPU seconds (user + system) and peak memory from the end of a Yosys log.
cpu_of() { awk '/End of script/ { for (i = 1; i <= NF; i++) { if ($i == "user" || $i == "system") { v = $(i + 1); sub(/s,?$/, "", v); t += v } } } END { printf "%.0f", t }' "$1"; }
mem_of() { awk '/End of script/ { for (i = 1; i <= NF; i++) if ($i == "MEM:") m = $(i + 1) } END { printf "%.0f MB", m }' "$1"; }

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100.0 * a / b }'; }

# Prints the top-level table from a stat file.
print_table() {
    local stat=$1 title=$2
    declare -A r
    while IFS== read -r k v; do r[$k]=$v; done < <(parse_stat "$stat")
    local bram
    bram=$(awk -v a="${r[b36]}" -v b="${r[b18]}" 'BEGIN { printf "%g", a + b / 2 }')
    echo "$title"
    printf '%-26s %10s %10s %8s\n' "resource" "used" "XC7Z020" "util"
    printf '%-26s %10d %10d %8s\n' "LUT (LUT1..LUT6)" "${r[lut]}" $CAP_LUT "$(pct "${r[lut]}" $CAP_LUT)"
    printf '%-26s %10d %10s %8s\n' "  INV (LUT1 in Vivado)" "${r[inv]}" "" "$(pct "${r[inv]}" $CAP_LUT)"
    printf '%-26s %10d %10s %8s\n' "  SRL16/32 + LUTRAM" "$((r[srl] + r[lutram]))" "" ""
    printf '%-26s %10d %10d %8s\n' "FF (FDRE/FDSE/FDCE/FDPE)" "${r[ff]}" $CAP_FF "$(pct "${r[ff]}" $CAP_FF)"
    printf '%-26s %10d %10s %8s\n' "  latches (LD*)" "${r[latch]}" "" ""
    printf '%-26s %10d %10d %8s\n' "DSP48E1" "${r[dsp]}" $CAP_DSP "$(pct "${r[dsp]}" $CAP_DSP)"
    printf '%-26s %10s %10d %8s\n' "BRAM36 (RAMB36+RAMB18/2)" "$bram" $CAP_BRAM "$(pct "$bram" $CAP_BRAM)"
    printf '%-26s %10d %10d %8s\n' "CARRY4" "${r[carry]}" $CAP_CARRY "$(pct "${r[carry]}" $CAP_CARRY)"
    printf '%-26s %10d %10d %8s\n' "MUXF7" "${r[muxf7]}" $CAP_MUXF7 "$(pct "${r[muxf7]}" $CAP_MUXF7)"
    printf '%-26s %10d %10d %8s\n' "MUXF8" "${r[muxf8]}" $CAP_MUXF8 "$(pct "${r[muxf8]}" $CAP_MUXF8)"
}

RTL=(rtl/*.v)

run_top() {
    local top=$1 flatten=$2 mode=flat
    [ "$flatten" = "-flatten" ] || mode=hierarchical
    local base=$OUT/$top
    [ "$mode" = flat ] || base=$OUT/$top.hier
    # SYNTH_PARAMS="NAME=VALUE ..." overrides parameters of the top (chparam, then the derived
    # top is renamed back to TOP), e.g. SYNTH_PARAMS="ENABLE_ADAPTIVE=1"; outputs get a .NAME=VALUE suffix.
    local chp="" p
    for p in ${SYNTH_PARAMS:-}; do
        chp+="chparam -set ${p%%=*} ${p#*=} $top; "
        base+=".$p"
        mode+=", $p"
    done
    echo "yosys: $(yosys -V)"
    echo "synth_xilinx -family xc7 -top $top $flatten ($mode), log: $base.log"
    local t0=$SECONDS
    [ -z "$chp" ] || chp+="hierarchy -top $top; rename -top $top; "
    yosys -q -l "$base.log" -p "read_verilog -I rtl ${RTL[*]}; $chp\
        synth_xilinx -family xc7 -top $top $flatten; \
        tee -q -o $base.stat.txt stat -top $top" >/dev/null
    local dt=$((SECONDS - t0))
    print_table "$base.stat.txt" "$top: synth_xilinx ($mode); wall ${dt} s, Yosys CPU $(cpu_of "$base.log") s, peak $(mem_of "$base.log")" | tee "$base.summary.txt"
}

# The folded RTL: rtl/fpga/*.v, with rtl/ as the library for any reference module it instantiates
# (`hierarchy -libdir`), flat, no I/O buffers (a block, not a pinned-out chip).
# SYNTH_PARAMS applies here too (as in run_top).
run_fpga() {
    local top=$1 dir=$OUT/fpga
    mkdir -p "$dir"
    local base=$dir/$top mode="flat, -noiopad" chp="" p
    for p in ${SYNTH_PARAMS:-}; do
        chp+="chparam -set ${p%%=*} ${p#*=} $top; "
        base+=".$p"
        mode+=", $p"
    done
    echo "yosys: $(yosys -V)"
    echo "synth_xilinx -family xc7 -top $top -flatten -noiopad (rtl/fpga/; $mode), log: $base.log"
    local t0=$SECONDS
    yosys -q -l "$base.log" -p "read_verilog -I rtl/fpga -I rtl rtl/fpga/*.v; $chp\
        hierarchy -libdir rtl -top $top; rename -top $top; \
        synth_xilinx -family xc7 -top $top -flatten -noiopad; \
        tee -q -o $base.stat.txt stat -top $top; write_json $base.json" >/dev/null
    local dt=$((SECONDS - t0))
    print_table "$base.stat.txt" "$top (rtl/fpga): synth_xilinx ($mode); wall ${dt} s, Yosys CPU $(cpu_of "$base.log") s, peak $(mem_of "$base.log")" | tee "$base.summary.txt"
    # Logic depth in the levels Vivado counts (scripts/lut_depth.py; docs/fpga.md, "Logic
    # depth"). In the folded top most registers load on `commit`, one clock in TICK_DIV: the
    # paths from them are multicycle; lut_depth.py finds them from their enables and also
    # reports the deepest path that must settle in one clock, and the registers it ends in.
    local single=()
    if [ "$top" = phi_n_neural_processor ]; then
        single=(--commit commit --start start --held rst --list 12)
    fi
    python3 scripts/lut_depth.py "$base.json" "${single[@]}" | tee -a "$base.summary.txt"
}

run_per_module() {
    local dir=$OUT/modules
    mkdir -p "$dir"
    echo "yosys: $(yosys -V)"
    # Instance multiplicities inside the default top: elaborate only (no synthesis) and read
    # the `design hierarchy` section of `stat` (total instances, parametrised copies merged) and
    # the direct children of the top (its own cell list).
    yosys -q -l "$dir/hierarchy.log" -p "read_verilog -I rtl ${RTL[*]}; \
        hierarchy -top $DEFAULT_TOP; tee -q -o $dir/hierarchy.txt stat -top $DEFAULT_TOP" >/dev/null
    declare -A total child
    # The hierarchy is printed as a tree (2 spaces per level) with per-parent counts.
    while read -r m n; do total[$m]=$(( ${total[$m]:-0} + n )); done < <(awk '
        function base(n) { sub(/^\$paramod(\$[0-9a-f]+)?\\/, "", n); sub(/\\.*/, "", n); return n }
        /=== design hierarchy ===/ { h = 1; next }
        h && /Number of wires/ { exit }
        h && NF == 2 {
            match($0, /^ */); d = int(RLENGTH / 2)
            mult[d] = $2 * (d > 1 ? mult[d - 1] : 1)
            print base($1), mult[d]
        }' "$dir/hierarchy.txt")
    while read -r m n; do child[$m]=$(( ${child[$m]:-0} + n )); done < <(awk -v top="$DEFAULT_TOP" '
        $0 == "=== " top " ===" { t = 1; next }
        t && /^===/ { exit }
        t && NF == 2 && $2 ~ /^[0-9]+$/ && $1 ~ /^\$paramod|^[a-z]/ {
            n = $1; sub(/^\$paramod(\$[0-9a-f]+)?\\/, "", n); sub(/\\.*/, "", n); print n, $2 }' "$dir/hierarchy.txt")

    local table=$OUT/per-module.txt
    local hdr
    hdr=$(printf '%-30s %5s %7s %6s %6s %5s %6s %6s %6s %6s %6s %6s' module "inst" LUT INV FF DSP BRAM36 CARRY4 MUXF7 MUXF8 "cpu[s]" "wall[s]")
    { echo "per-module synth_xilinx -family xc7 (hierarchical, -noiopad, each module its own top,"
      echo "default parameters; inst = instances in $DEFAULT_TOP; numbers include submodules)"
      echo "$hdr"; } | tee "$table"
    local sum_lut=0 sum_inv=0 sum_ff=0 sum_dsp=0 sum_b=0 sum_carry=0 sum_f7=0 sum_f8=0
    for v in "${RTL[@]}"; do
        local m
        m=$(basename "$v" .v)
        [ "$m" = "$DEFAULT_TOP" ] && continue   # the top itself: default / --hier mode
        # A module whose stat/log are newer than every rtl/ file is not re-run (SYNTH_FORCE=1 to force).
        local fresh=0 f
        if [ "${SYNTH_FORCE:-0}" != 1 ] && [ -s "$dir/$m.stat.txt" ] && [ -s "$dir/$m.wall" ] \
            && grep -q "End of script" "$dir/$m.log" 2>/dev/null; then
            fresh=1
            for f in rtl/*.v rtl/*.vh; do [ "$f" -nt "$dir/$m.stat.txt" ] && fresh=0; done
        fi
        if [ $fresh = 0 ]; then
            local t0=$SECONDS
            yosys -q -l "$dir/$m.log" -p "read_verilog -I rtl ${RTL[*]}; \
                synth_xilinx -family xc7 -noiopad -top $m; \
                tee -q -o $dir/$m.stat.txt stat -top $m" >/dev/null
            echo $((SECONDS - t0)) > "$dir/$m.wall"
        fi
        local dt
        dt=$(cat "$dir/$m.wall")
        declare -A r=()
        while IFS== read -r k val; do r[$k]=$val; done < <(parse_stat "$dir/$m.stat.txt")
        local bram
        bram=$(awk -v a="${r[b36]}" -v b="${r[b18]}" 'BEGIN { printf "%g", a + b / 2 }')
        printf '%-30s %5s %7d %6d %6d %5d %6s %6d %6d %6d %6s %6d\n' "$m" "${total[$m]:-0}" \
            "${r[lut]}" "${r[inv]}" "${r[ff]}" "${r[dsp]}" "$bram" "${r[carry]}" \
            "${r[muxf7]}" "${r[muxf8]}" "$(cpu_of "$dir/$m.log")" "$dt" | tee -a "$table"
        local k=${child[$m]:-0}
        if [ "$k" -gt 0 ]; then
            sum_lut=$((sum_lut + k * r[lut])); sum_inv=$((sum_inv + k * r[inv]))
            sum_ff=$((sum_ff + k * r[ff])); sum_dsp=$((sum_dsp + k * r[dsp]))
            sum_b=$((sum_b + k * (2 * r[b36] + r[b18]))); sum_carry=$((sum_carry + k * r[carry]))
            sum_f7=$((sum_f7 + k * r[muxf7])); sum_f8=$((sum_f8 + k * r[muxf8]))
        fi
    done
    local kids="" m
    for m in $(printf '%s\n' "${!child[@]}" | sort); do kids+="$m x${child[$m]}, "; done
    {
        echo
        echo "sum over the direct children of $DEFAULT_TOP (each row x its multiplicity; top glue not included):"
        echo "  ${kids%, }"
        printf '%-30s %5s %7d %6d %6d %5d %6s %6d %6d %6d\n' "SUM(children x inst)" "" \
            $sum_lut $sum_inv $sum_ff $sum_dsp "$(awk -v b=$sum_b 'BEGIN { printf "%g", b / 2 }')" \
            $sum_carry $sum_f7 $sum_f8
        printf '%-30s %5s %7s %6s %6s %5s %6s %6s %6s %6s\n' "  % of XC7Z020" "" \
            "$(pct $sum_lut $CAP_LUT)" "" "$(pct $sum_ff $CAP_FF)" "$(pct $sum_dsp $CAP_DSP)" \
            "$(awk -v b=$sum_b -v c=$CAP_BRAM 'BEGIN { printf "%.1f%%", 100 * b / 2 / c }')" \
            "$(pct $sum_carry $CAP_CARRY)" "$(pct $sum_f7 $CAP_MUXF7)" "$(pct $sum_f8 $CAP_MUXF8)"
    } | tee -a "$table"
}

case "${1:-}" in
    --per-module) run_per_module ;;
    --hier) run_top "${2:-$DEFAULT_TOP}" "" ;;
    --fpga) run_fpga "${2:-$DEFAULT_FPGA_TOP}" ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) run_top "${1:-$DEFAULT_TOP}" -flatten ;;
esac
