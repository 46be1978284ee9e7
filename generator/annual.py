"""Table 二 of the annual report (年度报告, national format of 2021), computed from the catalog.

Which items are 规章 and which 行政规范性文件 is set in catalog.yml (`annual_report`, by column
or by genre). For year Y, counted by date, not by today's status:

- 本年制发件数: items whose 成文日期 (else 发布日期) falls in Y;
- 本年废止件数: items that stopped being in force in Y: status 废止 or 失效 with 状态变更日期
  in Y (an amended, 已修改, document stays in force in its amended form);
- 现行有效件数: items made by the end of Y and not repealed or expired by then.

Reconciliation: 现行有效(Y) = 现行有效(Y-1) + 制发(Y) - 废止(Y), where 现行有效(Y-1) is the
figure printed in last year's report when catalog.yml records it (`annual_report.reported`),
else the same count for Y-1.

The site publishes the same figures, one page a year (`annual_pages`): every year from the
first item's to the build's, the year still running counted up to the build's day. A catalog of
several issuers also has each issuer's own pages (`AnnualPages.own`), its items alone, as
`gkml report annual --issuer` counts them: a county's bureau reports on its own documents.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from generator import urls
from generator.config import Config, Issuer
from generator.document import Block, Bullets, Heading, Paragraph, Table, html_fragment
from generator.fields import Status
from generator.item import Item, lapse_day
from generator.views import Day, day, item_page_path

__all__ = [
    "AnnualPage",
    "AnnualPages",
    "AnnualReport",
    "Cell",
    "Count",
    "DocumentRow",
    "TableView",
    "YearLink",
    "annual_blocks",
    "annual_fragment",
    "annual_of",
    "annual_pages",
    "annual_reports",
    "page_years",
    "reported_items",
]

_CEASED = (Status.REPEALED, Status.EXPIRED)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of table 二 with its reconciliation."""

    key: str  # regulations, normative_documents
    label: str  # 规章, 行政规范性文件
    configured: bool  # catalog.yml says which items count
    issued: int  # 本年制发件数
    repealed: int  # 本年废止件数
    in_force: int  # 现行有效件数 at the end of the year
    previous: int  # 现行有效件数 at the end of last year, as the reconciliation uses it
    previous_reported: bool  # previous comes from last year's report, not from the catalog
    previous_computed: int  # the catalog's own count for last year
    expected: int  # 现行有效(Y-1) + 制发 - 废止
    balanced: bool  # expected == in_force
    issued_items: tuple[str, ...]  # index numbers
    repealed_items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Count:
    key: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class AnnualReport:
    year: int
    rows: tuple[DocumentRow, ...]
    by_column: tuple[Count, ...]  # proactively published items of the year, own column only
    by_issuer: tuple[Count, ...]
    total: int
    anomalies: tuple[str, ...]  # data that breaks the reconciliation, in words
    issuer: str | None = None  # a bureau's own items counted; None: the whole catalog

    @property
    def balanced(self) -> bool:
        return all(row.balanced for row in self.rows)


# 示例市民政局2025年政府信息公开工作年度报告, 2025年度示例县政府信息公开工作报告: the title
# ends with the report's name (a re-walk: the notice asking for the reports, 一图读懂, a
# correction note, a half-year report and a 整改 report were all taken for the report).
_REPORT_TITLE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})\s*年度?[^0-9]{0,30}?政府信息公开(?:工作)?(?:年度)?报告$"
)
_NOT_THE_REPORT = ("关于", "一图读懂", "图解", "解读")  # a title that starts so is about it
_ABOUT_IT = ("半年", "季度", "整改", "更正", "解读", "编制")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")  # （全文）, （修订）


def report_year(item: Item) -> int | None:
    """Return the year *item*'s title says it reports on, when it is an annual report."""
    return title_report_year(item.title)


