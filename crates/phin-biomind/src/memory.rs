//! Hippocampal memory and thalamic gating, bound to the processor (docs/biomind.md, part 2).
//!
//! The blueprint names a hippocampus (its table of contents and architecture diagram) and never
//! writes its body. The design here uses the processor's own CA3 phase memory as the index of an
//! episodic store (hippocampal indexing theory, Teyler & DiScenna 1986):
//!
//! 1. **Thalamic gate** ([`ThalamicGate`]). During each of the processor's theta *encoding*
//!    windows (theta bins 0–3, read from the probe) the current sensory item is written into the
//!    hippocampal input buffer with the weight `attention·gain_encoding`; in the *retrieval*
//!    windows (bins 4–7) nothing new is written (`gain_retrieval`, default 0) and the buffer
//!    holds what the last encoding window wrote. Each encoding window overwrites the buffer, so
//!    it holds at most one theta cycle's input.
//! 2. **Storage on the processor's learn events** ([`EpisodicStore::learn_event`]). When the
//!    processor's CA3 signals its Hebbian update (`ca3_learning`, once per theta cycle at its
//!    peak event — measured at theta bin 6), the buffer's content, if its weight passes
//!    `store_gate`, is stored as an episode keyed by the processor's CA3 input pattern at that
//!    tick (`cortical_pattern`, 6 bits). An episode already in the store that the content matches
//!    (cosine ≥ `merge_similarity`) is strengthened instead of duplicated.
//! 3. **Recall** ([`EpisodicStore::recall`]) by similarity from a partial cue: the episode whose
//!    content has the largest cosine with the cue on the cue's known elements;
//!    [`EpisodicStore::recall_by_key`] returns the episodes a CA3 pattern indexes.
//!
//! Items that stay at least one theta cycle are sampled by every cycle's learn event. The
//! control of acceptance 6 replaces the processor's events by the same number of events at
//! shuffled (uniformly random) times: items then go unstored and recall degrades.

use crate::error::{check_range, ParamError};
use serde::{Deserialize, Serialize};

/// Constants of the thalamic gate and the store.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemoryParams {
    /// Gain of the sensory input in the theta encoding window.
    pub gain_encoding: f64,
    /// Gain in the retrieval window (0: the buffer holds).
    pub gain_retrieval: f64,
    /// Smallest buffer weight that is stored.
    pub store_gate: f64,
    /// An item this similar to an episode strengthens it instead of adding one.
    pub merge_similarity: f64,
    /// Episodes held; beyond it the weakest, then oldest, is replaced.
    pub capacity: usize,
}

impl Default for MemoryParams {
    fn default() -> Self {
        MemoryParams {
            gain_encoding: 1.0,
            gain_retrieval: 0.0,
            store_gate: 0.5,
            merge_similarity: 0.9,
            capacity: 256,
        }
    }
}

impl MemoryParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("memory.gain_encoding", self.gain_encoding, 0.0, 10.0)?;
        check_range("memory.gain_retrieval", self.gain_retrieval, 0.0, 10.0)?;
        check_range("memory.store_gate", self.store_gate, 0.0, 10.0)?;
        check_range("memory.merge_similarity", self.merge_similarity, 0.0, 1.0)?;
        if self.capacity == 0 || self.capacity > 1 << 16 {
            return Err(ParamError::new(
                "memory.capacity",
                self.capacity,
                "1 … 65536",
            ));
        }
        Ok(())
    }
}

/// The thalamic gate's hippocampal input buffer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThalamicGate {
    buffer: Option<Vec<f64>>,
    weight: f64,
    was_encoding: bool,
}

impl ThalamicGate {
    /// One tick: in the encoding window the buffer takes `item` (None: nothing presented) with
    /// weight `attention·gain_encoding`, replacing what the previous window wrote; in the
    /// retrieval window it holds, unless `gain_retrieval` > 0 lets the item in.
    pub fn tick(&mut self, p: &MemoryParams, encoding: bool, item: Option<&[f64]>, attention: f64) {
        let gain = if encoding {
            p.gain_encoding
        } else {
            p.gain_retrieval
        };
        if encoding && !self.was_encoding {
            // A new encoding window: the buffer starts over.
            self.buffer = None;
            self.weight = 0.0;
        }
        self.was_encoding = encoding;
        if gain > 0.0 {
            if let Some(x) = item {
                let w = attention.clamp(0.0, 1.0) * gain;
                if w >= self.weight || self.buffer.is_none() {
                    self.buffer = Some(x.to_vec());
                    self.weight = w;
                }
            }
        }
    }

