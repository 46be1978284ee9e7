"""How promptly items were published: working days from 成文 to 发布, and from policy to 解读.

《政府信息公开条例》第二十六条 gives 20 working days from when the information is formed;
local rules are often stricter (policy documents within 5, interpretations within 3 working
days of their policy), so the limit can be set per column (`publish_within_working_days`)
and for interpretations (`rules.interpretation_within_working_days`) in catalog.yml. Working
days follow the official holiday calendar (`generator.workdays`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.config import Config, column_limit
from generator.document import Block, Bullets, Heading, Paragraph, Table
from generator.item import Item
from generator.workdays import working_days_between

__all__ = [
    "InterpretationLag",
    "Lag",
    "Timeliness",
    "Unmeasured",
    "column_limit",
    "timeliness_blocks",
    "timeliness_of",
]


@dataclass(frozen=True, slots=True)
class Lag:
    """One item: working days from 成文日期 to 发布日期 against its column's limit."""

    index_no: str
    title: str
    path: str  # the content file
    category: str
    written: date
    published: date
    working_days: int
    limit: int
    days_late: int  # 0 when on time
    estimated: bool  # part of the span lies outside the holiday calendar: Monday–Friday
    reason: str | None = None  # the item's late_reason
    issuer: str = ""  # 发布机构: a county's office asks which bureau or township is late


@dataclass(frozen=True, slots=True)
class InterpretationLag:
    """One 政策解读: working days from its policy's 发布日期 to its own."""

    index_no: str
    title: str
    path: str
    policy_index_no: str
    policy_title: str
    policy_published: date
    published: date
    working_days: int
    limit: int
    days_late: int
    estimated: bool


@dataclass(frozen=True, slots=True)
class Unmeasured:
    """An item whose lag cannot be computed (no 成文日期)."""

    index_no: str
    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Timeliness:
    year: int | None  # items published in this year; None: every year
    default_limit: int
    interpretation_limit: int
    items: tuple[Lag, ...]  # publication order
    unmeasured: tuple[Unmeasured, ...]
    interpretations: tuple[InterpretationLag, ...]

    @property
    def late(self) -> tuple[Lag, ...]:
        """Return the late items, most days late first."""
        return tuple(sorted((i for i in self.items if i.days_late), key=_by_lateness))

    @property
    def late_interpretations(self) -> tuple[InterpretationLag, ...]:
        """Return the late interpretations, most days late first."""
        found = (i for i in self.interpretations if i.days_late)
        return tuple(sorted(found, key=_by_lateness))


def _by_lateness(lag: Lag | InterpretationLag) -> tuple[int, date, str]:
    return (-lag.days_late, lag.published, lag.index_no)


def timeliness_of(config: Config, items: Sequence[Item], *, year: int | None) -> Timeliness:
    """Return the lags of the proactively published items (of *year*, or all)."""
    by_index = {i.index_no: i for i in items}
    chosen = sorted(
        (
            i
            for i in items
            if i.disclosure.has_public_body and (year is None or i.published.year == year)
        ),
        key=lambda i: (i.published, i.index_no),
    )
    lags: list[Lag] = []
    unmeasured: list[Unmeasured] = []
    interpretations: list[InterpretationLag] = []
    interpretation_limit = config.rules.interpretation_within_working_days
    for item in chosen:
        if item.written is None:
            unmeasured.append(Unmeasured(item.index_no, item.title, item.path))
        else:
            limit = column_limit(config, item.category)
            count = working_days_between(item.written, item.published)
            lags.append(
                Lag(
                    item.index_no,
                    item.title,
                    item.path,
                    item.category,
                    item.written,
                    item.published,
                    count.days,
                    limit,
                    max(0, count.days - limit),
                    count.estimated,
                    item.late_reason,
                    item.issuer,
                )
            )
        policy = by_index.get(item.interprets) if item.interprets else None
        if policy is not None:
            count = working_days_between(policy.published, item.published)
            interpretations.append(
                InterpretationLag(
                    item.index_no,
                    item.title,
                    item.path,
                    policy.index_no,
                    policy.title,
                    policy.published,
                    item.published,
                    count.days,
                    interpretation_limit,
                    max(0, count.days - interpretation_limit),
                    count.estimated,
                )
            )
    return Timeliness(
        year,
        config.rules.publish_within_working_days,
        interpretation_limit,
        tuple(lags),
        tuple(unmeasured),
        tuple(interpretations),
    )


def _days(n: int, estimated: bool) -> str:
    return f"{n}*" if estimated else str(n)


