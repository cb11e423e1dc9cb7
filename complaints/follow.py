"""Following a complaint (issue 21 items 3 and 4; docs/domain.md §11 "Following a complaint" and "Escalation").

Two ways in, one view of the complaint:

* **Mijn klachten** for an employer user: the complaints filed through the portal by users of the same employer
  (`complaints_for_employer_user`; docs/decisions.md item 247: a KvK number typed into the public form
  or the API is not proof that the filer speaks for that employer, so those complaints are not shown to it).
* **A private link** for the complainant of a public or API complaint: an unguessable token
  (`secrets.token_urlsafe(32)`, 256 bits); only its SHA-256 is stored (complaints.models_follow). The link is made
  at intake (shown on the confirmation page and returned as `follow_url` by the API) and again, as a link of its
  own, by the renderer of the confirmation mail at send time (no outbox row holds a secret, verzuim.mail). A
  handler can revoke every link of a complaint; a link expires one year after the complaint is closed.

What the complainant sees (`complaint_follow_view`): state, deadlines, a timeline of the steps (kind and date, never
the text of a history row: internal notes, the handler's assignment and the note of any step stay inside), the
letters sent (`complaint_letters_for_complainant`) and, once it applies, where to go next (`escalation_for`).
Every read through either way writes an audit row (action `read`), as the dossier's reads do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.letters import LETTER_SLUGS, SLUG_OF
from complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintFollowLink,
    ComplaintLetter,
    ComplaintLetterKind,
    ComplaintStatus,
)
from complaints.pdf import COMPLAINT_LETTERS, complaint_letter_render
from complaints.services_workflow import ComplaintConflict, may_handle
from verzuim.audit import audit_record
from verzuim.mail import Mail, mail_queue, mail_render
from verzuim.models import AuditAction, OutgoingMail, Role, User
from verzuim.pdf import RenderedDocument

AUDIT_OBJECT = "complaint"
TOKEN_BYTES = 32
# A closed complaint's links work for this long after the closing day (issue 21 item 3).
LINK_YEARS_AFTER_CLOSING = 1
# The history rows the complainant sees, by kind (only the kind and the day; never the row's note or data).
# Left out: NOTE (internal notes) and ASSIGNED (who handles it is in the acknowledgement letter).
VISIBLE_EVENTS = frozenset(
    {
        ComplaintEventKind.RECEIVED,
        ComplaintEventKind.ACKNOWLEDGED,
        ComplaintEventKind.INFO_REQUESTED,
        ComplaintEventKind.INFO_RECEIVED,
        ComplaintEventKind.ANSWERED,
        ComplaintEventKind.CLOSED,
        ComplaintEventKind.ESCALATED,
    }
)
COMPLAINT_FOLLOW_LINK = "complaint_follow_link"  # the mail kind of a new link sent by the desk
LETTER_ACKNOWLEDGEMENT = "ontvangstbevestiging"
LETTER_ANSWER = "antwoord"

# Kifid (Klachteninstituut Financiële Dienstverlening), checked on 07-12-2026:
# * https://www.kifid.nl/veelgestelde-vragen/ : first the provider's own complaints procedure; Kifid takes a
#   complaint when that procedure is finished, or when the provider has not answered 8 weeks after the complaint.
# * https://www.consumentenbond.nl/juridisch-advies/juridische-procedure/klacht-voorleggen-aan-het-kifid (15-05-2024):
#   file with Kifid within 3 months after the provider's written final position (afwijzingsbrief), or within one year
#   after first complaining to the provider.
# * https://www.kifid.nl/ondernemers/kleinzakelijke-financiering : businesses (turnover below EUR 5 million) are
#   heard only about small-business financing (credit), for a fee of EUR 250; a complaint of an employer about its
#   business insurance is as a rule outside Kifid. The page says so, and names the covenant's external scheme.
KIFID_URL = "https://www.kifid.nl"
KIFID_MONTHS_AFTER_ANSWER = 3
KIFID_YEARS_AFTER_COMPLAINT = 1
KIFID_WEEKS_WITHOUT_ANSWER = 8


class FollowLinkUnavailable(Exception):
    """The token is unknown, revoked or expired (the page shows one answer for all three)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day (31-01 + 1 month = 28/29-02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Links -----------------------------------------------------------------------------------------------------


def follow_link_issue(complaint: Complaint, *, now: dt.datetime | None = None) -> str:
    """A new private link for `complaint`; returns its token (only the hash is stored). Call inside the caller's
    transaction, so that a link exists only when the complaint does."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    ComplaintFollowLink.objects.create(
        complaint=complaint, token_hash=token_hash(token), created_at=now or timezone.now()
    )
    return token


def follow_url(token: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("complaint_follow", kwargs={"follow_token": token})


def follows_by_link(complaint: Complaint) -> bool:
    """A portal complaint is followed in Mijn klachten (behind the login); the others through a private link."""
    return complaint.channel != ComplaintChannel.PORTAL


def complaint_follow_url_for_mail(complaint: Complaint) -> str:
    """For the confirmation mail, at send time: a fresh private link, or the Mijn klachten page of a portal
    complaint. Runs inside the outbox's claim transaction: a mail that is not handed over leaves no link."""
    if not follows_by_link(complaint):
        return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "my_complaint_detail", kwargs={"complaint_id": complaint.pk}
        )
    return follow_url(follow_link_issue(complaint))


