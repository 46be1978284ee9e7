"""Tests for generator.workdays against the official 2024 holiday notice and chinese_calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.workdays import (
    WorkdayCount,
    add_working_days,
    covered_years,
    working_days_between,
)

FIRST_YEAR, LAST_YEAR = covered_years()
COVERED_FIRST = date(FIRST_YEAR, 1, 1)
COVERED_LAST = date(LAST_YEAR, 12, 31)


def weekdays_after(start: date, end: date) -> int:
    """Return Monday–Friday days d with start < d <= end, counted one by one."""
    return sum((start + timedelta(days=i)).weekday() < 5 for i in range(1, (end - start).days + 1))


def is_working_day(day: date) -> bool:
    """Return whether *day* is a working day: the library inside its years, else Mon–Fri."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def test_covered_years_match_the_library_data() -> None:
    # chinesecalendar 1.11.0 (uv.lock) carries the State Council notices for 2004–2026.
    assert covered_years() == (2004, 2026)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(LAST_YEAR + 1, 1, 4))


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # National Day 2024: 1–7 October off, Sunday 29 September and Saturday 12 October worked.
        (date(2024, 9, 30), date(2024, 10, 8), 1),
        (date(2024, 9, 28), date(2024, 9, 30), 2),
        (date(2024, 10, 11), date(2024, 10, 13), 1),
        # Spring Festival 2024: 10–17 February off, Sundays 4 and 18 February worked.
        (date(2024, 2, 3), date(2024, 2, 4), 1),
        (date(2024, 2, 9), date(2024, 2, 18), 1),
        (date(2024, 2, 1), date(2024, 2, 29), 17),
        # An ordinary week: Friday to the next Friday.
        (date(2024, 3, 1), date(2024, 3, 8), 5),
        # The whole of 2024 had 251 working days.
        (date(2023, 12, 31), date(2024, 12, 31), 251),
    ],
)
def test_known_2024_spans(start: date, end: date, days: int) -> None:
    assert working_days_between(start, end) == WorkdayCount(days=days, estimated=False)


def test_same_day_and_reversed_spans_are_zero() -> None:
    day = date(2024, 10, 8)
    assert working_days_between(day, day) == WorkdayCount(0, False)
    assert working_days_between(day, date(2024, 9, 30)) == WorkdayCount(0, False)
    assert working_days_between(date(2031, 1, 1), date(2030, 1, 1)) == WorkdayCount(0, False)


def test_span_in_2030_counts_weekdays_and_is_estimated() -> None:
    # January 2030 opens on a Tuesday and has 23 weekdays; 1 January is not in the span.
    assert working_days_between(date(2030, 1, 1), date(2030, 1, 31)) == WorkdayCount(22, True)
    assert working_days_between(date(2030, 1, 4), date(2030, 1, 7)) == WorkdayCount(1, True)


def test_span_before_the_covered_years_is_estimated() -> None:
    # 1–31 December 2003: 23 weekdays, none of them counted by the holiday notices.
    assert working_days_between(date(2003, 11, 30), date(2003, 12, 31)) == WorkdayCount(23, True)
    # 31 December 2003 (a Wednesday) by weekdays, then New Year's Day 2004 off, 2 January worked.
    assert working_days_between(date(2003, 12, 30), date(2004, 1, 2)) == WorkdayCount(2, True)
    # A span after 31 December 2003 holds only covered days.
    assert working_days_between(date(2003, 12, 31), date(2004, 1, 2)) == WorkdayCount(1, False)
    assert working_days_between(date(2004, 1, 1), date(2004, 1, 2)) == WorkdayCount(1, False)


def test_span_straddling_the_end_of_the_covered_years() -> None:
    start, end = date(2026, 12, 24), date(2027, 1, 8)
    # 25 and 28–31 December 2026 are working days in the 2026 notice (no holiday until
    # 1 January 2027, which is outside it); 1–8 January 2027 has 6 weekdays.
    assert [d for d in range(25, 32) if chinese_calendar.is_workday(date(2026, 12, d))] == [
        25,
        28,
        29,
        30,
        31,
    ]
    assert working_days_between(start, end) == WorkdayCount(5 + 6, True)
    assert working_days_between(start, COVERED_LAST) == WorkdayCount(5, False)


def test_span_across_decades_outside_the_calendar() -> None:
    # 2030-01-01 is a Tuesday; the 36524 days after it are 5217 weeks, then Wednesday to Sunday.
    result = working_days_between(date(2030, 1, 1), date(2130, 1, 1))
    assert result == WorkdayCount(5217 * 5 + 3, True)
    assert result.days == weekdays_after(date(2030, 1, 1), date(2130, 1, 1))


def test_span_across_the_whole_calendar() -> None:
    start, end = date(2000, 1, 1), date(2030, 1, 1)
    expected = sum(
        is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )
    assert working_days_between(start, end) == WorkdayCount(expected, True)


def test_datetime_arguments_count_by_date() -> None:
    assert working_days_between(datetime(2024, 9, 30, 23, 59), datetime(2024, 10, 8, 0, 1)) == (
        WorkdayCount(1, False)
    )


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2024, 9, 30), 1, (date(2024, 10, 8), False)),
        (date(2024, 9, 27), 1, (date(2024, 9, 29), False)),  # make-up working Sunday
        (date(2024, 2, 9), 1, (date(2024, 2, 18), False)),
        (date(2024, 2, 9), 0, (date(2024, 2, 9), False)),
        # 20 working days (条例第二十六条) from the eve of National Day 2024.
        (date(2024, 9, 30), 20, (date(2024, 11, 1), False)),
        (date(2030, 1, 4), 1, (date(2030, 1, 7), True)),
        (date(2026, 12, 30), 3, (date(2027, 1, 4), True)),
        (date(2003, 12, 31), 1, (date(2004, 1, 2), False)),  # 1 January 2004 is a holiday
        (date(2003, 12, 30), 1, (date(2003, 12, 31), True)),
    ],
)
def test_add_working_days_known(start: date, days: int, expected: tuple[date, bool]) -> None:
    assert add_working_days(start, days) == expected


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="days must be >= 0, got -1"):
        add_working_days(date(2024, 1, 1), -1)


_COVERED_DATES = st.dates(min_value=COVERED_FIRST, max_value=COVERED_LAST - timedelta(days=400))
_ANY_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(_COVERED_DATES, st.integers(min_value=0, max_value=250))
def test_add_working_days_inverts_working_days_between(start: date, days: int) -> None:
    result, estimated = add_working_days(start, days)
    assert estimated is False
    assert working_days_between(start, result) == WorkdayCount(days, False)
    if days:
        # The earliest such date: itself a working day, one day earlier falls short.
        assert chinese_calendar.is_workday(result)
        assert working_days_between(start, result - timedelta(days=1)).days == days - 1


@given(_ANY_DATES, st.integers(min_value=0, max_value=800))
def test_add_working_days_inverts_everywhere(start: date, days: int) -> None:
    result, estimated = add_working_days(start, days)
    assert working_days_between(start, result).days == days
    assert estimated == (days > 0 and working_days_between(start, result).estimated)
    if days:
        assert is_working_day(result)


@given(_ANY_DATES, st.integers(min_value=-5, max_value=120))
def test_working_days_between_matches_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    expected_days = sum(is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    outside = span > 0 and (start + timedelta(days=1) < COVERED_FIRST or end > COVERED_LAST)
    assert working_days_between(start, end) == WorkdayCount(expected_days, outside)
