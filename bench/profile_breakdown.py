"""Where a profiled step's time goes, by kind of work: the "measure first" table of issue 10.

Kernel names (CUDA) and aten op names (CPU) are sorted into categories by the first pattern that matches;
the shares come from self times, so nested ops are not counted twice. On CUDA only kernels count (the
device's busy time); the gap between that and the step's wall time is the host's share (launches, syncs).
"""
from __future__ import annotations

import re

import torch

# Order matters: attention kernels carry "fprop"/"gemm"-like names too, Triton kernels name the ops they fuse.
CATEGORIES: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
    ("attention", r"fmha|flash|sdpa|scaled_dot_product|attention|softmax|_efficient_attention"),
    ("optimizer + EMA", r"adam|multi_tensor|foreach|lerp"),
    ("group norm", r"group_norm|groupnorm|RowwiseMoments|ComputeFusedParams|GroupNorm"),
    ("copies (layout, dtype)", r"nchwToNhwc|nhwcToNchw|transpose|permute|copy_|contiguous|clone"),
    ("convolution + GEMM", r"conv|implicit_gemm|xmma|cutlass|gemm|sm90_|sm80_|wgrad|dgrad|fprop|cudnn|"
                           r"addmm|\bmm\b|aten::linear|aten::matmul|aten::bmm"),
    ("fused pointwise (Triton)", r"triton"),
    ("pointwise + reductions", r"elementwise|vectorized|unrolled|reduce|silu|aten::(add|mul|sub|div|sum|mean|"
                               r"where|pow|sqrt|exp|sigmoid|cat|fill|zero)"),
    ("memcpy + memset", r"memcpy|memset"),
))


def categorize(name: str) -> str:
    """The category of one kernel or op name ("other" when no pattern matches)."""
    return next((category for category, pattern in CATEGORIES if pattern.search(name)), "other")


def breakdown(events, *, device: str) -> dict[str, float]:
    """{category: milliseconds of self time} over profiler key_averages() `events`, kernels only on CUDA."""
    totals: dict[str, float] = {}
    for event in events:
        on_device = event.device_type == torch.autograd.DeviceType.CUDA
        if device == "cuda" and not on_device:
            continue
        us = event.self_device_time_total if device == "cuda" else event.self_cpu_time_total
        if us > 0:
            category = categorize(event.key)
            totals[category] = totals.get(category, 0.0) + us / 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def format_breakdown(totals: dict[str, float], *, steps: int, wall_ms: float | None = None) -> str:
    """Lines of "category  ms per step  share", then the host's share of the wall time when known."""
    busy = sum(totals.values())
    lines = [f"{'category':<28}{'ms/step':>10}{'share':>8}"]
    lines += [f"{name:<28}{ms / steps:>10.2f}{ms / busy:>8.1%}" for name, ms in totals.items()]
    if wall_ms:
        idle = max(wall_ms - busy / steps, 0.0)
        lines.append(f"{'(device idle: host work)':<28}{idle:>10.2f}{idle / wall_ms:>8.1%} of {wall_ms:.1f} ms wall")
    return "\n".join(lines)
