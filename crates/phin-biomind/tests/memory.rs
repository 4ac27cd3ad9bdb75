//! Part 2, acceptance 6: the episodic store indexed by the processor's CA3, stored on its learn
//! events; recall from a 50 % cue; the time-shuffled events as the control.

use phin_biomind::memory::{store_and_recall, Ca3Recording, MemoryParams};
use phin_biomind::rng::{shuffle, stream, uniform, Xoshiro256PlusPlus};
use phin_biomind::time::ticks;

const DIM: usize = 64;

fn items(n: usize, rng: &mut Xoshiro256PlusPlus) -> (Vec<Vec<f64>>, Vec<Vec<bool>>) {
    let xs: Vec<Vec<f64>> = (0..n)
        .map(|_| {
            (0..DIM)
                .map(|_| if uniform(rng) < 0.5 { -1.0 } else { 1.0 })
                .collect()
        })
        .collect();
    // A 50 % cue: a random half of the elements known.
    let masks = (0..n)
        .map(|_| {
            let mut m: Vec<bool> = (0..DIM).map(|k| k < DIM / 2).collect();
            shuffle(rng, &mut m);
            m
        })
        .collect();
    (xs, masks)
}

#[test]
fn recall_from_half_a_cue_and_the_shuffled_control() {
    let p = MemoryParams::default();
    let (present, gap) = (ticks(0.25), ticks(0.25));
    let trials = 20;
    let mut rows = Vec::new();
    for n in [2usize, 4, 6] {
        let (mut real, mut shuf, mut total) = (0, 0, 0);
        for trial in 0..trials {
            let mut rng = stream(61, (n * 100 + trial) as u64, 6);
            // A seeded warm-up of 2 to 12 s: each trial meets the processor at another moment.
            let warm = ticks(2.0 + 10.0 * uniform(&mut rng));
            let rec = Ca3Recording::record(warm, (present + gap) * n as u64);
            let (xs, masks) = items(n, &mut rng);
            let a =
                store_and_recall(&p, &rec, &rec.learn_ticks, &xs, present, gap, &masks).unwrap();
            let ev = rec.shuffled_events(&mut rng);
            assert_eq!(ev.len(), rec.learn_ticks.len());
            let b = store_and_recall(&p, &rec, &ev, &xs, present, gap, &masks).unwrap();
            real += a.correct;
            shuf += b.correct;
            total += n;
        }
        let (fr, fs) = (real as f64 / total as f64, shuf as f64 / total as f64);
        println!(
            "{n} items, {trials} trials: recall {fr:.3} on the processor's CA3 events, \
             {fs:.3} on shuffled events (chance {:.3})",
            1.0 / n as f64
        );
        rows.push((n, fr, fs));
    }
    for (n, fr, _) in &rows {
        assert!(*fr >= 0.9, "{n} items: recall {fr}");
    }
    // The control: shuffled events store fewer items; recall drops by at least ten points
    // over all set sizes.
    let real: f64 = rows.iter().map(|r| r.1).sum::<f64>() / rows.len() as f64;
    let shuf: f64 = rows.iter().map(|r| r.2).sum::<f64>() / rows.len() as f64;
    assert!(real - shuf >= 0.1, "real {real}, shuffled {shuf}");
}
