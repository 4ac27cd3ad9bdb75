//! The global workspace (BIOMIND blueprint, "Global Workspace Coordination"; part 2 of
//! docs/biomind.md): goal-driven attention, salience, softmax competition for K = 7 slots,
//! three-criteria ignition through an all-or-none nonlinearity, minimum dwell, hysteresis on
//! replacement, PFC override and DMN context.
//!
//! One [`Workspace::step`] is one workspace-loop period ([`WorkspaceParams::step_s`], 10 ms =
//! 40 ticks by default: the period the blueprint's "β_pfc = 0.1 (~100 ms)" implies). Per
//! candidate i, in this order:
//!
//! ```text
//! α_i   ← g_i + (α_i − g_i)·exp(−Δt/τ_attention)          goal-driven attention, τ = 0.1 s
//!                                                           (exact solution of dα/dt = (g − α)/τ)
//! w_i   = α_i + k_salience·s_i + f_i·k_pfc_control·(1 − s_i)   salience boost (additive, as
//!                                                           written), PFC override if forced
//! share_i = K·softmax(w/T)_i                                competition: Σ share = K
//! e_i   ← e_i + Δt/τ_evidence·(u_i − e_i) + σ_e·√Δt·ξ      sensory evidence (u = gated input)
//! criteria_i = coherence_i > θ_c ∧ share_i > θ_r ∧ e_i > θ_e
//! a_i   ← a_i + Δt/τ_a·(−a_i + S(g_a·(e_i − θ_e) + w_a·(a_i − ½) + b)) + σ_a·√Δt·ξ
//!           (only while coherence and share hold and nothing blocks; else a_i decays to 0)
//! ```
//!
//! **Capacity by competition, not truncation.** The relevance criterion is the candidate's share
//! of the free slots under the softmax, `F·p_i > θ_r` with F = K − members (at least 1) and
//! θ_r = ½: the shares of the non-members sum to F, so at most 2F candidates can qualify at
//! once, and crowds of equally relevant candidates qualify none (each holds less than half a
//! slot). Nothing sorts the candidates and cuts at seven. A candidate that ignites while all K
//! slots are held must win against the weakest member (hysteresis, below) or is suppressed and
//! its unit reset: that competition, not a sort, is what holds the count at K. (θ_r = 1 would
//! make the share alone a hard bound, but then K equally relevant candidates qualify none —
//! with ties no item could ever enter; the choice is documented in docs/biomind.md.)
//!
//! **All-or-none ignition.** The unit `a_i` is bistable (self-excitation w_a, as the global
//! neuronal workspace models reverberating long-range loops, Dehaene, Sergent & Changeux 2003):
//! the bias b puts the saddle-node of its low branch exactly at e = θ_e, so below θ_e the unit
//! stays near 0 and above it the unit jumps to ≈ 1 and holds itself there. Ignition is the unit
//! crossing ½ upward — it can only happen while all three criteria hold.
//!
//! **Seriality and the attentional blink.** An ignited item is *broadcast* from its ignition
//! until its minimum dwell; candidates that ignite within the joint window (0.15 s) after an
//! ignition join the same broadcast, later ones are blocked until the broadcast ends (ignition
//! blocks other input, as in the global neuronal workspace). This is what limits the flow to 1–2
//! new items per second (the blueprint's "natural transition rate") and what makes the
//! attentional blink ([`crate::blink`]).
//!
//! **Dwell and hysteresis.** A member stays at least `min_dwell_s` (0.5 s, the blueprint's
//! 500–1000 ms) and leaves at `max_dwell_s` unless the PFC maintains it (which restarts its
//! dwell), or when its candidate goes away. A candidate that ignites while all K slots are held
//! replaces the member with the lowest coherence only if that member has dwelt its minimum and
//! the candidate's coherence exceeds the member's by more than the hysteresis margin.
//!
//! **The sign error fixed.** The blueprint's "energy" `E = −Σ α log α − Σ g α` with "softmax
//! emerges from maximum entropy" has the sign of the relevance term wrong: maximising it over
//! the simplex gives softmax(−g), attention on the least relevant items. The free energy that
//! the softmax minimises is `F = −Σ g α + T·Σ α log α` ([`free_energy`]): its minimum on the
//! simplex is softmax(g/T). A test checks both statements.

