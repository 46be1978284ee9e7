"""The annual reports among the items, and their figures held against the catalog's.

A 政府信息公开工作年度报告 is an item like any other (its column is the annual-report one), and
its table 二 prints the 规章 and 行政规范性文件 figures gkml computes from the catalog
(`annual`): a year-end walk published a report printing 现行有效 5 beside the annual data
page's 4, and nothing said so. The checks, all warnings (a catalog migrated without its old
documents computes less than the truth; the clerk judges):

- GK220: a report's table 二 row differs from the catalog's figures for its year;
- GK221: a report's table 三 上年结转 differs from last year's report's 结转下年度;
- GK222: two reports in force of one issuer for one year (a corrected report replaces the
  first);
- GK223: a report outside the annual-report column (the column's readers do not find it);
- GK224: the catalog's own figures for a report's year do not reconcile (现行有效 ≠ last
  year's + 制发 - 废止): the annual data page says 不一致 to the public;
- GK225: a report of 2021 or later, written after the national form (three of its six
  parts at least), without one of the others.

A report is an item of an annual-report column whose title ends with the report's name
(`示例市民政局2025年政府信息公开工作年度报告`, `annual.title_report_year`); its year is the one
the title names, and it reports on its issuer's items (the site's organization's on the whole
catalog, as the annual data pages do). Only the years that are over, and not before the
catalog's first item, are compared.
"""

from __future__ import annotations

import re
import shlex
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.annual import (
    AnnualReport,
    DocumentRow,
    annual_report_columns,
    annual_reports,
    in_columns,
    report_year,
    reported_items,
    whole_catalog_reporters,
)
from generator.config import Config
from generator.diagnostics import Collector, Diagnostic
from generator.fields import Status, change_line
from generator.item import Item
from generator.requesttable import (
    RequestFigures,
    Row,
    figure,
    request_figures,
    table_rows,
)
from generator.stamp import CONFIG_FILE
from generator.yamlnodes import Position

__all__ = ["check_reports"]

_ROW_LABELS = {"regulations": "规章", "normative_documents": "行政规范性文件"}
_FIGURES = ("issued", "repealed", "in_force")
_FIGURE_NAMES = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}


@dataclass(frozen=True, slots=True)
class _Report:
    item: Item
    year: int
    body: str
    requests: RequestFigures | None  # table 三's figures, read once (asked of two reports)
    printed: dict[str, tuple[int, tuple[int, int, int]]]  # table 二's rows (`_printed_rows`)


