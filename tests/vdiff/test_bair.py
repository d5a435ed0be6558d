"""BAIR: CRC-32C, Example protobuf round trip, and the TFRecord -> PNG-folder converter on a synthetic file."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from vdiff.data import build_dataset
from vdiff.data.bair import convert, main
from vdiff.data.tfrecord import (TFRecordError, crc32c, encode_example, masked_crc32c, parse_example,
                                 read_records, write_records)


def bitwise_crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def test_crc32c_known_values_and_long_messages():
    assert crc32c(b"123456789") == 0xE3069283  # the check value of CRC-32C
    assert crc32c(b"") == 0
    assert masked_crc32c(b"") == 0xA282EAD8
    data = np.random.default_rng(0).integers(0, 256, 70_001, dtype=np.uint8).tobytes()
    assert crc32c(data) == bitwise_crc32c(data)  # the numpy lane path for long records


def test_example_round_trip_and_wire_variants():
    features = {"img": [b"\x00\x01", b""], "pos": [0.5, -1.25], "ids": [3, -7, 2**40]}
    assert parse_example(encode_example(features)) == features
    # Example{Features{entry{key "f", Feature{FloatList{value: 1.0, value: 2.0}}}}}, floats not packed
    unpacked_floats = bytes([0x0A, 0x13, 0x0A, 0x11, 0x0A, 0x01, 0x66, 0x12, 0x0C, 0x12, 0x0A,
                             0x0D, 0, 0, 0x80, 0x3F, 0x0D, 0, 0, 0, 0x40])
    assert parse_example(unpacked_floats) == {"f": [1.0, 2.0]}


def bair_example(frames: np.ndarray) -> bytes:
    """A SequenceExample context as in softmotion30_44k: raw frame bytes per view plus states."""
    features = {}
    for t, frame in enumerate(frames):
        features[f"{t}/image_aux1/encoded"] = [frame.tobytes()]
        features[f"{t}/image_main/encoded"] = [frame[::-1].tobytes()]
        features[f"{t}/action"] = [0.1, 0.2, 0.3, 0.4]
        features[f"{t}/endeffector_pos"] = [1.0, 2.0, 3.0]
    return encode_example(features)


@pytest.fixture
def bair_src(tmp_path):
    rng = np.random.default_rng(1)
    videos = rng.integers(0, 256, (3, 12, 16, 16, 3), dtype=np.uint8)
    src = tmp_path / "softmotion30_44k"
    for split, chunk in (("train", videos[:2]), ("test", videos[2:])):
        (src / split).mkdir(parents=True)
        write_records(src / split / f"traj_0_to_{len(chunk)}.tfrecords", [bair_example(v) for v in chunk])
    return src, videos


def test_convert_round_trip_loads_as_bair(bair_src, tmp_path, capsys):
    src, videos = bair_src
    dst = tmp_path / "bair"
    assert main(["convert", str(src), str(dst), "--quiet"]) == 0
    assert "3 videos written, 0 already there, from 2 files" in capsys.readouterr().out
    assert sorted(p.name for p in (dst / "train" / "traj_0_to_2" / "1").iterdir())[:3] == ["00.png", "01.png", "02.png"]
    train = build_dataset("bair", {"root": str(dst), "frames": 12, "image_size": 16})
    test = build_dataset("bair", {"root": str(dst), "frames": 12, "image_size": 16}, split="test")
    assert len(train) == 2 and len(test) == 1
    expected = torch.from_numpy(videos[1]).permute(0, 3, 1, 2).float() / 127.5 - 1
    assert torch.equal(train[1], expected)  # PNG is lossless; no resize at the stored size
    windows = build_dataset("bair", {"root": str(dst), "frames": 10, "image_size": 16})
    assert len(windows) == 2 * 3  # train: every window (stride 1), 12 - 10 + 1 per video
    assert len(build_dataset("bair", {"root": str(dst), "frames": 10}, split="test")) == 1  # test: the first window
    assert convert(src, dst, quiet=True).kept == 3  # a second run keeps finished videos


def test_corrupt_record_is_reported_and_skipped(bair_src, tmp_path, capsys):
    src, _ = bair_src
    path = src / "train" / "traj_0_to_2.tfrecords"
    raw = bytearray(path.read_bytes())
    raw[-100] ^= 0xFF  # inside the second record's data
    path.write_bytes(bytes(raw))
    with pytest.raises(TFRecordError, match=r"traj_0_to_2.tfrecords: record 1: data CRC mismatch"):
        list(read_records(path))
    assert main(["convert", str(src), str(tmp_path / "out"), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "record 1: data CRC mismatch (corrupt file) (rest of the file skipped)" in captured.err
    assert "2 videos written" in captured.out


def test_bad_sources_are_one_line(tmp_path, capsys):
    assert main(["convert", str(tmp_path / "missing"), str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.strip() == f"error: {tmp_path}/missing: BAIR source not found " \
        "(expected softmotion30_44k/ or .tfrecords files)"
    (tmp_path / "x.tfrecords").write_bytes(b"not a tfrecord at all")
    assert main(["convert", str(tmp_path / "x.tfrecords"), str(tmp_path / "out"), "--quiet"]) == 1
    assert "record 0: length CRC mismatch (not a TFRecord file?)" in capsys.readouterr().err
