"""The audit rows about an employee, and how the employee reads them (issue 22 item 4: "who read my dossier").

The rows about an employee are those on their employee record, on their absence cases and on the re-integration
documents, income conversations, contact log entries and spreekuren of those cases (verzuim.audit). Each is
told in plain Dutch: who (role and name; "U" for the employee themselves, "Het portaal (automatisch)" for a job
without a person), what, and when (Europe/Amsterdam). A row of a kind the table below does not know is told
from the action and the kind of data, never left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.absence.models import AbsenceCase
from cases.contacts.models import ContactMoment
from cases.documents.models import ReintegrationDocument
from cases.income.models import IncomeConversation
from cases.medical.models import Consultation
from cases.privacy.models import CorrectionRequest, DataExport
from verzuim.models import AuditAction, AuditLog, Employee, Role, User

# What was done to which kind of data, as the end of the sentence "<who> <phrase> op <day> om <time>".
PHRASES: dict[tuple[str, str], Any] = {
    ("absence_case", AuditAction.READ): _lazy("bekeek uw verzuimdossier"),
    ("absence_case", AuditAction.LIST): _lazy("bekeek een overzicht met uw verzuimdossier"),
    ("absence_case", AuditAction.CREATE): _lazy("legde uw verzuimdossier aan"),
    ("absence_case", AuditAction.UPDATE): _lazy("wijzigde uw verzuimdossier"),
    ("employee", AuditAction.READ): _lazy("bekeek uw personeelsgegevens"),
    ("employee", AuditAction.CREATE): _lazy("legde uw personeelsgegevens vast"),
    ("employee", AuditAction.UPDATE): _lazy("wijzigde uw personeelsgegevens"),
    ("employee", AuditAction.IMPORT): _lazy("importeerde uw personeelsgegevens"),
    ("reintegration_document", AuditAction.READ): _lazy("bekeek een re-integratiedocument"),
    ("reintegration_document", AuditAction.CREATE): _lazy("maakte een re-integratiedocument"),
    ("reintegration_document", AuditAction.UPDATE): _lazy("wijzigde een re-integratiedocument"),
    ("income_conversation", AuditAction.READ): _lazy("bekeek het gesprek over uw inkomensgevolgen"),
    ("income_conversation", AuditAction.CREATE): _lazy("legde het gesprek over uw inkomensgevolgen vast"),
    ("contact_moment", AuditAction.READ): _lazy("bekeek een contactmoment over u"),
    ("contact_moment", AuditAction.CREATE): _lazy("legde een contactmoment over u vast"),
    ("contact_moment", AuditAction.UPDATE): _lazy("wijzigde een contactmoment over u"),
    ("consultation", AuditAction.READ): _lazy("bekeek een spreekuur"),
    ("consultation", AuditAction.CREATE): _lazy("plande een spreekuur"),
    ("consultation", AuditAction.UPDATE): _lazy("wijzigde een spreekuur"),
    ("data_export", AuditAction.CREATE): _lazy("vroeg een kopie van uw gegevens aan"),
    ("data_export", AuditAction.UPDATE): _lazy("maakte een kopie van uw gegevens"),
    ("data_export", AuditAction.READ): _lazy("downloadde een kopie van uw gegevens"),
    ("correction_request", AuditAction.CREATE): _lazy("vroeg om een correctie"),
    ("correction_request", AuditAction.READ): _lazy("bekeek uw verzoek om correctie"),
    ("correction_request", AuditAction.UPDATE): _lazy("beantwoordde uw verzoek om correctie"),
}
# A read of the case names the part of the dossier that was opened (the selectors' `view`): said so when known.
VIEW_PHRASES: dict[str, Any] = {
    "medical_notes": _lazy("bekeek uw medisch dossier"),
    "functional_assessments": _lazy("bekeek uw functionele mogelijkheden (medisch dossier)"),
    "reintegration_report_pdf": _lazy("downloadde uw re-integratieverslag"),
    "week42_worksheet_pdf": _lazy("downloadde het werkblad voor de 42e-weeksmelding"),
    "steps": _lazy("bekeek de stappen van uw verzuim"),
    "documents": _lazy("bekeek uw re-integratiedocumenten"),
    "contacts": _lazy("bekeek de contactmomenten over u"),
    "advice": _lazy("bekeek de adviezen over uw werk"),
    "income_conversation": _lazy("bekeek het gesprek over uw inkomensgevolgen"),
    "income_handout": _lazy("downloadde het overzicht van uw inkomensgevolgen"),
}
KIND_NAMES: dict[str, Any] = {
    "absence_case": _lazy("uw verzuimdossier"),
    "employee": _lazy("uw personeelsgegevens"),
    "reintegration_document": _lazy("een re-integratiedocument"),
    "income_conversation": _lazy("uw inkomensgevolgen"),
    "contact_moment": _lazy("een contactmoment"),
    "consultation": _lazy("een spreekuur"),
    "data_export": _lazy("een kopie van uw gegevens"),
    "correction_request": _lazy("een verzoek om correctie"),
    "my_data": _lazy("Mijn gegevens"),
}
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime
    who: str
    what: str
    sentence: str


def audit_about(employee: Employee) -> QuerySet[AuditLog]:
    """The audit rows about the employee, newest first, each with its actor. The case-bound objects are matched by
    subqueries, so this is one query whatever the number of cases and documents."""
    cases = AbsenceCase.objects.filter(employee=employee)

    # object_id is text: the primary keys are compared in their text form. Every branch is an indexed lookup on
    # (object_type, object_id), never a scan of the changes.
    def text_ids(rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.annotate(text_id=Cast("pk", CharField())).values("text_id")

    on_cases = {"case__in": cases}
    condition = (
        Q(object_type="employee", object_id=str(employee.pk))
        | Q(object_type="absence_case", object_id__in=text_ids(cases))
        | Q(
            object_type="reintegration_document",
            object_id__in=text_ids(ReintegrationDocument.objects.filter(**on_cases)),
        )
        | Q(object_type="income_conversation", object_id__in=text_ids(IncomeConversation.objects.filter(**on_cases)))
        | Q(object_type="contact_moment", object_id__in=text_ids(ContactMoment.objects.filter(**on_cases)))
        | Q(object_type="consultation", object_id__in=text_ids(Consultation.objects.filter(**on_cases)))
        | Q(object_type="data_export", object_id__in=text_ids(DataExport.objects.filter(employee=employee)))
        | Q(
            object_type="correction_request",
            object_id__in=text_ids(CorrectionRequest.objects.filter(employee=employee)),
        )
    )
    return AuditLog.objects.filter(condition).select_related("actor").order_by("-at", "-id")


def _initials_name(full_name: str) -> str:
    """'Jan Jansen' as 'J. Jansen'; 'Anna van der Berg' as 'A. van der Berg'; one word stays as it is."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0][0]}. {' '.join(parts[1:])}"


