"""The yearly complaints report and the covenant evaluation count escalations (issue 21 item 4): per route, for the
complaints received in the report year, as the handler recorded them with complaint_escalate."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client

from complaints import reports_data
from complaints import services_workflow as workflow
from complaints.models import Complaint, ComplaintStatus
from tests.complaints.factories import make_complaint
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
TODAY = dt.date(2026, 12, 7)


def answered(received_on: dt.date) -> Complaint:
    return make_complaint(
        received_on=received_on,
        status=ComplaintStatus.ANSWERED,
        acknowledged_on=received_on + dt.timedelta(days=2),
        answered_on=received_on + dt.timedelta(days=20),
    )


@pytest.fixture
def escalations(make_user: MakeUser) -> None:
    """2026: one to Kifid, one to the external scheme, one answered and not escalated, one still open.
    2025: one to Kifid (received then, so not in 2026's numbers)."""
    handler = make_user(Role.COMPLAINT_HANDLER)
    for received_on, route in (
        (dt.date(2026, 3, 2), "kifid"),
        (dt.date(2026, 6, 1), "external"),
        (dt.date(2025, 11, 3), "kifid"),
    ):
        workflow.complaint_escalate(escalated_by=handler, complaint=answered(received_on), route=route)
    answered(dt.date(2026, 9, 1))
    make_complaint(received_on=dt.date(2026, 11, 2))


def test_the_yearly_report_counts_escalations_per_route(escalations: None) -> None:
    report = reports_data.complaints_report_load(year=2026, today=TODAY)
    assert [(item.code, item.count) for item in report.per_escalation] == [("external", 1), ("kifid", 1)]
    assert report.escalated_count == 2
    assert reports_data.complaints_report_load(year=2025, today=TODAY).escalated_count == 1


def test_the_covenant_evaluation_counts_escalations(escalations: None) -> None:
    report = reports_data.covenant_report_load(year=2026, today=TODAY)
    assert report.complaints.escalated_count == 2


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_report_page_and_both_csv_exports_show_the_escalations(
    escalations: None, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    html = client.get("/rapportages/klachten/?jaar=2026").content.decode()
    assert 'id="doorverwezen"' in html
    for url in ("/rapportages/klachten/export.csv?jaar=2026", "/rapportages/convenant/export.csv?jaar=2026"):
        rows = read_csv(client.get(url).content)
        assert ["Doorverwezen", "Kifid", "1", ""] in rows
        assert ["Doorverwezen", "Externe klachtenregeling", "1", ""] in rows
        assert ["Doorverwezen", "Totaal doorverwezen", "2", ""] in rows
