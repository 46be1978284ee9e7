"""`gkml serve`: build, serve on 127.0.0.1, rebuild on change, reload the browser.

Only for previewing on the editor's own machine. The server watches `content/`,
`catalog.yml` and `templates/` by polling (no extra dependency, works on every file system),
rebuilds incrementally, and tells open pages to reload. A check error does not stop it: the
pages show the errors in a panel until the file is fixed. It answers at once: while the first
build runs, every page says so and reloads when it is done. The builds run in a thread of
their own, stopped by Ctrl+C at their next file or page (`_checkpoint`).
"""

from __future__ import annotations

import functools
import gc
import html
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from generator.build import PATCHED_NOTE, BuildError, BuildResult, build_site
from generator.contentscan import is_scratch
from generator.diagnostics import Diagnostic, format_human
from generator.edition import HANT_DIR
from generator.outputtree import guard_output
from generator.rootfiles import WELL_KNOWN
from generator.stamp import CONFIG_FILE, STATIC_DIR, Signature
from generator.urls import NOT_FOUND

POLL_SECONDS = 0.5
_STATUS = "/__gkml/status"
_SCRIPT = "/__gkml/reload.js"
_RELOAD_JS = b"""(function () {
  /* The build the page was cut from (?b=, read by the server before the page): a page served
     from the old site while a rebuild ran had taken the new build, answered to its first
     poll, for its own, and stayed old for good (a day of edits: 5 tabs in 41). */
  var given = document.currentScript && /[?&]b=(-?\\d+)/.exec(document.currentScript.src);
  var seen = given ? Number(given[1]) : null;
  var STYLE = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;" +
    "padding:1em;font-size:16px;white-space:pre-wrap;z-index:9999;";
  /* Errors: the site was not rebuilt, a red panel read out at once. Warnings: the site was
     rebuilt, a yellow panel closed under a line that counts them (an editor's walk: a
     mistyped ID number, GK305, was published and the preview said nothing). */
  function panel(errors, warnings) {
    var box = document.getElementById("gkml-errors");
    var kind = errors ? "errors" : warnings ? "warnings" : "";
    if (box && box.getAttribute("data-kind") !== kind) { box.remove(); box = null; }
    if (!kind) { return; }
    if (!box) {
      box = document.createElement(errors ? "pre" : "details");
      box.id = "gkml-errors";
      box.setAttribute("data-kind", kind);
      if (errors) {
        box.setAttribute("role", "alert");
        box.style.cssText = STYLE + "background:#fff4f4;color:#6b0000;border-top:4px solid #b00";
      } else {
        box.style.cssText = STYLE + "background:#fffbe6;color:#3d3000;border-top:4px solid #8a6d00";
        box.appendChild(document.createElement("summary"));
        box.appendChild(document.createElement("pre")).style.cssText = "white-space:pre-wrap";
      }
      document.body.appendChild(box);
    }
    if (errors) { box.textContent = errors; return; }
    box.firstChild.textContent = warnings.split("\\n")[0];
    box.lastChild.textContent = warnings.split("\\n").slice(2).join("\\n");
  }
  function poll() {
    fetch("/__gkml/status", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.build !== seen) { location.reload(); return; }
        seen = s.build;
        panel(s.errors, s.warnings);
      }).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


# Every page while the first build runs (an editor's walk: nothing answered the address until
# the build was done, a minute at 20,000 items). Status 503 with Retry-After, not 200: the
# page asked for is not there yet, and a script or link checker that waits for the preview
# must not take this one for it. A browser shows it all the same, and its reload script, told
# build 0, reloads it once the first build has said how it went (`_State.update`): the site,
# or the errors that stopped it, as after any build.
_BUILDING = f"""<!DOCTYPE html>
<html lang="zh-CN">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>正在生成网站… (Building the site…)</title>
<main id="gkml-building">
<h1>正在生成网站…</h1>
<p lang="en">Building the site…</p>
<p>生成完成后，本页自动刷新。<span lang="en">This page reloads by itself when it is done.</span></p>
</main>
<script src="{_SCRIPT}?b=0"></script>
</html>
""".encode()
_RETRY_SECONDS = "1"


class _State:
    """The latest build: its number (0 until the first build has said how it went), the
    errors that stopped it or the warnings of the site it built, if any; `building` is held
    while a build runs (Ctrl+C waits for it: a build cut short leaves its staging folder),
    `stopping` tells the watcher to start no other and a build in progress to stop."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.build = 0
        self.errors = ""
        self.warnings = ""
        self.building = threading.Lock()
        self.stopping = threading.Event()

    def update(self, errors: str, warnings: str = "", *, changed: bool = True) -> None:
        """Say how the latest build went; the open pages reload when the site *changed* or
        what the page says of it did (a build that wrote nothing reloaded every tab: a
        re-walk, on each Word lock file written beside an attachment), and always after the
        first build: the pages that said it was running reload (`_BUILDING`)."""
        with self.lock:
            first = self.build == 0
            if first or changed or (errors, warnings) != (self.errors, self.warnings):
                self.build += 1
            self.errors = errors
            self.warnings = warnings

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"build": self.build, "errors": self.errors, "warnings": self.warnings}


