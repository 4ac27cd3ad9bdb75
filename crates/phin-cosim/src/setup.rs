//! Setting a co-simulation up for an RTL tree that is not phin's own: which ports to compare
//! (ignored, renamed, of another width), which parameters and defines to verilate with, and
//! every check that can be made before Verilator runs — ports and widths from a parse of the
//! top's header, the registers a full comparison needs, the output paths.
//!
//! A [`Plan`] is the result of those checks: it says what will be compared, what was skipped and
//! why ([`Note`]), and which parameters hold ([`ParamUse`]), before the one to two minutes a build
//! of the whole processor takes. [`Plan::build`] then verilates and loads.

use crate::cache::check_writable;
use crate::dut::{Dut, Port, Subset};
use crate::error::{bits, CosimError};
use crate::header::{parse_number, Dir, Lookup, ModuleInfo, PortDecl, Tree};
use crate::rtl_sim::{split_slice, RtlSim};
use crate::verilate::{build, scan_rtl, verilator_version, BuildSpec, Built};
use crate::Cosim;
use phin_core::Signal;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// What a co-simulation compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compare {
    /// Every signal of the model's table (or, RTL against RTL, every variable the two trees
    /// share by name).
    #[default]
    All,
    /// Only the top's output ports.
    Ports,
}

/// How to co-simulate an RTL tree: everything a user may need to compare what is comparable
/// without editing the RTL.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// What to compare.
    pub compare: Compare,
    /// Ports left out, by the reference's name: an output is not compared, an input is held at 0
    /// on both sides.
    pub ignore: Vec<String>,
    /// Renamed ports: (name in the reference, name in the RTL compared with it).
    pub port_map: Vec<(String, String)>,
    /// Refuse to run when a port is skipped (width mismatch, missing) instead of noting it.
    pub strict: bool,
    /// Parameter overrides (`-G`): set in the model too where it has the parameter.
    pub params: Vec<(String, String)>,
    /// Preprocessor defines (`-D`).
    pub defines: Vec<(String, Option<String>)>,
    /// Include directories (`-I`), searched for headers and for modules by file name.
    pub include_dirs: Vec<PathBuf>,
    /// The cache directory (default: [`crate::cache::cache_dir`]).
    pub cache_dir: Option<PathBuf>,
    /// Files the run will write: checked before anything is built.
    pub outputs: Vec<PathBuf>,
    /// Clock edges per tick of the tree passed as `rtl_dir` (the RTL compared with phin's model,
    /// or the first tree of an RTL-against-RTL plan), when it differs from the reference's: a
    /// folded implementation that spends a few hundred clocks on a tick (docs/fpga.md) where
    /// the reference with `FAST_SIM = 1` spends 10. Both sides still run one tick per stimulus
    /// row and are compared after it. `None`: the reference's clocking.
    pub tick_clocks: Option<u32>,
}

/// Something the setup decided about one port or parameter that the user should know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The port (reference name) or parameter concerned.
    pub port: String,
    /// The port is left out of the comparison.
    pub skipped: bool,
    /// Why, in words.
    pub why: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.port, self.why)
    }
}

/// Where a parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamSource {
    /// phin's model is built with it and the RTL verilated alike (phin's choice, e.g. FAST_SIM).
    Model,
    /// An override (`-G`) that the model mirrors: both sides have it.
    Override,
    /// An override the model has no parameter for: the RTL alone has it.
    RtlOnly,
}

/// A parameter the RTL is verilated with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParamUse {
    /// Parameter name.
    pub name: String,
    /// Value as passed to Verilator.
    pub value: String,
    /// Where it comes from.
    pub source: ParamSource,
}

/// The printed line that says which parameters (FAST_SIM among them) and defines a run uses, and
/// how many clock edges make one tick.
pub fn params_line(
    params: &[ParamUse],
    defines: &[(String, Option<String>)],
    cycles_per_tick: u32,
) -> String {
    let group = |src: ParamSource| -> Vec<String> {
        params
            .iter()
            .filter(|p| p.source == src)
            .map(|p| format!("{}={}", p.name, p.value))
            .collect()
    };
    let mut parts = Vec::new();
    for (src, label) in [
        (ParamSource::Model, "as phin's model"),
        (ParamSource::Override, "-G, model and RTL"),
        (ParamSource::RtlOnly, "-G, RTL only"),
    ] {
        let g = group(src);
        if !g.is_empty() {
            parts.push(format!("{} ({label})", g.join(" ")));
        }
    }
    let params = if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    };
    let defs = if defines.is_empty() {
        "none".to_string()
    } else {
        defines
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => k.clone(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "parameters: {params}; defines: {defs}; {cycles_per_tick} clock edge{} per tick",
        if cycles_per_tick == 1 { "" } else { "s" }
    )
}

/// The reference side of a plan: phin's model, or a first RTL tree.
enum Reference {
    Model(Box<dyn Dut>),
    Rtl(Box<RtlSide>),
}

/// A first RTL tree used as the reference (RTL against RTL).
struct RtlSide {
    dir: PathBuf,
    spec: BuildSpec,
    signals: Vec<Signal>,
    inputs: Vec<(String, u32)>,
    input_columns: Option<Vec<usize>>,
    ports: &'static [Port],
    top: &'static str,
    has_clk_en: bool,
    cycles_per_tick: u32,
    lead_cycles: u32,
    // Every port of the reference's header: compared as ports or driven, never as registers.
    port_names: Vec<String>,
    // phin's signal table of the top (empty without a model): signedness of shared registers.
    table: Vec<Signal>,
}

