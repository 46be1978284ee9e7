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
from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.contentscan import published_as
from generator.diagnostics import Collector, Diagnostic
from generator.stamp import CONTENT_DIR, STATIC_DIR

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


@dataclass(frozen=True, slots=True)
class RootFiles:
    """The files of content/static/: published path → site-root source path, and those
    left out, with why (for the check)."""

    published: dict[str, str]
    reserved: tuple[str, ...] = ()  # source paths whose name gkml writes itself
    left_out: tuple[tuple[str, str, str], ...] = ()  # (source path, why in Chinese, English)


def root_files(root: Path) -> RootFiles:
    """Return the files of *root*/content/static/, walked afresh (a few files; symbolic
    links to folders are not entered), in path order."""
    base = root / CONTENT_DIR / STATIC_DIR
    content = (root / CONTENT_DIR).resolve()
    published: dict[str, str] = {}
    reserved: list[str] = []
    left_out: list[tuple[str, str, str]] = []
    for folder, folders, names in os.walk(base):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            source = path.relative_to(root).as_posix()
            # Names a disc read on Windows can hold, as an attachment's (`urls.portable_name`).
            target = "/".join(map(urls.portable_name, path.relative_to(base).parts))
            if name.lower().endswith(".md"):
                left_out.append(
                    (
                        source,
                        "是 Markdown 源文件，不会原样发布",
                        "is a Markdown source: not published",
                    )
                )
            elif published_as(path.resolve(), content) is None:
                left_out.append(
                    (
                        source,
                        "是指向 content/ 之外（或隐藏文件）的符号链接，不会发布",
                        "is a symbolic link out of content/ (or to a hidden file): not published",
                    )
                )
            elif target.split("/", 1)[0].lower() in RESERVED:
                reserved.append(source)
            else:
                published[target] = source
    return RootFiles(published, tuple(reserved), tuple(left_out))


def check_root_files(found: RootFiles) -> list[Diagnostic]:
    """Return GK128 for each file whose name gkml writes itself, GK129 for each left out."""
    diagnostics: list[Diagnostic] = []
    prefix = f"{CONTENT_DIR}/{STATIC_DIR}/"
    for source in found.reserved:
        out = Collector(source)
        target = source.removeprefix(prefix)
        out.add(
            "GK128",
            None,
            field=None,
            zh=f"{source} 会发布为 {target}，而 gkml 自己生成 {target.split('/', 1)[0]}",
            en=f"{source} would be published as {target}, which gkml itself writes"
            f" ({target.split('/', 1)[0]})",
        )
        diagnostics += out.found
    for source, zh, en in found.left_out:
        out = Collector(source)
        out.add("GK129", None, field=None, zh=f"{source} {zh}", en=f"{source} {en}")
        diagnostics += out.found
    return diagnostics
