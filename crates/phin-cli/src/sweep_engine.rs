//! The engine of `phin sweep --config`: give it point configurations, a tick count and an
//! observer; it runs every point and returns each point's observer. The sweep code sees only
//! the [`Engine`] trait. [`BatchEngine`] runs the points on rayon's threads either as whole
//! processors (`phin_core::batch::ProcessorBatch::par_drive`) or in the lane engine
//! (`phin_core::lane_batch::LaneBatch::par_drive`, eight instances per SIMD group); both give
//! the same bits, so the table does not depend on the choice ([`EngineKind`]).
//!
//! What a point is ([`PointSpec`]) is written once here, as inputs per tick ([`Stimulus`]), and
//! what is measured ([`Figures`]) reads the processor only through phin-core's [`Probe`].

use super::sweep_config::{Figure, Point};
use phin_analysis::observers::FrequencyMeter;
use phin_analysis::phase::phase;
use phin_core::batch::ProcessorBatch;
use phin_core::fixed_point::ONE_Q14;
use phin_core::identity::{ConsciousnessState, Oscillator, SiePhase};
use phin_core::lane_batch::LaneBatch;
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};
use phin_core::Probe;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::f64::consts::TAU;

/// Everything one point of a sweep is: the processor's parameters and its inputs over time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointSpec {
    /// Parameters of the processor instance.
    pub params: PhiNNeuralProcessorParams,
    /// `state_select`.
    pub state: ConsciousnessState,
    /// `transition_duration[15:0]`, ticks.
    pub transition_duration: u16,
    /// `sr_field_input`, Q4.14 real, held.
    pub sr_field: f64,
    /// The sine on `sensory_input`: frequency, Hz.
    pub drive_hz: f64,
    /// The sine's amplitude, Q4.14 real.
    pub drive_amplitude: f64,
    /// Ticks of the warm-up (seeded noise on `sensory_input`, nothing measured).
    pub warmup_ticks: u64,
    /// Amplitude of the warm-up noise, Q4.14 real.
    pub warmup_noise: f64,
    /// The seed: the drive's starting phase and the warm-up noise.
    pub seed: u64,
}

impl PointSpec {
    /// The spec of a grid point.
    pub fn of(p: &Point, transition_duration: u16, warmup_noise: f64) -> PointSpec {
        PointSpec {
            params: PhiNNeuralProcessorParams {
                enable_adaptive: p.adaptive,
                ..PhiNNeuralProcessorParams::DEFAULT
            },
            state: p.state,
            transition_duration,
            sr_field: p.sr_field,
            drive_hz: p.drive_hz,
            drive_amplitude: p.drive_amplitude,
            warmup_ticks: super::sweep_config::ticks_of(p.warmup_s),
            warmup_noise,
            seed: p.seed,
        }
    }
}

/// The inputs of one point, tick by tick.
pub struct Stimulus {
    base: PhiNNeuralProcessorInputs,
    rng: Xoshiro256PlusPlus,
    w: f64,
    phase0: f64,
    amp: f64,
    noise: f64,
    warmup: u64,
}

/// A uniform real in [0, 1) from the top 53 bits of a draw.
fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

impl Stimulus {
    /// The stimulus of `spec`: its first draw is the drive's starting phase.
    pub fn new(spec: &PointSpec) -> Stimulus {
        let mut base = PhiNNeuralProcessorInputs::default();
        base.set_state(spec.state);
        base.transition_duration = spec.transition_duration;
        // Checked against the port's range by the sweep file's checks.
        let _ = base.set_sr_field(spec.sr_field);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(spec.seed);
        let phase0 = TAU * unit(&mut rng);
        Stimulus {
            base,
            rng,
            w: TAU * spec.drive_hz / phin_core::constants::TICK_HZ,
            phase0,
            amp: spec.drive_amplitude,
            noise: spec.warmup_noise,
            warmup: spec.warmup_ticks,
        }
    }

    /// The drive's phase at tick `t`, radians (computed from the tick count, so it stays exact
    /// over hours of simulated time).
    pub fn phase(&self, t: u64) -> f64 {
        self.phase0 + self.w * t as f64
    }

