"""The letters of the complaints desk, sent (issue 21 item 2; docs/domain.md §11).

Sending a letter is one transaction: the step it reports (acknowledge or answer, complaints.services_workflow,
with its lock, history row and audit row), the letter as sent (`ComplaintLetter`, its PDF included) and the outbox
row that mails it (verzuim.mail). The step can happen once, so the letter is written once and its mail queued
once; the outbox hands each row to the mail server once (a claimed row is marked sent in the claim's transaction).
A complaint without an e-mail address gets no outbox row: its letter is printed from the desk.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import services_workflow as workflow
from complaints.letters import LetterContent, letter_body_errors
from complaints.models import Complaint, ComplaintLetter, ComplaintLetterKind
from complaints.pdf import complaint_letter_pdf
from verzuim.audit import audit_record
from verzuim.mail import Attachment, Mail, mail_queue, mail_render
from verzuim.models import AuditAction, OutgoingMail, User

COMPLAINT_LETTER_MAIL = "complaint_letter"
AUDIT_LETTER = "complaint_letter"


def letter_content(letter: ComplaintLetter) -> LetterContent:
    """The frame's content of a stored letter (dated on the day it was written, in Europe/Amsterdam)."""
    return LetterContent(
        complaint=letter.complaint,
        kind=letter.kind,
        today=timezone.localdate(letter.created_at),
        body=letter.body,
        signer_name=letter.signed_by.get_full_name(),
    )


def _step(*, kind: str, sent_by: User, complaint: Complaint, body: str, note: str, today: dt.date | None) -> Complaint:
    if kind == ComplaintLetterKind.ACKNOWLEDGEMENT:
        return workflow.complaint_acknowledge(acknowledged_by=sent_by, complaint=complaint, note=note, today=today)
    try:
        return workflow.complaint_answer(answered_by=sent_by, complaint=complaint, text=body, today=today)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "text" in error.error_dict:
            raise ValidationError({"body": error.error_dict["text"]}) from error
        raise


@transaction.atomic
def complaint_letter_send(
    *, sent_by: User, complaint: Complaint, kind: str, body: str, today: dt.date | None = None
) -> ComplaintLetter:
    """Acknowledge or answer `complaint` with the letter whose text is `body`: the step, the stored letter (PDF)
    and, when the complaint has an e-mail address, its mail in the outbox. A refused step or text leaves nothing."""
    if kind not in ComplaintLetterKind.values:
        raise ValueError(f"unknown letter kind {kind!r}")
    if errors := letter_body_errors(body):
        raise ValidationError({"body": errors}, code="letter_frame")
    body = body.strip().replace("\r\n", "\n")
    email = complaint.contact_email.strip()
    note = (
        _("Brief per e-mail verstuurd naar %(email)s.") % {"email": email}
        if email
        else _("Geen e-mailadres: de brief wordt geprint en per post verstuurd.")
    )
    complaint = _step(kind=kind, sent_by=sent_by, complaint=complaint, body=body, note=note, today=today)
    content = LetterContent(
        complaint=complaint,
        kind=kind,
        today=today or timezone.localdate(),
        body=body,
        signer_name=sent_by.get_full_name(),
    )
    letter = ComplaintLetter.objects.create(
        complaint=complaint,
        kind=kind,
        body=body,
        signed_by=sent_by,
        pdf=complaint_letter_pdf(content).pdf,
        sent_to=email,
    )
    if email:
        letter.mail = mail_queue(kind=COMPLAINT_LETTER_MAIL, to=email, object_type=AUDIT_LETTER, object_id=letter.pk)
        letter.save(update_fields=["mail"])
    audit_record(
        actor=sent_by,
        action=AuditAction.CREATE,
        object_type=AUDIT_LETTER,
        object_id=letter.pk,
        employer=complaint.employer,
        changes={"complaint": complaint.reference, "kind": kind, "sent_to": email},
    )
    return letter


def complaint_letter_mail_render(row: OutgoingMail) -> Mail | None:
    """The outbox's renderer of a letter (registered by complaints.mails): the letter as the mail's text, its PDF
    attached; None when the letter is gone."""
    letter = ComplaintLetter.objects.select_related("complaint", "signed_by").filter(pk=row.object_id).first()
    if letter is None or not letter.sent_to:
        return None
    content = letter_content(letter)
    subject = _("%(title)s van uw klacht (%(reference)s)") % {
        "title": content.title,
        "reference": letter.complaint.reference,
    }
    return mail_render(
        to=[letter.sent_to],
        subject=subject,
        template="email/complaint_letter",
        context={"letter": content, "subject": subject},
        attachments=[Attachment(filename=content.filename, content=bytes(letter.pdf), mimetype="application/pdf")],
    )
