"""sitegen.plots: inline SVG line charts (matplotlib, cached by content hash) and data tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen import plots
from sitegen.plots import Chart, Series, chart_html, chart_svg, chart_table


def _chart(offset: float = 0.0) -> Chart:
    return Chart(
        title="PSNR per frame",
        xlabel="frame index",
        ylabel="PSNR (dB)",
        series=(
            Series("ours", (0, 1, 2, 3), (None, None, 24.5 + offset, 23.125)),
            Series("copy last", (0, 1, 2, 3), (None, None, 18.0, 17.0), baseline=True),
        ),
        number_format=".2f",
    )


@pytest.fixture(autouse=True)
def empty_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without drawn charts in memory."""
    monkeypatch.setattr(plots, "_svg_memory", {})


def test_table_has_a_row_per_x_with_points_and_a_column_per_series() -> None:
    table = chart_table(_chart())
    assert re.findall(r'<th scope="col">([^<]*)</th>', table) == [
        "frame index",
        "ours",
        "copy last",
    ]
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', table)
    assert [(x, re.findall(r"<td>([^<]*)</td>", cells)) for x, cells in rows] == [
        ("2", ["24.50", "18.00"]),
        ("3", ["23.12", "17.00"]),
    ]


def test_missing_points_show_a_dash() -> None:
    chart = Chart(
        "t", "x", "y", (Series("a", (0, 1), (1.0, None)), Series("b", (0, 1), (2.0, 3.0)))
    )
    assert '<tr><th scope="row">1</th><td>–</td><td>3.000</td></tr>' in chart_table(chart)


def test_svg_is_inline_ready_deterministic_and_one_group_per_series() -> None:
    chart = _chart()
    svg = chart_svg(chart, key=chart.key(), cache_dir=None)
    assert svg.startswith("<svg") and "<metadata>" not in svg and "\n\n" not in svg
    assert "currentColor" in svg and 'role="img"' in svg and 'aria-label="PSNR per frame"' in svg
    prefix = f"c{chart.key()[:10]}"
    assert re.findall(r'<g id="([^"]*series-\d+)">', svg) == [
        f"{prefix}-series-0",
        f"{prefix}-series-1",
    ]
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert all(i.startswith(prefix + "-") for i in ids) and len(ids) == len(set(ids))
    assert (
        f"#{prefix}-figure_1 *{{stroke-linejoin" in svg
    )  # matplotlib's * rule scoped to this chart
    assert all(ref.startswith(prefix) for ref in re.findall(r"url\(#([^)]+)\)", svg))
    plots._svg_memory.clear()
    assert chart_svg(chart, key=chart.key(), cache_dir=None) == svg


def test_two_charts_on_one_page_share_no_ids() -> None:
    first, second = chart_html(_chart()), chart_html(_chart(offset=1.0))
    ids = re.findall(r'\bid="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))


def test_cached_svg_is_reused_without_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart = _chart()
    drawn = chart_html(chart, cache_dir=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"{chart.key()}.svg"]
    plots._svg_memory.clear()

    def no_drawing(*args: object, **kwargs: object) -> str:
        raise AssertionError("matplotlib should not run for a cached chart")

    monkeypatch.setattr(plots, "_draw", no_drawing)
    assert chart_html(chart, cache_dir=tmp_path) == drawn


def test_key_follows_the_numbers_and_labels() -> None:
    assert _chart().key() == _chart().key()
    assert _chart().key() != _chart(offset=0.01).key()
    assert Chart("a", "x", "y", ()).key() != Chart("b", "x", "y", ()).key()


def test_html_has_caption_svg_and_data_table() -> None:
    out = chart_html(_chart())
    assert out.startswith('<figure class="chart"') and out.endswith("</figure>")
    assert "<figcaption>PSNR per frame</figcaption>" in out
    assert '<details class="chart-data"><summary>Data table</summary>' in out
    assert (
        ">frame index</text>" in out and ">PSNR (dB)</text>" in out and ">copy last</text>" in out
    )
