"""The 2026 premium parameters (docs/domain.md §7, docs/decisions.md #60-#62), written by the data migration 0004.

Also written after `migrate` or `flush` when the database has no parameter set at all (a post_migrate handler in
premiums/apps.py): a test that flushes the database, or a fresh development database, keeps working parameters.
Later years are new sets made in the admin.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

VALID_FROM = dt.date(2026, 1, 1)

# SBI section: (sector rate % of insured payroll, expected absence % of the sector). The expected absence
# follows CBS's absence figures by sector; the rates are the product's 2026 tariff for 100/70 and 10 days.
SECTORS = {
    "A": ("3.1000", "3.9000"),
    "B": ("3.6000", "5.0000"),
    "C": ("3.9000", "5.6000"),
    "D": ("3.2000", "4.5000"),
    "E": ("4.2000", "6.0000"),
    "F": ("4.4000", "5.1000"),
    "G": ("3.2000", "4.4000"),
    "H": ("4.6000", "6.4000"),
    "I": ("2.9000", "3.6000"),
    "J": ("2.6000", "3.6000"),
    "K": ("3.0000", "4.6000"),
    "L": ("3.0000", "4.3000"),
    "M": ("2.7000", "3.7000"),
    "N": ("3.8000", "5.1000"),
    "O": ("4.2000", "6.3000"),
    "P": ("4.0000", "5.9000"),
    "Q": ("4.8000", "6.8000"),
    "R": ("3.2000", "4.3000"),
    "S": ("3.2000", "4.3000"),
    "T": ("3.0000", "4.0000"),
    "U": ("3.0000", "4.0000"),
}
WAITING_DAYS = {10: "1.0000", 20: "0.9300", 30: "0.8800", 65: "0.7500"}
COVERAGE = {"100/70": "1.0000", "70/70": "0.8300", "100/100": "1.1200"}
# Wage-weighted average age of the insured employees, from this age up.
AGE_MIX = {0: "0.9200", 30: "0.9600", 40: "1.0000", 50: "1.0600", 60: "1.1200"}
# docs/domain.md §7: (1, 3%), (3, 9%), (8, 24%), (17, 39%), (25, 45%), flat beyond.
CREDIBILITY = {1: "3.0000", 3: "9.0000", 8: "24.0000", 17: "39.0000", 25: "45.0000"}


def seed(apps: Any, schema_editor: Any = None) -> None:
    ParameterSet = apps.get_model("premiums", "ParameterSet")
    if ParameterSet.objects.filter(valid_from=VALID_FROM).exists():
        return
    parameter_set = ParameterSet.objects.create(
        valid_from=VALID_FROM,
        description="Tarieven en factoren 2026",
        wage_cap=D("79409.00"),
        rise_cap_pct=D("10.00"),
    )
    apps.get_model("premiums", "SectorParameter").objects.bulk_create(
        apps.get_model("premiums", "SectorParameter")(
            parameter_set=parameter_set, sbi_section=section, rate_pct=D(rate), expected_absence_pct=D(expected)
        )
        for section, (rate, expected) in SECTORS.items()
    )
    apps.get_model("premiums", "WaitingDaysFactor").objects.bulk_create(
        apps.get_model("premiums", "WaitingDaysFactor")(parameter_set=parameter_set, waiting_days=days, factor=D(f))
        for days, f in WAITING_DAYS.items()
    )
    apps.get_model("premiums", "CoverageFactor").objects.bulk_create(
        apps.get_model("premiums", "CoverageFactor")(parameter_set=parameter_set, coverage=coverage, factor=D(f))
        for coverage, f in COVERAGE.items()
    )
    apps.get_model("premiums", "AgeMixFactor").objects.bulk_create(
        apps.get_model("premiums", "AgeMixFactor")(parameter_set=parameter_set, from_age=age, factor=D(f))
        for age, f in AGE_MIX.items()
    )
    apps.get_model("premiums", "CredibilityPoint").objects.bulk_create(
        apps.get_model("premiums", "CredibilityPoint")(parameter_set=parameter_set, employees=n, weight_pct=D(z))
        for n, z in CREDIBILITY.items()
    )
