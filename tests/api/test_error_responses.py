"""The error responses of the schema (verzuim.api_schema, decision 142): real error bodies are the `Error` schema
and their statuses are declared on their operations, also those the schemathesis run never meets (no token, a
throttle, a lockout); the statuses read from the code are the ones the exception handler answers."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIClient

from cases.absence.services import CaseConflict
from tests.api.world import World, seed_world
from verzuim.api import AuthFailed, AuthLockedOut
from verzuim.api_errors import exception_handler
from verzuim.api_schema import exception_status
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

QUOTES = "/api/v1/premiums/quotes/"


@pytest.fixture
def world() -> World:
    return seed_world()


@pytest.fixture
def schema(api_client: APIClient) -> dict[str, Any]:
    response: Any = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def assert_documented(schema: dict[str, Any], method: str, template: str, response: Any) -> dict[str, Any]:
    """The status is declared on the operation and the body is its schema (what schemathesis checks)."""
    responses = schema["paths"][template][method]["responses"]
    assert str(response.status_code) in responses, f"{method} {template}: {response.status_code} not declared"
    body_schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/Error"}
    body = response.json()
    jsonschema.Draft4Validator({**body_schema, "components": schema["components"]}).validate(body)
    return body


def test_nested_field_errors_are_described(
    schema: dict[str, Any], api_as: Callable[[User], APIClient], world: World
) -> None:
    # A list of objects (employees) and a dict field (own_absence_pct): the deepest input of the API.
    body = {"employees": [{"name": "Jan"}], "own_absence_pct": {"2025": "veel"}}
    response = api_as(world.users[Role.INSURER]).post(QUOTES, body, format="json")

    fields = assert_documented(schema, "post", QUOTES, response)["fields"]
    assert response.status_code == 400
    assert fields["employees"] == {"0": {"name": ["Onbekend veld."]}}
    assert list(fields["own_absence_pct"]) == ["2025"]
    assert isinstance(fields["own_absence_pct"]["2025"][0], str)


@pytest.mark.parametrize(
    ("role", "method", "template", "status", "code"),
    [
        (None, "get", "/api/v1/absences/", 401, "not_authenticated"),
        ("bogus-token", "get", "/api/v1/absences/{case_id}/", 401, "authentication_failed"),
        (Role.EMPLOYER, "post", QUOTES, 403, "permission_denied"),
        (Role.EMPLOYER, "get", "/api/v1/absences/{case_id}/", 404, "not_found"),
        (Role.CASEMANAGER, "get", "/api/v1/claims/", 404, "not_found"),  # a role without claims: no path parameter
        (Role.INSURER, "post", "/api/v1/claims/{claim_id}/pay/", 409, "not_approved"),
    ],
)
def test_errors_without_fields_are_documented(
    schema: dict[str, Any],
    api_client: APIClient,
    api_as: Callable[[User], APIClient],
    world: World,
    role: Role | str | None,
    method: str,
    template: str,
    status: int,
    code: str,
) -> None:
    client = api_as(world.users[role]) if isinstance(role, Role) else api_client
    if role == "bogus-token":
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    ids = {"case_id": str(uuid.uuid4()), "claim_id": world.ids["claim_id"][0]}  # the claim is calculated, not approved
    response = getattr(client, method)(template.format(**ids), format="json")

    body = assert_documented(schema, method, template, response)
    assert (response.status_code, body["code"], body["fields"]) == (status, code, {})


def test_wrong_credentials_and_the_lockout_are_documented(
    schema: dict[str, Any], api_client: APIClient, world: World
) -> None:
    token = "/api/v1/auth/token/"
    wrong = {"email": world.users[Role.EMPLOYER].email, "password": "not-the-password"}
    responses = [api_client.post(token, wrong, format="json") for _attempt in range(6)]

    codes = [assert_documented(schema, "post", token, response)["code"] for response in responses]
    assert (responses[0].status_code, codes[0]) == (400, "invalid_credentials")
    assert (responses[-1].status_code, codes[-1]) == (429, "locked_out")


def test_the_complaint_throttle_is_documented(schema: dict[str, Any], api_client: APIClient) -> None:
    cache.clear()
    complaint = {
        "category": "casemanager",
        "description": "Niemand belde terug.",
        "contact_name": "Jan",
        "contact_email": "jan@example.nl",
    }
    statuses = [
        api_client.post("/api/v1/complaints/", complaint, format="json", REMOTE_ADDR="198.51.100.9") for _n in range(11)
    ]
    cache.clear()

    assert [response.status_code for response in statuses] == [201] * 10 + [429]
    assert assert_documented(schema, "post", "/api/v1/complaints/", statuses[-1])["code"] == "throttled"


@pytest.mark.parametrize(
    "raised",
    [
        CaseConflict("Al ziek gemeld.", code="already_sick"),
        Http404(),
        PermissionDenied(),
        DjangoValidationError({"year": ["Onbekend jaar."]}),
        exceptions.NotAuthenticated(),
        exceptions.Throttled(wait=60),
        AuthFailed("Onjuist."),
        AuthLockedOut("Te vaak."),
    ],
    ids=lambda raised: type(raised).__name__,
)
def test_the_status_read_from_the_code_is_the_one_the_handler_answers(raised: Exception) -> None:
    response = exception_handler(raised, {})

    assert response is not None
    assert exception_status(type(raised)) == response.status_code


@pytest.mark.parametrize(
    ("method", "template", "statuses"),
    [
        # The list filters never refuse a value, and nothing is looked up: no 404; the paging (`limit`, `cursor`)
        # refuses what it cannot use: 400 (verzuim.api_pagination).
        # A machine client's key may call it (verzuim.api_keys): 403 without the scope, 429 over its rate.
        ("get", "/api/v1/absences/", {"200", "400", "401", "403", "429"}),
        # No token taken: no 401; wrong credentials 400, a lockout 429.
        ("post", "/api/v1/auth/token/", {"200", "400", "429"}),
        ("post", "/api/v1/complaints/", {"201", "400", "429"}),
        # No body: no 400; the claim's state: 409; an employer who reads the approved claim may not pay it: 403.
        ("post", "/api/v1/claims/{claim_id}/pay/", {"200", "401", "403", "404", "409"}),
        # A role that may not decide gets 404 (cases.interventions.api._call turns PermissionDenied into Http404).
        (
            "post",
            "/api/v1/absences/{case_id}/interventions/{intervention_id}/approve/",
            {"200", "400", "401", "404", "409"},
        ),
        # An unknown employer in the body is a 400 (the view catches the lookup's Http404): no 404, no 409.
        ("post", "/api/v1/employees/", {"201", "400", "401", "403", "429"}),
        ("post", "/api/v1/absences/{case_id}/functional-assessments/", {"201", "400", "401", "403", "404"}),
    ],
)
def test_statuses_follow_the_code(schema: dict[str, Any], method: str, template: str, statuses: set[str]) -> None:
    assert set(schema["paths"][template][method]["responses"]) == statuses


@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet/", "/api/v1/employees/a%2Fb/", "/api/v2/employees/"])
def test_a_path_no_route_matches_answers_the_error_body_under_api(
    schema: dict[str, Any], api_as: Callable[[User], APIClient], world: World, path: str
) -> None:
    response: Any = api_as(world.users[Role.EMPLOYER]).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body == {"message": "Niet gevonden.", "code": "not_found", "fields": {}}
    jsonschema.Draft4Validator({"$ref": "#/components/schemas/Error", "components": schema["components"]}).validate(
        body
    )


def test_a_page_no_route_matches_is_still_the_dutch_page(api_client: APIClient) -> None:
    response: Any = api_client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet, of u hebt er geen toegang toe." in response.content.decode()


# --------------------------------------------------------------------------------------------------
# Errors Django or Python raise outside DRF's exception handler answer the same body under /api/.

TOKEN = "/api/v1/auth/token/"
DEEP_JSON_MESSAGE = "De JSON is te diep genest: hoogstens 32 niveaus."


def assert_error_body(schema: dict[str, Any], response: Any, status: int, code: str, message: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body == {"message": message, "code": code, "fields": {}}
    jsonschema.Draft4Validator({"$ref": "#/components/schemas/Error", "components": schema["components"]}).validate(
        body
    )


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,  # the probe's: Python's json module runs out of stack (RecursionError, a 500 before)
        '{"email": ' + "[" * 40 + "]" * 40 + ', "password": "x"}',  # parses, but nests deeper than any input
    ],
    ids=["recursion", "deeper-than-the-bound"],
)
def test_deeply_nested_json_is_a_400_in_the_error_format(schema: dict[str, Any], body: str) -> None:
    client = APIClient(raise_request_exception=False)
    response: Any = client.post(TOKEN, data=body, content_type="application/json")

    assert_error_body(schema, response, 400, "parse_error", DEEP_JSON_MESSAGE)


def test_json_at_a_sane_depth_reaches_the_serializer(api_client: APIClient) -> None:
    body = {"email": "a@example.nl", "password": "x", "extra": [[[[{"a": [1]}]]]]}
    response: Any = api_client.post(TOKEN, body, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert "extra" in response.json()["fields"]


def test_a_body_over_djangos_memory_limit_is_a_413_in_the_error_format(schema: dict[str, Any]) -> None:
    # Within REQUEST_BODY_MAX_MB, but over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): Django raises RequestDataTooBig,
    # which answered Django's HTML "Bad Request (400)".
    client = APIClient(raise_request_exception=False)
    body = '{"email": "' + "x" * (3 * 1024 * 1024) + '", "password": "x"}'
    response: Any = client.post(TOKEN, data=body, content_type="application/json")

    assert_error_body(schema, response, 413, "request_too_large", "Het verzoek is te groot om te verwerken.")


def test_a_suspicious_request_is_a_400_in_the_error_format(schema: dict[str, Any]) -> None:
    # A Host outside ALLOWED_HOSTS raises DisallowedHost, a SuspiciousOperation: Django answers handler400.
    client = APIClient(raise_request_exception=False)
    response: Any = client.get("/api/v1/employees/", HTTP_HOST="evil.example")

    assert_error_body(schema, response, 400, "bad_request", "De invoer is niet geldig.")


def test_a_crash_is_a_500_in_the_error_format(schema: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from verzuim import api

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(api.TokenObtainApi, "post", crash)
    client = APIClient(raise_request_exception=False)
    response: Any = client.post(TOKEN, {"email": "a@example.nl", "password": "x"}, format="json")

    message = "Er is een storing opgetreden. Probeer het over een paar minuten opnieuw."
    assert_error_body(schema, response, 500, "server_error", message)


def test_a_permission_denied_outside_drf_is_a_403_in_the_error_format(schema: dict[str, Any]) -> None:
    from django.test import RequestFactory

    from verzuim.site import urls
    from verzuim.views_errors import permission_denied

    assert urls.handler403 == "verzuim.views_errors.permission_denied"
    response = permission_denied(RequestFactory().get("/api/v1/employees/"), PermissionDenied())

    assert_error_body(schema, response, 403, "permission_denied", "U mag deze handeling niet uitvoeren.")


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [("/bestaat-niet/", 500, "Er is een storing opgetreden."), ("/inloggen/", 400, "Bad Request")],
)
def test_pages_keep_their_html_error_pages(monkeypatch: pytest.MonkeyPatch, path: str, status: int, text: str) -> None:
    from django.test import Client

    from verzuim import views_errors

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    # A path no route matches crashes the 404 handler's page.
    monkeypatch.setattr(views_errors.defaults, "page_not_found", crash)
    client = Client(raise_request_exception=False)
    headers = {"HTTP_HOST": "evil.example"} if status == 400 else {}
    response: Any = client.get(path, **headers)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert text in response.content.decode()
