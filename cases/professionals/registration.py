"""Whether a professional is registered on a day: pure rules over registration histories, no ORM.

docs/domain.md §6 "Certified professionals only". A registry keeps history: a new row never overwrites an older
one, it supersedes it from its `valid_from` on. On day D the row that counts is the one with the latest
`valid_from` on or before D (the later recorded one when two start on the same day, so a correction with the
same start date and an earlier end shortens a registration). The professional is registered on D when that
row runs through D and, for a registration that rests on employment at a certified arbodienst, when the
arbodienst's own certificate history (the same rule) covers D as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Validity:
    """One registration or certificate row. `order` breaks ties between rows with the same `valid_from`
    (the later recorded wins); `ref` carries whatever the caller wants back (the model instance)."""

    valid_from: dt.date
    valid_until: dt.date | None = None
    order: int = 0
    # The certificate history of the arbodienst this registration rests on; None when it rests on nothing else.
    depends_on: tuple[Validity, ...] | None = None
    ref: object = None

    def runs_through(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Status(StrEnum):
    REGISTERED = "registered"
    MISSING = "missing"  # no row has started by that day
    EXPIRED = "expired"  # the row that counts ended before that day
    CERTIFICATE_MISSING = "certificate_missing"  # the arbodienst it rests on has no certificate that started
    CERTIFICATE_EXPIRED = "certificate_expired"  # the arbodienst's certificate ended before that day


@dataclass(frozen=True)
class Standing:
    """A professional's standing on `day`. `last_day` is the last day of the registration: for a registered
    professional the last day of unbroken registration from `day` on (None: no end in sight); otherwise the
    day the registration or certificate ended (None when there never was one)."""

    day: dt.date
    status: Status
    last_day: dt.date | None = None
    row: Validity | None = None
    certificate: Validity | None = None

    @property
    def registered(self) -> bool:
        return self.status == Status.REGISTERED


def current(rows: Iterable[Validity], day: dt.date) -> Validity | None:
    """The row that counts on `day`: the latest start on or before it, the later recorded on a tie."""
    started = [row for row in rows if row.valid_from <= day]
    return max(started, key=lambda row: (row.valid_from, row.order)) if started else None


def covers(rows: Iterable[Validity], day: dt.date) -> bool:
    row = current(rows, day)
    return row is not None and row.runs_through(day)


def registered_on(rows: Sequence[Validity], day: dt.date) -> bool:
    return standing(rows, day, until_horizon=False).registered


def _change_days(rows: Sequence[Validity], after: dt.date) -> list[dt.date]:
    """Days after `after` on which the outcome may change: a row starts, or the day after a row ends."""
    days: set[dt.date] = set()
    for row in rows:
        for nested in (row, *(row.depends_on or ())):
            days.add(nested.valid_from)
            if nested.valid_until is not None:
                days.add(nested.valid_until + ONE_DAY)
    return sorted(day for day in days if day > after)


def last_registered_day(rows: Sequence[Validity], day: dt.date) -> dt.date | None:
    """The last day of unbroken registration from `day` (registered on `day`); None when it has no end."""
    for change in _change_days(rows, day):
        if not standing(rows, change, until_horizon=False).registered:
            return change - ONE_DAY
    return None


def standing(rows: Sequence[Validity], day: dt.date, *, until_horizon: bool = True) -> Standing:
    """The standing on `day`; with `until_horizon` a registered standing carries its last registered day."""
    row = current(rows, day)
    if row is None:
        return Standing(day=day, status=Status.MISSING)
    if not row.runs_through(day):
        return Standing(day=day, status=Status.EXPIRED, last_day=row.valid_until, row=row)
    if row.depends_on is not None:
        certificate = current(row.depends_on, day)
        if certificate is None:
            return Standing(day=day, status=Status.CERTIFICATE_MISSING, row=row)
        if not certificate.runs_through(day):
            return Standing(
                day=day,
                status=Status.CERTIFICATE_EXPIRED,
                last_day=certificate.valid_until,
                row=row,
                certificate=certificate,
            )
    last_day = last_registered_day(rows, day) if until_horizon else None
    return Standing(day=day, status=Status.REGISTERED, last_day=last_day, row=row)


def needs_attention(item: Standing, *, within_days: int) -> bool:
    """For the staff dashboard: not registered now, or the registration ends within `within_days` days."""
    if not item.registered:
        return True
    return item.last_day is not None and (item.last_day - item.day).days <= within_days
