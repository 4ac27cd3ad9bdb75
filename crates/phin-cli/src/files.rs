//! Writing output so that a reader never sees half of it (the project's rule for bad input and
//! failures: never a half-written output file): one file through a temporary name and a rename
//! ([`write_atomic`]), or a whole `--out` directory through a temporary sibling directory that
//! replaces the directory in one rename when everything in it is complete ([`OutDir`]).
//!
//! Temporaries are named `.<name>.phin-tmp-<pid>-<n>` and hold an advisory lock (`flock`) for
//! as long as their process lives. A signal removes them ([`crate::interrupt`]); SIGKILL cannot,
//! so the next `--out` in the same folder, and `phin clean`, remove every temporary whose lock is
//! free and whose process is gone ([`sweep_stale`]). A live run's temporary is never touched.

use crate::args::UserError;
use crate::interrupt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes the temporary names of several outputs in one process.
static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// The marker in every temporary name phin makes.
const TMP_MARK: &str = ".phin-tmp-";

/// The files phin's commands write into an `--out` directory (and `.npy` columns): a directory
/// holding only these is another phin run's output, which `--force` may replace as a whole.
pub const PHIN_OUTPUT_FILES: [&str; 29] = [
    "trace.csv",
    "trace.columns.json",
    "waves.vcd",
    "dac.wav",
    "spectrum.png",
    "oscillators.png",
    "timeline.png",
    "summary.json",
    "run.toml",
    "observables.json",
    "plv.png",
    "report.json",
    "sync.png",
    "phase.png",
    "flows.png",
    "arnold.json",
    "arnold.png",
    "trials.tsv",
    "learning.png",
    "nt.png",
    "workspace.png",
    "body.png",
    "indices.json",
    "indices.png",
    "sweep.csv",
    "sweep.arrow",
    "sweep.json",
    "sweep.toml",
    "sweep.sbatch",
];

/// The temporary sibling of `path` (`.<name>.phin-tmp-<pid>-<n>` beside it), unique in this
/// process; the pid keeps concurrent processes apart.
fn tmp_sibling(path: &Path, name: &str) -> PathBuf {
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}{TMP_MARK}{}-{seq}", std::process::id()))
}

