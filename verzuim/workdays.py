"""The working-day calendar of the whole portal (docs/domain.md §4 and §11): Monday to Friday, without the Dutch
public holidays of the Algemene termijnenwet (art. 3). Used by the Poortwachter engine (the 42nd-week notice is
due on a working day) and by the complaint deadlines and their reminders.

The ``holidays`` package's "public" category has Good Friday but 5 May only in lustrum years; its "optional"
category adds 5 May for the other years, which the Algemene termijnenwet treats as a holiday every year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _non_working_holidays(year: int) -> frozenset[dt.date]:
    nl = holidays.country_holidays("NL", years=year, categories=("public", "optional"))
    return frozenset(nl.keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _non_working_holidays(day.year)


def next_working_day_after(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    candidate = day + dt.timedelta(days=1)
    while not is_working_day(candidate):
        candidate += dt.timedelta(days=1)
    return candidate
