"""Data-parallel scaling of the training engine: torchrun on N GPUs against one GPU at the same global batch (issue 8).

Three arms train an experiment config (default mmnist_cond) with vdiff.train.Trainer from one seed:
    ddp      torchrun --standalone --nproc_per_node N, per-GPU batch G/N, --steps steps
    single   one process on one GPU, batch G, --steps steps
    resume   a copy of the ddp arm's run folder continued on one GPU, batch G, to --steps + --resume-steps
The engine draws each clip's timestep, mask and noise from (seed, step, global position) and the loader
interleaves ranks, so ddp and single see the same clips with the same randomness: their loss curves part
only through floating-point reduction order. The bench reports each arm's clips/s (from log.jsonl, after
the first --skip steps of cuDNN autotuning and warm-up), peak allocated memory per GPU, the scaling
efficiency ddp / (N x single) against 0.90, the loss curves' gap against their own window-to-window noise,
and whether the resume arm started from the ddp checkpoint. One JSON line per arm, then a summary, go to
--out as soon as known. The resume arm's folder holds config.yaml and checkpoints, so
bench/sampling_bench.py --run can sample it. NVLink multicast stays off (NCCL_NVLS_ENABLE=0,
TORCH_SYMM_MEM_DISABLE_MULTICAST=1) in every process started here.

    python bench/ddp_bench.py --out ddp.jsonl --work /tmp/ddp           # 2 GPUs, 200 steps at global batch 32
    python bench/ddp_bench.py --tiny --out /tmp/ddp.jsonl --work /tmp/d  # 2 gloo processes on the CPU, seconds
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from a bare checkout, where vdiff is not installed
sys.path.insert(0, str(ROOT / "bench"))

from model_bench import git_commit, significant  # noqa: E402
from experiments.config import dump_config, load_config  # noqa: E402
from experiments.report import write_json_atomic, write_text_atomic  # noqa: E402
from experiments.runner import build_trainer  # noqa: E402
from vdiff.distributed import destroy_distributed, gather_objects  # noqa: E402

NO_MULTICAST = {"NCCL_NVLS_ENABLE": "0", "TORCH_SYMM_MEM_DISABLE_MULTICAST": "1", "NVSHMEM_DISABLE_NVLS": "1"}
TINY_SET = ["model.model_channels=8", "model.channel_mult=[1,2]", "model.attention_resolutions=[4]",
            "model.image_size=8", "data.params.image_size=8", "data.params.frames=4", "data.params.num_clips=64",
            "sample.tasks=[]", "train.device=cpu", "train.workers=0"]
RESULT = "bench.json"  # the worker's result in its run folder


def worker(args: argparse.Namespace) -> None:
    """One training process (a torchrun rank or a plain process): train, then record timing and memory."""
    run_dir = Path(args.run_dir)
    overrides = [*args.set, f"train.batch_size={args.batch}", f"train.steps={args.steps}", "train.max_minutes=0",
                 f"train.log_every={args.log_every}", f"train.checkpoint_every={args.steps}",
                 "train.keep_checkpoints=1", "train.resume=auto"]
    cfg = load_config(args.config, overrides)
    run_dir.mkdir(parents=True, exist_ok=True)
    trainer = build_trainer(cfg, run_dir, quiet=args.quiet)  # the same initial weights in every arm
    if trainer.env.is_main:
        write_text_atomic(run_dir / "config.yaml", dump_config(cfg))  # a run folder sampling_bench can open
    summary = trainer.fit()
    cuda = trainer.device.type == "cuda"
    peak = torch.cuda.max_memory_allocated(trainer.device) / 2**30 if cuda else None
    peaks = gather_objects(peak, trainer.env)
    name = torch.cuda.get_device_name(trainer.device) if cuda else "cpu"
    if trainer.env.is_main:
        write_json_atomic(run_dir / RESULT, {**summary, "peak_alloc_gib": peaks, "device": name})
    destroy_distributed()


def read_log(run_dir: Path) -> list[dict]:
    """The run's log.jsonl records (rank 0's, one per log window)."""
    lines = (run_dir / "log.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def steady_rate(log: list[dict], global_batch: int, skip: int) -> float:
    """Clips/s between the first log record at or after `skip` steps and the last record."""
    after = [r for r in log if r["step"] >= skip]
    if len(after) < 2:
        raise ValueError(f"--skip {skip}: expected at least two log records after it, got {len(after)}")
    first, last = after[0], after[-1]
    return (last["step"] - first["step"]) * global_batch / (last["elapsed_s"] - first["elapsed_s"])


def loss_agreement(a: list[dict], b: list[dict]) -> dict:
    """Relative gap |a - b| / b of two runs' window losses, against b's own window-to-window noise."""
    losses_a = {r["step"]: r["loss"] for r in a if r["loss"] is not None}
    pairs = [(losses_a[r["step"]], r["loss"]) for r in b if r["loss"] is not None and r["step"] in losses_a]
    gaps = [abs(x - y) / y for x, y in pairs]
    ref = [y for _, y in pairs]
    noise = statistics.median(abs(y1 - y0) / y0 for y0, y1 in zip(ref, ref[1:])) if len(ref) > 2 else None
    mean_gap = statistics.fmean(gaps) if gaps else None
    agree = None if noise is None or mean_gap is None else mean_gap <= noise
    return {"windows": len(pairs), "mean_gap": mean_gap, "max_gap": max(gaps, default=None),
            "noise": noise, "agree": agree}


def launch(args: argparse.Namespace, run_dir: Path, *, nproc: int, batch: int, steps: int) -> dict:
    """Run one arm as child processes (torchrun when nproc > 1); returns its row for --out."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--run-dir", str(run_dir),
           "--config", str(args.config), "--batch", str(batch), "--steps", str(steps),
           "--log-every", str(args.log_every), *(f"--set={s}" for s in args.set)]
    if args.quiet:
        cmd.append("--quiet")
    if nproc > 1:
        cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}", *cmd[1:]]
    env = {**os.environ, **NO_MULTICAST, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    if nproc == 1 and not args.tiny:
        env["CUDA_VISIBLE_DEVICES"] = env.get("CUDA_VISIBLE_DEVICES", "0").split(",")[0]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True)
    result = json.loads((run_dir / RESULT).read_text(encoding="utf-8"))
    log = read_log(run_dir)
    rate = steady_rate(log, result["global_batch"], args.skip)
    return {
        "world_size": result["world_size"], "batch": result["batch"], "global_batch": result["global_batch"],
        "steps": result["steps"], "clips_per_s": significant(rate),
        "ms_per_step": significant(1000 * result["global_batch"] / rate),
        "peak_alloc_gib": [None if p is None else significant(p) for p in result["peak_alloc_gib"]],
        "final_loss": result["final_loss"], "precision": result["precision"], "device": result["device"],
        "process_wall_s": round(time.perf_counter() - start, 1), "resumed_from": result["resumed_from"],
        "losses": [[r["step"], r["loss"]] for r in log],
    }


