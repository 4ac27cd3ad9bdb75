"""``phin.Ensemble``: one processor per row of a pandas DataFrame, on every core."""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from . import _phin
from ._dataset import to_dataset
from ._errors import InputError
from ._inputs import run_ticks
from ._progress import Progress, ProgressArg

__all__ = ["Ensemble", "COLUMNS"]


def _columns() -> dict[str, str]:
    cols = {
        "state": "consciousness state: a name (normal … meditation) or its code 0-4; default normal",
        "adaptive": "active φⁿ dynamics (ENABLE_ADAPTIVE), bool; default False",
        "seed": "seed of the sensory background noise, int ≥ 0; default 0",
        "noise": "amplitude of the background noise, a Q4.14 real 0 … 8; default 0.02",
        "drive_hz": "frequency of a sine on the sensory input, 0 … 2000 Hz; default none",
        "drive_amplitude": "amplitude of that sine, a Q4.14 real; default 0",
    }
    for name, elements, ports, unit, doc in _phin.input_fields():
        for i, col in enumerate(elements or [name]):
            cols[col] = f"{doc} ({ports[i]}); held; default 0"
    return cols


#: The columns an Ensemble's frame may have, and what each sets. Any other column must be named
#: in ``labels`` (it is then carried into the Dataset but sets nothing).
COLUMNS: dict[str, str] = _columns()

#: Names the Dataset uses itself, which a label column may not take.
_RESERVED = {"instance", "time", "tick", "oscillator", "signal", "unit", "x", "y", "amplitude", "phase", "signals"}

_STATES = ["normal", "anesthesia", "psychedelic", "flow", "meditation"]


def _state(k: int, v: Any) -> str:
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        if 0 <= int(v) < len(_STATES):
            return _STATES[int(v)]
        raise InputError(f"row {k}: state = {v} is out of range (allowed codes 0 … 4)", "state", "0 … 4, " + ", ".join(_STATES))
    return str(v)


def _missing(v: Any) -> bool:
    """None or NaN: a cell left empty."""
    return v is None or (isinstance(v, (float, np.floating)) and math.isnan(v))


def _number(k: int, col: str, v: Any) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise InputError(f"row {k}: {col} = {v!r} is not a number", col, "a number") from None
    if math.isnan(x):
        raise InputError(f"row {k}: {col} is not a number (NaN)", col, "a number")
    return x


