"""An API token ends with the credentials it was issued under: a password change or reset, a second-factor reset
and deactivating the user revoke it (401), and the next token request issues a new key."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import current_totp
from tests.factories import PASSWORD, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
EMPLOYEES = "/api/v1/employees/"
NEW_PASSWORD = "Nieuw-wachtwoord-2026!"


def obtain(user: User, password: str = PASSWORD, **extra: str) -> str:
    response = APIClient().post(TOKEN, {"email": user.email, "password": password, **extra}, format="json")
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def status_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return int(client.get(EMPLOYEES).status_code)


def test_a_password_reset_revokes_the_token_and_the_next_request_gets_a_new_key(
    client: Client, employer_user: User
) -> None:
    old = obtain(employer_user)
    uid = urlsafe_base64_encode(force_bytes(employer_user.pk))
    link = client.get(f"/wachtwoord-herstellen/{uid}/{default_token_generator.make_token(employer_user)}/")
    assert link.status_code == 302
    done = client.post(link["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302, done.content
    assert status_with(old) == 401
    new = obtain(employer_user, NEW_PASSWORD)
    assert new != old
    assert status_with(new) == 200


def test_a_password_change_revokes_the_token(employer_user: User) -> None:
    old = obtain(employer_user)
    user = User.objects.get(pk=employer_user.pk)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert status_with(old) == 401
    assert obtain(employer_user, NEW_PASSWORD) != old


def test_an_unusable_password_revokes_the_token(employer_user: User) -> None:
    old = obtain(employer_user)
    user = User.objects.get(pk=employer_user.pk)
    user.set_unusable_password()
    user.save()
    assert not Token.objects.filter(key=old).exists()


def test_deactivating_a_user_revokes_the_token_for_good(employer_user: User) -> None:
    old = obtain(employer_user)
    user = User.objects.get(pk=employer_user.pk)
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert status_with(old) == 401
    assert obtain(employer_user) != old


def test_a_second_factor_reset_revokes_the_token(make_user: Any) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(casemanager)
    old = obtain(casemanager, otp=current_totp(device))
    assert status_with(old) == 200
    TOTPDevice.objects.filter(user=casemanager).delete()  # what the admin's "delete device" does, per row
    assert status_with(old) == 401


def test_a_second_factor_reset_in_the_admin_revokes_the_token(make_user: Any, staff_login: Any) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(casemanager)
    old = obtain(casemanager, otp=current_totp(device))
    admin = staff_login(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    response = admin.post(f"/admin/verzuim/authenticatordevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content
    assert status_with(old) == 401


def test_unconfirming_the_device_as_the_admin_shows_it_revokes_the_token(make_user: Any) -> None:
    """The admin edits devices through the proxy verzuim.AuthenticatorDevice; its saves are resets too."""
    from verzuim.models import AuthenticatorDevice

    casemanager = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(casemanager)
    old = obtain(casemanager, otp=current_totp(device))
    shown = AuthenticatorDevice.objects.get(pk=device.pk)
    shown.confirmed = False
    shown.save()
    assert status_with(old) == 401


def test_saving_other_fields_keeps_the_token(employer_user: User) -> None:
    old = obtain(employer_user)
    user = User.objects.get(pk=employer_user.pk)
    user.full_name = "Andere Naam"
    user.save()
    assert status_with(old) == 200
    assert obtain(employer_user) == old


def test_a_device_that_is_unconfirmed_or_gets_a_new_key_revokes_the_token(make_user: Any) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(casemanager)
    first = obtain(casemanager, otp=current_totp(device))
    device.confirmed = False
    device.save()
    assert status_with(first) == 401
    device.confirmed = True
    device.save()
    second = obtain(casemanager, otp=current_totp(device))
    device.key = "00" * 20
    device.save()
    assert status_with(second) == 401


def test_an_otp_check_that_saves_the_device_keeps_the_token(make_user: Any) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    device = confirmed_totp_device(casemanager)
    key = obtain(casemanager, otp=current_totp(device))
    device.throttle_increment()  # django-otp saves the whole device on every verification
    assert status_with(key) == 200


def test_a_hash_upgrade_at_login_keeps_the_token(client: Client, employer_user: User, settings: Any) -> None:
    key = obtain(employer_user)
    # A stronger hasher first: Django re-hashes the password at the next login and saves it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post("/inloggen/", {"username": employer_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=employer_user.pk).password.startswith("pbkdf2_")
    assert status_with(key) == 200


def test_a_reset_between_the_password_check_and_the_token_issue_refuses_the_token(
    employer_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The password is checked before the user row is locked; a reset that commits in between wins."""
    from verzuim import services

    authenticate = services.authenticate

    def authenticate_then_reset(*args: Any, **kwargs: Any) -> Any:
        user = authenticate(*args, **kwargs)
        owner = User.objects.get(pk=employer_user.pk)
        owner.set_password(NEW_PASSWORD)
        owner.save()
        return user

    monkeypatch.setattr(services, "authenticate", authenticate_then_reset)
    response = APIClient().post(TOKEN, {"email": employer_user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 400  # what a wrong password answers (docs/api.md)
    assert response.json()["code"] == "invalid_credentials"
    assert not Token.objects.filter(user=employer_user).exists()
