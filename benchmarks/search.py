"""The ``search`` benchmark stage: what the offline search costs and how well it finds.

``python -m benchmarks.run search --n 1000 --n 5000 --n 20000`` builds each corpus once with
``gkml build``, then runs three child programs of this module:

``python -m benchmarks.search index --site DIR --out DIR --as-of DATE --json FILE``
    writes the search index alone (``generator.search.outputs``) and times it in-process:
    ``gkml build`` times the index inside its ``exports`` stage, with the feeds and exports.
``python -m benchmarks.search browse --site DIR --where http|file --json FILE``
    opens ``search.html?q=低保`` in Chromium (each load in a fresh browser context, so nothing is
    cached), over a local ``http.server`` (the site under ``/xxgk/``) or from ``file://``;
    records when the first results and the complete count appear and what was downloaded
    before (every request of the page and of its workers); then, as most readers start, types
    低保 into the home page's search box and times Enter to the first result shown (``box ms``);
    then types the further queries into the search page's box and presses Enter.
``python -m benchmarks.search recall --site DIR --source DIR --as-of DATE --json FILE``
    lists every result of each query (pressing 显示更多结果 until it hides) and compares it
    with the ground truth read from the sources.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from benchmarks import pagefind
from benchmarks.run import (
    AS_OF,
    GKML_CACHE,
    SECONDS_LINE,
    Corpus,
    Extra,
    Measurement,
    Outcome,
    StageContext,
    gkml_summary,
    measure,
)

CHROMIUM = Path(os.environ.get("GKML_CHROMIUM", "/usr/bin/chromium"))
# Flags from ../shared/tooling.md, also used by the test suite (tests/browsing.py): nothing in
# the browser itself may reach the network.
CHROMIUM_ARGS = (
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)
SUB_PATH = "xxgk"  # served from a sub-path, as on a real government site
LOADS = 7  # page loads per transport and way in, each in a fresh context (the median is kept)
ROUNDS = 3  # times each further query is typed
TIMEOUT_MS = 600_000
LOADING = "正在载入"  # the status says so until the last shard has loaded
ANNOUNCED = re.compile(r"找到 (\d+) 条结果")


@dataclass(frozen=True)
class Query:
    """A query typed into the box, and the text a matching record must contain."""

    label: str
    typed: str
    needle: str  # the simplified form of a 繁體 query: the index holds simplified text


FIRST = "低保"
FIXED_QUERIES = (
    Query("低保", "低保", "低保"),
    Query("养老服务", "养老服务", "养老服务"),
    Query("社会救助", "社会救助", "社会救助"),
    Query("政务公开", "政务公开", "政务公开"),
    Query("養老服務", "養老服務", "养老服务"),
    # In the corpus, not absent: about 12 % of the items say 最低生活保障 (benchmarks/corpus.py
    # PROBE_TERMS). The absent term is 量子通信, in no phrase bank.
    Query("最低生活保障", "最低生活保障", "最低生活保障"),
    Query("量子通信", "量子通信", "量子通信"),
    # Words whose pairs of characters are also found apart in many items (measured at 20,000
    # items: of those with every pair, 3 % have 断提高 and 56 % 及时向社会): search.js must drop
    # those results (phrases in templates/assets/search.js).
    Query("及时向社会", "及时向社会", "及时向社会"),
    Query("断提高", "断提高", "断提高"),
    # Typed without spaces, in no item as a whole: partial matches, counted apart.
    Query("低保申请条件", "低保申请条件", "低保申请条件"),
)
INDEX_LABEL = "索引号"
PROACTIVE = "主动公开"


def index_number(site: Path) -> str:
    """Return the 索引号 to search for: the middle one of the built site's 主动公开 items."""
    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["items"]
    numbers = sorted(i["index_no"] for i in items if i["disclosure"] == PROACTIVE)
    return str(numbers[len(numbers) // 2])


def queries(site: Path) -> tuple[Query, ...]:
    """Return the queries of the benchmark on the built *site*."""
    number = index_number(site)
    return (*FIXED_QUERIES, Query(INDEX_LABEL, number, number))


# --------------------------------------------------------------------------- ground truth


@dataclass(frozen=True)
class Document:
    """What the public may read of one listed item or free page, lowercased as the UI does."""

    key: str  # the result's data-key in the UI: the 索引号, or a free page's path
    text: str
    disclosure: str  # the item's 公开方式; "" for a free page

    @property
    def proactive(self) -> bool:
        """Return whether this is a 主动公开 item or a free page (the narrower truth)."""
        return self.disclosure in (PROACTIVE, "")


def documents(root: Path, as_of: date) -> list[Document]:
    """Return the listed items and free pages of the site at *root* with their public text.

    An item's text is its title, 索引号 and 文号, plus its body (as ``plain_text``) when the body
    is public (主动公开, 部分公开); a 依申请公开 item is findable by its metadata only. A free
    page's text is its title and body.
    """
    from generator import search, urls
    from generator.catalog import build_catalog
    from generator.content import load_site
    from generator.frontmatter import read_body

    site = load_site(root, today=as_of).site
    if site is None:
        raise SystemExit(f"{root}: the site does not load")
    catalog = build_catalog(site.config, site.items, as_of=as_of)
    found = []
    for item in catalog.listed:
        body = ""
        if item.disclosure.has_public_body:  # the only bodies the index may hold
            body = search.plain_text(read_body((root / item.path).read_bytes(), item.path))
        text = "\n".join((item.title, item.index_no, item.doc_no or "", body)).lower()
        found.append(Document(item.index_no, text, item.disclosure.value))
    for page in site.pages:
        body = search.plain_text(read_body((root / page.path).read_bytes(), page.path))
        found.append(Document(urls.page_path(page.slug), f"{page.title}\n{body}".lower(), ""))
    return found


def truth(docs: Sequence[Document], needle: str) -> set[str]:
    """Return the keys of the documents whose text contains *needle*."""
    word = needle.lower()
    return {d.key for d in docs if word in d.text}


@dataclass(frozen=True)
class Rates:
    """How a result list compares with the ground truth."""

    truth: int
    found: int
    right: int  # found and in the truth

    @property
    def recall(self) -> float | None:
        """Found ∩ truth ÷ truth; None when there is nothing to find."""
        return self.right / self.truth if self.truth else None

    @property
    def precision(self) -> float | None:
        """Found ∩ truth ÷ found; None when nothing was found."""
        return self.right / self.found if self.found else None


def rates(found: set[str], expected: set[str]) -> Rates:
    """Return recall and precision of *found* against *expected*."""
    return Rates(truth=len(expected), found=len(found), right=len(found & expected))


def judged(
    got: set[str], expected: set[str], proactive: set[str], disclosure: Mapping[str, str]
) -> dict[str, Any]:
    """Return the fields of a query's result row judged against its ground truth *expected*
    (*proactive*: the keys of 主动公开 items and free pages; *disclosure*: key → 公开方式)."""
    both, strict = rates(got, expected), rates(got, expected & proactive)
    return {
        "truth": both.truth,
        "found": both.found,
        "right": both.right,
        "recall": both.recall,
        "precision": both.precision,
        "proactive_truth": strict.truth,
        "proactive_precision": strict.precision,
        "found_by_disclosure": dict(Counter(disclosure.get(k, "?") for k in got)),
        "missed": sorted(expected - got)[:10],
        "extra": sorted(got - expected)[:10],
    }


def percent(value: float | None) -> str:
    """Return *value* as a percentage with one decimal, or ``-``."""
    return "-" if value is None else f"{100 * value:.1f}"


# --------------------------------------------------------------------------- index child


def index_only(root: Path, out: Path, as_of: date) -> dict[str, float | int]:
    """Write the search index of the site at *root* into *out*; return the seconds and bytes.

    ``index s`` times ``generator.search.outputs`` and the writes, as ``gkml build`` runs them,
    but without the page build; loading and checking the sources is ``load s``.
    """
    from generator import search, urls, views
    from generator.catalog import build_catalog
    from generator.content import load_site
    from generator.options import PAGEFIND_ENGINES, PAGEFIND_WHOLE
    from generator.plan import Plan

    start = time.perf_counter()
    site = load_site(root, today=as_of).site
    if site is None:
        raise SystemExit(f"{root}: the site does not load")
    catalog = build_catalog(site.config, site.items, as_of=as_of)
    pages = Plan(catalog, site.pages).pages  # in the build's order
    page_paths = {p.slug: urls.page_path(p.slug) for p in pages}
    # gkml build passes the render keys of the item pages, computed before (in its plan
    # stage); any string will do for the shard keys' hashing.
    keys = {views.item_page_path(i): i.path for i in catalog.listed if catalog.has_page(i)}
    loaded = time.perf_counter()
    files = written = 0
    for path, data, _ in search.outputs(catalog, root, pages, page_paths, keys, {}):
        if data is None:
            raise SystemExit(f"{path}: no previous build was given, yet the shard was skipped")
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files += 1
        written += len(data)
    done = time.perf_counter()
    figures: dict[str, float | int] = {
        "load_s": loaded - start,
        "index_s": done - loaded,
        "files": files,
        "bytes": written,
    }
    engine = catalog.config.site.search
    if engine in PAGEFIND_ENGINES:  # and Pagefind's indexes (one a year, or one), from cold
        import resource
        import tempfile

        from generator import pagefindindex

        with tempfile.TemporaryDirectory(prefix="cache.", dir=out) as cache:
            segment_list = search.segments(catalog, keys, pages)
            for path, data, _ in pagefindindex.outputs(
                catalog,
                root,
                pages,
                segment_list,
                {},
                {},
                Path(cache),
                os.cpu_count() or 1,
                whole=engine == PAGEFIND_WHOLE,
            ):
                if data is None:
                    raise SystemExit(f"{path}: no previous build was given, yet it was kept")
                target = out / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                figures["pagefind_bytes"] = figures.get("pagefind_bytes", 0) + len(data)
        figures["pagefind_s"] = time.perf_counter() - done
        # The largest Pagefind process (ru_maxrss is in KiB on Linux).
        figures["pagefind_peak_mib"] = (
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        )
    return figures


# --------------------------------------------------------------------------- browser children

# Installed before the page's own scripts. It marks when the first result is in the list, when
# the status first announces a count and when it stops saying 正在载入 (all shards loaded),
# each also after the next frame ("…Shown": painted); and, for each query submitted, the time
# from the Enter key's event to the frame after the form's submit handler (search.js renders
# synchronously in it).
INIT_SCRIPT = r"""
(() => {
  performance.setResourceTimingBufferSize(10000);
  const marks = (window.__gkMarks = {});
  const queries = (window.__gkQueries = []);
  const afterPaint = (done) => requestAnimationFrame(() => setTimeout(done, 0));
  const mark = (name, extra) => {
    if (name in marks) { return; }
    marks[name] = performance.now();
    if (extra !== undefined) { marks[name + "Text"] = extra; }
    afterPaint(() => { marks[name + "Shown"] = performance.now(); });
  };
  const look = () => {
    const list = document.getElementById("gk-search-results");
    const status = document.getElementById("gk-search-status");
    if (list && list.querySelector(".gk-result")) { mark("first"); }
    const text = status ? status.textContent : "";
    if (text) {
      mark("announced", text);
      if (!text.includes("正在载入")) { mark("complete", text); }
    }
    const form = document.getElementById("gk-search-form");
    if (form && form.hasAttribute("data-counted")) { mark("counted"); }
    if (pending !== null && text && !text.includes("正在载入") && form && !form.hasAttribute("data-busy")) {
      const start = pending;
      pending = null;
      afterPaint(() => {
        queries.push({start: start, end: performance.now(), status: text});
      });
    }
  };
  let pending = null;
  new MutationObserver(look).observe(document, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-busy", "data-counted"]});
  let enter = null;
  document.addEventListener("keydown", (e) => { if (e.key === "Enter") { enter = e.timeStamp; } }, true);
  // search.js answers a query when its index files have loaded: the query is done at the frame
  // after the status shows the count and the form is no longer busy.
  document.addEventListener("submit", () => {
    pending = enter === null ? performance.now() : enter;
    enter = null;
  }, true);
})();
"""


class Network:
    """Every request of a browser context: the page's and its workers'.

    A page's Resource Timing does not see what a Web Worker fetches, and Pagefind 1.5 fetches
    its index, its WebAssembly and its fragments from one (``pagefind-worker.js``): counted from
    Resource Timing alone, the tenth session's Pagefind figures left out most of Pagefind's
    bytes. Playwright reports the worker's requests with the page's (``requestfinished``), but
    its times run 5 to 50 ms behind the page's own: the page's requests are taken from Resource
    Timing, as before, and only those it does not hold from Playwright.
    """

    def __init__(self, context: Any) -> None:
        self.finished: list[Any] = []
        context.on("requestfinished", lambda request: self.finished.append(request))

    def entries(self, page: Any) -> list[dict[str, Any]]:
        """Return each request: URL, bytes received (headers and encoded body), body bytes,
        start and end in ms from *page*'s time origin (as ``performance.now()``)."""
        found: list[dict[str, Any]] = page.evaluate(ENTRIES_SCRIPT)
        origin: float = page.evaluate("() => performance.timeOrigin")
        seen = Counter(e["name"] for e in found)
        for request in self.finished:
            if seen[request.url] > 0:  # the page's own, in its Resource Timing
                seen[request.url] -= 1
                continue
            timing, sizes = request.timing, request.sizes()
            body = sizes["responseBodySize"]
            found.append(
                {
                    "name": request.url,
                    "transfer": body + sizes["responseHeadersSize"],
                    "body": body,
                    "start": timing["startTime"] - origin,
                    "end": timing["startTime"] + timing["responseEnd"] - origin,
                }
            )
        return found


ENTRIES_SCRIPT = """() => performance.getEntriesByType("navigation")
  .concat(performance.getEntriesByType("resource"))
  .map(e => ({name: e.name, transfer: e.transferSize, body: e.encodedBodySize,
              start: e.startTime, end: e.responseEnd}))"""

EXPAND_SCRIPT = """async () => {
  const more = document.getElementById("gk-search-more");
  const form = document.getElementById("gk-search-form");
  const idle = () => new Promise((done) => {
    const wait = () => (form.hasAttribute("data-busy") ? setTimeout(wait, 5) : done());
    wait();
  });
  let clicks = 0;
  await idle();
  while (!more.hidden && clicks < 100000) { more.click(); clicks++; await idle(); }
  return {
    clicks: clicks,
    status: document.getElementById("gk-search-status").textContent,
    partial: document.getElementById("gk-search-results").hasAttribute("data-partial"),
    keys: Array.from(document.querySelectorAll("#gk-search-results .gk-result"),
                     e => e.dataset.key),
  };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def served(site: Path) -> Iterator[str]:
    """Serve *site* under ``/xxgk/`` with ``python -m http.server`` (another process)."""
    www = site.parent / "www"
    www.mkdir(exist_ok=True)
    link = www / SUB_PATH
    if link.is_symlink() and link.resolve() != site.resolve():  # another site of this folder
        link.unlink()
    if not link.is_symlink():
        link.symlink_to(site.resolve(), target_is_directory=True)
    port = _free_port()
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    argv += ["--directory", str(www)]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("http.server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/{SUB_PATH}"
    finally:
        server.terminate()
        server.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    """Yield a headless Chromium driven by Playwright, as the browser tests do."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def search_url(base: str, query: str) -> str:
    """Return the search page's URL for *query* under *base*."""
    return f"{base}/search.html?q={quote(query, safe='')}"


def _is_shard(url: str) -> bool:
    """Return whether *url* is an index shard (a year or the free pages), not ``meta.js``."""
    return "/search/" in url and not url.endswith("/meta.js")


# What a web server compresses (nginx's `gzip_types` as docs/tasks/deploy.md sets them);
# Pagefind's own files are gzipped already.
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
_ENCODING_HEADER = len(b"Content-Encoding: gzip\r\n")


def gzipped(entries: Sequence[Mapping[str, Any]], site: Path, base: str) -> int:
    """Return the bytes *entries* (requests under *base*, served from *site*) would take from
    a server that gzips text files at level 1 (nginx's default `gzip_comp_level`): each text
    file's headers and its gzipped bytes, every other request as it was received."""
    total = 0
    for e in entries:
        url = str(e["name"]).split("#")[0].split("?")[0]
        path = site / unquote(url.removeprefix(base + "/")) if url.startswith(base + "/") else None
        if path is not None and path.suffix in COMPRESSED and path.is_file():
            headers = int(e["transfer"]) - int(e["body"]) + _ENCODING_HEADER
            total += headers + len(gzip.compress(path.read_bytes(), 1, mtime=0))
        else:
            total += int(e["transfer"])
    return total


def _load(browser: Any, url: str) -> tuple[Any, dict[str, Any]]:
    """Open *url* in a fresh context; wait for the complete results; return the page and figures."""
    context = browser.new_context()
    network = Network(context)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => window.__gkMarks && window.__gkMarks.completeShown !== undefined"
        " && window.__gkMarks.counted !== undefined",
        timeout=TIMEOUT_MS,
    )
    marks: dict[str, Any] = page.evaluate("() => window.__gkMarks")
    entries = network.entries(page)

    def before(moment: float) -> list[dict[str, Any]]:
        return [e for e in entries if e["end"] <= moment]

    # A query without results shows none: its first answer is the status's count.
    shown = "first" if "first" in marks else "announced"
    first, complete = before(marks[shown]), before(marks["complete"])
    figures = {
        "first_ms": marks[shown],
        "first_shown_ms": marks[f"{shown}Shown"],
        "complete_ms": marks["complete"],
        "complete_shown_ms": marks["completeShown"],
        "first_status": marks["announcedText"],
        "complete_status": marks["completeText"],
        "first_transfer": sum(e["transfer"] for e in first),
        "first_body": sum(e["body"] for e in first),
        "first_requests": len(first),
        "first_shards": sum(_is_shard(e["name"]) for e in first),
        "complete_transfer": sum(e["transfer"] for e in complete),
        "complete_body": sum(e["body"] for e in complete),
        "complete_requests": len(complete),
        # The filters' counts come after the results (search.js loads the filter tables then).
        "counted_ms": marks["counted"],
        "counted_transfer": sum(e["transfer"] for e in before(marks["counted"])),
        "entries": entries,
        # Which engine answered (search.js: data-engine), gkml's index or Pagefind.
        "engine": page.get_attribute("#gk-search-form", "data-engine"),
    }
    return page, figures


# Keeps, across the navigation, when Enter was pressed in the header's search box.
ENTER_SCRIPT = r"""
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && e.target.id === "gk-q") {
    sessionStorage.setItem("gkEnter", String(performance.timeOrigin + e.timeStamp));
  }
}, true);
"""


def _from_box(browser: Any, base: str) -> float:
    """Type FIRST into the home page's search box, press Enter; return ms to the first result shown.

    The way most readers make their first query: the time runs from the Enter key on the home
    page (its event's time) to the frame after the first result on the search page, so it
    includes leaving the home page and loading the search page (its files not yet cached).
    """
    context = browser.new_context()
    context.add_init_script(INIT_SCRIPT + ENTER_SCRIPT)
    page = context.new_page()
    page.goto(f"{base}/index.html", wait_until="load", timeout=TIMEOUT_MS)
    page.fill("#gk-q", FIRST)
    page.press("#gk-q", "Enter")
    page.wait_for_function(
        "() => window.__gkMarks && window.__gkMarks.firstShown !== undefined", timeout=TIMEOUT_MS
    )
    ms: float = page.evaluate(
        "() => window.__gkMarks.firstShown"
        " - (Number(sessionStorage.getItem('gkEnter')) - performance.timeOrigin)"
    )
    context.close()
    return ms


# The floor: the search page with one result already in its list and no script, beside
# search.html while the loads run (then removed). Its time to that result painted is what
# the page costs before any engine: its files and the first layout of its Chinese text.
FLOOR_PAGE = "gkml-floor.html"
_FLOOR_RESULT = (
    '<li class="gk-result"><a href="index.html">关于进一步做好最低生活保障工作的通知</a>'
    "<p>……低保对象的认定……</p></li>"
)
_SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script>|<link rel=\"preload\"[^>]*>", re.DOTALL)
_RESULTS_LIST = re.compile(r'<ol id="gk-search-results"[^>]*>')


