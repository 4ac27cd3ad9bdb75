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
