"""The git repository a site lives in, read through the real `git` command line.

Every path given to or returned by a `GitRepo` is relative to the site root (POSIX), even
when the site is a sub-folder of the repository.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.dates import CHINA

if TYPE_CHECKING:
    import tarfile


class GitError(Exception):
    """git failed, or a ref does not name a commit; the message is in Chinese and English."""

    def __init__(self, zh: str, en: str, detail: str = "") -> None:
        self.zh = zh
        self.en = en
        self.detail = detail.strip()
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.zh} ({self.en})"
        return f"{text}\n    git: {self.detail}" if self.detail else text


def _as_data(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """Return *member* of a commit's archive as the standard "data" extraction filter lets it
    through, for a Python without the filters (before 3.11.4): a name inside the folder it is
    extracted to, no set-user-ID, set-group-ID or sticky bit, no write bit for the group or
    others. Passing the filter there, `gkml diff` failed on every call with a TypeError (a
    run of the suite on Debian 12's own Python, 3.11.2, the pull-request workflow's)."""
    name = member.name
    if name.startswith("/") or ".." in PurePosixPath(name).parts:
        raise GitError(
            f"提交的归档中有不安全的路径“{name}”，已停止",
            f"the commit's archive holds an unsafe path, {name!r}: stopped",
        )
    member.mode &= 0o755
    return member


@dataclass(frozen=True, slots=True)
class Touched:
    """The paths a diff reports: *present* were added, modified or renamed to; *gone* deleted."""

    present: frozenset[str]
    gone: frozenset[str]


def _run(cwd: Path, args: Sequence[str], *, given: bytes | None = None) -> bytes:
    """Return git's standard output (*given* on its standard input); raise GitError when git
    is missing or fails."""
    import subprocess  # here: `gkml build` imports this module and never runs git

    command = ["git", "-c", "core.quotepath=off", *args]
    try:
        done = subprocess.run(command, cwd=cwd, input=given, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError(
            "找不到 git 命令，请先安装 git", "the git command was not found; install git"
        ) from exc
    if done.returncode != 0:
        raise GitError(
            f"git 命令失败：git {' '.join(args)}",
            f"git failed: git {' '.join(args)}",
            done.stderr.decode("utf-8", "replace"),
        )
    return done.stdout


def _text(cwd: Path, args: Sequence[str]) -> str:
    return _run(cwd, args).decode("utf-8", "replace").strip()


_BRANCHES_SHOWN = 10  # of a repository's branches, in the message of a base not found


@dataclass(frozen=True, slots=True)
class GitRepo:
    """A site folder inside a git work tree."""

    site: Path  # the site root, absolute
    top: Path  # the repository's top folder, absolute
    prefix: str  # the site root relative to *top*, "" or ending in "/"

    @classmethod
    def of(cls, site: Path) -> GitRepo:
        """Return the repository that holds *site*; raise GitError when there is none."""
        site = site.resolve()
        try:
            top = _text(site, ["rev-parse", "--show-toplevel"])
        except GitError as exc:
            raise GitError(
                f"网站目录 {site} 不在 git 仓库中",
                f"the site folder {site} is not inside a git repository",
                exc.detail,
            ) from exc
        prefix = _text(site, ["rev-parse", "--show-prefix"])
        return cls(site, Path(top).resolve(), prefix)

    def commit(self, ref: str) -> str:
        """Return the full commit id *ref* names; raise GitError naming *ref* when none."""
        if ref.startswith("-"):  # never let a ref be read as an option
            raise self._bad_ref(ref, "")
        try:
            return _text(self.site, ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"])
        except GitError as exc:
            if not self._has_commits():
                raise GitError(
                    "本仓库还没有任何提交；请先提交（git commit）再比较",
                    "the repository has no commits yet: commit first, then compare",
                    exc.detail,
                ) from exc
            raise self._bad_ref(ref, exc.detail, *self._branches()) from exc

    def _branches(self) -> tuple[list[str], int]:
        """Return the branches here, at most ten and how many more: what a mistyped base
        could have been (an editor's walk: `gkml diff main` where `git init` made `master`).
        main, master and the current branch first, theirs of the remotes next, the rest
        after: cut at ten in the order git lists them, main and origin/* had gone (a
        re-walk with twelve branches b1…b12)."""
        try:
            listed = _text(
                self.site,
                ["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes"],
            )
        except GitError:
            return [], 0
        try:
            current = _text(self.site, ["symbolic-ref", "--quiet", "--short", "HEAD"])
        except GitError:
            current = ""  # a detached head
        branches = [b for b in listed.splitlines() if b and not b.endswith("/HEAD")]
        first = ("main", "master", current)

        def rank(branch: str) -> int:
            if branch in first:
                return first.index(branch)
            name = branch.split("/", 1)[-1]  # origin/main: main's
            return len(first) + first.index(name) if name in first else 2 * len(first)

        ordered = sorted(branches, key=rank)  # stable: git's order within each rank
        return ordered[:_BRANCHES_SHOWN], max(0, len(ordered) - _BRANCHES_SHOWN)

    def _has_commits(self) -> bool:
        try:
            _text(self.site, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        except GitError:
            return False
        return True

    def _shallow(self) -> bool:
        try:
            return _text(self.site, ["rev-parse", "--is-shallow-repository"]) == "true"
        except GitError:
            return False

    @staticmethod
    def _bad_ref(ref: str, detail: str, branches: Sequence[str] = (), more: int = 0) -> GitError:
        if branches:
            named = "、".join(branches) + (f" 等另外 {more} 个" if more else "")
            listed = ", ".join(branches) + (f" and {more} more" if more else "")
            return GitError(
                f"“{ref}” 不是本仓库中的提交、分支或标签；本仓库的分支有：{named}。"
                "在 CI 中请用 fetch-depth: 0 取回完整历史",
                f'"{ref}" is not a commit, branch or tag of this repository; its branches: '
                f"{listed}. In CI, check out with fetch-depth: 0",
                detail,
            )
        return GitError(
            f"“{ref}” 不是本仓库中的提交、分支或标签；在 CI 中请用 fetch-depth: 0 取回完整历史",
            f'"{ref}" is not a commit, branch or tag of this repository; '
            "in CI, check out with fetch-depth: 0",
            detail,
        )

    def merge_base(self, a: str, b: str) -> str:
        """Return the newest common ancestor of commits *a* and *b*."""
        try:
            return _text(self.site, ["merge-base", a, b])
        except GitError as exc:
            if self._shallow():  # the ancestor is there, only not fetched (actions/checkout)
                raise GitError(
                    f"找不到 {a[:12]} 与 {b[:12]} 的共同祖先提交：本仓库是浅克隆，历史不全；"
                    "在 CI 中请用 fetch-depth: 0 取回完整历史（或运行 git fetch --unshallow）",
                    f"no common ancestor of {a[:12]} and {b[:12]} in this shallow clone: in CI, "
                    "check out with fetch-depth: 0 (or run git fetch --unshallow)",
                    exc.detail,
                ) from exc
            raise GitError(
                f"{a[:12]} 与 {b[:12]} 没有共同的祖先提交",
                f"{a[:12]} and {b[:12]} have no common ancestor",
                exc.detail,
            ) from exc

    def head(self) -> str:
        """Return the commit checked out in the work tree."""
        return self.commit("HEAD")

    def touched(self, base: str, head: str | None, paths: Sequence[str]) -> Touched:
        """Return what changed under *paths* from commit *base* to *head*.

        With *head* None the work tree counts: committed, staged and unstaged changes and
        untracked files (not ignored ones).
        """
        args = ["diff", "--relative", "--name-status", "-z", "-M", base]
        if head is not None:
            args.append(head)
        tokens = (
            _run(self.site, [*args, "--", *paths]).decode("utf-8", "surrogateescape").split("\0")
        )
        present: set[str] = set()
        gone: set[str] = set()
        i = 0
        while i < len(tokens) - 1:
            status = tokens[i]
            if status[:1] in ("R", "C"):
                if status[0] == "R":
                    gone.add(tokens[i + 1])
                present.add(tokens[i + 2])
                i += 3
                continue
            (gone if status == "D" else present).add(tokens[i + 1])
            i += 2
        if head is None:
            others = _run(
                self.site, ["ls-files", "-z", "--others", "--exclude-standard", "--", *paths]
            )
            present.update(p for p in others.decode("utf-8", "surrogateescape").split("\0") if p)
        return Touched(frozenset(present), frozenset(gone))

    def first_added(self, base: str, head: str, under: str) -> dict[str, date]:
        """Return, per path under *under*, the day (China time) of the commit that added it.

        The commit's author date: the day it was first made, which `git commit --amend`, a
        rebase and GitHub's "Update branch" keep (they set the committer date to the day they
        run, and a pull request checked again a week later was flagged as back-dated).

        Only commits after *base* up to *head* count; a renamed file keeps the day its first
        name was added.
        """
        tokens = (
            _run(
                self.site,
                [
                    "log",
                    "--reverse",
                    "--relative",
                    "-z",
                    "-M",
                    "--name-status",
                    "--format=%x01%at",
                    f"{base}..{head}",
                    "--",
                    under,
                ],
            )
            .decode("utf-8", "surrogateescape")
            .split("\0")
        )
        added: dict[str, date] = {}
        day: date | None = None
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip("\n")
            if token.startswith("\x01"):
                day = datetime.fromtimestamp(int(token[1:]), CHINA).date()
                i += 1
                continue
            if day is None or not token:
                i += 1
                continue
            if token[0] in ("R", "C") and i + 2 < len(tokens):
                old, new = tokens[i + 1], tokens[i + 2]
                added.setdefault(new, added.get(old, day))
                i += 3
                continue
            if token == "A" and i + 1 < len(tokens):
                added.setdefault(tokens[i + 1], day)
            i += 2
        return added

    def tree(self, commit: str, paths: Sequence[str]) -> dict[str, str]:
        """Return site-root path → blob id of the files under *paths* in *commit* (a name
        that is not UTF-8 is decoded with surrogateescape, as os.fsdecode does)."""
        wanted = [f"{self.prefix}{p}" for p in paths]
        data = _run(self.top, ["ls-tree", "-r", "-z", commit, "--", *wanted])
        found: dict[str, str] = {}
        for record in data.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, path = record.partition("\t")
            fields = meta.split()
            if len(fields) == 3 and fields[1] == "blob" and path.startswith(self.prefix):
                found[path[len(self.prefix) :]] = fields[2]
        return found

    def hashes(self, paths: Sequence[str]) -> list[str]:
        """Return the blob id `git add` would give each file of the work tree at *paths*
        (site-root paths, through the repository's filters: line ends as configured)."""
        if not paths:
            return []
        # Read from the top of the work tree, whatever the folder it runs in.
        listed = "\n".join(f"{self.prefix}{p}" for p in paths) + "\n"
        given = listed.encode("utf-8", "surrogateescape")
        return _run(self.top, ["hash-object", "--stdin-paths"], given=given).decode().split()

    def blob(self, commit: str, path: str) -> bytes | None:
        """Return the bytes of *path* in *commit*, or None when it is not there."""
        try:
            return _run(self.top, ["cat-file", "blob", f"{commit}:{self.prefix}{path}"])
        except GitError:
            return None

    def export(self, commit: str, dest: Path, paths: Iterable[str]) -> Path:
        """Write *paths* (files or folders) as they are in *commit* under *dest*; return the site.

        Symbolic links are left out: the build never publishes them.
        """
        wanted = [f"{self.prefix}{p}" for p in paths]
        listed = _text(self.top, ["ls-tree", "--name-only", commit, "--", *wanted])
        existing = [p for p in listed.splitlines() if p]
        site = dest / self.prefix if self.prefix else dest
        site.mkdir(parents=True, exist_ok=True)
        if not existing:
            return site
        import tarfile  # here: only `gkml diff` exports a commit

        data = _run(self.top, ["archive", "--format=tar", commit, "--", *existing])
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            members = [m for m in archive.getmembers() if m.isfile() or m.isdir()]
            if hasattr(tarfile, "data_filter"):
                archive.extractall(dest, members=members, filter="data")
            else:  # Python 3.11.0–3.11.3 (Debian 12's 3.11.2) has no extraction filters
                archive.extractall(dest, members=[_as_data(m) for m in members])
        return site
