"""Pagefind as a peer in the ``search`` stage: the same corpus, queries and ground truth.

The issue asked for Pagefind (extended build, which segments Chinese); gkml's own index is the
default (docs/maintainers.md, "Search: our own index, and why it stays the default"), Pagefind
given gkml's words an option (``site.search: pagefind``). This module measures Pagefind on
the very site the stage has just built, so the figures behind that decision come from the
same run:

``index(work, site)``
    copies the built site's item pages and free pages (``items/``, ``pages/``) into
    ``work/pagefind/site/`` (gkml's own ``site/`` and its ``search/`` are not touched) and runs
    the Pagefind binary of the PyPI package ``pagefind-bin-extended`` over the copy as a timed
    child (``benchmarks.run.measure``): seconds, peak RSS and PSS, the bundle's size and files.
``python -m benchmarks.pagefind browse --site COPY --source DIR --as-of DATE --json FILE``
    writes a probe page into the copy (``pagefind-probe.html``: not a gkml template), serves the
    copy with ``python -m http.server`` under ``/xxgk/`` and opens the probe in headless
    Chromium, each load in a fresh context. The probe imports ``pagefind/pagefind.js`` with a
    dynamic ``import()``, runs ``pagefind.search(q)`` for each query of
    ``benchmarks.search.queries`` and loads every result's ``data()`` for its URL. The URLs are
    mapped to 索引号 (``catalog.json``) and compared with ``benchmarks.search.documents`` and
    ``truth``, as gkml's results are. Then the probe is opened once from ``file://``.

Settings, stated in the README: Pagefind indexes ``<main>`` (``--root-selector``; what a site
would mark with ``data-pagefind-body``) without the neighbours' titles, the QR code and lists
of related items (``--exclude-selectors``), and the copy marks the metadata rows other than
索引号 and 文号 with ``data-pagefind-ignore`` (``mark_metadata``): a page holds its title, those
two rows and its body, the text of the ground truth and of gkml's own index. The probe passes ``noWorker``: Pagefind 1.5 searches in a Web Worker by default, and
a page's Resource Timing does not see a worker's requests; on the main thread every byte is
counted (the worker mode would add ``pagefind-worker.js``, about 40 KiB).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from benchmarks.run import AS_OF, Measurement, Outcome, StageContext, measure
from generator import pagefindindex

VERSION = pagefindindex.VERSION  # pagefind-bin-extended, pinned
GLOB = "{items,pages}/**/*.html"  # the item pages and the free pages, not the 繁體 edition
ROOT_SELECTOR = "main"
EXCLUDE_SELECTORS = (".gk-prevnext", ".gk-qr", ".gk-items")  # other documents' titles, the QR
PROBE = "pagefind-probe.html"
LOADS = 3  # probe loads over http, each in a fresh context
PAGE = 20  # results gkml's search page shows at once
FILE_TIMEOUT_MS = 30_000


def _probe_page(title: str, script: str) -> str:
    """Return a probe page: *script* is the body of its async function (the Resource Timing
    buffer already enlarged); a failure is kept as the result, then "done" for the driver."""
    start = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
</head>
<body>
<p id="status">running</p>
<script>
"""
    return (
        start
        + "(async () => {\n  performance.setResourceTimingBufferSize(1000000);\n"
        + script
        + _PROBE_END
    )


_PROBE_END = """  } catch (e) {
    out.error = String((e && e.stack) || e);
  }
  out.done = true;
  document.getElementById("status").textContent = out.error ? "error" : "done";
})();
</script>
</body>
</html>
"""

