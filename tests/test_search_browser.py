"""The search in real Chromium, over http and from file:// (a disc).

Every test runs on two builds of the same sources: with gkml's own index (`site.search: gkml`),
and with Pagefind's per-year indexes (`site.search: pagefind`), which the page uses over http
for a query of one word and for filters alone; from file:// both run gkml's index.
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from browsing import QuietServer, chromium
from conftest import copy_sample, set_search_engine

from generator.build import build_site
from generator.content import load_site
from generator.edition import Conversion, character_pairs
from generator.fields import Disclosure
from generator.frontmatter import read_body
from generator.options import PAGEFIND_ENGINES

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 20)
CANARY = "金丝雀丁：只应存在于不予公开正文中的句子"


@pytest.fixture(scope="module", params=["gkml", "pagefind", "pagefind-all"])
def engine(request: pytest.FixtureRequest) -> str:
    """The search page's engine over http (catalog.yml `site.search`)."""
    value: str = request.param
    return value


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    src = copy_sample(tmp_path_factory.mktemp("search") / "src")
    set_search_engine(src, engine)
    (src / "content/2025/canary.md").write_text(
        "---\ntitle: 关于一起案件的内部材料\nindex_no: 640100-108/2025-09003\nissuer: 示例市民政局\n"
        "written: 2025-06-02\npublished: 2025-06-03\nstatus: 有效\ncategory: xzcf\n"
        "topics: [社会组织]\ndisclosure: 不予公开\nreason: 依据《条例》第十四条不予公开。\n---\n\n"
        f"{CANARY}\n",
        encoding="utf-8",
    )
    _phrase_items(src / "content/2025")
    (src / "content/2025/invisible.md").write_text(
        "---\ntitle: 关于盲道\u200b改造的通知\nindex_no: 640100-108/2025-09004\nissuer: 示例市民政局\n"
        "written: 2025-06-02\npublished: 2025-06-03\nstatus: 有效\ncategory: xzcf\n"
        "topics: [社会组织]\ndisclosure: 主动公开\n---\n\n"
        f"{INVISIBLE_WORD[:2]}\u200b{INVISIBLE_WORD[2:]}\ufeff工程今年完工。\n",
        encoding="utf-8",
    )
    out = src.parent / "site"
    assert build_site(src, out, as_of=AS_OF, workers=1).stats is not None
    (src.parent / "xxgk").symlink_to(out)  # served from a sub-path, like /xxgk/
    return out


# A word with a zero-width space inside, as text copied from a web page often has it.
INVISIBLE_WORD = "无障碍坡道"


# A word of four characters or more is found through its triples of characters (车辆调, 辆调度):
# the decoys have every triple (and pair), never the word. Two decoys are the newest items with
# the triples, so the first page drops them; one is the oldest, so only the last page meets it.
PHRASE = "车辆调度"
PHRASE_ITEMS = 30
DECOY = "本月车辆调拨两次，两辆调度车已到位。"


def _phrase_items(folder: Path) -> None:
    def write(number: int, published: date, body: str) -> None:
        (folder / f"phrase-{number}.md").write_text(
            f"---\ntitle: 殡葬服务事项安排（第{number}期）\nindex_no: 640100-108/2025-091{number:02d}\n"
            f"issuer: 示例市民政局\nwritten: {published}\npublished: {published}\nstatus: 有效\n"
            f"category: xzcf\ntopics: [社会组织]\ndisclosure: 主动公开\n---\n\n{body}\n",
            encoding="utf-8",
        )

    for n in range(PHRASE_ITEMS):
        write(n, date(2025, 3, 1) + timedelta(days=n), f"殡葬服务{PHRASE}实行预约制，第{n}期。")
    write(PHRASE_ITEMS, date(2025, 10, 9), DECOY)
    write(PHRASE_ITEMS + 1, date(2025, 10, 10), DECOY)
    write(PHRASE_ITEMS + 2, date(2025, 1, 6), DECOY)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built.parent))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/xxgk"
    httpd.shutdown()


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with chromium() as browser:
        yield browser.new_page()


def _expected(term: str, root: Path = REPO) -> set[str]:
    """The index numbers (or page paths) of what contains *term*, read from the sources."""
    site = load_site(root, today=AS_OF).site
    assert site is not None
    found = set()
    for item in site.items:
        if item.published > AS_OF or item.disclosure is Disclosure.WITHHELD:
            continue
        body = read_body((root / item.path).read_bytes(), item.path)
        public = body if item.disclosure.has_public_body else ""
        if term in f"{item.title}\n{item.index_no}\n{item.doc_no or ''}\n{public}":
            found.add(item.index_no)
    for page in site.pages:
        if term in read_body((root / page.path).read_bytes(), page.path):
            found.add(f"pages/{page.slug}.html")
    return found


