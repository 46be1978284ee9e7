"""Table 三 of an annual report (收到和处理政府信息公开申请情况): do its totals balance?

The 2021 national form counts the requests a year began with and received, and what became of
them: 一、本年新收 + 二、上年结转 = 三、（七）总计 (the requests settled this year) + 四、结转下年度
(those carried into the next). A report whose table does not balance has a figure wrong, and
an inspection reads it (`../shared/domain.md`, "Numbers to encode"). The rows are found by
their labels, as the form prints them, in any Markdown or HTML table of a body (a report
pasted from Word or migrated from an old site has HTML ones); fenced code is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.htmltable import html_tables
from generator.rawhtml import outside_fences
from generator.tablehead import cells_of

# a figure: 18, １８ (full-width, from Word), 1,234 (thousands separated) or 21件 (a unit)
_NUMBER = re.compile(r"\s*(\d{1,3}(?:[,，]\d{3})+|\d+)\s*(?:件|个|项)?\s*")
_SEPARATOR = re.compile("[,，]")
_SPACES = re.compile(r"\s+")
Row = tuple[int, list[str]]  # a table row: its 0-based line in the body, its cells' texts
# Each figure's row, by the start of its label (in its first or second cell) as the form has it.
_LABELS = {
    "new": re.compile(r"一[、.．]\s*本年新收"),
    "carried_in": re.compile(r"二[、.．]\s*上年结转"),
    # the form's （七）总计, or a report's own one-row summary of 三 (a re-walk: 三、本年度办理
    # 结果 总计 | 7 against 8 received was not checked)
    "total": re.compile(r"[（(]七[)）]\s*总计|三[、.．]\s*本年度办理结果\s*[（(]?\s*总计"),
    "carried_out": re.compile(r"四[、.．]\s*结转下年度"),
}


@dataclass(frozen=True, slots=True)
class RequestFigures:
    """Table 三's four figures, each with the body's 0-based line of its row."""

    new: tuple[int, int]
    carried_in: tuple[int, int]
    total: tuple[int, int]
    carried_out: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Imbalance:
    """Table 三's figures that do not balance, with the line of its 总计 row."""

    line: int
    new: int
    carried_in: int
    total: int
    carried_out: int


def request_figures(body: str, rows: Iterable[Row] | None = None) -> RequestFigures | None:
    """Return the four figures of table 三 in *body*; None when the table is not there whole.
    *rows*: `table_rows(body)`, when the caller has them already."""
    if "总计" not in body or "结转" not in body:
        return None
    found: dict[str, tuple[int, int]] = {}
    for number, texts in table_rows(body) if rows is None else rows:
        if len(texts) < 2:
            continue
        value = figure(texts[-1])
        if value is None:
            continue
        for key, label in _LABELS.items():
            if key not in found and any(label.match(text) for text in texts[:2]):
                found[key] = (value, number)
    if len(found) < len(_LABELS):
        return None
    return RequestFigures(**found)


def imbalance(body: str, body_line: int) -> Imbalance | None:
    """Return the figures of table 三 in *body* (which starts on line *body_line*) when
    一 + 二 differs from 总计 + 四; None when they balance or the table is not there whole."""
    found = request_figures(body)
    if found is None:
        return None
    new, carried_in, total, carried_out = (
        found.new[0],
        found.carried_in[0],
        found.total[0],
        found.carried_out[0],
    )
    if new + carried_in == total + carried_out:
        return None
    return Imbalance(body_line + found.total[1], new, carried_in, total, carried_out)


def figure(text: str) -> int | None:
    """Return the count a table cell *text* gives (18, １８, 1,234, 21件); None if it is none."""
    found = _NUMBER.fullmatch(text)
    return None if found is None else int(_SEPARATOR.sub("", found[1]))


def table_rows(body: str) -> Iterator[Row]:
    """Yield each table row of *body*: its 0-based line and its cells' texts without their
    spaces and line breaks (Word breaks a cell's text across lines: `行政规范性` and `文件`, and
    pads it: `规　章`, a re-walk), the Markdown tables' rows first, then the HTML tables'."""
    for number, line in outside_fences(body.split("\n")):
        if line.lstrip().startswith("|"):
            yield number, [_SPACES.sub("", text) for _column, text in cells_of(line)]
    for table in html_tables(body):
        for row in table.rows:
            yield row[0].line, [_SPACES.sub("", cell.text) for cell in row]
