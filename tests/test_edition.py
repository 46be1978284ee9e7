"""The 繁體 edition: converted text, protected identifiers, a counterpart for every page."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import opencc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.build import build_site
from generator.edition import _KEEP, Conversion, _kept, to_traditional, to_traditional_all

REPO = Path(__file__).resolve().parent.parent


def test_text_is_converted_and_protected_parts_are_not() -> None:
    html = (
        '<p>关于印发养老服务发展规划的通知</p><td translate="no">示民发〔2024〕1号</td>'
        '<script type="application/ld+json">{"name": "关于养老服务"}</script><p>发布机构</p>'
    )
    converted = to_traditional(html, "s2t")
    assert "<p>關於印發養老服務發展規劃的通知</p>" in converted
    assert '<td translate="no">示民发〔2024〕1号</td>' in converted
    assert '{"name": "关于养老服务"}' in converted
    assert converted.endswith("<p>發佈機構</p>")


def test_form_field_names_are_not_converted() -> None:
    """The search page's filters keep their names: search.js finds them by those names."""
    html = '<label for="f1">发布机构</label><select id="f1" name="发布机构"></select>'
    converted = to_traditional(html, "s2t")
    assert converted == '<label for="f1">發佈機構</label><select id="f1" name="发布机构"></select>'


def test_the_configuration_chooses_the_regional_variant() -> None:
    assert to_traditional("<p>里面为</p>", "s2t") == "<p>裏面爲</p>"
    assert to_traditional("<p>里面为</p>", "s2tw") == "<p>裡面為</p>"
    assert to_traditional("<p>里面为</p>", "s2hk") == "<p>裏面為</p>"


def test_a_site_fixes_what_opencc_converts_wrong() -> None:
    """A 繁體 reader's walk found 做好困难群众 printed 做好睏難羣衆 (OpenCC takes 好困,
    "sleepy", for a word) and 足额发放 足額髮放 ("forehead hair"). The site's fixes print
    the phrase as written and convert the text on either side without it; the longer of two
    phrases that start together wins; a protected part keeps its text."""
    html = (
        "<h1>做好困难群众基本生活保障</h1><p>资金足额发放，编制并发布名录，并发症</p>"
        '<td translate="no">示民发〔2024〕困难1号</td>'
    )
    assert "睏難" in to_traditional(html, "s2t") and "髮放" in to_traditional(html, "s2t")
    fixes = (("困难", "困難"), ("发放", "發放"), ("并发", "併發"), ("并发布", "並發佈"))
    converted = to_traditional(html, Conversion("s2t", fixes))
    assert converted == (
        "<h1>做好困難羣衆基本生活保障</h1><p>資金足額發放，編制並發佈名錄，併發症</p>"
        '<td translate="no">示民发〔2024〕困难1号</td>'
    )
    assert to_traditional("<p>困难</p>", Conversion("s2tw", fixes)) == "<p>困難</p>"


