"""Type stubs of the extension module ``phin._phin`` (Rust, pyo3): the native halves that
``phin.Processor``, ``phin.Ensemble`` and ``phin.cosim`` wrap. Use the ``phin`` package; this
module's interface may change between versions."""

from typing import Any, Callable, Optional, Sequence

import numpy as np
import numpy.typing as npt

__version__: str
TICK_HZ: float
DEFAULT_NOISE: float
DEFAULT_READOUTS: list[str]

_Arrays = Sequence[tuple[str, npt.NDArray[np.float64]]]
_Progress = Optional[Callable[[int, int], object]]

class Processor:
    """One processor with its drive (held inputs, sine, seeded background noise)."""

    def __new__(cls, state: str = "normal", adaptive: bool = False, seed: int = 0, noise: float = ...) -> "Processor": ...
    @property
    def tick(self) -> int:
        """Clock-enable edges since reset."""
    @property
    def adaptive(self) -> bool:
        """ENABLE_ADAPTIVE."""
    @property
    def seed(self) -> int:
        """Seed of the background noise."""
    @property
    def noise(self) -> float:
        """Amplitude of the background noise."""
    @property
    def state(self) -> str:
        """The state requested."""
    @property
    def transition(self) -> float:
        """The held transition length, seconds."""
    @property
    def drive(self) -> Optional[tuple[float, float]]:
        """The sine drive (hz, amplitude), or None."""
    def request_state(self, state: str, transition: Optional[float] = None) -> None:
        """Requests a state, optionally with a new transition length in seconds."""
    def held(self) -> list[tuple[str, list[float]]]:
        """The held inputs by name."""
    def hold(self, name: str, values: list[float]) -> None:
        """Holds an input's values (one per element)."""
    def set_drive(self, hz: Optional[float] = None, amplitude: float = 0.0) -> None:
        """Sets or removes the sine drive."""
    def run(
        self,
        ticks: int,
        record: Optional[list[str]] = None,
        every: int = 1,
        inputs: _Arrays = ...,
        progress: _Progress = None,
    ) -> dict[str, Any]:
        """Runs and returns the rows: ticks, x, y, amplitude, phase, signals and the names."""
    def step(self, ticks: int, inputs: _Arrays = ...) -> None:
        """Runs without recording."""
    def probe(self) -> dict[str, Any]:
        """Every readout now."""
    def snapshot_json(self) -> str:
        """phin-core's Snapshot as JSON."""
    def read(self, name: str) -> int:
        """A register by its RTL name."""
    def save(self, path: str) -> None:
        """Writes the checkpoint."""
    @staticmethod
    def load(path: str, seed: int = 0, noise: float = ...) -> "Processor":
        """The processor of a checkpoint, its noise taken up at the checkpoint's tick."""
    def copy(self) -> "Processor":
        """A copy."""

_Row = tuple[str, bool, int, float, list[tuple[str, list[float]]], Optional[tuple[float, float]]]

class Ensemble:
    """Many processors on all cores."""

    def __new__(cls, rows: Sequence[_Row]) -> "Ensemble": ...
    def __len__(self) -> int: ...
    @property
    def tick(self) -> int:
        """Clock-enable edges since reset."""
    def run(
        self,
        ticks: int,
        record: Optional[list[str]] = None,
        every: int = 1,
        progress: _Progress = None,
        threads: Optional[int] = None,
    ) -> dict[str, Any]:
        """Runs every instance; arrays stacked over instances."""

def cosim(
    rtl_dir: str,
    top: str,
    ticks: int = 100_000,
    seed: int = 0,
    compare: str = "all",
    keep_going: int = 0,
    adaptive: bool = False,
    vcd: Optional[str] = None,
    mismatch_vcd: Optional[str] = None,
) -> dict[str, Any]:
    """Lockstep co-simulation; the result as a dict."""

def oscillator_names() -> list[str]:
    """The oscillators in phin-core's order."""

def signal_names() -> list[tuple[str, int, bool]]:
    """Every register: (RTL name, width, signed)."""

def readouts() -> list[tuple[str, str, str]]:
    """The named readouts: (name, unit, doc)."""

def input_fields() -> list[tuple[str, list[str], list[str], str, str]]:
    """The input fields: (name, element names, RTL ports, unit, doc)."""

def mu_table() -> tuple[list[str], list[str], list[list[float]]]:
    """μ per state and oscillator."""

def _reference_run(
    state: str, adaptive: bool, seed: int, sensory: list[int], ticks: int, every: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """For the tests: the plain Rust loop's x and y words."""

def _rust_baseline(state: str, seed: int, ticks: int) -> float:
    """For the overhead measurement: the same run in plain Rust."""
