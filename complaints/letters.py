"""The letters to the complainant (issue 21 item 2): acknowledgement and answer, composed on the desk.

A letter is always the same frame around the handler's text: one greeting ("Beste <naam>,"), the text, for an
answer the paragraph on where to go next, and one sign-off with the handler's name. The frame is the template's
(templates/complaints/letters/_letter.html for the page, the PDF and the mail's HTML; _letter.txt for the mail's
plain text); the text is the handler's, prefilled from a standard text: the desk's own, edited in the admin
(ComplaintLetterTemplate, decision 262), else the built-in one (templates/complaints/letters/<kind>.txt). So a
text that brings its own greeting or sign-off is refused (`letter_body_errors`): that is how an answer got two
greetings ("Beste Werkgever X," then "Geachte heer/mevrouw,").

No ORM writes and no mail (it reads the desk's own standard texts). Sending is complaints.services_desk.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import Complaint, ComplaintLetterKind, ComplaintLetterTemplate

# The letter's name in the desk's URLs and file names.
LETTER_SLUGS: dict[str, ComplaintLetterKind] = {
    "ontvangstbevestiging": ComplaintLetterKind.ACKNOWLEDGEMENT,
    "antwoord": ComplaintLetterKind.ANSWER,
}
SLUG_OF = {kind: slug for slug, kind in LETTER_SLUGS.items()}
STANDARD_TEXTS = {
    ComplaintLetterKind.ACKNOWLEDGEMENT: "complaints/letters/acknowledgement.txt",
    ComplaintLetterKind.ANSWER: "complaints/letters/answer.txt",
}
# What the standard answer text leaves for the handler to write; a letter with it still in is not sent.
PLACEHOLDER = gettext_lazy("[Schrijf hier uw antwoord.]")
BODY_MAX = 10000

# A line that opens a letter, and words that close one (the frame has its own; a second would double them).
_GREETING = re.compile(r"^\s*(beste|geachte|hallo|hoi|dag|goedemorgen|goedemiddag|goedenavond)\b", re.IGNORECASE)
_CLOSING = re.compile(
    r"\b(met\s+vriendelijke\s+groet(en)?|vriendelijke\s+groet(en)?|hoogachtend|met\s+hartelijke\s+groet(en)?)\b",
    re.IGNORECASE,
)


# The placeholders of an edited standard text (ComplaintLetterTemplate, decision 262) and what fills them.
PLACEHOLDERS = {
    "kenmerk": gettext_lazy("het kenmerk van de klacht"),
    "ontvangen_op": gettext_lazy("de datum van ontvangst (dd-mm-jjjj)"),
    "antwoord_uiterlijk": gettext_lazy("de uiterste datum van ons antwoord (dd-mm-jjjj)"),
    "onderwerp": gettext_lazy("het onderwerp van de klacht"),
    "antwoord": gettext_lazy("de plek van het antwoord, die de behandelaar invult (alleen in het antwoord)"),
}


def _values(complaint: Complaint) -> dict[str, str]:
    return {
        "kenmerk": complaint.reference,
        "ontvangen_op": f"{complaint.received_on:%d-%m-%Y}",
        "antwoord_uiterlijk": f"{complaint.answer_by:%d-%m-%Y}",
        "onderwerp": str(complaint.get_category_display()).lower(),
        "antwoord": str(PLACEHOLDER),
    }


def letter_template_errors(kind: str, text: str) -> list[str]:
    """Why `text` cannot be the standard text of a letter of `kind` (in Dutch); [] when it can."""
    template = string.Template(text)
    if not template.is_valid():
        return [_("Een $ hoort bij een invulveld zoals $kenmerk; schrijf $$ voor een dollarteken.")]
    unknown = sorted(set(template.get_identifiers()) - set(PLACEHOLDERS))
    errors: list[str] = []
    if unknown:
        errors.append(
            _("Onbekend invulveld: %(names)s. Gebruik %(known)s.")
            % {"names": ", ".join(f"${name}" for name in unknown), "known": ", ".join(f"${n}" for n in PLACEHOLDERS)}
        )
    if kind != ComplaintLetterKind.ANSWER and "antwoord" in template.get_identifiers():
        errors.append(_("$antwoord hoort alleen in de standaardtekst van het antwoord."))
    # The frame brings the greeting and the sign-off; a standard text must not bring its own (decision 233).
    sample = template.safe_substitute(dict.fromkeys(PLACEHOLDERS, "x"))
    errors += [error for error in letter_body_errors(sample) if error != letter_body_errors("")[0]]
    return errors


def letter_standard_text(kind: str, complaint: Complaint) -> str:
    """The standard text of a letter of `kind` for `complaint`, in Dutch, for the handler to edit: the desk's own
    (ComplaintLetterTemplate) when it has one, else the built-in text."""
    own = ComplaintLetterTemplate.objects.filter(kind=kind).values_list("text", flat=True).first()
    if own is not None:
        return string.Template(own).safe_substitute(_values(complaint)).strip()
    with translation.override("nl"):
        return render_to_string(
            STANDARD_TEXTS[ComplaintLetterKind(kind)],
            {
                "complaint": complaint,
                "placeholder": PLACEHOLDER,
                # Plain text for a text box: the dates as dd-mm-jjjj without the pages' <span class="nowrap">.
                "received_on": f"{complaint.received_on:%d-%m-%Y}",
                "answer_by": f"{complaint.answer_by:%d-%m-%Y}",
            },
        ).strip()


def letter_body_errors(body: str) -> list[str]:
    """Why `body` cannot be the text of a letter (in Dutch); [] when it can."""
    errors: list[str] = []
    text = body.strip()
    if not text:
        return [_("Schrijf de tekst van de brief.")]
    first_line = text.splitlines()[0]
    if _GREETING.match(first_line):
        errors.append(_("Laat de aanhef weg: de brief begint al met „Beste …,”."))
    if _CLOSING.search(text):
        errors.append(_("Laat de groet weg: de brief eindigt al met „Met vriendelijke groet” en uw naam."))
    if str(PLACEHOLDER) in text:
        errors.append(_("Vervang „%(placeholder)s” door uw antwoord.") % {"placeholder": PLACEHOLDER})
    if len(text) > BODY_MAX:
        errors.append(_("De tekst is te lang: hoogstens %(max)s tekens.") % {"max": BODY_MAX})
    return errors


@dataclass(frozen=True)
class LetterContent:
    """What the frame of a letter needs: the complaint, the kind, the date, the text and the signer's name."""

    complaint: Complaint
    kind: str
    today: dt.date
    body: str
    signer_name: str

    @property
    def paragraphs(self) -> list[str]:
        """The text in paragraphs (separated by an empty line); line breaks inside a paragraph stay."""
        blocks = re.split(r"\n\s*\n", self.body.strip().replace("\r\n", "\n"))
        return [block.strip() for block in blocks if block.strip()]

    @property
    def is_answer(self) -> bool:
        return self.kind == ComplaintLetterKind.ANSWER

    @property
    def title(self) -> str:
        return str(ComplaintLetterKind(self.kind).label)

    @property
    def slug(self) -> str:
        return SLUG_OF[ComplaintLetterKind(self.kind)]

    @property
    def filename(self) -> str:
        return f"{self.slug}-{self.complaint.reference}-{self.today:%Y-%m-%d}.pdf"
