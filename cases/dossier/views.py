"""The dossier of one absence case: a header that says it in one glance, and its sections as pages of their own.

Every section page opens with the same header and tab bar (cases.absence.dossier): the overview (the 104 weeks as a
picture, the next steps, the latest functional assessment, what happened recently, counts that link to the
sections), the Poortwachter steps with the check, the advice log with the functional assessments and sanctions, the
interventions and the contact log. The documents (cases.documents) and the income consequences (cases.income) keep
their own pages with the same header. Forms live on their own pages (advice, sanction, intervention request,
casemanager change, recovery), never open on the overview. The re-integration report and the week-42 worksheet are
PDFs of the same dossier.

Who sees what follows docs/domain.md §3: insurer staff see dates, percentages and progress, not contact details,
notes, the summaries of the contact log or the content of the functional assessment; nobody but the physician sees
the medical compartment. Each section read is audited by case_get (its `view` says which section).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.absence import selectors, services
from cases.absence import views as views_absence
from cases.absence.dossier import dossier_header, open_dated, step_rows, timeline
from cases.absence.forms import CasemanagerAssignForm
from cases.absence.models import AbsenceCase
from cases.advice import selectors as selectors_advice
from cases.advice import views as views_advice
from cases.contacts import selectors as selectors_contacts
from cases.contacts import views as views_contacts
from cases.documents import check
from cases.documents import selectors as selectors_documents
from cases.dossier import pdf
from cases.interventions import selectors as selectors_interventions
from cases.interventions import services as services_interventions
from cases.interventions import views as views_interventions
from cases.medical import selectors as selectors_medical
from cases.medical import views_consultations
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import Role, User
from verzuim.pdf import pdf_response

# Roles that see the case's contact details, step notes and the content of the functional assessment.
DOSSIER_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})
# How many open steps and recent items the overview shows.
OVERVIEW_NEXT_STEPS = 3
OVERVIEW_RECENT = 3


def _base_context(user: User, case: AbsenceCase, today: dt.date, current: str) -> dict[str, Any]:
    """The header, the tabs and the step rows every section page shares (one query for the steps)."""
    rows = step_rows(user, case, selectors.case_steps(case=case), today)
    return {
        "case": case,
        "dossier": dossier_header(user=user, case=case, today=today, current=current, rows=rows),
        "step_rows": rows,
        "sees_dossier": user.role in DOSSIER_ROLES,
        "may_report_recovery": user.role in views_absence.RECOVERY_ROLES and views_absence.case_is_sick(case),
        "may_update_contact_details": user.role in services.CONTACT_DETAILS_ROLES and case.status == "open",
        "may_invite_employee": user.role in services.EMPLOYEE_INVITE_ROLES,
        "is_physician": user.role == Role.OCCUPATIONAL_PHYSICIAN,
        "is_insurer": user.role == Role.INSURER,
        "may_download_report": user.role in pdf.REPORT_ROLES,
    }


@never_cache
@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    """Overzicht: the header, the 104 weeks, the next steps, the latest assessment, recent items and counts."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id)
    today = timezone.localdate()
    context = _base_context(user, case, today, "overzicht")
    rows = context["step_rows"]
    assessments = selectors_medical.case_functional_assessments(case=case)
    contact_rows = selectors_contacts.contact_rows(fetched_by=user, case=case, today=today)
    recent_documents, document_count = selectors_documents.document_recent(case=case, limit=OVERVIEW_RECENT)
    advice_rows = selectors_advice.advice_rows(fetched_by=user, case=case, today=today)
    interventions = selectors_interventions.intervention_list(fetched_by=user, case=case)
    upcoming = open_dated(rows)
    context.update(
        {
            "timeline": timeline(case, rows, context["dossier"].clock_day),
            "next_rows": upcoming[:OVERVIEW_NEXT_STEPS],
            "open_step_count": len(upcoming),
            "overdue_step_count": sum(1 for r in upcoming if r.status == "overdue"),
            "latest_assessment": assessments[0] if assessments else None,
            "expected_duration": selectors_medical.expected_duration(case=case, assessments=assessments),
            "sees_contacts": user.role in selectors_contacts.CONTACT_READ_ROLES,
            "sees_contact_summaries": user.role in selectors_contacts.CONTACT_SUMMARY_ROLES,
            "recent_contacts": contact_rows[:OVERVIEW_RECENT],
            "contact_count": len(contact_rows),
            "recent_documents": recent_documents,
            "document_count": document_count,
            "advice_count": len(advice_rows),
            "advice_open_count": sum(1 for r in advice_rows if r.followup is None or r.followup.status != "done"),
            "advice_overdue_count": sum(1 for r in advice_rows if r.overdue),
            "intervention_count": len(interventions),
            "may_give_advice": user.role in selectors_advice.ADVICE_GIVER_ROLES,
            "may_log_contact": user.role in selectors_contacts.CONTACT_WRITE_ROLES,
            "may_request_intervention": user.role in services_interventions.REQUEST_ROLES and case.status == "open",
        }
    )
    context.update(views_consultations.consultation_context(user, case))  # the spreekuren: when, never why
    return render(request, "cases/detail.html", context)


