//! `phin observe`: the whole processor for N simulated seconds, its 21 oscillators read through
//! the probe every tick, and what they did: per oscillator its frequency, mean radius and phase
//! diffusion; per pair (all 210) its 1:1 and n:m phase locking beside the chance level of
//! seeded surrogates; the Kuramoto R of the six oscillators the RTL's monitor watches, beside
//! its chance level and the RTL's own figure. Writes observables.json and plv.png (the 21×21 PLV
//! matrix) into `--out`, through a temporary directory renamed into place.
//!
//! The run is exactly `phin run`'s for the same state, seconds, seed and adaptivity (the same
//! [`Plan`] and [`Schedule`](crate::processor_run::Schedule)), so the frequencies agree with its
//! summary. Section numbers refer to the processor description,
//! phi-n-processor-system-description.md.

use crate::args::{check_real, in_range, parse_state, UserError};
use crate::files::OutDir;
use crate::plots::{draw_plv_matrix, PlvMatrixPlot};
use crate::processor_run::Plan;
use crate::progress::Progress;
use clap::Args;
use phin_analysis::locking::{DEFAULT_MAX_DENOMINATOR, DEFAULT_RATIO_TOLERANCE};
use phin_analysis::{
    circular_stats, mean_kuramoto_r_with_baseline, plv_nm_with_baseline, plv_with_baseline,
    Baselined, FrequencyMeter, NmRatio, Surrogates,
};
use phin_core::constants::TICK_HZ;
use phin_core::identity::{Band, Column, Layer, Oscillator, NUM_OSCILLATORS};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::f64::consts::TAU;
use std::path::PathBuf;
use std::process::ExitCode;

/// Longest run accepted, simulated seconds: one hour.
const MAX_SECONDS: f64 = 3_600.0;
/// Largest `--every`: one sample per 0.1 s.
const MAX_EVERY: i64 = 400;
/// Most surrogates per figure.
const MAX_SURROGATES: i64 = 1_000;
/// Most recorded samples per oscillator: 21 series of 2^20 phases are 176 MB.
const MAX_SAMPLES: u64 = 1 << 20;
/// Fewest recorded samples per oscillator that make a PLV or a spread worth reporting.
const MIN_SAMPLES: u64 = 100;

/// What the figures of observables.json mean; written into the file as its `definitions`.
const DEFINITIONS: [(&str, &str); 11] = [
    (
        "samples",
        "the oscillators' (x, y) are read through the processor's probe after every tick; the \
         phase series behind circular_spread_rad, the PLVs and kuramoto.r_mean keep every \
         --every-th tick (sample_rate_hz = 4000 / every)",
    ),
    (
        "measured_hz",
        "mean frequency: the total angle the oscillator's (x, y) turned from tick to tick, over \
         the time (phin_analysis::FrequencyMeter at 4 kHz, every tick whatever --every is)",
    ),
    (
        "mean_radius",
        "mean over every tick of the true radius sqrt(x^2 + y^2) of the oscillator's registers \
         as reals (1.0 = Q14 16384; the RTL's amplitude port is an estimate of it)",
    ),
    (
        "circular_spread_rad",
        "phase diffusion: the circular standard deviation sqrt(-2 ln R) of psi(t) = phi(t) - \
         2 pi f t over the recorded samples, where phi = atan2(y, x), f = measured_hz, t = tick \
         / 4000 s and R = |mean exp(i psi)| (residual_phase_r). 0 for a perfectly uniform \
         rotation; it grows as the phase wanders from the oscillator's own mean rotation \
         (frequency drift, theta's switch of L2/3 between slow and fast gamma, noise)",
    ),
    (
        "plv",
        "1:1 phase-locking value |mean exp(i(phi_a - phi_b))| over the recorded samples \
         (Lachaux et al. 1999)",
    ),
    (
        "plv_chance",
        "the same measure with b's phase series shifted circularly in time by a random lag \
         (phin_analysis IndependentShifts; `surrogates` surrogates from the pair's \
         surrogate_seed): their mean, standard deviation and 95th percentile; p_value = (1 + \
         number of surrogates >= the value) / (surrogates + 1); above_chance: value > p95",
    ),
    (
        "nm",
        "the n:m ratio with f_a : f_b ~ n : m, the fraction with the smallest denominator (at \
         most 8) within 5 % of the ratio of the two measured frequencies \
         (phin_analysis::rational_approximation); null when there is none",
    ),
    (
        "nm_plv",
        "n:m phase-locking value |mean exp(i(m phi_a - n phi_b))| (Tass et al. 1998) at that \
         ratio, beside its chance level as for plv",
    ),
    (
        "kuramoto",
        "the mean over the recorded samples of the order parameter R = |mean_k exp(i phi_k)| \
         of the six oscillators the RTL's Kuramoto monitor watches (theta and the motor \
         column's five layers), beside its chance level (every series but theta shifted by its \
         own random lag); rtl_kuramoto_r_mean is the mean of the RTL's own kuramoto_r over \
         every tick",
    ),
    (
        "surrogate_seed",
        "the surrogates of pair k (0-based, in the order of `pairs`) are drawn from \
         splitmix64(seed + (k + 1) * 0x9E3779B97F4A7C15) >> 11, those of the Kuramoto R from \
         splitmix64(seed) >> 11; seed is --seed, which also seeds the sensory background noise as in \
         phin run",
    ),
    (
        "order",
        "oscillators in phin_core::identity::Oscillator::ALL order: theta, each column \
         (sensory, assoc, motor) with its layers deep to superficial (l6, l5a, l5b, l4, l23), \
         then the Schumann-resonance harmonics sr.f0 ... sr.f4; pairs (a, b) with a before b in \
         that order",
    ),
];

