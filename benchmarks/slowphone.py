"""The search page on a slow phone: Chromium with DevTools' network and CPU throttling.

    uv run python -m benchmarks.slowphone SITE [--query 养老] [--shots DIR] [--runs 3]

SITE is a built site (``gkml build``'s output). It is served by ``python -m http.server``
under ``/xxgk/`` (``benchmarks.search.served``) and opened in a fresh browser context with a
phone's viewport (360 by 740), the network throttled as the brief of the slow-3G walk asked
(``Network.emulateNetworkConditions``: 400 ms of latency, 400 kbit/s down and up) and the CPU
slowed four times (``Emulation.setCPUThrottlingRate``). Each run times, from a cold cache:

- ``open``: from opening ``search.html`` to its box usable (search.js has attached itself to
  the form: ``data-ready``), to the page quiet (no request for 2 s), and to the first
  result of its listing of everything (``listed``);
- ``typed``: from Enter on QUERY typed into that page's box (TYPING_MS after it was focused)
  to the first result in the list;
- ``early``: the same in a fresh page whose box is focused as soon as it is usable
  (``data-ready``), before the empty page's listing is in: from Enter to the first result,
  with what that listing loads meanwhile competing (or not) with the query; ``quick``: the
  same with one second in the box instead of TYPING_MS;
- ``box``: from Enter on QUERY typed into the header's box of an item page (TYPING_MS after
  it was focused) to the first result of the search page it goes to;
- ``address``: from opening ``search.html?q=QUERY`` to the first result.

For each: ms, the requests and the bytes received (headers and bodies, the workers' too: see
``benchmarks.search.Network``) in that span, and what the status said meanwhile. With
``--shots DIR`` one extra run saves a screenshot of each span every second (a screenshot
takes the renderer's time: those runs are not timed). Prints one JSON object a run, then the
medians. Nothing is written into SITE.

Throttling is applied to the page's own requests; Chromium applies it to a dedicated worker's
(Pagefind's) too. DevTools' own "Slow 3G" preset sets 2,000 ms of request latency for
400 ms of round trip (its factor of five for a whole request): these figures take the brief's
400 ms, which is kinder.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks.search import Network, chromium, served

LATENCY_MS = 400
THROUGHPUT = 400_000 // 8  # bytes per second, down and up
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 360, "height": 740}
TIMEOUT_MS = 180_000
QUIET_MS = 2_000
# A reader's time in the box before Enter (a phone's input method: a tap, two characters
# chosen). What the page starts on focus loads meanwhile; the old page started nothing then,
# so its figures are the same with or without the pause.
TYPING_MS = 3_000

# Installed before the page's scripts: logs each change of the results list and the status,
# with the time, so that a span can be read afterwards (performance.now(), page's origin).
LOG_SCRIPT = r"""
(() => {
  const log = (window.__gkLog = []);
  const look = (records) => {
    const list = document.getElementById("gk-search-results");
    const status = document.getElementById("gk-search-status");
    const form = document.getElementById("gk-search-form");
    if (!list || !status) { return; }
    const replaced = (records || []).some((r) => r.target === list && r.removedNodes.length);
    log.push({t: performance.now(), results: list.children.length, replaced: replaced,
              status: status.textContent, busy: !!(form && form.hasAttribute("data-busy")),
              ready: !!(form && form.hasAttribute("data-ready"))});
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true,
    characterData: true, attributes: true, attributeFilter: ["data-busy", "data-ready"]});
  // Enter in either search box, kept across the navigation it may start.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.target.id === "gk-q" || e.target.id === "gk-search-q")) {
      sessionStorage.setItem("gkEnter", String(performance.timeOrigin + e.timeStamp));
    }
  }, true);
})();
"""


def _context(browser: Any) -> tuple[Any, Any, Network]:
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.add_init_script(LOG_SCRIPT)
    network = Network(context)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": THROUGHPUT,
            "uploadThroughput": THROUGHPUT,
            "connectionType": "cellular3g",
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page, network


def _quiet(page: Any, network: Network) -> None:
    """Wait until no request has finished for QUIET_MS."""
    count, since = -1, time.monotonic()
    while time.monotonic() - since < QUIET_MS / 1000:
        if len(network.finished) != count:
            count, since = len(network.finished), time.monotonic()
        page.wait_for_timeout(200)


def _span(page: Any, network: Network, start: float, end: float) -> dict[str, Any]:
    """Requests and bytes between *start* and *end* (ms, the page's origin), and the
    statuses shown."""
    entries = [e for e in network.entries(page) if start - 1 <= e["start"] <= end]
    log = [e for e in page.evaluate("() => window.__gkLog") if start <= e["t"] <= end]
    said: list[str] = []
    for e in log:
        if e["status"] and (not said or said[-1] != e["status"]):
            said.append(e["status"])
    return {
        "ms": round(end - start),
        "requests": len(entries),
        "kib": round(sum(e["transfer"] for e in entries) / 1024, 1),
        "status": said,
        "files": sorted({e["name"].rsplit("/xxgk/", 1)[-1].split("?")[0] for e in entries}),
    }


def _first_result(page: Any, after: float) -> float:
    """Wait for the list's first result after *after* (ms); return its time."""
    script = """(after) => {
      const log = window.__gkLog || [];
      const hit = log.find((e) => e.t >= after && e.results > 0 && (e.replaced || after <= 0 ||
        log.filter((x) => x.t >= after).every((x) => !x.results || x === e)));
      return hit ? hit.t : null;
    }"""
    page.wait_for_function(f"() => ({script})({after}) !== null", timeout=TIMEOUT_MS)
    found: float = page.evaluate(script, after)
    return found


def _shoot(page: Any, shots: Path | None, name: str, start: float) -> None:
    """Save a screenshot a second while the span *name* runs (until its first result)."""
    if shots is None:
        return
    k = 0
    while k < 60:
        elapsed = page.evaluate("() => performance.now()") - start
        page.screenshot(path=str(shots / f"{name}-{k:02d}s.png"))
        log = page.evaluate("() => window.__gkLog")
        if any(e["t"] >= start and e["results"] and (e["replaced"] or start <= 0) for e in log):
            break
        page.wait_for_timeout(max(0, 1000 * (k + 1) - elapsed))
        k += 1


def open_and_type(browser: Any, base: str, query: str, shots: Path | None) -> dict[str, Any]:
    """The ``open`` and ``typed`` spans in one page."""
    context, page, network = _context(browser)
    page.goto(f"{base}/search.html", wait_until="commit", timeout=TIMEOUT_MS)
    if shots:
        _shoot_until(
            page,
            shots,
            "open",
            "() => document.getElementById('gk-search-form')"
            " && document.getElementById('gk-search-form').hasAttribute('data-ready')",
        )
    page.wait_for_selector("#gk-search-form[data-ready]", state="attached", timeout=TIMEOUT_MS)
    ready = page.evaluate("() => window.__gkLog.find((e) => e.ready).t")
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
    )
    _quiet(page, network)
    quiet_at = max(e["end"] for e in network.entries(page))
    opened = _span(page, network, 0, ready)
    opened["first_paint_ms"] = round(paint or 0)
    opened["quiet_ms"] = round(quiet_at)
    opened["quiet_kib"] = _span(page, network, 0, quiet_at)["kib"]
    opened["quiet_requests"] = _span(page, network, 0, quiet_at)["requests"]
    # The empty page's listing: its first result (everything, newest first).
    opened["listed_ms"] = round(_first_result(page, 0))
    page.focus("#gk-search-q")
    page.wait_for_timeout(TYPING_MS)
    page.fill("#gk-search-q", query)
    page.press("#gk-search-q", "Enter")
    enter = page.evaluate(
        "() => Number(sessionStorage.getItem('gkEnter')) - performance.timeOrigin"
    )
    _shoot(page, shots, "typed", enter)
    first = _first_result(page, enter)
    typed = _span(page, network, enter, first)
    context.close()
    return {"open": opened, "typed": typed}


