//! `phin cosim`: lockstep co-simulation of an RTL top against its model, or of two RTL trees
//! against each other, ending with a per-port report and one fixed last line.

use crate::args::UserError;
use crate::progress::Progress;
use clap::Args;
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use phin_cosim::models::top::PhiNNeuralProcessorDut;
use phin_cosim::{
    cache, model_for, report, Compare as Comparing, CosimError, Dut, LockstepConfig, Options,
    Outcome, Plan, RandomStimulus, Recorder, ReplayStimulus, Stimulus, TopScenario, MODELS,
};
use std::path::PathBuf;
use std::process::ExitCode;

/// Largest tick count accepted.
const MAX_TICKS: u64 = 1 << 40;

/// The whole processor, the one top with scripted scenarios and an adaptive mode.
const TOP: &str = "phi_n_neural_processor";

/// Arguments of `phin cosim`.
#[derive(Args)]
pub struct CosimArgs {
    /// Directory of the RTL (.v files).
    #[arg(long)]
    rtl: PathBuf,
    /// Top module to co-simulate.
    #[arg(long)]
    top: String,
    /// Compare the RTL in --rtl with this second RTL tree instead of with phin's model: both run
    /// through Verilator in lockstep on the same stimulus.
    #[arg(long, value_name = "DIR")]
    against_rtl: Option<PathBuf>,
    /// Ticks (4 kHz clock enables) to run, 1..=2^40.
    #[arg(long, default_value_t = 100_000, allow_negative_numbers = true,
          value_parser = crate::args::ranged(1, MAX_TICKS))]
    ticks: u64,
    /// Seed of the random stimulus (default: from the clock, printed).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::args::ranged(0, u64::MAX))]
    seed: Option<u64>,
    /// Write a waveform of the whole run (both sides, inputs, diff flags).
    #[arg(long)]
    vcd: Option<PathBuf>,
    /// On a mismatch, write the waveform of the last 64 ticks here
    /// (default: <cache>/mismatch/<top>-<seed>.vcd, path printed).
    #[arg(long)]
    mismatch_vcd: Option<PathBuf>,
    /// Go on after a mismatch, counting divergent ticks, until N of them ("all": run every tick).
    #[arg(long, default_value = "0", value_name = "N|all")]
    keep_going: String,
    /// Record the stimulus to this file.
    #[arg(long)]
    record: Option<PathBuf>,
    /// Replay the stimulus from this file instead of a random one.
    #[arg(long, conflicts_with = "seed")]
    replay: Option<PathBuf>,
    /// What to compare: every register of the model's table (RTL against RTL: every variable
    /// the trees share by name), or only the top's output ports.
    #[arg(long, value_enum, default_value = "all")]
    compare: Compare,
    /// Leave a port out: an output is not compared, an input is held at 0 on both sides.
    /// Repeatable.
    #[arg(long, value_name = "NAME")]
    ignore_port: Vec<String>,
    /// A port the RTL calls by another name: MODEL=RTL (RTL against RTL: A=B). Repeatable.
    #[arg(long, value_name = "MODEL=RTL")]
    port_map: Vec<String>,
    /// Refuse to run when a port would be skipped (another width, missing) instead of noting it.
    #[arg(long)]
    strict: bool,
    /// Verilator parameter override of the top, NAME=VALUE; set in the model too where it has
    /// the parameter (FAST_SIM, ENABLE_ADAPTIVE, ...). Repeatable.
    #[arg(short = 'G', long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Preprocessor define, NAME or NAME=VALUE. Repeatable.
    #[arg(short = 'D', long = "define", value_name = "NAME[=VALUE]")]
    defines: Vec<String>,
    /// Clock edges per tick of the --rtl tree when they are not the reference's: a folded
    /// implementation spends hundreds of clocks on a tick where the reference with FAST_SIM = 1
    /// spends 10 (docs/fpga.md). The other side keeps its own; both are compared after every
    /// tick. 1..=2^20.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = crate::args::ranged(1, u64::from(phin_cosim::setup::MAX_TICK_CLOCKS)))]
    tick_clocks: Option<u64>,
    /// Include directory, searched for headers and for modules by file name. Repeatable.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Where Verilated builds (and default waveforms) are kept
    /// (default: $PHIN_CACHE_DIR, else $XDG_CACHE_HOME/phin/cosim, else ~/.cache/phin/cosim).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Print the report as one JSON line (before the fixed last line) instead of as text.
    #[arg(long)]
    json: bool,
    /// phi_n_neural_processor only: verilate and model it with ENABLE_ADAPTIVE = 1.
    #[arg(long)]
    adaptive: bool,
    /// phi_n_neural_processor only: the scripted scenario (states, transitions, SR bursts,
    /// sensory patterns) from --seed instead of random stimulus.
    #[arg(long, conflicts_with = "replay")]
    scenario: bool,
}

