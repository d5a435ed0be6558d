"""Bouncing balls: n balls in the unit box with elastic walls, rendered anti-aliased at any size."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from einops import rearrange
from torch.utils.data import Dataset

from vdiff.data.errors import DataError, check_range

SPLIT_STREAMS = {"train": 0, "test": 1}

_PALETTE = (
    (0.95, 0.35, 0.25),
    (0.25, 0.6, 0.95),
    (0.98, 0.82, 0.2),
    (0.3, 0.8, 0.45),
    (0.8, 0.45, 0.95),
    (0.95, 0.6, 0.8),
)


@dataclass(frozen=True)
class BouncingBallsParams:
    """Every knob of the bouncing-balls generator; lengths are in units of the box side."""

    frames: int = 16
    image_size: int = 64
    num_balls: int = 3
    radius: float = 0.1
    min_speed: float = 0.02  # box sides per frame
    max_speed: float = 0.06
    collisions: bool = False  # ball-ball elastic collisions (equal masses)
    colors: tuple = _PALETTE  # RGB in [0, 1], cycled when there are more balls than colours
    background: tuple = (0.0, 0.0, 0.0)
    channels: int = 3  # 3 = RGB; 1 = luminance
    num_clips: int = 10000
    seed: int = 0

    def validate(self, where: str = "bouncing_balls") -> None:
        """Raise a DataError for values the generator cannot honour."""
        check_range(where, "frames", self.frames, low=1)
        check_range(where, "image_size", self.image_size, low=1)
        check_range(where, "num_balls", self.num_balls, low=1)
        check_range(where, "radius", self.radius, low=1e-3, high=0.49)
        check_range(where, "min_speed", self.min_speed, low=0.0)
        # A ball must not cross the free space in one frame, or one reflection is not enough.
        check_range(where, "max_speed", self.max_speed, low=self.min_speed, high=1 - 2 * self.radius)
        check_range(where, "num_clips", self.num_clips, low=1)
        if self.channels not in (1, 3):
            raise DataError(f"{where}.channels: expected 1 or 3, got {self.channels!r}")
        for name, colors in (("colors", self.colors), ("background", (self.background,))):
            arr = np.asarray(colors, dtype=np.float64)
            if arr.ndim != 2 or arr.shape[1] != 3 or len(arr) == 0 or arr.min() < 0 or arr.max() > 1:
                raise DataError(f"{where}.{name}: expected RGB triples in [0, 1], got {getattr(self, name)!r}")


def _initial_state(p: BouncingBallsParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Positions [n, 2] inside the walls (not overlapping when collisions are on) and velocities [n, 2]."""
    r = p.radius
    pos = rng.uniform(r, 1 - r, size=(p.num_balls, 2))
    if p.collisions:
        for _ in range(1000):  # rejection sampling of non-overlapping starts
            gaps = np.linalg.norm(pos[:, None] - pos[None], axis=-1) + np.eye(p.num_balls) * 9
            if gaps.min() >= 2 * r:
                break
            pos = rng.uniform(r, 1 - r, size=(p.num_balls, 2))
        else:
            raise DataError(f"bouncing_balls: cannot place num_balls={p.num_balls} of radius={r} without overlap; "
                            "expected fewer or smaller balls")
    angle = rng.uniform(0, 2 * np.pi, size=p.num_balls)
    speed = rng.uniform(p.min_speed, p.max_speed, size=p.num_balls)
    vel = np.stack([np.cos(angle), np.sin(angle)], axis=-1) * speed[:, None]
    return pos, vel


def _collide(pos: np.ndarray, vel: np.ndarray, radius: float) -> None:
    """Elastic collisions of equal masses: approaching overlapping pairs swap normal velocities."""
    n = len(pos)
    for i in range(n):
        for j in range(i + 1, n):
            delta = pos[i] - pos[j]
            dist = float(np.linalg.norm(delta))
            approaching = float(np.dot(vel[i] - vel[j], delta)) < 0
            if 0 < dist < 2 * radius and approaching:
                normal = delta / dist
                exchange = np.dot(vel[i] - vel[j], normal) * normal
                vel[i] -= exchange
                vel[j] += exchange


def simulate(p: BouncingBallsParams, rng: np.random.Generator) -> np.ndarray:
    """Ball centres [T, n, 2] (x, y in box units) under elastic walls and optional collisions."""
    pos, vel = _initial_state(p, rng)
    r = p.radius
    path = np.empty((p.frames, p.num_balls, 2))
    for t in range(p.frames):
        path[t] = pos
        pos = pos + vel
        low, high = pos < r, pos > 1 - r
        pos = np.where(low, 2 * r - pos, pos)
        pos = np.where(high, 2 * (1 - r) - pos, pos)
        vel = np.where(low | high, -vel, vel)
        if p.collisions:
            _collide(pos, vel, r)
    return path


def render(p: BouncingBallsParams, path: np.ndarray) -> np.ndarray:
    """RGB frames [T, 3, S, S] in [0, 1]; edge pixels get their analytic (distance-based) coverage."""
    size = p.image_size
    centres = (np.arange(size) + 0.5) / size
    dx = path[:, :, 0, None, None] - centres[None, None, None, :]  # [T, n, 1, W]
    dy = path[:, :, 1, None, None] - centres[None, None, :, None]  # [T, n, H, 1]
    dist_px = np.sqrt(dx**2 + dy**2) * size  # [T, n, H, W]
    # Signed distance to the rim, in pixels, as a coverage fraction: exact for straight edges.
    coverage = np.clip(p.radius * size - dist_px + 0.5, 0.0, 1.0)
    colors = np.asarray(p.colors, dtype=np.float64)
    frames = np.broadcast_to(np.asarray(p.background)[None, :, None, None], (p.frames, 3, size, size))
    for k in range(p.num_balls):
        alpha = coverage[:, k, None]  # [T, 1, H, W]
        color = colors[k % len(colors)][None, :, None, None]
        frames = frames * (1 - alpha) + color * alpha
    return frames


class BouncingBalls(Dataset):
    """Clips [T, C, H, W] in [-1, 1]; clip i is a pure function of (seed, split, i)."""

    def __init__(self, params: BouncingBallsParams, *, split: str = "train") -> None:
        if split not in SPLIT_STREAMS:
            raise DataError(f"bouncing_balls: split: expected one of train, test, got {split!r}")
        params.validate()
        self.params = params
        self.split = split

    def __len__(self) -> int:
        return self.params.num_clips

    def trajectory(self, index: int) -> np.ndarray:
        """Ball centres [T, n, 2] of clip `index`, in box units."""
        if not 0 <= index < len(self):
            raise IndexError(f"bouncing_balls: index {index} out of range [0, {len(self)})")
        rng = np.random.default_rng([self.params.seed, SPLIT_STREAMS[self.split], index])
        return simulate(self.params, rng)

    def __getitem__(self, index: int) -> torch.Tensor:
        frames = render(self.params, self.trajectory(index))
        if self.params.channels == 1:
            luminance = np.array([0.299, 0.587, 0.114])
            frames = np.einsum("tchw,c->thw", frames, luminance)
            frames = rearrange(frames, "t h w -> t 1 h w")
        return torch.from_numpy(np.ascontiguousarray(frames * 2 - 1, dtype=np.float32))
