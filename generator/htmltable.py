"""The HTML tables of a body: their rows and cells, each with its line and column.

An annual report migrated from an old website or pasted from Word has its tables as HTML
(`<table>` with `rowspan` and `colspan`, every cell a `<td>`), not as Markdown. The checks
that read tables (GK127: table 三 balances; GK125: a header row's empty cell; GK142: a table
with no header cell) read these too: a migration walk's reports passed them unread. Fenced
code is left alone; a table inside a table is a table of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.rawhtml import outside_fences

__all__ = ["Cell", "Table", "html_tables", "may_have_table"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One `<td>` or `<th>`: where it opens (the body's 0-based line, 1-based column)."""

    line: int
    column: int
    text: str  # its text, whitespace (a no-break space too) stripped
    header: bool  # a <th>
    rows: int  # rowspan
    columns: int  # colspan


@dataclass(frozen=True, slots=True)
class Table:
    """One `<table>`: its rows in order, each a tuple of its cells."""

    line: int  # where <table> opens, 0-based
    column: int
    rows: tuple[tuple[Cell, ...], ...]


def may_have_table(body: str) -> bool:
    """Whether *body* may hold an HTML table (`in` is far cheaper than parsing)."""
    return "<" in body and "<table" in body.lower()


def html_tables(body: str) -> list[Table]:
    """Return the HTML tables of *body* in the order they close (an inner table first)."""
    if not may_have_table(body):
        return []
    lines = body.split("\n")
    kept = [""] * len(lines)  # fenced code blanked: the lines keep their numbers
    for number, line in outside_fences(lines):
        kept[number] = line
    parser = _TableParser()
    parser.feed("\n".join(kept))
    parser.close()
    parser.end_all()
    return parser.tables


def _span(attrs: Sequence[tuple[str, str | None]], name: str) -> int:
    """Return the rowspan or colspan in *attrs*: 1 when absent or not a number."""
    value = next((v for k, v in attrs if k == name), None)
    digits = (value or "").strip()
    return max(1, min(int(digits), 1000)) if digits.isdecimal() and len(digits) < 5 else 1


@dataclass(slots=True)
class _Open:
    """A table being read: its finished rows, the row and the cell open now."""

    line: int
    column: int
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    row: list[Cell] | None = None
    cell: tuple[int, int, bool, int, int] | None = None  # line, column, th, rows, columns
    text: list[str] = field(default_factory=list)


class _TableParser(HTMLParser):
    """Collects each table's rows; a cell or row left open ends where the next one starts,
    as browsers end them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[_Open] = []
        self.tables: list[Table] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        if tag == "table":
            self.open.append(_Open(line - 1, offset + 1))
        elif not self.open:
            return
        elif tag == "tr":
            self._end_row()
            self.open[-1].row = []
        elif tag in ("td", "th"):
            self._end_cell()
            table = self.open[-1]
            if table.row is None:
                table.row = []  # a cell with no <tr> before it
            spans = _span(attrs, "rowspan"), _span(attrs, "colspan")
            table.cell = (line - 1, offset + 1, tag == "th", *spans)
            table.text = []

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            return
        if tag == "table":
            self._end_table()
        elif tag == "tr":
            self._end_row()
        elif tag in ("td", "th"):
            self._end_cell()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].text.append(data)

    def end_all(self) -> None:
        """End the tables still open at the body's end."""
        while self.open:
            self._end_table()

    def _end_cell(self) -> None:
        table = self.open[-1]
        if table.cell is None or table.row is None:
            return
        line, column, header, rows, columns = table.cell
        text = "".join(table.text).strip()
        table.row.append(Cell(line, column, text, header, rows, columns))
        table.cell = None
        table.text = []

    def _end_row(self) -> None:
        self._end_cell()
        table = self.open[-1]
        if table.row:
            table.rows.append(tuple(table.row))
        table.row = None

    def _end_table(self) -> None:
        self._end_row()
        table = self.open.pop()
        self.tables.append(Table(table.line, table.column, tuple(table.rows)))
        if self.open and self.open[-1].cell is not None:
            # the inner table's text is not the outer cell's figure
            self.open[-1].text.append(" ")
