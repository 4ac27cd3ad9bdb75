//! The Verilog-arithmetic helpers of `phin_core::fixed_point` against two simulators.
//!
//! `tests/rtl/fxp_probe.v` is test-only RTL with operands of odd and mixed widths and signedness
//! and one register per expression rule (wrap, product context width, `>>>` on signed and
//! unsigned operands, `/` and `%`, mixed comparison, part-selects, concatenations, saturation,
//! negation of the most negative value). [`FxpProbe`] models it, computing every register only
//! through the helpers. The first test runs model and Verilated RTL in lockstep on seeded random
//! operands; the second runs the probe under Icarus Verilog on fixed seeded vectors, as a
//! tie-breaker independent of Verilator. Both fail, never skip, when a simulator is missing.

use phin_core::fixed_point::{
    abs_s, add_s, asr, bits, clamp, div_s, div_u, lsr, lt_mixed, mul_s, mul_u, raw, rem_s, rem_u,
    sat_s, sext, shl, sub_s, wrap_u,
};
use phin_core::Signal;
use phin_cosim::{Cosim, Dut, Port};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lockstep ticks against Verilator.
const TICKS: u64 = 1_000_000;
/// Seed of the lockstep stimulus.
const SEED: u64 = 0xF1_7ED0_0001;
/// Operand vectors run under Icarus.
const ICARUS_VECTORS: usize = 400;
/// Seed of the Icarus vectors.
const ICARUS_SEED: u64 = 0xF1_7ED0_0002;

const A_MIN: i64 = -(1 << 17);
const A_MAX: i64 = (1 << 17) - 1;
const B_MIN: i64 = -(1 << 12);
const B_MAX: i64 = (1 << 12) - 1;
const C_MAX: i64 = (1 << 7) - 1;
const D_MIN: i64 = -(1 << 36);
const D_MAX: i64 = (1 << 36) - 1;
const SH_MAX: i64 = (1 << 5) - 1;

/// The operand ports of `fxp_probe`, in stimulus order. `typical` holds the corners (0, -1, 1,
/// max, min and a few near the word boundaries); `range` is the full port range.
const PORTS: &[Port] = &[
    Port {
        name: "a",
        width: 18,
        signed: true,
        typical: &[0, -1, 1, A_MAX, A_MIN, A_MIN + 1, 16_384, -16_384, 43_690],
        range: (A_MIN, A_MAX),
    },
    Port {
        name: "b",
        width: 13,
        signed: true,
        typical: &[0, -1, 1, B_MAX, B_MIN, 2, -2, 3],
        range: (B_MIN, B_MAX),
    },
    Port {
        name: "c",
        width: 7,
        signed: false,
        typical: &[0, 1, C_MAX, 64, 63, 3],
        range: (0, C_MAX),
    },
    Port {
        name: "d",
        width: 37,
        signed: true,
        typical: &[0, -1, 1, D_MAX, D_MIN, D_MIN + 1, 1 << 17, -(1 << 17)],
        range: (D_MIN, D_MAX),
    },
    Port {
        name: "sh",
        width: 5,
        signed: false,
        typical: &[0, 1, 3, 17, 18, 22, 23, 24, SH_MAX],
        range: (0, SH_MAX),
    },
];

/// Declares the probe's registers once: the [`Regs`] struct (one `i64` per register, holding
/// the value the register reads as: signed registers in their signed range, unsigned ones
/// non-negative) and the signal table (name, width, signedness) in RTL declaration order.
macro_rules! probe_registers {
    ($($name:ident: $width:literal, $signed:literal;)*) => {
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        struct Regs {
            $($name: i64,)*
        }

        const REGISTERS: &[(&str, u32, bool)] = &[$((stringify!($name), $width, $signed),)*];

        impl Regs {
            /// The values in table order.
            fn values(&self) -> Vec<i64> {
                vec![$(self.$name,)*]
            }
        }
    };
}

