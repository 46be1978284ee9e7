"""A site on disk: catalog.yml, the items and the free pages, loaded and checked whole."""

from __future__ import annotations

import contextlib
import copyreg
import functools
import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from generator import options
from generator.config import Config, load_config
from generator.consistency import Declared, cross_check
from generator.contentscan import ContentScan, is_file, linked_outside, scan_content
from generator.diagnostics import (
    UNPRINTABLE,
    Collector,
    Diagnostic,
    printable,
    sort_diagnostics,
    unreadable_reason,
    visible,
)
from generator.frontmatter import file_lines, read_body
from generator.interruption import Checkpoint, never
from generator.item import Item
from generator.page import Page, PageResult, read_page
from generator.readcache import ReadCache, cache_key
from generator.reader import ReadContext, ReadResult, read_item
from generator.reportfigures import check_reports
from generator.rootfiles import (
    RootFiles,
    check_root_files,
    root_active_files,
    root_files,
    root_personal_data,
)
from generator.stamp import CONTENT_DIR, Signature
from generator.workdays import covered_years

READ_CACHE = "read.marshal"  # in the cache folder: see generator.readcache
# From this many files on, they are read and checked by one process per core (each file alone;
# the checks across files follow in this process). Below it, starting the processes costs more.
_PARALLEL_FROM = 2000
_CHUNK = 64


@dataclass(frozen=True, slots=True)
class Site:
    root: Path
    config: Config
    items: tuple[Item, ...]
    pages: tuple[Page, ...]
    # Site-root path → SHA-256 of each Markdown file as it was read: the build's page keys
    # use it instead of reading every body again.
    digests: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Site-root path of every other file the items' reads looked at (`ReadResult.probed`):
    # attachments and the files bodies link to. A rebuild checks them as it checks content/.
    probed: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)
    # The files of content/static/: published path → site-root path (`rootfiles`), walked
    # once for the check and the build.
    static: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class LoadResult:
    site: Site | None
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...]
    config_broken: bool

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def content_files(root: Path) -> tuple[tuple[str, bool], ...]:
    """Return (path relative to *root*, is_page) for every Markdown file, in path order.

    Files and folders whose name starts with a dot are left out; linked folders are not
    followed (as `Path.rglob` does).
    """
    return scan_content(root, stat=False).markdown


def _whole_site_note(items: int) -> str:
    """Return the note that `site.search: pagefind-all` does not suit a catalog of *items*."""
    gb = round(items / 1000 * options.PAGEFIND_WHOLE_GB_PER_1000, 1)
    limit = options.PAGEFIND_WHOLE_ITEMS
    return (
        f"注意：catalog.yml 中 site.search: pagefind-all 只适合 {limit} 条以内的目录，本目录有 "
        f"{items} 条：每次 gkml build 都要重做全站的 Pagefind 索引，约需 {gb} GB 内存，"
        "机器内存不够时生成会失败。建议改为 site.search: pagefind（每年一个索引），或删去这一行"
        "（用 gkml 自己的索引）。"
        f"(Note: site.search: pagefind-all in catalog.yml suits catalogs of up to {limit} items; "
        f"this one has {items}: every gkml build indexes the whole site again with Pagefind, "
        f"needing about {gb} GB of memory, and fails on a machine without it. Set "
        "site.search: pagefind (one index a year) or remove the line (gkml's own index).)"
    )