def _results(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_function(
        "() => { const s = document.getElementById('gk-search-status');"
        " return s && s.textContent && !/正在(载|載)入/.test(s.textContent); }"  # 繁體: 載
    )
    titles: list[str] = page.eval_on_selector_all(
        "#gk-search-results .gk-result__title", "els => els.map(e => e.textContent)"
    )
    return titles


def _keys(page: Any) -> list[str]:
    """Return the results' items (索引号, or a free page's address), in their order."""
    keys: list[str] = page.eval_on_selector_all(
        "#gk-search-results .gk-result", "els => els.map(e => e.dataset.key)"
    )
    return keys


# 示民发 is in 文号 only (示民发〔2024〕12号): found by the 文号, with either engine.
@pytest.mark.parametrize("term", ["低保", "示民发"])
@pytest.mark.parametrize("where", ["http", "file"])
def test_search_finds_every_item_with_the_term(
    page: Any, server: str, built: Path, where: str, term: str
) -> None:
    base = server if where == "http" else built.as_uri()
    _results(page, f"{base}/search.html?q={term}")
    expected = _expected(term)
    assert len(expected) > 3, f"the sample catalog should mention {term}"
    keys = _keys(page)
    assert set(keys) == expected  # recall and precision: exactly what contains the term
    assert len(keys) == len(expected)
    status = page.text_content("#gk-search-status")
    assert f"找到 {len(expected)} 条结果" in status


def _expand(page: Any) -> None:
    """Press 显示更多结果 until it hides."""
    for _ in range(10):
        if page.is_hidden("#gk-search-more"):
            return
        page.click("#gk-search-more")
        page.wait_for_function(
            "() => !document.getElementById('gk-search-form').hasAttribute('data-busy')"
        )
    raise AssertionError("显示更多结果 is still shown after 10 presses")


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_longer_word_finds_only_the_items_that_have_it(
    page: Any, server: str, built: Path, where: str, engine: str
) -> None:
    expected = _expected(PHRASE, built.parent / "src")
    assert len(expected) == PHRASE_ITEMS  # the decoys have its triples of characters, not the word
    base = server if where == "http" else built.as_uri()
    # Each run of characters is checked, not the punctuation between them.
    _results(page, f"{base}/search.html?q={PHRASE}、预约制")
    assert len(_keys(page)) == 20 and set(_keys(page)) <= expected
    _results(page, f"{base}/search.html?q={PHRASE}")
    first = _keys(page)
    assert len(first) == 20 and set(first) <= expected
    exact = engine in PAGEFIND_ENGINES and where == "http"  # Pagefind: an exact phrase
    if exact:  # the count is exact at once
        assert page.text_content("#gk-search-status").startswith(f"找到 {PHRASE_ITEMS} 条结果")
    else:  # not every candidate has been checked yet: the count says it is an estimate
        assert "找到约" in page.text_content("#gk-search-status")
    _expand(page)
    keys = _keys(page)
    assert len(keys) == len(set(keys)) and set(keys) == expected
    assert f"找到 {PHRASE_ITEMS} 条结果" in page.text_content("#gk-search-status")
    # Every candidate checked: the filter counts are the results' (the decoys are of 2025 too).
    page.wait_for_function(
        "n => document.querySelector(\"select[name='年份'] option[value='2025']\")"
        ".textContent.endsWith('（' + n + '）')",
        arg=PHRASE_ITEMS,
    )


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_three_character_word_is_counted_exactly_at_once(
    page: Any, server: str, built: Path, where: str
) -> None:
    """A triple of characters is a token: the documents with it are the results, none to check
    in their records first (the count said 找到约 until each had been loaded)."""
    word = PHRASE[1:]  # 辆调度: in the phrase items (车辆调度) and in the decoys (两辆调度)
    expected = _expected(word, built.parent / "src")
    assert len(expected) == PHRASE_ITEMS + 3  # more than the first page of 20
    base = server if where == "http" else built.as_uri()
    _results(page, f"{base}/search.html?q={word}")
    assert page.text_content("#gk-search-status").startswith(f"找到 {len(expected)} 条结果")
    assert len(_keys(page)) == 20 and set(_keys(page)) <= expected


def test_a_query_nothing_has_shows_partial_matches_as_such(
    page: Any, server: str, built: Path
) -> None:
    # Typed without spaces: no item says 殡葬车辆预约, the phrase items say 殡葬…车辆…预约.
    query = "殡葬车辆预约"
    assert not _expected(query, built.parent / "src")
    _results(page, f"{server}/search.html?q={query}")
    assert page.get_attribute("#gk-search-results", "data-partial") == "true"
    assert page.text_content("#gk-search-status").startswith("没有完全相符的结果")
    _expand(page)
    assert _expected(PHRASE, built.parent / "src") <= set(_keys(page))
    marked = page.eval_on_selector_all(
        "#gk-search-results mark", "els => els.map(e => e.textContent)"
    )
    assert marked and set(marked) <= {"殡葬", "葬车", "车辆", "辆预", "预约"}
    # A term no item has, nor half of its pairs: nothing, and no partial matches.
    assert _results(page, f"{server}/search.html?q=量子通信") == []
    assert page.get_attribute("#gk-search-results", "data-partial") is None
    assert "找到 0 条结果" in page.text_content("#gk-search-status")
    # The next query's results are not partial.
    assert _results(page, f"{server}/search.html?q={PHRASE}")
    assert page.get_attribute("#gk-search-results", "data-partial") is None


def test_the_words_of_a_question_are_left_out(page: Any, server: str) -> None:
    """A reader's walk: an elderly reader types a question. 低保申请怎么办 found an item on
    老年助餐 through its 怎么 and 么办 alone, where 低保 申请 found eleven."""
    plain = _results(page, f"{server}/search.html?q=殡葬车辆预约")
    assert plain
    keys = _keys(page)
    for asked in ("殡葬车辆预约怎么办", "请问殡葬车辆预约吗", "如何 殡葬车辆预约"):
        assert _results(page, f"{server}/search.html?q={asked}") == plain, asked
    hant = _results(page, f"{server}/zh-hant/search.html?q=殯葬車輛預約怎麼辦")
    assert _keys(page) == keys and hant != plain  # the same items, titled in 繁體
    # A readers' walk: 如何办理低保 found only partial matches where 低保如何办理 found five;
    # the doing is a word of its own, in whatever order (申请表 stays one word).
    assert _results(page, f"{server}/search.html?q=如何办理低保")
    assert page.get_attribute("#gk-search-results", "data-partial") is None
    assert sorted(_keys(page)) == sorted(
        (_results(page, f"{server}/search.html?q=低保如何办理"), _keys(page))[1]
    )
    # A question alone is searched as it is: nothing left out, nothing to look for.
    _results(page, f"{server}/search.html?q=怎么办")
    assert "没有可查找的内容" not in page.text_content("#gk-search-status")


PHONE = {"width": 375, "height": 812}


def test_the_filters_start_closed_on_a_phone(page: Any, server: str) -> None:
    """On a phone the seven lists start closed, so that the results begin on the first screen;
    the summary opens them; a filter chosen in the address leaves them closed and the summary
    names it (a walk: with them open, a filtered search's results began below the first
    screen); a wide screen shows them open."""
    page.set_viewport_size(PHONE)
    try:
        # Before search.js has run (here: never), search.css shows them closed already.
        page.route("**/assets/search.js", lambda route: route.abort())
        try:
            page.goto(f"{server}/search.html?q=养老", wait_until="load")
            assert page.eval_on_selector("#gk-search-filters", "d => d.hasAttribute('data-start')")
            assert not page.is_visible("#gk-filter-4")
        finally:
            page.unroute("**/assets/search.js")
        assert _results(page, f"{server}/search.html?q=养老")
        assert not page.eval_on_selector("#gk-search-filters", "d => d.hasAttribute('data-start')")
        assert not page.eval_on_selector("#gk-search-filters", "d => d.open")
        assert not page.is_visible("#gk-filter-4")
        top = page.eval_on_selector(
            "#gk-search-results .gk-result", "e => e.getBoundingClientRect().top"
        )
        assert top < PHONE["height"], f"the first result starts {top} px down"
        assert page.text_content("[data-gk-chosen]") == ""
        page.click("#gk-search-filters summary")
        assert page.is_visible("#gk-filter-4")
        assert _results(page, f"{server}/search.html?q=养老&年份=2024&排序=date")
        assert not page.eval_on_selector("#gk-search-filters", "d => d.open")
        chosen = "年份：2024年；排序：按发布日期（从新到旧）"
        assert page.text_content("#gk-search-filters summary") == f"筛选与排序{chosen}"
        top = page.eval_on_selector(
            "#gk-search-results .gk-result", "e => e.getBoundingClientRect().top"
        )
        # On a 375 x 667 phone too (a walk: 683 px down, the button below the box).
        assert top < 667 - 30, f"the first filtered result starts {top} px down"
        page.click("#gk-search-filters summary")
        page.select_option("#gk-filter-4", "")  # 年份: 全部, as a reader changes it
        page.wait_for_function(
            "document.querySelector('[data-gk-chosen]').textContent.startsWith('排序')"
        )
        assert page.text_content("[data-gk-chosen]") == "排序：按发布日期（从新到旧）"
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
    assert _results(page, f"{server}/search.html?q=养老")
    assert page.eval_on_selector("#gk-search-filters", "d => d.open")


def test_a_results_facts_break_between_them_on_a_phone(page: Any, server: str) -> None:
    """长者版 on a phone: a result's 发布日期 and 效力状态 each stay on one line (the line
    breaks between facts), where one run of text broke them anywhere (发 | 布日期)."""
    page.set_viewport_size(PHONE)
    try:
        assert _results(page, f"{server}/search.html?q=养老#gk-elder")
        facts = page.eval_on_selector_all(
            "#gk-search-results .gk-result__meta > span",
            "els => els.map(e => [e.textContent, e.getClientRects().length])",
        )
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
        page.evaluate("() => localStorage.clear()")  # 长者版 is remembered: not for the next test
    short = [(fact, lines) for fact, lines in facts if fact.startswith(("发布日期", "效力状态"))]
    assert len(short) >= 4, facts
    assert all(lines == 1 for _, lines in short), short


def test_a_printed_search_names_its_query(page: Any, server: str) -> None:
    """A readers' walk: the printed foot named search.html alone, not what was searched."""
    assert _results(page, f"{server}/search.html?q=救助")
    address = page.text_content("[data-gk-page-url]") or ""
    assert address.endswith("/search.html?q=%E6%95%91%E5%8A%A9"), address


def test_on_a_phone_the_search_page_shows_one_search_box_and_its_results_sooner(
    page: Any, server: str
) -> None:
    """On a phone the header's search box is left out of the search page, whose own box is a
    few lines below: in 长者版 the two boxes and the paragraph spacing put the first result
    1,030 px down a 375 x 667 phone (a walk). So on a wide screen, where a screen reader
    listed two search regions with a 搜索 button each (an accessibility pass)."""
    page.set_viewport_size({"width": 375, "height": 667})
    try:
        assert _results(page, f"{server}/search.html?q=救助")
        assert not page.is_visible(".gk-header .gk-search")
        assert page.is_visible("#gk-search-q")
        assert _results(page, f"{server}/search.html?q=救助#gk-elder")
        top = page.eval_on_selector(
            "#gk-search-results .gk-result", "e => e.getBoundingClientRect().top"
        )
        status = page.eval_on_selector("#gk-search-status", "e => e.getBoundingClientRect().top")
        # nor the 搜索 button that opens the header's box in 长者版 on other pages
        assert not page.is_visible(".gk-nav__search")
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
        page.evaluate("() => localStorage.clear()")  # 长者版 is remembered: not for the next test
    assert top < 667 * 1.3, f"the first result starts {top} px down in 长者版"
    assert status < 667 * 1.1, f"the number of results is {status} px down in 长者版"
    page.goto(f"{server}/search.html?q=救助")
    assert not page.is_visible(".gk-header .gk-search")
    assert page.is_visible("#gk-search-q")


def test_an_index_number_goes_below_its_label_before_it_breaks(page: Any, server: str) -> None:
    """At 320 px a result's 索引号 broke inside (640100-108/2026- | 00026): its label and value
    were one run of text; the value now moves below the label whole."""
    page.set_viewport_size({"width": 320, "height": 720})
    try:
        assert _results(page, f"{server}/search.html?q=低保")
        values = page.eval_on_selector_all(
            "#gk-search-results .gk-result__meta > span:first-child > .gk-result__value",
            "els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);"
            " return [e.textContent, new Set([...r.getClientRects()].map(x => x.top)).size]; })",
        )
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
    assert len(values) >= 5 and all(value.count("/") == 1 for value, _ in values), values
    assert [v for v in values if v[1] != 1] == []


def test_a_filter_narrows_and_sort_by_date_orders(page: Any, server: str) -> None:
    every = _results(page, f"{server}/search.html?q=养老")
    narrowed = _results(page, f"{server}/search.html?q=养老&年份=2024")
    assert 0 < len(narrowed) < len(every)
    dates = page.eval_on_selector_all(
        "#gk-search-results .gk-result__meta", "els => els.map(e => e.textContent)"
    )
    assert all("发布日期：2024年" in d for d in dates if "索引号" in d)
    _results(page, f"{server}/search.html?q=养老&排序=date")
    shown = page.eval_on_selector_all(
        "#gk-search-results .gk-result__meta",
        "els => els.map(e => (e.textContent.match(/发布日期：(\\d+)年(\\d+)月(\\d+)日/) || [])"
        ".slice(1).map(Number))",
    )
    shown = [d for d in shown if d]
    assert len(shown) > 3 and shown == sorted(shown, reverse=True)


def test_a_parent_column_finds_the_items_of_its_sub_columns(page: Any, server: str) -> None:
    # Found in review: 社会组织管理 (whose items are all in 登记管理 and 等级评估) found nothing.
    site = load_site(REPO, today=AS_OF).site
    assert site is not None
    below = {"shzz", "shzzdj", "shzzpg"}
    expected = {
        i.index_no
        for i in site.items
        if i.category in below and i.published <= AS_OF and i.disclosure is not Disclosure.WITHHELD
    }
    assert expected and not any(i.category == "shzz" for i in site.items)
    _results(page, f"{server}/search.html?q=&栏目=shzz")
    assert set(_keys(page)) == expected
    page.wait_for_selector("#gk-search-form[data-counted]", state="attached")
    option = page.eval_on_selector("select[name='栏目'] option[value='shzz']", "o => o.textContent")
    assert option.endswith(f"（{len(expected)}）")


def test_an_index_number_puts_its_item_first(page: Any, server: str, built: Path) -> None:
    titles = _results(page, f"{server}/search.html?q=640100-108/2024-00004")
    assert titles[0] == "示例市民政局2023年度政府信息公开工作年度报告"


# 條 → 条 was lost once: an astral character in the folding table shifted the pairs after it.
# 審覈, 發佈 and 註銷 are how the 繁體 edition prints 审核, 发布 and 注销 (OpenCC writes those
# characters only in phrases), 群眾 how a Taiwan reader types 群众 (s2t prints 羣衆): a 繁體
# reader's walk found none of them (the folding was s2t turned round, one character at a time).
@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("养老服务", "養老服務"),
        ("条例", "條例"),
        ("审核", "審覈"),
        ("发布", "發佈"),
        ("注销", "註銷"),
        ("群众", "群眾"),
        ("群众", "羣衆"),
    ],
)
def test_traditional_query_finds_simplified_text(
    page: Any, server: str, simplified: str, traditional: str
) -> None:
    found = _results(page, f"{server}/search.html?q={simplified}")
    assert found and _results(page, f"{server}/search.html?q={traditional}") == found


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_zero_width_space_in_the_text_does_not_hide_a_word(
    page: Any, server: str, built: Path, where: str
) -> None:
    """Found by feeding gkml odd input: 低\u200b保 (a zero-width space copied with the text)
    was not found by 低保, nor was the title by the words around its invisible character."""
    base = server if where == "http" else built.as_uri()
    for query in (INVISIBLE_WORD, "盲道改造"):
        titles = _results(page, f"{base}/search.html?q={query}")
        assert titles == ["关于盲道\u200b改造的通知"], (query, titles)