/// Arguments of `phin observe`.
#[derive(Args)]
#[command(after_help = "\
Circular spread (phase diffusion) of an oscillator: the circular standard deviation \
sqrt(-2 ln R) of psi(t) = phi(t) - 2 pi f t, its phase phi = atan2(y, x) relative to its own mean \
rotation at its measured frequency f, with R = |mean exp(i psi)| over the recorded samples. \
observables.json repeats this and every other definition in its \"definitions\" member.")]
pub struct ObserveArgs {
    /// Consciousness state: normal, anesthesia, psychedelic, flow, meditation (or 0-4).
    #[arg(long, default_value = "normal")]
    state: String,
    /// Simulated seconds (0 < S <= 3600).
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    seconds: f64,
    /// Write observables.json and plv.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
    /// Seed of the sensory background noise (as in phin run) and of the surrogates.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true,
          value_parser = crate::args::ranged(0, u64::MAX))]
    seed: u64,
    /// Active φⁿ dynamics (ENABLE_ADAPTIVE = 1).
    #[arg(long)]
    adaptive: bool,
    /// Surrogates per chance level (1..=1000; 19 or more for a meaningful 95th percentile).
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    surrogates: i64,
    /// Keep every N-th tick's phases for the spreads, PLVs and Kuramoto R (1..=400).
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    every: i64,
    /// Print the observables as JSON on stdout instead of the text report.
    #[arg(long)]
    json: bool,
}

/// One oscillator's figures (a row of `oscillators`).
#[derive(Clone, Debug, Serialize)]
pub struct OscillatorRecord {
    /// Position in `Oscillator::ALL`.
    pub index: usize,
    /// `theta`, `<column>.<layer>` or `sr.<harmonic>`.
    pub name: Oscillator,
    /// The column, for a cortical layer.
    pub column: Option<Column>,
    /// The layer, for a cortical layer.
    pub layer: Option<Layer>,
    /// Section 2's frequency, Hz (L2/3: slow gamma).
    pub nominal_hz: f64,
    /// The φⁿ band of the nominal frequency.
    pub band: Band,
    /// Mean frequency, Hz (see `definitions`).
    pub measured_hz: f64,
    /// (measured − nominal) / nominal.
    pub relative_error: f64,
    /// Mean true radius.
    pub mean_radius: f64,
    /// Phase diffusion around the oscillator's own mean rotation, radians.
    pub circular_spread_rad: f64,
    /// The resultant length R of that residual phase (0 … 1).
    pub residual_phase_r: f64,
}