/// A checked co-simulation, ready to be built: what is compared, what was skipped and why, and
/// the parameters in force. Everything in it was decided without running Verilator.
pub struct Plan {
    reference: Reference,
    rtl_dir: PathBuf,
    spec: BuildSpec,
    /// Per compared signal: its name and width on the RTL side.
    rtl_signals: Vec<(String, u32)>,
    rtl_inputs: Vec<(String, u32)>,
    input_columns: Option<Vec<usize>>,
    zero_columns: Vec<usize>,
    other_names: Vec<Option<String>>,
    // Per compared signal: a port word of the top (else a register).
    port_flags: Vec<bool>,
    notes: Vec<Note>,
    params: Vec<ParamUse>,
    strict: bool,
    sides: (String, String),
    // RTL against RTL with `Compare::All`: the common variables are found after both builds.
    common_after_build: bool,
    ignore: Vec<String>,
    // Clock edges per tick of the `rtl_dir` tree when not the reference's (Options::tick_clocks).
    tick_clocks: Option<u32>,
}

/// Largest [`Options::tick_clocks`]: well above the 31,250 clocks of a real 4 kHz tick at
/// 125 MHz.
pub const MAX_TICK_CLOCKS: u32 = 1 << 20;

/// Checks [`Options::tick_clocks`].
fn check_tick_clocks(opts: &Options) -> Result<(), CosimError> {
    match opts.tick_clocks {
        Some(v) if v == 0 || v > MAX_TICK_CLOCKS => Err(CosimError::BadTickClocks { value: v }),
        _ => Ok(()),
    }
}

fn reference_name(top: &str) -> String {
    format!("phin's model of {top}")
}

/// The top's module in `dir` (read with the include directories, for modules and headers).
fn read_top(
    dir: &Path,
    top: &str,
    opts: &Options,
) -> Result<(Tree, ModuleInfo, Vec<PathBuf>), CosimError> {
    let (files, modules) = scan_rtl(dir)?;
    if !modules.iter().any(|m| m == top) {
        return Err(CosimError::TopNotFound {
            top: top.to_string(),
            dir: dir.to_path_buf(),
            found: modules,
        });
    }
    for d in &opts.include_dirs {
        if !d.is_dir() {
            return Err(CosimError::RtlDir {
                dir: d.clone(),
                why: "include directory does not exist".into(),
            });
        }
    }
    let tree = Tree::read_dirs(dir, &opts.include_dirs, &opts.defines)?;
    let info = tree
        .modules
        .get(top)
        .cloned()
        .ok_or_else(|| CosimError::Header {
            path: dir.to_path_buf(),
            why: format!("module {top} is defined but its header could not be read"),
        })?;
    Ok((tree, info, files))
}

fn check_outputs(opts: &Options) -> Result<(), CosimError> {
    for p in &opts.outputs {
        check_writable(p)?;
    }
    Ok(())
}

/// Parameters to verilate with, and where each comes from.
type Params = (Vec<(String, String)>, Vec<ParamUse>);

/// The parameters to verilate with: the model's own (where the RTL declares them) with the
/// overrides applied to the model where it has the parameter, then the RTL-only overrides.
fn apply_params(
    model: &mut dyn Dut,
    header: &ModuleInfo,
    overrides: &[(String, String)],
    notes: &mut Vec<Note>,
) -> Result<Params, CosimError> {
    let known = header.parameter_names();
    for (name, _) in overrides {
        if !known.contains(name) {
            return Err(CosimError::UnknownParameter {
                top: header.name.clone(),
                name: name.clone(),
                known,
            });
        }
    }
    let mut mirrored = HashSet::new();
    let mut rtl_only = Vec::new();
    for (name, value) in overrides {
        let parsed = parse_number(value);
        match parsed.map(|v| model.set_param(name, v)) {
            Some(Some(Ok(()))) => {
                mirrored.insert(name.clone());
            }
            Some(Some(Err(allowed))) => {
                return Err(CosimError::BadParameter {
                    name: name.clone(),
                    value: value.clone(),
                    allowed,
                })
            }
            Some(None) => rtl_only.push((name.clone(), value.clone())),
            None => {
                // Not an integer: the model cannot mirror it; only an RTL parameter can take it.
                if model.set_param(name, 0).is_some() {
                    return Err(CosimError::BadParameter {
                        name: name.clone(),
                        value: value.clone(),
                        allowed: "an integer".into(),
                    });
                }
                rtl_only.push((name.clone(), value.clone()));
            }
        }
    }
    let mut params = Vec::new();
    let mut uses = Vec::new();
    for (name, value) in model.params() {
        if !known.contains(&name) {
            notes.push(Note {
                port: name.clone(),
                skipped: false,
                why: format!(
                    "phin's model runs with {name}={value} but the RTL declares no such \
                     parameter; its behaviour may differ"
                ),
            });
            continue;
        }
        let source = if mirrored.contains(&name) {
            ParamSource::Override
        } else {
            ParamSource::Model
        };
        uses.push(ParamUse {
            name: name.clone(),
            value: value.clone(),
            source,
        });
        params.push((name, value));
    }
    for (name, value) in rtl_only {
        uses.push(ParamUse {
            name: name.clone(),
            value: value.clone(),
            source: ParamSource::RtlOnly,
        });
        params.push((name, value));
    }
    Ok((params, uses))
}