def title_report_year(title: str) -> int | None:
    """Return the year the title *title* says its item reports on, when it names an annual
    report (and not a notice, an explainer or a correction about one)."""
    if "报告" not in title or "政府信息公开" not in title:
        return None
    title = _TRAILING_NOTE.sub("", title.strip())
    if title.startswith(_NOT_THE_REPORT) or any(word in title for word in _ABOUT_IT):
        return None
    found = _REPORT_TITLE.search(title)
    return int(found[1]) if found else None


def annual_report_columns(config: Config) -> tuple[str, ...]:
    """Return the annual-report columns' keys, the main one first (`ndbg`, else the first
    titled 年度报告): a county has one for each township as well (a re-walk)."""
    found = [key for key, node in config.nodes.items() if key == "ndbg" or "年度报告" in node.title]
    return tuple(sorted(found, key=lambda key: key != "ndbg"))


def in_columns(config: Config, item: Item, columns: Collection[str]) -> bool:
    """Return whether *item* is in one of *columns* or below one."""
    return _under(config, item.category, columns)


def _under(config: Config, key: str | None, columns: Collection[str]) -> bool:
    """Return whether the column *key* is one of *columns* or below one."""
    while key is not None:
        if key in columns:
            return True
        node = config.nodes.get(key)
        key = node.parent if node else None
    return False


def whole_catalog_reporters(config: Config) -> frozenset[str]:
    """Return the issuers whose annual report covers the whole catalog, as the annual data
    pages count it: the site's organization, and a catalog's one issuer."""
    sole = {config.issuers[0].name} if len(config.issuers) == 1 else set()
    return frozenset({config.site.organization, *sole})


def reported_items(config: Config, items: Sequence[Item], issuer: str) -> tuple[list[Item], bool]:
    """Return the items *issuer*'s annual report counts, and whether they are the whole
    catalog: a bureau reports on its own documents; the site's organization (or a catalog's
    one issuer) on the whole catalog, as the annual data pages count it. One rule for
    `gkml report annual --issuer` and the check of a report's figures (GK220)."""
    if issuer in whole_catalog_reporters(config):
        return list(items), True
    return [item for item in items if item.issuer == issuer], False


def _made(item: Item) -> date:
    return item.written or item.published


def _ceased(item: Item) -> date | None:
    """Return the day *item* stopped being in force: its repeal or expiry, or, when it is
    still 有效 or 已修改, the day after its 有效期至, as the site shows it from then
    (`catalog._as_of`)."""
    ended = lapse_day(item)
    if ended is not None:
        return ended
    return item.status_date if item.status in _CEASED else None


def _in_force_at(items: Sequence[Item], day: date) -> int:
    return sum(
        1 for i in items if _made(i) <= day and ((ceased := _ceased(i)) is None or ceased > day)
    )


def _columns_under(config: Config, columns: Collection[str]) -> frozenset[str]:
    """Return the keys of *columns* and of every column below one of them."""
    return frozenset(columns).union(k for k in config.nodes if _under(config, k, columns))


_ENGLISH = {"regulations": "a regulation", "normative_documents": "a normative document"}


def annual_of(config: Config, items: Sequence[Item], *, year: int) -> AnnualReport:
    """Return table 二 for *year* and the counts by column and issuer."""
    return annual_reports(config, items, years=(year,))[0]


@dataclass(frozen=True, slots=True)
class _Members:
    """The items of one row of table 二, oldest first."""

    key: str
    label: str
    configured: bool
    reported: tuple[int | None, ...]  # 现行有效件数 printed in the report of a year, by year
    items: tuple[Item, ...]