# The probe: a classic script (a module would not even start from file://) that imports
# Pagefind, runs the queries of its ?q= (a JSON array) one after another and keeps, per query,
# the times (performance.now(), from the start of navigation) and the Resource Timing
# transferSize of what was downloaded in each step. ``lang`` picks Pagefind's zh-cn index.
PROBE_HTML = _probe_page(
    "Pagefind probe (gkml benchmark)",
    """  const out = (window.__pf = {done: false, error: null, queries: []});
  const entries = () => performance.getEntriesByType("navigation")
    .concat(performance.getEntriesByType("resource"));
  const bytes = (from, to) => {
    let sum = 0, count = 0;
    for (const e of entries()) {
      if (e.responseEnd > from && e.responseEnd <= to) { sum += e.transferSize; count++; }
    }
    return [sum, count];
  };
  try {
    const queries = JSON.parse(new URLSearchParams(location.search).get("q") || "[]");
    const pagefind = await import("./pagefind/pagefind.js");
    await pagefind.options({noWorker: true});
    out.imported = performance.now();
    for (const q of queries) {
      const start = performance.now();
      const search = await pagefind.search(q);
      const searched = performance.now();
      const results = search.results;
      let first = searched;
      if (results.length) { await results[0].data(); first = performance.now(); }
      await Promise.all(results.slice(0, %(page)d).map((r) => r.data()));
      const page = performance.now();
      const data = await Promise.all(results.map((r) => r.data()));
      const end = performance.now();
      out.queries.push({
        query: q,
        count: results.length,
        unfiltered: search.unfilteredResultCount,
        urls: data.map((d) => d.url),
        start: start, searched: searched, first: first, page: page, end: end,
        // From the start of navigation: what the first query costs a fresh visitor.
        upto_first: bytes(-1, first),
        upto_page: bytes(-1, page),
        search_bytes: bytes(start, searched),
        data_bytes: bytes(searched, end),
      });
    }
""",
).replace("%(page)d", str(PAGE))


def pagefind_binary() -> Path:
    """Return the Pagefind executable of the ``pagefind-bin-extended`` package (`gkml build`'s).

    Timed directly, as ``hugo.hugo_binary``: ``python -m pagefind_bin_extended`` only ``exec``s it.
    """
    return pagefindindex.binary()


def index_argv(site: Path) -> list[str]:
    """Return the Pagefind command that indexes the copy at *site* into ``site/pagefind/``."""
    argv = [str(pagefind_binary()), "--site", str(site), "--glob", GLOB]
    argv += ["--root-selector", ROOT_SELECTOR]
    for selector in EXCLUDE_SELECTORS:
        argv += ["--exclude-selectors", selector]
    return argv


KEPT_ROWS = ("索引号", "文号")  # the metadata the ground truth holds (benchmarks.search.documents)
_ROW = re.compile(r'<tr><th scope="row">([^<]*)</th>')


def mark_metadata(html: str) -> str:
    """Return *html* with ``data-pagefind-ignore`` on each metadata row but 索引号 and 文号.

    The ground truth of both engines is an item's title, 索引号, 文号 and public body; gkml's
    index holds just those. Left in, Pagefind would also find an item by its 关键词 or 主题分类
    (a 低保 query finds 低保边缘家庭 among the keywords), which the truth counts as wrong.
    """

    def mark(m: re.Match[str]) -> str:
        if m[1] in KEPT_ROWS:
            return m[0]
        return f'<tr data-pagefind-ignore><th scope="row">{m[1]}</th>'

    return _ROW.sub(mark, html)


