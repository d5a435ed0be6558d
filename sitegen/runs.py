"""Read run folders (`<runs_dir>/<run-id>/run.json`, status complete) into Run objects."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import warn
from sitegen.media import MediaFile, media_file

RUN_SCHEMA = 1
_REQUIRED = {"id": str, "title": str, "metrics": dict, "artifacts": list}
# the artifact files the site shows (run.json may list more, e.g. "grid"; those are not published)
_MEDIA_KINDS = ("png", "gif", "mp4", "truth")
_RUN_NAME = re.compile(r"^(?P<name>.+?)-\d{8}-\d{6}(?:-.+)?$")


@dataclass(frozen=True)
class Artifact:
    """One sample of a task: given frame indices and its media files (None when missing)."""

    task: str
    index: int
    cond: tuple[int, ...]
    caption: str
    frames: int | None = None
    fps: float | None = None
    png: MediaFile | None = None
    gif: MediaFile | None = None
    mp4: MediaFile | None = None
    truth: MediaFile | None = None


@dataclass(frozen=True)
class Run:
    """A complete run folder as the site shows it; `raw` is run.json as read."""

    id: str
    name: str
    title: str
    created: str
    display_path: str
    raw: dict
    metrics: dict
    baselines: dict
    artifacts: tuple[Artifact, ...]
    media: dict[str, MediaFile]
    loss: tuple[tuple[int, float], ...]
    changed_configs: tuple[str, ...]
    source_hash: str
    config_yaml: str

    @property
    def url(self) -> str:
        """The run's page, without baseurl."""
        return f"/runs/{self.id}/"

    @property
    def stale(self) -> bool:
        """True when a config file the run came from has changed (or gone) since the run."""
        return bool(self.changed_configs)

    def tasks(self) -> list[str]:
        """Task names in first-seen order: metrics first, then tasks that only have samples."""
        names = list(self.metrics)
        names += [a.task for a in self.artifacts if a.task not in names]
        return list(dict.fromkeys(names))

    def samples(self, task: str) -> list[Artifact]:
        """The task's artifacts in index order."""
        return sorted((a for a in self.artifacts if a.task == task), key=lambda a: a.index)


def read_runs(runs_dir: Path, *, repo_root: Path) -> list[Run]:
    """Every complete run in runs_dir, newest first; warns about broken run.json, stale configs."""
    if not runs_dir.is_dir():
        warn(_display(runs_dir, repo_root), None, "runs_dir is not a directory; no runs shown")
        return []
    runs = []
    for run_json in sorted(runs_dir.glob("*/run.json")):
        run = read_run(run_json, repo_root=repo_root)
        if run is not None:
            runs.append(run)
    return sorted(runs, key=lambda run: (run.created, run.id), reverse=True)


def read_run(run_json: Path, *, repo_root: Path) -> Run | None:
    """One run.json as a Run; None when not a complete run (with a warning when broken)."""
    display = _display(run_json, repo_root)
    text = run_json.read_text(encoding="utf-8")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        warn(display, exc.lineno, f"invalid JSON ({exc.msg}); run skipped")
        return None
    problem = _schema_problem(raw, run_json.parent.name)
    if problem:
        warn(display, None, f"{problem}; run skipped")
        return None
    if raw.get("status") != "complete":
        return None
    run_dir = run_json.parent
    media = _read_media(raw, run_dir, display)
    changed = _changed_configs(raw, repo_root)
    if changed:
        warn(display, None, f"config changed since this run: {', '.join(changed)}")
    log_path = run_dir / "log.jsonl"
    config_path = run_dir / "config.yaml"
    return Run(
        id=raw["id"],
        name=_run_name(raw["id"]),
        title=raw["title"],
        created=str(raw.get("created", "")),
        display_path=display,
        raw=raw,
        metrics=raw["metrics"],
        baselines=raw.get("baselines") or {},
        artifacts=tuple(_artifacts(raw, media)),
        media=media,
        loss=tuple(read_loss(log_path, display=_display(log_path, repo_root)))
        if log_path.is_file()
        else (),
        changed_configs=tuple(changed),
        source_hash=_source_hash(text, log_path, media),
        config_yaml=config_path.read_text(encoding="utf-8") if config_path.is_file() else "",
    )


def _display(path: Path, repo_root: Path) -> str:
    """A path as messages show it: relative to the repository root when inside it."""
    try:
        return str(path.resolve().relative_to(repo_root.resolve()))
    except ValueError:
        return str(path)


