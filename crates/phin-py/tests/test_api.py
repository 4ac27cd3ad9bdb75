"""Every public item has a docstring, and the native module's stub declares what it has."""

from __future__ import annotations

import ast
import inspect
import pathlib

import phin
from phin import _phin

STUB = pathlib.Path(phin.__file__).with_name("_phin.pyi")


def stub_names() -> dict[str, set[str]]:
    """Top-level names of the stub, and each class's members."""
    tree = ast.parse(STUB.read_text())
    names: dict[str, set[str]] = {"": set()}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[""].add(node.name)
        if isinstance(node, ast.ClassDef):
            names[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[""].add(node.target.id)
    return names


def test_the_stub_declares_every_native_item() -> None:
    stub = stub_names()
    native = {n for n in dir(_phin) if not n.startswith("__") or n == "__version__"}
    assert native <= stub[""] | {"__version__"}, native - stub[""]
    for cls in ("Processor", "Ensemble"):
        members = {n for n in dir(getattr(_phin, cls)) if not n.startswith("__")}
        assert members <= stub[cls], (cls, members - stub[cls])
        for n in stub[cls] - {"__new__", "__len__"}:
            assert hasattr(getattr(_phin, cls), n), (cls, n)


def test_every_public_item_has_a_docstring() -> None:
    missing = []
    for name in phin.__all__:
        obj = getattr(phin, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            if not (obj.__doc__ or "").strip():
                missing.append(name)
        if inspect.isclass(obj):
            for m, v in vars(obj).items():
                if m.startswith("_"):
                    continue
                doc = (v.__doc__ if not isinstance(v, property) else v.fget.__doc__) or ""
                if (inspect.isfunction(v) or isinstance(v, (property, classmethod))) and not doc.strip():
                    missing.append(f"{name}.{m}")
    assert not missing, missing
    assert set(phin.__all__) <= set(dir(phin))


def test_the_example_makes_its_figure(repo, tmp_path) -> None:
    import subprocess
    import sys

    example = repo / "crates" / "phin-py" / "examples" / "entrainment.py"
    code = example.read_text().split("# --- the exercise")[1].split("# ----")[0]
    lines = [ln for ln in code.splitlines()[1:] if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(lines) <= 10, lines
    out = tmp_path / "entrainment.png"
    r = subprocess.run([sys.executable, str(example), str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
