"""Every page of the public site: its output path, its template and what it shows.

The plan is computed once in the main process; pages are rendered from it in worker
processes. A page's context holds everything it shows except an item's body, so its
`repr` is a fair fingerprint of the page for the incremental build.

Item and listing pages are the many: given the SHA-256 of each item's file (`sources`), their
context is made only when the page is rendered, and their fingerprint is `Job.inputs`
instead: the identity of an item page's own item (its file, its status on the catalog's day,
its attachments' sizes), the row identities of the other items a page shows (what their row
in a table shows), its column or listing, and the parts every page shares.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from urllib.parse import urlsplit

from markupsafe import Markup

from generator import datafields, search, urls, views
from generator.annual import AnnualPage, annual_pages, annual_report_columns
from generator.catalog import Catalog, Crumb, Listing, ListingKind, ListingPage
from generator.config import Config
from generator.fields import Disclosure
from generator.item import BodyLink, Item
from generator.options import PAGEFIND_ENGINES, PAGEFIND_WHOLE
from generator.page import Page

LATEST_ON_HOME = 20
ISSUERS_UNFOLDED = 10  # more issuers than this are in a fold on a phone
HOME_TITLE = "首页"

# Free pages that portals link from every page, in this order and with these short labels,
# when a site has them.
_NAV_LABELS = {"gkzn": "公开指南", "gkzd": "公开制度", "ysqgk": "依申请公开"}
_NAV_SLUGS = tuple(_NAV_LABELS)
HOW_TO_APPLY_SLUG = "ysqgk"
# The accessibility statement (无障碍声明), generated at build, linked from every page's header
# and footer. At the site root, not under pages/, so that no free page's slug can clash with it.
ACCESSIBILITY = "accessibility.html"
ACCESSIBILITY_TITLE = "无障碍声明"
# The page for re-users of the catalog's data: what to download or subscribe to, and what the
# files' columns hold (a walk as a journalist and an open-data platform found nothing of it)
DATA = "data.html"
DATA_TITLE = "开放数据"


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Alternate:
    """The page's address in one edition (`<link rel="alternate" hreflang>`)."""

    lang: str
    href: str  # absolute: search engines want the whole address


@dataclass(frozen=True, slots=True)
class LanguageSwitch:
    """The link to the same page in the other script (简体 ↔ 繁體)."""

    href: str  # already relative to the page
    title: str
    lang: str


@dataclass(frozen=True, slots=True)
class SourceView:
    name: str
    url: str
    day: views.Day | None


@dataclass(frozen=True, slots=True)
class PagefindView:
    """Where the search page loads Pagefind (`site.search: pagefind` or `pagefind-all`)."""

    path: str  # the folder of the bundles, from the site's root
    bundle: str | None  # the one bundle of the whole site; None: one a segment, merged


@dataclass(frozen=True, slots=True)
class Job:
    """One page to render: where it goes, with which template, from which Markdown body."""

    path: str
    template: str
    context: Mapping[str, object]
    body_source: str | None = None  # site-root path of the Markdown file whose body it shows
    # A digest of everything the context is made from, when the context is made only on
    # demand (`LazyContext`): the page's fingerprint is made from it instead of the context's.
    # Made when asked for (`digest`), so that a build can make the pages' digests in parallel.
    inputs: Callable[[], str] | None = None

    def digest(self) -> str | None:
        """Return the digest of the page's inputs; None: the context is its own fingerprint."""
        return None if self.inputs is None else self.inputs()


class LazyContext(Mapping[str, object]):
    """A page's context, made by *make* when it is first read (in the process rendering it)."""

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], Mapping[str, object]]) -> None:
        self._make = make
        self._made: Mapping[str, object] | None = None

    def _context(self) -> Mapping[str, object]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def fresh(self) -> dict[str, object]:
        """Return the context made anew, not kept: rendering each page once, a process keeps
        no context it made (kept, a render helper held every page it rendered)."""
        return dict(self._made if self._made is not None else self._make())

    def __getitem__(self, key: str) -> object:
        return self._context()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._context())

    def __len__(self) -> int:
        return len(self._context())