def load_site(
    root: Path,
    *,
    today: date,
    latest: date | None = None,
    only: Collection[str] | None = None,
    workers: int | None = None,
    cache: Path | None = None,
    scan: ContentScan | None = None,
    reads: ReadCache | None = None,
    checkpoint: Checkpoint | None = None,
) -> LoadResult:
    """Return the site at *root* with every diagnostic; *only* limits the report to those files.

    Files outside *only* are still read (front matter only) so that cross-file checks see them.
    A large site is read by *workers* processes (default: one per core). With a *cache* folder
    (and no *only*), what each unchanged item file's read found last time is used instead of
    reading it again (`generator.readcache`); the checks across files always run. *scan*:
    content/ as the caller found it (`scan_content`), instead of walking it again; *reads*:
    the read cache of *cache*, when the caller opened it already. *checkpoint* is called
    before each file is read and before each check across files: what it raises stops the
    check there, with nothing written (the read cache is saved at the end). *latest*: the
    latest day a written or published date may be (GK104), when later than *today*; no read
    cache is used then (its entries are the day's).
    """
    config_result = load_config(root)
    if config_result.config is None:
        return LoadResult(None, config_result.diagnostics, (), True)
    config = config_result.config
    diagnostics: list[Diagnostic] = list(config_result.diagnostics)
    items: list[Item] = []
    pages: list[Page] = []
    declared: list[Declared] = []
    estimated: set[int] = set()
    slugs: dict[str, str] = {}
    digests: dict[str, str] = {}
    probed: set[str] = set()
    latest = latest if latest is not None and latest > today else None
    full = ReadContext(root, config, today, scan_body=True, latest=latest)
    light = ReadContext(root, config, today, scan_body=False, latest=latest)
    if latest is not None:
        cache = None
    cached = cache is not None and only is None
    if scan is None:
        scan = scan_content(root, stat=cached)
    files = [(rel, is_page, only is None or rel in only) for rel, is_page in scan.markdown]
    if cache is None or only is not None:
        reads = None
    elif reads is None:
        reads = ReadCache.open(cache / READ_CACHE, cache_key(root, today), root)
    checkpoint = checkpoint or never
    read = _read_all(files, full, light, workers, reads, scan.files, checkpoint)
    for rel, reported, digest, result in read:
        digests[rel] = digest
        probed.update(result.probed)
        if isinstance(result, PageResult):
            if reported:
                diagnostics += result.diagnostics
            if result.page is not None:
                page = result.page
                if page.slug in slugs and reported:
                    diagnostics += _duplicate_slug(page, slugs[page.slug])
                slugs.setdefault(page.slug, rel)
                pages.append(page)
            continue
        if result.declared is not None:
            declared.append(
                Declared(result.declared[0], rel, result.declared[1], result.references)
            )
        if reported:
            diagnostics += result.diagnostics
            estimated |= result.estimated_years
        if result.item is not None:
            items.append(result.item)
    checkpoint()
    diagnostics += cross_check(
        declared,
        items,
        _lines_reader(root),
        report_for=only,
        withheld_listed=config.rules.list_withheld_items,
        present=functools.partial(scan.holds, root),
        pages=pages,
        root=root,
    )
    checkpoint()
    diagnostics += check_reports(
        config,
        items,
        lambda item: read_body((root / item.path).read_bytes(), item.path),
        _lines_reader(root),
        today=today,
        report_for=only,
    )
    checkpoint()
    static = root_files(root)
    diagnostics += _layout(root, config, scan, only, static, today)
    notes = []
    if estimated:
        first, last = covered_years()
        years = "、".join(str(y) for y in sorted(estimated))
        notes.append(
            f"注意：节假日日历只覆盖 {first}–{last} 年，{years} 年的工作日按周一至周五估算。"
            f"(Note: the holiday calendar covers {first}-{last}; working days in {years} are "
            "estimated as Monday to Friday.)"
        )
    if config.site.search == options.PAGEFIND_WHOLE and len(items) > options.PAGEFIND_WHOLE_ITEMS:
        notes.append(_whole_site_note(len(items)))
    if reads is not None:
        reads.keep_only(digests.keys())
        reads.save()
    site = Site(
        root, config, tuple(items), tuple(pages), digests, frozenset(probed), static.published
    )
    return LoadResult(site, tuple(sort_diagnostics(diagnostics)), tuple(notes), False)


_Read = tuple[str, bool, str, PageResult | ReadResult]  # path, reported, SHA-256, result


def _read_only(mapping: dict[str, object]) -> MappingProxyType[str, object]:
    return MappingProxyType(mapping)


