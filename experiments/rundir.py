"""Run folders: create one (config.yaml + where it came from), reopen one, list them.

A run folder is complete only when its run.json exists; checkpoints/ (git-ignored) holds the
training checkpoints, the sample cache, source.json and train.json until then.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from experiments.config import ConfigError, RunConfig, dump_config, load_config
from experiments.report import headline, write_json_atomic, write_text_atomic
from vdiff.checkpoint import CHECKPOINT_DIR, list_checkpoints
from vdiff.distributed import gather_objects, init_distributed, read_env, select_device

REPO_ROOT = Path(__file__).resolve().parents[1]
RUNS_DIR = REPO_ROOT / "experiments" / "runs"
# where the run came from (until run.json says it) and the training time summed over resumes
SOURCE_FILE = Path(CHECKPOINT_DIR) / "source.json"
TRAIN_FILE = Path(CHECKPOINT_DIR) / "train.json"


def repo_relative(path: Path) -> str:
    """`path` relative to the repository root when inside it, else absolute (POSIX form)."""
    path = Path(path).resolve()
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def create_run(
    cfg: RunConfig, config_path: Path, out_dir: Path, *, now: datetime | None = None
) -> Path:
    """A new run folder <out_dir>/<config name>-<yyyymmdd-hhmmss>[-n] with config.yaml and source."""
    now = now or datetime.now(timezone.utc)
    base = f"{Path(config_path).stem}-{now:%Y%m%d-%H%M%S}"
    run_dir, n = Path(out_dir) / base, 1
    while run_dir.exists():
        n += 1
        run_dir = Path(out_dir) / f"{base}-{n}"
    (run_dir / CHECKPOINT_DIR).mkdir(parents=True)
    write_text_atomic(run_dir / "config.yaml", dump_config(cfg))
    source = {
        "id": run_dir.name,
        "created": now.isoformat(timespec="seconds"),
        "config_path": repo_relative(config_path),
        "config_files": {
            repo_relative(config_path): hashlib.sha256(Path(config_path).read_bytes()).hexdigest()
        },
    }
    write_json_atomic(run_dir / SOURCE_FILE, source)
    return run_dir


def create_run_all_ranks(cfg: RunConfig, config_path: Path, out_dir: Path) -> Path:
    """create_run in one process; under torchrun rank 0 creates it and every rank gets its path."""
    env = read_env()
    if not env.distributed:
        return create_run(cfg, config_path, out_dir)
    init_distributed(env, select_device(env, cfg.train.device))
    made = str(create_run(cfg, config_path, out_dir)) if env.is_main else None
    return Path(gather_objects(made, env)[0])


def open_run(run_dir: Path, overrides: list[str] = ()) -> tuple[RunConfig, dict[str, Any]]:
    """An existing run folder's resolved config (with sample/eval overrides) and its source."""
    run_dir = Path(run_dir)
    if not (run_dir / "config.yaml").is_file():
        raise ConfigError(f"{run_dir}: not a run folder (no config.yaml)")
    for text in overrides:
        if not text.startswith(("sample.", "eval.")):
            raise ConfigError(
                f"--set {text}: only sample.* and eval.* can change in an existing run"
            )
    cfg = load_config(run_dir / "config.yaml", overrides)
    for name in (SOURCE_FILE, Path("run.json")):
        if (run_dir / name).is_file():
            source = json.loads((run_dir / name).read_text(encoding="utf-8"))
            return cfg, {
                key: source[key] for key in ("id", "created", "config_path", "config_files")
            }
    raise ConfigError(
        f"{run_dir}: neither {SOURCE_FILE} nor run.json says where this run came from"
    )


def list_runs(runs_dir: Path) -> list[dict[str, Any]]:
    """One row per run folder: id, status, data, steps, the headline metric of its first scored task."""
    rows = []
    for run_dir in sorted(p for p in Path(runs_dir).iterdir() if (p / "config.yaml").is_file()):
        path = run_dir / "run.json"
        if path.is_file():
            record = json.loads(path.read_text(encoding="utf-8"))
            scored = [(name, m) for name, m in record["metrics"].items() if "psnr_best" in m]
            summary = f"{scored[0][0]}: {headline(scored[0][1])}" if scored else ""
            rows.append(
                {
                    "id": record["id"],
                    "status": "complete",
                    "data": record["data"]["name"],
                    "steps": record["train"]["steps"],
                    "headline": summary,
                }
            )
        else:
            checkpoints = list_checkpoints(run_dir)
            steps = int(checkpoints[-1].stem.removeprefix("ckpt-")) if checkpoints else 0
            rows.append(
                {
                    "id": run_dir.name,
                    "status": "incomplete",
                    "data": load_config(run_dir / "config.yaml").data.name,
                    "steps": steps,
                    "headline": "",
                }
            )
    return rows
