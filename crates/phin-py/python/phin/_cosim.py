"""``phin.cosim``: the model against Verilator-built RTL, in lockstep, from Python."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Optional

import pandas as pd

from . import _phin

__all__ = ["cosim", "CosimResult", "Mismatch"]


@dataclass(frozen=True)
class Mismatch:
    """The first divergence of a co-simulation: where, what, both values, and how to
    reproduce it. ``str(m)`` is the report ``phin cosim`` prints.

    Attributes:
        tick: The tick at which the two sides first differ (0 is the reset state).
        time: That tick in seconds.
        clock_cycle: That tick in 125 MHz clock cycles.
        signal: The first divergent signal's hierarchical RTL name.
        width: Its width in bits.
        signed: Whether it is signed.
        model: The model's value (sign-extended).
        rtl: The RTL's value.
        model_hex: The model's raw bits in hex.
        rtl_hex: The RTL's raw bits in hex.
        model_real: The model's value as a Q4.14 real (None for a signal that is not Q4.14).
        rtl_real: The RTL's value as a Q4.14 real (or None).
        differing_bits: The bit positions that differ, highest first.
        all_divergent: Every signal that differs at that tick.
        inputs: The input ports and their values at that tick.
        history: The last ticks of the divergent signal: columns ``tick``, ``model``, ``rtl``.
        seed: The stimulus seed.
        repro: A ``phin cosim`` command that reproduces the run.
        vcd: A waveform of the window around the mismatch (both sides), if written.
        text: The text report.
    """

    tick: int
    time: float
    clock_cycle: int
    signal: str
    width: int
    signed: bool
    model: int
    rtl: int
    model_hex: str
    rtl_hex: str
    model_real: Optional[float]
    rtl_real: Optional[float]
    differing_bits: list[int]
    all_divergent: list[str]
    inputs: dict[str, int]
    history: pd.DataFrame = field(repr=False)
    seed: Optional[int]
    repro: str
    vcd: Optional[str]
    text: str = field(repr=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class CosimResult:
    """What a co-simulation found. True when the two sides agreed at every tick
    (``if phin.cosim(...):``).

    Attributes:
        agree: Every compared signal agreed at every tick.
        top: The top module.
        rtl_dir: The RTL directory.
        ticks: Ticks compared (not counting the reset state).
        ticks_run: Ticks run in all (more than ``ticks`` with ``keep_going``).
        signals: Signals compared per tick.
        mismatches: Ticks at which at least one signal differed.
        seed: The stimulus seed.
        stats: One row per compared signal: ``name``, ``port``, ``width``, ``signed``,
            ``compared``, ``agreeing``, ``first_divergent_tick``, ``max_abs_diff``,
            ``rms_diff`` (Q4.14 signals, as a real).
        report: The per-port text report.
        mismatch: The first divergence, or None.
        last_line: ``agree: N ticks, S signals, 0 mismatches`` (or ``disagree: …``).
        build_dir: Where the Verilated build is cached.
    """

    agree: bool
    top: str
    rtl_dir: str
    ticks: int
    ticks_run: int
    signals: int
    mismatches: int
    seed: int
    stats: pd.DataFrame = field(repr=False)
    report: str = field(repr=False)
    mismatch: Optional[Mismatch]
    last_line: str
    build_dir: str = field(repr=False)

    def __bool__(self) -> bool:
        return self.agree

    def __str__(self) -> str:
        s = self.report.rstrip("\n") + "\n"
        if self.mismatch is not None:
            s += str(self.mismatch).rstrip("\n") + "\n"
        return s + self.last_line


def cosim(
    rtl_dir: "str | os.PathLike[str]",
    top: str,
    ticks: int = 100_000,
    seed: int = 0,
    *,
    compare: str = "all",
    keep_going: int = 0,
    adaptive: bool = False,
    vcd: "Optional[str | os.PathLike[str]]" = None,
    mismatch_vcd: "Optional[str | os.PathLike[str]]" = None,
) -> CosimResult:
    """Co-simulates ``top`` from ``rtl_dir`` against phin's model, in lockstep on seeded random
    stimulus, comparing every register of the model's signal table after every tick (as
    ``phin cosim``; docs/cosim.md).

    Verilates at the first call for a given source tree (a minute or more for the whole
    processor) and caches the build in ``$PHIN_CACHE_DIR`` (else ``$XDG_CACHE_HOME/phin/cosim``).
    Runs with the GIL released.

    Args:
        rtl_dir: A directory of Verilog files (phin's ``rtl/``, or your own copy).
        top: The top module: any module phin has a model of (``"phi_n_neural_processor"``,
            ``"hopf_oscillator"``, …).
        ticks: Ticks to compare.
        seed: Seed of the random stimulus.
        compare: ``"all"`` (every register) or ``"ports"`` (the top's output ports only: for an
            RTL tree with other internals).
        keep_going: 0 stops at the first divergence; N goes on until N divergent ticks.
        adaptive: The whole processor with ``ENABLE_ADAPTIVE = 1``.
        vcd: Write a waveform of the whole run here.
        mismatch_vcd: Where the waveform of the window around a first mismatch goes (default:
            in the cache directory, ``mismatch/<top>-<seed>.vcd``).

    Returns:
        A :class:`CosimResult`; on a divergence its ``mismatch`` is a :class:`Mismatch`.

    Raises:
        phin.CosimError: Verilator missing, no such directory or module, no model of the top,
            a failed build (one line naming what to do).
        phin.InputError: A bad argument.
    """
    d: dict[str, Any] = _phin.cosim(
        os.fspath(rtl_dir), str(top), int(ticks), int(seed), str(compare), int(keep_going), bool(adaptive),
        None if vcd is None else os.fspath(vcd),
        None if mismatch_vcd is None else os.fspath(mismatch_vcd),
    )
    m = d["mismatch"]
    mismatch = None
    if m is not None:
        m = dict(m)
        m["history"] = pd.DataFrame(m["history"], columns=["tick", "model", "rtl"])
        m["inputs"] = dict(m["inputs"])
        m["vcd"] = None if m["vcd"] is None else os.fspath(m["vcd"])
        m.pop("sides", None)
        mismatch = Mismatch(**m)
    return CosimResult(
        agree=d["agree"],
        top=str(top),
        rtl_dir=os.fspath(rtl_dir),
        ticks=d["ticks"],
        ticks_run=d["ticks_run"],
        signals=d["signals"],
        mismatches=d["mismatches"],
        seed=d["seed"],
        stats=pd.DataFrame(d["stats"]),
        report=d["report"],
        mismatch=mismatch,
        last_line=d["last_line"],
        build_dir=os.fspath(d["build_dir"]),
    )
