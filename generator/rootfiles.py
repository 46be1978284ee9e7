"""Files published as they are at the site's root: `content/static/`.

A search engine's verification file (`baidu_verify_….html`), a `favicon.ico` that old
browsers ask for: a site puts them in `content/static/`, and each is published under the
same path from the site's root (`content/static/favicon.ico` → `favicon.ico`; a name is made
portable as an attachment's is: `urls.portable_name`). They are in
content/, so a build sees them change as it sees an item change, and `gkml serve` watches
them. Never published from there: hidden files and folders (a name starting with a dot),
Markdown files (a source), and symbolic links that lead out of content/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import urls
from generator.bodylinks import is_active, warn_active
from generator.contentscan import is_scratch
from generator.diagnostics import Collector, Diagnostic, printable
from generator.privacy import KIND_LABELS, PRIVACY_CODES, find_personal_data, place
from generator.stamp import CONTENT_DIR, STATIC_DIR
from generator.yamlnodes import Position

# What gkml writes at the root of the output, and the disc's own readme (`gkml archive`): a
# file of content/static/ by one of these names (letter case aside), or in a folder of one,
# would replace gkml's or be replaced by it.
RESERVED = frozenset(
    name.lower()
    for name in (
        urls.NOT_FOUND,
        urls.SEARCH,
        urls.SITE_FEED,
        urls.FEEDS_DIR,
        urls.CATALOG_JSON,
        urls.CATALOG_CSV,
        urls.SITEMAP,
        urls.ROBOTS,
        urls.FILES_DIR,
        "index.html",
        "accessibility.html",
        "data.html",
        "annual",
        "assets",
        "catalog",
        "dates",
        "issuers",
        "items",
        "pages",
        "search",
        "status",
        "topics",
        "zh-hant",
        "pagefind",
        "readme.html",
    )
)


# The one hidden folder published from content/static/: its names are public by standard
# (RFC 8615: security.txt, a certificate authority's challenge).
WELL_KNOWN = ".well-known"
_SITEMAP_PART = re.compile(r"sitemap-\d+\.xml")  # a sitemap's parts past 50,000 addresses


@dataclass(frozen=True, slots=True)
class RootFiles:
    """The files of content/static/: published path → site-root source path; those whose
    name gkml writes itself; those left out, with why; those published under another name
    than their own; and those published under one name with another (letter case aside)."""

    published: dict[str, str]
    reserved: tuple[tuple[str, str], ...] = ()  # (source path, gkml's own name)
    left_out: tuple[tuple[str, str, str], ...] = ()  # (source path, why in Chinese, English)
    renamed: tuple[tuple[str, str], ...] = ()  # (source path, published path)
    clashes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (source path, the others)


def root_files(root: Path) -> RootFiles:
    """Return the files of *root*/content/static/, walked afresh (a few files), in path
    order. Only regular files are published: a symbolic link (to a file or a folder, or to
    nothing) is left out, as a 不予公开 item's attachment could be published through it."""
    base = root / CONTENT_DIR / STATIC_DIR
    if base.is_symlink():  # content/static itself a link (to /etc…): nothing through it
        return RootFiles({}, left_out=((f"{CONTENT_DIR}/{STATIC_DIR}", *_LINK),))
    reserved: list[tuple[str, str]] = []
    left_out: list[tuple[str, str, str]] = []
    renamed: list[tuple[str, str]] = []
    under: dict[str, list[str]] = {}  # published path → the sources published there
    for folder, folders, names in os.walk(base):
        here = Path(folder)
        for name in sorted(folders):
            if (here / name).is_symlink():
                left_out.append((printable(_source(root, here / name)), *_LINK))
        folders[:] = sorted(
            f
            for f in folders
            if not (here / f).is_symlink()
            and (not f.startswith(".") or (here == base and f == WELL_KNOWN))
        )
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = here / name
            if is_scratch(name):
                left_out.append(
                    (
                        _source(root, path),
                        "是编辑软件的临时文件（如 Word、WPS 打开文档时生成的 ~$ 文件，内有打开者的"
                        "姓名），不会发布",
                        "is an editor's temporary file (such as the ~$ file Word and WPS write"
                        " beside a document they open, with the name of who opened it): not"
                        " published",
                    )
                )
                continue
            source = _source(root, path)
            own = path.relative_to(base).as_posix()
            if printable(own) != own:  # a zip made on Chinese Windows: GBK names
                left_out.append(
                    (
                        printable(source),
                        "的名称不是 UTF-8 编码（如 Windows 上解压的 GBK 名称），不会发布；请重新命名",
                        "has a name that is not UTF-8 (a GBK name from a zip made on Windows):"
                        " not published; rename it",
                    )
                )
                continue
            # Names a disc read on Windows can hold, as an attachment's (`urls.portable_name`).
            target = "/".join(map(urls.portable_name, own.split("/")))
            first = target.split("/", 1)[0].lower()
            if path.is_symlink():
                left_out.append((source, *_LINK))
            elif not path.is_file():
                left_out.append(
                    (source, "不是普通文件，不会发布", "is not a regular file: not published")
                )
            elif name.lower().endswith(".md"):
                left_out.append(
                    (
                        source,
                        "是 Markdown 源文件，不会原样发布",
                        "is a Markdown source: not published",
                    )
                )
            elif first in RESERVED or _SITEMAP_PART.fullmatch(first):
                reserved.append((source, first))  # gkml's names are in lower case
            else:
                under.setdefault(target, []).append(source)
                if target != own:
                    renamed.append((source, target))
    published = {target: sources[0] for target, sources in under.items()}
    clashes = urls.name_clashes({s: target for target, sources in under.items() for s in sources})
    return RootFiles(
        published,
        tuple(reserved),
        tuple(left_out),
        tuple(renamed),
        tuple((source, tuple(sorted(clashes[source]))) for source in sorted(clashes)),
    )


