"""The employer's own arbodienst: an employer whose arbo contract is outside the policy records it,
and sees whether the registry of certified arbodiensten knows its certificate. Every other role: 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.professionals import selectors as selectors_professionals
from cases.professionals import services as services_professionals
from verzuim.forms import add_service_errors
from verzuim.models import Employer, Role, User

# The second button of the page: back to the arbodienst of the policy.
USE_POLICY = "polis"


class OwnArbodienstForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam van uw arbodienst"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Vul de naam van uw arbodienst in."),
            "max_length": gettext_lazy("De naam is te lang (hoogstens 200 tekens)."),
        },
    )
    certificate_number = forms.CharField(
        label=gettext_lazy("Certificaatnummer (SBCA of OVAL)"),
        help_text=gettext_lazy("Staat op het certificaat van uw arbodienst, en meestal op de website."),
        max_length=40,
        required=False,
        error_messages={"max_length": gettext_lazy("Het certificaatnummer is te lang (hoogstens 40 tekens).")},
    )


def _employer(request: HttpRequest) -> tuple[User, Employer]:
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.EMPLOYER or user.employer is None:
        raise Http404
    return user, user.employer


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def own_arbodienst(request: HttpRequest) -> HttpResponse:
    """Eigen arbodienst: what the employer recorded, whether it is certified, and the form to change it."""
    user, employer = _employer(request)
    today = timezone.localdate()
    current = selectors_professionals.employer_arbodienst_get(employer=employer, today=today)
    initial: dict[str, Any] = {}
    if current.recorded and current.record is not None:
        initial = {"name": current.record.name, "certificate_number": current.record.certificate_number}
    form = OwnArbodienstForm(initial=initial)
    if request.method == "POST":
        use_policy = request.POST.get("action") == USE_POLICY
        form = OwnArbodienstForm(request.POST, initial=initial)
        if use_policy or form.is_valid():
            data = {"name": "", "certificate_number": ""} if use_policy else form.cleaned_data
            try:
                services_professionals.employer_arbodienst_record(recorded_by=user, employer=employer, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if use_policy:
                    messages.success(request, _("Vastgelegd: u gebruikt de arbodienst van de polis."))
                else:
                    messages.success(request, _("Uw arbodienst %(name)s is vastgelegd.") % {"name": data["name"]})
                return redirect("own_arbodienst")
    return render(request, "cases/own_arbodienst.html", {"own": current, "form": form, "use_policy": USE_POLICY})
