//! `boundary_generator` (rtl/boundary_generator.v): a boundary oscillation between two parent
//! bands by amplitude-product mixing (section "SIE Dynamics Monitoring (v11.3)").
//!
//! Hardware facts (contract: docs/spec/boundary_generator.md):
//! - `omega_b = p > 0 ? min(isqrt(p), 131071) : 0` with `p = omega_1·omega_2`: the geometric
//!   mean of the parents' OMEGA_DT, so the boundary frequency is `sqrt(f1·f2)`.
//! - A [`HopfOscillator`] `u_osc` at `omega_b`, with the caller's `mu_dt`, is kicked by the
//!   parent product `(x1·x2) >>> 25`.
//! - `env = sat18((amp1·amp2) >>> 14)`; `boundary_x ← sat18((u_osc.x·env) >>> 14)` from the x
//!   before the edge; `power_acc ← power_acc + sat18(bx² >>> 14) − (power_acc >>> 10)`;
//!   `boundary_power = power_acc >>> 10` (EMA of bx², τ = 1024 ticks = 256 ms).

use crate::fixed_point::{raw, wrap_s, FRAC, WIDTH};
use crate::hopf_oscillator::{HopfOscillator, HopfOscillatorInputsL, HopfOscillatorL};
use crate::kuramoto_order_parameter::isqrt36;
use crate::lane::Lane;
use crate::signals::{Observable, Signal};

/// Inputs of `boundary_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoundaryGeneratorInputs {
    /// `mu_dt` of the boundary oscillator (Q14).
    pub mu_dt: i32,
    /// `omega_1`, `omega_2`: the parents' OMEGA_DT.
    pub omega: [i32; 2],
    /// `x1`, `x2`: the parents' x (Q14).
    pub x: [i32; 2],
    /// `amp1`, `amp2`: the parents' amplitudes (Q14).
    pub amp: [i32; 2],
}

/// State of one `boundary_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundaryGenerator {
    /// `u_osc`: the boundary oscillator.
    pub u_osc: HopfOscillator,
    /// `reg signed [17:0] boundary_x` (Q14).
    pub boundary_x: i32,
    /// `reg signed [29:0] power_acc`: boundary power × 2^10.
    pub power_acc: i64,
}

/// The geometric-mean frequency word `omega_b` of two OMEGA_DT words: [`omega_b_l`] on one lane.
#[inline(always)]
pub fn omega_b(omega_1: i64, omega_2: i64) -> i64 {
    omega_b_l(omega_1, omega_2)
}

/// [`omega_b`] over lanes, for 32-bit `omega_1`, `omega_2` (the `i32` ports).
///
/// `p = (omega_1 · omega_2)[35:0]`: 32-bit operands, so the exact product is a
/// [`mul32`](Lane::mul32) before the wrap. The square root has no lane instruction and runs per
/// lane ([`Lane::map`]); `p <= 0` gives 0 and the root is at most `isqrt(2^35 − 1) < 2^18`, so
/// `min(·, 131071)` is the RTL's saturation.
#[inline(always)]
pub fn omega_b_l<L: Lane>(omega_1: L, omega_2: L) -> L {
    let p = omega_1.mul32(omega_2).wrap_s(36);
    let r = p.map(|p| if p <= 0 { 0 } else { isqrt36(p as u64) as i64 });
    let max = L::splat(131_071);
    L::select(r.cmp_gt(max), max, r)
}

impl BoundaryGenerator {
    /// The reset state (oscillator at (0.5, 0)).
    pub fn new() -> Self {
        BoundaryGenerator {
            u_osc: HopfOscillator::new(),
            boundary_x: 0,
            power_acc: 0,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `boundary_power = power_acc >>> 10` (Q14).
    #[inline(always)]
    pub const fn boundary_power(&self) -> i64 {
        wrap_s(crate::fixed_point::asr(self.power_acc, 10), WIDTH)
    }

    /// One clock-enable edge: [`BoundaryGeneratorL::tick`] on one lane. Always inlined: as a
    /// call (three instances) the tick cost 27 more instructions than inlined.
    #[inline(always)]
    pub fn tick(&mut self, i: &BoundaryGeneratorInputs) -> &BoundaryGenerator {
        let mut l = BoundaryGeneratorL::<i64>::gather(|_| *self);
        l.tick(&BoundaryGeneratorInputsL::gather(|_| *i));
        *self = l.lane(0);
        self
    }
}

/// [`BoundaryGeneratorInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundaryGeneratorInputsL<L: Lane> {
    /// `mu_dt`, already truncated to the oscillator's 18-bit port.
    pub mu_dt: L,
    /// `omega_1`, `omega_2`.
    pub omega: [L; 2],
    /// `x1`, `x2`.
    pub x: [L; 2],
    /// `amp1`, `amp2`.
    pub amp: [L; 2],
}

impl<L: Lane> BoundaryGeneratorInputsL<L> {
    /// Lane k from instance k's inputs. `mu_dt` goes straight to the oscillator's 18-bit port,
    /// so it is truncated here as driving that port would; the others enter the products as the
    /// scalar model takes them (`i32`).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> BoundaryGeneratorInputs) -> Self {
        let pair = |g: fn(&BoundaryGeneratorInputs) -> [i32; 2]| {
            [0, 1].map(|n| L::from_fn(|k| i64::from(g(&f(k))[n])))
        };
        BoundaryGeneratorInputsL {
            mu_dt: L::from_fn(|k| i64::from(f(k).mu_dt)).wrap_s(WIDTH),
            omega: pair(|i| i.omega),
            x: pair(|i| i.x),
            amp: pair(|i| i.amp),
        }
    }
}

