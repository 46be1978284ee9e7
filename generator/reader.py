"""One content file into a validated Item, reporting every problem at its line and column."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TypeVar

from generator.bodylinks import ITEM_PAGES, RealPaths, check_links, local_links, warn_active
from generator.bodyscan import check_body
from generator.config import Config, column_limit
from generator.contentscan import is_file, is_hidden
from generator.dates import DateProblem, parse_date
from generator.diagnostics import Collector, Diagnostic
from generator.emphasis import stray_marks
from generator.fields import (
    ALLOWANCE_KEYS,
    AMENDMENT_KEYS,
    ATTACHMENT_KEYS,
    DISCLOSURE_ALIASES,
    FIELD_BY_KEY,
    FIELD_BY_NAME,
    FIELDS,
    SOURCE_KEYS,
    STATUS_ALIASES,
    Disclosure,
    Field,
    Kind,
    Status,
    change_line,
)
from generator.frontmatter import SplitFile, decode, file_lines, split
from generator.invisible import DIRECTION, ZERO_WIDTH, direction_lines, invisible_values
from generator.item import (
    Allowance,
    Amendment,
    Attachment,
    BodyLink,
    Item,
    Source,
    lapse_of,
)
from generator.privacy import KIND_LABELS, PRIVACY_CODES, find_personal_data, place
from generator.requesttable import imbalance
from generator.suggestion import closest, closest_file, did_you_mean, file_clause, or_choices
from generator.tablehead import empty_header_cells, html_table_headers
from generator.workdays import working_days_between
from generator.yamlnodes import Map, Node, Position, Scalar, Seq, SyntaxProblem, parse_yaml

_E = TypeVar("_E", bound=StrEnum)
_HALF_WIDTH = str.maketrans("／－", "/-")
# What a migrated catalog writes for "no 文号" (full-width slashes and dashes read as these,
# a full stop after it dropped).
_NO_DOC_NO = frozenset(
    {"无", "暂无", "没有", "空", "无文号", "/", "-", "—", "——", "N/A", "n/a", "NA", "null", "none", "None"}
)  # fmt: skip


def _scalars(node: Node) -> Iterator[Scalar]:
    """Yield every scalar of *node*: itself, or those of its lists and mappings."""
    if isinstance(node, Scalar):
        yield node
    elif isinstance(node, Seq):
        for element in node.items:
            yield from _scalars(element)
    elif isinstance(node, Map):
        for entry in node.entries:
            yield from _scalars(entry.value)


_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
_WRONG_BRACKETS = re.compile(r"[\[(（【［](\d{4})[\])）】］]")
# What a 文号 has no place for (GB/T 9704: 示民发〔2024〕12号): a space of any width, pasted
# from Word as a full-width or no-break one (a search for the 文号 then missed it), and 第
# before the number (a migration walk).
_DOC_NO_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_DOC_NO_DI = re.compile(r"〕第(?=\d+号)")
# A title's run of spaces that is not one plain space: a no-break or full-width one from Word
# or an old CMS (第二批\u00a0\u00a0创业: a search for 第二批创业 missed it, a migration walk).
_TITLE_SPACES = re.compile(r"\s+")
# and what shows nothing at all (a zero-width space from a web page: a re-walk)
_TITLE_INVISIBLE = ZERO_WIDTH
# The title's names: GK143 warns of its invisible characters with its spaces (not GK149).
_TITLE_NAMES = frozenset(name for name, field in FIELD_BY_NAME.items() if field.key == "title")
_LATIN = re.compile(r"[0-9A-Za-z]")


def _tidy_title(value: str) -> str:
    """Return the title *value* with each run of spaces that is not one plain space made one
    plain space between two Latin letters or digits (COVID-19 防控), and none elsewhere."""

    def tidy(run: re.Match[str]) -> str:
        if run[0] == " ":
            return " "
        before, after = value[run.start() - 1 : run.start()], value[run.end() : run.end() + 1]
        return " " if _LATIN.match(before) and _LATIN.match(after) else ""

    return _TITLE_SPACES.sub(tidy, _TITLE_INVISIBLE.sub("", value))


def _tidy_doc_no(value: str) -> str:
    """Return the 文号 *value* without its spaces and the 第 before its number."""
    return _DOC_NO_DI.sub("〕", _DOC_NO_SPACE.sub("", value))


# What `gkml new` writes for a body to be written: still there, the item is not ready.
PLACEHOLDER_BODY = "（在此撰写正文。）"
_INDEX_SHAPE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*/\d{4}-\d+")
_INDEX_LINE = re.compile(
    rf"""^(?:index_no|索引号)[ \t]*:[ \t]*["']?({_INDEX_SHAPE.pattern})""", re.MULTILINE
)
_ALLOW = "在 privacy_allow（允许公开的个人信息）中写明原文和理由"
_PRIVACY_FIX = {
    "id_card": (f"去标识化：改为 {{m}}；确需公开的，{_ALLOW}", "de-identify it: write {m}"),
    "id_card_suspect": (
        f"核对这个号码：是身份证号码的，去标识化，改为 {{m}}；不是的，{_ALLOW}",
        "check the number: if it is an ID number, de-identify it: write {m}; if it is not, "
        "add the text and the reason to privacy_allow",
    ),
    "mobile": (
        f"去标识化：改为 {{m}}，或改用办公电话；确需公开的，{_ALLOW}",
        "de-identify it: write {m} or an office line",
    ),
    "bank_card": (f"去标识化：改为 {{m}}；确需公开的，{_ALLOW}", "de-identify it: write {m}"),
    "bank_account_suspect": (
        f"核对这个号码：是个人账号的，去标识化，改为 {{m}}；可以公开的（如单位的对公账号），{_ALLOW}",
        "check the number: if it is a person's account, de-identify it: write {m}; if it may "
        "be public (an office's own account), add the text and the reason to privacy_allow",
    ),
}