def _who(row: AuditLog, employee: Employee) -> str:
    actor: User | None = row.actor
    if actor is None:
        return _("Het portaal (automatisch)")
    if actor.role == Role.EMPLOYEE and actor.employee_id == employee.pk:
        return _("U")
    name = _initials_name(actor.full_name) if actor.full_name else _("(naam onbekend)")
    return f"{Role(actor.role).label} {name}" if actor.role in Role.values else name


def _what(row: AuditLog) -> str:
    view = row.changes.get("view") if isinstance(row.changes, dict) else None
    if row.object_type == "absence_case" and row.action == AuditAction.READ and view in VIEW_PHRASES:
        return str(VIEW_PHRASES[view])
    phrase = PHRASES.get((row.object_type, row.action))
    if phrase is not None:
        return str(phrase)
    kind = KIND_NAMES.get(row.object_type, _("gegevens over u"))
    action = dict(AuditAction.choices).get(row.action, row.action)
    return _("%(kind)s: %(action)s") % {"kind": kind, "action": action}


def audit_line(row: AuditLog, employee: Employee) -> AuditLine:
    local = timezone.localtime(row.at)
    who, what = _who(row, employee), _what(row)
    if (row.object_type, row.action) not in PHRASES:
        sentence = _("%(what)s door %(who)s op %(day)s om %(time)s")
    else:
        sentence = _("%(who)s %(what)s op %(day)s om %(time)s")
    sentence = sentence % {
        "who": who,
        "what": what,
        "day": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }
    return AuditLine(at=row.at, who=who, what=what, sentence=sentence[:1].upper() + sentence[1:])


def audit_lines(employee: Employee, rows: Iterable[AuditLog]) -> list[AuditLine]:
    return [audit_line(row, employee) for row in rows]
