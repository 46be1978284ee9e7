"""`gkml report`: the reports a disclosure office runs before the inspectors and the year's end.

- `inspection [--as-of DATE]`: would the site fail the 2019 inspection's single-veto rules;
- `timeliness [--year Y]`: working days from 成文 to 发布, and from a policy to its 解读;
- `annual --year Y`: table 二 of the annual report with its reconciliation.

Each prints Markdown (default), a standalone HTML page or JSON, to stdout or `--out FILE`.
Exit codes: 0 done (and the inspection passed), 1 the inspection failed or the content has
errors, 2 usage error or broken catalog.yml.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.content import LoadResult, load_site
from generator.dates import date_argument, today_in_china
from generator.diagnostics import format_human, summary_line
from generator.outputtree import among_sources

if TYPE_CHECKING:
    from generator.config import Config
    from generator.document import Block
    from generator.item import Item

__all__ = ["FORMATS", "register", "run_report"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
FORMATS = ("markdown", "html", "json")
_P = TypeVar("_P", bound=argparse.ArgumentParser)  # gkml's own parser class


def _year_arg(text: str) -> int:
    # From 1900: a report of year 1 needed 31 December of year 0, which no date holds (a
    # ValueError traceback); 9998: the report looks at the year after.
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 9998):
        raise argparse.ArgumentTypeError(
            f"年份应为 1900 到 9998 之间的四位数字，如 2024，不能是 “{text}”"
            f" (a four-digit year from 1900 to 9998, not {text!r})"
        )
    return int(text)


def register(commands: argparse._SubParsersAction[_P]) -> None:
    """Add `report` and its reports to the sub-commands *commands* of the gkml parser."""
    report = commands.add_parser(
        "report",
        help="检查、时效和年度报告数据 (inspection, timeliness and annual-report data)",
        description="生成自查报告：网站检查、发布时效、年度报告数据。(Reports for the office.)",
    )
    kinds = report.add_subparsers(dest="report", required=True, parser_class=type(report))

    inspection = kinds.add_parser(
        "inspection",
        help="按 2019 年政府网站检查指标自查 (would the site fail the inspection)",
        description="按《政府网站与政务新媒体检查指标》自查：先写结论，再按严重程度列出要整改的问题。"
        "(Check the site against the 2019 inspection's single-veto rules.)",
    )
    inspection.add_argument(
        "--as-of",
        type=date_argument,
        default=None,
        help="按该日检查 YYYY-MM-DD，默认今天 (inspect as of this day; default today)",
    )
    inspection.add_argument(
        "--strict",
        action="store_true",
        help="扣分项也算不通过 (fail on findings that only cost points, too)",
    )

    timeliness = kinds.add_parser(
        "timeliness",
        help="成文到发布的工作日 (working days from written to published)",
        description="计算每条信息从成文到发布的工作日，列出超过时限的信息和政策解读。"
        "(Working-day lags against the publication rules.)",
    )
    timeliness.add_argument(
        "--year", type=_year_arg, default=None, help="只算该年发布的信息 (items published in Y)"
    )

    annual = kinds.add_parser(
        "annual",
        help="年度报告第二部分数据 (annual report, table 二)",
        description="按 2021 年全国统一格式计算年度报告“二、主动公开政府信息情况”并核对现行有效件数。"
        "(Table 二 of the annual report, with the reconciliation.)",
    )
    annual.add_argument("--year", type=_year_arg, required=True, help="报告年度 (report year)")
    annual.add_argument(
        "--issuer",
        default=None,
        help="只算该发布机构自己的信息，写名称或代码；不写时算整个目录 "
        "(one issuer's own items, by name or code; default: the whole catalog)",
    )

    for command in (inspection, timeliness, annual):
        command.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
        command.add_argument(
            "--format",
            choices=FORMATS,
            default="markdown",
            help="输出格式：markdown 文字，html 可打印的网页，json 供程序使用"
            " (markdown text, html a printable page, json for programs)",
        )
        command.add_argument(
            "--out", type=Path, default=None, help="写入该文件，默认输出到屏幕 (output file)"
        )


def _load(site: Path, today: date) -> LoadResult | int:
    """Return the loaded site, or the exit code after saying why there is none."""
    if not site.is_dir():
        print(f"gkml: 网站目录 {site} 不存在 (site folder {site} does not exist)", file=sys.stderr)
        return EXIT_USAGE
    load = load_site(site, today=today)
    if load.config_broken:
        for d in load.diagnostics:
            print(format_human(d), file=sys.stderr)
        print(summary_line(load.diagnostics), file=sys.stderr)
        print(
            "catalog.yml 有误，无法生成报告。(catalog.yml is broken; no report.)", file=sys.stderr
        )
        return EXIT_USAGE
    return load


def _content_errors(load: LoadResult) -> bool:
    """Print and return whether the content has errors: counts from it would be wrong."""
    errors = [d for d in load.diagnostics if d.severity == "error"]
    if not errors:
        return False
    for d in errors:
        print(format_human(d), file=sys.stderr)
    print(
        f"内容有 {len(errors)} 个错误，统计会不准确，未生成报告；请先运行 gkml check 修正。"
        f"({len(errors)} error{'' if len(errors) == 1 else 's'} in the content: "
        "fix them first, see gkml check.)",
        file=sys.stderr,
    )
    return True


def _emit(
    args: argparse.Namespace,
    title: str,
    blocks: Sequence[Block],
    data: object,
    extra: Mapping[str, object],
) -> None:
    from generator.document import html_page, json_text, markdown

    if args.format == "json":
        text = json_text(data, report=args.report, **extra)
    elif args.format == "html":
        text = html_page(title, blocks)
    else:
        text = markdown(blocks)
    out: Path | None = args.out
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"已写入 {out} (wrote {out})", file=sys.stderr)


def _title(blocks: Sequence[Block]) -> str:
    first = blocks[0]
    return getattr(first, "text", "gkml report")


def _issuer(config: Config, wanted: str) -> str | None:
    """Return the name of the issuer *wanted* names (its name, or its code in any case), or
    the site's organization, which need not be an issuer; None when there is none."""
    for issuer in config.issuers:
        if wanted == issuer.name or wanted.casefold() == issuer.code.casefold():
            return issuer.name
    return wanted if wanted == config.site.organization else None