/// The port words of a table (top-level signals), grouped by port: (base, indices, width the
/// port must have).
fn port_words(signals: &[Signal]) -> Vec<(String, Vec<usize>, u32)> {
    let mut out: Vec<(String, Vec<usize>, u32)> = Vec::new();
    for (k, s) in signals.iter().enumerate() {
        if s.name.contains('.') {
            continue;
        }
        let (base, lsb) = split_slice(&s.name);
        let need = lsb.map_or(s.width, |l| l + s.width);
        match out.iter_mut().find(|(b, _, _)| b == base) {
            Some(e) => {
                e.1.push(k);
                e.2 = e.2.max(need);
            }
            None => out.push((base.to_string(), vec![k], need)),
        }
    }
    out
}

fn renamed(name: &str, map: &[(String, String)]) -> String {
    let (base, _) = split_slice(name);
    match map.iter().find(|(m, _)| m == base) {
        Some((_, r)) => format!("{r}{}", &name[base.len()..]),
        None => name.to_string(),
    }
}

fn header_port_names(h: &ModuleInfo) -> Vec<String> {
    h.ports.iter().map(|p| p.name.clone()).collect()
}

/// Checks the names of a port map and ignore list against both sides.
fn check_names(
    ref_ports: &[String],
    ref_side: &str,
    other: &ModuleInfo,
    other_side: &str,
    opts: &Options,
) -> Result<(), CosimError> {
    for (m, r) in &opts.port_map {
        if !ref_ports.contains(m) {
            return Err(CosimError::UnknownPort {
                name: m.clone(),
                side: ref_side.to_string(),
                known: ref_ports.to_vec(),
            });
        }
        if other.port(r).is_none() {
            return Err(CosimError::UnknownPort {
                name: r.clone(),
                side: other_side.to_string(),
                known: header_port_names(other),
            });
        }
    }
    for n in &opts.ignore {
        if !ref_ports.contains(n) && other.port(n).is_none() {
            return Err(CosimError::UnknownPort {
                name: n.clone(),
                side: format!("{ref_side} or {other_side}"),
                known: ref_ports.to_vec(),
            });
        }
    }
    Ok(())
}

/// How the stimulus reaches one RTL: its inputs (name, width) in driving order, the stimulus
/// columns they take (None: all, in order), and the columns held at 0 on both sides.
type InputPlan = (Vec<(String, u32)>, Option<Vec<usize>>, Vec<usize>);

/// The stimulus columns of `ports` as driven into an RTL with header `h` (its ports evaluated as
/// `hports`); `map`: apply the port map to the names. Undriven RTL inputs are noted.
fn plan_inputs(
    ports: &[Port],
    h: &ModuleInfo,
    hports: &[PortDecl],
    opts: &Options,
    notes: &mut Vec<Note>,
    map: bool,
) -> Result<InputPlan, CosimError> {
    // The width a port must have: a sliced port spans its highest slice.
    let port_width = |base: &str| {
        ports
            .iter()
            .filter(|q| split_slice(q.name).0 == base)
            .map(|q| split_slice(q.name).1.unwrap_or(0) + q.width)
            .max()
            .unwrap_or(0)
    };
    let mut inputs = Vec::new();
    let mut columns = Vec::new();
    let mut zero = Vec::new();
    let mut driven = HashSet::new();
    for (k, p) in ports.iter().enumerate() {
        let (base, lsb) = split_slice(p.name);
        let ignored = opts.ignore.iter().any(|n| n == base);
        if ignored {
            zero.push(k);
        }
        let rname = if map {
            renamed(p.name, &opts.port_map)
        } else {
            p.name.to_string()
        };
        let rbase = split_slice(&rname).0.to_string();
        let decl = hports
            .iter()
            .find(|d| d.name == rbase && d.dir == Dir::Input);
        let Some(decl) = decl else {
            if ignored {
                continue;
            }
            return Err(CosimError::MissingInput {
                port: base.to_string(),
                rtl_name: rbase,
            });
        };
        let need = if lsb.is_some() {
            port_width(base)
        } else {
            p.width
        };
        if let Some(w) = decl.width.filter(|w| *w != need) {
            if ignored {
                continue;
            }
            return Err(CosimError::WidthMismatch {
                signal: base.to_string(),
                model: need,
                rtl: w,
            });
        }
        driven.insert(rbase);
        inputs.push((rname, p.width));
        columns.push(k);
    }
    for d in hports {
        if d.dir == Dir::Input
            && !["clk", "rst", "clk_en"].contains(&d.name.as_str())
            && !driven.contains(&d.name)
        {
            notes.push(Note {
                port: d.name.clone(),
                skipped: false,
                why: format!("input of {} that phin does not drive: held at 0", h.name),
            });
        }
    }
    let all = columns.len() == ports.len();
    Ok((inputs, (!all).then_some(columns), zero))
}

