"""RunConfig: one YAML file per experiment, validated into dataclasses (the one place YAML is read).

Sections: model (vdiff UNetConfig), diffusion (DiffusionConfig), masking (the training mask), data,
train (TrainConfig without the masking keys), sample (sampler and the tasks to sample) and eval.
Unknown keys, wrong types and bad values raise ConfigError with one line naming the file and key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vdiff.config_keys import closest
from vdiff.diffusion import DiffusionConfig
from vdiff.train import TrainConfig
from vdiff.unet import UNetConfig

TASK_KINDS = ("predict", "infill", "generate", "long")
CONDITIONINGS = ("model", "replacement")
SAMPLERS = ("ddpm", "ddim")
_TASK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ConfigError(ValueError):
    """A config file or override that cannot be used; one line naming the file and the key."""


class _Loader(yaml.SafeLoader):
    """yaml.SafeLoader that also reads `2e-5` as a float (YAML 1.1 wants `2.0e-5`)."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def parse_yaml(text: str) -> Any:
    """yaml.safe_load with exponent floats such as 2e-5 read as floats."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


@dataclass(frozen=True)
class MaskingConfig:
    """The training mask (RaMViD): no frame given with probability p_uncond, else k ~ U{1..max_given}."""

    max_given: int = 4
    p_uncond: float = 0.25
    prefix_only: bool = False


@dataclass(frozen=True)
class DataConfig:
    """A data set of vdiff.data by name, with its generator/reader parameters."""

    name: str = "bouncing_balls"
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TaskConfig:
    """One sampling task: which frames are given and how the rest is sampled.

    predict: the first `given` frames; infill: frames at `indices`; generate: none; long: `given`
    frames extended to `total_frames` by windows of `window` frames overlapping by `overlap`.
    frames/clips/samples/steps of 0 take data.params.frames, sample.clips, samples_per_clip, steps.
    chunk > 0 (predict): autoregressive, `chunk` new frames per sampler call.
    """

    name: str
    kind: str
    given: int = 0
    indices: list = field(default_factory=list)
    frames: int = 0
    conditioning: str = "model"
    resample: int = 1
    chunk: int = 0
    total_frames: int = 0
    window: int = 0
    overlap: int = 0
    clips: int = 0
    samples: int = 0
    steps: int = 0


@dataclass(frozen=True)
class SampleConfig:
    """The sampler used for every task, how many test clips and samples per clip, and the tasks."""

    sampler: str = "ddim"
    steps: int = 100
    eta: float = 0.0
    clips: int = 64
    samples_per_clip: int = 4
    batch_size: int = 32  # videos per sampler call (clips x samples)
    seed: int = 0
    tasks: list = field(default_factory=list)


@dataclass(frozen=True)
class EvalConfig:
    """Media written per task and FVD; i3d_weights None skips FVD with a message."""

    save: int = 8  # clips per task whose media (PNG, GIF, MP4, truth, grid) is written
    frame_ms: int = 150  # GIF/MP4 frame duration, as on the reference page
    baselines: bool = True
    i3d_weights: str | None = None
    fvd_batch_size: int = 16


@dataclass(frozen=True)
class RunConfig:
    """The whole experiment: everything a run folder's config.yaml holds."""

    title: str
    model: UNetConfig
    diffusion: DiffusionConfig
    masking: MaskingConfig
    data: DataConfig
    train: TrainConfig
    sample: SampleConfig
    eval: EvalConfig

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict (lists, no tuples): config.yaml's content, embedded in run.json too."""
        train = self.train.to_dict()
        for key in _MASKING_KEYS:
            train.pop(key)
        return {
            "title": self.title,
            "model": self.model.to_dict(),
            "diffusion": self.diffusion.to_dict(),
            "masking": dataclasses.asdict(self.masking),
            "data": {"name": self.data.name, "params": dict(self.data.params)},
            "train": train,
            "sample": {
                **dataclasses.asdict(self.sample),
                "tasks": [dataclasses.asdict(task) for task in self.sample.tasks],
            },
            "eval": dataclasses.asdict(self.eval),
        }


_MASKING_KEYS = tuple(f.name for f in dataclasses.fields(MaskingConfig))
_SECTIONS = {
    "model": UNetConfig,
    "diffusion": DiffusionConfig,
    "masking": MaskingConfig,
    "data": DataConfig,
    "train": TrainConfig,
    "sample": SampleConfig,
    "eval": EvalConfig,
}


