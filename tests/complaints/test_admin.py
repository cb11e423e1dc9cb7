"""The complaint handler's admin: sees complaints only (never a dossier, employee or premium page), the list with
its overdue marker, the steps through the services, a history nobody can change, and the two letters as PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from complaints import services_workflow as workflow
from complaints.admin import deadline_marker
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintOutcome,
    ComplaintStatus,
    ComplaintTerms,
    EscalationRoute,
)
from premiums import services as premium_services
from tests.cases.factories import make_case
from tests.complaints.factories import make_complaint
from tests.factories import EmployeeFactory, PolicyFactory
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]

LIST = "/admin/complaints/complaint/"
MONDAY = dt.date(2026, 3, 2)


def change_url(complaint: Complaint) -> str:
    return f"{LIST}{complaint.pk}/change/"


def step_url(complaint: Complaint, step: str) -> str:
    return f"{LIST}{complaint.pk}/stap/{step}/"


def letter_url(complaint: Complaint, letter: str) -> str:
    return f"{LIST}{complaint.pk}/brief/{letter}.pdf"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def handler(make_user: MakeUser) -> User:
    return make_user(Role.COMPLAINT_HANDLER, full_name="Karin Klachten")


@pytest.fixture
def as_handler(staff_login: StaffLogin, handler: User) -> Client:
    return staff_login(handler)


# --- Acceptance: the handler sees complaints only -------------------------------------------------------------


def test_acceptance_a_complaint_handler_cannot_open_any_dossier_employee_or_premium_page(
    as_handler: Client, make_user: MakeUser
) -> None:
    case = make_case()
    employer = case.employer
    employee = EmployeeFactory(employer=employer)
    policy = PolicyFactory(employer=employer)
    calculation = premium_services.premium_calculate(
        calculated_by=make_user(Role.INSURER), policy=policy, year=2026, today=dt.date(2026, 1, 5)
    )
    pages = [
        f"/verzuim/{case.pk}/",
        f"/verzuim/{case.pk}/documenten/",
        f"/verzuim/{case.pk}/declaraties/",
        "/werknemers/",
        f"/werknemers/{employee.pk}/",
        "/premie/",
        "/premies/beoordelen/",
        f"/premies/berekeningen/{calculation.pk}/",
        f"/werkgevers/{employer.pk}/verzuimcijfers/",
        "/declaraties/",
        "/werkvoorraad/",
    ]
    assert {page: as_handler.get(page).status_code for page in pages} == dict.fromkeys(pages, 404)


def test_the_handler_sees_only_complaints_and_their_standard_texts_in_the_admin(as_handler: Client) -> None:
    apps = as_handler.get("/admin/").context["app_list"]
    assert [(app["app_label"], [m["object_name"] for m in app["models"]]) for app in apps] == [
        ("complaints", ["Complaint", "ComplaintLetterTemplate", "ComplaintTerms"])
    ]
    for url in ("/admin/verzuim/employee/", "/admin/premiums/parameterset/", "/admin/cases/arbodienst/"):
        assert as_handler.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.INSURER, Role.EMPLOYER, Role.CASEMANAGER])
def test_an_insurer_employer_or_casemanager_cannot_open_the_complaints_admin(
    staff_login: StaffLogin, client: Client, make_user: MakeUser, role: Role
) -> None:
    complaint = make_complaint()
    user = make_user(role)
    if role == Role.EMPLOYER:
        client.force_login(user)
        browser = client
    else:
        browser = staff_login(user)
    for url in (
        LIST,
        change_url(complaint),
        step_url(complaint, "ontvangst-bevestigen"),
        letter_url(complaint, "ontvangstbevestiging"),
    ):
        response = browser.get(url)
        # The admin site sends whoever may not use it to its login page; a staff user without the role gets 403.
        assert response.status_code in (302, 403, 404), url
        assert b"%PDF" not in response.content
    assert browser.post(step_url(complaint, "ontvangst-bevestigen"), {"note": ""}).status_code in (302, 403, 404)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.events.count() == 1


# --- The list ------------------------------------------------------------------------------------------------


def test_deadline_marker_counts_down_and_marks_overdue() -> None:
    complaint = Complaint(
        status=ComplaintStatus.ACKNOWLEDGED, received_on=MONDAY, acknowledge_by=MONDAY, answer_by=dt.date(2026, 4, 13)
    )
    assert deadline_marker(complaint, dt.date(2026, 4, 10)) == "3 dagen over"
    assert deadline_marker(complaint, dt.date(2026, 4, 13)) == "vandaag"
    assert deadline_marker(complaint, dt.date(2026, 4, 16)) == "3 dagen te laat"
    assert deadline_marker(complaint, dt.date(2026, 4, 14)) == "1 dag te laat"
    complaint.status = ComplaintStatus.ANSWERED
    assert deadline_marker(complaint, dt.date(2026, 4, 16)) == "—"


def test_deadline_marker_of_a_late_acknowledgement_and_of_a_paused_clock() -> None:
    received = Complaint(
        status=ComplaintStatus.RECEIVED,
        received_on=MONDAY,
        acknowledge_by=dt.date(2026, 3, 9),
        answer_by=dt.date(2026, 4, 13),
    )
    assert deadline_marker(received, dt.date(2026, 3, 11)) == "33 dagen over; ontvangstbevestiging 2 dagen te laat"
    waiting = Complaint(
        status=ComplaintStatus.WAITING,
        received_on=MONDAY,
        acknowledge_by=dt.date(2026, 3, 9),
        answer_by=dt.date(2026, 4, 13),
        paused_since=dt.date(2026, 4, 3),
    )
    # The clock stands still: ten days were left when the question went out, whatever today is.
    assert deadline_marker(waiting, dt.date(2026, 5, 1)) == "10 dagen over (gepauzeerd)"


def test_list_shows_the_overdue_marker_and_the_overdue_filter(as_handler: Client) -> None:
    today = timezone.localdate()
    late = make_complaint(received_on=today - dt.timedelta(weeks=6, days=3), status=ComplaintStatus.ACKNOWLEDGED)
    on_time = make_complaint(received_on=today, status=ComplaintStatus.ACKNOWLEDGED)
    response = as_handler.get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>3 dagen te laat</strong>" in content
    assert late.reference in content
    assert on_time.reference in content
    assert [c.pk for c in as_handler.get(LIST, {"te_laat": "ja"}).context["cl"].result_list] == [late.pk]
    assert [c.pk for c in as_handler.get(LIST, {"te_laat": "nee"}).context["cl"].result_list] == [on_time.pk]


def test_list_filters_by_status_category_and_assignee_and_searches(as_handler: Client, handler: User) -> None:
    mine = make_complaint(assigned_to=handler, category="premium", description="De premie is te hoog")
    other = make_complaint(contact_name="Piet Puk", contact_email="piet@puk.nl")

    def listed(params: dict[str, Any]) -> list[Any]:
        return [c.pk for c in as_handler.get(LIST, params).context["cl"].result_list]

    assert listed({"category__exact": "premium"}) == [mine.pk]
    assert listed({"assigned_to__id__exact": str(handler.pk)}) == [mine.pk]
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=other)
    assert listed({"status__exact": "acknowledged"}) == [other.pk]
    assert listed({"q": "te hoog"}) == [mine.pk]
    assert listed({"q": "piet@puk"}) == [other.pk]
    assert listed({"q": "Piet Puk"}) == [other.pk]
    assert listed({"q": mine.reference}) == [mine.pk]


def test_the_list_takes_a_fixed_number_of_queries(
    as_handler: Client, handler: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        make_complaint(assigned_to=handler)
    with django_assert_max_num_queries(12) as captured:
        as_handler.get(LIST)
    few = len(captured.captured_queries)
    for _ in range(5):
        make_complaint(assigned_to=handler)
    with django_assert_max_num_queries(few):
        as_handler.get(LIST)


# --- The change page and its steps ---------------------------------------------------------------------------


def test_change_page_is_read_only_and_offers_the_steps_of_the_status(as_handler: Client) -> None:
    complaint = make_complaint()
    response = as_handler.get(change_url(complaint))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    content = response.content.decode()
    assert step_url(complaint, "ontvangst-bevestigen") in content
    assert step_url(complaint, "beantwoorden") not in content
    assert letter_url(complaint, "ontvangstbevestiging") in content
    assert letter_url(complaint, "antwoord") not in content
    assert 'name="description"' not in content  # intake fields are shown, not editable


def test_post_to_the_change_form_changes_nothing(as_handler: Client) -> None:
    complaint = make_complaint()
    response = as_handler.post(change_url(complaint), {"description": "Anders", "status": "closed"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert (complaint.description, complaint.status) == ("De casemanager belt nooit terug.", ComplaintStatus.RECEIVED)


def test_the_steps_go_through_the_services_and_write_history(as_handler: Client, handler: User) -> None:
    complaint = make_complaint()
    assert as_handler.get(step_url(complaint, "ontvangst-bevestigen")).status_code == 200
    response = as_handler.post(step_url(complaint, "ontvangst-bevestigen"), {"note": "Telefonisch bevestigd"})
    assert response.status_code == 302
    assert response["Location"] == change_url(complaint)
    as_handler.post(step_url(complaint, "toewijzen"), {"handler": str(handler.pk), "note": ""})
    as_handler.post(step_url(complaint, "informatie-vragen"), {"note": "Welke datum was het gesprek?"})
    as_handler.post(step_url(complaint, "informatie-ontvangen"), {"note": ""})
    as_handler.post(step_url(complaint, "beantwoorden"), {"text": "Wij bieden onze excuses aan."})
    as_handler.post(step_url(complaint, "afsluiten"), {"outcome": ComplaintOutcome.FOUNDED, "note": ""})
    as_handler.post(step_url(complaint, "doorverwijzen"), {"route": EscalationRoute.EXTERNAL, "note": ""})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert (complaint.assigned_to, complaint.outcome, complaint.escalated_to) == (handler, "founded", "external")
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "acknowledged",
        "assigned",
        "info_requested",
        "info_received",
        "answered",
        "closed",
        "escalated",
    ]
    assert set(complaint.events.exclude(kind="received").values_list("actor", flat=True)) == {handler.pk}


def test_a_step_with_an_invalid_form_or_in_the_wrong_status_changes_nothing(as_handler: Client) -> None:
    complaint = make_complaint()
    response = as_handler.post(step_url(complaint, "informatie-vragen"), {"note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = as_handler.post(step_url(complaint, "beantwoorden"), {"text": "Antwoord"}, follow=True)
    assert "Bevestig eerst de ontvangst van de klacht." in response.content.decode()
    assert complaint.events.count() == 1
    assert as_handler.get(step_url(complaint, "bestaat-niet")).status_code == 404


# --- The history cannot be changed through the admin ---------------------------------------------------------


def test_acceptance_the_history_cannot_be_edited_or_deleted_through_the_admin(
    staff_login: StaffLogin, handler: User, make_user: MakeUser
) -> None:
    complaint = workflow.complaint_acknowledge(acknowledged_by=handler, complaint=make_complaint(), note="Origineel")
    event = complaint.events.get(kind=ComplaintEventKind.ACKNOWLEDGED)
    before = list(ComplaintEvent.objects.order_by("id").values_list("id", "kind", "note", "data", "actor"))
    # Not even the admin role: there is no ModelAdmin for the history, and the inline allows nothing.
    for user in (handler, make_user(Role.ADMIN)):
        browser = staff_login(user)
        for url in (
            f"/admin/complaints/complaintevent/{event.pk}/change/",
            f"/admin/complaints/complaintevent/{event.pk}/delete/",
            "/admin/complaints/complaintevent/add/",
        ):
            assert browser.post(url, {"note": "Gewijzigd", "post": "yes"}).status_code == 404
        browser.post(
            change_url(complaint),
            {
                "events-TOTAL_FORMS": "1",
                "events-INITIAL_FORMS": "1",
                "events-0-id": str(event.pk),
                "events-0-complaint": str(complaint.pk),
                "events-0-note": "Gewijzigd",
                "events-0-DELETE": "on",
            },
        )
        browser.post(f"{LIST}{complaint.pk}/delete/", {"post": "yes"})
        inline = browser.get(change_url(complaint)).context["inline_admin_formsets"][0]
        assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
            False,
            False,
            False,
        )
    assert list(ComplaintEvent.objects.order_by("id").values_list("id", "kind", "note", "data", "actor")) == before
    assert Complaint.objects.filter(pk=complaint.pk).exists()


# --- Terms ---------------------------------------------------------------------------------------------------


def test_terms_are_view_only_for_the_handler_and_frozen_once_used(
    as_handler: Client, staff_login: StaffLogin, make_user: MakeUser
) -> None:
    used = ComplaintTerms.objects.get()
    make_complaint()
    url = f"/admin/complaints/complaintterms/{used.pk}/change/"
    assert as_handler.get(url).context["has_change_permission"] is False
    assert (
        as_handler.post(url, {"valid_from": "2020-01-01", "acknowledge_working_days": 9, "answer_weeks": 9}).status_code
        == 403
    )
    assert as_handler.get("/admin/complaints/complaintterms/add/").status_code == 403
    admin_client = staff_login(make_user(Role.ADMIN))
    assert admin_client.get(url).context["has_change_permission"] is False
    response = admin_client.post(
        "/admin/complaints/complaintterms/add/",
        {"valid_from": "2027-01-01", "acknowledge_working_days": 5, "answer_weeks": 8},
    )
    assert response.status_code == 302
    used.refresh_from_db()
    assert (used.acknowledge_working_days, used.answer_weeks) == (5, 6)
    assert ComplaintTerms.objects.count() == 2


# --- Letters -------------------------------------------------------------------------------------------------


def test_the_acknowledgement_letter_is_a_dutch_pdf_with_reference_and_dates(as_handler: Client, handler: User) -> None:
    complaint = make_complaint(received_on=MONDAY, contact_name="Klara Klager")
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint, today=MONDAY)
    response = as_handler.get(letter_url(complaint, "ontvangstbevestiging"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f"ontvangstbevestiging-{complaint.reference}-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Ontvangstbevestiging van uw klacht" in text
    assert complaint.reference in text
    assert "Beste Klara Klager" in text
    assert "Op 02-03-2026 hebben wij uw klacht ontvangen" in text
    assert "U krijgt uiterlijk op 13-04-2026 ons antwoord" in text
    assert AuditLog.objects.filter(object_id=str(complaint.pk), changes__letter="ontvangstbevestiging").exists()


def test_the_answer_letter_carries_the_answer_and_the_escalation_routes(as_handler: Client, handler: User) -> None:
    complaint = make_complaint(received_on=MONDAY)
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint, today=MONDAY)
    workflow.complaint_answer(
        answered_by=handler, complaint=complaint, text="Uw casemanager belt u voortaan binnen een werkdag terug."
    )
    response = as_handler.get(letter_url(complaint, "antwoord"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Antwoord op uw klacht" in text
    assert complaint.reference in text
    assert "Uw casemanager belt u voortaan binnen een werkdag terug." in text
    assert "externe klachtenregeling" in text
    assert "Kifid" in text


def test_the_answer_letter_exists_only_once_answered(as_handler: Client) -> None:
    complaint = make_complaint()
    assert as_handler.get(letter_url(complaint, "antwoord")).status_code == 404
    assert as_handler.get(letter_url(complaint, "onbekend")).status_code == 404


def test_the_letter_escapes_what_the_complainant_wrote(as_handler: Client, handler: User) -> None:
    from complaints import pdf

    complaint = make_complaint(contact_name="<b>Klara</b>")
    rendered = pdf.complaint_letter_render(complaint=complaint, letter="ontvangstbevestiging", generated_by=handler)
    assert "&lt;b&gt;Klara&lt;/b&gt;" in rendered.html
    assert "<b>Klara</b>" not in rendered.html