def follow_link_expires_on(complaint: Complaint) -> dt.date | None:
    """The last day a link of `complaint` works: one year after closing; None while it is not closed."""
    if complaint.status != ComplaintStatus.CLOSED or complaint.closed_on is None:
        return None
    return _years_later(complaint.closed_on, LINK_YEARS_AFTER_CLOSING)


def follow_link_open(*, token: str, today: dt.date | None = None) -> Complaint:
    """The complaint behind a private link, audited as a read; FollowLinkUnavailable when the token is unknown,
    revoked or expired."""
    if not token or len(token) > 200:
        raise FollowLinkUnavailable
    link = (
        ComplaintFollowLink.objects.select_related("complaint__employer")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if link is None:
        raise FollowLinkUnavailable
    complaint = link.complaint
    expires_on = follow_link_expires_on(complaint)
    if expires_on is not None and (today or timezone.localdate()) > expires_on:
        raise FollowLinkUnavailable
    audit_record(
        actor=None,
        action=AuditAction.READ,
        object_type=AUDIT_OBJECT,
        object_id=complaint.pk,
        employer=complaint.employer,
        changes={"via": "follow_link", "link": link.pk},
    )
    return complaint


def _require_handler(user: User) -> None:
    if not may_handle(user):
        raise PermissionDenied(_("Alleen klachtbehandelaars behandelen klachten."))


def _revoke(complaint: Complaint, by: User, now: dt.datetime) -> int:
    return ComplaintFollowLink.objects.filter(complaint=complaint, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )


@transaction.atomic
def follow_links_revoke(*, revoked_by: User, complaint: Complaint, now: dt.datetime | None = None) -> int:
    """End every private link of `complaint` (e.g. a link that reached the wrong person); the number revoked.
    Only the complaint handler and the admin may; audited."""
    _require_handler(revoked_by)
    revoked = _revoke(complaint, revoked_by, now or timezone.now())
    audit_record(
        actor=revoked_by,
        action=AuditAction.UPDATE,
        object_type=AUDIT_OBJECT,
        object_id=complaint.pk,
        employer=complaint.employer,
        changes={"follow_links_revoked": revoked},
    )
    return revoked


@transaction.atomic
def follow_link_send(*, sent_by: User, complaint: Complaint, now: dt.datetime | None = None) -> None:
    """Give the complainant a new private link by e-mail (to the complaint's address): every earlier link ends now,
    the new one is made when the mail is sent (`follow_link_mail_render`). Not for a portal complaint (followed in
    Mijn klachten). Only the complaint handler and the admin may; audited."""
    _require_handler(sent_by)
    if not follows_by_link(complaint):
        raise ComplaintConflict(
            _("Deze klacht is in het portaal ingediend; de werkgever volgt haar onder Mijn klachten."),
            code="portal_complaint",
        )
    now = now or timezone.now()
    revoked = _revoke(complaint, sent_by, now)
    audit_record(
        actor=sent_by,
        action=AuditAction.UPDATE,
        object_type=AUDIT_OBJECT,
        object_id=complaint.pk,
        employer=complaint.employer,
        changes={"follow_links_revoked": revoked, "follow_link_mailed": True},
    )
    mail_queue(
        kind=COMPLAINT_FOLLOW_LINK,
        to=complaint.contact_email,
        object_type=AUDIT_OBJECT,
        object_id=complaint.pk,
        now=now,
    )


def follow_link_mail_render(row: OutgoingMail) -> Mail | None:
    """The outbox's renderer of a new follow link (registered by complaints.mails), inside the claim's transaction:
    the link is made now, so a mail that is not handed over leaves none. None when the complaint is gone."""
    complaint = Complaint.objects.filter(pk=row.object_id).first()
    if complaint is None:
        return None
    url = follow_url(follow_link_issue(complaint))
    with translation.override(settings.LANGUAGE_CODE):
        return mail_render(
            to=list(row.recipients),
            subject=_("Uw nieuwe link om uw klacht te volgen (%(reference)s)") % {"reference": complaint.reference},
            template="email/complaint_follow_link",
            context={"complaint": complaint, "url": url},
        )


# --- Mijn klachten ---------------------------------------------------------------------------------------------


def complaints_for_employer_user(user: User) -> QuerySet[Complaint]:
    """The complaints an employer user follows: filed through the portal by a user of its employer. Nothing for
    any other role."""
    if user.role != Role.EMPLOYER or user.employer_id is None:
        return Complaint.objects.none()
    return Complaint.objects.filter(
        employer_id=user.employer_id,
        channel=ComplaintChannel.PORTAL,
        submitted_by__employer_id=user.employer_id,
    ).order_by("-received_on", "-reference")


def complaint_for_employer_user(*, user: User, complaint_id: str) -> Complaint | None:
    """One of `complaints_for_employer_user`, audited as a read; None when it is not theirs (or no such id)."""
    complaint = (
        complaints_for_employer_user(user).select_related("employer", "case__employee").filter(pk=complaint_id).first()
    )
    if complaint is not None:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            object_type=AUDIT_OBJECT,
            object_id=complaint.pk,
            employer=complaint.employer,
            changes={"via": "my_complaints"},
        )
    return complaint


