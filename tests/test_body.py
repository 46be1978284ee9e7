"""An item's body into HTML: Chinese emphasis, heading ids, footnotes, tables (Comrak)."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.body import _TAGS, THEME_IDS, RenderedBody, anchors, render_body, slug


def _render(text: str) -> RenderedBody:
    return render_body(text, source_dir="content/2024", resolve=lambda _path: None)


# Chinese punctuation an editor puts inside emphasis, and the text around it. CommonMark's
# flanking rules leave the asterisks literal in most of these (../shared/tooling.md).
_PAIRS = ["“”", "\u2018\u2019", "《》", "（）", "「」", "『』", "【】", "〔〕", '""', "()"]
_AROUND = [("", ""), ("要求", "贯穿"), ("。", "，"), ("：", "；"), (" ", " ")]
_INSIDE = ["{o}五公开{c}", "{o}五公开{c}文件", "五公开{o}2024{c}"]
_CASES = [
    (f"{left}{mark}{inside.format(o=pair[0], c=pair[1])}{mark}{right}", tag)
    for pair, (left, right), inside, (mark, tag) in itertools.product(
        _PAIRS, _AROUND, _INSIDE, [("**", "strong"), ("*", "em")]
    )
]


def test_emphasis_around_chinese_punctuation_comes_out_as_emphasis() -> None:
    wrong = [
        text
        for text, tag in _CASES
        if f"<{tag}>" not in (html := _render(text).html) or "*" in html
    ]
    assert len(_CASES) == 300
    assert wrong == []


def test_a_heading_id_keeps_its_chinese_characters_and_is_unique() -> None:
    html = _render(
        '<span id="一工作目标">已用</span>\n\n'
        "## 一、工作目标\n\n## 一、工作目标\n\n# 二、**重点** 任务 &amp; 分工\n\n### Step 2.1\n\n##"
    ).html
    # With a `#` heading, every level is one down: the page's one <h1> is the title.
    assert re.findall(r"<(h\d) id=\"([^\"]*)\">", html) == [
        ("h3", "一工作目标_1"),
        ("h3", "一工作目标_2"),
        ("h2", "二重点-任务-分工"),
        ("h4", "step-21"),
        ("h3", "_1"),  # an empty heading still gets an id
    ]
    assert "<h1" not in html


def test_a_bodys_heading_levels_stay_apart_below_the_title() -> None:
    """A migration walk: `#` 第一章 and `##` 一、 were both h2, chapters and sections at one
    level. A body with `#` has each level one down; one without keeps its own."""

    def levels(text: str) -> list[str]:
        return re.findall(r"<(h\d)\b", _render(text).html)

    assert levels("# 第一章\n\n## 一、\n\n### （一）\n") == ["h2", "h3", "h4"]
    assert levels("## 一、\n\n### （一）\n\n#### 1.\n") == ["h2", "h3", "h4"]
    assert levels("# 一\n\n###### 六\n") == ["h2", "h6"]  # no h7
    # An editor's own <h1> in raw HTML is an h2 too (its class goes: not on the allowlist).
    assert _render('<h1 class="x">标题</h1>').html == "<h2>标题</h2>"


def test_slug_drops_punctuation_and_joins_words_with_hyphens() -> None:
    assert slug("第一章  总则") == "第一章-总则"
    assert slug("（一）申请条件：") == "一申请条件"
    assert slug(" A-B_c ") == "a-b_c"


def test_footnotes_link_to_their_notes_and_back_with_chinese_labels() -> None:
    html = _render("正文[^1]，又见[^1]，另[^说明]。\n\n[^1]: 第一个注释\n[^说明]: 第二个注释").html
    refs = re.findall(r'<sup><a href="#([^"]+)" id="([^"]+)"', html)
    assert [r[0] for r in refs] == ["fn-1", "fn-1", "fn-%E8%AF%B4%E6%98%8E"]
    backs = re.findall(r'<a href="#(fnref-[^"]+)" title="([^"]+)"', html)
    assert backs == [
        ("fnref-1", "返回正文第 1 处"),
        ("fnref-1-2", "返回正文第 1 处（第 2 处引用）"),
        ("fnref-%E8%AF%B4%E6%98%8E", "返回正文第 2 处"),
    ]
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert {r[0] for r in refs} <= ids and {b[0] for b in backs} <= ids
    notes = html[html.index('<div class="footnote">') :]
    assert notes.startswith('<div class="footnote">\n<hr>') and "第二个注释" in notes
    assert "Back to" not in html and "<section" not in html


def test_a_bodys_ids_keep_out_of_the_pages_own() -> None:
    """A heading named gk-search, or raw HTML with id="main" or id="fn-1" (in any quoting,
    case or spelling), was a second element of the theme's or a footnote's id. Each is given
    body- in front; the footnotes keep theirs, and a footnote's label in code stays as written."""
    text = (
        "正文[^1]。<span id=\"fn-1\">甲</span><span ID=main>乙</span><b id='gk-q'>丙</b>"
        '<i id="&#109;ain">丁</i><span id="一">戊</span> `[^1]`\n\n'
        "## gk-search\n\n## main\n\n## 普通\n\n[^1]: 注<span id='fnref-1'>己</span>\n"
    )

    html = _render(text).html

    assert re.findall(r' id="([^"]*)"', html) == [
        "fnref-1",
        "body-fn-1",
        "body-main",
        "body-gk-q",
        "body-main",  # the editor's own two
        "一",
        "body-gk-search",
        "body-main_1",  # apart from the editor's
        "普通",
        "fn-1",
        "body-fnref-1",
    ]
    assert '<a href="#fn-1"' in html and '<a href="#fnref-1"' in html
    assert "<code>[^1]</code>" in html
    assert anchors(text) == set(re.findall(r' id="([^"]*)"', html))


