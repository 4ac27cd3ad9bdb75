//! The four behavioural tasks, seeded, with trial timing in seconds so that trials run on the
//! processor's clock:
//!
//! - [`TaskKind::Bandit`]: the two-armed bandit (hBayesDM `bandit2arm`), fixed or with one switch
//!   of the arms' probabilities;
//! - [`TaskKind::Reversal`]: probabilistic reversal learning (the CNTRaCS design): 80/20
//!   acquisition, a reversal when 9 of the last 10 choices were correct, 90/10 after, a phase
//!   that reaches no criterion within 50 trials reverses anyway (and counts as not achieved);
//! - [`TaskKind::GoNoGo`]: the orthogonalised go/no-go (Guitart-Masip et al. 2012): go-to-win,
//!   go-to-avoid, no-go-to-win, no-go-to-avoid, 80 % valid feedback, 60 trials per cue in a
//!   seeded random order;
//! - [`TaskKind::Pavlovian`]: classical conditioning (Schultz, Dayan & Montague 1997): a cue,
//!   reward 1 s later, omission probes on given trials.
//!
//! A task decides what happens (cue, outcome, reversals); the session decides when (the
//! [`Timing`] in seconds, converted to ticks in [`crate::time`]).
//!
//! ```
//! use phin_biomind::rng;
//! use phin_biomind::tasks::{Task, TaskKind, TaskParams};
//!
//! let mut task = Task::new(TaskParams::for_kind(TaskKind::Reversal)).unwrap();
//! let mut r = rng::stream(1, 0, rng::TASK_STREAM);
//! let plan = task.begin_trial(0, &mut r);
//! assert_eq!(plan.cue, 0);
//! let best = task.best_action(plan.cue).unwrap();
//! let reward = task.outcome(plan.cue, Some(best), false, &mut r);
//! assert!(reward == 1.0 || reward == -1.0);
//! ```

use crate::error::{check_positive, check_range, ParamError};
use crate::rng::{shuffle, uniform, uniform_in, Xoshiro256PlusPlus};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskKind {
    /// Two-armed bandit.
    Bandit,
    /// Probabilistic reversal learning.
    Reversal,
    /// Orthogonalised go/no-go.
    #[serde(rename = "gonogo")]
    GoNoGo,
    /// Pavlovian conditioning.
    Pavlovian,
}

impl TaskKind {
    /// All four.
    pub const ALL: [TaskKind; 4] = [
        TaskKind::Bandit,
        TaskKind::Reversal,
        TaskKind::GoNoGo,
        TaskKind::Pavlovian,
    ];

    /// The name the CLI takes: `bandit`, `reversal`, `gonogo`, `pavlovian`.
    pub const fn name(self) -> &'static str {
        match self {
            TaskKind::Bandit => "bandit",
            TaskKind::Reversal => "reversal",
            TaskKind::GoNoGo => "gonogo",
            TaskKind::Pavlovian => "pavlovian",
        }
    }
}

impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TaskKind {
    type Err = ParamError;
    fn from_str(s: &str) -> Result<Self, ParamError> {
        let t = s.trim().to_ascii_lowercase();
        TaskKind::ALL
            .into_iter()
            .find(|k| k.name() == t || (t == "go-nogo" && *k == TaskKind::GoNoGo))
            .ok_or_else(|| ParamError::new("task", s, "bandit, reversal, gonogo, pavlovian"))
    }
}

/// When things happen within a trial, in seconds from cue onset, and between trials.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// The response window opens (the target appears), s after cue onset. The agent decides at
    /// its first clock step at or after this time.
    pub response_open_s: f64,
    /// The response window closes, s after cue onset (a decision not made by then is no-go).
    pub response_close_s: f64,
    /// The outcome arrives this long after the choice (choice tasks) or after cue onset
    /// (go/no-go: after the window closes; Pavlovian: the cue-reward delay), s.
    pub outcome_delay_s: f64,
    /// The outcome's sensory pulse lasts this long, s.
    pub outcome_duration_s: f64,
    /// The trial ends this long after cue onset at the latest (Pavlovian: cue offset), s;
    /// choice tasks end when the outcome's pulse ends.
    pub trial_end_s: f64,
    /// Shortest inter-trial interval, s.
    pub iti_min_s: f64,
    /// Longest inter-trial interval, s (uniform between, seeded).
    pub iti_max_s: f64,
}

