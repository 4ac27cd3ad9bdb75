"""Python's overhead on a 60 s run, against the same run in plain Rust (CPU time).

The figure is reported (``pytest -s`` prints it; benches/overhead.py measures it with more
repeats). The bound is loose enough that a loaded machine cannot make the test flaky (the
fastest of three alternating runs on each side, +25 %), and tight enough that a real regression
fails it: copying the recorded vectors into numpy cost +44 %.
"""

from __future__ import annotations

import time

import phin
from phin import _phin


def cpu(f) -> float:
    t = time.process_time()
    f()
    return time.process_time() - t


def test_python_overhead_on_a_60_s_run() -> None:
    ticks = 60 * 4000
    rust, py = [], []
    for _ in range(3):
        rust.append(cpu(lambda: _phin._rust_baseline("normal", 0, ticks)))
        py.append(cpu(lambda: phin.Processor().run(60)))
    ds = phin.Processor().run(60)
    assert ds.sizes == {"time": ticks, "oscillator": 21, "signal": 4}
    overhead = min(py) / min(rust) - 1
    print(f"\n60 s run, fastest of 3: Rust {min(rust):.3f} s CPU, Python {min(py):.3f} s CPU, overhead {100 * overhead:+.1f} %")
    assert overhead < 0.25
