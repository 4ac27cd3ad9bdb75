//! Checkpoints: save a [`PhiNNeuralProcessor`] at any tick, load it later (in another process,
//! with a later phin), and continue exactly as if it had never stopped.
//!
//! A [`Checkpoint`] holds every register of the processor (the children of the top, as the RTL
//! instances them, section 11.2 of phi-n-processor-system-description.md), its parameters and
//! its tick count. [`Memo`](crate::memo::Memo) caches are not state and are not written: a
//! restored processor starts with empty memos and rebuilds them on its next tick, which cannot
//! change what it computes (memo.rs says why). Restoring and continuing is therefore bit-exact:
//! every register, every output and the tick count agree with the uninterrupted run at every
//! later tick (tests/checkpoint.rs checks all 508 signals of the top for 2·10⁵ ticks after a
//! save, in every consciousness state with adaptive dynamics off and on).
//!
//! # The format (version 1)
//!
//! A checkpoint is one JSON object (UTF-8, pretty-printed; readers accept any JSON layout of
//! whitespace), described field by field in `docs/checkpoint.md`:
//!
//! ```text
//! {
//!   "format": "phin-checkpoint",          // FORMAT: what the file is
//!   "version": 1,                         // VERSION: the shape of this document
//!   "phin_version": "0.1.0",              // the phin that wrote it (for messages only)
//!   "layout": "signals=508 fields=513 fnv1a64=…", // layout(): the registers it describes
//!   "params": { "fast_sim": false, … },   // the top's parameters
//!   "tick": 12345,                        // clock-enable edges since reset
//!   "processor": { "params": …, "tick": …, "u_clk_en": { … }, "u_config": { … }, … }
//! }
//! ```
//!
//! `processor` is the top's struct as serde writes it: one member per child instance, each
//! child's registers and parameters under their Rust field names, arrays of instances
//! (`u_qid`, `u_env`, …) as JSON arrays. Every register is a JSON integer holding the value the
//! model holds (signed registers as signed numbers), every 1-bit flag a JSON boolean. The
//! largest register is 34 bits, so every value is exact even for a reader whose numbers are
//! IEEE doubles.
//!
//! # Versioning and compatibility
//!
//! - `version` changes when the document's shape changes (a header field added, renamed or
//!   given a new meaning). This phin reads [`VERSION`] only; any other version, older or newer,
//!   is refused with [`CheckpointError::UnsupportedVersion`], naming both.
//! - `layout` is a digest of the top's signal table (every hierarchical name, width and
//!   signedness, in order) and of the processor's field tree (every member path and whether it
//!   is a flag or a number). It changes whenever the model's registers change, e.g. when the
//!   RTL gains a register, a width changes or a module gains a parameter. A checkpoint whose
//!   layout differs from this phin's is refused with [`CheckpointError::LayoutMismatch`]
//!   (naming both digests and both phin versions) rather than misread: an old state cannot be
//!   mapped onto new registers without knowing what the new registers should hold.
//! - The promise: a checkpoint loads in any phin with the same `version` and `layout`, whatever
//!   its `phin_version`, and continues bit-exactly. Otherwise loading fails with a clear error;
//!   it never silently loads something else.
//!
//! # Validation
//!
//! Loading never panics and never accepts a state the hardware cannot hold. After the header
//! (`format`, then `version`, then `layout`), every member of `processor` is checked against
//! the processor this phin builds from the document's `params`:
//!
//! - the member tree must match exactly: a missing member, an unknown one, an array of the
//!   wrong length, a flag where a number belongs or a non-integer number is refused, naming the
//!   member ([`CheckpointError::Field`]);
//! - a **register** must fit the width and signedness its signal table declares: an 18-bit
//!   signed register holding 2²⁰ is refused ([`CheckpointError::OutOfRange`], naming the member,
//!   the signal and its range), never wrapped;
//! - a **parameter** of a child (an LFSR seed or step count, an envelope constant, a column's
//!   seeds, the drift interval) must equal what the top's parameters give it: the top fixes
//!   them, so a different value describes a processor that `new` cannot build;
//! - `processor.params` and `processor.tick` must equal the header's `params` and `tick`, and
//!   the clock-enable generator must hold the state every enabled edge leaves it in.
//!
//! Which members are registers, and which signal declares each one's width, is learned from
//! the model itself, once per process: each member of a new processor is set to a few probe
//! values (2, 3 and −3; 0 and 1 for a 1-bit number; false and true for a flag), and every
//! signal of [`Observable::signal_table`] whose sampled value reads back exactly those values
//! reads that member: the register's own signal (member `u_energy.force[0]`, signal
//! `u_energy.force_0`) and any port or wire that copies it (`debug_theta` for
//! `u_thalamus.u_theta.x`). The value must fit every one of them; the narrowest is the
//! register's own. A member that no signal reads is a parameter. Sampling alone could not catch
//! an out-of-range value, because [`Observable::sample`] truncates each value to its declared
//! width; checking the JSON number against that width does. A unit test pins the list of
//! parameter members (LFSR seeds and step counts, envelope constants, column seeds, the SR
//! drift interval, `FAST_SIM`), so a register that no signal reads cannot pass for a parameter
//! unnoticed.
//!
//! # Example
//!
//! ```
//! use phin_core::checkpoint::{Checkpoint, CheckpointError};
//! use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
//!
//! let inputs = PhiNNeuralProcessorInputs { state_select: 4, ..Default::default() };
//! let mut p = PhiNNeuralProcessor::default();
//! for _ in 0..1_000 {
//!     p.tick(&inputs);
//! }
//! // Save (here to a string; `save(path)` writes a file atomically) and load.
//! let json = p.checkpoint().to_json();
//! let mut q = Checkpoint::from_json(&json)?.into_processor();
//! assert_eq!(q, p);
//! assert_eq!(q.tick_count(), 1_000);
//! for _ in 0..1_000 {
//!     assert_eq!(q.tick(&inputs), p.tick(&inputs));
//! }
//! assert_eq!(q, p);
//!
//! // Anything else is refused with a typed error and a one-line message.
//! let e = Checkpoint::from_json(r#"{"format": "wav"}"#).unwrap_err();
//! assert!(matches!(e, CheckpointError::NotACheckpoint { .. }));
//! let newer = json.replacen("\"version\": 1", "\"version\": 2", 1);
//! let e = Checkpoint::from_json(&newer).unwrap_err();
//! assert!(matches!(e, CheckpointError::UnsupportedVersion { found: 2, .. }));
//! println!("{e}");
//! # Ok::<(), CheckpointError>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorParams};
use crate::signals::{Observable, Signal};

