"""The employee's handout of an income conversation, rendered through verzuim.pdf."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.absence.models import AbsenceCase
from cases.income.chart import IncomeResult
from cases.income.models import IncomeConversation
from verzuim.pdf import RenderedDocument, pdf_filename, render_document


def income_handout_render(
    *, case: AbsenceCase, conversation: IncomeConversation, result: IncomeResult, today: dt.date | None = None
) -> RenderedDocument:
    """The employee's handout of a conversation: the facts, the phases with their explanation, and the chart."""
    return render_document(
        template_name="pdf/income_handout.html",
        context={
            "case": case,
            "conversation": conversation,
            "result": result,
            "today": today or timezone.localdate(),
        },
    )


def handout_filename(case: AbsenceCase, day: dt.date) -> str:
    return pdf_filename("inkomensgevolgen", case.employee.full_name, day)
