//! The extension module `phin._phin`: the processor, the ensemble and the co-simulation as
//! Python sees them before `python/phin/` turns their arrays into Datasets. Runs release the
//! GIL and take it back between chunks only, to report progress and to let Ctrl-C through.

use crate::engine::{self, Drive, InstanceRun, RecordSpec, Rows, Setup, Sine, READOUTS};
use crate::inputs::{FieldError, FieldValues, INPUT_FIELDS};
use numpy::ndarray::{Array1, Array2, Array3};
use numpy::{IntoPyArray, PyReadonlyArray1};
use phin_core::checkpoint::{Checkpoint, PHIN_VERSION};
use phin_core::constants::TICK_HZ;
use phin_core::identity::{ConsciousnessState, Oscillator};
use phin_core::phi_n_neural_processor::PhiNNeuralProcessor;
use phin_core::Observable;
use phin_cosim::lockstep::{is_q14, LockstepConfig, Mismatch};
use phin_cosim::{cache, Cosim, RandomStimulus};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::PathBuf;

/// Ticks a single processor runs between two looks at Python (progress, Ctrl-C): 5 simulated
/// seconds, some tens of milliseconds.
const CHUNK: u64 = 20_000;

/// `phin.InputError` (a `ValueError`) naming the field and what it allows.
fn field_err(py: Python<'_>, e: &FieldError) -> PyErr {
    input_error(py, &e.to_string(), e.field(), &allowed(e))
}

/// What the refused field allows, for `InputError.allowed`.
fn allowed(e: &FieldError) -> String {
    match e {
        FieldError::Range { min, max, unit, .. } => format!("{min}{unit} … {max}{unit}"),
        FieldError::Shape { allowed, .. } | FieldError::Unknown { allowed, .. } => allowed.clone(),
    }
}

/// Raises `phin.InputError(message, field, allowed)`; a plain `ValueError` if the package's
/// Python half cannot be imported (the module used on its own).
fn input_error(py: Python<'_>, message: &str, field: &str, allowed: &str) -> PyErr {
    let made = py
        .import("phin._errors")
        .and_then(|m| m.getattr("InputError"))
        .and_then(|c| c.call1((message, field, allowed)));
    match made {
        Ok(obj) => PyErr::from_value(obj),
        Err(_) => PyValueError::new_err(message.to_string()),
    }
}

fn state_arg(py: Python<'_>, field: &str, s: &str) -> PyResult<ConsciousnessState> {
    s.parse().map_err(|e: phin_core::identity::UnknownName| {
        input_error(py, &format!("{field}: {e}"), field, &e.allowed)
    })
}

/// Runs `step` in chunks with the GIL released; between chunks, with the GIL, calls
/// `progress(done, total)` and checks for Ctrl-C. Returns the first Python error.
fn chunked(
    py: Python<'_>,
    total: u64,
    progress: Option<&Py<PyAny>>,
    mut step: impl FnMut(u64) + Send,
) -> PyResult<()> {
    let mut done = 0;
    while done < total {
        let n = CHUNK.min(total - done);
        py.detach(|| step(n));
        done += n;
        if let Some(cb) = progress {
            cb.call1(py, (done, total))?;
        }
        py.check_signals()?;
    }
    Ok(())
}

fn rows_dict<'py>(py: Python<'py>, spec: &RecordSpec, rows: Rows) -> PyResult<Bound<'py, PyDict>> {
    // The buffers become the arrays as they are (numpy takes them over, no copy). Every
    // instance has the same row ticks: instance 0's are the time axis.
    let Rows {
        instances,
        rows: n_rows,
        mut ticks,
        x,
        y,
        amplitude,
        phase,
        signals,
    } = rows;
    let n_osc = spec.oscillators.len();
    let n_sig = spec.signals.len();
    let d = PyDict::new(py);
    ticks.truncate(n_rows);
    d.set_item("ticks", Array1::from(ticks).into_pyarray(py))?;
    let arr = |v: Vec<f64>, width: usize| -> PyResult<Bound<'py, PyAny>> {
        let a = Array3::from_shape_vec((instances, n_rows, width), v).map_err(|e| {
            PyRuntimeError::new_err(format!("internal: rows of another shape ({e})"))
        })?;
        Ok(a.into_pyarray(py).into_any())
    };
    if n_osc > 0 {
        d.set_item("x", arr(x, n_osc)?)?;
        d.set_item("y", arr(y, n_osc)?)?;
        d.set_item("amplitude", arr(amplitude, n_osc)?)?;
        d.set_item("phase", arr(phase, n_osc)?)?;
    }
    if n_sig > 0 {
        d.set_item("signals", arr(signals, n_sig)?)?;
    }
    let names: Vec<String> = spec.oscillators.iter().map(|o| o.to_string()).collect();
    d.set_item("oscillators", names)?;
    let sig: Vec<String> = spec.signals.iter().map(|s| s.name().to_string()).collect();
    d.set_item("signal_names", sig)?;
    let units: Vec<&str> = spec.signals.iter().map(|s| s.unit()).collect();
    d.set_item("signal_units", units)?;
    Ok(d)
}

