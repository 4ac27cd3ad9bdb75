//! The routing network: messages between the seven layers, each layer a processor with a
//! pre-empting priority queue, transmitted hop by hop along the flow matrix's edges when the
//! coordination equation lets them through (neural-conductor-theory.md, "3. Priority Queue
//! Controller", "Complete Neural Conductor" `conductInformation`, "Pattern 2: Adaptive
//! Routing", "Pattern 4: Error Propagation Control").
//!
//! One routing step runs every meso period (10 ms), in this order:
//! 1. messages in transit whose transmission time has passed arrive at their next layer;
//! 2. every layer advances its messages in service by one step; a finished message is
//!    delivered (at its destination) or moves to the layer's outbox; free slots take the
//!    queue's best messages;
//! 3. every layer, in layer order, offers its outbox messages, best first, to the next hop
//!    adaptive routing picks; the flow rate R = S·C·P·(1 − A)·containment decides: R above
//!    the threshold transmits, otherwise the message waits (and is dropped after
//!    `max_wait_s`);
//! 4. new messages enter at their source layer.
//!
//! Decisions where the document is silent (also in docs/conductor.md):
//! - **Layers as processors.** A layer serves `slots` messages at once, each for its
//!   processing time (the document's "Biological Neural Orchestration" times: sensory cortex
//!   10-20 ms → Sensory 15 ms, visual cortex 100-150 → Pattern 125, hippocampus 200-500 →
//!   Memory 350, prefrontal cortex 300-1000 → Executive 650, motor cortex 150-300 → Output
//!   225; Emotional and Integration have no time there and take one cycle of their rhythm,
//!   100 and 250 ms), and holds `queue_capacity` more; an arrival at a full layer is dropped.
//! - **Priority queue.** Messages wait in order of urgency × importance (the attention focus
//!   multiplies every message alike). A message whose priority P exceeds `preempt_priority`
//!   pre-empts the lowest-priority message in service when that one's P is lower (the
//!   document's `preemptProcessing` + `fastTrackDelivery`); the pre-empted message returns to
//!   the queue with its remaining time.
//! - **Load** of a layer = (in service + queued) / (slots + queue capacity), 0 … 1.
//! - **Interference** at a target = transmissions it has already received this step, per
//!   slot, clamped to 1 (the document's "noise/competing signals").
//! - **Complexity** is a field of the message, 0 … 1.
//! - **Routes.** The flow matrix's non-zero entries are the edges. A message may take
//!   `detour_hops` more hops than the shortest path; the candidates for the next hop are the
//!   successors from which the destination is still reachable within the remaining hops.
//! - **Adaptive routing** picks the candidate with the largest `success × (1 − load) /
//!   distance` (the document's score; distance ≥ 1 by construction). Success of an edge starts
//!   at the document's 0.5, moves by `success_step` toward 1 on a transmission and toward 0 on
//!   a block, and relaxes back to 0.5 with `success_forget_tau_s` (so an edge that failed is
//!   tried again later).
//! - **Error containment.** `isolate(layer)` multiplies every flow into and out of the layer
//!   by 0.1 ("90% reduction"), makes routing avoid it when another candidate exists (the
//!   backup routes), and, once released, restores the factor to 1 gradually (first order,
//!   `restore_tau_s`).

use crate::error::{check_range, ConductorError, Result};
use crate::flow::{
    attenuation, flow_rate, layer_distance, transmits, AttenuationParams, FlowMatrix,
};
use crate::layers::ConductorLayer;
use crate::time::{decay_factor, ticks, MESO_TICKS};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

