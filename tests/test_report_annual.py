"""`gkml report annual`: table 二 of the 2021 national format, computed from a fixture catalog.

The fixture `report-annual` counts 规章 by column `gz` and 行政规范性文件 by column `gfxwj` or
genre 规范性文件. Its items, with 成文日期 and status (hand count below):

    R1 gz     2022-05-10  有效
    R2 gz     2023-03-01  废止 2024-06-30
    R3 gz     2024-06-20  有效
    R4 gz     2024-12-30  有效 (published 2025-01-03: made in 2024)
    N1 gfxwj  2021-08-02  失效 2024-08-05
    N2 gfxwj  2023-02-01  有效
    N3 gfxwj  2023-09-01  已修改 2024-04-01 (amended: still in force)
    N4 gfxwj  2024-04-01  有效
    N5 qtwj   2024-07-01  有效, genre 规范性文件
    N6 gfxwj  2022-01-10  废止 2023-06-01
    N7 gfxwj  2024-02-01  废止 2024-11-01

2024, 规章: made R3, R4 (2); stopped R2 (1); in force at the end R1, R3, R4 (3); at the end of
2023 R1, R2 (2), as last year's report says (2): 2 + 2 - 1 = 3, balanced.
2024, 行政规范性文件: made N4, N5, N7 (3); stopped N1, N7 (2); in force N2, N3, N4, N5 (4); at
the end of 2023 N1, N2, N3 (3), but last year's report printed 4: 4 + 3 - 2 = 5 ≠ 4.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import SITES_DIR, MakeSite

from generator.annual import AnnualReport, annual_fragment, annual_of, annual_pages
from generator.content import load_site
from generator.dates import today_in_china
from generator.report import register, run_report

SITE = SITES_DIR / "report-annual"
REPORTED = "  reported:\n    2023: {regulations: 2, normative_documents: 4}\n"


def report(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `gkml report *args*` through the parser `register` builds; return code and output."""
    parser = argparse.ArgumentParser(prog="gkml")
    register(parser.add_subparsers(dest="command", required=True))
    capsys.readouterr()
    code = run_report(parser.parse_args(["report", *(str(a) for a in args)]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def annual(root: Path, year: int) -> AnnualReport:
    load = load_site(root, today=date(2026, 1, 1))
    assert load.site is not None and not load.has_errors, load.diagnostics
    return annual_of(load.site.config, load.site.items, year=year)


def n(serial: int, year: int) -> str:
    return f"640122-108/{year}-{serial:05d}"


def test_table_two_for_2024() -> None:
    result = annual(SITE, 2024)
    regulations, normative = result.rows

    assert (regulations.label, regulations.issued, regulations.repealed, regulations.in_force) == (
        "规章",
        2,
        1,
        3,
    )
    assert regulations.issued_items == (n(3, 2024), n(1, 2025))
    assert regulations.repealed_items == (n(1, 2023),)
    assert (normative.label, normative.issued, normative.repealed, normative.in_force) == (
        "行政规范性文件",
        3,
        2,
        4,
    )
    assert normative.issued_items == (n(6, 2024), n(4, 2024), n(5, 2024))  # N7, N4, N5
    assert normative.repealed_items == (n(2, 2021), n(6, 2024))  # N1, N7


def test_reconciliation_against_last_years_report() -> None:
    regulations, normative = annual(SITE, 2024).rows

    assert (regulations.previous, regulations.previous_reported, regulations.expected) == (
        2,
        True,
        3,
    )
    assert regulations.balanced
    assert (normative.previous, normative.previous_computed, normative.expected) == (4, 3, 5)
    assert not normative.balanced
    assert not annual(SITE, 2024).balanced


def test_reconciliation_from_the_catalog_alone(make_site: MakeSite) -> None:
    text = (SITE / "catalog.yml").read_text(encoding="utf-8")
    assert REPORTED in text
    root = make_site({"catalog.yml": text.replace(REPORTED, "")}, copy="report-annual")
    result = annual(root, 2024)

    assert [(r.previous, r.previous_reported, r.expected, r.in_force) for r in result.rows] == [
        (2, False, 3, 3),
        (3, False, 4, 4),
    ]
    assert result.balanced


def test_table_two_for_2023() -> None:
    """2023: R2 made; N2, N3 made, N6 repealed; 2022 in force: R1 and N1, N6."""
    result = annual(SITE, 2023)

    assert [(r.issued, r.repealed, r.in_force, r.previous) for r in result.rows] == [
        (1, 0, 2, 1),
        (2, 1, 3, 2),
    ]
    assert result.balanced


def test_counts_by_column_and_issuer() -> None:
    """Published in 2024 with a public body: R3; N4, N7; N5, Q1; G1, G3 (G2 is on request)."""
    result = annual(SITE, 2024)

    assert [(c.key, c.name, c.count) for c in result.by_column] == [
        ("fdzdgknr", "法定主动公开内容", 0),
        ("gz", "法定主动公开内容 > 规章", 1),
        ("gfxwj", "法定主动公开内容 > 行政规范性文件", 2),
        ("qtwj", "法定主动公开内容 > 其他文件", 2),
        ("gzdt", "工作动态", 2),
    ]
    assert [(c.name, c.count) for c in result.by_issuer] == [
        ("示例县民政局", 6),
        ("示例县社会福利院", 1),
    ]
    assert result.total == 7


def test_rows_without_settings_count_zero(make_site: MakeSite) -> None:
    text = (SITE / "catalog.yml").read_text(encoding="utf-8")
    head, _, _ = text.partition("annual_report:")
    root = make_site({"catalog.yml": head}, copy="report-annual")
    result = annual(root, 2024)

    assert [(r.configured, r.issued, r.repealed, r.in_force) for r in result.rows] == [
        (False, 0, 0, 0),
        (False, 0, 0, 0),
    ]


def test_an_item_in_both_rows_is_reported(make_site: MakeSite) -> None:
    text = (SITE / "catalog.yml").read_text(encoding="utf-8")
    root = make_site(
        {"catalog.yml": text.replace("{categories: [gz]}", "{categories: [gz], genres: [决定]}")},
        copy="report-annual",
    )

    assert annual(root, 2024).anomalies == (
        f"{n(4, 2024)} 同时算作规章和行政规范性文件，请调整 catalog.yml 的 annual_report"
        " (counted in both rows)",
    )


def test_a_normative_document_not_disclosed_proactively_is_reported(
    make_site: MakeSite,
) -> None:
    """Found by feeding gkml odd input: a 不予公开 行政规范性文件 was counted in table 二
    (主动公开政府信息情况) without a word. Still counted (it was made); the office is told,
    and the public page does not name it."""
    item = SITE / "content/2024/640122-108-2024-00004.md"
    text = item.read_text(encoding="utf-8").replace(
        "disclosure: 主动公开\n", "disclosure: 不予公开\nreason: 《条例》第十四条\n"
    )
    root = make_site({"content/2024/640122-108-2024-00004.md": text}, copy="report-annual")
    result = annual(root, 2024)
    assert result.anomalies == (
        f"{n(4, 2024)}（行政规范性文件）的公开属性为 不予公开，而行政规范性文件应当主动公开"
        "（《条例》第二十条第（一）项），请核对 (a normative document that is not disclosed"
        " proactively)",
    )
    assert [r.issued for r in result.rows] == [r.issued for r in annual(SITE, 2024).rows]
    load = load_site(root, today=date(2026, 1, 1))
    assert load.site is not None
    figures = annual_pages(load.site.config, load.site.items, as_of=date(2026, 1, 1))
    pages = (*figures.whole, *figures.own)
    assert pages and all(n(4, 2024) not in repr(page) for page in pages)


def test_markdown_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = report(capsys, "annual", "--site", SITE, "--year", "2024")
    lines = out.splitlines()

    assert (code, err) == (0, "")
    assert lines[0] == "# 示例县民政局政府信息公开 2024年度政府信息公开工作年度报告 数据"
    table = lines[lines.index("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |") :][:4]
    assert table == [
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| --- | ---: | ---: | ---: |",
        "| 规章 | 2 | 1 | 3 |",
        "| 行政规范性文件 | 3 | 2 | 4 |",
    ]
    assert (
        "**核对不通过：现行有效件数与上年数加减本年增减不一致，请查明原因。"
        "(The reconciliation does not hold.)**"
    ) in lines
    assert "| 规章 | 2 | 上年报告（目录计算为 2） | 2 | 1 | 3 | 3 | 一致 |" in lines
    assert (
        "| 行政规范性文件 | 4 | 上年报告（目录计算为 3） | 3 | 2 | 5 | 4 | 不一致（少 1 件） |"
    ) in lines


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = report(capsys, "annual", "--site", SITE, "--year", "2024", "--format", "json")
    data = json.loads(out)

    assert code == 0
    assert (data["report"], data["year"], data["balanced"], data["total"]) == (
        "annual",
        2024,
        False,
        7,
    )
    assert [
        (r["label"], r["issued"], r["repealed"], r["in_force"], r["balanced"]) for r in data["rows"]
    ] == [("规章", 2, 1, 3, True), ("行政规范性文件", 3, 2, 4, False)]


def test_html_fragment_for_the_site() -> None:
    fragment = annual_fragment(annual(SITE, 2024))

    assert "<html" not in fragment and "<h1>" not in fragment
    assert fragment.startswith("<h2>二、主动公开政府信息情况</h2>")
    assert "<caption>2024年主动公开政府信息情况（第二十条第（一）项）</caption>" in fragment
    assert '<th scope="col" class="gk-num">本年制发件数</th>' in fragment
    assert (
        '<tr><th scope="row">规章</th><td class="gk-num">2</td><td class="gk-num">1</td>'
        '<td class="gk-num">3</td></tr>'
    ) in fragment
    assert '<tfoot>\n<tr><th scope="row">合计</th><td class="gk-num">7</td></tr>' in fragment


def test_html_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = report(capsys, "annual", "--site", SITE, "--year", "2024", "--format", "html")

    assert code == 0
    assert out.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert out.count("<h1>") == 1
    assert "<title>示例县民政局政府信息公开 2024年度政府信息公开工作年度报告 数据</title>" in out


def test_year_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        report(capsys, "annual", "--site", SITE)
    assert exit_info.value.code == 2


def test_a_year_not_over_says_it_is_counted_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    """A year-end walk: a December draft of table 二 read as the whole year's; the site's page
    said 截至, the report did not."""
    today = today_in_china()
    code, out, _ = report(capsys, "annual", "--site", SITE, "--year", str(today.year))
    running = today < date(today.year, 12, 31)
    assert code == 0
    assert (f"{today.year}年尚未结束：数字截至{today.isoformat()}" in out) == running
    code, out, _ = report(capsys, "annual", "--site", SITE, "--year", "2024", "--format", "json")
    data = json.loads(out)
    assert (data["year_over"], data["as_of"]) == (True, today.isoformat())
    _, out, _ = report(capsys, "annual", "--site", SITE, "--year", "2024")
    assert "尚未结束" not in out
    # a year not begun has no figures (a re-walk: 2027 in 2026 said 尚未结束)
    code, out, err = report(capsys, "annual", "--site", SITE, "--year", str(today.year + 1))
    assert (code, out) == (2, "") and "还没有开始" in err


def test_an_amended_document_past_its_period_ends_in_the_report_as_on_the_site(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A re-walk: N3 (已修改 2024-04-01) with 有效期至 2024-09-30 is shown 失效 from 2024-10-01
    on the site, whose annual page then counted it ended; `gkml report annual` (and GK220)
    still counted it in force. Both count it ended: 行政规范性文件 made 3, ended 3 (N1, N7,
    N3), in force 3 (N2, N4, N5)."""
    from generator.build import build_site

    rel = "content/2023/640122-108-2023-00003.md"
    text = (SITE / rel).read_text(encoding="utf-8")
    root = make_site(
        {rel: text.replace("\n---\n", "\nvalid_until: 2024-09-30\n---\n", 1)}, copy="report-annual"
    )
    code, out, _ = report(capsys, "annual", "--site", root, "--year", "2024", "--format", "json")
    assert code == 0
    row = json.loads(out)["rows"][1]
    assert (row["issued"], row["repealed"], row["in_force"]) == (3, 3, 3)
    site = tmp_path / "out"
    assert build_site(root, site, as_of=date(2026, 1, 1), search_index=False).stats is not None
    page = (site / "annual/2024.html").read_text(encoding="utf-8")
    assert re.search(
        r'<th scope="row">行政规范性文件</th><td[^>]*>3</td><td[^>]*>3</td><td[^>]*>3</td>', page
    )
