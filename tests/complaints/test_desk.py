"""The complaint handler's desk in the portal (issue 21 items 1 and 2): the queue with its filters and working-day
countdowns, a complaint's page (text, attachments, employer, history in Dutch, notes), the steps, and the letters
that are composed, previewed, stored and sent once through the outbox."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from complaints import deadlines
from complaints import services_workflow as workflow
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintLetter,
    ComplaintStatus,
)
from complaints.services import complaint_file
from tests.complaints.factories import make_complaint
from tests.complaints.intake_helpers import PDF, upload, valid_input
from tests.factories import EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import AuditAction, AuditLog, OutgoingMail, Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
DESK = "/klachtenbalie/"


def detail_url(complaint: Complaint) -> str:
    return f"{DESK}{complaint.pk}/"


def action_url(complaint: Complaint, action: str) -> str:
    return f"{DESK}{complaint.pk}/stap/{action}/"


def compose_url(complaint: Complaint, letter: str) -> str:
    return f"{DESK}{complaint.pk}/brief/{letter}/"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def attached(mail: Any) -> list[tuple[str, bytes, str]]:
    """(file name, content, type) of each attachment of a sent mail (verzuim.mail attaches MIME parts)."""
    return [(part.get_filename(), part.get_payload(decode=True), part.get_content_type()) for part in mail.attachments]


def greetings_and_closings(text: str) -> tuple[int, int]:
    greetings = len(re.findall(r"\b(Beste|Geachte)\b", text))
    closings = len(re.findall(r"Met vriendelijke groet|Hoogachtend", text))
    return greetings, closings


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def handler(make_user: MakeUser) -> User:
    return make_user(Role.COMPLAINT_HANDLER, full_name="Karin Klachten")


@pytest.fixture
def desk(staff_login: StaffLogin, handler: User) -> Client:
    return staff_login(handler)


# --- The queue -------------------------------------------------------------------------------------------------


def _refs(response: Any) -> set[str]:
    return set(re.findall(r"KL-\d{4}-\d{6}", response.content.decode()))


def test_the_queue_filters_by_view_category_and_channel(desk: Client, handler: User) -> None:
    new = make_complaint()
    mine = make_complaint(assigned_to=handler, category=ComplaintCategory.PREMIUM)
    to_answer = make_complaint(status=ComplaintStatus.ACKNOWLEDGED, channel=ComplaintChannel.API)
    closed = make_complaint(status=ComplaintStatus.ANSWERED)
    workflow.complaint_close(closed_by=handler, complaint=closed, outcome="founded")
    old = timezone.localdate() - dt.timedelta(days=60)
    late = make_complaint(received_on=old, status=ComplaintStatus.ACKNOWLEDGED)

    assert _refs(desk.get(DESK)) == {new.reference, mine.reference, to_answer.reference, late.reference}
    assert _refs(desk.get(DESK, {"weergave": "nieuw"})) == {new.reference}
    assert _refs(desk.get(DESK, {"weergave": "bevestigen"})) == {new.reference, mine.reference}
    assert _refs(desk.get(DESK, {"weergave": "beantwoorden"})) == {to_answer.reference, late.reference}
    assert _refs(desk.get(DESK, {"weergave": "te-laat"})) == {late.reference}
    assert _refs(desk.get(DESK, {"weergave": "afgesloten"})) == {closed.reference}
    assert _refs(desk.get(DESK, {"onderwerp": "premium"})) == {mine.reference}
    assert _refs(desk.get(DESK, {"kanaal": "api"})) == {to_answer.reference}


def test_a_filter_value_that_is_no_choice_shows_the_open_complaints_never_an_error(desk: Client) -> None:
    complaint = make_complaint()
    response = desk.get(DESK, {"weergave": "<script>", "onderwerp": "x" * 500, "kanaal": "\x00", "pagina": "-1"})
    assert response.status_code == 200
    assert _refs(response) == {complaint.reference}


def test_each_row_counts_its_deadlines_down_in_working_days(desk: Client) -> None:
    complaint = make_complaint()
    today = timezone.localdate()
    left = deadlines.working_days_until(today, complaint.acknowledge_by)
    html = desk.get(DESK).content.decode()
    assert f'Ontvangst bevestigen: <span class="nowrap">{complaint.acknowledge_by:%d-%m-%Y}</span>' in html
    assert (f"nog {left} werkdagen" if left != 1 else "nog 1 werkdag") in html


def test_working_days_skip_weekends_and_holidays_both_ways() -> None:
    friday, monday = dt.date(2026, 12, 18), dt.date(2026, 12, 21)
    assert deadlines.working_days_until(friday, monday) == 1
    assert deadlines.working_days_until(friday, friday) == 0
    # 24 December (Thursday) to 28 December: Christmas Day and Boxing Day are no working days.
    assert deadlines.working_days_until(dt.date(2026, 12, 24), dt.date(2026, 12, 28)) == 1
    assert deadlines.working_days_until(monday, friday) == -1


def test_the_queue_asks_the_database_as_often_for_twenty_complaints_as_for_two(desk: Client, handler: User) -> None:
    employer = EmployerFactory()
    for _n in range(2):
        make_complaint(employer=employer, assigned_to=handler)
    desk.get(DESK)  # the session and the user are warm
    with CaptureQueriesContext(connection) as few:
        assert desk.get(DESK).status_code == 200
    for _n in range(18):
        make_complaint(employer=EmployerFactory(), assigned_to=handler)
    with CaptureQueriesContext(connection) as many:
        assert len(_refs(desk.get(DESK))) == 20
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_my_tasks_lead_to_the_complaint_on_the_desk(handler: User) -> None:
    complaint = make_complaint()
    [task] = tasks_for(handler, timezone.localdate())
    assert task.url == detail_url(complaint)


def test_the_handlers_dashboard_leads_to_the_desk_with_the_count_of_each_view(desk: Client) -> None:
    make_complaint()
    make_complaint(status=ComplaintStatus.ACKNOWLEDGED, received_on=timezone.localdate() - dt.timedelta(days=60))
    html = desk.get("/").content.decode()
    assert 'href="/klachtenbalie/"' in html
    assert '<a href="/klachtenbalie/?weergave=bevestigen">Ontvangst bevestigen: 1</a>' in html
    assert '<a href="/klachtenbalie/?weergave=te-laat">Te laat: 1</a>' in html


# --- A complaint's page ----------------------------------------------------------------------------------------


def test_the_page_shows_the_complaint_its_employer_and_a_dutch_history_without_ids_or_json(
    desk: Client, handler: User, make_user: MakeUser
) -> None:
    employer = EmployerFactory(name="Korenschoof BV")
    complaint = make_complaint(employer=employer, description="Niemand belt terug.")
    colleague = make_user(Role.COMPLAINT_HANDLER, full_name="Bram Behandelaar")
    workflow.complaint_assign(assigned_by=handler, complaint=complaint, handler=colleague)
    html = desk.get(detail_url(complaint)).content.decode()
    assert "Niemand belt terug." in html
    assert "Korenschoof BV" in html
    history = html[html.index("Geschiedenis") :]
    assert "Toegewezen" in history
    assert "Behandelaar: — → Bram Behandelaar" in history
    assert "Karin Klachten" in history
    assert str(complaint.pk) not in history
    assert "{" not in history
    assert "received" not in history
    assert colleague.email not in history
    event = ComplaintEvent.objects.filter(complaint=complaint, kind=ComplaintEventKind.ASSIGNED).get()
    local = timezone.localtime(event.at, timezone=dt.timezone(dt.timedelta(0)))  # UTC
    amsterdam = timezone.localtime(event.at)
    assert f"{amsterdam:%d-%m-%Y %H:%M}" in history
    if local.hour != amsterdam.hour:
        assert f"{local:%d-%m-%Y %H:%M}" not in history


def test_the_history_names_the_dutch_states_of_a_step(desk: Client, handler: User) -> None:
    complaint = make_complaint()
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    history = desk.get(detail_url(complaint)).content.decode().split("Geschiedenis", 1)[1]
    assert "Status: Ontvangen → Ontvangst bevestigd" in history


def test_the_history_leaves_out_what_a_step_set_to_what_it_was(desk: Client, handler: User) -> None:
    complaint = make_complaint(status=ComplaintStatus.ACKNOWLEDGED)
    workflow.complaint_request_information(requested_by=handler, complaint=complaint, note="Welke dag?")
    workflow.complaint_information_received(recorded_by=handler, complaint=complaint)  # the same day: 0 days
    history = desk.get(detail_url(complaint)).content.decode().split("Geschiedenis", 1)[1]
    assert "Dagen gepauzeerd" not in history
    assert "Status: Wacht op informatie van de klager → Ontvangst bevestigd" in history


def test_reading_a_complaint_is_audited(desk: Client, handler: User) -> None:
    complaint = make_complaint()
    desk.get(detail_url(complaint))
    assert AuditLog.objects.filter(
        actor=handler, action=AuditAction.READ, object_type="complaint", object_id=str(complaint.pk)
    ).exists()


def test_an_attachment_opens_in_the_browser_as_a_pdf_and_its_read_is_audited(desk: Client, handler: User) -> None:
    complaint = complaint_file(channel="public", **valid_input(attachments=[upload("brief.pdf", PDF)]))
    attachment = complaint.attachments.get()
    html = desk.get(detail_url(complaint)).content.decode()
    url = f"{DESK}{complaint.pk}/bijlagen/{attachment.pk}/"
    assert url in html
    response = desk.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PDF
    assert AuditLog.objects.filter(object_type="complaint_attachment", object_id=str(attachment.pk)).exists()


def test_a_stored_attachment_that_is_not_what_it_claims_is_not_served(desk: Client) -> None:
    complaint = complaint_file(channel="public", **valid_input(attachments=[upload("brief.pdf", PDF)]))
    attachment = complaint.attachments.get()
    Path(attachment.file.path).write_bytes(b"<html><script>alert(1)</script>")
    assert desk.get(f"{DESK}{complaint.pk}/bijlagen/{attachment.pk}/").status_code == 404


def test_an_attachment_of_another_complaint_is_404(desk: Client) -> None:
    complaint = complaint_file(channel="public", **valid_input(attachments=[upload("brief.pdf", PDF)]))
    other = make_complaint(reference="KL-2000-999999")  # not a number the intake's counter hands out
    attachment = complaint.attachments.get()
    assert desk.get(f"{DESK}{other.pk}/bijlagen/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.INSURER, Role.ADMIN])
def test_other_roles_get_404_on_the_desk_even_for_their_own_employers_complaint(
    role: Role, make_user: MakeUser, staff_login: StaffLogin, client: Client
) -> None:
    employer = EmployerFactory()
    user = make_user(role, employer=employer if role == Role.EMPLOYER else None)
    complaint = make_complaint(employer=employer)
    browser = staff_login(user) if user.needs_two_factor else client
    if not user.needs_two_factor:
        client.force_login(user)
    for url in (DESK, detail_url(complaint), action_url(complaint, "notitie"), compose_url(complaint, "antwoord")):
        assert browser.get(url).status_code == 404, url


# --- The steps -------------------------------------------------------------------------------------------------


def test_an_internal_note_is_a_history_row_marked_internal(desk: Client, handler: User) -> None:
    complaint = make_complaint()
    response = desk.post(action_url(complaint, "notitie"), {"note": "Gebeld met de casemanager."})
    assert response.status_code == 302
    event = complaint.events.get(kind=ComplaintEventKind.NOTE)
    assert (event.note, event.actor) == ("Gebeld met de casemanager.", handler)
    html = desk.get(detail_url(complaint)).content.decode()
    assert "Interne notitie" in html
    assert "intern" in html


def test_an_empty_note_is_refused_at_the_field_and_nothing_is_saved(desk: Client) -> None:
    complaint = make_complaint()
    response = desk.post(action_url(complaint, "notitie"), {"note": "  "})
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    assert not complaint.events.filter(kind=ComplaintEventKind.NOTE).exists()


def test_assigning_takes_an_active_handler_and_refuses_anyone_else(
    desk: Client, handler: User, make_user: MakeUser
) -> None:
    complaint = make_complaint()
    casemanager = make_user(Role.CASEMANAGER)
    response = desk.post(action_url(complaint, "toewijzen"), {"handler": casemanager.pk})
    assert response.status_code == 400
    assert "Kies een actieve klachtbehandelaar." in response.content.decode()
    assert desk.post(action_url(complaint, "toewijzen"), {"handler": handler.pk}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.assigned_to == handler


def test_asking_for_information_pauses_the_answer_term_with_the_reason_recorded(desk: Client) -> None:
    complaint = make_complaint(status=ComplaintStatus.ACKNOWLEDGED)
    response = desk.post(action_url(complaint, "informatie-vragen"), {"note": "Welke datum was het gesprek?"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.paused_since) == (ComplaintStatus.WAITING, timezone.localdate())
    assert complaint.events.get(kind=ComplaintEventKind.INFO_REQUESTED).note == "Welke datum was het gesprek?"
    html = desk.get(detail_url(complaint)).content.decode()
    assert "staat stil sinds" in html


def test_information_cannot_be_asked_of_an_answered_complaint(desk: Client) -> None:
    complaint = make_complaint(status=ComplaintStatus.ANSWERED)
    response = desk.post(action_url(complaint, "informatie-vragen"), {"note": "Nog een vraag."})
    assert response.status_code == 409
    assert "Voor deze klacht kan nu geen informatie worden gevraagd" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED


def test_closing_then_reopening_takes_the_complaint_back_to_be_answered_again(desk: Client) -> None:
    complaint = make_complaint(status=ComplaintStatus.ANSWERED, answered_on=timezone.localdate())
    assert desk.post(action_url(complaint, "afsluiten"), {"outcome": "unfounded"}).status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (ComplaintStatus.CLOSED, "unfounded")
    assert desk.post(action_url(complaint, "heropenen"), {"note": ""}).status_code == 400
    assert (
        desk.post(action_url(complaint, "heropenen"), {"note": "De klager reageert op ons antwoord."}).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.answered_on, complaint.closed_on) == (
        ComplaintStatus.ACKNOWLEDGED,
        "",
        None,
        None,
    )
    reopened = complaint.events.get(kind=ComplaintEventKind.REOPENED)
    assert reopened.note == "De klager reageert op ons antwoord."
    assert reopened.data["status"] == [ComplaintStatus.CLOSED, ComplaintStatus.ACKNOWLEDGED]


def test_an_unknown_step_is_404(desk: Client) -> None:
    assert desk.get(action_url(make_complaint(), "verwijderen")).status_code == 404


# --- The letters -----------------------------------------------------------------------------------------------


def test_the_composer_starts_from_the_standard_text_and_previews_one_greeting_and_one_sign_off(desk: Client) -> None:
    complaint = make_complaint(contact_name="Klara Klager")
    html = desk.get(compose_url(complaint, "ontvangstbevestiging")).content.decode()
    assert complaint.reference in html
    assert "Beste" not in html.split("<textarea", 1)[1].split("</textarea>")[0]
    body = "Wij hebben uw klacht ontvangen.\n\nU hoort binnen zes weken van ons."
    response = desk.post(compose_url(complaint, "ontvangstbevestiging"), {"body": body, "preview": "1"})
    assert response.status_code == 200
    preview = response.content.decode().split('class="card letter-preview"', 1)[1].split("</section>", 1)[0]
    assert greetings_and_closings(preview) == (1, 1)
    assert "Beste Klara Klager," in preview
    assert "Karin Klachten" in preview
    assert not ComplaintLetter.objects.exists()  # a preview sends nothing
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


def test_a_text_with_its_own_greeting_or_sign_off_is_refused(desk: Client) -> None:
    complaint = make_complaint(status=ComplaintStatus.ACKNOWLEDGED)
    body = "Geachte heer/mevrouw,\n\nUw klacht is gegrond.\n\nMet vriendelijke groet,\nKarin"
    response = desk.post(compose_url(complaint, "antwoord"), {"body": body, "send": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Laat de aanhef weg" in html
    assert "Laat de groet weg" in html
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    assert not ComplaintLetter.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_the_standard_answer_is_not_sent_before_the_handler_wrote_the_answer(desk: Client) -> None:
    complaint = make_complaint(status=ComplaintStatus.ACKNOWLEDGED)
    standard = desk.get(compose_url(complaint, "antwoord")).context["form"].initial["body"]
    response = desk.post(compose_url(complaint, "antwoord"), {"body": standard, "send": "1"})
    assert response.status_code == 400
    assert "Vervang" in response.content.decode()


def test_acknowledging_sends_one_mail_with_the_pdf_even_when_the_send_runs_twice(
    desk: Client, mailoutbox: list[Any]
) -> None:
    complaint = make_complaint(contact_name="Klara Klager", contact_email="klara@example.nl")
    body = "Wij hebben uw klacht ontvangen.\n\nU krijgt uiterlijk over zes weken ons antwoord."
    response = desk.post(compose_url(complaint, "ontvangstbevestiging"), {"body": body, "send": "1"})
    assert response.status_code == 302
    again = desk.post(compose_url(complaint, "ontvangstbevestiging"), {"body": body, "send": "1"})
    assert again.status_code == 409  # the double click: acknowledged already, nothing written
    mail_send_pending(seconds=5)
    mail_send_pending(seconds=5)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["klara@example.nl"]
    assert complaint.reference in mail.subject
    [(filename, content, mimetype)] = attached(mail)
    assert mimetype == "application/pdf"
    assert filename.startswith("ontvangstbevestiging-")
    letter = ComplaintLetter.objects.get()
    assert bytes(letter.pdf) == content  # the letter as sent is stored with the complaint
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    assert OutgoingMail.objects.count() == 1
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, object_type="complaint_letter", object_id=str(letter.pk)
    ).exists()


def test_closing_a_complaint_without_an_e_mail_address_invites_nobody_to_the_survey(
    desk: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    complaint = make_complaint(contact_email="", status=ComplaintStatus.ANSWERED, answered_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(action_url(complaint, "afsluiten"), {"outcome": "founded"}).status_code == 302
    assert not OutgoingMail.objects.exists()


def test_the_sent_letters_have_exactly_one_greeting_and_one_closing_in_the_pdf_and_the_mail(
    desk: Client, mailoutbox: list[Any]
) -> None:
    complaint = make_complaint(contact_name="Werkgever Korenschoof")
    desk.post(compose_url(complaint, "ontvangstbevestiging"), {"body": "Uw klacht is binnen.", "send": "1"})
    desk.post(compose_url(complaint, "antwoord"), {"body": "Wij hebben de casemanager gesproken.", "send": "1"})
    mail_send_pending(seconds=5)
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        [(_name, content, _type)] = attached(mail)
        pdf = pdf_text(content)
        assert greetings_and_closings(pdf) == (1, 1), pdf
        assert "Beste Werkgever Korenschoof," in pdf
        assert "Karin Klachten" in pdf
        assert greetings_and_closings(mail.body) == (1, 1), mail.body
        [(html, _mime)] = mail.alternatives
        assert greetings_and_closings(html) == (1, 1)
    answer = pdf_text(attached(mailoutbox[1])[0][1])
    assert "Wij hebben de casemanager gesproken." in answer
    assert "Kifid" in answer


def test_the_back_office_answer_letter_no_longer_doubles_greeting_and_sign_off(
    staff_login: StaffLogin, handler: User
) -> None:
    complaint = make_complaint(status=ComplaintStatus.ACKNOWLEDGED, contact_name="Werkgever Korenschoof")
    with pytest.raises(Exception, match="aanhef"):
        workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Geachte heer/mevrouw,\n\nGegrond.")
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Uw klacht is gegrond.")
    admin = staff_login(handler)
    response = admin.get(f"/admin/complaints/complaint/{complaint.pk}/brief/antwoord.pdf")
    assert greetings_and_closings(pdf_text(response.content)) == (1, 1)


def test_a_complaint_without_an_e_mail_address_gets_its_letter_to_print_and_the_page_says_so(desk: Client) -> None:
    complaint = make_complaint(contact_email="")
    compose = desk.get(compose_url(complaint, "ontvangstbevestiging")).content.decode()
    assert "geen e-mailadres" in compose
    response = desk.post(
        compose_url(complaint, "ontvangstbevestiging"), {"body": "Uw klacht is binnen.", "send": "1"}, follow=True
    )
    html = response.content.decode()
    assert "print de brief en verstuur hem per post" in html
    letter = ComplaintLetter.objects.get()
    assert (letter.sent_to, letter.mail) == ("", None)
    assert not OutgoingMail.objects.exists()
    pdf = desk.get(f"{DESK}{complaint.pk}/brieven/{letter.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(letter.pdf)
