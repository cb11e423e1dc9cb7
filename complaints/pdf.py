"""The documents of the complaints desk, rendered through verzuim.pdf: the two letters to the complainant
(acknowledgement and answer), the yearly complaints report and the covenant evaluation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from complaints.letters import LETTER_SLUGS, LetterContent, letter_standard_text
from complaints.models import Complaint, ComplaintEventKind, ComplaintLetterKind
from verzuim.models import User
from verzuim.pdf import RenderedDocument, pdf_response, render_document

if TYPE_CHECKING:
    from complaints.reports import ComplaintsReport, CovenantReport

__all__ = [
    "COMPLAINT_LETTERS",
    "complaint_letter_pdf",
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


def complaint_letter_pdf(content: LetterContent) -> RenderedDocument:
    """A letter to the complainant (complaints.letters): the letter head, then the frame around the text."""
    return render_document(template_name=COMPLAINT_LETTERS[content.slug], context={"letter": content})


def complaint_letter_render(
    *, complaint: Complaint, letter: str, generated_by: User | None, today: dt.date | None = None
) -> RenderedDocument:
    """The acknowledgement or the answer letter of a complaint (letter: a key of COMPLAINT_LETTERS), as the back
    office downloads it: the letter as it was sent when there is one, else the standard text (acknowledgement) or
    the recorded answer, signed by the handler of the complaint (or whoever downloads it; no name when the
    complainant opens it through complaints.follow and nobody handles it)."""
    kind = LETTER_SLUGS[letter]
    sent = complaint.letters.filter(kind=kind).select_related("signed_by").order_by("-created_at", "-id").first()
    signer: User | None
    if sent is not None:
        body, signer = sent.body, sent.signed_by
        today = timezone.localdate(sent.created_at)  # the letter as it was sent, on its own date
    elif kind == ComplaintLetterKind.ANSWER:
        answer = complaint.events.filter(kind=ComplaintEventKind.ANSWERED).order_by("-at", "-id").first()
        body, signer = (answer.note if answer else ""), complaint.assigned_to or generated_by
    else:
        body, signer = letter_standard_text(kind, complaint), complaint.assigned_to or generated_by
    content = LetterContent(
        complaint=complaint,
        kind=kind,
        today=today or timezone.localdate(),
        body=body,
        signer_name=signer.get_full_name() if signer is not None else "",
    )
    return complaint_letter_pdf(content)


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
