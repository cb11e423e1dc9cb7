"""Pages of interventions (docs/domain.md §6): the section on the case page, its forms, and the network page.

The forms post to their own URLs; a form with errors comes back on a page of its own (like the recovery
report). A role that may not do an operation gets a 404, the same as a case that is not theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.absence import selectors
from cases.absence.forms import INVALID_DATE
from cases.absence.models import AbsenceCase
from cases.absence.services import CaseConflict
from cases.interventions import selectors as selectors_interventions
from cases.interventions import services as services_interventions
from cases.interventions.models import AdvisedBy, Intervention, InterventionKind, InterventionStatus, Provider
from verzuim.auth import portal_user
from verzuim.forms import DATE_INPUT_FORMATS, DateInput, DutchDecimalField, add_service_errors
from verzuim.models import User

APPROVE = "approve"
REJECT = "reject"
QUEUE_PAGE_SIZE = 50  # as in the premium review queue


class ProviderField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Provider.objects.none(),
            required=False,
            label=gettext_lazy("Aanbieder"),
            empty_label=gettext_lazy("Nog niet bekend"),
            error_messages={"invalid_choice": gettext_lazy("Kies een aanbieder uit de lijst.")},
            **kwargs,
        )


class ProviderFormMixin(forms.Form):
    provider = ProviderField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors_interventions.provider_choices()


class InterventionRequestForm(ProviderFormMixin):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort interventie"),
        choices=[("", gettext_lazy("Kies een soort")), *InterventionKind.choices],
        error_messages={
            "required": gettext_lazy("Kies een soort interventie."),
            "invalid_choice": gettext_lazy("Kies een soort interventie uit de lijst."),
        },
    )
    cost = DutchDecimalField(
        money=True,
        label=gettext_lazy("Kosten (euro)"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        error_messages={
            "required": gettext_lazy("Vul de kosten in."),
            "invalid": gettext_lazy("Vul een bedrag in, bijvoorbeeld 1250,00."),
            "min_value": gettext_lazy("De kosten kunnen niet negatief zijn."),
            "max_digits": gettext_lazy("Dat bedrag is te groot."),
            "max_decimal_places": gettext_lazy("Vul hoogstens twee cijfers achter de komma in."),
            "max_whole_digits": gettext_lazy("Dat bedrag is te groot."),
        },
    )
    advised_by = forms.ChoiceField(
        label=gettext_lazy("Geadviseerd door"),
        choices=AdvisedBy.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Geef aan wie de interventie heeft geadviseerd."),
            "invalid_choice": gettext_lazy("Alleen een advies van de bedrijfsarts of de casemanager telt."),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("De toelichting is te lang (hoogstens 2000 tekens).")},
    )
    field_order = ("kind", "provider", "cost", "advised_by", "description")


class InterventionDecisionForm(ProviderFormMixin):
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Verplicht bij afwijzen, en bij goedkeuren van een interventie die niet in aanmerking komt."
        ),
        error_messages={"max_length": gettext_lazy("De reden is te lang (hoogstens 2000 tekens).")},
    )


class InterventionFinishForm(ProviderFormMixin):
    finished_on = forms.DateField(
        label=gettext_lazy("Afgerond op"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"required": gettext_lazy("Vul de datum van afronding in."), "invalid": INVALID_DATE},
    )


def _mark(label: Any) -> forms.IntegerField:
    message = gettext_lazy("Geef een cijfer van 1 tot en met 10.")
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=10,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


class InterventionScoreForm(forms.Form):
    quality = _mark(gettext_lazy("Kwaliteit"))
    result = _mark(gettext_lazy("Resultaat"))
    timeliness = _mark(gettext_lazy("Tijdigheid"))
    satisfaction = _mark(gettext_lazy("Tevredenheid"))


def _prefix(intervention: Intervention) -> str:
    return f"iv-{intervention.pk.hex}"


def intervention_rows(*, user: User, case: AbsenceCase) -> list[dict[str, Any]]:
    """Each intervention of the case with the one form the user may use on it now (if any)."""
    rows = []
    for intervention in selectors_interventions.intervention_list(fetched_by=user, case=case):
        form: forms.Form | None = None
        form_kind = ""
        prefix = _prefix(intervention)
        if intervention.status == InterventionStatus.REQUESTED and user.role in services_interventions.DECIDE_ROLES:
            form = InterventionDecisionForm(prefix=prefix, initial={"provider": intervention.provider_id})
            form_kind = "decide"
        elif intervention.status == InterventionStatus.APPROVED and user.role in services_interventions.FINISH_ROLES:
            form = InterventionFinishForm(
                prefix=prefix, initial={"finished_on": timezone.localdate(), "provider": intervention.provider_id}
            )
            form_kind = "finish"
        elif (
            intervention.status == InterventionStatus.FINISHED
            and user.role in services_interventions.FINISH_ROLES
            and getattr(intervention, "score", None) is None
        ):
            form, form_kind = InterventionScoreForm(prefix=prefix), "score"
        rows.append({"intervention": intervention, "form": form, "form_kind": form_kind})
    return rows


def intervention_context(*, user: User, case: AbsenceCase) -> dict[str, Any]:
    """What the case page's "Interventies" section needs (cases/_interventions.html)."""
    may_request = user.role in services_interventions.REQUEST_ROLES and case.status == "open"
    return {
        "intervention_rows": intervention_rows(user=user, case=case),
        "may_request_intervention": may_request,
    }


def _back(case: AbsenceCase) -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("case_interventions", args=[case.pk]))


