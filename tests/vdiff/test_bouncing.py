"""Bouncing balls: determinism per (seed, split, index), value range, walls, parameters."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from vdiff.data import BouncingBalls, BouncingBallsParams, DataError, build_dataset


def small(**kw) -> BouncingBallsParams:
    return BouncingBallsParams(**{"frames": 6, "image_size": 16, "num_clips": 8, **kw})


def test_clips_are_deterministic_and_in_range():
    a = BouncingBalls(small(seed=3))
    b = BouncingBalls(small(seed=3))
    clip = a[5]
    assert clip.shape == (6, 3, 16, 16) and clip.dtype == torch.float32
    assert torch.equal(clip, b[5])
    assert not torch.equal(clip, a[4])
    assert not torch.equal(clip, BouncingBalls(small(seed=4))[5])
    assert not torch.equal(clip, BouncingBalls(small(seed=3), split="test")[5])
    assert clip.min() >= -1 and clip.max() <= 1
    assert clip.min() == -1  # black background


def test_balls_stay_inside_and_bounce():
    p = small(frames=200, radius=0.15, min_speed=0.05, max_speed=0.08)
    path = BouncingBalls(p).trajectory(0)
    assert path.min() >= p.radius - 1e-9 and path.max() <= 1 - p.radius + 1e-9
    steps = np.diff(path, axis=0)
    assert (np.diff(np.sign(steps[..., 0]), axis=0) != 0).any()  # some x velocity flips: a bounce
    speeds = np.linalg.norm(steps, axis=-1)
    assert speeds.max() <= p.max_speed + 1e-9


def test_antialiased_edges_and_grey_channel():
    clip = BouncingBalls(small(image_size=32, radius=0.2, channels=1))[0]
    assert clip.shape == (6, 1, 32, 32)
    values = clip.unique()
    inner = values[(values > -1) & (values < values.max())]
    assert len(inner) > 3  # partially covered pixels at the rims


@pytest.mark.parametrize("collisions", [True, False])
def test_collisions_keep_balls_apart(collisions):
    ds = BouncingBalls(small(num_balls=4, radius=0.1, collisions=collisions, frames=200, num_clips=5))
    paths = np.stack([ds.trajectory(i) for i in range(5)])  # [N, T, n, 2]
    gaps = np.linalg.norm(paths[:, :, :, None] - paths[:, :, None], axis=-1) + np.eye(4) * 9
    # with collisions balls overlap by at most one step's travel; without, they pass through each other
    assert (gaps.min() > 2 * 0.1 - 2 * 0.06) == collisions


@pytest.mark.parametrize("key, value, expected", [
    ("radius", 0.6, "bouncing_balls.radius: expected a value in [0.001, 0.49], got 0.6"),
    ("channels", 2, "bouncing_balls.channels: expected 1 or 3, got 2"),
    ("frames", 0, "bouncing_balls.frames: expected a value >= 1, got 0"),
])
def test_bad_parameters_are_one_line(key, value, expected):
    with pytest.raises(DataError) as err:
        build_dataset("bouncing_balls", {key: value})
    assert str(err.value) == expected


def test_unknown_key_suggests_the_closest():
    with pytest.raises(DataError, match=r"unknown key 'num_ball' \(did you mean 'num_balls'\?\)"):
        build_dataset("bouncing_balls", {"num_ball": 2})


def test_build_dataset_seed_and_yaml_lists():
    a = build_dataset("bouncing_balls", {"frames": 3, "image_size": 8, "colors": [[1, 0, 0]]}, seed=1)
    b = build_dataset("bouncing_balls", {"frames": 3, "image_size": 8, "colors": [[1, 0, 0]], "seed": 1})
    assert torch.equal(a[0], b[0])
    assert a[0][:, 1:].max() == -1  # red only: green and blue stay at the background


def test_impossible_packing_is_one_line():
    with pytest.raises(DataError, match=r"cannot place num_balls=20 of radius=0.2 without overlap"):
        BouncingBalls(small(num_balls=20, radius=0.2, collisions=True))[0]
