"""The desk registers a complaint that came by post or by phone (issue 21 item 2, "a complaint without an e-mail
address gets the PDF to print"; docs/decisions.md item 263): dated the day it came in, with or without the
complainant's e-mail address; without one nothing is mailed and the page says to print the letters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from complaints import deadlines
from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_file
from complaints.services_desk import complaint_letter_send
from tests.complaints.intake_helpers import valid_input
from verzuim.models import OutgoingMail, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
REGISTER = "/klachtenbalie/registreren/"


@pytest.fixture
def handler(make_user: MakeUser) -> User:
    return make_user(Role.COMPLAINT_HANDLER, full_name="Karin Klachten")


@pytest.fixture
def desk(staff_login: StaffLogin, handler: User) -> Client:
    return staff_login(handler)


def registration(**overrides: Any) -> dict[str, Any]:
    return {
        "channel": "letter",
        "received_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "category": "premium",
        "description": "Per brief: mijn premie is verdubbeld zonder uitleg.",
        "contact_name": "Bert Brievenschrijver",
        "contact_email": "",
        "employer_kvk": "",
        **overrides,
    }


def test_a_letter_without_an_e_mail_address_is_registered_dated_the_day_it_came_and_nothing_is_mailed(
    desk: Client, handler: User
) -> None:
    response = desk.post(REGISTER, registration())
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/klachtenbalie/{complaint.pk}/"
    came = timezone.localdate() - dt.timedelta(days=3)
    assert (complaint.channel, complaint.contact_email, complaint.received_on) == ("letter", "", came)
    assert complaint.answer_by == deadlines.answer_by(came, complaint.terms.answer_weeks)
    assert ComplaintEvent.objects.get(complaint=complaint).actor == handler
    assert not OutgoingMail.objects.exists()
    page = desk.get(response["Location"]).content.decode()
    assert "Deze klager heeft geen e-mailadres. Brieven worden niet gemaild: print ze en verstuur ze per post." in page

    letter = complaint_letter_send(
        sent_by=handler, complaint=complaint, kind="acknowledgement", body="Wij hebben uw brief ontvangen."
    )
    assert (letter.sent_to, letter.mail) == ("", None)
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert not OutgoingMail.objects.exists()


def test_a_call_with_an_e_mail_address_gets_the_confirmation_mail(desk: Client) -> None:
    assert desk.post(REGISTER, registration(channel="phone", contact_email="bert@example.nl")).status_code == 302
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["bert@example.nl"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2999-01-01", "Deze datum ligt in de toekomst."),
        ("channel", "public", "Selecteer een geldige keuze. public is geen beschikbare keuze."),
        ("contact_email", "geen-adres", "Voer een geldig e-mailadres in."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_registered(
    desk: Client, field: str, value: str, message: str
) -> None:
    response = desk.post(REGISTER, registration(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Complaint.objects.exists()


def test_only_the_desk_registers_a_letter_and_every_other_channel_needs_an_e_mail_address(
    make_user: MakeUser,
) -> None:
    with pytest.raises(ValueError, match="registered by a complaint handler"):
        complaint_file(channel="letter", registered_by=make_user(Role.INSURER), **valid_input(contact_email=""))
    with pytest.raises(ValueError, match="registered by a complaint handler"):
        complaint_file(channel="phone", **valid_input())
    with pytest.raises(ValidationError) as no_address:
        complaint_file(channel="public", **valid_input(contact_email=""))
    assert no_address.value.message_dict == {"contact_email": ["Vul uw e-mailadres in."]}
    assert not Complaint.objects.exists()


def test_the_form_starts_on_a_letter_received_today(desk: Client) -> None:
    html = desk.get(REGISTER).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html  # the date box shows today, not an empty date
    assert '<input type="radio" name="channel" value="letter" required id="id_channel_0" checked>' in html
