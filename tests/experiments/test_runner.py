"""End-to-end runs of a tiny config on the CPU: the run folder, run.json's schema, media that
decodes back to the sampled tensors, stop/resume atomicity and seed reproducibility."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from experiments import fvd, runner, tasks
from experiments.__main__ import main
from experiments.artifacts import mp4_available
from experiments.config import load_config
from experiments.i3d import I3D
from experiments.rundir import create_run, open_run
from experiments.runner import run
from experiments.tasks import SAMPLE_CACHE
from vdiff import video

pytestmark = pytest.mark.slow  # each tiny run trains and samples on the CPU (~10-20 s)

# 1-channel clips: their GIFs are exact (<= 256 grey levels), so only the MP4 needs a tolerance.
TINY = """\
title: tiny end-to-end
model: {image_size: 16, in_channels: 1, out_channels: 1, model_channels: 8, channel_mult: [1, 2],
        num_res_blocks: 1, attention_resolutions: [8], num_heads: 2}
diffusion: {steps: 100}
data: {name: bouncing_balls, params: {frames: 6, image_size: 16, channels: 1, num_clips: 16}}
train: {steps: 2, batch_size: 2, lr: 1e-3, log_every: 1, checkpoint_every: 1, device: cpu}
sample:
  steps: 2
  clips: 2
  samples_per_clip: 2
  batch_size: 2
  tasks:
    - {name: predict, kind: predict, given: 2}
    - {name: infill, kind: infill, indices: [0, 5]}
    - {name: generate, kind: generate, clips: 1, samples: 1}
    - {name: long, kind: long, given: 2, total_frames: 10, overlap: 2, clips: 1, samples: 1}
    - {name: predict_r2, kind: predict, given: 1, conditioning: replacement, resample: 2, chunk: 3, clips: 1}
eval: {save: 2}
"""
MP4_MEAN_ABS_TOLERANCE = (
    6.0  # grey levels (of 255): x264 at CRF 18 on 16x16 frames of noise-like samples
)
TOP_KEYS = {
    "schema",
    "id",
    "title",
    "created",
    "finished",
    "status",
    "config",
    "config_hash",
    "config_path",
    "config_files",
    "code",
    "env",
    "data",
    "train",
    "metrics",
    "baselines",
    "artifacts",
    "timings",
    "messages",
}


def _start(tmp_path: Path, name: str = "tiny") -> tuple[Path, object, dict]:
    config = tmp_path / f"{name}.yaml"
    config.write_text(TINY)
    cfg = load_config(config)
    run_dir = create_run(cfg, config, tmp_path / "runs")
    return run_dir, cfg, open_run(run_dir)[1]


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete tiny run, shared by the read-only tests below."""
    run_dir, cfg, source = _start(tmp_path_factory.mktemp("finished"))
    assert run(cfg, run_dir, source, quiet=True) == run_dir / "run.json"
    return run_dir


def _cached_samples(run_dir: Path, task: str) -> torch.Tensor:
    """The sampled videos of a task as the runner saved them: [N_clips, N_samples, T, C, H, W]."""
    (folder,) = (run_dir / SAMPLE_CACHE).glob(f"{task}-*")
    return torch.cat(
        [torch.load(p, weights_only=True)["samples"] for p in sorted(folder.glob("chunk-*.pt"))]
    )


def _scores(record: dict) -> dict:
    """metrics without the wall-clock timings, which differ from run to run."""
    return {
        task: {k: v for k, v in m.items() if not k.startswith("sample_s")}
        for task, m in record["metrics"].items()
    }


