"""A request body over REQUEST_BODY_MAX_MB is refused before anything reads it (verzuim.request_limits), in Django
and in the nginx of docker-compose.yml, with the same limit."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.client import ClientHandler

from verzuim.api_errors import DEFAULT_MESSAGES
from verzuim.conf import REGISTRY
from verzuim.request_limits import MB, RequestBodyLimitMiddleware, largest_upload_bytes

BOUNDARY = "grens"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
HUNDRED_MB = 100 * MB


class GeneratedBody(io.RawIOBase):
    """`size` bytes of multipart body made as they are read (never in memory), counting what is read and how many
    files the upload temp folder holds meanwhile."""

    def __init__(self, size: int, temp_dir: Path) -> None:
        self.size = size
        self.temp_dir = temp_dir
        self.bytes_read = 0
        self.most_temp_files = 0
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="groot.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-"
        ).encode()

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        remaining = self.size - self.bytes_read
        wanted = remaining if size is None or size < 0 else min(size, remaining)
        wanted = min(wanted, MB)  # a short read is allowed, and keeps even a read() of everything small
        start = self.bytes_read
        chunk = self.head[start : start + wanted]
        chunk += b"a" * (wanted - len(chunk))
        self.bytes_read += len(chunk)
        self.most_temp_files = max(self.most_temp_files, sum(1 for _entry in self.temp_dir.iterdir()))
        return chunk


def wsgi_request(path: str, body: GeneratedBody, *, content_type: str, length: int | None) -> HttpResponse:
    """The request as gunicorn hands it over: through every middleware, with CSRF enforced."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "198.51.100.20",
        # With its cookie (the form was fetched first), the CSRF check reads request.POST: the whole body, its files
        # written to FILE_UPLOAD_TEMP_DIR. Without one it refuses before reading.
        "HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={'k' * 32}",
        "CONTENT_TYPE": content_type,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if length is None:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    else:
        environ["CONTENT_LENGTH"] = str(length)
    # ClientHandler is Django's WSGIHandler minus closing the test's database connection at the end.
    return ClientHandler(enforce_csrf_checks=True)(environ)


@pytest.fixture
def temp_dir(settings: Any, tmp_path: Path) -> Path:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


@pytest.mark.django_db
def test_acceptance_a_100_mb_complaint_post_is_refused_before_it_is_read(temp_dir: Path) -> None:
    body = GeneratedBody(HUNDRED_MB, temp_dir)

    response = wsgi_request("/klacht-indienen/", body, content_type=MULTIPART, length=HUNDRED_MB)

    assert (body.bytes_read, body.most_temp_files) == (0, 0)
    assert list(temp_dir.iterdir()) == []
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Te groot om te verwerken" in page
    assert "Wat u verstuurde is groter dan 16 MB bij elkaar." in page
    assert "Maak de bijlagen kleiner of verstuur er minder tegelijk" in page


@pytest.mark.django_db
def test_a_100_mb_api_post_is_refused_unread_with_the_error_body(temp_dir: Path) -> None:
    body = GeneratedBody(HUNDRED_MB, temp_dir)

    response = wsgi_request("/api/v1/complaints/", body, content_type="application/json", length=HUNDRED_MB)

    assert body.bytes_read == 0
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "message": "Het verzoek is te groot om te verwerken.",
        "code": "request_too_large",
        "fields": {},
    }


@pytest.mark.django_db
def test_a_body_without_a_length_is_never_read(temp_dir: Path) -> None:
    """What the check relies on for a chunked body (gunicorn passes it on without CONTENT_LENGTH): Django reads no
    more than CONTENT_LENGTH, so nothing of it. This test pins Django's behaviour; it is not the new check's."""
    body = GeneratedBody(HUNDRED_MB, temp_dir)

    wsgi_request("/klacht-indienen/", body, content_type=MULTIPART, length=None)

    assert (body.bytes_read, body.most_temp_files) == (0, 0)


