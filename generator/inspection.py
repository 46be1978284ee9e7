"""Would the site fail the government-website inspection (政府网站与政务新媒体检查指标, 2019)?

The single-veto (单项否决) rules this report can judge from the catalog, on a given day:

- the home page not updated for 2 weeks (its newest dated item);
- 5 or more columns idle: `kind: dynamic` columns (动态、要闻类) for over 2 weeks and
  `kind: policy` columns (通知公告、政策文件类) for over 6 months, counted together;
- 10 or more columns that should be updated (`update_every_days`) but are stale;
- 5 or more empty columns (空白栏目; columns without children and without items).

An item whose page shows no date counts as not updated, so it does not freshen its column.
A site whose content has errors cannot be built, so nothing new can go online: that fails too.
Broken links, missing attachments, item pages with no date and missing footer identifiers
(主办单位, 联系方式, 网站标识码, ICP 备案号, 公安机关备案号) cost points (扣分) and are listed
to fix, after the single-veto findings; so are idle, stale and empty columns below the
single-veto counts.
"""

from __future__ import annotations

import calendar
import html
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from generator import views
from generator.build import BuildError, build_site
from generator.catalog import Catalog, Listing, build_catalog
from generator.config import CatalogNode, ColumnKind, Config
from generator.content import LoadResult
from generator.diagnostics import Diagnostic
from generator.document import Block, Bullets, Heading, Paragraph, Table
from generator.edition import hant_path
from generator.item import Item
from generator.links import BrokenLink, find_broken_links
from generator.stamp import CONFIG_FILE, CONTENT_DIR

__all__ = [
    "ColumnState",
    "Finding",
    "Inspection",
    "Severity",
    "inspect_site",
    "inspection_blocks",
]

HOME_IDLE_DAYS = 14
DYNAMIC_IDLE_DAYS = 14
POLICY_IDLE_MONTHS = 6
IDLE_COLUMNS_VETO = 5
STALE_COLUMNS_VETO = 10
EMPTY_COLUMNS_VETO = 5
_ATTACHMENT_CODES = ("GK115", "GK116")
_SHOWN = 100  # lines of a finding shown in Markdown and HTML; JSON has them all


class Severity(StrEnum):
    VETO = "单项否决"
    DEDUCTION = "扣分"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # stable identifier: home-idle, idle-columns, stale-columns, empty-columns, …
    severity: Severity
    summary_zh: str
    summary_en: str
    fix_zh: str
    details: tuple[str, ...]  # one line per column, item, link or setting


@dataclass(frozen=True, slots=True)
class ColumnState:
    key: str
    name: str  # the titles from the root, joined by " > "
    kind: ColumnKind | None
    update_every_days: int | None
    leaf: bool
    items: int  # listed items in the column and below
    updated: date | None  # newest dated item in the column and below
    idle_days: int | None  # days since updated; None when empty
    empty: bool  # a leaf column with no items
    idle: bool  # dynamic over 2 weeks, policy over 6 months
    stale: bool  # over update_every_days


@dataclass(frozen=True, slots=True)
class Inspection:
    site_title: str
    as_of: date
    built: bool  # the site was built and its pages checked
    home_updated: date | None
    columns: tuple[ColumnState, ...]
    findings: tuple[Finding, ...]  # single-veto findings first, then what costs points

    @property
    def passed(self) -> bool:
        return not any(f.severity is Severity.VETO for f in self.findings)

    @property
    def vetoes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.VETO)


def months_before(day: date, months: int) -> date:
    """Return the same day *months* calendar months earlier (the month's last day if shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# -- the built pages -------------------------------------------------------------------------
class _Dates(HTMLParser):
    """Collects the dates of <time datetime> elements: what a reader sees as a date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dates: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "time":
            for name, value in attrs:
                if name == "datetime" and value:
                    self.dates.add(value[:10])


def _shows_date(page: Path, day: date) -> bool:
    parser = _Dates()
    parser.feed(page.read_text(encoding="utf-8"))
    return day.isoformat() in parser.dates


@dataclass(frozen=True, slots=True)
class _Pages:
    """What the built site shows: broken links, undated item pages, the home page's text."""

    broken: tuple[tuple[BrokenLink, str | None], ...]  # with the content file of the page
    undated: frozenset[str]  # index numbers of item pages that show no publication date
    home_text: str


