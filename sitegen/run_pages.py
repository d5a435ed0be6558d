"""Generated run pages: /runs/ lists the runs, /runs/<id>/ shows one (metrics, samples, config)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sitegen.model import Page
from sitegen.plots import Chart, chart_html
from sitegen.run_charts import loss_chart, per_frame_chart
from sitegen.run_tags import metrics_table, sample_figure
from sitegen.runs import Run

RUNS_URL = "/runs/"


def run_pages(runs: list[Run], *, cache_dir: Path | None = None, baseurl: str = "") -> list[Page]:
    """/runs/ (layout runs, page.runs) and each /runs/<id>/ (layout run, page.run); [] if none."""
    if not runs:
        return []
    listing = [run_summary(run) for run in runs]
    pages = [
        _page(
            "index",
            url=RUNS_URL,
            layout="runs",
            title="Experiment runs",
            extra={"runs": listing},
            stamp=[(run.id, run.source_hash) for run in runs],
        )
    ]
    for run in runs:
        pages.append(
            _page(
                run.id,
                url=run.url,
                layout="run",
                title=run.title,
                extra={"run": run_detail(run, cache_dir=cache_dir, baseurl=baseurl)},
                stamp=[run.source_hash, run.changed_configs, baseurl],
            )
        )
    return pages


def _page(rel: str, *, url: str, layout: str, title: str, extra: dict, stamp: object) -> Page:
    """A generated Page whose source_hash covers what it shows (for the incremental cache)."""
    digest = hashlib.sha256(
        json.dumps(stamp, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    out_rel = url.lstrip("/") + "index.html"
    return Page(
        rel_path=f"<runs>/{rel}",
        display_path=f"<generated {url}>",
        front_matter={"title": title, "layout": layout},
        body="",
        body_offset=0,
        url=url,
        out_rel=out_rel,
        output_ext=".html",
        source_hash=digest,
        kind="generated",
        title=title,
        layout=layout,
        extra=extra,
    )


def headline(run: Run) -> str:
    """The first scored task's best-of-N PSNR and SSIM: '1→15: 24.31 dB PSNR, 0.912 SSIM ...'."""
    for task in run.tasks():
        entry = run.metrics.get(task)
        if isinstance(entry, dict) and isinstance(entry.get("psnr_best"), (int, float)):
            ssim = entry.get("ssim_best")
            ssim_text = f", {ssim:.3f} SSIM" if isinstance(ssim, (int, float)) else ""
            label = entry.get("label") or task
            return f"{label}: {entry['psnr_best']:.2f} dB PSNR{ssim_text} (best of N)"
    return ""


def run_summary(run: Run) -> dict:
    """What /runs/ shows of a run: title, data, steps, headline, date, commit, stale flag."""
    raw = run.raw
    train, data, code = raw.get("train") or {}, raw.get("data") or {}, raw.get("code") or {}
    commit = str(code.get("git_commit") or "")
    return {
        "id": run.id,
        "title": run.title,
        "name": run.name,
        "url": run.url,
        "created": run.created,
        "date": run.created[:10],
        "data": data.get("name", ""),
        "steps": train.get("steps"),
        "wall_s": train.get("wall_s"),
        "headline": headline(run),
        "commit": commit[:10],
        "dirty": bool(code.get("dirty")),
        "stale": run.stale,
    }


def run_detail(run: Run, *, cache_dir: Path | None, baseurl: str) -> dict:
    """Everything /runs/<id>/ shows; `*_html` values are markup (figures, tables, charts)."""
    raw = run.raw
    detail = run_summary(run)
    detail.update(
        changed_configs=list(run.changed_configs),
        config_path=raw.get("config_path") or "",
        config_hash=raw.get("config_hash") or "",
        config_yaml=run.config_yaml,
        train=raw.get("train") or {},
        data_info=raw.get("data") or {},
        env=raw.get("env") or {},
        code=raw.get("code") or {},
        timings=raw.get("timings") or {},
        messages=[str(message) for message in raw.get("messages") or []],
        metrics_html=metrics_table([run]) if run.metrics else "",
        charts_html=[chart_html(chart, cache_dir=cache_dir) for chart in _metric_charts(run)],
        loss_html=chart_html(loss_chart(run), cache_dir=cache_dir) if run.loss else "",
        tasks=[
            _task_section(run, task, baseurl=baseurl) for task in run.tasks() if run.samples(task)
        ],
    )
    return detail


def _metric_charts(run: Run) -> list[Chart]:
    """Per-frame PSNR and SSIM (best of N) over the run's tasks, with the copy-last baseline."""
    charts = [
        per_frame_chart([run], metric=metric, tasks="*", stat="best", baselines=("copy_last",))
        for metric in ("psnr", "ssim")
    ]
    return [chart for chart in charts if chart.series]


def _task_section(run: Run, task: str, *, baseurl: str) -> dict:
    """One task's samples as figure pairs with the truth/sample toggle."""
    entry = run.metrics.get(task) if isinstance(run.metrics.get(task), dict) else {}
    figures = [
        sample_figure(run, artifact, baseurl=baseurl, toggle=True) for artifact in run.samples(task)
    ]
    return {
        "name": task,
        "label": entry.get("label") or task,
        "id": f"task-{task}",
        "figures_html": "\n".join(figures),
    }