class Plan:
    """The pages of a site on the catalog's day."""

    def __init__(
        self,
        catalog: Catalog,
        pages: Sequence[Page],
        *,
        search_index: bool = True,
        sources: Mapping[str, str] | None = None,
        archived: date | None = None,
        present: Callable[[str], bool] | None = None,
    ) -> None:
        """*sources* (site-root path → SHA-256 of each item's file, as `Site.digests`) makes
        item pages' contexts lazy, fingerprinted by their inputs (see the module's text).
        *archived*: the day of the disc edition (`gkml archive`), which every page names.
        *present*: whether a file a body links to is there (None: not asked), for the pages'
        fingerprints."""
        self.catalog = catalog
        self.present = present
        self.sources = sources
        self.archived = views.day(archived) if archived else None
        self.search_index = search_index  # False: built with --no-search, the page says so
        self.config: Config = catalog.config
        self.pages = tuple(sorted(pages, key=lambda p: _page_order(p.slug)))
        slugs = {p.slug for p in self.pages}
        self.apply_path = urls.page_path(HOW_TO_APPLY_SLUG) if HOW_TO_APPLY_SLUG in slugs else None
        # Each Markdown file a body's link may name → its page: the items with a page on the
        # catalog's day, and the free pages (公开指南 linked as `../pages/gkzn.md` was a dead
        # link). A link to another Markdown file shows its text alone (GK119, GK215).
        self.source_pages: Mapping[str, str] = MappingProxyType(
            {i.path: views.item_page_path(i) for i in catalog.items if catalog.has_page(i)}
            | {p.path: urls.page_path(p.slug) for p in self.pages}
        )
        self._rows: dict[str, views.Row] = {}
        figures = annual_pages(self.config, catalog.items, as_of=catalog.as_of)
        self.annual_pages = figures.whole
        # each issuer's own figures, in a catalog of several (a county's bureaus)
        self.issuer_annual_pages = figures.own
        self.nav = self._nav()
        self.contact = views.config_contact_lines(self.config)
        self.records = views.footer_records(self.config)
        self.site_feed = Link(f"{self.config.site.title}：最新公开信息", urls.SITE_FEED)
        self._identities: dict[str, str] = {}
        self._columns: dict[str, str] = {}
        self._shown: dict[str, str] = {}  # listing base → what each of its pages shows
        # What every item page shows besides its own inputs (catalog.yml is in every page's
        # key already): the free pages' links, the how-to-apply page, the search option.
        self._shared = _digest(
            repr(
                (
                    self.nav,
                    self.contact,
                    self.site_feed,
                    self.apply_path,
                    self.search_index,
                    self.archived,
                )
            )
        )

    # -- shared parts ---------------------------------------------------------------------
    def _nav(self) -> tuple[Link, ...]:
        links = [Link(HOME_TITLE, urls.HOME)]
        links += [
            Link(_NAV_LABELS.get(p.slug, p.title), urls.page_path(p.slug)) for p in self.pages
        ]
        report = self.annual_reports()
        if report is not None:
            links.append(Link(report.title, report.path))
        links.append(Link("现行有效文件", urls.listing_page(urls.status_base(True), 1)))
        links.append(Link("搜索", urls.SEARCH))
        return tuple(links)

    def annual_reports(self) -> Listing | None:
        """Return the main annual-report column's listing (`annual_report_columns`: the one
        the checks hold reports to, `ndbg` before a township's own)."""
        columns = annual_report_columns(self.config)
        return self.catalog.category_of[columns[0]] if columns else None

    def _common(
        self, path: str, title: str, crumbs: Sequence[Crumb], feed: Link | None = None
    ) -> dict[str, object]:
        base = self.config.site.base_url
        return {
            "site": self.config.site,
            "nav": self.nav,
            "contact": self.contact,
            "records": self.records,
            "page_path": path,
            # The page's path in the site, the same in both editions (page_path is under
            # zh-hant/ in the 繁體 one): the navigation marks the page it is on by it.
            "current_path": path,
            "title": title,
            "breadcrumbs": tuple(crumbs),
            "canonical": f"{base}{path}" if base else None,
            "feed": feed or self.site_feed,
            "absolute_base": None,
            "accessibility_path": ACCESSIBILITY,
            "data_path": DATA,
            "archived": self.archived,  # the disc edition's day: a note on every page
            # The build fills these in for each edition (简体, and 繁體 under zh-hant/).
            "edition": "hans",
            "page_lang": self.config.site.language,
            # The `lang` of what stays in the simplified script (索引号, 文号): set in the
            # 繁體 edition only, where it differs from the page's.
            "verbatim_lang": Markup(""),
            "language_switch": None,
            # The page's address in each edition, for search engines (absolute: base_url).
            "alternates": (),
            # The header's search box and the 搜索 button that unfolds it: left out of the
            # search page, whose own box is under its heading (two search regions and two
            # 搜索 buttons of one name there, for a screen reader's list of them).
            "header_search": True,
        }

    def row(self, item: Item) -> views.Row:
        """Return the listing row of *item*, made once: an item shows in many listings."""
        found = self._rows.get(item.index_no)
        if found is None:
            found = self._rows[item.index_no] = views.row(self.catalog, item, self.apply_path)
        return found

    def rows(self, items: Sequence[Item]) -> tuple[views.Row, ...]:
        """Return the rows of one table of *items*, those of one title told apart."""
        return views.told_apart([self.row(i) for i in items])

    def addressed_rows(self, items: Sequence[Item]) -> tuple[views.Row, ...]:
        """Return the rows of *items* for an item page's table of related documents, whose
        links print their address on paper (`Row.addressed`), where the page does not print
        it already above them (`pagebody.printed_once`)."""
        return tuple(dataclasses.replace(row, addressed=True) for row in self.rows(items))

    # -- the pages --------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        """Return every page of the site, in a stable order."""
        found = [self.home(), self.not_found(), self.search(), self.accessibility(), self.data()]
        found += [self.free_page(p) for p in self.pages]
        for listing in self.catalog.listings():
            found += self.listing(listing)
        found += [self.annual_page(p) for p in (*self.annual_pages, *self.issuer_annual_pages)]
        found += [self.item(i) for i in self.catalog.items if self.catalog.has_page(i)]
        return found

    def home(self) -> Job:
        catalog = self.catalog
        links = [Link(p.title, urls.page_path(p.slug)) for p in self.pages]
        report = self.annual_reports()
        if report is not None:
            links.append(Link(report.title, report.path))
        elif self.annual_pages:  # no 年度报告 column to list them: the last complete year
            done = [p for p in self.annual_pages if p.as_of is None] or self.annual_pages
            links.append(Link("年度报告数据", done[0].path))
        for status in catalog.statuses:
            links.append(Link(status.title, status.path))
        links.append(Link("搜索公开信息", urls.SEARCH))
        context = self._common(urls.HOME, self.config.site.title, (Crumb(HOME_TITLE, None),))
        context |= {
            "catalog_tree": views.tree(catalog.categories),
            "years_tree": views.tree(catalog.years, depth=1),
            "issuers_tree": views.tree(catalog.issuers),
            # a county's 25 issuers were 840 px of a phone's home page (1,779 in 长者版)
            "issuers_fold": (
                f"全部 {len(catalog.issuers)} 个发布机构"
                if len(catalog.issuers) > ISSUERS_UNFOLDED
                else ""
            ),
            "topics_tree": views.tree(tuple(t for t in catalog.topics if t.items)),
            "links": tuple(links),
            "latest": self.rows(catalog.listed[:LATEST_ON_HOME]),
        }
        return Job(urls.HOME, "home.html", MappingProxyType(context))

    def not_found(self) -> Job:
        context = self._common(
            urls.NOT_FOUND, "页面不存在", (Crumb(HOME_TITLE, urls.HOME), Crumb("页面不存在", None))
        )
        # A server shows this page at any depth: its links start from the site's root path
        # (`/xxgk/` for base_url https://example.gov.cn/xxgk/), or stay relative without one.
        base = self.config.site.base_url
        # On a disc no server shows it: its links stay relative, as every page's. Served, they
        # start with one slash whatever the path: //evil.example/ (or /\evil.example/, which a
        # browser reads alike) is another host's address (a security review; the check refuses
        # such a base_url, GK405).
        context["absolute_base"] = (
            "/" + urlsplit(base).path.lstrip("/\\") if base and self.archived is None else None
        )
        return Job(urls.NOT_FOUND, "404.html", MappingProxyType(context))

    def search(self) -> Job:
        context = self._common(
            urls.SEARCH, "搜索", (Crumb(HOME_TITLE, urls.HOME), Crumb("搜索", None))
        )
        years = self.catalog.years
        context |= {
            "filters": search.filters(self.catalog),
            "by_year_path": years[0].path if years else urls.HOME,
            "in_force_path": self.catalog.statuses[0].path,
            "apply_path": self.apply_path,  # a 依申请公开 result links to it, as a listing does
            "search_index": self.search_index,
            "pagefind": self._pagefind(),
            "header_search": False,
        }
        return Job(urls.SEARCH, "search.html", MappingProxyType(context))

    def _pagefind(self) -> PagefindView | None:
        """Return where the search page finds Pagefind (None: gkml's own index answers)."""
        engine = self.config.site.search
        if not self.search_index or engine not in PAGEFIND_ENGINES:
            return None
        from generator import pagefindindex  # only then: it imports subprocess and threads

        return PagefindView(
            f"{pagefindindex.FOLDER}/", pagefindindex.ALL if engine == PAGEFIND_WHOLE else None
        )

    def accessibility(self) -> Job:
        """Return the accessibility statement: standards, known gaps, how to report a problem."""
        context = self._common(
            ACCESSIBILITY,
            ACCESSIBILITY_TITLE,
            (Crumb(HOME_TITLE, urls.HOME), Crumb(ACCESSIBILITY_TITLE, None)),
        )
        context["report_channels"] = views.report_channels(self.config)
        return Job(ACCESSIBILITY, "accessibility.html", MappingProxyType(context))

    def data(self) -> Job:
        """Return the page for re-users: the files to download or subscribe to, the columns
        of catalog.json and catalog.csv and what their values are."""
        context = self._common(
            DATA, DATA_TITLE, (Crumb(HOME_TITLE, urls.HOME), Crumb(DATA_TITLE, None))
        )
        context["data_fields"] = datafields.described()
        # In the tree's order, a column before its own. Each named as a feed: named as its
        # column, a screen reader's list of links read 年度报告 twice, the column's page (in
        # the navigation) and its feed, and each column as if it were its page.
        context["column_feeds"] = tuple(
            Link(f"{self.catalog.category_of[key].title}栏目的订阅", urls.category_feed(key))
            for key in self.config.nodes
        )
        context["withheld_listed"] = self.config.rules.list_withheld_items
        # written only with an address to give its pages (`site.base_url`)
        context["sitemap_path"] = urls.SITEMAP if self.config.site.base_url else None
        return Job(DATA, "data.html", MappingProxyType(context))

    def free_page(self, page: Page) -> Job:
        path = urls.page_path(page.slug)
        context = self._common(
            path, page.title, (Crumb(HOME_TITLE, urls.HOME), Crumb(page.title, None))
        )
        frozen = MappingProxyType(context)
        inputs = functools.partial(self._page_inputs, frozen, page.body_links)
        return Job(path, "page.html", frozen, page.path, inputs)

    def listing(self, listing: Listing) -> list[Job]:
        pages = listing.pages
        feed = (
            Link(f"{listing.title}：最新公开信息", urls.category_feed(listing.key))
            if listing.kind is ListingKind.CATEGORY
            else None
        )
        if self.sources is None:
            return [
                Job(page.path, "listing.html", self._listing_context(listing, page, feed))
                for page in pages
            ]
        return [
            Job(
                page.path,
                "listing.html",
                LazyContext(functools.partial(self._listing_context, listing, page, feed)),
                None,
                functools.partial(self._listing_inputs, listing, page, feed),
            )
            for page in pages
        ]

    def _listing_inputs(self, listing: Listing, page: ListingPage, feed: Link | None) -> str:
        """Return a digest of everything `_listing_context` reads: a listing page's
        fingerprint."""
        # What every page of the listing shows besides its own rows (see `_item_inputs`).
        shown = self._shown.get(listing.base)
        if shown is None:
            shown = self._shown[listing.base] = repr(
                (
                    views.listing_heading(listing),
                    views.crumbs_for(listing),
                    feed,
                    len(listing.items),
                    listing.updated,
                    tuple(p.path for p in listing.pages),
                    views.tree(listing.children),
                    self._annual_links(listing),
                )
            )
        rows = "|".join(map(self._row_identity, page.items))
        return _digest("\n".join((self._shared, shown, str(page.number), rows)))

    def _listing_context(
        self, listing: Listing, page: ListingPage, feed: Link | None
    ) -> Mapping[str, object]:
        pages = listing.pages
        context = self._common(
            page.path, views.listing_heading(listing), views.crumbs_for(listing), feed
        )
        context |= {
            "count": len(listing.items),
            "updated": views.day(listing.updated),
            "pages": len(pages),
            "number": page.number,
            "rows": self.rows(page.items),
            "children": views.tree(listing.children),
            "pagination": views.pagination(pages, page.number),
            "previous_page": pages[page.number - 2].path if page.number > 1 else None,
            "next_page": pages[page.number].path if page.number < len(pages) else None,
            "annual_pages": self._annual_links(listing) if page.number == 1 else (),
        }
        return MappingProxyType(context)

    def _annual_links(self, listing: Listing) -> tuple[Link, ...]:
        """Return the links to the yearly figures, shown by the 年度报告 column (the whole
        catalog's) and by an issuer's listing (its own, when it has them)."""
        if listing is self.annual_reports():
            return tuple(Link(p.link_title, p.path) for p in self.annual_pages)
        if listing.kind is ListingKind.ISSUER:
            own = [p for p in self.issuer_annual_pages if p.issuer == listing.key]
            return tuple(Link(p.link_title, p.path) for p in own)
        return ()

    def annual_page(self, page: AnnualPage) -> Job:
        """Return the page of one year's annual-report figures, under the 年度报告 column; an
        issuer's own, under the whole catalog's of the year."""
        column = self.annual_reports()
        parents: tuple[Crumb, ...] = (
            (*column.parents, Crumb(column.title, column.path))
            if column is not None
            else (Crumb(HOME_TITLE, urls.HOME),)
        )
        whole = [p for p in self.annual_pages if p.year == page.year]
        if page.issuer is not None and whole:
            parents += (Crumb(whole[0].link_title, whole[0].path),)
        context = self._common(page.path, page.title, (*parents, Crumb(page.link_title, None)))
        context["report"] = page
        return Job(page.path, "annual.html", MappingProxyType(context))

    def item(self, item: Item) -> Job:
        if self.sources is None:
            return Job(views.item_page_path(item), "item.html", self._item_context(item), item.path)
        return Job(
            views.item_page_path(item),
            "item.html",
            LazyContext(lambda: self._item_context(item)),
            item.path,
            functools.partial(self._item_inputs, item),
        )

    def _identity(self, item: Item) -> str:
        """Return what decides how *item* shows on its own page: its file (the Item is made
        from it, catalog.yml and gkml's code, all in every page's key), the status the catalog
        gave it on its day, its attachments' sizes (read from the disk), whether it has a page."""
        assert self.sources is not None
        return repr(
            (
                item.path,
                self.sources.get(item.path) or repr(item),
                item.status.value,
                item.status_date,
                item.replaced_by,
                item.amendments,  # those before the catalog's day
                # applicable yet (a re-walk: "有效（…起施行）" stayed after the day)
                item.valid_from is not None and item.valid_from > self.catalog.as_of,
                tuple(a.size for a in item.attachments),
                self.catalog.has_page(item),
            )
        )

    def _row_identity(self, item: Item | None) -> str:
        """Return a digest of what another page shows of *item*: its row in a table
        (`views.row`; a banner and the JSON-LD show no more). A body change leaves it as it
        is. A digest: a listing's fifty rows are 1.6 KB to hash, not 9 KB of titles (the
        keys of 3,130 listing pages at 20,000 items: 0.18–0.25 → 0.09–0.11 s)."""
        if item is None:
            return "-"
        found = self._identities.get(item.index_no)
        if found is None:
            found = self._identities[item.index_no] = _short_digest(
                (
                    item.index_no,
                    item.title,
                    item.doc_no,
                    item.written,
                    item.published,
                    item.published_time,
                    item.status.value,
                    item.disclosure.value,
                    item.reason,
                    self.catalog.has_page(item),
                    # an interpretation's note on its policy: when, and by what
                    item.status_date,
                    item.replaced_by,
                    item.valid_from is not None and item.valid_from > self.catalog.as_of,
                )
            )
        return found

    def _column(self, key: str) -> str:
        found = self._columns.get(key)
        if found is None:
            column = self.catalog.category_of[key]
            found = self._columns[key] = repr(
                (column.key, column.title, column.path, column.parents)
            )
        return found

    def _item_inputs(self, item: Item) -> str:
        """Return a digest of everything `_item_context` reads: an item page's fingerprint."""
        catalog = self.catalog
        by_index = catalog.by_index
        ident = self._row_identity
        newer, older = catalog.neighbours(item)
        replaced = by_index.get(item.replaced_by) if item.replaced_by else None
        policy = by_index.get(item.interprets) if item.interprets else None
        # what replaced the policy: its title is in the interpretation's note (policy_banner)
        successor = by_index.get(policy.replaced_by) if policy and policy.replaced_by else None
        return _digest(
            "\n".join(
                (
                    self._shared,
                    self._column(item.category),
                    self._identity(item),
                    ident(by_index.get(item.interprets) if item.interprets else None),
                    "|".join(ident(by_index.get(r)) for r in item.related),
                    "|".join(ident(i) for i in catalog.related_to.get(item.index_no, ())),
                    ident(newer),
                    ident(older),
                    "|".join(ident(i) for i in catalog.interpretations.get(item.index_no, ())),
                    "|".join(ident(i) for i in _replaced(catalog, item)),
                    ident(replaced),
                    ident(successor),
                    # the documents its 此前修改 rows name (a re-walk: a retitled one's old
                    # title stayed)
                    "|".join(ident(by_index.get(a.by)) for a in item.amendments),
                    self._link_targets(item.body_links),
                )
            )
        )

    def _page_inputs(self, context: Mapping[str, object], links: Sequence[BodyLink]) -> str:
        """Return a free page's fingerprint: its context, and where its links lead."""
        return _digest(f"{sorted(context.items())!r}\n{self._link_targets(links)}")

    def _link_targets(self, links: Sequence[BodyLink]) -> str:
        """Return where the body's *links* lead, as far as the body alone does not say: the
        page of each linked Markdown file (an item's page moves, or comes or goes, with the
        linking body unchanged), and whether each other linked file is there (a missing file
        is a link left as written; once added, the link leads to its published copy)."""
        pages = self.source_pages
        present = self.present
        found: list[str] = []
        for link in links:
            target = link.target
            if target.lower().endswith(".md"):
                found.append(f"{target}>{pages.get(target)}")
            elif present is not None:
                found.append(f"{target}:{present(target)}")
        return "|".join(found)

    def _item_context(self, item: Item) -> Mapping[str, object]:
        catalog = self.catalog
        path = views.item_page_path(item)
        column = catalog.category_of[item.category]
        crumbs = (*column.parents, Crumb(column.title, column.path), Crumb(item.title, None))
        feed = Link(f"{column.title}：最新公开信息", urls.category_feed(column.key))
        policy = catalog.by_index.get(item.interprets) if item.interprets else None
        interpretations = catalog.interpretations.get(item.index_no, ())
        replacing = _replaced(catalog, item)
        # A related item the page links to already (its policy, an interpretation, what it
        # repealed or what repealed it) is not listed again: a reader met the same row twice.
        shown = {i.index_no for i in (*interpretations, *replacing)}
        shown.update(r for r in (item.interprets, item.replaced_by, item.index_no) if r)
        # what it names, then what names it (a related link is shown from both ends), each once
        named = dict.fromkeys(
            (
                *(r for r in item.related if r in catalog.by_index),
                *(i.index_no for i in catalog.related_to.get(item.index_no, ())),
            )
        )
        related = [catalog.by_index[r] for r in named if r not in shown]
        newer, older = catalog.neighbours(item)
        source = item.source
        context = self._common(path, item.title, crumbs, feed)
        context |= {
            "header": views.header(catalog, item),
            "banner": views.banner(catalog, item),
            "policy_banner": views.policy_banner(catalog, item),
            "partial_reason": item.reason if item.disclosure is Disclosure.PARTIAL else None,
            "attachments": views.attachments(item, self.config.site.base_url),
            "source": SourceView(source.name, source.url, views.day(source.date))
            if source
            else None,
            "interprets": self.addressed_rows([policy]) if policy else (),
            "interpretations": self.addressed_rows(interpretations),
            "replacing": self.addressed_rows(replacing),
            "related": self.addressed_rows(related),
            "newer": self.row(newer) if newer else None,
            "older": self.row(older) if older else None,
            "jsonld": views.jsonld(catalog, item, self.config.site.base_url),
            # The QR code of the page's public address is drawn when the page is rendered (in
            # parallel, and only for pages that changed); without base_url there is no code.
            "qr_code": bool(context["canonical"]),
        }
        return MappingProxyType(context)


def _replaced(catalog: Catalog, item: Item) -> tuple[Item, ...]:
    """Return the items *item* repealed or amended: those it is the latest change of, then
    those it amended before a later change (their `amendments`)."""
    return (
        *catalog.replacing.get(item.index_no, ()),
        *catalog.amending.get(item.index_no, ()),
    )


def _short_digest(value: object) -> str:
    """Return a 128-bit digest of *value*'s repr, for a part of a page's inputs."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _digest(text: str) -> str:
    """Return the SHA-256 of *text*: a page's inputs are kept as a digest (64 characters, not
    kilobytes per page)."""
    return hashlib.sha256(text.encode()).hexdigest()


def _page_order(slug: str) -> tuple[int, str]:
    return (_NAV_SLUGS.index(slug) if slug in _NAV_SLUGS else len(_NAV_SLUGS), slug)
