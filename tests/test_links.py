"""The link checker itself (`generator.links`): the oracle of every link test, and what
`gkml report inspection` counts 错链 with. Checked here on a site written by hand."""

from __future__ import annotations

from pathlib import Path

from linkcheck import broken_links

_A = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>甲</title></head>
<body id="top">
<a href="b.html#x">到乙的 x</a>
<a href="#nope">本页没有的地方</a>
<a href="b.html#%E6%A0%87">到乙的“标”（写成百分号编码）</a>
<a href="b.html#标">到乙的“标”（原样）</a>
<a href="b.html#gone">乙没有的地方</a>
<a href="#top">回到顶部</a>
<a name="old"></a><a href="#old">旧式锚点</a>
<a href="c.html">不存在的页</a>
<a href="/b.html">从根起的链接</a>
<a href="https://www.gov.cn/#anything">别的网站</a>
<img src="files/pic.png" alt="图">
</body></html>
"""
_B = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>乙</title></head>
<body>
<h2 id="标">标</h2>
<p id="x">x</p>
<a href="a.html#top">到甲的顶部</a>
<a href="a.html#%E6%A0%87">甲没有的“标”</a>
<a href="sub/../a.html#old">绕一圈到甲的旧式锚点</a>
</body></html>
"""


def _site(root: Path) -> Path:
    (root / "files").mkdir(parents=True)
    (root / "a.html").write_text(_A, encoding="utf-8")
    (root / "b.html").write_text(_B, encoding="utf-8")
    (root / "files/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def test_a_link_to_a_place_a_page_lacks_is_reported_and_one_it_has_is_not(tmp_path: Path) -> None:
    """An audit: with the fragment check turned off, all 47 tests that check links passed, so
    a page that lost an anchor (a heading's id, the skip link's #main) would ship with links
    that go to the top of the page instead, and the inspection report would count no 错链.
    A percent-encoded fragment names the place it decodes to."""
    assert broken_links(_site(tmp_path / "site")) == [
        "a.html: href='#nope' → #nope not found",
        "a.html: href='b.html#gone' → #gone not found",
        "a.html: href='c.html' → c.html does not exist",
        "a.html: href='/b.html' is root-relative",
        "b.html: href='a.html#%E6%A0%87' → #%E6%A0%87 not found",
    ]


def test_a_site_whose_links_all_resolve_has_none_reported(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    for name, bad in [
        ("a.html", '<a href="#nope">'),
        ("a.html", '<a href="b.html#gone">'),
        ("a.html", '<a href="c.html">'),
        ("a.html", '<a href="/b.html">'),
        ("b.html", '<a href="a.html#%E6%A0%87">'),
    ]:
        page = site / name
        text = page.read_text(encoding="utf-8")
        assert bad in text
        page.write_text(text.replace(bad, "<a>"), encoding="utf-8")
    assert broken_links(site) == []


def test_a_feeds_and_a_sitemaps_links_are_checked_and_other_xml_is_left_alone(
    tmp_path: Path,
) -> None:
    """A mutation audit: a feed entry could link a page never made, and no check read the
    feeds. A feed's links are read against its xml:base, a sitemap's addresses against the
    base the site's feed gives; an XML file of content/static/ (not well-formed, or no feed)
    is published as it is and stops nothing."""
    site = _site(tmp_path / "site")
    base = "https://example.gov.cn/xxgk/"
    (site / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}">'
        '<link rel="self" href="feed.xml"/><entry><link href="a.html"/></entry>'
        '<entry><link href="items/gone.html"/></entry>'
        '<entry><link href="https://other.example/x.html"/></entry></feed>\n',
        encoding="utf-8",
    )
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}b.html</loc></url><url><loc>{base}zh-hant/b.html</loc></url>"
        "<url><loc>https://other.example/b.html</loc></url></urlset>\n",
        encoding="utf-8",
    )
    (site / "verify.xml").write_text("<not well formed", encoding="utf-8")
    # A re-walk: a partner's feed (content/static/) was checked against this site; an entry's
    # own xml:base was not read; a sitemap's folder address (the home page's) was "missing".
    (site / "partner").mkdir()
    (site / "partner/news.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.other.gov.cn/">'
        '<entry><link href="a/1.html"/></entry></feed>\n',
        encoding="utf-8",
    )
    (site / "sub").mkdir()
    (site / "sub/index.html").write_text(_B, encoding="utf-8")
    (site / "maps").mkdir()
    (site / "maps/entries.xml").write_text(
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}maps/">'
        f'<entry xml:base="{base}"><link href="a.html"/></entry>'
        '<entry><link href="../b.html"/><link href="nothing.html"/></entry>'
        '<entry xml:base="../sub/"><link href="index.html"/></entry></feed>\n',
        encoding="utf-8",
    )
    (site / "maps/folders.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}</loc></url><url><loc>{base}sub/</loc></url>"
        f"<url><loc>{base}files/</loc></url></urlset>\n",
        encoding="utf-8",
    )
    # A host in capitals and a feed that says http:// are this site's; a relative xml:base
    # is the feed's own place's (a re-walk: the first was "off-site", the others skipped).
    (site / "maps/case.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://Example.GOV.cn/xxgk/sub/index.html</loc></url></urlset>\n",
        encoding="utf-8",
    )
    (site / "maps/http.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.gov.cn/xxgk/">'
        '<entry><link href="a.html"/><link href="gone-http.html"/></entry></feed>\n',
        encoding="utf-8",
    )
    (site / "maps/relative.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="../sub/">'
        '<entry><link href="index.html"/><link href="gone-relative.html"/></entry></feed>\n',
        encoding="utf-8",
    )
    (site / "a.html").rename(site / "index.html")
    (site / "a.html").write_text(_A, encoding="utf-8")
    found = [
        line for line in broken_links(site) if line.startswith(("feed", "sitemap", "maps", "part"))
    ]
    assert found == [
        "feed.xml: href='items/gone.html' → items/gone.html does not exist",
        "maps/entries.xml: href='nothing.html' → maps/nothing.html does not exist",
        "maps/folders.xml: loc='https://example.gov.cn/xxgk/files/' → files does not exist",
        "maps/http.xml: href='gone-http.html' → gone-http.html does not exist",
        "maps/relative.xml: href='gone-relative.html' → sub/gone-relative.html does not exist",
        "sitemap.xml: loc='https://example.gov.cn/xxgk/zh-hant/b.html' → zh-hant/b.html does not exist",
        "sitemap.xml: loc='https://other.example/b.html' is not an address of this site",
    ]