    /// The buffer's content and weight.
    pub fn buffer(&self) -> Option<(&[f64], f64)> {
        self.buffer.as_deref().map(|b| (b, self.weight))
    }
}

/// One stored episode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    /// The processor's CA3 input pattern at the learn event that stored it (6 bits).
    pub key: u8,
    /// The content.
    pub content: Vec<f64>,
    /// Tick of the first storage.
    pub stored_at: u64,
    /// Learn events that stored or strengthened it.
    pub strength: u32,
}

/// The episodic store.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpisodicStore {
    params: MemoryParams,
    episodes: Vec<Episode>,
    events: u64,
    stores: u64,
}

/// Cosine of `a` and `b` on the elements where `mask` is true (all if `mask` is empty).
pub fn masked_cosine(a: &[f64], b: &[f64], mask: &[bool]) -> f64 {
    let (mut d, mut na, mut nb) = (0.0, 0.0, 0.0);
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        if mask.is_empty() || mask.get(k).copied().unwrap_or(false) {
            d += x * y;
            na += x * x;
            nb += y * y;
        }
    }
    if na <= 0.0 || nb <= 0.0 {
        0.0
    } else {
        d / (na.sqrt() * nb.sqrt())
    }
}

impl EpisodicStore {
    /// An empty store.
    pub fn new(params: MemoryParams) -> Result<Self, ParamError> {
        params.validate()?;
        Ok(EpisodicStore {
            params,
            ..Default::default()
        })
    }

    /// The parameters.
    pub fn params(&self) -> &MemoryParams {
        &self.params
    }

    /// Every episode.
    pub fn episodes(&self) -> &[Episode] {
        &self.episodes
    }

    /// Learn events seen.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Learn events that stored or strengthened an episode.
    pub fn stores(&self) -> u64 {
        self.stores
    }

    /// A CA3 learn event at `tick` with pattern `key`: stores the gate's buffer if its weight
    /// passes the store gate. Returns whether something was stored.
    pub fn learn_event(&mut self, gate: &ThalamicGate, key: u8, tick: u64) -> bool {
        self.events += 1;
        let Some((content, w)) = gate.buffer() else {
            return false;
        };
        if w < self.params.store_gate {
            return false;
        }
        self.stores += 1;
        let best = self
            .episodes
            .iter_mut()
            .map(|e| (masked_cosine(&e.content, content, &[]), e))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((c, e)) = best {
            if c >= self.params.merge_similarity {
                e.strength = e.strength.saturating_add(1);
                return true;
            }
        }
        let ep = Episode {
            key: key & 0x3F,
            content: content.to_vec(),
            stored_at: tick,
            strength: 1,
        };
        if self.episodes.len() >= self.params.capacity {
            if let Some((k, _)) = self
                .episodes
                .iter()
                .enumerate()
                .min_by_key(|(_, e)| (e.strength, e.stored_at))
            {
                self.episodes[k] = ep;
            }
        } else {
            self.episodes.push(ep);
        }
        true
    }

