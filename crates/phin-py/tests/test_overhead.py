"""Python's overhead on a 60 s run, against the same run in plain Rust (CPU time).

The figure is reported (``pytest -s`` prints it; benches/overhead.py measures it properly); the
bound here is generous, so that a loaded machine cannot make the test flaky while a real
regression (a copy per tick, the GIL taken per tick, a Python loop) still fails it.
"""

from __future__ import annotations

import time

import phin
from phin import _phin


def test_python_overhead_on_a_60_s_run() -> None:
    ticks = 60 * 4000
    t = time.process_time()
    _phin._rust_baseline("normal", 0, ticks)
    rust = time.process_time() - t
    t = time.process_time()
    ds = phin.Processor().run(60)
    py = time.process_time() - t
    assert ds.sizes == {"time": ticks, "oscillator": 21, "signal": 4}
    overhead = py / rust - 1
    print(f"\n60 s run: Rust {rust:.3f} s CPU, Python {py:.3f} s CPU, overhead {100 * overhead:+.1f} %")
    assert overhead < 0.5
