"""French working days: a promised date never falls on a Sunday or a public holiday.

The eleven national public holidays (Code du travail L3133-1), Easter computed by the
anonymous Gregorian algorithm (Meeus/Jones/Butcher) so the three movable feasts follow:
Easter Monday (+1), Ascension (+39), Whit Monday (+50). Alsace-Moselle's two extra days
(Good Friday, 26 December) are not national and are left out; the list holds from 2008
(Whit Monday was worked in 2005–2007). Written here rather than
imported: the `holidays` package costs a draft 100 ms to import; the tests compare this
list with it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

_FIXED = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
_AFTER_EASTER = (1, 39, 50)  # Easter Monday, Ascension, Whit Monday


def easter(year: int) -> dt.date:
    """Easter Sunday of a Gregorian year."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """The French national public holidays of a year."""
    sunday = easter(year)
    days = {dt.date(year, month, day) for month, day in _FIXED}
    days.update(sunday + dt.timedelta(days=n) for n in _AFTER_EASTER)
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() != 6 and day not in public_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first one after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
