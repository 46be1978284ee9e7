"""catalog.csv and the feeds as a re-user's program and an office clerk's spreadsheet read them."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, MakeSite, item_text
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import exports
from generator.build import build_site

_FILES = "content/2024/files"


def _build(root: Path, out: Path) -> Path:
    result = build_site(root, out, as_of=date.fromisoformat(AS_OF), workers=1, search_index=False)
    assert result.stats is not None
    return out


def _csv_rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "catalog.csv").open(encoding="utf-8-sig", newline="") as f:
        return {row["索引号"]: row for row in csv.DictReader(f)}


def test_several_values_in_a_csv_cell_are_told_apart_when_they_have_spaces(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A re-user's walk: catalog.csv joined an attachment's title, address and size, and a
    source's name, address and date, by spaces, so a title `附件 1 名单` or a source named
    `示例省 民政厅` could not be told apart from its neighbours. Each value is now on a line
    of its own, the line but the last ending in "；"."""
    root = make_site(
        {
            f"{_FILES}/名单 一.pdf": b"%PDF-1.4 one\n",
            f"{_FILES}/表 二.xlsx": b"PK two",
            "content/2024/640100-108-2024-00003.md": item_text(
                title="关于 示例 的通知",
                index_no="640100-108/2024-00003",
                published="2024-03-06",
                keywords='["养老 补贴", "社会；救助", "两\\n行"]',
                topics="[社会救助, 政务公开]",
                attachments="\n"
                '  - {file: "files/名单 一.pdf", title: "附件 1 困难群众 名单"}\n'
                '  - {file: "files/表 二.xlsx", title: "附件 2；补贴表"}',
                source='{name: "示例省 民政厅", url: "https://example.gov.cn/a/b.html",'
                " date: 2024-03-01}",
            ),
        }
    )
    out = _build(root, tmp_path / "out")
    row = _csv_rows(out)["640100-108/2024-00003"]
    item = next(
        i
        for i in json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
        if i["index_no"] == "640100-108/2024-00003"
    )

    assert row["名称"] == "关于 示例 的通知"
    assert row["主题分类"].split("；\n") == ["社会救助", "政务公开"]
    # A value's own line break is a space in the CSV (as on a page): every line break of a
    # cell is then one between values. catalog.json keeps it.
    assert row["关键词"].split("；\n") == ["养老 补贴", "社会；救助", "两 行"]
    assert item["keywords"] == ["养老 补贴", "社会；救助", "两\n行"]
    files = [line.rsplit(" ", 2) for line in row["附件"].split("；\n")]
    assert files == [
        ["附件 1 困难群众 名单", "files/2024/files/名单%20一.pdf", "13"],
        ["附件 2；补贴表", "files/2024/files/表%20二.xlsx", "6"],
    ]
    assert files == [[a["title"], a["url"], str(a["size"])] for a in item["attachments"]]
    assert row["转载来源"].split("；\n") == [
        "示例省 民政厅",
        "https://example.gov.cn/a/b.html",
        "2024-03-01",
    ]


def test_an_all_digit_index_number_is_written_as_its_digits_and_read_back_whole(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """An office clerk's walk: an issuer whose 索引号 are all digits (`index_pattern:
    "{code}{year}{serial:05d}"`) saw them as 1.44010E+15 in Excel, the leading 0 gone. No
    mark in the file keeps them text in Excel and exact for a program (`'`, `="…"` and a
    leading tab each reach a csv reader), so the file holds the digits alone, and the data
    page says how to open it in Excel as text."""
    root = make_site(
        {
            "content/2024/digits.md": item_text(
                title="示例市社会福利院2024年工作计划",
                index_no='"0144010202400003"',
                issuer="示例市社会福利院",
                doc_no='"007"',
                published="2024-03-06",
            ),
        }
    )
    yml = root / "catalog.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "catalog:\n",
            "  - name: 示例市社会福利院\n"
            '    code: "0144010"\n'
            '    index_pattern: "{code}{year}{serial:05d}"\n'
            "catalog:\n",
        ),
        encoding="utf-8",
    )
    out = _build(root, tmp_path / "out")
    raw = (out / "catalog.csv").read_bytes().decode("utf-8-sig")
    # the bytes: the digits alone, not quoted, no `'`, `=` or tab before them
    assert "\r\n0144010202400003,示例市社会福利院2024年工作计划,示例市社会福利院,,007," in raw
    row = _csv_rows(out)["0144010202400003"]
    assert (row["索引号"], row["文号"]) == ("0144010202400003", "007")
    items = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
    assert {"index_no": "0144010202400003", "doc_no": "007"}.items() <= next(
        i for i in items if i["issuer"] == "示例市社会福利院"
    ).items()
    page = (out / "data.html").read_text(encoding="utf-8")
    assert "不检测数据类型" in page and "开头的 0" in page


_ATOM = "{http://www.w3.org/2005/Atom}"


def _entry_updated(out: Path, index_no: str) -> str:
    feed = ET.parse(out / "feed.xml").getroot()
    (entry,) = (
        e for e in feed.iter(f"{_ATOM}entry") if e.findtext(f"{_ATOM}id", "").endswith(index_no)
    )
    return entry.findtext(f"{_ATOM}updated", "")


