"""bf16 autocast against fp32 training on Moving MNIST: loss curves from one seed and their gap (issue 10).

Trainers (vdiff.train) start from the same initial weights and step in lockstep on the same batches,
timesteps, noise and masks:
    fp32   PyTorch's defaults (TF32 convolutions, strict fp32 matmuls and attention; --strict-fp32 turns
           TF32 off for convolutions too)
    bf16   bf16 autocast with fp32 master weights and fp32 AdamW state (the engine's "bf16" precision)
    twin   the fp32 arm again with every initial weight moved up by one ulp (torch.nextafter): how far two
           runs drift apart from rounding-level differences alone, the floor any change of arithmetic
           meets (--no-twin leaves it out)
Each step's losses go to --out as one JSON line as soon as all arms have them, with each curve's EMA
(alpha 0.05) and the smoothed relative gaps to fp32: "gap" (bf16) and "gap_twin". Every --eval-every steps
each arm's weights are also scored on one fixed held-out batch (--eval-clips test clips, timesteps spread
evenly over [0, T), fixed noise and masks, in the arm's own precision): a loss curve with no batch-to-batch
noise in it ("eval" rows). A summary line ends the file: the largest |gap| over the last --window steps
against the 2% target, the same for the twin and for the held-out curves.

The default batch is 16, the blog's runs' batch: at batch 4 a single batch of mostly small timesteps
moves a 20-step EMA by several percent once the arms' weights differ, so the smoothed gap measures that
batch noise more than precision (bench/results/precision_h100_b4.jsonl: batch 4, largest gap 10%, mean loss
gap 0.07%).

Model presets: "mc64" (default: the reference UNet with model_channels 64 and one grey channel, about a
quarter of the reference's FLOPs), "reference" (UNetConfig() itself on 3-channel clips), "tiny" (--tiny:
8x8 frames on the CPU, seconds).

    python bench/precision_bench.py --out precision.jsonl                 # mc64, 300 steps, batch 16, CUDA
    python bench/precision_bench.py --out precision.jsonl --batch 4 --no-twin
    python bench/precision_bench.py --tiny --out /tmp/precision.jsonl
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from a bare checkout, where vdiff is not installed
sys.path.insert(0, str(ROOT / "bench"))

from model_bench import describe_device, git_commit, precision_autocast  # noqa: E402
from vdiff.data import build_dataset  # noqa: E402
from vdiff.data.loader import collate_clips  # noqa: E402
from vdiff.diffusion import DiffusionConfig, GaussianDiffusion  # noqa: E402
from vdiff.masking import sample_train_mask  # noqa: E402
from vdiff.train import TrainConfig, Trainer  # noqa: E402
from vdiff.unet import UNet3D, UNetConfig  # noqa: E402

ALPHA = 0.05  # EMA weight of each new loss in the smoothed curves
TARGET_GAP = 0.02  # issue 10: the smoothed bf16 curve stays within 2% of fp32's
ARMS = {"fp32": "fp32", "bf16": "bf16", "twin": "fp32"}  # arm -> training precision
COMPARED = {"gap": "bf16", "gap_twin": "twin"}  # gap field -> the arm set against fp32
MODELS = {
    "reference": dict(model=dict(), data=dict(channels=3)),
    "mc64": dict(model=dict(model_channels=64, in_channels=1, out_channels=1), data=dict(channels=1)),
    "tiny": dict(model=dict(image_size=8, model_channels=8, channel_mult=(1, 2), attention_resolutions=(4,),
                            num_heads=2, in_channels=1, out_channels=1),
                 data=dict(image_size=8, digit_size=4, num_clips=256, channels=1)),
}


def ema_step(value: float | None, loss: float | None, alpha: float = ALPHA) -> float | None:
    """One update of a loss curve's EMA, which starts at the first loss; a skipped step (None) changes nothing."""
    if loss is None:
        return value
    return loss if value is None else (1 - alpha) * value + alpha * loss


def smooth(losses: Sequence[float | None], alpha: float = ALPHA) -> list[float | None]:
    """The EMA of a whole loss curve, step by step."""
    smoothed, value = [], None
    for loss in losses:
        value = ema_step(value, loss, alpha)
        smoothed.append(value)
    return smoothed


