//! The information flow coordinator ("Layer Synchronization Protocol", Information Flow
//! Coordinator): messages between adjacent layers only, a bandwidth allocator and a priority
//! scheduler.
//!
//! The document gives capacities in bits per second (`channel_capacity_mbps = 100`),
//! `priority_levels = 5` and `buffer_size_mb = 10`, and leaves the allocator and the scheduler
//! undefined. Here:
//!
//! - A message names a [`Channel`], so it can only go to an adjacent layer (±1 by
//!   construction); a priority out of range or a message larger than a queue is a typed error,
//!   a message that finds its queue full is dropped and counted.
//! - Time is cut into slots (the caller's: the engine serves one slot per heartbeat). In a
//!   slot each layer may send `capacity × slot` bits in all, shared by its (one or two)
//!   outgoing channels by max-min fair water-filling of what each has queued (the
//!   `BandwidthAllocator`).
//! - Within a channel the `PriorityScheduler` sends whole messages, highest priority first and
//!   first-in first-out within a priority, while its share lasts.

use crate::error::SyncError;
use crate::ladder::{Channel, LayerId, NUM_LAYERS};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A message on a channel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Where it goes (always between adjacent layers).
    pub channel: Channel,
    /// Size, bits.
    pub bits: f64,
    /// Priority, 0 (lowest) … `priority_levels − 1`.
    pub priority: u32,
}

/// One directed channel's queues and counters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowChannel {
    /// The channel.
    pub channel: Channel,
    /// One FIFO of message sizes per priority.
    queues: Vec<VecDeque<f64>>,
    /// Bits waiting.
    pub queued_bits: f64,
    /// Bits sent so far.
    pub sent_bits: f64,
    /// Messages sent.
    pub sent: u64,
    /// Messages dropped because the queue was full.
    pub dropped: u64,
}

/// Use of one channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelUse {
    /// The channel, `from->to`.
    pub channel: String,
    /// Sent bits over the capacity of the elapsed time.
    pub utilization: f64,
    /// Messages sent.
    pub sent: u64,
    /// Messages dropped.
    pub dropped: u64,
    /// Bits still queued.
    pub queued_bits: f64,
}

/// The document's `FlowReport`: throughput, utilization per channel, bottlenecks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowReport {
    /// Bits sent per second over all channels.
    pub total_throughput_bps: f64,
    /// Each channel's use.
    pub channel_utilization: Vec<ChannelUse>,
    /// Channels at or above the bottleneck utilization, or dropping messages.
    pub bottlenecks: Vec<String>,
}

/// The coordinator of the 16 channels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowCoordinator {
    channels: Vec<FlowChannel>,
    capacity_bits_per_tick: f64,
    buffer_bits: f64,
    levels: u32,
    bottleneck: f64,
    elapsed_ticks: u64,
}

impl FlowCoordinator {
    /// Every channel empty: each layer may send `capacity_bits_per_tick`, each queue holds
    /// `buffer_bits`, priorities 0 … `levels − 1`; channels at or above `bottleneck`
    /// utilization are reported.
    pub fn new(
        capacity_bits_per_tick: f64,
        buffer_bits: f64,
        levels: u32,
        bottleneck: f64,
    ) -> Self {
        FlowCoordinator {
            channels: Channel::all()
                .into_iter()
                .map(|channel| FlowChannel {
                    channel,
                    queues: vec![VecDeque::new(); levels as usize],
                    queued_bits: 0.0,
                    sent_bits: 0.0,
                    sent: 0,
                    dropped: 0,
                })
                .collect(),
            capacity_bits_per_tick,
            buffer_bits,
            levels,
            bottleneck,
            elapsed_ticks: 0,
        }
    }

    fn index(&self, c: Channel) -> usize {
        self.channels
            .iter()
            .position(|f| f.channel == c)
            .expect("every channel has a queue")
    }

    /// Queues a message. `Ok(true)` queued, `Ok(false)` dropped (queue full); an error for a
    /// priority out of range or a message larger than a whole queue.
    pub fn submit(&mut self, m: Message) -> Result<bool, SyncError> {
        if m.priority >= self.levels {
            return Err(SyncError::Param {
                field: "message.priority".into(),
                message: format!(
                    "message.priority: {} is out of range (allowed: 0 ..= {})",
                    m.priority,
                    self.levels - 1
                ),
            });
        }
        if !(m.bits.is_finite() && m.bits > 0.0 && m.bits <= self.buffer_bits) {
            return Err(SyncError::Param {
                field: "message.bits".into(),
                message: format!(
                    "message.bits: {} is out of range (allowed: > 0 ..= {} bits, one queue)",
                    m.bits, self.buffer_bits
                ),
            });
        }
        let k = self.index(m.channel);
        let buffer = self.buffer_bits;
        let ch = &mut self.channels[k];
        if ch.queued_bits + m.bits > buffer {
            ch.dropped += 1;
            return Ok(false);
        }
        ch.queues[m.priority as usize].push_back(m.bits);
        ch.queued_bits += m.bits;
        Ok(true)
    }

