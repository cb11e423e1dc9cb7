"""Every spreadsheet the portal writes (CSV and XLSX) goes through this module, so none can carry a formula.

Text typed by a user (an employee's name, a personnel number, a complaint's category) ends up in files that
insurer staff open in Excel or LibreOffice. A cell that starts with `=`, `+`, `-` or `@` (or with a tab or a
carriage return, which some spreadsheets skip before looking for those) is evaluated as a formula: "CSV
injection" or "formula injection" (OWASP, https://owasp.org/www-community/attacks/CSV_Injection). So:

* CSV: a text cell that starts with one of those characters is written with a leading apostrophe, which every
  spreadsheet shows as text and does not evaluate (OWASP's advice). Numbers and dates are written as numbers and
  dates (a negative amount stays a number).
* XLSX: a text cell is stored with cell type "string" (`t="s"`/inline string), never as a formula, whatever it
  starts with; the value itself is kept as it was typed.

House style for Dutch Excel: CSV is UTF-8 with a byte-order mark, semicolons between fields, a decimal comma and
no thousands separator; dates ISO (YYYY-MM-DD), which every spreadsheet reads as a date. XLSX has real number and
date cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | Decimal | dt.date | None

# The first characters that make a spreadsheet treat a cell as a formula (or skip ahead to one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD-MM-YYYY"


def text_neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value: Cell, *, decimals: int | None = 2) -> str:
    """One CSV field: "" for None, a decimal comma for amounts, ISO dates, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        formatted = f"{value:.{decimals}f}" if decimals is not None else str(value)
        return formatted.replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return text_neutralised(str(value))


def csv_document(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, decimals: int | None = 2) -> bytes:
    """A CSV file for Dutch Excel: BOM, semicolons, CRLF; every cell through csv_cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value, decimals=decimals) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_row_append(sheet: Worksheet, row: Sequence[Cell]) -> None:
    """Append a row; text cells are stored as strings (never formulas), amounts and dates get their format."""
    # XML 1.0 cannot hold most control characters (openpyxl raises on them); names may hold them from before
    # they were refused at input (verzuim.validators), so they are left out rather than failing the export.
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    for cell in sheet[sheet.max_row]:
        value = cell.value
        if isinstance(value, str):
            cell.data_type = TYPE_STRING  # openpyxl made "=..." a formula on assignment; store it as text
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        elif isinstance(value, dt.date | dt.datetime):
            cell.number_format = DATE_FORMAT


def xlsx_document(
    title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]], *, widths: Sequence[int] = ()
) -> bytes:
    """A workbook of one sheet: a bold, frozen header row, then the rows through xlsx_row_append."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    xlsx_row_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_row_append(sheet, row)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
