"""Speed of UNet3D at the reference config: training steps and sampling steps (issue 10).

A row is named mode-bBATCH-PRECISION[-compile][-cl] ("train-b4-bf16-compile", "sample-b8-fp32-cl"):
mode train = forward + backward + grad clip + fused AdamW step on 20-frame 64x64 clips; mode sample =
one ancestral step for BATCH clips of 20 frames. Precision fp32 (PyTorch defaults: TF32 convolutions,
strict fp32 matmuls), tf32 (TF32 matmuls too) or bf16 (autocast, fp32 weights). -cl: channels_last_3d.
Each row is appended to --out as one JSON line as soon as it is measured, so a cut-off run keeps what it
measured. FLOPs are counted once per (mode, batch) with FlopCounterMode on the meta device; MFU is
against --peak-tflops (the H100's dense bf16 peak, 989).

    python bench/model_bench.py                       # the default rows on CUDA, ~7 minutes on an H100
    python bench/model_bench.py --rows 'train-b4-*' --steps 20 --no-compile
    python bench/model_bench.py --tiny --out /tmp/rows.jsonl   # a tiny UNet on the CPU, seconds
"""
from __future__ import annotations

import argparse
import contextlib
import fnmatch
import gc
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from a bare checkout, where vdiff is not installed
sys.path.insert(0, str(ROOT / "bench"))

from experiments.report import git_info  # noqa: E402
from profile_breakdown import breakdown, format_breakdown  # noqa: E402
from vdiff.diffusion import DiffusionConfig, GaussianDiffusion  # noqa: E402
from vdiff.masking import predict, sample_train_mask  # noqa: E402
from vdiff.sampling import ddpm_step  # noqa: E402
from vdiff.unet import Attention, UNet3D, UNetConfig  # noqa: E402

FRAMES = 20
DEFAULT_OUT = "bench/results/model_h100.jsonl"
TINY = dict(image_size=8, model_channels=8, channel_mult=(1, 2), attention_resolutions=(4,), num_heads=2)
# Eager rows first, compiled rows last: a run cut off by its time limit keeps the cheap rows.
DEFAULT_ROWS = (
    "train-b4-fp32", "train-b4-bf16", "train-b8-fp32", "train-b8-bf16", "sample-b8-fp32", "sample-b8-bf16",
    "sample-b8-bf16-compile", "train-b4-bf16-compile", "train-b8-bf16-compile",
)
EXTRA_ROWS = (
    "train-b4-bf16-cl", "train-b8-bf16-cl", "sample-b8-bf16-cl",
    "train-b4-tf32", "train-b8-tf32", "sample-b8-tf32",
    "train-b4-fp32-compile", "train-b8-fp32-compile", "sample-b8-fp32-compile",
    "train-b4-bf16-compile-cl", "train-b8-bf16-compile-cl", "sample-b8-bf16-compile-cl",
)
_ROW_RE = re.compile(r"^(train|sample)-b(\d+)-(fp32|tf32|bf16)(-compile)?(-cl)?$")


@dataclass(frozen=True)
class Row:
    """One configuration to time."""

    name: str
    mode: str
    batch: int
    precision: str
    compile: bool
    channels_last: bool


def parse_row(name: str) -> Row:
    """'train-b4-bf16-compile-cl' -> Row; ValueError naming the expected form otherwise."""
    match = _ROW_RE.match(name)
    if not match:
        raise ValueError(
            f"--rows: expected names like train-b4-bf16[-compile][-cl] (mode train|sample, precision "
            f"fp32|tf32|bf16) or globs over {DEFAULT_ROWS + EXTRA_ROWS}, got {name!r}"
        )
    mode, batch, precision, compiled, channels_last = match.groups()
    return Row(name, mode, int(batch), precision, bool(compiled), bool(channels_last))


def select_rows(spec: str | None, *, no_compile: bool) -> list[Row]:
    """Rows named by a comma-separated list of names or globs (default: DEFAULT_ROWS), in that order."""
    names: list[str] = []
    for item in spec.split(",") if spec else DEFAULT_ROWS:
        item = item.strip()
        if any(ch in item for ch in "*?["):
            matched = fnmatch.filter(DEFAULT_ROWS + EXTRA_ROWS, item)
            if not matched:
                raise ValueError(f"--rows: the glob {item!r} matches no known row of {DEFAULT_ROWS + EXTRA_ROWS}")
            names += matched
        elif item:
            names.append(item)
    rows = [parse_row(name) for name in dict.fromkeys(names)]
    return [row for row in rows if not (no_compile and row.compile)]


