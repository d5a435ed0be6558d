"""vdiff.video: uint8 conversion, GIF / PNG strip / MP4 written and decoded back within stated tolerances."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from vdiff.video import read_frames, side_by_side, to_uint8, write_gif, write_mp4, write_png_strip


def _clip(frames: int = 8, size: int = 32) -> np.ndarray:
    """A smooth moving scene like the data sets': a bright disc drifting over a colour gradient."""
    yy, xx = np.mgrid[0:size, 0:size]
    clip = np.empty((frames, size, size, 3), np.uint8)
    for t in range(frames):
        disc = (xx - 6 - 2 * t) ** 2 + (yy - 12) ** 2 < 25
        clip[t, ..., 0] = np.where(disc, 250, 40 + 4 * xx)
        clip[t, ..., 1] = np.where(disc, 220, 30 + 3 * yy)
        clip[t, ..., 2] = np.where(disc, 40, 90)
    return clip


def _gif_blocks(data: bytes) -> tuple[bool, list[bool], list[int], int | None]:
    """(global palette?, local palette flag per frame, delays in 1/100 s, loop count) of a GIF file."""
    global_table = bool(data[10] & 0x80)
    pos = 13 + (3 * 2 ** ((data[10] & 7) + 1) if global_table else 0)
    local, delays, loop = [], [], None

    def skip_sub_blocks(p: int) -> int:
        while data[p]:
            p += data[p] + 1
        return p + 1

    while data[pos] != 0x3B:
        if data[pos] == 0x21:  # extension: label, then data sub-blocks
            if data[pos + 1] == 0xF9:
                delays.append(int.from_bytes(data[pos + 4:pos + 6], "little"))
            if data[pos + 1] == 0xFF and data[pos + 3:pos + 14] == b"NETSCAPE2.0":
                loop = int.from_bytes(data[pos + 16:pos + 18], "little")
            pos = skip_sub_blocks(pos + 2)
        else:  # 0x2C image descriptor (9 bytes), optional local table, LZW code size, sub-blocks
            assert data[pos] == 0x2C
            packed = data[pos + 9]
            local.append(bool(packed & 0x80))
            pos += 10 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
            pos = skip_sub_blocks(pos + 1)
    return global_table, local, delays, loop


def test_to_uint8_maps_the_range_and_both_layouts():
    x = torch.tensor([-1.0, -0.5, 0.0, 1.0, 3.0]).reshape(1, 1, 1, 5).expand(2, 3, 1, 5)  # [T, C, H, W]
    out = to_uint8(x)
    assert out.shape == (2, 1, 5, 3) and out.dtype == np.uint8
    assert out[0, 0, :, 0].tolist() == [0, 64, 128, 255, 255]
    assert np.array_equal(to_uint8(x.transpose(0, 1), layout="cthw"), out)


def test_gif_has_one_palette_loops_forever_and_keeps_every_frame(tmp_path):
    clip = _clip()
    clip[4] = clip[3]  # an unchanged frame must still take its own slot
    path = write_gif(tmp_path / "a.gif", clip, fps=1000 / 150)
    global_table, local, delays, loop = _gif_blocks(path.read_bytes())
    assert global_table and local == [False] * 8 and delays == [15] * 8 and loop == 0
    back = read_frames(path)
    assert back.shape == clip.shape
    # Tolerance: a single median-cut palette over the clip, no dithering: mean error <= 3 levels.
    assert np.abs(back.astype(int) - clip).mean() <= 3.0
    assert path.stat().st_size < clip[..., 0].size // 2  # under half a byte per pixel


def test_gif_with_few_colours_and_grey_frames_is_exact(tmp_path):
    grey = (np.random.default_rng(0).integers(0, 4, (5, 8, 8, 1)) * 80).astype(np.uint8)
    back = read_frames(write_gif(tmp_path / "g.gif", grey, fps=10))
    assert np.array_equal(back, np.repeat(grey, 3, axis=-1))


def test_png_strip_round_trips_exactly(tmp_path):
    clip = _clip(frames=3, size=16)
    path = write_png_strip(tmp_path / "cond.png", clip)
    assert np.array_equal(read_frames(path), clip)
    assert read_frames(path, frame_width=48).shape == (1, 16, 48, 3)


def test_mp4_decodes_back_within_tolerance(tmp_path):
    clip = _clip(frames=10, size=64)
    back = read_frames(write_mp4(tmp_path / "a.mp4", clip, fps=10))
    assert back.shape == clip.shape
    # Tolerance: H.264 at CRF 18 with 4:2:0 chroma (which blurs the disc's saturated edge): PSNR >= 32 dB.
    mse = ((back.astype(float) - clip) ** 2).mean()
    assert 10 * np.log10(255**2 / mse) >= 32.0
    assert not list(tmp_path.glob(".*partial*"))


def test_side_by_side_places_clips_with_gaps():
    a, b = _clip(frames=2, size=8), np.zeros((2, 8, 6, 3), np.uint8)
    grid = side_by_side([a, b], gap=2)
    assert grid.shape == (2, 8, 16, 3)
    assert np.array_equal(grid[:, :, :8], a) and (grid[:, :, 8:10] == 255).all() and (grid[:, :, 10:] == 0).all()


def test_bad_input_raises_value_error_naming_the_parameter(tmp_path):
    with pytest.raises(ValueError, match=r"to_uint8 layout: expected 'tchw' or 'cthw', got 'thwc'"):
        to_uint8(torch.zeros(2, 3, 4, 4), layout="thwc")
    with pytest.raises(ValueError, match=r"to_uint8 x: expected 1 or 3 channels for layout 'tchw', got shape \[2, 4, 4, 4\]"):
        to_uint8(torch.zeros(2, 4, 4, 4))
    with pytest.raises(ValueError, match=r"write_gif frames: expected uint8 \[T, H, W, C\].*got float32 \[2, 4, 4, 3\]"):
        write_gif(tmp_path / "x.gif", np.zeros((2, 4, 4, 3), np.float32), fps=10)
    with pytest.raises(ValueError, match=r"write_gif fps: expected 0 < fps <= 50 \(GIF delays\), got 60"):
        write_gif(tmp_path / "x.gif", _clip(2, 8), fps=60)
    with pytest.raises(ValueError, match="write_mp4 frames: expected even H and W .*, got 7x8"):
        write_mp4(tmp_path / "x.mp4", np.zeros((2, 7, 8, 3), np.uint8), fps=10)
    with pytest.raises(ValueError, match=r"side_by_side clips\[1\]: expected T, H, C = 2, 8, 3"):
        side_by_side([_clip(2, 8), _clip(3, 8)])
    with pytest.raises(ValueError, match="read_frames path: expected a .gif, .mp4 or .png file, got"):
        read_frames(tmp_path / "x.avi")


def test_gif_and_png_work_without_imageio_ffmpeg_and_mp4_says_what_is_missing(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # makes `import imageio_ffmpeg` fail
    clip = _clip(frames=2, size=8)
    assert np.array_equal(read_frames(write_png_strip(tmp_path / "a.png", clip)), clip)
    write_gif(tmp_path / "a.gif", clip, 10)
    with pytest.raises(ImportError, match=r"MP4 needs imageio-ffmpeg \(pinned imageio-ffmpeg==0.8.1\), which is not installed"):
        write_mp4(tmp_path / "a.mp4", clip, 10)