impl Plan {
    /// Checks a co-simulation of the RTL in `rtl_dir` against `model` with `opts`, without
    /// running Verilator: the top's header (ports, widths, parameters), the names in the options,
    /// the registers a full comparison needs, the output paths.
    pub fn new(
        rtl_dir: &Path,
        mut model: Box<dyn Dut>,
        opts: &Options,
    ) -> Result<Plan, CosimError> {
        check_tick_clocks(opts)?;
        let top = model.top();
        let (tree, header, _) = read_top(rtl_dir, top, opts)?;
        check_outputs(opts)?;
        let mut notes = Vec::new();
        let (params, uses) = apply_params(model.as_mut(), &header, &opts.params, &mut notes)?;
        let hports = header.ports_with(&params);
        let ref_side = reference_name(top);
        let rtl_side = format!("the RTL of {top}");
        let table = model.signals();
        let words = port_words(&table);
        let mut ref_ports: Vec<String> = words.iter().map(|(b, _, _)| b.clone()).collect();
        for p in model.inputs() {
            let b = split_slice(p.name).0.to_string();
            if !ref_ports.contains(&b) {
                ref_ports.push(b);
            }
        }
        check_names(&ref_ports, &ref_side, &header, &rtl_side, opts)?;
        check_clocking(&header.name, &hports, model.has_clk_en())?;
        let (rtl_inputs, input_columns, zero_columns) =
            plan_inputs(model.inputs(), &header, &hports, opts, &mut notes, true)?;

        // Which signals of the model's table are compared.
        let mut keep: Vec<bool> = vec![opts.compare == Compare::All; table.len()];
        let hdecl = |n: &str| hports.iter().find(|d| d.name == n);
        for (base, idx, need) in &words {
            let rbase = renamed(base, &opts.port_map);
            let skip = |keep: &mut Vec<bool>| idx.iter().for_each(|&k| keep[k] = false);
            if opts.ignore.contains(base) {
                skip(&mut keep);
                notes.push(Note {
                    port: base.clone(),
                    skipped: true,
                    why: "ignored".into(),
                });
                continue;
            }
            match hdecl(&rbase) {
                Some(d) if d.dir == Dir::Output => {
                    if let Some(w) = d.width.filter(|w| w != need) {
                        skip(&mut keep);
                        notes.push(Note {
                            port: base.clone(),
                            skipped: true,
                            why: format!(
                                "{} in phin's model but {} in the RTL{}: not \
                                 compared",
                                bits(*need),
                                bits(w),
                                if rbase != *base {
                                    format!(" (as {rbase})")
                                } else {
                                    String::new()
                                }
                            ),
                        });
                    } else {
                        idx.iter().for_each(|&k| keep[k] = true);
                    }
                }
                Some(_) => {}
                None if tree.lookup(top, &rbase) == Lookup::Found => {}
                // Comparing everything, a missing top-level name is a missing register (below).
                None if opts.compare == Compare::All => {}
                None => {
                    skip(&mut keep);
                    notes.push(Note {
                        port: base.clone(),
                        skipped: true,
                        why: format!("the RTL has no port {rbase}: not compared"),
                    });
                }
            }
        }
        let mapped_rtl: HashSet<String> = opts.port_map.iter().map(|(_, r)| r.clone()).collect();
        for d in &hports {
            if d.dir == Dir::Output
                && !ref_ports.contains(&d.name)
                && !mapped_rtl.contains(&d.name)
                && !opts.ignore.contains(&d.name)
            {
                notes.push(Note {
                    port: d.name.clone(),
                    skipped: true,
                    why: "output of the RTL that phin's model does not have: not compared".into(),
                });
            }
        }
        if opts.compare == Compare::All {
            // Every register must be where its hierarchical name says (a port under its mapped
            // name).
            let mut missing = Vec::new();
            let mut total = 0;
            for (k, s) in table.iter().enumerate() {
                if !keep[k] {
                    continue;
                }
                total += 1;
                let name = renamed(&s.name, &opts.port_map);
                if let Lookup::Missing(_) = tree.lookup(top, &name) {
                    missing.push(s.name.clone());
                }
            }
            missing.dedup_by(|a, b| split_slice(a).0 == split_slice(b).0);
            if !missing.is_empty() {
                let count = missing.len();
                missing.truncate(6);
                return Err(CosimError::MissingRegisters {
                    top: top.to_string(),
                    missing,
                    count,
                    total,
                });
            }
        }
        let idx: Vec<usize> = (0..table.len()).filter(|&k| keep[k]).collect();
        if idx.is_empty() {
            return Err(CosimError::NothingToCompare {
                top: top.to_string(),
            });
        }
        let rtl_signals: Vec<(String, u32)> = idx
            .iter()
            .map(|&k| (renamed(&table[k].name, &opts.port_map), table[k].width))
            .collect();
        let other_names = idx
            .iter()
            .zip(&rtl_signals)
            .map(|(&k, (r, _))| (*r != table[k].name).then(|| r.clone()))
            .collect();
        let port_flags = idx
            .iter()
            .map(|&k| {
                let name = renamed(&table[k].name, &opts.port_map);
                !name.contains('.') && hdecl(split_slice(&name).0).is_some()
            })
            .collect();
        let has_clk_en = model.has_clk_en();
        let spec = BuildSpec {
            rtl_dir: rtl_dir.to_path_buf(),
            top: top.to_string(),
            params,
            signals: match opts.compare {
                Compare::All => rtl_signals.iter().map(|(n, _)| n.clone()).collect(),
                // Ports only: every output the header declares, so that one build serves any
                // choice of ignored or renamed ports.
                Compare::Ports => outputs_of(&hports),
            },
            inputs: match opts.compare {
                Compare::All => rtl_inputs.iter().map(|(n, _)| n.clone()).collect(),
                Compare::Ports => inputs_of(&hports),
            },
            has_clk_en,
            defines: opts.defines.clone(),
            include_dirs: opts.include_dirs.clone(),
            public_all: false,
            cache_dir: opts.cache_dir.clone(),
        };
        let model: Box<dyn Dut> = if idx.len() == table.len() {
            model
        } else {
            Box::new(Subset::from_indices(model, idx))
        };
        let plan = Plan {
            reference: Reference::Model(model),
            rtl_dir: rtl_dir.to_path_buf(),
            spec,
            rtl_signals,
            rtl_inputs,
            input_columns,
            zero_columns,
            other_names,
            port_flags,
            notes,
            params: uses,
            strict: opts.strict,
            sides: ("model".into(), "rtl".into()),
            common_after_build: false,
            ignore: opts.ignore.clone(),
            tick_clocks: opts.tick_clocks,
        };
        plan.check_strict()?;
        Ok(plan)
    }