def annual_reports(
    config: Config, items: Sequence[Item], *, years: Sequence[int], issuer: str | None = None
) -> tuple[AnnualReport, ...]:
    """Return the report of each of *years*, in that order; the catalog is sorted once.
    *issuer*: the bureau whose own items *items* are (`reported_items`); its figures for the
    year before are its catalog's, annual_report.reported being the whole catalog's."""
    rules = config.annual_report
    anomalies: list[str] = []
    rows: list[_Members] = []
    for index, (key, label, row) in enumerate(
        (
            ("regulations", "规章", rules.regulations),
            ("normative_documents", "行政规范性文件", rules.normative_documents),
        )
    ):
        keys = _columns_under(config, row.categories)
        chosen = sorted(
            (
                i
                for i in items
                if i.category in keys or (i.genre is not None and i.genre in row.genres)
            ),
            key=lambda i: (_made(i), i.index_no),
        )
        for item in chosen:
            if not item.disclosure.has_public_body:
                # Counted (a document made is made), but 规章 and 行政规范性文件 are disclosed
                # proactively (《条例》第二十条第（一）项): a data error, or one to explain.
                anomalies.append(
                    f"{item.index_no}（{label}）的公开属性为 {item.disclosure.value}，"
                    f"而{label}应当主动公开（《条例》第二十条第（一）项），请核对"
                    f" ({_ENGLISH[key]} that is not disclosed proactively)"
                )
            ceased = _ceased(item)
            if ceased is not None and ceased < _made(item):
                anomalies.append(
                    f"{item.index_no}（{label}）的状态变更日期 {ceased} 早于成文日期 {_made(item)}"
                    f" (status_date before the document was made)"
                )
        reported = tuple(
            None if issuer else rules.reported.get(y - 1, (None, None))[index] for y in years
        )
        rows.append(
            _Members(key, label, bool(row.categories or row.genres), reported, tuple(chosen))
        )
    both = sorted({i.index_no for i in rows[0].items} & {i.index_no for i in rows[1].items})
    if both:
        anomalies.append(
            f"{'、'.join(both)} 同时算作规章和行政规范性文件，请调整 catalog.yml 的 annual_report"
            " (counted in both rows)"
        )
    public: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.disclosure.has_public_body:
            public[item.published.year].append(item)
    return tuple(
        _report(config, year, n, rows, public.get(year, []), tuple(anomalies), issuer)
        for n, year in enumerate(years)
    )


def _report(
    config: Config,
    year: int,
    n: int,
    members: Sequence[_Members],
    public: Sequence[Item],
    anomalies: tuple[str, ...],
    issuer: str | None = None,
) -> AnnualReport:
    """Return the report of *year*, the *n*-th year asked for, from the rows' items."""
    rows: list[DocumentRow] = []
    for m in members:
        issued = tuple(i.index_no for i in m.items if _made(i).year == year)
        repealed = tuple(
            i.index_no for i in m.items if (c := _ceased(i)) is not None and c.year == year
        )
        computed_before = _in_force_at(m.items, date(year - 1, 12, 31))
        reported = m.reported[n]
        previous = reported if reported is not None else computed_before
        in_force = _in_force_at(m.items, date(year, 12, 31))
        expected = previous + len(issued) - len(repealed)
        rows.append(
            DocumentRow(
                key=m.key,
                label=m.label,
                configured=m.configured,
                issued=len(issued),
                repealed=len(repealed),
                in_force=in_force,
                previous=previous,
                previous_reported=reported is not None,
                previous_computed=computed_before,
                expected=expected,
                balanced=expected == in_force,
                issued_items=issued,
                repealed_items=repealed,
            )
        )
    by_category = Counter(i.category for i in public)
    by_issuer = Counter(i.issuer for i in public)
    return AnnualReport(
        year,
        tuple(rows),
        tuple(
            Count(node.key, _column_name(config, node.key), by_category[node.key])
            for root in config.catalog
            for node in root.walk()
        ),
        tuple(Count(i.code, i.name, by_issuer[i.name]) for i in config.issuers),
        len(public),
        anomalies,
        issuer,
    )


def _column_name(config: Config, key: str) -> str:
    names: list[str] = []
    node = config.nodes.get(key)
    while node is not None:
        names.append(node.title)
        node = config.nodes.get(node.parent) if node.parent else None
    return " > ".join(reversed(names))


