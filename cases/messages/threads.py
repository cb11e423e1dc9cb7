"""What the case thread (cases.messages) and the physician's confidential thread (cases.medical) share: showing a
thread and marking it read, sending a message with its PDF attachment, and the mail that says there is a new one.

Who may read or write a thread is not decided here: each thread's selectors fetch the case for its own parties and
pass it in. Every read is audited (one row per page view or API page, with the number of messages; AVG art. 5(2)
and art. 32), every message written is audited without its text.

The mail of a new message holds a link to the thread and nothing else: not the text, not the employee's name, not
the reason of the absence (AVG art. 5(1)(f) and art. 9: an e-mail box is not the place for health data; the
reader logs in to read).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.messages.models import TEXT_MAX_LENGTH, ThreadMessage, ThreadMessageRead
from verzuim.audit import audit_record
from verzuim.mail import Mail, mail_kind, mail_queue, mail_render
from verzuim.models import AuditAction, OutgoingMail, User
from verzuim.selectors import as_uuid
from verzuim.uploads import upload_is_pdf

THREAD_MAIL_TEMPLATE = "email/thread_message"


@dataclass(frozen=True)
class Thread:
    """One kind of thread: its two tables and the name its reads and writes are audited under."""

    message_model: type[ThreadMessage]
    read_model: type[ThreadMessageRead]
    object_type: str  # the audit log's object type, e.g. "case_message"
    related: tuple[str, ...] = ()  # further select_related of a message (the case thread's follow-up)


def thread_queryset(thread: Thread, *, case: AbsenceCase) -> QuerySet[Any]:
    """The messages of a case with their authors and read receipts (and readers): two queries for any number."""
    reads = thread.read_model._default_manager.select_related("reader").order_by("read_at", "pk")
    messages: QuerySet[Any] = thread.message_model._default_manager.filter(case=case)
    return messages.select_related("author", *thread.related).prefetch_related(Prefetch("reads", queryset=reads))


def thread_mark_read(thread: Thread, *, case: AbsenceCase, reader: User, messages: Sequence[ThreadMessage]) -> None:
    """Record that `reader` saw `messages` (their receipts prefetched): one receipt per message they did not write
    and had not seen, in one INSERT; and one audit row for the view, whatever the number of messages."""
    now = timezone.now()
    unread = [
        message
        for message in messages
        if message.author_id != reader.pk and all(read.reader_id != reader.pk for read in message.reads.all())  # type: ignore[attr-defined]
    ]
    if unread:
        thread.read_model._default_manager.bulk_create(
            [thread.read_model(message=message, reader=reader, read_at=now) for message in unread],  # type: ignore[misc]
            ignore_conflicts=True,
        )
    audit_record(
        actor=reader,
        action=AuditAction.LIST,
        object_type=thread.object_type,
        object_id=case.pk,
        employer=case.employer,
        changes={"count": len(messages), "newly_read": len(unread)},
    )


def thread_read(thread: Thread, *, case: AbsenceCase, reader: User) -> list[ThreadMessage]:
    """The whole thread, oldest first (the newest at the bottom, above the form), marked read for `reader`."""
    messages = list(thread_queryset(thread, case=case).order_by("sent_at", "id"))
    thread_mark_read(thread, case=case, reader=reader, messages=messages)
    return messages


def thread_message_get(thread: Thread, *, case: AbsenceCase, message_id: Any) -> ThreadMessage:
    """A message of a case whose thread the user already got through its parties' check, or LookupError."""
    pk = as_uuid(message_id)
    message = thread.message_model._default_manager.filter(case=case, pk=pk).first() if pk else None
    if message is None:
        raise LookupError(message_id)
    return message


def attachment_max_bytes() -> int:
    return int(settings.DOCUMENT_UPLOAD_MAX_MB) * 1024 * 1024


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _check(text: str, upload: UploadedFile | None) -> str:
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Schrijf een bericht.")]
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = [
            _("Een bericht mag hoogstens %(max)s tekens zijn; dit bericht heeft er %(count)s.")
            % {"max": _thousands(TEXT_MAX_LENGTH), "count": _thousands(len(text))}
        ]
    if upload is not None:
        if upload.size is not None and upload.size > attachment_max_bytes():
            errors["attachment"] = [
                _("Het bestand is te groot: een bijlage mag hoogstens %(max)s MB zijn.")
                % {"max": settings.DOCUMENT_UPLOAD_MAX_MB}
            ]
        elif not upload_is_pdf(upload):
            errors["attachment"] = [_("Dit bestand is geen PDF. Voeg de bijlage toe als PDF-bestand.")]
    if errors:
        raise ValidationError(errors)
    return text


def thread_message_send(
    thread: Thread,
    *,
    case: AbsenceCase,
    author: User,
    text: str,
    upload: UploadedFile | None = None,
    notify: Iterable[tuple[str, str]] = (),
    now: dt.datetime | None = None,
) -> ThreadMessage:
    """Store a message (and its PDF) and queue one mail per (mail kind, address) of `notify`, all or nothing.

    Bad input raises ValidationError on `text` or `attachment`, with a Dutch message; a refused file leaves nothing
    behind. The audit row says who wrote in which thread and whether a file came with it, never the text."""
    text = _check(text, upload)
    now = now or timezone.now()
    stored: str | None = None
    try:
        with transaction.atomic():
            message = thread.message_model(case=case, author=author, text=text, sent_at=now)
            if upload is not None:
                message.attachment_name = os.path.basename(upload.name or "")[:200] or "bijlage.pdf"
                # The stored name is the message's id: nothing of the sender's file name reaches the disk.
                message.attachment.save(f"{message.pk}.pdf", upload, save=False)
                stored = message.attachment.name
            message.save(force_insert=True)
            audit_record(
                actor=author,
                action=AuditAction.CREATE,
                object_type=thread.object_type,
                object_id=message.pk,
                employer=case.employer,
                changes={"case": str(case.pk), "attachment": upload is not None},
            )
            for kind, address in dict.fromkeys(notify):
                mail_queue(kind=kind, to=address, object_type=thread.object_type, object_id=message.pk, now=now)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return message


def thread_attachment_read(thread: Thread, *, case: AbsenceCase, reader: User, message_id: Any) -> ThreadMessage:
    """A message's attachment for download by a party of the thread; the read is audited. LookupError when the
    message is not of this case or has no attachment."""
    message = thread_message_get(thread, case=case, message_id=message_id)
    if not message.attachment:
        raise LookupError(message_id)
    audit_record(
        actor=reader,
        action=AuditAction.READ,
        object_type=thread.object_type,
        object_id=message.pk,
        employer=case.employer,
        changes={"view": "attachment"},
    )
    return message


def thread_mail_kind(
    thread: Thread, *, kind: str, url_name: str, label: str | Promise, confidential: bool = False
) -> None:
    """Register the mail of a new message of `thread` whose link goes to the page `url_name` (with the case id).
    Rendered when the outbox sends it; the message gone (it never is) sends nothing."""

    def render(row: OutgoingMail) -> Mail | None:
        case_id = (
            thread.message_model._default_manager.filter(pk=row.object_id).values_list("case_id", flat=True).first()
        )
        if case_id is None:
            return None
        return mail_render(
            to=row.recipients,
            subject=_("Nieuw bericht in het Verzuimportaal"),
            template=THREAD_MAIL_TEMPLATE,
            context={"url": settings.PORTAL_BASE_URL + reverse(url_name, args=[case_id]), "confidential": confidential},
        )

    mail_kind(kind, render=render, label=label)
