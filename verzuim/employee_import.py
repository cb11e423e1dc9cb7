"""Reading an employee file (CSV or XLSX) and checking every row; it never writes to the database.

The flow is two steps: `parse_file` turns the upload into rows of plain, JSON-safe cell values (kept in
the session between the preview and the confirmation), and `validate_rows` checks those rows with the
same `EmployeeForm` as the add page, so a row is accepted on import exactly when it would be accepted
by hand. Row numbers are the ones the user sees in the file: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verzuim.forms import EmployeeForm
from verzuim.models import ContractType, Employee

MAX_FILE_BYTES = 2 * 1024 * 1024
# An MKB employer has at most 250 employees; a larger file is almost certainly the wrong file. Saving
# costs a few milliseconds per row (validation and an audit row each), so this also bounds the request.
MAX_ROWS = 1000
# An XLSX is a zip archive: refuse archives that unpack to far more than any real employee list
# (a small upload must not be able to fill the memory of the web process).
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
# A real workbook has a few dozen parts; each costs a zip entry to read and an XML parser to start.
MAX_XLSX_PARTS = 1000
# Unpacked size of a part as the archive declares it: a worksheet (by its usual name), any other part (an image).
MAX_XLSX_SHEET_BYTES = 10 * 1024 * 1024
MAX_XLSX_PART_BYTES = 2 * 1024 * 1024
# openpyxl parses the shared strings, the styles and every other XML part but the worksheets whole when it opens
# a workbook. Their cost is mostly in the elements, counted below, but even markup-free bytes cost it 60-100 ns
# each (2 MB of line breaks in the styles: 0.18 s). A real employee list has well under 500 KB in each of them.
MAX_XLSX_XML_PART_BYTES = 1024 * 1024
# Before openpyxl sees the workbook, every XML part in the archive (whatever its name) is parsed with the same
# parser openpyxl uses (expat) and its elements are counted by local name, for the whole archive:
# - row and cell elements, empty formatted ones included: blank rows are skipped without counting towards
#   MAX_ROWS, and openpyxl parses every cell of a row before MAX_COLUMNS cuts it off (about 4 us per cell);
MAX_XLSX_ROWS = 10 * MAX_ROWS
MAX_COLUMNS = 50
MAX_XLSX_CELLS = 2 * MAX_ROWS * MAX_COLUMNS
# - values, formulas and text (v, f, is, t): one or two per cell, cheap to read (about 1-2 us each);
MAX_XLSX_VALUES = 2 * MAX_XLSX_CELLS
# - shared strings (si, about 8 us each): at most one per distinct text; an employee list of MAX_ROWS rows
#   and 9 columns has at most 9,009, so this leaves room for the text of a second sheet;
MAX_XLSX_STRINGS = 20 * MAX_ROWS
# - sheets: openpyxl sets up every sheet the workbook names (about 0.2 ms each), even one it never reads;
MAX_XLSX_SHEETS = 500
# - every other element: styles, properties, relationships, names, rich text. These cost openpyxl 10-35 us
#   each (a cell format `<xf/>` about 22 us, a defined name up to 33 us); a workbook made in Excel or
#   LibreOffice has a few hundred (styles and theme), a few thousand with rich text or comments.
MAX_XLSX_OTHER_ELEMENTS = 10 * MAX_ROWS
# Beyond this many errors the page only says how many more there are.
MAX_ERRORS_SHOWN = 200

CellValue = str | int | float
RawRow = dict[str, CellValue]
# The rows of a file as (row number as the user sees it, cells); a generator so a file is read once.
Table = Generator[tuple[int, list[CellValue]], None, None]

# Column name in the file (lower case, spaces and hyphens as underscores) -> EmployeeForm field.
COLUMN_ALIASES: dict[str, str] = {
    "personeelsnummer": "personnel_number",
    "personnel_number": "personnel_number",
    "voornaam": "first_name",
    "first_name": "first_name",
    "achternaam": "last_name",
    "last_name": "last_name",
    "geboortedatum": "date_of_birth",
    "date_of_birth": "date_of_birth",
    "datum_in_dienst": "employment_start",
    "employment_start": "employment_start",
    "datum_uit_dienst": "employment_end",
    "employment_end": "employment_end",
    "uren_per_week": "weekly_hours",
    "weekly_hours": "weekly_hours",
    "jaarloon": "yearly_wage",
    "yearly_wage": "yearly_wage",
    "contract": "contract_type",
    "contract_type": "contract_type",
    "soort_contract": "contract_type",
}
# The Dutch column name for each field (verzuim.forms.EMPLOYEE_FIELDS, in its order), as the help text and the
# error messages name it.
DUTCH_COLUMNS: dict[str, str] = {
    "personnel_number": "personeelsnummer",
    "first_name": "voornaam",
    "last_name": "achternaam",
    "date_of_birth": "geboortedatum",
    "employment_start": "datum_in_dienst",
    "employment_end": "datum_uit_dienst",
    "weekly_hours": "uren_per_week",
    "yearly_wage": "jaarloon",
    "contract_type": "contract",
}
OPTIONAL_FIELDS = frozenset({"employment_end"})
DATE_FIELDS = frozenset({"date_of_birth", "employment_start", "employment_end"})
DECIMAL_FIELDS = frozenset({"weekly_hours", "yearly_wage"})
CONTRACT_ALIASES: dict[str, str] = {
    "vast": ContractType.PERMANENT,
    "permanent": ContractType.PERMANENT,
    "tijdelijk": ContractType.TEMPORARY,
    "temporary": ContractType.TEMPORARY,
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$", re.ASCII)
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", re.ASCII)
_CANONICAL_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_CURRENCY = re.compile(r"€|\beur\b", re.IGNORECASE)
# Which budget an element of an XLSX part counts towards, by local name (namespace left off); the rest is "other".
_XLSX_ELEMENT_KINDS: dict[str, str] = {
    "row": "rows",
    "c": "cells",
    "v": "values",
    "f": "values",
    "is": "values",
    "t": "values",
    "si": "strings",
    "sheet": "sheets",
}
# The expat in use (2.5) parses a token (a tag, a comment) again from its start for every piece of input that
# arrives before the token ends, and openpyxl feeds a worksheet in 16 KB pieces: one comment of 9 MB cost it
# 4 s, an XML declaration padded to 9 MB 9 s. So a part may run at most this far from one start tag to the next
# (checked as it is read, which can also end inside the next tag), which bounds every token; real workbooks stay
# far below it (a cell holds at most 32,767 characters).
MAX_XLSX_BYTES_BETWEEN_ELEMENTS = 256 * 1024
_XLSX_READ_CHUNK = 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` is Dutch and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # Dutch label of the field; empty when the error is about the whole row
    message: str


@dataclass(frozen=True)
class ParsedRow:
    """One data row: its row number in the file and its cells by field (only the columns in the file)."""

    row: int
    values: RawRow
    # A value stood in a cell without a column name: the delimiter probably also occurs inside a value.
    overflow: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "values": dict(self.values), "overflow": self.overflow}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedRow:
        return cls(row=int(data["row"]), values=dict(data["values"]), overflow=bool(data.get("overflow")))


@dataclass(frozen=True)
class ValidRow:
    row: int
    data: dict[str, Any]  # cleaned values of the columns present in the file, ready for the service


@dataclass(frozen=True)
class Validation:
    rows: list[ValidRow]
    errors: list[RowError]


# --------------------------------------------------------------------------------------------------
# Reading the file


def parse_file(*, content: bytes, size: int | None = None) -> list[ParsedRow]:
    """Rows of an uploaded CSV or XLSX file, recognised by its content (not its name)."""
    if (size if size is not None else len(content)) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Het bestand is groter dan %(max)s MB. Splits het bestand in kleinere delen.")
            % {"max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise ImportFileError(_("Het bestand is leeg."))
    table = _read_xlsx(content) if content.startswith(b"PK\x03\x04") else _read_csv(content)
    try:
        return _rows_from_table(table)
    finally:
        table.close()  # an XLSX workbook keeps its archive open until its rows are closed


def _not_readable() -> ImportFileError:
    return ImportFileError(
        _("Dit bestand kan niet worden gelezen. Upload een CSV-bestand of een Excel-bestand (.xlsx).")
    )


def _read_csv(content: bytes) -> Table:
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Oude Excel-bestanden (.xls) worden niet ondersteund. Sla het bestand op als .xlsx of als CSV.")
        )
    if b"\x00" in content:
        raise _not_readable()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Dutch Excel saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252, not UTF-8.
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise _not_readable() from None
    first = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    skip_first = False
    if re.fullmatch(r"sep=.", first.strip(), flags=re.IGNORECASE):
        # Excel's own hint line ("sep=;"); Excel hides it, so it does not count as a row.
        delimiter = first.strip()[-1]
        skip_first = True
    else:
        delimiter = max((";", ",", "\t"), key=first.count) if any(c in first for c in ";,\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _csv_records(reader, skip_first=skip_first)


def _csv_records(reader: Iterable[list[str]], *, skip_first: bool) -> Table:
    number = 0
    try:
        for record in reader:
            if skip_first:
                skip_first = False
                continue
            number += 1
            yield number, list(record)
    except csv.Error:
        raise _not_readable() from None


def _read_xlsx(content: bytes) -> Table:
    import openpyxl  # only needed for Excel uploads

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_xlsx_archive(archive)
    # Reading a part can also fail on a damaged, encrypted or exotically compressed archive.
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError):
        raise _not_readable() from None
    try:
        # keep_links=False: openpyxl would parse a link's part once for every reference to it in the workbook.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors on a broken file; all mean unreadable
        raise _not_readable() from None
    return _xlsx_records(workbook)


def _check_xlsx_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts or elements would cost far more to read than any real employee list.

    Every size is the one the archive declares; Python's zipfile never unpacks more than that (a part that
    holds more fails its CRC check), so a declared size is a bound, not a promise.
    """
    infos = archive.infolist()
    if len(infos) > MAX_XLSX_PARTS:
        raise _too_many_elements()
    if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED_BYTES:
        raise _too_large()
    sheets = {
        info.filename for info in infos if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    }
    for info in infos:
        if info.file_size > (MAX_XLSX_SHEET_BYTES if info.filename in sheets else MAX_XLSX_PART_BYTES):
            raise _too_large()
    counts = dict.fromkeys(("rows", "cells", "values", "strings", "sheets", "other"), 0)
    for info in infos:
        if not info.is_dir():
            max_bytes = MAX_XLSX_SHEET_BYTES if info.filename in sheets else MAX_XLSX_XML_PART_BYTES
            _count_xlsx_elements(archive, info, counts, max_bytes=max_bytes)