    /// The inputs of tick `t`.
    pub fn inputs(&mut self, t: u64) -> PhiNNeuralProcessorInputs {
        let mut v = self.amp * self.phase(t).sin();
        if t < self.warmup && self.noise > 0.0 {
            v += self.noise * (2.0 * unit(&mut self.rng) - 1.0);
        }
        let mut i = self.base;
        // drive_amplitude + warmup_noise was checked against the port's range.
        let _ = i.set_sensory(v);
        i
    }
}

/// What an engine calls for every point on every tick after the warm-up.
pub trait Observer: Send {
    /// The processor before tick `t` (counted from the end of the warm-up), and the drive's
    /// phase at that tick.
    fn observe(&mut self, t: u64, probe: Probe<'_>, drive_phase: f64);
}

/// Runs points. `run` returns one observer per point, in the order of `points` (made by
/// `observer(k)` for `points[k]`), each having seen `ticks` measured ticks after its point's
/// warm-up; `progress(done)` is called now and then with the instance-ticks done so far in this
/// call. Results must not depend on the number of threads; each point must be bit-identical to
/// a processor stepped alone on the same inputs.
pub trait Engine {
    /// Runs every point of `points` for its warm-up and then `ticks` measured ticks.
    fn run<O: Observer>(
        &self,
        points: &[PointSpec],
        ticks: u64,
        observer: impl Fn(usize) -> O + Sync,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Vec<O>;
}

/// How a [`BatchEngine`] holds its instances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    /// Whole processors in a [`ProcessorBatch`], each through all its ticks on one thread.
    Processors,
    /// The lane engine: [`LaneBatch`] groups of eight, each group through all its ticks on one
    /// thread.
    Lanes,
}

impl EngineKind {
    /// The faster on this machine: the lane engine where the CPU has AVX-512 (1.8× a single
    /// processor per core), whole processors elsewhere (the lane engine is slower without it;
    /// docs/performance.md, "The lane engine").
    pub fn auto() -> EngineKind {
        if LaneBatch::isas().first() == Some(&"avx512") {
            EngineKind::Lanes
        } else {
            EngineKind::Processors
        }
    }

    /// `--engine`'s value: `auto`, `lanes` or `processors`.
    pub fn parse(s: &str) -> Result<EngineKind, String> {
        match s {
            "auto" => Ok(EngineKind::auto()),
            "lanes" => Ok(EngineKind::Lanes),
            "processors" => Ok(EngineKind::Processors),
            _ => Err(format!(
                "--engine {s:?}: expected auto, lanes or processors"
            )),
        }
    }

    /// The name `--engine` takes.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Processors => "processors",
            EngineKind::Lanes => "lanes",
        }
    }
}

/// Points on rayon's threads, in a [`ProcessorBatch`] or a [`LaneBatch`] ([`EngineKind`]); points
/// of one warm-up run together.
pub struct BatchEngine {
    pool: rayon::ThreadPool,
    kind: EngineKind,
}

/// Points per batch: bounds memory for large shards (a batch holds every instance at once).
const CHUNK: usize = 4_096;

impl BatchEngine {
    /// An engine of `kind` on `threads` rayon threads.
    pub fn new(
        threads: usize,
        kind: EngineKind,
    ) -> Result<BatchEngine, rayon::ThreadPoolBuildError> {
        Ok(BatchEngine {
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()?,
            kind,
        })
    }
}

