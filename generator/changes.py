"""Changes since a git ref: the files `gkml check --changed-since` reports on, and `gkml diff`.

Both compare with the merge base of the ref and HEAD, as a pull request does: commits made on
the base branch after the branch point are not this change's doing.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from generator.content import Site, content_files, load_site
from generator.dates import date_argument, today_in_china
from generator.diagnostics import Diagnostic
from generator.gitrepo import GitError, GitRepo
from generator.stamp import CACHE_DIR, CONFIG_FILE, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR

_P = TypeVar("_P", bound=argparse.ArgumentParser)  # gkml's own parser class

EXIT_OK = 0
EXIT_BACKDATED = 1
EXIT_USAGE = 2
DEFAULT_BACKDATE_DAYS = 3

_INDEX_LINE = re.compile(r"^(?:index_no|索引号)\s*[:：]\s*(.+?)\s*$", re.MULTILINE)
_DISCLOSURE_LINE = re.compile(
    r"^(?:disclosure|公开属性|公开方式)\s*[:：]\s*(.*?)\s*$", re.MULTILINE
)
# An attachment's file, in a block or a flow mapping (`file: files/a.pdf`, `{file: …, …}`).
_FILE_VALUE = re.compile(r"\bfile\s*:\s*[\"']?([^,}\"'\n]+)")


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The site files changed since the merge base of a ref and HEAD, work tree included."""

    base: str  # the merge-base commit
    items: frozenset[str]  # content/**/*.md added, modified or renamed to
    removed: frozenset[str]  # content/**/*.md deleted or renamed from
    other: frozenset[str]  # other files under content/ (attachments) changed or deleted
    config_changed: bool  # catalog.yml changed: every file must be checked again


def changed_paths(site_root: Path, ref: str) -> ChangeSet:
    """Return the content files changed since *ref*; raise GitError for a bad ref or no git.

    Counts the commits from the merge base of *ref* and HEAD to HEAD, staged and unstaged
    changes, and untracked files that are not ignored.
    """
    repo = GitRepo.of(site_root)
    base = repo.merge_base(repo.commit(ref), repo.head())
    touched = repo.touched(base, None, [CONTENT_DIR, CONFIG_FILE])

    def is_item(path: str) -> bool:
        return path.startswith(f"{CONTENT_DIR}/") and path.endswith(".md")

    everything = touched.present | touched.gone
    return ChangeSet(
        base=base,
        items=frozenset(p for p in touched.present if is_item(p)),
        removed=frozenset(p for p in touched.gone if is_item(p)),
        other=frozenset(
            p for p in everything if p.startswith(f"{CONTENT_DIR}/") and not is_item(p)
        ),
        config_changed=CONFIG_FILE in everything,
    )


def selected_for_check(site: Path, ref: str) -> set[str] | None:
    """Return the files `gkml check --changed-since REF` reports on; None means every file.

    Beside the changed items: the items that name an index_no a changed or deleted item had
    before (their interprets/related/replaced_by may now point nowhere), the items that name
    a changed or deleted attachment, and, when an item's disclosure changed, the files that
    name it, its file or its attachments (a reviewer's walk: an item made 不予公开 left GK213
    and GK215 in the files naming it, and GK210 in a body linking its attachment, unreported
    until the build failed). With catalog.yml changed, every file is checked.
    Raises GitError for a bad ref or when *site* is not in a git repository.
    """
    changes = changed_paths(site, ref)
    if changes.config_changed:
        return None
    chosen = set(changes.items)
    # A changed file of content/static/ is published at the root: its own checks (GK128-130,
    # GK214) are reported at it.
    chosen |= {p for p in changes.other if p.startswith(f"{CONTENT_DIR}/{STATIC_DIR}/")}
    needles: set[str] = {Path(p).name for p in changes.other}
    repo = GitRepo.of(site)
    for path in sorted(changes.items | changes.removed):  # a new file has no old blob
        old = repo.blob(changes.base, path)
        if old is None:
            continue
        now = (site / path).read_bytes() if path in changes.items else None
        if now is not None and _disclosure(now) != _disclosure(old):
            # Who names it may now name what the site hides: by its index_no, its attachments'
            # names or its own file name (a body's link).
            needles.update(_names(now))
            needles.add(Path(path).name)
        before = _declared_index(old)
        if before is None:
            continue
        if now is not None and _declared_index(now) == before:
            continue  # same index_no: what names it still finds it
        needles.add(before)
    if needles:
        for rel, _is_page in content_files(site):
            if rel in chosen:
                continue
            text = (site / rel).read_bytes().decode("utf-8", "replace")
            if any(needle in text for needle in needles):
                chosen.add(rel)
    return chosen


