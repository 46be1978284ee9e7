"""What each page shows, decided in Python: templates only present these values.

Paths here are site-root paths; templates turn them into relative links with `url()`.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from generator import urls
from generator.catalog import Catalog, Crumb, Listing, ListingKind, ListingPage
from generator.config import Config
from generator.fields import FIELD_BY_KEY, Disclosure, Status
from generator.item import Item

_LEGAL_FORCE = {
    Status.IN_FORCE: "https://schema.org/InForce",
    Status.EXPIRED: "https://schema.org/NotInForce",
    Status.REPEALED: "https://schema.org/NotInForce",
    Status.AMENDED: "https://schema.org/PartiallyInForce",
}
_FILE_TYPES = {
    ".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".xls": "XLS", ".xlsx": "XLSX",
    ".ofd": "OFD", ".csv": "CSV", ".zip": "ZIP", ".png": "PNG", ".jpg": "JPG", ".jpeg": "JPG",
    ".txt": "TXT", ".wps": "WPS", ".et": "ET",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Day:
    iso: str
    text: str


def day(value: date | None, clock: time | None = None) -> Day | None:
    """Return *value* as an ISO date and its Chinese spelling (2024年3月1日)."""
    if value is None:
        return None
    text = f"{value.year}年{value.month}月{value.day}日"
    iso = value.isoformat()
    if clock is not None:
        text += f" {clock:%H:%M}"
        iso = datetime.combine(value, clock).isoformat(timespec="minutes")
    return Day(iso, text)


@dataclass(frozen=True, slots=True, repr=False)
class Row:
    """One item in a listing table; its repr (the page fingerprint's part) is computed once."""

    index_no: str
    title: str
    path: str | None
    doc_no: str
    written: Day | None
    published: Day
    status: str
    in_force: bool
    disclosure: str
    public: bool
    reason: str  # shown for items whose body is not published
    apply_path: str | None  # the how-to-apply page, for 依申请公开 items
    signature: str = ""
    # Its title's link prints the page's full address on paper: a row of an item page's
    # tables of related documents, which the paper names nowhere else; not a listing's, whose
    # 索引号 and 文号 find it (an address after every title doubled a printed listing), nor
    # one whose address the page prints above it already (`pagebody.printed_once`).
    addressed: bool = False
    # What its title's link says after the title, in （）, where another row of its table
    # links a document of the same title (`told_apart`): its 文号, or its 索引号.
    apart: str = ""

    def __repr__(self) -> str:
        return self.signature


@dataclass(frozen=True, slots=True)
class HeaderField:
    label: str
    text: str
    day: Day | None = None
    path: str | None = None
    verbatim: bool = False  # an official identifier: never converted to 繁體
    # Its link prints the page's full address on paper: a document's (此前修改) that the page
    # names nowhere else; not a column's, nor the 废止依据 the banner above names already.
    addressed: bool = False
    # The 文号 of the document a 废止依据 or 此前修改 names, after its title in （）: quoted as
    # issued, never converted, as the banner above quotes it (a 繁體 reader's walk: one page
    # read 示民规〔2025〕1号 in its banner and 示民規〔2025〕1號 in its header).
    doc_no: str = ""


@dataclass(frozen=True, slots=True)
class Banner:
    statement: str  # "本文件已废止"
    day: Day | None
    replaced_by: str | None
    replaced_by_path: str | None
    # The replacing document's 文号: it often has this one's title (a repealed 办法 and the
    # 办法 of the same name that replaced it), and a link named as the page itself read, to a
    # screen reader, as a link to itself (a reader's walk).
    replaced_by_doc_no: str | None = None
    state: str = ""  # "已废止": in the window title, which was the same for both documents
    # "repealed", "expired" or "amended": the page's class, which names its printed pages
    # (each says the document's state at its top)
    kind: str = ""


@dataclass(frozen=True, slots=True)
class AttachmentView:
    title: str
    path: str
    kind: str
    size: str
    # The file's public address (base_url set): printed after its title, so that a paper copy
    # says where to find the file (an accessibility pass: the 适老化 print case).
    address: str | None = None


@dataclass(frozen=True, slots=True)
class TreeNode:
    title: str
    path: str
    count: int
    updated: Day | None
    children: tuple[TreeNode, ...]
    more: str = ""  # the fold's label over the children: 下级栏目 9 个
    # what a screen reader's list of controls says of the fold: whose children they are (a
    # re-walk: eight townships' folds read 下级栏目 3 个 alike), after the words shown, so
    # that speech control finds it by them (WCAG 2.5.3; a screen reader's walk: the column's
    # name came first, 法定主动公开内容的下级栏目 11 个)
    more_name: str = ""


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int
    path: str
    current: bool
    gap: bool = False


def item_page_path(item: Item) -> str:
    return urls.item_path(item.index_no, item.published.year)


def row(catalog: Catalog, item: Item, apply_path: str | None = None) -> Row:
    """Return the listing row of *item*; non-public items link to the how-to-apply page."""
    values = (
        item.index_no,
        item.title,
        item_page_path(item) if catalog.has_page(item) else None,
        item.doc_no or "",
        day(item.written),
        day(item.published, item.published_time) or Day("", ""),
        status_text(catalog, item),
        item.status is Status.IN_FORCE,
        item.disclosure.value,
        item.disclosure.has_public_body,
        "" if item.disclosure.has_public_body else (item.reason or ""),
        apply_path if item.disclosure is Disclosure.ON_REQUEST else None,
    )
    return Row(*values, signature=f"Row{values!r}")


def told_apart(rows: Sequence[Row]) -> tuple[Row, ...]:
    """Return *rows*, each whose linked title another of them links too saying after it, in
    its link, its 文号, or its 索引号 where the 文号 do not tell them apart. A screen reader's
    list of links read two links of one name, to a repealed 办法 and to the 办法 of the same
    name that replaced it (a screen reader's walk); the row's other cells are not in that
    list. Shown, not only read: a link's name is what it says (WCAG 2.5.3)."""
    shared: dict[str, list[Row]] = {}
    for r in rows:
        if r.path:
            shared.setdefault(r.title, []).append(r)
    apart: dict[str, str] = {}
    for group in shared.values():
        if len(group) < 2:
            continue
        doc_nos = [r.doc_no for r in group]
        by_doc_no = all(doc_nos) and len(set(doc_nos)) == len(doc_nos)
        for r in group:
            apart[r.index_no] = r.doc_no if by_doc_no else r.index_no
    if not apart:
        return tuple(rows)
    return tuple(
        dataclasses.replace(
            r, apart=apart[r.index_no], signature=f"{r.signature}{apart[r.index_no]!r}"
        )
        if r.index_no in apart
        else r
        for r in rows
    )


def tree(listings: Sequence[Listing], depth: int = 99) -> tuple[TreeNode, ...]:
    """Return the tree of *listings* with counts, *depth* levels deep."""
    return tuple(
        TreeNode(
            lst.name,
            lst.path,
            len(lst.items),
            day(lst.updated),
            tree(lst.children, depth - 1) if depth > 1 else (),
            f"下级栏目 {len(lst.children)} 个" if lst.children and depth > 1 else "",
            f"下级栏目 {len(lst.children)} 个（{lst.name}）" if lst.children and depth > 1 else "",
        )
        for lst in listings
    )


def pagination(pages: Sequence[ListingPage], number: int) -> tuple[PageLink, ...]:
    """Return the page links of page *number*: the first, the last and two either side.

    A gap between shown numbers is a link with `gap=True` (printed as “…”), so a listing of
    400 pages does not print 400 links on each of them.
    """
    if len(pages) < 2:
        return ()
    shown = sorted({1, len(pages), *range(max(1, number - 2), min(len(pages), number + 2) + 1)})
    found: list[PageLink] = []
    for n in shown:
        if found and n - found[-1].number > 1:
            found.append(PageLink(found[-1].number + 1, "", False, gap=True))
        page = pages[n - 1]
        found.append(PageLink(page.number, page.path, page.number == number))
    return tuple(found)


def crumbs_for(listing: Listing) -> tuple[Crumb, ...]:
    return (*listing.parents, Crumb(listing.title, None))


def listing_heading(listing: Listing) -> str:
    if listing.kind in (ListingKind.CATEGORY, ListingKind.STATUS):
        return listing.title
    return f"{listing.kind.value}：{listing.title}"


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


# A title that ends with its file's type in brackets, in ASCII or full-width letters, with
# 格式, 版, 文件, 文档 or 表格 or not: 说明（PDF）, 说明(pdf), 说明（PDF格式）, 表（Excel表格）.
_TYPE_AT_END = re.compile(
    r"\s*[（(]\s*([A-Za-z\uff21-\uff3a\uff41-\uff5a]+)\s*(?:格式|版|文件|文档|表格)?\s*[）)]\s*$"
)
# The types a title's brackets may name by another word: a type's other name, or the program
# that makes it (说明（Word版） on a .docx, 表（Excel版）, 表（WPS版） on a .et).
_SAME_TYPE = {
    "JPEG": {"JPG"},
    "WORD": {"DOC", "DOCX"},
    "EXCEL": {"XLS", "XLSX"},
    "WPS": {"WPS", "ET"},
}


def _without_type(title: str, kind: str) -> str:
    """Return *title* without its last brackets when they say *kind* (the file's type), which
    the page says after it with the size: "说明（PDF）" was shown and heard as
    "说明（PDF）（PDF，2.0 KB）" (a screen reader's walk), and "说明（Word版）" as
    "说明（Word版）（DOCX，2.0 KB）". A title that would be left empty, or whose brackets say
    another type, is kept as written."""
    found = _TYPE_AT_END.search(title)
    if found is None or not title[: found.start()].strip():
        return title
    said = unicodedata.normalize("NFKC", found.group(1)).upper()
    return title[: found.start()] if kind in _SAME_TYPE.get(said, {said}) else title


def attachments(item: Item, base_url: str | None = None) -> tuple[AttachmentView, ...]:
    """Return the item's attachments as the page lists them: each title without a file type
    the page says after it, unless two links would then have one name (说明（PDF） and
    说明（OFD）: a list of links showed 说明 twice, to two files)."""
    kinds = [
        _FILE_TYPES.get("." + a.path.rpartition(".")[2].lower(), "文件") for a in item.attachments
    ]
    short = [_without_type(a.title, kind) for a, kind in zip(item.attachments, kinds, strict=True)]
    found = []
    for a, kind, title in zip(item.attachments, kinds, short, strict=True):
        link = urls.file_link(a.path)
        found.append(
            AttachmentView(
                title if short.count(title) == 1 else a.title,
                link,
                kind,
                _size(a.size),
                f"{base_url}{link}" if base_url else None,
            )
        )
    return tuple(found)


def _target(catalog: Catalog, index_no: str) -> tuple[str, str | None]:
    """Return the title and page path of the item with *index_no*, or the text itself."""
    target = catalog.by_index.get(index_no)
    if target is None:
        return index_no, None
    return target.title, item_page_path(target) if catalog.has_page(target) else None


def _basis(catalog: Catalog, reference: str) -> tuple[str, str | None, str]:
    """Return how the header names the document *reference* gives, its page and its 文号
    (shown after the title: a print walk found a repealed 办法's 废止依据 read as its own
    title, the new 办法 having the same name), or the text."""
    title, path = _target(catalog, reference)
    target = catalog.by_index.get(reference)
    return title, path, target.doc_no if target is not None and target.doc_no else ""


def basis_title(catalog: Catalog, replaced_by: str) -> str:
    """Return how a page names the document *replaced_by* gives: its title, or the text."""
    return _target(catalog, replaced_by)[0]


def status_text(catalog: Catalog, item: Item) -> str:
    """Return *item*'s 效力状态 as its page and its listing rows say it: with the day it
    applies from when that is still to come (a lawyer's walk: the old and the new 办法 were
    both 有效 in the weeks between the new one's publication and its 施行日期, as JSON-LD was
    not; an editor's walk: 现行有效文件 listed the new one with nothing said)."""
    starts = item.valid_from
    if item.status is Status.IN_FORCE and starts is not None and starts > catalog.as_of:
        shown = day(starts)
        assert shown is not None
        return f"{item.status.value}（{shown.text}起施行）"
    return item.status.value


def header(catalog: Catalog, item: Item) -> tuple[HeaderField, ...]:
    """Return the metadata header of *item*: labels from the field declaration."""
    node = catalog.config.nodes[item.category]
    found: list[HeaderField] = [
        HeaderField(FIELD_BY_KEY["index_no"].label, item.index_no, verbatim=True),
        HeaderField(FIELD_BY_KEY["issuer"].label, item.issuer),
    ]
    if item.department:
        found.append(HeaderField(FIELD_BY_KEY["department"].label, item.department))
    found.append(
        HeaderField(
            FIELD_BY_KEY["category"].label,
            catalog.category_of[node.key].title,
            path=catalog.category_of[node.key].path,
        )
    )
    if item.topics:
        found.append(HeaderField(FIELD_BY_KEY["topics"].label, "、".join(item.topics)))
    if item.genre:
        found.append(HeaderField(FIELD_BY_KEY["genre"].label, item.genre))
    if item.doc_no:
        found.append(HeaderField(FIELD_BY_KEY["doc_no"].label, item.doc_no, verbatim=True))
    for key, value in (
        ("written", item.written),
        ("valid_from", item.valid_from),
        ("valid_until", item.valid_until),
    ):
        shown = day(value)
        if shown is not None:
            found.append(HeaderField(FIELD_BY_KEY[key].label, shown.text, day=shown))
    published = day(item.published, item.published_time)
    if published is not None:
        found.append(HeaderField(FIELD_BY_KEY["published"].label, published.text, day=published))
    found.append(HeaderField(FIELD_BY_KEY["status"].label, status_text(catalog, item)))
    # When and by what it stopped or changed, as rows of their own (a re-user's walk: a
    # scraper had to read them out of the banner's sentence).
    if item.status is not Status.IN_FORCE:
        change = _CHANGE[item.status]
        changed = day(item.status_date)
        if changed is not None:
            found.append(HeaderField(f"{change}日期", changed.text, day=changed))
        if item.replaced_by:
            title, path, doc_no = _basis(catalog, item.replaced_by)
            found.append(HeaderField(f"{change}依据", title, path=path, doc_no=doc_no))
    for amendment in item.amendments:  # the ones before, oldest first
        title, path, doc_no = _basis(catalog, amendment.by)
        when = day(amendment.date)
        text = f"{when.text}，依据：{title}" if when else title
        label = FIELD_BY_KEY["amendments"].label
        found.append(HeaderField(label, text, path=path, addressed=path is not None, doc_no=doc_no))
    found.append(HeaderField(FIELD_BY_KEY["disclosure"].label, item.disclosure.value))
    if item.keywords:
        found.append(HeaderField(FIELD_BY_KEY["keywords"].label, "、".join(item.keywords)))
    return tuple(found)


# The status label is not always a verb: "已修改" already has its 已 ("本文件已已修改" was shown).
_STATEMENT = {
    Status.EXPIRED: "本文件已失效",
    Status.REPEALED: "本文件已废止",
    Status.AMENDED: "本文件已修改",
}


_CHANGE = {Status.REPEALED: "废止", Status.EXPIRED: "失效", Status.AMENDED: "修改"}
_KIND = {Status.REPEALED: "repealed", Status.EXPIRED: "expired", Status.AMENDED: "amended"}


def banner(catalog: Catalog, item: Item) -> Banner | None:
    """Return the status banner of an item that is no longer (wholly) in force."""
    if item.status is Status.IN_FORCE:
        return None
    title, path = _target(catalog, item.replaced_by) if item.replaced_by else (None, None)
    target = catalog.by_index.get(item.replaced_by) if item.replaced_by else None
    return Banner(
        _STATEMENT[item.status],
        day(item.status_date),
        title,
        path,
        (target.doc_no or None) if target is not None else None,
        _STATEMENT[item.status].removeprefix("本文件"),
        _KIND[item.status],
    )


def policy_banner(catalog: Catalog, item: Item) -> Banner | None:
    """Return the note on an interpretation whose policy is no longer (wholly) in force: when
    and by what it stopped or changed (a lawyer's walk: a reader of the 解读 of a repealed
    办法 learned it only from a tag in the table at the page's end)."""
    policy = catalog.by_index.get(item.interprets) if item.interprets else None
    found = banner(catalog, policy) if policy is not None else None
    if found is None:
        return None
    return dataclasses.replace(
        found, statement=found.statement.replace("本文件", "本解读所解读的文件", 1)
    )


def jsonld(catalog: Catalog, item: Item, base_url: str | None) -> str:
    """Return schema.org Legislation JSON-LD for *item* (mapping: ../shared/domain.md)."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": item.title,
        "identifier": item.index_no,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": item.issuer},
        # 有效 but not yet applicable (its 施行日期 after the catalog's day) is not in force
        # (a re-user's walk: counted as InForce a rule that did not apply yet)
        "legislationLegalForce": "https://schema.org/NotInForce"
        if item.status is Status.IN_FORCE and item.valid_from and item.valid_from > catalog.as_of
        else _LEGAL_FORCE[item.status],
        # With its time when the item gives one (schema.org Date or DateTime; China time).
        "datePublished": item.published.isoformat()
        if item.published_time is None
        else f"{item.published.isoformat()}T{item.published_time.strftime('%H:%M')}+08:00",
        "inLanguage": catalog.config.site.language,
    }
    if item.doc_no:
        data["legislationIdentifier"] = item.doc_no
    if item.written:
        data["legislationDate"] = item.written.isoformat()
    if item.department:
        data["legislationResponsible"] = {
            "@type": "GovernmentOrganization",
            "name": item.department,
        }
    if item.valid_from:
        data["legislationDateOfApplicability"] = item.valid_from.isoformat()
    if item.valid_until:
        data["expires"] = item.valid_until.isoformat()
    # What this item repealed, and what it changed otherwise (amended): each under its own
    # key (an audit: one repealed item put the amended ones under legislationRepeals too).
    replaced = catalog.replacing.get(item.index_no, ())
    amended = catalog.amending.get(item.index_no, ())
    for key, listed in (
        ("legislationRepeals", [r for r in replaced if r.status is Status.REPEALED]),
        (
            "legislationChanges",
            [*(r for r in replaced if r.status is not Status.REPEALED), *amended],
        ),
    ):
        if listed:
            data[key] = [_reference(catalog, r, base_url) for r in listed]
    # A policy and its interpretations, both ways, as the pages link them (a re-user's walk:
    # the JSON-LD of neither named the other).
    policy = catalog.by_index.get(item.interprets) if item.interprets else None
    if policy is not None:
        data["about"] = _reference(catalog, policy, base_url)
    if interpretations := catalog.interpretations.get(item.index_no):
        data["subjectOf"] = [_reference(catalog, i, base_url) for i in interpretations]
    # A reprint names where it came from, and the page's files are named (a re-user's walk:
    # a province's document looked passed by the city's bureau, the files were only links)
    if item.source is not None:
        based: dict[str, object] = {
            "@type": "CreativeWork",
            "publisher": {"@type": "GovernmentOrganization", "name": item.source.name},
        }
        if item.source.url:
            based["url"] = item.source.url
        if item.source.date:
            based["datePublished"] = item.source.date.isoformat()
        data["isBasedOn"] = based
    if item.attachments:
        data["associatedMedia"] = [
            {"@type": "MediaObject", "name": a.title}
            | ({"contentUrl": base_url + urls.file_link(a.path)} if base_url else {})
            for a in item.attachments
        ]
    if base_url:
        data["@id"] = data["url"] = base_url + item_page_path(item)
    return _json(data)


def _json(data: dict[str, object]) -> str:
    # </script> cannot appear inside the JSON: escape "<" the way JSON allows. No spaces
    # after "," and ":": read by programs only, and 57 bytes of a 50 KB item page's budget.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace(
        "<", "\\u003c"
    )


def edition_jsonlds(
    jsonld: str, *, lang: str, address: str | None, convert: Callable[[list[str]], list[str]]
) -> tuple[str, str]:
    """Return the JSON-LD *jsonld* of an item's 简体 page as each edition's page gives it.

    The 繁體 page's: the same Legislation (its 索引号, 文号, dates and what it names
    unchanged), its names (its title, the issuer's, those of the documents it names, its
    files') as *convert* prints them, in *lang*, at its own *address* (when the site has
    one), and an `exampleOfWork` of the document the 简体 page is. The 简体 page's names the
    繁體 page as its `workExample`, the inverse, so that a crawler that comes to either page
    learns of the other (about 100 bytes, on the 简体 pages only, whose budget has the room:
    the largest item page is a 繁體 one); without an *address*, it is *jsonld* itself.

    A 繁體 reader's walk found the 繁體 page's JSON-LD naming the 简体 page (its url, @id,
    inLanguage zh-CN), and the 简体 page naming neither. The 繁體 page is the same text in
    another script: one expression of the work, as ELI's `realizes` (schema.org
    `exampleOfWork`, whose inverse `workExample` the ELI mapping gives a legal act's
    language versions). Not `translationOfWork` (the text is not translated: the language
    is the same) nor `sameAs` (it would say the two pages, of two scripts and two
    addresses, are one thing).
    """
    data = json.loads(jsonld)
    linked = address is not None and "@id" in data
    simplified = _json(data | {"workExample": {"@id": address}}) if linked else jsonld
    named = list(_named(data))
    for node, name in zip(named, convert([node["name"] for node in named]), strict=True):
        node["name"] = name
    data["inLanguage"] = lang
    if linked:
        data["exampleOfWork"] = {"@id": data["@id"]}
        data["@id"] = data["url"] = address
    return simplified, _json(data)


def _named(node: object) -> Iterator[dict[str, str]]:
    """Yield every object in the JSON *node* that has a name, the outer one first."""
    if isinstance(node, list):
        for value in node:
            yield from _named(value)
    elif isinstance(node, dict):
        if isinstance(node.get("name"), str):
            yield node
        for value in node.values():
            yield from _named(value)


def _reference(catalog: Catalog, target: Item, base_url: str | None) -> dict[str, object]:
    """Return the JSON-LD node naming *target* from another item's: its title and 索引号,
    and, when it has a page and the site an address, that page as `@id` and `url` so that a
    crawler can follow it (a re-user's walk); a document with no page (依申请公开, a listed
    不予公开 one) is `urn:gkml:` and its 索引号, as in the feeds."""
    node: dict[str, object] = {
        "@type": "Legislation",
        "name": target.title,
        "identifier": target.index_no,
    }
    if not catalog.has_page(target):
        node["@id"] = f"urn:gkml:{target.index_no}"  # as its feed entry: no page to name it
    elif base_url:
        node["@id"] = node["url"] = base_url + item_page_path(target)
    return node


@dataclass(frozen=True, slots=True)
class ContactChannel:
    label: str
    text: str
    href: str | None  # mailto: or tel: when the channel can be followed


_ONE_NUMBER = re.compile(r"\+?[0-9(（][0-9 \-()（）]*")  # 0951-6000100, (0951) 600 0100


def _tel(phone: str) -> str | None:
    """Return the tel: address of *phone* when it is one number (not 6000100、6000101)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone) if _ONE_NUMBER.fullmatch(phone) else None


