"""Writes on the registry of certified professionals, and the check that blocks assigning an unregistered one.

Registrations and certificates are only ever added (a new row supersedes the previous one from its start date);
each write is validated, saved and audited here, whether it comes from the API or the admin.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.professionals import selectors as selectors_professionals
from cases.professionals.models import (
    Arbodienst,
    ArbodienstCertificate,
    CasemanagerRegistration,
    EmployerArbodienst,
    LabourExpert,
    LabourExpertRegistration,
    PhysicianRegistration,
)
from cases.professionals.registration import Standing, Status
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employer, Role, User

RegistryRow = ArbodienstCertificate | PhysicianRegistration | CasemanagerRegistration | LabourExpertRegistration

OBJECT_TYPES: dict[type[RegistryRow], str] = {
    ArbodienstCertificate: "arbodienst_certificate",
    PhysicianRegistration: "physician_registration",
    CasemanagerRegistration: "casemanager_registration",
    LabourExpertRegistration: "labour_expert_registration",
}
# Fields written to the audit row of a registration (never a password or anything personal beyond the register).
AUDITED_FIELDS = (
    "user_id",
    "arbodienst_id",
    "labour_expert_id",
    "kind",
    "number",
    "big_number",
    "basis",
    "register_name",
    "register_number",
    "valid_from",
    "valid_until",
    "registered_until",
)


def _history_row_insert(
    *, recorded_by: User | None, row: Model, object_type: str, changes: dict[str, str], employer: Employer | None = None
) -> None:
    """Insert one row of history (it is never changed afterwards) and its audit row, in one transaction."""
    with transaction.atomic():
        row.save(force_insert=True)
        audit_record(
            actor=recorded_by,
            action=AuditAction.CREATE,
            object_type=object_type,
            object_id=row.pk,
            employer=employer,
            changes=changes,
        )


def registration_record(*, recorded_by: User | None, row: RegistryRow) -> RegistryRow:
    """Add one registration or certificate row (from the API or the admin): validate, save, audit."""
    if isinstance(row, ArbodienstCertificate):
        row.number = selectors_professionals.certificate_number_normalise(row.number)
    row.recorded_by = recorded_by
    row.full_clean()
    changes = {name: str(getattr(row, name)) for name in AUDITED_FIELDS if getattr(row, name, None) is not None}
    _history_row_insert(recorded_by=recorded_by, row=row, object_type=OBJECT_TYPES[type(row)], changes=changes)
    return row


def registry_entity_save(*, recorded_by: User, entity: Arbodienst | LabourExpert) -> None:
    """Add or change an arbodienst or labour expert (name, KvK number, active); audited with what changed."""
    created = entity._state.adding
    entity.full_clean()
    with transaction.atomic():
        entity.save()
        audit_record(
            actor=recorded_by,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            object_type="arbodienst" if isinstance(entity, Arbodienst) else "labour_expert",
            object_id=entity.pk,
            changes={"name": entity.name, "is_active": entity.is_active},
        )


def _require_role(user: User, role: Role, message: str) -> None:
    if user.role != role or not user.is_active:
        raise ValidationError({"user": [message]})


def _user_registration_record(
    row: PhysicianRegistration | CasemanagerRegistration, *, recorded_by: User, user: User, valid_from: dt.date | None
) -> None:
    """Record a registration of a portal user; it counts from today unless `valid_from` says otherwise."""
    row.user = user
    row.valid_from = valid_from or timezone.localdate()
    registration_record(recorded_by=recorded_by, row=row)


def physician_register(
    *,
    recorded_by: User,
    user: User,
    big_number: str,
    arbodienst: Arbodienst | None = None,
    valid_from: dt.date | None = None,
    registered_until: dt.date | None = None,
) -> PhysicianRegistration:
    """Record a physician's BIG registration (a re-registration is a new row)."""
    _require_role(user, Role.OCCUPATIONAL_PHYSICIAN, _("Deze gebruiker is geen actieve bedrijfsarts."))
    row = PhysicianRegistration(big_number=big_number, arbodienst=arbodienst, registered_until=registered_until)
    _user_registration_record(row, recorded_by=recorded_by, user=user, valid_from=valid_from)
    return row


def casemanager_register(
    *,
    recorded_by: User,
    user: User,
    basis: str,
    register_name: str = "",
    register_number: str = "",
    arbodienst: Arbodienst | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> CasemanagerRegistration:
    """Record what makes a casemanager acceptable: a register entry, or employment at an arbodienst or the insurer."""
    _require_role(user, Role.CASEMANAGER, _("Deze gebruiker is geen actieve casemanager."))
    row = CasemanagerRegistration(
        basis=basis,
        register_name=register_name,
        register_number=register_number,
        arbodienst=arbodienst,
        valid_until=valid_until,
    )
    _user_registration_record(row, recorded_by=recorded_by, user=user, valid_from=valid_from)
    return row


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def casemanager_refusal(*, casemanager: User, standing: Standing) -> str:
    """Why this casemanager cannot be assigned, in Dutch, ending with what to do instead."""
    values = {"name": casemanager.get_full_name(), "date": _date(standing.last_day)}
    row = standing.row.ref if standing.row is not None else None
    values["arbodienst"] = getattr(getattr(row, "arbodienst", None), "name", "")
    if standing.status == Status.EXPIRED:
        return _("De registratie van %(name)s is verlopen op %(date)s; wijs een andere casemanager toe.") % values
    if standing.status == Status.CERTIFICATE_EXPIRED:
        return (
            _(
                "Het certificaat van %(arbodienst)s, waar %(name)s in dienst is, is verlopen op %(date)s; wijs een "
                "andere casemanager toe."
            )
            % values
        )
    if standing.status == Status.CERTIFICATE_MISSING:
        return (
            _(
                "%(arbodienst)s, waar %(name)s in dienst is, heeft geen geldig certificaat; wijs een andere "
                "casemanager toe."
            )
            % values
        )
    return _("%(name)s heeft geen geldige registratie als casemanager; wijs een andere casemanager toe.") % values


def casemanager_require_registered(*, casemanager: User, on: dt.date) -> None:
    """docs/domain.md §6: an expired or missing registration blocks a new assignment (existing ones stay)."""
    standing = selectors_professionals.casemanager_standing(user=casemanager, on=on)
    if not standing.registered:
        raise ValidationError({"casemanager": [casemanager_refusal(casemanager=casemanager, standing=standing)]})


def employer_arbodienst_record(
    *, recorded_by: User, employer: Employer, name: str, certificate_number: str = ""
) -> EmployerArbodienst:
    """The employer records the arbodienst it contracts outside the policy; an empty name records that it uses the
    policy's arbodienst again. A new row each time: the earlier ones stay as history."""
    if recorded_by.role != Role.EMPLOYER or recorded_by.employer_id != employer.pk:
        raise PermissionDenied
    name = name.strip()
    number = selectors_professionals.certificate_number_normalise(certificate_number) if name else ""
    row = EmployerArbodienst(employer=employer, name=name, certificate_number=number, recorded_by=recorded_by)
    row.full_clean()
    changes = {"name": name, "certificate_number": number}
    _history_row_insert(
        recorded_by=recorded_by, row=row, object_type="employer_arbodienst", changes=changes, employer=employer
    )
    return row