def _proxy(
    mapping: MappingProxyType[str, object],
) -> tuple[Callable[[dict[str, object]], MappingProxyType[str, object]], tuple[dict[str, object]]]:
    return _read_only, (dict(mapping),)


# An item keeps its fields' positions in a read-only mapping, which pickle does not know: the
# workers send it as a dict, wrapped again on arrival.
copyreg.pickle(MappingProxyType, _proxy)
_READING: tuple[ReadContext, ReadContext] | None = None  # (full, light), for the workers


def _read_one(file: tuple[str, bool, bool]) -> _Read:
    """Read and check one content file (the contexts are in _READING)."""
    assert _READING is not None
    rel, is_page, reported = file
    full, light = _READING
    outside = linked_outside(full.site_root, rel)
    if outside is not None:
        return rel, reported, "", _linked_out(rel, is_page, full.site_root, outside)
    try:
        data = (full.site_root / rel).read_bytes()
    except OSError as exc:  # a broken link, no permission
        return rel, reported, "", _unreadable(rel, is_page, exc)
    digest = hashlib.sha256(data).hexdigest()
    if is_page:
        return (
            rel,
            reported,
            digest,
            read_page(rel, data, full.site_root, full.config, today=full.today),
        )
    return rel, reported, digest, read_item(rel, data, full if reported else light)


def _unreadable(rel: str, is_page: bool, exc: OSError) -> PageResult | ReadResult:
    """Return the result of the content file *rel* that could not be read."""
    why_zh, why_en = unreadable_reason(exc)
    out = Collector(rel)
    out.add(
        "GK012",
        None,
        field=None,
        zh=f"无法读取这个文件：{why_zh}",
        en=f"cannot read the file: {why_en}",
        fix_en="restore the file the link points to, or delete the link; without permission to"
        " read it, ask an administrator",
    )
    if is_page:
        return PageResult(None, tuple(out.found))
    return ReadResult(None, tuple(out.found), frozenset())


def _linked_out(rel: str, is_page: bool, root: Path, real: Path) -> PageResult | ReadResult:
    """Return the result of the content file *rel*, a symbolic link to *real*, outside
    content/: not read (`contentscan.linked_outside`)."""
    top = root.resolve()
    where = printable(real.relative_to(top).as_posix() if real.is_relative_to(top) else str(real))
    out = Collector(rel)
    out.add(
        "GK012",
        None,
        field=None,
        zh=f"无法读取这个文件：它是指向 content/ 之外（{where}）的符号链接，gkml 不读取 content/"
        " 之外的文件",
        en=f"cannot read the file: it is a symbolic link to {where}, outside content/, and gkml"
        " reads no file outside content/",
        fix_zh="把文件本身放进 content/，或删去这个链接",
        fix_en="put the file itself in content/, or delete the link",
    )
    if is_page:
        return PageResult(None, tuple(out.found))
    return ReadResult(None, tuple(out.found), frozenset())


def _read_numbered(file: tuple[int, tuple[str, bool, bool]]) -> tuple[int, _Read]:
    return file[0], _read_one(file[1])


def _read_all(
    files: list[tuple[str, bool, bool]],
    full: ReadContext,
    light: ReadContext,
    workers: int | None,
    cache: ReadCache | None = None,
    on_disk: Mapping[str, Signature] | None = None,
    checkpoint: Checkpoint = never,
) -> Iterable[_Read]:
    """Yield each file's result, in the order of *files*; many files are read in parallel.

    Item files whose result *cache* holds for their signature *on_disk* are not read; those
    read are put into it. *checkpoint* is called before each file this process reads or
    takes from a helper: what it raises stops the helpers (`shared_map`) and the reading.
    """
    global _READING
    kept: dict[int, _Read] = {}
    sigs: dict[int, Signature | None] = {}
    if cache is not None and on_disk is not None:
        for number, (rel, is_page, reported) in enumerate(files):
            if is_page or not reported:
                continue
            sig = sigs[number] = on_disk.get(rel)
            hit = cache.get(rel, sig)
            if hit is not None:
                kept[number] = (rel, reported, hit[0], hit[1])
    missing = [(n, f) for n, f in enumerate(files) if n not in kept]
    _READING = (full, light)
    count = workers or os.cpu_count() or 1
    try:
        read: list[tuple[int, _Read]] = []
        if len(missing) < _PARALLEL_FROM or count < 2:
            for number, file in missing:
                checkpoint()
                read.append((number, _read_one(file)))
        else:
            from generator import sharing  # here: a rebuild reads few files (multiprocessing)

            # This process reads too, beside one helper per further core.
            with contextlib.closing(
                sharing.shared_map(_read_numbered, missing, count - 1, chunk=_CHUNK)
            ) as results:
                for numbered in results:
                    checkpoint()
                    read.append(numbered)
    finally:
        _READING = None
    if cache is not None:
        for number, (rel, _reported, digest, result) in read:
            if number in sigs and isinstance(result, ReadResult):
                cache.put(rel, sigs[number], digest, result)
    kept.update(read)
    yield from (kept[number] for number in range(len(files)))