def _schema_problem(raw: object, folder: str) -> str | None:
    """What is wrong with a run.json's top level, or None."""
    if not isinstance(raw, dict):
        return f"expected a JSON object, got {type(raw).__name__}"
    if raw.get("schema") != RUN_SCHEMA:
        return f"'schema': expected {RUN_SCHEMA}, got {raw.get('schema')!r}"
    for key, kind in _REQUIRED.items():
        if not isinstance(raw.get(key), kind):
            return f"'{key}': expected {kind.__name__}, got {type(raw.get(key)).__name__}"
    if raw["id"] != folder:
        return f"'id': expected the folder name '{folder}', got '{raw['id']}'"
    return None


def _run_name(run_id: str) -> str:
    """The config name of a run id `<name>-<yyyymmdd-hhmmss>[-<tag>]`."""
    match = _RUN_NAME.match(run_id)
    return match.group("name") if match else run_id


def _read_media(raw: dict, run_dir: Path, display: str) -> dict[str, MediaFile]:
    """run-relative path → MediaFile for each artifact file that exists (missing: warned)."""
    media: dict[str, MediaFile] = {}
    for artifact in raw["artifacts"]:
        for kind in _MEDIA_KINDS:
            rel = artifact.get(kind) if isinstance(artifact, dict) else None
            if not rel or rel in media:
                continue
            src = run_dir / rel
            if ".." in Path(rel).parts or not src.is_file():
                warn(
                    display,
                    None,
                    f"artifact {artifact.get('task')}/{artifact.get('index')}: "
                    f"'{kind}' file '{rel}' not found in the run folder",
                )
                continue
            media[rel] = media_file(src, run_id=raw["id"], rel=rel)
    return media


def _artifacts(raw: dict, media: dict[str, MediaFile]) -> list[Artifact]:
    """run.json artifacts as Artifact objects (media that is missing stays None)."""
    artifacts = []
    for entry in raw["artifacts"]:
        if not isinstance(entry, dict) or "task" not in entry:
            continue
        files = {kind: media.get(entry.get(kind) or "") for kind in _MEDIA_KINDS}
        artifacts.append(
            Artifact(
                task=str(entry["task"]),
                index=int(entry.get("index", 0)),
                cond=tuple(int(i) for i in entry.get("cond") or ()),
                caption=str(entry.get("caption") or ""),
                frames=entry.get("frames"),
                fps=entry.get("fps"),
                **files,
            )
        )
    return artifacts


def _changed_configs(raw: dict, repo_root: Path) -> list[str]:
    """Config files (repo-relative) that no longer hash as run.json `config_files` records."""
    changed = []
    for rel, recorded in sorted((raw.get("config_files") or {}).items()):
        path = repo_root / rel
        if not path.is_file():
            changed.append(f"{rel} (removed)")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != recorded:
            changed.append(rel)
    return changed


def _source_hash(run_text: str, log_path: Path, media: dict[str, MediaFile]) -> str:
    """A hash of everything a run's page shows: run.json, log.jsonl and the media digests."""
    digest = hashlib.sha256(run_text.encode("utf-8"))
    if log_path.is_file():
        digest.update(log_path.read_bytes())
    for rel in sorted(media):
        digest.update(f"{rel}={media[rel].digest}".encode())
    return digest.hexdigest()


def runs_stamp(runs_dir: Path, *, repo_root: Path) -> str:
    """A cheap fingerprint (names, sizes, mtimes) of all read_runs reads, for no-change rebuilds."""
    digest = hashlib.sha256(str(runs_dir.resolve()).encode("utf-8"))
    for run_json in sorted(runs_dir.glob("*/run.json")):
        files = [path for path in run_json.parent.rglob("*") if "checkpoints" not in path.parts]
        try:
            config_files = (
                json.loads(run_json.read_text(encoding="utf-8")).get("config_files") or {}
            )
        except (json.JSONDecodeError, AttributeError):
            config_files = {}
        files += [repo_root / rel for rel in sorted(config_files)]
        for path in sorted(files):
            stat = path.stat() if path.is_file() else None
            state = f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "-"
            digest.update(f"{path}\0{state}\n".encode())
    return digest.hexdigest()


def read_loss(path: Path, *, display: str) -> list[tuple[int, float]]:
    """(step, loss) pairs of a log.jsonl; no finite loss: skipped; malformed line: warned."""
    points = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warn(display, number, f"invalid JSON line ({exc.msg}); skipped")
            continue
        loss = record.get("loss") if isinstance(record, dict) else None
        if (
            isinstance(loss, (int, float))
            and math.isfinite(loss)
            and isinstance(record.get("step"), int)
        ):
            points.append((record["step"], float(loss)))
    return points


def find_runs(runs: list[Run], pattern: str) -> list[Run]:
    """Runs whose id or config name matches a glob (`mmnist_cond*`), newest first."""
    return [
        run
        for run in runs
        if fnmatch.fnmatchcase(run.id, pattern) or fnmatch.fnmatchcase(run.name, pattern)
    ]