/// The state of `boundary_generator` over lanes: the one source of its next state,
/// [`BoundaryGenerator`] being the one-lane case (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundaryGeneratorL<L: Lane> {
    /// `u_osc`.
    pub u_osc: HopfOscillatorL<L>,
    /// `boundary_x`.
    pub boundary_x: L,
    /// `power_acc`.
    pub power_acc: L,
}

impl<L: Lane> BoundaryGeneratorL<L> {
    /// Lane k from instance k's state.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> BoundaryGenerator) -> Self {
        BoundaryGeneratorL {
            u_osc: HopfOscillatorL::gather(|k| f(k).u_osc),
            boundary_x: L::from_fn(|k| i64::from(f(k).boundary_x)),
            power_acc: L::from_fn(|k| f(k).power_acc),
        }
    }

    /// Instance k's state.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> BoundaryGenerator {
        BoundaryGenerator {
            u_osc: self.u_osc.lane(k),
            boundary_x: self.boundary_x.lane(k) as i32,
            power_acc: self.power_acc.lane(k),
        }
    }

    /// `boundary_power = power_acc >>> 10` (Q14).
    #[inline(always)]
    pub fn boundary_power(&self) -> L {
        self.power_acc.asr(10).wrap_s(WIDTH)
    }

    /// One clock-enable edge on every lane.
    ///
    /// Every product has 32-bit operands (the `i32` ports, the 18-bit registers and saturated
    /// wires), so each is a [`mul32`](Lane::mul32) followed by the RTL's 36-bit wrap.
    #[inline(always)]
    pub fn tick(&mut self, i: &BoundaryGeneratorInputsL<L>) -> &Self {
        // No memo: the parents' OMEGA_DT words carry the cortical drift's jitter, which moves
        // every tick, so a memo of omega_b missed on 98 % of ticks (measured: 2.95 square roots
        // per tick for the three instances) and cost more than it saved.
        let ob = omega_b_l(i.omega[0], i.omega[1]);
        let prod = |a: L, b: L| a.mul32(b).wrap_s(36);
        let drive = prod(i.x[0], i.x[1]).asr(FRAC + 11).wrap_s(WIDTH);
        let env = prod(i.amp[0], i.amp[1]).asr(FRAC).sat_s(WIDTH);
        let bx = prod(self.u_osc.x, env).asr(FRAC).sat_s(WIDTH);
        let p_in = prod(bx, bx).asr(FRAC).sat_s(WIDTH);
        self.u_osc.tick(&HopfOscillatorInputsL {
            mu_dt: i.mu_dt,
            omega_dt: ob,
            input_x: drive,
        });
        self.boundary_x = bx;
        self.power_acc = (self.power_acc + p_in - self.power_acc.asr(10)).wrap_s(30);
        self
    }
}