@pytest.mark.parametrize(
    ("query", "pagefind"),
    [
        ("低保", True),
        ("&年份=2024", True),
        ("低保 养老", False),
        ("640100-108/2024-00004", False),
        ("csv", False),  # a word of letters: whole, as on the disc (Pagefind: c… finds cs, csv)
    ],
)
@pytest.mark.parametrize("where", ["http", "file"])
def test_the_engine_that_answers(
    page: Any, server: str, built: Path, engine: str, where: str, query: str, pagefind: bool
) -> None:
    """Pagefind answers one Chinese word and filters alone over http; gkml's index the rest."""
    base = server if where == "http" else built.as_uri()
    _results(page, f"{base}/search.html?q={query}")
    pagefind = pagefind and engine in PAGEFIND_ENGINES and where == "http"
    expected = "pagefind" if pagefind else "gkml"
    assert page.get_attribute("#gk-search-form", "data-engine") == expected


class _StrictHandler(_QuietHandler):
    """A server whose own security policy allows no WebAssembly."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", "default-src 'self'")
        super().end_headers()


def test_a_server_that_forbids_webassembly_gets_gkml_s_index(
    page: Any, built: Path, engine: str
) -> None:
    handler = functools.partial(_StrictHandler, directory=str(built.parent))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/xxgk"
        _results(page, f"{base}/search.html?q=低保")
        assert page.get_attribute("#gk-search-form", "data-engine") == "gkml"
        assert set(_keys(page)) == _expected("低保")
    finally:
        httpd.shutdown()


def test_where_the_results_are_drawn_from(page: Any, server: str, engine: str) -> None:
    """Pagefind's results come with their gkml record in the fragment (meta r): no record file
    of gkml's index is loaded; gkml's own index loads the records it shows."""
    context = page.context.browser.new_context()  # nothing cached
    try:
        fresh = context.new_page()
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        _results(fresh, f"{server}/search.html?q=低保")
        keys = _keys(fresh)
        assert keys and set(keys) <= _expected("低保")
        records = [u for u in requested if re.search(r"/search/(\d{4}|pages)/\d+\.js$", u)]
        if engine in PAGEFIND_ENGINES:
            assert records == [] and any(u.endswith(".pf_fragment") for u in requested)
        else:
            assert len(records) >= len(keys)
    finally:
        context.close()


def test_the_canary_is_never_found(page: Any, server: str) -> None:
    assert _results(page, f"{server}/search.html?q=金丝雀丁") == []
    assert "找到 0 条结果" in page.text_content("#gk-search-status")


def test_an_item_on_request_links_to_how_to_apply_in_both_editions(
    page: Any, server: str, built: Path
) -> None:
    """A reader's walk: a 依申请公开 result had nothing to press (it has no page), where the
    listings link its label to the how-to-apply page; on a 繁體 page the label was 简体."""
    for edition, label in (("", "依申请公开"), ("zh-hant/", "依申請公開")):
        titles = _results(page, f"{server}/{edition}search.html?q=明细")
        assert titles and all(t.endswith(f"（{label}）") for t in titles), titles
        links = page.eval_on_selector_all(
            "#gk-search-results .gk-result__title a",
            "els => els.map(e => [e.textContent, e.href, e.lang])",
        )
        assert len(links) == len(titles)
        for text, href, lang in links:
            assert text == label and lang == ("zh-Hant" if edition else "zh-CN")
            assert href == f"{server}/{edition}pages/ysqgk.html"
        assert (built / edition / "pages/ysqgk.html").is_file()


def test_nothing_found_says_what_to_try(page: Any, server: str) -> None:
    """A reader's walk: "找到 0 条结果" alone left an elderly reader with nowhere to go. A
    screen reader's walk: the suggestions were shown, but only the live region was heard
    ("找到 0 条结果"): it says the first suggestion and that more follow, and only then."""
    heard = {
        "": "找到 0 条结果。可以换一个词或少写几个字，下面还有其他办法",
        "zh-hant/": "找到 0 條結果。可以換一個詞或少寫幾個字，下面還有其他辦法",
    }
    for edition in ("", "zh-hant/"):
        assert _results(page, f"{server}/{edition}search.html?q=火星移民") == []
        help_box = page.locator("#gk-search-none")
        assert help_box.is_visible()
        assert page.text_content("#gk-search-status") == heard[edition]
        hrefs = help_box.locator("a").evaluate_all("els => els.map(e => e.href)")
        assert f"{server}/{edition}index.html" in hrefs and len(hrefs) == 3
        assert _results(page, f"{server}/{edition}search.html?q=低保")
        assert not help_box.is_visible()
        status = page.text_content("#gk-search-status") or ""
        assert status.startswith("找到 ") and "其他" not in status, status  # short when found
    # with a filter chosen, choosing 全部 again is the likeliest way to a result
    assert _results(page, f"{server}/search.html?q=火星移民&年份=2025") == []
    assert page.text_content("#gk-search-status") == (
        "找到 0 条结果。可以把筛选条件改回“全部”，下面还有其他办法"
    )


def _tab_to(page: Any, focused: str, presses: int) -> None:
    """Press Tab until the script *focused* is true of the focused element, at most *presses* times."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(focused):
            return
    raise AssertionError(f"{focused} is not true after {presses} presses of Tab")


