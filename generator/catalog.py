"""The catalog as the public sees it on a given day: visible items, listings, cross-links.

Every listing (column, issuer, topic, year, month, status) is the same shape: a title, a
breadcrumb, its items newest first, cut into pages of `PAGE_SIZE`, each with its output path.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from types import MappingProxyType

from generator import urls
from generator.config import CatalogNode, Config
from generator.fields import Disclosure, Status
from generator.item import (
    Amendment,
    Item,
    cites_any,
    lapse_day,
    last_changed,
    withheld_names,
)

PAGE_SIZE = 50


class ListingKind(StrEnum):
    CATEGORY = "栏目"
    ISSUER = "发布机构"
    TOPIC = "主题分类"
    YEAR = "年份"
    MONTH = "月份"
    STATUS = "效力状态"


@dataclass(frozen=True, slots=True)
class Crumb:
    title: str
    path: str | None  # None for the current page


@dataclass(frozen=True, slots=True)
class ListingPage:
    number: int
    path: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Listing:
    kind: ListingKind
    key: str
    title: str
    base: str
    items: tuple[Item, ...]
    parents: tuple[Crumb, ...]
    children: tuple[Listing, ...] = ()
    # A column's own title, where *title* names its parent too because another column has
    # the same title (eight townships' 通知公告: `青云镇·通知公告`); the tree shows this one.
    short: str = ""
    # 更新日期: the last day one of its items was published, or repealed, expired or amended
    # (`item.last_changed`); None when empty
    updated: date | None = None

    @property
    def name(self) -> str:
        """Return the title to show under the listing's parent (in the tree)."""
        return self.short or self.title

    @property
    def path(self) -> str:
        return urls.listing_page(self.base, 1)

    @property
    def pages(self) -> tuple[ListingPage, ...]:
        """Return the pages of this listing; an empty listing still has its first page."""
        chunks = [self.items[i : i + PAGE_SIZE] for i in range(0, len(self.items), PAGE_SIZE)]
        return tuple(
            ListingPage(n, urls.listing_page(self.base, n), chunk)
            for n, chunk in enumerate(chunks or [()], start=1)
        )


@dataclass(frozen=True, slots=True)
class Catalog:
    config: Config
    as_of: date
    items: tuple[Item, ...]  # every item published by as_of, with its status on that day
    listed: tuple[Item, ...]  # the items the public sees in listings, newest first
    categories: tuple[Listing, ...]  # the catalog tree's roots, children nested
    issuers: tuple[Listing, ...]
    topics: tuple[Listing, ...]
    years: tuple[Listing, ...]  # each year's listing, months as children
    statuses: tuple[Listing, ...]
    by_index: Mapping[str, Item]
    interpretations: Mapping[str, tuple[Item, ...]]  # policy index_no → its interpretations
    replacing: Mapping[str, tuple[Item, ...]]  # index_no → the items it repealed or amended
    category_of: Mapping[str, Listing]
    adjacent: Mapping[str, tuple[Item | None, Item | None]]  # index_no → (newer, older)
    # index_no → the items it amended before their latest change (their `amendments`), those
    # of replacing[index_no] left out
    amending: Mapping[str, tuple[Item, ...]]
    # index_no → the items that name it in their `related`, newest first: a related link is
    # shown from both ends (an editor writes it on one; a lawyer's walk found the second
    # document of a joint repeal silent about the first)
    related_to: Mapping[str, tuple[Item, ...]]

    def listings(self) -> tuple[Listing, ...]:
        """Return every listing, each once, in a stable order."""
        found: list[Listing] = []

        def walk(listing: Listing) -> None:
            found.append(listing)
            for child in listing.children:
                walk(child)

        for group in (self.categories, self.issuers, self.topics, self.years, self.statuses):
            for listing in group:
                walk(listing)
        return tuple(found)

    def has_page(self, item: Item) -> bool:
        """Return whether *item* gets a page of its own: only items whose body is public.

        依申请公开 and 不予公开 items appear in listings with their metadata only.
        """
        return item.disclosure.has_public_body

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """Return the newer and the older item next to *item* in its own column."""
        return self.adjacent.get(item.index_no, (None, None))


def _updated(items: Sequence[Item], as_of: date) -> date | None:
    """Return a listing's 更新日期: the last day one of *items* changed (`last_changed`)."""
    return max((last_changed(i, as_of) for i in items), default=None)


def _newest_first(item: Item) -> tuple[date, time, str]:
    return (item.published, item.published_time or time(0), item.index_no)


