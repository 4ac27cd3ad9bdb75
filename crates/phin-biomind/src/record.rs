//! What a session leaves behind: one [`TrialRecord`] per trial, and the trial table in the
//! format hierarchical-Bayesian model-fitting packages read (hBayesDM: tab-separated, one row
//! per trial, columns `subjID, choice, outcome` for the bandit and reversal models
//! (`bandit2arm_*`, `prl_*`), `subjID, cue, keyPressed, outcome` for go/no-go (`gng_m1..m4`)),
//! so a researcher fits the agent with the tools used on people. Extra columns follow the
//! required ones; hBayesDM ignores them.
//!
//! ```
//! use phin_biomind::record::{trial_table, TrialRecord};
//! use phin_biomind::tasks::TaskKind;
//!
//! let r = TrialRecord { subject: 1, trial: 1, choice: Some(0), outcome: 1.0, correct: Some(true), ..Default::default() };
//! let t = trial_table(TaskKind::Bandit, &[r]);
//! assert!(t.starts_with("subjID\ttrial\tchoice\toutcome\t"));
//! assert!(t.lines().nth(1).unwrap().starts_with("1\t1\t1\t1\t"));
//! ```

use crate::tasks::{TaskKind, GO};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The dopamine responses of one trial, measured on the level as the NT model holds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DaResponse {
    /// Largest phasic DA (level − tonic − imperative) in the response window (0.3 s) after cue
    /// onset.
    pub cue: f64,
    /// Largest phasic DA in the response window after the outcome (0 without an outcome).
    pub outcome: f64,
    /// Smallest phasic DA (a dip is negative) in the expected-reward window of an omission
    /// trial: from 0.1 s before to 0.35 s after the time the reward was due (two theta cycles;
    /// `MeasureParams`).
    pub omission_dip: f64,
    /// When that minimum happened, s after cue onset.
    pub omission_dip_time_s: f64,
    /// Smallest phasic DA anywhere from the expected reward time to the end of the trial.
    pub omission_dip_late: f64,
    /// When that happened, s after cue onset.
    pub omission_dip_late_time_s: f64,
}

/// One trial.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialRecord {
    /// Subject (agent) number, 1-based (`subjID`).
    pub subject: u32,
    /// Trial number, 1-based.
    pub trial: u32,
    /// Cue index, 0-based (the table writes 1-based).
    pub cue: usize,
    /// The action, 0-based (None: no choice; go/no-go: 0 = go). The table writes 1-based.
    pub choice: Option<usize>,
    /// The outcome.
    pub outcome: f64,
    /// The choice was the correct one.
    pub correct: Option<bool>,
    /// Reversal phase (0 = acquisition).
    pub phase: u32,
    /// The correct arm reverses after this trial.
    pub reversal_after: bool,
    /// Pavlovian: the reward was omitted.
    pub omitted: bool,
    /// Time from the opening of the response window to the choice, s.
    pub rt_s: Option<f64>,
    /// Cue onset, s from the start of the session (after the warm-up).
    pub start_s: f64,
    /// The dopamine responses (sessions only).
    pub da: Option<DaResponse>,
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "NA".to_string())
}

fn real(v: f64) -> String {
    format!("{v:.6}")
}

/// The trial table of `records` for `kind` (tab-separated, header first, `\n` line ends).
/// Missing values are `NA`.
pub fn trial_table(kind: TaskKind, records: &[TrialRecord]) -> String {
    let mut out = String::new();
    let header: &[&str] = match kind {
        TaskKind::Bandit | TaskKind::Reversal => &[
            "subjID", "trial", "choice", "outcome", "correct", "phase", "reversal", "rt_s",
            "onset_s",
        ],
        TaskKind::GoNoGo => &[
            "subjID",
            "trial",
            "cue",
            "keyPressed",
            "outcome",
            "correct",
            "rt_s",
            "onset_s",
        ],
        TaskKind::Pavlovian => &[
            "subjID",
            "trial",
            "cue",
            "outcome",
            "omitted",
            "da_cue",
            "da_outcome",
            "da_omission_dip",
            "da_omission_dip_s",
            "onset_s",
        ],
    };
    out.push_str(&header.join("\t"));
    out.push('\n');
    for r in records {
        let correct = opt(r.correct.map(u8::from));
        let rt = opt(r.rt_s.map(real));
        let row: Vec<String> = match kind {
            TaskKind::Bandit | TaskKind::Reversal => vec![
                r.subject.to_string(),
                r.trial.to_string(),
                opt(r.choice.map(|c| c + 1)),
                r.outcome.to_string(),
                correct,
                r.phase.to_string(),
                u8::from(r.reversal_after).to_string(),
                rt,
                real(r.start_s),
            ],
            TaskKind::GoNoGo => vec![
                r.subject.to_string(),
                r.trial.to_string(),
                (r.cue + 1).to_string(),
                opt(r.choice.map(|c| u8::from(c == GO))),
                r.outcome.to_string(),
                correct,
                rt,
                real(r.start_s),
            ],
            TaskKind::Pavlovian => {
                let da = r.da.unwrap_or_default();
                let (dip, dip_t) = if r.omitted {
                    (real(da.omission_dip), real(da.omission_dip_time_s))
                } else {
                    ("NA".to_string(), "NA".to_string())
                };
                vec![
                    r.subject.to_string(),
                    r.trial.to_string(),
                    (r.cue + 1).to_string(),
                    r.outcome.to_string(),
                    u8::from(r.omitted).to_string(),
                    if r.da.is_some() {
                        real(da.cue)
                    } else {
                        "NA".into()
                    },
                    if r.da.is_some() {
                        real(da.outcome)
                    } else {
                        "NA".into()
                    },
                    dip,
                    dip_t,
                    real(r.start_s),
                ]
            }
        };
        let _ = writeln!(out, "{}", row.join("\t"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_nogo_rows_carry_cue_and_key_pressed() {
        let rows = [
            TrialRecord {
                subject: 3,
                trial: 7,
                cue: 2,
                choice: Some(GO),
                outcome: 0.0,
                correct: Some(false),
                rt_s: Some(0.0625),
                ..Default::default()
            },
            TrialRecord {
                subject: 3,
                trial: 8,
                cue: 3,
                choice: Some(1),
                outcome: -1.0,
                correct: Some(true),
                ..Default::default()
            },
        ];
        let t = trial_table(TaskKind::GoNoGo, &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "subjID\ttrial\tcue\tkeyPressed\toutcome\tcorrect\trt_s\tonset_s"
        );
        assert_eq!(lines[1], "3\t7\t3\t1\t0\t0\t0.062500\t0.000000");
        assert_eq!(lines[2], "3\t8\t4\t0\t-1\t1\tNA\t0.000000");
    }
}
