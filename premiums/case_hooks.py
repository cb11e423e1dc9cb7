"""What premiums provides to cases through the hooks cases declares (cases must not import premiums). Imported by
PremiumsConfig.ready.

* On guarantee approved, create its claim: premiums.claims.services.guarantee_claim_create
  (cases.advice.services.guarantee_claim_creator_register), in the decision's transaction.
* The policy terms of an intervention's eligibility: the start of the policy in force and the proportionality limit
  of the premium parameters (cases.interventions.services.policy_terms_register).
* The sector's expected absence beside the employer's absence figures: the row of the employer's SBI section in the
  parameter set the premium of that year uses (cases.statistics.sector.sector_reference_register; decision 368).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q

from cases.advice.services import guarantee_claim_creator_register
from cases.interventions.services import policy_terms_register
from cases.statistics.sector import SectorReference, sector_reference_register
from premiums.claims.services import guarantee_claim_create
from premiums.models import Policy, PolicyStatus, SbiSection, SectorParameter
from premiums.parameters import CARRY_FORWARD_YEARS, parameter_set_on, sbi_section


def policy_start_on(employer_id: Any, day: dt.date) -> dt.date | None:
    """The start date of the employer's active policy in force on the day (None: no policy runs)."""
    policy = (
        Policy.objects.filter(employer_id=employer_id, status=PolicyStatus.ACTIVE, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date")
        .first()
    )
    return policy.start_date if policy else None


def intervention_limit_on(day: dt.date) -> Decimal | None:
    """The proportionality limit of the parameter set valid on the day, as a fraction; None before any set."""
    parameter_set = parameter_set_on(day)
    return None if parameter_set is None else parameter_set.intervention_limit_pct / 100


def sector_reference_for(sbi_code: str, year: int) -> SectorReference | None:
    """The expected absence of the SBI code's section in the set the premium of ``year`` uses (the set valid on
    1 January, at most CARRY_FORWARD_YEARS old, as premiums.parameters.for_year); None without one. Two queries."""
    section = sbi_section(sbi_code)
    parameter_set = parameter_set_on(dt.date(year, 1, 1))
    if section is None or parameter_set is None or year > parameter_set.valid_from.year + CARRY_FORWARD_YEARS:
        return None
    row = SectorParameter.objects.filter(parameter_set=parameter_set, sbi_section=section).first()
    if row is None:
        return None
    return SectorReference(
        year=year,
        sbi_section=section,
        sector_label=str(SbiSection(section).label),
        expected_absence_pct=row.expected_absence_pct,
        parameters_valid_from=parameter_set.valid_from,
    )


guarantee_claim_creator_register(guarantee_claim_create)
policy_terms_register(policy_start=policy_start_on, intervention_limit=intervention_limit_on)
sector_reference_register(sector_reference_for)
