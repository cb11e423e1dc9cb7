"""API tokens expire API_TOKEN_TTL_HOURS after they were issued; asking again then issues a new one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from verzuim.models import User

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
EMPLOYEES = "/api/v1/employees/"


def obtain(client: APIClient, user: User) -> Any:
    return client.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json")


def age(key: str, hours: float) -> None:
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(hours=hours))


def test_the_token_comes_with_the_moment_it_expires(
    api_client: APIClient, employer_user: User, settings: Any
) -> None:
    settings.API_TOKEN_TTL_HOURS = 12
    body = obtain(api_client, employer_user).json()
    created = Token.objects.get(key=body["token"]).created
    assert dt.datetime.fromisoformat(body["expires_at"]) == created + dt.timedelta(hours=12)


def test_a_token_works_until_it_expires_and_then_answers_401_token_expired(
    api_client: APIClient, employer_user: User, settings: Any
) -> None:
    settings.API_TOKEN_TTL_HOURS = 12
    key = obtain(api_client, employer_user).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    age(key, 11.9)
    assert api_client.get(EMPLOYEES).status_code == 200
    age(key, 12)
    response = api_client.get(EMPLOYEES)
    assert response.status_code == 401
    assert response.json() == {
        "message": "Dit token is verlopen. Vraag een nieuw token aan.",
        "code": "token_expired",
        "fields": {},
    }


def test_asking_again_before_expiry_gives_the_same_token(api_client: APIClient, employer_user: User) -> None:
    first = obtain(api_client, employer_user).json()
    second = obtain(api_client, employer_user).json()
    assert second == first


def test_asking_again_after_expiry_issues_a_new_token_and_the_old_one_is_gone(
    api_client: APIClient, employer_user: User, settings: Any
) -> None:
    settings.API_TOKEN_TTL_HOURS = 12
    old = obtain(api_client, employer_user).json()["token"]
    age(old, 13)
    new = obtain(api_client, employer_user).json()["token"]
    assert new != old
    assert not Token.objects.filter(key=old).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api_client.get(EMPLOYEES).status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api_client.get(EMPLOYEES).status_code == 401
