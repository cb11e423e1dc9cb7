"""The benchmark's book generator (bench/generate_steps.py) keeps working: small books, both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Count

from bench.generate_steps import BookPlan, book_exists, book_generate
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.absence.reminders import OVERDUE_CATCH_UP_DAYS, reminder_kind
from verzuim.models import Notification, NotificationState, Role, User
from verzuim.notifications import notification_sweep

PLAN = BookPlan(steps=3_000, seed=42)

pytestmark = pytest.mark.django_db


def _window_steps(today: dt.date) -> list[Step]:
    return list(
        Step.objects.filter(
            state=StepState.OPEN,
            case__status=CaseStatus.OPEN,
            due_date__gte=today - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS),
            due_date__lte=today + dt.timedelta(days=7),
        ).select_related("case")
    )


def test_the_book_has_the_asked_number_of_steps_and_a_realistic_shape() -> None:
    summary = book_generate(plan=PLAN)

    assert Step.objects.count() == summary.rows["steps"] == PLAN.steps
    cases = AbsenceCase.objects.count()
    assert summary.rows["cases"] == cases
    # Every case has the engine's 16 steps and at least one plan review; only the last one may be cut short.
    per_case = AbsenceCase.objects.annotate(n=Count("steps")).values_list("n", flat=True)
    assert sum(1 for n in per_case if n < 17) <= 1
    assert AbsenceCase.objects.filter(status=CaseStatus.OPEN).count() == summary.open_cases
    assert 0.1 < summary.open_cases / cases < 0.25
    # At most one open case per employee, as the portal's constraint demands.
    open_employees = AbsenceCase.objects.filter(status=CaseStatus.OPEN).values_list("employee_id", flat=True)
    assert len(set(open_employees)) == len(open_employees)
    states = set(Step.objects.values_list("state", flat=True))
    assert states == {StepState.OPEN, StepState.DONE, StepState.NOT_APPLICABLE}
    assert not Step.objects.filter(case__status=CaseStatus.CLOSED, state=StepState.OPEN).exists()
    assert User.objects.filter(role=Role.CASEMANAGER).exists()
    assert book_exists()


def test_the_same_seed_gives_the_same_book() -> None:
    def fingerprint() -> list[tuple[object, ...]]:
        return list(
            Step.objects.order_by("id").values_list("case_id", "code", "sequence", "due_date", "state", "completed_on")
        )

    with transaction.atomic():
        book_generate(plan=PLAN)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Step.objects.exists()

    book_generate(plan=PLAN)

    assert fingerprint() == first


def test_the_sweep_over_the_book_queues_each_due_reminder_once_and_cancels_the_stale_ones() -> None:
    summary = book_generate(plan=PLAN)
    today = PLAN.today
    window = _window_steps(today)
    assert len(window) == summary.window_steps > 0
    assert Notification.objects.filter(state=NotificationState.SENT).exists()  # the outbox has a history
    last_generated = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0

    offered = notification_sweep(today=today)

    assert Notification.objects.filter(state=NotificationState.CANCELLED).count() == summary.stale_pending > 0
    queued = list(Notification.objects.filter(id__gt=last_generated))
    # The generator leaves the sweep's window to the sweep: everything offered is new.
    assert len(queued) == offered > 0
    by_step = {step.pk: step for step in window}
    for notification in queued:
        assert notification.object_type == "step"
        step = by_step[int(notification.object_id)]
        assert notification.state == NotificationState.PENDING
        assert notification.due_date == step.due_date
        assert notification.kind == reminder_kind(step.due_date, today)
    reminded = {(int(n.object_id), n.recipient_id) for n in queued}
    for step in window:
        if step.case.casemanager_id is not None:
            assert (step.pk, step.case.casemanager_id) in reminded

    assert notification_sweep(today=today) == offered
    assert Notification.objects.filter(id__gt=last_generated).count() == len(queued)


def test_copy_and_the_portable_path_write_the_same_book() -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(ValueError, match="COPY needs PostgreSQL"):
            book_generate(plan=PLAN, copy=True)
        return
    with transaction.atomic():
        book_generate(plan=PLAN, copy=True)
        copied = list(Step.objects.order_by("id").values_list("case_id", "code", "due_date", "state", "reason"))
        transaction.set_rollback(True)

    book_generate(plan=PLAN, copy=False)

    assert list(Step.objects.order_by("id").values_list("case_id", "code", "due_date", "state", "reason")) == copied