def test_the_themes_ids_are_the_pages_own() -> None:
    """Every id the default theme gives an element starts with gk-, or is one of THEME_IDS:
    the ids a body keeps out of (`body._settled`)."""
    templates = REPO / "templates"
    found = {
        found
        for path in [*templates.rglob("*.html"), *templates.rglob("*.js")]
        for found in re.findall(r"""\bid\s*[=:]\s*["']([^"'{]+)""", path.read_text("utf-8"))
    }
    assert found and {i for i in found if not i.startswith("gk-")} == THEME_IDS


def test_a_table_keeps_its_column_alignment_as_a_theme_class() -> None:
    html = _render("| 项目 | 人数 | 说明 |\n| :-: | --: | :-- |\n| 低保 | 1,024 | 城乡 |").html
    assert re.findall(r"<td[^>]*>", html) == [
        '<td class="gk-align-center">',
        '<td class="gk-align-right">',
        '<td class="gk-align-left">',
    ]
    assert "align=" not in html


def test_an_editors_class_on_a_table_cell_is_dropped() -> None:
    html = _render('<table><tr><td class="gk-align-right x" align="left">1</td></tr></table>').html
    assert '<td class="gk-align-right">' in html


# Every character a Markdown construct starts or ends with, and plain text around them.
_PIECES = st.sampled_from(
    [
        *"*_`\\[]()!<>&#:;@/.-{}^~=\"' \n\t|",
        "  \n",
        "养老服务",
        "“五公开”",
        "http://example.gov.cn/a",
        "&amp;",
        "&#20013;",
        "<b>",
        "</b>",
        '<span id="x">',
        "<!-- x -->",
        "[^1]",
        "[^1]: 注释",
        "[链接](a.md)",
        "![图](a.png)",
        "# 标题",
        "## 标题",
        "x\n===",
        "- 项",
        "1. 项",
        "| a | b |\n|:-|-:|\n| 1 | 2 |",
        "```\ncode\n```",
        "\n\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_body_has_unique_ids_and_in_body_links_that_resolve(text: str) -> None:
    html = _render(text).html
    ids = re.findall(r' id="([^"]*)"', html)
    headings = re.findall(r"<h\d id=\"([^\"]*)\"", html)
    # Heading ids never repeat, nor take an id the body already has (footnotes, raw HTML).
    assert len(set(headings)) == len(headings)
    assert all(ids.count(h) == 1 for h in headings)
    # Every link to a footnote or back to its reference lands on an element of the body.
    for target in re.findall(r'href="#(fn[^"]*)"', html):
        assert target in ids
    assert "<h1" not in html


@pytest.mark.parametrize("text", ["a\r\nb", "a\nb"])
def test_windows_line_ends_render_as_unix_ones(text: str) -> None:
    assert _render(text).html == "<p>a\nb</p>"


# A table as a word processor or an old CMS exports it: indented, a blank line between cells.
_PASTED = """前言。

<table>
  <tr>
    <td>项目</td>

    <td>金额</td>
  </tr>
</table>

**后记**。"""


def test_a_pasted_html_table_stays_whole_up_to_its_closing_tag() -> None:
    html = _render(_PASTED).html
    table = html[html.index("<table>") : html.index("</table>")]
    assert "<td>项目</td>" in table and "<td>金额</td>" in table
    assert "&lt;" not in html and "<pre>" not in html  # no cell shown as code
    assert html.endswith("<p><strong>后记</strong>。</p>")  # Markdown again after it


def test_nested_blocks_close_at_their_own_tag_and_code_is_left_alone() -> None:
    text = '```\n<div>\n代码\n</div>\n```\n\n<div class="a">\n<div>内</div>\n\n    段落\n</div>\n尾'
    html = _render(text).html
    assert html.startswith('<pre tabindex="0"><code>&lt;div&gt;\n代码\n&lt;/div&gt;\n</code></pre>')
    # The editor's class is not kept: a theme's class would take its look (a walk).
    assert "<div>\n<div>内</div>\n\n    段落\n</div>\n<p>尾</p>" in html


def test_an_unclosed_block_is_left_to_commonmark() -> None:
    html = _render("<div>\n开始\n\n**正文**照常").html
    assert "<p><strong>正文</strong>照常</p>" in html


def test_control_characters_pasted_into_a_body_do_not_reach_the_page() -> None:
    """Word's manual line break (U+000B) and page break (U+000C) pasted with the text; a page
    may hold no control character (in HTML a parse error)."""
    text = (
        "第一段\x0b手动换行\x0c分页\x07响铃\x1b。\n\n| 项目\x0b | 金额 |\n|---|---|\n| 甲 | 1 |\n"
    )
    html = _render(text).html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html), repr(html)
    assert "第一段 手动换行 分页响铃。" in html
    assert "<th>项目</th>" in html  # the line break did not end the table's row


def test_noncharacters_in_a_body_do_not_reach_the_page() -> None:
    """Unicode's noncharacters (U+FFFF …) are no text; in HTML a parse error."""
    html = _render("第一段\uffff\ufdd0\U0010fffe。\n").html
    assert html == "<p>第一段。</p>"


def test_each_table_scrolls_in_a_box_the_keyboard_reaches() -> None:
    html = _render(
        "| 区 | 标准 |\n|---|--:|\n| 示范区 | 6480 |\n\n## 二、收支\n\n段落\n\n| 甲 |\n|---|\n| 1 |\n"
    ).html
    boxes = re.findall(
        r'<div class="gk-table-wrap" role="region" tabindex="0" aria-label="([^"]+)"'
        r' data-gk-hint="表格较宽，可左右滑动查看"><table>',
        html,
    )
    assert boxes == ["表格 1", "表格 2：二、收支"]  # named by the heading above, when there is one
    assert html.count("</table></div>") == 2
    assert "gk-table-wrap" not in _render("没有表格的正文").html


def test_a_table_of_more_than_eight_columns_is_marked_for_a_landscape_page() -> None:
    """A print walk: the national template's table 四 (15 columns) lost columns at the paper's
    edge. The stylesheet gives a marked table a landscape page; a cell's colspan counts."""
    nine = "|" + "|".join(f"列{n}" for n in range(9)) + "|\n|" + "---|" * 9 + "\n"
    eight = "|" + "|".join(f"列{n}" for n in range(8)) + "|\n|" + "---|" * 8 + "\n"
    spanned = (
        '<table><thead><tr><th rowspan="2">类别</th><th colspan="5">行政复议</th>'
        '<th colspan="5">行政诉讼</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>\n'
    )
    wide = 'class="gk-table-wrap gk-table-wrap--print-wide"'
    assert wide in _render(nine).html
    assert wide not in _render(eight).html and 'class="gk-table-wrap"' in _render(eight).html
    assert wide in _render(spanned).html  # 1 + 5 + 5 columns
    # The widest of the first rows counts: a pasted table's first row may be its title alone.
    titled = "<table><tr><td>单位：元</td></tr><tr>" + "<td>1</td>" * 12 + "</tr></table>\n"
    assert wide in _render(titled).html
    both = _render(eight + "\n段落\n\n" + nine).html
    assert both.count("gk-table-wrap--print-wide") == 1 and both.index("--print-wide") > both.index(
        "列7"
    )


def test_an_empty_class_is_taken_out_of_tags_only() -> None:
    """A review: taking out what the sanitizer left of a class (` class=""`) also changed a
    code sample and a paragraph that showed the text."""
    text = '```\n<div class="">x</div>\n```\n\n<div class="a">内</div>\n\n用 class="" 写\n'
    html = _render(text).html
    assert '&lt;div class=""&gt;x&lt;/div&gt;' in html
    assert "<div>内</div>" in html and '<p>用 class="" 写</p>' in html


def test_a_local_links_fragment_cannot_close_its_attribute() -> None:
    """A security review: the fragment of a link to a local file was unescaped and written back
    after nh3 had run, so `#"><script src=…>` closed the attribute and the script ran."""
    hostile = (
        '<p><a href=\'files/a.docx#"><script src="x.js"></script>\'>附件</a></p>\n\n'
        '纯文本 href="files/a.docx#&lt;b id=TEXT&gt;粗&lt;/b&gt;" 结束。\n'
    )
    found = render_body(hostile, source_dir="content/2024", resolve=lambda _path: "L")
    assert "<script" not in found.html and "<b id" not in found.html, found.html
    # the link is rewritten, its fragment kept escaped; the text is left as it was written
    assert '<a href="L#&quot;&gt;&lt;script src=&quot;x.js&quot;&gt;&lt;/script&gt;"' in found.html
    assert '纯文本 href="files/a.docx#&lt;b id=TEXT&gt;粗&lt;/b&gt;" 结束。' in found.html
    assert found.files == ("content/2024/files/a.docx",)
    # A second review: ` src="` inside another attribute's value was taken for the address;
    # the rewrite swallowed the tag's end and the text after it became attributes.
    inside = render_body(
        '<img id=" src=">/../files/x.js" onerror="alert(1)" class="gk-state" x="\n',
        source_dir="content/2024",
        resolve=lambda _path: "L",
    )
    # (the image, left without a source, shows its text alternative: it has none)
    assert 'src="L"' not in inside.html, inside.html
    assert '/../files/x.js" onerror="alert(1)" class="gk-state" x="' in inside.html
    assert re.search(r"<[^>]*onerror", inside.html) is None, inside.html
    assert inside.files == ()


# What a page may keep of an editor's raw HTML, tag by tag, written out here rather than read
# from the allowlist: the attributes every tag may have, each tag's own, and those gkml itself
# adds (a link's rel, the theme's alignment classes, a table's scrolling box, a code block's
# tabindex).
_EVERY_TAG = {"id", "title", "lang"}
_TAG_OWN = {
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan", "class"},
    "td": {"colspan", "rowspan", "class"},
    "ol": {"start"},
    "p": {"class"},
    "div": {"class", "role", "tabindex", "aria-label", "data-gk-hint"},
    "pre": {"tabindex"},
}
_HOSTILE = (
    ' onclick="alert(1)" onerror="alert(2)" onload="alert(3)" onmouseover="alert(4)"'
    ' onfocus="alert(5)" style="background:url(https://x.example/t.gif)"'
    ' srcdoc="&lt;script&gt;alert(6)&lt;/script&gt;" formaction="https://x.example/"'
)
_VOID = {"br", "col", "hr", "img"}
# Where a tag must stand for the parser to keep it (a <td> outside a table is dropped).
_INSIDE_OF = {
    "td": "<table><tbody><tr>{}</tr></tbody></table>",
    "th": "<table><tbody><tr>{}</tr></tbody></table>",
    "tr": "<table><tbody>{}</tbody></table>",
    "tbody": "<table>{}</table>",
    "thead": "<table>{}</table>",
    "tfoot": "<table>{}</table>",
    "caption": "<table>{}</table>",
    "colgroup": "<table>{}</table>",
    "col": "<table><colgroup>{}</colgroup></table>",
    "li": "<ul>{}</ul>",
    "dt": "<dl>{}</dl>",
    "dd": "<dl>{}</dl>",
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name for name, _value in attrs}))


