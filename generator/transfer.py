"""The papers of a transfer to the archive and the library (定期移交).

The transfer list (移交清单) as printable HTML and as CSV (UTF-8 with BOM, so Excel opens it),
one row per listed item; and the short 使用说明 (how to open the disc). Pure functions of the
catalog and the archive's facts: the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from generator.catalog import Catalog
from generator.exports import spreadsheet_text
from generator.fields import FIELD_BY_KEY
from generator.item import Item

TRANSFER_HTML = "transfer-list.html"
TRANSFER_CSV = "transfer-list.csv"
README = "readme.html"

# The columns of the transfer list, in order; labels from the field declaration.
COLUMNS = ("index_no", "title", "doc_no", "written", "published", "status", "disclosure")


@dataclass(frozen=True, slots=True)
class TransferFacts:
    """What the transfer papers say about the package, besides the items."""

    organization: str
    site_title: str
    identifier: str  # External-Identifier
    as_of: date
    bagging_date: date
    bag_name: str
    volume_label: str | None  # None without a disc image (ISO 9660's, ASCII)
    payload_oxum: str
    manifest_sha256: str  # the SHA-256 of manifest-sha256.txt, which lists every payload file
    counts: Sequence[tuple[str, Sequence[tuple[str, int]]]]  # (heading, ((label, count), …))
    phone: str
    email: str
    address: str
    # The disc's name as Windows and Linux show it (its Joliet label), None without an image:
    # the archivist matches the disc in hand with the form by it.
    disc_name: str | None = None
    # The site repository's commit it was made from ('' outside git), and what it lacks.
    source: str = ""


def _cells(item: Item) -> list[str]:
    return [
        item.index_no,
        item.title,
        item.doc_no or "",
        item.written.isoformat() if item.written else "",
        item.published.isoformat(),
        item.status.value,
        item.disclosure.value,
    ]


def _csv_cells(item: Item) -> list[str]:
    return [spreadsheet_text(cell) for cell in _cells(item)]


def transfer_items(catalog: Catalog) -> tuple[Item, ...]:
    """Return the items the transfer list names: those the public sees, oldest first."""
    return tuple(reversed(catalog.listed))


def transfer_csv(catalog: Catalog, bag_name: str = "") -> bytes:
    """Return the transfer list as CSV: 序号, the seven columns, 发布机构, 栏目 and the package
    (*bag_name*, so that rows copied into a ledger still say which transfer they came in),
    CRLF, UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    labels = (FIELD_BY_KEY[key].label for key in (*COLUMNS, "issuer", "category"))
    writer.writerow(["序号", *labels, "包名称"])
    for number, item in enumerate(transfer_items(catalog), start=1):
        column = catalog.category_of[item.category].title
        writer.writerow(
            [str(number), *_csv_cells(item), spreadsheet_text(item.issuer), column, bag_name]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# A paper form, stamped and signed: values that are one word stay on one line, a table's
# heading stays with its rows, the signatures with the list's last rows, and each page says
# which package it belongs to and its number (so pages can be stamped across their edges).
_STYLE = """
body { font-family: "Noto Serif CJK SC", "SimSun", serif; margin: 1.5rem; color: #000; }
h1 { font-size: 1.6rem; text-align: center; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; break-after: avoid; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.gk-count-tables { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0 2rem; }
table.gk-counts { width: auto; min-width: 14rem; margin-bottom: .75rem; break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; break-after: avoid; }
th, td { border: 1px solid #000; padding: .2rem .35rem; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.gk-num { text-align: right; font-variant-numeric: tabular-nums; }
.gk-nowrap { white-space: nowrap; }
.gk-carrier p { margin: .5rem 0; }
.gk-sign { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; margin-top: 2rem;
  break-inside: avoid; break-before: avoid; }
.gk-sign p { margin: 0 0 1.5rem; }
@page { size: A4 landscape; margin: 12mm 12mm 16mm;
  @bottom-left { content: "PACKAGE"; font-size: 9pt; }
  @bottom-right { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; } }
"""


def _style(bag_name: str) -> str:
    """Return the style sheet, the package's name at the foot of each printed page."""
    quoted = bag_name.replace("\\", "\\\\").replace('"', '\\"')
    return _STYLE.replace('"PACKAGE"', f'"{quoted}"')


def transfer_html(catalog: Catalog, facts: TransferFacts) -> bytes:
    """Return the printable transfer list: the package's facts, counts, one row per item."""
    e = escape
    heading = f"{facts.organization}政府信息公开目录移交清单"
    about = [
        ("移交单位", facts.organization),
        ("网站名称", facts.site_title),
        ("目录截至日期", facts.as_of.isoformat()),
        ("封装日期", facts.bagging_date.isoformat()),
        ("包标识", facts.identifier),
        ("包名称", facts.bag_name),
        (
            "光盘卷标",
            f"{facts.disc_name}（电脑上显示的名称；ISO 9660 卷标 {facts.volume_label}）"
            if facts.disc_name and facts.volume_label
            else facts.volume_label or "（未制作光盘映像）",
        ),
        ("信息条数", str(len(catalog.listed))),
        ("载荷字节数.文件数 (Payload-Oxum)", facts.payload_oxum),
        ("manifest-sha256.txt 的 SHA-256", facts.manifest_sha256),
        ("网站仓库的提交 (git commit)", facts.source or "（不在 git 仓库中）"),
        ("联系电话", facts.phone),
        ("电子邮箱", facts.email),
        ("地址", facts.address),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(heading)}（{e(facts.as_of.isoformat())}）</title>",
        f"<style>{_style(facts.bag_name)}</style>",
        "</head>",
        "<body>",
        '<main id="main">',
        f"<h1>{e(heading)}</h1>",
        "<h2>基本信息</h2>",
        "<dl>",
        *(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in about if value),
        "</dl>",
    ]
    parts.append('<div class="gk-count-tables">')
    for title, rows in facts.counts:
        parts += [
            '<table class="gk-counts">',
            f"<caption>{e(title)}</caption>",
            '<thead><tr><th scope="col">分类</th><th scope="col">条数</th></tr></thead>',
            "<tbody>",
            *(
                f'<tr><th scope="row">{e(label)}</th><td class="gk-num">{count}</td></tr>'
                for label, count in rows
            ),
            "</tbody>",
            f'<tfoot><tr><th scope="row">合计</th>'
            f'<td class="gk-num">{sum(count for _, count in rows)}</td></tr></tfoot>',
            "</table>",
        ]
    parts.append("</div>")
    # What goes with the papers: how many discs, to whom (the handbook: two discs each to the
    # archive and the library), filled in by hand.
    parts += [
        '<div class="gk-carrier">',
        "<p>载体：光盘 ______ 张（档案馆 ____ 张，图书馆 ____ 张）；光盘编号：____________________</p>",
        "<p>接收单位：________________________________________</p>",
        "</div>",
    ]
    headers = "".join(
        f'<th scope="col" class="gk-nowrap">{e(h)}</th>'
        for h in ("序号", *(FIELD_BY_KEY[key].label for key in COLUMNS))
    )
    parts += [
        "<h2>信息清单</h2>",
        "<table>",
        f"<caption>移交信息清单，共 {len(catalog.listed)} 条，按发布日期先后排列</caption>",
        f"<thead><tr>{headers}</tr></thead>",
        "<tbody>",
    ]
    for number, item in enumerate(transfer_items(catalog), start=1):
        cells = "".join(
            f"<td>{e(c)}</td>" if key == "title" else f'<td class="gk-nowrap">{e(c)}</td>'
            for key, c in zip(COLUMNS, _cells(item), strict=True)
        )
        parts.append(f'<tr><td class="gk-num">{number}</td>{cells}</tr>')
    parts += [
        "</tbody>",
        "</table>",
        _without_body(catalog),
        '<div class="gk-sign">',
        "<div><p>移交单位（盖章）：</p><p>移交人（签字）：</p><p>日期：</p></div>",
        "<div><p>接收单位（盖章）：</p><p>接收人（签字）：</p><p>日期：</p></div>",
        "</div>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")


