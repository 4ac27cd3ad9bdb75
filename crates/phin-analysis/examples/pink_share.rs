//! The pink noise's share of the DAC's power per state (variance of 0.92 · pink against the
//! variance of the mix before the limiter), over 120 s without events.
// Indexed loops over harmonics and phases read as the tables they print.
#![allow(clippy::needless_range_loop)]

use phin_core::identity::ConsciousnessState;
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use phin_core::Observable;

fn main() {
    for state in ConsciousnessState::ALL {
        let mut p = PhiNNeuralProcessor::default();
        let i = PhiNNeuralProcessorInputs::builder()
            .state(state)
            .build()
            .unwrap();
        let idx_pink = PhiNNeuralProcessor::signal_table()
            .iter()
            .position(|s| s.name == "u_pink.pink_out")
            .unwrap();
        let mut table = vec![0u64; PhiNNeuralProcessor::signal_table().len()];
        let (mut sp, mut spp, mut sd, mut sdd, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for t in 0..480_000u32 {
            p.tick(&i);
            if t < 8_000 {
                continue;
            }
            p.sample(&mut table);
            let pink =
                phin_core::fixed_point::sext(table[idx_pink], 18) as f64 * 15073.0 / 16384.0 / 8.0;
            let d = f64::from(p.probe().dac());
            sp += pink;
            spp += pink * pink;
            sd += d;
            sdd += d * d;
            n += 1.0;
        }
        let vp = spp / n - (sp / n).powi(2);
        let vd = sdd / n - (sd / n).powi(2);
        println!(
            "{state}: pink {:.1} codes², DAC {:.1} codes², pink share {:.3}",
            vp,
            vd,
            vp / vd
        );
    }
}
