"""A personal iCal feed of the Poortwachter deadlines that concern a user, behind a revocable secret URL.

The token in the URL is the only key (calendar apps cannot log in), so it is long and random, can be
renewed or revoked at any time, and the feed says no more than a reminder e-mail does: the step, the
employee's initials, the employer and the due date, never a full name or anything medical.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.absence.reminders import PHYSICIAN_STEPS, initials
from cases.absence.selectors import ALL_CASES_ROLES, case_scope
from cases.absence.views import OWNER_LABELS
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet (256 random bits).
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(rf"^[A-Za-z0-9_-]{{{math.ceil(TOKEN_BYTES * 4 / 3)}}}$")
UID_DOMAIN = "verzuimportaal"
PRODID = "-//Verzuimportaal//Poortwachtertermijnen//NL"


def calendar_token_create(*, user: User) -> str:
    """Give the user a new secret feed URL; an earlier one stops working at once (renewing is creating again)."""
    renewed = bool(user.calendar_token)
    user.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    user.save(update_fields=["calendar_token"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        object_type="calendar_token",
        object_id=user.pk,
        employer=user.employer,
        changes={"calendar_token": "renewed" if renewed else "created"},
    )
    return user.calendar_token


def calendar_token_revoke(*, user: User) -> bool:
    """Switch the feed off: the secret URL gives 404 from now on. Returns whether there was one."""
    if not user.calendar_token:
        return False
    user.calendar_token = ""
    user.save(update_fields=["calendar_token"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        object_type="calendar_token",
        object_id=user.pk,
        employer=user.employer,
        changes={"calendar_token": "revoked"},
    )
    return True


def calendar_user_by_token(*, token: str) -> User | None:
    """The active user whose feed token this is, or None. An empty or malformed token never matches, and
    the stored token is compared in constant time (the index lookup only finds the candidate)."""
    if not token or not TOKEN_PATTERN.match(token):
        return None
    user = User.objects.select_related("employer").filter(calendar_token=token, is_active=True).first()
    if user is None or not hmac.compare_digest(user.calendar_token.encode(), token.encode()):
        return None
    return user


def _concerns(user: User) -> Q | None:
    """Which open steps concern the user, as a filter on Step (None: nothing)."""
    if user.role == Role.EMPLOYER:
        return Q(case__employer_id=user.employer_id)
    if user.role == Role.CASEMANAGER:
        return Q(case__casemanager=user)
    if user.role == Role.OCCUPATIONAL_PHYSICIAN:
        return Q(case__employer__occupational_physician=user, code__in=PHYSICIAN_STEPS)
    if user.role in ALL_CASES_ROLES:
        return Q(code=poortwachter.CASEMANAGER_ASSIGNED)
    return None


def calendar_steps(*, user: User) -> Sequence[Mapping[str, Any]]:
    """The open, dated steps of open cases that the user may see and that concern them: one query."""
    concerns = _concerns(user)
    if concerns is None:
        return []
    visible = AbsenceCase.objects.filter(case_scope(user=user)).values("pk")
    return list(
        Step.objects.filter(
            concerns,
            case__in=visible,
            case__status=CaseStatus.OPEN,
            state=StepState.OPEN,
            due_date__isnull=False,
        )
        .order_by("due_date", "position", "pk")
        .values(
            "pk",
            "title",
            "sequence",
            "owner",
            "due_date",
            "case_id",
            "case__employer__name",
            "case__employee__first_name",
            "case__employee__last_name",
        )
    )


def _event(step: Mapping[str, Any], stamp: dt.datetime) -> icalendar.Event:
    title = step["title"] if step["sequence"] == 1 else f"{step['title']} {step['sequence']}"
    who = initials(step["case__employee__first_name"], step["case__employee__last_name"])
    due: dt.date = step["due_date"]
    event = icalendar.Event()
    event.add("uid", f"step-{step['pk']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    # An all-day event: DTEND is exclusive, so the day after.
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", f"{title} ({who})")
    event.add(
        "description",
        _(
            "Uiterste datum van de Poortwachterstap “%(title)s” in het verzuim van %(who)s (%(employer)s): "
            "%(date)s. Verantwoordelijk: %(owner)s. Meer in het Verzuimportaal."
        )
        % {
            "title": title,
            "who": who,
            "employer": step["case__employer__name"],
            "date": date_format(due, "j F Y"),
            "owner": OWNER_LABELS.get(step["owner"], step["owner"]),
        },
    )
    event.add("url", f"{settings.PORTAL_BASE_URL}{reverse('case_detail', args=[step['case_id']])}")
    return event


def calendar_feed_render(*, user: User) -> bytes:
    """The user's feed as iCalendar text; records that it was read (an audit row, as for any case list)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Verzuimportaal: termijnen"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # A hint for calendar apps to fetch the feed again every hour (their default may be a day or more).
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for step in calendar_steps(user=user):
        calendar.add_component(_event(step, stamp))
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="calendar_feed",
        employer=user.employer,
        changes={"feed": "ical"},
    )
    return calendar.to_ical()
