//! One Verilated model behind the shim's C ABI. Not `Send`: construct and step it on one thread.

use crate::error::CosimError;
use libloading::{Library, Symbol};
use std::ffi::{c_char, c_int, c_void, CString};
use std::marker::PhantomData;
use std::path::Path;

type NewFn = unsafe extern "C" fn(
    *const c_char,
    *const *const c_char,
    *const *const c_char,
    *const c_int,
    *const c_int,
    c_int,
    *const *const c_char,
    *const c_int,
    *const c_int,
    c_int,
    c_int,
    *mut c_char,
    c_int,
) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type WidthFn = unsafe extern "C" fn(*mut c_void, c_int) -> c_int;
type ResetFn = unsafe extern "C" fn(*mut c_void, c_int);
type StepFn = unsafe extern "C" fn(*mut c_void, *const u64, *mut u64, c_int);
type SampleFn = unsafe extern "C" fn(*mut c_void, *mut u64);
type RunFn = unsafe extern "C" fn(*mut c_void, *const u64, u64, u64, c_int);
type ListFn = unsafe extern "C" fn(*mut c_void, *mut c_char, c_int) -> c_int;

/// Splits a signal or port name `base[hi:lo]` (a slice of a vector wider than 64 bits) into the
/// base name and `lo`; a name without a slice is returned whole with `None`.
pub fn split_slice(name: &str) -> (&str, Option<u32>) {
    if let Some(open) = name.strip_suffix(']').and_then(|n| n.rfind('[')) {
        let range = &name[open + 1..name.len() - 1];
        if let Some((_, lo)) = range.split_once(':') {
            if let Ok(lo) = lo.trim().parse::<u32>() {
                return (&name[..open], Some(lo));
            }
        }
    }
    (name, None)
}

/// A Verilated RTL model loaded from a library built by [`crate::verilate::build`].
pub struct RtlSim {
    handle: *mut c_void,
    step: StepFn,
    sample: SampleFn,
    run: RunFn,
    reset: ResetFn,
    free: FreeFn,
    in_words: usize,
    snap_words: usize,
    // Stimulus columns this RTL is driven from, when it does not take every column (an input
    // that is ignored and absent here); `scratch` holds the gathered row.
    in_map: Option<Vec<usize>>,
    scratch: Vec<u64>,
    cycles_per_tick: c_int,
    lead_cycles: c_int,
    // Keeps the code of the function pointers above mapped.
    _lib: Library,
    // Verilated models are not thread-safe: keep this type !Send and !Sync.
    _not_send: PhantomData<*mut ()>,
}

fn sym<T: Copy>(lib: &Library, path: &Path, name: &[u8]) -> Result<T, CosimError> {
    // SAFETY: the symbol types above match the extern "C" definitions in cpp/shim.cpp.
    unsafe {
        let s: Symbol<T> = lib.get(name).map_err(|err| CosimError::MissingSymbol {
            path: path.to_path_buf(),
            symbol: String::from_utf8_lossy(name.strip_suffix(b"\0").unwrap_or(name)).into(),
            err,
        })?;
        Ok(*s)
    }
}

/// One variable of a Verilated model's public scope table (see [`RtlSim::public_vars`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicVar {
    /// Hierarchical name relative to the top (`u_lfsr_f0.lfsr`; a port of the top is its name).
    pub name: String,
    /// Packed width in bits.
    pub width: u32,
    /// True for an unpacked array (not comparable as one word).
    pub array: bool,
}

fn open(lib: &Path) -> Result<Library, CosimError> {
    // SAFETY: the library is one we built from cpp/shim.cpp; loading runs Verilator's static
    // constructors only.
    unsafe { Library::new(lib) }.map_err(|err| CosimError::Library {
        path: lib.to_path_buf(),
        err,
    })
}

