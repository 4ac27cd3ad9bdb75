//! Acceptance 5: orthogonalised go/no-go. With the Pavlovian term on, go-to-win accuracy
//! exceeds no-go-to-win accuracy with a 95 % interval that excludes 0; with it off, no such
//! bias (the interval of the difference contains 0).
//!
//! CI: 40 agents with the processor ablated (the Pavlovian term does not involve the processor).
//! On live processors, 100 agents:
//! `cargo test --release -p phin-biomind --test gonogo -- --ignored`.

use phin_biomind::report::Report;
use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, SessionParams};
use phin_biomind::tasks::{TaskKind, TaskParams};

fn bias(agents: u32, pavlovian: bool, ablation: Ablation) -> phin_biomind::report::GngSummary {
    let mut p = SessionParams::new(TaskParams::for_kind(TaskKind::GoNoGo), 5_005, 1);
    p.agent.pavlovian = pavlovian;
    let ps: Vec<SessionParams> = (1..=agents)
        .map(|k| SessionParams {
            subject: k,
            ..p.clone()
        })
        .collect();
    let sessions = run_sessions(ps, ablation, |_, _| {}).unwrap();
    let g = Report::build(&p, ablation, &sessions)
        .unwrap()
        .agent
        .gng
        .unwrap();
    let a = &g.accuracy;
    let d = &g.go_to_win_minus_nogo_to_win;
    println!(
        "Pavlovian term {}: accuracy GW {:.3} GAL {:.3} NGW {:.3} NGAL {:.3} (chance 0.5); GW − NGW \
         {:.3} [{:.3}, {:.3}]; NGAL − GAL {:.3} ({agents} agents)",
        if pavlovian { "on" } else { "off" },
        a[0].mean, a[1].mean, a[2].mean, a[3].mean, d.mean, d.lo, d.hi,
        g.nogo_to_avoid_minus_go_to_avoid.mean
    );
    g
}

fn check(agents: u32, ablation: Ablation) {
    let on = bias(agents, true, ablation);
    assert!(
        on.go_to_win_minus_nogo_to_win.lo > 0.0,
        "{:?}",
        on.go_to_win_minus_nogo_to_win
    );
    let off = bias(agents, false, ablation);
    let d = off.go_to_win_minus_nogo_to_win;
    assert!(d.lo < 0.0 && d.hi > 0.0, "no bias without the term: {d:?}");
    // The term's effect itself is larger than the residual.
    assert!(on.go_to_win_minus_nogo_to_win.mean > d.mean.abs() + 0.05);
}

#[test]
fn the_pavlovian_term_makes_go_to_win_easier_than_nogo_to_win() {
    check(40, Ablation::Processor);
}

/// On live processors, 100 agents:
/// `cargo test --release -p phin-biomind --test gonogo -- --ignored`.
#[test]
#[ignore]
fn the_pavlovian_bias_on_live_processors() {
    check(100, Ablation::None);
}
