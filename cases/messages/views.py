"""The pages of a case's conversation (issue 22 item 3): the dossier's tab *Berichten* for the employer users and
the casemanager, the employee's page under *Mijn verzuim*, the download of an attachment and the casemanager's
follow-up of a message. `thread_render` and `thread_post` are shared with the physician's confidential thread
(cases.medical.views_messages).

Opening a thread marks its messages read for the reader; the page view is audited once (cases.messages.threads).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.absence.dossier import dossier_header
from cases.absence.models import AbsenceCase
from cases.messages import selectors as selectors_messages
from cases.messages import services as services_messages
from cases.messages.forms import FollowUpForm, MessageForm
from cases.messages.models import ThreadMessage
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import Role, User

CASE_NOTICE = gettext_lazy(
    "Zet hier geen medische gegevens, zoals een diagnose, klachten of een behandeling. Berichten hier lezen de "
    "werknemer, de werkgever en de casemanager. Medische vragen stelt u de bedrijfsarts in het vertrouwelijke gesprek."
)


def thread_render(
    request: HttpRequest,
    *,
    case: AbsenceCase,
    thread_messages: list[ThreadMessage],
    form: MessageForm | None = None,
    title: str,
    notice: str,
    attachment_url_name: str,
    dossier_tab: str | None = None,
    confidential: bool = False,
    may_follow_up: bool = False,
) -> HttpResponse:
    """The thread page: the messages oldest first, each with its author, time, attachment and (to the author) who
    read it, then the notice and the form. With `dossier_tab` the dossier's header and tabs are shown above."""
    user = portal_user(request)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "case": case,
        "title": title,
        "thread": thread_messages,
        "form": form or MessageForm(),
        "notice": notice,
        "confidential": confidential,
        "attachment_url_name": attachment_url_name,
        "may_follow_up": may_follow_up,
        "followup_initial": (today + dt.timedelta(days=services_messages.FOLLOWUP_DEFAULT_DAYS)).isoformat(),
        "reader": user,
        "is_employee": user.role == Role.EMPLOYEE,
    }
    if dossier_tab is not None:
        context["dossier"] = dossier_header(user=user, case=case, today=today, current=dossier_tab)
    return render(request, "cases/messages/thread.html", context)


def thread_post(
    request: HttpRequest, *, send: Callable[..., ThreadMessage], case: AbsenceCase, user: User
) -> tuple[MessageForm, bool]:
    """Validate the posted form and send; (the form, whether it was sent). Errors land at the fields."""
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            send(sent_by=user, case=case, text=form.cleaned_data["text"], upload=form.cleaned_data["attachment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uw bericht is verstuurd."))
            return form, True
    return form, False


def _case_thread(request: HttpRequest, case_id: str, *, employee_page: bool) -> HttpResponse:
    user = portal_user(request)
    if (user.role == Role.EMPLOYEE) != employee_page:
        raise Http404  # the employee reads the thread under Mijn verzuim, the others in the dossier
    case = selectors_messages.message_case_get(fetched_by=user, case_id=case_id)
    url_name = "my_case_messages" if employee_page else "case_messages"
    form = None
    if request.method == "POST":
        form, sent = thread_post(request, send=services_messages.message_send, case=case, user=user)
        if sent:
            return redirect(url_name, case_id=case.pk)
    thread = selectors_messages.message_list(fetched_by=user, case=case)
    return thread_render(
        request,
        case=case,
        thread_messages=list(thread),
        form=form,
        title=_("Berichten"),
        notice=str(CASE_NOTICE),
        attachment_url_name="case_message_attachment",
        dossier_tab=None if employee_page else "berichten",
        may_follow_up=user.role == Role.CASEMANAGER,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_messages(request: HttpRequest, case_id: str) -> HttpResponse:
    """Berichten, the dossier's tab: the conversation for the employer users and the casemanager."""
    return _case_thread(request, case_id, employee_page=False)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_case_messages(request: HttpRequest, case_id: str) -> HttpResponse:
    """The employee's side of the same conversation, under Mijn verzuim."""
    return _case_thread(request, case_id, employee_page=True)


def attachment_response(message: ThreadMessage) -> FileResponse:
    """The stored PDF, as a download under the name the sender gave it."""
    return FileResponse(
        message.attachment.open("rb"),
        as_attachment=True,
        filename=message.attachment_name or "bijlage.pdf",
        content_type="application/pdf",
    )


@never_cache
@login_required
@require_GET
def case_message_attachment(request: HttpRequest, case_id: str, message_id: str) -> HttpResponseBase:
    """A message's PDF, for the parties of the conversation only (checked again here)."""
    user = portal_user(request)
    message = selectors_messages.message_attachment_get(fetched_by=user, case_id=case_id, message_id=message_id)
    return attachment_response(message)


def _casemanager_message(request: HttpRequest, case_id: str, message_id: str) -> Any:
    user = portal_user(request)
    if user.role != Role.CASEMANAGER:
        raise Http404
    case = selectors_messages.message_case_get(fetched_by=user, case_id=case_id, action="message_followup")
    return user, case, selectors_messages.message_get(case=case, message_id=message_id)


def _back(case: AbsenceCase, message: ThreadMessage) -> str:
    return f"{reverse('case_messages', args=[case.pk])}#bericht-{message.pk}"


@never_cache
@login_required
@require_POST
def case_message_followup(request: HttpRequest, case_id: str, message_id: str) -> HttpResponse:
    """The casemanager makes a message a task in Mijn taken, due on the chosen day."""
    user, case, message = _casemanager_message(request, case_id, message_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services_messages.followup_create(created_by=user, message=message, due_on=form.cleaned_data["due_on"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Het bericht staat als taak in Mijn taken."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_back(case, message))


@never_cache
@login_required
@require_POST
def case_message_followup_done(request: HttpRequest, case_id: str, message_id: str) -> HttpResponse:
    """The casemanager marks the message's task done."""
    user, case, message = _casemanager_message(request, case_id, message_id)
    try:
        services_messages.followup_done(done_by=user, message=message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De taak is afgerond."))
    return redirect(_back(case, message))
