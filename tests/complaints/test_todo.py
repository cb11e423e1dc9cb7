"""'Mijn taken' for complaint handlers (issue 20 item 1): confirm receipt, then answer, by their deadlines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from complaints.models import ComplaintStatus
from tests.complaints.factories import make_complaint
from verzuim.models import Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db
MakeUser = Callable[..., User]


def test_a_new_complaint_is_to_acknowledge_then_to_answer(make_user: MakeUser) -> None:
    handler = make_user(Role.COMPLAINT_HANDLER)
    complaint = make_complaint()
    [task] = tasks_for(handler, timezone.localdate())
    assert task.action == f"Ontvangst bevestigen: klacht {complaint.reference}"
    assert (task.due, task.subject.endswith("(nog niet toegewezen)")) == (complaint.acknowledge_by, True)
    complaint.status = ComplaintStatus.ACKNOWLEDGED
    complaint.assigned_to = handler
    complaint.save()
    [task] = tasks_for(handler, timezone.localdate())
    assert (task.action, task.due) == (f"Klacht {complaint.reference} beantwoorden", complaint.answer_by)
    assert tasks_for(make_user(Role.COMPLAINT_HANDLER), timezone.localdate()) == []  # assigned to a colleague
    complaint.status = ComplaintStatus.ANSWERED
    complaint.save()
    assert tasks_for(handler, timezone.localdate()) == []
