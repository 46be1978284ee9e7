"""`gkml report timeliness` on a fixture whose items straddle 中秋 and 国庆 2024.

The working days were counted by hand from the State Council's 2024 holiday notice: 中秋
9月15–17日 off, 9月14日 (Saturday) worked; 国庆 10月1–7日 off, 9月29日 (Sunday) and 10月12日
(Saturday) worked. A lag counts the working days after 成文日期 up to and including 发布日期.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL, SITES_DIR, copy_sample

from generator.config import load_config
from generator.content import load_site
from generator.report import register, run_report
from generator.timeliness import Timeliness, column_limit, timeliness_of

SITE = SITES_DIR / "report-timeliness"


def index(serial: int, year: int = 2024) -> str:
    return f"640122-108/{year}-{serial:05d}"


def report(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `gkml report *args*` through the parser `register` builds; return code and output."""
    parser = argparse.ArgumentParser(prog="gkml")
    register(parser.add_subparsers(dest="command", required=True))
    capsys.readouterr()
    code = run_report(parser.parse_args(["report", *(str(a) for a in args)]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lags_of(year: int | None) -> Timeliness:
    load = load_site(SITE, today=date(2026, 1, 1))
    assert load.site is not None and not load.has_errors
    return timeliness_of(load.site.config, load.site.items, year=year)


def test_lags_across_the_holidays() -> None:
    result = lags_of(2024)

    # index → (working days, limit, days late)
    assert {lag.index_no: (lag.working_days, lag.limit, lag.days_late) for lag in result.items} == {
        index(1): (3, 10, 0),  # A: 9-29 (worked Sunday), 9-30, 10-8
        index(2): (22, 20, 2),  # B: 22 working days, default limit 20
        index(3): (5, 5, 0),  # C: 9-27, 9-29, 9-30, 10-8, 10-9 (9 by weekdays alone)
        index(4): (6, 5, 1),  # D: 9-13, 9-14 (worked Saturday), 9-18, 9-19, 9-20, 9-23
        index(5): (0, 10, 0),  # E: written and published the same day
        index(6): (12, 10, 2),  # F: 10-9..11, 10-12 (worked Saturday), 10-14..18, 10-21..23
        index(7): (1, 10, 0),  # G
    }
    assert not any(lag.estimated for lag in result.items)
    assert [u.index_no for u in result.unmeasured] == [index(8)]  # H: no 成文日期


def test_late_items_most_days_late_first() -> None:
    late = lags_of(2024).late

    assert [(lag.index_no, lag.days_late) for lag in late] == [
        (index(6), 2),  # F, published 10-23
        (index(2), 2),  # B, published 10-25
        (index(4), 1),  # D
    ]


def test_interpretations_against_their_policy() -> None:
    result = lags_of(2024)

    assert [
        (i.index_no, i.policy_index_no, i.working_days, i.limit, i.days_late)
        for i in result.interpretations
    ] == [
        (index(7), index(4), 3, 3, 0),  # G: 9-24, 9-25, 9-26 after D's 9-23
        (index(5), index(3), 4, 3, 1),  # E: 10-10, 10-11, 10-12, 10-14 after C's 10-9
    ]
    assert [i.index_no for i in result.late_interpretations] == [index(5)]


def test_on_request_items_and_other_years_are_left_out() -> None:
    this_year = {lag.index_no for lag in lags_of(2024).items}
    every_year = {lag.index_no: lag.working_days for lag in lags_of(None).items}

    assert index(9) not in every_year  # J: 依申请公开
    assert index(1, 2023) not in this_year
    assert every_year[index(1, 2023)] == 2  # I: 2023-12-04, 2023-12-05


def test_limits_per_column() -> None:
    config = load_config(SITE).config
    assert config is not None

    assert column_limit(config, "zcwj") == 5  # its own
    assert column_limit(config, "gzdt") == 10  # its parent's
    assert column_limit(config, "qt") == 20  # rules.publish_within_working_days
    assert config.rules.interpretation_within_working_days == 3


def test_a_same_day_rule_is_zero_working_days(tmp_path: Path) -> None:
    """An audit: a local rule of publishing the same working day (0) was refused, "应为正整数";
    below 0 still is."""
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    config_file = site / "catalog.yml"
    text = config_file.read_text(encoding="utf-8")
    assert "rules:" not in text
    config_file.write_text(text + "rules:\n  publish_within_working_days: 0\n", encoding="utf-8")
    loaded = load_config(site)
    assert loaded.config is not None and loaded.diagnostics == ()
    assert loaded.config.rules.publish_within_working_days == 0
    config_file.write_text(text + "rules:\n  publish_within_working_days: -1\n", encoding="utf-8")
    assert load_config(site).config is None


def test_defaults_of_a_catalog_without_the_new_settings() -> None:
    config = load_config(MINIMAL).config
    assert config is not None

    assert config.rules.interpretation_within_working_days == 3
    assert column_limit(config, "bmwj") == 20


def test_markdown_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = report(capsys, "timeliness", "--site", SITE, "--year", "2024")
    lines = out.splitlines()

    assert (code, err) == (0, "")
    assert lines[0] == "# 示例县民政局政府信息公开 发布及时性报告（2024年）"
    assert lines[2] == (
        "**共 7 条信息可计算成文到发布的工作日，3 条超过时限；政策解读 2 条，1 条晚于政策文件发布后"
        " 3 个工作日。(3 of 7 items published late; 1 of 2 interpretations late.)**"
    )
    late_rows = [line for line in lines if line.startswith("| 640122-108/2024-0000")]
    assert late_rows[:3] == [
        "| 640122-108/2024-00006 | F 栏目继承 10 个工作日，超过 | 2024-10-08 | 2024-10-23 | 12 | 10 | 2 |",
        "| 640122-108/2024-00002 | B 跨国庆超过 20 个工作日 | 2024-09-20 | 2024-10-25 | 22 | 20 | 2 |",
        "| 640122-108/2024-00004 | D 政策文件，跨中秋超过 5 个工作日 | 2024-09-12 | 2024-09-23 | 6 | 5 | 1 |",
    ]
    assert (
        "- 640122-108/2024-00008 H 没有成文日期（content/2024/640122-108-2024-00008.md）" in lines
    )


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = report(
        capsys, "timeliness", "--site", SITE, "--year", "2024", "--format", "json"
    )
    data = json.loads(out)

    assert code == 0
    assert data["report"] == "timeliness"
    assert data["late"] == [index(6), index(2), index(4)]
    assert data["late_interpretations"] == [index(5)]
    assert data["items"][0] == {
        "index_no": index(4),
        "title": "D 政策文件，跨中秋超过 5 个工作日",
        "path": "content/2024/640122-108-2024-00004.md",
        "category": "zcwj",
        "written": "2024-09-12",
        "published": "2024-09-23",
        "working_days": 6,
        "limit": 5,
        "days_late": 1,
        "estimated": False,
        "reason": None,
        "issuer": "示例县民政局",
    }


def test_estimated_lags_are_marked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Outside the holiday calendar, days are counted Monday to Friday and marked with *."""
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    item = root / "content/2024/640122-108-2024-00001.md"
    text = item.read_text(encoding="utf-8").replace("written: 2024-09-27", "written: 2040-01-02")
    target = root / "content/2040/640122-108-2040-00001.md"
    target.parent.mkdir()
    target.write_text(
        text.replace("published: 2024-10-08", "published: 2040-01-09").replace(
            "640122-108/2024-00001", "640122-108/2040-00001"
        ),
        encoding="utf-8",
    )
    item.unlink()
    load = load_site(root, today=date(2041, 1, 1))
    assert load.site is not None and not load.has_errors
    result = timeliness_of(load.site.config, load.site.items, year=2040)

    # 2040-01-02 is a Monday: 01-03..01-06 (Tue–Fri), 01-09 (Mon) by weekdays alone.
    assert [(lag.working_days, lag.estimated) for lag in result.items] == [(5, True)]


@pytest.mark.parametrize("kind", ["timeliness", "annual"])
@pytest.mark.parametrize("year", ["24", "0001", "0000"])
def test_year_must_be_four_digits_from_1900(
    capsys: pytest.CaptureFixture[str], kind: str, year: str
) -> None:
    """0001 and 0000 were found by feeding gkml odd input: `report annual` stopped with a
    ValueError traceback (the day before 1 January of year 1)."""
    with pytest.raises(SystemExit) as exit_info:
        report(capsys, kind, "--site", SITE, "--year", year)
    assert exit_info.value.code == 2
    assert "年份应为 1900 到 9998 之间的四位数字" in capsys.readouterr().err


@pytest.mark.parametrize("out", ["content/2026/ndbg-2025.md", "catalog.yml", "templates/x.md"])
@pytest.mark.parametrize("kind", ["timeliness", "annual", "inspection"])
def test_a_report_is_not_written_over_the_sites_sources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, out: str
) -> None:
    """Found by feeding gkml odd input: `--out content/2026/ndbg-2025.md` replaced the annual
    report's item with the report (and `--out catalog.yml` the site's settings), exit 0."""
    site = copy_sample(tmp_path / "site")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    year = () if kind == "inspection" else ("--year", "2025")
    code, _out, err = report(capsys, kind, "--site", site, *year, "--out", site / out)
    assert code == 2
    assert "报告不能写入" in err and "one of the site's sources" in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_content_errors_stop_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = report(capsys, "timeliness", "--site", SITES_DIR / "report-missing-attachment")

    assert (code, out) == (1, "")
    assert "GK115" in err
    assert err.endswith(
        "内容有 1 个错误，统计会不准确，未生成报告；请先运行 gkml check 修正。"
        "(1 error in the content: fix them first, see gkml check.)\n"
    )


def test_a_late_reason_clears_the_warning_shows_in_the_report_and_stays_off_the_site(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from generator.build import build_site

    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    reason = "原件经保密审查后定稿，审查意见单编号 LATE-REASON-CANARY"
    item = root / "content/2024/640122-108-2024-00002.md"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\n---\n", f"\nlate_reason: {reason}\n---\n", 1), "utf-8")

    load = load_site(root, today=date(2026, 1, 1))
    assert load.site is not None
    late_warnings = {d.file for d in load.diagnostics if d.code == "GK208"}
    assert "content/2024/640122-108-2024-00002.md" not in late_warnings
    assert late_warnings  # the other late items still warn

    code, out, _ = report(capsys, "timeliness", "--site", root, "--year", "2024")
    assert code == 0
    rows: dict[str, str] = {}  # the late items' table comes first
    for line in out.splitlines():
        if line.startswith("| 6401"):
            rows.setdefault(line.split(" | ")[0], line)

    def cells(row: str) -> list[str]:
        return [cell.strip() for cell in row.strip("|").split("|")]

    assert cells(rows[f"| {index(2)}"])[-2:] == ["2", reason]
    assert cells(rows[f"| {index(6)}"])[-2:] == ["2", ""]  # late, no reason given

    result = build_site(root, tmp_path / "out", as_of=date(2026, 1, 1), search_index=True)
    assert result.stats is not None
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"LATE-REASON-CANARY" not in path.read_bytes(), path


def test_a_catalog_of_several_issuers_says_whose_items_are_late(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A county walk: the office asks which bureau or township is late; the report had no
    issuer at all."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    catalog = (site / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace(
        "issuers:\n",
        'issuers:\n  - name: 青云镇人民政府\n    code: MB1A23456\n    index_pattern: "{code}-{year}-{serial:04d}"\n',
    )
    (site / "catalog.yml").write_text(catalog, encoding="utf-8")
    late = site / "content/2024/640122-108-2024-00006.md"
    text = late.read_text(encoding="utf-8")
    number = re.search(r"(?m)^index_no: (.*)$", text)
    assert number is not None
    text = text.replace("issuer: 示例县民政局", "issuer: 青云镇人民政府").replace(
        number[1], "MB1A23456-2024-0001"
    )
    late.write_text(text, encoding="utf-8")
    code, out, _ = report(capsys, "timeliness", "--site", site, "--year", "2024")
    assert code == 0
    rows = out[out.index("| 发布机构 | 信息 | 超过时限 |") :].split("\n\n")[0].splitlines()
    assert rows[2:] == [
        "| 示例县民政局 | 6 | 2 |",
        "| 青云镇人民政府 | 1 | 1 |",
    ]  # the latest first
    assert "| 索引号 | 标题 | 发布机构 | 成文日期 |" in out
