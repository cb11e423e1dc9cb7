"""Complaints for tests, made directly with the ORM (a complaint and its `received` event), dated through
complaints.deadlines with the first terms row, until the intake service is the way to make them."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from complaints import deadlines
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
    ComplaintTerms,
)

_numbers = itertools.count(1)


def make_complaint(*, received_on: dt.date | None = None, **fields: Any) -> Complaint:
    received_on = received_on or timezone.localdate()
    terms = ComplaintTerms.objects.order_by("valid_from").first()
    assert terms is not None, "the complaint terms are seeded by migration"
    number = next(_numbers)
    values: dict[str, Any] = {
        "reference": f"KL-{received_on.year}-{number:06d}",
        "category": ComplaintCategory.CASEMANAGER,
        "description": "De casemanager belt nooit terug.",
        "contact_name": "Klara Klager",
        "contact_email": f"klager{number}@example.nl",
        "channel": ComplaintChannel.PUBLIC,
        "received_on": received_on,
        "terms": terms,
        "acknowledge_by": deadlines.acknowledge_by(received_on, terms.acknowledge_working_days),
        "answer_by": deadlines.answer_by(received_on, terms.answer_weeks),
        "status": ComplaintStatus.RECEIVED,
    }
    values.update(fields)
    complaint = Complaint.objects.create(**values)
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEventKind.RECEIVED, data={"status": [None, ComplaintStatus.RECEIVED]}
    )
    return complaint
