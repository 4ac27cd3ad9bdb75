//! Acceptance 3: oracles in the same process, without the processor.
//!
//! - Sutton & Barto's 10-armed testbed (figure 2.2): ε = 0.1, 2000 runs × 1000 steps, mean
//!   reward at step 1000 in [1.35, 1.45].
//! - Q-learning on a 0.8/0.2 bandit over 1000 agents against an independent reference
//!   simulation written here (its own generator, its own loop): P(correct) in trials 101–200
//!   within 0.02.

use phin_biomind::baselines::{run_trials, ten_armed_testbed, QLearner, QLearningParams};
use phin_biomind::tasks::{TaskKind, TaskParams};

#[test]
fn ten_armed_testbed_epsilon_point_one_reaches_about_one_point_four() {
    let r = ten_armed_testbed(2_000, 1_000, 0.1, 2024).unwrap();
    let last = r.mean_reward[999];
    // The last 100 steps, for the report beside the single step the issue pins.
    let tail = r.mean_reward[900..].iter().sum::<f64>() / 100.0;
    let opt = r.optimal[900..].iter().sum::<f64>() / 100.0;
    println!(
        "testbed ε = 0.1: reward at step 1000 {last:.3}, steps 901-1000 {tail:.3}, optimal {opt:.3} \
         (chance: 0 reward, 0.1 optimal)"
    );
    assert!((1.35..=1.45).contains(&last), "step 1000: {last}");
    assert!((0.75..=0.85).contains(&opt), "optimal fraction {opt}");
    // Greedy is worse (figure 2.2: about 1.0) — the oracle can fail the other way too.
    let g = ten_armed_testbed(2_000, 1_000, 0.0, 2024).unwrap();
    let g_tail = g.mean_reward[900..].iter().sum::<f64>() / 100.0;
    assert!((0.9..=1.15).contains(&g_tail), "greedy {g_tail}");
}

/// The reference: a separate, straightforward simulation of the same model (Q-learning,
/// α = 0.3, softmax β = 5 on outcomes 1/0, arms 0.8/0.2), with its own generator (a
/// SplitMix64 stream) and no code shared with the crate.
fn reference_p_correct(agents: u64, seed: u64) -> f64 {
    struct SplitMix(u64);
    impl SplitMix {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }
    let mut g = SplitMix(seed);
    let (alpha, beta) = (0.3, 5.0);
    let mut correct = 0u64;
    for _ in 0..agents {
        let mut q = [0.0f64, 0.0];
        for t in 0..200 {
            let p0 = 1.0 / (1.0 + (-beta * (q[0] - q[1])).exp());
            let a = if g.next() < p0 { 0 } else { 1 };
            let p_win = if a == 0 { 0.8 } else { 0.2 };
            let r = if g.next() < p_win { 1.0 } else { 0.0 };
            q[a] += alpha * (r - q[a]);
            if t >= 100 && a == 0 {
                correct += 1;
            }
        }
    }
    correct as f64 / (agents * 100) as f64
}

#[test]
fn q_learning_matches_an_independent_reference_simulation() {
    let mut task = TaskParams::for_kind(TaskKind::Bandit);
    task.win = 1.0;
    task.loss = 0.0;
    let params = QLearningParams {
        alpha: 0.3,
        beta: 5.0,
        initial_value: 0.0,
    };
    let agents = 1_000u32;
    let mut hits = 0usize;
    for s in 1..=agents {
        let mut q = QLearner::new(params, 1, 2).unwrap();
        let t = run_trials(&task, &mut q, s, 77).unwrap();
        hits += t[100..200]
            .iter()
            .filter(|r| r.correct == Some(true))
            .count();
    }
    let ours = hits as f64 / (agents as f64 * 100.0);
    let reference = reference_p_correct(1_000, 0xC0FFEE);
    println!(
        "Q-learning 0.8/0.2, trials 101-200: P(correct) {ours:.4}, reference {reference:.4} \
         (chance 0.5)"
    );
    assert!((ours - reference).abs() <= 0.02, "{ours} vs {reference}");
    assert!(ours > 0.7, "well above chance: {ours}");
}