def floor_page(search_html: str) -> str:
    """Return *search_html* without its scripts (and their preloads), one result in its list."""
    page = _SCRIPTS.sub("", search_html)
    found = _RESULTS_LIST.search(page)
    if found is None:
        raise ValueError("the search page has no #gk-search-results list")
    return page[: found.end()] + _FLOOR_RESULT + page[found.end() :]


def _floor(browser: Any, url: str) -> float:
    """Open the floor page *url* in a fresh context; return ms from navigation to its result
    painted (the frame after it is in the page, as the search page's first result)."""
    context = browser.new_context()
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => window.__gkMarks && window.__gkMarks.firstShown !== undefined", timeout=TIMEOUT_MS
    )
    ms: float = page.evaluate("() => window.__gkMarks.firstShown")
    context.close()
    return ms


def over_floor(firsts: Sequence[float], floors: Sequence[float]) -> float:
    """Return the median, over the loads, of a load's first results less the floor load made
    beside it (ms): what the search adds to the page alone. The floor moves with the minute's
    speed of this machine (120 to 220 ms in one hour); the difference of a pair moves less."""
    if not firsts or len(firsts) != len(floors):
        raise ValueError(f"{len(firsts)} first-results loads against {len(floors)} floors")
    return round(statistics.median(a - b for a, b in zip(firsts, floors, strict=True)), 1)


