//! SIGINT, SIGTERM and SIGHUP: every command stops, removes its temporary files and exits with
//! 128 + the signal's number (130 for Ctrl-C, 143 for `kill`), printing one line.
//!
//! Two paths lead there. The cooperative one: a signal only sets a flag; the long loops call
//! [`check`] every few thousand ticks and return an error, so the normal unwinding drops the
//! [`crate::files::OutDir`] (which removes its temporary directory) and `main` prints the line.
//! The forced one, for code that never calls [`check`] (a Verilator build, a lockstep run inside
//! phin-cosim, a rayon sweep): the watcher thread waits [`GRACE`] for the cooperative path, then
//! removes every temporary still [`register`]ed itself and exits. A second signal forces at once.
//! SIGKILL cannot be caught: what it leaves behind is found by the next run in the same folder or
//! by `phin clean` (see [`crate::files::sweep_stale`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::args::UserError;

/// The signal received (0: none yet).
static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// Temporary paths (files or directories) that must not outlive the process.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// How long the watcher leaves the main thread to unwind by itself before it cleans up and exits.
/// The cooperative checks come every few milliseconds, so this is only reached by code that has
/// none.
pub const GRACE: Duration = Duration::from_millis(1500);

/// Starts the watcher thread. Called once by `main`; if the handlers cannot be installed the
/// commands still run, only without interrupt safety (reported on stderr).
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("phin: signal handlers not installed ({e}); an interrupted run may leave temporary files (phin clean removes them)");
            return;
        }
    };
    let spawned = std::thread::Builder::new()
        .name("phin-signals".into())
        .spawn(move || {
            let mut first: Option<Instant> = None;
            loop {
                for sig in signals.pending() {
                    if first.is_some() {
                        // A second signal: the user does not want to wait.
                        force_exit(SIGNAL.load(Ordering::SeqCst));
                    }
                    SIGNAL.store(sig, Ordering::SeqCst);
                    first = Some(Instant::now());
                }
                if let Some(t) = first {
                    if t.elapsed() >= GRACE {
                        force_exit(SIGNAL.load(Ordering::SeqCst));
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
    if let Err(e) = spawned {
        eprintln!("phin: signal watcher not started ({e})");
    }
}

/// The signal received so far, if any.
pub fn received() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// `Err` once a signal has arrived: the long loops call this every few thousand ticks and pass
/// the error up, so their outputs are dropped (and removed) on the way out.
#[inline]
pub fn check() -> Result<(), UserError> {
    match received() {
        None => Ok(()),
        Some(sig) => Err(UserError(message(sig))),
    }
}

/// The signal's name for the one line printed.
fn name(sig: i32) -> &'static str {
    match sig {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        _ => "a signal",
    }
}

/// The one line printed on the way out.
pub fn message(sig: i32) -> String {
    format!(
        "interrupted by {}: stopped, temporary files removed, no output written",
        name(sig)
    )
}

/// The exit status of a process stopped by `sig`: 128 + its number, as a shell reports it.
pub fn exit_code(sig: i32) -> u8 {
    (128 + sig.clamp(1, 127)) as u8
}

/// Records `path` as a temporary to remove if the process is stopped by a signal.
pub fn register(path: PathBuf) {
    if let Ok(mut t) = TEMPS.lock() {
        t.push(path);
    }
}

/// Forgets `path` (it was renamed into place or removed).
pub fn unregister(path: &std::path::Path) {
    if let Ok(mut t) = TEMPS.lock() {
        if let Some(k) = t.iter().rposition(|p| p == path) {
            t.swap_remove(k);
        }
    }
}

/// Removes every registered temporary, prints the line and exits.
fn force_exit(sig: i32) -> ! {
    let paths: Vec<PathBuf> = TEMPS.lock().map(|t| t.clone()).unwrap_or_default();
    for p in &paths {
        // The main thread may still be creating files inside a directory; a few tries win.
        for _ in 0..20 {
            let gone = match std::fs::symlink_metadata(p) {
                Err(_) => true,
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(p).is_ok(),
                Ok(_) => std::fs::remove_file(p).is_ok(),
            };
            if gone {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    eprintln!("phin: {}", message(sig));
    std::process::exit(i32::from(exit_code(sig)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_shells() {
        assert_eq!(exit_code(libc::SIGINT), 130);
        assert_eq!(exit_code(libc::SIGTERM), 143);
        assert_eq!(exit_code(libc::SIGHUP), 129);
        assert!(message(libc::SIGINT).contains("SIGINT"));
    }

    #[test]
    fn registered_paths_are_forgotten_on_unregister() {
        let p = PathBuf::from("target/never-created-by-this-test");
        register(p.clone());
        assert!(TEMPS.lock().unwrap().contains(&p));
        unregister(&p);
        assert!(!TEMPS.lock().unwrap().contains(&p));
    }
}