impl RtlSim {
    /// Loads `lib` and creates one model of `top`, looking up every compared signal (hierarchical
    /// names relative to the top, with their expected widths) and every input port.
    pub fn load(
        lib: &Path,
        top: &str,
        signals: &[(String, u32)],
        inputs: &[(String, u32)],
        has_clk_en: bool,
        cycles_per_tick: u32,
    ) -> Result<RtlSim, CosimError> {
        let library = open(lib)?;
        let new: NewFn = sym(&library, lib, b"phin_new\0")?;
        let free: FreeFn = sym(&library, lib, b"phin_free\0")?;
        let sig_width: WidthFn = sym(&library, lib, b"phin_sig_width\0")?;
        let in_width: WidthFn = sym(&library, lib, b"phin_in_width\0")?;
        let cstr = |s: &str| {
            CString::new(s).map_err(|_| CosimError::MissingSignal {
                top: top.to_string(),
                why: format!("{s:?} is not a signal name"),
            })
        };
        let top_c = cstr(top)?;
        let mut scopes = Vec::new();
        let mut vars = Vec::new();
        let (mut sig_lsb, mut sig_w) = (Vec::new(), Vec::new());
        for (name, w) in signals {
            let (base, lsb) = split_slice(name);
            let (scope, var) = base.rsplit_once('.').unwrap_or(("", base));
            scopes.push(cstr(scope)?);
            vars.push(cstr(var)?);
            sig_lsb.push(lsb.map_or(-1, |l| l as c_int));
            sig_w.push(*w as c_int);
        }
        let mut ins = Vec::new();
        let (mut in_lsb, mut in_w) = (Vec::new(), Vec::new());
        for (name, w) in inputs {
            let (base, lsb) = split_slice(name);
            ins.push(cstr(base)?);
            in_lsb.push(lsb.map_or(-1, |l| l as c_int));
            in_w.push(*w as c_int);
        }
        let scope_p: Vec<*const c_char> = scopes.iter().map(|c| c.as_ptr()).collect();
        let var_p: Vec<*const c_char> = vars.iter().map(|c| c.as_ptr()).collect();
        let in_p: Vec<*const c_char> = ins.iter().map(|c| c.as_ptr()).collect();
        let mut err = vec![0 as c_char; 512];
        // SAFETY: all pointers are valid for the duration of the call; counts match the arrays.
        let handle = unsafe {
            new(
                top_c.as_ptr(),
                scope_p.as_ptr(),
                var_p.as_ptr(),
                sig_lsb.as_ptr(),
                sig_w.as_ptr(),
                signals.len() as c_int,
                in_p.as_ptr(),
                in_lsb.as_ptr(),
                in_w.as_ptr(),
                ins.len() as c_int,
                c_int::from(has_clk_en),
                err.as_mut_ptr(),
                err.len() as c_int,
            )
        };
        if handle.is_null() {
            let msg: String = err
                .iter()
                .take_while(|c| **c != 0)
                .map(|c| *c as u8 as char)
                .collect();
            return Err(CosimError::MissingSignal {
                top: top.to_string(),
                why: msg,
            });
        }
        let sim = RtlSim {
            handle,
            step: sym(&library, lib, b"phin_step\0")?,
            sample: sym(&library, lib, b"phin_sample\0")?,
            run: sym(&library, lib, b"phin_run\0")?,
            reset: sym(&library, lib, b"phin_reset\0")?,
            free,
            in_words: inputs.len(),
            snap_words: signals.len(),
            in_map: None,
            scratch: Vec::new(),
            cycles_per_tick: cycles_per_tick as c_int,
            lead_cycles: 0,
            _lib: library,
            _not_send: PhantomData,
        };
        for (k, (name, w)) in signals.iter().enumerate() {
            // SAFETY: k < number of signals registered in phin_new.
            let rw = unsafe { sig_width(sim.handle, k as c_int) } as u32;
            if rw != *w {
                return Err(CosimError::WidthMismatch {
                    signal: name.clone(),
                    model: *w,
                    rtl: rw,
                });
            }
            if rw > 64 {
                return Err(CosimError::TooWide {
                    signal: name.clone(),
                    width: rw,
                });
            }
        }
        for (k, (name, w)) in inputs.iter().enumerate() {
            // SAFETY: k < number of inputs registered in phin_new.
            let rw = unsafe { in_width(sim.handle, k as c_int) } as u32;
            if rw != *w {
                return Err(CosimError::WidthMismatch {
                    signal: name.clone(),
                    model: *w,
                    rtl: rw,
                });
            }
        }
        Ok(sim)
    }

    /// Drives this RTL from the stimulus columns `columns` only (one per input it was loaded
    /// with, in order): for a stimulus row that also feeds inputs this RTL does not have.
    pub fn set_input_columns(&mut self, columns: Vec<usize>) {
        assert_eq!(columns.len(), self.in_words, "one column per input");
        self.scratch = vec![0; self.in_words.max(1)];
        self.in_map = Some(columns);
    }

