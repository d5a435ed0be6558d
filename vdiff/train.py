"""The training engine: TrainConfig + Trainer (AdamW, EMA, bf16 autocast, accumulation, checkpoints, DDP).

A small trainer in the DiT mould, no framework: `fit()` repeats `train_step()`, `maybe_log()` and
`maybe_checkpoint()`. Rank and world size come from torchrun's environment (vdiff.distributed).
Per-step values stay on the device and are fetched at log steps only: the host never waits in between.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ContextManager, Iterator

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.optim.lr_scheduler import LambdaLR
from tqdm import tqdm

from vdiff.checkpoint import (capture_rng, checkpoint_path, config_of, find_resume, prune_checkpoints, restore_rng,
                              resume_batches, rewind_log, save_checkpoint)
from vdiff.distributed import (any_rank, barrier, init_distributed, mean_over_ranks_, read_env, resolve_precision,
                               select_device)
from vdiff.config_keys import check_keys
from vdiff.data.loader import make_loader, resolve_workers
from vdiff.ema import EMA
from vdiff.masking import sample_train_mask
from vdiff.train_stats import DeviceStats, NonFiniteLossError, append_jsonl

__all__ = ["TrainConfig", "Trainer", "NonFiniteLossError"]

_BOUNDS = {name: (1, None) for name in ("steps", "batch_size", "grad_accum", "log_every", "nan_patience")}
_BOUNDS.update({name: (0, None) for name in ("warmup_steps", "ema_start", "checkpoint_every", "keep_checkpoints",
                                             "max_given", "weight_decay", "max_minutes")})
_BOUNDS["workers"] = (-1, None)
_BOUNDS.update({"ema_decay": (0.0, 1.0), "p_uncond": (0.0, 1.0)})
_CHOICES = {"precision": ("auto", "bf16", "fp32"), "resume": ("auto", "never"), "device": ("auto", "cpu", "cuda")}


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation, checkpointing and training-mask settings; batch_size is per GPU (per process)."""

    steps: int = 1000
    batch_size: int = 8
    grad_accum: int = 1
    lr: float = 2e-5
    weight_decay: float = 0.0
    warmup_steps: int = 0
    ema_decay: float = 0.9999
    ema_start: int = 0  # steps before which the EMA is a plain copy of the weights
    grad_clip: float = 1.0  # <= 0 disables clipping (the norm is still logged)
    precision: str = "auto"  # auto: bf16 autocast on CUDA when supported, fp32 elsewhere
    compile: bool = False
    checkpoint_every: int = 1000  # 0: only at the end
    keep_checkpoints: int = 3  # 0: keep all
    log_every: int = 50
    resume: str = "auto"
    nan_patience: int = 20
    seed: int = 0
    workers: int = -1  # data-loading processes; -1: up to 8 on CUDA (the CPUs per GPU, less one), 0 on CPU
    max_given: int = 4
    p_uncond: float = 0.25
    prefix_only: bool = False
    device: str = "auto"
    max_minutes: float = 0.0  # training wall time of the whole run (over resumes); 0 = none. Stops cleanly.

    def __post_init__(self) -> None:
        _validate(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        """Build a config from a plain dict, rejecting unknown keys with a suggestion."""
        check_keys(cls, d)
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for YAML/JSON and checkpoints."""
        return dataclasses.asdict(self)


def _validate(cfg: TrainConfig) -> None:
    """Type and range checks with one-line messages naming the field."""
    for field in dataclasses.fields(cfg):
        value = getattr(cfg, field.name)
        kind = {"int": int, "float": (int, float), "bool": bool, "str": str}[str(field.type)]
        if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
            raise ValueError(f"TrainConfig.{field.name}: expected {field.type}, got {value!r}")
    for name, choices in _CHOICES.items():
        if getattr(cfg, name) not in choices:
            raise ValueError(f"TrainConfig.{name}: expected one of {list(choices)}, got {getattr(cfg, name)!r}")
    for name, (low, high) in _BOUNDS.items():
        value = getattr(cfg, name)
        if value < low or (high is not None and value > high):
            bound = f">= {low}" if high is None else f"in [{low}, {high}]"
            raise ValueError(f"TrainConfig.{name}: expected a value {bound}, got {value!r}")
    if cfg.lr <= 0:
        raise ValueError(f"TrainConfig.lr: expected a value > 0, got {cfg.lr!r}")


def _warmup_factor(step: int, *, warmup_steps: int) -> float:
    """Linear warm-up from lr/warmup_steps to lr over the first warmup_steps steps, then constant."""
    return 1.0 if warmup_steps == 0 else min(1.0, (step + 1) / warmup_steps)


def _derive_seed(seed: int, index: int, stream: int) -> int:
    """A distinct seed per (seed, index, stream); index is a rank or a step."""
    return (seed * 1_000_003 + index * 7_919 + stream) % (2**63)


class Trainer:
    """Trains `model` on `dataset` with `diffusion.training_losses`; see TrainConfig and fit()."""

    def __init__(self, cfg: TrainConfig, model: nn.Module, diffusion: Any, dataset: Any, *,
                 run_dir: Path, quiet: bool = False):
        self.cfg, self.diffusion, self.dataset = cfg, diffusion, dataset
        self.run_dir, self.quiet = Path(run_dir), quiet
        self.env = read_env()
        self.device = select_device(self.env, cfg.device)
        init_distributed(self.env, self.device)
        self.precision = resolve_precision(cfg.precision, self.device)
        if self.device.type == "cuda":
            torch.backends.cudnn.benchmark = True
            torch.set_float32_matmul_precision("high")  # TF32 for fp32 matmuls and convolutions
        self.configs = {"model": config_of(model, "model"), "diffusion": config_of(diffusion, "diffusion"),
                        "train": cfg.to_dict()}
        torch.manual_seed(_derive_seed(cfg.seed, self.env.rank, 0))  # dropout and other global draws
        self.noise_generator = torch.Generator(device=self.device)
        self.model = model.to(self.device)
        self.ema = EMA(self.model, decay=cfg.ema_decay, start=cfg.ema_start)
        self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay,
                                           fused=True)
        self.scheduler = LambdaLR(self.optimizer, partial(_warmup_factor, warmup_steps=cfg.warmup_steps))
        self.stats = DeviceStats(self.device)
        self.step, self.batches = 0, 0
        self.last_lr, self.last_loss = cfg.lr, None  # None until a log step has measured a finite loss
        self._wall_before, self._fit_start = 0.0, None  # training seconds of earlier fit() calls; this one's start
        self.resumed_from: Path | None = None
        if cfg.resume == "auto":
            self._resume()
        self.ddp, self.train_model = self._wrap(self.model)
        self._loader: Iterator[torch.Tensor] | None = None

    @property
    def global_batch(self) -> int:
        """Clips per optimizer step over all ranks: batch_size * grad_accum * world_size."""
        return self.cfg.batch_size * self.cfg.grad_accum * self.env.world_size

    @property
    def ema_model(self) -> nn.Module:
        """The EMA weights as a module in eval mode (fp32), for sampling."""
        return self.ema.module

    def _wrap(self, model: nn.Module) -> tuple[DistributedDataParallel | None, nn.Module]:
        """DDP under torchrun, then torch.compile when asked; the raw model stays self.model."""
        ddp = None
        wrapped: nn.Module = model
        if self.env.distributed:
            device_ids = [self.device.index] if self.device.type == "cuda" else None
            ddp = DistributedDataParallel(model, device_ids=device_ids)
            wrapped = ddp
        if self.cfg.compile:
            wrapped = torch.compile(wrapped)
        return ddp, wrapped

    def _open_loader(self) -> Iterator[torch.Tensor]:
        """This rank's endless batch iterator, positioned after the batches already trained on."""
        cfg, env = self.cfg, self.env
        return make_loader(self.dataset, batch_size=cfg.batch_size, seed=cfg.seed, rank=env.rank,
                           workers=resolve_workers(cfg.workers, self.device), world_size=env.world_size,
                           pin_memory=self.device.type == "cuda", start_batch=self.batches)

    def _autocast(self) -> ContextManager[Any]:
        """bf16 autocast when the resolved precision is bf16; parameters stay fp32 (master weights)."""
        if self.precision == "bf16":
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)
        return nullcontext()

    def _draw_step(self, clip_shape: torch.Size) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """t [G], given_mask [G, T] and noise [G, C, T, H, W] for all G = global_batch clips of this step.

        Drawn from (seed, step) alone and indexed by each clip's global position, so that one process
        with the whole batch, gradient accumulation and DDP ranks give every clip the same randomness.
        """
        cfg, g = self.cfg, self.global_batch
        gen = self.noise_generator.manual_seed(_derive_seed(cfg.seed, self.step, 3))
        t = torch.randint(0, self.diffusion.num_timesteps, (g,), generator=gen, device=self.device)
        given_mask = sample_train_mask(g, clip_shape[1], max_given=cfg.max_given, p_uncond=cfg.p_uncond,
                                       prefix_only=cfg.prefix_only, generator=gen, device=self.device)
        noise = torch.randn((g, *clip_shape), generator=gen, device=self.device)
        return t, given_mask, noise

    def _positions(self, micro: int) -> torch.Tensor:
        """Global positions [B] of this rank's clips in micro-batch `micro`: the loader interleaves ranks."""
        b, world = self.cfg.batch_size, self.env.world_size
        return (micro * b + torch.arange(b, device=self.device)) * world + self.env.rank

    def train_step(self) -> None:
        """One optimizer step over grad_accum micro-batches; a non-finite gradient skips the update."""
        cfg = self.cfg
        if self._loader is None:
            self._loader = self._open_loader()
        self.optimizer.zero_grad(set_to_none=True)
        loss_sum = torch.zeros((), device=self.device)
        drawn = None
        for micro in range(cfg.grad_accum):
            x0 = next(self._loader).to(self.device, non_blocking=True)  # [B, C, T, H, W]
            drawn = drawn or self._draw_step(x0.shape[1:])
            t, given_mask, noise = (values[self._positions(micro)] for values in drawn)
            # gradients are all-reduced only on the last micro-step (DDP no_sync on the others)
            sync = self.ddp.no_sync() if self.ddp is not None and micro < cfg.grad_accum - 1 else nullcontext()
            with sync:
                with self._autocast():
                    losses = self.diffusion.training_losses(self.train_model, x0, given_mask, t=t, noise=noise)
                    loss = losses["loss"].mean()
                (loss / cfg.grad_accum).backward()
            loss_sum += loss.detach().float()
            self.batches += 1
        grad_norm = self._clip_gradients()
        found_inf = (~torch.isfinite(grad_norm)).float()
        self._optimizer_step(found_inf)
        self.step += 1
        self.ema.update(self.model, self.step)
        self.last_lr = self.optimizer.param_groups[0]["lr"]
        self.scheduler.step()
        self.stats.add(loss_sum / cfg.grad_accum, grad_norm, found_inf)

    def _clip_gradients(self) -> torch.Tensor:
        """Clip to grad_clip (when > 0) and return the total norm before clipping, on the device."""
        params = [p for p in self.model.parameters() if p.grad is not None]
        if self.cfg.grad_clip > 0:
            return torch.nn.utils.clip_grad_norm_(params, self.cfg.grad_clip, foreach=True).float()
        return torch.nn.utils.get_total_norm([p.grad for p in params], foreach=True).float()

    def _optimizer_step(self, found_inf: torch.Tensor) -> None:
        """Fused AdamW step (CPU and CUDA), skipped on the device when found_inf is 1: no host sync."""
        # fused AdamW reads `found_inf` (the GradScaler protocol) and leaves weights and state untouched
        self.optimizer.found_inf = found_inf
        self.optimizer.step()

    def maybe_log(self, bar: tqdm | None = None, *, force: bool = False) -> dict[str, Any] | None:
        """At log steps (and every nan_patience steps) fetch device stats, run the NaN guard, write log.jsonl."""
        cfg = self.cfg
        is_log = force or self.step % cfg.log_every == 0 or self.step == cfg.steps
        if not is_log and self.step % cfg.nan_patience != 0:
            return None
        mean_over_ranks_(self.stats.values, self.env)  # logged loss = the mean over every rank's clips
        stats = self.stats.check(self.step, cfg.nan_patience)  # the only host sync between log steps
        if not is_log:
            return None
        now = time.perf_counter()
        last_step, last_time = self._last_log
        cuda = self.device.type == "cuda"
        record = {
            "step": self.step,
            "loss": stats["loss"],
            "lr": self.last_lr,
            "grad_norm": stats["grad_norm"],
            "clips_per_s": (self.step - last_step) * self.global_batch / max(now - last_time, 1e-9),
            "peak_mem_gib": torch.cuda.max_memory_allocated(self.device) / 2**30 if cuda else None,
            "skipped": stats["skipped"],
            "elapsed_s": self.train_wall_s,
        }
        self.stats.reset_window()
        self._last_log = (self.step, now)
        if record["loss"] is not None:
            self.last_loss = record["loss"]
        if self.env.is_main:
            append_jsonl(self.run_dir / "log.jsonl", record)
            if bar is not None and record["loss"] is not None:
                bar.set_postfix(loss=f"{record['loss']:.4f}", refresh=False)
        return record

    def maybe_checkpoint(self) -> Path | None:
        """Write a checkpoint every checkpoint_every steps and at the last step (rank 0; all ranks wait)."""
        every, final = self.cfg.checkpoint_every, self.step == self.cfg.steps
        if not final and (every == 0 or self.step % every != 0):
            return None
        return self.save()

    def save(self) -> Path:
        """Checkpoint the current state to run_dir/checkpoints/ckpt-{step:08d}.pt, pruning old ones."""
        barrier(self.env)
        rng = capture_rng(self.device, self.env)  # collective: every rank's states
        path = checkpoint_path(self.run_dir, self.step)
        if self.env.is_main:
            save_checkpoint(self._state(rng), path)
            prune_checkpoints(self.run_dir, self.cfg.keep_checkpoints)
        barrier(self.env)
        return path

    def _state(self, rng: dict[str, Any]) -> dict[str, Any]:
        """Everything a resume or a sampler needs, as a torch.save-able dict."""
        skipped, streak = self.stats.counters()
        return {
            "version": 1,
            "step": self.step,
            "model": self.model.state_dict(),
            "ema": self.ema.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "data": {"batches": self.batches, "batch_size": self.cfg.batch_size, "world_size": self.env.world_size},
            "rng": rng,
            "config": self.configs,
            "stats": {"skipped_steps": skipped, "nan_streak": streak, "last_loss": self.last_loss,
                      "train_wall_s": self.train_wall_s},
        }

    def _resume(self) -> None:
        """Continue from the newest valid checkpoint in run_dir (bad ones are reported and skipped)."""
        found = find_resume(self.run_dir, report=self.env.is_main)
        if found is None:
            return
        path, state = found
        if state["config"]["model"] != self.configs["model"]:
            raise ValueError(f"{path}: expected a checkpoint of model config {self.configs['model']}, "
                             f"got {state['config']['model']}")
        self.model.load_state_dict(state["model"])
        self.ema.load_state_dict(state["ema"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.step = int(state["step"])
        self.batches = resume_batches(state["data"], self.cfg.batch_size, self.env, path)
        self.stats.restore(state["stats"]["skipped_steps"], state["stats"]["nan_streak"])
        self.last_loss = state["stats"]["last_loss"]
        self._wall_before = float(state["stats"]["train_wall_s"])
        restore_rng(state["rng"], self.device, self.env,
                    reseed=_derive_seed(self.cfg.seed + self.step, self.env.rank, 2))
        self.resumed_from = path
        if self.env.is_main:
            rewind_log(self.run_dir / "log.jsonl", self.step)
            if not self.quiet:
                print(f"resumed from {path} at step {self.step}", file=sys.stderr, flush=True)

    @property
    def train_wall_s(self) -> float:
        """Training wall time of the whole run so far, summed over resumes (kept in checkpoints)."""
        running = time.perf_counter() - self._fit_start if self._fit_start is not None else 0.0
        return self._wall_before + running

    def _out_of_time(self, logged: bool) -> bool:
        """True on every rank once train_wall_s reaches max_minutes: checked every step, at log steps under DDP."""
        if self.cfg.max_minutes <= 0 or (self.env.distributed and not logged):
            return False
        return any_rank(self.train_wall_s >= self.cfg.max_minutes * 60, self.env, self.device)

    def fit(self) -> dict[str, Any]:
        """Train until cfg.steps or until the run's max_minutes are spent, then checkpoint; returns a summary."""
        cfg, start_step = self.cfg, self.step
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.env.is_main and not self.quiet:
            print(f"train: {self.device}, {self.precision}, world {self.env.world_size}, global batch "
                  f"{self.global_batch}, compile {cfg.compile}", file=sys.stderr, flush=True)
        if self._out_of_time(True):  # a resumed run may have spent its budget already
            return self._summary(start_step, 0.0, "time")
        bar = tqdm(total=cfg.steps, initial=self.step, desc="train", unit="step", dynamic_ncols=True,
                   mininterval=1.0, disable=self.quiet or not self.env.is_main)
        self.model.train()
        out_of_time, saved = False, None
        start = self._fit_start = time.perf_counter()
        self._last_log = (self.step, start)
        while self.step < cfg.steps and not out_of_time:
            self.train_step()
            bar.update(1)
            logged = self.maybe_log(bar)
            saved = self.maybe_checkpoint() or saved
            out_of_time = self.step < cfg.steps and self._out_of_time(logged is not None)
        if self.step != self._last_log[0]:  # stopped by the budget between log steps: log the partial window
            self.maybe_log(bar, force=True)
        wall = time.perf_counter() - start
        self._wall_before, self._fit_start = self.train_wall_s, None  # the checkpoint below stores this total
        if out_of_time and self.step > start_step and saved != checkpoint_path(self.run_dir, self.step):
            self.save()
        bar.close()
        self._loader = None  # shuts its workers down; a later fit() reopens it at self.batches
        return self._summary(start_step, wall, "time" if out_of_time else "steps")

    def _summary(self, start_step: int, wall: float, stopped: str) -> dict[str, Any]:
        """What fit() returns: steps, timing and the settings a run record needs."""
        return {
            "steps": self.step, "complete": self.step >= self.cfg.steps, "stopped": stopped,
            "wall_s": wall, "train_wall_s": self._wall_before,
            "clips_per_s": (self.step - start_step) * self.global_batch / max(wall, 1e-9),
            "final_loss": self.last_loss, "skipped_steps": self.stats.counters()[0],
            "world_size": self.env.world_size, "batch": self.cfg.batch_size, "global_batch": self.global_batch,
            "precision": self.precision, "resumed_from": str(self.resumed_from) if self.resumed_from else None,
        }
