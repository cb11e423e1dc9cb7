"""The sector's expected absence beside an employer's figures (issue 24 item 4; decision 368).

The premium compares the employer's absence (without safety-net cases) with the expected absence of its SBI section
in the premium parameters (docs/domain.md "Premiums", E = A / sector expected absence). Those parameters belong to
premiums, which cases may not import (docs/architecture.md "Plug-ins"): premiums registers the provider here
(premiums.case_hooks, imported by PremiumsConfig.ready) and the statistics page and API ask through it.

For the figures of year Y the reference is the one the premium of year Y uses: the parameter set valid on 1 January
of Y, carried forward at most one year (premiums.parameters.for_year). None when no such set exists or it has no
row for the employer's section: the page then says so instead of showing a figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from verzuim.models import Employer


@dataclass(frozen=True)
class SectorReference:
    """The expected absence of a sector as the premium of ``year`` uses it."""

    year: int
    sbi_section: str
    sector_label: str  # "G Handel"
    expected_absence_pct: Decimal
    parameters_valid_from: dt.date  # the valid-from date of the parameter set it comes from


# provider(sbi_code, year): the reference for an employer with that SBI code in that year, or None.
SectorReferenceProvider = Callable[[str, int], SectorReference | None]
_provider: SectorReferenceProvider | None = None


def sector_reference_register(provider: SectorReferenceProvider) -> None:
    """Premiums registers where the sector's expected absence comes from. One provider only."""
    global _provider
    if _provider is not None and _provider != provider:
        raise ImproperlyConfigured("The sector reference of the statistics is already registered.")
    _provider = provider


def sector_reference(*, employer: Employer, year: int) -> SectorReference | None:
    """The sector's expected absence for the employer's figures of ``year`` (two queries), or None."""
    if _provider is None:
        raise ImproperlyConfigured(
            "No sector reference is registered: the statistics need the premiums app "
            "(premiums.case_hooks, imported by PremiumsConfig.ready)."
        )
    return _provider(employer.sbi_code, year)
