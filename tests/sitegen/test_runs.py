"""sitegen.runs: reading run folders, stale-config detection, loss logs, run lookup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sitegen.errors import drain_warnings
from sitegen.runs import find_runs, read_loss, read_runs, runs_stamp

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "runs"
COND = "mmnist_cond-20261125-120000"
UNCOND = "mmnist_uncond_resample-20261125-130000"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the fixture repository root (configs + run folders) that a test may change."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    drain_warnings()
    return root


def _read(repo: Path):
    return read_runs(repo / "experiments" / "runs", repo_root=repo)


def test_reads_complete_runs_newest_first_and_warns_about_broken_json(repo: Path) -> None:
    runs = _read(repo)
    assert [run.id for run in runs] == [UNCOND, COND]
    warnings = [str(w) for w in drain_warnings()]
    assert warnings == [
        "experiments/runs/broken-20261125-140000/run.json:4: "
        "invalid JSON (Expecting property name enclosed in double quotes); run skipped"
    ]


def test_run_fields_tasks_samples_and_loss(repo: Path) -> None:
    run = {run.id: run for run in _read(repo)}[COND]
    assert run.name == "mmnist_cond"
    assert run.url == f"/runs/{COND}/"
    assert run.tasks() == ["predict", "infill", "generate"]
    assert [a.index for a in run.samples("predict")] == [0, 1]
    first = run.samples("predict")[0]
    assert first.cond == (0, 1)
    assert (first.png.width, first.png.height) == (32, 16)
    assert (first.gif.width, first.gif.height) == (16, 16)
    assert first.mp4 is not None and first.truth is not None
    assert run.samples("generate")[0].png is None
    # log.jsonl has 20 records, one with "loss": null
    assert len(run.loss) == 19 and run.loss[0][0] == 10 and 50 not in [step for step, _ in run.loss]
    assert not run.stale
    assert "moving_mnist" in run.config_yaml


def test_media_names_carry_the_content_hash(repo: Path) -> None:
    run = {run.id: run for run in _read(repo)}[COND]
    gif = run.media["samples/predict/000.gif"]
    assert gif.out_rel.startswith(f"assets/runs/{COND}/samples-predict-000.{gif.digest[:10]}")
    assert gif.out_rel.endswith(".gif") and gif.url == "/" + gif.out_rel
    # Same bytes, same name; other bytes, another name.
    again = {run.id: run for run in _read(repo)}[COND].media["samples/predict/000.gif"]
    assert again.out_rel == gif.out_rel
    other = run.media["samples/predict/001.gif"]
    assert other.digest != gif.digest


def test_changed_config_file_marks_the_run_stale_and_warns(repo: Path) -> None:
    config = repo / "experiments" / "configs" / "mmnist_cond.yaml"
    config.write_text(config.read_text() + "  lr: 0.001\n")
    runs = {run.id: run for run in _read(repo)}
    assert runs[COND].stale and runs[COND].changed_configs == (
        "experiments/configs/mmnist_cond.yaml",
    )
    assert not runs[UNCOND].stale
    warnings = [str(w) for w in drain_warnings()]
    assert (
        f"experiments/runs/{COND}/run.json: config changed since this run: "
        "experiments/configs/mmnist_cond.yaml"
    ) in warnings


def test_removed_config_file_is_reported_as_removed(repo: Path) -> None:
    (repo / "experiments" / "configs" / "mmnist_uncond_resample.yaml").unlink()
    run = {run.id: run for run in _read(repo)}[UNCOND]
    assert run.changed_configs == ("experiments/configs/mmnist_uncond_resample.yaml (removed)",)


def test_missing_artifact_file_is_warned_about_and_left_out(repo: Path) -> None:
    (repo / "experiments" / "runs" / COND / "samples" / "infill" / "000.gif").unlink()
    run = {run.id: run for run in _read(repo)}[COND]
    assert run.samples("infill")[0].gif is None
    assert [str(w) for w in drain_warnings() if "not found" in str(w)] == [
        f"experiments/runs/{COND}/run.json: artifact infill/0: 'gif' file 'samples/infill/000.gif' "
        "not found in the run folder"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": 2}, "'schema': expected 1, got 2"),
        ({"metrics": []}, "'metrics': expected dict, got list"),
        ({"id": "other"}, f"'id': expected the folder name '{COND}', got 'other'"),
    ],
)
def test_schema_problems_skip_the_run_with_a_warning(
    repo: Path, change: dict, message: str
) -> None:
    path = repo / "experiments" / "runs" / COND / "run.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **change}))
    assert COND not in [run.id for run in _read(repo)]
    assert f"experiments/runs/{COND}/run.json: {message}; run skipped" in [
        str(w) for w in drain_warnings()
    ]


def test_status_other_than_complete_is_skipped_silently(repo: Path) -> None:
    path = repo / "experiments" / "runs" / COND / "run.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "status": "failed"}))
    assert COND not in [run.id for run in _read(repo)]
    assert not [w for w in drain_warnings() if COND in str(w)]


def test_read_loss_warns_about_malformed_lines(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text(
        '{"step": 1, "loss": 0.5}\n{oops\n\n{"step": 2, "loss": NaN}\n{"step": 3, "loss": 0.25}\n'
    )
    drain_warnings()
    assert read_loss(log, display="run/log.jsonl") == [(1, 0.5), (3, 0.25)]
    assert [str(w) for w in drain_warnings()] == [
        "run/log.jsonl:2: invalid JSON line "
        "(Expecting property name enclosed in double quotes); skipped"
    ]


def test_find_runs_matches_ids_and_config_names(repo: Path) -> None:
    runs = _read(repo)
    assert [run.id for run in find_runs(runs, "mmnist_cond")] == [COND]
    assert [run.id for run in find_runs(runs, "mmnist_*")] == [UNCOND, COND]
    assert [run.id for run in find_runs(runs, UNCOND)] == [UNCOND]
    assert find_runs(runs, "bair*") == []


def test_missing_runs_dir_warns_and_gives_no_runs(tmp_path: Path) -> None:
    drain_warnings()
    assert read_runs(tmp_path / "nope", repo_root=tmp_path) == []
    assert [str(w) for w in drain_warnings()] == [
        "nope: runs_dir is not a directory; no runs shown"
    ]


def test_runs_stamp_changes_with_run_files_and_config_files_only(repo: Path) -> None:
    runs_dir = repo / "experiments" / "runs"
    stamp = runs_stamp(runs_dir, repo_root=repo)
    assert runs_stamp(runs_dir, repo_root=repo) == stamp
    checkpoints = runs_dir / COND / "checkpoints"
    checkpoints.mkdir()
    (checkpoints / "model.pt").write_bytes(b"weights")
    assert runs_stamp(runs_dir, repo_root=repo) == stamp
    config = repo / "experiments" / "configs" / "mmnist_cond.yaml"
    config.write_text(config.read_text() + "# more\n")
    changed = runs_stamp(runs_dir, repo_root=repo)
    assert changed != stamp
    (runs_dir / COND / "log.jsonl").write_text('{"step": 1, "loss": 1.0}\n')
    assert runs_stamp(runs_dir, repo_root=repo) != changed


def test_only_the_media_the_site_shows_are_published(repo: Path) -> None:
    path = repo / "experiments" / "runs" / COND / "run.json"
    raw = json.loads(path.read_text())
    raw["artifacts"][0]["grid"] = raw["artifacts"][0]["gif"]
    raw["artifacts"][1]["grid"] = "samples/predict/001-grid.gif"  # listed, but neither read nor needed
    path.write_text(json.dumps(raw))
    run = {run.id: run for run in _read(repo)}[COND]
    assert "samples/predict/001-grid.gif" not in run.media
    assert not [w for w in drain_warnings() if "grid" in str(w)]
