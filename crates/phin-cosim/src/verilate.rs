//! Verilating at run time: RTL directory + top + compared signals -> a loadable shared library.
//!
//! The build is cached in the cache directory ([`crate::cache`]) as `<top>-<hash>/`, keyed by a
//! hash of every RTL source and header (of the RTL directory and the include directories), the
//! top, the parameters and defines, the public-signal list, the flags, the shim and the output of
//! `verilator --version` and `g++ --version`. A file lock makes parallel tests share one build; a
//! build happens in a temporary directory that is renamed into place only when it succeeded, so a
//! failed build leaves nothing behind but its log.

use crate::error::CosimError;
use crate::rtl_sim::split_slice;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixed flags (docs/cosim.md), so both sides start from the same state.
pub const VERILATOR_FLAGS: &[&str] = &[
    "--cc",
    "--prefix",
    "Vdut",
    "--default-language",
    "1364-2005",
    "-O3",
    "--x-assign",
    "0",
    "--x-initial",
    "0",
    "-Wno-fatal",
];

const SHIM: &str = include_str!("cpp/shim.cpp");
const CXX_FLAGS: &[&str] = &["-fPIC", "-std=c++17", "-faligned-new", "-w"];

/// The environment variable that sets the optimisation level of the Verilated C++ (default
/// `-O2`). The test suite sets `-O1`: it compares values, which the level cannot change, and the
/// top compiles in half the time; speed figures (`phin bench`) are meant at the default, and
/// `phin bench` prints the level it ran with.
pub const CXX_OPT_ENV: &str = "PHIN_COSIM_CXX_OPT";

/// The levels [`CXX_OPT_ENV`] accepts.
const CXX_OPTS: [&str; 5] = ["-O0", "-O1", "-O2", "-O3", "-Os"];

/// The C++ optimisation level of Verilated builds: `$PHIN_COSIM_CXX_OPT`, else `-O2`.
pub fn cxx_opt() -> Result<&'static str, CosimError> {
    match std::env::var(CXX_OPT_ENV) {
        Err(std::env::VarError::NotPresent) => Ok("-O2"),
        Ok(v) if v.is_empty() => Ok("-O2"),
        Ok(v) => CXX_OPTS
            .iter()
            .find(|o| **o == v)
            .copied()
            .ok_or(CosimError::BadEnv {
                var: CXX_OPT_ENV,
                value: v,
                allowed: "-O0, -O1, -O2, -O3, -Os",
            }),
        Err(std::env::VarError::NotUnicode(v)) => Err(CosimError::BadEnv {
            var: CXX_OPT_ENV,
            value: v.to_string_lossy().into_owned(),
            allowed: "-O0, -O1, -O2, -O3, -Os",
        }),
    }
}

/// What to verilate.
#[derive(Clone, Debug, Default)]
pub struct BuildSpec {
    /// Directory of `.v` files (all are passed to Verilator; the top selects what is used).
    pub rtl_dir: PathBuf,
    /// Top module name.
    pub top: String,
    /// Parameter overrides (`-G<name>=<value>`).
    pub params: Vec<(String, String)>,
    /// Compared signals, hierarchical names relative to the top (`u_lfsr_f0.lfsr`).
    pub signals: Vec<String>,
    /// Input ports to be driven, besides `clk`, `rst` and `clk_en`.
    pub inputs: Vec<String>,
    /// The top has a `clk_en` port that the harness drives (false when the top owns its
    /// clock-enable generator).
    pub has_clk_en: bool,
    /// Preprocessor defines (`-D<name>[=<value>]`).
    pub defines: Vec<(String, Option<String>)>,
    /// Further directories searched for included files and for modules not in `rtl_dir`
    /// (`-I<dir>`; Verilator treats `-I` and `-y` alike, a module `m` is found as `m.v`).
    pub include_dirs: Vec<PathBuf>,
    /// Mark every variable of every module public (for listing a tree's registers); `signals`
    /// is then not needed for the `.vlt`.
    pub public_all: bool,
    /// The cache directory; `None`: [`crate::cache::cache_dir`]'s default.
    pub cache_dir: Option<PathBuf>,
}

/// A finished build.
#[derive(Clone, Debug)]
pub struct Built {
    /// The shared library.
    pub lib: PathBuf,
    /// The cache directory it lives in.
    pub dir: PathBuf,
    /// True when this call built it, false when it came from the cache.
    pub fresh: bool,
}

