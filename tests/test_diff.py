"""`gkml diff BASE [HEAD]` against a real git repository with real, dated commits."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, RunGkml, copy_sample, item_text
from test_changes import (
    AS_OF,
    CAIJIANG,
    KUASHENG,
    PINGGU_2024,
    QIXI,
    GitSite,
    _isolated_git,
    new_item,
)

from generator.changes import register

__all__ = ["_isolated_git"]  # the fixture isolates git from the user's configuration here too

ZHUYAO = "content/2023/jgzn-zhuyao-zhize.md"  # 640100-108/2023-00011, 有效
FEIFA = "content/2025/xzcf-feifa-shzz-diaocha-baogao.md"  # 640100-108/2025-00049, 不予公开
DIBAO_2023 = "content/2023/shjz-dibao-biaozhun-2023.md"
BANSHI = "content/2023/hydj-banshi-shijian-gonggao.md"  # 640100-108/2023-00019, Chinese keys
FEIFA_REASON = "reason: 本信息属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》第十六条第二款，不予公开。\n"


@pytest.fixture
def diff(capsys: pytest.CaptureFixture[str]) -> Any:
    """Return run(args) -> Run: `gkml diff *args` through the diff command's own parser."""

    def run(args: Sequence[str | Path]) -> Run:
        parser = argparse.ArgumentParser(prog="gkml")
        register(parser.add_subparsers(dest="command"))
        try:
            parsed = parser.parse_args(["diff", *(str(a) for a in args)])
            code = parsed.run(parsed)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return run


@pytest.fixture
def edited(tmp_path: Path) -> GitSite:
    """Main holds the sample catalog; branch `edit` adds, removes, repeals and changes items."""
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    # Two new items: one published the day before it is committed, one three months earlier;
    # the diff runs on 2026-12-01 (AS_OF), the first day they can be online.
    repo.write(
        "content/2026/zaixian.md",
        new_item("640100-108/2026-00101", "2026-11-29", title="关于开通婚姻登记在线预约的通知"),
    )
    repo.commit("add an item", when="2026-11-30T10:00:00+08:00")
    repo.write(
        "content/2026/daoqian.md",
        new_item("640100-108/2026-00102", "2026-08-30", title="关于春季救助物资发放的通知"),
    )
    # 20:00 UTC is already the next day in China.
    repo.commit("add a back-dated item", when="2026-11-29T20:00:00+00:00")
    # The 婚姻登记 column loses its three items: two deleted, one moved to 机构职能.
    repo.delete(QIXI)
    repo.delete(KUASHENG)
    repo.edit(BANSHI, "公开目录: hydj", "公开目录: jgzn")
    # A repeal, a disclosure opened up and one closed, a title and topics change.
    repo.edit(
        ZHUYAO,
        "status: 有效\n",
        "status: 废止\nstatus_date: 2026-06-30\nreplaced_by: 《示例市民政局职能配置规定》\n",
    )
    repo.edit(FEIFA, "disclosure: 不予公开", "disclosure: 主动公开")
    repo.edit(FEIFA, FEIFA_REASON, "")
    repo.edit(
        CAIJIANG,
        "disclosure: 主动公开\n",
        "disclosure: 依申请公开\nreason: 请向示例市民政局办公室提出申请。\n",
    )
    repo.edit(
        PINGGU_2024,
        "title: 示例市2024年度社会组织评估等级结果公告",
        "title: 示例市2024年度社会组织评估等级结果",
    )
    repo.edit(PINGGU_2024, "topics: [社会组织]", "topics: [社会组织, 政务公开]")
    # A renamed file is the same item: no change to report.
    repo.git("mv", DIBAO_2023, "content/2023/shjz-dibao-2023.md")
    repo.commit("edits", when="2026-12-01T10:00:00+08:00")
    return repo


