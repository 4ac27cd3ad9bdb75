"""The Datasets of runs: what the native module returns, labelled."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import numpy as np
import pandas as pd
import xarray as xr

from . import _phin

__all__ = ["to_dataset", "OSCILLATOR_VARIABLES"]

#: The per-oscillator variables of a run and their attributes.
OSCILLATOR_VARIABLES: dict[str, dict[str, str]] = {
    "x": {
        "units": "1",
        "long_name": "x",
        "description": "the oscillator's x register, Q4.14 as a real (1.0 = full scale, exact)",
    },
    "y": {
        "units": "1",
        "long_name": "y",
        "description": "the oscillator's y register (the quadrature), Q4.14 as a real",
    },
    "amplitude": {
        "units": "1",
        "long_name": "amplitude",
        "description": "the RTL's amplitude port: max(hi, hi - hi/8 + lo/2) of |x|, |y|, "
        "within -3 … +1 % of the radius",
    },
    "phase": {
        "units": "rad",
        "long_name": "phase",
        "description": "atan2(y, x) in (-pi, pi]: 0 at the positive x peak",
    },
}


def to_dataset(
    raw: Mapping[str, Any],
    attrs: Mapping[str, Any],
    instances: Optional[pd.DataFrame] = None,
) -> xr.Dataset:
    """The Dataset of a run.

    Args:
        raw: What the native ``run`` returned: ``ticks``, per-oscillator arrays shaped
            (instances, rows, oscillators), ``signals`` (instances, rows, signals) and the names.
        attrs: The Dataset's attributes (beside ``phin_version`` and the tick rate).
        instances: For an ensemble, its frame: the index becomes the ``instance`` coordinate
            and every column a coordinate along it. None for a single processor.

    Returns:
        Dimensions ``time`` (coordinate in seconds, and ``tick``), ``oscillator`` (phin-core's
        names) and ``signal`` (with its ``unit``), and ``instance`` for an ensemble.
    """
    ticks = np.asarray(raw["ticks"], dtype=np.int64)
    lead: tuple[str, ...] = ("instance",) if instances is not None else ()

    def take(a: np.ndarray) -> np.ndarray:
        return a if instances is not None else a[0]

    coords: dict[str, Any] = {
        "time": ("time", ticks / _phin.TICK_HZ, {"units": "s", "long_name": "simulated time"}),
        "tick": ("time", ticks, {"units": "1", "long_name": "clock-enable edges since reset"}),
    }
    data: dict[str, Any] = {}
    if raw["oscillators"]:
        coords["oscillator"] = ("oscillator", list(raw["oscillators"]), {"long_name": "oscillator"})
        for name, a in OSCILLATOR_VARIABLES.items():
            data[name] = (lead + ("time", "oscillator"), take(raw[name]), dict(a))
    if raw["signal_names"]:
        coords["signal"] = ("signal", list(raw["signal_names"]), {"long_name": "signal"})
        coords["unit"] = ("signal", list(raw["signal_units"]), {"long_name": "unit of each signal"})
        data["signals"] = (
            lead + ("time", "signal"),
            take(raw["signals"]),
            {
                "units": "see the unit coordinate",
                "long_name": "signals",
                "description": "named readouts (phin.READOUTS) and RTL registers; a Q4.14 "
                "register as a real (unit 1), others as integers (unit raw, code, flag)",
            },
        )
    if instances is not None:
        index = instances.index
        coords["instance"] = ("instance", np.asarray(index), {"long_name": index.name or "instance"})
        for col in instances.columns:
            coords[str(col)] = ("instance", instances[col].to_numpy())
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(
        {
            "phin_version": _phin.__version__,
            "tick_hz": _phin.TICK_HZ,
            "time_units": "s",
            "source": "phin: the bit-exact model of the phi-n neural processor",
        }
    )
    ds.attrs.update(attrs)
    return ds