/// The network's constants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkParams {
    /// The routing graph and the document's flow rates: the document's matrix.
    pub matrix: FlowMatrix,
    /// The transmission threshold on R: 0.1.
    pub threshold: f64,
    /// The attenuation calculator's constants.
    pub attenuation: AttenuationParams,
    /// Processing time per layer, seconds (see the module docs).
    pub processing_s: [f64; 7],
    /// Transmission time per layer step of distance, seconds: 5 ms (the document's 1-120 m/s
    /// over a few centimetres of pathway; not given).
    pub hop_delay_s: f64,
    /// Messages a layer serves at once: 4.
    pub slots: usize,
    /// Messages a layer holds waiting: 16.
    pub queue_capacity: usize,
    /// P above which a message pre-empts: 1.5.
    pub preempt_priority: f64,
    /// Longest wait in an outbox before a blocked message is dropped, seconds: 1.
    pub max_wait_s: f64,
    /// Hops allowed beyond the shortest path: 1.
    pub detour_hops: u32,
    /// Prior (and resting) success of an edge: 0.5 (the document's default).
    pub success_prior: f64,
    /// Step of an edge's success towards the outcome of each attempt: 0.05.
    pub success_step: f64,
    /// Time constant of the success's return to the prior, seconds: 10.
    pub success_forget_tau_s: f64,
    /// Flow factor of an isolated layer: 0.1 (the document's `reduceFlowRates(…, 0.1)`).
    pub containment_factor: f64,
    /// Time constant of the gradual restoration after isolation, seconds: 1.
    pub restore_tau_s: f64,
    /// The document's latency classes ("Response Latency"): below 0.1 s reflexive, above
    /// 0.5 s deliberative, conscious between.
    pub latency_classes_s: (f64, f64),
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams {
            matrix: FlowMatrix::default(),
            threshold: 0.1,
            attenuation: AttenuationParams::default(),
            processing_s: [0.015, 0.125, 0.100, 0.650, 0.250, 0.350, 0.225],
            hop_delay_s: 0.005,
            slots: 4,
            queue_capacity: 16,
            preempt_priority: 1.5,
            max_wait_s: 1.0,
            detour_hops: 1,
            success_prior: 0.5,
            success_step: 0.05,
            success_forget_tau_s: 10.0,
            containment_factor: 0.1,
            restore_tau_s: 1.0,
            latency_classes_s: (0.1, 0.5),
        }
    }
}

impl NetworkParams {
    /// Checks every field.
    pub fn validate(&self, field: &str) -> Result<()> {
        let f = |n: &str| format!("{field}.{n}");
        self.matrix.validate(&f("matrix"))?;
        check_range(&f("threshold"), self.threshold, -10.0, 10.0)?;
        self.attenuation.validate(&f("attenuation"))?;
        for (k, &p) in self.processing_s.iter().enumerate() {
            check_range(&format!("{field}.processing_s[{k}]"), p, 0.0, 3600.0)?;
        }
        check_range(&f("hop_delay_s"), self.hop_delay_s, 0.0, 60.0)?;
        if !(1..=1024).contains(&self.slots) {
            return Err(ConductorError::out_of_range(
                f("slots"),
                self.slots,
                "1 … 1024",
            ));
        }
        if self.queue_capacity > 100_000 {
            return Err(ConductorError::out_of_range(
                f("queue_capacity"),
                self.queue_capacity,
                "0 … 100000",
            ));
        }
        check_range(&f("preempt_priority"), self.preempt_priority, 0.0, 1e9)?;
        check_range(&f("max_wait_s"), self.max_wait_s, 0.0, 3600.0)?;
        if self.detour_hops > 6 {
            return Err(ConductorError::out_of_range(
                f("detour_hops"),
                self.detour_hops,
                "0 … 6",
            ));
        }
        check_range(&f("success_prior"), self.success_prior, 0.0, 1.0)?;
        check_range(&f("success_step"), self.success_step, 0.0, 1.0)?;
        check_range(
            &f("success_forget_tau_s"),
            self.success_forget_tau_s,
            0.0,
            1e6,
        )?;
        check_range(&f("containment_factor"), self.containment_factor, 0.0, 1.0)?;
        check_range(&f("restore_tau_s"), self.restore_tau_s, 0.0, 3600.0)?;
        check_range(
            &f("latency_classes_s.0"),
            self.latency_classes_s.0,
            0.0,
            3600.0,
        )?;
        check_range(
            &f("latency_classes_s.1"),
            self.latency_classes_s.1,
            self.latency_classes_s.0,
            3600.0,
        )?;
        Ok(())
    }
}