    /// The episode most similar to `cue` on the elements `known` marks, with its similarity.
    pub fn recall(&self, cue: &[f64], known: &[bool]) -> Option<(&Episode, f64)> {
        self.episodes
            .iter()
            .map(|e| (e, masked_cosine(&e.content, cue, known)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The episodes the CA3 pattern `key` indexes.
    pub fn recall_by_key(&self, key: u8) -> Vec<&Episode> {
        self.episodes
            .iter()
            .filter(|e| e.key == key & 0x3F)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_writes_in_encoding_and_holds_in_retrieval() {
        let p = MemoryParams::default();
        let mut g = ThalamicGate::default();
        g.tick(&p, false, Some(&[1.0]), 1.0);
        assert!(g.buffer().is_none(), "retrieval writes nothing");
        g.tick(&p, true, Some(&[1.0]), 0.8);
        assert_eq!(g.buffer().unwrap().1, 0.8);
        g.tick(&p, false, Some(&[2.0]), 1.0);
        assert_eq!(g.buffer().unwrap().0, &[1.0]);
        g.tick(&p, true, None, 1.0);
        assert!(
            g.buffer().is_none(),
            "a new window with nothing presented clears"
        );
        let mut s = EpisodicStore::new(p).unwrap();
        assert!(!s.learn_event(&g, 3, 0));
        g.tick(&p, false, None, 1.0);
        g.tick(&p, true, Some(&[1.0, 0.0]), 0.3);
        assert!(!s.learn_event(&g, 3, 1), "below the store gate");
        g.tick(&p, true, Some(&[1.0, 0.0]), 1.0);
        assert!(s.learn_event(&g, 0x47, 2));
        assert!(s.learn_event(&g, 5, 3));
        assert_eq!(s.episodes().len(), 1);
        assert_eq!(s.episodes()[0].strength, 2);
        assert_eq!(s.recall_by_key(7).len(), 1);
    }
}

/// The processor's side of a memory experiment, recorded once per tick: the theta window, the
/// CA3 learn event and the CA3 input pattern.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ca3Recording {
    /// The encoding window, per tick.
    pub encoding: Vec<bool>,
    /// Ticks of the CA3 learn events.
    pub learn_ticks: Vec<u64>,
    /// The CA3 input pattern, per tick.
    pub pattern: Vec<u8>,
}

impl Ca3Recording {
    /// Runs a default processor for `warmup` ticks unrecorded, then records `len` ticks.
    pub fn record(warmup: u64, len: u64) -> Self {
        let mut p = phin_core::PhiNNeuralProcessor::default();
        let i = phin_core::PhiNNeuralProcessorInputs::default();
        for _ in 0..warmup {
            p.tick(&i);
        }
        let mut r = Ca3Recording::default();
        for t in 0..len {
            p.tick(&i);
            let pr = p.probe();
            r.encoding.push(pr.theta().encoding);
            r.pattern.push(pr.cortical_pattern());
            if pr.ca3().learning {
                r.learn_ticks.push(t);
            }
        }
        r
    }

    /// The same number of learn events at uniformly random ticks (sorted, distinct): the
    /// time-shuffled control.
    pub fn shuffled_events(&self, rng: &mut crate::rng::Xoshiro256PlusPlus) -> Vec<u64> {
        let len = self.encoding.len() as u64;
        let mut v: Vec<u64> = Vec::with_capacity(self.learn_ticks.len());
        while v.len() < self.learn_ticks.len().min(len as usize) {
            let t = (crate::rng::uniform(rng) * len as f64) as u64;
            if !v.contains(&t) {
                v.push(t);
            }
        }
        v.sort_unstable();
        v
    }
}

/// The outcome of one storage-and-recall experiment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecallScore {
    /// Items presented.
    pub items: usize,
    /// Items recalled correctly from their partial cue.
    pub correct: usize,
    /// Episodes in the store at the end.
    pub episodes: usize,
}

/// Presents `items` one after the other (each for `present_ticks`, then `gap_ticks` of nothing)
/// through the thalamic gate on the recorded theta windows, stores at `events` (ticks), then
/// recalls each item from the cue that keeps the elements `known` marks. An item counts as
/// recalled if the episode returned is that item (cosine > 0.99).
pub fn store_and_recall(
    p: &MemoryParams,
    rec: &Ca3Recording,
    events: &[u64],
    items: &[Vec<f64>],
    present_ticks: u64,
    gap_ticks: u64,
    known: &[Vec<bool>],
) -> Result<RecallScore, ParamError> {
    let mut store = EpisodicStore::new(*p)?;
    let mut gate = ThalamicGate::default();
    let period = present_ticks + gap_ticks;
    let mut next_event = 0;
    for (t, enc) in rec.encoding.iter().enumerate() {
        let t = t as u64;
        let k = (t / period) as usize;
        let item = (k < items.len() && t % period < present_ticks).then(|| items[k].as_slice());
        gate.tick(p, *enc, item, 1.0);
        while next_event < events.len() && events[next_event] == t {
            store.learn_event(&gate, rec.pattern[t as usize], t);
            next_event += 1;
        }
        while next_event < events.len() && events[next_event] < t {
            next_event += 1;
        }
    }
    let mut correct = 0;
    for (x, m) in items.iter().zip(known) {
        let cue: Vec<f64> = x
            .iter()
            .zip(m)
            .map(|(v, k)| if *k { *v } else { 0.0 })
            .collect();
        if let Some((e, _)) = store.recall(&cue, m) {
            if masked_cosine(&e.content, x, &[]) > 0.99 {
                correct += 1;
            }
        }
    }
    Ok(RecallScore {
        items: items.len(),
        correct,
        episodes: store.episodes().len(),
    })
}
