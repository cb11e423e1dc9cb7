"""Scoped reads of the contact log (docs/domain.md §6 "Contact log"). Not yours == does not exist (404).

Who sees what (the roles that work on the case, within cases.absence.selectors.case_scope):

* the casemanager (of the case, or the employer's fixed casemanager) reads and writes the log;
* the occupational physician of the employer reads it, summaries included: the casemanager works on the case
  under the physician's final responsibility (taakdelegatie; docs/domain.md §6 "Contact log" has the sources), and
  the log holds nothing medical;
* insurer staff and the admin see that a contact took place (date, channel, with whom, follow-up), not what was
  said: they see figures, not contents (docs/domain.md §3);
* the employer user does not see the log at all: it holds what the employee told the casemanager.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get
from cases.contacts.models import ContactMoment
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

CONTACT_WRITE_ROLES = frozenset({Role.CASEMANAGER})
CONTACT_SUMMARY_ROLES = frozenset({Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})
CONTACT_READ_ROLES = CONTACT_SUMMARY_ROLES | {Role.INSURER, Role.ADMIN}
OBJECT_TYPE = "contact_moment"


@dataclass(frozen=True)
class ContactRow:
    contact: ContactMoment
    summary: str | None  # None for the roles that see only that the contact took place
    followup_status: str  # "" (no follow-up), "open", "overdue" or "done"


def followup_status(contact: ContactMoment, today: dt.date) -> str:
    if contact.followup_date is None:
        return ""
    if contact.followup_done_on is not None:
        return "done"
    return "overdue" if contact.followup_date < today else "open"


def contact_rows(*, fetched_by: User, case: AbsenceCase, today: dt.date) -> list[ContactRow]:
    """The contact log of a case the user already got through case_get, newest first; empty for the roles that do
    not see it. One query (and the audit row), whatever the number of contacts."""
    if fetched_by.role not in CONTACT_READ_ROLES:
        return []
    sees_summary = fetched_by.role in CONTACT_SUMMARY_ROLES
    queryset = case.contact_moments.select_related("recorded_by", "followup_done_by").order_by(
        "-contact_date", "-created_at"
    )
    if not sees_summary:
        queryset = queryset.defer("summary")  # what was said never leaves the database for them
    contacts = list(queryset)
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type=OBJECT_TYPE,
        object_id=case.pk,
        employer=case.employer,
        changes={"count": len(contacts), "summaries": sees_summary},
    )
    return [
        ContactRow(
            contact=contact,
            summary=contact.summary if sees_summary else None,
            followup_status=followup_status(contact, today),
        )
        for contact in contacts
    ]


def contact_case_get(*, fetched_by: User, case_id: Any, action: str) -> AbsenceCase:
    """The case a contact is logged on: the casemanager who may see it; every other role 404."""
    if fetched_by.role not in CONTACT_WRITE_ROLES:
        raise Http404
    return case_get(fetched_by=fetched_by, case_id=case_id, action=action)


def contact_get(*, fetched_by: User, case: AbsenceCase, contact_id: Any) -> ContactMoment:
    """A contact of a case the user already got through contact_case_get, or 404."""
    pk = as_uuid(contact_id)
    contact = case.contact_moments.filter(pk=pk).first() if pk else None
    if contact is None:
        raise Http404
    return contact


def followup_owner_id(*, case_casemanager_id: Any, recorded_by_id: Any) -> Any:
    """Whose to-do an open follow-up is: the case's casemanager, or the one who logged it when the case has none."""
    return case_casemanager_id or recorded_by_id
