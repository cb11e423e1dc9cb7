"""The renewal and the statistics page agree field for field on a generated book (issue 19, acceptance).

The renewal's own absence of a past year is the statistics' `absence_pct_excl_pregnancy` over the insured part of
that year (premiums/renewal.py); the page computes it from the one-employer loader, the renewal from the
many-employer loader. Both go through cases.statistics.data.employers_facts and cases.statistics.rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count, Min

from bench.generate import FullBookPlan, full_book_generate
from cases.absence.models import AbsenceCase
from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from premiums.models import Policy, PremiumCalculation
from premiums.renewal import ABSENCE_YEARS
from premiums.services import premium_renew

# A small book: a few dozen employers, open and closed cases, some with relapses (two sick periods).
PLAN = FullBookPlan(employers=40, open_cases=8, closed_cases=40, seed=7)
YEAR = PLAN.premium_year + 1
TODAY = dt.date(PLAN.premium_year, 11, 1)

pytestmark = pytest.mark.django_db


def test_the_renewal_stores_the_statistics_pages_own_absence_for_every_policy_and_year() -> None:
    full_book_generate(plan=PLAN)
    relapsed = AbsenceCase.objects.annotate(n=Count("periods")).filter(n__gt=1).count()
    assert relapsed >= 1, "the generated book has no relapse to check"

    report = premium_renew(year=YEAR, today=TODAY)
    assert report.created == PLAN.employers
    assert not report.problems

    insured_since = dict(
        Policy.objects.values("employer_id").annotate(first=Min("start_date")).values_list("employer_id", "first")
    )
    calculations = list(PremiumCalculation.objects.filter(year=YEAR).select_related("employer"))
    employer_ids = [calculation.employer_id for calculation in calculations]
    # The renewal's own loader call: every employer at once, over the three years before the premium year.
    book = statistics_data.employers_facts(employer_ids, start=dt.date(YEAR - ABSENCE_YEARS, 1, 1), end=TODAY)
    compared = 0
    durations: list[Decimal] = []
    for calculation in calculations:
        employer = calculation.employer
        stored = calculation.inputs["own_absence_pct"]
        expected: dict[str, str] = {}
        for past in range(YEAR - ABSENCE_YEARS, YEAR):
            start = max(dt.date(past, 1, 1), insured_since[employer.pk])
            end = min(dt.date(past, 12, 31), TODAY - dt.timedelta(days=1))
            if end < start:
                continue
            # What the statistics page and API show: the year's figures (a running year up to yesterday), or the
            # same formulas over the insured part of the year when the insurance began within it.
            if start == dt.date(past, 1, 1):
                page = statistics_data.employer_year_statistics(employer=employer, year=past, today=end).figures
            else:
                page = statistics_data.employer_statistics(employer=employer, start=start, end=end)
            # Field for field: the many-employer facts of the renewal give the page's four figures.
            facts = book[employer.pk]
            assert statistics.statistics(facts.employees, facts.cases, start, end) == page, (employer, past)
            if page.average_duration_days is not None:
                durations.append(page.average_duration_days)
            if any(statistics.employed_days(span, start, end) for span in facts.employees):
                expected[str(past)] = str(page.absence_pct_excl_pregnancy)
                compared += 1
        assert stored == expected, employer
        assert all(Decimal(value) >= 0 for value in stored.values())
    assert compared >= PLAN.employers
    # The book is not trivially empty: some own absence and some ended reports to average.
    assert any(
        Decimal(value) > 0 for calculation in calculations for value in calculation.inputs["own_absence_pct"].values()
    )
    assert durations
