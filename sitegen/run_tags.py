"""Liquid tags for runs in posts: gallery, sample (figure pair), metrics (table), plot (chart)."""

from __future__ import annotations

import fnmatch
import html
import sys
from typing import TYPE_CHECKING

from sitegen.liquid import register_tag
from sitegen.liquid_tags import InlineTag, tag_error, tag_params
from sitegen.plots import chart_html
from sitegen.run_charts import FRAME_METRICS, STATS, TASK_METRICS, per_frame_chart, resample_chart
from sitegen.runs import Artifact, Run, find_runs

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.token import Token

    from sitegen.media import MediaFile


# ---- HTML shared by the tags and the run pages ----------------------------------------------


def _img(media: MediaFile, *, baseurl: str, alt: str, css: str) -> str:
    """A lazily loaded <img> with its intrinsic width and height."""
    size = f' width="{media.width}" height="{media.height}"' if media.width else ""
    return (
        f'<img class="{css}" src="{html.escape(baseurl + media.url)}"{size} loading="lazy" '
        f'decoding="async" alt="{html.escape(alt)}">'
    )


def _moving(artifact: Artifact, *, baseurl: str) -> str:
    """The sampled video: MP4 in <video autoplay loop muted playsinline>, the GIF as fallback."""
    alt = f"{artifact.task} sample {artifact.index}, sampled frames"
    gif = _img(artifact.gif, baseurl=baseurl, alt=alt, css="sample-video") if artifact.gif else ""
    if not artifact.mp4:
        return gif
    size = (
        f' width="{artifact.gif.width}" height="{artifact.gif.height}"'
        if artifact.gif and artifact.gif.width
        else ""
    )
    src = html.escape(baseurl + artifact.mp4.url)
    return (
        f'<video class="sample-video" autoplay loop muted playsinline preload="metadata"{size} '
        f'aria-label="{html.escape(alt)}"><source src="{src}" type="video/mp4">{gif}</video>'
    )


def given_text(cond: tuple[int, ...]) -> str:
    """'frames 0, 1 given' / 'no frame given' for captions."""
    if not cond:
        return "no frame given"
    return f"frame{'s' if len(cond) > 1 else ''} {', '.join(map(str, cond))} given"


def sample_figure(run: Run, artifact: Artifact, *, baseurl: str, toggle: bool = False) -> str:
    """A figure pair (given frames → sampled video); toggle adds data-truth for runs.js."""
    truth = ""
    if toggle and artifact.truth:
        truth = f' data-truth="{html.escape(baseurl + artifact.truth.url)}"'
    task = html.escape(artifact.task)
    parts = [
        f'<figure class="sample-pair" data-task="{task}" data-index="{artifact.index}"{truth}>'
    ]
    if artifact.png:
        given = f"Given: {given_text(artifact.cond)}"
        parts.append(_img(artifact.png, baseurl=baseurl, alt=given, css="sample-given"))
        parts.append('<span class="sample-arrow" aria-hidden="true">&rarr;</span>')
    parts.append(_moving(artifact, baseurl=baseurl))
    caption = html.escape(artifact.caption or f"{artifact.task}, sample {artifact.index}")
    link = f'<a href="{html.escape(baseurl + run.url)}">{html.escape(run.id)}</a>'
    given_note = "" if "given" in caption.lower() else f"{given_text(artifact.cond)}; "
    note = f"({given_note}run {link})"
    parts.append(
        f'<figcaption>{caption} <span class="sample-given-indices">{note}</span></figcaption>'
    )
    parts.append("</figure>")
    return "\n".join(parts)


# (header, metrics key, format); a column shows only when some row has a number for it
_METRIC_COLUMNS = (
    ("PSNR (dB)", "psnr", ".2f"),
    ("PSNR best of N", "psnr_best", ".2f"),
    ("SSIM", "ssim", ".3f"),
    ("SSIM best of N", "ssim_best", ".3f"),
    ("FVD", "fvd", ".1f"),
    ("sampling (s)", "sample_s", ".1f"),
)


