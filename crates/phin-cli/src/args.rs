//! The arguments every subcommand shares, parsed one way: the user error, ranges, consciousness
//! states (by name or code), scheduled transitions, Q4.14 reals and per-tick input files.
//!
//! Names, codes and conversions come from phin-core (`identity::ConsciousnessState`,
//! `control::q14_input`, `control::transition_ticks`), so `phin run` and `phin sweep` accept the
//! same spellings and refuse the same values with the same message.

use phin_core::constants::TICK_HZ;
use phin_core::control::{q14_input, transition_ticks};
use phin_core::identity::ConsciousnessState;
use serde::Serialize;
use std::path::Path;

/// A failure the user can act on: printed as one line, exit status 2.
#[derive(Debug)]
pub struct UserError(pub String);

impl<E: std::fmt::Display> From<E> for UserError {
    fn from(e: E) -> Self {
        UserError(e.to_string())
    }
}

/// Checks an integer argument against an inclusive range, naming the field.
pub fn in_range(field: &str, v: i64, lo: i64, hi: i64) -> Result<i64, UserError> {
    if v < lo || v > hi {
        Err(UserError(format!(
            "{field} = {v} is out of range (allowed {lo}..={hi})"
        )))
    } else {
        Ok(v)
    }
}

/// Checks a real argument against `[lo, hi]` (or `(lo, hi]` when `lo_open`), naming the field;
/// NaN and infinities are refused.
pub fn check_real(field: &str, v: f64, lo: f64, hi: f64, lo_open: bool) -> Result<f64, UserError> {
    let low_ok = if lo_open { v > lo } else { v >= lo };
    if !v.is_finite() || !low_ok || v > hi {
        let open = if lo_open { "(" } else { "[" };
        return Err(UserError(format!(
            "{field} = {v} is out of range (allowed {open}{lo}, {hi}])"
        )));
    }
    Ok(v)
}

/// A clap value parser for an integer flag in `lo ..= hi`: negative numbers and numbers too
/// large for the flag get the range in the message (`-1 is out of range (allowed 0..=…)`),
/// not clap's "unexpected argument". The flag must also say `allow_negative_numbers = true`.
pub fn ranged(lo: u64, hi: u64) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync {
    move |s: &str| match s.trim().parse::<i128>() {
        Ok(v) if v >= i128::from(lo) && v <= i128::from(hi) => Ok(v as u64),
        Ok(_) => Err(format!("is out of range (allowed {lo}..={hi})")),
        Err(_) => Err(format!("is not an integer (allowed {lo}..={hi})")),
    }
}

/// A consciousness state by name (`normal`, `anesthesia`, `psychedelic`, `flow`, `meditation`,
/// any case) or by its `state_select` code 0-4.
pub fn parse_state(field: &str, s: &str) -> Result<ConsciousnessState, UserError> {
    if let Ok(state) = s.parse::<ConsciousnessState>() {
        return Ok(state);
    }
    match s.trim().parse::<u8>() {
        Ok(code) => ConsciousnessState::from_code(code),
        Err(_) => None,
    }
    .ok_or_else(|| {
        let names: Vec<&str> = ConsciousnessState::ALL.iter().map(|c| c.name()).collect();
        let last = ConsciousnessState::ALL.len() - 1;
        UserError(format!(
            "{field} = {s:?} is not a state (allowed: {} or 0..={last})",
            names.join(", ")
        ))
    })
}

/// A comma-separated list of states (each as [`parse_state`] takes it), in the order given.
pub fn parse_states(field: &str, list: &str) -> Result<Vec<ConsciousnessState>, UserError> {
    list.split(',')
        .map(|s| parse_state(field, s.trim()))
        .collect()
}

/// A scheduled state change: `--transition STATE@SECONDS[:DURATION]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Transition {
    /// Target state, serialised as its `state_select` code.
    #[serde(serialize_with = "state_code")]
    pub state: ConsciousnessState,
    /// Tick the request starts.
    pub tick: u64,
    /// Ramp length in ticks (`transition_duration`).
    pub duration_ticks: u16,
}

