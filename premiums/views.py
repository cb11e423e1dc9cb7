"""Premium pages: the review queue and calculation page of insurer staff (four eyes), the employer's premium
with a plain-Dutch explanation, and the premium notice (PDF). Each view parses input, calls one service or
selector, and renders.

Who sees what: insurer staff (and admins, read-only) every calculation; an employer only its own approved
ones, on its own page. Anyone else gets a 404, the same as for a calculation that does not exist.

Stale data (premiums.staleness, docs/domain.md §7): the queue and the calculation page show each premium against
the last approved one (euros and %) and warn when the employer's roster or absence figures changed since the
calculation; approving such a calculation needs the box `confirm_stale` ticked, and "Opnieuw berekenen" is one
POST from the queue row or the page. The employer's page explains a premium whose number of insured employees
differs from the employees in service now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from premiums import explanation, pdf, selectors, services, staleness
from premiums.forms import ApproveForm, PremiumYearForm, RejectForm
from premiums.models import CalculationStatus, PremiumCalculation
from verzuim.auth import portal_user
from verzuim.models import Role, User
from verzuim.selectors import employee_count_in_service

# Roles that see the review queue and the calculation pages; only insurer staff act (the services check it).
REVIEW_ROLES = frozenset({Role.INSURER, Role.ADMIN})
QUEUE_PAGE_SIZE = 50


def _require_review_role(user: User) -> None:
    if user.role not in REVIEW_ROLES:
        raise Http404


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A refusal by the service (four eyes) as a 403 page that says why, in Dutch."""
    return render(request, "premiums/forbidden.html", {"message": str(exc)}, status=403)


# --- The review queue ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    slug: str
    label: Any
    statuses: tuple[str, ...]
    order_by: tuple[Any, ...]
    empty_text: Any


TABS = (
    Tab(
        "ter-beoordeling",
        gettext_lazy("Ter beoordeling"),
        (CalculationStatus.SUBMITTED,),
        # First come, first served.
        ("submitted_at", "pk"),
        gettext_lazy("Er wacht geen berekening op beoordeling."),
    ),
    Tab(
        "nog-indienen",
        gettext_lazy("Nog indienen"),
        (CalculationStatus.DRAFT,),
        ("-year", "employer__name", "pk"),
        gettext_lazy("Er zijn geen berekeningen van de verlenging die nog ingediend moeten worden."),
    ),
    Tab(
        "afgehandeld",
        gettext_lazy("Afgehandeld"),
        (CalculationStatus.APPROVED, CalculationStatus.REJECTED, CalculationStatus.SUPERSEDED),
        # Most recently reviewed first; a replaced draft was never reviewed and comes last.
        (F("reviewed_at").desc(nulls_last=True), "-created_at", "pk"),
        gettext_lazy("Er zijn nog geen afgehandelde berekeningen."),
    ),
)
TABS_BY_SLUG = {tab.slug: tab for tab in TABS}


@dataclass(frozen=True)
class TabLink:
    tab: Tab
    count: int
    current: bool
    url: str


@dataclass(frozen=True)
class QueueRow:
    calculation: PremiumCalculation
    check: staleness.Check


