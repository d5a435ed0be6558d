"""`build.py serve`: build, serve _site/ on localhost, rebuild on change and reload open pages.

The HTTP side is http.server in a thread; watchdog reports changes, a rebuild thread waits for
a burst of them to settle and builds; open pages hear about it through server-sent events from
a small script injected into HTML responses (never into the files, so _site/ stays exactly
what a plain build writes). Only files under _site/ are ever served.
"""
from __future__ import annotations

import errno
import json
import mimetypes
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from sitegen import pipeline
from sitegen.config import read_config
from sitegen.errors import BuildError
from sitegen.render import TEMPLATES_DIR
from sitegen.watch import ChangeWatcher

EVENTS_PATH = "/__sitegen/events"
SCRIPT_PATH = "/__sitegen/livereload.js"
_SCRIPT = (Path(__file__).parent / "livereload.js").read_bytes()
_KEEPALIVE_S = 15.0


class ServeError(Exception):
    """serve cannot start (port in use, bad host); str() is one line for the terminal."""


@dataclass(frozen=True)
class BuildState:
    """What open pages are told: `generation` counts good builds; `error` is the last failure or None."""

    generation: int
    error: str | None

    def to_event(self) -> bytes:
        """This state as one server-sent `build` event."""
        data = json.dumps({"generation": self.generation, "error": self.error})
        return f"event: build\ndata: {data}\n\n".encode()


class SiteServer:
    """_site/ over HTTP with live reload; `rebuild()` is called once per settled burst of changes."""

    def __init__(self, out_dir: Path, rebuild: Callable[[], object], *, watch: list[Path],
                 host: str = "127.0.0.1", port: int = 4000, baseurl: str = "",
                 debounce_s: float = 0.03) -> None:
        self.out_dir = Path(out_dir)
        self.baseurl = baseurl
        self.build_lock = threading.Lock()
        self.state = BuildState(0, None)
        self.stopping = threading.Event()
        self._rebuild = rebuild
        self._changed = threading.Condition()
        self._httpd = _bind(host, port, self)
        self._watcher = ChangeWatcher(watch, self.request_build, debounce_s=debounce_s,
                                      ignore=[self.out_dir])

    @property
    def url(self) -> str:
        """The address pages are served at, e.g. http://127.0.0.1:4000/."""
        host, port = self._httpd.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{self.baseurl}/"

    def start(self) -> None:
        """Build once (an error is reported, not raised), then serve and watch in background threads."""
        self.build()
        self._watcher.start()
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         name="sitegen-http", daemon=True).start()

    def stop(self) -> None:
        """Stop watching and serving, end the event streams and close the socket."""
        self.stopping.set()
        with self._changed:
            self._changed.notify_all()
        self._watcher.stop()
        self._httpd.shutdown()
        self._httpd.server_close()

    def request_build(self, changed: list[Path]) -> None:
        """Rebuild after a settled burst of changes (called from the watcher thread)."""
        names = ", ".join(str(p) for p in changed[:3]) + (f" (+{len(changed) - 3})" if len(changed) > 3 else "")
        print(f"serve: changed {names}", file=sys.stderr)
        self.build()

    def build(self) -> BuildState:
        """Run one build under the lock; publish the new state to open pages and the terminal."""
        started = time.perf_counter()
        with self.build_lock:
            try:
                result = self._rebuild()
                state = BuildState(self.state.generation + 1, None)
            except BuildError as exc:
                result, state = None, BuildState(self.state.generation, str(exc))
            except Exception as exc:  # a builder bug: report it loudly but keep serving
                traceback.print_exc()
                result, state = None, BuildState(self.state.generation, f"{type(exc).__name__}: {exc}")
        _report(state, result, time.perf_counter() - started)
        with self._changed:
            self.state = state
            self._changed.notify_all()
        return state

    def wait_for_state(self, seen: BuildState, timeout: float) -> BuildState:
        """Block until the state differs from `seen` (or timeout / stop); return the current state."""
        with self._changed:
            self._changed.wait_for(lambda: self.state != seen or self.stopping.is_set(), timeout)
            return self.state


