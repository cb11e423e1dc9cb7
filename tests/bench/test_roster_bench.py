"""The roster benchmark's harness (bench/roster.py) keeps working at a small size."""

from __future__ import annotations

import pytest

from bench.roster import bare_upsert, measure, roster_rows
from verzuim.models import Employee, Employer, RosterSync

pytestmark = pytest.mark.django_db


def test_the_harness_times_both_scenarios_and_both_write_the_same_employees() -> None:
    timings = measure(employees=20, runs=2)
    assert len(timings.sync_new) == len(timings.upsert_resync) == 2
    assert timings.ratio("new") > 0
    assert timings.ratio("resync") > 0
    synced, upserted = Employer.objects.order_by("name")[:2]
    fields = ("personnel_number", "first_name", "weekly_hours", "yearly_wage", "contract_type")

    def rows(employer: Employer) -> list[tuple[object, ...]]:
        return list(Employee.objects.filter(employer=employer).order_by("personnel_number").values_list(*fields))

    assert len(rows(synced)) == 20
    assert rows(synced) == rows(upserted)
    assert RosterSync.objects.filter(employer=synced).count() == 2


def test_the_bare_upsert_updates_in_place() -> None:
    employer = Employer.objects.create(
        name="Upsert B.V.", kvk_number="12345678", payroll_tax_number="001234567L01", sbi_code="4724"
    )
    bare_upsert(employer, roster_rows(5))
    bare_upsert(employer, roster_rows(5, changed_every=2))
    assert Employee.objects.filter(employer=employer).count() == 5