/// One pair's phase locking (a row of `pairs`).
#[derive(Clone, Debug, Serialize)]
pub struct PairRecord {
    /// First oscillator.
    pub a: Oscillator,
    /// Second oscillator (after `a` in `Oscillator::ALL`).
    pub b: Oscillator,
    /// Index of `a`.
    pub a_index: usize,
    /// Index of `b`.
    pub b_index: usize,
    /// Measured frequency of `a`, Hz.
    pub a_hz: f64,
    /// Measured frequency of `b`, Hz.
    pub b_hz: f64,
    /// 1:1 PLV.
    pub plv: f64,
    /// Mean of its surrogates.
    pub plv_chance_mean: f64,
    /// Standard deviation of its surrogates.
    pub plv_chance_sd: f64,
    /// 95th percentile of its surrogates.
    pub plv_chance_p95: f64,
    /// Monte Carlo p-value.
    pub plv_p_value: f64,
    /// `plv` above `plv_chance_p95`.
    pub plv_above_chance: bool,
    /// The n:m ratio (`"n:m"`), or null.
    pub nm: Option<String>,
    /// n of the ratio.
    pub nm_n: Option<u32>,
    /// m of the ratio.
    pub nm_m: Option<u32>,
    /// n:m PLV.
    pub nm_plv: Option<f64>,
    /// Mean of its surrogates.
    pub nm_chance_mean: Option<f64>,
    /// 95th percentile of its surrogates.
    pub nm_chance_p95: Option<f64>,
    /// Monte Carlo p-value.
    pub nm_p_value: Option<f64>,
    /// `nm_plv` above `nm_chance_p95`.
    pub nm_above_chance: Option<bool>,
    /// Seed of this pair's surrogates.
    pub surrogate_seed: u64,
}

/// The Kuramoto R of the RTL monitor's six oscillators.
#[derive(Clone, Debug, Serialize)]
pub struct KuramotoRecord {
    /// The six oscillators.
    pub oscillators: Vec<Oscillator>,
    /// Mean R from their phases.
    pub r_mean: f64,
    /// Mean of its surrogates.
    pub chance_mean: f64,
    /// Standard deviation of its surrogates.
    pub chance_sd: f64,
    /// 95th percentile of its surrogates.
    pub chance_p95: f64,
    /// Monte Carlo p-value.
    pub p_value: f64,
    /// Seed of the surrogates.
    pub surrogate_seed: u64,
    /// Mean of the RTL's `kuramoto_r` (Q14 as a real) over every tick.
    pub rtl_kuramoto_r_mean: f64,
}

/// observables.json.
#[derive(Clone, Debug, Serialize)]
pub struct Observables {
    /// The state.
    pub state: phin_core::identity::ConsciousnessState,
    /// Simulated seconds.
    pub seconds: f64,
    /// Ticks run.
    pub ticks: u64,
    /// `--seed`.
    pub seed: u64,
    /// `ENABLE_ADAPTIVE`.
    pub adaptive: bool,
    /// `--every`.
    pub every: u64,
    /// Rate of the recorded phase series, Hz.
    pub sample_rate_hz: f64,
    /// Recorded samples per oscillator.
    pub samples: usize,
    /// Surrogates per chance level.
    pub surrogates: usize,
    /// What every figure means.
    pub definitions: BTreeMap<&'static str, &'static str>,
    /// One record per oscillator, in `Oscillator::ALL` order.
    pub oscillators: Vec<OscillatorRecord>,
    /// One record per pair, 210.
    pub pairs: Vec<PairRecord>,
    /// The Kuramoto R.
    pub kuramoto: KuramotoRecord,
    /// The 1:1 PLV matrix, rows and columns in `Oscillator::ALL` order (1 on the diagonal).
    pub plv_matrix: Vec<Vec<f64>>,
}

/// A seed for stream `k` of `seed`: splitmix64 (Steele et al. 2014) of seed + k·γ, kept to its
/// top 53 bits so that every JSON reader (JavaScript, pandas' float columns) holds it exactly.
fn derived_seed(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add(k.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) >> 11
}

/// What the run recorded.
struct Recorded {
    meters: [FrequencyMeter; NUM_OSCILLATORS],
    radius_sum: [f64; NUM_OSCILLATORS],
    /// `phases[k][s]`: oscillator k's phase at sample s.
    phases: Vec<Vec<f64>>,
    /// The tick of each sample.
    ticks: Vec<u64>,
    rtl_r_sum: f64,
}

