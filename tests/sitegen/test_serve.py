"""serve: path safety, live-reload events, debounced rebuilds, error overlay state, port in use."""
from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitegen.errors import BuildError
from sitegen.render import TEMPLATES_DIR
from sitegen.serve import (SCRIPT_PATH, BuildState, ServeError, SiteServer, inject_script,
                           resolve_request_path, watch_paths)
from sitegen.watch import is_ignored

REPO = Path(__file__).resolve().parents[2]


class MarkdownCopy:
    """A stand-in site build: each src/*.md becomes out/<stem>.html; a file saying ERROR fails the build."""

    def __init__(self, src: Path, out: Path) -> None:
        self.src, self.out, self.calls = src, out, 0

    def __call__(self) -> None:
        self.calls += 1
        for path in sorted(self.src.glob("*.md")):
            text = path.read_text()
            if "ERROR" in text:
                raise BuildError(f"src/{path.name}", text.splitlines().index("ERROR") + 1, "bad thing")
        self.out.mkdir(exist_ok=True)
        for path in sorted(self.src.glob("*.md")):
            html = f"<html><body><p>{path.read_text().strip()}</p></body></html>"
            (self.out / f"{path.stem}.html").write_text(html)


@pytest.fixture
def site(tmp_path):
    """A running SiteServer on a free port over tmp_path/src → tmp_path/_site."""
    src, out = tmp_path / "src", tmp_path / "_site"
    src.mkdir()
    (src / "index.md").write_text("home page")
    (tmp_path / "secret.txt").write_text("TOP SECRET")
    builder = MarkdownCopy(src, out)
    server = SiteServer(out, builder, watch=[src], port=0, debounce_s=0.05)
    server.builder = builder
    server.start()
    yield server
    server.stop()


