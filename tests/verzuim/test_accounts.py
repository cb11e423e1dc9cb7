"""Accounts: password reset in Dutch, logout, and employer registration numbers checked at the model."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import EmployerFactory
from verzuim import password_reset
from verzuim.models import PasswordResetRequest, User

pytestmark = pytest.mark.django_db


def test_password_reset_mails_a_dutch_link_that_sets_a_new_password(
    client: Any, employer_user: User, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"
    response = client.post("/wachtwoord-vergeten/", {"email": employer_user.email})
    assert response.status_code == 302
    assert mail.outbox == []  # the worker sends it (verzuim.password_reset), not the request
    assert password_reset.password_reset_send_pending() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor het Verzuimportaal"
    assert message.to == [employer_user.email]
    link = re.search(r"https://portaal\.example\.nl(/wachtwoord-herstellen/\S+/)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "een-lang-nieuw-wachtwoord-7", "new_password2": "een-lang-nieuw-wachtwoord-7"},
    )
    assert done.status_code == 302
    employer_user.refresh_from_db()
    assert employer_user.check_password("een-lang-nieuw-wachtwoord-7")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/wachtwoord-vergeten/", {"email": "niemand@example.nl"}, follow=True)
    assert "Controleer uw e-mail" in response.content.decode()
    assert password_reset.password_reset_send_pending() == 0
    assert mail.outbox == []
    assert not PasswordResetRequest.objects.exists()


def test_logout_ends_the_session(client: Any, employer_user: User) -> None:
    client.force_login(employer_user)
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "payroll_tax_number",
            "123456789L01",
            "Dit loonheffingennummer klopt niet: de 9 cijfers voldoen niet aan de elfproef.",
        ),
        ("kvk_number", "1234567", "Een KvK-nummer bestaat uit precies 8 cijfers."),
        ("sbi_code", "10.71", "Een SBI-code bestaat uit 2 tot 5 cijfers, zonder punt."),
    ],
)
def test_employer_numbers_are_validated_in_dutch(field: str, value: str, message: str) -> None:
    employer = EmployerFactory.build(**{field: value})
    with pytest.raises(ValidationError) as exc:
        employer.full_clean()
    assert exc.value.message_dict == {field: [message]}


def test_employer_with_valid_numbers_passes() -> None:
    EmployerFactory.build(kvk_number="12345678", payroll_tax_number="123456782L01", sbi_code="1071").full_clean(
        exclude=["casemanager"]
    )
