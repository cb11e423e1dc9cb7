"""Pages of the advice log (a section of the case page) and the poortwachter guarantee."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.absence import selectors
from cases.absence.models import AbsenceCase
from cases.advice import selectors as selectors_advice
from cases.advice import services as services_advice
from cases.advice.forms import AdviceForm, DecisionForm, FollowupForm, SanctionForm
from cases.advice.models import GuaranteeDecision
from verzuim.auth import portal_user
from verzuim.errors import StateConflict
from verzuim.forms import add_service_errors
from verzuim.models import User


def advice_context(user: User, case: AbsenceCase, today: dt.date) -> dict[str, Any]:
    """What the case page's advice and sanction section needs (cases/_advice.html)."""
    return {
        "advice_rows": selectors_advice.advice_rows(fetched_by=user, case=case, today=today),
        "may_give_advice": user.role in selectors_advice.ADVICE_GIVER_ROLES,
        "may_follow_up": user.role in selectors_advice.FOLLOWUP_ROLES,
        "advice_form": AdviceForm(),
        "sanctions": selectors_advice.case_sanctions(case=case, user=user),
        "may_record_sanction": user.role in selectors_advice.SANCTION_WRITE_ROLES,
        "sanction_form": SanctionForm(),
    }


def _back(case: AbsenceCase) -> str:
    return reverse("case_advice", args=[case.pk])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def advice_add(request: HttpRequest, case_id: str) -> HttpResponse:
    """Advies vastleggen, on a page of its own (the dossier's advice section links here and takes its POST too)."""
    user = portal_user(request)
    if user.role not in selectors_advice.ADVICE_GIVER_ROLES:
        raise Http404
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="advice_add")
    form = AdviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_advice.advice_give(given_by=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het advies is vastgelegd."))
            return redirect(_back(case))
    context = {"case": case, "form": form, "title": _("Advies vastleggen"), "action": request.path}
    return render(request, "cases/advice_form.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def followup_add(request: HttpRequest, case_id: str, advice_id: str) -> HttpResponse:
    user = portal_user(request)
    if user.role not in selectors_advice.FOLLOWUP_ROLES:
        raise Http404
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="advice_followup")
    advice = selectors_advice.advice_get(fetched_by=user, case=case, advice_id=advice_id)
    form = FollowupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_advice.followup_record(recorded_by=user, advice=advice, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De opvolging van het advies is vastgelegd."))
            return redirect(_back(case))
    context = {
        "case": case,
        "advice": advice,
        "form": form,
        "title": _("Opvolging van het advies vastleggen"),
        "action": request.path,
    }
    return render(request, "cases/advice_form.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sanction_add(request: HttpRequest, case_id: str) -> HttpResponse:
    """Loonsanctie vastleggen (insurer staff), on a page of its own."""
    user = portal_user(request)
    case = selectors_advice.sanction_case_get(fetched_by=user, case_id=case_id)
    form = SanctionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sanction = services_advice.sanction_record(recorded_by=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sanction_detail", sanction_id=sanction.pk)
    context = {"case": case, "form": form, "title": _("Loonsanctie vastleggen"), "action": request.path}
    return render(request, "cases/advice_form.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sanction_detail(request: HttpRequest, sanction_id: str) -> HttpResponse:
    """The evaluation of the dossier with its evidence; insurer staff decide on the guarantee here."""
    user = portal_user(request)
    sanction = selectors_advice.sanction_get(fetched_by=user, sanction_id=sanction_id, action="evaluation_page")
    may_decide = user.role in selectors_advice.SANCTION_WRITE_ROLES and sanction.decision == GuaranteeDecision.PENDING
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not may_decide:
            raise Http404
        if form.is_valid():
            try:
                services_advice.sanction_decide(decided_by=user, sanction=sanction, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StateConflict as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("De beslissing over de poortwachtergarantie is vastgelegd."))
                return redirect("sanction_detail", sanction_id=sanction.pk)
    context = {
        "sanction": sanction,
        "case": sanction.case,
        "evaluation": selectors_advice.sanction_evaluation(sanction=sanction),
        "may_decide": may_decide,
        "form": form,
    }
    return render(request, "cases/sanction_detail.html", context, status=status)
