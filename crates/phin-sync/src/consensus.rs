//! Consensus time with Byzantine fault tolerance: the fault-tolerant midpoint of Lynch and
//! Welch (Welch & Lynch 1988, "A new fault-tolerant algorithm for clock synchronization"), with
//! the source document's agreement threshold in front of it.
//!
//! Every consensus round each layer sends its clock reading to every other layer; a Byzantine
//! layer may send each receiver a different value. Each receiver then, on its own:
//!
//! 1. **Agreement** (the document's `consensus_threshold = 0.75`): it finds the largest set of
//!    readings (its own included) within the agreement window (the drift tolerance, 1 ms = 4
//!    ticks) of each other. Fewer than ⌈0.75 · 9⌉ = 7 is a reported failure
//!    ([`Outcome::NoQuorum`]): the receiver keeps its clock and says so. Readings outside that
//!    set, and missing ones, are the faults it detects.
//! 2. **Fault-tolerant midpoint** (`byzantine_tolerance = 0.33`, f = ⌊0.33 · 9⌋ = 2): it sorts
//!    the readings it has, drops the f lowest and the f highest and moves its clock to the
//!    midpoint of the rest.
//!
//! **The documented bound.** With at most f faulty layers among n ≥ 3f + 1 and exact readings,
//! after a round every correct clock lies within the range of the correct clocks' readings, and
//! the spread of the correct clocks is at most half what it was (Welch & Lynch's convergence
//! lemma): [`skew_bound_after_round`]. Between rounds the clocks drift apart again by at most
//! (ρmax − ρmin) · (check period), so the steady skew is at most 2 (ρmax − ρmin) · (check
//! period): 80 ppm at 400 ticks gives 0.064 ticks, far inside the document's 1 ms.
//!
//! **Why all-to-all, not over the ±1 channels.** Byzantine agreement needs a network whose
//! connectivity is at least 2f + 1 (Dolev 1982, "The Byzantine generals strike again"); the
//! ±1 chain has connectivity 1, so one faulty middle layer would cut it in two and no protocol
//! on it could tolerate a single Byzantine layer. The votes therefore travel on a sync plane
//! that reaches every layer (the document's heartbeat already "sends a pulse through all
//! layers"); the ±1 rule governs the information channels ([`crate::Channel`]).
//!
//! With more faulty layers than tolerated, the midpoint can be dragged outside the correct
//! range; such a round is either refused by the agreement threshold (reported) or breaks the
//! bound above, which the engine's skew monitor reports. It is never a silent success.

use serde::{Deserialize, Serialize};

/// The rule a receiver applies to the readings of one round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consensus {
    /// Readings that must agree (7 of 9 at the defaults).
    pub quorum: usize,
    /// Faults tolerated, trimmed from each end (2).
    pub faults_tolerated: usize,
    /// Width of the agreement window, ticks (4).
    pub window: f64,
}

/// What a receiver decided in one round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Agreement: the clock moves by `correction` ticks.
    Agreed {
        /// Readings inside the agreement window.
        agreeing: usize,
        /// New value minus own reading, ticks.
        correction: f64,
    },
    /// Fewer readings agreed than the threshold asks: the clock is left as it is.
    NoQuorum {
        /// Readings inside the best window.
        agreeing: usize,
        /// Readings required.
        required: usize,
    },
}

/// A receiver's decision: the outcome and the layers it found faulty (bit k: layer k's reading
/// was missing or outside the agreement window).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Agreed (with the correction) or not.
    pub outcome: Outcome,
    /// Bit k set: layer k was missing or disagreed.
    pub suspects: u16,
}

impl Decision {
    /// The correction, ticks (0 when there was no agreement).
    pub fn correction(&self) -> f64 {
        match self.outcome {
            Outcome::Agreed { correction, .. } => correction,
            Outcome::NoQuorum { .. } => 0.0,
        }
    }

    /// Whether the round agreed.
    pub fn agreed(&self) -> bool {
        matches!(self.outcome, Outcome::Agreed { .. })
    }
}

/// Largest number of sorted values inside a window of width `w`, and the window's first index.
fn best_window(sorted: &[f64], w: f64) -> (usize, usize) {
    let (mut best, mut at, mut j) = (0, 0, 0);
    for i in 0..sorted.len() {
        while sorted[i] - sorted[j] > w {
            j += 1;
        }
        if i + 1 - j > best {
            best = i + 1 - j;
            at = j;
        }
    }
    (best, at)
}

impl Consensus {
    /// Receiver `own`'s decision on the readings of one round (`readings[k]` from layer k,
    /// `None` when missing; `readings[own]` is its own clock). Allocates nothing.
    pub fn decide(&self, readings: &[Option<f64>], own: usize) -> Decision {
        let mut buf = [(0.0f64, 0usize); 32];
        let mut m = 0;
        let mut suspects = 0u16;
        for (k, r) in readings.iter().enumerate().take(32) {
            match r {
                Some(v) if v.is_finite() => {
                    buf[m] = (*v, k);
                    m += 1;
                }
                _ => suspects |= 1 << k,
            }
        }
        let vals = &mut buf[..m];
        vals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut sorted = [0.0f64; 32];
        for (s, v) in sorted.iter_mut().zip(vals.iter()) {
            *s = v.0;
        }
        let sorted = &sorted[..m];
        let (agreeing, at) = best_window(sorted, self.window);
        for (i, v) in vals.iter().enumerate() {
            if i < at || i >= at + agreeing {
                suspects |= 1 << v.1;
            }
        }
        let f = self.faults_tolerated;
        if agreeing < self.quorum || m < 2 * f + 1 {
            return Decision {
                outcome: Outcome::NoQuorum {
                    agreeing,
                    required: self.quorum,
                },
                suspects,
            };
        }
        let mid = 0.5 * (sorted[f] + sorted[m - 1 - f]);
        let mine = readings[own].unwrap_or(mid);
        Decision {
            outcome: Outcome::Agreed {
                agreeing,
                correction: mid - mine,
            },
            suspects,
        }
    }
}

/// The bound of one round (see the module docs): the spread of the correct clocks after a
/// round is at most half their spread before it.
pub fn skew_bound_after_round(spread_before: f64) -> f64 {
    0.5 * spread_before
}

/// Spread (max − min) of some values; 0 for none.
pub fn spread(values: impl IntoIterator<Item = f64>) -> f64 {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi >= lo {
        hi - lo
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> Consensus {
        Consensus {
            quorum: 7,
            faults_tolerated: 2,
            window: 4.0,
        }
    }

    #[test]
    fn the_midpoint_drops_two_from_each_end_and_flags_the_outliers() {
        let r = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 100.0, -50.0].map(Some);
        let d = rule().decide(&r, 0);
        // Sorted: -50, 0, .5, 1, 1.5, 2, 2.5, 3, 100 → drop two each side → .5 … 2.5 → 1.5.
        assert_eq!(
            d.outcome,
            Outcome::Agreed {
                agreeing: 7,
                correction: 1.5
            }
        );
        assert_eq!(d.suspects, (1 << 7) | (1 << 8));
    }

    #[test]
    fn fewer_than_seven_agreeing_is_a_reported_failure() {
        let mut r = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 30.0, 100.0, -50.0].map(Some);
        let d = rule().decide(&r, 0);
        assert_eq!(
            d.outcome,
            Outcome::NoQuorum {
                agreeing: 6,
                required: 7
            }
        );
        assert_eq!(d.correction(), 0.0);
        r[6] = None;
        r[7] = None;
        r[8] = None;
        assert!(!rule().decide(&r, 0).agreed());
    }
}
