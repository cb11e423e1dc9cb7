"""Names sort by surname without prefix, as in a Dutch list: "Berg, van den" before "Yilmaz" (issue 20)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import EmployeeFactory, EmployerFactory, UserFactory
from verzuim import selectors, services
from verzuim.models import Employee, Role
from verzuim.names import sort_name, split_prefix


@pytest.mark.parametrize(
    ("last_name", "expected"),
    [
        ("van den Berg", ("van den", "Berg")),
        ("Van der Meer", ("Van der", "Meer")),
        ("de Vries", ("de", "Vries")),
        ("in 't Veld", ("in 't", "Veld")),
        ("op de Beek", ("op de", "Beek")),
        ("ter Horst", ("ter", "Horst")),
        ("Yilmaz", ("", "Yilmaz")),
        ("Vandersteen", ("", "Vandersteen")),  # a prefix glued to the name is the name
        ("De", ("", "De")),  # a surname that is only a prefix word stays itself
        ("van der Ven-van Dijk", ("van der", "Ven-van Dijk")),
    ],
)
def test_split_prefix(last_name: str, expected: tuple[str, str]) -> None:
    assert split_prefix(last_name) == expected


def test_a_dutch_list_files_prefixed_names_under_the_main_part() -> None:
    names = [("Yilmaz", "Can"), ("van den Berg", "Anna"), ("Bakker", "Piet"), ("de Boer", "Els"), ("Çelik", "Ali")]
    ordered = sorted(names, key=lambda name: sort_name(*name))
    assert ordered == [
        ("Bakker", "Piet"),
        ("van den Berg", "Anna"),
        ("de Boer", "Els"),
        ("Çelik", "Ali"),
        ("Yilmaz", "Can"),
    ]


@pytest.mark.django_db
def test_the_employee_list_page_shows_van_den_berg_before_yilmaz(client: Any) -> None:
    employer = EmployerFactory()
    EmployeeFactory(employer=employer, first_name="Can", last_name="Yilmaz")
    EmployeeFactory(employer=employer, first_name="Anna", last_name="van den Berg")
    EmployeeFactory(employer=employer, first_name="Piet", last_name="Bakker")
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=employer))
    html = client.get("/werknemers/").content.decode()
    assert html.index("Bakker") < html.index("van den Berg") < html.index("Yilmaz")


@pytest.mark.django_db
def test_a_renamed_employee_moves_in_the_list() -> None:
    employer = EmployerFactory()
    user = UserFactory(role=Role.EMPLOYER, employer=employer)
    anna = EmployeeFactory(employer=employer, first_name="Anna", last_name="Aalders")
    EmployeeFactory(employer=employer, first_name="Can", last_name="Yilmaz")
    services.employee_update(updated_by=user, employee=anna, last_name="van Zanten")
    names = [e.last_name for e in selectors.employee_list(fetched_by=user)]
    assert names == ["Yilmaz", "van Zanten"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_sort_name_of_existing_employees() -> None:
    employer = EmployerFactory()
    employee = EmployeeFactory(employer=employer, first_name="Anna", last_name="van den Berg")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [("verzuim", "0010_outgoing_mail")]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        executor = MigrationExecutor(connection)
        executor.migrate([("verzuim", "0011_employee_sort_name")])
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert Employee.objects.get(pk=employee.pk).sort_name == "berg, van den, anna"
