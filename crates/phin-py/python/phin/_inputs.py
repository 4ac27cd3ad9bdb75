"""Inputs given to a run as numbers or arrays, checked and passed to the native module."""

from __future__ import annotations

import math
from typing import Any, Mapping, Union

import numpy as np
from numpy.typing import ArrayLike

from . import _phin
from ._errors import InputError

__all__ = ["InputValue", "run_ticks", "per_run_arrays", "held_values"]

#: A held value (a number, or 5 numbers for ``sr_harmonic_field``) or one per tick (an array).
InputValue = Union[float, ArrayLike]

#: Longest run, seconds: one simulated week, as ``phin run``.
MAX_SECONDS = 7 * 86_400.0


def run_ticks(seconds: float) -> int:
    """Ticks of a run of ``seconds`` (nearest tick), or :class:`InputError` naming ``seconds``."""
    try:
        s = float(seconds)
    except (TypeError, ValueError):
        raise InputError(f"seconds = {seconds!r} is not a number", "seconds", f"0.00025 s … {MAX_SECONDS:g} s") from None
    ticks = round(s * _phin.TICK_HZ) if math.isfinite(s) else 0
    if not (math.isfinite(s) and 0 < s <= MAX_SECONDS and ticks >= 1):
        raise InputError(
            f"seconds = {seconds!r} is out of range (allowed 0.00025 s … {MAX_SECONDS:g} s)",
            "seconds",
            f"0.00025 s … {MAX_SECONDS:g} s",
        )
    return ticks


def _flat(name: str, value: Any) -> np.ndarray:
    try:
        return np.ascontiguousarray(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as e:
        raise InputError(f"{name}: not numbers ({e})", name, "a number or an array of numbers") from None


def per_run_arrays(inputs: Mapping[str, InputValue]) -> list[tuple[str, np.ndarray]]:
    """``(name, flat float64 array)`` per input of a run; the native side checks names, lengths
    and ranges and names the field (and tick) it refuses."""
    return [(name, _flat(name, v)) for name, v in inputs.items()]


def held_values(name: str, value: InputValue) -> list[float]:
    """The values of a held input as a list (one per element)."""
    return [float(v) for v in _flat(name, value)]