def test_run_json_schema(finished: Path) -> None:
    record = json.loads((finished / "run.json").read_text())
    assert set(record) == TOP_KEYS
    assert (
        record["schema"] == 1 and record["status"] == "complete" and record["id"] == finished.name
    )
    assert (
        record["config_hash"] == json.loads(json.dumps(record["config_hash"]))
        and len(record["config_hash"]) == 64
    )
    assert record["config_path"].endswith("tiny.yaml") and list(record["config_files"]) == [
        record["config_path"]
    ]
    assert set(record["code"]) == {"git_commit", "dirty"} and set(record["env"]) == {
        "python",
        "torch",
        "device",
        "gpus",
    }
    assert (
        record["train"]["steps"] == 2
        and record["train"]["batch"] == 2
        and record["train"]["wall_s"] > 0
    )
    assert record["data"]["name"] == "bouncing_balls" and record["data"]["split"] == "test"
    predict = record["metrics"]["predict"]
    assert predict["given"] == [0, 1] and predict["clips"] == 2 and predict["samples"] == 2
    assert predict["psnr_best"] >= predict["psnr"] and predict["sample_s"] > 0
    assert (
        predict["per_frame"]["psnr"]["mean"][:2] == [None, None]
        and len(predict["per_frame"]["ssim"]["best"]) == 6
    )
    assert (
        "psnr" not in record["metrics"]["generate"] and record["metrics"]["generate"]["fvd"] is None
    )
    assert (
        record["metrics"]["predict_r2"]["resample"] == 2
        and record["metrics"]["predict_r2"]["label"] == "1 → 5, R=2"
    )
    assert set(record["baselines"]) == {"copy_last", "mean_frame"}
    assert set(record["baselines"]["copy_last"]) == {"predict", "infill", "long", "predict_r2"}
    assert (
        record["timings"]["train_s"] == record["train"]["wall_s"] and "predict" in record["timings"]
    )
    assert record["messages"] == ["FVD skipped: eval.i3d_weights not set"]
    assert len(record["artifacts"]) == 2 + 2 + 1 + 1 + 1
    for artifact in record["artifacts"]:
        for key in ("png", "gif", "mp4", "truth", "grid"):
            assert artifact[key] is None or (finished / artifact[key]).is_file(), artifact
    assert not list(finished.rglob(".*tmp*")), "temporary files left behind"


def test_media_decodes_back_to_the_samples(finished: Path) -> None:
    record = json.loads((finished / "run.json").read_text())
    artifact = next(a for a in record["artifacts"] if a["task"] == "predict" and a["index"] == 1)
    sampled = video.to_uint8(_cached_samples(finished, "predict")[1, 0])  # [T, H, W, 1]
    gif = video.read_frames(finished / artifact["gif"])
    np.testing.assert_array_equal(gif[..., :1], sampled)  # grey GIF: exact
    assert artifact["frames"] == 6 and artifact["fps"] == pytest.approx(1000 / 150, abs=1e-3)
    given = video.read_frames(finished / artifact["png"])  # the given frames 0 and 1, exact
    np.testing.assert_array_equal(given[..., :1], sampled[:2])
    grid = video.read_frames(finished / artifact["grid"])
    np.testing.assert_array_equal(
        grid[:, :, -16:, :1], sampled
    )  # truth | sample: the sample on the right
    if mp4_available() is None:
        mp4 = video.read_frames(finished / artifact["mp4"])
        assert mp4.shape == (6, 16, 16, 3)
        error = np.abs(mp4[..., :1].astype(float) - sampled.astype(float)).mean()
        assert error <= MP4_MEAN_ABS_TOLERANCE, f"MP4 mean abs error {error:.2f} grey levels"
    else:
        assert artifact["mp4"] is None


def test_stop_between_samples_then_resume_reproduces(
    tmp_path: Path, finished: Path, monkeypatch
) -> None:
    run_dir, cfg, source = _start(tmp_path)
    calls = []
    real = tasks.sample_batch

    def stop_on_second(*args, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kw)

    monkeypatch.setattr(tasks, "sample_batch", stop_on_second)
    with pytest.raises(KeyboardInterrupt):
        run(cfg, run_dir, source, quiet=True)
    assert not (run_dir / "run.json").exists()
    calls.clear()
    monkeypatch.setattr(
        tasks, "sample_batch", lambda *a, **kw: (calls.append(1), real(*a, **kw))[1]
    )
    assert run(*open_run(run_dir)[:1], run_dir, source, quiet=True) == run_dir / "run.json"
    chunks = len(list((finished / SAMPLE_CACHE).rglob("chunk-*.pt")))
    assert len(calls) == chunks - 1  # the chunk finished before the stop was not sampled again
    again, first = (json.loads((d / "run.json").read_text()) for d in (run_dir, finished))
    assert _scores(again) == _scores(first)  # same config and seed on the CPU: identical numbers
    assert again["baselines"] == first["baselines"]


