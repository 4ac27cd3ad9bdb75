//! Co-simulating a tree that is not ours: the fixture `tests/rtl_foreign/` is phin's top with two
//! ports renamed, one narrowed, one behaviour changed and one instance renamed (see its header).
//! The comparison must run with the narrowed port skipped and named, report exactly the changed
//! port as disagreeing, agree on the renamed ports once they are mapped, refuse `--compare all`
//! before building anything, and do the same when two RTL trees are held against each other.
//! One Verilated build of the fixture and one of phin's top (ports only) serve every case here.
//! Needs Verilator; fails (never skips) without it.

mod common;

use phin_cosim::{
    model_for, repo_rtl_dir, Compare, Cosim, CosimError, LockstepConfig, Options, Outcome,
    ParamSource, Plan, RandomStimulus,
};
use std::path::{Path, PathBuf};

const TOP: &str = "phi_n_neural_processor";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rtl_foreign")
}

/// The fixture's options: its children come from phin's rtl/.
fn opts() -> Options {
    Options {
        compare: Compare::Ports,
        include_dirs: vec![repo_rtl_dir()],
        ..Options::default()
    }
}

fn mapped() -> Options {
    Options {
        port_map: vec![
            ("debug_theta".into(), "dbg_theta".into()),
            ("debug_motor_l23".into(), "dbg_motor_l23".into()),
        ],
        ..opts()
    }
}

