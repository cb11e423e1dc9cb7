"""The roster sync (issue 23 item 2): PUT/PATCH /api/v1/employers/{id}/roster/, the file import, the sync log page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory
from tests.verzuim.test_employee_import import CONFIRM_URL, HEADER, csv_bytes, token_of, upload
from verzuim.forms import EMPLOYEE_FIELDS
from verzuim.models import AuditAction, AuditLog, Employee, Employer, Role, RosterSync, User
from verzuim.roster import MAX_ROSTER_ROWS

pytestmark = pytest.mark.django_db

LOG_URL = "/werknemers/synchronisaties/"


def person(number: str, **changes: Any) -> dict[str, Any]:
    return {
        "personnel_number": number,
        "first_name": "Anna",
        "last_name": f"de Vries {number}",
        "date_of_birth": "1985-06-15",
        "employment_start": "2020-01-01",
        "weekly_hours": "36.00",
        "yearly_wage": "42000.00",
        "contract_type": "permanent",
        **changes,
    }


def url(employer: Employer, *, dry_run: bool = False) -> str:
    return f"/api/v1/employers/{employer.pk}/roster/" + ("?dry_run=true" if dry_run else "")


def counts(response: Any) -> tuple[int, int, int]:
    body = response.json()
    return body["created"], body["changed"], body["unchanged"]


@pytest.fixture
def as_employer(api_as: Callable[[User], Any], employer_user: User) -> Any:
    return api_as(employer_user)


def test_the_same_roster_three_times_creates_once_and_then_changes_nothing(
    as_employer: Any, employer_user: User
) -> None:
    roster = {"employees": [person("1001"), person("1002"), person("1003")]}
    first = as_employer.put(url(employer_user.employer), roster, format="json")
    assert first.status_code == 200, first.content
    assert counts(first) == (3, 0, 0)
    audited = AuditLog.objects.count()
    for _ in range(2):
        again = as_employer.put(url(employer_user.employer), roster, format="json")
        assert again.status_code == 200
        assert counts(again) == (0, 0, 3)
        assert again.json()["missing"] == []
    assert Employee.objects.filter(employer=employer_user.employer).count() == 3
    assert RosterSync.objects.filter(employer=employer_user.employer).count() == 3
    # Unchanged rows are neither written nor audited: each repeat adds only its own import row.
    assert AuditLog.objects.count() == audited + 2
    assert not AuditLog.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_changed_field_is_updated_and_audited(as_employer: Any, employer_user: User) -> None:
    employee = EmployeeFactory(employer=employer_user.employer, personnel_number="1001", first_name="Anna")
    response = as_employer.patch(
        url(employer_user.employer),
        {"employees": [person("1001", first_name="Anne", last_name=employee.last_name)]},
        format="json",
    )
    assert response.status_code == 200
    assert counts(response) == (0, 1, 0)
    employee.refresh_from_db()
    assert employee.first_name == "Anne"
    audit = AuditLog.objects.get(action=AuditAction.UPDATE, object_id=str(employee.pk))
    assert audit.changes["first_name"] == ["Anna", "Anne"]


def test_a_full_roster_reports_the_missing_and_ends_nothing_unless_asked(as_employer: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, personnel_number="1001")
    gone = EmployeeFactory(employer=employer_user.employer, personnel_number="2002")
    EmployeeFactory(employer=employer_user.employer, personnel_number="3003", employment_end=dt.date(2023, 1, 1))
    response = as_employer.put(url(employer_user.employer), {"employees": [person("1001")]}, format="json")
    assert response.status_code == 200
    assert response.json()["missing"] == ["2002"]  # 3003 left in 2023: not missing
    gone.refresh_from_db()
    assert gone.employment_end is None


def test_a_missing_employee_with_an_open_case_is_a_conflict_and_keeps_the_employment(
    as_employer: Any, employer_user: User
) -> None:
    employer = employer_user.employer
    EmployeeFactory(employer=employer, personnel_number="1001")
    sick = EmployeeFactory(employer=employer, personnel_number="2002")
    make_case(employee=sick)
    leaver = EmployeeFactory(employer=employer, personnel_number="3003")
    end = timezone.localdate() + dt.timedelta(days=10)
    response = as_employer.put(
        url(employer),
        {"employees": [person("1001")], "missing": "end_employment", "end_date": end.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["missing"] == ["2002", "3003"]
    assert body["ended"] == 1
    assert [(c["personnel_number"], c["code"]) for c in body["conflicts"]] == [("2002", "open_case")]
    assert "lopende verzuimmelding" in body["conflicts"][0]["message"]
    sick.refresh_from_db()
    leaver.refresh_from_db()
    assert sick.employment_end is None
    assert leaver.employment_end == end
    sync = RosterSync.objects.get(pk=body["sync_id"])
    assert sync.conflicts == body["conflicts"]


def test_only_the_open_case_blocks_the_end_even_when_it_is_the_only_one_missing(
    as_employer: Any, employer_user: User
) -> None:
    employer = employer_user.employer
    EmployeeFactory(employer=employer, personnel_number="1001")
    sick = EmployeeFactory(employer=employer, personnel_number="2002")
    make_case(employee=sick)
    body = {"employees": [person("1001")], "missing": "end_employment", "end_date": "2026-12-31"}
    response = as_employer.put(url(employer), body, format="json")
    assert response.json()["ended"] == 0
    assert response.json()["conflicts"][0]["code"] == "open_case"
    sick.refresh_from_db()
    assert sick.employment_end is None


def test_an_end_date_before_the_start_is_a_conflict(as_employer: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, personnel_number="1001")
    late = EmployeeFactory(
        employer=employer_user.employer, personnel_number="2002", employment_start=dt.date(2026, 1, 1)
    )
    body = {"employees": [person("1001")], "missing": "end_employment", "end_date": "2025-06-30"}
    response = as_employer.put(url(employer_user.employer), body, format="json")
    assert response.status_code == 200
    assert response.json()["conflicts"][0]["code"] == "end_before_start"
    late.refresh_from_db()
    assert late.employment_end is None


def test_end_employment_needs_an_end_date_and_a_full_roster(as_employer: Any, employer_user: User) -> None:
    response = as_employer.put(
        url(employer_user.employer), {"employees": [person("1001")], "missing": "end_employment"}, format="json"
    )
    assert response.status_code == 400
    assert "end_date" in response.json()["fields"]
    response = as_employer.patch(
        url(employer_user.employer),
        {"employees": [person("1001")], "missing": "end_employment", "end_date": "2026-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "missing" in response.json()["fields"]
    response = as_employer.put(
        url(employer_user.employer),
        {"employees": [person("1001")], "missing": "end_employment", "end_date": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "end_date" in response.json()["fields"]
    assert not Employee.objects.exists()


def test_a_roster_with_bad_rows_writes_nothing_and_lists_every_error(as_employer: Any, employer_user: User) -> None:
    existing = EmployeeFactory(employer=employer_user.employer, personnel_number="1001", first_name="Anna")
    roster = {
        "employees": [
            person("1001", first_name="Anne"),
            person("1002", date_of_birth="1985-13-01"),
            person("1003", weekly_hours="80"),
            person("1004", date_of_birth="2021-01-01"),
            {**person("1005"), "favourite_colour": "blauw"},
            person("1006"),
            person("1006"),
        ]
    }
    response = as_employer.put(url(employer_user.employer), roster, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_roster"
    assert body["message"].startswith("Het werknemersbestand is geweigerd")
    found = {(error["row"], error["field"], error["code"]) for error in body["errors"]}
    assert found == {
        (2, "date_of_birth", "invalid"),
        (3, "weekly_hours", "max_value"),
        (4, "date_of_birth", "invalid"),
        (5, "favourite_colour", "invalid"),
        (6, "personnel_number", "duplicate"),
        (7, "personnel_number", "duplicate"),
    }
    assert all(error["message"] for error in body["errors"])  # Dutch, for people
    assert [error["row"] for error in body["errors"]] == sorted(error["row"] for error in body["errors"])
    assert {row for row, _field, _code in found} == {2, 3, 4, 5, 6, 7}
    existing.refresh_from_db()
    assert existing.first_name == "Anna"
    assert Employee.objects.count() == 1
    sync = RosterSync.objects.get()
    assert sync.refused
    assert sync.errors == body["errors"]
    assert not AuditLog.objects.filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.IMPORT]).exists()


def test_the_dry_run_writes_nothing_and_returns_the_diff(as_employer: Any, employer_user: User) -> None:
    employer = employer_user.employer
    same = EmployeeFactory(employer=employer, personnel_number="1001")
    other = EmployeeFactory(employer=employer, personnel_number="2002", first_name="Bram")
    EmployeeFactory(employer=employer, personnel_number="3003")
    roster = {
        "employees": [
            person("1001", first_name=same.first_name, last_name=same.last_name),
            person("2002", first_name="Bas", last_name=other.last_name),
            person("4004"),
        ],
        "missing": "end_employment",
        "end_date": "2026-12-31",
    }
    response = as_employer.put(url(employer, dry_run=True), roster, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], *counts(response), body["ended"], body["missing"]) == (True, 1, 1, 1, 1, ["3003"])
    assert Employee.objects.filter(employer=employer).count() == 3
    other.refresh_from_db()
    assert other.first_name == "Bram"
    assert not Employee.objects.filter(employment_end__isnull=False).exists()
    assert RosterSync.objects.get().dry_run is True
    assert not AuditLog.objects.filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.IMPORT]).exists()


def test_patch_never_reports_missing(as_employer: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, personnel_number="2002")
    response = as_employer.patch(url(employer_user.employer), {"employees": [person("1001")]}, format="json")
    assert response.status_code == 200
    assert response.json()["missing"] == []
    assert counts(response) == (1, 0, 0)


def test_more_than_the_maximum_of_employees_is_refused(as_employer: Any, employer_user: User) -> None:
    roster = {"employees": [person(str(n)) for n in range(MAX_ROSTER_ROWS + 1)]}
    response = as_employer.put(url(employer_user.employer), roster, format="json")
    assert response.status_code == 400
    assert "employees" in response.json()["fields"]
    assert not Employee.objects.exists()


def test_an_employer_field_of_another_employer_is_a_row_error(as_employer: Any, employer_user: User) -> None:
    other = EmployerFactory()
    response = as_employer.patch(
        url(employer_user.employer), {"employees": [person("1001", employer=str(other.pk))]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "other_employer"


def test_access_own_employer_insurer_any_other_tenant_404(
    api_as: Callable[[User], Any], make_user: Callable[..., User], employer_user: User, other_employer_user: User
) -> None:
    body = {"employees": [person("1001")]}
    assert api_as(other_employer_user).patch(url(employer_user.employer), body, format="json").status_code == 404
    assert api_as(make_user(Role.CASEMANAGER)).patch(url(employer_user.employer), body, format="json").status_code in (
        403,
        404,
    )
    assert api_as(make_user(Role.INSURER)).patch(url(employer_user.employer), body, format="json").status_code == 200
    assert api_as(employer_user).patch("/api/v1/employers/not-a-uuid/roster/", body, format="json").status_code == 404
    assert Client().put(url(employer_user.employer)).status_code == 401


def test_the_query_count_does_not_grow_with_unchanged_rows(as_employer: Any, employer_user: User) -> None:
    def sync_queries(size: int) -> int:
        employer = cast(Employer, EmployerFactory())
        for n in range(size):
            EmployeeFactory(employer=employer, personnel_number=f"{n:04d}", last_name=f"de Vries {n:04d}")
        roster = {"employees": [person(f"{n:04d}") for n in range(size)] + [person("new"), person("new2")]}
        employer_user.employer = employer
        employer_user.save()
        with CaptureQueriesContext(connection) as queries:
            response = as_employer.put(url(employer), roster, format="json")
        assert counts(response) == (2, 0, size)
        return len(queries)

    assert sync_queries(3) == sync_queries(40)


def test_the_file_import_and_the_api_give_the_same_result(
    client: Client, api_as: Callable[[User], Any], employer_user: User, other_employer_user: User
) -> None:
    for employer in (employer_user.employer, other_employer_user.employer):
        EmployeeFactory(employer=employer, personnel_number="1001", first_name="Anna", last_name="Jansen")
    lines = [
        "1001;Anne;Jansen;15-06-1985;01-01-2020;36;42000;vast",
        "1002;Bram;Bakker;01-02-1990;01-02-2021;24,5;30.000,50;tijdelijk",
    ]
    client.force_login(employer_user)
    client.post(CONFIRM_URL, {"token": token_of(upload(client, csv_bytes(HEADER, *lines)))})
    file_sync = RosterSync.objects.get(employer=employer_user.employer)

    api = api_as(other_employer_user).patch(
        url(other_employer_user.employer),
        {
            "employees": [
                person("1001", first_name="Anne", last_name="Jansen"),
                person(
                    "1002",
                    first_name="Bram",
                    last_name="Bakker",
                    date_of_birth="1990-02-01",
                    employment_start="2021-02-01",
                    weekly_hours="24.50",
                    yearly_wage="30000.50",
                    contract_type="temporary",
                ),
            ]
        },
        format="json",
    )
    assert api.status_code == 200
    api_sync = RosterSync.objects.get(employer=other_employer_user.employer)
    assert (file_sync.source, api_sync.source) == ("file", "api")
    assert (file_sync.created, file_sync.changed, file_sync.unchanged) == counts(api) == (1, 1, 0)

    def rows(employer: Employer) -> list[tuple[Any, ...]]:
        return list(
            Employee.objects.filter(employer=employer).order_by("personnel_number").values_list(*EMPLOYEE_FIELDS)
        )

    assert rows(employer_user.employer) == rows(other_employer_user.employer)


def test_the_employer_sees_its_own_sync_log_in_dutch(
    client: Client, api_as: Callable[[User], Any], employer_user: User, other_employer_user: User
) -> None:
    api_as(employer_user).put(url(employer_user.employer), {"employees": [person("1001")]}, format="json")
    api_as(employer_user).put(
        url(employer_user.employer), {"employees": [person("1001", weekly_hours="99")]}, format="json"
    )
    api_as(other_employer_user).put(url(other_employer_user.employer), {"employees": [person("7777")]}, format="json")
    client.force_login(employer_user)
    page = client.get(LOG_URL)
    assert page.status_code == 200
    assertContains(page, "Synchronisaties werknemersbestand")
    assertContains(page, "nieuw: 1, gewijzigd: 0, ongewijzigd: 0, uit dienst gezet: 0")
    assertContains(page, "geweigerd: er is niets opgeslagen")
    assertContains(page, "uren per week")
    assertContains(page, "<code>max_value</code>", html=True)
    assert len(page.context["rows"]) == 2  # not the other employer's
    assertContains(client.get("/werknemers/"), LOG_URL)


def test_insurer_staff_see_every_employers_sync_log_and_others_do_not(
    client: Client,
    api_as: Callable[[User], Any],
    staff_login: Callable[[User], Client],
    make_user: Callable[..., User],
    employer_user: User,
) -> None:
    api_as(employer_user).put(url(employer_user.employer), {"employees": [person("1001")]}, format="json")
    insurer = staff_login(make_user(Role.INSURER))
    assertContains(insurer.get(reverse("dashboard")), f'href="{LOG_URL}"')  # the start page links to the log
    page = insurer.get(LOG_URL)
    assert page.status_code == 200
    assertContains(page, employer_user.employer.name)
    assertNotContains(insurer.get(LOG_URL, {"werkgever": str(EmployerFactory().pk)}), "nieuw: 1")
    casemanager = Client()
    casemanager.force_login(make_user(Role.CASEMANAGER))
    assert casemanager.get(LOG_URL).status_code in (302, 404)


def test_the_file_import_is_partial_unless_the_user_says_it_is_the_whole_staff(
    client: Client, employer_user: User
) -> None:
    gone = EmployeeFactory(employer=employer_user.employer, personnel_number="9009")
    line = "1001;Anna;Jansen;15-06-1985;01-01-2020;36;42000;vast"
    client.force_login(employer_user)
    token = token_of(upload(client, csv_bytes(HEADER, line)))
    assertContains(client.get(CONFIRM_URL, {"token": token}), "Dit bestand is het volledige werknemersbestand")
    client.post(CONFIRM_URL, {"token": token})
    partial = RosterSync.objects.get()
    assert (partial.source, partial.mode, partial.missing) == ("file", "partial", [])

    token = token_of(upload(client, csv_bytes(HEADER, line)))
    done = client.post(CONFIRM_URL, {"token": token, "full": "on"}, follow=True)
    assertContains(done, "1 werknemer is in dienst maar staat niet in het bestand; zie Synchronisaties.")
    full = RosterSync.objects.latest("id")
    assert (full.mode, full.missing, full.unchanged) == ("full", ["9009"], 1)
    gone.refresh_from_db()
    assert gone.employment_end is None  # reported, never ended from a file


def test_a_key_with_roster_write_syncs_its_own_employer_and_the_log_names_the_key(
    employer_user: User, other_employer_user: User
) -> None:
    from tests.verzuim.test_api_keys import as_key, make_key
    from verzuim.models import ApiKeyScope

    key, secret = make_key(employer_user, scopes=[ApiKeyScope.ROSTER_WRITE])
    response = as_key(secret).put(url(employer_user.employer), {"employees": [person("1001")]}, format="json")
    assert response.status_code == 200, response.content
    sync = RosterSync.objects.get()
    assert (sync.api_key, sync.started_by) == (key, None)
    assert AuditLog.objects.filter(action=AuditAction.CREATE, api_key=key).count() == 1
    body = {"employees": [person("1001")]}
    assert as_key(secret).put(url(other_employer_user.employer), body, format="json").status_code == 404
    _read_only, read_secret = make_key(employer_user, scopes=[ApiKeyScope.ROSTER_READ], name="Alleen lezen")
    assert as_key(read_secret).patch(url(employer_user.employer), body, format="json").status_code == 403
