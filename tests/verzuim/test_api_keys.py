"""Machine clients' API keys (issue 23 item 1, verzuim.api_keys): made once, hashed, scoped, per employer,
revoked at once, audited as the key, throttled per key; the Koppelingen pages."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cases.absence import services as absence_services
from tests.cases.factories import own_arbodienst
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim import api_keys
from verzuim.models import ApiKey, AuditLog, Employee, Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
ALL_SCOPES = ["roster:read", "roster:write", "absences:read"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def make_key(user: User, scopes: list[str] | None = None, **extra: Any) -> tuple[ApiKey, str]:
    return api_keys.api_key_create(
        created_by=user,
        employer=extra.pop("employer", None) or user.employer,
        name=extra.pop("name", "Salarispakket"),
        scopes=ALL_SCOPES if scopes is None else scopes,
        **extra,
    )


def as_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def employee_body(**extra: Any) -> dict[str, Any]:
    return {
        "personnel_number": "P-900",
        "first_name": "Sanne",
        "last_name": "Visser",
        "date_of_birth": "1990-04-01",
        "employment_start": "2020-01-01",
        "weekly_hours": "32.00",
        "yearly_wage": "42000.00",
        "contract_type": "permanent",
        **extra,
    }


# --- Making, listing, revoking through the API ----------------------------------------------------------------


def test_the_key_is_answered_once_and_stored_only_as_its_hash(api_as: ApiAs, employer_user: User) -> None:
    client = api_as(employer_user)
    response = client.post("/api/v1/api-keys/", {"name": "Loket", "scopes": ["absences:read"]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    key = body["key"]
    assert key.startswith(f"vzk_{body['prefix']}_")
    assert len(key) > 50
    assert response["Cache-Control"] == "no-store"
    stored = ApiKey.objects.get(pk=body["id"])
    assert stored.secret_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiKey.objects.filter(pk=stored.pk).values().get())
    assert stored.employer_id == employer_user.employer_id
    listed = client.get("/api/v1/api-keys/").json()
    assert [row["id"] for row in listed] == [body["id"]]
    assert "key" not in listed[0]
    assert listed[0]["scopes"] == ["absences:read"]
    assert "key" not in client.get(f"/api/v1/api-keys/{body['id']}/").json()
    assert AuditLog.objects.filter(object_type="api_key", object_id=body["id"], actor=employer_user).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scopes": ["absences:read"]}, "name"),
        ({"name": "X", "scopes": []}, "scopes"),
        ({"name": "X", "scopes": ["diagnosis:read"]}, "scopes"),
        ({"name": "X", "scopes": ["absences:read"], "expires_at": "2000-01-01T00:00:00Z"}, "expires_at"),
        ({"name": "X", "scopes": ["absences:read"], "secret": "mine"}, "secret"),
        ({"name": "   ", "scopes": ["absences:read"]}, "name"),
    ],
)
def test_bad_input_is_400_at_the_field(api_as: ApiAs, employer_user: User, body: dict[str, Any], field: str) -> None:
    response = api_as(employer_user).post("/api/v1/api-keys/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]


def test_insurer_staff_make_keys_for_any_employer_and_must_name_it(api_as: ApiAs, make_user: Any) -> None:
    insurer = make_user(Role.INSURER)
    employer = EmployerFactory()
    client = api_as(insurer)
    missing = client.post("/api/v1/api-keys/", {"name": "HR", "scopes": ["roster:read"]}, format="json")
    assert missing.status_code == 400
    assert "employer" in missing.json()["fields"]
    made = client.post(
        "/api/v1/api-keys/", {"name": "HR", "scopes": ["roster:read"], "employer": str(employer.pk)}, format="json"
    )
    assert made.status_code == 201
    assert made.json()["employer"] == str(employer.pk)
    assert [row["id"] for row in client.get(f"/api/v1/api-keys/?employer={employer.pk}").json()] == [made.json()["id"]]


def test_an_employer_user_cannot_make_see_or_revoke_another_employers_keys(
    api_as: ApiAs, employer_user: User, other_employer_user: User
) -> None:
    other_key, _secret = make_key(other_employer_user)
    client = api_as(employer_user)
    made = client.post(
        "/api/v1/api-keys/",
        {"name": "X", "scopes": ["roster:read"], "employer": str(other_employer_user.employer_id)},
        format="json",
    )
    assert made.status_code == 400
    assert "employer" in made.json()["fields"]
    assert client.get("/api/v1/api-keys/").json() == []
    assert client.get(f"/api/v1/api-keys/{other_key.pk}/").status_code == 404
    assert client.delete(f"/api/v1/api-keys/{other_key.pk}/").status_code == 404
    other_key.refresh_from_db()
    assert other_key.revoked_at is None


def test_roles_without_keys_get_403(api_as: ApiAs, make_user: Any) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    response = api_as(casemanager).get("/api/v1/api-keys/")
    assert response.status_code == 403


# --- Calling with a key ---------------------------------------------------------------------------------------


def test_a_revoked_key_answers_401_at_once(api_as: ApiAs, employer_user: User) -> None:
    api_key, key = make_key(employer_user)
    machine = as_key(key)
    assert machine.get("/api/v1/employees/").status_code == 200
    assert api_as(employer_user).delete(f"/api/v1/api-keys/{api_key.pk}/").status_code == 204
    response = machine.get("/api/v1/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "api_key_revoked"
    # Revoking again changes nothing and still answers 204.
    assert api_as(employer_user).delete(f"/api/v1/api-keys/{api_key.pk}/").status_code == 204


def test_an_expired_a_wrong_and_a_malformed_key_answer_401(employer_user: User) -> None:
    api_key, key = make_key(employer_user, expires_at=timezone.now() + dt.timedelta(hours=1))
    ApiKey.objects.filter(pk=api_key.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert as_key(key).get("/api/v1/employees/").json()["code"] == "api_key_expired"
    wrong = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    for bad in (wrong, "vzk_", "nonsense", "vzk_abc_def", "vzk_" + api_key.prefix + "_"):
        response = as_key(bad).get("/api/v1/employees/")
        assert response.status_code == 401, bad
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Api-Key two parts")
    assert client.get("/api/v1/employees/").status_code == 401


def test_a_key_without_the_scope_gets_403(employer_user: User) -> None:
    _api_key, key = make_key(employer_user, scopes=["absences:read"])
    machine = as_key(key)
    assert machine.get("/api/v1/absences/").status_code == 200
    response = machine.get("/api/v1/employees/")
    assert response.status_code == 403
    assert response.json()["code"] == "api_key_scope_missing"
    assert machine.post("/api/v1/employees/", employee_body(), format="json").status_code == 403


def test_endpoints_no_scope_covers_answer_a_key_403(employer_user: User) -> None:
    _api_key, key = make_key(employer_user)
    machine = as_key(key)
    for method, path in [
        ("get", "/api/v1/api-keys/"),
        ("post", "/api/v1/api-keys/"),
        ("get", "/api/v1/premiums/calculations/"),
        ("post", "/api/v1/absences/"),
    ]:
        response = getattr(machine, method)(path, {}, format="json") if method == "post" else machine.get(path)
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["code"] == "api_key_not_allowed"


def test_a_key_sees_exactly_its_employer_and_writes_there(employer_user: User, other_employer_user: User) -> None:
    mine = EmployeeFactory(employer=employer_user.employer)
    theirs = EmployeeFactory(employer=other_employer_user.employer)
    api_key, key = make_key(employer_user)
    machine = as_key(key)
    listed = machine.get("/api/v1/employees/").json()
    assert [row["id"] for row in listed] == [str(mine.pk)]
    assert machine.get(f"/api/v1/employees/{mine.pk}/").status_code == 200
    assert machine.get(f"/api/v1/employees/{theirs.pk}/").status_code == 404
    assert machine.get(f"/api/v1/employees/?employer={other_employer_user.employer_id}").json() == []
    into_other = machine.post(
        "/api/v1/employees/", employee_body(employer=str(other_employer_user.employer_id)), format="json"
    )
    assert into_other.status_code == 400
    made = machine.post("/api/v1/employees/", employee_body(), format="json")
    assert made.status_code == 201, made.json()
    assert Employee.objects.get(pk=made.json()["id"]).employer_id == employer_user.employer_id
    rows = AuditLog.objects.filter(api_key=api_key)
    assert rows.filter(action="create", object_type="employee", object_id=made.json()["id"]).exists()
    assert rows.filter(action="list", object_type="employee").exists()
    assert not rows.exclude(actor=None).exists()
    assert not AuditLog.objects.filter(actor=employer_user, object_type="employee").exists()


def test_a_key_reads_only_its_employers_absences(employer_user: User, other_employer_user: User) -> None:
    own_arbodienst(employer_user.employer)
    own_arbodienst(other_employer_user.employer)
    today = timezone.localdate()
    mine, _new = absence_services.case_report_sickness(
        reported_by=employer_user,
        employee=EmployeeFactory(employer=employer_user.employer),
        first_sick_day=today,
    )
    theirs, _new = absence_services.case_report_sickness(
        reported_by=other_employer_user,
        employee=EmployeeFactory(employer=other_employer_user.employer),
        first_sick_day=today,
    )
    api_key, key = make_key(employer_user, scopes=["absences:read"])
    machine = as_key(key)
    assert [row["id"] for row in machine.get("/api/v1/absences/").json()] == [str(mine.pk)]
    assert machine.get(f"/api/v1/absences/{mine.pk}/").status_code == 200
    assert machine.get(f"/api/v1/absences/{theirs.pk}/").status_code == 404
    assert machine.get(f"/api/v1/absences/{mine.pk}/steps/").status_code == 403
    assert AuditLog.objects.filter(api_key=api_key, object_id=str(mine.pk)).exists()


def test_last_use_is_written_at_most_once_a_minute(employer_user: User, django_assert_num_queries: Any) -> None:
    api_key, key = make_key(employer_user)
    assert api_key.last_used_at is None
    as_key(key).get("/api/v1/employees/")
    api_key.refresh_from_db()
    first = api_key.last_used_at
    assert first is not None
    as_key(key).get("/api/v1/employees/")
    api_key.refresh_from_db()
    assert api_key.last_used_at == first
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    as_key(key).get("/api/v1/employees/")
    api_key.refresh_from_db()
    assert api_key.last_used_at > first


def test_keys_are_throttled_per_key(employer_user: User, settings: Any) -> None:
    settings.API_KEY_RATE = "3/min"
    _one, first = make_key(employer_user)
    _two, second = make_key(employer_user, name="Tweede")
    answers = [as_key(first).get("/api/v1/employees/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert as_key(second).get("/api/v1/employees/").status_code == 200
    # A user's token is not counted by the key's throttle.
    token_client = APIClient()
    from rest_framework.authtoken.models import Token

    token_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=employer_user).key}")
    assert all(token_client.get("/api/v1/employees/").status_code == 200 for _ in range(5))


def test_a_key_keeps_working_after_its_maker_leaves(api_as: ApiAs, employer_user: User) -> None:
    """The key is the employer's integration, not the person's: it ends when revoked or expired."""
    _api_key, key = make_key(employer_user)
    employer_user.is_active = False
    employer_user.save()
    assert as_key(key).get("/api/v1/employees/").status_code == 200


# --- The Koppelingen pages -------------------------------------------------------------------------------------


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_employer_makes_a_key_on_the_page_and_sees_it_once(employer_user: User) -> None:
    client = login(employer_user)
    page = client.get("/koppelingen/")
    assert page.status_code == 200
    assert "Nieuwe API-sleutel" in page.content.decode()
    made = client.post("/koppelingen/", {"name": "Nmbrs", "scopes": ["roster:read", "absences:read"], "expires_on": ""})
    assert made.status_code == 200
    text = made.content.decode()
    api_key = ApiKey.objects.get(employer=employer_user.employer)
    assert "Kopieer de sleutel nu" in text
    assert f"vzk_{api_key.prefix}_" in text
    assert "no-store" in made["Cache-Control"] or "no-cache" in made["Cache-Control"]
    listing = client.get("/koppelingen/").content.decode()
    assert "Nmbrs" in listing
    assert "Werknemers lezen, Verzuim lezen" in listing
    assert "Nog niet" in listing
    assert f"vzk_{api_key.prefix}_" not in listing.replace(f"vzk_{api_key.prefix}</code>", "")


def test_the_page_refuses_bad_input_in_dutch(employer_user: User) -> None:
    client = login(employer_user)
    response = client.post("/koppelingen/", {"name": "", "expires_on": "01-01-2000"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dit veld is vereist." in text
    assert "Kies vandaag of een latere datum." in text
    assert not ApiKey.objects.exists()


def test_expiry_date_means_through_that_day_dutch_time(employer_user: User) -> None:
    client = login(employer_user)
    day = timezone.localdate() + dt.timedelta(days=10)
    client.post("/koppelingen/", {"name": "HR", "scopes": ["roster:read"], "expires_on": day.isoformat()})
    expires = timezone.localtime(ApiKey.objects.get().expires_at)
    assert (expires.date(), expires.hour, expires.minute) == (day + dt.timedelta(days=1), 0, 0)


def test_revoking_on_the_page(employer_user: User, other_employer_user: User) -> None:
    api_key, key = make_key(employer_user)
    theirs, _secret = make_key(other_employer_user)
    client = login(employer_user)
    assert client.get(f"/koppelingen/{theirs.pk}/intrekken/").status_code == 404
    assert client.post(f"/koppelingen/{theirs.pk}/intrekken/").status_code == 404
    assert client.get(f"/koppelingen/{api_key.pk}/intrekken/").status_code == 200
    response = client.post(f"/koppelingen/{api_key.pk}/intrekken/")
    assert response.status_code == 302
    assert as_key(key).get("/api/v1/employees/").status_code == 401
    assert "Ingetrokken op" in client.get("/koppelingen/").content.decode()


def test_insurer_staff_pick_the_employer_on_the_page(make_user: Any, staff_login: Any) -> None:
    insurer = make_user(Role.INSURER)
    employer = EmployerFactory()
    client = staff_login(insurer)
    assert 'name="employer"' in client.get("/koppelingen/").content.decode()
    response = client.post("/koppelingen/", {"employer": str(employer.pk), "name": "HR", "scopes": ["roster:read"]})
    assert response.status_code == 200
    assert ApiKey.objects.get().employer == employer