_XLSX_ELEMENT_LIMITS = {
    "rows": MAX_XLSX_ROWS,
    "cells": MAX_XLSX_CELLS,
    "values": MAX_XLSX_VALUES,
    "strings": MAX_XLSX_STRINGS,
    "sheets": MAX_XLSX_SHEETS,
    "other": MAX_XLSX_OTHER_ELEMENTS,
}


def _count_xlsx_elements(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, counts: dict[str, int], *, max_bytes: int
) -> None:
    """Add the elements of one part to `counts`, refusing the workbook as soon as one kind is over its limit
    or the part, if it is XML, is over `max_bytes`.

    Every part is tried, whatever its name: openpyxl finds the worksheets and the shared strings through the
    relationships and the content types, which a file can point anywhere. The parser is expat, the one
    openpyxl's ElementTree uses, with the same namespace handling and the same detection of the encoding
    (a UTF-16 part is counted as well), so it sees exactly the elements openpyxl will see. A part that is
    not XML (an image) fails on its first bytes; a part that breaks half-way is counted up to where it
    breaks, as far as openpyxl would read it too.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    last_start = 0  # byte offset of the last start tag in the part

    def start(name: str, attributes: object) -> None:
        nonlocal last_start
        kind = _XLSX_ELEMENT_KINDS.get(name.rpartition("}")[2], "other")
        counts[kind] += 1
        if counts[kind] > _XLSX_ELEMENT_LIMITS[kind]:
            raise _too_many_cells() if kind in ("rows", "cells", "values") else _too_many_elements()
        if parser.CurrentByteIndex - last_start > MAX_XLSX_BYTES_BETWEEN_ELEMENTS:
            raise _not_readable()
        last_start = parser.CurrentByteIndex

    def doctype(*args: object) -> None:
        # A workbook has no document type; one could declare entities that expand to far more than the file.
        raise _not_readable()

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    fed = 0
    with archive.open(info) as part:
        try:
            while chunk := part.read(_XLSX_READ_CHUNK):
                if fed + len(chunk) > max_bytes:
                    raise _too_large()  # only ever reached by a part whose first chunk parsed as XML
                parser.Parse(chunk, False)
                fed += len(chunk)
                # Also a token still open at the end of the input so far: stop before parsing it again and again.
                if fed - last_start > MAX_XLSX_BYTES_BETWEEN_ELEMENTS:
                    raise _not_readable()
            parser.Parse(b"", True)
        except expat.ExpatError:
            return


def _too_large() -> ImportFileError:
    return ImportFileError(_("Dit Excel-bestand is te groot om te lezen. Splits het bestand in kleinere delen."))


def _too_many_cells() -> ImportFileError:
    return ImportFileError(
        _(
            "Dit Excel-bestand heeft te veel rijen of cellen om te lezen (ook lege, opgemaakte cellen tellen mee). "
            "Kopieer alleen de werknemers naar een nieuw bestand, of sla het bestand op als CSV."
        )
    )


def _too_many_elements() -> ImportFileError:
    return ImportFileError(
        _(
            "Dit Excel-bestand bevat naast de werknemers te veel andere gegevens om te lezen, zoals opmaak, "
            "werkbladen of teksten. Kopieer alleen de werknemers naar een nieuw bestand, of sla het bestand op als CSV."
        )
    )


def _xlsx_records(workbook: Any) -> Table:
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # A row numbered far down (<row r="1048576">) makes openpyxl yield every empty row before it: stop early.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_XLSX_ROWS + 1)
        for number, cells in enumerate(rows, start=1):
            if number > MAX_XLSX_ROWS:
                raise _too_many_cells()
            yield number, [_xlsx_cell(value) for value in cells]
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - a sheet that breaks half-way is as unreadable as one that does not open
        raise _not_readable() from None
    finally:
        workbook.close()


def _xlsx_cell(value: Any) -> CellValue:
    """A spreadsheet cell as a JSON-safe value: dates as ISO text, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value).strip()


