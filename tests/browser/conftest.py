"""Headless Chromium (Debian's chromium + chromium-driver, through Selenium) against `serve` on a copy of the blog.

The copy is site_src/ plus one post these tests write (math, PNG, GIF, MP4, a run gallery) and a
small run folder, so every check has something to look at whatever the real posts hold today.
The browser reaches 127.0.0.1 only: every other host goes to a dead proxy and fails loudly.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sitegen import pipeline
from sitegen.serve import SiteServer, watch_paths

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", REPO / "build" / "browser-artifacts"))
RUN_ID = "browser-fixture-20260101-000000"
FIXTURE_POST = "2026-01-02-browser-fixture.md"
_POST_TEXT = """---
layout: post
title: Browser fixture
tags: [test]
---

Inline math $$\\alpha_t = \\prod_s (1 - \\beta_s)$$ inside a sentence.

$$
\\mathbf{x}_t = \\sqrt{\\bar\\alpha_t}\\, \\mathbf{x}_0 + \\sqrt{1 - \\bar\\alpha_t}\\, \\epsilon
$$

![A still](/assets/browser/still.png)

![A loop](/assets/browser/loop.gif)

<video src="{{ '/assets/browser/clip.mp4' | relative_url }}" muted loop playsinline></video>

```python
print("highlighted")
```

{% gallery run="browser-fixture*" task="predict" %}
"""


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} not found (apt-get install {package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium==4.51.0)"
    return None


def _frames(count: int, size: int = 32) -> np.ndarray:
    """count RGB frames [T, H, W, 3] uint8 with a moving bright square."""
    frames = np.full((count, size, size, 3), 30, dtype=np.uint8)
    for t in range(count):
        frames[t, 8:16, 2 + 3 * t: 10 + 3 * t] = (240, 200, 40)
    return frames


def _write_media(folder: Path, stem: str) -> dict[str, str]:
    """A PNG strip, an animated GIF and an H.264 MP4 of the same frames; returns kind → file name."""
    import imageio.v3 as iio

    folder.mkdir(parents=True, exist_ok=True)
    frames = _frames(6)
    Image.fromarray(np.concatenate(list(frames[:2]), axis=1)).save(folder / f"{stem}-cond.png")
    images = [Image.fromarray(frame) for frame in frames]
    images[0].save(folder / f"{stem}.gif", save_all=True, append_images=images[1:], duration=200, loop=0)
    iio.imwrite(folder / f"{stem}.mp4", frames, fps=5, codec="libx264", pixelformat="yuv420p")
    return {"png": f"{stem}-cond.png", "gif": f"{stem}.gif", "mp4": f"{stem}.mp4"}


def _write_run(runs_dir: Path) -> None:
    """One complete run folder (DESIGN.md schema 1): a predict sample with its truth, and a loss log."""
    run_dir = runs_dir / RUN_ID
    files = _write_media(run_dir / "samples" / "predict", "000")
    truth = [Image.fromarray(frame[:, ::-1]) for frame in _frames(6)]
    truth[0].save(run_dir / "samples" / "predict" / "000-truth.gif", save_all=True, append_images=truth[1:],
                  duration=200, loop=0)
    files["truth"] = "000-truth.gif"
    run = {
        "schema": 1, "id": RUN_ID, "title": "Browser fixture run", "created": "2026-01-01T00:00:00Z",
        "status": "complete", "config": {"data": {"name": "bouncing_balls"}}, "code": {"git_commit": "0" * 40,
        "dirty": False}, "env": {"python": "3.11", "torch": "2.13.0", "device": "cpu", "gpus": 0},
        "data": {"name": "bouncing_balls", "split": "test", "clips": 1},
        "train": {"steps": 1, "batch": 1, "wall_s": 1.0, "clips_per_s": 1.0},
        "metrics": {"predict": {"psnr": 20.0, "ssim": 0.5, "label": "predict", "n_given": 2, "frames": 6}},
        "baselines": {},
        "artifacts": [{"task": "predict", "index": 0, "cond": [0, 1], "frames": 6, "fps": 5,
                       "caption": "fixture sample", **{kind: f"samples/predict/{name}" for kind, name in files.items()}}],
    }
    (run_dir / "log.jsonl").write_text("".join(json.dumps({"step": step, "loss": 1.0 / (1 + step)}) + "\n"
                                               for step in range(0, 50, 5)))
    (run_dir / "run.json").write_text(json.dumps(run, indent=1))


@pytest.fixture(scope="session")
def blog(tmp_path_factory):
    """A running SiteServer over a copy of the blog with the fixture post and run; yields it."""
    reason = _missing_browser()
    if reason:
        pytest.skip(f"browser tests need Chromium: {reason}")
    root = tmp_path_factory.mktemp("blog")
    src = root / "site_src"
    shutil.copytree(REPO / "site_src", src)
    (src / "_posts" / FIXTURE_POST).write_text(_POST_TEXT)
    media = _write_media(src / "assets" / "browser", "media")
    for kind, target in (("png", "still.png"), ("gif", "loop.gif"), ("mp4", "clip.mp4")):
        (src / "assets" / "browser" / media[kind]).rename(src / "assets" / "browser" / target)
    # the real posts show the committed runs; their config files make them current, not stale
    shutil.copytree(REPO / "experiments" / "runs", root / "experiments" / "runs",
                    ignore=shutil.ignore_patterns("checkpoints", "adhoc"))
    shutil.copytree(REPO / "experiments" / "configs", root / "experiments" / "configs")
    _write_run(root / "experiments" / "runs")
    out = root / "_site"
    rebuild = functools.partial(pipeline.build, src, out, quiet=True)
    server = SiteServer(out, rebuild, watch=watch_paths(src), port=0)
    server.start()
    if server.state.error:
        server.stop()
        pytest.fail(f"the blog does not build: {server.state.error}")
    server.src_dir, server.run_id, server.fixture_post, server.artifacts = src, RUN_ID, FIXTURE_POST, ARTIFACTS
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(blog):
    """Headless Chromium that can reach 127.0.0.1 only; console messages kept for get_log('browser')."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--proxy-server=127.0.0.1:9",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                     "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(15)
    driver.set_script_timeout(15)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
