//! The one progress bar of the CLI: hidden at first, shown on stderr only once a run has taken
//! more than a second, so short runs and tests print nothing extra.

use std::time::{Duration, Instant};

/// A progress bar over a number of ticks (or instance-ticks) that appears only when a run has
/// already taken more than a second.
pub struct Progress {
    bar: indicatif::ProgressBar,
    start: Instant,
}

impl Progress {
    /// A hidden bar over `total` ticks.
    pub fn new(total: u64) -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_length(total);
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    /// Reports `done` ticks; shows the bar once a second has passed.
    pub fn update(&self, done: u64) {
        if self.bar.is_hidden() && self.start.elapsed() > Duration::from_secs(1) {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} ticks ({per_sec}, eta {eta})",
            ) {
                self.bar.set_style(style);
            }
        }
        self.bar.set_position(done);
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
