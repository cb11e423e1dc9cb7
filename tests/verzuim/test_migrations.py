"""Data migrations keep what they move: the outbox's step reference (verzuim 0008/0009) survives both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.absence.models import Step
from tests.cases.factories import make_case
from tests.factories import UserFactory
from verzuim.models import Notification, Role

BEFORE = ("verzuim", "0007_password_reset_outbox")


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_step_reminder_keeps_its_step_through_the_migration_and_back() -> None:
    latest = _latest()
    case = make_case(days_sick=1)
    step = Step.objects.get(case=case, code="report_to_ohs")
    user = UserFactory(role=Role.CASEMANAGER)
    due = timezone.localdate() + dt.timedelta(days=5)
    try:
        executor = _migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps.get_model("verzuim", "Notification")
        common = {"recipient_id": user.pk, "due_date": due, "title": "Ziekmelding", "context": "S.V.", "url": "/"}
        # As the sweeper wrote it, and an older row whose generic reference was never filled in.
        as_written = old.objects.create(
            kind="due_7", object_type="step", object_id=str(step.pk), step_id=step.pk, **common
        )
        unfilled = old.objects.create(kind="due_1", object_type="", object_id="", step_id=step.pk, **common)
        not_a_step = old.objects.create(kind="due_7", object_type="complaint_answer", object_id="x", **common)

        _migrate(latest)
        refs = {pk: (t, i) for pk, t, i in Notification.objects.values_list("pk", "object_type", "object_id")}
        assert refs == {
            as_written.pk: ("step", str(step.pk)),
            unfilled.pk: ("step", str(step.pk)),
            not_a_step.pk: ("complaint_answer", "x"),
        }

        executor = _migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps.get_model("verzuim", "Notification")
        assert dict(old.objects.values_list("pk", "step_id")) == {
            as_written.pk: step.pk,
            unfilled.pk: step.pk,
            not_a_step.pk: None,
        }
    finally:
        _migrate(latest)
