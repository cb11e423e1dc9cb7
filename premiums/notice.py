"""What the premium notice (premienota) asks: the premium of the year in terms, each with its period and the day
it must be paid, and the insurer who asks it (issue 24 item 3; docs/domain.md §7 "Premium notice").

* The period is the premium year, 1 January to 31 December: a premium calculation is the premium of one
  policy-year (decision 359).
* The terms follow the policy's payment term (`Policy.payment_term`, yearly unless agreed otherwise: decision 356):
  1, 4 or 12 equal terms of whole months. Each term is the premium divided by the number of terms, rounded to
  cents; the last term takes the rounding difference, so the terms add up to the premium exactly.
* A term is due on its first day, or on the notice's date when that is later; it must be paid within the
  insurer's payment term (`InsurerDetails.payment_term_days`, 30 days in the seed) after that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from premiums.models import TERMS_PER_YEAR, InsurerDetails, PaymentTerm

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Installment:
    number: int
    start: dt.date
    end: dt.date
    amount: Decimal
    pay_by: dt.date


def period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def installments(
    *, premium: Decimal, year: int, payment_term: str, notice_date: dt.date, payment_term_days: int
) -> list[Installment]:
    """The terms of `premium` for `year`; they add up to the premium to the cent."""
    count = TERMS_PER_YEAR[PaymentTerm(payment_term)]
    months = 12 // count
    share = (premium / count).quantize(CENT, rounding=ROUND_HALF_UP)
    terms: list[Installment] = []
    for index in range(count):
        start = dt.date(year, 1 + index * months, 1)
        next_start = dt.date(year + 1, 1, 1) if index == count - 1 else dt.date(year, 1 + (index + 1) * months, 1)
        amount = premium - share * (count - 1) if index == count - 1 else share
        due = max(start, notice_date)
        terms.append(
            Installment(
                number=index + 1,
                start=start,
                end=next_start - dt.timedelta(days=1),
                amount=amount,
                pay_by=due + dt.timedelta(days=payment_term_days),
            )
        )
    return terms


def insurer_details_on(day: dt.date) -> InsurerDetails | None:
    """The version of the insurer's details in force on `day`."""
    return InsurerDetails.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
