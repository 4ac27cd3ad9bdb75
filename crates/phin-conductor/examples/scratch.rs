use phin_conductor::conductor::*;
use phin_conductor::failure::*;
fn main() {
    let secs: f64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().unwrap())
        .unwrap_or(30.0);
    let faults = std::env::args().nth(2).is_some();
    let mut p = ConductorParams::default();
    if faults {
        p.faults = FailureMode::ALL
            .iter()
            .enumerate()
            .map(|(k, &m)| Fault {
                at_s: 8.0 + 15.0 * k as f64,
                kind: FaultKind::default_for(m),
            })
            .collect();
    }
    let t0 = std::time::Instant::now();
    let r = run(&p, secs, |_, _| {}).unwrap();
    eprintln!("wall {:?}", t0.elapsed());
    let m = &r.metrics;
    println!("eff {:.3} ({:.3}) hop {:.3} ({:.3}) sync {:.3} ({:.3}; ctl {:.3}) doc {:.3} ({:.3}) lat {:.3} ({:.3}) stab {:.5} ({:.5})", m.flow_efficiency.value, m.flow_efficiency.chance, m.hop_pass_rate.value, m.hop_pass_rate.chance, m.sync_quality.value, m.sync_quality.chance, m.sync_quality_control.chance, m.document_sync_quality.value, m.document_sync_quality.chance, m.latency_s.value, m.latency_s.chance, m.stability.value, m.stability.chance);
    println!("{:?}\n{:?}", r.counters, r.chance_counters);
    for p in &r.pairs {
        println!(
            "  {}-{} {} S {:.3} sur {:.3} ctl {:.3} cos {:.3} |cos| {:.3}",
            p.a, p.b, p.ratio, p.coherence, p.surrogate, p.control, p.mean_cos, p.mean_abs_cos
        );
    }
    if let Some(s) = &r.steering {
        println!(
            "steer mean {:.1} spread {:.1} lock {:?} frac {:.2}",
            s.mean_error_deg, s.spread_deg, s.lock_time_s, s.locked_fraction
        );
    }
    for a in &r.alarms {
        println!(
            "alarm {:?} at {:.3}s cleared {:?} {}",
            a.mode,
            a.raised_tick as f64 / 4000.0,
            a.cleared_tick.map(|t| t as f64 / 4000.0),
            a.detail
        );
    }
    for f in &r.faults {
        println!(
            "fault {:?} detected after {:?} ticks pre {:.3} at det {:.3} recovered {:?}",
            f.mode, f.detected_after_ticks, f.pre_fault, f.at_detection, f.recovered_after_s
        );
    }
    println!("totals {:?}", r.flow_totals);
}
