"""Output paths of every page and file, and relative links between them.

Every link is relative with an explicit file name, so one `site/` works from a web server's
root, from a sub-path and from `file://` on a disc.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Collection, Mapping

from generator import stamp

_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")

HOME = stamp.HOME  # the no-change test (`stamp`) checks this page too
NOT_FOUND = "404.html"
SEARCH = "search.html"
SITE_FEED = "feed.xml"
FEEDS_DIR = "feeds"  # each column's feed
CATALOG_JSON = "catalog.json"
CATALOG_CSV = "catalog.csv"
CATALOG_SCHEMA = "catalog.schema.json"  # JSON Schema of catalog.json
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def category_feed(key: str) -> str:
    return f"{FEEDS_DIR}/{stem(key)}.xml"


@functools.lru_cache(maxsize=1 << 17)
def stem(text: str) -> str:
    """Return an ASCII file-name stem for *text* (`640100-108/2024-00012` → `640100-108-2024-00012`).

    A text with characters outside ASCII gets a short hash of itself after the stem:
    `交执〔2026〕001` and `运输〔2026〕001` both read `2026-001` in ASCII, and one item's page
    replaced the other's (two walks found it). The hash depends on the text alone, so a stem
    is the same in every build; ASCII texts keep the stems they had (column keys with `_`,
    issuer codes with `.`). What is left, `a/b` beside `a-b`, `ZF.01` beside `ZF-01`, or two
    texts that differ in case, the check reports for items (GK212).
    """
    ascii_stem = _UNSAFE.sub("-", text).strip("-")
    if not ascii_stem:
        return "x" + _short_hash(text)
    if _NOT_ASCII.search(text):
        return f"{ascii_stem}-{_short_hash(text)[:6]}"
    return ascii_stem


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def item_path(index_no: str, year: int) -> str:
    return f"items/{year}/{stem(index_no)}.html"


def category_base(key: str) -> str:
    return f"catalog/{key}"


def issuer_base(code: str) -> str:
    return f"issuers/{stem(code)}"


def topic_base(topic: str) -> str:
    # Topic names are Chinese; a short hash of the name is ASCII and stable while the name is.
    return f"topics/{hashlib.sha1(topic.encode('utf-8')).hexdigest()[:8]}"


def year_base(year: int) -> str:
    return f"dates/{year}"


def month_base(year: int, month: int) -> str:
    return f"dates/{year}/{month:02d}"


def status_base(in_force: bool) -> str:
    return "status/in-force" if in_force else "status/not-in-force"


def listing_page(base: str, number: int) -> str:
    """Return the path of page *number* (1-based) of the listing at *base*."""
    return f"{base}/index.html" if number == 1 else f"{base}/page-{number}.html"


# The pages gkml writes that a body may link to as written (`../index.html` from a free
# page, `../../catalog/bmwj/index.html` from an item): the check warned of them as missing
# files, and an officer "fixed" the working link into a broken one (a county walk).
_GENERATED = re.compile(
    r"(?:zh-hant/)?(?:"
    r"index\.html|search\.html|404\.html|accessibility\.html|data\.html|feed\.xml|sitemap\.xml"
    r"|catalog\.json|catalog\.csv|annual/[0-9]{4}\.html|feeds/[^/]+\.xml"
    r"|(?:catalog|issuers|topics)/[^/]+/(?:index|page-[0-9]+)\.html"
    r"|status/(?:in-force|not-in-force)/(?:index|page-[0-9]+)\.html"
    r"|dates/[0-9]{4}(?:/[0-9]{2})?/(?:index|page-[0-9]+)\.html"
    r")"
)


def looks_generated(target: str) -> bool:
    """Return whether the site-root path *target* has the shape of a page or file gkml
    writes for the whole site, whether or not the site has it."""
    return _GENERATED.fullmatch(target) is not None


_NAMED = re.compile(r"(?:zh-hant/)?(catalog|issuers|topics|feeds)/([^/]+?)(?:/|\.xml$)")


def is_generated(
    target: str,
    columns: Collection[str] = (),
    issuers: Collection[str] = (),
    topics: Collection[str] = (),
) -> bool:
    """Return whether the site-root path *target* is one of the pages or files gkml writes
    for the whole site (its home, a listing, a feed, the exports), not an item's. A column's,
    an issuer's or a topic's page or feed is one only for the *columns* (keys), *issuers*
    (codes) and *topics* the site has (a re-walk: `../catalog/nosuch/index.html` passed)."""
    if _GENERATED.fullmatch(target) is None:
        return False
    named = _NAMED.match(target)
    if named is None:
        return True
    kind, name = named.groups()
    if kind in ("catalog", "feeds"):
        return name in columns
    if kind == "issuers":
        return any(issuer_base(code) == f"issuers/{name}" for code in issuers)
    return any(topic_base(topic) == f"topics/{name}" for topic in topics)


def page_path(slug: str) -> str:
    return f"pages/{slug}.html"


def annual_page(year: int, issuer_code: str | None = None) -> str:
    """Return the page of *year*'s annual-report figures computed from the catalog: the whole
    catalog's, or those of the issuer with code *issuer_code* alone."""
    if issuer_code is None:
        return f"annual/{year}.html"
    return f"annual/{stem(issuer_code)}/{year}.html"


