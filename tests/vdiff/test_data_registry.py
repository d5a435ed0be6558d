"""The data set registry: names, DataConfig, seeds and splits, one-line errors."""
from __future__ import annotations

import pytest
import torch

from vdiff.data import DATASETS, DataConfig, DataError, build_dataset


def test_every_name_is_registered():
    assert set(DATASETS) == {"bouncing_balls", "moving_mnist", "stochastic_moving_mnist", "folder", "bair"}


def test_generated_sets_give_float_clips_in_range():
    for name in ("bouncing_balls", "moving_mnist", "stochastic_moving_mnist"):
        ds = build_dataset(name, {"frames": 3, "num_clips": 2})
        clip = ds[1]
        assert clip.dtype == torch.float32 and clip.ndim == 4 and clip.shape[0] == 3
        assert -1 <= clip.min() < clip.max() <= 1


def test_stochastic_differs_from_deterministic():
    a = build_dataset("moving_mnist", {"frames": 12, "num_clips": 2})
    b = build_dataset("stochastic_moving_mnist", {"frames": 12, "num_clips": 2})
    assert not torch.equal(a[0], b[0])
    assert b.params.stochastic and not a.params.stochastic


def test_data_config_round_trip_and_build():
    cfg = DataConfig.from_dict({"name": "bouncing_balls", "params": {"frames": 2, "image_size": 8}})
    assert DataConfig.from_dict(cfg.to_dict()) == cfg
    assert cfg.build(split="test", seed=1)[0].shape == (2, 3, 8, 8)


@pytest.mark.parametrize("call, message", [
    (lambda: build_dataset("moving_mnst"), "data.name: unknown data set 'moving_mnst' (did you mean 'moving_mnist'?)"),
    (lambda: build_dataset("bouncing_balls", split="val"), "data.split: expected one of train, test, got 'val'"),
    (lambda: build_dataset("bouncing_balls", [1, 2]), "data.params: expected a mapping of bouncing_balls"),
    (lambda: DataConfig.from_dict({"nam": "bair"}), "data: unknown key 'nam' (did you mean 'name'?)"),
    (lambda: build_dataset("bouncing_balls", {"frames": "8"}), "bouncing_balls.frames: expected int, got str '8'"),
    (lambda: build_dataset("moving_mnist", {"frames": None}), "moving_mnist.frames: expected int, got NoneType None"),
    (lambda: build_dataset("folder", {"root": 5}), "folder.root: expected str, got int 5"),
])
def test_errors_are_one_line(call, message):
    with pytest.raises(DataError) as err:
        call()
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
