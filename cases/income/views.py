"""Pages of the income conversation (docs/domain.md §6 and §9): the casemanager's page on the case, its PDF handout,
and the employee's page behind a one-time link.

Each view parses input, calls one service or selector of cases.income.services, and renders. The casemanager's
pages are the case's casemanager's only; everyone else gets the 404 of a case that does not exist. The
employee's page needs no login and shows the figures of the latest conversation, nothing else of the portal; the
employee may try other numbers there, which are computed and never saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.absence.dossier import dossier_header
from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.services import CaseConflict
from cases.absence.views import form_service_call
from cases.documents.forms import SendLinkForm
from cases.documents.links import LinkInvalid
from cases.income import pdf
from cases.income import services as services_income
from cases.income.chart import IncomeResult, income_result
from cases.income.forms import (
    ACTION_CALCULATE,
    ACTION_RECORD,
    UNEXPECTED_FIELDS,
    IncomeConversationForm,
    IncomeFactsForm,
)
from cases.income.models import IncomeConversation
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.pdf import pdf_response

LINK_PREFIX = "link"
# The session key under which a browser keeps the income links it used (their ids): the link works there only.
SESSION_LINKS = "income_links"
ACTION_OPEN = "openen"


def _result(source: Any) -> IncomeResult:
    return income_result(services_income.income_facts(source))


# --- The casemanager's page ------------------------------------------------------------------------------------


def _render_page(
    request: HttpRequest,
    case: AbsenceCase,
    conversation: IncomeConversation | None,
    *,
    form: IncomeConversationForm | None = None,
    calculated: IncomeResult | None = None,
    link_form: SendLinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial = IncomeConversationForm.defaults(services_income.income_facts_from_employee(case))
        if conversation is not None:
            initial.update(IncomeConversationForm.initial_from(conversation))
        form = IncomeConversationForm(initial=initial)
    if form.has_error(NON_FIELD_ERRORS, UNEXPECTED_FIELDS):
        status = 400
    may_send_link = conversation is not None and case.status == CaseStatus.OPEN
    user = portal_user(request)
    context: dict[str, Any] = {
        "case": case,
        "dossier": dossier_header(user=user, case=case, today=timezone.localdate(), current="inkomen"),
        "conversation": conversation,
        "form": form,
        # The numbers just computed (not saved) win over the recorded conversation.
        "result": calculated or (_result(conversation) if conversation is not None else None),
        "calculated": calculated is not None,
        "is_open": case.status == CaseStatus.OPEN,
        "may_send_link": may_send_link,
        "link_form": link_form or SendLinkForm(prefix=LINK_PREFIX),
        "pending_links": services_income.income_links_pending(case=case) if may_send_link else [],
    }
    return render(request, "cases/income.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_income(request: HttpRequest, case_id: str) -> HttpResponse:
    """Inkomensgevolgen: "Bereken" shows the result without saving, "Gesprek vastleggen" records it."""
    user = portal_user(request)
    case, conversation = services_income.income_conversation_get(fetched_by=user, case_id=case_id)
    if request.method != "POST":
        return _render_page(request, case, conversation)
    form = IncomeConversationForm(request.POST)
    action = request.POST.get("action", ACTION_CALCULATE)
    status = 200
    if form.is_valid():
        if action == ACTION_RECORD:
            recorded, status = form_service_call(
                form,
                services_income.income_conversation_record,
                held_by=user,
                case=case,
                held_on=form.cleaned_data["held_on"],
                **form.facts(),
            )
            if recorded is not None:
                messages.success(
                    request,
                    _("Het gesprek over de inkomensgevolgen is vastgelegd. De stap “%(title)s” is afgerond.")
                    % {"title": _("Gesprek inkomensgevolgen met werknemer")},
                )
                return redirect("case_income", case_id=case.pk)
        else:
            try:
                facts = services_income.income_facts_validate(**form.facts())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _render_page(request, case, conversation, form=form, calculated=income_result(facts))
    return _render_page(request, case, conversation, form=form, status=status)


@never_cache
@login_required
@require_GET
def case_income_handout(request: HttpRequest, case_id: str) -> HttpResponse:
    """The handout (PDF) of the latest recorded conversation; 404 while there is none."""
    case, conversation = services_income.income_conversation_for_handout(
        fetched_by=portal_user(request), case_id=case_id
    )
    today = timezone.localdate()
    rendered = pdf.income_handout_render(case=case, conversation=conversation, result=_result(conversation))
    return pdf_response(rendered, filename=pdf.handout_filename(case, today))


@never_cache
@login_required
@require_POST
def case_income_send_link(request: HttpRequest, case_id: str) -> HttpResponse:
    """Mail the employee a one-time link to the figures of the latest conversation."""
    user = portal_user(request)
    case, conversation = services_income.income_conversation_get(fetched_by=user, case_id=case_id)
    form = SendLinkForm(request.POST, prefix=LINK_PREFIX)
    status = 200
    if form.is_valid():
        try:
            link = services_income.income_link_send(sent_by=user, case=case, email=form.cleaned_data["email"])
        except CaseConflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("De link naar dit overzicht wordt binnen een minuut per e-mail verstuurd naar %(email)s.")
                % {"email": link.email},
            )
            return redirect("case_income", case_id=case.pk)
    return _render_page(request, case, conversation, link_form=form, status=status)


# --- The employee's page ---------------------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    # The token is in the address: not for search engines (as cases.documents.views).
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_invalid(request: HttpRequest) -> HttpResponse:
    # One answer for unknown, used elsewhere, expired and replaced links (the sign links' page).
    return _public(render(request, "cases/documents/public_invalid.html", status=404))


def _claimed(request: HttpRequest) -> list[int]:
    return [int(pk) for pk in request.session.get(SESSION_LINKS, []) if isinstance(pk, int)]


@never_cache
@require_http_methods(["GET", "POST"])
def employee_income(request: HttpRequest, token: str) -> HttpResponse:
    """The employee's overview behind the link: first a greeting with one button, then the figures.

    Opening the page does not use the link (a mail scanner that follows it uses nothing); the button does, and
    binds the link to this browser. The employee may try other numbers, which are computed and never saved.
    """
    action = request.POST.get("action", "") if request.method == "POST" else ""
    try:
        link, conversation = services_income.income_link_open(
            token=token, claimed_link_ids=_claimed(request), claim=action == ACTION_OPEN
        )
    except LinkInvalid:
        return _link_invalid(request)
    case = link.case
    if action == ACTION_OPEN:
        request.session[SESSION_LINKS] = sorted({*_claimed(request), link.pk})
        return _public(redirect("employee_income", token=token))
    context: dict[str, Any] = {
        "employee_name": case.employee.full_name,
        "employer_name": case.employer.name,
        "expires_at": link.expires_at,
    }
    if conversation is None:
        return _public(render(request, "cases/income_public_intro.html", context))
    initial = IncomeFactsForm.initial_from(conversation)
    form = IncomeFactsForm(request.POST if action == ACTION_CALCULATE else None, initial=initial)
    calculated = None
    status = 200
    if form.is_bound:
        if form.has_error(NON_FIELD_ERRORS, UNEXPECTED_FIELDS):
            status = 400
        elif form.is_valid():
            try:
                calculated = income_result(services_income.income_facts_validate(**form.facts()))
            except ValidationError as exc:
                add_service_errors(form, exc)
    context.update(
        {
            "conversation": conversation,
            "form": form,
            "result": calculated or _result(conversation),
            "calculated": calculated is not None,
            "token": token,
        }
    )
    return _public(render(request, "cases/income_public.html", context, status=status))


@never_cache
@require_GET
def employee_income_handout(request: HttpRequest, token: str) -> HttpResponse:
    """The handout of the latest conversation, in the browser that used the link."""
    try:
        link, conversation = services_income.income_link_open(token=token, claimed_link_ids=_claimed(request))
    except LinkInvalid:
        return _link_invalid(request)
    if conversation is None:
        return _link_invalid(request)
    case = link.case
    rendered = pdf.income_handout_render(case=case, conversation=conversation, result=_result(conversation))
    return _public(pdf_response(rendered, filename=pdf.handout_filename(case, timezone.localdate())))
