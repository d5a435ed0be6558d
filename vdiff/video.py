"""Video I/O: tensors <-> uint8 frames, GIF / PNG strip / MP4 files, side-by-side grids.

Frames are uint8 arrays [T, H, W, C] (C = 1 or 3). Every file is written to a temporary name beside
the target and renamed into place, so a reader never sees half a file.
"""
from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PIL import GifImagePlugin, Image

MAX_GIF_FPS = 50.0  # GIF delays are in 1/100 s, and browsers show delays under 2/100 s as 1/10 s
MP4_CRF = 18  # x264 quality: visually lossless, still a few kB for a 64x64 clip


def to_uint8(x: torch.Tensor, *, layout: str = "tchw") -> np.ndarray:
    """x: float [T, C, H, W] (layout "tchw") or [C, T, H, W] ("cthw") in [-1, 1] -> uint8 [T, H, W, C]."""
    if layout not in ("tchw", "cthw"):
        raise ValueError(f"to_uint8 layout: expected 'tchw' or 'cthw', got {layout!r}")
    if not isinstance(x, torch.Tensor) or x.ndim != 4 or not x.is_floating_point():
        shape = list(x.shape) if hasattr(x, "shape") else type(x).__name__
        raise ValueError(f"to_uint8 x: expected a float tensor [T, C, H, W] or [C, T, H, W], got {shape}")
    channels = x.shape[1] if layout == "tchw" else x.shape[0]
    if channels not in (1, 3):
        raise ValueError(f"to_uint8 x: expected 1 or 3 channels for layout {layout!r}, got shape {list(x.shape)}")
    frames = x.detach().float().cpu()
    frames = frames.permute(0, 2, 3, 1) if layout == "tchw" else frames.permute(1, 2, 3, 0)  # [T, H, W, C]
    return ((frames.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()


def _check_frames(frames: np.ndarray | torch.Tensor, name: str) -> np.ndarray:
    """uint8 [T, H, W, C] with C in {1, 3}, as a numpy array; ValueError otherwise."""
    array = frames.numpy() if isinstance(frames, torch.Tensor) else np.asarray(frames)
    if array.ndim != 4 or array.dtype != np.uint8 or array.shape[-1] not in (1, 3) or 0 in array.shape:
        raise ValueError(
            f"{name} frames: expected uint8 [T, H, W, C] with C = 1 or 3 (see to_uint8), "
            f"got {array.dtype} {list(array.shape)}"
        )
    return array


def _rgb(frames: np.ndarray) -> np.ndarray:
    return np.repeat(frames, 3, axis=-1) if frames.shape[-1] == 1 else frames


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def side_by_side(clips: Sequence[np.ndarray], *, gap: int = 2, gap_value: int = 255) -> np.ndarray:
    """Clips [T, H, W_i, C] placed left to right with `gap` columns of `gap_value` -> [T, H, sum W_i + gaps, C]."""
    arrays = [_check_frames(clip, "side_by_side") for clip in clips]
    if not arrays:
        raise ValueError("side_by_side clips: expected at least one clip, got none")
    first = arrays[0].shape
    for i, array in enumerate(arrays):
        if (array.shape[0], array.shape[1], array.shape[3]) != (first[0], first[1], first[3]):
            raise ValueError(
                f"side_by_side clips[{i}]: expected T, H, C = {first[0]}, {first[1]}, {first[3]} "
                f"like clips[0], got shape {list(array.shape)}"
            )
    if gap < 0 or not 0 <= gap_value <= 255:
        raise ValueError(f"side_by_side gap, gap_value: expected >= 0 and 0..255, got {gap}, {gap_value}")
    spacer = np.full((first[0], first[1], gap, first[3]), gap_value, dtype=np.uint8)
    parts: list[np.ndarray] = []
    for i, array in enumerate(arrays):
        parts += [spacer, array] if i else [array]
    return np.concatenate(parts, axis=2)


def write_png_strip(path: str | Path, frames: np.ndarray, *, gap: int = 0) -> Path:
    """One PNG of the frames [T, H, W, C] side by side (the reference page's conditioning strips)."""
    array = _check_frames(frames, "write_png_strip")
    strip = side_by_side(list(array[:, None]), gap=gap)[0]  # [H, T*W + gaps, C]
    image = Image.fromarray(strip[..., 0] if strip.shape[-1] == 1 else strip)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    path = Path(path)
    _write_atomic(path, buffer.getvalue())
    return path


def _palette_indices(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One palette for the whole clip [T, H, W, 3] -> (palette [N <= 256, 3], indices [T, H, W]).

    Exact when the clip has at most 256 colours; otherwise median cut over all frames at once, so
    colours stay put from frame to frame (no per-frame palette flicker) and no dithering noise.
    """
    flat = rgb.reshape(-1, 3)
    colours, inverse = np.unique(flat, axis=0, return_inverse=True)
    if len(colours) <= 256:
        return colours.astype(np.uint8), inverse.reshape(rgb.shape[:3]).astype(np.uint8)
    tall = Image.fromarray(rgb.reshape(-1, rgb.shape[2], 3))  # frames stacked vertically
    quantized = tall.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = np.asarray(quantized.getpalette(), dtype=np.uint8).reshape(-1, 3)[:256]
    return palette, np.asarray(quantized).reshape(rgb.shape[:3])


def _changed_box(previous: np.ndarray, current: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) around the pixels that differ; one pixel when none does."""
    rows = np.flatnonzero((previous != current).any(axis=1))
    cols = np.flatnonzero((previous != current).any(axis=0))
    if not len(rows):
        return 0, 0, 1, 1  # an unchanged frame still takes its slot, so T and timing are kept
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def write_gif(path: str | Path, frames: np.ndarray, fps: float) -> Path:
    """An endlessly looping GIF of frames [T, H, W, C] at `fps`, one global palette, changed regions only."""
    array = _rgb(_check_frames(frames, "write_gif"))
    if not 0 < fps <= MAX_GIF_FPS:
        raise ValueError(f"write_gif fps: expected 0 < fps <= {MAX_GIF_FPS:g} (GIF delays), got {fps!r}")
    palette, indices = _palette_indices(array)
    delay_ms = max(2, round(100 / fps)) * 10  # GIF stores 1/100 s
    palette_bytes = palette.tobytes() + bytes(3 * (256 - len(palette)))

    def frame_image(index_array: np.ndarray) -> Image.Image:
        image = Image.fromarray(np.ascontiguousarray(index_array), mode="P")
        image.putpalette(palette_bytes)
        return image

    # Pillow's own writer merges identical frames (changing T); its frame-level helpers do not.
    header, _ = GifImagePlugin.getheader(frame_image(indices[0]), info={"loop": 0})
    chunks = list(header)
    chunks += GifImagePlugin.getdata(frame_image(indices[0]), duration=delay_ms)
    for previous, current in zip(indices[:-1], indices[1:]):
        left, top, right, bottom = _changed_box(previous, current)
        chunks += GifImagePlugin.getdata(frame_image(current[top:bottom, left:right]), offset=(left, top),
                                         duration=delay_ms)
    chunks.append(b";")  # GIF trailer
    path = Path(path)
    _write_atomic(path, b"".join(bytes(chunk) for chunk in chunks))
    return path


def _imageio_ffmpeg():
    """The imageio_ffmpeg module, imported on first MP4 use so GIF/PNG work on machines without it."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise ImportError("MP4 needs imageio-ffmpeg (pinned imageio-ffmpeg==0.8.1), which is not installed") from None
    return imageio_ffmpeg


def write_mp4(path: str | Path, frames: np.ndarray, fps: float) -> Path:
    """An H.264 MP4 (yuv420p, web-playable, moov first) of frames [T, H, W, C] at `fps`, via imageio-ffmpeg."""
    array = _rgb(_check_frames(frames, "write_mp4"))
    height, width = array.shape[1:3]
    if height % 2 or width % 2:
        raise ValueError(f"write_mp4 frames: expected even H and W (H.264 yuv420p), got {height}x{width}")
    if fps <= 0:
        raise ValueError(f"write_mp4 fps: expected > 0, got {fps!r}")
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")  # ffmpeg picks the container by suffix
    writer = _imageio_ffmpeg().write_frames(
        str(tmp), (width, height), fps=fps, codec="libx264", quality=None, macro_block_size=1,
        output_params=["-crf", str(MP4_CRF), "-movflags", "+faststart"], ffmpeg_log_level="error",
    )
    writer.send(None)  # start ffmpeg
    for frame in array:
        writer.send(np.ascontiguousarray(frame))
    writer.close()
    os.replace(tmp, path)
    return path


def read_frames(path: str | Path, *, frame_width: int | None = None) -> np.ndarray:
    """Decode a GIF, MP4 or PNG strip back to uint8 [T, H, W, 3] (a strip is cut into frame_width columns,
    square frames by default)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".gif":
        with Image.open(path) as image:
            frames = []
            for index in range(image.n_frames):
                image.seek(index)
                frames.append(np.asarray(image.convert("RGB")))
        return np.stack(frames)
    if suffix == ".mp4":
        reader = _imageio_ffmpeg().read_frames(str(path))
        width, height = next(reader)["size"]
        return np.stack([np.frombuffer(frame, np.uint8).reshape(height, width, 3) for frame in reader])
    if suffix == ".png":
        with Image.open(path) as image:
            strip = np.asarray(image.convert("RGB"))
        width = frame_width or strip.shape[0]
        if strip.shape[1] % width:
            raise ValueError(f"read_frames frame_width: expected a divisor of the strip width {strip.shape[1]}, got {width}")
        return np.stack(np.split(strip, strip.shape[1] // width, axis=1))
    raise ValueError(f"read_frames path: expected a .gif, .mp4 or .png file, got {str(path)!r}")
