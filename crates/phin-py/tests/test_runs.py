"""A run from Python is the Rust model's, tick for tick, and comes back labelled."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import phin
from phin import _phin


def rtl_amplitude(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The hopf_oscillator's amplitude port from the x and y words (section 1.1):
    max(hi, hi - hi/8 + lo/2) of |x|, |y|, with the RTL's arithmetic shifts."""
    ax, ay = np.abs(x), np.abs(y)
    hi, lo = np.maximum(ax, ay), np.minimum(ax, ay)
    return np.maximum(hi, hi - (hi >> 3) + (lo >> 1))


def test_a_10_s_run_equals_the_rust_model_tick_for_tick() -> None:
    ticks = 40_000
    t = np.arange(ticks)
    # A per-tick sensory input in whole Q14 words: 0.3 at 7 Hz plus a slow ramp.
    words = np.round(16_384 * (0.3 * np.sin(2 * np.pi * 7 * t / 4000) + t / ticks * 0.2)).astype(np.int32)
    p = phin.Processor(state="psychedelic", seed=11)
    ds = p.run(10, sensory=words / 16_384)
    ref_ticks, ref = _phin._reference_run("psychedelic", False, 11, words.tolist(), ticks, 1)
    n = len(phin.OSCILLATORS)
    assert ds.sizes == {"time": ticks, "oscillator": n, "signal": 4}
    np.testing.assert_array_equal(ds.tick.values, ref_ticks)
    x = np.round(ds.x.values * 16_384).astype(np.int64)
    y = np.round(ds.y.values * 16_384).astype(np.int64)
    # Exact: Q14 words are exact in float64.
    np.testing.assert_array_equal(ds.x.values * 16_384, x)
    np.testing.assert_array_equal(x, ref[:, :n])
    np.testing.assert_array_equal(y, ref[:, n:])
    np.testing.assert_array_equal(ds.amplitude.values * 16_384, rtl_amplitude(x, y))
    np.testing.assert_allclose(ds.phase.values, np.arctan2(y, x), rtol=0, atol=1e-15)
    # Not a constant trace: the run did run.
    assert len(np.unique(x[:, 0])) > 1000
    assert p.tick == ticks


def test_every_n_ticks_and_the_reference_agree_too() -> None:
    p = phin.Processor(state="flow", seed=2)
    ds = p.run(2.5, every=7)
    ticks, ref = _phin._reference_run("flow", False, 2, [], 10_000, 7)
    np.testing.assert_array_equal(ds.tick.values, ticks)
    np.testing.assert_array_equal(np.round(ds.x.values * 16_384), ref[:, :21])


def test_coordinates_and_units() -> None:
    p = phin.Processor(state="meditation")
    ds = p.run(1, every=4)
    assert list(ds.oscillator.values) == list(phin.OSCILLATORS)
    assert phin.OSCILLATORS[0] == "theta" and phin.OSCILLATORS[1] == "sensory.l6"
    assert phin.OSCILLATORS[15] == "motor.l23" and phin.OSCILLATORS[20] == "sr.f4"
    np.testing.assert_array_equal(ds.time.values, np.arange(4, 4001, 4) / 4000)
    assert ds.time.attrs["units"] == "s"
    assert ds.x.dims == ("time", "oscillator")
    assert ds.signals.dims == ("time", "signal")
    assert list(ds.signal.values) == ["dac", "kuramoto_r", "sie_phase", "coupling_mode"]
    assert list(ds.unit.values) == ["DAC code", "1", "code", "code"]
    for v in ("x", "y", "amplitude"):
        assert ds[v].attrs["units"] == "1"
    assert ds.phase.attrs["units"] == "rad"
    assert ds.attrs["phin_version"] == phin.__version__
    assert ds.attrs["tick_hz"] == 4000.0 and ds.attrs["sample_rate_hz"] == 1000.0
    assert ds.attrs["state"] == "meditation"
    # A second run continues the processor's time.
    ds2 = p.run(0.5, record=["motor.l23", "theta", "kuramoto_r", "u_sie.phase_timer", "col_motor.u_l23.x"])
    assert ds2.time.values[0] == pytest.approx(1.00025) and ds2.time.values[-1] == 1.5
    assert list(ds2.oscillator.values) == ["motor.l23", "theta"]
    assert list(ds2.signal.values) == ["kuramoto_r", "u_sie.phase_timer", "col_motor.u_l23.x"]
    assert list(ds2.unit.values) == ["1", "raw", "1"]
    # An RTL register by name equals the oscillator's x: the names agree.
    np.testing.assert_array_equal(
        ds2.signals.sel(signal="col_motor.u_l23.x").values, ds2.x.sel(oscillator="motor.l23").values
    )
    assert p.read("col_motor.u_l23.x") == round(ds2.x.sel(oscillator="motor.l23").values[-1] * 16_384)
    # Only what was asked.
    ds3 = p.run(0.01, record=["kuramoto_r"])
    assert "x" not in ds3 and "oscillator" not in ds3.dims