impl Engine for BatchEngine {
    fn run<O: Observer>(
        &self,
        points: &[PointSpec],
        ticks: u64,
        observer: impl Fn(usize) -> O + Sync,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Vec<O> {
        use std::sync::atomic::{AtomicU64, Ordering};
        let done = AtomicU64::new(0);
        // Points grouped by warm-up, so a batch runs one tick count; results go back in order.
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by_key(|&k| (points[k].warmup_ticks, k));
        let mut out: Vec<Option<O>> = (0..points.len()).map(|_| None).collect();
        let mut start = 0;
        while start < order.len() {
            let warm = points[order[start]].warmup_ticks;
            let mut end = start;
            while end < order.len()
                && end - start < CHUNK
                && points[order[end]].warmup_ticks == warm
            {
                end += 1;
            }
            let group = &order[start..end];
            let params: Vec<_> = group.iter().map(|&k| points[k].params).collect();
            let total = warm + ticks;
            let init = |j: usize| (Stimulus::new(&points[group[j]]), observer(group[j]));
            let drive = |(stim, obs): &mut (Stimulus, O), t: u64, probe: Probe<'_>| {
                if t >= warm {
                    obs.observe(t - warm, probe, stim.phase(t));
                }
                if t % 4_096 == 4_095 {
                    progress(done.fetch_add(4_096, Ordering::Relaxed) + 4_096);
                }
                stim.inputs(t)
            };
            let states = self.pool.install(|| match self.kind {
                EngineKind::Processors => {
                    ProcessorBatch::new(&params).par_drive(total, init, drive)
                }
                EngineKind::Lanes => LaneBatch::new(&params).par_drive(total, init, drive),
            });
            for (&k, (_, o)) in group.iter().zip(states) {
                out[k] = Some(o);
            }
            start = end;
        }
        out.into_iter().flatten().collect()
    }
}

/// Running sums of one oscillator for the figures that name it.
#[derive(Clone, Debug)]
struct OscSums {
    osc: Oscillator,
    re: f64,
    im: f64,
    radius: f64,
    meter: FrequencyMeter,
}

/// The observer of the sweep's figures: running sums, read once at the end.
#[derive(Clone, Debug)]
pub struct Figures {
    n: u64,
    dac_sum: u128,
    dac_sq: u128,
    r_sum: i128,
    sie: u64,
    osc: Vec<OscSums>,
}

impl Figures {
    /// An observer for `figures` (one set of sums per oscillator named).
    pub fn new(figures: &[Figure]) -> Figures {
        let mut osc: Vec<OscSums> = Vec::new();
        for f in figures {
            if let Figure::Plv(o) | Figure::Hz(o) | Figure::Radius(o) = *f {
                if !osc.iter().any(|s| s.osc == o) {
                    osc.push(OscSums {
                        osc: o,
                        re: 0.0,
                        im: 0.0,
                        radius: 0.0,
                        meter: FrequencyMeter::default(),
                    });
                }
            }
        }
        Figures {
            n: 0,
            dac_sum: 0,
            dac_sq: 0,
            r_sum: 0,
            sie: 0,
            osc,
        }
    }

    /// The value of each of `figures`, in that order.
    pub fn values(&self, figures: &[Figure]) -> Vec<f64> {
        let n = self.n.max(1) as f64;
        let sums = |o: Oscillator| self.osc.iter().find(|s| s.osc == o);
        figures
            .iter()
            .map(|f| match *f {
                Figure::DacMean => self.dac_sum as f64 / n,
                Figure::DacRms => {
                    let mean = self.dac_sum as f64 / n;
                    (self.dac_sq as f64 / n - mean * mean).max(0.0).sqrt()
                }
                Figure::KuramotoRMean => self.r_sum as f64 / ONE_Q14 as f64 / n,
                Figure::SieFraction => self.sie as f64 / n,
                Figure::Plv(o) => sums(o).map_or(f64::NAN, |s| s.re.hypot(s.im) / n),
                Figure::Hz(o) => sums(o).map_or(f64::NAN, |s| s.meter.hz()),
                Figure::Radius(o) => sums(o).map_or(f64::NAN, |s| s.radius / n),
            })
            .collect()
    }
}

impl Observer for Figures {
    #[inline]
    fn observe(&mut self, _t: u64, probe: Probe<'_>, drive_phase: f64) {
        self.n += 1;
        let d = u128::from(probe.dac());
        self.dac_sum += d;
        self.dac_sq += d * d;
        self.r_sum += i128::from(probe.kuramoto_r().raw());
        self.sie += u64::from(probe.sie().phase != SiePhase::Baseline);
        for s in &mut self.osc {
            let st = probe.oscillator(s.osc);
            let (x, y) = (st.x.to_f64(), st.y.to_f64());
            s.meter.push_xy((x, y));
            let r = x.hypot(y);
            s.radius += r;
            if r > 0.0 {
                // e^{i(φ_osc − φ_drive)}, summed: its modulus over n is the PLV.
                let d = phase(x, y) - drive_phase;
                s.re += d.cos();
                s.im += d.sin();
            }
        }
    }
}
