//! Criterion benches: one tick of each model module.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputs,
};
use phin_core::sr_noise_generator::SrNoiseGenerator;

fn oscillators(c: &mut Criterion) {
    let mut h = HopfOscillator::new();
    let i = HopfOscillatorInputs {
        mu_dt: 3,
        omega_dt: 152,
        input_x: 0,
    };
    c.bench_function("hopf_oscillator tick", |b| {
        b.iter(|| black_box(h.tick(black_box(&i))))
    });

    let mut s = HopfOscillatorStochastic::new();
    let mut n = SrNoiseGenerator::new();
    c.bench_function(
        "hopf_oscillator_stochastic + sr_noise_generator tick",
        |b| {
            b.iter(|| {
                let noise = n.tick();
                black_box(s.tick(&HopfOscillatorStochasticInputs {
                    mu_dt: 4,
                    omega_dt: 196,
                    input_x: 0,
                    noise_x: noise.noise[0],
                }))
            })
        },
    );

    let mut g = SrNoiseGenerator::new();
    c.bench_function("sr_noise_generator tick", |b| {
        b.iter(|| black_box(g.tick()))
    });
}

criterion_group!(benches, oscillators);
criterion_main!(benches);
