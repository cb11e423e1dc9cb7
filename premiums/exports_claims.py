"""The claims overview as a spreadsheet: CSV for Dutch Excel and XLSX, Dutch headers, amounts as numbers.

CSV follows what Dutch Excel opens in columns without an import wizard: UTF-8 with a byte-order mark,
semicolons between fields, a decimal comma and no thousands separator; dates are ISO (YYYY-MM-DD), which
every spreadsheet reads as a date. XLSX has real number and date cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from premiums.models import Claim

Cell = str | int | Decimal | dt.date | None

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD-MM-YYYY"


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


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def claims_csv(claims: Iterable[Claim]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows(claims):
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def claims_xlsx(claims: Iterable[Claim]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Declaraties")
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(claims):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, dt.date | dt.datetime):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMNOPQRST", (38, 28, 12, 16, 24, 16, 28, 12, *([14] * 12)), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
