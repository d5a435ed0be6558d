"""Process-group handling for training under torchrun (env:// rendezvous), DiT style.

Rank and world size come from torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK) and are held by
the Trainer; nothing here is global state beyond torch.distributed's own process group.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class DistEnv:
    """Where this process sits: its rank, the world size and the local (per-host) rank."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        """True on the process that logs and writes checkpoints (rank 0)."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        """True when more than one process takes part."""
        return self.world_size > 1


def _env_int(name: str, default: int) -> int:
    """Read a non-negative integer environment variable, failing with a one-line message."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"environment {name}: expected a non-negative integer, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"environment {name}: expected a non-negative integer, got {raw!r}")
    return value


def read_env() -> DistEnv:
    """DistEnv from torchrun's RANK / WORLD_SIZE / LOCAL_RANK (a plain run is rank 0 of 1)."""
    world_size = _env_int("WORLD_SIZE", 1)
    rank = _env_int("RANK", 0)
    local_rank = _env_int("LOCAL_RANK", rank)
    if world_size < 1 or rank >= world_size:
        raise ValueError(f"environment RANK/WORLD_SIZE: expected 0 <= RANK < WORLD_SIZE, got {rank}/{world_size}")
    return DistEnv(rank=rank, world_size=world_size, local_rank=local_rank)


def select_device(env: DistEnv, requested: str = "auto") -> torch.device:
    """The device this rank trains on: cuda:LOCAL_RANK when CUDA is there (or asked for), else cpu."""
    if requested == "cpu" or (requested == "auto" and not torch.cuda.is_available()):
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise ValueError(f"train.device: expected 'auto' or 'cpu' on a machine without CUDA, got {requested!r}")
    if env.local_rank >= torch.cuda.device_count():
        raise ValueError(
            f"environment LOCAL_RANK: expected < {torch.cuda.device_count()} (visible GPUs), got {env.local_rank}"
        )
    device = torch.device("cuda", env.local_rank)
    torch.cuda.set_device(device)
    return device


def resolve_precision(requested: str, device: torch.device) -> str:
    """'bf16' or 'fp32' for this device: auto picks bf16 on CUDA GPUs that support it."""
    bf16_ok = device.type == "cuda" and torch.cuda.is_bf16_supported()
    if requested == "auto":
        return "bf16" if bf16_ok else "fp32"
    if requested == "bf16" and device.type == "cuda" and not bf16_ok:
        name = torch.cuda.get_device_name(device)
        raise ValueError(f"TrainConfig.precision: expected 'fp32' or 'auto' on {name}, got 'bf16'")
    return requested


def init_distributed(env: DistEnv, device: torch.device) -> None:
    """Join the process group (nccl on CUDA, gloo on CPU) unless single-process or already joined."""
    if not env.distributed or dist.is_initialized():
        return
    backend = "nccl" if device.type == "cuda" else "gloo"
    kwargs: dict[str, Any] = {}
    if device.type == "cuda":
        kwargs["device_id"] = device  # binds NCCL to this GPU and avoids a guessing barrier
    dist.init_process_group(
        backend=backend, init_method="env://", rank=env.rank, world_size=env.world_size, **kwargs
    )


def destroy_distributed() -> None:
    """Leave the process group if one was joined (call once at the end of the program)."""
    if dist.is_initialized():
        dist.destroy_process_group()


def barrier(env: DistEnv) -> None:
    """Wait for every rank (no-op in a single process)."""
    if env.distributed and dist.is_initialized():
        dist.barrier()


def gather_objects(obj: Any, env: DistEnv) -> list[Any]:
    """Every rank's `obj`, indexed by rank (on every rank); [obj] in a single process."""
    if not (env.distributed and dist.is_initialized()):
        return [obj]
    gathered: list[Any] = [None] * env.world_size
    dist.all_gather_object(gathered, obj)
    return gathered


def any_rank(flag: bool, env: DistEnv, device: torch.device) -> bool:
    """True on every rank when `flag` is true on any rank (one tiny all-reduce under DDP)."""
    if not (env.distributed and dist.is_initialized()):
        return flag
    value = torch.tensor(float(flag), device=device)
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item())


def mean_over_ranks_(tensor: torch.Tensor, env: DistEnv) -> torch.Tensor:
    """Average `tensor` over ranks in place (SUM then divide: gloo has no AVG); unchanged in one process."""
    if env.distributed and dist.is_initialized():
        dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
        tensor /= env.world_size
    return tensor
