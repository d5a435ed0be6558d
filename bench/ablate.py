"""Training-step ablation of UNet3D at the reference config: issue 10's speed levers switched on one at a time.

The ladder starts from the reference's habits and adds one lever per row, keeping the ones before it:

    fp32            PyTorch defaults (TF32 convolutions, strict fp32 matmuls), SDPA forced to the math
                    kernel (full attention maps, as the reference), torch's default AdamW (foreach), an EMA
                    updated one tensor at a time (RaMViD's update_ema), eager, NCDHW
    +bf16           bf16 autocast (fp32 weights and optimizer state)
    +sdpa           SDPA picks its kernel (flash / memory-efficient / cuDNN; the row says which ran)
    +fused-adamw    AdamW(fused=True)
    +foreach-ema    vdiff.ema.EMA: one torch._foreach_lerp_ over all parameters
    +compile        torch.compile of the model (--compile-mode; compile time is first_step_s)
    +channels-last  channels_last_3d weights and input

Variants of the +foreach-ema row change one thing each: sdpa-flash, sdpa-efficient and sdpa-cudnn force
that SDPA kernel; sync-logging fetches the loss and gradient norm to the host every step (as a trainer that
logs every step would); no-cudnn-benchmark turns cuDNN's autotuning off.
A step is forward + backward + grad clip + AdamW + EMA on 20-frame 64x64 clips at --batch; rows use
bench/model_bench.py's fields and timing (time_steps, count_flops, sdpa_backend) plus "lever", the
levers themselves, and the speed-ups over the row before ("base") and over the fp32 row. Each row is
appended to --out as soon as it is measured; the compiled rows come last, so a run cut off by its time
limit keeps the others.

    python bench/ablate.py --out ablation.jsonl          # every row on CUDA: eager rows ~2 min on an H100,
                                                         # then ~2 min per compiled row (compilation)
    python bench/ablate.py --out a.jsonl --rows fp32,+bf16,+sdpa
    python bench/ablate.py --tiny --out /tmp/a.jsonl     # a tiny UNet on the CPU, no compile, seconds
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch
from torch.nn.attention import SDPBackend, sdpa_kernel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from a bare checkout, where vdiff is not installed
sys.path.insert(0, str(ROOT / "bench"))

from model_bench import Row, add_timing_args, count_flops, failed_row, finish_timing_args, matmul_precision  # noqa: E402
from model_bench import precision_autocast, prepare, release_memory, sdpa_backend, significant, time_steps  # noqa: E402
from vdiff.diffusion import DiffusionConfig, GaussianDiffusion  # noqa: E402
from vdiff.ema import EMA  # noqa: E402
from vdiff.masking import sample_train_mask  # noqa: E402
from vdiff.unet import UNet3D, UNetConfig  # noqa: E402

EMA_DECAY = 0.9999
BACKENDS = {"math": SDPBackend.MATH, "flash": SDPBackend.FLASH_ATTENTION,
            "efficient": SDPBackend.EFFICIENT_ATTENTION, "cudnn": SDPBackend.CUDNN_ATTENTION}


@dataclass(frozen=True)
class Levers:
    """The speed settings of one training step."""

    precision: str = "fp32"
    sdpa: str = "math"  # "auto" (SDPA's own choice) or a key of BACKENDS, forced
    fused_adamw: bool = False
    foreach_ema: bool = False
    compile: bool = False
    channels_last: bool = False
    host_sync: bool = False  # fetch loss and gradient norm to the host every step (.item())
    cudnn_benchmark: bool = True  # cuDNN autotuning (off only in its own variant row)


def ladder() -> dict[str, tuple[Levers, str | None]]:
    """Every row's levers and the row it is compared with, in the default order (compiled rows last)."""
    steps = [("fp32", {}), ("+bf16", {"precision": "bf16"}), ("+sdpa", {"sdpa": "auto"}),
             ("+fused-adamw", {"fused_adamw": True}), ("+foreach-ema", {"foreach_ema": True})]
    rows: dict[str, tuple[Levers, str | None]] = {}
    levers, base = Levers(), None
    for name, change in steps:
        levers = dataclasses.replace(levers, **change)
        rows[name], base = (levers, base), name
    for backend in ("flash", "efficient", "cudnn"):
        rows[f"sdpa-{backend}"] = (dataclasses.replace(levers, sdpa=backend), "+foreach-ema")
    rows["sync-logging"] = (dataclasses.replace(levers, host_sync=True), "+foreach-ema")
    rows["no-cudnn-benchmark"] = (dataclasses.replace(levers, cudnn_benchmark=False), "+foreach-ema")
    for name, change in (("+compile", {"compile": True}), ("+channels-last", {"channels_last": True})):
        levers = dataclasses.replace(levers, **change)
        rows[name], base = (levers, base), name
    return rows