def annual_blocks(
    report: AnnualReport, *, site_title: str, as_of: date | None = None
) -> tuple[Block, ...]:
    """Return the report: title, table 二, the reconciliation, the counts by column and issuer.
    A year not over by *as_of* says that its figures are counted to that day (a year-end
    walk: a draft made in December read as the whole year's, as the site's page does not)."""
    running = as_of is not None and as_of < date(report.year, 12, 31)
    note = (
        (
            Paragraph(
                f"{report.year}年尚未结束：数字截至{as_of.isoformat()}，年度结束后按全年重新计算。"
                f"(The year is not over: counted to {as_of.isoformat()}.)",
                strong=True,
            ),
        )
        if running and as_of is not None
        else ()
    )
    subject = report.issuer or site_title
    own = (
        (
            Paragraph(
                f"只计发布机构为{report.issuer}的信息；上年现行有效件数按目录计算"
                f"（annual_report.reported 是整个目录的数）。"
                f"(Only {report.issuer}'s own items are counted.)"
            ),
        )
        if report.issuer
        else ()
    )
    return (
        Heading(f"{subject} {report.year}年度政府信息公开工作年度报告 数据", 1),
        *note,
        *own,
        *_body(report),
    )


def _period(report: AnnualReport, period: str | None) -> str:
    """Return the span counted: the year, or the part of it that has passed (*period*)."""
    return period or f"{report.year}年"


def _table_two(
    report: AnnualReport, rows: Sequence[DocumentRow], period: str | None = None
) -> Table:
    return Table(
        f"{_period(report, period)}主动公开政府信息情况（第二十条第（一）项）",
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        tuple((row.label, str(row.issued), str(row.repealed), str(row.in_force)) for row in rows),
        numeric=(1, 2, 3),
    )


def _difference(row: DocumentRow) -> str:
    """Return how far *row*'s 现行有效 is from what it should be, in words."""
    off = row.in_force - row.expected
    return f"不一致（多 {off} 件）" if off > 0 else f"不一致（少 {-off} 件）"


def _reconciliation(report: AnnualReport, rows: Sequence[DocumentRow]) -> Table:
    # The sum in words (加, 减, 应为, 多 2 件), as the verdict above the table says it: what a
    # screen reader says of a "-" between words depends on its punctuation level and
    # language (at NVDA's usual level, often nothing), and "现行有效(2024) + 制发 - 废止" and a
    # column "- 废止" could be heard as 加制发废止 and 废止 (a screen reader's walk).
    y = report.year
    return Table(
        f"现行有效({y})应等于现行有效({y - 1})加制发、减废止",
        (
            "信息内容",
            f"现行有效({y - 1})",
            "上年数来源",
            "加：制发",
            "减：废止",
            "应为",
            f"现行有效({y})",
            "结果",
        ),
        tuple(
            (
                row.label,
                str(row.previous),
                (
                    f"上年报告（目录计算为 {row.previous_computed}）"
                    if row.previous_reported
                    else "按目录计算"
                ),
                str(row.issued),
                str(row.repealed),
                str(row.expected),
                str(row.in_force),
                "一致" if row.balanced else _difference(row),
            )
            for row in rows
        ),
        numeric=(1, 3, 4, 5, 6),
    )


def _total(report: AnnualReport, period: str | None = None) -> str:
    return f"{_period(report, period)}主动公开（含部分公开）信息共 {report.total} 条。"


def _by_column(report: AnnualReport, period: str | None = None) -> Table:
    return Table(
        f"{_period(report, period)}按栏目统计的主动公开信息（只计本栏目，不含下级栏目）",
        ("栏目", "条数"),
        tuple((c.name, str(c.count)) for c in report.by_column),
        numeric=(1,),
        foot=(("合计", str(report.total)),),
    )


def _by_issuer(report: AnnualReport, period: str | None = None) -> Table:
    return Table(
        f"{_period(report, period)}按发布机构统计的主动公开信息",
        ("发布机构", "条数"),
        tuple((c.name, str(c.count)) for c in report.by_issuer),
        numeric=(1,),
        foot=(("合计", str(report.total)),),
    )


