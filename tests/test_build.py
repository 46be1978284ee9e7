"""`gkml build` end to end: the sample site, links, non-public bodies, determinism, --as-of,
incremental rebuilds and failed builds."""

from __future__ import annotations

import csv
import gzip
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jsonschema
import pytest
from conftest import (
    MINIMAL,
    SITES_DIR,
    MakeSite,
    RunGkml,
    copy_sample,
    item_text,
    set_search_engine,
)
from linkcheck import broken_links

from benchmarks import corpus, run
from generator import build as build_module
from generator import exports, pagefindindex, stylesheet
from generator.build import BuildError, build_site
from generator.catalog import build_catalog
from generator.config import load_config
from generator.content import load_site
from generator.edition import to_traditional
from generator.fields import Status

REPO = Path(__file__).resolve().parent.parent
SAMPLE_AS_OF = "2026-11-20"
CANARY_WITHHELD = "金丝雀甲：此句只应存在于不予公开文件的正文之中"
CANARY_ON_REQUEST = "金丝雀乙：此句只应存在于依申请公开文件的正文之中"
CANARY_FILE = "金丝雀丙：只被不公开正文引用的文件"
CANARY_ATTACHMENT = "金丝雀丁：不予公开文件的附件，公开正文也链接到它"
CANARY_HIDDEN = "金丝雀戊：公开正文中网页不显示的注释"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def inodes(root: Path) -> dict[str, int]:
    """Return each file's inode: a file that was written again has a new one."""
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def build(run_gkml: RunGkml, site: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = run_gkml(["build", "--site", site, "--out", out, *extra])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalog of this repository, built once for the module."""
    root = copy_sample(tmp_path_factory.mktemp("sample") / "src")
    out = root.parent / "site"
    result = build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF))
    assert result.stats is not None, [d.message_en for d in result.load.diagnostics]
    return out


# -- the sample site ------------------------------------------------------------------------------
def test_every_link_and_fragment_resolves(sample_site: Path) -> None:
    assert broken_links(sample_site, "/xxgk/") == []


def test_a_related_item_the_page_links_to_already_is_not_listed_again(sample_site: Path) -> None:
    """A reader's walk: the 2025 办法 lists the 2023 one it repealed under 本文件废止或修改的文件,
    and again under 相关文件 (its `related`): a screen reader met the same row twice."""
    page = (sample_site / "items/2025/640100-108-2025-00018.html").read_text(encoding="utf-8")
    old = 'href="../2023/640100-108-2023-00015.html"'  # a link (JSON-LD names it too)
    assert page.count(old) == 1, page.count(old)
    assert "本文件废止或修改的文件" in page


def test_a_related_link_is_shown_from_both_ends(sample_site: Path) -> None:
    """An editor writes `related` on one document; the other lists it back (a lawyer's walk:
    the second document of a joint repeal never mentioned the document it repealed). The
    2025 report names the 2024 one; the 2024 report's file does not name the 2025 one."""
    older = (sample_site / "items/2025/640100-108-2025-00003.html").read_text(encoding="utf-8")
    section = older.split('id="gk-related-title"', 1)[1].split("</section>", 1)[0]
    assert 'href="../2026/640100-108-2026-00002.html"' in section
    newer = (sample_site / "items/2026/640100-108-2026-00002.html").read_text(encoding="utf-8")
    section = newer.split('id="gk-related-title"', 1)[1].split("</section>", 1)[0]
    assert section.count('href="../2025/640100-108-2025-00003.html"') == 1  # not twice


def test_a_listing_is_updated_on_the_day_one_of_its_items_changed(sample_site: Path) -> None:
    """An editor's walk: the 已失效 list gained documents and kept the date of its newest
    publication. In the sample it is the 清明 notice of 2026-03-18; on 2026-05-01 that notice
    expired and the 养老 办法 was amended, both after it."""
    page = (sample_site / "status/not-in-force/index.html").read_text(encoding="utf-8")
    assert '更新日期：<time datetime="2026-05-01">2026年5月1日</time>' in page
    # the 2023 list: its newest publication is of 2023-11-08, the 2023 办法's repeal 2025-06-01
    year = (sample_site / "dates/2023/index.html").read_text(encoding="utf-8")
    assert '更新日期：<time datetime="2025-06-01">' in year
    # a list whose items did not change after their publication keeps the newest one's day
    month = (sample_site / "dates/2025/04/index.html").read_text(encoding="utf-8")
    assert '更新日期：<time datetime="2025-04-25">' in month, month


def test_the_page_kinds_exist(sample_site: Path) -> None:
    for path in (
        "index.html",
        "404.html",
        "search.html",
        "pages/gkzn.html",
        "pages/gkzd.html",
        "pages/ysqgk.html",
        "catalog/fdzdgknr/index.html",
        "catalog/shzz/index.html",
        "status/in-force/index.html",
        "status/not-in-force/index.html",
        "dates/2024/index.html",
        "dates/2024/03/index.html",
        "issuers/640100-108/index.html",
        "feed.xml",
        "feeds/bmwj.xml",
        "catalog.json",
        "catalog.csv",
        "sitemap.xml",
        "robots.txt",
        "assets/gkml.css",
    ):
        assert (sample_site / path).is_file(), path


def test_each_html_page_has_one_h1_and_a_breadcrumb(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count("<h1") == 1, page
        label = "當前位置" if page.is_relative_to(sample_site / "zh-hant") else "当前位置"
        assert f'aria-label="{label}"' in text, page


def test_urls_are_ascii_and_derived_from_index_no(sample_site: Path) -> None:
    for path in sample_site.rglob("*"):
        assert path.relative_to(sample_site).as_posix().isascii(), path
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    first = next(i for i in data["items"] if i["url"])
    expected = f"items/{first['published'][:4]}/{first['index_no'].replace('/', '-')}.html"
    assert first["url"] == expected
    assert (sample_site / expected).is_file()


def test_chinese_emphasis_is_bold(sample_site: Path) -> None:
    page = next(
        p
        for p in (sample_site / "items").rglob("*.html")
        if "五公开" in p.read_text(encoding="utf-8")
    )
    text = page.read_text(encoding="utf-8")
    assert "<strong>“五公开”</strong>" in text
    assert "**" not in text


def test_item_header_banner_and_interpretation_links(sample_site: Path) -> None:
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    items = {i["index_no"]: i for i in data["items"]}
    repealed = next(i for i in items.values() if i["status"] == "废止" and i["url"])
    page = (sample_site / repealed["url"]).read_text(encoding="utf-8")
    assert "本文件已废止" in page
    # 已修改 already has its 已: the banner once said 本文件已已修改.
    amended = next(i for i in items.values() if i["status"] == "已修改" and i["url"])
    amended_page = (sample_site / amended["url"]).read_text(encoding="utf-8")
    assert "<strong>本文件已修改</strong>" in amended_page
    assert not [p for p in sample_site.rglob("*.html") if "已已" in p.read_text(encoding="utf-8")]
    # A screen reader's walk: the repealed 办法 and the one of the same name that replaced it
    # had one window title, and the banner's link, named as the page, read as a link to itself.
    replacing = items[repealed["replaced_by"]]
    assert replacing["title"] == repealed["title"] and replacing["doc_no"]
    window = page[page.index("<title>") + 7 : page.index("</title>")]
    assert window.startswith(f"{repealed['title']}（已废止） - ")
    current = (sample_site / replacing["url"]).read_text(encoding="utf-8")
    assert current[current.index("<title>") + 7 :].startswith(f"{replacing['title']} - ")
    # A reader's walk: on a phone in 长者版 the banner came after a long title, off the first
    # screen; the heading now begins with the state. The one in force has none.
    assert (
        f'<h1><span class="gk-tag gk-tag--warning gk-state">已废止</span>{repealed["title"]}</h1>'
        in page
    )
    assert f"<h1>{replacing['title']}</h1>" in current
    link = re.search(r'依据：<a href="[^"]+"[^>]*>(.*?)</a>', page)
    assert link is not None
    assert link.group(1) == (
        f'{replacing["title"]}（<span translate="no">{replacing["doc_no"]}</span>）'
    )
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "效力状态", "公开属性"):
        assert f'<th scope="row">{label}</th>' in page
    interpretation = next(i for i in items.values() if i["interprets"] and i["url"])
    policy = items[interpretation["interprets"]]
    policy_page = (sample_site / policy["url"]).read_text(encoding="utf-8")
    assert "相关解读" in policy_page
    assert interpretation["title"] in policy_page
    back = (sample_site / interpretation["url"]).read_text(encoding="utf-8")
    assert policy["title"] in back


def test_listings_show_counts_and_update_dates(sample_site: Path) -> None:
    text = (sample_site / "catalog/fdzdgknr/index.html").read_text(encoding="utf-8")
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    under = {"ndbg"}
    count = sum(1 for i in data["items"] if i["category"] not in under)
    assert f"共 {count} 条" in text
    assert "更新日期" in text


def test_exports_parse(sample_site: Path) -> None:
    raw = (sample_site / "catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    assert len(rows) == len(data["items"]) + 1
    assert rows[0][0] == "索引号"
    atom = ET.parse(sample_site / "feed.xml").getroot()
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries
    sitemap = ET.parse(sample_site / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(loc.startswith("https://example.gov.cn/xxgk/") for loc in locs)
    assert "https://example.gov.cn/xxgk/index.html" in locs
    # Both editions, so that search engines find the 繁體 one (a 繁體 reader's walk).
    assert "https://example.gov.cn/xxgk/zh-hant/index.html" in locs
    assert len(locs) == len(set(locs)) == 2 * len([p for p in locs if "/zh-hant/" not in p])


def test_the_traditional_edition_has_feeds_of_its_own(sample_site: Path) -> None:
    """A 繁體 page's feed link led to the simplified feed. Each feed has a 繁體 twin: its
    text converted (the site's fixes too) but for 索引号 and 文号, its entries the 繁體
    pages; each 繁體 page links to its twin."""
    atom = "{http://www.w3.org/2005/Atom}"
    config = load_config(REPO).config
    assert config is not None and config.site.traditional_fixes
    conversion = config.site.conversion()
    assert conversion is not None
    simplified = ET.parse(sample_site / "feed.xml").getroot()
    traditional = ET.parse(sample_site / "zh-hant" / "feed.xml").getroot()
    assert traditional.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant"
    pairs = list(
        zip(simplified.iter(f"{atom}entry"), traditional.iter(f"{atom}entry"), strict=True)
    )
    assert pairs
    for hans, hant in pairs:
        title = hans.findtext(f"{atom}title") or ""
        assert hant.findtext(f"{atom}title") == to_traditional(title, conversion)
        links = [entry.find(f"{atom}link") for entry in (hans, hant)]
        hrefs = [link.get("href", "") if link is not None else "" for link in links]
        assert hrefs[0] and hrefs[1] == f"zh-hant/{hrefs[0]}"
        summary = hant.findtext(f"{atom}summary") or ""
        assert summary.startswith("索引號：") and "效力狀態：" in summary
        for part in (hans.findtext(f"{atom}summary") or "").split("；"):
            if part.startswith(("索引号：", "文号：")):
                assert part.split("：", 1)[1] in summary  # as issued
    titles = [hant.findtext(f"{atom}title") or "" for _, hant in pairs]
    assert any("困難羣衆" in t for t in titles) and not any("睏" in t for t in titles)
    assert any("文號：示民发〔" in (hant.findtext(f"{atom}summary") or "") for _, hant in pairs)
    page = (sample_site / "zh-hant/catalog/bmwj/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="../../feeds/bmwj.xml"' in page  # zh-hant/feeds/bmwj.xml
    assert (sample_site / "zh-hant" / "feeds" / "bmwj.xml").is_file()


def test_a_feed_entry_is_updated_when_its_item_expires_or_is_repealed(sample_site: Path) -> None:
    """A reviewer's walk: an entry's `updated` was its publication's time for good, so a feed
    reader never showed that a document was repealed. It is the status date when later."""
    atom = "{http://www.w3.org/2005/Atom}"
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    by_id = {f"urn:gkml:{r['index_no']}": r for r in records}
    seen = later = 0
    feed_files = [sample_site / "feed.xml", *sorted((sample_site / "feeds").glob("*.xml"))]
    for feed in feed_files:
        root = ET.parse(feed).getroot()
        stamps = []
        for entry in root.findall(f"{atom}entry"):
            record = by_id[entry.findtext(f"{atom}id", "")]
            published = entry.findtext(f"{atom}published", "")
            updated = entry.findtext(f"{atom}updated", "")
            changed = record["status"] != "有效" and record["status_date"] > published[:10]
            expected = f"{record['status_date']}T00:00:00+08:00" if changed else published
            assert updated == expected, (feed.name, record["index_no"])
            seen += 1
            later += changed
            stamps.append(updated)
        assert root.findtext(f"{atom}updated") == max(stamps), feed.name
    assert seen > 20 and later > 0, (seen, later)


def test_feeds_carry_items_on_request_with_ids_that_do_not_depend_on_base_url(
    sample_site: Path, tmp_path: Path
) -> None:
    """A re-user's walk: a 依申请公开 item was on the home page and in catalog.json but in no
    feed, and every entry's id was its page's address once `base_url` was set, so setting or
    moving it made each entry look new. An item on request is an entry linking to the
    how-to-apply page, its summary saying how to apply; ids are `urn:gkml:` + 索引号; the
    column, status, disclosure and topics are categories a harvester can filter on."""
    atom = "{http://www.w3.org/2005/Atom}"
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    on_request = {r["index_no"]: r for r in records if r["disclosure"] == "依申请公开"}
    assert on_request
    root = ET.parse(sample_site / "feed.xml").getroot()
    entries = {e.findtext(f"{atom}id", ""): e for e in root.findall(f"{atom}entry")}
    found = [entries[f"urn:gkml:{n}"] for n in on_request if f"urn:gkml:{n}" in entries]
    assert found, "no 依申请公开 item among the site feed's entries"
    for entry in found:
        link = entry.find(f"{atom}link")
        assert link is not None and link.get("href") == "pages/ysqgk.html"
        record = on_request[entry.findtext(f"{atom}id", "").removeprefix("urn:gkml:")]
        summary = entry.findtext(f"{atom}summary", "")
        assert "公开属性：依申请公开" in summary and record["reason"] in summary
        terms = {(c.get("scheme"), c.get("term")) for c in entry.findall(f"{atom}category")}
        assert ("urn:gkml:disclosure", "依申请公开") in terms
        assert ("urn:gkml:column", record["category"]) in terms
        assert {("urn:gkml:topic", t) for t in record["topics"]} <= terms
    assert all(e.startswith("urn:gkml:") for e in entries)
    # A repeal or amendment names its basis (a lawyer's walk: a feed said 废止 and not by what).
    titles = {r["index_no"]: r["title"] for r in records}
    named = 0
    for number, entry in entries.items():
        record = next(r for r in records if f"urn:gkml:{r['index_no']}" == number)
        if record["replaced_by"]:
            basis = titles.get(record["replaced_by"], record["replaced_by"])
            assert f"依据：{basis}" in entry.findtext(f"{atom}summary", ""), number
            named += 1
    assert named
    # The same site without base_url: the same ids.
    site = copy_sample(tmp_path / "nobase")
    config = site / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    assert "  base_url: https://example.gov.cn/xxgk/\n" in text
    config.write_text(text.replace("  base_url: https://example.gov.cn/xxgk/\n", ""), "utf-8")
    build_site(site, tmp_path / "out", as_of=date.fromisoformat(SAMPLE_AS_OF), search_index=False)
    other = ET.parse(tmp_path / "out" / "feed.xml").getroot()
    assert [e.findtext(f"{atom}id") for e in other.findall(f"{atom}entry")] == list(entries)


def test_a_column_feed_is_the_feed_of_its_columns_page(sample_site: Path) -> None:
    """A reader's walk: each column feed's web page (its feed-level alternate link) was the
    home page. It is the column's listing, in the feed's own edition; the site feed's is the
    home page."""
    atom = "{http://www.w3.org/2005/Atom}"

    def page_of(feed: Path) -> str:
        root = ET.parse(feed).getroot()
        alternates = [
            link.get("href", "")
            for link in root.findall(f"{atom}link")
            if link.get("rel") == "alternate"
        ]
        assert len(alternates) == 1, feed
        return alternates[0]

    assert page_of(sample_site / "feed.xml") == "index.html"
    assert page_of(sample_site / "zh-hant" / "feed.xml") == "zh-hant/index.html"
    columns = sorted((sample_site / "feeds").glob("*.xml"))
    assert len(columns) > 3
    for feed in columns:
        for edition in ("", "zh-hant/"):
            page = page_of(sample_site / edition / "feeds" / feed.name)
            assert page == f"{edition}catalog/{feed.stem}/index.html", feed
            listing = (sample_site / page).read_text(encoding="utf-8")
            # The listing links back to this very feed (its own edition's).
            assert f'href="../../feeds/{feed.name}"' in listing


def test_a_sitemap_past_the_protocols_limit_becomes_an_index() -> None:
    """sitemaps.org allows 50,000 addresses a file: past that, sitemap.xml lists files of
    that many at most, and every address is in exactly one of them."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    base = "https://example.gov.cn/xxgk/"
    paths = [f"items/2024/{n:05d}.html" for n in range(7)]
    files = exports.sitemaps(base, paths, most=3)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{ns}sitemapindex"
    assert [e.text for e in index.iter(f"{ns}loc")] == [f"{base}sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [
        [e.text for e in ET.fromstring(files[f"sitemap-{n}.xml"]).iter(f"{ns}loc")]
        for n in (1, 2, 3)
    ]
    assert [len(part) for part in listed] == [3, 3, 1]
    assert sorted(loc for part in listed for loc in part) == [base + p for p in paths]
    assert list(exports.sitemaps(base, paths, most=7)) == ["sitemap.xml"]


def test_jsonld_is_legislation(sample_site: Path) -> None:
    page = next((sample_site / "items").rglob("*.html")).read_text(encoding="utf-8")
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["@type"] == "Legislation"
    assert data["legislationLegalForce"].startswith("https://schema.org/")


def _jsonld(page: Path) -> dict[str, Any]:
    text = page.read_text(encoding="utf-8")
    start = text.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    found: dict[str, Any] = json.loads(text[start : text.index("</script>", start)])
    return found


def test_jsonld_names_what_an_item_repealed_apart_from_what_it_amended(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """An audit: an item that repealed one document and amended another listed both under
    legislationRepeals, declaring the amended one repealed."""
    root = copy_sample(tmp_path / "src")
    amended = root / "content/2024/bmwj-yanglao-yunying-butie-banfa.md"
    text = amended.read_text(encoding="utf-8")
    amended.write_text(
        text.replace("replaced_by: 640100-108/2026-00021", "replaced_by: 640100-108/2025-00018"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    data = _jsonld(out / "items/2025/640100-108-2025-00018.html")
    assert [r["identifier"] for r in data["legislationRepeals"]] == ["640100-108/2023-00015"]
    assert [r["identifier"] for r in data["legislationChanges"]] == ["640100-108/2024-00012"]


def test_the_metadata_table_gives_when_and_by_what_a_document_stopped_or_changed(
    sample_site: Path,
) -> None:
    """A re-user's walk: the date of a repeal, expiry or amendment and the document behind it
    were only in the banner's sentence. They are rows of the 信息索引 table: 废止日期 and
    废止依据 (失效, 修改 likewise), the basis linking to its page."""
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    pages = {r["index_no"]: r["url"] for r in records}
    numbers = {r["index_no"]: r["doc_no"] for r in records}
    change = {"废止": "废止", "失效": "失效", "已修改": "修改"}
    seen = set()
    with_number = 0
    for record in records:
        if not record["url"]:
            continue
        page = (sample_site / record["url"]).read_text(encoding="utf-8")
        table = page[page.index('<table class="gk-meta">') : page.index("</table>")]
        rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', table))
        if record["status"] == "有效":
            assert not any(k.endswith(("日期", "依据")) and k[:2] in change.values() for k in rows)
            continue
        verb = change[record["status"]]
        seen.add(verb)
        assert f'datetime="{record["status_date"]}"' in rows[f"{verb}日期"], record["index_no"]
        target = record["replaced_by"]
        if target:
            cell = rows[f"{verb}依据"]
            if pages.get(target):
                href = re.search(r'href="([^"]+)"', cell)
                assert href is not None, record["index_no"]
                linked = (sample_site / record["url"]).parent / href.group(1)
                assert linked.resolve() == (sample_site / pages[target]).resolve()
            # with its 文号 (a print walk: the new 办法 has the old one's title), quoted as
            # issued (never converted to 繁體, as the banner's)
            if numbers.get(target):
                quoted = f'（<span translate="no">{numbers[target]}</span>）'
                assert quoted in cell, (record["index_no"], cell)
                with_number += 1
    assert seen == {"废止", "失效", "修改"} and with_number


def test_an_interpretation_says_when_its_policy_stopped_or_changed(sample_site: Path) -> None:
    """A lawyer's walk: the 解读 of a repealed or amended policy said so only by a tag in the
    table at the page's end. A note under its title says what happened to the policy, when,
    and links its basis."""
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    by_index = {r["index_no"]: r for r in records}
    states = {"废止": "已废止", "失效": "已失效", "已修改": "已修改"}
    noted = 0
    for record in records:
        policy = by_index.get(record["interprets"] or "")
        if not record["url"] or policy is None:
            continue
        page = (sample_site / record["url"]).read_text(encoding="utf-8")
        note = re.search(
            r"<strong>本解读所解读的文件(.+?)</strong>（<time datetime=\"(.+?)\"", page
        )
        if policy["status"] == "有效":
            assert note is None, record["index_no"]
            continue
        assert note is not None, record["index_no"]
        assert note.groups() == (states[policy["status"]], policy["status_date"])
        noted += 1
    assert noted


def test_a_document_not_yet_applicable_says_from_when(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A lawyer's walk: between a new 办法's publication and its 施行日期 its page said 有效
    and JSON-LD NotInForce. The page's 效力状态 says from when it applies."""
    root = make_site({"content/2024/640100-108-2024-00001.md": item_text(valid_from="2024-07-01")})
    page = "items/2024/640100-108-2024-00001.html"
    for day, shown in (("2024-06-15", "有效（2024年7月1日起施行）"), ("2024-07-01", "有效")):
        out = tmp_path / day
        assert build(run_gkml, root, out, "--as-of", day)[0] == 0
        html = (out / page).read_text(encoding="utf-8")
        assert f'<th scope="row">效力状态</th><td>{shown}</td>' in html, day
        # and in its row of 现行有效文件 (an editor's walk: nothing said it applied later)
        listing = (out / "status/in-force/index.html").read_text(encoding="utf-8")
        assert f">{shown}</td>" in listing, day


def test_jsonld_links_policies_interpretations_and_replacements_both_ways(
    sample_site: Path,
) -> None:
    """A re-user's walk: an interpretation's JSON-LD did not name its policy, nor the policy
    its interpretations, and a repealed document named from another had no address to
    follow. Each node has `@id` and `url` (the page under base_url); an interpretation names
    its policy under `about`, a policy its interpretations under `subjectOf`, and every
    nested node with a page gives it."""
    base = "https://example.gov.cn/xxgk/"
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    pages = {r["index_no"]: r["url"] for r in records}
    data = {n: _jsonld(sample_site / url) for n, url in pages.items() if url}
    pairs = [
        (n, r["interprets"]) for r in records if (n := r["index_no"]) in data if r["interprets"]
    ]
    assert pairs
    for interpretation, policy in pairs:
        assert data[interpretation]["about"]["identifier"] == policy
        subjects = data[policy]["subjectOf"]
        assert interpretation in [s["identifier"] for s in subjects]
    nested = 0
    for number, node in data.items():
        assert node["@id"] == node["url"] == base + pages[number]
        for key in ("about", "subjectOf", "legislationRepeals", "legislationChanges"):
            value = node.get(key, [])
            for ref in value if isinstance(value, list) else [value]:
                nested += 1
                target = pages[ref["identifier"]]
                assert ref.get("url") == (base + target if target else None), (number, key)
                # a document with no page is named as its feed entry is (a re-walk)
                assert ref["@id"] == (base + target if target else f"urn:gkml:{ref['identifier']}")
    assert nested > len(pairs) * 2


def test_jsonld_names_a_document_without_a_page_as_its_feed_entry_does(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A re-walk: the node of a policy with no page (依申请公开) named from its
    interpretation had no @id, so the graph lost it. It is `urn:gkml:` and its 索引号."""
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                disclosure="依申请公开", reason="请向本机关提出申请。"
            )
        }
    )
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", "2026-01-01")[0] == 0
    about = _jsonld(out / "items/2024/640100-108-2024-00002.html")["about"]
    assert about["@id"] == "urn:gkml:640100-108/2024-00001" and "url" not in about


def test_jsonld_and_exports_give_the_time_of_publication_the_item_gives(sample_site: Path) -> None:
    """A walk: `published: 2026-03-11 09:30` showed its time on the page and in the feeds,
    and JSON-LD gave the day alone."""
    text = (REPO / "content/2026/ghjh-zwgk-yaodian-2026.md").read_text(encoding="utf-8")
    assert "published: 2026-03-11 09:30" in text
    index_no = next(line for line in text.splitlines() if line.startswith("index_no:"))
    stem = index_no.split(":", 1)[1].strip().replace("/", "-")
    page = sample_site / f"items/2026/{stem}.html"
    assert _jsonld(page)["datePublished"] == "2026-03-11T09:30+08:00"
    # catalog.json and .csv give the time in a column of its own: 发布日期 is a day in one
    # form, YYYY-MM-DD, in every item (a program read `2026-03-11 09:30` as no date)
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    record = next(r for r in records if r["index_no"] == index_no.split(":", 1)[1].strip())
    assert all(date.fromisoformat(r["published"]).isoformat() == r["published"] for r in records)
    assert (record["published"], record["published_time"]) == ("2026-03-11", "09:30")
    assert {r["published_time"] for r in records} == {None, "09:30", "10:00"}
    rows = list(csv.DictReader(io.StringIO((sample_site / "catalog.csv").read_text("utf-8-sig"))))
    row = next(r for r in rows if r["索引号"] == record["index_no"])
    assert (row["发布日期"], row["发布时间"]) == ("2026-03-11", "09:30")
    assert all(date.fromisoformat(r["发布日期"]) for r in rows)


# -- non-public bodies ---------------------------------------------------------------------------
def _non_public_items(root: Path) -> None:
    files = root / "content/2025/files"
    files.mkdir(parents=True, exist_ok=True)
    (files / "canary-secret.txt").write_text(CANARY_FILE, encoding="utf-8")
    (files / "canary-attachment.txt").write_text(CANARY_ATTACHMENT, encoding="utf-8")
    common = (
        "issuer: 示例市民政局\nwritten: 2025-06-02\npublished: 2025-06-03\nstatus: 有效\n"
        "category: xzcf\ntopics: [社会组织]\n"
    )
    (root / "content/2025/canary-withheld.md").write_text(
        "---\ntitle: 关于一起案件的内部调查报告\nindex_no: 640100-108/2025-09001\n"
        f"{common}disclosure: 不予公开\nreason: 依据《条例》第十四条不予公开。\n"
        "attachments:\n  - {file: files/canary-attachment.txt, title: 调查材料}\n---\n\n"
        f"{CANARY_WITHHELD}\n\n[材料](files/canary-secret.txt)\n",
        encoding="utf-8",
    )
    (root / "content/2025/canary-on-request.md").write_text(
        "---\ntitle: 关于某项资金分配明细的说明\nindex_no: 640100-108/2025-09002\n"
        f"{common}disclosure: 依申请公开\nreason: 请按依申请公开说明提出申请。\n"
        "attachments:\n  - {file: files/canary-attachment.txt, title: 分配明细表}\n---\n\n"
        f"{CANARY_ON_REQUEST}\n\n[材料](files/canary-secret.txt)\n",
        encoding="utf-8",
    )


def test_a_public_link_to_a_withheld_attachment_stops_the_build(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "src")
    _non_public_items(root)
    public = root / "content/2025/bmwj-binzang-fuwu-guanli-yijian.md"
    public.write_text(
        public.read_text(encoding="utf-8") + "\n[调查材料](files/canary-attachment.txt)\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 1
    assert "GK210" in output and "640100-108/2025-09001" in output
    assert not out.exists()


@pytest.mark.parametrize("alias", [False, True], ids=["direct", "symbolic-link"])
def test_a_link_to_the_attachment_of_an_item_not_yet_published_is_not_followed(
    run_gkml: RunGkml, tmp_path: Path, alias: bool
) -> None:
    """The check cannot know the build's --as-of: the build itself never copies the file, nor a
    symbolic link to it in a public item's folder (a mutation audit: that guard was in no
    test)."""
    root = copy_sample(tmp_path / "src")
    files = root / "content/2026/files"
    files.mkdir(parents=True, exist_ok=True)
    (files / "later.txt").write_text(CANARY_ATTACHMENT, encoding="utf-8")
    (root / "content/2026/later.md").write_text(
        "---\ntitle: 关于明年工作的安排\nindex_no: 640100-108/2026-09003\nissuer: 示例市民政局\n"
        "written: 2026-11-02\npublished: 2026-11-03\nstatus: 有效\ndisclosure: 主动公开\n"
        "category: bmwj\ntopics: [政务公开]\n"
        "attachments:\n  - {file: files/later.txt, title: 安排}\n---\n\n明年的安排。\n",
        encoding="utf-8",
    )
    public = root / "content/2025/bmwj-binzang-fuwu-guanli-yijian.md"
    link = "../2026/files/later.txt"
    if alias:
        (root / "content/2025/files").mkdir(parents=True, exist_ok=True)
        (root / "content/2025/files/anpai.txt").symlink_to("../../2026/files/later.txt")
        link = "files/anpai.txt"
    public.write_text(
        public.read_text(encoding="utf-8") + f"\n[安排]({link})\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", "2025-12-31")
    assert code == 0, output
    assert [p for p in out.rglob("*") if p.is_file() and b"anpai" in p.name.encode()] == []
    assert [p for p in out.rglob("*") if p.is_file() and b"later" in p.name.encode()] == []
    needle = CANARY_ATTACHMENT.encode()
    assert [p for p in out.rglob("*") if p.is_file() and needle in p.read_bytes()] == []


def test_files_with_spaces_percent_and_hash_in_their_names_are_linked(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """Found by feeding gkml odd sites: an attachment saved as `表 2（100%）#1.pdf` was linked
    as written, so the browser asked for `表 2（100%）` (the rest read as a fragment); a body
    link in angle brackets (`<files/表 2.pdf>`, CommonMark's way to write a space) was reported
    as a dead link to `files/表`; a published `说明.html` was linked in the 繁體 edition as a
    page of that edition (`zh-hant/files/…`), which does not exist."""
    root = copy_sample(tmp_path / "src")
    files = root / "content/2025/files"
    files.mkdir(parents=True, exist_ok=True)
    odd = "表 2（100%）#1.pdf"
    (files / odd).write_bytes(b"%PDF-1.4 odd name")
    (files / "说明 文件.html").write_text("<p>说明</p>", encoding="utf-8")
    # A walk: a body's link to `a&b.pdf` was dead and the file unpublished (`&amp;` unread).
    (files / "清单&附表.pdf").write_bytes(b"%PDF-1.4 ampersand")
    (root / "content/2025/odd-names.md").write_text(
        "---\ntitle: 关于附件文件名的测试通知\nindex_no: 640100-108/2025-09010\n"
        "issuer: 示例市民政局\nwritten: 2025-03-01\npublished: 2025-03-05\nstatus: 有效\n"
        "disclosure: 主动公开\ncategory: bmwj\ntopics: [政务公开]\nattachments:\n"
        f'  - {{file: "files/{odd}", title: 统计表}}\n'
        '  - {file: "files/说明 文件.html", title: 说明}\n---\n\n'
        "见[统计表](<files/表 2（100%25）%231.pdf>)、[同一张表](files/表%202（100%25）%231.pdf)"
        "和[说明](<files/说明 文件.html>)、[清单](files/清单&附表.pdf)。\n",
        encoding="utf-8",
    )
    checked = run_gkml(["check", "--site", root])
    assert checked.exit_code == 0 and "GK119" not in checked.stdout, checked.stdout
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    assert broken_links(out, "/xxgk/") == []  # decoded, every link is a file of the site
    for page in (
        "items/2025/640100-108-2025-09010.html",
        "zh-hant/items/2025/640100-108-2025-09010.html",
    ):
        html = (out / page).read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]*files/2025/files/[^"]*)"', html)
        assert len(links) == 6, (page, links)  # two attachments, four body links
        assert (
            'href="../../files/2025/files/清单&amp;附表.pdf"'.replace(
                "../../", "../" * page.count("/")
            )
            in html
        )
        for link in links:  # what a URL's path may hold as it is (WHATWG URL)
            assert not re.search(r"[\s\"#<>?\[\\\]^`{|}]|%(?![0-9A-F]{2})", link), link
            assert "zh-hant/" not in link and "說明" not in link, link


def test_names_a_disc_read_on_windows_cannot_hold_are_published_in_a_form_it_can(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """An archive walk: `统计表（100%）.pdf` went into the bag's manifest as `%25`, as BagIt
    asks, and `sha256sum -c` and bagit-python, which the disc's readme names, failed on an
    intact disc; names with `:` or `?`, or named `con.pdf`, went onto the disc's Windows tree
    as they were. Each is published in a form every one of them holds, and linked so."""
    root = copy_sample(tmp_path / "src")
    files = root / "content/2025/odd"
    files.mkdir(parents=True, exist_ok=True)
    sources = ["统计表（100%）.pdf", "问答：为什么?.pdf", "con.pdf", "末尾有点."]
    for number, name in enumerate(sources):
        (files / name).write_bytes(f"%PDF-1.4 name {number}".encode())
    attachments = "".join(
        f'  - {{file: "odd/{n}", title: 附件{i}}}\n' for i, n in enumerate(sources)
    )
    (root / "content/2025/odd-names.md").write_text(
        "---\ntitle: 关于附件文件名的测试通知\nindex_no: 640100-108/2025-09011\n"
        "issuer: 示例市民政局\nwritten: 2025-03-01\npublished: 2025-03-05\nstatus: 有效\n"
        "disclosure: 主动公开\ncategory: bmwj\ntopics: [政务公开]\nattachments:\n"
        f"{attachments}---\n\n见[统计表](odd/统计表（100%25）.pdf)。\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    published = sorted(p.name for p in (out / "files/2025/odd").iterdir())
    assert published == sorted(
        ["统计表（100％）.pdf", "问答：为什么？.pdf", "con_.pdf", "末尾有点._"]
    )
    for name in published:  # what Windows refuses, and what a BagIt manifest must encode
        assert not re.search(r'[%:*?"<>|\\\x00-\x1f]|[. ]$', name), name
        assert not re.fullmatch(r"(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?", name), name
    assert broken_links(out, "/xxgk/") == []
    page = (out / "items/2025/640100-108-2025-09011.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*统计表[^"]*)"', page)
    assert links and set(links) == {"../../files/2025/odd/统计表（100％）.pdf"}, links
    assert len(links) == 2  # the attachment and the body's link


def test_a_repositorys_hidden_files_are_never_published(run_gkml: RunGkml, tmp_path: Path) -> None:
    """An attachment could name any file of the repository: `../../.git/config` (which may
    hold a remote's address with its token) was published as files/.git/config."""
    root = copy_sample(tmp_path / "src")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    config = root / ".git/config"
    config.write_text(config.read_text() + CANARY_ATTACHMENT + "\n", encoding="utf-8")
    hidden = root / "content/2025/.drafts"
    hidden.mkdir()
    (hidden / "底稿.txt").write_text(CANARY_ATTACHMENT, encoding="utf-8")
    item = root / "content/2025/bmwj-binzang-fuwu-guanli-yijian.md"
    text = item.read_text(encoding="utf-8")
    item.write_text(text + "\n[底稿](.drafts/底稿.txt)\n", encoding="utf-8")
    checked = run_gkml(["check", "--site", root])
    assert checked.exit_code == 0 and "GK119" in checked.stdout and ".drafts" in checked.stdout
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    needle = CANARY_ATTACHMENT.encode()
    assert [p for p in out.rglob("*") if p.is_file() and needle in p.read_bytes()] == []
    front, _, body = text.partition("\n---\n")
    item.write_text(
        f"{front}\nattachments: [{{file: ../../.git/config, title: 配置}}]\n---\n{body}",
        encoding="utf-8",
    )
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 1 and "GK121" in output and ".git/config" in output, output
    assert [p for p in out.rglob("*") if p.is_file() and needle in p.read_bytes()] == []


def _readable(path: Path) -> bytes:
    """Return the bytes of an output file, Pagefind's gzipped index files decompressed."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix.startswith(".pf_") else data


@pytest.mark.parametrize(
    ("list_withheld", "engine"),
    [
        (False, "gkml"),
        (True, "gkml"),
        (False, "pagefind"),
        (True, "pagefind"),
        (False, "pagefind-all"),
    ],
)
def test_non_public_bodies_reach_no_output_file(
    run_gkml: RunGkml, tmp_path: Path, list_withheld: bool, engine: str
) -> None:
    root = copy_sample(tmp_path / "src")
    _non_public_items(root)
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    if list_withheld:
        config.write_text(text.replace("list_withheld_items: false", "list_withheld_items: true"))
    set_search_engine(root, engine)
    # What a public body's page does not show either (a reviewer's walk: the search index held
    # a comment with a `>` in it, a link definition's title and the `[//]: #` note).
    public = root / "content/2024/shjz-dibao-biaozhun-2024.md"
    public.write_text(
        public.read_text(encoding="utf-8")
        + f"\n<!-- 原稿第四部分：\n<p>{CANARY_HIDDEN}一</p>\n-->\n"
        + f"<!-- 金额>100万元：{CANARY_HIDDEN}二 -->\n\n"
        + f'[ref1]: https://www.example.gov.cn/ "{CANARY_HIDDEN}三"\n'
        + f"[//]: # ({CANARY_HIDDEN}四)\n\n"
        # Two walks: a link to a withheld item's file was left as written, its name on the page.
        + "另见[调查报告](../2025/canary-withheld.md)和[说明](../2025/canary-on-request.md)。\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    files = {p: _readable(p) for p in out.rglob("*") if p.is_file()}
    assert any(p.suffix == ".pf_fragment" for p in files) is (engine != "gkml")
    canaries = (CANARY_WITHHELD, CANARY_ON_REQUEST, CANARY_FILE, CANARY_ATTACHMENT, CANARY_HIDDEN)
    # their files' names either (catalog.json and .csv name a public page's attachments)
    marks = (b"canary-withheld", b"canary-on-", b"canary-attachment", b"canary-secret")
    named = [p for p, data in files.items() if any(m in data for m in marks)]
    # no feed entry or sitemap address for a page that is not made (a withheld item listed)
    assert broken_links(out, "/xxgk/") == []
    assert named == []
    assert "另见调查报告和说明。" in (out / "items/2024/640100-108-2024-00026.html").read_text(
        "utf-8"
    )
    # The 繁體 edition converts text: look for the converted sentences too.
    for canary in (*canaries, *(to_traditional(c, "s2t") for c in canaries)):
        needle = canary.encode("utf-8")
        assert [p for p, data in files.items() if needle in data] == [], canary
        # Also not split across a JSON or HTML escape: check a distinctive fragment; and each
        # pair of the canary's first characters as Pagefind's pages spell it, one word a pair,
        # which Pagefind's index holds one by one (its fragments keep no words).
        pairs = pagefindindex.words(canary[:4]).split()[:3]  # 金丝, 丝雀, 雀甲 (or 乙, 丙, 丁)
        for fragment in (canary[4:10], *pairs):
            found = [p for p, data in files.items() if fragment.encode() in data]
            assert found == [], fragment
    if engine != "gkml":  # the same look finds a public body's words in Pagefind's index
        public = pagefindindex.words("殡葬服务").split()[:3]
        indexed = b"".join(data for p, data in files.items() if p.suffix == ".pf_index")
        assert all(word.encode() in indexed for word in public)
    listing = (out / "catalog/xzcf/index.html").read_text(encoding="utf-8")
    assert "关于某项资金分配明细的说明" in listing  # 依申请公开: listed, metadata only
    assert "pages/ysqgk.html" in listing
    assert ("关于一起案件的内部调查报告" in listing) is list_withheld
    assert not (out / "items/2025/640100-108-2025-09001.html").exists()
    assert not (out / "items/2025/640100-108-2025-09002.html").exists()


# -- markdown and links inside bodies -------------------------------------------------------------
def test_body_html_is_sanitized_and_local_files_are_copied(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "src")
    target = next((root / "content/2024").glob("bmwj-*.md"))
    (root / "content/2024/files").mkdir(exist_ok=True)
    (root / "content/2024/files/tu.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    other = next(p for p in sorted((root / "content/2024").glob("*.md")) if p != target)
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text
        + "\n## 附：测试小节\n\n"
        + '<script>alert("x")</script>\n\n<p onclick="steal()">点击</p>\n\n'
        + "[坏链接](javascript:alert(1))\n\n![示意图](files/tu.png)\n\n"
        + f"[另一文件]({other.name})\n\n脚注测试[^1]\n\n[^1]: 脚注内容。\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    data = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    title = target.read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
    url = next(i["url"] for i in data["items"] if i["title"] == title)
    page = (out / url).read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "onclick" not in page
    assert "javascript:" not in page
    assert 'src="../../files/2024/files/tu.png"' in page
    assert (out / "files/2024/files/tu.png").is_file()
    assert 'id="附测试小节"' in page
    assert "脚注内容" in page
    assert ".md" not in page.split('<div class="gk-body">', 1)[1]
    assert broken_links(out, "/xxgk/") == []


# -- determinism, --as-of, incremental, failure ---------------------------------------------------
@pytest.mark.long
def test_two_builds_are_byte_identical_also_in_parallel(run_gkml: RunGkml, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    corpus.generate(400, root, seed=3)
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(run_gkml, root, first, "--as-of", "2026-11-16", "--jobs", "1")[0] == 0
    assert build(run_gkml, root, second, "--as-of", "2026-11-16", "--jobs", "2")[0] == 0
    assert tree_bytes(first) == tree_bytes(second)
    assert broken_links(second, "/xxgk/") == []


def test_as_of_shows_the_catalog_as_it_stood(run_gkml: RunGkml, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    now, then = tmp_path / "now", tmp_path / "then"
    assert build(run_gkml, root, now, "--as-of", SAMPLE_AS_OF)[0] == 0
    items = json.loads((now / "catalog.json").read_text(encoding="utf-8"))["items"]
    repealed = next(i for i in items if i["status"] == "废止" and i["status_date"] and i["url"])
    day = repealed["status_date"]
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert build(run_gkml, root, then, "--as-of", before)[0] == 0
    old = json.loads((then / "catalog.json").read_text(encoding="utf-8"))["items"]
    assert all(i["published"] <= before for i in old)
    assert len(old) < len(items)
    shown = next(i for i in old if i["index_no"] == repealed["index_no"])
    assert shown["status"] == "有效"
    page = (then / repealed["url"]).read_text(encoding="utf-8")
    assert "本文件已废止" not in page


def test_a_document_past_its_period_of_validity_is_shown_expired(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A lawyer's walk: a 有效 document whose 有效期至 had passed stayed 现行有效, InForce and
    有效 on its page, beside the past date, until an editor wrote 失效. From the day after
    valid_until the site shows it expired everywhere; a snapshot of a day before, in force."""
    root = make_site({"content/2024/640100-108-2024-00001.md": item_text(valid_until="2025-12-31")})
    page = "items/2024/640100-108-2024-00001.html"
    for day, status, since in (("2026-01-01", "失效", "2026-01-01"), ("2025-12-31", "有效", None)):
        out = tmp_path / day
        assert build(run_gkml, root, out, "--as-of", day)[0] == 0
        [record] = [
            r
            for r in json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
            if r["index_no"] == "640100-108/2024-00001"
        ]
        assert (record["status"], record["status_date"]) == (status, since)
        html = (out / page).read_text(encoding="utf-8")
        assert ("本文件已失效" in html) == (status == "失效")
        force = _jsonld(out / page)["legislationLegalForce"]
        assert force.endswith("NotInForce" if status == "失效" else "/InForce")
        listing = (out / "status/in-force/index.html").read_text(encoding="utf-8")
        assert ("2024-00001" in listing) == (status == "有效")


def _amended_then_repealed(decision: str, successor: str) -> dict[str, str | bytes | None]:
    """Return the files of 2024-00001, amended by *decision* (2025) and repealed by
    *successor* (2026), and of those two."""
    return {
        "content/2024/640100-108-2024-00001.md": item_text(
            status="废止",
            status_date="2026-07-01",
            replaced_by=successor,
            amendments=f"[{{date: 2025-02-01, by: {decision}}}]",
        ),
        "content/2025/640100-108-2025-00001.md": item_text(
            title="关于修改《示例市民政局2024年政务公开工作要点》的决定",
            index_no=decision,
            doc_no="示民发〔2025〕1号",
            written="2025-01-08",
            published="2025-01-10",
        ),
        "content/2026/640100-108-2026-00001.md": item_text(
            title="示例市民政局政务公开工作规定",
            index_no=successor,
            doc_no="示民发〔2026〕1号",
            written="2026-05-28",
            published="2026-06-01",
        ),
    }


def test_an_amendment_before_a_repeal_is_kept_and_snapshots_show_it(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A lawyer's walk: A, amended by B in 2025 and repealed by C in 2026, lost its amendment
    once repealed: the snapshot of 2025-03-01 said A stood unamended, and neither page linked
    A and B. `amendments` keeps it: the snapshots show each day's state, B's page lists A as
    a document it amended (JSON-LD legislationChanges), A's page and the data files list the
    amendment."""
    policy = "640100-108/2024-00001"
    decision, successor = "640100-108/2025-00001", "640100-108/2026-00001"
    root = make_site(_amended_then_repealed(decision, successor))
    page = "items/2024/640100-108-2024-00001.html"

    def built(day: str) -> tuple[Path, dict[str, Any]]:
        out = tmp_path / day
        code, output = build(run_gkml, root, out, "--as-of", day)
        assert code == 0, output
        assert "GK147" not in output and "GK204" not in output
        records = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
        return out, {r["index_no"]: r for r in records}

    out, records = built("2026-11-16")
    a = records[policy]
    assert (a["status"], a["replaced_by"]) == ("废止", successor)
    assert a["amendments"] == [{"date": "2025-02-01", "by": decision}]
    html = (out / page).read_text(encoding="utf-8")
    assert re.search(
        r'<th scope="row">此前修改</th><td><a href="\.\./2025/640100-108-2025-00001\.html">'
        r"<span>2025年2月1日，依据：关于修改",
        html,
    )
    b = (out / "items/2025/640100-108-2025-00001.html").read_text(encoding="utf-8")
    assert "本文件废止或修改的文件" in b and "../2024/640100-108-2024-00001.html" in b
    changes = _jsonld(out / "items/2025/640100-108-2025-00001.html")["legislationChanges"]
    assert [c["identifier"] for c in changes] == [policy]
    repeals = _jsonld(out / "items/2026/640100-108-2026-00001.html")["legislationRepeals"]
    assert [r["identifier"] for r in repeals] == [policy]
    csv_text = (out / "catalog.csv").read_text(encoding="utf-8-sig")
    assert f"2025-02-01 {decision}" in csv_text

    out, records = built("2025-03-01")
    a = records[policy]
    assert (a["status"], a["status_date"], a["replaced_by"]) == ("已修改", "2025-02-01", decision)
    assert a["amendments"] == [] and successor not in records
    assert "本文件已修改" in (out / page).read_text(encoding="utf-8")

    out, records = built("2025-01-20")
    assert (records[policy]["status"], records[policy]["replaced_by"]) == ("有效", None)


def test_an_item_pages_links_to_other_documents_give_their_address_for_paper(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A print walk: on paper the banner's link to what repealed a document, the 此前修改
    rows and the tables of related documents printed titles alone, and a reader could not
    find the documents. Each such link carries its page's public address in the page's
    edition (data-gk-address, printed after the title); the column's link, the 废止依据 row
    the banner names already, listings and the navigation do not; nor any link of a site
    without base_url."""
    base = "https://example.gov.cn/xxgk/"
    policy = "items/2024/640100-108-2024-00001.html"  # repealed; 00002 is its interpretation
    decision, successor = "640100-108/2025-00001", "640100-108/2026-00001"
    files: dict[str, str | bytes | None] = {**_amended_then_repealed(decision, successor)}
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("site:\n", f"site:\n  base_url: {base}\n", 1)
    out = tmp_path / "out"
    code, output = build(run_gkml, make_site({**files, "catalog.yml": catalog}), out, "--no-search")
    assert code == 0, output

    def addresses(page: str) -> list[tuple[str, str]]:
        """Return each link's printed address and the text before its tag's end (in the span
        that holds a title and its 文号)."""
        html = (out / page).read_text(encoding="utf-8")
        return re.findall(r'<a href="[^"]*" data-gk-address="([^"]*)">(?:<span>)?([^<]{,12})', html)

    for edition in ("", "zh-hant/"):
        items = f"{base}{edition}items"
        found = addresses(edition + policy)
        assert [address for address, _ in found] == [
            f"{items}/2026/640100-108-2026-00001.html",  # the banner's 依据
            f"{items}/2025/640100-108-2025-00001.html",  # 此前修改
            f"{items}/2024/640100-108-2024-00002.html",  # 相关解读
        ], found
        # the interpretation: its note of the policy's repeal, the policy in its table
        assert [a for a, _ in addresses(f"{edition}items/2024/640100-108-2024-00002.html")] == [
            f"{items}/2026/640100-108-2026-00001.html",
            f"{items}/2024/640100-108-2024-00001.html",
        ]
    assert addresses(policy)[1][1] == "2025年2月1日，依据"
    for listing in ("catalog/bmwj/index.html", "status/not-in-force/index.html", "index.html"):
        assert "data-gk-address" not in (out / listing).read_text(encoding="utf-8"), listing

    out = tmp_path / "without"
    code, output = build(run_gkml, make_site(files), out, "--no-search")
    assert code == 0, output
    for page in (policy, "items/2024/640100-108-2024-00002.html"):
        assert "data-gk-address" not in (out / page).read_text(encoding="utf-8"), page

    # A site's own item table made before the addresses (the default theme's of then) still
    # builds with the default item page: the rows say which print an address, and the macro
    # takes no new argument (a site's build failed on `addresses=true` at the first try).
    own = (SITES_DIR / "theme-before-print-addresses/item_table.html").read_text(encoding="utf-8")
    site = make_site({**files, "catalog.yml": catalog, "templates/partials/item_table.html": own})
    out = tmp_path / "own"
    code, output = build(run_gkml, site, out, "--no-search")
    assert code == 0, output
    assert [a for a, _ in addresses(policy)] == [
        f"{base}items/2026/640100-108-2026-00001.html",
        f"{base}items/2025/640100-108-2025-00001.html",
    ]


def test_a_bodys_link_to_its_own_page_prints_no_address(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A print walk: an item whose body links to its own page (its source, its page as
    written, either with a #fragment) printed its address after the link, and 本页地址 at
    the foot printed it again: one address twice on one sheet. The links stay links and
    print no address; a link to another item still prints its own, in each edition."""
    base = "https://example.gov.cn/xxgk/"
    own, other = "items/2024/640100-108-2024-00001.html", "items/2024/640100-108-2024-00002.html"
    body = (
        "见[本通知](640100-108-2024-00001.md)、[第二条](640100-108-2024-00001.md#第二条)、"
        f"[本页](../../{own})、[本页第二条](../../{own}#第二条)"
        "和[另一文件](640100-108-2024-00002.md)。\n\n## 第二条\n\n内容。\n"
    )
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("site:\n", f"site:\n  base_url: {base}\n", 1)
    site = make_site(
        {"catalog.yml": catalog, "content/2024/640100-108-2024-00001.md": item_text(body)}
    )
    out = tmp_path / "out"
    code, output = build(run_gkml, site, out, "--no-search")
    assert code == 0, output
    for edition in ("", "zh-hant/"):
        html = (out / edition / own).read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]*)"([^>]*)>(?:本|第二|另一)[^<]*</a>', html)
        assert [href for href, _ in links] == [
            "640100-108-2024-00001.html",
            f"640100-108-2024-00001.html#{quote('第二条')}",
            "640100-108-2024-00001.html",
            f"640100-108-2024-00001.html#{quote('第二条')}",
            "640100-108-2024-00002.html",
        ], links
        assert [
            a
            for _, attributes in links
            for a in re.findall(r'data-gk-address="([^"]*)"', attributes)
        ] == [f"{base}{edition}{other}"]
        assert f'data-gk-address="{base}{edition}{own}"' not in html
        assert f"<span data-gk-page-url>{base}{edition}{own}</span>" in html


def test_the_in_force_listing_has_the_amended_documents(sample_site: Path) -> None:
    """A lawyer's and an editor's walk: an amended 办法, in force as amended (the annual
    figures count it so: 现行有效 = last year's + 制发 - 废止), was not under 现行有效文件.
    It is, tagged 已修改, and under 已失效、废止或修改的文件 too; 失效 and 废止 are only there."""
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    assert {r["status"] for r in records} == {"有效", "已修改", "废止", "失效"}
    shown = {
        key: (sample_site / f"status/{key}/index.html").read_text(encoding="utf-8")
        for key in ("in-force", "not-in-force")
    }
    for record in records:
        row = f">{record['index_no']}<"
        in_force = record["status"] in ("有效", "已修改")
        assert (row in shown["in-force"]) is in_force, record["index_no"]
        assert (row in shown["not-in-force"]) is (record["status"] != "有效"), record["index_no"]


def test_a_withheld_document_named_by_its_title_or_doc_no_is_named_nowhere(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A re-walk: `replaced_by: 《title》` or an amendment's `by:` 文号 of a 不予公开 document
    put its title and 文号 on the page, in the feeds and in the data files (by its index
    number it was left out). Either way it is left out, and GK213 says so."""
    title, doc_no = "关于内部安全评估ZQX的决定", "示民发〔2024〕90号"
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                status="废止",
                status_date="2024-09-01",
                replaced_by=f"《{title}》",
                amendments=f"[{{date: 2024-06-01, by: {doc_no}}}]",
            ),
            "content/2024/640100-108-2024-00090.md": item_text(
                title=title,
                index_no="640100-108/2024-00090",
                doc_no=doc_no,
                disclosure="不予公开",
                reason="依据《条例》第十四条不予公开。",
                written="2024-05-20",
                published="2024-05-25",
            ),
        }
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", "2026-01-01")
    assert code == 0 and output.count("GK213") == 2, output
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"ZQX" not in data and "〔2024〕90号".encode() not in data, path


def test_a_corrected_mistaken_repeal_leaves_no_trace_of_it(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A lawyer's walk: a repeal undone by writing `status: 有效` back left status_date and
    replaced_by, and the other document's page and JSON-LD said it had amended this one. A
    有效 document's status date and basis are not published (GK145 tells the editor)."""
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                status_date="2024-06-01", replaced_by="640100-108/2024-00002"
            )
        }
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", "2026-01-01")
    assert code == 0 and "GK145" in output
    other = (out / "items/2024/640100-108-2024-00002.html").read_text(encoding="utf-8")
    assert "本文件废止或修改的文件" not in other
    assert "legislationChanges" not in _jsonld(out / "items/2024/640100-108-2024-00002.html")
    [record] = [
        r
        for r in json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
        if r["index_no"] == "640100-108/2024-00001"
    ]
    assert (record["status"], record["status_date"], record["replaced_by"]) == ("有效", None, None)


def test_the_summary_gives_seconds_and_peak_memory_by_stage(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    code, output = build(run_gkml, copy_sample(tmp_path / "src"), tmp_path / "site")
    assert code == 0
    lines = output.splitlines()
    timing = next(line for line in lines if line.startswith("用时 (seconds):"))
    memory = next(line for line in lines if line.startswith("内存峰值"))
    stages = ["check", "plan", "stage", "render", "exports", "swap", "total"]
    assert re.findall(r"([a-z]+) \d+\.\d\ds", timing) == stages
    peaks = re.findall(r"([a-z]+) (\d+)", memory.rpartition(": ")[2])
    assert [name for name, _ in peaks] == stages
    mib = [int(value) for _, value in peaks]
    assert mib == sorted(mib) and mib[0] >= 10  # a peak so far never goes down


def test_a_file_removed_from_the_output_by_hand_is_made_again(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """With no input changed, a build still puts back what was removed from site/ (an editor
    deleting a folder to "force" a rebuild) and removes what was added there."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    expected = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shutil.rmtree(out / "items")
    (out / "stray.html").write_text("not ours", encoding="utf-8")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0 and "Nothing changed" not in output
    rebuilt = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert rebuilt == expected
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0 and "Nothing changed" in output


def test_a_build_into_a_copied_output_counts_the_files_it_takes_away(tmp_path: Path) -> None:
    """An editor's walk: a build into a copy of an earlier output (no manifest of it) said
    "removed 0", and an item's pages were gone afterwards."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF), search_index=False).stats
    copied = tmp_path / "copy"
    shutil.copytree(out, copied)
    before = {p.relative_to(copied) for p in copied.rglob("*") if p.is_file()}
    (root / "content/2025/shzzdj-zhuxiao-gonggao-2025.md").unlink()
    result = build_site(root, copied, as_of=date.fromisoformat(SAMPLE_AS_OF), search_index=False)
    assert result.stats is not None
    after = {p.relative_to(copied) for p in copied.rglob("*") if p.is_file()}
    gone = before - after
    assert len(gone) >= 2  # the item's page in both editions
    assert result.stats.removed == len(gone)


def test_changing_one_item_rewrites_only_what_shows_it(run_gkml: RunGkml, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    before = inodes(out)
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0
    assert "Nothing changed" in output
    assert inodes(out) == before
    touched = next((root / "content/2024").glob("*.md"))
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0
    assert "rendered 0," in output and "wrote 0 files" in output  # same bytes: nothing redone
    assert inodes(out) == before

    data = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["url"] and not i["interprets"])
    source = next(
        p
        for p in (root / "content").rglob("*.md")
        if f"index_no: {item['index_no']}\n" in p.read_text(encoding="utf-8")
    )
    source.write_text(source.read_text(encoding="utf-8") + "\n补充一句正文。\n", encoding="utf-8")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    after = inodes(out)
    changed = sorted(p for p in after if after[p] != before.get(p))
    year = f"search/{item['published'][:4]}/"  # the search index of its year
    # a body change shows on its own page, in both editions, and in the search index: the
    # item's own search record and the postings files of the words that changed.
    pages = [p for p in changed if not p.startswith("search/")]
    assert pages == sorted([item["url"], f"zh-hant/{item['url']}"])
    index = [p for p in changed if p.startswith("search/")]
    assert index and all(p.startswith((year, "search/p/")) for p in index), index
    assert any(p.startswith("search/p/") for p in index)
    assert len([p for p in index if re.fullmatch(r"search/\d+/\d+\.js", p)]) == 1
    assert f"{year}t.js" not in index  # its filter values did not change

    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(f"title: {item['title']}", "title: 一个新的标题"), encoding="utf-8"
    )
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    final = inodes(out)
    changed = {p for p in final if final[p] != after.get(p)}
    assert item["url"] in changed
    assert {"catalog.json", "catalog.csv", item["url"]} <= changed
    assert any(p.startswith("catalog/") for p in changed)  # its column's listing
    untouched_items = [
        p for p in final if p.startswith("items/") and p != item["url"] and p not in changed
    ]
    assert len(untouched_items) > 20  # the other item pages were not rewritten
    postings: list[str] = []
    for path in changed:  # everything rewritten shows the new title
        if path.startswith("search/p/"):  # postings: the title's words
            postings.append((out / path).read_text(encoding="utf-8"))
            continue
        shown = "一個新的標題" if path.startswith("zh-hant/") else "一个新的标题"
        assert shown.encode() in (out / path).read_bytes(), path
    assert all(any(f'"{pair}":' in text for text in postings) for pair in ("新的", "标题"))


def test_a_failed_build_leaves_the_previous_site_untouched(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    before = tree_bytes(out)
    broken = next((root / "content/2024").glob("*.md"))
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("---\n", "---\n效历状态: 有效\n", 1), encoding="utf-8")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 1
    assert "GK" in output and "unchanged" in output
    assert tree_bytes(out) == before
    # No staging folder left behind; beside the site only the copy its first build left.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "site", "src"]


@pytest.mark.parametrize(
    "inside", ["content/site", "templates/site", "templates", ".gkml-cache/site"]
)
def test_build_refuses_an_output_folder_among_its_inputs(
    run_gkml: RunGkml, tmp_path: Path, inside: str
) -> None:
    """Found by feeding gkml odd sites: `--out templates` built, and the next build took the
    pages written there for the site's own templates. Inside the build cache, each build
    cleared the caches it found there (a QA pass)."""
    root = copy_sample(tmp_path / "src")
    (root / "templates").mkdir(exist_ok=True)
    before = tree_bytes(root)
    code, output = build(run_gkml, root, root / inside, "--as-of", SAMPLE_AS_OF)
    assert code == 2
    assert "content/、templates/、.gkml-cache/ 之内" in output
    assert "inside content/, templates/ or .gkml-cache/" in output
    after = {p: b for p, b in tree_bytes(root).items() if not p.startswith(".gkml-cache/")}
    assert after == before  # the check's cache aside, nothing written


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_traceback(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """Found by feeding gkml odd input: an output on a read-only share (or under a file)
    stopped the build with a PermissionError (NotADirectoryError) traceback. Under a file,
    the file is named now, before anything is built (exit 2)."""
    root = copy_sample(tmp_path / "src")
    (tmp_path / "a-file").write_text("不是文件夹", encoding="utf-8")
    code, output = build(run_gkml, root, tmp_path / "a-file/site", "--as-of", SAMPLE_AS_OF)
    assert code == 2
    assert f"“{tmp_path / 'a-file'}” 是一个文件，不是文件夹" in output, output
    assert "Traceback" not in output
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "不是文件夹"


def test_build_refuses_to_replace_a_folder_it_did_not_make(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "src")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    code, output = build(run_gkml, root, precious)
    assert code == 2
    assert "will not replace" in output
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_site_without_templates_uses_the_default_theme_and_may_override(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    default_css = (out / "assets/gkml.css").read_bytes()
    # gkml's own stylesheet is served without its comments (a quarter of its bytes), its
    # rules unchanged; a site's own is served as written (a comment may be its licence).
    source = (REPO / "templates/assets/gkml.css").read_bytes()
    assert b"/*" in source and b"/*" not in default_css
    assert len(default_css) < len(source) * 0.8
    assert default_css == stylesheet.compact(stylesheet.without_comments(source))
    (root / "templates/assets").mkdir(parents=True)
    own_css = "/* 版权所有：示例市民政局 */\nbody{color:#000}\n"
    (root / "templates/assets/gkml.css").write_text(own_css, encoding="utf-8")
    (root / "templates/404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>本站没有这个页面</h1>{% endblock %}\n',
        encoding="utf-8",
    )
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    assert (out / "assets/gkml.css").read_text(encoding="utf-8") == own_css
    assert "本站没有这个页面" in (out / "404.html").read_text(encoding="utf-8")
    assert "<h1>" in (out / "index.html").read_text(encoding="utf-8")


def test_one_render_for_both_editions_makes_the_pages_two_renders_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gkml's own templates render each page once for both editions (`editionpair`); a site
    with a template of its own, here a copy of gkml's, renders each edition apart. Every file
    of the two sites is the same, and no mark of a pair is left in any."""
    once = copy_sample(tmp_path / "once")
    twice = copy_sample(tmp_path / "twice")
    (twice / "templates").mkdir()
    shutil.copy2(REPO / "templates/page.html", twice / "templates/page.html")
    as_of = date.fromisoformat(SAMPLE_AS_OF)
    rendered = {"": 0}
    real = build_module._rendered

    def counted(*args: Any) -> str:
        rendered[""] += 1
        return real(*args)

    monkeypatch.setattr(build_module, "_rendered", counted)
    renders = []
    for root in (once, twice):
        rendered[""] = 0
        result = build_site(root, tmp_path / f"{root.name}-site", as_of=as_of, workers=1)
        assert result.stats is not None
        renders.append((rendered[""], result.stats.pages))
    assert renders[0][0] == renders[0][1] and renders[1][0] == 2 * renders[1][1]
    pages = tree_bytes(tmp_path / "once-site")
    assert pages == tree_bytes(tmp_path / "twice-site")
    assert len(pages) > 400 and any(p.startswith("zh-hant/items/") for p in pages)
    marks = re.compile("[\ue010-\ue015]")
    left = [p for p, data in pages.items() if marks.search(data.decode("utf-8", "replace"))]
    assert left == []


def test_each_edition_is_named_in_its_own_script(sample_site: Path) -> None:
    """The switch on a 繁體 page read 簡體, converted with the page, under lang="zh-CN"."""
    switch = re.compile(r'hreflang="(zh-[A-Za-z]+)" translate="no">([^<]*)</a>')
    hans = (sample_site / "index.html").read_text(encoding="utf-8")
    hant = (sample_site / "zh-hant/index.html").read_text(encoding="utf-8")
    assert switch.findall(hans) == [("zh-Hant", "繁體")]
    assert switch.findall(hant) == [("zh-CN", "简体")]


def test_only_the_disc_edition_carries_the_archive_note(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert not any("gk-archived" in p.read_text(encoding="utf-8") for p in pages)
    assert 'href="/xxgk/assets/gkml.css"' in (sample_site / "404.html").read_text(encoding="utf-8")


def test_a_theme_without_the_qr_code_draws_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code is drawn when a template shows it: a site's item page without it costs none."""
    from generator import qr

    drawn: list[str] = []
    real = qr.qr_svg

    def counted(url: str) -> Any:
        drawn.append(url)
        return real(url)

    monkeypatch.setattr(qr, "qr_svg", counted)
    root = copy_sample(tmp_path / "src")
    as_of = date.fromisoformat(SAMPLE_AS_OF)
    build_site(root, tmp_path / "with", as_of=as_of, workers=1, search_index=False)
    assert drawn and all(u.startswith("https://example.gov.cn/xxgk/") for u in drawn)
    shown = len(drawn)
    assert shown == sum(
        "gk-qr__code" in p.read_text(encoding="utf-8") for p in (tmp_path / "with").rglob("*.html")
    )
    drawn.clear()
    (root / "templates").mkdir()
    (root / "templates/item.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1>{{ body|safe }}'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    build_site(root, tmp_path / "without", as_of=as_of, workers=1, search_index=False)
    assert drawn == []
    assert not any(
        "gk-qr__code" in p.read_text(encoding="utf-8")
        for p in (tmp_path / "without").rglob("*.html")
    )


@pytest.mark.parametrize(
    ("template", "line", "named"),
    [
        (
            "{% extends 'base.html' %}\n{% block main %}\n<h1>{{ titel }}</h1>{% endblock %}\n",
            3,
            "titel",
        ),
        (
            "{% extends 'base.html' %}\n{% block main %}\n{% if %}{% endblock %}\n",
            3,
            "语法错误（Expected an expression",
        ),
        (
            "{% extends 'base.html' %}\n{% block main %}\n<h1>{{ site.organisation.x }}</h1>"
            "{% endblock %}\n",
            3,
            "用了不存在的变量或属性（'SiteSettings' has no attribute 'organisation'）",
        ),
        (
            # An IT person's walk: a base.html from an older gkml unpacked what is now an
            # object, and the build printed a Python traceback.
            "{% extends 'base.html' %}\n{% block main %}<h1>x</h1>\n"
            "{% for label, value in nav %}{{ label }}{% endfor %}{% endblock %}\n",
            3,
            "有误（cannot unpack non-iterable Link object）",
        ),
    ],
    ids=["misspelt-variable", "syntax-error", "misspelt-setting", "runtime-error"],
)
def test_a_broken_template_is_reported_with_its_line_and_nothing_changes(
    run_gkml: RunGkml, tmp_path: Path, template: str, line: int, named: str
) -> None:
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    before = tree_bytes(out)
    (root / "templates").mkdir()
    (root / "templates/404.html").write_text(template, encoding="utf-8")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code != 0
    assert f"templates/404.html:{line}" in output and named in output, output
    assert "Traceback" not in output and "模板" in output and "template error" in output
    assert "generator." not in output and ".。" not in output
    assert tree_bytes(out) == before


def test_a_template_that_is_not_utf8_is_named_with_its_encoding(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """An IT person's walk: a base.html saved in GBK (Notepad's "ANSI" on Chinese Windows)
    stopped the build with a traceback that named gkml's own home.html."""
    root = copy_sample(tmp_path / "src")
    (root / "templates").mkdir()
    base = (REPO / "templates/base.html").read_text(encoding="utf-8").replace("©", "(c)")
    (root / "templates/base.html").write_bytes(
        base.replace("主办单位", "主办单位：本局").encode("gbk")
    )
    code, output = build(run_gkml, root, tmp_path / "site", "--as-of", SAMPLE_AS_OF)
    assert code != 0 and "Traceback" not in output, output
    assert "模板文件 templates/base.html 不是 UTF-8 编码，看起来是 GBK/GB18030" in output
    assert "iconv -f GB18030 -t UTF-8 templates/base.html" in output


def test_a_template_saved_with_a_byte_order_mark_puts_none_in_pages(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """An IT person's walk: a base.html Notepad saved with a BOM put one at the head of every
    page (and a partial's inside a body)."""
    root = copy_sample(tmp_path / "src")
    (root / "templates").mkdir()
    base = (REPO / "templates/base.html").read_bytes()
    (root / "templates/base.html").write_bytes(b"\xef\xbb\xbf" + base)
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    assert (out / "index.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_a_neighbour_without_a_page_says_why(sample_site: Path) -> None:
    """A readers' walk: 上一篇 named a 依申请公开 item as plain text, with nothing to say why
    it was no link; it carries the tag a listing's row does, linked to the how-to-apply page."""
    records = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    on_request = {r["title"] for r in records if r["disclosure"] == "依申请公开"}
    found = 0
    for page in (sample_site / "items").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for title in on_request:
            for label in ("上一篇（较新）", "下一篇（较早）"):
                if f"{label}：{title}" in html:
                    assert (
                        f'{label}：{title} <a class="gk-tag" href="../../pages/ysqgk.html">依申请公开</a>'
                        in html
                    )
                    found += 1
    assert found > 0


def test_a_template_whose_main_block_is_misspelt_stops_the_build(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A maintainer's walk: `{% block mian %}` in a site's own item.html published every item
    page with an empty <main>, and the build said it went well."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    before = tree_bytes(out)
    (root / "templates").mkdir()
    item = (REPO / "templates/item.html").read_text(encoding="utf-8")
    assert item.count("{% block main %}") == 1
    (root / "templates/item.html").write_text(
        item.replace("{% block main %}", "{% block mian %}"), encoding="utf-8"
    )
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code != 0
    assert "模板 item.html 生成的网页没有标题（<h1>）" in output and "block main" in output
    assert "Traceback" not in output
    assert tree_bytes(out) == before


@pytest.mark.parametrize("link", ["templates/404.html", "templates"], ids=["file", "folder"])
def test_a_broken_link_in_the_sites_templates_stops_the_build(
    run_gkml: RunGkml, tmp_path: Path, link: str
) -> None:
    """Found by feeding gkml odd sites: a link to a template moved away built the default
    theme's page of that name, silently; the site asked for its own."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    before = tree_bytes(out)
    (root / link).parent.mkdir(exist_ok=True)
    (root / link).symlink_to(tmp_path / "moved-away")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code != 0
    assert f"{link} 无法读取" in output and f"theme file {link} cannot be read" in output, output
    assert "Traceback" not in output and "a link to a file moved or deleted" in output
    assert tree_bytes(out) == before


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated 400-item site (enough pages to render in parallel), built once."""
    root = tmp_path_factory.mktemp("parallel") / "corpus"
    corpus.generate(400, root, seed=5)
    out = root.parent / "site"
    assert build_site(root, out, as_of=date(2026, 11, 16), workers=2).stats is not None
    return root, out


def copy_built(
    built_corpus: tuple[Path, Path], tmp_path: Path, *, change_every_item: bool = False
) -> tuple[Path, Path, dict[str, bytes]]:
    """Copy the built corpus into *tmp_path*; return its root, output and the output's bytes.

    The copied output is new to the build cache: a build into it renders every page.
    """
    source, built = built_corpus
    root, out = tmp_path / "corpus", tmp_path / "site"
    shutil.copytree(source, root)
    shutil.copytree(built, out)
    if change_every_item:
        for path in (root / "content").rglob("*.md"):
            path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    return root, out, tree_bytes(out)


def test_a_template_error_in_a_parallel_render_is_reported_and_nothing_changes(
    run_gkml: RunGkml, built_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out, before = copy_built(built_corpus, tmp_path)
    (root / "templates").mkdir()
    (root / "templates/item.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}\n<h1>{{ titel }}</h1>{% endblock %}\n",
        encoding="utf-8",
    )
    code, output = build(run_gkml, root, out, "--as-of", "2026-11-16", "--jobs", "2")
    assert code != 0
    assert "templates/item.html:3" in output and "titel" in output, output
    assert "Traceback" not in output
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "site"]  # no staging left
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("work", ["_render_one", "_key"])
def test_a_helper_that_dies_fails_the_build_and_nothing_changes(
    work: str, built_corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper rendering pages, or making the pages' keys, killed (out of memory)."""
    root, out, before = copy_built(built_corpus, tmp_path, change_every_item=True)
    main_pid = os.getpid()
    done_here = getattr(build_module, work)

    def dies_in_a_helper(*args: Any) -> Any:
        if os.getpid() != main_pid:
            os._exit(3)  # as if killed (out of memory)
        return done_here(*args)

    monkeypatch.setattr(build_module, "_PARALLEL_KEYS_FROM", 0)  # the keys with a helper too
    monkeypatch.setattr(build_module, work, dies_in_a_helper)
    with pytest.raises(BuildError, match="helper process stopped"):
        build_site(root, out, as_of=date(2026, 11, 16), workers=2)
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "site"]  # no staging left
    assert multiprocessing.active_children() == []


def test_the_pages_keys_made_with_a_helper_are_those_one_process_makes(
    built_corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.plan import Plan

    root, _ = built_corpus
    site = load_site(root, today=date(2026, 11, 16)).site
    assert site is not None
    catalog = build_catalog(site.config, site.items, as_of=date(2026, 11, 16))
    jobs = Plan(catalog, site.pages, sources=site.digests).jobs()
    ran: list[tuple[int, bool]] = []  # each meanwhile's call: (which, told helpers share)
    alone = build_module._keys(
        root, "f", jobs, site.digests, 1, meanwhile=lambda shared: ran.append((1, shared))
    )
    assert ran == [(1, False)] and len(set(alone)) == len(jobs)

    makers = tmp_path / "makers"  # the process that made each key, one line per key
    key = build_module._key

    def recorded(*args: Any) -> str:
        with makers.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return key(*args)

    monkeypatch.setattr(build_module, "_PARALLEL_KEYS_FROM", 0)
    monkeypatch.setattr(build_module, "_KEY_CHUNK", 20)
    monkeypatch.setattr(build_module, "_key", recorded)
    here = str(os.getpid())

    def until_a_helper_made_one(shared: bool) -> None:  # a helper may start late
        ran.append((2, shared))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if makers.is_file() and set(makers.read_text(encoding="utf-8").split()) - {here}:
                return
            time.sleep(0.01)

    jobs = Plan(catalog, site.pages, sources=site.digests).jobs()  # nothing made yet
    shared = build_module._keys(root, "f", jobs, site.digests, 2, meanwhile=until_a_helper_made_one)
    assert shared == alone
    assert ran == [(1, False), (2, True)]
    pids = makers.read_text(encoding="utf-8").split()
    assert len(pids) == len(jobs) and len(set(pids) - {here}) == 1  # a helper made some
    assert multiprocessing.active_children() == []


def test_exports_written_beside_the_helper_making_keys_are_those_of_a_build_without(
    built_corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a helper making the pages' keys, the exports are written meanwhile (not while the
    pages render): a title change reaches them, as in a build whose keys one process makes."""
    root, out, _ = copy_built(built_corpus, tmp_path)
    assert build_site(root, out, as_of=date(2026, 11, 16), workers=2).stats is not None
    item = sorted((root / "content").glob("20*/*.md"))[-1]  # among the newest: in the feed
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\ntitle: ", "\ntitle: 改题测试", 1), encoding="utf-8")
    alone = tmp_path / "alone"
    assert build_site(root, alone, as_of=date(2026, 11, 16), workers=2).stats is not None
    monkeypatch.setattr(build_module, "_PARALLEL_KEYS_FROM", 0)
    stats = build_site(root, out, as_of=date(2026, 11, 16), workers=2).stats
    assert stats is not None and 0 < stats.rendered < 40  # a rebuild: the item and its rows
    assert stats.seconds["exports"] > 0 and stats.seconds["plan"] >= 0
    assert tree_bytes(out) == tree_bytes(alone)
    assert "改题测试" in (out / "catalog.csv").read_text(encoding="utf-8-sig")
    assert "改题测试" in (out / "feed.xml").read_text(encoding="utf-8")
    assert multiprocessing.active_children() == []


def test_a_broken_link_added_after_a_build_is_reported_not_skipped(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A link to nothing has no size or time of its own to compare: the build still sees it
    come (it is not "nothing changed") and reports it (GK012), leaving the site as it was."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF, "--no-search")[0] == 0
    before = tree_bytes(out)
    (root / "content/2024/moved.md").symlink_to(tmp_path / "elsewhere/moved.md")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF, "--no-search")
    assert code == 1 and "Traceback" not in output
    assert "content/2024/moved.md: 错误 error GK012 无法读取这个文件" in output
    assert tree_bytes(out) == before


def test_a_symlink_out_of_content_is_never_published(run_gkml: RunGkml, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY_FILE, encoding="utf-8")
    (root / "content/2024/files").mkdir(exist_ok=True)
    (root / "content/2024/files/link.txt").symlink_to(secret)
    target = next((root / "content/2024").glob("bmwj-*.md"))
    target.write_text(
        target.read_text(encoding="utf-8") + "\n[附件](files/link.txt)\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    needle = CANARY_FILE.encode("utf-8")
    assert [p for p in out.rglob("*") if p.is_file() and needle in p.read_bytes()] == []


def test_a_linked_file_become_a_symlink_out_of_content_is_not_published_by_a_rebuild(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A security review: a page from the cache still named the file its body linked to, and
    the next build copied whatever that path now led to (/etc/passwd, a 不予公开 source)."""
    root = copy_sample(tmp_path / "src")
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY_FILE, encoding="utf-8")
    (root / "content/2024/files").mkdir(exist_ok=True)
    linked = root / "content/2024/files/note.txt"
    linked.write_text("公开的说明", encoding="utf-8")
    target = next((root / "content/2024").glob("bmwj-*.md"))
    target.write_text(
        target.read_text(encoding="utf-8") + "\n[说明](files/note.txt)\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    assert (out / "files/2024/files/note.txt").read_text(encoding="utf-8") == "公开的说明"
    linked.unlink()
    linked.symlink_to(secret)
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    needle = CANARY_FILE.encode("utf-8")
    assert [p for p in out.rglob("*") if p.is_file() and needle in p.read_bytes()] == []
    assert not (out / "files/2024/files/note.txt").exists()


def test_an_items_old_site_address_stays_off_the_site(run_gkml: RunGkml, tmp_path: Path) -> None:
    """former_url is for the review of a migration (`gkml diff`), not for the public."""
    root = copy_sample(tmp_path / "src")
    target = next((root / "content/2024").glob("bmwj-*.md"))
    old = "https://old.example.gov.cn/xxgk/FORMER-URL-CANARY.html"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\n---\n", f"\nformer_url: {old}\n---\n", 1), "utf-8")
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    assert [
        p for p in out.rglob("*") if p.is_file() and b"FORMER-URL-CANARY" in p.read_bytes()
    ] == []
    target.write_text(
        text.replace("\n---\n", "\nformer_url: old.example.gov.cn/a\n---\n", 1), "utf-8"
    )
    assert " GK118 " in run_gkml(["check", "--site", root]).stdout


def test_feeds_and_404_without_base_url(run_gkml: RunGkml, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    config = root / "catalog.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  base_url: https://example.gov.cn/xxgk/\n", ""
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0, output
    assert not (out / "sitemap.xml").exists()
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = [out / "feed.xml", *sorted((out / "feeds").glob("*.xml"))]
    hant = [out / "zh-hant" / f.relative_to(out) for f in feeds]
    for feed in feeds + hant:
        links = [e.get("href", "") for e in ET.parse(feed).getroot().iter(f"{atom}link")]
        assert links
        for href in links:  # relative to the feed's own folder
            assert (feed.parent / href).resolve().is_file(), (feed, href)
            # The 繁體 feed links to the 繁體 pages.
            assert ("zh-hant/" in str((feed.parent / href).resolve())) == (feed in hant)
    assert 'href="assets/gkml.css"' in (out / "404.html").read_text(encoding="utf-8")
    # No absolute address to give: no hreflang alternates either (the switch link stays).
    assert not [
        p
        for p in out.rglob("*.html")
        if 'rel="alternate" hreflang' in p.read_text(encoding="utf-8")
    ]


def test_404_links_start_from_the_base_path(sample_site: Path) -> None:
    page = (sample_site / "404.html").read_text(encoding="utf-8")
    assert 'href="/xxgk/assets/gkml.css"' in page
    assert 'href="/xxgk/index.html"' in page
    # Found by a QA pass in Chromium: the 简/繁 switch was relative, so at any depth but the
    # root it named a page that does not exist, and the 繁體 404 could not switch back.
    assert 'hreflang="zh-Hant"' in page and 'href="/xxgk/zh-hant/404.html"' in page
    hant = (sample_site / "zh-hant/404.html").read_text(encoding="utf-8")
    assert 'href="/xxgk/404.html" lang="zh-CN" hreflang="zh-CN"' in hant


def test_the_search_index_follows_an_item_without_a_page(run_gkml: RunGkml, tmp_path: Path) -> None:
    # Found in review: the year's index was keyed on the listing row only, so a changed topic of
    # a 依申请公开 item (listed, no page) stayed old in search/2025.js.
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    source = root / "content/2025/shjz-zijin-fenpei-mingxi-2025.md"
    assert "topics: [社会救助, 财政资金]" in source.read_text(encoding="utf-8")
    assert "[社会救助, 儿童福利]" not in source.read_text(encoding="utf-8")
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "topics: [社会救助, 财政资金]", "topics: [社会救助, 儿童福利]"
        ),
        encoding="utf-8",
    )
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    records = []
    for path in (out / "search/2025").glob("[0-9]*.js"):
        script = path.read_text(encoding="utf-8")
        records.append(json.loads(script[script.index("]=") + 2 : script.rindex(";")]))
    (record,) = [
        r for r in records if r[1] == "示例市2025年度中央和省级困难群众救助补助资金分配明细"
    ]
    assert record[8] == ["社会救助", "儿童福利"]  # topics


def test_no_search_skips_the_index_and_the_search_page_says_so(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)[0] == 0
    assert (out / "search/meta.js").is_file()
    full = tree_bytes(out)

    code, printed = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF, "--no-search")
    assert code == 0, printed
    assert not (out / "search").exists()  # the previous build's index is gone, not left stale
    page = (out / "search.html").read_text(encoding="utf-8")
    assert "search/meta.js" not in page and "search.js" not in page
    assert "没有制作搜索索引" in page
    assert "沒有製作搜索索引" in (out / "zh-hant/search.html").read_text(encoding="utf-8")
    assert broken_links(out, "/xxgk/") == []
    # Only the search page and the index differ from the full build.
    preview = tree_bytes(out)
    assert {p for p in full if full[p] != preview.get(p)} == {
        p for p in full if p.startswith("search/") or p.endswith("search.html")
    }

    # Building again with the index is not taken for "nothing changed".
    code, printed = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF)
    assert code == 0 and "已是最新" not in printed, printed
    assert tree_bytes(out) == full


def test_a_rebuild_restores_deleted_files_and_removes_stale_ones(
    run_gkml: RunGkml, built_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    source, _built = built_corpus
    root, out = tmp_path / "corpus", tmp_path / "site"
    shutil.copytree(source, root)
    # Built here first: the build cache knows this output folder, so the rebuild below is
    # incremental (a copied output would be built from scratch and prove nothing).
    assert build(run_gkml, root, out, "--as-of", "2026-11-16", "--jobs", "2")[0] == 0
    full = tree_bytes(out)
    # Someone deleted a page and an asset from the output by hand, and added a file.
    lost_page = next(p for p in sorted(full) if p.startswith("items/2015/"))
    (out / lost_page).unlink()
    (out / "assets/gkml.css").unlink()
    (out / "items/notes.txt").write_text("not ours", encoding="utf-8")
    # Built as the catalog stood before the newest year: its pages and their folder go.
    newest = max(int(p.name) for p in (root / "content").iterdir() if p.name.isdigit())
    gone = {p for p in full if p.startswith(f"items/{newest}/")}
    assert gone
    before = f"{newest - 1}-12-31"
    code, output = build(run_gkml, root, out, "--as-of", before, "--jobs", "2")
    assert code == 0, output
    now = tree_bytes(out)
    assert now[lost_page] == full[lost_page]
    assert now["assets/gkml.css"] == full["assets/gkml.css"]
    assert "items/notes.txt" not in now
    assert not gone & now.keys()
    assert not (out / f"items/{newest}").exists()
    summary = re.search(r"(\d+) pages; rendered (\d+),", output)
    assert summary, output
    assert 0 < int(summary[2]) < int(summary[1]) / 2, output  # incremental: most pages kept
    assert broken_links(out, "/xxgk/") == []


def test_an_interrupted_parallel_build_stops_its_helpers_and_changes_nothing(
    built_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out, before = copy_built(built_corpus, tmp_path, change_every_item=True)

    def progress(done: int, total: int) -> None:
        if done == 40:
            raise KeyboardInterrupt  # Ctrl+C while the pages render

    with pytest.raises(KeyboardInterrupt):
        build_site(root, out, as_of=date(2026, 11, 16), workers=2, progress=progress)
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "site"]
    assert tree_bytes(out) == before


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}, "c": None, "d": True, "e": False, "f": 0, "g": -12, "h": 1.5},
        {"引号": 'say "hi"\\ \n\t\x01\u2028 \ud83d\ude00 中文', "n": [[], [{}], [1, [2, "x"]]]},
        ["only", None, {"k": ["v"]}],
        {"status": Status.IN_FORCE, "list": [Status.REPEALED]},  # a str subclass
    ],
)
def test_indented_json_is_what_json_dumps_gives(value: object) -> None:
    assert exports.indented_json(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_catalog_json_is_what_json_dumps_gives_for_the_sample() -> None:
    site = load_site(REPO, today=date.fromisoformat(SAMPLE_AS_OF)).site
    assert site is not None
    catalog = build_catalog(site.config, site.items, as_of=date.fromisoformat(SAMPLE_AS_OF))
    data = json.loads(exports.catalog_json(catalog, datetime(2026, 11, 20, tzinfo=UTC)))
    assert len(data["items"]) > 30
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    assert exports.catalog_json(catalog, datetime(2026, 11, 20, tzinfo=UTC)) == text.encode()


def test_a_body_edit_is_patched_and_says_so(run_gkml: RunGkml, tmp_path: Path) -> None:
    """gkml build --no-search after a body-only edit puts the body into the item's pages and
    says so, with its own stages; the benchmark reads them as it reads a build's."""
    root = copy_sample(tmp_path / "src")
    past = datetime.now().timestamp() - 86_400  # files the read cache keeps (not just written)
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    out = tmp_path / "site"
    assert build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF, "--no-search")[0] == 0
    item = next((root / "content/2024").glob("*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\n补充一句正文。\n", encoding="utf-8")
    code, output = build(run_gkml, root, out, "--as-of", SAMPLE_AS_OF, "--no-search")
    assert code == 0
    assert "Only bodies changed" in output and "wrote 2 files" in output
    assert run.gkml_stages(output).split()[::2] == ["check", "patch", "total"]
    assert run.gkml_peaks(output).split()[::2] == ["check", "patch", "total"]
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    assert sum("补充一句正文" in page for page in pages) == 1
    assert sum("補充一句正文" in page for page in pages) == 1  # the 繁體 edition


def test_the_pages_of_a_listing_have_window_titles_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the accessibility pass: pages 2…N had the window title of page 1 (WCAG 2.4.2).
    A listing of one page keeps its plain title (test_golden)."""
    from generator import catalog

    monkeypatch.setattr(catalog, "PAGE_SIZE", 5)
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    build_module.build_site(root, out, as_of=date(2026, 11, 20), workers=1, search_index=False)

    def window_title(rel: str) -> str:
        page = (out / rel).read_text(encoding="utf-8")
        return page[page.index("<title>") + 7 : page.index("</title>")]

    assert window_title("status/in-force/index.html") == (
        "现行有效文件（第 1 页） - 示例市民政局政府信息公开"
    )
    assert window_title("status/in-force/page-2.html") == (
        "现行有效文件（第 2 页） - 示例市民政局政府信息公开"
    )
    # On a phone in 长者版 fifty rows are tens of screens: the summary above them links to
    # the next page too, as the pagination under them does (an accessibility pass).
    for rel, following, label in (
        ("status/in-force/index.html", "page-2.html", "下一页"),
        ("zh-hant/status/in-force/page-2.html", "page-3.html", "下一頁"),
    ):
        page = (out / rel).read_text(encoding="utf-8")
        summary = page[page.index('<p class="gk-summary">') :].partition("</p>")[0]
        assert f'<a href="{following}">{label}</a>' in summary
        assert f'<a href="{following}" rel="next">{label}</a>' in page
    last = (out / "status/in-force/index.html").read_text(encoding="utf-8")
    pages = int(re.search(r"共 (\d+) 页", last).group(1))  # type: ignore[union-attr]
    final = (out / f"status/in-force/page-{pages}.html").read_text(encoding="utf-8")
    assert "下一页" not in final

    # The table's caption too names the page, only where there are others (a screen
    # reader's walk: "第 1 页" on every table of one page).
    def caption(rel: str) -> str:
        page = (out / rel).read_text(encoding="utf-8")
        return page[page.index("<caption") :].partition(">")[2].partition("</caption>")[0]

    assert "现行有效文件（第 2 页）" in caption("status/in-force/page-2.html")
    assert "现行有效文件（第 1 页）" in caption("status/in-force/index.html")
    firsts = sorted((out / "catalog").glob("*/index.html"))
    single = [p for p in firsts if not (p.parent / "page-2.html").exists()]
    assert single and len(single) < len(firsts)
    for first in firsts:
        said = caption(first.relative_to(out).as_posix())
        assert ("（第 1 页）" in said) == (first not in single), (first, said)


def test_the_navigation_marks_the_page_it_is_on_in_both_editions(sample_site: Path) -> None:
    """The 繁體 edition compared its own path (under zh-hant/) with the links' and marked no
    page as the current one (aria-current)."""
    for edition in ("", "zh-hant/"):
        for rel, title in (("pages/gkzn.html", "公开指南"), ("index.html", "首页")):
            page = (sample_site / edition / rel).read_text(encoding="utf-8")
            nav = page[page.index('<nav class="gk-nav"') :].partition("</nav>")[0]
            marked = re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', nav)
            assert marked == [to_traditional(title, "s2t") if edition else title], (edition, rel)


def test_a_traditional_feed_converts_a_title_that_looks_like_markup(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Found by a 繁體 reader's walk: a title holding `<script>…</script>` or `for="…"` kept
    its words simplified in the 繁體 feed (the page conversion keeps markup as it is), while
    the page's heading converted them. A title is text."""
    title = '关于发放<script>发放</script>与for="发放"的通知'
    site = make_site()
    item = next((site / "content").rglob("*00001.md"))
    text = item.read_text(encoding="utf-8")
    item.write_text(
        re.sub(r"(?m)^title: .*$", f"title: '{title}'", text, count=1), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = build_site(site, out, as_of=date(2024, 6, 1), search_index=False)
    assert result.stats is not None, [d.message_en for d in result.load.diagnostics]
    entries = ET.parse(out / "zh-hant" / "feed.xml").getroot()
    titles = [e.text for e in entries.iter("{http://www.w3.org/2005/Atom}title")]
    assert '關於發放<script>發放</script>與for="發放"的通知' in titles, titles


@pytest.mark.parametrize("listed", [False, True])
def test_a_withheld_item_that_is_not_listed_is_shown_nowhere(tmp_path: Path, listed: bool) -> None:
    """A site that does not list 不予公开 items showed one's title, reason and 索引号 where a
    public item named it: the 解读 and 相关文件 tables, a 废止 banner, catalog.json and .csv
    (a walk). The site that lists them shows its metadata there, as it does in listings."""
    root = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "sites/invalid/GK213-withheld-reference", root)
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    assert "list_withheld_items: false" in text
    config.write_text(
        text.replace("list_withheld_items: false", f"list_withheld_items: {str(listed).lower()}"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = build_site(root, out, as_of=date(2026, 1, 1), workers=1)
    assert result.stats is not None
    shown = {
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.is_file()
        and any(
            m in path.read_bytes()
            for m in (b"640100-108/2024-00001", "机密标题甲乙丙".encode(), b"640100-108-2024-00001")
        )
    }
    if listed:
        assert {"catalog.json", "catalog.csv", "items/2024/640100-108-2024-00003.html"} <= shown
    else:
        assert shown == set()


def test_no_symbolic_link_publishes_what_a_link_may_not(tmp_path: Path) -> None:
    """A walk published a 不予公开 item's whole source through a symbolic link in content/
    that a public body linked to, and /etc/hostname through one in templates/assets/; files
    in a hidden folder of templates/assets/ were published too."""
    root = copy_sample(tmp_path / "src")
    canary = "金丝雀符号链接甲乙丙"
    withheld = root / "content/2025/xzcf-feifa-shzz-diaocha-baogao.md"
    withheld.write_text(withheld.read_text(encoding="utf-8") + f"\n{canary}\n", encoding="utf-8")
    files = root / "content/2024/files"
    (files / "alias.txt").symlink_to(withheld)
    public = root / "content/2024/bmwj-fly-zhuxue-bangfu-fangan.md"
    public.write_text(
        public.read_text(encoding="utf-8") + "\n见[别名](files/alias.txt)。\n", encoding="utf-8"
    )
    outside = tmp_path / "outside.txt"
    outside.write_text(canary, encoding="utf-8")
    assets = root / "templates/assets"
    (assets / ".hidden").mkdir(parents=True)
    (assets / "outside.txt").symlink_to(outside)
    (assets / ".hidden/note.txt").write_text(canary, encoding="utf-8")
    (assets / "kept.txt").write_text("kept", encoding="utf-8")

    site = load_site(root, today=date.fromisoformat(SAMPLE_AS_OF))
    warned = [d for d in site.diagnostics if d.code == "GK119" and "alias.txt" in d.message_zh]
    assert len(warned) == 1 and "符号链接" in warned[0].message_zh

    out = tmp_path / "site"
    result = build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF), workers=1)
    assert result.stats is not None
    leaked = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and canary.encode() in p.read_bytes()
    ]
    assert leaked == []
    assert (out / "assets/kept.txt").read_text(encoding="utf-8") == "kept"
    assert not (out / "assets/outside.txt").exists()


def test_a_value_that_begins_like_a_formula_is_text_in_catalog_csv(tmp_path: Path) -> None:
    """Two walks: a title `=HYPERLINK(…)` went into catalog.csv as it is, and Excel, which the
    file is made for (its BOM), runs it as a formula. catalog.json keeps the title as written."""
    root = copy_sample(tmp_path / "src")
    item = root / "content/2024/bmwj-fly-zhuxue-bangfu-fangan.md"
    text = item.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    formula = '=HYPERLINK("http://example.com/x","点此查看")'
    item.write_text(text.replace(title, f"title: '{formula}'"), encoding="utf-8")
    out = tmp_path / "site"
    result = build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF), workers=1)
    assert result.stats is not None
    rows = list(csv.DictReader(io.StringIO((out / "catalog.csv").read_text(encoding="utf-8-sig"))))
    cells = [value for row in rows for value in row.values()]
    assert f"'{formula}" in cells and formula not in cells
    records = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
    assert formula in [r["title"] for r in records]


def test_the_output_before_the_last_is_closed_to_other_users(tmp_path: Path) -> None:
    """A maintainer's walk built straight into a web server's folder, and the server sent
    `.xxgk.old/`, a withdrawn page in it. The output keeps its own mode."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "www/xxgk"
    as_of = date.fromisoformat(SAMPLE_AS_OF)
    assert build_site(root, out, as_of=as_of, workers=1).stats is not None
    mode = out.stat().st_mode & 0o777
    old = tmp_path / "www/.xxgk.old"
    assert old.stat().st_mode & 0o777 == 0o700
    item = root / "content/2024/bmwj-fly-zhuxue-bangfu-fangan.md"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("title: ", "title: 修订后的", 1), encoding="utf-8")
    result = build_site(root, out, as_of=as_of, workers=1)
    assert result.stats is not None and result.stats.rendered > 0  # a build with a swap
    assert old.stat().st_mode & 0o777 == 0o700
    assert out.stat().st_mode & 0o777 == mode


def test_the_record_numbers_link_to_their_registries(tmp_path: Path) -> None:
    """A maintainer's walk: the ICP number is to link to MIIT's filing system, and the public
    security record to the MPS's by its number; both were plain text."""
    from generator import views

    root = copy_sample(tmp_path / "src")
    config_file = root / "catalog.yml"
    text = config_file.read_text(encoding="utf-8")
    text = text.replace(
        'police_record: "示公网安备64990002000012号"',
        'police_record: "宁公网安备 64010402000123号"',
    )
    config_file.write_text(text, encoding="utf-8")
    config = load_config(root).config
    assert config is not None
    records = {r.label: (r.text, r.href) for r in views.footer_records(config)}
    assert records == {
        "ICP备案": ("示ICP备12000001号", views.ICP_REGISTRY),
        "公安备案": ("宁公网安备 64010402000123号", views.POLICE_REGISTRY + "64010402000123"),
    }
    out = tmp_path / "site"
    assert build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF), workers=1).stats
    home = (out / "zh-hant/index.html").read_text(encoding="utf-8")
    assert (
        f'href="{views.POLICE_REGISTRY}64010402000123" rel="external">宁公网安备 64010402000123号'
        in home
    )


def test_as_of_a_day_no_item_names_one_published_later(tmp_path: Path) -> None:
    """A walk: built --as-of 2024-06-30, catalog.csv and .json gave an item's `related` to one
    published in 2026, which every page of that day leaves out."""
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build_site(root, out, as_of=date(2024, 6, 30), workers=1).stats is not None
    records = {
        r["index_no"]: r for r in json.loads((out / "catalog.json").read_text("utf-8"))["items"]
    }
    assert records["640100-108/2023-00008"]["related"] == []  # 2026-00009: published 2026-03-11
    exported = (out / "catalog.csv").read_text("utf-8-sig") + json.dumps(records)
    assert "640100-108/2026-00009" not in exported
    # One published before the day is named: 2024-00026, 2024-06-19.
    assert records["640100-108/2023-00024"]["related"] == ["640100-108/2024-00026"]


def test_the_data_files_name_a_related_document_once_and_never_the_item_itself(
    tmp_path: Path,
) -> None:
    """A re-walk: catalog.json and .csv gave `related` as written, 00091 twice and the item's
    own number (GK209 warns of that), where its page shows each other document once."""
    root = copy_sample(tmp_path / "src")
    path = next(
        p for p in (root / "content").rglob("*.md") if "640100-108/2023-00024" in p.read_text()
    )
    text = path.read_text(encoding="utf-8")
    written = "related: [640100-108/2024-00026, 640100-108/2023-00024, 640100-108/2024-00026]"
    assert "related:" in text
    lines = [written if line.startswith("related:") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    assert build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF), workers=1).stats
    records = {
        r["index_no"]: r for r in json.loads((out / "catalog.json").read_text("utf-8"))["items"]
    }
    assert records["640100-108/2023-00024"]["related"] == ["640100-108/2024-00026"]
    rows = list(csv.DictReader(io.StringIO((out / "catalog.csv").read_text("utf-8-sig"))))
    row = next(r for r in rows if r["索引号"] == "640100-108/2023-00024")
    assert row["相关文件"] == "640100-108/2024-00026"


def test_a_theme_assets_folder_linked_within_the_repository_is_used(tmp_path: Path) -> None:
    """A review: with `templates/assets` a link to `../brand`, the site's own stylesheet was
    dropped for the default theme's without a word."""
    root = copy_sample(tmp_path / "src")
    brand = root / "brand"
    brand.mkdir()
    (brand / "gkml.css").write_text("/* 本局样式 */\n", encoding="utf-8")
    (brand / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates/assets").symlink_to(brand, target_is_directory=True)
    out = tmp_path / "site"
    assert build_site(root, out, as_of=date.fromisoformat(SAMPLE_AS_OF), workers=1).stats
    assert (out / "assets/gkml.css").read_text(encoding="utf-8") == "/* 本局样式 */\n"
    assert (out / "assets/logo.svg").exists()


def test_the_footer_gives_the_complaint_line_catalog_yml_names(tmp_path: Path) -> None:
    """A maintainer's walk: a portal's footer carries a report-abuse contact (domain.md), and
    `site.contact` had no key for it (GK403)."""
    from generator import views

    root = copy_sample(tmp_path / "src")
    config = load_config(root).config
    assert config is not None and config.site.contact.complaint == "0951-6000199"
    lines = {c.label: (c.text, c.href) for c in views.config_contact_lines(config)}
    assert lines["投诉举报"] == ("0951-6000199", "tel:09516000199")
    text = (root / "catalog.yml").read_text(encoding="utf-8")
    (root / "catalog.yml").write_text(
        text.replace('    complaint: "0951-6000199"\n', "    complaint: 市长热线12345\n"),
        encoding="utf-8",
    )
    config = load_config(root).config
    assert config is not None
    lines = {c.label: (c.text, c.href) for c in views.config_contact_lines(config)}
    assert lines["投诉举报"] == ("市长热线12345", None)


def test_what_a_re_user_of_catalog_json_needs_is_in_it(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-user's walk: catalog.json's relative `url` had no address to be read against and
    its column keys no titles; `generated` missed a repeal that came with no new item; a
    document whose 施行日期 was still to come was InForce in JSON-LD."""
    rel = "content/2024/640100-108-2024-00001.md"
    text = (MINIMAL / rel).read_text(encoding="utf-8")
    text = text.replace(
        "status: 有效", "status: 废止\nstatus_date: 2025-06-01\nreplaced_by: 《示例省社会救助条例》"
    )
    later = (MINIMAL / "content/2024/640100-108-2024-00002.md").read_text(encoding="utf-8")
    later = re.sub(r"(?m)^status: .*$", "status: 有效\nvalid_from: 2026-03-01", later)
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("site:\n", "site:\n  base_url: https://example.gov.cn/xxgk/\n", 1)
    root = make_site(
        {"catalog.yml": catalog, rel: text, "content/2024/640100-108-2024-00002.md": later}
    )
    out = root.parent / "out"
    done = run_gkml(["build", "--site", root, "--out", out, "--no-search", "--as-of", "2026-01-01"])
    assert done.exit_code == 0, done.stdout + done.stderr
    data = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert data["base_url"] == "https://example.gov.cn/xxgk/"
    assert data["fields"]["url"] == "网址"
    assert data["categories"]["bmwj"] == {"title": "部门文件", "parent": "fdzdgknr"}
    newest = max(i["published"][:10] for i in data["items"])
    assert newest < "2025-06-01" and data["generated"].startswith("2025-06-01")
    ld = _jsonld(out / "items/2024/640100-108-2024-00002.html")
    assert ld["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert ld["legislationDateOfApplicability"] == "2026-03-01"


def test_a_reprints_source_and_a_pages_files_are_in_the_data_files_and_json_ld(
    sample_site: Path,
) -> None:
    """A re-user's walk: a reprinted provincial document looked like the bureau's own, and a
    page's files could be found only by reading its HTML."""
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    by_index = {i["index_no"]: i for i in data["items"]}
    reprint = by_index["640100-108/2024-00020"]
    assert reprint["source"] == {
        "name": "示例省民政厅",
        "url": "https://example.gov.cn/smzt/zcwj/2024/0510-21.html",
        "date": "2024-05-10",
    }
    budget = by_index["640100-108/2026-00006"]
    files = budget["attachments"]
    assert [f["title"] for f in files] == [
        "示例市民政局2026年部门预算公开说明（PDF）",
        "2026年主要项目支出预算表（CSV）",
    ]
    for f in files:  # each address is a published file of that size
        published = sample_site / unquote(f["url"])
        assert published.is_file() and published.stat().st_size == f["size"], f
    assert all(i["source"] is None for i in data["items"] if i["index_no"] != reprint["index_no"])
    on_request = [i for i in data["items"] if i["url"] is None]
    assert on_request and all(i["attachments"] == [] for i in on_request)
    with (sample_site / "catalog.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {r[0]: r for r in csv.reader(f)}
    heading = rows["索引号"]
    cell = dict(zip(heading, rows[budget["index_no"]], strict=True))["附件"]
    assert cell == "；\n".join(f"{f['title']} {f['url']} {f['size']}" for f in files)
    source = dict(zip(heading, rows[reprint["index_no"]], strict=True))["转载来源"]
    assert (
        source == "示例省民政厅；\nhttps://example.gov.cn/smzt/zcwj/2024/0510-21.html；\n2024-05-10"
    )
    page = (sample_site / "items/2024/640100-108-2024-00020.html").read_text(encoding="utf-8")
    ld = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>")[0])
    assert ld["isBasedOn"]["publisher"]["name"] == "示例省民政厅"
    assert ld["isBasedOn"]["url"] == reprint["source"]["url"]
    page = (sample_site / "items/2026/640100-108-2026-00006.html").read_text(encoding="utf-8")
    ld = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>")[0])
    assert [m["contentUrl"] for m in ld["associatedMedia"]] == [
        "https://example.gov.cn/xxgk/" + f["url"] for f in files
    ]


def test_the_data_page_names_every_column_of_the_files_and_links_them(sample_site: Path) -> None:
    """A re-user's walk: the site said nothing of catalog.json, catalog.csv or the feeds."""
    page = (sample_site / "data.html").read_text(encoding="utf-8")
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    shown = re.findall(r'<th scope="row"><code>(\w+)</code></th>', page)
    assert shown == list(data["items"][0]) == list(data["fields"])
    with (sample_site / "catalog.csv").open(encoding="utf-8-sig", newline="") as f:
        heading = next(csv.reader(f))
    assert re.findall(r'<td data-label="CSV 列名" translate="no">([^<]+)</td>', page) == heading
    for link in re.findall(r'<a href="([^"#]+)"', page.split("<main", 1)[1].split("</main>", 1)[0]):
        assert (sample_site / link).is_file(), link
    assert page.count('href="feeds/') == len(data["categories"])
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="data.html">开放数据</a>' in home


def test_an_item_pages_sitemap_entry_says_when_it_last_changed(sample_site: Path) -> None:
    """A re-user's walk: sitemap.xml had no lastmod, so a crawler could not re-fetch only what
    changed. An item's is its publication, or a later repeal, expiry or amendment."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    base = "https://example.gov.cn/xxgk/"
    entries = {
        (url.findtext(f"{ns}loc") or "").removeprefix(base): url.findtext(f"{ns}lastmod")
        for url in ET.parse(sample_site / "sitemap.xml").getroot().iter(f"{ns}url")
    }
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    as_of = data["as_of"]
    by_index = {i["index_no"]: i for i in data["items"]}

    def own(item: dict[str, Any]) -> str:
        changed: str = item["published"][:10]
        if item["status_date"] and item["status_date"] <= as_of:
            changed = max(changed, item["status_date"])
        return changed

    checked = moved = 0
    for item in data["items"]:
        if not item["url"]:
            continue
        # and the state of what its page shows of others (a lawyer's walk): what it repealed
        # or amended, and its policy
        shown = [i for i in data["items"] if i["replaced_by"] == item["index_no"]]
        shown += [
            i for i in data["items"] if item["index_no"] in {a["by"] for a in i["amendments"]}
        ]
        if item["interprets"] in by_index:
            shown.append(by_index[item["interprets"]])
        # and its 相关解读 and 相关文件 tables, each with its 效力状态 (a re-walk)
        shown += [i for i in data["items"] if i["interprets"] == item["index_no"]]
        shown += [by_index[r] for r in item["related"] if r in by_index]
        shown += [i for i in data["items"] if item["index_no"] in i["related"]]
        changed = max([own(item), *map(own, shown)])
        assert entries[item["url"]] == changed, item["index_no"]
        assert entries["zh-hant/" + item["url"]] == changed
        checked += item["status_date"] is not None and item["status_date"] > item["published"]
        moved += changed != own(item)
    assert checked and moved  # the sample has repeals after publication
    assert entries["index.html"] is None  # no day claimed for a listing


def test_catalog_json_is_valid_against_the_schema_published_beside_it(sample_site: Path) -> None:
    """A re-user's walk: no schema to check a harvest against. The sample's catalog.json is
    valid under catalog.schema.json (jsonschema, formats checked), and the schema is strict:
    a record with a status outside the field's values, a missing column or an unknown one
    is not."""
    schema = json.loads((sample_site / "catalog.schema.json").read_text(encoding="utf-8"))
    data = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data)) == []
    item = data["items"][0]
    for broken in (
        {**item, "status": "作废"},
        {k: v for k, v in item.items() if k != "url"},
        {**item, "extra": 1},
        {**item, "published": "2026/01/02"},
        {**item, "attachments": [{"title": "表", "url": "files/a.pdf", "size": -1}]},
    ):
        assert not validator.is_valid({**data, "items": [broken]}), broken
    page = (sample_site / "data.html").read_text(encoding="utf-8")
    assert 'href="catalog.schema.json"' in page


@pytest.mark.parametrize(
    ("day", "index_no", "expected"),
    [
        # published that day: listed; the day before: not yet
        ("2025-04-25", "640100-108/2025-00019", "有效"),
        ("2025-04-24", "640100-108/2025-00019", None),
        # repealed that day: 废止 (the day before: 有效)
        ("2025-06-01", "640100-108/2023-00015", "废止"),
        ("2025-05-31", "640100-108/2023-00015", "有效"),
        # amended that day, repealed later (its amendment kept in `amendments`): 已修改
        ("2026-05-01", "640100-108/2024-00012", "已修改"),
        ("2026-04-30", "640100-108/2024-00012", "有效"),
        ("2026-11-10", "640100-108/2024-00012", "废止"),
        # 有效期至 2026-12-31: 有效 that day, 失效 from the next
        ("2026-12-31", "640100-108/2026-00009", "有效"),
        ("2027-01-01", "640100-108/2026-00009", "失效"),
    ],
)
def test_the_catalog_on_the_very_day_of_a_change(
    tmp_path: Path, day: str, index_no: str, expected: str | None
) -> None:
    """A mutation audit: no test took the day of a change itself as the catalog's day, and an
    item published that day left out, or a repeal or an amendment shown from the next day,
    passed. The sample's 养老 办法 is made repealed on 2026-11-10, its amendment of 2026-05-01
    kept (the handbook's 先修改、后废止)."""
    root = copy_sample(tmp_path / "src")
    policy = root / "content/2024/bmwj-yanglao-yunying-butie-banfa.md"
    text = policy.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^status: .*$", "status: 废止", text, count=1)
    text = re.sub(r"(?m)^status_date: .*$", "status_date: 2026-11-10", text, count=1)
    text = re.sub(
        r"(?m)^replaced_by: .*$",
        "replaced_by: 640100-108/2026-00048\namendments: [{date: 2026-05-01, by: 640100-108/2026-00021}]",
        text,
        count=1,
    )
    policy.write_text(text, encoding="utf-8")
    site = load_site(root, today=date(2027, 1, 2)).site
    assert site is not None
    catalog = build_catalog(site.config, site.items, as_of=date.fromisoformat(day))
    shown = catalog.by_index.get(index_no)
    assert (shown.status.value if shown else None) == expected


def _cold_build_peak_kib(site: Path, out: Path) -> int:
    """Return the peak resident memory (KiB) of `gkml build` of *site* in a new process."""
    argv = ["build", "--site", site, "--out", out, "--as-of", "2026-11-20", "--no-search"]
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *argv, "--jobs", "1"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_maxrss


def test_a_large_attachment_is_copied_not_held_in_memory(tmp_path: Path) -> None:
    """Attachments are copied in pieces: a build's memory does not grow with their bytes (a
    bureau's scanned PDFs run to gigabytes; a build held them all at once)."""
    small = copy_sample(tmp_path / "small")
    large = copy_sample(tmp_path / "large")
    attachment = large / "content/2024/files/yunying-butie-shenqingbiao.docx"
    with attachment.open("ab") as grown:
        for _ in range(128):
            grown.write(os.urandom(1 << 20))
    base = _cold_build_peak_kib(small, tmp_path / "small-site")
    peak = _cold_build_peak_kib(large, tmp_path / "large-site")
    published = tmp_path / "large-site/files/2024/files/yunying-butie-shenqingbiao.docx"
    assert published.read_bytes() == attachment.read_bytes()
    assert peak - base < 48 * 1024, (base, peak)  # the attachment is 128 MiB
