"""/healthz checks the database and, when configured, Redis; a dead Redis answers 503 within seconds, never 500."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from tests.processes import run_python
from tests.verzuim.test_reminders_worker import PrivateRedis

HEALTHZ_IN_A_FRESH_PROCESS = """
import json
import time
import django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json(), "seconds": time.monotonic() - started}))
"""


def redis_settings(url: str) -> dict[str, Any]:
    """The settings REDIS_URL=url would give: the same cache options, another location."""
    cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
    return {"REDIS_URL": url, "CACHES": {"default": cache}}


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP port that accepts connections and never answers: a hanging Redis."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        server.close()


@pytest.mark.django_db
def test_healthz_without_redis_checks_the_database(client: Client) -> None:
    with override_settings(REDIS_URL=None):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "not configured"}}


@pytest.mark.django_db
def test_healthz_with_reachable_redis_is_ok(client: Client, private_redis: PrivateRedis) -> None:
    private_redis.start()
    cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": private_redis.url}}

    with override_settings(REDIS_URL=private_redis.url, CACHES=cache):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.django_db
def test_healthz_with_redis_on_a_closed_port_answers_503(client: Client) -> None:
    started = time.monotonic()
    with override_settings(**redis_settings("redis://127.0.0.1:1/0")):
        response = client.get("/healthz")

    assert time.monotonic() - started < 6  # refused at once; the bound only catches a hang
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "redis": "error"}}


def healthz_in_a_fresh_process(tmp_path: Path, **environment: str) -> dict[str, Any]:
    """GET /healthz in a new process, so the settings are the ones the environment gives."""
    result = run_python(["-c", HEALTHZ_IN_A_FRESH_PROCESS], tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_with_a_hanging_redis_answers_503_within_seconds(tmp_path: Path, silent_server: str) -> None:
    seen = healthz_in_a_fresh_process(tmp_path, REDIS_URL=silent_server)

    assert seen["status"] == 503
    assert seen["body"] == {"status": "error", "checks": {"database": "ok", "redis": "error"}}
    # One socket timeout (2 s) plus the first request's start-up, with room for a loaded CI machine; without
    # the timeout the request would wait for ever.
    assert seen["seconds"] < 8


def test_healthz_with_the_database_down_answers_503(tmp_path: Path) -> None:
    seen = healthz_in_a_fresh_process(tmp_path, DATABASE_URL="postgres://verzuim@127.0.0.1:1/verzuim")

    assert seen["status"] == 503
    assert seen["body"] == {"status": "error", "checks": {"database": "error", "redis": "not configured"}}
