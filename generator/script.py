"""The default theme's scripts as the site serves them: without their comments.

gkml.js is loaded in <head> without defer on every page, so the browser waits for it before
the first paint; it explains itself at length (which walk found what), over 40 % of its bytes.
search.js too. As with the stylesheets (`stylesheet.py`), the comments stay in templates/ and
the site gets the code. A comment opened with `/*!` (a licence) is kept, and so is what looks
like a comment inside a string, a template literal or a regular expression (`/[“”"']/g`,
`/^https?:\\/\\//`). Lines stay lines (a browser's console still points near the source
line), without their indentation (gkml.js's 722 bytes of 5,890, on every page: paid for
the 简/繁 choice remembered); a line a comment leaves blank goes, and so does every blank
line, as in stylesheet.py.

A `/` starts a regular expression where an expression may start (after `(`, `=`, `return`…)
and is a division after a name, a number, `)` or `]`: the rule JavaScript tokenizers use. Two
refinements: after the `)` of an `if (…)`, `while (…)`, `for (…)` or `with (…)` head a
statement, so a regular expression, may start; a `}` is taken as a block's end (`x = {} / 2`
would be misread: nothing divides an object literal). Anything the scanner cannot read
to its end (a string, a comment, a regular expression or a template literal left open) leaves
the script as it was: a script published with its comments costs bytes, a broken one costs
the site.

A site's own scripts are published as they are: their comments may be a licence.
"""

from __future__ import annotations

import re

# A string of either quote: escapes (a backslash before a line break continues the line),
# no bare line break.
_STRINGS = {
    ord("'"): re.compile(rb"'(?:[^'\\\n\r]|\\(?:\r\n|[\s\S]))*'"),
    ord('"'): re.compile(rb'"(?:[^"\\\n\r]|\\(?:\r\n|[\s\S]))*"'),
}
# A regular expression literal: escapes, and classes in which `/` does not end it; then flags.
_REGEX = re.compile(rb"/(?:[^/\\\[\n\r]|\\[^\n\r]|\[(?:[^\]\\\n\r]|\\[^\n\r])*\])+/[\w$]*")
# A template literal's text up to its closing backtick or its next `${`.
_TEMPLATE_TEXT = re.compile(rb"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*")
_LINE_REST = re.compile(rb"[^\n\r]*")
_NUMBER = re.compile(rb"\.?[0-9][\w.]*")
# A name, a keyword or a private name; a byte past ASCII is part of a (Unicode) name.
_WORD = re.compile(rb"[\w$#\\\x80-\xff]+")
_SPACES = re.compile(rb"[ \t\f\v]*")
_BLANKS = b" \t\r\f\v"  # white space but the line break
_WHITE = _BLANKS + b"\n"

# The keywords after which an expression starts: a `/` there begins a regular expression.
_BEFORE_EXPRESSION = frozenset(
    b"return typeof case do else in of new delete void throw instanceof yield await".split()
)
# The keywords whose `(…)` a statement follows: `if (x) /a/.test(y)`.
_HEADS = frozenset(b"if while for with".split())
# U+2028 and U+2029 end a line comment (but not a string): a script with either is left alone.
_SEPARATORS = (b"\xe2\x80\xa8", b"\xe2\x80\xa9")


def without_comments(js: bytes) -> bytes:
    """Return *js* without its comments (but `/*! … */`) and blank lines; *js* itself where
    a string, comment, regular expression or template literal is left open."""
    if any(separator in js for separator in _SEPARATORS):
        return js
    stripped = _stripped(js)
    return js if stripped is None else stripped


def _stripped(js: bytes) -> bytes | None:
    """Return *js* without its comments and blank lines; None if it cannot be read through."""
    out = bytearray()
    regex_ok = True  # whether a `/` here starts a regular expression
    after_dot = False  # whether the last token was `.`: a keyword there is a property's name
    last_word = b""  # the last token, if it was a name
    heads: list[bool] = []  # per open `(`: whether it is an if/while/for/with head
    braces: list[int] = []  # per open `${`: the braces opened in it and not yet closed
    i, n = 0, len(js)
    while i < n:
        byte = js[i]
        if byte == ord("\n"):
            _end_line(out)
            i += 1
            continue
        if byte in _BLANKS:
            if out and out[-1] != ord("\n"):  # a line's indentation goes, its spaces stay
                out.append(byte)
            i += 1
            continue
        if js.startswith(b"//", i):
            i = _past(_LINE_REST, js, i + 2)
            continue
        if js.startswith(b"/*", i):
            end = js.find(b"*/", i + 2)
            if end < 0:
                return None
            end += 2
            if js.startswith(b"/*!", i):
                out += js[i:end]
            elif b"\n" in js[i:end]:
                _end_line(out)  # a comment across lines ends a line (automatic semicolons)
            elif out and out[-1] not in _WHITE and end < n and js[end] not in _WHITE:
                out += b" "  # `a/**/b` is two tokens
            i = end
            if not out or out[-1] in b" \t\n":
                i = _past(_SPACES, js, i)
            continue
        previous_dot, after_dot = after_dot, False
        if byte in _STRINGS or (byte == ord("/") and regex_ok):
            pattern = _STRINGS.get(byte, _REGEX)
            found = pattern.match(js, i)
            if found is None:
                return None
            out += found.group()
            i, regex_ok, last_word = found.end(), False, b""
            continue
        if byte == ord("`") or (byte == ord("}") and braces and braces[-1] == 0):
            if byte == ord("}"):
                braces.pop()
            text = _past(_TEMPLATE_TEXT, js, i + 1)
            if js.startswith(b"`", text):
                end, regex_ok = text + 1, False
            elif js.startswith(b"${", text):
                end, regex_ok = text + 2, True
                braces.append(0)
            else:
                return None
            out += js[i:end]
            i, last_word = end, b""
            continue
        number = _NUMBER.match(js, i)
        word = number or _WORD.match(js, i)
        if word is not None:
            out += word.group()
            i = word.end()
            name = number is None and not previous_dot
            last_word = word.group() if name else b""
            regex_ok = name and word.group() in _BEFORE_EXPRESSION
            continue
        # punctuation, one byte at a time but `++` and `--`
        if js.startswith((b"++", b"--"), i):
            out += js[i : i + 2]
            i, regex_ok, last_word = i + 2, False, b""
            continue
        out.append(byte)
        i += 1
        if byte == ord("("):
            heads.append(last_word in _HEADS)
            regex_ok = True
        elif byte == ord(")"):
            regex_ok = heads.pop() if heads else False
        elif byte == ord("]"):
            regex_ok = False
        else:
            regex_ok = True
            after_dot = byte == ord(".")
            if braces and byte == ord("{"):
                braces[-1] += 1
            elif braces and byte == ord("}"):
                braces[-1] -= 1
        last_word = b""
    if braces:
        return None
    _end_line(out)
    return bytes(out)


def _end_line(out: bytearray) -> None:
    """End *out*'s last line: without its trailing blanks, and not at all if it is blank."""
    while out and out[-1] in _BLANKS:
        out.pop()
    if out and out[-1] != ord("\n"):
        out += b"\n"


def _past(pattern: re.Pattern[bytes], js: bytes, i: int) -> int:
    """Return where *pattern*, which may match nothing, ends when matched at *i*."""
    found = pattern.match(js, i)
    return found.end() if found else i
