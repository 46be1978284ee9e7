"""A screen reader's walk of the sample site: what a blind reader hears of its links, tables
and figures, read from the built HTML (names as Chromium computes them from text) and, where
only the browser can tell, from Chromium's accessibility tree."""

from __future__ import annotations

import html.parser
import itertools
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browsing import SAMPLE_AS_OF, accessibility_tree, build_sample, chromium
from conftest import copy_sample

from generator.build import build_site
from generator.fields import Disclosure, Status
from generator.item import Attachment, Item
from generator.views import Day, Row, attachments, told_apart

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("screen-reader"))


class _Links(html.parser.HTMLParser):
    """The links of a page as (name, href, the table they are in or ""), the name being the
    link's aria-label or else its text, with its white space dropped (a Chinese name has no
    spaces of its own); *shown*: the texts, in the same order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.shown: list[str] = []
        self._href: str | None = None
        self._label: str | None = None
        self._text: list[str] = []
        self._tables: list[str] = []
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and (href := dict(attrs).get("href")) is not None:
            self._href, self._text, self._label = href, [], dict(attrs).get("aria-label")
        elif tag == "table":
            self._tables.append("")
        elif tag == "caption":
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            table = self._tables[-1] if self._tables else ""
            shown = "".join("".join(self._text).split())
            name = shown if self._label is None else "".join(self._label.split())
            self.links.append((name, self._href, table))
            self.shown.append(shown)
            self._href = None
        elif tag == "table" and self._tables:
            self._tables.pop()
        elif tag == "caption" and self._caption is not None:
            self._tables[-1] = "".join(self._caption)
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._caption is not None:
            self._caption.append(data)


def _links(page: Path) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def _one_name_two_places(links: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    places: dict[str, set[str]] = {}
    for name, href, _table in links:
        places.setdefault(name, set()).add(href.split("#")[0])
    return {name: hrefs for name, hrefs in places.items() if len(hrefs) > 1}


# -- links in a list of links ------------------------------------------------------------------
def test_no_table_links_two_documents_by_one_name(site: Path) -> None:
    """The walk: the 部门文件 listing (and 法定主动公开内容, the issuer's, the topic's) had two
    links named 示例市最低生活保障审核确认办法, one to the 办法 repealed in 2025 and one to the
    办法 that replaced it; a screen reader's list of links (NVDA's Insert+F7, VoiceOver's
    rotor) shows names only, and a reader chose between the two by luck. Each says its 文号
    now, in its link, in both editions."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    found: list[str] = []
    for page in pages:
        links = _links(page)
        for table in {t for _n, _h, t in links if t}:
            same = _one_name_two_places([link for link in links if link[2] == table])
            found += [f"{page.relative_to(site)}: {table}: {name}" for name in same]
    assert found == [], found
    # The case the walk found, as it reads now.
    names = [name for name, _h, _t in _links(site / "catalog/bmwj/index.html")]
    assert "示例市最低生活保障审核确认办法（示民规〔2025〕1号）" in names
    assert "示例市最低生活保障审核确认办法（示民规〔2023〕1号）" in names
    hant = (site / "zh-hant/catalog/bmwj/index.html").read_text(encoding="utf-8")
    # quoted as issued in the 繁體 edition, as the 文号 column is
    assert (
        '審覈確認辦法（<span translate="no" lang="zh-CN">示民规〔2023〕1号</span>）</span></a>'
        in hant
    )


def _row(index_no: str, title: str, doc_no: str = "", path: str | None = "p.html") -> Row:
    day = Day("2025-01-01", "2025年1月1日")
    return Row(index_no, title, path, doc_no, day, day, "有效", True, "主动公开", True, "", None)


