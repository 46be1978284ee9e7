"""A content file's bytes into front-matter text and body, with exact line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import Collector
from generator.yamlnodes import Position

_BOM = b"\xef\xbb\xbf"
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass(frozen=True, slots=True)
class SplitFile:
    """The text of a file cut at its front matter; lines are 1-based in the file."""

    text: str
    lines: tuple[str, ...]
    front: str
    front_line: int  # line of the first front-matter line (the line after the opening ---)
    body: str
    body_line: int  # line of the first body line


def decode(data: bytes, out: Collector) -> str | None:
    """Return *data* as text, or None after reporting why it is not UTF-8."""
    if data.startswith(_BOM):
        out.add(
            "GK002",
            Position(1, 1),
            field=None,
            zh="文件以 UTF-8 BOM 开头（常见于 Windows 记事本）",
            en="the file starts with a UTF-8 byte-order mark (common with Windows Notepad)",
        )
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = not_utf8(data, exc)
        guess_zh, guess_en, source = bad.looks_zh, bad.looks_en, bad.source
        line = bad.pos.line
        out.add(
            "GK001",
            bad.pos,
            field=None,
            zh=f"文件不是 UTF-8 编码{guess_zh}（第 {line} 行第一个无法识别的字节）",
            en=f"the file is not UTF-8{guess_en} (first bad byte on line {line})",
            # The command for the encoding found: GB18030's failed on a UTF-16 file (Notepad's
            # "Unicode") and left an empty one (an editor's walk).
            fix_zh="用记事本或 WPS 打开，“另存为”时编码选 UTF-8；或运行 "
            f"iconv -f {source} -t UTF-8 原文件 > 新文件",
            fix_en=f"save it as UTF-8, e.g. iconv -f {source} -t UTF-8 old.md > new.md",
        )
        return None
    return _with_line_feeds(text, out) if "\r" in text else text


def _with_line_feeds(text: str, out: Collector) -> str:
    """Return *text* with each carriage return that ends a line alone read as a line feed.

    Classic Mac OS and some old editors end lines with CR alone. YAML and `str.splitlines` read
    it as a line break but the rest of the pipeline looks for LF; the file is read as it would be
    with LF (positions unchanged: one character for one) and the editor is told, because git and
    the review show such a file as one long line.
    """
    first = _LONE_CR.search(text)
    if first is None:
        return text
    fixed = _LONE_CR.sub("\n", text)
    line_start = fixed.rfind("\n", 0, first.start()) + 1
    out.add(
        "GK013",
        Position(fixed.count("\n", 0, first.start()) + 1, first.start() - line_start + 1),
        field=None,
        zh="文件用旧式换行符（只有 CR，常见于旧版 Mac 编辑器）；已按换行读入，但 git "
        "和审核页面会把全文显示成一行",
        en="lines end with a carriage return alone (old Mac editors); read as line breaks, "
        "but git and the review show the whole file as one line",
        fix_zh="在编辑器中把换行符改为 LF（或 Windows 的 CRLF）后保存",
        fix_en="save the file with LF (or Windows CRLF) line endings",
    )
    return fixed


@dataclass(frozen=True, slots=True)
class NotUtf8:
    """Where a file stops being UTF-8, what it looks like (Chinese, English) and iconv's name
    for that encoding: what an item's GK001 and catalog.yml's GK402 say."""

    pos: Position
    looks_zh: str
    looks_en: str
    source: str


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> NotUtf8:
    """Return what to say of *data*, which failed to decode as UTF-8 with *exc*."""
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return NotUtf8(Position(line, column), *guess_encoding(data))


def guess_encoding(data: bytes) -> tuple[str, str, str]:
    """Return what *data*'s encoding looks like (Chinese, English) and iconv's name for it,
    GB18030 when it is not known (the common case in a Chinese office)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "，看起来是 UTF-16", ", it looks like UTF-16", "UTF-16"
    for name in ("gb18030", "big5"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _CJK.search(text):
            label = "GBK/GB18030" if name == "gb18030" else "Big5"
            found = f"，看起来是 {label}（Windows 中文版的默认编码）", f", it looks like {label}"
            return (*found, name.upper())
    return "", "", "GB18030"


def file_lines(text: str) -> tuple[str, ...]:
    """Return the lines of *text* as positions count them: ended by LF, CRLF or CR alone.

    Not `str.splitlines`, which also ends a line at a form feed, U+2028 and others that a
    body may hold (Word's page break): every line after one would be shown for the line above.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    return tuple(lines[:-1] if lines[-1] == "" else lines)


def split(text: str, out: Collector) -> SplitFile | None:
    """Return *text* cut into front matter and body, or None after reporting why it can't be."""
    lines = file_lines(text)
    first = lines[0].rstrip() if lines else ""
    if first != "---":
        out.add(
            "GK003",
            Position(1, 1),
            field=None,
            zh="文件开头没有前言：第一行应为 ---",
            en="no front matter: the first line must be ---",
            span=max(1, len(first)),
        )
        return None
    closing = None
    for match in _FENCE.finditer(text, text.find("\n") + 1 if "\n" in text else len(text)):
        closing = match
        break
    if closing is None:
        out.add(
            "GK004",
            Position(1, 1),
            field=None,
            zh="前言没有结束：元数据之后应单独一行写 ---",
            en="the front matter is never closed: put --- on its own line after it",
            span=3,
        )
        return None
    front_start = text.find("\n") + 1
    front = text[front_start : closing.start()]
    end_line = text.count("\n", 0, closing.start()) + 1
    body_start = text.find("\n", closing.end())
    body = text[body_start + 1 :] if body_start != -1 else ""
    return SplitFile(text, lines, front, 2, body, end_line + 1)


def read_body(data: bytes, name: str) -> str:
    """Return the Markdown body of a file that has already passed `gkml check`."""
    out = Collector(name)
    text = decode(data, out)
    parts = split(text, out) if text is not None else None
    if parts is None:  # pragma: no cover - the build checks every file first
        raise ValueError(f"{name}: no front matter")
    return parts.body