impl Observable for BoundaryGenerator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        HopfOscillator::signals(&format!("{prefix}u_osc."), out);
        out.push(Signal::new(prefix, "boundary_x", WIDTH, true));
        out.push(Signal::new(prefix, "power_acc", 30, true));
        out.push(Signal::new(prefix, "boundary_power", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let n = self.u_osc.sample(out);
        out[n] = raw(i64::from(self.boundary_x), WIDTH);
        out[n + 1] = raw(self.power_acc, 30);
        out[n + 2] = raw(self.boundary_power(), WIDTH);
        n + 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{OMEGA_DT_L5A, OMEGA_DT_L5B, OMEGA_DT_L6, OMEGA_DT_THETA};
    use crate::hopf_oscillator::HopfOscillatorInputs;

    /// Peak frequency (Hz) of `xs` sampled at 4 kHz, searched on a 0.01 Hz grid in [lo, hi].
    fn peak(xs: &[f64], lo: f64, hi: f64) -> f64 {
        let mut best = (0.0, lo);
        let mut f = lo;
        while f <= hi {
            let w = std::f64::consts::TAU * f / 4_000.0;
            let (mut re, mut im) = (0.0, 0.0);
            let (dc, ds) = (w.cos(), w.sin());
            let (mut c, mut s) = (1.0f64, 0.0f64);
            for &x in xs {
                re += x * c;
                im += x * s;
                (c, s) = (c * dc - s * ds, s * dc + c * ds);
            }
            let p = re * re + im * im;
            if p > best.0 {
                best = (p, f);
            }
            f += 0.01;
        }
        best.1
    }

    /// Boundary output for parents at OMEGA_DT w1, w2 (mu_dt 3 everywhere): peak in Hz.
    fn boundary_peak(w1: i64, w2: i64) -> (f64, i64) {
        let (mut p1, mut p2, mut b) = (
            HopfOscillator::new(),
            HopfOscillator::new(),
            BoundaryGenerator::new(),
        );
        let mut xs = Vec::new();
        for t in 0..(8_000 + 32_768) {
            let i = BoundaryGeneratorInputs {
                mu_dt: 3,
                omega: [w1 as i32, w2 as i32],
                x: [p1.x, p2.x],
                amp: [p1.outputs().amplitude, p2.outputs().amplitude],
            };
            b.tick(&i);
            p1.tick(&HopfOscillatorInputs {
                mu_dt: 3,
                omega_dt: w1 as i32,
                input_x: 0,
            });
            p2.tick(&HopfOscillatorInputs {
                mu_dt: 3,
                omega_dt: w2 as i32,
                input_x: 0,
            });
            if t >= 8_000 {
                xs.push(f64::from(b.boundary_x));
            }
        }
        (peak(&xs, 3.0, 30.0), b.boundary_power())
    }

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn reg18() -> impl Strategy<Value = i32> {
            -131_072i32..=131_071
        }

        fn port() -> impl Strategy<Value = i32> {
            // The whole 18-bit range, beyond it (the products take the `i32` as it is; `mu_dt`
            // truncates), the parents' realistic OMEGA_DT words and negatives (omega_b = 0).
            prop_oneof![reg18(), any::<i32>(), 100i32..800, -5i32..5]
        }

        fn state() -> impl Strategy<Value = BoundaryGenerator> {
            (reg18(), reg18(), reg18(), -(1i64 << 29)..(1i64 << 29)).prop_map(
                |(x, y, boundary_x, power_acc)| BoundaryGenerator {
                    u_osc: HopfOscillator { x, y },
                    boundary_x,
                    power_acc,
                },
            )
        }

        fn inputs() -> impl Strategy<Value = BoundaryGeneratorInputs> {
            (port(), [port(), port()], [port(), port()], [port(), port()]).prop_map(
                |(mu_dt, omega, x, amp)| BoundaryGeneratorInputs {
                    mu_dt,
                    omega,
                    x,
                    amp,
                },
            )
        }

        proptest! {
            /// Every lane is the scalar generator on that lane's state and inputs, tick after
            /// tick, registers and `boundary_power`.
            #[test]
            fn every_lane_is_the_scalar_generator(
                s0 in prop::array::uniform4(state()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = s0;
                let mut lanes = BoundaryGeneratorL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    lanes.tick(&BoundaryGeneratorInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        scalar[k].tick(&i[k]);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                        prop_assert_eq!(lanes.boundary_power().lane(k), scalar[k].boundary_power());
                    }
                }
            }

            /// `omega_b` over lanes is the scalar function on any 32-bit words.
            #[test]
            fn omega_b_lanes_are_scalar(a in prop::array::uniform4(port()), b in prop::array::uniform4(port())) {
                let l = omega_b_l(
                    Lanes::<N>(a.map(i64::from)),
                    Lanes::<N>(b.map(i64::from)),
                );
                for k in 0..N {
                    prop_assert_eq!(l.lane(k), omega_b(i64::from(a[k]), i64::from(b[k])));
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's power accumulator is seen.
            let b = BoundaryGenerator::new();
            let mut l = BoundaryGeneratorL::<Lanes<N>>::gather(|_| b);
            l.power_acc.0[3] += 1;
            let i = BoundaryGeneratorInputs {
                mu_dt: 3,
                omega: [152, 245],
                x: [8_000, 8_000],
                amp: [16_384, 16_384],
            };
            l.tick(&BoundaryGeneratorInputsL::gather(|_| i));
            let mut s = b;
            s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(3), s);
        }
    }

    #[test]
    fn boundaries_peak_at_the_geometric_means() {
        for (w1, w2, f) in [
            (OMEGA_DT_THETA, OMEGA_DT_L6, 7.49),
            (OMEGA_DT_L6, OMEGA_DT_L5A, 12.12),
            (OMEGA_DT_L5A, OMEGA_DT_L5B, 19.60),
        ] {
            let (pk, power) = boundary_peak(w1, w2);
            assert!(
                (pk - f).abs() / f < 0.02,
                "{w1}/{w2}: peak {pk} Hz, want {f}"
            );
            assert!(power > 100, "boundary power {power}");
        }
    }

    #[test]
    fn omega_b_is_the_floor_geometric_mean() {
        assert_eq!(omega_b(152, 245), 192);
        assert_eq!(omega_b(245, 397), 311);
        assert_eq!(omega_b(397, 642), 504);
        assert_eq!(omega_b(-5, 300), 0);
        assert_eq!(omega_b(-131_072, -131_072), 131_071);
    }

    #[test]
    fn no_parent_amplitude_no_boundary() {
        let mut b = BoundaryGenerator::new();
        let i = BoundaryGeneratorInputs {
            mu_dt: 3,
            omega: [152, 245],
            x: [8_000, 8_000],
            amp: [16_384, 0],
        };
        for _ in 0..4_000 {
            b.tick(&i);
        }
        assert_eq!(b.boundary_x, 0);
        assert_eq!(b.boundary_power(), 0);
    }
}