fn state_code<S: serde::Serializer>(s: &ConsciousnessState, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_u8(s.code())
}

/// Parses `STATE@SECONDS[:DURATION]` for a run of `run_seconds`: the change starts at SECONDS
/// (in `[0, run_seconds)`) and ramps over DURATION seconds (default 1; 0 … 16.38375, the longest
/// `transition_duration` holds).
pub fn parse_transition(s: &str, run_seconds: f64) -> Result<Transition, UserError> {
    let bad = |why: String| UserError(format!("--transition {s:?}: {why}"));
    let (state, rest) = s
        .split_once('@')
        .ok_or_else(|| bad("expected STATE@SECONDS[:DURATION]".into()))?;
    let state = parse_state("--transition state", state)?;
    let (at, dur) = match rest.split_once(':') {
        Some((a, d)) => (a, Some(d)),
        None => (rest, None),
    };
    let at: f64 = at
        .trim()
        .parse()
        .map_err(|_| bad(format!("SECONDS {at:?} is not a number")))?;
    if !at.is_finite() || at < 0.0 || at >= run_seconds {
        return Err(bad(format!(
            "SECONDS = {at} is out of range (allowed [0, {run_seconds}))"
        )));
    }
    let dur: f64 = match dur {
        Some(d) => d
            .trim()
            .parse()
            .map_err(|_| bad(format!("DURATION {d:?} is not a number")))?,
        None => 1.0,
    };
    let duration_ticks = transition_ticks(dur).map_err(|e| {
        bad(format!(
            "DURATION = {dur} is out of range (allowed {} … {} seconds)",
            e.min, e.max
        ))
    })?;
    Ok(Transition {
        state,
        tick: (at * TICK_HZ).round() as u64,
        duration_ticks,
    })
}

/// The tick of a `--sie-at SECONDS` (a time in `[0, run_seconds)`), rounded to the nearest tick.
pub fn parse_sie_at(at: f64, run_seconds: f64) -> Result<u64, UserError> {
    if !at.is_finite() || at < 0.0 || at >= run_seconds {
        return Err(UserError(format!(
            "--sie-at = {at} is out of range (allowed [0, {run_seconds}))"
        )));
    }
    Ok((at * TICK_HZ).round() as u64)
}

/// The Q4.14 word of a real given on the command line (`flag = text`), through the core's
/// conversion: the error names the flag and the range an 18-bit port carries.
pub fn q14_real(flag: &str, text: &str) -> Result<(f64, i32), UserError> {
    let text = text.trim();
    let v: f64 = text.parse().map_err(|_| {
        UserError(format!(
            "{flag}: {text:?} is not a number (a real, 1.0 = full scale)"
        ))
    })?;
    let word = q14_input("value", v).map_err(|e| {
        UserError(format!(
            "{flag} = {text} is out of range (allowed {} … {})",
            e.min, e.max
        ))
    })?;
    Ok((v, word))
}

