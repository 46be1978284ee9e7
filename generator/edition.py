"""The 繁體 edition: every public page again under `zh-hant/`, its text converted by OpenCC.

What must not change is never converted: the content of `<script>` (JSON-LD keeps the
document's own identifiers), any element marked `translate="no"` (索引号, 文号: an
official identifier is quoted exactly as issued), and form fields' `name`s (the search page's
filters are named 发布机构, 效力状态…: search.js and links with ?发布机构= use those names), and
the values of attributes that address something (href, src, id, for, value…): a file named
实施细则.pdf keeps its name, and a heading anchor its id.
"""

from __future__ import annotations

import functools
import re

import opencc

HANT_DIR = "zh-hant"
HANT_LANG = "zh-Hant"
# Every protected part starts at a "<" or a white space followed by a letter. Written as one
# character class first, the pattern lets the regex engine skip to the next "<" or white space
# in C; the look-arounds then drop, before any real work, the closing tags and the white space
# of text and indentation (most of a page's candidates). The parts and their order are those
# of the plain alternation `<script…|<tag … translate="no"…|\sname="…"|\shref="…"…`.
_KEEP = re.compile(
    r"[<\s](?:"
    r"(?<=<)(?=[a-z])(?:"
    r"script\b.*?</script>"
    r"|(?P<tag>[a-z][a-z0-9]*)\b[^>]*\btranslate=\"no\"[^>]*>.*?</(?P=tag)>)"
    r"|(?<!<)(?=[a-z])(?:"
    r"name=\"[^\"]*\""
    # Addresses and references: an attachment named 实施细则.pdf or a heading anchor stays
    # the same string in both editions (only values with non-ASCII text need protecting).
    r"|(?:href|src|srcset|action|id|for|value|headers|aria-labelledby|aria-describedby"
    r"|aria-controls)=\"[\x00-\x21\x23-\x7f]*[^\x00-\x7f][^\"]*\"))",
    re.DOTALL | re.IGNORECASE,
)


@functools.lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(html: str, config: str) -> str:
    """Return *html* with its text in Traditional Chinese, protected parts unchanged."""
    convert = _converter(config).convert
    parts: list[str] = []
    last = 0
    for match in _KEEP.finditer(html):
        parts.append(convert(html[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(convert(html[last:]))
    return "".join(parts)


def hant_path(path: str) -> str:
    """Return the path of the 繁體 counterpart of the page at *path*."""
    return f"{HANT_DIR}/{path}"
