"""Writes of the complaints desk's intake (docs/domain.md §11): filing a complaint from the public form,
the portal or the API, with its reference number, deadlines, attachments, history row, audit row and the
confirmation e-mail to the complainant."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from complaints import deadlines, follow
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintTerms,
    ReferenceCounter,
)
from verzuim.audit import audit_record
from verzuim.mail import Mail, mail_queue, mail_render
from verzuim.models import AuditAction, Employer, OutgoingMail, Role, User
from verzuim.validators import validate_kvk_number

AUDIT_OBJECT = "complaint"
COMPLAINT_RECEIPT = "complaint_receipt"
MAX_ATTACHMENTS = 3
ATTACHMENT_MAX_MB = 5
# What each accepted file type starts with (its "magic bytes"); the name and the browser's claim are not trusted.
# PDF only, as the dossier's uploads (issue 21 item 1; docs/decisions.md item 261, which replaces the PDF/JPG/PNG of
# item 109): judged by the first bytes, never by the name or the browser's type.
ATTACHMENT_TYPES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),  # ISO 32000-1 §7.5.2
)
_HEAD_BYTES = max(len(magic) for magic, _type, _ext in ATTACHMENT_TYPES)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def complaint_reference_next(*, year: int) -> str:
    """The next `KL-YYYY-NNNNNN` of the year; call inside a transaction. The year's counter row is created with
    INSERT .. ON CONFLICT DO NOTHING (two first complaints of a year cannot both create it) and then locked, so
    concurrent filings number one after the other without gaps or doubles."""
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last=0)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"KL-{year:04d}-{counter.last:06d}"


def complaint_terms_on(day: dt.date) -> ComplaintTerms:
    terms = ComplaintTerms.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if terms is None:
        raise ValidationError(_("Er zijn geen termijnen voor klachtafhandeling vastgelegd voor deze datum."))
    return terms


def attachment_type(upload: UploadedFile) -> tuple[str, str] | None:
    """(content type, extension) judged by the file's first bytes; None when it is not a PDF."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    for magic, content_type, extension in ATTACHMENT_TYPES:
        if head.startswith(magic):
            return content_type, extension
    return None


def complaint_attachments_check(attachments: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str, str]]:
    """Every attachment with its type, or a ValidationError on `attachments` naming each refused file."""
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": [_("U kunt hoogstens %(max)s bijlagen meesturen.") % {"max": MAX_ATTACHMENTS}]}
        )
    errors: list[str] = []
    checked: list[tuple[UploadedFile, str, str]] = []
    for upload in attachments:
        name = os.path.basename(upload.name or "")
        if upload.size is not None and upload.size > ATTACHMENT_MAX_MB * 1024 * 1024:
            errors.append(
                _("%(name)s is te groot: een bijlage mag hoogstens %(max)s MB zijn.")
                % {"name": name, "max": ATTACHMENT_MAX_MB}
            )
            continue
        found = attachment_type(upload)
        if found is None:
            errors.append(_("%(name)s is geen PDF-bestand. Stuur een foto of scan als PDF mee.") % {"name": name})
            continue
        checked.append((upload, *found))
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


# The channels of a complaint the desk registers itself (decision 263), and the only ones without an e-mail address.
DESK_CHANNELS = frozenset({ComplaintChannel.LETTER, ComplaintChannel.PHONE})


def _validate_registration(*, channel: str, contact_email: str, registered_by: User | None) -> None:
    """A letter or a call is registered by a complaint handler (or the admin); every other channel has the
    complainant's own e-mail address."""
    if channel in DESK_CHANNELS:
        if registered_by is None or registered_by.role not in (Role.COMPLAINT_HANDLER, Role.ADMIN):
            # A caller's mistake, not a user's: only the desk's view registers, and it lets the desk in only.
            raise ValueError("a letter or a call is registered by a complaint handler")
    elif registered_by is not None:
        raise ValueError("only a letter or a call is registered by the desk")
    elif not (contact_email or "").strip():
        raise ValidationError({"contact_email": [_("Vul uw e-mailadres in.")]})


def _validate_input(
    *, channel: str, category: str, employer_kvk: str, submitted_by: User | None, case: AbsenceCase | None
) -> None:
    errors: dict[str, list[str]] = {}
    if channel not in ComplaintChannel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if category not in ComplaintCategory.values:
        errors["category"] = [_("Kies een van de onderwerpen.")]
    if employer_kvk:
        try:
            validate_kvk_number(employer_kvk)
        except ValidationError as exc:
            errors["employer_kvk"] = list(exc.messages)
    if channel == ComplaintChannel.PORTAL and (
        submitted_by is None or submitted_by.role != Role.EMPLOYER or submitted_by.employer_id is None
    ):
        raise ValueError("a portal complaint is filed by an employer user")
    # Only an employer user names a case, and only one of its own employer's (decision 260).
    if case is not None and (
        channel != ComplaintChannel.PORTAL or submitted_by is None or case.employer_id != submitted_by.employer_id
    ):
        errors["case"] = [_("Kies een verzuimgeval van uw eigen bedrijf.")]
    if errors:
        raise ValidationError(errors)