@never_cache
@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Premies beoordelen: the calculations by state, 50 a page, in a constant number of queries."""
    user = portal_user(request)
    _require_review_role(user)
    tab = TABS_BY_SLUG.get(request.GET.get("lijst", ""), TABS[0])
    counts = selectors.calculation_status_counts(fetched_by=user)
    calculations = selectors.calculation_list_in(fetched_by=user, statuses=tab.statuses, order_by=tab.order_by)
    page = Paginator(calculations, QUEUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    base = reverse("premium_review_queue")
    tabs = [
        TabLink(
            tab=each,
            count=sum(counts.get(status, 0) for status in each.statuses),
            current=each is tab,
            url=f"{base}?{urlencode({'lijst': each.slug})}",
        )
        for each in TABS
    ]
    rows = list(page.object_list)
    checks = staleness.checks(rows)
    return render(
        request,
        "premiums/review_queue.html",
        {
            "tab": tab,
            "tabs": tabs,
            "page": page,
            "rows": [QueueRow(calculation, checks[calculation.pk]) for calculation in rows],
            "may_recalculate": user.role == Role.INSURER,
            "filter_query": urlencode({"lijst": tab.slug}),
        },
    )


# --- One calculation (insurer staff) ---------------------------------------------------------------------------


def _render_calculation(
    request: HttpRequest,
    calculation: PremiumCalculation,
    *,
    reject_form: RejectForm | None = None,
    approve_form: ApproveForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = portal_user(request)
    is_insurer = user.role == Role.INSURER
    is_author = calculation.submitted_by_id == user.pk
    submitted = calculation.status == CalculationStatus.SUBMITTED
    check = staleness.check(calculation)
    context = {
        "calculation": calculation,
        "check": check,
        "approve_form": approve_form or ApproveForm(),
        "explanation": explanation.explain(calculation),
        "employees": explanation.insured_employees(calculation),
        "error": error,
        "is_author": is_author,
        "is_insurer": is_insurer,
        "may_submit": is_insurer and calculation.status == CalculationStatus.DRAFT,
        "may_review": is_insurer and submitted and not is_author,
        "author_waits": is_insurer and submitted and is_author,
        "may_recalculate": is_insurer and calculation.status != CalculationStatus.SUPERSEDED,
        "reject_form": reject_form or RejectForm(),
    }
    return render(request, "premiums/calculation_detail.html", context, status=status)


def _calculation(request: HttpRequest, calculation_id: str, view: str) -> PremiumCalculation:
    user = portal_user(request)
    _require_review_role(user)
    return selectors.calculation_read(fetched_by=user, calculation_id=calculation_id, view=view)


@never_cache
@login_required
@require_GET
def calculation_detail(request: HttpRequest, calculation_id: str) -> HttpResponse:
    """Every input and intermediate number of one calculation, with the four-eyes actions."""
    return _render_calculation(request, _calculation(request, calculation_id, "premium_calculation"))


@never_cache
@login_required
@require_POST
def calculation_submit(request: HttpRequest, calculation_id: str) -> HttpResponse:
    """Indienen: a staff member checked a renewal draft and becomes its author."""
    calculation = _calculation(request, calculation_id, "premium_calculation_submit")
    try:
        services.premium_submit(submitted_by=portal_user(request), calculation=calculation)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except services.PremiumConflict as exc:
        return _render_calculation(request, calculation, error=exc.message, status=409)
    messages.success(request, _("De berekening is ingediend. Een collega moet haar nu beoordelen (vier ogen)."))
    return redirect("premium_calculation", calculation_id=calculation.pk)


@never_cache
@login_required
@require_POST
def calculation_approve(request: HttpRequest, calculation_id: str) -> HttpResponse:
    """Goedkeuren by a second staff member; the author gets a 403 page that says why."""
    calculation = _calculation(request, calculation_id, "premium_calculation_approve")
    form = ApproveForm(request.POST)
    form.is_valid()  # one optional box: always valid
    try:
        services.premium_approve(
            reviewed_by=portal_user(request),
            calculation=calculation,
            stale_confirmed=bool(form.cleaned_data.get("confirm_stale")),
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except services.PremiumConflict as exc:
        return _render_calculation(request, calculation, error=exc.message, status=409)
    except ValidationError as exc:
        form.add_error("confirm_stale", exc.message_dict.get(services.STALE_NOT_CONFIRMED, exc.messages))
        return _render_calculation(request, calculation, approve_form=form)
    messages.success(
        request,
        _("De premie %(year)s van %(employer)s is goedgekeurd. De werkgever ziet haar nu in het portaal.")
        % {"year": calculation.year, "employer": calculation.employer.name},
    )
    return redirect("premium_review_queue")


@never_cache
@login_required
@require_POST
def calculation_reject(request: HttpRequest, calculation_id: str) -> HttpResponse:
    """Afkeuren with a reason, by a second staff member."""
    calculation = _calculation(request, calculation_id, "premium_calculation_reject")
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_calculation(request, calculation, reject_form=form)
    try:
        services.premium_reject(
            reviewed_by=portal_user(request), calculation=calculation, reason=form.cleaned_data["reason"]
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except services.PremiumConflict as exc:
        return _render_calculation(request, calculation, error=exc.message, status=409)
    except ValidationError as exc:
        form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        return _render_calculation(request, calculation, reject_form=form)
    messages.success(
        request,
        _("De premie %(year)s van %(employer)s is afgekeurd.")
        % {"year": calculation.year, "employer": calculation.employer.name},
    )
    return redirect("premium_review_queue")


@never_cache
@login_required
@require_POST
def calculation_recalculate(request: HttpRequest, calculation_id: str) -> HttpResponse:
    """Opnieuw berekenen: the policy-year calculated now; the staff member is the author of the new one."""
    calculation = _calculation(request, calculation_id, "premium_calculation_recalculate")
    try:
        fresh = services.premium_calculate(
            calculated_by=portal_user(request), policy=calculation.policy, year=calculation.year
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as exc:
        return _render_calculation(request, calculation, error=" ".join(exc.messages), status=400)
    messages.success(
        request,
        _("De premie is opnieuw berekend en ingediend. Een collega moet haar nu beoordelen (vier ogen)."),
    )
    return redirect("premium_calculation", calculation_id=fresh.pk)


# --- The employer's premium ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadcountNote:
    """Why the premium counts another number of employees than the employer has in service now."""

    employee_count: int
    reference_date: dt.date | None
    calculated_on: dt.date
    in_service_now: int
    # The number in service on the reference date changed after the calculation (premiums.staleness).
    roster_changed: bool
    employee_count_on_reference_date_now: int | None


@dataclass(frozen=True)
class Explained:
    calculation: PremiumCalculation
    explanation: explanation.Explanation
    headcount_note: HeadcountNote | None = None


def headcount_note(
    calculation: PremiumCalculation, check: staleness.Check, *, in_service_now: int
) -> HeadcountNote | None:
    """A note when the premium's number of insured employees is not the number in service now (the employer's
    dashboard and employee list), or when the number in service on the reference date changed since the
    calculation; None when nothing contradicts."""
    freshness = check.freshness
    roster_changed = freshness is not None and freshness.employee_count_changed
    if calculation.employee_count == in_service_now and not roster_changed:
        return None
    return HeadcountNote(
        employee_count=calculation.employee_count,
        reference_date=freshness.reference_date if freshness else explanation.explain(calculation).reference_date,
        calculated_on=calculation.calculated_on,
        in_service_now=in_service_now,
        roster_changed=roster_changed,
        employee_count_on_reference_date_now=freshness.employee_count_now if freshness else None,
    )


@never_cache
@login_required
@require_GET
def employer_premium(request: HttpRequest) -> HttpResponse:
    """Uw premie: the approved premium(s) of a year, newest year first, explained with the employer's numbers."""
    user = portal_user(request)
    if user.role != Role.EMPLOYER:
        raise Http404
    years = selectors.calculation_years(fetched_by=user, status=CalculationStatus.APPROVED)
    year = years[0] if years else None
    year_error = ""
    if years and request.GET.get("jaar"):
        chosen = PremiumYearForm(request.GET, years=years)
        if chosen.is_valid():
            year = chosen.cleaned_data["jaar"]
        else:
            year_error = _("Voor dit jaar is er geen goedgekeurde premie. U ziet nu de premie van %(year)d.") % {
                "year": year
            }
    year_form = PremiumYearForm(initial={"jaar": str(year)}, years=years)
    calculations = (
        list(selectors.calculation_list(fetched_by=user, status=CalculationStatus.APPROVED, year=year))
        if year is not None
        else []
    )
    selectors.calculation_audit_read(fetched_by=user, calculations=calculations, view="premium_employer")
    checks = staleness.checks(calculations)
    in_service = employee_count_in_service(fetched_by=user) if calculations else 0
    return render(
        request,
        "premiums/employer.html",
        {
            "year": year,
            "years": years,
            "year_form": year_form,
            "year_error": year_error,
            "premiums": [
                Explained(c, explanation.explain(c), headcount_note(c, checks[c.pk], in_service_now=in_service))
                for c in calculations
            ],
        },
    )


# --- The premium notice (PDF) ----------------------------------------------------------------------------------


def notice_filename(calculation: PremiumCalculation) -> str:
    return f"premienota-{slugify(calculation.policy.policy_number) or 'polis'}-{calculation.year}.pdf"


@never_cache
@login_required
@require_GET
def premium_notice_pdf(request: HttpRequest, calculation_id: str) -> HttpResponse:
    """De premienota: the employer for its own approved premiums, insurer staff for any calculation."""
    user = portal_user(request)
    calculation = selectors.calculation_read(fetched_by=user, calculation_id=calculation_id, view="premium_notice_pdf")
    today: dt.date = timezone.localdate()
    rendered = pdf.premium_notice_render(calculation=calculation, generated_by=user, today=today)
    return pdf.pdf_response(rendered, filename=notice_filename(calculation))
