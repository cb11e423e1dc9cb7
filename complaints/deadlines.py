"""Deadlines of the complaints desk (docs/domain.md §11): pure date arithmetic, no ORM.

* Acknowledge within N working days after receipt: Monday to Friday, Dutch public holidays skipped (the same
  calendar as the Poortwachter engine: verzuim.workdays, Algemene termijnenwet art. 3).
* Answer within N weeks after receipt, plus the calendar days the clock was paused while waiting for the
  complainant.
"""

from __future__ import annotations

import datetime as dt

from verzuim.workdays import is_working_day


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of receipt itself does not count)."""
    if days < 1:
        raise ValueError(f"working days must be at least 1, not {days}")
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def acknowledge_by(received_on: dt.date, working_days: int) -> dt.date:
    return add_working_days(received_on, working_days)


def answer_by(received_on: dt.date, weeks: int, paused_days: int = 0) -> dt.date:
    if paused_days < 0:
        raise ValueError("paused days cannot be negative")
    return received_on + dt.timedelta(weeks=weeks, days=paused_days)


def working_days_until(today: dt.date, deadline: dt.date) -> int:
    """The countdown of a deadline in working days: the working days after `today` up to and including `deadline`
    (0 on the deadline itself, 1 when it is the next working day); once it passed, minus the working days after
    `deadline` up to and including `today`."""
    start, end, sign = (today, deadline, 1) if deadline >= today else (deadline, today, -1)
    days = (end - start).days
    return sign * sum(1 for n in range(1, days + 1) if is_working_day(start + dt.timedelta(days=n)))
