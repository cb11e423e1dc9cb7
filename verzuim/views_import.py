"""Pages of the employee import (upload a file, check the preview, confirm; nothing is saved before that) and
the log of roster syncs (verzuim.roster), the import's and the API's.

Between the preview and the confirmation the parsed rows wait in the session under a random token;
the confirmation checks them again and saves them all in one transaction, or none.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from verzuim import roster, selectors, services
from verzuim.employee_import import (
    MAX_ERRORS_SHOWN,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    ParsedRow,
    RowError,
    parse_file,
    validate_rows,
)
from verzuim.forms import EMPLOYEE_FIELDS, EmployeeImportConfirmForm, EmployeeImportForm
from verzuim.models import ContractType, Employee, Employer, Role, User
from verzuim.views import _employer_of

SESSION_KEY = "employee_import"


def _render_upload(
    request: HttpRequest,
    form: EmployeeImportForm,
    *,
    errors: list[RowError] | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    errors = errors or []
    context: dict[str, Any] = {
        "form": form,
        "errors": errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(len(errors) - MAX_ERRORS_SHOWN, 0),
        "error_count": len(errors),
        "problems": problems or [],
        "max_rows": MAX_ROWS,
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
    }
    # Refused input is shown with 200, like every form of the portal (the page itself is fine).
    return render(request, "employees/import.html", context)


def _pending(request: HttpRequest, employer: Employer, token: str) -> dict[str, Any] | None:
    """The import waiting under this token in this session, for this employer; None when stale or unknown."""
    pending = request.session.get(SESSION_KEY)
    if (
        not isinstance(pending, dict)
        or not token
        or not secrets.compare_digest(str(pending.get("token", "")), token)
        or pending.get("employer_id") != str(employer.pk)
    ):
        return None
    return pending


def _stale(request: HttpRequest) -> HttpResponse:
    messages.error(
        request, _("Deze import is verlopen of niet gevonden. Er is niets opgeslagen; upload het bestand opnieuw.")
    )
    return redirect("employee_import")


@login_required
@require_http_methods(["GET", "POST"])
def employee_import(request: HttpRequest) -> HttpResponse:
    employer = _employer_of(request)
    if request.method != "POST":
        return _render_upload(request, EmployeeImportForm())
    form = EmployeeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form)
    upload = form.cleaned_data["file"]
    try:
        # An oversized file is refused on its size alone, before it is read into memory.
        content = b"" if upload.size > MAX_FILE_BYTES else upload.read()
        rows = parse_file(content=content, size=upload.size)
    except ImportFileError as exc:
        form.add_error("file", exc.message)
        return _render_upload(request, form)
    validation = validate_rows(rows)
    if validation.errors:
        return _render_upload(request, form, errors=validation.errors)
    token = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {
        "token": token,
        "employer_id": str(employer.pk),
        "file_name": upload.name,
        "rows": [row.as_json() for row in rows],
    }
    return redirect(f"{reverse('employee_import_confirm')}?token={token}")


@login_required
@require_http_methods(["GET", "POST"])
def employee_import_confirm(request: HttpRequest) -> HttpResponse:
    """GET: the preview of a checked file. POST: save it (all rows or none)."""
    user: User = request.user  # type: ignore[assignment]
    employer = _employer_of(request)
    token = (request.POST if request.method == "POST" else request.GET).get("token", "")
    pending = _pending(request, employer, token)
    if pending is None:
        return _stale(request)
    try:
        rows = [ParsedRow.from_json(row) for row in pending["rows"]]
    except (KeyError, TypeError, ValueError):  # left by an older version of this page
        request.session.pop(SESSION_KEY, None)
        return _stale(request)
    # Checked again: the rules are the same, but the session is old data and must not be trusted blindly.
    validation = validate_rows(rows)
    if validation.errors:
        request.session.pop(SESSION_KEY, None)
        return _render_upload(request, EmployeeImportForm(), errors=validation.errors)
    if request.method == "POST":
        try:
            confirm_form = EmployeeImportConfirmForm(request.POST)
            full = confirm_form.is_valid() and confirm_form.cleaned_data["full"]
            counts = services.employee_import_commit(
                imported_by=user,
                employer=employer,
                rows=[{**row.data, "row_number": row.row} for row in validation.rows],
                full=full,
            )
        except ValidationError as exc:
            request.session.pop(SESSION_KEY, None)
            return _render_upload(request, EmployeeImportForm(), problems=exc.messages)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            _("De import is opgeslagen. Nieuw: %(created)s, bijgewerkt: %(updated)s, ongewijzigd: %(unchanged)s.")
            % counts,
        )
        if counts["missing"]:
            messages.warning(
                request,
                ngettext(
                    "%(count)s werknemer is in dienst maar staat niet in het bestand; zie Synchronisaties.",
                    "%(count)s werknemers zijn in dienst maar staan niet in het bestand; zie Synchronisaties.",
                    counts["missing"],
                )
                % {"count": counts["missing"]},
            )
        return redirect("employee_list")
    existing = set(selectors.employee_list(fetched_by=user).values_list("personnel_number", flat=True))
    preview = [
        {
            "row": row.row,
            "data": row.data,
            "contract": ContractType(row.data["contract_type"]).label,
            "is_update": row.data["personnel_number"] in existing,
        }
        for row in validation.rows
    ]
    updates = sum(1 for item in preview if item["is_update"])
    return render(
        request,
        "employees/import_preview.html",
        {
            "token": token,
            "file_name": pending.get("file_name", ""),
            "rows": preview,
            "has_end_column": any("employment_end" in row.data for row in validation.rows),
            "new_count": len(preview) - updates,
            "update_count": updates,
            "confirm_form": EmployeeImportConfirmForm(),
        },
    )


@login_required
@require_http_methods(["GET"])
def roster_sync_list(request: HttpRequest) -> HttpResponse:
    """The sync log: every roster sync (API or file), with its counts, conflicts and errors.

    An employer user sees its own employer's; insurer staff every employer's (`?werkgever=<id>` narrows it).
    """
    user: User = request.user  # type: ignore[assignment]
    employer_id = request.GET.get("werkgever", "") if user.role != Role.EMPLOYER else ""
    syncs = roster.roster_sync_list(fetched_by=user, employer_id=employer_id or None)
    labels = {name: str(getattr(Employee._meta.get_field(name), "verbose_name", name)) for name in EMPLOYEE_FIELDS}
    labels["employer"] = str(_("werkgever"))
    rows = [
        {
            "sync": sync,
            "errors": [{**error, "label": labels.get(error.get("field", ""), "")} for error in sync.errors],
        }
        for sync in syncs
    ]
    return render(
        request,
        "employees/roster_syncs.html",
        {"rows": rows, "show_employer": user.role != Role.EMPLOYER, "is_employer": user.role == Role.EMPLOYER},
    )
