"""Sampling tasks: the given frames of each task, its test clips, and resumable chunked sampling.

A task samples `clips` test clips `samples` times each, in chunks of whole clips (sample.batch_size
videos per sampler call). Each finished chunk is saved under the run's checkpoints folder, so a run
stopped between chunks resumes where it stopped and draws exactly the same noise (one CPU generator
per chunk, seeded from the sample seed, the task name and the chunk index).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from einops import rearrange, repeat
from tqdm.auto import tqdm

from experiments.config import RunConfig, TaskConfig
from vdiff.data import build_dataset
from vdiff.diffusion import GaussianDiffusion
from vdiff.sampling import sample, sample_autoregressive, sample_long

SAMPLE_CACHE = (
    Path("checkpoints") / "samples"
)  # under the run folder: git-ignored with the checkpoints


@dataclass(frozen=True)
class Plan:
    """A task with every default filled in: clip length, given frames, clips, samples, steps."""

    task: TaskConfig
    frames: int
    given: tuple[int, ...]
    clips: int
    samples: int
    steps: int
    window: int
    overlap: int

    @property
    def given_mask(self) -> torch.Tensor:
        """bool [T], True = frame given."""
        mask = torch.zeros(self.frames, dtype=torch.bool)
        mask[list(self.given)] = True
        return mask


def plan_task(task: TaskConfig, cfg: RunConfig) -> Plan:
    """Resolve a task's defaults against the config; ValueError naming the key when it cannot run."""
    where = f"sample.tasks '{task.name}'"
    train_frames = int(cfg.data.params.get("frames", 16))
    frames = task.total_frames if task.kind == "long" else task.frames or train_frames
    window = task.window or train_frames
    overlap = task.overlap or task.given
    if task.kind in ("predict", "long"):
        given = tuple(range(task.given))
    else:
        given = tuple(sorted({i % frames for i in task.indices})) if task.kind == "infill" else ()
    if task.kind == "predict" and task.given >= frames:
        raise ValueError(f"{where}: given: expected fewer than frames={frames}, got {task.given}")
    if task.kind == "infill" and any(not -frames <= i < frames for i in task.indices):
        raise ValueError(
            f"{where}: indices: expected frame indices in [0, {frames}), got {task.indices}"
        )
    if task.kind == "long" and (not 1 <= overlap < window or task.given > window):
        raise ValueError(
            f"{where}: window/overlap/given: expected 1 <= overlap < window and given <= window, "
            f"got window={window}, overlap={overlap}, given={task.given}"
        )
    if task.conditioning == "replacement" and task.kind == "generate":
        raise ValueError(
            f"{where}: conditioning: 'replacement' needs given frames, got kind 'generate'"
        )
    return Plan(
        task=task,
        frames=frames,
        given=given,
        clips=task.clips or cfg.sample.clips,
        samples=task.samples or cfg.sample.samples_per_clip,
        steps=task.steps or cfg.sample.steps,
        window=window,
        overlap=overlap,
    )


def load_test_clips(cfg: RunConfig, plan: Plan) -> torch.Tensor:
    """The first plan.clips test clips at the task's length: [N_clips, T, C, H, W] in [-1, 1]."""
    params = {**cfg.data.params, "frames": plan.frames}
    dataset = build_dataset(cfg.data.name, params, split="test", seed=cfg.train.seed)
    if len(dataset) < plan.clips:
        raise ValueError(
            f"sample.tasks '{plan.task.name}': clips: expected at most {len(dataset)} "
            f"(test clips of {cfg.data.name}), got {plan.clips}"
        )
    return torch.stack([dataset[i] for i in range(plan.clips)])


def chunk_seed(seed: int, task: str, chunk: int) -> int:
    """A stable 63-bit seed per (sample seed, task, chunk), the same in every process."""
    digest = hashlib.sha256(f"{seed}/{task}/{chunk}".encode()).digest()
    return int.from_bytes(digest[:8], "little") >> 1


def sampling_chain(diffusion: GaussianDiffusion, sampler: str, steps: int) -> GaussianDiffusion:
    """The diffusion respaced once to `steps` ("ddimN" for DDIM), or itself if nothing is skipped."""
    if steps == diffusion.num_timesteps and sampler == "ddpm":
        return diffusion
    return diffusion.respace(f"ddim{steps}" if sampler == "ddim" else str(steps))


