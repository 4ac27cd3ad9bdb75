//! Running many sessions: on live processors with
//! [`ProcessorBatch::par_drive`](phin_core::batch::ProcessorBatch::par_drive) (one closed loop
//! per instance on rayon's threads, no per-tick barrier), without the processor (the ablation),
//! or on replayed, time-shuffled feature streams (the control of acceptance 6).
//!
//! Live batches advance in chunks of simulated time (10 s): sessions end at different ticks,
//! and a finished session idles (NORMAL, no drive) until the last one is done. The chunking
//! cannot change a result: every instance's loop is its own, so chunk boundaries only decide
//! when the caller hears about progress.
//!
//! ```
//! use phin_biomind::run::{run_sessions, shuffled_stream};
//! use phin_biomind::session::{Ablation, SessionParams};
//! use phin_biomind::tasks::{TaskKind, TaskParams};
//!
//! let mut p = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 3, 1);
//! p.task.trials = 5;
//! let done = run_sessions(vec![p], Ablation::Processor, |_, _| {}).unwrap();
//! assert_eq!(done[0].records().len(), 5);
//! ```

use crate::binding::Features;
use crate::error::ParamError;
use crate::rng::{shuffle, stream};
use crate::session::{Ablation, Session, SessionParams, Source};
use crate::time::ticks;
use phin_core::batch::ProcessorBatch;
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use std::sync::Mutex;

/// Simulated seconds per chunk of a live batch.
pub const CHUNK_S: f64 = 10.0;

/// Runs every session to its end: on a live processor each (`ablation` None or Nt), or without
/// the processor (`Ablation::Processor`). `progress(ticks, trials)` hears the ticks run and the
/// trials finished so far, summed over the sessions (after each chunk of a live batch, after
/// each session without the processor). Sessions come back in the order given.
pub fn run_sessions(
    params: Vec<SessionParams>,
    ablation: Ablation,
    progress: impl Fn(u64, u64) + Sync,
) -> Result<Vec<Session>, ParamError> {
    use rayon::prelude::*;
    let total: u64 = params.iter().map(|p| u64::from(p.task.trials)).sum();
    let params: Vec<SessionParams> = params
        .into_iter()
        .map(|p| p.with_ablation(ablation))
        .collect();
    if ablation == Ablation::Processor {
        let sessions: Vec<Session> = params
            .into_iter()
            .map(|p| Session::new(p, Source::Internal))
            .collect::<Result<_, _>>()?;
        let done = std::sync::atomic::AtomicU64::new(0);
        let out: Vec<Session> = sessions
            .into_par_iter()
            .map(|mut s| {
                let guard = s.params().max_ticks();
                while !s.is_done() && s.ticks() < guard {
                    s.tick(None);
                }
                let n = done.fetch_add(
                    s.records().len() as u64,
                    std::sync::atomic::Ordering::Relaxed,
                ) + s.records().len() as u64;
                progress(n, total);
                s
            })
            .collect();
        return Ok(out);
    }
    run_live(params, progress)
}

/// Runs every session on its own live processor (default processor parameters);
/// `progress(ticks, trials)` as for [`run_sessions`].
pub fn run_live(
    params: Vec<SessionParams>,
    progress: impl Fn(u64, u64) + Sync,
) -> Result<Vec<Session>, ParamError> {
    let guard = params
        .iter()
        .map(SessionParams::max_ticks)
        .max()
        .unwrap_or(0);
    let slots: Vec<Mutex<Option<Session>>> = params
        .into_iter()
        .map(|p| Session::new(p, Source::Live).map(|s| Mutex::new(Some(s))))
        .collect::<Result<_, _>>()?;
    let mut batch = ProcessorBatch::new(&vec![PhiNNeuralProcessorParams::DEFAULT; slots.len()]);
    let chunk = ticks(CHUNK_S);
    let mut elapsed = 0u64;
    loop {
        let take = |k: usize| {
            slots[k]
                .lock()
                .map(|mut g| g.take())
                .ok()
                .flatten()
                .expect("each slot holds its session between chunks")
        };
        let states = batch.par_drive(chunk, take, |s, _t, probe| s.tick(Some(probe)));
        elapsed += chunk;
        let mut all_done = true;
        let (mut trials, mut ticks) = (0u64, 0u64);
        for (slot, s) in slots.iter().zip(states) {
            all_done &= s.is_done();
            trials += s.records().len() as u64;
            ticks += s.ticks();
            if let Ok(mut g) = slot.lock() {
                *g = Some(s);
            }
        }
        progress(ticks, trials);
        if all_done || elapsed >= guard {
            break;
        }
    }
    Ok(slots
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect())
}

/// A time-shuffled copy of `recorded`: the stream cut into blocks of `block` observations, the
/// blocks put in a seeded random order. Every observation is kept once, so the marginal
/// distribution of every feature is exactly the recording's; what is lost is the order — the
/// theta rhythm across block boundaries and any relation to what the agent did.
pub fn shuffled_stream(recorded: &[Features], block: usize, seed: u64) -> Vec<Features> {
    let block = block.max(1);
    let mut blocks: Vec<&[Features]> = recorded.chunks(block).collect();
    let mut rng = stream(seed, 0, 0x5F0F);
    shuffle(&mut rng, &mut blocks);
    blocks.concat()
}

/// Runs each session on a replayed stream (one per session, same order), without a processor.
pub fn run_replay(
    params: Vec<SessionParams>,
    streams: Vec<Vec<Features>>,
) -> Result<Vec<Session>, ParamError> {
    use rayon::prelude::*;
    let sessions: Vec<Session> = params
        .into_iter()
        .zip(streams)
        .map(|(p, v)| Session::new(p, Source::Replay(v)))
        .collect::<Result<_, _>>()?;
    Ok(sessions
        .into_par_iter()
        .map(|mut s| {
            let guard = s.params().max_ticks();
            while !s.is_done() && s.ticks() < guard {
                s.tick(None);
            }
            s
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shuffle_keeps_every_observation() {
        let v: Vec<Features> = (0..103)
            .map(|k| Features {
                theta_bin: (k % 8) as u8,
                sr_coherence: k as f32,
                ..Default::default()
            })
            .collect();
        let s = shuffled_stream(&v, 10, 4);
        assert_eq!(s.len(), v.len());
        let mut a: Vec<u32> = s.iter().map(|f| f.sr_coherence as u32).collect();
        assert_ne!(a, (0..103).collect::<Vec<u32>>());
        a.sort();
        assert_eq!(a, (0..103).collect::<Vec<u32>>());
    }
}
