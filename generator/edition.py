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
from collections.abc import Callable
from dataclasses import dataclass

import opencc

from generator import urls

HANT_DIR = "zh-hant"
HANT_LANG = "zh-Hant"
# The 繁體 edition's language tag (BCP 47) by its OpenCC configuration: Hong Kong's or
# Taiwan's characters are named so (a 繁體 reader's walk: an s2hk site said zh-Hant, and a
# screen reader chose Taiwan's voice for Hong Kong's text). CSS `:lang(zh-Hant)` matches
# every one of them; an attribute selector `[lang=zh-Hant]` would not.
_LANGS = {"s2t": HANT_LANG, "s2hk": "zh-Hant-HK", "s2tw": "zh-Hant-TW", "s2twp": "zh-Hant-TW"}
# The protected parts, as one pattern: `<script…|<tag … translate="no"…|\sname="…"|\shref="…"…`
# (case-insensitive). It is the definition; _kept() finds the same parts several times faster.
_KEEP = re.compile(
    r"[<\s](?:"
    r"(?<=<)(?=[a-z])(?:"
    r"script\b.*?</script>"
    r"|(?P<tag>[a-z][a-z0-9]*)\b[^>]*\btranslate=\"no\"[^>]*>.*?</(?P=tag)>)"
    r"|(?<!<)(?=[a-z])(?:"
    r"name=\"[^\"]*\""
    # Addresses and references: an attachment named 实施细则.pdf or a heading anchor stays
    # the same string in both editions (only values with non-ASCII text need protecting).
    # data-gk-address: an attachment's full address, which a printed page shows (a walk: the
    # 繁體 edition printed 要點 for 要点, an address that does not exist).
    r"|(?:href|src|srcset|action|id|for|value|headers|aria-labelledby|aria-describedby"
    r"|aria-controls|data-gk-address)=\"[\x00-\x21\x23-\x7f]*[^\x00-\x7f][^\"]*\"))",
    re.DOTALL | re.IGNORECASE,
)
# _KEEP's parts, each found from a literal (the regex engine then skips ahead in C, where _KEEP
# stops at every "<" and white space) in the lower-cased page, case-sensitively. Each looks
# ahead without consuming, so that every start is seen, as _KEEP's scan sees it.
_SCRIPT = re.compile(r"<(?=(script\b.*?</script>))", re.DOTALL)
_NO_TRANSLATE = re.compile(r'translate="no"')
_ELEMENT = re.compile(
    r'<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\btranslate="no"[^>]*>.*?</(?P=tag)>', re.DOTALL
)
_NAME = re.compile(r'name=(?=("[^"]*"))')
_WIDE_VALUE = re.compile(r'=(?=("[\x00-\x21\x23-\x7f]*+[^\x00-\x7f][^"]*+"))')
_ADDRESS = re.compile(
    r"\s(?:href|src|srcset|action|id|for|value|headers|aria-labelledby|aria-describedby"
    r"|aria-controls|data-gk-address)\Z"
)


def _kept(html: str) -> list[tuple[int, int]]:
    """Return the spans of *html* that _KEEP matches, in order."""
    low = html.lower()
    # Positions would shift where a character lower-cases to two (U+0130, I with a dot);
    # ignoring case, the regex engine also takes U+017F (long s) for s and U+0131 (dotless i)
    # for i. Pages with these are scanned by _KEEP itself.
    if len(low) != len(html) or "\u017f" in low or "\u0131" in low:
        return [m.span() for m in _KEEP.finditer(html)]
    found = [(m.start(), m.end(1)) for m in _SCRIPT.finditer(low)]
    for m in _NO_TRANSLATE.finditer(low):
        # Its element starts at a "<" after the last ">" before it: the first one there whose
        # element matches, as _KEEP's scan finds it (a stray "<" may come between: <span< …).
        at = low.find("<", low.rfind(">", 0, m.start()) + 1, m.start())
        while at >= 0:
            element = _ELEMENT.match(low, at)
            if element:
                found.append(element.span())
                break
            at = low.find("<", at + 1, m.start())
    for m in _NAME.finditer(low):
        if m.start() and low[m.start() - 1].isspace():
            found.append((m.start() - 1, m.end(1)))
    for m in _WIDE_VALUE.finditer(low):
        name = _ADDRESS.search(low, max(0, m.start() - 20), m.start())
        if name:
            found.append((name.start(), m.end(1)))
    found.sort()
    spans: list[tuple[int, int]] = []
    end = 0
    for span in found:  # as _KEEP's scan: a part that starts inside another is not one
        if span[0] >= end:
            spans.append(span)
            end = span[1]
    return spans


@dataclass(frozen=True, slots=True)
class Conversion:
    """How the 繁體 edition is converted: an OpenCC configuration, and the site's own fixes
    (`site.traditional_fixes`: a simplified phrase → how the edition prints it)."""

    config: str
    fixes: tuple[tuple[str, str], ...] = ()

    @property
    def lang(self) -> str:
        """Return the edition's language tag: zh-Hant-HK for s2hk, zh-Hant-TW for s2tw,
        zh-Hant for s2t."""
        return _LANGS.get(self.config, HANT_LANG)


@functools.lru_cache(maxsize=4)
def _fix_table(fixes: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Return a pattern of the fixes' phrases, the longest first (where two start at one
    character, the longer one is the fix), and each phrase's printed form."""
    phrases = sorted((simplified for simplified, _ in fixes), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases))), dict(fixes)


@functools.lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_HOLD = "\ue005"  # stands for a protected part while the page converts (no OpenCC phrase has it)


