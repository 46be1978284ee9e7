"""The export rows kept between builds: a kept text is used only for the item it was made of."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import REPO

from generator import cachefile, exports
from generator.catalog import Catalog, build_catalog
from generator.content import Site, load_site
from generator.fields import Status
from generator.rowcache import RowCache

TODAY = date(2026, 11, 20)
REPEALED = "content/2023/bmwj-dibao-shenhe-banfa-2023.md"  # status_date 2025-06-01


def _sample() -> Site:
    site = load_site(REPO, today=TODAY).site
    assert site is not None
    return site


def _catalog(site: Site, as_of: date) -> Catalog:
    return build_catalog(site.config, site.items, as_of=as_of)


def test_rows_made_or_kept_are_the_exports_rows_and_saved_only_when_changed(
    tmp_path: Path,
) -> None:
    site = _sample()
    catalog = _catalog(site, TODAY)
    path = tmp_path / "rows.marshal"
    first = RowCache.open(path, "k")
    assert first.rows(catalog, site.digests) == exports.rows(catalog)
    assert first.changed
    first.save()
    assert path.is_file()

    again = RowCache.open(path, "k")
    assert again.rows(catalog, site.digests) == exports.rows(catalog)
    assert not again.changed  # every text kept: nothing to write
    assert len(again.entries) == len(catalog.listed)

    other_key = RowCache.open(path, "another key")  # gkml, catalog.yml or the day changed
    assert other_key.entries == {}


def test_a_kept_text_is_used_for_its_file_and_status_only(tmp_path: Path) -> None:
    site = _sample()
    repealed = next(i for i in site.items if i.path == REPEALED)
    assert repealed.status is not Status.IN_FORCE and repealed.status_date is not None
    cache = RowCache.open(tmp_path / "rows.marshal", "k")
    cache.rows(_catalog(site, TODAY), site.digests)
    marked = {key: (f"kept {key}".encode(), row[1]) for key, row in cache.entries.items()}

    # The same file and status: the kept text is what the export shows.
    cache.entries = dict(marked)
    assert all(
        text.startswith(b"kept ") for text, _ in cache.rows(_catalog(site, TODAY), site.digests)
    )

    # Before its repeal the item was in force: its text is made again, as is that of every
    # item whose status that day was another; the others' texts are kept.
    before = _catalog(site, repealed.status_date - timedelta(days=1))
    now = {i.path: i for i in _catalog(site, TODAY).listed}
    cache.entries = dict(marked)
    made = dict(zip(before.listed, cache.rows(before, site.digests), strict=True))
    assert '"status": "有效"'.encode() in next(
        t for i, (t, _) in made.items() if i.path == REPEALED
    )
    for item, (text, _) in made.items():
        assert text.startswith(b"kept ") == (item == now[item.path]), item.path
    assert sum(not t.startswith(b"kept ") for t, _ in made.values()) >= 1

    # A file whose bytes changed (another SHA-256) has its text made again.
    edited = {**site.digests, REPEALED: "0" * 64}
    cache.entries = dict(marked)
    catalog = _catalog(site, TODAY)
    remade = dict(zip((i.path for i in catalog.listed), cache.rows(catalog, edited), strict=True))
    assert not remade[REPEALED][0].startswith(b"kept ")
    assert remade[REPEALED] == exports.row(catalog, repealed)


def test_a_changed_row_is_saved_beside_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild after one item's edit writes the entries added and forgotten beside the
    whole file (25 MB at 20,000 items), which keeps its inode and time."""
    site = _sample()
    catalog = _catalog(site, TODAY)
    path = tmp_path / "rows.marshal"
    first = RowCache.open(path, "k")
    first.rows(catalog, site.digests)
    first.save()
    before = path.stat()

    edited = {**site.digests, REPEALED: "0" * 64}  # the file's bytes changed: a new entry
    cache = RowCache.open(path, "k")
    cache.rows(catalog, edited)
    cache.save()
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    changes = tmp_path / "rows-changes.marshal"
    assert changes.is_file()
    again = RowCache.open(path, "k")
    assert again.entries == cache.entries  # the new entry in, the old one out
    assert again.rows(catalog, edited) == exports.rows(catalog)
    assert not again.changed

    # Past PENDING_MAX changes the whole file is written again; changes left from before
    # it are not its, and are not applied (the edited entry would come back).
    earlier = changes.read_bytes()
    monkeypatch.setattr(cachefile, "PENDING_MAX", 0)
    back = RowCache.open(path, "k")
    back.rows(catalog, site.digests)
    back.save()
    assert path.stat().st_ino != before.st_ino
    assert not changes.exists()
    changes.write_bytes(earlier)
    stale = RowCache.open(path, "k")
    assert stale.entries == back.entries
    assert stale.rows(catalog, site.digests) == exports.rows(catalog)
    assert not stale.changed