impl Timing {
    fn validate(&self) -> Result<(), ParamError> {
        let f = |n: &str| format!("task.timing.{n}");
        check_range(&f("response_open_s"), self.response_open_s, 0.0, 60.0)?;
        check_range(
            &f("response_close_s"),
            self.response_close_s,
            self.response_open_s,
            60.0,
        )?;
        check_range(&f("outcome_delay_s"), self.outcome_delay_s, 0.0, 60.0)?;
        check_range(&f("outcome_duration_s"), self.outcome_duration_s, 0.0, 10.0)?;
        check_range(&f("trial_end_s"), self.trial_end_s, 0.0, 120.0)?;
        check_range(&f("iti_min_s"), self.iti_min_s, 0.0, 60.0)?;
        check_range(&f("iti_max_s"), self.iti_max_s, self.iti_min_s, 60.0)?;
        Ok(())
    }
}

/// The go/no-go cues, in hBayesDM's `gng` cue order (1 … 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GngCue {
    /// Go to win (cue 1).
    GoToWin,
    /// Go to avoid losing (cue 2).
    GoToAvoid,
    /// No-go to win (cue 3).
    NoGoToWin,
    /// No-go to avoid losing (cue 4).
    NoGoToAvoid,
}

impl GngCue {
    /// All four, by cue index.
    pub const ALL: [GngCue; 4] = [
        GngCue::GoToWin,
        GngCue::GoToAvoid,
        GngCue::NoGoToWin,
        GngCue::NoGoToAvoid,
    ];

    /// Short name: GW, GAL, NGW, NGAL.
    pub const fn name(self) -> &'static str {
        match self {
            GngCue::GoToWin => "GW",
            GngCue::GoToAvoid => "GAL",
            GngCue::NoGoToWin => "NGW",
            GngCue::NoGoToAvoid => "NGAL",
        }
    }

    /// Go is the correct response.
    pub const fn go_is_correct(self) -> bool {
        matches!(self, GngCue::GoToWin | GngCue::GoToAvoid)
    }

    /// A win cue (outcomes +1 or 0) rather than an avoid cue (0 or −1).
    pub const fn is_win(self) -> bool {
        matches!(self, GngCue::GoToWin | GngCue::NoGoToWin)
    }
}

/// The action index of "go" (press) in go/no-go; "no-go" is [`NOGO`].
pub const GO: usize = 0;
/// The action index of "no-go".
pub const NOGO: usize = 1;

/// Every setting of a task. [`TaskParams::for_kind`] gives the designs above.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskParams {
    /// Which task.
    pub kind: TaskKind,
    /// Trials in a session.
    pub trials: u32,
    /// Trial timing.
    pub timing: Timing,
    /// Bandit: reward probability of each arm (two arms).
    pub arm_probabilities: [f64; 2],
    /// Bandit: the arms' probabilities swap before this trial (0-based), if set.
    pub switch_at: Option<u32>,
    /// Reversal: acquisition probabilities (correct arm, other arm): 0.8 / 0.2.
    pub acquisition: [f64; 2],
    /// Reversal: probabilities after the first reversal: 0.9 / 0.1.
    pub after_reversal: [f64; 2],
    /// Reversal: criterion, correct choices among the last `criterion_window`: 9.
    pub criterion_correct: u32,
    /// Reversal: the window of the criterion: 10.
    pub criterion_window: u32,
    /// Reversal: a phase without criterion reverses after this many trials (not counted as
    /// achieved); 0 = never.
    pub max_phase_trials: u32,
    /// Bandit and reversal: the outcome of a win (hBayesDM convention: 1).
    pub win: f64,
    /// Bandit and reversal: the outcome of a loss (hBayesDM convention: −1).
    pub loss: f64,
    /// Go/no-go: probability that feedback is valid: 0.8.
    pub valid_feedback: f64,
    /// Pavlovian: reward size.
    pub reward: f64,
    /// Pavlovian: trials (1-based) whose reward is omitted.
    pub omission_trials: Vec<u32>,
}