def _copy_inputs(root: Path, copy: Path) -> None:
    """Copy what a build reads (content-format.md: catalog.yml, content/, templates/)."""
    copy.mkdir()
    shutil.copy2(root / CONFIG_FILE, copy / CONFIG_FILE)
    for folder in (CONTENT_DIR, "templates"):
        if (root / folder).is_dir():
            shutil.copytree(root / folder, copy / folder, symlinks=True)


def _build_pages(root: Path, catalog: Catalog, as_of: date) -> _Pages | str:
    """Build a copy of the site in a temporary folder and read it; a message when it fails.

    A copy, so that the build's cache (.gkml-cache/) never lands in the site repository.
    """
    with tempfile.TemporaryDirectory(prefix="gkml-inspection-") as tmp:
        copy = Path(tmp) / "src"
        _copy_inputs(root, copy)
        out = Path(tmp) / "out"
        try:
            result = build_site(copy, out, as_of=as_of, workers=1, keep_previous=False)
        except BuildError as exc:
            return str(exc)
        if result.stats is None:
            return "网站无法生成 (the site could not be built)"
        base_url = catalog.config.site.base_url
        broken = _same_edition_once(
            find_broken_links(out, urlsplit(base_url).path if base_url else None)
        )
        sources = {views.item_page_path(i): i.path for i in catalog.listed if catalog.has_page(i)}
        sources |= {hant_path(page): path for page, path in sources.items()}
        undated = frozenset(
            item.index_no
            for item in catalog.listed
            if catalog.has_page(item)
            and (out / views.item_page_path(item)).is_file()
            and not _shows_date(out / views.item_page_path(item), item.published)
        )
        home = out / "index.html"
        text = html.unescape(home.read_text(encoding="utf-8")) if home.is_file() else ""
        return _Pages(tuple((b, sources.get(b.page)) for b in broken), undated, text)


def _same_edition_once(broken: Sequence[BrokenLink]) -> tuple[BrokenLink, ...]:
    """Return *broken* without the 繁體 copies of links already broken on the 简体 page.

    Both editions come from the same Markdown: one fix mends both, so list it once.
    """
    simplified = {(hant_path(b.page), b.value) for b in broken}
    return tuple(b for b in broken if (b.page, b.value) not in simplified)


# -- the columns -----------------------------------------------------------------------------
def _column_states(
    catalog: Catalog, undated: frozenset[str], as_of: date
) -> tuple[ColumnState, ...]:
    config = catalog.config
    policy_cutoff = months_before(as_of, POLICY_IDLE_MONTHS)
    states: list[ColumnState] = []

    def name(node: CatalogNode) -> str:
        names = [node.title]
        parent = config.nodes.get(node.parent) if node.parent else None
        while parent is not None:
            names.append(parent.title)
            parent = config.nodes.get(parent.parent) if parent.parent else None
        return " > ".join(reversed(names))

    for root in config.catalog:
        for node in root.walk():
            listing: Listing = catalog.category_of[node.key]
            dated = [i for i in listing.items if i.index_no not in undated]
            updated = max((i.published for i in dated), default=None)
            idle_days = (as_of - updated).days if updated is not None else None
            empty = not node.children and not listing.items
            idle = False
            if updated is not None and node.kind is ColumnKind.DYNAMIC:
                idle = (as_of - updated).days > DYNAMIC_IDLE_DAYS
            elif updated is not None and node.kind is ColumnKind.POLICY:
                idle = updated < policy_cutoff
            stale = (
                node.update_every_days is not None
                and idle_days is not None
                and idle_days > node.update_every_days
            )
            if listing.items and not dated:
                # Items, but none with a visible date: the column counts as never updated.
                idle = node.kind is not None
                stale = node.update_every_days is not None
            states.append(
                ColumnState(
                    key=node.key,
                    name=name(node),
                    kind=node.kind,
                    update_every_days=node.update_every_days,
                    leaf=not node.children,
                    items=len(listing.items),
                    updated=updated,
                    idle_days=idle_days,
                    empty=empty,
                    idle=idle,
                    stale=stale,
                )
            )
    return tuple(states)


