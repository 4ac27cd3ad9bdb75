"""Runs release the GIL: another Python thread goes on while the processor runs."""

from __future__ import annotations

import threading
import time

import pandas as pd

import phin


def count_during(run) -> tuple[int, float]:
    """Runs `run()` while a second thread counts; returns the count reached during the run and
    the run's wall time."""
    stop = threading.Event()
    started = threading.Event()
    counts = [0]

    def counter() -> None:
        started.set()
        while not stop.is_set():
            counts[0] += 1

    t = threading.Thread(target=counter)
    t.start()
    started.wait()
    before = counts[0]
    t0 = time.perf_counter()
    run()
    wall = time.perf_counter() - t0
    during = counts[0] - before
    stop.set()
    t.join()
    return during, wall


def test_a_second_thread_progresses_during_a_processor_run() -> None:
    p = phin.Processor(state="flow")
    during, wall = count_during(lambda: p.run(20, record=["theta"], every=40))
    # Holding the GIL through the run, the counter would get at most a few switch intervals
    # between chunks; released, it counts all along (millions per second on this machine).
    assert wall > 0.05
    assert during > 20_000, (during, wall)


def test_a_second_thread_progresses_during_an_ensemble_run() -> None:
    e = phin.Ensemble(pd.DataFrame({"seed": range(8)}))
    during, wall = count_during(lambda: e.run(5, record=["theta"], every=40, threads=1))
    assert wall > 0.05
    assert during > 20_000, (during, wall)
