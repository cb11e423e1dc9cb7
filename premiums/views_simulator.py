"""The premium simulator page (premiums.simulator): "Premie voor volgend jaar doorrekenen".

The employer user simulates its own premium (/premie/doorrekenen/), insurer staff any employer's
(/premies/werkgevers/<employer_id>/doorrekenen/); anyone else, and an employer user on another employer, gets a 404.
A GET form: without JavaScript a submit renders the whole page again; with htmx a changed field asks for the
result block only (HX-Request) and swaps it in. Nothing is stored but the audit row of each read.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from premiums import simulator
from premiums.forms import SimulatorForm
from verzuim.auth import portal_user
from verzuim.models import Role


def assumptions_from(form: SimulatorForm, basis: simulator.Basis) -> simulator.Assumptions:
    """The assumptions of a valid form; an empty field keeps its prefill."""
    data: dict[str, Any] = form.cleaned_data
    weeks = {
        case.case_id: data[name] if data.get(name) is not None else case.default_weeks
        for case, name in form.case_fields
    }
    other = data.get("overig_verzuim")
    chosen = data.get("interventie_verzuim")
    return simulator.Assumptions(
        recovers_in_weeks=weeks,
        other_absence_pct=basis.other_absence_pct_default if other is None else other,
        intervention_case=uuid.UUID(chosen) if chosen else None,
        intervention_weeks=data.get("interventie_weken") or simulator.DEFAULT_INTERVENTION_WEEKS,
    )


def _initial(basis: simulator.Basis) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "overig_verzuim": basis.other_absence_pct_default,
        "interventie_weken": simulator.DEFAULT_INTERVENTION_WEEKS,
    }
    initial.update({f"weken_{case.case_id}": case.default_weeks for case in basis.running})
    return initial


@never_cache
@login_required
@require_GET
def premium_simulator(request: HttpRequest, employer_id: str | None = None) -> HttpResponse:
    """Premie voor volgend jaar doorrekenen: next year's premium with the running sicknesses as the user expects."""
    user = portal_user(request)
    if employer_id is None and user.role != Role.EMPLOYER:
        raise Http404  # the own page is the employer user's; insurer staff name the employer
    employer = simulator.simulation_employer(
        fetched_by=user, employer_id=user.employer_id if employer_id is None else employer_id
    )
    today = timezone.localdate()
    year = simulator.next_year(today)
    action = (
        reverse("premium_simulator")
        if employer_id is None
        else reverse("premium_simulator_employer", kwargs={"employer_id": employer.pk})
    )
    context: dict[str, Any] = {"employer": employer, "year": year, "action": action, "own": employer_id is None}
    try:
        basis = simulator.simulation_basis(employer=employer, year=year, today=today)
    except ValidationError as error:
        context["problem"] = " ".join(error.messages)
        return render(request, "premiums/simulator.html", context)
    # Any field in the query is a submitted form (a link may carry one field only); none: the prefilled page.
    submitted = bool(request.GET)
    form = SimulatorForm(
        request.GET if submitted else None, cases=basis.running, initial=None if submitted else _initial(basis)
    )
    simulation = None
    if not submitted:
        simulation = simulator.simulate(basis, simulator.default_assumptions(basis))
    elif form.is_valid():
        simulation = simulator.simulate(basis, assumptions_from(form, basis))
    if simulation is not None:
        simulator.simulation_audit(user=user, basis=basis, view="premium_simulator")
    context.update({"basis": basis, "form": form, "simulation": simulation})
    # htmx asks for the result block only; when it restores a page from history it needs the whole page.
    if request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request"):
        return render(request, "premiums/_simulator_result.html", context)
    return render(request, "premiums/simulator.html", context)
