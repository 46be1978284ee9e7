"""Emphasis that does not take: `**` an editor meant as bold, shown on the page as asterisks.

Comrak's CJK-friendly emphasis makes `**“五公开”**` bold, but a `**` with an ASCII letter or
digit on one side and punctuation on the other (`APP**“示例民政”**`), or one left unpaired, stays
two asterisks in the page. `gkml check` warns (GK120) with the line, so the editor sees it
before the public does. Only paragraphs with `**` are rendered, first whole and then, when
asterisks are left, line by line to say where; fenced and indented code is left alone.
"""

from __future__ import annotations

import re

from generator.body import MASK, TAG, markdown_html
from generator.rawhtml import FENCE
from generator.yamlnodes import Position

MARK = "**"
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)


def _shown(markdown: str) -> str:
    """Return the text *markdown* shows, code and masked numbers' asterisks excluded (a
    lone mask in a table cell was warned of, though the page showed it as written)."""
    return MASK.sub("", TAG.sub("", _CODE.sub("", markdown_html(markdown))))


def _column(line: str, shown: str) -> int:
    """Return the column of the `**` of *line* that shows as asterisks in *shown*: the one
    followed by the same text, else the line's first."""
    after = shown[shown.index(MARK) + len(MARK) :]
    for size in range(min(len(after), 6), 0, -1):
        at = line.find(MARK + after[:size])
        if at >= 0:
            return at + 1
    return line.index(MARK) + 1


def stray_marks(body: str, body_line: int) -> tuple[Position, ...]:
    """Return where each line of *body* (which starts on line *body_line*) has a `**` that the
    page would show as asterisks: the line and the column of that `**`."""
    if MARK not in body:
        return ()
    paragraphs: list[list[tuple[int, str]]] = [[]]  # (line number in the body, line)
    fence = ""
    for number, line in enumerate(body.split("\n")):
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        opening = FENCE.match(line)
        if opening or not line.strip():
            paragraphs.append([])
            fence = opening[1] if opening else ""
            continue
        paragraphs[-1].append((number, line))
    marked = [p for p in paragraphs if any(MARK in line for _n, line in p)]
    texts = ["\n".join(line for _n, line in p) for p in marked]
    # All of them at once first: in nearly every body every mark takes.
    if not marked or MARK not in _shown("\n\n".join(texts)):
        return ()
    found: list[Position] = []
    for paragraph, text in zip(marked, texts, strict=True):
        if MARK not in _shown(text):
            continue
        for number, line in paragraph:
            shown = _shown(line) if MARK in line else ""
            if MARK in shown:
                found.append(Position(body_line + number, _column(line, shown)))
    return tuple(found)
