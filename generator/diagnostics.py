"""Diagnostics: what is wrong, where, and how to fix it, in Chinese and English."""

from __future__ import annotations

import errno
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from generator.codes import CODES, Severity
from generator.yamlnodes import MARKS, Position


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    code: str
    field: str | None
    message_zh: str
    message_en: str
    fix_zh: str
    fix_en: str
    source_line: str
    span: int

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


class Collector:
    """Collects the diagnostics of one file; knows the file's lines for the caret display."""

    def __init__(
        self,
        file: str,
        lines: Sequence[str] = (),
        *,
        lines_of: Callable[[str], Sequence[str]] | None = None,
    ) -> None:
        self.file = file
        self.lines = lines
        self.found: list[Diagnostic] = []
        # Lines past this one are not quoted (0: every line is): in a file whose body is not
        # public, what the front matter's reading ran into past a blank line, or a line no
        # field starts, may be the body (`reader._quiet_after`).
        self.quiet_after = 0
        # Cross-file checks read a file's lines only when they report on it.
        self._lines_of = lines_of

    def add(
        self,
        code: str,
        pos: Position | None,
        *,
        field: str | None,
        zh: str,
        en: str,
        fix_zh: str = "",
        fix_en: str = "",
        span: int = 1,
        severity: Severity | None = None,
    ) -> None:
        info = CODES[code]
        if not self.lines and self._lines_of is not None:
            self.lines = self._lines_of(self.file)
        line = pos.line if pos else 0
        column = pos.column if pos else 0
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if self.quiet_after and line > self.quiet_after:
            # A walk found a 不予公开 body's line in the check's caret display, its JSON, the
            # serve page and the diff summary: the front matter's `---` was missing, and the
            # body's own `---` (a rule, a heading's underline) closed it. Say what, not where.
            source, span = "", 1
            zh = f"{info.title_zh}（此文件的正文不公开，这一行的内容不在此显示）"
            en = f"{info.title_en} (the file's body is not public: this line is not shown here)"
            fix_zh = "若这一行是正文：在元数据之后补上单独一行的 ---（正文中的 --- 被当成了元数据的结束）"
            fix_en = (
                "if this line is the body's, put a line of --- after the front matter (the "
                "body's own --- was taken for its end)"
            )
        self.found.append(
            Diagnostic(
                file=self.file,
                line=line,
                column=column,
                severity=severity or info.severity,
                code=code,
                field=field,
                message_zh=_one_line(zh),
                message_en=_one_line(en),
                fix_zh=_one_line(fix_zh or info.fix_zh),
                fix_en=_one_line(fix_en or ("" if fix_zh else info.fix_en)),
                source_line=source.rstrip("\r\n"),
                span=max(1, span),
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.found)


def unreadable_reason(exc: OSError) -> tuple[str, str]:
    """Return why a file could not be read, in Chinese and English, for an editor."""
    if isinstance(exc, FileNotFoundError):
        return (
            "文件不存在（多为指向已删除或已移走文件的链接）",
            "it does not exist (a link to a file moved or deleted?)",
        )
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹", "it is a folder"
    if isinstance(exc, PermissionError):
        return "没有读取权限", "permission denied"
    why = exc.strerror or type(exc).__name__
    return f"读取出错（{why}）", why


def unwritable_reason(exc: OSError) -> tuple[str, str]:
    """Return why a file or folder could not be written, in Chinese and English."""
    if isinstance(exc, PermissionError):
        return "没有写入权限（或文件被其他程序占用）", "permission denied (or the file is in use)"
    if exc.errno == errno.ENOSPC:
        return "磁盘已满", "the disk is full"
    if exc.errno == errno.EROFS:
        return "磁盘是只读的", "the disk is read-only"
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return "路径中有同名的文件挡住了文件夹", "a file stands where a folder should be"
    why = exc.strerror or type(exc).__name__
    return f"写入出错（{why}）", why


def printable(text: str) -> str:
    """Return *text* as it can be printed and written in UTF-8: a file name that is not
    UTF-8 (GBK, from a zip made on Chinese Windows; os.fsdecode gives its bytes as
    surrogates) has its undecodable bytes as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _one_line(text: str) -> str:
    """Return *text* with its line breaks shown as `\\n`: a message is one line, also in CI."""
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def sort_diagnostics(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return *found* sorted by file, line, column and code."""
    return sorted(found, key=Diagnostic.sort_key)


def display_width(text: str) -> int:
    """Return the columns *text* takes in a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(text: str) -> str:
    """Return *text* with each invisible character (controls, zero-width, direction) as <U+…>.

    Echoed raw, a direction control reverses the rest of the terminal's line and hides the
    very character the message is about.
    """
    return "".join(
        f"<U+{ord(ch):04X}>"
        if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
        else ch
        for ch in text
    )


# What a file's name or a report line may not show as it is: a line break or tab, another
# control character, a direction control (`rtl\u202efdp.exe` shows as rtlexe.pdf), or one of
# gkml's own marks (GK016 names such a name; a security review, a re-walk).
UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{MARKS}]")


def visible(text: str) -> str:
    """Return *text* with its control and direction characters written as `\\u000a`."""
    if text.isprintable():
        return text
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def format_human(d: Diagnostic) -> str:
    """Return *d* as `path:line:col: severity CODE message`, the source line and the fix."""
    # a name with a line break started a line of its own, here and in a message that named
    # the file (GK016 names it; a re-walk)
    where = f"{visible(d.file)}:{d.line}:{d.column}" if d.line else visible(d.file)
    severity = "错误 error" if d.severity == "error" else "警告 warning"
    parts = [
        f"{where}: {severity} {d.code} {visible(d.message_zh)}",
        f"    ({visible(d.message_en)})",
    ]
    if d.source_line and d.line:
        number = str(d.line)
        prefix = _shown(d.source_line[: max(0, d.column - 1)])
        marked = _shown(d.source_line[max(0, d.column - 1) : max(0, d.column - 1) + d.span])
        parts.append(f"    {number} | {_shown(d.source_line)}")
        parts.append(
            f"    {' ' * len(number)} | {' ' * display_width(prefix)}{'^' * max(1, display_width(marked))}"
        )
    if d.fix_zh:
        # a fix may name a file too (GK115's and GK119's nearest one; a review)
        fix = f"    修改建议：{visible(d.fix_zh)}"
        if d.fix_en:
            fix += f" (fix: {visible(d.fix_en)})"
        parts.append(fix)
    return "\n".join(parts)


def format_json(found: Sequence[Diagnostic]) -> str:
    """Return *found* as a JSON array (one object per diagnostic)."""
    rows = []
    for d in found:
        row = asdict(d)
        row.pop("span")
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic) -> str:
    """Return *d* as a GitHub Actions workflow command (an annotation on the file)."""
    props = [f"file={_escape_property(d.file)}"]
    if d.line:
        props += [f"line={d.line}", f"col={d.column}"]
    props.append(f"title={_escape_property(d.code + ' ' + CODES[d.code].title_zh)}")
    message = f"{d.message_zh}\n({d.message_en})"
    if d.fix_zh:
        message += f"\n修改建议：{d.fix_zh}"
        if d.fix_en:
            message += f" (fix: {d.fix_en})"
    return f"::{d.severity} {','.join(props)}::{_escape_data(message)}"


def summary_line(found: Sequence[Diagnostic]) -> str:
    """Return the closing line: how many errors and warnings."""
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    if not found:
        return "检查通过，没有发现问题。(No problems found.)"
    return f"发现 {errors} 个错误、{warnings} 个警告。({_count(errors, 'error')}, {_count(warnings, 'warning')}.)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
