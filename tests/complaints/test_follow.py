"""Following a complaint (issue 21 items 3 and 4): the complainant's private link, the employer's Mijn klachten, what
both show (each state, the letters, never internal notes), who gets which answer, expiry and revocation, the audit
of every read, and where to go next (Kifid) once the complaint is answered or overdue."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from complaints import follow, services
from complaints import services_workflow as workflow
from complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintFollowLink,
)
from tests.complaints.intake_helpers import form_post, valid_input
from verzuim.mail import mail_send_pending
from verzuim.models import AuditAction, AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
INTERNAL_NOTE = "Interne notitie: bel eerst met de directeur."
INFO_REQUEST_NOTE = "Reden intern: dossier nog niet compleet bij de arbodienst."
ASSIGN_NOTE = "Toegewezen wegens ervaring met deze werkgever."


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """The intake's rate limit lives in the cache: every test starts with no posts counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def handler(make_user: MakeUser) -> User:
    return make_user(Role.COMPLAINT_HANDLER, full_name="Klaas Klachten")


def file_public(**overrides: Any) -> tuple[Complaint, str]:
    return services.complaint_file_followable(channel=ComplaintChannel.PUBLIC, **valid_input(**overrides))


def file_portal(user: User, **overrides: Any) -> Complaint:
    return services.complaint_file(channel=ComplaintChannel.PORTAL, submitted_by=user, **valid_input(**overrides))


def follow_path(token: str) -> str:
    return f"/klacht-volgen/{token}/"


def status_badge(html: str) -> str:
    found = re.search(r'<p id="klacht-status"><span class="badge[^"]*">([^<]+)</span>', html)
    assert found, "no status on the page"
    return found[1]


def letters_on(html: str) -> list[str]:
    table = re.search(r'<table class="stack-table" id="brieven">(.*?)</table>', html, re.DOTALL)
    if table is None:
        return []
    return re.findall(r'<th scope="row">([^<]+)</th>', table[1])


def pdf_text(content: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)


# --- The private link ------------------------------------------------------------------------------------------


def test_the_confirmation_page_shows_the_follow_link_once_and_it_opens_the_complaint(client: Client) -> None:
    assert client.post("/klacht-indienen/", form_post()).status_code == 302
    page = client.get("/klacht-indienen/ontvangen/").content.decode()
    found = re.search(r'href="http://[^"]+(/klacht-volgen/[^"]+/)"', page)
    assert found, "no follow link on the confirmation page"
    complaint = Complaint.objects.get()
    assert complaint.reference in Client().get(found[1]).content.decode()
    # Only its hash is stored: the session lets go of the token once the page showed it.
    assert "/klacht-volgen/" not in client.get("/klacht-indienen/ontvangen/").content.decode()


def test_only_the_sha256_of_the_token_is_stored() -> None:
    complaint, token = file_public()
    link = ComplaintFollowLink.objects.get(complaint=complaint)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert not ComplaintFollowLink.objects.filter(token_hash=token).exists()


def test_the_api_answers_a_follow_url_that_opens_the_complaint(client: Client) -> None:
    response = APIClient().post("/api/v1/complaints/", valid_input(), format="json")
    assert response.status_code == 201
    path = re.sub(r"^https?://[^/]+", "", response.json()["follow_url"])
    page = client.get(path)
    assert page.status_code == 200
    assert response.json()["reference"] in page.content.decode()


def test_the_confirmation_mail_carries_a_working_link_of_its_own(client: Client) -> None:
    complaint, token = file_public()
    mail_send_pending()
    body = mail.outbox[0].body
    found = re.search(r"https?://\S+(/klacht-volgen/[^/\s]+/)", body)
    assert found, body
    assert token not in body  # the mail's link is made when the mail is sent: no outbox row held a token
    assert client.get(found[1]).status_code == 200
    assert ComplaintFollowLink.objects.filter(complaint=complaint).count() == 2


def test_the_confirmation_mail_of_a_portal_complaint_points_to_mijn_klachten(employer_user: User) -> None:
    complaint = file_portal(employer_user)
    mail_send_pending()
    assert f"/mijn-klachten/{complaint.pk}/" in mail.outbox[0].body
    assert not ComplaintFollowLink.objects.exists()


