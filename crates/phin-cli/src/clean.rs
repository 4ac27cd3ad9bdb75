//! `phin clean`: removes what killed phin runs left behind. A run stopped by SIGINT or SIGTERM
//! cleans up after itself; SIGKILL (or a power cut) leaves its temporary `--out` directory or
//! file (`.<name>.phin-tmp-<pid>-<n>`), which the next run into the same folder removes, and
//! so does this command; without a folder it cleans the current one and the co-simulation
//! cache (a killed Verilator build's temporary directory, which the next build of the same top
//! also removes). A temporary whose process is alive is never touched.

use crate::args::UserError;
use crate::files::{human_bytes, sweep_stale};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `phin clean`.
#[derive(Args)]
pub struct CleanArgs {
    /// Folders to clean (default: the current folder and the co-simulation cache); only phin's
    /// own temporaries of dead processes are removed, nothing else.
    #[arg(value_name = "DIR")]
    dirs: Vec<PathBuf>,
}

/// Runs `phin clean`.
pub fn clean(a: CleanArgs) -> Result<ExitCode, UserError> {
    let dirs = if a.dirs.is_empty() {
        let mut d = vec![PathBuf::from(".")];
        d.extend(
            phin_cosim::cache::cache_dir(None)
                .ok()
                .filter(|c| c.is_dir()),
        );
        d
    } else {
        a.dirs
    };
    for d in &dirs {
        if !d.is_dir() {
            return Err(UserError(format!("{}: not a directory", d.display())));
        }
    }
    let (mut n, mut bytes) = (0usize, 0u64);
    for d in &dirs {
        for r in sweep_stale(d) {
            println!("removed {} ({})", r.path.display(), human_bytes(r.bytes));
            n += 1;
            bytes += r.bytes;
        }
    }
    println!(
        "phin clean: {n} leftover{} removed, {} freed",
        if n == 1 { "" } else { "s" },
        human_bytes(bytes)
    );
    Ok(ExitCode::SUCCESS)
}