/// Per-run input arrays from `(name, values)` pairs.
fn arrays(
    py: Python<'_>,
    given: Vec<(String, PyReadonlyArray1<'_, f64>)>,
    ticks: u64,
) -> PyResult<Vec<FieldValues>> {
    let mut out: Vec<FieldValues> = Vec::with_capacity(given.len());
    for (name, values) in given {
        let f = crate::inputs::field(&name).map_err(|e| field_err(py, &e))?;
        let v = values
            .as_slice()
            .map_err(|e| PyValueError::new_err(format!("{name}: {e}")))?;
        out.push(FieldValues::new(f, v, ticks).map_err(|e| field_err(py, &e))?);
    }
    Ok(out)
}

fn record_spec(
    py: Python<'_>,
    record: Option<Vec<String>>,
    every: u64,
    rtl: bool,
) -> PyResult<RecordSpec> {
    RecordSpec::new(record.as_deref(), every, rtl).map_err(|e| field_err(py, &e))
}

/// One processor with its drive (the native half of `phin.Processor`).
#[pyclass(module = "phin._phin", name = "Processor")]
pub struct Processor {
    p: PhiNNeuralProcessor,
    drive: Drive,
}

#[pymethods]
impl Processor {
    #[new]
    #[pyo3(signature = (state = "normal", adaptive = false, seed = 0, noise = engine::DEFAULT_NOISE))]
    fn new(py: Python<'_>, state: &str, adaptive: bool, seed: u64, noise: f64) -> PyResult<Self> {
        let s = Setup {
            state: state_arg(py, "state", state)?,
            adaptive,
            seed,
            noise,
            ..Default::default()
        };
        Ok(Processor {
            p: PhiNNeuralProcessor::new(engine::params(adaptive)),
            drive: Drive::new(&s).map_err(|e| field_err(py, &e))?,
        })
    }

    /// Clock-enable edges since reset.
    #[getter]
    fn tick(&self) -> u64 {
        self.p.tick_count()
    }

    /// `ENABLE_ADAPTIVE`.
    #[getter]
    fn adaptive(&self) -> bool {
        self.p.params().enable_adaptive
    }

    /// Seed of the background noise.
    #[getter]
    fn seed(&self) -> u64 {
        self.drive.seed
    }

    /// Amplitude of the background noise.
    #[getter]
    fn noise(&self) -> f64 {
        self.drive.noise_amplitude
    }

    /// The state requested (held on `state_select`).
    #[getter]
    fn state(&self) -> String {
        self.drive.held.state().to_string()
    }

    /// The held `transition_duration`, seconds.
    #[getter]
    fn transition(&self) -> f64 {
        f64::from(self.drive.held.transition_duration) / TICK_HZ
    }

    /// Requests `state`, optionally with a new transition length in seconds.
    #[pyo3(signature = (state, transition = None))]
    fn request_state(
        &mut self,
        py: Python<'_>,
        state: &str,
        transition: Option<f64>,
    ) -> PyResult<()> {
        let s = state_arg(py, "state", state)?;
        self.drive
            .set_state(s, transition)
            .map_err(|e| field_err(py, &e))
    }

    /// The held inputs: name → list of values (one per element).
    fn held(&self) -> Vec<(String, Vec<f64>)> {
        INPUT_FIELDS
            .iter()
            .map(|f| {
                let v = (0..f.width())
                    .map(|k| f.kind.value(f.get(&self.drive.held, k)))
                    .collect();
                (f.name.to_string(), v)
            })
            .collect()
    }

    /// Holds `values` (one per element) on input `name` from the next tick on.
    fn hold(&mut self, py: Python<'_>, name: &str, values: Vec<f64>) -> PyResult<()> {
        let f = crate::inputs::field(name).map_err(|e| field_err(py, &e))?;
        let v = FieldValues::new(f, &values, 1).map_err(|e| field_err(py, &e))?;
        let mut held = self.drive.held;
        v.apply(&mut held, 0);
        // A sine must still fit beside a new sensory level.
        let d = Drive {
            held,
            ..self.drive.clone()
        }
        .with_sine(self.drive.sine)
        .map_err(|e| field_err(py, &e))?;
        self.drive = d;
        Ok(())
    }

    /// The sine drive on the sensory input, `(hz, amplitude)`, or None.
    #[getter]
    fn drive(&self) -> Option<(f64, f64)> {
        self.drive.sine.map(|s| (s.hz, s.amplitude))
    }

    /// Sets (or, with None, removes) the sine drive.
    #[pyo3(signature = (hz = None, amplitude = 0.0))]
    fn set_drive(&mut self, py: Python<'_>, hz: Option<f64>, amplitude: f64) -> PyResult<()> {
        let sine = hz.map(|hz| Sine { hz, amplitude });
        self.drive = self
            .drive
            .clone()
            .with_sine(sine)
            .map_err(|e| field_err(py, &e))?;
        Ok(())
    }

    /// Runs `ticks` ticks, recording `record` every `every` ticks; `inputs` are per-run arrays
    /// `(name, values)`; `progress(done, total)` is called between chunks.
    #[pyo3(signature = (ticks, record = None, every = 1, inputs = Vec::new(), progress = None))]
    fn run<'py>(
        &mut self,
        py: Python<'py>,
        ticks: u64,
        record: Option<Vec<String>>,
        every: u64,
        inputs: Vec<(String, PyReadonlyArray1<'py, f64>)>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let spec = record_spec(py, record, every, true)?;
        let arrays = arrays(py, inputs, ticks)?;
        let p = &mut self.p;
        let mut rows = Rows::new(&spec, 1, (ticks / every) as usize);
        let writer = rows.writers().pop().expect("one instance, one writer");
        let mut run = InstanceRun::new(&mut self.drive, &arrays, &spec, writer);
        chunked(py, ticks, progress.as_ref(), |n| run.advance(p, n))?;
        run.finish(p);
        rows_dict(py, &spec, rows)
    }

    /// Runs `ticks` ticks without recording.
    #[pyo3(signature = (ticks, inputs = Vec::new()))]
    fn step<'py>(
        &mut self,
        py: Python<'py>,
        ticks: u64,
        inputs: Vec<(String, PyReadonlyArray1<'py, f64>)>,
    ) -> PyResult<()> {
        let spec = RecordSpec::new(Some(&[]), u64::MAX, false).map_err(|e| field_err(py, &e))?;
        let arrays = arrays(py, inputs, ticks)?;
        let p = &mut self.p;
        let mut rows = Rows::new(&spec, 1, 0);
        let writer = rows.writers().pop().expect("one instance, one writer");
        let mut run = InstanceRun::new(&mut self.drive, &arrays, &spec, writer);
        chunked(py, ticks, None, |n| run.advance(p, n))
    }

    /// Every readout now: name → value, and `oscillators`: name → (x, y, amplitude, radius, phase).
    fn probe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let probe = self.p.probe();
        let d = PyDict::new(py);
        d.set_item("tick", probe.tick())?;
        d.set_item("time", probe.tick() as f64 / TICK_HZ)?;
        d.set_item("state_name", probe.config().state.to_string())?;
        d.set_item("sie_phase_name", probe.sie().phase.to_string())?;
        d.set_item("coupling_mode_name", probe.coupling().mode.to_string())?;
        for r in &READOUTS {
            d.set_item(r.name, (r.read)(&probe))?;
        }
        let osc = PyDict::new(py);
        for (o, s) in Oscillator::ALL.iter().zip(probe.oscillators()) {
            let e = PyDict::new(py);
            e.set_item("x", s.x.to_f64())?;
            e.set_item("y", s.y.to_f64())?;
            e.set_item("amplitude", s.amplitude().to_f64())?;
            e.set_item("radius", s.radius())?;
            e.set_item("phase", s.phase())?;
            osc.set_item(o.to_string(), e)?;
        }
        d.set_item("oscillators", osc)?;
        Ok(d)
    }

    /// phin-core's `Snapshot` as JSON (raw Q14 words).
    fn snapshot_json(&self) -> String {
        serde_json::to_string(&self.p.snapshot()).expect("a snapshot is plain data")
    }

    /// The value of a register by its RTL name.
    fn read(&self, py: Python<'_>, name: &str) -> PyResult<i64> {
        self.p.read(name).ok_or_else(|| {
            input_error(
                py,
                &format!("no register named {name:?} (phin.signal_names() lists the 508)"),
                "name",
                "a name of phin.signal_names()",
            )
        })
    }

    /// Writes the checkpoint to `path` (atomically).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let c = self.p.checkpoint();
        py.detach(|| c.save(&path))
            .map_err(|e| PyOSError::new_err(e.to_string()))
    }

    /// The processor of a checkpoint, its noise taken up at the checkpoint's tick.
    #[staticmethod]
    #[pyo3(signature = (path, seed = 0, noise = engine::DEFAULT_NOISE))]
    fn load(py: Python<'_>, path: PathBuf, seed: u64, noise: f64) -> PyResult<Processor> {
        let c = py.detach(|| Checkpoint::load(&path)).map_err(|e| match e {
            phin_core::checkpoint::CheckpointError::Io { .. } => PyOSError::new_err(e.to_string()),
            other => PyValueError::new_err(other.to_string()),
        })?;
        let p = c.into_processor();
        let s = Setup {
            // The state the processor is in (or moving to), so that continuing requests no change.
            state: p.probe().config().state,
            adaptive: p.params().enable_adaptive,
            seed,
            noise,
            ..Default::default()
        };
        let mut drive = Drive::new(&s).map_err(|e| field_err(py, &e))?;
        let tick = p.tick_count();
        py.detach(|| drive.noise.skip(tick));
        Ok(Processor { p, drive })
    }

    /// A copy (same registers, same drive, same place in the noise).
    fn copy(&self) -> Processor {
        Processor {
            p: self.p.clone(),
            drive: self.drive.clone(),
        }
    }
}