def _field_names(section: str) -> list[str]:
    """Keys a section accepts (train without the masking keys, which live in `masking`)."""
    names = [f.name for f in dataclasses.fields(_SECTIONS[section])]
    return [n for n in names if n not in _MASKING_KEYS] if section == "train" else names


def _unknown_key(source: str, key: str, valid: list[str], prefix: str) -> ConfigError:
    """The one-line unknown-key error with the closest valid key."""
    if prefix == "train." and key in _MASKING_KEYS:
        return ConfigError(f"{source}: unknown key 'train.{key}' (it belongs in 'masking.{key}')")
    close = closest(key, valid)
    hint = f" (did you mean '{prefix}{close}'?)" if close else f" (valid: {', '.join(valid)})"
    return ConfigError(f"{source}: unknown key '{prefix}{key}'{hint}")


def _check_keys(source: str, mapping: Any, valid: list[str], prefix: str) -> dict:
    """mapping must be a dict whose keys are all in valid."""
    where = prefix.rstrip(".") or "top level"
    if not isinstance(mapping, dict):
        raise ConfigError(f"{source}: '{where}': expected a mapping, got {type(mapping).__name__}")
    for key in mapping:
        if key not in valid:
            raise _unknown_key(source, str(key), valid, prefix)
    return mapping


def _typed(source: str, where: str, cls: type, values: dict) -> Any:
    """cls(**values) after checking the types of plain int/float/bool/str fields."""
    for f in dataclasses.fields(cls):
        if f.name not in values:
            continue
        value, kind = values[f.name], str(f.type)
        if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            values[f.name] = value = float(value)
        expected = {
            "int": int,
            "float": float,
            "bool": bool,
            "str": str,
            "list": list,
            "dict": dict,
            "str | None": (str, type(None)),
        }.get(kind)
        if expected and (
            not isinstance(value, expected) or (isinstance(value, bool) and kind != "bool")
        ):
            raise ConfigError(f"{source}: '{where}.{f.name}': expected {kind}, got {value!r}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: '{where}': {exc}") from None


def _build_task(source: str, index: int, raw: Any) -> TaskConfig:
    """One entry of sample.tasks, checked for its kind's needs."""
    where = f"sample.tasks[{index}]"
    valid = [f.name for f in dataclasses.fields(TaskConfig)]
    values = dict(_check_keys(source, raw, valid, f"{where}."))
    for required in ("name", "kind"):
        if required not in values:
            raise ConfigError(f"{source}: '{where}': missing key '{required}'")
    task = _typed(source, where, TaskConfig, values)
    problems = {
        "name": not _TASK_NAME.match(task.name),
        "kind": task.kind not in TASK_KINDS,
        "conditioning": task.conditioning not in CONDITIONINGS,
        "given": task.given < (1 if task.kind in ("predict", "long") else 0),
        "indices": task.kind == "infill"
        and (not task.indices or any(not isinstance(i, int) for i in task.indices)),
        "resample": task.resample < 1,
        "total_frames": task.kind == "long" and task.total_frames < 1,
    }
    expected = {
        "name": "lower-case letters, digits, '_' or '-'",
        "kind": f"one of {list(TASK_KINDS)}",
        "conditioning": f"one of {list(CONDITIONINGS)}",
        "given": "an int >= 1 for predict and long",
        "indices": "a non-empty list of frame indices for infill",
        "resample": "an int >= 1",
        "total_frames": "an int >= 1 for long",
    }
    for key, bad in problems.items():
        if bad:
            raise ConfigError(
                f"{source}: '{where}.{key}': expected {expected[key]}, got {getattr(task, key)!r}"
            )
    for key in ("frames", "chunk", "window", "overlap", "clips", "samples", "steps"):
        if getattr(task, key) < 0:
            raise ConfigError(
                f"{source}: '{where}.{key}': expected an int >= 0, got {getattr(task, key)!r}"
            )
    return task