/// Runs the plan, reading the oscillators through the probe after every tick.
fn record(plan: &Plan, every: u64) -> Result<Recorded, UserError> {
    let samples = (plan.ticks / every) as usize;
    let mut m = plan.processor();
    let mut schedule = plan.schedule();
    let mut rec = Recorded {
        meters: [FrequencyMeter::default(); NUM_OSCILLATORS],
        radius_sum: [0.0; NUM_OSCILLATORS],
        phases: (0..NUM_OSCILLATORS)
            .map(|_| Vec::with_capacity(samples))
            .collect(),
        ticks: Vec::with_capacity(samples),
        rtl_r_sum: 0.0,
    };
    for (meter, s) in rec.meters.iter_mut().zip(m.probe().oscillators()) {
        meter.push_xy((s.x.raw(), s.y.raw()));
    }
    let bar = Progress::new(plan.ticks);
    for t in 1..=plan.ticks {
        m.tick(schedule.inputs(t - 1));
        let p = m.probe();
        let now = p.oscillators();
        let keep = t % every == 0;
        for (k, s) in now.iter().enumerate() {
            rec.meters[k].push_xy((s.x.raw(), s.y.raw()));
            rec.radius_sum[k] += s.radius();
            if keep {
                rec.phases[k].push(s.phase());
            }
        }
        if keep {
            rec.ticks.push(t);
        }
        rec.rtl_r_sum += p.kuramoto_r().to_f64();
        if t % 16_384 == 0 {
            bar.update(t);
            crate::interrupt::check()?;
        }
    }
    bar.finish();
    Ok(rec)
}

/// A figure beside its chance level, flattened: value, mean, sd, p95, p-value, above chance.
fn flat(b: &Baselined) -> (f64, f64, f64, f64, f64, bool) {
    (
        b.value,
        b.chance.mean,
        b.chance.sd,
        b.chance.p95,
        b.p_value,
        b.above_chance(),
    )
}

