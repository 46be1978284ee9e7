"""A body-only change: the new body put where the old one lay in its pages, no build."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from generator import __version__, manifest, outputtree, urls
from generator.body import render_body
from generator.config import load_config
from generator.contentscan import linked_outside
from generator.edition import HANT_DIR, Conversion, hant_path
from generator.frontmatter import read_body
from generator.memory import peak_mib
from generator.options import PAGEFIND_ENGINES
from generator.outcome import BuildResult
from generator.pagebody import (
    addresser,
    body_text,
    printed_addresses,
    printed_by_page,
    printed_once,
    resolver,
    site_pages,
)
from generator.readcache import ReadCache
from generator.reader import ReadContext, ReadResult, read_item
from generator.stamp import CONTENT_DIR, NO_FILE, PAGES_DIR, probe

_PATCH_MOST = 20  # changed files; more is an edit of many items, which a build does
_UNKNOWN_KEY = ""  # a page put together by `patched_build`: the next build renders it again
_RACY_NS = 1_000_000_000  # a file changed this close to the build may change again unseen


def patched_build(
    root: Path,
    out: Path,
    last: Mapping[str, Any],
    inputs: manifest.Inputs,
    today: date,
    manifest_path: Path,
    started: float,
    search_index: bool,
    reads: ReadCache,
) -> BuildResult | None:
    """Put the new body of each changed item file into its pages when nothing else changed;
    None when a build must run (something else changed, or the last build is not known).

    A body change is the common edit (a typo, a paragraph), and nothing but the item's own
    pages and the search index shows a body: not the listings, not the exports, not another
    page. The last build's manifest keeps where each item page's body lies in its bytes, and
    the search index's layout (`search.patch` changes the document's record and the postings
    of the words it gained or lost). *reads* is the site's read cache (`readcache`), opened
    for *today*. A file counts as changed in its body only when
    its front matter is byte for byte the one the last build read (the same Item), and its
    read finds the same problems, the same links to files and nothing across files.
    """
    stamp = last.get("stamp")
    if not isinstance(stamp, dict) or stamp.get("options") != inputs.options:
        return None
    before = stamp.get("files")
    if not isinstance(before, dict) or before.keys() != inputs.files.keys():
        return None  # a file added or removed
    probed = stamp.get("probed")
    if not isinstance(probed, dict) or probe(str(root), list(probed)) != probed:
        return None  # an attachment outside content/ changed
    changed = [rel for rel, sig in inputs.files.items() if before[rel] != sig]
    sources: Mapping[str, str] = stamp.get("sources", {})
    if not 0 < len(changed) <= _PATCH_MOST or last.get("out") != str(out):
        return None
    if last.get("version") != __version__ or not (out / urls.HOME).is_file():
        return None
    if any(rel not in sources or rel.split("/")[1:2] == [PAGES_DIR] for rel in changed):
        return None  # not an item file the last build read
    loaded = load_config(root)
    if loaded.config is None:
        return None
    if search_index and loaded.config.site.search in PAGEFIND_ENGINES:
        return None  # a build indexes the body's year (or the site) again (`pagefindindex`)
    context = ReadContext(root, loaded.config, today)
    report = manifest.last_report(stamp)
    if report is None:
        return None
    load, stats = report
    # The SHA-256 of each file whose body an earlier patch put into the site (since the
    # last build, which shows the bytes of `sources`).
    shown: dict[str, str] = dict(stamp.get("shown", {}))
    bodies: dict[str, bytes] = {}
    for rel in changed:
        if linked_outside(root, rel) is not None:
            return None  # a build reports it and reads it not (GK012)
        then = reads.last(rel)
        data = (root / rel).read_bytes()
        if then is None or then[0] != sources[rel]:
            return None  # the cache holds another version than the one the site shows
        digest = hashlib.sha256(data).hexdigest()
        if digest == shown.get(rel, then[0]):
            continue  # touched, not changed: the bytes the site shows
        shown[rel] = digest
        now = read_item(rel, data, context)
        reported = [d for d in load.diagnostics if d.file == rel]
        if not _body_only(then[1], now) or Counter(reported) != Counter(now.diagnostics):
            return None
        bodies[rel] = data
    files: dict[str, tuple[Any, ...]] = dict(last["files"])  # path → the entry, as saved
    site = loaded.config.site
    patches = _patches(
        root,
        out,
        stamp,
        files,
        bodies,
        site.conversion(),
        site.base_url,
        site_pages(loaded.config, stamp["source_pages"]),
    )
    if patches is None:
        return None
    # Pages, as a build counts them: a page and its 繁體 counterpart are one.
    pages = sum(not path.startswith(f"{HANT_DIR}/") for path in patches)
    layout: dict[str, Any] | None = stamp.get("search")
    if search_index:
        if layout is None:
            return None
        indexed = _index_patches(out, layout, files, bodies)
        if indexed is None:
            return None
        patches.update(indexed[0])
        layout = {**layout, "size": indexed[1]}
    seconds = {"check": time.perf_counter() - started}
    peak = {"check": peak_mib()}
    mark = time.perf_counter()
    if not manifest.output_intact(last, out):
        return None  # a file removed from (or added to) the output by hand: a build puts it right
    written: dict[str, tuple[str, int]] = {}
    for path, (data, sha, span) in patches.items():
        _key, old_sha, linked, _span = files[path]
        if old_sha != sha:
            written[path] = (sha, len(data))
        files[path] = (_UNKNOWN_KEY, sha, linked, span)
    # A few files in a tree of thousands: renamed into place, not staged with the tree (5,000
    # items: mirroring the previous tree took about a third of a second's patch).
    outputtree.replace_files(
        out,
        ((path, patches[path][0]) for path in written),
        # As before a build's swap (`build`): the manifest describes the output before.
        lambda: manifest_path.unlink(missing_ok=True),
    )
    now_ns = time.time_ns()
    sigs = dict(inputs.files)
    for rel in changed:  # changed again within the clock's step, it would look unchanged
        if sigs[rel][1] > now_ns - _RACY_NS:
            sigs[rel] = NO_FILE
    stats = dataclasses.replace(stats, rendered=pages, written=len(written), patched=True)
    kept = manifest.Stamp(
        manifest.Inputs(inputs.options, sigs),
        load,
        stats,
        sources,
        stamp["source_pages"],
        frozenset(stamp["withheld"]),
        layout,
        shown,
        probed,
    )
    manifest.write(manifest_path, out, files, kept)
    seconds["patch"] = time.perf_counter() - mark  # the manifest included
    seconds["total"] = time.perf_counter() - started
    peak["patch"] = peak["total"] = peak_mib()
    stats = dataclasses.replace(stats, seconds=seconds, peak_mib=peak)
    return BuildResult(load, stats, written)


def _index_patches(
    out: Path,
    layout: Mapping[str, Any],
    files: Mapping[str, tuple[Any, ...]],
    bodies: Mapping[str, bytes],
) -> tuple[dict[str, tuple[bytes, str, None]], int] | None:
    """Return the search index's files that *bodies* change (path → bytes, SHA-256, no span)
    and the postings' new size; None when the index must be built (or a file it read is not
    what the last build wrote)."""
    from generator import search

    documents = layout["documents"]
    changed = {rel: read_body(data, rel) for rel, data in bodies.items() if rel in documents}
    if not changed:
        return {}, layout["size"]
    made = search.patch(lambda path: manifest.as_built(out, files, path), layout, changed)
    if made is None:
        return None
    found = {path: (data, hashlib.sha256(data).hexdigest(), None) for path, data in made[0].items()}
    return found, made[1]


def _body_only(then: ReadResult, now: ReadResult) -> bool:
    """Return whether two reads of one file differ in nothing any page shows but the body."""
    return (
        then.item is not None
        and now.item is not None
        and then.head == now.head != ""
        and then.item == now.item
        and then.item.body_links == now.item.body_links
        and then.estimated_years == now.estimated_years
        and then.declared == now.declared
        and then.probed == now.probed
    )


def _patches(
    root: Path,
    out: Path,
    stamp: Mapping[str, Any],
    files: Mapping[str, tuple[Any, ...]],
    bodies: Mapping[str, bytes],
    traditional: Conversion | None,
    base_url: str | None,
    site_page: Callable[[str], bool],
) -> dict[str, tuple[bytes, str, tuple[int, int] | None]] | None:
    """Return each page of *bodies*' items with its new body: path → (bytes, SHA-256, where the
    body lies); None when a page cannot be patched (no body span, other linked files, or a
    file that is not what the last build wrote)."""
    source_pages: Mapping[str, str] = stamp["source_pages"]
    withheld = frozenset(stamp["withheld"])
    content = (root / CONTENT_DIR).resolve()
    patches: dict[str, tuple[bytes, str, tuple[int, int] | None]] = {}
    for rel, data in bodies.items():
        page = source_pages.get(rel)
        if page is None:
            continue  # an item without a page: its body is shown nowhere
        links: list[str] = []
        body = render_body(
            read_body(data, rel),
            source_dir=rel.rsplit("/", 1)[0],
            resolve=resolver(root, content, source_pages, withheld, links),
            address=addresser(page, site_page, links),
        )
        linked = tuple(f for f in body.files if not f.endswith(".md"))
        editions: list[tuple[str, Conversion | None]] = [(page, None)]
        if traditional is not None:
            editions.append((hant_path(page), traditional))
        for path, config in editions:
            entry = files.get(path)
            if entry is None or len(entry) < 4 or entry[3] is None or entry[2] != linked:
                return None
            old = manifest.as_built(out, files, path)
            if old is None:
                return None
            start, end = entry[3]
            # Each address prints once (`pagebody.printed_once`): not again after the page's
            # head; and what follows the body (the tables of related documents, the
            # attachments) prints what the body does not. A body that prints an address
            # the part after it prints, or no longer prints one (which the part after it
            # may have left out for it), needs that part made again: a build.
            printed = printed_addresses(old[:start].decode("utf-8"))
            printed |= printed_by_page(path, base_url=base_url)
            shown = printed_once(
                body_text(body.html, links, path, config, base_url=base_url), printed
            )
            before = printed_addresses(old[start:end].decode("utf-8"))
            now = printed_addresses(shown)
            if before - now or (now - before) & printed_addresses(old[end:].decode("utf-8")):
                return None
            text = shown.encode("utf-8")
            new = old[:start] + text + old[end:]
            patches[path] = (new, hashlib.sha256(new).hexdigest(), (start, start + len(text)))
    return patches
