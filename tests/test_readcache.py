"""The read cache: an unchanged file's check is reused, a changed one (or one whose attachment or
linked file changed) is read again, and a cached result is the result a read gives."""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import date
from datetime import time as time_of_day
from pathlib import Path

import pytest
from conftest import copy_sample

from generator import cachefile, content
from generator.content import READ_CACHE, load_site
from generator.diagnostics import Diagnostic
from generator.item import Allowance, Amendment, BodyLink, Item
from generator.readcache import ReadCache, cache_key, decode, encode
from generator.reader import ReadResult
from generator.yamlnodes import Position

TODAY = date(2026, 11, 20)
_PAST = time.time() - 86_400
POLICY = "content/2024/bmwj-yanglao-yunying-butie-banfa.md"
# Its interpretation, whose body links to it: its read looked at POLICY (the link's check), so
# a change of POLICY's size or time reads it again too.
LINKING = "content/2024/zcjd-yanglao-yunying-butie.md"
ATTACHMENT = "content/2024/files/yunying-butie-shenqingbiao.docx"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path / "src")
    for path in root.rglob("*"):
        os.utime(path, (_PAST, _PAST))
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The item files that load_site really reads (instead of taking them from the cache)."""
    found: list[str] = []
    real = content.read_item

    def read_item(rel: str, data: bytes, ctx: object) -> ReadResult:
        found.append(rel)
        return real(rel, data, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(content, "read_item", read_item)
    return found


def load(root: Path) -> content.LoadResult:
    return load_site(root, today=TODAY, cache=root / ".gkml-cache")


def same_items(a: tuple[Item, ...], b: tuple[Item, ...]) -> None:
    assert a == b
    for x, y in zip(a, b, strict=True):  # the fields equality leaves out
        assert dict(x.positions) == dict(y.positions), x.path
        assert x.body_links == y.body_links, x.path


def test_every_sample_item_comes_back_from_its_encoding(site: Path) -> None:
    items = load_site(site, today=TODAY).site.items  # type: ignore[union-attr]
    assert any(i.attachments for i in items) and any(i.source for i in items)
    for item in items:
        result = ReadResult(item, (), frozenset({2031}), ("x/1", item.positions["index_no"]))
        back = decode(encode(result))
        same_items((back.item,), (item,))  # type: ignore[arg-type]
        assert back.estimated_years == {2031} and back.declared == result.declared
    # A new Item field must be added to the encoding too: this fails until it is.
    assert len(encode(ReadResult(items[0], (), frozenset()))[0]) == len(dataclasses.fields(Item))
    # and each comes back: the fields no sample item has
    corrected = dataclasses.replace(items[0], corrected=date(2026, 5, 4))
    back = decode(encode(ReadResult(corrected, (), frozenset())))
    assert back.item == corrected and back.item.corrected == date(2026, 5, 4)  # type: ignore[union-attr]


def test_each_part_of_a_result_comes_back_from_its_encoding(site: Path) -> None:
    """The parts most results leave empty, filled: amendments, privacy allowances, a time,
    body links, diagnostics, the references of a file with errors."""
    item = load_site(site, today=TODAY).site.items[0]  # type: ignore[union-attr]
    full = dataclasses.replace(
        item,
        published_time=time_of_day(9, 30),
        amendments=(
            Amendment(date(2025, 1, 2), "640100-108/2024-00001"),
            Amendment(date(2025, 6, 1), "《办法》"),
        ),
        privacy_allow=(Allowance("张三", "法定代表人"),),
        body_links=(BodyLink("content/2024/a.pdf", Position(12, 3), fragment="a.pdf#p2"),),
        valid_from=date(2024, 1, 1),
        valid_until=date(2029, 12, 31),
        status_date=date(2026, 1, 1),
    )
    said = Diagnostic(
        item.path, 3, 4, "warning", "GK203", "related", "中", "en", "改", "fix", "x: y", 2
    )
    where = ("related", "640100-108/2024-00009", Position(8, 5))
    result = ReadResult(full, (said,), frozenset({2030, 2031}), None, ("a.pdf",), "abc", (where,))
    back = decode(encode(result))
    assert back == result
    same_items((back.item,), (full,))  # type: ignore[arg-type]
    assert back.item.published_time == time_of_day(9, 30)  # type: ignore[union-attr]
    assert back.item.status is full.status and back.item.disclosure is full.disclosure  # type: ignore[union-attr]


def test_a_second_load_reads_nothing_and_finds_the_same(site: Path, reads: list[str]) -> None:
    first = load(site)
    assert len(reads) > 30 and (site / ".gkml-cache" / READ_CACHE).is_file()
    assert (site / ".gkml-cache" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    reads.clear()
    second = load(site)
    assert reads == []
    assert first.site is not None and second.site is not None
    same_items(second.site.items, first.site.items)
    assert second.diagnostics == first.diagnostics
    assert second.site.digests == first.site.digests
    uncached = load_site(site, today=TODAY)
    same_items(uncached.site.items, second.site.items)  # type: ignore[union-attr]


def test_a_changed_file_is_read_again(site: Path, reads: list[str]) -> None:
    load(site)
    reads.clear()
    path = site / POLICY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 示例市", "title: 新示例市", 1), encoding="utf-8")
    os.utime(path, (_PAST, _PAST))  # the same time as before: the size and ctime tell
    found = load(site)
    assert sorted(reads) == [POLICY, LINKING]
    assert found.site is not None
    assert any(i.title.startswith("新示例市") for i in found.site.items)


def _retitle(site: Path, title: str) -> None:
    path = site / POLICY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", f"title: {title}", 1), encoding="utf-8")
    os.utime(path, (_PAST, _PAST))


def test_a_changed_file_writes_its_change_alone(site: Path, reads: list[str]) -> None:
    """A rebuild after one file's edit wrote the whole cache again (19 MB at 20,000 items,
    0.1 s): it writes the change beside it, and the next load applies it."""
    load(site)
    whole = site / ".gkml-cache" / READ_CACHE
    before = whole.stat()
    _retitle(site, "新")
    reads.clear()
    load(site)
    assert sorted(reads) == [POLICY, LINKING]
    after = whole.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (site / ".gkml-cache" / "read-changes.marshal").is_file()
    reads.clear()
    found = load(site)
    assert reads == []
    uncached = load_site(site, today=TODAY)
    same_items(found.site.items, uncached.site.items)  # type: ignore[union-attr]
    assert found.diagnostics == uncached.diagnostics


def test_many_changes_write_the_whole_cache(
    site: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load(site)
    _retitle(site, "新")
    load(site)
    changes = site / ".gkml-cache" / "read-changes.marshal"
    earlier = changes.read_bytes()  # the changes since the first whole file: POLICY's entry
    monkeypatch.setattr(cachefile, "PENDING_MAX", 0)
    _retitle(site, "再")
    load(site)
    assert not changes.exists()
    reads.clear()
    found = load(site)
    assert reads == []
    assert any(i.title.startswith("再新") for i in found.site.items)  # type: ignore[union-attr]
    # Changes left from before the whole file was written again are not its: not applied
    # (POLICY's entry there is of its earlier text, and would read it again).
    changes.write_bytes(earlier)
    reads.clear()
    again = load(site)
    assert reads == []
    same_items(again.site.items, found.site.items)  # type: ignore[union-attr]


def test_a_file_gone_is_a_change_too(site: Path, reads: list[str]) -> None:
    load(site)
    (site / LINKING).unlink()
    load(site)
    cache = ReadCache.open(site / ".gkml-cache" / READ_CACHE, cache_key(site, TODAY), site)
    assert LINKING not in cache.entries and cache.file.pending == {LINKING: None}


def test_a_changed_attachment_reads_its_item_again(site: Path, reads: list[str]) -> None:
    load(site)
    reads.clear()
    attachment = site / ATTACHMENT
    attachment.write_bytes(attachment.read_bytes() + b"more")
    os.utime(attachment, (_PAST, _PAST))
    found = load(site)
    assert reads == [POLICY]
    item = next(i for i in found.site.items if i.path == POLICY)  # type: ignore[union-attr]
    assert item.attachments[0].size == attachment.stat().st_size
    attachment.unlink()
    reads.clear()
    missing = load(site)
    assert reads == [POLICY]
    assert [d.code for d in missing.diagnostics if d.file == POLICY] == ["GK115"]


def test_a_missing_linked_file_is_noticed_when_it_appears(site: Path, reads: list[str]) -> None:
    path = site / POLICY
    path.write_text(path.read_text(encoding="utf-8") + "\n见[附表](files/later.pdf)。\n", "utf-8")
    os.utime(path, (_PAST, _PAST))
    assert "GK119" in [d.code for d in load(site).diagnostics if d.file == POLICY]
    (site / "content/2024/files/later.pdf").write_bytes(b"%PDF-1.4\n")
    reads.clear()
    found = load(site)
    assert reads == [POLICY]
    assert "GK119" not in [d.code for d in found.diagnostics if d.file == POLICY]


def test_a_named_near_file_that_goes_reads_its_item_again(site: Path, reads: list[str]) -> None:
    """GK119 names the file beside a missing one (分配标 for 分配表): when that file is
    renamed, the cached message would name a file that is not there."""
    path = site / POLICY
    path.write_text(
        path.read_text(encoding="utf-8") + "\n见[附表](files/fenpeibiao.pdf)。\n", "utf-8"
    )
    (site / "content/2024/files/fenpeibiau.pdf").write_bytes(b"%PDF-1.4\n")
    os.utime(path, (_PAST, _PAST))
    first = [d.message_zh for d in load(site).diagnostics if d.code == "GK119"]
    assert any("fenpeibiau.pdf" in m for m in first)
    (site / "content/2024/files/fenpeibiau.pdf").rename(site / "content/2024/files/zzz.xls")
    reads.clear()
    found = load(site)
    assert reads == [POLICY]
    again = [d.message_zh for d in found.diagnostics if d.code == "GK119"]
    assert again and not any("fenpeibiau.pdf" in m for m in again)


def test_a_near_file_that_appears_later_is_named(site: Path, reads: list[str]) -> None:
    """A review: GK119 (and GK115) name the file beside a missing one with the closest name,
    which the check finds in the folder. An editor who wrote 分配标 and then copied 分配表
    into the folder was told, from the cache (`gkml serve`, `gkml build`), only that the
    file was missing; a fresh check named it: the folder is looked at too."""
    path = site / POLICY
    path.write_text(
        path.read_text(encoding="utf-8") + "\n见[附表](files/fenpeibiao.pdf)。\n", "utf-8"
    )
    folder = site / "content/2024/files"
    for touched in (path, folder):
        os.utime(touched, (_PAST, _PAST))
    first = [d.message_zh for d in load(site).diagnostics if d.code == "GK119"]
    assert first and not any("fenpeibiau.pdf" in m for m in first)
    (folder / "fenpeibiau.pdf").write_bytes(b"%PDF-1.4\n")
    os.utime(folder, (_PAST + 60, _PAST + 60))  # not just now: the cache keeps no racy read
    reads.clear()
    found = load(site)
    assert POLICY in reads
    again = [d.message_zh for d in found.diagnostics if d.code == "GK119"]
    assert any("fenpeibiau.pdf" in m for m in again), again


def test_a_near_attachment_that_appears_later_is_named(site: Path, reads: list[str]) -> None:
    """The same for an attachment (GK115): its folder is looked at too."""
    path = site / POLICY
    path.write_text(
        path.read_text(encoding="utf-8").replace("shenqingbiao.docx", "shenqingbiau.docx", 1),
        "utf-8",
    )
    folder = site / "content/2024/files"
    (site / ATTACHMENT).rename(site / "content/2024/elsewhere.docx")
    for touched in (path, folder):
        os.utime(touched, (_PAST, _PAST))
    first = [d.message_zh for d in load(site).diagnostics if d.code == "GK115"]
    assert first and not any("shenqingbiao.docx" in m for m in first)
    (site / "content/2024/elsewhere.docx").rename(site / ATTACHMENT)
    os.utime(folder, (_PAST + 60, _PAST + 60))  # not just now: the cache keeps no racy read
    reads.clear()
    found = load(site)
    assert POLICY in reads
    again = [d.message_zh for d in found.diagnostics if d.code == "GK115"]
    assert any("shenqingbiao.docx" in m for m in again), again


def test_catalog_yml_or_the_day_changed_reads_everything(site: Path, reads: list[str]) -> None:
    load(site)
    count = len(reads)
    reads.clear()
    load_site(site, today=date(2026, 11, 21), cache=site / ".gkml-cache")
    assert len(reads) == count
    reads.clear()
    config = site / "catalog.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    load_site(site, today=date(2026, 11, 21), cache=site / ".gkml-cache")
    assert len(reads) == count


def test_a_file_changed_just_before_its_read_is_not_kept(site: Path, reads: list[str]) -> None:
    # Changed "now": it could change again within the clock's resolution. A few seconds
    # ahead, so that a slow machine cannot start the read more than a second after it.
    soon = time.time_ns() + 5 * 10**9
    os.utime(site / POLICY, ns=(soon, soon))
    load(site)
    reads.clear()
    load(site)
    assert sorted(reads) == [POLICY, LINKING]


def test_a_damaged_cache_is_ignored(site: Path, reads: list[str]) -> None:
    first = load(site)
    (site / ".gkml-cache" / READ_CACHE).write_bytes(b"\x00not marshal")
    reads.clear()
    found = load(site)
    assert len(reads) > 30
    same_items(found.site.items, first.site.items)  # type: ignore[union-attr]
    other = ReadCache.open(site / ".gkml-cache" / READ_CACHE, "another key", site)
    assert other.entries == {}
    before = cache_key(site, TODAY)
    config = site / "catalog.yml"
    config.write_bytes(config.read_bytes() + b"\n# a comment\n")
    assert cache_key(site, TODAY) != before  # catalog.yml is in the key, byte for byte
    config.unlink()
    assert cache_key(site, TODAY) not in (before, "")  # none: a key still (the check reports)


def test_a_nul_in_a_linked_path_is_no_file() -> None:
    """A walk: a body's `[x](a%00.pdf)` passed the check (GK119, a warning) and stopped the
    build with `ValueError: embedded null byte` where the read cache looked at the file."""
    from generator.readcache import probe_signature

    assert probe_signature(Path("content/a\0.pdf")) is None
