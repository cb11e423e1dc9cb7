"""The registry of certified professionals: the rule, blocking new assignments, the API, the dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from cases.absence import services
from cases.absence.models import AbsenceCase, CaseAssignment
from cases.professionals import registration
from cases.professionals import selectors as selectors_professionals
from cases.professionals import services as services_professionals
from cases.professionals.models import (
    Arbodienst,
    ArbodienstCertificate,
    CasemanagerBasis,
    CasemanagerRegistration,
    CertificateKind,
    LabourExpert,
    LabourExpertRegistration,
    PhysicianRegistration,
)
from cases.professionals.registration import Status, Validity
from tests.cases.factories import make_case
from tests.cases.test_pages import field_error, messages_of, text
from tests.factories import EmployeeFactory, UserFactory
from verzuim.models import AuditLog, Employer, Role, User
from verzuim.validators import validate_big_number

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
ApiAs = Callable[[User], APIClient]

D = dt.date
MONDAY = D(2026, 1, 5)
BIG_MESSAGE = "Een BIG-nummer bestaat uit precies 11 cijfers."


def today() -> dt.date:
    return timezone.localdate()


def new_user(**kwargs: Any) -> User:
    return cast(User, UserFactory(**kwargs))


def dmy(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


# --- The rule (cases/professionals/registration.py, no database) ---------------------------------------------------


def test_a_registration_counts_from_its_first_to_its_last_day() -> None:
    rows = [Validity(D(2025, 1, 1), D(2026, 11, 22))]
    assert registration.standing(rows, D(2024, 12, 31)).status == Status.MISSING
    assert registration.registered_on(rows, D(2025, 1, 1))
    assert registration.registered_on(rows, D(2026, 11, 22))
    expired = registration.standing(rows, D(2026, 11, 23))
    assert (expired.status, expired.last_day) == (Status.EXPIRED, D(2026, 11, 22))


def test_no_registration_at_all_is_missing() -> None:
    assert registration.standing([], MONDAY) == registration.Standing(day=MONDAY, status=Status.MISSING)


def test_a_renewal_continues_the_registration_and_the_last_day_follows_it() -> None:
    rows = [Validity(D(2021, 1, 1), D(2025, 12, 31), order=1), Validity(D(2026, 1, 1), D(2030, 12, 31), order=2)]
    standing = registration.standing(rows, D(2025, 6, 1))
    assert (standing.status, standing.last_day) == (Status.REGISTERED, D(2030, 12, 31))


def test_a_later_row_with_the_same_start_supersedes_and_can_shorten_it() -> None:
    rows = [Validity(D(2021, 1, 1), D(2030, 12, 31), order=1), Validity(D(2021, 1, 1), D(2026, 3, 1), order=2)]
    standing = registration.standing(rows, D(2026, 3, 2))
    assert (standing.status, standing.last_day) == (Status.EXPIRED, D(2026, 3, 1))


def test_a_newer_row_replaces_an_open_ended_one_from_its_start() -> None:
    rows = [Validity(D(2021, 1, 1), None, order=1), Validity(D(2026, 1, 1), D(2026, 6, 30), order=2)]
    assert registration.registered_on(rows, D(2025, 12, 31))
    assert registration.standing(rows, D(2025, 12, 31)).last_day == D(2026, 6, 30)
    assert not registration.registered_on(rows, D(2026, 7, 1))


def test_employment_at_an_arbodienst_counts_only_while_its_certificate_does() -> None:
    certificates = (Validity(D(2023, 1, 1), D(2026, 5, 31)),)
    rows = [Validity(D(2024, 1, 1), None, depends_on=certificates)]
    standing = registration.standing(rows, D(2026, 1, 1))
    assert (standing.status, standing.last_day) == (Status.REGISTERED, D(2026, 5, 31))
    lapsed = registration.standing(rows, D(2026, 6, 1))
    assert (lapsed.status, lapsed.last_day) == (Status.CERTIFICATE_EXPIRED, D(2026, 5, 31))
    without = registration.standing([Validity(D(2024, 1, 1), None, depends_on=())], D(2026, 1, 1))
    assert without.status == Status.CERTIFICATE_MISSING


@pytest.mark.parametrize(("last_day", "attention"), [(D(2026, 3, 2), True), (D(2026, 3, 3), False)])
def test_the_dashboard_wants_what_ends_within_60_days(last_day: dt.date, attention: bool) -> None:
    rows = [Validity(D(2020, 1, 1), last_day)]
    assert registration.needs_attention(registration.standing(rows, D(2026, 1, 1)), within_days=60) is attention


days = st.integers(min_value=0, max_value=120).map(lambda n: D(2026, 1, 1) + dt.timedelta(days=n))
rows_strategy = st.lists(
    st.tuples(days, st.none() | st.integers(min_value=0, max_value=60)).map(
        lambda t: Validity(t[0], None if t[1] is None else t[0] + dt.timedelta(days=t[1]))
    ),
    max_size=4,
).map(lambda rows: [Validity(r.valid_from, r.valid_until, order=i) for i, r in enumerate(rows)])


@given(rows=rows_strategy, day=days)
def test_the_last_registered_day_is_where_the_registration_really_stops(rows: list[Validity], day: dt.date) -> None:
    standing = registration.standing(rows, day)
    if not standing.registered:
        return
    last = standing.last_day or D(2026, 8, 1)  # beyond every row of the strategy
    assert all(registration.registered_on(rows, day + dt.timedelta(days=n)) for n in range((last - day).days + 1))
    if standing.last_day is not None:
        assert not registration.registered_on(rows, standing.last_day + dt.timedelta(days=1))


# --- BIG number ------------------------------------------------------------------------------------------------


def test_a_big_number_of_11_ascii_digits_is_valid() -> None:
    validate_big_number("19012345601")


@pytest.mark.parametrize(
    "value", ["1901234560", "190123456012", "1901234560A", "", "19012345601\n", "".join(chr(0x0660 + 1) * 11)]
)
def test_anything_but_11_ascii_digits_is_refused_in_dutch(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_big_number(value)
    assert exc.value.messages == [BIG_MESSAGE]


# --- Blocking new assignments (service) ------------------------------------------------------------------------


def _registered_until(user: User, last_day: dt.date) -> None:
    """Make the factory's open-ended registration end on `last_day` (a correction row: same start, later row)."""
    CasemanagerRegistration.objects.create(
        user=user,
        basis=CasemanagerBasis.REGISTER,
        register_name="Register Casemanagers",
        register_number="RC-1",
        valid_from=D(2000, 1, 1),
        valid_until=last_day,
    )


