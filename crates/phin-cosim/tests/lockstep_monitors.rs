//! Module-level lockstep of the issue-6 SIE dynamics monitors (coupling_mode_controller,
//! harmonic_spacing_index, kuramoto_order_parameter, boundary_generator, bicoherence_monitor):
//! each RTL module against its model on seeded random stimulus, 1,000,000 ticks each, zero
//! mismatches. Needs Verilator; fails (never skips) without it.

mod common;

const TICKS: u64 = 1_000_000;

#[test]
fn coupling_mode_controller_agrees_for_a_million_ticks() {
    common::agree("coupling_mode_controller", TICKS, 0x5EED_0601);
}

#[test]
fn harmonic_spacing_index_agrees_for_a_million_ticks() {
    common::agree("harmonic_spacing_index", TICKS, 0x5EED_0602);
}

#[test]
fn kuramoto_order_parameter_agrees_for_a_million_ticks() {
    common::agree("kuramoto_order_parameter", TICKS, 0x5EED_0603);
}

#[test]
fn boundary_generator_agrees_for_a_million_ticks() {
    common::agree("boundary_generator", TICKS, 0x5EED_0604);
}

#[test]
fn bicoherence_monitor_agrees_for_a_million_ticks() {
    common::agree("bicoherence_monitor", TICKS, 0x5EED_0605);
}

/// Random stimulus keeps the bispectrum near zero; this run drives all three triads phase-locked
/// (θ3 = θ1 + θ2 every tick) with extreme amplitudes, so the accumulators, the saturation at 1.0
/// and `high_bicoherence` are compared too: the model raises the flag on this very stimulus.
#[test]
fn bicoherence_monitor_agrees_on_phase_locked_triads() {
    use phin_core::bicoherence_monitor::{BicoherenceMonitor, BicoherenceMonitorInputs};
    use phin_core::fixed_point::wrap_u;
    use phin_cosim::{repo_rtl_dir, Cosim, LockstepConfig, ReplayStimulus};

    // Two halves of 10 s each: about five 2.048 s time constants of the bispectrum IIR.
    let ticks = 80_000usize;
    let amp = [0.001, 7.9, 1.0, 0.3, 3.3];
    let (w1, w2) = (
        std::f64::consts::TAU * 5.89 / 4_000.0,
        std::f64::consts::TAU * 9.53 / 4_000.0,
    );
    let mut rows = Vec::with_capacity(ticks);
    let mut model = BicoherenceMonitor::new();
    let mut flagged = 0;
    for t in 0..ticks {
        let (th, al) = (w1 * t as f64, w2 * t as f64);
        let b1 = th + al + 0.3;
        let b2 = al + b1;
        // The second half releases the γ lock: triad 2's bicoherence must fall again.
        let ga = if t < ticks / 2 {
            b1 + b2
        } else {
            0.37 * t as f64
        };
        let ph = [th, al, b1, b2, ga];
        let mut i = BicoherenceMonitorInputs::default();
        let mut row = Vec::with_capacity(10);
        for k in 0..5 {
            let x = (amp[k] * ph[k].cos() * 16_384.0).round() as i64;
            let y = (amp[k] * ph[k].sin() * 16_384.0).round() as i64;
            (i.x[k], i.y[k]) = (x as i32, y as i32);
            row.push(wrap_u(x, 18));
            row.push(wrap_u(y, 18));
        }
        rows.push(row);
        flagged += usize::from(model.tick(&i).high_bicoherence);
    }
    assert!(flagged > ticks / 4, "flag raised on {flagged} ticks");
    assert!(model.bicoherence[2] < 4_915 && model.bicoherence[0] > 15_565);
    let mut c =
        Cosim::new(&repo_rtl_dir(), "bicoherence_monitor").unwrap_or_else(|e| panic!("{e}"));
    let mut stim = ReplayStimulus::new(rows);
    let cfg = LockstepConfig {
        ticks: ticks as u64,
        repro: "bicoherence_monitor phase-locked triads".into(),
        ..Default::default()
    };
    let o = c.run(&mut stim, &cfg).unwrap_or_else(|e| panic!("{e}"));
    common::assert_agreed("bicoherence_monitor (locked)", &o, ticks as u64);
}
