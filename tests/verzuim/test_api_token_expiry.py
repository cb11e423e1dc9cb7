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


def test_the_token_comes_with_the_moment_it_expires(api_client: APIClient, employer_user: User, settings: Any) -> None:
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("expired", [False, True], ids=["first token", "after expiry"])
def test_token_requests_of_one_user_at_the_same_time_get_one_key(
    employer_user: User, settings: Any, expired: bool
) -> None:
    """Four requests at once, each in its own connection: before the first token there is no token row to lock,
    and after expiry the old row is deleted; the lock on the user row hands out one key to all four, no 500."""
    import threading

    from django.db import connection
    from django.test import RequestFactory

    from verzuim.services import api_token_obtain

    settings.API_TOKEN_TTL_HOURS = 12
    if expired:
        old = Token.objects.create(user=employer_user)
        age(old.key, 13)
    barrier = threading.Barrier(4)
    keys: list[str] = []
    errors: list[BaseException] = []

    def obtain_one() -> None:
        try:
            request = RequestFactory().post(TOKEN)
            barrier.wait()
            keys.append(api_token_obtain(request=request, email=employer_user.email, password=PASSWORD, otp=None).key)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=obtain_one) for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(keys) == 4
    assert len(set(keys)) == 1
    assert list(Token.objects.filter(user=employer_user).values_list("key", flat=True)) == keys[:1]
