"""`build.py publish`: build, commit _site/ as one new commit on gh-pages with git plumbing, push.

ghp-import semantics without its working-tree dance: blobs are hashed straight from _site/,
the tree is assembled in a throw-away index (GIT_INDEX_FILE), and the commit's parent is the
branch's current tip. The user's working tree, index and HEAD are never touched.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitegen import pipeline
from sitegen.errors import BuildError


class PublishError(Exception):
    """publish refused or failed; str() is one line for the terminal."""


@dataclass(frozen=True)
class SiteCommit:
    """A commit made from _site/: its sha, the branch tip it replaced (None if new) and its file count."""

    sha: str
    previous: str | None
    files: int


def publish(src_dir: Path, out_dir: Path, *, remote: str = "origin", branch: str = "gh-pages",
            message: str | None = None, cname: str | None = None) -> str:
    """Build src_dir into out_dir, commit it on `branch` and push to `remote`; return the commit sha."""
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    repo = find_repo(src_dir)
    check_remote(repo, remote)
    check_not_checked_out(repo, branch)
    try:
        pipeline.build(src_dir, out_dir, quiet=True)
    except BuildError as exc:
        raise PublishError(f"publish: build failed, nothing published: {exc}") from None
    commit = commit_site(repo, out_dir, branch=branch, remote=remote,
                         message=message or _default_message(repo), cname=cname)
    push_branch(repo, remote, branch, commit)
    print(f"publish: pushed {commit.files} files to {remote} {branch} ({commit.sha[:7]})")
    return commit.sha


def _git(repo: Path, *args: str, stdin: bytes | None = None,
         env: dict | None = None) -> subprocess.CompletedProcess:
    """Run git in repo and capture its output (bytes); never raises on a non-zero exit."""
    return subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True,
                          env={**os.environ, **(env or {})}, check=False)


def _first_line(output: bytes) -> str:
    """The first non-empty line of git's stderr, for a one-line message."""
    lines = [line.strip() for line in output.decode(errors="replace").splitlines() if line.strip()]
    return lines[0] if lines else "no output"


def _must(result: subprocess.CompletedProcess, what: str) -> str:
    """stdout of a git command that has to succeed, or a PublishError naming `what`."""
    if result.returncode != 0:
        raise PublishError(f"publish: {what} failed: {_first_line(result.stderr)}")
    return result.stdout.decode().strip()