impl TaskParams {
    /// The design of `kind` with its default timing and trial count.
    pub fn for_kind(kind: TaskKind) -> Self {
        let choice_timing = Timing {
            response_open_s: 0.5,
            response_close_s: 1.5,
            outcome_delay_s: 0.5,
            outcome_duration_s: 0.25,
            trial_end_s: 3.0,
            iti_min_s: 0.5,
            iti_max_s: 0.85,
        };
        let (trials, timing) = match kind {
            TaskKind::Bandit | TaskKind::Reversal => (200, choice_timing),
            TaskKind::GoNoGo => (
                240,
                Timing {
                    response_open_s: 1.0,
                    response_close_s: 2.0,
                    outcome_delay_s: 0.5,
                    outcome_duration_s: 0.5,
                    trial_end_s: 3.0,
                    iti_min_s: 0.75,
                    iti_max_s: 1.25,
                },
            ),
            TaskKind::Pavlovian => (
                100,
                Timing {
                    response_open_s: 0.0,
                    response_close_s: 0.0,
                    outcome_delay_s: 1.0,
                    outcome_duration_s: 0.1,
                    trial_end_s: 2.0,
                    iti_min_s: 1.0,
                    iti_max_s: 2.0,
                },
            ),
        };
        TaskParams {
            kind,
            trials,
            timing,
            arm_probabilities: [0.8, 0.2],
            switch_at: None,
            acquisition: [0.8, 0.2],
            after_reversal: [0.9, 0.1],
            criterion_correct: 9,
            criterion_window: 10,
            max_phase_trials: 50,
            win: 1.0,
            loss: -1.0,
            valid_feedback: 0.8,
            reward: 1.0,
            omission_trials: vec![91, 94, 97, 100],
        }
    }

    /// Checks every field; errors name the field (`task.acquisition[1]`).
    pub fn validate(&self) -> Result<(), ParamError> {
        if self.trials == 0 || self.trials > 100_000 {
            return Err(ParamError::new("task.trials", self.trials, "1 … 100000"));
        }
        self.timing.validate()?;
        for (name, p) in [
            ("arm_probabilities", self.arm_probabilities),
            ("acquisition", self.acquisition),
            ("after_reversal", self.after_reversal),
        ] {
            for (k, v) in p.iter().enumerate() {
                check_range(&format!("task.{name}[{k}]"), *v, 0.0, 1.0)?;
            }
        }
        if self.criterion_window == 0
            || self.criterion_window > 1000
            || self.criterion_correct == 0
            || self.criterion_correct > self.criterion_window
        {
            return Err(ParamError::new(
                "task.criterion_correct",
                self.criterion_correct,
                format!("1 … criterion_window ({})", self.criterion_window),
            ));
        }
        check_range("task.win", self.win, -100.0, 100.0)?;
        check_range("task.loss", self.loss, -100.0, 100.0)?;
        if self.win <= self.loss {
            return Err(ParamError::new(
                "task.win",
                self.win,
                format!("greater than task.loss ({})", self.loss),
            ));
        }
        check_range("task.valid_feedback", self.valid_feedback, 0.0, 1.0)?;
        check_positive("task.reward", self.reward)?;
        if let Some(t) = self.omission_trials.iter().find(|&&t| t == 0) {
            return Err(ParamError::new(
                "task.omission_trials",
                t,
                "trial numbers ≥ 1 (1-based)",
            ));
        }
        if self.kind == TaskKind::Pavlovian
            && self.timing.outcome_delay_s >= self.timing.trial_end_s
        {
            return Err(ParamError::new(
                "task.timing.outcome_delay_s",
                self.timing.outcome_delay_s,
                format!("< trial_end_s ({})", self.timing.trial_end_s),
            ));
        }
        Ok(())
    }
}