def _report(state: BuildState, result: object, seconds: float) -> None:
    """One terminal line per build: what was written, or the error."""
    if state.error:
        print(f"serve: build failed: {state.error}", file=sys.stderr)
        return
    for warning in getattr(result, "warnings", None) or ():
        print(f"warning: {warning}", file=sys.stderr)
    pages = getattr(result, "pages_written", None)
    written = f", {pages} files written" if pages is not None else ""
    print(f"serve: built in {seconds:.2f} s{written}", file=sys.stderr)


def _bind(host: str, port: int, site: SiteServer) -> ThreadingHTTPServer:
    """Listen on host:port, or raise a one-line ServeError that suggests a free port."""
    handler = partial(_Handler, site=site)
    server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
    try:
        httpd = server_class((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"serve: port {port} on {host} is already in use; "
                             f"try --port {_free_port(host, port)}") from None
        if exc.errno == errno.EACCES:
            raise ServeError(f"serve: no permission to listen on port {port}; try --port 4000") from None
        reason = exc.strerror or str(exc)
        raise ServeError(f"serve: cannot listen on {host}:{port}: {reason}") from None
    httpd.daemon_threads = True
    return httpd


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _free_port(host: str, taken: int) -> int:
    """The first port after `taken` that can be bound on host (taken + 1 if none is found quickly)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in range(taken + 1, min(taken + 50, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return taken + 1


def inject_script(html: bytes, generation: int) -> bytes:
    """Insert the live-reload <script> before the last </body> (or at the end when there is none)."""
    tag = f'<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>'.encode()
    index = html.lower().rfind(b"</body>")
    return html + tag if index == -1 else html[:index] + tag + html[index:]


def request_path(target: str) -> str:
    """The path of a request target, query and fragment dropped (`//x` stays a path, not a host)."""
    return target.split("?", 1)[0].split("#", 1)[0]


def resolve_request_path(out_dir: Path, baseurl: str, url_path: str) -> Path | None:
    """The file or folder under out_dir a URL path names, or None when it is outside it or malformed."""
    path = unquote(request_path(url_path), errors="strict")
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    if baseurl:
        if path != baseurl and not path.startswith(baseurl + "/"):
            return None
        path = path[len(baseurl):]
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    candidate = out_dir.resolve().joinpath(*parts)
    return candidate if is_inside(out_dir, candidate) else None


def is_inside(out_dir: Path, path: Path) -> bool:
    """True when path, symlinks followed, is out_dir or lies under it."""
    root, real = out_dir.resolve(), path.resolve()
    return real == root or root in real.parents


class _Handler(BaseHTTPRequestHandler):
    """GET/HEAD for files under _site/, the event stream and the reload script."""

    server_version = "sitegen-serve"

    def __init__(self, *args, site: SiteServer, **kwargs) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:
        """Stay quiet: the terminal shows builds and errors, not every request."""

    def do_HEAD(self) -> None:
        """Headers only."""
        self._dispatch(head=True)

    def do_GET(self) -> None:
        """A page, an asset, the reload script, or the event stream."""
        self._dispatch(head=False)

    def _dispatch(self, *, head: bool) -> None:
        path = request_path(self.path)
        if path == EVENTS_PATH:
            self._stream_events(head=head)
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", _SCRIPT, head=head)
        else:
            self._send_site_path(head=head)

    def _send_site_path(self, *, head: bool) -> None:
        site = self.site
        url_path = request_path(self.path)
        try:
            target = resolve_request_path(site.out_dir, site.baseurl, self.path)
        except UnicodeDecodeError:
            target = None
        if target is not None and target.is_dir():
            if not url_path.endswith("/"):
                self._redirect("/" + url_path.lstrip("/") + "/")  # never `//host/`: no open redirect
                return
            target = target / "index.html"
        elif target is not None and not target.exists() and target.with_name(target.name + ".html").is_file():
            target = target.with_name(target.name + ".html")  # Jekyll serves /about for about.html
        if target is None and site.baseurl and url_path in ("/", ""):
            self._redirect(site.baseurl + "/")
            return
        with site.build_lock:
            body = _read_inside(site.out_dir, target)
            status = HTTPStatus.OK
            if body is None:
                status, target = HTTPStatus.NOT_FOUND, site.out_dir / "404.html"
                body = _read_inside(site.out_dir, target) or b"<h1>404 Not Found</h1>\n"
        content_type = _content_type(target)
        if content_type.startswith("text/html"):
            body = inject_script(body, site.state.generation)
        self._send(status, content_type, body, head=head)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, *, head: bool) -> None:
        start, end = 0, len(body)
        byte_range = _parse_range(self.headers.get("Range"), len(body))
        if byte_range is not None and status == HTTPStatus.OK:
            status, (start, end) = HTTPStatus.PARTIAL_CONTENT, byte_range
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(end - start))
        self.send_header("Accept-Ranges", "bytes")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(body)}")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body[start:end])

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream_events(self, *, head: bool) -> None:
        """Server-sent events: the current state at once, then each new one, with keep-alives."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        site = self.site
        state = site.state
        try:
            self.wfile.write(b"retry: 500\n\n" + state.to_event())
            self.wfile.flush()
            while not site.stopping.is_set():
                new_state = site.wait_for_state(state, _KEEPALIVE_S)
                self.wfile.write(new_state.to_event() if new_state != state else b": keep-alive\n\n")
                self.wfile.flush()
                state = new_state
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def _read_inside(out_dir: Path, path: Path | None) -> bytes | None:
    """The bytes of a regular file under out_dir (symlinks followed and checked again), else None."""
    if path is None or not path.is_file() or not is_inside(out_dir, path):
        return None  # index.html or page.html chosen after the first check may still be a link out
    return path.read_bytes()


def _content_type(path: Path) -> str:
    """Content-Type for a served file; text types are UTF-8, as the builder writes them."""
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    text = guessed.startswith("text/") or guessed in ("application/javascript", "application/json",
                                                       "image/svg+xml", "application/xml")
    return f"{guessed}; charset=utf-8" if text else guessed


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end) for a single `bytes=a-b` range within size, else None (the whole body is sent)."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].partition("-")
    if not (first.isdigit() or last.isdigit()):
        return None
    if first.isdigit():
        start, end = int(first), (int(last) + 1 if last.isdigit() else size)
    else:
        start, end = max(size - int(last), 0), size
    end = min(end, size)
    return (start, end) if start < end else None


