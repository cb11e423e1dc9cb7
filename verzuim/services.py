"""Every write of the core app: users, employees, API tokens. Each service owns its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token, user_has_device
from rest_framework.authtoken.models import Token

from verzuim.api_auth import token_expired
from verzuim.audit import audit_diff, audit_record
from verzuim.forms import EMPLOYEE_FIELDS
from verzuim.models import AuditAction, Employee, Employer, RosterMode, RosterSource, User
from verzuim.roster import RosterError, RosterRow, roster_sync


class AuthenticationFailed(Exception):
    """Login refused; `code` is stable for the API, `message` is Dutch for people."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def api_token_obtain(*, request: HttpRequest, email: str, password: str, otp: str | None) -> Token:
    """Token for the API. Staff roles must have a confirmed TOTP device and give its current code."""
    user = authenticate(request=request, username=(email or "").lower(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise AuthenticationFailed(
            _("Te veel mislukte inlogpogingen. Probeer het over een uur opnieuw."), code="locked_out"
        )
    if user is None or not isinstance(user, User):
        raise AuthenticationFailed(_("E-mailadres of wachtwoord is onjuist."), code="invalid_credentials")
    if user.needs_two_factor:
        if not user_has_device(user, confirmed=True):
            raise AuthenticationFailed(
                _("Stel eerst tweestapsverificatie in via het portaal."), code="two_factor_not_enrolled"
            )
        if not otp:
            raise AuthenticationFailed(_("Geef de code uit uw authenticator-app op."), code="otp_required")
        if match_token(user, otp) is None:
            raise AuthenticationFailed(_("De code uit uw authenticator-app is onjuist."), code="otp_invalid")
    with transaction.atomic():
        # Token requests of one user one after the other: lock the user row, which always exists (a first
        # token has no row to lock, and a deleted one would let a waiting request create a second key).
        locked = User.objects.select_for_update().filter(pk=user.pk).only("password", "is_active").first()
        # The password was checked before the lock: a reset or a deactivation that committed since (and revoked
        # the user's tokens) must not be undone by a token issued under the old credentials.
        if locked is None or locked.password != user.password or not locked.is_active:
            raise AuthenticationFailed(_("E-mailadres of wachtwoord is onjuist."), code="invalid_credentials")
        token = Token.objects.filter(user=user).first()
        if token is not None and token_expired(token):
            token.delete()  # the expired key is refused from now on; the user gets a new one
            token = None
        if token is None:
            token = Token.objects.create(user=user)
    return token


def _employee_validate(employee: Employee) -> None:
    """Model validation plus the rules a form cannot see: uniqueness within the employer."""
    errors: dict[str, list[str]] = {}
    try:
        employee.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        errors = exc.message_dict
    if (
        "personnel_number" not in errors
        and Employee.objects.filter(employer_id=employee.employer_id, personnel_number=employee.personnel_number)
        .exclude(pk=employee.pk)
        .exists()
    ):
        errors["personnel_number"] = [_("Dit personeelsnummer is al in gebruik bij deze werkgever.")]
    if errors:
        raise ValidationError(errors)


def _employee_snapshot(employee: Employee) -> dict[str, Any]:
    return {name: getattr(employee, name) for name in EMPLOYEE_FIELDS}


def employee_create(*, created_by: User, employer: Employer, **data: Any) -> Employee:
    employee = Employee(employer=employer, **{k: v for k, v in data.items() if k in EMPLOYEE_FIELDS})
    _employee_validate(employee)
    with transaction.atomic():
        employee.save(force_insert=True)
        audit_record(
            actor=created_by,
            action=AuditAction.CREATE,
            object_type="employee",
            object_id=employee.pk,
            employer=employer,
            changes=audit_diff({}, _employee_snapshot(employee)),
        )
    return employee


def employee_update(*, updated_by: User, employee: Employee, **data: Any) -> Employee:
    with transaction.atomic():
        locked = Employee.objects.select_for_update().get(pk=employee.pk)
        before = _employee_snapshot(locked)
        for name, value in data.items():
            if name in EMPLOYEE_FIELDS:
                setattr(locked, name, value)
        _employee_validate(locked)
        changes = audit_diff(before, _employee_snapshot(locked))
        if changes:
            locked.updated_at = timezone.now()
            locked.save(update_fields=[*changes.keys(), "updated_at"])
            audit_record(
                actor=updated_by,
                action=AuditAction.UPDATE,
                object_type="employee",
                object_id=locked.pk,
                employer=locked.employer,
                changes=changes,
            )
    return locked


def employee_end_employment(*, ended_by: User, employee: Employee, employment_end: dt.date) -> Employee:
    if employment_end < employee.employment_start:
        raise ValidationError({"employment_end": [_("De datum uit dienst ligt vóór de datum in dienst.")]})
    return employee_update(updated_by=ended_by, employee=employee, employment_end=employment_end)


def employee_import_commit(
    *, imported_by: User, employer: Employer, rows: list[dict[str, Any]], full: bool = False
) -> dict[str, int]:
    """Create or update every row of an imported file, or nothing at all; rows are matched on personnel number.

    The file import is a partial roster sync (verzuim.roster, source "file"): the same service as the API's
    roster, so a file and the API give the same result for the same rows. An existing employee is updated with
    the fields the row has; a field the row lacks is left as it is; nobody is ended. With `full` (the user says the
    file is the whole staff) the sync is a full one that reports, never ends, who is missing. A row may carry
    "row_number" (its row in the file), which then names it in an error. Returns how many employees were created,
    updated, left unchanged and missing; raises ValidationError with every error (nothing is written then).
    """
    result = roster_sync(
        synced_by=imported_by,
        employer=employer,
        rows=[
            RosterRow(row=int(row.get("row_number", index)), data={k: v for k, v in row.items() if k != "row_number"})
            for index, row in enumerate(rows, start=1)
        ],
        mode=RosterMode.FULL if full else RosterMode.PARTIAL,
        source=RosterSource.FILE,
    )
    if result.errors:
        raise ValidationError([_employee_import_message(error) for error in result.errors])
    return {
        "created": result.created,
        "updated": result.changed,
        "unchanged": result.unchanged,
        "missing": len(result.missing),
    }


def _employee_import_message(error: RosterError) -> str:
    """One error of an imported row, naming the row and, if there is one, the field."""
    if error.field in EMPLOYEE_FIELDS:
        field = getattr(Employee._meta.get_field(error.field), "verbose_name", error.field)
        return _("Rij %(row)s, %(field)s: %(message)s") % {"row": error.row, "field": field, "message": error.message}
    return _("Rij %(row)s: %(message)s") % {"row": error.row, "message": error.message}


def session_clear_expired() -> int:
    """Remove expired sessions (the daily housekeeping job); returns how many were removed."""
    deleted, _detail = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
