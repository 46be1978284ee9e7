"""What a change does to the public site: two loaded sites compared item by item.

Items are matched by 索引号 (unique and never changing), then by file path, so a renamed file
is the same item and a corrected 索引号 in the same file is a change of that item.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import exports
from generator.catalog import build_catalog
from generator.content import Site, content_files
from generator.diagnostics import Collector, Diagnostic
from generator.fields import FIELDS, Disclosure, Status
from generator.frontmatter import file_lines, read_body, split
from generator.item import (
    Allowance,
    Amendment,
    Attachment,
    Item,
    bare_name,
    lapse_day,
    last_changed,
)
from generator.page import Page
from generator.settingchanges import (
    RootFileChange,
    SettingChange,
    TemplateChange,
    root_file_changes,
    setting_changes,
    template_changes,
)
from generator.stamp import CONFIG_FILE
from generator.views import item_page_path

EMPTY = "（空 empty）"
# Characters: a body shorter than this does not pair a removed item and an added one.
_SAME_BODY_MIN = 50
BODY_LABEL = "正文"
_DIFF_LINES = 40  # of a body's changes shown in the summary
_DIFF_LINE_CHARS = 300  # of each of those lines
_MISSING = "missing"  # the digest of a file that is not there
LINKED_LABEL = "正文链接的文件"  # files a body links to: copied to the site with the page


@dataclass(frozen=True, slots=True)
class ItemRef:
    """An item as a diff names it."""

    index_no: str
    title: str
    path: str
    category: str
    category_title: str
    disclosure: Disclosure
    status: Status
    published: date
    # For a new item, what the 复审 checks beside the title: 文号, 发布机构 and the files.
    doc_no: str = ""
    issuer: str = ""
    attachments: tuple[str, ...] = ()  # title（file）
    # The personal data it lets through, each with its reason (allowed_text): the secrecy
    # reviewer's decision, which a new item's row did not show (a reviewer's walk).
    privacy_allow: str = ""
    # An interpretation's policy as the new site has it: its 索引号, title and 发布日期, for
    # the reviewer who compares the two dates (policy-interpretation.md; an editor's walk found
    # nothing in the summary to compare them with). None when it is not an interpretation.
    policy: PolicyRef | None = None
    # The reason it gives (不予公开's legal basis, 依申请公开's how to apply): what the secrecy
    # reviewer confirms of a new 不予公开 item, which the summary did not show (a newcomer's walk).
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PolicyRef:
    """The policy a new interpretation names (`interprets`)."""

    index_no: str
    title: str  # "" when the site has no such item
    published: date | None
    within: int  # working days after it an interpretation is due (catalog.yml's rules)


@dataclass(frozen=True, slots=True)
class FieldChange:
    key: str  # a key of FIELDS, or "body"
    label: str
    old: str
    new: str
    # The body's changed lines (a unified diff, at most _DIFF_LINES lines): a changed deadline
    # and a punctuation fix had the same "607 字 → 607 字（已修改）". The count is of the
    # Markdown's characters, marks and line breaks included.
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ItemChange:
    item: ItemRef  # as it is after the change
    old_path: str
    fields: tuple[FieldChange, ...]
    # The page's address before and after, when it changes (index_no or the year published):
    # bookmarks and links to the old address break.
    moved_page: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    item: ItemRef
    old: Status
    new: Status
    status_date: date | None
    replaced_by: str | None
    # The title of the item replaced_by names in this catalog; None when it names none (a
    # document outside the catalog, written as 《title》).
    replaced_by_title: str | None = None
    # An amendment its old status told of that the new one no longer does, and that its
    # amendments do not keep: the site would forget it (a lawyer's walk).
    forgotten: Amendment | None = None
    # whether the new file has an amendments list already: the ⚠️ line says to add an entry
    has_amendments: bool = False
    # an expiry the site showed already (from the day after 有效期至): the file catches up
    already_shown: bool = False
    # The item's 更新日期, when a status the site showed (not 有效) changes and the day stays:
    # a correction without `corrected` (`_uncorrected`). None otherwise.
    uncorrected_day: date | None = None


@dataclass(frozen=True, slots=True)
class DisclosureChange:
    item: ItemRef
    old: Disclosure
    new: Disclosure
    # When the body becomes public: the body that goes public (with the item's attachments),
    # which no line of the change shows when only the front matter changed.
    body: str = ""
    # A 不予公开 item the listings did not show (rules.list_withheld_items off) that they show
    # now (依申请公开): its title, 索引号, 文号 and reason become public (a reviewer's walk
    # read "body visibility unchanged" and no more).
    newly_listed: bool = False
    # A 不予公开 item the site does not list: the public items whose pages named it (a
    # policy's 解读, a 废止/修改依据, a 相关文件) and no longer will (the reviewer saw the one
    # item change, not the pages that lose a line).
    referrers: tuple[ItemRef, ...] = ()

    @property
    def becomes_public(self) -> bool:
        """Return whether the body is public now and was not before."""
        return self.new.has_public_body and not self.old.has_public_body

    @property
    def becomes_non_public(self) -> bool:
        """Return whether the body was public before and is not now."""
        return self.old.has_public_body and not self.new.has_public_body


@dataclass(frozen=True, slots=True)
class Redating:
    """An item already online whose 发布日期 the change moves earlier, by more than the
    back-dating limit: the same risk as a new item's back-dating (a reviewer's walk found it
    a plain field row, with exit code 0)."""

    item: ItemRef
    old: date  # the 发布日期 it had
    days: int  # how much earlier the new one is


@dataclass(frozen=True, slots=True)
class EmptyColumn:
    key: str
    title: str
    old_count: int | None  # items listed before; None when the column is new


@dataclass(frozen=True, slots=True)
class Backdating:
    """An item whose 发布日期 is earlier than the first day it can be online.

    That day is the later of the commit that first added it and the day of the comparison
    (--as-of, today): a pull request is merged, and its items go online, no earlier than the
    day it is checked. A review that takes weeks leaves a 发布日期 weeks before the item is
    online (a reviewer's pass found it unflagged, the first commit being recent enough).
    """

    item: ItemRef
    added_on: date  # the day of the commit that first added the item (today if uncommitted)
    days: int  # the first day it can be online (`SiteDiff.online`) minus published
    committed: bool


@dataclass(frozen=True, slots=True)
class Migration:
    """A new item dated before it can be online here because it was online on the old site
    (`former_url`): listed for the reviewer to compare with that page, not as back-dated (a
    migration's every item was, and its pull request could not pass)."""

    item: ItemRef
    former_url: str
    days: int  # as `Backdating.days`


@dataclass(frozen=True, slots=True)
class WithheldListing:
    """A 不予公开 item whose metadata the listings show (rules.list_withheld_items)."""

    item: ItemRef  # its 文号 with it
    reason: str


@dataclass(frozen=True, slots=True)
class PageChange:
    """A free page of content/pages/ added, removed or changed."""

    path: str
    title: str
    change: str  # "added", "removed" or "changed"
    # The privacy_allow entries the new page has and the old one had not: each lets a
    # number through the check, and the reviewer confirms its reason.
    allowed: tuple[Allowance, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteDiff:
    added: tuple[ItemRef, ...]
    removed: tuple[ItemRef, ...]
    changed: tuple[ItemChange, ...]
    status_changes: tuple[StatusChange, ...]
    disclosure_changes: tuple[DisclosureChange, ...]
    empty_columns: tuple[EmptyColumn, ...]
    backdated: tuple[Backdating, ...]
    unreadable: tuple[str, ...]  # files of the new site with errors (and not before): left out
    backdate_days: int
    as_of: date
    settings: tuple[SettingChange, ...] = ()  # catalog.yml
    templates: tuple[TemplateChange, ...] = ()  # the site's own templates/
    root_files: tuple[RootFileChange, ...] = ()  # content/static/, published at the root
    # 不予公开 items whose listed metadata the change makes public (rules.list_withheld_items
    # turned on, or on and the item new to the listings or its title, 文号 or reason changed).
    withheld_listed: tuple[WithheldListing, ...] = ()
    columns_gone: tuple[tuple[str, str], ...] = ()  # (key, title): their pages' addresses go
    pages: tuple[PageChange, ...] = ()  # content/pages/
    # What `gkml check` says of the files the change touches (`touched`), errors and warnings.
    problems: tuple[Diagnostic, ...] = ()
    redated: tuple[Redating, ...] = ()  # items already online dated earlier by the change
    migrated: tuple[Migration, ...] = ()  # new items dated as on the old site (former_url)

    def online(self, backdating: Backdating) -> date:
        """Return the first day a new item can be online: the later of its first commit and
        the day of the comparison (it goes online when merged)."""
        return max(backdating.added_on, self.as_of)

    def touched(self) -> frozenset[str]:
        """Return the files the change adds, changes or cannot read: content files, and
        catalog.yml when a setting changed (a new `traditional_fixes` entry's GK412)."""
        return frozenset(
            {r.path for r in self.added}
            | {c.item.path for c in self.changed}
            | {p.path for p in self.pages if p.change != "removed"}
            | set(self.unreadable)
            | ({CONFIG_FILE} if self.settings else set())
        )

    @property
    def is_empty(self) -> bool:
        """Return whether the change leaves the public catalog as it was."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.empty_columns
            or self.unreadable
            or self.settings
            or self.templates
            or self.root_files
            or self.pages
        )


def compare(
    old: Site,
    new: Site,
    *,
    as_of: date,
    added_on: Mapping[str, date],
    backdate_days: int,
) -> SiteDiff:
    """Return what changes from *old* to *new*.

    *added_on* maps an item path of *new* to the day of the commit that first added it; an
    added item missing from it is not committed yet and counts as added on *as_of*.
    """
    pairs, added, removed = _match(old.items, new.items)
    moved = _same_body(removed, old.root, added, new.root)
    if moved:
        gone = {b.path for b, _ in moved}
        came = {a.path for _, a in moved}
        removed = [i for i in removed if i.path not in gone]
        added = [i for i in added if i.path not in came]
        pairs = sorted([*pairs, *moved], key=lambda p: (p[1].index_no, p[1].path))
    broken, broken_before = _unreadable(new), _unreadable(old)
    # A file that stopped being readable is listed under the files with errors, not as removed;
    # so is one renamed in the change with an error now, found by its body (a reviewer's walk
    # read "删除" for an item still in the pull request).
    renamed = _broken_bodies(new.root, broken - broken_before)
    removed = [
        i
        for i in removed
        if i.path not in broken
        and hashlib.sha256(_body(i, old.root).encode()).hexdigest() not in renamed
    ]
    ref_new = _referrer(new)
    ref_old = _referrer(old)
    titles = {i.index_no: i.title for i in new.items}
    changed: list[ItemChange] = []
    statuses: list[StatusChange] = []
    disclosures: list[DisclosureChange] = []
    redated: list[Redating] = []
    for before, after in pairs:
        fields = _field_changes(before, old, after, new)
        if not fields:
            continue
        ref = ref_new(after)
        pages = (item_page_path(before), item_page_path(after))
        public = before.disclosure.has_public_body and after.disclosure.has_public_body
        page_moves = pages if public and pages[0] != pages[1] else None
        changed.append(ItemChange(ref, before.path, fields, page_moves))
        earlier = (before.published - after.published).days
        if earlier > backdate_days and before.published <= as_of:
            redated.append(Redating(ref, before.published, earlier))
        # amended again: the amendment before goes unless kept (a re-walk)
        amended_again = (
            before.status is Status.AMENDED
            and after.status is Status.AMENDED
            and (before.status_date, before.replaced_by) != (after.status_date, after.replaced_by)
        )
        if before.status is not after.status or amended_again:
            statuses.append(
                StatusChange(
                    ref,
                    before.status,
                    after.status,
                    after.status_date,
                    after.replaced_by,
                    titles.get(after.replaced_by or ""),
                    _forgotten(before, after),
                    bool(after.amendments),
                    # an editor's walk: GK113's fix looked like a change to the public site
                    after.status is Status.EXPIRED
                    and after.status_date is not None
                    and after.status_date == lapse_day(before),
                    _uncorrected(before, after, as_of),
                )
            )
        if before.disclosure is not after.disclosure:
            change = DisclosureChange(
                ref,
                before.disclosure,
                after.disclosure,
                newly_listed=before.disclosure is Disclosure.WITHHELD
                and not old.config.rules.list_withheld_items
                and not after.disclosure.has_public_body,
            )
            if change.becomes_public:
                change = dataclasses.replace(change, body=_body(after, new.root))
            if after.disclosure is Disclosure.WITHHELD and not new.config.rules.list_withheld_items:
                change = dataclasses.replace(change, referrers=_referrers(new, after, ref_new))
            disclosures.append(change)
    backdated: list[Backdating] = []
    migrated: list[Migration] = []
    existed = {rel for rel, _is_page in content_files(old.root)}
    for item in added:
        if item.path in existed and item.path not in added_on:
            continue  # a file of the base that could not be read there: not added by this change
        day = added_on.get(item.path, as_of)
        days = (max(day, as_of) - item.published).days
        if days > backdate_days and item.former_url is not None:
            migrated.append(Migration(ref_new(item), item.former_url, days))
        elif days > backdate_days:
            backdated.append(Backdating(ref_new(item), day, days, item.path in added_on))
    return SiteDiff(
        added=tuple(ref_new(i) for i in _ordered(added)),
        removed=tuple(ref_old(i) for i in _ordered(removed)),
        changed=tuple(changed),
        status_changes=tuple(statuses),
        disclosure_changes=tuple(disclosures),
        empty_columns=_empty_columns(old, new, as_of),
        backdated=tuple(backdated),
        redated=tuple(redated),
        migrated=tuple(migrated),
        unreadable=tuple(sorted(broken - broken_before)),
        backdate_days=backdate_days,
        as_of=as_of,
        settings=setting_changes(old.root, new.root),
        templates=template_changes(old.root, new.root),
        root_files=root_file_changes(old.root, old.static, new.root, new.static),
        withheld_listed=_withheld_listed(old, new, as_of, ref_new),
        pages=_page_changes(old, new, broken, broken_before),
        columns_gone=tuple(
            (key, node.title)
            for key, node in old.config.nodes.items()
            if key not in new.config.nodes
        ),
    )


def _withheld_listed(
    old: Site, new: Site, as_of: date, ref: Callable[[Item], ItemRef]
) -> tuple[WithheldListing, ...]:
    """Return the 不予公开 items whose listed metadata (what catalog.json and catalog.csv
    publish: title, 文号, department, keywords, dates, reason…) the change makes public: all of
    them when it turns rules.list_withheld_items on; while the rule is on, each that is new to
    the listings or whose metadata changed (a reviewer's walk: keywords added to a listed
    item went public as an ordinary change)."""
    if not new.config.rules.list_withheld_items:
        return ()
    turned_on = not old.config.rules.list_withheld_items
    listed_before = {
        i.index_no: exports.metadata(i)
        for i in old.items
        if i.disclosure is Disclosure.WITHHELD and i.published <= as_of
    }
    return tuple(
        WithheldListing(ref(i), i.reason or "")
        for i in _ordered(new.items)
        if i.disclosure is Disclosure.WITHHELD
        and i.published <= as_of
        and (turned_on or listed_before.get(i.index_no) != exports.metadata(i))
    )


def allowed_text(allowances: Sequence[Allowance]) -> str:
    """Return privacy_allow entries as a reviewer reads them: each text with its reason (the
    checklist asks the reviewer to confirm that each has one)."""
    return "；".join(f"{a.text}（理由 why：{a.why}）" for a in allowances)


def _page_changes(
    old: Site, new: Site, broken: set[str], broken_before: set[str]
) -> tuple[PageChange, ...]:
    """Return the free pages added, removed or changed (title, address or text). A page the
    new site cannot read (*broken*) is not compared: it is listed with the files in error, not
    as removed (a reviewer read "the change deletes 公开指南" for a page with a check error)."""
    before = {p.path: p for p in old.pages}
    after = {p.path: p for p in new.pages}
    found: list[PageChange] = []
    for path in sorted(before.keys() | after.keys()):
        page_old, page_new = before.get(path), after.get(path)
        if page_old is None and page_new is not None:
            change = "changed" if path in broken_before else "added"
            found.append(PageChange(path, page_new.title, change, page_new.privacy_allow))
        elif page_new is None and page_old is not None:
            if path not in broken:
                found.append(PageChange(path, page_old.title, "removed"))
        elif page_old is not None and page_new is not None:
            data_old, data_new = (old.root / path).read_bytes(), (new.root / path).read_bytes()
            if data_old != data_new:
                gained = _newly_allowed(page_old, page_new, data_old, data_new)
                found.append(PageChange(path, page_new.title, "changed", gained))
    return tuple(found)


def _newly_allowed(
    page_old: Page, page_new: Page, before: bytes, after: bytes
) -> tuple[Allowance, ...]:
    """Return the new page's privacy_allow entries that the change adds, or whose text the page
    prints now and did not before: an allowance left from earlier lets a number through
    unseen when the number is added later."""
    # The title and the body: the front matter holds the allowance's own text.
    old_text = f"{page_old.title}\n{read_body(before, page_old.path)}"
    new_text = f"{page_new.title}\n{read_body(after, page_new.path)}"
    return tuple(
        a
        for a in page_new.privacy_allow
        if a not in page_old.privacy_allow or (a.text in new_text and a.text not in old_text)
    )


def _unreadable(site: Site) -> set[str]:
    """Return the content files of *site* that gave neither an item nor a page."""
    read = {i.path for i in site.items} | {p.path for p in site.pages}
    return {rel for rel, _is_page in content_files(site.root) if rel not in read}


def _referrers(site: Site, target: Item, ref: Callable[[Item], ItemRef]) -> tuple[ItemRef, ...]:
    """Return the items of *site* that name *target* (its 索引号; its title or 文号 as a basis
    may be written too) and whose pages would show it: what its withholding takes off them."""
    names = {target.index_no, *(bare_name(n) for n in (target.title, target.doc_no) if n)}

    def named(value: str | None) -> bool:
        return value is not None and (value in names or bare_name(value) in names)

    return tuple(
        ref(item)
        for item in _ordered(site.items)
        if item.index_no != target.index_no
        and item.disclosure.has_public_body
        and (
            named(item.interprets)
            or named(item.replaced_by)
            or any(named(a.by) for a in item.amendments)
            or target.index_no in item.related
        )
    )


def _ordered(items: Sequence[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.index_no, i.path))


def _match(
    old: Sequence[Item], new: Sequence[Item]
) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """Return (old, new) pairs of the same item, then the added and the removed items."""
    old_by_index: dict[str, Item] = {}
    for item in sorted(old, key=lambda i: i.path):
        old_by_index.setdefault(item.index_no, item)
    pairs: list[tuple[Item, Item]] = []
    unmatched_new: list[Item] = []
    taken: set[str] = set()  # paths of old items already paired
    for item in sorted(new, key=lambda i: i.path):
        before = old_by_index.get(item.index_no)
        if before is not None and before.path not in taken:
            pairs.append((before, item))
            taken.add(before.path)
        else:
            unmatched_new.append(item)
    old_by_path = {i.path: i for i in old if i.path not in taken}
    added: list[Item] = []
    for item in unmatched_new:
        before = old_by_path.pop(item.path, None)
        if before is None:
            added.append(item)
        else:
            pairs.append((before, item))
    pairs.sort(key=lambda p: (p[1].index_no, p[1].path))
    return pairs, added, list(old_by_path.values())


def _same_body(
    removed: Sequence[Item], old_root: Path, added: Sequence[Item], new_root: Path
) -> list[tuple[Item, Item]]:
    """Return (old, new) pairs of a removed and an added item with the same body, each body
    found once on each side: an index_no corrected and the file renamed to match in one
    change is that item changed, not one item deleted and another added (and back-dated)."""
    if not removed or not added:
        return []

    def by_body(items: Sequence[Item], root: Path) -> dict[str, Item | None]:
        found: dict[str, Item | None] = {}
        for item in items:
            body = _body(item, root)
            if len(body) < _SAME_BODY_MIN:
                continue  # a short or empty body says nothing of which item it is
            key = hashlib.sha256(body.encode()).hexdigest()
            found[key] = None if key in found else item  # twice: not one item's
        return found

    before, after = by_body(removed, old_root), by_body(added, new_root)
    return [
        (old, new)
        for key, new in after.items()
        if new is not None and (old := before.get(key)) is not None
    ]


# In place of what a body that is not public holds (privacy_allow's numbers).
NOT_SHOWN = "（正文不公开，不在此显示 not shown: the body is not public）"


def _referrer(site: Site) -> Callable[[Item], ItemRef]:
    nodes = site.config.nodes
    by_index: dict[str, Item] = {}

    def policy(index_no: str) -> PolicyRef:
        if not by_index:
            by_index.update((i.index_no, i) for i in site.items)
        found = by_index.get(index_no)
        within = site.config.rules.interpretation_within_working_days
        if found is None:
            return PolicyRef(index_no, "", None, within)
        return PolicyRef(index_no, found.title, found.published, within)

    def ref(item: Item) -> ItemRef:
        node = nodes.get(item.category)
        return ItemRef(
            index_no=item.index_no,
            title=item.title,
            path=item.path,
            category=item.category,
            category_title=node.title if node else item.category,
            disclosure=item.disclosure,
            status=item.status,
            published=item.published,
            doc_no=item.doc_no or "",
            issuer=item.issuer,
            attachments=tuple(map(_named, item.attachments)),
            privacy_allow=""
            if not item.privacy_allow
            else allowed_text(item.privacy_allow)
            if item.disclosure.has_public_body
            else NOT_SHOWN,
            policy=policy(item.interprets) if item.interprets else None,
            reason=item.reason or "",
        )

    return ref


def _field_changes(old: Item, old_site: Site, new: Item, new_site: Site) -> tuple[FieldChange, ...]:
    found: list[FieldChange] = []
    for field in FIELDS:
        if field.key == "attachments":
            files_old = _attachments(old.attachments, old_site.root)
            files_new = _attachments(new.attachments, new_site.root)
            if files_old != files_new:
                found.append(
                    FieldChange(
                        field.key,
                        field.label,
                        _linked_text(files_old, {}),
                        _linked_text(files_new, files_old),
                    )
                )
            continue
        before = _value(old, field.key)
        after = _value(new, field.key)
        if before != after and field.key == "privacy_allow":
            # The numbers a body that is not public holds are not the reviewer summary's to
            # copy (a walk found a 不予公开 item's full ID number there).
            before = before if old.disclosure.has_public_body else NOT_SHOWN
            after = after if new.disclosure.has_public_body else NOT_SHOWN
        if before != after:
            if field.key == "category":
                before = _column(old_site, before)
                after = _column(new_site, after)
            found.append(FieldChange(field.key, field.label, before, after))
    linked_old, linked_new = _linked(old, old_site.root), _linked(new, new_site.root)
    if linked_old != linked_new:
        found.append(
            FieldChange(
                "linked_files",
                LINKED_LABEL,
                _linked_text(linked_old, {}),
                _linked_text(linked_new, linked_old),
            )
        )
    old_body = _body(old, old_site.root)
    new_body = _body(new, new_site.root)
    if old_body != new_body:
        # A body the public will not read is not copied into the summary either: the job
        # summary is kept with the run, and a reviewer's walk found a 不予公开 body's ID
        # number and password there (Files changed shows the lines to those who may see them).
        # Nor a body that was not public and now is: the lines taken out are what was
        # withheld (a walk found a redacted 不予公开 body's removed lines there); the body
        # to be published is shown whole under its own heading.
        shown = old.disclosure.has_public_body and new.disclosure.has_public_body
        found.append(
            FieldChange(
                "body",
                BODY_LABEL,
                f"{len(old_body)} 字符 characters",
                f"{len(new_body)} 字符 characters（已修改 changed）"
                if shown
                else f"{len(new_body)} 字符 characters（已修改；正文不公开，改动不在此显示，见"
                "“Files changed” changed; the body is not public: its changes are not shown"
                " here, see Files changed）",
                _body_changes(old_body, new_body) if shown else "",
            )
        )
    return tuple(found)


def _body_changes(old: str, new: str) -> str:
    """Return the lines that differ between two bodies (a unified diff, no file header, one
    line of context), cut at _DIFF_LINES lines with a note of how many more there are."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[
        2:
    ]  # not the ---/+++ header
    # A paragraph is one line: cut, so that the summary stays under GitHub's 1 MiB for a job
    # summary (a reviewer's walk: 53 long items made 1.1 MB, and the whole summary was lost).
    # A line replaced by another shows where they differ; a cut line says it is one (a walk:
    # a paragraph's link to a withheld item fell past the cut, and nothing said so).
    shown: list[str] = []
    for number, line in enumerate(lines):
        pair = None
        if line.startswith("-") and number + 1 < len(lines) and lines[number + 1][:1] == "+":
            pair = lines[number + 1]
        elif line.startswith("+") and number and lines[number - 1][:1] == "-":
            pair = lines[number - 1]
        shown.append(_cut_line(line, pair))
    lines = shown
    if len(lines) > _DIFF_LINES:
        more = len(lines) - _DIFF_LINES
        lines = [*lines[:_DIFF_LINES], f"…（另有 {more} 行 {more} more lines）"]
    return "\n".join(lines)


def _cut_line(line: str, other: str | None) -> str:
    """Return a diff *line* of at most _DIFF_LINE_CHARS characters of its text: from where it
    first differs from *other* (the line it replaces or replaced), when it does; with the
    count of its characters when it is cut."""
    if len(line) <= _DIFF_LINE_CHARS + 1:
        return line
    mark, text = line[0], line[1:]
    start = 0
    if other is not None:
        pairs = enumerate(zip(text, other[1:], strict=False))
        same = next((n for n, (a, b) in pairs if a != b), min(len(text), len(other) - 1))
        start = max(0, same - _DIFF_LINE_CHARS // 5)  # a little of what comes before
    part = text[start : start + _DIFF_LINE_CHARS]
    before = "…" if start else ""
    after = "…" if start + _DIFF_LINE_CHARS < len(text) else ""
    return f"{mark}{before}{part}{after}（本行共 {len(text)} 字，只显示一部分 {len(text)} characters, cut）"


def _column(site: Site, key: str) -> str:
    node = site.config.nodes.get(key)
    return f"{node.title}（{key}）" if node else key


def _value(item: Item, key: str) -> str:
    """Return the value of field *key* of *item* as one line of text."""
    if key == "published":
        return item.published_text
    value: object = getattr(item, key)
    if value is None or value == ():
        return EMPTY
    if isinstance(value, date):
        return value.isoformat()
    if key == "source" and item.source is not None:
        when = item.source.date.isoformat() if item.source.date else ""
        return " ".join(p for p in (item.source.name, item.source.url, when) if p)
    if key == "privacy_allow":
        return allowed_text(item.privacy_allow)
    if key == "amendments":  # an editor's walk: the reviewer read Amendment(date=datetime…)
        return "；".join(f"{a.date.isoformat()} {a.by}" for a in item.amendments)
    if isinstance(value, tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _attachments(attachments: Sequence[Attachment], root: Path) -> dict[str, str]:
    """Return each attachment as text (title（file）), with the SHA-256 of its bytes."""
    return {_named(a): _digest(root / a.path) for a in attachments}


def _named(attachment: Attachment) -> str:
    """Return an attachment as a diff names it: title（file）."""
    return f"{attachment.title}（{attachment.file}）"


def _linked(item: Item, root: Path) -> dict[str, str]:
    """Return the files of the site *item*'s body links to (they are published with it), by
    site path, each with the SHA-256 of its bytes. Not another item's or a page's Markdown
    file: a link to it is a link to its page, whose changes are listed as that item's (a
    reviewer's walk read "file replaced" for an item made 不予公开)."""
    targets = {b.target for b in item.body_links if not b.target.lower().endswith(".md")}
    return {t: _digest(root / t) for t in sorted(targets)}


def _linked_text(files: Mapping[str, str], before: Mapping[str, str]) -> str:
    """Return *files* (name → SHA-256) as text, each whose bytes differ from *before* marked."""
    if not files:
        return EMPTY
    return "；".join(path + _linked_note(sha, before.get(path, sha)) for path, sha in files.items())


def _linked_note(sha: str, before: str) -> str:
    """Return what a linked file's SHA-256 *sha* says beside *before*'s."""
    if sha == _MISSING:
        return "（文件不存在，链接打不开 missing: a dead link）"
    return "（文件内容已更换 file replaced）" if sha != before else ""


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return _MISSING


def _broken_bodies(root: Path, paths: Collection[str]) -> set[str]:
    """Return the SHA-256 of the body of each file *paths* (that the check could not read)
    with a body long enough to tell whose it is, read as `_body` reads an item's."""
    found: set[str] = set()
    for path in paths:
        try:
            text = (root / path).read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        parts = split(text, Collector(path))  # what it reports, the check has said
        if parts is None:
            continue
        body = _body_from(text, parts.body_line)
        if len(body) >= _SAME_BODY_MIN:
            found.add(hashlib.sha256(body.encode()).hexdigest())
    return found


def _body(item: Item, root: Path) -> str:
    try:
        text = (root / item.path).read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    return _body_from(text, item.body_line)


def _body_from(text: str, body_line: int) -> str:
    """Return the body of the file *text*, from its line *body_line*, as a diff compares it."""
    lines = file_lines(text)[max(0, body_line - 1) :]
    return "\n".join(line.rstrip() for line in lines).strip()


def _empty_columns(old: Site, new: Site, as_of: date) -> tuple[EmptyColumn, ...]:
    """Return the columns the public sees empty after the change but not before."""
    before = build_catalog(old.config, old.items, as_of=as_of).category_of
    after = build_catalog(new.config, new.items, as_of=as_of).category_of
    found: list[EmptyColumn] = []
    for root in new.config.catalog:
        for node in root.walk():
            if after[node.key].items:
                continue
            previous = before.get(node.key)
            if previous is None:
                found.append(EmptyColumn(node.key, node.title, None))
            elif previous.items:
                found.append(EmptyColumn(node.key, node.title, len(previous.items)))
    return tuple(found)


def _uncorrected(before: Item, after: Item, as_of: date) -> date | None:
    """Return the 更新日期 (`last_changed`) that *after* keeps when its change of status
    undoes or puts right one the site showed on *as_of* (废止, 失效 or 已修改 in effect) and
    the day does not move later: a mistaken repeal undone, or the kind or day of a change
    corrected, without `corrected`. The feeds' `updated` and the listings' 更新日期 stay
    (or go back to the publication's), and a feed reader does not show the change (a
    re-user's walk). None otherwise. A change from 有效 (a repeal, an expiry, an amendment)
    is never one: its status_date moves the day; nor one the site does not show yet."""

    def shown(item: Item) -> bool:
        return item.status is Status.IN_FORCE or (
            item.status_date is not None and item.status_date <= as_of
        )

    if (
        before.published > as_of
        or before.status is Status.IN_FORCE
        or not shown(before)
        or not shown(after)
    ):
        return None
    day = last_changed(after, as_of)
    return day if day <= last_changed(before, as_of) else None


def _forgotten(before: Item, after: Item) -> Amendment | None:
    """Return the amendment *before* was 已修改 by when *after* is no longer, and does not
    keep it in its amendments."""
    if before.status is not Status.AMENDED or before.status_date is None or not before.replaced_by:
        return None
    if after.status is Status.IN_FORCE:
        return None  # a mistaken amendment corrected: nothing to keep (a re-walk)
    if after.status is Status.AMENDED and after.replaced_by == before.replaced_by:
        return None
    if any(a.by == before.replaced_by for a in after.amendments):
        return None
    return Amendment(before.status_date, before.replaced_by)
