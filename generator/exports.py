"""Machine-readable output: catalog.json, catalog.csv, Atom feeds, sitemap.xml, robots.txt.

Only metadata goes here, never a body: a 不予公开 or 依申请公开 body cannot leak through an
export. Every file is a pure function of the catalog and the build date, so two builds of the
same input give the same bytes.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from generator import urls, views
from generator.catalog import Catalog, Listing
from generator.datafields import COLUMNS, label
from generator.edition import HANT_LANG, Conversion, hant_path, to_traditional_all
from generator.fields import Disclosure
from generator.item import Item, last_changed

FEED_SIZE = 50
_LABELS = ("索引号", "文号", "发布机构", "效力状态", "公开属性", "依申请公开说明", "依据")
# What XML 1.0 has no place for (its Char production): the C0 controls but tab, line feed and
# carriage return, a lone surrogate, U+FFFE and U+FFFF. The check refuses them in every value
# (GK005, GK402: `yamlnodes`); a value with one that reached a feed anyway made it malformed
# XML, and feed readers dropped the whole feed (a security review): they are left out here.
# Written as the characters it takes, not as the complement of the Char production
# (`[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]`, the same set): that form took
# 3-4 ms to compile at every start.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# The two below give what `xml.sax.saxutils.escape` and `quoteattr` give (tests/test_exports.py
# compares them): importing saxutils imports urllib.request, and with it http.client, ssl and
# email, about 15 ms of every build's start for three replacements.
def _xml(value: str) -> str:
    """Return *value* as XML character data: escaped, without what XML has no place for."""
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _xml_attribute(value: str) -> str:
    """Return *value* as a quoted XML attribute value, without what XML has no place for:
    in double quotes, or in single quotes when it has a double quote and no single one."""
    text = _xml(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def _record(catalog: Catalog, item: Item) -> dict[str, object]:
    values = metadata(item)
    # Where a reprint came from and the files a page offers, for an item with a page only: a
    # 依申请公开 or 不予公开 item's files are not published (a re-user's walk: both were only on
    # the page, a reprint looked like the bureau's own document)
    public = catalog.has_page(item)
    source = item.source
    values["source"] = (
        {
            "name": source.name,
            "url": source.url,
            "date": source.date.isoformat() if source.date else None,
        }
        if source and public
        else None
    )
    values["attachments"] = (
        [
            {"title": a.title, "url": urls.file_link(a.path), "size": a.size}
            for a in item.attachments
        ]
        if public
        else []
    )
    values["url"] = views.item_page_path(item) if public else None
    values["category_title"] = catalog.category_of[item.category].title
    return {key: values[key] for key in COLUMNS}  # in the files' order, as catalog.csv's


def metadata(item: Item) -> dict[str, object]:
    """Return what catalog.json and catalog.csv publish of *item* besides its page's address:
    for a listed 不予公开 item too (`rules.list_withheld_items`), which `gkml diff` puts
    before the reviewer when any of it changes."""
    return {
        "index_no": item.index_no,
        "title": item.title,
        "issuer": item.issuer,
        "department": item.department,
        "doc_no": item.doc_no,
        "written": item.written.isoformat() if item.written else None,
        # The day in one form, YYYY-MM-DD, as every other date here: a day and a day with
        # its time in one column (`2026-03-11 09:30`) broke a program that reads the column
        # as a date (Python's date.fromisoformat, JSON Schema's "date"). The time the page
        # and the feeds show has a column of its own (a walk found it missing: 09:30).
        "published": item.published.isoformat(),
        "status": item.status.value,
        "status_date": item.status_date.isoformat() if item.status_date else None,
        "disclosure": item.disclosure.value,
        "category": item.category,
        "topics": list(item.topics),
        "genre": item.genre,
        "keywords": list(item.keywords),
        "valid_from": item.valid_from.isoformat() if item.valid_from else None,
        "valid_until": item.valid_until.isoformat() if item.valid_until else None,
        "replaced_by": item.replaced_by,
        "interprets": item.interprets,
        "related": list(item.related),
        "reason": item.reason,
        "amendments": [{"date": a.date.isoformat(), "by": a.by} for a in item.amendments],
        "published_time": f"{item.published_time:%H:%M}" if item.published_time else None,
    }


# An item's text in each export, in UTF-8: its member of catalog.json's "items" (indented as
# there, without the comma) and its catalog.csv line. The files are these joined: a build keeps
# the texts of the items that did not change (`generator.rowcache`) instead of making 20,000 of
# them again. Bytes, not str: joined as they are, and marshal keeps them without encoding.
Row = tuple[bytes, bytes]
_ITEM_PAD = "  "  # the depth of an item in catalog.json: {"items": [{...}]}


def row(catalog: Catalog, item: Item) -> Row:
    """Return *item*'s text in catalog.json and in catalog.csv."""
    record = _record(catalog, item)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(record[key]) for key in COLUMNS])
    member = _ITEM_PAD + indented_json(record, _ITEM_PAD)
    return member.encode(), buffer.getvalue().encode()