@never_cache
@login_required
@require_http_methods(["GET"])
def case_steps(request: HttpRequest, case_id: str) -> HttpResponse:
    """Poortwachterstappen: every step with its owner, dates and status, and the Poortwachter check."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="steps")
    today = timezone.localdate()
    context = _base_context(user, case, today, "stappen")
    context["check"] = check.case_check(case=case, today=today)
    return render(request, "cases/section_steps.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_advice(request: HttpRequest, case_id: str) -> HttpResponse:
    """Adviezen: the functional assessments, the advice log with its follow-up and the wage sanctions. A POST records
    an advice (the form's own page, cases.advice.views.advice_add, posts here too)."""
    if request.method == "POST":
        return views_advice.advice_add(request, case_id)
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="advice")
    today = timezone.localdate()
    context = _base_context(user, case, today, "adviezen")
    assessments = selectors_medical.case_functional_assessments(case=case)
    context["assessments"] = assessments
    context["expected_duration"] = selectors_medical.expected_duration(case=case, assessments=assessments)
    context.update(views_advice.advice_context(user, case, today))
    return render(request, "cases/section_advice.html", context)


@never_cache
@login_required
@require_http_methods(["GET"])
def case_interventions(request: HttpRequest, case_id: str) -> HttpResponse:
    """Interventies: each intervention with the one form the user may use on it now."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="interventions")
    context = _base_context(user, case, timezone.localdate(), "interventies")
    context.update(views_interventions.intervention_context(user=user, case=case))
    return render(request, "cases/section_interventions.html", context)


@never_cache
@login_required
@require_http_methods(["GET"])
def case_contacts(request: HttpRequest, case_id: str) -> HttpResponse:
    """Contactmomenten: the contact log, for the roles that read it (the employer gets 404, as for the log's own
    pages)."""
    user = portal_user(request)
    if user.role not in selectors_contacts.CONTACT_READ_ROLES:
        raise Http404
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="contacts")
    today = timezone.localdate()
    context = _base_context(user, case, today, "contactmomenten")
    context.update(views_contacts.contact_context(user, case, today))
    return render(request, "cases/section_contacts.html", context)


def _render_assign(
    request: HttpRequest, user: User, case: AbsenceCase, form: CasemanagerAssignForm, status: int = 200
) -> HttpResponse:
    context = _base_context(user, case, timezone.localdate(), "overzicht")
    context["assign_form"] = form
    context["assignments"] = selectors.case_assignment_list(case=case)
    return render(request, "cases/casemanager_form.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def casemanager_assign(request: HttpRequest, case_id: str) -> HttpResponse:
    """Casemanager wijzigen: insurer staff only, on a page of its own; the history is kept by the service."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="casemanager_assign")
    if user.role != Role.INSURER:
        raise Http404
    if request.method != "POST":
        return _render_assign(
            request, user, case, CasemanagerAssignForm(casemanagers=selectors.casemanager_list_active())
        )
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
    return _render_assign(request, user, case, form)


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
