"""`gkml report inspection`: one fixture site that passes and one that fails each rule.

Every fixture is inspected as of 2024-11-15 (a Friday). The expected columns, days and lines
are worked out by hand from the fixture's dates, not by calling the code under test.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import SITES_DIR, MakeSite

from generator.content import load_site
from generator.inspection import Inspection, Severity, inspect_site, months_before
from generator.report import register, run_report

AS_OF = "2024-11-15"
DAY = date(2024, 11, 15)


def report(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `gkml report *args*` through the parser `register` builds; return code and output."""
    parser = argparse.ArgumentParser(prog="gkml")
    register(parser.add_subparsers(dest="command", required=True))
    capsys.readouterr()
    code = run_report(parser.parse_args(["report", *(str(a) for a in args)]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def inspect(root: Path, day: date = DAY) -> Inspection:
    return inspect_site(load_site(root, today=date(2026, 1, 1)), as_of=day)


def rules(result: Inspection) -> list[tuple[str, Severity]]:
    return [(f.rule, f.severity) for f in result.findings]


def details(result: Inspection, rule: str) -> tuple[str, ...]:
    (finding,) = [f for f in result.findings if f.rule == rule]
    return finding.details


def test_passing_site(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = report(
        capsys, "inspection", "--site", SITES_DIR / "report-pass", "--as-of", AS_OF
    )

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "# 示例县民政局政府信息公开 网站检查自查报告（2024-11-15）"
    assert lines[2] == "**检查结论：通过，未发现问题。(Verdict: pass; no problems found.)**"
    assert "需要整改" not in out
    assert "| 工作动态 | 动态类 |   | 1 | 2024-11-08 | 7 |   |" in lines
    assert "| 政策文件 | 政策类 | 90 | 1 | 2024-09-04 | 72 |   |" in lines


def test_passing_site_fails_two_weeks_later() -> None:
    """The same site on 2024-11-30: the home page and the dynamic column are 22 days old."""
    result = inspect(SITES_DIR / "report-pass", date(2024, 11, 30))

    assert not result.passed
    assert rules(result) == [("home-idle", Severity.VETO), ("idle-columns", Severity.DEDUCTION)]
    assert details(result, "idle-columns") == (
        "工作动态（gzdt，动态类）：最近更新 2024-11-08，已 22 天",
    )


def test_home_page_not_updated_for_two_weeks(capsys: pytest.CaptureFixture[str]) -> None:
    site = SITES_DIR / "report-home-idle"
    code, out, _ = report(capsys, "inspection", "--site", site, "--as-of", AS_OF)

    assert code == 1
    assert out.splitlines()[2] == (
        "**检查结论：不通过。单项否决：首页超过 2 周未更新（最新信息发布于 2024-09-06，已 70 天）。"
        "(Verdict: fail. Single veto: the home page has not been updated for over 2 weeks.)**"
    )
    assert rules(inspect(site)) == [("home-idle", Severity.VETO)]


def test_five_empty_columns() -> None:
    result = inspect(SITES_DIR / "report-empty-columns")

    assert rules(result) == [("empty-columns", Severity.VETO)]
    assert details(result, "empty-columns") == (
        "法定主动公开内容 > 机构职能（jgzn）",
        "法定主动公开内容 > 规划计划（ghjh）",
        "法定主动公开内容 > 财政预决算（czyjs）",
        "法定主动公开内容 > 行政许可（xzxk）",
        "法定主动公开内容 > 行政处罚（xzcf）",
    )


def test_four_empty_columns_cost_points_but_pass(make_site: MakeSite) -> None:
    text = (SITES_DIR / "report-empty-columns" / "catalog.yml").read_text(encoding="utf-8")
    root = make_site(
        {"catalog.yml": text.replace("      - {key: xzcf, title: 行政处罚}\n", "")},
        copy="report-empty-columns",
    )
    result = inspect(root)

    assert result.passed
    assert rules(result) == [("empty-columns", Severity.DEDUCTION)]
    assert len(details(result, "empty-columns")) == 4


def test_five_idle_dynamic_and_policy_columns() -> None:
    """Idle: over 14 days for dynamic columns, before 2024-05-15 for policy columns."""
    result = inspect(SITES_DIR / "report-idle-columns")

    assert rules(result) == [("idle-columns", Severity.VETO)]
    assert details(result, "idle-columns") == (
        "新闻发布（xwfb，动态类）：最近更新 2024-10-28，已 18 天",
        "媒体报道（mtbd，动态类）：最近更新 2024-10-31，已 15 天",
        "部门动态（bmdt，动态类）：最近更新 2024-10-01，已 45 天",
        "政策文件（zcwj，政策类）：最近更新 2024-05-14，已 185 天",
        "规范性文件（gfxwj，政策类）：最近更新 2024-03-01，已 259 天",
    )
    by_key = {c.key: c for c in result.columns}
    assert not by_key["tzgg"].idle  # exactly 2 weeks
    assert not by_key["ghjh"].idle  # exactly 6 months


def test_ten_stale_columns() -> None:
    result = inspect(SITES_DIR / "report-stale-columns")

    assert rules(result) == [("stale-columns", Severity.VETO)]
    assert details(result, "stale-columns") == tuple(
        f"栏目{n:02d}（lm{n:02d}，每 30 天）：最近更新 2024-10-01，已 45 天" for n in range(1, 11)
    )
    assert not {c.key: c for c in result.columns}["lm11"].stale  # exactly 30 days


def test_item_pages_without_a_date_count_as_not_updated() -> None:
    result = inspect(SITES_DIR / "report-undated")

    assert not result.passed
    assert rules(result) == [
        ("home-idle", Severity.VETO),
        ("idle-columns", Severity.DEDUCTION),
        ("stale-columns", Severity.DEDUCTION),
        ("undated-items", Severity.DEDUCTION),
    ]
    assert details(result, "undated-items") == (
        "640122-108/2024-00003 县民政局开展冬季救助巡查（content/2024/640122-108-2024-00003.md）",
        "640122-108/2024-00002 《示例县最低生活保障审核确认办法》政策解读"
        "（content/2024/640122-108-2024-00002.md）",
        "640122-108/2024-00001 关于印发示例县最低生活保障审核确认办法的通知"
        "（content/2024/640122-108-2024-00001.md）",
    )
    assert result.home_updated is None


def test_broken_links_and_missing_files_cost_points(capsys: pytest.CaptureFixture[str]) -> None:
    site = SITES_DIR / "report-broken-link"
    result = inspect(site)

    assert result.passed
    assert rules(result) == [
        ("missing-attachments", Severity.DEDUCTION),
        ("broken-links", Severity.DEDUCTION),
    ]
    page = "content/2024/640122-108-2024-00003.md（items/2024/640122-108-2024-00003.html）"
    assert details(result, "broken-links") == (
        f"{page}：640122-108-2024-00099.html → items/2024/640122-108-2024-00099.html 不存在"
        " (does not exist)",
    )
    assert details(result, "missing-attachments") == (
        f"{page}：jilubiao.xlsx → items/2024/jilubiao.xlsx 不存在 (does not exist)",
    )
    code, _, _ = report(capsys, "inspection", "--site", site, "--as-of", AS_OF)
    assert code == 0
    code, _, _ = report(capsys, "inspection", "--site", site, "--as-of", AS_OF, "--strict")
    assert code == 1


def test_missing_attachment_stops_the_build() -> None:
    result = inspect(SITES_DIR / "report-missing-attachment")

    assert not result.passed
    assert not result.built
    # The columns are not judged: the item with the error is not in the loaded site.
    assert rules(result) == [
        ("unbuildable", Severity.VETO),
        ("missing-attachments", Severity.DEDUCTION),
    ]
    assert result.columns == ()
    assert details(result, "unbuildable") == (
        "content/2024/640122-108-2024-00001.md:11:22: GK115 附件 “fujian/banfa.pdf” 不存在"
        "（应在 content/2024/fujian/banfa.pdf）",
    )
    assert details(result, "missing-attachments") == (
        "content/2024/640122-108-2024-00001.md:11: 附件 “fujian/banfa.pdf” 不存在"
        "（应在 content/2024/fujian/banfa.pdf）",
    )


def test_empty_attachment_file(make_site: MakeSite) -> None:
    item = SITES_DIR / "report-pass" / "content/2024/640122-108-2024-00001.md"
    text = item.read_text(encoding="utf-8").replace(
        "genre: 通知\n", "genre: 通知\nattachments: [{file: banfa.pdf, title: 办法全文}]\n"
    )
    root = make_site(
        {"content/2024/640122-108-2024-00001.md": text, "content/2024/banfa.pdf": b""},
        copy="report-pass",
    )
    result = inspect(root)

    assert rules(result) == [("missing-attachments", Severity.DEDUCTION)]
    assert details(result, "missing-attachments") == (
        "content/2024/640122-108-2024-00001.md：附件 “办法全文”（banfa.pdf）是空文件 (empty file)",
    )


def test_missing_footer_identifiers() -> None:
    result = inspect(SITES_DIR / "report-footer")

    assert result.passed
    assert rules(result) == [("footer", Severity.DEDUCTION)]
    assert details(result, "footer") == (
        "联系方式：catalog.yml 中没有设置 site.contact (site.contact is not set)",
        "网站标识码：catalog.yml 中没有设置 site.site_code (site.site_code is not set)",
        "ICP 备案编号：catalog.yml 中没有设置 site.icp (site.icp is not set)",
        "公安机关备案号：catalog.yml 中没有设置 site.police_record (site.police_record is not set)",
    )


def test_footer_identifier_set_but_not_shown(make_site: MakeSite) -> None:
    root = make_site(
        {"templates/base.html": _base_without_footer_ids()},
        copy="report-pass",
    )
    result = inspect(root)

    assert rules(result) == [("footer", Severity.DEDUCTION)]
    assert details(result, "footer") == (
        "网站标识码：已设置 “6499000099”，但首页页脚没有显示 (set, but not shown on the home page)",
    )


def _base_without_footer_ids() -> str:
    base = Path(__file__).parent.parent / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    line = "{% if site.site_code %}<li>网站标识码：{{ site.site_code }}</li>{% endif %}"
    assert line in text, "the default footer changed: update this test"
    return text.replace(line, "")


def test_vetoes_come_first_and_the_verdict_names_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = report(
        capsys, "inspection", "--site", SITES_DIR / "report-undated", "--as-of", AS_OF
    )

    assert code == 1
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    assert headings[0].startswith("### 1. 【单项否决】首页超过 2 周未更新")
    assert all("【扣分】" in h for h in headings[1:])
    assert "单项否决：首页超过 2 周未更新（没有任何显示日期的信息）。" in out.splitlines()[2]


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = report(
        capsys,
        "inspection",
        "--site",
        SITES_DIR / "report-empty-columns",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    )
    data = json.loads(out)

    assert code == 1
    assert data["report"] == "inspection"
    assert data["passed"] is False
    assert data["as_of"] == "2024-11-15"
    assert [f["rule"] for f in data["findings"]] == ["empty-columns"]
    assert data["findings"][0]["severity"] == "单项否决"
    assert data["verdict"].startswith("检查结论：不通过。单项否决：5 个空白栏目")


def test_html_output_is_an_accessible_chinese_page(
    capsys: pytest.CaptureFixture[str], make_site: MakeSite, tmp_path: Path
) -> None:
    text = (SITES_DIR / "report-pass" / "catalog.yml").read_text(encoding="utf-8")
    root = make_site(
        {
            "catalog.yml": text.replace(
                "title: 示例县民政局政府信息公开", "title: 示例县<民政局>&公开"
            )
        },
        copy="report-pass",
    )
    out_file = tmp_path / "reports" / "inspection.html"
    code, out, err = report(
        capsys,
        "inspection",
        "--site",
        root,
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        out_file,
    )
    page = out_file.read_text(encoding="utf-8")

    assert (code, out) == (0, "")
    assert err == f"已写入 {out_file} (wrote {out_file})\n"
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert page.count("<h1>") == 1
    assert "<h1>示例县&lt;民政局&gt;&amp;公开 网站检查自查报告（2024-11-15）</h1>" in page
    assert "<民政局>" not in page
    assert '<a class="gk-skip" href="#main">' in page and '<main id="main">' in page
    assert "<caption>各栏目的信息条数和最近更新日期</caption>" in page
    assert '<th scope="col">栏目</th>' in page
    assert '<th scope="row">工作动态</th>' in page


def test_the_site_folder_is_left_untouched() -> None:
    site = SITES_DIR / "report-pass"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    inspect(site)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_broken_catalog_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], make_site: MakeSite
) -> None:
    root = make_site({"catalog.yml": "site: [\n"}, copy="report-pass")
    code, out, err = report(capsys, "inspection", "--site", root, "--as-of", AS_OF)

    assert (code, out) == (2, "")
    assert err.endswith("catalog.yml 有误，无法生成报告。(catalog.yml is broken; no report.)\n")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 11, 15), 6, date(2024, 5, 15)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 3, 31), 6, date(2023, 9, 30)),
        (date(2025, 1, 10), 1, date(2024, 12, 10)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_an_address_on_another_site_without_its_scheme_is_not_this_sites_root(
    tmp_path: Path,
) -> None:
    """A re-walk: //old.example.gov.cn/… was filed under the site's own root-relative links."""
    from generator.links import find_broken_links

    (tmp_path / "index.html").write_text(
        '<img src="//old.example.gov.cn/a.png" alt=""><a href="/xxgk/b.html">b</a>',
        encoding="utf-8",
    )
    assert [(b.value, b.problem) for b in find_broken_links(tmp_path)] == [
        ("/xxgk/b.html", "root-relative")
    ]
