//! [`Memo`]: the last argument and result of a pure combinational function, so that a model whose
//! input did not change since the previous tick reuses the result instead of recomputing it.
//!
//! A memo is not hardware: it holds nothing the RTL holds. Its value is always `f(last argument)`
//! for the pure `f` it caches, so it never changes what a model computes, and two models that
//! differ only in their memos are the same state: [`Memo`] compares equal to every other memo and
//! no signal table lists it.

use std::fmt;

/// The last `(argument, result)` of one pure function, or nothing yet.
#[derive(Clone, Copy)]
pub struct Memo<I, O> {
    last: Option<(I, O)>,
}

impl<I: Copy + PartialEq, O: Copy> Memo<I, O> {
    /// An empty memo: the first call computes.
    pub const fn new() -> Self {
        Memo { last: None }
    }

    /// `f(i)`, computed only when `i` differs from the previous argument. `f` must be pure (the
    /// same `i` always gives the same result), as every combinational RTL function is.
    #[inline(always)]
    pub fn get(&mut self, i: I, f: impl FnOnce(I) -> O) -> O {
        match self.last {
            Some((li, lo)) if li == i => lo,
            _ => {
                let o = f(i);
                self.last = Some((i, o));
                o
            }
        }
    }
}

impl<I: Copy + PartialEq, O: Copy> Default for Memo<I, O> {
    fn default() -> Self {
        Self::new()
    }
}

/// Every memo equals every other: a memo is not part of a model's state.
impl<I, O> PartialEq for Memo<I, O> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<I, O> Eq for Memo<I, O> {}

impl<I, O> fmt::Debug for Memo<I, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Memo")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_distinct_argument_and_never_distinguishes_states() {
        let mut calls = 0;
        let mut m = Memo::<i64, i64>::new();
        let mut sq = |v: i64| {
            calls += 1;
            v * v
        };
        assert_eq!(m.get(3, &mut sq), 9);
        assert_eq!(m.get(3, &mut sq), 9);
        assert_eq!(m.get(-4, &mut sq), 16);
        assert_eq!(m.get(3, &mut sq), 9);
        assert_eq!(calls, 3);
        assert_eq!(m, Memo::new());
    }
}
