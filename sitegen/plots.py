"""Line charts as inline SVG (matplotlib, imported only to redraw) plus a <table> of the numbers."""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import os
import re
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

# Drawn in this sentinel colour, then replaced by currentColor: text and axes follow the page.
_INK = "#010203"
# Okabe–Ito hues that keep their contrast on light and on dark backgrounds.
_PALETTE = ("#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#d55e00", "#0072b2", "#999999")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_STYLE_VERSION = "2"  # bump when the drawing code changes, so cached SVGs are redrawn
_svg_memory: dict[str, str] = {}


@dataclass(frozen=True)
class Series:
    """One line: y values (None = no point) at x; `baseline` lines are dashed, in text colour."""

    label: str
    x: tuple[float, ...]
    y: tuple[float | None, ...]
    baseline: bool = False


@dataclass(frozen=True)
class Chart:
    """A line chart; axis labels carry units, `number_format` formats table cells ('.2f')."""

    title: str
    xlabel: str
    ylabel: str
    series: tuple[Series, ...]
    number_format: str = ".3f"
    ylog: bool = False

    def key(self) -> str:
        """Hash of all that changes the drawing (data, labels, style, matplotlib version)."""
        payload = json.dumps([asdict(self), _STYLE_VERSION, _matplotlib_version()], sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@functools.cache
def _matplotlib_version() -> str:
    """matplotlib's version from its metadata (no import), part of every chart's cache key."""
    return version("matplotlib")


def chart_html(chart: Chart, *, cache_dir: Path | None = None) -> str:
    """A <figure>: inline SVG, caption, and a <details> data table (for screen readers too)."""
    key = chart.key()
    svg = chart_svg(chart, key=key, cache_dir=cache_dir)
    caption = html.escape(chart.title)
    return (
        f'<figure class="chart" id="chart-{key[:10]}">\n{svg}\n'
        f"<figcaption>{caption}</figcaption>\n"
        f'<details class="chart-data"><summary>Data table</summary>\n{chart_table(chart)}\n'
        "</details>\n"
        f"</figure>"
    )


def chart_table(chart: Chart) -> str:
    """The chart's numbers as a table: a row per x that has a point, a column per series."""
    columns = [dict(zip(s.x, s.y, strict=True)) for s in chart.series]
    xs = sorted({x for column in columns for x, y in column.items() if y is not None})
    head = "".join(f'<th scope="col">{html.escape(s.label)}</th>' for s in chart.series)
    rows = []
    for x in xs:
        cells = "".join(
            f"<td>{_format(column.get(x), chart.number_format)}</td>" for column in columns
        )
        rows.append(f'<tr><th scope="row">{_format(x, "g")}</th>{cells}</tr>')
    return (
        f'<table class="chart-table">\n<caption>{html.escape(chart.title)}</caption>\n'
        f'<thead><tr><th scope="col">{html.escape(chart.xlabel)}</th>{head}</tr></thead>\n'
        f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _format(value: float | None, spec: str) -> str:
    """A table cell: the number in `spec`, or an en dash when there is none."""
    return "–" if value is None else format(value, spec)


def chart_svg(chart: Chart, *, key: str, cache_dir: Path | None) -> str:
    """The chart's inline SVG from memory, from cache_dir/<key>.svg, or drawn now; kept in both."""
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    svg = _svg_memory.get(key)
    if svg is None and cached and cached.is_file():
        svg = cached.read_text(encoding="utf-8")
    if svg is None:
        svg = _inline(_draw(chart, salt=key[:16]), prefix=f"c{key[:10]}", title=chart.title)
    if cached and not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        temp = cached.with_suffix(f".{os.getpid()}.tmp")  # workers may write the same chart at once
        temp.write_text(svg, encoding="utf-8")
        temp.replace(cached)
    _svg_memory[key] = svg
    return svg


def _draw(chart: Chart, *, salt: str) -> str:
    """Draw with matplotlib (imported here: only new charts pay for it); returns the SVG text."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    style = {
        "svg.fonttype": "none",
        "svg.hashsalt": salt,
        "font.size": 10,
        "font.family": "sans-serif",
        "text.color": _INK,
        "axes.edgecolor": _INK,
        "axes.labelcolor": _INK,
        "xtick.color": _INK,
        "ytick.color": _INK,
        "legend.frameon": False,
    }
    with matplotlib.rc_context(style):
        figure = Figure(figsize=(6.4, 3.6))
        axes = figure.add_subplot()
        for i, series in enumerate(chart.series):
            _draw_series(axes, series, i)
        if all(float(x).is_integer() for series in chart.series for x in series.x):
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # frame 3, not 2.5
        axes.set_xlabel(chart.xlabel)
        axes.set_ylabel(chart.ylabel)
        if chart.ylog:
            axes.set_yscale("log")
        axes.grid(True, color=_INK, alpha=0.15, linewidth=0.6)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(loc="best", fontsize=9)
        buffer = io.StringIO()
        figure.savefig(
            buffer,
            format="svg",
            transparent=True,
            bbox_inches="tight",
            metadata={"Date": None, "Creator": None},
        )
    return buffer.getvalue()


def _draw_series(axes, series: Series, i: int) -> None:  # noqa: ANN001 - matplotlib Axes, imported lazily
    """One line with a marker; gid `series-<i>` lets tests and scripts find it in the SVG."""
    points = [(x, y) for x, y in zip(series.x, series.y, strict=True) if y is not None]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if series.baseline:
        style = {"color": _INK, "linestyle": "--", "alpha": 0.75}
    else:
        style = {"color": _PALETTE[i % len(_PALETTE)]}
    marker = _MARKERS[i % len(_MARKERS)] if len(xs) <= 40 else None
    (line,) = axes.plot(
        xs, ys, label=series.label, marker=marker, markersize=4, linewidth=1.6, **style
    )
    line.set_gid(f"series-{i}")


def _inline(svg: str, *, prefix: str, title: str) -> str:
    """A matplotlib SVG made safe to inline: no prolog, ids unique per chart, colours from CSS."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    svg = svg.replace(_INK, "currentColor")
    # matplotlib's `*{...}` rule would style every SVG on the page: scope it to this chart.
    svg = svg.replace("*{stroke-linejoin", f"#{prefix}-figure_1 *{{stroke-linejoin")
    svg = re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        rf'<svg\1 width="100%" role="img" aria-label="{html.escape(title)}" class="chart-svg"',
        svg,
        count=1,
    )
    # Blank lines would end the HTML block inside Markdown.
    return "\n".join(line for line in svg.splitlines() if line.strip())