def select(spec: str | None, *, tiny: bool) -> list[str]:
    """Row names from a comma-separated list (default: all; --tiny: the eager ladder); ValueError on unknown."""
    known = ladder()
    if not spec:
        # ladder rows are "fp32" and "+lever"; the variants of +foreach-ema have plain names
        return [name for name, (levers, _) in known.items()
                if not (tiny and (levers.compile or not (name == "fp32" or name.startswith("+"))))]
    names = [item.strip() for item in spec.split(",") if item.strip()]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"--rows: expected names from {list(known)}, got {unknown}")
    return list(dict.fromkeys(names))


def sdpa_context(choice: str) -> contextlib.AbstractContextManager:
    """Force one SDPA kernel, or leave the choice to PyTorch ("auto")."""
    return contextlib.nullcontext() if choice == "auto" else sdpa_kernel([BACKENDS[choice]])


@contextlib.contextmanager
def cudnn_autotuning(enabled: bool) -> Iterator[None]:
    """cuDNN's benchmark mode (autotuning each new convolution shape) on or off inside the block."""
    before = torch.backends.cudnn.benchmark
    torch.backends.cudnn.benchmark = enabled
    try:
        yield
    finally:
        torch.backends.cudnn.benchmark = before


def ema_updater(model: UNet3D, *, foreach: bool) -> Callable[[int], None]:
    """update(step) moving an fp32 shadow of `model` by EMA_DECAY: vdiff.ema.EMA, or a per-tensor loop."""
    if foreach:
        ema = EMA(model, decay=EMA_DECAY)

        def update_foreach(step: int) -> None:
            ema.update(model, step)

        return update_foreach
    shadow = [p.detach().float().clone() for p in model.parameters()]

    @torch.no_grad()
    def update(step: int) -> None:
        for target, source in zip(shadow, model.parameters()):  # two kernels per tensor, as RaMViD's update_ema
            target.mul_(EMA_DECAY).add_(source.detach(), alpha=1 - EMA_DECAY)

    return update


def build_step(levers: Levers, cfg: UNetConfig, device: torch.device, *, batch: int, frames: int,
               compile_mode: str | None) -> tuple[Callable[[], None], UNet3D]:
    """A fresh seeded model and the closure running one training step with `levers`; returns (step, model)."""
    torch.manual_seed(0)
    with device:
        model = UNet3D(cfg)
    x0 = torch.rand(batch, cfg.in_channels, frames, cfg.image_size, cfg.image_size, device=device) * 2 - 1
    if levers.channels_last:
        model = model.to(memory_format=torch.channels_last_3d)
        x0 = x0.contiguous(memory_format=torch.channels_last_3d)
    net = torch.compile(model, dynamic=False, mode=compile_mode) if levers.compile else model
    diffusion = GaussianDiffusion(DiffusionConfig())
    model.train()
    params = list(model.parameters())
    optimizer = torch.optim.AdamW(params, lr=2e-5, fused=True if levers.fused_adamw else None)
    update_ema = ema_updater(model, foreach=levers.foreach_ema)
    mask = sample_train_mask(batch, frames, generator=torch.Generator().manual_seed(0), device=device)
    counter = itertools.count(1)

    def step() -> None:
        with sdpa_context(levers.sdpa), precision_autocast(device, levers.precision):
            loss = diffusion.training_losses(net, x0, mask)["loss"].mean()
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(params, 1.0, foreach=True)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        update_ema(next(counter))
        if levers.host_sync:  # what a trainer logging every step pays: the host waits for the GPU twice
            loss.item()
            grad_norm.item()

    return step, model


