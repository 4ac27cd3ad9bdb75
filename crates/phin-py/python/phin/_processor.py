"""``phin.Processor``: one processor, run from Python."""

from __future__ import annotations

import json
import os
from typing import Any, Optional, Sequence

import xarray as xr

from . import _phin
from ._dataset import to_dataset
from ._errors import InputError
from ._inputs import InputValue, held_values, per_run_arrays, run_ticks
from ._progress import Progress, ProgressArg

__all__ = ["Processor"]


class Processor:
    """The whole φⁿ processor, bit-exact at its 4 kHz tick, driven in physical units.

    Args:
        state: The consciousness state at the start: ``"normal"``, ``"anesthesia"``,
            ``"psychedelic"``, ``"flow"`` or ``"meditation"`` (section 8.1).
        adaptive: Active φⁿ dynamics (the RTL's ``ENABLE_ADAPTIVE``).
        seed: Seed of the sensory background noise. With the default noise, a run equals
            ``phin run --seed SEED`` of the same state and length.
        noise: Amplitude of the background noise added to the sensory input every tick, a
            Q4.14 real (uniform in ±noise; ``phin run``'s 0.02 by default, 0 for none).
        sensory: The held sensory input (``sensory_input``), a Q4.14 real (1.0 = full scale).
        sr_field: The held broadband Schumann-resonance field (``sr_field_input``).
        sr_harmonic_field: The held field at each SR harmonic f0 … f4 (5 numbers).
        transition: Length of a state change, seconds (0 … 16.38375; 0 is immediate).

    Raises:
        phin.InputError: A value out of range or an unknown state, naming the field and what
            it allows.

    Example::

        p = phin.Processor(state="meditation", seed=1)
        ds = p.run(10)                       # xarray.Dataset: time × oscillator
        ds.x.sel(oscillator="theta").plot()
    """

    def __init__(
        self,
        state: str = "normal",
        adaptive: bool = False,
        seed: int = 0,
        noise: float = _phin.DEFAULT_NOISE,
        *,
        sensory: float = 0.0,
        sr_field: float = 0.0,
        sr_harmonic_field: Sequence[float] = (0.0, 0.0, 0.0, 0.0, 0.0),
        transition: float = 0.0,
    ) -> None:
        self._p = _phin.Processor(str(state), bool(adaptive), int(seed), float(noise))
        self._p.request_state(str(state), float(transition))
        self.set_inputs(sensory=sensory, sr_field=sr_field, sr_harmonic_field=sr_harmonic_field)

    @classmethod
    def _wrap(cls, native: Any) -> "Processor":
        self = cls.__new__(cls)
        self._p = native
        return self

    # -- where it is -------------------------------------------------------------------------

    @property
    def tick(self) -> int:
        """Clock-enable edges (4 kHz ticks) since reset."""
        return self._p.tick

    @property
    def time(self) -> float:
        """Simulated seconds since reset (``tick / 4000``)."""
        return self._p.tick / _phin.TICK_HZ

    @property
    def adaptive(self) -> bool:
        """Active φⁿ dynamics (``ENABLE_ADAPTIVE``)."""
        return self._p.adaptive

    @property
    def seed(self) -> int:
        """Seed of the sensory background noise."""
        return self._p.seed

    @property
    def noise(self) -> float:
        """Amplitude of the sensory background noise, a Q4.14 real."""
        return self._p.noise

    # -- inputs --------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The state requested on ``state_select``. Setting it requests a change, which takes
        :attr:`transition` seconds."""
        return self._p.state

    @state.setter
    def state(self, value: str) -> None:
        self._p.request_state(str(value), None)

    @property
    def transition(self) -> float:
        """Length of a state change, seconds (``transition_duration``; 0 … 16.38375)."""
        return self._p.transition

    @transition.setter
    def transition(self, seconds: float) -> None:
        self._p.request_state(self._p.state, float(seconds))

    def transition_to(self, state: str, seconds: Optional[float] = None) -> None:
        """Requests ``state``, moving to it over ``seconds`` (default: :attr:`transition`).

        The change starts with the next tick; the processor's μ values move linearly to the new
        state's (section 8.2).
        """
        self._p.request_state(str(state), None if seconds is None else float(seconds))

    @property
    def inputs(self) -> dict[str, Any]:
        """The held inputs by name: ``sensory`` and ``sr_field`` (numbers) and
        ``sr_harmonic_field`` (a list of 5), as the ports carry them (Q4.14 reals)."""
        return {name: (v[0] if len(v) == 1 else v) for name, v in self._p.held()}

    def set_inputs(self, **values: InputValue) -> None:
        """Holds inputs from the next tick on, by name (see :data:`phin.INPUTS`), e.g.
        ``p.set_inputs(sensory=0.25, sr_harmonic_field=[0, 0, 0.1, 0, 0])``.

        Raises:
            phin.InputError: An unknown name or a value out of range (naming it).
        """
        for name, v in values.items():
            self._p.hold(name, held_values(name, v))

    @property
    def sensory(self) -> float:
        """The held sensory input (``sensory_input``), a Q4.14 real, 1.0 = full scale."""
        return float(self.inputs["sensory"])

    @sensory.setter
    def sensory(self, value: float) -> None:
        self.set_inputs(sensory=value)

    @property
    def sr_field(self) -> float:
        """The held broadband Schumann-resonance field (``sr_field_input``), a Q4.14 real."""
        return float(self.inputs["sr_field"])

    @sr_field.setter
    def sr_field(self, value: float) -> None:
        self.set_inputs(sr_field=value)

    @property
    def sr_harmonic_field(self) -> list[float]:
        """The held field at each SR harmonic f0 … f4 (``sr_field_packed``), Q4.14 reals."""
        return [float(v) for v in self.inputs["sr_harmonic_field"]]

    @sr_harmonic_field.setter
    def sr_harmonic_field(self, value: Sequence[float]) -> None:
        self.set_inputs(sr_harmonic_field=value)

    @property
    def drive(self) -> Optional[tuple[float, float]]:
        """A sine on the sensory input, ``(hz, amplitude)``, added to the held value, or None.
        Set it with :meth:`set_drive`."""
        return self._p.drive

    def set_drive(self, hz: Optional[float], amplitude: float = 0.0) -> None:
        """Adds ``amplitude · sin(2π · hz · t)`` to the sensory input (t: :attr:`time`);
        ``hz=None`` removes it.

        Raises:
            phin.InputError: ``hz`` outside 0 … 2000 Hz, or an amplitude that would take the
                sensory input out of its range.
        """
        self._p.set_drive(None if hz is None else float(hz), float(amplitude))

    # -- running -------------------------------------------------------------------------------

    def run(
        self,
        seconds: float,
        record: Optional[Sequence[str]] = None,
        every: int = 1,
        *,
        progress: ProgressArg = None,
        **inputs: InputValue,
    ) -> xr.Dataset:
        """Runs ``seconds`` of simulated time and returns what was recorded.

        Args:
            seconds: Simulated seconds (rounded to the 4 kHz tick).
            record: Names to record: oscillators (``"theta"``, ``"motor.l23"``, …, see
                :data:`phin.OSCILLATORS`), readouts (``"kuramoto_r"``, see
                :data:`phin.READOUTS`) and any register by its RTL name
                (:func:`phin.signal_names`). Default: every oscillator and ``dac``,
                ``kuramoto_r``, ``sie_phase``, ``coupling_mode``.
            every: Record every N-th tick (1: the full 4 kHz).
            progress: None (a bar for long runs where someone looks), True, False, or a
                callable ``f(done_seconds, total_seconds)``.
            **inputs: Inputs for this run only, by name (:data:`phin.INPUTS`): a number held for
                the run, or one value per tick (``sensory=np.sin(...)``;
                ``sr_harmonic_field`` takes 5 numbers or an array of ticks × 5).

        Returns:
            An ``xarray.Dataset``: ``x``, ``y``, ``amplitude``, ``phase`` over
            (``time``, ``oscillator``), ``signals`` over (``time``, ``signal``); ``time`` in
            seconds since reset (the processor's time after each recorded tick), ``tick``
            beside it; units in each variable's attributes, the phin version in the
            Dataset's.

        Raises:
            phin.InputError: A bad argument, naming it and what it allows.
            KeyboardInterrupt: Ctrl-C; the processor keeps the ticks it ran.

        The simulation runs without the GIL: other Python threads go on meanwhile.
        """
        ticks = run_ticks(seconds)
        pr = Progress(progress, ticks, ticks, "phin run")
        try:
            raw = self._p.run(ticks, None if record is None else [str(r) for r in record], int(every), per_run_arrays(inputs), pr.callback)
        finally:
            pr.close()
        attrs = {
            "state": self.state,
            "adaptive": int(self.adaptive),
            "seed": self.seed,
            "noise": self.noise,
            "every": int(every),
            "sample_rate_hz": _phin.TICK_HZ / int(every),
        }
        return to_dataset(raw, attrs)

    def step(self, n: int = 1, **inputs: InputValue) -> None:
        """Advances ``n`` ticks (1/4000 s each) without recording; ``inputs`` as in
        :meth:`run`, one value per tick or held for the ``n`` ticks."""
        if int(n) < 0:
            raise InputError(f"n = {n} is out of range (allowed 0 …)", "n", "0 …")
        if int(n) > 0:
            self._p.step(int(n), per_run_arrays(inputs))

    def probe(self) -> dict[str, Any]:
        """Every readout now as a dict of reals: ``tick``, ``time``, the readouts of
        :data:`phin.READOUTS` (with ``state_name``, ``sie_phase_name``, ``coupling_mode_name``)
        and ``oscillators``: name → dict of ``x``, ``y``, ``amplitude``, ``radius``, ``phase``."""
        return self._p.probe()

    def snapshot(self) -> dict[str, Any]:
        """phin-core's ``Snapshot``: every readout as the hardware holds it (Q4.14 values as
        raw integer words, states by name), as a dict."""
        snap: dict[str, Any] = json.loads(self._p.snapshot_json())
        return snap

    def read(self, name: str) -> int:
        """The value of any register by its hierarchical RTL name (``"u_sie.phase_timer"``;
        :func:`phin.signal_names` lists them), sign-extended."""
        return self._p.read(str(name))

    # -- checkpoints ---------------------------------------------------------------------------

    def save(self, path: "str | os.PathLike[str]") -> None:
        """Writes the processor's checkpoint (every register and the tick; docs/checkpoint.md)
        to ``path``, atomically. Loadable by :meth:`load` and by phin-core from Rust.

        The held inputs and the noise's seed are not registers and are not in the file: pass
        them again to :meth:`load`.
        """
        self._p.save(os.fspath(path))

    @classmethod
    def load(
        cls,
        path: "str | os.PathLike[str]",
        seed: int = 0,
        noise: float = _phin.DEFAULT_NOISE,
        **inputs: InputValue,
    ) -> "Processor":
        """The processor a checkpoint holds, ready to continue exactly where it was saved.

        Args:
            path: A checkpoint written by :meth:`save` (or by phin from Rust).
            seed: The seed the saved processor's noise had: the noise is taken up at the
                checkpoint's tick, so the run continues as if it had never stopped.
            noise: Its noise amplitude.
            **inputs: The held inputs to continue with (as :meth:`set_inputs`).

        The requested state is the one the processor was in (or moving to) when saved.

        Raises:
            OSError: The file cannot be read.
            ValueError: Not a checkpoint, another version or layout, or a corrupt member (the
                message names it).
        """
        self = cls._wrap(_phin.Processor.load(os.fspath(path), int(seed), float(noise)))
        self.set_inputs(**inputs)
        return self

    def copy(self) -> "Processor":
        """An independent copy: same registers, inputs and place in the noise."""
        return Processor._wrap(self._p.copy())

    def __repr__(self) -> str:
        return (
            f"phin.Processor(state={self.state!r}, adaptive={self.adaptive}, seed={self.seed}, "
            f"noise={self.noise}) at t = {self.time:.4f} s"
        )