use crate::error::{check_positive, check_range, ParamError};
use crate::rng::{normal, softmax, Xoshiro256PlusPlus};
use crate::time::{ticks, TICK_S};
use serde::{Deserialize, Serialize};

/// Every constant of the workspace; defaults are the blueprint's values where it gives one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkspaceParams {
    /// Workspace loop period, s (0.01 s = 40 ticks; the blueprint's β_pfc = 0.1 "~100 ms" is per
    /// 10 ms).
    pub step_s: f64,
    /// Capacity K, slots (blueprint: 7).
    pub capacity: usize,
    /// τ_attention, s (blueprint: 100 ms).
    pub tau_attention_s: f64,
    /// k_salience (blueprint: 0.3).
    pub k_salience: f64,
    /// k_pfc_control (blueprint: 0.4).
    pub k_pfc_control: f64,
    /// k_dmn (blueprint: 0.6).
    pub k_dmn: f64,
    /// Softmax temperature T (blueprint: not given).
    pub temperature: f64,
    /// θ_coherence (blueprint: not given).
    pub theta_coherence: f64,
    /// θ_relevance on the softmax share F·p (1 = one slot's worth; at most F/θ_r can pass at
    /// once).
    pub theta_relevance: f64,
    /// θ_evidence (blueprint: not given).
    pub theta_evidence: f64,
    /// Time constant of sensory evidence accumulation, s.
    pub tau_evidence_s: f64,
    /// Noise of the evidence, per √s.
    pub evidence_noise: f64,
    /// Time constant of the ignition unit, s.
    pub tau_unit_s: f64,
    /// Gain of the evidence on the ignition unit.
    pub unit_gain: f64,
    /// Self-excitation of the ignition unit (> 4 makes it bistable).
    pub unit_self: f64,
    /// Noise of the ignition unit, per √s.
    pub unit_noise: f64,
    /// Minimum dwell, s (blueprint: 500–1000 ms).
    pub min_dwell_s: f64,
    /// Maximum dwell without PFC maintenance, s.
    pub max_dwell_s: f64,
    /// Hysteresis margin on replacement (coherence units).
    pub hysteresis: f64,
    /// Candidates igniting within this long after an ignition join its broadcast, s.
    pub joint_window_s: f64,
}

impl Default for WorkspaceParams {
    fn default() -> Self {
        WorkspaceParams {
            step_s: 0.01,
            capacity: 7,
            tau_attention_s: 0.1,
            k_salience: 0.3,
            k_pfc_control: 0.4,
            k_dmn: 0.6,
            temperature: 0.1,
            theta_coherence: 0.5,
            theta_relevance: 0.5,
            theta_evidence: 0.5,
            tau_evidence_s: 0.1,
            evidence_noise: 0.15,
            tau_unit_s: 0.03,
            unit_gain: 20.0,
            unit_self: 12.0,
            unit_noise: 0.3,
            min_dwell_s: 0.5,
            max_dwell_s: 1.0,
            hysteresis: 0.1,
            joint_window_s: 0.15,
        }
    }
}

