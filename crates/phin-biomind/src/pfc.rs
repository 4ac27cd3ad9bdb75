//! PFC executive control: maintain, shift, inhibit (docs/biomind.md, part 2).
//!
//! The blueprint has only a fragment (a softmax over `['maintain', 'shift', 'inhibit']` whose
//! logits, goal alignment and cognitive load are never defined, spliced into the NT class) plus
//! the PFC's roles elsewhere: goals that bias attention, the override `k_pfc_control`, the TRN's
//! top-down gain. The design here, one [`Pfc::decide`] per cognitive-loop period (`step_s`,
//! 0.1 s = 400 ticks, the short end of the blueprint's 100–500 ms cognitive cycle):
//!
//! ```text
//! goal_alignment = mean goal relevance of the workspace members          (0 if empty)
//! load           = members / K
//! pull           = the largest goal relevance among the non-members
//! distraction    = the largest salience among the non-members with goal relevance < ½
//! logits         = w_maintain·goal_alignment·(1 + load),
//!                  w_shift·pull·(1 − load),
//!                  w_inhibit·distraction
//! decision       = argmax softmax(logits/T); confidence = its probability
//! ```
//!
//! The decision acts on the next workspace steps only through the workspace's inputs:
//! **maintain** restarts the dwell of the goal-relevant members (they do not leave at the
//! maximum dwell); **shift** forces the most goal-relevant non-member (the override
//! `k_pfc_control·(1 − salience)`); **inhibit** scales the input of salient, goal-irrelevant
//! candidates by `1 − k_inhibit` (top-down suppression of distraction).

use crate::error::{check_positive, check_range, ParamError};
use crate::rng::softmax;
use crate::time::{ticks, TICK_S};
use crate::workspace::{CandidateInput, CandidateState};
use serde::{Deserialize, Serialize};

/// The PFC's three decisions (the blueprint's list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PfcDecision {
    /// Keep the goal-relevant contents.
    #[default]
    Maintain,
    /// Bring the most goal-relevant outside item in.
    Shift,
    /// Suppress salient distraction.
    Inhibit,
}

/// Constants of the PFC.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PfcParams {
    /// Cognitive loop period, s (blueprint: 100–500 ms).
    pub step_s: f64,
    /// Softmax temperature of the decision.
    pub temperature: f64,
    /// Weight of the maintain logit.
    pub w_maintain: f64,
    /// Weight of the shift logit.
    pub w_shift: f64,
    /// Weight of the inhibit logit.
    pub w_inhibit: f64,
    /// Input suppression of distraction under inhibit.
    pub k_inhibit: f64,
}

impl Default for PfcParams {
    fn default() -> Self {
        PfcParams {
            step_s: 0.1,
            temperature: 0.2,
            w_maintain: 1.0,
            w_shift: 1.0,
            w_inhibit: 1.0,
            k_inhibit: 0.5,
        }
    }
}

impl PfcParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("pfc.step_s", self.step_s, TICK_S, 10.0)?;
        check_positive("pfc.temperature", self.temperature)?;
        check_range("pfc.w_maintain", self.w_maintain, 0.0, 100.0)?;
        check_range("pfc.w_shift", self.w_shift, 0.0, 100.0)?;
        check_range("pfc.w_inhibit", self.w_inhibit, 0.0, 100.0)?;
        check_range("pfc.k_inhibit", self.k_inhibit, 0.0, 1.0)?;
        Ok(())
    }

    /// Cognitive loop period in ticks.
    pub fn step_ticks(&self) -> u64 {
        ticks(self.step_s).max(1)
    }
}

/// One decision and its readouts (the fragment's return fields).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PfcState {
    /// The decision.
    pub decision: PfcDecision,
    /// Its probability.
    pub confidence: f64,
    /// Mean goal relevance of the members.
    pub goal_alignment: f64,
    /// Members / K.
    pub cognitive_load: f64,
    /// The candidate with the largest attention weight (None: no candidate).
    pub attention_focus: Option<usize>,
    /// The candidate the PFC forces (shift).
    pub forced: Option<usize>,
}

/// The PFC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pfc {
    params: PfcParams,
    state: PfcState,
}

impl Pfc {
    /// A PFC that maintains.
    pub fn new(params: PfcParams) -> Result<Self, ParamError> {
        params.validate()?;
        Ok(Pfc {
            params,
            state: PfcState::default(),
        })
    }

