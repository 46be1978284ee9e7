"""The default theme's stylesheets are served without comments (generator/stylesheet.py)."""

from __future__ import annotations

import pytest

from generator.stylesheet import without_comments


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