def _form_page(
    request: HttpRequest, case: AbsenceCase, form: forms.Form, title: str, button: str, status: int
) -> HttpResponse:
    context = {"case": case, "form": form, "title": title, "button": button}
    context["decide"] = isinstance(form, InterventionDecisionForm)
    return render(request, "cases/intervention_form.html", context, status=status)


def _attempt(form: forms.Form, action: Callable[[], Any]) -> int:
    """Run a service for a valid form: 0 when it worked, else the status of the page with the errors."""
    try:
        action()
    except PermissionDenied as exc:
        raise Http404 from exc
    except CaseConflict as exc:
        form.add_error(None, exc.message)
        return 409
    except ValidationError as exc:
        add_service_errors(form, exc)
        return 400
    return 0


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def intervention_request(request: HttpRequest, case_id: str) -> HttpResponse:
    """Interventie aanvragen, on a page of its own (the case page links to it; its provider list and fields
    are only rendered for the casemanager who asks for them)."""
    user = portal_user(request)
    case = selectors.case_get(fetched_by=user, case_id=case_id, action="intervention_request")
    if user.role not in services_interventions.REQUEST_ROLES:
        raise Http404
    if request.method == "GET":
        if case.status != "open":
            raise Http404  # the case page offers no request for a closed case
        form = InterventionRequestForm(prefix="interventie")
        return _form_page(request, case, form, _("Interventie aanvragen"), _("Aanvragen"), 200)
    form = InterventionRequestForm(request.POST, prefix="interventie")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services_interventions.intervention_request(
                requested_by=user,
                case=case,
                kind=data["kind"],
                cost=data["cost"],
                advised_by=data["advised_by"],
                description=data["description"],
                provider=data["provider"],
            ),
        )
        if not status:
            messages.success(request, _("De interventie is aangevraagd."))
            return _back(case)
    return _form_page(request, case, form, _("Interventie aanvragen"), _("Aanvragen"), status)


@never_cache
@login_required
@require_POST
def intervention_decide(request: HttpRequest, case_id: str, intervention_id: str) -> HttpResponse:
    user = portal_user(request)
    intervention = selectors_interventions.intervention_get(
        fetched_by=user, case_id=case_id, intervention_id=intervention_id, action="intervention_decide"
    )
    if user.role not in services_interventions.DECIDE_ROLES:
        raise Http404
    case = intervention.case
    form = InterventionDecisionForm(request.POST, prefix=_prefix(intervention))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == REJECT:
            status = _attempt(
                form,
                lambda: services_interventions.intervention_reject(
                    rejected_by=user, intervention=intervention, reason=data["reason"]
                ),
            )
            message = _("De interventie is afgewezen.")
        else:
            status = _attempt(
                form,
                lambda: services_interventions.intervention_approve(
                    approved_by=user, intervention=intervention, reason=data["reason"], provider=data["provider"]
                ),
            )
            message = _("De interventie is goedgekeurd.")
        if not status:
            messages.success(request, message)
            return _back(case)
    return _form_page(request, case, form, _("Interventie beoordelen"), _("Goedkeuren"), status)


@never_cache
@login_required
@require_POST
def intervention_finish(request: HttpRequest, case_id: str, intervention_id: str) -> HttpResponse:
    user = portal_user(request)
    intervention = selectors_interventions.intervention_get(
        fetched_by=user, case_id=case_id, intervention_id=intervention_id, action="intervention_finish"
    )
    if user.role not in services_interventions.FINISH_ROLES:
        raise Http404
    case = intervention.case
    form = InterventionFinishForm(request.POST, prefix=_prefix(intervention))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services_interventions.intervention_finish(
                finished_by=user, intervention=intervention, finished_on=data["finished_on"], provider=data["provider"]
            ),
        )
        if not status:
            messages.success(request, _("De interventie is afgerond. Geef de aanbieder nu een beoordeling."))
            return _back(case)
    return _form_page(request, case, form, _("Interventie afronden"), _("Afronden"), status)


@never_cache
@login_required
@require_POST
def intervention_score(request: HttpRequest, case_id: str, intervention_id: str) -> HttpResponse:
    user = portal_user(request)
    intervention = selectors_interventions.intervention_get(
        fetched_by=user, case_id=case_id, intervention_id=intervention_id, action="intervention_score"
    )
    if user.role not in services_interventions.FINISH_ROLES:
        raise Http404
    case = intervention.case
    form = InterventionScoreForm(request.POST, prefix=_prefix(intervention))
    status = 400
    if form.is_valid():
        status = _attempt(
            form,
            lambda: services_interventions.intervention_score(
                scored_by=user, intervention=intervention, **form.cleaned_data
            ),
        )
        if not status:
            messages.success(request, _("De beoordeling van de aanbieder is vastgelegd."))
            return _back(case)
    return _form_page(request, case, form, _("Aanbieder beoordelen"), _("Beoordeling vastleggen"), status)


@never_cache
@login_required
@require_GET
def provider_network(request: HttpRequest) -> HttpResponse:
    """Netwerk van aanbieders: best average score first, with counts and the average lead time."""
    providers = selectors_interventions.provider_network(fetched_by=portal_user(request))
    return render(request, "cases/provider_network.html", {"providers": providers})


@never_cache
@login_required
@require_GET
def intervention_review_queue(request: HttpRequest) -> HttpResponse:
    """Interventies beoordelen: the requests waiting for insurer staff, oldest first, 50 a page, in a constant
    number of queries. Each row links to the decision form on the case page."""
    interventions = selectors_interventions.intervention_review_list(fetched_by=portal_user(request))
    page = Paginator(interventions, QUEUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "cases/intervention_queue.html", {"page": page})