@pytest.mark.parametrize("tag", sorted(_TAGS))
def test_no_event_handler_or_style_passes_on_any_allowed_tag(tag: str) -> None:
    """A security review: the sanitizer keeps whatever attribute its allowlist names, so an
    `onerror` added to <img>'s list (or `onmouseover` to <a>'s) ran an editor's pasted script
    in every reader's browser, and no test saw it. Each tag a body may hold, with every handler
    and style an old CMS or an attacker writes, keeps only the attributes that tag may have."""
    # (an image with no source shows as its text alternative: this one has one)
    hostile = f' src="files/a.png"{_HOSTILE}' if tag == "img" else _HOSTILE
    element = f"<{tag}{hostile}>" if tag in _VOID else f"<{tag}{hostile}>内容</{tag}>"
    page = _Tags()
    page.feed(_render(f"<div>{_INSIDE_OF.get(tag, '{}').format(element)}</div>\n").html)

    assert tag in {name for name, _attributes in page.found}, page.found  # the tag was kept
    handlers = [
        (name, a) for name, attributes in page.found for a in attributes if a.startswith("on")
    ]
    assert handlers == []
    beyond = [
        (name, sorted(attributes - _EVERY_TAG - _TAG_OWN.get(name, set())))
        for name, attributes in page.found
        if attributes - _EVERY_TAG - _TAG_OWN.get(name, set())
    ]
    assert beyond == []


