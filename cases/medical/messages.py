"""The confidential thread between the employee and the occupational physician (issue 22 item 3), in the medical
compartment: reads, writes and the mail of a new message. Built on cases.messages.threads like the case thread,
with its own tables (PhysicianMessage, PhysicianMessageRead) that the Django admin does not register.

Its two parties only: the employee whose case it is (own_case_scope) and the occupational physician of the case's
employer (case_scope for that role). Everyone else gets a 404, the employer, the casemanager, insurer staff and
the admin included: what an employee tells their physician falls under the physician's professional secrecy
(KNMG-richtlijn Omgaan met medische gegevens; WGBO, BW 7:457) and is health data (AVG art. 9), so the employer's
side of the portal never reads it (Wet verbetering poortwachter; Besluit SUWI art. 2.1 limits what the employer
may record). Every read is audited; the mail of a new message holds only a link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get, own_case_get
from cases.medical.models import PhysicianMessage, PhysicianMessageRead
from cases.messages.threads import (
    Thread,
    thread_attachment_read,
    thread_mail_kind,
    thread_mark_read,
    thread_message_send,
    thread_queryset,
    thread_read,
)
from verzuim.models import Role, User

PHYSICIAN_THREAD = Thread(
    message_model=PhysicianMessage, read_model=PhysicianMessageRead, object_type="physician_message"
)
PHYSICIAN_MESSAGE = "physician_message"
PHYSICIAN_MESSAGE_EMPLOYEE = "physician_message_employee"


def physician_thread_case_get(*, fetched_by: User, case_id: Any, action: str = "physician_messages") -> AbsenceCase:
    """The case whose confidential thread the user is a party of, or 404 (every other role, the admin too)."""
    if fetched_by.role == Role.EMPLOYEE:
        return own_case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    if fetched_by.role == Role.OCCUPATIONAL_PHYSICIAN:
        return case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    raise Http404


def physician_message_list(*, fetched_by: User, case: AbsenceCase) -> list[PhysicianMessage]:
    return thread_read(PHYSICIAN_THREAD, case=case, reader=fetched_by)  # type: ignore[return-value]


def physician_message_queryset(*, case: AbsenceCase) -> QuerySet[PhysicianMessage]:
    return thread_queryset(PHYSICIAN_THREAD, case=case)


def physician_message_page_mark_read(*, fetched_by: User, case: AbsenceCase, messages: list[Any]) -> None:
    thread_mark_read(PHYSICIAN_THREAD, case=case, reader=fetched_by, messages=messages)


def physician_message_attachment_get(*, fetched_by: User, case_id: Any, message_id: Any) -> PhysicianMessage:
    case = physician_thread_case_get(fetched_by=fetched_by, case_id=case_id, action="physician_message_attachment")
    try:
        return thread_attachment_read(PHYSICIAN_THREAD, case=case, reader=fetched_by, message_id=message_id)  # type: ignore[return-value]
    except LookupError:
        raise Http404 from None


def _notify(case: AbsenceCase, author: User) -> list[tuple[str, str]]:
    """The other party: the employee's account(s) when the physician writes; the employer's physician when the
    employee does."""
    if author.role == Role.OCCUPATIONAL_PHYSICIAN:
        addresses = User.objects.filter(role=Role.EMPLOYEE, employee_id=case.employee_id, is_active=True).exclude(
            email=""
        )
        return [(PHYSICIAN_MESSAGE_EMPLOYEE, email) for email in addresses.values_list("email", flat=True)]
    if case.employer.occupational_physician_id is None:
        return []
    physician = (
        User.objects.filter(
            pk=case.employer.occupational_physician_id, role=Role.OCCUPATIONAL_PHYSICIAN, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .first()
    )
    return [(PHYSICIAN_MESSAGE, physician)] if physician else []


def physician_message_send(
    *, sent_by: User, case: AbsenceCase, text: str, upload: UploadedFile | None = None, now: dt.datetime | None = None
) -> PhysicianMessage:
    """A message in the confidential thread of a case the sender got through physician_thread_case_get."""
    return thread_message_send(  # type: ignore[return-value]
        PHYSICIAN_THREAD, case=case, author=sent_by, text=text, upload=upload, notify=_notify(case, sent_by), now=now
    )


# Registered on import (CasesConfig.ready imports this module with the medical mails).
thread_mail_kind(
    PHYSICIAN_THREAD,
    kind=PHYSICIAN_MESSAGE,
    url_name="case_physician_messages",
    label=gettext_lazy("Nieuw vertrouwelijk bericht (bedrijfsarts)"),
    confidential=True,
)
thread_mail_kind(
    PHYSICIAN_THREAD,
    kind=PHYSICIAN_MESSAGE_EMPLOYEE,
    url_name="my_case_physician_messages",
    label=gettext_lazy("Nieuw vertrouwelijk bericht (werknemer)"),
    confidential=True,
)
