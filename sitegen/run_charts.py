"""Runs as chart data (sitegen.plots draws them): per-frame metrics, metrics against R, loss."""

from __future__ import annotations

import fnmatch
from collections import Counter

from sitegen.plots import Chart, Series
from sitegen.runs import Run

# metric → (axis label with unit, table number format)
FRAME_METRICS = {"psnr": ("PSNR (dB)", ".2f"), "ssim": ("SSIM", ".3f")}
TASK_METRICS = {
    **FRAME_METRICS,
    "fvd": ("FVD", ".1f"),
    "sample_s": ("sampling time (s)", ".2f"),
    "sample_s_per_video": ("sampling time per video (s)", ".3f"),
}
STATS = ("mean", "best")
_LOSS_POINTS = 200  # the loss chart and its table show at most this many logged steps


def per_frame_chart(
    runs: list[Run], *, metric: str, tasks: str, stat: str, baselines: tuple[str, ...]
) -> Chart:
    """Per-frame `metric` of the tasks matching `tasks`, then each distinct baseline curve once."""
    ylabel, number_format = FRAME_METRICS[metric]
    series: list[Series] = []
    baseline_curves: dict[tuple[str, tuple], str] = {}  # (name, values) → where it was first seen
    for run in runs:
        for task in run.tasks():
            values = _per_frame(run.metrics.get(task), metric, stat)
            if values is None or not fnmatch.fnmatchcase(task, tasks):
                continue
            label = run.metrics[task].get("label") or task
            series.append(Series(f"{run.name} · {label}", tuple(range(len(values))), tuple(values)))
            for name in baselines:
                base = _per_frame((run.baselines.get(name) or {}).get(task), metric, "mean")
                if base is not None:
                    where = f"{run.name} · {label}" if len(runs) > 1 else label
                    baseline_curves.setdefault((name, tuple(base)), where)
    names = Counter(name for name, _ in baseline_curves)
    for (name, values), where in baseline_curves.items():
        label = f"baseline: {name.replace('_', ' ')}" + (f" ({where})" if names[name] > 1 else "")
        series.append(Series(label, tuple(range(len(values))), values, baseline=True))
    over = "best of N samples per clip" if stat == "best" else "mean over samples and clips"
    title = f"{ylabel.split(' ')[0]} per predicted frame ({over})"
    return Chart(
        title=title,
        xlabel="frame index",
        ylabel=ylabel,
        series=tuple(series),
        number_format=number_format,
    )


def _per_frame(entry: object, metric: str, stat: str) -> list[float | None] | None:
    """metrics.<task>.per_frame.<metric>.<stat> as a list, or None when absent."""
    if not isinstance(entry, dict):
        return None
    values = ((entry.get("per_frame") or {}).get(metric) or {}).get(stat)
    return list(values) if isinstance(values, list) else None


def resample_chart(runs: list[Run], *, metric: str, tasks: str, stat: str) -> Chart:
    """`metric` of the tasks matching `tasks` against their resampling steps R, one line per run."""
    ylabel, number_format = TASK_METRICS[metric]
    key = f"{metric}_best" if stat == "best" and metric in FRAME_METRICS else metric
    series = []
    for run in runs:
        points = sorted(
            (entry["resample"], entry.get(key))
            for task, entry in run.metrics.items()
            if fnmatch.fnmatchcase(task, tasks)
            and isinstance(entry, dict)
            and isinstance(entry.get("resample"), int)
            and isinstance(entry.get(key), (int, float))
        )
        if points:
            series.append(
                Series(run.name, tuple(r for r, _ in points), tuple(v for _, v in points))
            )
    over = ""
    if metric in FRAME_METRICS:
        over = ", best of N samples" if stat == "best" else ", mean over samples"
    return Chart(
        title=f"{ylabel.split(' (')[0]} against resampling steps R{over}",
        xlabel="resampling steps R",
        ylabel=ylabel,
        series=tuple(series),
        number_format=number_format,
    )


def loss_chart(run: Run) -> Chart:
    """Training loss from log.jsonl: at most _LOSS_POINTS evenly spaced steps, the last kept."""
    points = list(run.loss)
    if len(points) > _LOSS_POINTS:
        stride = len(points) / (_LOSS_POINTS - 1)
        points = [points[round(i * stride)] for i in range(_LOSS_POINTS - 1)] + [points[-1]]
    steps = tuple(float(step) for step, _ in points)
    losses = tuple(loss for _, loss in points)
    spread = max(losses) / min(losses) if min(losses) > 0 else 1.0
    return Chart(
        title=f"Training loss, {run.id}",
        xlabel="training step",
        ylabel="loss (per logged window)",
        series=(Series(run.name, steps, losses),),
        number_format=".4g",
        ylog=spread > 20,
    )
