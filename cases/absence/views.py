"""Pages of absence cases: sickness and recovery reports, a step's completion page and the caseload. Each view
parses input, calls one service or selector, and renders. The case page that shows the whole dossier is
cases.dossier.views; the medical compartment is cases.medical.views.

Who sees what follows docs/domain.md §3: the employer never gets a free-text field (the step form has no note for
them); insurer staff see dates, percentages and progress, not contact details or notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.absence import dossier, poortwachter, selectors, services
from cases.absence.forms import (
    UNEXPECTED_FIELDS,
    CaseloadFilterForm,
    ContactDetailsForm,
    EmployeeInvitationForm,
    RecoveryReportForm,
    SicknessReportForm,
    StepCompleteForm,
)
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from verzuim import selectors as core_selectors
from verzuim.auth import portal_user
from verzuim.employee_accounts import INVITATION_VALID_DAYS
from verzuim.forms import add_service_errors
from verzuim.models import Role, User

OWNER_LABELS = dossier.OWNER_LABELS
# Roles with a case list page; the employer has its open cases on the dashboard.
CASELOAD_ROLES = frozenset({Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN})
# Roles that report recovery (as the API allows).
RECOVERY_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})
CASELOAD_PAGE_SIZE = 50

T = TypeVar("T")


def _periods(case: AbsenceCase) -> list[poortwachter.SickPeriod]:
    # case.periods is prefetched (ordered by start) by every selector that returns cases.
    return [poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.all()]


def case_clock_day(case: AbsenceCase, today: dt.date) -> int:
    return poortwachter.clock_day(_periods(case), case.closed_on or today)


def case_is_sick(case: AbsenceCase) -> bool:
    """A sick period runs now: recovery can be reported."""
    periods = list(case.periods.all())
    return case.status == CaseStatus.OPEN and bool(periods) and periods[-1].end is None


@dataclass(frozen=True)
class Recovered:
    """An open case whose employee is fully recovered: it stays open for a relapse (BW 7:629 lid 10)."""

    on: dt.date  # the first day back at work
    open_until: dt.date  # a new sickness up to this day continues the case (poortwachter.case_closes_on)


def case_recovered(case: AbsenceCase) -> Recovered | None:
    """Recovered and waiting out the relapse window, or None (still sick, or closed)."""
    periods = _periods(case)
    if case.status != CaseStatus.OPEN or not periods or periods[-1].end is None:
        return None
    closes_on = poortwachter.case_closes_on(periods)
    assert closes_on is not None
    return Recovered(on=periods[-1].end + dt.timedelta(days=1), open_until=closes_on)


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list: the case, its clock day and its next deadline."""

    case: AbsenceCase
    clock_day: int
    is_sick: bool
    next_step: Step | None
    next_status: str
    recovered: Recovered | None = None

    @property
    def next_status_label(self) -> str:
        return str(poortwachter.STATUS_LABELS.get(self.next_status, ""))


def case_rows(cases: Iterable[AbsenceCase], today: dt.date) -> list[CaseRow]:
    """Rows for cases from selectors.case_list_with_next_step (periods and dated open steps prefetched)."""
    rows = []
    for case in cases:
        dated_open: list[Step] = getattr(case, selectors.DATED_OPEN_STEPS)
        next_step = dated_open[0] if dated_open else None
        rows.append(
            CaseRow(
                case=case,
                clock_day=case_clock_day(case, today),
                is_sick=case_is_sick(case),
                next_step=next_step,
                next_status=next_step.status_on(today) if next_step else "",
                recovered=case_recovered(case),
            )
        )
    return rows


MANUAL_COMPLETION_EXCLUDED = dossier.MANUAL_COMPLETION_EXCLUDED
step_may_complete = dossier.step_may_complete


def _step_form(user: User, code: str, data: Any = None) -> StepCompleteForm:
    return StepCompleteForm(data, prefix=code, with_note=user.role in services.NOTE_ROLES)


