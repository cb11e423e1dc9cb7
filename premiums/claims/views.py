"""Pages of claims (declaraties): the claims of one case, one claim statement with its lines, the overview with
totals and its export. Insurer staff calculate, approve (four eyes), report paid and cancel; the employer reads its
approved claims; every other role gets a 404 (premiums.claims.selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.absence.models import AbsenceCase
from premiums.claims import exports as exports_claims
from premiums.claims import rules as claims
from premiums.claims import selectors as selectors_claims
from premiums.claims import services as services_claims
from premiums.claims.forms import ClaimCancelForm, ClaimCreateForm, ClaimFilterForm
from premiums.claims.models import Claim, ClaimStatus
from verzuim import numbers
from verzuim.audit import audit_record
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import AuditAction, Role, User

OVERVIEW_PAGE_SIZE = 50
CATEGORY_LABELS = {
    claims.Category.PAID: gettext_lazy("Vergoed"),
    claims.Category.WAITING: gettext_lazy("Eigen risico (wachtdagen)"),
    claims.Category.NO_POLICY: gettext_lazy("Buiten de looptijd van de polis"),
    claims.Category.NOT_EMPLOYED: gettext_lazy("Buiten het dienstverband"),
    claims.Category.BEYOND_104_WEEKS: gettext_lazy("Na 104 weken ziekte"),
}


@dataclass(frozen=True)
class LineRow:
    """A stored statement line (Claim.lines) for the template."""

    start: dt.date
    end: dt.date
    category: str
    work_days: int
    absent_pct: Decimal
    coverage_year: int | None
    coverage_pct: Decimal
    daily_wage: Decimal
    amount: Decimal

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(claims.Category(self.category), self.category))

    @property
    def is_paid(self) -> bool:
        return self.category == claims.Category.PAID


def line_rows(claim: Claim) -> list[LineRow]:
    return [
        LineRow(
            start=dt.date.fromisoformat(line["start"]),
            end=dt.date.fromisoformat(line["end"]),
            category=line["category"],
            work_days=line["work_days"],
            absent_pct=Decimal(line["absent_pct"]),
            coverage_year=line["coverage_year"],
            coverage_pct=Decimal(line["coverage_pct"]),
            daily_wage=Decimal(line["daily_wage"]),
            amount=Decimal(line["amount"]),
        )
        for line in claim.lines
    ]


def _render_case_claims(
    request: HttpRequest, case: AbsenceCase, *, form: ClaimCreateForm | None = None, status: int = 200
) -> HttpResponse:
    user = portal_user(request)
    claim_list = selectors_claims.claim_list(fetched_by=user, case=case)
    context: dict[str, Any] = {
        "case": case,
        "claims": list(claim_list),
        "totals": selectors_claims.claim_totals(claim_list),
        "is_insurer": user.role == Role.INSURER,
    }
    if user.role == Role.INSURER:
        context["form"] = form or ClaimCreateForm()
    return render(request, "premiums/claims_case.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_claims(request: HttpRequest, case_id: str) -> HttpResponse:
    """Declaraties of one case; insurer staff calculate a new one here."""
    user = portal_user(request)
    case = selectors_claims.claim_case_get(fetched_by=user, case_id=case_id)
    if request.method != "POST":
        return _render_case_claims(request, case)
    if user.role != Role.INSURER:
        raise Http404
    form = ClaimCreateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            claim = services_claims.claim_create(created_by=user, case=case, **form.cleaned_data)
        except services_claims.ClaimConflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("De declaratie is berekend: %(amount)s. Een tweede medewerker keurt haar goed.")
                % {"amount": numbers.format_euro(claim.amount)},
            )
            return redirect("claim_detail", claim_id=claim.pk)
    return _render_case_claims(request, case, form=form, status=status)


def _render_claim(
    request: HttpRequest,
    claim: Claim,
    *,
    cancel_form: ClaimCancelForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = portal_user(request)
    is_insurer = user.role == Role.INSURER
    context = {
        "claim": claim,
        "lines": line_rows(claim),
        "is_insurer": is_insurer,
        "may_approve": is_insurer and claim.status == ClaimStatus.CALCULATED and claim.created_by_id != user.pk,
        "awaits_other_approver": is_insurer
        and claim.status == ClaimStatus.CALCULATED
        and claim.created_by_id == user.pk,
        "may_pay": is_insurer and claim.status == ClaimStatus.APPROVED,
        "may_cancel": is_insurer and claim.status in {ClaimStatus.CALCULATED, ClaimStatus.APPROVED},
        "cancel_form": cancel_form or ClaimCancelForm(),
        "error": error,
    }
    return render(request, "premiums/claims_detail.html", context, status=status)


@never_cache
@login_required
@require_GET
def claim_detail(request: HttpRequest, claim_id: str) -> HttpResponse:
    claim = selectors_claims.claim_get(fetched_by=portal_user(request), claim_id=claim_id)
    return _render_claim(request, claim)


def _insurer_claim(request: HttpRequest, claim_id: str) -> Claim:
    user = portal_user(request)
    claim = selectors_claims.claim_get(fetched_by=user, claim_id=claim_id)
    if user.role != Role.INSURER:
        raise Http404  # pages answer "not for your role" as "not there"
    return claim


@never_cache
@login_required
@require_POST
def claim_approve(request: HttpRequest, claim_id: str) -> HttpResponse:
    claim = _insurer_claim(request, claim_id)
    try:
        claim = services_claims.claim_approve(approved_by=portal_user(request), claim=claim)
    except services_claims.ClaimConflict as exc:
        return _render_claim(request, claim, error=exc.message, status=409)
    except PermissionDenied as exc:
        return _render_claim(request, claim, error=str(exc), status=403)
    messages.success(request, _("De declaratie is goedgekeurd; de werkgever ziet haar nu."))
    return redirect("claim_detail", claim_id=claim.pk)


@never_cache
@login_required
@require_POST
def claim_pay(request: HttpRequest, claim_id: str) -> HttpResponse:
    claim = _insurer_claim(request, claim_id)
    try:
        claim = services_claims.claim_mark_paid(paid_by=portal_user(request), claim=claim)
    except services_claims.ClaimConflict as exc:
        return _render_claim(request, claim, error=exc.message, status=409)
    messages.success(request, _("De declaratie is als betaald gemeld."))
    return redirect("claim_detail", claim_id=claim.pk)


@never_cache
@login_required
@require_POST
def claim_cancel(request: HttpRequest, claim_id: str) -> HttpResponse:
    claim = _insurer_claim(request, claim_id)
    form = ClaimCancelForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, cancel_form=form, status=400)
    try:
        claim = services_claims.claim_cancel(
            cancelled_by=portal_user(request), claim=claim, reason=form.cleaned_data["reason"]
        )
    except services_claims.ClaimConflict as exc:
        return _render_claim(request, claim, error=exc.message, status=409)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_claim(request, claim, cancel_form=form, status=400)
    messages.success(request, _("De declaratie is ingetrokken."))
    return redirect("claim_detail", claim_id=claim.pk)


def _overview_filters(request: HttpRequest, user: User) -> tuple[ClaimFilterForm, int | None, str | None]:
    years = [
        day.year for day in selectors_claims.claim_list(fetched_by=user, audit=False).dates("period_start", "year")
    ]
    current = timezone.localdate().year
    if current not in years:
        years.append(current)
    form = ClaimFilterForm(request.GET or None, years=sorted(years, reverse=True))
    year, status = form.filters() if request.GET else (None, None)
    return form, year, status


@never_cache
@login_required
@require_GET
def claim_overview(request: HttpRequest) -> HttpResponse:
    """Declaraties: insurer staff every claim, an employer its own; by year and status, with totals."""
    user = portal_user(request)
    if user.role not in selectors_claims.CLAIM_ROLES:
        raise Http404
    filters, year, status = _overview_filters(request, user)
    claim_list = selectors_claims.claim_list(fetched_by=user, year=year, status=status)
    page = Paginator(claim_list, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("pagina"))
    kept = {name: request.GET.get(name, "") for name in ("jaar", "status") if request.GET.get(name)}
    return render(
        request,
        "premiums/claims_overview.html",
        {
            "filters": filters,
            "page": page,
            "totals": selectors_claims.claim_totals(claim_list),
            "filter_query": urlencode(kept),
            "shows_employer": user.role != Role.EMPLOYER,
        },
    )


@never_cache
@login_required
@require_GET
def claim_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The overview (same filters, every page) as CSV or XLSX."""
    user = portal_user(request)
    if user.role not in selectors_claims.CLAIM_ROLES or file_format not in {"csv", "xlsx"}:
        raise Http404
    _filters, year, status = _overview_filters(request, user)
    claim_list = selectors_claims.claim_list(fetched_by=user, year=year, status=status, audit=False)
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="claim",
        employer=user.employer if user.role == Role.EMPLOYER else None,
        changes={"export": file_format, "filter": {"year": year or "", "status": status or ""}},
    )
    name = "declaraties" + (f"-{year}" if year else "") + (f"-{status}" if status else "")
    rows = claim_list.iterator(chunk_size=2000)
    if file_format == "csv":
        response = HttpResponse(exports_claims.claims_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports_claims.claims_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
