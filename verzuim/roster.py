"""The roster sync: the employer's full or partial employee list, keyed by personnel number, made true in the portal.

One service for the API (`PUT`/`PATCH /api/v1/employers/{id}/roster/`) and the file import (verzuim.views_import),
so the same rows give the same result whichever way they arrive (docs/api.md "Roster sync").

* Every row is checked first (the model's rules, as the add page and the API apply them, and doubled personnel
  numbers); one invalid row refuses the whole roster and nothing is written, with every error by row, field, code
  and Dutch message.
* A valid roster is applied in one transaction with the employer row locked (one sync per employer at a time):
  new personnel numbers are created, changed ones updated, unchanged ones not touched (not written, not audited),
  so the same roster sent twice changes nothing.
* Nothing is ever deleted. A full roster (PUT, or a file with the option ticked) lists the employees it lacks
  that are still employed as `missing`; only when asked (`missing="end_employment"`) does their employment end on
  `end_date`, and never for someone an app blocks (an open absence case, cases.absence.roster, through
  verzuim.plugins): ending the employment of a sick employee changes their wage payment and reintegration
  (BW 7:629, Wet verbetering poortwachter; after the end the UWV pays Ziektewet), so a person decides that.
* Every run, dry runs and refused runs included, is a `RosterSync` row the employer sees; every real change is
  audited per employee plus one import row (AVG art. 5(2) and 32: accountability for changes to personal data).

The number of queries does not grow with the number of rows: the employees are read once, new and changed ones
are written with one bulk statement each, and their audit rows with one more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from verzuim import selectors
from verzuim.audit import audit_diff, audit_record, audit_record_many
from verzuim.forms import EMPLOYEE_FIELDS
from verzuim.models import (
    AuditAction,
    Employee,
    Employer,
    Role,
    RosterMode,
    RosterSource,
    RosterSync,
    User,
    WebhookEvent,
)
from verzuim.names import sort_name
from verzuim.plugins import employment_end_blocks_for
from verzuim.validators import employee_date_problems
from verzuim.webhooks import webhook_emit

# As many rows as the file import takes (verzuim.employee_import.MAX_ROWS): an MKB employer has at most 250.
MAX_ROSTER_ROWS = 1000
MISSING_REPORT = "report"
MISSING_END_EMPLOYMENT = "end_employment"
MISSING_CHOICES = (MISSING_REPORT, MISSING_END_EMPLOYMENT)
# Fields of Employee a roster does not give, so a row's check skips them: the employer is the one of the sync (no
# query per row), the rest the portal sets itself.
NOT_FROM_THE_ROSTER = ("employer", "id", "sort_name", "created_at", "updated_at")


@dataclass(frozen=True)
class RosterRow:
    """One employee of the roster: its row (1 = the first employee of the API body; the file's own row number
    for a file) and the typed values of the fields it has; a field it lacks stays as it is."""

    row: int
    data: dict[str, Any]


@dataclass(frozen=True)
class RosterError:
    row: int
    field: str  # the field's identifier (personnel_number, ...); empty for the row as a whole
    code: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class RosterConflict:
    personnel_number: str
    code: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"personnel_number": self.personnel_number, "code": self.code, "message": self.message}


@dataclass
class RosterResult:
    dry_run: bool
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    ended: int = 0
    missing: list[str] = field(default_factory=list)
    conflicts: list[RosterConflict] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    sync: RosterSync | None = None

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def as_json(self) -> dict[str, Any]:
        return {
            "sync_id": self.sync.pk if self.sync else None,
            "dry_run": self.dry_run,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "ended": self.ended,
            "missing": list(self.missing),
            "conflicts": [conflict.as_json() for conflict in self.conflicts],
            "errors": [error.as_json() for error in self.errors],
        }


# --------------------------------------------------------------------------------------------------
# Who may sync whose roster


def roster_employer_get(*, fetched_by: User, employer_id: Any) -> Employer:
    """The employer whose roster the user may sync: an employer user its own, insurer staff any; else 403/404.

    The one place that decides; an API key with the scope roster:write for this employer belongs here too.
    """
    if fetched_by.role != Role.EMPLOYER and fetched_by.role not in selectors.ALL_EMPLOYERS_ROLES:
        raise PermissionDenied(_("Uw rol mag het werknemersbestand niet bijwerken."))
    return selectors.employer_get(fetched_by=fetched_by, employer_id=employer_id)


def roster_sync_visible(*, user: User) -> bool:
    """Whether the user may see sync logs at all: those who may sync (their own employer's, or every one)."""
    return user.is_authenticated and (user.role == Role.EMPLOYER or user.role in selectors.ALL_EMPLOYERS_ROLES)


def roster_sync_list(*, fetched_by: User, employer_id: Any | None = None, limit: int = 50) -> list[RosterSync]:
    """The latest sync runs the user may see, newest first; 404 for a role without the log. Audited as a list read."""
    if not roster_sync_visible(user=fetched_by):
        raise Http404
    syncs = RosterSync.objects.filter(
        employer__in=Employer.objects.filter(selectors.employer_scope(user=fetched_by))
    ).select_related("employer", "started_by", "api_key")
    if employer_id:
        employer_pk = selectors.as_uuid(employer_id)
        syncs = syncs.filter(employer_id=employer_pk) if employer_pk else syncs.none()
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="roster_sync",
        employer=fetched_by.employer if fetched_by.role == Role.EMPLOYER else None,
        changes={"filter": {"employer": str(employer_id or "")}},
    )
    return list(syncs[:limit])


