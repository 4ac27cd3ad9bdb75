//! Acceptance 4: probabilistic reversal learning, 100 agents, 200 trials: trials to criterion,
//! reversals achieved, perseverative errors after reversal and win-stay/lose-shift, beside plain
//! Q-learning in the same report; neuromodulation on against fixed levels.
//!
//! The CI test runs the agents with the processor ablated (internal theta clock): the endpoint
//! compares neuromodulation on and off, which the processor does not enter, and 100 agents on
//! live processors take about 40 M ticks per condition. The same comparison on live processors:
//! `cargo test --release -p phin-biomind --test reversal -- --ignored`.
//!
//! The issue asks for a reduction of perseverative errors by at least 20 % with a 95 % interval
//! that excludes 0. Measured (and pinned below): neuromodulation with the blueprint's numbers
//! does the opposite — perseverative errors per reversal rise by about 45 % (about 5.0 against
//! 3.4) and the total rises too, while fewer reversals are reached. The reduction the issue asks
//! for is therefore NOT met; docs/biomind.md ("Why acceptance 4's reduction is not met")
//! explains why: dopamine carries the TD error only within its range [0, 1] around a tonic level
//! near 0.6, so the large negative errors of losses after a reversal (down to −1.6) reach the
//! learner as at most −0.75 while wins pass almost whole; the agent learns slowly from losses and
//! stays with the old option. ACh (τ 0.5 s), NE (τ 0.1 s) and 5-HT (saturated) change nothing
//! measurable.

use phin_biomind::report::Report;
use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, Session, SessionParams};
use phin_biomind::stats::{paired_reduction, Estimate};
use phin_biomind::tasks::{TaskKind, TaskParams};

const SEED: u64 = 4_004;

fn run(agents: u32, ablation: Ablation) -> (SessionParams, Vec<Session>) {
    let p = SessionParams::new(TaskParams::for_kind(TaskKind::Reversal), SEED, 1);
    let ps: Vec<SessionParams> = (1..=agents)
        .map(|k| SessionParams {
            subject: k,
            ..p.clone()
        })
        .collect();
    (
        p,
        run_sessions(ps, ablation, |_, _| {}).expect("valid parameters"),
    )
}

fn per_agent(
    sessions: &[Session],
    f: impl Fn(&phin_biomind::metrics::ReversalMetrics) -> f64,
) -> Vec<f64> {
    sessions
        .iter()
        .map(|s| f(&phin_biomind::metrics::reversal_metrics(s.records(), 9, 10)))
        .collect()
}

fn compare(p: &SessionParams, on: &[Session], fixed: &[Session], ablation: Ablation) {
    let report = Report::build(p, ablation, on).unwrap();
    let a = report.agent.choice.as_ref().unwrap();
    let q = report.q_learning.as_ref().unwrap().choice.as_ref().unwrap();
    let f = Report::build(p, ablation, fixed)
        .unwrap()
        .agent
        .choice
        .unwrap();
    let line = |name: &str, c: &phin_biomind::report::ChoiceSummary| {
        println!(
            "{name:>22}: trials to criterion {:.1} [{:.1}, {:.1}] ({:.0} % reached); reversals {:.2} \
             [{:.2}, {:.2}]; perseverative errors {:.1} [{:.1}, {:.1}], per reversal {:.2} [{:.2}, {:.2}]; \
             win-stay {:.3}, lose-shift {:.3}; P(correct) {:.3} (chance 0.5)",
            c.trials_to_criterion.mean, c.trials_to_criterion.lo, c.trials_to_criterion.hi,
            100.0 * c.reached_criterion,
            c.reversals.mean, c.reversals.lo, c.reversals.hi,
            c.perseverative_errors.mean, c.perseverative_errors.lo, c.perseverative_errors.hi,
            c.perseverative_per_reversal.mean, c.perseverative_per_reversal.lo,
            c.perseverative_per_reversal.hi,
            c.win_stay.mean, c.lose_shift.mean, c.p_correct.mean
        )
    };
    line("agent, NT on", a);
    line("agent, fixed levels", &f);
    line("Q-learning", q);
    let total = paired_reduction(
        &per_agent(fixed, |m| f64::from(m.perseverative_errors)),
        &per_agent(on, |m| f64::from(m.perseverative_errors)),
        2_000,
        SEED,
    );
    let per_rev = paired_reduction(
        &per_agent(fixed, |m| m.perseverative_per_reversal()),
        &per_agent(on, |m| m.perseverative_per_reversal()),
        2_000,
        SEED,
    );
    let reversals = Estimate::paired_difference(
        &per_agent(on, |m| f64::from(m.reversals)),
        &per_agent(fixed, |m| f64::from(m.reversals)),
    );
    println!(
        "reduction of perseverative errors by neuromodulation: total {:.3} [{:.3}, {:.3}], per reversal \
         {:.3} [{:.3}, {:.3}] (target ≥ 0.20 with the interval above 0); reversals on − fixed {:.2} [{:.2}, {:.2}]",
        total.mean, total.lo, total.hi, per_rev.mean, per_rev.lo, per_rev.hi,
        reversals.mean, reversals.lo, reversals.hi
    );
    // The report holds the three groups' endpoints.
    assert!(a.trials_to_criterion.n > 50 && q.trials_to_criterion.n > 50);
    assert!(a.p_correct.lo > 0.5 && q.p_correct.lo > 0.5, "both learn");
    // Pinned, honestly: the target (a reduction ≥ 20 %, interval above 0) is not met, neither
    // in total nor per reversal …
    assert!(
        total.mean < 0.2,
        "total {total:?}: the target is now met; update docs/biomind.md"
    );
    // … perseveration per reversal rises, with an interval that excludes 0 …
    assert!(
        per_rev.hi < 0.0,
        "per reversal {per_rev:?}: if this fails, neuromodulation no longer increases \
         perseveration; update docs/biomind.md and this test"
    );
    // … and modulated agents reach fewer reversals.
    assert!(reversals.hi < 0.0, "{reversals:?}");
}

#[test]
fn reversal_learning_neuromodulation_against_fixed_levels_and_q_learning() {
    let (p, on) = run(100, Ablation::Processor);
    let fixed_params = p.clone().with_ablation(Ablation::Nt);
    let ps: Vec<SessionParams> = (1..=100)
        .map(|k| SessionParams {
            subject: k,
            ..fixed_params.clone()
        })
        .collect();
    let fixed = run_sessions(ps, Ablation::Processor, |_, _| {}).unwrap();
    compare(&p, &on, &fixed, Ablation::Processor);
}

/// The same on live processors (100 agents, 200 trials, about 2 × 40 M ticks):
/// `cargo test --release -p phin-biomind --test reversal -- --ignored`.
#[test]
#[ignore]
fn reversal_learning_on_live_processors() {
    let (p, on) = run(100, Ablation::None);
    let (_, fixed) = run(100, Ablation::Nt);
    compare(&p, &on, &fixed, Ablation::None);
}
