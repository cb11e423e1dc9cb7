"""An employee's data export as files: the JSON (stable English keys, values as stored, ISO dates) and the PDF
(Dutch, rendered by WeasyPrint through verzuim.pdf), both from the registered export sections (verzuim.plugins)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from verzuim import numbers
from verzuim.models import Employee
from verzuim.pdf import render_document
from verzuim.plugins import ExportSection, export_sections_for

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The version of the JSON's layout: raised when a key changes meaning or disappears (adding a section does not).
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ExportFiles:
    json: bytes
    pdf: bytes


@dataclass(frozen=True)
class ShownField:
    label: str
    text: str
    rows: list[list[ShownField]]  # a list of records (periods, signatures): each a list of fields


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    note: str
    records: list[list[ShownField]]


def _text(value: Any, key: str, section: ExportSection) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "d-m-Y H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "d-m-Y")
    if isinstance(value, Decimal):
        return numbers.format_number(value, 2, whole_without_decimals=True)
    if isinstance(value, dict):
        parts = (f"{section.labels.get(name, name)}: {_text(item, name, section)}" for name, item in value.items())
        return "; ".join(parts)
    if isinstance(value, list):
        return "; ".join(_text(item, key, section) for item in value)
    text = str(value)
    if ISO_DATE.fullmatch(text):  # a date inside stored JSON (a plan's activities)
        try:
            return formats.date_format(dt.date.fromisoformat(text), "d-m-Y")
        except ValueError:
            return text
    return section.choices.get(key, {}).get(text, text)


def _fields(record: dict[str, Any], section: ExportSection) -> list[ShownField]:
    fields = []
    for key, value in record.items():
        label = section.labels.get(key, key)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            fields.append(ShownField(label=label, text="", rows=[_fields(item, section) for item in value]))
        else:
            fields.append(ShownField(label=label, text=_text(value, key, section), rows=[]))
    return fields


def export_json(employee: Employee, sections: list[ExportSection], generated_at: dt.datetime) -> bytes:
    data = {
        "format": "verzuimportaal-data-export",
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at,
        "employee_id": employee.pk,
        "sections": {
            section.key: {"title": section.title, "note": section.note, "records": section.records}
            for section in sections
        },
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def export_files(employee: Employee, generated_at: dt.datetime | None = None) -> ExportFiles:
    """The JSON and the PDF of everything the registered sections hold about the employee."""
    generated_at = generated_at or timezone.now()
    sections = export_sections_for(employee)
    shown = [
        ShownSection(
            key=section.key,
            title=section.title,
            note=section.note,
            records=[_fields(record, section) for record in section.records],
        )
        for section in sections
    ]
    rendered = render_document(
        template_name="pdf/data_export.html",
        context={
            "employee": employee,
            "generated_on": formats.date_format(timezone.localtime(generated_at), "j F Y"),
            "sections": shown,
        },
    )
    return ExportFiles(json=export_json(employee, sections, generated_at), pdf=rendered.pdf)