def my_complaints_list_audit(*, user: User, count: int) -> None:
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="complaint_list",
        employer=user.employer,
        changes={"via": "my_complaints", "count": count},
    )


# --- What the complainant sees ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineStep:
    kind: str
    label: str
    on: dt.date


@dataclass(frozen=True)
class ComplainantLetter:
    key: str  # a key of complaints.pdf.COMPLAINT_LETTERS, also the letter's name in its URL
    title: str
    sent_on: dt.date


@dataclass(frozen=True)
class Escalation:
    """Where the complainant can go next (issue 21 item 4)."""

    answered: bool  # True: after our answer; False: the answer term has passed without an answer
    kifid_by: dt.date | None  # the last day to go to Kifid after our answer (three months), when answered
    kifid_latest: dt.date  # one year after the complaint was filed with us
    escalated_to: str  # the route recorded by the handler, as shown ("" when none)
    escalated_on: dt.date | None


def complaint_timeline(complaint: Complaint) -> list[TimelineStep]:
    """The steps of the complaint that the complainant may see: kind and day (Europe/Amsterdam), oldest first."""
    events = ComplaintEvent.objects.filter(complaint=complaint, kind__in=VISIBLE_EVENTS).order_by("at", "id")
    labels = dict(ComplaintEventKind.choices)
    return [
        TimelineStep(kind=event.kind, label=str(labels[event.kind]), on=timezone.localdate(event.at))
        for event in events.only("kind", "at")
    ]