def _json(result: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _indexes(rows: list[dict[str, Any]]) -> set[str]:
    return {row["index_no"] for row in rows}


def test_diff_lists_exactly_what_the_branch_changes(edited: GitSite, diff: Any) -> None:
    result = diff(["main", "--site", edited.root, "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 1, result.stderr  # back-dating found
    data = _json(result)

    assert _indexes(data["added"]) == {"640100-108/2026-00101", "640100-108/2026-00102"}
    assert _indexes(data["removed"]) == {"640100-108/2026-00037", "640100-108/2024-00038"}
    changed = {row["index_no"]: row for row in data["changed"]}
    assert set(changed) == {
        "640100-108/2023-00011",
        "640100-108/2025-00049",
        "640100-108/2024-00017",
        "640100-108/2024-00041",
        "640100-108/2023-00019",
    }
    assert changed["640100-108/2023-00019"]["fields"] == [
        {"field": "category", "label": "栏目", "old": "婚姻登记（hydj）", "new": "机构职能（jgzn）"}
    ]
    assert changed["640100-108/2024-00041"]["fields"] == [
        {
            "field": "title",
            "label": "名称",
            "old": "示例市2024年度社会组织评估等级结果公告",
            "new": "示例市2024年度社会组织评估等级结果",
        },
        {"field": "topics", "label": "主题分类", "old": "社会组织", "new": "社会组织、政务公开"},
    ]
    assert [f["field"] for f in changed["640100-108/2023-00011"]["fields"]] == [
        "status",
        "status_date",
        "replaced_by",
    ]
    assert [f["field"] for f in changed["640100-108/2025-00049"]["fields"]] == [
        "disclosure",
        "reason",
    ]

    statuses = {
        (s["index_no"], s["old"], s["new"], s["status_date"]) for s in data["status_changes"]
    }
    assert statuses == {("640100-108/2023-00011", "有效", "废止", "2026-06-30")}

    disclosures = {
        (d["index_no"], d["old"], d["new"], d["becomes_public"], d["becomes_non_public"])
        for d in data["disclosure_changes"]
    }
    assert disclosures == {
        ("640100-108/2025-00049", "不予公开", "主动公开", True, False),
        ("640100-108/2024-00017", "主动公开", "依申请公开", False, True),
    }
    assert data["empty_columns"] == [{"key": "hydj", "title": "婚姻登记", "old_count": 3}]

    # Dated three months before the first day it can be online: the day of the check, after
    # the commit that added it. The other new item is dated the day before its commit.
    backdated = [
        (b["index_no"], b["first_committed"], b["earliest_online"], b["days"])
        for b in data["backdated"]
    ]
    assert backdated == [
        (
            "640100-108/2026-00102",
            "2026-11-30",
            AS_OF,
            (date.fromisoformat(AS_OF) - date(2026, 8, 30)).days,
        )
    ]
    assert data["unreadable"] == []


def test_the_back_dating_threshold_is_an_option(edited: GitSite, diff: Any) -> None:
    days = (date.fromisoformat(AS_OF) - date(2026, 8, 30)).days
    at_limit = diff(["main", "--site", edited.root, "--as-of", AS_OF, "--backdate-days", days])
    assert at_limit.exit_code == 0
    assert "疑似倒签" in at_limit.stdout  # the count column is always there
    assert "### ⚠️ 疑似倒签" not in at_limit.stdout
    below = diff(["main", "--site", edited.root, "--as-of", AS_OF, "--backdate-days", days - 1])
    assert below.exit_code == 1
    assert "### ⚠️ 疑似倒签 (possible back-dating): 1" in below.stdout


def test_a_negative_threshold_is_a_usage_error(edited: GitSite, diff: Any) -> None:
    result = diff(["main", "--site", edited.root, "--backdate-days", "-1"])
    assert result.exit_code == 2
    assert "应为不小于 0 的整数天数" in result.stderr


def test_markdown_for_the_pull_request(edited: GitSite, diff: Any) -> None:
    result = diff(["main", "--site", edited.root, "--as-of", AS_OF])
    text = result.stdout
    main_commit = edited.git("rev-parse", "main").strip()
    assert text.startswith("## 公开目录变化 (what this change does to the public site)\n")
    assert f"比较 (comparing) `main`（{main_commit[:10]}） → 工作区 (work tree)" in text
    assert "| 2 | 2 | 5 | 1 | 2 | 1 | 1 |" in text
    # The kinds there are, in one line above the table; the kinds with 0 are left out.
    assert (
        "**本次改动：新增 2，删除 2，修改 5，效力变化 1，公开属性变化 2，空白栏目 1，疑似倒签 1"
    ) in text
    overview = next(line for line in text.splitlines() if line.startswith("**本次改动"))
    assert "设置变化" not in overview and "templates" not in overview
    assert (
        "| 640100-108/2026-00102 | 关于春季救助物资发放的通知 | 2026-08-30 | 2026-11-30 | "
        "2026-12-01 | 93 |" in text
    )
    assert (
        "| 640100-108/2024-00038 | 关于做好婚姻登记“跨省通办”工作的通知 | 婚姻登记（hydj） "
        "| 主动公开 | 2024-09-11 | content/2024/hydj-kuasheng-tongban.md |"
    ) in text
    assert (
        "| 640100-108/2023-00011 | 示例市民政局主要职责和内设机构 | 有效 | 废止 | 2026-06-30 "
        "| 《示例市民政局职能配置规定》 |"
    ) in text
    assert (
        "| 名称 title | 示例市2024年度社会组织评估等级结果公告 | 示例市2024年度社会组织评估等级结果 |"
        in text
    )
    assert "| 婚姻登记（hydj） | 3 | 现在没有公开的信息 (no public items left) |" in text
    assert "正文将公开，请完成保密审查" in text
    sections = [line for line in text.splitlines() if line.startswith("### ")]
    assert sections == [
        "### 先看 (read first): 保密审查与效力变化 (secrecy review and status)",
        "### ⚠️ 疑似倒签 (possible back-dating): 1",
        "### 新增 (added): 2",
        "### 删除 (removed): 2",
        "### 效力状态变化 (status changes): 1",
        "### 公开属性变化 (disclosure changes): 2",
        "### 变为空白的栏目 (columns that become empty): 1",
        "### 修改 (changed): 5",
    ]
    assert "shjz-dibao" not in text  # the renamed file is the same, unchanged item


def test_an_explicit_head_ref_gives_the_same_answer(edited: GitSite, diff: Any) -> None:
    from_tree = diff(["main", "--site", edited.root, "--as-of", AS_OF, "--format", "json"])
    edited.git("checkout", "-q", "main")
    from_ref = diff(["main", "edit", "--site", edited.root, "--as-of", AS_OF, "--format", "json"])
    assert from_ref.exit_code == 1
    tree, ref = _json(from_tree), _json(from_ref)
    assert ref["head"] == {"ref": "edit", "commit": edited.git("rev-parse", "edit").strip()}
    assert tree["head"] == {"ref": None, "commit": None}
    for key in ("added", "removed", "changed", "status_changes", "disclosure_changes"):
        assert ref[key] == tree[key], key
    assert ref["backdated"] == tree["backdated"]


def _without_extraction_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make tarfile as Python 3.11.0–3.11.3 have it: no `data_filter`, and an `extractall`
    that takes no `filter` and extracts every member as it is (the "fully_trusted" filter)."""
    import tarfile

    extract = tarfile.TarFile.extractall
    # on such a Python itself (the test runs there too), its own extractall
    trusted = {"filter": "fully_trusted"} if hasattr(tarfile, "data_filter") else {}

    def extractall(
        self: tarfile.TarFile,
        path: str | os.PathLike[str] = ".",
        members: Sequence[tarfile.TarInfo] | None = None,
        *,
        numeric_owner: bool = False,
    ) -> None:
        extract(self, path, members, numeric_owner=numeric_owner, **trusted)

    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    monkeypatch.setattr(tarfile.TarFile, "extractall", extractall)


def test_on_a_python_without_extraction_filters_the_diff_is_the_same(
    edited: GitSite, diff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Debian 12's own Python (3.11.2) has no tarfile extraction filters (from 3.11.4 on):
    `gkml diff` exported each commit with `filter="data"` and failed on every call there with
    a TypeError. Without the filters, it gives the same report."""
    commits = ["main", "edit", "--site", edited.root, "--as-of", AS_OF, "--format", "json"]
    with_filters = diff(commits)
    _without_extraction_filters(monkeypatch)
    without = diff(commits)
    assert without.exit_code == with_filters.exit_code == 1, without.stderr
    assert _json(without) == _json(with_filters)
    assert _json(without)["added"]  # a report of the branch's changes, not an empty one


def test_a_commit_exported_without_extraction_filters_is_its_files_as_data(
    edited: GitSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without tarfile's filters, the export does what the "data" filter does: every file of
    the commit, its bytes, no write bit for the group or others, and no name outside."""
    import stat
    import tarfile

    from generator.gitrepo import GitError, GitRepo, _as_data

    _without_extraction_filters(monkeypatch)
    edited.git("checkout", "-q", "main")
    repo = GitRepo.of(edited.root)
    site = repo.export("edit", tmp_path / "out", ["catalog.yml", "content"])
    edited.git("checkout", "-q", "edit")
    wanted = {
        p.relative_to(edited.root): p.read_bytes()
        for p in [edited.root / "catalog.yml", *(edited.root / "content").rglob("*")]
        if p.is_file()
    }
    found = {p.relative_to(site): p for p in site.rglob("*")}
    assert {rel: p.read_bytes() for rel, p in found.items() if p.is_file()} == wanted
    assert all(p.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH) == 0 for p in found.values())
    for name in ("../outside.md", "/etc/outside.md", "content/../../outside.md"):
        with pytest.raises(GitError, match="不安全的路径"):
            _as_data(tarfile.TarInfo(name))
    member = tarfile.TarInfo("content/run.md")
    member.mode = 0o6777
    assert _as_data(member).mode == 0o755


def test_the_base_branch_moving_on_is_not_part_of_the_change(edited: GitSite, diff: Any) -> None:
    edited.git("checkout", "-q", "main")
    edited.write("content/2026/later.md", new_item("640100-108/2026-00110", "2026-07-01"))
    edited.edit(ZHUYAO, "示例市民政局主要职责和内设机构", "示例市民政局主要职责")
    edited.commit("later on main", when="2026-07-01T10:00:00+08:00")
    edited.git("checkout", "-q", "edit")
    data = _json(diff(["main", "--site", edited.root, "--as-of", AS_OF, "--format", "json"]))
    assert "640100-108/2026-00110" not in _indexes(data["removed"])
    titles = [f for c in data["changed"] for f in c["fields"] if f["field"] == "title"]
    assert [f["new"] for f in titles] == ["示例市2024年度社会组织评估等级结果"]


def test_a_base_ahead_of_the_head_is_named_with_its_merge_base_and_a_note(
    edited: GitSite, diff: Any
) -> None:
    """Found by feeding gkml odd input: `gkml diff edit main` (the two swapped) printed the
    merge base's commit beside `edit`, and "no change" without a word on why."""
    edit = edited.git("rev-parse", "edit").strip()
    main = edited.git("rev-parse", "main").strip()
    result = diff(["edit", "main", "--site", edited.root, "--as-of", AS_OF])
    assert result.exit_code == 0
    assert f"`edit`（{edit[:10]}）与其共同祖先（merge base {main[:10]}） → `main`" in result.stdout
    assert "没有改变公开目录的内容" in result.stdout
    assert "edit 比 main 新" in result.stderr and "Were the two swapped?" in result.stderr
    data = _json(
        diff(["edit", "main", "--site", edited.root, "--as-of", AS_OF, "--format", "json"])
    )
    assert data["base"] == {"ref": "edit", "commit": main, "tip": edit}


def test_an_uncommitted_item_counts_as_added_today(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.write("content/2026/draft.md", new_item("640100-108/2026-00120", "2026-11-29"))
    repo.write("content/2026/old.md", new_item("640100-108/2026-00121", "2026-11-01"))
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])
    data = _json(result)
    assert _indexes(data["added"]) == {"640100-108/2026-00120", "640100-108/2026-00121"}
    assert [
        (b["index_no"], b["first_committed"], b["committed"], b["days"]) for b in data["backdated"]
    ] == [("640100-108/2026-00121", "2026-12-01", False, 30)]
    assert result.exit_code == 1


def test_an_item_moved_from_the_old_site_is_listed_with_its_address_not_as_back_dated(
    tmp_path: Path, diff: Any
) -> None:
    """A migration walk: every item moved from the old site is dated before its commit, and
    the pull request of a migration could not pass. With its old address (former_url) an
    item is listed for the reviewer to compare; without one it is still back-dating."""
    repo = GitSite(tmp_path / "repo")
    old = "https://old.example.gov.cn/xxgk/tzgg/202403/t20240305_1.html"
    repo.write(
        "content/2024/moved.md",
        new_item("640100-108/2024-00120", "2024-03-05", former_url=old),
    )
    repo.write("content/2026/late.md", new_item("640100-108/2026-00121", "2026-11-01"))
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])
    data = _json(result)
    assert [(m["index_no"], m["former_url"]) for m in data["migrated"]] == [
        ("640100-108/2024-00120", old)
    ]
    assert [b["index_no"] for b in data["backdated"]] == ["640100-108/2026-00121"]
    assert result.exit_code == 1  # for the one without an old address
    (repo.root / "content/2026/late.md").unlink()
    shown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF])
    assert shown.exit_code == 0
    assert "### 迁移自旧网站 (moved from the old site): 1" in shown.stdout
    assert old in shown.stdout and "疑似倒签 (possible" not in shown.stdout


def test_body_and_attachment_bytes_count_as_changes(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.write(QIXI, repo.read(QIXI) + "\n补充说明。\n")
    (repo.root / "content/2024/files/shzz-pinggu-jieguo-2024.xlsx").write_bytes(b"PK\x03\x04 new")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    fields = {c["index_no"]: c["fields"] for c in data["changed"]}
    assert set(fields) == {"640100-108/2026-00037", "640100-108/2024-00041"}
    assert [f["field"] for f in fields["640100-108/2026-00037"]] == ["body"]
    attachment = fields["640100-108/2024-00041"]
    assert [f["field"] for f in attachment] == ["attachments"]
    assert attachment[0]["new"].endswith("（文件内容已更换 file replaced）")
    assert (
        attachment[0]["old"]
        == "2024年度社会组织评估等级结果一览表（files/shzz-pinggu-jieguo-2024.xlsx）"
    )


def test_a_broken_new_file_is_named_not_silently_dropped(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.write("content/2026/broken.md", new_item("640100-108/2026-00130", "2026-13-01"))
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF])
    assert result.exit_code == 0
    assert "### ❌ 有错误、未计入比较的文件 (files with errors, not compared): 1" in result.stdout
    assert "- `content/2026/broken.md`" in result.stdout