class Ensemble:
    """Many processors, one per row of ``params``, run together on every core.

    Args:
        params: One row per instance; the columns (:data:`phin.COLUMNS`) set what differs:
            ``state``, ``adaptive``, ``seed``, ``noise``, the held inputs (``sensory``,
            ``sr_field``, ``sr_harmonic_field_f0`` … ``_f4``) and a sine drive on the sensory
            input (``drive_hz``, ``drive_amplitude``). A column left out takes its default.
        labels: Other columns of ``params`` to carry into the Dataset (e.g. a group label); any
            column that is neither is refused, so that a misspelt parameter cannot be ignored.

    Raises:
        phin.InputError: An unknown column, or a value out of range, naming the column (and
            the row).

    Instance k is bit-for-bit the :class:`phin.Processor` of row k run alone.

    Example::

        grid = pd.DataFrame({"drive_hz": np.arange(4, 8, 0.5), "drive_amplitude": 0.3})
        ds = phin.Ensemble(grid).run(10, record=["theta"], every=4)
        ds.amplitude.mean("time")            # one value per instance, labelled by drive_hz
    """

    def __init__(self, params: pd.DataFrame, labels: Sequence[str] = ()) -> None:
        if not isinstance(params, pd.DataFrame):
            raise InputError(f"params must be a pandas.DataFrame, not {type(params).__name__}", "params", "a pandas.DataFrame")
        if len(params) == 0:
            raise InputError("params has no rows (allowed: one row per instance, at least one)", "params", "1 or more rows")
        labels = [str(c) for c in labels]
        for c in params.columns:
            if str(c) not in COLUMNS and str(c) not in labels:
                raise InputError(
                    f"column {str(c)!r} is not a parameter (allowed: {', '.join(COLUMNS)}; "
                    "carry other columns with labels=[...])",
                    str(c),
                    ", ".join(COLUMNS),
                )
        for c in labels:
            if c in COLUMNS:
                raise InputError(f"labels: {c!r} is a parameter, not a label", c, "columns that are not parameters")
            if c not in params.columns:
                raise InputError(f"labels: no column {c!r} in params", c, ", ".join(map(str, params.columns)))
            if c in _RESERVED:
                raise InputError(f"labels: {c!r} is a name of the Dataset itself; rename the column", c, "other names")
        fields = _phin.input_fields()
        rows = []
        # Records keep each column's own type (iterrows would turn an int seed into a float
        # beside a float column).
        records = params.rename(columns=str).to_dict("records") if len(params.columns) else [{}] * len(params)
        for k, r in enumerate(records):
            get = r.get
            held = []
            for name, elements, _ports, _unit, _doc in fields:
                cols = elements or [name]
                if any(c in params.columns for c in cols):
                    held.append((name, [_number(k, c, get(c, 0.0)) for c in cols]))
            # A row without a drive has no drive_hz (or NaN there, and its amplitude may be NaN too).
            hz, amp = get("drive_hz", None), get("drive_amplitude", 0.0)
            drive = None
            if not _missing(hz):
                drive = (_number(k, "drive_hz", hz), _number(k, "drive_amplitude", amp))
            elif not _missing(amp) and _number(k, "drive_amplitude", amp) != 0.0:
                raise InputError(f"row {k}: drive_amplitude without drive_hz", "drive_hz", "0 … 2000 Hz")
            seed = get("seed", 0)
            if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
                seed = _number(k, "seed", seed)
            if seed < 0 or seed != int(seed) or int(seed) >= 2**64:
                raise InputError(f"row {k}: seed = {seed} is out of range (allowed whole numbers 0 … 2**64-1)", "seed", "0 … 2**64-1")
            rows.append(
                (
                    _state(k, get("state", "normal")),
                    bool(get("adaptive", False)),
                    int(seed),
                    _number(k, "noise", get("noise", _phin.DEFAULT_NOISE)),
                    held,
                    drive,
                )
            )
        self._params = params.copy()
        self._e = _phin.Ensemble(rows)

    @property
    def params(self) -> pd.DataFrame:
        """The frame the ensemble was made from (a copy)."""
        return self._params.copy()

    @property
    def tick(self) -> int:
        """Clock-enable edges since reset (the same for every instance)."""
        return self._e.tick

    @property
    def time(self) -> float:
        """Simulated seconds since reset."""
        return self._e.tick / _phin.TICK_HZ

    def __len__(self) -> int:
        return len(self._e)

    def run(
        self,
        seconds: float,
        record: Optional[Sequence[str]] = None,
        every: int = 1,
        *,
        progress: ProgressArg = None,
        threads: Optional[int] = None,
    ) -> xr.Dataset:
        """Runs every instance ``seconds`` of simulated time, on ``threads`` threads (None:
        every core), with the GIL released.

        Args:
            seconds: Simulated seconds (rounded to the 4 kHz tick).
            record: Oscillator and readout names as in :meth:`phin.Processor.run` (RTL register
                names are for a single processor). Default: every oscillator and ``dac``,
                ``kuramoto_r``, ``sie_phase``, ``coupling_mode``.
            every: Record every N-th tick.
            progress: None (a bar for long runs where someone looks), True, False, or a
                callable ``f(done_seconds, total_seconds)``.
            threads: Worker threads; None uses every core.

        Returns:
            The Dataset of :meth:`phin.Processor.run` with a leading ``instance`` dimension,
            whose coordinate is the frame's index and whose other coordinates are the frame's
            columns (``ds.sel(instance=3)``, ``ds.where(ds.state == "flow")``,
            ``ds.groupby("drive_hz")``).

        Memory: 4 variables × 8 bytes × 21 oscillators per instance and recorded tick (2.7 MB
        per instance and simulated second at ``every=1``); use ``every`` and ``record`` for
        long runs.
        """
        ticks = run_ticks(seconds)
        pr = Progress(progress, ticks, ticks * max(len(self), 1), "phin ensemble")
        try:
            raw = self._e.run(
                ticks,
                None if record is None else [str(r) for r in record],
                int(every),
                pr.callback,
                None if threads is None else int(threads),
            )
        finally:
            pr.close()
        attrs = {"every": int(every), "sample_rate_hz": _phin.TICK_HZ / int(every)}
        return to_dataset(raw, attrs, instances=self._params)

    def __repr__(self) -> str:
        return f"phin.Ensemble({len(self)} instances, columns {list(map(str, self._params.columns))}) at t = {self.time:.4f} s"