def timeliness_blocks(result: Timeliness, *, site_title: str) -> tuple[Block, ...]:
    """Return the report: a summary, the late items, the late interpretations, every item."""
    scope = f"{result.year}年" if result.year is not None else "全部年份"
    late, late_jd = result.late, result.late_interpretations
    blocks: list[Block] = [
        Heading(f"{site_title} 发布及时性报告（{scope}）", 1),
        Paragraph(
            f"共 {len(result.items)} 条信息可计算成文到发布的工作日，{len(late)} 条超过时限；"
            f"政策解读 {len(result.interpretations)} 条，{len(late_jd)} 条晚于政策文件发布后 "
            f"{result.interpretation_limit} 个工作日。"
            f"({len(late)} of {len(result.items)} items published late; {len(late_jd)} of "
            f"{len(result.interpretations)} interpretations late.)",
            strong=True,
        ),
        Paragraph(
            f"时限：《条例》第二十六条规定 {result.default_limit} 个工作日，栏目可在 catalog.yml "
            "中另设 publish_within_working_days。工作日按国务院节假日安排计算（含调休上班日）；"
            "带 * 的天数有部分日期超出节假日日历范围，按周一至周五估算。"
        ),
    ]
    # A catalog of several issuers (a county's: bureaus and townships) says whose items are
    # late: a column, and a count for each issuer (a county walk).
    counts = {name: (0, 0) for name in sorted({i.issuer for i in result.items})}
    for lag in result.items:
        items, late_ones = counts[lag.issuer]
        counts[lag.issuer] = (items + 1, late_ones + (lag.days_late > 0))
    # the latest first: the office's question is who is late
    issuers = sorted(counts, key=lambda name: (-counts[name][1], -counts[name][0], name))
    several = len(issuers) > 1
    if several:
        blocks += [
            Heading("各发布机构 (by issuer)"),
            Table(
                "各发布机构可计算的信息和超过时限的信息",
                ("发布机构", "信息", "超过时限"),
                tuple((name, str(counts[name][0]), str(counts[name][1])) for name in issuers),
                numeric=(1, 2),
            ),
        ]
    if late:
        # The editors' late_reason, in a column of its own when any late item gives one.
        explained = any(i.reason for i in late)
        blocks += [
            Heading("超过时限的信息 (late items)"),
            Table(
                "超过时限的信息，按超出天数排列",
                ("索引号", "标题")
                + (("发布机构",) if several else ())
                + ("成文日期", "发布日期", "工作日", "时限", "超出")
                + (("超时说明",) if explained else ()),
                tuple(
                    (i.index_no, i.title)
                    + ((i.issuer,) if several else ())
                    + (
                        i.written.isoformat(),
                        i.published.isoformat(),
                        _days(i.working_days, i.estimated),
                        str(i.limit),
                        str(i.days_late),
                    )
                    + ((i.reason or "",) if explained else ())
                    for i in late
                ),
                numeric=(5, 6, 7) if several else (4, 5, 6),
            ),
        ]
    if late_jd:
        blocks += [
            Heading("晚于时限的政策解读 (late interpretations)"),
            Table(
                "晚于政策文件发布后时限的解读，按超出天数排列",
                (
                    "索引号",
                    "解读标题",
                    "政策文件",
                    "政策发布日期",
                    "解读发布日期",
                    "工作日",
                    "超出",
                ),
                tuple(
                    (
                        i.index_no,
                        i.title,
                        f"{i.policy_title}（{i.policy_index_no}）",
                        i.policy_published.isoformat(),
                        i.published.isoformat(),
                        _days(i.working_days, i.estimated),
                        str(i.days_late),
                    )
                    for i in late_jd
                ),
                numeric=(5, 6),
            ),
        ]
    if result.unmeasured:
        blocks += [
            Heading("没有成文日期、无法计算的信息 (no written date)"),
            Bullets(tuple(f"{u.index_no} {u.title}（{u.path}）" for u in result.unmeasured)),
        ]
    if result.items:
        blocks += [
            Heading("全部信息 (all items)"),
            Table(
                "每条信息从成文到发布的工作日",
                ("索引号", "标题")
                + (("发布机构",) if several else ())
                + ("成文日期", "发布日期", "工作日", "时限"),
                tuple(
                    (i.index_no, i.title)
                    + ((i.issuer,) if several else ())
                    + (
                        i.written.isoformat(),
                        i.published.isoformat(),
                        _days(i.working_days, i.estimated),
                        str(i.limit),
                    )
                    for i in result.items
                ),
                numeric=(5, 6) if several else (4, 5),
            ),
        ]
    return tuple(blocks)
