"""Employee import from CSV and XLSX: reading files, checking rows, and the upload-preview-confirm pages."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.asserts import assertContains

from tests.factories import EmployeeFactory
from verzuim import employee_import
from verzuim.employee_import import (
    ImportFileError,
    ParsedRow,
    RowError,
    map_columns,
    normalise_date,
    normalise_decimal,
    parse_file,
    validate_rows,
)
from verzuim.forms import EMPLOYEE_FIELDS, EmployeeForm
from verzuim.models import AuditAction, AuditLog, ContractType, Employee, Role, User

IMPORT_URL = "/werknemers/importeren/"
CONFIRM_URL = "/werknemers/importeren/bevestigen/"
HEADER = "personeelsnummer;voornaam;achternaam;geboortedatum;datum_in_dienst;uren_per_week;jaarloon;contract"
# As a person would type them in Excel: capitals and spaces.
EXCEL_HEADER = ["Personeelsnummer", "Voornaam", "Achternaam", "Geboortedatum", "Datum in dienst", "Uren per week",
                "Jaarloon", "Contract"]  # fmt: skip
NOT_READABLE = "Dit bestand kan niet worden gelezen. Upload een CSV-bestand of een Excel-bestand (.xlsx)."


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, content: bytes, name: str = "werknemers.csv") -> Any:
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()
    match = re.fullmatch(rf"{CONFIRM_URL}\?token=([\w-]+)", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --------------------------------------------------------------------------------------------------
# Reading files (no database) and checking rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2800,50", "2800.50"),
        ("2.800,50", "2800.50"),
        ("2800.50", "2800.50"),
        ("€ 2.800,50", "2800.50"),
        ("€\u00a042.000", "42000"),
        ("2,800.50", "2800.50"),
        ("1.000.000", "1000000"),
        ("36,5", "36.5"),
        ("-100,00", "-100.00"),
        (36.5, "36.5"),
        (42000, "42000"),
    ],
)
def test_amounts_and_hours_are_read_in_dutch_and_english_notation(text: str | float, expected: str) -> None:
    assert normalise_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "12.34.56", "1,2,3,4"])
def test_unreadable_amounts_are_left_for_the_form_to_reject(text: str) -> None:
    assert normalise_decimal(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-12-2024", "2024-12-31"),
        ("2024-12-31", "2024-12-31"),
        ("1-2-1985", "1985-02-01"),
        ("31/12/2024", "2024-12-31"),
        ("2024-12-31 00:00:00", "2024-12-31"),
        ("15-06-85", "15-06-85"),
    ],
)
def test_dates_are_read_day_first_or_iso(text: str, expected: str) -> None:
    assert normalise_date(text) == expected


def test_column_names_are_accepted_in_dutch_or_english_in_any_case() -> None:
    header = ["Personeelsnummer", "first_name", "ACHTERNAAM", "Geboortedatum", "Datum in dienst", "datum-uit-dienst",
              "weekly_hours", "Jaarloon", "contract_type"]  # fmt: skip
    assert list(map_columns(header).values()) == [
        "personnel_number", "first_name", "last_name", "date_of_birth", "employment_start", "employment_end",
        "weekly_hours", "yearly_wage", "contract_type",
    ]  # fmt: skip


def test_missing_and_unknown_columns_are_named_in_one_dutch_message() -> None:
    with pytest.raises(ImportFileError) as raised:
        map_columns(["personeelsnummer", "voornaam", "achternaam", "geboortedatum", "datum_in_dienst", "uren_per_week",
                     "salaris", "contract"])  # fmt: skip
    assert raised.value.message == (
        "Deze kolom ontbreekt: jaarloon. Deze kolom is onbekend: salaris. De eerste rij moet de kolomnamen bevatten: "
        "personeelsnummer, voornaam, achternaam, geboortedatum, datum_in_dienst, datum_uit_dienst, uren_per_week, "
        "jaarloon, contract (datum_uit_dienst mag ontbreken)."
    )


def test_a_first_row_without_any_known_column_is_not_listed_back() -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    assert raised.value.message == (
        "In de eerste rij staan geen kolomnamen die wij kennen. De eerste rij moet de kolomnamen bevatten: "
        "personeelsnummer, voornaam, achternaam, geboortedatum, datum_in_dienst, datum_uit_dienst, uren_per_week, "
        "jaarloon, contract (datum_uit_dienst mag ontbreken)."
    )


def test_csv_with_bom_and_semicolons_keeps_the_row_numbers_of_the_file() -> None:
    content = b"\xef\xbb\xbf" + csv_bytes(
        HEADER,
        "1001;Anna;de Vries;15-06-1985;01-01-2020;36;42.000,00;vast",
        ";;;;;;;",
        "1002;Zoë;Bakker;1990-03-01;2021-02-01;24,5;€ 30.000;tijdelijk",
    )
    rows = parse_file(content=content)
    assert [row.row for row in rows] == [2, 4]
    assert rows[1].values["first_name"] == "Zoë"
    assert rows[1].values["weekly_hours"] == "24,5"


def test_windows_1252_csv_from_dutch_excel_is_read() -> None:
    content = csv_bytes(HEADER, "1001;Zoë;Çelik;15-06-1985;01-01-2020;36;42000;vast", encoding="cp1252")
    assert parse_file(content=content)[0].values["first_name"] == "Zoë"


def test_comma_separated_csv_is_recognised() -> None:
    content = csv_bytes(HEADER.replace(";", ","), '1001,Anna,Jansen,1985-06-15,2020-01-01,36,"42000,50",vast')
    assert parse_file(content=content)[0].values["yearly_wage"] == "42000,50"


def test_excel_separator_hint_line_is_not_a_row() -> None:
    content = csv_bytes("sep=;", HEADER, "1001;Anna;Jansen;1985-06-15;2020-01-01;36;42000;vast")
    assert [row.row for row in parse_file(content=content)] == [2]


def test_garbage_bytes_are_not_readable() -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=bytes(range(256)) * 10)
    assert raised.value.message == NOT_READABLE


def test_a_zip_that_is_no_workbook_is_not_readable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=buffer.getvalue())
    assert raised.value.message == NOT_READABLE


def test_old_xls_files_get_their_own_message() -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert raised.value.message == (
        "Oude Excel-bestanden (.xls) worden niet ondersteund. Sla het bestand op als .xlsx of als CSV."
    )


def test_a_file_over_two_megabytes_is_refused() -> None:
    content = csv_bytes(HEADER) + b"x" * (2 * 1024 * 1024)
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=content)
    assert raised.value.message == "Het bestand is groter dan 2 MB. Splits het bestand in kleinere delen."


def test_more_than_a_thousand_rows_are_refused() -> None:
    line = "1;A;B;1985-06-15;2020-01-01;36;42000;vast"
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=csv_bytes(HEADER, *[line] * 1001))
    assert raised.value.message == (
        "Het bestand bevat meer dan 1.000 werknemers. Splits het bestand in delen van hoogstens 1.000 rijen."
    )
    assert len(parse_file(content=csv_bytes(HEADER, *[line] * 1000))) == 1000


def test_a_header_without_rows_is_refused() -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=csv_bytes(HEADER))
    assert raised.value.message == "Het bestand bevat geen werknemers: er staan geen rijen onder de kolomnamen."


def test_an_xlsx_that_unpacks_to_far_more_than_its_size_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (51 * 1024 * 1024))
    assert len(buffer.getvalue()) < employee_import.MAX_FILE_BYTES
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=buffer.getvalue())
    assert raised.value.message == "Dit Excel-bestand is te groot om te lezen. Splits het bestand in kleinere delen."


def rewritten_xlsx(rows: list[list[Any]], rewrite: Callable[[str, bytes], bytes], add: dict[str, bytes]) -> bytes:
    """A workbook from openpyxl with its parts rewritten and parts added, compressed as far as zip goes."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows))) as source,
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for info in source.infolist():
            archive.writestr(info.filename, rewrite(info.filename, source.read(info)))
        for name, data in add.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SHARED_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def test_a_shared_strings_bomb_is_refused_quickly_with_a_dutch_message() -> None:
    # The probe's file: about 126 KB whose shared strings unpack to 49 MB, under the 50 MB cap of the whole archive.
    strings = b"<si><t>x</t></si>" * (49 * 1024 * 1024 // 17)
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + b"</sst>"

    def declare_shared_strings(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SHARED_STRINGS_TYPE + b'" />'
        return data.replace(b"</Types>", override + b"</Types>")

    bomb = rewritten_xlsx(
        [EXCEL_HEADER, ["1", "A", "B", "1985-06-15", "2020-01-01", 36, 42000, "vast"]],
        declare_shared_strings,
        {"xl/sharedStrings.xml": sst},
    )
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < employee_import.MAX_XLSX_UNPACKED_BYTES
    assert len(bomb) < 200 * 1024
    del strings, sst

    started = time.process_time()
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=bomb)
    # Generous: refusing takes milliseconds; reading the strings took 40-50 s.
    assert time.process_time() - started < 2
    assert raised.value.message == "Dit Excel-bestand is te groot om te lezen. Splits het bestand in kleinere delen."


def _sheet_rows(extra: bytes) -> Callable[[str, bytes], bytes]:
    """Append raw row elements to the first worksheet and drop its dimension (which openpyxl would trust)."""

    def rewrite(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        data = re.sub(rb"<dimension [^>]*/>", b"", data)
        return data.replace(b"</sheetData>", extra + b"</sheetData>")

    return rewrite


@pytest.mark.parametrize(
    "extra",
    [
        # Formatted empty rows: each is skipped as blank, so MAX_ROWS never counts them.
        b'<row ht="15" customHeight="1"/>' * (employee_import.MAX_XLSX_ROWS + 1),
        # Cells far to the right: openpyxl parses every one before MAX_COLUMNS cuts the row off.
        b"".join(b'<row r="%d">' % (n + 3) + b'<c t="n"><v>1</v></c>' * 2000 + b"</row>" for n in range(60)),
        # One row far down: openpyxl yields every empty row above it.
        b'<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row>',
    ],
    ids=["formatted-empty-rows", "cells-beyond-the-columns", "row-far-down"],
)
def test_rows_and_cells_far_beyond_an_employee_list_are_refused_quickly(extra: bytes) -> None:
    content = rewritten_xlsx(
        [EXCEL_HEADER, ["1", "A", "B", "1985-06-15", "2020-01-01", 36, 42000, "vast"]], _sheet_rows(extra), {}
    )
    assert len(content) < employee_import.MAX_FILE_BYTES

    started = time.process_time()
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=content)
    assert time.process_time() - started < 2
    assert raised.value.message == (
        "Dit Excel-bestand heeft te veel rijen of cellen om te lezen (ook lege, opgemaakte cellen tellen mee). "
        "Kopieer alleen de werknemers naar een nieuw bestand, of sla het bestand op als CSV."
    )


TOO_MANY_CELLS = (
    "Dit Excel-bestand heeft te veel rijen of cellen om te lezen (ook lege, opgemaakte cellen tellen mee). "
    "Kopieer alleen de werknemers naar een nieuw bestand, of sla het bestand op als CSV."
)
TOO_MANY_ELEMENTS = (
    "Dit Excel-bestand bevat naast de werknemers te veel andere gegevens om te lezen, zoals opmaak, werkbladen of "
    "teksten. Kopieer alleen de werknemers naar een nieuw bestand, of sla het bestand op als CSV."
)
ONE_EMPLOYEE = [EXCEL_HEADER, ["1", "A", "B", "1985-06-15", "2020-01-01", 36, 42000, "vast"]]


def _refused_quickly(content: bytes) -> str:
    """The Dutch message a workbook is refused with; refusing must take well under the 2 s allowed here."""
    assert len(content) < employee_import.MAX_FILE_BYTES
    started = time.process_time()
    with pytest.raises(ImportFileError) as raised:
        parse_file(content=content)
    # Generous: refusing takes milliseconds; letting openpyxl read these files took 2-13 s.
    assert time.process_time() - started < 2
    return raised.value.message


def test_a_styles_bomb_is_refused_quickly() -> None:
    # 400,000 cell formats in 2 MB of styles (the old cap of a part), 8 KB zipped: openpyxl took 13 s to read them.
    def many_formats(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        return re.sub(rb"<cellXfs[^>]*>", lambda match: match.group(0) + b"<xf/>" * 400_000, data, count=1)

    assert _refused_quickly(rewritten_xlsx(ONE_EMPLOYEE, many_formats, {})) == TOO_MANY_ELEMENTS


def test_shared_strings_up_to_the_part_size_are_refused_quickly() -> None:
    # Empty strings up to 2 MB, the old byte cap of a part: 4-5 s of openpyxl for an 8 KB file.
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si/>" * 400_000 + b"</sst>"

    def declare_shared_strings(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SHARED_STRINGS_TYPE + b'" />'
        return data.replace(b"</Types>", override + b"</Types>")

    content = rewritten_xlsx(ONE_EMPLOYEE, declare_shared_strings, {"xl/sharedStrings.xml": sst})
    assert _refused_quickly(content) == TOO_MANY_ELEMENTS


def _many_cells(count: int, prefix: bytes = b"") -> bytes:
    """Rows of 1,000 empty cells; `prefix` is a namespace prefix with its colon. openpyxl parses every cell of
    a row before MAX_COLUMNS cuts it off, and 1,000 to a row keeps the rows under MAX_XLSX_ROWS."""
    row = b"<%srow>%s</%srow>" % (prefix, b"<%sc/>" % prefix * 1000, prefix)
    return row * (count // 1000)


def test_cells_with_an_unusual_namespace_prefix_are_counted() -> None:
    # <é:c/> is a cell to openpyxl once é is bound to the spreadsheet namespace; 1.4 million took 5 s.
    def prefixed_cells(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        data = data.replace(b"<worksheet ", b"<worksheet xmlns:" + "é".encode() + b'="' + main + b'" ', 1)
        return data.replace(b"</sheetData>", _many_cells(1_400_000, "é:".encode()) + b"</sheetData>")

    assert _refused_quickly(rewritten_xlsx(ONE_EMPLOYEE, prefixed_cells, {})) == TOO_MANY_CELLS


def test_a_utf16_worksheet_is_counted() -> None:
    # A byte pattern finds no "<c" in UTF-16; 1.2 million cells (4 s) fit in the 10 MB of a worksheet.
    def utf16_sheet(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        data = data.replace(b"</sheetData>", _many_cells(1_200_000) + b"</sheetData>")
        return '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + data.decode().encode("utf-16-le")

    assert _refused_quickly(rewritten_xlsx(ONE_EMPLOYEE, utf16_sheet, {})) == TOO_MANY_CELLS


def test_a_worksheet_outside_the_worksheets_folder_is_counted() -> None:
    # The workbook's relationships can point a sheet anywhere; there it was only held to 2 MB (450,000 cells, 2 s).
    def moved_sheet(name: str, data: bytes) -> bytes:
        if name != "xl/_rels/workbook.xml.rels":
            return data
        return data.replace(b'Target="/xl/worksheets/sheet1.xml"', b'Target="/xl/data.bin"')

    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(ONE_EMPLOYEE))) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"</sheetData>", _many_cells(450_000) + b"</sheetData>")
    content = rewritten_xlsx(ONE_EMPLOYEE, moved_sheet, {"xl/data.bin": sheet})
    assert _refused_quickly(content) == TOO_MANY_CELLS


def test_a_document_type_with_entities_is_refused() -> None:
    # A real workbook has no DOCTYPE; its entities could expand to far more than the file ("billion laughs").
    def with_entities(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return doctype + data

    assert _refused_quickly(rewritten_xlsx(ONE_EMPLOYEE, with_entities, {})) == NOT_READABLE


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda data: data.replace(b"</sheetData>", b"<!--" + b"x" * 9_000_000 + b"--></sheetData>"),
        lambda data: b"<?xml version='1.0'" + b" " * 9_000_000 + b"?>" + data,
    ],
    ids=["comment", "xml-declaration"],
)
def test_one_huge_tag_or_comment_in_a_worksheet_is_refused_quickly(rewrite: Callable[[bytes], bytes]) -> None:
    # expat parses an unfinished token again for every 16 KB openpyxl feeds it: 4 s and 9 s for these 14 KB files.
    content = rewritten_xlsx(
        ONE_EMPLOYEE, lambda name, data: rewrite(data) if name == "xl/worksheets/sheet1.xml" else data, {}
    )
    assert _refused_quickly(content) == NOT_READABLE


def test_a_workbook_with_an_image_is_read() -> None:
    # Every part is tried as XML, whatever its name; one that is no XML is left after its first bytes.
    content = rewritten_xlsx(ONE_EMPLOYEE, lambda name, data: data, {"xl/media/image1.png": bytes(range(256)) * 40})
    assert [row.values["personnel_number"] for row in parse_file(content=content)] == ["1"]


def test_a_workbook_at_the_limits_of_an_employee_list_is_read() -> None:
    row = ["1", "A", "B", "1985-06-15", "2020-01-01", 36, 42000, "vast"]
    rows = [EXCEL_HEADER] + [[str(n), *row[1:]] for n in range(1, employee_import.MAX_ROWS + 1)]
    assert len(parse_file(content=xlsx_bytes(rows))) == employee_import.MAX_ROWS


def test_xlsx_date_and_number_cells_become_json_safe_values() -> None:
    content = xlsx_bytes(
        [
            EXCEL_HEADER,
            [1001, "Anna", "Jansen", dt.datetime(1985, 6, 15), dt.date(2020, 1, 1), 36.5, 42000.0, "Vast"],
        ]
    )
    (row,) = parse_file(content=content)
    assert row.values == {
        "personnel_number": 1001,
        "first_name": "Anna",
        "last_name": "Jansen",
        "date_of_birth": "1985-06-15",
        "employment_start": "2020-01-01",
        "weekly_hours": 36.5,
        "yearly_wage": 42000,
        "contract_type": "Vast",
    }
    assert ParsedRow.from_json(row.as_json()) == row


def _row(number: int, **values: Any) -> ParsedRow:
    base: dict[str, Any] = {
        "personnel_number": "1001",
        "first_name": "Anna",
        "last_name": "Jansen",
        "date_of_birth": "15-06-1985",
        "employment_start": "01-01-2020",
        "weekly_hours": "36",
        "yearly_wage": "42.000,00",
        "contract_type": "vast",
    }
    return ParsedRow(row=number, values={**base, **values})


def test_a_valid_row_is_cleaned_as_the_add_form_would() -> None:
    validation = validate_rows([_row(2, weekly_hours="24,5", contract_type="Tijdelijk")])
    assert validation.errors == []
    assert validation.rows[0].data == {
        "personnel_number": "1001",
        "first_name": "Anna",
        "last_name": "Jansen",
        "date_of_birth": dt.date(1985, 6, 15),
        "employment_start": dt.date(2020, 1, 1),
        "weekly_hours": Decimal("24.5"),
        "yearly_wage": Decimal("42000.00"),
        "contract_type": ContractType.TEMPORARY,
    }


def test_each_bad_field_is_an_error_with_row_dutch_label_and_message() -> None:
    validation = validate_rows(
        [_row(2), _row(3, personnel_number="1002", date_of_birth="31-02-1985", yearly_wage="", contract_type="flex")]
    )
    assert validation.rows == []
    assert validation.errors == [
        RowError(3, "Geboortedatum", "Voer een geldige datum in."),
        RowError(3, "Jaarloon (bruto, in euro)", "Dit veld is vereist."),
        RowError(3, "Soort contract", "Selecteer een geldige keuze. flex is geen beschikbare keuze."),
    ]


def test_every_employee_constraint_is_one_the_row_check_covers() -> None:
    # The row check skips Django's per-row constraint queries because clean() and the field validators
    # enforce these same rules (see test_model_rules_apply_as_in_the_add_form). A new constraint needs a
    # rule there too, or the import would only learn of it from the database at confirmation.
    assert {constraint.name for constraint in Employee._meta.constraints} == {
        "employee_unique_personnel_number",  # within the file: the double check; against the database: an update
        "employee_end_after_start",
        "employee_born_before_start",
        "employee_weekly_hours_range",
        "employee_yearly_wage_not_negative",
    }


def test_a_two_digit_year_is_not_a_date() -> None:
    errors = validate_rows([_row(2, employment_start="01-01-20")]).errors
    assert errors == [RowError(2, "Datum in dienst", "Voer een geldige datum in.")]


def test_model_rules_apply_as_in_the_add_form() -> None:
    # These tests run without database access: the rows are checked by clean() and the field validators,
    # which cover every CheckConstraint of Employee, not by one query per constraint.
    errors = validate_rows(
        [
            _row(2, date_of_birth="2021-01-01", weekly_hours="61"),
            _row(3, personnel_number="2", weekly_hours="0", yearly_wage="-1", employment_end="31-12-2019"),
        ]
    ).errors
    assert errors == [
        RowError(2, "Geboortedatum", "De geboortedatum moet vóór de datum in dienst liggen."),
        RowError(2, "Uren per week", "Het aantal uren per week is hoogstens 60."),
        RowError(3, "Datum uit dienst", "De datum uit dienst ligt vóór de datum in dienst."),
        RowError(3, "Uren per week", "Het aantal uren per week moet groter zijn dan 0."),
        RowError(3, "Jaarloon (bruto, in euro)", "Het jaarloon kan niet negatief zijn."),
    ]


def test_a_personnel_number_twice_in_the_file_is_an_error_on_both_rows() -> None:
    errors = validate_rows([_row(2), _row(3, personnel_number="1002"), _row(4)]).errors
    message = "Personeelsnummer 1001 staat meer dan eens in het bestand (rijen 2, 4)."
    assert errors == [RowError(2, "Personeelsnummer", message), RowError(4, "Personeelsnummer", message)]


def test_a_value_without_a_column_is_a_row_error() -> None:
    content = csv_bytes(HEADER.replace(";", ","), "1001,Anna,Jansen,1985-06-15,2020-01-01,36,42000,50,vast")
    errors = validate_rows(parse_file(content=content)).errors
    assert errors[0] == RowError(
        2,
        "",
        "Deze rij heeft meer waarden dan er kolommen zijn. Staat er een komma in een bedrag? "
        "Zet dan het bedrag tussen aanhalingstekens of gebruik ; als scheidingsteken.",
    )


# --------------------------------------------------------------------------------------------------
# The pages


@pytest.mark.django_db
def test_acceptance_one_bad_row_imports_nothing_and_names_row_and_field_in_dutch(
    client: Client, employer_user: User
) -> None:
    client.force_login(employer_user)
    content = csv_bytes(
        HEADER,
        "1001;Anna;de Vries;15-06-1985;01-01-2020;36;42.000,00;vast",
        "1002;Bram;Jansen;32-13-1990;01-02-2021;24;;tijdelijk",
        "1003;Chantal;Bakker;01-03-1992;01-03-2022;32;38000;vast",
    )
    response = upload(client, content)
    assert response.status_code == 200
    assert Employee.objects.count() == 0
    assert "employee_import" not in client.session
    assertContains(response, "Het bestand is niet geïmporteerd. Er is niets opgeslagen.")
    assertContains(response, "Er zijn 2 fouten gevonden; verbeter het bestand en upload het opnieuw.")
    assertContains(
        response,
        "<tr><th scope='row'>Rij 3</th><td>Geboortedatum</td><td>Voer een geldige datum in.</td></tr>",
        html=True,
    )
    assertContains(
        response,
        "<tr><th scope='row'>Rij 3</th><td>Jaarloon (bruto, in euro)</td><td>Dit veld is vereist.</td></tr>",
        html=True,
    )
    assert [(e.row, e.field) for e in response.context["errors"]] == [
        (3, "Geboortedatum"),
        (3, "Jaarloon (bruto, in euro)"),
    ]


@pytest.mark.django_db
def test_valid_csv_is_previewed_then_saved_on_confirmation(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    content = csv_bytes(
        HEADER + ";datum_uit_dienst",
        "1001;Anna;de Vries;15-06-1985;01-01-2020;36;42.000,50;vast;",
        "1002;Bram;Jansen;1990-02-01;2021-02-01;24,5;€ 30.000;tijdelijk;31-12-2026",
    )
    token = token_of(upload(client, content))
    assert Employee.objects.count() == 0

    preview = client.get(CONFIRM_URL, {"token": token})
    assert preview.status_code == 200
    assertContains(preview, "Er is nog niets opgeslagen.")
    assertContains(preview, "<td class='number'>€&nbsp;42.000,50</td>", html=True)
    assert [item["is_update"] for item in preview.context["rows"]] == [False, False]
    assertContains(preview, "<td>nieuw</td>", count=2, html=True)

    done = client.post(CONFIRM_URL, {"token": token})
    assert done.status_code == 302
    assert done["Location"] == "/werknemers/"
    assert messages_of(done) == ["De import is opgeslagen. Nieuw: 2, bijgewerkt: 0, ongewijzigd: 0."]
    anna, bram = Employee.objects.filter(employer=employer_user.employer).order_by("personnel_number")
    assert (anna.yearly_wage, anna.weekly_hours, anna.employment_end) == (Decimal("42000.50"), Decimal(36), None)
    assert (bram.weekly_hours, bram.contract_type, bram.employment_end) == (
        Decimal("24.5"),
        ContractType.TEMPORARY,
        dt.date(2026, 12, 31),
    )
    assert "employee_import" not in client.session


@pytest.mark.django_db
def test_xlsx_round_trip(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    content = xlsx_bytes(
        [
            [field for field in employee_import.DUTCH_COLUMNS if field != "employment_end"],
            [2001, "Anna", "Jansen", dt.datetime(1985, 6, 15), "01-01-2020", 36, 42000.5, "permanent"],
            ["2002", "Bram", "Bakker", dt.date(1990, 2, 1), dt.date(2021, 2, 1), "24,5", "€ 30.000,00", "temporary"],
        ]
    )
    token = token_of(upload(client, content, name="werknemers.xlsx"))
    assert client.get(CONFIRM_URL, {"token": token}).status_code == 200
    assert client.post(CONFIRM_URL, {"token": token}).status_code == 302
    saved = {e.personnel_number: e for e in Employee.objects.filter(employer=employer_user.employer)}
    assert saved["2001"].date_of_birth == dt.date(1985, 6, 15)
    assert saved["2001"].yearly_wage == Decimal("42000.50")
    assert saved["2002"].weekly_hours == Decimal("24.5")
    assert saved["2002"].contract_type == ContractType.TEMPORARY


@pytest.mark.django_db
def test_reimport_updates_an_existing_employee_and_keeps_what_the_file_lacks(
    client: Client, employer_user: User
) -> None:
    existing = EmployeeFactory(
        employer=employer_user.employer,
        personnel_number="1001",
        weekly_hours=Decimal(36),
        employment_end=dt.date(2027, 1, 1),
    )
    unchanged = EmployeeFactory(employer=employer_user.employer, personnel_number="1002")
    client.force_login(employer_user)
    content = csv_bytes(
        HEADER,
        f"1001;{existing.first_name};{existing.last_name};15-06-1985;01-01-2020;24;42000;vast",
        f"1002;{unchanged.first_name};{unchanged.last_name};15-06-1985;01-01-2020;36;42000;vast",
        "1003;Nieuw;Mens;01-01-1990;01-01-2024;20;25000;tijdelijk",
    )
    token = token_of(upload(client, content))
    preview = client.get(CONFIRM_URL, {"token": token})
    assert [item["is_update"] for item in preview.context["rows"]] == [True, True, False]
    assertContains(preview, "<td>wordt bijgewerkt</td>", count=2, html=True)

    done = client.post(CONFIRM_URL, {"token": token})
    assert messages_of(done) == ["De import is opgeslagen. Nieuw: 1, bijgewerkt: 1, ongewijzigd: 1."]
    existing.refresh_from_db()
    assert existing.weekly_hours == Decimal(24)
    assert existing.employment_end == dt.date(2027, 1, 1)
    assert Employee.objects.filter(employer=employer_user.employer).count() == 3
    update_rows = AuditLog.objects.filter(action=AuditAction.UPDATE, object_id=str(existing.pk))
    assert [row.changes for row in update_rows] == [{"weekly_hours": ["36.00", "24"]}]


@pytest.mark.django_db
def test_import_writes_an_audit_row_with_its_counts(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    token = token_of(upload(client, csv_bytes(HEADER, "1001;Anna;Jansen;15-06-1985;01-01-2020;36;42000;vast")))
    client.post(CONFIRM_URL, {"token": token})
    audit = AuditLog.objects.get(action=AuditAction.IMPORT)
    assert (audit.actor, audit.employer, audit.object_type) == (employer_user, employer_user.employer, "employee")
    counts = {name: audit.changes[name] for name in ("rows", "created", "updated", "unchanged")}
    assert counts == {"rows": 1, "created": 1, "updated": 0, "unchanged": 0}
    assert (audit.changes["source"], audit.changes["mode"]) == ("file", "partial")  # a partial roster sync
    created = Employee.objects.get()
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(created.pk), actor=employer_user).exists()


@pytest.mark.django_db
def test_a_row_the_service_refuses_at_confirmation_saves_nothing(client: Client, employer_user: User) -> None:
    # The file has no end-date column, so the existing end date stays; the new start date lies after it.
    EmployeeFactory(employer=employer_user.employer, personnel_number="1001", employment_end=dt.date(2021, 1, 1))
    client.force_login(employer_user)
    content = csv_bytes(
        HEADER,
        "1002;Nieuw;Mens;01-01-1990;01-01-2024;20;25000;tijdelijk",
        "1001;Anna;Jansen;15-06-1985;01-01-2022;36;42000;vast",
    )
    token = token_of(upload(client, content))
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 200
    assertContains(response, "Rij 3, datum uit dienst: De datum uit dienst ligt vóór de datum in dienst.")
    assert not Employee.objects.filter(personnel_number="1002").exists()
    assert Employee.objects.get(personnel_number="1001").employment_start == dt.date(2020, 1, 1)
    assert not AuditLog.objects.filter(action__in=[AuditAction.IMPORT, AuditAction.CREATE]).exists()


@pytest.mark.django_db
def test_duplicate_personnel_number_in_the_file_is_refused_on_the_page(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    content = csv_bytes(
        HEADER,
        "1001;Anna;Jansen;15-06-1985;01-01-2020;36;42000;vast",
        "1001;Bram;Bakker;15-06-1986;01-01-2021;36;42000;vast",
    )
    response = upload(client, content)
    message = "Personeelsnummer 1001 staat meer dan eens in het bestand (rijen 2, 3)."
    for row in (2, 3):
        assertContains(
            response,
            f"<tr><th scope='row'>Rij {row}</th><td>Personeelsnummer</td><td>{message}</td></tr>",
            html=True,
        )
    assert Employee.objects.count() == 0


@pytest.mark.django_db
def test_missing_column_is_named_on_the_page(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    content = csv_bytes(HEADER.replace(";jaarloon", ""), "1001;Anna;Jansen;15-06-1985;01-01-2020;36;vast")
    response = upload(client, content)
    assertContains(response, "Deze kolom ontbreekt: jaarloon.", count=2)  # summary and field
    assert Employee.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 10, NOT_READABLE),
        (b"x" * (2 * 1024 * 1024 + 1), "Het bestand is groter dan 2 MB. Splits het bestand in kleinere delen."),
        (b"PK\x03\x04 not really a zip", NOT_READABLE),
    ],
    ids=["garbage", "too-large", "broken-zip"],
)
def test_unreadable_or_oversized_file_gets_a_dutch_message(
    client: Client, employer_user: User, content: bytes, message: str
) -> None:
    client.force_login(employer_user)
    response = upload(client, content, name="werknemers.xlsx")
    assertContains(response, message)


@pytest.mark.django_db
def test_upload_without_a_file_asks_for_one(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    response = client.post(IMPORT_URL, {})
    assertContains(response, "Dit veld is vereist.")


@pytest.mark.django_db
def test_upload_page_is_a_multipart_form(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    response = client.get(IMPORT_URL)
    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, "Hoogstens 1.000 werknemers en 2 MB per bestand.")
    assertContains(response, '<input type="file" name="file"', count=1)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_token_sends_back_to_the_upload_page(client: Client, employer_user: User, method: str) -> None:
    client.force_login(employer_user)
    response = getattr(client, method)(CONFIRM_URL, {"token": "nope"})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert messages_of(response) == [
        "Deze import is verlopen of niet gevonden. Er is niets opgeslagen; upload het bestand opnieuw."
    ]


@pytest.mark.django_db
def test_a_token_cannot_be_used_twice(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    token = token_of(upload(client, csv_bytes(HEADER, "1001;Anna;Jansen;15-06-1985;01-01-2020;36;42000;vast")))
    client.post(CONFIRM_URL, {"token": token})
    again = client.post(CONFIRM_URL, {"token": token})
    assert again["Location"] == IMPORT_URL
    assert Employee.objects.count() == 1


@pytest.mark.django_db
def test_another_employers_user_cannot_confirm_someone_elses_token(
    client: Client, employer_user: User, other_employer_user: User
) -> None:
    client.force_login(employer_user)
    token = token_of(upload(client, csv_bytes(HEADER, "1001;Anna;Jansen;15-06-1985;01-01-2020;36;42000;vast")))
    intruder = Client()
    intruder.force_login(other_employer_user)
    assert intruder.get(CONFIRM_URL, {"token": token})["Location"] == IMPORT_URL
    response = intruder.post(CONFIRM_URL, {"token": token})
    assert response["Location"] == IMPORT_URL
    assert Employee.objects.count() == 0
    # The owner's pending import is untouched and still works.
    assert client.post(CONFIRM_URL, {"token": token}).status_code == 302
    assert list(Employee.objects.values_list("employer", flat=True)) == [employer_user.employer_id]


@pytest.mark.django_db
def test_a_session_of_another_employer_is_refused(
    client: Client, employer_user: User, other_employer_user: User
) -> None:
    # Even with the very session data in hand, the rows only go to the employer they were checked for.
    client.force_login(employer_user)
    token = token_of(upload(client, csv_bytes(HEADER, "1001;Anna;Jansen;15-06-1985;01-01-2020;36;42000;vast")))
    pending = client.session["employee_import"]
    intruder = Client()
    intruder.force_login(other_employer_user)
    session = intruder.session
    session["employee_import"] = pending
    session.save()
    assert intruder.post(CONFIRM_URL, {"token": token})["Location"] == IMPORT_URL
    assert Employee.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", [IMPORT_URL, CONFIRM_URL])
def test_import_pages_are_404_for_a_casemanager(
    client: Client, staff_login: Callable[[User], Any], make_user: Callable[..., User], url: str
) -> None:
    staff_login(make_user(Role.CASEMANAGER))
    assert client.get(url).status_code == 404
    assert client.post(url, {"token": "x"}).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_the_file_has_a_column_for_each_employee_field_in_the_same_order() -> None:
    assert tuple(employee_import.DUTCH_COLUMNS) == EMPLOYEE_FIELDS
    assert tuple(EmployeeForm.base_fields) == EMPLOYEE_FIELDS