probe_registers! {
    sum_ab_wrap13: 13, true;
    sum_ab_u13: 13, false;
    diff_ab_wrap13: 13, true;
    sum_3a_wrap18: 18, true;
    sum_3a_sat18: 18, true;
    sum_ac_u24: 24, false;
    mul_ab_s31: 31, true;
    mul_ab_trunc18: 18, true;
    mul_ad_s55: 55, true;
    mul_ac_u25: 25, false;
    asr_a: 18, true;
    asr_a_ctx24: 24, true;
    asr_ua: 18, false;
    asr_ua_ctx24: 24, true;
    srl_a: 18, true;
    srl_a_ctx24: 24, false;
    asr_sum_ac: 18, true;
    asr_d: 37, true;
    shl_a23: 23, true;
    shl_c8: 8, false;
    div_ab: 18, true;
    rem_ab: 13, true;
    div_db: 37, true;
    rem_db: 13, true;
    div_ac_u: 18, false;
    rem_ac_u7: 7, false;
    div_dc_u: 37, false;
    lt_a_c: 1, false;
    lt_b_c: 1, false;
    lt_a_b: 1, false;
    psel_a: 10, false;
    psel_a_signed: 10, true;
    psel_a_ext18: 18, true;
    psel_a_sext18: 18, true;
    cat_cb_u11: 11, false;
    cat_cb_ext18: 18, true;
    cat_cb_sext18: 18, true;
    neg_a: 18, true;
    neg_a19: 19, true;
    abs_a: 18, true;
    clamp_a: 18, true;
}

/// The next value of every register of `fxp_probe` for operand values `a`, `b`, `c`, `d` and
/// shift amount `sh` (as the ports read: `a`, `b`, `d` signed, `c`, `sh` unsigned). Only the
/// helpers truncate, extend, shift, divide or compare across signedness.
fn next_regs(a: i64, b: i64, c: i64, d: i64, sh: u32) -> Regs {
    // `$unsigned(a)`, and what `a` becomes wherever an unsigned operand makes the whole
    // expression unsigned (then it is zero-extended to the context, not sign-extended).
    let a_pat = raw(a, 18);
    let c_pat = raw(c, 7);
    // `{c, b[3:0]}`: unsigned, 11 bits.
    let cat_cb = raw(shl(c, 4, 11), 11) | bits(b, 3, 0);
    // The RTL's 20-bit sum: a sign-extended to 20 bits, three times.
    let sum_3a_20 = add_s(add_s(a, a, 20), a, 20);
    Regs {
        sum_ab_wrap13: add_s(a, b, 13),
        sum_ab_u13: wrap_u(a + b, 13) as i64,
        diff_ab_wrap13: sub_s(a, b, 13),
        sum_3a_wrap18: add_s(add_s(a, a, 18), a, 18),
        sum_3a_sat18: sat_s(sum_3a_20, 18),
        // Unsigned expression: a zero-extended to the 24-bit context.
        sum_ac_u24: wrap_u(a_pat as i64 + c, 24) as i64,
        mul_ab_s31: mul_s(a, b, 31),
        mul_ab_trunc18: mul_s(a, b, 18),
        mul_ad_s55: mul_s(a, d, 55),
        mul_ac_u25: mul_u(a_pat, c_pat, 25) as i64,
        asr_a: asr(a, sh),
        // Sign-extended to 24 bits first: the same value, held in 24 bits.
        asr_a_ctx24: asr(a, sh),
        asr_ua: lsr(a_pat, 18, sh) as i64,
        // Zero-extended to 24 bits, shifted logically, read back through a signed register.
        asr_ua_ctx24: sext(lsr(a_pat, 24, sh), 24),
        srl_a: sext(lsr(a_pat, 18, sh), 18),
        // Signed expression in a 24-bit context: sign-extended to 24 bits, then `>>` fills 0.
        srl_a_ctx24: lsr(raw(a, 24), 24, sh) as i64,
        // `a + c` is unsigned (c is), so `>>>` on it is logical.
        asr_sum_ac: sext(lsr(wrap_u(a_pat as i64 + c, 18), 18, sh), 18),
        asr_d: asr(d, sh),
        shl_a23: shl(a, sh, 23),
        shl_c8: wrap_u(shl(c, sh, 8), 8) as i64,
        // The RTL guards the divisor explicitly (`b == 0 ? 0 : ...`); so does the model, the
        // same way, rather than relying on what a simulator does with a zero divisor.
        div_ab: if b == 0 { 0 } else { div_s(a, b, 18) },
        rem_ab: if b == 0 { 0 } else { rem_s(a, b, 13) },
        div_db: if b == 0 { 0 } else { div_s(d, b, 37) },
        rem_db: if b == 0 { 0 } else { rem_s(d, b, 13) },
        div_ac_u: if c == 0 {
            0
        } else {
            div_u(a_pat, c_pat, 18) as i64
        },
        rem_ac_u7: if c == 0 {
            0
        } else {
            wrap_u(rem_u(a_pat, c_pat, 18) as i64, 7) as i64
        },
        div_dc_u: if c == 0 {
            0
        } else {
            div_u(raw(d, 37), c_pat, 37) as i64
        },
        lt_a_c: i64::from(lt_mixed(a, c, 18)),
        lt_b_c: i64::from(lt_mixed(b, c, 13)),
        // Both operands signed: an ordinary signed comparison, no helper needed.
        lt_a_b: i64::from(a < b),
        psel_a: bits(a, 12, 3) as i64,
        psel_a_signed: sext(bits(a, 12, 3), 10),
        // A part-select is unsigned: zero-extended into the wider signed register.
        psel_a_ext18: bits(a, 12, 3) as i64,
        psel_a_sext18: sext(bits(a, 12, 3), 10),
        cat_cb_u11: cat_cb as i64,
        cat_cb_ext18: cat_cb as i64,
        cat_cb_sext18: sext(cat_cb, 11),
        neg_a: sub_s(0, a, 18),
        neg_a19: sub_s(0, a, 19),
        abs_a: abs_s(a, 18),
        clamp_a: clamp(a, -1000, 1000),
    }
}