/// What the task decides at the start of a trial.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialPlan {
    /// The cue index (0 for single-cue tasks).
    pub cue: usize,
    /// The trial asks for a choice.
    pub has_choice: bool,
    /// Pavlovian: the reward of this trial is omitted.
    pub omit: bool,
    /// The inter-trial interval after this trial, s.
    pub iti_s: f64,
}

/// A task's state between trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    params: TaskParams,
    /// Reversal: the arm that is currently correct.
    correct_arm: usize,
    /// Reversal: phase number (0 = acquisition).
    phase: u32,
    /// Reversal: trials so far in this phase.
    phase_trials: u32,
    /// Reversal: outcome of the last choices (true = correct), newest last.
    recent: Vec<bool>,
    /// Reversal: reversals reached by criterion.
    reversals_achieved: u32,
    /// Reversal: trials to reach the first criterion (acquisition), if reached.
    acquisition_trials: Option<u32>,
    /// Go/no-go: the seeded cue order.
    cue_order: Vec<usize>,
    /// The current trial (0-based).
    current: u32,
}

impl Task {
    /// A task at its first trial.
    pub fn new(params: TaskParams) -> Result<Self, ParamError> {
        params.validate()?;
        Ok(Task {
            params,
            correct_arm: 0,
            phase: 0,
            phase_trials: 0,
            recent: Vec::new(),
            reversals_achieved: 0,
            acquisition_trials: None,
            cue_order: Vec::new(),
            current: 0,
        })
    }

    /// The settings.
    pub fn params(&self) -> &TaskParams {
        &self.params
    }

    /// Which task.
    pub fn kind(&self) -> TaskKind {
        self.params.kind
    }

    /// Number of distinct cues.
    pub fn n_cues(&self) -> usize {
        match self.params.kind {
            TaskKind::GoNoGo => 4,
            _ => 1,
        }
    }

    /// Number of actions at a choice (0: Pavlovian, no choice).
    pub fn n_actions(&self) -> usize {
        match self.params.kind {
            TaskKind::Pavlovian => 0,
            _ => 2,
        }
    }

    /// Starts trial `index` (0-based): picks the cue, whether the reward is omitted and the
    /// inter-trial interval.
    pub fn begin_trial(&mut self, index: u32, rng: &mut Xoshiro256PlusPlus) -> TrialPlan {
        self.current = index;
        let p = &self.params;
        let cue = if p.kind == TaskKind::GoNoGo {
            if self.cue_order.is_empty() {
                let per_cue = p.trials.div_ceil(4) as usize;
                let mut order: Vec<usize> = (0..4)
                    .flat_map(|c| std::iter::repeat_n(c, per_cue))
                    .collect();
                shuffle(rng, &mut order);
                self.cue_order = order;
            }
            self.cue_order[index as usize % self.cue_order.len()]
        } else {
            0
        };
        let omit = p.kind == TaskKind::Pavlovian && p.omission_trials.contains(&(index + 1));
        let iti_s = uniform_in(rng, p.timing.iti_min_s, p.timing.iti_max_s);
        TrialPlan {
            cue,
            has_choice: self.n_actions() > 0,
            omit,
            iti_s,
        }
    }

    /// The reward probabilities of the two arms now (bandit, reversal).
    fn arm_probabilities(&self, trial: u32) -> [f64; 2] {
        let p = &self.params;
        match p.kind {
            TaskKind::Bandit => {
                let q = p.arm_probabilities;
                match p.switch_at {
                    Some(s) if trial >= s => [q[1], q[0]],
                    _ => q,
                }
            }
            TaskKind::Reversal => {
                let q = if self.phase == 0 {
                    p.acquisition
                } else {
                    p.after_reversal
                };
                if self.correct_arm == 0 {
                    q
                } else {
                    [q[1], q[0]]
                }
            }
            _ => [0.0, 0.0],
        }
    }