def _cell(value: object, spec: str) -> str:
    """A numeric table cell, or an en dash for a missing value."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<td>{format(value, spec)}</td>"
    return "<td>–</td>"


def _table_rows(runs: list[Run], tasks: str, baselines: bool) -> list[tuple[str, str, dict]]:
    """(label, row class, entry) per (run, task) matching the glob, its new baselines after it."""
    rows, seen = [], set()
    for run in runs:
        for task in run.tasks():
            entry = run.metrics.get(task)
            if not isinstance(entry, dict) or not fnmatch.fnmatchcase(task, tasks):
                continue
            rows.append((f"{run.name} · {entry.get('label') or task}", "", entry))
            for name, per_task in sorted(run.baselines.items()) if baselines else ():
                base = per_task.get(task) if isinstance(per_task, dict) else None
                key = (
                    (name, *(str(base.get(k)) for _, k, _ in _METRIC_COLUMNS))
                    if isinstance(base, dict)
                    else None
                )
                if key and key not in seen:  # the same clips give the same baseline: list it once
                    seen.add(key)
                    rows.append((f"baseline: {name.replace('_', ' ')} · {task}", "baseline", base))
    return rows


def metrics_table(runs: list[Run], *, tasks: str = "*", baselines: bool = True) -> str:
    """The runs' metrics per task (names matching the `tasks` glob), baselines under each task."""
    rows = _table_rows(runs, tasks, baselines)
    columns = [
        column
        for column in _METRIC_COLUMNS
        if any(_cell(entry.get(column[1]), column[2]) != "<td>–</td>" for _, _, entry in rows)
    ]
    head = "".join(f'<th scope="col">{title}</th>' for title, _, _ in columns)
    lines = [
        '<table class="metrics-table">',
        f'<thead><tr><th scope="col">model · task</th><th scope="col">given</th>'
        f'<th scope="col">clips×samples</th>{head}</tr></thead>',
        "<tbody>",
    ]
    for label, css, entry in rows:
        given = entry.get("n_given")
        size = f"{entry['clips']}×{entry.get('samples', 1)}" if "clips" in entry else "–"
        cells = "".join(_cell(entry.get(key), spec) for _, key, spec in columns)
        row_class = f' class="{css}"' if css else ""
        lines.append(
            f'<tr{row_class}><th scope="row">{html.escape(label)}</th>'
            f"<td>{given if given is not None else '–'}</td><td>{size}</td>{cells}</tr>"
        )
    return "\n".join([*lines, "</tbody>", "</table>"])


# ---- Liquid tags ----------------------------------------------------------------------------


def _params(
    context: RenderContext,
    token: Token,
    markup: str,
    *,
    tag: str,
    required: tuple[str, ...],
    optional: dict[str, object],
) -> dict[str, object]:
    """The tag's key="value" parameters with defaults; unknown or missing ones are errors."""
    found = tag_params(context, token, markup, tag)
    for key in found:
        if key not in required and key not in optional:
            raise tag_error(
                context,
                token,
                f"{tag}: unknown parameter '{key}' (expected {', '.join([*required, *optional])})",
            )
    for key in required:
        if found.get(key) in (None, ""):
            raise tag_error(context, token, f"{tag}: missing parameter '{key}'")
    return {**optional, **found}


def _whole(context: RenderContext, token: Token, tag: str, key: str, value: object) -> int:
    """A non-negative whole-number parameter (3 or "3")."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise tag_error(context, token, f"{tag}: '{key}' expects a whole number, got '{value}'")


def _choice(
    context: RenderContext, token: Token, tag: str, key: str, value: object, choices: tuple
) -> str:
    """A parameter that is one of `choices` (as text: true/false arrive as booleans)."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if text not in choices:
        raise tag_error(
            context, token, f"{tag}: '{key}' expects {' or '.join(choices)}, got '{text}'"
        )
    return text


def _latest_runs(context: RenderContext, token: Token, tag: str, pattern: str) -> list[Run]:
    """The newest run of each config name matching the pattern; a build error when none does."""
    runs = list(context.env.jekyll.runs)
    matched = find_runs(runs, pattern)
    if not matched:
        known = ", ".join(sorted(run.id for run in runs)) or "none"
        raise tag_error(context, token, f"{tag}: no run matches '{pattern}' (runs: {known})")
    exact = [run for run in matched if run.id == pattern]
    if exact:
        return exact
    newest: dict[str, Run] = {}
    for run in matched:  # runs come newest first
        newest.setdefault(run.name, run)
    return list(newest.values())


def _check_task(context: RenderContext, token: Token, tag: str, runs: list[Run], task: str) -> None:
    """A build error unless some run has the task (a glob) in its metrics or samples."""
    if not any(fnmatch.fnmatchcase(name, task) for run in runs for name in run.tasks()):
        known = ", ".join(sorted({name for run in runs for name in run.tasks()}))
        raise tag_error(
            context,
            token,
            f"{tag}: run {', '.join(run.id for run in runs)} has no task '{task}' (tasks: {known})",
        )


