"""The handler's work on a complaint (docs/domain.md §11): acknowledge, assign, ask the complainant for information
and record that it came, answer, close with an outcome, refer to the external complaints scheme or Kifid.

Each step is one transaction on the locked complaint and writes one `ComplaintEvent` (actor, note, and what
changed as {field: [old, new]}) plus an audit row: nothing on the complaint changes without a history row, and a
history row is never changed. Only the complaint handler (and the admin) may do these steps.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import deadlines
from complaints.letters import letter_body_errors
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintOutcome,
    ComplaintStatus,
    EscalationRoute,
)
from complaints.signals import complaint_closed
from verzuim.audit import audit_record
from verzuim.errors import StateConflict
from verzuim.models import AuditAction, Role, User

HANDLER_ROLES = frozenset({Role.COMPLAINT_HANDLER, Role.ADMIN})
# Statuses in which the complaint is still being handled (before the answer).
OPEN_STATUSES = frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.WAITING})


class ComplaintConflict(StateConflict):
    """The step contradicts the state of the complaint (HTTP 409)."""


def may_handle(user: Any) -> bool:
    return bool(
        getattr(user, "is_active", False)
        and (getattr(user, "is_superuser", False) or getattr(user, "role", None) in HANDLER_ROLES)
    )


def _require_handler(user: User) -> None:
    if not may_handle(user):
        raise PermissionDenied(_("Alleen klachtbehandelaars behandelen klachten."))


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, User):
        return value.email
    return str(value)


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("terms", "assigned_to", "employer")
        .get(pk=complaint.pk)
    )


def _apply(
    complaint: Complaint,
    *,
    actor: User,
    kind: ComplaintEventKind,
    changes: dict[str, Any],
    note: str = "",
) -> ComplaintEvent:
    """Set `changes` on the locked complaint, save those fields, and write the history row and the audit row."""
    data: dict[str, list[Any]] = {}
    for field, value in changes.items():
        data[field] = [_json(getattr(complaint, field)), _json(value)]
        setattr(complaint, field, value)
    complaint.save(update_fields=list(changes))
    event = ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=kind, note=note, data=data)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="complaint",
        object_id=complaint.pk,
        employer=complaint.employer,
        changes={"event": kind, **data},
    )
    return event


def _require_status(complaint: Complaint, allowed: set[str] | frozenset[str], message: str, code: str) -> None:
    if complaint.status not in allowed:
        raise ComplaintConflict(message, code=code)


@transaction.atomic
def complaint_acknowledge(
    *, acknowledged_by: User, complaint: Complaint, note: str = "", today: dt.date | None = None
) -> Complaint:
    _require_handler(acknowledged_by)
    complaint = _lock(complaint)
    _require_status(
        complaint,
        {ComplaintStatus.RECEIVED},
        _("De ontvangst van deze klacht is al bevestigd."),
        "already_acknowledged",
    )
    _apply(
        complaint,
        actor=acknowledged_by,
        kind=ComplaintEventKind.ACKNOWLEDGED,
        changes={"status": ComplaintStatus.ACKNOWLEDGED, "acknowledged_on": _today(today)},
        note=note,
    )
    return complaint


@transaction.atomic
def complaint_assign(*, assigned_by: User, complaint: Complaint, handler: User, note: str = "") -> Complaint:
    _require_handler(assigned_by)
    if not (handler.is_active and handler.role == Role.COMPLAINT_HANDLER):
        raise ValidationError({"handler": _("Kies een actieve klachtbehandelaar.")}, code="not_a_handler")
    complaint = _lock(complaint)
    if complaint.status == ComplaintStatus.CLOSED:
        raise ComplaintConflict(_("Deze klacht is afgesloten."), code="closed")
    if complaint.assigned_to_id == handler.pk:
        raise ComplaintConflict(_("Deze klacht is al aan deze behandelaar toegewezen."), code="already_assigned")
    _apply(
        complaint,
        actor=assigned_by,
        kind=ComplaintEventKind.ASSIGNED,
        changes={"assigned_to": handler},
        note=note,
    )
    return complaint


@transaction.atomic
def complaint_request_information(
    *, requested_by: User, complaint: Complaint, note: str, today: dt.date | None = None
) -> Complaint:
    """Ask the complainant for information: the answer clock stands still from today until it comes."""
    _require_handler(requested_by)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf op welke informatie u vraagt.")}, code="required")
    complaint = _lock(complaint)
    _require_status(
        complaint,
        {ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED},
        _("Voor deze klacht kan nu geen informatie worden gevraagd (status: %(status)s).")
        % {"status": complaint.get_status_display()},
        "not_open",
    )
    _apply(
        complaint,
        actor=requested_by,
        kind=ComplaintEventKind.INFO_REQUESTED,
        changes={"status": ComplaintStatus.WAITING, "paused_since": _today(today)},
        note=note.strip(),
    )
    return complaint


def _status_before_waiting(complaint: Complaint) -> str:
    """The status the complaint had when the information was requested (from its history)."""
    event = complaint.events.filter(kind=ComplaintEventKind.INFO_REQUESTED).order_by("-at", "-id").first()
    previous = (event.data.get("status") or [None])[0] if event else None
    return (
        previous
        if previous in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED)
        else ComplaintStatus.ACKNOWLEDGED
    )


@transaction.atomic
def complaint_information_received(
    *, recorded_by: User, complaint: Complaint, note: str = "", today: dt.date | None = None
) -> Complaint:
    """The complainant answered: the paused days are added and the answer date moves by them."""
    _require_handler(recorded_by)
    complaint = _lock(complaint)
    _require_status(
        complaint, {ComplaintStatus.WAITING}, _("Er is voor deze klacht geen informatie gevraagd."), "not_waiting"
    )
    assert complaint.paused_since is not None
    day = _today(today)
    if day < complaint.paused_since:
        raise ValidationError(_("De datum ligt vóór de vraag om informatie."), code="before_pause")
    paused_days = complaint.paused_days + (day - complaint.paused_since).days
    _apply(
        complaint,
        actor=recorded_by,
        kind=ComplaintEventKind.INFO_RECEIVED,
        changes={
            "status": _status_before_waiting(complaint),
            "paused_since": None,
            "paused_days": paused_days,
            "answer_by": deadlines.answer_by(complaint.received_on, complaint.terms.answer_weeks, paused_days),
        },
        note=note,
    )
    return complaint


@transaction.atomic
def complaint_answer(*, answered_by: User, complaint: Complaint, text: str, today: dt.date | None = None) -> Complaint:
    """Record the answer to the complainant; its text is the history row's note (and the answer letter's body)."""
    _require_handler(answered_by)
    if not text.strip():
        raise ValidationError({"text": _("Schrijf het antwoord aan de klager.")}, code="required")
    # The text is the answer letter's body, inside the letter's own greeting and sign-off (complaints.letters).
    if errors := letter_body_errors(text):
        raise ValidationError({"text": errors}, code="letter_frame")
    complaint = _lock(complaint)
    if complaint.status == ComplaintStatus.RECEIVED:
        raise ComplaintConflict(_("Bevestig eerst de ontvangst van de klacht."), code="not_acknowledged")
    if complaint.status == ComplaintStatus.WAITING:
        raise ComplaintConflict(
            _("Er wordt nog op informatie van de klager gewacht; leg eerst vast dat die binnen is."), code="waiting"
        )
    _require_status(complaint, {ComplaintStatus.ACKNOWLEDGED}, _("Deze klacht is al beantwoord."), "already_answered")
    _apply(
        complaint,
        actor=answered_by,
        kind=ComplaintEventKind.ANSWERED,
        changes={"status": ComplaintStatus.ANSWERED, "answered_on": _today(today)},
        note=text.strip(),
    )
    return complaint


@transaction.atomic
def complaint_close(
    *, closed_by: User, complaint: Complaint, outcome: str, note: str = "", today: dt.date | None = None
) -> Complaint:
    """Close an answered complaint with its outcome; `complaint_closed` is sent once the transaction commits."""
    _require_handler(closed_by)
    if outcome not in ComplaintOutcome.values:
        raise ValidationError({"outcome": _("Kies gegrond, ongegrond of deels gegrond.")}, code="invalid")
    complaint = _lock(complaint)
    if complaint.status == ComplaintStatus.CLOSED:
        raise ComplaintConflict(_("Deze klacht is al afgesloten."), code="already_closed")
    _require_status(
        complaint, {ComplaintStatus.ANSWERED}, _("Beantwoord de klacht voordat u haar afsluit."), "not_answered"
    )
    _apply(
        complaint,
        actor=closed_by,
        kind=ComplaintEventKind.CLOSED,
        changes={"status": ComplaintStatus.CLOSED, "outcome": outcome, "closed_on": _today(today)},
        note=note,
    )
    closed = complaint
    transaction.on_commit(lambda: complaint_closed.send(sender=Complaint, complaint=closed))
    return complaint


@transaction.atomic
def complaint_escalate(
    *, escalated_by: User, complaint: Complaint, route: str, note: str = "", today: dt.date | None = None
) -> Complaint:
    """Record that the complainant, not satisfied with the answer, went to the external scheme or to Kifid."""
    _require_handler(escalated_by)
    if route not in EscalationRoute.values:
        raise ValidationError({"route": _("Kies de externe klachtenregeling of Kifid.")}, code="invalid")
    complaint = _lock(complaint)
    if complaint.escalated_to:
        raise ComplaintConflict(
            _("Deze klacht is al doorverwezen naar %(route)s.") % {"route": complaint.get_escalated_to_display()},
            code="already_escalated",
        )
    _require_status(
        complaint,
        {ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED},
        _("Een klacht wordt pas doorverwezen nadat zij is beantwoord."),
        "not_answered",
    )
    _apply(
        complaint,
        actor=escalated_by,
        kind=ComplaintEventKind.ESCALATED,
        changes={"escalated_to": route, "escalated_on": _today(today)},
        note=note,
    )
    return complaint


def complaint_answer_text(complaint: Complaint) -> str:
    """The text of the latest answer (the note of the latest `answered` history row), or ""."""
    event = complaint.events.filter(kind=ComplaintEventKind.ANSWERED).order_by("-at", "-id").first()
    return event.note if event else ""


@transaction.atomic
def complaint_note_add(*, written_by: User, complaint: Complaint, note: str) -> ComplaintEvent:
    """An internal note of the desk: a history row of its own, never shown to the complainant."""
    _require_handler(written_by)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf de notitie.")}, code="required")
    complaint = _lock(complaint)
    return _apply(complaint, actor=written_by, kind=ComplaintEventKind.NOTE, changes={}, note=note.strip())


# Statuses from which a complaint can be reopened: after the answer (the complainant reacts) or after closing.
REOPENABLE_STATUSES = frozenset({ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED})


@transaction.atomic
def complaint_reopen(*, reopened_by: User, complaint: Complaint, note: str) -> Complaint:
    """Take an answered or closed complaint up again, with the reason: back to "acknowledged", so that it is
    answered (and closed) once more. The answer and close dates and the outcome are cleared on the complaint and
    stay in its history; the deadlines stay as they were (a late answer stays late in the reports)."""
    _require_handler(reopened_by)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf op waarom u de klacht heropent.")}, code="required")
    complaint = _lock(complaint)
    _require_status(
        complaint, REOPENABLE_STATUSES, _("Alleen een beantwoorde of afgesloten klacht kan worden heropend."), "open"
    )
    _apply(
        complaint,
        actor=reopened_by,
        kind=ComplaintEventKind.REOPENED,
        changes={"status": ComplaintStatus.ACKNOWLEDGED, "answered_on": None, "closed_on": None, "outcome": ""},
        note=note.strip(),
    )
    return complaint