impl WorkspaceParams {
    /// Checks every field; errors name it (`workspace.capacity`).
    pub fn validate(&self) -> Result<(), ParamError> {
        let f = |n: &str| format!("workspace.{n}");
        check_range(&f("step_s"), self.step_s, TICK_S, 0.1)?;
        if self.capacity == 0 || self.capacity > 64 {
            return Err(ParamError::new(f("capacity"), self.capacity, "1 ≤ K ≤ 64"));
        }
        check_positive(&f("tau_attention_s"), self.tau_attention_s)?;
        check_range(&f("k_salience"), self.k_salience, 0.0, 10.0)?;
        check_range(&f("k_pfc_control"), self.k_pfc_control, 0.0, 10.0)?;
        check_range(&f("k_dmn"), self.k_dmn, 0.0, 10.0)?;
        check_positive(&f("temperature"), self.temperature)?;
        check_range(&f("theta_coherence"), self.theta_coherence, 0.0, 1.0)?;
        check_range(&f("theta_relevance"), self.theta_relevance, 0.0, 64.0)?;
        check_range(&f("theta_evidence"), self.theta_evidence, 0.0, 10.0)?;
        check_positive(&f("tau_evidence_s"), self.tau_evidence_s)?;
        check_range(&f("evidence_noise"), self.evidence_noise, 0.0, 10.0)?;
        check_range(&f("tau_unit_s"), self.tau_unit_s, self.step_s, 10.0)?;
        check_range(&f("unit_gain"), self.unit_gain, 0.1, 1_000.0)?;
        check_range(&f("unit_self"), self.unit_self, 4.5, 100.0)?;
        check_range(&f("unit_noise"), self.unit_noise, 0.0, 10.0)?;
        check_range(&f("min_dwell_s"), self.min_dwell_s, 0.0, 60.0)?;
        check_range(&f("max_dwell_s"), self.max_dwell_s, self.min_dwell_s, 600.0)?;
        check_range(&f("hysteresis"), self.hysteresis, 0.0, 1.0)?;
        check_range(
            &f("joint_window_s"),
            self.joint_window_s,
            0.0,
            self.min_dwell_s,
        )?;
        Ok(())
    }

    /// Workspace loop period in ticks.
    pub fn step_ticks(&self) -> u64 {
        ticks(self.step_s).max(1)
    }

    /// The bias b of the ignition unit that puts the saddle-node of its low branch at e = θ_e:
    /// with s* = (1 − √(1 − 4/w))/2 the low fixed point where S′·w = 1,
    /// b = logit(s*) − w·(s* − ½).
    pub fn unit_bias(&self) -> f64 {
        let w = self.unit_self;
        let s = 0.5 * (1.0 - (1.0 - 4.0 / w).sqrt());
        (s / (1.0 - s)).ln() - w * (s - 0.5)
    }
}

/// What the rest of the mind offers the workspace about one candidate representation at one step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateInput {
    /// The candidate exists this step (absent candidates cannot ignite; an absent member
    /// leaves).
    pub present: bool,
    /// goal_relevance_i = dot(PFC goals, representation_i), in [0, 1] (see [`goal_relevance`]).
    pub goal_relevance: f64,
    /// salience_i = max(threat, reward potential, novelty), in [0, 1].
    pub salience: f64,
    /// Internal consistency of the representation, in [0, 1].
    pub coherence: f64,
    /// Sensory drive after the thalamic gate (drives the evidence).
    pub input: f64,
    /// The PFC forces this item (override k_pfc_control·(1 − salience)).
    pub forced: bool,
    /// The PFC maintains this item (its dwell restarts; it does not leave at max dwell).
    pub maintained: bool,
}

/// One candidate's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateState {
    /// Attention weight α_i.
    pub alpha: f64,
    /// Weighted attention after salience and override.
    pub weighted: f64,
    /// Softmax share of the K slots, K·p_i.
    pub share: f64,
    /// Accumulated evidence e_i.
    pub evidence: f64,
    /// Ignition unit activity a_i in [0, 1] (the workspace activation).
    pub activation: f64,
    /// Step at which it entered the workspace (None: not a member).
    pub member_since: Option<u64>,
    /// Step at which its dwell was last restarted (PFC maintenance).
    pub dwell_from: u64,
    /// Its coherence when it entered (for hysteresis).
    pub coherence: f64,
}