def test_gkmls_own_marks_in_a_body_are_dropped() -> None:
    """A security review: U+E000 99 U+E001 in a body was taken for a link's mark and stopped
    the build; U+E002…U+E003 is where the page puts the body."""
    found = _render("正文 \ue00099\ue001 与 \ue002gkml-body\ue003 结束。\n")
    assert found.html == "<p>正文 99 与 gkml-body 结束。</p>"


def _closing_by_scan(lines: list[str], first: int, tag: str) -> int | None:
    """The line where the element opened on line *first* closes, found as rawhtml did before
    it paired them in one pass: scanning on from it, counting depth (quadratic)."""
    pattern = re.compile(rf"<(/?){tag}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 0
    for number in range(first, len(lines)):
        for match in pattern.finditer(lines[number]):
            depth += -1 if match[1] else 1
            if depth == 0:
                return number
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["<div>", "</div>", "<DIV class=x>", "<divx>", "字", " "])).map(
            "".join
        ),
        max_size=12,
    )
)
def test_raw_html_blocks_close_where_the_scan_closed_them(lines: list[str]) -> None:
    from generator.rawhtml import _closings

    paired = _closings(lines, "div")
    for number, line in enumerate(lines):
        if line.lower().startswith("<div") and not line.lower().startswith("<divx"):
            assert paired.get(number) == _closing_by_scan(lines, number, "div"), (number, lines)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*12Xa ", max_size=30))
