"""Who reads the conversation of a case (issue 22 item 3), and the reads themselves.

The parties are the employee (their own case, cases.absence.selectors.own_case_scope), the employer users of the
case's employer and the casemanagers who see the case (case_scope). Every other role (the occupational physician,
insurer staff, the admin, the complaint handler) gets a 404: the conversation is the working contact of the three
parties, not part of the dossier others review. Each read is audited (cases.messages.threads.thread_mark_read).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get, own_case_get
from cases.messages.models import CaseMessage, CaseMessageRead
from cases.messages.threads import (
    Thread,
    thread_attachment_read,
    thread_mark_read,
    thread_message_get,
    thread_queryset,
    thread_read,
)
from verzuim.models import Role, User

CASE_THREAD = Thread(
    message_model=CaseMessage, read_model=CaseMessageRead, object_type="case_message", related=("followup",)
)
# The roles that take part in the conversation besides the employee; case_scope decides which cases.
STAFF_PARTY_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})


def message_case_get(*, fetched_by: User, case_id: Any, action: str = "messages") -> AbsenceCase:
    """The case whose conversation the user takes part in, or 404; records the read of the case."""
    if fetched_by.role == Role.EMPLOYEE:
        return own_case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    if fetched_by.role in STAFF_PARTY_ROLES:
        return case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    raise Http404


def message_list(*, fetched_by: User, case: AbsenceCase) -> list[CaseMessage]:
    """The conversation of a case the user got through message_case_get, oldest first, marked read for them."""
    return thread_read(CASE_THREAD, case=case, reader=fetched_by)  # type: ignore[return-value]


def message_queryset(*, case: AbsenceCase) -> QuerySet[CaseMessage]:
    """As message_list, unordered and unevaluated (the API pages it and marks the page read)."""
    return thread_queryset(CASE_THREAD, case=case)


def message_page_mark_read(*, fetched_by: User, case: AbsenceCase, messages: list[CaseMessage]) -> None:
    thread_mark_read(CASE_THREAD, case=case, reader=fetched_by, messages=messages)


def message_get(*, case: AbsenceCase, message_id: Any) -> CaseMessage:
    """A message of a case the user got through message_case_get, or 404."""
    try:
        return thread_message_get(CASE_THREAD, case=case, message_id=message_id)  # type: ignore[return-value]
    except LookupError:
        raise Http404 from None


def message_attachment_get(*, fetched_by: User, case_id: Any, message_id: Any) -> CaseMessage:
    """A message's PDF for a party of the case's conversation, or 404; audited."""
    case = message_case_get(fetched_by=fetched_by, case_id=case_id, action="message_attachment")
    try:
        return thread_attachment_read(CASE_THREAD, case=case, reader=fetched_by, message_id=message_id)  # type: ignore[return-value]
    except LookupError:
        raise Http404 from None


def notify_addresses(*, case: AbsenceCase, author: User) -> list[tuple[str, str]]:
    """Who hears of a new message, as (mail kind, address): the other parties with an active account and an
    address. The employee's link goes to Mijn verzuim, the others' to the dossier."""
    from cases.messages.mails import CASE_MESSAGE, CASE_MESSAGE_EMPLOYEE

    casemanager_ids = {case.casemanager_id, case.employer.casemanager_id} - {None}
    users = (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.EMPLOYEE, employee_id=case.employee_id)
            | Q(role=Role.EMPLOYER, employer_id=case.employer_id)
            | Q(role=Role.CASEMANAGER, pk__in=casemanager_ids)
        )
        .exclude(pk=author.pk)
        .exclude(email="")
        .order_by("pk")
        .values_list("role", "email")
    )
    return [(CASE_MESSAGE_EMPLOYEE if role == Role.EMPLOYEE else CASE_MESSAGE, email) for role, email in users]