/// The `format` member of every checkpoint.
pub const FORMAT: &str = "phin-checkpoint";

/// The document version this phin writes and reads.
pub const VERSION: u64 = 1;

/// This phin's version, written as `phin_version`.
pub const PHIN_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The members of a version-1 document, in the order they are written.
const MEMBERS: [&str; 7] = [
    "format",
    "version",
    "phin_version",
    "layout",
    "params",
    "tick",
    "processor",
];

/// A processor's complete state at one tick, ready to be written or restored.
///
/// Made by [`PhiNNeuralProcessor::checkpoint`] or read by [`Checkpoint::load`] /
/// [`Checkpoint::from_json`] / [`Checkpoint::from_reader`] (which validate everything, see the
/// [module documentation](self)); turned back into a processor by
/// [`Checkpoint::into_processor`] or [`PhiNNeuralProcessor::restore`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    processor: PhiNNeuralProcessor,
    phin_version: String,
}

/// Why a checkpoint could not be written or read. Every variant prints as one line.
#[derive(Debug)]
#[non_exhaustive]
pub enum CheckpointError {
    /// Reading or writing a file (or stream) failed.
    Io {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// What was being done: `"read"`, `"write"`, …
        action: &'static str,
        /// The operating system's error.
        source: io::Error,
    },
    /// The input is not JSON, or is truncated.
    Json(serde_json::Error),
    /// The input is JSON but not a phin checkpoint (no `"format": "phin-checkpoint"`).
    NotACheckpoint {
        /// What was found instead.
        found: String,
    },
    /// A checkpoint of a document version this phin does not read.
    UnsupportedVersion {
        /// The version in the document.
        found: u64,
        /// The version this phin reads ([`VERSION`]).
        supported: u64,
        /// The phin that wrote it, if the document says.
        written_by: Option<String>,
    },
    /// The checkpoint describes other registers than this phin's model has.
    LayoutMismatch {
        /// The layout in the document.
        found: String,
        /// This phin's layout ([`layout`]).
        expected: String,
        /// The phin that wrote it, if the document says.
        written_by: Option<String>,
    },
    /// A member is missing, unknown, of the wrong kind, or inconsistent with another.
    Field {
        /// The member's path, e.g. `processor.u_thalamus.u_theta.x`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A register holds a value outside its declared width.
    OutOfRange {
        /// The member's path, e.g. `processor.u_thalamus.u_theta.x`.
        field: String,
        /// The value found.
        value: i128,
        /// The register's hierarchical signal name, e.g. `u_thalamus.u_theta.x`.
        signal: String,
        /// Its declared width in bits.
        width: u32,
        /// Whether it is declared `signed`.
        signed: bool,
    },
    /// An error reading the file `path` (the error itself is the `source`).
    File {
        /// The checkpoint file.
        path: PathBuf,
        /// What went wrong in it.
        source: Box<CheckpointError>,
    },
}

impl CheckpointError {
    /// The error itself, without the [`CheckpointError::File`] wrapper that names the file it
    /// was read from.
    pub fn inner(&self) -> &CheckpointError {
        match self {
            CheckpointError::File { source, .. } => source.inner(),
            e => e,
        }
    }

