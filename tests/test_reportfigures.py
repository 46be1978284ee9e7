"""The annual reports among the items, held against the catalog (generator/reportfigures.py)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SITES_DIR, MakeSite, RunGkml

FIXTURE = "invalid/GK220-report-table-two"
REPORT = "content/2025/ndbg-2024.md"


def _codes(run_gkml: RunGkml, root: Path, as_of: str = "2026-01-01") -> list[str]:
    done = run_gkml(["check", "--as-of", as_of], cwd=root)
    return [
        line for line in done.stdout.splitlines() if " GK2" in line and not line.startswith(" ")
    ]


def _report() -> str:
    return (SITES_DIR / FIXTURE / REPORT).read_text(encoding="utf-8")


def test_the_year_is_the_one_the_title_names() -> None:
    from generator.annual import title_report_year as year

    assert year("示例市民政局2025年政府信息公开工作年度报告") == 2025
    assert year("示例市民政局2025年度政府信息公开工作年度报告") == 2025
    assert year("2024 年度示例县政府信息公开工作报告") == 2024
    assert year("示例市民政局2025年度政府信息公开工作年度报告（修订）") == 2025
    assert year("关于做好2025年政府信息公开工作的通知") is None
    assert year("示例市民政局12025年政府信息公开工作年度报告") is None
    # a re-walk: documents about a report are not the report
    for about in (
        "示例市民政局关于做好2025年度政府信息公开工作年度报告编制发布工作的通知",
        "示例市民政局2026年上半年政府信息公开工作情况报告",
        "关于示例市民政局2025年度政府信息公开工作年度报告有关数据的更正说明",
        "一图读懂示例市民政局2025年度政府信息公开工作年度报告",
        "示例市民政局关于2025年度政府信息公开工作年度报告自查整改情况的报告",
    ):
        assert year(about) is None, about


def test_a_table_two_that_agrees_with_the_catalog_passes(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    fixed = _report().replace("| 行政规范性文件 | 1 | 0 | 2 |", "| 行政规范性文件 | 1 | 0 | 1 |")
    assert fixed != _report()
    root = make_site({REPORT: fixed}, copy=FIXTURE)
    assert _codes(run_gkml, root) == []


def test_table_two_pasted_as_html_is_read(make_site: MakeSite, run_gkml: RunGkml) -> None:
    html = (
        "<table>\n<tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>\n"
        "<tr><td>行政规范性文件</td><td>１</td><td>0</td><td>3件</td></tr>\n</table>\n"
    )
    text = _report().split("## 二、")[0] + html
    root = make_site({REPORT: text}, copy=FIXTURE)
    [found] = _codes(run_gkml, root)
    assert "GK220" in found and "现行有效件数 3，目录算出 1" in found


def test_a_year_not_over_is_not_compared(make_site: MakeSite, run_gkml: RunGkml) -> None:
    """A report drafted in December for a year still running would count the documents of
    the weeks left as missing."""
    text = _report().replace("2024年政府信息公开", "2025年政府信息公开")
    root = make_site({REPORT: text}, copy=FIXTURE)
    assert _codes(run_gkml, root, as_of="2025-12-20") == []
    assert "GK220" in _codes(run_gkml, root, as_of="2026-01-01")[0]


def test_each_issuer_reports_its_own_documents_once_a_year(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A county's catalog has a report of each bureau for each year: not two reports of one
    year; a bureau's report counts its own documents, the site's organization's the whole
    catalog's (as the annual data page, which names its report, counts them)."""
    catalog = (SITES_DIR / FIXTURE / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace(
        "issuers:\n",
        'issuers:\n  - name: 示例市财政局\n    code: 640100-110\n    index_pattern: "{code}/{year}-{serial:05d}"\n',
    )
    other = (
        _report()
        .replace("示例市民政局", "示例市财政局")
        .replace("640100-108/2025-00001", "640100-110/2025-00001")
        .replace("| 行政规范性文件 | 1 | 0 | 2 |", "| 行政规范性文件 | 0 | 0 | 0 |")
    )
    policy = (SITES_DIR / FIXTURE / "content/2024/banfa.md").read_text(encoding="utf-8")
    root = make_site(
        {
            "catalog.yml": catalog,
            "content/2025/czj-ndbg-2024.md": other,
            # the organization's report: both 办法 of 2024
            REPORT: _report().replace("| 1 | 0 | 2 |", "| 2 | 0 | 2 |"),
            "content/2024/czj-banfa.md": policy.replace("示例市民政局", "示例市财政局").replace(
                "640100-108/2024-00001", "640100-110/2024-00001"
            ),
        },
        copy=FIXTURE,
    )
    [found] = _codes(run_gkml, root)
    assert (
        "czj-ndbg-2024.md" in found and "GK220" in found and "本年制发件数 0，目录算出 1" in found
    )
    # The command its fix names counts the bureau's own documents (a county walk: the fix had
    # named the whole catalog's command, whose figures were not the bureau's).
    check = run_gkml(["check", "--as-of", "2026-01-01"], cwd=root).stdout
    assert "gkml report annual --year 2024 --issuer 示例市财政局" in check
    for name in ("示例市财政局", "640100-110"):
        run = run_gkml(
            [
                "report",
                "annual",
                "--site",
                root,
                "--year",
                "2024",
                "--issuer",
                name,
                "--format",
                "json",
            ]
        )
        assert run.exit_code == 0, run.stderr
        data = json.loads(run.stdout)
        assert data["issuer"] == "示例市财政局"
        assert [(r["issued"], r["in_force"], r["previous"]) for r in data["rows"]][1] == (1, 1, 0)
    whole = run_gkml(["report", "annual", "--site", root, "--year", "2024", "--format", "json"])
    assert json.loads(whole.stdout)["rows"][1]["issued"] == 2
    assert json.loads(whole.stdout)["issuer"] is None
    unknown = run_gkml(["report", "annual", "--site", root, "--year", "2024", "--issuer", "x局"])
    assert unknown.exit_code == 2 and "示例市财政局" in unknown.stderr and "x局" in unknown.stderr


def test_a_replaced_report_is_not_a_second_one(make_site: MakeSite, run_gkml: RunGkml) -> None:
    base = SITES_DIR / "invalid/GK222-two-reports-one-year"
    first = (base / "content/2025/ndbg-2024.md").read_text(encoding="utf-8")
    replaced = first.replace(
        "status: 有效",
        "status: 失效\nstatus_date: 2025-01-24\nreplaced_by: 640100-108/2025-00002",
    )
    root = make_site(
        {"content/2025/ndbg-2024.md": replaced}, copy="invalid/GK222-two-reports-one-year"
    )
    assert _codes(run_gkml, root) == []


def test_a_township_has_an_annual_report_column_of_its_own(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-walk: with a township's 年度报告 column below its own, the county's report in the
    main one was told to move into the township's."""
    catalog = (SITES_DIR / FIXTURE / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace(
        "  - {key: ndbg, title: 年度报告}\n",
        "  - key: qyz\n    title: 青云镇\n    children:\n      - {key: qyz-ndbg, title: 年度报告}\n"
        "  - {key: ndbg, title: 年度报告}\n",
    )
    assert "qyz-ndbg" in catalog
    fixed = _report().replace("| 1 | 0 | 2 |", "| 1 | 0 | 1 |")
    root = make_site({"catalog.yml": catalog, REPORT: fixed}, copy=FIXTURE)
    assert _codes(run_gkml, root) == []
    # and a report outside both is told the main one
    moved = fixed.replace("category: ndbg", "category: bmwj")
    root = make_site({"catalog.yml": catalog, REPORT: moved}, copy=FIXTURE)
    [found] = _codes(run_gkml, root)
    assert "GK223" in found


def test_an_old_report_migrated_in_is_not_held_against_a_catalog_that_starts_later(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-walk: a 2022 report in a catalog whose first item is of 2024 computed 0/0/0 and
    warned for ever."""
    old = (
        _report()
        .replace("2024年政府信息公开", "2022年政府信息公开")
        .replace("640100-108/2025-00001", "640100-108/2024-00005")
        .replace("2025-01-", "2024-01-")
    )
    root = make_site({"content/2024/ndbg-2022.md": old}, copy=FIXTURE)
    found = _codes(run_gkml, root)
    assert not any("ndbg-2022.md" in line for line in found), found


def test_a_year_that_will_say_not_reconciled_is_named_before_its_report_is_filed(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-walk: the annual data page said 不一致 from 1 January, and the check waited for the
    year's report to say so."""
    base = "invalid/GK224-report-year-not-reconciled"
    root = make_site({"content/2025/ndbg-2024.md": None}, copy=base)
    done = run_gkml(["check", "--as-of", "2026-01-01"], cwd=root)
    assert done.stdout.startswith(
        "catalog.yml: 警告 warning GK224 目录中2024年度“行政规范性文件”的数核对不一致"
    )
    # a year still running, and a catalog whose reported figure is right, say nothing
    assert "GK224" not in run_gkml(["check", "--as-of", "2024-12-30"], cwd=root).stdout
    catalog = (
        (root / "catalog.yml")
        .read_text(encoding="utf-8")
        .replace("normative_documents: 5}", "normative_documents: 0}")
    )
    fixed = make_site({"content/2025/ndbg-2024.md": None, "catalog.yml": catalog}, copy=base)
    assert "GK224" not in run_gkml(["check", "--as-of", "2026-01-01"], cwd=fixed).stdout