def relative_gap(other: float | None, fp32: float | None) -> float | None:
    """(other - fp32) / fp32 of two (smoothed) losses, None while either is unknown."""
    if other is None or fp32 is None or fp32 == 0:
        return None
    return (other - fp32) / fp32


def summarize(gaps: Sequence[float | None], *, window: int) -> dict:
    """Largest and mean |gap| over the last `window` entries (all of them when fewer), against TARGET_GAP."""
    tail = [abs(g) for g in gaps[-window:] if g is not None]
    if not tail:
        return {"window": window, "max_abs_gap": None, "mean_abs_gap": None, "target": TARGET_GAP, "pass": False}
    worst = max(tail)
    return {"window": min(window, len(gaps)), "max_abs_gap": round(worst, 6),
            "mean_abs_gap": round(sum(tail) / len(tail), 6), "target": TARGET_GAP, "pass": worst <= TARGET_GAP}


def mean_loss_gap(other: list[float | None], fp32: list[float | None], *, window: int) -> float | None:
    """(mean other loss - mean fp32 loss) / mean fp32 loss over the last `window` steps both arms took: a bias
    between the arms shows here, while the smoothed gap also carries single batches' noise."""
    pairs = [(o, f) for o, f in zip(other[-window:], fp32[-window:]) if o is not None and f is not None]
    total = sum(f for _, f in pairs)
    return round(sum(o for o, _ in pairs) / total - 1, 6) if pairs and total else None


def nudge_one_ulp(model: torch.nn.Module) -> None:
    """Move every parameter to the next float up: the smallest change fp32 can make to the weights."""
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.nextafter(p, torch.full_like(p, math.inf)))


def make_trainer(arm: str, cfg: UNetConfig, dataset, args: argparse.Namespace, run_dir: Path) -> Trainer:
    """A Trainer for `arm` on a model initialised from args.seed (the same weights for every arm, but the twin's)."""
    torch.manual_seed(args.seed)
    model = UNet3D(cfg)
    if arm == "twin":
        nudge_one_ulp(model)
    train_cfg = TrainConfig(steps=args.steps, batch_size=args.batch, lr=args.lr, precision=ARMS[arm],
                            checkpoint_every=0, resume="never", seed=args.seed, device=args.device,
                            nan_patience=args.steps + 1)
    return Trainer(train_cfg, model, GaussianDiffusion(DiffusionConfig()), dataset, run_dir=run_dir, quiet=True)


def set_fp32_math(device: torch.device, *, strict: bool) -> None:
    """PyTorch's defaults for fp32 (the Trainer turns TF32 matmuls on): strict matmuls, TF32 convs unless strict."""
    torch.set_float32_matmul_precision("highest")
    if device.type == "cuda":
        torch.backends.cudnn.allow_tf32 = not strict


@dataclass(frozen=True)
class EvalBatch:
    """One fixed held-out batch: clips [N, C, T, H, W], timesteps [N], masks [N, T] and noise, all on the device."""

    x0: torch.Tensor
    t: torch.Tensor
    mask: torch.Tensor
    noise: torch.Tensor


def make_eval_batch(dataset, clips: int, trainer: Trainer, seed: int) -> EvalBatch:
    """The first `clips` clips of `dataset` with timesteps spread evenly over [0, T) and seeded masks and noise."""
    device, cfg = trainer.device, trainer.cfg
    x0 = collate_clips([dataset[i] for i in range(clips)]).to(device)
    steps = trainer.diffusion.num_timesteps
    t = torch.linspace(0, steps - 1, clips).round().long().to(device)
    gen = torch.Generator().manual_seed(seed)
    mask = sample_train_mask(clips, x0.shape[2], max_given=cfg.max_given, p_uncond=cfg.p_uncond,
                             prefix_only=cfg.prefix_only, generator=gen, device=device)
    noise = torch.randn(x0.shape, generator=gen).to(device)
    return EvalBatch(x0, t, mask, noise)


