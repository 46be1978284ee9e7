"""Where a package came from: the site repository's commit, and what the package holds that
the commit does not.

An archive walk: a disc made from an edited work tree named no commit, so nobody could say
later which state of the repository it holds, or make it again. The commit is compared with
the files the build used (the Markdown it read, the attachments and linked files, the files
of content/static/, catalog.yml and templates/), byte for byte through git's own hashing: a
file git ignores, marks assume-unchanged or leaves out of a sparse checkout counts as what it
is, and a stray file the site never used (Thumbs.db) does not count.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import printable
from generator.stamp import CONFIG_FILE, CONTENT_DIR, TEMPLATES_DIR

NOT_IN_GIT = ("网站目录不在 git 仓库中", "the site folder is not in a git repository")


@dataclass(frozen=True, slots=True)
class SourceVersion:
    """The commit a package was made from ('' when none is recorded, and why), the site's
    folder in that repository, and the inputs the commit does not hold as they were used."""

    commit: str
    uncommitted: tuple[str, ...] = ()
    folder: str = ""  # the site's folder in the repository ("" at its top)
    why_zh: str = ""  # why no commit is recorded
    why_en: str = ""

    def described(self) -> str:
        """Return the commit as the transfer list gives it: with how many changes it lacks,
        or why there is none."""
        if not self.commit:
            return f"未记录：{self.why_zh}"
        where = f"（网站在仓库的 {self.folder} 文件夹中）" if self.folder else ""
        if not self.uncommitted:
            return f"{self.commit}{where}"
        return (
            f"{self.commit}{where}（另有 {len(self.uncommitted)} 个文件与此提交不同，"
            "见 bag-info.txt 的 Source-Uncommitted-File）"
        )

    def bag_info(self, most: int = 1000) -> list[tuple[str, str]]:
        """Return the bag-info.txt fields that name the commit, the site's folder in the
        repository, and each file that differs from it (one field a file, *most* of them)."""
        if not self.commit:
            return [("Source-Commit-Note", f"未记录提交 (no commit recorded): {self.why_en}")]
        fields = [("Source-Commit", self.commit)]
        if self.folder:
            fields.append(("Source-Folder", self.folder))
        if self.uncommitted:
            fields.append(("Source-Uncommitted-Changes", str(len(self.uncommitted))))
            fields += [("Source-Uncommitted-File", printable(p)) for p in self.uncommitted[:most]]
            if len(self.uncommitted) > most:
                more = len(self.uncommitted) - most
                fields.append(("Source-Uncommitted-File", f"… 另有 {more} 个 ({more} more)"))
        return fields


def source_version(root: Path, used: Collection[str]) -> SourceVersion:
    """Return the commit checked out where the site *root* lives, and which of the files
    *used* (site-root paths; catalog.yml and templates/ are added) it does not hold as they
    are, and which of its Markdown and template files are gone from the work tree."""
    from generator.gitrepo import GitError, GitRepo

    # The reasons name no folder: bag-info.txt is the same on any machine.
    try:
        repo = GitRepo.of(root)
    except GitError as exc:
        if exc.zh.startswith("找不到 git"):
            return SourceVersion(
                "", why_zh="找不到 git 命令", why_en="the git command was not found"
            )
        if "safe.directory" in exc.detail or "dubious ownership" in exc.detail:
            return SourceVersion(
                "",
                why_zh="git 拒绝读取这个仓库：它的所有者不是当前用户（见 git 的 safe.directory 设置）",
                why_en="git refuses to read the repository, owned by another user (see git's"
                " safe.directory)",
            )
        return SourceVersion("", why_zh=NOT_IN_GIT[0], why_en=NOT_IN_GIT[1])
    try:
        head = repo.head()
        tops = {CONFIG_FILE, CONTENT_DIR, TEMPLATES_DIR, *(u.split("/", 1)[0] for u in used)}
        tree = repo.tree(head, sorted(tops))
    except GitError:
        return SourceVersion(
            "", why_zh="仓库还没有任何提交", why_en="the repository has no commits yet"
        )
    if CONFIG_FILE not in tree:
        return SourceVersion(
            "",
            why_zh="所在仓库的提交中没有这个网站的 catalog.yml：网站不由这个仓库保存",
            why_en="the commits of the repository it lies in hold no catalog.yml of this site:"
            " the repository does not keep it",
        )
    try:
        files = sorted({CONFIG_FILE, *used, *_templates(root)})
        files = [f for f in files if (root / f).is_file()]
        now = dict(zip(files, repo.hashes(files), strict=True))
    except (GitError, ValueError) as exc:
        zh, en = (exc.zh, exc.en) if isinstance(exc, GitError) else ("git 的回答无法读懂", str(exc))
        return SourceVersion("", why_zh=zh, why_en=en)
    changed = {f for f, blob in now.items() if tree.get(f) != blob}
    gone = {
        f
        for f in tree
        if f not in now
        and not (root / f).is_symlink()
        and not (root / f).exists()
        and (f.endswith(".md") or f.startswith(f"{TEMPLATES_DIR}/") or f == CONFIG_FILE)
    }
    return SourceVersion(head, tuple(sorted(changed | gone)), repo.prefix.rstrip("/"))


def _templates(root: Path) -> list[str]:
    """Return the files of the site's own templates/ (site-root paths), hidden ones left out."""
    found: list[str] = []
    for folder, folders, names in os.walk(root / TEMPLATES_DIR):
        folders[:] = [f for f in folders if not f.startswith(".")]
        base = Path(folder).relative_to(root).as_posix()
        found += [f"{base}/{name}" for name in names if not name.startswith(".")]
    return found