def rows(catalog: Catalog) -> list[Row]:
    """Return every listed item's texts, newest first."""
    return [row(catalog, i) for i in catalog.listed]


def catalog_json(catalog: Catalog, built: datetime, listed: Sequence[Row] | None = None) -> bytes:
    """Return catalog.json: the site, the build date and every listed item's metadata
    (*listed*: `rows(catalog)`, when the caller has them already)."""
    data = {
        "site": catalog.config.site.title,
        "organization": catalog.config.site.organization,
        "as_of": catalog.as_of.isoformat(),
        "generated": built.isoformat(),
        # what a re-user needs to read the rest alone (a re-user's walk): the address the
        # items' relative `url` is under, and each column's title and parent
        "base_url": catalog.config.site.base_url,
        "fields": {key: label(key) for key in COLUMNS},
        "categories": {
            key: {"title": node.title, "parent": node.parent}
            for key, node in catalog.config.nodes.items()
        },
    }
    members = [text for text, _ in (rows(catalog) if listed is None else listed)]
    items = b"[\n" + b",\n".join(members) + b"\n ]" if members else b"[]"
    # `indented_json` of the whole, "items" last: its closing brace gives way to that member.
    head = indented_json(data).removesuffix("\n}").encode()
    return head + b',\n "items": ' + items + b"\n}\n"


_STRING = json.encoder.encode_basestring  # C's, when the interpreter has it


def indented_json(value: object, pad: str = "") -> str:
    """Return `json.dumps(value, ensure_ascii=False, indent=1)`, the same characters, faster:
    with an indent json.dumps encodes in Python, value by value; this encodes each string with
    json's C encoder, strings and nulls in place (catalog.json of 20,000 items, the collector
    paused: 0.54-0.64 s with json.dumps)."""
    if value.__class__ is str:
        return _STRING(value)
    if value is None:
        return "null"
    inner = pad + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = []
        for key, v in value.items():
            if v.__class__ is str:
                text = _STRING(v)
            elif v is None:
                text = "null"
            else:
                text = indented_json(v, inner)
            members.append(f"{inner}{_STRING(str(key))}: {text}")
        return "{\n" + ",\n".join(members) + f"\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        elements = [
            inner + (_STRING(v) if v.__class__ is str else indented_json(v, inner)) for v in value
        ]
        return "[\n" + ",\n".join(elements) + f"\n{pad}]"
    if isinstance(value, str):  # a subclass of str
        return _STRING(value)
    return json.dumps(value)  # numbers and booleans


