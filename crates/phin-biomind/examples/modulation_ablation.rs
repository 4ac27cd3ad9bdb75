//! Which modulation does what in reversal learning: each of the four (DA carries δ, ACh → α,
//! NE → β, 5-HT → γ) switched on alone, all on, all but DA, and none ("fixed levels"), on the
//! same agents (processor ablated: the comparison does not involve it). The table in
//! docs/biomind.md ("Why acceptance 4's reduction is not met") is this example's output with 50
//! agents.
//!
//! ```text
//! cargo run --release -p phin-biomind --example modulation_ablation [-- AGENTS]
//! ```

use phin_biomind::metrics::{reversal_metrics, ReversalMetrics};
use phin_biomind::modulation::ModulationParams;
use phin_biomind::nt::Nt;
use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, SessionParams};
use phin_biomind::stats::Estimate;
use phin_biomind::tasks::{TaskKind, TaskParams};

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let task = TaskParams::for_kind(TaskKind::Reversal);
    let f = ModulationParams::fixed_levels();
    let d = ModulationParams::default();
    let conditions: Vec<(&str, ModulationParams)> = vec![
        ("fixed levels", f),
        ("all on", d),
        (
            "DA carries δ only",
            ModulationParams {
                da_carries_td_error: true,
                ..f
            },
        ),
        (
            "ACh → α only",
            ModulationParams {
                ach_learning_rate: d.ach_learning_rate,
                ..f
            },
        ),
        (
            "NE → β only",
            ModulationParams {
                ne_inverse_temperature: d.ne_inverse_temperature,
                ..f
            },
        ),
        (
            "5-HT → γ only",
            ModulationParams {
                serotonin_discount: d.serotonin_discount,
                ..f
            },
        ),
        (
            "all but DA",
            ModulationParams {
                da_carries_td_error: false,
                ..d
            },
        ),
    ];
    println!("reversal learning, {n} agents, 200 trials, processor ablated");
    println!("condition            errors/reversal  reversals  P(correct)  final NE  5-HT   ACh");
    for (name, m) in conditions {
        let ps: Vec<SessionParams> = (1..=n)
            .map(|k| {
                let mut p = SessionParams::new(task.clone(), 1, k);
                p.modulation = m;
                p
            })
            .collect();
        let ss = run_sessions(ps, Ablation::Processor, |_, _| {}).expect("valid parameters");
        let ms: Vec<ReversalMetrics> = ss
            .iter()
            .map(|s| reversal_metrics(s.records(), 9, 10))
            .collect();
        let col = |f: &dyn Fn(&ReversalMetrics) -> f64| {
            Estimate::of(&ms.iter().map(f).collect::<Vec<_>>())
        };
        let level =
            |nt: Nt| ss.iter().map(|s| s.agent().nt().level(nt)).sum::<f64>() / f64::from(n);
        let per = col(&|m| m.perseverative_per_reversal());
        println!(
            "{name:<20} {:5.2} [{:.2}, {:.2}]  {:9.2}  {:10.3}  {:8.2}  {:5.2}  {:4.2}",
            per.mean,
            per.lo,
            per.hi,
            col(&|m| f64::from(m.reversals)).mean,
            col(&|m| m.p_correct).mean,
            level(Nt::Ne),
            level(Nt::Serotonin),
            level(Nt::Ach)
        );
    }
}