    /// The outcome of `action` (None: no choice) to `cue` in the current trial, drawn from the
    /// task's stream. `omit` is the plan's omission (Pavlovian).
    pub fn outcome(
        &mut self,
        cue: usize,
        action: Option<usize>,
        omit: bool,
        rng: &mut Xoshiro256PlusPlus,
    ) -> f64 {
        let p = &self.params;
        match p.kind {
            TaskKind::Bandit | TaskKind::Reversal => {
                let a = action.unwrap_or(0).min(1);
                let q = self.arm_probabilities(self.current)[a];
                if uniform(rng) < q {
                    p.win
                } else {
                    p.loss
                }
            }
            TaskKind::GoNoGo => {
                let c = GngCue::ALL[cue.min(3)];
                let go = action == Some(GO);
                let correct = go == c.go_is_correct();
                let valid = uniform(rng) < p.valid_feedback;
                // Correct responses get the good outcome with probability 0.8, incorrect ones
                // with probability 0.2.
                let good = correct == valid;
                match (c.is_win(), good) {
                    (true, true) => 1.0,
                    (true, false) => 0.0,
                    (false, true) => 0.0,
                    (false, false) => -1.0,
                }
            }
            TaskKind::Pavlovian => {
                if omit {
                    0.0
                } else {
                    p.reward
                }
            }
        }
    }

    /// The correct action for `cue` in the current trial (None: Pavlovian).
    pub fn best_action(&self, cue: usize) -> Option<usize> {
        match self.params.kind {
            TaskKind::Bandit => {
                let q = self.arm_probabilities(self.current);
                Some(if q[0] >= q[1] { 0 } else { 1 })
            }
            TaskKind::Reversal => Some(self.correct_arm),
            TaskKind::GoNoGo => Some(if GngCue::ALL[cue.min(3)].go_is_correct() {
                GO
            } else {
                NOGO
            }),
            TaskKind::Pavlovian => None,
        }
    }

    /// The range of outcomes `cue` can give (lowest, highest): the support the agent's
    /// surprise is computed on.
    pub fn outcome_range(&self, cue: usize) -> (f64, f64) {
        match self.params.kind {
            TaskKind::Bandit | TaskKind::Reversal => (self.params.loss, self.params.win),
            TaskKind::GoNoGo => {
                if GngCue::ALL[cue.min(3)].is_win() {
                    (0.0, 1.0)
                } else {
                    (-1.0, 0.0)
                }
            }
            TaskKind::Pavlovian => (0.0, self.params.reward),
        }
    }

    /// Ends trial `trial` (0-based) whose choice was `correct`: the reversal bookkeeping.
    /// Returns true when the correct arm reverses after this trial.
    pub fn end_trial(&mut self, trial: u32, correct: Option<bool>) -> bool {
        if self.params.kind != TaskKind::Reversal {
            return false;
        }
        let Some(correct) = correct else {
            return false;
        };
        self.phase_trials += 1;
        self.recent.push(correct);
        let w = self.params.criterion_window as usize;
        if self.recent.len() > w {
            self.recent.remove(0);
        }
        let hits = self.recent.iter().filter(|&&c| c).count() as u32;
        let criterion = self.recent.len() == w && hits >= self.params.criterion_correct;
        let timeout =
            self.params.max_phase_trials > 0 && self.phase_trials >= self.params.max_phase_trials;
        if criterion || timeout {
            if criterion {
                if self.phase == 0 {
                    self.acquisition_trials = Some(trial + 1);
                }
                self.reversals_achieved += 1;
            }
            self.correct_arm = 1 - self.correct_arm;
            self.phase += 1;
            self.phase_trials = 0;
            self.recent.clear();
            true
        } else {
            false
        }
    }

    /// Reversal: the phase (0 = acquisition).
    pub fn phase(&self) -> u32 {
        self.phase
    }

    /// Reversal: criteria reached so far (each one triggered a reversal).
    pub fn reversals_achieved(&self) -> u32 {
        self.reversals_achieved
    }

    /// Reversal: trials to the first criterion, if reached.
    pub fn acquisition_trials(&self) -> Option<u32> {
        self.acquisition_trials
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream, TASK_STREAM};

