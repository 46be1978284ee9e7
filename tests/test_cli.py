"""The `gkml` command line: output formats, exit codes, PATHS, and `gkml new`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import (
    AS_OF,
    INVALID_DIR,
    MINIMAL,
    MakeSite,
    Run,
    RunGkml,
    ctrl_c,
    from_a_terminal,
    item_text,
)

from generator.fields import FIELDS
from generator.outputtree import stopped
from generator.reader import PLACEHOLDER_BODY
from generator.usage import bilingual

CLEAN = "检查通过，没有发现问题。(No problems found.)\n"
DUP_INDEX = "640100-108/2024-00001"
FIRST = "content/2024/640100-108-2024-00001.md"
SECOND = "content/2024/640100-108-2024-00002.md"


def check(run_gkml: RunGkml, site: Path, *args: str | Path) -> tuple[int, str, str]:
    return run_gkml(["check", "--site", site, "--as-of", AS_OF, *args])


# -- output formats ---------------------------------------------------------------------------
def test_json_format(run_gkml: RunGkml, tmp_path: Path) -> None:
    # Run from elsewhere: paths in the report stay relative to the site root.
    result = run_gkml(
        ["check", "--site", INVALID_DIR / "GK207-topic", "--as-of", AS_OF, "--format", "json"],
        cwd=tmp_path,
    )
    assert result.exit_code == 1
    assert result.stderr == ""
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert len(rows) == 1
    row = rows[0]
    assert {
        k: row[k]
        for k in (
            "file",
            "line",
            "column",
            "severity",
            "code",
            "field",
            "message_zh",
            "message_en",
        )
    } == {
        "file": "content/2024/tongzhi.md",
        "line": 11,
        "column": 10,
        "severity": "error",
        "code": "GK207",
        "field": "topics",
        "message_zh": "未知的主题分类 “社会救济”；是否应为 “社会救助”？",
        "message_en": 'unknown topic "社会救济"; did you mean "社会救助"?',
    }
    assert row["fix_zh"] == "使用 catalog.yml 中 topics 列出的词（主题分类）"
    assert row["fix_en"] == "use a word of topics in catalog.yml"
    assert row["source_line"] == "topics: [社会救济]"


def test_json_format_is_pure_json_even_when_catalog_is_broken(run_gkml: RunGkml) -> None:
    result = run_gkml(
        ["check", "--site", INVALID_DIR / "GK402-tab", "--as-of", AS_OF, "--format", "json"]
    )
    assert result.exit_code == 2
    rows = json.loads(result.stdout)
    assert [(r["file"], r["line"], r["column"], r["code"]) for r in rows] == [
        ("catalog.yml", 3, 1, "GK402")
    ]


def test_json_format_of_a_clean_site_is_an_empty_array(run_gkml: RunGkml) -> None:
    result = check(run_gkml, MINIMAL, "--format", "json")
    assert result == (0, "[]\n", "")


def test_github_format(run_gkml: RunGkml) -> None:
    error = check(run_gkml, INVALID_DIR / "GK207-topic", "--format", "github")
    assert error.exit_code == 1
    assert error.stdout.splitlines() == [
        "::error file=content/2024/tongzhi.md,line=11,col=10,title=GK207 主题分类不存在::"
        "未知的主题分类 “社会救济”；是否应为 “社会救助”？"
        '%0A(unknown topic "社会救济"; did you mean "社会救助"?)'
        "%0A修改建议：使用 catalog.yml 中 topics 列出的词（主题分类） (fix: use a word of topics in catalog.yml)",
        "发现 1 个错误、0 个警告。(1 error, 0 warnings.)",
    ]
    warning = check(run_gkml, INVALID_DIR / "GK109-square-brackets", "--format", "github")
    assert warning.exit_code == 0
    assert warning.stdout.splitlines()[0] == (
        "::warning file=content/2024/tongzhi.md,line=5,col=9,title=GK109 文号括号不规范::"
        "文号 “示民发[2024]1号” 的年份应使用六角括号〔〕，写作 “示民发〔2024〕1号”"
        '%0A(doc_no "示民发[2024]1号": the year takes hexagonal brackets 〔〕: "示民发〔2024〕1号")'
        "%0A修改建议：文号一行改为 doc_no: 示民发〔2024〕1号 (fix: write doc_no: 示民发〔2024〕1号)"
    )


def test_github_format_without_a_position(run_gkml: RunGkml, tmp_path: Path) -> None:
    result = run_gkml(["check", "--as-of", AS_OF, "--format", "github"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        "::error file=catalog.yml,title=GK401 找不到 catalog.yml::在 . 找不到 catalog.yml"
        "%0A(catalog.yml not found in .)"
        "%0A修改建议：在网站根目录放置 catalog.yml，或用 --site 指定网站目录"
        " (fix: put catalog.yml in the site's folder, or give the site's folder with --site)"
    )


def test_github_format_escapes_commas_in_file_names(run_gkml: RunGkml, make_site: MakeSite) -> None:
    site = make_site(
        {"content/2024/a,b.md": item_text(index_no="640100-108/2024-00003", topics="[社会救济]")}
    )
    result = check(run_gkml, site, "--format", "github")
    assert result.stdout.startswith(
        "::error file=content/2024/a%2Cb.md,line=11,col=10,title=GK207 主题分类不存在::"
    )


# -- exit codes ------------------------------------------------------------------------------
def test_strict_turns_warnings_into_failure(run_gkml: RunGkml) -> None:
    warnings_only = INVALID_DIR / "GK109-square-brackets"
    assert check(run_gkml, warnings_only).exit_code == 0
    assert check(run_gkml, warnings_only, "--strict").exit_code == 1
    assert check(run_gkml, INVALID_DIR / "GK207-topic", "--strict").exit_code == 1
    assert check(run_gkml, MINIMAL, "--strict").exit_code == 0


def test_missing_site_folder_exits_2(run_gkml: RunGkml, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = check(run_gkml, missing)
    assert result == (
        2,
        "",
        f"gkml: 网站目录 {missing} 不存在 (site folder {missing} does not exist)\n",
    )


def test_a_catalog_yml_that_is_a_folder_is_reported_not_a_traceback(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    root = make_site({"catalog.yml": None})
    (root / "catalog.yml").mkdir()
    for command in (["check", "--site", root], ["build", "--site", root, "--out", root / "o"]):
        result = run_gkml(command)
        assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr
        assert f"GK401 无法读取 {root} 中的 catalog.yml：这是一个文件夹" in result.stdout
        assert "(cannot read catalog.yml in" in result.stdout
    assert not (root / "o").exists()


def test_aliases_that_repeat_too_often_in_catalog_yml_are_a_syntax_error(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """Nine anchors of nine aliases each would be 9^9 values (the "billion laughs")."""
    root = make_site()
    lines = ["x0: &a0 [l, l, l, l, l, l, l, l, l]"]
    lines += [f"x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    config = root / "catalog.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n".join(lines) + "\n", "utf-8")
    result = check(run_gkml, root)
    assert result.exit_code == 2
    assert "GK402 catalog.yml 语法错误；值过多（锚点“&”与别名“*”重复展开？）" in result.stdout
    assert "修改建议：不用锚点（&）和别名（*），把值直接写出来" in result.stdout


def test_a_control_character_in_catalog_yml_is_a_syntax_error_that_names_it(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """Written as an escape ("\\f"), a form feed in the site's title went into every page and
    made the Atom feeds malformed XML."""
    root = make_site()
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("title: 示例市民政局政府信息公开", 'title: "示例市民政局\\f政府信息公开"', 1),
        encoding="utf-8",
    )
    result = check(run_gkml, root)
    assert result.exit_code == 2
    assert (
        "catalog.yml:3:10: 错误 error GK402 catalog.yml 语法错误；文字中有不可见的控制字符 U+000C"
        in (result.stdout)
    ), result.stdout
    assert "修改建议：删去该字符" in result.stdout


@pytest.mark.parametrize(
    ("args", "zh"),
    [
        ([], "缺少必需的参数：command (missing: command)"),
        (["frobnicate"], "命令：没有 “frobnicate” 这一项，可选：init、check、build"),
        (["buld"], "；是否应为 “build”？ (argument command: invalid choice: 'buld'"),
        (["check", "--bogus"], "不认识的参数：--bogus (unrecognized arguments: --bogus)"),
        (["check", "--format", "xml"], "--format：没有 “xml” 这一项，可选：human、json"),
        (["check", "--as-of"], "--as-of：后面应跟一个值 (argument --as-of: expected one value"),
        (["check", "--as-of", "2024-13-01"], "不是真实的日期：月份应在 1 到 12 之间"),
        (["check", "--as-of", "明天"], "argument --as-of: "),
        (
            ["build", "--jobs", "两个"],
            "--jobs：应为整数，不能是 “两个” (argument --jobs: expected a",
        ),
        (["new", "--title", "只有标题"], "缺少必需的参数：--category (missing: --category)"),
        (["serve", "--port", "99999"], "端口应为 1 到 65535"),  # found by feeding gkml odd input:
        (["serve", "--port", "-1"], "端口应为 1 到 65535"),  # a built site, then an OverflowError
    ],
    ids=lambda a: " ".join(a) or "no-command" if isinstance(a, list) else "",
)
def test_bad_arguments_exit_2_and_say_why_in_both_languages(
    args: list[str], zh: str, run_gkml: RunGkml
) -> None:
    result = run_gkml(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "gkml: 用法错误 (usage error): " in result.stderr
    assert zh in result.stderr


def test_an_argparse_message_no_rule_knows_is_kept_in_english() -> None:
    assert bilingual("argument --x: something new in Python 3.14") == (
        "argument --x: something new in Python 3.14"
    )
    assert bilingual("argument --year: 年份应为四位数字 (a four-digit year)") == (
        "argument --year: 年份应为四位数字 (a four-digit year)"
    )


def test_argparses_own_suggestion_gives_way_to_gkmls_in_both_languages() -> None:
    """Python 3.15's argparse suggests a close choice in English in the message (the suite
    run on 3.15.2): the message is put in both languages as on older Pythons."""
    choices = "(choose from 'init', 'check', 'build')"
    older = bilingual(f"argument command: invalid choice: 'buld' {choices}")
    newer = bilingual(
        f"argument command: invalid choice: 'buld', maybe you meant 'build'? {choices}"
    )
    assert newer == older
    assert older.startswith(
        "命令：没有 “buld” 这一项，可选：init、check、build；是否应为 “build”？"
    )
    assert "maybe you meant" not in newer


# -- PATHS ------------------------------------------------------------------------------------
@pytest.fixture
def crossed_site(make_site: MakeSite) -> Path:
    """The minimal site plus a file reusing the first item's index_no, an unknown topic in the
    interpretation, and a file without front matter."""
    second = (MINIMAL / SECOND).read_text(encoding="utf-8")
    return make_site(
        {
            "content/2024/dup.md": item_text(
                title="关于政务公开工作要点的补充通知", doc_no="示民发〔2024〕9号"
            ),
            SECOND: second.replace("topics: [政务公开]", "topics: [社会救济]"),
            "content/2024/broken.md": "没有前言的文件\n",
        }
    )


def first_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if not line.startswith(" ")][:-1]


def test_paths_limit_the_report_but_not_the_cross_checks(
    run_gkml: RunGkml, crossed_site: Path
) -> None:
    result = check(run_gkml, crossed_site, crossed_site / "content/2024/dup.md")
    assert result.exit_code == 1
    assert first_lines(result.stdout) == [
        f"content/2024/dup.md:3:11: 错误 error GK201 索引号 “{DUP_INDEX}” 重复：{FIRST} 也使用了它"
    ]

    result = check(run_gkml, crossed_site, crossed_site / FIRST)
    assert first_lines(result.stdout) == [
        f"{FIRST}:3:11: 错误 error GK201 索引号 “{DUP_INDEX}” 重复：content/2024/dup.md 也使用了它"
    ]

    # The interpretation points at an item outside the selection: no GK202.
    result = check(run_gkml, crossed_site, crossed_site / SECOND)
    assert first_lines(result.stdout) == [
        f"{SECOND}:10:10: 错误 error GK207 未知的主题分类 “社会救济”；是否应为 “社会救助”？"
    ]


def test_paths_are_relative_to_the_working_directory(run_gkml: RunGkml, crossed_site: Path) -> None:
    result = run_gkml(["check", "--as-of", AS_OF, "content/2024/dup.md"], cwd=crossed_site)
    assert [line.split(": ")[0] for line in first_lines(result.stdout)] == [
        "content/2024/dup.md:3:11"
    ]
    result = run_gkml(
        ["check", "--site", crossed_site.name, "--as-of", AS_OF, f"{crossed_site.name}/{FIRST}"],
        cwd=crossed_site.parent,
    )
    assert [line.split(": ")[0] for line in first_lines(result.stdout)] == [f"{FIRST}:3:11"]


def test_a_path_may_be_written_relative_to_the_site(
    run_gkml: RunGkml, crossed_site: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_gkml(
        ["check", "--site", crossed_site, "--as-of", AS_OF, "content/2024/dup.md"], cwd=elsewhere
    )
    assert [line.split(": ")[0] for line in first_lines(result.stdout)] == [
        "content/2024/dup.md:3:11"
    ]


def test_a_folder_path_selects_the_files_under_it(run_gkml: RunGkml, crossed_site: Path) -> None:
    assert check(run_gkml, crossed_site, crossed_site / "content/pages") == (0, CLEAN, "")
    result = check(run_gkml, crossed_site, crossed_site / "content/2024")
    assert {line.split(":")[0] for line in first_lines(result.stdout)} == {
        "content/2024/broken.md",
        "content/2024/dup.md",
        FIRST,
        SECOND,
    }


def test_a_path_that_does_not_exist_is_a_usage_error(run_gkml: RunGkml, crossed_site: Path) -> None:
    # A typo in a path must not pass as “no problems found” (e.g. in a CI step).
    result = check(run_gkml, crossed_site, crossed_site / "content/2024/dupp.md")
    assert result.exit_code == 2
    assert "dupp.md" in result.stderr


def test_diagnostics_are_sorted_by_file_then_line(run_gkml: RunGkml, crossed_site: Path) -> None:
    # dup.md and the first item get GK201 (line 3) from the cross-file pass, which runs after
    # the per-file checks; the first item's GK207 (line 11) is found earlier.
    first = (crossed_site / FIRST).read_text(encoding="utf-8")
    (crossed_site / FIRST).write_text(
        first.replace("topics: [政务公开]", "topics: [社会救济]"), encoding="utf-8"
    )
    rows = json.loads(check(run_gkml, crossed_site, "--format", "json").stdout)
    keys = [(r["file"], r["line"], r["column"]) for r in rows]
    assert keys == sorted(keys)
    assert [(r["file"], r["code"]) for r in rows] == [
        (FIRST, "GK201"),
        (FIRST, "GK207"),
        (SECOND, "GK207"),
        ("content/2024/broken.md", "GK003"),
        ("content/2024/dup.md", "GK201"),
    ]
    human = check(run_gkml, crossed_site).stdout
    assert [line.split(": ")[0] for line in first_lines(human)] == [
        f"{r['file']}:{r['line']}:{r['column']}" for r in rows
    ]


# -- gkml new ----------------------------------------------------------------------------------
TITLE = "关于开展2024年度社会救助政策宣传月活动的通知"


def new(run_gkml: RunGkml, site: Path, *args: str) -> tuple[int, str, str]:
    return run_gkml(["new", "--site", site, "--title", TITLE, *args])


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    loaded = yaml.safe_load(text.split("\n---\n", 1)[0][4:])
    assert isinstance(loaded, dict)
    return loaded


def test_new_creates_an_item_with_every_field(run_gkml: RunGkml, make_site: MakeSite) -> None:
    site = make_site()
    result = new(run_gkml, site, "--category", "bmwj", "--date", "2024-06-03")
    assert result.exit_code == 0
    assert result.stdout == "content/2024/bmwj-640100-108-2024-00003.md\n"
    assert "索引号 (index_no): 640100-108/2024-00003" in result.stderr
    meta = front_matter(site / "content/2024/bmwj-640100-108-2024-00003.md")
    # every field but those no new item has: former_url (moved from an old site),
    # amendments (earlier amendments of a document changed again) and corrected (a correction)
    omitted = ("former_url", "amendments", "corrected")
    assert list(meta) == [f.key for f in FIELDS if f.key not in omitted]
    assert {k: str(meta[k]) for k in ("title", "index_no", "issuer", "written", "published")} == {
        "title": TITLE,
        "index_no": "640100-108/2024-00003",
        "issuer": "示例市民政局",
        "written": "2024-06-03",
        "published": "2024-06-03",
    }
    assert (meta["status"], meta["disclosure"], meta["category"]) == ("有效", "主动公开", "bmwj")
    assert meta["genre"] is None
    # An item of a 政策解读 column is a 解读 (a lawyer's walk: left for the editor to fill).
    made = new(run_gkml, site, "--category", "zcjd", "--date", "2024-06-03")
    assert front_matter(site / made.stdout.strip())["genre"] == "解读"


def _write_bodies(site: Path) -> None:
    """Write a body where `gkml new` left its stand-in (GK123 until then)."""
    for path in (site / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER_BODY in text:
            path.write_text(text.replace(PLACEHOLDER_BODY, "现将有关事项通知如下。"), "utf-8")


def test_new_item_passes_check(run_gkml: RunGkml, make_site: MakeSite) -> None:
    site = make_site()
    made = new(run_gkml, site, "--category", "zcjd", "--date", "2024-06-03")
    assert made.exit_code == 0
    # Not ready while its body is the stand-in, found by following the handbook (a file
    # fresh from gkml new passed the check and would have been published as it was). An
    # error: as a warning, an editor's walk saw the stand-in published, search index too.
    unwritten = check(run_gkml, site)
    assert unwritten.exit_code == 1
    assert f"{made.stdout.strip()}:" in unwritten.stdout and " GK123 " in unwritten.stdout
    _write_bodies(site)
    assert check(run_gkml, site, "--strict") == (0, CLEAN, "")


def test_new_keeps_a_title_with_quotes_and_colons(run_gkml: RunGkml, make_site: MakeSite) -> None:
    site = make_site()
    title = '关于"三个一"活动的通知: 第二批 #1'
    result = run_gkml(
        ["new", "--site", site, "--title", title, "--category", "bmwj", "--date", "2024-06-03"]
    )
    assert result.exit_code == 0
    assert front_matter(site / result.stdout.strip())["title"] == title
    _write_bodies(site)  # the stand-in body is GK123, an error
    assert check(run_gkml, site).exit_code == 0


def test_new_refuses_a_serial_past_the_pattern_and_names_the_item_that_took_it(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """Found by feeding gkml odd input: after an index typed 99999 (for 00009) `gkml new`
    wrote 640100-108/2024-100000, which the check rejects (GK107)."""
    typo = item_text(index_no="640100-108/2024-99999", doc_no="示民发〔2024〕9号")
    site = make_site({"content/2024/typo.md": typo})
    before = _files(site)
    result = new(run_gkml, site, "--category", "bmwj", "--date", "2024-06-03")
    assert result.exit_code == 1
    assert "content/2024/typo.md 的索引号 640100-108/2024-99999 之后的序号超出" in result.stderr
    assert _files(site) == before


def test_new_refuses_a_date_after_today(run_gkml: RunGkml, make_site: MakeSite) -> None:
    site = make_site()
    before = _files(site)
    result = new(run_gkml, site, "--category", "bmwj", "--date", "2999-01-01")
    assert result.exit_code == 2
    assert "日期 2999-01-01 晚于今天" in result.stderr and "GK104" in result.stderr
    assert _files(site) == before


def test_new_takes_the_next_serial_of_that_issuer_and_year(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace(
        "catalog:\n",
        "  - name: 示例市社会福利院\n    code: MB0123456\n"
        '    index_pattern: "{code}/{year}-{serial:05d}"\ncatalog:\n',
    )
    site = make_site(
        {
            "catalog.yml": catalog,
            # A gap in the serials, written under the Chinese key: the next one follows it.
            "content/2024/gap.md": item_text(
                title="关于做好2024年春节期间困难群众生活保障工作的通知",
                index_no=None,
                doc_no="示民发〔2024〕7号",
                **{"索引号": "640100-108/2024-00010"},
            ),
            "content/2023/old.md": item_text(
                index_no="640100-108/2023-00020",
                doc_no="示民发〔2023〕1号",
                written="2023-03-01",
                published="2023-03-03",
            ),
            "content/2024/fuliyuan.md": item_text(
                issuer="示例市社会福利院", index_no="MB0123456/2024-00011", doc_no=None
            ),
        }
    )
    assert check(run_gkml, site).exit_code == 0

    result = new(run_gkml, site, "--category", "bmwj", "--date", "2024-06-03")
    assert result.stdout == "content/2024/bmwj-640100-108-2024-00011.md\n"
    result = new(run_gkml, site, "--category", "bmwj", "--date", "2024-06-04")
    assert result.stdout == "content/2024/bmwj-640100-108-2024-00012.md\n"
    result = new(
        run_gkml, site, "--category", "bmwj", "--issuer", "示例市社会福利院", "--date", "2024-06-03"
    )
    assert result.stdout == "content/2024/bmwj-MB0123456-2024-00012.md\n"
    assert front_matter(site / result.stdout.strip())["index_no"] == "MB0123456/2024-00012"
    result = new(run_gkml, site, "--category", "bmwj", "--date", "2025-01-06")
    assert result.stdout == "content/2025/bmwj-640100-108-2025-00001.md\n"
    _write_bodies(site)
    assert check(run_gkml, site, "--strict") == (0, CLEAN, "")


def test_new_never_overwrites(run_gkml: RunGkml, make_site: MakeSite) -> None:
    """A file named after the next index number whose index cannot be read (not an item, or
    a syntax error) keeps its bytes; the new item takes the number after it. Found by
    feeding gkml odd input: it failed with "file exists" for a file the editor never named,
    at every `gkml new` until the file was fixed."""
    taken = "content/2024/bmwj-640100-108-2024-00003.md"
    broken = "content/2024/640100-108-2024-00004.md"  # named as gkml new named files before
    site = make_site(
        {taken: "占位文件，不是条目。\n", broken: "---\ntitle: 写了一半\nindex_no: [\n---\n"}
    )
    result = new(run_gkml, site, "--category", "bmwj", "--date", "2024-06-03")
    assert result.exit_code == 0, result
    assert result.stdout == "content/2024/bmwj-640100-108-2024-00005.md\n"
    assert (site / taken).read_text(encoding="utf-8") == "占位文件，不是条目。\n"
    assert (site / broken).read_text(encoding="utf-8") == "---\ntitle: 写了一半\nindex_no: [\n---\n"


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["--category", "bmwy"],
            "gkml: 未知的栏目 “bmwy”；是否应为 “bmwj”？；可用：fdzdgknr、bmwj、zcjd "
            '(unknown category; did you mean "bmwj"?)\n',
        ),
        (
            ["--category", "bmwj", "--issuer", "示例市民政厅"],
            "gkml: 未知的发布机构 “示例市民政厅”；是否应为 “示例市民政局”？ "
            '(unknown issuer; did you mean "示例市民政局"?)\n',
        ),
    ],
    ids=["category", "issuer"],
)
def test_new_rejects_unknown_names(
    args: list[str], stderr: str, run_gkml: RunGkml, make_site: MakeSite
) -> None:
    site = make_site()
    before = _files(site)
    result = new(run_gkml, site, *args, "--date", "2024-06-03")
    assert result == (2, "", stderr)
    assert _files(site) == before


def test_new_rejects_a_title_of_two_lines(run_gkml: RunGkml, make_site: MakeSite) -> None:
    site = make_site()
    result = run_gkml(["new", "--site", site, "--title", "第一行\n第二行", "--category", "bmwj"])
    assert result == (2, "", "gkml: 标题须为一行文字 (the title must be one line)\n")


@pytest.mark.parametrize(
    ("title", "said"),
    [
        (" ", "标题不能为空 (the title must not be empty)"),
        (
            "关于\x0b印发的通知",  # Word's manual line break, pasted with the title
            "标题中有不可见的控制字符 U+000B（多为从 Word 等复制来的），请删去 "
            "(the title holds an invisible control character (U+000B): delete it)",
        ),
        (
            "关于\u2028印发的通知",  # U+2028: YAML reads a line break, no editor shows one
            "标题中有不可见的控制字符 U+2028（多为从 Word 等复制来的），请删去 "
            "(the title holds an invisible control character (U+2028): delete it)",
        ),
    ],
    ids=["blank", "control-character", "line-separator"],
)
def test_new_rejects_a_title_check_would_reject(
    run_gkml: RunGkml, make_site: MakeSite, title: str, said: str
) -> None:
    """Found by feeding gkml odd input: a title with a control character was written, and
    the next check failed on the file gkml had just made (GK005)."""
    site = make_site()
    before = _files(site)
    result = run_gkml(["new", "--site", site, "--title", title, "--category", "bmwj"])
    assert result == (2, "", f"gkml: {said}\n")
    assert _files(site) == before


def test_new_without_catalog_reports_it(run_gkml: RunGkml, tmp_path: Path) -> None:
    result = new(run_gkml, tmp_path, "--category", "bmwj")
    assert result.exit_code == 2
    assert result.stdout.startswith(
        f"catalog.yml: 错误 error GK401 在 {tmp_path} 找不到 catalog.yml\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_closed_pipe_stops_without_a_traceback() -> None:
    # `gkml report … | head -1`: the reader closes the pipe before gkml has written everything.
    reader, writer = os.pipe()
    os.close(reader)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--site", str(MINIMAL), "--as-of", AS_OF],
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    os.close(writer)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1


def test_an_os_error_is_worded_as_a_read_of_a_source_or_a_write(tmp_path: Path) -> None:
    """A build stopped by the file system names the file and whether it was read (content/,
    templates/, catalog.yml) or written (the output, the cache)."""
    source = PermissionError(13, "Permission denied", str(tmp_path / "content/2024/a.pdf"))
    output = PermissionError(13, "Permission denied", str(tmp_path.parent / "site/index.html"))
    full = OSError(28, "No space left on device", str(tmp_path / ".gkml-cache/read.marshal"))
    # A write that names no file (a full disk while writing): the output folder is named.
    unnamed = OSError(27, "File too large")
    out = tmp_path.parent / "site"
    said = [
        stopped(e, tmp_path, out, "未完成。", "Not done.") for e in (source, output, full, unnamed)
    ]
    assert said[0].startswith(f"无法读取 {tmp_path / 'content/2024/a.pdf'}：没有读取权限。未完成。")
    assert said[1].startswith(f"无法写入 {tmp_path.parent / 'site/index.html'}：没有写入权限")
    assert said[2].startswith(f"无法写入 {tmp_path / '.gkml-cache/read.marshal'}：磁盘已满。")
    assert said[2].endswith("the disk is full. Not done.)")
    assert said[3].startswith(f"无法写入 {out}：") and f"(cannot write {out}: " in said[3]


@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_output_that_is_a_file_or_passes_through_one_is_refused_and_kept(
    run_gkml: RunGkml, make_site: MakeSite, command: str
) -> None:
    """A walk of odd --out values: `gkml build --out README.md` put the site in the file's
    place, moved it aside as the output before, and the next build deleted it; `gkml serve
    --out README.md/site` stopped with a traceback."""
    site = make_site()
    readme = site / "README.md"
    readme.write_text("给同事的说明，不是网站。\n", encoding="utf-8")
    for out in (readme, readme / "site"):
        result = run_gkml([command, "--site", site, "--out", out])
        assert result.exit_code == 2, result.stderr
        assert f"“{readme}” 是一个文件，不是文件夹" in result.stderr
        assert readme.read_text(encoding="utf-8") == "给同事的说明，不是网站。\n"
    assert not (site / ".README.md.old").exists()


def test_serve_refuses_a_file_where_its_default_output_would_go(make_site: MakeSite) -> None:
    from generator.serve import serve

    site = make_site()
    (site / "site").write_text("不是网站\n", encoding="utf-8")
    assert serve(site, site / "site", 1, None) == 2
    assert (site / "site").read_text(encoding="utf-8") == "不是网站\n"


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_day_after_today_is_refused(run_gkml: RunGkml, tmp_path: Path, command: str) -> None:
    """A walk: `gkml build --as-of 2062-…` (the handbook's own typo of 2026) built into site/
    items the check rejects as future-dated, with repeals shown before they take effect."""
    from datetime import timedelta

    from generator.dates import today_in_china

    tomorrow = (today_in_china() + timedelta(days=1)).isoformat()
    out = tmp_path / "site"
    result = run_gkml([command, "--site", MINIMAL, "--out", out, "--as-of", tomorrow])
    assert result.exit_code == 2
    assert f"--as-of {tomorrow} 在今天" in result.stderr and "is after today" in result.stderr
    assert not out.exists()


def _new_item(run_gkml: RunGkml, root: Path, issuer: str) -> Run:
    """Run `gkml new` for a notice of *issuer* in the column bmwj of the site at *root*."""
    args = ["new", "--site", root, "--category", "bmwj", "--issuer", issuer]
    return run_gkml([*args, "--title", "关于测试的通知"])


def test_a_former_index_pattern_keeps_published_numbers_valid(
    run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A maintainer's walk: a new index_pattern from next year on made every published number
    GK107, whose fix was to renumber them, though an index number never changes."""
    from conftest import copy_sample

    root = copy_sample(tmp_path / "src")
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    old = '    index_pattern: "{code}/{year}-{serial:05d}"\n'
    assert text.count(old) >= 1
    config.write_text(text.replace(old, old.replace("05d", "06d"), 1), encoding="utf-8")
    refused = run_gkml(["check", "--site", root])
    assert (
        refused.exit_code == 1 and "GK107" in refused.stdout and "former_patterns" in refused.stdout
    )
    config.write_text(
        text.replace(
            old,
            old.replace("05d", "06d") + '    former_patterns: ["{code}/{year}-{serial:05d}"]\n',
            1,
        ),
        encoding="utf-8",
    )
    accepted = run_gkml(["check", "--site", root])
    assert "GK107" not in accepted.stdout, accepted.stdout
    made = _new_item(run_gkml, root, "示例市民政局")
    assert made.exit_code == 0 and "640100-108/2026-0000" in made.stderr, made.stderr


def test_a_new_items_examples_are_the_sites_own(run_gkml: RunGkml, tmp_path: Path) -> None:
    """A maintainer's walk: a new file of another issuer read 例：示例市民政局 and the sample
    bureau's index numbers in its comments; a newcomer's walk: its 文号 and department
    (示民发〔2024〕12号, 社会救助处) read as a pattern to copy."""
    from conftest import copy_sample

    root = copy_sample(tmp_path / "src")
    made = _new_item(run_gkml, root, "示例市社会福利院")
    assert made.exit_code == 0, made.stderr
    text = (root / made.stdout.strip()).read_text(encoding="utf-8")
    lines = {line.split(":", 1)[0]: line for line in text.splitlines() if "例：" in line}
    assert lines["issuer"].endswith("例：示例市社会福利院")
    assert "例：MB0123456/" in lines["index_no"] and "例：[MB0123456/" in lines["related"]
    assert "640100-108" not in text.split("---")[1].replace(lines["title"], "")
    assert re.search(r"例：发文机关代字〔\d{4}〕12号$", lines["doc_no"]), lines["doc_no"]
    assert lines["department"].endswith("例：办公室")
    assert "示民" not in text and "社会救助处" not in text


def test_the_version_names_the_code_that_runs(run_gkml: RunGkml) -> None:
    """An IT person's walk: `gkml --version` said 0.1.0 before and after an upgrade. It names
    the code's fingerprint too, as the archive's bag-info does."""
    from generator import __version__
    from generator.stamp import code_fingerprint

    done = run_gkml(["--version"])
    assert done.exit_code == 0
    assert done.stdout.strip() == f"gkml {__version__} (code {code_fingerprint()[:12]})"


def test_new_says_which_issuer_it_chose_and_that_it_was_the_first(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """A county walk: a township's notice made without --issuer was numbered and filed as
    the county government's (the first issuer), with nothing said."""
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    two = catalog.replace(
        "issuers:\n",
        'issuers:\n  - name: 示例市财政局\n    code: 640100-110\n    index_pattern: "{code}/{year}-{serial:05d}"\n',
    )
    site = make_site({"catalog.yml": two})
    chosen = new(run_gkml, site, "--category", "bmwj", "--date", "2024-06-03")
    assert "发布机构 (issuer): 示例市财政局（没有写 --issuer" in chosen.stderr
    named = new(
        run_gkml, site, "--category", "bmwj", "--date", "2024-06-03", "--issuer", "示例市民政局"
    )
    assert "发布机构 (issuer): 示例市民政局\n" in named.stderr


def test_a_snapshot_built_into_the_published_folder_is_told_so(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A lawyer's walk: `gkml build --as-of 2026-02-28` without --out silently replaced site/
    with a past catalog, one publish away from the public. It says so; --out does not."""
    root = make_site()
    done = run_gkml(["build", "--site", root, "--as-of", AS_OF, "--no-search"])
    assert done.exit_code == 0
    assert f"现在是 {AS_OF} 那天的目录" in done.stderr and "--out" in done.stderr
    elsewhere = run_gkml(
        ["build", "--site", root, "--as-of", AS_OF, "--no-search", "--out", tmp_path / "then"]
    )
    assert elsewhere.exit_code == 0 and "那天的目录" not in elsewhere.stderr
    named = run_gkml(["build", "--site", root, "--as-of", "2025-12-31", "--out", root / "site"])
    assert named.exit_code == 0 and "现在是 2025-12-31 那天的目录" in named.stderr


def test_a_catalog_tree_twelve_levels_deep_is_read_and_a_far_deeper_one_is_told_so(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """A scale walk: a tenth level of columns was GK402 "nested too deep or too many values
    (aliases?)", which no editor who had added a level could act on. Twelve levels are read;
    past 31, the message says how deep a tree can be."""

    def tree(levels: int) -> str:
        lines = []
        for n in range(levels):
            pad = "  " * (2 * n)
            lines += [f"{pad}  - key: c{n}", f"{pad}    title: 层{n}"]
            if n < levels - 1:
                lines.append(f"{pad}    children:")
        return "\n".join(lines) + "\n"

    for levels, ok in ((12, True), (40, False)):
        root = make_site()
        config = root / "catalog.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("catalog:\n", "catalog:\n" + tree(levels), 1), "utf-8")
        result = check(run_gkml, root)
        assert (result.exit_code == 0) is ok, result.stdout
        if not ok:
            assert "嵌套超过 64 层（栏目树超过 31 层？）" in result.stdout


@pytest.mark.parametrize("apart", [0.0, 0.02, 0.05])
def test_a_build_stopped_by_ctrl_c_twice_leaves_no_staging_folder(
    tmp_path: Path, apart: float
) -> None:
    """A re-walk: `uv run gkml build` passes the terminal's Ctrl+C on, so gkml gets two; the
    second cut short the clean-up the first began, and left a partial .site.staging/ (or
    printed a traceback). The clean-up and the wait for the render helpers are run to their
    end through it (`interruption`)."""
    import signal
    import time

    from benchmarks import corpus

    site = tmp_path / "corpus"
    corpus.generate(400, site, seed=3)
    process = from_a_terminal(["build", "--site", str(site), "--jobs", "2"])
    staging = site / ".site.staging"
    try:
        deadline = time.monotonic() + 120
        while not (staging / "items").exists() and process.poll() is None:
            assert time.monotonic() < deadline, "the build did not start rendering"
            time.sleep(0.02)
        time.sleep(0.3)  # its helpers are rendering
        said = ctrl_c(process, 2, apart, timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, said
    assert "已中断" in said and "Traceback" not in said, said
    assert not staging.exists()
    assert not (site / "site").exists()  # the first build: nothing published