def _without_body(catalog: Catalog) -> str:
    """Return the note that some listed items are on the disc without their body ("" if none):
    the list named 51 items, and the disc held 49 item pages."""
    kinds = sorted({i.disclosure.value for i in catalog.listed if not i.disclosure.has_public_body})
    if not kinds:
        return ""
    return f"<p>公开属性为{'、'.join(kinds)}的信息，光盘中只有目录信息，没有正文。</p>"


def readme_html(facts: TransferFacts, *, site_prefix: str) -> bytes:
    """Return the 使用说明 page; *site_prefix* leads from it to the site (`""` or `data/`)."""
    e = escape
    home = f"{site_prefix}index.html"
    title = f"{facts.site_title}（截至 {facts.as_of.isoformat()}）离线版使用说明"
    # An archive or a library has no gkml: the checks with what a computer already has.
    check = "\n".join(
        (
            "<h2>如何核对本包完好</h2>",
            "<p>校验值是由文件内容算出的一串字符：文件只要改动一个字节，算出的校验值就完全不同。"
            "<code>manifest-sha256.txt</code> 列出 <code>data</code> 文件夹中每个文件的 SHA-256"
            " 校验值，<code>tagmanifest-sha256.txt</code> 列出其余说明文件的校验值，"
            "<code>bag-info.txt</code> 记录移交单位、日期和条数。本包按 BagIt（RFC 8493）格式封装，"
            "任何支持 BagIt 的软件都能核对。</p>",
            "<ol>",
            "<li>装有 gkml 的电脑：运行 <code>gkml verify 本文件夹或光盘</code>。</li>",
            "<li>Linux：在本文件夹中运行 <code>sha256sum -c manifest-sha256.txt"
            " tagmanifest-sha256.txt</code>（苹果电脑用 <code>shasum -a 256 -c</code>），"
            "每个文件都显示 “OK” 或 “成功” 即完好。</li>",
            "<li>Windows：在 PowerShell 中运行 <code>Get-FileHash -Algorithm SHA256 文件名</code>"
            "（或在命令提示符中运行 <code>certutil -hashfile 文件名 SHA256</code>），把结果与清单中"
            "同一文件的校验值比较，可以抽查。</li>",
            "<li>核对清单本身：纸质移交清单上印有 <code>manifest-sha256.txt</code> 自己的 SHA-256；"
            "按上面的方法算出这个文件的校验值，与纸上的一致，说明清单没有被替换。</li>",
            "</ol>",
        )
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.7;font-size:1.125rem}a{font-size:1.25rem}</style>",
        "</head>",
        "<body>",
        '<main id="main">',
        f"<h1>{e(title)}</h1>",
        f'<p><a href="{e(home)}">打开公开目录首页（{e(home)}）</a></p>',
        "<h2>如何使用</h2>",
        "<ol>",
        f"<li>用电脑上的任一浏览器打开 <code>{e(home)}</code>（双击即可）。</li>",
        "<li>不需要安装任何软件，也不需要连接网络：全部页面、附件和搜索都在本光盘（文件夹）中。</li>",
        "<li>页面顶部可切换简体、繁體，可使用“搜索”按标题、文号和正文查找信息。</li>",
        f"<li><code>{e(site_prefix)}catalog.csv</code> 是全部信息的目录表，可用 Excel 或 WPS 打开。</li>",
        "</ol>",
        "<h2>本包内容</h2>",
        "<dl>",
        f"<dt>移交单位</dt><dd>{e(facts.organization)}</dd>",
        f"<dt>目录截至日期</dt><dd>{e(facts.as_of.isoformat())}</dd>",
        f"<dt>包标识</dt><dd>{e(facts.identifier)}</dd>",
        f"<dt>信息条数</dt><dd>{sum(c for _, c in facts.counts[0][1]) if facts.counts else 0}</dd>",
        "</dl>",
        check if site_prefix else "",
        f"<p>联系电话：{e(facts.phone)}　电子邮箱：{e(facts.email)}</p>"
        if facts.phone or facts.email
        else "",
        '<p lang="en">Offline edition of a government information-disclosure catalog: open'
        f" <code>{e(home)}</code> in any web browser. Nothing to install, no network needed.</p>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return ("\n".join(p for p in parts if p) + "\n").encode("utf-8")
