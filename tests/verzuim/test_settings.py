"""Settings from the environment: production refuses to start half-configured and is deploy-clean; Dutch, Amsterdam.

Production settings are read once per process, so those tests start `manage.py` or a small script in a
subprocess with a controlled environment.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.processes import run_python

# Variables a developer's shell or CI may have set; each test states the ones it wants.

DUMP_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "DATABASE_OPTIONS": settings.DATABASES["default"].get("OPTIONS", {}),
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_BROKER_TRANSPORT_OPTIONS": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_OPTIONS": settings.CACHES["default"].get("OPTIONS", {}),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "API_DOCS_ENABLED": settings.API_DOCS_ENABLED,
    "STORAGE": settings.STORAGES["default"],
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
}))
"""

# A real login and two plain-http requests through the test client, under production settings.
PRODUCTION_REQUESTS = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from verzuim.models import Role, User

call_command("migrate", verbosity=0)
User.objects.create_user(email="casemanager@example.nl", password="een-lang-wachtwoord", role=Role.CASEMANAGER)
client = Client(HTTP_HOST="portal.example.nl")
login = client.post(
    "/inloggen/", {"username": "casemanager@example.nl", "password": "een-lang-wachtwoord"}, secure=True
)
login_page_http = client.get("/inloggen/")
healthz_http = client.get("/healthz")
api_schema = client.get("/api/schema/", secure=True)
api_docs = client.get("/api/docs/", secure=True)


def cookie(name):
    morsel = login.cookies[name]
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]), "samesite": morsel["samesite"]}