/// Every measure of observables.json from what the run recorded.
fn analyse(plan: &Plan, every: u64, k: usize, rec: &Recorded) -> Result<Observables, UserError> {
    let hz: Vec<f64> = rec.meters.iter().map(FrequencyMeter::hz).collect();
    let ticks = plan.ticks as f64;
    let oscillators = Oscillator::ALL
        .iter()
        .enumerate()
        .map(|(i, &o)| {
            let f = hz[i];
            let residual: Vec<f64> = rec.phases[i]
                .iter()
                .zip(&rec.ticks)
                .map(|(phi, &t)| phi - TAU * f * t as f64 / TICK_HZ)
                .collect();
            let c = circular_stats(&residual)?;
            let (column, layer) = match o {
                Oscillator::Cortex(c, l) => (Some(c), Some(l)),
                _ => (None, None),
            };
            Ok(OscillatorRecord {
                index: i,
                name: o,
                column,
                layer,
                nominal_hz: o.nominal_hz(),
                band: o.band(),
                measured_hz: f,
                relative_error: (f - o.nominal_hz()) / o.nominal_hz(),
                mean_radius: rec.radius_sum[i] / ticks,
                circular_spread_rad: c.sd,
                residual_phase_r: c.r,
            })
        })
        .collect::<Result<Vec<_>, phin_analysis::AnalysisError>>()?;

    let pair_list: Vec<(usize, usize)> = (0..NUM_OSCILLATORS)
        .flat_map(|a| (a + 1..NUM_OSCILLATORS).map(move |b| (a, b)))
        .collect();
    let pairs = pair_list
        .par_iter()
        .enumerate()
        .map(|(n, &(a, b))| {
            let seed = derived_seed(plan.seed, n as u64 + 1);
            let s = Surrogates::new(k, seed);
            let (pa, pb) = (&rec.phases[a], &rec.phases[b]);
            let one = flat(&plv_with_baseline(pa, pb, s)?);
            let ratio = NmRatio::for_frequencies(
                hz[a],
                hz[b],
                DEFAULT_MAX_DENOMINATOR,
                DEFAULT_RATIO_TOLERANCE,
            );
            let nm = ratio
                .map(|r| plv_nm_with_baseline(pa, pb, r, s))
                .transpose()?
                .map(|b| flat(&b));
            Ok(PairRecord {
                a: Oscillator::ALL[a],
                b: Oscillator::ALL[b],
                a_index: a,
                b_index: b,
                a_hz: hz[a],
                b_hz: hz[b],
                plv: one.0,
                plv_chance_mean: one.1,
                plv_chance_sd: one.2,
                plv_chance_p95: one.3,
                plv_p_value: one.4,
                plv_above_chance: one.5,
                nm: ratio.map(|r| r.to_string()),
                nm_n: ratio.map(|r| r.n),
                nm_m: ratio.map(|r| r.m),
                nm_plv: nm.map(|v| v.0),
                nm_chance_mean: nm.map(|v| v.1),
                nm_chance_p95: nm.map(|v| v.3),
                nm_p_value: nm.map(|v| v.4),
                nm_above_chance: nm.map(|v| v.5),
                surrogate_seed: seed,
            })
        })
        .collect::<Result<Vec<_>, phin_analysis::AnalysisError>>()?;

    let mut plv_matrix = vec![vec![1.0; NUM_OSCILLATORS]; NUM_OSCILLATORS];
    for p in &pairs {
        plv_matrix[p.a_index][p.b_index] = p.plv;
        plv_matrix[p.b_index][p.a_index] = p.plv;
    }

    // The six oscillators of the Kuramoto monitor ("SIE Dynamics Monitoring (v11.3)", Kuramoto
    // Order Parameter): the top wires theta and the motor column's five layers to it.
    let six: Vec<Oscillator> = std::iter::once(Oscillator::Theta)
        .chain(Layer::ALL.map(|l| Oscillator::Cortex(Column::Motor, l)))
        .collect();
    let series: Vec<&[f64]> = six.iter().map(|o| &rec.phases[o.index()][..]).collect();
    let seed = derived_seed(plan.seed, 0);
    let r = mean_kuramoto_r_with_baseline(&series, Surrogates::new(k, seed))?;
    let kuramoto = KuramotoRecord {
        oscillators: six,
        r_mean: r.value,
        chance_mean: r.chance.mean,
        chance_sd: r.chance.sd,
        chance_p95: r.chance.p95,
        p_value: r.p_value,
        surrogate_seed: seed,
        rtl_kuramoto_r_mean: rec.rtl_r_sum / ticks,
    };

    Ok(Observables {
        state: plan.state,
        seconds: ticks / TICK_HZ,
        ticks: plan.ticks,
        seed: plan.seed,
        adaptive: plan.adaptive,
        every,
        sample_rate_hz: TICK_HZ / every as f64,
        samples: rec.ticks.len(),
        surrogates: k,
        definitions: DEFINITIONS.into_iter().collect(),
        oscillators,
        pairs,
        kuramoto,
        plv_matrix,
    })
}

/// Runs `phin observe`.
pub fn observe(a: ObserveArgs) -> Result<ExitCode, UserError> {
    let state = parse_state("--state", &a.state)?;
    let seconds = check_real("--seconds", a.seconds, 0.0, MAX_SECONDS, true)?;
    let every = in_range("--every", a.every, 1, MAX_EVERY)? as u64;
    let k = in_range("--surrogates", a.surrogates, 1, MAX_SURROGATES)? as usize;
    let ticks = (seconds * TICK_HZ).round().max(1.0) as u64;
    let samples = ticks / every;
    if samples < MIN_SAMPLES {
        return Err(UserError(format!(
            "--seconds = {seconds} with --every = {every} records {samples} samples (allowed at \
             least {MIN_SAMPLES}: lengthen --seconds or lower --every)"
        )));
    }
    if samples > MAX_SAMPLES {
        let least = ticks.div_ceil(MAX_SAMPLES);
        return Err(UserError(format!(
            "--every = {every} with --seconds = {seconds} records {samples} samples (allowed at \
             most {MAX_SAMPLES}: --every {least}..={MAX_EVERY} for this run)"
        )));
    }
    // The output directory is checked (and its temporary sibling made) before the run.
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let plan = Plan::new(state, ticks, a.seed, a.adaptive);
    let rec = record(&plan, every)?;
    let obs = analyse(&plan, every, k, &rec)?;

    if let Some(out) = out {
        let json_path = out.file("observables.json");
        let mut json = serde_json::to_vec_pretty(&obs)?;
        json.push(b'\n');
        std::fs::write(&json_path, json)
            .map_err(|e| UserError(format!("{}: {e}", json_path.display())))?;
        let plot = PlvMatrixPlot {
            labels: Oscillator::ALL.iter().map(|o| o.to_string()).collect(),
            values: obs.plv_matrix.clone(),
            title: format!(
                "phin observe: 1:1 PLV, {} for {} s, seed {}{}",
                obs.state,
                obs.seconds,
                obs.seed,
                if obs.adaptive { ", adaptive" } else { "" }
            ),
        };
        draw_plv_matrix(&out.file("plv.png"), &plot)?;
        let dir = out.dir().display().to_string();
        out.commit(&["observables.json", "plv.png"])?;
        if !a.json {
            report(&obs);
            println!("wrote observables.json, plv.png into {dir}");
            return Ok(ExitCode::SUCCESS);
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&obs)?);
    } else {
        report(&obs);
    }
    Ok(ExitCode::SUCCESS)
}

