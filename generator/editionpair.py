"""One render of a page for both editions (简体, and 繁體 under zh-hant/).

The 繁體 page differs from the 简体 one before its conversion in a few values only: its
language, its addresses (the canonical one, the QR code's, a link to a file outside zh-hant/,
which is one folder further up) and the link to the other edition. Rendering the template a
second time for them took 7 % of a cold build's processor time (5,000 items in one process:
14.9 against 13.9 s). A value that differs is written as a pair, `either(简体, 繁體)`, and
`split` makes both pages of the one render: a pair of marks around the two values, one mark
for a link one folder further up, one for a constant shown many times a page (`constant`).

Only gkml's own templates are rendered so (`Theme.own_templates`): a template that compares
or filters such a value (`{% if edition == "hant" %}`) would see the pair, not its edition's
value. A test builds the sample site both ways and compares every byte.

A pair's marks carry a number drawn when gkml starts, which no page's text can know, so no
text of the page can pass for a mark.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

BOTH = "both"  # the context's `edition` while a page is rendered for both editions
_NONCE = os.urandom(8).hex()  # (not `secrets`: 2 ms more for every gkml command)
_OPEN = f"\ue010{_NONCE}"
_MID = f"\ue011{_NONCE}"
_CLOSE = f"\ue012{_NONCE}"
# A link to a file outside zh-hant/ (a style sheet, an attachment): one folder further up in
# the 繁體 edition. The most frequent pair, so a mark of its own: one replace a page.
_UP = f"\ue013{_NONCE}"
# Pairs of constants shown many times a page (the `lang` of every 索引号 in a listing): each
# its own mark, replaced in one go. Mark → (简体, 繁體).
_CONSTANTS: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True, slots=True)
class _MarkupPair:
    """A pair of values that are markup, or make it (the QR code), made when shown."""

    hans: Any
    hant: Any

    def __html__(self) -> str:
        return f"{_OPEN}{escape(self.hans)}{_MID}{escape(self.hant)}{_CLOSE}"


def either(hans: Any, hant: Any) -> Any:
    """Return the value of a page rendered for both editions: *hans* in the 简体 one, *hant*
    in the 繁體 one. Strings are escaped when shown, markup is not, as each alone would be; a
    dataclass is paired field by field."""
    if hans == hant:
        return hans
    if hasattr(hans, "__html__") or hasattr(hant, "__html__"):
        return _MarkupPair(hans, hant)
    # the language switch: paired field by field
    if dataclasses.is_dataclass(hans) and not isinstance(hans, type) and type(hans) is type(hant):
        fields = dataclasses.fields(hans)
        return dataclasses.replace(
            hans, **{f.name: either(getattr(hans, f.name), getattr(hant, f.name)) for f in fields}
        )
    if isinstance(hans, str) and hant == f"../{hans}":
        return f"{_UP}{hans}"
    return f"{_OPEN}{hans}{_MID}{hant}{_CLOSE}"


def constant(hans: Markup, hant: Markup) -> Markup:
    """Return *hans* and *hant*, markup shown many times a page, as the one mark of the pair."""
    mark = next((m for m, pair in _CONSTANTS.items() if pair == (hans, hant)), None)
    if mark is None:
        mark = f"\ue014{_NONCE}{len(_CONSTANTS)}\ue015"
        _CONSTANTS[mark] = (hans, hant)
    return Markup(mark)


def split(html: str) -> tuple[str, str]:
    """Return the 简体 and the 繁體 page of *html*, rendered for both editions."""
    first, *rest = html.split(_OPEN)
    hans, hant = [first], [first]
    for part in rest:
        one, _mid, after = part.partition(_MID)
        other, _close, tail = after.partition(_CLOSE)
        hans += (one, tail)
        hant += (other, tail)
    pages = ["".join(hans).replace(_UP, ""), "".join(hant).replace(_UP, "../")]
    for mark, pair in _CONSTANTS.items():
        if mark in html:
            pages = [page.replace(mark, value) for page, value in zip(pages, pair, strict=True)]
    return pages[0], pages[1]