class _Stopping(Exception):
    """Raised by a build's checkpoint or progress once serve is stopping (Ctrl+C): the build
    stops at its next file or page and removes its staging folder, as a build stopped by
    Ctrl+C does."""


def _checkpoint(state: _State) -> Callable[[], None]:
    """Return a build's checkpoint that stops it once *state* is stopping. Ctrl+C reaches
    serve's main thread only; a build runs in a thread of its own (a walk: Ctrl+C waited for
    the whole rebuild, 15-22 s at 1,000 items; an editor's walk: for the first build's check,
    6 s, 30 s under load). The check writes nothing until its end, so it can stop at any
    file (`build_site`'s *checkpoint*)."""

    def checkpoint() -> None:
        if state.stopping.is_set():
            raise _Stopping

    return checkpoint


def _progress(state: _State) -> Callable[[int, int], None]:
    """Return a build's progress report that stops it once *state* is stopping, at the
    render's next page (`_checkpoint`)."""
    checkpoint = _checkpoint(state)

    def progress(_done: int, _total: int) -> None:
        checkpoint()

    return progress


def _rebuild(build: Callable[..., BuildResult], state: _State) -> None:
    """Build, and say how it went in the page and here; then give back what the build held.

    A build moves what it made to the collector's permanent generation (`collector_paused`'s
    `gc.freeze`), which a one-off command leaves for its exit: here each rebuild's stayed for
    good (a day of edits: 171 → 251 MB over 150 saves of one title, 60 items; +1.9 MB a save
    at 1,000 items)."""
    try:
        _build_and_say(build, state)
    finally:
        gc.unfreeze()
        gc.collect()


def _build_and_say(build: Callable[..., BuildResult], state: _State) -> None:
    started = time.perf_counter()
    try:
        with state.building:
            if state.stopping.is_set():  # Ctrl+C came before the build began
                return
            result = build(progress=_progress(state), checkpoint=_checkpoint(state))
    except _Stopping:
        return
    except BuildError as exc:
        state.update(str(exc))
        print(f"gkml: {exc}", file=sys.stderr)
        return
    except Exception as exc:  # the watcher must outlive any one build
        # A template that fails as it runs (a division by zero), a file gone in the middle
        # of the build: said in the page and here, and the next save is built again. Before,
        # the watcher stopped on it for good and the preview stayed old without a word.
        where = traceback.format_exception(exc)[-2].strip() if exc.__traceback__ else ""
        text = (
            f"生成时出错，网站未更新；改正后保存即可重新生成 (the build failed; the site was not "
            f"updated: fix it and save again)\n\n{type(exc).__name__}: {exc}\n{where}"
        )
        state.update(text)
        traceback.print_exception(exc, file=sys.stderr)
        return
    problems = [d for d in result.load.diagnostics if d.severity == "error"]
    if result.stats is None:
        text = "\n".join(format_human(d) for d in problems) or "catalog.yml 有误"
        state.update("有错误，网站未更新 (errors: the site was not rebuilt)\n\n" + text)
        print(text, file=sys.stderr)
        return
    warnings = [d for d in result.load.diagnostics if d.severity != "error"]
    said = state.snapshot()["warnings"]
    note = _warnings_note(warnings)
    state.update("", note, changed=bool(result.stats.written or result.stats.removed))
    seconds = time.perf_counter() - started
    rendered = result.stats.rendered
    print(
        f"已更新：渲染 {rendered} 个页面，用时 {seconds:.2f} 秒"
        f" (rebuilt {rendered} page{'' if rendered == 1 else 's'} in {seconds:.2f}s)",
        file=sys.stderr,
    )
    if result.stats.patched:
        print(PATCHED_NOTE, file=sys.stderr)
    if note and note != said:  # the whole list when it changed, else its count
        print(note, file=sys.stderr)
    elif note:
        print(note.split("\n", 1)[0], file=sys.stderr)


