"""An item's Markdown body into safe HTML, with the local files it refers to.

Python-Markdown, not a CommonMark parser: CommonMark's flanking rules leave `**“五公开”**`
(emphasis around CJK quotes) as literal asterisks (../shared/tooling.md). Editors' raw HTML
passes an allowlist (nh3, the Ammonia sanitizer): no scripts, event handlers or `javascript:`.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

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
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
    "div": {"class"},
}
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class RenderedBody:
    html: str
    files: tuple[str, ...]  # site-root paths of local files the body links to


class _PlainTextFirst(InlineProcessor):
    """Python-Markdown's inline step, which leaves a text that no inline pattern matches as it is
    without trying the patterns one by one.

    `InlineProcessor.__handleInline` tries each pattern on the text in turn (a Python call per
    pattern and text) and changes the text only where a pattern's regular expression matched.
    Most texts of an official document (a table cell, a list item, a paragraph without
    emphasis or links) match none: one C search per pattern tells so, and the text is returned
    unchanged, which is what the full step returns. Text with any match takes the full step.
    """

    _searches: tuple[Callable[[str], object], ...] = ()

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # The patterns of this conversion, taken once (the registry makes a list per access).
        # (types-Markdown gives inlinePatterns the wrong class: they are inline patterns.)
        patterns = cast("Iterable[Pattern]", self.inlinePatterns)
        self._searches = tuple(p.getCompiledRegExp().search for p in patterns)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0:
            for search in self._searches:
                if search(data):
                    break
            else:
                return data
        handle: Callable[[str, int], str] = super()._InlineProcessor__handleInline  # type: ignore[misc]
        return handle(data, patternIndex)


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "toc", "sane_lists", "fenced_code", "attr_list"],
        extension_configs={
            # Chinese headings keep their characters in the id: the default slugify drops them.
            "toc": {"slugify": slugify_unicode, "permalink": False},
            "footnotes": {"BACKLINK_TITLE": "返回正文第 %d 处"},
        },
        output_format="html",
    )
    # The shortcut overrides a private step: where a Python-Markdown release has no such step,
    # the stock one stays. 20 is the stock inline step's place among the tree processors.
    if hasattr(InlineProcessor, "_InlineProcessor__handleInline"):
        md.treeprocessors.register(_PlainTextFirst(md), "inline", 20)
    return md


_CONVERTER = _markdown()


def render_body(
    text: str, *, source_dir: str, resolve: Callable[[str], str | None]
) -> RenderedBody:
    """Return the HTML of *text*, sanitized, with local links rewritten by *resolve*.

    *source_dir* is the item's folder relative to the site root; *resolve* maps a site-root
    path of a local file to the link to print, or None when the file does not exist.
    """
    _CONVERTER.reset()
    # Headings inside a body start at h2: the page's one <h1> is the item title.
    raw = _CONVERTER.convert(text.replace("\r\n", "\n"))
    raw = re.sub(r"<(/?)h1\b", r"<\1h2", raw)
    clean = nh3.clean(
        raw,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    files: list[str] = []

    def rewrite(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url or url.startswith("#") or _SCHEME.match(url) or url.startswith("//"):
            return match.group(0)
        parts = urlsplit(url)
        target = posixpath.normpath(posixpath.join(source_dir, unquote(parts.path)))
        link = resolve(target)
        if link is None:
            return match.group(0)
        files.append(target)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f"{match.group(1)}{link}{fragment}{match.group(3)}"

    html = _LINK.sub(rewrite, clean)
    return RenderedBody(html, tuple(dict.fromkeys(files)))
