"""Dated premium parameters: the seeded 2026 set, the loader, SBI sections, the lock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from premiums import calculator, parameters, services
from premiums.models import CoverageFactor, CredibilityPoint, ParameterSet, ParameterSetLocked
from tests.factories import PolicyFactory
from verzuim.models import Role, User


@pytest.mark.parametrize(
    ("sbi_code", "section"),
    [("0111", "A"), ("1071", "C"), ("4322", "F"), ("4711", "G"), ("5610", "I"), ("8610", "Q"), ("99", "U")],
)
def test_sbi_code_maps_to_its_section(sbi_code: str, section: str) -> None:
    assert parameters.sbi_section(sbi_code) == section


@pytest.mark.parametrize("sbi_code", ["04", "40", "00", "x1", "4"])
def test_sbi_division_that_does_not_exist_has_no_section(sbi_code: str) -> None:
    assert parameters.sbi_section(sbi_code) is None


@pytest.mark.django_db
def test_the_2026_seed_loads_into_the_calculator_defaults() -> None:
    loaded = parameters.for_year(2026)
    assert loaded.parameter_set.valid_from == dt.date(2026, 1, 1)
    assert loaded.parameters == calculator.Parameters()
    assert loaded.sector_for("4322") == parameters.Sector("F", D("4.4000"), D("5.1000"))
    assert len(loaded.sectors) == 21


@pytest.mark.django_db
def test_a_year_uses_the_set_valid_on_1_january() -> None:
    assert parameters.for_year(2027).parameter_set.valid_from == dt.date(2026, 1, 1)
    with pytest.raises(parameters.ParametersUnavailable, match="1 januari 2025"):
        parameters.for_year(2025)


@pytest.mark.django_db
def test_an_incomplete_set_is_refused_with_what_is_missing() -> None:
    incomplete = ParameterSet.objects.create(valid_from=dt.date(2027, 1, 1), wage_cap=D("81000"), rise_cap_pct=D(10))
    CoverageFactor.objects.create(parameter_set=incomplete, coverage="100/70", factor=D(1))
    CredibilityPoint.objects.create(parameter_set=incomplete, employees=1, weight_pct=D(5))
    with pytest.raises(parameters.ParametersUnavailable) as raised:
        parameters.for_year(2027)
    message = str(raised.value)
    assert "eigenrisicodagen: 10, 20, 30, 65" in message
    assert "dekking: 100/100, 70/70" in message
    assert "Z(n) heeft minstens twee punten" in message


@pytest.mark.django_db
def test_a_set_used_by_a_calculation_cannot_change(make_user: Callable[..., User]) -> None:
    insurer = make_user(Role.INSURER)
    services.premium_calculate(calculated_by=insurer, policy=PolicyFactory(), year=2026, today=dt.date(2026, 1, 5))
    used = ParameterSet.objects.get(valid_from=dt.date(2026, 1, 1))
    used.wage_cap = D("1")
    with pytest.raises(ParameterSetLocked):
        used.save()
    with pytest.raises(ParameterSetLocked):
        used.coveragefactor_set.first().delete()
    assert ParameterSet.objects.get(pk=used.pk).wage_cap == D("79409.00")


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_2026_parameters_again() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert parameters.for_year(2026).parameter_set.valid_from == dt.date(2026, 1, 1)


@pytest.mark.django_db
def test_a_set_serves_its_own_year_and_the_next_but_no_later_year() -> None:
    assert parameters.for_year(2027).parameter_set.valid_from == dt.date(2026, 1, 1)
    with pytest.raises(parameters.ParametersUnavailable) as raised:
        parameters.for_year(2028)
    assert str(raised.value) == (
        "Er zijn nog geen premieparameters voor 2028: de nieuwste set geldt vanaf 1 januari 2026 en dient hoogstens "
        "het jaar daarna. Leg eerst de parameters voor 2028 vast in het beheer."
    )
    with pytest.raises(parameters.ParametersUnavailable):
        parameters.for_year(2100)