/// What happened at one step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepEvents {
    /// Candidates that entered the workspace.
    pub ignited: Vec<usize>,
    /// Members that left (dwell ended, candidate gone, or replaced).
    pub released: Vec<usize>,
    /// Candidates that ignited but lost the competition for a full workspace.
    pub refused: Vec<usize>,
}

/// The global workspace over a fixed number of candidate slots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    params: WorkspaceParams,
    cands: Vec<CandidateState>,
    step: u64,
    /// Ignition step of the current broadcast (None: none running).
    broadcast_from: Option<u64>,
    bias: f64,
}

/// The logistic function.
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The three ignition criteria (blueprint): all must hold.
pub fn ignition_criteria(p: &WorkspaceParams, coherence: f64, share: f64, evidence: f64) -> bool {
    coherence > p.theta_coherence && share > p.theta_relevance && evidence > p.theta_evidence
}

/// goal_relevance = dot(goals, item + k_dmn·narrative), normalised by the norms and clipped to
/// [0, 1] (the blueprint's dot product with the DMN's narrative context integrated).
pub fn goal_relevance(goals: &[f64], item: &[f64], narrative: &[f64], k_dmn: f64) -> f64 {
    let mut dot = 0.0;
    let mut ng = 0.0;
    let mut ni = 0.0;
    for (k, g) in goals.iter().enumerate() {
        let x =
            item.get(k).copied().unwrap_or(0.0) + k_dmn * narrative.get(k).copied().unwrap_or(0.0);
        dot += g * x;
        ng += g * g;
        ni += x * x;
    }
    if ng <= 0.0 || ni <= 0.0 {
        return 0.0;
    }
    (dot / (ng.sqrt() * ni.sqrt())).clamp(0.0, 1.0)
}

/// The free energy the softmax minimises on the simplex: F = −Σ g·α + T·Σ α·ln α (the
/// blueprint's `E = −Σ α log α − Σ g α` with the relevance sign fixed; minimum at softmax(g/T)).
pub fn free_energy(alpha: &[f64], g: &[f64], temperature: f64) -> f64 {
    alpha
        .iter()
        .zip(g)
        .map(|(a, gi)| {
            -gi * a
                + if *a > 0.0 {
                    temperature * a * a.ln()
                } else {
                    0.0
                }
        })
        .sum()
}

/// The blueprint's energy as written, `E = −Σ α log α − Σ g α` (kept to show the sign error:
/// its maximum on the simplex is softmax(−g)).
pub fn blueprint_energy(alpha: &[f64], g: &[f64]) -> f64 {
    alpha
        .iter()
        .zip(g)
        .map(|(a, gi)| if *a > 0.0 { -a * a.ln() } else { 0.0 } - gi * a)
        .sum()
}

/// The closed form of the attention dynamics: α(t) = α0·e^(−t/τ) + g·(1 − e^(−t/τ)).
pub fn attention_closed_form(alpha0: f64, g: f64, t_s: f64, tau_s: f64) -> f64 {
    let e = (-t_s / tau_s).exp();
    alpha0 * e + g * (1.0 - e)
}

