"""When a document lapses by its 有效期至 (`item.lapse_of`): one rule for the site's status on
a day, the annual figures, `gkml diff` and GK113."""

from __future__ import annotations

from datetime import date

import pytest

from generator.fields import Status
from generator.item import lapse_of

UNTIL = date(2026, 6, 30)  # 有效期至: in force through that day


@pytest.mark.parametrize(
    ("status", "status_date", "expected"),
    [
        # 有效: it lapses the day after its 有效期至
        (Status.IN_FORCE, None, date(2026, 7, 1)),
        # 已修改 before it would lapse: the amended text lapses then too
        (Status.AMENDED, date(2026, 3, 1), date(2026, 7, 1)),
        (Status.AMENDED, date(2026, 6, 30), date(2026, 7, 1)),
        # amended on the day it would lapse, or after: that amendment is its latest state
        (Status.AMENDED, date(2026, 7, 1), None),
        (Status.AMENDED, date(2026, 8, 1), None),
        # already repealed or expired: nothing more to lapse
        (Status.REPEALED, date(2026, 3, 1), None),
        (Status.EXPIRED, date(2026, 7, 1), None),
    ],
)
def test_a_document_lapses_the_day_after_its_valid_until(
    status: Status, status_date: date | None, expected: date | None
) -> None:
    """A mutation audit: an amendment on the lapse day itself was in no test, and `<` or
    `<=` there showed such a document 失效 instead of 已修改."""
    assert lapse_of(status, status_date, UNTIL) == expected


def test_a_document_without_valid_until_does_not_lapse() -> None:
    assert lapse_of(Status.IN_FORCE, None, None) is None
