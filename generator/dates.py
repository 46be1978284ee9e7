"""Dates as editors write them, and exactly what to write instead."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
# Spellings seen in bureau documents: 2018.8.2, 2018/08/02, 2018年8月2日, 2018-8-2, 20180802.
_LOOSE = re.compile(
    r"(\d{4})\s*(?:[-./／．]|年)\s*(\d{1,2})\s*(?:[-./／．]|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T](\d{1,2})[:：](\d{2}))?"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－：", "0123456789-:")

# China Standard Time has no daylight saving: the date of "today" for a bureau.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class DateProblem:
    """Why a date text is not accepted; *suggestion* is the exact text to write, if known."""

    code: str  # GK101 (wrong form) or GK102 (no such day)
    zh: str
    en: str
    suggestion: str | None


def today_in_china() -> date:
    """Return today's date in China Standard Time."""
    return datetime.now(CHINA).date()


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _no_such_day(text: str, year: int, month: int, day: int) -> DateProblem:
    if not 1 <= month <= 12:
        return DateProblem(
            "GK102",
            f"“{text}” 不是真实的日期：月份应在 1 到 12 之间，这里是 {month}",
            f'"{text}" is not a real date: the month must be 1 to 12, not {month}',
            None,
        )
    return DateProblem(
        "GK102",
        f"“{text}” 不是真实的日期：{year}年{month}月没有{day}日",
        f'"{text}" is not a real date: {year}-{month:02d} has no day {day}',
        None,
    )


def parse_date(text: str, *, allow_time: bool = False) -> date | datetime | DateProblem:
    """Return the date (or datetime, when *allow_time*) that *text* spells, or the problem."""
    text = text.strip()
    if allow_time and (m := _ISO_TIME.fullmatch(text)):
        y, mo, d, hh, mm = (int(g) for g in m.groups()[:5])
        day = _real_date(y, mo, d)
        if day is None:
            return _no_such_day(text, y, mo, d)
        if hh > 23 or mm > 59:
            return DateProblem(
                "GK101",
                f"“{text}” 的时间不对：应在 00:00 到 23:59 之间；不需要时间时只写日期 {day}",
                f'"{text}" has an invalid time: it must be 00:00 to 23:59; without a time, '
                f"write the date alone, {day}",
                None,
            )
        return datetime.combine(day, time(hh, mm))
    if m := _ISO.fullmatch(text):
        y, mo, d = (int(g) for g in m.groups())
        day = _real_date(y, mo, d)
        return day if day is not None else _no_such_day(text, y, mo, d)
    return _loose_problem(text, allow_time=allow_time)


def _loose_problem(text: str, *, allow_time: bool) -> DateProblem:
    normal = text.translate(_FULL_WIDTH_DIGITS)
    m = _LOOSE.fullmatch(normal) or _COMPACT.fullmatch(normal)
    expected = "YYYY-MM-DD 或 YYYY-MM-DD HH:MM" if allow_time else "YYYY-MM-DD"
    if m is None:
        return DateProblem(
            "GK101",
            f"“{text}” 不是日期，应写为 {expected}",
            f'"{text}" is not a date; expected {expected.replace(" 或 ", " or ")}',
            None,
        )
    y, mo, d = (int(g) for g in m.groups()[:3])
    if _real_date(y, mo, d) is None:
        return _no_such_day(text, y, mo, d)
    suggestion = f"{y:04d}-{mo:02d}-{d:02d}"
    groups = m.groups()
    if allow_time and len(groups) > 3 and groups[3] is not None:
        suggestion += f" {int(groups[3]):02d}:{groups[4]}"
    return DateProblem(
        "GK101",
        f"“{text}” 的写法不对，应写为 {suggestion}",
        f'"{text}" is not in the YYYY-MM-DD form; write {suggestion}',
        suggestion,
    )


def date_argument(text: str) -> date:
    """Return the day a command line's date option gives (`--as-of`, `--since`); for
    argparse, which prints the problem (Chinese and English) and exits with its usage code."""
    parsed = parse_date(text)
    if isinstance(parsed, DateProblem):
        raise argparse.ArgumentTypeError(f"{parsed.zh} ({parsed.en})")
    return parsed
