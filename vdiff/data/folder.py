"""A folder tree of videos (GIF, MP4, AVI, ...) or of PNG/JPEG frame folders, cut into fixed-length clips."""
from __future__ import annotations

import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from einops import rearrange
from PIL import Image
from torch.utils.data import Dataset

from vdiff.data.errors import DataError, DataNotFoundError, check_range

VIDEO_EXTENSIONS = (".gif", ".mp4", ".avi", ".mov", ".mkv", ".webm")
FRAME_EXTENSIONS = (".png", ".jpg", ".jpeg")
INDEX_FILE = ".vdiff-index.json"  # frame counts, keyed by path, size and mtime
INDEX_VERSION = 1


@dataclass(frozen=True)
class VideoFolderParams:
    """Where the videos are and how clips are cut: T frames, every `frame_step`-th, starts `stride` apart."""

    root: str
    frames: int = 16
    image_size: int = 64
    frame_step: int = 1  # temporal subsampling inside a clip
    stride: int = 0  # frames between clip starts; 0 = one clip length (no overlap)
    extensions: tuple = VIDEO_EXTENSIONS
    cache: bool = True  # keep frame counts in ROOT/.vdiff-index.json

    def validate(self, where: str = "folder") -> None:
        """Raise a DataError for values that cannot cut clips."""
        check_range(where, "frames", self.frames, low=1)
        check_range(where, "image_size", self.image_size, low=1)
        check_range(where, "frame_step", self.frame_step, low=1)
        check_range(where, "stride", self.stride, low=0)


@dataclass(frozen=True)
class VideoEntry:
    """One video: its path relative to the root, whether it is a frame folder, and its frame count."""

    path: str
    is_frame_folder: bool
    num_frames: int


def _natural_key(path: Path) -> list:
    """Sort key that puts 2.png before 10.png (numbers compare as numbers)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def _frame_files(folder: Path) -> list[Path]:
    """The frame images of a frame folder, in natural name order (0.png, 1.png, ..., 10.png)."""
    return sorted((f for f in folder.iterdir() if f.suffix.lower() in FRAME_EXTENSIONS and f.is_file()),
                  key=_natural_key)


def discover(root: Path, extensions: tuple) -> list[tuple[Path, bool]]:
    """Videos and frame folders under `root` as (path, is_frame_folder), sorted; hidden names skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder = Path(dirpath)
        names = sorted(n for n in filenames if not n.startswith("."))
        if folder != root and any(Path(n).suffix.lower() in FRAME_EXTENSIONS for n in names):
            found.append((folder, True))
        found.extend((folder / n, False) for n in names if Path(n).suffix.lower() in extensions)
    return sorted(found)


class MissingDecoderError(DataError):
    """The package that decodes a video format is not installed (a setup problem, not a bad file)."""


