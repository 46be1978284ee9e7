"""Working days by the official Chinese public-holiday calendar (法定节假日与调休).

Disclosure deadlines are counted in working days (《政府信息公开条例》第二十六条: 20 working
days), and working days include the make-up working weekends (调休上班) of the State Council's
yearly holiday notice. The PyPI package ``chinesecalendar`` carries those notices; outside the
years it covers, this module falls back to Monday–Friday and marks the result as estimated.

Every query is O(1): a prefix-sum table over the covered years is built once, on first use, and
spans outside it are counted with closed-form weekday arithmetic.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

__all__ = ["WorkdayCount", "add_working_days", "covered_years", "working_days_between"]


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """Working days in a span, and whether any of it was counted by weekdays alone."""

    days: int  # working days d with start < d <= end (0 when end <= start)
    estimated: bool  # True when part of the span lies outside the years the calendar covers


@dataclass(frozen=True, slots=True)
class _Calendar:
    first_year: int
    last_year: int
    first: int  # ordinal of 1 January of first_year
    last: int  # ordinal of 31 December of last_year
    before: int  # Monday–Friday days with ordinal < first
    prefix: tuple[int, ...]  # prefix[i]: working days with first <= ordinal < first + i
    nth: tuple[int, ...]  # nth[k]: ordinal of the (k + 1)-th working day from first


def _weekdays_through(ordinal: int) -> int:
    """Return how many Monday–Friday days have an ordinal in 1..*ordinal* (ordinal >= 0)."""
    # Ordinal 1 (0001-01-01, proleptic Gregorian) is a Monday, so each block of 7 ordinals
    # starting at 7k + 1 opens with its five weekdays.
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(count: int) -> int:
    """Return the smallest ordinal o with _weekdays_through(o) >= *count* (count >= 1)."""
    weeks, rest = divmod(count - 1, 5)
    return weeks * 7 + rest + 1


@functools.cache
def _calendar() -> _Calendar:
    """Return the working-day tables over the years chinese_calendar covers, built once."""
    import chinese_calendar  # here: a rebuild whose changed items have no span to count

    holidays = chinese_calendar.holidays
    makeup_workdays = chinese_calendar.workdays
    # The library accepts exactly the years spanned by its holiday table and raises
    # NotImplementedError outside them (chinese_calendar/utils.py, _validate_date).
    first_year = min(day.year for day in holidays)
    last_year = max(day.year for day in holidays)
    first = date(first_year, 1, 1).toordinal()
    last = date(last_year, 12, 31).toordinal()
    prefix = [0]
    nth: list[int] = []
    for ordinal in range(first, last + 1):
        day = date.fromordinal(ordinal)
        # Same rule as chinese_calendar.is_workday, read from its tables directly because
        # is_workday rescans the whole holiday table on every call.
        working = day in makeup_workdays or (day.weekday() < 5 and day not in holidays)
        if working:
            nth.append(ordinal)
        prefix.append(prefix[-1] + working)
    return _Calendar(
        first_year=first_year,
        last_year=last_year,
        first=first,
        last=last,
        before=_weekdays_through(first - 1),
        prefix=tuple(prefix),
        nth=tuple(nth),
    )


def _working_days_through(cal: _Calendar, ordinal: int) -> int:
    """Return how many working days have an ordinal in 1..*ordinal*."""
    if ordinal < cal.first:
        return _weekdays_through(ordinal)
    if ordinal <= cal.last:
        return cal.before + cal.prefix[ordinal - cal.first + 1]
    return cal.before + cal.prefix[-1] + _weekdays_through(ordinal) - _weekdays_through(cal.last)


def _nth_working_day(cal: _Calendar, count: int) -> int:
    """Return the ordinal of the *count*-th working day from ordinal 1 (count >= 1)."""
    if count <= cal.before:
        return _nth_weekday(count)
    inside = count - cal.before
    if inside <= len(cal.nth):
        return cal.nth[inside - 1]
    return _nth_weekday(inside - len(cal.nth) + _weekdays_through(cal.last))


def _is_estimated(cal: _Calendar, start: int, end: int) -> bool:
    """Return whether the span start < ordinal <= end leaves the covered years."""
    return start + 1 < cal.first or end > cal.last


def covered_years() -> tuple[int, int]:
    """Return the first and last year the official holiday calendar covers."""
    cal = _calendar()
    return cal.first_year, cal.last_year


def working_days_between(start: date, end: date) -> WorkdayCount:
    """Return the working days d with start < d <= end (zero when end <= start)."""
    first, last = start.toordinal(), end.toordinal()
    if last <= first:
        return WorkdayCount(days=0, estimated=False)
    cal = _calendar()
    return WorkdayCount(
        days=_working_days_through(cal, last) - _working_days_through(cal, first),
        estimated=_is_estimated(cal, first, last),
    )


def add_working_days(start: date, days: int) -> tuple[date, bool]:
    """Return the date *days* working days after *start*, and whether it was estimated.

    The date returned is the earliest d with working_days_between(start, d).days == days, so
    for days > 0 it is itself a working day. Raises ValueError when *days* is negative or the
    result would fall after date.max.
    """
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    if days == 0:
        return start, False
    cal = _calendar()
    first = start.toordinal()
    result = _nth_working_day(cal, _working_days_through(cal, first) + days)
    return date.fromordinal(result), _is_estimated(cal, first, result)