    fn field(field: impl Into<String>, problem: impl Into<String>) -> Self {
        CheckpointError::Field {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// The inclusive range of a `width`-bit register.
fn range_of(width: u32, signed: bool) -> (i128, i128) {
    if signed {
        (-(1i128 << (width - 1)), (1i128 << (width - 1)) - 1)
    } else {
        (0, (1i128 << width) - 1)
    }
}

/// `"phin 0.1.0"`, or `"an unknown phin"`.
fn by(written_by: &Option<String>) -> String {
    match written_by {
        Some(v) => format!("phin {v}"),
        None => "an unknown phin".to_string(),
    }
}

impl fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckpointError::Io {
                path: Some(p),
                action,
                source,
            } => write!(f, "cannot {action} {}: {source}", p.display()),
            CheckpointError::Io {
                path: None,
                action,
                source,
            } => write!(f, "cannot {action} the checkpoint: {source}"),
            CheckpointError::Json(e) if e.classify() == serde_json::error::Category::Eof => {
                write!(f, "the checkpoint is truncated (incomplete JSON: {e})")
            }
            CheckpointError::Json(e) => {
                write!(
                    f,
                    "not a phin checkpoint, or a damaged one: not valid JSON ({e})"
                )
            }
            CheckpointError::NotACheckpoint { found } => write!(
                f,
                "not a phin checkpoint: expected \"format\": \"{FORMAT}\", found {found}"
            ),
            CheckpointError::UnsupportedVersion {
                found,
                supported,
                written_by,
            } => {
                let age = if found > supported { "newer" } else { "older" };
                write!(
                    f,
                    "checkpoint format version {found} (written by {}) is {age} than this phin \
                     ({PHIN_VERSION}) reads: it reads version {supported} only",
                    by(written_by)
                )
            }
            CheckpointError::LayoutMismatch {
                found,
                expected,
                written_by,
            } => write!(
                f,
                "the checkpoint was written by {} for other registers than this phin \
                 ({PHIN_VERSION}) has (the model's registers changed since): its layout is \
                 \"{found}\", this phin's is \"{expected}\"",
                by(written_by)
            ),
            CheckpointError::Field { field, problem } => write!(f, "`{field}`: {problem}"),
            CheckpointError::OutOfRange {
                field,
                value,
                signal,
                width,
                signed,
            } => {
                let (lo, hi) = range_of(*width, *signed);
                let sign = if *signed { "signed" } else { "unsigned" };
                write!(
                    f,
                    "`{field}` = {value} does not fit register `{signal}` ({width}-bit {sign}: \
                     {lo}..={hi})"
                )
            }
            CheckpointError::File { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for CheckpointError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CheckpointError::Io { source, .. } => Some(source),
            CheckpointError::Json(e) => Some(e),
            CheckpointError::File { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The document as written: the header, then the processor.
#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    phin_version: &'static str,
    layout: &'a str,
    params: PhiNNeuralProcessorParams,
    tick: u64,
    processor: &'a PhiNNeuralProcessor,
}

/// What a member of `processor` is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    /// A register, read by these signals of the table (indices), whose widths it must fit.
    Register(Vec<usize>),
    /// A parameter: must equal what the top's parameters give it.
    Parameter,
    /// `processor.tick`: any count, equal to the header's `tick`.
    Tick,
}

/// Which member of `processor` is what: learned once per process (see the module docs).
struct Model {
    table: Vec<Signal>,
    /// Processor-relative member path (`u_qid[0].stability`) → role.
    roles: HashMap<String, Role>,
}

/// `path.key`, or `key` at the root (`path` for an empty key).
fn join(path: &str, key: &str) -> String {
    if key.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Every leaf of a JSON tree: (dotted path, JSON pointer, value), in the tree's order.
fn leaves(v: &Value, path: &str, pointer: &str, out: &mut Vec<(String, String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(x, &join(path, k), &format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), &format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push((path.to_string(), pointer.to_string(), v.clone())),
    }
}

/// The processor as a JSON tree. Serialising integers and flags cannot fail.
fn to_tree(p: &PhiNNeuralProcessor) -> Value {
    serde_json::to_value(p).expect("a processor is integers and flags: always serialisable")
}

/// The sample of the processor `tree` describes with the member at `pointer` set to `v`, or
/// `None` when that value does not deserialise. `tree` is left as it was.
fn sample_with(tree: &mut Value, pointer: &str, v: Value, n: usize) -> Option<Vec<u64>> {
    let slot = tree.pointer_mut(pointer)?;
    let saved = std::mem::replace(slot, v);
    let p = PhiNNeuralProcessor::deserialize(&*tree).ok();
    *tree.pointer_mut(pointer)? = saved;
    let mut raw = vec![0; n];
    p?.sample(&mut raw);
    Some(raw)
}

impl Model {
    /// Probes every member of a new processor (some 30 ms in a release build).
    fn learn() -> Model {
        let table = PhiNNeuralProcessor::signal_table();
        let n = table.len();
        let mut reference = to_tree(&PhiNNeuralProcessor::new(
            PhiNNeuralProcessorParams::DEFAULT,
        ));
        let mut all = Vec::new();
        leaves(&reference, "", "", &mut all);
        let mut roles = HashMap::new();
        for (path, pointer, v) in &all {
            if path == "tick" {
                roles.insert(path.clone(), Role::Tick);
                continue;
            }
            // Probe values the register must read back exactly. A negative one tells a signed
            // register from a combinational reader of it (a magnitude, an amplitude) that agrees
            // on positive values; an unsigned field refuses it, and is probed with (2, 3). 0 and
            // 1 are what many flags and comparisons read: they come last, for 1-bit numbers.
            let probes: &[&[i64]] = if v.is_boolean() {
                &[&[0, 1]]
            } else {
                &[&[2, 3, -3], &[2, 3], &[0, 1]]
            };
            let mut role = Role::Parameter;
            for values in probes {
                let samples: Option<Vec<Vec<u64>>> = values
                    .iter()
                    .map(|&x| {
                        let probe = if v.is_boolean() {
                            Value::Bool(x == 1)
                        } else {
                            Value::from(x)
                        };
                        sample_with(&mut reference, pointer, probe, n)
                    })
                    .collect();
                let Some(samples) = samples else { continue };
                let reads: Vec<usize> = (0..n)
                    .filter(|&i| {
                        values
                            .iter()
                            .zip(&samples)
                            .all(|(&x, s)| table[i].value(s[i]) == x)
                    })
                    .collect();
                if !reads.is_empty() {
                    role = Role::Register(reads);
                    break;
                }
            }
            roles.insert(path.clone(), role);
        }
        Model { table, roles }
    }

    fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(Model::learn)
    }
}

/// The layout digest of this phin's model (see the module docs): FNV-1a 64 over one line per
/// signal of the table in table order (`signal <name> <s|u><width>`), then one line per member
/// of `processor` (`field <path> <flag|number>`) sorted by path, so that it does not depend on
/// the order of JSON object members (serde_json's `preserve_order` feature changes it).
fn compute_layout() -> String {
    let table = PhiNNeuralProcessor::signal_table();
    let mut fields = Vec::new();
    leaves(
        &to_tree(&PhiNNeuralProcessor::new(
            PhiNNeuralProcessorParams::DEFAULT,
        )),
        "",
        "",
        &mut fields,
    );
    let mut field_lines: Vec<String> = fields
        .iter()
        .map(|(path, _, v)| {
            let kind = if v.is_boolean() { "flag" } else { "number" };
            format!("field {path} {kind}")
        })
        .collect();
    field_lines.sort();
    let signal_lines = table.iter().map(|s| {
        let sign = if s.signed { 's' } else { 'u' };
        format!("signal {} {sign}{}", s.name, s.width)
    });
    let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a 64 offset basis
    for line in signal_lines.chain(field_lines) {
        for byte in line.bytes().chain([b'\n']) {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3); // FNV prime
        }
    }
    format!(
        "signals={} fields={} fnv1a64={h:016x}",
        table.len(),
        fields.len()
    )
}

/// This phin's layout digest: what the `layout` member of its checkpoints holds, e.g.
/// `signals=508 fields=513 fnv1a64=…` (see the module docs). Computed once per process.
pub fn layout() -> &'static str {
    static LAYOUT: OnceLock<String> = OnceLock::new();
    LAYOUT.get_or_init(compute_layout)
}

/// `"a JSON array"`, `"the string \"wav\""`, … for messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.len() <= 40 => format!("the string {s:?}"),
        Value::String(_) => "a long string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// An integer JSON number as i128, or `None`.
fn integer(v: &Value) -> Option<i128> {
    v.as_i64()
        .map(i128::from)
        .or_else(|| v.as_u64().map(i128::from))
}

/// Checks `found` against the tree of `reference` (member for member) and, under `processor`,
/// every member against its [`Role`]. `shown` prefixes paths in messages.
fn check_tree(
    found: &Value,
    reference: &Value,
    path: &str,
    shown: &str,
    roles: Option<&Model>,
) -> Result<(), CheckpointError> {
    let name = || join(shown, path);
    match reference {
        Value::Object(rm) => {
            let Value::Object(fm) = found else {
                return Err(CheckpointError::field(
                    name(),
                    format!("must be an object, found {}", describe(found)),
                ));
            };
            if let Some(k) = fm.keys().find(|k| !rm.contains_key(*k)) {
                return Err(CheckpointError::field(
                    join(&name(), k),
                    "unknown member (this phin's model has no such register or parameter)",
                ));
            }
            for (k, r) in rm {
                let Some(f) = fm.get(k) else {
                    return Err(CheckpointError::field(join(&name(), k), "missing"));
                };
                check_tree(f, r, &join(path, k), shown, roles)?;
            }
            Ok(())
        }
        Value::Array(ra) => {
            let Value::Array(fa) = found else {
                return Err(CheckpointError::field(
                    name(),
                    format!(
                        "must be an array of {} elements, found {}",
                        ra.len(),
                        describe(found)
                    ),
                ));
            };
            if fa.len() != ra.len() {
                return Err(CheckpointError::field(
                    name(),
                    format!("must hold {} elements, found {}", ra.len(), fa.len()),
                ));
            }
            for (i, (f, r)) in fa.iter().zip(ra).enumerate() {
                check_tree(f, r, &format!("{path}[{i}]"), shown, roles)?;
            }
            Ok(())
        }
        Value::Bool(_) if !found.is_boolean() => Err(CheckpointError::field(
            name(),
            format!("must be true or false, found {}", describe(found)),
        )),
        Value::Number(_) if integer(found).is_none() => Err(CheckpointError::field(
            name(),
            format!("must be an integer, found {}", describe(found)),
        )),
        _ => {
            let Some(model) = roles else { return Ok(()) };
            match model.roles.get(path) {
                Some(Role::Tick) => Ok(()),
                Some(Role::Register(signals)) => {
                    let Some(value) = integer(found) else {
                        return Ok(()); // a flag: true or false is always in range
                    };
                    for &i in signals {
                        let s = &model.table[i];
                        let (lo, hi) = range_of(s.width, s.signed);
                        if value < lo || value > hi {
                            return Err(CheckpointError::OutOfRange {
                                field: name(),
                                value,
                                signal: s.name.clone(),
                                width: s.width,
                                signed: s.signed,
                            });
                        }
                    }
                    Ok(())
                }
                Some(Role::Parameter) | None if found != reference => Err(CheckpointError::field(
                    name(),
                    format!(
                        "is a parameter the top's `params` fix at {reference}; the \
                             checkpoint holds {found}"
                    ),
                )),
                _ => Ok(()),
            }
        }
    }
}

/// Counter for temporary file names: two saves in one process never share one.
static SAVES: AtomicU64 = AtomicU64::new(0);

impl Checkpoint {
    /// The checkpoint of `p`: its registers, parameters and tick count, as they are now.
    pub fn new(p: &PhiNNeuralProcessor) -> Checkpoint {
        Checkpoint {
            processor: p.clone(),
            phin_version: PHIN_VERSION.to_string(),
        }
    }