def find_repo(src_dir: Path) -> Path:
    """The top folder of the git repository holding src_dir (git on PATH required)."""
    if shutil.which("git") is None:
        raise PublishError("publish: git is not installed (no `git` on PATH)")
    if not Path(src_dir).is_dir():
        raise PublishError(f"publish: source folder {src_dir} does not exist")
    result = _git(Path(src_dir), "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise PublishError(f"publish: {src_dir} is not inside a git repository (run `git init` first)")
    return Path(result.stdout.decode().strip())


def check_remote(repo: Path, remote: str) -> None:
    """Refuse when the repository has no remote of that name."""
    if _git(repo, "remote", "get-url", remote).returncode != 0:
        raise PublishError(f"publish: the repository has no remote '{remote}' "
                           f"(add one with `git remote add {remote} URL`, or pass --remote)")


def check_not_checked_out(repo: Path, branch: str) -> None:
    """Refuse to move a branch the working tree has checked out (its files would appear changed)."""
    head = _git(repo, "symbolic-ref", "-q", "HEAD").stdout.decode().strip()
    if head == f"refs/heads/{branch}":
        raise PublishError(f"publish: branch '{branch}' is checked out here; switch to another branch first")


def _default_message(repo: Path) -> str:
    """'Publish site from <short HEAD>' (or without the sha in a repository with no commits)."""
    head = _git(repo, "rev-parse", "--short", "HEAD")
    return f"Publish site from {head.stdout.decode().strip()}" if head.returncode == 0 else "Publish site"


def _site_entries(site_dir: Path) -> list[tuple[str, Path]]:
    """(mode, file) for every file and symlink under site_dir, sorted by path; git skips folders."""
    entries = []
    for root, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(files) + sorted(d for d in dirs if os.path.islink(os.path.join(root, d))):
            path = Path(root) / name
            if "\n" in name:
                raise PublishError(f"publish: cannot publish a file name with a newline: {path!r}")
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                entries.append(("120000", path))
            elif stat.S_ISREG(info.st_mode):
                entries.append(("100755" if info.st_mode & stat.S_IXUSR else "100644", path))
    return entries


def _hash_blobs(repo: Path, entries: list[tuple[str, Path]]) -> list[str]:
    """Write each file (or symlink target text) as a blob; return the shas in order."""
    files = [str(path) for mode, path in entries if mode != "120000"]
    output = _must(_git(repo, "hash-object", "-w", "--no-filters", "--stdin-paths",
                        stdin="".join(f + "\n" for f in files).encode()), "git hash-object")
    file_shas = iter(output.split())
    shas = []
    for mode, path in entries:
        if mode == "120000":
            link = os.readlink(path).encode()
            shas.append(_must(_git(repo, "hash-object", "-w", "--stdin", stdin=link), "git hash-object"))
        else:
            shas.append(next(file_shas))
    return shas


def _write_tree(repo: Path, site_dir: Path, cname: str | None) -> tuple[str, int]:
    """Hash site_dir (+ .nojekyll, optional CNAME) into a tree via a temporary index; return (tree, files)."""
    entries = _site_entries(site_dir)
    shas = _hash_blobs(repo, entries)
    rows = {path.relative_to(site_dir).as_posix(): (mode, sha) for (mode, path), sha in zip(entries, shas)}
    extras = {".nojekyll": b""} | ({"CNAME": cname.strip().encode() + b"\n"} if cname else {})
    for name, content in extras.items():
        rows[name] = ("100644", _must(_git(repo, "hash-object", "-w", "--stdin", stdin=content), "git hash-object"))
    index_info = b"".join(f"{mode} {sha}\t{name}".encode() + b"\0" for name, (mode, sha) in sorted(rows.items()))
    with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _must(_git(repo, "update-index", "--add", "-z", "--index-info", stdin=index_info, env=env),
              "git update-index")
        tree = _must(_git(repo, "write-tree", env=env), "git write-tree")
    return tree, len(rows)


def _branch_tip(repo: Path, ref: str) -> str | None:
    """The commit a ref points at, or None when it does not exist."""
    result = _git(repo, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}")
    return result.stdout.decode().strip() if result.returncode == 0 else None


def commit_site(repo: Path, site_dir: Path, *, branch: str, remote: str, message: str,
                cname: str | None = None) -> SiteCommit:
    """Commit site_dir's files as the next commit of `branch` (parent: the remote's tip, else the local one)."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir() or not any(site_dir.iterdir()):
        raise PublishError(f"publish: {site_dir} is missing or empty; nothing to publish")
    tree, files = _write_tree(repo, site_dir, cname)
    previous = _branch_tip(repo, f"refs/heads/{branch}")
    # The last fetched remote tip first, so a publish after `git fetch` builds on someone else's.
    parent = _branch_tip(repo, f"refs/remotes/{remote}/{branch}") or previous
    result = _git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    if result.returncode != 0 and b"identity" in result.stderr:
        raise PublishError("publish: git does not know who you are; set `git config user.name` "
                           "and `git config user.email`")
    sha = _must(result, "git commit-tree")
    _must(_git(repo, "update-ref", "-m", "publish", f"refs/heads/{branch}", sha, previous or ""),
          f"updating branch '{branch}'")
    return SiteCommit(sha, previous, files)


def push_branch(repo: Path, remote: str, branch: str, commit: SiteCommit) -> None:
    """Push the branch; when the push fails, put the local branch back where it was."""
    result = _git(repo, "push", "--porcelain", remote, f"refs/heads/{branch}:refs/heads/{branch}")
    if result.returncode == 0:
        return
    old = commit.previous
    if old:
        _git(repo, "update-ref", f"refs/heads/{branch}", old, commit.sha)
    else:
        _git(repo, "update-ref", "-d", f"refs/heads/{branch}", commit.sha)
    reason = _push_reason(result)
    if "(fetch first)" in reason or "(non-fast-forward)" in reason:
        reason += f"; run `git fetch {remote}` and publish again"
    raise PublishError(f"publish: push to {remote} failed, local '{branch}' left as it was: {reason}")


def _push_reason(result: subprocess.CompletedProcess) -> str:
    """Why a push failed, in one line: the rejected ref from --porcelain output, plus what the remote said."""
    for line in result.stdout.decode(errors="replace").splitlines():
        flag, _, rest = line.partition("\t")
        if flag == "!":
            refs, _, summary = rest.partition("\t")
            reason = f"{refs.rpartition(':')[2].removeprefix('refs/heads/')} {summary}"
            said = [ln[len("remote:"):].strip() for ln in result.stderr.decode(errors="replace").splitlines()
                    if ln.startswith("remote:") and ln[len("remote:"):].strip()]
            return reason + (f"; the remote said: {said[0]}" if said else "")
    return _first_line(result.stderr)
