"""`gkml serve`: a real server process, real HTTP, real file edits."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import copy_sample

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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = copy_sample(tmp_path / "src")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: b"<h1>" in _get(f"{base}/index.html"), "the first build")
        yield site, base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _status(base: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(_get(f"{base}/__gkml/status"))
    return data


def test_serve_rebuilds_reloads_and_survives_errors(served: tuple[Path, str]) -> None:
    site, base = served
    home = _get(f"{base}/").decode("utf-8")
    assert '<script src="/__gkml/reload.js"></script></body>' in home
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
