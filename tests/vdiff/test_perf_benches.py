"""bench/precision_bench.py, sampling_bench.py and ablate.py --tiny: each runs on the CPU and writes sane JSON rows."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import torch

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


@pytest.fixture()
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # on a busy 2-core machine two threads wait on each other
    yield
    torch.set_num_threads(threads)


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_precision_bench_tiny_writes_both_curves_and_their_gap(tmp_path, one_thread):
    bench = load("precision_bench")
    out = tmp_path / "precision.jsonl"
    assert bench.main(["--tiny", "--out", str(out), "--steps", "6", "--window", "4"]) == 0
    rows = read_rows(out)
    config, steps, summary = rows[0], rows[1:-1], rows[-1]
    assert config["kind"] == "config" and ENV_KEYS <= set(config) and config["precisions"] == {"fp32": "fp32",
                                                                                                 "bf16": "bf16"}
    assert [row["step"] for row in steps] == [1, 2, 3, 4, 5, 6]
    first = steps[0]
    # the same initial weights and batch: the first losses agree to bf16's precision, and the curves start there
    assert first["loss_bf16"] == pytest.approx(first["loss_fp32"], rel=2e-2)
    assert first["smoothed_fp32"] == first["loss_fp32"] and first["gap"] == pytest.approx(
        (first["loss_bf16"] - first["loss_fp32"]) / first["loss_fp32"])
    last = steps[-1]
    assert last["gap"] == pytest.approx((last["smoothed_bf16"] - last["smoothed_fp32"]) / last["smoothed_fp32"])
    assert summary["kind"] == "summary" and summary["steps"] == 6 and summary["window"] == 4
    assert summary["max_abs_gap"] == pytest.approx(max(abs(r["gap"]) for r in steps[-4:]), abs=1e-6)
    assert summary["pass"] is True and summary["ms_per_step_fp32"] > 0 and ENV_KEYS <= set(summary)


def test_smoothing_and_gap_window():
    bench = load("precision_bench")
    assert bench.smooth([1.0, None, 2.0], alpha=0.5) == [1.0, 1.0, 1.5]
    gaps = [0.5, None, 0.01, -0.03]
    assert bench.summarize(gaps, window=2) == {"window": 2, "max_abs_gap": 0.03, "mean_abs_gap": 0.02,
                                                 "target": 0.02, "pass": False}
    assert bench.summarize(gaps[:3], window=2)["pass"] is True
