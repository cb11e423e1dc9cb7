"""cases 0009: a conversation recorded before the hours and the date of birth were facts gets its employee's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.income.models import IncomeConversation
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, UserFactory
from verzuim.models import Role

BEFORE = ("cases", "0008_income_work_history_before_2016")


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_an_earlier_conversation_takes_the_hours_and_date_of_birth_of_its_employee() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    employee = EmployeeFactory(weekly_hours=Decimal("24.50"), date_of_birth=dt.date(1990, 2, 1))
    case = make_case(employee=employee, days_sick=300)
    casemanager = UserFactory(role=Role.CASEMANAGER)
    try:
        executor = _migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps.get_model("cases", "IncomeConversation")
        conversation = old.objects.create(
            case_id=case.pk,
            held_on=dt.date(2026, 6, 1),
            held_by_id=casemanager.pk,
            monthly_wage=Decimal("4000.00"),
            reference_date=dt.date(2026, 6, 1),
            work_history_years=12,
            incapacity_pct=Decimal(50),
            durable=False,
            remaining_capacity_monthly=Decimal("2000.00"),
            expected_earnings_monthly=Decimal("1000.00"),
        )
        _migrate(latest)
        migrated = IncomeConversation.objects.get(pk=conversation.pk)
        assert (migrated.weekly_hours, migrated.date_of_birth) == (Decimal("24.50"), dt.date(1990, 2, 1))
    finally:
        _migrate(latest)