fn signal_table() -> Vec<Signal> {
    REGISTERS
        .iter()
        .map(|&(name, width, signed)| Signal::new("", name, width, signed))
        .collect()
}

/// The model of `fxp_probe`: every register updates on an enabled tick, all are 0 after reset.
#[derive(Default)]
struct FxpProbe {
    regs: Regs,
}

impl Dut for FxpProbe {
    fn top(&self) -> &'static str {
        "fxp_probe"
    }
    fn inputs(&self) -> &'static [Port] {
        PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        signal_table()
    }
    fn reset(&mut self) {
        self.regs = Regs::default();
    }
    fn tick(&mut self, i: &[u64]) {
        let v: Vec<i64> = PORTS.iter().zip(i).map(|(p, &w)| p.value(w)).collect();
        self.regs = next_regs(v[0], v[1], v[2], v[3], v[4] as u32);
    }
    fn sample(&self, out: &mut [u64]) {
        for (k, (v, &(name, width, signed))) in
            self.regs.values().into_iter().zip(REGISTERS).enumerate()
        {
            // The model's value must be what the register reads as (signed registers in their
            // signed range, unsigned ones non-negative): a model bug, not an RTL one.
            let back = Signal::new("", name, width, signed).value(raw(v, width));
            assert_eq!(
                back,
                v,
                "model bug: {name} holds {v}, outside the range of a {width}-bit {} register",
                if signed { "signed" } else { "unsigned" }
            );
            out[k] = raw(v, width);
        }
    }
}

fn probe_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rtl")
}

#[test]
fn fixed_point_helpers_agree_with_verilator() {
    let dir = probe_dir();
    let mut c = Cosim::with_model(&dir, Box::new(FxpProbe::default())).unwrap_or_else(|e| {
        panic!(
            "cannot verilate the probe {} (this test needs Verilator and never skips): {e}",
            dir.join("fxp_probe.v").display()
        )
    });
    let o = c.run_random(TICKS, SEED).unwrap_or_else(|e| panic!("{e}"));
    if let Some(m) = &o.first {
        panic!("fixed_point helpers disagree with Verilator:\n{m}");
    }
    assert_eq!(o.ticks, TICKS);
    assert_eq!(o.mismatches, 0);
    assert_eq!(o.signals, REGISTERS.len());
    println!("fxp_probe vs Verilator: {}", o.agree_line());
}

