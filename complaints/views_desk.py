"""The complaint handler's desk in the portal (issue 21 items 1 and 2): the queue, a complaint's page, its steps
and its letters. The Django admin stays for back office and data fixes.

Only the complaint handler uses these pages: every other role gets 404, an anonymous visitor the login page.
Each view parses input, calls one selector or service of the complaints app (complaints.selectors_desk,
complaints.services_workflow, complaints.services_desk) and renders; a step the complaint's state refuses is a
409 with the reason at the form, bad input a 400 with the reason at the field, and nothing is half-saved (every
step is one transaction).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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
from django.views.decorators.http import require_GET, require_http_methods

from complaints import selectors_desk as desk
from complaints import services_workflow as workflow
from complaints.forms_desk import (
    AssignForm,
    CloseForm,
    LetterForm,
    NoteForm,
    OptionalNoteForm,
    QueueFilterForm,
    RegisterForm,
    ReopenForm,
    RequestInformationForm,
)
from complaints.letters import LETTER_SLUGS, SLUG_OF, LetterContent, letter_body_errors, letter_standard_text
from complaints.models import Complaint, ComplaintLetterKind, ComplaintStatus
from complaints.services import ATTACHMENT_MAX_MB, ATTACHMENT_TYPES, complaint_file
from complaints.services_desk import complaint_letter_send
from complaints.steps import STEP_RULES
from verzuim.audit import audit_record
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import AuditAction, OutgoingMailState, User

logger = logging.getLogger(__name__)

QUEUE_PAGE_SIZE = 50
CONFLICT = 409
BAD_REQUEST = 400


def _handler(request: HttpRequest) -> User:
    user = portal_user(request)
    if not desk.may_use_desk(user):
        raise Http404
    return user


# --- The queue -------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def complaint_desk(request: HttpRequest) -> HttpResponse:
    """The queue: one view (new, to acknowledge, to answer, waiting, late, answered, closed) with category and
    channel; each row counts its deadlines down in working days. Queries do not grow with the number of rows."""
    _handler(request)
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None)
    chosen = form.filters() if request.GET else {"view": "open", "category": "", "channel": ""}
    if not request.GET:
        form = QueueFilterForm(initial={"weergave": "open"})
    complaints = desk.queue_list(
        view=chosen["view"], category=chosen["category"], channel=chosen["channel"], today=today
    )
    page = Paginator(complaints, QUEUE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    filter_query = urlencode(
        {
            key: value
            for key, value in (
                ("weergave", chosen["view"]),
                ("onderwerp", chosen["category"]),
                ("kanaal", chosen["channel"]),
            )
            if value
        }
    )
    context = {
        "filters": form,
        "view_label": desk.QUEUE_VIEWS[chosen["view"]][0],
        "page": page,
        "rows": desk.queue_rows(page.object_list, today),
        "filter_query": filter_query,
    }
    return render(request, "complaints/desk/queue.html", context)


# --- A complaint by post or by phone ---------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def complaint_desk_register(request: HttpRequest) -> HttpResponse:
    """Register a complaint that came by post or by phone (decision 263); then its page, to acknowledge it."""
    user = _handler(request)
    today = timezone.localdate()
    form = RegisterForm(request.POST or None, today=today, initial={"received_on": today, "channel": "letter"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = complaint_file(
                channel=data["channel"],
                category=data["category"],
                description=data["description"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"] or "",
                employer_kvk=data["employer_kvk"] or "",
                registered_by=user,
                today=data["received_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Klacht %(reference)s is geregistreerd.") % {"reference": complaint.reference},
            )
            return redirect("complaint_desk_detail", complaint_id=complaint.pk)
    status = BAD_REQUEST if request.method == "POST" else 200
    return render(request, "complaints/desk/register.html", {"form": form}, status=status)


# --- One complaint ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A step on a complaint: its title, form, the service call, the message when done, and the statuses in which
    the complaint's page offers it (the service decides in the end)."""

    title: Any
    form: type[forms.Form]
    run: Callable[[User, Complaint, dict[str, Any]], Any]
    offered: frozenset[str]
    done: Any
    intro: Any = ""


