"""Pages to follow a complaint (issue 21 items 3 and 4): the employer's *Mijn klachten* behind the login, and the
complainant's private link without one. Both show the same page of one complaint (templates/complaints/follow/)
and its letters; the reads and the rules are complaints.follow's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from complaints import follow
from complaints.models import Complaint
from verzuim.models import Role, User
from verzuim.pdf import pdf_response

LINK_UNAVAILABLE_STATUS = 404


def _employer_user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.EMPLOYER or user.employer_id is None:
        raise Http404
    return user


def _public(response: HttpResponse) -> HttpResponse:
    # The token is in the address: not for search engines (as cases.documents.views). The portal's
    # Referrer-Policy (same-origin) keeps it from other sites.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _detail(request: HttpRequest, complaint: Complaint, *, follow_token: str = "") -> HttpResponse:
    today = timezone.localdate()
    context = {
        "complaint": complaint,
        "timeline": follow.complaint_timeline(complaint),
        "letters": follow.complaint_letters_for_complainant(complaint),
        "escalation": follow.escalation_for(complaint, today),
        "overdue": follow.answer_overdue(complaint, today),
        "link_expires_on": follow.follow_link_expires_on(complaint) if follow_token else None,
        "follow_token": follow_token,
        "kifid_url": follow.KIFID_URL,
        "kifid_weeks": follow.KIFID_WEEKS_WITHOUT_ANSWER,
    }
    return render(request, "complaints/follow/detail.html", context)


def _letter(complaint: Complaint, letter: str) -> HttpResponse:
    rendered = follow.complaint_letter_for_complainant_render(complaint, letter)
    if rendered is None:
        raise Http404
    response = pdf_response(rendered, filename=f"{letter}-{complaint.reference}.pdf")
    # A letter opens in the browser's PDF viewer (the complainant reads it; saving is the viewer's button).
    response["Content-Disposition"] = f'inline; filename="{letter}-{complaint.reference}.pdf"'
    return response


# --- Mijn klachten (employer users) ----------------------------------------------------------------------------


@login_required
@require_GET
def my_complaints(request: HttpRequest) -> HttpResponse:
    user = _employer_user(request)
    complaints = list(follow.complaints_for_employer_user(user))
    follow.my_complaints_list_audit(user=user, count=len(complaints))
    today = timezone.localdate()
    rows = [(complaint, follow.answer_overdue(complaint, today)) for complaint in complaints]
    return render(request, "complaints/follow/list.html", {"rows": rows})


@login_required
@require_GET
def my_complaint_detail(request: HttpRequest, complaint_id: str) -> HttpResponse:
    complaint = follow.complaint_for_employer_user(user=_employer_user(request), complaint_id=complaint_id)
    if complaint is None:
        raise Http404
    return _detail(request, complaint)


@login_required
@require_GET
def my_complaint_letter(request: HttpRequest, complaint_id: str, letter: str) -> HttpResponse:
    complaint = follow.complaint_for_employer_user(user=_employer_user(request), complaint_id=complaint_id)
    if complaint is None:
        raise Http404
    return _letter(complaint, letter)


# --- The private link (no login) -------------------------------------------------------------------------------


def _unavailable(request: HttpRequest) -> HttpResponse:
    # One answer for unknown, revoked and expired links: the page tells nothing about the token.
    return _public(render(request, "complaints/follow/unavailable.html", status=LINK_UNAVAILABLE_STATUS))


@never_cache
@require_GET
def complaint_follow(request: HttpRequest, follow_token: str) -> HttpResponse:
    try:
        complaint = follow.follow_link_open(token=follow_token)
    except follow.FollowLinkUnavailable:
        return _unavailable(request)
    return _public(_detail(request, complaint, follow_token=follow_token))


@never_cache
@require_GET
def complaint_follow_letter(request: HttpRequest, follow_token: str, letter: str) -> HttpResponse:
    try:
        complaint = follow.follow_link_open(token=follow_token)
    except follow.FollowLinkUnavailable:
        return _unavailable(request)
    return _public(_letter(complaint, letter))
