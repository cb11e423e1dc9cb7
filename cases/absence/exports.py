"""Absences for HR as a spreadsheet (issue 23 item 5): one row per sick period of the employer's cases, CSV for
Dutch Excel and XLSX, written by verzuim.spreadsheets (the house style; no cell can carry a formula: names and
personnel numbers are typed by employers, OWASP "CSV injection").

Per period: the employer, the personnel number, the name, the first sick day, the last sick day (empty while the
period runs), the absence percentage and the duration in calendar days. The percentage is the one at the end of
the period, or today for a running period: 100 minus the last partial recovery reported within the period (a full
recovery ends the period on the day before). The duration counts calendar days from the first day through the
last, or through today while the period runs (the Wet verbetering poortwachter counts the 104 weeks in calendar
time as well). Nothing medical is in the file: no diagnosis, no restrictions (AVG art. 9, UWV/KNMG: the employer
may know the expected duration and the percentage, not why)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase, SickPeriod
from verzuim import spreadsheets
from verzuim.spreadsheets import Cell


def headers() -> list[str]:
    return [
        _("Werkgever"),
        _("Personeelsnummer"),
        _("Werknemer"),
        _("Eerste ziektedag"),
        _("Laatste ziektedag"),
        _("Verzuimpercentage"),
        _("Duur (kalenderdagen)"),
    ]


def period_pct(case: AbsenceCase, period: SickPeriod) -> int:
    """The absence percentage at the end of the period (today while it runs)."""
    partial = [
        recovery
        for recovery in case.recoveries.all()
        if recovery.recovered_pct < 100
        and recovery.date >= period.start
        and (period.end is None or recovery.date <= period.end)
    ]
    if not partial:
        return 100
    return 100 - max(partial, key=lambda recovery: (recovery.date, recovery.pk)).recovered_pct


def period_days(period: SickPeriod, today: dt.date) -> int:
    return ((period.end or today) - period.start).days + 1


def rows(cases: Iterable[AbsenceCase], *, today: dt.date) -> Iterator[list[Cell]]:
    """One row per sick period of the cases (employee, employer, periods and recoveries loaded)."""
    for case in cases:
        employee = case.employee
        for period in case.periods.all():
            yield [
                case.employer.name,
                employee.personnel_number,
                employee.full_name,
                period.start,
                period.end,
                period_pct(case, period),
                period_days(period, today),
            ]


def absences_csv(cases: Iterable[AbsenceCase], *, today: dt.date) -> bytes:
    return spreadsheets.csv_document(headers(), rows(cases, today=today))


def absences_xlsx(cases: Iterable[AbsenceCase], *, today: dt.date) -> bytes:
    return spreadsheets.xlsx_document(
        _("Verzuim"), headers(), rows(cases, today=today), widths=(28, 16, 28, 16, 16, 18, 20)
    )