    /// Checks a co-simulation of the RTL tree `against` against the RTL tree `rtl_dir` (the
    /// reference) for `top`, on the same stimulus. `model` gives the stimulus ports, the clocking
    /// and the parameters when phin has a model of `top`; without one, the inputs of the
    /// reference's header are driven over their full range, one clock edge per tick.
    pub fn rtl_against_rtl(
        rtl_dir: &Path,
        against: &Path,
        top: &str,
        model: Option<Box<dyn Dut>>,
        opts: &Options,
    ) -> Result<Plan, CosimError> {
        check_tick_clocks(opts)?;
        let (_, ha, _) = read_top(rtl_dir, top, opts)?;
        let (_, hb, _) = read_top(against, top, opts)?;
        check_outputs(opts)?;
        let mut notes = Vec::new();
        let (params, uses, ports, top_s, has_clk_en, cycles, lead, table) = match model {
            Some(mut m) => {
                let (params, uses) = apply_params(m.as_mut(), &ha, &opts.params, &mut notes)?;
                (
                    params,
                    uses,
                    m.inputs(),
                    m.top(),
                    m.has_clk_en(),
                    m.cycles_per_tick(),
                    m.lead_cycles(),
                    m.signals(),
                )
            }
            None => {
                let known = ha.parameter_names();
                for (name, _) in &opts.params {
                    if !known.contains(name) {
                        return Err(CosimError::UnknownParameter {
                            top: top.to_string(),
                            name: name.clone(),
                            known,
                        });
                    }
                }
                let uses = opts
                    .params
                    .iter()
                    .map(|(n, v)| ParamUse {
                        name: n.clone(),
                        value: v.clone(),
                        source: ParamSource::RtlOnly,
                    })
                    .collect();
                let hp = ha.ports_with(&opts.params);
                let ports = header_ports(&hp, top)?;
                let has_clk_en = hp.iter().any(|p| p.name == "clk_en");
                let top_s: &'static str = Box::leak(top.to_string().into_boxed_str());
                (
                    opts.params.clone(),
                    uses,
                    ports,
                    top_s,
                    has_clk_en,
                    1,
                    0,
                    Vec::new(),
                )
            }
        };
        for (n, _) in &params {
            if !hb.parameter_names().contains(n) {
                notes.push(Note {
                    port: n.clone(),
                    skipped: false,
                    why: format!(
                        "parameter of {} that {} does not declare",
                        rtl_dir.display(),
                        against.display()
                    ),
                });
            }
        }
        let pa = ha.ports_with(&params);
        let pb = hb.ports_with(&params);
        let side_a = format!("the RTL of {top} in {}", rtl_dir.display());
        let side_b = format!("the RTL of {top} in {}", against.display());
        let a_names = header_port_names(&ha);
        check_names(&a_names, &side_a, &hb, &side_b, opts)?;
        let no_map = Options {
            port_map: Vec::new(),
            ..opts.clone()
        };
        let mut scratch = Vec::new();
        let (a_inputs, a_columns, zero_columns) =
            plan_inputs(ports, &ha, &pa, &no_map, &mut scratch, false)?;
        notes.extend(scratch.into_iter().map(|n| Note {
            why: format!("{} ({})", n.why, rtl_dir.display()),
            ..n
        }));
        let mut scratch = Vec::new();
        let (b_inputs, b_columns, _) = plan_inputs(ports, &hb, &pb, opts, &mut scratch, true)?;
        notes.extend(scratch.into_iter().map(|n| Note {
            why: format!("{} ({})", n.why, against.display()),
            ..n
        }));

        // Ports of A with their counterpart in B.
        let mut signals: Vec<Signal> = Vec::new();
        let mut b_signals: Vec<(String, u32)> = Vec::new();
        let mut other_names = Vec::new();
        let mapped_b: HashSet<String> = opts.port_map.iter().map(|(_, r)| r.clone()).collect();
        for d in pa.iter().filter(|d| d.dir == Dir::Output) {
            if opts.ignore.contains(&d.name) {
                notes.push(Note {
                    port: d.name.clone(),
                    skipped: true,
                    why: "ignored".into(),
                });
                continue;
            }
            let bname = renamed(&d.name, &opts.port_map);
            let Some(e) = pb.iter().find(|e| e.name == bname && e.dir == Dir::Output) else {
                notes.push(Note {
                    port: d.name.clone(),
                    skipped: true,
                    why: format!("{} has no output {bname}: not compared", against.display()),
                });
                continue;
            };
            let (Some(wa), Some(wb)) = (d.width, e.width) else {
                notes.push(Note {
                    port: d.name.clone(),
                    skipped: true,
                    why: "width not known from the headers: not compared".into(),
                });
                continue;
            };
            if wa != wb {
                notes.push(Note {
                    port: d.name.clone(),
                    skipped: true,
                    why: format!(
                        "{} in {} but {} in {}: not compared",
                        bits(wa),
                        rtl_dir.display(),
                        bits(wb),
                        against.display()
                    ),
                });
                continue;
            }
            for (name, width, signed) in words_of(&d.name, wa, d.signed, &table) {
                other_names.push((bname != d.name).then(|| renamed(&name, &opts.port_map)));
                b_signals.push((renamed(&name, &opts.port_map), width));
                signals.push(Signal {
                    name,
                    width,
                    signed,
                });
            }
        }
        for e in pb.iter().filter(|e| e.dir == Dir::Output) {
            if !a_names.contains(&e.name) && !mapped_b.contains(&e.name) {
                notes.push(Note {
                    port: e.name.clone(),
                    skipped: true,
                    why: format!("output of {} only: not compared", against.display()),
                });
            }
        }
        let common_after_build = opts.compare == Compare::All;
        if signals.is_empty() && !common_after_build {
            return Err(CosimError::NothingToCompare {
                top: top.to_string(),
            });
        }
        let spec_for = |dir: &Path, hp: &[PortDecl]| BuildSpec {
            rtl_dir: dir.to_path_buf(),
            top: top.to_string(),
            params: params.clone(),
            signals: outputs_of(hp),
            inputs: inputs_of(hp),
            has_clk_en,
            defines: opts.defines.clone(),
            include_dirs: opts.include_dirs.clone(),
            public_all: common_after_build,
            cache_dir: opts.cache_dir.clone(),
        };
        let a = RtlSide {
            dir: rtl_dir.to_path_buf(),
            spec: spec_for(rtl_dir, &pa),
            signals,
            inputs: a_inputs,
            input_columns: a_columns,
            ports,
            top: top_s,
            has_clk_en,
            cycles_per_tick: cycles,
            lead_cycles: lead,
            port_names: a_names.clone(),
            table,
        };
        let plan = Plan {
            reference: Reference::Rtl(Box::new(a)),
            rtl_dir: against.to_path_buf(),
            spec: spec_for(against, &pb),
            rtl_signals: b_signals,
            rtl_inputs: b_inputs,
            input_columns: b_columns,
            zero_columns,
            port_flags: vec![true; other_names.len()],
            other_names,
            notes,
            params: uses,
            strict: opts.strict,
            sides: ("a".into(), "b".into()),
            common_after_build,
            ignore: opts.ignore.clone(),
            tick_clocks: opts.tick_clocks,
        };
        plan.check_strict()?;
        Ok(plan)
    }

