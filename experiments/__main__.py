"""python -m experiments run CONFIG.yaml | sample RUN_DIR | eval RUN_DIR | list (see --help)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from experiments.config import ConfigError, TaskConfig, load_config
from experiments.rundir import RUNS_DIR, create_run_all_ranks, list_runs, open_run
from experiments.runner import reevaluate, run, sample_adhoc


def _parser() -> argparse.ArgumentParser:
    """The four sub-commands and their flags."""
    parser = argparse.ArgumentParser(prog="python -m experiments", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser(
        "run", help="train, sample every task, evaluate, write the run folder"
    )
    run_cmd.add_argument("config", nargs="?", type=Path, help="experiments/configs/NAME.yaml")
    run_cmd.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config field, e.g. train.lr=3e-4 (repeatable)",
    )
    run_cmd.add_argument(
        "--out", type=Path, default=RUNS_DIR, help="folder that receives the run folder"
    )
    run_cmd.add_argument("--resume", type=Path, metavar="RUN_DIR", help="continue a stopped run")
    run_cmd.add_argument("--quiet", action="store_true", help="no progress bars or messages")
    sample_cmd = commands.add_parser("sample", help="sample one task from a trained run")
    sample_cmd.add_argument("run_dir", type=Path)
    sample_cmd.add_argument(
        "--task", choices=("predict", "infill", "generate", "long"), default="predict"
    )
    sample_cmd.add_argument(
        "--given", default="0", help="given frame indices, comma separated ('' for none)"
    )
    sample_cmd.add_argument("--n", type=int, default=8, help="test clips, one sample each")
    sample_cmd.add_argument(
        "--frames", type=int, default=0, help="clip length (total length for long)"
    )
    sample_cmd.add_argument(
        "--out", type=Path, help="output folder (default RUN_DIR/adhoc/<task>-<given>)"
    )
    sample_cmd.add_argument("--quiet", action="store_true")
    eval_cmd = commands.add_parser(
        "eval", help="sample and score a trained run again, rewrite run.json"
    )
    eval_cmd.add_argument("run_dir", type=Path)
    eval_cmd.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override sample.* or eval.* fields, e.g. eval.i3d_weights=i3d.pt",
    )
    eval_cmd.add_argument("--quiet", action="store_true")
    list_cmd = commands.add_parser(
        "list", help="table of runs: id, status, data, steps, headline metric"
    )
    list_cmd.add_argument("--runs", type=Path, default=RUNS_DIR)
    return parser


def _adhoc_task(args: argparse.Namespace) -> TaskConfig:
    """The TaskConfig the sample command's flags describe."""
    try:
        given = [int(part) for part in args.given.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(f"--given {args.given}: expected comma-separated frame indices") from None
    name = f"{args.task}-" + ("-".join(str(i) for i in given) or "none")
    if args.task in ("predict", "long"):
        if given != list(range(len(given))) or not given:
            raise ConfigError(
                f"--given {args.given}: {args.task} needs the first k frames (0,1,...,k-1); "
                "use --task infill"
            )
        if args.task == "long":
            if args.frames <= len(given):
                raise ConfigError(
                    f"--frames {args.frames}: long needs the total length, "
                    f"more than the {len(given)} given"
                )
            return TaskConfig(
                name=name,
                kind="long",
                given=len(given),
                total_frames=args.frames,
                clips=args.n,
                samples=1,
            )
        return TaskConfig(
            name=name, kind="predict", given=len(given), frames=args.frames, clips=args.n, samples=1
        )
    if args.task == "infill":
        return TaskConfig(
            name=name, kind="infill", indices=given, frames=args.frames, clips=args.n, samples=1
        )
    return TaskConfig(name="generate", kind="generate", frames=args.frames, clips=args.n, samples=1)


def _run(args: argparse.Namespace) -> int:
    """`run`: a new run folder from CONFIG, or --resume an existing one; returns the exit code."""
    if args.resume is not None:
        if args.config is not None or args.overrides:
            raise ConfigError(
                "--resume RUN_DIR: the run's own config.yaml is used; drop CONFIG and --set"
            )
        cfg, source = open_run(args.resume)
        run_dir = args.resume
    else:
        if args.config is None:
            raise ConfigError("run: expected CONFIG.yaml or --resume RUN_DIR")
        cfg = load_config(args.config, args.overrides)
        run_dir = create_run_all_ranks(cfg, args.config, args.out)
        _, source = open_run(run_dir)
    print(f"run folder: {run_dir}", file=sys.stderr, flush=True)
    path = run(cfg, run_dir, source, quiet=args.quiet)
    if path is not None:
        print(path)
    return 0


def _list(args: argparse.Namespace) -> int:
    """`list`: one aligned row per run folder."""
    rows = list_runs(args.runs) if args.runs.is_dir() else []
    header = {
        "id": "id",
        "status": "status",
        "data": "data",
        "steps": "steps",
        "headline": "headline",
    }
    widths = {key: max(len(str(row[key])) for row in [header, *rows]) for key in header}
    for row in [header, *rows]:
        print("  ".join(str(row[key]).ljust(widths[key]) for key in header).rstrip())
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, dispatch, and print user errors as one line (exit 1)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "sample":
            task = _adhoc_task(args)
            out = args.out or args.run_dir / "adhoc" / task.name
            sample_adhoc(args.run_dir, task, out=out, quiet=args.quiet)
            return 0
        if args.command == "eval":
            print(reevaluate(args.run_dir, args.overrides, quiet=args.quiet))
            return 0
        return _list(args)
    except (
        ValueError
    ) as exc:  # ConfigError, DataError and vdiff's config errors: one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped; continue with: python -m experiments run --resume RUN_DIR", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
