"""A catalog item: the validated, frozen form of one Markdown file's front matter."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from generator.fields import Disclosure, Status
from generator.yamlnodes import Position


@dataclass(frozen=True, slots=True)
class Attachment:
    file: str  # as the editor wrote it, relative to the item
    title: str
    path: str  # relative to the site root, POSIX separators
    size: int


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    url: str
    date: date | None


@dataclass(frozen=True, slots=True)
class Allowance:
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class Amendment:
    """An earlier amendment of a document (`amendments`): the day it took effect and the
    amending document, the site's index number or a title elsewhere. Its status holds only
    its latest change; these keep the ones before (a lawyer's walk: a later repeal erased
    the amendment from the site and from every `--as-of` snapshot)."""

    date: date
    by: str


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link or image in a body to a file of the site: its site-root path and where it is."""

    target: str
    pos: Position
    # The target with its '#…' or '?…' read as part of the file name ('' when it has neither):
    # a file named 表#1.pdf is linked as 表%231.pdf, and check says so when only that exists.
    whole: str = ""
    fragment: str = ""  # the place in the target it links to (`#二工作要求`), decoded


@dataclass(frozen=True, slots=True)
class Item:
    path: str  # relative to the site root, POSIX separators
    title: str
    index_no: str
    issuer: str
    department: str | None
    doc_no: str | None
    written: date | None
    published: date
    published_time: time | None
    status: Status
    disclosure: Disclosure
    category: str
    topics: tuple[str, ...]
    genre: str | None
    keywords: tuple[str, ...]
    valid_from: date | None
    valid_until: date | None
    status_date: date | None
    replaced_by: str | None
    interprets: str | None
    related: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    reason: str | None
    source: Source | None
    privacy_allow: tuple[Allowance, ...]
    # Why the item was published late (GK208): for the check and the timeliness report only.
    late_reason: str | None
    body_line: int
    positions: Mapping[str, Position] = field(compare=False, repr=False)
    # The local files a public body links to, for the checks across files (GK210).
    body_links: tuple[BodyLink, ...] = field(default=(), compare=False, repr=False)
    # Where a migrated item was online on the old site: `gkml diff` lists it for the
    # reviewer instead of calling its earlier 发布日期 back-dated.
    former_url: str | None = None
    amendments: tuple[Amendment, ...] = ()  # oldest first, each before status_date
    # The day an editor corrected the item's metadata (a mistaken repeal undone): what a feed
    # reader, a crawler and a listing see as its last change (`last_changed`).
    corrected: date | None = None

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def published_text(self) -> str:
        """`published` as the front matter writes it: the day, with its time when it has one
        (`2026-03-11 09:30`)."""
        day = self.published.isoformat()
        return day if self.published_time is None else f"{day} {self.published_time:%H:%M}"


def withheld_attachments(items: Sequence[Item], public: Callable[[Item], bool]) -> dict[str, Item]:
    """Return path → owner of the attachments of the *items* that are not *public* (依申请公开,
    不予公开, or not yet published) and that no public item lists: no body may publish them."""
    listed = {a.path for i in items if public(i) for a in i.attachments}
    return {
        a.path: i for i in items if not public(i) for a in i.attachments if a.path not in listed
    }


def withheld_names(items: Sequence[Item]) -> frozenset[str]:
    """Return the titles and 文号 of the 不予公开 *items* that no other item has: a reference
    (replaced_by, an amendment's by) may give one instead of the index number, and must then
    be left out as the index number is (a re-walk: `replaced_by: 《…》` published a withheld
    document's title). One rule for the build (`catalog._without`) and the check (GK213)."""
    withheld = Disclosure.WITHHELD
    public = {n for i in items if i.disclosure is not withheld for n in (i.title, i.doc_no) if n}
    return (
        frozenset(n for i in items if i.disclosure is withheld for n in (i.title, i.doc_no) if n)
        - public
    )


def bare_name(text: str) -> str:
    """Return a title as a reference may write it, without spaces around or 《》."""
    return text.strip().removeprefix("《").removesuffix("》")


# A document cited as an official text cites it: 《title》（文号）, several joined by 、.
_TITLE_CITED = re.compile(r"《([^《》]*)》")
_IN_BRACKETS = re.compile(r"[（(]([^（）()]*)[）)]")
_TRAILING_BRACKETS = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def cites_any(value: str, names: frozenset[str]) -> bool:
    """Return whether the reference *value* (a replaced_by, an amendment's by) names one of
    *names* (`withheld_names`): as a whole, or cited as an official text cites a document,
    《关于…的决定》（示民发〔2026〕9号）. A re-review: a 不予公开 document's title and 文号
    cited so passed GK213, and a repealed item's banner, the feeds and catalog.json gave
    them."""
    if not names:
        return False
    cited = {
        value.strip(),
        bare_name(value),
        bare_name(_TRAILING_BRACKETS.sub("", value)),
        *(part.strip() for part in _TITLE_CITED.findall(value)),
        *(part.strip() for part in _IN_BRACKETS.findall(value)),
    }
    return not cited.isdisjoint(names)


def last_changed(item: Item, as_of: date) -> date:
    """Return the day *item*'s own state last changed for a reader on *as_of*: its
    publication, or a repeal, expiry or amendment since that has taken effect. A sitemap's
    `lastmod` and a listing's 更新日期 (an editor's walk: the 已失效 list gained three
    documents and kept the date of its newest publication). A correction since (`corrected`)
    too: a mistaken repeal undone had taken the day back to the publication's (a re-user's
    walk: a feed reader never showed the correction)."""
    # Compared one by one, not a list's max: called for every item by the sitemap, the
    # listings and the exports' keys (177,000 times in a 20,000-item rebuild).
    day = item.published
    changed = item.status_date
    if changed is not None and day < changed <= as_of:
        day = changed
    corrected = item.corrected
    if corrected is not None and day < corrected <= as_of:
        day = corrected
    return day


def lapse_day(item: Item) -> date | None:
    """Return the day *item* expires by its 有效期至 (`lapse_of`)."""
    return lapse_of(item.status, item.status_date, item.valid_until)


def lapse_of(status: Status, status_date: date | None, valid_until: date | None) -> date | None:
    """Return the day a document of *status* expires by its 有效期至 *valid_until*: the day
    after it, for a 有效 document or one 已修改 (on *status_date*) before then; None
    otherwise. One rule for the site's status on a day (`catalog._as_of`), the annual
    figures, `gkml diff` and GK113."""
    if valid_until is None:
        return None
    ended = valid_until + timedelta(days=1)
    if status is Status.IN_FORCE:
        return ended
    if status is Status.AMENDED and status_date is not None and status_date < ended:
        return ended
    return None
