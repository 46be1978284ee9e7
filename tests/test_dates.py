"""Date parsing: the exact suggestion for every loose spelling an editor types."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generator.dates import DateProblem, parse_date


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("2018.8.2", "2018-08-02"),
        ("2018/08/02", "2018-08-02"),
        ("2018年8月2日", "2018-08-02"),
        ("2018-8-2", "2018-08-02"),
    ],
)
def test_loose_spellings_get_the_exact_form(typed: str, suggestion: str) -> None:
    problem = parse_date(typed)
    assert isinstance(problem, DateProblem)
    assert problem.code == "GK101"
    assert problem.suggestion == suggestion
    assert suggestion in problem.zh


def test_a_month_out_of_range_is_named_as_such() -> None:
    problem = parse_date("2024-13-01")
    assert isinstance(problem, DateProblem)
    assert problem.code == "GK102"
    assert "月份应在 1 到 12 之间" in problem.zh
    assert "13" in problem.en


def test_a_day_past_the_end_of_the_month_names_the_month() -> None:
    problem = parse_date("2021-02-30")
    assert isinstance(problem, DateProblem)
    assert "2021年2月没有30日" in problem.zh


def test_valid_dates_and_times() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("2024-02-29 09:30", allow_time=True) == datetime(2024, 2, 29, 9, 30)