def _typed(page: Any, query: Query) -> dict[str, Any]:
    """Type *query* into the box, press Enter; return the latency to the frame after rendering."""
    page.fill("#gk-search-q", query.typed)
    before = page.evaluate("() => window.__gkQueries.length")
    page.press("#gk-search-q", "Enter")
    page.wait_for_function(f"() => window.__gkQueries.length > {before}", timeout=TIMEOUT_MS)
    done: dict[str, Any] = page.evaluate("() => window.__gkQueries[window.__gkQueries.length - 1]")
    return {"ms": done["end"] - done["start"], "status": done["status"]}


def browse(site: Path, where: str) -> dict[str, Any]:
    """Load the search page LOADS times over *where*, then type each query ROUNDS times."""
    qs = queries(site)
    floor = site / FLOOR_PAGE
    floor.write_text(floor_page((site / "search.html").read_text(encoding="utf-8")), "utf-8")
    try:
        with served(site) if where == "http" else _file_base(site) as base, chromium() as browser:
            loads, floors = [], []
            page = None
            for _ in range(LOADS):  # each load beside a floor load: the same minute's speed
                if page is not None:
                    page.context.close()
                page, figures = _load(browser, search_url(base, FIRST))
                if where == "http":
                    first = [e for e in figures["entries"] if e["end"] <= figures["first_ms"]]
                    figures["first_gzip"] = gzipped(first, site, base)
                loads.append(figures)
                floors.append(_floor(browser, f"{base}/{FLOOR_PAGE}"))
            assert page is not None
            box = [_from_box(browser, base) for _ in range(LOADS)]
            typed: dict[str, list[dict[str, Any]]] = {q.label: [] for q in qs}
            for _ in range(ROUNDS):
                for q in qs:
                    typed[q.label].append(_typed(page, q))
            page.context.close()
    finally:
        floor.unlink()
    return {
        "where": where,
        "base": base,
        "loads": loads,
        "floor_ms": floors,
        "box_ms": box,
        "queries": {q.label: {"typed": q.typed, "runs": typed[q.label]} for q in qs},
    }