def run_report(args: argparse.Namespace) -> int:
    """Run `gkml report …` as parsed by the parser `register` extended; return the exit code."""
    # Here, not at the top: `gkml build` imports this module to list the command (0.1 s of
    # imports that every gkml command paid).
    from generator.annual import annual_blocks, annual_reports, reported_items
    from generator.inspection import inspect_site, inspection_blocks, verdict_line
    from generator.timeliness import timeliness_blocks, timeliness_of

    # Found by feeding gkml odd input: `--out content/2026/ndbg-2025.md` replaced the annual
    # report's item with the report (exit 0).
    if args.out is not None and among_sources(args.site.resolve(), args.out.resolve()):
        print(
            f"gkml: 报告不能写入 {args.out}：那是网站的源文件（content/、templates/ 之内或 "
            f"catalog.yml），会被覆盖；请换一个文件名，如 {args.report}.md "
            f"(a report cannot be written to {args.out}: it is one of the site's sources, in "
            f"content/ or templates/ or catalog.yml, and would be overwritten)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    today = today_in_china()
    if args.report == "inspection":
        as_of: date = args.as_of or today
        loaded = _load(args.site, max(today, as_of))
        if isinstance(loaded, int):
            return loaded
        result = inspect_site(loaded, as_of=as_of)
        blocks = inspection_blocks(result)
        extra = {"passed": result.passed, "verdict": verdict_line(result)}
        _emit(args, _title(blocks), blocks, result, extra)
        failed = not result.passed or (args.strict and bool(result.findings))
        return EXIT_PROBLEMS if failed else EXIT_OK
    loaded = _load(args.site, today)
    if isinstance(loaded, int):
        return loaded
    if _content_errors(loaded):
        return EXIT_PROBLEMS
    assert loaded.site is not None  # not config_broken
    site = loaded.site
    if args.report == "timeliness":
        lags = timeliness_of(site.config, site.items, year=args.year)
        blocks = timeliness_blocks(lags, site_title=site.config.site.title)
        late = {
            "late": [i.index_no for i in lags.late],
            "late_interpretations": [i.index_no for i in lags.late_interpretations],
        }
        _emit(args, _title(blocks), blocks, lags, late)
        return EXIT_OK
    if args.year > today.year:
        # a re-walk: --year 2027 in 2026 said 2027年尚未结束
        print(
            f"gkml: {args.year}年还没有开始，没有数字；今年是 {today.year} 年 "
            f"({args.year} has not begun)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    items: Sequence[Item] = site.items
    issuer: str | None = None
    if args.issuer is not None:
        found = _issuer(site.config, args.issuer)
        if found is None:
            names = "、".join(i.name for i in site.config.issuers)
            print(
                f"gkml: catalog.yml 中没有发布机构 {args.issuer}；可写的名称：{names}，或它们的代码 "
                f"(no issuer {args.issuer!r} in catalog.yml: write one of its names or codes)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        items, whole = reported_items(site.config, items, found)
        issuer = None if whole else found
    annual = annual_reports(site.config, items, years=(args.year,), issuer=issuer)[0]
    blocks = annual_blocks(annual, site_title=site.config.site.title, as_of=today)
    over = today >= date(args.year, 12, 31)
    extra = {"balanced": annual.balanced, "as_of": today.isoformat(), "year_over": over}
    _emit(args, _title(blocks), blocks, annual, extra)
    return EXIT_OK
