"""RunConfig: YAML -> dataclasses, exact one-line errors, --set overrides, round trip and hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from experiments.config import (
    ConfigError,
    build_config,
    config_hash,
    dump_config,
    load_config,
    parse_yaml,
)
from experiments.tasks import plan_task

CONFIG = """\
title: tiny
model: {image_size: 16, model_channels: 8, channel_mult: [1, 2], attention_resolutions: [8]}
data: {name: bouncing_balls, params: {frames: 6, image_size: 16}}
train: {steps: 3, lr: 2e-5, batch_size: 2}
sample:
  steps: 4
  tasks:
    - {name: predict, kind: predict, given: 2}
    - {name: infill, kind: infill, indices: [0, 5]}
"""
CONFIGS = Path(__file__).resolve().parents[2] / "experiments" / "configs"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(CONFIG)
    return path


def test_sections_become_dataclasses(config_file: Path) -> None:
    cfg = load_config(config_file)
    assert cfg.title == "tiny"
    assert cfg.model.channel_mult == (1, 2)
    assert cfg.train.lr == 2e-5  # an exponent float without a dot is still a float
    assert cfg.train.max_given == 4 and cfg.masking.p_uncond == 0.25  # masking feeds TrainConfig
    assert [t.name for t in cfg.sample.tasks] == ["predict", "infill"]
    assert cfg.sample.tasks[1].indices == [0, 5]


def test_overrides_go_through_yaml(config_file: Path) -> None:
    cfg = load_config(
        config_file,
        [
            "train.lr=3e-4",
            "sample.tasks.0.given=3",
            "masking.p_uncond=1",
            "eval.i3d_weights=/w/i3d.pt",
            "model.attention_resolutions=[]",
        ],
    )
    assert cfg.train.lr == 3e-4 and cfg.sample.tasks[0].given == 3
    assert cfg.train.p_uncond == 1.0 and cfg.eval.i3d_weights == "/w/i3d.pt"
    assert cfg.model.attention_resolutions == ()


@pytest.mark.parametrize(
    "override, message",
    [
        ("train.lrate=1e-4", "unknown key 'train.lrate' (did you mean 'train.lr'?)"),
        (
            "sample.tasks.0.givn=2",
            "unknown key 'sample.tasks[0].givn' (did you mean 'sample.tasks[0].given'?)",
        ),
        ("modle.dropout=0.1", "unknown key 'modle' (did you mean 'model'?)"),
        ("train.max_given=2", "unknown key 'train.max_given' (it belongs in 'masking.max_given')"),
        ("train.steps=many", "'train.steps': expected int, got 'many'"),
        (
            "sample.tasks.0.kind=guess",
            "'sample.tasks[0].kind': expected one of ['predict', 'infill', 'generate', 'long'], got 'guess'",
        ),
        ("model.dropout=2", "'model': UNetConfig.dropout: expected 0 <= dropout < 1, got 2.0"),
        (
            "data.params.image_size=32",
            "'data.params.image_size': expected 16 (model.image_size), got 32",
        ),
        ("sample.tasks.1.name=predict", "'sample.tasks': task name 'predict' appears twice"),
    ],
)
def test_errors_are_one_line_naming_file_and_key(
    config_file: Path, override: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(config_file, [override])
    assert str(caught.value) == f"{config_file}: {message}"


def test_bad_override_syntax_and_yaml(config_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--set train\.lr: expected key\.path=value$"):
        load_config(config_file, ["train.lr"])
    with pytest.raises(
        ConfigError,
        match=r"^--set sample\.tasks\.7\.given=1: 'sample\.tasks\.7': expected a list index < 2$",
    ):
        load_config(config_file, ["sample.tasks.7.given=1"])
    broken = tmp_path / "broken.yaml"
    broken.write_text("train:\n  steps: [1,\n")
    with pytest.raises(ConfigError, match=rf"^{broken}:3: invalid YAML"):
        load_config(broken)


def test_round_trip_and_hash(config_file: Path) -> None:
    cfg = load_config(config_file)
    again = build_config(parse_yaml(dump_config(cfg)), "config.yaml")
    assert again == cfg and config_hash(again) == config_hash(cfg)
    assert config_hash(load_config(config_file, ["train.lr=3e-4"])) != config_hash(cfg)


@pytest.mark.parametrize("path", sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_configs_load(path: Path) -> None:
    cfg = load_config(path)
    assert cfg.sample.tasks, f"{path.name} lists no tasks"
    for task in cfg.sample.tasks:
        plan = plan_task(task, cfg)
        assert plan.clips >= 1 and len(plan.given) < plan.frames