ACTIONS: dict[str, Action] = {
    "toewijzen": Action(gettext_lazy("Toewijzen"), AssignForm, *STEP_RULES["toewijzen"]),
    "notitie": Action(
        gettext_lazy("Interne notitie"),
        NoteForm,
        lambda user, c, d: workflow.complaint_note_add(written_by=user, complaint=c, note=d["note"]),
        frozenset(ComplaintStatus.values),
        gettext_lazy("De notitie is opgeslagen."),
        gettext_lazy("Alleen voor de klachtbehandelaars: de klager ziet deze notitie nooit."),
    ),
    "informatie-vragen": Action(
        gettext_lazy("Informatie vragen"),
        RequestInformationForm,
        *STEP_RULES["informatie-vragen"],
        gettext_lazy(
            "Vraag de klager zelf om de informatie (per e-mail of telefoon) en leg hier vast wat u vroeg en waarom."
        ),
    ),
    "informatie-ontvangen": Action(
        gettext_lazy("Informatie ontvangen"),
        OptionalNoteForm,
        *STEP_RULES["informatie-ontvangen"],
        gettext_lazy("De dagen dat de termijn stilstond, komen bij de antwoorddatum."),
    ),
    "afsluiten": Action(gettext_lazy("Afsluiten"), CloseForm, *STEP_RULES["afsluiten"]),
    "heropenen": Action(
        gettext_lazy("Heropenen"),
        ReopenForm,
        lambda user, c, d: workflow.complaint_reopen(reopened_by=user, complaint=c, note=d["note"]),
        workflow.REOPENABLE_STATUSES,
        gettext_lazy("De klacht is heropend: beantwoord haar opnieuw."),
        gettext_lazy("De klacht gaat terug naar „Ontvangst bevestigd” en wordt opnieuw beantwoord."),
    ),
}
# The letters and the status in which each is written.
LETTER_STATUS = {
    ComplaintLetterKind.ACKNOWLEDGEMENT: ComplaintStatus.RECEIVED,
    ComplaintLetterKind.ANSWER: ComplaintStatus.ACKNOWLEDGED,
}


@never_cache
@login_required
@require_GET
def complaint_desk_detail(request: HttpRequest, complaint_id: str) -> HttpResponse:
    user = _handler(request)
    complaint = desk.complaint_get(fetched_by=user, complaint_id=complaint_id)
    return _render_detail(request, complaint)


def _render_detail(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    today = timezone.localdate()
    letters = list(desk.letters_of(complaint))
    context = {
        "complaint": complaint,
        "deadlines": desk.countdowns(complaint, today),
        "attachments": list(desk.attachments_of(complaint)),
        "letters": letters,
        "history": desk.history_rows(complaint),
        "steps": [(slug, action) for slug, action in ACTIONS.items() if complaint.status in action.offered],
        "letter_steps": [
            (SLUG_OF[kind], ComplaintLetterKind(kind).label)
            for kind, status in LETTER_STATUS.items()
            if complaint.status == status
        ],
        "assign_form": AssignForm(initial={"handler": complaint.assigned_to_id}),
        "note_form": NoteForm(),
        "can_assign": complaint.status in ACTIONS["toewijzen"].offered,
        "mail_sent": OutgoingMailState.SENT,
    }
    return render(request, "complaints/desk/detail.html", context)


def _run(form: forms.Form, action: Action, user: User, complaint: Complaint) -> int:
    """Run the step of a valid form: 0 when done, else the status to answer with (the reason is on the form)."""
    try:
        action.run(user, complaint, form.cleaned_data)
    except workflow.ComplaintConflict as conflict:
        form.add_error(None, conflict.message)
        return CONFLICT
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        add_service_errors(form, error)
        return BAD_REQUEST
    return 0


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def complaint_desk_action(request: HttpRequest, complaint_id: str, action: str) -> HttpResponse:
    """One step on a complaint: its form (GET), or the step (POST) and back to the complaint's page."""
    user = _handler(request)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404
    complaint = desk.complaint_get(fetched_by=user, complaint_id=complaint_id, action=f"complaint_desk_{action}")
    form = chosen.form(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = _run(form, chosen, user, complaint) if form.is_valid() else BAD_REQUEST
        if status == 0:
            messages.success(request, str(chosen.done))
            return redirect("complaint_desk_detail", complaint_id=complaint.pk)
    context = {"complaint": complaint, "action": chosen, "slug": action, "form": form}
    return render(request, "complaints/desk/action.html", context, status=status)


# --- Letters ---------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def complaint_desk_compose(request: HttpRequest, complaint_id: str, letter: str) -> HttpResponse:
    """Compose the acknowledgement or the answer from its standard text, preview it, and send it: the step, the
    letter (PDF) and its mail happen together, once."""
    user = _handler(request)
    kind = LETTER_SLUGS.get(letter)
    if kind is None:
        raise Http404
    complaint = desk.complaint_get(fetched_by=user, complaint_id=complaint_id, action=f"complaint_desk_{letter}")
    today = timezone.localdate()
    if request.method == "POST":
        form = LetterForm(request.POST)
    else:
        form = LetterForm(initial={"body": letter_standard_text(kind, complaint)})
    status = 200
    preview = None
    if request.method == "POST":
        if not form.is_valid():
            status = BAD_REQUEST
        elif "send" in request.POST:
            try:
                sent = complaint_letter_send(
                    sent_by=user, complaint=complaint, kind=kind, body=form.cleaned_data["body"]
                )
            except workflow.ComplaintConflict as conflict:
                form.add_error(None, conflict.message)
                status = CONFLICT
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error)
                status = BAD_REQUEST
            else:
                if sent.sent_to:
                    messages.success(
                        request,
                        _("De brief is opgeslagen en wordt binnen een minuut per e-mail verstuurd naar %(email)s.")
                        % {"email": sent.sent_to},
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "De brief is opgeslagen. De klager heeft geen e-mailadres: print de brief en verstuur "
                            "hem per post."
                        ),
                    )
                return redirect("complaint_desk_detail", complaint_id=complaint.pk)
        else:
            problems = letter_body_errors(form.cleaned_data["body"])
            for problem in problems:
                form.add_error("body", problem)
            if problems:
                status = BAD_REQUEST
            else:
                preview = LetterContent(
                    complaint=complaint,
                    kind=kind,
                    today=today,
                    body=form.cleaned_data["body"],
                    signer_name=user.get_full_name(),
                )
    context = {
        "complaint": complaint,
        "form": form,
        "kind": kind,
        "letter_slug": letter,
        "title": ComplaintLetterKind(kind).label,
        "preview": preview,
        "offered": complaint.status == LETTER_STATUS[kind],
    }
    return render(request, "complaints/desk/compose.html", context, status=status)


