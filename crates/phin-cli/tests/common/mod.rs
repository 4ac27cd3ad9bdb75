//! Shared by the CLI test files: run the `phin` binary, a scratch directory under target/.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `phin` with `args` in the repository root.
pub fn phin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("phin runs")
}

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh empty directory `name` under the cargo target directory.
pub fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A failing run's exit code 2 and its stderr.
pub fn refused(args: &[&str]) -> String {
    let o = phin(args);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    err
}