@contextmanager
def _file_base(site: Path) -> Iterator[str]:
    yield site.resolve().as_uri()


def recall(site: Path, source: Path, as_of: date) -> dict[str, Any]:
    """Compare every result of each query, over http, with the ground truth."""
    qs = queries(site)
    docs = documents(source, as_of)
    proactive = {d.key for d in docs if d.proactive}
    disclosure = {d.key: d.disclosure for d in docs}
    found: dict[str, Any] = {}
    with served(site) as base, chromium() as browser:
        for q in qs:
            page, _ = _load(browser, search_url(base, q.typed))
            listed = page.evaluate(EXPAND_SCRIPT)
            page.context.close()
            keys, expected = listed["keys"], truth(docs, q.needle)
            # Partial matches (search.js shows them when nothing has the words) are not results.
            partial = len(keys) if listed["partial"] else 0
            if partial:
                keys = []
            got = set(keys)
            announced = ANNOUNCED.search(listed["status"])
            found[q.label] = {
                "typed": q.typed,
                "needle": q.needle,
                "status": listed["status"],
                "announced": int(announced.group(1)) if announced else 0 if partial else None,
                "listed": len(keys),
                "partial": partial,
                "duplicates": len(keys) - len(got),
                "clicks": listed["clicks"],
                **judged(got, expected, proactive, disclosure),
            }
    return found