def test_cli_time_budget_resume_list_and_errors(tmp_path: Path, capsys) -> None:
    config = tmp_path / "tiny.yaml"
    config.write_text(TINY)
    runs = tmp_path / "runs"
    budget = [
        "--set",
        "train.max_minutes=1e-9",
        "--set",
        "sample.tasks=[{name: p, kind: predict, given: 1}]",
    ]
    assert main(["run", str(config), "--out", str(runs), "--quiet", *budget]) == 0
    (run_dir,) = runs.iterdir()
    record = json.loads((run_dir / "run.json").read_text())
    assert (
        record["train"]["steps"] == 1 and record["train"]["stopped"] == "time"
    )  # budget spent after one step
    main(["list", "--runs", str(runs)])
    assert f"{run_dir.name}  complete  bouncing_balls  1      p: PSNR" in capsys.readouterr().out
    assert (
        main(["run", "--resume", str(run_dir), "--quiet"]) == 0
    )  # already complete: nothing to do
    capsys.readouterr()
    assert main(["run", str(config), "--quiet", "--set", "train.lrate=1"]) == 1
    assert (
        capsys.readouterr().err
        == f"error: {config}: unknown key 'train.lrate' (did you mean 'train.lr'?)\n"
    )
    (run_dir / "checkpoints" / "train.json").unlink()
    assert main(["eval", str(run_dir), "--quiet"]) == 1
    assert "training has not finished" in capsys.readouterr().err


def test_eval_with_i3d_weights_adds_fvd(tmp_path: Path, finished: Path, monkeypatch) -> None:
    run_dir = tmp_path / finished.name
    shutil.copytree(finished, run_dir)
    torch.manual_seed(0)
    weights = tmp_path / "i3d.pt"
    torch.save(I3D().state_dict(), weights)
    # 224x224 is the protocol; 32x32 keeps this CPU test fast and exercises the same path
    monkeypatch.setattr(runner, "compute_fvd", functools.partial(fvd.compute_fvd, resolution=32))
    monkeypatch.setattr(tasks, "sample_batch", lambda *a, **kw: pytest.fail("sampled again"))
    assert main(["eval", str(run_dir), "--quiet", "--set", f"eval.i3d_weights={weights}"]) == 0
    record = json.loads((run_dir / "run.json").read_text())
    assert (
        isinstance(record["metrics"]["predict"]["fvd"], float)
        and record["metrics"]["infill"]["fvd"] >= 0
    )
    assert record["metrics"]["generate"]["fvd"] is None  # one clip: no covariance to fit
    assert record["messages"] == [
        "FVD skipped for generate: it needs at least 2 test clips, got 1",
        "FVD skipped for long: it needs at least 2 test clips, got 1",
        "FVD skipped for predict_r2: it needs at least 2 test clips, got 1",
    ]
    assert record["config"]["eval"]["i3d_weights"] == str(weights)
    assert (
        main(["eval", str(run_dir), "--quiet", "--set", "train.lr=1"]) == 1
    )  # only sample.*/eval.* may change


def test_sample_command_writes_media_and_scores(finished: Path, capsys) -> None:
    out = finished.parent / "adhoc"
    assert (
        main(
            [
                "sample",
                str(finished),
                "--task",
                "infill",
                "--given",
                "0,5",
                "--n",
                "1",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    written = json.loads((out / "samples.json").read_text())
    assert written["metrics"]["given"] == [0, 5] and written["metrics"]["samples"] == 1
    assert (out / written["artifacts"][0]["gif"]).is_file()
    assert main(["sample", str(finished), "--given", "1", "--quiet"]) == 1
    assert "predict needs the first k frames" in capsys.readouterr().err