def test_keyboard_only_search_and_open_a_result(page: Any, server: str) -> None:
    page.goto(f"{server}/search.html")
    page.wait_for_selector("#gk-search-form[data-ready]")
    _tab_to(page, "document.activeElement.id === 'gk-search-q'", 30)
    page.keyboard.type("低保")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('#gk-search-results a').length > 0"
        " && !document.getElementById('gk-search-status').textContent.includes('正在载入')"
    )
    assert "q=%E4%BD%8E%E4%BF%9D" in page.url
    _tab_to(page, "document.activeElement.closest('#gk-search-results') !== null", 40)
    first, href = page.evaluate("[document.activeElement.textContent, document.activeElement.href]")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    # The page's heading is the result's title, after its state (已失效, 已废止) if it has one.
    heading = page.text_content("h1") or ""
    state = page.text_content("h1 .gk-state") if page.locator("h1 .gk-state").count() else ""
    assert heading == f"{state}{first}"
    assert "/items/" in page.url


def test_the_search_help_opens_by_keyboard(page: Any, server: str) -> None:
    page.goto(f"{server}/search.html")
    page.wait_for_selector("#gk-search-form[data-ready]")
    page.focus("#gk-search-q")
    _tab_to(page, "document.activeElement.tagName === 'SUMMARY'", 5)
    assert page.evaluate("document.activeElement.textContent") == "怎样搜索"
    assert not page.is_visible(".gk-search-help li")
    page.keyboard.press("Enter")
    assert page.is_visible(".gk-search-help li")