/// Reads a per-tick input file: one row per tick of up to `N` comma-separated reals (a row may
/// have only the first value; the others are then 0), each converted to the Q4.14 word of the
/// port named in `ports` by the core's conversion; `#` starts a comment; blank lines are skipped;
/// at most `max_rows` rows are read. Errors name the flag, the file, the line and the port.
///
/// Files as spreadsheets and pandas write them are accepted: a UTF-8 byte-order mark, CRLF line
/// ends, and a header row (a first row that is not numbers). A header whose first name is empty
/// is pandas' `to_csv` with its index: that first column (the row number) is then dropped from
/// every row.
pub fn read_rows<const N: usize>(
    flag: &str,
    path: &Path,
    ports: [&'static str; N],
    max_rows: u64,
) -> Result<Vec<[i32; N]>, UserError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("{flag} {}: {e}", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rows = Vec::new();
    // None until the first data line has been seen; then whether column 0 is an index.
    let mut indexed: Option<bool> = None;
    for (k, line) in text.lines().enumerate() {
        let at = || format!("{flag} {}:{}", path.display(), k + 1);
        let body = line.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        let mut fields: Vec<&str> = body.split(',').collect();
        if indexed.is_none() {
            let is_number = |f: &&str| f.trim().parse::<f64>().is_ok();
            if !fields.iter().all(is_number) && !fields.iter().any(is_number) {
                // A header row: names, not numbers.
                indexed = Some(fields[0].trim().trim_matches('"').is_empty());
                continue;
            }
            indexed = Some(false);
        }
        if indexed == Some(true) {
            fields.remove(0);
        }
        if fields.len() != 1 && fields.len() != N {
            return Err(UserError(format!(
                "{}: {} values (allowed 1 or {N} per line)",
                at(),
                fields.len()
            )));
        }
        let mut row = [0i32; N];
        for ((word, text), port) in row.iter_mut().zip(&fields).zip(ports) {
            let v: f64 = text.trim().parse().map_err(|_| {
                UserError(format!(
                    "{}: {text:?} is not a number (one real per tick, 1.0 = full scale)",
                    at()
                ))
            })?;
            *word = q14_input(port, v).map_err(|e| UserError(format!("{}: {e}", at())))?;
        }
        rows.push(row);
        if rows.len() as u64 >= max_rows {
            break;
        }
    }
    if rows.is_empty() {
        return Err(UserError(format!(
            "{flag} {}: no values (one row per tick expected)",
            path.display()
        )));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_by_name_and_code_and_one_message_for_both_commands() {
        assert_eq!(
            parse_state("--state", "Meditation").unwrap(),
            ConsciousnessState::Meditation
        );
        assert_eq!(
            parse_state("--state", " 3 ").unwrap(),
            ConsciousnessState::Flow
        );
        assert_eq!(
            parse_states("--states", "0,anesthesia, psychedelic").unwrap(),
            [
                ConsciousnessState::Normal,
                ConsciousnessState::Anesthesia,
                ConsciousnessState::Psychedelic
            ]
        );
        let e = parse_state("--state", "5").unwrap_err().0;
        assert_eq!(
            e,
            "--state = \"5\" is not a state (allowed: normal, anesthesia, psychedelic, flow, \
             meditation or 0..=4)"
        );
        let e = parse_states("--states", "normal,sleepy").unwrap_err().0;
        assert!(e.starts_with("--states = \"sleepy\" is not a state"), "{e}");
    }

    #[test]
    fn transitions_use_the_cores_tick_conversion() {
        let t = parse_transition("flow@1.5:0.25", 10.0).unwrap();
        assert_eq!(
            (t.state, t.tick, t.duration_ticks),
            (ConsciousnessState::Flow, 6_000, 1_000)
        );
        assert_eq!(parse_transition("4@0", 1.0).unwrap().duration_ticks, 4_000);
        let e = parse_transition("flow@1:20", 10.0).unwrap_err().0;
        assert!(
            e.contains("DURATION = 20 is out of range (allowed 0 … 16.38375 seconds)"),
            "{e}"
        );
        assert!(parse_transition("flow@10", 10.0).is_err());
        let j = serde_json::to_string(&t).unwrap();
        assert_eq!(j, r#"{"state":3,"tick":6000,"duration_ticks":1000}"#);
    }

    #[test]
    fn reals_convert_through_the_core() {
        assert_eq!(q14_real("--sensory", "0.25").unwrap(), (0.25, 4_096));
        assert_eq!(q14_real("--sensory", "-8").unwrap().1, -131_072);
        let e = q14_real("--sensory", "9").unwrap_err().0;
        assert_eq!(
            e,
            "--sensory = 9 is out of range (allowed -8 … 7.99993896484375)"
        );
        assert!(q14_real("--sensory", "x")
            .unwrap_err()
            .0
            .contains("not a number"));
        assert!(q14_real("--sensory", "NaN").is_err());
    }
}