/// Panics unless `tool` runs.
fn require_tool(tool: &str, arg: &str) {
    match Command::new(tool).arg(arg).output() {
        Ok(_) => {}
        Err(e) => panic!(
            "{tool} (Icarus Verilog) is not installed or not on PATH ({e}); \
             this test needs it and never skips"
        ),
    }
}

/// Operand vectors for Icarus, as raw port words: hand-picked corners first, then seeded draws
/// that take each operand from its corners half of the time and from its full range otherwise.
fn icarus_vectors() -> Vec<Vec<u64>> {
    let corners: &[[i64; 5]] = &[
        [0, 0, 0, 0, 0],
        [A_MIN, -1, 0, D_MIN, 0],
        [A_MAX, 1, C_MAX, D_MAX, SH_MAX],
        [-1, -1, 1, -1, 1],
        [A_MIN, B_MIN, 64, D_MIN, 17],
        [A_MIN, B_MAX, C_MAX, D_MIN + 1, 18],
        [-7, 2, 2, -7, 1],
        [7, -2, 3, 7, 2],
        [-7, -2, 5, -7, 3],
        [A_MAX, B_MAX, 1, D_MAX, 22],
        [A_MIN, 0, 0, D_MIN, 23],
        [-2, 3, 127, -2, 24],
        [43_690, -1, 85, 0x15_5555_5555 - (1 << 37), 31],
    ];
    let mut rows: Vec<Vec<u64>> = corners
        .iter()
        .map(|r| PORTS.iter().zip(r).map(|(p, &v)| raw(v, p.width)).collect())
        .collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(ICARUS_SEED);
    while rows.len() < ICARUS_VECTORS {
        let row = PORTS
            .iter()
            .map(|p| {
                let r = rng.next_u64();
                if r & 1 == 0 {
                    let k = ((r >> 1) % p.typical.len() as u64) as usize;
                    raw(p.typical[k], p.width)
                } else {
                    raw(rng.next_u64() as i64, p.width)
                }
            })
            .collect();
        rows.push(row);
    }
    rows
}

/// One `$display` of every register, as `R <hex> <hex> ...` in table order.
fn display_stmt() -> String {
    let fmt = vec!["%h"; REGISTERS.len()].join(" ");
    let args: Vec<String> = REGISTERS
        .iter()
        .map(|(n, _, _)| format!("dut.{n}"))
        .collect();
    format!("$display(\"R {fmt}\", {});", args.join(", "))
}

