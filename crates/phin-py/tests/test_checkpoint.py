"""Save, load, continue exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest

import phin


def test_save_and_load_continue_identically(tmp_path) -> None:
    p = phin.Processor(state="meditation", adaptive=True, seed=42, sensory=0.1)
    p.run(1.25, record=[])
    path = tmp_path / "med.json"
    p.save(path)
    doc = json.loads(path.read_text())
    assert doc["format"] == "phin-checkpoint" and doc["tick"] == 5000
    after = p.run(2)
    q = phin.Processor.load(path, seed=42, sensory=0.1)
    assert (q.tick, q.state, q.adaptive, q.seed) == (5000, "meditation", True, 42)
    again = q.run(2)
    for v in ("x", "y", "amplitude", "phase", "signals"):
        np.testing.assert_array_equal(after[v].values, again[v].values, err_msg=v)
    np.testing.assert_array_equal(after.time.values, again.time.values)
    assert p.snapshot() == q.snapshot()
    # The wrong seed does not continue identically: the noise is part of the run.
    r = phin.Processor.load(path, seed=43, sensory=0.1)
    assert not np.array_equal(r.run(2).x.values, after.x.values)


def test_a_copy_is_independent_and_identical() -> None:
    p = phin.Processor(state="flow", seed=9)
    p.step(3000)
    q = p.copy()
    np.testing.assert_array_equal(p.run(0.5).x.values, q.run(0.5).x.values)
    q.step(1)
    assert q.tick == p.tick + 1


def test_bad_checkpoints_are_refused(tmp_path) -> None:
    with pytest.raises(OSError, match="no-such"):
        phin.Processor.load(tmp_path / "no-such.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="bad.json"):
        phin.Processor.load(bad)
    with pytest.raises(OSError):
        phin.Processor().save(tmp_path / "no-dir" / "x.json")