/// The text report: the oscillators, the Kuramoto R and the pairs locked above chance.
fn report(obs: &Observables) {
    println!(
        "phi_n_neural_processor: {} for {} s ({} ticks{}), {} samples at {} Hz, {} surrogates",
        obs.state,
        obs.seconds,
        obs.ticks,
        if obs.adaptive { ", adaptive" } else { "" },
        obs.samples,
        obs.sample_rate_hz,
        obs.surrogates
    );
    println!(
        "  {:<12} {:>8} {:>10} {:>7} {:>11}",
        "oscillator", "nominal", "measured", "radius", "spread rad"
    );
    for o in &obs.oscillators {
        println!(
            "  {:<12} {:>8.2} {:>10.3} {:>7.3} {:>11.3}",
            o.name.to_string(),
            o.nominal_hz,
            o.measured_hz,
            o.mean_radius,
            o.circular_spread_rad
        );
    }
    let r = &obs.kuramoto;
    println!(
        "  Kuramoto R (theta + motor column) {:.3}, chance {:.3} (p95 {:.3}, p = {:.3}); RTL \
         kuramoto_r mean {:.3}",
        r.r_mean, r.chance_mean, r.chance_p95, r.p_value, r.rtl_kuramoto_r_mean
    );
    let mut above: Vec<&PairRecord> = obs.pairs.iter().filter(|p| p.plv_above_chance).collect();
    println!(
        "  1:1 PLV above the surrogates' 95th percentile: {} of {} pairs",
        above.len(),
        obs.pairs.len()
    );
    above.sort_by(|x, y| {
        let ex = |p: &PairRecord| p.plv - p.plv_chance_mean;
        ex(y).total_cmp(&ex(x))
    });
    for p in above.iter().take(5) {
        println!(
            "    {} ~ {}: PLV {:.3}, chance {:.3} (p95 {:.3})",
            p.a, p.b, p.plv, p.plv_chance_mean, p.plv_chance_p95
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_seeds_differ_per_stream_and_are_reproducible() {
        assert_eq!(derived_seed(1, 5), derived_seed(1, 5));
        assert_ne!(derived_seed(1, 5), derived_seed(1, 6));
        assert_ne!(derived_seed(1, 0), derived_seed(2, 0));
        // splitmix64's first output for state 0 (Vigna's reference implementation), top 53 bits.
        assert_eq!(derived_seed(0, 1), 0xE220_A839_7B1D_CDAF >> 11);
        assert!(derived_seed(u64::MAX, 7) < 1 << 53);
    }

    #[test]
    fn definitions_cover_every_figure_name() {
        let names: Vec<&str> = DEFINITIONS.iter().map(|d| d.0).collect();
        for n in [
            "measured_hz",
            "mean_radius",
            "circular_spread_rad",
            "plv",
            "plv_chance",
            "nm",
            "nm_plv",
            "kuramoto",
        ] {
            assert!(names.contains(&n), "{n}");
        }
    }
}
