"""`gkml check` on the fixture sites: one folder per invalid case, with the exact messages.

Each `tests/sites/invalid/<CODE>-<case>/expected.txt` holds the first line of every diagnostic,
in output order, as `gkml check --as-of 2026-01-01` prints it when run inside that folder on
that day (a date after the real today is an error, GK104, whatever --as-of says).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, time
from pathlib import Path

import pytest
from conftest import AS_OF, INVALID_DIR, MINIMAL, REPO, SITES_DIR, MakeSite, RunGkml, item_text

import generator.content as content
from generator.codes import CODES
from generator.content import load_site
from generator.diagnostics import Collector
from generator.fields import FIELDS
from generator.frontmatter import decode, split

INVALID = sorted(p.name for p in INVALID_DIR.iterdir() if p.is_dir())
VALID = ["minimal", *sorted(p.name for p in SITES_DIR.glob("valid-*") if p.is_dir())]
FIRST_LINE = re.compile(r"^\S.*: (错误 error|警告 warning) GK\d{3} ")
CLEAN = "检查通过，没有发现问题。(No problems found.)\n"
BROKEN_CONFIG = "catalog.yml 有误，未检查内容。(catalog.yml is broken; content not checked.)"


def first_lines(stdout: str) -> list[str]:
    """Return the first line of every diagnostic block in human output."""
    return [line for line in stdout.splitlines() if FIRST_LINE.match(line)]


def expected_of(name: str) -> list[str]:
    return (INVALID_DIR / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def code_of(line: str) -> str:
    match = re.search(r" (GK\d{3}) ", line)
    assert match, line
    return match.group(1)


@pytest.fixture
def on_as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run `gkml check` as if the real today were AS_OF."""
    import generator.cli as cli

    monkeypatch.setattr(cli, "today_in_china", lambda: date.fromisoformat(AS_OF))


@pytest.mark.parametrize("name", INVALID)
def test_invalid_fixture(name: str, run_gkml: RunGkml, on_as_of: None) -> None:
    expected = expected_of(name)
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / name)

    assert first_lines(result.stdout) == expected
    errors = sum(" 错误 error " in line for line in expected)
    warnings = len(expected) - errors
    english = f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"
    summary = f"发现 {errors} 个错误、{warnings} 个警告。({english}.)"
    if any(code_of(line).startswith("GK4") and " 错误 error " in line for line in expected):
        assert result.exit_code == 2
        assert result.stdout.splitlines()[-2:] == [summary, BROKEN_CONFIG]
    else:
        assert result.exit_code == (1 if errors else 0)
        assert result.stdout.splitlines()[-1] == summary
    assert result.stderr == ""


def test_every_fix_is_given_in_chinese_and_english(run_gkml: RunGkml) -> None:
    """A review found 90 of the fixtures' 125 messages with a fix in Chinese only: the codes'
    general fixes had no English, and some messages' own fixes neither."""
    missing = []
    for name in INVALID:
        result = run_gkml(["check", "--as-of", AS_OF, "--format", "json"], cwd=INVALID_DIR / name)
        for found in json.loads(result.stdout):
            if found["fix_zh"] and not found["fix_en"]:
                missing.append(f"{name}: {found['code']} {found['fix_zh']}")
    assert missing == []
    assert all(code.fix_en for code in CODES.values())


# Codes about a file as a whole (it cannot be read, is empty, is named wrongly, is missing):
# no line or column to point at, 0 in the JSON report. Every other code names both.
_FILE_LEVEL = {"GK012", "GK014", "GK015", "GK016", "GK017", "GK128", "GK129", "GK130", "GK401"}
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|\'[^\']*\'|《[^》]*》|\([^)]*\)|（[^）]*）')
_SENTENCE = re.compile("[，。；：！？]")  # what joins Chinese clauses, never a named value
# Chinese words an English message uses as names: the 繁體 edition, the 文号 field, 第 (in a
# 文号), the brackets a 文号's year takes.
_NAMES = {"繁體", "文号", "第", "〔〕"}


def _chinese_in(en: str, zh: str) -> list[str]:
    """Return the Chinese of the English message *en* that is no named value: outside quotes
    and brackets, neither a term of `_NAMES` nor a value the Chinese message *zh* names too."""
    return [
        run
        for run in _CJK.findall(_QUOTED.sub("", en))
        if run not in _NAMES and (run not in zh or _SENTENCE.search(run))
    ]


def test_every_message_is_given_in_chinese_and_english_at_its_place(run_gkml: RunGkml) -> None:
    """An audit: a message whose English half was left empty passed every test, because
    expected.txt holds the Chinese line alone; a reader of the English line, a CI annotation or
    the JSON report got the field's label alone ("published: "). Every diagnostic of every
    fixture has both messages, the English one in English (Chinese in it only as a value it
    names: a title, a status, a column), and the file, line and column an editor goes to."""
    wrong = []
    for name in INVALID:
        result = run_gkml(["check", "--as-of", AS_OF, "--format", "json"], cwd=INVALID_DIR / name)
        for found in json.loads(result.stdout):
            zh, en, code = found["message_zh"], found["message_en"], found["code"]
            en = en.removeprefix(f"{found['field']}: ")  # the field's label, then the message
            where = (found["line"], found["column"])
            if not _CJK.search(zh):
                wrong.append(f"{name}: {code} has no Chinese message: {zh!r}")
            if not re.search(r"[a-z]{2}", en) or _chinese_in(en, zh):
                wrong.append(f"{name}: {code} has no English message: {en!r}")
            if not found["file"]:
                wrong.append(f"{name}: {code} names no file")
            if code in _FILE_LEVEL and where != (0, 0):
                wrong.append(f"{name}: {code} is about the whole file, yet is at {where}")
            if code not in _FILE_LEVEL and not (where[0] >= 1 and where[1] >= 1):
                wrong.append(f"{name}: {code} has no line and column: {where}")
    assert wrong == []


def test_fixture_folders_are_named_by_a_code_they_trigger() -> None:
    for name in INVALID:
        assert re.fullmatch(r"GK\d{3}-[a-z0-9]+(-[a-z0-9]+)*", name), name
        code = name[:5]
        assert code in CODES, f"{name}: no such code"
        assert code in {code_of(line) for line in expected_of(name)}, f"{name} never reports {code}"


def test_every_code_has_a_fixture() -> None:
    covered = {name[:5] for name in INVALID}
    assert sorted(set(CODES) - covered) == []