# -- found by a QA pass in Chromium (odd queries, the keyboard, the history) -------------------
def _status(page: Any) -> str:
    return str(page.text_content("#gk-search-status"))


@pytest.mark.parametrize("query", ["constructor", "低保 constructor", "toString"])
def test_a_word_every_object_has_is_an_ordinary_word(page: Any, server: str, query: str) -> None:
    """`constructor` is also a property of every JavaScript object: the index's lookup got a
    function, and the search stopped at 正在载入索引…… for good."""
    assert _results(page, f"{server}/search.html?q={query}") == []
    assert "找到 0 条结果" in _status(page)


@pytest.mark.parametrize("query", ["%25", "！？。，", "😀", "(", "%E2%80%8B"])
def test_a_query_of_punctuation_alone_finds_nothing_and_says_why(
    page: Any, server: str, query: str
) -> None:
    """It said 找到 85 条结果 and listed everything, as if the query had matched it all."""
    assert _results(page, f"{server}/search.html?q={query}") == []
    assert _status(page) == "搜索词中没有汉字、字母或数字，没有可查找的内容"
    assert page.is_hidden("#gk-search-more")


def test_a_filter_value_the_list_has_not_shows_all(page: Any, server: str) -> None:
    """年份=1999 from an old link left the list showing nothing at all (no option chosen)."""
    assert _results(page, f"{server}/search.html?q=低保&年份=1999")
    chosen = page.eval_on_selector("select[name='年份']", "s => [s.selectedIndex, s.value]")
    assert chosen == [0, ""]


