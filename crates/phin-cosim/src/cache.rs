//! Where co-simulation keeps what it builds and what it writes unasked: a per-user cache
//! directory, as an installed tool does, never the current folder.
//!
//! The directory is, in order: the one the caller names (`phin cosim --cache-dir`), else
//! `$PHIN_CACHE_DIR`, else `$XDG_CACHE_HOME/phin/cosim` (an absolute `XDG_CACHE_HOME` only, as the
//! XDG base-directory specification requires), else `$HOME/.cache/phin/cosim`. Verilated builds
//! live in it as `<top>-<hash>/`; waveforms written without an explicit path in `mismatch/`.
//! Inside this repository `.cargo/config.toml` sets `PHIN_CACHE_DIR` to `target/phin-cosim`, so
//! the test suite and `cargo run` keep everything under `target/`.

use crate::error::CosimError;
use std::path::{Path, PathBuf};

/// The environment variable that moves the cache.
pub const CACHE_ENV: &str = "PHIN_CACHE_DIR";

fn non_empty(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The cache directory: `explicit` when given, else from the environment (see the module
/// documentation); [`CosimError::NoCacheDir`] when there is none.
pub fn cache_dir(explicit: Option<&Path>) -> Result<PathBuf, CosimError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = non_empty(CACHE_ENV) {
        return Ok(p);
    }
    if let Some(p) = non_empty("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return Ok(p.join("phin").join("cosim"));
    }
    if let Some(home) = non_empty("HOME") {
        return Ok(home.join(".cache").join("phin").join("cosim"));
    }
    Err(CosimError::NoCacheDir)
}

/// Where the waveform of a first mismatch goes when the caller names no path:
/// `<cache>/mismatch/<top>-<tag>.vcd` (`tag`: the seed, or `replay`).
pub fn default_mismatch_vcd(cache: &Path, top: &str, tag: &str) -> PathBuf {
    cache.join("mismatch").join(format!("{top}-{tag}.vcd"))
}

/// Checks, before anything runs, that a file can be created at `path`: its directory exists and
/// takes a new file, and `path` is not a directory. A probe file is created and removed again.
pub fn check_writable(path: &Path) -> Result<(), CosimError> {
    let bad = |why: String| CosimError::Output {
        path: path.to_path_buf(),
        why,
    };
    if path.is_dir() {
        return Err(bad("is a directory".into()));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(bad(format!(
            "directory {} does not exist",
            parent.display()
        )));
    }
    let probe = crate::tmp_name(path);
    std::fs::File::create(&probe).map_err(|e| bad(format!("cannot be written ({e})")))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_directory_wins() {
        let p = Path::new("/somewhere/else");
        assert_eq!(cache_dir(Some(p)).unwrap(), p);
    }

    #[test]
    fn the_default_mismatch_waveform_is_in_the_cache() {
        let p = default_mismatch_vcd(Path::new("/c"), "lfsr16", "7");
        assert_eq!(p, Path::new("/c/mismatch/lfsr16-7.vcd"));
    }

    #[test]
    fn an_output_in_a_missing_directory_is_refused() {
        let e = check_writable(Path::new("/no/such/dir/x.vcd")).unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        let d = std::env::temp_dir();
        let e = check_writable(&d).unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
    }
}