/// Many processors on all cores (the native half of `phin.Ensemble`).
#[pyclass(module = "phin._phin", name = "Ensemble")]
pub struct Ensemble {
    e: engine::Ensemble,
}

/// One row of an ensemble: state, adaptive, seed, noise, held inputs, sine drive.
type Row = (
    String,
    bool,
    u64,
    f64,
    Vec<(String, Vec<f64>)>,
    Option<(f64, f64)>,
);

#[pymethods]
impl Ensemble {
    #[new]
    fn new(py: Python<'_>, rows: Vec<Row>) -> PyResult<Self> {
        let mut setups = Vec::with_capacity(rows.len());
        for (k, (state, adaptive, seed, noise, held, drive)) in rows.into_iter().enumerate() {
            let state = state
                .parse()
                .map_err(|e: phin_core::identity::UnknownName| {
                    input_error(py, &format!("row {k}: state: {e}"), "state", &e.allowed)
                })?;
            setups.push(Setup {
                state,
                adaptive,
                seed,
                noise,
                held,
                drive: drive.map(|(hz, amplitude)| Sine { hz, amplitude }),
            });
        }
        let e = engine::Ensemble::new(&setups)
            .map_err(|(k, e)| input_error(py, &format!("row {k}: {e}"), e.field(), &allowed(&e)))?;
        Ok(Ensemble { e })
    }