def test_more_results_take_the_keyboard_to_the_first_new_one(page: Any, server: str) -> None:
    """After the last batch the button hid while it had the focus: the keyboard's place went
    back to the top of the page."""
    _results(page, f"{server}/search.html")
    for _ in range(10):
        if page.is_hidden("#gk-search-more"):
            break
        before = len(_keys(page))
        page.focus("#gk-search-more")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => document.querySelectorAll('.gk-result').length > {before}")
        page.wait_for_function("() => document.activeElement.tagName === 'A'")
        at = page.evaluate(
            "[...document.querySelectorAll('.gk-result')]"
            ".indexOf(document.activeElement.closest('.gk-result'))"
        )
        assert at == before
    assert page.is_hidden("#gk-search-more")
    assert len(_keys(page)) > 40


def test_the_other_edition_keeps_the_query_and_filters(page: Any, server: str) -> None:
    """The 繁體 link of the search page opened an empty search."""
    assert _results(page, f"{server}/search.html?q=低保&年份=2024")
    page.click("a[hreflang='zh-Hant']")
    page.wait_for_selector("#gk-search-form[data-ready]")
    page.wait_for_function("() => document.querySelectorAll('.gk-result').length > 0")
    assert "/zh-hant/search.html?" in page.url
    assert page.input_value("#gk-search-q") == "低保"
    assert page.eval_on_selector("select[name='年份']", "s => s.value") == "2024"
    page.fill("#gk-search-q", "養老")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=%E9%A4%8A%E8%80%81**")
    assert "q=%E9%A4%8A%E8%80%81" in str(page.get_attribute("a[hreflang='zh-CN']", "href"))


def test_a_traditional_page_prints_results_in_its_own_script(
    page: Any, server: str, built: Path
) -> None:
    """A 繁體 reader's walk: a result read 效力狀態：废止 beside the filter's 廢止, the
    labels (索引號：) sat in a list marked zh-CN, and dates read 2025-04-25 where every
    listing prints 2025年4月25日. The status is now the filter's label. A later walk found
    every title and excerpt still in the simplified script, under a link to a 繁體 page: a
    title is now what its page prints, an excerpt is in 繁體, and only 索引号 and 文号
    (quoted as issued on every page) say lang="zh-CN"."""
    page.goto(f"{server}/zh-hant/search.html?q=低保&效力状态=废止")  # 正在載入: not _results
    page.wait_for_function("() => document.querySelectorAll('.gk-result').length > 0")
    assert page.get_attribute("#gk-search-results", "lang") is None
    facts = page.eval_on_selector_all(
        "#gk-search-results .gk-result__meta", "els => els.map(e => e.textContent)"
    )
    assert facts and all("效力狀態：廢止" in f and "废止" not in f for f in facts), facts
    assert all(re.search(r"發佈日期：\d{4}年\d{1,2}月\d{1,2}日", f) for f in facts), facts
    titles = page.eval_on_selector_all(
        "#gk-search-results .gk-result__title a",
        "els => els.map(e => [e.textContent, e.getAttribute('href'), e.closest('h2').lang])",
    )
    assert titles
    for title, href, lang in titles:
        item = (built / "zh-hant" / href).read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in item or f">{title}</h1>" in item, (title, href)
        assert lang == ""
    pairs = character_pairs(Conversion("s2t"))
    simplified = set(pairs[::2]) - set(pairs[1::2])
    excerpts = page.eval_on_selector_all(
        "#gk-search-results .gk-result__excerpt", "els => els.map(e => [e.textContent, e.lang])"
    )
    assert excerpts and all(lang == "" for _text, lang in excerpts), excerpts
    assert all(not simplified & set(text) for text, _lang in excerpts), excerpts
    assert any(simplified & set(t) for t in ("最低生活保障标准", "关于")), "a check that can fail"
    numbers = page.eval_on_selector_all(
        "#gk-search-results .gk-result__meta > span:first-child > .gk-result__value",
        "els => els.map(e => e.lang)",
    )
    assert numbers and set(numbers) == {"zh-CN"}
    labels = page.eval_on_selector_all(
        "#gk-search-results .gk-result__meta > span", "els => els.map(e => e.lang)"
    )
    assert set(labels) == {""}
    assert _results(page, f"{server}/search.html?q=低保&效力状态=废止")
    assert page.eval_on_selector_all("#gk-search-results [lang]", "els => els.length") == 0


def test_back_returns_to_the_query_before(page: Any, server: str) -> None:
    """Each query replaced the one before in the history: Back left the search page."""
    first = _results(page, f"{server}/search.html?q=低保")
    page.fill("#gk-search-q", "殡葬")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=%E6%AE%A1%E8%91%AC**")
    page.wait_for_function(
        "() => !document.getElementById('gk-search-status').textContent.includes('正在载入')"
    )
    assert page.title().startswith("“殡葬”的搜索结果 - 搜索 - ")  # WCAG 2.4.2
    page.go_back()
    page.wait_for_function("() => document.getElementById('gk-search-q').value === '低保'")
    assert page.title().startswith("“低保”的搜索结果 - ")
    page.wait_for_function(
        "() => !document.getElementById('gk-search-status').textContent.includes('正在载入')"
    )
    titles = page.eval_on_selector_all(
        "#gk-search-results .gk-result__title", "els => els.map(e => e.textContent)"
    )
    assert titles == first


