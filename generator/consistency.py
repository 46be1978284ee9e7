"""Checks across files: unique index numbers, references that point at real items, and public
bodies that would publish a non-public item's attachment."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator import urls
from generator.diagnostics import Collector, Diagnostic
from generator.fields import Disclosure, Status, change_line
from generator.frontmatter import read_body
from generator.item import (
    BodyLink,
    Item,
    bare_name,
    cites_any,
    withheld_attachments,
    withheld_names,
)
from generator.page import Page
from generator.reader import looks_like_index_no
from generator.yamlnodes import Position


@dataclass(frozen=True, slots=True)
class Declared:
    """An index number as a file declares it, whether or not the file is otherwise valid."""

    index_no: str
    path: str
    pos: Position
    # A file with errors, whose item is not read: the index numbers it names (interprets,
    # replaced_by, related), checked as an item's are, in the same run.
    references: tuple[tuple[str, str, Position], ...] = ()


def cross_check(
    declared: Sequence[Declared],
    items: Sequence[Item],
    read_lines: Callable[[str], Sequence[str]],
    *,
    report_for: Collection[str] | None = None,
    withheld_listed: bool = False,
    present: Callable[[str], bool] | None = None,
    pages: Sequence[Page] = (),
    root: Path | None = None,
) -> list[Diagnostic]:
    """Return the diagnostics that involve more than one file.

    *report_for* limits the report to those files (all files when None); *read_lines* returns
    a file's text lines for the caret display, and is called only for reported files;
    *present* tells whether a body's link leads to a file, which is then published (None:
    every file a body links to counts); *root*, the site's folder, lets a public file be
    compared with the non-public items' attachments by content (None: by path alone).
    """
    lines_of = cache(read_lines)

    def wanted(path: str) -> bool:
        return report_for is None or path in report_for

    by_index: dict[str, list[Declared]] = defaultdict(list)
    for d in declared:
        by_index[d.index_no].append(d)
    found = _shared_values(
        {
            index_no: [(d.path, d.pos, d.path) for d in owners]
            for index_no, owners in by_index.items()
        },
        "GK201",
        "index_no",
        lambda index_no, others_zh, others_en: (
            f"索引号 “{index_no}” 重复：{others_zh} 也使用了它",
            f'index_no "{index_no}" is also used by {others_en}',
        ),
        wanted,
        lines_of,
        fix=_next_free(by_index),
    )
    found += _shared_pages(items, wanted, lines_of)
    found += _shared_files(items, pages, wanted, lines_of, present)
    found += _pageless_links(declared, items, pages, wanted, lines_of, present)
    found += _attached_twice(items, wanted, lines_of)
    if root is not None:
        found += _copies_of_withheld(items, pages, wanted, lines_of, root)
    found += _missing_places(items, pages, wanted, lines_of)
    if not withheld_listed:
        found += _withheld_references(items, wanted, lines_of)
    found += _shared_doc_numbers(items, wanted, lines_of)
    withheld = withheld_attachments(items, lambda i: i.disclosure.has_public_body)
    item_by_index = {i.index_no: i for i in items}
    names = functools.cache(lambda: _names(items))  # each 文号 and title, when GK226 asks
    for item in items:
        if not wanted(item.path):
            continue
        out = Collector(item.path, lines_of=lines_of)
        # A field's position only for a reference to report: a cached item makes its
        # positions when asked (`readcache`), 3,785 times for nothing at 20,000 items.
        if item.interprets and item.interprets not in by_index:
            where = item.positions["interprets"]
            _unknown_reference(out, "interprets", item.interprets, where, by_index, items, names)
        policy = item_by_index.get(item.interprets) if item.interprets else None
        if policy is not None and item.published < policy.published:
            # the timeliness report counted it as on time (an audit)
            out.add(
                "GK218",
                item.positions["published"],
                field="published",
                zh=f"解读的发布日期 {item.published} 早于它解读的政策文件 {policy.index_no} 的"
                f"发布日期 {policy.published}",
                en=f"published {item.published}, before the policy it interprets, "
                f"{policy.index_no}, published {policy.published}",
            )
        for i, target in enumerate(item.related):
            if target not in by_index:
                pos = item.positions.get(f"related[{i}]", item.positions.get("related"))
                _unknown_reference(out, "related", target, pos, by_index, items, names)
        if item.replaced_by and item.replaced_by not in by_index:
            pos = item.positions["replaced_by"]
            _unknown_reference(out, "replaced_by", item.replaced_by, pos, by_index, items, names)
        _replacement(out, item, item_by_index)
        for n, amendment in enumerate(item.amendments):
            if amendment.by not in by_index:
                pos = item.positions.get(f"amendments[{n}]", item.positions.get("amendments"))
                _unknown_reference(out, "amendments", amendment.by, pos, by_index, items, names)
        _withheld_links(out, item.body_links, withheld)
        found += out.found
    found += _unread_references(declared, by_index, items, names, wanted, lines_of)
    for page in pages:  # public in full, as a public item's body
        if wanted(page.path):
            out = Collector(page.path, lines_of=lines_of)
            _withheld_links(
                out,
                page.body_links,
                withheld,
                fix_zh="删除这个链接；确需公开该文件的，先经保密审查，从那条信息的附件"
                "（attachments）中移出，再列入一条主动公开信息的附件",
                fix_en="delete the link; if the file must be public, have it reviewed for secrets"
                " first, take it out of the other item's attachments, then list it in a public"
                " item's",
            )
            found += out.found
    return found


def _shared_doc_numbers(
    items: Sequence[Item], wanted: Callable[[str], bool], lines_of: Callable[[str], Sequence[str]]
) -> list[Diagnostic]:
    """Return GK219 for each item whose 文号 another item has too (a migration walk: an old
    CMS had split a notice from its annex, and two items carried 示人社发〔2024〕12号)."""
    by_doc_no: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.doc_no:
            by_doc_no[item.doc_no].append(item)
    # Positions only for the 文号 shared: a cached item makes them when asked (`readcache`).
    shared = {
        doc_no: [(i.path, i.positions.get("doc_no"), f"{i.index_no}（{i.path}）") for i in group]
        for doc_no, group in by_doc_no.items()
        if len(group) > 1
    }
    return _shared_values(
        shared,
        "GK219",
        "doc_no",
        lambda doc_no, others_zh, others_en: (
            f"文号 “{doc_no}” 与 {others_zh} 相同",
            f'doc_no "{doc_no}" is also that of {others_en}',
        ),
        wanted,
        lines_of,
    )


def _shared_values(
    groups: Mapping[str, Sequence[tuple[str, Position | None, str]]],
    code: str,
    field: str,
    say: Callable[[str, str, str], tuple[str, str]],
    wanted: Callable[[str], bool],
    lines_of: Callable[[str], Sequence[str]],
    *,
    fix: Callable[[str], tuple[str, str]] | None = None,
) -> list[Diagnostic]:
    """Return *code* for each holder (file, where, how the others name it) of a value that
    another holder in *groups* has too; *say* gives the message (Chinese, English) of the
    value and the others' names, the first three of them and how many more (a scale walk:
    2,000 items with one 文号 each listed all the others, 388 MB of warnings); *fix*, the
    fix for a value (else the code's own)."""
    found: list[Diagnostic] = []
    for value, holders in groups.items():
        if len(holders) < 2:
            continue
        for n, (path, pos, _name) in enumerate(holders):
            if not wanted(path):
                continue
            first = [name for m, (_p, _pos, name) in enumerate(holders[:4]) if m != n][:3]
            more = len(holders) - 1 - len(first)
            zh, en = say(
                value,
                "、".join(first) + (f" 等另外 {more} 条" if more else ""),
                ", ".join(first) + (f" and {more} more" if more else ""),
            )
            fix_zh, fix_en = ("", "") if fix is None else fix(value)
            out = Collector(path, lines_of=lines_of)
            out.add(
                code, pos, field=field, zh=zh, en=en, fix_zh=fix_zh, fix_en=fix_en, span=len(value)
            )
            found += out.found
    return found


def _next_free(by_index: Mapping[str, object]) -> Callable[[str], tuple[str, str]]:
    """Return the fix of a shared index number: the next free one after the highest of its
    kind (same text before the serial, as wide), which a copied file most often needs (a
    newcomer's walk: the fix only said `gkml new` gives one); the code's own fix for an
    index number with no serial at its end. The highest serials are found at the first
    fix asked for: a site without a shared number has none to give (30 ms at 20,000 items)."""
    highest: dict[tuple[str, int], int] = {}
    given: dict[str, str] = {}  # each shared number's own free one: two pairs, two numbers

    def fix(index_no: str) -> tuple[str, str]:
        found = _SERIAL.match(index_no)
        if found is None:
            return "", ""
        if not highest:
            for other in by_index:
                if (serial := _SERIAL.match(other)) is not None:
                    kind = (serial[1], len(serial[2]))
                    highest[kind] = max(highest.get(kind, 0), int(serial[2]))
        free = given.get(index_no)
        if free is None:
            kind = (found[1], len(found[2]))
            highest[kind] += 1
            free = given[index_no] = f"{found[1]}{highest[kind]:0{kind[1]}d}"
        return (
            f"索引号必须唯一：把其中一条（多为复制来的那一条）改为下一个空号 {free}",
            f"an index number must be unique: give one of them (most often the copy) the next"
            f" free number, {free}",
        )

    return fix


_SERIAL = re.compile(r"^(.*\D)(\d+)$")


def _meant_index(written: str, by_index: Mapping[str, object], items: Sequence[Item]) -> str | None:
    """Return the index number *written* most likely means (a migration walk): the one of
    the item whose 文号 it is, or the one it is without its serial's zeros (2024-22 for
    2024-00022)."""
    for other in items:
        if other.doc_no and other.doc_no == written.strip():
            return other.index_no
    found = _SERIAL.match(written.strip())
    if found is None:
        return None
    prefix, serial = found[1], int(found[2])
    same = [
        index
        for index in by_index
        if index.startswith(prefix)
        and index[len(prefix) :].isdigit()
        and int(index[len(prefix) :]) == serial
    ]
    return same[0] if len(same) == 1 else None


def _withheld_links(
    out: Collector,
    links: Sequence[BodyLink],
    withheld: Mapping[str, Item],
    fix_zh: str = "",
    fix_en: str = "",
) -> None:
    """Report GK210 for each of *links* to an attachment of a non-public item (*withheld*):
    the build leaves such a link as written, a dead link, and never publishes the file."""
    for link in links:
        holder = withheld.get(link.target)
        if holder is not None:
            out.add(
                "GK210",
                link.pos,
                field=None,
                zh=f"正文链接到 {holder.index_no}（{holder.disclosure.value}）的附件 "
                f"{link.target}，公开正文不能发布它",
                en=f"the body links to {link.target}, an attachment of {holder.index_no} "
                f"({holder.disclosure.value}), which a public body may not publish",
                fix_zh=fix_zh,
                fix_en=fix_en,
                span=1,
            )


def _public_links(
    items: Sequence[Item], pages: Sequence[Page], wanted: Callable[[str], bool]
) -> list[tuple[str, tuple[BodyLink, ...]]]:
    """Return (file, its body's links) of each free page and public item *wanted* that has
    links: the bodies the site publishes."""
    linking = [(p.path, p.body_links) for p in pages if p.body_links and wanted(p.path)]
    linking += [
        (i.path, i.body_links)
        for i in items
        if i.body_links and i.disclosure.has_public_body and wanted(i.path)
    ]
    return linking


def _missing_places(
    items: Sequence[Item],
    pages: Sequence[Page],
    wanted: Callable[[str], bool],
    lines_of: Callable[[str], Sequence[str]],
) -> list[Diagnostic]:
    """Return GK217 for each link to a place (`#…`) in another item's or a free page's page
    that the page does not have: its heading was renamed, or the link copied from elsewhere
    (a reviewer's walk: such a link opened the page at its top, and nothing said so)."""
    shown = {i.path for i in items if i.disclosure.has_public_body} | {p.path for p in pages}
    places: dict[str, frozenset[str]] = {}
    found: list[Diagnostic] = []
    for owner, links in _public_links(items, pages, wanted):
        out = Collector(owner, lines_of=lines_of)
        for link in links:
            if not link.fragment or link.target not in shown:
                continue  # no place named, or no page to have it (GK119, GK215)
            if link.target not in places:
                from generator.body import anchors  # here: few bodies name a place

                text = "\n".join(lines_of(link.target)).encode("utf-8")
                places[link.target] = anchors(read_body(text, link.target)) | {"main"}
            if link.fragment in places[link.target]:
                continue
            headings = sorted(p for p in places[link.target] if not p.startswith("fn"))[:6]
            there = "、".join(f"#{p}" for p in headings if p != "main") or "（没有标题）"
            out.add(
                "GK217",
                link.pos,
                field=None,
                zh=f"正文链接到 {link.target} 的 “#{link.fragment}”，那个网页上没有这个位置，"
                f"链接只打开网页的开头；那里的位置有：{there}",
                en=f'the body links to "#{link.fragment}" in {link.target}, a place its page '
                f"does not have: the link opens the page at its top (its places: {there})",
            )
        found += out.found
    return found


def _attached_twice(
    items: Sequence[Item], wanted: Callable[[str], bool], lines_of: Callable[[str], Sequence[str]]
) -> list[Diagnostic]:
    """Return GK216 for each attachment of a public item that a 依申请公开 or 不予公开 item
    lists too: the build publishes a file a public item lists, so the other item's secrecy
    review would be undone without a word (an editor's walk: GK210's fix said to do just that,
    and the reviewer's diff showed an ordinary new attachment)."""
    closed: dict[str, Item] = {}
    for item in items:
        if not item.disclosure.has_public_body:
            for attachment in item.attachments:
                closed.setdefault(attachment.path, item)
    if not closed:
        return []
    found: list[Diagnostic] = []
    for item in items:
        if not item.attachments or not item.disclosure.has_public_body or not wanted(item.path):
            continue
        out = Collector(item.path, lines_of=lines_of)
        for n, attachment in enumerate(item.attachments):
            holder = closed.get(attachment.path)
            if holder is None:
                continue
            out.add(
                "GK216",
                item.positions.get(f"attachments[{n}]", item.positions.get("attachments")),
                field="attachments",
                zh=f"附件 {attachment.path} 也是 {holder.index_no}（{holder.disclosure.value}）的"
                "附件，不公开信息的附件不能在这里公开",
                en=f"the attachment {attachment.path} is also an attachment of "
                f"{holder.index_no} ({holder.disclosure.value}), which may not be published here",
                span=len(attachment.file),
            )
        found += out.found
    return found


_COPY_FIX = (
    "换成本信息自己的文件（迁移时，从它在旧网站上的页面重新下载），或删去；不要复制不公开信息的文件",
    "put this item's own file in its place (in a migration, download it again from the item's "
    "old page), or take it out; do not copy a non-public item's file",
)


def _copies_of_withheld(
    items: Sequence[Item],
    pages: Sequence[Page],
    wanted: Callable[[str], bool],
    lines_of: Callable[[str], Sequence[str]],
    root: Path,
) -> list[Diagnostic]:
    """Return GK216 for each attachment, and GK210 for each file a public body links to, that
    is a copy of a 依申请公开 or 不予公开 item's attachment under another name: the same bytes.

    A migration walk: two items' 附件1.pdf had overwritten each other in one folder, the
    survivor the 不予公开 item's; following the advice to give each item a folder of its own,
    the clerk copied it into the public item's folder, and nothing compared the contents.
    Files are read only where sizes agree."""
    closed: dict[int, list[tuple[str, Item]]] = defaultdict(list)
    for item in items:
        if not item.disclosure.has_public_body:
            for attachment in item.attachments:
                closed[attachment.size].append((attachment.path, item))
    if not closed:
        return []
    digests: dict[str, bytes | None] = {}

    def digest(path: str) -> bytes | None:
        if path not in digests:
            try:
                digests[path] = hashlib.sha256((root / path).read_bytes()).digest()
            except OSError:
                digests[path] = None
        return digests[path]

    def original(path: str, size: int) -> tuple[str, Item] | None:
        for other, holder in closed.get(size, ()):
            if other != path and digest(path) is not None and digest(path) == digest(other):
                return other, holder
        return None

    found: list[Diagnostic] = []
    for item in items:
        if not item.disclosure.has_public_body or not wanted(item.path):
            continue
        out = Collector(item.path, lines_of=lines_of)
        for n, attachment in enumerate(item.attachments):
            copy = original(attachment.path, attachment.size)
            if copy is not None:
                other, holder = copy
                out.add(
                    "GK216",
                    item.positions.get(f"attachments[{n}]", item.positions.get("attachments")),
                    field="attachments",
                    zh=f"附件 {attachment.path} {_copy_zh(holder, other)}",
                    en=f"the attachment {attachment.path} {_copy_en(holder, other)}",
                    fix_zh=_COPY_FIX[0],
                    fix_en=_COPY_FIX[1],
                    span=len(attachment.file),
                )
        found += out.found
    for owner, links in _public_links(items, pages, wanted):
        out = Collector(owner, lines_of=lines_of)
        for link in links:
            try:
                size = (root / link.target).stat().st_size
            except OSError:
                continue
            copy = original(link.target, size)
            if copy is not None:
                other, holder = copy
                out.add(
                    "GK210",
                    link.pos,
                    field=None,
                    zh=f"正文链接的文件 {link.target} {_copy_zh(holder, other)}",
                    en=f"the body links to {link.target}, which {_copy_en(holder, other)}",
                    fix_zh=_COPY_FIX[0],
                    fix_en=_COPY_FIX[1],
                )
        found += out.found
    return found


def _pageless_links(
    declared: Sequence[Declared],
    items: Sequence[Item],
    pages: Sequence[Page],
    wanted: Callable[[str], bool],
    lines_of: Callable[[str], Sequence[str]],
    present: Callable[[str], bool] | None,
) -> list[Diagnostic]:
    """Return GK215 for each link of a public body or a free page to a Markdown file that
    has no page: an item that is not public (依申请公开, 不予公开), or a file that is neither
    an item nor a free page. The build turns a link to an item's or a free page's file into
    a link to its page; of these it shows the text alone (`pagebody.resolver`): a link to the
    .md, never published, led nowhere and its name could tell of a 不予公开 item."""
    by_path = {item.path: item for item in items}
    known = {d.path for d in declared} | {p.path for p in pages}  # a file in error: said there
    found: list[Diagnostic] = []
    for owner, links in _public_links(items, pages, wanted):
        out = Collector(owner, lines_of=lines_of)
        for link in links:
            target = link.target
            if not target.lower().endswith(".md") or (present and not present(target)):
                continue  # not Markdown, or missing (GK119)
            item = by_path.get(target)
            if item is not None and not item.disclosure.has_public_body:
                out.add(
                    "GK215",
                    link.pos,
                    field=None,
                    zh=f"正文链接到 {item.index_no}（{item.disclosure.value}）的文件 {target}，"
                    "这条信息没有网页，网站上只显示链接的文字",
                    en=f"the body links to {target}, the file of {item.index_no} "
                    f"({item.disclosure.value}), which has no page: the site shows the link's "
                    "text alone",
                )
            elif item is None and target not in known:
                out.add(
                    "GK215",
                    link.pos,
                    field=None,
                    zh=f"正文链接到 {target}，它不是一条信息或一个页面，网站上没有它的网页，"
                    "只显示链接的文字",
                    en=f"the body links to {target}, which is neither an item nor a page and "
                    "has no page on the site: the site shows the link's text alone",
                )
        found += out.found
    return found


def _shared_pages(
    items: Sequence[Item], wanted: Callable[[str], bool], lines_of: Callable[[str], Sequence[str]]
) -> list[Diagnostic]:
    """Return GK212 for each item whose page file another item's would be: index numbers
    that differ only in `/` against `-`, or in the case of a letter (one file on a disk that
    does not tell case apart). One of the two pages would replace the other."""
    by_page: dict[tuple[int, str], list[Item]] = defaultdict(list)
    stem = urls.stem
    for item in items:
        if item.disclosure.has_public_body:  # the others get no page (a review)
            by_page[item.published.year, stem(item.index_no).lower()].append(item)
    found: list[Diagnostic] = []
    for owners in by_page.values():
        if len(owners) < 2 or len({o.index_no for o in owners}) < 2:
            continue  # one index number twice is GK201
        page = urls.item_path(owners[0].index_no, owners[0].published.year)
        for owner in owners:
            if not wanted(owner.path):
                continue
            others = "、".join(
                f"{o.index_no}（{o.path}）" for o in owners if o.index_no != owner.index_no
            )
            out = Collector(owner.path, lines_of=lines_of)
            out.add(
                "GK212",
                owner.positions.get("index_no"),
                field="index_no",
                zh=f"索引号 “{owner.index_no}” 与 {others}的网页是同一个文件 {page}，"
                "两者只能发布一个",
                en=f'index_no "{owner.index_no}" has the same page file ({page}) as {others}: '
                "one would replace the other",
                span=len(owner.index_no),
            )
            found += out.found
    return found


def _shared_files(
    items: Sequence[Item],
    pages: Sequence[Page],
    wanted: Callable[[str], bool],
    lines_of: Callable[[str], Sequence[str]],
    present: Callable[[str], bool] | None,
) -> list[Diagnostic]:
    """Return GK214 where two files would be published under one name (`urls.file_path`):
    `a%.pdf` and `a％.pdf` (one published name), or names or folders that differ only in
    letter case (one file on Windows, on a disc and on macOS). One would replace or hide the
    other: a reader opening one item's attachment would get the other's file. Reported at
    each attachment and body link of a public item, and each link of a free page (*pages*),
    that names one of them."""
    # Each file → where it is named: (the naming file, its field, the place, the span); an
    # attachment's place is its item and number, made a position for a clash alone.
    uses: dict[str, list[tuple[str, str | None, Position | tuple[Item, int], int]]]
    uses = defaultdict(list)
    for item in items:
        # Most items name no file: one test each (32 ms → 3 ms over 20,000 items).
        if not item.attachments or not item.disclosure.has_public_body:
            continue  # nothing named, or its files are not published
        for n, attachment in enumerate(item.attachments):
            uses[attachment.path].append(
                (item.path, "attachments", (item, n), len(attachment.file))
            )
    for owner, links in _public_links(items, pages, lambda _path: True):
        for link in links:
            if present is None or present(link.target):
                uses[link.target].append((owner, None, link.pos, 1))
    published = {source: urls.file_path(source) for source in uses}
    clashes = urls.name_clashes(published)
    found: list[Diagnostic] = []
    for source, others in sorted(clashes.items()):
        path = published[source]
        same = sorted(o for o in others if published[o] == path)
        cased = sorted(others.difference(same))
        for owner, field, place, size in uses[source]:
            if not wanted(owner):
                continue
            if isinstance(place, tuple):
                item, n = place
                pos = item.positions.get(f"attachments[{n}]", item.positions.get("attachments"))
            else:
                pos = place
            out = Collector(owner, lines_of=lines_of)
            if same:
                zh = (
                    f"文件 {source} 与 {_named(same, '、', ' 等 {} 个文件')} 发布后是同一个文件 "
                    f"{path}，一个会替换另一个"
                )
                en = (
                    f"{source} and {_named(same, ', ', ' and {} more')} would be published as one"
                    f" file, {path}: one would replace the other"
                )
            else:
                folder = _folder_in_case(path, published[cased[0]])
                named = _named(cased, "、", " 等 {} 个文件")
                named_en = _named(cased, ", ", " and {} more")
                if folder:
                    zh = (
                        f"文件 {source} 的文件夹（发布为 {folder}）与 {named} 的文件夹"
                        "只差在字母大小写，在 Windows 和光盘上是同一个，一个会遮住另一个"
                    )
                    en = (
                        f"the folder of {source} (published as {folder}) differs from that of"
                        f" {named_en} only in letter case: one on Windows and on a disc, where"
                        " one would hide the other"
                    )
                else:
                    zh = (
                        f"文件 {source}（发布为 {path}）与 {named} 只差在字母大小写，"
                        "在 Windows 和光盘上是同一个，一个会遮住另一个"
                    )
                    en = (
                        f"{source} (published as {path}) differs from {named_en} only in letter"
                        " case: one on Windows and on a disc, where one would hide the other"
                    )
            out.add(
                "GK214",
                pos,
                field=field,
                zh=zh,
                en=en,
                span=size,
            )
            found += out.found
    return found


def _folder_in_case(published: str, other: str) -> str | None:
    """Return the folder of *published* whose name differs from *other*'s only in letter
    case, or None when the two differ in the file's own name."""
    mine, theirs = published.split("/"), other.split("/")
    for n, (a, b) in enumerate(zip(mine[:-1], theirs[:-1], strict=False)):
        if a != b:
            return "/".join(mine[: n + 1]) if a.lower() == b.lower() else None
    return None


def _named(paths: Sequence[str], joiner: str, more: str) -> str:
    """Return the first three of *paths* joined, and *more* with how many others there are."""
    return joiner.join(paths[:3]) + (more.format(len(paths) - 3) if len(paths) > 3 else "")


def _withheld_references(
    items: Sequence[Item], wanted: Callable[[str], bool], lines_of: Callable[[str], Sequence[str]]
) -> list[Diagnostic]:
    """Return GK213 for each reference of a listed item to a 不予公开 item on a site that does
    not list them: the build leaves the reference out (`catalog._without`), so the editor
    knows why the 解读, 相关文件 or 废止依据 line is not on the page."""
    withheld = {i.index_no for i in items if i.disclosure is Disclosure.WITHHELD}
    names = withheld_names(items)  # named by its title or 文号 (a re-walk), or cited so

    def named(value: str | None) -> bool:
        return value is not None and (value in withheld or cites_any(value, names))

    found: list[Diagnostic] = []
    for item in items:
        if item.disclosure is Disclosure.WITHHELD or not wanted(item.path):
            continue
        references = [
            (key, target, item.positions.get(key))
            for key, target in (("interprets", item.interprets), ("replaced_by", item.replaced_by))
            if named(target)
        ]
        references += [
            ("amendments", a.by, item.positions.get(f"amendments[{n}]"))
            for n, a in enumerate(item.amendments)
            if named(a.by)
        ]
        references += [
            ("related", target, item.positions.get(f"related[{n}]", item.positions.get("related")))
            for n, target in enumerate(item.related)
            if target in withheld
        ]
        if not references:
            continue
        out = Collector(item.path, lines_of=lines_of)
        for key, target, pos in references:
            out.add(
                "GK213",
                pos,
                field=key,
                zh=f"引用的 “{target}” 是不予公开的文件，网站上不显示这一引用",
                en=f'"{target}" is a 不予公开 item: the site leaves this reference out',
                span=len(target or ""),
            )
        found += out.found
    return found


def _unread_references(
    declared: Sequence[Declared],
    by_index: Mapping[str, list[Declared]],
    items: Sequence[Item],
    names: Callable[[], Mapping[str, Sequence[Item]]],
    wanted: Callable[[str], bool],
    lines_of: Callable[[str], Sequence[str]],
) -> list[Diagnostic]:
    """Return GK202–GK204 for the references of the files with errors, as an item's: an
    editor fixed a file's date and was told on the next run that its interprets named no
    item."""
    found: list[Diagnostic] = []
    for d in declared:
        if not d.references or not wanted(d.path):
            continue
        out = Collector(d.path, lines_of=lines_of)
        for field, value, pos in d.references:
            _unknown_reference(out, field, value, pos, by_index, items, names)
        found += out.found
    return found


def _unknown_reference(
    out: Collector,
    field: str,
    value: str,
    pos: Position | None,
    by_index: Mapping[str, list[Declared]],
    items: Sequence[Item],
    names: Callable[[], Mapping[str, Sequence[Item]]],
) -> None:
    """Add GK202 (interprets), GK203 (related), GK204 (replaced_by or an amendment's by, when
    it looks like an index number) or GK226 (either, when it is a site document's 文号 or
    title) when *value*, written at *pos*, is no index number of the site."""
    if value in by_index:
        return
    if field == "interprets":
        meant = _meant_index(value, by_index, items)
        out.add(
            "GK202",
            pos,
            field=field,
            zh=f"解读对象 “{value}” 不是本站任何文件的索引号"
            + (f"；是否应为 {meant}？" if meant else ""),
            en=f'interprets "{value}" is not the index_no of any item'
            + (f"; did you mean {meant}?" if meant else ""),
            fix_zh=change_line("interprets", meant)[0] if meant else "",
            fix_en=change_line("interprets", meant)[1] if meant else "",
            span=len(value),
        )
    elif field == "related":
        out.add(
            "GK203",
            pos,
            field=field,
            zh=f"相关文件 “{value}” 不是本站任何文件的索引号，网站上不列出这一条",
            en=f'related "{value}" is not the index_no of any item: the site does not list it',
            span=len(value),
        )
    elif looks_like_index_no(value):
        out.add(
            "GK204",
            pos,
            field=field,
            zh=f"{_BASIS[field]} “{value}” 像索引号，但本站没有这个索引号的文件",
            en=f'{field} "{value}" looks like an index_no but no item has it',
            span=len(value),
        )
    elif (named := _named_by(value, names())) is not None:
        # A clerk writes the new 办法's 文号 or title (a lawyer's walk): shown as plain text,
        # and the 办法's page did not list what it repealed.
        what = "文号" if named.doc_no == value.strip() else "标题"
        fix_zh, fix_en = (
            change_line(field, named.index_no)
            if field == "replaced_by"
            else (f"改为 by: {named.index_no}", f"write by: {named.index_no}")
        )
        out.add(
            "GK226",
            pos,
            field=field,
            zh=f"{_BASIS[field]} “{value}” 是本站 {named.index_no} 的{what}：网站不会链接过去",
            en=f'{field} "{value}" is the {"文号" if what == "文号" else "title"} of'
            f" {named.index_no}: the site does not link to it",
            fix_zh=fix_zh,
            fix_en=fix_en,
            span=len(value),
        )


_BASIS = {"replaced_by": "废止依据", "amendments": "此前修改的依据"}


def _named_by(value: str, names: Mapping[str, Sequence[Item]]) -> Item | None:
    """Return the one item whose 文号 or title (without 《》) *value* is, if exactly one;
    *names*: `_names` of the site's items."""
    found = {i.index_no: i for key in (value.strip(), bare_name(value)) for i in names.get(key, ())}
    return next(iter(found.values())) if len(found) == 1 else None


def _names(items: Sequence[Item]) -> dict[str, list[Item]]:
    """Return each 文号 and title of *items* → the items that have it: made once a check (a
    20,000-item catalog naming documents elsewhere in replaced_by had each looked up in all)."""
    names: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        names[item.title].append(item)
        if item.doc_no and item.doc_no != item.title:
            names[item.doc_no].append(item)
    return names


def _replacement(out: Collector, item: Item, item_by_index: Mapping[str, Item]) -> None:
    """Add GK227 when *item*'s replaced_by chain comes back to it, and GK228 when the
    document it or one of its amendments names was published after that change (a lawyer's
    walk: two documents repealing each other, and a repeal "by" one published months later,
    passed the check; the page of the first then named its basis only once the second
    appeared)."""
    if item.status is Status.IN_FORCE:
        return  # its replaced_by is not published (GK145), and is no edge (a re-walk)

    def pos() -> Position | None:  # asked for a finding alone (see cross_check)
        return item.positions.get("replaced_by")

    chain = [item.index_no]
    target = item_by_index.get(item.replaced_by or "")
    while target is not None and target.index_no not in chain:
        chain.append(target.index_no)
        ignored = target.status is Status.IN_FORCE or not target.replaced_by
        target = None if ignored else item_by_index.get(target.replaced_by or "")
    if target is not None and target.index_no == item.index_no:
        circle = " → ".join([*chain, item.index_no])
        out.add(
            "GK227",
            pos(),
            field="replaced_by",
            zh=f"废止依据形成循环：{circle}",
            en=f"replaced_by goes round in a circle: {circle}",
        )
    basis = item_by_index.get(item.replaced_by or "")
    if basis is not None and item.status_date is not None and basis.published > item.status_date:
        out.add(
            "GK228",
            pos(),
            field="replaced_by",
            zh=f"废止依据 {basis.index_no} 发布于 {basis.published}，晚于本文件的状态变更日期"
            f" {item.status_date}",
            en=f"{basis.index_no} was published on {basis.published}, after this document's"
            f" status_date {item.status_date}",
        )
    for n, amendment in enumerate(item.amendments):
        earlier = item_by_index.get(amendment.by)
        if earlier is not None and earlier.published > amendment.date:
            out.add(
                "GK228",
                item.positions.get(f"amendments[{n}]", pos()),
                field="amendments",
                zh=f"此前修改的依据 {earlier.index_no} 发布于 {earlier.published}，晚于那次修改的"
                f"日期 {amendment.date}",
                en=f"{earlier.index_no} was published on {earlier.published}, after the"
                f" amendment's date {amendment.date}",
            )


def _copy_zh(holder: Item, other: str) -> str:
    """Return what GK216 and GK210 say of a public file that is a withheld one's copy."""
    return (
        f"与 {holder.index_no}（{holder.disclosure.value}）的附件 {other} 内容完全相同，"
        "是它的副本：不公开信息的附件不能在这里公开"
    )


def _copy_en(holder: Item, other: str) -> str:
    return (
        f"has the very bytes of {other}, an attachment of {holder.index_no}"
        f" ({holder.disclosure.value}): a copy of a file that may not be published here"
    )
