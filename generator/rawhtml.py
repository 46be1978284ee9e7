"""Editors' raw HTML blocks, kept whole from their opening tag to the matching closing one.

CommonMark ends a raw HTML block at the first blank line, and reads a line indented by four
spaces after it as code: a table pasted from a word processor or an old CMS (indented, with
blank lines between its cells) came out as a broken table with `<td>…</td>` shown as text.
Python-Markdown, which rendered bodies before Comrak, kept such a block whole up to its
closing tag, and so does this: each block that starts a line with a block-level tag and has
its closing tag further on is set aside before Comrak runs and put back in its place after.
Markdown inside it stays as written (as before). Fenced code is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_TAGS = (
    "address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figcaption|figure"
    "|footer|form|h[1-6]|header|main|menu|nav|ol|p|section|table|ul"
)
_START = re.compile(rf"^ {{0,3}}<({_TAGS})(?=[\s/>])", re.IGNORECASE | re.MULTILINE)
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")  # a code fence's opening line
_TOKEN = "\ue004{}\ue005"  # a paragraph of its own in Comrak's output: <p>TOKEN</p>
_TOKEN_PARAGRAPH = re.compile("<p>\ue004([0-9]+)\ue005</p>")


def outside_fences(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Yield (index, line) of each of *lines* that is not fenced code or a fence."""
    fence = ""
    for number, line in enumerate(lines):
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
            continue
        opening = FENCE.match(line)
        if opening:
            fence = opening[1]
            continue
        yield number, line


def _closings(lines: list[str], tag: str) -> dict[int, int]:
    """Return, for each line whose first *tag* element (in any case) is closed further on, the
    line where it closes: each opening tag paired with its closing one, as a stack pairs them.

    One pass over the lines for each tag name: scanning on from each opening line for its
    closing one took 58 s for 10,000 lines of `<div>` never closed (a security review)."""
    # not past the next "<": a line of `<p align=` repeated was read to its end from each
    pattern = re.compile(rf"<(/?){tag}(?=[\s/>])[^<>]*>", re.IGNORECASE)
    closes: dict[int, int] = {}
    opened: list[int | None] = []  # the line of each open element, when it is a line's first
    for number, line in enumerate(lines):
        first = True
        for match in pattern.finditer(line):
            if not match[1]:
                opened.append(number if first else None)
            elif opened and (start := opened.pop()) is not None:
                closes[start] = number
            first = False
    return closes


def stash(text: str) -> tuple[str, list[str]]:
    """Return *text* with each raw HTML block replaced by a token paragraph, and the blocks."""
    if not _START.search(text):
        return text, []
    lines = text.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    closings: dict[str, dict[int, int]] = {}  # by tag name, made when first asked
    fence = ""
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
            out.append(line)
            continue
        opening = FENCE.match(line)
        start = None if opening else _START.match(line)
        end = None
        if start is not None:
            tag = start[1].lower()
            if tag not in closings:
                closings[tag] = _closings(lines, tag)
            end = closings[tag].get(number - 1)
        if end is None:
            fence = opening[1] if opening else ""
            out.append(line)
            continue
        out += ["", _TOKEN.format(len(blocks)), ""]
        blocks.append("\n".join(lines[number - 1 : end + 1]))
        number = end + 1
    return "\n".join(out), blocks


def unstash(html: str, blocks: list[str]) -> str:
    """Return Comrak's *html* with each token paragraph replaced by its block.

    In one pass: a replace of the whole page for each block took 0.4 s for 8,000 `<div>`
    lines and 2.7 s for 20,000 (a security re-test). A body holds none of the marks
    (`yamlnodes.MARKS`), so each token is one of *blocks*, once."""
    if not blocks:
        return html
    return _TOKEN_PARAGRAPH.sub(lambda m: blocks[int(m[1])], html)