def type_early(browser: Any, base: str, query: str, typing_ms: int) -> dict[str, Any]:
    """The ``early`` (or ``quick``) span: the box focused as soon as search.js is ready,
    QUERY typed *typing_ms* later, Enter, the first result."""
    context, page, network = _context(browser)
    page.goto(f"{base}/search.html", wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_selector("#gk-search-form[data-ready]", state="attached", timeout=TIMEOUT_MS)
    page.focus("#gk-search-q")
    focused = page.evaluate("() => performance.now()")
    page.wait_for_timeout(typing_ms)
    page.fill("#gk-search-q", query)
    page.press("#gk-search-q", "Enter")
    enter = page.evaluate(
        "() => Number(sessionStorage.getItem('gkEnter')) - performance.timeOrigin"
    )
    first = _first_result(page, enter)
    span = _span(page, network, enter, first)
    span["before_enter_kib"] = _span(page, network, focused, enter)["kib"]
    _quiet(page, network)
    span["quiet_ms"] = round(max(e["end"] for e in network.entries(page)))
    context.close()
    return span


def _shoot_until(page: Any, shots: Path, name: str, done: str) -> None:
    for k in range(60):
        page.screenshot(path=str(shots / f"{name}-{k:02d}s.png"))
        if page.evaluate(done):
            return
        page.wait_for_timeout(1000)


def from_box(browser: Any, base: str, item: str, query: str, shots: Path | None) -> dict[str, Any]:
    """The ``box`` span: the header's search box of an item page, Enter, the search page."""
    context, page, network = _context(browser)
    page.goto(f"{base}/{item}", wait_until="load", timeout=TIMEOUT_MS)
    _quiet(page, network)
    page.focus("#gk-q")
    page.wait_for_timeout(TYPING_MS)
    page.fill("#gk-q", query)
    page.press("#gk-q", "Enter")
    page.wait_for_url("**/search.html?q=*", wait_until="commit", timeout=TIMEOUT_MS)
    enter = page.evaluate(
        "() => Number(sessionStorage.getItem('gkEnter')) - performance.timeOrigin"
    )
    _shoot(page, shots, "box", 0)
    first = _first_result(page, 0)
    span = _span(page, network, enter, first)
    context.close()
    return span


def from_address(browser: Any, base: str, query: str, shots: Path | None) -> dict[str, Any]:
    """The ``address`` span: search.html?q=QUERY opened."""
    context, page, network = _context(browser)
    page.goto(f"{base}/search.html?q={quote(query)}", wait_until="commit", timeout=TIMEOUT_MS)
    _shoot(page, shots, "address", 0)
    first = _first_result(page, 0)
    span = _span(page, network, 0, first)
    context.close()
    return span


def item_page(site: Path) -> str:
    """Return the newest item's page of *site* (its catalog.json lists them newest first)."""
    items = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["items"]
    url: str = next(i["url"] for i in items if i["url"])
    return url


def run(site: Path, query: str, runs: int, shots: Path | None) -> list[dict[str, Any]]:
    """Measure *runs* times (and once more with screenshots into *shots*)."""
    found = []
    item = item_page(site)
    with served(site) as base, chromium() as browser:
        for k in range(runs + (1 if shots else 0)):
            folder = shots if shots and k == runs else None
            figures = open_and_type(browser, base, query, folder)
            if folder is None:
                figures["early"] = type_early(browser, base, query, TYPING_MS)
                figures["quick"] = type_early(browser, base, query, 1_000)
            figures["box"] = from_box(browser, base, item, query, folder)
            figures["address"] = from_address(browser, base, query, folder)
            if folder is None:
                found.append(figures)
                print(json.dumps(figures, ensure_ascii=False), flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="养老")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shots", type=Path)
    args = parser.parse_args()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    found = run(args.site, args.query, args.runs, args.shots)
    for span in ("open", "typed", "early", "quick", "box", "address"):
        ms = statistics.median(f[span]["ms"] for f in found)
        kib = statistics.median(f[span]["kib"] for f in found)
        requests = statistics.median(f[span]["requests"] for f in found)
        print(f"{span:8} {ms:8.0f} ms {kib:8.1f} KiB {requests:4.0f} requests")
    quiet = statistics.median(f["open"]["quiet_ms"] for f in found)
    quiet_kib = statistics.median(f["open"]["quiet_kib"] for f in found)
    print(f"{'quiet':8} {quiet:8.0f} ms {quiet_kib:8.1f} KiB (the empty page, until no request)")
    listed = statistics.median(f["open"]["listed_ms"] for f in found)
    print(f"{'listed':8} {listed:8.0f} ms (the empty page's first result)")


if __name__ == "__main__":
    main()
