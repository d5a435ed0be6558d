"""Which frames are given (clean) to the model: bool masks [B, T], True = frame given."""
from __future__ import annotations

from collections.abc import Sequence

import torch


def _check_sizes(batch: int, frames: int) -> None:
    if not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch: expected a positive int, got {batch!r}")
    if not isinstance(frames, int) or frames < 1:
        raise ValueError(f"frames: expected a positive int, got {frames!r}")


def sample_train_mask(batch: int, frames: int, *, max_given: int = 4, p_uncond: float = 0.25,
                      prefix_only: bool = False, generator: torch.Generator | None = None,
                      device: torch.device | str | None = None) -> torch.Tensor:
    """RaMViD's training mask [B, T]: no frame with probability p_uncond, else k ~ U{1..K} given frames.

    K = min(max_given, frames - 1), so at least one frame is always left to predict (T = 1: nothing given).
    Frames sit at uniformly random positions, or are the first k when prefix_only. Random numbers come
    from `generator` on its own device (CPU when None), then the mask moves to `device`.
    """
    _check_sizes(batch, frames)
    if not isinstance(max_given, int) or max_given < 0:
        raise ValueError(f"max_given: expected an int >= 0, got {max_given!r}")
    if not 0.0 <= p_uncond <= 1.0:
        raise ValueError(f"p_uncond: expected a probability in [0, 1], got {p_uncond!r}")
    gen_device = generator.device if generator is not None else torch.device("cpu")
    k_max = min(max_given, frames - 1)
    if k_max < 1:
        return torch.zeros(batch, frames, dtype=torch.bool, device=device)
    uncond = torch.rand(batch, generator=generator, device=gen_device) < p_uncond
    k = torch.randint(1, k_max + 1, (batch,), generator=generator, device=gen_device)
    if prefix_only:
        rank = torch.arange(frames, device=gen_device).expand(batch, frames)
    else:
        # The rank of each frame in a random permutation: the k lowest ranks are given.
        rank = torch.rand(batch, frames, generator=generator, device=gen_device).argsort(dim=1).argsort(dim=1)
    mask = (rank < k[:, None]) & ~uncond[:, None]
    return mask.to(device) if device is not None else mask


def predict(batch: int, frames: int, n_given: int, *, device: torch.device | str | None = None) -> torch.Tensor:
    """Prediction task: the first n_given frames are given. Returns bool [B, T]."""
    _check_sizes(batch, frames)
    if not isinstance(n_given, int) or not 0 <= n_given <= frames:
        raise ValueError(f"n_given: expected an int in [0, {frames}], got {n_given!r}")
    return (torch.arange(frames, device=device) < n_given).expand(batch, frames).clone()


def infill(batch: int, frames: int, indices: Sequence[int], *,
           device: torch.device | str | None = None) -> torch.Tensor:
    """Infilling/interpolation task: the frames at `indices` are given. Returns bool [B, T]."""
    _check_sizes(batch, frames)
    indices = list(indices)
    if any(not isinstance(i, int) or not -frames <= i < frames for i in indices):
        raise ValueError(f"indices: expected ints in [{-frames}, {frames - 1}], got {indices!r}")
    mask = torch.zeros(batch, frames, dtype=torch.bool, device=device)
    mask[:, indices] = True
    return mask


def generate(batch: int, frames: int, *, device: torch.device | str | None = None) -> torch.Tensor:
    """Unconditional generation: no frame is given. Returns bool [B, T]."""
    _check_sizes(batch, frames)
    return torch.zeros(batch, frames, dtype=torch.bool, device=device)
