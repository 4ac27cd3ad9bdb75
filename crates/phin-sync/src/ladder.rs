//! The nine layers on the descending φ-ladder, which of them follow a processor oscillator,
//! and the ±1 channels between them.
//!
//! Layer n runs at `base_frequency_hz / harmonic_ratios[n]` = 40/φⁿ Hz: 40, 24.7, 15.3, 9.44,
//! 5.84, 3.61, 2.23, 1.38, 0.85. The document does not say which way the ladder runs; ascending
//! (40·φ⁸ = 1879 Hz) would sit at the 2 kHz Nyquist limit of the 4 kHz tick, descending puts
//! five rungs within 1 % of a processor oscillator, so the ladder descends. [`LayerId::up`] goes
//! to the next slower rung (towards the document's "L9_universal"), [`LayerId::down`] to the
//! next faster one.
//!
//! | layer | rung, Hz | follows |
//! |---|---|---|
//! | 0 | 40.0 | L2/3 of the column, slow gamma 40.36 Hz (fast-gamma ticks scaled, see [`Binding`]) |
//! | 1 | 24.7 | L5b, 24.94 Hz |
//! | 2 | 15.3 | L5a, 15.42 Hz |
//! | 3 | 9.44 | L6, 9.53 Hz |
//! | 4 | 5.84 | thalamic theta, 5.89 Hz |
//! | 5 … 8 | 3.61, 2.23, 1.38, 0.85 | software Hopf oscillators (no processor oscillator below theta) |

use crate::error::SyncError;
use phin_core::identity::{Column, Layer, Oscillator};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Number of layers (the document's nine).
pub const NUM_LAYERS: usize = 9;

/// Number of layers bound to a processor oscillator (0 … 4).
pub const NUM_BOUND: usize = 5;

/// One of the nine layers, 0 (40 Hz) … 8 (0.85 Hz).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct LayerId(u8);

impl LayerId {
    /// The nine layers, fastest first.
    pub const ALL: [LayerId; NUM_LAYERS] = [
        LayerId(0),
        LayerId(1),
        LayerId(2),
        LayerId(3),
        LayerId(4),
        LayerId(5),
        LayerId(6),
        LayerId(7),
        LayerId(8),
    ];

    /// Layer `n`, or [`SyncError::NoSuchLayer`].
    pub fn new(n: i64) -> Result<LayerId, SyncError> {
        if (0..NUM_LAYERS as i64).contains(&n) {
            Ok(LayerId(n as u8))
        } else {
            Err(SyncError::NoSuchLayer { given: n })
        }
    }

    /// Position 0 … 8.
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The next slower layer (n + 1), if any.
    pub fn up(self) -> Option<LayerId> {
        (self.index() + 1 < NUM_LAYERS).then(|| LayerId(self.0 + 1))
    }

    /// The next faster layer (n − 1), if any.
    pub fn down(self) -> Option<LayerId> {
        self.0.checked_sub(1).map(LayerId)
    }

    /// The layer's ±1 partners (the source's `sync_partners`, "Always ±1 layers only").
    pub fn partners(self) -> impl Iterator<Item = LayerId> {
        self.down().into_iter().chain(self.up())
    }

    /// What the layer's rhythm follows, for the column `column`.
    pub fn binding(self, column: Column) -> Binding {
        let cortex = |l| Binding::Bound(Oscillator::Cortex(column, l));
        match self.0 {
            0 => cortex(Layer::L23),
            1 => cortex(Layer::L5b),
            2 => cortex(Layer::L5a),
            3 => cortex(Layer::L6),
            4 => Binding::Bound(Oscillator::Theta),
            _ => Binding::Software,
        }
    }
}

impl TryFrom<u8> for LayerId {
    type Error = SyncError;
    fn try_from(v: u8) -> Result<Self, SyncError> {
        LayerId::new(i64::from(v))
    }
}

impl From<LayerId> for u8 {
    fn from(l: LayerId) -> u8 {
        l.0
    }
}

impl fmt::Display for LayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for LayerId {
    type Err = SyncError;
    fn from_str(s: &str) -> Result<Self, SyncError> {
        let t = s.trim();
        let t = t
            .strip_prefix('L')
            .or_else(|| t.strip_prefix('l'))
            .unwrap_or(t);
        match t.parse::<i64>() {
            Ok(n) => LayerId::new(n),
            Err(_) => Err(SyncError::NoSuchLayer { given: -1 }),
        }
    }
}

/// What a layer's rhythm is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// A software PLL locked to this processor oscillator's observed phase. For L2/3 the phase
    /// it follows is the slow-gamma phase: L2/3 runs at 65.3 Hz in theta's encoding window
    /// (processor description, section 6.3), and in those ticks its phase advance is scaled by
    /// `OMEGA_DT_L23_SLOW / OMEGA_DT_L23_FAST`, so the rung follows a 40.36 Hz clock and not a
    /// 40 ↔ 65 Hz square wave of frequency.
    Bound(Oscillator),
    /// A software Hopf oscillator of the processor's form (radius pulled to √μ, rotation at the
    /// rung frequency), stepped on the layer's own clock.
    Software,
}

