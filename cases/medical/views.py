"""The medical compartment's pages: the occupational physician's consultation notes and the functional
assessment that flows from the compartment to the dossier (docs/domain.md §3). For every other role the
compartment does not exist (404, cases.medical.selectors.medical_note_list).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.absence.models import AbsenceCase
from cases.medical import selectors as selectors_medical
from cases.medical import services as services_medical
from cases.medical.forms import FunctionalAssessmentForm, MedicalNoteForm
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors


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
            "consultations": selectors_medical.consultation_list(case=case),
            "now": timezone.now(),
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
    case, notes = selectors_medical.medical_note_list(fetched_by=user, case_id=case_id)
    if request.method == "POST":
        form = MedicalNoteForm(request.POST, prefix="consult")
        if form.is_valid():
            try:
                services_medical.medical_note_add(physician=user, case=case, **form.cleaned_data)
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
    case, notes = selectors_medical.medical_note_list(fetched_by=user, case_id=case_id)
    form = FunctionalAssessmentForm(request.POST, prefix="fml")
    if form.is_valid():
        try:
            services_medical.functional_assessment_record(physician=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De functionele mogelijkheden zijn vastgelegd en staan nu in het dossier."))
            return redirect("case_detail", case_id=case.pk)
    return _render_medical(request, case, notes, assessment_form=form)