# --------------------------------------------------------------------------- the stage


def _build_seconds(stdout: Path) -> dict[str, float]:
    """Return gkml build's seconds per stage, from its summary (``用时 (seconds): …``)."""
    text = stdout.read_text(encoding="utf-8", errors="replace")
    return {name: float(sec) for name, sec in gkml_summary(text, SECONDS_LINE).items()}


def _kib(n: float) -> float:
    return round(n / 1024, 1)


def _index_sizes(folder: Path) -> dict[str, int | float | str]:
    """Return the size of the index in *folder*: all its files, and its largest."""
    files = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    largest = max(files, key=lambda name: len(files[name]))
    return {
        "index KiB": _kib(sum(map(len, files.values()))),
        "files": len(files),
        "largest": largest,
        "largest KiB": _kib(len(files[largest])),
        "index gz KiB": _kib(sum(len(gzip.compress(d, 6)) for d in files.values())),
    }


def _same_tree(a: Path, b: Path) -> bool:
    """Return whether the folders *a* and *b* hold the same files with the same bytes."""
    names = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    if names != sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def _failed(m: Measurement, stderr: Path, step: str) -> Outcome:
    tail = " ".join(stderr.read_text(encoding="utf-8", errors="replace").split())[-300:]
    return Outcome(m, ok=False, extra={"stderr": tail}, step=step)


def _child(
    ctx: StageContext, name: str, args: Sequence[str]
) -> tuple[Measurement, dict[str, Any] | None]:
    """Run ``python -m benchmarks.search ARGS --json FILE``; return its measurement and JSON."""
    out = ctx.work / f"{name}.json"
    argv = [sys.executable, "-m", "benchmarks.search", *args, "--json", str(out)]
    os.sync()
    m = measure(
        argv, cwd=ctx.repo, stdout=ctx.work / f"{name}.stdout", stderr=ctx.work / f"{name}.err"
    )
    if m.exit_code != 0 or not out.is_file():
        return m, None
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return m, data


def _ms(values: Sequence[float]) -> float:
    return round(statistics.median(values), 1)