def drive(args: argparse.Namespace) -> dict:
    """The three arms in turn, each row appended to --out as soon as measured; returns the summary."""
    work = Path(args.work)
    if work.exists():
        shutil.rmtree(work)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("", encoding="utf-8")
    common = {"config": str(args.config), "torch": torch.__version__, "git_commit": git_commit()}

    def write(row: dict) -> None:
        with args.out.open("a", encoding="utf-8") as file:
            file.write(json.dumps({**common, **row}) + "\n")

    n, batch = args.gpus, args.global_batch
    if batch % n:
        raise ValueError(f"--global-batch: expected a multiple of --gpus {n}, got {batch}")
    rows = {}
    for arm, nproc, arm_batch, steps in (("ddp", n, batch // n, args.steps), ("single", 1, batch, args.steps)):
        rows[arm] = launch(args, work / arm, nproc=nproc, batch=arm_batch, steps=steps)
        write({"arm": arm, **rows[arm]})
    shutil.copytree(work / "ddp", work / "resume")
    (work / "resume" / RESULT).unlink()
    rows["resume"] = launch(args, work / "resume", nproc=1, batch=batch, steps=args.steps + args.resume_steps)
    write({"arm": "resume", **rows["resume"]})
    efficiency = rows["ddp"]["clips_per_s"] / (n * rows["single"]["clips_per_s"])
    resumed = rows["resume"]["resumed_from"] or ""
    summary = {
        "kind": "summary", "gpus": n, "global_batch": batch,
        "scaling_efficiency": round(efficiency, 3), "efficiency_target": 0.90, "efficiency_met": efficiency >= 0.90,
        "losses": loss_agreement(read_log(work / "ddp"), read_log(work / "single")),
        "resume": {"from": Path(resumed).name or None, "to_step": rows["resume"]["steps"],
                   "ok": f"ckpt-{args.steps:08d}" in resumed
                   and rows["resume"]["steps"] == args.steps + args.resume_steps},
    }
    write(summary)
    return summary


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring); --tiny fills CPU-sized defaults."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="JSON-lines file of the rows (written afresh)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/vdiff-ddp-bench"), help="run folders (emptied first)")
    parser.add_argument("--config", type=Path, help="experiment config (default mmnist_cond; --tiny demo_cpu)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override")
    parser.add_argument("--gpus", type=int, help="processes of the ddp arm (default: the visible GPUs; --tiny 2)")
    parser.add_argument("--global-batch", type=int, help="clips per step over all ranks (default 32; --tiny 4)")
    parser.add_argument("--steps", type=int, help="steps of the ddp and single arms (default 200; --tiny 6)")
    parser.add_argument("--resume-steps", type=int, help="steps the resume arm adds (default 20; --tiny 2)")
    parser.add_argument("--skip", type=int, help="first steps left out of clips/s (default 50; --tiny 2)")
    parser.add_argument("--log-every", type=int, help="log window in steps (default 10; --tiny 1)")
    parser.add_argument("--tiny", action="store_true", help="a tiny UNet, 2 gloo processes on the CPU")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tiny = args.tiny
    if tiny and not args.worker:
        args.set = [*TINY_SET, *args.set]
    if args.config is None:
        args.config = ROOT / "experiments/configs" / ("demo_cpu.yaml" if tiny else "mmnist_cond.yaml")
    for name, full, small in (("global_batch", 32, 4), ("steps", 200, 6), ("resume_steps", 20, 2),
                              ("skip", 50, 2), ("log_every", 10, 1)):
        if getattr(args, name) is None:
            setattr(args, name, small if tiny else full)
    if args.gpus is None:
        args.gpus = 2 if tiny else torch.cuda.device_count()
    if not args.worker and args.out is None:
        parser.error("--out is required")
    if not args.worker and args.gpus < 2:
        parser.error(f"--gpus: expected at least 2 processes for the ddp arm, got {args.gpus}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Worker or driver; the driver prints the summary line."""
    args = parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    print(json.dumps(drive(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
