"""Premium parameters in the admin: insurer staff keep them there, a used set is history."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from premiums import parameters, services, services_parameters
from premiums.models import (
    AgeMixFactor,
    CoverageFactor,
    CredibilityPoint,
    ParameterSet,
    ParameterSetLocked,
    SectorParameter,
    WaitingDaysFactor,
)
from tests.factories import PolicyFactory, confirmed_totp_device
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

LIST = "/admin/premiums/parameterset/"
ADD = "/admin/premiums/parameterset/add/"
SEED_DATE = dt.date(2026, 1, 1)
TABLES = {
    "sectorparameter_set": (SectorParameter, ("sbi_section", "rate_pct", "expected_absence_pct")),
    "waitingdaysfactor_set": (WaitingDaysFactor, ("waiting_days", "factor")),
    "coveragefactor_set": (CoverageFactor, ("coverage", "factor")),
    "agemixfactor_set": (AgeMixFactor, ("from_age", "factor")),
    "credibilitypoint_set": (CredibilityPoint, ("employees", "weight_pct")),
}


def seed_set() -> ParameterSet:
    return ParameterSet.objects.get(valid_from=SEED_DATE)


def seed_rows() -> dict[str, list[dict[str, Any]]]:
    """The rows of the seeded 2026 set per inline prefix: a complete table set to post."""
    return {
        prefix: list(model.objects.filter(parameter_set=seed_set()).values(*fields))
        for prefix, (model, fields) in TABLES.items()
    }


def dutch_input(value: Any) -> Any:
    """A stored Decimal as a person types it in the admin ("3,2000"); anything else unchanged."""
    return str(value).replace(".", ",") if isinstance(value, D) else value


def set_form(valid_from: dt.date, rows: dict[str, list[dict[str, Any]]], **fields: Any) -> dict[str, Any]:
    """The POST of the add page: the set's fields and every inline as new rows."""
    data: dict[str, Any] = {
        "valid_from": valid_from.isoformat(),
        "description": "Tarieven 2027",
        "wage_cap": "81.000,00",  # Dutch, as every decimal input of the portal (verzuim.forms.DutchDecimalField)
        "rise_cap_pct": "10,00",
        "intervention_limit_pct": "50",
        **fields,
    }
    for prefix in TABLES:
        table = rows.get(prefix, [])
        data |= {
            f"{prefix}-TOTAL_FORMS": len(table),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(table):
            data |= {f"{prefix}-{index}-{name}": dutch_input(value) for name, value in row.items()}
    return data


def use(parameter_set: ParameterSet, insurer: User) -> None:
    """A premium calculation with the set: from now on it is history."""
    assert parameter_set.valid_from == SEED_DATE
    services.premium_calculate(calculated_by=insurer, policy=PolicyFactory(), year=2026, today=dt.date(2026, 1, 5))


@pytest.fixture
def insurer(make_user: Callable[..., User]) -> User:
    return make_user(Role.INSURER)


@pytest.fixture
def as_insurer(staff_login: Callable[[User], Client], insurer: User) -> Client:
    return staff_login(insurer)


def test_insurer_with_a_second_factor_sees_premiums_the_registry_and_retention_terms_in_the_admin(
    as_insurer: Client,
) -> None:
    response = as_insurer.get("/admin/")
    assert response.status_code == 200
    models = {
        (app["app_label"], model["object_name"]) for app in response.context["app_list"] for model in app["models"]
    }
    # The registry of certified professionals is insurer staff's too.
    registry = {
        ("cases", name)
        for name in (
            "Arbodienst",
            "CasemanagerRegistration",
            "EmployerArbodienst",
            "LabourExpert",
            "PhysicianRegistration",
            "Provider",  # the network of intervention providers
            "RetentionTerm",  # the retention terms (decision 274)
        )
    }
    # The product sheet's texts and the insurer's details of the premium notice (issue 24 items 2 and 3).
    premiums = {
        ("premiums", name) for name in ("InsurerDetails", "ParameterSet", "Policy", "Product", "ProductSheetText")
    }
    assert models == {*premiums, *registry}


def test_insurer_without_the_second_factor_does_not_reach_the_admin(client: Client, insurer: User) -> None:
    confirmed_totp_device(insurer)
    client.force_login(insurer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/?next=")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/verzuim/employer/",
        "/admin/verzuim/employee/",
        "/admin/verzuim/user/",
        "/admin/verzuim/auditlog/",
        "/admin/verzuim/authenticatordevice/",
        "/admin/premiums/policy/add/",
    ],
)
def test_insurer_gets_nothing_else_in_the_admin(as_insurer: Client, path: str) -> None:
    assert as_insurer.get(path).status_code == 403


