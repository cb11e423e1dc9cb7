"""The physician's spreekuur pages (cases/medical/services_consultations.py has the rules and the legal basis):
plan one, record its outcome (the consultation note and the functional capabilities in one form), cancel it or
record that the employee did not come. The employer's occupational physician only; for every other role these pages
do not exist (404, cases.medical.selectors.consultation_case_get). The dossier's section "Spreekuren" is
consultation_context (cases/_consultations.html), composed by cases.dossier.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.services import CaseConflict
from cases.medical import selectors as selectors_medical
from cases.medical import services_consultations as services
from cases.medical.forms import ConsultationForm, ConsultationOutcomeForm
from cases.medical.models import Consultation, ConsultationStatus
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import Role, User


def consultation_context(user: User, case: AbsenceCase) -> dict[str, Any]:
    """What the dossier's section "Spreekuren" needs (cases/_consultations.html): when, how and the status, never
    why. Every role that sees the case sees it; the physician also gets the link to plan one."""
    return {
        "consultations": selectors_medical.consultation_rows(fetched_by=user, case=case),
        "may_plan_consultation": user.role == Role.OCCUPATIONAL_PHYSICIAN and case.status == CaseStatus.OPEN,
    }


def _back(case: AbsenceCase) -> str:
    return reverse("case_medical", args=[case.pk]) + "#spreekuren"


def _planned_message(consultation: Consultation) -> str:
    starts = timezone.localtime(consultation.starts_at)
    values = {"date": f"{starts:%d-%m-%Y}", "time": f"{starts:%H:%M}", "email": consultation.invite_email}
    if consultation.invite_email:
        return (
            _(
                "Het spreekuur van %(date)s om %(time)s is gepland. De uitnodiging met de agenda-afspraak wordt binnen "
                "een minuut verstuurd naar %(email)s."
            )
            % values
        )
    return (
        _(
            "Het spreekuur van %(date)s om %(time)s is gepland. Er gaat geen uitnodiging per e-mail: nodig de "
            "werknemer op een andere manier uit, bijvoorbeeld per telefoon of brief."
        )
        % values
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consultation_plan(request: HttpRequest, case_id: str) -> HttpResponse:
    user = portal_user(request)
    case = selectors_medical.consultation_case_get(fetched_by=user, case_id=case_id, action="consultation_plan")
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                consultation = services.consultation_plan(
                    physician=user,
                    case=case,
                    starts_at=form.starts_at(),
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    kind=form.cleaned_data["kind"],
                    location=form.cleaned_data["location"],
                    video_url=form.cleaned_data["video_url"],
                    invite_email=form.cleaned_data["invite_email"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "starts_at" in exc.error_dict:
                    exc.error_dict["day"] = exc.error_dict.pop("starts_at")  # the form asks date and time apart
                add_service_errors(form, exc)
            else:
                messages.success(request, _planned_message(consultation))
                return redirect(_back(case))
    else:
        form = ConsultationForm(initial={"invite_email": selectors_medical.last_invite_email(case=case)})
    context = {
        "case": case,
        "form": form,
        "title": _("Spreekuur plannen"),
        "action": request.path,
        "closed": case.status != CaseStatus.OPEN,
    }
    return render(request, "cases/consultation_form.html", context)


def _consultation(request: HttpRequest, case_id: str, consultation_id: str, action: str) -> tuple[User, Consultation]:
    user = portal_user(request)
    case = selectors_medical.consultation_case_get(fetched_by=user, case_id=case_id, action=action)
    return user, selectors_medical.consultation_get(case=case, consultation_id=consultation_id)


def _conflict(request: HttpRequest, consultation: Consultation, message: str, title: str) -> HttpResponse:
    context = {"case": consultation.case, "consultation": consultation, "title": title, "conflict": message}
    return render(request, "cases/consultation_outcome.html", context, status=409)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consultation_outcome(request: HttpRequest, case_id: str, consultation_id: str) -> HttpResponse:
    user, consultation = _consultation(request, case_id, consultation_id, "consultation_outcome")
    title = _("Uitkomst spreekuur vastleggen")
    if consultation.status != ConsultationStatus.PLANNED:
        message = _("Dit spreekuur is al %(status)s.") % {"status": consultation.get_status_display().lower()}
        return _conflict(request, consultation, message, title)
    if timezone.localdate(consultation.starts_at) > timezone.localdate():
        message = _("Dit spreekuur is nog niet geweest: de uitkomst legt u vast op of na de dag zelf.")
        return _conflict(request, consultation, message, title)
    if request.method == "POST":
        form = ConsultationOutcomeForm(request.POST, prefix="uitkomst")
        if form.is_valid():
            try:
                services.consultation_outcome_record(physician=user, consultation=consultation, **form.cleaned_data)
            except CaseConflict as exc:
                return _conflict(request, consultation, exc.message, title)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "De uitkomst is vastgelegd in het medisch dossier. De functionele mogelijkheden staan nu in "
                        "het verzuimdossier en in de volgende probleemanalyse."
                    ),
                )
                return redirect(_back(consultation.case))
    else:
        form = ConsultationOutcomeForm(prefix="uitkomst")
    context = {"case": consultation.case, "consultation": consultation, "form": form, "title": title}
    return render(request, "cases/consultation_outcome.html", context)


@never_cache
@login_required
@require_POST
def consultation_cancel(request: HttpRequest, case_id: str, consultation_id: str) -> HttpResponse:
    user, consultation = _consultation(request, case_id, consultation_id, "consultation_cancel")
    try:
        consultation = services.consultation_cancel(physician=user, consultation=consultation)
    except CaseConflict as exc:
        return _conflict(request, consultation, exc.message, _("Spreekuur afzeggen"))
    if consultation.invite_email:
        message = _("Het spreekuur is afgezegd. De werknemer krijgt hiervan bericht per e-mail.")
    else:
        message = _("Het spreekuur is afgezegd. Laat de werknemer dit zelf weten: er ging geen uitnodiging per e-mail.")
    messages.success(request, message)
    return redirect(_back(consultation.case))


@never_cache
@login_required
@require_POST
def consultation_no_show(request: HttpRequest, case_id: str, consultation_id: str) -> HttpResponse:
    user, consultation = _consultation(request, case_id, consultation_id, "consultation_no_show")
    try:
        consultation = services.consultation_no_show(physician=user, consultation=consultation)
    except CaseConflict as exc:
        return _conflict(request, consultation, exc.message, _("Niet verschenen"))
    messages.success(request, _("Vastgelegd: de werknemer is niet verschenen op het spreekuur."))
    return redirect(_back(consultation.case))
