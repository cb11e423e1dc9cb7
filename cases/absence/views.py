"""Pages of absence cases: sickness and recovery reports, the case page with every step, the medical
compartment and the caseload. Each view parses input, calls one service or selector, and renders.

Who sees what follows docs/domain.md §3: the employer never gets a free-text field (the step form has no note for
them) and never the medical compartment; insurer staff see dates, percentages and progress, not contact
details, notes or the content of the functional assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.absence import check, poortwachter, selectors, services
from cases.absence.forms import (
    UNEXPECTED_FIELDS,
    CaseloadFilterForm,
    CasemanagerAssignForm,
    FunctionalAssessmentForm,
    MedicalNoteForm,
    RecoveryReportForm,
    SicknessReportForm,
    StepCompleteForm,
)
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.advice import views as views_advice
from cases.documents import pdf
from cases.interventions.views import intervention_context
from verzuim import selectors as core_selectors
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import Role, User

OWNER_LABELS = {
    "employer": gettext_lazy("Werkgever"),
    "employee": gettext_lazy("Werknemer"),
    "physician": gettext_lazy("Bedrijfsarts"),
    "casemanager": gettext_lazy("Casemanager"),
    "labour_expert": gettext_lazy("Arbeidsdeskundige"),
    "insurer": gettext_lazy("Verzekeraar"),
    "none": gettext_lazy("Niemand (informatie)"),
}
# Roles with a case list page; the employer has its open cases on the dashboard.
CASELOAD_ROLES = frozenset({Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN})
# Roles that report recovery (as the API allows).
RECOVERY_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})
# Roles that see the case's contact details, step notes and the content of the functional assessment.
DOSSIER_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})
CASELOAD_PAGE_SIZE = 50


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
class CaseRow:
    """One line of a case list: the case, its clock day and its next deadline."""

    case: AbsenceCase
    clock_day: int
    is_sick: bool
    next_step: Step | None
    next_status: str

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
            )
        )
    return rows


@dataclass(frozen=True)
class StepRow:
    step: Step
    status: str
    # Whether the row links to the step's completion page (cases.absence.views.step_complete).
    may_complete: bool

    @property
    def status_label(self) -> str:
        return str(poortwachter.STATUS_LABELS[self.status])

    @property
    def owner_label(self) -> str:
        return str(OWNER_LABELS.get(self.step.owner, self.step.owner))


# Steps nobody completes by hand: the casemanager step is done by assigning one
# (services.case_assign_casemanager), the income step by recording the conversation (cases.income.services).
MANUAL_COMPLETION_EXCLUDED = frozenset({poortwachter.CASEMANAGER_ASSIGNED, poortwachter.INCOME_INSIGHT})


def _may_complete(user: User, case: AbsenceCase, step: Step) -> bool:
    return (
        case.status == CaseStatus.OPEN
        and step.state == StepState.OPEN
        and step.code not in MANUAL_COMPLETION_EXCLUDED
        and user.role in services.OWNER_ROLES.get(step.owner, frozenset())
    )


def _step_form(user: User, code: str, data: Any = None) -> StepCompleteForm:
    return StepCompleteForm(data, prefix=code, with_note=user.role in services.NOTE_ROLES)


def _render_case(
    request: HttpRequest,
    case: AbsenceCase,
    *,
    assign_form: CasemanagerAssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = portal_user(request)
    today = timezone.localdate()
    rows: list[StepRow] = []
    linked: set[str] = set()
    for step in selectors.case_steps(case=case):
        # Only the first open step of a code can be completed (the recurring plan review has one open at a time).
        may_complete = step.code not in linked and _may_complete(user, case, step)
        if may_complete:
            linked.add(step.code)
        rows.append(StepRow(step=step, status=step.status_on(today), may_complete=may_complete))
    dated_open = [r.step for r in rows if r.step.state == StepState.OPEN and r.step.due_date is not None]
    next_step = min(dated_open, key=lambda s: (s.due_date, s.position)) if dated_open else None
    context: dict[str, Any] = {
        "case": case,
        "clock_day": case_clock_day(case, today),
        "is_sick": case_is_sick(case),
        "step_rows": rows,
        "next_step": next_step,
        "next_status": next_step.status_on(today) if next_step else "",
        "next_status_label": poortwachter.STATUS_LABELS[next_step.status_on(today)] if next_step else "",
        "assessments": selectors.case_functional_assessments(case=case),
        "sees_dossier": user.role in DOSSIER_ROLES,
        "may_report_recovery": user.role in RECOVERY_ROLES and case_is_sick(case),
        "is_physician": user.role == Role.OCCUPATIONAL_PHYSICIAN,
        "is_insurer": user.role == Role.INSURER,
        "check": check.case_check(case=case, today=today),
        "may_download_report": user.role in pdf.REPORT_ROLES,
    }
    context.update(views_advice.advice_context(user, case, today))  # advice log and sanctions
    context.update(intervention_context(user=user, case=case))
    if user.role == Role.INSURER:
        context["assignments"] = selectors.case_assignment_list(case=case)
        context["assign_form"] = assign_form or CasemanagerAssignForm(casemanagers=selectors.casemanager_list_active())
    return render(request, "cases/detail.html", context, status=status)


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
        try:
            case, created = services.case_report_sickness(reported_by=user, employee=employee, **values)
        except services.CaseConflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
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
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.case_get(fetched_by=portal_user(request), case_id=case_id)
    return _render_case(request, case)


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
        try:
            services.case_report_recovery(
                reported_by=user, case=case, date=data["date"], recovered_pct=data["recovered_pct"]
            )
        except services.CaseConflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            values = {
                "name": case.employee.full_name,
                "date": date_format(data["date"], "j F Y"),
                "pct": data["recovered_pct"],
            }
            if data["recovered_pct"] == 100:
                message = _("Het volledig herstel van %(name)s per %(date)s is vastgelegd.") % values
            else:
                message = _("Het herstel van %(name)s voor %(pct)s%% per %(date)s is vastgelegd.") % values
            messages.success(request, message)
            return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/recovery_form.html", {"form": form, "case": case}, status=status)


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
        try:
            done = services.step_complete(
                completed_by=user,
                case=case,
                code=code,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data.get("note", ""),
            )
        except services.CaseConflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except PermissionDenied as exc:
            raise Http404 from exc  # pages answer "not for your role" as "not there"
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De stap “%(title)s” is afgerond.") % {"title": done.title})
            return redirect("case_detail", case_id=case.pk)
    completable = _may_complete(user, case, step)
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
@require_POST
def casemanager_assign(request: HttpRequest, case_id: str) -> HttpResponse:
    """Casemanager wijzigen: insurer staff only; the history is kept by the service."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="casemanager_assign")
    if user.role != Role.INSURER:
        raise Http404
    form = CasemanagerAssignForm(request.POST, casemanagers=selectors.casemanager_list_active())
    if form.is_valid():
        chosen = form.cleaned_data["casemanager"]
        try:
            services.case_assign_casemanager(
                case=case, reason=form.cleaned_data["reason"], casemanager=chosen, assigned_by=user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is nu de casemanager.") % {"name": chosen.get_full_name()})
            return redirect("case_detail", case_id=case.pk)
    return _render_case(request, case, assign_form=form)


def _render_medical(
    request: HttpRequest,
    case: AbsenceCase,
    notes: list[Any],
    *,
    note_form: MedicalNoteForm | None = None,
    assessment_form: FunctionalAssessmentForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "cases/medical.html",
        {
            "case": case,
            "notes": notes,
            "note_form": note_form or MedicalNoteForm(prefix="consult"),
            "assessment_form": assessment_form or FunctionalAssessmentForm(prefix="fml"),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def medical(request: HttpRequest, case_id: str) -> HttpResponse:
    """The medical compartment: the employer's occupational physician only; for everyone else it does not exist."""
    user = portal_user(request)
    case, notes = selectors.medical_note_list(fetched_by=user, case_id=case_id)
    if request.method == "POST":
        form = MedicalNoteForm(request.POST, prefix="consult")
        if form.is_valid():
            try:
                services.medical_note_add(physician=user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De aantekening is opgeslagen in het medisch dossier."))
                return redirect("case_medical", case_id=case.pk)
        return _render_medical(request, case, notes, note_form=form)
    return _render_medical(request, case, notes)


@never_cache
@login_required
@require_POST
def functional_assessment(request: HttpRequest, case_id: str) -> HttpResponse:
    """Record what flows from the medical compartment to the dossier (the four things of docs/domain.md §3)."""
    user = portal_user(request)
    case, notes = selectors.medical_note_list(fetched_by=user, case_id=case_id)
    form = FunctionalAssessmentForm(request.POST, prefix="fml")
    if form.is_valid():
        try:
            services.functional_assessment_record(physician=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De functionele mogelijkheden zijn vastgelegd en staan nu in het dossier."))
            return redirect("case_detail", case_id=case.pk)
    return _render_medical(request, case, notes, assessment_form=form)


@never_cache
@login_required
@require_http_methods(["GET"])
def reintegration_report_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """Download the general part of the re-integration report (employer, casemanager, physician; else 404)."""
    user = portal_user(request)
    case = pdf.report_case_get(fetched_by=user, case_id=case_id, document="reintegration_report_pdf")
    today = timezone.localdate()
    rendered = pdf.reintegration_report_render(case=case, generated_by=user, today=today)
    return pdf.pdf_response(rendered, filename=pdf.report_filename(case, "re-integratieverslag", today))


@never_cache
@login_required
@require_http_methods(["GET"])
def week42_worksheet_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """Download the one-page worksheet for the 42nd-week notice to UWV (same roles as the report)."""
    user = portal_user(request)
    case = pdf.report_case_get(fetched_by=user, case_id=case_id, document="week42_worksheet_pdf")
    today = timezone.localdate()
    rendered = pdf.week42_worksheet_render(case=case, generated_by=user, today=today)
    return pdf.pdf_response(rendered, filename=pdf.report_filename(case, "42e-weeksmelding", today))


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
