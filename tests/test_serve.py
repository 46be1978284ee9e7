"""`gkml serve`: a real server process, real HTTP, real file edits."""

from __future__ import annotations

import contextlib
import functools
import gc
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_sample, ctrl_c, from_a_terminal, press_ctrl_c

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        data: bytes = response.read()
        return data


def _wait(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class _Server:
    """A `gkml serve` process whose output is read as it comes: a pipe nobody reads fills
    and stops the server, and a test that times out shows what the server said."""

    def __init__(self, site: Path) -> None:
        self.port = _free_port()
        command = ["serve", "--site", str(site), "--port", str(self.port)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.output: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def said(self) -> str:
        return b"".join(self.output).decode("utf-8", "replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _built(base: str) -> bool:
    """Return whether the server at *base* serves its site's home page."""
    return b"<h1>" in _get(f"{base}/index.html")  # the page said while building is a 503


def _started(site: Path, ready: Callable[[str], bool] = _built) -> tuple[_Server, str]:
    """Start a server and wait until it is *ready* (by default, its first build done); on a
    port taken meanwhile (another test's server picked it between `_free_port` and the
    bind), try another."""
    for _attempt in range(3):
        server = _Server(site)
        base = f"http://127.0.0.1:{server.port}"
        deadline = time.monotonic() + 120  # the first build, on a busy CI machine
        while time.monotonic() < deadline and server.process.poll() is None:
            try:
                if ready(base):
                    return server, base
            except OSError:
                pass
            time.sleep(0.2)
        if server.process.poll() is None:
            server.stop()
            raise AssertionError(f"timed out waiting for the server:\n{server.said()}")
        server.process.wait()
        if "无法使用" not in server.said():
            raise AssertionError(f"gkml serve stopped:\n{server.said()}")
    raise AssertionError(f"no free port in three tries:\n{server.said()}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = copy_sample(tmp_path / "src")
    server, base = _started(site)
    try:
        yield site, base
    finally:
        server.stop()


def _status(base: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(_get(f"{base}/__gkml/status"))
    return data


def test_serve_rebuilds_reloads_and_survives_errors(served: tuple[Path, str]) -> None:
    site, base = served
    home = _get(f"{base}/").decode("utf-8")
    # told the build it was cut from (see the next test)
    assert re.search(r'<script src="/__gkml/reload\.js\?b=\d+"></script></body>', home), home
    assert b"location.reload" in _get(f"{base}/__gkml/reload.js")
    first = _status(base)
    assert first["errors"] == ""

    page = next(p for p in sorted((site / "content/2026").glob("*.md")))
    text = page.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith(("title:", "名称:")))
    page.write_text(text.replace(title, "title: 预览中修改的标题", 1), encoding="utf-8")
    _wait(lambda: _status(base)["build"] != first["build"], "a rebuild")
    assert "预览中修改的标题" in _get(f"{base}/index.html").decode("utf-8")

    before_error = _status(base)["build"]
    page.write_text(text.replace(title, "title:", 1), encoding="utf-8")  # an empty title
    _wait(lambda: _status(base)["build"] != before_error, "the failed rebuild")
    status = _status(base)
    assert "GK114" in str(status["errors"])
    assert "预览中修改的标题" in _get(f"{base}/index.html").decode("utf-8")  # still served

    page.write_text(text, encoding="utf-8")
    _wait(lambda: _status(base)["errors"] == "", "the error to clear")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _answer(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_missing_page_is_the_sites_own_404_page_and_head_tells_the_truth(
    served: tuple[Path, str],
) -> None:
    """Found by feeding serve odd requests: a missing page was Python's English "Error
    response" (no reload script: the preview stayed on it after the page came back), and
    HEAD gave the length of the file without the reload script."""
    _site, base = served
    status, headers, body = _answer(f"{base}/items/2026/640100-108-2026-99999.html")
    page = body.decode("utf-8")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>页面不存在</h1>" in page and '<html lang="zh-CN"' in page
    assert 'href="/assets/gkml.css"' in page and '="/xxgk/' not in page  # from this root
    assert re.search(r'<script src="/__gkml/reload\.js\?b=\d+"></script></body>', page)
    assert _answer(f"{base}/items/")[0] == 404  # no directory listing
    # A folder without its slash is sent to it, as a web server does: its index page's
    # relative links would start one folder up (a walk: /zh-hant led to the 简体 pages).
    request = urllib.request.Request(f"{base}/zh-hant?x=1")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(request, timeout=5)
        moved = None
    except urllib.error.HTTPError as error:
        moved = (error.code, error.headers["Location"])
    assert moved == (301, "/zh-hant/?x=1")
    status, _headers, body = _answer(f"{base}/zh-hant")  # followed
    assert status == 200 and '<html lang="zh-Hant"' in body.decode("utf-8")
    # Under zh-hant/, the 繁體 404 page, as the handbook's nginx set-up answers (a walk: the
    # 简体 one came, with links out of the 繁體 edition).
    status, _headers, body = _answer(f"{base}/zh-hant/items/2026/640100-108-2026-99999.html")
    page = body.decode("utf-8")
    assert status == 404 and '<html lang="zh-Hant"' in page and "<h1>頁面不存在</h1>" in page
    assert 'href="/zh-hant/index.html"' in page and 'href="/assets/gkml.css"' in page
    _status, got, full = _answer(f"{base}/index.html")
    head_status, head, empty = _answer(f"{base}/index.html", "HEAD")
    assert (head_status, empty) == (200, b"")
    assert int(head["Content-Length"]) == len(full) == int(got["Content-Length"])
    assert head["Content-Type"] == got["Content-Type"] == "text/html; charset=utf-8"


def test_serve_outlives_a_build_that_fails_in_an_unexpected_way(served: tuple[Path, str]) -> None:
    """Found by feeding serve odd input: a template that failed as it ran (a division by
    zero) stopped the watcher for good; the page showed no error and no later save."""
    site, base = served
    template = (REPO / "templates/item.html").read_text(encoding="utf-8")
    (site / "templates").mkdir()
    broken = site / "templates/item.html"
    first = _status(base)["build"]
    broken.write_text(
        template.replace("{% block main %}", "{% block main %}{{ (title|length) // 0 }}", 1),
        encoding="utf-8",
    )
    _wait(lambda: _status(base)["build"] != first, "the failed rebuild")
    errors = str(_status(base)["errors"])
    assert "templates/item.html:" in errors and "by zero" in errors, errors
    broken.unlink()
    _wait(lambda: _status(base)["errors"] == "", "the rebuild after the fix")
    page = next(p for p in sorted((site / "content/2026").glob("*.md")))
    text = page.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    page.write_text(text.replace(title, "title: 修好模板之后的标题", 1), encoding="utf-8")
    _wait(lambda: "修好模板之后的标题" in _get(f"{base}/index.html").decode("utf-8"), "a save")


def test_a_second_serve_on_a_busy_port_builds_nothing(
    served: tuple[Path, str], tmp_path: Path
) -> None:
    """It built first and listened after: two builds into one site/ broke each other."""
    site, base = served
    port = base.rsplit(":", 1)[1]
    out = tmp_path / "second"
    command = ["serve", "--site", str(site), "--out", str(out), "--port", port]
    second = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 2
    assert f"端口 {port} 无法使用" in second.stderr
    assert not out.exists()  # not even an empty folder (a day of edits)


def test_the_404_page_links_from_the_servers_root_with_or_without_a_base_url() -> None:
    """Found in review: without a base_url the 404 page's links are relative, and the first
    way of rewriting them put a slash into every attribute (class="/gk-…")."""
    from generator.serve import from_root

    relative = (
        b'<link href="assets/gkml.css"><a class="gk-x" href="index.html">x</a>'
        b'<a href="https://example.gov.cn/">y</a><a href="#main">z</a><script src="assets/gkml.js">'
    )
    assert from_root(relative) == (
        b'<link href="/assets/gkml.css"><a class="gk-x" href="/index.html">x</a>'
        b'<a href="https://example.gov.cn/">y</a><a href="#main">z</a><script src="/assets/gkml.js">'
    )
    # The 繁體 404 page (zh-hant/404.html) without a base_url: from its own folder, resolved
    # (`notfound.js` takes the shorter of its home link and switch for the site's root), the
    # search box's action and the home link notfound.js reads too.
    hant = (
        b'<link href="../assets/gkml.css"><a href="index.html">x</a><a href="#main">z</a>'
        b'<a href="../404.html" hreflang="zh-CN">s</a><form action="search.html">'
        b'<p data-gk-home="index.html" data-gk-mode="x">'
    )
    assert from_root(hant, b"/zh-hant/") == (
        b'<link href="/assets/gkml.css"><a href="/zh-hant/index.html">x</a><a href="#main">z</a>'
        b'<a href="/404.html" hreflang="zh-CN">s</a><form action="/zh-hant/search.html">'
        b'<p data-gk-home="/zh-hant/index.html" data-gk-mode="x">'
    )
    based = b'<link href="/xxgk/assets/gkml.css"><a href="/xxgk/index.html">x</a>'
    assert from_root(based) == b'<link href="/assets/gkml.css"><a href="/index.html">x</a>'


def _ranged(url: str, wanted: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Range": wanted})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_files_are_served_in_the_ranges_asked_for(served: tuple[Path, str]) -> None:
    """Safari plays an attachment's video or audio only from a server that answers byte
    ranges; the preview ignored them and sent the whole file."""
    _site, base = served
    url = f"{base}/assets/gkml.css"
    status, headers, whole = _answer(url)
    assert status == 200 and headers["Accept-Ranges"] == "bytes"
    size = len(whole)
    status, headers, part = _ranged(url, "bytes=0-9")
    assert (status, part, headers["Content-Range"]) == (206, whole[:10], f"bytes 0-9/{size}")
    status, headers, tail = _ranged(url, "bytes=-5")
    assert (status, tail) == (206, whole[-5:])
    assert headers["Content-Range"] == f"bytes {size - 5}-{size - 1}/{size}"
    status, _headers, rest = _ranged(url, f"bytes={size - 3}-")
    assert (status, rest) == (206, whole[-3:])
    status, headers, _ = _ranged(url, f"bytes={size}-")
    assert status == 416 and headers["Content-Range"] == f"bytes */{size}"
    assert _ranged(url, "bytes=0-1,5-6")[0:3:2] == (200, whole)  # several: the whole file


def test_only_this_machines_names_are_answered(served: tuple[Path, str]) -> None:
    """A security review: a page whose name it points at 127.0.0.1 (DNS rebinding) could read
    the preview, drafts and check warnings included; the Host header must name this machine."""
    _site, base = served
    port = base.rsplit(":", 1)[1].split("/", 1)[0]
    for host, status in (
        (f"attacker.example:{port}", 403),
        (f"127.0.0.1.attacker.example:{port}", 403),
        (f"localhost:{port}", 200),
        (f"127.0.0.1:{port}", 200),
    ):
        request = urllib.request.Request(f"{base}/__gkml/status", headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                got = response.status
        except urllib.error.HTTPError as error:
            got = error.code
        assert got == status, host


@pytest.mark.parametrize("first", [False, True], ids=["rebuild", "first-build"])
@pytest.mark.parametrize("times", [1, 2], ids=["once", "twice"])
def test_ctrl_c_during_a_rebuild_stops_it_quietly_and_cleans_up(
    tmp_path: Path, times: int, first: bool
) -> None:
    """A walk: the terminal's Ctrl+C, which reaches every process of the command, stopped a
    rebuild through its render helpers with a traceback ("Exception in thread … _watch"), or
    else waited for the whole rebuild (15-22 s at 1,000 items). Twice: `uv run gkml serve`
    passes the terminal's Ctrl+C on, so gkml gets two; the second broke serve's wait for the
    build, which left its staging folder behind (a day of edits); during the first build too
    (a re-walk)."""
    import os
    import signal

    from benchmarks import corpus

    site = tmp_path / "corpus"
    corpus.generate(400, site, seed=3)
    port = _free_port()
    process = from_a_terminal(["serve", "--site", str(site), "--port", str(port), "--jobs", "2"])
    staging = site / ".site.staging"
    try:
        if first:
            _wait(staging.exists, "the first build to stage its pages", 120)
        else:
            _wait(
                lambda: b"<h1>" in _get(f"http://127.0.0.1:{port}/index.html"),
                "the first build",
                120,
            )
            config = site / "catalog.yml"
            config.write_text(config.read_text(encoding="utf-8") + "# 改动\n", encoding="utf-8")
            _wait(staging.exists, "the rebuild to start", 30)
        time.sleep(0.3)  # its helpers are rendering
        said = ctrl_c(process, times, 0.05, timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, said
    assert "已停止" in said and "Traceback" not in said, said
    assert not staging.exists()


def _warned(site: Path) -> None:
    """Give a sample item a body link to a file that is not there (GK119, a warning)."""
    page = site / "content/2024/shjz-dibao-biaozhun-2024.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n见[附表](files/no-such-table.pdf)。\n",
        encoding="utf-8",
    )


def test_the_preview_says_the_warnings_of_the_site_it_built(tmp_path: Path) -> None:
    """An editor's walk: the preview said only errors; a mistyped ID number (GK305) was
    published with nothing said. A site built with warnings names them in the status the page
    reads and, when they change, in the terminal."""
    site = copy_sample(tmp_path / "src")
    server, base = _started(site)
    try:
        first = _status(base)
        assert (first["errors"], first["warnings"]) == ("", "")
        _warned(site)
        _wait(lambda: _status(base)["build"] != first["build"], "a rebuild")
        status = _status(base)
        assert status["errors"] == ""
        warnings = str(status["warnings"])
        assert warnings.startswith("网站已更新，gkml check 有 1 个警告"), warnings
        assert "gkml check gives 1 warning: see to it before publishing" in warnings
        assert "GK119" in warnings and "no-such-table.pdf" in warnings
        _wait(lambda: "GK119" in server.said(), "the warning in the terminal")
    finally:
        server.stop()


def test_the_preview_page_shows_warnings_folded_and_errors_open(tmp_path: Path) -> None:
    from browsing import chromium

    site = copy_sample(tmp_path / "src")
    server, base = _started(site)
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{base}/index.html")
            built = _status(base)["build"]
            _warned(site)
            page.wait_for_selector("#gkml-errors[data-kind=warnings]", timeout=30_000)
            assert page.eval_on_selector("#gkml-errors", "e => [e.tagName, e.open]") == [
                "DETAILS",
                False,
            ]
            summary = page.text_content("#gkml-errors summary") or ""
            assert summary.startswith("网站已更新，gkml check 有 1 个警告"), summary
            assert "GK119" in (page.text_content("#gkml-errors pre") or "")
            assert _status(base)["build"] != built
            # An error: the red panel, read out (role=alert), in place of the warnings.
            item = site / "content/2024/shjz-dibao-biaozhun-2024.md"
            text = item.read_text(encoding="utf-8")
            item.write_text(text.replace("\ntitle:", "\ntitle:\nold_title:", 1), encoding="utf-8")
            page.wait_for_selector("#gkml-errors[data-kind=errors]", timeout=30_000)
            assert page.get_attribute("#gkml-errors", "role") == "alert"
    finally:
        server.stop()


def test_a_page_served_while_a_rebuild_runs_reloads_when_it_is_done(tmp_path: Path) -> None:
    """A day of edits: a page opened as a save was being built could be served from the old
    site and answered, at its first look at the status, with the new build's number; it took
    that for its own and stayed old for good (5 tabs in 41). The page now carries the build it
    was cut from. Here its first look is held until the rebuild is done."""
    from browsing import chromium

    site = copy_sample(tmp_path / "src")
    server, base = _started(site)
    try:
        with chromium() as browser:
            page = browser.new_page()
            held: list[Any] = []

            def hold_the_first(route: Any) -> None:
                if held:
                    route.continue_()
                else:
                    held.append(route)

            page.route("**/__gkml/status", hold_the_first)
            page.goto(f"{base}/index.html")
            # Playwright runs a route's handler only while it is called: wait in it (a
            # time.sleep missed a first look that came after goto, 1 run in 3 here).
            deadline = time.monotonic() + 30
            while not held:
                assert time.monotonic() < deadline, "timed out: the page's first look at status"
                page.wait_for_timeout(100)
            built = _status(base)["build"]
            item = next(p for p in sorted((site / "content/2026").glob("*.md")))
            text = item.read_text(encoding="utf-8")
            title = next(line for line in text.splitlines() if line.startswith("title:"))
            item.write_text(text.replace(title, "title: 保存后才打开的标题", 1), encoding="utf-8")
            _wait(lambda: _status(base)["build"] != built, "the rebuild")
            with page.expect_navigation(timeout=30_000):  # the reload
                held[0].continue_()
            page.wait_for_load_state("load")
            assert "保存后才打开的标题" in page.content()
    finally:
        server.stop()


def test_each_rebuild_gives_back_what_it_held(tmp_path: Path) -> None:
    """A day of edits: serve's memory grew by 0.5 MB a save at 60 items, 1.9 MB at 1,000,
    and never came down: a build moves what it made to the collector's permanent generation,
    which a one-off command leaves for its exit. After each of serve's rebuilds, nothing is
    held there."""
    from generator import serve

    site, build = _sample_build(tmp_path)
    state = serve._State()
    # What the permanent generation holds with nothing frozen: nothing before Python 3.12; from
    # 3.12 on, a collection puts the interpreter's immortal objects there (375 in a fresh 3.12.1).
    gc.unfreeze()
    gc.collect()
    python_own = gc.get_freeze_count()
    try:
        serve._rebuild(build, state)
        assert state.snapshot()["errors"] == "" and state.snapshot()["build"] == 1
        assert gc.get_freeze_count() == python_own
        item = site / "content/2024/shjz-dibao-biaozhun-2024.md"
        item.write_text(item.read_text(encoding="utf-8").replace("title:", "title: 改", 1))
        serve._rebuild(build, state)
        assert state.snapshot()["build"] == 2
        assert gc.get_freeze_count() == python_own
    finally:
        gc.unfreeze()


def _sample_build(tmp_path: Path) -> tuple[Path, Callable[..., Any]]:
    """Return a copy of the sample and the build serve runs of it (`serve._rebuild`'s)."""
    from generator.build import build_site

    site = copy_sample(tmp_path / "src")
    build = functools.partial(
        build_site, site, tmp_path / "site", as_of=date(2026, 11, 20), search_index=False
    )
    return site, build


def test_a_rebuild_that_changes_nothing_reloads_no_page(tmp_path: Path) -> None:
    """A re-walk: every rebuild reloaded every open page, one that wrote nothing too (a file
    only touched, a lock file the watcher did not know). A page reloads when the site changed,
    or what the preview says of it did: errors cleared with the site as it was reload it."""
    from generator import serve

    site, build = _sample_build(tmp_path)
    state = serve._State()
    try:
        serve._rebuild(build, state)
        assert state.snapshot()["build"] == 1
        item = site / "content/2024/shjz-dibao-biaozhun-2024.md"
        os.utime(item, ns=(item.stat().st_atime_ns, item.stat().st_mtime_ns + 5 * 10**9))
        serve._rebuild(build, state)  # read again, the same bytes: nothing written
        assert state.snapshot()["build"] == 1
        text = item.read_text(encoding="utf-8")
        item.write_text(text.replace("status: 有效", "status: 作废", 1), encoding="utf-8")
        serve._rebuild(build, state)  # an error: the site stays, the page says so
        assert state.snapshot()["build"] == 2 and state.snapshot()["errors"]
        item.write_text(text, encoding="utf-8")
        serve._rebuild(build, state)  # put right: the site as it was, the error gone
        assert state.snapshot() == {"build": 3, "errors": "", "warnings": ""}
    finally:
        gc.unfreeze()


def test_one_page_rebuilt_is_said_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A save of one item's body said "rebuilt 2 pages" (a body-only change counted a page
    and its 繁體 counterpart as two; a build counts them as one), and one page was "1 pages"."""
    from generator import serve

    site, build = _sample_build(tmp_path)
    state = serve._State()
    try:
        serve._rebuild(build, state)
        assert re.search(r"\(rebuilt [0-9]{2,} pages in ", capsys.readouterr().err)
        item = site / "content/2023/bmwj-dibao-shenhe-banfa-2023.md"  # its body on one page
        item.write_text(item.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
        serve._rebuild(build, state)
        said = capsys.readouterr().err
        assert "渲染 1 个页面" in said and "(rebuilt 1 page in " in said, said
    finally:
        gc.unfreeze()


def test_a_first_build_that_writes_nothing_still_ends_the_building_page(tmp_path: Path) -> None:
    """Serve started again on a site its last run built: the first build writes nothing, and
    a build that writes nothing reloads no page; the page that said the site was being built
    (build 0) must reload all the same."""
    from generator import serve

    _site, build = _sample_build(tmp_path)
    try:
        serve._rebuild(build, serve._State())  # the last run's
        state = serve._State()
        serve._rebuild(build, state)  # this run's first: nothing to write
        assert state.snapshot() == {"build": 1, "errors": "", "warnings": ""}
    finally:
        gc.unfreeze()


def test_a_connection_the_browser_cut_prints_no_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A test under load saw serve print a traceback for a broken pipe (a page left while it
    loaded); any other error still prints one."""
    from generator import serve

    server = serve._Server(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    try:
        for error in (BrokenPipeError(), ConnectionResetError()):
            try:
                raise error
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("kept")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: kept" in capsys.readouterr().err
    finally:
        server.server_close()


def test_an_editors_own_files_do_not_rebuild_or_reload(served: tuple[Path, str]) -> None:
    """A day of edits: vim rewrites its swap file every few seconds while the editor types, and
    each write rebuilt the site and reloaded every open page. The check reads none of these
    files; the watcher looks at none either. A real change still rebuilds."""
    site, base = served
    built = _status(base)["build"]
    folder = site / "content/2024"
    names = (".shjz.md.swp", "shjz.md~", "4913", ".#shjz.md", "#shjz.md#", "~$附件.docx")
    names += ("shjz.md___jb_tmp___",)
    for name in names:
        (folder / name).write_text("草稿\n", encoding="utf-8")
    # An editor's own folders, written to all day (a re-walk: each write reloaded every tab).
    for own in (".vscode/settings.json", ".obsidian/workspace.json"):
        (site / "content" / own).parent.mkdir()
        (site / "content" / own).write_text("{}\n", encoding="utf-8")
    time.sleep(3)  # the watcher looks about every half second
    assert _status(base)["build"] == built
    (folder / "shjz.md~").unlink()
    page = folder / "shjz-dibao-biaozhun-2024.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    _wait(lambda: _status(base)["build"] != built, "a rebuild")


@contextlib.contextmanager
def _another_build(site: Path) -> Iterator[None]:
    """Hold the lock of builds of *site* into its site/ folder, as another `gkml build` into
    it does (`buildlock`): serve's first build waits until the block ends."""
    from generator import buildlock, manifest

    out = (site / "site").resolve()
    with buildlock.held(manifest.location(site, out).with_suffix(".lock"), out):
        yield


def _answers(base: str) -> bool:
    """Return whether the server at *base* answers at all (a 503 too)."""
    return _answer(f"{base}/")[0] > 0


@pytest.mark.parametrize("valid", [True, False], ids=["built", "failed"])
def test_the_preview_answers_at_once_and_reloads_when_the_first_build_is_done(
    tmp_path: Path, valid: bool
) -> None:
    """An editor's walk: nothing answered the preview's address while serve's first build
    ran (several seconds at 1,000 items, a minute at 20,000), and the address was printed
    only once it was done. Now it is printed at once, and every page says that the site is
    being built (503, Retry-After), then reloads by itself into the site, or into the errors
    that stopped the build, as after any build. Another build into site/ holds serve's
    first back for as long as the test looks."""
    from browsing import chromium

    site = copy_sample(tmp_path / "src")
    if not valid:  # an empty title, GK114
        item = site / "content/2024/shjz-dibao-biaozhun-2024.md"
        text = item.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        item.write_text(text.replace(title, "title:", 1), encoding="utf-8")
    with chromium() as browser, contextlib.ExitStack() as other:
        other.enter_context(_another_build(site))
        server, base = _started(site, ready=_answers)
        try:
            _wait(lambda: f"预览地址 {base}/ " in server.said(), "the address", 10)
            status, headers, body = _answer(f"{base}/items/2024/")
            assert (status, headers["Retry-After"]) == (503, "1"), body
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            page_text = body.decode("utf-8")
            assert "<h1>正在生成网站…</h1>" in page_text and "Building the site…" in page_text
            assert '<script src="/__gkml/reload.js?b=0"></script>' in page_text
            status, headers, body = _answer(f"{base}/assets/gkml.css")  # not a page: a line
            assert (status, headers["Content-Type"]) == (503, "text/plain; charset=utf-8")
            assert body.decode("utf-8").startswith("正在生成网站")
            assert _status(base) == {"build": 0, "errors": "", "warnings": ""}
            page = browser.new_page()
            shown = page.goto(f"{base}/")
            assert shown is not None and shown.status == 503
            assert page.text_content("h1") == "正在生成网站…"
            with page.expect_navigation(timeout=120_000) as reloaded:
                other.close()  # the other build is done: serve's goes on
            page.wait_for_load_state("load")
            assert reloaded.value is not None and reloaded.value.status == 200
            if valid:
                assert page.locator("main#main h1").count() == 1  # the site's home page
                assert "正在生成网站" not in page.content()
            else:
                assert (page.text_content("h1") or "").startswith("网站未生成")
                assert "GK114" in (page.text_content("pre") or "")
        finally:
            server.stop()


def _said_until(process: subprocess.Popen[bytes], text: str) -> str:
    """Return what *process* (`from_a_terminal`) said, read line by line up to the line that
    holds *text*."""
    assert process.stdout is not None
    said = b""
    while text.encode() not in said:
        line = process.stdout.readline()
        assert line, f"it ended without saying {text!r}:\n{said.decode('utf-8', 'replace')}"
        said += line
    return said.decode("utf-8", "replace")


def _opened_to_write(pipe: Path, process: subprocess.Popen[bytes]) -> int:
    """Return the writing end of the named pipe *pipe* once *process* has opened it to read."""
    deadline = time.monotonic() + 120
    while True:
        try:
            return os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            assert process.poll() is None, "it ended before it read the pipe"
            assert time.monotonic() < deadline, "timed out waiting for the pipe to be read"
            time.sleep(0.02)


@pytest.mark.parametrize("times", [1, 2], ids=["once", "twice"])
@pytest.mark.parametrize("when", ["waiting", "checking"])
def test_ctrl_c_during_the_first_builds_check_stops_it_there(
    tmp_path: Path, when: str, times: int
) -> None:
    """An editor's walk: Ctrl+C during serve's first build waited for the build's check to
    end (6 s at rest, up to 30 s under load), or for another build into site/ that the
    first waited for. The build runs in a thread, which Ctrl+C does not reach: it stops at
    its next file now, or at once from its wait. The check writes nothing before its end,
    where it saves what it read (the read cache): a check stopped where it was leaves none.

    The test holds the build where it wants it: behind another build's lock, or in its
    check, at a file the check reads first, a named pipe whose read waits for the test."""
    import signal

    site = copy_sample(tmp_path / "src")
    pipe = site / "content/0000-wait.md"  # before every other file
    if when == "checking":
        os.mkfifo(pipe)
    # Written an hour ago, as an editor's files are: the read cache keeps what was read of a
    # file unchanged for a second (`readcache`), so a check that ran to its end saves one.
    an_hour_ago = time.time() - 3600
    for path in (site / "content").rglob("*.md"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    port = _free_port()
    with contextlib.ExitStack() as other:
        if when == "waiting":
            other.enter_context(_another_build(site))
        process = from_a_terminal(["serve", "--site", str(site), "--port", str(port)])
        try:
            if when == "waiting":
                said = _said_until(process, "等它完成后再开始")  # the first build waits
                press_ctrl_c(process, times, 0.05)
            else:
                writer = _opened_to_write(pipe, process)  # the check reads its first file
                press_ctrl_c(process, times, 0.05)
                said = _said_until(process, "正在停止")  # serve is stopping
                os.close(writer)  # the file read: the check goes on, to its next file
            output, _ = process.communicate(timeout=20)
            said += output.decode("utf-8", "replace")
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, said
    assert "已停止" in said and "Traceback" not in said, said
    assert not (site / ".site.staging").exists()
    assert not (site / ".gkml-cache/read.marshal").exists(), said  # the check did not end


@pytest.mark.parametrize("base_url", [True, False], ids=["base-url", "no-base-url"])
def test_the_404_pages_switch_keeps_the_address_in_the_preview(
    tmp_path: Path, base_url: bool
) -> None:
    """A 繁體 reader's walk: without a base_url, the preview's 404 page showed the address
    asked for, but its 简/繁 switch opened the other edition's 404.html and the address was
    gone (its links relative, `notfound.js` let the switch be; its search box sent a query
    to search.html beside the missing page). The preview answers as a web server set up by
    the handbook does: the switch asks for the same address in the other edition."""
    from browsing import chromium

    site = copy_sample(tmp_path / "src")
    if not base_url:
        config = site / "catalog.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"\n  base_url: [^\n]*", "", text, count=1), encoding="utf-8")
    server, base = _started(site)
    try:
        with chromium() as browser:
            page = browser.new_page()
            asked = "/itmes/2024/no-such.html"
            assert page.goto(f"{base}{asked}?q=1").status == 404  # type: ignore[union-attr]
            assert page.text_content("h1") == "页面不存在"
            assert page.locator("#gk-missing code").inner_text() == f"{asked}?q=1"
            page.locator(".gk-tools").get_by_role("link", name="繁體").click()
            page.wait_for_url(f"{base}/zh-hant{asked}?q=1")
            assert page.text_content("h1") == "頁面不存在"
            assert page.locator("#gk-missing code").inner_text() == f"/zh-hant{asked}?q=1"
            page.locator(".gk-tools").get_by_role("link", name="简体").click()
            page.wait_for_url(f"{base}{asked}?q=1")
            assert page.text_content("h1") == "页面不存在"
            # The site at the server's root, asked for /zh-hant//example.com/x.html: the
            # same address in the 简体 edition is //example.com/x.html, another site's.
            page.goto(f"{base}/zh-hant//example.com/x.html", wait_until="load")
            assert page.text_content("h1") == "頁面不存在"
            switch = page.locator(".gk-tools").get_by_role("link", name="简体")
            assert switch.get_attribute("href") == "/404.html"
            page.goto(f"{base}{asked}?q=1", wait_until="load")
            # The page's other links lead into the site from any depth: its home page and
            # the search box's search.html.
            assert page.locator("#main a").first.get_attribute("href") == "/index.html"
            assert page.locator("#gk-search").get_attribute("action") == "/search.html"
            # The 404 page of an edition opened as itself: the other one's, as a server's.
            page.goto(f"{base}/zh-hant/404.html", wait_until="load")
            assert page.locator("#gk-missing").is_hidden()
            page.locator(".gk-tools").get_by_role("link", name="简体").click()
            page.wait_for_url(f"{base}/404.html")
            assert page.text_content("h1") == "页面不存在"
    finally:
        server.stop()