def _as_of(item: Item, day: date) -> Item:
    """Return *item* with the status it had on *day*.

    - A change after *day* is not yet known: the document stood as its last earlier
      amendment (`amendments`) left it, or in force (a lawyer's walk: a snapshot between an
      amendment and a later repeal showed it unamended).
    - A 有效 document has no status date or basis (a corrected mistaken repeal left them,
      and the other document's page said it had repealed this one).
    - A 有效 or 已修改 document whose 有效期至 has passed by *day* expired the day after it
      (it had stayed 现行有效 and InForce, its page showing the past date beside 有效, until
      an editor wrote 失效); an amendment it had is kept among its amendments.
    """
    if item.status is not Status.IN_FORCE and item.status_date and item.status_date > day:
        earlier = tuple(a for a in item.amendments if a.date <= day)
        if earlier:
            last = earlier[-1]
            item = dataclasses.replace(
                item,
                status=Status.AMENDED,
                status_date=last.date,
                replaced_by=last.by,
                amendments=earlier[:-1],
            )
        else:
            item = dataclasses.replace(
                item, status=Status.IN_FORCE, status_date=None, replaced_by=None, amendments=()
            )
    if item.status is Status.IN_FORCE and (item.status_date or item.replaced_by):
        item = dataclasses.replace(item, status_date=None, replaced_by=None)
    ended = lapse_day(item)
    if ended is None or ended > day:
        return item
    if item.status is Status.IN_FORCE:
        return dataclasses.replace(item, status=Status.EXPIRED, status_date=ended)
    kept = (
        (Amendment(item.status_date, item.replaced_by),)
        if item.status_date and item.replaced_by
        else ()
    )
    return dataclasses.replace(
        item,
        status=Status.EXPIRED,
        status_date=ended,
        replaced_by=None,
        amendments=(*item.amendments, *kept),
    )


def _without(item: Item, unlisted: frozenset[str], secret: frozenset[str] = frozenset()) -> Item:
    """Return *item* without its references to the site's items in *unlisted*: 不予公开 items a
    site does not list, shown nowhere (a walk found a withheld item's title, reason and number
    in the 解读 and 相关文件 tables of public pages, in a banner, and in catalog.json), and
    items published after the day the catalog stands at (`--as-of`). A replaced_by or an
    amendment's by that names a withheld item by its title or 文号 (*secret*) goes too; so do
    a `related` entry written twice and one naming the item itself (GK209), which its page
    never showed and catalog.json and .csv gave as written (a re-walk)."""

    def gone(value: str) -> bool:
        return value in unlisted or cites_any(value, secret)

    related = tuple(
        dict.fromkeys(r for r in item.related if r not in unlisted and r != item.index_no)
    )
    amendments = tuple(a for a in item.amendments if not gone(a.by))
    replaced_by = None if item.replaced_by and gone(item.replaced_by) else item.replaced_by
    if (
        item.interprets not in unlisted
        and replaced_by == item.replaced_by
        and len(related) == len(item.related)
        and len(amendments) == len(item.amendments)
    ):
        return item
    return dataclasses.replace(
        item,
        interprets=None if item.interprets in unlisted else item.interprets,
        replaced_by=replaced_by,
        related=related,
        amendments=amendments,
    )


