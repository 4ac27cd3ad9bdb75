//! The header reader against phin's own RTL: it must find every register of every model's signal
//! table where the table says, and read the whole processor's ports with the widths the model
//! compares. A false "missing" here would make `--compare all` refuse a good tree. No Verilator.

use phin_cosim::header::{Dir, Lookup, Tree};
use phin_cosim::{model_for, repo_rtl_dir, MODELS};

#[test]
fn every_register_of_every_model_is_found_in_phins_rtl() {
    let tree = Tree::read_dirs(&repo_rtl_dir(), &[], &[]).unwrap();
    let mut found = 0;
    for top in MODELS {
        let m = model_for(top).unwrap();
        // The harness drives clk, rst and (where the model says so) clk_en.
        let info = &tree.modules[*top];
        for n in ["clk", "rst"]
            .iter()
            .chain(m.has_clk_en().then_some(&"clk_en"))
        {
            assert!(
                info.port(n).is_some_and(|p| p.dir == Dir::Input),
                "{top}: input {n}"
            );
        }
        for s in m.signals() {
            match tree.lookup(top, &s.name) {
                Lookup::Found => found += 1,
                other => panic!("{top}: {} -> {other:?}", s.name),
            }
        }
    }
    assert!(found > 800, "{found}");
    assert_eq!(
        tree.lookup("phi_n_neural_processor", "col_motor.u_nope.x"),
        Lookup::Missing("col_motor.u_nope".into())
    );
}

#[test]
fn the_processors_ports_have_the_models_widths() {
    let tree = Tree::read_dirs(&repo_rtl_dir(), &[], &[]).unwrap();
    let top = &tree.modules["phi_n_neural_processor"];
    let ins: Vec<&str> = top
        .ports
        .iter()
        .filter(|p| p.dir == Dir::Input)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        ins,
        [
            "clk",
            "rst",
            "sensory_input",
            "state_select",
            "transition_duration",
            "sr_field_input",
            "sr_field_packed",
            "ignition_trigger"
        ]
    );
    let outs = top.ports.iter().filter(|p| p.dir == Dir::Output).count();
    assert_eq!(
        outs, 22,
        "22 output ports, 30 words with the packed ones split"
    );
    let model = model_for("phi_n_neural_processor").unwrap();
    for s in model.signals().iter().filter(|s| !s.name.contains('.')) {
        let (base, lo) = phin_cosim::rtl_sim::split_slice(&s.name);
        let p = top.port(base).unwrap_or_else(|| panic!("{base}"));
        let w = p.width.unwrap();
        match lo {
            None => assert_eq!(w, s.width, "{base}"),
            Some(lo) => assert!(lo + s.width <= w, "{}", s.name),
        }
        assert_eq!(p.signed, s.signed, "{base}");
    }
    assert_eq!(
        top.parameter_names(),
        [
            "WIDTH",
            "FRAC",
            "FAST_SIM",
            "NUM_HARMONICS",
            "SR_STOCHASTIC_ENABLE",
            "SR_DRIFT_ENABLE",
            "ENABLE_ADAPTIVE"
        ]
    );
}
