//! Part 2, acceptance 5: the affect's normal form, transitions and Kramers escape.

use phin_biomind::affect::{saddle_node_barrier, saddle_node_step, Affect, AffectNt, AffectParams};
use phin_biomind::rng::{normal, stream};

#[test]
fn a_positive_bifurcation_parameter_converges_to_its_fixed_point() {
    for mu in [0.04, 0.25, 1.0] {
        for q0 in [-0.9 * f64::sqrt(mu), 0.0, 2.0] {
            let mut q = q0;
            for _ in 0..20_000 {
                q = saddle_node_step(q, mu, 0.01, 0.0, 0.0);
            }
            let rel = (q - mu.sqrt()).abs() / mu.sqrt();
            assert!(rel < 0.01, "μ {mu}, q0 {q0}: q = {q}");
        }
    }
}

#[test]
fn a_transition_reaches_63_percent_at_its_time_constant() {
    let p = AffectParams::default();
    let mut a = Affect::new(p.clone()).unwrap();
    let mut rng = stream(1, 0, 2);
    let fear = p.attractors.iter().position(|x| x.name == "fear").unwrap();
    let start = (a.valence(), a.arousal());
    // A strong fearful appraisal: the neutral attractor loses its fixed point and the state
    // escapes; from the escape on, valence and arousal move as 1 − e^(−t/τ).
    let nt = AffectNt::default();
    let mut k = 0;
    while a.current() != fear {
        a.step((-0.7, 0.9), nt, &mut rng);
        k += 1;
        assert!(k < 1_000, "no escape");
    }
    // The step of the escape already moved one step: after τ/Δt steps in all, 63.2 %.
    let n = (p.tau_transition_s / p.step_s).round() as usize;
    for _ in 1..n {
        a.step((-0.7, 0.9), nt, &mut rng);
    }
    let target = &p.attractors[fear];
    let frac_v = (a.valence() - start.0) / (target.valence - start.0);
    let frac_a = (a.arousal() - start.1) / (target.arousal - start.1);
    let want = 1.0 - (-1.0f64).exp();
    assert!((frac_v - want).abs() < 0.01 * want, "{frac_v}");
    assert!((frac_a - want).abs() < 0.01 * want, "{frac_a}");
}

#[test]
fn escape_times_follow_the_kramers_law() {
    // Mean first-passage time over the saddle of dq = (μ − q²)dt + σ dW: ln T grows as 2ΔV/σ².
    let mu = 0.25;
    let dv = saddle_node_barrier(mu);
    let h = 0.02;
    let mut rng = stream(2, 0, 3);
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for k in 0..5 {
        let x = 3.0 + 0.75 * k as f64; // 2ΔV/σ² from 3 to 6
        let sigma = (2.0 * dv / x).sqrt();
        let trials = 200;
        let mut total = 0.0;
        for _ in 0..trials {
            let mut q = mu.sqrt();
            let mut n = 0u64;
            while q > -mu.sqrt() {
                q = saddle_node_step(q, mu, h, sigma, normal(&mut rng));
                n += 1;
            }
            total += n as f64 * h;
        }
        xs.push(1.0 / (sigma * sigma));
        ys.push((total / f64::from(trials)).ln());
    }
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let slope = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum::<f64>()
        / xs.iter().map(|x| (x - mx) * (x - mx)).sum::<f64>();
    let want = 2.0 * dv;
    println!("log-slope {slope:.4} against Kramers 2ΔV = {want:.4}");
    assert!((slope - want).abs() < 0.1 * want, "slope {slope} vs {want}");
}

#[test]
fn norepinephrine_makes_escapes_frequent() {
    let count = |ne: f64| {
        let p = AffectParams {
            sigma0: 0.3,
            ..AffectParams::default()
        };
        let mut a = Affect::new(p).unwrap();
        let mut rng = stream(3, 0, 4);
        for _ in 0..20_000 {
            a.step((0.0, 0.3), AffectNt { ne, serotonin: 0.5 }, &mut rng);
        }
        a.escapes()
    };
    let (calm, aroused) = (count(0.0), count(1.0));
    assert!(
        aroused > 2 * calm.max(1),
        "NE 0: {calm} escapes, NE 1: {aroused}"
    );
}
