//! Acceptance 1: of the 81 ordered layer pairs exactly the 16 adjacent ones yield a channel.

use phin_sync::{Channel, LayerId, SyncError};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Any ordered pair: a channel exactly when the layers are ±1 apart, and then it is the
    /// one `up()`/`down()` builds; otherwise the typed error names both layers.
    #[test]
    fn a_pair_yields_a_channel_exactly_when_adjacent(a in 0i64..9, b in 0i64..9) {
        let (la, lb) = (LayerId::new(a).unwrap(), LayerId::new(b).unwrap());
        match Channel::between(la, lb) {
            Ok(c) => {
                prop_assert_eq!((a - b).abs(), 1);
                prop_assert_eq!((c.from(), c.to()), (la, lb));
                prop_assert!(Some(c) == Channel::up(la) || Some(c) == Channel::down(la));
            }
            Err(e) => {
                prop_assert_ne!((a - b).abs(), 1);
                prop_assert_eq!(e, SyncError::NotAdjacent { from: a as u8, to: b as u8 });
            }
        }
    }

    /// Layer numbers outside 0 … 8 are a typed error, never a panic.
    #[test]
    fn out_of_range_layers_are_refused(n in proptest::num::i64::ANY) {
        prop_assume!(!(0..9).contains(&n));
        prop_assert_eq!(LayerId::new(n), Err(SyncError::NoSuchLayer { given: n }));
    }
}

#[test]
fn exactly_sixteen_of_the_eighty_one_pairs() {
    let mut n = 0;
    for a in LayerId::ALL {
        for b in LayerId::ALL {
            n += usize::from(Channel::between(a, b).is_ok());
        }
    }
    assert_eq!(n, 16);
    assert_eq!(Channel::all().len(), 16);
}