def test_as_of_a_past_day_a_date_since_is_no_error(tmp_path: Path, diff: Any) -> None:
    """As `gkml check --as-of` and `gkml build --as-of`: an item published after the day is
    not in that day's catalog, and no error; a date after the real today is one."""
    repo = GitSite(tmp_path / "repo")
    since = date.fromisoformat(AS_OF) + timedelta(days=2)  # before the real today
    assert since < date.today()
    repo.write("content/2026/since.md", new_item("640100-108/2026-00131", since.isoformat()))
    repo.write("content/2099/later.md", new_item("640100-108/2099-00001", "2099-01-02"))
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF])
    assert "有错误、未计入比较的文件 (files with errors, not compared): 1" in result.stdout
    assert "- `content/2099/later.md`" in result.stdout
    errors = result.stdout.split("有错误、未计入比较的文件", 1)[1].split("\n#", 1)[0]
    assert "since.md" not in errors, errors


def test_no_change(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF])
    assert result.exit_code == 0
    assert "没有改变公开目录的内容。(No change to the public catalog.)" in result.stdout


def test_a_bad_ref_exits_2_with_a_bilingual_message(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    result = diff(["origin/main", "--site", repo.root])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "“origin/main” 不是本仓库中的提交、分支或标签" in result.stderr
    assert '"origin/main" is not a commit, branch or tag of this repository' in result.stderr
    # the branches there are: what the editor may have meant (`git init` names one master)
    assert "本仓库的分支有：main" in result.stderr and "its branches: main" in result.stderr
    repo.git("branch", "-m", "main", "master")
    result = diff(["main", "--site", repo.root])
    assert result.exit_code == 2
    assert "“main” 不是本仓库中的提交、分支或标签；本仓库的分支有：master。" in result.stderr
    # A re-walk: with twelve more branches the first ten in git's order hid master. The
    # usual bases and the current branch come first, then how many are not named.
    for n in range(1, 13):
        repo.git("branch", f"b{n}")
    repo.git("checkout", "-q", "b7")
    result = diff(["main", "--site", repo.root])
    assert "本仓库的分支有：master、b7、b1、b10、" in result.stderr
    assert "b5 等另外 3 个。" in result.stderr and "and 3 more." in result.stderr


def test_a_repository_without_commits_says_so(tmp_path: Path, diff: Any) -> None:
    """Found by feeding gkml odd input: it blamed the fetch depth of CI."""
    root = copy_sample(tmp_path / "site")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = diff(["HEAD", "--site", root])
    assert result.exit_code == 2
    assert "本仓库还没有任何提交" in result.stderr and "no commits yet" in result.stderr


def test_a_shallow_clone_without_the_merge_base_says_how_to_fetch_it(
    edited: GitSite, tmp_path: Path, diff: Any
) -> None:
    """actions/checkout's default: the head alone, then the base branch fetched; their
    common ancestor is in neither. Found by feeding gkml odd input: "no common ancestor"."""
    clone = tmp_path / "clone"
    url = f"file://{edited.root}"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "-b", "edit", url, str(clone)], check=True
    )
    subprocess.run(
        ["git", "-C", str(clone), "fetch", "-q", "--depth", "1", "origin", "main"], check=True
    )
    result = diff(["FETCH_HEAD", "--site", clone])
    assert result.exit_code == 2
    assert "本仓库是浅克隆" in result.stderr and "fetch-depth: 0" in result.stderr, result.stderr


def test_outside_a_repository_exits_2(tmp_path: Path, diff: Any) -> None:
    result = diff(["main", "--site", tmp_path])
    assert result.exit_code == 2
    assert "不在 git 仓库中" in result.stderr


def test_gkml_diff_on_the_command_line(edited: GitSite, run_gkml: RunGkml) -> None:
    result = run_gkml(["diff", "main", "--site", edited.root, "--as-of", AS_OF])
    assert result.exit_code == 1
    assert "### 新增 (added): 2" in result.stdout


def test_a_site_in_a_sub_folder_of_the_repository(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "portal", "sites/minzheng")
    repo.write("README.md", "门户仓库 (not part of the site)\n")
    repo.git("checkout", "-q", "-b", "edit")
    repo.write("content/2026/late.md", new_item("640100-108/2026-00140", "2026-11-10"))
    repo.edit(QIXI, "七夕节", "七夕")
    repo.commit("add and edit", when="2026-11-29T10:00:00+08:00")
    data = _json(diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert [(r["index_no"], r["path"]) for r in data["added"]] == [
        ("640100-108/2026-00140", "content/2026/late.md")
    ]
    assert [(b["first_committed"], b["days"]) for b in data["backdated"]] == [("2026-11-29", 21)]
    assert [c["path"] for c in data["changed"]] == [QIXI]
    assert data["removed"] == []


def test_the_change_that_creates_the_site(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "--orphan", "empty")
    repo.git("rm", "-q", "-r", "--cached", ".")
    repo.git("commit", "-q", "--allow-empty", "-m", "empty", when="2026-01-01T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "site")
    repo.commit("the whole sample", when="2026-12-01T10:00:00+08:00")
    result = diff(["empty", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])
    data = _json(result)
    sample = {p for p in (repo.root / "content").rglob("*.md") if "pages" not in p.parts}
    assert len(data["added"]) == len(sample) > 50
    assert data["removed"] == data["changed"] == data["empty_columns"] == []
    assert result.exit_code == 1  # a sample of old documents, all dated long before today


def test_a_broken_catalog_yml_is_named(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.write("catalog.yml", "site: [\n")
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "工作区的 catalog.yml 有误" in result.stderr
    assert "(catalog.yml at the work tree is broken; run gkml check)" in result.stderr


def test_fixing_a_file_that_was_broken_in_the_base_is_not_back_dating(
    tmp_path: Path, diff: Any
) -> None:
    # Found in review: a file committed broken long ago and fixed now is not "added" today.
    repo = GitSite(tmp_path / "repo")
    path = "content/2025/fixed.md"
    good = new_item("640100-108/2025-00130", "2025-03-03")
    repo.write(path, good.replace("status: 有效", "status: [有效"))
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "broken item")
    repo.write(path, good)
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert _indexes(data["added"]) == {"640100-108/2025-00130"}  # readable for the first time
    assert data["backdated"] == []

    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "fixed")
    repo.write(path, good.replace("status: 有效", "status: [有效"))
    result = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])
    data = _json(result)
    assert data["removed"] == [] and data["unreadable"] == [path]  # broken again: named once


def test_a_file_name_that_is_not_utf8_does_not_crash(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    name = os.fsdecode(b"content/2025/files/att\xb2\xe2.pdf")  # a GBK name from a Windows zip
    (repo.root / name).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / name).write_bytes(b"%PDF-1.4")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "attachment with a GBK name")
    for args in (["HEAD~1"], ["HEAD~1", "HEAD"]):
        result = diff([*args, "--site", repo.root, "--as-of", AS_OF])
        assert result.exit_code == 0, result.stderr