def _body(report: AnnualReport) -> list[Block]:
    blocks: list[Block] = [
        Heading("二、主动公开政府信息情况"),
        _table_two(report, report.rows),
        Paragraph(
            f"{_NOT_IN_CATALOG}请按业务系统数据填写。(Licensing, penalty, enforcement and fee"
            " rows come from the business systems.)"
        ),
    ]
    unset = [row.label for row in report.rows if not row.configured]
    if unset:
        blocks.append(
            Paragraph(
                f"catalog.yml 的 annual_report 没有说明哪些信息算作{'、'.join(unset)}，"
                f"这些行按 0 计。(annual_report does not say which items count as "
                f"{', '.join(row.key for row in report.rows if not row.configured)}.)"
            )
        )
    verdict = (
        "核对通过：现行有效件数等于上年现行有效件数加本年制发件数、减本年废止件数。"
        "(The reconciliation holds.)"
        if report.balanced
        else "核对不通过：现行有效件数与上年数加减本年增减不一致，请查明原因。"
        "(The reconciliation does not hold.)"
    )
    blocks += [
        Heading("现行有效件数核对 (reconciliation)"),
        Paragraph(verdict, strong=True),
        _reconciliation(report, report.rows),
    ]
    if report.anomalies:
        blocks += [Heading("需要核实的数据 (data to check)", 3), Bullets(report.anomalies)]
    blocks += [
        Heading("主动公开信息数量 (proactively published items)"),
        Paragraph(_total(report)),
        _by_column(report),
        *(() if report.issuer else (_by_issuer(report),)),  # one issuer's: itself alone
    ]
    return blocks


def annual_fragment(report: AnnualReport) -> str:
    """Return the report's tables as an HTML fragment for a page of the site (h2 and below)."""
    return html_fragment(_body(report))


# -- the pages of the site ---------------------------------------------------------------------
# Each year's figures are also a page of the public site, reached from the 年度报告 column.
# Only what the catalog can count is shown: rows that catalog.yml does not define are left
# out rather than printed as 0, and the notes for the office (anomalies) stay in the report.
_NOT_IN_CATALOG = (
    "行政许可、行政处罚、行政强制的本年处理决定数量和行政事业性收费金额不在公开目录中，"
)
_RULES = (
    "本年制发件数：成文日期（没有成文日期的按发布日期）在本年的件数；",
    "本年废止件数：本年废止或失效的件数（已修改的文件按修改后的文本继续有效）；",
    "现行有效件数：到年末已制发、尚未废止或失效的件数；",
    "上年现行有效件数：上年年度报告公布的数字；未登记的，按公开目录计算。",
)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    numeric: bool = False
    label: str = ""  # the column's header, shown before the value on a narrow screen
    path: str | None = None  # the page the row's header links to (an issuer's own figures)
    # The link's name, when its text alone would not say where it goes: the words of the
    # other links to that page (示例市社会福利院2025年度报告数据), starting with the text
    # shown (WCAG 2.5.3). Named by the issuer alone, the link read as the one to the issuer's
    # listing that other pages name so (a screen reader's walk).
    name: str | None = None


