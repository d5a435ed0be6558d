"""Checkpoints: atomic writes, keep-last-K, newest valid one found, corrupt ones skipped and reported."""
from __future__ import annotations

import json

import pytest
import torch

from vdiff import DiffusionConfig, GaussianDiffusion, UNet3D, UNetConfig
from vdiff.checkpoint import (CheckpointError, checkpoint_path, find_resume, list_checkpoints, load_checkpoint,
                              prune_checkpoints, rewind_log, save_checkpoint)
from vdiff.data import build_dataset
from vdiff.train import TrainConfig, Trainer

TINY = dict(image_size=8, model_channels=8, channel_mult=(1, 2), attention_resolutions=(), num_res_blocks=1)


def trainer(run_dir, *, unet=TINY, **train) -> Trainer:
    torch.manual_seed(0)
    cfg = TrainConfig(**{"steps": 6, "batch_size": 2, "log_every": 1, "checkpoint_every": 3, **train})
    data = build_dataset("bouncing_balls", {"frames": 3, "image_size": 8, "num_clips": 4})
    return Trainer(cfg, UNet3D(UNetConfig(**unet)), GaussianDiffusion(DiffusionConfig(steps=20)), data,
                   run_dir=run_dir, quiet=True)


def test_atomic_save_and_newest_first(tmp_path):
    for step in (2, 10, 7):
        save_checkpoint({"step": step}, checkpoint_path(tmp_path, step))
    (tmp_path / "checkpoints" / "notes.txt").write_text("not a checkpoint")
    assert [p.name for p in list_checkpoints(tmp_path)] == ["ckpt-00000002.pt", "ckpt-00000007.pt",
                                                             "ckpt-00000010.pt"]
    assert not [p for p in (tmp_path / "checkpoints").iterdir() if "tmp" in p.name]
    assert [p.name for p in prune_checkpoints(tmp_path, 2)] == ["ckpt-00000002.pt"]
    assert len(list_checkpoints(tmp_path)) == 2


def test_load_reports_bad_files_in_one_line(tmp_path):
    path = save_checkpoint({"step": 1}, checkpoint_path(tmp_path, 1))
    with pytest.raises(CheckpointError, match=r"ckpt-00000001.pt: checkpoint lacks keys \['version', 'model'"):
        load_checkpoint(path)
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(CheckpointError, match=r"ckpt-00000001.pt: unreadable checkpoint \(") as err:
        load_checkpoint(path)
    assert "\n" not in str(err.value)
    with pytest.raises(CheckpointError, match="checkpoint not found"):
        load_checkpoint(tmp_path / "none.pt")


def test_trainer_keeps_the_last_k(tmp_path):
    trainer(tmp_path, checkpoint_every=1, keep_checkpoints=2).fit()
    assert [p.name for p in list_checkpoints(tmp_path)] == ["ckpt-00000005.pt", "ckpt-00000006.pt"]
    state = load_checkpoint(checkpoint_path(tmp_path, 6))
    assert state["step"] == 6 and state["config"]["model"]["model_channels"] == 8
    assert state["data"] == {"batches": 6, "batch_size": 2, "world_size": 1}


def test_corrupt_newest_is_skipped_and_reported(tmp_path, capsys):
    trainer(tmp_path).fit()
    newest = checkpoint_path(tmp_path, 6)
    newest.write_bytes(newest.read_bytes()[: newest.stat().st_size // 2])  # a write cut off mid-way
    resumed = trainer(tmp_path, steps=8)
    assert resumed.step == 3 and resumed.resumed_from == checkpoint_path(tmp_path, 3)
    assert f"skipping checkpoint: {newest}: unreadable checkpoint" in capsys.readouterr().err
    assert [json.loads(line)["step"] for line in (tmp_path / "log.jsonl").read_text().splitlines()] == [1, 2, 3]
    assert resumed.fit()["steps"] == 8


def test_resume_never_and_model_mismatch(tmp_path):
    trainer(tmp_path, steps=3).fit()
    assert trainer(tmp_path, resume="never").step == 0
    with pytest.raises(ValueError, match="ckpt-00000003.pt: expected a checkpoint of model config"):
        trainer(tmp_path, unet={**TINY, "model_channels": 16})
    assert find_resume(tmp_path / "elsewhere") is None


def test_rewind_log_drops_lines_after_the_step(tmp_path):
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps({"step": s}) + "\n" for s in (1, 2, 3, 4)) + '{"step": 5, "lo')  # torn line
    rewind_log(log, 2)
    assert log.read_text() == '{"step": 1}\n{"step": 2}\n'