/// What `phin cosim` compares.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Compare {
    /// Every register and output in the model's signal table.
    All,
    /// Only the output ports the RTL declares for the top.
    Ports,
}

/// True for a Verilog identifier (`[A-Za-z_][A-Za-z0-9_$]*`).
fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '$')
}

/// `NAME=VALUE` of option `flag`, NAME an identifier; `value_ident`: VALUE must be one too.
fn pair(flag: &str, s: &str, value_ident: bool) -> Result<(String, String), UserError> {
    let what = if value_ident {
        "MODEL=RTL"
    } else {
        "NAME=VALUE"
    };
    let bad = || {
        UserError(format!(
            "{flag} {s:?}: expected {what}, names being Verilog identifiers{}",
            if value_ident {
                ""
            } else {
                " and VALUE without spaces"
            }
        ))
    };
    let (n, v) = s.split_once('=').ok_or_else(bad)?;
    let ok_v = if value_ident {
        is_ident(v)
    } else {
        !v.is_empty() && !v.contains(char::is_whitespace)
    };
    if !is_ident(n) || !ok_v {
        return Err(bad());
    }
    Ok((n.to_string(), v.to_string()))
}

/// The options of a run, validated: each bad one named with what it allows.
fn options(a: &CosimArgs) -> Result<Options, UserError> {
    let mut params = Vec::new();
    for g in &a.params {
        params.push(pair("-G", g, false)?);
    }
    let mut defines = Vec::new();
    for d in &a.defines {
        match d.split_once('=') {
            Some(_) => {
                let (n, v) = pair("-D", d, false)?;
                defines.push((n, Some(v)));
            }
            None if is_ident(d) => defines.push((d.clone(), None)),
            None => {
                return Err(UserError(format!(
                    "-D {d:?}: expected NAME or NAME=VALUE, NAME a Verilog identifier"
                )))
            }
        }
    }
    let mut port_map: Vec<(String, String)> = Vec::new();
    for m in &a.port_map {
        let (from, to) = pair("--port-map", m, true)?;
        if port_map.iter().any(|(f, _)| *f == from) {
            return Err(UserError(format!(
                "--port-map {m}: {from} is mapped twice (one RTL name per port)"
            )));
        }
        port_map.push((from, to));
    }
    for n in &a.ignore_port {
        if !is_ident(n) {
            return Err(UserError(format!(
                "--ignore-port {n:?}: expected a port name (a Verilog identifier)"
            )));
        }
    }
    for d in &a.include {
        if !d.is_dir() {
            return Err(UserError(format!("-I {}: not a directory", d.display())));
        }
    }
    if let Some(c) = &a.cache_dir {
        if c.exists() && !c.is_dir() {
            return Err(UserError(format!(
                "--cache-dir {}: not a directory",
                c.display()
            )));
        }
    }
    let mut outputs: Vec<PathBuf> = Vec::new();
    outputs.extend(a.vcd.iter().cloned());
    outputs.extend(a.mismatch_vcd.iter().cloned());
    outputs.extend(a.record.iter().cloned());
    Ok(Options {
        compare: match a.compare {
            Compare::All => Comparing::All,
            Compare::Ports => Comparing::Ports,
        },
        ignore: a.ignore_port.clone(),
        port_map,
        strict: a.strict,
        params,
        defines,
        include_dirs: a.include.clone(),
        cache_dir: a.cache_dir.clone(),
        outputs,
        // In range by the parser.
        tick_clocks: a.tick_clocks.map(|n| n as u32),
    })
}

