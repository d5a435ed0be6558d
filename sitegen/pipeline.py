"""build(): read the whole source, render what changed (in parallel when cold), then write the output.

Stages (each a function of data): config → scan → content → plan outputs → convert (Liquid +
Markdown) → place (layouts) → write. Nothing is written until everything rendered, and the
output is swapped in whole (or, when the last output is known intact, updated file by file),
so a failed build leaves the previous site as it was.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.cache import (CACHE_DIR_NAME, BuildCache, BuildState, DependencyKeys, RenderMemo, code_stamp, digest,
                           resolve_refs, sass_stamp, source_fingerprint)
from sitegen.config import TEMPLATES_DIR, display_name, read_config, theme_layouts
from sitegen.errors import BuildError, BuildWarning, drain_warnings, warn
from sitegen.model import Page, Site
from sitegen.scan import scan_source

if TYPE_CHECKING:  # content, render and writer are imported past the no-change exit, which never needs them
    from sitegen.content import SourceReader
    from sitegen.render import Renderer
    from sitegen.writer import SiteWriter

_CONTENT_GROUPS = {"posts", "pages", "collections", "*"}


@dataclass(frozen=True)
class BuildResult:
    """What a build did: files written, warnings (one line each), wall seconds, pages re-rendered."""

    pages_written: int
    warnings: list[BuildWarning]
    seconds: float
    rendered: tuple[str, ...] = ()


class StrictError(BuildError):
    """--strict turned warnings into a failed build; `.warnings` holds all of them."""

    def __init__(self, warnings: list[BuildWarning]) -> None:
        first = warnings[0]
        super().__init__(first.path, first.line, f"{first.msg} (--strict: {len(warnings)} warning(s) fail the build)")
        self.warnings = warnings


@dataclass
class _Output:
    """One planned output file: a page to render, a file to copy, bytes, or a feed/sitemap to generate."""

    out_rel: str
    owner: str
    key: str = ""
    page: Page | None = None
    src: Path | None = None
    data: bytes | None = None
    generator: str | None = None  # "feed" or "sitemap"
    media: object | None = None   # sitegen.media.MediaFile (read, and GIFs optimised, only when written)


@dataclass
class _Plan:
    """The outputs of one build, and whether any page goes through our theme (then its assets are outputs)."""

    outputs: list[_Output] = field(default_factory=list)
    uses_theme: bool = False


def _cores() -> int:
    """CPU cores this process may use (its affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _uses_feed(site: Site) -> bool:
    """jekyll-feed named in plugins, or our theme (which always has a feed)."""
    return "jekyll-feed" in site.config.plugins or not site.layouts


def _uses_sitemap(site: Site) -> bool:
    """jekyll-sitemap named in plugins, or our theme."""
    return "jekyll-sitemap" in site.config.plugins or not site.layouts


def _source_outputs(site: Site) -> list[_Output]:
    """Posts, collection documents, pages, then static files (those Jekyll writes: write?); of sources sharing a
    destination the last is written and a warning names them (Jekyll's "Conflict" warning)."""
    sources = [_Output(page.out_rel, page.display_path, page=page)
               for page in site.all_pages() if page.kind != "generated" and page.write]
    sources += [_Output(static.out_rel, f"{site.display_dir}/{static.rel_path}", src=static.src_path,
                        key=f"static:{static.mtime_ns}:{static.size}")
                for static in site.static_files if static.write]
    outputs: dict[str, _Output] = {}
    for output in sources:
        previous = outputs.pop(output.out_rel, None)
        if previous is not None:
            warn(output.owner, None, f"destination '{output.out_rel}' is shared with {previous.owner} "
                                     "(Jekyll writes this file)")
        outputs[output.out_rel] = output
    return list(outputs.values())


def _plan(site: Site, chains: dict[str, list[str]], media: list) -> _Plan:
    """Every output file with its owner, in a fixed order (posts, pages, static, run media, feeds)."""
    plan = _Plan(outputs=_source_outputs(site))
    plan.outputs += [_Output(page.out_rel, page.display_path, page=page)
                     for page in site.pages if page.kind == "generated"]
    for item in media:
        plan.outputs.append(_Output(item.out_rel, f"<run media {item.src}>", key=f"media:{item.digest}", media=item))
    taken = {output.out_rel for output in plan.outputs}
    feed = site.config.raw.get("feed")
    feed_path = str((feed.get("path") if isinstance(feed, dict) else None) or "feed.xml").lstrip("/")
    if _uses_feed(site) and feed_path not in taken:
        plan.outputs.append(_Output(feed_path, "<generated feed>", generator="feed"))
    if _uses_sitemap(site) and "sitemap.xml" not in taken:
        plan.outputs.append(_Output("sitemap.xml", "<generated sitemap>", generator="sitemap"))
    plan.uses_theme = any(chain and chain[-1] not in site.layouts for chain in chains.values())
    return plan


def _plan_theme(plan: _Plan, memo: RenderMemo, code: str, intact: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Add the theme's assets to the plan; unchanged code and intact files skip reading them again."""
    if not plan.uses_theme:
        return ("", {})
    code_then, keys = memo.theme
    if code_then != code or not keys or any(intact.get(rel) != key for rel, key in keys.items()):
        from sitegen.theme import theme_files

        files = theme_files(TEMPLATES_DIR)
        keys = {out_rel: digest(data) for out_rel, data in files.items()}
        plan.outputs.extend(_Output(rel, "<theme>", key=keys[rel], data=data) for rel, data in files.items())
    else:
        plan.outputs.extend(_Output(rel, "<theme>", key=key) for rel, key in keys.items())
    return (code, keys)


class _Progress:
    """A tqdm bar per stage on a terminal; nothing (not even the import) when quiet or idle."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar = None

    def start(self, stage: str, total: int) -> None:
        """Begin a stage of `total` documents."""
        self.close()
        if self.quiet or total == 0:
            return
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", desc=stage, leave=False, dynamic_ncols=True, disable=None)

    def tick(self, count: int) -> None:
        """Count finished documents."""
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _reads_content(groups: set[str]) -> bool:
    """True when resolved site_refs read some other document's rendered content (posts, pages, collections)."""
    return bool(groups & _CONTENT_GROUPS) or any(group.endswith("@docs") for group in groups)


def _render_all(renderer: Renderer, keys: DependencyKeys, memo: RenderMemo, plan: _Plan,
                chains: dict[str, list[str]], intact: dict[str, str], *, jobs: int, progress: _Progress,
                stage: SiteWriter | None) -> tuple[dict, dict]:
    """Convert and lay out every document whose key changed; returns (converted, placed by out_rel), where
    placed is (key, text or None, warnings, (size, mtime) when `stage` already wrote it, or None).

    Documents whose Liquid reads other documents' content convert after the rest; a page whose layouts
    read no other document's content is laid out right after converting, in the same worker.
    """
    from sitegen.render import run_batches, uses_liquid

    converted: dict[str, tuple] = {}
    placed: dict[str, tuple] = {}
    convert_keys, to_convert = {}, []
    for rel, page in renderer.pages.items():
        convert_keys[rel] = keys.convert_key(page, liquid=uses_liquid(page.body))
        cached = memo.converted.get(rel)
        if cached and cached[0] == convert_keys[rel]:
            converted[rel] = cached
            renderer.set_converted(page, cached[1], cached[2])
        else:
            to_convert.append(rel)
    output_keys, to_place = {}, set()
    for output in plan.outputs:
        if output.page is not None:
            rel = output.page.rel_path
            output.key = output_keys[rel] = keys.output_key(output.page, convert_keys[rel], chains[rel])
            cached = memo.outputs.get(output.out_rel)
            if cached and cached[0] == output.key and intact.get(output.out_rel) == output.key:
                placed[output.out_rel] = (output.key, None, cached[1], None)
            else:
                to_place.add(rel)
    dependent = {rel for rel in to_convert if uses_liquid(renderer.pages[rel].body)
                 and _reads_content(resolve_refs(keys.text_refs(renderer.pages[rel].body)))}
    first = [(rel, rel in to_place and not _reads_content(resolve_refs(keys.chain_refs(chains[rel]))))
             for rel in to_convert if rel not in dependent]
    later = [(rel, False) for rel in to_convert if rel in dependent]
    progress.start("render", len(to_convert))
    for items, jobs_here in ((first, jobs), (later, 1)):
        for rel, content, excerpt, warnings, text, text_warnings, staged in run_batches(
                renderer, items, "convert", jobs=jobs_here, progress=progress.tick, stage=stage):
            converted[rel] = (convert_keys[rel], content, excerpt, warnings)
            renderer.set_converted(renderer.pages[rel], content, excerpt)
            if text is not None or staged is not None:
                placed[renderer.pages[rel].out_rel] = (output_keys[rel], text, text_warnings, staged)
                to_place.discard(rel)
    remaining = [rel for rel in renderer.pages if rel in to_place]
    progress.start("layout", len(remaining))
    for rel, text, warnings, staged in run_batches(renderer, remaining, "place", jobs=jobs, progress=progress.tick,
                                                   stage=stage):
        placed[renderer.pages[rel].out_rel] = (output_keys[rel], text, warnings, staged)
    return converted, placed


def _generated_text(kind: str, renderer: Renderer) -> str:
    """feed.xml or sitemap.xml, as the Jekyll plugins write them."""
    from sitegen.feeds import render_feed, render_sitemap

    site = renderer.site_drop
    if kind == "feed":
        return render_feed(site, site["posts"])
    pages = [renderer.drops[page.rel_path] for page in renderer.site.all_pages() if page.write]
    return render_sitemap(site, [page for page in pages if page.get("sitemap") is not False])


def _write(writer: SiteWriter, plan: _Plan, placed: dict, renderer: Renderer, state: BuildState,
           intact: dict[str, str], media_cache: Path) -> dict[str, tuple[str, int, int]]:
    """Write or keep every planned output; returns the new manifest (out_rel → key, size, mtime)."""
    manifest = {}
    for output in plan.outputs:
        data = None
        if output.page is not None:
            key, text, _, staged = placed[output.out_rel]
            if staged is not None:
                writer.adopt(output.out_rel)
                manifest[output.out_rel] = (key, *staged)
                continue
            data = text.encode("utf-8") if text is not None else None
        elif output.generator is not None:
            data = _generated_text(output.generator, renderer).encode("utf-8")
            key = output.key = digest(data)
        else:
            data, key = output.data, output.key
        if intact.get(output.out_rel) == key and writer.keep(output.out_rel):
            manifest[output.out_rel] = state.outputs[output.out_rel]
            continue
        if output.media is not None:
            data = output.media.read_bytes(cache_dir=media_cache)
        if data is None and output.src is None:
            raise BuildError(writer.out_dir / output.out_rel, None, "changed during the build; build again")
        if data is not None:
            writer.write(output.out_rel, data)
        else:
            writer.copy(output.out_rel, output.src)
        stat = os.stat(writer.root / output.out_rel)
        manifest[output.out_rel] = (key, stat.st_size, stat.st_mtime_ns)
    return manifest


def _media_sizes(runs: list, baseurl: str) -> dict[str, int]:
    """Run media URL → bytes, for the per-page media budget ({} without runs)."""
    if not runs:
        return {}
    from sitegen.media import media_sizes

    return media_sizes(runs, baseurl=baseurl)


def _read_runs(site: Site, cache_dir: Path) -> tuple[list, list]:
    """(runs, their media) from the site's runs_dir; run pages are added to site.pages."""
    runs_dir = site.config.runs_path(site.src_dir)
    if runs_dir is None:
        return [], []
    from sitegen.media import collect_media
    from sitegen.runs import read_runs

    runs = read_runs(runs_dir, repo_root=site.src_dir.resolve().parent)
    if not runs:
        return [], []
    from sitegen.run_pages import run_pages

    pages = run_pages(runs, cache_dir=cache_dir, baseurl=site.config.baseurl)
    site.pages = sorted(site.pages + pages, key=lambda page: page.rel_path)
    return runs, collect_media(runs)


def build(src_dir: str | Path, out_dir: str | Path, *, drafts: bool = False, future: bool = False,
          jobs: int | None = None, quiet: bool = False, strict: bool = False) -> BuildResult:
    """Build src_dir into out_dir; raises BuildError (one line) and then leaves out_dir as it was."""
    started = time.perf_counter()
    drain_warnings()
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    if not src_dir.is_dir():
        raise BuildError(src_dir, None, "source folder not found")
    if src_dir.resolve().is_relative_to(out_dir.resolve()):
        raise BuildError(out_dir, None, f"output folder contains the source folder {src_dir}; choose another --out")
    display = display_name(src_dir)
    config = read_config(src_dir, display_dir=display)
    cache = BuildCache(out_dir.parent / CACHE_DIR_NAME, src_dir=src_dir, out_dir=out_dir, flags=(drafts, future))
    listing = scan_source(src_dir, config, skip={out_dir, cache.cache_dir})
    code = code_stamp(TEMPLATES_DIR)
    fingerprint = source_fingerprint(config, listing, code=code, src_dir=src_dir)
    early = drain_warnings()
    state = cache.load_state()
    live = state.recheck_after is None or time.time() < state.recheck_after
    if state.fingerprint == fingerprint and live and state.outputs and state.intact(out_dir).keys() == state.outputs.keys():
        warnings = early + state.warnings
        if strict and warnings:
            raise StrictError(warnings)
        return BuildResult(0, warnings, time.perf_counter() - started)
    from sitegen.content import SourceReader, generated_pages, read_site

    memo = cache.load_memo(code)
    reader = SourceReader(display, memo.docs)
    site = read_site(src_dir, config, listing, reader, drafts=drafts, future=future)
    if not site.layouts:
        theme_names = theme_layouts(TEMPLATES_DIR)
        extra = [page for page in generated_pages(site) if page.layout in theme_names]
        site.pages = sorted(site.pages + extra, key=lambda page: page.rel_path)
    runs, media = _read_runs(site, cache.cache_dir / "runs")
    return _render_and_write(site, reader, cache, state, memo, out_dir, code=code, fingerprint=fingerprint,
                             early=early, runs=(runs, media), jobs=jobs or _cores(), quiet=quiet, strict=strict,
                             started=started)


def _render_and_write(site: Site, reader: SourceReader, cache: BuildCache, state: BuildState, memo: RenderMemo,
                      out_dir: Path, *, code: str, fingerprint: str, early: list[BuildWarning],
                      runs: tuple[list, list], jobs: int, quiet: bool, strict: bool, started: float) -> BuildResult:
    """The render and write half of build(), after the site is read."""
    from sitegen.layouts import layout_chain, warn_fallbacks
    from sitegen.render import Renderer
    from sitegen.writer import SiteWriter

    theme_names = theme_layouts(TEMPLATES_DIR)
    fallbacks: dict[str, list[tuple[str, int]]] | None = {} if site.config.foreign_theme else None
    # A document that is not written is not laid out (Jekyll only warns about its unknown layout)
    chains = {page.rel_path: layout_chain(page, site.layouts, theme_names, fallbacks=fallbacks) if page.write else []
              for page in site.all_pages()}
    warn_fallbacks(fallbacks or {})
    plan = _plan(site, chains, runs[1])
    read_warnings = drain_warnings()  # runs, layouts, conflicts: a no-change rebuild skips them; the state keeps them
    intact = state.intact(out_dir)
    theme = _plan_theme(plan, memo, code, intact)
    writer = SiteWriter(out_dir, in_place=bool(intact) and intact.keys() == state.outputs.keys(),
                        keep_files=site.config.keep_files)
    try:
        for output in plan.outputs:
            writer.claim(output.out_rel, output.owner)
        targets = set(writer.owners)
        renderer = Renderer(site, chains, templates_dir=TEMPLATES_DIR, targets=targets, runs=runs[0],
                            media_sizes=_media_sizes(runs[0], site.config.baseurl), cache_dir=cache.cache_dir / "runs")
        stamps = {"static": [(s.rel_path, s.mtime_ns, s.size) for s in site.static_files], "data": site.data,
                  "includes": site.includes, "targets": sorted(targets), "runs": [r.source_hash for r in runs[0]],
                  "sass": sass_stamp(site), "sources": fingerprint}
        keys = DependencyKeys(site, code=code, stamps=stamps, templates_dir=TEMPLATES_DIR)
        progress = _Progress(quiet)
        try:
            converted, placed = _render_all(renderer, keys, memo, plan, chains, intact, jobs=jobs, progress=progress,
                                            stage=None if writer.in_place else writer)
        finally:
            progress.close()
        warnings = read_warnings + [w for page in site.all_pages() for w in converted[page.rel_path][3]]
        warnings += [w for output in plan.outputs if output.page is not None for w in placed[output.out_rel][2]]
        warnings += drain_warnings()
        new_memo = RenderMemo(docs=reader.fresh, converted=converted,
                              outputs={rel: (key, w) for rel, (key, _, w, _) in placed.items()}, theme=theme,
                              code=code)
        if strict and early + warnings:
            cache.save(BuildState(), new_memo)
            raise StrictError(early + warnings)
        manifest = _write(writer, plan, placed, renderer, state, intact, cache.cache_dir / "runs")
        writer.finish(set(state.outputs))
    except BaseException:
        writer.discard()
        raise
    recheck = site.next_publish.timestamp() if site.next_publish else None
    cache.save(BuildState(fingerprint, manifest, warnings, recheck), new_memo)
    rendered = tuple(rel for rel, (_, text, _, staged) in placed.items() if text is not None or staged is not None)
    return BuildResult(len(writer.written), early + warnings, time.perf_counter() - started, rendered)
