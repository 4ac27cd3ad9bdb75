"""Progress: a callback, a tqdm bar where tqdm is installed, a text line where it is not."""

from __future__ import annotations

import sys

import phin


def test_a_callback_sees_simulated_seconds_up_to_the_total() -> None:
    seen: list[tuple[float, float]] = []
    phin.Processor().run(12, record=["theta"], every=100, progress=lambda d, t: seen.append((d, t)))
    assert [t for _, t in seen] == [12.0] * len(seen)
    assert [d for d, _ in seen] == [5.0, 10.0, 12.0]


def test_without_tqdm_a_text_line_on_stderr(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import tqdm.auto now fails
    phin.Processor().run(6, record=["theta"], every=100, progress=True)
    err = capsys.readouterr().err
    assert "phin run:" in err and "100.0 % (6.0 of 6.0 s)" in err
    assert err.endswith("\n")


def test_with_tqdm_a_bar(capsys) -> None:
    import tqdm  # noqa: F401  (installed in the test environment)

    phin.Processor().run(6, record=["theta"], every=100, progress=True)
    assert "phin run" in capsys.readouterr().err


def test_no_progress_when_not_asked(capsys) -> None:
    phin.Processor().run(6, record=["theta"], every=100, progress=False)
    phin.Processor().run(6, record=["theta"], every=100)  # short and not interactive
    assert capsys.readouterr().err == ""


def test_an_error_in_the_callback_stops_the_run_where_it_is() -> None:
    class Stop(Exception):
        pass

    def stop(done: float, total: float) -> None:
        raise Stop(f"{done} of {total}")

    p = phin.Processor()
    try:
        p.run(12, record=["theta"], progress=stop)
    except Stop as e:
        assert str(e) == "5.0 of 12.0"
    else:
        raise AssertionError("the callback's exception did not come through")
    assert p.tick == 20_000, "the processor keeps the chunk it ran"

    import pandas as pd

    e = phin.Ensemble(pd.DataFrame({"seed": range(100)}))  # chunks of 2000 ticks
    try:
        e.run(2, record=["theta"], progress=stop)
    except Stop as err:
        assert str(err) == "0.5 of 2.0"
    else:
        raise AssertionError("the callback's exception did not come through")
    assert e.tick == 2000