def get(server: SiteServer, path: str, *, method: str = "GET", headers: dict | None = None):
    """One raw request (the path is sent exactly as given); returns (status, headers, body)."""
    host, port = server._httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.putrequest(method, path, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


class EventStream:
    """Reads `build` events from /__sitegen/events."""

    def __init__(self, server: SiteServer) -> None:
        host, port = server._httpd.server_address[:2]
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.sendall(b"GET /__sitegen/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buffer = b""

    def next_state(self, timeout: float = 3.0) -> dict:
        """The next build event's data."""
        deadline = time.monotonic() + timeout
        while True:
            head, sep, rest = self.buffer.partition(b"\n\n")
            if sep:
                self.buffer = rest
                if b"event: build" in head:
                    return json.loads(head.split(b"data: ", 1)[1])
                continue
            self.sock.settimeout(max(deadline - time.monotonic(), 0.01))
            self.buffer += self.sock.recv(65536).replace(b"\r\n", b"\n")

    def close(self) -> None:
        self.sock.close()


def test_resolve_refuses_paths_outside_site(tmp_path):
    out = tmp_path / "_site"
    (out / "sub").mkdir(parents=True)
    (out / "sub" / "page.html").write_text("ok")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "out-link").symlink_to(tmp_path / "secret.txt")
    (out / "in-link").symlink_to(out / "sub" / "page.html")
    assert resolve_request_path(out, "", "/sub/page.html") == out.resolve() / "sub" / "page.html"
    assert resolve_request_path(out, "", "/in-link") == out.resolve() / "in-link"
    for bad in ("/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/sub/%2e%2e/%2e%2e/secret.txt", "/out-link", "/..%2fsecret.txt", "/..%5csecret.txt",
                "/sub%00.html", "secret.txt"):
        assert resolve_request_path(out, "", bad) is None, bad
    # An absolute file-system path in the URL names a file inside _site/, never the real one.
    assert resolve_request_path(out, "", f"/{tmp_path}/secret.txt") == out.resolve().joinpath(
        *tmp_path.parts[1:], "secret.txt")


def test_resolve_honours_baseurl(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    assert resolve_request_path(out, "/blog", "/blog/a.html") == out.resolve() / "a.html"
    assert resolve_request_path(out, "/blog", "/a.html") is None
    assert resolve_request_path(out, "/blog", "/blogger/a.html") is None


def test_http_never_serves_outside_site(site, tmp_path):
    (site.out_dir / "link").symlink_to(tmp_path / "secret.txt")
    (site.out_dir / "pretty.html").symlink_to(tmp_path / "secret.txt")
    (site.out_dir / "folder").mkdir()
    (site.out_dir / "folder" / "index.html").symlink_to(tmp_path / "secret.txt")
    (site.out_dir / "404.html").symlink_to(tmp_path / "secret.txt")
    for bad in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "//../secret.txt",
                f"/{tmp_path}/secret.txt", f"{tmp_path}/secret.txt", "/link", "/pretty", "/folder/"):
        status, _, body = get(site, bad)
        assert status in (400, 404), bad
        assert b"TOP SECRET" not in body, bad


def test_pages_get_the_script_and_assets_do_not(site):
    (site.out_dir / "data.txt").write_text("<html><body></body></html>")
    status, headers, body = get(site, "/index.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (b'<html><body><p>home page</p><script src="/__sitegen/livereload.js" '
                    b'data-generation="1"></script></body></html>')
    assert get(site, "/data.txt")[2] == b"<html><body></body></html>"
    assert b"EventSource" in get(site, SCRIPT_PATH)[2]
    status, headers, body = get(site, "/__sitegen/events", method="HEAD")
    assert status == 200 and headers["Content-Type"] == "text/event-stream" and body == b""
    assert "livereload" not in (site.out_dir / "index.html").read_text()


def test_directories_pretty_urls_404_head_and_ranges(site):
    (site.out_dir / "docs").mkdir()
    (site.out_dir / "docs" / "index.html").write_text("<p>docs</p>")
    (site.out_dir / "404.html").write_text("<p>custom missing</p>")
    (site.out_dir / "clip.bin").write_bytes(bytes(range(10)))
    assert get(site, "/docs")[:2][0] == 301 and get(site, "/docs")[1]["Location"] == "/docs/"
    assert get(site, "/docs/")[2].startswith(b"<p>docs</p>")
    assert get(site, "/index")[0] == 200
    status, _, body = get(site, "/nope.html")
    assert status == 404 and body.startswith(b"<p>custom missing</p>")
    status, headers, body = get(site, "/clip.bin", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == "10"
    status, headers, body = get(site, "/clip.bin", headers={"Range": "bytes=2-4"})
    assert status == 206 and body == bytes([2, 3, 4]) and headers["Content-Range"] == "bytes 2-4/10"


def test_edit_rebuilds_and_notifies_open_pages(site):
    stream = EventStream(site)
    assert stream.next_state() == {"generation": 1, "error": None}
    (site.builder.src / "index.md").write_text("edited page")
    assert stream.next_state() == {"generation": 2, "error": None}
    assert b"edited page" in get(site, "/index.html")[2]
    stream.close()


def test_build_error_keeps_serving_and_reports(site, capsys):
    stream = EventStream(site)
    stream.next_state()
    (site.builder.src / "index.md").write_text("line one\nERROR\n")
    assert stream.next_state() == {"generation": 1, "error": "src/index.md:2: bad thing"}
    assert b"home page" in get(site, "/index.html")[2]
    assert "serve: build failed: src/index.md:2: bad thing" in capsys.readouterr().err
    (site.builder.src / "index.md").write_text("fixed")
    assert stream.next_state() == {"generation": 2, "error": None}
    stream.close()


def test_burst_of_saves_is_one_rebuild_and_temp_files_none(site):
    site._watcher.debounce_s = 0.4
    calls = site.builder.calls
    for name in (".index.md.swp", "index.md~", "4913", ".#index.md"):
        (site.builder.src / name).write_text("x")
    time.sleep(0.6)
    assert site.builder.calls == calls
    for i in range(8):
        (site.builder.src / f"post{i}.md").write_text(f"post {i}")
    deadline = time.monotonic() + 5
    while site.builder.calls == calls and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert site.builder.calls == calls + 1
    assert sorted(p.name for p in site.out_dir.glob("post*.html")) == [f"post{i}.html" for i in range(8)]


def test_port_in_use_is_one_line_with_a_suggestion(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError) as info:
            SiteServer(tmp_path, lambda: None, watch=[], port=port)
    message = str(info.value)
    assert message.startswith(f"serve: port {port} on 127.0.0.1 is already in use; try --port ")
    suggested = int(message.rsplit(" ", 1)[1])
    assert suggested > port and "\n" not in message


def test_event_format_and_injection_without_body():
    assert BuildState(3, None).to_event() == b'event: build\ndata: {"generation": 3, "error": null}\n\n'
    assert inject_script(b"<p>x</p>", 2).endswith(b'data-generation="2"></script>')
    assert inject_script(b"<BODY></BODY>", 1).startswith(b"<BODY><script")


@pytest.mark.parametrize("name,ignored", [
    (".post.md.swp", True), (".post.md.swx", True), ("post.md~", True), ("#post.md#", True),
    (".#post.md", True), ("4913", True), ("post.md.tmp", True), ("post.md", False), ("style.scss", False),
])
def test_editor_temp_files_are_ignored(tmp_path, name, ignored):
    assert is_ignored(tmp_path / name) is ignored


def test_caches_checkpoints_and_output_are_ignored(tmp_path):
    assert is_ignored(tmp_path / "runs" / "r1" / "checkpoints" / "model.pt")
    assert is_ignored(tmp_path / ".git" / "index")
    assert is_ignored(tmp_path / "._site.staging-123" / "index.html")
    assert is_ignored(tmp_path / "_site" / "a.html", [tmp_path / "_site"])
    assert not is_ignored(tmp_path / "runs" / "r1" / "run.json", [tmp_path / "_site"])


def test_cli_serves_a_real_build_and_refuses_a_taken_port(tmp_path):
    src = tmp_path / "site_src"
    (src / "_posts").mkdir(parents=True)
    (src / "_config.yml").write_text("title: Tiny\n")
    (src / "_posts" / "2024-01-02-hello.md").write_text("---\ntitle: Hello\n---\nHi there.\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, str(REPO / "build.py"), "serve", "--src", str(src), "--out", str(tmp_path / "_site"),
               "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        body = _wait_for_page(f"http://127.0.0.1:{port}/2024/01/02/hello.html", server)
        assert "Hi there." in body and 'src="/__sitegen/livereload.js"' in body
        taken = subprocess.run(command, capture_output=True, text=True, timeout=20)
        assert taken.returncode == 1
        assert re.fullmatch(rf"serve: port {port} on 127\.0\.0\.1 is already in use; try --port \d+\n", taken.stderr)
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)  # generous: CI machines may be busy
    assert server.returncode == 0 and stderr.endswith("serve: stopped\n")


def _wait_for_page(url: str, process: subprocess.Popen) -> str:
    """GET url once the server answers (up to 20 s), failing early if the process died."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_watch_paths_are_source_templates_and_runs(tmp_path):
    src, runs = tmp_path / "site_src", tmp_path / "experiments" / "runs"
    src.mkdir()
    runs.mkdir(parents=True)
    (src / "_config.yml").write_text("runs_dir: ../experiments/runs\n")
    assert watch_paths(src) == [src, TEMPLATES_DIR, runs.resolve()]
    (src / "_config.yml").write_text("runs_dir: [not, a, string]\n")
    assert watch_paths(src) == [src, TEMPLATES_DIR]
