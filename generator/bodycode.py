"""The code in a Markdown body: fenced blocks and inline code spans, which the page shows as
text. An address written there (`` `<img src="file:///C:/…">` ``, an example in a how-to) is
no image or link, and the checks that read a body's addresses must not name it (a newcomer's
walk: GK133, GK134, GK135 and GK150 warned of addresses in code spans; GK151 did not).
"""

from __future__ import annotations

import re

from generator.rawhtml import outside_fences

# An inline code span: a run of backticks, to the next run of as many (Markdown's rule),
# within a paragraph (not past a blank line)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)


def outside_code(body: str) -> str:
    """Return *body* with its fenced code (the fences too) and its code spans blanked by
    spaces: every other character, and every line, in its place."""
    if "`" not in body and "~" not in body:
        return body
    lines = body.split("\n")
    kept = dict(outside_fences(lines))
    text = "\n".join(
        kept[number] if number in kept else _blank(line) for number, line in enumerate(lines)
    )
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(lambda span: _blank(span[0]), text)
