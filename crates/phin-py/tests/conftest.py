"""Keeps everything the tests write under the repository's target/: pytest's temporary
directories and the co-simulation's Verilator builds (shared with `cargo test`'s)."""

from __future__ import annotations

import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
TARGET = REPO / "target"

# Before phin is imported anywhere: the co-simulation reads it when it builds.
os.environ.setdefault("PHIN_CACHE_DIR", str(TARGET / "phin-cosim"))


def pytest_configure(config: pytest.Config) -> None:
    if config.option.basetemp is None:
        config.option.basetemp = str(TARGET / "phin-py-pytest")


@pytest.fixture(scope="session")
def repo() -> pathlib.Path:
    """The repository's root."""
    return REPO