@pytest.mark.parametrize("name", VALID)
def test_valid_site_passes_clean(name: str, run_gkml: RunGkml) -> None:
    result = run_gkml(["check", "--site", SITES_DIR / name, "--as-of", AS_OF, "--strict"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, CLEAN, "")


def test_fixture_bytes_survive_version_control() -> None:
    """The encodings under test must reach the checker as written (see tests/sites/.gitattributes)."""
    crlf = SITES_DIR / "valid-crlf"
    for path in [crlf / "catalog.yml", *crlf.rglob("*.md")]:
        data = path.read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n") > 0, path
    gb = (INVALID_DIR / "GK001-gb18030/content/2024/tongzhi.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    assert gb.decode("gb18030").startswith("---\ntitle: 关于印发")
    assert (INVALID_DIR / "GK002-bom/content/2024/tongzhi.md").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (INVALID_DIR / "GK001-utf16/content/2024/tongzhi.md").read_bytes()[:2] == b"\xff\xfe"
    cr = (INVALID_DIR / "GK013-cr-line-endings/content/2024/tongzhi.md").read_bytes()
    assert b"\n" not in cr and cr.count(b"\r") > 10


def test_lone_carriage_returns_read_as_line_feeds() -> None:
    lf = (INVALID_DIR / "GK013-cr-line-endings/content/2024/tongzhi.md").read_bytes()
    lf = lf.replace(b"\r", b"\n")
    mixed = lf.replace(b"\n", b"\r", 3)  # the first three lines end in CR, the rest in LF
    quiet, told = Collector("a.md"), Collector("b.md")
    expected = split(decode(lf, quiet) or "", quiet)
    got = split(decode(mixed, told) or "", told)

    assert expected is not None and got is not None
    assert (got.front, got.front_line, got.body, got.body_line, got.lines) == (
        expected.front,
        expected.front_line,
        expected.body,
        expected.body_line,
        expected.lines,
    )
    assert quiet.found == []
    assert [(d.code, d.line, d.column) for d in told.found] == [("GK013", 1, 4)]


def test_full_human_block_with_cjk_caret(run_gkml: RunGkml) -> None:
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / "GK301-body")
    # 申请人张某，身份证号 is ten wide characters (20 columns) and a space: 21 columns, then
    # eighteen one-column digits.
    assert result.stdout == (
        "content/2024/tongzhi.md:15:12: 错误 error GK301 "
        "公开内容中含居民身份证号码 “640102********1239”（此处遮盖显示）\n"
        '    (public text contains a resident ID number "640102********1239" (masked here))\n'
        "    15 | 申请人张某，身份证号 640102198503121239，现居示例市示范区。\n"
        "       | " + " " * 21 + "^" * 18 + "\n"
        "    修改建议：去标识化：改为 640102********1239；确需公开的，在 privacy_allow"
        "（允许公开的个人信息）中写明原文和理由 (fix: de-identify it: write 640102********1239)\n"
        "发现 1 个错误、0 个警告。(1 error, 0 warnings.)\n"
    )


def test_full_human_block_carets_under_cjk_value(run_gkml: RunGkml) -> None:
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / "GK207-topic")
    assert result.stdout.splitlines()[:5] == [
        "content/2024/tongzhi.md:11:10: 错误 error GK207 未知的主题分类 “社会救济”；是否应为 “社会救助”？",
        '    (unknown topic "社会救济"; did you mean "社会救助"?)',
        "    11 | topics: [社会救济]",
        "       |          ^^^^^^^^",
        "    修改建议：使用 catalog.yml 中 topics 列出的词（主题分类） (fix: use a word of topics in catalog.yml)",
    ]


def test_block_without_position_has_no_source_line(run_gkml: RunGkml) -> None:
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / "GK401-no-catalog")
    assert result.stdout.splitlines() == [
        "catalog.yml: 错误 error GK401 在 . 找不到 catalog.yml",
        "    (catalog.yml not found in .)",
        "    修改建议：在网站根目录放置 catalog.yml，或用 --site 指定网站目录"
        " (fix: put catalog.yml in the site's folder, or give the site's folder with --site)",
        "发现 1 个错误、0 个警告。(1 error, 0 warnings.)",
        BROKEN_CONFIG,
    ]


_MOBILE_FIX = "去标识化：改为 {m}，或改用办公电话；确需公开的，在 privacy_allow（允许公开的个人信息）中写明原文和理由 (fix: de-identify it: write {m} or an office line)"
_OTHER_FIX = "去标识化：改为 {m}；确需公开的，在 privacy_allow（允许公开的个人信息）中写明原文和理由 (fix: de-identify it: write {m})"


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("GK301-body", _OTHER_FIX.format(m="640102********1239")),
        ("GK301-title", _OTHER_FIX.format(m="640102********1239")),
        ("GK302-mobile", _MOBILE_FIX.format(m="138****5678")),
        ("GK302-grouped", _MOBILE_FIX.format(m="138 **** 5678")),
        ("GK303-bank-card", _OTHER_FIX.format(m="622202******2230")),
    ],
)
def test_personal_data_fix_shows_the_masked_form(name: str, fix: str, run_gkml: RunGkml) -> None:
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / name)
    fixes = [line for line in result.stdout.splitlines() if line.startswith("    修改建议：")]
    assert fixes == [f"    修改建议：{fix}"]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("GK010-date-as-list", ["written: 2024-03-01"]),
        (
            "GK010-one-value-as-list",
            [
                'title: "公告: 关于调整办公时间的通知"',  # in quotes, for its colon
                "doc_no: 示民发〔2024〕1号",
                "published: 2024-03-05",  # [2024.3.5]: its form mended too
                "status: 有效",
                "文种: 通知",  # `- 通知` below it, under the Chinese name
            ],
        ),
        (
            "GK010-attachments-as-text",
            [
                "attachments: [{file: files/jiuzhu.pdf, title: 社会救助工作要点}]",
                "附件: [{file: files/yaodian.pdf, title: 附件名称}, {file: files/fengong.xlsx, title: 附件名称}]",
            ],
        ),
        (
            "GK010-source-as-list",
            [
                "source: {name: 示例省民政厅, url: https://mzt.example.gov.cn/tzgg/2024/0301.html,"
                " date: 2024-03-04}"
            ],
        ),
    ],
)
def test_a_value_of_the_wrong_kind_gets_the_line_to_write(
    name: str, lines: list[str], run_gkml: RunGkml
) -> None:
    """A newcomer's walk: `genre: [通知]`, `published: [2024-03-05]`, `attachments:
    files/表.pdf` were told to "write the value in the form the field's description gives".
    Each line to write reads as one value (an attachment as a list of entries)."""
    import yaml

    result = run_gkml(["check", "--as-of", AS_OF, "--format", "json"], cwd=INVALID_DIR / name)
    found = [(d["fix_zh"], d["fix_en"]) for d in json.loads(result.stdout) if d["code"] == "GK010"]
    # under an English key, the Chinese fix names the field by its label (an editor knows
    # 成文日期, not written); under a Chinese name (附件), the line names it already
    labels = {
        "written": "成文日期",
        "title": "名称",
        "doc_no": "文号",
        "published": "发布日期",
        "status": "效力状态",
        "attachments": "附件",
        "source": "转载来源",
    }
    assert found == [
        (f"{labels[key]}一行改为 {line}" if key in labels else f"改为 {line}", f"write {line}")
        for line in lines
        for key in [line.split(":")[0]]
    ]
    for line in lines:
        [(key, value)] = yaml.safe_load(line).items()
        if key in ("attachments", "附件"):
            assert all(isinstance(v, str) for entry in value for v in entry.values()), line
        elif key == "source":
            assert all(isinstance(v, (str, date)) for v in value.values()), line
        else:
            assert isinstance(value, (str, date)), line


@pytest.mark.parametrize(
    ("name", "label", "line"),
    [
        ("GK005-fullwidth-colon", "", "标题: 关于印发示例市民政局2024年政务公开工作要点的通知"),
        ("GK005-page-fullwidth-colon", "允许公开的个人信息", "privacy_allow:"),
        ("GK005-colon-in-value", "名称", 'title: "公告: 关于调整办公时间的通知"'),
        ("GK005-colon-no-space", "效力状态", "status: 有效"),
        # a free page's title is its 标题, not an item's 名称
        ("GK005-page-colon-no-space", "标题", "title: 示例市民政局政府信息公开指南"),
    ],
)
def test_a_yaml_error_that_is_named_gets_the_line_to_write(
    name: str, label: str, line: str, run_gkml: RunGkml
) -> None:
    """A newcomer's walk: the message said what was wrong (a full-width colon, a value with a
    colon), and the fix was still the code's general one about colons and quotes. A line
    under an English key names the field by its Chinese label, as every fix does."""
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / name)
    fixes = [said for said in result.stdout.splitlines() if said.startswith("    修改建议：")]
    change = f"{label}一行改为" if label else "改为"
    assert fixes == [f"    修改建议：{change} {line} (fix: write {line})"]


