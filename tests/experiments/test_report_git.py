"""Provenance: the commit a run records, in a checkout, outside one, and on a GPU machine's copy."""
import subprocess

from experiments.report import git_info


def test_named_commit_wins_over_the_trees_own_git(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q",
                    "--allow-empty", "-m", "old"], check=True)
    monkeypatch.setenv("VDIFF_GIT_COMMIT", "a" * 40)
    assert git_info(tmp_path) == {"git_commit": "a" * 40, "dirty": None}
    monkeypatch.delenv("VDIFF_GIT_COMMIT")
    found = git_info(tmp_path)
    assert len(found["git_commit"]) == 40 and found["git_commit"] != "a" * 40 and found["dirty"] is False


def test_outside_a_checkout_without_a_name_nothing_is_claimed(tmp_path, monkeypatch):
    monkeypatch.delenv("VDIFF_GIT_COMMIT", raising=False)
    assert git_info(tmp_path) == {"git_commit": None, "dirty": None}
