"""The service-contact pages: due and overdue contacts per casemanager, recording a contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.rhythm.models import ContactKind, ContactState, ServiceContact
from premiums.models import Policy
from tests.factories import EmployerFactory, PolicyFactory
from verzuim.models import Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def carla(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def bert(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Bert Casemanager")


def _contact(
    employer: Employer, casemanager: User | None, due_date: dt.date, kind: str = ContactKind.WELCOME_CALL
) -> ServiceContact:
    policy = cast(Policy, PolicyFactory(employer=employer, start_date=due_date - dt.timedelta(days=28)))
    return ServiceContact.objects.create(
        kind=kind,
        employer=employer,
        policy=policy,
        policy_year=1 if kind == ContactKind.PREVENTION_CHECK else None,
        due_date=due_date,
        casemanager=casemanager,
    )


@pytest.fixture
def contacts(carla: User, bert: User, today: dt.date) -> dict[str, ServiceContact]:
    bakery = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=carla)
    installer = EmployerFactory(name="Installatiebedrijf Van Dijk", casemanager=bert)
    return {
        "carla_due": _contact(bakery, carla, today + dt.timedelta(days=10)),
        "carla_overdue": _contact(bakery, carla, today - dt.timedelta(days=30), ContactKind.PREVENTION_CHECK),
        "carla_later": _contact(bakery, carla, today + dt.timedelta(days=15)),
        "bert_overdue": _contact(installer, bert, today - dt.timedelta(days=1)),
        "unassigned": _contact(EmployerFactory(name="Kapsalon Knip & Kleur"), None, today),
    }


def _listed(response: Any) -> dict[str, list[tuple[str, str]]]:
    return {
        (group.casemanager.get_full_name() if group.casemanager else ""): [
            (str(row.contact.pk), row.status) for row in group.rows
        ]
        for group in response.context["groups"]
    }


def test_a_casemanager_sees_own_contacts_due_within_14_days_or_overdue(
    staff_login: StaffLogin, carla: User, contacts: dict[str, ServiceContact]
) -> None:
    response = staff_login(carla).get("/servicecontacten/")

    assert response.status_code == 200
    assert _listed(response) == {
        "Carla Casemanager": [
            (str(contacts["carla_overdue"].pk), "overdue"),
            (str(contacts["carla_due"].pk), "due_soon"),
        ]
    }
    group = response.context["groups"][0]
    assert (group.overdue, group.due_soon) == (1, 1)
    assert "1 te laat, 1 binnenkort" in response.content.decode()


def test_insurer_staff_see_every_casemanager_and_the_unassigned_contacts(
    staff_login: StaffLogin, make_user: MakeUser, contacts: dict[str, ServiceContact]
) -> None:
    response = staff_login(make_user(Role.INSURER)).get("/servicecontacten/")

    assert _listed(response) == {
        "Bert Casemanager": [(str(contacts["bert_overdue"].pk), "overdue")],
        "Carla Casemanager": [
            (str(contacts["carla_overdue"].pk), "overdue"),
            (str(contacts["carla_due"].pk), "due_soon"),
        ],
        "": [(str(contacts["unassigned"].pk), "due_soon")],
    }
    assert [g.casemanager.get_full_name() if g.casemanager else None for g in response.context["groups"]] == [
        "Bert Casemanager",
        "Carla Casemanager",
        None,
    ]
    assert "Nog niet toegewezen" in response.content.decode()


def test_a_done_contact_is_no_longer_listed(
    staff_login: StaffLogin, carla: User, contacts: dict[str, ServiceContact], today: dt.date
) -> None:
    ServiceContact.objects.filter(pk=contacts["carla_due"].pk).update(
        state=ContactState.DONE, done_on=today, done_by=carla
    )

    response = staff_login(carla).get("/servicecontacten/")

    assert _listed(response) == {"Carla Casemanager": [(str(contacts["carla_overdue"].pk), "overdue")]}


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_the_pages_are_404_for_roles_without_service_contacts(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, contacts: dict[str, ServiceContact], role: Role
) -> None:
    user = make_user(role, employer=contacts["carla_due"].employer) if role == Role.EMPLOYER else make_user(role)
    if role == Role.EMPLOYER:
        client.force_login(user)
    else:
        client = staff_login(user)

    assert client.get("/servicecontacten/").status_code == 404
    assert client.get(f"/servicecontacten/{contacts['carla_due'].pk}/").status_code == 404
    assert client.post(f"/servicecontacten/{contacts['carla_due'].pk}/", {"done_on": "01-12-2026"}).status_code == 404


def test_another_casemanagers_contact_is_404(
    staff_login: StaffLogin, bert: User, contacts: dict[str, ServiceContact]
) -> None:
    client = staff_login(bert)

    assert client.get(f"/servicecontacten/{contacts['carla_due'].pk}/").status_code == 404
    assert client.post(f"/servicecontacten/{contacts['carla_due'].pk}/", {"done_on": "01-12-2026"}).status_code == 404
    assert client.get("/servicecontacten/not-a-uuid/").status_code == 404


def test_insurer_staff_read_a_contact_but_do_not_record_it(
    staff_login: StaffLogin, make_user: MakeUser, contacts: dict[str, ServiceContact]
) -> None:
    client = staff_login(make_user(Role.INSURER))
    url = f"/servicecontacten/{contacts['carla_due'].pk}/"

    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(url, {"done_on": "01-12-2026"}).status_code == 404
    assert ServiceContact.objects.get(pk=contacts["carla_due"].pk).state == ContactState.OPEN


def test_the_casemanager_records_a_welcome_call(
    staff_login: StaffLogin, carla: User, contacts: dict[str, ServiceContact], today: dt.date
) -> None:
    url = f"/servicecontacten/{contacts['carla_due'].pk}/"

    response = staff_login(carla).post(url, {"done_on": today.strftime("%d-%m-%Y"), "note": "Kennisgemaakt."})

    assert response.status_code == 302
    assert response["Location"] == "/servicecontacten/"
    contact = ServiceContact.objects.get(pk=contacts["carla_due"].pk)
    assert (contact.state, contact.done_on, contact.done_by, contact.note) == (
        ContactState.DONE,
        today,
        carla,
        "Kennisgemaakt.",
    )


def test_the_prevention_check_form_shows_the_services_dutch_errors_at_their_fields(
    staff_login: StaffLogin, carla: User, contacts: dict[str, ServiceContact], today: dt.date
) -> None:
    url = f"/servicecontacten/{contacts['carla_overdue'].pk}/"

    response = staff_login(carla).post(
        url, {"done_on": today.strftime("%d-%m-%Y"), "rie_present": "ja", "absence_policy_present": "nee"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "rie_date": ["Vul de datum van de RI&E in."],
        "arbo_contract_certified": ["Geef aan of de werkgever een contract heeft met een gecertificeerde arbodienst."],
    }
    assert ServiceContact.objects.get(pk=contacts["carla_overdue"].pk).state == ContactState.OPEN


def test_the_casemanager_records_a_prevention_check_with_checklist_and_advice(
    staff_login: StaffLogin, carla: User, contacts: dict[str, ServiceContact], today: dt.date
) -> None:
    client = staff_login(carla)
    url = f"/servicecontacten/{contacts['carla_overdue'].pk}/"
    form = {
        "done_on": today.strftime("%d-%m-%Y"),
        "rie_present": "ja",
        "rie_date": "20-05-2025",
        "prevention_officer": "Jan de Boer",
        "absence_policy_present": "nee",
        "arbo_contract_certified": "ja",
        "advice": "Verzuimprotocol opstellen en aan alle medewerkers geven.",
    }

    assert client.post(url, form).status_code == 302

    contact = ServiceContact.objects.get(pk=contacts["carla_overdue"].pk)
    assert contact.state == ContactState.DONE
    assert (contact.rie_present, contact.rie_date, contact.prevention_officer) == (
        True,
        dt.date(2025, 5, 20),
        "Jan de Boer",
    )
    assert (contact.absence_policy_present, contact.arbo_contract_certified) == (False, True)
    assert contact.advice == "Verzuimprotocol opstellen en aan alle medewerkers geven."
    page = client.get(url).content.decode()
    assert "Verzuimprotocol opstellen en aan alle medewerkers geven." in page
    assert "Ja, van 20 mei 2025" in page


def test_a_second_recording_of_the_same_contact_is_refused(
    staff_login: StaffLogin, carla: User, contacts: dict[str, ServiceContact], today: dt.date
) -> None:
    client = staff_login(carla)
    url = f"/servicecontacten/{contacts['carla_due'].pk}/"
    assert client.post(url, {"done_on": today.strftime("%d-%m-%Y")}).status_code == 302

    # The page no longer offers the form, and a stale form posted again changes nothing.
    assert client.get(url).context["form"] is None
    assert client.post(url, {"done_on": today.strftime("%d-%m-%Y")}).status_code == 404


def test_the_staff_page_runs_a_constant_number_of_queries(
    staff_login: StaffLogin,
    make_user: MakeUser,
    today: dt.date,
    django_assert_num_queries: Any,
) -> None:
    insurer = make_user(Role.INSURER)
    client = staff_login(insurer)
    client.get("/servicecontacten/")  # the first page counts the menu's tasks; the next ones take the cached count

    def make(n: int) -> None:
        for i in range(n):
            casemanager = make_user(Role.CASEMANAGER, full_name=f"Casemanager {i}")
            employer = EmployerFactory(casemanager=casemanager)
            _contact(employer, casemanager, today - dt.timedelta(days=i))
            _contact(employer, casemanager, today + dt.timedelta(days=i), ContactKind.PREVENTION_CHECK)

    make(2)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/servicecontacten/")
    assert len(response.context["groups"]) == 2

    make(10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/servicecontacten/")
    assert len(response.context["groups"]) == 12
