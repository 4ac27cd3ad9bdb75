//! Behavioural and dopamine endpoints per agent, computed from its trial records — the
//! figures a report gives, each with its chance level where it has one.
//!
//! ```
//! use phin_biomind::metrics::reversal_metrics;
//! use phin_biomind::record::TrialRecord;
//!
//! let r: Vec<TrialRecord> = (0..20)
//!     .map(|k| TrialRecord { trial: k + 1, choice: Some(0), correct: Some(true), outcome: 1.0, ..Default::default() })
//!     .collect();
//! let m = reversal_metrics(&r, 9, 10);
//! assert_eq!(m.p_correct, 1.0);
//! assert_eq!(m.win_stay, 1.0);
//! ```

use crate::record::TrialRecord;
use crate::tasks::GngCue;
use serde::{Deserialize, Serialize};

/// Endpoints of a reversal-learning (or bandit) session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReversalMetrics {
    /// Trials to the first criterion (acquisition), if reached.
    pub trials_to_criterion: Option<u32>,
    /// Reversals triggered by the criterion.
    pub reversals: u32,
    /// Perseverative errors: after each reversal, the run of choices of the previously
    /// correct option before the first choice of the new one; summed over reversals.
    pub perseverative_errors: u32,
    /// Reversals of any kind (criterion or timeout) after which errors were counted.
    pub reversals_counted: u32,
    /// Fraction of correct choices.
    pub p_correct: f64,
    /// P(same choice | win on the previous trial).
    pub win_stay: f64,
    /// P(other choice | loss on the previous trial).
    pub lose_shift: f64,
}

impl ReversalMetrics {
    /// Perseverative errors per reversal (NaN without reversals).
    pub fn perseverative_per_reversal(&self) -> f64 {
        if self.reversals_counted == 0 {
            f64::NAN
        } else {
            f64::from(self.perseverative_errors) / f64::from(self.reversals_counted)
        }
    }
}

/// The endpoints of `records` (one agent, in trial order). A reversal counts as achieved when
/// at least `criterion_correct` of the last `window` choices of its phase were correct.
pub fn reversal_metrics(
    records: &[TrialRecord],
    criterion_correct: u32,
    window: u32,
) -> ReversalMetrics {
    let mut m = ReversalMetrics::default();
    let n = records.len();
    if n == 0 {
        return m;
    }
    m.p_correct = records.iter().filter(|r| r.correct == Some(true)).count() as f64 / n as f64;
    let (mut wins, mut stays, mut losses, mut shifts) = (0u32, 0u32, 0u32, 0u32);
    for w in records.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if let (Some(ca), Some(cb)) = (a.choice, b.choice) {
            if a.outcome > 0.0 {
                wins += 1;
                stays += u32::from(ca == cb);
            } else {
                losses += 1;
                shifts += u32::from(ca != cb);
            }
        }
    }
    m.win_stay = if wins > 0 {
        f64::from(stays) / f64::from(wins)
    } else {
        f64::NAN
    };
    m.lose_shift = if losses > 0 {
        f64::from(shifts) / f64::from(losses)
    } else {
        f64::NAN
    };
    let mut phase_start = 0usize;
    for (k, r) in records.iter().enumerate() {
        if !r.reversal_after {
            continue;
        }
        let phase = &records[phase_start..=k];
        let last: Vec<&TrialRecord> = phase.iter().rev().take(window as usize).collect();
        let hits = last.iter().filter(|t| t.correct == Some(true)).count() as u32;
        let achieved = last.len() == window as usize && hits >= criterion_correct;
        if achieved {
            m.reversals += 1;
            if m.trials_to_criterion.is_none() && r.phase == 0 {
                m.trials_to_criterion = Some(r.trial);
            }
        }
        // Perseveration after this reversal: the run of errors at the start of the next phase.
        if k + 1 < n {
            m.reversals_counted += 1;
            m.perseverative_errors += records[k + 1..]
                .iter()
                .take_while(|t| t.correct == Some(false))
                .count() as u32;
        }
        phase_start = k + 1;
    }
    m
}

/// P(correct) at trials aligned to each reversal: `before` trials before the first trial of
/// the new phase to `after` trials after it (NaN where no trial exists), averaged over the
/// reversals of one agent.
pub fn aligned_p_correct(records: &[TrialRecord], before: usize, after: usize) -> Vec<f64> {
    let len = before + after;
    let mut sum = vec![0.0; len];
    let mut count = vec![0u32; len];
    for (k, r) in records.iter().enumerate() {
        if !r.reversal_after {
            continue;
        }
        let start = k + 1;
        for j in 0..len {
            let idx = start as isize + j as isize - before as isize;
            if idx >= 0 && (idx as usize) < records.len() {
                if let Some(c) = records[idx as usize].correct {
                    sum[j] += f64::from(u8::from(c));
                    count[j] += 1;
                }
            }
        }
    }
    sum.iter()
        .zip(&count)
        .map(|(s, c)| if *c > 0 { s / f64::from(*c) } else { f64::NAN })
        .collect()
}

/// Go/no-go endpoints of one agent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GngMetrics {
    /// Accuracy per cue (GW, GAL, NGW, NGAL).
    pub accuracy: [f64; 4],
    /// P(go) per cue.
    pub p_go: [f64; 4],
}

