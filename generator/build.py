"""`gkml build`: check, plan, render in parallel, then swap the new site in whole.

The new site is assembled in a sibling staging folder that starts as hard links to the files
of the previous build (`outputtree`); only pages whose inputs changed are rendered again
(`manifest` keeps each page's key), and only files whose bytes changed are written (a written
file replaces its link, so the previous site is never modified). Then the staging folder and
the output folder swap places. Any problem before the swap leaves the previous output exactly
as it was. A change of bodies alone is put into the pages without a build (`bodypatch`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import itertools
import marshal
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import buildlock, filedigests, manifest, outputtree, script, stylesheet, urls
from generator.body import render_body
from generator.bodypatch import patched_build
from generator.content import READ_CACHE, load_site
from generator.contentscan import ContentScan, scan_content
from generator.dates import today_in_china
from generator.edition import Conversion, hant_path, to_traditional_all
from generator.editionpair import BOTH, constant, either, split
from generator.filedigests import FileDigests
from generator.frontmatter import guess_encoding, read_body
from generator.interruption import Checkpoint, never, shielded
from generator.item import Item, last_changed, withheld_attachments
from generator.manifest import Entry
from generator.memory import collector_paused, peak_mib
from generator.options import PAGEFIND_ENGINES, PAGEFIND_WHOLE
from generator.outcome import BuildError, BuildResult, BuildStats
from generator.pagebody import (
    BODY_MARK,
    addresser,
    body_text,
    in_edition,
    printed_by_page,
    printed_once,
    publishable,
    resolver,
    site_pages,
)
from generator.readcache import ReadCache, cache_key
from generator.stamp import (
    CACHE_DIR,
    CONFIG_FILE,
    CONTENT_DIR,
    TEMPLATES_DIR,
    Look,
    code_fingerprint,
    probe,
)
from generator.theme import Theme, environment, load_theme

if TYPE_CHECKING:
    import jinja2

    from generator.catalog import Catalog
    from generator.exports import Feed, Row
    from generator.plan import Job, Plan

__all__ = [
    "CACHE_DIR",
    "BuildError",
    "BuildResult",
    "BuildStats",
    "build_date",
    "build_site",
    "terminal_progress",
]

_CHINA = timezone(timedelta(hours=8))
# What `gkml build` and `gkml serve` say when only bodies changed (`bodypatch`).
PATCHED_NOTE = (
    "只有正文变化：只更新了显示这些正文的页面和搜索记录。"
    "(Only bodies changed: only the pages and search entries that show them were updated.)"
)
_PARALLEL_FROM = 300  # jobs; below this, forking costs more than it saves
_CHUNK = 32
_PARALLEL_KEYS_FROM = 4000  # pages whose keys a helper makes too (about 0.2 s of work)
_KEY_CHUNK = 500


@dataclass(slots=True)
class _RenderState:
    """What a worker needs; set before the pool forks, so it is shared, not pickled."""

    root: Path
    staging: Path
    jobs: list[Job]
    env: jinja2.Environment
    source_pages: Mapping[str, str]  # see `Plan.source_pages`
    previous: Mapping[str, Entry]
    content: Path = Path()  # the resolved content/ folder
    traditional: Conversion | None = None  # how the 繁體 edition is converted, if there is one
    withheld: frozenset[str] = frozenset()  # files a body may not link to (see `withheld_files`)
    present: frozenset[str] = frozenset()  # the previous build's files, linked into staging
    # gkml's own templates: each page rendered once for both editions (`editionpair`)
    one_render: bool = False
    base_url: str | None = None  # the site's address: a body's links print theirs on paper
    # the pages and files the build writes, whose address a body's link as written prints
    site_page: Callable[[str], bool] = lambda _target: False


_STATE: _RenderState | None = None

Progress = Callable[[int, int], None]


def build_date(catalog: Catalog) -> datetime:
    """Return the build's date: SOURCE_DATE_EPOCH, else the newest item's publication or
    change of status, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    # The newest change a reader of catalog.json can see (`last_changed`): a publication, a
    # repeal, expiry or amendment that has taken effect (a re-user's walk: a harvester polling
    # `generated` missed a repeal with no new item; the feeds had it), or a correction.
    as_of = catalog.as_of
    newest = max((last_changed(i, as_of) for i in catalog.listed), default=as_of)
    return datetime(newest.year, newest.month, newest.day, tzinfo=_CHINA)


def build_site(
    root: Path,
    out: Path,
    *,
    as_of: date | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    search_index: bool = True,
    keep_previous: bool = True,
    archived: bool = False,
    look: Look | None = None,
    checkpoint: Checkpoint | None = None,
) -> BuildResult:
    """Build the site at *root* into *out*; nothing is written when the check finds errors.

    *archived*: the disc edition of `gkml archive`, whose every page says that it is the
    catalog as of its day, kept on a disc (a reader at a library took 有效 for today's).

    Without *search_index* (`gkml build --no-search`, for a quick preview) no search index is
    written and the search page says so. The output before stays beside the new one
    (`.site.old`) unless *keep_previous* is False (`gkml archive`: nothing beside its bag).

    *look*: the content walk and the last manifest, as `launcher` found them a moment ago.

    One build at a time writes *out* (`buildlock`): a second waits for the first.

    *checkpoint*: called while the build waits for another, as the check reads each file,
    between the steps of the plan and before the render (whose *progress* is called after
    each page): what it raises stops the build there, its staging folder removed. For a build
    in a thread (`gkml serve`'s), which Ctrl+C does not reach.
    """
    out = out.resolve()
    lock = manifest.location(root, out).with_suffix(".lock")
    with buildlock.held(lock, out, checkpoint=checkpoint) as waited:
        return _build_site(
            root,
            out,
            as_of=as_of,
            workers=workers,
            progress=progress,
            search_index=search_index,
            keep_previous=keep_previous,
            archived=archived,
            look=None if waited else look,  # read before the other build ended
            checkpoint=checkpoint or never,
        )


