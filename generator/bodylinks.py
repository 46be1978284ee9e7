"""The local files a Markdown body links to, found without rendering it (for `gkml check`),
and the warnings about those the site will not have (GK119), for items and free pages alike.

The build resolves the same targets the same way (`body.render_body`): relative to the item's
folder, percent-decoded, normalised; only targets inside `content/` are the site's files.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.bodycode import outside_code
from generator.config import Config
from generator.contentscan import is_file, is_hidden, published_as
from generator.diagnostics import Collector
from generator.item import BodyLink
from generator.stamp import CONTENT_DIR
from generator.suggestion import closest_file, file_clause
from generator.yamlnodes import Position

_TARGETS = re.compile(
    # [text](target) and ![alt](target); in angle brackets a target may hold spaces; a
    # reference definition [label]: target, but not a footnote's text ([^1]: 注释)
    r"\]\(\s*(?:<(?P<angled>[^<>\n]+)>|(?P<inline>[^)\s>]+))"
    r"|^ {0,3}\[(?!\^)[^\]]+\]:\s*(?:<(?P<angled_reference>[^<>\n]+)>|(?P<reference>[^\s>]+))"
    # raw HTML, its attribute in either quote or none, its name in any case: the build's
    # sanitizer reads all of them as links (a security review: `<a href='…'>` and `<A HREF=…>`
    # to a 不予公开 item's attachment, or to a page with a script, passed without a word)
    r"|\s(?:href|src)\s*=\s*(?:\"(?P<html>[^\"]+)\"|'(?P<single>[^']+)'|(?P<bare>[^\s\"'=<>`]+))",
    re.MULTILINE | re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# An item's page or a free page, where the site has them
_PAGE_OF_ITS_OWN = re.compile(r"(?:zh-hant/)?(?:items/[0-9]{4}/[^/]+|pages/[^/]+)\.html")


def local_links(body: str, body_line: int, source_dir: str) -> tuple[BodyLink, ...]:
    """Return the links of *body* (which starts on line *body_line*) to files of the site,
    outside code: `[附件](files/表.pdf)` in a code span or a fenced block is text on the
    page, no link (a newcomer's walk: it was told the file was missing, GK119)."""
    found: list[BodyLink] = []
    body = outside_code(body)  # every character in its place
    for match in _TARGETS.finditer(body):
        name = match.lastgroup or "inline"
        # href=" javascript:…" is no file (a re-walk); `files/表&#46;pdf` is `files/表.pdf` to
        # the page as to the sanitizer (Markdown and HTML read character references alike)
        url = html.unescape(match.group(name)).strip()
        start = match.start(name)
        # (`\\server\…`, a file of the office's network, is GK150's, as `C:\…` is)
        if _SCHEME.match(url) or url.startswith(("#", "/", "\\\\")):
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
        fragment = unquote(urlsplit(url).fragment)
        found.append(BodyLink(target, Position(line, column), whole, fragment))
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


# Where each kind of page is, below the site's root: what a body's link is read from there.
ITEM_PAGES = "items/year"  # items/<year>/<index>.html
FREE_PAGES = "pages"  # pages/<slug>.html


def site_has_page(config: Config, target: str) -> bool:
    """Return whether the site-root path *target* is a page or file gkml writes for the whole
    site of *config*: its home, a listing of a column, issuer or topic it has, a feed."""
    codes = [issuer.code for issuer in config.issuers]
    return urls.is_generated(target, config.nodes, codes, config.topics)


def check_links(
    out: Collector,
    links: Sequence[BodyLink],
    root: Path,
    source: str,
    page_dir: str,
    config: Config,
    real_paths: RealPaths | None = None,
) -> list[str]:
    """Warn (GK119) about each of *links* that will be a dead link on the site: a missing or
    hidden file, a symbolic link the build does not publish, a name cut at a space, `#` or
    `?`. A link that, read from the page's folder *page_dir*, leads to a page gkml writes
    (the home page, a column's listing) is no file and works as written. *source* is the
    linking file's site-root path; return the targets looked at (for the read cache: a file
    that appears later changes the warning). *real_paths*: the check's, when it has one."""
    real_paths = real_paths or RealPaths()
    looked = [link.target for link in links]
    for link in links:
        if is_hidden(link.target):
            out.add(
                "GK119",
                link.pos,
                field=None,
                zh=f"正文链接的文件 {link.target} 在隐藏的文件夹或文件中（名称以 . 开头），"
                "不会发布，网站上会是一个打不开的链接",
                en=f"the body links to {link.target}, which is hidden (a name starting with "
                "a dot) and never published (a dead link)",
            )
            continue
        path = root / link.target
        present = is_file(path)
        if present and (linked := _linked_through_symlink(path, root, real_paths)) is not None:
            out.add(
                "GK119",
                link.pos,
                field=None,
                zh=f"正文链接的文件 {link.target} 是指向 {linked} 的符号链接，不会发布，"
                "网站上会是一个打不开的链接",
                en=f"the body links to {link.target}, a symbolic link to {linked}, which is "
                "never published (a dead link)",
                fix_zh="链接到真实的文件，而不是符号链接",
                fix_en="link to the file itself, not to a symbolic link",
            )
        elif present:
            warn_active(out, link.pos, link.target, 1)
        else:
            if link.whole and is_file(root / link.whole):
                _cut_name(out, link, source)
                continue
            written = posixpath.relpath(link.target, posixpath.dirname(source))
            on_site = posixpath.normpath(posixpath.join(page_dir, written))
            if site_has_page(config, on_site):
                continue
            if _PAGE_OF_ITS_OWN.fullmatch(on_site):
                # a re-walk: an item's or free page's page linked by its .html was told that a
                # file under content/ was missing; gkml checks and keeps a link to the .md
                out.add(
                    "GK119",
                    link.pos,
                    field=None,
                    zh=f"正文直接链接了网页 {on_site}：gkml 无法检查它是否存在，索引号或 slug"
                    "改变时它会失效",
                    en=f"the body links to the page {on_site} itself: gkml cannot check it, and"
                    " it breaks when the index number or slug changes",
                    fix_zh="链接那条信息或页面的 Markdown 文件（如 ../2025/xxx.md、../pages/gkzn.md），"
                    "网站上自动成为它的网页的链接",
                    fix_en="link the item's or page's Markdown file (../2025/xxx.md,"
                    " ../pages/gkzn.md): the site makes it a link to its page",
                )
                continue
            near = closest_file(path)
            looked.append(posixpath.dirname(link.target))  # a file may come there (GK115's)
            near_zh, near_en = file_clause(near)
            fix_zh = fix_en = ""
            if near is not None:
                looked.append(posixpath.join(posixpath.dirname(link.target), near))
                address = markdown_address(posixpath.join(posixpath.dirname(written), near))
                fix_zh, fix_en = f"地址改为 {address}", f"write the address {address}"
            out.add(
                "GK119",
                link.pos,
                field=None,
                zh=f"正文链接的文件 {link.target} 不存在，网站上会是一个打不开的链接{near_zh}",
                en=f"the body links to {link.target}, which does not exist (a dead link){near_en}",
                fix_zh=fix_zh,
                fix_en=fix_en,
            )
    return looked


def markdown_address(path: str) -> str:
    """Return *path* as a body's Markdown link must be written: escaped as `_escaped` does
    (else read as an escape, the page's place or a query), in angle brackets when it has a
    space (else the link ends there)."""
    path = _escaped(path)
    return f"<{path}>" if " " in path else path


# Files a browser runs as well as shows, when opened from the site's own address: there no
# page's Content-Security-Policy guards them (a security review ran a script from an
# attached form.html and chart.svg).
_ACTIVE = (
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xml",
    ".xsl", ".xslt",
)  # fmt: skip
# Programs a reader's computer or phone runs when the download is opened (an audit: an .exe
# attachment was published as （文件，2 B） without a word).
_PROGRAMS = (
    ".exe", ".msi", ".bat", ".cmd", ".com", ".scr", ".pif", ".ps1", ".vbs", ".js", ".jar",
    ".apk", ".sh", ".dll", ".lnk", ".hta",
)  # fmt: skip


def is_active(path: str) -> bool:
    """Return whether the file *path* is one a browser may run scripts in (GK139)."""
    return path.lower().endswith(_ACTIVE)


def warn_active(out: Collector, pos: Position | None, path: str, span: int) -> None:
    """Warn (GK139) when the published file *path* (an attachment or a linked file) is one a
    browser may run scripts in, or (GK141) a program a reader's device runs."""
    low = path.lower()
    if low.endswith(_PROGRAMS) and not low.endswith(_ACTIVE):
        out.add(
            "GK141",
            pos,
            field=None,
            zh=f"文件 {path} 是可执行程序：读者下载后打开，会在自己的电脑或手机上运行它",
            en=f"{path} is a program: a reader who downloads and opens it runs it on their "
            "own computer or phone",
            span=span,
        )
        return
    if not low.endswith(_ACTIVE):
        return
    out.add(
        "GK139",
        pos,
        field=None,
        zh=f"文件 {path} 是网页、SVG 图片、XML 或脚本：在本站地址下打开时，其中的脚本会运行",
        en=f"{path} is a web page, an SVG image, XML or a script: opened from the site's "
        "address, any script in it runs",
        span=span,
    )


class RealPaths:
    """Where files really are, their folders resolved once in a check (a scale walk: each of
    100,000 links resolved its whole path, 7 s of a check)."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}

    def of(self, path: Path) -> Path:
        """Return `path.resolve()`."""
        if path.is_symlink():
            return path.resolve()
        folder = path.parent
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = folder.resolve()
        return real / path.name


def _linked_through_symlink(path: Path, root: Path, real_paths: RealPaths) -> str | None:
    """Return where the symbolic link *path* (a file) leads, when the build will not publish
    it (`pagebody.resolver`): outside content/, to an item's source, or to a hidden file."""
    real = real_paths.of(path)
    if real == path.absolute():
        return None
    content = (root / CONTENT_DIR).resolve()
    if published_as(real, content, f"{CONTENT_DIR}/") is not None:
        return None
    top = root.resolve()
    return real.relative_to(top).as_posix() if real.is_relative_to(top) else str(real)


def _cut_name(out: Collector, link: BodyLink, source: str) -> None:
    """Warn that a link cut a file name at a space, a '#' or a '?', and give the link to
    write."""
    name = posixpath.basename(link.whole)
    if " " in link.whole[len(link.target) :]:
        # In angle brackets a space may stay, but a `#` or `?` still cuts the name (a walk:
        # the link suggested for `附件#1 任务清单.docx` gave the same warning again).
        rel = _escaped(posixpath.relpath(link.whole, posixpath.dirname(source)))
        out.add(
            "GK119",
            link.pos,
            field=None,
            zh=f"文件名 “{name}” 中有空格，链接在空格处断开，网站上不会成为链接",
            en=f'the file name "{name}" has a space, where the link stops: the page shows no link',
            fix_zh=f"把链接的地址放在尖括号中：[…](<{rel}>)，或把文件改名去掉空格",
            fix_en=f"put the link's address in angle brackets: [...](<{rel}>), or rename "
            "the file without the space",
        )
        return
    written = _escaped(name)
    out.add(
        "GK119",
        link.pos,
        field=None,
        zh=f"文件名 “{name}” 中的 # 或 ? 在链接里表示位置或参数，链接只指向 "
        f"{link.target}，网站上会是一个打不开的链接",
        en=f'in a link, the # or ? of the file name "{name}" starts a fragment or a query: '
        f"the link points to {link.target} (a dead link)",
        fix_zh=f"链接中把文件名写作 {written}（# 写作 %23，? 写作 %3F），或把文件改名",
        fix_en=f"write the file name in the link as {written} (# as %23, ? as %3F), "
        "or rename the file",
    )


def _escaped(name: str) -> str:
    """Return *name* as a link writes it: `%`, `#` and `?` escaped, which would otherwise
    start an escape, a fragment or a query."""
    return name.replace("%", "%25").replace("#", "%23").replace("?", "%3F")