def check_reports(
    config: Config,
    items: Sequence[Item],
    read_body: Callable[[Item], str],
    lines_of: Callable[[str], Sequence[str]],
    *,
    today: date,
    report_for: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Return GK220–GK225 for the annual reports among *items* (see the module's text).

    *read_body* returns an item's Markdown body; it is asked for the reports alone."""
    columns = annual_report_columns(config)
    column = columns[0] if columns else None
    found: list[Diagnostic] = []
    reports: list[_Report] = []
    for item in items:
        year = report_year(item)
        if year is None or not item.disclosure.has_public_body:
            continue
        if column is not None and not in_columns(config, item, columns):
            if report_for is None or item.path in report_for:
                out = Collector(item.path, lines_of=lines_of)
                node = config.nodes[column]
                out.add(
                    "GK223",
                    item.positions.get("category"),
                    field="category",
                    zh=f"这是{year}年度的政府信息公开工作年度报告，却不在“{node.title}”栏目中："
                    "在该栏目中查找的读者找不到它",
                    en=f"this is the annual report for {year}, but it is not in the column"
                    f" {node.title} ({column}), where readers look for it",
                    fix_zh=change_line("category", column)[0],
                    fix_en=change_line("category", column)[1],
                )
                found += out.found
            continue
        if item.status is Status.IN_FORCE:
            body = read_body(item)
            rows = list(table_rows(body))  # its tables read once, for 二 and 三
            reports.append(
                _Report(item, year, body, request_figures(body, rows), _printed_rows(rows))
            )
    if not reports:
        return found + _unreported_years(config, items, set(), today, report_for)
    # A bureau reports on its own documents: a catalog of several issuers (a county's) has
    # a report of each for each year. The site's organization (or a catalog's one issuer)
    # reports on the whole catalog, as the annual data pages count it and attribute it; its
    # figures are the ones annual_report.reported gives for the years before.
    by_year: dict[tuple[str, int], list[_Report]] = defaultdict(list)
    for report in reports:
        by_year[report.item.issuer, report.year].append(report)
    whole = whole_catalog_reporters(config)
    first_year = min(item.published.year for item in items)
    computed: dict[tuple[str, int], AnnualReport] = {}
    for issuer in sorted({issuer for issuer, _year in by_year}):
        own, all_of_it = reported_items(config, items, issuer)
        # A year before the catalog's first item (an old report migrated in, a re-walk) has
        # no figures to compare: the catalog knows nothing of it.
        finished = sorted(
            y for i, y in by_year if i == issuer and date(y + 1, 1, 1) <= today and y >= first_year
        )
        figures_of = annual_reports(
            config, own, years=finished, issuer=None if all_of_it else issuer
        )
        for year, figures in zip(finished, figures_of, strict=True):
            computed[issuer, year] = figures
    for (issuer, year), same in sorted(by_year.items()):
        same.sort(key=lambda r: (r.item.published, r.item.index_no))
        last_year = by_year.get((issuer, year - 1), [])
        for n, report in enumerate(same):
            if report_for is not None and report.item.path not in report_for:
                continue
            out = Collector(report.item.path, lines_of=lines_of)
            if n:
                _two_reports(out, report, same[0])
            _parts(out, report)
            if (issuer, year) in computed:
                _table_two(out, report, computed[issuer, year])
                if issuer in whole:
                    pos = report.item.positions.get("title")
                    _reconciliation(out, year, computed[issuer, year], pos)
            if len(last_year) == 1:
                _carried_in(out, report, last_year[0])
            found += out.found
    reported = {year for issuer, year in by_year if issuer in whole}
    return found + _unreported_years(config, items, reported, today, report_for)


def _unreported_years(
    config: Config,
    items: Sequence[Item],
    reported: set[int],
    today: date,
    report_for: Collection[str] | None,
) -> list[Diagnostic]:
    """Return GK224, at catalog.yml, for each finished year with no report of the whole
    catalog yet whose figures do not reconcile with the year before's in
    annual_report.reported: the annual data page says 不一致 to the public from 1 January,
    and the check had waited for the report (a re-walk). Only there can they differ: the
    catalog's own figures reconcile by how they are counted."""
    if report_for is not None or not items:
        return []
    first = min(item.published.year for item in items)
    years = sorted(
        before + 1
        for before in config.annual_report.reported
        if date(before + 2, 1, 1) <= today and before + 1 >= first and before + 1 not in reported
    )
    if not years:
        return []
    out = Collector(CONFIG_FILE)
    for year, figures in zip(years, annual_reports(config, items, years=years), strict=True):
        _reconciliation(out, year, figures, None)
    return out.found


def _two_reports(out: Collector, report: _Report, first: _Report) -> None:
    out.add(
        "GK222",
        report.item.positions.get("title"),
        field="title",
        zh=f"{report.year}年度已有一份有效的年度报告：{first.item.index_no}（{first.item.path}）",
        en=f"there is already an annual report in force for {report.year}:"
        f" {first.item.index_no} ({first.item.path})",
    )


def _printed_rows(rows: Iterable[Row]) -> dict[str, tuple[int, tuple[int, int, int]]]:
    """Return table 二's 规章 and 行政规范性文件 rows among a body's table *rows*: (0-based
    line, the three figures), when the row's first cell names it and the next three are
    figures."""
    found: dict[str, tuple[int, tuple[int, int, int]]] = {}
    wanted = {label: key for key, label in _ROW_LABELS.items()}
    for number, texts in rows:
        key = wanted.get(texts[0].strip("*")) if texts else None
        if key is None or key in found or len(texts) < 4:
            continue
        values = [figure(text) for text in texts[1:4]]
        if None not in values:
            issued, repealed, in_force = (v or 0 for v in values)
            found[key] = (number, (issued, repealed, in_force))
    return found


def _shell_word(text: str) -> str:
    """Return *text* as one word of a shell command: quoted only where the shell needs it
    (`shlex.quote` quotes every Chinese name)."""
    return shlex.quote(text) if _SHELL_SPECIAL.search(text) else text


_SHELL_SPECIAL = re.compile(r"""[\s'"$`\\!&;|<>()*?\[\]{}#~]""")


def _table_two(out: Collector, report: _Report, computed: AnnualReport) -> None:
    printed = report.printed
    for row in computed.rows:
        if not row.configured or row.key not in printed:
            continue
        number, values = printed[row.key]
        ours = (row.issued, row.repealed, row.in_force)
        differ = [
            f"{_FIGURE_NAMES[name]} {value}，目录算出 {own}"
            for name, value, own in zip(_FIGURES, values, ours, strict=True)
            if value != own
        ]
        if not differ:
            continue
        command = f"gkml report annual --year {report.year}" + (
            f" --issuer {_shell_word(computed.issuer)}" if computed.issuer else ""
        )
        out.add(
            "GK220",
            Position(report.item.body_line + number, 1),
            field=None,
            zh=f"表二“{row.label}”一行的数与目录算出的不同：{'；'.join(differ)}",
            en=f"table 二's {row.label} row differs from the catalog's figures: printed"
            f" {'/'.join(map(str, values))}, computed {'/'.join(map(str, ours))}",
            fix_zh=f"运行 {command} 查看目录算出的数和对应的信息；"
            "改正报告或目录中错的一方（目录中缺少迁移前的文件时，以报告为准，可忽略此提示）",
            fix_en=f"run {command} for the catalog's figures and"
            " the items behind them; correct whichever is wrong (if the catalog lacks documents"
            " from before a migration, the report stands and this warning may be ignored)",
        )


def _reconciliation(
    out: Collector, year: int, computed: AnnualReport, pos: Position | None
) -> None:
    """Warn (GK224, at *pos*) of each row of *year*'s figures that does not reconcile."""
    off: list[DocumentRow] = [row for row in computed.rows if row.configured and not row.balanced]
    for row in off:
        out.add(
            "GK224",
            pos,
            field=None,
            zh=f"目录中{year}年度“{row.label}”的数核对不一致：上年现行有效 {row.previous}"
            f" + 制发 {row.issued} - 废止 {row.repealed} = {row.expected}，而现行有效为"
            f" {row.in_force}；网站的年度数据页将显示“核对结果：不一致”",
            en=f"the catalog's {row.label} figures for {year} do not reconcile: last"
            f" year's {row.previous} + {row.issued} issued - {row.repealed} repealed ="
            f" {row.expected}, but {row.in_force} are in force; the annual data page will say"
            " so to the public",
            fix_zh=f"运行 gkml report annual --year {year} 查看原因，改正目录中的信息或"
            " annual_report.reported 中上年的数；目录中缺少迁移前仍然有效的文件时，现行有效件数"
            "总会少算，把这些文件录入目录后才会一致",
            fix_en=f"run gkml report annual --year {year} for the cause; correct the items"
            " or last year's annual_report.reported; if the catalog lacks documents from before a"
            " migration that are still in force, it counts too few until they are entered",
        )


def _carried_in(out: Collector, report: _Report, last: _Report) -> None:
    now, before = report.requests, last.requests
    if now is None or before is None or now.carried_in[0] == before.carried_out[0]:
        return
    out.add(
        "GK221",
        Position(report.item.body_line + now.carried_in[1], 1),
        field=None,
        zh=f"表三的上年结转为 {now.carried_in[0]}，而{last.year}年度报告"
        f"（{last.item.index_no}）的结转下年度继续办理为 {before.carried_out[0]}",
        en=f"table 三 carries in {now.carried_in[0]}, but the {last.year} report"
        f" ({last.item.index_no}) carried {before.carried_out[0]} into this year",
    )


# The national form's six parts (2021), each by words its heading has in any wording seen.
_PARTS = (
    ("一、总体情况", ("总体情况",)),
    ("二、主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息")),
    ("三、收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请", "依申请公开")),
    ("四、政府信息公开行政复议、行政诉讼情况", ("行政复议",)),
    ("五、存在的主要问题及改进情况", ("存在的主要问题", "问题及改进", "问题和改进")),
    ("六、其他需要报告的事项", ("其他需要报告",)),
)
_FORM_SINCE = 2021  # the year of the national form


def _parts(out: Collector, report: _Report) -> None:
    """Warn (GK225) when a report of the national form's years lacks one of its six parts
    (a year-end walk: a report without 四、行政复议、行政诉讼 passed)."""
    if report.year < _FORM_SINCE:
        return
    missing = [name for name, words in _PARTS if not any(w in report.body for w in words)]
    # Half the form at least: a report written after it and short of a part, not a page
    # that only holds a table or a note on the report (those are not told to be a report)
    if not missing or len(missing) > len(_PARTS) // 2:
        return
    out.add(
        "GK225",
        report.item.positions.get("title"),
        field=None,
        zh=f"{report.year}年度报告缺少全国统一格式中的：{'；'.join(missing)}",
        en=f"the {report.year} report lacks parts of the national form: {'; '.join(missing)}",
    )