FILES_DIR = "files"
# What a link cannot hold as it is in a URL's path: what is not a URL code point in ASCII
# (WHATWG URL: controls, space, " < > [ \ ] ^ ` { | }), and # ? %, which would start a
# fragment or a query, or read as an escape. Chinese and other letters stay as they are.
_NOT_IN_PATH = re.compile(r"[\x00-\x20\"#%<>?\[\\\]^`{|}\x7f]")


# The longest name of a published file or folder, in UTF-8 bytes: a disc's Joliet names (what
# Windows shows) hold 64 UCS-2 units, and pycdlib, which writes them, counts UTF-8 bytes. A
# longer name is published shortened (`short_name`), on the web as on the disc: a disc's page
# then links to the name Windows shows, and `gkml verify E:\` finds the files the bag lists.
NAME_MAX = 64


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def short_name(name: str) -> str:
    """Return *name* whole when it fits NAME_MAX, else its start, a short hash of the whole
    name and its extension (`关于调整…标准的通知.pdf` → `关于调整…标~2d124b.pdf`)."""
    if _size(name) <= NAME_MAX:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or _size(ext) > 8:
        stem, dot, ext = name, "", ""
    tail = f"~{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}{dot}{ext}"
    room = NAME_MAX - _size(tail)
    while _size(stem) > room:
        stem = stem[:-1]
    return f"{stem}{tail}"


# What a name on a disc read by Windows cannot hold, and `%`, which a bag's manifest writes
# as `%25` (RFC 8493), where `sha256sum -c` and bagit-python look for `%25` itself (an archive
# walk: an intact disc failed both): each is published in its full-width form, which reads
# the same (`统计表（100%）.pdf` → `统计表（100％）.pdf`).
_WIDE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in '%:*?"<>|\\'})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPECIAL = re.compile(r'[%:*?"<>|\\\x00-\x1f\x7f]')  # what _WIDE or _CONTROL changes
# Device names Windows reserves, with any extension (`con.pdf`, `NUL.txt`).
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?")


def portable_name(name: str) -> str:
    """Return *name* as a disc read on Windows can hold it, and shortened (`short_name`):
    full-width forms for `% : * ? " < > | \\`, `_` for a control character, and `_` after a
    reserved device name or a name ending with a dot or a space, which Windows drops."""
    if _SPECIAL.search(name):  # seldom: translating every name took 0.7 µs of 1.7
        name = _CONTROL.sub("_", name.translate(_WIDE))
    if reserved := _RESERVED.fullmatch(name):
        name = f"{reserved[1]}_{reserved[2] or ''}"
    if name.endswith((".", " ")):
        name += "_"
    return short_name(name)