    fn check_strict(&self) -> Result<(), CosimError> {
        if !self.strict {
            return Ok(());
        }
        let bad: Vec<String> = self
            .notes
            .iter()
            .filter(|n| n.skipped && n.why != "ignored")
            .map(|n| n.to_string())
            .collect();
        if bad.is_empty() {
            Ok(())
        } else {
            Err(CosimError::Strict { notes: bad })
        }
    }

    /// What was decided about ports and parameters (skipped ports with the reason).
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// The parameters the RTL will be verilated with, and where each comes from.
    pub fn params(&self) -> &[ParamUse] {
        &self.params
    }

    /// Clock edges per tick of the RTL.
    pub fn cycles_per_tick(&self) -> u32 {
        match &self.reference {
            Reference::Model(m) => m.cycles_per_tick(),
            Reference::Rtl(a) => a.cycles_per_tick,
        }
    }

    /// The line that says which parameters and defines the run uses (see [`params_line`]).
    pub fn params_line(&self) -> String {
        let line = params_line(&self.params, &self.spec.defines, self.cycles_per_tick());
        match self.tick_clocks {
            Some(n) => format!("{line} ({n} in {})", self.rtl_dir_shown()),
            None => line,
        }
    }

    /// The tree whose clocking [`Options::tick_clocks`] sets, as the user named it.
    fn rtl_dir_shown(&self) -> String {
        match &self.reference {
            Reference::Model(_) => self.rtl_dir.display().to_string(),
            Reference::Rtl(a) => a.dir.display().to_string(),
        }
    }

    /// Compared signals as planned (before the build; RTL against RTL with [`Compare::All`]
    /// adds the shared registers after it).
    pub fn compared(&self) -> usize {
        self.rtl_signals.len()
    }

