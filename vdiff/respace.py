"""Timestep respacing: which steps of the original chain a shorter sampler keeps (Nichol & Dhariwal 2021, sec. 4)."""
from __future__ import annotations

from collections.abc import Sequence

import torch


def space_timesteps(num_timesteps: int, spec: str | Sequence[int]) -> list[int]:
    """Sorted original timesteps to keep: "ddimN" (even stride, DDIM style), "N" or "a,b,c" (N steps per
    equal section, improved-diffusion style), or an explicit list of step indices."""
    if isinstance(spec, str):
        spec = spec.strip()
        if spec.startswith("ddim"):
            return _ddim_steps(num_timesteps, spec)
        try:
            counts = [int(part) for part in spec.split(",")]
        except ValueError:
            raise ValueError(
                f"respacing: expected 'ddimN', 'N', 'a,b,c' or a list of ints, got {spec!r}"
            ) from None
        return _section_steps(num_timesteps, counts)
    steps = sorted({int(s) for s in spec})
    if not steps or steps[0] < 0 or steps[-1] >= num_timesteps:
        raise ValueError(
            f"respacing: expected a non-empty list of steps in [0, {num_timesteps - 1}], got {list(spec)!r}"
        )
    return steps


def _ddim_steps(num_timesteps: int, spec: str) -> list[int]:
    try:
        wanted = int(spec[len("ddim"):])
    except ValueError:
        raise ValueError(f"respacing: expected 'ddimN' with an int N, got {spec!r}") from None
    if not 1 <= wanted <= num_timesteps:
        raise ValueError(f"respacing: expected 1 <= N <= {num_timesteps} in 'ddimN', got {spec!r}")
    for stride in range(1, num_timesteps + 1):
        if len(range(0, num_timesteps, stride)) == wanted:
            return list(range(0, num_timesteps, stride))
    # No integer stride gives exactly N steps: fall back to rounded even spacing.
    return sorted({round(i * (num_timesteps - 1) / max(wanted - 1, 1)) for i in range(wanted)})


def _section_steps(num_timesteps: int, counts: list[int]) -> list[int]:
    """Split [0, T) into len(counts) equal sections and take counts[i] evenly spaced steps from section i."""
    size_per, extra = divmod(num_timesteps, len(counts))
    start = 0
    steps: list[int] = []
    for i, count in enumerate(counts):
        size = size_per + (1 if i < extra else 0)
        if not 1 <= count <= size:
            raise ValueError(
                f"respacing: expected 1..{size} steps in section {i} of {num_timesteps} steps, got {count}"
            )
        stride = (size - 1) / (count - 1) if count > 1 else 1.0
        steps += [start + round(j * stride) for j in range(count)]
        start += size
    return sorted(set(steps))


def respaced_betas(alphas_cumprod: torch.Tensor, steps: Sequence[int]) -> torch.Tensor:
    """Betas of the shorter chain that has the same alphas_cumprod at the kept steps."""
    kept = alphas_cumprod[list(steps)]
    previous = torch.cat([kept.new_ones(1), kept[:-1]])
    return 1.0 - kept / previous
