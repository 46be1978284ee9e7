"""The default theme's stylesheets as the site serves them: without their comments.

gkml.css explains its rules at length (which walk found what, which rule of the elder
guidelines asks for a size): a quarter of its bytes, which every reader would download on a
first visit and which an item page's 50 KB budget counts (issue 5). The comments stay in
templates/; the site gets the rules. A comment opened with `/*!` (a licence) is kept, and so
is what looks like a comment inside a string or an unquoted url(). A site's own stylesheets
are published as they are: their comments may be a licence the site must keep.
"""

from __future__ import annotations

import re

# A string, an unquoted url(…) or a comment, in the order a CSS tokenizer meets them: what
# starts first wins, so `/*` inside "…" is part of the string.
_TOKEN = re.compile(
    rb'"(?:[^"\\\n]|\\.)*"'
    rb"|'(?:[^'\\\n]|\\.)*'"
    rb"|\burl\((?![\s]*[\"'])[^)]*\)"
    rb"|/\*(?!!).*?\*/",
    re.DOTALL | re.IGNORECASE,
)


def without_comments(css: bytes) -> bytes:
    """Return *css* without its comments (but `/*! … */`), the lines they leave blank and
    each line's indentation (368 bytes of gkml.css, in every item page's 50 KB). A sheet
    with a string continued on the next line (a backslash ending the line) keeps its
    indentation: there it is part of the string."""
    stripped = _TOKEN.sub(lambda m: b"" if m.group().startswith(b"/*") else m.group(), css)
    indented = b"\\\n" in stripped
    lines = (line.rstrip() if indented else line.strip() for line in stripped.split(b"\n"))
    return b"".join(line + b"\n" for line in lines if line)
