"""Client addresses behind reverse proxies (PROXY_COUNT, verzuim.auth.client_ip), as django-axes and the complaint
rate limit see them: the portal runs behind nginx (docker-compose.yml), so REMOTE_ADDR is nginx for every client."""

from __future__ import annotations

from typing import Any

import pytest
from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from complaints import spam
from tests.factories import PASSWORD
from verzuim.models import User

NGINX = "172.18.0.5"  # REMOTE_ADDR of every request that came through the proxy


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.7", NGINX),  # no proxy configured: the header is the client's own word
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # what the client wrote itself stands left of nginx's entry
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # TLS terminator, then nginx
        (2, "203.0.113.7", NGINX),  # fewer entries than proxies: not through them
        (1, "", NGINX),
        (1, "geen-adres", NGINX),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_outermost_proxy_wrote(
    settings: Any, proxy_count: int, forwarded_for: str, expected: str
) -> None:
    settings.PROXY_COUNT = proxy_count
    settings.AXES_IPWARE_PROXY_COUNT = proxy_count  # what the settings set before, without effect
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert get_client_ip_address(request) == expected
    assert spam.client_ip(request) == expected


@pytest.mark.django_db
def test_behind_nginx_one_clients_lockout_does_not_lock_out_another(settings: Any, employer_user: User) -> None:
    settings.PROXY_COUNT = 1
    settings.AXES_IPWARE_PROXY_COUNT = 1
    cache.clear()
    client = APIClient()
    token = "/api/v1/auth/token/"
    wrong = {"email": employer_user.email, "password": "not-the-password"}
    attacker = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    statuses = [client.post(token, wrong, format="json", **attacker).status_code for _attempt in range(6)]

    right = {"email": employer_user.email, "password": PASSWORD}
    owner = client.post(token, right, format="json", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.4")

    assert statuses[-1] == 429
    assert owner.status_code == 200
