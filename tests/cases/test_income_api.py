"""POST /api/v1/income-consequences/ of docs/api.md "Income consequences": strict input, exact output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import confirmed_totp_device
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
URL = "/api/v1/income-consequences/"


def acceptance_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "monthly_wage": "4000.00",
        "weekly_hours": "36",
        "reference_date": "2026-06-01",
        "work_history_years": 12,
        "incapacity_pct": "50",
        "durable": False,
        "remaining_capacity_monthly": "2000.00",
        "expected_earnings_monthly": "1000.00",
    }
    body.update(overrides)
    return body


@pytest.fixture
def casemanager(make_user: Callable[..., User]) -> User:
    user = make_user(Role.CASEMANAGER)
    confirmed_totp_device(user)
    return user


@pytest.fixture
def client(api_as: ApiAs, casemanager: User) -> APIClient:
    return api_as(casemanager)


def test_acceptance_example_returns_the_phases_of_api_md(client: APIClient) -> None:
    response = client.post(URL, acceptance_body(), format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "phases": [
            {"code": "year1", "months": 12, "monthly_amount": "2800.00"},
            {"code": "year2", "months": 12, "monthly_amount": "2800.00"},
            {"code": "wga_wage_related_first", "months": 2, "monthly_amount": "2250.00"},
            {"code": "wga_wage_related", "months": 9, "monthly_amount": "2100.00"},
            {"code": "wga_wage_supplement", "months": None, "monthly_amount": "1400.00"},
        ],
        "warnings": [],
    }


def test_earnings_above_the_remaining_capacity_give_70_pct_of_wage_minus_earnings(client: APIClient) -> None:
    # Issue 19 item 1, Wet WIA art. 61 lid 2 (was 1400.00 under the old rule).
    response = client.post(URL, acceptance_body(expected_earnings_monthly="2500.00"), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phases"][-1] == {"code": "wga_wage_supplement", "months": None, "monthly_amount": "1050.00"}


def test_85_pct_not_durable_without_earnings_gets_70_pct_of_the_wage(client: APIClient) -> None:
    # Issue 19 item 1, Wet WIA art. 60 lid 3 with art. 61 lid 2 (was 2380.00 under the old rule).
    body = acceptance_body(incapacity_pct="85", remaining_capacity_monthly="600.00", expected_earnings_monthly="0.00")
    response = client.post(URL, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phases"][-1] == {"code": "wga_wage_supplement", "months": None, "monthly_amount": "2800.00"}


def test_a_wage_above_the_maximum_scales_earnings_and_capacity(client: APIClient) -> None:
    # Issue 19 item 2, Wet WIA art. 61 lid 1 and 4: scaled by capped / uncapped daily wage (2026 figures).
    body = acceptance_body(
        monthly_wage="9000.00", remaining_capacity_monthly="4500.00", expected_earnings_monthly="3000.00"
    )
    response = client.post(URL, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phases"][2:] == [
        {"code": "wga_wage_related_first", "months": 2, "monthly_amount": "3308.72"},
        {"code": "wga_wage_related", "months": 9, "monthly_amount": "3088.14"},
        {"code": "wga_wage_supplement", "months": None, "monthly_amount": "2316.10"},
    ]


def test_incapacity_of_30_pct_ends_in_one_no_benefit_phase(client: APIClient) -> None:
    response = client.post(URL, acceptance_body(incapacity_pct="30"), format="json")
    assert response.json()["phases"][2:] == [{"code": "no_benefit", "months": None, "monthly_amount": "0.00"}]


def test_optional_top_ups_are_applied(client: APIClient) -> None:
    body = acceptance_body(topup_year1_pct="100", topup_year2_pct=None)
    phases = client.post(URL, body, format="json").json()["phases"]
    assert [phases[0]["monthly_amount"], phases[1]["monthly_amount"]] == ["4000.00", "2800.00"]


def test_insurer_staff_may_use_the_tool(api_as: ApiAs, make_user: Callable[..., User]) -> None:
    insurer = make_user(Role.INSURER)
    confirmed_totp_device(insurer)
    assert api_as(insurer).post(URL, acceptance_body(), format="json").status_code == 200


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_roles_are_refused_with_a_dutch_reason(api_as: ApiAs, make_user: Callable[..., User], role: str) -> None:
    user = make_user(role)
    if role != Role.EMPLOYER:
        confirmed_totp_device(user)
    response = api_as(user).post(URL, acceptance_body(), format="json")
    assert response.status_code == 403
    assert "casemanagers" in response.json()["message"]


def test_anonymous_callers_are_refused(api_client: APIClient) -> None:
    assert api_client.post(URL, acceptance_body(), format="json").status_code in {401, 403}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("monthly_wage", "-1", "negatief"),
        ("incapacity_pct", "100.5", "hoogstens 100"),
        ("topup_year2_pct", "-3", "0 of meer"),
        ("work_history_years", -1, "negatief"),
        ("work_history_years", 61, "60 jaar"),
        ("reference_date", "2024-12-31", "1 januari 2025"),
        ("remaining_capacity_monthly", "10000000", "hoogstens"),
    ],
)
def test_bad_values_get_a_400_with_a_dutch_field_error(client: APIClient, field: str, value: Any, message: str) -> None:
    response = client.post(URL, acceptance_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]


def test_missing_fields_are_reported(client: APIClient) -> None:
    body = acceptance_body()
    del body["durable"]
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"durable"}


def test_unknown_fields_are_refused_so_no_diagnosis_can_be_sent(client: APIClient) -> None:
    response = client.post(URL, acceptance_body(diagnosis="burn-out"), format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"diagnosis"}


def test_the_calculation_stores_nothing(client: APIClient) -> None:
    before = AuditLog.objects.count()
    client.post(URL, acceptance_body(), format="json")
    assert AuditLog.objects.count() == before


def test_the_calculation_runs_without_database_queries_beyond_authentication(
    client: APIClient, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):  # token and user, TOTP device check, session-free
        assert client.post(URL, acceptance_body(), format="json").status_code == 200


def test_issue_example_26_years_of_which_14_before_2016_give_20_months_of_wage_related_benefit(
    client: APIClient,
) -> None:
    # Werkloosheidswet art. 42 lid 2 (issue 19 item 3): 14 full months + 12 years from 2016 on x 0.5 = 20.
    response = client.post(
        URL, acceptance_body(work_history_years=26, work_history_years_before_2016=14), format="json"
    )
    assert response.status_code == 200, response.json()
    months = {phase["code"]: phase["months"] for phase in response.json()["phases"]}
    assert (months["wga_wage_related_first"], months["wga_wage_related"]) == (2, 18)


def test_without_the_years_before_2016_the_history_runs_without_a_break_to_the_reference_date(
    client: APIClient,
) -> None:
    for body in (
        acceptance_body(work_history_years=26),
        acceptance_body(work_history_years=26, work_history_years_before_2016=None),
    ):
        response = client.post(URL, body, format="json")
        assert response.status_code == 200, response.json()
        months = {phase["code"]: phase["months"] for phase in response.json()["phases"]}
        assert months["wga_wage_related"] == 19  # 16 before 2016 + 10 x 0.5 = 21, minus the first 2


@pytest.mark.parametrize(
    ("value", "message"),
    [(-1, "negatief"), (61, "60 jaar"), (13, "niet meer zijn dan het hele arbeidsverleden")],
)
def test_bad_years_before_2016_get_a_dutch_field_error(client: APIClient, value: int, message: str) -> None:
    response = client.post(URL, acceptance_body(work_history_years_before_2016=value), format="json")
    assert response.status_code == 400
    assert message in response.json()["fields"]["work_history_years_before_2016"][0]


# --- The employee's own minimum wage (BW 7:629 lid 1) and top-ups -------------------------------------------------


@pytest.mark.parametrize(("wage", "hours", "year1"), [("3000.00", "40", "2549.73"), ("1500.00", "20", "1274.87")])
def test_issue_examples_year_one_floor_is_the_hourly_minimum_times_the_weekly_hours(
    client: APIClient, wage: str, hours: str, year1: str
) -> None:
    response = client.post(URL, acceptance_body(monthly_wage=wage, weekly_hours=hours), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phases"][0] == {"code": "year1", "months": 12, "monthly_amount": year1}


def test_the_youth_minimum_applies_with_a_date_of_birth(client: APIClient) -> None:
    # 20 on 2026-06-01: 11.77 x 40 x 52 / 12 = 2040.13 (without the date of birth: 2549.73, capped at the wage).
    body = acceptance_body(monthly_wage="2200.00", weekly_hours="40", date_of_birth="2005-06-02")
    assert client.post(URL, body, format="json").json()["phases"][0]["monthly_amount"] == "2040.13"
    body = acceptance_body(monthly_wage="2200.00", weekly_hours="40", date_of_birth=None)
    assert client.post(URL, body, format="json").json()["phases"][0]["monthly_amount"] == "2200.00"


def test_weekly_hours_are_required(client: APIClient) -> None:
    body = acceptance_body()
    del body["weekly_hours"]
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"weekly_hours"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weekly_hours", "0", "meer dan 0 tot en met 60"),
        ("weekly_hours", "60.01", "meer dan 0 tot en met 60"),
        ("date_of_birth", "2026-06-01", "vóór de peildatum"),
    ],
)
def test_bad_hours_or_date_of_birth_get_a_dutch_field_error(
    client: APIClient, field: str, value: str, message: str
) -> None:
    response = client.post(URL, acceptance_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]


def test_a_top_up_is_paid_on_the_uncapped_wage(client: APIClient) -> None:
    body = acceptance_body(monthly_wage="10000.00", topup_year1_pct="100", topup_year2_pct=None)
    phases = client.post(URL, body, format="json").json()["phases"]
    # 100% of the whole wage; without a top-up the statutory 70% stays capped: 70% of 6617.4375.
    assert [phases[0]["monthly_amount"], phases[1]["monthly_amount"]] == ["10000.00", "4632.21"]
    # A collective agreement that pays 70% of the whole wage pays more than the capped statutory 70%.
    body = acceptance_body(monthly_wage="10000.00", topup_year2_pct="70")
    assert client.post(URL, body, format="json").json()["phases"][1]["monthly_amount"] == "7000.00"


def test_top_ups_above_170_pct_give_a_warning_and_the_amounts(client: APIClient) -> None:
    response = client.post(URL, acceptance_body(topup_year1_pct="100", topup_year2_pct="80"), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [phase["monthly_amount"] for phase in body["phases"][:2]] == ["4000.00", "3200.00"]
    assert [warning["code"] for warning in body["warnings"]] == ["topups_above_170_pct"]
    assert "170%" in body["warnings"][0]["message"]
    assert "Stichting van de Arbeid" in body["warnings"][0]["message"]


def test_top_ups_of_170_pct_together_give_no_warning(client: APIClient) -> None:
    response = client.post(URL, acceptance_body(topup_year1_pct="100", topup_year2_pct=None), format="json")
    assert response.json()["warnings"] == []
