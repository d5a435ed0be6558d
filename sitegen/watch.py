"""Watch folders with watchdog and report each settled burst of changes once (editor temp files ignored)."""
from __future__ import annotations

import fnmatch
import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# Swap, backup and temp files of vim, emacs, kate, JetBrains, gedit and browsers: never content.
EDITOR_TEMP_PATTERNS = (
    ".*.sw?", "*.swp", "*~", ".#*", "#*#", "4913", "*.tmp", "*.temp", ".*.kate-swp", "*.part",
    ".goutputstream-*", "*___jb_tmp___", "*___jb_old___", ".DS_Store", "*.crdownload",
)
# Folders whose content never feeds the site (caches, VCS, training checkpoints).
IGNORED_DIRS = frozenset({
    ".git", ".hg", "__pycache__", ".sitegen-cache", ".jekyll-cache", ".sass-cache",
    ".pytest_cache", "node_modules", "checkpoints",
})
_EVENT_TYPES = ("created", "modified", "deleted", "moved")


def is_ignored(path: Path, ignore_roots: list[Path] = ()) -> bool:
    """True for editor temp files, cache/VCS folders and anything under an ignored root (e.g. _site/)."""
    if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in EDITOR_TEMP_PATTERNS):
        return True
    if IGNORED_DIRS.intersection(path.parts) or any(fnmatch.fnmatchcase(p, ".*.staging-*") for p in path.parts):
        return True  # caches, VCS, and the builder's staging folder of a cold build
    return any(path == root or root in path.parents for root in ignore_roots)


class ChangeWatcher:
    """Calls on_change(sorted paths) from its own thread once no change has come for debounce_s."""

    def __init__(self, paths: list[Path], on_change: Callable[[list[Path]], None], *,
                 debounce_s: float = 0.03, ignore: list[Path] = ()) -> None:
        self.paths = [Path(path).resolve() for path in paths]
        self.debounce_s = debounce_s
        self._on_change = on_change
        self._ignore = [Path(path).resolve() for path in ignore]
        self._pending: set[Path] = set()
        self._last_change = 0.0
        self._stopping = False
        self._condition = threading.Condition()
        self._observer = Observer()
        self._worker = threading.Thread(target=self._run, name="sitegen-rebuild", daemon=True)

    def start(self) -> None:
        """Begin watching every path recursively."""
        handler = _Handler(self)
        for path in self.paths:
            self._observer.schedule(handler, str(path), recursive=True)
        self._observer.start()
        self._worker.start()

    def stop(self) -> None:
        """Stop watching; a rebuild in progress finishes first."""
        self._observer.stop()
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self._observer.join()
        if self._worker.is_alive():
            self._worker.join()

    def notice(self, path: Path) -> None:
        """Record a changed path (from the observer thread) unless it is ignored."""
        if is_ignored(path, self._ignore):
            return
        with self._condition:
            self._pending.add(path)
            self._last_change = time.monotonic()
            self._condition.notify_all()

    def _take_settled(self) -> list[Path] | None:
        """Wait for changes, then for debounce_s of quiet; return them (None when stopping)."""
        with self._condition:
            self._condition.wait_for(lambda: self._pending or self._stopping)
            while not self._stopping:
                quiet_for = time.monotonic() - self._last_change
                if quiet_for >= self.debounce_s:
                    break
                self._condition.wait(self.debounce_s - quiet_for)
            if self._stopping:
                return None
            changed, self._pending = sorted(self._pending), set()
            return changed

    def _run(self) -> None:
        while (changed := self._take_settled()) is not None:
            self._on_change(changed)


class _Handler(FileSystemEventHandler):
    """Forwards content changes (not opens, closes or folder mtime updates) to the watcher."""

    def __init__(self, watcher: ChangeWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Both ends of a move count: editors save by renaming a temp file onto the real one."""
        if event.event_type not in _EVENT_TYPES or (event.is_directory and event.event_type == "modified"):
            return
        self.watcher.notice(Path(event.src_path))
        if event.event_type == "moved":
            self.watcher.notice(Path(event.dest_path))