def _build_site(
    root: Path,
    out: Path,
    *,
    as_of: date | None,
    workers: int | None,
    progress: Progress | None,
    search_index: bool,
    keep_previous: bool,
    archived: bool,
    look: Look | None,
    checkpoint: Checkpoint,
) -> BuildResult:
    seconds: dict[str, float] = {}
    peak: dict[str, int] = {}

    def timed(stage: str, mark: float) -> None:
        seconds[stage] = time.perf_counter() - mark
        peak[stage] = peak_mib()

    started = time.perf_counter()
    today = today_in_china()
    day = as_of or today
    cache = root / CACHE_DIR
    manifest_path = manifest.location(root, out)
    if look is not None and look.of(str(root), str(out)):
        theme = load_theme(root, look.theme)
        scan, last = ContentScan.of(look.walk), look.manifest
    else:
        theme = load_theme(root)
        scan = scan_content(root)  # one walk: the stamp, the file list, the read cache's checks
        with collector_paused():
            last = manifest.load(manifest_path)
    inputs = manifest.input_stamp(root, theme, day, today, search_index, scan, archived=archived)
    unchanged = manifest.unchanged_build(last, root, out, inputs)
    if unchanged is not None:
        seconds["total"] = time.perf_counter() - started
        return BuildResult(unchanged[0], dataclasses.replace(unchanged[1], seconds=seconds))
    with collector_paused():
        # Opened once, for the body patch and then the check (19 MiB at 20,000 items).
        reads = ReadCache.open(cache / READ_CACHE, cache_key(root, max(today, day)), root)
        patched = patched_build(
            root, out, last, inputs, max(today, day), manifest_path, started, search_index, reads
        )
    if patched is not None:
        return patched
    with collector_paused():
        load = load_site(
            root,
            today=max(today, day),
            workers=workers,
            cache=cache,
            scan=scan,
            reads=reads,
            checkpoint=checkpoint,
        )
    del reads
    timed("check", started)
    if load.site is None or load.has_errors:
        return BuildResult(load, None)
    site = load.site
    checkpoint()
    # What the check read besides the walk's files (an attachment elsewhere), as it read it.
    probed = probe(str(root), sorted(site.probed - scan.files.keys()))
    outputtree.guard_output(root.resolve(), out)
    # Here, not at the top: a no-change or body-only rebuild does without them (0.15 s of
    # the 0.45 s that importing gkml takes).
    import jinja2

    from generator import rowcache
    from generator.catalog import build_catalog
    from generator.plan import Plan
    from generator.rowcache import RowCache

    mark = time.perf_counter()
    with collector_paused():
        catalog = build_catalog(site.config, site.items, as_of=day)
        checkpoint()
        plan = Plan(
            catalog,
            site.pages,
            search_index=search_index,
            sources=site.digests,
            archived=day if archived else None,
            # A file become a symbolic link renders its pages again: the link may now lead
            # out of content/, and the page then links to nothing (`publishable`).
            present=lambda target: scan.holds(root, target) and not (root / target).is_symlink(),
        )
        jobs = plan.jobs()
        checkpoint()
        not_utf8 = _not_utf8_template(theme, root)
        if not_utf8 is not None:
            raise not_utf8
        env = environment(theme, cache / "templates")
        for name in sorted({job.template for job in jobs}):
            try:
                env.get_template(name)  # compile once, before the workers fork
            except jinja2.TemplateError as exc:
                raise template_problem(exc, name, root) from None
        withheld = withheld_files(catalog, site.items)
        # A page's links depend on which files are withheld: a change there renders bodies again.
        fingerprint = _fingerprint(root, theme, withheld)
    staging = out.with_name(f".{out.name}.staging")
    staged: list[tuple[dict[str, Entry], frozenset[str]]] = []
    held = [last]  # the last manifest, dropped once read
    del last
    exported: dict[str, Entry] = {}
    layout: dict[str, object] = {}  # of the search index, for the next build's body patch
    export_counts = {"written": 0, "exported": 0}  # files written; exports made (0 or 1)
    export_seconds = {"exports": 0.0}

    def put_all(outputs: Mapping[str, bytes], key: str | None = None) -> None:
        """Write *outputs* (path → bytes); a file's key is *key*, else its SHA-256 (it
        depends on nothing else)."""
        previous = staged[0][0]
        for path, data in outputs.items():
            sha = hashlib.sha256(data).hexdigest()
            entry = Entry(key or sha, sha)
            if outputtree.put(staging, path, data, _old_sha(previous, path), entry.sha):
                export_counts["written"] += 1
                entry = dataclasses.replace(entry, size=len(data))
            exported[path] = entry

    published = FileDigests.open(cache / filedigests.FILE_NAME, root)

    def put_files(files: Mapping[str, str]) -> None:
        """Publish *files* (path → site-root source) as they are: a file whose size and time
        say it is unchanged (`FileDigests`), or whose digest is, is kept from the last build;
        another is copied in pieces."""
        previous = staged[0][0]
        for path, source in files.items():
            old = _old_sha(previous, path)
            # As the walk of content/ (or the probe of a file beyond it) found it: no stat again
            seen = (
                scan.files.get(source) or probed.get(source) or probe(str(root), [source])[source]
            )
            sig = (seen[0], seen[1])
            if old is not None and (staging / path).is_file():
                sha = published.known(source, sig)
                if sha is None:
                    sha = filedigests.file_sha(root / source)
                    published.note(source, sig, sha)
                if sha == old:
                    exported[path] = Entry(sha, sha)
                    continue
            sha, size = outputtree.copy_in(staging, path, root / source)
            published.note(source, sig, sha)
            export_counts["written"] += 1
            exported[path] = Entry(sha, sha, size=size)

    def export_files() -> None:
        """Write the files that depend on neither the pages' keys nor the rendered pages:
        assets, attachments and exports."""
        mark = time.perf_counter()
        with collector_paused():
            assets, files = _static_files(root, theme, catalog, withheld, site.static)
            put_all(assets)
            put_files(files)
            built = build_date(catalog)
            row_cache = RowCache.open(
                cache / rowcache.FILE_NAME,
                cache_key(root, max(today, day)),
            )
            listed = row_cache.rows(catalog, site.digests)
            parts = _export_parts(fingerprint, catalog, jobs, built, listed)
            made_under = _made_under(staged[0][0], {key for key, _make in parts})
            for key, make in parts:
                kept = _kept(made_under.get(key, {}), staged[0][1])
                if kept:
                    exported.update(kept)
                else:
                    put_all(make(), key)
            row_cache.save()
        export_counts["exported"] = 1
        export_seconds["exports"] += time.perf_counter() - mark

    def stage(shared: bool) -> None:
        """Stage the output before; with a helper making the pages' keys (*shared*), write
        the exports too, beside it."""
        begun = time.perf_counter()
        with collector_paused():
            previous = manifest.entries(held.pop(), out)
        present = outputtree.stage(out, staging, bool(previous))  # the files in the staging folder
        staged.append((previous, present))
        timed("stage", begun)
        if shared:
            export_files()

    seconds["plan"], peak["plan"] = 0.0, 0  # first in the summary, though made after the stage
    try:
        # Paused, as while planning: also in the helpers, which then copy no page of the plan.
        with collector_paused():
            keys = _keys(root, fingerprint, jobs, site.digests, workers, meanwhile=stage)
        checkpoint()
    except BaseException:
        shielded(lambda: _stopped(staging))  # through a second Ctrl+C (uv run's)
        raise
    # The stage and the exports overlapped.
    seconds["plan"] = time.perf_counter() - mark - seconds["stage"] - export_seconds["exports"]
    peak["plan"] = peak_mib()
    previous, present = staged[0]

    def export(pooled: bool) -> None:
        """Write the exports (unless written beside the keys) and the search index. Runs
        while the helpers render, before this process joins them, so "exports" overlaps
        "render" in the timings; with helpers rendering (*pooled*), the index is made in
        this process alone."""
        if not export_counts["exported"]:
            export_files()
        checkpoint()
        if search_index:
            mark = time.perf_counter()
            export_counts["written"] += _search_index(
                root,
                staging,
                present,
                catalog,
                plan,
                jobs,
                keys,
                previous,
                exported,
                1 if pooled else workers,
                layout,
                checkpoint,
            )
            export_seconds["exports"] += time.perf_counter() - mark

    try:
        mark = time.perf_counter()
        entries, rendered, written = _render_all(
            _RenderState(
                root,
                staging,
                jobs,
                env,
                plan.source_pages,
                previous,
                (root / CONTENT_DIR).resolve(),
                site.config.site.conversion(),
                withheld,
                present,
                not theme.own_templates,
                site.config.site.base_url,
                site_pages(site.config, plan.source_pages),
            ),
            keys,
            workers,
            progress,
            meanwhile=export,
        )
        timed("render", mark)
        mark = time.perf_counter()
        # Files that bodies link to are known once the pages are rendered.
        put_files(_linked_files(root, jobs, entries, withheld, exported))
        published.save()
        entries.update(exported)
        written += export_counts["written"]
        removed = outputtree.remove_stale(staging, present, entries.keys())
        if not previous:  # nothing staged from it: what the swap will take away
            removed = outputtree.replaced_count(out, entries.keys())
        timed("exports", mark - export_seconds["exports"])  # with those made while rendering
        mark = time.perf_counter()
        # The manifest describes the output before: gone before the output changes, so that
        # a build stopped between the swap and the new manifest (Ctrl+C, a power cut) leaves
        # none, and the next build writes every file (a walk: it trusted the old manifest,
        # wrote nothing and left the stopped build's pages published).
        manifest_path.unlink(missing_ok=True)
        outputtree.swap(staging, out)
        if keep_previous and not outputtree.previous_tree(out).exists():
            outputtree.seed_previous(out)
        timed("swap", mark)
    except BaseException:
        shielded(lambda: _stopped(staging))  # through a second Ctrl+C (uv run's)
        raise
    stats = BuildStats(
        items=len(catalog.items),
        pages=len(jobs),
        rendered=rendered,
        written=written,
        removed=removed,
        files=len(entries),
        seconds=seconds,
        peak_mib=peak,
    )
    with collector_paused():
        stamp = manifest.Stamp(
            inputs,
            load,
            stats,
            site.digests,
            plan.source_pages,
            withheld,
            layout if search_index else None,
            probed=probed,
        )
        manifest.write(manifest_path, out, manifest.entry_fields(entries), stamp)
        written_now = {p: (e.sha, e.size) for p, e in entries.items() if e.size >= 0}
    timed("total", started)  # the manifest included
    return BuildResult(load, stats, written_now)