def test_partial_matches_rank_the_words_in_a_title_first(page: Any, server: str) -> None:
    """With 全文 added (no item has the whole), the annual report that mentions the 办法 came
    before the 办法 itself: partial matches were ranked by their pairs, none counted for the title."""
    titles = _results(page, f"{server}/search.html?q=最低生活保障审核确认办法全文")
    assert page.get_attribute("#gk-search-results", "data-partial") == "true"
    having = [t for t in titles if "最低生活保障审核确认办法" in t]
    assert len(having) >= 2 and titles[: len(having)] == having, titles


# What a record of a result is fetched as: a fragment of Pagefind's, or a record file of gkml's.
_RECORD = re.compile(r"(\.pf_fragment|/search/(\d{4}|pages)/\d+\.js)$")


def test_the_first_results_are_shown_while_the_others_load(
    page: Any, server: str, engine: str
) -> None:
    """On a slow connection the first result is shown once its record is in, with the status
    (announced: aria-live) saying that results are loading; the count comes when all are in.
    Held here: every record but the first. Pagefind's page waited for all twenty before (a
    slow-3G walk: 1.5 s after the first had come)."""
    context = page.context.browser.new_context()
    held: list[Any] = []
    passed: list[str] = []

    def hold(route: Any) -> None:
        if passed:
            held.append(route)
        else:
            passed.append(route.request.url)
            route.continue_()

    try:
        context.route(_RECORD, hold)
        fresh = context.new_page()
        fresh.goto(f"{server}/search.html?q=养老", wait_until="commit")  # records hold "load"
        fresh.wait_for_selector("#gk-search-results .gk-result")
        status = fresh.locator("#gk-search-status")
        assert status.get_attribute("aria-live") == "polite"
        assert status.text_content() == "正在载入结果……"
        assert held, "no record was held"
        for route in held:
            route.continue_()
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        assert len(_keys(fresh)) == 20
    finally:
        context.close()


def test_pagefind_loads_while_the_query_is_typed(page: Any, server: str, engine: str) -> None:
    """With Pagefind, coming to the search box starts loading it (its script, WebAssembly and
    metadata), and a word typed loads its index chunks (Pagefind's preload), before Enter: they
    took 5 to 6 s after Enter on a slow connection (a slow-3G walk). gkml's index loads nothing
    of Pagefind's."""
    context = page.context.browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        fresh = context.new_page()
        fresh.goto(f"{server}/search.html")
        fresh.wait_for_selector("#gk-search-form[data-ready]", state="attached")
        fresh.wait_for_load_state("networkidle")
        assert not any(".pagefind" in u or "pagefind.js" in u for u in requested)
        fresh.focus("#gk-search-q")
        fresh.keyboard.type("养老")
        if engine in PAGEFIND_ENGINES:
            deadline = 100
            while deadline and not any(u.endswith(".pf_index") for u in requested):
                fresh.wait_for_timeout(100)
                deadline -= 1
            assert any(u.endswith("/pagefind.js") for u in requested)
            assert any(u.endswith(".pagefind") for u in requested)  # the WebAssembly
            assert any(u.endswith(".pf_index") for u in requested), "no index chunk preloaded"
        else:
            fresh.wait_for_timeout(1000)
            assert not any("/pagefind/" in u for u in requested)
        fresh.keyboard.press("Enter")
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        assert set(_keys(fresh)) <= _expected("养老")
    finally:
        context.close()


# The files of gkml's index the empty page's listing loads: each year's filter table and records.
_LISTING = re.compile(r"/search/(\d{4}|pages)/(\d+|t)\.js$")


def test_the_listing_leaves_room_for_a_query(page: Any, server: str, engine: str) -> None:
    """The page opened with no query lists everything, newest first: at 5,000 items 37 files
    requested at once, 7.9 s until quiet on a slow connection, and a query sent meanwhile
    waited behind them (a slow-3G walk). Held here: the listing's files. It requests at most
    four at a time; a query sent meanwhile is requested at once, and the listing's files not
    yet requested are dropped: what is requested after Enter is the query's own."""
    context = page.context.browser.new_context()
    held: list[Any] = []
    listing: list[str] = []

    def hold(route: Any) -> None:
        listing.append(route.request.url)
        held.append(route)

    context.route(_LISTING, hold)
    try:
        fresh = context.new_page()
        fresh.goto(f"{server}/search.html", wait_until="commit")
        fresh.wait_for_selector("#gk-search-form[data-ready]", state="attached")
        fresh.wait_for_timeout(500)
        before = list(listing)
        assert 0 < len(before) <= 4, before
        requested: list[str] = []
        fresh.on("request", lambda request: requested.append(request.url))
        fresh.fill("#gk-search-q", "养老")
        fresh.press("#gk-search-q", "Enter")
        fresh.wait_for_timeout(300)
        for route in held:
            route.continue_()
        held.clear()
        context.unroute(_LISTING)
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        fresh.wait_for_selector("#gk-search-form[data-counted]", state="attached")
        keys = _keys(fresh)
        assert keys and set(keys) <= _expected("养老")
        # Each record requested after Enter is one of the query's results; the tables are
        # its filters' counts.
        names = [m.group(0)[len("/search/") : -3] for u in requested if (m := _LISTING.search(u))]
        records = [n for n in names if not n.endswith("/t")]
        shown = fresh.evaluate(
            "(names) => names.map((n) => { const r = window.GKML_S[n]; return r && (r[2] || r[0]); })",
            records,
        )
        assert set(shown) <= set(keys), "the listing went on loading after the query was sent"
    finally:
        context.close()


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_empty_page_lists_the_newest_with_counts(
    page: Any, server: str, built: Path, where: str
) -> None:
    """Nobody types, or the reader comes to the box and types nothing: the listing of
    everything comes all the same, its filters counted (from a disc too)."""
    base = server if where == "http" else built.as_uri()
    page.goto(f"{base}/search.html", wait_until="commit")
    page.wait_for_selector("#gk-search-form[data-ready]", state="attached")
    page.focus("#gk-search-q")
    page.wait_for_selector("#gk-search-form[data-counted]", state="attached", timeout=15_000)
    assert len(_keys(page)) == 20
    assert re.fullmatch(
        r"共 \d+ 条信息，显示前 20 条", page.text_content("#gk-search-status") or ""
    )