_LINK = (
    "是符号链接，不会发布；请放入文件本身",
    "is a symbolic link: not published; put the file itself there",
)


def _source(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def check_root_files(found: RootFiles) -> list[Diagnostic]:
    """Return GK128 for each file whose name gkml writes itself, GK129 for each left out,
    GK214 for each published under another's name (letter case aside), GK130 for each
    published under a name other than its own."""
    prefix = f"{CONTENT_DIR}/{STATIC_DIR}/"
    said: list[tuple[str, str, str, str]] = [  # (code, source, Chinese, English)
        (
            "GK128",
            source,
            f"{source} 会发布为 {source.removeprefix(prefix)}，而 gkml 自己生成 {own}",
            f"{source} would be published as {source.removeprefix(prefix)}, where gkml itself"
            f" writes {own}",
        )
        for source, own in found.reserved
    ]
    said += [
        ("GK129", source, f"{source} {zh}", f"{source} {en}") for source, zh, en in found.left_out
    ]
    said += [
        (
            "GK214",
            source,
            f"{source} 与 {'、'.join(others)} 发布后是同一个文件名（不计字母大小写），"
            "一个会替换或遮住另一个",
            f"{source} and {', '.join(others)} would be published under one name (letter case"
            " aside): one would replace or hide the other",
        )
        for source, others in found.clashes
    ]
    said += [
        (
            "GK130",
            source,
            f"{source} 发布为 {target}：光盘和 Windows 上不能用原来的名称",
            f"{source} is published as {target}: its own name cannot be used on a disc or on"
            " Windows",
        )
        for source, target in found.renamed
    ]
    diagnostics: list[Diagnostic] = []
    for code, source, zh, en in said:
        out = Collector(source)
        out.add(code, None, field=None, zh=zh, en=en)
        diagnostics += out.found
    return diagnostics


# Files of content/static/ read for personal data: text a browser shows (a walk published an
# internal phone list, tongxunlu.txt, at the site's root unchecked). Larger ones are not read.
TEXT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xml", ".json", ".csv", ".webmanifest"})
_TEXT_MOST = 2 * 1024 * 1024


def root_personal_data(
    root: Path, found: RootFiles, only: Collection[str] | None = None, *, today: date
) -> list[Diagnostic]:
    """Return GK301-GK305 for each ID, mobile or bank card number in a text file of
    content/static/ (those of *only*, when given), as warnings: published as it is, with no
    privacy_allow to say that a number is meant to be public."""
    diagnostics: list[Diagnostic] = []
    for source in sorted(found.published.values()):
        if Path(source).suffix.lower() not in TEXT_SUFFIXES or (
            only is not None and source not in only
        ):
            continue
        path = root / source
        try:
            if path.stat().st_size > _TEXT_MOST:
                continue
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        out = Collector(source, lines_of=_lines_of(text))
        for finding in find_personal_data(text, today=today):
            zh_name, en_name = KIND_LABELS[finding.kind]
            out.add(
                PRIVACY_CODES[finding.kind],
                Position(*place(text, finding.start, 1, 1)),
                field=None,
                zh=f"网站根目录发布的文件中含{zh_name} “{finding.masked}”（此处遮盖显示）",
                en=f"a file published at the site root contains a {en_name}"
                f' "{finding.masked}" (masked here)',
                fix_zh=f"去标识化：改为 {finding.masked}；或不发布这个文件；确需公开的（如对外公布的"
                "服务号码），审核时确认",
                fix_en=f"de-identify it: write {finding.masked}, or do not publish the file; if it"
                " must be public (a public service number), have the reviewer confirm it",
                span=len(finding.text),
                # A warning: such a file has no privacy_allow to let a public number through.
                severity="warning",
            )
        diagnostics += out.found
    return diagnostics


# A script in a page, an SVG image or XML: what makes a file of content/static/ run in the
# site's address, where no page's Content-Security-Policy applies (a security review ran
# one from content/static/, published without a word, where an attachment's got GK139). A
# search engine's verification page (baidu_verify_….html) holds none, and is not warned of.
_SCRIPTED = re.compile(rb"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
_SCRIPT_SUFFIXES = (".js", ".mjs")


def root_active_files(
    root: Path, found: RootFiles, only: Collection[str] | None = None
) -> list[Diagnostic]:
    """Return GK139 for each file of content/static/ (those of *only*, when given) that is a
    script, or a page, SVG image or XML file with a script in it, and GK141 for each
    program (`bodylinks.warn_active`), as for an attachment."""
    diagnostics: list[Diagnostic] = []
    for source in sorted(found.published.values()):
        if only is not None and source not in only:
            continue
        if is_active(source) and not source.lower().endswith(_SCRIPT_SUFFIXES):
            try:
                path = root / source
                if path.stat().st_size > _TEXT_MOST or not _SCRIPTED.search(path.read_bytes()):
                    continue
            except OSError:
                continue
        out = Collector(source)
        warn_active(out, None, source, 1)
        diagnostics += out.found
    return diagnostics


def _lines_of(text: str) -> Callable[[str], tuple[str, ...]]:
    """Return the caret display's line reader for one file's *text*."""
    lines = tuple(text.split("\n"))
    return lambda _rel: lines