def stage(ctx: StageContext) -> list[Outcome]:
    """Build the corpus once; measure the index, the browser over http and file://, recall.

    Outcomes: ``build`` (gkml build), ``index`` (the index alone), ``http`` and ``file`` (the
    browser runs), ``recall`` (the result lists), then one row per query, ``q <label>``,
    whose *seconds* is the query's median latency over http (not a process: no memory, no CPU).
    Unless ``ctx.peer`` is false, Pagefind follows on a copy of the same built site
    (``benchmarks/pagefind.py``): ``pagefind index``, ``pagefind http``, ``pagefind q <label>``.
    """
    work = ctx.work
    source = work / "corpus"
    shutil.copytree(ctx.corpus.path, source, ignore=shutil.ignore_patterns(GKML_CACHE))
    if ctx.engine != "gkml":  # the search page's engine over http (site.search)
        config = source / "catalog.yml"
        text = config.read_text(encoding="utf-8")
        text, n = re.subn(
            r"^site:\n", f"site:\n  search: {ctx.engine}\n", text, count=1, flags=re.M
        )
        if n != 1:
            raise SystemExit(f"{config}: no site: mapping to set search: {ctx.engine} in")
        config.write_text(text, encoding="utf-8")
    site = work / "site"
    argv = [sys.executable, "-m", "generator", "build", "--site", str(source)]
    argv += ["--out", str(site), "--as-of", AS_OF.isoformat()]
    os.sync()
    build_err = work / "build.err"
    m = measure(argv, cwd=ctx.repo, stdout=work / "build.stdout", stderr=build_err)
    if m.exit_code != 0:
        return [_failed(m, build_err, "build")]
    seconds = _build_seconds(work / "build.stdout")
    sizes = _index_sizes(site / "search")
    extra: dict[str, int | float | str] = {
        f"{name} s": round(sec, 2) for name, sec in seconds.items() if name != "total"
    }
    outcomes = [Outcome(m, ok=True, extra={**extra, **sizes}, step="build")]

    index = work / "index"
    m, data = _child(
        ctx,
        "index",
        ["index", "--site", str(source), "--out", str(index), "--as-of", AS_OF.isoformat()],
    )
    if data is None:
        outcomes.append(_failed(m, work / "index.err", "index"))
    else:
        same = _same_tree(index / "search", site / "search")
        extra = {
            "index s": round(data["index_s"], 2),
            "load s": round(data["load_s"], 2),
            "index KiB": _kib(data["bytes"]),
            "same as build": "yes" if same else "NO",
        }
        if "pagefind_s" in data:
            extra["pagefind s"] = round(data["pagefind_s"], 2)
            extra["pagefind MiB"] = data["pagefind_peak_mib"]
            extra["pagefind KiB"] = _kib(data["pagefind_bytes"])
        outcomes.append(Outcome(m, ok=same, extra=extra, step="index"))

    latency: dict[str, dict[str, list[float]]] = {}
    for where in ("http", "file"):
        m, data = _child(ctx, where, ["browse", "--site", str(site), "--where", where])
        if data is None:
            outcomes.append(_failed(m, work / f"{where}.err", where))
            continue
        loads = data["loads"]
        runs = [r["ms"] for q in data["queries"].values() for r in q["runs"]]
        latency[where] = {
            label: [r["ms"] for r in q["runs"]] for label, q in data["queries"].items()
        }
        extra = {
            "first ms": _ms([x["first_shown_ms"] for x in loads]),
            "first ms max": round(max(x["first_shown_ms"] for x in loads), 1),
            "floor ms": _ms(data["floor_ms"]),
            "over floor ms": over_floor([x["first_shown_ms"] for x in loads], data["floor_ms"]),
            "box ms": _ms(data["box_ms"]),
            "box ms max": round(max(data["box_ms"]), 1),
            "complete ms": _ms([x["complete_shown_ms"] for x in loads]),
            "query ms": _ms(runs),
            "query ms max": round(max(runs), 1),
        }
        extra["engine"] = str(loads[0]["engine"])
        if where == "http":  # the targets' bytes are a web reader's
            # Medians: which files have arrived when the first result shows varies by load.
            for column, figure in (
                ("first KiB", "first_transfer"),
                ("complete KiB", "complete_transfer"),
                ("counts KiB", "counted_transfer"),
            ):
                extra[column] = _kib(statistics.median(x[figure] for x in loads))
            extra["first shards"] = round(statistics.median(x["first_shards"] for x in loads))
            # The same requests from a server that gzips text files (`gzipped`): computed from
            # the files, not measured.
            extra["first KiB gzip"] = _kib(statistics.median(x["first_gzip"] for x in loads))
        extra["counts ms"] = _ms([x["counted_ms"] for x in loads])
        outcomes.append(Outcome(m, ok=True, extra=extra, step=where))

    m, data = _child(
        ctx,
        "recall",
        ["recall", "--site", str(site), "--source", str(source), "--as-of", AS_OF.isoformat()],
    )
    if data is None:
        outcomes.append(_failed(m, work / "recall.err", "recall"))
    else:
        outcomes += _recall_rows(m, data, latency)
    if ctx.peer:  # after gkml's timings, on the site gkml built: its copy, never site/search/
        outcomes += pagefind.outcomes(ctx, site)
    return outcomes


def _recall_rows(
    m: Measurement, data: Mapping[str, Any], latency: Mapping[str, Mapping[str, list[float]]]
) -> list[Outcome]:
    """Return the ``recall`` row and one row per query (``q <label>``)."""
    outcomes: list[Outcome] = []
    consistent = all(q["announced"] == q["listed"] and not q["duplicates"] for q in data.values())
    extra = {"queries": len(data), "count = list": "yes" if consistent else "NO"}
    outcomes.append(Outcome(m, ok=consistent, extra=extra, step="recall"))
    for label, q in data.items():
        http = latency.get("http", {}).get(label, [])
        file = latency.get("file", {}).get(label, [])
        row: dict[str, int | float | str] = {
            "truth": q["truth"],
            "found": q["found"],
            "recall %": percent(q["recall"]),
            "precision %": percent(q["precision"]),
            "主动公开 precision %": percent(q["proactive_precision"]),
            **{
                f"found {name}": count
                for name, count in sorted(q["found_by_disclosure"].items())
                if name not in (PROACTIVE, "")
            },
            "http ms": _ms(http) if http else "-",
            "http ms max": round(max(http), 1) if http else "-",
            "file ms": _ms(file) if file else "-",
            "file ms max": round(max(file), 1) if file else "-",
        }
        if q.get("partial"):
            row["partial matches"] = q["partial"]
        if label == INDEX_LABEL:
            row["索引号"] = q["typed"]
        query_m = Measurement(
            argv=("chromium", f"search.html?q={q['typed']}"),
            seconds=statistics.median(http) / 1000 if http else 0.0,
            peak_rss_kib=0,
            exit_code=0,
        )
        outcomes.append(Outcome(query_m, ok=True, extra=row, step=f"q {label}"))
    return outcomes


# --------------------------------------------------------------------------- summary


TARGETS = (
    "targets (issue 4): recall 100 %, precision ≥ 95 %, an absent term finds nothing; "
    "file:// first results ≤ 1000 ms at 20,000 items, each further query ≤ 200 ms; "
    "http: first query ≤ 300 KB downloaded and results ≤ 300 ms (the filter counts follow: "
    "counts KiB/ms); "
    "index time ≤ page build (render) time, index memory < 1 GB"
)


def _cell(extra: Extra, key: str) -> str:
    value = extra.get(key, "-")
    return f"{value:.0f}" if isinstance(value, float) else str(value)