/// The library's error as the user's: prefixed with the flag it concerns.
fn flagged(a: &CosimArgs, e: CosimError) -> UserError {
    let msg = e.to_string();
    let flag = match &e {
        CosimError::RtlDir { dir, .. } if *dir == a.rtl => format!("--rtl {}", dir.display()),
        CosimError::RtlDir { dir, .. } if Some(dir) == a.against_rtl.as_ref() => {
            format!("--against-rtl {}", dir.display())
        }
        CosimError::RtlDir { dir, .. } => format!("-I {}", dir.display()),
        CosimError::TopNotFound { top, .. } | CosimError::NoModel { top, .. } => {
            format!("--top {top}")
        }
        CosimError::UnknownParameter { name, .. } | CosimError::BadParameter { name, .. } => {
            format!("-G {name}")
        }
        CosimError::UnknownPort { name, .. } => {
            if a.ignore_port.contains(name) {
                format!("--ignore-port {name}")
            } else {
                format!("--port-map {name}")
            }
        }
        CosimError::MissingRegisters { .. } => "--compare all".into(),
        CosimError::Strict { .. } => "--strict".into(),
        CosimError::NoCacheDir => "--cache-dir".into(),
        CosimError::Output { path, .. } => {
            if Some(path) == a.vcd.as_ref() {
                "--vcd".into()
            } else if Some(path) == a.record.as_ref() {
                "--record".into()
            } else {
                "--mismatch-vcd".into()
            }
        }
        _ => return UserError(msg),
    };
    // Messages that start with the path already name it; the flag goes in front.
    UserError(format!("{flag}: {msg}"))
}

/// The one command line that reproduces a run.
fn repro(a: &CosimArgs, seed: Option<u64>) -> String {
    let mut r = format!("phin cosim --rtl {} --top {}", a.rtl.display(), a.top);
    if let Some(b) = &a.against_rtl {
        r += &format!(" --against-rtl {}", b.display());
    }
    r += &format!(" --ticks {}", a.ticks);
    if let Compare::Ports = a.compare {
        r += " --compare ports";
    }
    if a.adaptive {
        r += " --adaptive";
    }
    for n in &a.ignore_port {
        r += &format!(" --ignore-port {n}");
    }
    for m in &a.port_map {
        r += &format!(" --port-map {m}");
    }
    if a.strict {
        r += " --strict";
    }
    if a.keep_going != "0" {
        r += &format!(" --keep-going {}", a.keep_going);
    }
    for g in &a.params {
        r += &format!(" -G {g}");
    }
    for d in &a.defines {
        r += &format!(" -D {d}");
    }
    for i in &a.include {
        r += &format!(" -I {}", i.display());
    }
    if let Some(n) = a.tick_clocks {
        r += &format!(" --tick-clocks {n}");
    }
    match (&a.replay, seed) {
        (Some(p), _) => r += &format!(" --replay {}", p.display()),
        (None, Some(s)) if a.scenario => r += &format!(" --scenario --seed {s}"),
        (None, Some(s)) => r += &format!(" --seed {s}"),
        (None, None) => {}
    }
    r
}

/// The model a run compares with (or takes its stimulus ports and parameters from).
fn model(a: &CosimArgs) -> Result<Option<Box<dyn Dut>>, UserError> {
    if a.adaptive {
        return Ok(Some(Box::new(PhiNNeuralProcessorDut::new(
            PhiNNeuralProcessorParams {
                enable_adaptive: true,
                ..PhiNNeuralProcessorParams::DEFAULT
            },
        ))));
    }
    match model_for(&a.top) {
        Some(m) => Ok(Some(m)),
        None if a.against_rtl.is_some() => Ok(None),
        None => Err(UserError(format!(
            "--top {}: phin has no model of {} (models: {}); --against-rtl compares two RTL \
             trees of any top",
            a.top,
            a.top,
            MODELS.join(", ")
        ))),
    }
}

