"""The real blog (site_src/ with experiments/runs/) builds, and `build.py check` finds no broken link, anchor or image."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_blog_builds_and_passes_check(tmp_path):
    # A copy, so the cache and output land in tmp_path; runs_dir (../experiments/runs) and the
    # configs the runs were made from resolve as in the repository.
    shutil.copytree(REPO / "site_src", tmp_path / "site_src")
    for folder in ("experiments/runs", "experiments/configs"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns("checkpoints"))
    for command in (["build", "--quiet"], ["check"]):
        result = subprocess.run([sys.executable, str(REPO / "build.py"), *command], cwd=tmp_path,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"build.py {command[0]}: {result.stdout}{result.stderr}"