# --------------------------------------------------------------------------------------------------
# The sync


def _error_code(error: ValidationError) -> str:
    return str(error.code or "invalid")


def _row_errors(row: int, exc: ValidationError) -> list[RosterError]:
    errors: list[RosterError] = []
    if hasattr(exc, "error_dict"):
        for name, items in exc.error_dict.items():
            field_name = "" if name == "__all__" else name
            for item in items:
                errors.extend(RosterError(row, field_name, _error_code(item), str(m)) for m in item.messages)
    else:
        errors.extend(RosterError(row, "", _error_code(item), str(item.message)) for item in exc.error_list)
    return errors


def _snapshot(employee: Employee) -> dict[str, Any]:
    return {name: getattr(employee, name) for name in EMPLOYEE_FIELDS}


def _copy(employee: Employee) -> Employee:
    copy = Employee(pk=employee.pk, employer_id=employee.employer_id, **_snapshot(employee))
    copy.created_at = employee.created_at
    copy._state.adding = False
    return copy


def _check_arguments(*, mode: str, missing: str, end_date: dt.date | None) -> None:
    if mode not in RosterMode.values:
        raise ValueError(f"Unknown roster mode {mode!r}")
    if missing not in MISSING_CHOICES:
        raise ValidationError({"missing": [_("Kies report of end_employment.")]}, code="invalid_choice")
    if missing == MISSING_END_EMPLOYMENT and mode != RosterMode.FULL:
        raise ValidationError(
            {"missing": [_("Alleen een volledig werknemersbestand kan werknemers uit dienst laten gaan.")]},
            code="full_roster_only",
        )
    if missing == MISSING_END_EMPLOYMENT and end_date is None:
        raise ValidationError(
            {"end_date": [_("Geef de datum uit dienst voor de werknemers die ontbreken.")]}, code="required"
        )
    if end_date is not None:
        # The same plausible range as an end date typed on the employee's page (verzuim.validators).
        problem = employee_date_problems(
            date_of_birth=None, employment_start=None, employment_end=end_date, today=timezone.localdate()
        ).get("employment_end")
        if problem is not None:
            raise ValidationError({"end_date": problem.messages}, code=problem.code)