def test_a_body_of_exactly_the_limit_goes_through() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("doorgelaten")

    middleware = RequestBodyLimitMiddleware(view)
    at_limit = RequestFactory().post("/klacht-indienen/", CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES))
    over = RequestFactory().post("/klacht-indienen/", CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + 1))

    assert middleware(at_limit).content == b"doorgelaten"
    assert middleware(over).status_code == 413


def test_the_check_comes_before_every_middleware_that_may_read_the_body() -> None:
    middleware = list(settings.MIDDLEWARE)
    position = middleware.index("verzuim.request_limits.RequestBodyLimitMiddleware")
    # Only these read no body: SecurityMiddleware (redirects, headers) and WhiteNoise (static files, production).
    assert set(middleware[:position]) <= {
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    }


def test_the_default_limit_is_the_largest_legitimate_upload() -> None:
    # Three complaint attachments of 5 MB (the largest upload) plus 1 MB for the form: 16 MB.
    default = REGISTRY["REQUEST_BODY_MAX_MB"].default
    assert default is not None
    assert int(default) * MB == largest_upload_bytes() == 16 * MB
    assert all(message.id != "verzuim.E001" for message in checks.run_checks(tags=[checks.Tags.security]))


def test_a_limit_below_the_largest_upload_fails_the_system_check(settings: Any) -> None:
    settings.DOCUMENT_UPLOAD_MAX_MB = 20  # raised without raising REQUEST_BODY_MAX_MB along

    errors = [message for message in checks.run_checks(tags=[checks.Tags.security]) if message.id == "verzuim.E001"]

    assert len(errors) == 1
    assert "REQUEST_BODY_MAX_MB (16) is below the largest legitimate request body (21 MB)" in errors[0].msg


# --------------------------------------------------------------------------------------------------
# docker-compose.yml: nginx in front of web, with the same limit (docker is not needed to read them)


def _compose() -> dict[str, Any]:
    return yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text(encoding="utf-8"))


def _nginx_template() -> str:
    return (Path(settings.BASE_DIR) / "deploy" / "nginx" / "default.conf.template").read_text(encoding="utf-8")


def test_compose_publishes_only_nginx_which_proxies_to_web() -> None:
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}

    assert published == {"proxy"}
    assert services["proxy"]["image"].startswith("nginx:")
    assert (
        "./deploy/nginx/default.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in (services["proxy"]["volumes"])
    )
    assert "set $portal http://web:8000;" in _nginx_template()
    assert "proxy_pass $portal;" in _nginx_template()


def test_nginx_refuses_bodies_over_the_same_limit_as_the_portal() -> None:
    default = REGISTRY["REQUEST_BODY_MAX_MB"].default
    services = _compose()["services"]
    expected = f"${{REQUEST_BODY_MAX_MB:-{default}}}"

    # The portal and nginx read the one variable, with the portal's default.
    assert services["web"]["environment"]["REQUEST_BODY_MAX_MB"] == expected
    assert services["proxy"]["environment"]["REQUEST_BODY_MAX_MB"] == expected
    assert re.fullmatch(services["proxy"]["environment"]["NGINX_ENVSUBST_FILTER"], "REQUEST_BODY_MAX_MB")
    assert re.findall(r"client_max_body_size\s+([^;]+);", _nginx_template()) == ["${REQUEST_BODY_MAX_MB}m"]


def test_nginx_refusal_under_api_is_the_error_body() -> None:
    match = re.search(r"location = /_errors/413\.json \{.*?return 413 '([^']*)';", _nginx_template(), re.DOTALL)
    assert match is not None
    assert json.loads(match.group(1)) == {"message": DEFAULT_MESSAGES[413], "code": "request_too_large", "fields": {}}
    assert "~^/api/ /_errors/413.json;" in _nginx_template()


def test_behind_nginx_the_portal_counts_one_proxy() -> None:
    environment = _compose()["services"]["web"]["environment"]
    assert environment["PROXY_COUNT"] == "${PROXY_COUNT:-1}"
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in _nginx_template()
