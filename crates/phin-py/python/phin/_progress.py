"""Progress of long runs, in notebooks and terminals.

A run calls its progress callback between chunks of ticks, on the calling thread and while
the simulation itself runs without the GIL, so showing progress never slows the run down.
``progress=None`` shows a bar only for runs long enough to want one and only where someone
looks (a terminal or a notebook); ``True`` always, ``False`` never; a callable receives
``(done, total)`` in simulated seconds.
"""

from __future__ import annotations

import sys
from typing import Callable, Optional, Union

__all__ = ["Progress", "ProgressArg"]

ProgressArg = Union[None, bool, Callable[[float, float], object]]

#: Instance-ticks above which ``progress=None`` shows a bar (a few seconds of wall time).
AUTO_THRESHOLD = 2_000_000


def _interactive() -> bool:
    """True in a Jupyter kernel or with a terminal on stderr."""
    if "ipykernel" in sys.modules:
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Turns a run's ``(done, total)`` ticks into what ``progress`` asks for.

    Args:
        progress: None (automatic), True, False, or a callable ``f(done_s, total_s)``.
        total_ticks: Ticks of the run.
        work: Instance-ticks of the run (for the automatic choice).
        desc: The bar's label.
    """

    def __init__(self, progress: ProgressArg, total_ticks: int, work: int, desc: str) -> None:
        from ._phin import TICK_HZ

        self._hz = TICK_HZ
        self._total = total_ticks
        self._user: Optional[Callable[[float, float], object]] = None
        self._bar = None
        self._text = False
        show = progress if isinstance(progress, bool) else None
        if callable(progress):
            self._user = progress
        elif show or (progress is None and work >= AUTO_THRESHOLD and _interactive()):
            try:
                from tqdm.auto import tqdm

                self._bar = tqdm(
                    total=round(total_ticks / TICK_HZ, 3), desc=desc, unit="s simulated",
                    leave=False,
                )
            except ImportError:
                self._text = True
                self._desc = desc

    @property
    def callback(self) -> Optional[Callable[[int, int], None]]:
        """The function the run calls with ``(done, total)`` ticks, or None when nothing is
        shown (the run then never takes the GIL back for it)."""
        if self._user is None and self._bar is None and not self._text:
            return None
        return self._update

    def _update(self, done: int, total: int) -> None:
        d, t = done / self._hz, total / self._hz
        if self._user is not None:
            self._user(d, t)
        elif self._bar is not None:
            self._bar.n = round(d, 3)
            self._bar.refresh()
        elif self._text:
            sys.stderr.write(f"\r{self._desc}: {100 * done / max(total, 1):5.1f} % ({d:.1f} of {t:.1f} s)")
            sys.stderr.flush()

    def close(self) -> None:
        """Removes the bar or ends the text line."""
        if self._bar is not None:
            self._bar.close()
        elif self._text:
            sys.stderr.write("\n")
            sys.stderr.flush()
