"""Loads the dated premium parameters (premiums.models.ParameterSet) into the calculator's `Parameters`.

A set applies from its valid-from date until the next set's; a premium year uses the set valid on 1 January,
carried forward at most one year: the set of 2026 serves 2026 and the renewal for 2027 (made in November, before
the insurer records next year's numbers), not 2028 or 2100. A later year has no parameters until insurer staff
record a set for it (docs/decisions.md "Plausible data").
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from premiums import calculator
from premiums.models import Coverage, ParameterSet, SbiSection, WaitingDays

HUNDRED = Decimal(100)

# SBI 2008: the first two digits (the division) decide the section.
_SECTION_BY_DIVISION: dict[int, str] = {}
for _section, _first, _last in (
    ("A", 1, 3),
    ("B", 6, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
):
    for _division in range(_first, _last + 1):
        _SECTION_BY_DIVISION[_division] = _section


def sbi_section(sbi_code: str) -> str | None:
    """The SBI section letter of an SBI code ("4711" → "G"); None for a division that does not exist."""
    if len(sbi_code) < 2 or not (sbi_code[:2].isascii() and sbi_code[:2].isdigit()):
        return None
    return _SECTION_BY_DIVISION.get(int(sbi_code[:2]))


class ParametersUnavailable(Exception):
    """No complete parameter set applies: the message says what is missing, in Dutch."""


@dataclass(frozen=True)
class Sector:
    section: str
    rate_pct: Decimal
    expected_absence_pct: Decimal


@dataclass(frozen=True)
class LoadedParameters:
    parameter_set: ParameterSet
    parameters: calculator.Parameters
    sectors: MappingProxyType[str, Sector]

    def sector_for(self, sbi_code: str) -> Sector:
        section = sbi_section(sbi_code)
        if section is None or section not in self.sectors:
            raise ParametersUnavailable(
                _("Er is geen sectortarief voor SBI-code %(code)s in %(set)s.")
                % {"code": sbi_code, "set": self.parameter_set}
            )
        return self.sectors[section]


def parameter_set_on(day: dt.date) -> ParameterSet | None:
    return ParameterSet.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def waiting_days_problems(days: Iterable[int]) -> list[str]:
    """Checks of one table of a set (also used on the admin's unsaved rows); Dutch, empty when fine."""
    missing = {choice.value for choice in WaitingDays} - set(days)
    if not missing:
        return []
    return [
        _("Factor ontbreekt voor eigenrisicodagen: %(days)s.") % {"days": ", ".join(str(d) for d in sorted(missing))}
    ]


def coverage_problems(options: Iterable[str]) -> list[str]:
    missing = {choice.value for choice in Coverage} - set(options)
    if not missing:
        return []
    return [_("Factor ontbreekt voor dekking: %(options)s.") % {"options": ", ".join(sorted(missing))}]


def sector_problems(sections: Iterable[str]) -> list[str]:
    missing = {choice.value for choice in SbiSection} - set(sections)
    if not missing:
        return []
    return [_("Sectortarief ontbreekt voor SBI-secties: %(sections)s.") % {"sections": ", ".join(sorted(missing))}]


def age_mix_problems(from_ages: Iterable[int]) -> list[str]:
    if 0 in set(from_ages):
        return []
    return [_("De factoren leeftijd/loonmix moeten beginnen bij leeftijd 0.")]


def credibility_problems(points: Iterable[tuple[int, Decimal]]) -> list[str]:
    """`points` as (employees, weight %); the weight may not fall as the number of employees rises."""
    ordered = sorted(points)
    if len(ordered) < 2:
        return [_("De meetellingstabel Z(n) heeft minstens twee punten nodig.")]
    if any(later[1] < earlier[1] for earlier, later in itertools.pairwise(ordered)):
        return [_("De meetellingstabel Z(n) mag niet dalen bij meer werknemers.")]
    return []


def problems(parameter_set: ParameterSet) -> list[str]:
    """What keeps a set from being used, in Dutch; empty when it is complete.

    Iterates the related rows with `.all()`, so a caller that prefetched them (the admin's list) runs no query.
    """
    return [
        *waiting_days_problems(row.waiting_days for row in parameter_set.waitingdaysfactor_set.all()),
        *coverage_problems(row.coverage for row in parameter_set.coveragefactor_set.all()),
        *sector_problems(row.sbi_section for row in parameter_set.sectorparameter_set.all()),
        *age_mix_problems(row.from_age for row in parameter_set.agemixfactor_set.all()),
        *credibility_problems((row.employees, row.weight_pct) for row in parameter_set.credibilitypoint_set.all()),
    ]


def load(parameter_set: ParameterSet) -> LoadedParameters:
    """The set as the calculator's `Parameters` (raises ParametersUnavailable when incomplete)."""
    found = problems(parameter_set)
    if found:
        raise ParametersUnavailable(" ".join([str(parameter_set) + ":", *found]))
    points = parameter_set.credibilitypoint_set.order_by("employees").values_list("employees", "weight_pct")
    parameters = calculator.Parameters(
        wage_cap=parameter_set.wage_cap,
        waiting_days_factors=calculator.frozen(
            dict(parameter_set.waitingdaysfactor_set.values_list("waiting_days", "factor"))
        ),
        coverage_factors=calculator.frozen(dict(parameter_set.coveragefactor_set.values_list("coverage", "factor"))),
        age_mix_bands=tuple(parameter_set.agemixfactor_set.order_by("from_age").values_list("from_age", "factor")),
        credibility_points=tuple((n, pct / HUNDRED) for n, pct in points),
        rise_cap=parameter_set.rise_cap_pct / HUNDRED,
    )
    sectors = {
        row.sbi_section: Sector(row.sbi_section, row.rate_pct, row.expected_absence_pct)
        for row in parameter_set.sectorparameter_set.all()
    }
    return LoadedParameters(parameter_set=parameter_set, parameters=parameters, sectors=MappingProxyType(sectors))


# How many premium years after its own a set may serve (see the module docstring).
CARRY_FORWARD_YEARS = 1


def for_year(year: int) -> LoadedParameters:
    """The parameters that apply to premium year `year` (the set valid on 1 January, at most a year old)."""
    parameter_set = parameter_set_on(dt.date(year, 1, 1))
    if parameter_set is not None and year > parameter_set.valid_from.year + CARRY_FORWARD_YEARS:
        raise ParametersUnavailable(
            _(
                "Er zijn nog geen premieparameters voor %(year)d: de nieuwste set geldt vanaf %(date)s en dient "
                "hoogstens het jaar daarna. Leg eerst de parameters voor %(year)d vast in het beheer."
            )
            % {"year": year, "date": date_format(parameter_set.valid_from, "j F Y")}
        )
    if parameter_set is None:
        raise ParametersUnavailable(
            _("Er zijn geen premieparameters die gelden op 1 januari %(year)d. Leg ze eerst vast in het beheer.")
            % {"year": year}
        )
    return load(parameter_set)
