"""bench/model_bench.py --tiny: runs on the CPU and writes one complete JSON row per configuration."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import torch

KEYS = {"name", "mode", "batch", "precision", "compile", "ms_per_step", "clips_per_s", "peak_alloc_gib",
        "mfu", "device", "torch", "git_commit"}


@pytest.fixture(scope="module")
def bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "model_bench.py"
    spec = importlib.util.spec_from_file_location("model_bench", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["model_bench"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_tiny_run_writes_one_row_per_configuration(bench, tmp_path):
    out = tmp_path / "rows.jsonl"
    rows = "train-b2-fp32,sample-b2-bf16-cl,sample-b3-fp32,train-b2-bf16-compile"
    threads = torch.get_num_threads()
    try:  # one thread: on a busy 2-core machine two threads wait on each other
        assert bench.main(["--tiny", "--out", str(out), "--rows", rows, "--steps", "1", "--threads", "1",
                           "--profile", str(tmp_path / "profile.txt")]) == 0
    finally:
        torch.set_num_threads(threads)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["name"] for row in lines] == ["train-b2-fp32", "sample-b2-bf16-cl", "sample-b3-fp32"]  # no compile
    for row in lines:
        assert KEYS <= set(row) and row["ms_per_step"] > 0 and row["mfu"] > 0 and row["device"].startswith("cpu")
    assert lines[0]["clips_per_s"] == pytest.approx(2000 / lines[0]["ms_per_step"], rel=1e-3)
    assert lines[1]["precision"] == "bf16" and lines[1]["channels_last"] is True
    assert lines[2]["mode"] == "sample" and lines[2]["clips_per_s"] is None
    assert lines[2]["tflop_per_step"] < lines[0]["tflop_per_step"]  # a forward is cheaper than fwd+bwd
    profile = (tmp_path / "profile.txt").read_text()
    assert "== train-b2-fp32" in profile and "aten::convolution" in profile
    # the by-category table follows each row's top ops; the shares of the row's time add up to one
    assert profile.count("category") == 3 and "convolution + GEMM" in profile
    for row in lines:
        assert sum(row["time_shares"].values()) == pytest.approx(1.0, abs=1e-3)
        assert row["time_shares"]["convolution + GEMM"] > 0.1
    assert lines[0]["time_shares"].get("optimizer + EMA", 0) > 0 and "optimizer + EMA" not in lines[2]["time_shares"]


def test_row_names_and_globs(bench):
    rows = bench.select_rows("train-b4-*,sample-b8-fp32", no_compile=True)
    assert [r.name for r in rows] == ["train-b4-fp32", "train-b4-bf16", "train-b4-bf16-cl", "train-b4-tf32",
                                      "sample-b8-fp32"]
    row = bench.parse_row("train-b16-bf16-compile-cl")
    assert (row.batch, row.precision, row.compile, row.channels_last) == (16, "bf16", True, True)
    with pytest.raises(ValueError, match="--rows: expected names like train-b4-bf16.*got 'train-b4-fp16'"):
        bench.parse_row("train-b4-fp16")


def test_a_cpu_run_never_overwrites_the_h100_results(bench, capsys):
    with pytest.raises(SystemExit):
        bench.main(["--tiny"])
    assert "--out: expected a path for a cpu run (bench/results/model_h100.jsonl holds the H100 figures)" in capsys.readouterr().err


def test_reference_training_flops_per_clip(bench):
    # Issue 10 counts 10.9 TFLOP per clip for a training step of the reference model on 20 frames.
    flops = bench.count_flops(bench.UNetConfig(), "train", 1, 20)
    assert flops / 1e12 == pytest.approx(10.89, abs=0.01)


def test_profile_categories_name_kernels_and_ops():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from profile_breakdown import categorize, format_breakdown

    cases = {
        "cudnn_generated_fort_native_sdpa_sm90_flash_fprop_wgmma_f16_knob_3_64x64x128": "attention",
        "aten::_scaled_dot_product_cudnn_attention": "attention",
        "sm90_xmma_fprop_implicit_gemm_bf16bf16_bf16f32_f32_nhwckrsc_nhwc_tilesize128x256x64": "convolution + GEMM",
        "aten::mkldnn_convolution": "convolution + GEMM",
        "void at::native::(anonymous namespace)::RowwiseMomentsCUDAKernel<float>": "group norm",
        "triton_red_fused_native_group_norm_silu_3": "group norm",
        "triton_poi_fused_add_mul_7": "fused pointwise (Triton)",
        "void at::native::(anonymous namespace)::multi_tensor_apply_kernel<FusedAdamMathFunctor>": "optimizer + EMA",
        "void cudnn::engines_precompiled::nchwToNhwcKernel<__nv_bfloat16>": "copies (layout, dtype)",
        "void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>>": "pointwise + reductions",
        "Memcpy HtoD (Pageable -> Device)": "memcpy + memset",
        "something_new": "other",
    }
    assert {name: categorize(name) for name in cases} == cases
    text = format_breakdown({"attention": 30.0, "convolution + GEMM": 70.0}, steps=2, wall_ms=60.0)
    assert text.splitlines()[1].split() == ["attention", "15.00", "30.0%"]
    assert text.splitlines()[-1].split()[-6:] == ["10.00", "16.7%", "of", "60.0", "ms", "wall"]
