//! Records the git revision the `phin` binary is built from (`PHIN_GIT_REVISION`, read with
//! `option_env!`), so summary.json can name it. Never fails a build: without git, or outside a
//! repository, the revision is simply unknown. A revision with uncommitted changes to tracked
//! files ends in `-dirty`. `PHIN_GIT_REVISION` set in the environment wins (for builds from a
//! source archive).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let o = Command::new("git").args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=PHIN_GIT_REVISION");
    if let Ok(r) = std::env::var("PHIN_GIT_REVISION") {
        println!("cargo:rustc-env=PHIN_GIT_REVISION={r}");
        return;
    }
    let Some(rev) = git(&["rev-parse", "HEAD"]) else {
        return;
    };
    // Run again when HEAD moves, a commit lands or the index changes, and when a source file
    // changes (for the -dirty mark).
    let mut watch = vec![
        "HEAD".to_string(),
        "index".to_string(),
        "packed-refs".to_string(),
    ];
    if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.push(r);
    }
    for w in watch {
        if let Some(p) = git(&["rev-parse", "--git-path", &w]) {
            if std::path::Path::new(&p).exists() {
                println!("cargo:rerun-if-changed={p}");
            }
        }
    }
    println!("cargo:rerun-if-changed=../../crates");
    println!("cargo:rerun-if-changed=../../Cargo.lock");
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let mark = if dirty { "-dirty" } else { "" };
    println!("cargo:rustc-env=PHIN_GIT_REVISION={rev}{mark}");
}
