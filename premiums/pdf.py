"""The premium notice (premienota) of a premium calculation and the product sheet of a policy, rendered through
verzuim.pdf.

The notice is the letter an insurer sends (premiums.notice): the insurer's letterhead and details in force on the
notice's date, the policy number, the period, the premium due per term with the day each term must be paid, the
account, and what to do when the employer disagrees (the complaints route, verzuim.plugins.complaint_route_on);
the explanation of the calculation follows as an appendix on the next pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from premiums import explanation, notice
from premiums.models import InsurerDetails, PremiumCalculation
from premiums.product_sheet import ProductSheet
from verzuim.models import User
from verzuim.pdf import RenderedDocument, pdf_response, render_document
from verzuim.plugins import ComplaintRoute, complaint_route_on

__all__ = ["PremiumNoticeData", "pdf_response", "premium_notice_render", "product_sheet_render"]


@dataclass(frozen=True)
class PremiumNoticeData:
    calculation: PremiumCalculation
    explanation: explanation.Explanation
    today: dt.date
    generated_by: User
    insurer: InsurerDetails | None
    period_start: dt.date
    period_end: dt.date
    installments: list[notice.Installment]
    payment_term_days: int
    complaint_route: ComplaintRoute | None


def premium_notice_render(
    *, calculation: PremiumCalculation, generated_by: User, today: dt.date | None = None
) -> RenderedDocument:
    """The notice of one policy-year, with the plain-Dutch explanation and every number attached (two queries: the
    insurer's details and the complaint terms; the calculation comes from premiums.selectors with its policy,
    employer and parameter set)."""
    day = today or timezone.localdate()
    insurer = notice.insurer_details_on(day)
    payment_term_days = (
        insurer.payment_term_days if insurer else InsurerDetails._meta.get_field("payment_term_days").get_default()
    )
    start, end = notice.period(calculation.year)
    data = PremiumNoticeData(
        calculation=calculation,
        explanation=explanation.explain(calculation),
        today=day,
        generated_by=generated_by,
        insurer=insurer,
        period_start=start,
        period_end=end,
        installments=notice.installments(
            premium=calculation.premium,
            year=calculation.year,
            payment_term=calculation.policy.payment_term,
            notice_date=day,
            payment_term_days=payment_term_days,
        ),
        payment_term_days=payment_term_days,
        complaint_route=complaint_route_on(day),
    )
    return render_document(template_name="pdf/premium_notice.html", context={"notice": data})


def product_sheet_render(*, sheet: ProductSheet) -> RenderedDocument:
    """The product sheet as a PDF: the same sections and labels as the page."""
    return render_document(template_name="pdf/product_sheet.html", context={"sheet": sheet})
