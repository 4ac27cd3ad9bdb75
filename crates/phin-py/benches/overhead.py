"""Python's overhead on a 60 s run: ``phin.Processor().run(60)`` (the default recording, every
oscillator's x, y, amplitude and phase and four readouts at 4 kHz, returned as a Dataset)
against the same run written in plain Rust (``phin._phin._rust_baseline``: the same ticks,
noise and values into vectors), in CPU seconds of this process, alternating, median of N.

    python crates/phin-py/benches/overhead.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time

import phin
from phin import _phin


def cpu(f) -> float:
    t = time.process_time()
    f()
    return time.process_time() - t


def main(n: int) -> None:
    ticks = 60 * 4000
    rust, py = [], []
    for _ in range(n):
        rust.append(cpu(lambda: _phin._rust_baseline("normal", 0, ticks)))
        py.append(cpu(lambda: phin.Processor().run(60)))
    r, p = statistics.median(rust), statistics.median(py)
    print(f"60 s run, CPU seconds, median of {n}: Rust {r:.3f}, Python {p:.3f}: overhead {100 * (p / r - 1):+.1f} %")
    print("  Rust:   " + " ".join(f"{x:.3f}" for x in rust))
    print("  Python: " + " ".join(f"{x:.3f}" for x in py))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