def sample_batch(
    model: Callable,
    chain: GaussianDiffusion,
    truth: torch.Tensor,
    plan: Plan,
    *,
    cfg: RunConfig,
    generator: torch.Generator,
) -> torch.Tensor:
    """truth: [B, C, T, H, W] (only given frames are read) -> sampled videos [B, C, T, H, W]."""
    task, batch = plan.task, truth.shape[0]
    kw = dict(
        sampler=cfg.sample.sampler,
        steps=None,
        eta=cfg.sample.eta,
        resample=task.resample,
        conditioning=task.conditioning,
        generator=generator,
        progress=False,
    )
    x_given = torch.where(rearrange(plan.given_mask, "t -> 1 1 t 1 1").to(truth.device), truth, 0.0)
    if task.kind == "long":
        return sample_long(
            model,
            chain,
            x_given[:, :, : task.given],
            total_frames=plan.frames,
            window=plan.window,
            overlap=plan.overlap,
            **kw,
        )
    if task.kind == "predict" and task.chunk > 0:
        return sample_autoregressive(model, chain, x_given, task.given, chunk=task.chunk, **kw)
    mask = repeat(plan.given_mask, "t -> b t", b=batch).to(truth.device)
    return sample(model, chain, x_given, mask, **kw)


def cache_dir(run_dir: Path, plan: Plan, cfg: RunConfig, checkpoint_step: int) -> Path:
    """Where a task's finished chunks live; the name changes with anything that changes samples."""
    key = {
        "plan": {
            **asdict(plan.task),
            "frames": plan.frames,
            "clips": plan.clips,
            "samples": plan.samples,
            "steps": plan.steps,
        },
        "sampler": cfg.sample.sampler,
        "eta": cfg.sample.eta,
        "batch": cfg.sample.batch_size,
        "seed": cfg.sample.seed,
        "step": checkpoint_step,
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:12]
    return Path(run_dir) / SAMPLE_CACHE / f"{plan.task.name}-{digest}"


def _save_chunk(path: Path, samples: torch.Tensor, seconds: float) -> None:
    """torch.save atomically (temp file + rename), so a stopped run never leaves half a chunk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    torch.save({"samples": samples, "seconds": seconds}, tmp)
    os.replace(tmp, path)


def run_task(
    model: Callable,
    diffusion: GaussianDiffusion,
    truth: torch.Tensor,
    plan: Plan,
    *,
    cfg: RunConfig,
    folder: Path,
    device: torch.device,
    quiet: bool = False,
) -> tuple[torch.Tensor, float]:
    """Sample every clip of `truth` [N_clips, T, C, H, W] plan.samples times, skipping chunks
    already in `folder`. Returns (samples [N_clips, N_samples, T, C, H, W] on the CPU, sampling seconds)."""
    chain = sampling_chain(diffusion, cfg.sample.sampler, plan.steps)
    per_chunk = max(1, cfg.sample.batch_size // plan.samples)
    starts = range(0, plan.clips, per_chunk)
    chunks, seconds = [], 0.0
    bar = tqdm(
        total=plan.clips * plan.samples,
        desc=plan.task.name,
        unit="video",
        disable=quiet,
        leave=False,
    )
    for index, start in enumerate(starts):
        path = folder / f"chunk-{index:04d}.pt"
        if path.is_file():
            saved = torch.load(path, weights_only=True)
        else:
            clips = truth[start : start + per_chunk]
            batch = repeat(clips, "n t c h w -> (n s) c t h w", s=plan.samples).to(device)
            generator = torch.Generator().manual_seed(
                chunk_seed(cfg.sample.seed, plan.task.name, index)
            )
            began = time.perf_counter()
            with torch.no_grad():
                videos = sample_batch(model, chain, batch, plan, cfg=cfg, generator=generator)
            if device.type == "cuda":
                torch.cuda.synchronize(device)
            saved = {
                "samples": rearrange(
                    videos.float().cpu(), "(n s) c t h w -> n s t c h w", s=plan.samples
                ),
                "seconds": time.perf_counter() - began,
            }
            _save_chunk(path, saved["samples"], saved["seconds"])
        chunks.append(saved["samples"])
        seconds += saved["seconds"]
        bar.update(saved["samples"].shape[0] * plan.samples)
    bar.close()
    return torch.cat(chunks), seconds
