"""The public site in real Chromium: axe-core on every page kind in the standard mode, 长者版,
320 px wide and the 繁體 edition; reflow, text zoomed to 200 %, elder-mode sizes and targets,
the reading aids with and without JavaScript, print, the QR code, a keyboard-only walk, and
screenshots of an item page for CI artifacts.

Screenshots go to $GKML_SCREENSHOTS (default: a pytest temporary folder). Look at them:
Chinese must render (a CJK font is installed by .ci/run) and nothing may overlap.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
import zxingcpp
from browsing import (
    AXE,
    PAGE_KINDS,
    SAMPLE_AS_OF,
    QuietServer,
    accessibility_tree,
    build_sample,
    chromium,
    emulate_forced_colors,
    page_kinds,
    png_grey,
    require,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 720}
HANT = "zh-hant/"


class Mode(NamedTuple):
    viewport: dict[str, int]
    elder: bool  # 长者版 on
    edition: str = ""  # the edition's folder: "" for 简体, "zh-hant/" for 繁體
    lang: str = "zh-CN"  # the <html lang> of its pages


# The 繁體 edition once wide in the standard mode, once at its most cramped (320 px, 长者版):
# the same templates, other glyphs and the 简体 link instead of the 繁體 one.
MODES: dict[str, Mode] = {
    "standard": Mode(WIDE, False),
    "elder": Mode(WIDE, True),
    "narrow": Mode(NARROW, False),
    "narrow-elder": Mode(NARROW, True),
    "hant": Mode(WIDE, False, HANT, "zh-Hant"),
    "hant-narrow-elder": Mode(NARROW, True, HANT, "zh-Hant"),
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Rules that the Markdown of a document can break (an annual report's national-format table
# starts with empty header cells); reported for our templates, not inside .gk-body.
CONTENT_RULES = ["empty-table-header"]
_AXE_RUN = """
async ([options, contentRules]) => {
  const result = await axe.run(document, options);
  const inBody = (node) => node.target.every((t) => {
    const el = typeof t === "string" ? document.querySelector(t) : null;
    return el !== null && el.closest(".gk-body") !== null;
  });
  return result.violations.flatMap((v) => v.nodes
    .filter((n) => !(contentRules.includes(v.id) && inBody(n)))
    .map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary}`));
}
"""
# Every control and every link standing alone must be ≥ 60 x 60 px in elder mode; links in
# running text (paragraphs, the document body) are exempt, as in WCAG 2.5.5, but for the
# listing summary's 下一页 (a reader's walk: 72 x 28 px, the one small target in 长者版).
_SMALL_TARGETS = """
() => [...document.querySelectorAll("a[href], button, input, select, textarea")]
  .filter((el) => !el.closest("p:not(.gk-summary), .gk-body, [hidden]") && el.getClientRects().length > 0)
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.right > 0 && r.bottom > 0 && (r.width < 59.5 || r.height < 59.5))
  .map(([el, r]) => `${el.outerHTML.slice(0, 80)}: ${Math.round(r.width)}x${Math.round(r.height)}`)
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        # Chromium asks the server's root for /favicon.ico at some point after a page loads
        # (the portal's, not the catalog's); a 404 there would fail whichever test is running.
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def kinds(site: Path) -> dict[str, str]:
    return page_kinds(site)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """Serve the site over http on 127.0.0.1 at the path of its base_url, /xxgk/ (the 404
    page links from there), the way a web server would."""
    root = site.parent / "server-root"
    root.mkdir()
    (root / "xxgk").symlink_to(site, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xxgk/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def axe_source() -> str:
    require(f"axe-core ({AXE}; run `npm ci`)", AXE.is_file())
    return AXE.read_text(encoding="utf-8")


class Watch:
    """What a page did that it must not: errors, CSP violations, requests off the site."""

    def __init__(self, page: Page, origin: str) -> None:
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((origin, "data:"))
                else self.problems.append(f"request off the site: {r.url}")
            ),
        )


def _context(
    browser: Browser,
    viewport: dict[str, int],
    *,
    elder: bool = False,
    javascript: bool = True,
    touch: bool = False,
) -> BrowserContext:
    """A reader's browser; *touch*: a touch screen, so that (pointer: coarse) holds."""
    context = browser.new_context(
        viewport=viewport,
        java_script_enabled=javascript,
        locale="zh-CN",
        reduced_motion="reduce",
        has_touch=touch,
    )
    if elder:
        # As if the reader had chosen 长者版 on an earlier page (gkml.js reads localStorage).
        context.add_init_script("window.localStorage.setItem('gk-mode', 'elder')")
    return context


def _open(context: BrowserContext, url: str) -> tuple[Page, Watch]:
    page = context.new_page()
    origin = url.split("/", 3)
    watch = Watch(page, "/".join(origin[:3]) + "/" if url.startswith("http") else "file://")
    page.goto(url, wait_until="load")
    return page, watch


def _settle(page: Page) -> None:
    """Wait until the search page, if this is it, has shown its results."""
    page.wait_for_function(
        "() => { const s = document.getElementById('gk-search-status');"
        " return !s || (s.textContent !== '' && !s.textContent.includes('正在')); }",
        timeout=10_000,
    )


def _axe(page: Page, axe_source: str, options: dict[str, object]) -> list[str]:
    page.evaluate(axe_source)  # evaluated by the driver: the page's CSP does not apply
    found: list[str] = page.evaluate(_AXE_RUN, [options, CONTENT_RULES])
    return found


def _px(page: Page, selector: str, prop: str) -> float:
    value: str = page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")
    return float(value.removesuffix("px"))


def _settled(page: Page, condition: str) -> None:
    """Wait up to 5 s for the JavaScript *condition*; the assertion after it says whether it
    came (what a key press changes is not always done when the call returns)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(condition, timeout=5000)


def _px_after(page: Page, selector: str, prop: str, expected: float) -> float:
    """Return *prop* of *selector* once it is *expected* px, or as it is after 5 s: what a
    key press or a navigation changes is not always done when the call returns (a loaded
    machine failed such a check at once)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    script = f"e => parseFloat(getComputedStyle(e).{prop}) === {expected}"
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"(s) => ({script})(document.querySelector(s))", arg=selector, timeout=5000
        )
    return _px(page, selector, prop)


# -- every page kind in every mode ------------------------------------------------------------
@pytest.fixture(scope="module")
def tabs(browser: Browser, base_url: str) -> Iterator[Callable[[str], tuple[Page, Watch]]]:
    """One tab per mode, kept for the module's page kinds and cleared of what the last page
    did: a new tab's first page took 0.47 s to load here against 0.25 s for the next page in
    the same tab (a new tab is a new renderer process, its fonts loaded again)."""
    opened: dict[str, tuple[BrowserContext, Page, Watch]] = {}
    origin = base_url.removesuffix("xxgk/")

    def tab(mode: str) -> tuple[Page, Watch]:
        if mode not in opened or opened[mode][1].is_closed():
            context = _context(browser, MODES[mode].viewport, elder=MODES[mode].elder)
            page = context.new_page()
            opened[mode] = (context, page, Watch(page, origin))
        _, page, watch = opened[mode]
        watch.problems.clear()
        return page, watch

    yield tab
    for context, _, _ in opened.values():
        context.close()


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_is_accessible(
    tabs: Callable[[str], tuple[Page, Watch]],
    axe_source: str,
    base_url: str,
    kinds: dict[str, str],
    kind: str,
    mode: str,
) -> None:
    viewport, elder, edition, lang = MODES[mode]
    page, watch = tabs(mode)
    page.goto(base_url + edition + kinds[kind], wait_until="load")
    _settle(page)
    problems = list(watch.problems)
    assert page.evaluate("document.documentElement.lang") == lang
    # The link to the other edition names it in its own language.
    switch = page.locator(".gk-tools a[hreflang]")
    assert switch.get_attribute("lang") == switch.get_attribute("hreflang") != lang
    assert page.locator("h1").count() == 1
    if viewport is NARROW:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"horizontal scrolling: {width} px wide"
    if elder:
        assert page.evaluate("document.documentElement.classList.contains('gk-mode-elder')")
        assert _px(page, "body", "fontSize") >= 24  # 18 pt
        assert _px(page, "body", "lineHeight") >= 1.3 * 24
        assert page.evaluate(_SMALL_TARGETS) == []
    # Only the violations are wanted: axe then spends no time naming the nodes that passed.
    options: dict[str, object] = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }
    if elder:
        # Text contrast ≥ 7:1 (WCAG 1.4.6, AAA) instead of 4.5:1: the stricter rule finds
        # all the other would, and the check of contrast is most of axe's time (0.3 s a page).
        options["rules"] = {
            "color-contrast-enhanced": {"enabled": True},
            "color-contrast": {"enabled": False},
        }
    found = _axe(page, axe_source, options)
    assert problems + found == []


def test_elder_paragraph_spacing(browser: Browser, base_url: str, kinds: dict[str, str]) -> None:
    """长者版: paragraph space ≥ 1.3 x the line spacing; headings ≥ 30 pt; one column."""
    context = _context(browser, WIDE, elder=True)
    try:
        page, _ = _open(context, base_url + kinds["item-in-force"])
        line = _px(page, ".gk-body p", "lineHeight")
        assert _px(page, ".gk-body p", "marginBottom") >= 1.3 * line
        assert _px(page, "h1", "fontSize") >= 40  # 30 pt
        page.goto(base_url + kinds["home"])
        columns = page.eval_on_selector(".gk-home", "e => getComputedStyle(e).gridTemplateColumns")
        assert len(columns.split()) == 1, columns
    finally:
        context.close()


# A listing's column headers shown as a table (not the phone's labelled lines): the ones whose
# text takes more than one line, and how much wider than its box the table is.
_HEADERS_WRAPPED = """
() => {
  const table = document.querySelector(".gk-items--documents");
  const shown = getComputedStyle(table.tHead).position === "static";
  const wrapped = shown ? [...table.tHead.rows[0].cells].filter((th) => {
    const text = document.createRange();
    text.selectNodeContents(th);
    return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size > 1;
  }).map((th) => th.textContent.trim()) : [];
  const box = table.parentElement;
  return [shown, wrapped, box.scrollWidth - box.clientWidth,
          document.documentElement.scrollWidth - window.innerWidth];
}
"""
_LISTINGS = ("status-in-force", "column-leaf", "item-amended")  # its related documents' table


@pytest.mark.parametrize("size", ["", "large"], ids=["中", "大"])
@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_listings_column_headers_keep_their_words_whole(
    browser: Browser, base_url: str, kinds: dict[str, str], elder: bool, size: str
) -> None:
    """A readers' walk: at 1280 px in the standard mode the title's column took the width and
    效力状态 broke into 效力状 / 态 (1,024 and 1,366 px too, and with 大; an item's table of
    related documents broke 文号 too, the data page's JSON 字段 at its space). A column's name
    stays on one line at every width the table is shown at, and the table fits its box; below
    56 em (a phone; 长者版 at any width, 56 of its 24 px em being wider than the page's 72rem)
    the rows are labelled lines and the header is not shown."""
    context = _context(browser, WIDE, elder=elder)
    if size:
        context.add_init_script(f"window.localStorage.setItem('gk-size', '{size}')")
    tables = 0
    try:
        page = context.new_page()
        for width in (1920, 1366, 1280, 1024, 800, 320):
            page.set_viewport_size({"width": width, "height": 900})
            for kind in _LISTINGS:
                page.goto(base_url + kinds[kind], wait_until="load")
                shown, wrapped, over, scroll = page.evaluate(_HEADERS_WRAPPED)
                assert wrapped == [], f"{kind} at {width} px: {wrapped} broke"
                assert (over, scroll) == (0, 0), f"{kind} at {width} px: wider than its box"
                tables += shown
                if width == 320:
                    assert not shown
    finally:
        context.close()
    assert elder or tables >= 2 * 3  # the standard mode's tables at 1280 px and wider


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_printed_listings_column_headers_keep_their_words_whole(
    browser: Browser, base_url: str, kinds: dict[str, str], elder: bool
) -> None:
    """On paper a listing is a table in both modes (A4, Chromium's PDF read back with
    poppler's pdftotext): each column's name is on one line of it."""
    pdftotext = shutil.which("pdftotext")
    require("pdftotext (Debian poppler-utils)", pdftotext is not None)
    assert pdftotext is not None
    context = _context(browser, WIDE, elder=elder)
    try:
        page, _ = _open(context, base_url + kinds["status-in-force"])
        page.emulate_media(media="print")
        pdf = page.pdf(
            format="A4", margin={side: "10mm" for side in ("top", "bottom", "left", "right")}
        )
        text = subprocess.run(
            [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode("utf-8")
        header = next(line for line in text.splitlines() if "索引号" in line)
        assert header.split() == ["索引号", "标题", "文号", "成文日期", "发布日期", "效力状态"]
    finally:
        context.close()


# -- text zoomed to 200 % (WCAG 1.4.4) ---------------------------------------------------------
# What must stay side by side or stack without touching: the header's parts, the navigation, the
# breadcrumb, the heading, the metadata table and listing rows, the QR code.
_LAID_OUT = (
    ".gk-tools__list > li, .gk-tools__list a, .gk-tools__button, .gk-header__title,"
    " .gk-search > *, .gk-nav__list > li, .gk-nav__list a, .gk-breadcrumb__list > li, main h1,"
    " .gk-banner, .gk-meta caption, .gk-meta th, .gk-meta td, .gk-items caption, .gk-items td,"
    " .gk-tree a, .gk-pagination li, .gk-qr__code, .gk-qr figcaption, .gk-footer li"
)
_LAYOUT_PROBLEMS = """
(selector) => {
  const width = document.documentElement.clientWidth;
  // shown: laid out and not in a closed fold (a closed <details> keeps its content's boxes)
  const shown = [...document.querySelectorAll(selector)].filter(
    (e) => e.getClientRects().length && e.checkVisibility()
  );
  const name = (e) => e.outerHTML.slice(0, 70);
  const problems = [];
  const boxes = shown.map((e) => [e, e.getBoundingClientRect()]);
  for (const [e, r] of boxes) {
    if (r.left < -0.5 || r.right > width + 0.5) problems.push(`off screen: ${name(e)}`);
    // Text larger than its own box spills over (or, with overflow hidden, is cut off).
    const spill = [e.scrollWidth - e.clientWidth, e.scrollHeight - e.clientHeight];
    if (getComputedStyle(e).display !== "inline" && (spill[0] > 1 || spill[1] > 1))
      problems.push(`clipped: ${name(e)} (${spill.join(" x ")} px too big)`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 1 && y > 1) problems.push(`overlap: ${name(a)} / ${name(b)}`);
    }
  }
  return problems;
}
"""


@pytest.mark.parametrize(
    "kind",
    ["home", "column-leaf", "year", "item-in-force", "item-partial", "item-repealed", "annual"],
)
def test_text_zoomed_to_200_percent(
    browser: Browser, base_url: str, kinds: dict[str, str], kind: str
) -> None:
    """Chromium's own text size setting (Settings, Appearance, Font size) at 32 px, twice
    the default, 1280 px wide: no horizontal scrolling, nothing cut off or overlapping."""
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        page.goto(base_url + kinds[kind], wait_until="load")
        assert _px(page, "html", "fontSize") == 32, "the text size setting did not apply"
        assert _px(page, "body", "fontSize") == 32
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"horizontal scrolling: {scroll} px wide in {client} px"
        assert page.evaluate(_LAYOUT_PROBLEMS, _LAID_OUT) == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("width", "standard_px", "chosen", "shown", "printed"),
    [
        (360, 16, None, True, True),
        (412, 16, None, True, True),
        (360, 32, None, False, False),
        (390, 24, None, False, False),
        (412, 24, None, False, False),
        (360, 32, "large", True, False),
        (360, 32, "small", True, False),
        (360, 16, "elder", True, True),
        (360, 16, "large", True, True),
    ],
    ids=[
        "default-text",
        "default-text-412",
        "large-text",
        "150-percent-390",
        "150-percent-412",
        "large-text-and-大-chosen",
        "large-text-and-小-chosen",
        "default-text-长者版",
        "default-text-大-chosen",
    ],
)
def test_on_a_phone_with_large_text_the_size_controls_fold_away(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    width: int,
    standard_px: int,
    chosen: str | None,
    shown: bool,
    printed: bool,
) -> None:
    """A phone walk: with the phone's font at 200 % the 字号 and 打印 buttons filled the first
    screen before the page's heading. They fold away there, and 字号 stays when 大 or 小 was
    chosen (its 中 must stay at hand) or the text is the default size. At 150 % too on the
    common phones 390 and 412 px wide, where they had stayed until 175-200 % (a re-walk).
    打印 folds with large text even when 大 was chosen: its row put an item's heading below
    the first screen (a phone walk); with 大 at the default size it stays."""
    context = _context(browser, {"width": width, "height": 640}, elder=chosen == "elder")
    if chosen in ("large", "small"):
        context.add_init_script(f"window.localStorage.setItem('gk-size', '{chosen}')")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": standard_px, "fixed": 13}})
        page.goto(base_url + kinds["item-in-force"], wait_until="load")
        sizes = page.get_by_role("group", name="字号")
        assert sizes.is_visible() is shown
        assert page.get_by_role("button", name="打印").is_visible() is printed
    finally:
        context.close()


PHONE = {"width": 360, "height": 640}
# A page kind of each template the first screen was measured on (QA M9).
_FIRST_SCREEN_KINDS = ("item-in-force", "column-leaf", "home")
# The header's and the trail's controls and links that are shown, smaller than *size* px.
_SMALL_IN_HEADER = """
(size) => [...document.querySelectorAll(".gk-header :is(a, button), .gk-breadcrumb a")]
  .filter((e) => e.checkVisibility())
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < size - 0.5 || r.height < size - 0.5)
  .map(([e, r]) => `${e.outerHTML.slice(0, 60)}: ${Math.round(r.width)}x${Math.round(r.height)}`)
"""


def _text_size(context: BrowserContext, standard_px: int) -> Page:
    """A new page of *context* with the browser's text size set to *standard_px* (16 is the
    default; Chromium's Settings, Appearance, Font size; a phone's font scale)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": standard_px, "fixed": 13}})
    return page


@pytest.mark.parametrize("edition", ["", HANT])
@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "finger"])
def test_on_a_phone_with_large_text_the_heading_is_on_the_first_screen(
    browser: Browser, base_url: str, kinds: dict[str, str], edition: str, touch: bool
) -> None:
    """QA M9: with the phone's font at 200 % the header (tools, title, search box, menu) took
    1.5 screens of a 360 x 640 phone before an item's heading (950 px; 1,071 px with a
    finger's 88 px targets). The search box folds behind 搜索 in the menu's row, as in 长者版,
    the rows before the heading are as tall as their text or a finger, and the search stays
    one press away, in the order of the page."""
    context = _context(browser, PHONE, touch=touch)
    try:
        page = _text_size(context, 32)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + edition + kinds[kind], wait_until="load")
            assert _px(page, "html", "fontSize") == 32, "the text size setting did not apply"
            top = page.eval_on_selector("main h1", "h => h.getBoundingClientRect().top")
            assert top <= PHONE["height"], f"{kind}: the heading begins {top} px down"
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= PHONE["width"], f"{kind}: horizontal scrolling ({scroll} px)"
            # a finger's target, not less (the rows' targets no longer grow with the text)
            assert page.evaluate(_SMALL_IN_HEADER, 44) == [], kind
        box = page.get_by_role("search")  # the header's (站内搜索; 站內搜索 in 繁體)
        fold = page.locator(".gk-nav").get_by_role("button", name="搜索")
        assert fold.is_visible() and not box.is_visible()
        assert fold.get_attribute("aria-expanded") == "false"
        # In the page's order: the site's name, then 搜索, then 栏目导航.
        page.locator(".gk-header__title a").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "搜索"
        page.keyboard.press("Enter")
        assert fold.get_attribute("aria-expanded") == "true" and box.is_visible()
        assert page.evaluate("document.activeElement.id") == "gk-q"
        # Escape closes it, the focus back on 搜索 (a re-walk); so for 栏目导航
        page.keyboard.press("Escape")
        assert fold.get_attribute("aria-expanded") == "false" and not box.is_visible()
        assert page.evaluate("document.activeElement.textContent") == "搜索"
        menu = page.locator("[data-gk-nav]")  # 栏目导航 (欄目導航)
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.hasAttribute('data-gk-nav')")
        fold.click()
        assert page.evaluate("document.activeElement.id") == "gk-q"
        page.keyboard.type("救助")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=*")
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 412, "height": 915}, {"width": 430, "height": 932}],
    ids=["390", "412", "430"],
)
def test_on_a_common_phone_at_150_percent_the_search_box_folds(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """A readers' walk: at 150 % the fold stopped at 384 px (16rem), and on the common phones
    390-430 px wide the box, a trail of two rows and the title put an item's heading at 594 px
    (a listing's and the home page's at 528), near the foot of the screen a browser's bars
    leave. Folded as on a 360 px phone, it begins at 324 px."""
    context = _context(browser, viewport, touch=True)
    try:
        page = _text_size(context, 24)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            top = page.eval_on_selector("main h1", "h => h.getBoundingClientRect().top")
            assert top <= viewport["height"] / 2, f"{kind}: the heading begins {top} px down"
            fold = page.locator(".gk-nav__search")
            assert fold.is_visible(), kind
            assert not page.get_by_role("search", name="站内搜索").is_visible(), kind
            trail = page.locator(".gk-breadcrumb li").evaluate_all(
                "items => items.filter((i) => i.checkVisibility()).length"
            )
            assert trail <= 2, f"{kind}: {trail} steps in the trail"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("viewport", "standard_px", "elder"),
    [(PHONE, 32, False), ({"width": 844, "height": 390}, 24, False), (PHONE, 16, True)],
    ids=["large-text", "on-its-side", "长者版"],
)
def test_with_the_search_fold_open_its_two_buttons_have_two_names(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    viewport: dict[str, int],
    standard_px: int,
    elder: bool,
) -> None:
    """A readers' walk: with the fold open, a screen reader heard two buttons side by side, both
    搜索, the one that opened the box and the box's own. The first is named 搜索框, what it
    opens (as 栏目导航 is), its state in aria-expanded; both still show 搜索."""
    context = _context(browser, viewport, elder=elder)
    try:
        page = _text_size(context, standard_px)
        page.goto(base_url + kinds["item-in-force"], wait_until="load")
        fold = page.locator("[data-gk-search-fold]")
        fold.click()
        assert fold.get_attribute("aria-expanded") == "true"
        names = re.findall(r'button "([^"]*)"', page.locator(".gk-header").aria_snapshot())
        assert len(set(names)) == len(names) and {"搜索", "搜索框"} <= set(names), names
        submit = page.get_by_role("search", name="站内搜索").get_by_role("button")
        assert submit.text_content() == fold.text_content() == "搜索"
        page.keyboard.press("Escape")
        assert fold.get_attribute("aria-expanded") == "false"
    finally:
        context.close()


@pytest.mark.parametrize("edition", ["", HANT])
def test_escape_closing_the_search_fold_keeps_what_was_typed(
    browser: Browser, base_url: str, kinds: dict[str, str], edition: str
) -> None:
    """A keyboard walk on a phone (360 x 740, 长者版): Escape closed the 搜索 fold and gave the
    focus back to 搜索, but Chromium's own Escape in a search box emptied it too, and the
    reader who closed the fold to look at the page had lost the query on opening it again.
    The search page's own box, in no fold, keeps the browser's Escape that empties it; an
    Escape that ends an input method's composition closes nothing."""
    context = _context(browser, {"width": 360, "height": 740}, elder=True)
    try:
        page, watch = _open(context, base_url + edition + kinds["item-annual-report"])
        fold, box = page.locator("[data-gk-search-fold]"), page.locator("#gk-q")
        fold.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "gk-q"
        page.keyboard.type("救助")
        page.keyboard.press("Escape")
        assert fold.get_attribute("aria-expanded") == "false" and not box.is_visible()
        assert page.evaluate("document.activeElement.hasAttribute('data-gk-search-fold')")
        page.keyboard.press("Enter")
        assert box.is_visible() and page.evaluate("document.activeElement.id") == "gk-q"
        assert box.input_value() == "救助"
        # Escape while an input method composes (拼音 typed, no character chosen yet) is the
        # input method's: it drops the syllables, and the fold stays open.
        cdp = context.new_cdp_session(page)
        cdp.send("Input.imeSetComposition", {"text": "jiu", "selectionStart": 3, "selectionEnd": 3})
        page.keyboard.press("Escape")
        assert fold.get_attribute("aria-expanded") == "true" and box.is_visible()
        page.goto(base_url + edition + "search.html", wait_until="load")
        main = page.locator("main input[type=search]")
        main.focus()
        page.keyboard.type("救助")
        page.keyboard.press("Escape")
        assert main.input_value() == ""
        assert watch.problems == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("viewport", "standard_px"),
    [
        (PHONE, 32),
        ({"width": 360, "height": 740}, 32),
        ({"width": 740, "height": 360}, 32),
        ({"width": 740, "height": 360}, 16),
    ],
    ids=["640", "740", "on-its-side-740x360", "on-its-side-740x360-default-size"],
)
def test_on_a_phone_with_large_text_in_elder_mode_the_heading_is_on_the_first_screen(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    viewport: dict[str, int],
    standard_px: int,
) -> None:
    """长者版 at 200 % is 48 px text on a 360 px screen, seven characters a line: the header's
    rows are as tall as their text (60 px targets, not 120) and the trail is 首页 and the
    parent (1,180-1,353 px down before; 979-1,151 px after), and the header and the trail keep
    the phone's own 32 px, above the elder rules' 24 px, in tighter rows: an item's heading
    began at 1,065 px of a 360 x 740 screen, a listing's at 1,151; then at 380 and 495, their
    first line on the first screen (on 360 x 640 too). On a phone on its side (740 x 360) the
    first line still ended at 436 px (a phone walk): four rows of 60 px targets and the 108 px
    line leave 11 px, and the rows had 8-16 px of padding each, the title's link 16 more. The
    rows are as tall as their targets and the gap before the heading is 0.25rem: it ends at
    357 (upright 360 x 740: 309-417 px, a listing's 424-532). At the default text size too
    (a phone walk): the short screen was counted in 20 lines of the root's 16 px, not of
    长者版's 24 px text, the header did not fold on 740 x 360, and every page kind's heading
    had its first line at 333-387 px; folded, 245-299."""
    context = _context(browser, viewport, elder=True, touch=True)
    try:
        page = _text_size(context, standard_px)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            assert _px(page, "body", "fontSize") == 1.5 * standard_px
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= viewport["height"], (
                f"{kind}: the heading's first line is at {top}-{end} px"
            )
            for part in (".gk-tools", ".gk-header__title", ".gk-nav", ".gk-breadcrumb__list"):
                # the phone's own size, and ≥ 24 px, 18 pt
                assert _px(page, part, "fontSize") >= max(standard_px, 24), (kind, part)
            assert page.evaluate(_SMALL_IN_HEADER, 60) == [], kind
            assert page.locator(".gk-nav").get_by_role("button", name="搜索").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport",
    [PHONE, {"width": 360, "height": 740}, {"width": 740, "height": 360}],
    ids=["360x640", "360x740", "on-its-side-740x360"],
)
def test_on_a_phone_with_large_text_and_no_javascript_search_is_a_link(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """Without JavaScript nothing could open a folded box: with large text it is left out, and
    搜索 is a link to the search page. The menu's links fold behind a 栏目导航 link, which
    opens them (:target), 搜索 beside it: open, they took seven rows of an upright phone and
    three of one on its side, and at 200 % an item's heading began at 779 px of 360 x 740 and
    at 356 px of 740 x 360 (then 355 and 252; 307 and 204 with no padding in the rows)."""
    context = _context(browser, viewport, javascript=False)
    try:
        page = _text_size(context, 32)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= viewport["height"], (
                f"{kind}: the heading's first line is at {top}-{end} px"
            )
            assert page.evaluate(_SMALL_IN_HEADER, 44) == [], kind
        assert not page.get_by_role("search", name="站内搜索").is_visible()
        assert not page.get_by_role("button", name="搜索").is_visible()
        menu = page.get_by_role("navigation", name="主导航")
        home = menu.get_by_role("link", name="首页")
        assert not home.is_visible()
        menu.get_by_role("link", name="栏目导航").click()
        page.wait_for_url("**#gk-nav-list")
        assert home.is_visible()
        link = menu.get_by_role("link", name="搜索")
        assert link.is_visible()
        page.go_back()  # the links fold again
        _settled(page, "() => !document.querySelector('.gk-nav__list a').checkVisibility()")
        assert not home.is_visible() and link.is_visible()
        link.click()
        page.wait_for_url("**/search.html")
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport",
    [
        {"width": 740, "height": 360},
        {"width": 844, "height": 390},
        {"width": 700, "height": 560},
        {"width": 800, "height": 520},
        {"width": 1024, "height": 490},
    ],
    ids=["740", "844", "window-700x560", "window-800x520", "window-1024x490"],
)
def test_on_a_phone_on_its_side_elder_mode_by_its_link_without_javascript_folds_the_header(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """Without JavaScript 长者版 is the page read at #gk-elder (:target), and the short screen's
    fold asked the browser's 16 px (20em, 320 px), not 长者版's 24 px: on a phone on its side
    the header stayed open and an item's heading began at 518 px of 360 (a listing's at 458).
    The header folds at 20 lines of 长者版's text (30em) as with JavaScript: the search box
    goes, the links behind the 栏目导航 link, 搜索 beside it, and every page kind's heading has
    its first line on the screen (262-316 px), its targets 60 px. The standard mode keeps the
    open header there. A window up to 1,056 px wide and 481-623 px tall too (a re-walk): the
    header's rows depend on the width (the links take two rows up to 1,056 px), and an item's
    heading's first line ended at 512-598 px of the first screen (at #gk-elder, 19 px down)."""
    height = viewport["height"]
    context = _context(browser, viewport, javascript=False, touch=True)
    try:
        page = _text_size(context, 16)
        menu = page.get_by_role("navigation", name="主导航")
        for kind in (*_FIRST_SCREEN_KINDS, "search", "page"):
            page.goto(base_url + kinds[kind] + "#gk-elder", wait_until="load")
            assert _px(page, "body", "fontSize") == 24, f"{kind}: not in 长者版"
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= height, f"{kind}: the heading's first line is at {top}-{end} px"
            assert page.evaluate(_SMALL_IN_HEADER, 60) == [], kind
            for part in (".gk-tools", ".gk-header__title", ".gk-nav", ".gk-breadcrumb__list"):
                assert _px(page, part, "fontSize") >= 24, (kind, part)  # 18 pt
            assert menu.get_by_role("link", name="栏目导航").is_visible(), kind
            assert menu.get_by_role("link", name="搜索").is_visible(), kind
            assert not menu.get_by_role("link", name="首页").is_visible(), kind
            assert not page.get_by_role("search", name="站内搜索").is_visible(), kind
        page.goto(base_url + kinds["item-in-force"] + "#gk-elder", wait_until="load")
        menu.get_by_role("link", name="栏目导航").click()
        page.wait_for_url("**#gk-nav-list")
        assert menu.get_by_role("link", name="首页").is_visible()  # the links open
        page.go_back()  # 长者版 and the fold again
        _settled(page, "() => parseFloat(getComputedStyle(document.body).fontSize) === 24")
        assert _px(page, "body", "fontSize") == 24
        assert not menu.get_by_role("link", name="首页").is_visible()
        page.goto(base_url + kinds["item-in-force"], wait_until="load")  # the standard mode
        assert page.get_by_role("search", name="站内搜索").is_visible()
        assert menu.get_by_role("link", name="首页").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 375, "height": 667}, {"width": 375, "height": 812}], ids=["667", "812"]
)
def test_on_a_phone_with_large_text_and_大_chosen_the_heading_is_high_on_the_first_screen(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """A phone walk: 大 with the phone's font at 200 % is 40 px text, and on a 375 px phone the
    header took five rows of tools and three lines of the site's name: an item's heading began
    at 793 px of 667 (962 of 812). The header and the trail keep the phone's own size (32 px)
    in tighter rows and 打印 folds; 中 stays at hand. An item's heading began at 383 and 377 px,
    a listing's, whose trail's parent (法定主动公开内容) takes a second row, at 438 of 667 (66 %;
    a phone walk). With no padding in the header's rows and the trail's, every kind's heading
    begins in the screen's top 60 % (an item's at 317 px, a listing's at 372)."""
    height = viewport["height"]
    context = _context(browser, viewport, touch=True)
    context.add_init_script("window.localStorage.setItem('gk-size', 'large')")
    try:
        page = _text_size(context, 32)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            assert _px(page, "html", "fontSize") == 40, "大 did not apply"
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= height, f"{kind}: the heading's first line is at {top}-{end} px"
            assert top <= 0.6 * height, f"{kind}: the heading begins {top} px down"
            assert page.get_by_role("button", name="中字号").is_visible(), kind
            assert not page.get_by_role("button", name="打印").is_visible(), kind
            assert page.evaluate(_SMALL_IN_HEADER, 44) == [], kind
    finally:
        context.close()


# Phones on their side: an iPhone's 844 x 390 px, an Android phone's 740 x 360.
_ON_ITS_SIDE = ({"width": 844, "height": 390}, {"width": 740, "height": 360})
# Where a heading's first line begins and ends on the screen (its line box, leading included).
_FIRST_LINE = (
    "h => { const t = h.getBoundingClientRect().top;"
    " return [t, t + parseFloat(getComputedStyle(h).lineHeight)]; }"
)


@pytest.mark.parametrize("viewport", _ON_ITS_SIDE, ids=["844x390", "740x360"])
@pytest.mark.parametrize("standard_px", [24, 32], ids=["150-percent", "200-percent"])
def test_on_a_phone_on_its_side_with_large_text_the_heading_is_on_the_first_screen(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    viewport: dict[str, int],
    standard_px: int,
) -> None:
    """A readers' walk: on a phone on its side the header's folds, which asked the width only,
    stayed open, and at 150 % an item's heading began at 505 px of a 390 px screen (761 px at
    200 %). A short screen folds the search box behind 搜索 and the links behind 栏目导航, as
    a narrow one does. The heading's first line is whole on the first screen: at 200 % on a
    740 x 360 phone it began at 298 px and ended at 374 (an accessibility pass); the rows above
    it are a finger's height, not their text's 1.7 lines, and the trail's padding halves
    (268-344 px). Without JavaScript the box goes and the open menu ends with 搜索, as on a
    narrow screen."""
    height = viewport["height"]
    context = _context(browser, viewport, touch=True)
    try:
        page = _text_size(context, standard_px)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            assert _px(page, "html", "fontSize") == standard_px
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= height, f"{kind}: the heading's first line is at {top}-{end} px"
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= viewport["width"], f"{kind}: horizontal scrolling ({scroll} px)"
            assert page.evaluate(_SMALL_IN_HEADER, 44) == [], kind
        box = page.get_by_role("search", name="站内搜索")
        fold = page.locator(".gk-nav__search")
        assert fold.is_visible() and not box.is_visible()
        assert not page.locator(".gk-nav__list").is_visible()
        fold.click()
        assert box.is_visible() and page.evaluate("document.activeElement.id") == "gk-q"
    finally:
        context.close()
    context = _context(browser, viewport, javascript=False)
    try:
        page = _text_size(context, standard_px)
        page.goto(base_url + kinds["item-in-force"], wait_until="load")
        assert not page.get_by_role("search", name="站内搜索").is_visible()
        assert not page.locator(".gk-nav__search").is_visible()
        menu = page.get_by_role("navigation", name="主导航")
        assert menu.get_by_role("link", name="搜索").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport",
    [PHONE, {"width": 1280, "height": 800}, {"width": 1024, "height": 768}, *_ON_ITS_SIDE],
    ids=["phone", "wide", "1024x768", "on-its-side-844x390", "on-its-side-740x360"],
)
def test_at_the_default_text_size_the_header_keeps_its_search_box(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """The fold is for large text: at the default size the header's box is shown as before,
    with no 搜索 button, in the standard mode on a phone, upright or on its side, and on a
    wide screen."""
    context = _context(browser, viewport)
    try:
        page = _text_size(context, 16)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            box = page.get_by_role("search", name="站内搜索")
            assert box.is_visible(), kind
            assert box.get_by_role("searchbox").is_visible()
            assert box.get_by_role("button", name="搜索").is_visible()
            assert not page.locator(".gk-nav__search").is_visible(), kind
    finally:
        context.close()


@pytest.mark.parametrize("viewport", _ON_ITS_SIDE, ids=["844x390", "740x360"])
def test_on_a_phone_on_its_side_with_大_chosen_the_header_folds_too(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """An accessibility pass: a short screen's folds asked the browser's text size (a media
    query's em), not the site's 字号: with 大 chosen on a phone on its side at the default
    size, the header's box, the navigation's links and the whole trail stayed, and an item's
    heading began at 436 px of 390 (491 of 360). The screen is 20 lines of the page's text
    tall (400 px with 大): the header folds as with the phone's own large text, at once and on
    the next page, 中 stays at hand, and choosing 中 or a taller window unfolds it. 小 keeps
    the folds of the browser's size (on a 568 x 320 screen)."""
    height = viewport["height"]
    context = _context(browser, viewport, touch=True)
    try:
        page = _text_size(context, 16)
        page.goto(base_url + kinds["item-in-force"], wait_until="load")
        box = page.get_by_role("search", name="站内搜索")
        fold = page.locator(".gk-nav__search")
        assert box.is_visible() and not fold.is_visible()  # the default size, as before
        page.get_by_role("button", name="大字号").click()
        assert _px_after(page, "html", "fontSize", 20) == 20
        for kind in _FIRST_SCREEN_KINDS:
            if kind != "item-in-force":
                page.goto(base_url + kinds[kind], wait_until="load")
            assert fold.is_visible() and not box.is_visible(), kind
            assert not page.locator(".gk-nav__list").is_visible(), kind
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= height, f"{kind}: the heading's first line is at {top}-{end} px"
            assert page.get_by_role("button", name="中字号").is_visible(), kind
        page.set_viewport_size({"width": 1280, "height": 800})  # a window made taller
        _settled(page, "() => !document.querySelector('.gk-nav__search').checkVisibility()")
        assert box.is_visible() and not fold.is_visible()
        page.set_viewport_size(viewport)
        _settled(page, "() => document.querySelector('.gk-nav__search').checkVisibility()")
        assert fold.is_visible() and not box.is_visible()
        page.get_by_role("button", name="中字号").click()
        assert _px_after(page, "html", "fontSize", 16) == 16
        assert box.is_visible() and not fold.is_visible()
        page.set_viewport_size({"width": 568, "height": 320})
        page.get_by_role("button", name="小字号").click()
        assert _px_after(page, "html", "fontSize", 14) == 14
        assert fold.is_visible() and not box.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport",
    [
        {"width": 1280, "height": 601},
        {"width": 1280, "height": 663},
        {"width": 1024, "height": 740},
    ],
    ids=["1280x601", "1280x663", "1024x740"],
)
def test_in_elder_mode_with_大_a_window_too_short_for_the_open_header_folds_it(
    browser: Browser, base_url: str, kinds: dict[str, str], viewport: dict[str, int]
) -> None:
    """长者版 with 大 is 30 px text, and the short screen was 20 lines of it, 600 px: but the
    folds that ask the width (40em, 60em) ask the browser's size, not 大's, and the header's
    rows wrap more, so a window 601-663 px tall kept the open header, an item's heading's first
    line at 596-664 px, ending below it (671-738 at 1024 px wide). With 大 the check counts 25
    lines (750 px): the header folds and the heading's first line is on the screen; a window
    taller than that keeps the open header, where the heading fits (1280 x 800)."""
    height = viewport["height"]
    context = _context(browser, viewport, elder=True)
    context.add_init_script("window.localStorage.setItem('gk-size', 'large')")
    try:
        page = _text_size(context, 16)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            assert _px(page, "body", "fontSize") == 30, "长者版 with 大 did not apply"
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end <= height, f"{kind}: the heading's first line is at {top}-{end} px"
            assert page.locator(".gk-nav__search").is_visible(), kind
        page.set_viewport_size({"width": 1280, "height": 800})
        _settled(page, "() => !document.querySelector('.gk-nav__search').checkVisibility()")
        assert page.get_by_role("search", name="站内搜索").is_visible()
        top, end = page.eval_on_selector("main h1", _FIRST_LINE)
        assert end <= 800, f"the heading's first line is at {top}-{end} px"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("viewport", "elder", "size"),
    [
        ({"width": 740, "height": 501}, False, "large"),
        ({"width": 740, "height": 537}, False, "large"),
        ({"width": 1024, "height": 481}, True, ""),
        ({"width": 1024, "height": 530}, True, ""),
    ],
    ids=["大-740x501", "大-740x537", "elder-1024x481", "elder-1024x530"],
)
def test_a_window_whose_open_header_hides_the_heading_folds_it(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    viewport: dict[str, int],
    elder: bool,
    size: str,
) -> None:
    """A re-walk: the short-screen check counts lines of text (25 with 大, 20 in 长者版), and
    the header's height depends on the width too. With 大 on a 740 px touch screen 501-537 px
    tall (the links in two rows) and in 长者版 in a window 1,024 px wide and 481-530 px tall
    (its links' 60em fold stops at 960 px) the header stayed open, and an item's heading's
    first line ended at 538 and 531 px, at or below the screen's edge. A page whose heading's
    first line would end below the screen under the open header folds it; a taller window
    keeps it open."""
    height = viewport["height"]
    context = _context(browser, viewport, elder=elder, touch=True)
    if size:
        context.add_init_script(f"window.localStorage.setItem('gk-size', '{size}')")
    try:
        page = _text_size(context, 16)
        for kind in _FIRST_SCREEN_KINDS:
            page.goto(base_url + kinds[kind], wait_until="load")
            assert _px(page, "body", "fontSize") == (24 if elder else 20), "the mode did not apply"
            top, end = page.eval_on_selector("main h1", _FIRST_LINE)
            assert end < height, f"{kind}: the heading's first line is at {top}-{end} px"
        page.goto(base_url + kinds["item-in-force"], wait_until="load")
        assert page.locator(".gk-nav__search").is_visible()
        assert not page.get_by_role("search", name="站内搜索").is_visible()
        page.set_viewport_size({"width": viewport["width"], "height": 600})
        _settled(page, "() => !document.querySelector('.gk-nav__search').checkVisibility()")
        assert page.get_by_role("search", name="站内搜索").is_visible()
        top, end = page.eval_on_selector("main h1", _FIRST_LINE)
        assert end <= 600, f"the heading's first line is at {top}-{end} px"
    finally:
        context.close()


# -- the reading aids -------------------------------------------------------------------------
def test_elder_mode_and_text_size_are_remembered(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, base_url + kinds["home"])
        assert _px(page, "body", "fontSize") == 16
        assert page.get_by_role("link", name="标准版").is_hidden()
        page.get_by_role("link", name="长者版").click()
        assert _px(page, "body", "fontSize") == 24
        page.get_by_role("link", name="标准版").wait_for()
        page.locator(".gk-nav").get_by_role("link", name="现行有效文件").click()
        page.wait_for_url("**/status/in-force/index.html")
        assert _px(page, "body", "fontSize") == 24, "elder mode not remembered"
        page.get_by_role("link", name="标准版").click()
        assert _px(page, "body", "fontSize") == 16
        size = page.get_by_role("group", name="字号")
        size.get_by_role("button", name="大字号").click()
        assert _px(page, "html", "fontSize") == 20
        assert size.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
        page.goto(base_url + kinds["item-in-force"])
        assert _px(page, "html", "fontSize") == 20, "text size not remembered"
        page.get_by_role("group", name="字号").get_by_role("button", name="小字号").click()
        assert _px(page, "html", "fontSize") == 14
        page.get_by_role("group", name="字号").get_by_role("button", name="中字号").click()
        assert _px(page, "html", "fontSize") == 16
        # A reader's walk: the pressed 中 was underlined, the line met its foot: 虫.
        pressed = page.get_by_role("button", name="中字号")
        assert pressed.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
        assert pressed.evaluate("e => getComputedStyle(e).boxShadow") != "none"
        # …and the trail's separators were read aloud between its links.
        trail = page.get_by_role("navigation", name="当前位置").aria_snapshot()
        assert "\u203a" not in trail and "link" in trail, trail  # the separator
        assert watch.problems == []
    finally:
        context.close()


def test_the_other_edition_opens_at_the_heading_being_read(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A 繁體 reader's walk: sent a link to a section of an annual report (#五…), the reader
    chose 繁體 and was taken to the top of the 繁體 page, six screens above the section. A
    heading's id is the same in both editions."""
    heading = "五存在的主要问题及改进情况"
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, f"{base_url}{kinds['item-annual-report']}#{heading}")
        for name, edition in (("繁體", HANT), ("简体", "")):
            page.locator(".gk-tools").get_by_role("link", name=name).click()
            page.wait_for_url(f"**/xxgk/{edition}items/**")
            page.wait_for_load_state("load")
            assert urllib.parse.unquote(page.url.partition("#")[2]) == heading, page.url
            top = page.eval_on_selector(f"[id='{heading}']", "e => e.getBoundingClientRect().top")
            assert -2 < top < WIDE["height"] / 2, (name, top)  # at the top of the screen
        page.goto(base_url + kinds["item-annual-report"], wait_until="load")
        page.locator(".gk-tools").get_by_role("link", name="繁體").click()
        page.wait_for_url("**/xxgk/zh-hant/items/**")
        assert "#" not in page.url  # no place to take along: the top
        assert watch.problems == []
    finally:
        context.close()


class _ErrorPages(_Quiet):
    """As the handbook's nginx set-up (docs/tasks/deploy.md): a missing page under /xxgk/ is
    answered with 404.html, under /xxgk/zh-hant/ with zh-hant/404.html, at its own address."""

    per_edition = True  # False: 404.html for both editions (the 繁體 location left unset)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if code != 404 or not path.startswith("/xxgk/"):
            super().send_error(code, message, explain)
            return
        folder = HANT if path.startswith(f"/xxgk/{HANT}") and self.per_edition else ""
        body = (Path(self.directory) / "xxgk" / folder / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _OneErrorPage(_ErrorPages):
    per_edition = False


@pytest.fixture(scope="module")
def error_pages_url(base_url: str, site: Path) -> Iterator[str]:
    """The site at /xxgk/ again, its missing pages answered with its own 404 pages."""
    yield from _error_pages_server(_ErrorPages, site)


def _error_pages_server(kind: type[_ErrorPages], site: Path) -> Iterator[str]:
    handler = functools.partial(kind, directory=str(site.parent / "server-root"))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xxgk/"
    server.shutdown()
    server.server_close()


def test_the_404_pages_switch_keeps_the_address_asked_for(
    browser: Browser, error_pages_url: str, site: Path
) -> None:
    """A 繁體 reader's walk: at a mistyped address the server showed 404.html, and its 繁體
    switch opened zh-hant/404.html: the address typed was gone. The page shows the address,
    and the switch asks for the same address in the other edition: its 404 page shows it
    again, and a file that exists there opens."""
    base = error_pages_url
    asked = "itmes/2024/通知.html?q=1"
    shown = f"/xxgk/{asked}"
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, base + urllib.parse.quote(asked, safe="/?="))
        assert page.locator("h1").inner_text() == "页面不存在"
        assert page.locator("#gk-missing code").inner_text() == shown
        page.locator(".gk-tools").get_by_role("link", name="繁體").click()
        page.wait_for_url(f"**/xxgk/{HANT}itmes/2024/*")
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "頁面不存在"
        assert page.locator("#gk-missing code").inner_text() == f"/xxgk/{HANT}{asked}"
        page.locator(".gk-tools").get_by_role("link", name="简体").click()
        page.wait_for_url("**/xxgk/itmes/2024/*")
        page.wait_for_load_state("load")
        assert page.locator("#gk-missing code").inner_text() == shown
        # A file is published once, outside zh-hant/: the 简体 switch opens it.
        attachment = next(p for p in sorted((site / "files").rglob("*.csv")))
        path = attachment.relative_to(site).as_posix()
        page.goto(f"{base}{HANT}{path}", wait_until="load")
        assert page.locator("h1").inner_text() == "頁面不存在"
        switch = page.locator(".gk-tools").get_by_role("link", name="简体")
        assert switch.get_attribute("href") == f"/xxgk/{path}"
        # The 404 page opened as itself: no address to show, the switch as it is.
        page.goto(f"{base}404.html", wait_until="load")
        assert page.locator("#gk-missing").is_hidden()
        assert page.locator(".gk-tools a[hreflang]").get_attribute("href") == (
            f"/xxgk/{HANT}404.html"
        )
        # (the browser logs each 404 answer; anything else is a problem)
        assert [p for p in watch.problems if "status of 404 (Not Found)" not in p] == []
    finally:
        context.close()


def test_a_404_page_shown_for_both_editions_does_not_switch_to_itself(
    browser: Browser, base_url: str, site: Path
) -> None:
    """A server set up with one 404 page (the 繁體 location left out) shows the 简体 404
    page at a 繁體 address: its 繁體 switch opens zh-hant/404.html, not the address that
    brought this page."""
    for url in _error_pages_server(_OneErrorPage, site):
        context = _context(browser, WIDE)
        try:
            page, _ = _open(context, f"{url}{HANT}itmes/no-such.html")
            assert page.locator("h1").inner_text() == "页面不存在"
            assert (
                page.locator("#gk-missing code").inner_text() == f"/xxgk/{HANT}itmes/no-such.html"
            )
            switch = page.locator(".gk-tools").get_by_role("link", name="繁體")
            assert switch.get_attribute("href") == f"/xxgk/{HANT}404.html"
        finally:
            context.close()


def test_without_javascript_the_404_pages_switch_opens_the_other_404_page(
    browser: Browser, error_pages_url: str
) -> None:
    context = _context(browser, WIDE, javascript=False)
    try:
        page, _ = _open(context, f"{error_pages_url}itmes/no-such.html")
        assert page.locator("#gk-missing").is_hidden()
        page.locator(".gk-tools").get_by_role("link", name="繁體").click()
        page.wait_for_url(f"**/xxgk/{HANT}404.html")
        assert page.locator("h1").inner_text() == "頁面不存在"
    finally:
        context.close()


def test_the_edition_chosen_is_offered_on_a_page_reached_from_elsewhere(
    browser: Browser, axe_source: str, base_url: str, kinds: dict[str, str]
) -> None:
    """A 繁體 reader's walk: having chosen 繁體, the reader came from a search engine to a
    简体 page, and had to find the switch again on each such page. A page of the other
    edition reached from elsewhere offers the edition read last as a link at the top of its
    content; it never goes there by itself. Reading on in this edition makes it the one."""
    item, home = kinds["item-in-force"], kinds["home"]
    offer = "main > p.gk-notice a[hreflang]"
    search_engine = "https://www.baidu.com/"
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, base_url + item)  # a first visit: nothing to offer
        assert page.locator(offer).count() == 0
        page.locator(".gk-tools").get_by_role("link", name="繁體").click()
        page.wait_for_url(f"**/xxgk/{HANT}items/**")
        page.wait_for_load_state("load")
        assert page.locator(offer).count() == 0  # on the page chosen
        # Later, from a search engine, to a 简体 page: 繁體 is offered, not opened.
        page.goto(base_url + home, referer=search_engine, wait_until="load")
        note = page.locator("main > p.gk-notice")
        assert note.inner_text() == "您上次閱讀的是繁體版：打開本頁的繁體版"
        assert note.get_attribute("lang") == "zh-Hant"
        switch = page.locator(".gk-tools a[hreflang]").get_attribute("href")
        assert page.locator(offer).get_attribute("href") == switch
        assert _axe(page, axe_source, {"runOnly": {"type": "tag", "values": AXE_TAGS}}) == []
        page.wait_for_timeout(300)
        assert page.url == base_url + home  # no redirect
        page.locator(offer).click()
        page.wait_for_url(f"**/xxgk/{HANT}{home}")
        page.wait_for_load_state("load")
        assert page.locator(offer).count() == 0
        # From elsewhere again; the reader stays with 简体 and reads on: 简体 is the one now.
        page.goto(base_url + item, wait_until="load")  # (a bookmark: no referrer)
        assert page.locator(offer).count() == 1
        page.locator(".gk-nav").get_by_role("link", name="现行有效文件").click()
        page.wait_for_url("**/status/in-force/index.html")
        page.wait_for_load_state("load")
        assert page.locator(offer).count() == 0
        page.goto(base_url + item, referer=search_engine, wait_until="load")
        assert page.locator(offer).count() == 0
        # …and on a 繁體 page from elsewhere, 简体 is offered, in its own script.
        page.goto(f"{base_url}{HANT}{item}", referer=search_engine, wait_until="load")
        assert page.locator("main > p.gk-notice").inner_text() == (
            "您上次阅读的是简体版：打开本页的简体版"
        )
        assert page.locator("main > p.gk-notice").get_attribute("lang") == "zh-CN"
        # From the bureau's portal on the same host, outside the site's folder (/xxgk/): from
        # elsewhere too. It counted as reading on in the site (the same origin), and the 繁體
        # page became the edition read last.
        portal = base_url.removesuffix("xxgk/") + "index.html"
        page.goto(f"{base_url}{HANT}{item}", referer=portal, wait_until="load")
        assert page.locator(offer).count() == 1
        page.goto(base_url + home, referer=search_engine, wait_until="load")
        assert page.locator(offer).count() == 0  # 简体 is still the edition read last
        assert watch.problems == []
    finally:
        context.close()


def test_the_edition_offered_on_the_search_page_keeps_the_search(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A 繁體 reader's walk: on the search page, reached from elsewhere, the offer of the
    edition read last (offerEdition) kept the query the page was opened with; after a search
    in the page it opened the other edition's page at that old query, while the 简/繁
    switch took the new one along. The offer opens what the switch opens."""
    offer = "main > p.gk-notice a[hreflang]"
    switch = ".gk-tools a[hreflang]"
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, f"{base_url}{HANT}{kinds['home']}")  # 繁體 read last
        page.goto(f"{base_url}search.html?q=救助", referer="https://www.baidu.com/")
        page.wait_for_load_state("load")
        assert page.locator(offer).count() == 1
        assert (
            page.locator(offer).get_attribute("href") == f"{HANT}search.html?q=%E6%95%91%E5%8A%A9"
        )
        page.locator("#gk-search-q").fill("养老")
        page.locator("#gk-search-q").press("Enter")
        page.wait_for_url("**/search.html?q=*")
        page.wait_for_function(
            "document.querySelector('.gk-tools a[hreflang]').href.includes('%E5%85%BB%E8%80%81')"
        )
        assert page.locator(offer).get_attribute("href") == page.locator(switch).get_attribute(
            "href"
        )
        page.locator(offer).click()
        page.wait_for_url(f"**/xxgk/{HANT}search.html?q=*")
        page.wait_for_load_state("load")
        assert page.locator("#gk-search-q").input_value() == "养老"
        assert watch.problems == []
    finally:
        context.close()


def test_elder_mode_chosen_stays_chosen_on_back_and_keeps_the_keyboards_place(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """Found by a QA pass: the mode links kept their fragment (#gk-elder), so Back after
    标准版 brought 长者版 back on that page; and the chosen link hid with the focus on it,
    which fell back to the top of the page."""
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, base_url + kinds["page"])
        page.get_by_role("link", name="长者版").focus()
        page.keyboard.press("Enter")
        assert _px_after(page, "body", "fontSize", 24) == 24
        assert page.evaluate("document.activeElement.textContent") == "标准版"
        page.keyboard.press("Enter")
        assert _px_after(page, "body", "fontSize", 16) == 16
        assert page.evaluate("document.activeElement.textContent") == "长者版"
        _settled(page, "!location.hash.startsWith('#gk-')")
        assert "#gk-" not in page.url
        page.go_back()  # to the page before, not to this page in 长者版
        assert "#gk-elder" not in page.url
        assert _px_after(page, "body", "fontSize", 16) == 16
        # An address sent with #gk-elder still opens the page in 长者版, and the mode stays
        # when the skip link changes the fragment (it ended body:target: QA pass 6).
        page.goto(base_url + kinds["page"] + "#gk-elder")
        assert _px_after(page, "body", "fontSize", 24) == 24
        # Focused and pressed in one step, then waited for: under load the address had not
        # changed yet when it was read (CI, once).
        page.get_by_role("link", name="跳到正文").press("Enter")
        _settled(page, "location.hash === '#main'")
        assert page.url.endswith("#main")
        assert _px_after(page, "body", "fontSize", 24) == 24
        page.get_by_role("link", name="标准版").click()
        assert _px_after(page, "body", "fontSize", 16) == 16
        assert watch.problems == []
    finally:
        context.close()


def test_elder_mode_works_without_javascript(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """Without JavaScript the 长者版 link works on the page being read (CSS :target only);
    the 字号 and 打印 buttons, which need it, are not shown."""
    context = _context(browser, WIDE, javascript=False)
    try:
        page, _ = _open(context, base_url + kinds["item-in-force"])
        assert page.get_by_role("button", name="打印").count() == 0
        assert page.get_by_role("group", name="字号").count() == 0
        assert _px(page, "body", "fontSize") == 16
        page.get_by_role("link", name="长者版").focus()
        page.keyboard.press("Enter")
        assert _px(page, "body", "fontSize") == 24
        assert _px(page, "a[href='#gk-standard']", "minHeight") >= 60
        # The next Tab goes to the link shown in its place, not back to the top of the page
        # (an accessibility pass: the link's target was the body).
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "标准版"
        page.keyboard.press("Enter")
        assert _px(page, "body", "fontSize") == 16
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "长者版"
    finally:
        context.close()


_NOT_PRINTED = (".gk-skip", ".gk-header", ".gk-nav", ".gk-breadcrumb", ".gk-prevnext", ".gk-footer")
_PRINTED = ("h1", ".gk-meta", ".gk-body", ".gk-print-foot")


def _printed_view(page: Page) -> str:
    """Switch *page* to print media; return the foot's text after the checks of what shows."""
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for hidden in _NOT_PRINTED:
        assert page.locator(hidden).is_hidden(), hidden
    for shown in _PRINTED:
        assert page.locator(shown).is_visible(), shown
    assert page.locator(".gk-print-foot").is_visible()
    foot: str = page.locator(".gk-print-foot").inner_text()
    return foot


@pytest.mark.parametrize("edition", ["", HANT])
def test_print(browser: Browser, base_url: str, kinds: dict[str, str], edition: str) -> None:
    """The 打印 button prints; the printout is the metadata and the body, with the page's own
    address (its edition's) and the print date at the foot, and no navigation."""
    context = _context(browser, WIDE)
    context.add_init_script("window.print = () => { window.gkPrinted = true; }")
    try:
        page, watch = _open(context, base_url + edition + kinds["item-in-force"])
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("window.gkPrinted") is True
        foot = _printed_view(page)
        address = f"https://example.gov.cn/xxgk/{edition}{kinds['item-in-force']}"
        assert re.search(f"本(页|頁)地址：{re.escape(address)}\n", foot), foot
        today = page.evaluate("(d => [d.getFullYear(), d.getMonth() + 1, d.getDate()])(new Date())")
        assert foot.endswith("打印日期：{}年{}月{}日".format(*today)), foot
        assert watch.problems == []
    finally:
        context.close()


def test_print_without_javascript(browser: Browser, base_url: str, kinds: dict[str, str]) -> None:
    """Without JavaScript there is no 打印 button (the browser's print command remains), and the
    printout still has the page's address, written into the page at build time."""
    context = _context(browser, WIDE, javascript=False)
    try:
        page, _ = _open(context, base_url + kinds["item-in-force"])
        assert page.get_by_role("button", name="打印").count() == 0
        foot = _printed_view(page)
        # whose site it is, on paper too (a print walk: no page of an item's printout said)
        assert foot.strip() == (
            "示例市民政局政府信息公开（主办单位：示例市民政局）\n\n"
            f"本页地址：https://example.gov.cn/xxgk/{kinds['item-in-force']}"
        )
    finally:
        context.close()


@pytest.mark.parametrize("edition", ["", HANT])
def test_each_printed_page_of_a_repealed_document_says_so_and_is_numbered(
    browser: Browser, base_url: str, kinds: dict[str, str], edition: str
) -> None:
    """A print walk: only the first page of a repealed 办法's printout said 已废止; the rest
    were its articles with no mark, and no page had a number. Read back from Chromium's PDF
    with poppler's pdftotext."""
    pdftotext = shutil.which("pdftotext")
    require("pdftotext (Debian poppler-utils)", pdftotext is not None)
    assert pdftotext is not None
    context = _context(browser, WIDE, elder=True)  # 长者版: the most pages
    try:
        page, _ = _open(context, base_url + edition + kinds["item-repealed"])
        page.emulate_media(media="print")
        pdf = page.pdf(
            format="A4", margin={side: "10mm" for side in ("top", "bottom", "left", "right")}
        )
        text = subprocess.run(
            [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode("utf-8")
        sheets = [sheet for sheet in text.split("\f") if sheet.strip()]
        assert len(sheets) >= 2, len(sheets)
        mark = "本文件已廢止" if edition else "本文件已废止"
        for number, sheet in enumerate(sheets, start=1):
            assert mark in sheet, number
            assert re.search(rf"^{number} ?/ ?{len(sheets)}$", sheet, re.MULTILINE), number
    finally:
        context.close()


def test_a_page_linking_itself_prints_its_address_once(browser: Browser, tmp_path: Path) -> None:
    """A print walk: an item whose body links to its own page (its source with a #heading,
    its page as written) printed its address after each link's text, and 本页地址 printed
    it again at the foot: the same address twice on paper. Read back from Chromium's PDF
    with poppler's pdftotext, each edition's page prints its address once, at the foot."""
    pdftotext = shutil.which("pdftotext")
    require("pdftotext (Debian poppler-utils)", pdftotext is not None)
    assert pdftotext is not None
    from conftest import copy_sample

    from generator.build import build_site

    src = copy_sample(tmp_path / "src")
    item = src / "content/2023/shjz-dibao-biaozhun-2023.md"
    own = "items/2023/640100-108-2023-00024.html"
    front, mark, body = item.read_text(encoding="utf-8").partition("\n---\n")
    link = (
        f"本通知的[工作要求](shjz-dibao-biaozhun-2023.md#二工作要求)见[本页](../../{own})末尾。\n\n"
    )
    item.write_text(front + mark + "\n" + link + body, encoding="utf-8")
    out = tmp_path / "site"
    assert build_site(src, out, as_of=SAMPLE_AS_OF, search_index=False).stats is not None
    context = _context(browser, WIDE)
    try:
        for edition in ("", HANT):
            page = context.new_page()
            page.goto((out / edition / own).as_uri(), wait_until="load")
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4")
            text = subprocess.run(
                [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode("utf-8")
            paper = "".join(text.split())  # an address may break across lines
            address = f"https://example.gov.cn/xxgk/{edition}{own}"
            assert paper.count(address) == 1, (edition, paper.count(address))
            assert re.search(f"本(页|頁)地址：{re.escape(address)}", paper), edition
            assert (
                f"本通知的工作要求{'見' if edition else '见'}本" in paper
            )  # the links' text alone
    finally:
        context.close()


def test_the_search_page_printed_from_a_disc_gives_its_public_address(
    browser: Browser, site: Path
) -> None:
    """A print walk on the archive disc: the printed search page said 本页地址：file:///…; it
    gives the site's address with the query, as it does over http."""
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        page.goto((site / "search.html").as_uri() + "?q=%E4%BD%8E%E4%BF%9D", wait_until="load")
        page.emulate_media(media="print")
        foot = page.locator(".gk-print-foot").inner_text()
        line = "本页地址：https://example.gov.cn/xxgk/search.html?q=%E4%BD%8E%E4%BF%9D"
        assert line in foot.splitlines(), foot
    finally:
        context.close()


def test_a_page_printed_from_a_disc_without_a_base_url_gives_no_file_path(
    browser: Browser, tmp_path: Path
) -> None:
    """A re-walk: a site without base_url, printed from the disc, said 本页地址：file:///…, a
    path of the reader's machine that means nothing on paper. The line is left out."""
    from conftest import copy_sample

    from generator.build import build_site

    src = copy_sample(tmp_path / "src")
    config = src / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        "".join(line for line in text.splitlines(True) if "base_url:" not in line),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert build_site(src, out, as_of=SAMPLE_AS_OF, search_index=False).stats is not None
    context = _context(browser, WIDE)
    try:
        for name in ("index.html", "search.html"):
            page = context.new_page()
            page.goto((out / name).as_uri() + "?q=%E4%BD%8E%E4%BF%9D", wait_until="load")
            page.emulate_media(media="print")
            foot = page.locator(".gk-print-foot").inner_text()
            assert "file:" not in foot and "本页地址" not in foot, (name, foot)
            assert page.locator(".gk-print-foot").is_visible()  # the site and its 主办单位
    finally:
        context.close()


def test_on_a_touch_screen_links_standing_alone_are_44_px_high(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A phone walk: 11 to 56 links a page were lower than 44 px in the standard edition (the
    breadcrumb's 首页 24 px), which a finger misses; the QR code, which would open the page
    the phone shows, is left out there."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    try:
        page, _ = _open(context, base_url + kinds["item-in-force"])
        assert page.evaluate("matchMedia('(pointer: coarse)').matches") is True
        heights = page.locator(".gk-breadcrumb a").evaluate_all(
            "links => links.map(a => a.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 44 - 0.5, heights
        assert page.locator(".gk-qr").is_hidden()
        page.set_viewport_size({"width": 844, "height": 390})  # held sideways (a re-walk)
        assert page.locator(".gk-qr").is_hidden()
    finally:
        context.close()


# -- Windows' contrast themes (forced colours) ------------------------------------------------
# What a state or a box is drawn with, as computed.
_LOOK = """e => { const s = getComputedStyle(e); return {
  background: s.backgroundColor, color: s.color, border: [s.borderTopStyle, s.borderTopWidth],
  outline: [s.outlineStyle, s.outlineWidth, s.outlineColor] }; }"""


# Where the text of an element is drawn (its letters' box).
_LETTER_BOX = """e => { const r = document.createRange(); r.selectNodeContents(e);
  const b = r.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width, height: b.height}; }"""


def _rgb(colour: str) -> tuple[float, ...]:
    """The red, green and blue of a computed colour, without its alpha (forced colours keep
    an author's alpha: a Highlight background may be drawn at 0.8)."""
    return tuple(float(n) for n in re.findall(r"[\d.]+", colour)[:3])


def _contrast(one: str, other: str) -> float:
    """The contrast ratio of two computed colours (WCAG 2's relative luminance)."""

    def luminance(colour: str) -> float:
        linear = [c / 255 for c in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in linear]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _drawn(look: dict[str, Any], part: str) -> bool:
    style, width = look[part][:2]
    return bool(style not in ("none", "hidden") and float(width.removesuffix("px")) >= 1)


def _edges_drawn(page: Page, canvas: str) -> None:
    """Assert that the navigation band's first and last pixel rows are a line across the
    page in a colour other than the *canvas*'s (as drawn: a screenshot of each row)."""
    box = page.locator(".gk-nav").bounding_box()
    assert box is not None
    ground = int(sum(_rgb(canvas))) // 3
    for y in (box["y"], box["y"] + box["height"] - 1):
        row = {"x": box["x"], "y": y, "width": box["width"], "height": 1}
        _w, _h, grey = png_grey(page.screenshot(clip=row))
        drawn = sum(abs(g - ground) > 100 for g in grey) / len(grey)
        assert drawn > 0.95, f"{drawn:.0%} of the band's edge at {y:.0f} px is drawn"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_in_a_contrast_theme_states_and_boxes_stay_visible(
    browser: Browser, base_url: str, kinds: dict[str, str], dark: bool
) -> None:
    """A walk of every page kind in Windows' contrast themes (forced colours, light and dark),
    where the browser draws no background colour and no box-shadow: the pressed 字号 button
    showed only by its bold type, the banner of a repealed document and the notices lost
    their box, and on a phone the 栏目导航 button read as plain text. Each is drawn by a
    border or a system colour; the focus ring (an outline) stays."""
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        emulate_forced_colors(page, dark=dark)
        page.goto(base_url + kinds["item-repealed"], wait_until="load")
        assert page.evaluate("matchMedia('(forced-colors: active)').matches") is True
        canvas = page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor")
        assert _rgb(canvas) == ((0.0,) * 3 if dark else (255.0,) * 3), canvas

        assert _drawn(page.eval_on_selector(".gk-banner", _LOOK), "border")
        # the other edition's prompt (gkml.js) and the page's notices share the box
        boxes = '<p class="gk-notice">x</p><p class="gk-empty">x</p>'
        page.eval_on_selector(
            "main", "(m, html) => m.insertAdjacentHTML('afterbegin', html)", boxes
        )
        for box in (".gk-notice", ".gk-empty"):
            assert _drawn(page.eval_on_selector(box, _LOOK), "border"), box

        pressed = page.eval_on_selector('.gk-tools__button[aria-pressed="true"]', _LOOK)
        assert _contrast(pressed["background"], canvas) >= 3, pressed
        assert _contrast(pressed["color"], pressed["background"]) >= 4.5, pressed
        # The letter drawn, not a square of its colour: the browser drew its backplate, in
        # the theme's background, behind the letter, and the letter in the same colour on it
        # (94 % of the letter's box in the letter's colour; a letter drawn: 13 %).
        box = page.eval_on_selector('.gk-tools__button[aria-pressed="true"]', _LETTER_BOX)
        _w, _h, grey = png_grey(page.screenshot(clip=box))
        letter = int(sum(_rgb(pressed["color"]))) // 3
        share = sum(abs(g - letter) <= 8 for g in grey) / len(grey)
        assert share < 0.6, f"{share:.0%} of the letter's box is the letter's colour"

        # The focus ring, on the skip link and on the pressed button (its own colours).
        page.keyboard.press("Tab")
        ring = page.evaluate(f"({_LOOK})(document.activeElement)")
        assert _drawn(ring, "outline") and _contrast(ring["outline"][2], canvas) >= 3, ring
        on_pressed = "document.activeElement.matches('[aria-pressed=\"true\"]')"
        for _ in range(30):
            if page.evaluate(on_pressed):
                break
            page.keyboard.press("Tab")
        assert page.evaluate(on_pressed), "Tab reaches the pressed 中"
        ring = page.evaluate(f"({_LOOK})(document.activeElement)")
        assert _drawn(ring, "outline") and _contrast(ring["outline"][2], canvas) >= 3, ring

        # The header's and the navigation band's edges: with their red gone, header, band
        # and trail were one region. A line across the page at the band's top and bottom.
        _edges_drawn(page, canvas)

        page.set_viewport_size({"width": 360, "height": 740})
        page.locator(".gk-nav__toggle").wait_for(state="visible")
        assert _drawn(page.eval_on_selector(".gk-nav__toggle", _LOOK), "border")
        _edges_drawn(page, canvas)
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_listing_prints_as_a_table(browser: Browser, base_url: str, elder: bool) -> None:
    """A print walk: A4 is narrower than the table needs on screen, so a listing printed as
    blocks of labelled lines on two to three times the paper. On paper it is a table with its
    header, every column wide enough for a date on two lines at most."""
    context = _context(browser, WIDE, elder=elder)
    try:
        page, _ = _open(context, base_url + "status/in-force/index.html")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4's width less two 10 mm margins
        page.emulate_media(media="print")
        table = page.locator(".gk-items").first
        assert table.locator("thead").is_visible()
        shown = table.locator("tbody td").first.evaluate(
            "c => [getComputedStyle(c).display, getComputedStyle(c, '::before').content]"
        )
        assert shown == ["table-cell", "none"], shown
        width = page.evaluate("document.documentElement.clientWidth")
        assert table.evaluate("t => t.getBoundingClientRect().right") <= width + 0.5
        line = float(table.evaluate("t => getComputedStyle(t).fontSize").removesuffix("px")) * 1.8
        for cell in table.locator("tbody tr").first.locator("time").all():
            assert cell.evaluate("e => e.getBoundingClientRect().height") <= 2 * line + 1
        # 效力状态 and each status on one line (a re-walk: 效力状/态, and 已修改 a character a
        # line in 长者版, its tag at the paper's edge).
        status = table.locator("thead th").nth(5)
        lines = "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }"
        assert status.evaluate(lines) == 1
        tags = table.locator("tbody td:nth-child(6) .gk-tag").all()
        assert tags  # 现行有效文件 lists the amended documents in force, tagged 已修改
        for tag in tags[:20]:
            box = tag.evaluate(
                "e => [e.getBoundingClientRect().height, e.getBoundingClientRect().right]"
            )
            assert box[0] <= line + 4 and box[1] <= width + 0.5, box
    finally:
        context.close()


def _printed_with_a_wide_table(page: Page) -> tuple[bytes, list[str]]:
    """Add to *page*'s body a heading and a 15-column table, as the build renders them (it
    marks the table wide and the heading its lead-in: body.py); return the page printed by
    Chromium (A4, 10 mm margins) and each sheet's shape."""
    from generator.body import render_body

    markdown = (
        "## 四、行政复议、行政诉讼情况\n\n"
        + "| " + " | ".join(f"第{n}列" for n in range(1, 16)) + " |\n"
        + "|" + "---|" * 15 + "\n"
        + "| " + " | ".join(f"{n}0000" for n in range(1, 16)) + " |\n"
    )  # fmt: skip
    html = render_body(markdown, source_dir="content", resolve=lambda _target: None).html
    assert "gk-table-wrap--print-wide" in html
    page.evaluate(
        "html => document.querySelector('.gk-body').insertAdjacentHTML('beforeend', html)", html
    )
    pdf = page.pdf(
        format="A4", margin={side: "10mm" for side in ("top", "bottom", "left", "right")}
    )
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return pdf, ["landscape" if float(w) > float(h) else "portrait" for w, h in boxes]


def test_a_wide_table_prints_on_a_landscape_page_with_its_heading(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A print walk: a 15-column table of an annual report lost four columns of figures at the
    paper's edge. A table the build marks wide (more than eight columns, body.py) goes on a
    landscape page with the heading above it; the rest of the printout stays portrait."""
    context = _context(browser, WIDE)
    try:
        page, _ = _open(context, base_url + kinds["item-in-force"])
        _pdf, shapes = _printed_with_a_wide_table(page)
        assert shapes.count("landscape") == 1 and "portrait" in shapes, shapes
        page.emulate_media(media="print")
        heading = page.locator(".gk-body h2", has_text="四、行政复议").evaluate(
            "h => getComputedStyle(h).page"
        )
        assert heading == "gk-wide"
    finally:
        context.close()


# A table of ten columns (wide: a landscape page, body.py) and what leads into it, as an
# editor writes them: in a list item (loose, its lead-in a paragraph; tight, bare text), after
# a heading, and first in a free page's body, right after the page's h1.
_LEAD_IN = "下表列出各区县办理情况："
_UNIT = "单位：件。"
_ITEM = "甲栏为受理件数；"
_LONG = "长段开头。" + "本年度各区县依申请公开工作总体平稳，受理、办结数量均较上年有所增加。" * 12
_WIDE_ROWS = (
    "| " + " | ".join(f"第{n}项" for n in range(1, 11)) + " |\n"
    + "|" + "---|" * 10 + "\n"
    + "| " + " | ".join(f"731{n:02d}" for n in range(1, 11)) + " |\n"
)  # fmt: skip
_INDENTED = "".join(f"   {line}\n" for line in _WIDE_ROWS.splitlines())
_LEAD_INS = {
    "loose-list": (False, f"1. 第一项。\n\n2. {_LEAD_IN}\n\n{_INDENTED}\n3. 第三项。\n"),
    "tight-list": (False, f"1. 第一项。\n2. {_LEAD_IN}\n{_INDENTED}3. 第三项。\n"),
    "heading": (False, f"## 五、办理情况\n\n{_LEAD_IN}\n\n{_WIDE_ROWS}"),
    "after-h1": (True, f"{_LEAD_IN}\n\n{_WIDE_ROWS}\n其余说明。\n"),
    # A re-walk: only the paragraph right above the table went with it.
    "two-paragraphs": (False, f"## 五、办理情况\n\n{_UNIT}\n\n{_LEAD_IN}\n\n{_WIDE_ROWS}"),
    "paragraph-and-list": (False, f"{_LEAD_IN}\n\n- {_ITEM}\n- 乙栏为办结件数。\n\n{_WIDE_ROWS}"),
    "two-after-h1": (True, f"{_UNIT}\n\n{_LEAD_IN}\n\n{_WIDE_ROWS}\n其余说明。\n"),
    # … but a long text stays where it is, with its heading: only the short blocks go.
    "long-text-above": (
        False,
        f"## 五、办理情况\n\n{_LONG}\n\n{_UNIT}\n\n{_LEAD_IN}\n\n{_WIDE_ROWS}",
    ),
}


@pytest.mark.parametrize("case", list(_LEAD_INS))
def test_a_wide_tables_lead_in_prints_on_its_page(
    browser: Browser, base_url: str, kinds: dict[str, str], case: str
) -> None:
    """A print walk: a wide table's lead-in (下表列出…：) printed on the portrait sheet before
    its landscape one, alone there at the foot of a list or of a repealed 办法, and a free
    page's h1 printed alone on a sheet when the body began so; a re-walk: of two paragraphs,
    or a paragraph and a list, only the last went with the table. The lead-in, the run of
    short blocks above the table (with their heading, its list item, and the h1 before it),
    prints on the table's sheet; a long text above it stays. Read back from Chromium's PDF
    (A4, 10 mm margins) with poppler's pdftotext, sheet by sheet."""
    from generator.body import render_body

    first, markdown = _LEAD_INS[case]
    html = render_body(markdown, source_dir="content", resolve=lambda _target: None).html
    assert "gk-table-wrap--print-wide" in html
    context = _context(browser, WIDE)
    try:
        # the repealed 办法: its pages' mark must stay on the table's sheet too
        target = "pages/ysqgk.html" if first else kinds["item-repealed"]
        page, _ = _open(context, base_url + target)
        page.evaluate(
            "([html, where]) => document.querySelector('.gk-body').insertAdjacentHTML(where, html)",
            [html, "afterbegin" if first else "beforeend"],
        )
        title = page.locator("h1").inner_text()
        sheets, shapes = _printed_sheets(page)
        table = [n for n, sheet in enumerate(sheets) if "73110" in sheet]
        assert len(table) == 1, (table, shapes)
        heading = "五、办理情况"
        for text in (_LEAD_IN, _UNIT, _ITEM, heading if _LONG not in markdown else _LEAD_IN):
            if text in markdown:
                on = [n for n, sheet in enumerate(sheets) if text in sheet]
                assert on == table, (text, on, table, shapes)
        if _LONG in markdown:  # and its heading with it, on a portrait sheet
            on = [n for n, sheet in enumerate(sheets) if "长段开头" in sheet]
            assert on and on[0] < table[0] and shapes[on[0]] == "portrait", (on, table, shapes)
            assert heading in sheets[on[0]], sheets[on[0]]
        assert shapes[table[0]] == "landscape", shapes
        if first:
            assert title in sheets[table[0]], sheets[0]
        else:
            assert all("本文件已废止" in sheet for sheet in sheets), shapes
    finally:
        context.close()


def _printed_sheets(page: Page) -> tuple[list[str], list[str]]:
    """Return *page* printed by Chromium (A4, 10 mm margins) as poppler's pdftotext reads
    it: each sheet's text, and each sheet's shape (portrait or landscape)."""
    pdftotext = shutil.which("pdftotext")
    require("pdftotext (Debian poppler-utils)", pdftotext is not None)
    assert pdftotext is not None
    page.emulate_media(media="print")
    pdf = page.pdf(
        format="A4", margin={side: "10mm" for side in ("top", "bottom", "left", "right")}
    )
    shapes = [
        "landscape" if float(w) > float(h) else "portrait"
        for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    ]
    text = subprocess.run(
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return text.split("\f")[: len(shapes)], shapes


@pytest.mark.parametrize("edition", ["", HANT])
def test_an_interpretation_prints_its_policys_address_once(
    browser: Browser, base_url: str, edition: str
) -> None:
    """A print walk: the 政策解读 of the 养老机构运营补贴管理办法 printed the policy's address
    after the body's link to it, in its first sentence, and again in the table 解读的政策文件
    at its end. Once, where the reader meets the policy first: after the body's link."""
    policy = "items/2024/640100-108-2024-00012.html"
    address = f"https://example.gov.cn/xxgk/{edition}{policy}"
    context = _context(browser, WIDE)
    try:
        page, _ = _open(context, base_url + edition + "items/2024/640100-108-2024-00013.html")
        sheets, _shapes = _printed_sheets(page)
        # A line of the paper may break an address anywhere (overflow-wrap: anywhere), and
        # pdftotext joins a line that ends in a hyphen without it; the table's cells
        # interleave their lines, so the file name is what is counted.
        flat = "".join("".join(sheets).split()).replace("-", "")
        assert flat.count("202400012.html") == 1, flat
        cited = (
            f"運營補貼管理辦法》（{address}）" if edition else f"运营补贴管理办法》（{address}）"
        )
        assert cited.replace("-", "") in flat, flat
        shown = page.locator(".gk-items a").evaluate_all(
            "links => links.map(a => getComputedStyle(a, '::after').content)"
        )
        assert shown and not any(policy in after for after in shown), shown
    finally:
        context.close()


def test_a_bodys_links_to_the_sites_own_pages_print_their_address(
    browser: Browser, tmp_path: Path
) -> None:
    """A print walk: a body's link to 现行有效文件, a column or the home page (written as the
    handbook says, `../../index.html`) printed its text alone, where a link to an item or an
    attachment printed where to find it. Each prints its address; a link to the page a
    依申请公开 item does not have prints none. Read back from Chromium's PDF with pdftotext."""
    from conftest import copy_sample

    from generator.build import build_site

    src = copy_sample(tmp_path / "src")
    source = src / "content/2025/zcjd-dibao-shenhe-banfa-2025.md"
    links = {
        "现行有效文件": "status/in-force/index.html",
        "部门文件栏目": "catalog/bmwj/index.html",
        "目录首页": "index.html",
    }
    written = "、".join(f"[{text}](../../{path})" for text, path in links.items())
    source.write_text(
        source.read_text(encoding="utf-8")
        + f"\n另见{written}，以及[一条依申请公开的信息](640100-108-2025-00034.html)。\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert build_site(src, out, as_of=SAMPLE_AS_OF, search_index=False).stats is not None
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        page.goto((out / "items/2025/640100-108-2025-00019.html").as_uri(), wait_until="load")
        sheets, _shapes = _printed_sheets(page)
        # pdftotext joins a line that ends in a hyphen without it
        flat = "".join("".join(sheets).split()).replace("-", "")
        for text, path in links.items():
            printed = f"{text}（https://example.gov.cn/xxgk/{path}）"
            assert printed.replace("-", "") in flat, (printed, flat)
        assert "一条依申请公开的信息。" in flat, flat
    finally:
        context.close()


@pytest.fixture(scope="module")
def relinked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with the 政策解读 of the 养老机构运营补贴管理办法 linking its
    policy by the policy's page (`640100-108-2024-00012.html`, as an editor may copy it from
    the site), the decision that amended the policy (its note above names it) by its file,
    the feed of 部门文件 and catalog.csv as the handbook says (`../../feeds/bmwj.xml`)."""
    from conftest import copy_sample

    from generator.build import build_site

    tmp = tmp_path_factory.mktemp("relinked")
    src = copy_sample(tmp / "src")
    source = src / "content/2024/zcjd-yanglao-yunying-butie.md"
    text = source.read_text(encoding="utf-8")
    linked = text.replace("(bmwj-yanglao-yunying-butie-banfa.md)", "(640100-108-2024-00012.html)")
    assert linked != text
    source.write_text(
        linked + "\n修改决定见[修改决定](../2026/bmwj-xiugai-yunying-butie-jueding.md)，"
        "订阅[部门文件](../../feeds/bmwj.xml)，下载[目录数据](../../catalog.csv)。\n",
        encoding="utf-8",
    )
    reprint = src / "content/2024/shjz-sheng-zhuanfa-jiben-shenghuo.md"
    text = reprint.read_text(encoding="utf-8")
    linked = text.replace(
        "本文转载自示例省民政厅门户网站",
        "本文转载自[示例省民政厅门户网站](https://example.gov.cn/smzt/zcwj/2024/0510-21.html)",
    )
    assert linked != text
    reprint.write_text(linked, encoding="utf-8")
    out = tmp / "site"
    assert build_site(src, out, as_of=SAMPLE_AS_OF, search_index=False).stats is not None
    return out


@pytest.mark.parametrize("edition", ["", HANT])
def test_a_printed_reprint_linking_its_original_gives_its_address_once(
    browser: Browser, relinked: Path, edition: str
) -> None:
    """A print walk: a reprint whose body links the original (本文转载自[…](https://…))
    printed the original's address there and again in 转载来源 below the body. Once, after
    the body's link, where the reader meets it first."""
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        path = relinked / edition / "items/2024/640100-108-2024-00020.html"
        page.goto(path.as_uri(), wait_until="load")
        sheets, _shapes = _printed_sheets(page)
        flat = "".join("".join(sheets).split()).replace("-", "")
        original = "https://example.gov.cn/smzt/zcwj/2024/0510-21.html"
        assert flat.count("051021.html") == 1, flat
        cited = "門戶網站" if edition else "门户网站"
        assert f"{cited}（{original}）".replace("-", "") in flat, flat
    finally:
        context.close()


@pytest.mark.parametrize("edition", ["", HANT])
def test_a_printed_page_gives_each_address_once(
    browser: Browser, relinked: Path, edition: str
) -> None:
    """A print walk: the 政策解读 linking its policy by the policy's page printed the policy's
    address after the body's link and again in the table 解读的政策文件 (a link to the
    policy's file printed it once); and its note's link to the decision that amended the
    policy and the body's link to the same decision printed that address twice. Each once,
    where the reader meets it first. Read back from Chromium's PDF with pdftotext."""
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        path = relinked / edition / "items/2024/640100-108-2024-00013.html"
        page.goto(path.as_uri(), wait_until="load")
        sheets, _shapes = _printed_sheets(page)
        # pdftotext joins a line that ends in a hyphen without it; the table's cells
        # interleave their lines, so the file names are what is counted
        flat = "".join("".join(sheets).split()).replace("-", "")
        assert flat.count("202400012.html") == 1, flat
        assert flat.count("202600021.html") == 1, flat
        policy = f"https://example.gov.cn/xxgk/{edition}items/2024/640100-108-2024-00012.html"
        cited = "運營補貼管理辦法》" if edition else "运营补贴管理办法》"
        assert f"{cited}（{policy}）".replace("-", "") in flat, flat
        assert ("修改決定見修改決定，" if edition else "修改决定见修改决定，") in flat, flat
    finally:
        context.close()


@pytest.mark.parametrize(
    ("edition", "text", "leads_to"),
    [
        ("", "部门文件", "feeds/bmwj.xml"),
        (HANT, "部門文件", f"{HANT}feeds/bmwj.xml"),
        ("", "目录数据", "catalog.csv"),
        (HANT, "目錄數據", "catalog.csv"),
    ],
)
def test_a_printed_link_gives_the_address_it_leads_to(
    browser: Browser, relinked: Path, edition: str, text: str, leads_to: str
) -> None:
    """A print walk: in the 繁體 edition a body's link to the feed of 部门文件 led to the 繁體
    feed (`zh-hant/feeds/bmwj.xml`) and printed the 简体 one's address; its link to
    catalog.csv (the 简体 edition's alone) led to `zh-hant/catalog.csv`, not there, and
    printed the 简体 one's. A link leads to the edition's own feed and to the one
    catalog.csv, and prints the address it leads to."""
    context = _context(browser, WIDE)
    try:
        page = context.new_page()
        item = "items/2024/640100-108-2024-00013.html"
        page.goto((relinked / edition / item).as_uri(), wait_until="load")
        href = page.locator(".gk-body a", has_text=text).get_attribute("href")
        assert href is not None
        assert (relinked / edition / item).parent.joinpath(href).resolve() == (
            relinked / leads_to
        ).resolve()
        address = urllib.parse.urljoin(f"https://example.gov.cn/xxgk/{edition}{item}", href)
        assert address == f"https://example.gov.cn/xxgk/{leads_to}"
        sheets, _shapes = _printed_sheets(page)
        flat = "".join("".join(sheets).split()).replace("-", "")
        assert f"{text}（{address}）".replace("-", "") in flat, flat
    finally:
        context.close()


_MARKS = {
    "item-repealed": "本文件已废止",
    "item-expired": "本文件已失效",
    "item-amended": "本文件已修改",
}


@pytest.mark.parametrize(
    ("kind", "edition"),
    [(kind, "") for kind in _MARKS] + [("item-repealed", HANT)],
)
def test_the_landscape_pages_of_a_document_no_longer_in_force_say_so(
    browser: Browser, base_url: str, kinds: dict[str, str], kind: str, edition: str
) -> None:
    """A re-walk: the landscape pages of a repealed 办法's wide tables printed with no mark,
    its portrait pages with one (a printed page has one name: the table's had replaced the
    body's). Read back from Chromium's PDF with poppler's pdftotext."""
    pdftotext = shutil.which("pdftotext")
    require("pdftotext (Debian poppler-utils)", pdftotext is not None)
    assert pdftotext is not None
    context = _context(browser, WIDE)
    try:
        page, _ = _open(context, base_url + edition + kinds[kind])
        pdf, shapes = _printed_with_a_wide_table(page)
        assert "landscape" in shapes and "portrait" in shapes, shapes
        text = subprocess.run(
            [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode("utf-8")
        sheets = [sheet for sheet in text.split("\f") if sheet.strip()]
        assert len(sheets) == len(shapes), (len(sheets), shapes)
        mark = "本文件已廢止" if edition else _MARKS[kind]
        for number, (sheet, shape) in enumerate(zip(sheets, shapes, strict=True), start=1):
            assert mark in sheet, (number, shape)
    finally:
        context.close()


# The paper's width less two 10 mm margins, in CSS pixels: A4 portrait and landscape.
_PAPER = {"portrait": 718, "landscape": 1047}


@pytest.mark.parametrize(
    ("columns", "figure", "shape"),
    [(15, "12345678.00", "landscape"), (8, "12,345,678,901.00", "portrait")],
)
def test_a_printed_table_of_long_figures_fits_its_paper(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    columns: int,
    figure: str,
    shape: str,
) -> None:
    """A re-walk: 15 columns of 12345678.00 lost the last one and a half at a landscape
    page's edge, and 8 columns of 12,345,678,901.00 the last at a portrait one's; a figure
    has no place to break. On paper it breaks where nothing else gives: every column is on
    the paper. Laid out as print at the paper's width (as Chromium lays out a PDF's page)."""
    context = _context(browser, WIDE, elder=True)  # 长者版: the largest type
    try:
        page, _ = _open(context, base_url + kinds["item-in-force"])
        wide = " gk-table-wrap--print-wide" if shape == "landscape" else ""
        head = "".join(f"<th>第{n}列</th>" for n in range(1, columns + 1))
        row = f"<td>{figure}</td>" * columns
        page.evaluate(
            """table => document.querySelector('.gk-body').insertAdjacentHTML('beforeend',
              '<div id="qa-figures" class="gk-table-wrap' + table.wide + '">'
              + '<table><thead><tr>' + table.head + '</tr></thead><tbody><tr>' + table.row
              + '</tr></tbody></table></div>')""",
            {"wide": wide, "head": head, "row": row},
        )
        page.set_viewport_size({"width": _PAPER[shape], "height": 1000})
        page.emulate_media(media="print")
        right = page.evaluate(
            "Math.max(...[...document.querySelectorAll('#qa-figures th, #qa-figures td')]"
            ".map(c => c.getBoundingClientRect().right))"
        )
        assert right <= page.evaluate("document.documentElement.clientWidth") + 0.5, right
    finally:
        context.close()


# The QR code's name and caption in each edition (the 繁體 ones converted by OpenCC).
_QR_TEXT = {
    "": ("本页地址的二维码", "扫一扫在手机打开当前页"),
    HANT: ("本頁地址的二維碼", "掃一掃在手機打開當前頁"),
}


@pytest.mark.parametrize("edition", list(_QR_TEXT))
def test_qr_code_is_an_inline_image(
    browser: Browser, base_url: str, kinds: dict[str, str], edition: str
) -> None:
    """An image named with the address it encodes, the page's own (繁體 for a 繁體 page)."""
    context = _context(browser, WIDE, javascript=False)
    try:
        page, _ = _open(context, base_url + edition + kinds["item-in-force"])
        address = f"https://example.gov.cn/xxgk/{edition}{kinds['item-in-force']}"
        name, caption = _QR_TEXT[edition]
        qr = page.get_by_role("img", name=f"{name}：{address}", exact=True)
        assert qr.count() == 1
        box = qr.bounding_box()
        assert box is not None and box["width"] >= 100 and box["height"] == box["width"]
        assert page.get_by_text(caption, exact=True).is_visible()
        # As a phone's camera would: the code Chromium drew reads back as the page's address.
        width, height, grey = png_grey(qr.screenshot())
        found = zxingcpp.read_barcode(memoryview(grey).cast("B", (height, width)))
        assert found is not None and found.text == address
    finally:
        context.close()


def test_a_tables_numbers_line_up_on_the_right(browser: Browser, base_url: str) -> None:
    """A column written `| --: |` in the body (部门决算's figures) is right-aligned on the
    page: the class survives the sanitizer and the theme's stylesheet aligns it."""
    context = _context(browser, WIDE)
    try:
        page, _ = _open(context, base_url + "items/2024/640100-108-2024-00035.html")
        aligns = (
            page.locator(".gk-body table")
            .first.locator("tr")
            .nth(1)
            .evaluate("row => [...row.cells].map(cell => getComputedStyle(cell).textAlign)")
        )
        assert aligns == ["start", "right", "start", "right"]
        assert page.locator(".gk-body td", has_text="8210.60").count() == 1
    finally:
        context.close()


# Every figure of a body's tables whose digits the layout put on more than one line.
_SPLIT_FIGURES = """
() => {
  const split = [];
  const range = document.createRange();
  for (const cell of document.querySelectorAll(".gk-body td, .gk-body th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[0-9][0-9.,]*[0-9]%?/g)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}
"""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_word_tables_cell_paragraphs_add_no_gap(
    browser: Browser, base_url: str, elder: bool
) -> None:
    """A year-end walk: a table pasted from Word has each cell's text in a <p>, and the
    paragraph's gap made every row twice its height (2.4 lines more in 长者版)."""
    context = _context(browser, NARROW, elder=elder)
    try:
        page, _ = _open(context, base_url + "items/2024/640100-108-2024-00004.html")
        heights = page.evaluate(
            """() => {
              document.querySelector(".gk-body").insertAdjacentHTML("beforeend",
                "<table id=word><tr><td><p>规章</p></td><td>行政规范性文件</td></tr></table>");
              const cells = document.querySelectorAll("#word td");
              return [...cells].map(cell => cell.getBoundingClientRect().height);
            }"""
        )
        paragraph, plain = heights
        assert paragraph == plain
        gap = page.evaluate("getComputedStyle(document.querySelector('#word p')).marginBottom")
        assert gap == "0px"
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_tables_figures_never_break_on_a_phone(
    browser: Browser, base_url: str, elder: bool
) -> None:
    """Found by a QA pass: at 320 px a body's table squeezed its columns until figures broke
    (648 / 0 for the 6480 of the 低保 standard in 长者版, 8780. / 00 in a budget); a wide table
    pushed the whole page sideways. A table now scrolls in its own box, which the keyboard
    can reach and a screen reader names."""
    context = _context(browser, NARROW, elder=elder)
    try:
        for path in (
            "items/2024/640100-108-2024-00026.html",  # 2024 低保 standard
            "items/2026/640100-108-2026-00006.html",  # a budget's figures
        ):
            page, _ = _open(context, base_url + path)
            assert page.locator(".gk-body table").count() > 0
            assert page.evaluate(_SPLIT_FIGURES) == []
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"{path}: the page is {scroll} px wide in {client} px"
            boxes = page.eval_on_selector_all(
                ".gk-body table",
                "ts => ts.map(t => { const box = t.parentElement; return [box.className,"
                " box.getAttribute('role'), box.getAttribute('aria-label'),"
                " box.scrollWidth > box.clientWidth, box.tabIndex]; })",
            )
            for n, (name, role, label, scrolls, tab) in enumerate(boxes, start=1):
                # --wide: the box scrolls and says so above its table (gkml.js)
                wide = " gk-table-wrap--wide" if scrolls else ""
                assert (name, role) == (f"gk-table-wrap{wide}", "region")
                assert label == f"表格 {n}" or label.startswith(f"表格 {n}：")
                assert tab == (0 if scrolls else -1)  # a tab stop only while it scrolls
            page.close()
    finally:
        context.close()


def _fonts_drawing(page: Page, selector: str) -> list[str]:
    """Return the families of the fonts Chromium drew the text of *selector* with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": document, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts]


def test_each_edition_is_drawn_in_its_own_scripts_fonts(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A 繁體 reader's walk: the 繁體 pages named the SC fonts first (PingFang SC, Microsoft
    YaHei, Noto Sans CJK SC), which draw 青, 骨, 說 and 辶 (這, 過) in the mainland's shapes.
    Debian's fonts-noto-cjk (installed by .ci/run) has both, as a Mac has both PingFangs."""
    context = _context(browser, WIDE)
    try:
        for edition, region in (("", "SC"), (HANT, "TC")):
            page, watch = _open(context, base_url + edition + kinds["item-in-force"])
            cjk = [f for f in _fonts_drawing(page, "h1") if "CJK" in f]
            assert cjk == [f"Noto Sans CJK {region}"], (edition, cjk)
            assert watch.problems == []
            page.close()
        # A site converted with s2hk or s2tw says zh-Hant-HK or zh-Hant-TW: :lang(zh-Hant)
        # matches both (an attribute selector [lang=zh-Hant] would not).
        page, _ = _open(context, base_url + HANT + kinds["item-in-force"])
        for tag in ("zh-Hant-HK", "zh-Hant-TW"):
            page.evaluate("tag => { document.documentElement.lang = tag; }", tag)
            cjk = [f for f in _fonts_drawing(page, "h1") if "CJK" in f]
            assert cjk == ["Noto Sans CJK TC"], (tag, cjk)
    finally:
        context.close()


@pytest.mark.parametrize("where", ["http", "file"])
def test_header_search_submits_under_the_policy(
    browser: Browser, base_url: str, site: Path, where: str
) -> None:
    """The CSP's form-action 'self' lets the header's search form reach search.html, on the
    web and from a disc, and the search page shows the results."""
    context = _context(browser, WIDE)
    try:
        start = base_url + "index.html" if where == "http" else (site / "index.html").as_uri()
        page, watch = _open(context, start)
        page.get_by_role("searchbox", name="搜索公开信息").fill("救助")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        _settle(page)
        assert page.locator(".gk-result").count() > 0
        assert watch.problems == []
    finally:
        context.close()


# (viewport, the browser's text size, 长者版, JavaScript, edition, from a disc)
_SEARCH_PAGE_READERS = {
    "wide": (WIDE, 16, False, True, "", False),
    "wide-长者版": (WIDE, 16, True, True, "", False),
    "wide-繁體": (WIDE, 16, False, True, HANT, False),
    "wide-no-javascript": (WIDE, 16, False, False, "", False),
    "on-its-side-200-percent": ({"width": 740, "height": 360}, 32, False, True, "", False),
    "phone-长者版-繁體": (PHONE, 16, True, True, HANT, False),
    "disc": (WIDE, 16, False, True, "", True),
}


@pytest.mark.parametrize("reader", list(_SEARCH_PAGE_READERS))
def test_the_search_page_has_one_search_region_and_one_search_button(
    browser: Browser, base_url: str, site: Path, reader: str
) -> None:
    """An accessibility pass: on a wide screen the search page had the header's search box
    (站内搜索) above its own (搜索条件), two search regions each with a button named 搜索, and
    the header's 搜索 button unfolded the first on a phone on its side with large text. A
    screen reader's list of buttons or landmarks met 搜索 twice, for one search. The page
    keeps its own box only, in every mode and edition, and from a disc."""
    viewport, standard_px, elder, javascript, edition, disc = _SEARCH_PAGE_READERS[reader]
    context = _context(browser, viewport, elder=elder, javascript=javascript)
    try:
        page = _text_size(context, standard_px)
        query = "?q=%E6%95%91%E5%8A%A9"  # 救助
        url = (
            (site / edition / "search.html").as_uri()
            if disc
            else base_url + edition + "search.html"
        )
        page.goto(url + query, wait_until="load")
        if javascript:
            _settle(page)
        tree = [(role, name) for role, name, _ in accessibility_tree(page)]
        regions = [name for role, name in tree if role == "search"]
        assert regions == (["搜索條件"] if edition else ["搜索条件"]), regions
        buttons = [name for role, name in tree if role == "button" and "搜索" in name]
        assert buttons == ["搜索"], buttons
        assert page.locator(".gk-header form, [data-gk-search-fold]").count() == 0
        # The page's own box is shown, where the header's was folded or hidden.
        assert page.get_by_role("search").get_by_role("searchbox").is_visible()
        # Another page keeps the header's box (the fold's button in the same place).
        page.goto(url.replace("search.html", "index.html"), wait_until="load")
        assert page.locator(".gk-header form[role=search]").count() == 1
    finally:
        context.close()


# -- keyboard only, from a disc (file://) ----------------------------------------------------
def _tab_to(page: Page, matches: Callable[[dict[str, str]], bool], limit: int = 80) -> None:
    """Press Tab until the focused element matches; each stop must show a focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused: dict[str, str] = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
              return {text: e.innerText.trim(), href: e.getAttribute('href') || '',
                      tag: e.tagName, outline: s.outlineStyle, shadow: s.boxShadow}; }"""
        )
        if focused["tag"] == "BODY":
            continue
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if matches(focused):
            return
    raise AssertionError("no focusable element matched within the Tab limit")


def test_keyboard_walk_from_home_to_an_item_and_back(browser: Browser, site: Path) -> None:
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, (site / "index.html").as_uri())
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement.textContent")
        assert skip == "跳到正文"
        box = page.locator(".gk-skip").bounding_box()
        assert box is not None and box["x"] >= 0 and box["y"] >= 0  # visible when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        _tab_to(page, lambda f: f["text"] == "部门文件")
        page.keyboard.press("Enter")
        page.wait_for_url("**/catalog/bmwj/index.html")
        _tab_to(page, lambda f: "items/" in f["href"])
        title = page.evaluate("document.activeElement.innerText.trim()")
        page.keyboard.press("Enter")
        page.wait_for_url("**/items/**")
        assert page.locator("h1").inner_text() == title
        # Back up the breadcrumb: to the column, then home.
        _tab_to(page, lambda f: f["text"] == "部门文件" and "bmwj" in f["href"])
        page.keyboard.press("Enter")
        page.wait_for_url("**/catalog/bmwj/index.html")
        _tab_to(page, lambda f: f["text"] == "首页" and f["href"].endswith("index.html"))
        page.keyboard.press("Enter")
        page.wait_for_url("**/index.html")
        assert page.locator("h1").inner_text() == "示例市民政局政府信息公开"
        # The 长者版 link by keyboard, remembered on the next page read from the disc.
        _tab_to(page, lambda f: f["text"] == "长者版")
        page.keyboard.press("Enter")
        assert _px(page, "body", "fontSize") == 24
        page.goto((site / "pages/gkzn.html").as_uri())
        assert _px(page, "body", "fontSize") == 24
        assert watch.problems == []
    finally:
        context.close()


# -- screenshots for CI artifacts --------------------------------------------------------------
@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("GKML_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("kind", ["item-repealed", "item-annual-report"])
def test_screenshots_of_an_item_page(
    browser: Browser, base_url: str, kinds: dict[str, str], screenshots: Path, kind: str
) -> None:
    # Chinese renders only with a CJK font installed (else every character is a box).
    fc_list = shutil.which("fc-list")
    require("fontconfig's fc-list", fc_list is not None)
    assert fc_list is not None
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    require("a CJK font (fonts-noto-cjk)", bool(fonts.stdout.strip()))
    for mode, (viewport, elder, edition, _) in MODES.items():
        context = _context(browser, viewport, elder=elder)
        try:
            page, _ = _open(context, base_url + edition + kinds[kind])
            page.screenshot(path=screenshots / f"{kind}-{mode}.png", full_page=True)
            if mode == "standard":
                page.emulate_media(media="print")
                page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                page.screenshot(path=screenshots / f"{kind}-print.png", full_page=True)
        finally:
            context.close()
    assert len(list(screenshots.glob(f"{kind}-*.png"))) == len(MODES) + 1


# Each text of a listing's index, 文号, date and status cells as the lines it is laid out on.
_VALUE_LINES = """() => [...document.querySelectorAll('.gk-items__index, .gk-items__nowrap')]
  .flatMap(cell => {
    const texts = [];
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const node = walk.currentNode;
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      texts.push([node.textContent, tops.size]);
    }
    return texts;
  })"""


@pytest.mark.parametrize(
    ("width", "elder"), [(800, False), (1024, False), (1024, True), (1280, True), (1920, True)]
)
def test_listing_values_never_break_inside_at_tablet_and_desktop_widths(
    browser: Browser, base_url: str, kinds: dict[str, str], width: int, elder: bool
) -> None:
    """Found by the accessibility pass: in 长者版 from 960 to 1,280 px the six-column table
    broke dates and numbers (2026年11月2 / 日, 示民规〔2026〕1 / 号); the narrow layout, a block
    of labelled lines, now starts at 56 em."""
    context = _context(browser, {"width": width, "height": 900}, elder=elder)
    try:
        page, watch = _open(context, base_url + kinds["column"])
        texts = page.evaluate(_VALUE_LINES)
        assert len(texts) > 20
        assert [text for text, lines in texts if lines != 1] == []
        # No sideways scrolling of the table either.
        overflow = page.evaluate(
            "() => [...document.querySelectorAll('.gk-table-wrap')]"
            ".filter(w => w.scrollWidth > w.clientWidth + 1).length"
        )
        assert overflow == 0
        assert watch.problems == []
    finally:
        context.close()


def test_elder_mode_keeps_its_promises_for_hints_and_the_site_title(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """Found by the accessibility pass: the placeholder was the browser's grey (4.6:1, where
    the elder rules ask 7:1) and the site title's link was 38 px tall (60 px promised)."""
    context = _context(browser, WIDE, elder=True)
    try:
        page, watch = _open(context, base_url + kinds["home"])
        hint, ground = page.eval_on_selector(
            ".gk-search__input",
            "e => [getComputedStyle(e, '::placeholder').color, getComputedStyle(e).backgroundColor]",
        )

        def luminance(css: str) -> float:
            def linear(channel: str) -> float:
                c = int(channel) / 255
                return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

            red, green, blue = map(linear, re.findall(r"\d+", css)[:3])
            return 0.2126 * red + 0.7152 * green + 0.0722 * blue

        lighter, darker = sorted((luminance(hint), luminance(ground)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 7  # WCAG contrast ratio, on the box itself
        box = page.locator(".gk-header__title a").bounding_box()
        assert box is not None and box["height"] >= 60
        assert watch.problems == []
    finally:
        context.close()


@pytest.mark.parametrize("edition", ["", HANT])
def test_a_printed_attachment_says_where_it_is(
    browser: Browser, base_url: str, edition: str
) -> None:
    """Found by the accessibility pass: on paper an attachment's link cannot be followed, and
    the printout gave no address for it."""
    context = _context(browser, WIDE)
    try:
        page, watch = _open(context, base_url + edition + "items/2024/640100-108-2024-00012.html")
        link = page.locator(".gk-attachments a").first
        href = link.get_attribute("href")
        assert href is not None
        page.emulate_media(media="print")
        printed = page.evaluate(
            "a => getComputedStyle(a, '::after').content", link.element_handle()
        )
        # The file's public address: the page's own address, then the link from the page.
        page_address = f"https://example.gov.cn/xxgk/{edition}items/2024/"
        expected = urllib.parse.urljoin(page_address, href)
        assert printed == f'"（{expected}）"'
        assert watch.problems == []
    finally:
        context.close()


@pytest.mark.parametrize("edition", ["", HANT])
def test_printed_links_to_other_documents_say_where_they_are(
    browser: Browser, base_url: str, edition: str
) -> None:
    """A print walk: on paper an interpretation's link to its policy (in its text, or in its
    table when its text does not link it) and its note's link to what amended the policy
    printed their titles alone, and a reader could not find them. Each prints its public
    address (its edition's) after its text, on the line; the column's link and a listing's
    titles print none."""
    context = _context(browser, WIDE)
    try:
        after = "a => [getComputedStyle(a, '::after').content, getComputedStyle(a).display]"
        for item, places in (
            ("items/2024/640100-108-2024-00013.html", (".gk-banner a", ".gk-body a")),
            ("items/2025/640100-108-2025-00019.html", (".gk-items__title a",)),
        ):
            page, watch = _open(context, base_url + edition + item)
            page.emulate_media(media="print")
            page_address = f"https://example.gov.cn/xxgk/{edition}{item}"
            for where in places:
                link = page.locator(where).first
                href = link.get_attribute("href")
                assert href is not None and not href.startswith("http"), where
                expected = urllib.parse.urljoin(page_address, href)
                assert link.evaluate(after) == [f'"（{expected}）"', "inline"], where
            assert page.locator(".gk-meta a").first.evaluate(after)[0] == "none"
            assert watch.problems == []
        page, _ = _open(context, base_url + edition + "status/in-force/index.html")
        page.emulate_media(media="print")
        printed = page.locator("main a").evaluate_all(
            "links => links.map(a => getComputedStyle(a, '::after').content)"
        )
        assert printed and set(printed) == {"none"}, set(printed)
    finally:
        context.close()


def test_a_printed_reprint_gives_its_source_address(browser: Browser, base_url: str) -> None:
    """A re-walk: a reprint's 转载来源 printed its name and date without its address (only a
    body's links printed theirs): on paper the original could not be looked up."""
    context = _context(browser, WIDE)
    try:
        page, _ = _open(context, base_url + "items/2024/640100-108-2024-00020.html")
        link = page.locator(".gk-source a")
        page.emulate_media(media="print")
        printed = page.evaluate(
            "a => getComputedStyle(a, '::after').content", link.element_handle()
        )
        assert printed == '"（https://example.gov.cn/smzt/zcwj/2024/0510-21.html）"'
    finally:
        context.close()


def test_a_table_box_is_a_tab_stop_once_elder_mode_makes_it_scroll(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A box is a tab stop only while its table scrolls; choosing 长者版 (larger text) can
    make it scroll without the window changing size."""
    context = _context(browser, {"width": 600, "height": 900})
    try:
        page, watch = _open(context, base_url + kinds["item-annual-report"])
        # A reader's walk: on a phone a table's columns past the edge were cut with no cue;
        # a box that scrolls says so above its table (its ::before), one that fits does not.
        state = (
            "[...document.querySelectorAll('.gk-body .gk-table-wrap')]"
            ".map(b => [b.scrollWidth > b.clientWidth, b.tabIndex,"
            " getComputedStyle(b, '::before').content])"
        )
        hint = '"表格较宽，可左右滑动查看 →" / ""'
        before = page.evaluate(state)
        assert all(tab == (0 if scrolls else -1) for scrolls, tab, _ in before)
        assert all((said == hint) == scrolls for scrolls, _, said in before), before
        page.get_by_role("link", name="长者版").click()
        after = page.evaluate(state)
        assert all(tab == (0 if scrolls else -1) for scrolls, tab, _ in after)
        assert all((said == hint) == scrolls for scrolls, _, said in after), after
        assert sum(s for s, _, _ in after) > sum(s for s, _, _ in before)  # the size mattered
        assert watch.problems == []
    finally:
        context.close()


def test_the_home_trees_folds_close_on_a_phone_and_stay_open_on_a_wide_screen(
    browser: Browser, base_url: str
) -> None:
    """A county walk: a tree of 55 columns made the home page 8,000 px long on a phone
    (16,000 in 长者版) before the newest items."""
    cases = (
        ({"width": 375, "height": 667}, False, True, False),  # phone: folded, label shown
        ({"width": 800, "height": 900}, True, True, False),  # 长者版 folds up to 60em
        ({"width": 800, "height": 900}, False, True, True),  # wider: open, no label (then 长者版)
        ({"width": 375, "height": 667}, False, False, True),  # no JavaScript: open
    )
    for viewport, elder, script, shown in cases:
        context = _context(browser, viewport, elder=elder, javascript=script)
        try:
            page, watch = _open(context, base_url)
            fold = page.locator("details[data-gk-fold]").first
            child = page.get_by_role("link", name="部门文件", exact=True).first
            assert child.is_visible() == shown, (viewport, elder, script)
            label = fold.locator(":scope > summary")
            assert label.is_visible() == (not shown or not script or viewport["width"] < 600)
            if not shown:
                assert label.inner_text() == "下级栏目 11 个"
                # named with its column in a screen reader's list of controls (a re-walk)
                assert label.get_attribute("aria-label") == "下级栏目 11 个（法定主动公开内容）"
                box = label.bounding_box()
                assert box is not None and box["height"] >= (60 if elder else 44) - 0.5
                label.click()
                assert child.is_visible()
                label.click()
                page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                assert fold.get_attribute("open") == ""  # printed whole, as a wide screen shows it
            elif script and not elder:
                # 长者版 chosen on a screen under 60em folds the tree then (a re-walk)
                page.get_by_role("link", name="长者版").click()
                assert not child.is_visible()
                # a fold closed on a narrow screen keeps the label that opens it on a wide one
                page.set_viewport_size({"width": 1280, "height": 900})
                assert label.is_visible() and not child.is_visible()
                label.click()
                assert child.is_visible() and not label.is_visible()
            assert watch.problems == []
        finally:
            context.close()


@pytest.mark.parametrize("edition", ["", HANT])
def test_on_a_phone_the_navigation_folds_and_the_heading_is_on_the_first_screen(
    browser: Browser, base_url: str, kinds: dict[str, str], edition: str
) -> None:
    """Found by the accessibility pass: in 长者版 on a phone, tools, title, search and seven
    rows of navigation filled the first screen and a half before an item's heading."""
    phone = {"width": 375, "height": 667}
    for elder in (False, True):
        context = _context(browser, phone, elder=elder)
        try:
            page, watch = _open(context, base_url + edition + kinds["item-in-force"])
            toggle = page.locator(".gk-nav__toggle")
            links = page.locator(".gk-nav__list")
            assert toggle.is_visible() and not links.is_visible()
            assert toggle.get_attribute("aria-expanded") == "false"
            top = page.eval_on_selector("h1", "h => h.getBoundingClientRect().top")
            assert top < phone["height"], (elder, top)
            # A readers' walk: a repealed 办法's heading began at 563 px in 长者版, its state
            # in a banner below it; the state leads the heading, well on the first screen
            # (the search box keeps its name for screen readers, not its line).
            repealed = base_url + edition + kinds["item-repealed"]
            page.goto(repealed)
            state = page.eval_on_selector("h1 .gk-state", "s => s.getBoundingClientRect().bottom")
            assert state < phone["height"] - 60, (elder, state)
            assert page.locator("h1 .gk-state").is_visible()
            named = page.eval_on_selector("#gk-q", "q => q.labels[0].textContent")
            assert named in ("搜索公开信息", "搜索公開信息"), named
            # In 长者版 the header's search box folds behind 搜索 in the navigation's row (the
            # header was 400 px of the 667); the button opens it and moves to it.
            box, fold = page.locator("#gk-search"), page.locator(".gk-nav__search")
            header = page.eval_on_selector(".gk-header", "h => h.getBoundingClientRect().bottom")
            if elder:
                assert header <= 320, header
                assert fold.is_visible() and not box.is_visible()
                fold.click()
                assert fold.get_attribute("aria-expanded") == "true" and box.is_visible()
                assert page.evaluate("document.activeElement.id") == "gk-q"
                fold.click()
                assert fold.get_attribute("aria-expanded") == "false" and not box.is_visible()
            else:
                assert box.is_visible() and not fold.is_visible()
            page.goto(base_url + edition + kinds["item-in-force"])
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true" and links.is_visible()
            page.keyboard.press("Tab")  # from the button into the links it opened
            assert page.evaluate("document.activeElement.closest('.gk-nav__list') !== null")
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Enter")  # a button: the keyboard closes it too
            assert toggle.get_attribute("aria-expanded") == "false" and not links.is_visible()
            # The current page's parent ends the trail; the heading names the page itself.
            assert not page.locator(".gk-breadcrumb [aria-current='page']").is_visible()
            # In 长者版, 首页 and the parent: the columns between took a second row of targets.
            shown = page.locator(".gk-breadcrumb li").evaluate_all(
                "items => items.filter(i => i.offsetParent !== null).length"
            )
            assert shown == (2 if elder else 3), (elder, shown)
            assert watch.problems == []
        finally:
            context.close()
    # A phone on its side in 长者版 (a reader's walk: the links took three rows at 740 px
    # and the heading began below the screen): folded too, the trail ending at the parent.
    context = _context(browser, {"width": 740, "height": 360}, elder=True)
    try:
        page, watch = _open(context, base_url + edition + kinds["item-in-force"])
        assert page.locator(".gk-nav__toggle").is_visible()
        assert not page.locator(".gk-nav__list").is_visible()
        assert page.locator(".gk-nav__search").is_visible()
        assert not page.locator("#gk-search").is_visible()
        assert not page.locator(".gk-breadcrumb [aria-current='page']").is_visible()
        assert watch.problems == []
    finally:
        context.close()
    # Wide, or without JavaScript (nothing could open it), the links are shown and no button.
    for viewport, javascript in ((WIDE, True), (phone, False)):
        context = _context(browser, viewport, elder=True, javascript=javascript)
        try:
            page, _ = _open(context, base_url + edition + kinds["item-in-force"])
            assert page.locator(".gk-nav__list").is_visible()
            assert not page.locator(".gk-nav__toggle").is_visible()
            assert page.locator("#gk-search").is_visible()
            assert not page.locator(".gk-nav__search").is_visible()
        finally:
            context.close()


def test_turning_the_phone_with_the_focus_on_a_navigation_link_keeps_it_there(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    """A keyboard walk: on a phone on its side (740 x 360) the navigation's links are a row,
    on the phone upright (360 x 740) they fold behind 栏目导航, closed; turned with the focus
    on one, the focus fell to <body>, and the next Tab began at the top of the page. The fold
    opens instead (as one opened by its button stays open when the phone turns).

    Chromium takes the focus away before the resize event or after it, as it comes (a
    fresh-clone CI run failed where a handler of the resize event had passed the walk): the
    phone is turned four times, and each order came in about half of such turns."""
    context = _context(browser, {"width": 740, "height": 360})
    try:
        for _turn in range(4):
            page, watch = _open(context, base_url + kinds["item-annual-report"])
            toggle = page.locator("[data-gk-nav]")
            assert not toggle.is_visible()  # the links are a row
            _tab_to(page, lambda f: f["text"] == "公开指南")
            page.set_viewport_size({"width": 360, "height": 740})
            # until the fold opened or the focus left the link (Chromium moves it a moment later)
            _settled(
                page,
                "() => document.activeElement.textContent !== '公开指南'"
                " || document.querySelector('[data-gk-nav]').ariaExpanded === 'true'",
            )
            page.wait_for_timeout(100)  # the focus's loss, if it comes after the resize event
            focused = page.evaluate(
                "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
                " return [e === document.body ? '<body>' : e.textContent, r.top >= 0 && r.bottom <= innerHeight && r.height > 0]; }"
            )
            assert focused == ["公开指南", True]
            assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "true"
            if _turn < 3:
                page.close()
        page.keyboard.press("Escape")  # closes it onto its button, as a fold opened by it
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.hasAttribute('data-gk-nav')")
        assert watch.problems == []
    finally:
        context.close()
    # So for the header's search box, which 长者版 folds behind 搜索 up to 60em: a window
    # narrowed from 1,280 to 900 px while the reader typed in it.
    context = _context(browser, {"width": 1280, "height": 800}, elder=True)
    try:
        page, watch = _open(context, base_url + kinds["item-annual-report"])
        fold, box = page.locator("[data-gk-search-fold]"), page.locator("#gk-q")
        box.focus()
        page.keyboard.type("救助")
        page.set_viewport_size({"width": 900, "height": 800})
        _settled(
            page,
            "() => document.activeElement.id !== 'gk-q'"
            " || document.querySelector('[data-gk-search-fold]').ariaExpanded === 'true'",
        )
        assert page.evaluate("document.activeElement.id") == "gk-q" and box.is_visible()
        assert fold.get_attribute("aria-expanded") == "true"
        assert box.input_value() == "救助"
        assert watch.problems == []
    finally:
        context.close()


# WCAG 2.5.8 (Target Size, Minimum): each control or link shown is 24 x 24 px, or the circle of
# 24 px around its centre meets no other target nor another small target's circle. A link in a
# sentence (text of its own beside it) is excepted; so is the body's own text.
_CROWDED_TARGETS = """
() => {
  const shown = [...document.querySelectorAll("a[href], button, input, select, summary, [tabindex='0']")]
    .filter((e) => e.checkVisibility() && !e.closest(".gk-body"))
    .filter((e) => ![...e.parentElement.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((e) => [e, e.getBoundingClientRect()]);
  const small = shown.filter(([, r]) => r.width < 23.5 || r.height < 23.5);
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const reach = ([x, y], r) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  return small.flatMap(([e, r]) => shown
    .filter(([o, q]) => o !== e && (reach(centre(r), q) < 12 || (small.some(([s]) => s === o)
      && Math.hypot(...centre(r).map((v, i) => v - centre(q)[i])) < 24)))
    .map(([o]) => `${e.textContent.trim()} (${Math.round(r.width)}x${Math.round(r.height)})`
      + ` by ${o.textContent.trim()}`));
}
"""


@pytest.mark.parametrize("size", ["small", "", "large"], ids=["small", "middle", "large"])
def test_every_target_is_24_px_or_spaced_at_each_text_size(
    browser: Browser, base_url: str, kinds: dict[str, str], size: str
) -> None:
    """A keyboard walk (WCAG 2.5.8): with 字号 小 on a phone the footer's links were 21 px
    tall and its wrapped rows touched (无障碍声明 over 示ICP备…号), so their 24 px circles
    met. The standard mode; 长者版 asks 60 px (test_page_kind_is_accessible)."""
    for viewport in (WIDE, {"width": 360, "height": 740}):
        context = _context(browser, viewport)
        context.add_init_script(f"window.localStorage.setItem('gk-size', '{size}')")
        try:
            page = context.new_page()  # one tab: a new tab's first load takes twice as long
            for kind in ("home", "column-leaf", "item-amended", "page", "search", "not-found"):
                page.goto(base_url + kinds[kind], wait_until="load")
                _settle(page)
                assert page.evaluate(_CROWDED_TARGETS) == [], (kind, viewport)
        finally:
            context.close()


def test_a_listings_next_page_link_is_a_full_target_in_elder_mode(
    browser: Browser, tmp_path: Path
) -> None:
    """A reader's walk: the summary's 下一页 above a listing's table was 72 x 28 px in 长者版,
    the one target under the 60 px the elder rules ask for (pages of five items here)."""
    from generator import catalog

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalog, "PAGE_SIZE", 5)
        site = build_sample(tmp_path)
    for edition in ("", HANT):
        context = _context(browser, NARROW, elder=True)
        try:
            page, watch = _open(context, (site / edition / "status/in-force/index.html").as_uri())
            following = page.locator(".gk-summary a")
            assert following.count() == 1
            box = following.bounding_box()
            assert box is not None and box["height"] >= 59.5 and box["width"] >= 59.5, box
            assert page.evaluate(_SMALL_TARGETS) == []
            assert watch.problems == []
        finally:
            context.close()


# -- text spacing set by the reader (WCAG 1.4.12) ----------------------------------------------
# The SC's own test style, as a reader's style sheet or an extension adds it: a constructed
# style sheet, which the page's Content-Security-Policy does not block (a user style sheet is
# not the page's either), added once the page has loaded.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)
_ADD_STYLE = """
(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
"""
# What the spacing lost: horizontal scrolling; text cut off by a box that hides its overflow
# (a box that scrolls, a wide table's, is allowed) or spilling out of a box whose height is
# set; lines of text of different text nodes on one another; a control out of the page (the
# skip link is out until it has the focus: measured focused).
_SPACING_LOSSES = """
() => {
  const problems = [];
  const name = (e) => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 20)}"`;
  const page = document.scrollingElement;
  if (page.scrollWidth > innerWidth) problems.push(`horizontal scrolling: ${page.scrollWidth} px`);
  const cut = (v) => v === "hidden" || v === "clip";
  for (const e of document.querySelectorAll("body *")) {
    if (!e.getClientRects().length || !e.checkVisibility() || e.clientHeight <= 1) continue;
    const s = getComputedStyle(e);
    const over = [e.scrollWidth - e.clientWidth > 1, e.scrollHeight - e.clientHeight > 1];
    if ((cut(s.overflowX) && over[0]) || (cut(s.overflowY) && over[1]))
      problems.push(`clipped: ${name(e)}`);
    if (s.overflowY === "visible" && s.display !== "inline" && over[1])
      problems.push(`spills out of its height: ${name(e)}`);
  }
  const lines = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const text = walk.currentNode, e = text.parentElement;
    if (!text.textContent.trim() || !e.checkVisibility() || getComputedStyle(e).clipPath !== "none") continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1) lines.push([text, r]);
  }
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [a, ra] = lines[i], [b, rb] = lines[j];
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (a !== b && x > 1 && y > 1)
        problems.push(`overlap: ${name(a.parentElement)} / ${name(b.parentElement)}`);
    }
  }
  for (const c of document.querySelectorAll("a[href], button, input, select, summary")) {
    if (!c.getClientRects().length || !c.checkVisibility()) continue;
    let r = c.getBoundingClientRect();
    if (r.left < -0.5 || r.right > page.clientWidth + 0.5) {
      c.focus();
      r = c.getBoundingClientRect();
      if (r.left < -0.5 || r.right > page.clientWidth + 0.5) problems.push(`out of reach: ${name(c)}`);
      c.blur();
    }
  }
  return problems;
}
"""
_SPACED_KINDS = (
    "home",
    "column-leaf",
    "item-amended",  # a banner, attachments and tables
    "item-annual-report",
    "search",
    "page",
    "not-found",
    "data",
    "annual",  # the last two: every template is one of these ten pages'
    "accessibility",
)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("mode", ["standard", "elder", "hant"])
def test_text_spacing_set_by_the_reader_loses_nothing(
    browser: Browser, base_url: str, kinds: dict[str, str], mode: str, javascript: bool
) -> None:
    """WCAG 1.4.12: with the SC's spacing (line height 1.5, letter spacing 0.12em, word spacing
    0.16em, 2em after a paragraph) on every page kind, 1280 x 800 and 360 x 740: no text cut
    off or on other text, no control out of reach, no horizontal scrolling. Without JavaScript
    长者版 is the page at #gk-elder, as its link opens it."""
    edition = HANT if mode == "hant" else ""
    elder = mode == "elder"
    for viewport in ({"width": 1280, "height": 800}, {"width": 360, "height": 740}):
        context = _context(browser, viewport, elder=elder and javascript, javascript=javascript)
        try:
            page = context.new_page()  # one tab: a new tab's first load takes twice as long
            watch = Watch(page, base_url.removesuffix("xxgk/"))
            for kind in _SPACED_KINDS:
                url = base_url + edition + kinds[kind] + ("#gk-elder" if elder else "")
                page.goto(url, wait_until="load")
                if javascript:
                    _settle(page)
                page.evaluate(_ADD_STYLE, TEXT_SPACING)
                assert _px(page, "body", "letterSpacing") > 0, "the spacing did not apply"
                assert page.evaluate(_SPACING_LOSSES) == [], (kind, viewport)
                assert watch.problems == [], kind
        finally:
            context.close()