def _rows_from_table(table: Table) -> list[ParsedRow]:
    header: list[CellValue] | None = None
    columns: dict[int, str] = {}
    rows: list[ParsedRow] = []
    for number, cells in table:
        if header is None:
            if all(_is_blank(cell) for cell in cells):
                continue
            header = cells
            columns = map_columns(cells)
            continue
        if all(_is_blank(cell) for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _(
                    "Het bestand bevat meer dan %(max)s werknemers. "
                    "Splits het bestand in delen van hoogstens %(max)s rijen."
                )
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        values: RawRow = dict.fromkeys(columns.values(), "")
        overflow = False
        for index, cell in enumerate(cells):
            if index in columns:
                values[columns[index]] = cell.strip() if isinstance(cell, str) else cell
            elif not _is_blank(cell):
                overflow = True
        rows.append(ParsedRow(row=number, values=values, overflow=overflow))
    if header is None:
        raise ImportFileError(_("Het bestand is leeg."))
    if not rows:
        raise ImportFileError(_("Het bestand bevat geen werknemers: er staan geen rijen onder de kolomnamen."))
    return rows


def _is_blank(cell: CellValue) -> bool:
    return isinstance(cell, str) and not cell.strip()


def normalise_column_name(name: CellValue) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def map_columns(header: list[CellValue]) -> dict[int, str]:
    """Column index -> form field; raises one Dutch error naming every unknown, doubled or missing column."""
    columns: dict[int, str] = {}
    unknown: list[str] = []
    doubled: list[str] = []
    for index, name in enumerate(header):
        key = normalise_column_name(name)
        if not key:
            continue
        field = COLUMN_ALIASES.get(key)
        if field is None:
            unknown.append(str(name).strip()[:40])
        elif field in columns.values():
            doubled.append(str(name).strip())
        else:
            columns[index] = field
    expected = _("De eerste rij moet de kolomnamen bevatten: %(names)s (datum_uit_dienst mag ontbreken).") % {
        "names": ", ".join(DUTCH_COLUMNS.values())
    }
    if not columns:
        # Not a single known column: the wrong file, or no header row at all; listing its first row helps nobody.
        raise ImportFileError(_("In de eerste rij staan geen kolomnamen die wij kennen.") + " " + expected)
    missing = [DUTCH_COLUMNS[f] for f in DUTCH_COLUMNS if f not in OPTIONAL_FIELDS and f not in columns.values()]
    problems: list[str] = []
    if missing:
        problems.append(
            ngettext("Deze kolom ontbreekt: %(names)s.", "Deze kolommen ontbreken: %(names)s.", len(missing))
            % {"names": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            ngettext("Deze kolom is onbekend: %(names)s.", "Deze kolommen zijn onbekend: %(names)s.", len(unknown))
            % {"names": ", ".join(unknown)}
        )
    if doubled:
        problems.append(
            ngettext(
                "Deze kolom staat er twee keer in: %(names)s.",
                "Deze kolommen staan er twee keer in: %(names)s.",
                len(doubled),
            )
            % {"names": ", ".join(doubled)}
        )
    if problems:
        raise ImportFileError(" ".join([*problems, expected]))
    return columns


# --------------------------------------------------------------------------------------------------
# Normalising cell values to what EmployeeForm accepts


def normalise_decimal(value: CellValue) -> str:
    """Amounts and hours as "2800.50": accepts 2800,50 / 2.800,50 / 2800.50 / 2,800.50 / € 2.800,50.

    A single separator followed by exactly three digits ("2.800", "2,800") is read as a thousands
    separator: three decimals are never valid for hours or wages, so that is the only useful reading.
    Anything else unrecognisable is returned as it is, for the form to reject.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return str(Decimal(str(value)))
    text = _CURRENCY.sub("", value)
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    sign = ""
    if text.startswith(("-", "+")):
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        grouping = "," if decimal_mark == "." else "."
        whole, _sep, fraction = text.rpartition(decimal_mark)
        if not _grouped(whole, grouping):
            return value
        text = f"{whole.replace(grouping, '')}.{fraction}"
    elif "," in text or "." in text:
        mark = "," if "," in text else "."
        if text.count(mark) > 1 or re.fullmatch(rf"\d{{1,3}}\{mark}\d{{3}}", text):
            if not _grouped(text, mark):
                return value
            text = text.replace(mark, "")
        else:
            text = text.replace(mark, ".")
    try:
        Decimal(f"{sign}{text}")
    except InvalidOperation:
        return value
    return f"{sign}{text}"


def _as_form_input(normalised: str) -> str:
    """A normalised "2800.50" as EmployeeForm reads it ("2800,50", verzuim.numbers); anything else unchanged, for
    the form to refuse with its message."""
    return normalised.replace(".", ",") if _CANONICAL_DECIMAL.fullmatch(normalised) else normalised


def _grouped(whole: str, separator: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(\{separator}\d{{3}})*", whole) is not None


def normalise_date(value: CellValue) -> str:
    """Dates as YYYY-MM-DD from "2024-12-31" or "31-12-2024" (also with / or .); anything else unchanged."""
    text = str(value).strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return text
    return f"{year}-{int(month):02d}-{int(day):02d}"


def normalise_contract(value: CellValue) -> str:
    text = str(value).strip()
    return CONTRACT_ALIASES.get(text.lower(), text)


def normalise_row(values: RawRow) -> dict[str, str]:
    """The form data of one row; every field of the form is present (a missing optional column is empty)."""
    data: dict[str, str] = {}
    for field in DUTCH_COLUMNS:
        value = values.get(field, "")
        if field in DECIMAL_FIELDS:
            data[field] = _as_form_input(normalise_decimal(value)) if value != "" else ""
        elif field in DATE_FIELDS:
            data[field] = normalise_date(value)
        elif field == "contract_type":
            data[field] = normalise_contract(value)
        else:
            data[field] = str(value).strip()
    return data


# --------------------------------------------------------------------------------------------------
# Checking the rows


def _employee_without_constraint_queries() -> Employee:
    """An unsaved Employee whose full_clean() skips the CheckConstraints.

    Django checks each CheckConstraint with a database query of its own: four per row, most of the time
    of a large import. The model's clean() and field validators already enforce the same rules, with the
    Dutch messages (services._employee_validate relies on that too), and the database still enforces
    the constraints on save. Everything else of EmployeeForm's validation runs unchanged.
    """
    employee = Employee()
    employee.validate_constraints = lambda exclude=None: None  # type: ignore[method-assign]
    return employee


def validate_rows(rows: list[ParsedRow]) -> Validation:
    """Check every row with EmployeeForm and personnel numbers for doubles within the file."""
    valid: list[ValidRow] = []
    errors: list[RowError] = []
    labels = {name: str(field.label) for name, field in EmployeeForm.base_fields.items()}
    order = list(EmployeeForm.base_fields)
    rows_by_number: dict[str, list[int]] = defaultdict(list)
    for parsed in rows:
        row_errors: list[RowError] = []
        if parsed.overflow:
            row_errors.append(
                RowError(
                    parsed.row,
                    "",
                    _(
                        "Deze rij heeft meer waarden dan er kolommen zijn. Staat er een komma in een bedrag? "
                        "Zet dan het bedrag tussen aanhalingstekens of gebruik ; als scheidingsteken."
                    ),
                )
            )
        data = normalise_row(parsed.values)
        if data["personnel_number"]:
            rows_by_number[data["personnel_number"]].append(parsed.row)
        form = EmployeeForm(data=data, instance=_employee_without_constraint_queries())
        if not form.is_valid():
            for field, messages in sorted(
                form.errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
            ):
                label = labels.get(field, "")
                row_errors.extend(RowError(parsed.row, label, str(message)) for message in messages)
        if row_errors:
            errors.extend(row_errors)
        else:
            present = {k: v for k, v in form.cleaned_data.items() if k in parsed.values}
            valid.append(ValidRow(row=parsed.row, data=present))
    for number, row_numbers in rows_by_number.items():
        if len(row_numbers) > 1:
            message = _("Personeelsnummer %(number)s staat meer dan eens in het bestand (rijen %(rows)s).") % {
                "number": number,
                "rows": ", ".join(str(n) for n in row_numbers),
            }
            errors.extend(RowError(n, labels["personnel_number"], message) for n in row_numbers)
    errors.sort(key=lambda error: error.row)
    return Validation(rows=valid if not errors else [], errors=errors)