def test_masked_numbers_are_found_as_before_runs_were_taken_whole(text: str) -> None:
    """The mask pattern takes a run of asterisks whole, from its start (a run of 100,000 was
    tried from each asterisk to its end); what it finds is what the old pattern found."""
    from generator.body import MASK

    old = re.compile(r"(?<=[0-9])\*{3,}|\*{3,}(?=[0-9Xx])")
    assert [m.span() for m in MASK.finditer(text)] == [m.span() for m in old.finditer(text)]


def test_a_right_or_centre_aligned_paragraph_keeps_its_alignment() -> None:
    """A migration walk: a 落款 pasted from Word (align="right", style="text-align:right")
    printed on the left: the allowlist dropped both attributes."""
    html = _render(
        '<p class="MsoNormal" align="right">示例市民政局</p>\n'
        '<p style="text-align: center; font-size:12pt">居中</p>\n'
        "<div align=right><p>二〇二四年三月一日</p></div>\n"
        '<p class="MsoNormal" align="left">普通</p>\n'
    ).html
    assert html.split("\n") == [
        '<p class="gk-align-right">示例市民政局</p>',
        '<p class="gk-align-center">居中</p>',
        '<div class="gk-align-right"><p>二〇二四年三月一日</p></div>',
        "<p>普通</p>",
    ]
    # a cell, and the obsolete <center> an old CMS still writes (a re-walk)
    cells = _render(
        '<table><tr><td style="text-align:right">6480</td><th align=center>区</th></tr>'
        "</table>\n\n<center>居中标题</center>\n"
    ).html
    assert '<td class="gk-align-right">6480</td><th class="gk-align-center">区</th>' in cells
    assert cells.endswith('<div class="gk-align-center">居中标题</div>')


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "a_1", "a_2", "b", "b_1", ""]), max_size=25))
def test_heading_ids_are_given_as_before_their_runs_resumed(names: list[str]) -> None:
    """Ids resume each asked name's run where it stopped (from _1 each time, one heading
    repeated over 60 kB took the build 49 s); they are the ones Python-Markdown's toc gave."""
    from generator.body import _unique

    def unique_by_scan(name: str, used: set[str]) -> str:
        while name in used or not name:
            numbered = re.match(r"^(.*)_([0-9]+)$", name)
            name = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{name}_1"
        used.add(name)
        return name

    used: set[str] = set()
    scanned: set[str] = set()
    tried: dict[str, str] = {}
    assert [_unique(n, used, tried) for n in names] == [unique_by_scan(n, scanned) for n in names]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["<div>段</div>", "<div>", "</div>", "文字", "", "<table><tr><td>1</td></tr></table>"]
        ),
        max_size=20,
    )
)
def test_raw_blocks_are_put_back_as_one_replace_a_block_put_them(lines: list[str]) -> None:
    """The blocks go back in one pass (a replace of the whole page for each block took 2.7 s
    for 20,000 `<div>` lines, a security re-test); the page is what the replaces made."""
    import comrak

    from generator.body import _RENDER, EXTENSIONS
    from generator.rawhtml import _TOKEN, stash, unstash

    markdown, blocks = stash("\n".join(lines))
    html = comrak.markdown_to_html(markdown, EXTENSIONS, None, _RENDER)
    before = html
    for index, block in enumerate(blocks):
        before = before.replace(f"<p>{_TOKEN.format(index)}</p>", block, 1)
    assert unstash(html, blocks) == before


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        # Word's picture, pasted as HTML: a blank box of 553 by 300 on the page
        (
            '<p><img width="553" height="300" src="file:///C:/Temp/clip_image002.jpg"></p>',
            "<p></p>",
        ),
        ("![救助流程图](file:///C:/Users/张三/流程图.png)", "<p>救助流程图</p>"),
        ('<img src="javascript:alert(1)" alt="a &quot;b&quot; <c>">', "a &quot;b&quot; &lt;c&gt;"),
        # a value that reads like the attribute is no source
        ('<img alt=" src=" src="data:image/png;base64,AAAA">', "src="),
    ],
)
def test_an_image_whose_source_is_dropped_shows_its_text_alternative(body: str, shown: str) -> None:
    """A newcomer's walk: an image whose address the sanitizer drops (a file on the editor's
    computer, a script) was an empty box, its size as written, with nothing to say what was
    there. Its text alternative shows in its place, or nothing."""
    html = _render(body).html
    assert "<img" not in html
    assert html.strip() == shown


def test_an_image_with_a_source_is_kept_whole() -> None:
    html = _render('![图](files/a.png) <img alt="x" src="https://a.example/b.png" width="3">').html
    assert html.count("<img ") == 2
    assert '<img alt="x" src="https://a.example/b.png" width="3">' in html
