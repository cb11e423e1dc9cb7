"""The public complaint form (no login) and the employer's portal form."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from complaints import spam, views
from complaints.models import Complaint
from tests.complaints.intake_helpers import PDF, form_post, upload
from tests.factories import UserFactory
from verzuim.mail import mail_send_pending
from verzuim.models import Role

pytestmark = pytest.mark.django_db
URL = "/klacht-indienen/"
PORTAL_URL = "/klachten/nieuw/"
NEUTRAL = "Uw klacht kon niet worden verwerkt. Wacht even en verstuur het formulier opnieuw."


@pytest.fixture(autouse=True)
def _clean_cache(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The rate limit lives in the cache (Redis under CI): every test starts with no posts counted."""
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def test_the_public_form_opens_without_login_with_a_hidden_honeypot_and_a_signed_start(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="hp-field"' in html
    assert 'name="website"' in html
    assert 'name="started"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_a_valid_post_stores_exactly_one_complaint_and_shows_reference_and_dates(client: Client) -> None:
    response = client.post(URL, form_post(), follow=True)
    assert response.redirect_chain == [("/klacht-indienen/ontvangen/", 302)]
    complaint = Complaint.objects.get()
    assert complaint.channel == "public"
    html = response.content.decode()
    assert complaint.reference in html
    assert complaint.acknowledge_by.strftime("%Y-%m-%d") in html


def test_acceptance_through_the_form_a_friday_complaint_shows_28_december_and_29_january(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaints import services

    monkeypatch.setattr(services.timezone, "localdate", lambda: dt.date(2026, 12, 18))
    response = client.post(URL, form_post(), follow=True)
    html = response.content.decode()
    assert "28 december 2026" in html
    assert "29 januari 2027" in html


def test_the_confirmation_mail_goes_to_the_address_on_the_form(client: Client) -> None:
    response = client.post(URL, form_post(contact_email="klager@example.nl"), follow=True)
    assert (
        "Wij sturen binnen een minuut een bevestiging per e-mail naar klager@example.nl." in response.content.decode()
    )
    assert mail.outbox == []
    mail_send_pending()  # the outbox's beat job
    reference = Complaint.objects.get().reference
    assert [m.to for m in mail.outbox] == [["klager@example.nl"]]
    assert reference in mail.outbox[0].body


def test_acceptance_a_filled_honeypot_is_refused_neutrally_and_stores_nothing(client: Client) -> None:
    response = client.post(URL, form_post(website="http://spam.example"))
    assert response.status_code == 400
    assert NEUTRAL in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_form_sent_within_three_seconds_is_refused_and_stores_nothing(client: Client) -> None:
    response = client.post(URL, form_post(started=spam.form_started_token(now=time.time() - 1)))
    assert response.status_code == 400
    assert NEUTRAL in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_forged_start_token_is_refused(client: Client) -> None:
    response = client.post(URL, form_post(started="1700000000"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_acceptance_the_eleventh_post_from_one_address_within_an_hour_is_refused(client: Client) -> None:
    for _n in range(10):
        assert client.post(URL, form_post(), REMOTE_ADDR="192.0.2.7").status_code == 302
    response = client.post(URL, form_post(), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert "U hebt te vaak een klacht verstuurd" in response.content.decode()
    assert Complaint.objects.count() == 10


def test_refused_posts_count_towards_the_limit_and_another_address_is_not_limited(client: Client) -> None:
    for _n in range(10):
        client.post(URL, form_post(website="spam"), REMOTE_ADDR="192.0.2.8")
    assert client.post(URL, form_post(), REMOTE_ADDR="192.0.2.8").status_code == 429
    assert client.post(URL, form_post(), REMOTE_ADDR="192.0.2.9").status_code == 302
    assert Complaint.objects.count() == 1


def test_a_text_file_named_pdf_is_refused_with_a_dutch_field_error(client: Client) -> None:
    data = form_post(attachments=[upload("brief.pdf", b"geen pdf")])
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "brief.pdf is geen PDF-bestand. Stuur een foto of scan als PDF mee." in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_real_pdf_attachment_is_stored_with_the_complaint(client: Client) -> None:
    client.post(URL, form_post(attachments=[upload("brief.pdf", PDF)]))
    assert Complaint.objects.get().attachments.get().content_type == "application/pdf"


def test_a_missing_field_is_a_dutch_field_error(client: Client) -> None:
    response = client.post(URL, form_post(description=""))
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_confirmation_page_without_a_complaint_sends_back_to_the_form(client: Client) -> None:
    response = client.get("/klacht-indienen/ontvangen/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_the_portal_form_is_prefilled_from_the_account_and_the_employer(client: Client) -> None:
    user = UserFactory(role=Role.EMPLOYER, full_name="Petra Bakker")
    client.force_login(user)
    response = client.get(PORTAL_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["contact_name"].value() == "Petra Bakker"
    assert form["contact_email"].value() == user.email
    assert form["employer_kvk"].value() == user.employer.kvk_number
    html = response.content.decode()
    assert 'name="website"' not in html


def test_a_portal_complaint_is_linked_to_the_employer_user(client: Client) -> None:
    user = UserFactory(role=Role.EMPLOYER)
    client.force_login(user)
    data = {k: v for k, v in form_post().items() if k not in (spam.HONEYPOT_FIELD, spam.STARTED_FIELD)}
    response = client.post(PORTAL_URL, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.submitted_by, complaint.employer) == ("portal", user, user.employer)


def test_the_portal_form_needs_a_login(client: Client) -> None:
    response = client.get(PORTAL_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.COMPLAINT_HANDLER, Role.INSURER])
def test_the_portal_form_is_404_for_staff_roles(staff_login: Any, role: Role) -> None:
    client = staff_login(UserFactory(role=role))
    assert client.get(PORTAL_URL).status_code == 404
    assert client.post(PORTAL_URL, form_post()).status_code == 404
    assert not Complaint.objects.exists()


def test_the_refusal_words_are_the_same_for_every_spam_defence() -> None:
    assert views._neutral_refusal() == NEUTRAL
