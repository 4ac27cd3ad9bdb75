"""Bad arguments raise phin.InputError (a ValueError) naming the field and what it allows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import phin

Q14_RANGE = "-8 … 7.99993896484375"


def raises(field: str, match: str):
    """Expects an InputError on `field` whose message matches `match`."""

    class Check:
        def __enter__(self):
            self.cm = pytest.raises(phin.InputError, match=match)
            self.info = self.cm.__enter__()
            return self.info

        def __exit__(self, *exc):
            r = self.cm.__exit__(*exc)
            assert self.info.value.field == field, (self.info.value.field, str(self.info.value))
            assert isinstance(self.info.value, ValueError)
            return r

    return Check()


def test_processor_arguments() -> None:
    with raises("state", r"\"sleep\" is not a consciousness state \(allowed: normal, anesthesia"):
        phin.Processor(state="sleep")
    with raises("noise", r"noise = -0.1 is out of range \(allowed 0 … 7.99993896484375\)"):
        phin.Processor(noise=-0.1)
    with raises("sensory", rf"sensory = 9 is out of range \(allowed {Q14_RANGE}\)"):
        phin.Processor(sensory=9.0)
    with raises("transition", r"transition = 20 s is out of range \(allowed 0 s … 16.38375 s\)"):
        phin.Processor(transition=20.0)
    p = phin.Processor()
    with raises("sr_field", rf"sr_field = -8.5 is out of range \(allowed {Q14_RANGE}\)"):
        p.sr_field = -8.5
    with raises("sr_harmonic_field", r"sr_harmonic_field has 4 values \(allowed: 5 values"):
        p.sr_harmonic_field = [0, 0, 0, 0]
    with raises("sr_harmonic_field[f3]", r"sr_harmonic_field\[f3\] is not a number"):
        p.sr_harmonic_field = [0, 0, 0, np.nan, 0]
    with raises("drive_hz", r"drive_hz = 2500 Hz is out of range \(allowed 0 Hz … 2000 Hz\)"):
        p.set_drive(2500, 0.1)
    with raises("bogus", r"\"bogus\" is not a input \(allowed: sensory, sr_field, sr_harmonic_field\)"):
        p.set_inputs(bogus=1.0)
    assert p.inputs == {"sensory": 0.0, "sr_field": 0.0, "sr_harmonic_field": [0.0] * 5}, "refused values change nothing"


def test_run_arguments() -> None:
    p = phin.Processor()
    with raises("seconds", r"seconds = -1 is out of range \(allowed 0.00025 s … 604800 s\)"):
        p.run(-1)
    with raises("seconds", r"seconds = 'ten' is not a number"):
        p.run("ten")
    with raises("every", r"every = 0 ticks is out of range"):
        p.run(1, every=0)
    with raises("motor.l7", r"\"motor.l7\" is not a record name \(allowed: theta, sensory.l6"):
        p.run(1, record=["motor.l7"])
    with raises("sensory[t=3]", rf"sensory\[t=3\] = 8 is out of range \(allowed {Q14_RANGE}\)"):
        p.run(0.001, sensory=[0, 0, 0, 8.0])
    with raises("sensory", r"sensory has 3 values \(allowed: a number, or one value per tick \(4\)\)"):
        p.run(0.001, sensory=[0, 0, 0])
    with raises("sr_harmonic_field[f1][t=2]", r"sr_harmonic_field\[f1\]\[t=2\] = -9"):
        arr = np.zeros((4, 5))
        arr[2, 1] = -9
        p.run(0.001, sr_harmonic_field=arr)
    with raises("n", r"n = -1 is out of range"):
        p.step(-1)
    assert p.tick == 0, "nothing ran"
    with raises("name", r"no register named \"u_nothing\""):
        p.read("u_nothing")


def test_ensemble_arguments() -> None:
    with raises("drive_hx", r"column 'drive_hx' is not a parameter \(allowed: state, adaptive, seed"):
        phin.Ensemble(pd.DataFrame({"drive_hx": [5.0]}))
    with raises("noise", r"row 1: noise = 9 is out of range"):
        phin.Ensemble(pd.DataFrame({"noise": [0.0, 9.0]}))
    with raises("state", r"row 0: state = 7 is out of range \(allowed codes 0 … 4\)"):
        phin.Ensemble(pd.DataFrame({"state": [7]}))
    with raises("state", r"row 0: state: \"sleep\" is not a consciousness state"):
        phin.Ensemble(pd.DataFrame({"state": ["sleep"]}))
    with raises("drive_amplitude", r"row 0: drive_amplitude = 9 is out of range"):
        phin.Ensemble(pd.DataFrame({"drive_hz": [5.0], "drive_amplitude": [9.0]}))
    with raises("seed", r"row 0: seed = -1 is out of range"):
        phin.Ensemble(pd.DataFrame({"seed": [-1]}))
    with raises("sensory", r"row 0: sensory is not a number"):
        phin.Ensemble(pd.DataFrame({"sensory": [np.nan]}))
    with raises("time", r"labels: 'time' is a name of the Dataset"):
        phin.Ensemble(pd.DataFrame({"time": [1]}), labels=["time"])
    with raises("params", r"params has no rows"):
        phin.Ensemble(pd.DataFrame({"seed": []}))
    with raises("params", r"params must be a pandas.DataFrame"):
        phin.Ensemble({"state": ["flow"]})  # type: ignore[arg-type]
    e = phin.Ensemble(pd.DataFrame({"seed": [1, 2]}))
    with raises("u_sie.phase_timer", r"not a record name of an ensemble"):
        e.run(0.01, record=["u_sie.phase_timer"])
    with raises("threads", r"threads = 0 is out of range"):
        e.run(0.01, threads=0)


def test_cosim_arguments() -> None:
    with raises("compare", r"compare = \"some\" is not allowed \(allowed: all, ports\)"):
        phin.cosim("rtl", "hopf_oscillator", 10, compare="some")
    with raises("ticks", r"ticks = 0 is out of range"):
        phin.cosim("rtl", "hopf_oscillator", 0)
    with raises("adaptive", r"adaptive applies to top phi_n_neural_processor only"):
        phin.cosim("rtl", "hopf_oscillator", 10, adaptive=True)
