"""The default theme's scripts are served without comments (generator/script.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from browsing import require
from conftest import AS_OF, REPO, MakeSite
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build_site
from generator.script import without_comments

SHIPPED = ("gkml.js", "search.js", "notfound.js")


@pytest.mark.parametrize(
    ("js", "served"),
    [
        # a comment of its own line goes with its line; one after code leaves the code
        (b"// the header\nf();\n", b"f();\n"),
        (b"var a = 1; // why\n", b"var a = 1;\n"),
        (b"var a = 1; /* why */\nf();\n", b"var a = 1;\nf();\n"),
        (b"  /* two\n     lines */\n  f();\n", b"f();\n"),
        # a line's indentation goes, but not in a template literal or a continued string
        (b"if (a) {\n  f(a,  b);\n\t}\n", b"if (a) {\nf(a,  b);\n}\n"),
        (
            b"t = `a\n  b ${c}\n  d`;\n  s = 'e\\\n  f';\n",
            b"t = `a\n  b ${c}\n  d`;\ns = 'e\\\n  f';\n",
        ),
        (b"t = `${\n  c\n}\n  d`;\n", b"t = `${\nc\n}\n  d`;\n"),
        (b"f(a, /* the first */ b);\n", b"f(a, b);\n"),
        (b"return/**/x;\n", b"return x;\n"),  # still two tokens
        # a comment across lines still ends the line: `y = 2` is a statement of its own
        (b"x = 1 /* a\n */ y = 2\n", b"x = 1\ny = 2\n"),
        (b"\n\nf();\n\n\ng();\r\n", b"f();\ng();\n"),
        # what looks like a comment in a string is kept
        (b'var u = "http://example.gov.cn/"; // home\n', b'var u = "http://example.gov.cn/";\n'),
        (b"var s = '/* not */ // not';\n", b"var s = '/* not */ // not';\n"),
        (b"var s = 'it\\'s // \"here\"'; // c\n", b"var s = 'it\\'s // \"here\"';\n"),
        (b'var s = "a\\"// b"; /* c */\n', b'var s = "a\\"// b";\n'),
        # ... in a regular expression, its classes included
        (b"var r = /\\/\\/x/g; // c\n", b"var r = /\\/\\/x/g;\n"),
        (b"var r = /[/]/; // c\n", b"var r = /[/]/;\n"),
        (b"var r = /[/*]+/; // c\n", b"var r = /[/*]+/;\n"),
        (b"var r = /a*/g.test(s); /* c */\n", b"var r = /a*/g.test(s);\n"),
        (b's.replace(/["\']/g, " "); // c\n', b's.replace(/["\']/g, " ");\n'),
        (b"return /^\\/\\//.test(s); // c\n", b"return /^\\/\\//.test(s);\n"),
        (b"if (a) /\\/\\//.test(s); // c\n", b"if (a) /\\/\\//.test(s);\n"),
        # ... and in a template literal, but not in its ${…}
        (
            b"var t = `a // b ${c /* d */ + `e /* ${f} */`} // g`; // h\n",
            b"var t = `a // b ${c + `e /* ${f} */`} // g`;\n",
        ),
        (b"var t = `a\n\n  // b   \n`;\n", b"var t = `a\n\n  // b   \n`;\n"),
        # a division is not a regular expression: the comment after it goes
        (b"x = a / b / c; // d\n", b"x = a / b / c;\n"),
        (b"y = (x) / 2 / 3; /* d */\n", b"y = (x) / 2 / 3;\n"),
        (b"z = s[0] / 2 /* d */ / 4;\n", b"z = s[0] / 2 / 4;\n"),
        (b"w = x.return / 2 / 1; // d\n", b"w = x.return / 2 / 1;\n"),
        (b"v = i++ / 2 / 1; // d\n", b"v = i++ / 2 / 1;\n"),
        # a licence's comment stays
        (b"/*! MIT licence */\n/* why */\nf();\n", b"/*! MIT licence */\nf();\n"),
    ],
)
def test_comments_go_and_what_only_looks_like_one_stays(js: bytes, served: bytes) -> None:
    assert without_comments(js) == served


@pytest.mark.parametrize(
    "js",
    [
        b"f(); /* open\n",
        b'var s = "open\n// c\n',
        b"var s = 'open",
        b"var r = /open\n// c\n",
        b"var r = /[/]\n// c\n",
        b"var t = `open // c\n",
        b"var t = `a ${b // c\n",
        b"var s = 'a\xe2\x80\xa8b'; // U+2028 would end a line comment, not a string\n",
    ],
)
def test_what_cannot_be_read_through_is_served_as_it_is(js: bytes) -> None:
    assert without_comments(js) == js


# JavaScript's signs, and a few words that decide what a `/` is
_PIECES = st.sampled_from(
    [*"/*!'\"`\\\n a1.()[]{}$=+", "return ", "if", "x.", "\r\n", "\u2028"],
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_stripping_twice_strips_no_more_than_once(text: str) -> None:
    once = without_comments(text.encode())
    assert without_comments(once) == once


def _shipped(name: str) -> tuple[bytes, bytes]:
    source = (REPO / "templates/assets" / name).read_bytes()
    return source, without_comments(source)


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_scripts_lose_their_comments(name: str) -> None:
    source, served = _shipped(name)
    assert b"/*" in source and b"//" in source
    # no `/*` but a licence's, no `//` but in a string (a URL)
    assert b"/*" not in served.replace(b"/*!", b"")
    code = re.sub(rb"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", b"''", served)
    assert b"//" not in code
    assert len(served) < len(source) * 0.8
    assert served.count(b"\n") >= source.count(b"\n") // 2  # lines kept, not one minified line


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_scripts_still_parse(name: str, tmp_path: Path) -> None:
    """Node's syntax check of the served script (CI installs Node.js for axe-core)."""
    node = shutil.which("node")
    require("Node.js (nodejs)", node is not None)
    assert node is not None
    served = tmp_path / name
    served.write_bytes(_shipped(name)[1])
    done = subprocess.run([node, "--check", str(served)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_site_gets_the_default_scripts_stripped_and_its_own_as_written(
    make_site: MakeSite, tmp_path: Path
) -> None:
    day = date.fromisoformat(AS_OF)
    root = make_site()
    out = tmp_path / "out"
    build_site(root, out, as_of=day, workers=1, search_index=False)
    for name in SHIPPED:
        assert (out / "assets" / name).read_bytes() == _shipped(name)[1]
    # a site's own script is published as written: a comment may be its licence
    own = "// 版权所有：示例市民政局\nwindow.x = 1; /* 说明 */\n".encode()
    (root / "templates/assets").mkdir(parents=True)
    (root / "templates/assets/gkml.js").write_bytes(own)
    build_site(root, out, as_of=day, workers=1, search_index=False)
    assert (out / "assets/gkml.js").read_bytes() == own
    assert (out / "assets/search.js").read_bytes() == _shipped("search.js")[1]