    /// The parameters.
    pub fn params(&self) -> &PfcParams {
        &self.params
    }

    /// The last decision.
    pub fn state(&self) -> PfcState {
        self.state
    }

    /// Decides from the workspace's candidates and this step's inputs.
    pub fn decide(
        &mut self,
        cands: &[CandidateState],
        inputs: &[CandidateInput],
        capacity: usize,
    ) -> PfcState {
        let p = self.params;
        let mut members = 0usize;
        let mut align = 0.0;
        let mut pull: (f64, Option<usize>) = (0.0, None);
        let mut distraction: f64 = 0.0;
        let mut focus: (f64, Option<usize>) = (f64::NEG_INFINITY, None);
        for (i, (c, x)) in cands.iter().zip(inputs).enumerate() {
            if !x.present {
                continue;
            }
            if c.alpha > focus.0 {
                focus = (c.alpha, Some(i));
            }
            if c.member_since.is_some() {
                members += 1;
                align += x.goal_relevance;
            } else {
                if x.goal_relevance > pull.0 {
                    pull = (x.goal_relevance, Some(i));
                }
                if x.goal_relevance < 0.5 {
                    distraction = distraction.max(x.salience);
                }
            }
        }
        let load = members as f64 / capacity.max(1) as f64;
        let align = if members > 0 {
            align / members as f64
        } else {
            0.0
        };
        let logits = [
            p.w_maintain * align * (1.0 + load),
            p.w_shift * pull.0 * (1.0 - load),
            p.w_inhibit * distraction,
        ];
        let probs = softmax(&logits, 1.0 / p.temperature);
        let (k, conf) = probs
            .iter()
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |b, (k, v)| if *v > b.1 { (k, *v) } else { b },
            );
        let decision = [
            PfcDecision::Maintain,
            PfcDecision::Shift,
            PfcDecision::Inhibit,
        ][k];
        self.state = PfcState {
            decision,
            confidence: conf,
            goal_alignment: align,
            cognitive_load: load,
            attention_focus: focus.1,
            forced: if decision == PfcDecision::Shift {
                pull.1
            } else {
                None
            },
        };
        self.state
    }

    /// Applies the last decision to the workspace's inputs for the coming steps.
    pub fn apply(&self, cands: &[CandidateState], inputs: &mut [CandidateInput]) {
        for (i, (c, x)) in cands.iter().zip(inputs.iter_mut()).enumerate() {
            match self.state.decision {
                PfcDecision::Maintain => {
                    x.maintained = c.member_since.is_some() && x.goal_relevance >= 0.5;
                }
                PfcDecision::Shift => {
                    x.forced = self.state.forced == Some(i);
                }
                PfcDecision::Inhibit => {
                    if x.goal_relevance < 0.5 && c.member_since.is_none() {
                        x.input *= 1.0 - self.params.k_inhibit;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_decision_when_its_case_holds() {
        let mut pfc = Pfc::new(PfcParams::default()).unwrap();
        let mut c = vec![CandidateState::default(); 3];
        let mut x = vec![CandidateInput::default(); 3];
        // A goal-relevant member, nothing else: maintain.
        c[0].member_since = Some(1);
        x[0] = CandidateInput {
            present: true,
            goal_relevance: 0.9,
            ..Default::default()
        };
        assert_eq!(pfc.decide(&c, &x, 7).decision, PfcDecision::Maintain);
        pfc.apply(&c, &mut x);
        assert!(x[0].maintained);
        // An empty workspace and a goal-relevant item outside: shift, and it is forced.
        c[0].member_since = None;
        x[1] = CandidateInput {
            present: true,
            goal_relevance: 1.0,
            ..Default::default()
        };
        let s = pfc.decide(&c, &x, 7);
        assert_eq!((s.decision, s.forced), (PfcDecision::Shift, Some(1)));
        // A salient irrelevant item beside a goal-relevant member: inhibit.
        c[0].member_since = Some(1);
        x[1].present = false;
        x[2] = CandidateInput {
            present: true,
            goal_relevance: 0.0,
            salience: 1.0,
            input: 1.0,
            ..Default::default()
        };
        x[0].goal_relevance = 0.3;
        assert_eq!(pfc.decide(&c, &x, 7).decision, PfcDecision::Inhibit);
        pfc.apply(&c, &mut x);
        assert_eq!(x[2].input, 0.5);
    }
}