def _stopped(staging: Path) -> None:
    """Remove the staging folder of a build that stopped, once no helper writes into it."""
    from generator import sharing

    sharing.stop_helpers()
    outputtree.clear(staging)


# -- keys and the manifest ------------------------------------------------------------------
def _fingerprint(root: Path, theme: Theme, withheld: frozenset[str]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(theme.fingerprint.encode())
    digest.update((root / CONFIG_FILE).read_bytes())
    digest.update("\n".join(sorted(withheld)).encode())
    return digest.hexdigest()


def withheld_files(catalog: Catalog, items: Sequence[Item]) -> frozenset[str]:
    """Return the attachments no body may link to: those of *items* without a page on the
    catalog's day (依申请公开, 不予公开, or published after it) that no page lists."""
    shown = {i.path for i in catalog.items if catalog.has_page(i)}
    return frozenset(withheld_attachments(items, lambda i: i.path in shown))


def _key(root: Path, fingerprint: str, job: Job, sources: Mapping[str, str]) -> str:
    """Return what a page depends on: gkml, the theme, catalog.yml, its context and body.

    *sources* holds the SHA-256 of Markdown files as the check read them (`Site.digests`);
    a body not among them is read.
    """
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(job.template.encode())
    inputs = job.digest()
    if inputs is None:
        inputs = repr(sorted(job.context.items()))
    digest.update(inputs.encode())
    if job.body_source is not None:
        source = sources.get(job.body_source)
        if source is None:
            source = hashlib.sha256((root / job.body_source).read_bytes()).hexdigest()
        digest.update(source.encode())
    return digest.hexdigest()


def _keys(
    root: Path,
    fingerprint: str,
    jobs: list[Job],
    sources: Mapping[str, str],
    workers: int | None,
    *,
    meanwhile: Callable[[bool], None],
) -> list[str]:
    """Return each job's key; run *meanwhile* in this process first (told whether forked
    helpers make keys beside it). A large site's keys are made by helpers too (21,922 pages:
    1 s in one process)."""
    count = workers or os.cpu_count() or 1
    if len(jobs) < _PARALLEL_KEYS_FROM or count < 2:
        meanwhile(False)
        return [_key(root, fingerprint, job, sources) for job in jobs]
    from generator import sharing

    def numbered(number: int) -> tuple[int, str]:
        return number, _key(root, fingerprint, jobs[number], sources)

    keys = [""] * len(jobs)
    try:
        found = sharing.shared_map(
            numbered,
            range(len(jobs)),
            count - 1,
            chunk=_KEY_CHUNK,
            meanwhile=lambda: meanwhile(True),
        )
        with contextlib.closing(found) as results:
            for number, key in results:
                keys[number] = key
    except sharing.HelperStopped as exc:
        raise BuildError(str(exc)) from None
    return keys


# -- rendering --------------------------------------------------------------------------------
# path, sha256, size of the bytes written (-1: not written), where the body lies in them
_Output = tuple[str, str, int, tuple[int, int] | None]
_Result = tuple[int, tuple[_Output, ...], tuple[str, ...]]


def _outputs_of(state: _RenderState, job: Job) -> tuple[str, ...]:
    """Return the files a job writes: its page, and its 繁體 counterpart when enabled."""
    return (job.path, hant_path(job.path)) if state.traditional else (job.path,)


def _render_all(
    state: _RenderState,
    keys: list[str],
    workers: int | None,
    progress: Progress | None,
    *,
    meanwhile: Callable[[bool], None],
) -> tuple[dict[str, Entry], int, int]:
    """Render the jobs whose key changed; run *meanwhile* in this process first (told
    whether forked helpers render beside it)."""
    entries: dict[str, Entry] = {}
    todo: list[int] = []
    for number, (job, key) in enumerate(zip(state.jobs, keys, strict=True)):
        paths = _outputs_of(state, job)
        olds = [state.previous.get(p) for p in paths]
        if all(
            old is not None and old.key == key and p in state.present
            for p, old in zip(paths, olds, strict=True)
        ):
            entries.update({p: old for p, old in zip(paths, olds, strict=True) if old})
        else:
            todo.append(number)
    from generator import sharing

    global _STATE
    _STATE = state
    written = 0
    count = workers or os.cpu_count() or 1
    try:
        if len(todo) < _PARALLEL_FROM or count < 2:
            meanwhile(False)
            written = _collect(map(_render_one, todo), keys, entries, len(todo), progress)
        else:
            # What every helper loads is loaded here first, so that they share it: OpenCC's
            # dictionaries and the QR encoder (a 1,000-item build: 129 → 102 MiB in all).
            from generator import edition, qr  # noqa: F401  (qr: imported for the helpers)

            if state.traditional is not None:
                edition.load(state.traditional)
            # Move every object to the permanent generation: a helper's garbage collector
            # then leaves the shared plan alone instead of touching (and copying) every page.
            gc.freeze()
            # Closed on the way out, also when the progress display raises (Ctrl+C): the
            # helpers stop before the build clears the staging folder they write into.
            shared = sharing.shared_map(
                _render_one, todo, count - 1, chunk=_CHUNK, meanwhile=lambda: meanwhile(True)
            )
            with contextlib.closing(shared) as results:
                try:
                    written = _collect(results, keys, entries, len(todo), progress)
                except sharing.HelperStopped as exc:
                    raise BuildError(str(exc)) from None  # the CLI reports a BuildError
    finally:
        _STATE = None
        gc.unfreeze()
    return entries, len(todo), written


def _collect(
    results: Iterable[_Result],
    keys: list[str],
    entries: dict[str, Entry],
    total: int,
    progress: Progress | None,
) -> int:
    written = 0
    for done, (number, outputs, files) in enumerate(results, start=1):
        for path, sha, size, span in outputs:
            entries[path] = Entry(keys[number], sha, files, size, span)
            written += size >= 0
        if progress is not None:
            progress(done, total)
    return written


def _render_one(number: int) -> _Result:
    """Render job *number* (and its 繁體 counterpart) into the staging folder."""
    from markupsafe import Markup  # Jinja2's, imported by build_site already: a look-up

    from generator import qr, views
    from generator.plan import Alternate, LanguageSwitch, LazyContext

    state = _STATE
    assert state is not None
    job = state.jobs[number]
    lazy = job.context
    context: dict[str, Any] = lazy.fresh() if isinstance(lazy, LazyContext) else dict(lazy)
    links: list[str] = []
    files: tuple[str, ...] = ()
    body = None
    if job.body_source is not None:
        text = read_body((state.root / job.body_source).read_bytes(), job.body_source)
        body = render_body(
            text,
            source_dir=job.body_source.rsplit("/", 1)[0],
            resolve=resolver(state.root, state.content, state.source_pages, state.withheld, links),
            address=addresser(job.path, state.site_page, links),
        )
        files = tuple(f for f in body.files if not f.endswith(".md"))
    if body is not None:
        context["body"] = BODY_MARK
    editions = [(job.path, context, False)]
    hant_values: dict[str, Any] = {}  # what differs in the 繁體 edition's context
    if state.traditional:
        hant = hant_path(job.path)
        # The 404 page's links start from the site's root path, its switch too (a server
        # shows it at any depth, where a relative link names a page that does not exist).
        root = context.get("absolute_base")
        to_hant = f"{root}{hant}" if root else urls.relative(job.path, hant)
        to_hans = f"{root}{job.path}" if root else urls.relative(hant, job.path)
        hant_lang = state.traditional.lang
        context["language_switch"] = LanguageSwitch(to_hant, "繁體", hant_lang)
        base = context.get("canonical")
        canonical = f"{base[: -len(job.path)]}{hant}" if base else None
        if base and canonical:  # the same in both editions: each names both addresses
            context["alternates"] = (
                Alternate(str(context["page_lang"]), base),
                Alternate(hant_lang, canonical),
            )
        hant_values = {
            "edition": "hant",
            "page_path": hant,
            "page_lang": hant_lang,
            "verbatim_lang": Markup(' lang="{}"').format(context["page_lang"]),
            "canonical": canonical,
            "language_switch": LanguageSwitch(to_hans, "简体", str(context["page_lang"])),
        }
        if context.get("jsonld"):  # an item page's: the 繁體 page describes itself
            conversion = state.traditional
            context["jsonld"], hant_values["jsonld"] = views.edition_jsonlds(
                str(context["jsonld"]),
                lang=hant_lang,
                address=canonical,
                convert=lambda texts: to_traditional_all(texts, conversion),
            )
        editions.append((hant, context | hant_values, True))
    for _path, values, _traditional in editions:
        if "qr_code" in values:  # an item page; the code opens the page being read
            values["qr_svg"] = qr.PageCode(str(values["canonical"])) if values["qr_code"] else None
    template = state.env.get_template(job.template)
    pages: tuple[str, ...]
    if state.one_render and hant_values:
        # gkml's own templates: one render for both editions, each value that differs a pair
        hant_values["qr_svg"] = editions[1][1].get("qr_svg")
        both = context | {
            key: either(context.get(key), value)
            for key, value in hant_values.items()
            if key not in ("edition", "page_path", "verbatim_lang")
        }
        both |= {
            "edition": BOTH,  # url() makes each link for both (theme._url)
            "verbatim_lang": constant(context["verbatim_lang"], hant_values["verbatim_lang"]),
        }
        pages = split(_rendered(template, both, job, state))
    else:
        pages = tuple(_rendered(template, values, job, state) for _p, values, _t in editions)
    outputs: list[_Output] = []
    for (path, _values, traditional), html in zip(editions, pages, strict=True):
        config = state.traditional if traditional else None
        # the addresses the page prints on paper, each once: its own at the foot already
        printed = printed_by_page(path, base_url=state.base_url)
        if body is None:
            parts = [in_edition(printed_once(html, printed), config)]
        else:
            # The page around its body, converted apart from it: a body-only change is put
            # in its place (`bodypatch`). No text converts differently when cut at tags.
            text = body_text(body.html, links, path, config, base_url=state.base_url)
            head, mark, tail = html.partition(BODY_MARK)
            if mark and BODY_MARK not in tail:
                head = printed_once(head, printed)
                text = printed_once(text, printed)
                tail = printed_once(tail, printed)
                parts = [in_edition(head, config), text, in_edition(tail, config)]
            else:  # a theme's item page that shows its body twice or not at all
                whole = in_edition(html, config).replace(BODY_MARK, text)
                parts = [printed_once(whole, printed)]
        encoded = [part.encode("utf-8") for part in parts]
        data = b"".join(encoded)
        span = (len(encoded[0]), len(data) - len(encoded[2])) if len(encoded) == 3 else None
        sha = hashlib.sha256(data).hexdigest()
        changed = outputtree.put(state.staging, path, data, _old_sha(state.previous, path), sha)
        outputs.append((path, sha, len(data) if changed else -1, span))
    return number, tuple(outputs), files


def _rendered(
    template: jinja2.Template, values: Mapping[str, Any], job: Job, state: _RenderState
) -> str:
    """Return *template* rendered with *values*; a template's error stops the build."""
    import jinja2

    try:
        html = template.render(values)
    except jinja2.TemplateError as exc:
        raise template_problem(exc, job.template, state.root) from None
    except Exception as exc:
        # An error a template's own code meets as it runs: a site's copy of base.html from
        # an older gkml unpacking what is now an object (an IT person's walk met a Python
        # traceback). Said at the template's line when the error is in one.
        if not _template_frames(exc):
            raise
        raise template_problem(exc, job.template, state.root) from None
    if "<h1" not in html and job.template.endswith(".html"):
        raise _headless(job.template)
    return html


def _headless(name: str) -> BuildError:
    """Return the build error for a page with no heading: every page has one `<h1>`. A
    maintainer's walk misspelled `{% block main %}` in a site's own template, and every page
    was published with an empty `<main>` while the build said it went well."""
    return BuildError(
        f"模板 {name} 生成的网页没有标题（<h1>），网页的主要内容是空的：请核对模板中 "
        "{% block main %} 的名字是否写错、是否被删去；如是自定义模板，可删去 templates/ 中的这个"
        "文件，改用默认主题。未生成网站，原有网站保持不变。"
        f"\n(template {name} made a page with no heading (<h1>): its main content is empty. "
        "Check that {% block main %} is spelled right and still there, or remove your copy "
        "from templates/ to use the default theme. Nothing was built; the previous site is "
        "unchanged.)"
    )


def _template_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """Return the frames of *exc*'s traceback that run a template's code."""
    return [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))
    ]