    #[test]
    fn reversal_reverses_at_nine_of_ten_and_after_fifty() {
        let mut t = Task::new(TaskParams::for_kind(TaskKind::Reversal)).unwrap();
        // Eight correct then a wrong then a correct: 9 of 10 → reversal.
        let pattern = [true, true, true, true, true, true, true, true, false, true];
        let mut rev = false;
        for (k, c) in pattern.iter().enumerate() {
            rev = t.end_trial(k as u32, Some(*c));
            assert!(!rev || k == 9);
        }
        assert!(rev);
        assert_eq!(t.best_action(0), Some(1));
        assert_eq!(t.acquisition_trials(), Some(10));
        assert_eq!(t.reversals_achieved(), 1);
        // 90/10 after: the new correct arm wins 90 %.
        let mut r = stream(3, 0, TASK_STREAM);
        let wins = (0..20_000)
            .filter(|_| t.outcome(0, Some(1), false, &mut r) > 0.0)
            .count();
        assert!((wins as f64 / 20_000.0 - 0.9).abs() < 0.01);
        // Alternating choices never reach the criterion: forced reversal after 50.
        let mut reversed_at = None;
        for k in 0..60 {
            if t.end_trial(10 + k, Some(k % 2 == 0)) {
                reversed_at = Some(k + 1);
                break;
            }
        }
        assert_eq!(reversed_at, Some(50));
        assert_eq!(t.reversals_achieved(), 1, "a timeout is not achieved");
        assert_eq!(t.best_action(0), Some(0));
    }

    #[test]
    fn go_nogo_feedback_is_valid_eighty_percent_and_cues_are_balanced() {
        let mut t = Task::new(TaskParams::for_kind(TaskKind::GoNoGo)).unwrap();
        let mut r = stream(5, 1, TASK_STREAM);
        let mut counts = [0u32; 4];
        for k in 0..240 {
            counts[t.begin_trial(k, &mut r).cue] += 1;
        }
        assert_eq!(counts, [60; 4]);
        let n = 20_000;
        for (cue, good_value) in [(0, 1.0), (1, 0.0), (2, 1.0), (3, 0.0)] {
            let best = t.best_action(cue);
            let good = (0..n)
                .filter(|_| t.outcome(cue, best, false, &mut r) == good_value)
                .count();
            assert!((good as f64 / n as f64 - 0.8).abs() < 0.01, "cue {cue}");
            let worst = best.map(|a| 1 - a);
            let good = (0..n)
                .filter(|_| t.outcome(cue, worst, false, &mut r) == good_value)
                .count();
            assert!((good as f64 / n as f64 - 0.2).abs() < 0.01, "cue {cue}");
        }
    }

    #[test]
    fn pavlovian_omits_on_the_probe_trials_and_bandit_switches() {
        let mut t = Task::new(TaskParams::for_kind(TaskKind::Pavlovian)).unwrap();
        let mut r = stream(5, 1, TASK_STREAM);
        let omitted: Vec<u32> = (0..100)
            .filter(|&k| t.begin_trial(k, &mut r).omit)
            .map(|k| k + 1)
            .collect();
        assert_eq!(omitted, vec![91, 94, 97, 100]);
        let mut p = TaskParams::for_kind(TaskKind::Bandit);
        p.switch_at = Some(100);
        let mut t = Task::new(p).unwrap();
        t.begin_trial(99, &mut r);
        assert_eq!(t.best_action(0), Some(0));
        t.begin_trial(100, &mut r);
        assert_eq!(t.best_action(0), Some(1));
    }

    #[test]
    fn bad_settings_name_the_field() {
        let mut p = TaskParams::for_kind(TaskKind::Reversal);
        p.acquisition[1] = 1.2;
        assert_eq!(Task::new(p).unwrap_err().field, "task.acquisition[1]");
        let mut p = TaskParams::for_kind(TaskKind::Reversal);
        p.criterion_correct = 11;
        assert_eq!(Task::new(p).unwrap_err().field, "task.criterion_correct");
        let mut p = TaskParams::for_kind(TaskKind::Pavlovian);
        p.timing.iti_max_s = 0.1;
        assert_eq!(Task::new(p).unwrap_err().field, "task.timing.iti_max_s");
        assert!("GoNoGo".parse::<TaskKind>().is_ok());
        assert_eq!("x".parse::<TaskKind>().unwrap_err().field, "task");
    }
}