def test_rows_of_one_title_are_told_apart_by_doc_no_else_index_no() -> None:
    rows = told_apart(
        [
            _row("A/2025-1", "办法", "示发〔2025〕1号"),
            _row("A/2023-1", "办法", "示发〔2023〕1号"),
            _row("A/2025-2", "通知", "示发〔2025〕2号"),
            _row("A/2025-3", "方案"),  # no 文号: the 索引号
            _row("A/2025-4", "方案", "示发〔2025〕4号"),
            _row("A/2025-5", "公告", "示发〔2025〕5号"),  # the same 文号 twice: the 索引号
            _row("A/2025-6", "公告", "示发〔2025〕5号"),
            _row("A/2025-7", "明细", path=None),  # no page, no link: nothing to tell apart
            _row("A/2025-8", "明细"),
        ]
    )
    assert [r.apart for r in rows] == [
        "示发〔2025〕1号",
        "示发〔2023〕1号",
        "",
        "A/2025-3",
        "A/2025-4",
        "A/2025-5",
        "A/2025-6",
        "",
        "",
    ]
    # the page's fingerprint (a row's repr) changes with what its link says
    assert repr(rows[0]) != repr(_row("A/2025-1", "办法", "示发〔2025〕1号"))


@pytest.mark.parametrize("edition", ["", "zh-hant/"])
def test_the_data_pages_feeds_are_named_as_feeds(site: Path, edition: str) -> None:
    """The walk: the data page's 订阅 list named each column's feed as the column (机构职能,
    年度报告, …): in a list of links 年度报告 was there twice, the column's page (the
    navigation's) and its feed, and each feed read as the column's page."""
    links = _links(site / edition / "data.html")
    assert _one_name_two_places(links) == {}
    feeds = [name for name, href, _t in links if "feed" in href]
    assert len(feeds) > 10
    assert all(name.endswith(("的订阅", "的訂閱")) for name in feeds), feeds
    assert ("年度报告栏目的订阅" if not edition else "年度報告欄目的訂閱") in feeds