    /// Number of instances.
    fn __len__(&self) -> usize {
        self.e.len()
    }

    /// Clock-enable edges since reset (every instance has the same).
    #[getter]
    fn tick(&self) -> u64 {
        self.e
            .batch
            .processors()
            .first()
            .map_or(0, |p| p.tick_count())
    }

    /// Runs every instance `ticks` ticks on `threads` threads (None: every core), recording
    /// `record` every `every` ticks; `progress(done, total)` between chunks.
    #[pyo3(signature = (ticks, record = None, every = 1, progress = None, threads = None))]
    fn run<'py>(
        &mut self,
        py: Python<'py>,
        ticks: u64,
        record: Option<Vec<String>>,
        every: u64,
        progress: Option<Py<PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let spec = record_spec(py, record, every, false)?;
        let pool = match threads {
            Some(0) => {
                return Err(input_error(
                    py,
                    "threads = 0 is out of range (allowed 1 or more, or None: every core)",
                    "threads",
                    "1 …",
                ))
            }
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| PyRuntimeError::new_err(e.to_string()))?,
            ),
            None => None,
        };
        let e = &mut self.e;
        let spec_ref = &spec;
        let mut failure: Option<PyErr> = None;
        let rows = py.detach(|| {
            let between = |done: u64| {
                Python::attach(|py| {
                    let r = match &progress {
                        Some(cb) => cb.call1(py, (done, ticks)).map(drop),
                        None => Ok(()),
                    }
                    .and_then(|()| py.check_signals());
                    match r {
                        Ok(()) => true,
                        Err(err) => {
                            failure = Some(err);
                            false
                        }
                    }
                })
            };
            match &pool {
                Some(pool) => pool.install(|| e.run(ticks, spec_ref, between)),
                None => e.run(ticks, spec_ref, between),
            }
        });
        if let Some(err) = failure {
            return Err(err);
        }
        if let Some(cb) = &progress {
            cb.call1(py, (ticks, ticks))?;
        }
        rows_dict(py, &spec, rows)
    }
}