def test_the_private_link_shows_each_state_and_the_letters_sent(client: Client, handler: User) -> None:
    complaint, token = file_public()
    path = follow_path(token)

    html = client.get(path).content.decode()
    assert status_badge(html) == "Ontvangen"
    assert letters_on(html) == []

    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    html = client.get(path).content.decode()
    assert status_badge(html) == "Ontvangst bevestigd"
    assert letters_on(html) == ["Ontvangstbevestiging"]

    workflow.complaint_request_information(requested_by=handler, complaint=complaint, note=INFO_REQUEST_NOTE)
    html = client.get(path).content.decode()
    assert status_badge(html) == "Wacht op informatie van de klager"
    assert "staat de termijn voor ons antwoord stil" in html

    workflow.complaint_information_received(recorded_by=handler, complaint=complaint)
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Wij passen de premie aan.")
    html = client.get(path).content.decode()
    assert status_badge(html) == "Beantwoord"
    assert letters_on(html) == ["Ontvangstbevestiging", "Antwoord op uw klacht"]

    workflow.complaint_close(closed_by=handler, complaint=complaint, outcome="founded")
    html = client.get(path).content.decode()
    assert status_badge(html) == "Afgesloten"
    assert "Gegrond" in html


def test_the_letters_open_as_pdf_through_the_link(client: Client, handler: User) -> None:
    complaint, token = file_public()
    assert client.get(f"{follow_path(token)}brief/antwoord.pdf").status_code == 404  # not answered yet
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Wij passen de premie aan.")
    response = client.get(f"{follow_path(token)}brief/antwoord.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.content)
    assert "Wij passen de premie aan." in text
    assert complaint.reference in text
    assert client.get(f"{follow_path(token)}brief/iets-anders.pdf").status_code == 404


def test_the_link_opens_the_very_letter_the_desk_mailed(client: Client, handler: User) -> None:
    """A letter sent from the desk (stored with its PDF) is the one the complainant opens, dated the day it was sent."""
    from complaints.services_desk import complaint_letter_send

    complaint, token = file_public()
    sent = complaint_letter_send(
        sent_by=handler,
        complaint=complaint,
        kind="acknowledgement",
        body="Wij hebben uw klacht ontvangen en nemen haar in behandeling.",
    )
    response = client.get(f"{follow_path(token)}brief/ontvangstbevestiging.pdf")
    assert response.status_code == 200
    assert response.content == bytes(sent.pdf)
    assert "Klaas Klachten" in pdf_text(response.content)  # the handler who signed it


def test_neither_page_shows_internal_notes(client: Client, handler: User, employer_user: User) -> None:
    public, token = file_public()
    portal = file_portal(employer_user)
    for complaint in (public, portal):
        workflow.complaint_assign(assigned_by=handler, complaint=complaint, handler=handler, note=ASSIGN_NOTE)
        workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint, note=INTERNAL_NOTE)
        workflow.complaint_request_information(requested_by=handler, complaint=complaint, note=INFO_REQUEST_NOTE)
        ComplaintEvent.objects.create(
            complaint=complaint, actor=handler, kind=ComplaintEventKind.NOTE, note=INTERNAL_NOTE
        )
    client.force_login(employer_user)
    pages = [
        Client().get(follow_path(token)).content.decode(),
        client.get(f"/mijn-klachten/{portal.pk}/").content.decode(),
    ]
    for html in pages:
        assert "Informatie gevraagd" in html  # the step shows ...
        for secret in (INTERNAL_NOTE, INFO_REQUEST_NOTE, ASSIGN_NOTE, "Notitie", "Toegewezen"):
            assert secret not in html  # ... but no note, no internal step


def test_the_link_of_one_complaint_shows_nothing_of_another(client: Client, handler: User) -> None:
    first, first_token = file_public(description="Eerste klacht over de premie.")
    second, _token = file_public(description="Tweede klacht over de casemanager.")
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=second)
    html = client.get(follow_path(first_token)).content.decode()
    assert first.reference in html
    assert second.reference not in html
    assert letters_on(html) == []  # the second one's acknowledgement is not the first one's letter
    assert client.get(f"{follow_path(first_token)}brief/ontvangstbevestiging.pdf").status_code == 404


@pytest.mark.parametrize("token", ["bestaat-niet", "x" * 500, "%00", "%F0%9F%98%80"])
def test_an_unknown_token_is_a_404_with_the_dutch_page(client: Client, token: str) -> None:
    response = client.get(follow_path(token))
    assert response.status_code == 404
    assert "Deze link werkt niet (meer)" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_link_is_a_404(client: Client, handler: User) -> None:
    complaint, token = file_public()
    assert follow.follow_links_revoke(revoked_by=handler, complaint=complaint) == 1
    response = client.get(follow_path(token))
    assert response.status_code == 404
    assert "Deze link werkt niet (meer)" in response.content.decode()
    assert client.get(f"{follow_path(token)}brief/ontvangstbevestiging.pdf").status_code == 404