def git_commit() -> str | None:
    """experiments.report.git_info as one string: the commit, with '+dirty' when tracked files differ."""
    info = git_info(ROOT)
    return None if info["git_commit"] is None else info["git_commit"] + ("+dirty" if info["dirty"] else "")


def count_flops(cfg: UNetConfig, mode: str, batch: int, frames: int) -> int:
    """FLOPs of one training step (forward + backward) or one sampling forward, counted on the meta device."""
    with torch.device("meta"):
        model = UNet3D(cfg)
        x = torch.randn(batch, cfg.in_channels, frames, cfg.image_size, cfg.image_size)
        t = torch.zeros(batch, dtype=torch.long)
    counter = FlopCounterMode(display=False)
    with counter:
        if mode == "train":
            model(x, t).square().mean().backward()
        else:
            with torch.no_grad():
                model(x, t)
    return counter.get_total_flops()


def sdpa_backend(model: UNet3D, row: Row, frames: int, device: torch.device) -> str:
    """Which SDPA kernel the largest attention layer picks for its real q/k/v views at the row's precision."""
    attention = next((m for m in model.modules() if isinstance(m, Attention)), None)
    if attention is None:
        return "none"
    cfg = model.config
    sizes = [cfg.image_size // 2**level for level in range(cfg.levels)]
    size = max((s for s in sizes if s in cfg.attention_resolutions), default=sizes[-1])  # else the middle block's
    dtype = torch.bfloat16 if row.precision == "bf16" else torch.float32  # what autocast's convolutions hand it
    # A probe of the layer alone: a whole forward would run cuDNN's autotuning again for a new shape.
    x = torch.randn(row.batch, attention.norm.num_channels, frames, size, size, device=device, dtype=dtype)
    with torch.no_grad(), precision_autocast(device, row.precision):
        q, k, v = attention.qkv_heads(x)
        choice = torch._fused_sdp_choice(q, k, v)
    return torch.nn.attention.SDPBackend(choice).name.lower()


def precision_autocast(device: torch.device, precision: str) -> contextlib.AbstractContextManager:
    if precision == "bf16":
        return torch.autocast(device_type=device.type, dtype=torch.bfloat16)
    return contextlib.nullcontext()


@contextlib.contextmanager
def matmul_precision(precision: str) -> Iterator[None]:
    """TF32 matmuls for the tf32 rows only; every other row keeps PyTorch's default (strict fp32)."""
    before = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32 = before


def build_step(row: Row, cfg: UNetConfig, device: torch.device, frames: int, *,
               compile_mode: str | None = None) -> tuple[Callable[[], None], UNet3D]:
    """A fresh seeded model and the closure that runs one step of `row` on it; returns (step, model)."""
    torch.manual_seed(0)
    with device:
        model = UNet3D(cfg)
    x = torch.rand(row.batch, cfg.in_channels, frames, cfg.image_size, cfg.image_size, device=device) * 2 - 1
    if row.channels_last:
        model = model.to(memory_format=torch.channels_last_3d)
        x = x.contiguous(memory_format=torch.channels_last_3d)
    net = torch.compile(model, dynamic=False, mode=compile_mode) if row.compile else model
    diffusion = GaussianDiffusion(DiffusionConfig())
    if row.mode == "train":
        return _train_step(row, model, net, diffusion, x), model
    return _sample_step(row, model, net, diffusion, x), model


def _train_step(row: Row, model: UNet3D, net: Callable, diffusion: GaussianDiffusion, x0: torch.Tensor):
    model.train()
    params = list(model.parameters())
    optimizer = torch.optim.AdamW(params, lr=2e-5, fused=True)
    mask = sample_train_mask(row.batch, x0.shape[2], generator=torch.Generator().manual_seed(0), device=x0.device)

    def step() -> None:
        with precision_autocast(x0.device, row.precision):
            loss = diffusion.training_losses(net, x0, mask)["loss"].mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0, foreach=True)  # no host sync: the norm stays on device
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return step


