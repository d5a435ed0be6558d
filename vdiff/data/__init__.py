"""Video data sets by name: each returns clips [T, C, H, W] in [-1, 1]; `make_loader` batches them.

Names: bouncing_balls, moving_mnist, stochastic_moving_mnist, folder, bair (a folder written by
`python -m vdiff.data.bair convert`). `params` is the data set's parameter dict from the config;
unknown keys fail with the closest valid one suggested.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from torch.utils.data import Dataset

from vdiff.data.bouncing import BouncingBalls, BouncingBallsParams
from vdiff.config_keys import did_you_mean
from vdiff.data.errors import DataError, DataNotFoundError, parse_params
from vdiff.data.folder import VideoFolder, VideoFolderParams
from vdiff.data.loader import collate_clips, make_loader
from vdiff.data.mmnist import MovingMNIST, MovingMNISTParams

# BAIR robot pushing as converted: 64x64; RaMViD trains on every 20-frame window (stride 1) and
# evaluates on the first window of each test video (stride 0 = one clip length).
BAIR_DEFAULTS = {"frames": 20, "image_size": 64}


def _bouncing(params: Mapping[str, Any], split: str, seed: int) -> Dataset:
    """bouncing_balls: BouncingBallsParams from params."""
    return BouncingBalls(parse_params(BouncingBallsParams, {"seed": seed, **params}, where="bouncing_balls"),
                         split=split)


def _moving_mnist(params: Mapping[str, Any], split: str, seed: int) -> Dataset:
    """moving_mnist: Srivastava et al. physics."""
    if "stochastic" in params:
        raise DataError("moving_mnist.stochastic: expected no such key; use the name 'stochastic_moving_mnist'")
    return MovingMNIST(parse_params(MovingMNISTParams, {"seed": seed, **params}, where="moving_mnist"),
                       split=split)


def _stochastic_moving_mnist(params: Mapping[str, Any], split: str, seed: int) -> Dataset:
    """stochastic_moving_mnist: Denton & Fergus bounces."""
    if "stochastic" in params:
        raise DataError("stochastic_moving_mnist.stochastic: expected no such key; it is always stochastic")
    where = "stochastic_moving_mnist"
    return MovingMNIST(parse_params(MovingMNISTParams, {"seed": seed, **params, "stochastic": True}, where=where),
                       split=split)


def _folder(params: Mapping[str, Any], split: str, seed: int) -> Dataset:
    """folder: a tree of videos under params['root']."""
    return VideoFolder(parse_params(VideoFolderParams, params, where="folder"), split=split)


def _bair(params: Mapping[str, Any], split: str, seed: int) -> Dataset:
    """bair: a folder written by `python -m vdiff.data.bair convert`, with BAIR defaults."""
    defaults = {**BAIR_DEFAULTS, "stride": 1 if split == "train" else 0}
    return VideoFolder(parse_params(VideoFolderParams, {**defaults, **params}, where="bair"), split=split)


DATASETS: dict[str, Callable[[Mapping[str, Any], str, int], Dataset]] = {
    "bouncing_balls": _bouncing,
    "moving_mnist": _moving_mnist,
    "stochastic_moving_mnist": _stochastic_moving_mnist,
    "folder": _folder,
    "bair": _bair,
}
SPLITS = ("train", "test")


def check_name(name: str) -> None:
    """Raise a DataError naming the closest data set when `name` is not registered."""
    if name not in DATASETS:
        raise DataError(f"data.name: unknown data set '{name}'{did_you_mean(name, DATASETS)}; "
                        f"expected one of {', '.join(DATASETS)}")


def build_dataset(name: str, params: Mapping[str, Any] | None = None, *, split: str = "train",
                  seed: int = 0) -> Dataset:
    """The data set `name` with `params`; `seed` seeds the generated sets unless params sets 'seed'."""
    check_name(name)
    if split not in SPLITS:
        raise DataError(f"data.split: expected one of {', '.join(SPLITS)}, got {split!r}")
    if params is not None and not isinstance(params, Mapping):
        raise DataError(f"data.params: expected a mapping of {name} parameters, got {type(params).__name__}")
    return DATASETS[name](dict(params or {}), split, seed)


@dataclass(frozen=True)
class DataConfig:
    """The `data:` section of a run config: a data set name and its parameters."""

    name: str = "bouncing_balls"
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DataConfig:
        """Build from a plain dict; unknown keys and names fail with the closest valid one suggested."""
        for key in d:
            if key not in ("name", "params"):
                raise DataError(f"data: unknown key '{key}'{did_you_mean(key, ('name', 'params'))}; "
                                "expected name, params")
        cfg = cls(name=d.get("name", cls.name), params=dict(d.get("params") or {}))
        check_name(cfg.name)
        return cfg

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for YAML/JSON."""
        return {"name": self.name, "params": dict(self.params)}

    def build(self, *, split: str = "train", seed: int = 0) -> Dataset:
        """build_dataset(self.name, self.params, split=split, seed=seed)."""
        return build_dataset(self.name, self.params, split=split, seed=seed)


__all__ = [
    "DataConfig",
    "DATASETS",
    "BouncingBalls",
    "BouncingBallsParams",
    "DataError",
    "DataNotFoundError",
    "MovingMNIST",
    "MovingMNISTParams",
    "VideoFolder",
    "VideoFolderParams",
    "build_dataset",
    "collate_clips",
    "make_loader",
]
