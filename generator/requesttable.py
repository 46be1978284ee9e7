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
from collections.abc import Iterator
from dataclasses import dataclass

from generator.htmltable import html_tables
from generator.rawhtml import outside_fences
from generator.tablehead import cells_of

# a figure: 18, １８ (full-width, from Word) or 1,234 (thousands separated)
_NUMBER = re.compile(r"\s*(\d{1,3}(?:[,，]\d{3})+|\d+)\s*")
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
class Imbalance:
    """Table 三's figures that do not balance, with the line of its 总计 row."""

    line: int
    new: int
    carried_in: int
    total: int
    carried_out: int


def imbalance(body: str, body_line: int) -> Imbalance | None:
    """Return the figures of table 三 in *body* (which starts on line *body_line*) when
    一 + 二 differs from 总计 + 四; None when they balance or the table is not there whole."""
    if "总计" not in body or "结转" not in body:
        return None
    found: dict[str, tuple[int, int]] = {}
    for number, texts in _rows(body):
        if len(texts) < 2:
            continue
        figure = _NUMBER.fullmatch(texts[-1])
        if figure is None:
            continue
        for key, label in _LABELS.items():
            if key not in found and any(label.match(text) for text in texts[:2]):
                found[key] = (int(re.sub("[,，]", "", figure[1])), body_line + number)
    if len(found) < len(_LABELS):
        return None
    new, carried_in, total, carried_out = (found[key][0] for key in _LABELS)
    if new + carried_in == total + carried_out:
        return None
    return Imbalance(found["total"][1], new, carried_in, total, carried_out)


def _rows(body: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each table row of *body*: its 0-based line and its cells' texts, the Markdown
    tables' rows first, then the HTML tables'."""
    for number, line in outside_fences(body.split("\n")):
        if line.lstrip().startswith("|"):
            yield number, [text.strip() for _column, text in cells_of(line)]
    for table in html_tables(body):
        for row in table.rows:
            yield row[0].line, [cell.text for cell in row]