    /// Verilates (or takes from the cache) and loads, and pairs the two sides.
    pub fn build(self) -> Result<Cosim, CosimError> {
        verilator_version()?;
        let Plan {
            reference,
            rtl_dir,
            spec,
            mut rtl_signals,
            rtl_inputs,
            input_columns,
            zero_columns,
            mut other_names,
            mut port_flags,
            mut notes,
            params,
            strict,
            sides,
            common_after_build,
            ignore,
            tick_clocks,
        } = self;
        match reference {
            Reference::Model(mut model) => {
                let built = build(&spec)?;
                let rtl = loop {
                    match load(
                        &built,
                        &*model,
                        &rtl_signals,
                        &rtl_inputs,
                        &input_columns,
                        tick_clocks,
                    ) {
                        Err(CosimError::WidthMismatch {
                            signal,
                            model: w,
                            rtl: rw,
                        }) if !strict && rtl_signals.iter().any(|(n, _)| *n == signal) => {
                            // A width the header could not tell: skip the signal, as a note.
                            let k = rtl_signals
                                .iter()
                                .position(|(n, _)| *n == signal)
                                .unwrap_or(0);
                            let table = model.signals();
                            let keep: Vec<usize> = (0..table.len()).filter(|&j| j != k).collect();
                            notes.push(Note {
                                port: table[k].name.clone(),
                                skipped: true,
                                why: format!(
                                    "{} in phin's model but {} in the RTL: not compared",
                                    bits(w),
                                    bits(rw)
                                ),
                            });
                            rtl_signals.remove(k);
                            other_names.remove(k);
                            port_flags.remove(k);
                            if rtl_signals.is_empty() {
                                return Err(CosimError::NothingToCompare {
                                    top: model.top().to_string(),
                                });
                            }
                            model = Box::new(Subset::from_indices(model, keep));
                        }
                        Err(e) => return Err(e),
                        Ok(r) => break r,
                    }
                };
                Ok(Cosim {
                    model,
                    rtl,
                    built,
                    rtl_dir,
                    notes,
                    params,
                    other_names,
                    port_flags,
                    zero_columns,
                    sides,
                    against: None,
                })
            }
            Reference::Rtl(a) => {
                let built_a = build(&a.spec)?;
                let built_b = build(&spec)?;
                let mut a_signals = a.signals.clone();
                if common_after_build {
                    let (extra_a, extra_b, extra_other, more) = common_variables(
                        &built_a,
                        &built_b,
                        a.top,
                        &a.port_names,
                        &a.table,
                        &ignore,
                    )?;
                    notes.extend(more);
                    a_signals.extend(extra_a);
                    rtl_signals.extend(extra_b);
                    port_flags.extend(std::iter::repeat_n(false, extra_other.len()));
                    other_names.extend(extra_other);
                    if a_signals.is_empty() {
                        return Err(CosimError::NothingToCompare {
                            top: a.top.to_string(),
                        });
                    }
                }
                let load_side = |built: &Built,
                                 sigs: &[(String, u32)],
                                 ins: &[(String, u32)],
                                 cols: &Option<Vec<usize>>,
                                 cycles: u32|
                 -> Result<RtlSim, CosimError> {
                    let mut r = RtlSim::load(&built.lib, a.top, sigs, ins, a.has_clk_en, cycles)?;
                    r.set_lead_cycles(a.lead_cycles);
                    if let Some(c) = cols {
                        r.set_input_columns(c.clone());
                    }
                    Ok(r)
                };
                let a_sigs: Vec<(String, u32)> = a_signals
                    .iter()
                    .map(|s| (s.name.clone(), s.width))
                    .collect();
                // Options::tick_clocks sets the first tree's clocking; the second keeps the
                // reference's.
                let a_cycles = tick_clocks.unwrap_or(a.cycles_per_tick);
                let ra = load_side(&built_a, &a_sigs, &a.inputs, &a.input_columns, a_cycles)?;
                let rb = load_side(
                    &built_b,
                    &rtl_signals,
                    &rtl_inputs,
                    &input_columns,
                    a.cycles_per_tick,
                )?;
                let dut = crate::rtl_dut::RtlDut::new(
                    ra,
                    a.top,
                    a.ports,
                    a_signals,
                    a.has_clk_en,
                    a_cycles,
                    a.lead_cycles,
                    a.spec.params.clone(),
                );
                Ok(Cosim {
                    model: Box::new(dut),
                    rtl: rb,
                    built: built_b,
                    rtl_dir,
                    notes,
                    params,
                    other_names,
                    port_flags,
                    zero_columns,
                    sides,
                    against: Some((a.dir, built_a)),
                })
            }
        }
    }
}

fn load(
    built: &Built,
    model: &dyn Dut,
    signals: &[(String, u32)],
    inputs: &[(String, u32)],
    columns: &Option<Vec<usize>>,
    tick_clocks: Option<u32>,
) -> Result<RtlSim, CosimError> {
    let mut rtl = RtlSim::load(
        &built.lib,
        model.top(),
        signals,
        inputs,
        model.has_clk_en(),
        tick_clocks.unwrap_or(model.cycles_per_tick()),
    )?;
    rtl.set_lead_cycles(model.lead_cycles());
    if let Some(c) = columns {
        rtl.set_input_columns(c.clone());
    }
    Ok(rtl)
}

/// The harness drives `clk` and `rst`, and `clk_en` when the model says the top has one: the RTL
/// must declare them as inputs.
fn check_clocking(top: &str, hp: &[PortDecl], has_clk_en: bool) -> Result<(), CosimError> {
    let needed: &[&str] = if has_clk_en {
        &["clk", "rst", "clk_en"]
    } else {
        &["clk", "rst"]
    };
    for n in needed {
        if !hp.iter().any(|d| d.name == *n && d.dir == Dir::Input) {
            return Err(CosimError::MissingSignal {
                top: top.to_string(),
                why: format!(
                    "no input {n}; the harness drives {} (synchronous reset, active high)",
                    needed.join(", ")
                ),
            });
        }
    }
    Ok(())
}