def _build_sample(source: str, raw: dict) -> SampleConfig:
    """The sample section with its task list; task names must be unique."""
    values = dict(raw)
    tasks_raw = values.pop("tasks", [])
    if not isinstance(tasks_raw, list):
        raise ConfigError(
            f"{source}: 'sample.tasks': expected a list, got {type(tasks_raw).__name__}"
        )
    tasks = [_build_task(source, i, task) for i, task in enumerate(tasks_raw)]
    names = [task.name for task in tasks]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{source}: 'sample.tasks': task name '{name}' appears twice")
    sample = _typed(source, "sample", SampleConfig, {**values, "tasks": tasks})
    if sample.sampler not in SAMPLERS:
        raise ConfigError(
            f"{source}: 'sample.sampler': expected one of {list(SAMPLERS)}, got {sample.sampler!r}"
        )
    for key in ("steps", "clips", "samples_per_clip", "batch_size"):
        if getattr(sample, key) < 1:
            raise ConfigError(
                f"{source}: 'sample.{key}': expected an int >= 1, got {getattr(sample, key)!r}"
            )
    return sample


def build_config(raw: Any, source: str) -> RunConfig:
    """Validate a parsed YAML document into a RunConfig; `source` names the file in errors."""
    top = _check_keys(source, raw if raw is not None else {}, ["title", *_SECTIONS], "")
    title = top.get("title", Path(source).stem)
    if not isinstance(title, str):
        raise ConfigError(f"{source}: 'title': expected str, got {title!r}")
    sections = {}
    for name in _SECTIONS:
        values = dict(_check_keys(source, top.get(name) or {}, _field_names(name), f"{name}."))
        if name == "sample":
            sections[name] = _build_sample(source, values)
        elif name != "train":
            sections[name] = _typed(source, name, _SECTIONS[name], values)
    masking = dataclasses.asdict(sections["masking"])
    train_values = dict(top.get("train") or {})
    sections["train"] = _typed(source, "train", TrainConfig, {**train_values, **masking})
    cfg = RunConfig(title=title, **sections)
    _check_consistency(source, cfg)
    return cfg


def _check_consistency(source: str, cfg: RunConfig) -> None:
    """Cross-section checks: the model's frame size and channels match the data's."""
    for key, model_key in (("image_size", "image_size"), ("channels", "in_channels")):
        value = cfg.data.params.get(key)
        if value is not None and value != getattr(cfg.model, model_key):
            raise ConfigError(
                f"{source}: 'data.params.{key}': expected {getattr(cfg.model, model_key)} "
                f"(model.{model_key}), got {value!r}"
            )


def parse_override(text: str) -> tuple[list[str], Any]:
    """'a.b=c' -> (['a', 'b'], value of c through the YAML loader)."""
    key, sep, value = text.partition("=")
    if not sep or not key or any(not part for part in key.split(".")):
        raise ConfigError(f"--set {text}: expected key.path=value")
    try:
        parsed = parse_yaml(value)
    except yaml.YAMLError as exc:
        raise ConfigError(f"--set {text}: value is not YAML ({str(exc).splitlines()[0]})") from None
    return key.split("."), parsed


def apply_override(raw: dict, path: list[str], value: Any, text: str) -> None:
    """Set raw[path] = value in place; numeric parts index lists (sample.tasks.0.given=2)."""
    node: Any = raw
    for depth, part in enumerate(path[:-1]):
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ConfigError(
                    f"--set {text}: '{'.'.join(path[: depth + 1])}': "
                    f"expected a list index < {len(node)}"
                )
            node = node[int(part)]
        else:
            if node.get(part) is None:
                node[part] = {}
            node = node[part]
    last = path[-1]
    if isinstance(node, list):
        if not last.isdigit() or int(last) >= len(node):
            raise ConfigError(
                f"--set {text}: '{'.'.join(path)}': expected a list index < {len(node)}"
            )
        node[int(last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise ConfigError(f"--set {text}: '{'.'.join(path[:-1])}' is not a mapping")


def load_config(path: str | Path, overrides: list[str] = ()) -> RunConfig:
    """Read a YAML config file, apply `--set` overrides and validate it."""
    path = Path(path)
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{path}{line}: invalid YAML ({getattr(exc, 'problem', None) or exc})"
        ) from None
    raw = raw if raw is not None else {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level, got {type(raw).__name__}")
    for text in overrides:
        key_path, value = parse_override(text)
        apply_override(raw, key_path, value, text)
    return build_config(raw, str(path))


def dump_config(cfg: RunConfig) -> str:
    """The resolved config as YAML (config.yaml's text); load_config reads it back equal."""
    return yaml.safe_dump(cfg.to_dict(), sort_keys=False, default_flow_style=None, width=100)


def config_hash(cfg: RunConfig) -> str:
    """sha256 of the resolved config as canonical JSON (sorted keys): changes iff it does."""
    text = json.dumps(cfg.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
