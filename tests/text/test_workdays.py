"""French working days: the computed holidays match the `holidays` package, year by year."""

import datetime as dt

import holidays
import pytest

from reponse_cli.drafting.compose import due_date
from reponse_cli.text.workdays import easter, is_working_day, next_working_day, public_holidays


# From 2008 on: in 2005–2007 Whit Monday was a working « journée de solidarité ».
@pytest.mark.parametrize("year", range(2008, 2101))
def test_public_holidays_match_the_holidays_package(year: int) -> None:
    expected = set(holidays.France(years=year))
    assert set(public_holidays(year)) == expected


def test_easter_known_dates() -> None:
    assert easter(2026) == dt.date(2026, 4, 5)
    assert easter(2027) == dt.date(2027, 3, 28)
    assert easter(2038) == dt.date(2038, 4, 25)  # the latest possible


def test_a_due_date_skips_sundays_and_holidays() -> None:
    # 24 December 2026 is a Thursday: +1 lands on Christmas, then Saturday is fine.
    assert due_date(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 26)
    # Saturday 31 October 2026 + 1 → Sunday 1 November (All Saints) → Monday 2.
    assert due_date(dt.date(2026, 10, 31), 1) == dt.date(2026, 11, 2)
    # Ascension 2026 (14 May), a Thursday.
    assert due_date(dt.date(2026, 5, 13), 1) == dt.date(2026, 5, 15)
    assert next_working_day(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)


def test_no_due_date_is_ever_a_sunday_or_a_holiday() -> None:
    start = dt.date(2026, 1, 1)
    for offset in range(366):
        for after in (0, 1, 2, 7, 10):
            due = due_date(start + dt.timedelta(days=offset), after)
            assert due.weekday() != 6 and due not in holidays.France(years=due.year)
            assert is_working_day(due)