def _sample_step(row: Row, model: UNet3D, net: Callable, diffusion: GaussianDiffusion, x_given: torch.Tensor):
    model.eval()
    mask = predict(row.batch, x_given.shape[2], 1, device=x_given.device)
    keep = mask[:, None, :, None, None]
    t = torch.full((row.batch,), diffusion.num_timesteps // 2, dtype=torch.long, device=x_given.device)
    x_t, noise = torch.randn_like(x_given), torch.randn_like(x_given)

    def step() -> None:
        with torch.inference_mode(), precision_autocast(x_given.device, row.precision):
            x_prev, _ = ddpm_step(net, diffusion, torch.where(keep, x_given, x_t), t, mask, noise)
            torch.where(keep, x_given, x_prev)

    return step


def time_steps(step: Callable[[], None], device: torch.device, *, steps: int, warmup: int) -> tuple[float, float]:
    """(seconds of the first call, which includes any compilation; mean ms per step after `warmup` calls)."""
    def sync() -> None:
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    start = time.perf_counter()
    step()
    sync()
    first_s = time.perf_counter() - start
    for _ in range(warmup - 1):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    sync()
    return first_s, (time.perf_counter() - start) * 1000 / steps


def write_profile(path: Path, row: Row, step: Callable[[], None], device: torch.device, *,
                  wall_ms: float) -> dict[str, float]:
    """Append the top ops of two profiled steps and their time by category to `path`; returns each category's
    share of the device's busy time (of the CPU's on CPU rows)."""
    activities = [torch.profiler.ProfilerActivity.CPU]
    if device.type == "cuda":
        activities.append(torch.profiler.ProfilerActivity.CUDA)
    steps = 2
    with torch.profiler.profile(activities=activities) as profiler:
        for _ in range(steps):
            step()
        if device.type == "cuda":
            torch.cuda.synchronize(device)
    events = profiler.key_averages()
    sort_by = "self_device_time_total" if device.type == "cuda" else "self_cpu_time_total"
    table = events.table(sort_by=sort_by, row_limit=25, max_name_column_width=70)
    totals = breakdown(events, device=device.type)
    with path.open("a") as f:
        f.write(f"== {row.name}: {steps} steps, sorted by {sort_by}\n{table}\n"
                f"{format_breakdown(totals, steps=steps, wall_ms=wall_ms if device.type == 'cuda' else None)}\n\n")
    busy = sum(totals.values()) or 1.0
    return {name: round(ms / busy, 4) for name, ms in totals.items()}


def measure(row: Row, cfg: UNetConfig, device: torch.device, args: argparse.Namespace, flops: int) -> dict:
    """Time one row on a fresh model; returns its JSON fields (without the environment ones)."""
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    with matmul_precision(row.precision):
        step, model = build_step(row, cfg, device, args.frames, compile_mode=args.compile_mode)
        backend = sdpa_backend(model, row, args.frames, device)
        first_s, ms = time_steps(step, device, steps=args.steps, warmup=args.warmup)
        shares = write_profile(args.profile, row, step, device, wall_ms=ms) if args.profile else None
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if device.type == "cuda" else None
    return {
        "name": row.name, "mode": row.mode, "batch": row.batch, "precision": row.precision,
        "compile": row.compile, "compile_mode": args.compile_mode if row.compile else None,
        "channels_last": row.channels_last,
        "ms_per_step": significant(ms),
        "clips_per_s": significant(row.batch * 1000 / ms) if row.mode == "train" else None,
        "peak_alloc_gib": round(peak, 3) if peak is not None else None,
        "mfu": significant(flops / (ms / 1000) / (args.peak_tflops * 1e12)),
        "tflop_per_step": significant(flops / 1e12), "first_step_s": round(first_s, 2), "sdpa": backend,
        "steps": args.steps, "warmup": args.warmup, "frames": args.frames,
        "cudnn_benchmark": torch.backends.cudnn.benchmark,
        **({"time_shares": shares} if shares else {}),
    }


def significant(value: float) -> float:
    """`value` to 5 significant digits (tiny CPU rows have MFUs near 1e-7)."""
    return float(f"{value:.5g}")


def release_memory(device: torch.device) -> None:
    """Drop compiled graphs and cached blocks so the next row's peak memory and compile time are its own."""
    torch._dynamo.reset()
    gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()


def describe_device(device: torch.device) -> str:
    """The device in words, as the rows report it."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"cpu ({torch.get_num_threads()} threads)"


def add_timing_args(parser: argparse.ArgumentParser) -> None:
    """The options every step-timing bench shares (this one and bench/ablate.py)."""
    parser.add_argument("--steps", type=int, help="timed steps per row (default 10; --tiny 2)")
    parser.add_argument("--warmup", type=int, help="untimed steps first, >= 1 (default 3; --tiny 1)")
    parser.add_argument("--compile-mode", choices=["default", "reduce-overhead", "max-autotune",
                                                   "max-autotune-no-cudagraphs"], default="default",
                        help="torch.compile mode of the compiled rows (reduce-overhead: CUDA graphs)")
    parser.add_argument("--no-cudnn-benchmark", action="store_true",
                        help="skip cuDNN's autotuning (shorter first steps, maybe slower ones after)")
    parser.add_argument("--tiny", action="store_true", help="a tiny UNet on 4 frames of 8x8, CPU, no compile")
    parser.add_argument("--device", help="cuda or cpu (default: cuda when available, cpu with --tiny)")
    parser.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")
    parser.add_argument("--peak-tflops", type=float, default=989.0, help="peak for MFU (H100 dense bf16: 989)")


def finish_timing_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fill in the shared options' defaults (they depend on --tiny) and reject bad values."""
    args.steps = args.steps if args.steps is not None else (2 if args.tiny else 10)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.tiny else 3)
    args.frames = 4 if args.tiny else FRAMES
    if args.steps < 1 or args.warmup < 1:
        parser.error(f"--steps and --warmup: expected ints >= 1, got {args.steps} and {args.warmup}")
    if args.device is None:
        args.device = "cuda" if torch.cuda.is_available() and not args.tiny else "cpu"