class GalleryTag(InlineTag):
    """`{% gallery run="mmnist_cond*" task="predict" limit=8 %}`: figure pairs of samples."""

    name = sys.intern("gallery")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Up to `limit` figure pairs, newest run first, in sample order."""
        params = _params(
            context, token, markup, tag=self.name, required=("run", "task"), optional={"limit": 8}
        )
        limit = _whole(context, token, self.name, "limit", params["limit"])
        task = str(params["task"])
        runs = _latest_runs(context, token, self.name, str(params["run"]))
        _check_task(context, token, self.name, runs, task)
        baseurl = context.env.jekyll.baseurl
        figures = [
            sample_figure(run, artifact, baseurl=baseurl)
            for run in runs
            for name in run.tasks()
            if fnmatch.fnmatchcase(name, task)
            for artifact in run.samples(name)
        ][:limit]
        if not figures:
            raise tag_error(
                context,
                token,
                f"{self.name}: no samples for task '{task}' in {', '.join(run.id for run in runs)}",
            )
        return '<div class="gallery">\n' + "\n".join(figures) + "\n</div>"


class SampleTag(InlineTag):
    """`{% sample run="mmnist_cond" task="predict" index=0 %}`: one figure pair."""

    name = sys.intern("sample")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """The artifact with that task and index in the newest matching run."""
        params = _params(
            context, token, markup, tag=self.name, required=("run", "task"), optional={"index": 0}
        )
        index = _whole(context, token, self.name, "index", params["index"])
        task = str(params["task"])
        run = _latest_runs(context, token, self.name, str(params["run"]))[0]
        _check_task(context, token, self.name, [run], task)
        samples = run.samples(task)
        match = [artifact for artifact in samples if artifact.index == index]
        if not match:
            indices = ", ".join(str(a.index) for a in samples) or "none"
            raise tag_error(
                context,
                token,
                f"{self.name}: run {run.id} task '{task}' has no sample {index} "
                f"(indices: {indices})",
            )
        return sample_figure(run, match[0], baseurl=context.env.jekyll.baseurl)


class MetricsTag(InlineTag):
    """`{% metrics run="mmnist_*" task="predict*" baselines=true %}`: a metrics table."""

    name = sys.intern("metrics")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """One row per (run, task), baselines under each task."""
        params = _params(
            context,
            token,
            markup,
            tag=self.name,
            required=("run",),
            optional={"task": "*", "baselines": True},
        )
        baselines = _choice(
            context, token, self.name, "baselines", params["baselines"], ("true", "false")
        )
        task = str(params["task"])
        runs = _latest_runs(context, token, self.name, str(params["run"]))
        _check_task(context, token, self.name, runs, task)
        return metrics_table(runs, tasks=task, baselines=baselines == "true")


class PlotTag(InlineTag):
    """`{% plot runs="mmnist_*" metric="psnr" task="predict*" %}`: per-frame or per-R chart."""

    name = sys.intern("plot")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Per frame: a line per (run, task), each baseline once; x="resample": metric against R."""
        params = _params(
            context,
            token,
            markup,
            tag=self.name,
            required=("runs", "metric", "task"),
            optional={"stat": "best", "baselines": "copy_last", "x": "frame"},
        )
        x = _choice(context, token, self.name, "x", params["x"], ("frame", "resample"))
        metrics = tuple(FRAME_METRICS if x == "frame" else TASK_METRICS)
        metric = _choice(context, token, self.name, "metric", params["metric"], metrics)
        stat = _choice(context, token, self.name, "stat", params["stat"], STATS)
        task = str(params["task"])
        runs = _latest_runs(context, token, self.name, str(params["runs"]))
        _check_task(context, token, self.name, runs, task)
        if x == "resample":
            chart = resample_chart(runs, metric=metric, tasks=task, stat=stat)
        else:
            names = str(params["baselines"]).split(",")
            baselines = tuple(name for name in names if name and name != "none")
            chart = per_frame_chart(runs, metric=metric, tasks=task, stat=stat, baselines=baselines)
        if not chart.series:
            what = "per-frame " + metric if x == "frame" else f"{metric} with a resample count"
            runs_text = ", ".join(run.id for run in runs)
            raise tag_error(
                context, token, f"{self.name}: no {what} for task '{task}' in {runs_text}"
            )
        return chart_html(chart, cache_dir=context.env.jekyll.cache_dir)


for _tag in (GalleryTag, SampleTag, MetricsTag, PlotTag):
    register_tag(_tag.name, _tag)