def _layout(
    root: Path,
    config: Config,
    scan: ContentScan,
    only: Collection[str] | None,
    static: RootFiles,
    today: date,
) -> list[Diagnostic]:
    """Return what is wrong with content/ itself: not there (a site of no items, built and
    published without a word before), or Markdown files under a name that is not read."""
    found: list[Diagnostic] = []
    if not (root / CONTENT_DIR).is_dir():
        out = Collector(f"{CONTENT_DIR}/")
        out.add(
            "GK014",
            None,
            field=None,
            zh=f"在 {root} 中找不到 content 文件夹，网站将没有任何信息",
            en=f"no content folder in {root}: the site would have no items",
            fix_en="put the items in content/ beside catalog.yml, or give the site's folder"
            " with --site",
        )
        found += out.found
    for rel in scan.misnamed:
        if only is not None and rel not in only:
            continue
        out = Collector(rel)
        name = rel.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        out.add(
            "GK015",
            None,
            field=None,
            zh=f"文件名 “{name}” 的扩展名不是小写的 .md，不会被读取和发布",
            en=f'"{name}" does not end in lower-case .md: it is not read or published',
            fix_zh=f"改名为 {stem}.md",
            fix_en=f"rename it {stem}.md",
        )
        found += out.found
    for rel in scan.unprintable:
        if UNPRINTABLE.search(rel) is None or (only is not None and rel not in only):
            continue
        shown = visible(rel)  # as every report line shows it
        out = Collector(shown)
        out.add(
            "GK016",
            None,
            field=None,
            zh=f"文件名 “{shown}” 中有控制字符（如换行、制表符）",
            en=f'the file name "{shown}" has a control character (such as a line break or a tab)',
        )
        found += out.found
    logo = config.site.logo
    if logo and only is None and not is_file(root / "templates" / "assets" / logo):
        out = Collector("catalog.yml")
        out.add(
            "GK017",
            None,
            field="site.logo",
            zh=f"site.logo 写的是 {logo}，但 templates/assets/{logo} 不存在：每个网页的页眉都会"
            "是一张打不开的图片",
            en=f"site.logo is {logo}, but templates/assets/{logo} is not there: every page's"
            " header would show a broken image",
        )
        found += out.found
    found += [d for d in check_root_files(static) if only is None or d.file in only]
    found += root_personal_data(root, static, only, today=today)
    found += root_active_files(root, static, only)
    return found


def _lines_reader(root: Path) -> Callable[[str], tuple[str, ...]]:
    def read_lines(rel: str) -> tuple[str, ...]:
        return file_lines((root / rel).read_bytes().decode("utf-8", "replace"))

    return read_lines


def _duplicate_slug(page: Page, first: str) -> list[Diagnostic]:
    out = Collector(page.path)
    out.add(
        "GK502",
        page.slug_pos,
        field="slug",
        zh=f"slug “{page.slug}” 与 {first} 重复",
        en=f'slug "{page.slug}" is also used by {first}',
        span=len(page.slug),
    )
    return out.found
