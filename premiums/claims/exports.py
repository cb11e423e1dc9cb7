"""The claims overview as a spreadsheet: CSV for Dutch Excel and XLSX, Dutch headers, amounts as numbers.

The files are written by verzuim.spreadsheets (the house style, and no cell can carry a formula: names and
personnel numbers are typed by employers and read by insurer staff)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from premiums.claims.models import Claim
from verzuim import spreadsheets
from verzuim.spreadsheets import Cell


def headers() -> list[str]:
    return [
        _("Declaratie"),
        _("Werkgever"),
        _("KvK-nummer"),
        _("Polisnummer"),
        _("Werknemer"),
        _("Personeelsnummer"),
        _("Soort"),
        _("Status"),
        _("Periode vanaf"),
        _("Periode tot en met"),
        _("Ziektewerkdagen"),
        _("Eigenrisicodagen in de periode"),
        _("Vergoede werkdagen"),
        _("Jaarloon (€)"),
        _("Dekking"),
        _("Werkgeverslasten (%)"),
        _("Bedrag (€)"),
        _("Berekend op"),
        _("Goedgekeurd op"),
        _("Betaald op"),
    ]


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def rows(claims: Iterable[Claim]) -> Iterator[list[Cell]]:
    """One row per claim (the queryset of selectors_claims.claim_list: employee, employer, policy joined)."""
    for claim in claims:
        employee = claim.case.employee
        yield [
            str(claim.pk),
            claim.employer.name,
            claim.employer.kvk_number,
            claim.policy.policy_number,
            employee.full_name,
            employee.personnel_number,
            claim.get_kind_display(),
            claim.get_status_display(),
            claim.period_start,
            claim.period_end,
            claim.sick_work_days,
            claim.waiting_days_in_period,
            claim.paid_work_days,
            claim.yearly_wage,
            claim.coverage,
            claim.employer_charges_pct,
            claim.amount,
            _day(claim.created_at),
            _day(claim.approved_at),
            _day(claim.paid_at),
        ]


def claims_csv(claims: Iterable[Claim]) -> bytes:
    return spreadsheets.csv_document(headers(), rows(claims))


def claims_xlsx(claims: Iterable[Claim]) -> bytes:
    return spreadsheets.xlsx_document(
        _("Declaraties"), headers(), rows(claims), widths=(38, 28, 12, 16, 24, 16, 28, 12, *([14] * 12))
    )