def copy_pages(site: Path, dest: Path) -> int:
    """Copy *site*'s item pages and free pages (marked) and ``catalog.json`` into *dest*.

    Returns the number of HTML files copied; gkml's *site* is only read.
    """
    pages = [*site.glob("items/*/*.html"), *site.glob("pages/*.html")]
    made: set[Path] = set()
    for src in pages:
        out = dest / src.relative_to(site)
        if out.parent not in made:
            out.parent.mkdir(parents=True, exist_ok=True)
            made.add(out.parent)
        out.write_text(mark_metadata(src.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy2(site / "catalog.json", dest / "catalog.json")
    return len(pages)


# --------------------------------------------------------------------------- results


def keys_by_path(catalog: Mapping[str, Any]) -> dict[str, str]:
    """Return the 索引号 of each item page, by its path in the site (``items/2024/….html``)."""
    return {str(i["url"]): str(i["index_no"]) for i in catalog["items"] if i.get("url")}


def result_key(url: str, keys: Mapping[str, str], *, sub_path: str) -> str:
    """Return the ground-truth key of a Pagefind result *url*: its 索引号, or else its path.

    Pagefind gives absolute URLs (``/xxgk/items/2024/x.html`` or with the host); the path
    below *sub_path* is looked up in *keys*; a free page is its own key (``pages/gkzn.html``),
    as in ``benchmarks.search.documents``.
    """
    path = unquote(urlsplit(url).path)
    prefix = f"/{sub_path.strip('/')}/" if sub_path.strip("/") else "/"
    path = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return keys.get(path, path)


@dataclass(frozen=True)
class Bundle:
    """What Pagefind wrote: all files of its bundle, and those a search may download."""

    kib: float
    files: int
    fragments: int  # one per page: what data() downloads
    chunks: int  # the word index, downloaded per query
    largest: str
    largest_kib: float


def bundle(folder: Path) -> Bundle:
    """Return the sizes of the Pagefind bundle in *folder* (``site/pagefind``)."""
    sizes = {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}
    largest = max(sizes, key=lambda name: sizes[name])
    return Bundle(
        kib=round(sum(sizes.values()) / 1024, 1),
        files=len(sizes),
        fragments=sum(1 for n in sizes if n.startswith("fragment/")),
        chunks=sum(1 for n in sizes if n.startswith("index/")),
        largest=largest,
        largest_kib=round(sizes[largest] / 1024, 1),
    )


_INDEXED = re.compile(r"Indexed (\d+) (page|word)s?\b")  # "Indexed 1 page" when there is one


def indexed(stdout: str) -> dict[str, int]:
    """Return Pagefind's own counts (``Indexed 935 pages``, ``… words``) from its output."""
    return {f"{kind}s": int(n) for n, kind in _INDEXED.findall(stdout)}


# --------------------------------------------------------------------------- browser child


def probe_url(base: str, qs: Sequence[str]) -> str:
    """Return the probe's URL under *base* for the queries *qs*."""
    return f"{base}/{PROBE}?q={quote(json.dumps(list(qs), ensure_ascii=False), safe='')}"


def _run_probe(browser: Any, url: str, timeout_ms: int) -> dict[str, Any]:
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function("() => window.__pf && window.__pf.done", timeout=timeout_ms)
        result: dict[str, Any] = page.evaluate("() => window.__pf")
        result["console_errors"] = errors[:5]
        return result
    finally:
        context.close()


def browse(copy: Path, source: Path, as_of: date) -> dict[str, Any]:
    """Run the probe LOADS times over http and once from file://; compare with the truth."""
    from benchmarks import search

    (copy / PROBE).write_text(PROBE_HTML, encoding="utf-8")
    qs = search.queries(copy)  # reads catalog.json, copied with the pages
    keys = keys_by_path(json.loads((copy / "catalog.json").read_text(encoding="utf-8")))
    docs = search.documents(source, as_of)
    proactive = {d.key for d in docs if d.proactive}
    disclosure = {d.key: d.disclosure for d in docs}
    paged = set(keys.values()) | {d.key for d in docs if not d.disclosure}  # have a page
    typed = [q.typed for q in qs]
    loads = []
    with search.served(copy) as base, search.chromium() as browser:
        for _ in range(LOADS):
            run = _run_probe(browser, probe_url(base, typed), search.TIMEOUT_MS)
            if run.get("error"):
                raise SystemExit(f"the probe failed over http: {run['error']}")
            loads.append(run)
        file_run = _file_attempt(browser, copy, typed)
    found: dict[str, Any] = {}
    for i, q in enumerate(qs):
        runs = [load["queries"][i] for load in loads]
        got_keys = [result_key(u, keys, sub_path=search.SUB_PATH) for u in runs[0]["urls"]]
        got = set(got_keys)
        expected = search.truth(docs, q.needle)
        with_page = search.rates(got, expected & paged)
        found[q.label] = {
            "typed": q.typed,
            "count": runs[0]["count"],
            "duplicates": len(got_keys) - len(got),
            **search.judged(got, expected, proactive, disclosure),
            "truth_with_page": with_page.truth,
            "recall_with_page": with_page.recall,
            "search_ms": [r["searched"] - r["start"] for r in runs],
            "first_ms": [r["first"] - r["start"] for r in runs],
            "search_bytes": runs[0]["search_bytes"][0],
            "data_bytes": runs[0]["data_bytes"][0],
        }
    firsts = [load["queries"][0] for load in loads]
    return {
        "base": "http",
        "first": {
            "query": typed[0],
            "first_ms": [r["first"] for r in firsts],  # from navigation to the first result
            "page_ms": [r["page"] for r in firsts],
            "imported_ms": [load["imported"] for load in loads],
            "first_bytes": firsts[0]["upto_first"][0],
            "first_requests": firsts[0]["upto_first"][1],
            "page_bytes": firsts[0]["upto_page"][0],
            "page_requests": firsts[0]["upto_page"][1],
        },
        "queries": found,
        "file": file_run,
    }


def _file_attempt(browser: Any, copy: Path, typed: Sequence[str]) -> dict[str, Any]:
    """Open the probe from file:// once; return whether it answered, or its error."""
    url = probe_url(copy.resolve().as_uri(), typed[:1])
    try:
        run = _run_probe(browser, url, FILE_TIMEOUT_MS)
    except Exception as exc:  # a timeout is a result here, not a failure of the benchmark
        return {"works": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    works = not run.get("error") and bool(run.get("queries"))
    error = " ".join(str(run.get("error") or "").split())
    return {"works": works, "error": error[:300], "console": run.get("console_errors", [])}


# --------------------------------------------------------------------------- the stage's rows


def _ms(values: Sequence[float]) -> float:
    return round(statistics.median(values), 1)


def _kib(n: float) -> float:
    return round(n / 1024, 1)


def outcomes(ctx: StageContext, site: Path) -> list[Outcome]:
    """Index a copy of *site*'s pages with Pagefind and probe it; return the stage's rows.

    Rows: ``pagefind index`` (the binary, timed), ``pagefind http`` (the browser child, whose
    time includes reading the ground truth), then ``pagefind q <label>`` per query, whose
    *seconds* is the median of search() plus the first result's data() in a loaded page.
    """
    from benchmarks import search

    folder = ctx.work / "pagefind"
    copy = folder / "site"
    pages = copy_pages(site, copy)
    err = folder / "index.err"
    m = measure(index_argv(copy), cwd=folder, stdout=folder / "index.stdout", stderr=err)
    if m.exit_code != 0 or not (copy / "pagefind" / "pagefind.js").is_file():
        tail = " ".join(err.read_text(encoding="utf-8", errors="replace").split())[-300:]
        return [Outcome(m, ok=False, extra={"stderr": tail}, step="pagefind index")]
    b = bundle(copy / "pagefind")
    counts = indexed((folder / "index.stdout").read_text(encoding="utf-8", errors="replace"))
    extra: dict[str, int | float | str] = {
        "html": pages,
        "pages": counts.get("pages", 0),
        "words": counts.get("words", 0),
        "bundle KiB": b.kib,
        "files": b.files,
        "fragments": b.fragments,
        "chunks": b.chunks,
        "largest": b.largest,
        "largest KiB": b.largest_kib,
    }
    rows = [Outcome(m, ok=counts.get("pages") == pages, extra=extra, step="pagefind index")]

    out = folder / "browse.json"
    argv = [sys.executable, "-m", "benchmarks.pagefind", "browse", "--site", str(copy)]
    argv += ["--source", str(ctx.work / "corpus"), "--as-of", AS_OF.isoformat()]
    argv += ["--json", str(out)]
    err = folder / "browse.err"
    m = measure(argv, cwd=ctx.repo, stdout=folder / "browse.stdout", stderr=err)
    if m.exit_code != 0 or not out.is_file():
        tail = " ".join(err.read_text(encoding="utf-8", errors="replace").split())[-300:]
        rows.append(Outcome(m, ok=False, extra={"stderr": tail}, step="pagefind http"))
        return rows
    data = json.loads(out.read_text(encoding="utf-8"))
    first, file = data["first"], data["file"]
    rows.append(
        Outcome(
            m,
            ok=True,
            extra={
                "first KiB": _kib(first["first_bytes"]),
                "first requests": first["first_requests"],
                "first ms": _ms(first["first_ms"]),
                "first ms max": round(max(first["first_ms"]), 1),
                "import ms": _ms(first["imported_ms"]),
                f"{PAGE} results KiB": _kib(first["page_bytes"]),
                f"{PAGE} results ms": _ms(first["page_ms"]),
                "file://": "works" if file["works"] else f"fails: {file['error']}",
            },
            step="pagefind http",
        )
    )
    for label, q in data["queries"].items():
        row: dict[str, int | float | str] = {
            "truth": q["truth"],
            "found": q["found"],
            "recall %": search.percent(q["recall"]),
            "precision %": search.percent(q["precision"]),
            "主动公开 precision %": search.percent(q["proactive_precision"]),
            "truth with page": q["truth_with_page"],
            "recall with page %": search.percent(q["recall_with_page"]),
            "duplicates": q["duplicates"],
            "search ms": _ms(q["search_ms"]),
            "first ms": _ms(q["first_ms"]),
            "search KiB": _kib(q["search_bytes"]),
            "data KiB": _kib(q["data_bytes"]),
        }
        if label == search.INDEX_LABEL:
            row["索引号"] = q["typed"]
        query_m = Measurement(
            argv=("chromium", f"{PROBE}?q={q['typed']}"),
            seconds=statistics.median(q["first_ms"]) / 1000,
            peak_rss_kib=0,
            exit_code=0,
        )
        rows.append(Outcome(query_m, ok=True, extra=row, step=f"pagefind q {label}"))
    return rows


# --------------------------------------------------------------------------- token pages

# Could Pagefind find every item holding a term if it were given the words itself? Its
# segmenter keeps 低保 whole in one page and splits it in another, and the browser splits the
# query, so ``tokens`` gives it gkml's own tokens instead: each pair of neighbouring CJK
# characters (and each run's last character) written as one ASCII word of 8 letters (a code
# point is 4 base-32 digits), which Pagefind indexes as it is; a query would be turned into
# the same words. What that costs Pagefind to index, whole and for a year-sized part, is what
# the subcommand measures (docs/maintainers.md, "Search: our own index, and why it stays the
# default").
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# The 4 base-32 digits of a character's code point: the spelling `gkml build` gives Pagefind
# (site.search: pagefind), which grew out of these measurements.
token_word = pagefindindex.character_word


def token_text(text: str) -> str:
    """Return the distinct pair words of *text*, sorted, space-separated."""
    words: set[str] = set()
    for run in _CJK_RUN.findall(text):
        codes = [token_word(c) for c in run]
        words.update(map(str.__add__, codes, codes[1:]))
        words.add(codes[-1] + "wwww")  # the run's end: a one-character query is a prefix
    return " ".join(sorted(words))


_RUN_BREAK = "zzzzzzzz"  # between runs of ordered pair words: no phrase spans two runs


def ordered_token_text(text: str) -> str:
    """Return the pair words of *text* in their order, every occurrence, each run of CJK
    characters followed by its end word and a break: what Pagefind's exact-phrase search
    (a quoted query) needs to find the pairs of a term next to each other."""
    words: list[str] = []
    for run in _CJK_RUN.findall(text):
        codes = [token_word(c) for c in run]
        words += map(str.__add__, codes, codes[1:])
        words += [codes[-1] + "wwww", _RUN_BREAK]
    return " ".join(words)


def token_pages(source: Path, dest: Path, as_of: date, *, ordered: bool = False) -> int:
    """Write one page of pair words per public item of *source* into *dest*, in a folder per
    year of publication (`dest/2024/17.html`); return how many. *ordered*: every pair in its
    order (`ordered_token_text`), not each distinct pair once."""
    from html import escape

    from generator.content import load_site
    from generator.frontmatter import read_body
    from generator.search import normalise, plain_text

    site = load_site(source, today=as_of).site
    if site is None:
        raise SystemExit(f"{source}: the check found errors")
    dest.mkdir(parents=True, exist_ok=True)
    count = 0
    for item in site.items:
        if not item.disclosure.has_public_body:
            continue
        body = plain_text(read_body((source / item.path).read_bytes(), item.path))
        spell = ordered_token_text if ordered else token_text
        words = spell(normalise(f"{item.title} {body}"))
        (dest / str(item.published.year)).mkdir(exist_ok=True)
        (dest / str(item.published.year) / f"{count}.html").write_text(
            f'<!DOCTYPE html><html lang="zh-cn"><head><title>{escape(item.title)}</title></head>'
            f"<body><main data-pagefind-body><p>{words}</p>"
            f'<span data-pagefind-filter="年份">{item.published.year}</span></main></body></html>',
            encoding="utf-8",
        )
        count += 1
    return count


def token_index(
    source: Path,
    work: Path,
    as_of: date,
    part: int,
    *,
    by_year: bool = False,
    ordered: bool = False,
) -> dict[str, Any]:
    """Index *source*'s token pages with Pagefind, all of them and the first *part*; with
    *by_year*, instead each year's pages as an index of its own, one after another (the
    indexes a search page would merge with `mergeIndex`), and their total. *ordered*: see
    `token_pages`."""
    pages = work / "all"
    count = token_pages(source, pages, as_of, ordered=ordered)
    years = sorted(p for p in pages.iterdir() if p.is_dir())
    figures: dict[str, Any] = {"pages": count}
    if by_year:
        runs = {folder.name: folder for folder in years}
    else:
        some = work / "part"
        some.mkdir(parents=True, exist_ok=True)
        first = sorted((p for y in years for p in y.iterdir()), key=lambda p: int(p.stem))
        for page in first[:part]:
            os.link(page, some / page.name)
        runs = {"all": pages, "part": some}
    for label, folder in runs.items():
        ran = measure(
            [str(pagefind_binary()), "--site", str(folder)],
            cwd=work,
            stdout=work / f"{label}.out",
            stderr=work / f"{label}.err",
        )
        figures[label] = {
            "exit": ran.exit_code,
            "seconds": round(ran.seconds, 1),
            "peak_rss_mib": ran.peak_rss_kib // 1024,
            **indexed((work / f"{label}.out").read_text(encoding="utf-8")),
        }
    if by_year:
        done = [figures[y.name] for y in years]
        figures["by_year"] = {
            "indexes": len(done),
            "seconds": round(sum(f["seconds"] for f in done), 1),
            "largest_peak_rss_mib": max(f["peak_rss_mib"] for f in done),
            "exits": sorted({f["exit"] for f in done}),
        }
    return figures


# The per-year token indexes merged in the browser: what a visitor downloads before the first
# result when the search page merges every year's index (`mergeIndex`) before searching, and
# when it searches the newest year's alone first. The query is given spelt in pair words.
MERGED_PROBE = "pagefind-merged-probe.html"
MERGED_HTML = _probe_page(
    "Pagefind merged-index probe (gkml benchmark)",
    """  const out = (window.__pf = {done: false, error: null});
  const bytes = (to) => {
    let sum = 0, count = 0;
    for (const e of performance.getEntriesByType("navigation")
        .concat(performance.getEntriesByType("resource"))) {
      if (e.responseEnd <= to) { sum += e.transferSize; count++; }
    }
    return [sum, count];
  };
  try {
    const params = new URLSearchParams(location.search);
    const years = JSON.parse(params.get("years"));  // newest first
    const pagefind = await import(`./${years[0]}/pagefind/pagefind.js`);
    await pagefind.options({noWorker: true});
    if (params.get("merge") === "all") {  // all at once, as a search page would
      await Promise.all(years.slice(1).map((year) => pagefind.mergeIndex(`./${year}/pagefind/`)));
    }
    const search = await pagefind.search(params.get("q"));
    let first = performance.now();
    if (search.results.length) { await search.results[0].data(); first = performance.now(); }
    out.count = search.results.length;
    out.first_ms = first;
    [out.first_bytes, out.first_requests] = bytes(first);
""",
)


def query_words(query: str) -> str:
    """Return *query* spelt as the token pages spell its pairs of characters."""
    codes = [token_word(c) for c in query]
    return " ".join(map(str.__add__, codes, codes[1:]))


def merged(work: Path, queries: Sequence[str], *, phrase: bool = False) -> dict[str, Any]:
    """Open the merged-index probe over http for each query, merging every year's index and
    the newest year's alone; each load in a fresh context. *phrase*: the query's pair words
    quoted, Pagefind's exact-phrase search (for pages made with `ordered_token_text`)."""
    from benchmarks import search

    pages = work / "all"
    years = sorted((p.name for p in pages.iterdir() if (p / "pagefind").is_dir()), reverse=True)
    (pages / MERGED_PROBE).write_text(MERGED_HTML, encoding="utf-8")
    found: dict[str, Any] = {"years": len(years)}
    with search.served(pages) as base, search.chromium() as browser:
        for query in queries:
            for merge in ("all", "newest"):
                words = query_words(query)
                params = {
                    "years": json.dumps(years),
                    "merge": merge,
                    "q": f'"{words}"' if phrase else words,
                }
                url = f"{base}/{MERGED_PROBE}?" + "&".join(
                    f"{k}={quote(v, safe='')}" for k, v in params.items()
                )
                run = _run_probe(browser, url, search.TIMEOUT_MS)
                if run.get("error"):
                    raise SystemExit(f"the merged probe failed: {run['error']}")
                found[f"{query} {merge}"] = {
                    "results": run["count"],
                    "first_kib": _kib(run["first_bytes"]),
                    "first_requests": run["first_requests"],
                    "first_ms": round(run["first_ms"], 1),
                }
    return found


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """Run the browser child; write its figures as JSON; return 0."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pagefind", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    br = sub.add_parser("browse", help="probe Pagefind in Chromium over http and file://")
    br.add_argument("--site", type=Path, required=True, help="the indexed copy")
    br.add_argument("--source", type=Path, required=True, help="the sources (ground truth)")
    br.add_argument("--as-of", type=date.fromisoformat, required=True)
    br.add_argument("--json", type=Path, required=True, help="where to write the figures")
    tk = sub.add_parser("tokens", help="time Pagefind over pages of gkml's pair words")
    tk.add_argument("--source", type=Path, required=True, help="a corpus (benchmarks.corpus)")
    tk.add_argument("--work", type=Path, required=True, help="an empty folder for the pages")
    tk.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    tk.add_argument("--part", type=int, default=2000, help="pages of the year-sized part")
    tk.add_argument(
        "--by-year", action="store_true", help="an index per year instead, one after another"
    )
    tk.add_argument(
        "--ordered", action="store_true", help="every pair in its order (for phrase search)"
    )
    mg = sub.add_parser("merged", help="first-query bytes of the per-year indexes, merged")
    mg.add_argument("--work", type=Path, required=True, help="the work folder of tokens --by-year")
    mg.add_argument("--query", action="append", default=[], help="a Chinese query (repeat)")
    mg.add_argument("--phrase", action="store_true", help="quote the query's pair words")
    args = ap.parse_args(argv)
    if args.command == "merged":
        found = merged(args.work, args.query or ["低保"], phrase=args.phrase)
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    if args.command == "tokens":
        figures = token_index(
            args.source,
            args.work,
            args.as_of,
            args.part,
            by_year=args.by_year,
            ordered=args.ordered,
        )
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    start = time.perf_counter()
    result = browse(args.site, args.source, args.as_of)
    result["seconds"] = time.perf_counter() - start
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
