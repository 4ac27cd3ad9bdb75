//! `phin run --config run.toml`: a run specification file. Every key is a flag of `phin run`
//! with `-` written `_`, taking the same values (`state = "meditation"`, `seconds = 60`,
//! `transitions = ["flow@30:2", "normal@90"]`, `trace_every = 4`, `vcd_signals = "none"`).
//! Flags given on the command line override the file's keys (a `--transition` replaces the
//! file's whole list). Unknown keys are errors naming the key and its line. Relative paths in a
//! file are relative to the file's folder, as Cargo reads its manifests.
//!
//! The effective configuration (every value the run used, input paths made absolute) is
//! written beside the results as `run.toml`; `phin run --config DIR/run.toml --out OTHER`
//! repeats the run.

use crate::args::UserError;
use crate::report::TraceFormat;
use crate::run::RunModule;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Every setting of `phin run`; `None` where not given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// `--module`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<RunModule>,
    /// `--state`: a name or a code 0-4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `--seconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// `--seed` (at most 2^63 − 1 in a file: TOML integers are signed 64-bit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// `--adaptive`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adaptive: Option<bool>,
    /// `--transition`, each `STATE@SECONDS[:DURATION]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transitions: Option<Vec<String>>,
    /// `--sensory FILE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensory: Option<PathBuf>,
    /// `--sr-field FILE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sr_field: Option<PathBuf>,
    /// `--sie-at SECONDS`, each a time at which `ignition_trigger` is high for one tick.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sie_at: Option<Vec<f64>>,
    /// `--out DIR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out: Option<PathBuf>,
    /// `--force` (not written to the effective configuration: it says how to write, not what).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    /// `--format`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<TraceFormat>,
    /// `--trace-every N`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_every: Option<u64>,
    /// `--trace-signals LIST` (`all`, `none` or names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_signals: Option<String>,
    /// `--vcd-signals LIST` (`default`, `all`, `none` or names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcd_signals: Option<String>,
    /// `wav = false` is `--no-wav`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wav: Option<bool>,
    /// `--max-output SIZE` (`500M`, `2G`, bytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_output: Option<String>,
    /// `--json` (not written to the effective configuration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<bool>,
    /// `--mu` (with `module`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mu: Option<i64>,
    /// `--omega-dt` (with `module`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omega_dt: Option<i64>,
    /// `--input-x` (with `module`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_x: Option<i64>,
    /// `--settle` (with `module`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settle: Option<f64>,
}

/// The flag a key stands for (`sr_field` → `--sr-field`; `transitions` → `--transition`;
/// `wav` → `--no-wav`).
pub fn flag_of(key: &str) -> String {
    match key {
        "transitions" => "--transition".into(),
        "wav" => "--no-wav".into(),
        k => format!("--{}", k.replace('_', "-")),
    }
}

