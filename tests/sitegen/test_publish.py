"""publish: _site/ becomes one new gh-pages commit in a local bare remote; bad input gives one line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.publish import (PublishError, check_not_checked_out, check_remote, commit_site, find_repo,
                             publish, push_branch)


def git(cwd: Path, *args: str) -> str:
    """Run git, fail the test on error, return stdout stripped."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A work repository with one commit, a staged and an unstaged change, and a bare `origin`."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.com")
    work, remote = tmp_path / "work", tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    git(tmp_path, "init", "-q", "--bare", str(remote))
    (work / "README.md").write_text("hello\n")
    (work / ".gitignore").write_text("_site/\n.sitegen-cache/\n")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "first")
    git(work, "remote", "add", "origin", str(remote))
    (work / "README.md").write_text("hello, edited\n")
    (work / "staged.txt").write_text("staged\n")
    git(work, "add", "staged.txt")
    site = work / "_site"
    (site / "posts").mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>\n")
    (site / "posts" / "a.html").write_text("<p>a</p>\n")
    (site / "logo.png").write_bytes(bytes(range(256)))
    (site / "run.sh").write_text("#!/bin/sh\n")
    (site / "run.sh").chmod(0o755)
    return work


def tree_of(remote: Path, branch: str = "gh-pages") -> dict[str, str]:
    """path → mode for every file on a branch of the bare remote."""
    rows = git(remote, "ls-tree", "-r", branch).splitlines()
    return {row.split("\t")[1]: row.split()[0] for row in rows}


def user_state(work: Path) -> tuple[str, str, bytes]:
    """What must not change: status, HEAD and the index file's bytes."""
    return (git(work, "status", "--porcelain"), git(work, "rev-parse", "HEAD"),
            (work / ".git" / "index").read_bytes())


def publish_site(work: Path, **kwargs) -> str:
    """commit_site + push_branch to origin's gh-pages, as publish() does after building."""
    commit = commit_site(work, work / "_site", branch="gh-pages", remote="origin", message="Publish", **kwargs)
    push_branch(work, "origin", "gh-pages", commit)
    return commit.sha


def test_branch_holds_exactly_the_site_and_nothing_else_changes(repo, tmp_path):
    before = user_state(repo)
    sha = publish_site(repo)
    remote = tmp_path / "remote.git"
    assert git(remote, "rev-parse", "gh-pages") == sha
    assert tree_of(remote) == {".nojekyll": "100644", "index.html": "100644", "logo.png": "100644",
                               "posts/a.html": "100644", "run.sh": "100755"}
    assert git(remote, "show", "gh-pages:posts/a.html") == "<p>a</p>"
    assert subprocess.run(["git", "show", "gh-pages:logo.png"], cwd=remote, capture_output=True,
                          check=True).stdout == bytes(range(256))
    assert user_state(repo) == before
    assert not (repo / "_site" / ".nojekyll").exists()


def test_next_publish_is_one_commit_on_top_and_drops_deleted_files(repo, tmp_path):
    first = publish_site(repo)
    (repo / "_site" / "posts" / "a.html").unlink()
    second = publish_site(repo, cname="blog.example.com")
    remote = tmp_path / "remote.git"
    assert git(remote, "rev-list", "gh-pages").split() == [second, first]
    assert set(tree_of(remote)) == {".nojekyll", "CNAME", "index.html", "logo.png", "run.sh"}
    assert git(remote, "show", "gh-pages:CNAME") == "blog.example.com"


def test_a_fresh_clone_builds_on_the_remote_branch(repo, tmp_path):
    first = publish_site(repo)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(clone))
    (clone / "_site").mkdir()
    (clone / "_site" / "index.html").write_text("<h1>from the clone</h1>\n")
    second = publish_site(clone)
    assert git(tmp_path / "remote.git", "rev-list", "gh-pages").split() == [second, first]


def test_rejected_push_is_one_line_and_leaves_the_branch(repo, tmp_path):
    hook = tmp_path / "remote.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pages are frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = user_state(repo)
    with pytest.raises(PublishError) as info:
        publish_site(repo)
    assert str(info.value) == ("publish: push to origin failed, local 'gh-pages' left as it was: "
                               "gh-pages [remote rejected] (pre-receive hook declined); the remote said: pages are frozen")
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=repo).returncode == 1
    assert user_state(repo) == before