/// Lockstep co-simulation of `top` from `rtl_dir` against phin's model.
#[pyfunction]
#[pyo3(signature = (rtl_dir, top, ticks = 100_000, seed = 0, compare = "all", keep_going = 0, adaptive = false, vcd = None, mismatch_vcd = None))]
#[allow(clippy::too_many_arguments)]
fn cosim<'py>(
    py: Python<'py>,
    rtl_dir: PathBuf,
    top: String,
    ticks: u64,
    seed: u64,
    compare: &str,
    keep_going: u64,
    adaptive: bool,
    vcd: Option<PathBuf>,
    mismatch_vcd: Option<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    const TOP: &str = "phi_n_neural_processor";
    if ticks == 0 {
        return Err(input_error(
            py,
            "ticks = 0 is out of range (allowed 1 or more)",
            "ticks",
            "1 …",
        ));
    }
    let ports_only = match compare {
        "all" => false,
        "ports" => true,
        other => {
            return Err(input_error(
                py,
                &format!("compare = {other:?} is not allowed (allowed: all, ports)"),
                "compare",
                "all, ports",
            ))
        }
    };
    if adaptive && top != TOP {
        return Err(input_error(
            py,
            &format!("adaptive applies to top {TOP} only (not {top})"),
            "adaptive",
            TOP,
        ));
    }
    let cosim_error = |e: phin_cosim::CosimError| py_cosim_error(py, &e.to_string());
    let repro = format!(
        "phin cosim --rtl {} --top {top} --ticks {ticks} --seed {seed}{}{}",
        rtl_dir.display(),
        if ports_only { " --compare ports" } else { "" },
        if adaptive { " --adaptive" } else { "" },
    );
    // Verilated models are not Send: the whole co-simulation is built, run and dropped on this
    // thread, with the GIL released; only plain data comes back.
    let result = py.detach(move || -> Result<_, phin_cosim::CosimError> {
        phin_cosim::check_top(&rtl_dir, &top)?;
        let model: Box<dyn phin_cosim::Dut> = if adaptive {
            Box::new(phin_cosim::models::top::PhiNNeuralProcessorDut::new(
                engine::params(true),
            ))
        } else {
            phin_cosim::model_for(&top).ok_or_else(|| phin_cosim::CosimError::NoModel {
                top: top.clone(),
                known: phin_cosim::MODELS.to_vec(),
            })?
        };
        let mut c = if ports_only {
            Cosim::ports_only_with_model(&rtl_dir, model)?
        } else {
            Cosim::with_model(&rtl_dir, model)?
        };
        let mismatch_vcd = match mismatch_vcd {
            Some(p) => p,
            None => cache::default_mismatch_vcd(&cache::cache_dir(None)?, &top, &seed.to_string()),
        };
        let cfg = LockstepConfig {
            ticks,
            keep_going,
            vcd,
            mismatch_vcd: Some(mismatch_vcd),
            seed: Some(seed),
            repro,
            sides: None,
        };
        let mut stim = RandomStimulus::new(c.model.inputs(), seed);
        let o = c.run(&mut stim, &cfg)?;
        let table = phin_cosim::report::table(&o.stats, &cfg.side_names());
        Ok((o, table, c.built.dir.clone()))
    });
    let (o, table, build_dir) = result.map_err(cosim_error)?;
    let d = PyDict::new(py);
    d.set_item("agree", o.first.is_none() && o.mismatches == 0)?;
    d.set_item("ticks", o.ticks)?;
    d.set_item("ticks_run", o.ticks_run)?;
    d.set_item("signals", o.signals)?;
    d.set_item("mismatches", o.mismatches)?;
    d.set_item("seed", seed)?;
    d.set_item("last_line", o.last_line())?;
    d.set_item("report", table)?;
    d.set_item("build_dir", build_dir)?;
    let stats = PyList::empty(py);
    for s in &o.stats {
        let e = PyDict::new(py);
        e.set_item("name", &s.name)?;
        e.set_item("port", s.port)?;
        e.set_item("width", s.width)?;
        e.set_item("signed", s.signed)?;
        e.set_item("compared", s.compared)?;
        e.set_item("agreeing", s.agreeing)?;
        e.set_item("first_divergent_tick", s.first_divergent_tick)?;
        e.set_item("max_abs_diff", s.max_abs_diff)?;
        e.set_item("rms_diff", s.rms_diff)?;
        stats.append(e)?;
    }
    d.set_item("stats", stats)?;
    match &o.first {
        Some(m) => d.set_item("mismatch", mismatch_dict(py, m)?)?,
        None => d.set_item("mismatch", py.None())?,
    }
    Ok(d)
}

