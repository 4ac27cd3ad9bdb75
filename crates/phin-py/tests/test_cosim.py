"""phin.cosim: agreement, and a planted divergence reported as a structured object."""

from __future__ import annotations

import re

import pytest

import phin


def test_the_hopf_oscillator_agrees_with_its_model(repo) -> None:
    r = phin.cosim(repo / "rtl", "hopf_oscillator", ticks=20_000, seed=3)
    assert r and r.agree and r.mismatch is None
    assert (r.ticks, r.mismatches, r.seed) == (20_000, 0, 3)
    assert r.last_line == "agree: 20000 ticks, 3 signals, 0 mismatches"
    assert list(r.stats.name) == ["x", "y", "amplitude"]
    assert (r.stats.agreeing == r.stats.compared).all()
    assert "per-port report" in r.report and str(r).endswith(r.last_line)


def test_a_planted_bug_is_reported_as_a_mismatch(repo, tmp_path) -> None:
    rtl = tmp_path / "rtl"
    rtl.mkdir()
    src = (repo / "rtl" / "hopf_oscillator.v").read_text()
    planted = src.replace("DT        = 18'sd4;", "DT        = 18'sd5;")
    assert planted != src
    (rtl / "hopf_oscillator.v").write_text(planted)
    vcd = tmp_path / "mismatch.vcd"
    r = phin.cosim(rtl, "hopf_oscillator", ticks=5_000, seed=7, mismatch_vcd=vcd)
    assert not r and r.mismatches >= 1
    m = r.mismatch
    assert isinstance(m, phin.Mismatch)
    assert m.tick >= 1 and m.time == m.tick / 4000 and m.clock_cycle == m.tick * 31_250
    assert m.signal in ("x", "y", "amplitude") and m.signal == m.all_divergent[0]
    assert m.model != m.rtl
    assert int(m.model_hex, 16) ^ int(m.rtl_hex, 16) == sum(1 << b for b in m.differing_bits)
    assert m.model_real == m.model / 16_384 and m.rtl_real == m.rtl / 16_384
    assert set(m.inputs) == {"mu_dt", "omega_dt", "input_x"}
    assert list(m.history.columns) == ["tick", "model", "rtl"] and m.history.tick.iloc[-1] == m.tick
    last = m.history.iloc[-1]
    assert (last.model, last.rtl) == (m.model, m.rtl)
    assert m.seed == 7 and re.search(r"--top hopf_oscillator .*--seed 7", m.repro)
    assert m.vcd == str(vcd) and vcd.exists()
    assert f"MISMATCH at tick {m.tick}" in str(m)
    assert r.stats.set_index("name").loc[m.signal, "first_divergent_tick"] == m.tick


def test_setup_errors_are_cosim_errors(repo, tmp_path) -> None:
    with pytest.raises(phin.CosimError, match="no-such-dir"):
        phin.cosim(tmp_path / "no-such-dir", "hopf_oscillator", 10)
    with pytest.raises(phin.CosimError, match="not_a_module"):
        phin.cosim(repo / "rtl", "not_a_module", 10)
