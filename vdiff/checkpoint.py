"""Training checkpoints: atomic writes, validated loads, newest-valid lookup, pruning.

A checkpoint is one `torch.save` dict at `run_dir/checkpoints/ckpt-{step:08d}.pt` holding everything a
resume needs (model, EMA, optimizer, scheduler, step, data position, RNG states) and everything sampling
needs (the model, diffusion and train configs), as nanoGPT's checkpoints carry `model_args`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import torch

from vdiff.distributed import DistEnv, gather_objects

CHECKPOINT_DIR = "checkpoints"
REQUIRED_KEYS = ("version", "step", "model", "ema", "optimizer", "scheduler", "data", "rng", "config", "stats")
_NAME = re.compile(r"^ckpt-(\d{8,})\.pt$")


class CheckpointError(RuntimeError):
    """A checkpoint file that cannot be read or lacks required entries (message is one line)."""


def config_of(obj: Any, what: str) -> dict[str, Any]:
    """obj.config.to_dict(): checkpoints carry the model and diffusion configs, so sampling needs nothing else."""
    config = getattr(obj, "config", None)
    if config is None or not hasattr(config, "to_dict"):
        raise ValueError(f"Trainer: expected the {what} to have .config.to_dict(), got {type(obj).__name__}")
    return config.to_dict()


def checkpoint_path(run_dir: Path, step: int) -> Path:
    """Where the checkpoint of `step` lives: run_dir/checkpoints/ckpt-{step:08d}.pt."""
    return Path(run_dir) / CHECKPOINT_DIR / f"ckpt-{step:08d}.pt"


def list_checkpoints(run_dir: Path) -> list[Path]:
    """Checkpoint files of a run, oldest step first (temp files and other names ignored)."""
    folder = Path(run_dir) / CHECKPOINT_DIR
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _NAME.match(p.name)) and p.is_file()]
    return [p for _, p in sorted(found)]


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call write(file) on a temp file in the same folder, fsync, os.replace onto `path`, fsync the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_dir(path.parent)
    return path


def save_checkpoint(state: dict[str, Any], path: Path) -> Path:
    """Write `state` atomically (a crash leaves the previous file or none, never half of one)."""
    return write_atomic(path, functools.partial(torch.save, state))


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_checkpoint(path: Path, *, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    """Read and validate a checkpoint; raises CheckpointError naming the file and what is wrong."""
    path = Path(path)
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: checkpoint not found") from None
    except Exception as exc:  # torch.load reports truncation/corruption with many exception types
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckpointError(f"{path}: unreadable checkpoint ({type(exc).__name__}: {reason})") from None
    if not isinstance(state, dict):
        raise CheckpointError(f"{path}: expected a dict checkpoint, got {type(state).__name__}")
    missing = [key for key in REQUIRED_KEYS if key not in state]
    if missing:
        raise CheckpointError(f"{path}: checkpoint lacks keys {missing}")
    return state


def find_resume(run_dir: Path, *, report: bool = True) -> tuple[Path, dict[str, Any]] | None:
    """The newest checkpoint of a run that loads, with its content; bad ones are reported and skipped."""
    for path in reversed(list_checkpoints(run_dir)):
        try:
            return path, load_checkpoint(path)
        except CheckpointError as exc:
            if report:
                print(f"skipping checkpoint: {exc}", file=sys.stderr, flush=True)
    return None


def latest_checkpoint(run_dir: Path) -> Path | None:
    """Path of the newest valid checkpoint under run_dir/checkpoints, or None."""
    found = find_resume(run_dir)
    return found[0] if found else None


def prune_checkpoints(run_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` checkpoints (keep <= 0 keeps all); returns the deleted paths."""
    paths = list_checkpoints(run_dir)
    if keep <= 0 or len(paths) <= keep:
        return []
    doomed = paths[: len(paths) - keep]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def capture_rng(device: torch.device, env: DistEnv) -> dict[str, list[Any]]:
    """Every rank's global RNG states (torch CPU, CUDA), indexed by rank; a collective under DDP."""
    mine = {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state(device) if device.type == "cuda" else None,
    }
    gathered = gather_objects(mine, env)
    return {key: [states[key] for states in gathered] for key in mine}


def restore_rng(rng: dict[str, list[Any]], device: torch.device, env: DistEnv, *, reseed: int) -> None:
    """Set this rank's RNG states from a checkpoint; ranks the checkpoint lacks are seeded with `reseed`."""
    if env.rank >= len(rng["torch"]):
        torch.manual_seed(reseed)
        return
    torch.set_rng_state(rng["torch"][env.rank])
    cuda_state = rng["cuda"][env.rank]
    if device.type == "cuda" and cuda_state is not None:
        torch.cuda.set_rng_state(cuda_state, device)


def resume_batches(data: dict[str, int], batch_size: int, env: DistEnv, path: Path) -> int:
    """Batches this rank has consumed; converted through the global clip count when the layout changed."""
    if data["batch_size"] == batch_size and data["world_size"] == env.world_size:
        return int(data["batches"])
    clips = data["batches"] * data["batch_size"] * data["world_size"]
    if env.is_main:
        print(f"{path}: saved with batch {data['batch_size']} x {data['world_size']} ranks, resuming with "
              f"{batch_size} x {env.world_size}: the data order continues approximately", file=sys.stderr, flush=True)
    return clips // (batch_size * env.world_size)


def _logged_step(line: str) -> int | None:
    """The step of one log.jsonl line, or None for a torn or foreign line (a crash mid-write)."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("step") if isinstance(record, dict) and isinstance(record.get("step"), int) else None


def rewind_log(log_path: Path, step: int) -> None:
    """Drop log.jsonl records after `step` (written by a run that crashed after its last checkpoint) and torn lines."""
    if not log_path.exists():
        return
    lines = log_path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if (logged := _logged_step(line)) is not None and logged <= step]
    if len(kept) == len(lines):
        return
    tmp = log_path.with_name(f".{log_path.name}.tmp-{os.getpid()}")
    tmp.write_text("".join(kept), encoding="utf-8")
    os.replace(tmp, log_path)
