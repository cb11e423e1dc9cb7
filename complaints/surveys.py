"""Satisfaction surveys: a one-time link after a complaint closes and after an absence case closes.

The link carries a random token (`secrets.token_urlsafe`); only its SHA-256 is stored, so a database copy opens no
survey. An invitation is valid for 30 days and answered once: the response and `used_at` are written under a row
lock on the invitation. The e-mail (Dutch) goes through the outbox (verzuim.mail) once the transaction that made the
invitation commits; the token is made when the mail is sent (`survey_invitation_render`), so an invitation opens
nothing before its mail went out.

* After a complaint: to the complainant's e-mail address (`complaints.signals.complaint_closed`).
* After a case: to the active employer users of the case's employer (`cases.absence.signals.case_closed`); one link for
  the employer (one invitation per case), so the first of them who answers uses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint, SurveyInvitation, SurveyKind, SurveyResponse
from verzuim.audit import audit_record
from verzuim.mail import Mail, mail_queue, mail_render
from verzuim.models import AuditAction, OutgoingMail, Role, User

if TYPE_CHECKING:
    from cases.absence.models import AbsenceCase

logger = logging.getLogger(__name__)

VALID_DAYS = 30
SCORES = (1, 2, 3, 4, 5)
COMMENT_MAX_LENGTH = 2000
SURVEY_INVITATION = "survey_invitation"


class SurveyUnavailable(Exception):
    """The token is unknown, expired or already used (the page shows one 404 for all three)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def survey_url(token: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("survey", kwargs={"token": token})


def _mail(*, invitation: SurveyInvitation, recipients: list[str], token: str) -> Mail:
    context = {
        "kind": invitation.kind,
        "url": survey_url(token),
        "expires_on": timezone.localdate(invitation.expires_at),
        "reference": invitation.complaint.reference if invitation.complaint else "",
    }
    subject = (
        _("Hoe tevreden bent u? Een korte vraag over uw klacht")
        if invitation.kind == SurveyKind.COMPLAINT
        else _("Hoe tevreden bent u? Een korte vraag over de verzuimbegeleiding")
    )
    return mail_render(to=recipients, subject=subject, template="complaints/survey_email", context=context)


def survey_invite(
    *, complaint: Complaint | None = None, case: AbsenceCase | None = None, now: dt.datetime | None = None
) -> SurveyInvitation | None:
    """Invite to the survey about `complaint` or `case` (exactly one). None when there was an invitation already
    (one per complaint or case) or nobody to send it to (a case whose employer has no active user)."""
    if (complaint is None) == (case is None):
        raise ValueError("survey_invite needs exactly one of complaint and case")
    now = now or timezone.now()
    if complaint is not None:
        kind, employer = SurveyKind.COMPLAINT, complaint.employer
        recipients = [complaint.contact_email] if complaint.contact_email else []
        exists = SurveyInvitation.objects.filter(complaint=complaint).exists()
    else:
        assert case is not None
        kind, employer = SurveyKind.CASE, case.employer
        recipients = list(
            User.objects.filter(employer=case.employer, role=Role.EMPLOYER, is_active=True)
            .order_by("email")
            .values_list("email", flat=True)
        )
        exists = SurveyInvitation.objects.filter(case=case).exists()
    if exists or not recipients:
        return None
    with transaction.atomic():
        invitation = SurveyInvitation.objects.create(
            kind=kind,
            # The hash of a token nobody has: the invitation opens nothing until its mail gives it a real one.
            token_hash=token_hash(secrets.token_urlsafe(32)),
            complaint=complaint,
            case=case,
            employer=employer,
            email=recipients[0],
            created_at=now,
            expires_at=now + dt.timedelta(days=VALID_DAYS),
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="survey_invitation",
            object_id=invitation.pk,
            employer=employer,
            changes={"kind": kind, "recipients": len(recipients)},
        )
        mail_queue(
            kind=SURVEY_INVITATION, to=recipients, object_type="survey_invitation", object_id=invitation.pk, now=now
        )
    return invitation


def survey_invitation_render(row: OutgoingMail) -> Mail | None:
    """The outbox's renderer of an invitation (registered by complaints.mails), inside the claim's transaction: the
    invitation gets its token now (only the hash is stored; a failed hand-over rolls it back). None when the
    invitation is gone, used or expired."""
    invitation = SurveyInvitation.objects.select_for_update().filter(pk=row.object_id).first()
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= timezone.now():
        return None
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.save(update_fields=["token_hash"])
    return _mail(invitation=invitation, recipients=list(row.recipients), token=token)


def _usable(token: str, now: dt.datetime) -> Any:
    return SurveyInvitation.objects.filter(token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=now)


def survey_invitation_get(*, token: str, now: dt.datetime | None = None) -> SurveyInvitation:
    """The open invitation of `token`, or SurveyUnavailable (unknown, expired and used look the same)."""
    invitation = _usable(token, now or timezone.now()).first()
    if invitation is None:
        raise SurveyUnavailable
    return invitation


def survey_respond(*, token: str, score: int, comment: str = "", now: dt.datetime | None = None) -> SurveyResponse:
    """Store the one response of an invitation and mark it used; a second answer is SurveyUnavailable."""
    if score not in SCORES:
        raise ValueError(f"score must be 1 to 5, not {score}")
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _usable(token, now).select_for_update().first()
        if invitation is None:
            raise SurveyUnavailable
        response = SurveyResponse.objects.create(
            invitation=invitation, score=score, comment=comment.strip()[:COMMENT_MAX_LENGTH], answered_at=now
        )
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="survey_response",
            object_id=response.pk,
            employer=invitation.employer,
            changes={"invitation": str(invitation.pk)},
        )
    return response


# --- Receivers (connected in complaints.apps) ----------------------------------------------------------------


def on_complaint_closed(sender: Any, complaint: Complaint, **kwargs: Any) -> None:
    # Sent after the close committed: a failing survey must never undo or break the close itself.
    try:
        survey_invite(complaint=complaint)
    except Exception:
        logger.exception("Survey invitation after closing complaint %s failed", complaint.pk)


def on_case_closed(sender: Any, case: AbsenceCase, **kwargs: Any) -> None:
    try:
        survey_invite(case=case)
    except Exception:
        logger.exception("Survey invitation after closing case %s failed", case.pk)
