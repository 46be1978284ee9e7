"""What each content file's read and check found, kept between builds.

A rebuild of a large site spends most of its check re-reading files that did not change. The
cache keeps, for each item file, its result (the Item, its diagnostics) in `marshal` form:
at 20,000 items pickle of the same results took 3.2 s to load, marshal 0.2 s and making the
Items again 0.25 s. An entry is used only when:

- the file's size, modification and change times and inode are those it was read with, and
  its modification time was at least a second older than the read (a file changed within the
  file system's clock resolution of being read is read again next time: "racy" files);
- every other file its read looked at (`ReadResult.probed`: attachments, files the body links
  to) has the size and modification time, or the absence, it had then;
- gkml's code, catalog.yml, the day and the site's folder are those of the whole cache (the
  cache's key); any of them changed, every file is read again.

The cache is one file, replaced atomically, and beside it the entries changed since it was
written (`read-changes.marshal`: each file's new entry, or its going; `generator.cachefile`).
A rebuild after one file's edit writes that small file instead of the whole cache (19 MB at
20,000 items, 0.03 to 0.1 s). Each entry's result is marshal bytes of its own, made into an
Item only when used: the whole cache as one nested structure held about 100 MiB more at
20,000 items, which the build's render helpers then shared (and a rebuild kept).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import time as clock
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from generator.cachefile import CacheFile
from generator.diagnostics import Diagnostic
from generator.fields import Disclosure, Status
from generator.item import Allowance, Amendment, Attachment, BodyLink, Item, Source
from generator.reader import ReadResult
from generator.stamp import CONFIG_FILE, Signature, code_fingerprint
from generator.yamlnodes import Position

_FORMAT = 10  # 10: the token its changes file names; 9: the day of a correction; 8: an item's earlier amendments; 7: the references of a file with errors; 2: each entry's result is marshal bytes of its own; 3: the front matter's digest;
# 4: late_reason; 5: a body link's fragment; 6: former_url
_RACY_NS = 1_000_000_000  # a file changed this close to its read is read again next time
ProbeSignature = tuple[int, int] | None  # size, mtime_ns of a regular file; None: not one


def probe_signature(path: Path) -> ProbeSignature:
    """Return (size, mtime_ns) of the regular file or folder *path*; None when there is
    none. A folder's time changes when a file comes to it or leaves it: the nearest name
    that GK115 and GK119 suggest for a missing file is one of its files."""
    try:
        st = path.stat()
    except (OSError, ValueError):  # ValueError: a NUL in the path (a body's `[x](a%00.pdf)`)
        return None
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return None
    return (st.st_size, st.st_mtime_ns)


def cache_key(root: Path, today: date) -> str:
    """Return the key every entry of the cache shares: gkml's code, catalog.yml, the day."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(os.fsencode(root.resolve()) + b"\0" + today.isoformat().encode() + b"\0")
    with contextlib.suppress(OSError):  # no catalog.yml: the check says so
        digest.update((root / CONFIG_FILE).read_bytes())
    return digest.hexdigest()


@dataclass(slots=True)
class ReadCache:
    """The cache of one site's item reads, loaded from and saved to *path*."""

    path: Path
    key: str
    root: Path
    entries: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    changed: bool = False
    started_ns: int = field(default_factory=clock.time_ns)
    file: CacheFile = field(init=False)  # the whole file and the changes since

    @classmethod
    def open(cls, path: Path, key: str, root: Path) -> ReadCache:
        """Return the cache at *path* with the changes since; empty when it is missing,
        unreadable or of another key."""
        cache = cls(path, key, root)
        cache.entries = cache.file.load()
        return cache

    def __post_init__(self) -> None:
        self.file = CacheFile(self.path, (_FORMAT, self.key))

    def get(self, rel: str, sig: Signature | None) -> tuple[str, ReadResult] | None:
        """Return (SHA-256, result) read from *rel* when it was *sig*, or None when stale."""
        entry = self.entries.get(rel)
        if entry is None or sig is None or entry[0] != sig:
            return None
        for probed, then in entry[3]:
            if probe_signature(self.root / probed) != then:
                return None
        return entry[1], decode(marshal.loads(entry[2]))

    def last(self, rel: str) -> tuple[str, ReadResult] | None:
        """Return (SHA-256, result) of *rel*'s last read, whatever the file is now."""
        entry = self.entries.get(rel)
        return None if entry is None else (entry[1], decode(marshal.loads(entry[2])))

    def put(self, rel: str, sig: Signature | None, digest: str, result: ReadResult) -> None:
        """Keep *result*, read from *rel* when it was *sig* (not when the file was racy)."""
        probes = tuple((p, probe_signature(self.root / p)) for p in result.probed)
        racy = sig is None or sig[1] > self.started_ns - _RACY_NS
        racy = racy or any(s is not None and s[1] > self.started_ns - _RACY_NS for _p, s in probes)
        if racy:
            if self.entries.pop(rel, None) is not None:
                self.file.note(rel, None)
                self.changed = True
            return
        entry = self.entries[rel] = (sig, digest, marshal.dumps(encode(result)), probes)
        self.file.note(rel, entry)
        self.changed = True

    def keep_only(self, paths: Collection[str]) -> None:
        """Forget the entries of files that are gone."""
        for rel in [r for r in self.entries if r not in paths]:
            del self.entries[rel]
            self.file.note(rel, None)
            self.changed = True

    def save(self) -> None:
        """Write the cache when it changed (`CacheFile.save`). A failure to write only costs
        the next build time."""
        if self.changed and self.file.save(self.entries):
            self.changed = False


# -- the marshal form of a read's result ------------------------------------------------------
def _date(value: date | None) -> int | None:
    return None if value is None else value.toordinal()


