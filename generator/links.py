"""A link checker for a built site: every href/src resolves to a file, every #fragment exists;
so does every link of the Atom feeds and every address of the sitemaps.

`gkml report inspection` runs it on a fresh build (inspectors count every 错链); the test
suite runs it on every site it builds.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote, urljoin, urlsplit

from generator.contentscan import is_file

EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") or (name == "action" and tag == "form"):
                self.links.append((name, value))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@dataclass(frozen=True, slots=True)
class BrokenLink:
    page: str  # the page holding the link, relative to the site root
    attribute: str  # href, src or action
    value: str  # the link as written
    target: str  # the file it resolves to ('' for a root-relative link)
    problem: Literal["root-relative", "missing", "fragment", "off-site"]

    def __str__(self) -> str:
        where = f"{self.page}: {self.attribute}={self.value!r}"
        if self.problem == "root-relative":
            return f"{where} is root-relative"
        if self.problem == "off-site":
            return f"{where} is not an address of this site"
        if self.problem == "fragment":
            return f"{where} → #{urlsplit(self.value).fragment} not found"
        return f"{where} → {self.target} does not exist"


_ATOM = "{http://www.w3.org/2005/Atom}"
_SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def _xml_root(path: Path) -> ET.Element | None:
    """Return the root element of the XML file *path*, or None when it is not there or not
    well-formed: a file of content/static/ is published as it is, and is no feed of gkml's
    (the inspection report must not stop at it)."""
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None


# Where a feed's links resolve against when no xml:base gives an address: the feed's own place
# in the site, as a URL (urljoin drops the `..` of a relative base otherwise).
_HERE = "file:///"


def _feed_links(root: ET.Element, rel: str) -> list[tuple[str, str]]:
    """Return (the link as written, the link against every xml:base above it and the feed's
    place *rel*) of each `<link>` of the Atom feed *root*: an entry may have a base of its own
    (a re-walk: one under another folder was read against the feed's), relative ones too."""
    found: list[tuple[str, str]] = []
    pending = [(root, _HERE + quote(rel))]
    while pending:
        element, above = pending.pop()
        base = urljoin(above, element.get(_XML_BASE, "")) if element.get(_XML_BASE) else above
        if element.tag == f"{_ATOM}link":
            value = element.get("href", "")
            found.append((value, urljoin(base, value)))
        pending.extend((child, base) for child in reversed(element))  # in the file's order
    return found


def _site_file(site: Path, target: str) -> bool:
    """Return whether the site path *target* names a file of *site*, or a folder with its
    index.html (a sitemap names a home page by its folder: …/xxgk/, a re-walk). *target* is
    normalised (`posixpath.normpath`)."""
    if target == ".." or target.startswith("../"):
        return False
    return is_file(site / target) or is_file(site / target / "index.html")


def _site_path(address: str, base: str) -> str | None:
    """Return *address*'s path under the site's *base* address, or None when it is not this
    site's: the host's case and http against https make no difference (a re-walk: a sitemap
    with Example.gov.cn, and a feed that said http://, were taken for another site's)."""
    if not base:
        return None
    at, root = urlsplit(address), urlsplit(base)
    if not at.scheme or at.netloc.lower() != root.netloc.lower():
        return None
    if not (at.path + "/").startswith(root.path) and at.path != root.path.rstrip("/"):
        return None
    return unquote(at.path[len(root.path) :])


def _xml_links(site: Path) -> list[BrokenLink]:
    """Return the links of the site's feeds and sitemaps that lead to no file of it (a mutation
    audit: a feed entry linked a page that was never made, and no check read the feeds).
    Links are read against their xml:base and the site's own base_url (the one its feed.xml
    gives): a feed of another site, published in content/static/, is that site's to check (a
    re-walk: its links were looked for here); a feed without a base against its own place."""
    problems: list[BrokenLink] = []
    roots = {p.relative_to(site).as_posix(): _xml_root(p) for p in sorted(site.rglob("*.xml"))}
    feed = roots.get("feed.xml")
    base = feed.get(_XML_BASE, "") if feed is not None else ""
    for rel, root in roots.items():
        if root is None:
            continue
        sitemap = root.tag in (f"{_SITEMAPS}urlset", f"{_SITEMAPS}sitemapindex")
        if root.tag == f"{_ATOM}feed":
            own = root.get(_XML_BASE, "")
            if urlsplit(own).scheme and _site_path(own, base) is None:
                continue  # another site's feed, or ours read without knowing our address
            links = [("href", value, full) for value, full in _feed_links(root, rel)]
        elif sitemap:
            links = [
                ("loc", text, text)
                for text in ((loc.text or "").strip() for loc in root.iter(f"{_SITEMAPS}loc"))
            ]
        else:
            continue
        for attribute, value, full in links:
            path = _site_path(full, base)
            if path is not None:
                target = path
            elif full.startswith(_HERE):
                if value.startswith("/"):
                    continue  # from the root of a server whose path the feed does not say
                target = unquote(urlsplit(full).path).lstrip("/")
            elif full.startswith(EXTERNAL) or full.startswith("/"):
                if sitemap and base:  # a sitemap names this site's pages only
                    problems.append(BrokenLink(rel, attribute, value, "", "off-site"))
                continue  # a feed may link another site
            else:
                target = posixpath.join(posixpath.dirname(rel), unquote(urlsplit(full).path))
            target = posixpath.normpath(target or ".")
            if not _site_file(site, target):
                problems.append(BrokenLink(rel, attribute, value, target, "missing"))
    return problems


def find_broken_links(site: Path, base_path: str | None = None) -> list[BrokenLink]:
    """Return every link in *site* that does not resolve, in page order, then those of its
    feeds and sitemaps; empty when all do.

    Links are relative, except root-relative links under *base_path* (the path of the site's
    base_url, used only by the 404 page, which a server shows at any depth).
    """
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    problems: list[BrokenLink] = []
    for rel, page in pages.items():
        for attribute, value in page.links:
            if value.startswith(EXTERNAL) or value.startswith("//"):
                continue  # another site's (//host/… too: not this site's root, a re-walk)
            parts = urlsplit(value)
            if value.startswith("/"):
                if (
                    base_path is None
                    or not value.startswith(base_path)
                    or not rel.endswith("404.html")
                ):
                    problems.append(BrokenLink(rel, attribute, value, "", "root-relative"))
                    continue
                target = posixpath.normpath(unquote(parts.path)[len(base_path) :])
            elif parts.path:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(rel), unquote(parts.path))
                )
            else:
                target = rel
            if target.startswith("../") or not is_file(site / target):
                problems.append(BrokenLink(rel, attribute, value, target, "missing"))
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    problems.append(BrokenLink(rel, attribute, value, target, "fragment"))
    return problems + _xml_links(site)


def broken_links(site: Path, base_path: str | None = None) -> list[str]:
    """Return a line for every link in *site* that does not resolve, empty when all do."""
    return [str(link) for link in find_broken_links(site, base_path)]
