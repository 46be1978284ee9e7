"""`gkml serve`: build, serve on 127.0.0.1, rebuild on change, reload the browser.

Only for previewing on the editor's own machine. The server watches `content/`,
`catalog.yml` and `templates/` by polling (no extra dependency, works on every file system),
rebuilds incrementally, and tells open pages to reload. A check error does not stop it: the
pages show the errors in a panel until the file is fixed.
"""

from __future__ import annotations

import functools
import html
import json
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.build import BuildError, BuildResult, build_site
from generator.config import CONFIG_FILE
from generator.diagnostics import format_human

POLL_SECONDS = 0.5
_STATUS = "/__gkml/status"
_SCRIPT = "/__gkml/reload.js"
_RELOAD_JS = b"""(function () {
  var seen = null;
  function panel(text) {
    var box = document.getElementById("gkml-errors");
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "gkml-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "margin:0;padding:1em;background:#fff4f4;color:#6b0000;border-top:4px solid #b00;" +
        "font-size:16px;white-space:pre-wrap;z-index:9999";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function poll() {
    fetch("/__gkml/status", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.build !== seen) { location.reload(); return; }
        seen = s.build;
        panel(s.errors);
      }).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


class _State:
    """The latest build: its number and the errors that stopped it, if any."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.build = 0
        self.errors = ""

    def update(self, errors: str) -> None:
        with self.lock:
            self.build += 1
            self.errors = errors

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"build": self.build, "errors": self.errors}


def _rebuild(build: Callable[[], BuildResult], state: _State) -> None:
    started = time.perf_counter()
    try:
        result = build()
    except BuildError as exc:
        state.update(str(exc))
        print(f"gkml: {exc}", file=sys.stderr)
        return
    problems = [d for d in result.load.diagnostics if d.severity == "error"]
    if result.stats is None:
        text = "\n".join(format_human(d) for d in problems) or "catalog.yml 有误"
        state.update("有错误，网站未更新 (errors: the site was not rebuilt)\n\n" + text)
        print(text, file=sys.stderr)
        return
    state.update("")
    seconds = time.perf_counter() - started
    print(
        f"已更新：渲染 {result.stats.rendered} 个页面，用时 {seconds:.2f} 秒"
        f" (rebuilt {result.stats.rendered} pages in {seconds:.2f}s)",
        file=sys.stderr,
    )


def _snapshot(site: Path) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for base in (site / "content", site / "templates"):
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file():
                    info = path.stat()
                    found[str(path)] = (info.st_mtime_ns, info.st_size)
    config = site / CONFIG_FILE
    if config.is_file():
        info = config.stat()
        found[str(config)] = (info.st_mtime_ns, info.st_size)
    return found


def _watch(site: Path, build: Callable[[], BuildResult], state: _State) -> None:
    seen = _snapshot(site)
    while True:
        time.sleep(POLL_SECONDS)
        now = _snapshot(site)
        if now != seen:
            seen = now
            _rebuild(build, state)


class _Handler(SimpleHTTPRequestHandler):
    state: _State

    def __init__(self, *args: Any, state: _State, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: the editor watches build messages, not requests

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == _STATUS:
            self._send(json.dumps(self.state.snapshot()).encode(), "application/json")
            return
        if path == _SCRIPT:
            self._send(_RELOAD_JS, "text/javascript")
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = file.read_bytes().replace(
                b"</body>", f'<script src="{_SCRIPT}"></script></body>'.encode(), 1
            )
            self._send(page, "text/html; charset=utf-8")
            return
        if not file.exists() and self.state.snapshot()["errors"]:
            text = html.escape(self.state.snapshot()["errors"])
            note = f'<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>gkml</title><h1>网站未生成</h1><pre>{text}</pre><script src="{_SCRIPT}"></script></html>'
            self._send(note.encode(), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def serve(
    site: Path,
    out: Path,
    port: int,
    as_of: date | None,
    *,
    workers: int | None = None,
    search_index: bool = True,
) -> int:
    """Build the site, serve it on 127.0.0.1:*port* and rebuild on every change."""
    state = _State()
    build = functools.partial(
        build_site, site, out, as_of=as_of, workers=workers, search_index=search_index
    )
    _rebuild(build, state)
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, state=state, directory=str(out.resolve()))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        print(f"gkml: 端口 {port} 无法使用 (cannot listen on port {port}): {exc}", file=sys.stderr)
        return 2
    threading.Thread(target=_watch, args=(site, build, state), daemon=True).start()
    print(
        f"预览地址 http://127.0.0.1:{port}/ ，按 Ctrl+C 结束 (serving; Ctrl+C to stop)",
        file=sys.stderr,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