def test_diverged_remote_branch_is_rejected_and_local_tip_restored(repo, tmp_path):
    first = publish_site(repo)
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(other))
    git(other, "checkout", "-q", "gh-pages")
    (other / "index.html").write_text("someone else\n")
    git(other, "commit", "-q", "-am", "theirs")
    git(other, "push", "-q", "origin", "gh-pages")
    (repo / "_site" / "index.html").write_text("<h1>new</h1>\n")
    with pytest.raises(PublishError) as info:
        publish_site(repo)
    assert str(info.value) == ("publish: push to origin failed, local 'gh-pages' left as it was: gh-pages "
                               "[rejected] (fetch first); run `git fetch origin` and publish again")
    assert git(repo, "rev-parse", "gh-pages") == first
    git(repo, "fetch", "-q", "origin")
    third = publish_site(repo)
    assert git(tmp_path / "remote.git", "rev-list", "gh-pages").split()[:2] == [third, git(other, "rev-parse", "HEAD")]


def test_refusals_are_one_line(repo, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(PublishError, match=r"^publish: .*/plain is not inside a git repository \(run `git init` first\)$"):
        find_repo(plain)
    assert find_repo(repo / "_site") == repo
    with pytest.raises(PublishError, match=r"^publish: the repository has no remote 'upstream' "):
        check_remote(repo, "upstream")
    check_not_checked_out(repo, "gh-pages")
    with pytest.raises(PublishError, match=r"^publish: branch 'main' is checked out here; "):
        check_not_checked_out(repo, "main")
    with pytest.raises(PublishError, match=r"^publish: .*/missing is missing or empty; nothing to publish$"):
        commit_site(repo, repo / "missing", branch="gh-pages", remote="origin", message="m")
    monkeypatch.setenv("PATH", str(plain))
    with pytest.raises(PublishError, match=r"^publish: git is not installed \(no `git` on PATH\)$"):
        find_repo(repo)


def test_publish_builds_commits_and_pushes_the_built_site(repo, tmp_path, capsys):
    src = repo / "site_src"
    (src / "_posts").mkdir(parents=True)
    (src / "_config.yml").write_text("title: Tiny\nurl: https://example.com\nbaseurl: /tiny\n")
    (src / "_posts" / "2024-01-02-hello.md").write_text("---\ntitle: Hello\n---\nHi there.\n")
    before = user_state(repo)
    sha = publish(src, repo / "_site", cname="tiny.example.com")
    files = set(tree_of(tmp_path / "remote.git"))
    built = {p.relative_to(repo / "_site").as_posix() for p in (repo / "_site").rglob("*") if p.is_file()}
    assert files == built | {".nojekyll", "CNAME"}
    assert "2024/01/02/hello.html" in files
    assert "/tiny/" in git(tmp_path / "remote.git", "show", "gh-pages:2024/01/02/hello.html")
    assert capsys.readouterr().out == f"publish: pushed {len(files)} files to origin gh-pages ({sha[:7]})\n"
    assert user_state(repo)[:2] == before[:2]


def test_publish_refuses_a_build_with_errors(repo, tmp_path):
    src = repo / "site_src"
    (src / "_posts").mkdir(parents=True)
    (src / "_posts" / "2024-01-02-bad.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(PublishError, match=r"^publish: build failed, nothing published: .*2024-01-02-bad\.md:\d+: "):
        publish(src, repo / "_site")
    assert git(tmp_path / "remote.git", "branch", "--list") == ""


def test_cli_refusal_is_one_line_and_exit_1(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    src = tmp_path / "site_src"
    src.mkdir()
    result = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[2] / "build.py"), "publish",
                             "--src", str(src), "--out", str(tmp_path / "_site")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"publish: {src} is not inside a git repository (run `git init` first)\n"
    assert not (tmp_path / "_site").exists()


def test_pages_workflow_builds_with_make_site_and_deploys_with_the_official_actions():
    import yaml

    workflow = yaml.safe_load((Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build + deploy]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert any(step.get("run", "").strip() == "make site" for step in build)
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_site"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
