"""POST /api/v1/complaints/ (docs/api.md "Complaints"): no login, strict input, rate-limited per address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient

from complaints import services
from complaints.models import Complaint
from tests.complaints.intake_helpers import valid_input
from verzuim.mail import mail_send_pending

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """The rate limit lives in the cache (Redis under CI): every test starts with no posts counted."""
    cache.clear()
    yield
    cache.clear()


def test_acceptance_a_complaint_of_friday_18_december_2026_answers_the_contract_shape(
    api_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.timezone, "localdate", lambda: dt.date(2026, 12, 18))
    response = api_client.post(URL, valid_input(employer_kvk=""), format="json")
    assert response.status_code == 201, response.json()
    answer = response.json()
    follow_url = answer.pop("follow_url")
    assert answer == {
        "reference": "KL-2026-000001",
        "acknowledge_by": "2026-12-28",
        "answer_by": "2027-01-29",
    }
    assert follow_url.startswith("http://127.0.0.1:8000/klacht-volgen/")
    assert Complaint.objects.get().channel == "api"


def test_the_api_sends_the_confirmation_mail(api_client: APIClient) -> None:
    response = api_client.post(URL, valid_input(), format="json")
    mail_send_pending()  # the outbox's beat job
    assert response.json()["reference"] in mail.outbox[0].subject


def test_an_unknown_field_is_a_400_and_stores_nothing(api_client: APIClient) -> None:
    response = api_client.post(URL, valid_input(website="spam"), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"website": ["Onbekend veld."]}
    assert not Complaint.objects.exists()


def test_an_unknown_category_and_a_bad_kvk_are_field_errors(api_client: APIClient) -> None:
    response = api_client.post(URL, valid_input(category="weather"), format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"category"}
    response = api_client.post(URL, valid_input(employer_kvk="12"), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"employer_kvk": ["Een KvK-nummer bestaat uit precies 8 cijfers."]}
    assert not Complaint.objects.exists()


def test_a_token_is_not_needed_and_a_session_is_not_used(api_client: APIClient) -> None:
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.post(URL, valid_input(), format="json").status_code == 201


def test_acceptance_the_eleventh_post_from_one_address_within_an_hour_is_429_and_stores_nothing(
    api_client: APIClient,
) -> None:
    for _n in range(10):
        assert api_client.post(URL, valid_input(), format="json", REMOTE_ADDR="198.51.100.4").status_code == 201
    response = api_client.post(URL, valid_input(), format="json", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["message"].startswith("U hebt te vaak een klacht verstuurd vanaf dit adres.")
    assert Complaint.objects.count() == 10
    assert api_client.post(URL, valid_input(), format="json", REMOTE_ADDR="198.51.100.5").status_code == 201


def test_the_form_and_the_api_share_one_limit_per_address(api_client: APIClient, client: Any) -> None:
    from tests.complaints.intake_helpers import form_post

    for _n in range(10):
        client.post("/klacht-indienen/", form_post(), REMOTE_ADDR="198.51.100.6")
    response = api_client.post(URL, valid_input(), format="json", REMOTE_ADDR="198.51.100.6")
    assert response.status_code == 429
    assert Complaint.objects.count() == 10


def test_acceptance_no_api_route_changes_or_deletes_a_complaint_or_its_history(api_client: APIClient) -> None:
    from django.urls import get_resolver

    from complaints.models import ComplaintEvent
    from tests.factories import UserFactory, confirmed_totp_device
    from verzuim.models import Role

    complaint = services.complaint_file(channel="public", today=dt.date(2026, 12, 18), **valid_input())
    before = list(ComplaintEvent.objects.values_list("pk", "kind", "note", "data"))
    handler = UserFactory.create(role=Role.COMPLAINT_HANDLER)
    confirmed_totp_device(handler)
    from rest_framework.authtoken.models import Token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=handler).key}")
    # The only complaints route of the API takes new complaints; every other method is refused.
    (api_v1,) = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/"]
    assert [str(r.pattern) for r in api_v1.url_patterns if "complaint" in str(r.pattern)] == ["complaints/"]
    for method in ("put", "patch", "delete"):
        assert getattr(api_client, method)("/api/v1/complaints/", {}, format="json").status_code == 405
    assert api_client.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert list(ComplaintEvent.objects.values_list("pk", "kind", "note", "data")) == before