/// A directed channel between two adjacent layers. The ±1 rule holds by construction: a
/// channel is only made from a layer and its [`up`](LayerId::up) or [`down`](LayerId::down).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Channel {
    from: LayerId,
    to: LayerId,
}

impl Channel {
    /// The channel from `layer` to the next slower layer, if there is one.
    pub fn up(layer: LayerId) -> Option<Channel> {
        layer.up().map(|to| Channel { from: layer, to })
    }

    /// The channel from `layer` to the next faster layer, if there is one.
    pub fn down(layer: LayerId) -> Option<Channel> {
        layer.down().map(|to| Channel { from: layer, to })
    }

    /// The channel `from → to`, or [`SyncError::NotAdjacent`] unless `to` is `from.up()` or
    /// `from.down()`.
    pub fn between(from: LayerId, to: LayerId) -> Result<Channel, SyncError> {
        [Channel::up(from), Channel::down(from)]
            .into_iter()
            .flatten()
            .find(|c| c.to == to)
            .ok_or_else(|| SyncError::not_adjacent(from, to))
    }

    /// Every channel: 16 (8 adjacent pairs, both directions), ordered by source then target.
    pub fn all() -> Vec<Channel> {
        let mut v: Vec<Channel> = LayerId::ALL
            .iter()
            .flat_map(|&l| [Channel::down(l), Channel::up(l)])
            .flatten()
            .collect();
        v.sort();
        v
    }

    /// The source layer.
    pub fn from(self) -> LayerId {
        self.from
    }

    /// The destination layer.
    pub fn to(self) -> LayerId {
        self.to
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}->{}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_have_one_partner_and_inner_layers_two() {
        assert_eq!(LayerId::ALL[0].partners().count(), 1);
        assert_eq!(LayerId::ALL[8].partners().count(), 1);
        assert_eq!(
            LayerId::ALL[4].partners().collect::<Vec<_>>(),
            [LayerId(3), LayerId(5)]
        );
        assert_eq!(Channel::all().len(), 16);
        assert!(LayerId::new(9).is_err() && LayerId::new(-1).is_err());
        assert_eq!("L3".parse::<LayerId>().unwrap(), LayerId(3));
        let e = Channel::between(LayerId(2), LayerId(5)).unwrap_err();
        assert_eq!(e, SyncError::NotAdjacent { from: 2, to: 5 });
        assert!(e.to_string().contains("adjacent"));
    }

    #[test]
    fn five_rungs_are_bound_in_descending_order() {
        let bound: Vec<f64> = LayerId::ALL
            .iter()
            .filter_map(|l| match l.binding(Column::Motor) {
                Binding::Bound(o) => Some(o.nominal_hz()),
                Binding::Software => None,
            })
            .collect();
        assert_eq!(bound.len(), NUM_BOUND);
        assert!(bound.windows(2).all(|w| w[0] > w[1]));
    }
}