impl Workspace {
    /// An empty workspace over `n_candidates` slots.
    pub fn new(params: WorkspaceParams, n_candidates: usize) -> Result<Self, ParamError> {
        params.validate()?;
        if n_candidates == 0 || n_candidates > 1024 {
            return Err(ParamError::new(
                "workspace.candidates",
                n_candidates,
                "1 ≤ n ≤ 1024",
            ));
        }
        Ok(Workspace {
            bias: params.unit_bias(),
            params,
            cands: vec![CandidateState::default(); n_candidates],
            step: 0,
            broadcast_from: None,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &WorkspaceParams {
        &self.params
    }

    /// Steps taken.
    pub fn steps(&self) -> u64 {
        self.step
    }

    /// Every candidate's state.
    pub fn candidates(&self) -> &[CandidateState] {
        &self.cands
    }

    /// The members, in candidate order.
    pub fn members(&self) -> Vec<usize> {
        (0..self.cands.len())
            .filter(|i| self.cands[*i].member_since.is_some())
            .collect()
    }

    /// Number of members.
    pub fn occupancy(&self) -> usize {
        self.cands
            .iter()
            .filter(|c| c.member_since.is_some())
            .count()
    }

    /// A broadcast is running and past its joint window: new ignitions are blocked.
    pub fn blocked(&self) -> bool {
        self.broadcast_from.is_some_and(|b| {
            let since = (self.step - b) as f64 * self.params.step_s;
            since >= self.params.joint_window_s - 1e-12 && since < self.params.min_dwell_s - 1e-12
        })
    }

    /// Time since admission, s (the minimum dwell counts from here).
    fn dwell_s(&self, c: &CandidateState) -> f64 {
        (self.step - c.member_since.unwrap_or(self.step)) as f64 * self.params.step_s
    }

    /// Time since admission or the last PFC maintenance, s (the maximum dwell counts from here).
    fn held_s(&self, c: &CandidateState) -> f64 {
        (self.step - c.dwell_from) as f64 * self.params.step_s
    }

    /// One workspace step with the candidates' inputs (`inputs.len()` must equal the number of
    /// candidates; missing entries count as absent) and a seeded generator for the noise.
    pub fn step(&mut self, inputs: &[CandidateInput], rng: &mut Xoshiro256PlusPlus) -> StepEvents {
        let p = self.params;
        let dt = p.step_s;
        let n = self.cands.len();
        let absent = CandidateInput::default();
        let inp = |i: usize| inputs.get(i).unwrap_or(&absent);
        self.step += 1;
        let mut ev = StepEvents::default();

        // Attention, salience, override.
        let decay = (-dt / p.tau_attention_s).exp();
        for i in 0..n {
            let x = inp(i);
            let c = &mut self.cands[i];
            let g = x.goal_relevance.clamp(0.0, 1.0);
            c.alpha = g + (c.alpha - g) * decay;
            let s = x.salience.clamp(0.0, 1.0);
            let forced = if x.forced {
                p.k_pfc_control * (1.0 - s)
            } else {
                0.0
            };
            c.weighted = c.alpha + p.k_salience * s + forced;
        }
        // Competition: softmax share of the free slots over the present non-members (at least
        // one slot's worth, for which a candidate must then win a replacement).
        let members = self.occupancy();
        let free = p.capacity.saturating_sub(members).max(1) as f64;
        let present: Vec<usize> = (0..n)
            .filter(|i| inp(*i).present && self.cands[*i].member_since.is_none())
            .collect();
        let w: Vec<f64> = present.iter().map(|i| self.cands[*i].weighted).collect();
        let probs = if w.is_empty() {
            Vec::new()
        } else {
            softmax(&w, 1.0 / p.temperature)
        };
        for c in &mut self.cands {
            c.share = 0.0;
        }
        for (k, i) in present.iter().enumerate() {
            self.cands[*i].share = free * probs[k];
        }

        // Members that leave: candidate gone, or dwell over (unless maintained).
        for i in 0..n {
            let x = *inp(i);
            if x.maintained && self.cands[i].member_since.is_some() {
                self.cands[i].dwell_from = self.step;
            }
            if self.cands[i].member_since.is_some() {
                let over = self.held_s(&self.cands[i]) >= p.max_dwell_s - 1e-12;
                if !x.present || over {
                    self.release(i);
                    ev.released.push(i);
                }
            }
        }
        if let Some(b) = self.broadcast_from {
            if (self.step - b) as f64 * dt >= p.min_dwell_s - 1e-12 {
                self.broadcast_from = None;
            }
        }
        let blocked = self.blocked();

        // Evidence and ignition units.
        let sq = dt.sqrt();
        let mut ignitions = Vec::new();
        for i in 0..n {
            let x = *inp(i);
            let c = &mut self.cands[i];
            let u = if x.present { x.input.max(0.0) } else { 0.0 };
            c.evidence +=
                dt / p.tau_evidence_s * (u - c.evidence) + p.evidence_noise * sq * normal(rng);
            c.evidence = c.evidence.max(0.0);
            if c.member_since.is_some() {
                // A member's unit reverberates at its high branch until it is released.
                c.activation += dt / p.tau_unit_s * (1.0 - c.activation);
                continue;
            }
            let open = x.present
                && x.coherence > p.theta_coherence
                && c.share > p.theta_relevance
                && !blocked;
            let target = if open {
                logistic(
                    p.unit_gain * (c.evidence - p.theta_evidence)
                        + p.unit_self * (c.activation - 0.5)
                        + self.bias,
                )
            } else {
                0.0
            };
            let before = c.activation;
            c.activation += dt / p.tau_unit_s * (target - c.activation)
                + if open {
                    p.unit_noise * sq * normal(rng)
                } else {
                    0.0
                };
            c.activation = c.activation.clamp(0.0, 1.0);
            // Ignition: the unit crosses ½ upward while all three criteria hold.
            if before < 0.5
                && c.activation >= 0.5
                && ignition_criteria(&p, x.coherence, c.share, c.evidence)
            {
                ignitions.push(i);
            } else if c.activation >= 0.5 {
                // crossed without the criteria (noise): not an ignition, pushed back
                c.activation = 0.49;
            }
        }
        // Admission: free slot, or replacement with hysteresis; else refused.
        for i in ignitions {
            let coh = inp(i).coherence;
            if self.occupancy() < p.capacity {
                self.admit(i, coh);
                ev.ignited.push(i);
                continue;
            }
            let weakest = self
                .members()
                .into_iter()
                .filter(|m| self.dwell_s(&self.cands[*m]) >= p.min_dwell_s - 1e-12)
                .min_by(|a, b| {
                    self.cands[*a]
                        .coherence
                        .total_cmp(&self.cands[*b].coherence)
                });
            match weakest {
                Some(m) if coh > self.cands[m].coherence + p.hysteresis => {
                    self.release(m);
                    ev.released.push(m);
                    self.admit(i, coh);
                    ev.ignited.push(i);
                }
                _ => {
                    self.cands[i].activation = 0.0;
                    ev.refused.push(i);
                }
            }
        }
        ev
    }

    /// Slot `i` now holds a new representation: a member is released and the slot's attention,
    /// evidence and activation start from zero. Returns whether a member was released.
    pub fn replace_candidate(&mut self, i: usize) -> bool {
        let Some(c) = self.cands.get_mut(i) else {
            return false;
        };
        let was = c.member_since.is_some();
        *c = CandidateState::default();
        was
    }

    fn admit(&mut self, i: usize, coherence: f64) {
        let c = &mut self.cands[i];
        c.member_since = Some(self.step);
        c.dwell_from = self.step;
        c.coherence = coherence;
        c.activation = c.activation.max(0.5);
        if self.broadcast_from.is_none() {
            self.broadcast_from = Some(self.step);
        }
    }

    fn release(&mut self, i: usize) {
        let c = &mut self.cands[i];
        c.member_since = None;
        c.activation = 0.0;
        c.evidence = 0.0;
    }

    /// The mean activation of the members (0 with none).
    pub fn mean_member_activation(&self) -> f64 {
        let m: Vec<f64> = self
            .cands
            .iter()
            .filter(|c| c.member_since.is_some())
            .map(|c| c.activation)
            .collect();
        if m.is_empty() {
            0.0
        } else {
            m.iter().sum::<f64>() / m.len() as f64
        }
    }
}
