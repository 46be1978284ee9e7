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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.config import Config, ReportRow
from generator.document import Block, Bullets, Heading, Paragraph, Table, html_fragment
from generator.fields import Status
from generator.item import Item

__all__ = [
    "AnnualReport",
    "Count",
    "DocumentRow",
    "annual_blocks",
    "annual_fragment",
    "annual_of",
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

    @property
    def balanced(self) -> bool:
        return all(row.balanced for row in self.rows)


def _made(item: Item) -> date:
    return item.written or item.published


def _ceased(item: Item) -> date | None:
    return item.status_date if item.status in _CEASED else None


def _in_force_at(items: Sequence[Item], day: date) -> int:
    return sum(
        1 for i in items if _made(i) <= day and ((ceased := _ceased(i)) is None or ceased > day)
    )


def _member(config: Config, row: ReportRow, item: Item) -> bool:
    if item.genre is not None and item.genre in row.genres:
        return True
    key: str | None = item.category
    while key is not None:
        if key in row.categories:
            return True
        node = config.nodes.get(key)
        key = node.parent if node else None
    return False


def annual_of(config: Config, items: Sequence[Item], *, year: int) -> AnnualReport:
    """Return table 二 for *year* and the counts by column and issuer."""
    rules = config.annual_report
    anomalies: list[str] = []
    rows: list[DocumentRow] = []
    members: dict[str, set[str]] = {}
    for index, (key, label, row) in enumerate(
        (
            ("regulations", "规章", rules.regulations),
            ("normative_documents", "行政规范性文件", rules.normative_documents),
        )
    ):
        chosen = sorted(
            (i for i in items if _member(config, row, i)), key=lambda i: (_made(i), i.index_no)
        )
        members[label] = {i.index_no for i in chosen}
        for item in chosen:
            ceased = _ceased(item)
            if ceased is not None and ceased < _made(item):
                anomalies.append(
                    f"{item.index_no}（{label}）的状态变更日期 {ceased} 早于成文日期 {_made(item)}"
                    f" (status_date before the document was made)"
                )
        issued = tuple(i.index_no for i in chosen if _made(i).year == year)
        repealed = tuple(
            i.index_no for i in chosen if (c := _ceased(i)) is not None and c.year == year
        )
        computed_before = _in_force_at(chosen, date(year - 1, 12, 31))
        reported = rules.reported.get(year - 1, (None, None))[index]
        previous = reported if reported is not None else computed_before
        in_force = _in_force_at(chosen, date(year, 12, 31))
        expected = previous + len(issued) - len(repealed)
        rows.append(
            DocumentRow(
                key=key,
                label=label,
                configured=bool(row.categories or row.genres),
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
    both = sorted(members["规章"] & members["行政规范性文件"])
    if both:
        anomalies.append(
            f"{'、'.join(both)} 同时算作规章和行政规范性文件，请调整 catalog.yml 的 annual_report"
            " (counted in both rows)"
        )
    public = [i for i in items if i.disclosure.has_public_body and i.published.year == year]
    by_column = tuple(
        Count(node.key, _column_name(config, node.key), sum(i.category == node.key for i in public))
        for root in config.catalog
        for node in root.walk()
    )
    by_issuer = tuple(
        Count(issuer.code, issuer.name, sum(i.issuer == issuer.name for i in public))
        for issuer in config.issuers
    )
    return AnnualReport(year, tuple(rows), by_column, by_issuer, len(public), tuple(anomalies))


def _column_name(config: Config, key: str) -> str:
    names: list[str] = []
    node = config.nodes.get(key)
    while node is not None:
        names.append(node.title)
        node = config.nodes.get(node.parent) if node.parent else None
    return " > ".join(reversed(names))


def annual_blocks(report: AnnualReport, *, site_title: str) -> tuple[Block, ...]:
    """Return the report: title, table 二, the reconciliation, the counts by column and issuer."""
    return (
        Heading(f"{site_title} {report.year}年度政府信息公开工作年度报告 数据", 1),
        *_body(report),
    )


def _body(report: AnnualReport) -> list[Block]:
    y = report.year
    blocks: list[Block] = [
        Heading("二、主动公开政府信息情况"),
        Table(
            f"{y}年主动公开政府信息情况（第二十条第（一）项）",
            ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            tuple(
                (row.label, str(row.issued), str(row.repealed), str(row.in_force))
                for row in report.rows
            ),
            numeric=(1, 2, 3),
        ),
        Paragraph(
            "行政许可、行政处罚、行政强制的本年处理决定数量和行政事业性收费金额不在公开目录中，"
            "请按业务系统数据填写。(Licensing, penalty, enforcement and fee rows come from the "
            "business systems.)"
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
        "核对通过：现行有效件数 = 上年现行有效件数 + 本年制发件数 - 本年废止件数。"
        "(The reconciliation holds.)"
        if report.balanced
        else "核对不通过：现行有效件数与上年数加减本年增减不一致，请查明原因。"
        "(The reconciliation does not hold.)"
    )
    blocks += [
        Heading("现行有效件数核对 (reconciliation)"),
        Paragraph(verdict, strong=True),
        Table(
            f"现行有效({y}) = 现行有效({y - 1}) + 制发 - 废止",
            (
                "信息内容",
                f"现行有效({y - 1})",
                "上年数来源",
                "+ 制发",
                "- 废止",
                "= 应为",
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
                    "一致" if row.balanced else f"不一致（差 {row.in_force - row.expected:+d}）",
                )
                for row in report.rows
            ),
            numeric=(1, 3, 4, 5, 6),
        ),
    ]
    if report.anomalies:
        blocks += [Heading("需要核实的数据 (data to check)", 3), Bullets(report.anomalies)]
    blocks += [
        Heading("主动公开信息数量 (proactively published items)"),
        Paragraph(f"{y}年主动公开（含部分公开）信息共 {report.total} 条。"),
        Table(
            f"{y}年按栏目统计的主动公开信息（只计本栏目，不含下级栏目）",
            ("栏目", "条数"),
            tuple((c.name, str(c.count)) for c in report.by_column),
            numeric=(1,),
            foot=(("合计", str(report.total)),),
        ),
        Table(
            f"{y}年按发布机构统计的主动公开信息",
            ("发布机构", "条数"),
            tuple((c.name, str(c.count)) for c in report.by_issuer),
            numeric=(1,),
            foot=(("合计", str(report.total)),),
        ),
    ]
    return blocks


def annual_fragment(report: AnnualReport) -> str:
    """Return the report's tables as an HTML fragment for a page of the site (h2 and below)."""
    return html_fragment(_body(report))