def config_contact_lines(config: Config) -> tuple[ContactChannel, ...]:
    """Return the footer's contact lines; a phone number and the e-mail address are links:
    a reader on a phone taps to call or write (a reader's walk)."""
    c = config.site.contact
    lines = (
        ContactChannel("地址", c.address, None),
        ContactChannel("邮编", c.postcode, None),
        ContactChannel("电话", c.phone, _tel(c.phone)),
        ContactChannel("传真", c.fax, None),
        ContactChannel("电子邮箱", c.email, f"mailto:{c.email}"),
        ContactChannel("办公时间", c.hours, None),
        ContactChannel("投诉举报", c.complaint, _tel(c.complaint)),
    )
    return tuple(line for line in lines if line.text)


# The registries a record number is looked up in: the ICP number links to MIIT's filing
# system (《非经营性互联网信息服务备案管理办法》第十三条: shown with a link to it), the public
# security record to the MPS's, by its digits. A link is followed by the reader; nothing is
# fetched (a maintainer's walk found both numbers as plain text).
ICP_REGISTRY = "https://beian.miit.gov.cn/"
POLICE_REGISTRY = "https://beian.mps.gov.cn/#/query/webSearch?code="


def footer_records(config: Config) -> tuple[ContactChannel, ...]:
    """Return the footer's record numbers (ICP备案, 公安备案), each with its registry's link."""
    site = config.site
    found: list[ContactChannel] = []
    if site.icp:
        found.append(ContactChannel("ICP备案", site.icp, ICP_REGISTRY))
    if site.police_record:
        digits = re.sub(r"[^0-9]", "", site.police_record)
        found.append(
            ContactChannel(
                "公安备案", site.police_record, POLICE_REGISTRY + digits if digits else None
            )
        )
    return tuple(found)


def report_channels(config: Config) -> tuple[ContactChannel, ...]:
    """Return how a reader reports an accessibility problem, from `site.contact`."""
    c = config.site.contact
    found: list[ContactChannel] = []
    if c.email:
        found.append(ContactChannel("电子邮箱", c.email, f"mailto:{c.email}"))
    if c.phone:
        found.append(ContactChannel("电话", c.phone, _tel(c.phone)))
    if c.fax:
        found.append(ContactChannel("传真", c.fax, None))
    if c.address:
        address = f"{c.address}（邮编 {c.postcode}）" if c.postcode else c.address
        found.append(ContactChannel("来信地址", address, None))
    if c.hours:
        found.append(ContactChannel("办公时间", c.hours, None))
    return tuple(found)