def _since(column: ColumnState) -> str:
    if column.updated is None:
        return "没有显示日期的信息"
    return f"最近更新 {column.updated.isoformat()}，已 {column.idle_days} 天"


# -- the findings ----------------------------------------------------------------------------
def _column_findings(columns: Sequence[ColumnState]) -> list[Finding]:
    found: list[Finding] = []
    idle = [c for c in columns if c.idle]
    if idle:
        veto = len(idle) >= IDLE_COLUMNS_VETO
        found.append(
            Finding(
                "idle-columns",
                Severity.VETO if veto else Severity.DEDUCTION,
                f"{len(idle)} 个栏目长期未更新（动态类超过 2 周、政策类超过 6 个月；"
                f"达到 {IDLE_COLUMNS_VETO} 个即单项否决）",
                f"idle columns: {len(idle)} (dynamic over 2 weeks, policy over 6 months; "
                f"{IDLE_COLUMNS_VETO} or more fail the site)",
                "在这些栏目发布新信息；确已不再更新的栏目应合并或撤销",
                tuple(
                    f"{c.name}（{c.key}，{'动态类' if c.kind is ColumnKind.DYNAMIC else '政策类'}）"
                    f"：{_since(c)}"
                    for c in idle
                ),
            )
        )
    stale = [c for c in columns if c.stale]
    if stale:
        veto = len(stale) >= STALE_COLUMNS_VETO
        found.append(
            Finding(
                "stale-columns",
                Severity.VETO if veto else Severity.DEDUCTION,
                f"{len(stale)} 个栏目超过规定的更新周期（update_every_days）未更新"
                f"（达到 {STALE_COLUMNS_VETO} 个即单项否决）",
                f"columns not updated within update_every_days: {len(stale)} "
                f"({STALE_COLUMNS_VETO} or more fail the site)",
                "按栏目的更新周期发布新信息",
                tuple(
                    f"{c.name}（{c.key}，每 {c.update_every_days} 天）：{_since(c)}" for c in stale
                ),
            )
        )
    empty = [c for c in columns if c.empty]
    if empty:
        veto = len(empty) >= EMPTY_COLUMNS_VETO
        found.append(
            Finding(
                "empty-columns",
                Severity.VETO if veto else Severity.DEDUCTION,
                f"{len(empty)} 个空白栏目（达到 {EMPTY_COLUMNS_VETO} 个即单项否决）",
                f"empty columns: {len(empty)} ({EMPTY_COLUMNS_VETO} or more fail the site)",
                "为这些栏目发布信息，或从 catalog.yml 中删去不需要的栏目",
                tuple(f"{c.name}（{c.key}）" for c in empty),
            )
        )
    return found


def _footer_finding(config: Config, home_text: str | None) -> Finding | None:
    site = config.site
    contact = site.contact
    wanted = (
        ("主办单位", "site.organization", site.organization),
        ("联系方式", "site.contact", contact.phone or contact.email or contact.address),
        ("网站标识码", "site.site_code", site.site_code),
        ("ICP 备案编号", "site.icp", site.icp),
        ("公安机关备案号", "site.police_record", site.police_record),
    )
    missing: list[str] = []
    for label, key, value in wanted:
        if not value:
            missing.append(f"{label}：catalog.yml 中没有设置 {key} ({key} is not set)")
        elif home_text is not None and value not in home_text:
            missing.append(
                f"{label}：已设置 “{value}”，但首页页脚没有显示 (set, but not shown on the home page)"
            )
    if not missing:
        return None
    return Finding(
        "footer",
        Severity.DEDUCTION,
        f"页脚缺少 {len(missing)} 项网站标识",
        f"site identifiers missing from the footer: {len(missing)}",
        "在 catalog.yml 的 site 下填写，并确认模板的页脚显示它们",
        tuple(missing),
    )


