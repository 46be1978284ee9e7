"""The annual-report figures as pages of the site (`annual/<year>.html`).

Built with `gkml build` from the `report-annual` fixture (see tests/test_report_annual.py for
its items), given a 年度报告 column and a base_url. Every number on a page is checked against
`gkml report annual --year Y --format json` on the same catalog, never against figures
written out here.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import MakeSite, RunGkml
from linkcheck import broken_links

AS_OF = "2026-01-01"
COLUMN = "  - {key: ndbg, title: 年度报告}\n"
BASE = "https://example.gov.cn/xian/"
R4 = "content/2025/640122-108-2025-00001.md"  # made 2024-12-30, published 2025-01-03


class _Tables(HTMLParser):
    """Collect each table of a page: caption → rows of cell texts (head, body and foot)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None and self._rows is not None:
            self.tables["".join(self._caption)] = self._rows
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None and self._rows:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._rows = None

    def handle_data(self, data: str) -> None:
        for part in (self._caption, self._cell):
            if part is not None:
                part.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def site_with_column(make_site: MakeSite, **files: str | None) -> Path:
    """Return a copy of `report-annual` with a 年度报告 column and a base_url."""
    text = (make_site({}, copy="report-annual") / "catalog.yml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {key: gzdt, title: 工作动态}\n", f"  - {{key: gzdt, title: 工作动态}}\n{COLUMN}"
    )
    text = text.replace("site:\n", f"site:\n  base_url: {BASE}\n", 1)
    assert COLUMN in text and BASE in text
    return make_site({"catalog.yml": text, **files}, copy="report-annual")


def build(run_gkml: RunGkml, root: Path, as_of: str = AS_OF) -> Path:
    out = root.parent / f"{root.name}-out"
    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", as_of])
    assert result.exit_code == 0, result.stdout + result.stderr
    return out


