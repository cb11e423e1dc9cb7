"""The load benchmark's harness (bench/load/): the sessions it writes are ones the portal accepts, and the
trivial view it measures against exists only when the benchmark turns it on. No locust here."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import Resolver404, clear_url_caches, resolve
from django.utils import timezone

import verzuim.site.urls
from bench.generate import FullBookPlan, full_book_generate
from bench.load.sessions import LoadPlan, load_cleanup, load_users_write
from cases.absence.models import AbsenceCase, CaseStatus
from verzuim.models import AuditLog
from verzuim.views_bench import FLOOR_OBJECT_TYPE, TRIVIAL_BODY

pytestmark = pytest.mark.django_db

BOOK = FullBookPlan(employers=40, open_cases=8, closed_cases=40, seed=7)
PLAN = LoadPlan(casemanagers=2, employer_users=2, cases_per_casemanager=5, post_pool=10)


@pytest.fixture
def users() -> dict[str, Any]:
    full_book_generate(plan=BOOK)
    return load_users_write(PLAN)


def client_with(data: dict[str, Any], entry: dict[str, Any], **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.cookies[data["session_cookie"]] = entry["session"]
    client.cookies[data["csrf_cookie"]] = entry["csrf"]
    return client


def test_casemanager_session_opens_the_caseload_logged_in_and_2fa_verified(users: dict[str, Any]) -> None:
    casemanager = users["casemanagers"][0]

    response = client_with(users, casemanager).get("/werkvoorraad/")

    assert response.status_code == 200  # without the verified device the middleware redirects to the 2FA form
    assert response.wsgi_request.user.email == casemanager["email"]
    assert response.wsgi_request.user.is_verified()


def test_casemanager_session_opens_the_cases_listed_for_it(users: dict[str, Any]) -> None:
    casemanager = users["casemanagers"][0]
    client = client_with(users, casemanager)

    assert casemanager["cases"]
    assert {client.get(f"/verzuim/{case_id}/").status_code for case_id in casemanager["cases"]} == {200}


def test_reporter_posts_the_sickness_report_of_a_pool_employee_with_its_csrf_cookie(users: dict[str, Any]) -> None:
    reporter = users["reporters"][0]
    employee = reporter["employees"][0]
    client = client_with(users, reporter, enforce_csrf_checks=True)

    response = client.post(
        "/verzuim/ziekmelden/",
        {
            "csrfmiddlewaretoken": reporter["csrf"],
            "employee": employee,
            "first_sick_day": timezone.localdate().isoformat(),
            "safety_net": "nee",
            "work_accident": "nee",
            "third_party_liable": "nee",
        },
    )

    case = AbsenceCase.objects.get(employee_id=employee, status=CaseStatus.OPEN)
    assert response.status_code == 302
    assert response["Location"] == f"/verzuim/{case.pk}/"


def test_the_pool_holds_only_employees_without_an_open_case(users: dict[str, Any]) -> None:
    pool = [employee for reporter in users["reporters"] for employee in reporter["employees"]]
    sick = {str(pk) for pk in AbsenceCase.objects.filter(status=CaseStatus.OPEN).values_list("employee_id", flat=True)}

    assert len(pool) == PLAN.post_pool
    assert not sick & set(pool)


def test_insurer_token_gets_a_quote(users: dict[str, Any]) -> None:
    body = {
        "year": 2026,
        "sector_rate_pct": "4.0",
        "employer_charges_pct": "25.0",
        "waiting_days": 10,
        "coverage": "100/70",
        "employees": [{"yearly_wage": "40000.00", "date_of_birth": "1980-05-01"}] * 5,
        "own_absence_pct": {},
        "sector_absence_pct": "4.0",
    }
    token = users["insurers"][0]["token"]

    response = Client().post(
        "/api/v1/premiums/quotes/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )

    assert response.status_code == 200, response.content


def test_cleanup_deletes_the_reported_cases_and_the_sessions(users: dict[str, Any]) -> None:
    reporter = users["reporters"][0]
    client_with(users, reporter).post(
        "/verzuim/ziekmelden/",
        {
            "employee": reporter["employees"][0],
            "first_sick_day": timezone.localdate().isoformat(),
            "safety_net": "nee",
            "work_accident": "nee",
            "third_party_liable": "nee",
        },
    )
    open_before = AbsenceCase.objects.filter(status=CaseStatus.OPEN).count()

    result = load_cleanup(users)

    assert result["cases_deleted"] == 1
    assert AbsenceCase.objects.filter(status=CaseStatus.OPEN).count() == open_before - 1
    assert not Session.objects.exists()


def test_trivial_view_and_floor_are_not_routed_by_default() -> None:
    assert settings.BENCH_TRIVIAL_VIEW is False
    for path in ("/bench/trivial/", "/bench/floor/"):
        with pytest.raises(Resolver404):
            resolve(path)


@pytest.fixture
def urls_with_trivial_view() -> Iterator[None]:
    with override_settings(BENCH_TRIVIAL_VIEW=True):
        importlib.reload(verzuim.site.urls)
        clear_url_caches()
        yield
    importlib.reload(verzuim.site.urls)
    clear_url_caches()


@pytest.mark.usefixtures("urls_with_trivial_view")
def test_trivial_view_returns_a_constant_when_the_benchmark_turns_it_on() -> None:
    response = Client().get("/bench/trivial/")

    assert response.status_code == 200
    assert response.content == TRIVIAL_BODY


@pytest.mark.usefixtures("urls_with_trivial_view")
def test_the_floor_is_the_base_layout_for_a_verified_casemanager_with_one_audit_row(users: dict[str, Any]) -> None:
    """The authenticated floor: the load user's verified session, the navigation and the bell, no content, and
    the one audit row of a dossier read; nothing else is read or written."""
    casemanager = users["casemanagers"][0]
    client = client_with(users, casemanager)
    client.get("/bench/floor/")  # the session's first use may refresh it
    audited = AuditLog.objects.count()

    response = client.get("/bench/floor/")

    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    page = response.content.decode()
    assert 'class="main-nav"' in page
    assert 'id="meldingen-bel"' in page
    assert AuditLog.objects.count() == audited + 1
    assert AuditLog.objects.latest("id").object_type == FLOOR_OBJECT_TYPE


@pytest.mark.usefixtures("urls_with_trivial_view")
def test_the_floor_sends_a_visitor_without_a_session_to_the_login(db: Any) -> None:
    response = Client().get("/bench/floor/")

    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/bench/floor/"
