"""What the browser checks share: the sample site built once, the tools they need, page kinds.

Chromium (Debian `chromium`), axe-core and the Nu Html Checker (npm, `npm ci` at the repository
root) and Java are found on the machine. A missing tool skips its checks, except with
GKML_REQUIRE_BROWSER=1 (set by CI), where it fails them: a green run must have run them.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import copy_sample

from benchmarks.search import CHROMIUM, CHROMIUM_ARGS  # one launcher's flags for both
from generator.build import build_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parent.parent
SAMPLE_AS_OF = date(2026, 11, 20)
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The checks run on Chromium's headless shell (Debian `chromium-headless-shell`): the same
# version of the same engine (Blink, V8, the fonts of the machine) as `chromium`, without the
# browser's own windows and pages, as Playwright's own headless runs are. `chromium` spends a
# core on its window pages: the suite's 296 checks in test_browser.py took 12:00 with it and
# 3:30 with the shell on this machine. Chromium itself where the shell is missing, or where
# GKML_CHROMIUM names a browser.
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
BROWSER = (
    HEADLESS_SHELL if HEADLESS_SHELL.is_file() and "GKML_CHROMIUM" not in os.environ else CHROMIUM
)

# Page kinds with fixed paths in the sample site; the others are looked up in catalog.json.
FIXED_KINDS = {
    "home": "index.html",
    "column": "catalog/fdzdgknr/index.html",
    "column-leaf": "catalog/bmwj/index.html",
    "issuer": "issuers/640100-108/index.html",
    "status-in-force": "status/in-force/index.html",
    "status-not-in-force": "status/not-in-force/index.html",
    "page": "pages/gkzn.html",
    "not-found": "404.html",
    "accessibility": "accessibility.html",
    "data": "data.html",
    "item-annual-report": "items/2024/640100-108-2024-00004.html",  # wide tables
    "annual": "annual/2025.html",  # 年度报告 figures of a finished year
    # The search page with results shown (search.js renders them from the local index).
    "search": "search.html?q=%E6%95%91%E5%8A%A9",  # ?q=救助
}
# Items with a page, by (status, disclosure), and an interpretation of a policy.
ITEM_KINDS = {
    "item-in-force": ("有效", "主动公开"),
    "item-expired": ("失效", "主动公开"),
    "item-repealed": ("废止", "主动公开"),
    "item-amended": ("已修改", "主动公开"),
    "item-partial": ("有效", "部分公开"),
}
LISTING_GLOBS = {
    "topic": "topics/*/index.html",
    "year": "dates/[0-9][0-9][0-9][0-9]/index.html",
    "month": "dates/[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html",
}
PAGE_KINDS = (*FIXED_KINDS, *LISTING_GLOBS, *ITEM_KINDS, "item-interpretation")


def require(what: str, present: bool) -> None:
    """Skip (or, with GKML_REQUIRE_BROWSER=1, fail) a check whose tool is missing."""
    if present:
        return
    message = f"{what} is missing; CI installs it (see .ci/run)"
    if os.environ.get("GKML_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium through Playwright, offline; skip or fail (see `require`)."""
    require(f"Chromium ({BROWSER})", BROWSER.is_file())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        require("the playwright package", False)
        raise
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(BROWSER), args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


def build_sample(into: Path) -> Path:
    """Build the repository's sample catalog under *into*; return the site folder."""
    src = copy_sample(into / "src")
    out = into / "site"
    result = build_site(src, out, as_of=SAMPLE_AS_OF)
    assert result.stats is not None, [d.message_en for d in result.load.diagnostics]
    return out


def page_kinds(site: Path) -> dict[str, str]:
    """Return one page of each kind of *site*: kind → site-root path."""
    found = dict(FIXED_KINDS)
    for kind, pattern in LISTING_GLOBS.items():
        found[kind] = sorted(site.glob(pattern))[0].relative_to(site).as_posix()
    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["items"]
    shown = [i for i in items if i["url"]]
    for kind, (status, disclosure) in ITEM_KINDS.items():
        found[kind] = next(
            i["url"] for i in shown if (i["status"], i["disclosure"]) == (status, disclosure)
        )
    found["item-interpretation"] = next(i["url"] for i in shown if i["interprets"])
    for kind, path in found.items():
        assert (site / path.split("?")[0]).is_file(), (kind, path)
    return found


def png_grey(png: bytes) -> tuple[int, int, bytes]:
    """Return (width, height, one grey byte a pixel) of *png*, an 8-bit RGB or RGBA image
    without interlacing, as Chromium's screenshots are: a decoder of the standard's five row
    filters, so that a test can read a rendered image (a QR code) without an image library."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, data, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(data), width * step
    rows: list[bytearray] = []
    above = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = above[i], above[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                near = min(
                    (abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner)
                )
                line[i] = (line[i] + near[2]) & 0xFF
        rows.append(line)
        above = line
    grey = bytes((r[i] + r[i + 1] + r[i + 2]) // 3 for r in rows for i in range(0, stride, step))
    return width, height, grey


class QuietServer(http.server.ThreadingHTTPServer):
    """A test's web server that says nothing of a connection the browser dropped while it
    answered (a page closed, or gone elsewhere, before its file had come): the traceback it
    printed was read as a failure in the test run's output."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def emulate_forced_colors(page: Page, *, dark: bool = False) -> None:
    """Show *page*, from its next load on, as a Windows contrast theme would (CSS
    `forced-colors: active`), a light or a dark one: Chromium then draws the system colours,
    no background colour and no box-shadow, as on Windows. Through the DevTools protocol, as
    DevTools' own "Emulate CSS media feature" does; the page keeps it until it is closed."""
    cdp = page.context.new_cdp_session(page)
    scheme = "dark" if dark else "light"
    features = [
        {"name": "forced-colors", "value": "active"},
        {"name": "prefers-color-scheme", "value": scheme},
    ]
    cdp.send("Emulation.setEmulatedMedia", {"features": features})


def accessibility_tree(page: Page) -> list[tuple[str, str, dict[str, object]]]:
    """Return (role, name, properties) of each node of Chromium's own accessibility tree of
    *page* that a screen reader is given (not the ignored ones: names as computed, hidden
    things left out), in the tree's order."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [
        (
            n.get("role", {}).get("value", ""),
            n.get("name", {}).get("value", ""),
            {p["name"]: p["value"].get("value") for p in n.get("properties", [])},
        )
        for n in nodes
        if not n.get("ignored")
    ]
