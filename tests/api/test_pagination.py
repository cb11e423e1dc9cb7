"""Every API list is paged (issue 23 item 4, docs/api.md "Paging", verzuim/api_pagination.py): `?limit=`, a signed
cursor in `Link: <...>; rel="next"`, the body a JSON array; stable under inserts; bad input a 400, never a 500."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from cases.interventions import services as services_interventions
from cases.medical import services as services_medical
from cases.medical.messages import physician_message_send
from cases.messages.services import message_send
from premiums import services as premium_services
from premiums.claims import services as services_claims
from premiums.models import Policy
from tests.api.world import TODAY, World, seed_world
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim import webhooks
from verzuim.api_keys import api_key_create
from verzuim.api_pagination import DEFAULT_LIMIT, MAX_LIMIT, SALT
from verzuim.models import Employee, Employer, Role, User, WebhookSubscription

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
LINK = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def next_url(response: Any) -> str | None:
    """The URL of the Link header's rel="next", or None when there is no Link header."""
    header = response.headers.get("Link")
    if header is None:
        return None
    match = LINK.match(header)
    assert match, header
    return match["url"]


def walk(client: APIClient, url: str) -> tuple[list[dict[str, Any]], int]:
    """Every row of a list, page after page by the Link header; and how many pages that took."""
    rows: list[dict[str, Any]] = []
    pages = 0
    next_page: str | None = url
    while next_page is not None:
        response = client.get(next_page)
        assert response.status_code == 200, response.content
        body = response.json()
        assert isinstance(body, list)
        rows += body
        pages += 1
        next_page = next_url(response)
        assert pages < 100, "the pages never end"
    return rows, pages


@pytest.fixture
def insurer(make_user: Callable[..., User]) -> User:
    return make_user(Role.INSURER)


@pytest.fixture
def employer() -> Employer:
    return EmployerFactory()


def employees(employer: Employer, count: int) -> list[Employee]:
    """`count` employees, each created a microsecond after the one before (the list's order is creation)."""
    start = timezone.now() - dt.timedelta(days=1)
    made = []
    for index in range(count):
        made.append(EmployeeFactory(employer=employer, created_at=start + dt.timedelta(microseconds=index)))
    return made


