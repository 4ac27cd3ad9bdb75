//! Oracles on synthetic signals: every measure against a value known in closed form (or by a
//! construction that fixes it), and every surrogate baseline against what it must and must not
//! see. Run with `--nocapture` to see the measured figures.

use phin_analysis::complexity::{lempel_ziv_complexity, lempel_ziv_with_baseline, lz76_count};
use phin_analysis::locking::{
    convergents, plv_nm, plv_nm_with_baseline, rational_approximation, windowed_plv_nm,
    windowed_plv_nm_with_baseline, NmRatio, DEFAULT_MAX_DENOMINATOR, DEFAULT_RATIO_TOLERANCE,
};
use phin_analysis::observers::{FrequencyMeter, SieEvent, SieEventDetector};
use phin_analysis::pac::{tort_modulation_index_with_baseline, TORT_DEFAULT_BINS};
use phin_analysis::phase::{
    circular_r_with_baseline, circular_stats, instantaneous_frequency, kuramoto_r,
    mean_kuramoto_r_with_baseline, wrap_phase,
};
use phin_analysis::{SurrogateMethod, Surrogates};
use phin_core::constants::TICK_HZ;
use phin_core::identity::{Layer, SiePhase, THETA_HZ};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::f64::consts::{PI, TAU};

/// Seeded standard normal and uniform draws.
struct Noise(Xoshiro256PlusPlus);

impl Noise {
    fn new(seed: u64) -> Self {
        Noise(Xoshiro256PlusPlus::seed_from_u64(seed))
    }
    fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Box–Muller.
    fn gauss(&mut self) -> f64 {
        let u = 1.0 - self.uniform(); // (0, 1]
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (TAU * v).cos()
    }
}

