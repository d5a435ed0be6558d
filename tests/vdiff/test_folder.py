"""Video folder: GIF / MP4 / PNG-frame folders, resize and crop, corrupt files skipped, bad input errors."""
from __future__ import annotations

import sys

import imageio_ffmpeg
import numpy as np
import pytest
import torch
from PIL import Image

from vdiff.data import DataError, build_dataset, make_loader


def frames_of(n: int, height: int = 16, width: int = 16, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, height, width, 3), dtype=np.uint8)


def write_gif(path, frames: np.ndarray) -> None:
    images = [Image.fromarray(f) for f in frames]
    images[0].save(path, save_all=True, append_images=images[1:], duration=100, loop=0)


def write_mp4(path, frames: np.ndarray) -> None:
    writer = imageio_ffmpeg.write_frames(str(path), frames.shape[2:0:-1], fps=10, quality=10,
                                         macro_block_size=1, output_params=["-loglevel", "error"])
    writer.send(None)
    for frame in frames:
        writer.send(np.ascontiguousarray(frame))
    writer.close()


def write_png_folder(folder, frames: np.ndarray) -> None:
    folder.mkdir(parents=True)
    for t, frame in enumerate(frames):
        Image.fromarray(frame).save(folder / f"{t}.png")  # unpadded names: 10.png must follow 9.png


@pytest.fixture
def videos(tmp_path):
    root = tmp_path / "videos"
    (root / "sub").mkdir(parents=True)
    write_gif(root / "a.gif", frames_of(9, seed=1))
    write_mp4(root / "sub" / "b.mp4", frames_of(8, seed=2))
    write_png_folder(root / "sub" / "c", frames_of(12, seed=3))
    return root


def test_all_kinds_are_cut_into_clips(videos):
    ds = build_dataset("folder", {"root": str(videos), "frames": 4, "image_size": 16})
    assert [v.path for v in ds.videos] == ["a.gif", "sub/b.mp4", "sub/c"]
    assert [v.num_frames for v in ds.videos] == [9, 8, 12]
    assert len(ds) == 2 + 2 + 3  # non-overlapping clips of 4 frames
    clip = ds[len(ds) - 1]
    assert clip.shape == (4, 3, 16, 16) and clip.min() >= -1 and clip.max() <= 1
    expected = torch.from_numpy(frames_of(12, seed=3)[8:12]).permute(0, 3, 1, 2).float() / 127.5 - 1
    assert torch.equal(clip, expected)  # PNG frames in natural order, lossless
    assert ds.describe(4) == ("sub/c", 0)
    assert torch.equal(ds[0], build_dataset("folder", {"root": str(videos), "frames": 4, "image_size": 16})[0])


def test_stride_frame_step_and_centre_crop(tmp_path):
    frames = np.zeros((10, 16, 32, 3), dtype=np.uint8)
    frames[:, :, 8:24] = 255  # a white centre band, as wide as the crop of the resized frame
    write_png_folder(tmp_path / "v" / "wide", frames)
    ds = build_dataset("folder", {"root": str(tmp_path / "v"), "frames": 3, "frame_step": 2, "stride": 1,
                                  "image_size": 8})
    assert len(ds) == 10 - 5 + 1
    clip = ds[0]
    assert clip.shape == (3, 3, 8, 8)
    assert clip[:, :, :, 1:-1].min() > 0.9  # the crop kept the centre band


def test_corrupt_files_are_skipped_with_a_count(videos):
    (videos / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 but nothing else")
    (videos / "broken.gif").write_bytes(b"GIF89a")
    with pytest.warns(UserWarning, match=r"skipped 2 undecodable file\(s\): broken.gif \(.*\), broken.mp4"):
        ds = build_dataset("folder", {"root": str(videos), "frames": 4, "image_size": 16, "cache": False})
    assert len(ds.skipped) == 2 and len(ds) == 7


def test_frame_count_cache_is_reused(videos):
    build_dataset("folder", {"root": str(videos), "frames": 4, "image_size": 16})
    assert (videos / ".vdiff-index.json").is_file()
    again = build_dataset("folder", {"root": str(videos), "frames": 4, "image_size": 16})
    assert [v.num_frames for v in again.videos] == [9, 8, 12]


def test_fewer_clips_than_the_batch(tmp_path):
    write_gif(tmp_path / "only.gif", frames_of(5))
    ds = build_dataset("folder", {"root": str(tmp_path), "frames": 4, "image_size": 8})
    assert len(ds) == 1
    assert next(make_loader(ds, batch_size=4)).shape == (4, 3, 4, 8, 8)


def test_split_subfolders(videos):
    (videos / "test").mkdir()
    write_gif(videos / "test" / "t.gif", frames_of(4))
    test = build_dataset("folder", {"root": str(videos), "frames": 4, "image_size": 16}, split="test")
    assert [v.path for v in test.videos] == ["t.gif"]


def test_bad_input_is_one_line(tmp_path):
    with pytest.raises(FileNotFoundError, match=f"^{tmp_path}/nope: folder data set root not found"):
        build_dataset("folder", {"root": str(tmp_path / "nope")})
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match=f"^{tmp_path}/empty: no decodable videos"):
        build_dataset("folder", {"root": str(tmp_path / "empty")})
    (tmp_path / "short").mkdir()
    write_gif(tmp_path / "short" / "s.gif", frames_of(5))
    with pytest.raises(DataError, match=r"no video is long enough for a clip of 16 frames \(frames=16, "
                                        r"frame_step=1\); the longest has 5$"):
        build_dataset("folder", {"root": str(tmp_path / "short")})
    with pytest.raises(DataError, match=r"^folder: missing required key 'root'$"):
        build_dataset("folder", {})
    with pytest.raises(DataError, match=r"unknown key 'frame' \(did you mean 'frames'\?\)"):
        build_dataset("folder", {"root": str(tmp_path), "frame": 3})


def test_a_file_broken_after_indexing_is_reported_and_replaced(tmp_path):
    write_gif(tmp_path / "a.gif", frames_of(4, seed=1))
    write_gif(tmp_path / "b.gif", frames_of(4, seed=2))
    ds = build_dataset("folder", {"root": str(tmp_path), "frames": 4, "image_size": 16, "cache": False})
    (tmp_path / "a.gif").write_bytes(b"GIF89a")
    with pytest.warns(UserWarning, match=r"a.gif: cannot decode frames 0..3: .*; using the next clip instead"):
        clip = ds[0]
    assert torch.equal(clip, ds[1])


def test_missing_mp4_decoder_is_one_line(videos, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import fails as if not installed
    with pytest.raises(DataError, match=r"b.mp4: reading .mp4 videos needs the package imageio-ffmpeg"):
        build_dataset("folder", {"root": str(videos), "frames": 4, "cache": False})
