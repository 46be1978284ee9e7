"""An item's Markdown body into safe HTML, with the local files it refers to.

Comrak (Rust; CommonMark with GitHub's tables and footnotes, the Markdown a reviewer sees
rendered in a pull request) with its CJK-friendly emphasis: plain CommonMark leaves
`**“五公开”**` (emphasis around CJK quotes) as literal asterisks (../shared/tooling.md).
About 25 times faster than Python-Markdown, which rendered the same bodies before (the
sample site and a 1,000-item corpus give the same HTML). Editors' raw HTML passes an
allowlist (nh3, the Ammonia sanitizer): no scripts, event handlers or `javascript:`.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import unquote, urlsplit

import comrak
import nh3

from generator import leadin
from generator.rawhtml import outside_fences, stash, unstash
from generator.yamlnodes import CONTROL

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}  # No other class on a div: an editor's took the theme's own (a status banner's look, a walk).
# A Markdown table's column alignment: a class of the theme's (`align` is obsolete HTML).
_ALIGNED = {"left", "center", "right"}
_CLASSES = {
    "th": {f"gk-align-{a}" for a in _ALIGNED},
    "td": {f"gk-align-{a}" for a in _ALIGNED},
    "p": {"gk-align-center", "gk-align-right"},  # `_block_alignment`
    "div": {"footnote", "gk-align-center", "gk-align-right"},  # and the footnotes' block
}
# A paragraph or block aligned the way a word processor or an old CMS writes it: align="right"
# or style="text-align: right" (both dropped by the allowlist, and a 落款 printed on the left,
# a migration walk).
_BLOCK_TAG = re.compile(r"<(p|div|td|th)(\s[^<>]*)>", re.IGNORECASE)
_CENTER = re.compile(r"<(/?)center\s*>", re.IGNORECASE)  # obsolete HTML an old CMS still writes
_BLOCK_ALIGN = re.compile(
    r"\balign\s*=\s*[\"']?\s*(center|right)\b|\btext-align\s*:\s*(center|right)\b", re.IGNORECASE
)
_CLASS_ATTRIBUTE = re.compile(r"\sclass\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
# An address in a tag as nh3 wrote it, found by walking the tag's attributes one whole
# name="value" at a time (nh3 writes a value's " as &quot; and its < > as &lt; &gt;): never
# in text, where `href="…"` is words, nor inside another attribute's value, where
# <img id=" src=">… made the rewrite swallow the tag's end and the text after it became
# attributes, onerror among them (two security reviews).
_LINK = re.compile(
    r'(<[a-zA-Z][a-zA-Z0-9]*(?:\s[^\s"\'=<>/]+(?:="[^"]*")?)*?\s(?:href|src)=")([^"]*)(")'
)
# The attribute of a link to a local file or page, or to another site, that holds its full
# address, which a printed page shows after the link's text (a print walk: a body's link to
# another item printed its text alone, and a reader of the paper could not find it).
ADDRESS = "data-gk-address"
# What a resolver gives for a link that must not be one: the link's text stays, its <a> goes.
UNLINKED = "\ue004"
_UNLINKED_ANCHOR = re.compile(f'<a href="{UNLINKED}"[^>]*>(.*?)</a>', re.DOTALL)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_WEB = re.compile(r"https?://", re.IGNORECASE)  # a link to a page of another site
# An image as nh3 writes it, read one whole name="value" at a time (as `_LINK`), and its
# attributes: one left without a source (the sanitizer's `file:`, `data:` or `javascript:`
# dropped; a 不予公开 attachment's, below) shows its text alternative in its place.
_IMAGE = re.compile(r'<img((?:\s[^\s"\'=<>/]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'\s([^\s"\'=<>/]+)(?:="([^"]*)")?')
# ` class=""` in a tag (never in text, where `<` is escaped: a code sample keeps its own)
_EMPTY_CLASS = re.compile(r'(<[a-z][a-z0-9]*\b[^<>]*?) class=""')

# No heading ids from Comrak (it adds an English-labelled anchor link to each heading): they
# are made below, as Python-Markdown's `toc` made them, so that links to them keep working.
EXTENSIONS = comrak.ExtensionOptions(cjk_friendly_emphasis=True, table=True, footnotes=True)
_RENDER = comrak.RenderOptions(unsafe_=True)  # raw HTML is kept here and sanitized by nh3
# A heading's text stops before another heading's tag: 240 kB of unclosed <h2> lines were each
# read to the end of the body (a security review).
_HEADING = re.compile(r"<h([1-6])>([^<]*(?:<(?!/?h[1-6]\b)[^<]*)*)</h\1>")
TAG = re.compile(r"<[^>]*>")  # a tag, to take the text of HTML
# An id in any quoting and letter case, as nh3 reads it (id=main, ID='main'): what a heading
# may not be named, and a place a link may name. Read in text too (id=x in a sentence): a name
# kept from the headings, a place the check takes to be there.
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
# The page's own ids: the theme's (`main`, the skip link's target, and `elder`, a section of
# the accessibility statement; all others start with gk-), and the body's footnotes' (`fn-…`,
# `fnref-…`, Comrak's). A body's heading named gk-search, or raw HTML with id="main" or
# id="fn-1", made a second element of that id: a heading ahead of the attachments' section
# was what its aria-labelledby named, and the page failed the Nu checker (a security
# review). An id of the editor's there is given `body-` in front (`body-gk-search`).
THEME_IDS = frozenset({"main", "elder"})
_RESERVED_PREFIXES = ("gk-", "fn-", "fnref-")
_OUTSIDE_RESERVED = "body-"
# Comrak's own footnote ids, told from an editor's `id="fn-1"`: each footnote label is given
# this per-process nonce in front before Comrak reads the Markdown (no editor can write it),
# kept in Comrak's ids (`fn-<nonce>1`) until their editors' neighbours are renamed, and taken
# out of everything else at once (a label in code, a link's address).
_OWN = os.urandom(8).hex()
_OWN_ID = (f"fn-{_OWN}", f"fnref-{_OWN}")
_NOT_IN_OWN_ID = re.compile(f'(?<! id="fn-)(?<! id="fnref-){_OWN}')
# An id attribute of a tag, found by walking the tag's attributes one whole name="value" at
# a time (as `_LINK`): never in text, nor inside another attribute's value.
_ID_ATTRIBUTE = re.compile(
    r'(<[a-zA-Z][a-zA-Z0-9]*(?:\s[^\s"\'=<>/]+(?:="[^"]*")?)*?\sid=")([^"]*)(")'
)
_NOT_SLUG = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[-\s]+")
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")
_ALIGN = re.compile(r'<(t[hd]) align="(left|center|right)">')
# A heading as rendered (with its id), for the name of the table below it.
_RENDERED_HEADING = re.compile(r"<h([1-6])\b[^>]*>([^<]*(?:<(?!/?h[1-6]\b)[^<]*)*)</h\1>")
_TAG = re.compile(r"<[^>]*>")
_TABLE_OPEN = re.compile(r"<table\b[^>]*>")
_H1 = re.compile(r"<(/?)h1\b")  # an editor's own <h1 …> in raw HTML
_FOOTNOTES = '<section class="footnotes" data-footnotes>'
_BACKREF = re.compile(
    r'<a href="(#fnref-[^"]*)" class="footnote-backref" data-footnote-backref'
    r' data-footnote-backref-idx="(\d+)(?:-(\d+))?" aria-label="[^"]*">'
)


@dataclass(frozen=True, slots=True)
class RenderedBody:
    html: str
    files: tuple[str, ...]  # site-root paths of local files the body links to


def slug(text: str) -> str:
    """Return a heading's id made from its text: Chinese characters kept, punctuation dropped,
    spaces as hyphens (Python-Markdown's `slugify_unicode`)."""
    return _DASHES.sub("-", _NOT_SLUG.sub("", text).strip().lower())


def _unique(name: str, used: set[str], tried: dict[str, str]) -> str:
    """Return *name*, or *name*_1, _2 … when taken (Python-Markdown's `toc.unique`).

    *tried* holds, for each name asked for before, the last one it was given: the names
    before that in its run are all taken, and the run goes on from there (a security review:
    from _1 each time, 60 kB of one heading took the build 49 s)."""
    asked = name
    name = tried.get(asked, name)
    while name in used or not name:
        numbered = _NUMBERED.match(name)
        name = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{name}_1"
    used.add(name)
    tried[asked] = name
    return name


def _settled(name: str) -> str:
    """Return the id *name* as the page has it: Comrak's footnote ids without their nonce,
    an editor's id in the page's own space (`THEME_IDS`, gk-, fn-, fnref-) with `body-` in
    front, any other as it is."""
    if name.startswith(_OWN_ID):
        return name.replace(_OWN, "", 1)
    if name in THEME_IDS or name.startswith(_RESERVED_PREFIXES):
        return f"{_OUTSIDE_RESERVED}{name}"
    return name


def _settled_ids(markup: str) -> str:
    """Return *markup* with each of its ids as the page has it (`_settled`)."""
    if _OWN in markup or any(f' id="{r}' in markup for r in (*THEME_IDS, *_RESERVED_PREFIXES)):
        markup = _ID_ATTRIBUTE.sub(lambda m: f"{m[1]}{_settled(m[2])}{m[3]}", markup)
    return markup.replace(_OWN, "")  # one left where no tag was read whole: no id of it


def _headings(raw: str) -> str:
    """Give each heading an id from its text, unique in the body and apart from the page's
    own (`_settled`). The page's one <h1> is the item's title: a body whose Markdown has `#`
    headings has each of its levels one down (# an h2, ## an h3), or its `#` 第一章 and `##`
    一、 were both h2 (a migration walk); in a body without them an h2 stays one. An editor's
    own <h1> tag is an h2."""
    used = {_settled(html.unescape("".join(found))) for found in _ID.findall(raw)}
    tried: dict[str, str] = {}
    down = 1 if "<h1>" in raw else 0

    def heading(match: re.Match[str]) -> str:
        level = max(min(int(match[1]) + down, 6), 2)
        text = slug(html.unescape(TAG.sub("", match[2])))
        name = _unique(_settled(text), used, tried)
        return f'<h{level} id="{html.escape(name)}">{match[2]}</h{level}>'

    return _H1.sub(r"<\1h2", _HEADING.sub(heading, raw))


def _footnotes(raw: str) -> str:
    """Footnotes as the site showed them: after a rule, each with a link back labelled in
    Chinese (Comrak's English label is not kept)."""
    before, found, notes = raw.partition(_FOOTNOTES)
    if not found:
        return raw

    def backref(match: re.Match[str]) -> str:
        again = f"（第 {match[3]} 处引用）" if match[3] else ""
        return f'<a href="{match[1]}" title="返回正文第 {match[2]} 处{again}">'

    notes = _BACKREF.sub(backref, notes)
    notes, _, after = notes.rpartition("</section>")
    return f'{before}<div class="footnote">\n<hr>{notes}</div>{after}'


def _without_controls(text: str) -> str:
    """Return *text* without the control characters a page may not hold (in HTML a parse
    error; `yamlnodes.CONTROL`): Word's manual line break (U+000B) and page break (U+000C),
    pasted into a body, become spaces (a line break would end a table row); the others go,
    and so do the private-use characters gkml marks its own places with (`yamlnodes.MARKS`:
    an editor's U+E000 99 U+E001 was taken for a link and stopped the build, a security
    review) and Unicode's noncharacters (U+FFFF …), which are no text. One search when there
    are none (a body: 5 µs; str.translate took 86)."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)


# A masked number (640104********2410, 139****5678): three or more asterisks beside a digit.
# Markdown read two such masks on a line as bold, and the page showed 6401042410、6401020034 in
# bold, the masking gone (a reviewer's walk): their asterisks are escaped before it reads them.
# A run is taken whole, from its start (a run of 100,000 asterisks was tried from each one of
# them to its end: a body of them held the check for minutes, a security review).
MASK = re.compile(r"(?<=[0-9])\*{3,}+|(?<!\*)\*{3,}+(?=[0-9Xx])")


def _escaped_masks(text: str) -> str:
    """Return *text* with the asterisks of each masked number escaped, outside fenced code."""
    if "***" not in text:
        return text
    lines = text.split("\n")
    for number, line in outside_fences(lines):
        lines[number] = MASK.sub(lambda m: "\\*" * len(m.group()), line)
    return "\n".join(lines)


def _marked_html(text: str) -> str:
    """Return the HTML of the Markdown *text*, not yet sanitized, with Comrak's footnote ids
    marked as its own (`_OWN`)."""
    markdown, blocks = stash(_escaped_masks(_without_controls(text.replace("\r\n", "\n"))))
    if "[^" in markdown:
        markdown = markdown.replace("[^", f"[^{_OWN}")
    raw = comrak.markdown_to_html(markdown, EXTENSIONS, None, _RENDER)
    if _OWN in raw:
        raw = _NOT_IN_OWN_ID.sub("", raw)
    raw = _ALIGN.sub(r'<\1 class="gk-align-\2">', unstash(raw, blocks).removesuffix("\n"))
    return _footnotes(_headings(raw))


def markdown_html(text: str) -> str:
    """Return the HTML of the Markdown *text*, not yet sanitized."""
    return _settled_ids(_marked_html(text))


def anchors(text: str) -> frozenset[str]:
    """Return the places a link can name in the page of the Markdown body *text*: the ids
    of its headings, footnotes and raw HTML, as the page has them."""
    found = _ID.findall(_marked_html(text))
    return frozenset(_settled(html.unescape("".join(name))) for name in found)


def render_body(
    text: str,
    *,
    source_dir: str,
    resolve: Callable[[str], str | None],
    address: Callable[[str], str | None] | None = None,
) -> RenderedBody:
    """Return the HTML of *text*, sanitized, with local links rewritten by *resolve*.

    *source_dir* is the item's folder relative to the site root; *resolve* maps a site-root
    path of a local file to the link to print, to None to leave the link as written (the
    file does not exist), or to UNLINKED to show the link's text alone (an image: no source).
    A link (`<a>`) so rewritten also has its target in `ADDRESS`, for its full address. A link
    *resolve* leaves is made of what *address* makes of its path (a page gkml writes: a
    listing, the home page), its link and its full address alike; else it stays as written.
    """
    clean = nh3.clean(
        _block_alignment(_marked_html(text)),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    clean = _EMPTY_CLASS.sub(r"\1", clean)  # what is left of a class not allowed
    # as nh3 read them: id=main, id='fn-1' and id="&#109;ain" too
    clean = _settled_ids(clean)
    files: list[str] = []

    def rewrite(match: re.Match[str]) -> str:
        # The attribute as nh3 wrote it: `&` is `&amp;` there (a walk: `a&b.pdf` was a dead
        # link, and the file was not published).
        url = unescape(match.group(2))
        if _WEB.match(url) and match.group(1).startswith("<a "):
            # Its address is its href, printed after its text as a local link's is, and
            # once a page (`pagebody.printed_once`): a reprint's body linking the original
            # printed the address again in 转载来源 below it (a print walk).
            return f'{match.group(0)} {ADDRESS}="{match.group(2)}"'
        if not url or url.startswith("#") or _SCHEME.match(url) or url.startswith("//"):
            return match.group(0)
        parts = urlsplit(url)
        target = posixpath.normpath(posixpath.join(source_dir, unquote(parts.path)))
        link = resolve(target)
        if link is None:
            # As written: a link to a page gkml writes (`../../catalog/bmwj/index.html`)
            # prints its address too, with its query (search.html?q=低保), where *address*
            # knows the page (a print walk: a body's link to 现行有效文件 printed its text
            # alone, where one to an item printed where to find it).
            found = address(unquote(parts.path)) if address else None
            if found is None or not match.group(1).startswith("<a "):
                return match.group(0)
            query = f"?{escape(parts.query)}" if parts.query else ""
            fragment = f"#{escape(parts.fragment)}" if parts.fragment else ""
            # The link is made again from each edition's page (`pagebody.fill_links`), as
            # the address it prints: as written, a 繁體 page's `../../catalog.csv` (the
            # 简体 edition's alone) led to zh-hant/catalog.csv, which is not there, and
            # printed the address of the one that is (a print walk).
            link = f"{found}{query}"
            return f'{match.group(1)}{link}{fragment}{match.group(3)} {ADDRESS}="{link}"'
        if link == UNLINKED:
            if match.group(1).endswith('href="'):
                return f"{match.group(1)}{UNLINKED}{match.group(3)}"
            # An image loses its source: a 不予公开 item's attachment's name stayed in the
            # page as written (a security review).
            return match.group(1)[: -len(' src="')]
        files.append(target)
        # Written back escaped, as nh3 wrote it: the fragment was unescaped above, and
        # `#"><script src=…>` in it closed the attribute after the sanitizer had run (a
        # security review).
        fragment = f"#{escape(parts.fragment)}" if parts.fragment else ""
        # A link's target again, for its full address on paper (`ADDRESS`), which the page
        # fills in (`pagebody.fill_links`): the page's or file's, without the fragment (on
        # paper %E7%AC%AC… of #第二条 is noise; the page is what a reader looks up). Never
        # an editor's own data-gk-address: the sanitizer drops it.
        full = f' {ADDRESS}="{link}"' if match.group(1).startswith("<a ") else ""
        return f"{match.group(1)}{link}{fragment}{match.group(3)}{full}"

    linked = _LINK.sub(rewrite, clean)
    if UNLINKED in linked:
        linked = _UNLINKED_ANCHOR.sub(r"\1", linked)
    if "<img" in linked:
        # A newcomer's walk: Word's <img width="553" height="300" src="file:///C:/…"> was a
        # blank box that size on the page.
        linked = _IMAGE.sub(_sourceless_as_text, linked)
    html = leadin.marked(_scrollable(linked))
    return RenderedBody(html, tuple(dict.fromkeys(files)))


def _sourceless_as_text(match: re.Match[str]) -> str:
    """Return an image as it was, or, with no source, its text alternative (escaped as nh3
    wrote it) or nothing."""
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    return match.group(0) if "src" in attributes else attributes.get("alt", "")


def _block_alignment(raw: str) -> str:
    """Return *raw* with each <p>, <div> or table cell aligned to the right or centre
    (align="right", style="text-align:center", <center>) given the theme's class for it
    instead of its own: the allowlist drops both attributes and the element, and an editor's
    class (MsoNormal) goes anyway."""
    if "<center" in raw or "<CENTER" in raw or "<Center" in raw:  # no lower(): every body
        raw = _CENTER.sub(lambda m: "</div>" if m[1] else '<div class="gk-align-center">', raw)
    if "align=" not in raw and "text-align" not in raw:  # not the theme's gk-align-… classes
        return raw

    def block(match: re.Match[str]) -> str:
        found = _BLOCK_ALIGN.search(match[2])
        if found is None:
            return match[0]
        side = (found[1] or found[2]).lower()
        return f'<{match[1]}{_CLASS_ATTRIBUTE.sub("", match[2])} class="gk-align-{side}">'

    return _BLOCK_TAG.sub(block, raw)


_PORTRAIT_COLUMNS = 8  # columns of figures a portrait A4 page holds in the print type
_CELL = re.compile(r"<t[hd](?=[\s>])([^>]*)>")
_COLSPAN = re.compile(r'\bcolspan="?(\d+)')


_ROWS_COUNTED = 4  # a table's first rows, of which the widest counts


def _columns(markup: str, start: int) -> int:
    """Return the columns of the table whose rows follow *start* in *markup*: the cells of the
    widest of its first rows, each as wide as its colspan (a re-walk: a pasted table whose
    first row is one title cell, 单位：元, had stayed on a portrait page however wide)."""
    table_end = markup.find("</table>", start)
    table_end = len(markup) if table_end < 0 else table_end
    widest = 0
    for _row in range(_ROWS_COUNTED):
        end = markup.find("</tr>", start, table_end)
        found = 0
        for cell in _CELL.finditer(markup, start, table_end if end < 0 else end):
            span = _COLSPAN.search(cell.group(1))
            found += int(span.group(1)) if span else 1
        widest = max(widest, found)
        if end < 0:
            break
        start = end + len("</tr>")
    return widest


def _scrollable(markup: str) -> str:
    """Return *markup* with each table in a box that scrolls sideways, and each such box and
    code block reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable).

    A table wider than a phone scrolls in its box instead of squeezing its columns until a
    figure breaks in two (648 / 0 for 6480), or pushing the whole page sideways. Each box is
    named by the heading above its table too (表格 2：二、主动公开政府信息情况): "表格 1…6"
    alone said nothing of what a region holds (an accessibility pass).
    """
    if "<table" not in markup and "<pre" not in markup:
        return markup
    number = 0
    headings = [
        (m.end(), html.unescape(_TAG.sub("", m.group(2))).strip())
        for m in _RENDERED_HEADING.finditer(markup)
    ]

    def box(match: re.Match[str]) -> str:
        nonlocal number
        number += 1
        above = [text for end, text in headings if end <= match.start() and text]
        name = f"表格 {number}：{above[-1]}" if above else f"表格 {number}"
        # data-gk-hint: what the box says above its table while it scrolls (gkml.js, the
        # CSS), in the page's script (the 繁體 edition converts it with the page).
        # more than eight columns: a landscape page on paper (the stylesheet's print rules)
        wide = (
            " gk-table-wrap--print-wide"
            if _columns(markup, match.end()) > _PORTRAIT_COLUMNS
            else ""
        )
        return (
            f'<div class="gk-table-wrap{wide}" role="region" tabindex="0" '
            f'aria-label="{html.escape(name)}" data-gk-hint="表格较宽，可左右滑动查看">'
            f"{match.group()}"
        )

    markup = _TABLE_OPEN.sub(box, markup).replace("</table>", "</table></div>")
    return markup.replace("<pre>", '<pre tabindex="0">')
