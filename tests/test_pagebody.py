"""A rendered body in its page: each edition's links and, for paper, their full addresses."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from generator.body import render_body
from generator.pagebody import (
    addresser,
    body_text,
    printed_addresses,
    printed_once,
    resolver,
    site_pages,
)

BASE = "https://example.gov.cn/xxgk/"
BODY = (
    "依据[《办法》](b.md#第二条)，填写[申请表](files/申请表.pdf)，"
    '参见<a href="b.md" data-gk-address="https://evil.example/">原文</a>、'
    "[部网站](https://www.mca.gov.cn/)。\n\n![流程图](files/流程.png)\n"
)


def _rendered(tmp_path: Path) -> tuple[str, list[str]]:
    folder = tmp_path / "content" / "2024"
    (folder / "files").mkdir(parents=True)
    for name in ("申请表.pdf", "流程.png"):
        (folder / "files" / name).write_bytes(b"x")
    links: list[str] = []
    resolve = resolver(
        tmp_path,
        (tmp_path / "content").resolve(),
        {"content/2024/b.md": "items/2024/b.html"},
        frozenset(),
        links,
    )
    return render_body(BODY, source_dir="content/2024", resolve=resolve).html, links


def _addresses(html: str) -> list[tuple[str, str]]:
    """Return each link's text and the address it prints on paper."""
    return re.findall(r'<a [^>]*data-gk-address="([^"]*)"[^>]*>([^<]*)</a>', html)


def test_a_bodys_links_to_the_sites_pages_and_files_give_their_full_address(
    tmp_path: Path,
) -> None:
    """A print walk: a body's link to another item printed its text alone, and a reader of
    the paper could not find the document. Each link to a page or file of the site carries
    its public address in the page's edition (a 繁體 page's link to a page names the 繁體
    page; a file is the same in both), without the fragment; a link to another site its
    own address; an image and an editor's own attribute have none."""
    html, links = _rendered(tmp_path)
    page = "items/2024/a.html"
    assert _addresses(body_text(html, links, page, None, base_url=BASE)) == [
        (f"{BASE}items/2024/b.html", "《办法》"),
        (f"{BASE}files/2024/files/申请表.pdf", "申请表"),
        (f"{BASE}items/2024/b.html", "原文"),
        ("https://www.mca.gov.cn/", "部网站"),
    ]
    hant = body_text(html, links, f"zh-hant/{page}", "s2t", base_url=BASE)
    assert _addresses(hant) == [
        (f"{BASE}zh-hant/items/2024/b.html", "《辦法》"),
        (f"{BASE}files/2024/files/申请表.pdf", "申請表"),  # OpenCC leaves the address alone
        (f"{BASE}zh-hant/items/2024/b.html", "原文"),
        ("https://www.mca.gov.cn/", "部網站"),
    ]
    assert 'href="b.html#%E7%AC%AC%E4%BA%8C%E6%9D%A1"' in body_text(
        html, links, page, None, base_url=BASE
    )
    assert "evil.example" not in html


def test_without_a_base_url_a_bodys_links_give_no_address(tmp_path: Path) -> None:
    """A site without base_url has no public address to print: a link to one of its pages or
    files prints its text, as before (a path of the reader's disc would mean nothing on
    paper); a link to another site prints that site's address."""
    html, links = _rendered(tmp_path)
    shown = body_text(html, links, "items/2024/a.html", None, base_url=None)
    assert _addresses(shown) == [("https://www.mca.gov.cn/", "部网站")]
    assert "\ue000" not in shown
    assert '<a href="b.html#%E7%AC%AC%E4%BA%8C%E6%9D%A1" rel="noopener noreferrer">' in shown


