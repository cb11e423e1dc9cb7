"""The documents of the complaints desk, rendered through verzuim.pdf: the two letters to the complainant
(acknowledgement and answer), the yearly complaints report and the covenant evaluation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from complaints.models import Complaint, ComplaintEventKind
from verzuim.models import User
from verzuim.pdf import RenderedDocument, pdf_response, render_document

if TYPE_CHECKING:
    from complaints.reports import ComplaintsReport, CovenantReport

__all__ = [
    "COMPLAINT_LETTERS",
    "ComplaintLetterData",
    "complaint_letter_render",
    "complaints_report_render",
    "covenant_report_render",
    "pdf_response",
]

# The letter's name in its URL and file name → its template.
COMPLAINT_LETTERS = {
    "ontvangstbevestiging": "pdf/complaint_acknowledgement.html",
    "antwoord": "pdf/complaint_answer.html",
}


@dataclass(frozen=True)
class ComplaintLetterData:
    complaint: Complaint
    today: dt.date
    generated_by: User
    # The answer letter's body: the note of the latest `answered` history row.
    answer_text: str = ""


def complaint_letter_render(
    *, complaint: Complaint, letter: str, generated_by: User, today: dt.date | None = None
) -> RenderedDocument:
    """The acknowledgement or the answer letter of a complaint (letter: a key of COMPLAINT_LETTERS)."""
    template_name = COMPLAINT_LETTERS[letter]
    answer = complaint.events.filter(kind=ComplaintEventKind.ANSWERED).order_by("-at", "-id").first()
    data = ComplaintLetterData(
        complaint=complaint,
        today=today or timezone.localdate(),
        generated_by=generated_by,
        answer_text=answer.note if answer else "",
    )
    return render_document(template_name=template_name, context={"letter": data})


def complaints_report_render(
    *, report: ComplaintsReport, generated_by: User, today: dt.date | None = None
) -> RenderedDocument:
    """The yearly complaints report (complaints.reports; aggregated numbers only, no queries)."""
    return render_document(
        template_name="pdf/covenant_complaints.html",
        context={"report": report, "generated_by": generated_by, "today": today or timezone.localdate()},
    )


def covenant_report_render(
    *, report: CovenantReport, generated_by: User, today: dt.date | None = None
) -> RenderedDocument:
    """The covenant evaluation of a year: complaints, claims development and satisfaction (aggregated)."""
    return render_document(
        template_name="pdf/covenant_evaluation.html",
        context={"report": report, "generated_by": generated_by, "today": today or timezone.localdate()},
    )
