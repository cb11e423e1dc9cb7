"""Scoped reads of the service rhythm. Insurer staff see every contact, a casemanager the contacts
assigned to them, anyone else nothing (404): not yours == does not exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.rhythm.models import ContactState, ServiceContact
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

ALL_CONTACTS_ROLES = frozenset({Role.INSURER, Role.ADMIN})
PAGE_ROLES = ALL_CONTACTS_ROLES | {Role.CASEMANAGER}
# The staff page lists what is overdue and what is due within this many days.
DUE_WINDOW_DAYS = 14


def service_contact_scope(*, user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role in ALL_CONTACTS_ROLES:
        return Q()
    if user.role == Role.CASEMANAGER:
        return Q(casemanager=user)
    return Q(pk__in=[])


def _contacts(user: User) -> QuerySet[ServiceContact]:
    if user.role not in PAGE_ROLES:
        raise Http404
    return ServiceContact.objects.filter(service_contact_scope(user=user)).select_related(
        "employer", "policy", "casemanager", "done_by", "case__employee"
    )


@dataclass
class ContactRow:
    contact: ServiceContact
    status: str


@dataclass
class CasemanagerGroup:
    casemanager: User | None  # None: not assigned to anyone yet
    rows: list[ContactRow] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.status == "overdue")

    @property
    def due_soon(self) -> int:
        return sum(1 for row in self.rows if row.status == "due_soon")


def service_contacts_due(*, fetched_by: User, today: dt.date) -> list[CasemanagerGroup]:
    """Open contacts overdue or due within DUE_WINDOW_DAYS, per casemanager (by name), most urgent first;
    the unassigned ones last. One query, whatever the number of contacts."""
    contacts = (
        _contacts(fetched_by)
        .filter(state=ContactState.OPEN, due_date__lte=today + dt.timedelta(days=DUE_WINDOW_DAYS))
        .order_by("due_date", "employer__name", "pk")
    )
    groups: dict[Any, CasemanagerGroup] = {}
    for contact in contacts:
        group = groups.setdefault(contact.casemanager_id, CasemanagerGroup(casemanager=contact.casemanager))
        group.rows.append(ContactRow(contact=contact, status=contact.status_on(today, due_soon_days=DUE_WINDOW_DAYS)))
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="service_contact",
        changes={"count": sum(len(g.rows) for g in groups.values()), "window_days": DUE_WINDOW_DAYS},
    )
    return sorted(
        groups.values(),
        key=lambda g: (g.casemanager is None, (g.casemanager.get_full_name() if g.casemanager else "").lower()),
    )


def service_contact_get(*, fetched_by: User, contact_id: Any) -> ServiceContact:
    pk = as_uuid(contact_id)
    contact = _contacts(fetched_by).filter(pk=pk).first() if pk else None
    if contact is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="service_contact",
        object_id=contact.pk,
        employer=contact.employer,
    )
    return contact


def may_complete(*, user: User, contact: ServiceContact) -> bool:
    """Only the assigned casemanager records the contact, and only once."""
    return user.role == Role.CASEMANAGER and contact.casemanager_id == user.pk and contact.state == ContactState.OPEN