def roster_sync(
    *,
    synced_by: User | None,
    employer: Employer,
    rows: list[RosterRow],
    mode: str = RosterMode.PARTIAL,
    missing: str = MISSING_REPORT,
    end_date: dt.date | None = None,
    dry_run: bool = False,
    source: str = RosterSource.API,
    input_errors: list[RosterError] | None = None,
) -> RosterResult:
    """Check and apply a roster for `employer` (module docstring); the result says what was (or would be) done.

    `input_errors` are the errors a caller found while reading the rows (the API's types); such rows are not in
    `rows`, the rest is still checked, so the answer lists every error at once. Raises ValidationError only for
    wrong arguments (`missing` without `end_date`, `end_employment` on a partial roster).
    """
    _check_arguments(mode=mode, missing=missing, end_date=end_date)
    result = RosterResult(dry_run=dry_run)
    errors = list(input_errors or [])
    today = timezone.localdate()
    with transaction.atomic():
        # One sync per employer at a time: a second one waits here and then sees the first one's result.
        Employer.objects.select_for_update().get(pk=employer.pk)
        existing = {
            employee.personnel_number: employee
            for employee in Employee.objects.select_for_update().filter(employer=employer)
        }
        rows_by_number: dict[str, list[int]] = {}
        for roster_row in rows:
            number = str(roster_row.data.get("personnel_number") or "")
            if number:
                rows_by_number.setdefault(number, []).append(roster_row.row)
        for number, row_numbers in rows_by_number.items():
            if len(row_numbers) > 1:
                message = _("Personeelsnummer %(number)s staat meer dan eens in de lijst (rijen %(rows)s).") % {
                    "number": number,
                    "rows": ", ".join(str(n) for n in row_numbers),
                }
                errors.extend(RosterError(n, "personnel_number", "duplicate", message) for n in row_numbers)

        new: list[Employee] = []
        changed: list[tuple[Employee, dict[str, Any]]] = []
        for roster_row in rows:
            data = {name: value for name, value in roster_row.data.items() if name in EMPLOYEE_FIELDS}
            current = existing.get(str(data.get("personnel_number") or ""))
            if current is not None and all(getattr(current, name) == value for name, value in data.items()):
                result.unchanged += 1  # as stored, so as valid as when it was stored: nothing to check or write
                continue
            if current is None:
                candidate = Employee(employer=employer, **data)
            else:
                candidate = _copy(current)
                for name, value in data.items():
                    setattr(candidate, name, value)
            # The employer is known (no query per row) and a field of an existing employee that the row leaves as it
            # is was checked when it was stored; the constraints and the uniqueness are the ones checked here by
            # hand (doubles above), and the database enforces them again on save. clean() sees every field.
            unchanged_fields = [
                name
                for name in EMPLOYEE_FIELDS
                if current is not None and (name not in data or data[name] == getattr(current, name))
            ]
            try:
                candidate.full_clean(
                    exclude=[*NOT_FROM_THE_ROSTER, *unchanged_fields], validate_constraints=False, validate_unique=False
                )
            except ValidationError as exc:
                errors.extend(_row_errors(roster_row.row, exc))
                continue
            if current is None:
                new.append(candidate)
                continue
            diff = audit_diff(_snapshot(current), _snapshot(candidate))
            if diff:
                changed.append((candidate, diff))
            else:  # equal after cleaning (a value of another type that means the same)
                result.unchanged += 1

        if mode == RosterMode.FULL:
            in_roster = set(rows_by_number)
            still_employed = [
                employee
                for number, employee in sorted(existing.items())
                if number not in in_roster and (employee.employment_end is None or employee.employment_end > today)
            ]
            result.missing = [employee.personnel_number for employee in still_employed]
            if missing == MISSING_END_EMPLOYMENT and end_date is not None and not errors:
                blocks = employment_end_blocks_for(employee.pk for employee in still_employed)
                for employee in still_employed:
                    block = blocks.get(employee.pk)
                    if block is not None:
                        result.conflicts.append(RosterConflict(employee.personnel_number, block.code, block.message))
                    elif end_date < employee.employment_start:
                        result.conflicts.append(
                            RosterConflict(
                                employee.personnel_number,
                                "end_before_start",
                                _("De datum uit dienst ligt vóór de datum in dienst. Er is niets gewijzigd."),
                            )
                        )
                    elif employee.employment_end is None or employee.employment_end > end_date:
                        candidate = _copy(employee)
                        candidate.employment_end = end_date
                        changed.append((candidate, audit_diff(_snapshot(employee), _snapshot(candidate))))
                        result.ended += 1

        errors.sort(key=lambda error: error.row)
        result.errors = errors
        if not errors:
            result.created = len(new)
            result.changed = len(changed) - result.ended
            if not dry_run:
                _apply(synced_by=synced_by, employer=employer, new=new, changed=changed)
        else:
            result.unchanged = 0
        api_key = getattr(synced_by, "api_key", None)  # a machine client acts as an unsaved user with its key
        result.sync = RosterSync.objects.create(
            employer=employer,
            started_by=None if api_key else synced_by,
            api_key=api_key,
            source=source,
            mode=mode,
            missing_action=missing,
            end_date=end_date,
            dry_run=dry_run,
            rows=len(rows) + len({error.row for error in input_errors or []}),
            created=result.created,
            changed=result.changed,
            unchanged=result.unchanged,
            ended=result.ended,
            missing=result.missing,
            conflicts=[conflict.as_json() for conflict in result.conflicts],
            errors=[error.as_json() for error in result.errors],
        )
        if not dry_run and not errors and (new or changed):
            # Payroll and HR systems hear which personnel numbers this run created or changed (decision 352).
            sync = result.sync
            webhook_emit(
                employer_id=employer.pk,
                event=WebhookEvent.EMPLOYEE_SYNCED,
                data=lambda: {
                    "sync": sync.pk,
                    "employer": str(employer.pk),
                    "source": source,
                    "created": [employee.personnel_number for employee in new],
                    "changed": [employee.personnel_number for employee, _diff in changed],
                    "ended": result.ended,
                },
            )
        audit_record(
            actor=synced_by,
            action=AuditAction.IMPORT if not dry_run and not errors else AuditAction.LIST,
            object_type="employee",
            employer=employer,
            changes={
                "roster_sync": result.sync.pk,
                "source": source,
                "mode": mode,
                "dry_run": dry_run,
                "refused": bool(errors),
                "rows": result.sync.rows,
                "created": result.created,
                "updated": result.changed,
                "ended": result.ended,
                "unchanged": result.unchanged,
            },
        )
    return result


def _apply(
    *, synced_by: User | None, employer: Employer, new: list[Employee], changed: list[tuple[Employee, dict[str, Any]]]
) -> None:
    now = timezone.now()
    for employee in new:
        employee.sort_name = sort_name(employee.last_name, employee.first_name)
        employee.created_at = now
        employee.updated_at = now
    if new:
        Employee.objects.bulk_create(new)
    if changed:
        for employee, _diff in changed:
            employee.sort_name = sort_name(employee.last_name, employee.first_name)
            employee.updated_at = now
        Employee.objects.bulk_update(
            [employee for employee, _diff in changed], fields=[*EMPLOYEE_FIELDS, "sort_name", "updated_at"]
        )
    audit_rows: list[tuple[Any, Employer | None, dict[str, Any]]] = [
        (employee.pk, employer, audit_diff({}, _snapshot(employee))) for employee in new
    ]
    if audit_rows:
        audit_record_many(actor=synced_by, action=AuditAction.CREATE, object_type="employee", rows=audit_rows)
    if changed:
        audit_record_many(
            actor=synced_by,
            action=AuditAction.UPDATE,
            object_type="employee",
            rows=[(employee.pk, employer, diff) for employee, diff in changed],
        )