def measure(name: str, levers: Levers, cfg: UNetConfig, device: torch.device, args: argparse.Namespace,
            flops: int) -> dict:
    """Time one row on a fresh model; its JSON fields in model_bench's format plus the levers."""
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    row = Row(name, "train", args.batch, levers.precision, levers.compile, levers.channels_last)
    benchmark = levers.cudnn_benchmark and not args.no_cudnn_benchmark
    with cudnn_autotuning(benchmark), matmul_precision(levers.precision):
        step, model = build_step(levers, cfg, device, batch=args.batch, frames=args.frames,
                                 compile_mode=args.compile_mode)
        with sdpa_context(levers.sdpa):
            backend = sdpa_backend(model, row, args.frames, device)
        first_s, ms = time_steps(step, device, steps=args.steps, warmup=args.warmup)
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if device.type == "cuda" else None
    return {
        "name": name, "lever": name, "mode": "train", "batch": args.batch, "precision": levers.precision,
        "compile": levers.compile, "compile_mode": args.compile_mode if levers.compile else None,
        "channels_last": levers.channels_last, "ms_per_step": significant(ms),
        "clips_per_s": significant(args.batch * 1000 / ms), "peak_alloc_gib": round(peak, 3) if peak else None,
        "mfu": significant(flops / (ms / 1000) / (args.peak_tflops * 1e12)),
        "tflop_per_step": significant(flops / 1e12), "first_step_s": round(first_s, 2), "sdpa": backend,
        "sdpa_request": levers.sdpa, "adamw": "fused" if levers.fused_adamw else "default",
        "ema": "foreach_lerp" if levers.foreach_ema else "per_tensor", "steps": args.steps,
        "host_sync": levers.host_sync, "warmup": args.warmup, "frames": args.frames,
        "cudnn_benchmark": benchmark,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file of the rows (written afresh)")
    parser.add_argument("--rows", help=f"comma-separated rows, in order (default: all): {', '.join(ladder())}")
    parser.add_argument("--batch", type=int, default=4, help="clips per step (issue 10: 4)")
    add_timing_args(parser)
    args = parser.parse_args(argv)
    finish_timing_args(parser, args)
    if args.batch < 1:
        parser.error(f"--batch: expected an int >= 1, got {args.batch}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure every selected row, appending each to --out as soon as it is done; 1 if any row failed."""
    args = parse_args(argv)
    try:
        names = select(args.rows, tiny=args.tiny)
    except ValueError as err:
        print(f"ablate: {err}", file=sys.stderr)
        return 2
    device, cfg, env = prepare(args)
    print(f"ablate: {len(names)} rows at batch {args.batch} on {env['device']} -> {args.out}", flush=True)
    flops = count_flops(cfg, "train", args.batch, args.frames)
    rows, measured, failed, started = ladder(), {}, 0, time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("")
    for i, name in enumerate(names, 1):
        print(f"[{i}/{len(names)} at {time.perf_counter() - started:.0f} s] {name} ...", end=" ", flush=True)
        levers, base = rows[name]
        try:
            result = measure(name, levers, cfg, device, args, flops)
        except (RuntimeError, ValueError) as err:  # an OOM, a missing SDPA kernel or a compile failure
            failed += 1
            row = Row(name, "train", args.batch, levers.precision, levers.compile, levers.channels_last)
            result = {**failed_row(row, err), "lever": name, "base": base}
            print(f"FAILED: {result['error']}", flush=True)
        else:
            measured[name] = result["ms_per_step"]
            result["base"] = base
            for key, reference in (("speedup_vs_base", base), ("speedup_vs_fp32", "fp32")):
                known = reference in measured
                result[key] = round(measured[reference] / result["ms_per_step"], 3) if known else None
            print(f"{result['ms_per_step']:.1f} ms/step, {result['clips_per_s']:.3g} clips/s, "
                  f"sdpa {result['sdpa']}, x{result['speedup_vs_base']} vs {base}", flush=True)
        release_memory(device)
        with args.out.open("a") as f:
            f.write(json.dumps({**result, **env}) + "\n")
    print(f"ablate: {len(names) - failed} rows measured, {failed} failed, in {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
