"""Whether an intervention is reimbursed (docs/domain.md §6 "Interventions"): pure rules, no ORM and no settings.

An intervention is reimbursed in full when all three hold; every one that fails is a reason (Dutch):

* the first sick day is on or after the start of the policy;
* the occupational physician or the casemanager advised it;
* the cost is proportionate: at most ``PROPORTIONALITY_FRACTION`` of the wage still to be paid over the rest of
  the 104 weeks (BW art. 7:629 lid 1), that is (728 - today's clock day) / 7 weeks times the weekly wage (yearly
  wage / 52) times the fraction the employee is absent. The limit is rounded half up to cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from cases.absence.poortwachter import WAGE_OBLIGATION_LAST_DAY
from verzuim import numbers

# Parameter (docs/domain.md §6): the share of the remaining wage an intervention may cost. An intervention is expected
# to shorten the absence, not to end it on the day it starts: half the wage still at stake is what the insurer
# accepts as proportionate without a closer look (docs/decisions.md #97).
PROPORTIONALITY_FRACTION = Decimal("0.5")
ADVISERS = frozenset({"physician", "casemanager"})
CENT = Decimal("0.01")


def format_euro(amount: Decimal) -> str:
    """An amount the Dutch way: "€ 1.234,56" with a non-breaking space (verzuim.numbers, the one formatter)."""
    return numbers.format_euro(amount)


def proportionality_limit(
    *, clock_day: int, yearly_wage: Decimal, absent_pct: int, fraction: Decimal = PROPORTIONALITY_FRACTION
) -> Decimal:
    """The most an intervention may cost on a day with this clock day (never below zero)."""
    remaining_days = max(WAGE_OBLIGATION_LAST_DAY - clock_day, 0)
    # One division at the end keeps the weeks and the weekly wage exact: days / 7 * wage / 52 * pct / 100.
    limit = fraction * remaining_days * yearly_wage * absent_pct / Decimal(7 * 52 * 100)
    return limit.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]
    limit: Decimal


def intervention_eligibility(
    *,
    first_sick_day: date,
    policy_start: date | None,
    advised_by: str,
    cost: Decimal,
    clock_day: int,
    yearly_wage: Decimal,
    absent_pct: int,
    fraction: Decimal = PROPORTIONALITY_FRACTION,
) -> Eligibility:
    """Every condition of docs/domain.md §6 that fails, as a Dutch reason; eligible when there is none."""
    reasons: list[str] = []
    if policy_start is None:
        reasons.append(_("Er is geen lopende polis van de werkgever."))
    elif first_sick_day < policy_start:
        reasons.append(
            _("De eerste ziektedag (%(day)s) ligt vóór de ingangsdatum van de polis (%(start)s).")
            % {"day": first_sick_day.strftime("%d-%m-%Y"), "start": policy_start.strftime("%d-%m-%Y")}
        )
    if advised_by not in ADVISERS:
        reasons.append(_("De interventie is niet geadviseerd door de bedrijfsarts of de casemanager."))
    limit = proportionality_limit(
        clock_day=clock_day, yearly_wage=yearly_wage, absent_pct=absent_pct, fraction=fraction
    )
    if cost > limit:
        reasons.append(
            _(
                "De kosten (%(cost)s) zijn hoger dan de proportionaliteitsgrens van %(limit)s "
                "(%(pct)s%% van het loon dat nog moet worden doorbetaald tot week 104)."
            )
            % {"cost": format_euro(cost), "limit": format_euro(limit), "pct": _pct(fraction)}
        )
    return Eligibility(eligible=not reasons, reasons=tuple(reasons), limit=limit)


def _pct(fraction: Decimal) -> str:
    return format((fraction * 100).normalize(), "f").replace(".", ",")