def _ffmpeg(path: Path):
    """imageio_ffmpeg, imported on first use: only MP4/AVI/... need its 70 MB binary (GIF and PNG do not)."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise MissingDecoderError(f"{path}: reading {path.suffix} videos needs the package imageio-ffmpeg "
                                  "(pinned in pyproject.toml); install it or use GIF/PNG clips") from None
    return imageio_ffmpeg


def count_frames(path: Path, is_frame_folder: bool) -> int:
    """Number of decodable frames; raises on a file that cannot be decoded."""
    if is_frame_folder:
        return len(_frame_files(path))
    if path.suffix.lower() == ".gif":
        with Image.open(path) as image:
            return int(getattr(image, "n_frames", 1))
    frames, _ = _ffmpeg(path).count_frames_and_secs(str(path))
    return int(frames)


def _load_cache(root: Path) -> dict:
    """The cached frame counts of `root`, or {} when absent, unreadable or of another version."""
    try:
        cached = json.loads((root / INDEX_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return cached.get("entries", {}) if cached.get("version") == INDEX_VERSION else {}


def _save_cache(root: Path, entries: dict) -> None:
    """Write the index atomically; an unwritable root is reported once, not fatal."""
    target = root / INDEX_FILE
    temp = target.with_name(f"{INDEX_FILE}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps({"version": INDEX_VERSION, "entries": entries}, sort_keys=True))
        os.replace(temp, target)
    except OSError as err:
        warnings.warn(f"{target}: cannot write the frame-count cache ({err}); indexing again next time",
                      stacklevel=3)


def build_index(root: Path, params: VideoFolderParams) -> tuple[list[VideoEntry], list[tuple[str, str]]]:
    """All decodable videos under `root` and the skipped ones as (relative path, reason)."""
    cache = _load_cache(root) if params.cache else {}
    entries, skipped, fresh = [], [], {}
    for path, is_frame_folder in discover(root, params.extensions):
        rel = path.relative_to(root).as_posix()
        stat = path.stat()
        key = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "frame_folder": is_frame_folder}
        record = cache.get(rel)
        if record is None or record.get("key") != key:
            try:
                record = {"key": key, "frames": count_frames(path, is_frame_folder), "error": None}
            except MissingDecoderError:
                raise
            except Exception as err:  # any decoder failure means: skip this file, keep going
                reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                record = {"key": key, "frames": None, "error": reason[:200]}
        fresh[rel] = record
        if record["error"] is not None:
            skipped.append((rel, record["error"]))
        elif record["frames"] > 0:
            entries.append(VideoEntry(rel, is_frame_folder, record["frames"]))
    if params.cache and fresh != cache:
        _save_cache(root, fresh)
    return entries, skipped


def _read_frames(path: Path, entry: VideoEntry, wanted: list[int]) -> list[Image.Image]:
    """The frames at indices `wanted` (ascending) of one video, as PIL images."""
    if entry.is_frame_folder:
        files = _frame_files(path)
        return [Image.open(files[i]) for i in wanted]
    if path.suffix.lower() == ".gif":
        with Image.open(path) as gif:
            out = []
            for i in wanted:
                gif.seek(i)
                out.append(gif.convert("RGB"))
            return out
    reader = _ffmpeg(path).read_frames(str(path), pix_fmt="rgb24")
    meta = next(reader)
    width, height = meta["size"]
    out, todo = [], set(wanted)
    try:
        for i, raw in enumerate(reader):
            if i in todo:
                pixels = np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 3)
                out.append(Image.fromarray(pixels))
            if len(out) == len(wanted):
                break
    finally:
        reader.close()
    return out


def resize_center_crop(image: Image.Image, size: int) -> np.ndarray:
    """RGB uint8 [size, size, 3]: shorter side scaled to `size`, then the centre cut out."""
    image = image.convert("RGB")
    width, height = image.size
    if (width, height) != (size, size):
        scale = size / min(width, height)
        new = (max(size, round(width * scale)), max(size, round(height * scale)))
        image = image.resize(new, Image.Resampling.BICUBIC, reducing_gap=3.0)
        left, top = (new[0] - size) // 2, (new[1] - size) // 2
        image = image.crop((left, top, left + size, top + size))
    return np.asarray(image, dtype=np.uint8)


class VideoFolder(Dataset):
    """Clips [T, 3, H, W] in [-1, 1] cut from every video under root (or root/<split> when it exists)."""

    def __init__(self, params: VideoFolderParams, *, split: str = "train") -> None:
        params.validate()
        root = Path(params.root).expanduser()
        if not root.is_dir():
            raise DataNotFoundError(f"{root}: folder data set root not found (expected a folder of videos)")
        if (root / split).is_dir():
            root = root / split
        self.params, self.root, self.split = params, root, split
        self.videos, self.skipped = build_index(root, params)
        if self.skipped:
            names = ", ".join(f"{name} ({why})" for name, why in self.skipped[:5])
            more = f" and {len(self.skipped) - 5} more" if len(self.skipped) > 5 else ""
            warnings.warn(f"{root}: skipped {len(self.skipped)} undecodable file(s): {names}{more}",
                          stacklevel=2)
        self._clips = self._cut_clips()

    def _cut_clips(self) -> np.ndarray:
        """[N, 2] (video index, first frame) of every clip, in a fixed order."""
        p = self.params
        if not self.videos:
            kinds = ", ".join(p.extensions)
            raise DataError(f"{self.root}: no decodable videos ({kinds}) or folders of PNG/JPEG frames found"
                            + (f" ({len(self.skipped)} skipped)" if self.skipped else ""))
        span = (p.frames - 1) * p.frame_step + 1
        stride = p.stride or span
        clips = [(v, start) for v, entry in enumerate(self.videos)
                 for start in range(0, entry.num_frames - span + 1, stride)]
        if not clips:
            longest = max(entry.num_frames for entry in self.videos)
            raise DataError(f"{self.root}: no video is long enough for a clip of {span} frames "
                            f"(frames={p.frames}, frame_step={p.frame_step}); the longest has {longest}")
        return np.asarray(clips, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._clips)

    def describe(self, index: int) -> tuple[str, int]:
        """(video path relative to the root, first frame) of clip `index`."""
        video, start = self._clips[index]
        return self.videos[video].path, int(start)

    def _load(self, index: int) -> torch.Tensor:
        """Clip `index` decoded, resized and scaled; raises DataError when the file fails to decode."""
        video, start = (int(v) for v in self._clips[index])
        entry = self.videos[video]
        wanted = [start + k * self.params.frame_step for k in range(self.params.frames)]
        path = self.root / entry.path
        try:
            images = _read_frames(path, entry, wanted)
        except Exception as err:
            raise DataError(f"{path}: cannot decode frames {wanted[0]}..{wanted[-1]}: {err}") from err
        if len(images) != len(wanted):
            raise DataError(f"{path}: expected {entry.num_frames} frames, decoded fewer than {wanted[-1] + 1}")
        frames = np.stack([resize_center_crop(image, self.params.image_size) for image in images])
        video_tensor = rearrange(torch.from_numpy(frames), "t h w c -> t c h w")
        return video_tensor.float() / 127.5 - 1.0

    def __getitem__(self, index: int) -> torch.Tensor:
        if not 0 <= index < len(self):
            raise IndexError(f"folder: index {index} out of range [0, {len(self)})")
        for offset in range(len(self)):
            try:
                return self._load((index + offset) % len(self))
            except MissingDecoderError:
                raise
            except DataError as err:  # a file that indexed but fails now: report it, use the next clip
                warnings.warn(f"{err}; using the next clip instead", stacklevel=2)
        raise DataError(f"{self.root}: no clip of this folder can be decoded")
