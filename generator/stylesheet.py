"""The default theme's stylesheets as the site serves them: without their comments.

gkml.css explains its rules at length (which walk found what, which rule of the elder
guidelines asks for a size): a quarter of its bytes, which every reader would download on a
first visit and which an item page's 50 KB budget counts (issue 5). The comments stay in
templates/; the site gets the rules. A comment opened with `/*!` (a licence) is kept, and so
is what looks like a comment inside a string or an unquoted url(). A site's own stylesheets
are published as they are: their comments may be a licence the site must keep.

`compact` then takes out the white space no browser reads (the sheet becomes one line; a
browser's developer tools show it formatted) and the `;` before a `}`: the item page's 50 KB
budget (tests/test_a11y.py) had 104 bytes left.
"""

from __future__ import annotations

import re

# A string, an unquoted url(…) or a comment, in the order a CSS tokenizer meets them: what
# starts first wins, so `/*` inside "…" is part of the string.
_STRING_OR_URL = (
    rb'"(?:[^"\\\n]|\\.)*"'
    rb"|'(?:[^'\\\n]|\\.)*'"
    rb"|\burl\((?![\s]*[\"'])[^)]*\)"
)
_TOKEN = re.compile(_STRING_OR_URL + rb"|/\*(?!!).*?\*/", re.DOTALL | re.IGNORECASE)


def without_comments(css: bytes) -> bytes:
    """Return *css* without its comments (but `/*! … */`), the lines they leave blank and
    each line's indentation (368 bytes of gkml.css, in every item page's 50 KB). A sheet
    with a string continued on the next line (a backslash ending the line) keeps its
    indentation: there it is part of the string."""
    stripped = _TOKEN.sub(lambda m: b"" if m.group().startswith(b"/*") else m.group(), css)
    indented = b"\\\n" in stripped
    lines = (line.rstrip() if indented else line.strip() for line in stripped.split(b"\n"))
    return b"".join(line + b"\n" for line in lines if line)


# What `compact` leaves as written: a string, an unquoted url() or a (kept) comment.
_VERBATIM = re.compile(_STRING_OR_URL + rb"|/\*.*?\*/", re.DOTALL | re.IGNORECASE)
# The white space a sheet's meaning does not need, outside strings and url(): around
# `{ } ; , >` and after `:` (a selector's or a declaration's: `a :hover`, before the colon,
# is a descendant and keeps its space). `+` and `~` keep theirs: calc(a + b) needs them.
_SPACE_AROUND = re.compile(rb"\s*([{};,>])\s*|:\s+")
# A run of white space is one token whatever it holds (CSS Syntax 4.3.1).
_SPACES = re.compile(rb"\s+")
# The last declaration's `;` (a `;` right after `{` or `;` too: empty declarations).
_SPARE_SEMICOLON = re.compile(rb"(?<=[{;]);+|;+(?=})")
# A number's leading zero: 0.5em → .5em (not in a name, a hash or after another digit or dot).
_LEADING_ZERO = re.compile(rb"(?<![\w.#\\-])0(?=\.\d)")


def compact(css: bytes) -> bytes:
    """Return *css* (as `without_comments` serves it) without the white space and the bytes a
    browser does not need: around `{ } ; , >`, after `:`, the `;` before `}`, a number's
    leading zero; runs of white space as one space. What is in a string, an unquoted url() or
    a kept comment stays as written: 2,362 of gkml.css's 22,118 bytes, on every page."""
    out: list[bytes] = []
    start = 0
    for token in _VERBATIM.finditer(css):
        out += (_compacted(css[start : token.start()]), token.group())
        start = token.end()
    out.append(_compacted(css[start:]))
    return b"".join(out).strip() + b"\n"


def _compacted(rules: bytes) -> bytes:
    """Return *rules*, a stretch of a sheet with no string, url() or comment, compacted."""
    rules = _SPACES.sub(b" ", rules)
    rules = _SPACE_AROUND.sub(lambda m: m.group(1) or b":", rules)
    rules = _SPARE_SEMICOLON.sub(b"", rules)
    return _LEADING_ZERO.sub(b"", rules)
