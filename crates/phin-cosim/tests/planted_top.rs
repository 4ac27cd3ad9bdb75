//! The full-system comparison can fail, and `--compare ports` serves another RTL tree with the
//! same interface: a one-LSB change planted in the top's constants is reported at the register
//! and tick where it first shows; a tree whose internals are renamed agrees on the ports.

mod common;

use phin_cosim::{repo_rtl_dir, Cosim};
use std::path::Path;

#[test]
fn a_one_lsb_change_in_the_top_is_reported_at_its_register() {
    // n of SR mode f1: 1.25 -> 1.25 + 2^-14. u_qid_f1 registers its stability from it on the
    // first edge, so tick 1 shows it there first.
    let dir = common::planted_copy(
        "planted_top",
        "phi_n_neural_processor.v",
        "N_F1  = 18'sd20480;",
        "N_F1  = 18'sd20481;",
    );
    let mut c = Cosim::new(&dir, "phi_n_neural_processor").unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(2_000, 7).unwrap();
    let m = o.first.expect("the planted exponent must be found");
    assert_eq!(m.tick, 1, "{m}");
    assert_eq!(m.signal.name, "u_qid_f1.stability", "{m}");
    assert_ne!(m.rtl, m.model);
}

#[test]
fn a_tree_with_other_internals_agrees_on_the_ports() {
    // The same design with top-level instances and a net renamed: a full-table comparison would
    // not find its registers by name; the ports-only one must agree.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("renamed_top");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(repo_rtl_dir()).unwrap() {
        let p = e.unwrap().path();
        // rtl/'s files only: rtl/fpga/ (the folded RTL) is another tree.
        if !p.is_file() {
            continue;
        }
        let mut text = std::fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == "phi_n_neural_processor.v" {
            for (from, to) in [
                ("col_motor", "motor_column"),
                ("u_mixer", "dac_mixer"),
                ("u_thalamus", "thal0"),
                ("m_l23_x", "motor_gamma_x"),
            ] {
                assert!(text.contains(from));
                text = text.replace(from, to);
            }
        }
        std::fs::write(dir.join(p.file_name().unwrap()), text).unwrap();
    }
    let mut c = Cosim::ports_only(&dir, "phi_n_neural_processor").unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(20_000, 8).unwrap_or_else(|e| panic!("{e}"));
    common::assert_agreed("renamed top, ports only", &o, 20_000);
    assert_eq!(
        o.signals, 30,
        "every output port, the packed ones as five fields each"
    );
}