def catalog_csv(catalog: Catalog, listed: Sequence[Row] | None = None) -> bytes:
    """Return catalog.csv in UTF-8 with a BOM (so Excel opens it), one row per listed item."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([label(key) for key in COLUMNS])
    lines = [line for _, line in (rows(catalog) if listed is None else listed)]
    return ("\ufeff" + buffer.getvalue()).encode() + b"".join(lines)


# Between the values of a cell with several (a list's members, a source's parts): each value
# on a line of its own, the line but the last ending in "；". A space told them apart before, and
# a title or a name with a space could not be told from two (a re-user's walk); a line break
# inside a quoted cell is a line of the cell in Excel and WPS, and the "；" still shows where a
# value ends when the cell is not wrapped. A value's own line breaks are written as spaces, as
# a page shows them, so that every line break of the cell is one of these.
CSV_SEPARATOR = "；\n"
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_text(CSV_SEPARATOR.join(_part(v) for v in value))
    if isinstance(value, dict):  # a reprint's source: its name, address and date
        return spreadsheet_text(
            CSV_SEPARATOR.join(_one_line(str(v)) for v in value.values() if v is not None)
        )
    return spreadsheet_text(str(value))


def _part(value: object) -> str:
    """Return one member of a list cell: a text, or the values of a record joined by spaces
    (an amendment's date and document; an attachment's title, address and size, the address
    percent-encoded and so without a space: the title is what the last two spaces leave)."""
    if isinstance(value, dict):
        return " ".join(_one_line(str(v)) for v in value.values() if v is not None)
    return _one_line(str(value))


def _one_line(text: str) -> str:
    return _LINE_BREAK.sub(" ", text)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Return *text* as a CSV cell that a spreadsheet shows as text: a value that begins like
    a formula (`=`, `+`, `-`, `@`) gets a `'` before it, or Excel would run it when the file
    is opened (two walks: a title `=HYPERLINK(…)` in catalog.csv and the transfer list)."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _stamp(item: Item) -> str:
    clock = item.published_time.strftime("%H:%M:%S") if item.published_time else "00:00:00"
    return f"{item.published.isoformat()}T{clock}+08:00"


def _updated(item: Item, as_of: date) -> str:
    """Return when *item* last changed as its feed entry says: the day it expired, was
    repealed or amended, or was corrected, when after its publication (a reviewer's walk: a
    feed reader never showed a repeal, `updated` being the publication's time for good; a
    re-user's: a repeal undone took `updated` back to the publication, older than the
    repeal's, and no reader showed the correction). `last_changed`: one rule with the
    sitemap's lastmod."""
    changed = last_changed(item, as_of)
    if changed > item.published:
        return f"{changed.isoformat()}T00:00:00+08:00"
    return _stamp(item)


def feed_items(catalog: Catalog, items: Sequence[Item]) -> list[Item]:
    """Return the items a feed of *items* has an entry for: the newest `FEED_SIZE` that the
    public may read or ask for."""
    shown = (i for i in items if catalog.has_page(i) or i.disclosure is Disclosure.ON_REQUEST)
    return list(itertools.islice(shown, FEED_SIZE))


def atom_feed(
    catalog: Catalog,
    title: str,
    path: str,
    items: Sequence[Item],
    built: datetime,
    conversion: Conversion | None = None,
    page: str = urls.HOME,
    apply_path: str | None = None,
) -> bytes:
    """Return an Atom feed of the newest items in *items* that the public may read or ask
    for (metadata only), whose web page (its alternate link) is *page*: the home page, or a
    column's listing. A 依申请公开 item has no page: its entry links to *apply_path*, the
    how-to-apply page, as its listing row does (a re-user's walk: the home page listed it
    and no feed did), or else to *page*. With *conversion*, the 繁體 edition's feed at
    *path* (its own): its text converted, but for 索引号 and 文号, and its links to the
    edition's pages.

    Ids never depend on where the site is served: the feed's is its path under the site's
    title, an entry's the item's 索引号 (`urn:gkml:…`; a re-user's walk: setting or moving
    `base_url` had made every entry look new to a feed reader)."""
    base = catalog.config.site.base_url
    public = feed_items(catalog, items)
    updated_of = functools.partial(_updated, as_of=catalog.as_of)
    updated = max(map(updated_of, public)) if public else built.isoformat(timespec="seconds")
    site = catalog.config.site
    column = {i.index_no: catalog.category_of[i.category].title for i in public}
    # what repealed or amended it, by title (a lawyer's walk: a feed told of a repeal and
    # not of the document that replaced it)
    basis = {i.index_no: views.basis_title(catalog, i.replaced_by) for i in public if i.replaced_by}
    text: Callable[[str], str] = str  # as written
    if conversion is not None:
        texts = [title, site.organization, *_LABELS, *basis.values()]
        for i in public:
            texts += [i.title, i.issuer, i.status.value, i.disclosure.value, column[i.index_no]]
            texts += i.topics
            texts += [i.reason] if i.reason else []
        text = dict(zip(texts, to_traditional_all(texts, conversion), strict=True)).__getitem__
    page_of: Callable[[str], str] = (lambda p: p) if conversion is None else hant_path
    lang = site.language if conversion is None else conversion.lang
    labels = {name: text(name) for name in _LABELS}
    edition = "" if conversion is None else f"{HANT_LANG}:"  # one document, an id an edition

    def link(target: str) -> str:
        # With base_url, xml:base makes site-root paths absolute; without, link from the feed.
        return target if base else urls.relative(path, target)

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_xml_attribute(lang)}'
        + (f" xml:base={_xml_attribute(base)}" if base else "")
        + ">",
        f"  <title>{_xml(text(title))}</title>",
        f"  <id>{_xml(f'urn:gkml:{site.title}:{path}')}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{_xml(text(site.organization))}</name></author>",
        f'  <link rel="self" href={_xml_attribute(link(path))}/>',
        f'  <link rel="alternate" type="text/html" href={_xml_attribute(link(page_of(page)))}/>',
    ]
    for item in public:
        on_request = item.disclosure is Disclosure.ON_REQUEST
        target = apply_path or page if on_request else views.item_page_path(item)
        summary = "；".join(
            part
            for part in (
                f"{labels['索引号']}：{item.index_no}",  # an identifier: never converted
                f"{labels['发布机构']}：{text(item.issuer)}",
                f"{labels['文号']}：{item.doc_no}" if item.doc_no else "",
                f"{labels['效力状态']}：{text(item.status.value)}",
                f"{labels['依据']}：{text(basis[item.index_no])}" if item.index_no in basis else "",
                f"{labels['公开属性']}：{text(item.disclosure.value)}" if on_request else "",
                f"{labels['依申请公开说明']}：{text(item.reason)}"
                if on_request and item.reason
                else "",
            )
            if part
        )
        categories = [
            ("column", item.category, text(column[item.index_no])),
            ("status", item.status.value, text(item.status.value)),
            ("disclosure", item.disclosure.value, text(item.disclosure.value)),
            *(("topic", topic, text(topic)) for topic in item.topics),
        ]
        lines += [
            "  <entry>",
            f"    <title>{_xml(text(item.title))}</title>",
            f"    <id>{_xml(f'urn:gkml:{edition}{item.index_no}')}</id>",
            f'    <link rel="alternate" type="text/html" href={_xml_attribute(link(page_of(target)))}/>',
            f"    <published>{_stamp(item)}</published>",
            f"    <updated>{updated_of(item)}</updated>",
            f"    <summary>{_xml(summary)}</summary>",
            *(
                f"    <category scheme={_xml_attribute(f'urn:gkml:{scheme}')} term={_xml_attribute(term)}"
                f" label={_xml_attribute(shown_as)}/>"
                for scheme, term, shown_as in categories
            ),
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
class Feed:
    """One Atom feed of the site (`atom_feed`'s arguments but the catalog and build date)."""

    path: str
    title: str
    items: Sequence[Item]  # the listing's, newest first; the feed shows `feed_items` of them
    conversion: Conversion | None = None
    page: str = urls.HOME
    apply_path: str | None = None

    def made(self, catalog: Catalog, built: datetime) -> bytes:
        """Return the feed's bytes."""
        return atom_feed(
            catalog,
            self.title,
            self.path,
            self.items,
            built,
            self.conversion,
            self.page,
            self.apply_path,
        )


def site_feeds(catalog: Catalog, apply_path: str | None = None) -> list[Feed]:
    """Return the site feed and each column's feed, and the 繁體 edition's own when the site
    has one (`urls.is_feed`: its pages link to them). *apply_path*: the how-to-apply page,
    when the site has one."""
    site = catalog.config.site
    editions: list[Conversion | None] = [None]
    if site.traditional is not None:
        editions.append(site.conversion())
    found: list[Feed] = []
    for conversion in editions:
        at: Callable[[str], str] = (lambda p: p) if conversion is None else hant_path
        title = f"{site.title}：最新公开信息"
        found.append(
            Feed(at(urls.SITE_FEED), title, catalog.listed, conversion, apply_path=apply_path)
        )
        for listing in _columns(catalog.categories):
            path = at(urls.category_feed(listing.key))
            title = f"{site.title}：{listing.title}"
            page = urls.listing_page(urls.category_base(listing.key), 1)
            found.append(Feed(path, title, listing.items, conversion, page, apply_path))
    return found


def _columns(listings: Sequence[Listing]) -> Iterator[Listing]:
    """Yield every column of the catalog tree, each before its children."""
    for listing in listings:
        yield listing
        yield from _columns(listing.children)


SITEMAP_MOST = 50_000  # addresses in one sitemap file (the sitemaps.org protocol)
_SITEMAPS_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def item_changes(catalog: Catalog) -> dict[str, str]:
    """Return each item page's path → the day it last changed for a reader (its publication,
    or a repeal, expiry or amendment that has taken effect): the sitemap's `lastmod` (a
    re-user's walk: a crawler could not re-fetch only what changed)."""
    found: dict[str, str] = {}
    last = functools.partial(last_changed, as_of=catalog.as_of)
    for item in catalog.listed:
        if not catalog.has_page(item):
            continue
        # Its page also shows the state of what it repealed or amended and of its policy (a
        # lawyer's walk: the repealing 办法's page gained its table on the day of the repeal,
        # and its lastmod stayed the day of its publication).
        # Its 相关文件 and 相关解读 tables too, whose 效力状态 column moves with each (a
        # re-walk: a related document's repeal left the page's lastmod where it was).
        shown = [
            *catalog.replacing.get(item.index_no, ()),
            *catalog.amending.get(item.index_no, ()),
            *catalog.interpretations.get(item.index_no, ()),
            *(catalog.by_index[r] for r in item.related if r in catalog.by_index),
            *catalog.related_to.get(item.index_no, ()),
        ]
        policy = catalog.by_index.get(item.interprets) if item.interprets else None
        changed = max([last(item), *(last(i) for i in shown), *([last(policy)] if policy else [])])
        found[views.item_page_path(item)] = changed.isoformat()
    return found


def sitemaps(
    base_url: str,
    paths: Sequence[str],
    most: int = SITEMAP_MOST,
    lastmod: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Return sitemap.xml listing *paths* (HTML pages, both editions) under *base_url*; past
    *most* addresses, sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml… of *most*
    each: the protocol's limit, which both editions of about 23,000 items pass (20,000 items
    make 21,916 pages, 43,832 addresses). *lastmod* gives a page's day of change, where
    known (`item_changes`)."""
    ordered = sorted(paths)
    changes = lastmod or {}
    if len(ordered) <= most:
        return {urls.SITEMAP: _urlset(base_url, ordered, changes)}
    files = {
        f"sitemap-{number}.xml": _urlset(base_url, ordered[start : start + most], changes)
        for number, start in enumerate(range(0, len(ordered), most), start=1)
    }
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<sitemapindex xmlns="{_SITEMAPS_XMLNS}">',
        *(f"  <sitemap><loc>{_xml(base_url + name)}</loc></sitemap>" for name in files),
        "</sitemapindex>",
    ]
    return {urls.SITEMAP: ("\n".join(lines) + "\n").encode("utf-8"), **files}


def _urlset(base_url: str, paths: Sequence[str], lastmod: Mapping[str, str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{_SITEMAPS_XMLNS}">']
    lines += [
        f"  <url><loc>{_xml(base_url + p)}</loc><lastmod>{lastmod[p]}</lastmod></url>"
        if p in lastmod
        else f"  <url><loc>{_xml(base_url + p)}</loc></url>"
        for p in paths
    ]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str | None) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url}{urls.SITEMAP}")
    return ("\n".join(lines) + "\n").encode("utf-8")