fn outputs_of(hp: &[PortDecl]) -> Vec<String> {
    hp.iter()
        .filter(|d| d.dir == Dir::Output)
        .map(|d| d.name.clone())
        .collect()
}

fn inputs_of(hp: &[PortDecl]) -> Vec<String> {
    hp.iter()
        .filter(|d| d.dir == Dir::Input && !["clk", "rst", "clk_en"].contains(&d.name.as_str()))
        .map(|d| d.name.clone())
        .collect()
}

/// The compared words of an output port of `width` bits: the model's slices of it when its
/// table has them, else the whole port, or 64-bit slices of a wider one.
fn words_of(name: &str, width: u32, signed: bool, table: &[Signal]) -> Vec<(String, u32, bool)> {
    let slices: Vec<(String, u32, bool)> = table
        .iter()
        .filter(|s| split_slice(&s.name).0 == name && !s.name.contains('.'))
        .map(|s| (s.name.clone(), s.width, s.signed))
        .collect();
    if !slices.is_empty() {
        return slices;
    }
    if width <= 64 {
        return vec![(name.to_string(), width, signed)];
    }
    (0..width)
        .step_by(64)
        .map(|lo| {
            let hi = (lo + 63).min(width - 1);
            (format!("{name}[{hi}:{lo}]"), hi - lo + 1, false)
        })
        .collect()
}

/// The stimulus ports of a top phin has no model of, from its header: every input but `clk`,
/// `rst` and `clk_en`, over its full range. Leaked once per run: [`Port`] holds static names.
fn header_ports(hp: &[PortDecl], top: &str) -> Result<&'static [Port], CosimError> {
    let mut ports = Vec::new();
    for d in hp {
        if d.dir != Dir::Input || ["clk", "rst", "clk_en"].contains(&d.name.as_str()) {
            continue;
        }
        let Some(w) = d.width.filter(|w| *w <= 64) else {
            return Err(CosimError::MissingSignal {
                top: top.to_string(),
                why: format!(
                    "input {} has no width phin can drive (known, at most 64 bits) and phin has \
                     no model of {top} to take the inputs from",
                    d.name
                ),
            });
        };
        let (lo, hi) = if d.signed {
            (-(1i64 << (w.min(63) - 1)), (1i64 << (w.min(63) - 1)) - 1)
        } else {
            (0, if w >= 63 { i64::MAX } else { (1i64 << w) - 1 })
        };
        ports.push(Port {
            name: Box::leak(d.name.clone().into_boxed_str()),
            width: w,
            signed: d.signed,
            typical: &[],
            range: (lo, hi),
        });
    }
    Ok(Box::leak(ports.into_boxed_slice()))
}

/// RTL against RTL, every shared variable: the variables both builds list by name, equal widths,
/// not arrays, the top's ports left out (they are compared as ports, or driven); signed where
/// phin's `table` of the top says so.
#[allow(clippy::type_complexity)]
fn common_variables(
    a: &Built,
    b: &Built,
    top: &str,
    ports: &[String],
    table: &[Signal],
    ignore: &[String],
) -> Result<
    (
        Vec<Signal>,
        Vec<(String, u32)>,
        Vec<Option<String>>,
        Vec<Note>,
    ),
    CosimError,
> {
    let va = RtlSim::public_vars(&a.lib, top)?;
    let vb = RtlSim::public_vars(&b.lib, top)?;
    let mut sa = Vec::new();
    let mut sb = Vec::new();
    let mut other = Vec::new();
    let mut notes = Vec::new();
    let (mut only_a, mut widths) = (Vec::new(), Vec::new());
    for x in &va {
        // Verilator's own temporaries are not the design's.
        if ports.contains(&x.name) || x.name.contains("__V") || x.array || x.width == 0 {
            continue;
        }
        if ignore.contains(&x.name) {
            continue;
        }
        match vb.iter().find(|y| y.name == x.name) {
            None => only_a.push(x.name.clone()),
            Some(y) if y.array || y.width != x.width => widths.push(x.name.clone()),
            Some(_) => {
                // The scope table has no signedness: phin's table of the top tells, where it
                // has the register; otherwise the values are compared unsigned.
                let signed = table.iter().any(|s| s.name == x.name && s.signed);
                for (name, width, signed) in words_of(&x.name, x.width, signed, &[]) {
                    sb.push((name.clone(), width));
                    other.push(None);
                    sa.push(Signal {
                        name,
                        width,
                        signed,
                    });
                }
            }
        }
    }
    let only_b: Vec<String> = vb
        .iter()
        .filter(|y| {
            !ports.contains(&y.name)
                && !y.name.contains("__V")
                && !va.iter().any(|x| x.name == y.name)
        })
        .map(|y| y.name.clone())
        .collect();
    for (what, list) in [
        ("only in the first tree", only_a),
        ("only in the second tree", only_b),
        ("of another width or shape in the two trees", widths),
    ] {
        if !list.is_empty() {
            notes.push(Note {
                port: format!("{} variables", list.len()),
                skipped: true,
                why: format!(
                    "{what}: not compared (e.g. {})",
                    list.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    Ok((sa, sb, other, notes))
}
