"""Trainer on CPU: logging, kill-and-resume bit-identical, time budget, accumulation, warm-up, NaN guard."""
from __future__ import annotations

import json

import pytest
import torch
from torch.utils.data import Dataset

from vdiff import DiffusionConfig, GaussianDiffusion, UNet3D, UNetConfig
from vdiff.data import build_dataset
from vdiff.train import NonFiniteLossError, TrainConfig, Trainer

TINY = UNetConfig(image_size=8, in_channels=3, out_channels=3, model_channels=8, channel_mult=(1, 2),
                  attention_resolutions=(4,), num_res_blocks=1, num_heads=1)


def make_trainer(run_dir, dataset=None, **train) -> Trainer:
    torch.manual_seed(0)  # the same initial weights for every trainer
    cfg = TrainConfig(**{"steps": 6, "batch_size": 2, "log_every": 2, "checkpoint_every": 3, "lr": 1e-3,
                         "ema_decay": 0.9, **train})
    dataset = dataset or build_dataset("bouncing_balls", {"frames": 4, "image_size": 8, "num_clips": 10})
    return Trainer(cfg, UNet3D(TINY), GaussianDiffusion(DiffusionConfig(steps=50)), dataset,
                   run_dir=run_dir, quiet=True)


def assert_same_state(a: Trainer, b: Trainer) -> None:
    for (name, p), q in zip(a.model.state_dict().items(), b.model.state_dict().values()):
        assert torch.equal(p, q), name
    for p, q in zip(a.ema_model.state_dict().values(), b.ema_model.state_dict().values()):
        assert torch.equal(p, q)


def read_log(run_dir) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "log.jsonl").read_text().splitlines()]


def test_fit_logs_checkpoints_and_summarises(tmp_path):
    summary = make_trainer(tmp_path).fit()
    assert summary["steps"] == 6 and summary["complete"] and summary["global_batch"] == 2
    assert summary["precision"] == "fp32" and summary["clips_per_s"] > 0
    log = read_log(tmp_path)
    assert [r["step"] for r in log] == [2, 4, 6]
    assert {"step", "loss", "lr", "grad_norm", "clips_per_s", "peak_mem_gib"} <= set(log[0])
    assert all(r["loss"] > 0 and r["grad_norm"] > 0 for r in log)
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["ckpt-00000003.pt", "ckpt-00000006.pt"]


def test_kill_and_resume_is_bit_identical(tmp_path, monkeypatch):
    whole = make_trainer(tmp_path / "whole")
    whole.fit()
    killed = make_trainer(tmp_path / "killed")
    real_step = Trainer.train_step

    def dying_step(self):
        if self.step == 4:  # one step after the checkpoint at 3: that step's log line must go too
            raise KeyboardInterrupt
        real_step(self)

    monkeypatch.setattr(Trainer, "train_step", dying_step)
    with pytest.raises(KeyboardInterrupt):
        killed.fit()
    monkeypatch.setattr(Trainer, "train_step", real_step)
    resumed = make_trainer(tmp_path / "killed")
    assert resumed.step == 3 and resumed.resumed_from.name == "ckpt-00000003.pt"
    resumed.fit()
    assert_same_state(whole, resumed)
    assert [r["step"] for r in read_log(tmp_path / "killed")] == [2, 4, 6]
    # step 4's window holds steps 3-4 uninterrupted but only step 4 after the resume; steps 5-6 agree
    assert read_log(tmp_path / "killed")[2]["loss"] == read_log(tmp_path / "whole")[2]["loss"]


def test_time_budget_stops_cleanly_and_resumes(tmp_path):
    whole = make_trainer(tmp_path / "whole")
    whole.fit()
    first = make_trainer(tmp_path / "budget", max_minutes=1e-9).fit()
    assert first["steps"] == 1 and first["stopped"] == "time" and not first["complete"]
    assert (tmp_path / "budget" / "checkpoints" / "ckpt-00000001.pt").is_file()
    spent = make_trainer(tmp_path / "budget", max_minutes=1e-9).fit()  # the run's budget is already used up
    assert spent["steps"] == 1 and spent["stopped"] == "time" and spent["train_wall_s"] == first["train_wall_s"]
    rest = make_trainer(tmp_path / "budget")
    summary = rest.fit()
    assert summary["complete"] and summary["stopped"] == "steps"
    assert summary["train_wall_s"] > first["train_wall_s"] > 0
    assert_same_state(whole, rest)
    assert [r["step"] for r in read_log(tmp_path / "budget")] == [1, 2, 4, 6]  # the stop logs its partial window


def test_accumulation_equals_the_big_batch(tmp_path):
    big = make_trainer(tmp_path / "big", steps=2, batch_size=4)
    big.fit()
    accumulated = make_trainer(tmp_path / "acc", steps=2, batch_size=2, grad_accum=2)
    accumulated.fit()
    assert accumulated.global_batch == 4 and accumulated.batches == 2 * big.batches
    for p, q in zip(big.model.parameters(), accumulated.model.parameters()):
        torch.testing.assert_close(p.grad, q.grad, rtol=1e-4, atol=1e-6)  # the last step's gradient
        torch.testing.assert_close(p, q, rtol=0, atol=1e-4)  # Adam amplifies float noise in near-zero grads


def test_warmup_ramps_the_learning_rate(tmp_path):
    make_trainer(tmp_path, steps=4, log_every=1, warmup_steps=4).fit()
    assert [r["lr"] for r in read_log(tmp_path)] == pytest.approx([2.5e-4, 5e-4, 7.5e-4, 1e-3])


class NaNClips(Dataset):
    def __len__(self) -> int:
        return 4

    def __getitem__(self, index: int) -> torch.Tensor:
        return torch.full((4, 3, 8, 8), float("nan"))


def test_nan_guard_skips_steps_then_stops(tmp_path):
    trainer = make_trainer(tmp_path, NaNClips(), nan_patience=3, log_every=10, checkpoint_every=0)
    before = [p.detach().clone() for p in trainer.model.parameters()]
    with pytest.raises(NonFiniteLossError, match=r"training stopped at step 3: 3 steps in a row had a non-finite"):
        trainer.fit()
    assert all(torch.equal(p, q) for p, q in zip(before, trainer.model.parameters()))
    assert trainer.stats.counters() == (3, 3)


def test_config_errors_are_one_line():
    with pytest.raises(ValueError, match=r"^TrainConfig: unknown key 'lrate' \(did you mean 'lr'\?\)$"):
        TrainConfig.from_dict({"lrate": 1e-4})
    with pytest.raises(ValueError, match=r"^TrainConfig.batch_size: expected a value >= 1, got 0$"):
        TrainConfig(batch_size=0)
    with pytest.raises(ValueError, match=r"^TrainConfig.precision: expected one of \['auto', 'bf16', 'fp32'\], "
                                         r"got 'fp16'$"):
        TrainConfig(precision="fp16")
    assert TrainConfig.from_dict(TrainConfig(steps=7).to_dict()) == TrainConfig(steps=7)


def test_train_steps_never_read_values_back_to_the_host(tmp_path, monkeypatch):
    trainer = make_trainer(tmp_path, log_every=100, nan_patience=100)
    trainer.train_step()  # opens the loader

    def host_read(self, *args, **kwargs):
        raise AssertionError("a device -> host read inside train_step (a GPU sync every step)")

    for name in ("item", "tolist", "__bool__", "__float__", "__int__"):
        monkeypatch.setattr(torch.Tensor, name, host_read)
    for _ in range(3):
        trainer.train_step()
        trainer.maybe_log()
    monkeypatch.undo()
    assert trainer.step == 4
