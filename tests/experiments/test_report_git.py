"""Provenance of a run made from a copy of the tree without git history (a GPU machine's)."""
from __future__ import annotations

from experiments.report import git_info


def test_commit_comes_from_the_environment_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("VDIFF_GIT_COMMIT", "a" * 40)
    assert git_info(tmp_path)["git_commit"] == "a" * 40


def test_no_repository_and_no_variable_is_unknown(tmp_path, monkeypatch):
    monkeypatch.delenv("VDIFF_GIT_COMMIT", raising=False)
    assert git_info(tmp_path) == {"git_commit": None, "dirty": None}