def watch_paths(src_dir: Path) -> list[Path]:
    """What serve watches: the source, the theme templates and the config's runs_dir, when present."""
    paths = [Path(src_dir), TEMPLATES_DIR]
    try:
        runs_dir = read_config(Path(src_dir)).runs_dir
    except BuildError:
        runs_dir = None  # the build reports the config error; the source folder is still watched
    if runs_dir:
        paths.append((Path(src_dir) / runs_dir).resolve())
    return [path for path in paths if path.is_dir()]


def serve(src_dir: Path, out_dir: Path, *, host: str = "127.0.0.1", port: int = 4000,
          drafts: bool = False, future: bool = False) -> None:
    """Build src_dir into out_dir, serve it at host:port and rebuild on change until Ctrl-C."""
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    rebuild = partial(pipeline.build, src_dir, out_dir, drafts=drafts, future=future, quiet=True)
    try:
        baseurl = read_config(src_dir).baseurl
    except BuildError:
        baseurl = ""  # the first build reports the config error; serve at / meanwhile
    site = SiteServer(out_dir, rebuild, watch=watch_paths(src_dir), host=host, port=port, baseurl=baseurl)
    site.start()
    print(f"serve: {out_dir}/ at {site.url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        while not site.stopping.wait(3600):
            pass
    except KeyboardInterrupt:
        print("serve: stopped", file=sys.stderr)
    finally:
        site.stop()