/// A message between layers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Sequence number (also the tie-break of equal priorities: older first).
    pub id: u64,
    /// Where it entered.
    pub src: ConductorLayer,
    /// Where it is going.
    pub dst: ConductorLayer,
    /// Urgency, 0 … ∞.
    pub urgency: f64,
    /// Importance, 0 … 1.
    pub importance: f64,
    /// Complexity, 0 … 1.
    pub complexity: f64,
    /// Tick it entered.
    pub created: u64,
    /// Hops it may still take.
    pub hops_left: u32,
    /// Processing ticks left at its current layer.
    pub remaining: u64,
    /// Tick it entered its current outbox.
    pub waiting_since: u64,
    /// Hops taken.
    pub hops: u32,
}

impl Message {
    /// urgency × importance: the order of the queues (P without the common attention factor).
    pub fn rank(&self) -> f64 {
        self.urgency * self.importance
    }
}

/// What happened to messages, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    /// Messages that entered.
    pub sent: u64,
    /// Messages that reached their destination and were processed there.
    pub delivered: u64,
    /// Dropped on arrival at a full layer.
    pub dropped_full: u64,
    /// Dropped after waiting `max_wait_s` in an outbox.
    pub dropped_expired: u64,
    /// Dropped with no route left.
    pub dropped_unroutable: u64,
    /// Dropped by load shedding (the overload recovery).
    pub shed: u64,
    /// Transmissions (hops passed).
    pub transmissions: u64,
    /// Attempts blocked by R ≤ threshold.
    pub blocked: u64,
    /// Pre-emptions.
    pub preemptions: u64,
    /// Sum of end-to-end latencies of delivered messages, ticks.
    pub latency_ticks: u64,
    /// Delivered messages per latency class: reflexive, conscious, deliberative.
    pub latency_classes: [u64; 3],
}

impl Counters {
    /// Delivered / (delivered + dropped): the document's "Flow Efficiency" over finished
    /// messages (those still travelling are not counted yet). `None` before any finished.
    pub fn efficiency(&self) -> Option<f64> {
        let lost = self.dropped_full + self.dropped_expired + self.dropped_unroutable + self.shed;
        let done = self.delivered + lost;
        (done > 0).then(|| self.delivered as f64 / done as f64)
    }

    /// Transmissions / attempts.
    pub fn hop_pass_rate(&self) -> Option<f64> {
        let n = self.transmissions + self.blocked;
        (n > 0).then(|| self.transmissions as f64 / n as f64)
    }

    /// Mean end-to-end latency of delivered messages, seconds.
    pub fn mean_latency_s(&self) -> Option<f64> {
        (self.delivered > 0)
            .then(|| crate::time::seconds(self.latency_ticks) / self.delivered as f64)
    }
}

/// One layer as a processor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Node {
    in_service: Vec<Message>,
    queue: Vec<Message>,
    outbox: Vec<Message>,
    received_this_step: u32,
    /// Flow factor: 1 normally, the containment factor while isolated, recovering after.
    factor: f64,
    isolated: bool,
}

/// What the network needs from the rest of the conductor at a routing step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepInputs<'a> {
    /// S of every ordered pair of layers (`s[i][j]`).
    pub s: &'a [[f64; 7]; 7],
    /// The chemical modifier C.
    pub c: f64,
    /// The attention focus, 0 … 1.
    pub attention: f64,
}

/// The routing network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Network {
    params: NetworkParams,
    nodes: Vec<Node>,
    in_transit: Vec<(u64, ConductorLayer, Message)>,
    success: [[f64; 7]; 7],
    hops_to: [[Option<u32>; 7]; 7],
    /// Counters since the start.
    pub counters: Counters,
    /// Transmissions per edge since the last [`take_flows`](Self::take_flows).
    flows: [[u32; 7]; 7],
    proc_ticks: [u64; 7],
    hop_ticks: u64,
    max_wait: u64,
    next_id: u64,
}