@dataclass(frozen=True, slots=True)
class ReadContext:
    site_root: Path
    config: Config
    today: date
    scan_body: bool = True
    # The latest day a written or published date may be (GK104), when later than *today*:
    # `gkml check --as-of` a past day judges them by the real today, as the build does
    latest: date | None = None
    real_paths: RealPaths = field(default_factory=RealPaths, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReadResult:
    item: Item | None
    diagnostics: tuple[Diagnostic, ...]
    estimated_years: frozenset[int]
    declared: tuple[str, Position] | None = None  # the index_no as written, even if invalid
    # The files besides this one that the read looked at (attachments, files the body links
    # to), site-root paths: a cached result is stale when one of them changes.
    probed: tuple[str, ...] = ()
    # SHA-256 of the front matter as written (comments and layout included): a rebuild whose
    # changed file has the same head, diagnostics and body links changed its body only.
    head: str = ""
    # A file with errors (no item): the index numbers its interprets, replaced_by and related
    # name, as written, with where (field, value, position), for the checks across files.
    references: tuple[tuple[str, str, Position], ...] = ()


def looks_like_index_no(text: str) -> bool:
    """Return whether *text* has the shape of an index number rather than a document title."""
    return bool(_INDEX_SHAPE.fullmatch(text))


def read_item(rel_path: str, data: bytes, ctx: ReadContext) -> ReadResult:
    """Return the Item that *data* (the bytes of *rel_path*) declares, with every diagnostic."""
    out = Collector(rel_path)
    text = decode(data, out)
    if text is None:
        return ReadResult(None, tuple(out.found), frozenset())
    parts = split(text, out)
    out.lines = parts.lines if parts else file_lines(text)
    if parts is None:
        return ReadResult(None, tuple(out.found), frozenset())
    out.quiet_after = _quiet_after(parts)
    entries = front_matter(parts, out)
    if entries is None:
        return ReadResult(None, tuple(out.found), frozenset(), _index_as_written(parts))
    builder = _ItemBuilder(rel_path, parts, entries, ctx, out)
    item = builder.build()
    declared = None
    index_entry = entries.get("index_no")
    if index_entry is not None and isinstance(index_entry[2], Scalar) and index_entry[2].text:
        declared = (index_entry[2].text.strip(), index_entry[2].pos)
    return ReadResult(
        item,
        tuple(out.found),
        frozenset(builder.estimated_years),
        declared,
        tuple(builder.probed),
        hashlib.sha256(f"{parts.front_line}\0{parts.front}".encode()).hexdigest(),
        () if item is not None else _references(entries),
    )


def _references(
    entries: Mapping[str, tuple[Field | None, Scalar, Node]],
) -> tuple[tuple[str, str, Position], ...]:
    """Return the index numbers that *entries* (a file with errors) name in interprets,
    replaced_by, related and amendments: checked across files in the same run (an editor fixed a file's
    date and was then told, on the next run, that its interprets named no item)."""
    found: list[tuple[str, str, Position]] = []
    for key in ("interprets", "replaced_by", "related"):
        entry = entries.get(key)
        node = entry[2] if entry is not None else None
        values = node.items if isinstance(node, Seq) else (node,) if node is not None else ()
        for value in values:
            if isinstance(value, Scalar) and isinstance(value.value, str) and value.text.strip():
                found.append((key, value.text.strip(), value.pos))
    entry = entries.get("amendments")
    if entry is not None and isinstance(entry[2], Seq):  # each {date, by}'s by
        for element in entry[2].items:
            if not isinstance(element, Map):
                continue
            for pair in element.entries:
                value = pair.value
                if pair.key.text == "by" and isinstance(value, Scalar) and value.text.strip():
                    found.append(("amendments", value.text.strip(), value.pos))
    return tuple(found)


def _not_public_line() -> re.Pattern[str]:
    """Return the pattern of a front matter line that makes the body not public: the field's
    key or any of its names, and a 不予公开 or 依申请公开 value in any accepted spelling."""
    spec = FIELD_BY_KEY["disclosure"]
    keys = (spec.key, *spec.names)
    values = [
        Disclosure.WITHHELD.value,
        Disclosure.ON_REQUEST.value,
        *(k for k, v in DISCLOSURE_ALIASES.items() if not v.has_public_body),
    ]
    return re.compile(
        rf"""^(?:{"|".join(map(re.escape, keys))})[ \t]*[:：][ \t]*["']?"""
        rf"""(?:{"|".join(map(re.escape, values))})(?![\w])""",
        re.MULTILINE | re.IGNORECASE,
    )


_NOT_PUBLIC_LINE = _not_public_line()
# A front matter line that starts a field: `key:` (or `key：`) at the line's start.
_KEY_LINE = re.compile(r"^([^\s#\-'\"][^:：]*?)[ \t]*[:：]")


def _quiet_after(parts: SplitFile) -> int:
    """Return the line before the first that may be the body, in a file whose body is not
    public (0: none, or the body is public): a blank line, or a line that starts with a key no
    field has. Read as front matter, the body is there when its own `---` closed the front
    matter (two walks found body lines in the check's messages)."""
    if not _NOT_PUBLIC_LINE.search(parts.front):
        return 0
    for number, line in enumerate(parts.front.split("\n")):
        if not line.strip():
            return parts.front_line + number
        key = _KEY_LINE.match(line)
        if key is None and not line[:1].isspace() and not line.startswith(("-", "#")):
            return parts.front_line + number - 1  # not a field's line: this one too
        if key is not None and key[1] not in FIELD_BY_KEY and key[1] not in FIELD_BY_NAME:
            return parts.front_line + number - 1
    return 0


def _index_as_written(parts: SplitFile) -> tuple[str, Position] | None:
    """Return the index_no line of a front matter YAML could not read, found by its shape:
    the items that name it (related, interprets) are not sent to look for a missing item
    while the mistake is in this file."""
    found = _INDEX_LINE.search(parts.front)
    if found is None:
        return None
    line = parts.front_line + parts.front.count("\n", 0, found.start())
    column = found.start(1) - parts.front.rfind("\n", 0, found.start(1))
    return found.group(1), Position(line, column)


_TEXT = (Kind.LINE, Kind.TEXT)  # read by `text`, which takes blank text for no value
_BLANKABLE = (*_TEXT, Kind.CHOICE)  # `choice` too


def _blank(node: Node) -> bool:
    """Return whether a field's value is text of only spaces (quoted: `category: ""`)."""
    return isinstance(node, Scalar) and isinstance(node.value, str) and not node.text.strip()


def _full_width_colon(lines: Sequence[str], line: int) -> Position | None:
    """Return where a key is followed by “：” on *line* or the line above it.

    PyYAML notices a full-width colon only on the next line (“could not find expected ':'”),
    so the line above the reported one is where the editor has to look.
    """
    for number in (line - 1, line):
        if not 0 < number <= len(lines):
            continue
        source = lines[number - 1]
        head = source.split(":", 1)[0]
        if "：" in head and not source.startswith((" ", "\t", "-")):
            return Position(number, head.index("：") + 1)
    return None


# status:有效, or a full-width space after the colon (genre:　通知); not https://
_NO_SPACE = re.compile(r"([^\s:：#\-\[{][^:：]*?):(?=[^ \t\n/])")


# A field's plain value (not quoted, not a list) with ` #` and more after it: YAML ends the
# value there (a comment needs the space; gkml new's own comments have one after the # too).
_HASH_CUT = re.compile(
    r"^(?P<key>[^\s:#\-][^:]*?):[ \t]+(?P<value>[^\s\"'\[{#][^#]*?)[ \t]+#(?P<cut>\S.*?)\s*$"
)
# A key whose plain value starts with what YAML reads otherwise: a list, a mapping, an alias,
# an anchor, a tag, a reserved character (not a list or mapping closed on the line: topics:
# [社会救助] is one).
_SPECIAL_START = re.compile(r"^\s*([^\s:#][^:]*?)\s*:\s+([\[{*&!%@`|>])(?!.*[\]}]\s*(?:#.*)?$)")


def _colon_without_space(lines: Sequence[str], line: int) -> tuple[Position, str, str] | None:
    """Return where a field's name is followed by a colon with no space on *line* or the line
    above it, and the name: `status:有效` is one text to YAML, and PyYAML reports the line
    after it (an editor's walk found the message on a correct line, naming nothing)."""
    for number in (line - 1, line):
        if not 0 < number <= len(lines):
            continue
        found = _NO_SPACE.match(lines[number - 1])
        if found and (found[1] in FIELD_BY_KEY or found[1] in FIELD_BY_NAME):
            value = lines[number - 1][found.end() :].strip()
            return Position(number, found.end(1) + 1), found[1], value
    return None


_PLAIN_ENTRY = re.compile(r"^(?P<key>[^\s:#\-\"'][^:]*?):[ \t]+(?P<value>[^\s\"'\[{#].*?)\s*$")


def _quoted(line: str) -> str:
    """Return *line*, a field whose plain value holds a colon, with the value in quotes
    (`title: "转发: 关于…"`); "" when it is no such line."""
    found = _PLAIN_ENTRY.match(line)
    if found is None or " #" in found["value"]:
        return ""
    value = found["value"].replace("\\", "\\\\").replace('"', '\\"')
    return f'{found["key"]}: "{value}"'


def _line_fix(line: str, names: Mapping[str, str]) -> tuple[str, str]:
    """Return the fix that writes the front matter's *line* (`key: value`) as it is given,
    the field named by its Chinese name in *names* when the key is an English one there (as
    `change_line` does: 效力状态一行改为 status: 有效)."""
    key = line.partition(":")[0]
    if key not in names:
        return f"改为 {line}", f"write {line}"
    return f"{names[key]}一行改为 {line}", f"write {line}"


# An item's keys by their Chinese names, as its messages name them (a free page has its own)
ITEM_NAMES: Mapping[str, str] = MappingProxyType({spec.key: spec.label for spec in FIELDS})


def report_syntax(
    parsed: SyntaxProblem, parts: SplitFile, out: Collector, *, names: Mapping[str, str]
) -> None:
    """Report a front matter's YAML syntax error (GK005) where the editor must look, with what
    most likely went wrong: a full-width colon after a key (PyYAML names the line after
    it), a tab, a value with a colon. An item's and a free page's front matter alike: *names*
    gives the Chinese name of each English key (`ITEM_NAMES`, or a free page's: its title
    is 标题, not an item's 名称)."""
    zh_hint = en_hint = ""
    fix = parsed.fix
    pos = parsed.pos
    line = pos.line
    source = parts.lines[line - 1] if 0 < line <= len(parts.lines) else ""
    colon = _full_width_colon(parts.lines, line)
    unspaced = _colon_without_space(parts.lines, line)
    if parsed.hint_zh:
        zh_hint = parsed.hint_zh  # gkml's own problem: its English says the same
        key = parsed.field or ""
        if key in names and source.startswith(key):  # a field's own key
            zh_hint = zh_hint.replace(f"；{key} 的值中", f"；{names[key]}（{key}） 的值中", 1)
    elif colon is not None:
        zh_hint = "；字段名后用了全角冒号“：”，应为半角冒号“: ”"
        en_hint = '; the key is followed by a full-width colon "：": write ": "'
        pos = colon
        # the line as it must be (a newcomer's walk: the code's general fix about colons)
        written = parts.lines[colon.line - 1]
        mended = f"{written[: colon.column - 1].rstrip()}: {written[colon.column :].strip()}"
        mended = mended.rstrip()  # `privacy_allow：` and a list below it
        fix = fix if fix[0] else _line_fix(mended, names)
    elif unspaced is not None:
        pos, key, value = unspaced
        named = f"{names[key]}（{key}）" if key in names else key
        zh_hint = f"；字段 {named} 后的冒号后面缺少空格，应写成 “{key}: {value}”"
        en_hint = f'; no space after the colon of {key}: write "{key}: {value}"'
        fix = fix if fix[0] else _line_fix(f"{key}: {value}".rstrip(), names)
    elif "\t" in source:
        zh_hint = "；缩进中有制表符（Tab），请改用空格"
        en_hint = "; a tab in the indentation: use spaces"
        # not the code's general fix about colons and quotes (a migration walk)
        fix = (
            fix
            if fix[0]
            else (
                "把这一行的 Tab 换成空格：列表项的 - 前写两个空格",
                "replace the tab on this line with spaces: two before a list item's -",
            )
        )
    elif (start := _SPECIAL_START.match(source)) is not None:
        # `title: [公示]…`, `title: *重要*…`: YAML reads [ { as a list or a mapping, * & ! as
        # its own marks; the message named none of it (an editor's walk).
        zh_hint = f"；值以 “{start[2]}” 开头时，YAML 把它当作特殊符号：请用引号括起整个值"
        en_hint = (
            f'; a value that starts with "{start[2]}" means something else to YAML: put the '
            "whole value in quotes"
        )
        pos = Position(line, start.start(2) + 1)
    elif source.count(":") > 1:
        zh_hint = "；值中含冒号时请用引号括起整个值"
        en_hint = "; put a value that holds a colon in quotes"
        quoted = _quoted(source)
        fix = fix if fix[0] or not quoted else _line_fix(quoted, names)
    out.add(
        "GK005",
        pos,
        field=parsed.field,
        zh=f"YAML 语法错误{zh_hint}",
        en=f"YAML syntax error{en_hint} (PyYAML: {parsed.problem})"
        if en_hint
        else f"YAML syntax error: {parsed.problem}",
        fix_zh=fix[0],
        fix_en=fix[1],
    )


def front_matter(
    parts: SplitFile, out: Collector
) -> dict[str, tuple[Field | None, Scalar, Node]] | None:
    """Return the front matter's entries by field key (unknown keys by their own name)."""
    parsed = parse_yaml(parts.front, line_offset=parts.front_line - 1)
    if isinstance(parsed, SyntaxProblem):
        report_syntax(parsed, parts, out, names=ITEM_NAMES)
        return None
    for dup in parsed.duplicates:
        out.add(
            "GK006",
            dup.second,
            field=dup.key,
            zh=f"字段 “{dup.key}” 重复：第 {dup.first.line} 行已经写过",
            en=f'duplicate key "{dup.key}": already given on line {dup.first.line}',
            span=len(dup.key),
        )
    root = parsed.root
    if root is None:
        return {}
    if not isinstance(root, Map):
        hint = "；字段名后可能用了全角冒号“：”" if "：" in parts.front else ""
        out.add(
            "GK007",
            root.pos,
            field=None,
            zh=f"前言应为“字段: 值”的列表{hint}",
            en="the front matter must be a list of key: value lines",
        )
        return None
    invisible_values(
        out,
        root,
        parts.lines,
        spaces_checked=_TITLE_NAMES,
        labels={spec.key: field_label(spec.key) for spec in FIELDS},
    )
    found: dict[str, tuple[Field | None, Scalar, Node]] = {}
    unknown: list[tuple[Scalar, Node]] = []
    for entry in root.entries:
        name = entry.key.text
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            unknown.append((entry.key, entry.value))
            continue
        if spec.key in found:
            first = found[spec.key][1]
            if first.text != name:
                out.add(
                    "GK011",
                    entry.key.pos,
                    field=spec.key,
                    zh=f"“{name}” 与第 {first.pos.line} 行的 “{first.text}” 是同一字段",
                    en=f'"{name}" is the same field as "{first.text}" on line {first.pos.line}',
                    span=len(name),
                )
            continue
        found[spec.key] = (spec, entry.key, entry.value)
    missing = missing_names(found)
    for key, value in unknown:
        name = key.text
        guess = guess_field(name, missing)
        hint_zh = "；字段名后应为半角冒号“: ”" if "：" in name else ""
        out.add(
            "GK008",
            key.pos,
            field=name,
            zh=f"未知字段 “{name}”" + (f"；是否应为 “{guess}”？" if guess else "") + hint_zh,
            en=f'unknown key "{name}"' + (f'; did you mean "{guess}"?' if guess else ""),
            span=len(name),
        )
        found.setdefault(name, (None, key, value))  # for GK009, which names the misspelling
    return found


def missing_names(found: Mapping[str, tuple[Field | None, Scalar, Node]]) -> list[str]:
    """Return the names of the required fields *found* lacks (each field's every name)."""
    return [n for n, f in FIELD_BY_NAME.items() if f.required and f.key not in found]


def guess_field(name: str, missing: Sequence[str]) -> str | None:
    """Return the field name an unknown key *name* most likely misspells: of equally close
    names, a required field's that is missing (an editor's walk: 发布时间 was taken for 发布机构,
    which was there, and not for 发布日期, which was missing)."""
    return closest(name, [*missing, *FIELD_BY_NAME])


def _add_line(spec: Field) -> tuple[str, str]:
    """Return the fix for a missing field: the line to add, its value marked as an example;
    for the disclosure, the four values and no default (an editor's walk: the fix wrote
    主动公开, and a withheld item followed it published its body)."""
    if spec.key == "disclosure":
        values = "、".join(d.value for d in Disclosure)
        return (
            f"在前言中加一行 disclosure: 后写 {values} 中的一个（按本信息的公开属性选）",
            f"add a line disclosure: with one of {values} (as this item is to be disclosed)",
        )
    return (
        f"在前言中加上{spec.label}一行，例如 {spec.key}: {spec.example}（改成本信息的）",
        f"add a line such as {spec.key}: {spec.example} (with this item's value)",
    )


def field_label(key: str) -> str:
    """Return a field's label for messages: its Chinese name and its key."""
    spec = FIELD_BY_KEY[key]
    return f"{spec.label}（{key}）"


def wrong_type(
    out: Collector,
    key: str,
    node: Node,
    zh: str,
    en: str,
    value: str = "",
    written: str | None = None,
) -> None:
    """Report a value of the wrong kind (GK010): *zh* and *en* say what it should be;
    *value*, when the meaning is known, is the value to write instead, under the name the
    file gives the field, *written* (else the code's general fix)."""
    fix_zh, fix_en = change_line(key, value, written) if value else ("", "")
    out.add(
        "GK010",
        node.pos,
        field=key,
        zh=f"{field_label(key)} 应为{zh}",
        en=f"{key} must be {en}",
        fix_zh=fix_zh,
        fix_en=fix_en,
    )


# Plain words YAML reads as true, false or nothing: such a text is written in quotes
_YAML_WORDS = frozenset(("y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"))


def yaml_value(text: str) -> str:
    """Return *text* as a front matter's value that reads back as this text: as it is when
    it can be, else in double quotes."""
    if (
        _FLOW_SAFE.fullmatch(text)
        and ": " not in text
        and " #" not in text
        and text.lower() not in _YAML_WORDS
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _only(node: Node) -> Scalar | None:
    """Return the one text of *node* when it is a list of one (`genre: [通知]`, or `- 通知`
    on the line below): a value written as a list by mistake; else None."""
    if isinstance(node, Seq) and len(node.items) == 1:
        (one,) = node.items
        if isinstance(one, Scalar) and one.value is not None and one.text.strip():
            return one
    return None


_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{1,5}$")  # a file's name ends in its extension


def _attachment_list(node: Scalar | Map) -> str:
    """Return the list of attachments that *node*, written where the list belongs, was meant
    to be: `files/表.pdf` (or several, `files/a.pdf、files/b.pdf`) as its files, a mapping
    `{file: …, title: …}` as its one entry (a newcomer's walk); '' when there is no telling."""
    if isinstance(node, Map):
        entries = [flow_mapping(node)]
    else:
        files = [part.strip() for part in re.split(r"[、，,；;]", node.text) if part.strip()]
        if not all(_FILE_NAME.search(file) for file in files):
            return ""  # `attachments: 无` is no file
        entries = [_entry_for("attachments", ATTACHMENT_KEYS, file) for file in files]
    return "[" + ", ".join(entries) + "]" if entries and all(entries) else ""


def flow_mapping(node: Map) -> str:
    """Return the mapping *node* written on one line (`{file: files/表.pdf, title: 表}`), or ''
    when one of its values is no text."""
    parts = []
    for entry in node.entries:
        if not isinstance(entry.value, Scalar) or entry.value.value is None:
            return ""
        parts.append(f"{entry.key.text}: {yaml_value(entry.value.text.strip())}")
    return "{" + ", ".join(parts) + "}"


# What a newcomer types in place of an entry's mapping goes in this key; the others get a
# stand-in to replace.
_ENTRY_STAND_INS: Mapping[str, Mapping[str, str]] = {
    "attachments": {"file": "files/附件.pdf", "title": "附件名称"},
    "source": {"name": "来源网站名称", "url": "https://…", "date": "YYYY-MM-DD"},
    "privacy_allow": {"text": "原文", "why": "理由"},
    "amendments": {"date": "YYYY-MM-DD", "by": "修改依据的索引号"},
}
_FLOW_SAFE = re.compile(r"[^\s,\[\]{}#&*!|>'\"%@`:][^,\[\]{}#]*")


def _entry_for(key: str, known: tuple[str, ...], text: str) -> str:
    """Return the flow mapping (`{file: files/表.pdf, title: 附件名称}`) that *text*, written
    where an entry of *key* belongs, was meant to be, or '' when there is no telling."""
    stand_ins = _ENTRY_STAND_INS.get(key)
    if stand_ins is None or tuple(stand_ins) != known or not text:
        return ""
    if key == "source":
        slot = "url" if re.match(r"https?://", text) else "name"
    elif key == "amendments":
        slot = "date" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else "by"
    else:
        slot = known[0]
    shown = (
        text
        if _FLOW_SAFE.fullmatch(text) and ": " not in text
        else json.dumps(text, ensure_ascii=False)
    )
    return "{" + ", ".join(f"{k}: {shown if k == slot else v}" for k, v in stand_ins.items()) + "}"


def sub_mapping(
    out: Collector, key: str, node: Node, known: tuple[str, ...], required: tuple[str, ...]
) -> dict[str, Scalar] | None:
    """Return the text values of one entry of *key* (a mapping of the *known* keys), or None
    when it is not a mapping or lacks a *required* key; report each problem."""
    one = node.items[0] if isinstance(node, Seq) and len(node.items) == 1 else None
    if key == "source" and isinstance(one, Map) and (meant := flow_mapping(one)):
        # `source:` with `- name: …` below it, or `[{…}]`: one source, not a list of them
        wrong_type(
            out,
            key,
            node,
            "一项 {name, url, date}，不是列表（去掉方括号或 -）",
            "one {name, url, date}, not a list (take out the brackets or the -)",
            meant,
        )
        return None
    if not isinstance(node, Map):
        colon = isinstance(node, Scalar) and "：" in node.text  # text：… read as one value
        meant = _entry_for(key, known, node.text.strip()) if isinstance(node, Scalar) else ""
        if colon or not meant:
            wrong_type(
                out,
                key,
                node,
                f"“{', '.join(known)}” 组成的一项"
                + ("；字段名后可能用了全角冒号“：”" if colon else ""),
                f"an entry of {', '.join(known)}"
                + ('; a key may be followed by a full-width colon "："' if colon else ""),
            )
            return None
        # A newcomer's walk: `attachments: [files/表.pdf]` and `source: https://…` were told
        # to write "an entry of file, title" "in the form the field's description gives".
        whole = key == "source"  # the value itself, not one entry of a list
        out.add(
            "GK010",
            node.pos,
            field=key,
            zh=f"{field_label(key)} 的{'值' if whole else '每一项'}应写成 {meant} 的形式",
            en=f"{'' if whole else 'each entry of '}{key} must be written as {meant}",
            fix_zh=change_line(key, meant)[0] if whole else f"这一项改为 {meant}",
            fix_en=change_line(key, meant)[1] if whole else f"write this entry as {meant}",
        )
        return None
    fields: dict[str, Scalar] = {}
    written: set[str] = set()  # given, but not as text: said once
    for entry in node.entries:
        name = entry.key.text
        if name not in known:
            head = name.split("：", 1)[0]  # {text：…} is one key, with its value in it
            zh, en = did_you_mean(name, known)
            if head != name:
                zh = f"；“{head}” 后应为半角冒号“: ”，不是全角冒号“：”"
                en = f'; write "{head}: " with a half-width colon, not "："'
            out.add(
                "GK008",
                entry.key.pos,
                field=f"{key}.{name}",
                zh=f"{field_label(key)} 中的未知字段 “{name}”{zh}",
                en=f'unknown key "{name}" in {key}{en}',
                span=len(name),
            )
        elif isinstance(entry.value, Scalar) and entry.value.value is not None:
            fields[name] = entry.value
        elif not isinstance(entry.value, Scalar):
            # a re-walk: "应为中的 by 为文字", and then "lacks by" of the by written
            written.add(name)
            many = isinstance(entry.value, Seq)
            out.add(
                "GK010",
                entry.value.pos,
                field=f"{key}.{name}",
                zh=f"{field_label(key)} 中的 {name} 应为一项文字"
                + ("；有几项的，分开写成几项" if many else ""),
                en=f"{name} in {key} must be one text"
                + ("; write one entry for each" if many else ""),
            )
    for name in required:
        if name not in fields and name not in written:
            out.add(
                "GK009",
                node.pos,
                field=f"{key}.{name}",
                zh=f"{field_label(key)} 的一项缺少 {name}",
                en=f"an entry of {key} lacks {name}",
            )
            return None
    if any(name not in fields for name in required):
        return None  # a required value given as a list or mapping, reported above
    return fields


def read_allowances(out: Collector, node: Node | None) -> tuple[Allowance, ...]:
    """Return the entries of a privacy_allow list (an item's or a free page's); report the
    problems of each."""
    if node is None:
        return ()
    if not isinstance(node, Seq):
        wrong_type(
            out,
            "privacy_allow",
            node,
            "列表，每项写 {text: 原文, why: 理由}",
            "a list of {text, why}",
        )
        return ()
    found: list[Allowance] = []
    for element in node.items:
        fields = sub_mapping(out, "privacy_allow", element, ALLOWANCE_KEYS, ALLOWANCE_KEYS)
        if fields is not None:
            found.append(Allowance(fields["text"].text.strip(), fields["why"].text.strip()))
    return tuple(found)


class _ItemBuilder:
    def __init__(
        self,
        rel_path: str,
        parts: SplitFile,
        entries: dict[str, tuple[Field | None, Scalar, Node]],
        ctx: ReadContext,
        out: Collector,
    ) -> None:
        self.rel_path = rel_path
        self.parts = parts
        self.entries = entries
        self.ctx = ctx
        self.out = out
        self.positions: dict[str, Position] = {}
        self.listed_replacements = False  # replaced_by written as a list: told once (GK010)
        self.estimated_years: set[int] = set()
        self.probed: list[str] = []  # see ReadResult.probed

    # -- typed access ----------------------------------------------------------------
    def node(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        node = entry[2]
        if isinstance(node, Scalar) and (
            node.value is None or (node.value == "" and not node.quoted)
        ):
            return None
        self.positions[key] = node.pos
        return node

    def label(self, key: str) -> str:
        return field_label(key)

    def wrong_type(self, key: str, node: Node, zh: str, en: str, value: str = "") -> None:
        """Report GK010; *value*, when the meaning is known, is what to write instead."""
        wrong_type(self.out, key, node, zh, en, value, self.written_key(key))

    def change_line(self, key: str, value: str) -> tuple[str, str]:
        """Return the fix that writes *key*'s line as the file names it, with *value*."""
        return change_line(key, value, self.written_key(key))

    def written_key(self, key: str) -> str:
        """Return the name *key* is written under in the file (`文种` or `genre`)."""
        entry = self.entries.get(key)
        return entry[1].text if entry is not None else key

    def text(self, key: str, *, one_line: bool = True) -> str | None:
        node = self.node(key)
        if node is None:
            return None
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            # yes, no, on, off, true: YAML reads them as true or false (a walk: `title: yes`)
            quoted = f'"{node.text}"'
            self.out.add(
                "GK010",
                node.pos,
                field=key,
                zh=f"{field_label(key)} 应为文字；“{node.text}” 被 YAML 读作是非值",
                en=f'{key} must be text; YAML reads "{node.text}" as true or false',
                fix_zh="给值加上引号：" + self.change_line(key, quoted)[0],
                fix_en="put the value in quotes: " + self.change_line(key, quoted)[1],
                span=len(node.text),
            )
            return None
        if not isinstance(node, Scalar):
            # `genre: [通知]` (a newcomer's walk: told to "write the value in the form the
            # field's description gives", and no more)
            one = _only(node)
            if one is not None:
                self.wrong_type(
                    key,
                    node,
                    "一项文字，不是列表（去掉方括号或 -）",
                    "one text, not a list (take out the brackets or the -)",
                    yaml_value(one.text.strip()),
                )
            else:
                self.wrong_type(key, node, "文字", "text")
            return None
        value = node.text.strip()
        if one_line and "\n" in value and key != "title":
            self.wrong_type(key, node, "一行文字", "one line of text")
            return None
        return value or None

    def replaced_by(self) -> str | None:
        """Return replaced_by; a list of several (a document repealed by two) is told that one
        goes here and the others in related (a lawyer's walk: told "must be text" and "write
        replaced_by" of the line that had it)."""
        node = self.node("replaced_by")
        if node is None:
            return None
        if isinstance(node, Seq):
            named = [e.text.strip() for e in node.items if isinstance(e, Scalar) and e.text.strip()]
        else:
            # `A、B`: two index numbers in one text (an editor's walk: passed, and showed
            # as plain text linking neither)
            text = self.text("replaced_by")
            parts = [p.strip() for p in re.split(r"[、，,；;]", text or "") if p.strip()]
            if len(parts) < 2 or not all(map(looks_like_index_no, parts)):
                return text
            named = parts
        if not named:
            return self.text("replaced_by")
        first, *others = named
        self.listed_replacements = True
        self.out.add(
            "GK010",
            node.pos,
            field="replaced_by",
            zh=f"{self.label('replaced_by')} 只能写一个文件；其余的写在 related（相关文件）中",
            en="replaced_by names one document; list the others under related",
            fix_zh=f"{change_line('replaced_by', first, self.written_key('replaced_by'))[0]}，"
            f"再把 {'、'.join(others) or '其余的'} 写进相关文件（related）",
            fix_en=f"write replaced_by: {first}, and put {', '.join(others) or 'the others'}"
            " under related",
        )
        return None

    def text_list(self, key: str) -> tuple[str, ...]:
        node = self.node(key)
        if node is None:
            return ()
        if isinstance(node, Scalar):
            value = node.text.strip()
            if re.search(r"[、，,；;]", value):
                parts = [p.strip() for p in re.split(r"[、，,；;]", value) if p.strip()]
                suggestion = "[" + ", ".join(parts) + "]"
                self.out.add(
                    "GK010",
                    node.pos,
                    field=key,
                    zh=f"{self.label(key)} 应为列表，写成 {suggestion}",
                    en=f"{key} must be a list: write {suggestion}",
                    fix_zh=self.change_line(key, suggestion)[0],
                    fix_en=self.change_line(key, suggestion)[1],
                    span=len(node.text),
                )
                return ()
            return (value,) if value else ()
        if isinstance(node, Map):
            self.wrong_type(key, node, "列表，例如 [甲, 乙]", "a list such as [a, b]")
            return ()
        values: list[str] = []
        for element in node.items:
            if (
                isinstance(element, Scalar)
                and element.value is not None
                and not element.text.strip()
            ):
                # `keywords: ["", 低保]` printed 关键词 、低保 (an audit): left out, and said
                self.out.add(
                    "GK010",
                    element.pos,
                    field=key,
                    zh=f"{self.label(key)} 中有一项是空的，已略去",
                    en=f"{key} has an empty entry, left out",
                    fix_zh="删去这一项",
                    fix_en="delete the entry",
                    severity="warning",
                )
            elif isinstance(element, Scalar) and element.value is not None:
                self.positions[f"{key}[{len(values)}]"] = element.pos
                values.append(element.text.strip())
            else:
                self.wrong_type(key, element, "文字列表", "a list of text")
        return tuple(values)

    def date_value(self, key: str, *, allow_time: bool = False) -> date | datetime | None:
        node = self.node(key)
        if node is None:
            return None
        if not isinstance(node, Scalar) or isinstance(node.value, bool):
            meant = self.one_date(node, allow_time=allow_time)
            if meant:
                self.wrong_type(
                    key,
                    node,
                    "一个日期 YYYY-MM-DD，不是列表（去掉方括号或 -）",
                    "one date YYYY-MM-DD, not a list (take out the brackets or the -)",
                    meant,
                )
            else:
                self.wrong_type(key, node, "日期 YYYY-MM-DD", "a date YYYY-MM-DD")
            return None
        parsed = parse_date(node.text, allow_time=allow_time)
        if isinstance(parsed, DateProblem):
            self.date_problem(key, node, parsed)
            return None
        return parsed

    @staticmethod
    def one_date(node: Node, *, allow_time: bool) -> str | None:
        """Return the date to write for *node*, a list of one date (`published: [2024-03-05]`),
        mended when its form is wrong too (`[2024.3.5]`: 2024-03-05); else None."""
        one = _only(node)
        if one is None:
            return None
        parsed = parse_date(one.text, allow_time=allow_time)
        return parsed.suggestion if isinstance(parsed, DateProblem) else one.text.strip()

    def date_problem(
        self, key: str, node: Scalar, problem: DateProblem, written_as: str | None = None
    ) -> None:
        """Report *problem* with the date of *key*, written in the file as *written_as* (the
        `date:` inside source) or as *key*."""
        fix_zh, fix_en = (
            (
                f"改为 {written_as}: {problem.suggestion}",
                f"write {written_as}: {problem.suggestion}",
            )
            if written_as and problem.suggestion
            else self.change_line(key, problem.suggestion)
            if problem.suggestion
            else ("", "")
        )
        self.out.add(
            problem.code,
            node.pos,
            field=key,
            zh=f"{self.label(key)} {problem.zh}",
            en=f"{key}: {problem.en}",
            fix_zh=fix_zh,
            fix_en=fix_en,
            span=len(node.text),
        )

    def plain_date(self, key: str) -> date | None:
        value = self.date_value(key)
        return value.date() if isinstance(value, datetime) else value

    @staticmethod
    def chosen(raw: str, enum: type[_E], aliases: Mapping[str, _E]) -> str | None:
        """Return the value of *enum* that *raw* is or names (an alias), else the closest
        one; None when none is close."""
        values = {e.value: e for e in enum}
        named = values.get(raw) or aliases.get(raw) or aliases.get(raw.lower())
        if named is not None:
            return named.value
        guess = closest(raw, [*values, *aliases])
        return aliases[guess].value if guess is not None and guess in aliases else guess

    def choice(self, key: str, enum: type[_E], aliases: Mapping[str, _E]) -> _E | None:
        node = self.node(key)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            one = _only(node)
            meant = None if one is None else self.chosen(one.text.strip(), enum, aliases)
            zh, en = "、".join(e.value for e in enum) + " 之一", "one of " + ", ".join(enum)
            if meant is not None:
                zh += "，不是列表（去掉方括号或 -）"
                en += ", not a list (take out the brackets or the -)"
            self.wrong_type(key, node, zh, en, meant or "")
            return None
        raw = node.text.strip()
        if not raw:  # `status: ""`: an empty required field, reported as such (GK009)
            return None
        values = {e.value: e for e in enum}
        if raw in values:
            return values[raw]
        if raw in aliases:
            return aliases[raw]
        if raw.lower() in aliases:
            return aliases[raw.lower()]
        allowed = "、".join(values)
        guess = self.chosen(raw, enum, aliases)
        zh = f"；是否应为 “{guess}”？" if guess else ""
        en = f'; did you mean "{guess}"?' if guess else ""
        self.out.add(
            "GK105",
            node.pos,
            field=key,
            zh=f"{self.label(key)} 不能是 “{raw}”，应为 {allowed} 之一{zh}",
            en=f'{key} cannot be "{raw}"; expected one of {", ".join(values)}{en}',
            fix_zh=self.change_line(key, guess)[0] if guess else "",
            fix_en=self.change_line(key, guess)[1] if guess else "",
            span=len(node.text),
        )
        return None

    # -- the item ----------------------------------------------------------------------
    def build(self) -> Item | None:
        # A required field that is missing or empty is reported here, and so is blank quoted
        # text (category: ""), which `text` takes for no value without a message of its own.
        for spec in FIELDS:
            node = self.node(spec.key)
            if not spec.required or (
                node is not None and not (spec.kind in _BLANKABLE and _blank(node))
            ):
                continue
            present = self.entries.get(spec.key)
            if present is None:
                names = " 或 ".join(spec.names)
                misspelt = self.misspelling(spec)
                if misspelt is not None:  # one fix, not two that add a second line (a walk)
                    typo, guess = misspelt
                    line = typo.pos.line
                    fix_zh = f"第 {line} 行的 “{typo.text}” 应为 “{guess}”：改正这个字段名"
                    fix_en = f'"{typo.text}" on line {line} should be "{guess}": correct that key'
                else:
                    fix_zh, fix_en = _add_line(spec)
                self.out.add(
                    "GK009",
                    Position(1, 1),
                    field=spec.key,
                    zh=f"缺少必填字段 {spec.label}（写作 {names}）",
                    en=f"required field {spec.key} is missing",
                    fix_zh=fix_zh,
                    fix_en=fix_en,
                    span=3,
                )
            elif spec.key != "title":  # an empty title has its own message (GK114)
                self.out.add(
                    "GK009",
                    present[1].pos,
                    field=spec.key,
                    zh=f"必填字段 {spec.label}（{spec.key}）没有填写内容",
                    en=f"required field {spec.key} is empty",
                    fix_zh=self.change_line(spec.key, spec.example)[0],
                    fix_en=self.change_line(spec.key, spec.example)[1],
                    span=len(present[1].text),
                )
        title = self.title()
        index_no = self.text("index_no")
        issuer = self.issuer()
        published_value = self.date_value("published", allow_time=True)
        published = (
            published_value.date() if isinstance(published_value, datetime) else published_value
        )
        published_time: time | None = (
            published_value.time() if isinstance(published_value, datetime) else None
        )
        written = self.plain_date("written")
        status = self.choice("status", Status, STATUS_ALIASES)
        disclosure = self.choice("disclosure", Disclosure, DISCLOSURE_ALIASES)
        category = self.category()
        topics = self.topics()
        doc_no = self.doc_no()
        valid_from = self.plain_date("valid_from")
        valid_until = self.plain_date("valid_until")
        status_date = self.plain_date("status_date")
        replaced_by = self.replaced_by()
        interprets = self.text("interprets")
        related = self.text_list("related")
        reason = self.text("reason", one_line=False)
        attachments = self.attachments()
        source = self.source()
        allowances = self.allowances()
        department = self.text("department")
        genre = self.text("genre")
        keywords = self.text_list("keywords")
        late_reason = self.text("late_reason", one_line=False)
        former_url = self.former_url()
        amendments = self.amendments()
        corrected = self.plain_date("corrected")

        self.check_index(index_no, issuer, published)
        self.check_dates(written, published, status, status_date, valid_until, valid_from)
        self.check_validity(valid_from, valid_until)
        self.check_status(status, status_date, replaced_by)
        self.check_correction(corrected, published)
        self.check_amendments(amendments, status, status_date, index_no, written or published)
        self.check_disclosure(disclosure, reason)
        for key, target in (("interprets", interprets), ("replaced_by", replaced_by)):
            if target is not None and target == index_no:
                self.out.add(
                    "GK209",
                    self.positions[key],
                    field=key,
                    zh=f"{self.label(key)} 指向本文件自己",
                    en=f"{key} points at the item itself",
                    span=len(target),
                )
        if index_no is not None and index_no in related:
            # Harmless on the page (the item is not listed as related to itself), but
            # meant for another item (an audit): a warning.
            self.out.add(
                "GK209",
                self.positions["related"],
                field="related",
                zh=f"{self.label('related')} 中有本文件自己的索引号 {index_no}",
                en=f"related lists the item's own index number {index_no}",
                fix_zh="删去它，或改为要关联的另一条信息的索引号",
                fix_en="take it out, or write the index number of the other item meant",
                severity="warning",
            )
        if disclosure is not None:
            self.check_privacy(disclosure, allowances)
        self.check_lateness(written, published, late_reason, category)
        # The body's warnings whatever else is wrong: check lists every problem at once (a
        # file with an error had none of them, and the next run showed new ones).
        links: tuple[BodyLink, ...] = ()
        direction_lines(self.out, self.parts.front, self.parts.front_line)
        self.cut_at_hash()
        self.unwritten(title)
        if disclosure is not None and disclosure.has_public_body:
            links = self.body_links()
            check_body(
                self.out,
                self.parts.body,
                self.parts.body_line,
                posixpath.dirname(self.rel_path),
                ITEM_PAGES,
                self.ctx.config,
            )
            self.emphasis()
            direction_lines(self.out, self.parts.body, self.parts.body_line)
            self.table_headers()
            self.request_table()

        if (
            title is None
            or index_no is None
            or issuer is None
            or published is None
            or status is None
            or disclosure is None
            or category is None
            or self.out.has_errors
        ):
            return None
        return Item(
            path=self.rel_path,
            title=title,
            index_no=index_no,
            issuer=issuer,
            department=department,
            doc_no=doc_no,
            written=written,
            published=published,
            published_time=published_time,
            status=status,
            disclosure=disclosure,
            category=category,
            topics=topics,
            genre=genre,
            keywords=keywords,
            valid_from=valid_from,
            valid_until=valid_until,
            status_date=status_date,
            replaced_by=replaced_by,
            interprets=interprets,
            related=related,
            attachments=attachments,
            reason=reason,
            source=source,
            privacy_allow=allowances,
            late_reason=late_reason,
            body_line=self.parts.body_line,
            positions=MappingProxyType(self.positions),
            body_links=links,
            former_url=former_url,
            amendments=amendments,
            corrected=corrected,
        )

    def body_links(self) -> tuple[BodyLink, ...]:
        """Return the body's links to files of the site; warn about each that is not there."""
        links = local_links(self.parts.body, self.parts.body_line, posixpath.dirname(self.rel_path))
        self.probed += check_links(
            self.out,
            links,
            self.ctx.site_root,
            self.rel_path,
            ITEM_PAGES,
            self.ctx.config,
            self.ctx.real_paths,
        )
        return links

    def unwritten(self, title: str | None) -> None:
        """Warn about what is still a stand-in: `gkml new`'s body text, or a title with ……
        (the handbook's 关于……的通知, copied as it was)."""
        at = self.parts.body.find(PLACEHOLDER_BODY)
        if at != -1:
            line = self.parts.body_line + self.parts.body.count("\n", 0, at)
            self.out.add(
                "GK123",
                Position(line, at - self.parts.body.rfind("\n", 0, at)),
                field=None,
                zh=f"正文还是新建时的占位文字 “{PLACEHOLDER_BODY}”，信息尚未写完",
                en="the body still holds the stand-in text that gkml new wrote: the item is not"
                " written yet",
                fix_zh="把占位文字换成正文",
                fix_en="replace the stand-in with the body",
                span=len(PLACEHOLDER_BODY),
            )
        if title is not None and "……" in title:
            self.out.add(
                "GK123",
                self.positions.get("title"),
                field="title",
                zh=f"标题 “{title}” 中有省略号 ……，像是还没有填写的示例标题",
                en=f'the title "{title}" holds an ellipsis (……): it looks like an example not'
                " filled in",
                fix_zh="写出完整的标题",
                fix_en="write the whole title",
            )

    def cut_at_hash(self) -> None:
        """Warn (GK131) where a plain value holds ` #x`: YAML ends the value there, and the
        rest is a comment (an editor's walk: `title: 关于做好冬春救助工作的通知 #2` passed
        the check, and the page's title lost its #2). gkml new's comments (`# 名称…`) have a
        space after the #, and a quoted value keeps its #."""
        for number, line in enumerate(self.parts.front.split("\n"), self.parts.front_line):
            found = _HASH_CUT.match(line)
            if found is None or FIELD_BY_NAME.get(found["key"]) is None:
                continue
            key, kept, cut = found["key"], found["value"], found["cut"]
            field = FIELD_BY_NAME[key].key
            shown = field_label(field) if key == field else key
            self.out.add(
                "GK131",
                Position(number, found.start("cut")),
                field=field,
                zh=f"{shown} 的值在 “ #” 处被当作注释，网站上只显示 “{kept}”，“#{cut}” 丢失",
                en=f'the value of {key} ends at " #": the site shows "{kept}" and "#{cut}" is lost',
                fix_zh=change_line(field, f'"{kept} #{cut}"', key)[0],
                fix_en=f'write {key}: "{kept} #{cut}"',
                span=len(cut) + 1,
            )

    def table_headers(self) -> None:
        """Warn about each table whose header row has an empty cell: a screen reader reads
        that column's figures with no name (a reader's walk found the annual reports' tables
        with their title in the header row and the real column names in a row of data).
        An HTML table with no header cell at all (Word's) is GK142."""
        body, body_line = self.parts.body, self.parts.body_line
        found = [("GK125", line, column) for line, column in empty_header_cells(body, body_line)]
        for code, line, column in sorted([*found, *html_table_headers(body, body_line)]):
            if code == "GK142":
                self.out.add(
                    "GK142",
                    Position(line, column),
                    field=None,
                    zh="这个 HTML 表格没有表头格（<th>）：读屏软件读到每个数字时，都没有列名可读",
                    en="this HTML table has no header cell (<th>): a screen reader reads each"
                    " figure with no column name",
                )
                continue
            self.out.add(
                "GK125",
                Position(line, column),
                field=None,
                zh="表格的表头（第一行）有空格子：读屏软件读到这一列的数字时，没有列名可读",
                en="the table's header row (its first) has an empty cell: a screen reader"
                " reads that column's figures with no name",
                fix_zh="在表头的每一格写上列名；表格的总标题（如 第二十条第（一）项）写在表格"
                "上方的一行文字中，原来第二行的列名移到第一行",
                fix_en="name every column in the header row; put the table's own title (such"
                " as 第二十条第（一）项) in a line above the table, and move the column names"
                " up from the second row",
            )

    def request_table(self) -> None:
        """Warn when an annual report's table 三 does not balance: 一、本年新收 + 二、上年结转
        must equal （七）总计 + 四、结转下年度 (`requesttable`)."""
        found = imbalance(self.parts.body, self.parts.body_line)
        if found is None:
            return
        started = found.new + found.carried_in
        ended = found.total + found.carried_out
        self.out.add(
            "GK127",
            Position(found.line, 1),
            field=None,
            zh=f"表三的数不平：本年新收 {found.new} + 上年结转 {found.carried_in} = {started}，"
            f"而总计 {found.total} + 结转下年度 {found.carried_out} = {ended}",
            en=f"table 三 does not balance: new {found.new} + carried in {found.carried_in} = "
            f"{started}, but total {found.total} + carried out {found.carried_out} = {ended}",
        )

    def emphasis(self) -> None:
        """Warn about each line whose `**` the page would show as asterisks."""
        for pos in stray_marks(self.parts.body, self.parts.body_line):
            self.out.add(
                "GK120",
                pos,
                field=None,
                # The pairing shifts after it: the paragraph's later bold goes wrong too (an
                # editor's walk followed the message and found the other lines fixed with it).
                zh="这一行的 ** 不会显示为加粗，网站上会直接显示星号；同一段中其后的加粗也会错位",
                en="this line's ** will not be bold: the page shows the asterisks, and the "
                "paragraph's later bold is paired wrongly too",
                fix_en='pair the asterisks; where one side is an ASCII letter or digit and the other punctuation (APP**"X"**), put a space outside the asterisks',
                span=2,
            )

    def title(self) -> str | None:
        node = self.node("title")
        if node is None:
            entry = self.entries.get("title")
            if entry is not None:
                self.out.add(
                    "GK114",
                    entry[2].pos,
                    field="title",
                    zh="标题（title）为空",
                    en="the title is empty",
                    fix_zh="填写文件标题",
                    fix_en="write the document's title",
                )
            return None
        value = self.text("title")
        if value is None:
            # Text of spaces only; not a value YAML read as another type (`title: yes`, a
            # boolean), which `text` has reported as such (GK010): it is not empty.
            if isinstance(node, Scalar) and (node.value is None or isinstance(node.value, str)):
                self.out.add(
                    "GK114",
                    node.pos,
                    field="title",
                    zh="标题（title）为空",
                    en="the title is empty",
                    fix_zh="填写文件标题",
                    fix_en="write the document's title",
                )
            return None
        if "\n" in value:
            self.out.add(
                "GK114",
                node.pos,
                field="title",
                zh="标题（title）不能多于一行",
                en="the title must be one line",
                fix_zh="把标题写在一行内",
                fix_en="write the title on one line",
            )
            return None
        tidy = _tidy_title(value)
        if tidy != value:
            # A direction control (GK122's) is named, and left out of the title to write: raw,
            # it showed the message's text reversed in the terminal (a security review).
            shown = DIRECTION.sub("[方向控制符]", _TITLE_INVISIBLE.sub("[看不见的字符]", value))
            tidy = DIRECTION.sub("", tidy)
            for char, name in (
                ("\u3000", "[全角空格]"),
                ("\u00a0", "[不间断空格]"),
                ("\t", "[制表符]"),
            ):
                shown = shown.replace(char, name)
            self.out.add(
                "GK143",
                node.pos,
                field="title",
                zh=f"标题 “{shown}” 中有多余的空白或看不见的字符：读者搜索时找不到它",
                en=f'the title "{ascii(value)[1:-1]}" has a full-width, no-break or repeated'
                " space, a tab or an invisible character: a reader's search does not find it",
                fix_zh=self.change_line("title", tidy)[0],
                fix_en=self.change_line("title", tidy)[1],
            )
        return value

    def issuer(self) -> str | None:
        value = self.text("issuer")
        if value is None:
            return None
        if value not in self.ctx.config.issuer_by_name:
            zh, en = or_choices(value, self.ctx.config.issuer_by_name)
            self.out.add(
                "GK206",
                self.positions["issuer"],
                field="issuer",
                zh=f"未知的发布机构 “{value}”{zh}",
                en=f'unknown issuer "{value}"{en}',
                span=len(value),
            )
            return None
        return value

    def category(self) -> str | None:
        value = self.text("category")
        if value is None:
            return None
        nodes = self.ctx.config.nodes
        if value not in nodes:
            by_title = {n.title: n.key for n in nodes.values()}
            if value in by_title:
                zh, en = (
                    f"；栏目“{value}”的 key 是 “{by_title[value]}”",
                    f' (key "{by_title[value]}")',
                )
            else:
                zh, en = or_choices(value, nodes, lambda key: f"{key}（{nodes[key].title}）")
            self.out.add(
                "GK205",
                self.positions["category"],
                field="category",
                zh=f"未知的栏目 “{value}”{zh}",
                en=f'unknown category "{value}"{en}',
                span=len(value),
            )
            return None
        return value

    def topics(self) -> tuple[str, ...]:
        values = self.text_list("topics")
        known = self.ctx.config.topics
        node = self.node("topics")
        for i, value in enumerate(values):
            if value not in known:
                pos = node.items[i].pos if isinstance(node, Seq) else self.positions["topics"]
                zh, en = or_choices(value, known)
                parts = [p.strip() for p in re.split("[，、；;]", value)]
                if len(parts) > 1 and all(p in known for p in parts):
                    # [社会救助，政务公开]: one topic to YAML; its guess dropped the second (a walk).
                    listed = ", ".join(parts)
                    zh = f"；主题之间用半角逗号“,”分隔，写成 [{listed}]"
                    en = f'; separate topics with a half-width comma ",": [{listed}]'
                self.out.add(
                    "GK207",
                    pos,
                    field="topics",
                    zh=f"未知的主题分类 “{value}”{zh}",
                    en=f'unknown topic "{value}"{en}',
                    span=len(value),
                )
        return values

    def doc_no(self) -> str | None:
        value = self.text("doc_no")
        if value is None:
            return None
        if value.rstrip("。.").translate(_HALF_WIDTH) in _NO_DOC_NO:
            # Migrated data writes 无 for "none" (a scale walk: 2,000 items with 文号 无 were
            # each told that all the others had theirs, GK219); the page showed 文号 无.
            self.out.add(
                "GK146",
                self.positions["doc_no"],
                field="doc_no",
                zh=f"文号写了 “{value}”：没有文号时不写这一行，网站上当作没有文号",
                en=f'doc_no "{value}": with no 文号, leave the line out; the site shows none',
                span=len(value),
            )
            return None
        m = _WRONG_BRACKETS.search(value)
        tidy = _tidy_doc_no(value)
        if m:
            fixed = value[: m.start()] + f"〔{m.group(1)}〕" + value[m.end() :]
            # the spaces and 第 go too: following the fix published 示民发〔2024〕 15 号
            fixed = _tidy_doc_no(fixed)
            self.out.add(
                "GK109",
                self.positions["doc_no"],
                field="doc_no",
                zh=f"文号 “{value}” 的年份应使用六角括号〔〕，写作 “{fixed}”",
                en=f'doc_no "{value}": the year takes hexagonal brackets 〔〕: "{fixed}"',
                fix_zh=self.change_line("doc_no", fixed)[0],
                fix_en=self.change_line("doc_no", fixed)[1],
                span=len(value),
            )
        elif tidy != value:
            shown = value.replace("\u3000", "[全角空格]").replace("\u00a0", "[不间断空格]")
            self.out.add(
                "GK140",
                self.positions["doc_no"],
                field="doc_no",
                zh=f"文号 “{shown}” 中有空格或“第”字，应写作 “{tidy}”：读者按文号搜索时找不到它",
                en=f'doc_no "{value}" has a space or 第 in it; write "{tidy}": a search for the '
                "文号 does not find it",
                fix_zh=self.change_line("doc_no", tidy)[0],
                fix_en=self.change_line("doc_no", tidy)[1],
                span=len(value),
            )
        return value

    def attachments(self) -> tuple[Attachment, ...]:
        node = self.node("attachments")
        if node is None:
            return ()
        if not isinstance(node, Seq):
            self.wrong_type(
                "attachments",
                node,
                "附件列表，每项写 {file: 路径, title: 标题}",
                "a list of {file, title}",
                _attachment_list(node),
            )
            return ()
        found: list[Attachment] = []
        item_dir = PurePosixPath(self.rel_path).parent
        root = self.ctx.site_root.resolve()
        for n, element in enumerate(node.items):
            fields = self.sub_mapping("attachments", element, ATTACHMENT_KEYS, ("file",))
            if fields is None:
                continue
            file_node = fields["file"]
            self.positions[f"attachments[{n}]"] = file_node.pos  # for GK214
            file = file_node.text.strip()
            title_node = fields.get("title")
            title = title_node.text.strip() if title_node else PurePosixPath(file).name
            self.probed.append(posixpath.normpath((item_dir / file).as_posix()))
            target = (root / item_dir / file).resolve()
            inside = target.relative_to(root) if target.is_relative_to(root) else None
            if inside is None or PurePosixPath(file).is_absolute():
                zh, en = "指向网站仓库之外", "points outside the repository"
                code = "GK116"
            elif is_hidden(inside.as_posix()):
                # .git/config (with a remote's token), .gkml-cache, .env: never published.
                zh = f"在隐藏的文件夹或文件中（{inside.as_posix()}），不会发布"
                en, code = f"is hidden ({inside.as_posix()}): never published", "GK121"
            elif target.suffix.lower() == ".md" or inside.as_posix() == "catalog.yml":
                # A walk attached a 不予公开 item's own file: its whole text was published.
                zh = f"是网站的源文件（{inside.as_posix()}），不能作为附件发布"
                en, code = f"is a source file of the site ({inside.as_posix()})", "GK126"
            elif not is_file(target):
                zh, en = f"不存在（应在 {item_dir / file}）", f"does not exist ({item_dir / file})"
                code = "GK115"
            else:
                code = ""
            if code:
                whole = self.cut_at_comment(file_node, root / item_dir)
                fix_zh = f'给整个路径加上引号：file: "{whole}"' if whole else ""
                fix_en = f'put the whole path in quotes: file: "{whole}"' if whole else ""
                near = None
                if code == "GK115" and not whole:
                    near = closest_file(target)
                    # read again when a file comes to its folder or goes (the read cache's
                    # probed files; a folder's time changes with its list of names)
                    self.probed.append(posixpath.normpath((item_dir / file).parent))
                if near is not None:
                    # read again when that file goes (the read cache's probed files)
                    self.probed.append(posixpath.normpath((item_dir / file).parent / near))
                    written = posixpath.join(posixpath.dirname(file), near)
                    fix_zh, fix_en = f"改为 file: {written}", f"write file: {written}"
                near_zh, near_en = file_clause(near)
                self.out.add(
                    code,
                    file_node.pos,
                    field="attachments",
                    zh=f"附件 “{file}” {zh}{near_zh}"
                    + (f"；“ #” 及其后的文字被当作了注释，文件名应是 “{whole}”" if whole else ""),
                    en=f'attachment "{file}" {en}{near_en}'
                    + (
                        f'; " #" and what follows was read as a comment: "{whole}"' if whole else ""
                    ),
                    fix_zh=fix_zh,
                    fix_en=fix_en,
                    span=len(file),
                )
                continue
            assert inside is not None
            warn_active(self.out, file_node.pos, inside.as_posix(), len(file))
            found.append(Attachment(file, title, inside.as_posix(), target.stat().st_size))
        return tuple(found)

    def cut_at_comment(self, node: Scalar, folder: Path) -> str | None:
        """Return the path *node* was meant to hold when YAML cut it at ` #` (the rest of the
        line is a comment to YAML: `file: files/附件 #2.pdf` reads as `files/附件`), if a file
        of that whole path is in *folder*."""
        if node.quoted or not 0 < node.end.line <= len(self.parts.lines):
            return None
        rest = self.parts.lines[node.end.line - 1][node.end.column - 1 :]
        if not re.match(r"[ \t]+#", rest):
            return None
        whole = f"{node.text}{rest}".strip().removesuffix("}").removesuffix("]").strip()
        return whole if is_file(folder / whole) else None

    def sub_mapping(
        self, key: str, node: Node, known: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Scalar] | None:
        return sub_mapping(self.out, key, node, known, required)

    def source(self) -> Source | None:
        node = self.node("source")
        if node is None:
            return None
        fields = self.sub_mapping("source", node, SOURCE_KEYS, ("name", "url"))
        if fields is None:
            return None
        url = fields["url"].text.strip()
        if not re.match(r"https?://\S+$", url):
            self.out.add(
                "GK118",
                fields["url"].pos,
                field="source.url",
                zh=f"转载来源网址 “{url}” 应以 http:// 或 https:// 开头",
                en=f'source url "{url}" must start with http:// or https://',
                span=len(url),
            )
        when: date | None = None
        if "date" in fields:
            parsed = parse_date(fields["date"].text)
            if isinstance(parsed, DateProblem):
                # "改为 source: 2024-03-06" would replace the whole mapping (an audit)
                self.date_problem("source", fields["date"], parsed, written_as="date")
            else:
                when = parsed if not isinstance(parsed, datetime) else parsed.date()
        else:
            # The contract's {name, url, date}; a reprint shows its date (domain.md). Not an
            # error: sites written before this warning build as they did.
            self.out.add(
                "GK137",
                node.pos,
                field="source",
                zh="转载来源 source 没有转载日期 date：页面上不会显示转载日期",
                en="source has no date: the page shows no date of the reprint",
            )
        return Source(fields["name"].text.strip(), url, when)

    def former_url(self) -> str | None:
        """Return the migrated item's address on the old site (`former_url`), a web address."""
        url = self.text("former_url")
        if url is None:
            return None
        if not re.match(r"https?://\S+$", url):
            self.out.add(
                "GK118",
                self.positions["former_url"],
                field="former_url",
                zh=f"原网址 “{url}” 应以 http:// 或 https:// 开头",
                en=f'former_url "{url}" must start with http:// or https://',
                span=len(url),
            )
            return None
        return url

    def amendments(self) -> tuple[Amendment, ...]:
        """Return the earlier amendments (`amendments`), oldest first."""
        node = self.node("amendments")
        if node is None:
            return ()
        if not isinstance(node, Seq):
            self.wrong_type(
                "amendments",
                node,
                "列表，每项写 {date: 修改的日期, by: 修改它的文件}",
                "a list of {date, by}",
            )
            return ()
        found: list[tuple[Amendment, Position, Position]] = []
        for element in node.items:
            fields = self.sub_mapping("amendments", element, AMENDMENT_KEYS, AMENDMENT_KEYS)
            if fields is None:
                continue
            parsed = parse_date(fields["date"].text)
            if isinstance(parsed, DateProblem):
                self.date_problem("amendments", fields["date"], parsed, written_as="date")
                continue
            by = fields["by"].text.strip()
            if not by:
                self.wrong_type("amendments", fields["by"], "修改它的文件", "the amending document")
                continue
            day = parsed.date() if isinstance(parsed, datetime) else parsed
            if any(a == Amendment(day, by) for a, _by, _date in found):
                self.out.add(
                    "GK010",
                    fields["by"].pos,
                    field="amendments",
                    zh=f"{self.label('amendments')} 中这一项与前面的一项相同，已略去",
                    en="amendments: this entry repeats an earlier one, left out",
                    fix_zh="删去这一项",
                    fix_en="delete the entry",
                    severity="warning",
                )
                continue
            found.append((Amendment(day, by), fields["by"].pos, fields["date"].pos))
        found.sort(key=lambda entry: entry[0].date)
        for n, (_amendment, by_pos, date_pos) in enumerate(found):
            self.positions[f"amendments[{n}]"] = by_pos
            self.positions[f"amendments[{n}].date"] = date_pos  # GK147 points at the date
        return tuple(amendment for amendment, _by, _date in found)

    def check_amendments(
        self,
        amendments: tuple[Amendment, ...],
        status: Status | None,
        status_date: date | None,
        index_no: str | None,
        made: date | None,
    ) -> None:
        """Warn (GK147) of an earlier amendment that is not earlier: on or after the status
        date, or on a document still 有效 (amended, it is 已修改), or before the document was
        made (*made*: written, else published); GK209 of one by itself."""
        for n, amendment in enumerate(amendments):
            pos = self.positions.get(f"amendments[{n}]", self.positions.get("amendments"))
            when = self.positions.get(f"amendments[{n}].date", pos)  # a walk: the caret at by
            if made is not None and amendment.date < made:
                self.out.add(
                    "GK147",
                    when,
                    field="amendments",
                    zh=f"此前修改的日期 {amendment.date} 早于本文件的成文（发布）日期 {made}",
                    en=f"the earlier amendment's date {amendment.date} is before the document"
                    f" was made ({made})",
                )
            if amendment.by == index_no:
                self.out.add(
                    "GK209",
                    pos,
                    field="amendments",
                    zh=f"{self.label('amendments')} 中的 by 指向本文件自己",
                    en="amendments: by points at the item itself",
                    span=len(amendment.by),
                )
            if status is Status.IN_FORCE:
                self.out.add(
                    "GK147",
                    when,
                    field="amendments",
                    zh=f"记下了 {amendment.date} 的修改，效力状态却是 有效：被修改过的文件是 已修改",
                    en=f"an amendment of {amendment.date} is recorded, but status is 有效: an"
                    " amended document is 已修改",
                    fix_zh="效力状态写 status: 已修改，状态变更日期（status_date）和废止依据"
                    "（replaced_by）写最近一次修改，此前修改（amendments）只记此前的",
                    fix_en="write status: 已修改 with the latest amendment's status_date and"
                    " replaced_by; amendments keeps the ones before",
                )
            elif status_date is not None and amendment.date >= status_date:
                self.out.add(
                    "GK147",
                    when,
                    field="amendments",
                    zh=f"此前修改的日期 {amendment.date} 不早于状态变更日期 {status_date}",
                    en=f"the earlier amendment's date {amendment.date} is not before"
                    f" status_date {status_date}",
                )

    def allowances(self) -> tuple[Allowance, ...]:
        return read_allowances(self.out, self.node("privacy_allow"))

    # -- value rules -------------------------------------------------------------------
    def check_index(self, index_no: str | None, issuer: str | None, published: date | None) -> None:
        if index_no is None:
            return
        pos = self.positions["index_no"]
        if _FULL_WIDTH_RE.search(index_no):
            fixed = _FULL_WIDTH_RE.sub(lambda m: _FULL_WIDTH[m.group(0)], index_no)
            self.out.add(
                "GK106",
                pos,
                field="index_no",
                zh=f"索引号 “{index_no}” 含全角字符，应写作 “{fixed}”",
                en=f'index_no "{index_no}" has full-width characters; write "{fixed}"',
                fix_zh=self.change_line("index_no", fixed)[0],
                fix_en=self.change_line("index_no", fixed)[1],
                span=len(index_no),
            )
            return
        if issuer is None:
            return
        spec = self.ctx.config.issuer_by_name[issuer]
        match = spec.match(index_no)
        if match is None:
            example = spec.index_for(published.year if published else 2024, 1)
            upper = index_no.upper()
            if upper != index_no and spec.match(upper) is not None:
                # a letter in the wrong case: say that, not former_patterns (a migration walk)
                self.out.add(
                    "GK107",
                    pos,
                    field="index_no",
                    zh=f"索引号 “{index_no}” 中的字母应为大写，写作 “{upper}”",
                    en=f'index_no "{index_no}": its letters are upper case, "{upper}"',
                    fix_zh=self.change_line("index_no", upper)[0],
                    fix_en=self.change_line("index_no", upper)[1],
                    span=len(index_no),
                )
                return
            self.out.add(
                "GK107",
                pos,
                field="index_no",
                zh=f"索引号 “{index_no}” 不符合 {issuer} 的格式 {spec.index_pattern}，"
                f"例如 {example}",
                en=f'index_no "{index_no}" does not match {spec.index_pattern} (e.g. {example})',
                span=len(index_no),
            )
            return
        if published is not None and match.year is not None and match.year != published.year:
            fixed = spec.index_for(published.year, match.serial)
            self.out.add(
                "GK108",
                pos,
                field="index_no",
                zh=f"索引号年份 {match.year} 与发布日期的年份 {published.year} 不一致",
                en=f"index_no year {match.year} is not the year of published ({published.year})",
                fix_zh=f"核对发布日期；若发布日期无误，索引号应以 {published.year} 编号，"
                f"如 {fixed}（用 gkml new 取下一个空号）",
                fix_en=f"check the published date; if it is right, number the item in "
                f"{published.year}, such as {fixed} (gkml new gives the next free number)",
                span=len(index_no),
            )

    def check_dates(
        self,
        written: date | None,
        published: date | None,
        status: Status | None,
        status_date: date | None,
        valid_until: date | None,
        valid_from: date | None = None,
    ) -> None:
        today = self.ctx.today
        latest = max(today, self.ctx.latest or today)
        if written and published and published < written:
            self.out.add(
                "GK103",
                self.positions["published"],
                field="published",
                zh=f"发布日期 {published} 早于成文日期 {written}",
                en=f"published {published} is before written {written}",
            )
        for key, value in (("written", written), ("published", published)):
            if value is not None and value > latest:
                self.out.add(
                    "GK104",
                    self.positions[key],
                    field=key,
                    zh=f"{self.label(key)} {value} 晚于今天（{latest}）",
                    en=f"{key} {value} is after today ({latest})",
                )
        if status_date and written and status_date < written:
            self.out.add(
                "GK117",
                self.positions["status_date"],
                field="status_date",
                zh=f"状态变更日期 {status_date} 早于成文日期 {written}",
                en=f"status_date {status_date} is before written {written}",
                severity="error",
            )
        elif status_date and published and status_date < published:
            # A document catalogued after it was repealed (a walk: the contract allows it).
            self.out.add(
                "GK117",
                self.positions["status_date"],
                field="status_date",
                zh=f"状态变更日期 {status_date} 早于发布日期 {published}：补录已废止、失效的"
                "历史文件时可以忽略",
                en=f"status_date {status_date} is before published {published}: fine for a "
                "document catalogued after it ended",
            )
        if (
            status is not None
            and status is not Status.IN_FORCE
            and status_date is not None
            and valid_from is not None
            and status_date < valid_from
        ):
            # a lawyer's walk: 失效 on 2025-02-01 of a document applicable from 2025-03-01
            self.out.add(
                "GK148",
                self.positions["status_date"],
                field="status_date",
                zh=f"状态变更日期 {status_date} 早于施行日期 {valid_from}：文件还没有施行就"
                f"{status.value}了",
                en=f"status_date {status_date} is before valid_from {valid_from}: it {status.value}"
                " before it applied",
            )
        # As the site shows it (`catalog._as_of`): an amended document expires too.
        ended = lapse_of(status, status_date, valid_until) if status is not None else None
        if status is not None and ended is not None and ended <= today:
            self.out.add(
                "GK113",
                self.positions["valid_until"],
                field="valid_until",
                zh=f"有效期至 {valid_until} 已过，但效力状态仍为 {status.value}：网站从"
                f" {ended} 起按 失效 显示",
                en=f"valid_until {valid_until} has passed but status is {status.value}: the"
                f" site shows it 失效 from {ended}",
            )

    def check_correction(self, corrected: date | None, published: date | None) -> None:
        """Report a day of correction (`corrected`) after today (GK104) or before the
        publication (GK152), where it would not move the item's day of change."""
        if corrected is None:
            return
        today = self.ctx.today
        if corrected > today:
            self.out.add(
                "GK104",
                self.positions["corrected"],
                field="corrected",
                zh=f"{self.label('corrected')} {corrected} 晚于今天（{today}）",
                en=f"corrected {corrected} is after today ({today})",
                fix_zh="写已经改正的那一天：今天改正的，写今天的日期",
                fix_en="write the day the correction was made: today's date for one made today",
            )
        elif published is not None and corrected < published:
            self.out.add(
                "GK152",
                self.positions["corrected"],
                field="corrected",
                zh=f"更正日期 {corrected} 早于发布日期 {published}，不起作用",
                en=f"corrected {corrected} is before published {published} and has no effect",
            )

    def check_validity(self, valid_from: date | None, valid_until: date | None) -> None:
        """Report a period of validity that ends before it starts (an audit: accepted, and
        the page showed both dates)."""
        if valid_from is None or valid_until is None or valid_until >= valid_from:
            return
        self.out.add(
            "GK138",
            self.positions["valid_until"],
            field="valid_until",
            zh=f"有效期至 {valid_until} 早于施行日期 {valid_from}",
            en=f"valid_until {valid_until} is before valid_from {valid_from}",
        )

    def check_status(
        self, status: Status | None, status_date: date | None, replaced_by: str | None
    ) -> None:
        if status is Status.IN_FORCE:
            # A mistaken repeal corrected by its status alone (a lawyer's walk): the site had
            # said on the other document's page that it repealed this one. The day of the
            # correction moves the feeds' and listings' 更新日期; without it they went back
            # to the publication's (a re-user's walk).
            dated = (
                ("", "")
                if "corrected" in self.entries
                else (
                    f"，再加一行 corrected: {self.ctx.today}（更正日期）",
                    f" and add corrected: {self.ctx.today}",
                )
            )
            for key in ("status_date", "replaced_by"):
                if key in self.entries and (status_date if key == "status_date" else replaced_by):
                    self.out.add(
                        "GK145",
                        self.positions[key],
                        field=key,
                        zh=f"效力状态为 有效，{self.label(key)} 不起作用，网站上不显示",
                        en=f"status is 有效: {key} has no effect and is not published",
                        fix_zh=f"更正误废止时删去这一行{dated[0]}；要在以后某一天废止的，"
                        "效力状态写 status: 废止，状态变更日期写那一天，到那天才生效",
                        fix_en=f"correcting a mistaken repeal, delete this line{dated[1]};"
                        " for a repeal on a later day, write status: 废止 with that day's"
                        " status_date",
                    )
        if status is None or status is Status.IN_FORCE:
            return
        pos = self.positions["status"]
        if status_date is None and "status_date" not in self.positions:
            fix_zh, fix_en = self.fill(
                "status_date",
                "YYYY-MM-DD（失效、废止或修改的日期）",
                "YYYY-MM-DD (the day it expired, was repealed or amended)",
            )
            self.out.add(
                "GK110",
                pos,
                field="status_date",
                zh=f"效力状态为 {status.value}，须写状态变更日期 status_date",
                en=f"status {status.value} needs status_date",
                fix_zh=fix_zh,
                fix_en=fix_en,
            )
        needs = FIELD_BY_KEY["replaced_by"].required_when
        if (
            needs
            and status in needs.values
            and replaced_by is None
            and not self.listed_replacements
        ):
            fix_zh, fix_en = self.fill(
                "replaced_by",
                "新文件的索引号（站外文件写《标题》）",
                "the new document's index number (for a document elsewhere, its title in 《》)",
            )
            self.out.add(
                "GK111",
                pos,
                field="replaced_by",
                zh=f"效力状态为 {status.value}，须写 replaced_by（废止或修改依据）",
                en=f"status {status.value} needs replaced_by",
                fix_zh=fix_zh,
                fix_en=fix_en,
            )

    def check_disclosure(self, disclosure: Disclosure | None, reason: str | None) -> None:
        if disclosure is Disclosure.PROACTIVE and reason is not None:
            # Left from an earlier 不予公开 or 依申请公开: catalog.csv and catalog.json
            # publish it with the item (a reviewer's pass found a withholding reason there).
            self.out.add(
                "GK124",
                self.positions["reason"],
                field="reason",
                zh=f"公开属性为 主动公开，不需要 {self.label('reason')}；它会随本信息出现在 "
                "catalog.csv 和 catalog.json 中",
                en="a 主动公开 item needs no reason; it would be published with the item in "
                "catalog.csv and catalog.json",
                span=len(node.text.split("\n")[0])
                if isinstance(node := self.node("reason"), Scalar)
                else 1,
            )
        if disclosure is Disclosure.PARTIAL and reason is None:
            # Not required by the contract; without it the page says nothing of what was
            # left out (a migration walk).
            fix_zh, fix_en = self.fill(
                "reason",
                "哪些内容未公开及依据，如 第三部分涉及个人隐私，依据《条例》第十五条不予公开",
                "what was left out and why",
            )
            self.out.add(
                "GK136",
                self.positions["disclosure"],
                field="reason",
                zh=f"公开属性为 部分公开，但没有 {self.label('reason')}：页面不会说明哪些内容"
                "未公开、依据什么",
                en="a 部分公开 item without a reason: the page does not say what was left out, "
                "or on what grounds",
                fix_zh=fix_zh,
                fix_en=fix_en,
            )
        if disclosure not in (Disclosure.WITHHELD, Disclosure.ON_REQUEST) or reason is not None:
            return
        what = "不予公开的法律依据" if disclosure is Disclosure.WITHHELD else "依申请公开的申请方式"
        # the name the field goes by for this disclosure (it has one for each)
        named = "不予公开理由" if disclosure is Disclosure.WITHHELD else "依申请公开说明"
        fix_zh, fix_en = (
            self.fill(
                "reason",
                "《中华人民共和国政府信息公开条例》第十四条",
                "the legal basis, such as article 14 of the Regulations on the Disclosure of "
                "Government Information",
            )
            if disclosure is Disclosure.WITHHELD
            else self.fill("reason", "申请方式说明", "how to apply", "依申请公开说明")
        )
        self.out.add(
            "GK112",
            self.positions["disclosure"],
            field="reason",
            zh=f"公开属性为 {disclosure.value}，须在 {named}（reason） 中写明{what}",
            en=f"disclosure {disclosure.value} needs a reason",
            fix_zh=fix_zh,
            fix_en=fix_en,
            span=len(node.text) if isinstance(node := self.node("disclosure"), Scalar) else 1,
        )

    def fill(
        self, key: str, value_zh: str, value_en: str, label: str | None = None
    ) -> tuple[str, str]:
        """Return the fix that gives *key* its value: on its line when the file has the key
        without a value (`gkml new` writes every key), else a line to add (a walk: "add a
        line" on a new item's file gave a second key, GK006). The Chinese fix names the field
        by *label*, else its own (reason is 依申请公开说明 for a 依申请公开 item)."""
        label = label or FIELD_BY_KEY[key].label
        present = self.entries.get(key)
        if present is not None:
            line, name = present[1].pos.line, present[1].text
            return (
                f"在第 {line} 行 {'' if name != key else label + ' '}{name}: 后填写 {value_zh}",
                f"on line {line}, write {value_en} after {name}:",
            )
        return f"加上{label}一行：{key}: {value_zh}", f"add the line {key}: {value_en}"

    def misspelling(self, spec: Field) -> tuple[Scalar, str] | None:
        """Return the unknown key that most likely misspells the missing field *spec*, with
        the name it misspells (GK008's guess)."""
        missing = missing_names(self.entries)
        for known, key, _value in self.entries.values():
            guess = guess_field(key.text, missing) if known is None else None
            if guess is not None and guess in spec.names:
                return key, guess
        return None

    def check_privacy(self, disclosure: Disclosure, allowances: tuple[Allowance, ...]) -> None:
        allowed = {a.text for a in allowances}
        used: set[str] = set()
        # (text, line, column of its start): every text the front matter gives, which the
        # page, catalog.csv and catalog.json print (an editor's walk: an ID number in
        # keywords, department, 文号 or an attachment's title or file name was published
        # unchecked, where only the title and reason were), but the allowances themselves.
        spans: list[tuple[str, int, int]] = [
            (scalar.text, scalar.pos.line, scalar.pos.column)
            for key, entry in self.entries.items()
            if key != "privacy_allow" and entry[0] is not None  # not an unknown key's
            for scalar in _scalars(entry[2])
            # Numbers too: `keywords: [低保, 13800138000]` is an int that the page prints (an
            # editor's walk); dates, times and yes/no cannot hold one.
            if isinstance(scalar.value, (str, int, float)) and not isinstance(scalar.value, bool)
        ]
        scanned_body = disclosure.has_public_body and self.ctx.scan_body
        if scanned_body:
            spans.append((self.parts.body, self.parts.body_line, 1))
        for text, line, column in spans:
            for finding in find_personal_data(text, today=self.ctx.today):
                if finding.text in allowed:
                    used.add(finding.text)
                    continue
                zh_name, en_name = KIND_LABELS[finding.kind]
                fix_zh, fix_en = _PRIVACY_FIX[finding.kind]
                self.out.add(
                    PRIVACY_CODES[finding.kind],
                    Position(*place(text, finding.start, line, column)),
                    field=None,
                    # Masked here too: the message goes into CI's annotations and the
                    # job summary, which stay after the file is fixed (a reviewer's walk).
                    zh=f"公开内容中含{zh_name} “{finding.masked}”（此处遮盖显示）",
                    en=f'public text contains a {en_name} "{finding.masked}" (masked here)',
                    fix_zh=fix_zh.format(m=finding.masked),
                    fix_en=fix_en.format(m=finding.masked),
                    span=len(finding.text),
                )
        if not scanned_body:
            return
        public_text = "\n".join([*(text for text, _line, _column in spans), self.parts.body])
        for allowance in allowances:
            if allowance.text not in used and allowance.text not in public_text:
                self.out.add(
                    "GK304",
                    self.positions.get("privacy_allow"),
                    field="privacy_allow",
                    zh=f"{self.label('privacy_allow')} 中的 “{allowance.text}” 没有出现在"
                    "正文或标题中",
                    en=f'privacy_allow text "{allowance.text}" is not in the item',
                )

    def check_lateness(
        self,
        written: date | None,
        published: date | None,
        late_reason: str | None,
        category: str | None,
    ) -> None:
        """Warn about a publication later than the rule (GK208) unless *late_reason* says
        why; warn about a *late_reason* for an item that was not late (GK211). The rule is
        the column's own, as the timeliness report reads it (a walk: a column's 5 working
        days passed the check, and GK211 said to delete a reason the report asked for)."""
        if written is None or published is None or published < written:
            return
        config = self.ctx.config
        limit = (
            column_limit(config, category)
            if category is not None and category in config.nodes
            else config.rules.publish_within_working_days
        )
        count = working_days_between(written, published)
        if count.estimated:
            self.estimated_years.update(range(written.year, published.year + 1))
        if count.days <= limit:
            if late_reason is not None:
                self.out.add(
                    "GK211",
                    self.positions["late_reason"],
                    field="late_reason",
                    zh=f"成文（{written}）后第 {count.days} 个工作日发布，未超过 {limit} 个"
                    f"工作日，不需要 {self.label('late_reason')}",
                    en=f"published {count.days} working days after written, within the limit "
                    f"of {limit}: late_reason is not needed",
                )
            return
        if late_reason is not None:
            return  # the reason is given: the timeliness report lists it
        note_zh = "（部分日期超出节假日日历范围，按周一至周五估算）" if count.estimated else ""
        note_en = (
            " (estimated Monday to Friday outside the holiday calendar)" if count.estimated else ""
        )
        self.out.add(
            "GK208",
            self.positions["published"],
            field="published",
            zh=f"成文（{written}）后第 {count.days} 个工作日才发布，超过规定的 "
            f"{limit} 个工作日{note_zh}",
            en=f"published {count.days} working days after written, over the "
            f"limit of {limit}{note_en}",
        )
