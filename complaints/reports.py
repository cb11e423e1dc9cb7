"""The yearly complaints report and the covenant evaluation report (docs/domain.md §11): pure arithmetic, no ORM.

complaints.reports_data loads the rows; this module counts. The rules:

* A year's complaints are those **received** in that year.
* On time: acknowledged (answered) on or before its deadline. A complaint not acknowledged (answered) yet whose
  deadline has passed (deadline < today) counts as **late**; one whose deadline is still to come (deadline ≥ today)
  is **left out** (pending: it can still be on time). Share = on time / (on time + late); no counted complaint:
  no share (shown as a dash).
* Handling time: calendar days from receipt to answer, answered complaints only; the median of those.
* Claims development: per year of `period_start`, the report year and the two before; cancelled claims are
  left out by the loader.
* Satisfaction: responses given in the report year, per kind: count and average score (one decimal).
* Escalations (issue 21 item 4): the year's complaints that the complainant took further, per route (the covenant's
  external scheme, Kifid) as the handler recorded it (`escalated_to`, complaints.services_workflow.complaint_escalate);
  counted with the year the complaint was received, like every other number here.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from verzuim import spreadsheets

CLAIM_YEARS = 3
ONE_DECIMAL = Decimal("0.1")
ZERO_EUR = Decimal("0.00")


@dataclass(frozen=True)
class ComplaintRow:
    received_on: dt.date
    category: str
    outcome: str  # "" while not closed
    acknowledge_by: dt.date
    acknowledged_on: dt.date | None
    answer_by: dt.date
    answered_on: dt.date | None
    escalated_to: str = ""  # "" when not escalated


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class OnTime:
    on_time: int
    late: int
    pending: int  # not done yet, deadline still to come: left out of the share

    @property
    def counted(self) -> int:
        return self.on_time + self.late

    @property
    def share_pct(self) -> Decimal | None:
        """Share on time in percent, one decimal; None when nothing counts."""
        if not self.counted:
            return None
        return (Decimal(100 * self.on_time) / Decimal(self.counted)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


@dataclass(frozen=True)
class ComplaintsReport:
    year: int
    today: dt.date
    total: int
    per_category: tuple[Count, ...]
    per_outcome: tuple[Count, ...]
    open_count: int  # without an outcome yet
    acknowledgement: OnTime
    answer: OnTime
    answered_count: int
    median_handling_days: Decimal | None
    per_escalation: tuple[Count, ...] = ()
    escalated_count: int = 0


@dataclass(frozen=True)
class ClaimYear:
    year: int
    count: int
    total: Decimal


@dataclass(frozen=True)
class Satisfaction:
    kind: str
    label: str
    count: int
    average: Decimal | None


@dataclass(frozen=True)
class CovenantReport:
    year: int
    complaints: ComplaintsReport
    claims: tuple[ClaimYear, ...]
    satisfaction: tuple[Satisfaction, ...]


def deadline_met(deadline: dt.date, done_on: dt.date | None, today: dt.date) -> bool | None:
    """True on time, False late, None not done and still possible (left out)."""
    if done_on is not None:
        return done_on <= deadline
    if deadline < today:
        return False
    return None


def on_time(pairs: Iterable[tuple[dt.date, dt.date | None]], today: dt.date) -> OnTime:
    """(deadline, done on) pairs to on time / late / pending."""
    tally = Counter(deadline_met(deadline, done_on, today) for deadline, done_on in pairs)
    return OnTime(on_time=tally[True], late=tally[False], pending=tally[None])


def median_days(days: Sequence[int]) -> Decimal | None:
    if not days:
        return None
    return Decimal(str(statistics.median(days))).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def _counts(values: Iterable[str], choices: Sequence[tuple[str, Any]]) -> tuple[Count, ...]:
    tally = Counter(values)
    return tuple(Count(code=code, label=str(label), count=tally[code]) for code, label in choices)


def complaints_report(
    *,
    year: int,
    rows: Iterable[ComplaintRow],
    today: dt.date,
    categories: Sequence[tuple[str, Any]],
    outcomes: Sequence[tuple[str, Any]],
    escalation_routes: Sequence[tuple[str, Any]] = (),
) -> ComplaintsReport:
    """The report of the complaints received in `year` (rows of other years are ignored); every category, outcome
    and escalation route of the choices is listed, zero or not, in the order given."""
    mine = [row for row in rows if row.received_on.year == year]
    handling = [(row.answered_on - row.received_on).days for row in mine if row.answered_on is not None]
    return ComplaintsReport(
        year=year,
        today=today,
        total=len(mine),
        per_category=_counts((row.category for row in mine), categories),
        per_outcome=_counts((row.outcome for row in mine if row.outcome), outcomes),
        open_count=sum(1 for row in mine if not row.outcome),
        acknowledgement=on_time(((row.acknowledge_by, row.acknowledged_on) for row in mine), today),
        answer=on_time(((row.answer_by, row.answered_on) for row in mine), today),
        answered_count=len(handling),
        median_handling_days=median_days(handling),
        per_escalation=_counts((row.escalated_to for row in mine if row.escalated_to), escalation_routes),
        escalated_count=sum(1 for row in mine if row.escalated_to),
    )


def claims_development(year: int, per_year: Mapping[int, tuple[int, Decimal]]) -> tuple[ClaimYear, ...]:
    """Count and total per year for `year` and the two years before, oldest first; a year without claims is 0."""
    result = []
    for y in range(year - CLAIM_YEARS + 1, year + 1):
        count, total = per_year.get(y, (0, ZERO_EUR))
        result.append(ClaimYear(year=y, count=count, total=Decimal(total).quantize(ZERO_EUR, ROUND_HALF_UP)))
    return tuple(result)


def satisfaction(per_kind: Mapping[str, tuple[int, int]], kinds: Sequence[tuple[str, Any]]) -> tuple[Satisfaction, ...]:
    """(number of responses, sum of scores) per kind to count and average (one decimal; None without responses)."""
    result = []
    for code, label in kinds:
        count, total = per_kind.get(code, (0, 0))
        average = (Decimal(total) / Decimal(count)).quantize(ONE_DECIMAL, ROUND_HALF_UP) if count else None
        result.append(Satisfaction(kind=code, label=str(label), count=count, average=average))
    return tuple(result)


def covenant_report(
    *,
    complaints: ComplaintsReport,
    claims_per_year: Mapping[int, tuple[int, Decimal]],
    satisfaction_per_kind: Mapping[str, tuple[int, int]],
    kinds: Sequence[tuple[str, Any]],
) -> CovenantReport:
    return CovenantReport(
        year=complaints.year,
        complaints=complaints,
        claims=claims_development(complaints.year, claims_per_year),
        satisfaction=satisfaction(satisfaction_per_kind, kinds),
    )


# --- CSV (verzuim.spreadsheets: the house style, and no cell can carry a formula) -----------------------------

Cell = str | int | Decimal | None


def _csv(rows: Iterable[Sequence[Cell]]) -> bytes:
    header = [_("Onderdeel"), _("Omschrijving"), _("Aantal"), _("Waarde")]
    return spreadsheets.csv_document(header, rows, decimals=None)


def _complaints_rows(report: ComplaintsReport) -> Iterator[list[Cell]]:
    yield [_("Klachten"), _("Ontvangen in %(year)s") % {"year": report.year}, report.total, None]
    for item in report.per_category:
        yield [_("Onderwerp"), item.label, item.count, None]
    for item in report.per_outcome:
        yield [_("Uitkomst"), item.label, item.count, None]
    yield [_("Uitkomst"), _("Nog niet afgesloten"), report.open_count, None]
    for item in report.per_escalation:
        yield [_("Doorverwezen"), item.label, item.count, None]
    yield [_("Doorverwezen"), _("Totaal doorverwezen"), report.escalated_count, None]
    for part, result in ((_("Ontvangstbevestiging"), report.acknowledgement), (_("Beantwoording"), report.answer)):
        yield [part, _("Op tijd"), result.on_time, None]
        yield [part, _("Te laat"), result.late, None]
        yield [part, _("Termijn loopt nog (telt niet mee)"), result.pending, None]
        yield [part, _("Aandeel op tijd (%)"), result.counted, result.share_pct]
    yield [
        _("Behandelduur"),
        _("Mediaan in dagen (ontvangst tot antwoord)"),
        report.answered_count,
        report.median_handling_days,
    ]


def complaints_csv(report: ComplaintsReport) -> bytes:
    return _csv(_complaints_rows(report))


def covenant_csv(report: CovenantReport) -> bytes:
    def rows() -> Iterator[list[Cell]]:
        yield from _complaints_rows(report.complaints)
        for claim_year in report.claims:
            yield [_("Declaraties (€)"), str(claim_year.year), claim_year.count, claim_year.total]
        for item in report.satisfaction:
            yield [_("Tevredenheid (1 tot en met 5)"), item.label, item.count, item.average]

    return _csv(rows())
