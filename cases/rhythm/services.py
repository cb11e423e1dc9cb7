"""The MKB-VOV service rhythm (docs/domain.md §6): create each scheduled contact exactly once, complete it.

Contacts are created from three places that may overlap: a new policy (premiums.services.policy_create, on commit),
a case closed by full recovery (cases.absence.signals.case_closed) and a daily sweep that creates whatever those
missed (a worker or a receiver that was down). The unique constraints of ServiceContact make all three safe to run
any number of times.

This app knows no policy: the contacts that follow from policies (welcome call, prevention check) are made by
premiums.service_contacts, which registers its sweep parts here (`@contact_source`) and calls
`service_contact_welcome_call_create` for a new policy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase, CaseStatus, CloseReason
from cases.rhythm.models import ContactKind, ContactState, ServiceContact
from verzuim.audit import audit_record
from verzuim.errors import StateConflict
from verzuim.models import AuditAction, AuditLog, Employer, Role, User

logger = logging.getLogger(__name__)

# docs/domain.md §6: the welcome call within 4 weeks of the policy start.
WELCOME_CALL_DAYS = 28
# The prevention check is due 3 months into each policy year: the employer has settled in after the renewal
# (premium and policy news come at the start of the year) and 9 months are left to act on the advice before
# the next check looks at it again.
PREVENTION_CHECK_MONTHS = 3
# docs/domain.md §6: relapse prevention 6 months after full recovery, when the case lasted more than 3 months.
RELAPSE_CONTACT_MONTHS = 6
LONG_CASE_MONTHS = 3
# The sweep creates a missed welcome call or relapse contact only while its due date is at most this far
# behind: it repairs an outage, but does not flood a casemanager with calls that are years too late when
# the rhythm starts for an existing book. (A new policy or closed case always gets its contact.)
CATCH_UP_DAYS = 90
BATCH = 1000

OBJECT_TYPE = "service_contact"


class ServiceContactConflict(StateConflict):
    """The request contradicts the state of the contact (HTTP 409)."""


# --- Dates ------------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the end of a shorter month (31 Aug + 6 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def welcome_call_due(policy_start: dt.date) -> dt.date:
    return policy_start + dt.timedelta(days=WELCOME_CALL_DAYS)


def policy_year_on(policy_start: dt.date, day: dt.date) -> int | None:
    """The policy year (1, 2, ...) running on `day`; None before the policy starts."""
    if day < policy_start:
        return None
    year = day.year - policy_start.year + 1
    while add_months(policy_start, 12 * (year - 1)) > day:
        year -= 1
    return year


def prevention_check_due(policy_start: dt.date, policy_year: int) -> dt.date:
    return add_months(policy_start, 12 * (policy_year - 1) + PREVENTION_CHECK_MONTHS)


def relapse_contact_due(*, first_sick_day: dt.date, recovered_on: dt.date) -> dt.date | None:
    """Six months after the full recovery, when the case lasted more than three months; otherwise None.
    `recovered_on` is the first day back at work (the day after the last sick day)."""
    if add_months(first_sick_day, LONG_CASE_MONTHS) >= recovered_on:
        return None
    return add_months(recovered_on, RELAPSE_CONTACT_MONTHS)


# --- Creating ---------------------------------------------------------------------------------------------


def _contacts_create(contacts: list[ServiceContact], *, source: str) -> list[ServiceContact]:
    """Insert the contacts; one that already exists (a unique constraint) is skipped. Audits what was inserted."""
    created: list[ServiceContact] = []
    for start in range(0, len(contacts), BATCH):
        batch = contacts[start : start + BATCH]
        ServiceContact.objects.bulk_create(batch, ignore_conflicts=True)
        inserted = set(ServiceContact.objects.filter(pk__in=[c.pk for c in batch]).values_list("pk", flat=True))
        created.extend(c for c in batch if c.pk in inserted)
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                actor=None,
                action=AuditAction.CREATE,
                object_type=OBJECT_TYPE,
                object_id=str(c.pk),
                employer_id=c.employer_id,
                changes={
                    "kind": c.kind,
                    "due_date": str(c.due_date),
                    "policy_year": c.policy_year,
                    "casemanager": str(c.casemanager_id or ""),
                    "source": source,
                },
            )
            for c in created
        ],
        batch_size=BATCH,
    )
    return created


def service_contact_welcome_call_create(
    *, policy_id: uuid.UUID, employer_id: Any, start_date: dt.date
) -> ServiceContact | None:
    """The welcome call of a new policyholder's policy, due 4 weeks after its start; assigned to the employer's
    casemanager. Whether the policy gets one (active, the employer's first) is decided by its caller,
    premiums.service_contacts. Returns the new contact, or None when the policy already has its welcome call."""
    casemanager_id = Employer.objects.filter(pk=employer_id).values_list("casemanager_id", flat=True).first()
    contact = ServiceContact(
        kind=ContactKind.WELCOME_CALL,
        employer_id=employer_id,
        policy_id=policy_id,
        due_date=welcome_call_due(start_date),
        casemanager_id=casemanager_id,
    )
    created = _contacts_create([contact], source="policy_created")
    return created[0] if created else None


def _recovered_on(case: AbsenceCase) -> dt.date | None:
    last_end = case.periods.aggregate(last=Max("end"))["last"]
    return last_end + dt.timedelta(days=1) if last_end else None


def _relapse_contact(case: AbsenceCase, recovered_on: dt.date, casemanager_id: Any) -> ServiceContact | None:
    due = relapse_contact_due(first_sick_day=case.first_sick_day, recovered_on=recovered_on)
    if due is None:
        return None
    return ServiceContact(
        kind=ContactKind.RELAPSE_PREVENTION,
        employer_id=case.employer_id,
        case_id=case.pk,
        due_date=due,
        casemanager_id=casemanager_id,
    )


def service_contact_relapse_create(*, case: AbsenceCase) -> ServiceContact | None:
    """After a case closed by full recovery that lasted more than 3 months: the relapse-prevention contact,
    with the casemanager who knows the employee (the case's), else the employer's casemanager."""
    if case.status != CaseStatus.CLOSED or case.close_reason != CloseReason.RECOVERED:
        return None
    recovered_on = _recovered_on(case)
    if recovered_on is None:
        return None
    casemanager_id = case.casemanager_id or case.employer.casemanager_id
    contact = _relapse_contact(case, recovered_on, casemanager_id)
    if contact is None:
        return None
    created = _contacts_create([contact], source="case_closed")
    return created[0] if created else None


# --- The daily sweep ----------------------------------------------------------------------------------------

# A source gives, for a day, the contacts that should exist by then (those that exist already are skipped).
ContactSource = Callable[[dt.date], list[ServiceContact]]
CONTACT_SOURCES: list[ContactSource] = []


def contact_source(func: ContactSource) -> ContactSource:
    """Register a part of the daily sweep (service_contacts_ensure): premiums registers the contacts of policies."""
    CONTACT_SOURCES.append(func)
    return func


@contact_source
def relapse_contacts_missing(today: dt.date) -> list[ServiceContact]:
    # A contact due at most CATCH_UP_DAYS ago belongs to a recovery at most 6 months + CATCH_UP_DAYS ago, and the
    # case closed 28 days after that recovery.
    earliest_close = add_months(today - dt.timedelta(days=CATCH_UP_DAYS), -RELAPSE_CONTACT_MONTHS)
    cases = (
        AbsenceCase.objects.filter(
            status=CaseStatus.CLOSED, close_reason=CloseReason.RECOVERED, closed_on__gte=earliest_close
        )
        .exclude(service_contacts__kind=ContactKind.RELAPSE_PREVENTION)
        .select_related("employer")
        .annotate(last_sick_day=Max("periods__end"))
    )
    wanted = []
    for case in cases:
        last_sick_day: dt.date | None = getattr(case, "last_sick_day", None)
        if last_sick_day is None:
            continue
        contact = _relapse_contact(
            case, last_sick_day + dt.timedelta(days=1), case.casemanager_id or case.employer.casemanager_id
        )
        if contact is not None and contact.due_date >= today - dt.timedelta(days=CATCH_UP_DAYS):
            wanted.append(contact)
    return wanted


def _unassigned_assign() -> int:
    """An open contact without casemanager goes to the employer's casemanager once the employer has one."""
    assigned = 0
    rows = list(
        ServiceContact.objects.filter(
            state=ContactState.OPEN, casemanager__isnull=True, employer__casemanager__isnull=False
        ).values_list("pk", "employer_id", "employer__casemanager_id")
    )
    for contact_id, employer_id, casemanager_id in rows:
        with transaction.atomic():
            updated = ServiceContact.objects.filter(
                pk=contact_id, state=ContactState.OPEN, casemanager__isnull=True
            ).update(casemanager_id=casemanager_id)
            if updated:
                AuditLog.objects.create(
                    actor=None,
                    action=AuditAction.UPDATE,
                    object_type=OBJECT_TYPE,
                    object_id=str(contact_id),
                    employer_id=employer_id,
                    changes={"casemanager": [None, str(casemanager_id)]},
                )
                assigned += updated
    return assigned


def service_contacts_ensure(*, today: dt.date | None = None) -> int:
    """Daily sweep: create every contact that should exist by `today` and does not. Idempotent. Returns how many
    contacts it created."""
    today = today or timezone.localdate()
    created = 0
    for missing in CONTACT_SOURCES:
        with transaction.atomic():
            created += len(_contacts_create(missing(today), source="sweep"))
    _unassigned_assign()
    return created


# --- Receiver (connected in cases.apps) --------------------------------------------------------------------


def on_case_closed(sender: Any, case: AbsenceCase, **kwargs: Any) -> None:
    # Sent after the close committed: a failure here must never undo or break the close itself.
    try:
        service_contact_relapse_create(case=case)
    except Exception:
        logger.exception("Relapse-prevention contact for case %s failed; the daily sweep will create it", case.pk)


# --- Completing -------------------------------------------------------------------------------------------


def _prevention_checklist_validate(
    *,
    done_on: dt.date,
    rie_present: bool | None,
    rie_date: dt.date | None,
    prevention_officer: str,
    absence_policy_present: bool | None,
    arbo_contract_certified: bool | None,
    advice: str,
) -> None:
    errors: dict[str, list[str]] = {}
    if rie_present is None:
        errors["rie_present"] = [_("Geef aan of de werkgever een RI&E heeft.")]
    elif rie_present and rie_date is None:
        errors["rie_date"] = [_("Vul de datum van de RI&E in.")]
    elif rie_present and rie_date is not None and rie_date > done_on:
        errors["rie_date"] = [_("De datum van de RI&E kan niet na de datum van de preventiecheck liggen.")]
    elif not rie_present and rie_date is not None:
        errors["rie_date"] = [_("Laat de datum leeg als er geen RI&E is.")]
    if absence_policy_present is None:
        errors["absence_policy_present"] = [_("Geef aan of de werkgever verzuimbeleid heeft.")]
    if arbo_contract_certified is None:
        errors["arbo_contract_certified"] = [
            _("Geef aan of de werkgever een contract heeft met een gecertificeerde arbodienst.")
        ]
    # Advice is asked for once the answers are in and show a gap (an unanswered question is not yet a gap).
    gaps = rie_present is False or not prevention_officer or absence_policy_present is False
    if not errors and (gaps or arbo_contract_certified is False) and not advice:
        errors["advice"] = [_("Er ontbreekt iets op de checklist: leg vast wat u de werkgever adviseert.")]
    if errors:
        raise ValidationError(errors)


def service_contact_complete(
    *,
    completed_by: User,
    contact: ServiceContact,
    done_on: dt.date,
    note: str = "",
    rie_present: bool | None = None,
    rie_date: dt.date | None = None,
    prevention_officer: str = "",
    absence_policy_present: bool | None = None,
    arbo_contract_certified: bool | None = None,
    advice: str = "",
    today: dt.date | None = None,
) -> ServiceContact:
    """The casemanager records that the contact took place; a prevention check with its checklist and advice."""
    today = today or timezone.localdate()
    if completed_by.role != Role.CASEMANAGER or contact.casemanager_id != completed_by.pk:
        raise PermissionDenied
    prevention_officer, note, advice = prevention_officer.strip(), note.strip(), advice.strip()
    if done_on > today:
        raise ValidationError({"done_on": [_("De datum van het contact kan niet in de toekomst liggen.")]})
    checklist: dict[str, Any] = {}
    if contact.kind == ContactKind.PREVENTION_CHECK:
        checklist = {
            "rie_present": rie_present,
            "rie_date": rie_date,
            "prevention_officer": prevention_officer,
            "absence_policy_present": absence_policy_present,
            "arbo_contract_certified": arbo_contract_certified,
            "advice": advice,
        }
        _prevention_checklist_validate(done_on=done_on, **checklist)
    with transaction.atomic():
        contact = ServiceContact.objects.select_for_update().get(pk=contact.pk)
        if contact.casemanager_id != completed_by.pk:
            raise PermissionDenied
        if contact.state != ContactState.OPEN:
            raise ServiceContactConflict(_("Dit contact is al afgerond."), code="contact_done")
        contact.state = ContactState.DONE
        contact.done_on = done_on
        contact.done_by = completed_by
        contact.note = note
        for name, value in checklist.items():
            setattr(contact, name, value)
        contact.full_clean()
        contact.save(update_fields=["state", "done_on", "done_by", "note", *checklist])
        audit_record(
            actor=completed_by,
            action=AuditAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=contact.pk,
            employer=contact.employer,
            changes={
                "state": [ContactState.OPEN.value, ContactState.DONE.value],
                "done_on": str(done_on),
                **{name: None if value is None else str(value) for name, value in checklist.items()},
            },
        )
    return contact


__all__ = [
    "ServiceContactConflict",
    "add_months",
    "contact_source",
    "on_case_closed",
    "policy_year_on",
    "prevention_check_due",
    "relapse_contact_due",
    "relapse_contacts_missing",
    "service_contact_complete",
    "service_contact_relapse_create",
    "service_contact_welcome_call_create",
    "service_contacts_ensure",
]