impl Network {
    /// An empty network.
    pub fn new(params: NetworkParams) -> Result<Self> {
        params.validate("network")?;
        let hops_to = std::array::from_fn(|d| params.matrix.hops_to(ConductorLayer::ALL[d]));
        let proc_ticks = params.processing_s.map(ticks);
        Ok(Network {
            nodes: vec![
                Node {
                    factor: 1.0,
                    ..Node::default()
                };
                7
            ],
            in_transit: Vec::new(),
            success: [[params.success_prior; 7]; 7],
            hops_to,
            counters: Counters::default(),
            flows: [[0; 7]; 7],
            proc_ticks,
            hop_ticks: ticks(params.hop_delay_s),
            max_wait: ticks(params.max_wait_s),
            next_id: 0,
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &NetworkParams {
        &self.params
    }

    /// Load of a layer, 0 … 1.
    pub fn load(&self, l: ConductorLayer) -> f64 {
        let n = &self.nodes[l.index()];
        (n.in_service.len() + n.queue.len()) as f64
            / (self.params.slots + self.params.queue_capacity) as f64
    }

    /// The largest load and its layer.
    pub fn max_load(&self) -> (ConductorLayer, f64) {
        ConductorLayer::ALL
            .into_iter()
            .map(|l| (l, self.load(l)))
            .fold((ConductorLayer::Sensory, -1.0), |a, b| {
                if b.1 > a.1 {
                    b
                } else {
                    a
                }
            })
    }

    /// Messages waiting in outboxes.
    pub fn waiting(&self) -> usize {
        self.nodes.iter().map(|n| n.outbox.len()).sum()
    }

    /// The flow factor of a layer (1 unless contained).
    pub fn factor(&self, l: ConductorLayer) -> f64 {
        self.nodes[l.index()].factor
    }

    /// An edge's success rate.
    pub fn success(&self, from: ConductorLayer, to: ConductorLayer) -> f64 {
        self.success[from.index()][to.index()]
    }

    /// Transmissions per edge since the last call, and resets them.
    pub fn take_flows(&mut self) -> [[u32; 7]; 7] {
        std::mem::take(&mut self.flows)
    }

    /// A new message at its source, stamped with the next id; returns the id.
    #[allow(clippy::too_many_arguments)]
    pub fn inject(
        &mut self,
        now: u64,
        src: ConductorLayer,
        dst: ConductorLayer,
        urgency: f64,
        importance: f64,
        complexity: f64,
        attention: f64,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let shortest = self.hops_to[dst.index()][src.index()].unwrap_or(0);
        let m = Message {
            id,
            src,
            dst,
            urgency,
            importance,
            complexity,
            created: now,
            hops_left: shortest + self.params.detour_hops,
            remaining: 0,
            waiting_since: now,
            hops: 0,
        };
        self.counters.sent += 1;
        self.arrive(src, m, attention);
        id
    }

    /// A message arrives at layer `l` to be processed there.
    fn arrive(&mut self, l: ConductorLayer, mut m: Message, attention: f64) {
        m.remaining = self.proc_ticks[l.index()].max(1);
        let p = &self.params;
        let node = &mut self.nodes[l.index()];
        if node.in_service.len() < p.slots {
            node.in_service.push(m);
            return;
        }
        // Pre-emption: a message above the threshold displaces the weakest in service.
        if m.rank() * attention > p.preempt_priority {
            let (k, weakest) = node
                .in_service
                .iter()
                .enumerate()
                .map(|(k, x)| (k, x.rank()))
                .fold((0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
            if weakest < m.rank() {
                let victim = node.in_service.swap_remove(k);
                node.in_service.push(m);
                self.counters.preemptions += 1;
                insert_sorted(&mut node.queue, victim);
                if node.queue.len() > p.queue_capacity {
                    node.queue.pop();
                    self.counters.dropped_full += 1;
                }
                return;
            }
        }
        if node.queue.len() < p.queue_capacity {
            insert_sorted(&mut node.queue, m);
        } else {
            self.counters.dropped_full += 1;
        }
    }

    /// One routing step at tick `now` (see the module docs for the order).
    pub fn step(&mut self, now: u64, inputs: &StepInputs<'_>) {
        // 1. Arrivals.
        let mut k = 0;
        while k < self.in_transit.len() {
            if self.in_transit[k].0 <= now {
                let (_, to, m) = self.in_transit.swap_remove(k);
                self.arrive(to, m, inputs.attention);
            } else {
                k += 1;
            }
        }
        // Keep arrivals in a deterministic order regardless of swap_remove.
        self.in_transit.sort_by_key(|(t, _, m)| (*t, m.id));
        // 2. Service.
        for l in ConductorLayer::ALL {
            let node = &mut self.nodes[l.index()];
            node.received_this_step = 0;
            let mut done = Vec::new();
            node.in_service.retain_mut(|m| {
                m.remaining = m.remaining.saturating_sub(MESO_TICKS);
                if m.remaining == 0 {
                    done.push(*m);
                    false
                } else {
                    true
                }
            });
            done.sort_by_key(|m| m.id);
            for mut m in done {
                if m.dst == l {
                    let lat = now - m.created;
                    self.counters.delivered += 1;
                    self.counters.latency_ticks += lat;
                    let (fast, slow) = self.params.latency_classes_s;
                    let s = crate::time::seconds(lat);
                    let class = if s < fast {
                        0
                    } else if s <= slow {
                        1
                    } else {
                        2
                    };
                    self.counters.latency_classes[class] += 1;
                } else {
                    m.waiting_since = now;
                    insert_sorted(&mut node.outbox, m);
                }
            }
            while node.in_service.len() < self.params.slots && !node.queue.is_empty() {
                let m = node.queue.remove(0);
                node.in_service.push(m);
            }
        }
        // 3. Transmission.
        for l in ConductorLayer::ALL {
            let outbox = std::mem::take(&mut self.nodes[l.index()].outbox);
            let mut keep = Vec::with_capacity(outbox.len());
            for m in outbox {
                if let Some(back) = self.try_send(now, l, m, inputs) {
                    keep.push(back);
                }
            }
            self.nodes[l.index()].outbox = keep;
        }
    }

    /// The next hop for a message at `from`, by the adaptive score (`None`: no route).
    pub fn next_hop(&self, from: ConductorLayer, m: &Message) -> Option<ConductorLayer> {
        let cands: Vec<ConductorLayer> = self
            .params
            .matrix
            .successors(from)
            .into_iter()
            .filter(|&j| self.hops_to[m.dst.index()][j.index()].is_some_and(|h| h < m.hops_left))
            .collect();
        let open: Vec<ConductorLayer> = cands
            .iter()
            .copied()
            .filter(|&j| !self.nodes[j.index()].isolated)
            .collect();
        let pool = if open.is_empty() { cands } else { open };
        pool.into_iter()
            .map(|j| {
                let score = self.success[from.index()][j.index()] * (1.0 - self.load(j))
                    / layer_distance(from, j).max(1.0);
                (j, score)
            })
            .fold(None, |best: Option<(ConductorLayer, f64)>, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            })
            .map(|(j, _)| j)
    }

    /// The flow rate of message `m` from `from` to `to` now.
    pub fn rate(
        &self,
        from: ConductorLayer,
        to: ConductorLayer,
        m: &Message,
        inputs: &StepInputs<'_>,
    ) -> f64 {
        let interference =
            (self.nodes[to.index()].received_this_step as f64 / self.params.slots as f64).min(1.0);
        let a = attenuation(
            &self.params.attenuation,
            layer_distance(from, to),
            interference,
            m.complexity,
            self.load(to),
        );
        let p = crate::flow::priority(m.urgency, m.importance, inputs.attention);
        flow_rate(inputs.s[from.index()][to.index()], inputs.c, p, a.total)
            * self.nodes[from.index()].factor
            * self.nodes[to.index()].factor
    }

    /// Offers a message; returns it if it stays in the outbox.
    fn try_send(
        &mut self,
        now: u64,
        from: ConductorLayer,
        mut m: Message,
        inputs: &StepInputs<'_>,
    ) -> Option<Message> {
        let Some(to) = self.next_hop(from, &m) else {
            self.counters.dropped_unroutable += 1;
            return None;
        };
        let r = self.rate(from, to, &m, inputs);
        let step = self.params.success_step;
        let s = &mut self.success[from.index()][to.index()];
        if transmits(r, self.params.threshold) {
            *s += step * (1.0 - *s);
            self.counters.transmissions += 1;
            self.flows[from.index()][to.index()] += 1;
            self.nodes[to.index()].received_this_step += 1;
            m.hops += 1;
            m.hops_left = m.hops_left.saturating_sub(1);
            let delay = self.hop_ticks * layer_distance(from, to) as u64;
            self.in_transit.push((now + delay.max(1), to, m));
            None
        } else {
            *s -= step * *s;
            self.counters.blocked += 1;
            if now.saturating_sub(m.waiting_since) >= self.max_wait {
                self.counters.dropped_expired += 1;
                None
            } else {
                Some(m)
            }
        }
    }

    /// Slow upkeep over `period_ticks`: success rates relax towards the prior; released
    /// layers' flow factors return towards 1.
    pub fn upkeep(&mut self, period_ticks: u64) {
        let k = decay_factor(self.params.success_forget_tau_s, period_ticks);
        let prior = self.params.success_prior;
        for row in &mut self.success {
            for s in row.iter_mut() {
                *s = prior + (*s - prior) * k;
            }
        }
        let r = decay_factor(self.params.restore_tau_s, period_ticks);
        for n in &mut self.nodes {
            if !n.isolated {
                n.factor = 1.0 + (n.factor - 1.0) * r;
            }
        }
    }

    /// Error containment: cuts every flow into and out of `l` to the containment factor and
    /// routes around it.
    pub fn isolate(&mut self, l: ConductorLayer) {
        let n = &mut self.nodes[l.index()];
        n.isolated = true;
        n.factor = self.params.containment_factor;
    }

    /// Ends the isolation of `l`; its flow factor then returns to 1 gradually.
    pub fn release(&mut self, l: ConductorLayer) {
        self.nodes[l.index()].isolated = false;
    }

    /// Whether `l` is isolated.
    pub fn is_isolated(&self, l: ConductorLayer) -> bool {
        self.nodes[l.index()].isolated
    }

    /// Capacity management: drops the lowest-priority queued messages of `l` until its load is
    /// at most `target`. Returns how many were shed.
    pub fn shed(&mut self, l: ConductorLayer, target: f64) -> u64 {
        let mut n = 0;
        while self.load(l) > target {
            let node = &mut self.nodes[l.index()];
            if node.queue.pop().is_none() {
                break;
            }
            n += 1;
        }
        self.counters.shed += n;
        n
    }
}

/// Inserts by rank (descending), then id (ascending).
fn insert_sorted(q: &mut Vec<Message>, m: Message) {
    let pos = q
        .iter()
        .position(|x| x.rank() < m.rank() || (x.rank() == m.rank() && x.id > m.id))
        .unwrap_or(q.len());
    q.insert(pos, m);
}

/// One stream of messages entering the network.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficStream {
    /// Source layer.
    pub src: ConductorLayer,
    /// Destination layer.
    pub dst: ConductorLayer,
    /// Mean arrivals per second (Bernoulli per routing step).
    pub rate_hz: f64,
    /// Urgency, uniform in [lo, hi] (the document allows 0 … ∞).
    pub urgency: (f64, f64),
    /// Importance, uniform in [lo, hi].
    pub importance: (f64, f64),
    /// Complexity, uniform in [lo, hi].
    pub complexity: (f64, f64),
}

impl Default for TrafficStream {
    /// Stimuli entering at Sensory for Output, 4 per second, urgency 0 … 4, importance
    /// 0.2 … 1, complexity 0 … 1 (the document's `orchestrateSystem` from a sensory stimulus
    /// to the output; the distributions are not in the document).
    fn default() -> Self {
        TrafficStream {
            src: ConductorLayer::Sensory,
            dst: ConductorLayer::Output,
            rate_hz: 4.0,
            urgency: (0.0, 4.0),
            importance: (0.2, 1.0),
            complexity: (0.0, 1.0),
        }
    }
}

impl TrafficStream {
    /// Checks the fields.
    pub fn validate(&self, field: &str) -> Result<()> {
        let f = |n: &str| format!("{field}.{n}");
        if self.src == self.dst {
            return Err(ConductorError::out_of_range(
                f("dst"),
                self.dst,
                "a layer other than src",
            ));
        }
        check_range(&f("rate_hz"), self.rate_hz, 0.0, 100.0)?;
        check_range(&f("urgency.0"), self.urgency.0, 0.0, 1e6)?;
        check_range(&f("urgency.1"), self.urgency.1, self.urgency.0, 1e6)?;
        check_range(&f("importance.0"), self.importance.0, 0.0, 1.0)?;
        check_range(
            &f("importance.1"),
            self.importance.1,
            self.importance.0,
            1.0,
        )?;
        check_range(&f("complexity.0"), self.complexity.0, 0.0, 1.0)?;
        check_range(
            &f("complexity.1"),
            self.complexity.1,
            self.complexity.0,
            1.0,
        )?;
        Ok(())
    }

    /// The messages of one routing step: whether one arrives, and its draws
    /// (urgency, importance, complexity).
    pub fn draw(&self, rng: &mut impl RngCore) -> Option<(f64, f64, f64)> {
        let p = self.rate_hz * crate::time::seconds(MESO_TICKS);
        let u = unit(rng);
        let urgency = self.urgency.0 + (self.urgency.1 - self.urgency.0) * unit(rng);
        let importance = self.importance.0 + (self.importance.1 - self.importance.0) * unit(rng);
        let complexity = self.complexity.0 + (self.complexity.1 - self.complexity.0) * unit(rng);
        (u < p).then_some((urgency, importance, complexity))
    }
}

/// A uniform draw in [0, 1).
pub fn unit(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConductorLayer::*;

    fn all_s(v: f64) -> [[f64; 7]; 7] {
        [[v; 7]; 7]
    }

    fn net() -> Network {
        Network::new(NetworkParams::default()).unwrap()
    }

    fn run(n: &mut Network, steps: u64, s: &[[f64; 7]; 7]) {
        let inputs = StepInputs {
            s,
            c: 0.47,
            attention: 1.0,
        };
        for k in 0..steps {
            n.step(1_000 + k * MESO_TICKS, &inputs);
        }
    }

    #[test]
    fn a_message_crosses_the_network_when_every_pair_is_coherent() {
        let mut n = net();
        n.inject(1_000, Sensory, Output, 1.0, 1.0, 0.5, 1.0);
        run(&mut n, 300, &all_s(1.0));
        assert_eq!(n.counters.delivered, 1, "{:?}", n.counters);
        // The score's 1/distance prefers neighbours, and one detour hop is allowed:
        // Sensory → Pattern → Emotional → Integration → Output.
        assert_eq!(n.counters.transmissions, 4);
        for (a, b) in [
            (Sensory, Pattern),
            (Pattern, Emotional),
            (Emotional, Integration),
        ] {
            assert!(n.success(a, b) > 0.5, "{a} → {b}");
        }
        // Latency = processing 15 + 125 + 100 + 250 + 225 ms, rounded up to routing steps,
        // plus transmission and waiting for the next step.
        let l = n.counters.mean_latency_s().unwrap();
        assert!((0.715..0.85).contains(&l), "{l}");
    }

    #[test]
    fn incoherent_pairs_block_ordinary_messages_which_expire() {
        let mut n = net();
        n.inject(1_000, Sensory, Output, 1.0, 0.5, 0.5, 1.0);
        run(&mut n, 200, &all_s(0.1));
        assert_eq!(n.counters.delivered, 0);
        assert_eq!(n.counters.dropped_expired, 1);
        assert!(n.counters.blocked > 50);
        assert_eq!(n.counters.efficiency(), Some(0.0));
        // The blocked edge's success fell below the prior.
        assert!(n.success(Sensory, Emotional) < 0.5 || n.success(Sensory, Pattern) < 0.5);
    }

    #[test]
    fn the_queue_is_ordered_by_priority_and_urgent_messages_preempt() {
        let mut n = net();
        // Fill Executive's four slots with modest messages, then queue two more.
        for k in 0..6 {
            n.inject(0, Executive, Output, 1.0, 0.2 + 0.01 * k as f64, 0.5, 1.0);
        }
        let node = &n.nodes[Executive.index()];
        assert_eq!(node.in_service.len(), 4);
        assert_eq!(node.queue.len(), 2);
        assert!(node.queue[0].rank() > node.queue[1].rank());
        // An urgent one (P = 3 > 1.5) takes the slot of the weakest in service.
        let id = n.inject(0, Executive, Output, 3.0, 1.0, 0.5, 1.0);
        let node = &n.nodes[Executive.index()];
        assert!(node.in_service.iter().any(|m| m.id == id));
        assert_eq!(n.counters.preemptions, 1);
        assert_eq!(node.queue.len(), 3);
        assert_eq!(node.queue.last().unwrap().id, 0, "the weakest waits last");
        // With attention fragmented to 0.1 the same message no longer pre-empts.
        let id2 = n.inject(0, Executive, Output, 3.0, 1.0, 0.5, 0.1);
        assert!(!n.nodes[Executive.index()]
            .in_service
            .iter()
            .any(|m| m.id == id2));
        assert_eq!(n.counters.preemptions, 1);
    }

    #[test]
    fn a_full_layer_drops_and_sheds_to_a_target_load() {
        let mut n = net();
        for _ in 0..30 {
            n.inject(0, Memory, Output, 1.0, 0.5, 0.5, 1.0);
        }
        assert_eq!(n.load(Memory), 1.0);
        assert_eq!(n.counters.dropped_full, 10);
        assert_eq!(n.max_load(), (Memory, 1.0));
        let shed = n.shed(Memory, 0.5);
        assert_eq!(shed, 10);
        assert!((n.load(Memory) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn containment_cuts_flow_routes_around_and_restores_gradually() {
        let mut n = net();
        let m = Message {
            id: 0,
            src: Sensory,
            dst: Output,
            urgency: 1.0,
            importance: 1.0,
            complexity: 0.5,
            created: 0,
            hops_left: 4,
            remaining: 0,
            waiting_since: 0,
            hops: 0,
        };
        let s = all_s(1.0);
        let inputs = StepInputs {
            s: &s,
            c: 0.47,
            attention: 1.0,
        };
        let before = n.rate(Sensory, Pattern, &m, &inputs);
        assert_eq!(n.next_hop(Sensory, &m), Some(Pattern));
        n.isolate(Pattern);
        assert!(n.is_isolated(Pattern));
        // Backup route: Emotional instead of the isolated Pattern.
        assert_eq!(n.next_hop(Sensory, &m), Some(Emotional));
        let cut = n.rate(Sensory, Pattern, &m, &inputs);
        assert!((cut - 0.1 * before).abs() < 1e-12);
        n.release(Pattern);
        n.upkeep(4_000); // one restore τ
        let f = n.factor(Pattern);
        assert!((f - (1.0 - 0.9 * (-1.0f64).exp())).abs() < 1e-12, "{f}");
        assert!(n.rate(Sensory, Pattern, &m, &inputs) < before);
    }

    #[test]
    fn traffic_draws_at_its_rate() {
        use rand_core::SeedableRng;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(9);
        let t = TrafficStream::default();
        let n = (0..100_000).filter(|_| t.draw(&mut rng).is_some()).count();
        // 4 Hz × 0.01 s per step = 0.04.
        assert!((n as f64 / 100_000.0 - 0.04).abs() < 0.003, "{n}");
        let bad = TrafficStream { dst: Sensory, ..t };
        assert_eq!(
            bad.validate("traffic[0]").unwrap_err().field(),
            "traffic[0].dst"
        );
    }
}
