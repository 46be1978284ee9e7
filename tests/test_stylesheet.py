"""The default theme's stylesheets are served without comments (generator/stylesheet.py)."""

from __future__ import annotations

import re

import pytest
from browsing import REPO, chromium

from generator.stylesheet import compact, without_comments


@pytest.mark.parametrize(
    ("css", "served"),
    [
        # a comment of its own line goes with its line; one after a rule leaves the rule
        (b"/* the header */\na { color: red; }\n", b"a { color: red; }\n"),
        (b"a { color: red; } /* why */\n", b"a { color: red; }\n"),
        (b"/* two\n   lines */\nb{}\n", b"b{}\n"),
        # what looks like a comment in a string or an unquoted url() is kept
        (b'a::after { content: "/* not */"; }\n', b'a::after { content: "/* not */"; }\n'),
        (b"a::after { content: '\\'/*'; }\n", b"a::after { content: '\\'/*'; }\n"),
        (b"a { background: url(x/*y.png); }\n", b"a { background: url(x/*y.png); }\n"),
        # a licence's comment stays
        (b"/*! MIT licence */\na{}\n", b"/*! MIT licence */\na{}\n"),
        # an unclosed comment is left to the browser, which ends the sheet there
        (b"a{}\n/* open", b"a{}\n/* open\n"),
        # a line's indentation goes (every item page's 50 KB counts it), but in a sheet
        # with a string continued on the next line, where it is the string's
        (b"@media print {\n  a { color: red; }\n}\n", b"@media print {\na { color: red; }\n}\n"),
        (
            b'a::after { content: "x\\\n  y"; }\n  b{}\n',
            b'a::after { content: "x\\\n  y"; }\n  b{}\n',
        ),
    ],
)
def test_comments_go_and_what_only_looks_like_one_stays(css: bytes, served: bytes) -> None:
    assert without_comments(css) == served


@pytest.mark.parametrize(
    ("css", "served"),
    [
        # white space around { } ; , > and after a colon goes, and the last `;`
        (b"a > b, c {\n  color: red;\n  margin: 0 1rem;\n}\n", b"a>b,c{color:red;margin:0 1rem}\n"),
        (
            b"@media (pointer: coarse) { :root { --x: 1; } }\n",
            b"@media (pointer:coarse){:root{--x:1}}\n",
        ),
        # a descendant before a pseudo-class keeps its space; calc's + and - keep theirs
        (b"a :hover {}\n", b"a :hover{}\n"),
        (b"a { width: calc(100% - 2 * 1rem + 1px); }\n", b"a{width:calc(100% - 2 * 1rem + 1px)}\n"),
        (b"a + b ~ c {}\n", b"a + b ~ c{}\n"),
        # a leading zero goes, but not from 10.5, -0.5, a name or a hash
        (b"a { margin: 0.5em 10.5em -0.5em; }\n", b"a{margin:.5em 10.5em -0.5em}\n"),
        (b".x0.5 {}\n", b".x0.5{}\n"),
        # strings, unquoted url() and a licence stay as written
        (
            b'a::after { content: "a , b : { } ; 0.5"; }\n',
            b'a::after{content:"a , b : { } ; 0.5"}\n',
        ),
        (b"a { background: url( x , y.png ); }\n", b"a{background:url( x , y.png )}\n"),
        (b"/*! MIT : { } */\na { }\n", b"/*! MIT : { } */ a{}\n"),
        (b'a::after { content: "x\\\n  y"; }\n', b'a::after{content:"x\\\n  y"}\n'),
        # two strings apart stay apart
        (b'q { quotes: "<" ">"; }\n', b'q{quotes:"<" ">"}\n'),
    ],
)
def test_compact_drops_only_what_no_browser_reads(css: bytes, served: bytes) -> None:
    assert compact(css) == served


# Every rule of a sheet as Chromium parsed it, nested rules (@media, @page…) included.
_PARSED = """text => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  const walk = rules => [...rules].flatMap(rule =>
    [rule.cssText, ...(rule.cssRules ? walk(rule.cssRules) : [])]);
  return walk(sheet.cssRules);
}"""


@pytest.mark.parametrize("name", ["gkml.css", "search.css"])
def test_the_compact_sheet_is_the_same_sheet_to_chromium(name: str) -> None:
    """Chromium reads the served sheet to the same rules, declaration for declaration, as the
    sheet with its comments only taken out: what a reader sees, hears and prints is unchanged."""
    source = (REPO / "templates/assets" / name).read_bytes()
    readable = without_comments(source)
    served = compact(readable)
    assert len(served) < len(readable) * 0.92  # what the item page's 50 KB budget wins back
    with chromium() as browser:
        page = browser.new_page()
        parsed = page.evaluate(_PARSED, readable.decode("utf-8"))
        assert len(parsed) > 30
        assert _unparsed(page.evaluate(_PARSED, served.decode("utf-8"))) == _unparsed(parsed)


def _unparsed(rules: list[str]) -> list[str]:
    """Return *rules* with what Chromium keeps as written where a value holds a var() or is a
    custom property's (substituted, it is read again: the white space after a comma and 0.5's zero do not count)."""
    return [re.sub(r"(?<![\w.])0\.(?=\d)", ".", re.sub(r",\s+", ",", rule)) for rule in rules]