def _undate(value: int | None) -> date | None:
    return None if value is None else date.fromordinal(value)


def encode(result: ReadResult) -> tuple[Any, ...]:
    """Return *result* as nested tuples of str, int and None, which marshal writes."""
    declared = None
    if result.declared is not None:
        declared = (result.declared[0], result.declared[1].line, result.declared[1].column)
    return (
        None if result.item is None else _encode_item(result.item),
        tuple(_encode_diagnostic(d) for d in result.diagnostics),
        tuple(sorted(result.estimated_years)),
        declared,
        result.probed,
        result.head,
        tuple((field, value, pos.line, pos.column) for field, value, pos in result.references),
    )


def decode(data: tuple[Any, ...]) -> ReadResult:
    """Return the ReadResult that `encode` made *data* of."""
    item, diagnostics, years, declared, probed, head, references = data
    # Most results have no diagnostic and no reference: their empty tuple
    # is taken as it is (a generator for each cost 20,000 items 25 ms).
    return ReadResult(
        None if item is None else _decode_item(item),
        tuple([Diagnostic(*d) for d in diagnostics]) if diagnostics else (),
        frozenset(years),
        None if declared is None else (declared[0], Position(declared[1], declared[2])),
        probed,
        head,
        tuple([(f, v, Position(line, column)) for f, v, line, column in references])
        if references
        else (),
    )


def _encode_diagnostic(d: Diagnostic) -> tuple[Any, ...]:
    return (
        d.file,
        d.line,
        d.column,
        d.severity,
        d.code,
        d.field,
        d.message_zh,
        d.message_en,
        d.fix_zh,
        d.fix_en,
        d.source_line,
        d.span,
    )


def _encode_item(i: Item) -> tuple[Any, ...]:
    published_time = None
    if i.published_time is not None:
        t = i.published_time
        published_time = (t.hour, t.minute, t.second, t.microsecond)
    source = None
    if i.source is not None:
        source = (i.source.name, i.source.url, _date(i.source.date))
    return (
        i.path,
        i.title,
        i.index_no,
        i.issuer,
        i.department,
        i.doc_no,
        _date(i.written),
        i.published.toordinal(),
        published_time,
        i.status.value,
        i.disclosure.value,
        i.category,
        i.topics,
        i.genre,
        i.keywords,
        _date(i.valid_from),
        _date(i.valid_until),
        _date(i.status_date),
        i.replaced_by,
        i.interprets,
        i.related,
        tuple((a.file, a.title, a.path, a.size) for a in i.attachments),
        i.reason,
        source,
        tuple((a.text, a.why) for a in i.privacy_allow),
        i.late_reason,
        i.body_line,
        tuple(_flat_positions(i.positions)),
        tuple((b.target, b.pos.line, b.pos.column, b.fragment) for b in i.body_links),
        i.former_url,
        tuple((a.date.toordinal(), a.by) for a in i.amendments),
        _date(i.corrected),
    )


def _flat_positions(positions: Mapping[str, Position]) -> Iterator[str | int]:
    for key, pos in positions.items():
        yield key
        yield pos.line
        yield pos.column


class _Positions(Mapping[str, Position]):
    """An item's field positions as the cache keeps them (key, line, column, key, …), made
    into Positions only when asked for: only a diagnostic across files needs them."""

    __slots__ = ("_flat", "_made")

    def __init__(self, flat: tuple[str | int, ...]) -> None:
        self._flat = flat
        self._made: dict[str, Position] | None = None

    def _positions(self) -> dict[str, Position]:
        if self._made is None:
            f = self._flat
            self._made = {
                str(f[k]): Position(int(f[k + 1]), int(f[k + 2])) for k in range(0, len(f), 3)
            }
        return self._made

    def __getitem__(self, key: str) -> Position:
        return self._positions()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._flat) // 3


_STATUS = {s.value: s for s in Status}  # a dict lookup, not the Enum's call: 3 times quicker
_DISCLOSURE = {d.value: d for d in Disclosure}
_day = date.fromordinal


def _decode_item(t: tuple[Any, ...]) -> Item:
    (
        path,
        title,
        index_no,
        issuer,
        department,
        doc_no,
        written,
        published,
        published_time,
        status,
        disclosure,
        category,
        topics,
        genre,
        keywords,
        valid_from,
        valid_until,
        status_date,
        replaced_by,
        interprets,
        related,
        attachments,
        reason,
        source,
        allowances,
        late_reason,
        body_line,
        positions,
        body_links,
        former_url,
        amendments,
        corrected,
    ) = t
    # Each part that most items leave empty or unset is made only when there is one (the
    # read cache makes 20,000 Items for a rebuild; a generator or call for nothing each cost
    # 10-25 ms).
    return Item(
        path,
        title,
        index_no,
        issuer,
        department,
        doc_no,
        None if written is None else _day(written),
        _day(published),
        None if published_time is None else time(*published_time),
        _STATUS[status],
        _DISCLOSURE[disclosure],
        category,
        topics,
        genre,
        keywords,
        None if valid_from is None else _day(valid_from),
        None if valid_until is None else _day(valid_until),
        None if status_date is None else _day(status_date),
        replaced_by,
        interprets,
        related,
        tuple([Attachment(*a) for a in attachments]) if attachments else (),
        reason,
        None if source is None else Source(source[0], source[1], _undate(source[2])),
        tuple([Allowance(*a) for a in allowances]) if allowances else (),
        late_reason,
        body_line,
        _Positions(positions),
        tuple([BodyLink(b[0], Position(b[1], b[2]), fragment=b[3]) for b in body_links])
        if body_links
        else (),
        former_url,
        tuple([Amendment(_day(a[0]), a[1]) for a in amendments]) if amendments else (),
        None if corrected is None else _day(corrected),
    )