def build_catalog(config: Config, items: Sequence[Item], *, as_of: date) -> Catalog:
    """Return the catalog as it stood on *as_of*."""
    visible = sorted(
        (_as_of(i, as_of) for i in items if i.published <= as_of), key=_newest_first, reverse=True
    )
    show_withheld = config.rules.list_withheld_items
    unlisted = frozenset(
        i.index_no for i in visible if i.disclosure is Disclosure.WITHHELD and not show_withheld
    )
    # The site's items the public does not see that day: unlisted, or published after it.
    hidden = frozenset(i.index_no for i in items) - {
        i.index_no for i in visible if i.index_no not in unlisted
    }
    # the titles and 文号 a reference may give instead of a withheld item's index number
    secret = frozenset() if show_withheld else withheld_names(items)
    if hidden or secret:
        visible = [_without(i, hidden, secret) for i in visible]
    listed = tuple(i for i in visible if i.index_no not in unlisted)
    home = Crumb("首页", urls.HOME)

    by_category: dict[str, list[Item]] = defaultdict(list)
    for item in listed:
        by_category[item.category].append(item)
    category_of: dict[str, Listing] = {}

    labels = column_labels(config)

    def category(node: CatalogNode, parents: tuple[Crumb, ...]) -> Listing:
        base = urls.category_base(node.key)
        crumbs = (*parents, Crumb(node.title, urls.listing_page(base, 1)))
        children = tuple(category(child, crumbs) for child in node.children)
        own = by_category.get(node.key, [])
        unique = {i.index_no: i for i in (*own, *(i for c in children for i in c.items))}
        merged = sorted(unique.values(), key=_newest_first, reverse=True)
        label = labels[node.key]
        listing = Listing(
            ListingKind.CATEGORY,
            node.key,
            label,
            base,
            tuple(merged),
            parents,
            children,
            node.title if label != node.title else "",
            _updated(merged, as_of),
        )
        category_of[node.key] = listing
        return listing

    categories = tuple(category(node, (home,)) for node in config.catalog)

    def simple(
        kind: ListingKind,
        key: str,
        title: str,
        base: str,
        chosen: Sequence[Item],
        parents: tuple[Crumb, ...] = (home,),
        children: tuple[Listing, ...] = (),
    ) -> Listing:
        return Listing(
            kind,
            key,
            title,
            base,
            tuple(chosen),
            parents,
            children,
            updated=_updated(chosen, as_of),
        )

    # One pass groups the listed items (newest first, as they stay) by issuer, topic and month.
    by_issuer: dict[str, list[Item]] = defaultdict(list)
    by_topic: dict[str, list[Item]] = defaultdict(list)
    by_month: dict[int, dict[int, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in listed:
        by_issuer[item.issuer].append(item)
        for topic in dict.fromkeys(item.topics):
            by_topic[topic].append(item)
        by_month[item.published.year][item.published.month].append(item)
    issuers = tuple(
        simple(
            ListingKind.ISSUER,
            i.name,
            i.name,
            urls.issuer_base(i.code),
            by_issuer.get(i.name, []),
        )
        for i in config.issuers
    )
    topics = tuple(
        simple(ListingKind.TOPIC, t, t, urls.topic_base(t), by_topic.get(t, []))
        for t in config.topics
    )
    years: list[Listing] = []
    for year in sorted(by_month, reverse=True):
        # Newest first, as listed: its months, newest first, one after the other.
        in_year = [x for m in sorted(by_month[year], reverse=True) for x in by_month[year][m]]
        year_crumb = Crumb(f"{year}年", urls.listing_page(urls.year_base(year), 1))
        months = tuple(
            simple(
                ListingKind.MONTH,
                f"{year}-{m:02d}",
                f"{year}年{m}月",
                urls.month_base(year, m),
                by_month[year][m],
                (home, year_crumb),
            )
            for m in sorted(by_month[year], reverse=True)
        )
        years.append(
            simple(
                ListingKind.YEAR,
                str(year),
                f"{year}年",
                urls.year_base(year),
                in_year,
                children=months,
            )
        )
    statuses = (
        simple(
            ListingKind.STATUS,
            "in-force",
            "现行有效文件",
            urls.status_base(True),
            # 已修改 too: in force as amended, as the annual figures count it (现行有效 =
            # last year's + 制发 - 废止); a lawyer's and an editor's walk found the amended
            # 办法 a reader needed in neither place they looked
            [x for x in listed if x.status in (Status.IN_FORCE, Status.AMENDED)],
        ),
        simple(
            ListingKind.STATUS,
            "not-in-force",
            "已失效、废止或修改的文件",
            urls.status_base(False),
            [x for x in listed if x.status is not Status.IN_FORCE],
        ),
    )
    by_index = {i.index_no: i for i in listed}
    interpretations: dict[str, list[Item]] = defaultdict(list)
    replacing: dict[str, list[Item]] = defaultdict(list)
    amending: dict[str, list[Item]] = defaultdict(list)
    related_to: dict[str, list[Item]] = defaultdict(list)
    for item in listed:
        if item.interprets:
            interpretations[item.interprets].append(item)
        if item.replaced_by and item.replaced_by in by_index:
            replacing[item.replaced_by].append(item)
        for by in dict.fromkeys(a.by for a in item.amendments):  # each once
            if by in by_index and by != item.replaced_by:  # not in replacing[by] too
                amending[by].append(item)
        for other in dict.fromkeys(item.related):
            if other in by_index and other != item.index_no:
                related_to[other].append(item)
    adjacent: dict[str, tuple[Item | None, Item | None]] = {}
    for column in by_category.values():
        for i, item in enumerate(column):
            newer = column[i - 1] if i > 0 else None
            older = column[i + 1] if i + 1 < len(column) else None
            adjacent[item.index_no] = (newer, older)
    return Catalog(
        config=config,
        as_of=as_of,
        items=tuple(visible),
        listed=listed,
        categories=categories,
        issuers=issuers,
        topics=topics,
        years=tuple(years),
        statuses=statuses,
        by_index=MappingProxyType(by_index),
        interpretations=MappingProxyType({k: tuple(v) for k, v in interpretations.items()}),
        replacing=MappingProxyType({k: tuple(v) for k, v in replacing.items()}),
        amending=MappingProxyType({k: tuple(v) for k, v in amending.items()}),
        related_to=MappingProxyType({k: tuple(v) for k, v in related_to.items()}),
        category_of=MappingProxyType(category_of),
        adjacent=MappingProxyType(adjacent),
    )


def column_labels(config: Config) -> dict[str, str]:
    """Return each column's title as a page names it alone (its `<title>`, its feed, the
    search filter, an item's 栏目): its own title, or, where another column has the same one,
    its parent's label before it (`青云镇·通知公告`; a county walk: eight townships'
    通知公告 could not be told apart outside the tree)."""
    count = Counter(node.title for node in config.nodes.values())
    labels: dict[str, str] = {}

    def label(node: CatalogNode) -> str:
        if node.key not in labels:
            parent = config.nodes.get(node.parent) if node.parent else None
            if count[node.title] == 1 or parent is None:
                labels[node.key] = node.title
            else:
                labels[node.key] = f"{label(parent)}·{node.title}"
        return labels[node.key]

    for node in config.nodes.values():
        label(node)
    return labels