def test_a_shared_index_number_gets_the_next_free_one(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """A newcomer's walk: a copied file kept its index number, and the fix said only that
    `gkml new` gives a free one. The next free number is after the highest of its kind (this
    issuer and year, as wide), wherever that is; another year's or width's does not count;
    each shared number gets its own."""
    tongzhi = (INVALID_DIR / "GK201-duplicate-index/content/2024/tongzhi.md").read_text(
        encoding="utf-8"
    )
    site = make_site(
        {
            "content/2024/qita.md": tongzhi.replace("2024-00001", "2024-00007"),
            "content/2024/qita2.md": tongzhi.replace("2024-00001", "2024-00007"),
            "content/2024/changhao.md": tongzhi.replace("2024-00001", "2024-000099"),
            "content/2025/xinnian.md": tongzhi.replace("2024-00001", "2025-00031").replace(
                "2024-03-", "2025-03-"
            ),
        },
        copy="invalid/GK201-duplicate-index",
    )
    result = run_gkml(["check", "--site", site, "--as-of", AS_OF])
    said = result.stdout.splitlines()
    # each file told, and its fix (four lines below the message: English, source, caret)
    fixes = {
        line.split(":", 1)[0].rsplit("/", 1)[1]: said[n + 4]
        for n, line in enumerate(said)
        if " GK201 " in line
    }
    template = (
        "    修改建议：索引号必须唯一：把其中一条（多为复制来的那一条）改为下一个空号 {0}"
        " (fix: an index number must be unique: give one of them (most often the copy) the"
        " next free number, {0})"
    )
    # Two shared numbers, two free ones: told the same, both copies would share it next.
    first, second = "640100-108/2024-00008", "640100-108/2024-00009"
    assert fixes == {
        "buchong.md": template.format(first),
        "tongzhi.md": template.format(first),
        "qita.md": template.format(second),
        "qita2.md": template.format(second),
    }, result.stdout


def test_privacy_allow_is_what_lets_the_number_through(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    site = make_site(copy="valid-privacy-allow")
    item = site / "content/2024/640100-108-2024-00001.md"
    text = item.read_text(encoding="utf-8")
    allow = next(line for line in text.splitlines() if line.startswith("privacy_allow:"))
    item.write_text(text.replace(allow + "\n", ""), encoding="utf-8")

    result = run_gkml(["check", "--site", site, "--as-of", AS_OF])

    assert first_lines(result.stdout) == [
        "content/2024/640100-108-2024-00001.md:15:8: 错误 error GK302 "
        "公开内容中含手机号码 “138****5678”（此处遮盖显示）"
    ]


def test_aliases_are_read_as_their_fields() -> None:
    result = load_site(SITES_DIR / "valid-aliases", today=date.fromisoformat(AS_OF))
    assert result.diagnostics == ()
    assert result.site is not None
    items = {item.index_no: item for item in result.site.items}
    assert {k: (i.status.value, i.disclosure.value) for k, i in items.items()} == {
        "640100-108/2025-00001": ("有效", "主动公开"),
        "640100-108/2024-00001": ("废止", "部分公开"),
        "640100-108/2024-00002": ("失效", "依申请公开"),
        "640100-108/2024-00003": ("已修改", "不予公开"),
    }
    latest = items["640100-108/2025-00001"]
    assert (latest.published, latest.published_time) == (date(2025, 3, 5), time(9, 30))
    assert latest.title == "关于印发示例市民政局2025年政务公开工作要点的通知"
    assert latest.department == "办公室"
    assert latest.topics == ("政务公开",)
    assert latest.keywords == ("政务公开", "工作要点")
    assert latest.valid_until == date(2030, 3, 4)
    assert [a.path for a in latest.attachments] == ["content/2025/files/yaodian.pdf"]
    assert items["640100-108/2024-00001"].replaced_by == "640100-108/2025-00001"
    assert items["640100-108/2024-00003"].replaced_by == "《示例省社会救助条例》"
    assert items["640100-108/2024-00003"].reason == "《中华人民共和国政府信息公开条例》第十六条"


def test_minimal_site_is_what_it_claims() -> None:
    result = load_site(SITES_DIR / "minimal", today=date.fromisoformat(AS_OF))
    assert result.site is not None
    site = result.site
    assert [i.name for i in site.config.issuers] == ["示例市民政局"]
    assert list(site.config.nodes) == ["fdzdgknr", "bmwj", "zcjd"]
    assert site.config.topics == ("社会救助", "政务公开")
    interpretation = next(i for i in site.items if i.interprets)
    assert interpretation.interprets in {i.index_no for i in site.items}
    assert [p.slug for p in site.pages] == ["gkzn"]


def test_files_read_in_parallel_give_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Large sites are read by one process per core: the same items, pages, digests and
    diagnostics (with their positions), in the same order, as when read one file after another."""
    today = date.fromisoformat(AS_OF)
    roots = [REPO, *(INVALID_DIR / name for name in INVALID[::7])]
    for root in roots:
        one = load_site(root, today=today)
        monkeypatch.setattr(content, "_PARALLEL_FROM", 0)
        many = load_site(root, today=today)
        monkeypatch.setattr(content, "_PARALLEL_FROM", 10**9)
        assert many == one, root
        if one.site is not None:
            assert many.site is not None
            assert dict(many.site.digests) == dict(one.site.digests)
            assert [i.positions for i in many.site.items] == [i.positions for i in one.site.items]
    assert any(load_site(r, today=today).diagnostics for r in roots[1:])


def test_a_file_name_cut_at_its_hash_gets_the_link_to_write(run_gkml: RunGkml) -> None:
    """Found by feeding gkml odd sites: a body link to `files/工作要点#2024.pdf` (the file's own
    name) was reported as a dead link to `files/工作要点`, with no word of the `#`."""
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / "GK119-hash-in-file-name")
    assert "修改建议：链接中把文件名写作 工作要点%232024.pdf（# 写作 %23" in result.stdout
    # Found by following the handbook: a space cut the link with no word of the space, and a
    # footnote's text ([^1]: 注释) was taken for a link to a file named 注释.
    assert "修改建议：把链接的地址放在尖括号中：[…](<files/统计表 2024.pdf>)" in result.stdout
    assert "注释内容" not in result.stdout
    # An editor's walk: with a space and a `#`, the link in angle brackets kept the `#`, and
    # following the fix gave the same warning again.
    assert "修改建议：把链接的地址放在尖括号中：[…](<files/附件%231 任务清单.pdf>)" in result.stdout


@pytest.mark.parametrize("pasted", ["\x0c", "\u2028", "\x1c", "\r"])
def test_a_line_break_that_is_not_a_line_feed_shifts_no_source_line(
    pasted: str, run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """Found by feeding gkml odd input: the source lines shown under a message were cut by
    `str.splitlines`, which also ends a line at Word's page break (U+000C) and U+2028; below
    such a line, every message showed the line above the one it named."""
    text = (INVALID_DIR / "GK301-body/content/2024/tongzhi.md").read_text(encoding="utf-8")
    front, fence, body = text.partition("\n---\n")
    site = make_site(
        {"content/2024/tongzhi.md": f"{front}{fence}第一页{pasted}第二页\n{body}"},
        copy="invalid/GK301-body",
    )
    result = run_gkml(["check", "--site", site, "--as-of", AS_OF])
    lines = result.stdout.splitlines()
    where = next(n for n, line in enumerate(lines) if " GK301 " in line)
    number = lines[where].split(":")[1]
    assert (
        lines[where + 2]
        == f"    {number} | 申请人张某，身份证号 640102198503121239，现居示例市示范区。"
    )


def test_an_invisible_character_is_shown_by_its_code_under_the_message(run_gkml: RunGkml) -> None:
    """Echoed raw, U+202E reversed the rest of the terminal's line and hid itself."""
    result = run_gkml(["check", "--as-of", AS_OF], cwd=INVALID_DIR / "GK122-direction-control")
    lines = result.stdout.splitlines()
    assert lines[2:4] == [
        "    2 | title: 关于印发示例市民政局<U+202E>2024年政务公开工作要点<U+202C>的通知",
        "      | " + " " * len("title: ") + " " * 2 * len("关于印发示例市民政局") + "^" * 8,
    ]


def test_a_file_with_an_error_still_gets_its_bodys_warnings(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """Found by following the handbook: "check lists every problem at once" was not so for a
    file with an error; its body's warnings (GK119, GK120, GK122) came only once it was fixed."""
    text = (INVALID_DIR / "GK301-body/content/2024/tongzhi.md").read_text(encoding="utf-8")
    site = make_site(
        {
            "content/2024/tongzhi.md": text
            + "\n申请APP**“示例民政”**。\n见[附件](files/没有.pdf)。\n"
        },
        copy="invalid/GK301-body",
    )
    result = run_gkml(["check", "--site", site, "--as-of", AS_OF])
    assert [code_of(line) for line in first_lines(result.stdout)] == ["GK301", "GK120", "GK119"]


def test_checking_a_folder_reports_its_markdown_files_by_another_name(run_gkml: RunGkml) -> None:
    """`gkml check content/2024` passed a folder's 通知.MD over in silence."""
    result = run_gkml(
        ["check", "--as-of", AS_OF, "content/2024"], cwd=INVALID_DIR / "GK015-uppercase-extension"
    )
    assert [code_of(line) for line in first_lines(result.stdout)] == ["GK015"]


def test_an_allowance_lets_a_number_in_the_front_matter_through(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    """The allowances cover every text the front matter gives (GK301-metadata), and a number
    allowed there is in the item (no GK304)."""
    site = make_site(copy="invalid/GK301-metadata")
    item = site / "content/2024/tongzhi.md"
    text = item.read_text(encoding="utf-8")
    allow = (
        "privacy_allow:\n"
        "  - {text: '13912345678', why: 科室值班手机，对外公布}\n"
        "  - {text: '640102198503121239', why: 本人书面同意公开}\n"
        "  - {text: '13812345678', why: 本人书面同意公开}\n"
    )
    item.write_text(text.replace("genre: 通知\n", "genre: 通知\n" + allow), encoding="utf-8")
    result = run_gkml(["check", "--site", site, "--as-of", AS_OF])
    assert first_lines(result.stdout) == [], result.stdout
    assert result.exit_code == 0


def test_the_samples_table_three_balances_and_one_figure_off_does_not() -> None:
    """The sample's three annual reports balance (一 + 二 = 总计 + 四); one figure changed does
    not; a table without all four rows is not judged."""
    from generator.requesttable import imbalance

    for report in ("2024/ndbg-2023.md", "2025/ndbg-2024.md", "2026/ndbg-2025.md"):
        text = (REPO / "content" / report).read_text(encoding="utf-8")
        assert imbalance(text, 1) is None, report
        total = re.search(r"（七）总计 \| (\d+) \|", text)
        assert total is not None, report
        off = text.replace(total[0], f"（七）总计 | {int(total[1]) + 1} |")
        found = imbalance(off, 1)
        assert found is not None and found.total == int(total[1]) + 1, report
    assert imbalance("| （七）总计 | 25 |\n| 四、结转下年度 | 2 |\n", 1) is None
    # A report's own one-row summary of 三 (a re-walk: 8 received, 7 settled, none carried)
    short = (
        "| 一、本年新收政府信息公开申请数量 | 8 |\n| 二、上年结转政府信息公开申请数量 | 0 |\n"
        "| 三、本年度办理结果 总计 | 7 |\n| 四、结转下年度继续办理 | 0 |\n"
    )
    found = imbalance(short, 1)
    assert found is not None and (found.new, found.total, found.line) == (8, 7, 3)


def test_of_equally_close_words_the_first_known_is_suggested() -> None:
    """A walk: `disclosure: 公开` was asked "是否应为 部分公开", where 主动公开, the first
    and commonest value, is as close."""
    from generator.suggestion import closest

    assert closest("公开", ["主动公开", "依申请公开", "部分公开", "不予公开"]) == "主动公开"
    assert closest("公开", ["部分公开", "主动公开"]) == "部分公开"
    assert closest("有校", ["有效", "失效", "废止", "已修改"]) == "有效"
    assert closest("完全不同", ["有效"]) is None
    # A reviewer's walk: a removed column hydj was taken for shzzdj, an unrelated one.
    keys = ["bmwj", "zcjd", "shzzdj", "shjz"]
    assert closest("hydj", keys) is None
    assert closest("bmjw", keys) == "bmwj"
    assert closest("dislosure", ["disclosure", "discount"]) == "disclosure"


def test_a_missing_file_is_matched_only_with_files_an_editor_could_mean(tmp_path: Path) -> None:
    """GK115 and GK119 name the file beside a missing one with the closest name (a
    newcomer's walk), but never a hidden file, the lock file Word leaves beside an open
    document, a Markdown file or a folder."""
    from generator.suggestion import closest_file

    for name in (".分配标.pdf", "~$分配标.pdf", "分配标.md"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "分配标.pdf.d").mkdir()
    assert closest_file(tmp_path / "分配表.pdf") is None
    assert closest_file(tmp_path / "no-such-folder" / "分配表.pdf") is None
    (tmp_path / "分配标.pdf").write_bytes(b"x")
    assert closest_file(tmp_path / "分配表.pdf") == "分配标.pdf"


@pytest.mark.parametrize("name", ["GK008-withheld-unclosed", "GK008-withheld-unclosed-alias"])
def test_no_line_of_a_body_that_is_not_public_is_quoted(name: str) -> None:
    """Two walks: with the front matter's `---` missing, the body's own `---` closed it, and
    the check quoted the 不予公开 body's lines (in every spelling of the field, with or
    without a blank line before the body)."""
    site = load_site(INVALID_DIR / name, today=date.fromisoformat(AS_OF))
    assert site.diagnostics
    for d in site.diagnostics:
        shown = " ".join((d.message_zh, d.message_en, d.fix_zh, d.fix_en, d.source_line))
        assert "金丝雀" not in shown and "案件编号" not in shown, d


@pytest.mark.parametrize(
    ("text", "blamed"),
    [
        ('title: "abc\nindex_no: 1\nissuer: x\n', (1, 8)),
        ('title: "abc\nindex_no: 1\ndoc_no: "x"\nissuer: y\n', (1, 8)),
        ("a: 1\nreason: |\n  x: \"y\ntitle: 'abc\nb: 2\n", (4, 8)),
        # A review: quotes that are closed, or in a block, are not blamed for another error.
        ('title: "关于印发\n  的通知" 附件\n', None),
        ('reason: |\n  备注: "工作日办理\ncategory: bmwj\n\ttopics: [a]\n', None),
        ('title: "关于印发\n  D:\\公文 的通知"\nissuer: x\n', None),
    ],
)
def test_an_unclosed_quote_is_named_at_the_quote_and_only_then(
    text: str, blamed: tuple[int, int] | None
) -> None:
    from generator.yamlnodes import SyntaxProblem, parse_yaml

    found = parse_yaml(text)
    named = isinstance(found, SyntaxProblem) and "never closed" in found.problem
    assert named == (blamed is not None), found
    if blamed is not None:
        assert isinstance(found, SyntaxProblem)
        assert (found.pos.line, found.pos.column) == blamed


def test_a_shared_page_file_of_an_item_with_no_page_is_no_error(tmp_path: Path) -> None:
    """A review: GK212 was an error where one of the two items is 依申请公开, which gets no
    page of its own."""
    import shutil

    root = tmp_path / "site"
    shutil.copytree(INVALID_DIR / "GK212-shared-page", root)
    item = root / "content/2024/buchong.md"
    text = item.read_text(encoding="utf-8")
    item.write_text(
        text.replace("disclosure: 主动公开", "disclosure: 依申请公开\nreason: 向本机关申请"),
        encoding="utf-8",
    )
    codes = [d.code for d in load_site(root, today=date.fromisoformat(AS_OF)).diagnostics]
    assert "GK212" not in codes, codes


def test_files_whose_names_differ_only_in_case_are_one_file_on_a_disc(tmp_path: Path) -> None:
    """An archive walk: `Report.pdf` and `report.pdf` are two files on the web server and
    one on Windows or a disc, which then opens the same file from both items' links. Made
    here, not in a fixture folder: a clone on Windows or macOS could not hold both."""
    import shutil

    root = tmp_path / "site"
    shutil.copytree(INVALID_DIR / "GK214-shared-file", root)
    files = root / "content/2024/files"
    (files / "发放情况（100％）.pdf").unlink()
    (files / "Report.pdf").write_bytes(b"%PDF-1.4 upper\n")
    (files / "report.pdf").write_bytes(b"%PDF-1.4 lower\n")
    (files / "Tables").mkdir()
    (files / "Tables/a.xlsx").write_bytes(b"a")
    (files / "tables").mkdir()
    (files / "tables/b.xlsx").write_bytes(b"b")
    notice = root / "content/2024/tongzhi.md"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace(
            "  - {file: files/发放情况（100%）.pdf, title: 发放情况}\n",
            "  - {file: files/发放情况（100%）.pdf, title: 发放情况}\n"
            "  - {file: files/Report.pdf, title: 报告}\n"
            "  - {file: files/Tables/a.xlsx, title: 表一}\n",
        ),
        encoding="utf-8",
    )
    other = root / "content/2024/buchong.md"
    other.write_text(
        other.read_text(encoding="utf-8").replace(
            "[发放情况](files/发放情况（100％）.pdf)",
            "[报告](files/report.pdf)、[表二](files/tables/b.xlsx)、[已删除](files/REPORT.pdf)",
        ),
        encoding="utf-8",
    )
    found = [
        (d.file, d.line, d.column, d.message_zh)
        for d in load_site(root, today=date.fromisoformat(AS_OF)).diagnostics
        if d.code == "GK214"
    ]
    report = "content/2024/files/Report.pdf"
    lower = "content/2024/files/report.pdf"
    assert [(file, line, column) for file, line, column, _ in found] == [
        ("content/2024/buchong.md", 15, 11),  # report.pdf
        ("content/2024/buchong.md", 15, 34),  # tables/b.xlsx
        ("content/2024/tongzhi.md", 15, 12),  # Report.pdf
        ("content/2024/tongzhi.md", 16, 12),  # Tables/a.xlsx
    ], found
    assert (
        f"{lower}（发布为 files/2024/files/report.pdf）与 {report} 只差在字母大小写" in found[0][3]
    )
    assert found[1][3].startswith(
        "文件 content/2024/files/tables/b.xlsx 的文件夹（发布为 files/2024/files/tables）与 "
        "content/2024/files/Tables/a.xlsx 的文件夹只差在字母大小写"
    )
    assert all("REPORT.pdf" not in message for *_, message in found)  # not there: GK119's

    # A free page's link counts too (a walk: 公开指南 linked report.pdf beside Report.pdf).
    page = root / "content/pages/gkzn.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(
        "---\ntitle: 政府信息公开指南\nslug: gkzn\n---\n\n见[年度报告](../2024/files/report.pdf)。\n",
        encoding="utf-8",
    )
    other.write_text(
        other.read_text(encoding="utf-8").replace("[报告](files/report.pdf)、", ""),
        encoding="utf-8",
    )
    paged = [
        (d.file, d.line, d.column)
        for d in load_site(root, today=date.fromisoformat(AS_OF)).diagnostics
        if d.code == "GK214" and "report.pdf" in d.message_zh.lower()
    ]
    assert ("content/pages/gkzn.md", 6, 9) in paged and ("content/2024/tongzhi.md", 15, 12) in paged

    # The item that links to report.pdf is 依申请公开: the file is not published, no clash.
    page.unlink()
    other.write_text(
        other.read_text(encoding="utf-8").replace(
            "disclosure: 主动公开", "disclosure: 依申请公开\nreason: 向本机关申请"
        ),
        encoding="utf-8",
    )
    codes = [d.code for d in load_site(root, today=date.fromisoformat(AS_OF)).diagnostics]
    assert "GK214" not in codes, codes


@pytest.mark.parametrize("name", ["GK001-utf16", "GK001-gb18030", "GK402-gb18030"])
def test_the_encoding_fix_is_a_command_that_works(
    name: str, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """An editor's walk: the fix for a UTF-16 file (Notepad's "Unicode") was a GB18030
    command, which failed and left an empty file. The command given converts the file."""
    site = tmp_path / name
    shutil.copytree(INVALID_DIR / name, site)
    result = run_gkml(["check", "--as-of", AS_OF], cwd=site)
    command = re.search(r"iconv -f (\S+) -t UTF-8 (?:原文件 > 新文件|catalog.yml >)", result.stdout)
    assert command, result.stdout
    files = [site / "catalog.yml"] if name.startswith("GK402") else (site / "content").rglob("*.md")
    for path in files:
        converted = subprocess.run(
            ["iconv", "-f", command[1], "-t", "UTF-8", str(path)], capture_output=True, check=True
        ).stdout
        path.write_bytes(converted)
    again = run_gkml(["check", "--as-of", AS_OF], cwd=site)
    assert not re.search("GK00[13]|GK402", again.stdout), again.stdout


ITEM = "content/2024/640100-108-2024-00001.md"


def _fixes(run_gkml: RunGkml, root: Path) -> str:
    result = run_gkml(["check", "--as-of", AS_OF], cwd=root)
    return "\n".join(line for line in result.stdout.splitlines() if "修改建议" in line)


def test_a_missing_field_written_under_another_name_gets_one_fix(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """An editor's walk: 公开类型 for 公开属性 gave GK009 "add disclosure: 主动公开" beside
    GK008 "correct the name"; following both published a withheld body. GK009 now names the
    line to correct; 发布时间 is taken for the missing 发布日期, not for 发布机构."""
    text = item_text(
        disclosure=None, reason="本信息属于内部事务信息，不予公开。", 公开类型="不予公开"
    )
    fixes = _fixes(run_gkml, make_site({ITEM: text}))
    assert "应为 “公开属性”：改正这个字段名" in fixes, fixes
    assert "disclosure: 主动公开" not in fixes
    text = item_text(published=None, 发布时间="2024-03-05")
    fixes = _fixes(run_gkml, make_site({ITEM: text}))
    assert "应为 “发布日期”：改正这个字段名" in fixes, fixes


def test_a_missing_disclosure_is_not_given_a_value(make_site: MakeSite, run_gkml: RunGkml) -> None:
    fixes = _fixes(run_gkml, make_site({ITEM: item_text(disclosure=None)}))
    assert "后写 主动公开、依申请公开、部分公开、不予公开 中的一个" in fixes, fixes
    assert "disclosure: 主动公开" not in fixes


def test_a_key_written_without_its_value_is_filled_in_not_added(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """An editor's walk: `gkml new` writes every key; "add a line status_date: …" then gave
    a second key (GK006). The fix names the line that has the key."""
    text = item_text(
        status="废止", status_date="", replaced_by="", disclosure="不予公开", reason=""
    )
    fixes = _fixes(run_gkml, make_site({ITEM: text}))
    assert "在第 13 行 状态变更日期 status_date: 后填写 YYYY-MM-DD" in fixes, fixes
    assert (
        "在第 14 行 废止依据 replaced_by: 后填写" in fixes
        and "在第 15 行 不予公开理由 reason: 后填写" in fixes
    )
    assert "加一行" not in fixes


def test_a_titles_spaces_go_except_one_between_latin_words() -> None:
    from generator.reader import _tidy_title

    assert _tidy_title("第二批\u00a0\u00a0创业") == "第二批创业"
    assert _tidy_title("COVID-19\u3000防控") == "COVID-19防控"
    assert _tidy_title("Open\u00a0 Data 开放") == "Open Data 开放"
    assert _tidy_title("示例市 Open Data 目录") == "示例市 Open Data 目录"  # one plain space stays
    assert _tidy_title("关于做好\u200b冬春\ufeff救助") == "关于做好冬春救助"  # from a web page


def test_a_file_name_with_a_line_break_is_an_error_on_one_line_of_the_report(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A security review: `content/2024/nl\\n\\n## ✅ …\\n\\n<!-- x.md` passed the check; a
    name with a full-width space is a name like any other."""
    root = make_site(
        {
            "content/2024/files/附件\n\n## 通过\n\n<!-- x.pdf": b"%PDF-1.4\n",
            "content/2024/files/附件\u3000名单.pdf": b"%PDF-1.4\n",
            "content/2024/files/\ue001.pdf": b"%PDF-1.4\n",
            # a Markdown file so named has its other diagnostics on one line too (a re-walk)
            "content/2024/a\nb.md": (
                MINIMAL / "content/2024/640100-108-2024-00001.md"
            ).read_bytes(),
            "content/2024/rtl\u202efdp.exe": b"MZ",
        }
    )
    done = run_gkml(["check"], cwd=root)
    assert not any(line.startswith(("b.md", "<!--")) for line in done.stdout.splitlines())
    assert "content/2024/a\\u000ab.md:3:" in done.stdout  # GK201, its index number shared
    assert done.exit_code == 1
    first = [line for line in done.stdout.splitlines() if " GK016 " in line]
    assert [line.split(": ", 1)[0] for line in first] == [
        "content/2024/a\\u000ab.md",
        "content/2024/files/\\ue001.pdf",
        "content/2024/files/附件\\u000a\\u000a## 通过\\u000a\\u000a<!-- x.pdf",
        "content/2024/rtl\\u202efdp.exe",
    ]
    assert "## 通过" not in done.stdout.replace("\\u000a## 通过", "")


def test_a_renamed_issuer_that_keeps_its_code_is_told_what_to_do(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A county walk: 示例县数据局（筹） renamed 示例县数据局 with its code; setup.md said to keep
    the old entry, and GK408 forbade the shared code without a word of what to do."""
    catalog = (SITES_DIR / "minimal/catalog.yml").read_text(encoding="utf-8")
    renamed = catalog.replace(
        "issuers:\n",
        'issuers:\n  - name: 示例市民政局（筹）\n    code: 640100-108\n    index_pattern: "{code}/{year}-{serial:05d}"\n',
    )
    assert renamed != catalog
    done = run_gkml(["check", "--format", "json"], cwd=make_site({"catalog.yml": renamed}))
    [found] = [d for d in json.loads(done.stdout) if d["code"] == "GK408"]
    assert "“示例市民政局（筹）” 已经用了它" in found["message_zh"]
    assert "新名称另用一个 code" in found["fix_zh"] and "own code" in found["fix_en"]


def test_a_link_to_a_page_gkml_writes_is_no_missing_file(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A county walk: the 公开指南's working links to the home page and a column's listing
    were warned of as missing files (GK119), and an officer "fixed" them into broken ones."""
    page_path = "content/pages/gkzn.md"
    page = (SITES_DIR / "minimal" / page_path).read_text(encoding="utf-8")
    item_path = "content/2024/640100-108-2024-00001.md"
    item = (SITES_DIR / "minimal" / item_path).read_text(encoding="utf-8")
    root = make_site(
        {
            page_path: page
            + "\n回到[目录首页](../index.html)，看[部门文件](../catalog/bmwj/index.html)。\n"
            + "[旧栏目](../catalog/gone/index.html)，[信息](../items/2024/640100-108-2024-00001.html)\n",
            item_path: item
            + "\n[首页](../../index.html)、[搜索](../../search.html)、[缺](../none.html)\n"
            # a re-walk: pages of a column, an issuer or a topic the site does not have
            + "[旧栏目](../../catalog/old/index.html)、[机构](../../issuers/640100-999/index.html)"
            + "、[订阅](../../feeds/old.xml)、[本局](../../issuers/640100-108/index.html)\n",
        }
    )
    done = run_gkml(["check", "--as-of", AS_OF], cwd=root)
    lines = done.stdout.splitlines()
    warned = [line for line in lines if " GK119 " in line and "正文直接链接了网页" not in line]
    assert [re.findall(r"正文链接的(?:文件|网页) (\S+)", w)[0] for w in warned] == [
        "content/none.html",
        "catalog/old/index.html",
        "issuers/640100-999/index.html",
        "feeds/old.xml",
        "content/catalog/gone/index.html",  # the free page's, after the item's
    ], done.stdout
    # an item's page linked by its .html: told to link the .md (a re-walk)
    [page_link] = [line for line in done.stdout.splitlines() if "正文直接链接了网页" in line]
    assert "items/2024/640100-108-2024-00001.html" in page_link
    out = tmp_path / "out"
    built = run_gkml(["build", "--as-of", AS_OF, "--no-search", "--out", str(out)], cwd=root)
    assert built.exit_code == 0, built.stdout + built.stderr
    for page_file, link in (
        ("pages/gkzn.html", "../catalog/bmwj/index.html"),
        ("zh-hant/pages/gkzn.html", "../index.html"),
    ):
        html = (out / page_file).read_text(encoding="utf-8")
        assert f'href="{link}"' in html
        assert (out / page_file).parent.joinpath(link).resolve().is_file()


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2025: {normative_documents: 1,234}", "数字中不要写千位分隔符（逗号把这个数分成了两项）"),
        ('"2025": {normative_documents: 3}', "年份不加引号、用半角数字，写作 2025"),
        ("2025: {normative_documents: ３}", "用半角数字、不加千位分隔符：写作 3"),
        ("2025:\n      normative_documents: 1,234", "写作 1234"),
    ],
)
def test_a_reported_figure_written_as_clerks_write_it_is_told_what_to_write(
    make_site: MakeSite, run_gkml: RunGkml, written: str, said: str
) -> None:
    """A year-end walk: `1,234` in a flow mapping was GK403 "delete the line" for a setting
    234; a quoted year and a full-width digit were told only what was wanted."""
    catalog = (SITES_DIR / "minimal/catalog.yml").read_text(encoding="utf-8")
    catalog += f"annual_report:\n  reported:\n    {written}\n"
    done = run_gkml(["check", "--format", "json"], cwd=make_site({"catalog.yml": catalog}))
    found = json.loads(done.stdout)
    assert [d["code"] for d in found] == ["GK405"], found
    assert said in found[0]["message_zh"]


def test_a_document_repealed_by_two_is_told_where_the_second_goes(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A lawyer's walk: `replaced_by: [A, B]` was told both GK111 "write replaced_by" and
    GK010 "must be text". One message says that one goes here and the other in related."""
    text = item_text(
        status="废止",
        status_date="2024-06-01",
        replaced_by="[640100-108/2024-00002, 640100-108/2024-00003]",
    )
    root = make_site({"content/2024/640100-108-2024-00001.md": text})
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    found = [d for d in json.loads(done.stdout) if d["field"] == "replaced_by"]
    codes = [d["code"] for d in found]
    assert "GK111" not in codes and codes.count("GK010") == 1, found
    found = [d for d in found if d["code"] == "GK010"]
    assert "related" in found[0]["message_zh"]
    assert "replaced_by: 640100-108/2024-00002" in found[0]["fix_zh"]
    assert "640100-108/2024-00003 写进相关文件（related）" in found[0]["fix_zh"]
    # two index numbers in one text (an editor's walk: passed, and linked neither)
    text = text.replace(
        "replaced_by: [640100-108/2024-00002, 640100-108/2024-00003]",
        "replaced_by: 640100-108/2024-00002、640100-108/2024-00003",
    )
    root = make_site({"content/2024/640100-108-2024-00001.md": text})
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    found = [d for d in json.loads(done.stdout) if d["field"] == "replaced_by"]
    assert [d["code"] for d in found] == ["GK010"], found
    assert "replaced_by: 640100-108/2024-00002" in found[0]["fix_zh"]


def test_a_file_with_errors_has_its_references_checked_in_the_same_run(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """An editor fixed a file's date, and only the next run said that its interprets, related
    and replaced_by named no item: the checks across files looked at read items alone."""
    rel = "content/2024/640100-108-2024-00002.md"
    text = (SITES_DIR / "minimal" / rel).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^written: .*$", "written: 2024-02-30", text)
    text = re.sub(r"(?m)^interprets: .*$", "interprets: 640100-108/2024-00099", text)
    text = text.replace(
        "\n---\n",
        "\nrelated: [640100-108/2024-00001, 640100-108/2024-00098]"
        "\nreplaced_by: 640100-108/2024-00097\n---\n",
        1,
    )
    root = make_site({rel: text})
    for _run in range(2):  # the second from the read cache
        done = run_gkml(["check", "--as-of", AS_OF], cwd=root)
        codes = [code_of(line) for line in first_lines(done.stdout)]
        # GK145: replaced_by on a document still 有效
        assert codes == ["GK102", "GK202", "GK203", "GK145", "GK204"], done.stdout


def test_many_items_sharing_a_doc_no_name_three_of_the_others(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A scale walk: each of 2,000 items with one 文号 listed all 1,999 others, in both
    languages: 388 MB of warnings held in memory (4,000 items: 2.7 GB). Each names three and
    how many more."""
    files = {
        f"content/2024/640100-108-2024-{n:05d}.md": item_text(
            title=f"通知{n}", index_no=f"640100-108/2024-{n:05d}", doc_no="示民发〔2024〕1号"
        )
        for n in range(3, 9)  # and the minimal site's 640100-108/2024-00001: seven in all
    }
    root = make_site(files)
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    found = [d for d in json.loads(done.stdout) if d["code"] == "GK219"]
    assert len(found) == 7
    for d in found:
        assert d["message_zh"].count("（content/") == 3 and "等另外 3 条" in d["message_zh"]
        assert d["message_en"].endswith("and 3 more")
        assert d["file"] not in d["message_zh"]


def test_an_earlier_amendment_names_a_document_of_the_site_by_its_index_number(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """`amendments` names the amending document as replaced_by does: an index number the
    site lacks is GK204, a site document's 文号 GK226 with its index number as the fix, and
    a malformed entry GK010."""
    text = item_text(
        status="已修改",
        status_date="2024-09-01",
        replaced_by="640100-108/2024-00002",
        amendments="[{date: 2024-04-01, by: 640100-108/2024-00099},"
        " {date: 2024-05-01, by: 示民发〔2024〕1号}, {date: 2024-06-01}]",
    )
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": text.replace(
                "doc_no: 示民发〔2024〕1号", "doc_no: 示民发〔2024〕9号"
            ),
            "content/2024/640100-108-2024-00003.md": item_text(
                title="另一份通知", index_no="640100-108/2024-00003"
            ),
        }
    )
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    found = [d for d in json.loads(done.stdout) if (d["field"] or "").startswith("amendments")]
    assert sorted(d["code"] for d in found) == ["GK009", "GK204", "GK226"], found
    [named] = [d for d in found if d["code"] == "GK226"]
    assert named["message_zh"].startswith(
        "此前修改的依据 “示民发〔2024〕1号” 是本站 640100-108/2024-00003"
    )
    assert named["fix_zh"] == "改为 by: 640100-108/2024-00003"


def test_amendments_are_checked_against_the_dates_and_said_once_when_malformed(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-walk: an amendment dated before the document was made, or by a decision
    published after it, passed; a repeated entry printed two rows; `by` written as a list was
    "应为中的 by 为文字" and "lacks by"."""
    decision = item_text(
        title="关于修改的决定",
        index_no="640100-108/2024-00003",
        published="2024-08-01",
        doc_no=None,
    )
    amended = item_text(
        status="废止",
        status_date="2024-10-01",
        replaced_by="640100-108/2024-00003",
        amendments="[{date: 2024-01-01, by: 640100-108/2024-00002},"
        " {date: 2024-07-01, by: 640100-108/2024-00003},"
        " {date: 2024-07-01, by: 640100-108/2024-00003}]",
    )
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": amended,
            "content/2024/640100-108-2024-00003.md": decision,
        }
    )
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    found = [(d["code"], d["message_zh"]) for d in json.loads(done.stdout)]
    codes = sorted(code for code, _ in found if code in ("GK010", "GK147", "GK228"))
    assert codes == ["GK010", "GK147", "GK228", "GK228"], found  # 00002 published 2024-03-06
    assert any("早于本文件的成文（发布）日期 2024-03-01" in m for c, m in found if c == "GK147")
    assert any("晚于那次修改的日期 2024-07-01" in m for c, m in found if c == "GK228")
    listed = amended.replace(
        "amendments: [{date: 2024-01-01",
        "amendments: [{date: 2024-01-01, by: [a, b]}, {date: 2024-01-02",
    )
    root = make_site({"content/2024/640100-108-2024-00001.md": listed})
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    found = [d for d in json.loads(done.stdout) if (d["field"] or "").startswith("amendments")]
    assert "GK009" not in [d["code"] for d in found], found
    [listing] = [d for d in found if d["code"] == "GK010" and "一项文字" in d["message_zh"]]
    assert (
        listing["message_zh"]
        == "此前修改（amendments） 中的 by 应为一项文字；有几项的，分开写成几项"
    )


def test_a_document_in_force_with_a_leftover_basis_makes_no_circle(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-walk: a 有效 document's leftover replaced_by (GK145, not published) made a
    correct repeal of another into a "circle" (GK227)."""
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                status="废止", status_date="2024-06-01", replaced_by="640100-108/2024-00002"
            ),
            "content/2024/640100-108-2024-00002.md": item_text(
                title="另一份办法",
                index_no="640100-108/2024-00002",
                status_date="2024-06-01",
                replaced_by="640100-108/2024-00001",
            ),
        }
    )
    done = run_gkml(["check", "--format", "json", "--as-of", AS_OF], cwd=root)
    codes = [d["code"] for d in json.loads(done.stdout)]
    assert "GK227" not in codes and codes.count("GK145") == 2, codes


def test_a_fix_that_names_a_file_shows_its_direction_control(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A review: GK115 and GK119 name the file beside a missing one in their fix too, which
    the report printed as it was: a direction control in the name reversed the rest of the
    line (`rtl\\u202efdp.exe` shows as rtlexe.pdf), as in a message before a security review."""
    root = make_site(
        {
            "content/2024/files/农机补贴资金分配表.pdf": None,
            "content/2024/files/农机补贴资金分配表\u202efdp.exe": b"MZ",
        },
        copy="invalid/GK115-name-typo",
    )
    done = run_gkml(["check", "--as-of", AS_OF], cwd=root)
    fixes = [line for line in done.stdout.splitlines() if line.startswith("    修改建议：改为")]
    assert fixes[0] == (
        "    修改建议：改为 file: files/农机补贴资金分配表\\u202efdp.exe"
        " (fix: write file: files/农机补贴资金分配表\\u202efdp.exe)"
    ), done.stdout


# What a message writes as it is, not a field's name: a value in brackets or quotes, an entry
# of attachments or source ({file: …, title: …}); catalog.yml's settings (GK4xx) are not
# fields.
_WRITTEN = re.compile(r'\{[^}]*\}|\[[^]]*\]|"[^"]*"|“[^”]*”')


def _keys_without_label(text: str) -> list[str]:
    """Return the field keys *text* names with none of the field's Chinese names beside them."""
    text = _WRITTEN.sub("", text)
    return [
        spec.key
        for spec in FIELDS
        if re.search(rf"(?<![A-Za-z_]){spec.key}(?![A-Za-z_])", text)
        and not any(name in text for name in (spec.label, *spec.aliases))
    ]


def test_every_message_names_a_field_by_its_chinese_label(run_gkml: RunGkml) -> None:
    """An editor in a bureau office thinks in 效力状态 and 发布日期: GK105's fix said 改为
    status: 有效, and fixes and messages of 20 more codes named a field by its key alone
    (不需要 reason, 删去 corrected 一行, 在 privacy_allow 中写明)."""
    wrong = []
    for name in INVALID:
        result = run_gkml(["check", "--as-of", AS_OF, "--format", "json"], cwd=INVALID_DIR / name)
        for found in json.loads(result.stdout):
            if found["code"].startswith("GK4"):
                continue
            for part in ("message_zh", "fix_zh"):
                keys = _keys_without_label(found[part])
                if keys:
                    wrong.append(f"{name}: {found['code']} {part} {keys}: {found[part]}")
    assert wrong == []


@pytest.mark.parametrize(
    ("fields", "fix_zh"),
    [
        ({"status": "有校"}, "效力状态一行改为 status: 有效"),
        ({"status": None, "效力状态": "有校"}, "改为 效力状态: 有效"),
        ({"written": "2024.3.1"}, "成文日期一行改为 written: 2024-03-01"),
        ({"written": None, "成文日期": "2024.3.1"}, "改为 成文日期: 2024-03-01"),
    ],
)
def test_a_value_to_correct_is_named_by_the_fields_chinese_label(
    fields: dict[str, str | None], fix_zh: str, make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """GK105 said 改为 status: 有效 to an editor who knows the field as 效力状态, and GK101
    改为 written: … to one who wrote 成文日期: 2024.3.1 (a second name, GK011, once added)."""
    root = make_site({"content/2024/a.md": item_text(**fields)})
    result = run_gkml(["check", "--site", root, "--as-of", AS_OF, "--format", "json"])
    found = [d["fix_zh"] for d in json.loads(result.stdout) if d["code"] in ("GK101", "GK105")]
    assert found == [fix_zh], result.stdout


def test_a_missing_field_is_named_by_its_label_in_the_line_to_add(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """The line to add named the field by its key alone (在前言中加一行，例如 published: …)."""
    root = make_site({"content/2024/a.md": item_text(published=None)})
    result = run_gkml(["check", "--site", root, "--as-of", AS_OF, "--format", "json"])
    found = [d["fix_zh"] for d in json.loads(result.stdout) if d["code"] == "GK009"]
    assert found == ["在前言中加上发布日期一行，例如 published: 2024-03-05（改成本信息的）"]


def test_an_on_request_items_reason_is_named_as_its_explanation(run_gkml: RunGkml) -> None:
    """reason is 不予公开理由 and 依申请公开说明: a 依申请公开 item missing it was told of its
    不予公开理由 (a label for the other use)."""
    result = run_gkml(
        ["check", "--as-of", AS_OF, "--format", "json"], cwd=INVALID_DIR / "GK112-on-request"
    )
    [found] = json.loads(result.stdout)
    assert "依申请公开说明（reason）" in found["message_zh"]
    assert found["fix_zh"] == "加上依申请公开说明一行：reason: 申请方式说明"


def test_a_mistaken_repeal_undone_is_told_to_give_the_day_of_its_correction(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A 有效 document's leftover status_date (GK145): the fix says to delete it and, for a
    mistaken repeal undone, to give the day of the correction, the check's day (without it
    the feeds' and listings' 更新日期 went back to the publication's); not when given."""
    leftover = {"status_date": "2024-06-01", "replaced_by": None}
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(**leftover),
            "content/2024/640100-108-2024-00002.md": item_text(
                title="另一份办法",
                index_no="640100-108/2024-00002",
                corrected="2024-07-01",
                **leftover,
            ),
        }
    )
    done = run_gkml(["check", "--format", "json", "--as-of", "2024-08-01"], cwd=root)
    fixes = {
        d["file"].rsplit("/", 1)[1]: d["fix_zh"]
        for d in json.loads(done.stdout)
        if d["code"] == "GK145"
    }
    assert "corrected: 2024-08-01（更正日期）" in fixes["640100-108-2024-00001.md"], fixes
    assert "corrected" not in fixes["640100-108-2024-00002.md"], fixes
    assert all("删去这一行" in fix for fix in fixes.values()), fixes