def test_a_bodys_links_as_written_to_the_sites_pages_give_their_full_address() -> None:
    """A print walk: a body's link to a page gkml writes (a column, 现行有效文件, a year, the
    home page, search) printed its text alone, where a link to an item printed where to find
    it. Each link as written to a page or file the build writes carries that page's address,
    read from the page's own folder, in the page's edition, its query too; a link to a page
    the site does not have (a 依申请公开 item's, a column that is not there) carries none."""
    body = (
        "见[部门文件](../../catalog/bmwj/index.html)、[现行有效文件](../../status/in-force/index.html)、"
        "[2025年](../../dates/2025/index.html#列表)、[首页](../../index.html)、"
        "[搜索](../../search.html?q=低保&page=2)、[办法](640100-108-2025-00018.html)、"
        "[申请](640100-108-2025-00034.html)、[错栏目](../../catalog/nosuch/index.html)、"
        "[订阅](../../feeds/bmwj.xml)。\n"
    )
    links: list[str] = []
    written = {
        "catalog/bmwj/index.html",
        "status/in-force/index.html",
        "dates/2025/index.html",
        "index.html",
        "search.html",
        "items/2025/640100-108-2025-00018.html",
        "feeds/bmwj.xml",
    }
    page = "items/2025/640100-108-2025-00019.html"
    html = render_body(
        body,
        source_dir="content/2025",
        resolve=lambda _target: None,
        address=addresser(page, written.__contains__, links),
    ).html
    expected = [
        ("catalog/bmwj/index.html", "部门文件"),
        ("status/in-force/index.html", "现行有效文件"),
        ("dates/2025/index.html", "2025年"),
        ("index.html", "首页"),
        # encoded, as the search page's own printed address gives its query
        ("search.html?q=%E4%BD%8E%E4%BF%9D&amp;page=2", "搜索"),
        ("items/2025/640100-108-2025-00018.html", "办法"),
        # the 繁體 page's link leads to the 繁體 feed, whose address it prints (a print walk)
        ("feeds/bmwj.xml", "订阅"),
    ]
    shown = body_text(html, links, page, None, base_url=BASE)
    assert _addresses(shown) == [(f"{BASE}{path}", text) for path, text in expected]
    hant = body_text(html, links, f"zh-hant/{page}", "s2t", base_url=BASE)
    assert [address for address, _text in _addresses(hant)] == [
        f"{BASE}zh-hant/{path}" for path, _text in expected
    ]
    assert 'href="../../index.html"' in shown  # the link itself is as written
    assert "data-gk-address" not in body_text(html, links, page, None, base_url=None)


def test_a_bodys_links_as_written_lead_where_they_print_in_each_edition() -> None:
    """A print walk: a 繁體 page's link as written to catalog.csv (`../../catalog.csv`, the
    简体 edition's alone) led to `zh-hant/catalog.csv`, which is not there, and printed the
    address of the one that is. Each edition's link leads where it prints: the one
    catalog.csv, and the edition's own feed and page."""
    links: list[str] = []
    page = "items/2025/640100-108-2025-00019.html"
    written = {"catalog.csv", "feed.xml", "index.html"}
    html = render_body(
        "[目录数据](../../catalog.csv)、[订阅](../../feed.xml)、[首页](../../index.html#栏目)\n",
        source_dir="content/2025",
        resolve=lambda _target: None,
        address=addresser(page, written.__contains__, links),
    ).html
    assert [
        re.findall(r'href="([^"]*)"[^>]* data-gk-address="([^"]*)"', edition)
        for edition in (
            body_text(html, links, page, None, base_url=BASE),
            body_text(html, links, f"zh-hant/{page}", "s2t", base_url=BASE),
        )
    ] == [
        [
            ("../../catalog.csv", f"{BASE}catalog.csv"),
            ("../../feed.xml", f"{BASE}feed.xml"),
            (f"../../index.html#{quote('栏目')}", f"{BASE}index.html"),
        ],
        [
            ("../../../catalog.csv", f"{BASE}catalog.csv"),
            ("../../feed.xml", f"{BASE}zh-hant/feed.xml"),
            (f"../../index.html#{quote('栏目')}", f"{BASE}zh-hant/index.html"),
        ],
    ]


def test_a_sites_pages_for_a_bodys_links_are_those_the_build_writes() -> None:
    """`site_pages`: an item's and a free page's page, and the pages for the whole site that
    the site has; not the page a 依申请公开 item without one would have had."""
    from generator.config import load_config

    config = load_config(Path(__file__).parent.parent).config
    assert config is not None
    has = site_pages(config, {"content/2025/a.md": "items/2025/a.html"})
    assert has("items/2025/a.html") and has("catalog/bmwj/index.html") and has("search.html")
    assert not has("items/2025/b.html") and not has("catalog/nosuch/index.html")


def test_a_page_prints_each_address_once() -> None:
    """`printed_once`: a link to an address the page prints above prints none, nor one to
    an address a link before it prints; its text and a link to another address keep theirs,
    and text that reads like the attribute (in a code span) is text."""
    a, b = f"{BASE}items/2024/a.html", f"{BASE}items/2024/b.html"
    head = f'<p>依据：<a href="a.html" data-gk-address="{a}">甲</a>。</p>'
    body = (
        f'<p><a href="a.html" data-gk-address="{a}">甲</a>、'
        f'<a href="b.html" rel="noopener noreferrer" data-gk-address="{b}">乙</a>、'
        f'<a title="再" href="b.html" data-gk-address="{b}">乙</a>'
        f'<code>&lt;a href="b.html" data-gk-address="{b}"&gt;</code></p>'
    )
    printed: set[str] = set()
    assert printed_once(head, printed) == head
    assert printed_once(body, printed) == (
        '<p><a href="a.html">甲</a>、'
        f'<a href="b.html" rel="noopener noreferrer" data-gk-address="{b}">乙</a>、'
        '<a title="再" href="b.html">乙</a>'
        f'<code>&lt;a href="b.html" data-gk-address="{b}"&gt;</code></p>'
    )
    assert printed == {a, b} == printed_addresses(head + body)