fn drive_stmt(row: &[u64]) -> String {
    PORTS
        .iter()
        .zip(row)
        .map(|(p, &w)| format!("{} = {}'h{:x};", p.name, p.width, w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn fixed_point_helpers_agree_with_icarus() {
    require_tool("iverilog", "-V");
    require_tool("vvp", "-V");

    let vectors = icarus_vectors();
    // Expected samples, and the testbench that should print the same, built side by side:
    // the reset state, then every vector on an enabled edge, and every 5th vector followed by
    // different operands on a disabled edge (registers must hold).
    let mut model = FxpProbe::default();
    let mut snap = vec![0u64; REGISTERS.len()];
    let mut expected: Vec<(String, Vec<u64>)> = Vec::new();
    let show = display_stmt();
    let mut body = String::new();
    model.reset();
    model.sample(&mut snap);
    body += &format!("        step; step; rst = 1'b0; #1 {show}\n");
    expected.push(("state after reset".into(), snap.clone()));
    for (k, row) in vectors.iter().enumerate() {
        let _ = writeln!(
            body,
            "        clk_en = 1'b1; {} step; {show}",
            drive_stmt(row)
        );
        model.tick(row);
        model.sample(&mut snap);
        let ins: Vec<String> = PORTS
            .iter()
            .zip(row)
            .map(|(p, &w)| format!("{}={}", p.name, p.value(w)))
            .collect();
        expected.push((format!("vector {k}: {}", ins.join(" ")), snap.clone()));
        if k % 5 == 4 {
            let other = &vectors[(k * 7 + 3) % vectors.len()];
            let _ = writeln!(
                body,
                "        clk_en = 1'b0; {} step; {show}",
                drive_stmt(other)
            );
            expected.push((
                format!("vector {k} held through a disabled edge"),
                snap.clone(),
            ));
        }
    }

    let mut decls = String::new();
    for p in PORTS {
        let _ = writeln!(
            decls,
            "    reg {}[{}:0] {} = {}'h0;",
            if p.signed { "signed " } else { "" },
            p.width - 1,
            p.name,
            p.width
        );
    }
    let conns: Vec<String> = ["clk", "rst", "clk_en"]
        .iter()
        .copied()
        .chain(PORTS.iter().map(|p| p.name))
        .map(|n| format!(".{n}({n})"))
        .collect();
    let tb = format!(
        "// Generated by crates/phin-cosim/tests/fixed_point_vs_verilator.rs; do not edit.\n\
         `timescale 1ns/1ns\n\
         `default_nettype none\n\
         module tb;\n\
         \x20   reg clk = 1'b0;\n\
         \x20   reg rst = 1'b1;\n\
         \x20   reg clk_en = 1'b0;\n\
         {decls}\
         \x20   fxp_probe dut ({});\n\
         \x20   task step;\n\
         \x20       begin\n\
         \x20           #1 clk = 1'b1;\n\
         \x20           #1 clk = 1'b0;\n\
         \x20       end\n\
         \x20   endtask\n\
         \x20   initial begin\n\
         {body}\
         \x20       $finish;\n\
         \x20   end\n\
         endmodule\n",
        conns.join(", ")
    );

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fxp_probe_icarus-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let tb_path = dir.join("tb_fxp_probe.v");
    let vvp_path = dir.join("tb_fxp_probe.vvp");
    std::fs::write(&tb_path, tb)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", tb_path.display()));
    let probe = probe_dir().join("fxp_probe.v");

    let out = Command::new("iverilog")
        .args(["-g2005", "-Wall", "-s", "tb", "-o"])
        .arg(&vvp_path)
        .arg(&tb_path)
        .arg(&probe)
        .output()
        .unwrap_or_else(|e| panic!("cannot run iverilog: {e}"));
    assert!(
        out.status.success(),
        "iverilog failed on {} and {}:\n{}{}",
        tb_path.display(),
        probe.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new("vvp")
        .arg("-n")
        .arg(&vvp_path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run vvp: {e}"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "vvp failed on {}:\n{stdout}{}",
        vvp_path.display(),
        String::from_utf8_lossy(&run.stderr)
    );

    let got: Vec<Vec<u64>> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("R "))
        .map(|l| {
            l.split_whitespace()
                .zip(REGISTERS)
                .map(|(t, (name, _, _))| {
                    u64::from_str_radix(t, 16).unwrap_or_else(|_| {
                        panic!("Icarus printed {name} = {t:?}, not a plain hex value (x or z?)")
                    })
                })
                .collect()
        })
        .collect();
    assert_eq!(
        got.len(),
        expected.len(),
        "Icarus printed {} register dumps, the model expects {} ({})",
        got.len(),
        expected.len(),
        tb_path.display()
    );

    let mut report = Vec::new();
    for ((what, want), have) in expected.iter().zip(&got) {
        assert_eq!(have.len(), REGISTERS.len(), "short dump at {what}");
        for (k, &(name, width, signed)) in REGISTERS.iter().enumerate() {
            if want[k] != have[k] {
                let s = Signal::new("", name, width, signed);
                report.push(format!(
                    "{what}: {name} ({width}-bit {}): icarus 0x{:x} = {}, model 0x{:x} = {}",
                    if signed { "signed" } else { "unsigned" },
                    have[k],
                    s.value(have[k]),
                    want[k],
                    s.value(want[k])
                ));
            }
        }
    }
    if !report.is_empty() {
        panic!(
            "fixed_point helpers disagree with Icarus in {} register values \
             (testbench {}); first ones:\n  {}",
            report.len(),
            tb_path.display(),
            report
                .iter()
                .take(30)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n  ")
        );
    }
    println!(
        "fxp_probe vs Icarus: {} dumps x {} registers agree",
        got.len(),
        REGISTERS.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