print(json.dumps({
    "login_status": login.status_code,
    "hsts": login.headers.get("Strict-Transport-Security"),
    "csp": login.headers.get("Content-Security-Policy"),
    "session_cookie": cookie("sessionid"),
    "csrf_cookie": cookie("csrftoken"),
    "login_page_http_status": login_page_http.status_code,
    "login_page_http_location": login_page_http.headers.get("Location"),
    "healthz_http_status": healthz_http.status_code,
    "healthz_http_hsts": healthz_http.headers.get("Strict-Transport-Security"),
    "api_schema_status": api_schema.status_code,
    "api_docs_status": api_docs.status_code,
}))
"""


def run(args: list[str], tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return run_python(args, tmp_path, **environment)


def production(tmp_path: Path, **environment: str) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.nl",
        "PORTAL_BASE_URL": "https://portal.example.nl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        **environment,
    }


def dump_settings(tmp_path: Path, **environment: str) -> dict[str, Any]:
    result = run(["-c", DUMP_SETTINGS], tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    environment = production(tmp_path)
    del environment["SECRET_KEY"]

    result = run(["manage.py", "check"], tmp_path, **environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set: Django secret key; required in production." in result.stderr


def test_production_without_allowed_hosts_refuses_to_start(tmp_path: Path) -> None:
    environment = production(tmp_path)
    del environment["ALLOWED_HOSTS"]

    result = run(["manage.py", "check"], tmp_path, **environment)

    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: ALLOWED_HOSTS must be set: Comma-separated host names served; required in production."
        in result.stderr
    )


def test_production_without_portal_base_url_refuses_to_start(tmp_path: Path) -> None:
    """Every link in an e-mail starts with it; a development default would send people to 127.0.0.1."""
    environment = production(tmp_path)
    del environment["PORTAL_BASE_URL"]
    result = run(["manage.py", "check"], tmp_path, **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured: PORTAL_BASE_URL must be set" in result.stderr


def test_production_check_deploy_is_clean(tmp_path: Path) -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **production(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_check_deploy_fails_on_a_weak_secret_key(tmp_path: Path) -> None:
    """The deploy check above is a real check: a guessable key makes it fail."""
    environment = production(tmp_path, SECRET_KEY="kort")

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **environment)

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_ignores_debug_from_the_environment(tmp_path: Path) -> None:
    values = dump_settings(tmp_path, **production(tmp_path, DEBUG="true"))

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("production")
    result = run(["-c", PRODUCTION_REQUESTS], tmp_path, **production(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_hsts_csp_and_secure_cookies(production_responses: dict[str, Any]) -> None:
    seen = production_responses

    assert seen["login_status"] == 302
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    csp = {part.split()[0]: part.split()[1:] for part in seen["csp"].split("; ")}
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in seen["csp"]
    assert seen["session_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert seen["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_production_redirects_plain_http_to_https_except_the_health_check(production_responses: dict[str, Any]) -> None:
    seen = production_responses

    assert seen["login_page_http_status"] == 301
    assert seen["login_page_http_location"] == "https://portal.example.nl/inloggen/"
    assert seen["healthz_http_status"] == 200
    assert seen["healthz_http_hsts"] is None  # HSTS is only ever sent over https


def test_production_does_not_serve_the_api_schema_or_docs_by_default(production_responses: dict[str, Any]) -> None:
    assert (production_responses["api_schema_status"], production_responses["api_docs_status"]) == (404, 404)


def test_production_serves_the_api_docs_only_when_asked_for(tmp_path: Path) -> None:
    assert dump_settings(tmp_path, **production(tmp_path))["API_DOCS_ENABLED"] is False
    assert dump_settings(tmp_path, **production(tmp_path, API_DOCS_ENABLED="true"))["API_DOCS_ENABLED"] is True
    assert dump_settings(tmp_path, DJANGO_ENV="development")["API_DOCS_ENABLED"] is True


def test_development_defaults_to_sqlite_and_the_filesystem_broker(tmp_path: Path) -> None:
    values = dump_settings(tmp_path)

    assert values["DEBUG"] is True
    assert values["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE_NAME"] == str(tmp_path / "db.sqlite3")
    assert values["CELERY_BROKER_URL"] == "filesystem://"
    options = values["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert options["data_folder_in"] == options["data_folder_out"] == str(tmp_path / "celery" / "broker")
    assert options["control_folder"] == str(tmp_path / "celery" / "control")
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["SESSION_COOKIE_SECURE"] is False


def test_postgresql_connections_time_out_instead_of_hanging(tmp_path: Path) -> None:
    values = dump_settings(tmp_path, DATABASE_URL="postgres://verzuim@db.internal:5432/verzuim")

    assert values["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert values["DATABASE_OPTIONS"]["connect_timeout"] == 5


def test_redis_url_makes_redis_the_broker_and_the_cache(tmp_path: Path) -> None:
    values = dump_settings(tmp_path, REDIS_URL="redis://redis.internal:6379/0")

    assert values["CELERY_BROKER_URL"] == "redis://redis.internal:6379/0"
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    # A dead Redis fails a request within seconds instead of hanging it (see test_healthz).
    assert values["CACHE_OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 2}


def test_documents_stay_in_the_local_folder_when_no_object_store_is_set(tmp_path: Path) -> None:
    values = dump_settings(tmp_path)

    assert values["STORAGE"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert values["MEDIA_ROOT"] == str(tmp_path / "media")


def test_s3_bucket_puts_the_documents_in_a_private_object_store(tmp_path: Path) -> None:
    values = dump_settings(
        tmp_path,
        S3_BUCKET="verzuim-documenten",
        S3_ENDPOINT_URL="http://objectstore:9000",
        S3_ACCESS_KEY_ID="verzuim",
        S3_SECRET_ACCESS_KEY="geheim-en-lang",
        S3_REGION="eu-central-1",
    )

    assert values["STORAGE"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = values["STORAGE"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "verzuim-documenten",
        "http://objectstore:9000",
        "eu-central-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("verzuim", "geheim-en-lang")
    # No public object: no ACL of its own (the bucket's, private), and a taken name is never overwritten.
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert options["addressing_style"] == "path"


def test_time_zone_is_amsterdam() -> None:
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ is True
    summer_noon_utc = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    winter_noon_utc = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)

    assert timezone.localtime(summer_noon_utc).hour == 14
    assert timezone.localtime(winter_noon_utc).hour == 13


def test_language_is_dutch() -> None:
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in settings.LANGUAGES] == ["nl"]
    with pytest.raises(forms.ValidationError) as excinfo:
        forms.CharField().clean("")

    assert excinfo.value.messages == ["Dit veld is vereist."]


@pytest.mark.django_db
def test_pages_speak_dutch_whatever_the_browser_asks(client: Client) -> None:
    response = client.post("/inloggen/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    assert "Dit veld is vereist." in response.content.decode()
    assert "This field is required." not in response.content.decode()