    /// The tick count at which it was taken.
    pub fn tick(&self) -> u64 {
        self.processor.tick_count()
    }

    /// The processor's parameters.
    pub fn params(&self) -> PhiNNeuralProcessorParams {
        self.processor.params()
    }

    /// The phin version that wrote it: the document's `phin_version` for a loaded checkpoint,
    /// [`PHIN_VERSION`] for a new one.
    pub fn phin_version(&self) -> &str {
        &self.phin_version
    }

    /// The saved processor.
    pub fn processor(&self) -> &PhiNNeuralProcessor {
        &self.processor
    }

    /// The saved processor, ready to continue from the tick it was saved at.
    pub fn into_processor(self) -> PhiNNeuralProcessor {
        self.processor
    }

    /// The document as a JSON string (pretty-printed, about 16.5 kB).
    pub fn to_json(&self) -> String {
        let doc = Document {
            format: FORMAT,
            version: VERSION,
            phin_version: PHIN_VERSION,
            layout: layout(),
            params: self.processor.params(),
            tick: self.processor.tick_count(),
            processor: &self.processor,
        };
        let mut s = serde_json::to_string_pretty(&doc)
            .expect("a checkpoint is strings, integers and flags: always serialisable");
        s.push('\n');
        s
    }

    /// Writes the document to `w`.
    pub fn to_writer<W: Write>(&self, mut w: W) -> Result<(), CheckpointError> {
        w.write_all(self.to_json().as_bytes())
            .and_then(|()| w.flush())
            .map_err(|source| CheckpointError::Io {
                path: None,
                action: "write",
                source,
            })
    }

