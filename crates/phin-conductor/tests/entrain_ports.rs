//! The entrainment engine on its other ports and waveform: the SR field entrains its own
//! harmonic, and a pulse train on the sensory input entrains motor L4, each beside its
//! drive-off control. Measured (20 s): a field of 0.1 locks SR f2 (PLV 0.92 at 20 Hz against 0.34
//! with the field off, and 0.91-0.92 anywhere within ±1 Hz); stronger fields lock it less (0.76 at
//! 0.5, 0.67 at 2.0), as the harmonic's radius grows past 1 (1.47 at 2.0) into the Hopf
//! oscillator's amplitude limiter.

use phin_conductor::entrain::{DrivePort, EntrainGrid, Waveform};
use phin_core::identity::{ConsciousnessState, Oscillator, SrHarmonic};

#[test]
fn the_sr_field_entrains_its_harmonic() {
    let f2 = Oscillator::Sr(SrHarmonic::F2);
    let g = EntrainGrid {
        oscillator: f2,
        port: DrivePort::SrField(SrHarmonic::F2),
        freqs_hz: vec![f2.nominal_hz() - 0.5],
        amplitudes: vec![0.0, 0.1, 2.0],
        seconds: 10.0,
        ..EntrainGrid::default()
    };
    let m = g.run(|_, _| {}).unwrap().map;
    // Half a hertz off the harmonic's centre, where its own stable frequency does not pass
    // for locking over 8 s.
    let driven = m.plv(ConsciousnessState::Normal, 0.1, 19.5).unwrap();
    let strong = m.plv(ConsciousnessState::Normal, 2.0, 19.5).unwrap();
    let control = m.chance(ConsciousnessState::Normal, 19.5).unwrap();
    println!(
        "sr.f2 driven by its field at 19.5 Hz: PLV {driven:.3} at 0.1, {strong:.3} at 2.0 (drive \
         off {control:.3})"
    );
    assert!(
        driven > 0.85 && driven > control + 0.3,
        "{driven} vs {control}"
    );
    assert!(
        strong < driven,
        "a strong field saturates the harmonic: {strong} vs {driven}"
    );
}

#[test]
fn a_pulse_train_entrains_motor_l4() {
    let g = EntrainGrid {
        waveform: Waveform::Pulse { duty: 0.25 },
        freqs_hz: vec![31.0],
        amplitudes: vec![0.0, 2.0],
        seconds: 6.0,
        ..EntrainGrid::default()
    };
    let m = g.run(|_, _| {}).unwrap().map;
    let driven = m.plv(ConsciousnessState::Normal, 2.0, 31.0).unwrap();
    let control = m.chance(ConsciousnessState::Normal, 31.0).unwrap();
    println!(
        "motor.l4, 31 Hz pulses of duty 0.25 at 2.0: PLV {driven:.3} (drive off {control:.3})"
    );
    assert!(driven > control + 0.3, "{driven} vs {control}");
}
