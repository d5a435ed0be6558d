"""1->15 prediction of many clips with DDIM, end to end (data -> sample -> uint8), eager and compiled (issue 10).

Timing: for each mode of --modes (eager; compile = torch.compile; cudagraphs = torch.compile's
reduce-overhead mode, i.e. CUDA graphs), the model is first warmed up on one batch (compilation and cuDNN's
autotuning, reported as warmup_s), then --clips test clips of --frames frames are loaded, sampled in
batches of --batch clips (the first --given frames given, vdiff.sampling.sample with DDIM --steps) and
turned into uint8 frames (vdiff.video.to_uint8). wall_s = data_s + sample_s + uint8_s, against issue 10's
target of 180 s for 256 clips (stretch 120 s). Modes named in --extrapolate sample one batch with
--extrapolate-steps steps only and scale sample_s to every batch and step (a DDIM step costs the same at
every t); their rows say "extrapolated": true. A batch that runs out of GPU memory is halved and retried.

Quality (--run DIR, optional): the run's EMA weights sample --psnr-clips test clips with DDIM --steps
and with --ancestral-steps ancestral steps, from the same seeds (one CPU generator per batch), and
experiments.metrics scores both; the DDIM - ancestral PSNR gap is judged against 0.5 dB.
Without --run the model is UNetConfig() (the reference, 235M parameters, random weights: timing only) on
3-channel Moving MNIST. Each row is appended to --out as one JSON line as soon as it is measured.

    python bench/sampling_bench.py --out sampling.jsonl     # 256 clips: eager (scaled), compile; ~4 min on an H100
    python bench/sampling_bench.py --out q.jsonl --run experiments/runs/mmnist_cond-X --modes ''
    python bench/sampling_bench.py --tiny --out /tmp/sampling.jsonl              # CPU, seconds
"""
from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from einops import rearrange

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from a bare checkout, where vdiff is not installed
sys.path.insert(0, str(ROOT / "bench"))

from experiments.config import load_config  # noqa: E402
from experiments.metrics import psnr  # noqa: E402
from model_bench import count_flops, describe_device, git_commit, release_memory  # noqa: E402
from vdiff.checkpoint import latest_checkpoint, load_checkpoint  # noqa: E402
from vdiff.data import build_dataset  # noqa: E402
from vdiff.diffusion import DiffusionConfig, GaussianDiffusion  # noqa: E402
from vdiff.distributed import resolve_precision  # noqa: E402
from vdiff.masking import predict  # noqa: E402
from vdiff.sampling import sample  # noqa: E402
from vdiff.unet import UNet3D, UNetConfig  # noqa: E402
from vdiff.video import to_uint8  # noqa: E402

MODES = ("eager", "compile", "cudagraphs")
TARGET_S, STRETCH_S = 180.0, 120.0  # issue 10: 256 clips with DDIM-100 end to end
TARGET_PSNR_GAP_DB = 0.5
TINY_MODEL = dict(image_size=8, model_channels=8, channel_mult=(1, 2), attention_resolutions=(4,), num_heads=2)
TINY_DATA = dict(image_size=8, digit_size=4, num_clips=64)


@dataclass(frozen=True)
class Setup:
    """The model, its diffusion, its precision and the data set its test clips come from."""

    model: UNet3D
    diffusion: GaussianDiffusion
    precision: str
    data_name: str
    data_params: dict
    seed: int
    source: str  # "random init" or the checkpoint's path

    def clips(self, count: int, frames: int) -> torch.Tensor:
        """The first `count` test clips at `frames` frames: [N, T, C, H, W] in [-1, 1] on the CPU."""
        dataset = build_dataset(self.data_name, {**self.data_params, "frames": frames}, split="test", seed=self.seed)
        if len(dataset) < count:
            raise ValueError(f"--clips: expected at most {len(dataset)} (test clips of {self.data_name}), "
                             f"got {count}")
        return torch.stack([dataset[i] for i in range(count)])


def load_setup(args: argparse.Namespace, device: torch.device) -> Setup:
    """The run's EMA model and data (--run), else a seeded reference (or tiny) UNet on Moving MNIST."""
    if args.run is None:
        torch.manual_seed(args.seed)
        cfg = UNetConfig(**TINY_MODEL) if args.tiny else UNetConfig()
        params = {"channels": cfg.in_channels, **(TINY_DATA if args.tiny else {})}
        precision = resolve_precision(args.precision, device)
        return Setup(UNet3D(cfg).to(device).eval().requires_grad_(False), GaussianDiffusion(DiffusionConfig()),
                     precision, "moving_mnist", params, args.seed, "random init")
    path = latest_checkpoint(args.run)
    if path is None:
        raise ValueError(f"--run: expected a run folder with a checkpoint in checkpoints/, got {args.run}")
    state = load_checkpoint(path)
    model = UNet3D(UNetConfig.from_dict(state["config"]["model"]))
    model.load_state_dict(state["ema"])
    run_cfg = load_config(Path(args.run) / "config.yaml")
    requested = args.precision if args.precision != "auto" else state["config"]["train"]["precision"]
    return Setup(model.to(device).eval().requires_grad_(False),
                 GaussianDiffusion(DiffusionConfig.from_dict(state["config"]["diffusion"])),
                 resolve_precision(requested, device), run_cfg.data.name, dict(run_cfg.data.params),
                 run_cfg.train.seed, str(path))