    /// Serves one slot of `ticks` ticks: water-filling of each layer's egress among its
    /// channels, then priority order within each channel.
    pub fn serve(&mut self, ticks: u64) {
        self.elapsed_ticks += ticks;
        let budget = self.capacity_bits_per_tick * ticks as f64;
        for layer in 0..NUM_LAYERS {
            let from = LayerId::ALL[layer];
            let ks: Vec<usize> = (0..self.channels.len())
                .filter(|&k| self.channels[k].channel.from() == from)
                .collect();
            // Max-min fair shares: the smaller demand gets all it asks for up to an equal split,
            // the rest goes to the other channel.
            let mut demands: Vec<(usize, f64)> = ks
                .iter()
                .map(|&k| (k, self.channels[k].queued_bits))
                .collect();
            demands.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut left = budget;
            let mut n = demands.len();
            for (k, d) in demands {
                let share = (left / n as f64).min(d);
                left -= self.send(k, share);
                n -= 1;
            }
        }
    }

    /// Sends whole messages of channel `k`, highest priority first, within `share` bits;
    /// returns the bits sent.
    fn send(&mut self, k: usize, share: f64) -> f64 {
        let ch = &mut self.channels[k];
        let mut used = 0.0;
        for q in ch.queues.iter_mut().rev() {
            while let Some(&b) = q.front() {
                if used + b > share + 1e-9 {
                    break;
                }
                q.pop_front();
                used += b;
                ch.sent += 1;
            }
        }
        ch.queued_bits -= used;
        ch.sent_bits += used;
        used
    }

    /// The document's `FlowReport` over all slots served so far.
    pub fn report(&self) -> FlowReport {
        let cap = self.capacity_bits_per_tick * self.elapsed_ticks.max(1) as f64;
        let seconds = self.elapsed_ticks.max(1) as f64 / phin_core::constants::TICK_HZ;
        let uses: Vec<ChannelUse> = self
            .channels
            .iter()
            .map(|c| ChannelUse {
                channel: c.channel.to_string(),
                utilization: c.sent_bits / cap,
                sent: c.sent,
                dropped: c.dropped,
                queued_bits: c.queued_bits,
            })
            .collect();
        FlowReport {
            total_throughput_bps: self.channels.iter().map(|c| c.sent_bits).sum::<f64>() / seconds,
            bottlenecks: uses
                .iter()
                .filter(|u| u.utilization >= self.bottleneck || u.dropped > 0)
                .map(|u| u.channel.clone())
                .collect(),
            channel_utilization: uses,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(a: u8, b: u8) -> Channel {
        Channel::between(LayerId::ALL[a as usize], LayerId::ALL[b as usize]).unwrap()
    }

    #[test]
    fn high_priority_goes_first_and_the_egress_is_shared_fairly() {
        let mut f = FlowCoordinator::new(100.0, 10_000.0, 5, 0.9);
        // Layer 4 sends 30 bits down and 300 bits up in one 2-tick slot (200 bits).
        f.submit(Message {
            channel: ch(4, 3),
            bits: 30.0,
            priority: 0,
        })
        .unwrap();
        for p in [0, 4, 2] {
            f.submit(Message {
                channel: ch(4, 5),
                bits: 100.0,
                priority: p,
            })
            .unwrap();
        }
        f.serve(2);
        let r = f.report();
        let get = |s: &str| {
            r.channel_utilization
                .iter()
                .find(|u| u.channel == s)
                .unwrap()
                .clone()
        };
        assert_eq!(get("4->3").sent, 1);
        // 170 bits left for 4->5: one message of 100 (priority 4 first), the rest waits.
        assert_eq!(get("4->5").sent, 1);
        assert_eq!(get("4->5").queued_bits, 200.0);
        f.serve(2);
        assert_eq!(
            f.report()
                .channel_utilization
                .iter()
                .find(|u| u.channel == "4->5")
                .unwrap()
                .sent,
            3
        );
        assert!(f
            .submit(Message {
                channel: ch(1, 2),
                bits: 1.0,
                priority: 5
            })
            .is_err());
        assert!(f
            .submit(Message {
                channel: ch(1, 2),
                bits: 1e9,
                priority: 1
            })
            .is_err());
    }

    #[test]
    fn a_full_queue_drops_and_is_a_bottleneck() {
        let mut f = FlowCoordinator::new(1.0, 100.0, 5, 0.9);
        assert_eq!(
            f.submit(Message {
                channel: ch(0, 1),
                bits: 80.0,
                priority: 1
            }),
            Ok(true)
        );
        assert_eq!(
            f.submit(Message {
                channel: ch(0, 1),
                bits: 80.0,
                priority: 1
            }),
            Ok(false)
        );
        f.serve(10);
        assert_eq!(f.report().bottlenecks, vec!["0->1".to_string()]);
    }
}