# -- found by feeding gkml diff odd changes --------------------------------------------------
def test_listing_withheld_items_is_named_for_the_secrecy_review(tmp_path: Path, diff: Any) -> None:
    """`rules.list_withheld_items: true` puts the titles of 不予公开 items in the listings and
    catalog.csv; the diff said "no change to the public catalog"."""
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit("catalog.yml", "list_withheld_items: false", "list_withheld_items: true")
    repo.commit("list withheld items", when="2026-06-02T10:00:00+08:00")
    result = diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])
    data = _json(result)
    assert data["settings"] == [
        {
            "key": "rules.list_withheld_items",
            "label": "列出不予公开的信息",
            "old": "false",
            "new": "true",
        }
    ]
    assert "640100-108/2025-00049" in _indexes(data["withheld_listed"])
    markdown = diff(["main", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "### ⚠️ 不予公开信息将列入目录 (withheld items become listed): " in markdown
    assert "没有改变公开目录的内容" not in markdown


def test_settings_templates_and_columns_that_go_are_reported(tmp_path: Path, diff: Any) -> None:
    """A column renamed, the site renamed, a column removed and a template added were all "no
    change to the public catalog"; every page shows them."""
    repo = GitSite(tmp_path / "repo")
    repo.edit(
        "catalog.yml",
        "  - {key: ndbg, title: 年度报告",
        "  - {key: linshi, title: 临时栏目}\n  - {key: ndbg, title: 年度报告",
    )
    repo.commit("a column", when="2026-05-02T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit("catalog.yml", "  - {key: linshi, title: 临时栏目}\n", "")
    repo.edit("catalog.yml", "{key: hydj, title: 婚姻登记}", "{key: hydj, title: 婚姻登记服务}")
    repo.edit("catalog.yml", "  - 殡葬管理\n", "")
    repo.write("templates/assets/gkml.css", ":root { --gk-color-brand: #003399; }\n")
    repo.commit("settings", when="2026-06-02T10:00:00+08:00")
    data = _json(diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert [(c["key"], c["label"], c["old"], c["new"]) for c in data["settings"]] == [
        ("catalog[fdzdgknr].children[hydj].title", "栏目名称", "婚姻登记", "婚姻登记服务"),
        ("catalog[linshi]", "目录树（栏目）", "有 (present)", "—"),
        ("catalog[linshi].title", "栏目名称", "临时栏目", "—"),
        ("topics[殡葬管理]", "主题分类", "有 (present)", "—"),
    ]
    assert data["columns_gone"] == [{"key": "linshi", "title": "临时栏目"}]
    assert data["templates"] == [{"path": "assets/gkml.css", "change": "added"}]
    markdown = diff(["main", "--site", repo.root, "--as-of", AS_OF]).stdout
    # A reviewer's walk: the column's feed (and its 繁體 copies) go too, and went unnamed.
    assert (
        "- 临时栏目（linshi）：`catalog/linshi/index.html`，订阅 feed `feeds/linshi.xml`"
        in markdown
    )
    assert "繁體版 zh-hant/" in markdown
    assert "| templates/assets/gkml.css | 新增 added |" in markdown


def test_files_of_content_static_are_reported(tmp_path: Path, diff: Any) -> None:
    """A webmaster's walk: a file added to content/static/ is public at the site's root, and
    the diff said "no change to the public catalog"."""
    repo = GitSite(tmp_path / "repo")
    repo.write("content/static/favicon.ico", "old icon")
    repo.commit("an icon", when="2026-05-02T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "edit")
    repo.write("content/static/baidu_verify_codeva-Ab12.html", "codeva-Ab12")
    repo.write("content/static/favicon.ico", "new icon")
    repo.commit("verification", when="2026-06-02T10:00:00+08:00")
    data = _json(diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert data["root_files"] == [
        {"path": "baidu_verify_codeva-Ab12.html", "change": "added"},
        {"path": "favicon.ico", "change": "changed"},
    ]
    markdown = diff(["main", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "没有改变公开目录的内容" not in markdown
    assert "| baidu_verify_codeva-Ab12.html | 新增 added |" in markdown
    assert "根目录文件 1" not in markdown and "根目录文件 2" in markdown  # the overview line


def test_an_index_number_corrected_with_its_file_renamed_is_one_change(
    tmp_path: Path, diff: Any
) -> None:
    """It was one item removed and another added, that one flagged as back-dated by 112 days
    (the rename's commit taken for the day it was first added): CI failed."""
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    renamed = "content/2026/640100-108-2026-00038.md"
    repo.git("mv", QIXI, renamed)
    repo.edit(renamed, "index_no: 640100-108/2026-00037", "index_no: 640100-108/2026-00038")
    repo.commit("fix index_no", when="2026-12-01T10:00:00+08:00")
    result = diff(["main", "--site", repo.root, "--as-of", "2026-12-01", "--format", "json"])
    assert result.exit_code == 0
    data = _json(result)
    assert (data["added"], data["removed"], data["backdated"]) == ([], [], [])
    [change] = data["changed"]
    assert change["old_path"] == QIXI and change["path"] == renamed
    assert change["fields"][0]["field"] == "index_no"
    assert change["moved_page"] == [
        "items/2026/640100-108-2026-00037.html",
        "items/2026/640100-108-2026-00038.html",
    ]
    # An audit: nothing above the 修改 entries said an index number changed.
    shown = diff(["main", "--site", repo.root, "--as-of", "2026-12-01"]).stdout
    assert "### ⚠️ 索引号改变 (index numbers changed): 1" in shown
    assert "| 640100-108/2026-00037 | 640100-108/2026-00038 |" in shown
    assert shown.index("索引号改变") < shown.index("### 修改 (changed)")


def test_an_amended_commit_keeps_the_day_it_was_first_made(tmp_path: Path, diff: Any) -> None:
    """The committer date moves with `git commit --amend` and a rebase; the first commit's day
    shown is the author date. The item goes online no earlier than the day of the check: the
    same pull request, checked ten days later, is back-dated unless its 发布日期 moves too."""
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    repo.write("content/2026/xin.md", new_item("640100-108/2026-00103", "2026-11-30"))
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE="2026-11-30T10:00:00+08:00",
        GIT_COMMITTER_DATE="2026-12-10T10:00:00+08:00",  # amended ten days later
    )
    repo.git("add", "-A")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x"],
        cwd=repo.top,
        env=env,
        check=True,
    )
    on_time = diff(["main", "--site", repo.root, "--as-of", "2026-12-02", "--format", "json"])
    assert (on_time.exit_code, _json(on_time)["backdated"]) == (0, [])
    late = diff(["main", "--site", repo.root, "--as-of", "2026-12-10", "--format", "json"])
    assert late.exit_code == 1
    (flagged,) = _json(late)["backdated"]
    assert (flagged["first_committed"], flagged["earliest_online"], flagged["days"]) == (
        "2026-11-30",
        "2026-12-10",
        10,
    )


def test_a_folder_without_catalog_yml_is_said_to_have_none(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    result = diff(["HEAD", "--site", repo.root / "content"])
    assert result.exit_code == 2
    assert (
        "找不到 catalog.yml" in result.stderr and "no catalog.yml in the work tree" in result.stderr
    )
    assert "有误" not in result.stderr


def test_a_title_and_a_file_name_are_shown_as_typed(tmp_path: Path, diff: Any) -> None:
    """Markdown in a title (`*强调*`, a link, `<!--` that hid the rest of the comment) was read
    as formatting by GitHub; a backtick in a file name broke its code span."""
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    odd = "content/2026/qixi `x`.md"
    repo.git("mv", QIXI, odd)
    repo.edit(
        odd, "title: 关于2026年七夕节", 'title: "<!-- *强调* [链接](http://x) 关于2026年七夕节'
    )
    repo.edit(
        odd,
        "服务安排的公告\n",
        '服务安排的公告"\n',
    )
    repo.commit("odd", when="2026-06-02T10:00:00+08:00")
    markdown = diff(["main", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert (
        "#### 640100-108/2026-00037 \\<!-- \\*强调\\* \\[链接\\](http://x) 关于2026年七夕节"
        in markdown
    )
    assert "→ ``content/2026/qixi `x`.md``" in markdown


WITHHELD = "content/2025/xzcf-feifa-shzz-diaocha-baogao.md"  # 640100-108/2025-00049, 不予公开


def test_a_body_made_public_is_shown_in_full(tmp_path: Path, diff: Any) -> None:
    """不予公开 → 主动公开 changes two lines of front matter: the pull request's own diff shows
    no line of the body that goes public, and the summary only said "secrecy review"."""
    repo = GitSite(tmp_path / "repo")
    repo.edit(WITHHELD, "disclosure: 不予公开", "disclosure: 主动公开")
    repo.edit(WITHHELD, "本件为内部执法案卷材料", "```\n本件为内部执法案卷材料")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    start = markdown.index("<details>")
    block = markdown[start : markdown.index("</details>", start)]
    assert "将公开的正文 (the body that becomes public): 640100-108/2025-00049" in block
    assert "本件为内部执法案卷材料，不予公开。" in block
    assert "````text\n```\n本件为" in block  # a fence longer than the body's own
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (change,) = data["disclosure_changes"]
    assert change["becomes_public"] and "内部执法案卷材料" in change["body"]


def test_withheld_items_new_to_the_listings_are_named_while_the_rule_is_on(
    tmp_path: Path, diff: Any
) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.edit("catalog.yml", "list_withheld_items: false", "list_withheld_items: true")
    repo.commit("list withheld items", when="2026-06-02T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "edit")
    repo.write(
        "content/2026/xzcf-new-withheld.md",
        item_text(
            index_no="640100-108/2026-00131",
            published="2026-06-03",
            written="2026-06-03",
            category="xzcf",
            disclosure="不予公开",
            reason="涉及内部网络地址 10.12.3.45",
            doc_no="示民密〔2026〕3号",
        ),
    )
    repo.commit("a withheld item", when="2026-06-03T10:00:00+08:00")
    data = _json(diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (listed,) = data["withheld_listed"]  # the new one; not the one listed before
    assert listed["index_no"] == "640100-108/2026-00131"
    assert (listed["doc_no"], listed["reason"]) == (
        "示民密〔2026〕3号",
        "涉及内部网络地址 10.12.3.45",
    )
    markdown = diff(["main", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "| 640100-108/2026-00131 | " in markdown
    assert "涉及内部网络地址 10.12.3.45" in markdown
    # A reviewer's walk: keywords added to a listed withheld item go public in catalog.json
    # and .csv, yet the change showed as an ordinary one, with no call for a secrecy review.
    repo.git("checkout", "-q", "-b", "keywords", "main")
    listed_path = "content/2026/shjz-hedui-shuju-anquan-baogao.md"
    repo.edit(listed_path, "\n---\n", "\nkeywords: [核对系统漏洞]\n---\n")
    repo.commit("keywords", when="2026-06-04T10:00:00+08:00")
    data = _json(diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert [w["path"] for w in data["withheld_listed"]] == [listed_path], data["withheld_listed"]


def test_free_pages_and_files_a_body_links_to_are_changes(tmp_path: Path, diff: Any) -> None:
    """A mobile number added to 公开指南, or a PDF replaced that a body links to: both go
    public, and the summary said "no change to the public catalog"."""
    repo = GitSite(tmp_path / "repo")
    linked = "content/2026/files/linked-table.pdf"
    repo.write(linked, "%PDF-1.4 first\n")
    repo.edit(QIXI, "\n---\n", "\n---\n\n[明细表](files/linked-table.pdf)\n")
    repo.commit("a body link", when="2026-06-02T10:00:00+08:00")
    repo.write(linked, "%PDF-1.4 replaced, with names\n")
    repo.edit("content/pages/gkzn.md", "\n---\n", "\n---\n\n联系人：王某。\n")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert data["pages"] == [
        {
            "path": "content/pages/gkzn.md",
            "title": "示例市民政局政府信息公开指南",
            "change": "changed",
            "allowed": [],
        }
    ]
    (change,) = data["changed"]
    (field,) = change["fields"]
    assert field["field"] == "linked_files"
    assert field["old"] == "content/2026/files/linked-table.pdf"
    assert field["new"] == "content/2026/files/linked-table.pdf（文件内容已更换 file replaced）"
    # A reviewer's walk: a body's link to another item's file read "file replaced" when that
    # item changed (it is a link to its page, listed as that item's change), and a linked
    # file removed read "file replaced" too.
    repo.commit("replaced", when="2026-06-03T10:00:00+08:00")
    other = "shzzpg-pinggu-tongzhi-2025.md"
    repo.edit(QIXI, "[明细表]", f"[评估通知](../2025/{other})、[明细表]")
    repo.commit("an item link", when="2026-06-04T10:00:00+08:00")
    repo.edit(f"content/2025/{other}", "\n---\n", "\n---\n\n补充一段。\n")
    (repo.root / linked).unlink()
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    fields = {f["field"]: f for c in data["changed"] for f in c["fields"]}
    assert fields["linked_files"]["old"] == "content/2026/files/linked-table.pdf"
    assert fields["linked_files"]["new"] == (
        "content/2026/files/linked-table.pdf（文件不存在，链接打不开 missing: a dead link）"
    )


def test_a_number_a_page_lets_through_is_shown_with_its_reason(tmp_path: Path, diff: Any) -> None:
    """A mobile number on 公开指南 is an error unless the page's privacy_allow lets it
    through: the diff puts the new allowance and its reason before the reviewer."""
    repo = GitSite(tmp_path / "repo")
    repo.edit(
        "content/pages/gkzn.md",
        "\n---\n",
        '\nprivacy_allow:\n  - text: "13995112345"\n    why: 值班手机，对外公布\n---\n\n'
        "值班手机：13995112345。\n",
    )
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (page,) = data["pages"]
    assert page["allowed"] == [{"text": "13995112345", "why": "值班手机，对外公布"}]
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert (
        "| content/pages/gkzn.md | 示例市民政局政府信息公开指南 | 修改 changed "
        "| 13995112345（理由 why：值班手机，对外公布） |"
    ) in markdown


def test_a_page_with_an_error_is_not_compared_and_not_called_removed(
    tmp_path: Path, diff: Any
) -> None:
    """A number added to 公开指南 without privacy_allow (GK503, an error): the diff listed the
    page as 删除 removed as well as not compared, and a reviewer read that the change deletes
    公开指南. Items with an error were already only "not compared"."""
    repo = GitSite(tmp_path / "repo")
    repo.edit("content/pages/gkzn.md", "\n---\n", "\n---\n\n值班手机：13995112345。\n")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert data["pages"] == []
    assert "content/pages/gkzn.md" in data["unreadable"]


def test_a_number_printed_under_an_allowance_already_there_is_shown(
    tmp_path: Path, diff: Any
) -> None:
    """An allowance left from earlier (a GK304 warning leaves CI green) let a number through
    unseen when a later change printed it: the diff's column compared the lists only."""
    repo = GitSite(tmp_path / "repo")
    allowance = '\nprivacy_allow:\n  - text: "13995112345"\n    why: 值班手机，对外公布\n---\n'
    repo.edit("content/pages/gkzn.md", "\n---\n", allowance)
    repo.commit("an allowance ahead of its number", when="2026-06-02T10:00:00+08:00")
    repo.edit("content/pages/gkzn.md", allowance, allowance + "\n值班手机：13995112345。\n")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (page,) = data["pages"]
    assert page["allowed"] == [{"text": "13995112345", "why": "值班手机，对外公布"}]


def test_the_replaced_attachment_is_the_one_marked(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.write("content/2026/files/bumen-yusuan-2026.pdf", "%PDF-1.4 another\n")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (change,) = data["changed"]
    (field,) = change["fields"]
    pdf, csv = field["new"].split("；")
    assert pdf.endswith("（files/bumen-yusuan-2026.pdf）（文件内容已更换 file replaced）")
    assert csv.endswith("（files/bumen-yusuan-2026.csv）")


def test_a_repeal_names_the_replacing_item_and_a_date_still_to_come(
    tmp_path: Path, diff: Any
) -> None:
    """A reviewer asked to confirm "废止依据是不是写的那份新文件" saw a bare index number, and a
    repeal from next year looked as if it took effect now."""
    repo = GitSite(tmp_path / "repo")
    repo.edit(
        QIXI,
        "status: 有效",
        "status: 废止\nstatus_date: 2027-01-01\nreplaced_by: 640100-108/2025-00049",
    )
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (status,) = data["status_changes"]
    assert status["replaced_by_title"] == "关于一起涉嫌非法社会组织案件调查处理情况的报告"
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert (
        "| 2027-01-01（尚未生效 not yet in effect） | 640100-108/2025-00049 "
        "关于一起涉嫌非法社会组织案件调查处理情况的报告 |"
    ) in markdown


def test_a_new_item_shows_what_the_second_review_checks(tmp_path: Path, diff: Any) -> None:
    """The 新增 table lacked the 文号, the 发布机构 and the attachments a 复审 checks."""
    repo = GitSite(tmp_path / "repo")
    repo.write("content/2026/files/biao.pdf", "%PDF-1.4\n")
    repo.write(
        "content/2026/xin.md",
        item_text(
            index_no="640100-108/2026-00104",
            published="2026-11-30",
            written="2026-11-30",
            doc_no="示民发〔2026〕50号",
            attachments="[{file: files/biao.pdf, title: 补贴标准表}]",
        ),
    )
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (added,) = data["added"]
    assert (added["doc_no"], added["issuer"], added["attachments"]) == (
        "示民发〔2026〕50号",
        "示例市民政局",
        ["补贴标准表（files/biao.pdf）"],
    )
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "| 示民发〔2026〕50号 | 示例市民政局 |" in markdown
    assert "| 补贴标准表（files/biao.pdf） |" in markdown


def test_a_new_item_says_what_the_public_sees_of_it(tmp_path: Path, diff: Any) -> None:
    """A reviewer read a new 不予公开 item, counted under 新增 like any other, as going public."""
    repo = GitSite(tmp_path / "repo")
    for number, disclosure in (
        ("00105", "不予公开"),
        ("00106", "依申请公开"),
        ("00107", "主动公开"),
    ):
        repo.write(
            f"content/2026/xin-{number}.md",
            item_text(
                index_no=f"640100-108/2026-{number}",
                published="2026-11-30",
                written="2026-11-30",
                disclosure=disclosure,
                reason="" if disclosure == "主动公开" else "涉及第三方合法权益",
            ),
        )
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    rows = {
        number: next(line for line in markdown.splitlines() if f"2026-{number} |" in line)
        for number in ("00105", "00106", "00107")
    }
    assert "| 不公开，网站上没有 (not published: not on the site) |" in rows["00105"]
    assert "| 只在目录中列出，无正文 (listed, no page or body) |" in rows["00106"]
    assert "| 页面和目录 (its page, listed) |" in rows["00107"]
    assert "| 3（其中不公开 1 of them withheld） |" in markdown
    # With rules.list_withheld_items on, the new withheld item's listing row goes public.
    repo.edit("catalog.yml", "list_withheld_items: false", "list_withheld_items: true")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    added = markdown[markdown.index("### 新增") :]
    row = next(line for line in added.splitlines() if "2026-00105 |" in line)
    assert "| 只列标题、文号和理由，无正文 (listed with its reason, no page or body) |" in row


def test_what_the_secrecy_review_turns_on_comes_first(tmp_path: Path, diff: Any) -> None:
    """A newcomer's walk: below eight new items' wide table came the status change, then
    "正文将公开"; a new 不予公开 item's legal basis, which the secrecy reviewer confirms, was
    nowhere in the summary."""
    repo = GitSite(tmp_path / "repo")
    for number in range(101, 109):
        repo.write(
            f"content/2026/xin-{number}.md",
            item_text(index_no=f"640100-108/2026-00{number}", published="2026-11-30"),
        )
    repo.write(
        "content/2026/xin-109.md",
        item_text(
            index_no="640100-108/2026-00109",
            title="关于某社会组织违法案件的调查报告",
            published="2026-11-30",
            disclosure="不予公开",
            reason="依据《条例》第十六条第二款，不予公开",
        ),
    )
    repo.edit(FEIFA, "disclosure: 不予公开", "disclosure: 主动公开")
    repo.edit(
        ZHUYAO,
        "status: 有效\n",
        "status: 废止\nstatus_date: 2026-06-30\nreplaced_by: 《示例市民政局职能配置规定》\n",
    )
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    sections = [line for line in markdown.splitlines() if line.startswith("### ")]
    assert sections[0] == "### 先看 (read first): 保密审查与效力变化 (secrecy review and status)"
    block = markdown[markdown.index(sections[0]) : markdown.index(sections[1])]
    first = [line for line in block.splitlines() if line.startswith("- ")]
    assert first == [
        "- ⚠️ **正文将公开 (a body goes public)**：640100-108/2025-00049 "
        "关于一起涉嫌非法社会组织案件调查处理情况的报告（不予公开 → 主动公开）：请完成保密审查，全文见下方"
        " “将公开的正文” (secrecy review: the full text is below)",
        "- 🔒 **新增不予公开 (new, withheld)**：640100-108/2026-00109 关于某社会组织违法案件的调查报告"
        "；请核对理由的法律依据 (check its reason's legal basis)：“依据《条例》第十六条第二款，不予公开”",
        "- **效力变化 (status)**：640100-108/2023-00011 示例市民政局主要职责和内设机构：有效 → 废止"
        "，2026-06-30，依据 (by) 《示例市民政局职能配置规定》",
    ]
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    reasons = {row["index_no"]: row["reason"] for row in data["added"]}
    assert reasons["640100-108/2026-00109"] == "依据《条例》第十六条第二款，不予公开"
    # Nothing of the kind, no such section: a new 主动公开 item alone.
    repo.git("add", "-A")
    repo.commit("all of it", when="2026-11-30T10:00:00+08:00")
    repo.write(
        "content/2026/xin-110.md",
        item_text(index_no="640100-108/2026-00110", published="2026-11-30"),
    )
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "先看" not in markdown


def test_a_privacy_allowance_is_shown_with_its_reason(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.edit(
        QIXI, "\n---\n", "\nprivacy_allow: [{text: '13995112345', why: 公开的服务热线}]\n---\n"
    )
    repo.edit(QIXI, "七夕节", "七夕节（咨询 13995112345）")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (change,) = data["changed"]
    allowed = next(f for f in change["fields"] if f["field"] == "privacy_allow")
    assert allowed["new"] == "13995112345（理由 why：公开的服务热线）"


def test_a_new_items_privacy_allowance_is_shown_with_its_reason(tmp_path: Path, diff: Any) -> None:
    """A reviewer's walk: a new item's allowances (a full ID number, 本人同意) were in neither
    the Markdown nor the JSON, where a changed item's and a free page's are listed."""
    repo = GitSite(tmp_path / "repo")
    text = repo.read(QIXI).replace("640100-108/2026-00037", "640100-108/2026-09037", 1)
    text = text.replace(
        "\n---\n", "\nprivacy_allow: [{text: '13995112345', why: 本人同意}]\n---\n", 1
    )
    repo.write(
        "content/2026/new-allowed.md", text.replace("七夕节", "七夕节（咨询 13995112345）", 1)
    )
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (added,) = data["added"]
    assert added["privacy_allow"] == "13995112345（理由 why：本人同意）"
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "允许公开的个人信息 personal data allowed" in markdown
    assert "13995112345（理由 why：本人同意）" in markdown


def test_a_body_change_shows_its_lines(tmp_path: Path, diff: Any) -> None:
    """A changed deadline and a punctuation fix both read "607 字 → 607 字（已修改）"."""
    repo = GitSite(tmp_path / "repo")
    text = repo.read(QIXI)
    line = next(x for x in text.splitlines() if x.startswith("2026年8月19日"))
    repo.edit(QIXI, line, line.replace("七夕", "七夕（农历七月初七）", 1))
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (change,) = data["changed"]
    (body,) = change["fields"]
    assert f"-{line.rstrip()}" in body["detail"].splitlines()
    assert "+" + line.replace("七夕", "七夕（农历七月初七）", 1).rstrip() in body["detail"]
    # In both languages, as the rest of the summary (a reviewer's finding).
    assert body["new"] == f"{int(body['old'].split()[0]) + 8} 字符 characters（已修改 changed）"
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "<summary>正文的改动 (what changed in the body)</summary>" in markdown
    assert "```diff\n" in markdown


def test_partly_disclosed_with_the_body_untouched_is_questioned(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.edit(QIXI, "disclosure: 主动公开", "disclosure: 部分公开\nreason: 删去了申请人的联系方式")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "改为部分公开，但正文没有改动" in markdown
    repo.edit(QIXI, "2026年8月19日（星期三", "2026年8月19日（周三")  # the body too: no question
    assert (
        "改为部分公开，但正文没有改动"
        not in diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    )


def test_a_new_site_address_is_explained(tmp_path: Path, diff: Any) -> None:
    repo = GitSite(tmp_path / "repo")
    repo.edit("catalog.yml", "https://example.gov.cn/xxgk/", "https://www.example.gov.cn/xxgk/")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "| 网站地址 site.base_url | https://example.gov.cn/xxgk/ |" in markdown
    assert "每页的二维码都指向新网址" in markdown


def test_what_the_check_says_of_the_changed_files_is_in_the_summary(
    tmp_path: Path, diff: Any
) -> None:
    """A dead link is a warning: the pull request was green, and a reviewer reading the
    summary never saw it."""
    repo = GitSite(tmp_path / "repo")
    repo.edit(QIXI, "2026年8月19日（星期三", "[细则](files/xize.pdf)2026年8月19日（星期三")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert [(p["file"], p["code"], p["severity"]) for p in data["problems"]] == [
        (QIXI, "GK119", "warning")
    ]
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "### 检查提示 (what gkml check says of the changed files): 1" in markdown
    assert f"| {QIXI}:" in markdown and "| 警告 warning GK119 |" in markdown
    # Counted at the top too, in the last column of the count table.
    head, counts = [line for line in markdown.splitlines() if line.startswith("| ")][:3:2]
    assert head.endswith("| 检查提示 check problems |") and counts.endswith("| 1 |")


def test_a_new_catalog_yml_warning_is_in_the_summary(tmp_path: Path, diff: Any) -> None:
    """A 繁體 reader's walk: a `traditional_fixes` entry that never applies (GK412) added in
    a pull request was listed under the settings, but the summary's check problems counted
    content files only, and the reviewer saw no warning."""
    repo = GitSite(tmp_path / "repo")
    repo.edit("catalog.yml", "    困难: 困難\n", "    困难: 困難\n    困難: 困难\n")
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert [(p["file"], p["code"], p["severity"]) for p in data["problems"]] == [
        ("catalog.yml", "GK412", "warning")
    ]
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "### 检查提示 (what gkml check says of the changed files): 1" in markdown
    assert "| catalog.yml:" in markdown and "| 警告 warning GK412 |" in markdown


def test_a_withheld_body_is_not_copied_into_the_summary(tmp_path: Path, diff: Any) -> None:
    """A reviewer's walk: a 不予公开 body's new lines, an ID number and a password among them,
    were printed in the job summary, which is kept with the run."""
    repo = GitSite(tmp_path / "repo")
    withheld = "content/2026/shjz-hedui-shuju-anquan-baogao.md"
    secret = "数据库口令 Gkml-2026-secret，联系人身份证号 640104198503122410。"
    repo.write(withheld, repo.read(withheld) + f"\n{secret}\n")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "Gkml-2026-secret" not in markdown and "640104198503122410" not in markdown
    assert "正文不公开，改动不在此显示" in markdown
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert "Gkml-2026-secret" not in json.dumps(data, ensure_ascii=False)
    # A public body's change is still shown.
    repo.edit(QIXI, "2026年8月19日（星期三", "2026年8月19日（周三")
    assert "+2026年8月19日（周三" in diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout


def test_a_summary_over_githubs_limit_leaves_out_its_folded_blocks_from_the_last() -> None:
    from generator.diffreport import _within

    head = "## 公开目录变化\n\n| 新增 added | 删除 removed |\n| --- | --- |\n| 1 | 0 |\n"
    blocks = [
        f"\n<details>\n<summary>第{n}条</summary>\n\n```diff\n{'+正文' * 400}\n```\n\n</details>\n"
        for n in range(5)
    ]
    text = head + "".join(blocks)
    assert _within(text, len(text.encode())) == text
    most = len(text.encode()) // 2
    kept = _within(text, most)
    assert len(kept.encode()) <= most
    assert kept.startswith(head) and "<summary>第0条</summary>" in kept
    assert "<summary>第4条</summary>" not in kept and "too long to show here" in kept
    assert kept.count("<details>") == kept.count("</details>")
    tiny = _within(text, 200)
    assert len(tiny.encode()) <= 200 and tiny.endswith("see Files changed）\n")


def test_a_cut_summary_leaves_no_part_of_a_body_as_markdown() -> None:
    """A security review: a body shown in a folded block had a line `</details>` of its own,
    and the cut ended the block there: the rest of the body (a fake review heading, an open
    comment hiding the report after it) was the summary's Markdown."""
    from generator.diffreport import _code, _folded, _within

    hostile = "正文" * 2000 + "\n</details>\n\n## ✅ 保密审查：无需展开\n\n<!--\n"
    text = "## 公开目录变化\n" + "\n".join(_folded("第1条", hostile, "text")) + "\n\n### 修改\n"
    kept = _within(text, len(text.encode()) // 2)
    assert "保密审查" not in kept and "<!--" not in kept, kept
    assert kept.endswith("### 修改\n")
    assert "\n" not in _code("content/2024/a\n\n## ✅ 审查完成\n\n<!-- x.md")


def test_a_document_withheld_names_the_pages_that_lose_their_reference_to_it(
    tmp_path: Path, diff: Any
) -> None:
    """Left undone at the last stops: an amending 决定 made 不予公开 takes the 修改依据 line off
    the amended 办法's page, and the summary named the 决定 alone. The pages that no longer
    name it are listed, in the JSON too."""
    repo = GitSite(tmp_path / "repo")
    jueding = "content/2026/bmwj-xiugai-yunying-butie-jueding.md"
    reason = "本信息涉及内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条，不予公开。"
    repo.edit(jueding, "disclosure: 主动公开", f"disclosure: 不予公开\nreason: {reason}")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| 640100-108/2026-00021"))
    assert "这些信息的页面将不再提到它" in row and "640100-108/2024-00012" in row, row
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    (change,) = data["disclosure_changes"]
    assert change["referrers"] == ["640100-108/2024-00012"]  # the 办法 it amended


def test_withheld_made_on_request_says_its_metadata_will_be_listed(
    tmp_path: Path, diff: Any
) -> None:
    """A reviewer's walk: 不予公开 → 依申请公开 read "正文公开与否不变", while the title, 索引号 and
    reason newly appeared in the listings, catalog.csv and catalog.json."""
    repo = GitSite(tmp_path / "repo")
    withheld = "content/2026/shjz-hedui-shuju-anquan-baogao.md"
    repo.edit(withheld, "disclosure: 不予公开", "disclosure: 依申请公开")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "正文仍不公开，但标题、索引号、文号和理由将列入目录" in markdown
    assert "正文公开与否不变" not in markdown


def test_the_summary_counts_what_the_check_fails_on_beside_the_changed_files(
    tmp_path: Path, diff: Any
) -> None:
    """A reviewer's walk: deleting an item that another names (replaced_by) failed
    `check --changed-since` with GK204 on the other file, and the summary counted 0."""
    repo = GitSite(tmp_path / "repo")
    named = "content/2026/bmwj-xiugai-yunying-butie-jueding.md"
    assert "2026-00021" in repo.read(named)
    repo.delete(named)
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    codes = {(p["code"], p["severity"]) for p in data["problems"]}
    assert ("GK204", "error") in codes, data["problems"]
    assert all(p["file"] != named for p in data["problems"])


def test_an_item_online_dated_earlier_is_listed(tmp_path: Path, diff: Any) -> None:
    """A reviewer's walk: moving an online item's 发布日期 five weeks earlier was a plain field
    row; a new item's back-dating has a ⚠️ section, and this is the same risk."""
    repo = GitSite(tmp_path / "repo")
    text = repo.read(QIXI)
    published = next(line for line in text.splitlines() if line.startswith("published:"))
    old = date.fromisoformat(published.split(":", 1)[1].strip()[:10])
    earlier = date.fromordinal(old.toordinal() - 35)
    repo.edit(QIXI, published, f"published: {earlier.isoformat()}")
    written = next(line for line in text.splitlines() if line.startswith("written:"))
    repo.edit(QIXI, written, f"written: {earlier.isoformat()}")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "### ⚠️ 已上网的信息发布日期提前 (items online dated earlier): 1" in markdown
    assert f"| {old.isoformat()} | {earlier.isoformat()} | 35 |" in markdown
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert [(r["old_published"], r["days"]) for r in data["redated"]] == [(old.isoformat(), 35)]
    # The same date again: no such section (the count table still names the column).
    repo.edit(QIXI, f"published: {earlier.isoformat()}", f"published: {old.isoformat()}")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "### ⚠️ 已上网的信息发布日期提前" not in markdown


def test_a_file_renamed_with_an_error_now_is_not_called_removed(tmp_path: Path, diff: Any) -> None:
    """A reviewer's walk: a file renamed and given a wrong index number was listed under
    删除, as if the item left the site, besides being under the files with errors."""
    repo = GitSite(tmp_path / "repo")
    text = repo.read(QIXI)
    repo.delete(QIXI)
    repo.write("content/2026/renamed.md", text.replace("640100-108/2026-00037", "640100-108/26-37"))
    data = _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    assert data["removed"] == []
    assert data["unreadable"] == ["content/2026/renamed.md"]


def test_a_body_made_public_shows_none_of_what_was_withheld(tmp_path: Path, diff: Any) -> None:
    """A walk: 不予公开 made 部分公开 with the secret lines redacted printed those lines as the
    body's `-` lines; a 不予公开 item's privacy_allow printed a full ID number."""
    repo = GitSite(tmp_path / "repo")
    withheld = "content/2026/shjz-hedui-shuju-anquan-baogao.md"
    secret = "数据库口令 Gkml-2026-secret 写在此处。"
    repo.write(withheld, repo.read(withheld) + f"\n{secret}\n")
    repo.commit("secret", when="2026-06-18T10:00:00+08:00")

    repo.edit(withheld, secret, "（涉及网络安全的内容已删除。）")
    repo.edit(withheld, "disclosure: 不予公开", "disclosure: 部分公开")
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    data = json.dumps(
        _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])),
        ensure_ascii=False,
    )
    assert "（涉及网络安全的内容已删除。）" in markdown  # the body to be published is shown
    assert "Gkml-2026-secret" not in markdown and "Gkml-2026-secret" not in data

    # A new 不予公开 item whose privacy_allow holds a full ID number.
    repo.edit(withheld, "disclosure: 部分公开", "disclosure: 不予公开")
    number = "640104198503122410"
    text = repo.read(withheld).replace("2026-00031", "2026-00099")
    text = text.replace(
        "genre: 报告\n", f"genre: 报告\nprivacy_allow:\n  - {{text: '{number}', why: 内部核对}}\n"
    )
    repo.write("content/2026/shjz-new-withheld.md", text)
    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "640100-108/2026-00099" in markdown
    assert "（正文不公开，不在此显示 not shown: the body is not public）" in markdown
    assert number not in markdown


# Two ID numbers an item's privacy_allow lets through, and the forms a reviewer could read
# them in: whole, masked as gkml check shows them, and the birth date inside each.
_BEFORE = ("640104198503122410", "640104********2410", "19850312")
_AFTER = ("640102197811230015", "640102********0015", "19781123")


@pytest.mark.parametrize(
    ("item", "was", "now"),
    [
        ("content/2026/shjz-hedui-shuju-anquan-baogao.md", "不予公开", "不予公开"),
        ("content/2025/shjz-zijin-fenpei-mingxi-2025.md", "依申请公开", "依申请公开"),
        ("content/2026/shjz-hedui-shuju-anquan-baogao.md", "主动公开", "不予公开"),
        ("content/2026/shjz-hedui-shuju-anquan-baogao.md", "不予公开", "主动公开"),
    ],
    ids=["withheld", "on-request", "public-to-withheld", "withheld-to-public"],
)
def test_a_privacy_allowance_of_a_body_not_public_is_never_shown(
    item: str, was: str, now: str, tmp_path: Path, diff: Any
) -> None:
    """An audit: when an item not public changed the number its privacy_allow lets through,
    the summary posted to the pull request (and kept with the run) printed the number it let
    through before, a full ID number. Neither side's number is shown while its body is not
    public; one that is to be published is shown for the reviewer to confirm."""
    repo = GitSite(tmp_path / "repo")
    original = repo.read(item)

    def allowing(disclosure: str, number: str, title: str = "") -> str:
        text = re.sub(r"\ndisclosure: [^\n]*\n", f"\ndisclosure: {disclosure}\n", original)
        text = re.sub(r"\ntitle: ([^\n]*)\n", f"\ntitle: \\1{title}\n", text, count=1)
        return text.replace(
            "\n---\n", f"\nprivacy_allow: [{{text: '{number}', why: 内部核对}}]\n---\n", 1
        )

    repo.write(item, allowing(was, _BEFORE[0]))
    repo.commit("allowance", when="2026-06-18T10:00:00+08:00")
    repo.write(item, allowing(now, _AFTER[0], "（更正）"))  # its title too: the item is listed

    markdown = diff(["HEAD", "--site", repo.root, "--as-of", AS_OF]).stdout
    data = json.dumps(
        _json(diff(["HEAD", "--site", repo.root, "--as-of", AS_OF, "--format", "json"])),
        ensure_ascii=False,
    )
    assert item in markdown  # the item is in the summary
    hidden = [*(_BEFORE if was != "主动公开" else ()), *(_AFTER if now != "主动公开" else ())]
    assert [form for form in hidden if form in markdown or form in data] == []
    if now == "主动公开":  # to be published: the reviewer confirms it
        assert f"{_AFTER[0]}（理由 why：内部核对）" in markdown
        assert f"{_AFTER[0]}（理由 why：内部核对）" in data


def test_a_long_changed_line_shows_where_it_changed_and_says_it_is_cut() -> None:
    """A reviewer's walk: a 360-character paragraph was cut at 300 with a bare "…", just
    before its link to a withheld item, and nothing said the line went on."""
    from generator.sitediff import _body_changes

    old = "甲" * 400 + "。"
    new = "甲" * 350 + "乙乙乙" + "甲" * 47 + "。"
    shown = _body_changes(old, new)
    assert "乙乙乙" in shown and "（本行共 401 字，只显示一部分" in shown, shown
    added = _body_changes("短", "短\n" + "丙" * 330 + "[核对报告](../2026/x.md)")
    assert "（本行共 350 字，只显示一部分 350 characters, cut）" in added, added
    assert "只显示一部分" not in _body_changes("短", "短\n" + "丁" * 300)


def test_a_repeal_that_would_forget_an_amendment_is_pointed_out(tmp_path: Path, diff: Any) -> None:
    """A lawyer's walk: 已修改 → 废止 dropped the amendment from the site and from every
    `--as-of` snapshot, and the diff said nothing. It says so, and how to keep it; kept in
    amendments, it says nothing."""
    rel = "content/2024/bmwj-yanglao-yunying-butie-banfa.md"  # 已修改 by 2026-00021
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    repealed = "status: 废止\nstatus_date: 2026-11-01\nreplaced_by: 640100-108/2026-00048\n"
    repo.edit(
        rel,
        "status: 已修改\nstatus_date: 2026-05-01\nreplaced_by: 640100-108/2026-00021\n",
        repealed,
    )
    repo.commit("repeal", when="2026-11-02T10:00:00+08:00")
    args = ["main", "--site", repo.root, "--as-of", AS_OF, "--format", "markdown"]
    warned = diff(args)
    assert "⚠️ 640100-108/2024-00012 原为 已修改（2026-05-01，依据 640100-108/2026-00021）" in (
        warned.stdout
    )
    repo.edit(
        rel,
        repealed,
        repealed + "amendments: [{date: 2026-05-01, by: 640100-108/2026-00021}]\n",
    )
    repo.commit("keep the amendment", when="2026-11-02T11:00:00+08:00")
    kept = diff(args).stdout
    assert "原为 已修改" not in kept
    # the field's new value as the reviewer reads it (an editor's walk: Amendment(date=…))
    assert "2026-05-01 640100-108/2026-00021" in kept and "Amendment(" not in kept


def test_a_forgotten_amendments_basis_is_shown_as_typed(tmp_path: Path, diff: Any) -> None:
    """A security review: the ⚠️ line printed the basis raw in its blockquote, and Markdown
    written there in the base branch (bold, a link, an image, backticks) was the summary's."""
    rel = "content/2024/bmwj-yanglao-yunying-butie-banfa.md"  # 已修改 by 2026-00021
    basis = (
        "《决定》**✅ 保密审查已完成** [通过](https://e.example/) ![i](https://e.example/i.png) `x`"
    )
    repo = GitSite(tmp_path / "repo")
    repo.edit(rel, "replaced_by: 640100-108/2026-00021\n", f"replaced_by: '{basis}'\n")
    repo.commit("a basis written as text", when="2026-11-01T10:00:00+08:00")
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit(
        rel, "status: 已修改\nstatus_date: 2026-05-01\n", "status: 废止\nstatus_date: 2026-11-01\n"
    )
    repo.commit("repeal", when="2026-11-02T10:00:00+08:00")

    out = diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "markdown"]).stdout

    [line] = [line for line in out.splitlines() if line.startswith("> ⚠️")]
    typed = (
        "《决定》\\*\\*✅ 保密审查已完成\\*\\* \\[通过\\](https://e.example/)"
        " !\\[i\\](https://e.example/i.png) \\`x\\`"
    )
    assert f"（2026-05-01，依据 {typed}）" in line
    assert f"by {typed} is not kept" in line
    entry = '{date: 2026-05-01, by: "' + basis + '"}'
    assert f"请加上 ``amendments: [{entry}]``" in line  # one code span, whatever its backticks


def test_an_amendment_is_pointed_out_when_amended_again_but_not_when_undone(
    tmp_path: Path, diff: Any
) -> None:
    """A re-walk: a second amendment forgot the first with no ⚠️ line; a mistaken amendment
    undone (back to 有效) was told to keep it, which GK147 then refused; the line to add was
    no YAML for a basis written as text, and added a second `amendments:` to a file that had
    one."""
    rel = "content/2024/bmwj-yanglao-yunying-butie-banfa.md"  # 已修改 by 2026-00021
    amended = "status: 已修改\nstatus_date: 2026-05-01\nreplaced_by: 640100-108/2026-00021\n"
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    args = ["main", "--site", repo.root, "--as-of", AS_OF, "--format", "markdown"]
    again = "status: 已修改\nstatus_date: 2026-10-01\nreplaced_by: 《示例市人民政府关于修改部分规章的决定》: 第3条\n"
    repo.edit(rel, amended, again.replace(": 第3条", "：第3条"))
    repo.commit("amended again", when="2026-11-02T10:00:00+08:00")
    out = diff(args).stdout
    assert "原为 已修改（2026-05-01，依据 640100-108/2026-00021）" in out
    assert '`amendments: [{date: 2026-05-01, by: "640100-108/2026-00021"}]`' in out
    # a basis written as text is quoted, and a list already there gets an entry
    repo.edit(
        rel,
        again.replace(": 第3条", "：第3条"),
        again.replace("2026-10-01", "2026-11-01").replace(": 第3条", "：第3条")
        + "amendments: [{date: 2026-05-01, by: 640100-108/2026-00021}]\n",
    )
    repo.commit("base", when="2026-11-02T11:00:00+08:00")
    repo.git("checkout", "-q", "-b", "third")
    repo.edit(
        rel, "status: 已修改\nstatus_date: 2026-11-01", "status: 废止\nstatus_date: 2026-11-03"
    )
    repo.commit("repealed", when="2026-11-03T11:00:00+08:00")
    out = diff(["edit", "--site", repo.root, "--as-of", AS_OF, "--format", "markdown"]).stdout
    assert (
        '请在 amendments 中加上一项 `- {date: 2026-11-01, by: "《示例市人民政府关于修改部分规章的决定》：第3条"}`'
        in out
    )
    # undone: no line
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "undo")
    repo.edit(rel, amended, "status: 有效\n")
    repo.commit("a mistaken amendment undone", when="2026-11-02T12:00:00+08:00")
    assert "原为 已修改" not in diff(args).stdout


def test_an_expiry_the_site_shows_already_is_said_to_be_shown(tmp_path: Path, diff: Any) -> None:
    """An editor's walk: writing down an expiry as GK113 asks (失效, the day after 有效期至)
    read in the diff as a change to the public site, which showed it so already."""
    rel = "content/2026/ghjh-zwgk-yaodian-2026.md"  # 有效, valid_until 2026-12-31
    repo = GitSite(tmp_path / "repo")
    assert "valid_until: 2026-12-31" in repo.read(rel)
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit(rel, "status: 有效\n", "status: 失效\nstatus_date: 2027-01-01\n")
    repo.commit("expired", when="2027-01-02T10:00:00+08:00")
    out = diff(["main", "--site", repo.root, "--as-of", "2027-01-02", "--format", "markdown"])
    assert "2027-01-01（网站已按失效显示 shown so already）" in out.stdout


def test_a_new_interpretation_is_shown_beside_its_policy_date(tmp_path: Path, diff: Any) -> None:
    """An editor's walk: the handbook asks the reviewer to compare an interpretation's 发布日期
    with its policy's, and the summary gave only the interpretation's. The sample's 养老 办法
    (640100-108/2024-00012) was published on 2024-03-14 (a Thursday)."""
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    interprets = "640100-108/2024-00012"
    # on time: the Monday after (Friday 15th and Monday 18th: 2 working days)
    repo.write(
        "content/2024/jiedu-a.md",
        new_item("640100-108/2024-00091", "2024-03-18", category="zcjd", interprets=interprets),
    )
    # late: a month after
    repo.write(
        "content/2024/jiedu-b.md",
        new_item("640100-108/2024-00092", "2024-04-15", category="zcjd", interprets=interprets),
    )
    repo.commit("two interpretations", when="2026-11-30T10:00:00+08:00")
    text = diff(["main", "--site", repo.root, "--as-of", AS_OF]).stdout
    assert "#### 新增解读与所解读的政策 (new interpretations and their policies): 2" in text
    title = "示例市养老机构运营补贴管理办法"
    assert (
        f"| 640100-108/2024-00091 | 2024-03-18 | {interprets} | {title} | 2024-03-14 | 2 |" in text
    )
    late = next(
        line
        for line in text.splitlines()
        if line.startswith("| 640100-108/2024-00092 | 2024-04-15")
    )
    assert late.endswith("⚠️ |"), late  # more than the 3 working days catalog.yml allows
    data = _json(diff(["main", "--site", repo.root, "--as-of", AS_OF, "--format", "json"]))
    added = {row["index_no"]: row for row in data["added"]}
    assert added["640100-108/2024-00091"]["interprets"] == {
        "index_no": interprets,
        "title": title,
        "published": "2024-03-14",
        "working_days": 2,
        "estimated": False,
        "late": False,
        "before_policy_days": None,
        "within": 3,
    }
    # What the table marks, for a CI script too (a re-walk).
    assert added["640100-108/2024-00092"]["interprets"]["late"] is True
    assert all("interprets" not in row for row in data["changed"] + data["removed"])


def test_a_status_put_right_without_corrected_is_pointed_out_but_not_a_repeal(
    tmp_path: Path, diff: Any
) -> None:
    """A mistaken amendment undone (back to 有效) took the item's 更新日期 back to its
    publication, and one put right as a repeal of the same day kept it: the feeds and the
    listings did not show the change, and nothing told the reviewer to ask for `corrected`.
    A repeal, a later amendment and a repeal still to come move the day (or show nothing
    yet): no note; nor an undoing that gives corrected."""
    rel = "content/2024/bmwj-yanglao-yunying-butie-banfa.md"  # 已修改 on 2026-05-01
    amended = "status: 已修改\nstatus_date: 2026-05-01\nreplaced_by: 640100-108/2026-00021\n"
    repo = GitSite(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "edit")
    args = ["main", "--site", repo.root, "--as-of", AS_OF]

    def noted() -> list[tuple[str, str | None]]:
        data = _json(diff([*args, "--format", "json"]))
        return [(s["index_no"], s["uncorrected_day"]) for s in data["status_changes"]]

    undone = "status: 有效\n"
    repo.edit(rel, amended, undone)
    assert noted() == [("640100-108/2024-00012", "2024-03-14")]
    [line] = [s for s in diff(args).stdout.splitlines() if s.startswith("> ⚠️")]
    assert line.startswith(
        "> ⚠️ 640100-108/2024-00012 已公开的效力状态改了（已修改 → 有效），更新日期却仍是"
        " 2024-03-14：订阅源和列表不会显示这次改动。若这是更正错误（如误废止、写错的状态或日期），"
        "请加一行 `corrected: 2026-12-01`（更正日期）。"
    ), line
    repo.edit(rel, undone, f"{undone}corrected: 2026-12-01\n")
    assert noted() == [("640100-108/2024-00012", None)]
    same_day = amended.replace("已修改", "废止")
    repo.edit(rel, f"{undone}corrected: 2026-12-01\n", same_day)
    assert noted() == [("640100-108/2024-00012", "2026-05-01")]
    for normal in (
        amended.replace("已修改", "废止").replace("2026-05-01", "2026-11-01"),  # repealed since
        amended.replace("2026-05-01", "2026-10-01"),  # amended again
        amended.replace("已修改", "废止").replace("2026-05-01", "2027-01-01"),  # still to come
    ):
        repo.edit(rel, same_day, normal)
        assert noted() == [("640100-108/2024-00012", None)], normal
        repo.edit(rel, normal, same_day)
    repo.edit(rel, same_day, amended)
    repealed = "status: 废止\nstatus_date: 2026-06-30\nreplaced_by: 《规定》\n"
    repo.edit(ZHUYAO, "status: 有效\n", repealed)  # 有效 until now
    assert noted() == [("640100-108/2023-00011", None)]