def _sample(tmp_path: Path, traditional: str | None = None) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    config = (REPO / "catalog.yml").read_text(encoding="utf-8")
    if traditional is not None:
        config = config.replace("site:\n", f"site:\n  traditional: {traditional}\n", 1)
    (src / "catalog.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "content", src / "content")
    out = tmp_path / "site"
    result = build_site(src, out, as_of=date(2026, 11, 20), workers=1)
    assert result.stats is not None
    return out


def test_every_page_has_a_traditional_counterpart(tmp_path: Path) -> None:
    site = _sample(tmp_path)
    simplified = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("zh-hant/")
    }
    traditional = {
        p.relative_to(site / "zh-hant").as_posix() for p in (site / "zh-hant").rglob("*.html")
    }
    assert simplified == traditional
    # The accessibility statement describes the edition the site has (not with none, below).
    t2s = opencc.OpenCC("t2s").convert
    for page in ("accessibility.html", "zh-hant/accessibility.html"):
        statement = t2s((site / page).read_text(encoding="utf-8"))
        assert "繁体版页面上的搜索结果取自同一份索引，转换为繁体显示" in statement, page
    home = (site / "zh-hant/index.html").read_text(encoding="utf-8")
    assert "示例市民政局政府信息公開" in home
    assert "最新公開信息" in home or "最新公开信息" not in home
    # The footer's record numbers as registered (a 繁體 reader's walk: 示ICP備…號).
    assert (
        '<li translate="no" lang="zh-CN"><a href="https://beian.miit.gov.cn/" rel="external">'
        "示ICP备12000001号</a></li>" in home
    )
    assert 'rel="external">示公网安备64990002000012号</a></li>' in home
    assert "示ICP備" not in home and "示公網安備" not in home
    # Search engines learn of both editions from either (absolute addresses: base_url).
    base = "https://example.gov.cn/xxgk/"
    for edition in ("", "zh-hant/"):
        page = (site / edition / "pages/gkzn.html").read_text(encoding="utf-8")
        assert re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page) == [
            ("zh-CN", f"{base}pages/gkzn.html"),
            ("zh-Hant", f"{base}zh-hant/pages/gkzn.html"),
        ]
    # The site's fixes: no 睏難 (做好困难群众), 髮放 (足额发放), 併發布 (编制并发布) or 審籤
    # (同步审签, "review and sign": 籤 is a slip, as in 抽籤; a 繁體 reader's walk).
    pages = [p.read_text(encoding="utf-8") for p in (site / "zh-hant").rglob("*.html")]
    wrong = ("睏難", "髮放", "併發布", "審籤")
    assert not [w for w in wrong if any(w in page for page in pages)]
    assert any("同步審簽" in page for page in pages)
    assert any("困難羣衆" in page for page in pages)
    # A 文号 is quoted as issued wherever the page names one, the header's 废止依据 as the
    # banner (a 繁體 reader's walk: 示民规〔2025〕1号 above it, 示民規〔2025〕1號 in it).
    repealed = (site / "zh-hant/items/2023/640100-108-2023-00015.html").read_text("utf-8")
    assert "示民規〔2025〕1號" not in repealed
    assert repealed.count('<span translate="no" lang="zh-CN">示民规〔2025〕1号</span>') == 2
    # The data page names the files' columns and values as the files write them (a 繁體
    # reader's walk: it named columns 發佈機構 and 效力狀態 that catalog.csv does not have).
    data = (site / "zh-hant/data.html").read_text(encoding="utf-8")
    heading = (site / "catalog.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    named = re.findall(r'<td data-label="CSV 列名"([^>]*)>([^<]+)<', data)
    assert ",".join(name for _, name in named) == heading
    assert {attributes for attributes, _ in named} == {' translate="no" lang="zh-CN"'}
    assert '取值之一：<span translate="no" lang="zh-CN">有效、失效、废止、已修改</span>' in data
    # Non-HTML files exist once, shared by both editions.
    assert not (site / "zh-hant/assets").exists()
    assert not (site / "zh-hant/catalog.json").exists()


def test_traditional_none_builds_no_edition(tmp_path: Path) -> None:
    site = _sample(tmp_path, "none")
    assert not (site / "zh-hant").exists()
    # Nor does the accessibility statement describe one (a 繁體 reader's walk).
    statement = (site / "accessibility.html").read_text(encoding="utf-8")
    assert "繁體版页面上的搜索结果" not in statement
    assert "长者版" in statement


def test_addresses_and_anchors_keep_their_chinese_names() -> None:
    # Found in review: an attachment named 实施细则.pdf became 實施細則.pdf, a dead link.
    html = (
        '<p>实施细则</p><a href="../files/实施细则.pdf" aria-label="下载实施细则">下载</a>'
        '<h2 id="第一章-总则">第一章 总则</h2><a href="#第一章-总则">总则</a>'
        '<img src="图表.png" alt="图表">'
        # A walk: a printed 繁體 page showed an attachment's address with 要點 for 要点.
        '<a href="要点.pdf" data-gk-address="https://x.gov.cn/files/要点.pdf">要点</a>'
    )
    out = to_traditional(html, "s2t")
    assert 'href="../files/实施细则.pdf"' in out and 'src="图表.png"' in out
    assert 'data-gk-address="https://x.gov.cn/files/要点.pdf">要點</a>' in out
    assert 'id="第一章-总则"' in out and 'href="#第一章-总则"' in out
    assert "<p>實施細則</p>" in out and 'aria-label="下載實施細則"' in out and 'alt="圖表"' in out


# The protected parts as first written: one plain alternation. `edition._KEEP` is the same
# pattern rearranged to be scanned faster; it must find exactly the same parts.
_PLAIN_KEEP = re.compile(
    r"<script\b.*?</script>"
    r"|<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\btranslate=\"no\"[^>]*>.*?</(?P=tag)>"
    r"|\sname=\"[^\"]*\""
    r"|\s(?:href|src|srcset|action|id|for|value|headers|aria-labelledby|aria-describedby"
    r"|aria-controls|data-gk-address)=\"[\x00-\x21\x23-\x7f]*[^\x00-\x7f][^\"]*\"",
    re.DOTALL | re.IGNORECASE,
)
_HTML_PIECES = st.sampled_from(
    [
        *'<>/=" \n\t\u3000',
        "<script>",
        "</script>",
        "<SCRIPT type=x>",
        "<td",
        "</td>",
        "<span",
        "</span>",
        "<p",
        "</p>",
        ' translate="no"',
        ' TRANSLATE="no"',
        ' class="a"',
        ' lang="zh"',
        ' name="发布机构"',
        ' NAME="q"',
        ' href="实施细则.pdf"',
        ' href="a.html"',
        ' src="图.png"',
        ' id="第一章"',
        ' aria-labelledby="标题"',
        ' data-gk-address="https://x/要点.pdf"',
        ' value="值"',
        " for=",
        "实施细则",
        "发布",
        "\u017fcript",  # long s, which matches "s" when case is ignored
        "\u212a",  # Kelvin sign, which matches "k"
        "\u0131",  # dotless i, which matches "i"
        "\u0130",  # İ, which lower-cases to two characters
        ' v\u0130alue="值"',
        "面为",  # converts (裏面爲): a phrase of two characters
        "\ue005",  # the character that stands for a protected part while a page converts
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_HTML_PIECES, max_size=40).map("".join))
def test_protected_parts_are_those_of_the_plain_pattern(html: str) -> None:
    assert [m.span() for m in _KEEP.finditer(html)] == [
        m.span() for m in _PLAIN_KEEP.finditer(html)
    ]


@settings(max_examples=1000, deadline=None)
@given(st.lists(_HTML_PIECES, max_size=40).map("".join))
@example('<span< translate="no"></span>')  # found by this test: the element starts at the first <
def test_protected_parts_found_from_literals_are_those_of_the_pattern(html: str) -> None:
    """_kept (what to_traditional uses) finds exactly the parts _KEEP matches."""
    assert _kept(html) == [m.span() for m in _KEEP.finditer(html)]


def _converted_piece_by_piece(html: str, config: str) -> str:
    """The conversion as defined: each text between the protected parts converted apart."""
    convert = opencc.OpenCC(config).convert
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(html):
        out += (convert(html[last : match.start()]), match.group())
        last = match.end()
    return "".join((*out, convert(html[last:])))


@settings(max_examples=500, deadline=None)
@given(st.lists(_HTML_PIECES, max_size=40).map("".join))
@example('里<p translate="no">面</p>为')  # no phrase 里面为 across the protected part
@example('里<p translate="no">a</p>为\ue005')  # an ASCII part, and the stand-in in the page
def test_a_page_converts_as_its_pieces_converted_apart(html: str) -> None:
    """to_traditional converts in one call; the result is that of the pieces one by one."""
    assert to_traditional(html, "s2t") == _converted_piece_by_piece(html, "s2t")


def test_protected_parts_of_a_built_page_are_those_of_the_plain_pattern(tmp_path: Path) -> None:
    site = _sample(tmp_path)
    for page in ("index.html", "items/2024/640100-108-2024-00004.html", "search.html"):
        html = (site / page).read_text(encoding="utf-8")
        found = [m.span() for m in _KEEP.finditer(html)]
        assert found and found == [m.span() for m in _PLAIN_KEEP.finditer(html)]
        assert _kept(html) == found


def test_texts_converted_together_are_converted_as_one_by_one() -> None:
    """A feed's texts go to OpenCC in one call, kept apart by a private-use character; a
    text with that character in it sends them one by one."""
    conversion = Conversion("s2t", (("困难", "困難"),))
    texts = ["做好困难群众救助", "发布", "", "示民发〔2024〕1号", "为"]
    alone = [to_traditional(text, conversion) for text in texts]
    assert to_traditional_all(texts, conversion) == alone
    assert alone[0] == "做好困難羣衆救助"
    odd = [*texts, "甲\ue006乙"]
    assert to_traditional_all(odd, conversion) == [to_traditional(t, conversion) for t in odd]
    assert to_traditional_all([], conversion) == []
    # Plain text: what looks like markup in it is converted as text, and comes back as written.
    markup = ['<script>发放</script> for="发放" &amp; 发放', "&lt;发放&gt;"]
    assert to_traditional_all(markup, conversion) == [
        '<script>發放</script> for="發放" &amp; 發放',
        "&lt;發放&gt;",
    ]


def _minimal(tmp_path: Path, traditional: str) -> Path:
    """Build tests/sites/minimal with base_url and *traditional*; return the site folder."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests/sites/minimal", src)
    config = src / "catalog.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site:\n",
            f"site:\n  base_url: https://example.gov.cn/xxgk/\n  traditional: {traditional}\n",
            1,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert build_site(src, out, as_of=date(2026, 11, 20), workers=1).stats is not None
    return out


@pytest.mark.parametrize(
    ("traditional", "lang"), [("s2hk", "zh-Hant-HK"), ("s2tw", "zh-Hant-TW"), ("s2t", "zh-Hant")]
)
def test_the_traditional_edition_names_its_region(
    tmp_path: Path, traditional: str, lang: str
) -> None:
    """A 繁體 reader's walk: an s2hk site's pages said zh-Hant, a screen reader read Hong
    Kong's characters with Taiwan's voice. The precise tag (BCP 47) wherever the edition's
    language is written: the page's lang, the alternates and the switch in both editions,
    the feed's xml:lang, the JSON-LD's inLanguage."""
    site = _minimal(tmp_path, traditional)
    base = "https://example.gov.cn/xxgk/"
    item = "items/2024/640100-108-2024-00001.html"
    for edition in ("", "zh-hant/"):
        page = (site / edition / item).read_text(encoding="utf-8")
        assert re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page) == [
            ("zh-CN", f"{base}{item}"),
            (lang, f"{base}zh-hant/{item}"),
        ], edition
    hans = (site / item).read_text(encoding="utf-8")
    hant = (site / "zh-hant" / item).read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in hant and '<html lang="zh-CN">' in hans
    assert f'lang="{lang}" hreflang="{lang}" translate="no">繁體</a>' in hans
    assert 'lang="zh-CN" hreflang="zh-CN" translate="no">简体</a>' in hant
    feed = (site / "zh-hant/feed.xml").read_text(encoding="utf-8")
    assert f'xml:lang="{lang}"' in feed
    assert _jsonld(site / "zh-hant" / item)["inLanguage"] == lang
    langs = {
        re.findall(r'<html lang="([^"]+)"', p.read_text(encoding="utf-8"))[0]
        for p in (site / "zh-hant").rglob("*.html")
    }
    assert langs == {lang}


def _jsonld(page: Path) -> dict[str, Any]:
    text = page.read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text)
    assert len(found) == 1, page
    data: dict[str, Any] = json.loads(found[0])
    return data


def test_the_simplified_pages_jsonld_names_its_traditional_version(tmp_path: Path) -> None:
    """A 繁體 reader's walk: the 繁體 page named the 简体 one (exampleOfWork), the 简体 page
    named no 繁體 one: a crawler that came to the 简体 page did not learn of the other. The
    简体 page names it as its `workExample` (the inverse), by the 繁體 page's @id; the 繁體
    page names no example of itself. Without a 繁體 edition, nothing."""
    site = _minimal(tmp_path / "both", "s2t")
    base = "https://example.gov.cn/xxgk/"
    for item in ("items/2024/640100-108-2024-00001.html", "items/2024/640100-108-2024-00002.html"):
        hans, hant = _jsonld(site / item), _jsonld(site / "zh-hant" / item)
        assert hans["workExample"] == {"@id": hant["@id"]} == {"@id": f"{base}zh-hant/{item}"}
        assert hant["exampleOfWork"] == {"@id": hans["@id"]}
        assert "workExample" not in hant and "exampleOfWork" not in hans
    alone = _minimal(tmp_path / "alone", "none")
    assert not (alone / "zh-hant").exists()
    data = _jsonld(alone / "items/2024/640100-108-2024-00001.html")
    assert data["@id"] == f"{base}items/2024/640100-108-2024-00001.html"
    assert "workExample" not in data


def test_the_traditional_pages_jsonld_describes_that_page(tmp_path: Path) -> None:
    """A 繁體 reader's walk: the 繁體 page's JSON-LD named the 简体 page (url, @id,
    inLanguage zh-CN). It names its own address and language and its names as the page
    prints them, and is an example (exampleOfWork) of the same Legislation: the same
    identifiers, dates and references (the documents it names by their 简体 addresses)."""
    site = _minimal(tmp_path, "s2hk")
    base = "https://example.gov.cn/xxgk/"
    convert = opencc.OpenCC("s2hk").convert
    for item in ("items/2024/640100-108-2024-00001.html", "items/2024/640100-108-2024-00002.html"):
        hans, hant = _jsonld(site / item), _jsonld(site / "zh-hant" / item)
        assert hans["@id"] == hans["url"] == f"{base}{item}"
        assert hans["inLanguage"] == "zh-CN" and "exampleOfWork" not in hans
        assert hant["@id"] == hant["url"] == f"{base}zh-hant/{item}"
        assert hant["inLanguage"] == "zh-Hant-HK"
        assert hant["exampleOfWork"] == {"@id": f"{base}{item}"}
        assert hant["name"] == convert(hans["name"]) != hans["name"]
        h1 = re.findall(r"<h1>(.*?)</h1>", (site / "zh-hant" / item).read_text(encoding="utf-8"))
        assert h1 == [hant["name"]]
        assert hant["identifier"] == hans["identifier"]
        assert hant.get("legislationIdentifier") == hans.get("legislationIdentifier")
        # the rest as the 简体 page's, each name (the issuer's, the policy's…) printed
        printed = json.loads(
            re.sub(
                r'"name":"([^"]*)"',
                lambda m: f'"name":"{convert(m[1])}"',
                json.dumps(hans, ensure_ascii=False, separators=(",", ":")),
            )
        )
        assert "about" in printed or "subjectOf" in printed
        own = {"@id", "url", "inLanguage", "exampleOfWork", "workExample"}
        assert {k: v for k, v in hant.items() if k not in own} == {
            k: v for k, v in printed.items() if k not in own
        }
        assert set(hant) | {"workExample"} == set(hans) | {"exampleOfWork"}
    about = _jsonld(site / "zh-hant/items/2024/640100-108-2024-00002.html")["about"]
    assert about["@id"] == f"{base}items/2024/640100-108-2024-00001.html"
