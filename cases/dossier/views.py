"""The case page: the whole dossier of one absence case on one page, and the downloads made from it.

The page composes the feature packages: the steps (cases.absence), the functional assessments
(cases.medical), the Poortwachter check (cases.documents.check), the advice log and sanctions (cases.advice),
the interventions (cases.interventions) and the contact log (cases.contacts). Insurer staff change the casemanager
here. The re-integration report and the week-42 worksheet are PDFs of the same dossier.

Who sees what follows docs/domain.md §3: insurer staff see dates, percentages and progress, not contact details,
notes, the summaries of the contact log or the content of the functional assessment; nobody but the physician sees
the medical compartment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.absence import poortwachter, selectors, services
from cases.absence import views as views_absence
from cases.absence.forms import CasemanagerAssignForm
from cases.absence.models import AbsenceCase, Step, StepState
from cases.advice import views as views_advice
from cases.contacts import views as views_contacts
from cases.documents import check
from cases.dossier import pdf
from cases.interventions import views as views_interventions
from cases.medical import selectors as selectors_medical
from cases.medical import views_consultations
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import Role
from verzuim.pdf import pdf_response

# Roles that see the case's contact details, step notes and the content of the functional assessment.
DOSSIER_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})


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
        return str(views_absence.OWNER_LABELS.get(self.step.owner, self.step.owner))


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
        may_complete = step.code not in linked and views_absence.step_may_complete(user, case, step)
        if may_complete:
            linked.add(step.code)
        rows.append(StepRow(step=step, status=step.status_on(today), may_complete=may_complete))
    dated_open = [r.step for r in rows if r.step.state == StepState.OPEN and r.step.due_date is not None]
    next_step = min(dated_open, key=lambda s: (s.due_date, s.position)) if dated_open else None
    assessments = selectors_medical.case_functional_assessments(case=case)
    context: dict[str, Any] = {
        "case": case,
        "clock_day": views_absence.case_clock_day(case, today),
        "is_sick": views_absence.case_is_sick(case),
        "step_rows": rows,
        "next_step": next_step,
        "next_status": next_step.status_on(today) if next_step else "",
        "next_status_label": poortwachter.STATUS_LABELS[next_step.status_on(today)] if next_step else "",
        "assessments": assessments,
        "expected_duration": selectors_medical.expected_duration(case=case, assessments=assessments),
        "recovered": views_absence.case_recovered(case),
        "sees_dossier": user.role in DOSSIER_ROLES,
        "may_report_recovery": user.role in views_absence.RECOVERY_ROLES and views_absence.case_is_sick(case),
        "is_physician": user.role == Role.OCCUPATIONAL_PHYSICIAN,
        "is_insurer": user.role == Role.INSURER,
        "check": check.case_check(case=case, today=today),
        "may_download_report": user.role in pdf.REPORT_ROLES,
    }
    context.update(views_advice.advice_context(user, case, today))  # advice log and sanctions
    context.update(views_interventions.intervention_context(user=user, case=case))
    context.update(views_contacts.contact_context(user, case, today))  # the contact log
    context.update(views_consultations.consultation_context(user, case))  # the spreekuren: when, never why
    if user.role == Role.INSURER:
        context["assignments"] = selectors.case_assignment_list(case=case)
        context["assign_form"] = assign_form or CasemanagerAssignForm(casemanagers=selectors.casemanager_list_active())
    return render(request, "cases/detail.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.case_get(fetched_by=portal_user(request), case_id=case_id)
    return _render_case(request, case)


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


@never_cache
@login_required
@require_http_methods(["GET"])
def reintegration_report_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """Download the general part of the re-integration report (employer, casemanager, physician; else 404)."""
    user = portal_user(request)
    case = pdf.report_case_get(fetched_by=user, case_id=case_id, document="reintegration_report_pdf")
    today = timezone.localdate()
    rendered = pdf.reintegration_report_render(case=case, generated_by=user, today=today)
    return pdf_response(rendered, filename=pdf.report_filename(case, "re-integratieverslag", today))


@never_cache
@login_required
@require_http_methods(["GET"])
def week42_worksheet_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """Download the one-page worksheet for the 42nd-week notice to UWV (same roles as the report)."""
    user = portal_user(request)
    case = pdf.report_case_get(fetched_by=user, case_id=case_id, document="week42_worksheet_pdf")
    today = timezone.localdate()
    rendered = pdf.week42_worksheet_render(case=case, generated_by=user, today=today)
    return pdf_response(rendered, filename=pdf.report_filename(case, "42e-weeksmelding", today))