def inspect_site(load: LoadResult, *, as_of: date, build: bool = True) -> Inspection:
    """Return the inspection of the loaded site as of *as_of*.

    With *build*, the site is built into a temporary folder to check its links and pages.
    Raises ValueError when catalog.yml is broken (there is no site to inspect).
    """
    if load.site is None:
        raise ValueError("catalog.yml is broken: there is no site to inspect")
    site = load.site
    config = site.config
    catalog = build_catalog(config, site.items, as_of=as_of)
    errors = [d for d in load.diagnostics if d.severity == "error"]
    findings: list[Finding] = []
    pages: _Pages | None = None
    if errors:
        findings.append(_unbuildable(errors))
    elif build:
        built = _build_pages(site.root, catalog, as_of)
        if isinstance(built, str):
            findings.append(
                Finding(
                    "unbuildable",
                    Severity.VETO,
                    "网站无法生成，新内容不能上线",
                    "the site cannot be built, so nothing new can go online",
                    "按下列信息修正后重新运行",
                    (built,),
                )
            )
        else:
            pages = built
    undated = pages.undated if pages is not None else frozenset()
    # An item with errors is left out of the loaded site, so with errors the columns would
    # look emptier than they are: they are judged once the content is clean.
    columns = () if errors else _column_states(catalog, undated, as_of)
    dated = [i for i in catalog.listed if i.index_no not in undated]
    home_updated = max((i.published for i in dated), default=None)
    if not errors:
        findings += _home_findings(home_updated, as_of)
        findings += _column_findings(columns)
    findings += _attachment_findings(errors, pages, site.items)
    if pages is not None:
        links = [(b, source) for b, source in pages.broken if not _is_file_link(b)]
        if links:
            findings.append(
                Finding(
                    "broken-links",
                    Severity.DEDUCTION,
                    f"{len(links)} 个链接打不开（错链）",
                    f"broken links: {len(links)}",
                    "改正链接的路径；正文中链接其他信息时写相对路径",
                    tuple(_link_line(b, source) for b, source in links),
                )
            )
        if pages.undated:
            found = [i for i in catalog.listed if i.index_no in pages.undated]
            findings.append(
                Finding(
                    "undated-items",
                    Severity.DEDUCTION,
                    f"{len(found)} 条信息的页面没有显示发布日期（视为未更新）",
                    f"item pages showing no publication date (counted as not updated): {len(found)}",
                    "在信息页模板（templates/item.html）中显示发布日期 <time datetime=…>",
                    tuple(f"{i.index_no} {i.title}（{i.path}）" for i in found),
                )
            )
    footer = _footer_finding(config, pages.home_text if pages is not None else None)
    if footer is not None:
        findings.append(footer)
    findings.sort(key=lambda f: f.severity is not Severity.VETO)  # stable: vetoes first
    return Inspection(
        site_title=config.site.title,
        as_of=as_of,
        built=pages is not None,
        home_updated=home_updated,
        columns=columns,
        findings=tuple(findings),
    )


def _home_findings(home_updated: date | None, as_of: date) -> list[Finding]:
    if home_updated is not None and (as_of - home_updated).days <= HOME_IDLE_DAYS:
        return []
    since = (
        f"最新信息发布于 {home_updated.isoformat()}，已 {(as_of - home_updated).days} 天"
        if home_updated
        else "没有任何显示日期的信息"
    )
    return [
        Finding(
            "home-idle",
            Severity.VETO,
            f"首页超过 2 周未更新（{since}）",
            "the home page has not been updated for over 2 weeks",
            "发布新信息，首页的最新信息至少每 2 周更新一次",
            (since,),
        )
    ]


def _unbuildable(errors: Sequence[Diagnostic]) -> Finding:
    return Finding(
        "unbuildable",
        Severity.VETO,
        f"内容有 {len(errors)} 个错误，网站无法生成，新内容不能上线",
        f"errors in the content: {len(errors)}; the site cannot be built",
        "运行 gkml check，按提示逐条修正；改正后再检查栏目更新情况",
        tuple(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message_zh}" for d in errors),
    )


def _is_file_link(link: BrokenLink) -> bool:
    """Return whether *link* points at a file (an attachment, an image), not at a page."""
    return link.problem == "missing" and not link.target.endswith(".html")