def test_only_the_complaint_handler_revokes_links(employer_user: User) -> None:
    complaint, token = file_public()
    with pytest.raises(PermissionDenied):
        follow.follow_links_revoke(revoked_by=employer_user, complaint=complaint)
    assert follow.follow_link_open(token=token) == complaint


def test_a_link_works_until_one_year_after_closing(client: Client, handler: User) -> None:
    complaint, token = file_public()
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Antwoord.")
    workflow.complaint_close(closed_by=handler, complaint=complaint, outcome="unfounded", today=dt.date(2025, 3, 10))
    assert follow.follow_link_open(token=token, today=dt.date(2026, 3, 10)) == complaint
    with pytest.raises(follow.FollowLinkUnavailable):
        follow.follow_link_open(token=token, today=dt.date(2026, 3, 11))
    assert client.get(follow_path(token)).status_code == 404  # today is later than 10-03-2026


def test_every_read_through_the_link_is_audited(client: Client) -> None:
    complaint, token = file_public()
    client.get(follow_path(token))
    client.get(follow_path(token))
    reads = AuditLog.objects.filter(action=AuditAction.READ, object_type="complaint", object_id=str(complaint.pk))
    assert reads.count() == 2
    assert all(read.changes["via"] == "follow_link" and read.actor is None for read in reads)


# --- Mijn klachten ---------------------------------------------------------------------------------------------


def test_mijn_klachten_lists_the_complaints_of_the_users_employer(
    client: Client, employer_user: User, make_user: MakeUser, other_employer_user: User
) -> None:
    colleague = make_user(Role.EMPLOYER, employer=employer_user.employer)
    own = file_portal(colleague)
    other = file_portal(other_employer_user)
    assert employer_user.employer is not None
    # A public complaint that names the employer's KvK number: not proof that the filer speaks for the employer.
    named, _token = file_public(employer_kvk=employer_user.employer.kvk_number)
    client.force_login(employer_user)
    html = client.get("/mijn-klachten/").content.decode()
    assert own.reference in html
    assert other.reference not in html
    assert named.reference not in html


def test_another_employers_complaint_is_a_404(client: Client, employer_user: User, other_employer_user: User) -> None:
    other = file_portal(other_employer_user)
    client.force_login(employer_user)
    assert client.get(f"/mijn-klachten/{other.pk}/").status_code == 404
    assert client.get(f"/mijn-klachten/{other.pk}/brief/ontvangstbevestiging.pdf").status_code == 404
    assert client.get("/mijn-klachten/geen-uuid/").status_code == 404


def test_mijn_klachten_shows_state_and_letters_and_is_audited(
    client: Client, employer_user: User, handler: User
) -> None:
    complaint = file_portal(employer_user)
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    client.force_login(employer_user)
    html = client.get(f"/mijn-klachten/{complaint.pk}/").content.decode()
    assert status_badge(html) == "Ontvangst bevestigd"
    assert letters_on(html) == ["Ontvangstbevestiging"]
    letter = client.get(f"/mijn-klachten/{complaint.pk}/brief/ontvangstbevestiging.pdf")
    assert letter.status_code == 200
    assert complaint.reference in pdf_text(letter.content)
    assert (
        AuditLog.objects.filter(
            action=AuditAction.READ, actor=employer_user, object_id=str(complaint.pk), changes__via="my_complaints"
        ).count()
        == 2
    )


# --- Where to go next (Kifid) ----------------------------------------------------------------------------------


def test_no_escalation_advice_while_the_complaint_is_handled_in_time(client: Client) -> None:
    _complaint, token = file_public()
    assert 'id="doorverwijzing"' not in client.get(follow_path(token)).content.decode()


def test_an_overdue_complaint_says_where_to_go_next(client: Client) -> None:
    _complaint, token = file_public(today=dt.date.today() - dt.timedelta(weeks=7))  # answer term: 6 weeks
    html = client.get(follow_path(token)).content.decode()
    assert 'id="doorverwijzing"' in html
    assert "Geen antwoord binnen de termijn?" in html
    assert "8 weken" in html
    assert "Kifid" in html


