"""`gkml check --changed-since`: the files changed since a git ref, in a real git repository.

`GitSite` (also used by test_diff.py) is a copy of the sample catalog in a fresh repository
with real commits and branches; git never reads the user's or the system's configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import RunGkml, item_text

from generator.changes import changed_paths, selected_for_check
from generator.content import load_site
from generator.gitrepo import GitError

SAMPLE = Path(__file__).parent.parent
AS_OF = "2026-12-01"  # the sample catalog is clean on this day
TODAY = date(2026, 12, 1)


class GitSite:
    """A sample site inside a git repository (*root* may be a sub-folder of the repository)."""

    def __init__(self, top: Path, subdir: str = "") -> None:
        self.top = top
        self.root = top / subdir if subdir else top
        self.root.mkdir(parents=True)
        shutil.copy(SAMPLE / "catalog.yml", self.root / "catalog.yml")
        shutil.copytree(SAMPLE / "content", self.root / "content")
        self.git("init", "-q", "-b", "main")
        self.commit("sample catalog", when="2026-01-10T09:00:00+08:00")

    def git(self, *args: str, when: str | None = None) -> str:
        env = dict(os.environ)
        if when is not None:
            env["GIT_AUTHOR_DATE"] = when
            env["GIT_COMMITTER_DATE"] = when
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=self.top,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str, *, when: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))

    def read(self, rel: str) -> str:
        return (self.root / rel).read_bytes().decode("utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def delete(self, rel: str) -> None:
        (self.root / rel).unlink()

    def site_path(self, rel: str) -> str:
        """Return *rel* (relative to the site) relative to the repository top, for git."""
        return (self.root / rel).relative_to(self.top).as_posix()


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> GitSite:
    return GitSite(tmp_path / "repo")


def new_item(index_no: str, published: str, **fields: str | None) -> str:
    return item_text(
        index_no=index_no, published=published, written=published, doc_no=None, **fields
    )


QIXI = "content/2026/hydj-qixi-fuwu-gonggao-2026.md"  # 640100-108/2026-00037
KUASHENG = "content/2024/hydj-kuasheng-tongban.md"  # 640100-108/2024-00038
CAIJIANG = "content/2024/xzcf-caijiang-jizhun.md"  # 640100-108/2024-00017
PINGGU_2024 = "content/2024/shzzpg-pinggu-jieguo-2024.md"  # 640100-108/2024-00041
PINGGU_2025 = "content/2025/shzzpg-pinggu-tongzhi-2025.md"  # related: [640100-108/2024-00041]
PINGGU_XLSX = "content/2024/files/shzz-pinggu-jieguo-2024.xlsx"


def test_committed_staged_unstaged_and_untracked_changes_count(repo: GitSite) -> None:
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit(QIXI, "七夕节", "七夕")
    repo.git("mv", repo.site_path(KUASHENG), repo.site_path("content/2024/hydj-tongban.md"))
    repo.commit("committed", when="2026-06-02T10:00:00+08:00")
    repo.edit(CAIJIANG, "裁量基准", "裁量基准（修订）")  # unstaged
    repo.write("content/2026/staged.md", new_item("640100-108/2026-00101", "2026-06-01"))
    repo.git("add", repo.site_path("content/2026/staged.md"))
    repo.write("content/2026/untracked.md", new_item("640100-108/2026-00102", "2026-06-01"))
    repo.delete(PINGGU_2025)
    repo.write("site/index.html", "<p>output is not content</p>")

    changes = changed_paths(repo.root, "main")

    assert changes.items == {
        QIXI,
        "content/2024/hydj-tongban.md",
        CAIJIANG,
        "content/2026/staged.md",
        "content/2026/untracked.md",
    }
    assert changes.removed == {KUASHENG, PINGGU_2025}
    assert changes.other == set()
    assert not changes.config_changed
    assert changes.base == repo.git("rev-parse", "main").strip()


def test_file_names_with_spaces_and_chinese_characters_come_back_exactly(repo: GitSite) -> None:
    name = "content/2026/关于 七夕 的通知.md"
    repo.git("checkout", "-q", "-b", "edit")
    repo.write(name, new_item("640100-108/2026-00101", "2026-06-01"))
    assert changed_paths(repo.root, "main").items == {name}
    repo.commit("add", when="2026-06-02T10:00:00+08:00")
    assert changed_paths(repo.root, "main").items == {name}


def test_commits_on_the_base_branch_after_the_branch_point_do_not_count(repo: GitSite) -> None:
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit(QIXI, "七夕节", "七夕")
    repo.commit("branch change", when="2026-06-02T10:00:00+08:00")
    repo.git("checkout", "-q", "main")
    repo.edit(CAIJIANG, "裁量基准", "裁量基准（修订）")
    repo.commit("later change on main", when="2026-06-03T10:00:00+08:00")
    repo.git("checkout", "-q", "edit")

    assert changed_paths(repo.root, "main").items == {QIXI}


def test_nothing_changed(repo: GitSite) -> None:
    changes = changed_paths(repo.root, "HEAD")
    assert (changes.items, changes.removed, changes.other) == (set(), set(), set())
    assert selected_for_check(repo.root, "HEAD") == set()


def test_a_changed_catalog_yml_means_every_file(repo: GitSite) -> None:
    repo.edit("catalog.yml", "- 政务公开", "- 政务公开\n  - 社区治理")
    assert changed_paths(repo.root, "main").config_changed
    assert selected_for_check(repo.root, "main") is None


def test_a_site_in_a_sub_folder_of_the_repository(tmp_path: Path) -> None:
    repo = GitSite(tmp_path / "portal", "sites/minzheng")
    repo.write("README.md", "not part of the site\n")
    repo.edit(QIXI, "七夕节", "七夕")
    repo.write("content/2026/new.md", new_item("640100-108/2026-00101", "2026-06-01"))

    changes = changed_paths(repo.root, "main")

    assert changes.items == {QIXI, "content/2026/new.md"}
    assert selected_for_check(repo.root, "main") == {QIXI, "content/2026/new.md"}


def test_a_bad_ref_is_a_bilingual_error(repo: GitSite) -> None:
    with pytest.raises(GitError) as caught:
        changed_paths(repo.root, "origin/no-such-branch")
    assert "“origin/no-such-branch” 不是本仓库中的提交、分支或标签" in caught.value.zh
    assert '"origin/no-such-branch" is not a commit, branch or tag' in caught.value.en
    assert "fetch-depth: 0" in caught.value.message


def test_an_option_looking_ref_is_not_passed_to_git_as_an_option(repo: GitSite) -> None:
    with pytest.raises(GitError) as caught:
        changed_paths(repo.root, "--all")
    assert "“--all”" in caught.value.zh


def test_a_folder_outside_git_is_a_bilingual_error(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError) as caught:
        changed_paths(plain, "main")
    assert "不在 git 仓库中" in caught.value.zh
    assert "is not inside a git repository" in caught.value.en


def test_items_naming_a_deleted_item_are_checked_too(repo: GitSite) -> None:
    repo.delete(PINGGU_2024)  # PINGGU_2025 names it in `related`
    assert selected_for_check(repo.root, "main") == {PINGGU_2025}


def test_items_naming_a_changed_index_no_are_checked_too(repo: GitSite) -> None:
    repo.edit(PINGGU_2024, "640100-108/2024-00041", "640100-108/2024-00141")
    assert selected_for_check(repo.root, "main") == {PINGGU_2024, PINGGU_2025}


def test_an_edit_that_keeps_the_index_no_selects_only_the_file(repo: GitSite) -> None:
    repo.edit(PINGGU_2024, "title: 示例市2024年度", "title: 示例市 2024 年度")
    assert selected_for_check(repo.root, "main") == {PINGGU_2024}


def test_files_naming_an_item_made_non_public_are_checked_too(repo: GitSite) -> None:
    """A reviewer's walk: an item made 不予公开 left GK213 in the items naming it, GK215 in a
    body linking its file and GK210 in one linking its attachment, all unreported by the
    pull request's check until the build failed."""
    repo.edit(
        PINGGU_2024, "disclosure: 主动公开", "disclosure: 不予公开\nreason: 依据《条例》第十四条。"
    )
    linking = "content/2024/shjz-dibao-biaozhun-2024.md"
    repo.commit("withhold", when="2026-06-02T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "links", "HEAD~1")
    text = repo.read(linking)
    links = "\n见[评估结果](shzzpg-pinggu-jieguo-2024.md)及其[附表](files/shzz-pinggu-jieguo-2024.xlsx)。\n"
    repo.write(linking, text + links)
    repo.commit("links", when="2026-06-03T10:00:00+08:00")
    repo.git("checkout", "-q", "main")
    assert selected_for_check(repo.root, "HEAD~1") == {PINGGU_2024, PINGGU_2025}
    repo.git("checkout", "-q", "-b", "both", "links")
    repo.edit(
        PINGGU_2024, "disclosure: 主动公开", "disclosure: 不予公开\nreason: 依据《条例》第十四条。"
    )
    repo.commit("withhold", when="2026-06-04T10:00:00+08:00")
    only = selected_for_check(repo.root, "links")
    assert only == {PINGGU_2024, PINGGU_2025, linking}
    found = {(d.file, d.code) for d in load_site(repo.root, today=TODAY, only=only).diagnostics}
    assert (PINGGU_2025, "GK213") in found and (linking, "GK210") in found, found
    # A change that keeps the disclosure selects only the file, as before.
    repo.edit(PINGGU_2024, "reason: 依据《条例》第十四条。", "reason: 依据《条例》第十四条规定。")
    repo.commit("reason", when="2026-06-05T10:00:00+08:00")
    assert selected_for_check(repo.root, "HEAD~1") == {PINGGU_2024}


def test_items_with_a_changed_attachment_are_checked_too(repo: GitSite) -> None:
    repo.delete(PINGGU_XLSX)
    changes = changed_paths(repo.root, "main")
    assert changes.other == {PINGGU_XLSX}
    assert changes.items == set()
    assert selected_for_check(repo.root, "main") == {PINGGU_2024}


def _prepare_check_case(repo: GitSite) -> None:
    """An old error on main, then a branch that adds a duplicate index_no and a new error."""
    repo.edit(CAIJIANG, "published: 2024-04-11", "published: 2024.4.11")
    repo.commit("an old mistake on main", when="2026-02-01T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "edit")
    # 640100-108/2024-00041 is the index_no of PINGGU_2024, which this branch does not touch.
    repo.write("content/2026/dup.md", new_item("640100-108/2024-00041", "2024-06-03"))
    repo.commit("new item", when="2026-06-02T10:00:00+08:00")
    repo.edit(QIXI, "written: 2026-08-10", "written: 2026-13-10")


def test_only_changed_files_are_reported_with_their_cross_file_problems(repo: GitSite) -> None:
    _prepare_check_case(repo)
    everything = load_site(repo.root, today=TODAY)
    assert {d.file for d in everything.diagnostics} >= {CAIJIANG, PINGGU_2024}

    only = selected_for_check(repo.root, "main")
    assert only == {"content/2026/dup.md", QIXI}
    found = load_site(repo.root, today=TODAY, only=only).diagnostics

    assert {(d.file, d.code) for d in found if d.severity == "error"} == {
        ("content/2026/dup.md", "GK201"),
        (QIXI, "GK102"),
    }
    duplicate = next(d for d in found if d.code == "GK201")
    assert PINGGU_2024 in duplicate.message_zh


def test_check_changed_since_on_the_command_line(repo: GitSite, run_gkml: RunGkml) -> None:
    _prepare_check_case(repo)
    result = run_gkml(
        [
            "check",
            "--site",
            repo.root,
            "--as-of",
            AS_OF,
            "--changed-since",
            "main",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 1
    assert f"{CAIJIANG}" not in result.stdout
    assert '"file": "content/2026/dup.md"' in result.stdout
    assert '"code": "GK201"' in result.stdout

    bad = run_gkml(["check", "--site", repo.root, "--changed-since", "nope"])
    assert bad.exit_code == 2
    assert "“nope” 不是本仓库中的提交、分支或标签" in bad.stderr


def test_a_new_file_of_content_static_is_checked_at_itself(
    repo: GitSite, run_gkml: RunGkml
) -> None:
    """A webmaster's walk: `check --changed-since` passed a branch adding content/static/
    Index.html (GK128); only the pull request's build failed, with no file named."""
    repo.write("content/static/Index.html", "<p>我的首页</p>")
    assert selected_for_check(repo.root, "main") == {"content/static/Index.html"}
    result = run_gkml(["check", "--site", repo.root, "--changed-since", "main"])
    assert result.exit_code == 1
    assert "content/static/Index.html: 错误 error GK128" in result.stdout