/// Runs `phin cosim`.
pub fn cosim(a: CosimArgs) -> Result<ExitCode, UserError> {
    if a.ticks == 0 || a.ticks > MAX_TICKS {
        return Err(UserError(format!(
            "--ticks = {} is out of range (allowed 1..={MAX_TICKS})",
            a.ticks
        )));
    }
    let keep_going = match a.keep_going.as_str() {
        "all" => u64::MAX,
        s => s.parse::<u64>().map_err(|_| {
            UserError(format!(
                "--keep-going {s:?}: expected a count (0: stop at the first mismatch) or \"all\""
            ))
        })?,
    };
    if !a.rtl.is_dir() {
        return Err(UserError(format!(
            "--rtl {}: not a directory",
            a.rtl.display()
        )));
    }
    if let Some(b) = &a.against_rtl {
        if !b.is_dir() {
            return Err(UserError(format!(
                "--against-rtl {}: not a directory",
                b.display()
            )));
        }
    }
    if (a.adaptive || a.scenario) && a.top != TOP {
        return Err(UserError(format!(
            "--adaptive and --scenario apply to --top {TOP} only (not {})",
            a.top
        )));
    }
    let opts = options(&a)?;
    // A top the directory does not define is named with the modules it does define, before
    // the question whether phin has a model of it.
    phin_cosim::check_top(&a.rtl, &a.top).map_err(|e| flagged(&a, e))?;
    let model = model(&a)?;
    let seed = a.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let seed_used = a.replay.is_none().then_some(seed);
    // Everything that can be checked is checked before Verilator runs: the stimulus file is
    // read, the plan reads the headers and probes the output paths.
    let replayed = match (&a.replay, &model) {
        (Some(p), Some(m)) => {
            let r = ReplayStimulus::load(p, m.inputs()).map_err(|e| flagged(&a, e))?;
            // An empty stimulus compares the reset state only: that is no agreement to report.
            if r.is_empty() {
                return Err(UserError(format!(
                    "--replay {}: the file holds no stimulus rows; nothing would be compared",
                    p.display()
                )));
            }
            Some(r)
        }
        _ => None,
    };
    let plan = match (&a.against_rtl, model) {
        (Some(b), m) => Plan::rtl_against_rtl(&a.rtl, b, &a.top, m, &opts),
        (None, Some(m)) => Plan::new(&a.rtl, m, &opts),
        (None, None) => unreachable!("model() refuses a top without a model"),
    }
    .map_err(|e| flagged(&a, e))?;
    let mismatch_vcd = match &a.mismatch_vcd {
        Some(p) => p.clone(),
        None => {
            let c = cache::cache_dir(a.cache_dir.as_deref()).map_err(|e| flagged(&a, e))?;
            cache::default_mismatch_vcd(
                &c,
                &a.top,
                &seed_used.map_or("replay".to_string(), |s| s.to_string()),
            )
        }
    };
    let say = |line: &str| {
        if a.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    if let Some(b) = &a.against_rtl {
        say(&format!(
            "comparing two RTL trees of {}: a = {}, b = {}",
            a.top,
            a.rtl.display(),
            b.display()
        ));
    }
    say(&plan.params_line());
    for n in plan.notes() {
        say(&format!("note: {n}"));
    }

    let mut c = plan.build().map_err(|e| flagged(&a, e))?;
    if c.built.fresh {
        eprintln!("verilated {} into {}", a.top, c.built.dir.display());
    }
    if let Some((_, b)) = &c.against {
        if b.fresh {
            eprintln!("verilated {} into {}", a.top, b.dir.display());
        }
    }
    let ports = c.model.inputs();
    let mut base: Box<dyn Stimulus> = match (&a.replay, replayed) {
        (_, Some(r)) => Box::new(r),
        (Some(p), None) => {
            let r = ReplayStimulus::load(p, ports).map_err(|e| flagged(&a, e))?;
            if r.is_empty() {
                return Err(UserError(format!(
                    "--replay {}: the file holds no stimulus rows; nothing would be compared",
                    p.display()
                )));
            }
            Box::new(r)
        }
        (None, _) if a.scenario => {
            say(&format!("scenario seed: {seed}"));
            Box::new(TopScenario::new(seed))
        }
        (None, _) => {
            say(&format!("seed: {seed}"));
            Box::new(RandomStimulus::new(ports, seed))
        }
    };
    // The writers inside phin-cosim finish their files only at the end of the run, so on a
    // signal the CLI's watcher removes their temporaries (registered here) and exits.
    for p in a.vcd.iter().chain(&a.record).chain([&mismatch_vcd]) {
        crate::interrupt::register(phin_cosim::tmp_name(p));
    }
    let cfg = LockstepConfig {
        ticks: a.ticks,
        keep_going,
        vcd: a.vcd.clone(),
        mismatch_vcd: Some(mismatch_vcd),
        seed: seed_used,
        repro: repro(&a, seed_used),
        sides: None,
    };
    let progress = Progress::new(a.ticks);
    let mut counted = ProgressStim {
        inner: base.as_mut(),
        progress: &progress,
    };
    let outcome = match &a.record {
        Some(path) => {
            let comment = match seed_used {
                Some(s) => format!("top {} seed {s}", a.top),
                None => format!("top {} replayed", a.top),
            };
            let mut rec = Recorder::new(&mut counted, ports, path, &comment)?;
            let o = c.run(&mut rec, &cfg)?;
            rec.finish()?;
            o
        }
        None => c.run(&mut counted, &cfg)?,
    };
    progress.finish();
    if a.json {
        println!("{}", json(&a, &c, &outcome, seed_used));
    } else {
        if let Some(m) = &outcome.first {
            println!("{m}");
        }
        print!("{}", report::table(&outcome.stats, &c.sides));
        if let Some(v) = &a.vcd {
            println!("waveform: {}", v.display());
        }
    }
    println!("{}", outcome.last_line());
    Ok(if outcome.first.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The whole report as one JSON object.
fn json(a: &CosimArgs, c: &phin_cosim::Cosim, o: &Outcome, seed: Option<u64>) -> String {
    let (ports, regs): (Vec<_>, Vec<_>) = o.stats.iter().partition(|s| s.port);
    let first = o.first.as_ref().map(|m| {
        serde_json::json!({
            "tick": m.tick,
            "signal": m.signal.name,
            "waveform": m.vcd.as_ref().map(|p| p.display().to_string()),
        })
    });
    serde_json::json!({
        "top": a.top,
        "rtl": a.rtl.display().to_string(),
        "against_rtl": a.against_rtl.as_ref().map(|p| p.display().to_string()),
        "compare": match a.compare { Compare::All => "all", Compare::Ports => "ports" },
        "tick_clocks": a.tick_clocks,
        "seed": seed,
        "ticks": o.ticks_run,
        "signals": o.signals,
        "mismatches": o.mismatches,
        "agree": o.first.is_none(),
        "first_mismatch": first,
        "parameters": c.params,
        "defines": a.defines,
        "notes": c.notes,
        "ports": ports,
        "registers": regs,
        "waveform": a.vcd.as_ref().map(|p| p.display().to_string()),
        "last_line": o.last_line(),
    })
    .to_string()
}

/// Passes a stimulus through, updating the progress bar.
struct ProgressStim<'a> {
    inner: &'a mut dyn Stimulus,
    progress: &'a Progress,
}

impl Stimulus for ProgressStim<'_> {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        if tick.is_multiple_of(65_536) {
            self.progress.update(tick);
        }
        self.inner.next(tick, out)
    }
}

impl Stimulus for &mut ProgressStim<'_> {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        (**self).next(tick, out)
    }
}