/// `verilator --version`, or [`CosimError::VerilatorMissing`].
pub fn verilator_version() -> Result<String, CosimError> {
    let out = Command::new("verilator")
        .arg("--version")
        .output()
        .map_err(|_| CosimError::VerilatorMissing)?;
    if !out.status.success() {
        return Err(CosimError::VerilatorMissing);
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The `.v` files of a directory, sorted, and the modules they define.
pub fn scan_rtl(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>), CosimError> {
    let rd = fs::read_dir(dir).map_err(|e| CosimError::RtlDir {
        dir: dir.to_path_buf(),
        why: format!("cannot read the directory ({e})"),
    })?;
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "v" || x == "sv"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CosimError::RtlDir {
            dir: dir.to_path_buf(),
            why: "no .v files in it".into(),
        });
    }
    let mut modules = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).map_err(|e| CosimError::io(f, e))?;
        for line in text.lines() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix("module") {
                if rest.starts_with(char::is_whitespace) {
                    let name: String = rest
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        modules.push(name);
                    }
                }
            }
        }
    }
    Ok((files, modules))
}

/// The files of a directory with one of these extensions, sorted.
fn files_with(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The `.vh`/`.svh` files of a directory, sorted.
fn include_files(dir: &Path) -> Vec<PathBuf> {
    files_with(dir, &["vh", "svh"])
}

/// The `-D` argument of a define.
pub fn define_arg(name: &str, value: Option<&str>) -> String {
    match value {
        Some(v) => format!("-D{name}={v}"),
        None => format!("-D{name}"),
    }
}

fn tool_version(tool: &str) -> String {
    Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default()
}

/// The `.vlt` that makes the compared signals readable and the inputs writable. A signal inside
/// an instance is marked in every module (`-module "*"`): the `.vlt` names modules, not
/// instances, and marking a variable public changes no behaviour.
fn vlt(spec: &BuildSpec) -> String {
    let mut s = String::from("`verilator_config\n");
    if spec.public_all {
        s += "public_flat_rd -module \"*\" -var \"*\"\n";
    }
    let clk_en = spec.has_clk_en.then_some("clk_en");
    let mut ins: Vec<&str> = clk_en
        .into_iter()
        .chain(spec.inputs.iter().map(|n| split_slice(n).0))
        .collect();
    ins.dedup();
    for name in ins {
        s += &format!("public_flat_rw -module \"{}\" -var \"{name}\"\n", spec.top);
    }
    let mut vars: Vec<(&str, &str)> = spec
        .signals
        .iter()
        .map(|sig| match split_slice(sig).0.rsplit_once('.') {
            Some((_, var)) => ("*", var),
            None => (spec.top.as_str(), split_slice(sig).0),
        })
        .collect();
    vars.sort();
    vars.dedup();
    for (module, var) in vars {
        s += &format!("public_flat_rd -module \"{module}\" -var \"{var}\"\n");
    }
    s
}

/// The first 8 bytes of a SHA-256, in hex: the key of a cache directory's name.
fn short_hex(h: Sha256) -> String {
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Verilates and compiles `spec`, or takes it from the cache.
pub fn build(spec: &BuildSpec) -> Result<Built, CosimError> {
    // An include directory that is the RTL directory itself adds nothing (its files are passed
    // already); dropping it lets `-I rtl` on phin's own tree share the build without it.
    let own = fs::canonicalize(&spec.rtl_dir).ok();
    let mut spec = spec.clone();
    spec.include_dirs
        .retain(|d| own.is_none() || fs::canonicalize(d).ok() != own);
    let spec = &spec;
    let vversion = verilator_version()?;
    let (files, modules) = scan_rtl(&spec.rtl_dir)?;
    if !modules.iter().any(|m| m == &spec.top) {
        return Err(CosimError::TopNotFound {
            top: spec.top.clone(),
            dir: spec.rtl_dir.clone(),
            found: modules,
        });
    }
    let vlt_text = vlt(spec);
    let mut h = Sha256::new();
    // Headers (`include`d .vh/.svh files) are not sources but change the build all the same.
    let mut hashed = files.clone();
    hashed.extend(include_files(&spec.rtl_dir));
    for f in &hashed {
        h.update(f.file_name().unwrap_or_default().as_encoded_bytes());
        h.update(fs::read(f).map_err(|e| CosimError::io(f, e))?);
    }
    // Include directories hold modules and headers the build may read; their order matters.
    for (k, d) in spec.include_dirs.iter().enumerate() {
        h.update(format!("-I#{k}").as_bytes());
        for f in files_with(d, &["v", "sv", "vh", "svh"]) {
            h.update(f.file_name().unwrap_or_default().as_encoded_bytes());
            h.update(fs::read(&f).map_err(|e| CosimError::io(&f, e))?);
        }
    }
    h.update(spec.top.as_bytes());
    for (k, v) in &spec.params {
        h.update(format!("-G{k}={v}").as_bytes());
    }
    for (k, v) in &spec.defines {
        h.update(define_arg(k, v.as_deref()).as_bytes());
    }
    h.update(vlt_text.as_bytes());
    h.update(VERILATOR_FLAGS.join(" ").as_bytes());
    let opt = cxx_opt()?;
    h.update(CXX_FLAGS.join(" ").as_bytes());
    h.update(opt.as_bytes());
    h.update(SHIM.as_bytes());
    h.update(vversion.as_bytes());
    h.update(tool_version("g++").as_bytes());
    let hash = short_hex(h);

    let root = crate::cache::cache_dir(spec.cache_dir.as_deref())?;
    let name = format!("{}-{hash}", spec.top);
    // The run-time library first (when the model is not cached yet), so that at most one
    // temporary build directory exists at a time.
    let runtime = if root.join(&name).join("libphin_dut.so").exists() {
        Vec::new()
    } else {
        runtime_objects(&root, opt, &vversion)?
    };
    let (dir, fresh) = cached(&root, &name, "libphin_dut.so", |tmp| {
        build_in(tmp, spec, &files, &vlt_text, opt, &runtime)
    })?;
    Ok(Built {
        lib: dir.join("libphin_dut.so"),
        dir,
        fresh,
    })
}

/// A directory `root/name` holding `product`, filled by the closure `make` in a temporary
/// directory that is renamed into place only when it succeeded, under a file lock so parallel
/// callers share one build. Returns the directory and whether this call built it. A failed build
/// leaves only its log, as `root/name.failed.log`.
fn cached(
    root: &Path,
    name: &str,
    product: &str,
    make: impl FnOnce(&Path) -> Result<(), CosimError>,
) -> Result<(PathBuf, bool), CosimError> {
    fs::create_dir_all(root).map_err(|e| CosimError::io(root, e))?;
    let dir = root.join(name);
    if dir.join(product).exists() {
        return Ok((dir, false));
    }
    let lock_path = root.join(format!("{name}.lock"));
    let lock = fs::File::create(&lock_path).map_err(|e| CosimError::io(&lock_path, e))?;
    lock.lock().map_err(|e| CosimError::io(&lock_path, e))?;
    if dir.join(product).exists() {
        return Ok((dir, false));
    }
    // Any other temporary build of this name belongs to a builder that died (SIGKILL, a power
    // cut): a live one would hold the lock we now hold.
    let stale = format!(".{name}.phin-tmp-");
    if let Ok(entries) = fs::read_dir(root) {
        for e in entries.filter_map(|e| e.ok()) {
            if e.file_name().to_string_lossy().starts_with(&stale) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    let tmp = crate::tmp_name(&dir);
    fs::create_dir_all(&tmp).map_err(|e| CosimError::io(&tmp, e))?;
    match make(&tmp) {
        Ok(()) => {
            fs::rename(&tmp, &dir).map_err(|e| CosimError::io(&dir, e))?;
            Ok((dir, true))
        }
        Err(CosimError::Build {
            step,
            log,
            first_error,
        }) if log.starts_with(&tmp) => {
            // Keep only the log, next to the cache, so a failed build leaves no partial directory.
            let kept = root.join(format!("{name}.failed.log"));
            let _ = fs::copy(&log, &kept);
            let _ = fs::remove_dir_all(&tmp);
            Err(CosimError::Build {
                step,
                log: kept,
                first_error,
            })
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// Verilator's run-time library (`verilated.cpp`, `verilated_threads.cpp`), compiled once per
/// Verilator, g++ and optimisation level into `root/verilated-runtime-<hash>/` and linked into
/// every model. It is the same code for every model (no model header is read, no define is
/// set), and it was about half the CPU of a small model's build (5.7 s of g++ at -O1, measured).
fn runtime_objects(root: &Path, opt: &str, vversion: &str) -> Result<Vec<PathBuf>, CosimError> {
    let include = verilator_root().join("include");
    let sources = [
        include.join("verilated.cpp"),
        include.join("verilated_threads.cpp"),
    ];
    let mut h = Sha256::new();
    h.update(b"verilated-runtime");
    h.update(vversion.as_bytes());
    h.update(tool_version("g++").as_bytes());
    h.update(CXX_FLAGS.join(" ").as_bytes());
    h.update(opt.as_bytes());
    h.update(include.as_os_str().as_encoded_bytes());
    let hash = short_hex(h);
    let objects = |dir: &Path| -> Vec<PathBuf> {
        sources
            .iter()
            .map(|s| {
                dir.join(format!(
                    "{}.o",
                    s.file_stem().unwrap_or_default().to_string_lossy()
                ))
            })
            .collect()
    };
    let (dir, _) = cached(root, &format!("verilated-runtime-{hash}"), "done", |tmp| {
        let log = tmp.join("build.log");
        compile_all(&sources, &objects(tmp), &[opt; 2], &[&include], &log)?;
        fs::write(tmp.join("done"), b"").map_err(|e| CosimError::io(tmp, e))
    })?;
    Ok(objects(&dir))
}

/// Compiles `sources[k]` to `objects[k]` at `opts[k]` on all cores (`-I` each of `includes`,
/// then Verilator's include directories).
fn compile_all(
    sources: &[PathBuf],
    objects: &[PathBuf],
    opts: &[&str],
    includes: &[&Path],
    log: &Path,
) -> Result<(), CosimError> {
    let include = verilator_root().join("include");
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failure = std::sync::Mutex::new(None::<CosimError>);
    std::thread::scope(|sc| {
        for _ in 0..jobs {
            sc.spawn(|| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if k >= sources.len() || failure.lock().map(|f| f.is_some()).unwrap_or(true) {
                    break;
                }
                let mut c = Command::new("g++");
                c.arg(opts[k]).args(CXX_FLAGS);
                for d in includes {
                    c.arg(format!("-I{}", d.display()));
                }
                c.arg(format!("-I{}", include.display()))
                    .arg(format!("-I{}", include.join("vltstd").display()))
                    .arg("-c")
                    .arg(&sources[k])
                    .arg("-o")
                    .arg(&objects[k]);
                if let Err(e) = run_logged(c, "g++", log) {
                    if let Ok(mut f) = failure.lock() {
                        f.get_or_insert(e);
                    }
                }
            });
        }
    });
    match failure.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn run_logged(mut cmd: Command, step: &str, log: &Path) -> Result<(), CosimError> {
    let out = cmd.output().map_err(|e| CosimError::Build {
        step: step.into(),
        log: log.to_path_buf(),
        first_error: format!("cannot start: {e}"),
    })?;
    let mut text = String::from_utf8_lossy(&out.stdout).to_string();
    text += &String::from_utf8_lossy(&out.stderr);
    let _ = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    if out.status.success() {
        Ok(())
    } else {
        let first = text
            .lines()
            .find(|l| l.contains("%Error") || l.contains("error"))
            .unwrap_or_else(|| text.lines().next().unwrap_or("no output"))
            .trim()
            .to_string();
        Err(CosimError::Build {
            step: step.into(),
            log: log.to_path_buf(),
            first_error: first,
        })
    }
}

fn verilator_root() -> PathBuf {
    let out = Command::new("verilator")
        .arg("--getenv")
        .arg("VERILATOR_ROOT")
        .output();
    match out {
        Ok(o) if o.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&o.stdout).trim().to_string())
        }
        _ => PathBuf::from("/usr/share/verilator"),
    }
}

fn build_in(
    tmp: &Path,
    spec: &BuildSpec,
    files: &[PathBuf],
    vlt_text: &str,
    opt: &str,
    runtime: &[PathBuf],
) -> Result<(), CosimError> {
    let obj = tmp.join("obj");
    fs::create_dir_all(&obj).map_err(|e| CosimError::io(&obj, e))?;
    let log = tmp.join("build.log");
    let vlt_path = tmp.join("public.vlt");
    fs::write(&vlt_path, vlt_text).map_err(|e| CosimError::io(&vlt_path, e))?;
    let shim_path = tmp.join("shim.cpp");
    fs::write(&shim_path, SHIM).map_err(|e| CosimError::io(&shim_path, e))?;

    let mut v = Command::new("verilator");
    v.args(VERILATOR_FLAGS)
        .arg("--Mdir")
        .arg(&obj)
        .arg("--top-module")
        .arg(&spec.top)
        .arg(format!("-I{}", spec.rtl_dir.display()));
    for d in &spec.include_dirs {
        v.arg(format!("-I{}", d.display()));
    }
    for (k, val) in &spec.params {
        v.arg(format!("-G{k}={val}"));
    }
    for (k, val) in &spec.defines {
        v.arg(define_arg(k, val.as_deref()));
    }
    v.args(files).arg(&vlt_path);
    run_logged(v, "verilator", &log)?;

    // The model's translation units, compiled as a few unity files (a translation unit that
    // `#include`s several), as Verilator's own makefile does for small designs: every generated
    // file parses the Verilator headers again, which was most of a small module's build (6.3 s
    // of g++ for config_controller's nine files, 1.05 s as one; the top: 43.8 s, 21.3 s as
    // below). The code that runs once (Verilator's `__Slow` files and the symbol table, its
    // OPT_SLOW set) is one unit at -O0; the rest and the shim are split by size over the other
    // cores at `opt`. The run-time library comes compiled (`runtime`); then one link.
    let mut generated: Vec<(PathBuf, u64)> = fs::read_dir(&obj)
        .map_err(|e| CosimError::io(&obj, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cpp"))
        .map(|p| {
            let len = fs::metadata(&p).map_or(0, |m| m.len());
            (p, len)
        })
        .collect();
    generated.sort();
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let is_slow = |p: &Path| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        name.contains("__Slow") || name.ends_with("__Syms.cpp")
    };
    let (slow, mut fast): (Vec<_>, Vec<_>) = generated.into_iter().partition(|(p, _)| is_slow(p));
    fast.push((shim_path, 0));
    // Largest first, each to the lightest group.
    fast.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut groups: Vec<(Vec<PathBuf>, u64)> = vec![(Vec::new(), 0); jobs.saturating_sub(1).max(1)];
    for (p, len) in fast {
        if let Some(g) = groups.iter_mut().min_by_key(|g| g.1) {
            g.0.push(p);
            g.1 += len;
        }
    }
    let mut units: Vec<(Vec<PathBuf>, &str)> = groups
        .into_iter()
        .filter(|g| !g.0.is_empty())
        .map(|g| (g.0, opt))
        .collect();
    if !slow.is_empty() {
        units.push((slow.into_iter().map(|(p, _)| p).collect(), "-O0"));
    }
    let mut sources = Vec::new();
    let mut objects = Vec::new();
    let mut opts = Vec::new();
    for (k, (files, level)) in units.iter().enumerate() {
        let unit = obj.join(format!("phin_unit_{k}.cpp"));
        // Named relative to the unit, which lives in `obj` beside the generated files (the shim
        // one level up), so no path of the user's cache directory is ever quoted.
        let text: String = files
            .iter()
            .map(|f| {
                let name = f.file_name().unwrap_or_default().to_string_lossy();
                if f.parent() == Some(obj.as_path()) {
                    format!("#include \"{name}\"\n")
                } else {
                    format!("#include \"../{name}\"\n")
                }
            })
            .collect();
        fs::write(&unit, text).map_err(|e| CosimError::io(&unit, e))?;
        sources.push(unit);
        objects.push(obj.join(format!("phin_unit_{k}.o")));
        opts.push(*level);
    }
    compile_all(&sources, &objects, &opts, &[&obj], &log)?;
    let mut link = Command::new("g++");
    link.arg("-shared")
        .arg("-o")
        .arg(tmp.join("libphin_dut.so"))
        .args(&objects)
        .args(runtime)
        .arg("-pthread")
        .arg("-latomic");
    run_logged(link, "g++ (link)", &log)
}

/// The output ports of module `top` as declared in the `.v` files of `dir`, in declaration
/// order (read by [`crate::header`]).
pub fn output_ports(dir: &Path, top: &str) -> Result<Vec<String>, CosimError> {
    let tree = crate::header::Tree::read_dirs(dir, &[], &[])?;
    match tree.modules.get(top) {
        Some(m) => Ok(m
            .ports
            .iter()
            .filter(|p| p.dir == crate::header::Dir::Output)
            .map(|p| p.name.clone())
            .collect()),
        None => Err(CosimError::TopNotFound {
            top: top.to_string(),
            dir: dir.to_path_buf(),
            found: scan_rtl(dir)?.1,
        }),
    }
}