fn py_cosim_error(py: Python<'_>, message: &str) -> PyErr {
    let made = py
        .import("phin._errors")
        .and_then(|m| m.getattr("CosimError"))
        .and_then(|c| c.call1((message,)));
    match made {
        Ok(obj) => PyErr::from_value(obj),
        Err(_) => PyRuntimeError::new_err(message.to_string()),
    }
}

fn mismatch_dict<'py>(py: Python<'py>, m: &Mismatch) -> PyResult<Bound<'py, PyDict>> {
    let s = &m.signal;
    let d = PyDict::new(py);
    let mask = phin_core::fixed_point::mask(s.width);
    let (sides_ref, sides_other) = &m.sides;
    d.set_item("tick", m.tick)?;
    d.set_item("time", m.tick as f64 / TICK_HZ)?;
    d.set_item(
        "clock_cycle",
        m.tick * u64::from(phin_core::constants::DIV_4K),
    )?;
    d.set_item("signal", &s.name)?;
    d.set_item("width", s.width)?;
    d.set_item("signed", s.signed)?;
    d.set_item("model", s.value(m.model))?;
    d.set_item("rtl", s.value(m.rtl))?;
    d.set_item("model_hex", format!("0x{:x}", m.model & mask))?;
    d.set_item("rtl_hex", format!("0x{:x}", m.rtl & mask))?;
    if is_q14(s) {
        d.set_item("model_real", s.value(m.model) as f64 / 16_384.0)?;
        d.set_item("rtl_real", s.value(m.rtl) as f64 / 16_384.0)?;
    } else {
        d.set_item("model_real", py.None())?;
        d.set_item("rtl_real", py.None())?;
    }
    let diff = (m.model ^ m.rtl) & mask;
    let bits: Vec<u32> = (0..64).rev().filter(|b| diff >> b & 1 == 1).collect();
    d.set_item("differing_bits", bits)?;
    d.set_item("all_divergent", m.all_divergent.clone())?;
    d.set_item("inputs", m.inputs.clone())?;
    let hist = PyList::empty(py);
    for r in &m.history {
        let e = PyDict::new(py);
        e.set_item("tick", r.tick)?;
        e.set_item("model", s.value(r.model[m.index]))?;
        e.set_item("rtl", s.value(r.rtl[m.index]))?;
        hist.append(e)?;
    }
    d.set_item("history", hist)?;
    d.set_item("seed", m.seed)?;
    d.set_item("repro", &m.repro)?;
    d.set_item("vcd", m.vcd.clone())?;
    d.set_item("sides", (sides_ref, sides_other))?;
    d.set_item("text", m.to_string())?;
    Ok(d)
}

