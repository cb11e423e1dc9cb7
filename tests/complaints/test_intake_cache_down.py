"""A cache outage never breaks complaint intake: the rate limiter fails open (and says so in the log), the
honeypot and the fill-time check still refuse scripts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from complaints.models import Complaint
from tests.complaints.intake_helpers import form_post, valid_input

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every cache call fails at once with a connection error, as with Redis down.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture(autouse=True)
def _cache_down(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = DEAD_REDIS


def test_the_public_form_takes_a_complaint_with_the_cache_down(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="complaints.spam"):
        response = client.post("/klacht-indienen/", form_post())
    assert response.status_code == 302
    assert response["Location"] == "/klacht-indienen/ontvangen/"
    assert Complaint.objects.count() == 1
    assert "rate limiter skipped" in caplog.text


def test_the_api_takes_a_complaint_with_the_cache_down(api_client: APIClient) -> None:
    response = api_client.post("/api/v1/complaints/", valid_input(), format="json")
    assert response.status_code == 201, response.content
    assert Complaint.objects.count() == 1


def test_the_honeypot_still_refuses_with_the_cache_down(client: Client) -> None:
    response = client.post("/klacht-indienen/", form_post(website="http://spam.example"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0