@pytest.mark.django_db
def test_a_casemanager_whose_registration_expired_yesterday_cannot_be_assigned(make_user: MakeUser) -> None:
    first = make_user(Role.CASEMANAGER, email="a@example.nl")
    expired = make_user(Role.CASEMANAGER, email="b@example.nl", full_name="Eva Verlopen")
    _registered_until(expired, D(2026, 11, 22))
    case = make_case(first_sick_day=MONDAY, expected_duration_days=60, today=MONDAY)
    assert case.casemanager == first

    with pytest.raises(ValidationError) as exc:
        services.case_assign_casemanager(
            case=case,
            casemanager=expired,
            reason="Vakantie",
            assigned_by=make_user(Role.INSURER),
            today=D(2026, 11, 23),
        )

    assert exc.value.message_dict == {
        "casemanager": ["De registratie van Eva Verlopen is verlopen op 22-11-2026; wijs een andere casemanager toe."]
    }
    case.refresh_from_db()
    assert case.casemanager == first
    assert list(CaseAssignment.objects.filter(case=case).values_list("casemanager", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_on_its_last_day_the_registration_still_allows_the_assignment(make_user: MakeUser) -> None:
    make_user(Role.CASEMANAGER, email="a@example.nl")
    lasting = make_user(Role.CASEMANAGER, email="b@example.nl")
    _registered_until(lasting, D(2026, 11, 22))
    case = make_case(first_sick_day=MONDAY, expected_duration_days=60, today=MONDAY)
    services.case_assign_casemanager(case=case, casemanager=lasting, reason="x", today=D(2026, 11, 22))
    case.refresh_from_db()
    assert case.casemanager == lasting


@pytest.mark.django_db
def test_a_casemanager_without_any_registration_cannot_be_assigned(make_user: MakeUser) -> None:
    unregistered = make_user(Role.CASEMANAGER, full_name="Nico Nergens", registration=False)
    case = make_case(first_sick_day=MONDAY, today=MONDAY)
    with pytest.raises(ValidationError) as exc:
        services.case_assign_casemanager(case=case, casemanager=unregistered, reason="x", today=MONDAY)
    assert exc.value.message_dict == {
        "casemanager": ["Nico Nergens heeft geen geldige registratie als casemanager; wijs een andere casemanager toe."]
    }


@pytest.mark.django_db
def test_employment_at_an_arbodienst_whose_certificate_expired_blocks_the_assignment(make_user: MakeUser) -> None:
    arbodienst = Arbodienst.objects.create(name="Arbo Oost B.V.", kvk_number="30000001")
    ArbodienstCertificate.objects.create(
        arbodienst=arbodienst,
        kind=CertificateKind.OVAL,
        number="OVAL-1",
        valid_from=D(2020, 1, 1),
        valid_until=D(2026, 2, 1),
    )
    employee_of_arbo = make_user(Role.CASEMANAGER, full_name="Olga Oost", registration=False)
    CasemanagerRegistration.objects.create(
        user=employee_of_arbo, basis=CasemanagerBasis.ARBODIENST, arbodienst=arbodienst, valid_from=D(2020, 1, 1)
    )
    case = make_case(first_sick_day=MONDAY, today=MONDAY)
    with pytest.raises(ValidationError) as exc:
        services.case_assign_casemanager(case=case, casemanager=employee_of_arbo, reason="x", today=D(2026, 2, 2))
    assert exc.value.message_dict == {
        "casemanager": [
            "Het certificaat van Arbo Oost B.V., waar Olga Oost in dienst is, is verlopen op 01-02-2026; wijs een "
            "andere casemanager toe."
        ]
    }
    services.case_assign_casemanager(case=case, casemanager=employee_of_arbo, reason="x", today=D(2026, 2, 1))


@pytest.mark.django_db
def test_the_rule_skips_an_unregistered_casemanager_even_the_employers_own(make_user: MakeUser) -> None:
    own = make_user(Role.CASEMANAGER, email="a-own@example.nl")
    _registered_until(own, MONDAY - dt.timedelta(days=1))
    other = make_user(Role.CASEMANAGER, email="z-other@example.nl")
    make_user(Role.CASEMANAGER, email="b-never@example.nl", registration=False)
    employee = EmployeeFactory()
    employee.employer.casemanager = own
    employee.employer.save()

    case = make_case(employee=employee, first_sick_day=MONDAY, expected_duration_days=60, today=MONDAY)

    case.refresh_from_db()
    assert case.casemanager == other


@pytest.mark.django_db
def test_without_a_registered_casemanager_the_sweep_assigns_nobody_and_the_step_stays_due(
    make_user: MakeUser,
) -> None:
    make_user(Role.CASEMANAGER, registration=False)
    case = make_case(first_sick_day=MONDAY, today=MONDAY)
    assert services.case_assign_due_casemanagers(today=MONDAY + dt.timedelta(days=14)) == 0
    case.refresh_from_db()
    assert case.casemanager is None


@pytest.mark.django_db
def test_an_existing_assignment_stays_when_the_registration_expires(make_user: MakeUser) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    _registered_until(casemanager, MONDAY + dt.timedelta(days=30))
    case = make_case(first_sick_day=MONDAY, expected_duration_days=60, today=MONDAY)
    assert case.casemanager == casemanager
    services.case_assign_due_casemanagers(today=MONDAY + dt.timedelta(days=60))
    case.refresh_from_db()
    assert case.casemanager == casemanager


# --- Blocking new assignments (the insurer's form on the case page) ---------------------------------------------


@pytest.mark.django_db
def test_the_case_page_refuses_a_casemanager_whose_registration_expired_yesterday(
    staff_login: StaffLogin, make_user: MakeUser
) -> None:
    current = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    expired = make_user(Role.CASEMANAGER, full_name="Eva Verlopen")
    yesterday = today() - dt.timedelta(days=1)
    _registered_until(expired, yesterday)
    case = make_case(days_sick=20, expected_duration_days=60)
    assert case.casemanager == current
    client = staff_login(make_user(Role.INSURER))

    response = client.post(f"/verzuim/{case.pk}/casemanager/", {"casemanager": str(expired.pk), "reason": "Vakantie."})

    assert response.status_code == 200
    assert field_error(response, "id_casemanager") == (
        f"De registratie van Eva Verlopen is verlopen op {dmy(yesterday)}; wijs een andere casemanager toe."
    )
    case.refresh_from_db()
    assert case.casemanager == current
    assert CaseAssignment.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_the_case_page_still_assigns_a_registered_casemanager(staff_login: StaffLogin, make_user: MakeUser) -> None:
    make_user(Role.CASEMANAGER, email="a@example.nl")
    successor = make_user(Role.CASEMANAGER, email="b@example.nl", full_name="Dirk Doorpakker")
    case = make_case(days_sick=20, expected_duration_days=60)
    client = staff_login(make_user(Role.INSURER))
    response = client.post(
        f"/verzuim/{case.pk}/casemanager/", {"casemanager": str(successor.pk), "reason": "Vakantie."}, follow=True
    )
    assert messages_of(response) == ["Dirk Doorpakker is nu de casemanager."]


# --- API -------------------------------------------------------------------------------------------------------


@pytest.fixture
def insurer(make_user: MakeUser) -> User:
    return make_user(Role.INSURER)


@pytest.mark.django_db
def test_a_big_number_of_10_digits_is_a_400_with_a_dutch_field_error(api_as: ApiAs, insurer: User) -> None:
    physician = new_user(role=Role.OCCUPATIONAL_PHYSICIAN, registration=False)
    response = api_as(insurer).post(
        "/api/v1/professionals/physicians/", {"user": str(physician.pk), "big_number": "1901234560"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "De invoer is niet geldig.",
        "code": "invalid",
        "fields": {"big_number": [BIG_MESSAGE]},
    }
    assert not PhysicianRegistration.objects.filter(user=physician).exists()


@pytest.mark.django_db
def test_insurer_registers_a_physician_with_an_arbodienst(api_as: ApiAs, insurer: User) -> None:
    physician = new_user(role=Role.OCCUPATIONAL_PHYSICIAN, registration=False)
    arbodienst = Arbodienst.objects.create(name="Arbo Midden", kvk_number="30000002")
    payload = {
        "user": str(physician.pk),
        "big_number": "19012345601",
        "arbodienst": str(arbodienst.pk),
        "valid_from": "2024-01-01",
        "registered_until": "2028-12-31",
    }
    response = api_as(insurer).post("/api/v1/professionals/physicians/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {
        key: body[key] for key in ("user", "big_number", "arbodienst", "valid_from", "registered_until", "status")
    } == {
        **payload,
        "status": "registered",
    }
    row = PhysicianRegistration.objects.get(user=physician)
    assert row.recorded_by == insurer
    assert AuditLog.objects.filter(object_type="physician_registration", object_id=str(row.pk), actor=insurer).exists()


@pytest.mark.django_db
def test_a_register_entry_without_an_end_date_is_refused_at_the_field(api_as: ApiAs, insurer: User) -> None:
    casemanager = new_user(role=Role.CASEMANAGER, registration=False)
    payload = {"user": str(casemanager.pk), "basis": "register", "register_name": "RNCM", "register_number": "123"}
    response = api_as(insurer).post("/api/v1/professionals/casemanagers/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"valid_until": ["Een inschrijving in een register heeft een einddatum."]}


@pytest.mark.django_db
def test_insurer_registers_a_casemanager_who_can_then_be_assigned(api_as: ApiAs, insurer: User) -> None:
    casemanager = new_user(role=Role.CASEMANAGER, registration=False)
    payload = {
        "user": str(casemanager.pk),
        "basis": "register",
        "register_name": "Register Casemanagers",
        "register_number": "RC-77",
        "valid_until": "2099-12-31",
    }
    response = api_as(insurer).post("/api/v1/professionals/casemanagers/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "registered"
    case = make_case()
    services.case_assign_casemanager(case=case, casemanager=casemanager, reason="x")


@pytest.mark.django_db
def test_registering_someone_who_is_not_a_physician_is_a_field_error(api_as: ApiAs, insurer: User) -> None:
    casemanager = new_user(role=Role.CASEMANAGER)
    response = api_as(insurer).post(
        "/api/v1/professionals/physicians/", {"user": str(casemanager.pk), "big_number": "19012345601"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"user": ["Deze gebruiker is geen actieve bedrijfsarts."]}


@pytest.mark.django_db
def test_an_unknown_field_is_refused(api_as: ApiAs, insurer: User) -> None:
    physician = new_user(role=Role.OCCUPATIONAL_PHYSICIAN)
    response = api_as(insurer).post(
        "/api/v1/professionals/physicians/",
        {"user": str(physician.pk), "big_number": "19012345601", "specialism": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"specialism": ["Onbekend veld."]}


@pytest.mark.django_db
def test_the_list_gives_every_professional_with_status_and_last_day(
    api_as: ApiAs, insurer: User, make_user: MakeUser
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    ending = today() + dt.timedelta(days=30)
    _registered_until(casemanager, ending)
    make_user(Role.CASEMANAGER, full_name="Nico Nergens", registration=False)
    expert = LabourExpert.objects.create(name="Arie Arbeidsdeskundige")
    LabourExpertRegistration.objects.create(
        labour_expert=expert, register_number="RA-5", valid_from=D(2020, 1, 1), valid_until=D(2099, 1, 1)
    )
    response = api_as(insurer).get("/api/v1/professionals/")
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()}
    assert rows["Nico Nergens"] | {"id": None} == {
        "kind": "casemanager",
        "id": None,
        "name": "Nico Nergens",
        "registration": "",
        "status": "missing",
        "valid_until": None,
        "needs_attention": True,
    }
    assert (rows["Carla Casemanager"]["status"], rows["Carla Casemanager"]["valid_until"]) == (
        "registered",
        ending.isoformat(),
    )
    assert rows["Carla Casemanager"]["registration"] == "Register Casemanagers RC-1"
    assert rows["Arie Arbeidsdeskundige"]["needs_attention"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/professionals/"),
        ("post", "/api/v1/professionals/physicians/"),
        ("post", "/api/v1/professionals/casemanagers/"),
    ],
)
def test_the_registry_api_does_not_exist_for_other_roles(
    api_as: ApiAs, make_user: MakeUser, role: Role, method: str, path: str
) -> None:
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN, registration=False)
    payload = {"user": str(physician.pk), "big_number": "19012345601"}
    response = getattr(api_as(make_user(role)), method)(path, payload, format="json")
    assert response.status_code == 404
    assert not PhysicianRegistration.objects.filter(user=physician).exists()


# --- Staff dashboard -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_insurer_dashboard_lists_what_expires_within_60_days_or_has_expired(
    staff_login: StaffLogin, make_user: MakeUser
) -> None:
    soon = make_user(Role.CASEMANAGER, full_name="Sanne Binnenkort")
    _registered_until(soon, today() + dt.timedelta(days=60))
    later = make_user(Role.CASEMANAGER, full_name="Lars Later")
    _registered_until(later, today() + dt.timedelta(days=61))
    gone = make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Gerrit Verlopen", registration=False)
    PhysicianRegistration.objects.create(
        user=gone, big_number="19012345601", valid_from=D(2020, 1, 1), registered_until=today() - dt.timedelta(days=1)
    )
    make_user(Role.CASEMANAGER, full_name="Nico Nergens", registration=False)
    arbodienst = Arbodienst.objects.create(name="Arbo West", kvk_number="30000003")
    ArbodienstCertificate.objects.create(
        arbodienst=arbodienst,
        kind=CertificateKind.SBCA,
        number="SBCA-9",
        valid_from=D(2020, 1, 1),
        valid_until=today() + dt.timedelta(days=10),
    )

    page = text(staff_login(make_user(Role.INSURER)).get("/"))

    assert "Registraties en certificaten" in page
    in_60_days = dmy(today() + dt.timedelta(days=60))
    assert f"Casemanager Sanne Binnenkort Register Casemanagers RC-1 Geldig tot en met {in_60_days}" in page
    assert f"Bedrijfsarts Gerrit Verlopen BIG 19012345601 Verlopen op {dmy(today() - dt.timedelta(days=1))}" in page
    assert "Casemanager Nico Nergens \u2013 Geen geldige registratie" in page
    assert f"Arbodienst Arbo West SBCA SBCA-9 Geldig tot en met {dmy(today() + dt.timedelta(days=10))}" in page
    assert "Lars Later" not in page


@pytest.mark.django_db
def test_the_registry_on_the_dashboard_costs_the_same_queries_for_more_professionals(
    make_user: MakeUser, django_assert_num_queries: Any
) -> None:
    insurer = make_user(Role.INSURER)

    def add_some(n: int) -> None:
        arbodienst = Arbodienst.objects.create(name=f"Arbo {n}", kvk_number=f"3100000{n}")
        ArbodienstCertificate.objects.create(
            arbodienst=arbodienst, kind="sbca", number=f"S-{n}", valid_from=D(2020, 1, 1), valid_until=today()
        )
        casemanager = make_user(Role.CASEMANAGER, registration=False)
        CasemanagerRegistration.objects.create(
            user=casemanager, basis=CasemanagerBasis.ARBODIENST, arbodienst=arbodienst, valid_from=D(2020, 1, 1)
        )
        make_user(Role.OCCUPATIONAL_PHYSICIAN)
        expert = LabourExpert.objects.create(name=f"Expert {n}")
        LabourExpertRegistration.objects.create(
            labour_expert=expert, register_number="R", valid_from=D(2020, 1, 1), valid_until=today()
        )

    add_some(1)
    with django_assert_num_queries(7):
        one = selectors_professionals.registry_attention(fetched_by=insurer, today=today())
    add_some(2)
    add_some(3)
    with django_assert_num_queries(7):
        three = selectors_professionals.registry_attention(fetched_by=insurer, today=today())
    assert (len(one), len(three)) == (3, 9)  # the physicians are registered without an end


@pytest.mark.django_db
def test_the_registry_selector_is_not_there_for_other_roles(make_user: MakeUser) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        selectors_professionals.registry_list(fetched_by=make_user(Role.CASEMANAGER), today=today())


# --- The employer's own arbodienst -----------------------------------------------------------------------------


@pytest.fixture
def employer_client(client: Client, employer_user: User) -> Client:
    client.force_login(employer_user)
    return client


@pytest.mark.django_db
def test_an_employer_records_an_arbodienst_the_registry_does_not_know_and_is_warned(
    employer_client: Client, employer_user: User, staff_login: StaffLogin, make_user: MakeUser
) -> None:
    response = employer_client.post(
        "/werkgever/arbodienst/", {"name": "Arbo Eigen B.V.", "certificate_number": "sbca 123"}, follow=True
    )
    assert messages_of(response) == ["Uw arbodienst Arbo Eigen B.V. is vastgelegd."]
    warning = (
        "Certificaat SBCA123 van arbodienst Arbo Eigen B.V. staat niet in het register van gecertificeerde "
        "arbodiensten (SBCA of OVAL)."
    )
    assert warning in text(response)
    assert warning in text(employer_client.get("/"))
    employer = employer_user.employer
    assert employer is not None
    insurer_page = text(staff_login(make_user(Role.INSURER)).get("/"))
    assert f"{employer.name} Arbo Eigen B.V. {warning}" in insurer_page


@pytest.mark.django_db
def test_a_certified_own_arbodienst_gives_no_warning_and_an_expired_one_names_the_date(
    employer_client: Client, employer_user: User
) -> None:
    arbodienst = Arbodienst.objects.create(name="Arbo Eigen B.V.", kvk_number="30000004")
    certificate = ArbodienstCertificate.objects.create(
        arbodienst=arbodienst, kind="sbca", number="SBCA123", valid_from=D(2020, 1, 1), valid_until=D(2099, 1, 1)
    )
    employer_client.post("/werkgever/arbodienst/", {"name": "Arbo Eigen B.V.", "certificate_number": "SBCA123"})
    page = text(employer_client.get("/"))
    assert "niet gecertificeerd" not in page
    assert "Arbo Eigen B.V." in page

    yesterday = today() - dt.timedelta(days=1)
    ArbodienstCertificate.objects.create(
        arbodienst=arbodienst, kind="sbca", number="SBCA123", valid_from=certificate.valid_from, valid_until=yesterday
    )
    page = text(employer_client.get("/"))
    assert f"Het certificaat SBCA123 van arbodienst Arbo Eigen B.V. is verlopen op {dmy(yesterday)}." in page


@pytest.mark.django_db
def test_an_employer_goes_back_to_the_policys_arbodienst_and_the_history_stays(
    employer_client: Client, employer_user: User
) -> None:
    employer_client.post("/werkgever/arbodienst/", {"name": "Arbo Eigen B.V.", "certificate_number": ""}, follow=True)
    response = employer_client.post("/werkgever/arbodienst/", {"action": "polis"}, follow=True)
    assert messages_of(response) == ["Vastgelegd: u gebruikt de arbodienst van de polis."]
    assert "niet gecertificeerd" not in text(employer_client.get("/"))
    employer = employer_user.employer
    assert employer is not None
    assert list(employer.own_arbodiensten.order_by("pk").values_list("name", flat=True)) == ["Arbo Eigen B.V.", ""]


@pytest.mark.django_db
def test_the_own_arbodienst_form_wants_a_name(employer_client: Client) -> None:
    response = employer_client.post("/werkgever/arbodienst/", {"name": "", "certificate_number": "X"})
    assert response.status_code == 200
    assert field_error(response, "id_name") == "Vul de naam van uw arbodienst in."


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.COMPLAINT_HANDLER])
def test_the_own_arbodienst_page_is_404_for_staff(staff_login: StaffLogin, make_user: MakeUser, role: Role) -> None:
    client = staff_login(make_user(role))
    assert client.get("/werkgever/arbodienst/").status_code == 404
    assert client.post("/werkgever/arbodienst/", {"name": "X"}).status_code == 404


@pytest.mark.django_db
def test_an_employer_only_records_for_its_own_company(employer_user: User, other_employer_user: User) -> None:
    from django.core.exceptions import PermissionDenied

    other: Employer | None = other_employer_user.employer
    assert other is not None
    with pytest.raises(PermissionDenied):
        services_professionals.employer_arbodienst_record(recorded_by=employer_user, employer=other, name="X")


# --- Admin -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_insurer_adds_a_casemanager_registration_in_the_admin_and_cannot_change_it(
    staff_login: StaffLogin, insurer: User
) -> None:
    client = staff_login(insurer)
    casemanager = new_user(role=Role.CASEMANAGER, registration=False)
    response = client.post(
        "/admin/cases/casemanagerregistration/add/",
        {
            "user": str(casemanager.pk),
            "basis": "register",
            "register_name": "RNCM",
            "register_number": "9",
            "valid_from": "01-01-2026",
            "valid_until": "31-12-2030",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CasemanagerRegistration.objects.get(user=casemanager)
    assert (row.recorded_by, row.valid_until) == (insurer, D(2030, 12, 31))
    assert AuditLog.objects.filter(object_type="casemanager_registration", object_id=str(row.pk)).exists()
    change = client.get(f"/admin/cases/casemanagerregistration/{row.pk}/change/")
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert "/admin/verzuim/user/" not in change.content.decode()  # a page insurer staff may not open
    assert client.post(f"/admin/cases/casemanagerregistration/{row.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_the_registry_admin_is_closed_to_complaint_handlers(staff_login: StaffLogin, make_user: MakeUser) -> None:
    client = staff_login(make_user(Role.COMPLAINT_HANDLER))
    assert client.get("/admin/cases/casemanagerregistration/").status_code == 403


# --- Demo --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_casemanager_and_physician_are_registered() -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    casemanager = User.objects.get(email="casemanager@demo.nl")
    physician = User.objects.get(email="bedrijfsarts@demo.nl")
    assert selectors_professionals.casemanager_standing(user=casemanager, on=today()).registered
    assert selectors_professionals.physician_standing(user=physician, on=today()).registered
    assert AbsenceCase.objects.filter(casemanager=casemanager).exists()


@pytest.mark.django_db
def test_insurer_adds_an_arbodienst_with_its_certificate_which_then_stays_as_it_was(
    staff_login: StaffLogin, insurer: User
) -> None:
    client = staff_login(insurer)
    response = client.post(
        "/admin/cases/arbodienst/add/",
        {
            "name": "Arbo Noord B.V.",
            "kvk_number": "30000005",
            "is_active": "on",
            "certificates-TOTAL_FORMS": "1",
            "certificates-INITIAL_FORMS": "0",
            "certificates-MIN_NUM_FORMS": "0",
            "certificates-MAX_NUM_FORMS": "1000",
            "certificates-0-kind": "sbca",
            "certificates-0-number": "sbca 4711",
            "certificates-0-valid_from": "01-01-2026",
            "certificates-0-valid_until": "31-12-2028",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    certificate = ArbodienstCertificate.objects.get(arbodienst__kvk_number="30000005")
    assert (certificate.number, certificate.recorded_by, certificate.valid_until) == (
        "SBCA4711",
        insurer,
        D(2028, 12, 31),
    )
    assert AuditLog.objects.filter(object_type="arbodienst_certificate", object_id=str(certificate.pk)).exists()
    page = client.get(f"/admin/cases/arbodienst/{certificate.arbodienst_id}/change/").content.decode()
    assert 'name="certificates-0-number"' not in page  # existing rows are shown, not editable
    assert "SBCA4711" in page
    assert "/admin/verzuim/user/" not in page


# --- The registry in "Mijn taken" (cases/professionals/todo.py) ---------------------------------------------------


def _registry_tasks(insurer: User) -> dict[str, tuple[str, str, dt.date | None, str]]:
    from verzuim.plugins import tasks_for

    return {
        t.subject.split(" (")[0]: (t.action, t.subject, t.due, t.url)
        for t in tasks_for(insurer, today())
        if t.key.startswith("registry-")
    }


@pytest.mark.django_db
def test_expiring_expired_and_missing_registrations_are_the_insurers_tasks_linking_to_the_admin(
    make_user: MakeUser,
) -> None:
    soon = make_user(Role.CASEMANAGER, full_name="Sanne Binnenkort")
    _registered_until(soon, today() + dt.timedelta(days=60))
    _registered_until(make_user(Role.CASEMANAGER, full_name="Lars Later"), today() + dt.timedelta(days=61))
    gone = make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Gerrit Verlopen", registration=False)
    PhysicianRegistration.objects.create(
        user=gone, big_number="19012345601", valid_from=D(2020, 1, 1), registered_until=today() - dt.timedelta(days=1)
    )
    nobody = make_user(Role.CASEMANAGER, full_name="Nico Nergens", registration=False)
    arbodienst = Arbodienst.objects.create(name="Arbo West", kvk_number="30000003")
    ArbodienstCertificate.objects.create(
        arbodienst=arbodienst,
        kind=CertificateKind.SBCA,
        number="SBCA-9",
        valid_from=D(2020, 1, 1),
        valid_until=today() + dt.timedelta(days=10),
    )
    insurer = make_user(Role.INSURER)

    tasks = _registry_tasks(insurer)

    assert tasks == {
        "Sanne Binnenkort": (
            "Nieuwe registratie vastleggen",
            f"Sanne Binnenkort (Casemanager): Geldig tot en met {dmy(today() + dt.timedelta(days=60))}",
            today() + dt.timedelta(days=60),
            f"/admin/cases/casemanagerregistration/add/?user={soon.pk}",
        ),
        "Gerrit Verlopen": (
            "Nieuwe registratie vastleggen",
            f"Gerrit Verlopen (Bedrijfsarts): Verlopen op {dmy(today() - dt.timedelta(days=1))}",
            today() - dt.timedelta(days=1),
            f"/admin/cases/physicianregistration/add/?user={gone.pk}",
        ),
        "Nico Nergens": (
            "Registratie vastleggen",
            "Nico Nergens (Casemanager): Geen geldige registratie",
            None,
            f"/admin/cases/casemanagerregistration/add/?user={nobody.pk}",
        ),
        "Arbo West": (
            "Nieuw certificaat vastleggen",
            f"Arbo West (Arbodienst): Geldig tot en met {dmy(today() + dt.timedelta(days=10))}",
            today() + dt.timedelta(days=10),
            f"/admin/cases/arbodienst/{arbodienst.pk}/change/",
        ),
    }
    for role in (Role.CASEMANAGER, Role.EMPLOYER, Role.COMPLAINT_HANDLER):
        assert _registry_tasks(make_user(role)) == {}


def test_a_renewal_recorded_through_the_tasks_link_removes_the_task(
    staff_login: StaffLogin, make_user: MakeUser
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Sanne Binnenkort")
    _registered_until(casemanager, today() + dt.timedelta(days=20))
    insurer = make_user(Role.INSURER)
    client = staff_login(insurer)
    (_, _, _, url) = _registry_tasks(insurer)["Sanne Binnenkort"]
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["user"] == str(casemanager.pk)

    client.post(
        url,
        {
            "user": str(casemanager.pk),
            "basis": "register",
            "register_name": "RNCM",
            "register_number": "9",
            "valid_from": dmy(today()),
            "valid_until": "31-12-2030",
        },
    )

    assert "Sanne Binnenkort" not in _registry_tasks(insurer)