/// The oscillators' names in phin-core's order.
#[pyfunction]
fn oscillator_names() -> Vec<String> {
    Oscillator::ALL.iter().map(|o| o.to_string()).collect()
}

/// Every register of the processor: (RTL name, width, signed).
#[pyfunction]
fn signal_names() -> Vec<(String, u32, bool)> {
    PhiNNeuralProcessor::signal_table()
        .into_iter()
        .map(|s| (s.name, s.width, s.signed))
        .collect()
}

/// The named readouts: (name, unit, doc).
#[pyfunction]
fn readouts() -> Vec<(&'static str, &'static str, &'static str)> {
    READOUTS.iter().map(|r| (r.name, r.unit, r.doc)).collect()
}

/// One input field as Python lists it: (name, element names, RTL ports, unit, doc).
type FieldInfo = (
    &'static str,
    Vec<String>,
    Vec<&'static str>,
    &'static str,
    &'static str,
);

/// The input fields: (name, element names, RTL ports, unit, doc).
#[pyfunction]
fn input_fields() -> Vec<FieldInfo> {
    INPUT_FIELDS
        .iter()
        .map(|f| {
            let elements = if f.elements.is_empty() {
                Vec::new()
            } else {
                (0..f.width()).map(|k| f.element_name(k)).collect()
            };
            (f.name, elements, f.ports.to_vec(), f.kind.unit(), f.doc)
        })
        .collect()
}

/// μ of every oscillator in every state: (state names, oscillator names, rows of μ).
#[pyfunction]
fn mu_table() -> (Vec<String>, Vec<String>, Vec<Vec<f64>>) {
    let states = ConsciousnessState::ALL
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = ConsciousnessState::ALL
        .iter()
        .map(|&s| Oscillator::ALL.iter().map(|&o| engine::mu(s, o)).collect())
        .collect();
    (states, oscillator_names(), rows)
}

/// For the tests: [`engine::reference_run`], the plain Rust loop (x and y words).
#[pyfunction]
fn _reference_run<'py>(
    py: Python<'py>,
    state: &str,
    adaptive: bool,
    seed: u64,
    sensory: Vec<i32>,
    ticks: u64,
    every: u64,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let s = state_arg(py, "state", state)?;
    let (t, cols) = py.detach(|| engine::reference_run(s, adaptive, seed, &sensory, ticks, every));
    let rows = t.len();
    let n = cols.len();
    let mut flat = vec![0i64; rows * n];
    for (k, c) in cols.iter().enumerate() {
        for (r, &v) in c.iter().enumerate() {
            flat[r * n + k] = v;
        }
    }
    let a = Array2::from_shape_vec((rows, n), flat)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok((
        Array1::from(t).into_pyarray(py).into_any(),
        a.into_pyarray(py).into_any(),
    ))
}

/// For the overhead measurement: [`engine::rust_baseline`] with the GIL released.
#[pyfunction]
fn _rust_baseline(py: Python<'_>, state: &str, seed: u64, ticks: u64) -> PyResult<f64> {
    let s = state_arg(py, "state", state)?;
    Ok(py.detach(|| engine::rust_baseline(s, seed, ticks)))
}

/// The extension module.
#[pymodule]
fn _phin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Processor>()?;
    m.add_class::<Ensemble>()?;
    m.add_function(wrap_pyfunction!(cosim, m)?)?;
    m.add_function(wrap_pyfunction!(oscillator_names, m)?)?;
    m.add_function(wrap_pyfunction!(signal_names, m)?)?;
    m.add_function(wrap_pyfunction!(readouts, m)?)?;
    m.add_function(wrap_pyfunction!(input_fields, m)?)?;
    m.add_function(wrap_pyfunction!(mu_table, m)?)?;
    m.add_function(wrap_pyfunction!(_reference_run, m)?)?;
    m.add_function(wrap_pyfunction!(_rust_baseline, m)?)?;
    m.add("__version__", PHIN_VERSION)?;
    m.add("TICK_HZ", TICK_HZ)?;
    m.add("DEFAULT_NOISE", engine::DEFAULT_NOISE)?;
    m.add("DEFAULT_READOUTS", engine::DEFAULT_READOUTS.to_vec())?;
    Ok(())
}
