"""sitegen.media: content-hashed names, GIF optimisation, the per-page media budget."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageSequence

from sitegen import media
from sitegen.config import read_config
from sitegen.errors import BuildError, drain_warnings
from sitegen.media import (
    check_media_budget,
    collect_media,
    media_budget,
    media_file,
    media_sizes,
    optimise_gif,
    page_media_bytes,
)
from sitegen.runs import read_runs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "runs"
COND = "mmnist_cond-20261125-120000"


def _clip_gif(path: Path) -> Path:
    """A 16-frame 48×48 GIF: a bright square moving over a static gradient (as samples look)."""
    y, x = np.mgrid[0:48, 0:48]
    background = np.stack([x * 5, y * 5, np.full_like(x, 90)], axis=-1).astype(np.uint8)
    frames = []
    for t in range(16):
        frame = background.copy()
        frame[10:20, 2 + 2 * t : 12 + 2 * t] = (250, 240, 30)
        frames.append(Image.fromarray(frame))
    frames[0].save(
        path, save_all=True, append_images=frames[1:], duration=120, loop=0, optimize=False
    )
    return path


def _loop(data: bytes) -> int | None:
    with Image.open(io.BytesIO(data)) as gif:
        return gif.info.get("loop")


def _frames(data: bytes) -> tuple[list[np.ndarray], list[int]]:
    with Image.open(io.BytesIO(data)) as gif:
        frames = [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(gif)]
    with Image.open(io.BytesIO(data)) as gif:
        durations = [frame.info.get("duration") for frame in ImageSequence.Iterator(gif)]
    return frames, durations


def test_media_file_name_carries_the_content_hash_and_size(tmp_path: Path) -> None:
    gif = _clip_gif(tmp_path / "000.gif")
    described = media_file(gif, run_id="run-1", rel="samples/predict/000.gif")
    assert described.out_rel == f"assets/runs/run-1/samples-predict-000.{described.digest[:10]}.gif"
    assert (described.width, described.height, described.size) == (48, 48, gif.stat().st_size)
    gif.write_bytes(gif.read_bytes() + b"\0")
    assert (
        media_file(gif, run_id="run-1", rel="samples/predict/000.gif").out_rel != described.out_rel
    )


def test_pillow_optimisation_keeps_frames_and_timing_and_shrinks(tmp_path: Path) -> None:
    data = _clip_gif(tmp_path / "clip.gif").read_bytes()
    optimised = optimise_gif(data, method="pillow")
    assert len(optimised) < len(data)
    before, after = _frames(data), _frames(optimised)
    assert after[1] == before[1] == [120] * 16 and _loop(optimised) == _loop(data) == 0
    assert all(np.array_equal(a, b) for a, b in zip(before[0], after[0], strict=True))


@pytest.mark.skipif(
    shutil.which("gifsicle") is None, reason="gifsicle is optional and not installed"
)
def test_gifsicle_optimisation_keeps_frames(tmp_path: Path) -> None:
    data = _clip_gif(tmp_path / "clip.gif").read_bytes()
    optimised = optimise_gif(data, method="gifsicle")
    assert len(optimised) < len(data) and _loop(optimised) == 0
    assert _frames(optimised)[1] == [120] * 16
    assert all(
        np.array_equal(a, b) for a, b in zip(_frames(data)[0], _frames(optimised)[0], strict=True)
    )


def test_optimise_gif_rejects_unknown_methods() -> None:
    with pytest.raises(ValueError, match="method: expected 'gifsicle' or 'pillow', got 'lzw'"):
        optimise_gif(b"GIF89a", method="lzw")


def test_read_bytes_optimises_gifs_once_per_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gif = media_file(_clip_gif(tmp_path / "a.gif"), run_id="r", rel="a.gif")
    calls = []
    real = media.optimise_gif
    monkeypatch.setattr(
        media,
        "optimise_gif",
        lambda data, method: calls.append(method) or real(data, method=method),
    )
    first = gif.read_bytes(cache_dir=tmp_path / "cache")
    assert gif.read_bytes(cache_dir=tmp_path / "cache") == first and len(calls) == 1
    png = tmp_path / "a.png"
    Image.new("RGB", (4, 4)).save(png)
    assert media_file(png, run_id="r", rel="a.png").read_bytes() == png.read_bytes()


def test_collect_media_and_sizes_cover_every_artifact_once(tmp_path: Path) -> None:
    runs = read_runs(FIXTURE / "experiments" / "runs", repo_root=FIXTURE)
    drain_warnings()
    files = collect_media(runs)
    assert len(files) == len({f.out_rel for f in files}) == 18
    assert [f.out_rel for f in files] == sorted(f.out_rel for f in files)
    sizes = media_sizes(runs, baseurl="/blog")
    assert all(url.startswith("/blog/assets/runs/") for url in sizes)


def test_page_media_bytes_counts_loaded_media_once_and_skips_video_fallbacks() -> None:
    sizes = {
        "/assets/runs/r/a.png": 100,
        "/assets/runs/r/b.mp4": 1000,
        "/assets/runs/r/b.gif": 5000,
    }
    page = (
        '<img src="/assets/runs/r/a.png"><img src="/assets/runs/r/a.png">'
        '<video autoplay><source src="/assets/runs/r/b.mp4">'
        '<img src="/assets/runs/r/b.gif"></video>'
        '<img src="/assets/other.png">'
    )
    assert page_media_bytes(page, sizes) == 1100
    assert page_media_bytes("<p>no media</p>", sizes) == 0


def test_budget_warning_names_the_page_and_sizes() -> None:
    drain_warnings()
    page = '<img src="/assets/runs/r/a.gif">'
    check_media_budget(
        page,
        path="site_src/_posts/x.md",
        sizes={"/assets/runs/r/a.gif": 2_500_000},
        budget=2_000_000,
    )
    check_media_budget(
        page,
        path="site_src/_posts/y.md",
        sizes={"/assets/runs/r/a.gif": 1_500_000},
        budget=2_000_000,
    )
    assert [str(w) for w in drain_warnings()] == [
        "site_src/_posts/x.md: page loads 2.5 MB of run media "
        "(budget 2 MB, 'media_budget_mb' in _config.yml)"
    ]


def test_media_budget_from_config(tmp_path: Path) -> None:
    assert media_budget(read_config(tmp_path)) == 10_000_000
    (tmp_path / "_config.yml").write_text("title: x\nmedia_budget_mb: 2.5\n")
    assert media_budget(read_config(tmp_path)) == 2_500_000
    (tmp_path / "_config.yml").write_text("title: x\nmedia_budget_mb: lots\n")
    with pytest.raises(BuildError) as error:
        media_budget(read_config(tmp_path))
    assert str(error.value) == (
        f"{tmp_path}/_config.yml:2: 'media_budget_mb': expected a positive number "
        "of megabytes, got 'lots'"
    )