def _not_utf8_template(theme: Theme, root: Path) -> BuildError | None:
    """Return the build error for a site's own template or text asset that is not UTF-8 (Notepad
    or WPS saving as "ANSI" on Chinese Windows): Jinja2's error named gkml's own home.html, the
    template that extends it (an IT person's walk)."""
    own = root / TEMPLATES_DIR
    if not theme.folders or theme.folders[0] != own:
        return None
    for path in sorted(own.rglob("*")):
        if path.suffix not in (".html", ".xml", ".css", ".js") or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            rel = path.relative_to(root).as_posix()
            looks_zh, looks_en, source = guess_encoding(data)
            return BuildError(
                f"模板文件 {rel} 不是 UTF-8 编码{looks_zh}。请用记事本或 WPS 打开，“另存为”时编码选"
                f" UTF-8；或运行 iconv -f {source} -t UTF-8 {rel} > 新文件，再替换原文件。"
                "未生成网站，原有网站保持不变。"
                f"\n(the template file {rel} is not UTF-8{looks_en}: save it as UTF-8, e.g. "
                f"iconv -f {source} -t UTF-8. Nothing was built; the previous site is unchanged.)"
            )
    return None


def template_problem(exc: Exception, name: str, root: Path) -> BuildError:
    """Return the build error for a template that does not compile or render, with its line."""
    import jinja2

    where, line = name, None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where, line = exc.filename or name, exc.lineno
    else:
        frames = _template_frames(exc)
        if frames:
            where, line = frames[-1].filename, frames[-1].lineno
    path = Path(where)
    if path.is_absolute() and path.is_relative_to(root.resolve()):
        where = path.relative_to(root.resolve()).as_posix()
    place = f"{where}:{line}" if line else where
    message = exc.message if isinstance(exc, jinja2.TemplateError) else None
    reason = _INTERNAL_OBJECT.sub(r"'\1'", str(message or exc)).rstrip(". ")
    kind = (
        "语法错误"
        if isinstance(exc, jinja2.TemplateSyntaxError)
        else "用了不存在的变量或属性"
        if isinstance(exc, jinja2.UndefinedError)
        else "有误"
    )
    return BuildError(
        f"模板 {place} {kind}（{reason}）。请核对变量名和模板语法；"
        f"如是自定义模板，可删去 templates/ 中的这个文件，改用默认主题。未生成网站，原有网站保持不变。"
        f"\n(template error at {place}: {reason}. Check the variable names and the "
        f"template syntax, or remove your copy from templates/ to use the default theme. "
        f"Nothing was built; the previous site is unchanged.)"
    )


