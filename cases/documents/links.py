"""The employee's one-time links (docs/decisions.md #40).

The employee has no account: they sign the plan, or give their own view, through a link mailed to an address
the employer or casemanager gives (the income conversation's link works the same way, cases.income.services).
Only the SHA-256 of the link's token is stored; the token lives in the e-mail alone. The mail goes through the
outbox (verzuim.mail): issuing a link queues its mail, and the token is made when the mail is sent
(`link_token_renew`, called by the renderers of cases.documents.mails and cases.income.mails), so a link opens
nothing until its mail went out. A link works once, for LINK_VALID_DAYS days, and stops working when its
document changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.absence.models import AbsenceCase, CaseStatus
from cases.documents.models import DocumentState, LinkPurpose, OneTimeLink, ReintegrationDocument, SignerRole
from cases.documents.rules import AUDIT_OBJECT
from verzuim.audit import audit_record
from verzuim.mail import mail_queue
from verzuim.models import AuditAction, User

# A one-time link works for 14 days (docs/decisions.md #40): long enough for an employee who
# is ill to react, short enough that an old mail in a shared mailbox is useless.
LINK_VALID_DAYS = 14


class LinkInvalid(Exception):
    """The one-time link is unknown, used, expired, or its document can no longer be signed."""


def link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link_valid(link: OneTimeLink, now: dt.datetime) -> bool:
    if link.used_at is not None or link.expires_at <= now:
        return False
    if link.purpose == LinkPurpose.SIGN:
        document = link.document
        return (
            document is not None
            and document.state == DocumentState.DRAFT
            and not document.signatures.filter(signer_role=SignerRole.EMPLOYEE).exists()
        )
    return link.case.status == CaseStatus.OPEN


def link_open(*, token: str) -> OneTimeLink:
    """The link behind a token, when it can still be used; records that the employee opened it."""
    link = (
        OneTimeLink.objects.select_related("case__employee", "case__employer", "document")
        .filter(token_hash=link_token_hash(token))
        .first()
    )
    if link is None or not _link_valid(link, timezone.now()):
        raise LinkInvalid
    audit_record(
        actor=None,
        action=AuditAction.READ,
        object_type=AUDIT_OBJECT if link.document_id else "absence_case",
        object_id=link.document_id or link.case_id,
        employer=link.case.employer,
        changes={"via": "one_time_link", "link": link.pk, "purpose": link.purpose},
    )
    return link


def link_pending(*, document: ReintegrationDocument) -> OneTimeLink | None:
    """The link the employee can still use to sign this version, if any."""
    return (
        OneTimeLink.objects.filter(
            document=document, purpose=LinkPurpose.SIGN, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def employee_view_links_pending(*, case: AbsenceCase) -> list[OneTimeLink]:
    return list(
        OneTimeLink.objects.filter(
            case=case, purpose=LinkPurpose.EMPLOYEE_VIEW, used_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )


def link_issue(
    *,
    sent_by: User,
    case: AbsenceCase,
    purpose: str,
    email: str,
    now: dt.datetime,
    mail_kind: str,
    document: ReintegrationDocument | None = None,
) -> OneTimeLink:
    """Make a one-time link, audit it and queue its mail of `mail_kind`; call inside the caller's transaction, with
    the case locked. The link gets the hash of a token nobody has: it opens nothing until the outbox sends its mail
    and the renderer gives it a real token (`link_token_renew`)."""
    link = OneTimeLink(
        case=case,
        document=document,
        purpose=purpose,
        token_hash=link_token_hash(secrets.token_urlsafe(32)),  # the token is thrown away: nobody can open it
        email=email,
        expires_at=now + dt.timedelta(days=LINK_VALID_DAYS),
        created_by=sent_by,
    )
    link.full_clean(exclude=["case", "document", "created_by"])
    link.save(force_insert=True)
    audit_record(
        actor=sent_by,
        action=AuditAction.CREATE,
        object_type="one_time_link",
        object_id=link.pk,
        employer=case.employer,
        changes={
            "purpose": purpose,
            "document": str(document.pk) if document else "",
            "expires_at": str(link.expires_at),
        },
    )
    mail_queue(kind=mail_kind, to=email, object_type="one_time_link", object_id=link.pk, now=now)
    return link


def link_token_renew(link_id: str) -> tuple[OneTimeLink, AbsenceCase, str] | None:
    """At send time, inside the outbox's claim: lock the link's case and the link and, when the link can still be
    used, give it a new token (only its hash is stored) for the mail. None when the link is gone, used, expired or
    retired meanwhile (a newer link replaced it): its mail is not sent. A failed hand-over rolls the new hash back,
    so the token in a mail that never left opens nothing."""
    found = OneTimeLink.objects.filter(pk=link_id).values_list("pk", "case_id").first()
    if found is None:
        return None
    link_pk, case_pk = found
    # The case first, as every other write of the case does, then the link.
    case = AbsenceCase.objects.select_for_update().select_related("employer", "employee").get(pk=case_pk)
    link = OneTimeLink.objects.select_for_update(of=("self",)).select_related("document").get(pk=link_pk)
    link.case = case
    if not _link_valid(link, timezone.now()):
        return None
    token = secrets.token_urlsafe(32)
    link.token_hash = link_token_hash(token)
    link.save(update_fields=["token_hash"])
    return link, case, token


def link_lock(token: str) -> tuple[OneTimeLink, AbsenceCase]:
    """The link behind a token with its case, both locked (call inside the caller's transaction); LinkInvalid when
    it can no longer be used."""
    found = OneTimeLink.objects.filter(token_hash=link_token_hash(token)).values_list("pk", "case_id").first()
    if found is None:
        raise LinkInvalid
    link_pk, case_pk = found
    # The case first, as every other write of the case does, then the link: two tabs cannot both use it.
    case = AbsenceCase.objects.select_for_update().select_related("employer", "employee").get(pk=case_pk)
    link = OneTimeLink.objects.select_for_update(of=("self",)).select_related("document").get(pk=link_pk)
    link.case = case
    if not _link_valid(link, timezone.now()):
        raise LinkInvalid
    return link, case


def link_mail_context(link_id: str, *, url_name: str) -> tuple[OneTimeLink, dict[str, Any]] | None:
    """For a link's mail, at send time: the link with a fresh token and the context every link mail shares
    (employee, employer, the link's address and its expiry); None when the link can no longer be sent."""
    renewed = link_token_renew(link_id)
    if renewed is None:
        return None
    link, case, token = renewed
    return link, {
        "employee": case.employee,
        "employer": case.employer,
        "url": settings.PORTAL_BASE_URL + reverse(url_name, kwargs={"token": token}),
        "expires_at": link.expires_at,
    }
