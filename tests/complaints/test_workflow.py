"""The handler's steps on a complaint (complaints.services_workflow): each one a history row with what changed,
an audit row, the right status order, and the answer clock that stands still while waiting for the complainant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from complaints import services_workflow as workflow
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintOutcome,
    ComplaintStatus,
    EscalationRoute,
)
from complaints.signals import complaint_closed
from tests.complaints.factories import make_complaint
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def handler(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMPLAINT_HANDLER, full_name="Karin Klachten")


def acknowledged(handler: User, **fields: Any) -> Complaint:
    complaint = make_complaint(received_on=MONDAY, **fields)
    return workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint, today=MONDAY)


def answered(handler: User) -> Complaint:
    complaint = acknowledged(handler)
    return workflow.complaint_answer(
        answered_by=handler, complaint=complaint, text="Wij hebben het gesprek nagelopen.", today=MONDAY
    )


def last_event(complaint: Complaint) -> ComplaintEvent:
    event = complaint.events.order_by("-at", "-id").first()
    assert event is not None
    return event


def test_acknowledge_sets_status_and_date_and_writes_history_and_audit(handler: User) -> None:
    complaint = make_complaint(received_on=MONDAY)
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint, note="Gebeld", today=MONDAY)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.acknowledged_on) == (ComplaintStatus.ACKNOWLEDGED, MONDAY)
    event = last_event(complaint)
    assert (event.kind, event.actor, event.note) == (ComplaintEventKind.ACKNOWLEDGED, handler, "Gebeld")
    assert event.data == {"status": ["received", "acknowledged"], "acknowledged_on": [None, "2026-03-02"]}
    audit = AuditLog.objects.get(object_type="complaint", object_id=str(complaint.pk))
    assert audit.actor == handler
    assert audit.changes["event"] == "acknowledged"


def test_acknowledging_twice_is_a_conflict_and_writes_nothing(handler: User) -> None:
    complaint = acknowledged(handler)
    with pytest.raises(workflow.ComplaintConflict) as conflict:
        workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    assert conflict.value.code == "already_acknowledged"
    assert complaint.events.count() == 2


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.INSURER, Role.CASEMANAGER])
def test_only_the_complaint_handler_handles(make_user: Callable[..., User], role: Role) -> None:
    complaint = make_complaint()
    with pytest.raises(PermissionDenied):
        workflow.complaint_acknowledge(acknowledged_by=make_user(role), complaint=complaint)
    assert complaint.events.count() == 1


def test_the_admin_may_handle(make_user: Callable[..., User]) -> None:
    complaint = workflow.complaint_acknowledge(acknowledged_by=make_user(Role.ADMIN), complaint=make_complaint())
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED


def test_assign_to_an_active_handler_records_old_and_new(handler: User, make_user: Callable[..., User]) -> None:
    other = make_user(Role.COMPLAINT_HANDLER)
    complaint = make_complaint(assigned_to=handler)
    workflow.complaint_assign(assigned_by=handler, complaint=complaint, handler=other)
    complaint.refresh_from_db()
    assert complaint.assigned_to == other
    assert last_event(complaint).data == {"assigned_to": [handler.email, other.email]}


@pytest.mark.parametrize("who", ["inactive", "insurer"])
def test_assign_refuses_someone_who_is_not_an_active_handler(
    handler: User, make_user: Callable[..., User], who: str
) -> None:
    target = make_user(Role.COMPLAINT_HANDLER, is_active=False) if who == "inactive" else make_user(Role.INSURER)
    complaint = make_complaint()
    with pytest.raises(ValidationError):
        workflow.complaint_assign(assigned_by=handler, complaint=complaint, handler=target)
    complaint.refresh_from_db()
    assert complaint.assigned_to is None


def test_pause_and_resume_moves_answer_by_by_the_paused_days(handler: User) -> None:
    complaint = acknowledged(handler)
    original = complaint.answer_by
    assert original == dt.date(2026, 4, 13)
    workflow.complaint_request_information(
        requested_by=handler,
        complaint=complaint,
        note="Stuur de e-mail van de casemanager.",
        today=dt.date(2026, 3, 10),
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.paused_since) == (ComplaintStatus.WAITING, dt.date(2026, 3, 10))
    workflow.complaint_information_received(recorded_by=handler, complaint=complaint, today=dt.date(2026, 3, 19))
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    assert (complaint.paused_days, complaint.paused_since) == (9, None)
    assert complaint.answer_by == original + dt.timedelta(days=9)
    assert last_event(complaint).data["answer_by"] == ["2026-04-13", "2026-04-22"]


def test_a_second_pause_adds_to_the_first(handler: User) -> None:
    complaint = acknowledged(handler)
    for start, end in ((dt.date(2026, 3, 3), dt.date(2026, 3, 5)), (dt.date(2026, 3, 10), dt.date(2026, 3, 13))):
        workflow.complaint_request_information(requested_by=handler, complaint=complaint, note="Vraag", today=start)
        workflow.complaint_information_received(recorded_by=handler, complaint=complaint, today=end)
    complaint.refresh_from_db()
    assert complaint.paused_days == 5
    assert complaint.answer_by == dt.date(2026, 4, 18)


def test_waiting_before_acknowledgement_returns_to_received(handler: User) -> None:
    complaint = make_complaint(received_on=MONDAY)
    workflow.complaint_request_information(requested_by=handler, complaint=complaint, note="Vraag", today=MONDAY)
    workflow.complaint_information_received(recorded_by=handler, complaint=complaint, today=MONDAY)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


def test_information_received_without_a_request_is_a_conflict(handler: User) -> None:
    with pytest.raises(workflow.ComplaintConflict):
        workflow.complaint_information_received(recorded_by=handler, complaint=acknowledged(handler))


def test_request_information_needs_the_question(handler: User) -> None:
    complaint = acknowledged(handler)
    with pytest.raises(ValidationError):
        workflow.complaint_request_information(requested_by=handler, complaint=complaint, note="  ")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED


def test_answer_keeps_the_text_in_the_history(handler: User) -> None:
    complaint = answered(handler)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answered_on) == (ComplaintStatus.ANSWERED, MONDAY)
    assert last_event(complaint).note == "Wij hebben het gesprek nagelopen."
    assert workflow.complaint_answer_text(complaint) == "Wij hebben het gesprek nagelopen."


@pytest.mark.parametrize(
    ("prepare", "code"),
    [("received", "not_acknowledged"), ("waiting", "waiting"), ("answered", "already_answered")],
)
def test_answer_in_the_wrong_status_is_a_conflict(handler: User, prepare: str, code: str) -> None:
    if prepare == "received":
        complaint = make_complaint()
    elif prepare == "waiting":
        complaint = workflow.complaint_request_information(
            requested_by=handler, complaint=acknowledged(handler), note="Vraag"
        )
    else:
        complaint = answered(handler)
    with pytest.raises(workflow.ComplaintConflict) as conflict:
        workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Antwoord")
    assert conflict.value.code == code


def test_close_records_outcome_and_date(handler: User) -> None:
    complaint = answered(handler)
    workflow.complaint_close(
        closed_by=handler, complaint=complaint, outcome=ComplaintOutcome.PARTLY_FOUNDED, note="Excuses", today=MONDAY
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.closed_on) == (
        ComplaintStatus.CLOSED,
        ComplaintOutcome.PARTLY_FOUNDED,
        MONDAY,
    )
    assert last_event(complaint).data["outcome"] == ["", "partly_founded"]


def test_close_sends_complaint_closed_on_commit(handler: User, django_capture_on_commit_callbacks: Any) -> None:
    complaint = answered(handler)
    received: list[Complaint] = []

    def listener(sender: Any, complaint: Complaint, **kwargs: Any) -> None:
        received.append(complaint)

    complaint_closed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            workflow.complaint_close(closed_by=handler, complaint=complaint, outcome=ComplaintOutcome.FOUNDED)
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        complaint_closed.disconnect(listener)
    assert [c.pk for c in received] == [complaint.pk]


def test_close_before_the_answer_or_with_an_unknown_outcome_is_refused(handler: User) -> None:
    with pytest.raises(workflow.ComplaintConflict):
        workflow.complaint_close(closed_by=handler, complaint=acknowledged(handler), outcome=ComplaintOutcome.FOUNDED)
    with pytest.raises(ValidationError):
        workflow.complaint_close(closed_by=handler, complaint=answered(handler), outcome="misschien")


def test_escalate_after_the_answer_once(handler: User) -> None:
    complaint = answered(handler)
    workflow.complaint_escalate(escalated_by=handler, complaint=complaint, route=EscalationRoute.KIFID, today=MONDAY)
    complaint.refresh_from_db()
    assert (complaint.escalated_to, complaint.escalated_on) == (EscalationRoute.KIFID, MONDAY)
    assert last_event(complaint).data == {"escalated_to": ["", "kifid"], "escalated_on": [None, "2026-03-02"]}
    with pytest.raises(workflow.ComplaintConflict):
        workflow.complaint_escalate(escalated_by=handler, complaint=complaint, route=EscalationRoute.EXTERNAL)


def test_escalate_before_the_answer_is_a_conflict(handler: User) -> None:
    with pytest.raises(workflow.ComplaintConflict):
        workflow.complaint_escalate(
            escalated_by=handler, complaint=acknowledged(handler), route=EscalationRoute.EXTERNAL
        )


def test_every_step_appends_and_keeps_the_earlier_rows(handler: User) -> None:
    complaint = answered(handler)
    first_rows = list(complaint.events.values_list("id", "kind", "note", "data"))
    workflow.complaint_close(closed_by=handler, complaint=complaint, outcome=ComplaintOutcome.UNFOUNDED)
    rows = list(complaint.events.values_list("id", "kind", "note", "data"))
    assert rows[: len(first_rows)] == first_rows
    assert [row[1] for row in rows] == ["received", "acknowledged", "answered", "closed"]


def test_history_rows_refuse_orm_update_and_delete(handler: User) -> None:
    complaint = acknowledged(handler)
    event = last_event(complaint)
    with pytest.raises(PermissionError):
        ComplaintEvent.objects.filter(pk=event.pk).update(note="anders")
    with pytest.raises(PermissionError):
        ComplaintEvent.objects.filter(pk=event.pk).delete()
    event.note = "anders"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert ComplaintEvent.objects.get(pk=event.pk).note == ""


def test_history_rows_refuse_raw_sql_update_and_on_postgresql_delete(handler: User) -> None:
    complaint = acknowledged(handler)
    event = last_event(complaint)
    statements = ["UPDATE complaints_complaintevent SET note = 'anders' WHERE id = %s"]
    # SQLite (development only) keeps DELETE for Django's test flush; PostgreSQL's trigger refuses it too.
    if connection.vendor == "postgresql":
        statements.append("DELETE FROM complaints_complaintevent WHERE id = %s")
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert ComplaintEvent.objects.get(pk=event.pk).note == ""