def _stored_letters(complaint: Complaint) -> dict[str, ComplaintLetter]:
    """The newest letter of each kind as the desk sent it (complaints.services_desk), by its key."""
    newest: dict[str, ComplaintLetter] = {}
    for letter in complaint.letters.order_by("created_at", "id").defer("pdf"):
        newest[SLUG_OF[ComplaintLetterKind(letter.kind)]] = letter
    return newest


def complaint_letters_for_complainant(complaint: Complaint) -> list[ComplainantLetter]:
    """The letters sent to the complainant that exist now: the acknowledgement once the receipt is acknowledged,
    the answer once the complaint is answered. A letter the desk sent is dated the day it was written (the stored
    `ComplaintLetter`); a step recorded in the back office without a letter shows the letter of that day."""
    stored = _stored_letters(complaint)

    def sent_on(key: str, step_day: dt.date) -> dt.date:
        return timezone.localdate(stored[key].created_at) if key in stored else step_day

    letters: list[ComplainantLetter] = []
    if complaint.acknowledged_on is not None:
        letters.append(
            ComplainantLetter(
                LETTER_ACKNOWLEDGEMENT,
                _("Ontvangstbevestiging"),
                sent_on(LETTER_ACKNOWLEDGEMENT, complaint.acknowledged_on),
            )
        )
    if complaint.answered_on is not None and complaint.status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED):
        letters.append(
            ComplainantLetter(LETTER_ANSWER, _("Antwoord op uw klacht"), sent_on(LETTER_ANSWER, complaint.answered_on))
        )
    return letters


def complaint_letter_for_complainant_render(complaint: Complaint, key: str) -> RenderedDocument | None:
    """The PDF of one of `complaint_letters_for_complainant`: the very PDF the desk mailed when it sent one, else the
    letter of the back-office step (the standard acknowledgement, or the recorded answer), dated that day. None when
    there is no such letter (yet)."""
    letter = next((item for item in complaint_letters_for_complainant(complaint) if item.key == key), None)
    if letter is None or key not in COMPLAINT_LETTERS:
        return None
    sent = complaint.letters.filter(kind=LETTER_SLUGS[key]).order_by("-created_at", "-id").first()
    if sent is not None:
        return RenderedDocument(html="", pdf=bytes(sent.pdf), variant="")
    return complaint_letter_render(complaint=complaint, letter=key, generated_by=None, today=letter.sent_on)


def answer_overdue(complaint: Complaint, today: dt.date) -> bool:
    """The answer term has passed without an answer; not while the desk waits for the complainant's information
    (the clock stands still then, and answer_by moves once it comes)."""
    return complaint.status in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED) and complaint.answer_by < today


def escalation_for(complaint: Complaint, today: dt.date) -> Escalation | None:
    """Where to go next, once it applies: after our answer, or when the answer term has passed (answer_by before
    today) without one. None before that."""
    answered = complaint.answered_on is not None and complaint.status in (
        ComplaintStatus.ANSWERED,
        ComplaintStatus.CLOSED,
    )
    if not (answered or answer_overdue(complaint, today) or complaint.escalated_to):
        return None
    return Escalation(
        answered=answered,
        kifid_by=_months_later(complaint.answered_on, KIFID_MONTHS_AFTER_ANSWER)
        if answered and complaint.answered_on
        else None,
        kifid_latest=_years_later(complaint.received_on, KIFID_YEARS_AFTER_COMPLAINT),
        escalated_to=complaint.get_escalated_to_display() if complaint.escalated_to else "",
        escalated_on=complaint.escalated_on,
    )