    /// Writes the document to the file `path`, atomically: it is written to a temporary file
    /// in the same directory, synced, then renamed over `path`, so a reader sees either the old
    /// file or the whole new one, never half of it. On error the temporary file is removed and
    /// the error names `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), CheckpointError> {
        let path = path.as_ref();
        let io_err = |source| CheckpointError::Io {
            path: Some(path.to_path_buf()),
            action: "write",
            source,
        };
        let Some(file_name) = path.file_name() else {
            return Err(io_err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the path names no file",
            )));
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = dir.join(format!(
            ".{}.{}-{}.tmp",
            file_name.to_string_lossy(),
            std::process::id(),
            SAVES.fetch_add(1, Ordering::Relaxed)
        ));
        let write = || -> io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(self.to_json().as_bytes())?;
            f.sync_all()?;
            fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            io_err(e)
        })
    }

    /// Reads and validates a document from a JSON string (see the module docs for every
    /// check).
    pub fn from_json(s: &str) -> Result<Checkpoint, CheckpointError> {
        let v: Value = serde_json::from_str(s).map_err(CheckpointError::Json)?;
        Self::from_value(v)
    }

    /// Reads and validates a document from `r`.
    pub fn from_reader<R: Read>(mut r: R) -> Result<Checkpoint, CheckpointError> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|source| CheckpointError::Io {
                path: None,
                action: "read",
                source,
            })?;
        let v: Value = serde_json::from_slice(&bytes).map_err(CheckpointError::Json)?;
        Self::from_value(v)
    }

    /// Reads and validates the file `path`. Every error names the file.
    pub fn load(path: impl AsRef<Path>) -> Result<Checkpoint, CheckpointError> {
        let path = path.as_ref();
        let bytes = fs::read(path).map_err(|source| CheckpointError::Io {
            path: Some(path.to_path_buf()),
            action: "read",
            source,
        })?;
        serde_json::from_slice(&bytes)
            .map_err(CheckpointError::Json)
            .and_then(Self::from_value)
            .map_err(|e| CheckpointError::File {
                path: path.to_path_buf(),
                source: Box::new(e),
            })
    }

    /// Validates a parsed document: header first (format, version, layout), then every member.
    fn from_value(v: Value) -> Result<Checkpoint, CheckpointError> {
        let Value::Object(doc) = &v else {
            return Err(CheckpointError::NotACheckpoint {
                found: describe(&v),
            });
        };
        match doc.get("format") {
            Some(Value::String(s)) if s == FORMAT => {}
            Some(other) => {
                return Err(CheckpointError::NotACheckpoint {
                    found: describe(other),
                })
            }
            None => {
                return Err(CheckpointError::NotACheckpoint {
                    found: "an object without a \"format\" member".to_string(),
                })
            }
        }
        // Read before anything else, for the messages below.
        let written_by = doc
            .get("phin_version")
            .and_then(Value::as_str)
            .map(str::to_string);
        let version = match doc.get("version") {
            None => return Err(CheckpointError::field("version", "missing")),
            Some(x) => x.as_u64().ok_or_else(|| {
                CheckpointError::field(
                    "version",
                    format!("must be a whole number, found {}", describe(x)),
                )
            })?,
        };
        if version != VERSION {
            return Err(CheckpointError::UnsupportedVersion {
                found: version,
                supported: VERSION,
                written_by,
            });
        }
        // From here on the document has the version-1 shape.
        if let Some(k) = doc.keys().find(|k| !MEMBERS.contains(&k.as_str())) {
            return Err(CheckpointError::field(
                k.as_str(),
                "unknown member of a version-1 checkpoint",
            ));
        }
        if let Some(k) = MEMBERS.iter().find(|k| !doc.contains_key(**k)) {
            return Err(CheckpointError::field(*k, "missing"));
        }
        let Some(written_by) = written_by else {
            return Err(CheckpointError::field(
                "phin_version",
                format!("must be a string, found {}", describe(&doc["phin_version"])),
            ));
        };
        match &doc["layout"] {
            Value::String(found) if found == layout() => {}
            Value::String(found) => {
                return Err(CheckpointError::LayoutMismatch {
                    found: found.clone(),
                    expected: layout().to_string(),
                    written_by: Some(written_by),
                })
            }
            other => {
                return Err(CheckpointError::field(
                    "layout",
                    format!("must be a string, found {}", describe(other)),
                ))
            }
        }
        let default_params = serde_json::to_value(PhiNNeuralProcessorParams::DEFAULT)
            .expect("parameters are flags: always serialisable");
        check_tree(&doc["params"], &default_params, "", "params", None)?;
        let params = PhiNNeuralProcessorParams::deserialize(&doc["params"])
            .map_err(|e| CheckpointError::field("params", e.to_string()))?;
        let tick = doc["tick"].as_u64().ok_or_else(|| {
            CheckpointError::field(
                "tick",
                format!("must be a whole number, found {}", describe(&doc["tick"])),
            )
        })?;
        let fresh = PhiNNeuralProcessor::new(params);
        check_tree(
            &doc["processor"],
            &to_tree(&fresh),
            "",
            "processor",
            Some(Model::get()),
        )?;
        let processor = PhiNNeuralProcessor::deserialize(&doc["processor"])
            // Unreachable after `check_tree` (every member exists, is an integer or a flag and
            // fits its register, whose Rust type is at least as wide), but never a panic.
            .map_err(|e| CheckpointError::field("processor", e.to_string()))?;
        if processor.tick_count() != tick {
            return Err(CheckpointError::field(
                "processor.tick",
                format!(
                    "is {}, but the header's `tick` is {tick}",
                    processor.tick_count()
                ),
            ));
        }
        if processor.u_clk_en != fresh.u_clk_en {
            return Err(CheckpointError::field(
                "processor.u_clk_en",
                "must hold the state every enabled edge leaves the clock-enable generator in \
                 (the model does not count clocks between ticks)",
            ));
        }
        Ok(Checkpoint {
            processor,
            phin_version: written_by,
        })
    }
}

