"""What leads into a wide table: the blocks that print on its landscape sheet with it.

A table of more than eight columns prints on a landscape page of its own (`body._scrollable`
marks it, the stylesheet names its page). What leads into it goes there with it: the run of
short blocks right above it (单位：万元, 情况如下：, a short list of what the columns hold),
with the heading above them when the run reaches it. A print walk: a table led in by two
paragraphs, or a paragraph and a list, printed all but the last on the sheet before, alone
at its foot.

The run is capped (`_MOST_LINES`), so that a long text never moves to a landscape sheet and
leaves most of a portrait one blank: the blocks nearest the table that fit go, and a heading
goes only with all the blocks below it.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

CLASS = "gk-lead-in"  # the stylesheet's print rules give the table's page to each
WIDE = "gk-table-wrap--print-wide"

_MOST_LINES = 6  # of a run, headings not counted: about a sixth of a landscape page
_LINE = 50  # characters a line of landscape A4 holds at least (长者版's type: 47–65 in all)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "ul", "ol", "dl", "blockquote", "div"}
# What a block may not hold to lead in: a tall thing that would move with it
_TALL = re.compile(r"<(?:img|table|pre|figure|hr)\b")
# A tag as nh3 writes it: a value's < and > are &lt; &gt;, so a tag ends at the first >.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_VOID = {"br", "col", "hr", "img", "wbr"}
_CLASS = re.compile(r'\sclass="')


@dataclass(slots=True)
class _Element:
    name: str
    start: int  # where its start tag begins
    tag_end: int  # where its start tag ends
    attributes: str
    end: int = -1  # where its end tag ends
    children: list[_Element] = field(default_factory=list)


def marked(markup: str) -> str:
    """Return *markup* (a sanitized body) with the class CLASS on each block that leads into
    a wide table (one with WIDE), as the module says."""
    if WIDE not in markup:
        return markup
    starts: list[int] = []
    for parent in _elements(markup):
        for number, child in enumerate(parent.children):
            if child.name == "div" and WIDE in child.attributes:
                starts += (block.start for block in _run(markup, parent.children[:number]))
    for start in sorted(set(starts), reverse=True):  # from the end: the places stay true
        markup = _with_class(markup, start)
    return markup


def _run(markup: str, above: list[_Element]) -> list[_Element]:
    """Return the blocks of *above* (a table's siblings before it) that lead into it."""
    found: list[_Element] = []
    lines = 0
    for block in reversed(above):
        if block.name in _HEADINGS:
            found.append(block)
            break
        inner = markup[block.tag_end : block.end]
        if block.name not in _BLOCKS or WIDE in block.attributes or _TALL.search(inner):
            break
        lines += _lines(inner)
        if lines > _MOST_LINES:
            break
        found.append(block)
    return found


def _lines(inner: str) -> int:
    """Return the lines a block whose content is *inner* takes at least: its text's, and one
    more for each list item (each starts a line)."""
    text = " ".join(html.unescape(_TAG.sub(" ", inner)).split())
    return max(1, math.ceil(len(text) / _LINE)) + inner.count("<li")


def _elements(markup: str) -> list[_Element]:
    """Return the body's root and each element in it that has children, as a tree."""
    root = _Element("", 0, 0, "")
    stack = [root]
    parents = [root]
    for match in _TAG.finditer(markup):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            # the innermost open element of that name (nh3's output is well nested)
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    stack[depth].end = match.end()
                    del stack[depth:]
                    break
            continue
        element = _Element(name, match.start(), match.end(), attributes)
        stack[-1].children.append(element)
        if name not in _VOID and not attributes.endswith("/"):
            stack.append(element)
            parents.append(element)
    return [p for p in parents if p.children]


def _with_class(markup: str, start: int) -> str:
    """Return *markup* with CLASS added to the start tag at *start*."""
    end = markup.index(">", start)
    tag = markup[start:end]
    found = _CLASS.search(tag)
    if found:
        tag = f"{tag[: found.end()]}{CLASS} {tag[found.end() :]}"
    else:
        name_end = re.match(r"<[a-zA-Z0-9]+", tag)
        assert name_end is not None
        tag = f'{tag[: name_end.end()]} class="{CLASS}"{tag[name_end.end() :]}'
    return markup[:start] + tag + markup[end:]