def _declared(line: re.Pattern[str], data: bytes) -> str | None:
    """Return the value the first *line* of *data* gives a field, unquoted."""
    found = line.search(data.decode("utf-8", "replace"))
    return found.group(1).strip("\"'") if found else None


def _declared_index(data: bytes) -> str | None:
    return _declared(_INDEX_LINE, data)


def _disclosure(data: bytes) -> str | None:
    return _declared(_DISCLOSURE_LINE, data)


def _names(data: bytes) -> set[str]:
    """Return what another file names an item by: its index_no, and its attachments' file
    names (a body links them; the item's own file name is added by the caller)."""
    text = data.decode("utf-8", "replace")
    found = {Path(m.group(1).strip()).name for m in _FILE_VALUE.finditer(text)}
    index_no = _declared_index(data)
    if index_no:
        found.add(index_no)
    return {name for name in found if name}


def add_changed_since_option(check: argparse.ArgumentParser) -> None:
    """Add `--changed-since REF` to the `gkml check` parser."""
    check.add_argument(
        "--changed-since",
        metavar="REF",
        default=None,
        help=(
            "只报告自 git 提交 REF（与 HEAD 的共同祖先）以来改动的文件及与之相关的跨文件问题"
            " (only report files changed since git REF, and cross-file problems involving them)"
        ),
    )


def _days_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"“{text}” 应为不小于 0 的整数天数 (must be a whole number of days, 0 or more)"
        )
    return value


def register(commands: argparse._SubParsersAction[_P]) -> None:
    """Add the `diff` command to gkml's sub-commands."""
    diff = commands.add_parser(
        "diff",
        help="本次修改对公开网站的影响 (what a change does to the public site)",
        description=(
            "比较 BASE 与 HEAD（默认为工作区）的公开目录：新增、删除、修改的信息，效力状态和"
            "公开属性的变化，变为空白的栏目，疑似倒签的发布日期；输出 Markdown，可直接用作"
            "拉取请求的评论。发现疑似倒签时退出码为 1。"
            " (Compare the catalog at BASE with HEAD, the work tree by default, as Markdown for"
            " a pull request. Exit code 1 when a publication date looks back-dated.)"
        ),
    )
    diff.add_argument(
        "base",
        metavar="BASE",
        help="比较的基准，如 origin/main；实际与它和 HEAD 的共同祖先比较 (base ref; its merge base with HEAD is compared)",
    )
    diff.add_argument(
        "head",
        metavar="HEAD",
        nargs="?",
        default=None,
        help="要比较的提交，默认为工作区 (head ref; default: the work tree)",
    )
    diff.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
    diff.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="输出格式：markdown 供审核人阅读（也是拉取请求中的评论），json 供程序使用"
        " (markdown for the reviewer and the pull request's comment; json for programs)",
    )
    diff.add_argument(
        "--backdate-days",
        type=_days_arg,
        default=DEFAULT_BACKDATE_DAYS,
        metavar="N",
        help=(
            "发布日期早于最早上网日（首次提交之日或本次检查之日，取较晚者）超过 N 天即提示疑似倒签，"
            "默认 3 (flag items dated more than N days before the first day they can be online: "
            "the later of the commit that added them and the day of the check; default 3)"
        ),
    )
    diff.add_argument(
        "--as-of",
        type=date_argument,
        default=None,
        help="以该日为“今天” YYYY-MM-DD (the date the catalog is seen on; default today)",
    )
    diff.set_defaults(run=run_diff)


def _empty_site(root: Path, like: Site | None) -> Site | None:
    """Return a site with no items, configured as *like*, or None without *like*."""
    return None if like is None else Site(root, like.config, (), ())