impl GngMetrics {
    /// The Pavlovian bias as the congruence effect: accuracy on GW − accuracy on NGW.
    pub fn go_to_win_advantage(&self) -> f64 {
        self.accuracy[0] - self.accuracy[2]
    }
}

/// Go/no-go endpoints of `records`.
pub fn gng_metrics(records: &[TrialRecord]) -> GngMetrics {
    let mut m = GngMetrics::default();
    for c in GngCue::ALL.iter().enumerate().map(|(k, _)| k) {
        let rows: Vec<&TrialRecord> = records.iter().filter(|r| r.cue == c).collect();
        let n = rows.len().max(1) as f64;
        m.accuracy[c] = rows.iter().filter(|r| r.correct == Some(true)).count() as f64 / n;
        m.p_go[c] = rows
            .iter()
            .filter(|r| r.choice == Some(crate::tasks::GO))
            .count() as f64
            / n;
    }
    m
}

/// The dopamine pattern of a Pavlovian session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DaPattern {
    /// The phasic response to the reward on trial 1.
    pub first_burst: f64,
    /// Mean response at the cue over the trained window (rewarded trials).
    pub cue_trained: f64,
    /// Mean response at the (predicted) reward over the trained window.
    pub reward_trained: f64,
    /// Mean dip in the expected-reward window over the omission probes (negative).
    pub omission_dip: f64,
    /// Mean time of that dip after cue onset, s.
    pub omission_dip_time_s: f64,
    /// Omission probes.
    pub probes: u32,
}

impl DaPattern {
    /// Cue response as a fraction of the first burst.
    pub fn cue_ratio(&self) -> f64 {
        self.cue_trained / self.first_burst
    }
    /// Trained reward response as a fraction of the first burst.
    pub fn reward_ratio(&self) -> f64 {
        self.reward_trained / self.first_burst
    }
    /// The dip's depth below baseline as a fraction of the first burst (positive).
    pub fn dip_ratio(&self) -> f64 {
        -self.omission_dip / self.first_burst
    }
}

/// The DA pattern of `records`: the trained window is the `trained` rewarded trials before the
/// first omission probe.
pub fn da_pattern(records: &[TrialRecord], trained: usize) -> DaPattern {
    let mut p = DaPattern::default();
    let Some(first) = records.first().and_then(|r| r.da) else {
        return p;
    };
    p.first_burst = first.outcome;
    let first_probe = records
        .iter()
        .position(|r| r.omitted)
        .unwrap_or(records.len());
    let window: Vec<&TrialRecord> = records[..first_probe]
        .iter()
        .rev()
        .filter(|r| !r.omitted)
        .take(trained)
        .collect();
    let n = window.len().max(1) as f64;
    p.cue_trained = window
        .iter()
        .filter_map(|r| r.da)
        .map(|d| d.cue)
        .sum::<f64>()
        / n;
    p.reward_trained = window
        .iter()
        .filter_map(|r| r.da)
        .map(|d| d.outcome)
        .sum::<f64>()
        / n;
    let probes: Vec<&TrialRecord> = records.iter().filter(|r| r.omitted).collect();
    p.probes = probes.len() as u32;
    let m = probes.len().max(1) as f64;
    p.omission_dip = probes
        .iter()
        .filter_map(|r| r.da)
        .map(|d| d.omission_dip)
        .sum::<f64>()
        / m;
    p.omission_dip_time_s = probes
        .iter()
        .filter_map(|r| r.da)
        .map(|d| d.omission_dip_time_s)
        .sum::<f64>()
        / m;
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(
        trial: u32,
        choice: usize,
        correct: bool,
        outcome: f64,
        rev: bool,
        phase: u32,
    ) -> TrialRecord {
        TrialRecord {
            trial,
            choice: Some(choice),
            correct: Some(correct),
            outcome,
            reversal_after: rev,
            phase,
            ..Default::default()
        }
    }

    #[test]
    fn perseveration_counts_the_run_of_old_choices_after_a_reversal() {
        let mut r: Vec<TrialRecord> = (0..10)
            .map(|k| rec(k + 1, 0, true, 1.0, k == 9, 0))
            .collect();
        // After the reversal: three old choices, then the new one, then an old one again.
        r.push(rec(11, 0, false, -1.0, false, 1));
        r.push(rec(12, 0, false, -1.0, false, 1));
        r.push(rec(13, 0, false, 1.0, false, 1));
        r.push(rec(14, 1, true, 1.0, false, 1));
        r.push(rec(15, 0, false, -1.0, false, 1));
        let m = reversal_metrics(&r, 9, 10);
        assert_eq!(m.trials_to_criterion, Some(10));
        assert_eq!(m.reversals, 1);
        assert_eq!(m.perseverative_errors, 3);
        assert_eq!(m.perseverative_per_reversal(), 3.0);
        let a = aligned_p_correct(&r, 2, 5);
        assert_eq!(a, vec![1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
        // Lose-shift: losses at 11, 12, 15(last, no next): shifts 11→12 no, 12→13 no.
        assert_eq!(m.lose_shift, 0.0);
    }
}
