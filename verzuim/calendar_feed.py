"""A personal iCal feed of the deadlines that concern a user, behind a revocable secret URL.

The events come from the apps (verzuim.plugins.calendar_source; today the Poortwachter steps of
cases.absence.calendar); this module renders them and guards the URL.

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

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from verzuim.audit import audit_record
from verzuim.models import AuditAction, User
from verzuim.plugins import CalendarEvent, calendar_events_for

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet (256 random bits).
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(rf"^[A-Za-z0-9_-]{{{math.ceil(TOKEN_BYTES * 4 / 3)}}}$")
UID_DOMAIN = "verzuimportaal"
PRODID = "-//Verzuimportaal//Poortwachtertermijnen//NL"


def _token_set(user: User, token: str, *, change: str) -> None:
    user.calendar_token = token
    user.save(update_fields=["calendar_token"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        object_type="calendar_token",
        object_id=user.pk,
        employer=user.employer,
        changes={"calendar_token": change},
    )


def calendar_token_create(*, user: User) -> str:
    """Give the user a new secret feed URL; an earlier one stops working at once (renewing is creating again)."""
    renewed = bool(user.calendar_token)
    _token_set(user, secrets.token_urlsafe(TOKEN_BYTES), change="renewed" if renewed else "created")
    return user.calendar_token


def calendar_token_revoke(*, user: User) -> bool:
    """Switch the feed off: the secret URL gives 404 from now on. Returns whether there was one."""
    if not user.calendar_token:
        return False
    _token_set(user, "", change="revoked")
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


def _event(event: CalendarEvent, stamp: dt.datetime) -> icalendar.Event:
    ical = icalendar.Event()
    ical.add("uid", f"{event.uid}@{UID_DOMAIN}")
    ical.add("dtstamp", stamp)
    # An all-day event: DTEND is exclusive, so the day after.
    ical.add("dtstart", event.day)
    ical.add("dtend", event.day + dt.timedelta(days=1))
    ical.add("transp", "TRANSPARENT")
    ical.add("summary", event.summary)
    ical.add("description", event.description)
    ical.add("url", f"{settings.PORTAL_BASE_URL}{event.path}")
    return ical


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
    for event in calendar_events_for(user):
        calendar.add_component(_event(event, stamp))
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="calendar_feed",
        employer=user.employer,
        changes={"feed": "ical"},
    )
    return calendar.to_ical()
