"""A rendered body in its page: links filled in for the page, in the page's script.

The body is rendered once per item; each edition (简体, 繁體) fills in its own relative links
and converts the text. A build and a body patch (`bodypatch`) make the body's bytes alike.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from generator import urls
from generator.body import ADDRESS, UNLINKED
from generator.bodylinks import site_has_page
from generator.config import Config
from generator.contentscan import is_file, is_hidden, published_as
from generator.edition import Conversion, hant_path, public_address, to_traditional
from generator.stamp import CONTENT_DIR

BODY_MARK = "\ue002gkml-body\ue003"  # where the body goes, until the page around it is made


def in_edition(html: str, traditional: Conversion | None) -> str:
    """Return *html* in the edition's script: converted as *traditional* says, or as it is."""
    return html if traditional is None else to_traditional(html, traditional)


def body_text(
    html: str,
    links: list[str],
    page: str,
    traditional: Conversion | None,
    *,
    base_url: str | None,
) -> str:
    """Return a rendered body as it shows on *page*: its links filled in, in the page's script."""
    filled = fill_links(html, links, page, traditional is not None, base_url=base_url)
    return in_edition(filled, traditional)


_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# A link's full address (`body.ADDRESS`) before it is filled in, and its query, if any.
_ADDRESS = re.compile(f' {ADDRESS}="\ue000(\\d+)\ue001([^"]*)"')


def fill_links(html: str, links: list[str], page: str, hant: bool, *, base_url: str | None) -> str:
    """Return *html* with each link placeholder replaced by the link from *page*, and each
    link's full address by the target's public address in *page*'s edition (printed after
    the link's text); without *base_url* a link has none (a path of the reader's disc or
    server would mean nothing on paper)."""

    def address(match: re.Match[str]) -> str:
        if not base_url:
            return ""
        found = public_address(base_url, links[int(match.group(1))], hant=hant)
        return f' {ADDRESS}="{found.replace("&", "&amp;")}{match.group(2)}"'

    def fill(match: re.Match[str]) -> str:
        # In an attribute: `&` (valid in a file name and a path) is written `&amp;`.
        return _link(page, links[int(match.group(1))], hant).replace("&", "&amp;")

    if ADDRESS in html:
        html = _ADDRESS.sub(address, html)
    return _PLACEHOLDER.sub(fill, html)


# A link that prints its address on paper (`ADDRESS`), read one whole name="value" at a time
# (as `body._LINK` reads a link): in the body once filled in, and in the page around it.
_PRINTED = re.compile(f'(<a(?:\\s[^\\s"\'=<>/]+(?:="[^"]*")?)*?) {ADDRESS}="([^"]*)"')


def printed_addresses(html: str) -> set[str]:
    """Return the addresses the links of *html* print on paper."""
    return {match.group(2) for match in _PRINTED.finditer(html)} if ADDRESS in html else set()


def printed_by_page(path: str, *, base_url: str | None) -> set[str]:
    """Return the addresses the page at the site-root *path* (its edition's) prints before
    any link does: its own, which 本页地址 at the foot of every printed sheet gives, without
    *base_url* none. Given to `printed_once`, a link to the page itself (its body's to its
    own `….html` or `….html#第二条`) prints none: a print walk found the one address twice
    on one sheet, after the link and as 本页地址."""
    return {f"{base_url}{path}"} if base_url else set()


def printed_once(html: str, printed: set[str]) -> str:
    """Return *html* with each address printed once: a link to an address in *printed* (one
    the page prints above *html*), or to one a link before it prints, prints none; add the
    addresses *html* prints to *printed*. Every link that prints an address goes through
    here, in the page's order: the banner's, the header's (此前修改), the body's, the tables
    of related documents', the attachments' (a print walk: a 政策解读 printed its policy's
    address after the body's link to it, written as its page `….html`, and again in the
    table 解读的政策文件; the banner's link to what amended its policy and the body's link to
    the same decision printed one address twice)."""

    def once(match: re.Match[str]) -> str:
        if match.group(2) in printed:
            return match.group(1)
        printed.add(match.group(2))
        return match.group(0)

    return _PRINTED.sub(once, html) if ADDRESS in html else html


def _link(page: str, target: str, hant: bool) -> str:
    """Return the link from *page* to the site-root *target*, in the page's edition."""
    if hant and urls.in_each_edition(target):
        target = hant_path(target)
    return urls.relative(page, target)


def resolver(
    root: Path,
    content: Path,
    source_pages: Mapping[str, str],
    withheld: Collection[str],
    links: list[str],
) -> Callable[[str], str | None]:
    """Return a resolver that records each local target and leaves a placeholder for it.

    The body is converted once; each edition then fills in its own relative links.
    """

    def placeholder(target: str) -> str:
        links.append(target)
        return f"\ue000{len(links) - 1}\ue001"

    def resolve(target: str) -> str | None:
        if target.lower().endswith(".md"):
            # A link to another item's source: its page, if it has one. Never the .md itself,
            # nor a link to it: its name could tell of a 不予公开 item, and it leads nowhere
            # (GK215; two walks).
            item_page = source_pages.get(target)
            return placeholder(item_page) if item_page else UNLINKED
        if target in withheld:
            # A non-public item's attachment, linked in a way the check did not read as a link
            # (`files/名单\.pdf`): not even its name, which stayed in the page as written.
            return UNLINKED
        if not publishable(root, content, target, withheld):
            return None  # not ours to publish: the link is left as written (the check names it)
        return placeholder(urls.file_link(target))

    return resolve


def addresser(
    page: str, site_page: Callable[[str], bool], links: list[str]
) -> Callable[[str], str | None]:
    """Return what gives a body's link written as a path from *page* (`../../index.html`)
    the placeholder of its target (as `resolver` does, in *links*), for its link from each
    edition's page and its full address: a page or file
    *site_page* says the build writes, read from *page*'s folder as the browser reads it;
    None for any other (a 依申请公开 item's page that is not written, a typo)."""
    folder = posixpath.dirname(page)

    def address(written: str) -> str | None:
        target = posixpath.normpath(posixpath.join(folder, written))
        if not site_page(target):
            return None
        links.append(target)
        return f"\ue000{len(links) - 1}\ue001"

    return address


def site_pages(config: Config, source_pages: Mapping[str, str]) -> Callable[[str], bool]:
    """Return whether a site-root path is a page or file the build of *config* writes for a
    body's link as written: an item's or free page's (*source_pages*), or one for the whole
    site (`bodylinks.site_has_page`: the home page, a listing, search, a feed)."""
    pages = frozenset(source_pages.values())
    return lambda target: target in pages or site_has_page(config, target)


def publishable(root: Path, content: Path, target: str, withheld: Collection[str]) -> bool:
    """Return whether a body's link to the site-root path *target* publishes that file.

    Only real files under content/: never a hidden one (as content/'s walk and attachments,
    GK121, leave them), a non-public item's attachment, a symlink to something outside the
    site, nor one (`files/alias.txt` → `../w1.md`) to what a link may not publish as written:
    an item's source, a hidden file, a non-public item's attachment (a walk published a 不予公开
    item's whole source so). Asked again for every page's files on every build: a page from
    the cache linked to a file since replaced by a symlink to /etc/passwd, and the build
    copied what it led to (a security review).
    """
    if not target.startswith(f"{CONTENT_DIR}/") or target in withheld or is_hidden(target):
        return False
    file = root / target
    if not is_file(file):
        return False
    inside = published_as(file.resolve(), content, f"{CONTENT_DIR}/")
    return inside is not None and inside not in withheld
