"""BAIR robot pushing: convert the original TFRecords into a folder of PNG-frame clips, without TensorFlow.

    python -m vdiff.data.bair convert SRC DST [--view aux1|main] [--limit N] [--jobs N] [--quiet]

SRC is the extracted `softmotion30_44k` folder (its train/ and test/ hold traj_*.tfrecords) or any folder
or file of .tfrecords. Each record is a SequenceExample whose context has, per frame t, the raw 64x64x3
bytes `{t}/image_aux1/encoded` (the camera the literature uses) and `{t}/image_main/encoded`.
Video k of DST/<split>/<file stem>/ is the folder k/ with frames 00.png, 01.png, ...; the result loads with
`build_dataset("bair", {"root": DST})`. Finished videos are kept, so an interrupted conversion continues.
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from tqdm import tqdm

from vdiff.data.errors import DataError, DataNotFoundError
from vdiff.data.tfrecord import TFRecordError, parse_example, read_records

VIEWS = ("aux1", "main")
SPLITS = ("train", "test")


@dataclass
class ConvertReport:
    """What a conversion did: videos written or kept, files read, and problems as one-line messages."""

    videos: int = 0
    kept: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


def find_tfrecords(src: Path) -> list[tuple[str, Path]]:
    """(split, path) of every .tfrecord(s) file under `src`; the split is the nearest train/test folder."""
    if src.is_file():
        files = [src]
    elif src.is_dir():
        files = sorted(p for p in src.rglob("*") if p.suffix in (".tfrecords", ".tfrecord") and p.is_file())
    else:
        raise DataNotFoundError(f"{src}: BAIR source not found (expected softmotion30_44k/ or .tfrecords files)")
    if not files:
        raise DataError(f"{src}: no .tfrecords files found (expected softmotion30_44k/{{train,test}}/*.tfrecords)")
    found = []
    for path in files:
        split = next((part for part in reversed(path.parent.parts) if part in SPLITS), "train")
        found.append((split, path))
    return found


def example_frames(features: dict[str, list], view: str) -> np.ndarray:
    """uint8 frames [T, S, S, 3] of one BAIR example from `{t}/image_{view}/encoded`, t = 0, 1, ..."""
    frames = []
    while (key := f"{len(frames)}/image_{view}/encoded") in features:
        raw = features[key][0] if features[key] else b""
        side = math.isqrt(len(raw) // 3)
        if side == 0 or side * side * 3 != len(raw):
            raise DataError(f"feature '{key}': expected raw square RGB bytes, got {len(raw)} bytes")
        frames.append(np.frombuffer(raw, dtype=np.uint8).reshape(side, side, 3))
    if not frames:
        raise DataError(f"no feature '0/image_{view}/encoded' (expected BAIR frames; keys: "
                        f"{', '.join(sorted(features)[:4])}...)")
    if len({f.shape for f in frames}) != 1:
        raise DataError(f"frames of view '{view}' differ in size: {sorted({f.shape for f in frames})}")
    return np.stack(frames)


def write_clip(folder: Path, frames: np.ndarray) -> None:
    """Write frames [T, H, W, 3] as folder/00.png, 01.png, ...; the folder appears whole or not at all."""
    temp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    width = max(2, len(str(len(frames) - 1)))
    for t, frame in enumerate(frames):
        Image.fromarray(frame).save(temp / f"{t:0{width}d}.png", compress_level=1)
    os.replace(temp, folder)


def convert_file(split: str, path: Path, dst: Path, *, view: str, limit: int | None,
                 report: ConvertReport) -> None:
    """Convert the videos of one TFRecord file into dst/<split>/<stem>/<k>/; stops at a corrupt record."""
    out = dst / split / path.stem
    try:
        for index, record in enumerate(read_records(path)):
            if limit is not None and report.videos + report.kept >= limit:
                return
            folder = out / str(index)
            if folder.is_dir():
                report.kept += 1
                continue
            try:
                frames = example_frames(parse_example(record), view)
            except DataError as err:
                report.problems.append(f"{path}: record {index}: {err}")
                continue
            write_clip(folder, frames)
            report.videos += 1
    except TFRecordError as err:
        report.problems.append(f"{err} (rest of the file skipped)")
    finally:
        report.files += 1


def _convert_one(split: str, path: Path, dst: Path, view: str) -> ConvertReport:
    """convert_file with a report of its own (the unit of work of a process pool)."""
    report = ConvertReport()
    convert_file(split, path, dst, view=view, limit=None, report=report)
    return report


def convert(src: str | Path, dst: str | Path, *, view: str = "aux1", limit: int | None = None,
            jobs: int = 1, quiet: bool = False) -> ConvertReport:
    """Convert every BAIR TFRecord under `src` into PNG-frame clip folders under `dst`, `jobs` files at a time."""
    if view not in VIEWS:
        raise DataError(f"bair convert: view: expected one of {', '.join(VIEWS)}, got {view!r}")
    files = find_tfrecords(Path(src))
    dst = Path(dst)
    report = ConvertReport()
    if jobs > 1 and limit is None:
        with ProcessPoolExecutor(jobs) as pool:
            parts = pool.map(_convert_one, *zip(*files), [dst] * len(files), [view] * len(files))
            for part in tqdm(parts, total=len(files), desc="bair", unit="file", disable=quiet):
                report.videos, report.kept, report.files = (report.videos + part.videos, report.kept + part.kept,
                                                            report.files + part.files)
                report.problems.extend(part.problems)
        return report
    for split, path in tqdm(files, desc="bair", unit="file", disable=quiet):
        convert_file(split, path, dst, view=view, limit=limit, report=report)
        if limit is not None and report.videos + report.kept >= limit:
            break
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: `convert SRC DST`; prints one line per problem and a summary, exits 1 on problems."""
    parser = argparse.ArgumentParser(prog="python -m vdiff.data.bair", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    conv = commands.add_parser("convert", help="TFRecords -> folder of PNG-frame clips")
    conv.add_argument("src", help="softmotion30_44k/ folder, or a folder or file of .tfrecords")
    conv.add_argument("dst", help="output folder (train/ and test/ are created inside)")
    conv.add_argument("--view", choices=VIEWS, default="aux1", help="camera (default aux1, as in the literature)")
    conv.add_argument("--limit", type=int, default=None, help="stop after this many videos")
    conv.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="files converted in parallel (default: all CPUs)")
    conv.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        report = convert(args.src, args.dst, view=args.view, limit=args.limit, jobs=args.jobs, quiet=args.quiet)
    except DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for problem in report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    print(f"{args.dst}: {report.videos} videos written, {report.kept} already there, from {report.files} files"
          f"{f', {len(report.problems)} problems' if report.problems else ''}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