def test_walking_every_page_gives_every_row_once_in_order(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    made = employees(employer, 7)

    rows, pages = walk(api_as(insurer), f"/api/v1/employees/?employer={employer.pk}&limit=3")

    assert [row["id"] for row in rows] == [str(employee.pk) for employee in made]
    assert pages == 3


def test_the_next_link_is_absolute_and_keeps_the_filters(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    employees(employer, 3)

    response = api_as(insurer).get(f"/api/v1/employees/?employer={employer.pk}&limit=2&search=")
    url = next_url(response)

    assert url is not None
    assert url.startswith("http://testserver/api/v1/employees/?")
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert query["employer"] == [str(employer.pk)]
    assert query["limit"] == ["2"]
    assert query["cursor"]


def test_the_last_page_has_no_link(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    employees(employer, 4)
    client = api_as(insurer)

    exact = client.get(f"/api/v1/employees/?employer={employer.pk}&limit=4")
    second = client.get(next_url(client.get(f"/api/v1/employees/?employer={employer.pk}&limit=3")) or "")

    assert len(exact.json()) == 4
    assert "Link" not in exact.headers
    assert len(second.json()) == 1
    assert "Link" not in second.headers


def test_an_empty_list_is_an_empty_array_without_link(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    response = api_as(insurer).get(f"/api/v1/employees/?employer={employer.pk}")

    assert response.status_code == 200
    assert response.json() == []
    assert "Link" not in response.headers


def test_rows_inserted_while_paging_neither_repeat_nor_hide_the_rows_after_the_cursor(
    api_as: ApiAs, insurer: User, employer: Employer
) -> None:
    made = employees(employer, 6)
    client = api_as(insurer)
    first = client.get(f"/api/v1/employees/?employer={employer.pk}&limit=3")
    # While the client reads page one: one employee sorts before the cursor, one between the pages, one at the end.
    before = EmployeeFactory(employer=employer, created_at=made[0].created_at - dt.timedelta(seconds=1))
    between = EmployeeFactory(employer=employer, created_at=made[2].created_at, id=_uuid_after(made[2].pk))
    last = EmployeeFactory(employer=employer, created_at=timezone.now())
    rest, _pages = walk(client, next_url(first) or "")

    seen = [row["id"] for row in first.json() + rest]
    assert len(seen) == len(set(seen))
    assert seen == [str(e.pk) for e in made[:3]] + [str(between.pk)] + [str(e.pk) for e in made[3:]] + [str(last.pk)]
    assert str(before.pk) not in seen  # it sorts before the cursor: the client asked for what comes after it


def _uuid_after(value: Any) -> Any:
    """A UUID that sorts after `value` in PostgreSQL (bytewise): the same creation moment, a larger id."""
    return uuid.UUID(int=value.int + 1)


def test_rows_inserted_while_paging_a_newest_first_list_are_not_repeated(api_as: ApiAs) -> None:
    world = seed_world()
    case = world.case
    casemanager = world.users[Role.CASEMANAGER]
    for _ in range(3):
        _intervention(casemanager, case)
    client = api_as(world.users[Role.INSURER])
    url = f"/api/v1/absences/{case.pk}/interventions/?limit=2"
    full = [row["id"] for row in client.get(f"/api/v1/absences/{case.pk}/interventions/").json()]
    first = client.get(url)
    newest = _intervention(casemanager, case)  # sorts first: before the cursor of a newest-first list
    rest, _pages = walk(client, next_url(first) or "")

    seen = [row["id"] for row in first.json() + rest]
    assert seen == full
    assert str(newest.pk) not in seen


def _intervention(casemanager: User, case: Any) -> Any:
    return services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="fysiotherapie", cost=Decimal("100.00"), advised_by="physician"
    )


def test_limit_defaults_to_100(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    employees(employer, DEFAULT_LIMIT + 1)

    response = api_as(insurer).get(f"/api/v1/employees/?employer={employer.pk}")

    assert len(response.json()) == 100
    assert next_url(response) is not None


def test_limit_of_1000_is_accepted(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    employees(employer, 2)

    response = api_as(insurer).get(f"/api/v1/employees/?employer={employer.pk}&limit={MAX_LIMIT}")

    assert response.status_code == 200
    assert len(response.json()) == 2


@pytest.mark.parametrize("limit", ["1001", "0", "-1", "abc", "1.5", "²", "%00", "100000000000000000000000"])
def test_a_limit_outside_1_to_1000_is_refused_in_dutch(api_as: ApiAs, insurer: User, limit: str) -> None:
    response = api_as(insurer).get(f"/api/v1/employees/?limit={limit}")

    assert response.status_code == 400
    assert response.json() == {
        "message": "De invoer is niet geldig.",
        "code": "invalid",
        "fields": {"limit": ["Geef een limit op van 1 tot en met 1.000."]},
    }


CURSOR_ERROR = {
    "message": "De invoer is niet geldig.",
    "code": "invalid",
    "fields": {"cursor": ["Deze cursor is ongeldig. Gebruik de link uit de Link-header van de vorige pagina."]},
}


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "%00",
        signing.dumps({"list": "employees", "key": ["2026-01-01T00:00:00+00:00", "x"]}, salt="another salt"),
        signing.dumps({"list": "absences", "key": ["2026-01-01T00:00:00+00:00", "x"]}, salt=SALT),  # another list
        signing.dumps({"list": "employees", "key": ["2026-01-01T00:00:00+00:00"]}, salt=SALT),  # too short
        signing.dumps({"list": "employees", "key": ["not a moment", "not a uuid"]}, salt=SALT),
        signing.dumps(["employees"], salt=SALT),
    ],
    ids=["garbage", "nul", "other-salt", "other-list", "short-key", "bad-values", "not-a-dict"],
)
def test_a_forged_or_foreign_cursor_is_refused_in_dutch(api_as: ApiAs, insurer: User, cursor: str) -> None:
    response = api_as(insurer).get(f"/api/v1/employees/?cursor={cursor}")

    assert response.status_code == 400
    assert response.json() == CURSOR_ERROR


def test_a_changed_cursor_is_refused(api_as: ApiAs, insurer: User, employer: Employer) -> None:
    employees(employer, 3)
    client = api_as(insurer)
    url = next_url(client.get(f"/api/v1/employees/?employer={employer.pk}&limit=1")) or ""
    cursor = parse_qs(urlsplit(url).query)["cursor"][0]
    changed = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")

    response = client.get(f"/api/v1/employees/?employer={employer.pk}&limit=1&cursor={changed}")

    assert response.status_code == 400
    assert response.json() == CURSOR_ERROR


def test_a_cursor_of_a_python_built_list_is_checked_too(api_as: ApiAs, insurer: User) -> None:
    response = api_as(insurer).get("/api/v1/professionals/?cursor=abc")

    assert response.status_code == 400
    assert response.json() == CURSOR_ERROR


@pytest.fixture
def full_world() -> World:
    """The sweeping world, with at least two rows in every list the API has."""
    world = seed_world()
    case = world.case
    casemanager = world.users[Role.CASEMANAGER]
    physician = world.users[Role.OCCUPATIONAL_PHYSICIAN]
    insurer = world.users[Role.INSURER]
    make_case(employer=case.employer, reported_by=world.users[Role.EMPLOYER], first_sick_day=dt.date(2026, 3, 2))
    _intervention(casemanager, case)
    for day in (dt.date(2026, 1, 12), dt.date(2026, 1, 19)):
        services_medical.functional_assessment_record(
            physician=physician,
            case=case,
            assessed_on=day,
            functional_limitations="Niet tillen.",
            incapacity_pct=50,
            today=TODAY,
        )
        services_medical.medical_note_add(physician=physician, case=case, consulted_on=day, consultation_note="Gezien.")
    services_claims.claim_create(
        created_by=insurer, case=case, period_start=dt.date(2026, 3, 2), period_end=dt.date(2026, 3, 27), today=TODAY
    )
    policy = Policy.objects.get(employer=case.employer)
    premium_services.premium_calculate(calculated_by=insurer, policy=policy, year=2026, today=TODAY)
    # Written by the reader itself: reading marks other parties' messages read, which would change read_by between
    # the whole list and the walked pages.
    for text in ("Eerste bericht", "Tweede bericht"):
        message_send(sent_by=casemanager, case=case, text=text)
        physician_message_send(sent_by=physician, case=case, text=text)
    # Two event subscriptions, and two events for the first (its deliveries).
    employer_user = world.users[Role.EMPLOYER]
    for url in ("https://hr.example.nl/a", "https://hr.example.nl/b"):
        webhooks.webhook_subscribe(
            created_by=employer_user, employer=case.employer, url=url, secret="x" * 20, events=["absence.reported"]
        )
    for day in (dt.date(2026, 3, 9), dt.date(2026, 3, 10)):
        make_case(employer=case.employer, reported_by=employer_user, first_sick_day=day)
    api_key_create(created_by=insurer, employer=case.employer, name="HR-systeem", scopes=["roster:read"])
    return world


def _url(path: str, world: World) -> str:
    subscription = WebhookSubscription.objects.filter(employer=world.case.employer).order_by("created_at").first()
    return path.format(case=world.case.pk, subscription=subscription.pk if subscription else "")


# Every list endpoint of the API (a GET answering a JSON array), with a role that sees its rows.
LISTS = [
    ("/api/v1/employees/", Role.INSURER),
    ("/api/v1/absences/", Role.INSURER),
    ("/api/v1/absences/{case}/steps/", Role.CASEMANAGER),
    ("/api/v1/absences/{case}/functional-assessments/", Role.CASEMANAGER),
    ("/api/v1/absences/{case}/medical-notes/", Role.OCCUPATIONAL_PHYSICIAN),
    ("/api/v1/absences/{case}/interventions/", Role.INSURER),
    ("/api/v1/absences/{case}/claims/", Role.INSURER),
    ("/api/v1/claims/", Role.INSURER),
    ("/api/v1/premiums/calculations/", Role.INSURER),
    ("/api/v1/professionals/", Role.INSURER),
    ("/api/v1/absences/{case}/messages/", Role.CASEMANAGER),
    ("/api/v1/absences/{case}/physician-messages/", Role.OCCUPATIONAL_PHYSICIAN),
    ("/api/v1/webhooks/", Role.INSURER),
    ("/api/v1/webhooks/{subscription}/deliveries/", Role.INSURER),
    ("/api/v1/api-keys/", Role.INSURER),
]


@pytest.mark.parametrize(("path", "role"), LISTS)
def test_every_list_pages_in_its_own_order(api_as: ApiAs, full_world: World, path: str, role: Role) -> None:
    client = api_as(full_world.users[role])
    url = _url(path, full_world)
    whole = client.get(f"{url}?limit={MAX_LIMIT}")
    assert whole.status_code == 200
    assert "Link" not in whole.headers
    expected = whole.json()
    assert len(expected) >= 2

    first = client.get(f"{url}?limit=1")
    rows, pages = walk(client, f"{url}?limit=1")

    assert len(first.json()) == 1
    assert next_url(first) is not None
    assert rows == expected
    assert pages == len(expected)
    assert client.get(f"{url}?limit=1001").status_code == 400
    assert client.get(f"{url}?cursor=abc").status_code == 400


def test_every_list_of_the_schema_is_in_the_parametrized_test() -> None:
    """A new list endpoint must be paged and added to LISTS: every GET answering an array has `limit`."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists = set()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        content = get["responses"].get("200", {}).get("content", {}).get("application/json", {})
        if content.get("schema", {}).get("type") == "array":
            lists.add(path)
            names = {parameter["name"] for parameter in get.get("parameters", [])}
            assert {"limit", "cursor"} <= names, path
            assert "Link" in get["responses"]["200"].get("headers", {}), path

    assert lists == {
        re.sub(r"\{subscription\}", "{subscription_id}", re.sub(r"\{case\}", "{case_id}", path))
        for path, _role in LISTS
    }


@pytest.mark.parametrize(("path", "role"), [LISTS[1], LISTS[0], LISTS[8]])
def test_a_page_costs_the_same_queries_however_deep_and_however_many_rows(
    api_as: ApiAs, full_world: World, path: str, role: Role
) -> None:
    client = api_as(full_world.users[role])
    url = _url(path, full_world)
    with CaptureQueriesContext(connection) as first:
        response = client.get(f"{url}?limit=1")
    with CaptureQueriesContext(connection) as second:
        client.get(next_url(response) or "")
    # More rows on a page: still the same number of queries.
    with CaptureQueriesContext(connection) as whole:
        client.get(f"{url}?limit={MAX_LIMIT}")

    # The premium calculations' freshness check skips its queries for a page of history only (the second page).
    assert len(second.captured_queries) <= len(first.captured_queries) == len(whole.captured_queries)