@torch.no_grad()
def eval_loss(trainer: Trainer, batch: EvalBatch, *, chunk: int) -> float:
    """Mean loss of the trainer's current weights on `batch`, in its own precision, `chunk` clips at a time."""
    total = torch.zeros((), device=trainer.device)
    for start in range(0, batch.x0.shape[0], chunk):
        part = slice(start, start + chunk)
        with precision_autocast(trainer.device, trainer.precision):
            losses = trainer.diffusion.training_losses(trainer.model, batch.x0[part], batch.mask[part],
                                                       t=batch.t[part], noise=batch.noise[part])
        total += losses["loss"].float().sum()
    return total.item() / batch.x0.shape[0]


def lockstep(trainers: dict[str, Trainer], steps: int, evaluate, every: int) -> Iterator[dict]:
    """Step each trainer once per step; yield {"step", "<arm>": {"loss", ...}, "<arm>_s"} and, every `every`
    steps (and before the first), {"step", "eval": {arm: held-out loss}}."""
    for step in range(0, steps + 1):
        if step:
            row: dict = {"step": step}
            for arm, trainer in trainers.items():
                start = time.perf_counter()
                trainer.train_step()
                row[arm] = trainer.stats.fetch()  # this step's loss and gradient norm: one host sync
                trainer.stats.reset_window()
                row[f"{arm}_s"] = time.perf_counter() - start
            yield row
        if every and (step % every == 0 or step == steps):
            yield {"step": step, "eval": {arm: evaluate(trainer) for arm, trainer in trainers.items()}}


def run(args: argparse.Namespace, write) -> dict:
    """Train the arms in lockstep, writing a row per step through `write`; returns the summary row."""
    device = torch.device(args.device)
    preset = MODELS[args.model]
    cfg = UNetConfig(**preset["model"])
    data_params = {"frames": args.frames, **preset["data"]}
    dataset = build_dataset("moving_mnist", data_params, split="train", seed=args.seed)
    arms = [arm for arm in ARMS if arm != "twin" or args.twin]
    with tempfile.TemporaryDirectory(prefix="precision_bench-") as tmp:
        trainers = {arm: make_trainer(arm, cfg, dataset, args, Path(tmp) / arm) for arm in arms}
        set_fp32_math(device, strict=args.strict_fp32)
        held_out = build_dataset("moving_mnist", data_params, split="test", seed=args.seed)
        batch = make_eval_batch(held_out, args.eval_clips, trainers["fp32"], args.seed) if args.eval_every else None
        write({"kind": "config", "model": args.model, "model_config": cfg.to_dict(), "data": data_params,
               "params": sum(p.numel() for p in trainers["fp32"].model.parameters()), "steps": args.steps,
               "batch": args.batch, "lr": args.lr, "seed": args.seed, "alpha": ALPHA,
               "fp32_convs": "fp32" if args.strict_fp32 or device.type != "cuda" else "tf32",
               "fp32_matmuls": "fp32", "precisions": {arm: t.precision for arm, t in trainers.items()},
               "twin": "fp32, every initial weight one ulp up" if args.twin else None,
               "eval_every": args.eval_every, "eval_clips": args.eval_clips if args.eval_every else 0})
        rows = lockstep(trainers, args.steps, lambda trainer: eval_loss(trainer, batch, chunk=args.batch),
                        args.eval_every)
        return _record(rows, arms, args, write)


def _gaps(values: dict[str, float | None]) -> dict[str, float | None]:
    """{"gap": bf16 vs fp32, "gap_twin": twin vs fp32} of one step's values, for the arms present."""
    return {name: relative_gap(values[arm], values["fp32"]) for name, arm in COMPARED.items() if arm in values}


def _record(rows: Iterator[dict], arms: list[str], args: argparse.Namespace, write) -> dict:
    """Write each lockstep row with the curves' EMAs and their gaps; returns the summary row."""
    smoothed: dict[str, float | None] = {arm: None for arm in arms}
    seconds: dict[str, list[float]] = {arm: [] for arm in arms}
    losses: dict[str, list[float | None]] = {arm: [] for arm in arms}
    gaps: dict[str, list[float | None]] = {name: [] for name, arm in COMPARED.items() if arm in arms}
    evals: list[dict] = []
    for row in rows:
        if "eval" in row:
            evals.append({"kind": "eval", "step": row["step"],
                          **{f"eval_loss_{arm}": loss for arm, loss in row["eval"].items()},
                          **{f"eval_{name}": gap for name, gap in _gaps(row["eval"]).items()}})
            write(evals[-1])
            continue
        out = {"kind": "step", "step": row["step"]}
        for arm in arms:
            loss = row[arm]["loss"]  # None when the step was skipped (non-finite gradient)
            smoothed[arm] = ema_step(smoothed[arm], loss)
            seconds[arm].append(row[f"{arm}_s"])
            losses[arm].append(loss)
            out.update({f"loss_{arm}": loss, f"grad_norm_{arm}": row[arm]["grad_norm"],
                        f"smoothed_{arm}": smoothed[arm]})
        for name, gap in _gaps(smoothed).items():
            gaps[name].append(gap)
            out[name] = gap
        write(out)
    return {"kind": "summary", **summarize(gaps["gap"], window=args.window), "steps": len(gaps["gap"]),
            **_side_figures(arms, gaps, losses, evals, seconds, smoothed, args)}