def test_an_answered_complaint_gives_the_kifid_term_of_three_months(client: Client, handler: User) -> None:
    complaint, token = file_public()
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Antwoord.", today=dt.date(2026, 11, 30))
    html = client.get(follow_path(token)).content.decode()
    assert "Niet tevreden met ons antwoord?" in html
    assert "28-02-2027" in html  # three months after 30-11-2026: the last day of February
    assert "kleinzakelijke financiering" in html  # what Kifid says about businesses, honestly


def test_an_escalation_recorded_by_the_handler_shows_on_the_page(client: Client, handler: User) -> None:
    complaint, token = file_public()
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Antwoord.")
    workflow.complaint_escalate(escalated_by=handler, complaint=complaint, route="kifid", today=dt.date(2026, 12, 1))
    html = client.get(follow_path(token)).content.decode()
    assert "doorverwezen naar: Kifid" in html


def test_the_answer_letter_says_where_to_go_next_with_the_kifid_terms(client: Client, handler: User) -> None:
    complaint, token = file_public()
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Antwoord.")
    text = " ".join(pdf_text(client.get(f"{follow_path(token)}brief/antwoord.pdf").content).split())
    assert "binnen drie maanden na dit antwoord" in text
    assert "binnen een jaar" in text
    assert "kleinzakelijke financiering" in text


def test_three_months_later_is_clamped_to_the_end_of_the_month() -> None:
    assert follow._months_later(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert follow._months_later(dt.date(2026, 1, 15), 3) == dt.date(2026, 4, 15)
    assert follow._years_later(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)


def test_the_handler_revokes_the_links_in_the_admin(handler: User, staff_login: Callable[[User], Client]) -> None:
    complaint, token = file_public()
    response = staff_login(handler).post(f"/admin/complaints/complaint/{complaint.pk}/stap/volglinks-intrekken/")
    assert response.status_code == 302
    assert ComplaintFollowLink.objects.get(complaint=complaint).revoked_by == handler
    assert Client().get(follow_path(token)).status_code == 404


def test_a_waiting_complaint_is_not_called_overdue(client: Client, handler: User) -> None:
    """While the desk waits for the complainant the answer clock stands still: no apology, no escalation advice."""
    complaint, token = file_public(today=dt.date.today() - dt.timedelta(weeks=7))
    workflow.complaint_request_information(
        requested_by=handler, complaint=complaint, note="Stuur de polis.", today=dt.date.today() - dt.timedelta(weeks=5)
    )
    html = client.get(follow_path(token)).content.decode()
    assert "niet binnen de termijn beantwoord" not in html
    assert 'id="doorverwijzing"' not in html


def test_an_overdue_complaint_is_marked_late_in_mijn_klachten(client: Client, employer_user: User) -> None:
    file_portal(employer_user, today=dt.date.today() - dt.timedelta(weeks=7))
    client.force_login(employer_user)
    assert "te laat" in client.get("/mijn-klachten/").content.decode()


def test_the_confirmation_page_of_a_portal_complaint_links_to_mijn_klachten(
    client: Client, employer_user: User
) -> None:
    client.force_login(employer_user)
    assert client.post("/klachten/nieuw/", valid_input()).status_code == 302
    complaint = Complaint.objects.get()
    html = client.get("/klacht-indienen/ontvangen/").content.decode()
    assert f'href="/mijn-klachten/{complaint.pk}/"' in html
    assert "/klacht-volgen/" not in html


def test_the_handler_mails_a_new_link_and_the_old_one_stops(
    client: Client, handler: User, staff_login: Callable[[User], Client]
) -> None:
    complaint, old_token = file_public()
    mail_send_pending()  # the confirmation
    response = staff_login(handler).post(f"/admin/complaints/complaint/{complaint.pk}/stap/volglink-sturen/")
    assert response.status_code == 302
    assert Client().get(follow_path(old_token)).status_code == 404
    mail_send_pending()
    new_mail = mail.outbox[-1]
    assert new_mail.to == [complaint.contact_email]
    found = re.search(r"https?://\S+(/klacht-volgen/[^/\s]+/)", new_mail.body)
    assert found, new_mail.body
    assert Client().get(found[1]).status_code == 200


def test_a_portal_complaint_gets_no_mailed_link(employer_user: User, handler: User) -> None:
    complaint = file_portal(employer_user)
    with pytest.raises(workflow.ComplaintConflict):
        follow.follow_link_send(sent_by=handler, complaint=complaint)
