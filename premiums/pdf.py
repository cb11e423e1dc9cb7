"""The premium notice (premienota) of a premium calculation, rendered through verzuim.pdf."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from premiums import explanation
from premiums.models import PremiumCalculation
from verzuim.models import User
from verzuim.pdf import RenderedDocument, pdf_response, render_document

__all__ = ["PremiumNoticeData", "pdf_response", "premium_notice_render"]


@dataclass(frozen=True)
class PremiumNoticeData:
    calculation: PremiumCalculation
    explanation: explanation.Explanation
    today: dt.date
    generated_by: User


def premium_notice_render(
    *, calculation: PremiumCalculation, generated_by: User, today: dt.date | None = None
) -> RenderedDocument:
    """The premium of one policy-year with the plain-Dutch explanation and every number (no queries: the
    calculation comes from premiums.selectors with its policy, employer and parameter set)."""
    data = PremiumNoticeData(
        calculation=calculation,
        explanation=explanation.explain(calculation),
        today=today or timezone.localdate(),
        generated_by=generated_by,
    )
    return render_document(template_name="pdf/premium_notice.html", context={"notice": data})
