"""Each listed item's text in catalog.json and catalog.csv, kept between builds.

The exports hold every listed item: a change to one item's metadata made all 20,000 records
and their text again (1.2 s of a 5.4 s rebuild). An item's text depends only on its Item and
the status the catalog gave it on its day, and the Item only on its file and what the read
cache's key covers (gkml's code, catalog.yml, the day, the site's folder). So each text is kept
under its file's SHA-256 and that status, in a cache whose key is the read cache's; only the
texts of changed items are made. The cache is one marshal file and, beside it, the entries
added or forgotten since it was written (`rows-changes.marshal`, `generator.cachefile`): a
title changed adds one entry and forgets one, and the whole file (25 MB at 20,000 items, about
0.09 s to write) is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import exports
from generator.cachefile import CacheFile
from generator.catalog import Catalog
from generator.item import Item

_FORMAT = 3  # 3: the token its changes file names; 2: an item's source and attachments
FILE_NAME = "rows.marshal"


@dataclass(slots=True)
class RowCache:
    """The texts of the last build's listed items, loaded from and saved to *path*."""

    path: Path
    key: str
    entries: dict[str, exports.Row] = field(default_factory=dict)
    changed: bool = False
    file: CacheFile = field(init=False)  # the whole file and the changes since

    def __post_init__(self) -> None:
        self.file = CacheFile(self.path, (_FORMAT, self.key))

    @classmethod
    def open(cls, path: Path, key: str) -> RowCache:
        """Return the cache at *path* with the changes since; empty when it is missing,
        unreadable or of another key."""
        cache = cls(path, key)
        cache.entries = cache.file.load()
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
                    self.file.note(key, text)
            if key is not None:
                now[key] = text
            found.append(text)
        # Nothing made and as many entries: the same keys (an entry forgotten, or two items of
        # the same file, make the counts differ).
        if self.changed or len(now) != len(kept):
            for key in kept.keys() - now.keys():
                self.file.note(key, None)
                self.changed = True
        self.entries = now
        return found

    def save(self) -> None:
        """Write the cache when it changed (`CacheFile.save`); a failure to write only costs the
        next build time."""
        if self.changed and self.file.save(self.entries):
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