def complaint_file(
    *,
    channel: str,
    category: str,
    description: str,
    contact_name: str,
    contact_email: str,
    employer_kvk: str = "",
    submitted_by: User | None = None,
    case: AbsenceCase | None = None,
    registered_by: User | None = None,
    attachments: Sequence[UploadedFile] = (),
    today: dt.date | None = None,
) -> Complaint:
    """File a complaint: one transaction for the reference, deadlines, complaint, attachments, the `received`
    history row and the audit row; the complainant's confirmation e-mail goes after the commit.

    The employer is linked when an employer user files it, or when the KvK number is one of our employers.
    A refused attachment refuses the whole complaint, and nothing (no row, no file) is left behind."""
    received_on = _today(today)
    employer_kvk = (employer_kvk or "").strip()
    _validate_input(channel=channel, category=category, employer_kvk=employer_kvk, submitted_by=submitted_by, case=case)
    _validate_registration(channel=channel, contact_email=contact_email, registered_by=registered_by)
    checked = complaint_attachments_check(list(attachments))
    employer: Employer | None = None
    if submitted_by is not None and submitted_by.role == Role.EMPLOYER and submitted_by.employer is not None:
        employer = submitted_by.employer
        employer_kvk = employer_kvk or employer.kvk_number
    elif employer_kvk:
        employer = Employer.objects.filter(kvk_number=employer_kvk).first()
    stored: list[str] = []
    try:
        with transaction.atomic():
            terms = complaint_terms_on(received_on)
            complaint = Complaint(
                reference=complaint_reference_next(year=received_on.year),
                category=category,
                description=description.strip(),
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip(),
                employer_kvk=employer_kvk,
                employer=employer,
                submitted_by=submitted_by,
                case=case,
                channel=channel,
                received_on=received_on,
                terms=terms,
                acknowledge_by=deadlines.acknowledge_by(received_on, terms.acknowledge_working_days),
                answer_by=deadlines.answer_by(received_on, terms.answer_weeks),
            )
            complaint.full_clean(exclude=["terms", "employer", "submitted_by", "case", "reference"])
            complaint.save(force_insert=True)
            for upload, content_type, extension in checked:
                attachment = ComplaintAttachment(
                    complaint=complaint,
                    original_name=os.path.basename(upload.name or "")[:200],
                    content_type=content_type,
                    size=upload.size or 0,
                )
                # The stored name is the attachment's id and its real type: nothing of the sender's name reaches
                # the disk, and MEDIA_ROOT is served by no URL.
                attachment.file.save(f"{attachment.pk}.{extension}", upload, save=False)
                stored.append(attachment.file.name)
                attachment.save(force_insert=True)
            ComplaintEvent.objects.create(
                complaint=complaint,
                actor=submitted_by or registered_by,
                kind=ComplaintEventKind.RECEIVED,
                data={
                    "channel": channel,
                    "acknowledge_by": complaint.acknowledge_by.isoformat(),
                    "answer_by": complaint.answer_by.isoformat(),
                    "attachments": len(checked),
                },
            )
            audit_record(
                actor=submitted_by or registered_by,
                action=AuditAction.CREATE,
                object_type=AUDIT_OBJECT,
                object_id=complaint.pk,
                employer=employer,
                changes={
                    "reference": complaint.reference,
                    "channel": channel,
                    "category": category,
                    **({"case": str(case.pk)} if case is not None else {}),
                },
            )
            # The confirmation goes through the outbox once this commits (complaints.mails): a mail server that is
            # down neither undoes nor delays the complaint, and the mail is retried.
            if complaint.contact_email:
                mail_queue(
                    kind=COMPLAINT_RECEIPT,
                    to=complaint.contact_email,
                    object_type=AUDIT_OBJECT,
                    object_id=complaint.pk,
                )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return complaint


def complaint_file_followable(**kwargs: Any) -> tuple[Complaint, str]:
    """`complaint_file` for the public form and the API, plus the complainant's private follow link (complaints.follow)
    in the same transaction: the complaint and its token (shown once, on the confirmation page or in the API's
    answer; only its hash is stored)."""
    with transaction.atomic():
        complaint = complaint_file(**kwargs)
        token = follow.follow_link_issue(complaint)
    return complaint, token


def complaint_receipt_render(row: OutgoingMail) -> Mail | None:
    """The outbox's renderer of the confirmation (registered by complaints.mails); None when the complaint is gone.
    It runs at send time inside the claim's transaction and makes the mail's own follow link then (a mail that is
    not handed over leaves no link)."""
    complaint = Complaint.objects.filter(pk=row.object_id).first()
    if complaint is None:
        return None
    return complaint_receipt_mail(complaint, follow_url=follow.complaint_follow_url_for_mail(complaint))


def complaint_receipt_mail(complaint: Complaint, *, follow_url: str = "") -> Mail:
    """The complainant's confirmation: the reference, both deadlines and where to follow the complaint (in Dutch,
    whatever the request's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return mail_render(
            to=[complaint.contact_email],
            subject=_("Uw klacht is ontvangen (%(reference)s)") % {"reference": complaint.reference},
            template="email/complaint_received",
            context={
                "complaint": complaint,
                "base_url": settings.PORTAL_BASE_URL,
                "follow_url": follow_url,
                "follows_by_link": follow.follows_by_link(complaint),
            },
        )