impl PhiNNeuralProcessor {
    /// Its checkpoint: every register, the parameters and the tick count, as they are now.
    /// Write it with [`Checkpoint::save`] (or `to_json` / `to_writer`).
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint::new(self)
    }

    /// The processor a checkpoint holds, ready to continue from the tick it was saved at; it
    /// equals (and runs exactly like) the processor the checkpoint was taken from.
    pub fn restore(checkpoint: &Checkpoint) -> PhiNNeuralProcessor {
        checkpoint.processor.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// The members no signal reads: exactly the children's parameters (and the top's), plus the
    /// tick count. If a register ever lands here, no signal of the table reads it, so its range
    /// could not be checked: that must be fixed, not accepted.
    #[test]
    fn every_member_but_the_parameters_is_a_register() {
        let model = Model::get();
        let mut params: Vec<&str> = model
            .roles
            .iter()
            .filter(|(_, r)| **r == Role::Parameter)
            .map(|(p, _)| p.as_str())
            .collect();
        params.sort();
        let generic: Vec<String> = params
            .iter()
            .map(|p| {
                // Fold instance indices and names: `col_motor.u_env_l4.u_lfsr.seed` → `seed`.
                let p = p.rsplit('.').next().unwrap();
                p.split('[').next().unwrap().to_string()
            })
            .collect();
        for (p, g) in params.iter().zip(&generic) {
            assert!(
                [
                    "seed",
                    "steps",
                    "alpha",
                    "noise_amplitude",
                    "env_min",
                    "env_max",
                    "env_seeds",
                    "update_interval",
                    "fast_sim",
                    "sr_stochastic_enable",
                    "sr_drift_enable",
                    "enable_adaptive",
                ]
                .contains(&g.as_str()),
                "member `{p}` is read by no signal, yet is not a known parameter"
            );
        }
        // 40 LFSRs × (seed, steps) (19 envelopes, 5 SR noise, 5 SR drift, 10 cortical drift and
        // jitter, 1 pink); 19 envelopes × 5 constants; 3 columns × 5 seeds; the SR drift
        // interval; FAST_SIM in u_clk_en; the top's 4 parameters.
        assert_eq!(
            params.len(),
            40 * 2 + 19 * 5 + 3 * 5 + 1 + 1 + 4,
            "{params:?}"
        );
        let registers = model
            .roles
            .values()
            .filter(|r| matches!(r, Role::Register(_)))
            .count();
        assert_eq!(registers + params.len() + 1, model.roles.len());
        assert_eq!(model.roles.get("tick"), Some(&Role::Tick));
        // A few registers and the signal that reads them.
        let reads = |path: &str| -> Vec<String> {
            match &model.roles[path] {
                Role::Register(s) => s.iter().map(|&i| model.table[i].name.clone()).collect(),
                r => panic!("{path} is {r:?}"),
            }
        };
        assert_eq!(
            reads("u_thalamus.u_theta.x"),
            ["debug_theta", "u_thalamus.u_theta.x"]
        );
        assert_eq!(reads("u_energy.force[0]"), ["u_energy.force_0"]);
        assert_eq!(reads("u_qid[3].stability"), ["u_qid_f3.stability"]);
        assert_eq!(reads("u_pink.rows[6]"), ["u_pink.row6", "u_pink.pink_out"]);
        assert_eq!(
            reads("u_ctx_drift.drift[3]"),
            ["u_ctx_drift.drift_l4", "u_ctx_drift.omega_drift_l4"]
        );
        assert_eq!(reads("u_ca3.w[14]"), ["u_ca3.w_4_5"]);
        assert_eq!(
            reads("u_config.transitioning"),
            ["state_transitioning", "u_config.transitioning"]
        );
        assert_eq!(
            reads("u_mixer.dac_output"),
            ["dac_output", "u_mixer.dac_output"]
        );
    }

    #[test]
    fn layout_is_stable_and_names_the_table() {
        assert!(layout().starts_with("signals=508 fields="), "{}", layout());
        assert_eq!(compute_layout(), layout());
    }

    /// Any in-range value of every register loads and ticks without a panic: a hand-edited
    /// checkpoint can describe a state the processor never reaches, but not crash it.
    #[test]
    fn random_in_range_registers_load_and_tick_without_panic() {
        let model = Model::get();
        let seed = 0x11b_c4ec;
        println!("seed {seed:#x}");
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let reference = to_tree(&PhiNNeuralProcessor::default());
        let mut all = Vec::new();
        leaves(&reference, "", "", &mut all);
        for round in 0..20 {
            let mut tree = reference.clone();
            for (path, pointer, v) in &all {
                let Some(Role::Register(sigs)) = model.roles.get(path) else {
                    continue;
                };
                if path.starts_with("u_clk_en.") {
                    continue; // held fixed by the model, checked on load
                }
                let slot = tree.pointer_mut(pointer).unwrap();
                if v.is_boolean() {
                    *slot = Value::Bool(rng.next_u32() & 1 == 1);
                } else {
                    let (lo, hi) = sigs
                        .iter()
                        .map(|&i| range_of(model.table[i].width, model.table[i].signed))
                        .fold((i128::MIN, i128::MAX), |a, b| (a.0.max(b.0), a.1.min(b.1)));
                    // Bias towards the extremes, where the arithmetic is tight.
                    let x = match rng.next_u32() % 4 {
                        0 => lo,
                        1 => hi,
                        _ => lo + i128::from(rng.next_u64()) % (hi - lo + 1),
                    };
                    *slot = Value::from(x as i64);
                }
            }
            let doc = serde_json::json!({
                "format": FORMAT, "version": VERSION, "phin_version": PHIN_VERSION,
                "layout": layout(), "params": PhiNNeuralProcessorParams::DEFAULT,
                "tick": 0, "processor": tree,
            });
            let mut p = Checkpoint::from_json(&doc.to_string())
                .unwrap_or_else(|e| panic!("round {round}: {e}"))
                .into_processor();
            for k in 0..2_000u32 {
                p.tick(&crate::phi_n_neural_processor::PhiNNeuralProcessorInputs {
                    state_select: (k / 500) as u8,
                    ..Default::default()
                });
            }
        }
    }
}