impl RunConfig {
    /// Reads a configuration file; paths in it become relative to its folder. Errors name the
    /// file, the line and the key.
    pub fn load(path: &Path) -> Result<RunConfig, UserError> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError(format!("--config {shown}: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut c: RunConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let msg = e.message().replace('\n', " ");
            match line {
                Some(l) => UserError(format!("--config {shown}:{l}: {msg}")),
                None => UserError(format!("--config {shown}: {msg}")),
            }
        })?;
        let base = crate::files::parent_of(path);
        for p in [&mut c.sensory, &mut c.sr_field, &mut c.out]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(c)
    }

    /// The keys that are set, in the struct's order.
    pub fn keys(&self) -> Vec<String> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// `self`'s values where set, else `file`'s.
    pub fn over(self, file: RunConfig) -> RunConfig {
        RunConfig {
            module: self.module.or(file.module),
            state: self.state.or(file.state),
            seconds: self.seconds.or(file.seconds),
            seed: self.seed.or(file.seed),
            adaptive: self.adaptive.or(file.adaptive),
            transitions: self.transitions.or(file.transitions),
            sensory: self.sensory.or(file.sensory),
            sr_field: self.sr_field.or(file.sr_field),
            sie_at: self.sie_at.or(file.sie_at),
            out: self.out.or(file.out),
            force: self.force.or(file.force),
            format: self.format.or(file.format),
            trace_every: self.trace_every.or(file.trace_every),
            trace_signals: self.trace_signals.or(file.trace_signals),
            vcd_signals: self.vcd_signals.or(file.vcd_signals),
            wav: self.wav.or(file.wav),
            max_output: self.max_output.or(file.max_output),
            json: self.json.or(file.json),
            mu: self.mu.or(file.mu),
            omega_dt: self.omega_dt.or(file.omega_dt),
            input_x: self.input_x.or(file.input_x),
            settle: self.settle.or(file.settle),
        }
    }

    /// The effective configuration as written beside the results.
    pub fn to_toml(&self) -> Result<String, UserError> {
        let body = toml::to_string(self).map_err(|e| UserError(format!("run.toml: {e}")))?;
        Ok(format!(
            "# The effective configuration of this phin run (phin {}): every value it used.\n\
             # `phin run --config run.toml --out OTHER_DIR` repeats it; flags override keys.\n{body}",
            env!("CARGO_PKG_VERSION")
        ))
    }
}

/// A byte count as people write it: `750000`, `500k`, `200M`, `2G`, `1.5T` (decimal units; a
/// trailing `B` is allowed: `2GB`).
pub fn parse_size(flag: &str, s: &str) -> Result<u64, UserError> {
    let t = s.trim();
    let t = t.strip_suffix(['B', 'b']).unwrap_or(t);
    let (num, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        Some('g' | 'G') => (&t[..t.len() - 1], 1e9),
        Some('t' | 'T') => (&t[..t.len() - 1], 1e12),
        _ => (t, 1.0),
    };
    match num.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v * mult < 1.8e19 => Ok((v * mult) as u64),
        _ => Err(UserError(format!(
            "{flag} = {s} is out of range (allowed a size above 0: bytes, or with k, M, G, T)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units_and_bad_ones_name_the_flag() {
        assert_eq!(parse_size("--max-output", "500M").unwrap(), 500_000_000);
        assert_eq!(parse_size("--max-output", "2GB").unwrap(), 2_000_000_000);
        assert_eq!(parse_size("--max-output", "1.5k").unwrap(), 1_500);
        assert_eq!(parse_size("--max-output", "123").unwrap(), 123);
        let e = parse_size("--max-output", "-3G").unwrap_err().0;
        assert!(e.starts_with("--max-output = -3G is out of range"), "{e}");
        assert!(parse_size("--max-output", "lots").is_err());
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-out/config");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.toml");
        std::fs::write(&p, "state = \"flow\"\nsedd = 3\n").unwrap();
        let e = RunConfig::load(&p).unwrap_err().0;
        assert!(e.contains("bad.toml:2") && e.contains("sedd"), "{e}");
        assert!(!e.contains('\n'));
        std::fs::write(&p, "\u{feff}seconds = 2\nsensory = \"s.txt\"\n").unwrap();
        let c = RunConfig::load(&p).unwrap();
        assert_eq!(c.seconds, Some(2.0));
        assert_eq!(c.sensory, Some(dir.join("s.txt")));
        assert_eq!(c.keys(), ["seconds", "sensory"]);
    }

    #[test]
    fn flags_override_the_file_and_the_effective_file_reads_back() {
        let file = RunConfig {
            state: Some("flow".into()),
            seconds: Some(5.0),
            transitions: Some(vec!["normal@1".into()]),
            ..Default::default()
        };
        let flags = RunConfig {
            seconds: Some(2.0),
            ..Default::default()
        };
        let c = flags.over(file);
        assert_eq!((c.state.as_deref(), c.seconds), (Some("flow"), Some(2.0)));
        let text = c.to_toml().unwrap();
        let back: RunConfig = toml::from_str(&text).unwrap();
        assert_eq!(back, c);
        assert_eq!(flag_of("sr_field"), "--sr-field");
    }
}
