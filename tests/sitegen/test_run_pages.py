"""sitegen.run_pages: /runs/ and /runs/<id>/ as generated pages with charts, tables and samples."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.errors import drain_warnings
from sitegen.render import TEMPLATES_DIR, document_drop
from sitegen.run_pages import loss_chart, run_pages
from sitegen.runs import read_runs
from sitegen.theme import make_theme_env

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "runs"
COND = "mmnist_cond-20261125-120000"
UNCOND = "mmnist_uncond_resample-20261125-130000"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the fixture repository root that a test may change."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def _pages(repo: Path, **kwargs):
    runs = read_runs(repo / "experiments" / "runs", repo_root=repo)
    drain_warnings()
    return {page.url: page for page in run_pages(runs, **kwargs)}


def test_one_listing_and_one_page_per_run(repo: Path) -> None:
    pages = _pages(repo)
    assert sorted(pages) == ["/runs/", f"/runs/{COND}/", f"/runs/{UNCOND}/"]
    listing = pages["/runs/"]
    assert (listing.layout, listing.out_rel, listing.kind) == (
        "runs",
        "runs/index.html",
        "generated",
    )
    assert [run["id"] for run in listing.extra["runs"]] == [UNCOND, COND]
    cond = {run["id"]: run for run in listing.extra["runs"]}[COND]
    assert cond["headline"].startswith("2→6 prediction: ") and cond["headline"].endswith(
        " SSIM (best of N)"
    )
    assert (cond["steps"], cond["data"], cond["commit"], cond["date"]) == (
        200,
        "moving_mnist",
        "0123456789",
        "2026-11-25",
    )
    page = pages[f"/runs/{COND}/"]
    assert (page.layout, page.out_rel, page.title) == (
        "run",
        f"runs/{COND}/index.html",
        "Moving MNIST, conditional training",
    )


def test_run_page_has_metrics_charts_loss_and_samples_by_task(repo: Path, tmp_path: Path) -> None:
    run = _pages(repo, cache_dir=tmp_path / "cache", baseurl="/blog")[f"/runs/{COND}/"].extra["run"]
    assert "metrics-table" in run["metrics_html"]
    assert len(run["charts_html"]) == 2  # PSNR and SSIM per frame
    assert "Training loss" in run["loss_html"] and "<svg" in run["loss_html"]
    assert [task["name"] for task in run["tasks"]] == ["predict", "infill", "generate"]
    predict = run["tasks"][0]["figures_html"]
    assert predict.count("<figure") == 2 and predict.count('data-truth="/blog/assets/runs/') == 2
    assert not run["stale"] and run["changed_configs"] == []
    assert "moving_mnist" in run["config_yaml"]
    assert len(list((tmp_path / "cache").glob("*.svg"))) == 6  # 3 charts for each of the 2 runs


def test_stale_run_page_says_which_config_changed(repo: Path) -> None:
    config = repo / "experiments" / "configs" / "mmnist_cond.yaml"
    config.write_text(config.read_text().replace("steps: 200", "steps: 400"))
    pages = _pages(repo)
    run = pages[f"/runs/{COND}/"].extra["run"]
    assert run["stale"] and run["changed_configs"] == ["experiments/configs/mmnist_cond.yaml"]
    assert {r["id"]: r["stale"] for r in pages["/runs/"].extra["runs"]} == {
        COND: True,
        UNCOND: False,
    }


def test_page_hash_changes_with_the_run_and_its_config(repo: Path) -> None:
    before = {url: page.source_hash for url, page in _pages(repo).items()}
    (repo / "experiments" / "configs" / "mmnist_cond.yaml").write_text("changed: true\n")
    after = {url: page.source_hash for url, page in _pages(repo).items()}
    assert before[f"/runs/{UNCOND}/"] == after[f"/runs/{UNCOND}/"]
    assert before[f"/runs/{COND}/"] != after[f"/runs/{COND}/"]


def test_no_runs_no_pages() -> None:
    assert run_pages([]) == []


def test_long_loss_logs_are_thinned_to_200_points_keeping_the_last(repo: Path) -> None:
    log = repo / "experiments" / "runs" / COND / "log.jsonl"
    log.write_text("".join(f'{{"step": {step}, "loss": {1 / step}}}\n' for step in range(1, 1001)))
    run = {run.id: run for run in read_runs(repo / "experiments" / "runs", repo_root=repo)}[COND]
    chart = loss_chart(run)
    (series,) = chart.series
    assert len(series.x) == 200 and series.x[0] == 1 and series.x[-1] == 1000
    assert chart.ylog  # loss spans 1000x: log scale
    assert chart.xlabel == "training step" and re.search(r"loss", chart.ylabel)


def _render(page, template: str) -> str:
    """A run page through our theme's Jinja layout, the way the renderer passes page drops."""
    env = make_theme_env(TEMPLATES_DIR, site={"title": "t", "baseurl": "", "url": ""})
    return env.get_template(f"layouts/{template}.html").render(page=document_drop(page), content="")


def test_stale_notice_on_the_rendered_run_page_and_listing(repo: Path) -> None:
    config = repo / "experiments" / "configs" / "mmnist_cond.yaml"
    config.write_text(config.read_text() + "# tweaked\n")
    pages = _pages(repo)
    html = _render(pages[f"/runs/{COND}/"], "run")
    assert "Config changed since this run:</strong>" in html
    assert "<code>experiments/configs/mmnist_cond.yaml</code>." in html
    listing = _render(pages["/runs/"], "runs")
    assert listing.count('<span class="run-stale">config changed since this run</span>') == 1
    fresh = _render(pages[f"/runs/{UNCOND}/"], "run")
    assert "Config changed" not in fresh


def test_rendered_run_page_sections(repo: Path) -> None:
    html = _render(_pages(repo)[f"/runs/{COND}/"], "run")
    for anchor in (
        "metrics",
        "samples",
        "training",
        "config",
        "provenance",
        "task-predict",
        "task-generate",
    ):
        assert f'id="{anchor}"' in html
    assert html.count('<figure class="sample-pair"') == 4 and html.count("data-truth=") == 4
    assert html.count('<figure class="chart"') == 3  # PSNR, SSIM per frame and the loss curve
    assert "js/runs.js?v=" in html and "css/runs.css?v=" in html
    assert "<dt>steps</dt><dd>200</dd>" in html and "26.0 clips/s" in html


def test_run_messages_are_listed_as_notes(repo: Path) -> None:
    path = repo / "experiments" / "runs" / COND / "run.json"
    path.write_text(
        path.read_text().replace(
            '"status": "complete",', '"status": "complete", "messages": ["FVD skipped"],'
        )
    )
    html = _render(_pages(repo)[f"/runs/{COND}/"], "run")
    assert '<ul class="run-messages">' in html and "<li>FVD skipped</li>" in html