# Jinja names the Python class of a value: 'generator.config.SiteSettings object' → 'SiteSettings'
# (a maintainer's walk read gkml's module names in the message about site.organisation).
_INTERNAL_OBJECT = re.compile(r"'(?:[A-Za-z_][\w]*\.)+([A-Za-z_]\w*) object'")


# -- static files and exports ---------------------------------------------------------------
def _static_files(
    root: Path,
    theme: Theme,
    catalog: Catalog,
    withheld: frozenset[str],
    static: Mapping[str, str],
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Return (path → bytes) for the theme's assets, and (path → site-root source) for the
    files published as they are: those of content/static/ (*static*: published path →
    source, at the root; not one that a non-public item lists) and the attachments of listed
    pages."""
    default = theme.folders[-1]
    assets: dict[str, bytes] = {}
    for asset, source_file in theme.assets():
        data = source_file.read_bytes()
        # A site's own are published as they are.
        if source_file.is_relative_to(default) and asset.endswith((".css", ".js")):
            data = _served(asset.endswith(".css"), data)
        assets[asset] = data
    files = {target: source for target, source in static.items() if source not in withheld}
    sources: set[str] = set()
    for item in catalog.items:
        if catalog.has_page(item):
            sources.update(a.path for a in item.attachments)
    sources -= withheld
    for source in sorted(sources):
        files[urls.file_path(source)] = source
    return assets, files


@functools.lru_cache(maxsize=16)  # for the process's next build (serve's): 40 ms a build
def _served(css: bool, data: bytes) -> bytes:
    """Return a default theme's stylesheet (*css*) or script as the site serves it: without
    its comments."""
    if css:
        return stylesheet.compact(stylesheet.without_comments(data))
    return script.without_comments(data)


def _exports_key(
    fingerprint: str,
    catalog: Catalog,
    built: datetime,
    listed: list[Row],
) -> str:
    """Return what catalog.json, its schema, catalog.csv and robots.txt are made from: gkml,
    catalog.yml (the fingerprint), the day and the build date, every listed item's text in
    catalog.json (the same record as its CSV row), publication time and day of correction. A
    body change leaves it as it is."""
    return _digest(
        (
            fingerprint,
            catalog.as_of.isoformat(),
            built.isoformat(),
            listed,
            [str(i.published_time) for i in catalog.listed],
            [str(i.corrected) for i in catalog.listed],
        )
    )


def _digest(data: Any) -> str:
    """Return the SHA-256 of *data* (str, bytes, None, lists and tuples of them)."""
    # Marshal format 2 has no back-references: equal values give equal bytes.
    return hashlib.sha256(marshal.dumps(data, 2)).hexdigest()


_Part = tuple[str, Callable[[], Mapping[str, bytes]]]


def _export_parts(
    fingerprint: str,
    catalog: Catalog,
    jobs: list[Job],
    built: datetime,
    listed: list[Row],
) -> list[_Part]:
    """Return the exports in parts, each with its key (what its files are made from) and how
    to make them: a part whose key is the last build's keeps its files. catalog.json and .csv
    show every listed item; a feed its newest entries (`exports.feed_items`); the sitemap the
    pages' paths and days of change, no title: a title change of an item in no feed makes
    only the first again (20,000 items: 0.05 s for the feeds, 0.05 s for the sitemap)."""
    from generator import exports, views
    from generator.plan import HOW_TO_APPLY_SLUG

    parts: list[_Part] = [
        (
            _exports_key(fingerprint, catalog, built, listed),
            lambda: _exports(catalog, built, listed),
        )
    ]
    apply = urls.page_path(HOW_TO_APPLY_SLUG)  # where a 依申请公开 item's entry links
    apply_path = apply if any(j.path == apply for j in jobs) else None
    texts = {
        item.index_no: text for item, (text, _line) in zip(catalog.listed, listed, strict=True)
    }
    for feed in exports.site_feeds(catalog, apply_path):
        shown = exports.feed_items(catalog, feed.items)
        key = _digest(
            (
                fingerprint,
                "feed",
                catalog.as_of.isoformat(),
                built.isoformat(),  # the feed's date when it has no entry
                feed.path,
                feed.title,
                feed.page,
                feed.apply_path,
                # each entry's item as catalog.json gives it, its time to the second and its
                # day of correction (its `updated`), and the title of what replaced it
                [texts[i.index_no] for i in shown],
                [str(i.published_time) for i in shown],
                [str(i.corrected) for i in shown],
                [views.basis_title(catalog, i.replaced_by) if i.replaced_by else "" for i in shown],
            )
        )
        parts.append((key, functools.partial(_feed_file, feed, catalog, built)))
    base = catalog.config.site.base_url
    if base:
        pages = [job.path for job in jobs if job.path != urls.NOT_FOUND]
        changes = exports.item_changes(catalog)
        if catalog.config.site.traditional is not None:
            pages += [hant_path(page) for page in pages]  # found by search engines too
            changes |= {hant_path(path): day for path, day in changes.items()}
        key = _digest((fingerprint, "sitemaps", base, pages, changes))
        parts.append((key, lambda: exports.sitemaps(base, pages, lastmod=changes)))
    return parts


def _feed_file(feed: Feed, catalog: Catalog, built: datetime) -> dict[str, bytes]:
    return {feed.path: feed.made(catalog, built)}


def _made_under(previous: Mapping[str, Entry], keys: set[str]) -> dict[str, dict[str, Entry]]:
    """Return the last build's files made under each of *keys*, by key."""
    found: dict[str, dict[str, Entry]] = {}
    for path, entry in previous.items():
        if entry.key in keys:
            found.setdefault(entry.key, {})[path] = entry
    return found


def _kept(made: Mapping[str, Entry], present: frozenset[str]) -> dict[str, Entry]:
    """Return the last build's files *made* under one key, when every one is still there."""
    return dict(made) if all(p in present for p in made) else {}


def _exports(catalog: Catalog, built: datetime, listed: list[Row]) -> dict[str, bytes]:
    """Return (path → bytes) for catalog.json and its schema, catalog.csv and robots.txt: a
    function of the catalog's metadata, never of a body."""
    from generator import exports
    from generator.dataschema import catalog_schema

    return {
        urls.CATALOG_JSON: exports.catalog_json(catalog, built, listed),
        urls.CATALOG_SCHEMA: catalog_schema(),
        urls.CATALOG_CSV: exports.catalog_csv(catalog, listed),
        urls.ROBOTS: exports.robots(catalog.config.site.base_url),
    }


def _linked_files(
    root: Path,
    jobs: list[Job],
    entries: Mapping[str, Entry],
    withheld: frozenset[str],
    done: Mapping[str, Entry],
) -> dict[str, str]:
    """Return (path → site-root source) for the local files the pages' bodies link to,
    other than those already in *done* (attachments are published anyway)."""
    sources: set[str] = set()
    for job in jobs:
        sources.update(entries[job.path].files)
    content = (root / CONTENT_DIR).resolve()
    return {
        path: source
        for source in sorted(sources)
        # The test the page's render made, made again: the file may have changed since a
        # cached page linked to it (a symlink now, or withheld).
        if (path := urls.file_path(source)) not in done
        and publishable(root, content, source, withheld)
    }


def _search_index(
    root: Path,
    staging: Path,
    present: frozenset[str],
    catalog: Catalog,
    plan: Plan,
    jobs: list[Job],
    keys: list[str],
    previous: Mapping[str, Entry],
    entries: dict[str, Entry],
    workers: int | None,
    layout: dict[str, object],
    checkpoint: Checkpoint,
) -> int:
    """Write the search index; a year is indexed again only when one of its items changed.
    *layout* receives what a body patch needs (see `search.outputs`); *checkpoint* is called
    before each file is written."""
    from generator import search

    unchanged = {p: e.key for p, e in previous.items() if p in present}
    page_keys = {job.path: key for job, key in zip(jobs, keys, strict=True)}
    page_paths = {page.slug: urls.page_path(page.slug) for page in plan.pages}
    segment_list = search.segments(catalog, page_keys, plan.pages)
    files = search.outputs(
        catalog,
        root,
        plan.pages,
        page_paths,
        page_keys,
        unchanged,
        root / CACHE_DIR,
        workers or os.cpu_count() or 1,
        layout,
        lambda path: _as_before(staging, previous, present, path),
        segment_list,
    )
    engine = catalog.config.site.search
    if engine in PAGEFIND_ENGINES:
        from generator import pagefindindex

        bundles = pagefindindex.outputs(
            catalog,
            root,
            plan.pages,
            segment_list,
            previous.keys(),
            unchanged,
            root / CACHE_DIR,
            workers or os.cpu_count() or 1,
            whole=engine == PAGEFIND_WHOLE,
        )
        files = itertools.chain(files, bundles)
    written = 0
    for path, data, key in files:
        checkpoint()
        if data is None:  # the bytes on disk; the key may be new (a year indexed in part)
            old = previous[path]
            entries[path] = old if old.key == key else dataclasses.replace(old, key=key)
            continue
        entry = Entry(key, hashlib.sha256(data).hexdigest())
        if outputtree.put(staging, path, data, _old_sha(previous, path), entry.sha):
            written += 1
            entry = dataclasses.replace(entry, size=len(data))
        entries[path] = entry
    return written


def _as_before(
    staging: Path, previous: Mapping[str, Entry], present: frozenset[str], path: str
) -> bytes | None:
    """Return the bytes of *path* as the last build wrote it, from the staging folder (linked
    from the output); None when it is not there or not what the last build wrote."""
    old = previous.get(path)
    if old is None or path not in present:
        return None
    try:
        data = (staging / path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == old.sha else None


def _old_sha(previous: Mapping[str, Entry], path: str) -> str | None:
    """Return the SHA-256 of *path* as the last build wrote it (None: a new file)."""
    old = previous.get(path)
    return None if old is None else old.sha


def terminal_progress(label: str) -> Progress:
    """Return a progress display: a bar on a terminal, a few plain lines in CI logs."""
    tty = sys.stderr.isatty()
    shown = {"step": -1}

    def show(done: int, total: int) -> None:
        if total < 1000:
            return
        if tty:
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if done == total else ""
            print(f"\r{label} [{bar}] {done}/{total}", end=end, file=sys.stderr, flush=True)
            return
        step = 4 * done // total  # every quarter
        if step != shown["step"]:
            shown["step"] = step
            print(f"{label} {done}/{total}", file=sys.stderr, flush=True)

    return show
