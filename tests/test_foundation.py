"""The environment contract: every dependency pinned exactly, torch at the CPU wheel's version."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dependencies() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]


def test_every_dependency_is_pinned_exactly():
    loose = [d for d in _dependencies() if "==" not in d]
    assert loose == []


def test_torch_is_pinned_to_the_cpu_wheel():
    assert "torch==2.13.0" in _dependencies()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme.split("\n## ")[0]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
