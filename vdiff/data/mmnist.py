"""Moving MNIST (Srivastava et al. 2015) and Stochastic Moving MNIST (Denton & Fergus 2018)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from einops import repeat
from PIL import Image
from torch.utils.data import Dataset

from vdiff.data.digits import load_digits
from vdiff.data.errors import DataError, DataNotFoundError, check_range

SPLIT_STREAMS = {"train": 0, "test": 1}


@dataclass(frozen=True)
class MovingMNISTParams:
    """Generator settings; defaults are the standard 64x64, two 28x28 digits, 20 frames."""

    frames: int = 20
    image_size: int = 64
    num_digits: int = 2
    digit_size: int = 28
    step_length: float = 0.1  # Srivastava: fraction of the free canvas moved per frame
    stochastic: bool = False  # Denton & Fergus: a new random direction at each bounce
    max_step: int = 4  # stochastic: integer pixels per frame along each axis, at most
    channels: int = 1  # 3 repeats the grey level for RGB models
    num_clips: int = 10000
    seed: int = 0
    mnist_dir: str | None = None  # folder of MNIST IDX files instead of the packaged digits
    sequences_path: str | None = None  # mnist_test_seq.npy [T, N, 64, 64] uint8: fixed clips

    def validate(self, where: str) -> None:
        """Raise a DataError for values the generator cannot honour."""
        check_range(where, "frames", self.frames, low=1)
        check_range(where, "num_digits", self.num_digits, low=1)
        check_range(where, "digit_size", self.digit_size, low=1)
        check_range(where, "image_size", self.image_size, low=self.digit_size)
        check_range(where, "step_length", self.step_length, low=0.0, high=1.0)
        check_range(where, "max_step", self.max_step, low=1)
        check_range(where, "num_clips", self.num_clips, low=1)
        if self.channels not in (1, 3):
            raise DataError(f"{where}.channels: expected 1 or 3, got {self.channels!r}")


def srivastava_trajectory(rng: np.random.Generator, *, frames: int, free: int,
                          step_length: float) -> tuple[np.ndarray, np.ndarray]:
    """Top-left corners [T, 2] (y, x pixels) and velocities [T, 2]: constant speed, mirror bounces.

    As Srivastava et al.'s generator: move, clamp to [0, 1] and reverse at a wall, then record
    floor(position * free) — so the first frame is already one step from the random start.
    """
    pos = rng.uniform(0, 1, size=2)
    theta = rng.uniform(0, 2 * np.pi)
    vel = np.array([np.sin(theta), np.cos(theta)]) * step_length
    corners, velocities = np.empty((frames, 2)), np.empty((frames, 2))
    for t in range(frames):
        pos = pos + vel
        for axis in range(2):
            if pos[axis] <= 0 or pos[axis] >= 1:
                pos[axis] = np.clip(pos[axis], 0, 1)
                vel[axis] = -vel[axis]
        corners[t], velocities[t] = np.floor(pos * free), vel
    return corners, velocities


def stochastic_trajectory(rng: np.random.Generator, *, frames: int, free: int,
                          max_step: int) -> tuple[np.ndarray, np.ndarray]:
    """As `srivastava_trajectory` in integer pixels; each bounce draws a new direction away from the wall."""
    pos = rng.integers(0, free + 1, size=2)
    vel = rng.integers(-max_step, max_step + 1, size=2)
    corners, velocities = np.empty((frames, 2)), np.empty((frames, 2))
    for t in range(frames):
        corners[t], velocities[t] = pos, vel
        pos = pos + vel
        for axis in range(2):
            if pos[axis] <= 0 or pos[axis] >= free:
                away = 1 if pos[axis] <= 0 else -1
                pos[axis] = np.clip(pos[axis], 0, free)
                vel[axis] = away * rng.integers(1, max_step + 1)
                vel[1 - axis] = rng.integers(-max_step, max_step + 1)
    return corners, velocities


def _resize_digit(digit: np.ndarray, size: int) -> np.ndarray:
    """uint8 [28, 28] -> float [size, size] in [0, 1]."""
    if digit.shape != (size, size):
        digit = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BICUBIC))
    return digit.astype(np.float32) / 255.0


class MovingMNIST(Dataset):
    """Clips [T, C, H, W] in [-1, 1]; clip i is a pure function of (seed, split, i) and the digit source."""

    def __init__(self, params: MovingMNISTParams, *, split: str = "train") -> None:
        self.where = "stochastic_mmnist" if params.stochastic else "mmnist"
        if split not in SPLIT_STREAMS:
            raise DataError(f"{self.where}: split: expected one of train, test, got {split!r}")
        params.validate(self.where)
        self.params = params
        self.split = split
        self.sequences = None
        self.digits = None
        if params.sequences_path is not None:
            self.sequences = self._open_sequences(Path(params.sequences_path))
        else:
            self.digits = load_digits(split, mnist_dir=params.mnist_dir)

    def _open_sequences(self, path: Path) -> np.ndarray:
        """Memory-map mnist_test_seq.npy and check it holds [T >= frames, N, S, S] uint8 clips."""
        if not path.is_file():
            raise DataNotFoundError(f"{path}: sequences_path not found (expected mnist_test_seq.npy)")
        seqs = np.load(path, mmap_mode="r")
        p = self.params
        if seqs.ndim != 4 or seqs.shape[2:] != (p.image_size, p.image_size):
            raise DataError(f"{path}: expected shape [T, N, {p.image_size}, {p.image_size}], got {seqs.shape}")
        if seqs.shape[0] < p.frames:
            raise DataError(f"{path}: clips have {seqs.shape[0]} frames, frames={p.frames} asked for")
        return seqs

    def __len__(self) -> int:
        return self.sequences.shape[1] if self.sequences is not None else self.params.num_clips

    def _rng(self, index: int) -> np.random.Generator:
        """The generator of clip `index`: a pure function of (seed, split, index)."""
        if not 0 <= index < len(self):
            raise IndexError(f"{self.where}: index {index} out of range [0, {len(self)})")
        return np.random.default_rng([self.params.seed, SPLIT_STREAMS[self.split], index])

    def trajectories(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-left corners and velocities of every digit in clip `index`, both [D, T, 2] (y, x)."""
        p = self.params
        rng = self._rng(index)
        rng.integers(0, len(self.digits), size=p.num_digits)  # the digit choice comes first
        free = p.image_size - p.digit_size
        paths = [stochastic_trajectory(rng, frames=p.frames, free=free, max_step=p.max_step)
                 if p.stochastic else
                 srivastava_trajectory(rng, frames=p.frames, free=free, step_length=p.step_length)
                 for _ in range(p.num_digits)]
        return np.stack([c for c, _ in paths]), np.stack([v for _, v in paths])

    def _render(self, index: int) -> np.ndarray:
        """Frames [T, S, S] in [0, 1]: digits overlaid with max, as in the original generator."""
        p = self.params
        choice = self._rng(index).integers(0, len(self.digits), size=p.num_digits)
        corners, _ = self.trajectories(index)
        canvas = np.zeros((p.frames, p.image_size, p.image_size), dtype=np.float32)
        size = p.digit_size
        for digit_index, path in zip(choice, corners.astype(int)):
            digit = _resize_digit(self.digits[digit_index], size)
            for t, (y, x) in enumerate(path):
                window = canvas[t, y:y + size, x:x + size]
                np.maximum(window, digit, out=window)
        return canvas

    def __getitem__(self, index: int) -> torch.Tensor:
        if self.sequences is not None:
            if not 0 <= index < len(self):
                raise IndexError(f"{self.where}: index {index} out of range [0, {len(self)})")
            frames = np.asarray(self.sequences[: self.params.frames, index], dtype=np.float32) / 255.0
        else:
            frames = self._render(index)
        video = repeat(frames, "t h w -> t c h w", c=self.params.channels)
        return torch.from_numpy(np.ascontiguousarray(video * 2 - 1, dtype=np.float32))

