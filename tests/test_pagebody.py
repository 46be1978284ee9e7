"""A rendered body in its page: each edition's links and, for paper, their full addresses."""

from __future__ import annotations

import re
from pathlib import Path

from generator.body import render_body
from generator.pagebody import body_text, resolver

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
    page; a file is the same in both), without the fragment; an image, a link to another
    site (which prints its href) and an editor's own attribute have none."""
    html, links = _rendered(tmp_path)
    page = "items/2024/a.html"
    assert _addresses(body_text(html, links, page, None, base_url=BASE)) == [
        (f"{BASE}items/2024/b.html", "《办法》"),
        (f"{BASE}files/2024/files/申请表.pdf", "申请表"),
        (f"{BASE}items/2024/b.html", "原文"),
    ]
    hant = body_text(html, links, f"zh-hant/{page}", "s2t", base_url=BASE)
    assert _addresses(hant) == [
        (f"{BASE}zh-hant/items/2024/b.html", "《辦法》"),
        (f"{BASE}files/2024/files/申请表.pdf", "申請表"),  # OpenCC leaves the address alone
        (f"{BASE}zh-hant/items/2024/b.html", "原文"),
    ]
    assert 'href="b.html#%E7%AC%AC%E4%BA%8C%E6%9D%A1"' in body_text(
        html, links, page, None, base_url=BASE
    )
    assert "evil.example" not in html


def test_without_a_base_url_a_bodys_links_give_no_address(tmp_path: Path) -> None:
    """A site without base_url has no public address to print: a link prints its text, as
    before (a path of the reader's disc would mean nothing on paper)."""
    html, links = _rendered(tmp_path)
    shown = body_text(html, links, "items/2024/a.html", None, base_url=None)
    assert "data-gk-address" not in shown and "\ue000" not in shown
    assert '<a href="b.html#%E7%AC%AC%E4%BA%8C%E6%9D%A1" rel="noopener noreferrer">' in shown