@pytest.mark.parametrize(
    ("viewport", "elder", "size"),
    [((740, 360), False, ""), ((1024, 500), True, ""), ((740, 520), False, "large")],
    ids=["phone-on-its-side", "长者版-short-window", "大-short-window"],
)
def test_text_spacing_added_after_load_refolds_a_short_screen(
    browser: Browser,
    base_url: str,
    kinds: dict[str, str],
    viewport: tuple[int, int],
    elder: bool,
    size: str,
) -> None:
    """An extension's spacing comes once the page is read, and the short-screen fold
    (gkml.js fit()) had judged the header without it: its rows 1.5 lines tall, an item's
    heading's first line ended at 391 px of 740 x 360, at 541 of 1,024 x 500 in 长者版 and
    at 544 of 740 x 520 with 大 (a walk). The fold measures again when the heading's size
    changes."""
    width, height = viewport
    context = _context(browser, {"width": width, "height": height}, elder=elder, touch=True)
    if size:
        context.add_init_script(f"window.localStorage.setItem('gk-size', '{size}')")
    try:
        page, watch = _open(context, base_url + kinds["item-amended"])
        page.evaluate(_ADD_STYLE, TEXT_SPACING)
        end = (
            "() => { const h = document.querySelector('main h1');"
            " return h.getBoundingClientRect().top + scrollY"
            " + parseFloat(getComputedStyle(h).lineHeight); }"
        )
        _settled(page, f"() => ({end})() <= innerHeight")
        assert page.evaluate(end) <= height
        assert watch.problems == []
    finally:
        context.close()
