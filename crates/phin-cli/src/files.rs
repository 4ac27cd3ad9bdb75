//! Writing output so that a reader never sees half of it (the project's rule for bad input and
//! failures: never a half-written output file): one file through a temporary name and a rename
//! ([`write_atomic`]), or a whole `--out` directory through a temporary sibling directory that is
//! renamed into place when everything in it is complete ([`OutDir`]).

use crate::args::UserError;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes the temporary names of several outputs in one process.
static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// The temporary sibling of `path` (`.<name>.tmp-<pid>-<n>` beside it), unique in this process;
/// the pid keeps concurrent processes apart.
fn tmp_sibling(path: &Path, name: &str) -> PathBuf {
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{seq}", std::process::id()))
}

/// Writes `bytes` to `path` through a temporary name and a rename, so a reader never sees a
/// half-written file; on error the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), UserError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = tmp_sibling(path, &name);
    let e = |err: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        UserError(format!("{}: {err}", path.display()))
    };
    std::fs::write(&tmp, bytes).map_err(e)?;
    std::fs::rename(&tmp, path).map_err(e)
}

/// An output directory (`--out DIR`) being written: files go into a temporary sibling
/// directory `.<dirname>.tmp-<pid>-<n>`, and [`commit`](OutDir::commit) moves them into `DIR`.
/// Dropped without a commit (an error, a panic, an interrupted run), it removes the temporary
/// directory and leaves `DIR` as it was.
pub struct OutDir {
    dir: PathBuf,
    tmp: PathBuf,
    /// Set once the files are in `dir`, so Drop leaves everything alone.
    done: bool,
}

impl OutDir {
    /// Checks `dir` (not an existing file, ends in a directory name, its parent exists) and
    /// creates the temporary directory beside it, which also proves the parent writable. Errors
    /// name `--out`.
    pub fn create(dir: &Path) -> Result<OutDir, UserError> {
        let shown = dir.display();
        if dir.is_file() {
            return Err(UserError(format!(
                "--out {shown}: is an existing file, not a directory"
            )));
        }
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            return Err(UserError(format!(
                "--out {shown}: must end in a directory name (UTF-8, not `..` or `/`)"
            )));
        };
        // A bare name ("out") has the empty path as parent: the current directory.
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(UserError(format!(
                "--out {shown}: parent directory {} does not exist",
                parent.display()
            )));
        }
        let tmp = tmp_sibling(&parent.join(name), name);
        // A leftover of a killed run that had the same pid: ours by name, and stale.
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir(&tmp)
            .map_err(|e| UserError(format!("--out {shown}: {}: {e}", tmp.display())))?;
        Ok(OutDir {
            dir: dir.to_path_buf(),
            tmp,
            done: false,
        })
    }

    /// The output directory the files will end up in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where to write file `name` now: inside the temporary directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// Moves `files` (written with [`file`](OutDir::file)) into the output directory, creating
    /// it if missing. A new directory arrives whole in one rename; in an existing one (maybe with
    /// other files, or a reader in it) each file is replaced by its own rename, so a reader sees
    /// either the old or the new file.
    pub fn commit(mut self, files: &[&str]) -> Result<(), UserError> {
        let shown = self.dir.display().to_string();
        if !self.dir.exists() && std::fs::rename(&self.tmp, &self.dir).is_ok() {
            self.done = true;
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| UserError(format!("--out {shown}: {e}")))?;
        for f in files {
            let to = self.dir.join(f);
            std::fs::rename(self.tmp.join(f), &to)
                .map_err(|e| UserError(format!("{}: {e}", to.display())))?;
        }
        self.done = true;
        let _ = std::fs::remove_dir_all(&self.tmp);
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.done {
            // Writers still open flush into unlinked files after this, which is harmless.
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}