def _link_line(link: BrokenLink, source: str | None) -> str:
    if link.problem == "root-relative":
        why = "以 / 开头，在光盘和子路径下打不开 (root-relative)"
    elif link.problem == "fragment":
        why = f"页面中没有 #{urlsplit(link.value).fragment} (fragment not found)"
    elif link.problem == "off-site":
        why = "不是本网站的地址 (not an address of this site)"
    else:
        why = f"{link.target} 不存在 (does not exist)"
    where = f"{source}（{link.page}）" if source else link.page
    return f"{where}：{link.value} → {why}"


def _attachment_findings(
    errors: Sequence[Diagnostic], pages: _Pages | None, items: Sequence[Item]
) -> list[Finding]:
    lines = [f"{d.file}:{d.line}: {d.message_zh}" for d in errors if d.code in _ATTACHMENT_CODES]
    lines += [
        f"{i.path}：附件 “{a.title}”（{a.file}）是空文件 (empty file)"
        for i in items
        for a in i.attachments
        if a.size == 0
    ]
    if pages is not None:
        lines += [_link_line(b, source) for b, source in pages.broken if _is_file_link(b)]
    if not lines:
        return []
    return [
        Finding(
            "missing-attachments",
            Severity.DEDUCTION,
            f"{len(lines)} 个附件或文件缺失",
            f"attachments or files missing: {len(lines)}",
            f"把附件放到 {CONTENT_DIR}/ 中信息文件旁边，并核对 attachments 中的文件名",
            tuple(lines),
        )
    ]


# -- the report ------------------------------------------------------------------------------
def verdict_line(result: Inspection) -> str:
    """Return the verdict: 通过 or 不通过, naming the single-veto findings."""
    if result.passed:
        rest = len(result.findings)
        more = f"，另有 {rest} 项扣分项须整改" if rest else "，未发现问题"
        en = f"; findings that cost points: {rest}" if rest else "; no problems found"
        return f"检查结论：通过{more}。(Verdict: pass{en}.)"
    named = "；".join(f.summary_zh for f in result.vetoes)
    named_en = "; ".join(f.summary_en for f in result.vetoes)
    return f"检查结论：不通过。单项否决：{named}。(Verdict: fail. Single veto: {named_en}.)"


def inspection_blocks(result: Inspection) -> tuple[Block, ...]:
    """Return the report: the verdict, then what to fix in order of severity, then the columns."""
    blocks: list[Block] = [
        Heading(f"{result.site_title} 网站检查自查报告（{result.as_of.isoformat()}）", 1),
        Paragraph(verdict_line(result), strong=True),
        Paragraph(
            "依据《政府网站与政务新媒体检查指标》（2019 年）的单项否决指标和扣分指标，"
            f"按 {result.as_of.isoformat()} 当天的目录判断。"
            + ("" if result.built else "未能生成网站，链接、日期显示和页脚未检查。")
        ),
    ]
    if result.findings:
        blocks.append(Heading("需要整改的问题 (what to fix)"))
        for n, finding in enumerate(result.findings, start=1):
            blocks.append(
                Heading(f"{n}. 【{finding.severity}】{finding.summary_zh}", 3),
            )
            blocks.append(Paragraph(f"({finding.summary_en}) 整改：{finding.fix_zh}"))
            shown = finding.details[:_SHOWN]
            extra = len(finding.details) - len(shown)
            blocks.append(Bullets((*shown, *([f"……另有 {extra} 项"] if extra else []))))
    if not result.columns:
        return tuple(blocks)
    blocks += [
        Heading("栏目更新情况 (columns)"),
        Table(
            "各栏目的信息条数和最近更新日期",
            ("栏目", "类型", "更新周期（天）", "条数", "最近更新", "距今（天）", "问题"),
            tuple(
                (
                    c.name,
                    {ColumnKind.DYNAMIC: "动态类", ColumnKind.POLICY: "政策类", None: ""}[c.kind],
                    str(c.update_every_days or ""),
                    str(c.items),
                    c.updated.isoformat() if c.updated else "",
                    "" if c.idle_days is None else str(c.idle_days),
                    "、".join(
                        word
                        for word, flag in (
                            ("空白", c.empty),
                            ("长期未更新", c.idle),
                            ("超期", c.stale),
                        )
                        if flag
                    ),
                )
                for c in result.columns
            ),
            numeric=(2, 3, 5),
        ),
    ]
    return tuple(blocks)