/// The pid in a temporary's name, if the name is one of phin's.
fn tmp_pid(name: &str) -> Option<u32> {
    let rest = &name[name.find(TMP_MARK)? + TMP_MARK.len()..];
    let (pid, seq) = rest.split_once('-')?;
    seq.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` exists (signal 0 only checks; EPERM means it exists but is not ours).
fn pid_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill with signal 0 sends nothing; it only reports whether the pid exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Opens `path` (a file or a directory) and takes its exclusive advisory lock without waiting:
/// `Some(file)` while held, `None` when another open file holds it.
fn try_lock(path: &Path) -> Option<File> {
    let f = File::open(path).ok()?;
    f.try_lock().ok()?;
    Some(f)
}

/// Removes a file or a directory tree.
fn remove_any(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Total size in bytes of a file or a directory tree.
fn size_of(path: &Path) -> u64 {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| size_of(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

/// A temporary left behind by a killed run and removed.
#[derive(Debug)]
pub struct Removed {
    /// Its path.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Removes the temporaries in `dir` that phin left when it was killed: named
/// `.<name>.phin-tmp-<pid>-<n>`, with their lock free (the process that held it is gone, so the
/// kernel released it) and their pid no longer alive. Both tests must agree, so a temporary that
/// is being created (not yet locked) or written is never touched.
pub fn sweep_stale(dir: &Path) -> Vec<Removed> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(tmp_pid) else {
            continue;
        };
        let path = e.path();
        if pid_alive(pid) {
            continue;
        }
        // Held until the removal is done, so two cleaners never race on one temporary.
        let Some(_lock) = try_lock(&path) else {
            continue;
        };
        let bytes = size_of(&path);
        if remove_any(&path).is_ok() {
            removed.push(Removed { path, bytes });
        }
    }
    removed
}

/// Sweeps `dir` and reports each removal on stderr in one line.
fn sweep_and_report(dir: &Path) {
    for r in sweep_stale(dir) {
        eprintln!(
            "phin: removed {} ({}) left by a killed run",
            r.path.display(),
            human_bytes(r.bytes)
        );
    }
}

/// `n` bytes as a short human figure (`1.4 MB`), decimal units.
pub fn human_bytes(n: u64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB"];
    let mut v = n as f64;
    let mut k = 0;
    while v >= 1000.0 && k + 1 < units.len() {
        v /= 1000.0;
        k += 1;
    }
    if k == 0 {
        format!("{n} bytes")
    } else {
        format!("{v:.1} {}", units[k])
    }
}

/// Writes `bytes` to `path` through a locked temporary name and a rename, so a reader never sees
/// a half-written file; on error (or a signal) the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), UserError> {
    use std::io::Write;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = tmp_sibling(path, &name);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        sweep_and_report(parent);
    }
    let e = |err: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        interrupt::unregister(&tmp);
        UserError(format!("{}: {err}", path.display()))
    };
    interrupt::register(tmp.clone());
    let mut f = File::create(&tmp).map_err(e)?;
    // The lock marks the temporary as live until the rename (see sweep_stale).
    let _ = f.try_lock();
    f.write_all(bytes).map_err(e)?;
    std::fs::rename(&tmp, path).map_err(e)?;
    interrupt::unregister(&tmp);
    Ok(())
}

/// An output directory (`--out DIR`) being written: files go into a locked temporary sibling
/// directory `.<dirname>.phin-tmp-<pid>-<n>`, and [`commit`](OutDir::commit) puts it in place
/// of `DIR` in one rename. Dropped without a commit (an error, a panic, a signal), it removes
/// the temporary directory and leaves `DIR` as it was.
pub struct OutDir {
    dir: PathBuf,
    tmp: PathBuf,
    /// The temporary directory, open and locked while this lives.
    _lock: Option<File>,
    /// Set once the files are in `dir`, so Drop leaves everything alone.
    done: bool,
}

/// Why a directory cannot take a run's output: `None` if it is missing or empty.
fn occupied(dir: &Path) -> Result<Option<Vec<String>>, UserError> {
    let shown = dir.display();
    if !dir.exists() {
        return Ok(None);
    }
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| UserError(format!("--out {shown}: {e}")))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    Ok((!names.is_empty()).then_some(names))
}

/// Whether `name` is a file a phin command writes into an `--out` directory.
fn is_phin_output(name: &str) -> bool {
    PHIN_OUTPUT_FILES.contains(&name) || name.ends_with(".npy")
}

impl OutDir {
    /// Checks `dir` (not an existing file, ends in a directory name, its parent exists and is
    /// writable, and it is missing, empty or, with `force`, holds only another phin run's
    /// files), removes temporaries of killed runs beside it, and creates the temporary directory.
    /// Errors name `--out`; nothing is left behind by an error.
    pub fn create(dir: &Path, force: bool) -> Result<OutDir, UserError> {
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
        let parent = parent_of(dir);
        if !parent.is_dir() {
            return Err(UserError(format!(
                "--out {shown}: parent directory {} does not exist",
                parent.display()
            )));
        }
        if let Some(names) = occupied(dir)? {
            let foreign: Vec<&String> = names.iter().filter(|n| !is_phin_output(n)).collect();
            if !force {
                let mut list: Vec<&str> = names.iter().map(String::as_str).collect();
                list.sort_unstable();
                list.truncate(4);
                return Err(UserError(format!(
                    "--out {shown}: already holds files ({}{}); add --force to replace them as a \
                     whole, or choose another directory",
                    list.join(", "),
                    if names.len() > 4 { ", …" } else { "" }
                )));
            }
            if let Some(f) = foreign.first() {
                return Err(UserError(format!(
                    "--out {shown}: holds {f}, which no phin command writes; --force replaces \
                     only a phin run's output (move it, or choose another directory)"
                )));
            }
        }
        sweep_and_report(&parent);
        let tmp = tmp_sibling(&parent.join(name), name);
        interrupt::register(tmp.clone());
        if let Err(e) = std::fs::create_dir(&tmp) {
            interrupt::unregister(&tmp);
            return Err(UserError(format!("--out {shown}: {}: {e}", tmp.display())));
        }
        let lock = try_lock(&tmp);
        Ok(OutDir {
            dir: dir.to_path_buf(),
            tmp,
            _lock: lock,
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

    /// Writes `value` as pretty JSON with a final newline into file `name` of the temporary
    /// directory; an I/O error names the file.
    pub fn write_json<T: serde::Serialize>(&self, name: &str, value: &T) -> Result<(), UserError> {
        let mut json =
            serde_json::to_vec_pretty(value).map_err(|e| UserError(format!("{name}: {e}")))?;
        json.push(b'\n');
        let path = self.file(name);
        std::fs::write(&path, json).map_err(|e| UserError(format!("{}: {e}", path.display())))
    }

    /// Puts the temporary directory in place of the output directory, whole: a missing or empty
    /// directory is replaced by one rename; one that holds another run's files (allowed by
    /// `--force`) is exchanged with it atomically (`renameat2(RENAME_EXCHANGE)`; where the file
    /// system cannot, by two renames) and the old set is removed. A reader sees the old set or
    /// the new one, never a mix. `files` are the names written, checked to exist.
    pub fn commit(mut self, files: &[&str]) -> Result<(), UserError> {
        interrupt::check()?;
        let shown = self.dir.display().to_string();
        for f in files {
            if !self.tmp.join(f).exists() {
                return Err(UserError(format!("--out {shown}: {f} was not written")));
            }
        }
        // rename(2) replaces an empty directory.
        if occupied(&self.dir)?.is_none() {
            std::fs::rename(&self.tmp, &self.dir)
                .map_err(|e| UserError(format!("--out {shown}: {e}")))?;
        } else {
            exchange(&self.tmp, &self.dir).map_err(|e| UserError(format!("--out {shown}: {e}")))?;
            // The temporary name now holds the old set.
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        interrupt::unregister(&self.tmp);
        self.done = true;
        Ok(())
    }
}

/// The directory `dir` lives in (a bare name's is the current directory).
pub fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Swaps two directories atomically where the kernel and file system can; else moves `dir`
/// aside and `new` into place (a reader may then find `dir` missing for an instant, but never
/// a mix), leaving the old set at `new`'s name.
fn exchange(new: &Path, dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        let (a, b) = (c(new)?, c(dir)?);
        // SAFETY: two NUL-terminated paths, relative to the current directory.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if !matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(err);
        }
    }
    let aside = tmp_sibling(dir, &dir.file_name().unwrap_or_default().to_string_lossy());
    interrupt::register(aside.clone());
    std::fs::rename(dir, &aside)?;
    if let Err(e) = std::fs::rename(new, dir) {
        let _ = std::fs::rename(&aside, dir);
        interrupt::unregister(&aside);
        return Err(e);
    }
    std::fs::rename(&aside, new)?;
    interrupt::unregister(&aside);
    Ok(())
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.done {
            // Writers still open flush into unlinked files after this, which is harmless.
            let _ = std::fs::remove_dir_all(&self.tmp);
            interrupt::unregister(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(test: &str) -> PathBuf {
        let d = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/test-out/files")
            .join(test);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn temporary_names_carry_the_pid() {
        let t = tmp_sibling(Path::new("a/out"), "out");
        let n = t.file_name().unwrap().to_str().unwrap();
        assert_eq!(tmp_pid(n), Some(std::process::id()));
        assert_eq!(tmp_pid(".out.phin-tmp-12-x"), None);
        assert_eq!(tmp_pid("out.tmp-12-0"), None);
    }

    #[test]
    fn stale_temporaries_go_and_live_ones_stay() {
        let d = scratch("stale");
        // A dead pid (beyond pid_max) with no lock: stale.
        let dead = d.join(".out.phin-tmp-2147483000-0");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("trace.csv"), "x").unwrap();
        let dead_file = d.join(".summary.json.phin-tmp-2147483001-3");
        std::fs::write(&dead_file, "x").unwrap();
        let removed = sweep_stale(&d);
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(!dead.exists() && !dead_file.exists());
        // Our own live directory, locked and of a live pid: kept.
        let live = OutDir::create(&d.join("out"), false).unwrap();
        assert!(sweep_stale(&d).is_empty());
        assert!(live.tmp.exists());
        drop(live);
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0);
    }

    #[test]
    fn an_occupied_directory_needs_force_and_then_is_replaced_whole() {
        let d = scratch("occupied");
        let out = d.join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("trace.csv"), "old").unwrap();
        std::fs::write(out.join("dac.wav"), "old").unwrap();
        let e = OutDir::create(&out, false).err().unwrap().0;
        assert!(
            e.contains("already holds files") && e.contains("--force"),
            "{e}"
        );
        let o = OutDir::create(&out, true).unwrap();
        std::fs::write(o.file("trace.csv"), "new").unwrap();
        o.commit(&["trace.csv"]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("trace.csv")).unwrap(),
            "new"
        );
        assert!(!out.join("dac.wav").exists(), "the old set went as a whole");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "no temporaries");
        // A file phin did not write is never replaced.
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = OutDir::create(&out, true).err().unwrap().0;
        assert!(
            e.contains("notes.txt") && e.contains("no phin command"),
            "{e}"
        );
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(1_350_000), "1.4 MB");
        assert_eq!(human_bytes(4_900_000_000), "4.9 GB");
    }
}
