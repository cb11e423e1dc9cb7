"""One conversation per case and the confidential physician thread (issue 22 items 3 and 6): who reads which thread
(pages and API), sending with a PDF, read receipts, the mail that holds a link and never the text, the audit of
every read, the casemanager's follow-up as a task, and query counts that do not grow with the thread."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.contrib import admin
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase
from cases.medical.messages import physician_message_send
from cases.medical.models import PhysicianMessage, PhysicianMessageRead
from cases.messages.models import CaseMessage, CaseMessageRead, MessageFollowUp
from cases.messages.services import message_send
from tests.cases.factories import employer_user_for, make_case
from tests.conftest import current_totp
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, confirmed_totp_device
from verzuim.mail import mail_send_pending
from verzuim.models import AuditLog, OutgoingMail, Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db

BASE = "https://portaal.example.nl"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SECRET = "Mijn rug doet zeer sinds de val"


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = BASE
    settings.MEDIA_ROOT = tmp_path / "media"


class World:
    def __init__(self) -> None:
        self.casemanager = cast(User, UserFactory(role=Role.CASEMANAGER, full_name="Carla Casemanager"))
        self.physician = cast(User, UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts"))
        employer = EmployerFactory(casemanager=self.casemanager, occupational_physician=self.physician)
        employee = EmployeeFactory(employer=employer, first_name="Eva", last_name="Zieker")
        self.case: AbsenceCase = make_case(employee=employee, days_sick=10)
        self.employer_user = employer_user_for(employer)
        self.employee = cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name="Eva Zieker"))
        self.insurer = cast(User, UserFactory(role=Role.INSURER))
        self.admin = cast(User, UserFactory(role=Role.ADMIN))
        # Another employee of the same employer, with a case and an account of their own.
        colleague = EmployeeFactory(employer=employer)
        self.other_case = make_case(employee=colleague, days_sick=5)
        self.colleague = cast(User, UserFactory(role=Role.EMPLOYEE, employee=colleague))
        self.other_physician = cast(User, UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN))
        self.other_casemanager = cast(User, UserFactory(role=Role.CASEMANAGER))


@pytest.fixture
def world() -> World:
    return World()


def page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    if user.needs_two_factor:
        device = confirmed_totp_device(user)
        response = client.post("/account/tweestapsverificatie/", {"token": current_totp(device)})
        assert response.status_code == 302
    return client


def api(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def case_url(case: AbsenceCase, user: User) -> str:
    return f"/mijn-verzuim/{case.pk}/berichten/" if user.role == Role.EMPLOYEE else f"/verzuim/{case.pk}/berichten/"


def physician_url(case: AbsenceCase, user: User) -> str:
    return (
        f"/mijn-verzuim/{case.pk}/bedrijfsarts/"
        if user.role == Role.EMPLOYEE
        else f"/verzuim/{case.pk}/medisch/berichten/"
    )


# --- Who reads which thread -------------------------------------------------------------------------------------


def test_the_case_thread_is_for_employee_employer_and_casemanager_only(world: World) -> None:
    for user in (world.employee, world.employer_user, world.casemanager):
        assert page(user).get(case_url(world.case, user)).status_code == 200, user.role
        assert api(user).get(f"/api/v1/absences/{world.case.pk}/messages/").status_code == 200, user.role
    for user in (world.physician, world.insurer, world.admin, world.colleague, world.other_casemanager):
        assert page(user).get(case_url(world.case, user)).status_code == 404, user.role
        assert api(user).get(f"/api/v1/absences/{world.case.pk}/messages/").status_code == 404, user.role
    # The employee reads it under Mijn verzuim, the others in the dossier: the other page is not theirs.
    assert page(world.employee).get(f"/verzuim/{world.case.pk}/berichten/").status_code == 404
    assert page(world.employer_user).get(f"/mijn-verzuim/{world.case.pk}/berichten/").status_code == 404


def test_the_physician_thread_is_for_its_two_parties_only(world: World) -> None:
    physician_message_send(sent_by=world.employee, case=world.case, text=SECRET)
    for user in (world.employee, world.physician):
        response = page(user).get(physician_url(world.case, user))
        assert response.status_code == 200, user.role
        assert SECRET in response.content.decode()
        assert api(user).get(f"/api/v1/absences/{world.case.pk}/physician-messages/").status_code == 200
    others = (
        world.employer_user,
        world.casemanager,
        world.insurer,
        world.admin,
        world.colleague,
        world.other_physician,
    )
    for user in others:
        for page_url in (
            f"/mijn-verzuim/{world.case.pk}/bedrijfsarts/",
            f"/verzuim/{world.case.pk}/medisch/berichten/",
        ):
            assert page(user).get(page_url).status_code == 404, (user.role, page_url)
        url = f"/api/v1/absences/{world.case.pk}/physician-messages/"
        assert api(user).get(url).status_code == 404, user.role
        assert api(user).post(url, {"text": "x"}, format="json").status_code == 404, user.role
    # Nor does it show anywhere in the case thread or the dossier.
    for user in (world.employer_user, world.casemanager):
        assert SECRET not in page(user).get(f"/verzuim/{world.case.pk}/").content.decode()
        assert SECRET not in page(user).get(case_url(world.case, user)).content.decode()


def test_the_confidential_thread_is_not_in_the_django_admin() -> None:
    assert PhysicianMessage not in admin.site._registry
    assert PhysicianMessageRead not in admin.site._registry


# --- Sending, reading, receipts ----------------------------------------------------------------------------------


def test_the_employee_writes_and_the_employer_and_casemanager_read_it_with_receipts(world: World) -> None:
    employee = page(world.employee)
    response = employee.post(case_url(world.case, world.employee), {"text": "Ik kan maandag halve dagen werken."})
    assert response.status_code == 302
    message = CaseMessage.objects.get()
    assert message.author == world.employee
    assert "Nog niet gelezen" in employee.get(case_url(world.case, world.employee)).content.decode()

    for user in (world.employer_user, world.casemanager):
        body = page(user).get(case_url(world.case, user)).content.decode()
        assert "Ik kan maandag halve dagen werken." in body
        assert "Zet hier geen medische gegevens" in body
    readers = set(CaseMessageRead.objects.values_list("reader", flat=True))
    assert readers == {world.employer_user.pk, world.casemanager.pk}

    body = employee.get(case_url(world.case, world.employee)).content.decode()
    assert "Gelezen door" in body
    assert world.casemanager.get_full_name() in body
    # The author's own views never count as a read.
    assert not CaseMessageRead.objects.filter(reader=world.employee).exists()


def test_opening_a_thread_is_audited_once_per_view(world: World) -> None:
    for index in range(3):
        message_send(sent_by=world.employee, case=world.case, text=f"Bericht {index}")
    before = AuditLog.objects.filter(object_type="case_message", action="list").count()
    page(world.casemanager).get(case_url(world.case, world.casemanager))
    rows = AuditLog.objects.filter(object_type="case_message", action="list")
    assert rows.count() == before + 1
    assert rows.latest("pk").changes["count"] == 3


def test_bad_input_answers_in_dutch_at_the_field(world: World) -> None:
    client = page(world.employee)
    url = case_url(world.case, world.employee)
    response = client.post(url, {"text": "   "})
    assert response.status_code == 200
    assert "Schrijf een bericht." in response.content.decode()
    response = client.post(url, {"text": "x" * 5001})
    assert response.status_code == 200
    assert "hoogstens 5.000 tekens" in response.content.decode()
    not_pdf = SimpleUploadedFile("brief.pdf", b"<html>nee</html>", content_type="application/pdf")
    response = client.post(url, {"text": "Zie bijlage", "attachment": not_pdf})
    assert response.status_code == 200
    assert "geen PDF" in response.content.decode()
    assert not CaseMessage.objects.exists()


def test_a_pdf_attachment_downloads_for_the_parties_only(world: World) -> None:
    client = page(world.employee)
    upload = SimpleUploadedFile("verklaring.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(case_url(world.case, world.employee), {"text": "Zie bijlage", "attachment": upload}).status_code
        == 302
    )
    message = CaseMessage.objects.get()
    assert message.attachment.name == f"messages/{message.pk}.pdf"
    url = f"/verzuim/{world.case.pk}/berichten/{message.pk}/bijlage/"
    for user in (world.employee, world.employer_user, world.casemanager):
        response = page(user).get(url)
        assert response.status_code == 200, user.role
        assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    for user in (world.physician, world.insurer, world.admin, world.colleague):
        assert page(user).get(url).status_code == 404, user.role
    assert AuditLog.objects.filter(object_type="case_message", object_id=str(message.pk), action="read").count() == 3


def test_no_mail_contains_the_message_text(world: World) -> None:
    message_send(sent_by=world.employee, case=world.case, text=SECRET)
    physician_message_send(sent_by=world.employee, case=world.case, text=SECRET + " (vertrouwelijk)")
    physician_message_send(sent_by=world.physician, case=world.case, text="Antwoord: " + SECRET)
    rows = list(OutgoingMail.objects.order_by("pk"))
    recipients = sorted(row.to for row in rows)
    # The case thread: employer user and casemanager; the physician thread: the physician, then the employee.
    assert recipients == sorted(
        [world.employer_user.email, world.casemanager.email, world.physician.email, world.employee.email]
    )
    mail_send_pending()
    assert len(mail.outbox) == 4
    for sent in mail.outbox:
        bodies = [sent.body, *(content for content, _type in getattr(sent, "alternatives", []))]
        for body in bodies:
            assert "Mijn rug" not in body
            assert "Eva" not in body
            assert "Zieker" not in body
            assert BASE in body
        assert "Mijn rug" not in sent.subject
    links = {sent.to[0]: sent.body for sent in mail.outbox}
    assert f"{BASE}/mijn-verzuim/{world.case.pk}/bedrijfsarts/" in links[world.employee.email]
    assert f"{BASE}/verzuim/{world.case.pk}/medisch/berichten/" in links[world.physician.email]
    assert f"{BASE}/verzuim/{world.case.pk}/berichten/" in links[world.casemanager.email]


# --- The physician thread ----------------------------------------------------------------------------------------


def test_the_employee_writes_the_physician_and_reads_the_answer(world: World) -> None:
    employee = page(world.employee)
    assert employee.post(physician_url(world.case, world.employee), {"text": "Mag ik sporten?"}).status_code == 302
    physician = page(world.physician)
    body = physician.get(physician_url(world.case, world.physician)).content.decode()
    assert "Mag ik sporten?" in body
    assert (
        physician.post(physician_url(world.case, world.physician), {"text": "Ja, rustig opbouwen."}).status_code == 302
    )
    body = employee.get(physician_url(world.case, world.employee)).content.decode()
    assert "Ja, rustig opbouwen." in body
    assert "Gelezen door" in body
    assert not CaseMessage.objects.exists()  # nothing leaked into the case thread
    assert (
        "Vertrouwelijk gesprek met de werknemer" in physician.get(f"/verzuim/{world.case.pk}/medisch/").content.decode()
    )


# --- The casemanager's follow-up --------------------------------------------------------------------------------


def test_the_casemanager_turns_a_message_into_a_task_and_marks_it_done(world: World) -> None:
    message = message_send(sent_by=world.employee, case=world.case, text="Kunt u mij terugbellen?")
    due = timezone.localdate() + dt.timedelta(days=2)
    client = page(world.casemanager)
    response = client.post(f"/verzuim/{world.case.pk}/berichten/{message.pk}/taak/", {"due_on": due.isoformat()})
    assert response.status_code == 302
    tasks = [task for task in tasks_for(world.casemanager, timezone.localdate()) if task.key.startswith("message-")]
    assert len(tasks) == 1
    assert tasks[0].due == due
    assert "terugbellen" not in tasks[0].action
    assert tasks[0].url.startswith(f"/verzuim/{world.case.pk}/berichten/")
    assert "Taak afgerond" in client.get(case_url(world.case, world.casemanager)).content.decode()
    assert client.post(f"/verzuim/{world.case.pk}/berichten/{message.pk}/taak-afgerond/").status_code == 302
    assert MessageFollowUp.objects.get().done_at is not None
    assert not [task for task in tasks_for(world.casemanager, timezone.localdate()) if task.key.startswith("message-")]


def test_only_the_casemanager_makes_a_task(world: World) -> None:
    message = message_send(sent_by=world.employee, case=world.case, text="Vraag")
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    for user in (world.employer_user, world.employee, world.physician):
        response = page(user).post(f"/verzuim/{world.case.pk}/berichten/{message.pk}/taak/", {"due_on": due})
        assert response.status_code == 404, user.role
    assert not MessageFollowUp.objects.exists()


def test_a_follow_up_date_in_the_past_is_refused(world: World) -> None:
    message = message_send(sent_by=world.employee, case=world.case, text="Vraag")
    client = page(world.casemanager)
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(f"/verzuim/{world.case.pk}/berichten/{message.pk}/taak/", {"due_on": past}, follow=True)
    assert "Kies vandaag of een latere datum." in response.content.decode()
    assert not MessageFollowUp.objects.exists()


# --- API ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["messages", "physician-messages"])
def test_api_post_answers_201_and_get_lists_oldest_first(world: World, path: str) -> None:
    client = api(world.employee)
    url = f"/api/v1/absences/{world.case.pk}/{path}/"
    first = client.post(url, {"text": "Eerste"}, format="json")
    assert first.status_code == 201, first.content
    assert set(first.json()) >= {"id", "author", "sent_at", "text"}
    assert first.json()["author"] == {"name": "Eva Zieker", "role": "employee"}
    client.post(url, {"text": "Tweede"}, format="json")
    reader = world.casemanager if path == "messages" else world.physician
    listed = api(reader).get(url)
    assert listed.status_code == 200
    assert [row["text"] for row in listed.json()] == ["Eerste", "Tweede"]
    read_model = CaseMessageRead if path == "messages" else PhysicianMessageRead
    assert read_model.objects.filter(reader=reader).count() == 2
    again = api(world.employee).get(url).json()
    assert [read["reader"]["role"] for read in again[0]["read_by"]] == [reader.role]


@pytest.mark.parametrize("path", ["messages", "physician-messages"])
def test_api_refuses_empty_too_long_and_unknown_fields(world: World, path: str) -> None:
    client = api(world.employee)
    url = f"/api/v1/absences/{world.case.pk}/{path}/"
    for body, field in (
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({}, "text"),
        ({"text": "a", "b": 1}, "b"),
    ):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
        assert field in str(response.json()), response.json()
    assert not CaseMessage.objects.exists()
    assert not PhysicianMessage.objects.exists()


def test_api_another_employees_case_is_404(world: World) -> None:
    for path in ("messages", "physician-messages"):
        url = f"/api/v1/absences/{world.other_case.pk}/{path}/"
        assert api(world.employee).get(url).status_code == 404
        assert api(world.employee).post(url, {"text": "x"}, format="json").status_code == 404


# --- Query counts ------------------------------------------------------------------------------------------------


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("thread", ["case", "physician"])
def test_query_counts_do_not_grow_with_the_thread(world: World, thread: str) -> None:
    send = message_send if thread == "case" else physician_message_send
    reader = world.casemanager if thread == "case" else world.physician
    url = case_url(world.case, reader) if thread == "case" else physician_url(world.case, reader)
    api_url = f"/api/v1/absences/{world.case.pk}/{'messages' if thread == 'case' else 'physician-messages'}/"
    client, api_client = page(reader), api(reader)

    def grow(count: int) -> None:
        for index in range(count):
            author = world.employee if index % 2 else reader
            send(sent_by=author, case=world.case, text=f"Bericht {index}")

    grow(2)
    client.get(url)  # mark what there is read, so both measured views mark new messages read
    grow(2)
    small, small_api = _count(client, url), None
    grow(2)
    small_api = _count(api_client, api_url)
    grow(10)
    large = _count(client, url)
    grow(10)
    large_api = _count(api_client, api_url)
    assert large == small
    assert large_api == small_api
