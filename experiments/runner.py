"""A run: train (resumable), sample every task with the EMA weights, score, write media, and write
run.json last and atomically (a run folder without it is incomplete and can be resumed)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import torch

from experiments.artifacts import write_task_media
from experiments.config import ConfigError, RunConfig, TaskConfig, config_hash
from experiments.fvd import FVD_SKIPPED, compute_fvd
from experiments.report import (
    SCHEMA,
    baseline_metrics,
    env_info,
    git_info,
    headline,
    task_metrics,
    write_json_atomic,
)
from experiments.rundir import REPO_ROOT, TRAIN_FILE, open_run
from experiments.tasks import cache_dir, load_test_clips, plan_task, run_task
from vdiff.checkpoint import find_resume
from vdiff.data import build_dataset
from vdiff.diffusion import GaussianDiffusion
from vdiff.distributed import read_env, select_device
from vdiff.train import Trainer, resolve_precision
from vdiff.unet import UNet3D, UNetConfig


def _say(quiet: bool, message: str) -> None:
    """A progress line on stderr unless quiet."""
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def build_trainer(cfg: RunConfig, run_dir: Path, *, quiet: bool = False) -> Trainer:
    """The run's Trainer on its training set, from the initial weights the seed fixes (or its newest checkpoint)."""
    dataset = build_dataset(cfg.data.name, cfg.data.params, split="train", seed=cfg.train.seed)
    torch.manual_seed(cfg.train.seed)  # the initial weights are part of what the seed fixes
    model, diffusion = UNet3D(cfg.model), GaussianDiffusion(cfg.diffusion)
    return Trainer(cfg.train, model, diffusion, dataset, run_dir=run_dir, quiet=quiet)


def train(cfg: RunConfig, run_dir: Path, *, quiet: bool = False) -> tuple[dict[str, Any], bool]:
    """Train until train.steps or until train.max_minutes of training (summed over resumes)
    are spent, continuing from the run's newest checkpoint; returns (run.json's train entry, is main rank).

    checkpoints/train.json records the finished training, so `eval` knows sampling may start.
    """
    trainer = build_trainer(cfg, run_dir, quiet=quiet)
    summary = trainer.fit()
    wall = summary["train_wall_s"]
    entry = {
        "steps": summary["steps"],
        "stopped": summary["stopped"],  # "steps", or "time" when max_minutes ended it
        "batch": summary["global_batch"],
        "wall_s": round(wall, 2),
        "clips_per_s": round(summary["steps"] * summary["global_batch"] / max(wall, 1e-9), 2),
        "final_loss": summary["final_loss"],
        "precision": summary["precision"],
        "world_size": summary["world_size"],
        "train_clips": len(trainer.dataset),
    }
    if trainer.env.is_main:
        write_json_atomic(run_dir / TRAIN_FILE, entry)
        if summary["stopped"] == "time":
            _say(
                quiet,
                f"training stopped at step {summary['steps']}: train.max_minutes="
                f"{cfg.train.max_minutes} spent",
            )
    return entry, trainer.env.is_main


def load_ema(run_dir: Path, device: torch.device) -> tuple[UNet3D, int]:
    """The EMA weights of the run's newest checkpoint as a UNet3D in eval mode, and its step."""
    found = find_resume(run_dir)
    if found is None:
        raise ConfigError(
            f"{run_dir}: no checkpoint to sample from (train first: python -m experiments run)"
        )
    path, state = found
    model = UNet3D(UNetConfig.from_dict(state["config"]["model"]))
    model.load_state_dict(state["ema"])
    return model.to(device).eval().requires_grad_(False), int(state["step"])


