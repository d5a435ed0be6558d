"""run.json: the metrics of each task in the site's form, provenance, and the atomic write.

Per-frame arrays are indexed over all T frames of a task with None at given frames, so a chart can
put frame numbers on its x axis directly; `experiments.metrics` computes the numbers.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

import torch

from experiments.metrics import evaluate_baselines, evaluate_predictions
from experiments.tasks import Plan
from vdiff.checkpoint import write_atomic

SCHEMA = 1


def _full_length(frames: int, indices: list[int], values: list[float]) -> list[float | None]:
    """Values at `indices` spread over frames 0..frames-1, None elsewhere."""
    out: list[float | None] = [None] * frames
    for index, value in zip(indices, values):
        out[index] = value
    return out


def _site_form(scores: dict[str, Any], frames: int) -> dict[str, Any]:
    """evaluate_predictions' output in run.json's form: summaries, per_frame {metric: {mean, best}}."""
    per_frame, indices = scores["per_frame"], scores["per_frame"]["frame"]
    return {
        "psnr": scores["psnr"],
        "ssim": scores["ssim"],
        "psnr_best": scores["psnr_best"],
        "ssim_best": scores["ssim_best"],
        "per_frame": {
            metric: {
                kind: _full_length(frames, indices, per_frame[f"{metric}_{kind}"])
                for kind in ("mean", "best")
            }
            for metric in ("psnr", "ssim")
        },
    }


def task_label(plan: Plan) -> str:
    """A short label: '1 → 15', 'infill 0,15', 'generate', 'long 2 → 48', with R for resampling."""
    task = plan.task
    if task.kind == "predict":
        label = f"{task.given} → {plan.frames - task.given}"
    elif task.kind == "infill":
        label = "infill " + ",".join(str(i) for i in plan.given)
    elif task.kind == "long":
        label = f"long {task.given} → {plan.frames}"
    else:
        label = "generate"
    return f"{label}, R={task.resample}" if task.conditioning == "replacement" else label


def task_metrics(
    samples: torch.Tensor, truth: torch.Tensor, plan: Plan, *, seconds: float, fvd: float | None
) -> dict[str, Any]:
    """metrics.<task>: PSNR/SSIM (mean/best of N, per frame) when frames are given, timings, FVD."""
    task = plan.task
    entry: dict[str, Any] = {
        "kind": task.kind,
        "label": task_label(plan),
        "given": list(plan.given),
        "n_given": len(plan.given),
        "frames": plan.frames,
        "conditioning": task.conditioning,
        "resample": task.resample,
        "steps": plan.steps,
        "clips": int(samples.shape[0]),
        "samples": int(samples.shape[1]),
    }
    if plan.given:
        entry.update(_site_form(evaluate_predictions(samples, truth, plan.given_mask), plan.frames))
    entry["fvd"] = fvd
    entry["sample_s"] = round(seconds, 3)
    entry["sample_s_per_video"] = round(seconds / max(1, samples.shape[0] * samples.shape[1]), 4)
    return entry


def baseline_metrics(truth: torch.Tensor, plan: Plan) -> dict[str, dict[str, Any]]:
    """{baseline: scores} for copy-last and mean-frame on the task's clips; {} without given frames."""
    found = evaluate_baselines(truth, plan.given_mask)
    return {name: _site_form(scores, plan.frames) for name, scores in found.items()}


def git_info(repo: Path) -> dict[str, Any]:
    """{"git_commit", "dirty"} of the repository holding the code (None when git is unavailable).

    VDIFF_GIT_COMMIT, when set, names the commit and wins: a GPU machine's copy of the tree may carry git
    metadata older than the files (one did: its HEAD was the session's first commit), so its own answer,
    and whether the tree is dirty, cannot be trusted there.
    """
    named = os.environ.get("VDIFF_GIT_COMMIT")
    if named:
        return {"git_commit": named, "dirty": None}

    def git(*args: str) -> str | None:
        """stdout of a git command in repo, or None when it fails."""
        try:
            # safe.directory: a copied checkout owned by another user (as on the GPU machines) is still read
            done = subprocess.run(
                ["git", "-c", f"safe.directory={Path(repo).resolve()}", *args],
                cwd=repo, capture_output=True, text=True, timeout=10,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"git_commit": commit, "dirty": None if status is None else bool(status)}


def env_info(device: torch.device) -> dict[str, Any]:
    """Python, torch, the device name and the number of visible GPUs."""
    name = (
        torch.cuda.get_device_name(device)
        if device.type == "cuda"
        else platform.processor() or "cpu"
    )
    return {
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "device": f"{device.type}: {name}" if device.type == "cuda" else "cpu",
        "gpus": torch.cuda.device_count() if torch.cuda.is_available() else 0,
    }


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text through vdiff's atomic writer (temp file, fsync, rename)."""
    write_atomic(Path(path), functools.partial(_write_bytes, text.encode("utf-8")))


def _write_bytes(data: bytes, file: BinaryIO) -> None:
    file.write(data)


def write_json_atomic(path: Path, data: Any) -> None:
    """JSON (indented, NaN refused) written with write_text_atomic."""
    write_text_atomic(path, json.dumps(data, indent=1, allow_nan=False) + "\n")


def headline(metrics: dict[str, Any]) -> str:
    """'PSNR 18.21 / SSIM 0.812 (best of 4)' or the FVD for tasks without given frames."""
    if "psnr_best" in metrics:
        return (
            f"PSNR {metrics['psnr_best']:.2f} / SSIM {metrics['ssim_best']:.3f} "
            f"(best of {metrics['samples']})"
        )
    return "FVD skipped" if metrics.get("fvd") is None else f"FVD {metrics['fvd']:.1f}"
