"""The one DataLoader factory: endless, reshuffled every epoch, sharded with DistributedSampler.

Each rank reads the chain of its DistributedSampler epochs (epoch e shuffled with seed + e) and cuts it
into batches of `batch_size`, so a data set smaller than a batch still gives full batches, and batch b
of a rank is a pure function of (seed, rank, world_size, b): a resume only needs the batch count.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence

import torch
from einops import rearrange
from torch.utils.data import DataLoader, Dataset, DistributedSampler

from vdiff.data.errors import DataError


def collate_clips(clips: Sequence[torch.Tensor]) -> torch.Tensor:
    """Data-set clips [T, C, H, W] -> model batch [B, C, T, H, W]; the only place the layout changes."""
    batch = torch.stack(list(clips))  # [B, T, C, H, W]
    return rearrange(batch, "b t c h w -> b c t h w").contiguous()


class EndlessBatchSampler:
    """Index batches of one rank forever: DistributedSampler epochs chained, reshuffled per epoch."""

    def __init__(self, dataset: Dataset, *, batch_size: int, seed: int, rank: int, world_size: int,
                 start_batch: int = 0) -> None:
        self.dataset, self.batch_size, self.seed = dataset, batch_size, seed
        self.rank, self.world_size, self.start_batch = rank, world_size, start_batch

    def _epoch(self, epoch: int) -> DistributedSampler:
        """This rank's share of epoch `epoch`, shuffled with seed + epoch."""
        sampler = DistributedSampler(self.dataset, num_replicas=self.world_size, rank=self.rank,
                                     shuffle=True, seed=self.seed, drop_last=False)
        sampler.set_epoch(epoch)
        return sampler

    def indices(self) -> Iterator[int]:
        """This rank's endless index stream, starting at batch `start_batch`."""
        per_epoch = len(self._epoch(0))  # ceil(N / world_size): DistributedSampler pads evenly
        skip = self.start_batch * self.batch_size
        first_epoch, offset = divmod(skip, per_epoch)
        for epoch in itertools.count(first_epoch):
            stream = iter(self._epoch(epoch))
            if epoch == first_epoch:
                stream = itertools.islice(stream, offset, None)
            yield from stream

    def __iter__(self) -> Iterator[list[int]]:
        stream = self.indices()
        while True:
            yield list(itertools.islice(stream, self.batch_size))


def resolve_workers(workers: int, device: torch.device) -> int:
    """`workers`, or for -1: 0 on the CPU, else min(8, CPUs per GPU - 1), enough to keep a GPU fed."""
    if workers >= 0:
        return workers
    if device.type != "cuda":
        return 0
    per_gpu = len(os.sched_getaffinity(0)) // max(1, torch.cuda.device_count())
    return max(1, min(8, per_gpu - 1))


def make_loader(dataset: Dataset, *, batch_size: int, seed: int = 0, workers: int = 0, rank: int = 0,
                world_size: int = 1, pin_memory: bool = False, start_batch: int = 0,
                prefetch: int = 4) -> Iterator[torch.Tensor]:
    """Endless iterator of batches [B, C, T, H, W] for this rank, skipping the first `start_batch`."""
    if len(dataset) == 0:  # type: ignore[arg-type]
        raise DataError(f"{type(dataset).__name__}: the data set is empty; expected at least one clip")
    for name, value, low in (("batch_size", batch_size, 1), ("workers", workers, 0), ("start_batch", start_batch, 0)):
        if not isinstance(value, int) or value < low:
            raise DataError(f"make_loader: {name}: expected an int >= {low}, got {value!r}")
    if not 0 <= rank < world_size:
        raise DataError(f"make_loader: rank: expected 0 <= rank < world_size={world_size}, got {rank!r}")
    sampler = EndlessBatchSampler(dataset, batch_size=batch_size, seed=seed, rank=rank,
                                  world_size=world_size, start_batch=start_batch)
    # its own generator: creating the loader leaves the global torch RNG (which checkpoints restore) alone
    loader = DataLoader(dataset, batch_sampler=sampler, num_workers=workers, collate_fn=collate_clips,
                        pin_memory=pin_memory, persistent_workers=workers > 0,
                        prefetch_factor=prefetch if workers > 0 else None,
                        generator=torch.Generator().manual_seed(seed + rank))
    return iter(loader)
