"""The sector comparison of the absence figures (issue 24 item 4; decision 368): the employer's figures beside the
expected absence of its SBI section in the premium parameters the premium of that year uses, reached through the
hook cases.statistics.sector that premiums fills (cases may not import premiums)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cases.statistics import sector as sector_hook
from cases.statistics.chart import PLOT
from premiums.case_hooks import sector_reference_for
from premiums.models import ParameterSet, SectorParameter
from premiums.seed import VALID_FROM
from verzuim.charts import coordinate
from verzuim.models import Employer, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
SEEDED_YEAR = VALID_FROM.year  # the seeded parameter set (premiums.seed) is valid from 1 January 2026


@pytest.fixture
def employer(employer_user: User) -> Employer:
    employer = employer_user.employer
    employer.sbi_code = "4711"  # section G, retail: 4.4 % expected absence in the seeded set
    employer.save(update_fields=["sbi_code"])
    return employer


@pytest.fixture
def employer_client(client: Client, employer_user: User) -> Client:
    client.force_login(employer_user)
    return client


def test_the_reference_is_the_sections_expected_absence_in_the_set_of_that_premium_year(
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(2):  # the set valid on 1 January, its row of the section
        reference = sector_reference_for("4711", SEEDED_YEAR)
    assert reference is not None
    assert (reference.sbi_section, reference.sector_label) == ("G", "G Handel")
    assert reference.expected_absence_pct == Decimal("4.4000")
    assert (reference.year, reference.parameters_valid_from) == (SEEDED_YEAR, VALID_FROM)


def test_a_set_serves_one_year_after_its_own_like_the_premium_and_no_further() -> None:
    assert sector_reference_for("4711", SEEDED_YEAR + 1) is not None
    assert sector_reference_for("4711", SEEDED_YEAR + 2) is None
    assert sector_reference_for("4711", SEEDED_YEAR - 1) is None  # no set valid on 1 January before it


def test_a_newer_set_takes_over_from_its_valid_from_year() -> None:
    seeded = ParameterSet.objects.get(valid_from=VALID_FROM)
    newer = ParameterSet.objects.create(
        valid_from=dt.date(SEEDED_YEAR + 1, 1, 1),
        wage_cap=seeded.wage_cap,
        rise_cap_pct=seeded.rise_cap_pct,
        intervention_limit_pct=seeded.intervention_limit_pct,
    )
    SectorParameter.objects.create(
        parameter_set=newer, sbi_section="G", rate_pct=Decimal("3.3"), expected_absence_pct=Decimal("4.9")
    )
    reference = sector_reference_for("4711", SEEDED_YEAR + 1)
    assert reference is not None
    assert (reference.expected_absence_pct, reference.parameters_valid_from) == (Decimal("4.9"), newer.valid_from)


def test_an_sbi_code_without_a_section_has_no_reference() -> None:
    assert sector_reference_for("0500", SEEDED_YEAR) is None  # division 05 does not exist in SBI 2008


def test_without_premiums_registering_the_hook_refuses(monkeypatch: pytest.MonkeyPatch, employer: Employer) -> None:
    monkeypatch.setattr(sector_hook, "_provider", None)
    with pytest.raises(ImproperlyConfigured):
        sector_hook.sector_reference(employer=employer, year=SEEDED_YEAR)


def test_page_shows_the_sector_figure_its_section_and_the_parameter_year(
    employer_client: Client, employer: Employer
) -> None:
    content = employer_client.get(f"/werkgevers/{employer.pk}/verzuimcijfers/?jaar={SEEDED_YEAR}").content.decode()
    assert '<p class="figure" id="value-sector">4,40%</p>' in content
    assert (
        "Sector G Handel, uit de premieparameters die gelden vanaf 1 januari 2026: daarmee rekent de premie van 2026."
    ) in content
    # The table's row under the months, and the legend of the reference line in the chart.
    row = re.search(r'<tr class="sector-row">(.*?)</tr>', content, re.DOTALL)
    assert row
    assert "Verwacht verzuim sector G Handel (premie 2026)" in row.group(1)
    assert ">4,40%</td>" in row.group(1)
    assert "Verwacht verzuim sector G Handel (premie 2026): 4,40%" in content


def test_chart_draws_the_reference_line_at_the_sector_figure_and_the_axis_fits_it(
    employer_client: Client, employer: Employer
) -> None:
    # No absence at all: without the reference the axis would stop at 2 %; with 4.4 % it goes to 8 %.
    content = employer_client.get(f"/werkgevers/{employer.pk}/verzuimcijfers/?jaar={SEEDED_YEAR}").content.decode()
    line = re.search(r'<line class="chart-reference" [^>]*y1="([0-9.]+)"', content)
    assert line
    assert line.group(1) == coordinate(PLOT.y_of(Decimal("4.4"), Decimal(8)))
    assert "Een stippellijn toont het verwachte verzuim in de sector G Handel: 4,40%." in content


def test_a_year_without_parameters_says_so_and_draws_no_line(employer_client: Client, employer: Employer) -> None:
    content = employer_client.get(f"/werkgevers/{employer.pk}/verzuimcijfers/?jaar=2025").content.decode()
    assert "Voor 2025 is geen verwacht verzuim van uw sector vastgelegd in de premieparameters." in content
    assert "chart-reference" not in content
    assert '<p class="figure" id="value-sector">\N{EN DASH}</p>' in content


def test_api_adds_the_sector_reference(api_as: ApiAs, employer_user: User, employer: Employer) -> None:
    assert timezone.localdate().year >= SEEDED_YEAR
    response = api_as(employer_user).get(f"/api/v1/employers/{employer.pk}/statistics/?year={SEEDED_YEAR}")
    assert response.status_code == 200, response.json()
    assert response.json()["sector_expected_absence"] == {
        "sbi_section": "G",
        "sector": "G Handel",
        "expected_absence_pct": "4.4000",
        "premium_year": SEEDED_YEAR,
        "parameters_valid_from": VALID_FROM.isoformat(),
    }
