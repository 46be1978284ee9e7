"""A site on disk: catalog.yml, the items and the free pages, loaded and checked whole."""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import operator
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from generator import sharing
from generator.config import Config, load_config
from generator.consistency import Declared, cross_check
from generator.diagnostics import Collector, Diagnostic, sort_diagnostics
from generator.item import Item
from generator.page import Page, PageResult, read_page
from generator.reader import ReadContext, ReadResult, read_item
from generator.workdays import covered_years

CONTENT_DIR = "content"
PAGES_DIR = "pages"
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


@dataclass(frozen=True, slots=True)
class LoadResult:
    site: Site | None
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...]
    config_broken: bool

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def content_files(root: Path) -> Iterator[tuple[str, bool]]:
    """Yield (path relative to *root*, is_page) for every Markdown file, in path order."""
    base = root / CONTENT_DIR
    if not base.is_dir():
        return
    found = []
    for path in base.rglob("*.md"):
        rel = path.relative_to(base)
        if any(part.startswith(".") for part in rel.parts):
            continue
        found.append((path.relative_to(root).as_posix(), rel.parts[0] == PAGES_DIR))
    yield from sorted(found)


def load_site(
    root: Path, *, today: date, only: Collection[str] | None = None, workers: int | None = None
) -> LoadResult:
    """Return the site at *root* with every diagnostic; *only* limits the report to those files.

    Files outside *only* are still read (front matter only) so that cross-file checks see them.
    A large site is read by *workers* processes (default: one per core).
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
    full = ReadContext(root, config, today, scan_body=True)
    light = ReadContext(root, config, today, scan_body=False)
    files = [(rel, is_page, only is None or rel in only) for rel, is_page in content_files(root)]
    for rel, reported, digest, result in _read_all(files, full, light, workers):
        digests[rel] = digest
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
            declared.append(Declared(result.declared[0], rel, result.declared[1]))
        if reported:
            diagnostics += result.diagnostics
            estimated |= result.estimated_years
        if result.item is not None:
            items.append(result.item)
    diagnostics += cross_check(declared, items, _lines_reader(root), report_for=only)
    notes = []
    if estimated:
        first, last = covered_years()
        years = "、".join(str(y) for y in sorted(estimated))
        notes.append(
            f"注意：节假日日历只覆盖 {first}–{last} 年，{years} 年的工作日按周一至周五估算。"
            f"(Note: the holiday calendar covers {first}-{last}; working days in {years} are "
            "estimated as Monday to Friday.)"
        )
    site = Site(root, config, tuple(items), tuple(pages), digests)
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
    data = (full.site_root / rel).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if is_page:
        return rel, reported, digest, read_page(rel, data)
    return rel, reported, digest, read_item(rel, data, full if reported else light)


def _read_numbered(file: tuple[int, tuple[str, bool, bool]]) -> tuple[int, _Read]:
    return file[0], _read_one(file[1])


def _read_all(
    files: list[tuple[str, bool, bool]],
    full: ReadContext,
    light: ReadContext,
    workers: int | None,
) -> Iterable[_Read]:
    """Yield each file's result, in the order of *files*; many files are read in parallel."""
    global _READING
    _READING = (full, light)
    count = workers or os.cpu_count() or 1
    try:
        if len(files) < _PARALLEL_FROM or count < 2:
            yield from map(_read_one, files)
            return
        # This process reads too, beside one helper per further core; results in file order.
        numbered = list(enumerate(files))
        with contextlib.closing(
            sharing.shared_map(_read_numbered, numbered, count - 1, chunk=_CHUNK)
        ) as results:
            found = sorted(results, key=operator.itemgetter(0))
        yield from (read for _number, read in found)
    finally:
        _READING = None


def _lines_reader(root: Path) -> Callable[[str], tuple[str, ...]]:
    def read_lines(rel: str) -> tuple[str, ...]:
        return tuple((root / rel).read_bytes().decode("utf-8", "replace").splitlines())

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
