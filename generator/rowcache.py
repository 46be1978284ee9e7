"""Each listed item's text in catalog.json and catalog.csv, kept between builds.

The exports hold every listed item: a change to one item's metadata made all 20,000 records
and their text again (1.2 s of a 5.4 s rebuild). An item's text depends only on its Item and
the status the catalog gave it on its day, and the Item only on its file and what the read
cache's key covers (gkml's code, catalog.yml, the day, the site's folder). So each text is kept
under its file's SHA-256 and that status, in a cache whose key is the read cache's; only the
texts of changed items are made. The cache is one marshal file, written (atomically) only when
an entry was added or forgotten.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import exports
from generator.cachefile import save_marshal
from generator.catalog import Catalog
from generator.item import Item

_FORMAT = 2  # 2: an item's source and attachments
FILE_NAME = "rows.marshal"


@dataclass(slots=True)
class RowCache:
    """The texts of the last build's listed items, loaded from and saved to *path*."""

    path: Path
    key: str
    entries: dict[str, exports.Row] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, path: Path, key: str) -> RowCache:
        """Return the cache at *path*; empty when it is missing, unreadable or of another key."""
        cache = cls(path, key)
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            data = marshal.loads(path.read_bytes())
            if isinstance(data, tuple) and data[:2] == (_FORMAT, key):
                cache.entries = data[2]
        return cache

    def rows(self, catalog: Catalog, sources: Mapping[str, str]) -> list[exports.Row]:
        """Return every listed item's texts, newest first (as `exports.rows`), made only for
        the items not in the cache; the cache then holds these items' texts and no others.
        *sources*: the SHA-256 of each item's file (`Site.digests`); an item without one is
        never kept."""
        kept = self.entries
        found: list[exports.Row] = []
        now: dict[str, exports.Row] = {}
        for item in catalog.listed:
            key = _item_key(item, sources)
            text = kept.get(key) if key is not None else None
            if text is None:
                text = exports.row(catalog, item)
                self.changed = True
            if key is not None:
                now[key] = text
            found.append(text)
        if len(now) != len(kept):  # an entry forgotten (or two items of the same file)
            self.changed = True
        self.entries = now
        return found

    def save(self) -> None:
        """Write the cache when it changed; a failure to write only costs the next build time."""
        if self.changed and save_marshal(self.path, (_FORMAT, self.key, self.entries)):
            self.changed = False


def _item_key(item: Item, sources: Mapping[str, str]) -> str | None:
    """Return what *item*'s texts are made from, besides the cache's key: its file, and the
    status the catalog gave it on its day (`catalog._as_of`), and the references it left
    in (`catalog._without`)."""
    source = sources.get(item.path)
    if source is None:
        return None
    references = "|".join(item.related)
    # the amendments as the catalog left them: their days roll back with `--as-of`, and one
    # by a document withheld since goes (a re-walk: a withheld 索引号 stayed in the data files)
    amendments = "|".join(f"{a.date} {a.by}" for a in item.amendments)
    # an attachment's size is its file's, which the item's file does not hold
    sizes = "|".join(str(a.size) for a in item.attachments)
    return (
        f"{source} {item.status.value} {item.status_date} {item.replaced_by} {item.interprets}"
        f" {references} {amendments} {sizes}"
    )
