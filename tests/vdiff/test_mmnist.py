"""Moving MNIST and Stochastic Moving MNIST: physics, determinism, digit sources (package, IDX, .npy)."""
from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest
import torch

from vdiff.data import DataError, MovingMNIST, MovingMNISTParams, build_dataset
from vdiff.data.digits import load_digits, read_idx


def write_idx(path, images: np.ndarray, *, compress: bool = False) -> None:
    raw = struct.pack(">BBBB", 0, 0, 0x08, images.ndim) + struct.pack(f">{images.ndim}I", *images.shape)
    raw += images.astype(np.uint8).tobytes()
    path.write_bytes(gzip.compress(raw) if compress else raw)


@pytest.fixture
def mnist_dir(tmp_path):
    rng = np.random.default_rng(0)
    write_idx(tmp_path / "train-images-idx3-ubyte", rng.integers(0, 256, (7, 28, 28)))
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", rng.integers(0, 256, (3, 28, 28)), compress=True)
    return tmp_path


def test_package_digits_are_real_and_splits_disjoint():
    train, test = load_digits("train"), load_digits("test")
    assert train.shape == (4000, 28, 28) and test.shape == (1000, 28, 28)
    assert train.dtype == np.uint8 and train.max() == 255
    assert not {d.tobytes() for d in train} & {d.tobytes() for d in test}


def test_standard_clip_shape_range_determinism():
    ds = build_dataset("moving_mnist", {"num_clips": 4}, seed=2)
    clip = ds[3]
    assert clip.shape == (20, 1, 64, 64)
    assert clip.min() == -1 and clip.max() <= 1 and clip.max() > 0.9
    assert torch.equal(clip, build_dataset("moving_mnist", {"num_clips": 4}, seed=2)[3])
    assert not torch.equal(clip, ds[2])
    assert not torch.equal(clip, build_dataset("moving_mnist", {"num_clips": 4}, split="test", seed=2)[3])


@pytest.mark.parametrize("stochastic", [False, True])
def test_digits_stay_inside_and_bounce(stochastic):
    p = MovingMNISTParams(frames=200, num_clips=3, stochastic=stochastic)
    corners, velocities = MovingMNIST(p).trajectories(1)
    free = p.image_size - p.digit_size
    assert corners.min() >= 0 and corners.max() <= free
    flips = np.sign(velocities[:, 1:]) * np.sign(velocities[:, :-1]) < 0
    assert flips.any()
    if not stochastic:
        speeds = np.linalg.norm(velocities, axis=-1)
        assert np.allclose(speeds, p.step_length)  # constant speed, only mirrored
    else:
        assert np.abs(velocities).max() <= p.max_step
        directions = {tuple(v) for v in velocities.reshape(-1, 2)}
        assert len(directions) > 4  # new random directions at bounces


def test_rendered_digits_follow_the_trajectory():
    ds = MovingMNIST(MovingMNISTParams(frames=5, num_digits=1, num_clips=2))
    clip = ds[0][:, 0].numpy()
    corners, _ = ds.trajectories(0)
    for t, (y, x) in enumerate(corners[0].astype(int)):
        inside = clip[t, y:y + 28, x:x + 28]
        assert (clip[t] > -1).sum() == (inside > -1).sum() > 0


def test_idx_files(mnist_dir):
    assert read_idx(mnist_dir / "train-images-idx3-ubyte").shape == (7, 28, 28)
    assert load_digits("test", mnist_dir=str(mnist_dir)).shape == (3, 28, 28)
    ds = build_dataset("stochastic_moving_mnist", {"mnist_dir": str(mnist_dir), "frames": 4, "channels": 3})
    assert ds[0].shape == (4, 3, 64, 64)


def test_truncated_idx_is_one_line(tmp_path):
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((2, 28, 28)))
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-5])
    with pytest.raises(DataError, match=r"IDX header promises 1584 bytes for shape \(2, 28, 28\), file has 1579"):
        read_idx(path)


def test_sequences_npy(tmp_path):
    seqs = np.random.default_rng(0).integers(0, 256, (10, 3, 64, 64), dtype=np.uint8)
    np.save(tmp_path / "mnist_test_seq.npy", seqs)
    ds = build_dataset("moving_mnist", {"sequences_path": str(tmp_path / "mnist_test_seq.npy"), "frames": 8})
    assert len(ds) == 3
    assert torch.allclose(ds[1][:, 0], torch.from_numpy(seqs[:8, 1]).float() / 127.5 - 1, atol=1e-6)
    with pytest.raises(DataError, match="clips have 10 frames, frames=20 asked for"):
        build_dataset("moving_mnist", {"sequences_path": str(tmp_path / "mnist_test_seq.npy")})


def test_missing_paths_name_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=f"{tmp_path}/nope: mnist_dir not found"):
        build_dataset("moving_mnist", {"mnist_dir": str(tmp_path / "nope")})
    with pytest.raises(DataError, match="sequences_path not found"):
        build_dataset("moving_mnist", {"sequences_path": str(tmp_path / "x.npy")})
    with pytest.raises(DataError, match="use the name 'stochastic_moving_mnist'"):
        build_dataset("moving_mnist", {"stochastic": True})
