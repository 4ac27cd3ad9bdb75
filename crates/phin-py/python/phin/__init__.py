"""phin: the φⁿ neural processor from Python.

The bit-exact model of an FPGA design of 21 coupled Q4.14 Hopf oscillators (thalamus, three
six-layer cortical columns, the Schumann-resonance bank; five consciousness states), stepped at
its 4 kHz tick in Rust, with runs returned as labelled arrays::

    import phin
    ds = phin.Processor(state="meditation", seed=1).run(10)      # xarray.Dataset
    ds.amplitude.sel(oscillator="theta").plot()

- :class:`Processor`: one processor; ``run`` → Dataset (time × oscillator, time × signal),
  ``step``, ``probe``, ``snapshot``, inputs in physical units, ``save``/``load`` checkpoints.
- :class:`Ensemble`: one processor per row of a pandas DataFrame, on every core; the Dataset
  gains an ``instance`` dimension labelled by the frame.
- :func:`cosim`: the model against Verilator-built RTL, tick by tick.
- :data:`OSCILLATORS`, :data:`STATES`, :data:`READOUTS`, :data:`INPUTS`, :data:`COLUMNS`,
  :func:`mu_table`, :func:`signal_names`: the names phin knows.

The tutorial is docs/python.md.
"""

from __future__ import annotations

import xarray as xr

from . import _phin
from ._cosim import CosimResult, Mismatch, cosim
from ._ensemble import COLUMNS, Ensemble
from ._errors import CosimError, InputError
from ._processor import Processor

__all__ = [
    "Processor",
    "Ensemble",
    "cosim",
    "CosimResult",
    "Mismatch",
    "InputError",
    "CosimError",
    "OSCILLATORS",
    "STATES",
    "READOUTS",
    "INPUTS",
    "COLUMNS",
    "DEFAULT_RECORD",
    "TICK_HZ",
    "mu_table",
    "signal_names",
    "__version__",
]

#: phin's version (the Rust workspace's), also in every Dataset's ``phin_version`` attribute.
__version__: str = _phin.__version__

#: Clock-enable ticks per simulated second: 4000.
TICK_HZ: float = _phin.TICK_HZ

#: The 21 oscillators in phin-core's order: ``theta``; ``sensory.l6`` … ``sensory.l23``,
#: ``assoc.*``, ``motor.*`` (layers l6, l5a, l5b, l4, l23); ``sr.f0`` … ``sr.f4``.
OSCILLATORS: tuple[str, ...] = tuple(_phin.oscillator_names())

#: The five consciousness states by code (section 8.1).
STATES: tuple[str, ...] = ("normal", "anesthesia", "psychedelic", "flow", "meditation")

#: The named readouts that ``record=`` and ``probe()`` know: name → (unit, description).
READOUTS: dict[str, tuple[str, str]] = {name: (unit, doc) for name, unit, doc in _phin.readouts()}

#: The inputs by name → (RTL port(s), unit, description); ``run(..., name=values)``,
#: ``Processor.set_inputs(name=value)``.
INPUTS: dict[str, tuple[tuple[str, ...], str, str]] = {
    name: (tuple(ports), unit, doc) for name, _elements, ports, unit, doc in _phin.input_fields()
}

#: What ``record=None`` records beside every oscillator.
DEFAULT_RECORD: tuple[str, ...] = tuple(_phin.DEFAULT_READOUTS)


def mu_table() -> xr.DataArray:
    """μ of every oscillator in every state (section 8.2's MU table as μ = MU / DT; the SR
    bank's oscillators keep μ = 1): a DataArray over (``state``, ``oscillator``).

    ``phin.mu_table().sel(state=ds.state)`` gives μ per instance of an ensemble whose frame
    has a ``state`` column.
    """
    states, oscillators, rows = _phin.mu_table()
    return xr.DataArray(
        rows,
        dims=("state", "oscillator"),
        coords={"state": states, "oscillator": oscillators},
        name="mu",
        attrs={"units": "1", "long_name": "growth rate μ", "description": "MU / DT of section 8.2"},
    )


def signal_names() -> list[tuple[str, int, bool]]:
    """Every register of the processor as ``(RTL name, width, signed)``, in the signal table's
    order: the names ``record=`` and ``Processor.read`` accept beside the readouts."""
    return list(_phin.signal_names())