def _held_search_page(page: Any, server: str) -> tuple[Any, Any, list[Any]]:
    """Return a new context, its page opening search.html?q=养老 (what the header's box sends)
    and the requests of search.js, held back until the test lets them go on."""
    context = page.context.browser.new_context()
    held: list[Any] = []
    context.route("**/assets/search.js", lambda route: held.append(route))
    fresh = context.new_page()
    fresh.goto(f"{server}/search.html?q=养老", wait_until="commit")
    return context, fresh, held


def test_the_search_page_says_it_is_loading_before_its_script_runs(page: Any, server: str) -> None:
    """search.html?q=养老 (what the header's box sends) showed an empty box and no status
    until search.js had run, 2.5 s on a slow connection. The page itself says it is loading
    (role=status, polite); without JavaScript that text is hidden: the notice says what to do."""
    context, fresh, held = _held_search_page(page, server)
    try:
        status = fresh.locator("#gk-search-status")
        status.locator(".gk-search-page__loading").wait_for(state="visible")
        assert status.inner_text() == "正在载入搜索……"
        assert status.get_attribute("role") == "status"
        assert status.get_attribute("aria-live") == "polite"
        assert held, "search.js was not held"
        held[0].continue_()
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        assert "载入搜索" not in status.inner_text()
    finally:
        context.close()
    plain = page.context.browser.new_context(java_script_enabled=False)
    try:
        nojs = plain.new_page()
        nojs.goto(f"{server}/search.html?q=养老")
        assert nojs.locator("#gk-search-status .gk-search-page__loading").count() == 1
        assert nojs.locator("#gk-search-status").inner_text() == ""
        assert "搜索需要浏览器启用 JavaScript" in nojs.locator("main").inner_text()
    finally:
        plain.close()


def test_a_query_typed_before_the_script_runs_is_kept_and_searched(page: Any, server: str) -> None:
    """On a slow phone the search page's box is there 2.5 s before search.js has run: what a
    reader typed into it meanwhile was replaced by the address's query, whose results came
    instead (a slow-3G walk). Typed here while search.js is held back: the box keeps 低保, the
    results and the address are of it. A query from the header's box of another page still
    fills the box and is searched."""
    context, fresh, held = _held_search_page(page, server)
    try:
        box = fresh.locator("#gk-search-q")
        box.wait_for(state="visible")
        box.press_sequentially("低保")
        assert held, "search.js was not held"
        held[0].continue_()
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        assert box.input_value() == "低保"
        expected = _expected("低保")
        assert f"找到 {len(expected)} 条结果" in fresh.text_content("#gk-search-status")
        assert set(_keys(fresh)) == expected
        assert fresh.url.endswith("/search.html?q=" + "%E4%BD%8E%E4%BF%9D")  # ?q=低保
        assert fresh.title().startswith("“低保”")
        context.unroute("**/assets/search.js")
        fresh.goto(f"{server}/index.html")
        header = fresh.get_by_role("search", name="站内搜索")
        header.get_by_role("searchbox").fill("养老")
        header.get_by_role("searchbox").press("Enter")
        fresh.wait_for_url("**/search.html?q=*")
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        assert box.input_value() == "养老"
        assert set(_keys(fresh)) <= _expected("养老")
    finally:
        context.close()


def test_filters_chosen_before_the_script_runs_are_kept_and_searched(
    page: Any, server: str
) -> None:
    """The filter and sort lists are in the page before search.js has run, as the box is: a
    year and the date order a reader chose there meanwhile went back to the address's (全部,
    按相关度) when it ran, and the results were of all years (a phone walk). Chosen while
    search.js is held back: the lists keep them, the results and the address are of them, and
    a list the reader left alone takes the address's value."""
    context = page.context.browser.new_context()
    held: list[Any] = []
    context.route("**/assets/search.js", lambda route: held.append(route))
    try:
        fresh = context.new_page()
        fresh.goto(f"{server}/search.html?q=养老&效力状态=有效", wait_until="commit")
        year = fresh.locator("select[name='年份']")
        year.wait_for(state="visible")
        year.select_option("2024")
        fresh.locator("#gk-search-sort").select_option("date")
        assert held, "search.js was not held"
        held[0].continue_()
        fresh.wait_for_selector("#gk-search-form[data-ready]", state="attached")
        fresh.wait_for_function(
            "() => /找到 \\d+ 条结果/.test(document.getElementById('gk-search-status').textContent)"
        )
        assert year.input_value() == "2024"
        assert fresh.locator("#gk-search-sort").input_value() == "date"
        assert fresh.locator("select[name='效力状态']").input_value() == "有效"
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(fresh.url).query)
        assert query == {"q": ["养老"], "年份": ["2024"], "效力状态": ["有效"], "排序": ["date"]}
        shown = fresh.eval_on_selector_all(
            "#gk-search-results .gk-result__meta",
            "els => els.map(e => (e.textContent.match(/发布日期：(\\d+)年(\\d+)月(\\d+)日/) || [])"
            ".slice(1).map(Number)).filter(d => d.length)",
        )
        assert shown and all(d[0] == 2024 for d in shown), shown
        assert shown == sorted(shown, reverse=True)
        assert "年份：2024" in (fresh.text_content("[data-gk-chosen]") or "")
    finally:
        context.close()