def _warnings_note(warnings: list[Diagnostic]) -> str:
    """Return what the preview says of a built site's warnings: a line counting them, a
    blank line, then each (empty when there is none)."""
    if not warnings:
        return ""
    count = len(warnings)
    head = (
        f"网站已更新，gkml check 有 {count} 个警告，发布前请处理"
        f" (the site was rebuilt; gkml check gives {count} warning{'' if count == 1 else 's'}:"
        f" see to {'it' if count == 1 else 'them'} before publishing)"
    )
    return "\n\n".join([head, *(format_human(d) for d in warnings)])


def _watched(base: Path, folder: str, name: str) -> bool:
    """Return whether the folder *name* in *folder* (under *base*, content/ or templates/)
    holds what a build reads: not an editor's own (`.vscode`, `.obsidian`, written to all
    day), which the build passes over too, but content/static/.well-known, published."""
    if not name.startswith("."):
        return True
    return name == WELL_KNOWN and Path(folder) == base / STATIC_DIR


def _snapshot(site: Path) -> dict[str, Signature]:
    """Return each watched file's signature (`stamp`: size, modification time, change time
    and inode), as the build's own check compares them: a file copied with its time kept (`cp -p`, `rsync -t`)
    changes only the last two (a walk: the preview stayed old). A folder or file that goes
    while it is walked (a branch switched, an editor's temporary file) is left out: the next
    poll sees what is there then."""
    found: dict[str, Signature] = {}
    files = [site / CONFIG_FILE]
    for base in (site / "content", site / "templates"):
        for folder, dirs, names in os.walk(base):  # os.walk passes over vanished folders
            dirs[:] = [d for d in dirs if _watched(base, folder, d)]
            files.extend(Path(folder, name) for name in names if not is_scratch(name))
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        found[str(path)] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    return found


def _build_and_watch(site: Path, build: Callable[..., BuildResult], state: _State) -> None:
    """Build, then rebuild whenever the files differ from what they were before the first
    build (a file saved while it ran is built next)."""
    seen = _snapshot(site)
    # In this thread, which Ctrl+C does not reach, the first build too: a second Ctrl+C
    # during it had cut short its clean-up and left the staging folder behind (a re-walk:
    # 53 MB). Serve's main thread answers the preview meanwhile.
    _rebuild(build, state)
    while not state.stopping.wait(POLL_SECONDS):
        now = _snapshot(site)
        if now != seen:
            seen = now
            _rebuild(build, state)


_LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})


def _local_host(host: str | None) -> bool:
    """Return whether a request's Host header names this machine (or is absent: HTTP/1.0)."""
    if host is None:
        return True
    name = host.strip().lower()
    if not name.startswith("["):
        name = name.rsplit(":", 1)[0]
    elif "]" in name:
        name = name[: name.index("]") + 1]
    return name in _LOCAL_NAMES


