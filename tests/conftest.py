"""Shared fixtures. Under CI=true the real services must be there: a missing one fails, never skips."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.factories import EmployerFactory, UserFactory, confirmed_totp_device
from verzuim.models import Role, User

IN_CI = os.environ.get("CI", "").lower() == "true"

# Hypothesis' per-example deadline (200 ms) is a wall-clock limit: on a busy two-core CI machine a correct example
# can take longer, and the test then fails for time, not behaviour. Tests here assert behaviour and query counts,
# never wall-clock times (benchmarks live in bench/).
hypothesis_settings.register_profile("verzuim", deadline=None)
hypothesis_settings.load_profile("verzuim")


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI:
        engine = settings.DATABASES["default"]["ENGINE"]
        assert engine == "django.db.backends.postgresql", f"CI must run on PostgreSQL, not {engine} (set DATABASE_URL)"
        assert settings.REDIS_URL, "CI must run with Redis (set REDIS_URL)"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    """PBKDF2's real cost is for production; tests hash many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def current_totp(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(role: Role = Role.EMPLOYER, **kwargs: Any) -> User:
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def employer_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.EMPLOYER)


@pytest.fixture
def other_employer_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.EMPLOYER, employer=EmployerFactory())


@pytest.fixture
def staff_login(client: Any) -> Callable[[User], Any]:
    """Log a staff user in with password and a confirmed, verified TOTP device (as the browser would)."""

    def login(user: User) -> Any:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_totp_device(user)
        client.force_login(user)
        response = client.post("/account/tweestapsverificatie/", {"token": current_totp(device)})
        assert response.status_code == 302, response.content
        return client

    return login


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(api_client: APIClient) -> Callable[[User], APIClient]:
    """An API client authenticated with the user's token, as an integration would be."""
    from rest_framework.authtoken.models import Token

    def as_user(user: User) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client

    return as_user