    /// Every public variable of a Verilated model of `top` in `lib` (built with a `.vlt` that
    /// marks them `public_flat_rd`), parameters left out, names relative to the top.
    pub fn public_vars(lib: &Path, top: &str) -> Result<Vec<PublicVar>, CosimError> {
        let library = open(lib)?;
        let new: NewFn = sym(&library, lib, b"phin_new\0")?;
        let free: FreeFn = sym(&library, lib, b"phin_free\0")?;
        let list: ListFn = sym(&library, lib, b"phin_list\0")?;
        let top_c = CString::new(top).map_err(|_| CosimError::MissingSignal {
            top: top.to_string(),
            why: "the top's name holds a NUL".into(),
        })?;
        let mut err = vec![0 as c_char; 512];
        // SAFETY: no signals and no inputs (null arrays with count 0); err is valid.
        let handle = unsafe {
            new(
                top_c.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                0,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                0,
                0,
                err.as_mut_ptr(),
                err.len() as c_int,
            )
        };
        if handle.is_null() {
            return Err(CosimError::MissingSignal {
                top: top.to_string(),
                why: "the model could not be created".into(),
            });
        }
        // SAFETY: a null buffer of length 0 only asks for the length.
        let need = unsafe { list(handle, std::ptr::null_mut(), 0) };
        let mut buf = vec![0 as c_char; need.max(0) as usize + 1];
        // SAFETY: buf holds need + 1 bytes.
        unsafe { list(handle, buf.as_mut_ptr(), buf.len() as c_int) };
        // SAFETY: handle came from phin_new and is freed once.
        unsafe { free(handle) };
        let text: Vec<u8> = buf
            .iter()
            .take_while(|c| **c != 0)
            .map(|c| *c as u8)
            .collect();
        let prefix = format!("TOP.{top}");
        let mut vars = Vec::new();
        for line in String::from_utf8_lossy(&text).lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 {
                continue;
            }
            let (scope, var) = (f[0], f[1]);
            // The port shell ("TOP") repeats the top's ports; the top's own scope has them too.
            let rel = match scope.strip_prefix(&prefix) {
                Some("") => String::new(),
                Some(r) => match r.strip_prefix('.') {
                    Some(r) => format!("{r}."),
                    None => continue,
                },
                None => continue,
            };
            vars.push(PublicVar {
                name: format!("{rel}{var}"),
                width: f[2].parse().unwrap_or(0),
                array: f[3] != "0",
            });
        }
        vars.sort_by(|a, b| a.name.cmp(&b.name));
        vars.dedup_by(|a, b| a.name == b.name);
        Ok(vars)
    }

    /// Clock edges run after every reset before the first tick (see [`crate::dut::Dut::lead_cycles`]).
    pub fn set_lead_cycles(&mut self, cycles: u32) {
        self.lead_cycles = cycles as c_int;
    }

    /// Synchronous reset: `rst` high for `cycles` clock edges, inputs zero; then the lead cycles
    /// with `rst` low and the inputs still zero.
    pub fn reset(&mut self, cycles: u32) {
        // SAFETY: handle is live until drop.
        unsafe { (self.reset)(self.handle, cycles as c_int) }
        if self.lead_cycles > 0 {
            let zeros = vec![0u64; self.in_words.max(1)];
            // SAFETY: one row of `in_words` zero words (stride 0 when there are no inputs).
            unsafe {
                (self.run)(
                    self.handle,
                    zeros.as_ptr(),
                    self.in_words as u64,
                    1,
                    self.lead_cycles,
                )
            }
        }
    }

    /// One tick: drive `inputs` (one word per input port, masked to its width), clock, and copy
    /// every compared signal into `snap` (one word per signal).
    #[inline]
    pub fn step(&mut self, inputs: &[u64], snap: &mut [u64]) {
        assert!(snap.len() >= self.snap_words);
        let row: &[u64] = match &self.in_map {
            Some(cols) => {
                for (dst, &c) in self.scratch.iter_mut().zip(cols) {
                    *dst = inputs[c];
                }
                &self.scratch
            }
            None => inputs,
        };
        assert!(row.len() >= self.in_words);
        // SAFETY: lengths checked above; handle is live.
        unsafe {
            (self.step)(
                self.handle,
                row.as_ptr(),
                snap.as_mut_ptr(),
                self.cycles_per_tick,
            )
        }
    }

    /// Copies every compared signal into `snap` without clocking.
    pub fn sample(&mut self, snap: &mut [u64]) {
        assert!(snap.len() >= self.snap_words);
        // SAFETY: length checked; handle is live.
        unsafe { (self.sample)(self.handle, snap.as_mut_ptr()) }
    }

    /// Runs `stimulus.len() / inputs` ticks without snapshots (for speed measurement).
    pub fn run(&mut self, stimulus: &[u64]) {
        let stride = self.in_words.max(1);
        let n = if self.in_words == 0 {
            stimulus.len()
        } else {
            stimulus.len() / stride
        };
        // SAFETY: n rows of `stride` words lie within `stimulus`; with no inputs nothing is read.
        unsafe {
            (self.run)(
                self.handle,
                stimulus.as_ptr(),
                if self.in_words == 0 { 0 } else { stride as u64 },
                n as u64,
                self.cycles_per_tick,
            )
        }
    }
}

impl Drop for RtlSim {
    fn drop(&mut self) {
        // SAFETY: handle came from phin_new and is freed once.
        unsafe { (self.free)(self.handle) }
    }
}
