"""bench/precision_bench.py, sampling_bench.py and ablate.py --tiny: each runs on the CPU and writes sane rows."""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
ENV_KEYS = {"device", "torch", "git_commit"}


def load(name: str):
    """Import bench/<name>.py as a module (bench/ is no package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_precision_bench_tiny_writes_the_curves_their_gaps_and_held_out_scores(tmp_path):
    bench = load("precision_bench")
    out = tmp_path / "precision.jsonl"
    assert bench.main(["--tiny", "--out", str(out), "--steps", "6", "--window", "4", "--batch", "4",
                       "--eval-every", "4", "--eval-clips", "6"]) == 0
    rows = read_rows(out)
    config, summary = rows[0], rows[-1]
    steps = [row for row in rows if row["kind"] == "step"]
    evals = [row for row in rows if row["kind"] == "eval"]
    assert config["kind"] == "config" and ENV_KEYS <= set(config)
    assert config["precisions"] == {"fp32": "fp32", "bf16": "bf16", "twin": "fp32"}
    assert [row["step"] for row in steps] == [1, 2, 3, 4, 5, 6]
    assert [row["step"] for row in evals] == [0, 4, 6]  # before the first step, every 4, and the last
    first = steps[0]
    # the same initial weights and batch: the first losses agree to bf16's precision, and the curves start there
    assert first["loss_bf16"] == pytest.approx(first["loss_fp32"], rel=2e-2)
    assert first["smoothed_fp32"] == first["loss_fp32"] and first["gap"] == pytest.approx(
        (first["loss_bf16"] - first["loss_fp32"]) / first["loss_fp32"])
    # the twin is fp32 one ulp away: its gradient differs in the last digits, its loss by far less than bf16's
    assert first["grad_norm_twin"] != first["grad_norm_fp32"]
    assert first["grad_norm_twin"] == pytest.approx(first["grad_norm_fp32"], rel=1e-5)
    last = steps[-1]
    assert last["gap"] == pytest.approx((last["smoothed_bf16"] - last["smoothed_fp32"]) / last["smoothed_fp32"])
    assert last["gap_twin"] == pytest.approx((last["smoothed_twin"] - last["smoothed_fp32"]) / last["smoothed_fp32"])
    # the held-out batch is fixed: before training every arm scores the same weights (the twin's to 1e-5)
    assert evals[0]["eval_loss_bf16"] == pytest.approx(evals[0]["eval_loss_fp32"], rel=1e-2)
    assert evals[0]["eval_loss_twin"] == pytest.approx(evals[0]["eval_loss_fp32"], rel=1e-5)
    assert evals[-1]["eval_loss_fp32"] < evals[0]["eval_loss_fp32"]  # six steps of training lower it
    assert summary["kind"] == "summary" and summary["steps"] == 6 and summary["window"] == 4
    assert summary["max_abs_gap"] == pytest.approx(max(abs(r["gap"]) for r in steps[-4:]), abs=1e-6)
    assert summary["max_abs_gap_twin"] == pytest.approx(max(abs(r["gap_twin"]) for r in steps[-4:]), abs=1e-6)
    # held-out gaps are judged over the evals inside the window: steps 4 and 6
    assert summary["eval_max_abs_gap"] == pytest.approx(max(abs(r["eval_gap"]) for r in evals[1:]), abs=1e-6)
    assert summary["pass"] is True and summary["ms_per_step_twin"] > 0 and ENV_KEYS <= set(summary)
    tail = steps[-4:]
    assert summary["mean_loss_gap"] == pytest.approx(
        sum(r["loss_bf16"] for r in tail) / sum(r["loss_fp32"] for r in tail) - 1, abs=1e-5)


def test_precision_bench_rescores_an_earlier_run_under_other_smoothings(tmp_path, capsys):
    bench = load("precision_bench")
    out = tmp_path / "precision.jsonl"
    assert bench.main(["--tiny", "--out", str(out), "--steps", "5", "--window", "3", "--batch", "2",
                       "--eval-every", "0"]) == 0
    summary = read_rows(out)[-1]
    results = bench.rescore(out, [0.05, 1.0], window=3)
    assert [(row["alpha"], row["arm"]) for row in results] == [(0.05, "bf16"), (0.05, "twin"), (1.0, "bf16"),
                                                                (1.0, "twin")]
    # at the bench's own alpha the rescored gaps are the summary's; at alpha 1 they are the raw losses' gaps
    assert results[0]["max_abs_gap"] == summary["max_abs_gap"]
    assert results[1]["max_abs_gap"] == summary["max_abs_gap_twin"]
    steps = [row for row in read_rows(out) if row["kind"] == "step"][-3:]
    raw = max(abs(row["loss_bf16"] / row["loss_fp32"] - 1) for row in steps)
    assert results[2]["max_abs_gap"] == pytest.approx(raw, abs=1e-6)
    capsys.readouterr()
    assert bench.main(["--rescore", str(out), "--window", "3", "--alphas", "0.5"]) == 0
    assert "0.5  bf16" in capsys.readouterr().out
    bad = tmp_path / "bad.jsonl"
    bad.write_text(out.read_text().splitlines()[0] + "\nnot json\n")
    assert bench.main(["--rescore", str(bad)]) == 2
    assert f"{bad}:2: expected a JSON object" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench.parse_args(["--rescore", str(out), "--alphas", "0"])
    with pytest.raises(SystemExit):
        bench.parse_args(["--out", str(out), "--rescore", str(out)])


def test_precision_bench_without_twin_or_evals(tmp_path):
    bench = load("precision_bench")
    out = tmp_path / "precision.jsonl"
    assert bench.main(["--tiny", "--out", str(out), "--steps", "2", "--batch", "2", "--no-twin",
                       "--eval-every", "0"]) == 0
    rows = read_rows(out)
    assert {row["kind"] for row in rows} == {"config", "step", "summary"}
    assert "loss_twin" not in rows[1] and "gap_twin" not in rows[1] and "max_abs_gap_twin" not in rows[-1]
    assert rows[-1]["eval_max_abs_gap"] is None


def test_one_ulp_nudge_moves_every_weight_by_the_smallest_step():
    bench = load("precision_bench")
    import torch
    layer = torch.nn.Linear(3, 2)
    before = [p.detach().clone() for p in layer.parameters()]
    bench.nudge_one_ulp(layer)
    for old, new in zip(before, layer.parameters()):
        assert torch.all(new > old)
        assert torch.equal(torch.nextafter(new, torch.full_like(new, -float("inf"))), old)


def test_smoothing_and_gap_window():
    bench = load("precision_bench")
    assert bench.smooth([1.0, None, 2.0], alpha=0.5) == [1.0, 1.0, 1.5]
    gaps = [0.5, None, 0.01, -0.03]
    assert bench.summarize(gaps, window=2) == {"window": 2, "max_abs_gap": 0.03, "mean_abs_gap": 0.02,
                                                 "target": 0.02, "pass": False}
    assert bench.summarize(gaps[:3], window=2)["pass"] is True


def test_sampling_bench_tiny_times_end_to_end_and_extrapolates(tmp_path):
    bench = load("sampling_bench")
    full, scaled = tmp_path / "full.jsonl", tmp_path / "scaled.jsonl"
    assert bench.main(["--tiny", "--out", str(full), "--clips", "4", "--batch", "2"]) == 0
    assert bench.main(["--tiny", "--out", str(scaled), "--clips", "4", "--batch", "2", "--steps", "4",
                       "--extrapolate", "eager", "--extrapolate-steps", "2"]) == 0
    config, row = read_rows(full)
    assert config["kind"] == "config" and config["source"] == "random init" and ENV_KEYS <= set(row)
    assert row["kind"] == "timing" and row["mode"] == "eager" and row["compile"] is False
    assert (row["clips"], row["clips_timed"], row["batch"], row["steps_timed"]) == (4, 4, 2, 3)
    assert row["extrapolated"] is False and row["given_frames_exact"] is True and row["meets_target"] is None
    assert row["wall_s"] == pytest.approx(row["data_s"] + row["sample_s"] + row["uint8_s"], abs=0.02)
    # sample_s is rounded to the ms: 2 batches x 3 steps
    assert row["ms_per_step"] == pytest.approx(1000 * row["sample_s"] / (2 * 3), abs=0.1) and row["mfu"] > 0
    row = read_rows(scaled)[1]
    assert row["extrapolated"] is True and (row["clips_timed"], row["steps_timed"], row["steps"]) == (2, 2, 4)
    assert row["given_frames_exact"] is True and row["sample_s"] > 0


def test_sampling_bench_scores_ddim_against_ancestral_on_a_run(tmp_path):
    from experiments.config import load_config
    from vdiff.data import build_dataset
    from vdiff.diffusion import GaussianDiffusion
    from vdiff.train import Trainer
    from vdiff.unet import UNet3D

    run = tmp_path / "run"
    run.mkdir()
    (run / "config.yaml").write_text(
        "title: tiny\n"
        "model: {image_size: 8, model_channels: 8, channel_mult: [1, 2], attention_resolutions: [4], num_heads: 2,"
        " in_channels: 1, out_channels: 1}\n"
        "data: {name: moving_mnist, params: {frames: 4, image_size: 8, digit_size: 4, num_clips: 16, channels: 1}}\n"
        "train: {steps: 1, batch_size: 2, device: cpu}\n")
    cfg = load_config(run / "config.yaml")
    dataset = build_dataset(cfg.data.name, cfg.data.params, split="train", seed=0)
    Trainer(cfg.train, UNet3D(cfg.model), GaussianDiffusion(cfg.diffusion), dataset, run_dir=run, quiet=True).fit()
    out = tmp_path / "quality.jsonl"
    bench = load("sampling_bench")
    assert bench.main(["--tiny", "--out", str(out), "--run", str(run), "--modes", "", "--frames", "5",
                       "--psnr-clips", "2", "--ancestral-steps", "4"]) == 0
    config, ddim, ddpm, gap = read_rows(out)
    assert config["source"].endswith("ckpt-00000001.pt") and config["params"] > 0 and config["precision"] == "fp32"
    assert (ddim["sampler"], ddim["steps"], ddpm["sampler"], ddpm["steps"]) == ("ddim", 3, "ddpm", 4)
    assert len(ddim["psnr_per_frame"]) == 4
    assert ddim["psnr"] == pytest.approx(sum(ddim["psnr_per_frame"]) / 4, abs=0.01)
    assert 0 < ddpm["psnr"] < 100
    assert gap["ddim_minus_ancestral_db"] == pytest.approx(ddim["psnr"] - ddpm["psnr"], abs=1e-3)
    assert gap["pass"] == (abs(gap["ddim_minus_ancestral_db"]) <= 0.5)


def test_sampling_bench_refuses_a_batch_that_does_not_divide_the_clips(capsys):
    bench = load("sampling_bench")
    with pytest.raises(SystemExit):
        bench.parse_args(["--tiny", "--out", "x", "--clips", "5", "--batch", "2"])
    assert "--batch: expected a divisor of --clips 5 (compiled shapes are static), got 2" in capsys.readouterr().err


def test_ablate_tiny_rows_in_model_bench_format(tmp_path):
    bench = load("ablate")
    out = tmp_path / "ablation.jsonl"
    assert bench.main(["--tiny", "--out", str(out), "--rows", "fp32,+bf16,+foreach-ema", "--steps", "1",
                       "--batch", "2"]) == 0
    rows = read_rows(out)
    keys = {"name", "mode", "batch", "precision", "compile", "ms_per_step", "clips_per_s", "peak_alloc_gib",
            "mfu", "tflop_per_step", "sdpa", "lever", "base", "speedup_vs_base"} | ENV_KEYS
    for row in rows:
        assert keys <= set(row) and row["ms_per_step"] > 0 and row["mfu"] > 0 and row["device"].startswith("cpu")
        assert row["clips_per_s"] == pytest.approx(2000 / row["ms_per_step"], rel=1e-3)
    fp32, bf16, ema = rows
    assert (fp32["precision"], fp32["sdpa"], fp32["adamw"], fp32["ema"]) == ("fp32", "math", "default", "per_tensor")
    assert bf16["base"] == "fp32" and bf16["speedup_vs_base"] == pytest.approx(
        fp32["ms_per_step"] / bf16["ms_per_step"], rel=1e-2)
    assert (ema["sdpa_request"], ema["adamw"], ema["ema"]) == ("auto", "fused", "foreach_lerp")
    assert ema["base"] == "+fused-adamw" and ema["speedup_vs_base"] is None  # its base was not measured
    assert ema["speedup_vs_fp32"] == pytest.approx(fp32["ms_per_step"] / ema["ms_per_step"], rel=1e-2)
    assert ema["host_sync"] is False and ema["cudnn_benchmark"] is True


def test_ablate_ladder_adds_one_lever_per_row():
    bench = load("ablate")
    rows = bench.ladder()
    assert list(rows)[:5] == ["fp32", "+bf16", "+sdpa", "+fused-adamw", "+foreach-ema"]
    assert list(rows)[-2:] == ["+compile", "+channels-last"]  # compiled rows last: a cut-off run keeps the rest
    last = rows["+channels-last"][0]
    assert last == bench.Levers("bf16", "auto", True, True, True, True)
    assert rows["sdpa-flash"] == (bench.Levers("bf16", "flash", True, True), "+foreach-ema")
    assert rows["sync-logging"][0] == dataclasses.replace(rows["+foreach-ema"][0], host_sync=True)
    assert rows["no-cudnn-benchmark"][0].cudnn_benchmark is False
    assert bench.select(None, tiny=True) == ["fp32", "+bf16", "+sdpa", "+fused-adamw", "+foreach-ema"]
    with pytest.raises(ValueError, match=r"--rows: expected names from .*got \['\+fp16'\]"):
        bench.select("fp32,+fp16", tiny=False)


def test_ddp_bench_tiny_two_gloo_ranks_match_one_process_and_resume(tmp_path):
    bench = load("ddp_bench")
    out = tmp_path / "ddp.jsonl"
    assert bench.main(["--tiny", "--quiet", "--out", str(out), "--work", str(tmp_path / "work")]) == 0
    ddp, single, resume, summary = read_rows(out)
    assert (ddp["arm"], ddp["world_size"], ddp["batch"]) == ("ddp", 2, 2)
    assert (single["arm"], single["world_size"], single["batch"]) == ("single", 1, 4)
    assert len(ddp["peak_alloc_gib"]) == 2 and ddp["clips_per_s"] > 0
    # the same clips, timesteps, masks and noise per global position: fp32 losses equal to rounding
    assert [s for s, _ in ddp["losses"]] == [1, 2, 3, 4, 5, 6]
    for (_, a), (_, b) in zip(ddp["losses"], single["losses"]):
        assert a == pytest.approx(b, rel=1e-5)
    assert summary["losses"]["agree"] is True and summary["losses"]["windows"] == 6
    assert summary["scaling_efficiency"] == pytest.approx(
        ddp["clips_per_s"] / (2 * single["clips_per_s"]), abs=1e-3)
    assert resume["resumed_from"].endswith("ckpt-00000006.pt") and resume["steps"] == 8
    assert summary["resume"] == {"from": "ckpt-00000006.pt", "to_step": 8, "ok": True}
    assert (tmp_path / "work" / "resume" / "config.yaml").is_file()


def test_ddp_bench_rate_and_loss_agreement():
    bench = load("ddp_bench")
    log = [{"step": s, "elapsed_s": e, "loss": l} for s, e, l in ((10, 5.0, 1.0), (20, 6.0, 0.9), (30, 7.0, 0.81))]
    assert bench.steady_rate(log, 8, skip=15) == pytest.approx(10 * 8 / 1.0)
    with pytest.raises(ValueError, match="--skip 25"):
        bench.steady_rate(log, 8, skip=25)
    other = [{**r, "loss": r["loss"] * 1.2} for r in log]
    found = bench.loss_agreement(other, log)
    assert found["noise"] == pytest.approx(0.1) and found["mean_gap"] == pytest.approx(0.2)
    assert found["agree"] is False and bench.loss_agreement(log, log)["agree"] is True
