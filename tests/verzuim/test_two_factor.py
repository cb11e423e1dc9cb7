"""Staff roles reach nothing but the enrolment page until they have a confirmed TOTP device."""

from __future__ import annotations

from base64 import b32decode
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_totp
from tests.factories import EmployeeFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

# The employer user and the employee are offered a second factor, not forced (docs/decisions.md #5).
STAFF_ROLES = [r for r in Role if r not in (Role.EMPLOYER, Role.EMPLOYEE)]
PAGES = ["/", "/werknemers/", "/admin/", "/admin/verzuim/auditlog/", "/account/tweestapsverificatie/"]


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_staff_without_device_is_sent_to_enrolment(
    client: Any, make_user: Callable[..., User], role: Role, page: str
) -> None:
    client.force_login(make_user(role))
    response = client.get(page, follow=True)
    assert response.redirect_chain, f"{page} was reachable without a second factor"
    assert response.request["PATH_INFO"] == "/account/tweestapsverificatie/instellen/"
    assert response.status_code == 200


def test_staff_with_device_but_no_code_is_sent_to_verification(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.CASEMANAGER)
    confirmed_totp_device(user)
    client.force_login(user)
    response = client.get("/werknemers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/?next=")


def test_enrolment_confirms_the_device_and_opens_the_portal(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.INSURER)
    client.force_login(user)
    page = client.get("/account/tweestapsverificatie/instellen/")
    secret = page.context["secret"]
    code = f"{totp(b32decode(secret)):06d}"
    response = client.post("/account/tweestapsverificatie/instellen/", {"token": code, "next": "/"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert client.get("/").status_code == 200


def test_wrong_enrolment_code_is_refused_in_dutch(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.INSURER)
    client.force_login(user)
    device_page = client.get("/account/tweestapsverificatie/instellen/")
    good = int(f"{totp(b32decode(device_page.context['secret'])):06d}")
    response = client.post("/account/tweestapsverificatie/instellen/", {"token": f"{(good + 1) % 1_000_000:06d}"})
    assert response.context["form"].errors == {
        "token": ["Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."]
    }
    assert TOTPDevice.objects.get(user=user).confirmed is False


def test_verification_with_the_current_code_opens_the_portal(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(user)
    client.force_login(user)
    response = client.post("/account/tweestapsverificatie/?next=/", {"token": current_totp(device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_verification_does_not_redirect_off_site(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(user)
    client.force_login(user)
    response = client.post(
        "/account/tweestapsverificatie/", {"token": current_totp(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_employer_user_needs_no_second_factor(client: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer)
    client.force_login(employer_user)
    assert client.get("/werknemers/").status_code == 200


def test_the_employee_needs_no_second_factor_but_may_enrol(client: Any) -> None:
    account = User.objects.create_user(
        email="werknemer@example.nl", role=Role.EMPLOYEE, employee=EmployeeFactory(), password="x"
    )
    assert not account.needs_two_factor
    client.force_login(account)
    assert client.get("/").status_code == 200
    assert client.get("/account/tweestapsverificatie/instellen/").status_code == 200


def test_complaint_handler_reaches_the_admin_after_verification(
    client: Any, staff_login: Callable[[User], Any], make_user: Callable[..., User]
) -> None:
    staff_login(make_user(Role.COMPLAINT_HANDLER))
    assert client.get("/admin/").status_code == 200
