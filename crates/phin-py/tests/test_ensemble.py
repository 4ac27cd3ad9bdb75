"""An ensemble is its rows run alone, on every core, labelled by its frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import phin


def frame16() -> pd.DataFrame:
    k = np.arange(16)
    return pd.DataFrame(
        {
            "state": [phin.STATES[i % 5] for i in k],
            "adaptive": k % 3 == 0,
            "seed": k * 101,
            "drive_hz": np.where(k % 2 == 0, 5.0 + k, np.nan),
            "drive_amplitude": np.where(k % 2 == 0, 0.2, np.nan),  # empty where there is no drive
            "sensory": 0.01 * k,
            "sr_harmonic_field_f2": np.where(k % 4 == 1, 0.1, 0.0),
            "group": [f"g{i % 4}" for i in k],
        },
        index=pd.Index([f"run{i:02d}" for i in k], name="run"),
    )


def test_an_ensemble_of_16_rows_equals_16_separate_runs() -> None:
    df = frame16()
    ens = phin.Ensemble(df, labels=["group"])
    assert len(ens) == 16
    ds = ens.run(1.5, every=3, threads=2)
    assert ds.x.dims == ("instance", "time", "oscillator")
    assert ds.sizes["instance"] == 16 and ds.sizes["time"] == 2000
    for k, (label, row) in enumerate(df.iterrows()):
        p = phin.Processor(
            state=row.state, adaptive=bool(row.adaptive), seed=int(row.seed), sensory=row.sensory,
            sr_harmonic_field=[0, 0, row.sr_harmonic_field_f2, 0, 0],
        )
        if not np.isnan(row.drive_hz):
            p.set_drive(row.drive_hz, row.drive_amplitude)
        one = p.run(1.5, every=3)
        inst = ds.sel(instance=label)
        for v in ("x", "y", "amplitude", "phase", "signals"):
            np.testing.assert_array_equal(inst[v].values, one[v].values, err_msg=f"{label} {v}")
        np.testing.assert_array_equal(inst.time.values, one.time.values)
    # The instances differ from each other (the rows did set something).
    assert not np.array_equal(ds.x.isel(instance=0).values, ds.x.isel(instance=2).values)


def test_the_dataset_is_joined_to_the_frame() -> None:
    df = frame16().iloc[:4]
    ds = phin.Ensemble(df, labels=["group"]).run(0.05, record=["theta", "kuramoto_r"])
    assert list(ds.instance.values) == list(df.index)
    assert ds.instance.attrs["long_name"] == "run"
    for c in df.columns:
        np.testing.assert_array_equal(ds[c].values, df[c].to_numpy())
        assert ds[c].dims == ("instance",)
    assert list(ds.where(ds.state == "normal", drop=True).instance.values) == ["run00"]
    assert ds.attrs["phin_version"] == phin.__version__
    assert ds.signals.dims == ("instance", "time", "signal")


def test_state_codes_default_columns_and_a_second_run() -> None:
    ens = phin.Ensemble(pd.DataFrame({"state": [4, 0]}))
    a = ens.run(0.25, record=["state"])
    assert list(a.signals.sel(signal="state").isel(time=-1).values) == [4, 0]
    b = ens.run(0.25, record=["state"])
    assert b.time.values[0] == pytest.approx(0.25025)
    assert ens.tick == 2000
    # Defaults: seed 0, the default noise, normal: equals a default processor.
    d = phin.Ensemble(pd.DataFrame(index=range(2))).run(0.1)
    one = phin.Processor().run(0.1)
    np.testing.assert_array_equal(d.x.isel(instance=1).values, one.x.values)


def test_progress_is_reported_and_ends_at_the_total() -> None:
    seen = []
    ens = phin.Ensemble(pd.DataFrame({"seed": range(40)}))
    ens.run(2, record=["theta"], every=100, progress=lambda d, t: seen.append((d, t)))
    assert len(seen) >= 2 and seen[0][0] < 2.0
    assert all(t == 2.0 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == 2.0