def model_function(
    model: UNet3D, precision: str, device: torch.device
) -> Callable[..., torch.Tensor]:
    """model(x, t, given_mask) under bf16 autocast when training used it, returning fp32."""

    def call(
        x: torch.Tensor, t: torch.Tensor, given_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """x: [B, C, T, H, W], t: [B] -> the model output in fp32."""
        context = (
            torch.autocast(device.type, dtype=torch.bfloat16)
            if precision == "bf16"
            else nullcontext()
        )
        with context:
            return model(x, t, given_mask).float()

    return call


def evaluate(
    cfg: RunConfig, run_dir: Path, device: torch.device, *, quiet: bool = False
) -> dict[str, Any]:
    """Sample and score every task: run.json's metrics, baselines, artifacts, timings, messages."""
    model, step = load_ema(run_dir, device)
    fn = model_function(model, resolve_precision(cfg.train.precision, device), device)
    diffusion = GaussianDiffusion(cfg.diffusion)
    found: dict[str, Any] = {
        "metrics": {},
        "baselines": {},
        "artifacts": [],
        "timings": {},
        "messages": [],
    }
    if not cfg.eval.i3d_weights:
        found["messages"].append(FVD_SKIPPED)
        _say(quiet, FVD_SKIPPED)
    for task in cfg.sample.tasks:
        try:
            plan = plan_task(task, cfg)
        except ValueError as exc:
            raise ConfigError(f"{run_dir / 'config.yaml'}: {exc}") from None
        truth = load_test_clips(cfg, plan)
        folder = cache_dir(run_dir, plan, cfg, step)
        samples, seconds = run_task(
            fn, diffusion, truth, plan, cfg=cfg, folder=folder, device=device, quiet=quiet
        )
        fvd = _task_fvd(cfg, task.name, samples, truth, device, found["messages"], quiet=quiet)
        found["metrics"][task.name] = task_metrics(samples, truth, plan, seconds=seconds, fvd=fvd)
        if cfg.eval.baselines:
            for name, scores in baseline_metrics(truth, plan).items():
                found["baselines"].setdefault(name, {})[task.name] = scores
        shutil.rmtree(run_dir / "samples" / task.name, ignore_errors=True)
        found["artifacts"] += write_task_media(
            run_dir,
            samples,
            truth,
            plan,
            count=cfg.eval.save,
            frame_ms=cfg.eval.frame_ms,
            quiet=quiet,
        )
        found["timings"][task.name] = round(seconds, 3)
        _say(quiet, f"{task.name}: {headline(found['metrics'][task.name])} ({seconds:.1f} s)")
    return found


def _task_fvd(
    cfg: RunConfig,
    name: str,
    samples: torch.Tensor,
    truth: torch.Tensor,
    device: torch.device,
    messages: list[str],
    *,
    quiet: bool,
) -> float | None:
    """FVD of the samples [N_clips, N_samples, ...] against the clips; None without weights or 2 clips."""
    if not cfg.eval.i3d_weights:
        return None
    if truth.shape[0] < 2:
        messages.append(
            f"FVD skipped for {name}: it needs at least 2 test clips, got {truth.shape[0]}"
        )
        _say(quiet, messages[-1])
        return None
    return round(
        compute_fvd(
            samples.flatten(0, 1),
            truth,
            i3d_weights=cfg.eval.i3d_weights,
            device=device,
            batch_size=cfg.eval.fvd_batch_size,
        ),
        3,
    )


def write_run_json(
    run_dir: Path,
    cfg: RunConfig,
    source: dict[str, Any],
    train_entry: dict[str, Any],
    found: dict[str, Any],
    device: torch.device,
) -> Path:
    """Assemble run.json (DESIGN.md schema 1 plus the site's keys) and write it atomically."""
    clips = max((m["clips"] for m in found["metrics"].values()), default=0)
    record = {
        "schema": SCHEMA,
        "id": source["id"],
        "title": cfg.title,
        "created": source["created"],
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "status": "complete",
        "config": cfg.to_dict(),
        "config_hash": config_hash(cfg),
        "config_path": source["config_path"],
        "config_files": source["config_files"],
        "code": git_info(REPO_ROOT),
        "env": env_info(device),
        "data": {
            "name": cfg.data.name,
            "split": "test",
            "clips": clips,
            "train_clips": train_entry.get("train_clips"),
            "params": dict(cfg.data.params),
        },
        "train": train_entry,
        "metrics": found["metrics"],
        "baselines": found["baselines"],
        "artifacts": found["artifacts"],
        "timings": {"train_s": train_entry["wall_s"], **found["timings"]},
        "messages": found["messages"],
    }
    path = Path(run_dir) / "run.json"
    write_json_atomic(path, record)
    return path


def sampling_device(cfg: RunConfig) -> torch.device:
    """The device train.device asks for (cuda when available under 'auto')."""
    return select_device(read_env(), cfg.train.device)


def run(
    cfg: RunConfig, run_dir: Path, source: dict[str, Any], *, quiet: bool = False
) -> Path | None:
    """Train, evaluate and write run.json for a created or reopened run folder; returns run.json's
    path, or None on non-main ranks (which only train)."""
    if (run_dir / "run.json").is_file():
        _say(quiet, f"{run_dir}: already complete (run.json exists); use `eval` to evaluate again")
        return run_dir / "run.json"
    train_entry, is_main = train(cfg, run_dir, quiet=quiet)
    if not is_main:
        return None
    device = sampling_device(cfg)
    found = evaluate(cfg, run_dir, device, quiet=quiet)
    return write_run_json(run_dir, cfg, source, train_entry, found, device)


def reevaluate(run_dir: Path, overrides: list[str] = (), *, quiet: bool = False) -> Path:
    """`eval RUN_DIR`: sample (reusing finished chunks) and score again; rewrites run.json."""
    cfg, source = open_run(run_dir, overrides)
    tally = run_dir / TRAIN_FILE
    if not tally.is_file():
        raise ConfigError(
            f"{run_dir}: training has not finished; finish it first: "
            f"python -m experiments run --resume {run_dir}"
        )
    (run_dir / "run.json").unlink(missing_ok=True)
    device = sampling_device(cfg)
    found = evaluate(cfg, run_dir, device, quiet=quiet)
    train_entry = json.loads(tally.read_text(encoding="utf-8"))
    return write_run_json(run_dir, cfg, source, train_entry, found, device)


def sample_adhoc(
    run_dir: Path, task: TaskConfig, *, out: Path, quiet: bool = False
) -> list[dict[str, Any]]:
    """`sample RUN_DIR`: a task outside the config, one sample per clip; media + samples.json in out."""
    cfg, _ = open_run(run_dir)
    cfg = dataclasses.replace(cfg, sample=dataclasses.replace(cfg.sample, tasks=[task]))
    plan = plan_task(task, cfg)
    device = sampling_device(cfg)
    model, step = load_ema(run_dir, device)
    fn = model_function(model, resolve_precision(cfg.train.precision, device), device)
    truth = load_test_clips(cfg, plan)
    samples, seconds = run_task(
        fn,
        GaussianDiffusion(cfg.diffusion),
        truth,
        plan,
        cfg=cfg,
        folder=cache_dir(run_dir, plan, cfg, step),
        device=device,
        quiet=quiet,
    )
    out.mkdir(parents=True, exist_ok=True)
    artifacts = write_task_media(
        out, samples, truth, plan, count=plan.clips, frame_ms=cfg.eval.frame_ms, quiet=quiet
    )
    metrics = task_metrics(samples, truth, plan, seconds=seconds, fvd=None)
    write_json_atomic(
        out / "samples.json",
        {"run": Path(run_dir).name, "step": step, "metrics": metrics, "artifacts": artifacts},
    )
    _say(quiet, f"{task.name}: {headline(metrics)} ({seconds:.1f} s) -> {out}")
    return artifacts
