"""Runs through the builder: run pages, tags in posts, media, budget/stale warnings, no torch."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import plots
from sitegen.errors import BuildError
from sitegen.pipeline import build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "runs"
COND = "mmnist_cond-20261125-120000"
UNCOND = "mmnist_uncond_resample-20261125-130000"
POST = """---
title: Results
---
Prediction from two frames:

{% sample run="mmnist_cond" task="predict" index=0 %}

{% gallery run="mmnist_*" task="predict*" limit=3 %}

{% metrics run="mmnist_*" task="predict*" %}

{% plot runs="mmnist_*" metric="psnr" task="predict*" %}
"""


def _site(tmp_path: Path, post: str = POST, config: str = "") -> Path:
    """A repository copy with the fixture runs and a blog in site/ whose post uses every run tag."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    site = repo / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(f"title: Runs\nruns_dir: ../experiments/runs\n{config}")
    (site / "_posts" / "2026-11-25-results.md").write_text(post)
    return site


def _media_urls(html: str) -> set[str]:
    return set(re.findall(r'(?:src|data-truth)="(/assets/runs/[^"]+)"', html))


def test_run_pages_and_every_referenced_media_file_are_written(tmp_path: Path) -> None:
    site = _site(tmp_path)
    out = tmp_path / "_site"
    result = build(site, out, quiet=True, jobs=1)
    pages = [
        out / "runs" / "index.html",
        out / "runs" / COND / "index.html",
        out / "runs" / UNCOND / "index.html",
    ]
    assert all(page.is_file() for page in pages)
    post = out / "2026" / "11" / "25" / "results.html"
    html = post.read_text()
    assert (
        html.count('<figure class="sample-pair"') == 4
        and "<video" in html
        and 'class="chart"' in html
    )
    referenced = set()
    for page in [post, *pages]:
        referenced |= _media_urls(page.read_text())
    assert referenced and all((out / url.lstrip("/")).is_file() for url in referenced)
    assert "experiments/runs/broken-20261125-140000/run.json:4: invalid JSON" in " ".join(
        map(str, result.warnings)
    )


def test_media_budget_warning_names_the_page(tmp_path: Path) -> None:
    site = _site(tmp_path, config="media_budget_mb: 0.001\n")
    warnings = [str(w) for w in build(site, tmp_path / "_site", quiet=True, jobs=1).warnings]
    post_warning = [w for w in warnings if "_posts/2026-11-25-results.md" in w]
    assert len(post_warning) == 1 and re.search(
        r"page loads \d+ kB of run media \(budget 0\.001 MB", post_warning[0]
    )


def test_missing_run_is_a_build_error_naming_post_and_line(tmp_path: Path) -> None:
    site = _site(
        tmp_path, post='---\ntitle: x\n---\nText.\n\n{% gallery run="bair*" task="predict" %}\n'
    )
    with pytest.raises(BuildError) as error:
        build(site, tmp_path / "_site", quiet=True, jobs=1)
    assert re.fullmatch(
        r".*_posts/2026-11-25-results\.md:6: gallery: no run matches 'bair\*' \(runs: .*\)",
        str(error.value),
    )


def test_changed_config_shows_on_the_run_page_and_as_a_warning(tmp_path: Path) -> None:
    site = _site(tmp_path)
    config = site.parent / "experiments" / "configs" / "mmnist_cond.yaml"
    config.write_text(config.read_text() + "# retuned\n")
    result = build(site, tmp_path / "_site", quiet=True, jobs=1)
    assert any(
        str(w).endswith("config changed since this run: experiments/configs/mmnist_cond.yaml")
        for w in result.warnings
    )
    page = (tmp_path / "_site" / "runs" / COND / "index.html").read_text()
    assert "Config changed since this run:</strong>" in page


def _imported_after_build(site: Path, out: Path) -> str:
    """Build in a fresh interpreter; the heavy modules it imported, as printed by it."""
    script = (
        "import sys\nfrom sitegen.pipeline import build\n"
        f"build({str(site)!r}, {str(out)!r}, quiet=True, jobs=1)\n"
        "heavy = ('torch', 'vdiff', 'experiments', 'matplotlib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return result.stdout.strip()


def test_no_torch_ever_and_matplotlib_only_to_draw_new_charts(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert _imported_after_build(site, tmp_path / "_site") == "['matplotlib']"
    post = site / "_posts" / "2026-11-25-results.md"
    post.write_text(post.read_text() + "\nOne more sentence.\n")
    assert (
        _imported_after_build(site, tmp_path / "_site") == "[]"
    )  # every chart comes from the cache


def test_two_clean_builds_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    outputs = []
    for name in ("a", "b"):
        monkeypatch.setattr(plots, "_svg_memory", {})  # redraw every chart
        out = tmp_path / name / "_site"
        build(site, out, quiet=True, jobs=1)
        outputs.append(
            {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    assert outputs[0] == outputs[1] and any(str(p).startswith("assets/runs/") for p in outputs[0])


def test_the_committed_blog_builds_and_every_run_media_file_it_references_exists(
    tmp_path: Path,
) -> None:
    repo = Path(__file__).resolve().parents[2]
    out = tmp_path / "_site"
    build(repo / "site_src", out, quiet=True)
    runs = [
        path.parent.name
        for path in sorted((repo / "experiments" / "runs").glob("*/run.json"))
        if json.loads(path.read_text()).get("status") == "complete"
    ]
    pages = sorted(out.rglob("*.html"))
    referenced = set()
    for page in pages:
        referenced |= _media_urls(page.read_text(encoding="utf-8"))
    missing = sorted(url for url in referenced if not (out / url.lstrip("/")).is_file())
    assert missing == []
    for run_id in runs:
        assert (out / "runs" / run_id / "index.html").is_file()


def _tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_incremental_build_after_run_changes_equals_a_clean_build(tmp_path: Path) -> None:
    site = _site(tmp_path)
    runs_dir = site.parent / "experiments" / "runs"
    build(site, tmp_path / "a" / "_site", quiet=True, jobs=1)
    shutil.rmtree(runs_dir / UNCOND)
    config = site.parent / "experiments" / "configs" / "mmnist_cond.yaml"
    config.write_text(config.read_text() + "# retuned\n")
    post = site / "_posts" / "2026-11-25-results.md"
    post.write_text(post.read_text().replace('run="mmnist_*"', 'run="mmnist_cond"'))
    build(site, tmp_path / "a" / "_site", quiet=True, jobs=1)
    build(site, tmp_path / "b" / "_site", quiet=True, jobs=1)
    incremental, clean = _tree(tmp_path / "a" / "_site"), _tree(tmp_path / "b" / "_site")
    assert incremental == clean
    assert not any(UNCOND in name for name in clean)