def to_traditional(html: str, conversion: Conversion | str) -> str:
    """Return *html* with its text in Traditional Chinese, protected parts unchanged.

    *conversion* is an OpenCC configuration's name, or a `Conversion` with the site's fixes.
    Each protected part with Chinese in it stands as one private-use character while the
    page converts in one call: no phrase of OpenCC's contains that character, so none spans a
    part, as when the pieces between the parts were converted one by one (which took 0.27
    against 0.16 ms for a page of a hundred pieces). Parts of ASCII alone are not protected:
    s2t, s2tw and s2hk change no ASCII character (an 索引号, `name="q"`: most of a page's
    parts). A fix's phrase is such a part too, printed as the fix says: OpenCC converts
    困难群众 in 做好困难群众 as 睏難羣衆 (it takes 好困, "sleepy", for a word), and with the fix
    困难: 困難 the text on either side is converted without it.
    """
    if isinstance(conversion, str):
        conversion = Conversion(conversion)
    convert: Callable[[str], str] = _converter(conversion.config).convert
    pieces: list[str] = []  # the text before each protected part, and after the last
    parts: list[str] = []
    last = 0
    for start, end in _kept(html):
        part = html[start:end]
        if not part.isascii():
            pieces.append(html[last:start])
            parts.append(part)
            last = end
    pieces.append(html[last:])
    if conversion.fixes:
        pieces, parts = _fixed(pieces, parts, conversion.fixes)
    if not parts:
        return convert(html)
    converted = convert(_HOLD.join(pieces)).split(_HOLD) if _HOLD not in html else []
    if len(converted) != len(pieces):  # the page has the character itself
        converted = [convert(piece) for piece in pieces]
    out = [converted[0]]
    for part, piece in zip(parts, converted[1:], strict=True):
        out += (part, piece)
    return "".join(out)


def _fixed(
    pieces: list[str], parts: list[str], fixes: tuple[tuple[str, str], ...]
) -> tuple[list[str], list[str]]:
    """Return *pieces* cut at each phrase of *fixes*, and *parts* with the phrase's printed
    form put between the two halves."""
    pattern, printed = _fix_table(fixes)
    cut_pieces: list[str] = []
    cut_parts: list[str] = []
    for index, piece in enumerate(pieces):
        start = 0
        for found in pattern.finditer(piece):
            cut_pieces.append(piece[start : found.start()])
            cut_parts.append(printed[found.group()])
            start = found.end()
        cut_pieces.append(piece[start:])
        if index < len(parts):
            cut_parts.append(parts[index])
    return cut_pieces, cut_parts


_APART = "\ue006"  # between texts converted in one call (no OpenCC phrase has it)


# Plain text held as markup text while it converts: what looks like markup in it (a title
# with `<script>` or `for="…"`) is text, which `to_traditional` would keep as it is.
_AS_MARKUP = (("&", "&amp;"), ("<", "&lt;"), ('"', "&quot;"))


def to_traditional_all(texts: list[str], conversion: Conversion) -> list[str]:
    """Return each of the plain *texts* (not markup) in Traditional Chinese, with the site's
    fixes, in one OpenCC call (a feed's fifty titles: 16 feeds at 20,000 items took 0.04 s
    one text at a time)."""
    if not texts:
        return []
    held = [_hold_as_markup(text) for text in texts]
    converted = to_traditional(_APART.join(held), conversion).split(_APART)
    if len(converted) != len(texts):  # a text has the character itself
        converted = [to_traditional(text, conversion) for text in held]
    return [_plain(text) for text in converted]


def _hold_as_markup(text: str) -> str:
    for character, entity in _AS_MARKUP:
        text = text.replace(character, entity)
    return text


def _plain(text: str) -> str:
    for character, entity in reversed(_AS_MARKUP):
        text = text.replace(entity, character)
    return text


def load(conversion: Conversion) -> None:
    """Load *conversion*'s OpenCC dictionaries now (27 MiB for s2t), before render helpers
    fork: loaded in each helper, each held a copy of its own."""
    _converter(conversion.config)
    if conversion.fixes:
        _fix_table(conversion.fixes)


def convert_text(text: str, config: str) -> str:
    """Return plain *text* (no markup) converted by the OpenCC configuration *config* (such
    as t2s, 繁 → 简, for the search's folding)."""
    converted: str = _converter(config).convert(text)
    return converted


# The characters a 繁體 search page shows in its script: CJK Unified Ideographs and
# Extension A, where every simplified character is.
_IDEOGRAPHS = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000))


@functools.lru_cache(maxsize=4)
def character_pairs(conversion: Conversion) -> str:
    """Return each character *conversion* prints as another one when it stands alone, with
    that character (`发發后後…`): how the 繁體 search page shows the results of the one
    simplified index. A character, not a phrase: one character for one keeps an excerpt's
    marks where they were; a phrase OpenCC or a fix prints otherwise keeps the character's
    usual form (若干 as 若幹). Each character is converted apart (a line of its own)."""
    characters = [chr(code) for block in _IDEOGRAPHS for code in block]
    converted = to_traditional_all(characters, conversion)
    return "".join(
        s + t
        for s, t in zip(characters, converted, strict=True)
        if t != s and len(t) == 1 and t <= "\uffff"
    )


def hant_path(path: str) -> str:
    """Return the path of the 繁體 counterpart of the page at *path*."""
    return f"{HANT_DIR}/{path}"


def public_address(base_url: str, target: str, *, hant: bool) -> str:
    """Return the public address of the site-root *target* (its `#` part too) as a page of
    an edition names it: *base_url* and the path, a page's or a feed's 繁體 counterpart in
    the 繁體 edition (a file is the same in both), as the page's own link leads (a print
    walk: a 繁體 body's link to the feed of a column led to the 繁體 feed and printed the
    简体 one's address)."""
    hant_target = hant and urls.in_each_edition(target)
    return f"{base_url}{hant_path(target) if hant_target else target}"