def prepare(args: argparse.Namespace) -> tuple[torch.device, UNetConfig, dict]:
    """(device, the model config, the environment fields every row carries) after the shared options."""
    device = torch.device(args.device)
    if args.threads:
        torch.set_num_threads(args.threads)
    env = {"device": describe_device(device), "torch": torch.__version__, "git_commit": git_commit()}
    return device, UNetConfig(**TINY) if args.tiny else UNetConfig(), env


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help=f"JSON-lines file of the rows (default on CUDA: {DEFAULT_OUT})")
    parser.add_argument("--rows", help="comma-separated row names or globs (default: %s)" % ",".join(DEFAULT_ROWS))
    parser.add_argument("--append", action="store_true", help="append to --out instead of starting it afresh")
    parser.add_argument("--no-compile", action="store_true", help="skip the torch.compile rows")
    parser.add_argument("--profile", type=Path,
                        help="also append each row's top ops (torch.profiler, 2 steps after timing) to this text file")
    add_timing_args(parser)
    args = parser.parse_args(argv)
    finish_timing_args(parser, args)
    if args.out is None:
        if args.device != "cuda":
            parser.error(f"--out: expected a path for a {args.device} run ({DEFAULT_OUT} holds the H100 figures)")
        args.out = ROOT / DEFAULT_OUT
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure every selected row, appending each to --out as soon as it is done; 1 if any row failed."""
    args = parse_args(argv)
    try:
        rows = select_rows(args.rows, no_compile=args.no_compile or args.tiny)
    except ValueError as err:
        print(f"model_bench: {err}", file=sys.stderr)
        return 2
    device, cfg, env = prepare(args)
    torch.backends.cudnn.benchmark = not args.no_cudnn_benchmark
    with torch.device("meta"):
        params = sum(p.numel() for p in UNet3D(cfg).parameters())
    print(f"model_bench: {len(rows)} rows on {env['device']}, torch {env['torch']}, commit {env['git_commit']}, "
          f"{params:,} params -> {args.out}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.append:
        args.out.write_text("")
        if args.profile:
            args.profile.write_text("")
    flops: dict[tuple[str, int], int] = {}
    failed, started = 0, time.perf_counter()
    for i, row in enumerate(rows, 1):
        print(f"[{i}/{len(rows)} at {time.perf_counter() - started:.0f} s] {row.name} ...", end=" ", flush=True)
        key = (row.mode, row.batch)
        if key not in flops:
            flops[key] = count_flops(cfg, row.mode, row.batch, args.frames)
        try:
            result = measure(row, cfg, device, args, flops[key])
        except (RuntimeError, ValueError) as err:  # an OOM or a compile failure must not lose later rows
            failed += 1
            result = failed_row(row, err)
            print(f"FAILED: {result['error']}", flush=True)
        else:
            print(f"{result['ms_per_step']:.1f} ms/step, peak {result['peak_alloc_gib']} GiB, mfu {result['mfu']:.3g}, "
                  f"sdpa {result['sdpa']}, first step {result['first_step_s']} s", flush=True)
        release_memory(device)
        with args.out.open("a") as f:
            f.write(json.dumps({**result, **env}) + "\n")
    print(f"model_bench: {len(rows) - failed} rows measured, {failed} failed, in {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


def failed_row(row: Row, err: Exception) -> dict:
    """The row's JSON fields with null figures and the error's first line."""
    message = str(err).strip().splitlines()[0][:300] if str(err).strip() else ""
    return {"name": row.name, "mode": row.mode, "batch": row.batch, "precision": row.precision,
            "compile": row.compile, "channels_last": row.channels_last, "ms_per_step": None, "clips_per_s": None,
            "peak_alloc_gib": None, "mfu": None, "error": f"{type(err).__name__}: {message}"}


if __name__ == "__main__":
    sys.exit(main())