/// Every tick of `ticks` random ticks, counting mismatches instead of stopping.
fn run_all(c: &mut Cosim, ticks: u64, seed: u64) -> Outcome {
    let mut stim = RandomStimulus::new(c.model.inputs(), seed);
    let cfg = LockstepConfig {
        ticks,
        keep_going: u64::MAX,
        seed: Some(seed),
        ..Default::default()
    };
    c.run(&mut stim, &cfg).unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts that `changed` alone ever disagreed, that every other port word agreed at every
/// compared tick, and returns the changed port's agreeing count.
fn only_changed_disagrees(o: &Outcome, changed: &str, ticks: u64) -> u64 {
    assert_eq!(o.ticks_run, ticks);
    let mut bad = Vec::new();
    for s in &o.stats {
        assert_eq!(
            s.compared,
            ticks + 1,
            "{}: reset state and every tick",
            s.name
        );
        if !s.always_agreed() {
            bad.push(s.name.clone());
        }
    }
    assert_eq!(
        bad,
        [changed],
        "{}",
        phin_cosim::report::table(&o.stats, &("model".into(), "rtl".into()))
    );
    let s = o.stats.iter().find(|s| s.name == changed).unwrap();
    assert!(s.agreeing > 0 && s.agreeing < s.compared);
    s.agreeing
}

#[test]
fn the_fixture_is_phins_top_with_its_edits() {
    let ours = std::fs::read_to_string(repo_rtl_dir().join("phi_n_neural_processor.v")).unwrap();
    let theirs = std::fs::read_to_string(fixture().join("phi_n_neural_processor.v")).unwrap();
    let marker = "// ---- derived from rtl/phi_n_neural_processor.v ----\n";
    let body = &theirs[theirs.find(marker).expect("marker") + marker.len()..];
    let edits: &[(&str, &str)] = &[
        (
            "    output wire signed [WIDTH-1:0]       debug_motor_l23,\n",
            "    output wire signed [WIDTH-1:0]       dbg_motor_l23,\n",
        ),
        (
            "    output wire signed [WIDTH-1:0]       debug_theta,\n",
            "    output wire signed [WIDTH-1:0]       dbg_theta,\n",
        ),
        (
            "    output wire signed [WIDTH-1:0]       sr_amplification,\n",
            "    output wire                          sr_amplification,  // fixture: 1 bit, \"SIE active\"\n",
        ),
        (
            "    wire signed [WIDTH-1:0] theta_gate;\n",
            "    wire signed [WIDTH-1:0] theta_gate;\n    wire signed [WIDTH-1:0] sr_amp_sum;  // fixture: the bank's gain sum stays inside\n",
        ),
        (
            "        .sr_amplification(sr_amplification));\n",
            "        .sr_amplification(sr_amp_sum));\n",
        ),
        (") u_mixer (\n", ") dac_mixer (\n"),
        (
            "    assign debug_motor_l23      = m_l23_x;\n    assign debug_theta          = theta_x;\n    assign cortical_pattern_out = cortical_pattern;\n",
            "    assign dbg_motor_l23        = m_l23_x;\n    assign dbg_theta            = theta_x;\n    assign sr_amplification     = sie_active;\n    // fixture: the CA3 pattern leaves through a register, one tick after phin's.\n    reg [5:0] cortical_pattern_q;\n    always @(posedge clk) begin\n        if (rst) cortical_pattern_q <= 6'd0;\n        else if (clk_en) cortical_pattern_q <= cortical_pattern;\n    end\n    assign cortical_pattern_out = cortical_pattern_q;\n",
        ),
    ];
    let mut derived = ours.clone();
    for (from, to) in edits {
        assert_eq!(
            derived.matches(from).count(),
            1,
            "rtl/phi_n_neural_processor.v changed: update the fixture and this list ({from:?})"
        );
        derived = derived.replacen(from, to, 1);
    }
    assert!(
        derived == body,
        "tests/rtl_foreign/phi_n_neural_processor.v is no longer rtl/'s top with its edits: \
         regenerate it"
    );
}

#[test]
fn the_narrowed_port_is_skipped_and_named_and_the_changed_port_alone_disagrees() {
    let plan = Plan::new(&fixture(), model_for(TOP).unwrap(), &opts()).unwrap();
    let notes: Vec<String> = plan.notes().iter().map(|n| n.to_string()).collect();
    let has = |s: &str| notes.iter().any(|n| n.contains(s));
    assert!(
        has("sr_amplification: 18 bits in phin's model but 1 bit in the RTL: not compared"),
        "{notes:?}"
    );
    assert!(
        has("debug_theta: the RTL has no port debug_theta"),
        "{notes:?}"
    );
    assert!(
        has("dbg_motor_l23: output of the RTL that phin's model does not have"),
        "{notes:?}"
    );
    let mut c = plan.build().unwrap_or_else(|e| panic!("{e}"));
    let o = run_all(&mut c, 20_000, 21);
    assert_eq!(
        o.signals, 27,
        "30 words less sr_amplification and the two renamed ports"
    );
    only_changed_disagrees(&o, "cortical_pattern_out", 20_000);
    println!("{}", phin_cosim::report::table(&o.stats, &c.sides));
}

#[test]
fn a_port_map_makes_the_renamed_ports_agree() {
    let mut c = Cosim::setup(&fixture(), model_for(TOP).unwrap(), &mapped())
        .unwrap_or_else(|e| panic!("{e}"));
    let o = run_all(&mut c, 20_000, 22);
    assert_eq!(o.signals, 29, "30 words less the narrowed one");
    only_changed_disagrees(&o, "cortical_pattern_out", 20_000);
    let theta = o.stats.iter().find(|s| s.name == "debug_theta").unwrap();
    assert_eq!(theta.other_name.as_deref(), Some("dbg_theta"));
    assert!(theta.always_agreed() && theta.rms_diff == Some(0.0));
}

#[test]
fn an_ignored_input_is_held_at_zero_on_both_sides() {
    let o = Options {
        ignore: vec!["sr_field_packed".into(), "cortical_pattern_out".into()],
        ..mapped()
    };
    let mut c = Cosim::setup(&fixture(), model_for(TOP).unwrap(), &o).unwrap();
    assert_eq!(
        c.zero_columns,
        [4, 5, 6, 7, 8],
        "the five fields of sr_field_packed"
    );
    let o = run_all(&mut c, 5_000, 23);
    assert!(o.first.is_none(), "nothing changed is compared any more");
    assert_eq!(o.signals, 28);
}

#[test]
fn strict_refuses_the_narrowed_port() {
    let o = Options {
        strict: true,
        ..mapped()
    };
    let e = Plan::new(&fixture(), model_for(TOP).unwrap(), &o)
        .err()
        .unwrap();
    assert!(matches!(e, CosimError::Strict { .. }), "{e}");
    assert!(e.to_string().contains("sr_amplification"), "{e}");
}

#[test]
fn compare_all_on_a_tree_without_the_registers_fails_before_building() {
    let o = Options {
        compare: Compare::All,
        cache_dir: Some(Path::new(env!("CARGO_TARGET_TMPDIR")).join("never-built")),
        ..mapped()
    };
    let t0 = std::time::Instant::now();
    let e = Plan::new(&fixture(), model_for(TOP).unwrap(), &o)
        .err()
        .unwrap();
    match &e {
        CosimError::MissingRegisters { missing, count, .. } => {
            assert!(missing.iter().all(|m| m.starts_with("u_mixer.")), "{e}");
            assert!(*count >= 1);
        }
        other => panic!("{other}"),
    }
    assert!(t0.elapsed().as_secs() < 5, "a parse, not a build");
    assert!(!o.cache_dir.unwrap().exists(), "nothing was built");
}

#[test]
fn a_parameter_override_reaches_model_and_rtl_and_is_printed() {
    let o = Options {
        params: vec![("ENABLE_ADAPTIVE".into(), "1".into())],
        ..mapped()
    };
    let plan = Plan::new(&fixture(), model_for(TOP).unwrap(), &o).unwrap();
    let line = plan.params_line();
    assert!(
        line.contains("FAST_SIM=1 SR_STOCHASTIC_ENABLE=1 SR_DRIFT_ENABLE=1 (as phin's model)"),
        "{line}"
    );
    assert!(
        line.contains("ENABLE_ADAPTIVE=1 (-G, model and RTL)"),
        "{line}"
    );
    assert!(line.contains("10 clock edges per tick"), "{line}");
    let adaptive = plan
        .params()
        .iter()
        .find(|p| p.name == "ENABLE_ADAPTIVE")
        .unwrap();
    assert_eq!(adaptive.source, ParamSource::Override);
    // FAST_SIM=0 is the real divider on both sides.
    let o = Options {
        params: vec![("FAST_SIM".into(), "0".into())],
        ..mapped()
    };
    let plan = Plan::new(&fixture(), model_for(TOP).unwrap(), &o).unwrap();
    assert!(plan.params_line().contains("31250 clock edges per tick"));
    for (name, value, want) in [
        ("NOPE", "1", "has no parameter NOPE"),
        ("ENABLE_ADAPTIVE", "2", "allowed 0 or 1"),
    ] {
        let o = Options {
            params: vec![(name.into(), value.into())],
            ..mapped()
        };
        let e = Plan::new(&fixture(), model_for(TOP).unwrap(), &o)
            .err()
            .unwrap();
        assert!(e.to_string().contains(want), "{e}");
    }
}

#[test]
fn an_rtl_only_parameter_changes_the_rtl() {
    // lfsr16's SEED has no counterpart in the model: the RTL alone starts elsewhere, and the
    // comparison sees it at reset.
    let o = Options {
        params: vec![("SEED".into(), "16'h1234".into())],
        ..Options::default()
    };
    let plan = Plan::new(&repo_rtl_dir(), model_for("lfsr16").unwrap(), &o).unwrap();
    assert!(
        plan.params_line().contains("SEED=16'h1234 (-G, RTL only)"),
        "{}",
        plan.params_line()
    );
    let mut c = plan.build().unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(100, 1).unwrap();
    let m = o.first.expect("another seed must show");
    assert_eq!((m.tick, m.rtl), (0, 0x1234));
}

#[test]
fn rtl_against_rtl_a_copy_of_phins_tree_agrees_for_200000_ticks() {
    let copy = common::rtl_copy("rtl_copy");
    let o = Options {
        compare: Compare::Ports,
        ..Options::default()
    };
    let mut c =
        Cosim::rtl_against_rtl(&repo_rtl_dir(), &copy, TOP, &o).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.notes.is_empty(), "{:?}", c.notes);
    let t0 = std::time::Instant::now();
    let out = c.run_random(200_000, 24).unwrap();
    common::assert_agreed("rtl against its copy", &out, 200_000);
    assert_eq!(out.signals, 30);
    println!(
        "rtl against rtl: 200000 ticks in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}

#[test]
fn rtl_against_rtl_names_the_fixtures_changed_port() {
    let mut c = Cosim::rtl_against_rtl(&repo_rtl_dir(), &fixture(), TOP, &mapped())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.sides, ("a".to_string(), "b".to_string()));
    assert!(c
        .notes
        .iter()
        .any(|n| n.port == "sr_amplification" && n.skipped && n.why.contains("18 bits")));
    let o = run_all(&mut c, 20_000, 25);
    assert_eq!(o.signals, 29);
    only_changed_disagrees(&o, "cortical_pattern_out", 20_000);
}

#[test]
fn rtl_against_rtl_compares_the_registers_two_trees_share() {
    // config_controller with one shadow register renamed: every other variable is compared by
    // name, the renamed one is named as found in one tree only.
    let planted = common::planted_copy_all(
        "rtl_shadow",
        "config_controller.v",
        "start_mu_theta",
        "shadow_mu_theta",
    );
    let o = Options::default();
    let mut c = Cosim::rtl_against_rtl(&repo_rtl_dir(), &planted, "config_controller", &o)
        .unwrap_or_else(|e| panic!("{e}"));
    let notes: Vec<String> = c.notes.iter().map(|n| n.to_string()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("only in the first tree") && n.contains("start_mu_theta")),
        "{notes:?}"
    );
    let out = c.run_random(50_000, 26).unwrap();
    common::assert_agreed("config_controller against its renamed copy", &out, 50_000);
    assert!(
        out.stats.iter().any(|s| s.name == "start_mu_l6"),
        "registers are compared"
    );
    assert!(!out.stats.iter().any(|s| s.name.contains("start_mu_theta")));
}

#[test]
fn a_register_of_another_width_is_skipped_when_the_header_cannot_tell() {
    // The counter below the ports is one bit wider (its values are the same): the header reader
    // checks ports only, so the width shows when the build is loaded; the register is skipped
    // and named, the rest compared, and --strict refuses instead.
    let dir = common::planted_copy(
        "wide_counter",
        "clock_enable_generator.v",
        "reg [14:0] cnt_4k;",
        "reg [15:0] cnt_4k;",
    );
    let top = "clock_enable_generator";
    let mut c = Cosim::setup(&dir, model_for(top).unwrap(), &Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        c.notes.iter().any(|n| n.port == "cnt_4k"
            && n.skipped
            && n.why.contains("15 bits in phin's model but 16 bits")),
        "{:?}",
        c.notes
    );
    let o = c.run_random(10_000, 27).unwrap();
    common::assert_agreed("wider counter skipped", &o, 10_000);
    assert!(!o.stats.iter().any(|s| s.name == "cnt_4k"));
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let e = Cosim::setup(&dir, model_for(top).unwrap(), &strict)
        .err()
        .unwrap();
    assert!(matches!(e, CosimError::WidthMismatch { .. }), "{e}");
}