def test_the_version_is_the_workspace_version(repo) -> None:
    cargo = (repo / "Cargo.toml").read_text()
    version = re.search(r'\[workspace\.package\][^\[]*?version = "([^"]+)"', cargo, re.S).group(1)
    assert phin.__version__ == version


def test_per_tick_inputs_drive_the_processor() -> None:
    a = phin.Processor(seed=1, noise=0.0)
    b = phin.Processor(seed=1, noise=0.0)
    ticks = 4000
    sr = np.zeros((ticks, 5))
    sr[:, 2] = 0.5 * np.sin(2 * np.pi * 20 * np.arange(ticks) / 4000)
    da = a.run(1, record=["sr.f2"], sr_harmonic_field=sr)
    db = b.run(1, record=["sr.f2"])
    assert not np.array_equal(da.x.values, db.x.values)
    # The per-run array held only for the run.
    assert a.sr_harmonic_field == [0.0] * 5
    # A held value and a constant array are the same thing.
    c, d = phin.Processor(seed=4), phin.Processor(seed=4)
    c.sensory = 0.25
    dc = c.run(0.5)
    dd = d.run(0.5, sensory=np.full(2000, 0.25))
    np.testing.assert_array_equal(dc.x.values, dd.x.values)


def test_transitions_in_seconds() -> None:
    p = phin.Processor(state="normal", seed=0, transition=2.0)
    assert p.transition == 2.0
    p.run(0.5)
    p.transition_to("flow", 1.0)
    ds = p.run(1.5, record=["transition_progress", "state"], every=40)
    prog = ds.signals.sel(signal="transition_progress").values
    # Linear over 1 s (4000 ticks), complete after.
    i = int(np.argmax(prog >= 0.999))
    assert 0.95 <= ds.time.values[i] - 0.5 <= 1.05
    assert p.state == "flow" and p.probe()["state_name"] == "flow"


def test_step_probe_and_snapshot() -> None:
    a, b = phin.Processor(state="flow", seed=5), phin.Processor(state="flow", seed=5)
    a.step(1234)
    b.run(1234 / 4000, record=[])
    assert a.snapshot() == b.snapshot()
    probe, snap = a.probe(), a.snapshot()
    assert probe["tick"] == snap["tick"] == 1234
    assert probe["time"] == 1234 / 4000
    assert probe["state_name"] == "flow"
    for k, name in enumerate(phin.OSCILLATORS):
        o = probe["oscillators"][name]
        assert o["x"] * 16_384 == snap["oscillators"][k]["x"]
        assert o["radius"] == pytest.approx(np.hypot(o["x"], o["y"]))
    assert set(phin.READOUTS) <= set(probe)
    assert probe["kuramoto_r"] * 16_384 == snap["kuramoto_r"]


def test_the_drive_is_a_sine_on_the_sensory_input() -> None:
    a, b = phin.Processor(seed=3), phin.Processor(seed=3)
    a.set_drive(6.0, 0.4)
    assert a.drive == (6.0, 0.4)
    # The engine's arithmetic: math.sin is the C library's, as Rust's f64::sin, and the word is
    # rounded half away from zero.
    def word(tick: int) -> float:
        v = 0.4 * math.sin(2 * math.pi * 6.0 * (tick / 4000)) * 16_384
        return math.copysign(math.floor(abs(v) + 0.5), v) / 16_384

    words = np.array([word(k) for k in range(8000)])
    np.testing.assert_array_equal(a.run(2).x.values, b.run(2, sensory=words).x.values)


def test_mu_table_is_section_8_2() -> None:
    mu = phin.mu_table()
    assert mu.dims == ("state", "oscillator")
    assert float(mu.sel(state="meditation", oscillator="theta")) == 1.5
    assert float(mu.sel(state="anesthesia", oscillator="motor.l23")) == 0.25
    assert float(mu.sel(state="flow", oscillator="assoc.l5b")) == 1.5
    assert (mu.sel(oscillator="sr.f0") == 1.0).all()
