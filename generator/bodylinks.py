"""The local files a Markdown body links to, found without rendering it (for `gkml check`).

The build resolves the same targets the same way (`body.render_body`): relative to the item's
folder, percent-decoded, normalised; only targets inside `content/` are the site's files.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from generator.item import BodyLink
from generator.yamlnodes import Position

_TARGETS = re.compile(
    # [text](target) and ![alt](target); in angle brackets a target may hold spaces; a
    # reference definition [label]: target, but not a footnote's text ([^1]: 注释)
    r"\]\(\s*(?:<(?P<angled>[^<>\n]+)>|(?P<inline>[^)\s>]+))"
    r"|^ {0,3}\[(?!\^)[^\]]+\]:\s*(?:<(?P<angled_reference>[^<>\n]+)>|(?P<reference>[^\s>]+))"
    r"|\s(?:href|src)\s*=\s*\"(?P<html>[^\"]+)\"",  # raw HTML
    re.MULTILINE,
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def local_links(body: str, body_line: int, source_dir: str) -> tuple[BodyLink, ...]:
    """Return the links of *body* (which starts on line *body_line*) to files of the site."""
    found: list[BodyLink] = []
    for match in _TARGETS.finditer(body):
        name = match.lastgroup or "inline"
        url = match.group(name)
        start = match.start(name)
        if _SCHEME.match(url) or url.startswith(("#", "/")):
            continue
        path = urlsplit(url).path
        if not path:
            continue
        target = posixpath.normpath(posixpath.join(source_dir, unquote(path)))
        if not target.startswith("content/"):
            continue
        line = body_line + body.count("\n", 0, start)
        column = start - body.rfind("\n", 0, start)  # rfind gives -1 on the first line: 1-based
        written = url + _spaced_rest(body, match.end()) if name == "inline" else url
        whole = ""
        if written != path:
            whole = posixpath.normpath(posixpath.join(source_dir, unquote(written)))
        found.append(BodyLink(target, Position(line, column), whole))
    return tuple(found)


def _spaced_rest(body: str, end: int) -> str:
    """Return what follows an inline link's target up to its `)` when it reads as more of a
    file name cut at a space (`files/统计表 2024.pdf`), not a title (`"标题"`); else ''."""
    close = body.find(")", end)
    line_end = body.find("\n", end)
    if close == -1 or (line_end != -1 and line_end < close):
        return ""
    rest = body[end:close]
    if not rest[:1].isspace() or rest.strip()[:1] in ('"', "'", "("):
        return ""
    return rest.rstrip()