@dataclass(frozen=True, slots=True)
class TableView:
    """A table of figures; the first cell of each row is the row's header."""

    caption: str
    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    foot: tuple[tuple[Cell, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class YearLink:
    title: str
    path: str
    current: bool  # the page that shows the link


@dataclass(frozen=True, slots=True)
class ReportLink:
    """The published report a year's figures defer to."""

    title: str
    path: str


@dataclass(frozen=True, slots=True)
class AnnualPage:
    """One year's figures as a page of the site: every label and number, decided here."""

    year: int
    path: str
    title: str  # the page's one h1
    link_title: str  # in the breadcrumb and in the links to the page
    as_of: Day | None  # a year not yet over is counted up to this day
    basis: str  # how the figures are made, and of whose items
    authority: str  # the report the figures defer to, in words
    report: ReportLink | None  # that report's page, when the catalog has it
    rules: tuple[str, ...]  # how each figure is counted
    table_two: TableView | None  # None when catalog.yml defines neither row
    unset: str | None  # the rows left out, in words
    not_in_catalog: str
    verdict: str | None  # the reconciliation's result, in words
    reconciliation: TableView | None
    total: str
    by_column: TableView
    by_issuer: TableView | None  # None on an issuer's own page
    years: tuple[YearLink, ...] = ()  # every year's page, newest first, when there are two or more
    issuer: str | None = None  # whose items alone are counted; None: the whole catalog's


def page_years(items: Sequence[Item], *, as_of: date) -> tuple[int, ...]:
    """Return the years that get a page, newest first: *as_of*'s year back to the first item's.

    Years without a new item are kept: their in-force counts still carry over.
    """
    if not items:
        return ()
    first = min(i.published.year for i in items)
    return tuple(range(as_of.year, first - 1, -1))


@dataclass(frozen=True, slots=True)
class AnnualPages:
    """The annual figures' pages of a site."""

    whole: tuple[AnnualPage, ...]  # the whole catalog's, a page a year, newest first
    # each issuer's own, in catalog.yml's order of issuers: only in a catalog of several
    # issuers, and none for an issuer whose report covers the whole catalog
    # (`whole_catalog_reporters`)
    own: tuple[AnnualPage, ...]


def annual_pages(config: Config, items: Sequence[Item], *, as_of: date) -> AnnualPages:
    """Return the pages of the figures, a page for each year of *page_years*: the whole
    catalog's, whose table by issuer links each issuer's own page of the year, and those;
    *items* are the catalog as of *as_of*."""
    owners = _own_items(config, items)
    own = {issuer.name: _pages(config, its, as_of, issuer) for issuer, its in owners}
    by_year = {(name, page.year): page for name, pages in own.items() for page in pages}
    whole = _pages(config, items, as_of, None, lambda name, year: by_year.get((name, year)))
    return AnnualPages(whole, tuple(page for pages in own.values() for page in pages))


def _own_items(config: Config, items: Sequence[Item]) -> list[tuple[Issuer, list[Item]]]:
    """Return the issuers with pages of their own, each with its items (none: left out)."""
    if len(config.issuers) < 2:
        return []
    whole = whole_catalog_reporters(config)
    by_issuer: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_issuer[item.issuer].append(item)
    return [
        (issuer, by_issuer[issuer.name])
        for issuer in config.issuers
        if issuer.name not in whole and by_issuer.get(issuer.name)
    ]


def _pages(
    config: Config,
    items: Sequence[Item],
    as_of: date,
    issuer: Issuer | None,
    own_page: Callable[[str, int], AnnualPage | None] = lambda name, year: None,
) -> tuple[AnnualPage, ...]:
    """Return a page for each year of *page_years*: the whole catalog's, or *issuer*'s, whose
    items *items* are; *own_page* gives an issuer's own page of a year, if it has one."""
    years = page_years(items, as_of=as_of)
    reports = annual_reports(config, items, years=years, issuer=issuer.name if issuer else None)
    # The report of each year by the issuers the figures are of, the latest in force (a
    # year-end walk: the page named the report in words, and a reader went looking for it).
    whole = {issuer.name} if issuer else whole_catalog_reporters(config)
    columns = annual_report_columns(config)
    published: dict[int, ReportLink] = {}
    reports_in_force = [  # chosen before they are sorted: a few of a catalog's 20,000 items
        item
        for item in items
        if item.issuer in whole
        and item.status is Status.IN_FORCE
        and report_year(item) is not None
        and in_columns(config, item, columns)
    ]
    for item in sorted(reports_in_force, key=lambda i: (i.published, i.index_no)):
        year = report_year(item)
        if year is not None and item.disclosure.has_public_body:
            published[year] = ReportLink(item.title, item_page_path(item))
    pages = [
        _page(config, report, as_of, published.get(report.year), issuer, own_page)
        for report in reports
    ]
    if len(pages) < 2:
        return tuple(pages)
    return tuple(
        dataclasses.replace(
            page,
            years=tuple(YearLink(p.link_title, p.path, p.year == page.year) for p in pages),
        )
        for page in pages
    )


def _view(table: Table, links: Sequence[AnnualPage | None] = ()) -> TableView:
    """Return *table* as the page shows it; *links*: the page each body row's header links
    to, by row, named as the links to that page elsewhere are."""

    def cells(row: tuple[str, ...], link: AnnualPage | None = None) -> tuple[Cell, ...]:
        return tuple(
            Cell(text, i in table.numeric, table.head[i])
            if i or link is None
            # an issuer's own page: its link title begins with the issuer's name (`_page`)
            else Cell(text, i in table.numeric, table.head[i], link.path, link.link_title)
            for i, text in enumerate(row)
        )

    return TableView(
        table.caption,
        cells(table.head),
        tuple(cells(row, links[n] if n < len(links) else None) for n, row in enumerate(table.rows)),
        tuple(cells(row) for row in table.foot),
    )


def _page(
    config: Config,
    report: AnnualReport,
    as_of: date,
    published: ReportLink | None,
    issuer: Issuer | None,
    own_page: Callable[[str, int], AnnualPage | None],
) -> AnnualPage:
    """Return the page of *report*, the whole catalog's or *issuer*'s; a year not over by
    *as_of* is marked as counted to it; *published* is the year's report in the catalog;
    *own_page* gives an issuer's own page of the year, linked from the table by issuer."""
    y = report.year
    running = as_of < date(y, 12, 31)
    shown = day(as_of) if running else None
    suffix = f"（截至{shown.text}）" if shown else ""
    period = None
    if running:
        to = "" if (as_of.month, as_of.day) == (1, 1) else f"至{as_of.month}月{as_of.day}日"
        period = f"{y}年1月1日{to}"
    rows = tuple(row for row in report.rows if row.configured)
    unset = [row.label for row in report.rows if not row.configured]
    balanced = all(row.balanced for row in rows)
    if not rows:
        verdict = None
    elif balanced:
        verdict = "核对结果：一致。现行有效件数等于上年现行有效件数加本年制发件数、减本年废止件数。"
    else:
        wrong = "、".join(row.label for row in rows if not row.balanced)
        verdict = (
            f"核对结果：不一致。{wrong}的现行有效件数不等于上年现行有效件数加本年制发件数、"
            "减本年废止件数，差额见下表。"
        )
    whose = issuer.name if issuer else ""
    if issuer is not None:
        # its own items alone, and last year's in-force count its catalog's (`annual_reports`)
        counted = f"，只计{issuer.name}发布的信息，上年现行有效件数按目录计算"
    elif len(config.issuers) > 1:
        # a county walk: 25 bodies' figures read as the county government's own
        counted = f"，包括目录中全部 {len(config.issuers)} 个发布机构发布的信息"
    else:
        counted = ""
    return AnnualPage(
        year=y,
        path=urls.annual_page(y, issuer.code if issuer else None),
        title=f"{whose}{y}年政府信息公开工作年度报告数据：主动公开政府信息情况{suffix}",
        link_title=f"{whose}{y}年度报告数据{suffix}",
        as_of=shown,
        basis=(
            "本页数字由公开目录中登记的信息按2021年全国统一的年度报告格式自动计算，供查阅和核对"
            f"{counted}。"
        ),
        authority=(f"{whose or config.site.organization}发布的{y}年政府信息公开工作年度报告"),
        report=published,
        rules=_RULES,
        table_two=_view(_table_two(report, rows, period)) if rows else None,
        unset=(
            f"公开目录未标明哪些信息属于{'、'.join(unset)}，本页不列出"
            f"{'这一项' if len(unset) == 1 else '这两项'}的件数。"
            if unset
            else None
        ),
        not_in_catalog=f"{_NOT_IN_CATALOG}本页不列出，以年度报告正文为准。",
        verdict=verdict,
        reconciliation=_view(_reconciliation(report, rows)) if rows else None,
        total=_total(report, period),
        by_column=_view(_by_column(report, period)),
        by_issuer=(
            None
            if issuer
            else _view(_by_issuer(report, period), [own_page(c.name, y) for c in report.by_issuer])
        ),
        issuer=issuer.name if issuer else None,
    )