def report(run_gkml: RunGkml, root: Path, year: int) -> dict[str, Any]:
    result = run_gkml(["report", "annual", "--site", root, "--year", str(year), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def page(out: Path, year: int) -> str:
    return (out / f"annual/{year}.html").read_text(encoding="utf-8")


def table(html: str, start: str) -> list[list[str]]:
    """Return the rows of the one table whose caption starts with *start*."""
    found = [rows for caption, rows in tables(html).items() if caption.startswith(start)]
    assert len(found) == 1, (start, list(tables(html)))
    return found[0]


def assert_page_shows(html: str, data: dict[str, Any], period: str) -> None:
    """Assert that the page shows the report's table 二, reconciliation and counts."""
    year = data["year"]
    rows = data["rows"]
    assert table(html, f"{period}主动公开政府信息情况") == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        *([r["label"], str(r["issued"]), str(r["repealed"]), str(r["in_force"])] for r in rows),
    ]
    check = table(html, f"现行有效({year})应等于现行有效({year - 1})加制发、减废止")
    assert check[0][-1] == "结果"
    assert [(c[0], c[1], c[3], c[4], c[5], c[6]) for c in check[1:]] == [
        (
            r["label"],
            str(r["previous"]),
            str(r["issued"]),
            str(r["repealed"]),
            str(r["expected"]),
            str(r["in_force"]),
        )
        for r in rows
    ]
    assert [c[-1] == "一致" for c in check[1:]] == [r["balanced"] for r in rows]
    verdict = "核对结果：一致。" if data["balanced"] else "核对结果：不一致。"
    assert f"<p><strong>{verdict}" in html
    columns = table(html, f"{period}按栏目统计的主动公开信息")
    assert columns[1:] == [
        *([c["name"], str(c["count"])] for c in data["by_column"]),
        ["合计", str(data["total"])],
    ]
    issuers = table(html, f"{period}按发布机构统计的主动公开信息")
    assert issuers[1:] == [
        *([c["name"], str(c["count"])] for c in data["by_issuer"]),
        ["合计", str(data["total"])],
    ]
    assert f"{period}主动公开（含部分公开）信息共 {data['total']} 条。" in html


# -- the figures -----------------------------------------------------------------------------------
def test_each_complete_year_shows_what_the_report_computes(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    root = site_with_column(make_site)
    out = build(run_gkml, root)

    assert sorted(p.name for p in (out / "annual").iterdir() if p.is_file()) == [
        f"{y}.html" for y in range(2021, 2027)
    ]
    for year in range(2021, 2026):
        html = page(out, year)
        assert_page_shows(html, report(run_gkml, root, year), f"{year}年")
        assert html.count("<h1") == 1
        assert f"<h1>{year}年政府信息公开工作年度报告数据：主动公开政府信息情况</h1>" in html
        assert "截至" not in html.split("<main", 1)[1].split("各年度数据", 1)[0]
        assert '<th scope="col" class="gk-num">本年制发件数</th>' in html
        assert '<th scope="row">规章</th>' in html
        assert "由公开目录中登记的信息" in html  # says where the figures come from


def test_the_reconciliation_is_stated_in_words(run_gkml: RunGkml, make_site: MakeSite) -> None:
    """2024: last year's report printed 4 行政规范性文件 in force, the catalog gives 3."""
    root = site_with_column(make_site)
    data = report(run_gkml, root, 2024)
    html = page(build(run_gkml, root), 2024)

    assert data["balanced"] is False
    assert "核对结果：不一致。行政规范性文件的现行有效件数不等于" in html
    normative = next(r for r in data["rows"] if r["label"] == "行政规范性文件")
    shown = table(html, "现行有效(2024)")[2]
    assert shown[2] == f"上年报告（目录计算为 {normative['previous_computed']}）"
    off = normative["in_force"] - normative["expected"]
    assert off < 0
    assert shown[-1] == f"不一致（少 {-off} 件）"  # in words, as a screen reader says it


def test_the_running_year_is_counted_to_the_build_day(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    root = site_with_column(make_site)
    html = page(build(run_gkml, root), 2026)

    assert (
        "<h1>2026年政府信息公开工作年度报告数据：主动公开政府信息情况（截至2026年1月1日）</h1>"
        in html
    )
    assert '本页数字截至<time datetime="2026-01-01">2026年1月1日</time>' in html
    assert_page_shows(html, report(run_gkml, root, 2026), "2026年1月1日")


def test_as_of_shows_the_figures_as_they_stood(run_gkml: RunGkml, make_site: MakeSite) -> None:
    """On 2025-01-02, R4 (made in 2024, published 2025-01-03) was not yet in the catalog."""
    root = site_with_column(make_site)
    out = build(run_gkml, root, "2025-01-02")
    without_r4 = site_with_column(make_site, **{R4: None})

    assert not (out / "annual/2026.html").exists()
    assert_page_shows(page(out, 2024), report(run_gkml, without_r4, 2024), "2024年")
    assert report(run_gkml, root, 2024)["rows"][0]["issued"] == 2  # R4 counts once published
    running = page(out, 2025)
    assert "（截至2025年1月2日）</h1>" in running
    assert_page_shows(running, report(run_gkml, without_r4, 2025), "2025年1月1日至1月2日")


# -- where the pages are ---------------------------------------------------------------------------
def test_linked_from_the_annual_column_in_both_editions(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    out = build(run_gkml, site_with_column(make_site))

    listing = (out / "catalog/ndbg/index.html").read_text(encoding="utf-8")
    assert '<a href="../../annual/2024.html">2024年度报告数据</a>' in listing
    assert '<a href="../../annual/2026.html">2026年度报告数据（截至2026年1月1日）</a>' in listing
    html = page(out, 2024)
    crumbs = html.split('aria-label="当前位置"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"<li>(.*?)</li>", crumbs) == [
        '<a href="../index.html">首页</a>',
        '<a href="../catalog/ndbg/index.html">年度报告</a>',
        '<span aria-current="page">2024年度报告数据</span>',
    ]
    assert '<span aria-current="page">2024年度报告数据</span></li>' in html.split("各年度数据")[1]

    hant = (out / "zh-hant/annual/2024.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in hant
    assert '<th scope="row">規章</th>' in hant
    assert '<a href="../../annual/2024.html">' in (
        out / "zh-hant/catalog/ndbg/index.html"
    ).read_text(encoding="utf-8")

    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{BASE}annual/2024.html" in locs
    assert broken_links(out, "/xian/") == []


def test_without_an_annual_column_the_home_page_links_the_last_complete_year(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    out = build(run_gkml, make_site({}, copy="report-annual"))

    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="annual/2025.html">年度报告数据</a>' in home
    crumbs = page(out, 2025).split('aria-label="当前位置"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"<li>(.*?)</li>", crumbs) == [
        '<a href="../index.html">首页</a>',
        '<span aria-current="page">2025年度报告数据</span>',
    ]
    assert broken_links(out, None) == []


def test_rows_catalog_yml_does_not_define_are_left_out_not_zero(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    text = (make_site({}, copy="report-annual") / "catalog.yml").read_text(encoding="utf-8")
    head, _, _ = text.partition("annual_report:")
    root = make_site({"catalog.yml": head}, copy="report-annual")
    html = page(build(run_gkml, root), 2024)
    data = report(run_gkml, root, 2024)

    assert "公开目录未标明哪些信息属于规章、行政规范性文件，本页不列出这两项的件数。" in html
    assert [c for c in tables(html) if "主动公开政府信息情况" in c or "现行有效" in c] == []
    assert "核对结果" not in html
    assert table(html, "2024年按发布机构统计")[-1] == ["合计", str(data["total"])]


def test_the_years_report_is_linked_and_whose_items_are_counted_is_said(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """A year-end walk: the page named the report it defers to in words only; a county walk:
    two dozen bodies' figures read as the organization's own."""
    item = (
        "---\ntitle: 示例县民政局2024年政府信息公开工作年度报告\nindex_no: 640122-108/2025-00009\n"
        "issuer: 示例县民政局\nwritten: 2025-01-10\npublished: 2025-01-15\nstatus: 有效\n"
        "disclosure: 主动公开\ncategory: ndbg\n---\n\n## 一、总体情况\n\n正文。\n"
    )
    root = site_with_column(make_site, **{"content/2025/ndbg-2024.md": item})
    out = build(run_gkml, root)
    html = page(out, 2024)
    link = re.search(r'正式数字以<a href="([^"]+)">([^<]+)</a>为准', html)
    assert link is not None, html
    assert link[2] == "示例县民政局2024年政府信息公开工作年度报告"
    assert (out / "annual" / link[1]).resolve() == (out / "items/2025/640122-108-2025-00009.html")
    assert "包括目录中全部 2 个发布机构发布的信息" in html
    # a year with no report in the catalog names it in words
    assert "正式数字以示例县民政局发布的2023年政府信息公开工作年度报告为准" in page(out, 2023)


# -- an issuer's own figures -------------------------------------------------------------------------
HOME_ITEM = """---
title: {title}
index_no: MB0000001/{year}-{serial:05d}
issuer: 示例县社会福利院
written: {year}-{month:02d}-10
published: {year}-{month:02d}-12
status: {status}
status_date: {status_date}
disclosure: 主动公开
category: {category}
---

正文。
"""


def home_items() -> dict[str, str]:
    """Three more of the second issuer's items (the fixture has a notice of 2024): a normative
    document of 2023 expired in 2024, one of 2024, and a notice of 2024 (of neither row)."""
    made = [
        (2023, 5, 11, "福利院入院评估办法", "gfxwj", "失效", "2024-06-01"),
        (2024, 3, 12, "福利院探视管理规定", "gfxwj", "有效", ""),
        (2024, 7, 13, "福利院开放日通知", "gzdt", "有效", ""),
    ]
    return {
        f"content/{y}/MB0000001-{y}-{n:05d}.md": HOME_ITEM.format(
            title=t, year=y, serial=n, month=m, category=c, status=s, status_date=d or "null"
        )
        for y, m, n, t, c, s, d in made
    }


def test_each_issuer_of_several_has_its_own_figures(run_gkml: RunGkml, make_site: MakeSite) -> None:
    """A county walk: each bureau reports on its own documents (`gkml report annual
    --issuer`), and the site showed only the whole catalog's figures."""
    root = site_with_column(make_site, **home_items())
    out = build(run_gkml, root)

    # the second issuer's own pages, its first item's year to the build's; the organization's
    # own figures are the whole catalog's (annual/<year>.html), so it has none
    assert sorted(p.name for p in (out / "annual/MB0000001").iterdir()) == [
        f"{y}.html" for y in range(2023, 2027)
    ]
    assert not (out / "annual/640122-108").exists()
    for year in (2023, 2024, 2025):
        issuer = ["--issuer", "示例县社会福利院"]
        result = run_gkml(
            ["report", "annual", "--site", root, "--year", str(year), "--format", "json", *issuer]
        )
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        html = (out / f"annual/MB0000001/{year}.html").read_text(encoding="utf-8")
        title = f"示例县社会福利院{year}年政府信息公开工作年度报告数据：主动公开政府信息情况"
        assert f"<h1>{title}</h1>" in html
        assert table(html, f"{year}年主动公开政府信息情况")[1:] == [
            [r["label"], str(r["issued"]), str(r["repealed"]), str(r["in_force"])]
            for r in data["rows"]
        ]
        assert f"{year}年主动公开（含部分公开）信息共 {data['total']} 条。" in html
        assert "按发布机构统计" not in html  # its own items alone
        assert "只计示例县社会福利院发布的信息" in html
        assert "正式数字以示例县社会福利院发布的" in html
    # the figures are its own: 2024 made one normative document and repealed one
    own = table((out / "annual/MB0000001/2024.html").read_text(encoding="utf-8"), "2024年主动")
    assert own[2] == ["行政规范性文件", "1", "1", "1"]

    # the whole catalog's page of the year links each issuer's own page from its row
    whole = page(out, 2024)
    issuers = whole.split("按发布机构统计的主动公开信息", 1)[1].split("</table>", 1)[0]
    # a link standing alone: the elder mode's 60 px target, as a listing's titles
    # named as the issuer's listing links it, not as the issuer (a screen reader's walk)
    link = (
        '<th scope="row" class="gk-items__title"><a href="MB0000001/2024.html"'
        ' aria-label="示例县社会福利院2024年度报告数据">示例县社会福利院</a>'
    )
    assert link in issuers
    assert '<th scope="row">示例县民政局</th>' in issuers
    # its breadcrumb goes through that page; the issuer's listing links every year's
    html = (out / "annual/MB0000001/2024.html").read_text(encoding="utf-8")
    crumbs = html.split('aria-label="当前位置"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"<li>(.*?)</li>", crumbs)[-2:] == [
        '<a href="../2024.html">2024年度报告数据</a>',
        '<span aria-current="page">示例县社会福利院2024年度报告数据</span>',
    ]
    listing = (out / "issuers/MB0000001/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="../../annual/MB0000001/2024.html">示例县社会福利院2024年度报告数据</a>' in listing
    )
    assert "annual/2024.html" not in listing
    assert (out / "zh-hant/annual/MB0000001/2024.html").is_file()
    assert broken_links(out, "/xian/") == []