def model_function(model: UNet3D, mode: str, precision: str, device: torch.device) -> Callable:
    """model(x, t, given_mask) -> fp32, under bf16 autocast when precision is bf16, compiled per `mode`."""
    net = model
    if mode != "eager":
        net = torch.compile(model, dynamic=False, mode="reduce-overhead" if mode == "cudagraphs" else None)

    def call(x: torch.Tensor, t: torch.Tensor, given_mask: torch.Tensor | None = None) -> torch.Tensor:
        if mode == "cudagraphs":
            torch.compiler.cudagraph_mark_step_begin()  # the last call's outputs are used up: replays may reuse them
        bf16 = precision == "bf16"
        with torch.autocast(device.type, dtype=torch.bfloat16) if bf16 else contextlib.nullcontext():
            return net(x, t, given_mask).float()

    return call


def sample_clips(fn: Callable, chain: GaussianDiffusion, clips: torch.Tensor, *, given: int, batch: int,
                 device: torch.device, seed: int, sampler: str = "ddim", log: bool = False) -> torch.Tensor:
    """clips [N, T, C, H, W] -> samples [N, C, T, H, W] on the CPU, batch by batch (generator seed + batch index).

    log: print each batch's seconds, so that a run cut off by its time limit still tells the pace.
    """
    out, started = [], time.perf_counter()
    for index, start in enumerate(range(0, clips.shape[0], batch)):
        # contiguous: a permuted view would reach the model (and its compiled graph) with odd strides
        x_given = rearrange(clips[start:start + batch], "b t c h w -> b c t h w").contiguous().to(device)
        mask = predict(x_given.shape[0], x_given.shape[2], given, device=device)
        generator = torch.Generator().manual_seed(seed * 1_000_003 + index)
        with torch.inference_mode():
            videos = sample(fn, chain, x_given, mask, sampler=sampler, steps=None, generator=generator,
                            progress=False)
        out.append(videos.float().cpu())  # waits for the GPU
        if log:
            print(f"sampling_bench: batch {index + 1}/{-(-clips.shape[0] // batch)} done at "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
    return torch.cat(out)


def chain_of(diffusion: GaussianDiffusion, sampler: str, steps: int) -> GaussianDiffusion:
    """The diffusion respaced to `steps` ("ddimN" for DDIM), or itself when nothing is skipped."""
    if sampler == "ddpm" and steps == diffusion.num_timesteps:
        return diffusion
    return diffusion.respace(f"ddim{steps}" if sampler == "ddim" else str(steps))


def warm_up(fn: Callable, setup: Setup, clips: torch.Tensor, args: argparse.Namespace,
            device: torch.device) -> tuple[int, float]:
    """Three DDIM steps on one batch (compilation, CUDA-graph recording, cuDNN autotuning); halves the batch
    on running out of memory. Returns (batch that fits, seconds)."""
    batch = args.batch
    while True:
        start = time.perf_counter()
        try:
            sample_clips(fn, chain_of(setup.diffusion, "ddim", 3), clips[:batch], given=args.given, batch=batch,
                         device=device, seed=args.seed)
            return batch, time.perf_counter() - start
        except torch.OutOfMemoryError:
            if batch == 1:
                raise
            batch //= 2
            print(f"sampling_bench: out of memory, batch halved to {batch}", flush=True)
            release_memory(device)


def time_mode(mode: str, setup: Setup, args: argparse.Namespace, device: torch.device) -> dict:
    """Warm up, then time data -> sample -> uint8 for every clip (or one batch, scaled, when extrapolated)."""
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    fn = model_function(setup.model, mode, setup.precision, device)
    start = time.perf_counter()
    clips = setup.clips(args.clips, args.frames)
    data_s = time.perf_counter() - start
    batch, warmup_s = warm_up(fn, setup, clips, args, device)
    args.batch = batch  # later modes start from the batch that fitted
    extrapolated = mode in args.extrapolate
    steps = args.extrapolate_steps if extrapolated else args.steps
    todo = clips[:batch] if extrapolated else clips
    start = time.perf_counter()
    samples = sample_clips(fn, chain_of(setup.diffusion, "ddim", steps), todo, given=args.given, batch=batch,
                           device=device, seed=args.seed, log=True)
    sample_s = time.perf_counter() - start
    start = time.perf_counter()
    frames = [to_uint8(video, layout="cthw") for video in samples]  # [T, H, W, C] each
    uint8_s = time.perf_counter() - start
    batches = -(-args.clips // batch)
    if extrapolated:
        sample_s *= batches * args.steps / steps
        uint8_s *= args.clips / todo.shape[0]
    given_exact = all((to_uint8(clip[:args.given]) == video[:args.given]).all() for clip, video in zip(todo, frames))
    wall = data_s + sample_s + uint8_s
    forward = count_flops(setup.model.config, "sample", batch, args.frames)
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if device.type == "cuda" else None
    return {
        "kind": "timing", "name": f"sample{args.clips}-ddim{args.steps}-{setup.precision}-{mode}", "mode": mode,
        "compile": mode != "eager", "compile_mode": {"compile": "default", "cudagraphs": "reduce-overhead"}.get(mode),
        "precision": setup.precision, "clips": args.clips, "frames": args.frames, "given": args.given,
        "steps": args.steps, "batch": batch, "extrapolated": extrapolated, "steps_timed": steps,
        "clips_timed": int(todo.shape[0]), "data_s": round(data_s, 3), "warmup_s": round(warmup_s, 2),
        "sample_s": round(sample_s, 3), "uint8_s": round(uint8_s, 3), "wall_s": round(wall, 2),
        "wall_with_warmup_s": round(wall + warmup_s, 2), "clips_per_s": round(args.clips / wall, 3),
        "ms_per_step": round(1000 * sample_s / (batches * args.steps), 3),
        "mfu": float(f"{forward * batches * args.steps / sample_s / (args.peak_tflops * 1e12):.4g}"),
        "peak_alloc_gib": round(peak, 3) if peak is not None else None, "given_frames_exact": bool(given_exact),
        "target_s": TARGET_S, "stretch_s": STRETCH_S,
        "meets_target": wall <= TARGET_S if _is_issue_shape(args) else None,
    }


def _is_issue_shape(args: argparse.Namespace) -> bool:
    """True for issue 10's job: 256 clips of 16 frames, 1 given, DDIM-100."""
    return (args.clips, args.frames, args.given, args.steps) == (256, 16, 1, 100)


def quality_rows(setup: Setup, args: argparse.Namespace, device: torch.device) -> list[dict]:
    """PSNR of the predicted frames: DDIM --steps against --ancestral-steps ancestral steps, same clips and seeds."""
    clips = setup.clips(args.psnr_clips, args.frames)
    fn = model_function(setup.model, "eager", setup.precision, device)
    rows = []
    for sampler, steps in (("ddim", args.steps), ("ddpm", args.ancestral_steps)):
        start = time.perf_counter()
        samples = sample_clips(fn, chain_of(setup.diffusion, sampler, steps), clips, given=args.given,
                               batch=args.batch, device=device, seed=args.seed, sampler=sampler)
        seconds = time.perf_counter() - start
        scores = psnr(rearrange(samples, "n c t h w -> n t c h w"), clips)[:, args.given:]  # [N, predicted T]
        rows.append({"kind": "psnr", "name": f"psnr-{sampler}{steps}", "sampler": sampler, "steps": steps,
                     "clips": args.psnr_clips, "frames": args.frames, "given": args.given, "seed": args.seed,
                     "precision": setup.precision, "psnr": round(float(scores.mean()), 3),
                     "psnr_per_frame": [round(float(v), 3) for v in scores.mean(dim=0)],
                     "seconds": round(seconds, 2)})
    gap = round(rows[0]["psnr"] - rows[1]["psnr"], 3)
    rows.append({"kind": "psnr_gap", "name": f"psnr-ddim{args.steps}-vs-ddpm{args.ancestral_steps}",
                 "ddim_minus_ancestral_db": gap, "target_db": TARGET_PSNR_GAP_DB,
                 "pass": abs(gap) <= TARGET_PSNR_GAP_DB})
    return rows


def _mode_list(parser: argparse.ArgumentParser, text: str, flag: str) -> list[str]:
    """'compile,eager' -> ['compile', 'eager'] ('' -> []); a parser error naming the flag otherwise."""
    modes = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown:
        parser.error(f"{flag}: expected a comma-separated list of {', '.join(MODES)}, got {text!r}")
    return modes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring); --tiny shrinks every default."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file (written afresh, a row at a time)")
    parser.add_argument("--modes", help="timed modes, in order: eager, compile, cudagraphs ('' none; "
                                        "default eager,compile; --tiny eager)")
    parser.add_argument("--extrapolate", help="modes timed on one batch and scaled (default eager; --tiny none)")
    parser.add_argument("--extrapolate-steps", type=int, default=10, help="DDIM steps of an extrapolated mode")
    parser.add_argument("--clips", type=int, help="test clips sampled (default 256; --tiny 4)")
    parser.add_argument("--frames", type=int, help="frames per clip (default 16; --tiny 4)")
    parser.add_argument("--given", type=int, default=1, help="leading frames given")
    parser.add_argument("--steps", type=int, help="DDIM steps (default 100; --tiny 3)")
    parser.add_argument("--batch", type=int, help="clips per sampler call, halved on OOM (default 64; --tiny 2)")
    parser.add_argument("--precision", choices=["auto", "bf16", "fp32"], default="auto",
                        help="auto: the run's training precision, else bf16 on CUDA and fp32 on the CPU")
    parser.add_argument("--run", type=Path, help="a run folder: sample its EMA weights and score DDIM vs ancestral")
    parser.add_argument("--psnr-clips", type=int, help="clips scored with --run (default 32; --tiny 2; 0 skips)")
    parser.add_argument("--ancestral-steps", type=int, help="ancestral steps of the quality comparison "
                                                            "(default 1000; --tiny 6)")
    parser.add_argument("--seed", type=int, default=0, help="model init (without --run), data and noise")
    parser.add_argument("--peak-tflops", type=float, default=989.0, help="peak for MFU (H100 dense bf16: 989)")
    parser.add_argument("--tiny", action="store_true", help="a tiny UNet on 8x8 frames on the CPU, seconds")
    parser.add_argument("--device", help="cuda or cpu (default: cuda when available, cpu with --tiny)")
    args = parser.parse_args(argv)
    tiny = args.tiny
    for name, full, small in (("clips", 256, 4), ("frames", 16, 4), ("steps", 100, 3), ("batch", 64, 2),
                              ("psnr_clips", 32, 2), ("ancestral_steps", 1000, 6)):
        if getattr(args, name) is None:
            setattr(args, name, small if tiny else full)
    default_modes = "eager" if tiny else "eager,compile"  # the cheap row first: a cut-off run keeps it
    args.modes = _mode_list(parser, args.modes if args.modes is not None else default_modes, "--modes")
    args.extrapolate = _mode_list(parser, args.extrapolate if args.extrapolate is not None else
                                  ("" if tiny else "eager"), "--extrapolate")
    for name in ("clips", "frames", "steps", "batch", "extrapolate_steps", "ancestral_steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')}: expected an int >= 1, got {getattr(args, name)}")
    if not 1 <= args.given < args.frames:
        parser.error(f"--given: expected 1..{args.frames - 1} (frames - 1), got {args.given}")
    if args.clips % args.batch:
        parser.error(f"--batch: expected a divisor of --clips {args.clips} (compiled shapes are static), "
                     f"got {args.batch}")
    args.device = args.device or ("cuda" if torch.cuda.is_available() and not tiny else "cpu")
    if "cudagraphs" in args.modes and args.device != "cuda":
        parser.error(f"--modes: cudagraphs needs CUDA, got device {args.device}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Time every mode and, with --run, compare DDIM with ancestral sampling; 1 if a part failed."""
    args = parse_args(argv)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    env = {"device": describe_device(device), "torch": torch.__version__, "git_commit": git_commit()}
    setup = load_setup(args, device)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    failed = 0
    with args.out.open("w") as f:
        def write(row: dict) -> None:
            f.write(json.dumps({**row, **env}) + "\n")
            f.flush()
            shown = (f"{key} {value}" for key, value in row.items() if not isinstance(value, (list, dict)))
            print("sampling_bench: " + ", ".join(shown), flush=True)

        write({"kind": "config", "source": setup.source, "model_config": setup.model.config.to_dict(),
               "params": sum(p.numel() for p in setup.model.parameters()), "precision": setup.precision,
               "data": {"name": setup.data_name, "params": setup.data_params}})
        for mode in args.modes:
            try:
                write(time_mode(mode, setup, args, device))
            except (RuntimeError, ValueError) as err:  # a compile failure or an OOM must not lose the other rows
                failed += 1
                write({"kind": "timing", "mode": mode, "error": f"{type(err).__name__}: {str(err).strip()[:300]}"})
            release_memory(device)
        if args.run is not None and args.psnr_clips > 0:
            for row in quality_rows(setup, args, device):
                write(row)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
