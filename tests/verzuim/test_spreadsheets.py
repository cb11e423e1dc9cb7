"""verzuim.spreadsheets: no exported cell can carry a formula, and every export of the portal goes through it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from verzuim import spreadsheets

TRIGGERS = ["=1+2", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", TRIGGERS)
def test_a_csv_text_cell_starting_with_a_formula_trigger_gets_an_apostrophe(text: str) -> None:
    assert spreadsheets.csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Jansen", "1+1", "a=b", "'quoted", ""])
def test_ordinary_text_is_written_as_typed(text: str) -> None:
    assert spreadsheets.csv_cell(text) == text


def test_numbers_and_dates_are_not_neutralised() -> None:
    assert spreadsheets.csv_cell(Decimal("-12.5")) == "-12,50"
    assert spreadsheets.csv_cell(-3) == "-3"
    assert spreadsheets.csv_cell(dt.date(2026, 1, 5)) == "2026-01-05"
    assert spreadsheets.csv_cell(None) == ""


def test_a_csv_document_read_back_keeps_the_apostrophe_and_the_house_style() -> None:
    data = spreadsheets.csv_document(["Naam", "Bedrag"], [["=cmd|' /C calc'!A0", Decimal("1.5")]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Naam", "Bedrag"], ["'=cmd|' /C calc'!A0", "1,50"]]


def test_an_xlsx_document_stores_every_text_cell_as_a_string() -> None:
    triggers = [text for text in TRIGGERS if "\r" not in text]  # XML turns a carriage return into a newline
    data = spreadsheets.xlsx_document("Blad", ["Naam", "Bedrag"], [[text, Decimal("2")] for text in triggers])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [(cell.data_type, cell.value) for cell in names] == [("s", text) for text in triggers]
    assert all(row[1].data_type == "n" for row in sheet.iter_rows(min_row=2))


def test_no_app_module_writes_a_spreadsheet_itself() -> None:
    """Any export added later must use verzuim.spreadsheets, or it escapes the formula neutralisation."""
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bWorkbook\(|xlsxwriter")
    offenders = []
    for app in ("verzuim", "cases", "premiums", "complaints"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if path.name == "spreadsheets.py" or "migrations" in path.parts:
                continue
            if writers.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_an_xlsx_cell_with_control_characters_from_old_data_is_written_without_them() -> None:
    data = spreadsheets.xlsx_document("Blad", ["Naam"], [["Jan\x01de\x1bVries"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].value == "JandeVries"
