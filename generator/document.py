"""A report as a sequence of blocks, rendered to Markdown, to HTML or to JSON.

Each report (`inspection`, `timeliness`, `annual`) computes a frozen result, turns it into
blocks, and leaves the markup here: one place that escapes text, gives every table a caption
and header cells with `scope`, and writes the standalone page with `lang="zh-CN"`.
"""

from __future__ import annotations

import dataclasses
import enum
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = [
    "Block",
    "Bullets",
    "Heading",
    "Paragraph",
    "Table",
    "html_fragment",
    "html_page",
    "json_text",
    "markdown",
]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2  # 1 is the page title, used once


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = True  # the first cell of each row names the row (th scope="row")
    numeric: tuple[int, ...] = ()  # columns of numbers, aligned right
    foot: tuple[tuple[str, ...], ...] = ()  # totals


Block = Heading | Paragraph | Bullets | Table


# -- Markdown --------------------------------------------------------------------------------
def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") or " "


def _md_table(table: Table) -> list[str]:
    align = [("---:" if i in table.numeric else "---") for i in range(len(table.head))]
    lines = [
        f"**{table.caption}**",
        "",
        "| " + " | ".join(_md_cell(h) for h in table.head) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for row in (*table.rows, *table.foot):
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return lines


def markdown(blocks: Sequence[Block]) -> str:
    """Return *blocks* as GitHub-flavoured Markdown (a pull request comment, a job summary)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            out.append(f"**{block.text}**" if block.strong else block.text)
        elif isinstance(block, Bullets):
            marks = (f"{n}." if block.ordered else "-" for n in range(1, len(block.items) + 1))
            out.append("\n".join(f"{m} {text}" for m, text in zip(marks, block.items, strict=True)))
        else:
            out.append("\n".join(_md_table(block)))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ------------------------------------------------------------------------------------
def _html_table(table: Table) -> str:
    e = html.escape
    num = ' class="gk-num"'

    def cells(row: tuple[str, ...]) -> str:
        parts = []
        for i, text in enumerate(row):
            cls = num if i in table.numeric else ""
            if i == 0 and table.row_headers:
                parts.append(f'<th scope="row"{cls}>{e(text)}</th>')
            else:
                parts.append(f"<td{cls}>{e(text)}</td>")
        return "<tr>" + "".join(parts) + "</tr>"

    head = "".join(
        f'<th scope="col"{num if i in table.numeric else ""}>{e(h)}</th>'
        for i, h in enumerate(table.head)
    )
    lines = [
        "<table>",
        f"<caption>{e(table.caption)}</caption>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *(cells(row) for row in table.rows),
        "</tbody>",
    ]
    if table.foot:
        lines += ["<tfoot>", *(cells(row) for row in table.foot), "</tfoot>"]
    lines.append("</table>")
    return "\n".join(lines)


def html_fragment(blocks: Sequence[Block], *, shift: int = 0) -> str:
    """Return *blocks* as HTML without a page around them; headings go *shift* levels down."""
    e = html.escape
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(block.level + shift, 6)
            out.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            text = f"<strong>{e(block.text)}</strong>" if block.strong else e(block.text)
            out.append(f"<p>{text}</p>")
        elif isinstance(block, Bullets):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{e(text)}</li>" for text in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            out.append(_html_table(block))
    return "\n".join(out) + "\n"


_STYLE = """
body { font: 1rem/1.6 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1a1a1a;
  background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.gk-skip { position: absolute; left: -999rem; }
.gk-skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .5rem 0; }
th, td { border: 1px solid #767676; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
.gk-num { text-align: right; font-variant-numeric: tabular-nums; }
"""


def html_page(title: str, blocks: Sequence[Block]) -> str:
    """Return a standalone, accessible Chinese HTML page: *title* as its one h1, then *blocks*."""
    e = html.escape
    body = html_fragment([b for b in blocks if not (isinstance(b, Heading) and b.level == 1)])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        '<a class="gk-skip" href="#main">跳到正文</a>\n'
        f'<main id="main">\n<h1>{e(title)}</h1>\n{body}</main>\n</body>\n</html>\n'
    )


# -- JSON ------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def json_text(result: object, **extra: object) -> str:
    """Return a frozen result as JSON: dates in ISO form, enums by value, keys as declared.

    *extra* adds top-level keys before the result's own (a verdict, a derived list).
    """
    data = _plain(result)
    if extra and isinstance(data, dict):
        data = {**{k: _plain(v) for k, v in extra.items()}, **data}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
