//! Criterion benches of the phin model live in `benches/`; this crate has no code of its own.