def run_diff(args: argparse.Namespace) -> int:
    """Run `gkml diff`; return 0, 1 when back-dating is flagged, 2 on usage or git errors."""
    # Here, not at the top: `gkml build` imports this module to list the command (0.1 s of
    # imports that every gkml command paid).
    from generator.diffreport import Revisions, format_json, format_markdown
    from generator.sitediff import compare

    site: Path = args.site
    if not site.is_dir():
        print(f"gkml: 网站目录 {site} 不存在 (site folder {site} does not exist)", file=sys.stderr)
        return EXIT_USAGE
    now = today_in_china()
    as_of: date = args.as_of or now
    try:
        repo = GitRepo.of(site)
        base_commit = repo.commit(args.base)
        head_commit = repo.commit(args.head) if args.head is not None else repo.head()
        base = repo.merge_base(base_commit, head_commit)
        if base == head_commit and base != base_commit:
            # What head adds to the base's history is nothing: the base has moved on.
            head_name = args.head or "HEAD"
            print(
                f"gkml: 注意：{args.base} 比 {head_name} 新（{head_name} 是它的祖先），"
                f"而比较的是 {head_name} 相对共同祖先的改动，所以没有变化；两个参数是否写反了？"
                f" (note: {args.base} is ahead of {head_name}, and the comparison shows what "
                f"{head_name} adds since their merge base: nothing. Were the two swapped?)",
                file=sys.stderr,
            )
        import tempfile  # here: every gkml command imports this module (for its arguments)

        with tempfile.TemporaryDirectory(prefix="gkml-diff-") as tmp:
            exported = (CONFIG_FILE, CONTENT_DIR, TEMPLATES_DIR)
            old_root = repo.export(base, Path(tmp) / "base", exported)
            new_root = (
                repo.site
                if args.head is None
                else repo.export(head_commit, Path(tmp) / "head", exported)
            )
            # Every file checked, as `gkml check` would: the summary lists what the check says
            # of the files the change touches (a dead link is a warning, and the PR was green).
            # The work tree's read cache, as `gkml check` keeps it (an exported commit has none).
            cache = new_root / CACHE_DIR if args.head is None else None
            # --as-of a past day: a date since then is no error (GK104), as `gkml check` and
            # `gkml build` with it say; only a date after the real today is
            loaded = load_site(new_root, today=as_of, latest=now, cache=cache)
            new = loaded.site
            old = (
                load_site(old_root, today=as_of, latest=now, only=()).site
                if (old_root / CONFIG_FILE).is_file()
                else _empty_site(old_root, new)  # the change creates the site
            )
            if old is None or new is None:
                zh, en = (f"“{args.head}”", args.head) if args.head else ("工作区", "the work tree")
                if new is not None:
                    zh, en = f"“{args.base}”", args.base
                if new is None and not (new_root / CONFIG_FILE).is_file():
                    print(
                        f"gkml: {zh}中找不到 catalog.yml：请在网站的根文件夹中运行，或用 --site "
                        f"指定网站文件夹 (no catalog.yml in {en}: run gkml diff in the site's "
                        "root folder, or give it with --site)",
                        file=sys.stderr,
                    )
                    return EXIT_USAGE
                print(
                    f"gkml: {zh}的 catalog.yml 有误，无法比较；请先运行 gkml check"
                    f" (catalog.yml at {en} is broken; run gkml check)",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            added_on = repo.first_added(base, head_commit, CONTENT_DIR)
            diff = compare(
                old,
                new,
                as_of=as_of,
                added_on=added_on,
                backdate_days=args.backdate_days,
            )
            touched = diff.touched()
            reported: frozenset[str] | None = touched  # None: every file's problems
            if args.head is None:
                # And what `check --changed-since` reports beside them, so that the summary
                # and the red check agree (a reviewer's walk: an item naming a deleted one
                # failed the check with GK204 while the summary counted 0 problems).
                beside = selected_for_check(site, args.base)
                reported = None if beside is None else touched | beside
            diff = dataclasses.replace(
                diff,
                problems=tuple(
                    sorted(
                        (d for d in loaded.diagnostics if reported is None or d.file in reported),
                        key=Diagnostic.sort_key,
                    )
                ),
            )
    except GitError as exc:
        print(f"gkml: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    revisions = Revisions(
        args.base, base, args.head, head_commit if args.head is not None else None, base_commit
    )
    if args.format == "json":
        print(format_json(diff, revisions))
    else:
        print(format_markdown(diff, revisions), end="")
    return EXIT_BACKDATED if diff.backdated else EXIT_OK
