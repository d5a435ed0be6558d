"""Media of a run folder: per sample the given-frames PNG strip, the sample GIF and MP4, the truth
GIF and a truth|sample grid GIF, under samples/<task>/, plus their entries in run.json's "artifacts"."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import torch

from experiments.report import task_label
from experiments.tasks import Plan
from vdiff import video


def mp4_available() -> str | None:
    """None when MP4 can be written, else why not (imageio-ffmpeg or its ffmpeg binary missing)."""
    try:
        import imageio_ffmpeg
    except ImportError:
        return "imageio-ffmpeg is not installed"
    try:
        imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:
        return "imageio-ffmpeg found no ffmpeg binary"
    return None


def _caption(plan: Plan, index: int) -> str:
    """'1 → 15: test clip 3, sample 1 of 4 (given frames 0)'."""
    given = ", ".join(str(i) for i in plan.given) or "none"
    return (
        f"{task_label(plan)}: test clip {index}, sample 1 of {plan.samples} (given frames: {given})"
    )


def write_sample_media(
    folder: Path,
    index: int,
    sampled: torch.Tensor,
    truth: torch.Tensor,
    plan: Plan,
    *,
    fps: float,
    mp4: bool,
) -> dict[str, Any]:
    """sampled, truth: [T, C, H, W] in [-1, 1]; writes NNN-cond.png (if frames are given), NNN.gif,
    NNN.mp4 (if mp4), NNN-truth.gif, NNN-grid.gif into folder; returns the names (None: not written)."""
    stem = f"{index:03d}"
    sample_frames, truth_frames = (
        video.to_uint8(sampled),
        video.to_uint8(truth),
    )  # [T, H, W, C] uint8
    names: dict[str, Any] = {"png": None, "mp4": None}
    if plan.given:
        names["png"] = f"{stem}-cond.png"
        video.write_png_strip(folder / names["png"], truth_frames[list(plan.given)])
    names["gif"] = f"{stem}.gif"
    video.write_gif(folder / names["gif"], sample_frames, fps)
    if mp4:
        names["mp4"] = f"{stem}.mp4"
        video.write_mp4(folder / names["mp4"], sample_frames, fps)
    names["truth"] = f"{stem}-truth.gif"
    video.write_gif(folder / names["truth"], truth_frames, fps)
    names["grid"] = f"{stem}-grid.gif"
    video.write_gif(folder / names["grid"], video.side_by_side([truth_frames, sample_frames]), fps)
    return names


def write_task_media(
    run_dir: Path,
    samples: torch.Tensor,
    truth: torch.Tensor,
    plan: Plan,
    *,
    count: int,
    frame_ms: int,
    quiet: bool = False,
) -> list[dict[str, Any]]:
    """Media for the first `count` clips (their first sample) of a task; returns run.json artifacts.

    samples: [N_clips, N_samples, T, C, H, W], truth: [N_clips, T, C, H, W]. Paths: relative to run_dir.
    """
    folder = Path("samples") / plan.task.name
    (run_dir / folder).mkdir(parents=True, exist_ok=True)
    no_mp4 = mp4_available()
    if no_mp4 and not quiet and count > 0:
        print(f"MP4 skipped for {plan.task.name}: {no_mp4}", file=sys.stderr, flush=True)
    fps = 1000.0 / frame_ms
    entries = []
    for index in range(min(count, samples.shape[0])):
        names = write_sample_media(
            run_dir / folder,
            index,
            samples[index, 0],
            truth[index],
            plan,
            fps=fps,
            mp4=no_mp4 is None,
        )
        entries.append(
            {
                "task": plan.task.name,
                "index": index,
                "cond": list(plan.given),
                **{
                    key: None if names[key] is None else (folder / names[key]).as_posix()
                    for key in ("png", "gif", "mp4", "truth", "grid")
                },
                "frames": plan.frames,
                "fps": round(fps, 4),
                "caption": _caption(plan, index),
            }
        )
    return entries
