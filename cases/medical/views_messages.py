"""The pages of the confidential thread between employee and occupational physician (cases.medical.messages): the
physician's from the medical compartment, the employee's under Mijn verzuim, and the attachment for both. For every
other role none of them exists (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.medical import messages as medical_messages
from cases.messages.views import attachment_response, thread_post, thread_render
from verzuim.auth import portal_user
from verzuim.models import Role

CONFIDENTIAL_NOTICE = gettext_lazy(
    "Vertrouwelijk: alleen u en de bedrijfsarts lezen deze berichten. Uw werkgever, de casemanager en de "
    "verzekeraar kunnen ze niet inzien. De bedrijfsarts heeft een medisch beroepsgeheim."
)


def _thread(request: HttpRequest, case_id: str, *, employee_page: bool) -> HttpResponse:
    user = portal_user(request)
    if (user.role == Role.EMPLOYEE) != employee_page:
        raise Http404
    case = medical_messages.physician_thread_case_get(fetched_by=user, case_id=case_id)
    form = None
    if request.method == "POST":
        form, sent = thread_post(request, send=medical_messages.physician_message_send, case=case, user=user)
        if sent:
            return redirect("my_case_physician_messages" if employee_page else "case_physician_messages", case.pk)
    thread = medical_messages.physician_message_list(fetched_by=user, case=case)
    return thread_render(
        request,
        case=case,
        thread_messages=list(thread),
        form=form,
        title=_("Vertrouwelijk gesprek met de bedrijfsarts")
        if employee_page
        else _("Vertrouwelijk gesprek met de werknemer"),
        notice=str(CONFIDENTIAL_NOTICE),
        attachment_url_name="case_physician_message_attachment",
        confidential=True,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_physician_messages(request: HttpRequest, case_id: str) -> HttpResponse:
    """The physician's side, reached from the medical compartment."""
    return _thread(request, case_id, employee_page=False)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_case_physician_messages(request: HttpRequest, case_id: str) -> HttpResponse:
    """The employee's side, under Mijn verzuim."""
    return _thread(request, case_id, employee_page=True)


@never_cache
@login_required
@require_GET
def case_physician_message_attachment(request: HttpRequest, case_id: str, message_id: str) -> HttpResponseBase:
    user = portal_user(request)
    message = medical_messages.physician_message_attachment_get(fetched_by=user, case_id=case_id, message_id=message_id)
    return attachment_response(message)