/// A phase turning at `hz` (sampled at the processor's 4 kHz) plus a random walk of `step`
/// radians per sample: a stable oscillator whose phase diffuses.
fn drifting_phase(hz: f64, step: f64, n: usize, noise: &mut Noise) -> Vec<f64> {
    let mut walk = 0.0;
    (0..n)
        .map(|t| {
            walk += step * noise.gauss();
            TAU * hz * t as f64 / TICK_HZ + walk
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// Phase locking
// ------------------------------------------------------------------------------------------

/// n:m-locked pairs with Gaussian phase jitter: a common phase θ(t) (frequency f0, diffusing),
/// φa = n·θ + εa, φb = m·θ + εb, so fa:fb = n:m and m·φa − n·φb = m·εa − n·εb, Gaussian with
/// σ_eff² = m²σa² + n²σb²: the PLV's expectation is exp(−σ_eff²/2). 200 000 samples (50 s) make
/// the estimate's standard error ≤ 0.002. θ diffuses by 0.03 rad per sample (a coherence time of
/// about 0.5 s), so that a time shift decorrelates the pair within the series: with a slower
/// drift a 50 s series holds few independent stretches and the chance level itself is high (see
/// `independent_pairs_sit_at_their_chance_level`).
#[test]
fn nm_locked_pairs_with_noise_match_theory() {
    let n_samples = 200_000;
    let cases = [
        (1, 1, Layer::L6.nominal_hz(), 0.5, 0.5),
        (1, 1, Layer::L4.nominal_hz(), 0.8, 0.3),
        (1, 2, THETA_HZ, 0.3, 0.4),
        (1, 2, Layer::L5a.nominal_hz(), 0.5, 0.2),
        (2, 1, Layer::L5a.nominal_hz(), 0.2, 0.6),
        (2, 3, THETA_HZ, 0.2, 0.3),
        (2, 3, 7.6, 0.4, 0.1),
        (3, 5, THETA_HZ, 0.1, 0.15),
    ];
    for (k, &(n, m, f0, sa, sb)) in cases.iter().enumerate() {
        let mut noise = Noise::new(100 + k as u64);
        let theta = drifting_phase(f0, 0.03, n_samples, &mut noise);
        // Wrapped, as atan2 of a register pair would give them.
        let a: Vec<f64> = theta
            .iter()
            .map(|th| wrap_phase(f64::from(n) * th + sa * noise.gauss()))
            .collect();
        let b: Vec<f64> = theta
            .iter()
            .map(|th| wrap_phase(f64::from(m) * th + sb * noise.gauss()))
            .collect();
        let (fa, fb) = (f64::from(n) * f0, f64::from(m) * f0);
        let ratio =
            NmRatio::for_frequencies(fa, fb, DEFAULT_MAX_DENOMINATOR, DEFAULT_RATIO_TOLERANCE)
                .unwrap();
        assert_eq!((ratio.n, ratio.m), (n, m), "{fa} Hz : {fb} Hz");
        let s2 = f64::from(m * m) * sa * sa + f64::from(n * n) * sb * sb;
        let theory = (-s2 / 2.0).exp();
        let b_res = plv_nm_with_baseline(&a, &b, ratio, Surrogates::new(40, 7)).unwrap();
        let windows = windowed_plv_nm(&a, &b, ratio, 8_000, 4_000).unwrap();
        let w_mean = windows.iter().sum::<f64>() / windows.len() as f64;
        eprintln!(
            "PLV {ratio} at {fa:.2}:{fb:.2} Hz, sigma_eff {:.3}: measured {:.4}, theory {theory:.4} \
             (diff {:+.4}); windowed mean {w_mean:.4}; chance {:.4} ± {:.4} (p95 {:.4})",
            s2.sqrt(),
            b_res.value,
            b_res.value - theory,
            b_res.chance.mean,
            b_res.chance.sd,
            b_res.chance.p95
        );
        assert!(
            (b_res.value - theory).abs() < 0.01,
            "{ratio}: {} vs {theory}",
            b_res.value
        );
        assert!(
            (w_mean - theory).abs() < 0.01,
            "{ratio} windows: {w_mean} vs {theory}"
        );
        // The phase relation is the only thing the surrogates destroy, and it is destroyed.
        assert!(b_res.chance.mean < 0.1, "{:?}", b_res.chance);
        assert!(b_res.value - b_res.chance.p95 > 0.3, "{b_res:?}");
        assert!(b_res.above_chance());
        assert!(b_res.p_value <= 1.0 / 41.0 + 1e-12);
        // The wrong ratio sees nothing beyond chance.
        let wrong = NmRatio::new(n + 1, m).unwrap();
        assert!(plv_nm(&a, &b, wrong).unwrap() < 0.05);
    }
}

/// Independent oscillators: a PLV near the surrogate mean, whether they share a nominal
/// frequency or not. Two independent oscillators at one frequency whose phases drift slowly
/// (0.005 rad per sample: a coherence time of 10 s in a 50 s series) reach a large PLV by chance,
/// and only the baseline shows it.
#[test]
fn independent_pairs_sit_at_their_chance_level() {
    let n_samples = 200_000;
    let cases = [
        (Layer::L6.nominal_hz(), Layer::L6.nominal_hz(), 0.02),
        (Layer::L6.nominal_hz(), Layer::L6.nominal_hz(), 0.005),
        (THETA_HZ, Layer::L6.nominal_hz(), 0.01),
        (Layer::L6.nominal_hz(), Layer::L5a.nominal_hz(), 0.01),
        (Layer::L4.nominal_hz(), Layer::L5a.nominal_hz(), 0.01),
    ];
    for (k, &(fa, fb, step)) in cases.iter().enumerate() {
        let mut noise = Noise::new(200 + k as u64);
        let a = drifting_phase(fa, step, n_samples, &mut noise);
        let b = drifting_phase(fb, step, n_samples, &mut noise);
        let ratio = NmRatio::for_frequencies(fa, fb, 8, 0.05).unwrap();
        let r = plv_nm_with_baseline(&a, &b, ratio, Surrogates::new(200, 11)).unwrap();
        eprintln!(
            "independent {fa}:{fb} Hz at {ratio}, walk {step}: PLV {:.4}, chance {:.4} ± {:.4} \
             (p95 {:.4}), p {:.3}",
            r.value, r.chance.mean, r.chance.sd, r.chance.p95, r.p_value
        );
        assert!(
            (r.value - r.chance.mean).abs() <= 3.0 * r.chance.sd + 0.005,
            "{r:?}"
        );
        if step == 0.005 {
            assert!(r.chance.mean > 0.3, "{r:?}");
        }
    }
}

/// Windowed PLV: a pair that locks only in its second half shows it window by window, against a
/// per-window chance level that is higher for shorter windows.
#[test]
fn windowed_plv_follows_locking_in_time() {
    let n = 80_000;
    let mut noise = Noise::new(300);
    let a = drifting_phase(Layer::L6.nominal_hz(), 0.03, n, &mut noise);
    let free = drifting_phase(Layer::L6.nominal_hz(), 0.03, n, &mut noise);
    let b: Vec<f64> = (0..n)
        .map(|t| {
            if t < n / 2 {
                free[t]
            } else {
                a[t] + 0.3 * noise.gauss()
            }
        })
        .collect();
    let w = windowed_plv_nm_with_baseline(
        &a,
        &b,
        NmRatio::ONE_TO_ONE,
        4_000,
        4_000,
        Surrogates::new(30, 3),
    )
    .unwrap();
    assert_eq!(w.values.len(), 20);
    let theory = (-0.09f64 / 2.0).exp();
    for v in &w.values[10..] {
        assert!((v - theory).abs() < 0.02, "{v} vs {theory}");
        assert!(*v > w.chance.p95);
    }
    let short = windowed_plv_nm_with_baseline(
        &a,
        &b,
        NmRatio::ONE_TO_ONE,
        400,
        400,
        Surrogates::new(30, 3),
    )
    .unwrap();
    eprintln!(
        "windowed: chance per 4000-sample window {:.3} (p95 {:.3}), per 400-sample window {:.3}",
        w.chance.mean, w.chance.p95, short.chance.mean
    );
    assert!(short.chance.mean > w.chance.mean);
    assert_eq!(w.chance.method, SurrogateMethod::IndependentShifts);
}

/// Strictly periodic oscillators at one frequency stay "locked" under any time shift: over a
/// whole number of cycles (3173 of 31.73 Hz in 100 s) the baseline equals the value, which is
/// what "an undriven PLV only reflects a stable frequency" means. The baseline reports it
/// instead of hiding it. (Over a fractional number of cycles the wrap-around of the circular
/// shift adds one phase jump and the chance level falls between.)
#[test]
fn strictly_periodic_pairs_are_locked_by_construction_and_the_baseline_says_so() {
    let n = 400_000;
    let a: Vec<f64> = (0..n).map(|t| TAU * 31.73 * t as f64 / TICK_HZ).collect();
    let b: Vec<f64> = a.iter().map(|p| p + 1.0).collect();
    let r = plv_nm_with_baseline(&a, &b, NmRatio::ONE_TO_ONE, Surrogates::new(20, 5)).unwrap();
    assert!(r.value > 0.999_999);
    assert!(r.chance.mean > 0.99, "{r:?}");
    assert!(!r.above_chance());
    let part = plv_nm_with_baseline(
        &a[..40_100],
        &b[..40_100],
        NmRatio::ONE_TO_ONE,
        Surrogates::new(20, 5),
    )
    .unwrap();
    eprintln!(
        "strictly periodic pair: chance {:.4} over whole cycles, {:.4} over 318.1 cycles",
        r.chance.mean, part.chance.mean
    );
    assert!(part.chance.mean > 0.5 && part.chance.mean < r.chance.mean);
}

// ------------------------------------------------------------------------------------------
// Rational approximation
// ------------------------------------------------------------------------------------------

#[test]
fn rational_approximation_picks_the_simplest_ratio_within_tolerance() {
    let ra = |r: f64, max: u32, tol: f64| rational_approximation(r, max, tol).map(|x| (x.n, x.m));
    // L4 : L5a = 31.73 / 15.42 = 2.058 → 2:1 (2.8 % off), with the defaults.
    assert_eq!(ra(31.73 / 15.42, 8, 0.05), Some((2, 1)));
    assert_eq!(ra(15.42 / 31.73, 8, 0.05), Some((1, 2)));
    // L6 : θ = 9.53 / 5.89 = 1.618 (φ). Denominator ≤ 3: 5:3 is 3.0 % off, 3:2 7.3 %; the rule
    // (smallest denominator within the tolerance) gives 5:3 at 5 %, 3:2 only at 10 %.
    let phi_ratio = 9.53 / 5.89;
    assert_eq!(ra(phi_ratio, 3, 0.05), Some((5, 3)));
    assert_eq!(ra(phi_ratio, 3, 0.10), Some((3, 2)));
    assert_eq!(ra(phi_ratio, 3, 0.02), None);
    assert_eq!(ra(phi_ratio, 8, 0.01), Some((13, 8)));
    assert_eq!(ra(5.89 / 9.53, 3, 0.05), Some((3, 5)));
    // Exact ratios come back exactly, in lowest terms, at zero tolerance.
    for (n, m) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (3, 2),
        (2, 3),
        (13, 8),
        (3, 1),
        (6, 5),
        (7, 8),
    ] {
        let r = f64::from(n) / f64::from(m);
        assert_eq!(ra(r, 8, 0.0), Some((n, m)), "{n}:{m}");
    }
    assert_eq!(ra(4.0 / 2.0, 8, 0.0), Some((2, 1)));
    // Bad input.
    assert_eq!(ra(0.0, 8, 0.05), None);
    assert_eq!(ra(f64::NAN, 8, 0.05), None);
    assert_eq!(ra(1.5, 0, 0.05), None);
    assert_eq!(ra(1.5, 8, -0.1), None);
    // The answer is always on the continued-fraction ladder (a convergent here).
    let ladder = convergents(phi_ratio, 8);
    assert!(ladder.contains(&NmRatio { n: 5, m: 3 }));
    assert!(ladder.contains(&NmRatio { n: 13, m: 8 }));
}

// ------------------------------------------------------------------------------------------
// Instantaneous frequency
// ------------------------------------------------------------------------------------------

#[test]
fn instantaneous_frequency_of_a_rotating_point() {
    let hz = THETA_HZ;
    let w = TAU * hz / TICK_HZ;
    let at = |t: u64, r: f64| {
        let a = w * t as f64;
        (r * a.cos(), r * a.sin())
    };
    let mut worst: f64 = 0.0;
    for t in 0..40_000u64 {
        // The radius may change between samples: only the angle counts.
        let f = instantaneous_frequency(at(t, 0.9), at(t + 1, 1.1), TICK_HZ);
        worst = worst.max((f - hz).abs() / hz);
    }
    eprintln!("instantaneous frequency at {hz} Hz: worst relative error {worst:.2e}");
    assert!(worst < 1e-9, "{worst}");
    // Clockwise is negative.
    let f = instantaneous_frequency(at(1, 1.0), at(0, 1.0), TICK_HZ);
    assert!((f + hz).abs() / hz < 1e-9);

    // The meter on Q14-rounded registers over 60 s: the turns telescope, so rounding stays at
    // the ends.
    let mut meter = FrequencyMeter::default();
    let q = |(x, y): (f64, f64)| ((x * 16_384.0).round() as i32, (y * 16_384.0).round() as i32);
    for t in 0..240_000u64 {
        meter.push_xy(q(at(t, 0.87)));
    }
    eprintln!(
        "FrequencyMeter on Q14 registers: {:.9} Hz (relative error {:.1e})",
        meter.hz(),
        (meter.hz() - hz).abs() / hz
    );
    assert_eq!(meter.samples(), 239_999);
    assert!((meter.hz() - hz).abs() / hz < 1e-6);
}

// ------------------------------------------------------------------------------------------
// Circular statistics and Kuramoto R
// ------------------------------------------------------------------------------------------

/// J0(t) = (1/π) ∫₀^π cos(t sin τ) dτ by the trapezoidal rule, which converges geometrically for
/// this π-periodic analytic integrand once the number of intervals exceeds t.
fn bessel_j0(t: f64) -> f64 {
    let m = 1024;
    let h = PI / m as f64;
    let mut s = 0.5 * (1.0 + 1.0); // τ = 0 and τ = π
    for k in 1..m {
        s += (t * (k as f64 * h).sin()).cos();
    }
    s * h / PI
}

/// E[R] for N independent uniform phases, exactly: the resultant of N unit steps has
/// E|S_N| = ∫₀^∞ (1 − J0(t)^N) / t² dt (a planar random flight; Kluyver 1906), so
/// E[R] = E|S_N| / N. The large-N (Rayleigh) approximation √(π / 4N) is 0.3618 for N = 6.
fn expected_r_uniform(n: i32) -> f64 {
    let (t_max, h) = (400.0, 0.01);
    let f = |t: f64| {
        if t == 0.0 {
            f64::from(n) / 4.0 // 1 − J0(t)^N ≈ N t² / 4
        } else {
            (1.0 - bessel_j0(t).powi(n)) / (t * t)
        }
    };
    let steps = (t_max / h) as usize; // even
    let mut s = f(0.0) + f(t_max);
    for k in 1..steps {
        s += f(k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
    }
    // Beyond t_max the integrand is 1/t² to within J0^N ~ t^(−N/2).
    (s * h / 3.0 + 1.0 / t_max) / f64::from(n)
}

/// The processor's chance level: six independent uniform phases give a mean Kuramoto R of 0.365
/// (its six cortical oscillators, at incommensurate φ-spaced frequencies, measure 0.362-0.368).
/// Analytically E[R₆] = (1/6) ∫₀^∞ (1 − J0(t)⁶) / t² dt = 0.3656 (computed below; the Rayleigh
/// approximation √(π/24) = 0.3618 is 1 % low at N = 6).
#[test]
fn kuramoto_r_of_six_unrelated_phases_is_0_365() {
    let analytic = expected_r_uniform(6);
    // Plain random: many independent draws of six phases.
    let mut noise = Noise::new(400);
    let draws = 400_000;
    let mut sum = 0.0;
    let mut six = [0.0; 6];
    for _ in 0..draws {
        for p in six.iter_mut() {
            *p = TAU * noise.uniform();
        }
        sum += kuramoto_r(&six).unwrap();
    }
    let plain = sum / draws as f64;
    // The uniform-phase baseline of one set of six phases.
    let locked = [0.1, 0.12, 0.08, 0.11, 0.09, 0.1];
    let rayleigh = circular_r_with_baseline(&locked, Surrogates::new(400_000, 401)).unwrap();
    // Time-shift surrogates of six oscillators at the processor's incommensurate frequencies
    // (θ and the five layers), each with a slight phase diffusion, 60 s at 4 kHz.
    let freqs = [
        THETA_HZ,
        Layer::L6.nominal_hz(),
        Layer::L5a.nominal_hz(),
        Layer::L5b.nominal_hz(),
        Layer::L4.nominal_hz(),
        Layer::L23.nominal_hz(),
    ];
    let series: Vec<Vec<f64>> = freqs
        .iter()
        .map(|&hz| drifting_phase(hz, 0.005, 240_000, &mut noise))
        .collect();
    let shifted = mean_kuramoto_r_with_baseline(&series, Surrogates::new(40, 402)).unwrap();
    eprintln!(
        "Kuramoto R, six phases: analytic {analytic:.5}, plain random {plain:.5} ({draws} draws), \
         uniform-phase baseline {:.5} ± {:.4} (p95 {:.4}), time-shift surrogate of the φ-spaced \
         six {:.5} ± {:.5} (their own R {:.5})",
        rayleigh.chance.mean,
        rayleigh.chance.sd,
        rayleigh.chance.p95,
        shifted.chance.mean,
        shifted.chance.sd,
        shifted.value
    );
    assert!((analytic - 0.3656).abs() < 0.0002, "{analytic}");
    for r in [
        plain,
        rayleigh.chance.mean,
        shifted.chance.mean,
        shifted.value,
    ] {
        assert!((r - 0.365).abs() <= 0.005, "{r}");
    }
    assert!((plain - analytic).abs() < 0.002);
    assert!((rayleigh.chance.mean - analytic).abs() < 0.002);
    // The spread of R for six uniform phases: standard deviation 0.181.
    assert!((rayleigh.chance.sd - 0.181).abs() < 0.005);
    assert!(rayleigh.value > 0.99 && rayleigh.p_value < 1e-3);
    assert!((shifted.value - shifted.chance.mean).abs() < 3.0 * shifted.chance.sd + 0.005);
}

/// Six oscillators locked to one phase with jitter σ: R far above its chance level.
#[test]
fn locked_oscillators_stand_above_the_kuramoto_baseline() {
    let mut noise = Noise::new(500);
    let common = drifting_phase(Layer::L6.nominal_hz(), 0.01, 100_000, &mut noise);
    let series: Vec<Vec<f64>> = (0..6)
        .map(|_| common.iter().map(|p| p + 0.3 * noise.gauss()).collect())
        .collect();
    let r = mean_kuramoto_r_with_baseline(&series, Surrogates::new(30, 501)).unwrap();
    eprintln!(
        "Kuramoto R of six locked oscillators (jitter 0.3): {:.4}, chance {:.4} ± {:.4}",
        r.value, r.chance.mean, r.chance.sd
    );
    assert!(r.value > 0.9 && r.chance.mean < 0.45 && r.above_chance());
    // Circular spread of a wrapped-normal set recovers its σ.
    let set: Vec<f64> = (0..200_000).map(|_| 2.0 + 0.4 * noise.gauss()).collect();
    let s = circular_stats(&set).unwrap();
    assert!(
        (s.mean - 2.0).abs() < 0.005 && (s.sd - 0.4).abs() < 0.005,
        "{s:?}"
    );
    assert!((s.r - (-0.08f64).exp()).abs() < 0.003);
}

// ------------------------------------------------------------------------------------------
// Tort modulation index
// ------------------------------------------------------------------------------------------

/// The index of an amplitude 1 + χ·cos φ against a uniformly covered phase, in closed form: bin j
/// (centre c_j) has mean amplitude 1 + χ·sinc(π/N)·cos c_j, so P_j = (1 + χ·sinc·cos c_j) / N.
fn tort_theory(chi: f64, n: usize) -> f64 {
    let half = PI / n as f64;
    let sinc = half.sin() / half;
    let ln_n = (n as f64).ln();
    let h: f64 = (0..n)
        .map(|j| {
            let c = -PI + (j as f64 + 0.5) * TAU / n as f64;
            let p = (1.0 + chi * sinc * c.cos()) / n as f64;
            -p * p.ln()
        })
        .sum();
    (ln_n - h) / ln_n
}

#[test]
fn tort_index_rises_monotonically_with_coupling_and_its_baseline_stays_low() {
    let n = 200_000;
    let mut noise = Noise::new(600);
    // The phase diffuses by 0.05 rad per sample (a coherence time of ~0.2 s), so that a shifted
    // amplitude is unrelated to it within the 50 s series.
    let phase: Vec<f64> = drifting_phase(THETA_HZ, 0.05, n, &mut noise)
        .into_iter()
        .map(wrap_phase)
        .collect();
    // Multiplicative (log-normal) noise keeps the envelope positive.
    let jitter: Vec<f64> = (0..n).map(|_| (0.1 * noise.gauss()).exp()).collect();
    let mut last = -1.0;
    for step in 0..=10 {
        let chi = f64::from(step) / 10.0;
        let amp: Vec<f64> = phase
            .iter()
            .zip(&jitter)
            .map(|(p, j)| (1.0 + chi * p.cos()) * j)
            .collect();
        let r = tort_modulation_index_with_baseline(
            &phase,
            &amp,
            TORT_DEFAULT_BINS,
            Surrogates::new(40, 601),
        )
        .unwrap();
        let theory = tort_theory(chi, TORT_DEFAULT_BINS);
        eprintln!(
            "Tort MI chi {chi:.1}: {:.6} (theory {theory:.6}), chance {:.2e} ± {:.1e} (p95 {:.2e})",
            r.value, r.chance.mean, r.chance.sd, r.chance.p95
        );
        assert!(r.value > last, "chi {chi}: {} after {last}", r.value);
        last = r.value;
        assert!(
            (r.value - theory).abs() < 0.03 * theory + 2e-5,
            "chi {chi}: {} vs {theory}",
            r.value
        );
        assert!(r.chance.p95 < 1e-3, "{:?}", r.chance);
        if step > 0 {
            assert!(r.above_chance() && r.value > 10.0 * r.chance.p95);
        }
        assert_eq!(r.chance.method, SurrogateMethod::AmplitudeShift);
    }
}

// ------------------------------------------------------------------------------------------
// Lempel-Ziv complexity
// ------------------------------------------------------------------------------------------

#[test]
fn lempel_ziv_low_for_regular_series_near_one_for_white_noise() {
    let n = 100_000;
    let constant = vec![0.25; n];
    let sine: Vec<f64> = (0..n)
        .map(|t| (TAU * Layer::L6.nominal_hz() * t as f64 / TICK_HZ).sin())
        .collect();
    let mut noise = Noise::new(700);
    let white: Vec<f64> = (0..n).map(|_| noise.gauss()).collect();
    let c_const = lempel_ziv_complexity(&constant).unwrap();
    let c_sine = lempel_ziv_with_baseline(&sine, Surrogates::new(10, 701)).unwrap();
    let c_white = lempel_ziv_with_baseline(&white, Surrogates::new(10, 702)).unwrap();
    eprintln!(
        "LZ: constant {c_const:.5}, sine {:.5} (chance {:.5}), white noise {:.4} (chance {:.4} ± {:.4})",
        c_sine.value, c_sine.chance.mean, c_white.value, c_white.chance.mean, c_white.chance.sd
    );
    assert!(c_const < 0.001);
    assert!(c_sine.value < 0.02);
    assert!((c_white.value - 1.0).abs() < 0.1);
    // White noise is what its spectrum explains: at its chance level. A sine's surrogates are
    // sines with another phase, just as regular.
    assert!((c_white.value - c_white.chance.mean).abs() < 0.05);
    assert!(c_sine.chance.mean < 0.05);
    assert_eq!(c_white.chance.method, SurrogateMethod::PhaseRandomised);
    // The Kaspar–Schuster count itself, on the classic example.
    let bits: Vec<bool> = "0001101001000101".chars().map(|c| c == '1').collect();
    assert_eq!(lz76_count(&bits), 6);
}

// ------------------------------------------------------------------------------------------
// SIE event detector
// ------------------------------------------------------------------------------------------

/// A synthetic controller: BASELINE to tick 100, COHERENCE 101-200 (PLV 0.45 + 60 LSB per tick,
/// gain + 33 per tick), IGNITION 201-300 (gain + 132 per tick from 3277, capped at 1.0),
/// PLATEAU, PROPAGATION, DECAY, REFRACTORY 100 ticks each, BASELINE 701-800, then a second event
/// from 801 that the run (850 ticks) cuts off.
fn synthetic_sie(tick: u64) -> (SiePhase, i32, i32) {
    let t = tick as i32;
    match tick {
        0..=100 => (SiePhase::Baseline, 7_373, 0),
        101..=200 => (SiePhase::Coherence, 7_373 + 60 * (t - 100), 33 * (t - 100)),
        201..=300 => (
            SiePhase::Ignition,
            13_107,
            (3_277 + 132 * (t - 200)).min(16_384),
        ),
        301..=400 => (SiePhase::Plateau, 13_107, 16_384),
        401..=500 => (SiePhase::Propagation, 11_000, 12_000),
        501..=600 => (SiePhase::Decay, 8_000, 4_000),
        601..=700 => (SiePhase::Refractory, 7_373, 0),
        701..=800 => (SiePhase::Baseline, 7_373, 0),
        // The second event's PLV stays at its baseline for 10 ticks.
        _ => (
            SiePhase::Coherence,
            if tick <= 810 { 7_373 } else { 7_400 },
            10 * (t - 800),
        ),
    }
}

#[test]
fn sie_event_detector_finds_exact_event_times() {
    let mut d = SieEventDetector::default();
    for tick in 1..=850u64 {
        let (phase, plv, gain) = synthetic_sie(tick);
        d.push(tick, phase, plv, gain);
    }
    let s = |tick: u64| tick as f64 / TICK_HZ;
    // PLV > 7373 first at 101 (7433); ≥ 13107 when 60·(t − 100) ≥ 5734, t = 196. Gain ≥ 8192 when
    // 132·(t − 200) ≥ 4915, t = 238; ≥ 16384 when 132·(t − 200) ≥ 13107, t = 300.
    let first = SieEvent {
        start_s: s(101),
        plv_rise_s: Some(s(101)),
        plv_high_s: Some(s(196)),
        gain_surge_s: Some(s(238)),
        gain_full_s: Some(s(300)),
        end_s: Some(s(701)),
    };
    let second = SieEvent {
        start_s: s(801),
        plv_rise_s: Some(s(811)),
        ..Default::default()
    };
    assert_eq!(d.events(), &[first, second]);
    assert_eq!(d.open(), Some(&second));
    assert_eq!(d.ticks(), 850);
    // Active: 101-600 and 801-850.
    assert!((d.active_fraction() - 550.0 / 850.0).abs() < 1e-15);
    let json = serde_json::to_value(d.events()).unwrap();
    assert_eq!(json[0]["gain_surge_s"], 0.0595);
    assert!(json[1]["end_s"].is_null());

    // Starting inside an event (the first push in IGNITION) opens nothing until COHERENCE.
    let mut late = SieEventDetector::new(4_000.0).unwrap();
    for tick in 250..=850u64 {
        let (phase, plv, gain) = synthetic_sie(tick);
        late.push(tick, phase, plv, gain);
    }
    assert_eq!(late.events(), &[second]);
}

// ------------------------------------------------------------------------------------------
// Reproducibility and serialisation of baselines
// ------------------------------------------------------------------------------------------

#[test]
fn baselines_are_reproducible_from_their_seed_and_serialise() {
    let mut noise = Noise::new(800);
    let a = drifting_phase(9.53, 0.02, 20_000, &mut noise);
    let b = drifting_phase(9.53, 0.02, 20_000, &mut noise);
    let r1 = plv_nm_with_baseline(&a, &b, NmRatio::ONE_TO_ONE, Surrogates::new(25, 9)).unwrap();
    let r2 = plv_nm_with_baseline(&a, &b, NmRatio::ONE_TO_ONE, Surrogates::new(25, 9)).unwrap();
    let r3 = plv_nm_with_baseline(&a, &b, NmRatio::ONE_TO_ONE, Surrogates::new(25, 10)).unwrap();
    assert_eq!(r1, r2);
    assert_ne!(r1.chance, r3.chance);
    assert_eq!(r1.value, r3.value);
    let json = serde_json::to_value(&r1).unwrap();
    assert_eq!(json["chance"]["method"], "independent_shifts");
    assert_eq!(json["chance"]["count"], 25);
    assert_eq!(json["chance"]["seed"], 9);
    for key in ["mean", "sd", "p95"] {
        assert!(json["chance"][key].is_number(), "{key}");
    }
    assert!(json["value"].is_number() && json["p_value"].is_number());
    let back: phin_analysis::Baselined = serde_json::from_value(json).unwrap();
    assert_eq!(back, r1);
}