def test_insurer_views_a_policy_read_only(as_insurer: Client) -> None:
    policy = PolicyFactory()
    url = f"/admin/premiums/policy/{policy.pk}/change/"
    response = as_insurer.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert f"/admin/verzuim/employer/{policy.employer.pk}/" not in response.content.decode()
    assert as_insurer.post(url, {"policy_number": "VOV-ANDERS"}).status_code == 403


def test_complaint_handler_does_not_see_the_parameters(
    staff_login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    client = staff_login(make_user(Role.COMPLAINT_HANDLER))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{seed_set().pk}/change/").status_code == 403
    assert [app["app_label"] for app in client.get("/admin/").context["app_list"]] == ["complaints"]


def test_admin_role_keeps_everything(staff_login: Callable[[User], Client], make_user: Callable[..., User]) -> None:
    client = staff_login(make_user(Role.ADMIN))
    assert client.get("/admin/verzuim/employer/").status_code == 200
    assert client.get(LIST).status_code == 200


def test_the_list_says_what_is_used_and_what_is_missing(as_insurer: Client, insurer: User) -> None:
    use(seed_set(), insurer)
    ParameterSet.objects.create(valid_from=dt.date(2027, 1, 1), wage_cap=D(81000), rise_cap_pct=D(10))
    response = as_insurer.get(LIST)
    rows = {row.valid_from: row for row in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert (admin.in_use(rows[SEED_DATE]), admin.complete(rows[SEED_DATE])) == (True, "Ja")
    assert admin.in_use(rows[dt.date(2027, 1, 1)]) is False
    assert admin.complete(rows[dt.date(2027, 1, 1)]).startswith("Nee: Factor ontbreekt voor eigenrisicodagen")


def test_the_list_runs_the_same_queries_for_more_sets(
    as_insurer: Client, django_assert_max_num_queries: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_max_num_queries(30) as one_set:
        as_insurer.get(LIST)
    queries = len(one_set)
    for year in (2027, 2028):
        as_insurer.post(ADD, set_form(dt.date(year, 1, 1), seed_rows()))
    assert ParameterSet.objects.count() == 3
    with django_assert_num_queries(queries):
        as_insurer.get(LIST)


def test_the_add_page_offers_a_row_per_option(as_insurer: Client) -> None:
    response = as_insurer.get(ADD)
    initial = {f.formset.prefix: f.formset.initial_extra for f in response.context["inline_admin_formsets"]}
    assert [row["sbi_section"] for row in initial["sectorparameter_set"]] == list("ABCDEFGHIJKLMNOPQRSTU")
    assert initial["waitingdaysfactor_set"] == [{"waiting_days": d} for d in (10, 20, 30, 65)]
    assert initial["agemixfactor_set"] == [{"from_age": 0}]


def test_insurer_adds_a_complete_set(as_insurer: Client, insurer: User) -> None:
    response = as_insurer.post(ADD, set_form(dt.date(2027, 1, 1), seed_rows()))
    assert response.status_code == 302
    added = ParameterSet.objects.get(valid_from=dt.date(2027, 1, 1))
    assert parameters.problems(added) == []
    assert parameters.for_year(2027).parameters.wage_cap == D(81000)
    audit = AuditLog.objects.get(object_type="premium_parameter_set", object_id=str(added.pk))
    assert (audit.actor, audit.action, len(audit.changes["rows"])) == (insurer, "create", 21 + 4 + 3 + 5 + 5)


def test_insurer_changes_an_unused_set_and_the_audit_row_says_what_changed(as_insurer: Client, insurer: User) -> None:
    draft = services_parameters.parameter_set_copy(copied_by=insurer, parameter_set=seed_set())
    data: dict[str, Any] = {
        "valid_from": "2027-01-01",
        "description": "Tarieven 2027",
        "wage_cap": "81.000,00",  # Dutch, as every decimal input of the portal (verzuim.forms.DutchDecimalField)
        "rise_cap_pct": "10,00",
        "intervention_limit_pct": "50",
    }
    for prefix, (model, fields) in TABLES.items():
        rows = list(model.objects.filter(parameter_set=draft).values("id", *fields))
        data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{name}": dutch_input(value) for name, value in row.items()}
    sector_g = next(k for k, v in data.items() if k.startswith("sectorparameter_set-") and v == "G")
    data[sector_g.replace("sbi_section", "rate_pct")] = "3,5000"

    response = as_insurer.post(f"{LIST}{draft.pk}/change/", data)

    assert response.status_code == 302
    assert ParameterSet.objects.get(pk=draft.pk).wage_cap == D("81000.00")
    assert SectorParameter.objects.get(parameter_set=draft, sbi_section="G").rate_pct == D("3.5000")
    audit = AuditLog.objects.filter(object_id=str(draft.pk), action="update").get()
    assert audit.changes["fields"]["wage_cap"] == ["79409.00", "81000.00"]
    assert audit.changes["rows"] == [
        {"table": "sectorparameter", "changed": "G: 3.5000% / 4.4000%", "fields": {"rate_pct": ["3.2000", "3.5000"]}}
    ]


def test_an_incomplete_set_gets_dutch_errors_and_nothing_is_saved(as_insurer: Client) -> None:
    rows = seed_rows()
    rows["waitingdaysfactor_set"] = [row for row in rows["waitingdaysfactor_set"] if row["waiting_days"] != 65]
    rows["sectorparameter_set"] = [row for row in rows["sectorparameter_set"] if row["sbi_section"] not in "TU"]
    rows["credibilitypoint_set"][-1]["weight_pct"] = "2,0000"
    before = {model: model.objects.count() for model, _fields in TABLES.values()}

    response = as_insurer.post(ADD, set_form(dt.date(2027, 1, 1), rows))

    assert response.status_code == 200
    errors = {f.formset.prefix: list(f.formset.non_form_errors()) for f in response.context["inline_admin_formsets"]}
    assert errors == {
        "sectorparameter_set": ["Sectortarief ontbreekt voor SBI-secties: T, U."],
        "waitingdaysfactor_set": ["Factor ontbreekt voor eigenrisicodagen: 65."],
        "coveragefactor_set": [],
        "agemixfactor_set": [],
        "credibilitypoint_set": ["De meetellingstabel Z(n) mag niet dalen bij meer werknemers."],
    }
    assert not ParameterSet.objects.filter(valid_from=dt.date(2027, 1, 1)).exists()
    assert {model: model.objects.count() for model, _fields in TABLES.values()} == before


def test_a_past_date_under_a_later_set_is_refused(as_insurer: Client) -> None:
    response = as_insurer.post(ADD, set_form(dt.date(2025, 1, 1), seed_rows()))
    assert response.context["adminform"].form.errors == {
        "valid_from": [
            "Een ingangsdatum in het verleden kan alleen voor de nieuwste premieparameters; er zijn al "
            "parameters vanaf 01-01-2026. Kies vandaag of een latere datum."
        ]
    }
    assert not ParameterSet.objects.filter(valid_from=dt.date(2025, 1, 1)).exists()


def test_a_used_set_is_read_only_with_the_reason(as_insurer: Client, insurer: User) -> None:
    used = seed_set()
    use(used, insurer)
    url = f"{LIST}{used.pk}/change/"

    page = as_insurer.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert all(not f.has_add_permission for f in page.context["inline_admin_formsets"])
    assert "Deze parameters zijn gebruikt in 1 premieberekening" in page.content.decode()

    data = set_form(SEED_DATE, seed_rows(), wage_cap="1,00")
    assert as_insurer.post(url, data).status_code == 403
    assert seed_set().wage_cap == D("79409.00")
    assert SectorParameter.objects.filter(parameter_set=used).count() == 21


def test_a_used_set_cannot_be_deleted(as_insurer: Client, insurer: User) -> None:
    used = seed_set()
    use(used, insurer)
    assert as_insurer.post(f"{LIST}{used.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ParameterSet.objects.filter(pk=used.pk).exists()


def test_a_new_version_copies_every_row_into_an_editable_set(as_insurer: Client, insurer: User) -> None:
    used = seed_set()
    use(used, insurer)

    response = as_insurer.post(LIST, {"action": "make_new_version", "_selected_action": [used.pk], "index": 0})

    copy = ParameterSet.objects.get(valid_from=dt.date(2027, 1, 1))
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{copy.pk}/change/"
    for model, fields in TABLES.values():
        assert list(model.objects.filter(parameter_set=copy).values(*fields)) == list(
            model.objects.filter(parameter_set=used).values(*fields)
        )
    assert (copy.wage_cap, copy.rise_cap_pct) == (used.wage_cap, used.rise_cap_pct)
    assert as_insurer.get(response["Location"]).context["has_change_permission"] is True


def test_a_new_version_starts_on_1_january_after_the_newest_set(as_insurer: Client) -> None:
    ParameterSet.objects.create(valid_from=dt.date(2027, 7, 1), wage_cap=D(81000), rise_cap_pct=D(10))
    as_insurer.post(LIST, {"action": "make_new_version", "_selected_action": [seed_set().pk], "index": 0})
    assert ParameterSet.objects.filter(valid_from=dt.date(2028, 1, 1)).exists()


def test_a_row_cannot_be_added_to_a_used_set(insurer: User) -> None:
    used = seed_set()
    use(used, insurer)
    with pytest.raises(ParameterSetLocked):
        AgeMixFactor.objects.create(parameter_set=used, from_age=70, factor=D("1.2"))


def test_the_migration_lets_existing_insurers_into_the_admin(make_user: Callable[..., User]) -> None:
    insurer = make_user(Role.INSURER, is_staff=False)
    migration = importlib.import_module("verzuim.migrations.0005_insurer_admin_site_access")
    migration.grant(apps, None)
    insurer.refresh_from_db()
    assert insurer.is_staff is True
