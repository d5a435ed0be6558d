"""Run media under content-hashed names: GIF optimisation, image sizes, per-page media budget."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from sitegen.config import SiteConfig, key_line
from sitegen.errors import BuildError, warn

MEDIA_ROOT = "assets/runs"
DEFAULT_BUDGET_MB = 10
_HASH_CHARS = 10
_IMAGE_SUFFIXES = {".gif", ".png", ".jpg", ".jpeg", ".webp"}
_URL_ATTRIBUTES = {"img": "src", "source": "src", "video": "src"}


@dataclass(frozen=True)
class MediaFile:
    """A run artifact: `src` on disk, published at `out_rel` (content-hashed) and `url`."""

    src: Path
    out_rel: str
    url: str
    size: int
    digest: str
    width: int | None = None
    height: int | None = None

    def read_bytes(self, *, cache_dir: Path | None = None) -> bytes:
        """Bytes to publish: GIFs optimised (cached in cache_dir by source hash), others as-is."""
        data = self.src.read_bytes()
        if self.src.suffix.lower() != ".gif":
            return data
        method = "gifsicle" if shutil.which("gifsicle") else "pillow"
        cached = cache_dir / f"{self.digest}.{method}.gif" if cache_dir else None
        if cached and cached.is_file():
            return cached.read_bytes()
        optimised = optimise_gif(data, method=method)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temp = cached.with_suffix(f".{os.getpid()}.tmp")  # one temp file per process
            temp.write_bytes(optimised)
            temp.replace(cached)
        return optimised


def media_file(src: Path, *, run_id: str, rel: str) -> MediaFile:
    """Describe `src` (file `rel` of run `run_id`) as published media; reads and hashes it."""
    data = src.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    stem, dot, ext = rel.replace("/", "-").rpartition(".")
    out_rel = f"{MEDIA_ROOT}/{run_id}/{stem}.{digest[:_HASH_CHARS]}{dot}{ext.lower()}"
    width, height = _image_size(data) if src.suffix.lower() in _IMAGE_SUFFIXES else (None, None)
    return MediaFile(
        src=src,
        out_rel=out_rel,
        url="/" + out_rel,
        size=len(data),
        digest=digest,
        width=width,
        height=height,
    )


def _image_size(data: bytes) -> tuple[int | None, int | None]:
    """Pixel width and height from an image header (None, None when Pillow cannot read it)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError):
        return None, None


def optimise_gif(data: bytes, *, method: str = "pillow") -> bytes:
    """A smaller GIF, same frames and timing (gifsicle -O3, or Pillow: palette, frame deltas)."""
    if method == "gifsicle":
        result = subprocess.run(
            ["gifsicle", "-O3", "--no-comments", "--no-names", "--no-extensions"],
            input=data,
            capture_output=True,
            check=False,
        )
        optimised = result.stdout if result.returncode == 0 else data
    elif method == "pillow":
        optimised = _optimise_gif_pillow(data)
    else:
        raise ValueError(f"method: expected 'gifsicle' or 'pillow', got {method!r}")
    return optimised if len(optimised) < len(data) else data


def _optimise_gif_pillow(data: bytes) -> bytes:
    """Lossless: one palette when the clip has <= 256 colours (else each frame's exact palette);
    Pillow's optimize stores only the rectangle that changed between frames."""
    import numpy as np
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as gif:
        loop = gif.info.get("loop", 0)
        frames, durations = [], []
        for frame in ImageSequence.Iterator(gif):
            frames.append(np.asarray(frame.convert("RGB")))
            durations.append(frame.info.get("duration", gif.info.get("duration", 100)))
    packed = [_packed(frame.reshape(-1, 3)) for frame in frames]  # [H*W] int per frame
    shared = np.unique(np.concatenate(packed))
    palettes = [shared if len(shared) <= 256 else np.unique(colors) for colors in packed]
    if any(len(palette) > 256 for palette in palettes):
        return data  # composited frames with more colours than a GIF frame holds
    indexed = []
    for frame, colors, palette in zip(frames, packed, palettes, strict=True):
        image = Image.fromarray(
            np.searchsorted(palette, colors).reshape(frame.shape[:2]).astype(np.uint8), "P"
        )
        rgb = np.stack([palette >> 16, (palette >> 8) & 255, palette & 255], axis=-1).astype(
            np.uint8
        )
        image.putpalette(rgb.flatten().tolist())
        indexed.append(image)
    buffer = io.BytesIO()
    indexed[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=indexed[1:],
        duration=durations,
        loop=loop,
        optimize=True,
        disposal=1,
    )
    return buffer.getvalue()


def _packed(pixels):  # noqa: ANN001, ANN202 - numpy uint8 [N, 3] → int64 [N]
    """RGB triples as one integer each (0xRRGGBB): palettes become sorted, searchable arrays."""
    pixels = pixels.astype("int64")
    return (pixels[:, 0] << 16) | (pixels[:, 1] << 8) | pixels[:, 2]


def collect_media(runs: Iterable) -> list[MediaFile]:
    """Every media file of the runs (`sitegen.runs.Run`), each once, sorted by output path."""
    files = {media.out_rel: media for run in runs for media in run.media.values()}
    return [files[key] for key in sorted(files)]


def media_sizes(runs: Iterable, *, baseurl: str = "") -> dict[str, int]:
    """URL (with baseurl) → published size in bytes, for check_media_budget."""
    return {baseurl + media.url: media.size for media in collect_media(runs)}


def media_budget(config: SiteConfig) -> int:
    """The per-page media budget in bytes from `media_budget_mb` in _config.yml (default 10)."""
    value = config.raw.get("media_budget_mb", DEFAULT_BUDGET_MB)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        config_file = Path(config.path)
        text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
        raise BuildError(
            config.path,
            key_line(text, "media_budget_mb"),
            f"'media_budget_mb': expected a positive number of megabytes, got {value!r}",
        )
    return int(value * 1_000_000)


class _MediaScanner(HTMLParser):
    """The media URLs a browser loads: img/source/video src, not the <img> fallback in <video>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._video_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record src of media elements; an <img> inside <video> is a fallback and is not loaded."""
        if tag == "img" and self._video_depth:
            return
        if tag == "video":
            self._video_depth += 1
        attribute = _URL_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if value and (name == attribute or (tag == "video" and name == "poster")):
                self.urls.append(value)

    def handle_endtag(self, tag: str) -> None:
        """Leave a <video>."""
        if tag == "video" and self._video_depth:
            self._video_depth -= 1


def page_media_bytes(html: str, sizes: Mapping[str, int]) -> int:
    """Bytes of the known media (URL → size) that a page loads, each URL counted once."""
    if not sizes or f"/{MEDIA_ROOT}/" not in html:
        return 0
    scanner = _MediaScanner()
    scanner.feed(html)
    scanner.close()
    return sum(sizes.get(url, 0) for url in set(scanner.urls))


def check_media_budget(html: str, *, path: str, sizes: Mapping[str, int], budget: int) -> None:
    """Warn `path: page loads 12.3 MB of run media (budget 10 MB, ...)` for a page over budget."""
    total = page_media_bytes(html, sizes)
    if total > budget:
        warn(
            path,
            None,
            f"page loads {_readable(total)} of run media (budget {budget / 1e6:g} MB, "
            "'media_budget_mb' in _config.yml)",
        )


def _readable(size: int) -> str:
    """Bytes as '12.3 MB', or '45 kB' below 0.1 MB."""
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"