def _side_figures(arms, gaps, losses, evals, seconds, smoothed, args) -> dict:
    """The summary's other figures: the bias, the twin's and the held-out curves' gaps, and each arm's speed."""
    figures = {f"mean_loss_gap{name[3:]}": mean_loss_gap(losses[COMPARED[name]], losses["fp32"], window=args.window)
               for name in gaps}
    if "gap_twin" in gaps:
        twin = summarize(gaps["gap_twin"], window=args.window)
        figures["max_abs_gap_twin"], figures["mean_abs_gap_twin"] = twin["max_abs_gap"], twin["mean_abs_gap"]
    judged = [row for row in evals if row["step"] > args.steps - args.window]
    for name in gaps:
        tail = summarize([row[f"eval_{name}"] for row in judged], window=len(judged) or 1)
        figures[f"eval_max_abs_{name}"], figures[f"eval_mean_abs_{name}"] = tail["max_abs_gap"], tail["mean_abs_gap"]
    for arm in arms:
        timed = seconds[arm][1:] or seconds[arm]  # the first step carries cuDNN's autotuning
        figures[f"ms_per_step_{arm}"] = round(1000 * sum(timed) / max(len(timed), 1), 2)
        figures[f"final_smoothed_{arm}"] = smoothed[arm]
    return figures


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="JSON-lines file (written afresh, flushed per step)")
    parser.add_argument("--rescore", type=Path, metavar="FILE",
                        help="no training: the gaps of FILE's curves (an earlier --out) under each --alphas smoothing")
    parser.add_argument("--alphas", default="0.05,0.02,0.01", help="EMA weights for --rescore (comma-separated)")
    parser.add_argument("--model", choices=sorted(MODELS), help="model preset (default mc64; --tiny: tiny)")
    parser.add_argument("--steps", type=int, help="optimizer steps per arm (default 300; --tiny 12)")
    parser.add_argument("--window", type=int, default=200, help="steps at the end over which the gap is judged")
    parser.add_argument("--batch", type=int, default=16, help="clips per step")
    parser.add_argument("--frames", type=int, help="frames per clip (default 20; --tiny 4)")
    parser.add_argument("--lr", type=float, default=1e-4, help="AdamW learning rate")
    parser.add_argument("--seed", type=int, default=0, help="weights, data, noise: the same for every arm")
    parser.add_argument("--strict-fp32", action="store_true", help="fp32 arms without TF32 convolutions either")
    parser.add_argument("--no-twin", dest="twin", action="store_false", help="leave the one-ulp fp32 twin out")
    parser.add_argument("--eval-every", type=int, default=10, help="steps between held-out scores (0: none)")
    parser.add_argument("--eval-clips", type=int, default=64, help="clips in the held-out batch")
    parser.add_argument("--tiny", action="store_true", help="the tiny preset on the CPU, 12 steps")
    parser.add_argument("--device", help="cuda or cpu (default: cuda when available, cpu with --tiny)")
    args = parser.parse_args(argv)
    if (args.out is None) == (args.rescore is None):
        parser.error("expected one of --out FILE (train the arms) or --rescore FILE (score an earlier run)")
    try:
        args.alphas = [float(item) for item in args.alphas.split(",") if item.strip()]
    except ValueError:
        parser.error(f"--alphas: expected comma-separated numbers in (0, 1], got {args.alphas!r}")
    if not args.alphas or not all(0 < alpha <= 1 for alpha in args.alphas):
        parser.error(f"--alphas: expected comma-separated numbers in (0, 1], got {args.alphas}")
    args.model = args.model or ("tiny" if args.tiny else "mc64")
    args.steps = args.steps if args.steps is not None else (12 if args.tiny else 300)
    args.frames = args.frames if args.frames is not None else (4 if args.tiny else 20)
    for name in ("steps", "window", "batch", "frames", "eval_clips"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')}: expected an int >= 1, got {getattr(args, name)}")
    if args.eval_every < 0:
        parser.error(f"--eval-every: expected an int >= 0, got {args.eval_every}")
    args.device = args.device or ("cuda" if torch.cuda.is_available() and not args.tiny else "cpu")
    return args


def rescore(path: Path, alphas: Sequence[float], *, window: int) -> list[dict]:
    """Each arm's largest and mean |gap| to fp32 over the last `window` steps of `path`'s curves, smoothed with
    each of `alphas`: how much of a gap is the smoothing window's batch noise rather than the arithmetic."""
    try:
        lines = path.read_text().splitlines()
    except OSError as err:
        raise ValueError(f"{path}: cannot read it ({err.strerror})") from err
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{number}: expected a JSON object (a line of an earlier --out), "
                             f"got {line[:40]!r} ({err.msg})") from err
    steps = [row for row in rows if row.get("kind") == "step"]
    if not steps:
        raise ValueError(f"{path}: expected step rows (kind: step), found none")
    losses = {arm: [row.get(f"loss_{arm}") for row in steps] for arm in ARMS if f"loss_{arm}" in steps[0]}
    results = []
    for alpha in alphas:
        smoothed = {arm: smooth(curve, alpha) for arm, curve in losses.items()}
        for name, arm in COMPARED.items():
            if arm in smoothed:
                gaps = [relative_gap(o, f) for o, f in zip(smoothed[arm], smoothed["fp32"])]
                results.append({"alpha": alpha, "arm": arm, **summarize(gaps, window=window)})
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the arms, append every row to --out as it comes; 0 when the bf16 gap meets the target, else 1.
    With --rescore, print the gaps of an earlier run under other smoothings instead (0, or 2 on bad input)."""
    args = parse_args(argv)
    if args.rescore:
        try:
            results = rescore(args.rescore, args.alphas, window=args.window)
        except ValueError as err:
            print(f"precision_bench: {err}", file=sys.stderr)
            return 2
        print(f"{'alpha':>6} {'arm':>5} {'max |gap|':>10} {'mean |gap|':>11}  (last {args.window} steps of {args.rescore})")
        for row in results:
            print(f"{row['alpha']:>6} {row['arm']:>5} {row['max_abs_gap']:>10.2%} {row['mean_abs_gap']:>11.2%}")
        return 0
    env = {"device": describe_device(torch.device(args.device)), "torch": torch.__version__,
           "git_commit": git_commit()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with args.out.open("w") as f:
        def write(row: dict) -> None:
            f.write(json.dumps({**row, **env} if row["kind"] in ("config", "summary") else row) + "\n")
            f.flush()
            if row["kind"] == "step" and (row["step"] % 50 == 0 or row["step"] == args.steps):
                twin = f", twin gap {row['gap_twin']:+.2%}" if "gap_twin" in row else ""
                print(f"step {row['step']}: fp32 {row['smoothed_fp32']:.4f}, bf16 {row['smoothed_bf16']:.4f}, "
                      f"gap {row['gap']:+.2%}{twin} ({time.perf_counter() - started:.0f} s)", flush=True)

        arms = len(ARMS) if args.twin else len(ARMS) - 1
        print(f"precision_bench: {args.model} on {env['device']}, {args.steps} steps x {arms} arms at batch "
              f"{args.batch} -> {args.out}", flush=True)
        summary = run(args, write)
        summary["wall_s"] = round(time.perf_counter() - started, 1)
        write(summary)
    twin = f", twin {summary['max_abs_gap_twin']}" if args.twin else ""
    print(f"precision_bench: max |gap| over the last {args.window} steps {summary.get('max_abs_gap')}{twin} "
          f"(target {TARGET_GAP}): {'pass' if summary['pass'] else 'FAIL'}", flush=True)
    return 0 if summary["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
