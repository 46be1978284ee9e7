"""A table's header row with an empty cell: a column a screen reader reads without a name.

The annual reports' tables were written as the national form prints them: the table's title
(第二十条第（一）项) in the header row, its other cells empty, and the column names in the
first row of data. A screen reader then reads each figure with an empty column header.
`gkml check` warns (GK125) at the empty cell. A GFM table is a row with pipes followed by a
delimiter row (`| --- | :-: |`) with as many cells; fenced code is left alone.

An HTML table (pasted from Word or migrated from an old site) is read too: the first row's
empty cell is GK125 unless it spans rows (the corner above the rows' own labels), and a table
with no `<th>` at all is GK142: Word writes every cell as `<td>`, so a screen reader has no
column name for any figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.htmltable import html_tables
from generator.rawhtml import outside_fences

_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")
_PIPE = re.compile(r"(?<!\\)\|")  # a cell boundary; \| is a pipe in a cell's text
_INDENTED_CODE = "    "


def cells_of(row: str) -> list[tuple[int, str]]:
    """Return each cell of the table row *row*: (its 1-based column, its text)."""
    bounds = [m.start() for m in _PIPE.finditer(row)]
    start = len(row) - len(row.lstrip())
    end = len(row.rstrip())
    if bounds and row[start] == "|":  # a leading pipe opens the first cell
        start = bounds.pop(0) + 1
    if bounds and bounds[-1] == end - 1:  # a trailing pipe closes the last
        end = bounds.pop()
    edges = [start - 1, *bounds, end]
    return [(edges[k] + 2, row[edges[k] + 1 : edges[k + 1]]) for k in range(len(edges) - 1)]


def _is_delimiter(row: str) -> int:
    """Return the number of cells of *row* when it is a table's delimiter row, else 0."""
    if "|" not in row or "-" not in row or row.startswith(_INDENTED_CODE):
        return 0
    cells = cells_of(row)
    return len(cells) if all(_DELIMITER_CELL.fullmatch(text) for _c, text in cells) else 0


def empty_header_cells(body: str, body_line: int) -> Iterator[tuple[int, int]]:
    """Yield (line, column) of the first empty header cell of each table in *body* (which
    starts on line *body_line*)."""
    if "|" not in body:
        return
    lines = body.split("\n")
    for number, line in outside_fences(lines):
        if number == 0:
            continue
        header = lines[number - 1]
        size = _is_delimiter(line)
        if not size or "|" not in header or header.startswith(_INDENTED_CODE):
            continue
        cells = cells_of(header)
        if len(cells) != size:
            continue  # not a table (GFM: as many cells in both rows)
        empty = next((column for column, text in cells if not text.strip()), None)
        if empty is not None:
            yield body_line + number - 1, empty


def html_table_headers(body: str, body_line: int) -> Iterator[tuple[str, int, int]]:
    """Yield (code, line, column) for each HTML table of *body* (which starts on line
    *body_line*) with no header cell (GK142, where the table opens) or with an empty cell in
    its first row that spans no rows (GK125, at the cell)."""
    for table in html_tables(body):
        if len(table.rows) < 2:
            continue  # a one-row table: a layout box, not figures under names
        if not any(cell.header for row in table.rows for cell in row):
            yield "GK142", body_line + table.line, table.column
            continue
        empty = next((c for c in table.rows[0] if not c.text and c.rows == 1), None)
        if empty is not None:
            yield "GK125", body_line + empty.line, empty.column