def _table(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(heads)]
    return [
        "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
        for cells in (heads, *rows)
    ]


def _mib(o: Outcome | None, pss: bool) -> str:
    if o is None:
        return "-"
    m = o.measurement
    return f"{(m.tree_pss_kib if pss else m.peak_rss_kib) / 1024:.0f}"


def peer_summary(results: Sequence[tuple[Corpus, Sequence[Outcome]]]) -> list[str]:
    """Return the Pagefind table (beside gkml's figures), or nothing if Pagefind did not run."""
    rows, query_rows = [], []
    empty: Extra = {}
    for c, outcomes in results:
        by = {o.step: o for o in outcomes}
        pf_index, pf_http = by.get("pagefind index"), by.get("pagefind http")
        if pf_index is None:
            continue
        pi, ph = pf_index.extra, pf_http.extra if pf_http else empty
        b = by["build"].extra if "build" in by else empty
        gi = by["index"].extra if "index" in by else empty
        gh = by["http"].extra if "http" in by else empty
        ok = pf_index.measurement.exit_code == 0
        file = str(ph.get("file://", "-"))
        rows.append(
            (
                str(c.n),
                f"{pf_index.measurement.seconds:.1f}" if ok else "FAILED",
                _mib(pf_index, pss=False),
                _mib(pf_index, pss=True),
                f"{_cell(pi, 'bundle KiB')} ({_cell(pi, 'files')})",
                str(gi.get("index s", "-")),
                _mib(by.get("index"), pss=True),
                f"{_cell(b, 'index KiB')} ({_cell(b, 'files')})",
                f"{_cell(ph, 'first KiB')} / {_cell(gh, 'first KiB')}",
                f"{_cell(ph, 'first ms')} / {_cell(gh, 'first ms')}",
                "works" if file == "works" else file.split(":")[0],
            )
        )
        for o in outcomes:
            if not o.step.startswith("pagefind q "):
                continue
            label = o.step.removeprefix("pagefind q ")
            e, g = o.extra, by[f"q {label}"].extra if f"q {label}" in by else empty
            query_rows.append(
                (
                    str(c.n),
                    f"{label} {e['索引号']}" if label == INDEX_LABEL else label,
                    str(e["truth"]),
                    f"{e['found']} / {g.get('found', '-')}",
                    f"{e['recall %']} / {g.get('recall %', '-')}",
                    f"{e['precision %']} / {g.get('precision %', '-')}",
                    f"{e['recall with page %']} ({e['truth with page']})",
                    f"{_cell(e, 'search ms')}/{_cell(e, 'first ms')}",
                )
            )
    if not rows:
        return []
    heads: tuple[str, ...] = (
        "n",
        "pf index s",
        "pf RSS",
        "pf PSS",
        "pf KiB (files)",
        "gkml index s",
    )
    heads += ("gkml PSS", "gkml KiB (files)", "first KiB pf / gkml", "first ms pf / gkml")
    heads += ("pf file://",)
    qheads: tuple[str, ...] = ("n", "query", "truth", "found pf / gkml", "recall pf / gkml")
    qheads += ("precision pf / gkml", "pf recall of paged (truth)", "pf search/first ms")
    lines = [
        f"Pagefind {pagefind.VERSION} extended, same corpus (memory in MiB; ms from navigation)"
    ]
    lines += _table(heads, rows)
    lines += ["", "Pagefind per query (recall and precision in %; pf ms median of the loads)"]
    lines += _table(qheads, query_rows)
    errors = {str(o.extra["file://"]) for _, os_ in results for o in os_ if "file://" in o.extra}
    lines += [f"Pagefind from file://: {e}" for e in sorted(errors)]
    return lines


def summary(results: Sequence[tuple[Corpus, Sequence[Outcome]]]) -> str:
    """Return the search stage's tables: costs and times per size, each query, then Pagefind."""
    table = _table

    heads: tuple[str, ...] = (
        "n",
        "render s",
        "exports s",
        "index s",
        "index RSS",
        "index PSS",
        "build PSS",
    )
    heads += (
        "index KiB (gz)",
        "files",
        "largest KiB",
        "http first KiB",
        "http first ms",
        "file first ms",
        "floor http/file ms",
        "over floor http/file",
        "box http/file ms",
        "counts KiB/ms",
    )
    heads += ("http all ms", "file all ms", "http q med/max", "file q med/max")
    rows, query_rows = [], []
    for c, outcomes in results:
        by = {o.step: o for o in outcomes}
        empty: Extra = {}
        build, index = by.get("build"), by.get("index")
        http = by["http"].extra if "http" in by else empty
        file = by["file"].extra if "file" in by else empty
        b = build.extra if build else empty
        i = index.extra if index else empty
        rows.append(
            (
                str(c.n),
                str(b.get("render s", "-")),
                str(b.get("exports s", "-")),
                str(i.get("index s", "-")),
                f"{index.measurement.peak_rss_kib / 1024:.0f}" if index else "-",
                f"{index.measurement.tree_pss_kib / 1024:.0f}" if index else "-",
                f"{build.measurement.tree_pss_kib / 1024:.0f}" if build else "-",
                f"{_cell(b, 'index KiB')} ({_cell(b, 'index gz KiB')})",
                _cell(b, "files"),
                f"{_cell(b, 'largest KiB')} ({b.get('largest', '-')})",
                _cell(http, "first KiB"),
                _cell(http, "first ms"),
                _cell(file, "first ms"),
                f"{_cell(http, 'floor ms')}/{_cell(file, 'floor ms')}",
                f"{_cell(http, 'over floor ms')}/{_cell(file, 'over floor ms')}",
                f"{_cell(http, 'box ms')}/{_cell(file, 'box ms')}",
                f"{_cell(http, 'counts KiB')}/{_cell(http, 'counts ms')}",
                _cell(http, "complete ms"),
                _cell(file, "complete ms"),
                f"{_cell(http, 'query ms')}/{_cell(http, 'query ms max')}",
                f"{_cell(file, 'query ms')}/{_cell(file, 'query ms max')}",
            )
        )
        for o in outcomes:
            if not o.step.startswith("q "):
                continue
            e = o.extra
            label = o.step[2:]
            if label == INDEX_LABEL:
                label = f"{label} {e.get('索引号', '')}"
            query_rows.append(
                (
                    str(c.n),
                    label,
                    str(e["truth"]),
                    str(e["found"]),
                    str(e["recall %"]),
                    str(e["precision %"]),
                    str(e["主动公开 precision %"]),
                    ", ".join(f"{k[6:]} {v}" for k, v in e.items() if k.startswith("found ")),
                    f"{_cell(e, 'http ms')}/{_cell(e, 'http ms max')}",
                    f"{_cell(e, 'file ms')}/{_cell(e, 'file ms max')}",
                )
            )
    lines = [
        "offline search (memory in MiB; ms from navigation, box: from Enter in the home page's"
        " search box; floor: the search page with one result in it and no script, loaded"
        " beside each first-results load; over floor: median of first results less their floor, load"
        " by load; q = typed query, median/max)"
    ]
    lines += table(heads, rows)
    lines += ["", "per query (recall and precision in %; latency ms median/max of the runs)"]
    qheads: tuple[str, ...] = (
        "n",
        "query",
        "truth",
        "found",
        "recall",
        "precision",
        "主动公开 prec.",
        "found, not 主动公开",
    )
    qheads += ("http ms", "file ms")
    lines += table(qheads, query_rows)
    lines += ["", TARGETS]
    peer = peer_summary(results)
    if peer:
        lines += ["", *peer]
    return "\n".join(lines)