def form_service_call(
    form: forms.Form,
    service: Callable[..., T],
    /,
    *,
    conflict_status: Callable[[services.CaseConflict], int] | None = None,
    denied_as_404: bool = True,
    **kwargs: Any,
) -> tuple[T | None, int]:
    """Call a page's service with `kwargs` and put a refusal on the form: a CaseConflict as a form error (status
    `conflict_status`, 409 by default), a ValidationError on its fields (200). PermissionDenied becomes Http404, as
    pages answer "not for your role" with "not there", unless `denied_as_404` is off. Returns the service's result
    (None when refused) and the page's status."""
    try:
        return service(**kwargs), 200
    except services.CaseConflict as exc:
        form.add_error(None, exc.message)
        return None, conflict_status(exc) if conflict_status else 409
    except PermissionDenied as exc:
        if denied_as_404:
            raise Http404 from exc
        raise
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, 200


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sickness_report(request: HttpRequest) -> HttpResponse:
    """Ziek melden: the employer's form with exactly the fields docs/domain.md §3 allows."""
    user = portal_user(request)
    if user.role != Role.EMPLOYER:
        raise Http404
    today = timezone.localdate()
    employees = core_selectors.employee_list(fetched_by=user).filter(
        Q(employment_end__isnull=True) | Q(employment_end__gte=today)
    )
    form = SicknessReportForm(request.POST if request.method == "POST" else None, employees=employees)
    status = 200
    if request.method == "POST" and form.has_error(NON_FIELD_ERRORS, UNEXPECTED_FIELDS):
        status = 400
    elif request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        employee = values.pop("employee")
        reported, status = form_service_call(
            form, services.case_report_sickness, reported_by=user, employee=employee, **values
        )
        if reported is not None:
            case, created = reported
            if created:
                message = _("De ziekmelding van %(name)s is vastgelegd.")
            else:
                message = _(
                    "%(name)s is binnen 28 dagen na herstel opnieuw ziek: dit sluit aan op het bestaande "
                    "verzuimgeval, dat doorloopt."
                )
            messages.success(request, message % {"name": employee.full_name})
            return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/sickness_form.html", {"form": form}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_details(request: HttpRequest, case_id: str) -> HttpResponse:
    """Bereikbaarheid tijdens ziekte: the employer (and the casemanager) keep the phone number and the address
    where the employee stays current; a case without a phone number is a task of the employer (absence/todo.py)."""
    user = portal_user(request)
    if user.role not in services.CONTACT_DETAILS_ROLES:
        raise Http404
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="contact_details")
    initial = {"phone": case.phone, "care_address": case.care_address}
    form = ContactDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.has_error(NON_FIELD_ERRORS, UNEXPECTED_FIELDS):
        status = 400
    elif request.method == "POST" and form.is_valid():
        updated, status = form_service_call(
            form, services.case_contact_details_update, updated_by=user, case=case, **form.cleaned_data
        )
        if updated is not None:
            messages.success(
                request, _("De bereikbaarheid van %(name)s is bijgewerkt.") % {"name": case.employee.full_name}
            )
            return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/contact_details_form.html", {"form": form, "case": case}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_report(request: HttpRequest, case_id: str) -> HttpResponse:
    """Hersteld melden: a date and the percentage the employee works again (100 = fully recovered)."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="recovery_report")
    if user.role not in RECOVERY_ROLES:
        raise Http404
    form = RecoveryReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recovery, status = form_service_call(
            form,
            services.case_report_recovery,
            reported_by=user,
            case=case,
            date=data["date"],
            recovered_pct=data["recovered_pct"],
        )
        if recovery is not None:
            values = {
                "name": case.employee.full_name,
                "date": date_format(data["date"], "j F Y"),
                "pct": data["recovered_pct"],
            }
            if data["recovered_pct"] == 100:
                message = _("Het volledige herstel van %(name)s per %(date)s is vastgelegd.") % values
            else:
                message = _("Het herstel van %(name)s voor %(pct)s%% per %(date)s is vastgelegd.") % values
            messages.success(request, message)
            return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/recovery_form.html", {"form": form, "case": case}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def employee_invitation(request: HttpRequest, case_id: str) -> HttpResponse:
    """Werknemer uitnodigen: the employer user or the casemanager sends the employee a link to set a password."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="employee_invitation")
    if user.role not in services.EMPLOYEE_INVITE_ROLES:
        raise Http404
    form = EmployeeInvitationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        invitation, status = form_service_call(
            form, services.employee_invite, invited_by=user, case=case, email=form.cleaned_data["email"]
        )
        if invitation is not None:
            messages.success(
                request,
                _("%(name)s krijgt een e-mail met een link om een wachtwoord in te stellen.")
                % {"name": case.employee.full_name},
            )
            return redirect("case_detail", case_id=case.pk)
    return render(
        request,
        "cases/employee_invitation_form.html",
        {"form": form, "case": case, "valid_days": INVITATION_VALID_DAYS},
        status=status,
    )


