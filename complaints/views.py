"""Pages of the complaint intake: the public form (no login), the portal form for employer users, and the page
that confirms a filed complaint with its reference and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.absence.models import AbsenceCase
from complaints import follow, services, spam
from complaints.forms import ComplaintForm
from complaints.models import Complaint, ComplaintChannel
from verzuim.models import Role, User

# What the confirmation page shows, kept in the session of whoever filed it (the public filer has no account).
SESSION_KEY = "complaint_filed"
FOLLOW_TOKEN_SESSION_KEY = "complaint_follow_token"  # noqa: S105 - a session key, not a secret
REFUSED_STATUS = 400
RATE_LIMITED_STATUS = 429


def _neutral_refusal() -> str:
    # The same words for every spam defence: a script learns nothing about which one it tripped.
    return _("Uw klacht kon niet worden verwerkt. Wacht even en verstuur het formulier opnieuw.")


def _render_public(request: HttpRequest, form: ComplaintForm, *, refusal: str = "", status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "refusal": refusal,
        "started_token": spam.form_started_token(),
        "honeypot_field": spam.HONEYPOT_FIELD,
        "started_field": spam.STARTED_FIELD,
        "public": True,
    }
    return render(request, "complaints/intake_form.html", context, status=status)


def _file_and_redirect(request: HttpRequest, form: ComplaintForm, **kwargs: Any) -> HttpResponse | None:
    """File the complaint of a valid form; None (with the service's errors on the form) when it is refused. A public
    complaint gets its private follow link (complaints.follow); a portal one is followed in Mijn klachten."""
    data = form.cleaned_data
    fields: dict[str, Any] = {
        "category": data["category"],
        "description": data["description"],
        "contact_name": data["contact_name"],
        "contact_email": data["contact_email"],
        "employer_kvk": data.get("employer_kvk") or "",
        "attachments": data.get("attachments") or [],
        **kwargs,
    }
    try:
        if kwargs.get("channel") == ComplaintChannel.PORTAL:
            complaint, follow_token = services.complaint_file(case=data.get("case"), **fields), ""
        else:
            complaint, follow_token = services.complaint_file_followable(**fields)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    _remember(request, complaint, follow_token)
    return redirect("complaint_filed")


def _remember(request: HttpRequest, complaint: Complaint, follow_token: str) -> None:
    request.session[SESSION_KEY] = {
        "reference": complaint.reference,
        "acknowledge_by": complaint.acknowledge_by.isoformat(),
        "answer_by": complaint.answer_by.isoformat(),
        "contact_email": complaint.contact_email,
        "complaint_id": str(complaint.pk) if not follow_token else "",
    }
    # The follow link's token waits in the session only until the confirmation page shows it once (only its hash
    # is stored for good); a reload of that page points to the link in the confirmation mail instead.
    request.session[FOLLOW_TOKEN_SESSION_KEY] = follow_token


@require_http_methods(["GET", "POST"])
def complaint_public(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_public(request, ComplaintForm())
    form = ComplaintForm(request.POST, request.FILES)
    # Every post counts towards the address's limit, also the refused ones; a refused post stores nothing.
    if spam.rate_limit_hit(spam.client_ip(request)):
        refusal = _("U hebt te vaak een klacht verstuurd. Probeer het over een uur opnieuw.")
        return _render_public(request, form, refusal=refusal, status=RATE_LIMITED_STATUS)
    if spam.honeypot_filled(request.POST.get(spam.HONEYPOT_FIELD)) or spam.form_too_fast_or_forged(
        request.POST.get(spam.STARTED_FIELD, "")
    ):
        return _render_public(request, form, refusal=_neutral_refusal(), status=REFUSED_STATUS)
    if form.is_valid():
        response = _file_and_redirect(request, form, channel=ComplaintChannel.PUBLIC)
        if response is not None:
            return response
    return _render_public(request, form, status=REFUSED_STATUS)


def _employer_user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.EMPLOYER or user.employer is None:
        raise Http404
    return user


# How far back a closed case can still be named in a complaint (decision 260).
CASES_CLOSED_WITHIN_DAYS = 365


def _cases_to_name(user: User, today: dt.date) -> list[AbsenceCase]:
    """The employer's cases a complaint may be about: the open ones and those closed in the last year, newest
    first, each with its employee (one query)."""
    assert user.employer_id is not None
    since = today - dt.timedelta(days=CASES_CLOSED_WITHIN_DAYS)
    return list(
        AbsenceCase.objects.filter(employer_id=user.employer_id)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
        .select_related("employee")
        .order_by("-first_sick_day", "employee__sort_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_portal_create(request: HttpRequest) -> HttpResponse:
    """The portal form of an employer user, prefilled from the account and the employer (other roles: 404)."""
    user = _employer_user(request)
    assert user.employer is not None
    initial = {
        "contact_name": user.full_name,
        "contact_email": user.email,
        "employer_kvk": user.employer.kvk_number,
    }
    form = ComplaintForm(
        request.POST or None, request.FILES or None, initial=initial, cases=_cases_to_name(user, timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        response = _file_and_redirect(request, form, channel=ComplaintChannel.PORTAL, submitted_by=user)
        if response is not None:
            return response
    status = REFUSED_STATUS if request.method == "POST" else 200
    return render(request, "complaints/intake_form.html", {"form": form, "public": False}, status=status)


@require_GET
def complaint_filed(request: HttpRequest) -> HttpResponse:
    filed = request.session.get(SESSION_KEY)
    if not filed:
        return redirect("complaint_public")
    follow_token = request.session.pop(FOLLOW_TOKEN_SESSION_KEY, "")
    context = {
        "follow_url": follow.follow_url(follow_token) if follow_token else "",
        "complaint_id": filed.get("complaint_id", ""),
        "reference": filed["reference"],
        "acknowledge_by": dt.date.fromisoformat(filed["acknowledge_by"]),
        "answer_by": dt.date.fromisoformat(filed["answer_by"]),
        "contact_email": filed["contact_email"],
    }
    return render(request, "complaints/intake_done.html", context)