# -- sums said in words ------------------------------------------------------------------------
class _Heads(html.parser.HTMLParser):
    """The texts of a page's table captions and header cells."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("caption", "th"):
            self._open += 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("caption", "th"):
            self._open -= 1

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[-1] += data


def test_the_annual_figures_say_their_sum_in_words(site: Path) -> None:
    """The walk: the annual page's check read "现行有效(2025) = 现行有效(2024) + 制发 - 废止"
    with columns "+ 制发", "- 废止" and "= 应为". At a screen reader's usual punctuation level
    a "-" between words is often not said (NVDA's "some"): 加制发废止, and a column of 废止.
    The caption and the columns say 加, 减 and 应为, as the verdict above them does."""
    pages = sorted((site / "annual").rglob("*.html")) + sorted(
        (site / "zh-hant" / "annual").rglob("*.html")
    )
    assert len(pages) >= 8
    operator = re.compile(r"(?:^|\s)[-+=](?:\s|$)")
    for page in pages:
        parser = _Heads()
        parser.feed(page.read_text(encoding="utf-8"))
        signs = [text for text in parser.texts if operator.search(text)]
        assert signs == [], (page.relative_to(site), signs)
    heads = _Heads()
    heads.feed((site / "annual" / "2025.html").read_text(encoding="utf-8"))
    assert "现行有效(2025)应等于现行有效(2024)加制发、减废止" in heads.texts
    assert {"加：制发", "减：废止", "应为"} <= set(heads.texts)


# -- names that start with the words shown (WCAG 2.5.3) ----------------------------------------
_NAMED = re.compile(r'<(summary|button|a)\b[^>]*\baria-label="([^"]*)"[^>]*>(.*?)</\1>', re.S)


@pytest.mark.parametrize("edition", ["", "zh-hant/"])
def test_a_named_control_starts_with_the_words_it_shows(site: Path, edition: str) -> None:
    """The walk: on a phone the home tree's folds showed 下级栏目 11 个 and were named
    法定主动公开内容的下级栏目 11 个: a speech-control user saying the words shown (点击
    下级栏目 11 个) was not sure to reach it, as the name did not start with them (WCAG 2.5.3,
    label in name). Every control of a page that has a name of its own starts it with its
    text: the folds, 搜索框 (搜索), 大字号 (大)."""
    found: list[tuple[str, str, str]] = []
    pages = [site / edition / "index.html", *sorted((site / edition / "items").rglob("*.html"))]
    for page in pages:
        for _tag, name, inner in _NAMED.findall(page.read_text(encoding="utf-8")):
            shown = "".join(re.sub(r"<[^>]+>", "", inner).split())
            if shown and not name.replace(" ", "").startswith(shown):
                found.append((page.name, shown, name))
    assert found == [], found[:5]
    home = (site / edition / "index.html").read_text(encoding="utf-8")
    label = (
        "下级栏目 11 个（法定主动公开内容）"
        if not edition
        else "下級欄目 11 個（法定主動公開內容）"
    )
    assert f'aria-label="{label}"' in home


@pytest.mark.parametrize("edition", ["", "zh-hant/"])
def test_the_annual_figures_name_an_issuers_link_as_its_figures(site: Path, edition: str) -> None:
    """The walk: the annual page's table by issuer linked 示例市社会福利院 to that issuer's
    own figures of the year, where every other link of that name on the site goes to its
    listing: in a list of links the two read as one. The link is named as the other links to
    that page are, 示例市社会福利院2025年度报告数据, beginning with the words shown (WCAG
    2.5.3)."""
    root = site / edition
    pages = (
        sorted(root.rglob("*.html"))
        if edition
        else sorted(p for p in root.rglob("*.html") if "zh-hant" not in p.relative_to(root).parts)
    )
    targets: dict[str, set[Path]] = {}
    pages_of: dict[str, set[str]] = {}
    for page in pages:
        for name, href, _t in _links(page):
            if href and "://" not in href and not href.startswith(("#", "tel:", "mailto:")):
                targets.setdefault(name, set()).add((page.parent / href.split("#")[0]).resolve())
                pages_of.setdefault(name, set()).add(page.relative_to(root).as_posix())
    checked = 0
    for page in sorted((root / "annual").glob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for (name, href, table), shown in zip(parser.links, parser.shown, strict=True):
            if "按发布机构" not in table and "按發佈機構" not in table:
                continue
            target = (page.parent / href).resolve()
            assert name.startswith(f"{shown}{page.stem}年度"), (page.name, shown, name)
            # the name leads there alone, and is what the other links there say
            assert targets[name] == {target}, (name, sorted(map(str, targets[name])))
            assert len(pages_of[name]) > 1, (name, pages_of[name])
            checked += 1
    assert checked >= 6, checked  # two issuers on each of the four years' pages
    first = "示例市社会福利院" if not edition else "示例市社會福利院"
    said = "2025年度报告数据" if not edition else "2025年度報告數據"
    assert f'aria-label="{first}{said}">{first}</a>' in (root / "annual/2025.html").read_text(
        encoding="utf-8"
    )


# -- attachments ---------------------------------------------------------------------------------
def _attachments(page: Path) -> list[tuple[str, str]]:
    """Return each attachment of an item page as (its link's name, the line as shown)."""
    html = page.read_text(encoding="utf-8")
    section = re.search(r'<section class="gk-attachments".*?</section>', html, re.S)
    assert section is not None, page
    return [
        (re.sub(r"<[^>]+>", "", link), re.sub(r"<[^>]+>|\s", "", line))
        for line, link in re.findall(r"<li>(<a [^>]*>(.*?)</a>.*?)</li>", section.group(0), re.S)
    ]


@pytest.mark.parametrize("edition", ["", "zh-hant/"])
def test_an_attachments_type_is_said_once(site: Path, edition: str) -> None:
    """The walk: an attachment titled 公开说明（PDF） was shown and heard as
    公开说明（PDF）（PDF，2.0 KB）. The page says the type once, with the size."""
    found = _attachments(site / edition / "items/2026/640100-108-2026-00006.html")
    if not edition:
        assert found == [
            (
                "示例市民政局2026年部门预算公开说明",
                "示例市民政局2026年部门预算公开说明（PDF，2.0KB）",
            ),
            ("2026年主要项目支出预算表", "2026年主要项目支出预算表（CSV，463B）"),
        ]
    else:
        assert [name for name, _line in found] == [
            "示例市民政局2026年部門預算公開說明",
            "2026年主要項目支出預算表",
        ]
        assert found[0][1].endswith("說明（PDF，2.0KB）"), found


def test_an_attachments_title_keeps_what_tells_it_apart(tmp_path: Path) -> None:
    """A type in brackets is left out only when it is the file's, and not when two links
    would then have one name: 方案（PDF） and 方案（OFD） stay as written, as a list of links
    would otherwise show 方案 twice, to two files."""
    src = copy_sample(tmp_path / "src")
    files = src / "content/2025/files"
    files.mkdir(parents=True, exist_ok=True)
    names = ["qingdan.pdf", "fangan.pdf", "fangan.ofd", "biao.xlsx", "tu.jpeg"]
    for n, name in enumerate(names):
        (files / name).write_bytes(b"x" * (100 + n))
    titles = [
        "清单(pdf格式)",
        "方案（PDF）",
        "方案（OFD）",
        "统计表（PDF）",
        "示意图（ＪＰＥＧ版）",
    ]
    listed = "".join(
        f"  - {{file: files/{name}, title: {title}}}\n"
        for name, title in zip(names, titles, strict=True)
    )
    (src / "content/2025/attachments.md").write_text(
        "---\ntitle: 关于附件名称的测试通知\nindex_no: 640100-108/2025-09020\n"
        "issuer: 示例市民政局\nwritten: 2025-03-01\npublished: 2025-03-05\nstatus: 有效\n"
        f"disclosure: 主动公开\ncategory: bmwj\ntopics: [政务公开]\nattachments:\n{listed}---\n\n"
        "正文。\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = build_site(src, out, as_of=SAMPLE_AS_OF)
    assert result.stats is not None, [d.message_en for d in result.load.diagnostics]
    assert _attachments(out / "items/2025/640100-108-2025-09020.html") == [
        ("清单", "清单（PDF，100B）"),
        ("方案（PDF）", "方案（PDF）（PDF，101B）"),
        ("方案（OFD）", "方案（OFD）（OFD，102B）"),
        ("统计表（PDF）", "统计表（PDF）（XLSX，103B）"),
        ("示意图", "示意图（JPG，104B）"),
    ]


def _with_files(*files: tuple[str, str]) -> Item:
    """Return an item whose attachments are *files*: (file name, title) each."""
    return Item(
        path="content/2025/tongzhi.md", title="关于附件的通知", index_no="640100-108/2025-00001",
        issuer="示例市民政局", department=None, doc_no=None, written=None,
        published=date(2025, 3, 5), published_time=None, status=Status.IN_FORCE,
        disclosure=Disclosure.PROACTIVE, category="bmwj", topics=(), genre=None, keywords=(),
        valid_from=None, valid_until=None, status_date=None, replaced_by=None, interprets=None,
        related=(),
        attachments=tuple(
            Attachment(f"files/{name}", title, f"content/2025/files/{name}", 2048)
            for name, title in files
        ),
        reason=None, source=None, privacy_allow=(), late_reason=None, body_line=1, positions={},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "title", "shown"),
    [
        ("shuoming.docx", "说明（Word版）", "说明"),
        ("shuoming.doc", "说明（word文档）", "说明"),
        ("shuoming.docx", "说明(WORD)", "说明"),
        ("biao.xlsx", "统计表（Excel版）", "统计表"),
        ("biao.xls", "统计表（Ｅｘｃｅｌ表格）", "统计表"),
        ("biao.et", "统计表（WPS版）", "统计表"),
        ("shuoming.wps", "说明（WPS文档）", "说明"),
        # the brackets name another type than the file's: kept
        ("shuoming.pdf", "说明（Word版）", "说明（Word版）"),
        ("biao.docx", "统计表（Excel版）", "统计表（Excel版）"),
        ("biao.xlsx", "统计表（WPS版）", "统计表（WPS版）"),
    ],
)
def test_an_attachments_type_named_by_its_program_is_said_once(
    name: str, title: str, shown: str
) -> None:
    """说明（Word版） on a .docx was shown and heard as 说明（Word版）（DOCX，2.0 KB），as
    说明（PDF） was before: Word is .doc and .docx, Excel .xls and .xlsx, WPS .wps and .et."""
    [found] = attachments(_with_files((name, title)))
    assert found.title == shown


def test_an_attachments_program_stays_where_it_tells_two_apart() -> None:
    """Without their brackets 方案（Word版） and 方案（PDF） would be two links named 方案."""
    found = attachments(
        _with_files(
            ("fangan.docx", "方案（Word版）"),
            ("fangan.pdf", "方案（PDF）"),
            ("b.xlsx", "表（Excel版）"),
        )
    )
    assert [a.title for a in found] == ["方案（Word版）", "方案（PDF）", "表"]


# -- in Chromium's accessibility tree ------------------------------------------------------------
# The walk's pages: (path, 长者版, viewport width); the search page with a query's results.
_WALK = {
    "home": ("index.html", False, 1280),
    "home-phone-长者版": ("index.html", True, 360),
    "column": ("catalog/bmwj/index.html", False, 1280),
    "column-parent": ("catalog/fdzdgknr/index.html", False, 1280),
    "issuer": ("issuers/640100-108/index.html", False, 1280),
    "month": ("dates/2025/12/index.html", False, 1280),
    "in-force": ("status/in-force/index.html", False, 1280),
    "item-amended": ("items/2024/640100-108-2024-00012.html", False, 1280),
    "item-repealed": ("items/2023/640100-108-2023-00015.html", False, 1280),
    "interpretation": ("items/2024/640100-108-2024-00013.html", False, 1280),
    "attachments-and-tables": ("items/2026/640100-108-2026-00006.html", False, 1280),
    "search": ("search.html?q=%E6%95%91%E5%8A%A9", False, 1280),
    "annual": ("annual/2025.html", False, 1280),
    "data": ("data.html", False, 1280),
    "繁體-item": ("zh-hant/items/2024/640100-108-2024-00012.html", False, 1280),
    "繁體-column": ("zh-hant/catalog/bmwj/index.html", False, 1280),
    "item-phone-长者版": ("items/2024/640100-108-2024-00012.html", True, 360),
}
_LANDMARKS = {"banner", "navigation", "main", "contentinfo", "search", "region", "form"}
_CONTROLS = {"link", "button", "searchbox", "textbox", "combobox", "DisclosureTriangle"}
# White space between two Chinese characters or punctuation marks: a Chinese name has none of
# its own (下级栏目 11 个 has, around a number)
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_SPACED = re.compile(f"{_CJK}\\s+{_CJK}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("kind", list(_WALK))
def test_what_a_screen_reader_hears(browser: Browser, site: Path, kind: str) -> None:
    """The walk, kept: on each page kind, in Chromium's own tree (names as computed, hidden
    things left out), every control has a name, no two landmarks share a role and a name,
    there is one level-1 heading and no level is skipped, and no name of a link leads to two
    places (the listings' 示例市最低生活保障审核确认办法, the data page's 年度报告). On the home
    page a column and a topic of one name (社会救助) lead to their two listings: the headings
    they are under (政府信息公开目录, 按主题浏览) tell them apart (WCAG technique H80). No
    control's name has a space between two Chinese characters that its text does not have."""
    path, elder, width = _WALK[kind]
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="zh-CN", reduced_motion="reduce"
    )
    if elder:
        context.add_init_script("window.localStorage.setItem('gk-mode', 'elder')")
    try:
        page = context.new_page()
        file, _, query = path.partition("?")
        page.goto((site / file).as_uri() + (f"?{query}" if query else ""), wait_until="load")
        if query:
            page.wait_for_function(
                "() => { const s = document.getElementById('gk-search-status');"
                " return s.textContent !== '' && !s.textContent.includes('正在'); }",
                timeout=10_000,
            )
            assert page.locator(".gk-result").count() > 0
        heard = accessibility_tree(page)
        unnamed = [role for role, name, _p in heard if role in _CONTROLS and not name.strip()]
        assert unnamed == [], unnamed
        # A link laid out with flex (a target's height) made each of its children a box, and
        # Chromium put a space between them in its name: a braille display showed
        # 办法（ 示民规〔2025〕1号 ）, and a screen reader paused there.
        spaced = [name for role, name, _p in heard if role in _CONTROLS and _SPACED.search(name)]
        assert spaced == [], spaced
        marks = [(role, name) for role, name, _p in heard if role in _LANDMARKS]
        assert len(marks) == len(set(marks)), marks
        levels = [int(str(p["level"])) for role, _n, p in heard if role == "heading"]
        assert levels.count(1) == 1, levels
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        places: dict[str, set[str]] = {}
        for role, name, p in heard:
            if role == "link":
                places.setdefault(name, set()).add(str(p.get("url", "")).split("#")[0])
        same = {name: sorted(urls) for name, urls in places.items() if len(urls) > 1}
        if kind.startswith("home"):
            same = {
                name: urls
                for name, urls in same.items()
                if not (len(urls) == 2 and "/catalog/" in urls[0] and "/topics/" in urls[1])
            }
        assert same == {}, same
    finally:
        context.close()


def _rows_of_tables(page: Page) -> list[tuple[str, list[int]]]:
    """Return, for each table of Chromium's accessibility tree of *page*, its name and the
    number of cells (headers included) of each of its rows, as a screen reader is given them."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}

    def role(n: dict[str, Any]) -> str:
        return "" if n.get("ignored") else str(n.get("role", {}).get("value", ""))

    def below(n: dict[str, Any], wanted: set[str], stop: set[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for child in n.get("childIds", []):
            c = by_id.get(child)
            if c is None:
                continue
            if role(c) in wanted:
                found.append(c)
            elif role(c) not in stop:
                found += below(c, wanted, stop)
        return found

    cells = {"cell", "gridcell", "rowheader", "columnheader"}
    return [
        (
            str(table.get("name", {}).get("value", "")),
            [len(below(row, cells, {"table"})) for row in below(table, {"row"}, {"table"})],
        )
        for table in nodes
        if role(table) == "table"
    ]


@pytest.mark.parametrize(
    ("where", "width", "elder"),
    [("phone", 360, False), ("phone-长者版", 360, True), ("wide-长者版", 1280, True)],
)
@pytest.mark.parametrize("edition", ["", "zh-hant/"])
def test_every_row_of_a_listing_keeps_its_empty_cells(
    browser: Browser, site: Path, where: str, width: int, elder: bool, edition: str
) -> None:
    """The walk, on a phone and in 长者版, where a listing's rows are blocks of labelled lines:
    a row without a 文号 hid its empty cell (display: none), which left the table's tree, and
    Chromium gave each cell after it the column before its own (chrome://accessibility:
    tableCellColumnIndex): the 成文日期 was read as 文号, the 发布日期 as 成文日期 and 有效 as
    发布日期. Every row keeps a cell for each column now, an empty one taking no room."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    if elder:
        context.add_init_script("window.localStorage.setItem('gk-mode', 'elder')")
    try:
        page = context.new_page()
        for path in ("index.html", "dates/2026/09/index.html", "catalog/bmwj/index.html"):
            page.goto((site / edition / path).as_uri(), wait_until="load")
            blank = page.locator("table.gk-items td:empty")
            assert blank.count() > 0 or path == "catalog/bmwj/index.html", path
            for k in range(min(blank.count(), 3)):  # seen: no room, no label
                box = blank.nth(k).bounding_box()
                assert box is not None and box["height"] == 0, (path, box)
            tables = _rows_of_tables(page)
            assert tables, path
            for name, rows in tables:
                assert rows and all(n == rows[0] for n in rows), (path, name, rows)
                assert rows[0] == 6, (path, name, rows)
    finally:
        context.close()