class _Server(ThreadingHTTPServer):
    """The preview's server. A browser that leaves a page while it loads (a reload, a tab
    closed) cuts its connection: no traceback in the editor's terminal for that (a test under
    load saw one, a broken pipe while index.html was sent)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(SimpleHTTPRequestHandler):
    state: _State

    def __init__(self, *args: Any, state: _State, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: the editor watches build messages, not requests

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)  # the same headers as GET, the reload script counted

    def _answer(self, *, body: bool) -> None:
        if not _local_host(self.headers.get("Host")):
            # A page elsewhere whose name it points at 127.0.0.1 (DNS rebinding) would read
            # the preview: unmerged drafts, and the check's warnings with their lines (a
            # security review). Only this machine's own names are answered.
            note = "gkml serve 只接受本机地址 localhost、127.0.0.1 (this machine's names only)\n"
            self._send(note.encode(), "text/plain; charset=utf-8", body=body, status=403)
            return
        path = self.path.split("?", 1)[0]
        if path == _STATUS:
            self._send(json.dumps(self.state.snapshot()).encode(), "application/json", body=body)
            return
        if path == _SCRIPT:
            self._send(_RELOAD_JS, "text/javascript", body=body)
            return
        build = self.state.snapshot()["build"]  # before the page is read: see _RELOAD_JS
        if build == 0:  # the first build is running
            self._building(path, body=body)
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):  # /zh-hant: its page's links start from /zh-hant/
                query = self.path[len(path) :]
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", f"{path}/{query}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            data = file.read_bytes()
            for folder in ("", f"{HANT_DIR}/"):
                if file == Path(self.directory, folder, NOT_FOUND):  # as at a missing page's
                    data = from_root(data, f"/{folder}".encode())
            self._send(_with_reload(data, build), "text/html; charset=utf-8", body=body)
            return
        if file.is_file():
            self._send_file(file, body=body)
            return
        errors = self.state.snapshot()["errors"]
        if errors and file.suffix in ("", ".html"):  # a page: why the site is not there
            text = html.escape(errors)
            note = f'<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>gkml：网站未生成 (the site was not built)</title><h1>网站未生成 (the site was not built)</h1><pre>{text}</pre><script src="{_SCRIPT}?b={build}"></script></html>'
            self._send(note.encode(), "text/html; charset=utf-8", body=body)
            return
        self._not_found(path, build, body=body)

    def _building(self, path: str, *, body: bool) -> None:
        """Answer while the first build runs: a page says so and reloads when it is done."""
        retry = (("Retry-After", _RETRY_SECONDS),)
        if path.endswith("/") or Path(path).suffix in ("", ".html"):
            self._send(_BUILDING, "text/html; charset=utf-8", body=body, status=503, more=retry)
            return
        note = "正在生成网站…… (building the site…)\n".encode()
        self._send(note, "text/plain; charset=utf-8", body=body, status=503, more=retry)

    def _not_found(self, path: str, build: int, *, body: bool) -> None:
        """Answer with the site's own 404 page (as a web server set up by the handbook does:
        the 繁體 one under zh-hant/), its links made to start from this server's root, the
        reload script in it: a page that goes (an index_no changed) comes back by itself when
        it is there again."""
        folders = [f"{HANT_DIR}/", ""] if path.startswith(f"/{HANT_DIR}/") else [""]
        for folder in folders:
            try:
                data = (Path(self.directory) / folder / NOT_FOUND).read_bytes()
            except OSError:
                continue
            page = _with_reload(from_root(data, f"/{folder}".encode()), build)
            self._send(page, "text/html; charset=utf-8", body=body, status=404)
            return
        # Not send_error: its message goes into the status line, which is Latin-1 only (a
        # Chinese one closed the connection without an answer).
        self._send(
            "页面不存在 (not found)\n".encode(), "text/plain; charset=utf-8", body=body, status=404
        )

    def _send_file(self, file: Path, *, body: bool) -> None:
        """Answer with *file*, or the part of it a `Range: bytes=…` header asks for: Safari
        plays an attachment's video or audio only from a server that answers ranges, and
        PDF viewers fetch large files in parts."""
        size = file.stat().st_size
        start, end, status = 0, size - 1, HTTPStatus.OK
        wanted = _RANGE.fullmatch(self.headers.get("Range", "").strip())
        if wanted and (wanted[1] or wanted[2]):
            if wanted[1]:
                start, end = int(wanted[1]), min(int(wanted[2] or size - 1), size - 1)
            else:  # the last N bytes
                start = max(0, size - int(wanted[2]))
            if start >= size or start > end:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.PARTIAL_CONTENT
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not body:
            return
        with file.open("rb") as source:
            source.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = source.read(min(left, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)

    def _send(
        self,
        data: bytes,
        kind: str,
        *,
        body: bool = True,
        status: int = 200,
        more: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in more:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


# One range of bytes (`bytes=0-99`, `bytes=100-`, `bytes=-100`); several ranges in one
# request are answered with the whole file, which HTTP allows.
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
# The 404 page's links start from the site's path (`/xxgk/`, from base_url): its stylesheet's.
_ROOT_OF_404 = re.compile(rb'href="(/[^"]*)assets/gkml\.css"')
# A relative link of the 404 page: its search box's `action` and the home link `notfound.js`
# reads (`data-gk-home`) too, which a server's 404 page has from the site's path.
_RELATIVE = re.compile(
    rb'(\s(?:href|src|action|data-gk-home)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"'
)


def from_root(page: bytes, folder: bytes = b"/") -> bytes:
    """Return the 404 page *page* of the site's *folder* (`/`, or `/zh-hant/` for the 繁體
    one) with its links made to start from this server's root: the site's path (`/xxgk/`,
    from base_url) replaced by `/`, or, without a base_url, each relative link resolved from
    *folder* (the page is shown at any depth; `notfound.js` needs root-based links to point
    the 简/繁 switch at the address asked for)."""
    root = _ROOT_OF_404.search(page)
    if root is not None:
        return page if root.group(1) == b"/" else page.replace(b'="' + root.group(1), b'="/')
    base = folder.decode()
    return _RELATIVE.sub(
        lambda m: m.group(1) + urljoin(base, m.group(2).decode()).encode() + b'"', page
    )


def _with_reload(page: bytes, build: int) -> bytes:
    """Return *page* with the reload script in it, told the *build* the page is of."""
    script = f'<script src="{_SCRIPT}?b={build}"></script></body>'
    return page.replace(b"</body>", script.encode(), 1)


def serve(
    site: Path,
    out: Path,
    port: int,
    as_of: date | None,
    *,
    workers: int | None = None,
    search_index: bool = True,
) -> int:
    """Serve the site on 127.0.0.1:*port* at once, build it, and rebuild on every change."""
    state = _State()
    build = functools.partial(
        build_site, site, out, as_of=as_of, workers=workers, search_index=search_index
    )
    try:
        guard_output(site.resolve(), out.resolve())  # as the build does, before a folder is made
    except (BuildError, OSError) as exc:
        print(f"gkml: {exc}", file=sys.stderr)
        return 2
    handler = functools.partial(_Handler, state=state, directory=str(out.resolve()))
    try:  # before the first build: a second serve of the same site stops here, untouched
        server = _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        print(
            f"gkml: 端口 {port} 无法使用：可能另一个预览（gkml serve）仍在运行，请先关闭它，或用 "
            f"--port {port + 1 if port < 65535 else 8001} 换一个端口 (cannot listen on port {port}:"
            f" is another gkml serve still running? Stop it, or use --port): {exc}",
            file=sys.stderr,
        )
        return 2
    try:  # after the port: a serve that cannot listen leaves no folder (a day of edits)
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder would go (site/site)
        server.server_close()
        print(f"gkml: {exc}", file=sys.stderr)
        return 2
    try:
        # The address at once, answered while the first build runs (`_BUILDING`).
        print(
            f"预览地址 http://127.0.0.1:{port}/ ，正在生成网站，完成后页面自动刷新；按 Ctrl+C 结束"
            " (serving; building the site, the page reloads when it is done; Ctrl+C to stop)",
            file=sys.stderr,
        )
        threading.Thread(target=_build_and_watch, args=(site, build, state), daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        _stop(state)
    finally:
        server.server_close()
    return 0


def _stop(state: _State) -> None:
    """Stop at Ctrl+C: tell the watcher, and wait for a build it is running to stop (a build
    cut short would leave its staging folder behind). A second Ctrl+C meanwhile waits on:
    `uv run gkml serve` passes the terminal's on, so gkml gets two, and the second had ended
    the wait, and the process with its build half done (a day of edits: 67 MB left)."""
    state.stopping.set()
    said = False
    while True:
        try:
            if not said and state.building.locked():
                said = True
                print("正在停止本次生成…… (stopping the build in progress…)", file=sys.stderr)
            with state.building:
                break
        except KeyboardInterrupt:
            continue
    # Stopped, and nothing left to clean up: a later Ctrl+C (`uv run`'s second, a few
    # milliseconds on) would only turn the exit into a kill by SIGINT, now that a first build
    # stops at its next file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("已停止。(Stopped.)", file=sys.stderr)