@pytest.mark.parametrize(
    ("corrected_front_matter", "state"),
    [
        ({"status": "有效", "status_date": None, "replaced_by": None}, "有效"),
        ({"status_date": "2024-05-06"}, "废止"),  # the repeal's day was earlier
    ],
    ids=["repeal-undone", "earlier-repeal-day"],
)
def test_a_corrected_repeal_moves_its_feed_entrys_updated_forward(
    make_site: MakeSite,
    tmp_path: Path,
    corrected_front_matter: dict[str, str | None],
    state: str,
) -> None:
    """A re-user's walk: a document marked 废止 by mistake and set back to 有效 (or its
    repeal's day corrected to an earlier one) gave its feed entry an `updated` older than the
    one the repeal had given it, so a feed reader never showed the correction. The editor
    writes the day of the correction (`corrected`); the entry's `updated`, the feed's, the
    sitemap's lastmod and catalog.json's `generated` move to it. No clock: two builds of the
    same files give the same bytes."""
    repealed = {
        "index_no": "640100-108/2024-00003",
        "published": "2024-03-06",
        "status": "废止",
        "status_date": "2024-06-01",
        "replaced_by": "《示例市另一份通知》",
    }
    item = "content/2024/640100-108-2024-00003.md"
    root = make_site({item: item_text(**repealed)})
    yml = root / "catalog.yml"
    base = "https://example.gov.cn/xxgk/"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("site:\n", f"site:\n  base_url: {base}\n", 1),
        encoding="utf-8",
    )
    before = _build(root, tmp_path / "before")
    assert _entry_updated(before, "640100-108/2024-00003") == "2024-06-01T00:00:00+08:00"

    fixed = {**repealed, **corrected_front_matter, "corrected": "2024-07-15"}
    (root / item).write_text(item_text(**fixed), encoding="utf-8")
    after = _build(root, tmp_path / "after")
    assert _entry_updated(after, "640100-108/2024-00003") == "2024-07-15T00:00:00+08:00"
    feed = ET.parse(after / "feed.xml").getroot()
    assert feed.findtext(f"{_ATOM}updated") == "2024-07-15T00:00:00+08:00"
    data = json.loads((after / "catalog.json").read_text(encoding="utf-8"))
    assert data["generated"].startswith("2024-07-15")
    (record,) = (i for i in data["items"] if i["index_no"] == "640100-108/2024-00003")
    assert record["status"] == state
    sitemap = (after / "sitemap.xml").read_text(encoding="utf-8")
    page = f"{base}items/2024/640100-108-2024-00003.html</loc><lastmod>2024-07-15</lastmod>"
    assert page in sitemap
    again = _build(root, tmp_path / "again")
    assert (again / "feed.xml").read_bytes() == (after / "feed.xml").read_bytes()


def test_catalog_csv_names_each_items_column_in_a_last_column(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """An office clerk's walk: catalog.csv's 栏目 gave the column's key (`bmwj`), and its
    title was only in catalog.json. Its title is a column of its own, after the others:
    every column before it keeps its place (as does it, before 发布时间, added later)."""
    out = _build(make_site(), tmp_path / "out")
    with (out / "catalog.csv").open(encoding="utf-8-sig", newline="") as f:
        heading, *rows = list(csv.reader(f))
    assert heading == [
        "索引号", "名称", "发布机构", "责任部门", "文号", "成文日期", "发布日期", "效力状态",
        "状态变更日期", "公开属性", "栏目", "主题分类", "文种", "关键词", "施行日期", "有效期至",
        "废止依据", "解读对象", "相关文件", "不予公开理由/依申请公开说明", "此前修改", "转载来源",
        "附件", "网址", "栏目名称", "发布时间",
    ]  # fmt: skip
    assert {(r[10], r[24]) for r in rows} == {("bmwj", "部门文件"), ("zcjd", "政策解读")}
    items = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["items"]
    assert {(i["category"], i["category_title"]) for i in items} == {
        ("bmwj", "部门文件"),
        ("zcjd", "政策解读"),
    }


def _xml_char(point: int) -> bool:
    """XML 1.0's Char production (https://www.w3.org/TR/xml/#NT-Char)."""
    return (
        point in (0x9, 0xA, 0xD)
        or 0x20 <= point <= 0xD7FF
        or 0xE000 <= point <= 0xFFFD
        or 0x10000 <= point <= 0x10FFFF
    )


def test_what_the_feeds_leave_out_is_every_character_xml_has_no_place_for() -> None:
    """`_NOT_XML` is written as the characters it takes (its complement took 3-4 ms to
    compile at each start): every code point, against the Char production."""
    every = "".join(map(chr, range(0x110000)))
    kept = exports._NOT_XML.sub("", every)
    assert kept == "".join(c for c in every if _xml_char(ord(c)))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>\"'\n\r\t a中\x00\ufffe&amp;")) | st.text())
def test_feed_values_are_escaped_as_saxutils_escapes_them(value: str) -> None:
    """gkml's escapes give saxutils' bytes (importing saxutils cost every build ~15 ms of
    urllib.request, http.client, ssl and email), after leaving out what XML cannot hold."""
    from xml.sax import saxutils

    clean = "".join(c for c in value if _xml_char(ord(c)))
    assert exports._xml(value) == saxutils.escape(clean)
    assert exports._xml_attribute(value) == saxutils.quoteattr(clean)
