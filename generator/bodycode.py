"""The code in a Markdown body: fenced blocks, blocks its indentation makes code (a paragraph
indented by a tab or four spaces, GK132) and inline code spans, which the page shows as text.
An address written there (`` `<img src="file:///C:/…">` ``, an example in a how-to, an old
page's paragraph pasted with its first-line indent) is no image or link, and the checks that
read a body's addresses must not name it (a newcomer's walk: GK133, GK134, GK135 and GK150
warned of addresses in code spans; GK151 did not; an indented paragraph had GK132 and one
more message for each address in it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache

import comrak

from generator.body import EXTENSIONS, markdown_html
from generator.rawhtml import outside_fences

# An inline code span: a run of backticks, to the next run of as many (Markdown's rule),
# within a paragraph (not past a blank line)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")
_CODE_BOX = re.compile(r"<pre><code>(.*?)</code></pre>", re.DOTALL)


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)


def may_indent(body: str) -> bool:
    """Whether *body* may have a line indented by a tab or four spaces, by looking for a
    string in it (nearly no body has: the line-by-line scans took 170 µs a body, 3.5 s of a
    20,000-item check, and a regular expression over the whole body 50–130 µs on Chinese
    text; `in` takes under 1)."""
    return "\n\t" in body or "\n    " in body or body.startswith(("\t", "    "))


def _indented_blocks(node: comrak.AstNode) -> Iterator[tuple[range, str]]:
    """Yield the lines (0-based) and the text of each code block under *node* that is not
    fenced."""
    for child in node.children:
        value = child.node_value
        if isinstance(value, comrak.CodeBlock):
            if not value.value.fenced:
                where = child.sourcepos
                yield range(where.start.line - 1, where.end.line), value.value.literal
        else:
            yield from _indented_blocks(child)


@lru_cache(maxsize=8)  # asked by each check of a body's addresses, for the same body
def indented_code(body: str) -> tuple[range, ...]:
    """Return the lines (0-based) of each block of *body* that its indentation makes code, as
    its page shows it: not a list item's next paragraph, nor a paragraph's lazy continuation
    line (Comrak's parse says which), nor an indented line in a raw HTML block (the page
    keeps the block whole: only a block whose text is in one of the page's code boxes)."""
    if not may_indent(body):
        return ()
    blocks = list(_indented_blocks(comrak.parse_document(body, EXTENSIONS, None)))
    if not blocks:
        return ()
    boxes = [html.unescape(found) for found in _CODE_BOX.findall(markdown_html(body))]
    return tuple(
        lines
        for lines, literal in blocks
        if all(any(line.strip() in box for box in boxes) for line in literal.split("\n"))
    )


def outside_code(body: str) -> str:
    """Return *body* with its fenced code (the fences too), its indented code and its code
    spans blanked by spaces: every other character, and every line, in its place."""
    indented = indented_code(body)
    if "`" not in body and "~" not in body and not indented:
        return body
    lines = body.split("\n")
    kept = dict(outside_fences(lines))
    for block in indented:
        for number in block:
            kept.pop(number, None)
    text = "\n".join(
        kept[number] if number in kept else _blank(line) for number, line in enumerate(lines)
    )
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(lambda span: _blank(span[0]), text)
