"""The `gkml` command line: init, check, new, build, serve, diff, report, archive, verify."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.archivecommand import register as register_archive
from generator.build import (
    PATCHED_NOTE,
    BuildError,
    BuildStats,
    build_site,
    terminal_progress,
)
from generator.changes import add_changed_since_option, run_diff, selected_for_check
from generator.changes import register as register_diff
from generator.config import load_config
from generator.content import load_site
from generator.dates import date_argument, today_in_china
from generator.diagnostics import (
    Diagnostic,
    format_github,
    format_human,
    format_json,
    summary_line,
)
from generator.gitrepo import GitError
from generator.launcher import EXIT_INTERRUPTED, UNCHANGED, interrupted, output_lost
from generator.outputtree import file_in_the_way, leads_round, stopped
from generator.report import register as register_report
from generator.report import run_report
from generator.stamp import CACHE_DIR, Look
from generator.suggestion import did_you_mean
from generator.themecopies import stale_copies, stale_note
from generator.usage import bilingual
from generator.yamlnodes import control_character

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"gkml: 用法错误 (usage error): {bilingual(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class _Version(argparse.Action):
    """`gkml --version`: the version, and the fingerprint of the code that runs, which tells
    two builds of one version apart (an IT person's walk could not tell an upgrade had taken:
    the version stays 0.1.0 between releases). The archive's bag-info names the same."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from generator.stamp import code_fingerprint

        print(f"gkml {__version__} (code {code_fingerprint()[:12]})")  # stdout, as argparse's
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every gkml command."""
    parser = _Parser(prog="gkml", description="政府信息公开目录静态网站生成器 (gkml)")
    parser.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        help="显示版本和代码指纹 (version and code fingerprint)",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    init = commands.add_parser(
        "init",
        help="新建目录仓库的起始文件 (start a site repository)",
        description="写入新目录仓库所需的示例设置、固定页面、自动任务和审核清单；"
        "已有的文件不改动。(Write a new site repository's starting files; existing files "
        "are kept.)",
    )
    init.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
    init.add_argument(
        "--update-workflows",
        action="store_true",
        help="把与本版 gkml 不同的自动任务（.github/workflows/）换成本版的，用于升级 gkml 之后 "
        "(replace the workflows that differ from this gkml's: after an upgrade)",
    )

    check = commands.add_parser(
        "check",
        help="检查目录内容 (check the catalog)",
        description="检查 catalog.yml 和全部信息，列出所有问题及改法。(Check the catalog.)",
    )
    check.add_argument("paths", nargs="*", help="只报告这些文件或目录 (only report these)")
    check.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
    check.add_argument(
        "--format",
        choices=("human", "json", "github"),
        default="human",
        help="输出格式：human 是给人看的文字，json 供程序读取，github 供 GitHub 自动任务把问题标在"
        "出错的行上 (output: human text, json for programs, github annotations in a GitHub workflow)",
    )
    check.add_argument("--strict", action="store_true", help="警告也算失败 (fail on warnings)")
    check.add_argument(
        "--as-of",
        type=date_argument,
        default=None,
        help="以该日为“今天” YYYY-MM-DD (the date to check against)",
    )
    add_changed_since_option(check)

    build = commands.add_parser(
        "build",
        help="生成网站 (build the site)",
        description="检查后生成网站；有错误时不写任何文件。(Check, then build the site.)",
    )
    _site_options(build)
    _no_search_option(build)

    serve = commands.add_parser(
        "serve",
        help="生成、预览并自动刷新 (build, serve and watch)",
        description="生成网站并在本机预览，文件改变后自动重新生成并刷新。(Build, serve, watch.)",
    )
    _site_options(serve)
    _no_search_option(serve)
    serve.add_argument("--port", type=_port, default=8000, help="端口 (port, default 8000)")

    new = commands.add_parser(
        "new",
        help="新建一条目录信息 (create an item)",
        description="写出一个字段齐全、索引号已编好的新信息文件。(Create a new item file.)",
    )
    new.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
    new.add_argument("--title", required=True, help="标题 (title)")
    new.add_argument("--category", required=True, help="栏目 key (catalog key)")
    new.add_argument("--issuer", default=None, help="发布机构 (issuer; default: the first)")
    new.add_argument(
        "--date",
        type=date_argument,
        default=None,
        help="成文和发布日期，默认今天 (written and published; default today)",
    )
    register_diff(commands)
    register_report(commands)
    register_archive(commands)
    return parser


def _site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
    command.add_argument(
        "--out", type=_out_arg, default=None, help="输出目录，默认 site/ (output, default site/)"
    )
    command.add_argument(
        "--as-of",
        type=date_argument,
        default=None,
        help="按该日的目录生成 YYYY-MM-DD：那天已发布的信息和当天的效力状态；正文和公开指南等页面"
        "仍是现在的 (the catalog as it stood that day: which items, with that day's status; "
        "bodies and free pages are today's)",
    )
    command.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="并行进程数，默认为本机 CPU 核数 (worker processes; default: the CPU count)",
    )


def _out_arg(text: str) -> Path:
    """Return the output folder *text*. Refused here: a link that leads round to itself (the
    build resolving it stopped with a traceback), a file, and a path through a file (`gkml
    serve` stopped with a traceback; `gkml build --out README.md` put the site in its place)."""
    path = Path(text)
    if leads_round(path):
        raise argparse.ArgumentTypeError(
            f"“{text}” 是绕回自身的符号链接，请换一个输出目录"
            f" ({text!r} is a symbolic link that leads back to itself: give another folder)"
        )
    blocking = file_in_the_way(path)
    if blocking is not None:
        raise argparse.ArgumentTypeError(
            f"“{blocking}” 是一个文件，不是文件夹，请换一个输出目录"
            f" ({str(blocking)!r} is a file, not a folder: give another output folder)"
        )
    return path


def _no_search_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-search",
        dest="search_index",
        action="store_false",
        help="不生成搜索索引，用于快速预览 (skip the search index: a quick preview)",
    )


def _port(text: str) -> int:
    """Return a TCP port from 1 to 65535 (before a build that would end in a bind error)."""
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
        raise argparse.ArgumentTypeError(
            f"端口应为 1 到 65535 之间的整数，不能是 “{text}” (a port from 1 to 65535, not {text!r})"
        )
    return int(text)


def main(argv: Sequence[str] | None = None, *, look: Look | None = None) -> int:
    """Run gkml with *argv* and return the exit code. *look*: what `launcher` found of this
    build, for it to use instead of looking again."""
    args = build_parser().parse_args(argv)
    try:
        code = _run(args, look)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except KeyboardInterrupt:
        # Ctrl+C: a build cleans its staging folder as it stops, and the site before stays.
        interrupted()
        return EXIT_INTERRUPTED
    except OSError as exc:
        # The reader of the output went away (`gkml archive | head`), or it cannot be
        # written (`> /dev/full`): stop without a traceback.
        if output_lost(exc):
            return EXIT_PROBLEMS
        raise


def _run(args: argparse.Namespace, look: Look | None = None) -> int:
    if args.command == "init":
        return _init(args)
    if args.command == "check":
        return _check(args)
    if args.command in ("build", "serve") and args.as_of and args.as_of > today_in_china():
        # The check rejects an item dated after today (GK104), and a status is read as of
        # --as-of: a site "as it will stand" shows repeals before they take effect (a walk
        # followed the handbook's own 2062 for 2026 and the build went ahead into site/).
        print(
            f"gkml: --as-of {args.as_of.isoformat()} 在今天（{today_in_china().isoformat()}）"
            "之后：网站只能是今天或以前某一天的目录，请检查日期"
            f" (--as-of {args.as_of.isoformat()} is after today: a site is the catalog as it"
            " stands today or stood on a day before; check the date)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "build":
        return _build(args, look)
    if args.command == "serve":
        from generator.serve import serve

        out = args.out or args.site / "site"
        return serve(
            args.site,
            out,
            args.port,
            args.as_of,
            workers=args.jobs,
            search_index=args.search_index,
        )
    if args.command == "diff":
        return run_diff(args)
    if args.command == "report":
        return run_report(args)
    if args.command in ("archive", "verify"):
        return int(args.run(args))
    return _new(args)


def _build(args: argparse.Namespace, look: Look | None = None) -> int:
    site: Path = args.site
    if not site.is_dir():
        print(f"gkml: 网站目录 {site} 不存在 (site folder {site} does not exist)", file=sys.stderr)
        return EXIT_USAGE
    out: Path = args.out or site / "site"
    try:
        result = build_site(
            site,
            out,
            as_of=args.as_of,
            workers=args.jobs,
            progress=terminal_progress("渲染 rendering"),
            search_index=args.search_index,
            look=look,
        )
    except BuildError as exc:
        print(f"gkml: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the output folder or the build cache cannot be written
        done = ("未生成完网站。", "The build did not finish.")
        print(f"gkml: {stopped(exc, site, out, *done)}", file=sys.stderr)
        return EXIT_PROBLEMS
    load = result.load
    if load.diagnostics:
        _print(load.diagnostics, "human")
    for note in load.notes:
        print(note, file=sys.stderr)
    stale = stale_copies(site, site / CACHE_DIR)
    if stale:
        print(stale_note(stale), file=sys.stderr)
    if load.config_broken:
        print("catalog.yml 有误，未生成网站。(catalog.yml is broken; nothing built.)")
        return EXIT_USAGE
    if result.stats is None:
        print(
            f"有错误，未生成网站，{out} 保持不变。(Errors found: nothing built, {out} unchanged.)"
        )
        return EXIT_PROBLEMS
    if result.stats.unchanged:
        print(UNCHANGED.format(out=out))
    else:
        print(build_summary(result.stats, out))
    published = out.resolve() == (site / "site").resolve()  # given with --out too (a re-walk)
    if args.as_of and published and args.as_of < today_in_china():
        # A snapshot in the folder that is published (a lawyer's walk: one publish by habit
        # would put a months-old catalog online, documents repealed since shown in force).
        print(
            f"注意：{out} 现在是 {args.as_of.isoformat()} 那天的目录，不是今天的；发布前请不带"
            f" --as-of 重新运行 gkml build，查阅旧目录请用 --out 另写一个文件夹。"
            f"(Note: {out} now holds the catalog as it stood on {args.as_of.isoformat()}, not"
            " today's: run gkml build without --as-of before publishing, and give a snapshot"
            " its own folder with --out.)",
            file=sys.stderr,
        )
    return EXIT_OK


def build_summary(stats: BuildStats, out: Path) -> str:
    """Return the closing lines of a build: counts, seconds and peak memory per stage."""
    stages = "、".join(f"{name} {sec:.2f}s" for name, sec in stats.seconds.items())
    text = (
        f"已生成 {out}：{stats.items} 条信息，{stats.pages} 个页面"
        f"（本次渲染 {stats.rendered} 个，写入 {stats.written} 个文件，删除 {stats.removed} 个）。\n"
        f"(Built {out}: {stats.items} items, {stats.pages} pages; rendered {stats.rendered}, "
        f"wrote {stats.written} files, removed {stats.removed}; {stats.files} files in all.)\n"
        f"用时 (seconds): {stages}"
    )
    if stats.peak_mib:
        peaks = "、".join(f"{name} {mib}" for name, mib in stats.peak_mib.items())
        text += f"\n内存峰值，至各阶段结束 (peak memory so far, MiB): {peaks}"
    if stats.patched:
        text += f"\n{PATCHED_NOTE}"
    return text


class _UsageError(Exception):
    """A command line that names something that is not there."""


def _selected(site: Path, paths: Sequence[str]) -> set[str] | None:
    if not paths:
        return None
    root = site.resolve()
    chosen: set[str] = set()
    for raw in paths:
        target = Path(raw).resolve()
        if not target.exists() and not Path(raw).is_absolute():
            target = (root / raw).resolve()  # a path written relative to --site
        if not target.exists():
            raise _UsageError(f"gkml: 找不到 {raw} (no such file or folder: {raw})")
        if not target.is_relative_to(root):
            raise _UsageError(
                f"gkml: {raw} 不在网站目录 {site} 之内 (not inside the site folder {site})"
            )
        # Every file under a folder, not only its .md: a 通知.MD there is reported (GK015).
        files = [f for f in target.rglob("*") if f.is_file()] if target.is_dir() else [target]
        chosen.update(file.relative_to(root).as_posix() for file in files)
    return chosen


def _check(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not site.is_dir():
        print(f"gkml: 网站目录 {site} 不存在 (site folder {site} does not exist)", file=sys.stderr)
        return EXIT_USAGE
    now = today_in_china()
    today = args.as_of or now
    try:
        only = _selected(site, args.paths)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    if args.changed_since is not None:
        try:
            changed = selected_for_check(site, args.changed_since)
        except GitError as exc:
            print(f"gkml: {exc.message}", file=sys.stderr)
            return EXIT_USAGE
        if changed is not None:
            only = changed if only is None else only & changed
    # --as-of a past day: an item published since is no error (GK104), but a day the build
    # with that --as-of leaves out of its catalog; a date after the real today is one, as
    # the build says (a newcomer's walk: check failed where the build went ahead)
    result = load_site(site, today=today, latest=now, only=only)
    _print(result.diagnostics, args.format)
    if args.format == "human":
        for note in result.notes:
            print(note, file=sys.stderr)
    if result.config_broken:
        if args.format == "human":
            print("catalog.yml 有误，未检查内容。(catalog.yml is broken; content not checked.)")
        return EXIT_USAGE
    failed = result.has_errors or (args.strict and bool(result.diagnostics))
    return EXIT_PROBLEMS if failed else EXIT_OK


def _print(found: Sequence[Diagnostic], fmt: str) -> None:
    if fmt == "json":
        print(format_json(found))
        return
    if fmt == "github":
        for d in found:
            print(format_github(d))
        print(summary_line(found))
        return
    for d in found:
        print(format_human(d))
    print(summary_line(found))


_INIT_ACTIONS = {
    "created": "新建 (created)",
    "kept": "已有，未改动 (exists, kept)",
    "skipped": "网站已建立，不再写入示例 (the site is set up: no sample written)",
    "extended": "已有，补上了缺少的行 (exists, missing lines added)",
    "differs": "已有，与本版 gkml 的不同，未改动 (exists, differs from this gkml's: kept)",
    "updated": "已换成本版 gkml 的 (replaced by this gkml's)",
}


def _init(args: argparse.Namespace) -> int:
    from generator.starter import init_site

    site: Path = args.site
    if site.exists() and not site.is_dir():
        print(f"gkml: {site} 不是目录 (not a folder)", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = init_site(site, update_workflows=args.update_workflows)
    except OSError as exc:
        print(
            f"gkml: 无法写入 {exc.filename}：{exc.strerror} (cannot write {exc.filename})",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    width = max(len(w.path) for w in written)
    for w in written:
        print(f"{w.path.ljust(width)}  {_INIT_ACTIONS[w.action]}")
    if any(w.action == "differs" for w in written):
        print(
            "\n自动任务与本版 gkml 的不同（升级 gkml 之后常见）：运行 gkml init --update-workflows "
            "换成本版的；本单位改过的地方需要重新改。(Workflows differ from this gkml's, as after "
            "an upgrade: gkml init --update-workflows replaces them; redo your own edits.)"
        )
    if not any(w.path == "catalog.yml" and w.action == "created" for w in written):
        # A site set up already (init after an upgrade): its next steps are not a new site's.
        print(
            "\n网站已建立：只补上了缺少的自动任务和设置文件，示例设置和页面没有写入。"
            "(The site is set up: only missing workflows and files were added, no sample.)"
        )
        return EXIT_OK
    print(
        "\n下一步 (next):\n"
        "  1. 把 catalog.yml 和 content/pages/ 中的三个页面改成本单位的"
        " (make catalog.yml and the pages your bureau's own);\n"
        "  2. 运行 gkml check，改到没有错误为止 (run gkml check until it passes);\n"
        "  3. 用 gkml new 写第一条信息 (write the first item with gkml new)。\n"
        "详见使用手册“新建目录仓库” (see the handbook: docs/tasks/setup.md)。"
    )
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from generator.scaffold import SerialOverflow, create_item  # here: only `gkml new` writes

    site: Path = args.site
    config_result = load_config(site)
    if config_result.config is None:
        _print(config_result.diagnostics, "human")
        return EXIT_USAGE
    config = config_result.config
    issuer_name = args.issuer or config.issuers[0].name
    issuer = config.issuer_by_name.get(issuer_name)
    if issuer is None:
        zh, en = did_you_mean(issuer_name, config.issuer_by_name)
        print(f"gkml: 未知的发布机构 “{issuer_name}”{zh} (unknown issuer{en})", file=sys.stderr)
        return EXIT_USAGE
    if args.category not in config.nodes:
        zh, en = did_you_mean(args.category, config.nodes)
        keys = "、".join(config.nodes)
        print(
            f"gkml: 未知的栏目 “{args.category}”{zh}；可用：{keys} (unknown category{en})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    title = args.title.strip()
    control = control_character(title)
    if not title or "\n" in title or control:
        zh, en = (
            ("不能为空", "must not be empty") if not title else ("须为一行文字", "must be one line")
        )
        if control:
            code = f"U+{ord(control):04X}"
            zh = f"中有不可见的控制字符 {code}（多为从 Word 等复制来的），请删去"
            en = f"holds an invisible control character ({code}): delete it"
        print(f"gkml: 标题{zh} (the title {en})", file=sys.stderr)
        return EXIT_USAGE
    today = today_in_china()
    if args.date is not None and args.date > today:
        print(
            f"gkml: 日期 {args.date} 晚于今天（{today}），检查会报错（GK104）；请写今天或以前的日期 "
            f"(the date {args.date} is after today, {today}: the check would reject it, GK104)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    today = args.date or today
    try:
        created = create_item(
            site, config, title=title, issuer=issuer, category=args.category, today=today
        )
    except SerialOverflow as exc:
        print(
            f"gkml: {exc.rel} 的索引号 {exc.index_no} 之后的序号超出了 index_pattern 的位数；"
            f"请核对这个索引号是否写错（如把 0009 写成了 9999） (the serial after {exc.index_no}, "
            f"in {exc.rel}, does not fit the issuer's index_pattern: is that index number a typo?)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    except FileExistsError as exc:
        print(
            f"gkml: 文件已存在，未覆盖：{exc.filename} (file exists; not overwritten)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(
        created.path.relative_to(site).as_posix()
        if created.path.is_relative_to(site)
        else created.path
    )
    print(f"索引号 (index_no): {created.index_no}", file=sys.stderr)
    if args.issuer or len(config.issuers) == 1:
        print(f"发布机构 (issuer): {issuer.name}", file=sys.stderr)
    else:
        # A county walk: a township's notice was numbered and filed as the county
        # government's, the first issuer, with nothing said.
        print(
            f"发布机构 (issuer): {issuer.name}（没有写 --issuer，用了 catalog.yml 中的第一个；"
            f"不是它时，删去这个文件，加上 --issuer 再运行一次）"
            f" (no --issuer: the first issuer of catalog.yml; if it is not this one, delete the"
            " file and run again with --issuer)",
            file=sys.stderr,
        )
    return EXIT_OK
