"""Task plans: defaults from the config, given frames per kind, errors, stable chunk seeds."""

from __future__ import annotations

import pytest

from experiments.config import build_config
from experiments.tasks import chunk_seed, plan_task

RAW = {
    "model": {"image_size": 16, "model_channels": 8, "channel_mult": [1, 2]},
    "data": {"name": "bouncing_balls", "params": {"frames": 8, "image_size": 16}},
    "sample": {"clips": 5, "samples_per_clip": 3, "steps": 7},
}


def _plan(**task):
    cfg = build_config({**RAW, "sample": {**RAW["sample"], "tasks": [task]}}, "t.yaml")
    return plan_task(cfg.sample.tasks[0], cfg)


def test_defaults_come_from_data_and_sample_sections() -> None:
    plan = _plan(name="p", kind="predict", given=2)
    assert (plan.frames, plan.clips, plan.samples, plan.steps) == (8, 5, 3, 7)
    assert plan.given == (0, 1) and plan.given_mask.tolist() == [True, True] + [False] * 6
    override = _plan(name="p", kind="predict", given=1, frames=16, clips=2, samples=1, steps=3)
    assert (override.frames, override.clips, override.samples, override.steps) == (16, 2, 1, 3)


def test_given_frames_per_kind() -> None:
    assert _plan(name="i", kind="infill", indices=[7, 0, -1]).given == (0, 7)
    assert _plan(name="g", kind="generate").given == ()
    long = _plan(name="l", kind="long", given=2, total_frames=30)
    assert (long.frames, long.window, long.overlap, long.given) == (30, 8, 2, (0, 1))


@pytest.mark.parametrize(
    "task, message",
    [
        (
            {"kind": "predict", "given": 8},
            "sample.tasks 'x': given: expected fewer than frames=8, got 8",
        ),
        (
            {"kind": "infill", "indices": [9]},
            "sample.tasks 'x': indices: expected frame indices in [0, 8), got [9]",
        ),
        (
            {"kind": "long", "given": 2, "total_frames": 20, "window": 4, "overlap": 4},
            "sample.tasks 'x': window/overlap/given: expected 1 <= overlap < window and given <= window, "
            "got window=4, overlap=4, given=2",
        ),
        (
            {"kind": "generate", "conditioning": "replacement"},
            "sample.tasks 'x': conditioning: 'replacement' needs given frames, got kind 'generate'",
        ),
    ],
)
def test_plans_that_cannot_run_are_refused(task: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        _plan(name="x", **task)
    assert str(caught.value) == message


def test_chunk_seeds_are_stable_and_distinct() -> None:
    assert chunk_seed(0, "predict", 0) == chunk_seed(0, "predict", 0)  # no per-process hash salt
    seeds = {chunk_seed(s, t, c) for s in (0, 1) for t in ("predict", "infill") for c in range(3)}
    assert len(seeds) == 12 and all(0 <= s < 2**63 for s in seeds)
