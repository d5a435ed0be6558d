"""sitegen.run_tags: gallery, sample, metrics and plot tags through the site's LiquidRenderer."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import sitegen.run_tags  # noqa: F401 - registers gallery, sample, metrics, plot
from sitegen.errors import BuildError, drain_warnings
from sitegen.liquid import LiquidRenderer
from sitegen.runs import read_runs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "runs"
COND = "mmnist_cond-20261125-120000"
UNCOND = "mmnist_uncond_resample-20261125-130000"
POST = "site_src/_posts/2026-11-25-results.md"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    """The fixture runs, read once."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    found = read_runs(root / "experiments" / "runs", repo_root=root)
    drain_warnings()
    return found


@pytest.fixture
def render(runs, tmp_path: Path):
    """render(source) with a LiquidRenderer knowing the fixture runs; the body starts at line 4."""
    renderer = LiquidRenderer(
        tmp_path,
        site={"baseurl": "/blog"},
        post_urls={},
        page_urls={},
        markdownify=str,
        runs=runs,
        cache_dir=tmp_path / "cache",
    )
    return lambda source: renderer.render(source, {}, path=POST, line_offset=3)


def _run_json(run_id: str) -> dict:
    return json.loads((FIXTURE / "experiments" / "runs" / run_id / "run.json").read_text())


def test_gallery_shows_figure_pairs_of_the_matching_runs(render, runs) -> None:
    out = render('{% gallery run="mmnist_cond*" task="predict" limit=8 %}')
    assert out.startswith('<div class="gallery">') and out.count('<figure class="sample-pair"') == 2
    assert "\n\n" not in out  # one HTML block for Markdown
    media = {run.id: run for run in runs}[COND].media
    png, gif = media["samples/predict/000-cond.png"], media["samples/predict/001.gif"]
    assert (
        f'<img class="sample-given" src="/blog{png.url}" width="32" height="16" loading="lazy" '
        'decoding="async" alt="Given: frames 0, 1 given">'
    ) in out
    assert f'src="/blog{gif.url}" width="16" height="16" loading="lazy"' in out
    assert '<span class="sample-arrow" aria-hidden="true">&rarr;</span>' in out
    assert f'<a href="/blog/runs/{COND}/">{COND}</a>' in out


def test_gallery_limit_and_task_globs(render) -> None:
    assert render('{% gallery run="mmnist_*" task="predict*" limit=1 %}').count("<figure") == 1
    assert render('{% gallery run="mmnist_*" task="predict*" %}').count("<figure") == 4


def test_sample_with_mp4_uses_video_with_gif_fallback(render, runs) -> None:
    out = render('{% sample run="mmnist_cond" task="predict" index=0 %}')
    media = {run.id: run for run in runs}[COND].media
    mp4, gif = media["samples/predict/000.mp4"], media["samples/predict/000.gif"]
    video = re.search(r"<video[^>]*>(.*?)</video>", out)
    assert video and " autoplay loop muted playsinline " in video.group(0)
    assert 'width="16" height="16"' in video.group(0)
    assert f'<source src="/blog{mp4.url}" type="video/mp4">' in video.group(1)
    assert f'src="/blog{gif.url}"' in video.group(1)
    assert "<figcaption>predict sample 0: frames 0, 1 given" in out


def test_sample_without_mp4_or_given_frames(render) -> None:
    out = render('{% sample run="mmnist_cond" task="generate" %}')
    assert (
        "<video" not in out and 'class="sample-given"' not in out and 'class="sample-video"' in out
    )
    assert 'frames none given <span class="sample-given-indices">(run <a href=' in out


def test_caption_without_given_frames_gets_them_added(render) -> None:
    out = render('{% sample run="mmnist_cond" task="infill" %}')
    assert (
        "<figcaption>Infilling the middle frames "
        '<span class="sample-given-indices">(frames 0, 7 given; run' in out
    )


def test_metrics_table_lists_tasks_with_baselines(render) -> None:
    out = render('{% metrics run="mmnist_cond" %}')
    metrics = _run_json(COND)["metrics"]
    rows = re.findall(r"<tr[^>]*><th scope=\"row\">([^<]*)</th>(.*?)</tr>", out)
    labels = [label for label, _ in rows]
    assert labels == [
        "mmnist_cond · 2→6 prediction",
        "baseline: copy last · predict",
        "baseline: mean frame · predict",
        "mmnist_cond · infill 1-6",
        "mmnist_cond · generation",
    ]
    cells = re.findall(r"<td>([^<]*)</td>", rows[0][1])
    assert cells == [
        "2",
        "4×2",
        f"{metrics['predict']['psnr']:.2f}",
        f"{metrics['predict']['psnr_best']:.2f}",
        f"{metrics['predict']['ssim']:.3f}",
        f"{metrics['predict']['ssim_best']:.3f}",
        "1.2",
    ]
    assert "FVD" not in out  # no run has an FVD: no empty column
    assert "baseline" not in render(
        '{% metrics run="mmnist_cond" task="predict" baselines=false %}'
    )


def _series_groups(svg: str) -> list[str]:
    return re.findall(r'<g id="c[0-9a-f]{10}-series-(\d+)">', svg)


