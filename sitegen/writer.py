"""Write the output tree: every file atomically, one owner per output path, the whole tree swapped in.

A cold build writes into a staging folder beside `out_dir` and swaps it in at the end, so a
failed build leaves the previous site untouched. An incremental build whose previous output is
known intact (the cache's manifest matches the files) updates `out_dir` in place, each file by
temp-file + rename; it only starts writing after everything rendered, so failures still touch nothing.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitegen.errors import BuildError


class SiteWriter:
    """Owns one build's output: claim paths first, then write/copy/keep them, then finish()."""

    def __init__(self, out_dir: Path, *, in_place: bool, keep_files: tuple[str, ...] = ()) -> None:
        self.out_dir = Path(out_dir)
        self.in_place = in_place and self.out_dir.is_dir()
        self.keep_files = keep_files
        self.staging = self.out_dir.with_name(f".{self.out_dir.name}.staging-{os.getpid()}")
        self.root = self.out_dir if self.in_place else self.staging
        self.owners: dict[str, str] = {}
        self.written: list[str] = []
        self._made: set[Path] = set()
        if not self.in_place:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir(parents=True)

    def claim(self, out_rel: str, owner: str) -> None:
        """Reserve an output path for `owner` (a source path); a second claim is a BuildError."""
        if not out_rel or out_rel.startswith("/") or ".." in out_rel.split("/"):
            raise BuildError(owner, None, f"output path '{out_rel}' is outside the output folder")
        previous = self.owners.get(out_rel)
        if previous is not None:
            raise BuildError(owner, None, f"writes '{out_rel}', which {previous} writes too")
        self.owners[out_rel] = owner

    def _target(self, out_rel: str) -> Path:
        if out_rel not in self.owners:
            raise KeyError(f"out_rel: '{out_rel}' was written without being claimed")
        target = self.root / out_rel
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, out_rel: str, data: bytes) -> None:
        """Write bytes to a claimed path (in place: temp file + rename; staged: directly, the swap is atomic)."""
        target = self._target(out_rel)
        temp = target.with_name(f".{target.name}.tmp-{os.getpid()}") if self.in_place else target
        temp.write_bytes(data)
        if temp != target:
            os.replace(temp, target)
        self.written.append(out_rel)

    def write_staged(self, out_rel: str, data: bytes) -> tuple[int, int]:
        """Write into the staging tree, from any process (nothing shows before finish()); returns (size, mtime_ns)."""
        assert not self.in_place, "write_staged needs a staging tree"
        target = self._target(out_rel)
        target.write_bytes(data)
        stat = target.stat()
        return stat.st_size, stat.st_mtime_ns

    def adopt(self, out_rel: str) -> None:
        """Count a file that write_staged() put in the staging tree (perhaps from a worker process)."""
        self.written.append(out_rel)

    def copy(self, out_rel: str, src: Path) -> None:
        """Copy a static file to a claimed path, atomically like write()."""
        target = self._target(out_rel)
        temp = target.with_name(f".{target.name}.tmp-{os.getpid()}") if self.in_place else target
        shutil.copyfile(src, temp)
        if temp != target:
            os.replace(temp, target)
        self.written.append(out_rel)

    def keep(self, out_rel: str) -> bool:
        """Carry an unchanged file over from the previous output (the caller checked it is intact there);
        False when a staged build cannot link it."""
        if self.in_place:
            return True
        try:
            target = self._target(out_rel)
            os.link(self.out_dir / out_rel, target)
        except OSError:
            return False
        return True

    def finish(self, previous: set[str] = frozenset()) -> None:
        """Make the new output live: remove files no longer produced (in place) or swap the trees."""
        if self.in_place:
            for out_rel in sorted(previous - set(self.owners)):
                _remove_file(self.out_dir, out_rel)
            return
        for name in self.keep_files:
            old = self.out_dir / name
            if old.exists() and not (self.staging / name).exists():
                os.replace(old, self.staging / name)
        retired = self.out_dir.with_name(f".{self.out_dir.name}.old-{os.getpid()}")
        if self.out_dir.exists():
            os.replace(self.out_dir, retired)
        os.replace(self.staging, self.out_dir)
        shutil.rmtree(retired, ignore_errors=True)

    def discard(self) -> None:
        """Throw away a staged tree after a failure (in place: nothing was written yet)."""
        if not self.in_place:
            shutil.rmtree(self.staging, ignore_errors=True)


def _remove_file(root: Path, out_rel: str) -> None:
    """Delete an output file and any folders it leaves empty."""
    path = root / out_rel
    try:
        path.unlink()
    except FileNotFoundError:
        return
    parent = path.parent
    while parent != root:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