# --------------------------------------------------------------------------- by kind

_KINDS = (
    (re.compile(r"search/pagefind/[^/]+/"), "search/pagefind/*/"),
    (re.compile(r"/(fragment|index|filter)/[^/]+$"), r"/\1/*"),
    (re.compile(r"\.[a-z]+_[0-9a-f]+\.pf_meta$"), ".*.pf_meta"),
    (re.compile(r"/[0-9a-z_-]+\.js$"), "/*.js"),  # gkml's index: its shards and record files
)


def kind(url: str, base: str) -> str:
    """Return the kind of the file *url* names under *base*: its path with each year's
    folder, and the names of index files, replaced by ``*``."""
    path = url.split("#")[0].split("?")[0].removeprefix(base + "/")
    if path.startswith("search/") and path != "search/meta.js":
        for pattern, replacement in _KINDS:
            path = pattern.sub(replacement, path)
    return path


def by_kind(site: Path) -> dict[str, Any]:
    """Load the search page for FIRST over http LOADS times; return, for the last load, the
    requests that ended before the first results, summed by `kind`."""
    with served(site) as base, chromium() as browser:
        for _ in range(LOADS):
            page, figures = _load(browser, search_url(base, FIRST))
            page.context.close()
    first = [e for e in figures["entries"] if e["end"] <= figures["first_ms"]]
    kinds: dict[str, dict[str, int]] = {}
    for e in first:
        found = kinds.setdefault(kind(str(e["name"]), base), {"requests": 0, "bytes": 0, "gzip": 0})
        found["requests"] += 1
        found["bytes"] += int(e["transfer"])
        found["gzip"] += gzipped([e], site, base)
    return {
        "engine": figures["engine"],
        "first_ms": figures["first_ms"],
        "bytes": sum(k["bytes"] for k in kinds.values()),
        "gzip": sum(k["gzip"] for k in kinds.values()),
        "kinds": dict(sorted(kinds.items(), key=lambda pair: -pair[1]["bytes"])),
    }


def kinds_table(found: Mapping[str, Any]) -> str:
    """Return *found* (`by_kind`) as a table: KiB, KiB gzipped, requests and kind."""
    lines = [f"{'KiB':>8} {'gzip KiB':>9} {'requests':>9}  kind"]
    for name, k in found["kinds"].items():
        lines.append(f"{_kib(k['bytes']):8.1f} {_kib(k['gzip']):9.1f} {k['requests']:9d}  {name}")
    lines.append(
        f"{_kib(found['bytes']):8.1f} {_kib(found['gzip']):9.1f} {'':9}  in all, before the first "
        f"results ({found['first_ms']:.0f} ms, engine {found['engine']})"
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """Run one child program of the stage; write its figures as JSON; return 0."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    ix = sub.add_parser("index", help="write the search index alone and time it")
    ix.add_argument("--site", type=Path, required=True, help="the sources")
    ix.add_argument("--out", type=Path, required=True)
    ix.add_argument("--as-of", type=date.fromisoformat, required=True)
    br = sub.add_parser("browse", help="time the search page in Chromium")
    br.add_argument("--site", type=Path, required=True, help="the built site")
    br.add_argument("--where", choices=("http", "file"), required=True)
    rc = sub.add_parser("recall", help="compare every result with the ground truth")
    rc.add_argument("--site", type=Path, required=True, help="the built site")
    rc.add_argument("--source", type=Path, required=True, help="the sources")
    rc.add_argument("--as-of", type=date.fromisoformat, required=True)
    for p in (ix, br, rc):
        p.add_argument("--json", type=Path, required=True, help="where to write the figures")
    kd = sub.add_parser("kinds", help="print what the first results load, by kind of file")
    kd.add_argument("--site", type=Path, required=True, help="the built site")
    args = ap.parse_args(argv)
    result: Mapping[str, Any]
    if args.command == "kinds":
        print(kinds_table(by_kind(args.site)))
        return 0
    if args.command == "index":
        result = index_only(args.site, args.out, args.as_of)
    elif args.command == "browse":
        result = browse(args.site, args.where)
    else:
        result = recall(args.site, args.source, args.as_of)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