def test_plot_has_one_line_per_series_and_a_table_with_the_same_numbers(render) -> None:
    out = render('{% plot runs="mmnist_*" metric="psnr" task="predict*" stat="best" %}')
    svg = out[out.index("<svg") : out.index("</svg>")]
    # uncond R=1 and R=4, cond predict, and the copy-last baseline once (the same curve).
    assert _series_groups(svg) == ["0", "1", "2", "3"]
    for group in re.findall(r'-series-\d+">(.*?)</g>', svg, re.S):
        lines = re.findall(r'<path d="([^"]*)"[^>]*style="fill: none', group)
        assert len(lines) == 1 and lines[0].count("L ") + 1 == 6  # one polyline through frames 2..7
    table = out[out.index("<table") :]
    header = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert header == [
        "frame index",
        "mmnist_uncond_resample · R=1",
        "mmnist_uncond_resample · R=4",
        "mmnist_cond · 2→6 prediction",
        "baseline: copy last",
    ]
    rows = {
        int(x): re.findall(r"<td>([^<]*)</td>", cells)
        for x, cells in re.findall(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', table)
    }
    assert sorted(rows) == [2, 3, 4, 5, 6, 7]  # frames 0 and 1 are given: no numbers
    uncond, cond = _run_json(UNCOND), _run_json(COND)
    expected = [
        uncond["metrics"]["predict_r1"],
        uncond["metrics"]["predict_r4"],
        cond["metrics"]["predict"],
    ]
    for frame, cells in rows.items():
        numbers = [entry["per_frame"]["psnr"]["best"][frame] for entry in expected]
        numbers.append(
            cond["baselines"]["copy_last"]["predict"]["per_frame"]["psnr"]["mean"][frame]
        )
        assert cells == [f"{value:.2f}" for value in numbers]


def test_plot_svg_follows_the_text_colour_and_labels_its_axes(render) -> None:
    out = render(
        '{% plot runs="mmnist_cond" metric="ssim" task="predict" stat="mean" baselines="none" %}'
    )
    svg = out[out.index("<svg") : out.index("</svg>")]
    assert _series_groups(svg) == ["0"]
    assert "currentColor" in svg and "#010203" not in svg
    assert ">frame index</text>" in svg and ">SSIM</text>" in svg
    assert 'role="img"' in svg and "<?xml" not in out and "\n\n" not in out


def test_plot_against_resampling_steps(render) -> None:
    out = render(
        '{% plot runs="mmnist_uncond_resample" metric="psnr" task="predict_r*" x="resample" %}'
    )
    svg = out[out.index("<svg") : out.index("</svg>")]
    assert _series_groups(svg) == ["0"] and ">resampling steps R</text>" in svg
    metrics = _run_json(UNCOND)["metrics"]
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>([^<]*)</td></tr>', out)
    assert rows == [
        ("1", f"{metrics['predict_r1']['psnr_best']:.2f}"),
        ("4", f"{metrics['predict_r4']['psnr_best']:.2f}"),
    ]
    cost = render('{% plot runs="mmnist_*" metric="sample_s" task="predict*" x="resample" %}')
    assert "<figcaption>sampling time against resampling steps R</figcaption>" in cost


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            '{% gallery run="bair*" task="predict" %}',
            f"gallery: no run matches 'bair*' (runs: {COND}, {UNCOND})",
        ),
        (
            '{% sample run="mmnist_cond" task="predcit" %}',
            f"sample: run {COND} has no task 'predcit' (tasks: generate, infill, predict)",
        ),
        (
            '{% sample run="mmnist_cond" task="predict" index=7 %}',
            f"sample: run {COND} task 'predict' has no sample 7 (indices: 0, 1)",
        ),
        ("{% metrics %}", "metrics: missing parameter 'run'"),
        (
            '{% plot runs="mmnist_cond" metric="fvd" task="predict" %}',
            "plot: 'metric' expects psnr or ssim, got 'fvd'",
        ),
        (
            '{% plot runs="mmnist_cond" metric="psnr" task="generate" %}',
            f"plot: no per-frame psnr for task 'generate' in {COND}",
        ),
        (
            '{% plot runs="mmnist_cond" metric="psnr" task="generate" x="resample" %}',
            f"plot: no psnr with a resample count for task 'generate' in {COND}",
        ),
        (
            '{% gallery run="mmnist_cond" task="predict" size=3 %}',
            "gallery: unknown parameter 'size' (expected run, task, limit)",
        ),
        (
            '{% gallery run="mmnist_cond" task="predict" limit="many" %}',
            "gallery: 'limit' expects a whole number, got 'many'",
        ),
    ],
)
def test_bad_tags_are_build_errors_naming_post_and_line(render, source: str, message: str) -> None:
    with pytest.raises(BuildError) as error:
        render("Intro.\n\n" + source)
    assert str(error.value) == f"{POST}:6: {message}"


def test_metrics_across_runs_lists_each_distinct_baseline_once(render) -> None:
    out = render('{% metrics run="mmnist_*" task="predict*" %}')
    labels = re.findall(r'<th scope="row">([^<]*)</th>', out)
    assert labels == [
        "mmnist_uncond_resample · R=1",
        "baseline: copy last · predict_r1",
        "baseline: mean frame · predict_r1",
        "mmnist_uncond_resample · R=4",
        "mmnist_cond · 2→6 prediction",
    ]