def _inline(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to open in the browser: its checked type, never sniffed, never cached, sandboxed."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@never_cache
@login_required
@require_GET
def complaint_desk_letter(request: HttpRequest, complaint_id: str, letter_id: str) -> HttpResponse:
    """A letter as it was sent (its stored PDF), to open in the browser or print."""
    user = _handler(request)
    complaint = desk.complaint_get(fetched_by=user, complaint_id=complaint_id, action="complaint_desk_letter")
    try:
        stored = complaint.letters.select_related("signed_by").get(pk=letter_id)
    except (ValidationError, ValueError, complaint.letters.model.DoesNotExist):
        raise Http404 from None
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="complaint_letter",
        object_id=stored.pk,
        employer=complaint.employer,
        changes={"complaint": complaint.reference},
    )
    day = timezone.localdate(stored.created_at)
    filename = f"{SLUG_OF[ComplaintLetterKind(stored.kind)]}-{complaint.reference}-{day:%Y-%m-%d}.pdf"
    return _inline(bytes(stored.pdf), "application/pdf", filename)


@never_cache
@login_required
@require_GET
def complaint_desk_attachment(request: HttpRequest, complaint_id: str, attachment_id: str) -> HttpResponse:
    """An attachment the complainant sent, opened in the browser. Its type is checked again by its first bytes and
    its size against the intake's limit, as when it came in: a stored file that fails either is not served."""
    user = _handler(request)
    complaint = desk.complaint_get(fetched_by=user, complaint_id=complaint_id, action="complaint_desk_attachment")
    try:
        attachment = complaint.attachments.get(pk=attachment_id)
    except (ValidationError, ValueError, complaint.attachments.model.DoesNotExist):
        raise Http404 from None
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read(ATTACHMENT_MAX_MB * 1024 * 1024 + 1)
    except FileNotFoundError as exc:
        logger.error("complaint attachment %s is missing from storage", attachment.pk)
        raise Http404 from exc
    content_type = next((kind for magic, kind, _ext in ATTACHMENT_TYPES if content.startswith(magic)), None)
    if (
        content_type is None
        or content_type != attachment.content_type
        or len(content) > ATTACHMENT_MAX_MB * 1024 * 1024
    ):
        logger.error("complaint attachment %s fails the type or size check", attachment.pk)
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="complaint_attachment",
        object_id=attachment.pk,
        employer=complaint.employer,
        changes={"complaint": complaint.reference},
    )
    extension = next(ext for _magic, kind, ext in ATTACHMENT_TYPES if kind == content_type)
    return _inline(content, content_type, f"bijlage-{complaint.reference}-{str(attachment.pk)[:8]}.{extension}")