def name_clashes(published: Mapping[str, str]) -> dict[str, set[str]]:
    """Return, for each source of *published* (source → the path it is published at) that
    clashes, the sources it clashes with: published at one path (`a%.pdf` and `a％.pdf`), at
    paths that differ only in letter case (one file on Windows and on a disc), or in folders
    that do (`Tables/`, `tables/`: Windows shows one of them). The folders are few: they are
    compared once a folder, not once a file."""
    files: dict[str, list[str]] = {}
    in_folder: dict[str, list[str]] = {}
    for source, path in published.items():
        files.setdefault(path.lower(), []).append(source)
        in_folder.setdefault(path.rpartition("/")[0], []).append(source)
    folders: dict[str, dict[str, set[str]]] = {}
    for place, under in in_folder.items():
        parts = place.split("/") if place else []
        for end in range(1, len(parts) + 1):
            name = "/".join(parts[:end])
            folders.setdefault(name.lower(), {}).setdefault(name, set()).update(under)
    clashes: dict[str, set[str]] = {}
    for names in folders.values():  # a folder spelt two ways
        for name, spelt in names.items() if len(names) > 1 else ():
            others = set().union(*(s for n, s in names.items() if n != name))
            for source in spelt:
                clashes.setdefault(source, set()).update(others)
    for sources in files.values():  # one file spelt two ways, or two sources as one file
        for source in sources if len(sources) > 1 else ():
            clashes.setdefault(source, set()).update(s for s in sources if s != source)
    return clashes


@functools.lru_cache(maxsize=1 << 14)
def file_path(source: str) -> str:
    """Return where a file under content/ is published (`content/2024/f/a.pdf` →
    `files/2024/f/a.pdf`), each name made portable (`portable_name`)."""
    rel = source.split("/", 1)[1] if source.startswith("content/") else source
    folder, _, name = rel.rpartition("/")
    return f"{_folder_path(folder)}/{portable_name(name)}"


@functools.lru_cache(maxsize=1 << 12)
def _folder_path(folder: str) -> str:
    """Return where the folder *folder* of content/ is published (`file_path`): many files
    share a folder, whose names are then made portable once."""
    return "/".join((FILES_DIR, *map(portable_name, folder.split("/")))) if folder else FILES_DIR


def file_link(source: str) -> str:
    """Return the site-root path of the published file *source* as a link writes it: an
    attachment named `表 2（100%）#1.pdf` is `files/…/表%202（100%25）%231.pdf` (a space is not
    valid in a link, a `#` would start a fragment, a `%` an escape)."""
    return _NOT_IN_PATH.sub(_escaped, file_path(source))


def _escaped(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def is_feed(target: str) -> bool:
    """Return whether the site-root link *target* is an Atom feed, which has a 繁體
    counterpart when the site has that edition (`exports.site_feeds`)."""
    return target == SITE_FEED or (target.startswith(f"{FEEDS_DIR}/") and target.endswith(".xml"))


def is_page(target: str) -> bool:
    """Return whether the site-root link *target* is a page, which has a 繁體 counterpart (a
    published file named `….html` has none)."""
    return target.partition("#")[0].endswith(".html") and not target.startswith(f"{FILES_DIR}/")


def in_each_edition(target: str) -> bool:
    """Return whether the site-root link *target* has a 繁體 counterpart, which a 繁體 page's
    link leads to and prints the address of: a page or a feed."""
    return is_page(target) or is_feed(target)


def relative(from_page: str, target: str) -> str:
    """Return the link from the page at *from_page* to *target* (both site-root paths)."""
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    if not target:
        return fragment
    return _relative_path(from_page.rpartition("/")[0], target) + fragment


# A page's links are to the same few targets as its neighbours' (the navigation, the
# listings): 4,096 pairs hit as often as 65,536 did in a 5,000-item build (226,024 hits of
# 331,790 calls, 1,024 pairs 226,016), which held about 25 MiB in each render process.
@functools.lru_cache(maxsize=4096)
def _relative_path(from_dir: str, target: str) -> str:
    """Return *target* relative to the folder *from_dir* (normalized paths, no `..`)."""
    here = from_dir.split("/") if from_dir else []
    there = target.split("/")
    common = 0
    for a, b in zip(here, there[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])
