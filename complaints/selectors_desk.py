"""Reads of the complaints desk (issue 21 item 1): the queue with its filters and countdowns, one complaint with
its attachments, letters and history in Dutch. Reading a complaint is audited as a dossier read is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from complaints import deadlines
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintLetter,
    ComplaintOutcome,
    ComplaintStatus,
    EscalationRoute,
)
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

AUDIT_OBJECT = "complaint"
# Only the complaint handler works on the desk; the admin role keeps the back office (Django admin).
DESK_ROLES = frozenset({Role.COMPLAINT_HANDLER})


def may_use_desk(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "role", None) in DESK_ROLES)


def overdue_q(today: dt.date) -> Q:
    """Late: not answered after the answer date, or not acknowledged after the acknowledgement date. While the
    clock is paused a complaint is late only if it already was when the information was requested."""
    running = Q(status__in=[ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED], answer_by__lt=today)
    unacknowledged = Q(status=ComplaintStatus.RECEIVED, acknowledge_by__lt=today)
    paused_late = Q(status=ComplaintStatus.WAITING, answer_by__lt=F("paused_since"))
    return running | unacknowledged | paused_late


# The queue's views: its value in the address, its label, and which complaints it holds.
QUEUE_VIEWS: dict[str, tuple[Any, Any]] = {
    "open": (
        gettext_lazy("Alle open klachten"),
        lambda today: ~Q(status=ComplaintStatus.CLOSED),
    ),
    "nieuw": (
        gettext_lazy("Nieuw (nog niet toegewezen)"),
        lambda today: Q(status=ComplaintStatus.RECEIVED, assigned_to__isnull=True),
    ),
    "bevestigen": (gettext_lazy("Ontvangst bevestigen"), lambda today: Q(status=ComplaintStatus.RECEIVED)),
    "beantwoorden": (gettext_lazy("Beantwoorden"), lambda today: Q(status=ComplaintStatus.ACKNOWLEDGED)),
    "wacht": (gettext_lazy("Wacht op informatie"), lambda today: Q(status=ComplaintStatus.WAITING)),
    "te-laat": (gettext_lazy("Te laat"), overdue_q),
    "beantwoord": (gettext_lazy("Beantwoord, nog af te sluiten"), lambda today: Q(status=ComplaintStatus.ANSWERED)),
    "afgesloten": (gettext_lazy("Afgesloten"), lambda today: Q(status=ComplaintStatus.CLOSED)),
}


def queue_list(*, view: str, category: str = "", channel: str = "", today: dt.date) -> QuerySet[Complaint]:
    """The complaints of one view of the queue, the most urgent deadline first (one query, whatever the number)."""
    condition = QUEUE_VIEWS[view][1](today)
    complaints = Complaint.objects.filter(condition).select_related("assigned_to", "employer")
    if category:
        complaints = complaints.filter(category=category)
    if channel:
        complaints = complaints.filter(channel=channel)
    if view == "afgesloten":
        return complaints.order_by("-closed_on", "-reference")
    return complaints.order_by("acknowledge_by" if view in ("nieuw", "bevestigen") else "answer_by", "reference")


@dataclass(frozen=True)
class Countdown:
    """One deadline of a complaint: its date and the working days left, in words ("nog 3 werkdagen")."""

    label: str
    due: dt.date
    text: str
    late: bool
    paused: bool = False


def _countdown_text(left: int) -> str:
    if left < 0:
        return ngettext("%(n)d werkdag te laat", "%(n)d werkdagen te laat", -left) % {"n": -left}
    if left == 0:
        return _("vandaag")
    return ngettext("nog %(n)d werkdag", "nog %(n)d werkdagen", left) % {"n": left}


def countdowns(complaint: Complaint, today: dt.date) -> list[Countdown]:
    """The deadlines still running, counting down in working days; a paused answer term counts from the day it
    was paused (it stands still)."""
    result: list[Countdown] = []
    if complaint.status == ComplaintStatus.RECEIVED:
        left = deadlines.working_days_until(today, complaint.acknowledge_by)
        result.append(Countdown(_("Ontvangst bevestigen"), complaint.acknowledge_by, _countdown_text(left), left < 0))
    if complaint.status in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED):
        left = deadlines.working_days_until(today, complaint.answer_by)
        result.append(Countdown(_("Beantwoorden"), complaint.answer_by, _countdown_text(left), left < 0))
    elif complaint.status == ComplaintStatus.WAITING and complaint.paused_since is not None:
        left = deadlines.working_days_until(complaint.paused_since, complaint.answer_by)
        text = _("%(left)s, staat stil sinds %(date)s") % {
            "left": _countdown_text(left),
            "date": f"{complaint.paused_since:%d-%m-%Y}",
        }
        result.append(Countdown(_("Beantwoorden"), complaint.answer_by, text, left < 0, paused=True))
    return result


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    who: str
    deadlines: list[Countdown]


def queue_rows(complaints: Any, today: dt.date) -> list[QueueRow]:
    return [
        QueueRow(
            complaint=complaint,
            who=complaint.employer.name if complaint.employer else complaint.contact_name,
            deadlines=countdowns(complaint, today),
        )
        for complaint in complaints
    ]


def complaint_get(*, fetched_by: User, complaint_id: Any, action: str = "complaint_desk") -> Complaint:
    """One complaint for the desk (404 for anyone else, and for an id that is no complaint); the read is audited."""
    if not may_use_desk(fetched_by):
        raise Http404
    try:
        complaint = Complaint.objects.select_related(
            "assigned_to", "employer", "submitted_by", "terms", "case__employee", "case__casemanager"
        ).get(pk=complaint_id)
    except (Complaint.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type=AUDIT_OBJECT,
        object_id=complaint.pk,
        employer=complaint.employer,
        changes={"view": action},
    )
    return complaint


def attachments_of(complaint: Complaint) -> QuerySet[ComplaintAttachment]:
    return complaint.attachments.order_by("uploaded_at", "original_name")


def letters_of(complaint: Complaint) -> QuerySet[ComplaintLetter]:
    return complaint.letters.defer("pdf").select_related("signed_by", "mail").order_by("created_at", "id")


# --- The history in Dutch ------------------------------------------------------------------------------------

_CHOICES: dict[str, Any] = {
    "status": ComplaintStatus,
    "outcome": ComplaintOutcome,
    "escalated_to": EscalationRoute,
    "channel": ComplaintChannel,
}
_EXTRA_LABELS = {"attachments": gettext_lazy("bijlagen")}


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    who: str
    what: str
    details: list[str] = field(default_factory=list)
    note: str = ""
    internal: bool = False


def _label(name: str) -> str:
    """The Dutch name of a key of the history ("" for a key the page does not show)."""
    if name in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[name])
    try:
        model_field = Complaint._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    return str(getattr(model_field, "verbose_name", ""))


def _value(name: str, value: Any, names: dict[str, str]) -> str:
    if value is None or value == "":
        return "—"
    if name in _CHOICES:
        try:
            return str(_CHOICES[name](value).label)
        except ValueError:
            return str(value)
    if name == "assigned_to":
        return names.get(str(value), str(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return f"{dt.date.fromisoformat(value):%d-%m-%Y}"
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)


def _details(event: ComplaintEvent, names: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for name, value in (event.data or {}).items():
        label = _label(name)
        if not label:
            continue  # nothing the page cannot say in words
        if isinstance(value, list) and len(value) == 2:
            before, after = (_value(name, item, names) for item in value)
            if before == after:
                continue  # set again to what it was (e.g. the answer date after a pause of no days)
            if before == "—" and event.kind == ComplaintEventKind.RECEIVED:
                lines.append(f"{label.capitalize()}: {after}")
            else:
                lines.append(f"{label.capitalize()}: {before} → {after}")
        else:
            lines.append(f"{label.capitalize()}: {_value(name, value, names)}")
    return lines


def history_rows(complaint: Complaint) -> list[HistoryRow]:
    """The complaint's history for people: who (a name, "de klager" for the intake), what (the step in Dutch),
    when (the template shows it in Europe/Amsterdam) and what changed in words; no ids, no JSON."""
    events = list(complaint.events.select_related("actor").order_by("at", "id"))
    emails = {
        str(value[1])
        for event in events
        if event.kind == ComplaintEventKind.ASSIGNED
        for value in [event.data.get("assigned_to")]
        if isinstance(value, list) and len(value) == 2 and value[1]
    } | {
        str(value[0])
        for event in events
        if event.kind == ComplaintEventKind.ASSIGNED
        for value in [event.data.get("assigned_to")]
        if isinstance(value, list) and len(value) == 2 and value[0]
    }
    names = {user.email: user.get_full_name() for user in User.objects.filter(email__in=emails)} if emails else {}
    rows = []
    for event in events:
        if event.actor is not None:
            who = event.actor.get_full_name()
        elif event.kind == ComplaintEventKind.RECEIVED:
            who = _("De klager")
        else:
            who = _("Het portaal")
        rows.append(
            HistoryRow(
                at=event.at,
                who=who,
                what=event.get_kind_display(),
                details=_details(event, names),
                note=event.note,
                internal=event.kind == ComplaintEventKind.NOTE,
            )
        )
    return rows