def _step_to_complete(user: User, case: AbsenceCase, code: str) -> Step:
    """The step of `code` the completion page is about: its first open one, else its last one (already done or
    cancelled: the page says so). Http404 when the case has no such step or the user's role does not own it, as
    on the case page, where no link leads there."""
    steps = [step for step in selectors.case_steps(case=case) if step.code == code]
    if not steps:
        raise Http404
    step = next((s for s in steps if s.state == StepState.OPEN), steps[-1])
    if user.role not in services.OWNER_ROLES.get(step.owner, frozenset()):
        raise Http404
    return step


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def step_complete(request: HttpRequest, case_id: str, code: str) -> HttpResponse:
    """Afronden of one step by a role that owns it, on a page of its own (the case page links to it from the
    step's row): a date, and for staff a note. Errors show at the fields of this page."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="step_complete")
    if code not in poortwachter.STEP_CODES:
        raise Http404
    step = _step_to_complete(user, case, code)
    if request.method == "GET" and code in MANUAL_COMPLETION_EXCLUDED:
        raise Http404  # no completion page for steps nobody completes by hand; a POST gets the service's reason
    form = _step_form(user, code, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = form_service_call(
            form,
            services.step_complete,
            completed_by=user,
            case=case,
            code=code,
            completed_on=form.cleaned_data["completed_on"],
            note=form.cleaned_data.get("note", ""),
        )
        if done is not None:
            messages.success(request, _("De stap “%(title)s” is afgerond.") % {"title": done.title})
            # Back to the steps, at the row of the step just done (its date and who did it).
            return redirect(reverse("case_steps", args=[case.pk]) + f"#stap-{done.code}-{done.sequence}")
    completable = step_may_complete(user, case, step)
    if not completable and status == 200:
        status = 409 if request.method == "POST" else 200
    return render(
        request,
        "cases/step_complete.html",
        {
            "case": case,
            "step": step,
            "step_status_label": poortwachter.STATUS_LABELS[step.status_on(timezone.localdate())],
            "owner_label": OWNER_LABELS.get(step.owner, step.owner),
            "form": form if completable or form.is_bound else None,
            "completable": completable,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def caseload(request: HttpRequest) -> HttpResponse:
    """Werkvoorraad: the cases the user may see, most urgent deadline first, filterable by status and by employer
    (part of the name or the KvK number, searched within what the user may see).

    A constant number of queries however many cases (periods and next steps are prefetched).
    """
    user = portal_user(request)
    if user.role not in CASELOAD_ROLES:
        raise Http404
    filters = CaseloadFilterForm(request.GET or None)
    status, employer_search = filters.filters()
    cases = selectors.case_list_with_next_step(fetched_by=user, status=status, employer_search=employer_search)
    page = Paginator(cases, CASELOAD_PAGE_SIZE).get_page(request.GET.get("pagina"))
    kept = {name: request.GET.get(name, "") for name in ("werkgever", "status") if request.GET.get(name)}
    return render(
        request,
        "cases/caseload.html",
        {
            "title": _("Werkvoorraad") if user.role == Role.CASEMANAGER else _("Verzuimgevallen"),
            "filters": filters,
            "rows": case_rows(page.object_list, timezone.localdate()),
            "page": page,
            "filter_query": urlencode(kept),
        },
    )
