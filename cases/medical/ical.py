"""The iCalendar invitation of a spreekuur (RFC 5545 with the iTIP methods of RFC 5546), made with `icalendar`.

One VEVENT per spreekuur with a stable UID (`consultation-<id>@verzuimportaal`): METHOD:REQUEST invites, and
METHOD:CANCEL with the same UID and a higher SEQUENCE takes it out of the employee's calendar again. The start is
in Europe/Amsterdam with its VTIMEZONE, so a calendar elsewhere shows the right hour. Like the reminders and the
personal feed (verzuim.calendar_feed) it says no more than needed: "Spreekuur bedrijfsarts", when, how and where,
never why.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.medical.models import Consultation, ConsultationKind
from verzuim.calendar_feed import UID_DOMAIN

PRODID = "-//Verzuimportaal//Spreekuur bedrijfsarts//NL"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def consultation_uid(consultation: Consultation) -> str:
    return f"consultation-{consultation.pk}@{UID_DOMAIN}"


def consultation_where(consultation: Consultation) -> str:
    """Where the employee goes, or how it takes place, in one line (the mail and the calendar event)."""
    if consultation.kind == ConsultationKind.VIDEO:
        return _("Video: %(url)s") % {"url": consultation.video_url}
    if consultation.kind == ConsultationKind.PHONE:
        where = _("Telefonisch: de bedrijfsarts belt u.")
        return f"{where} {consultation.location}".strip()
    return consultation.location


def consultation_ical(consultation: Consultation, *, method: str, stamp: dt.datetime | None = None) -> bytes:
    """The invitation (REQUEST) or its withdrawal (CANCEL) as an iCalendar file."""
    zone = timezone.get_default_timezone()
    stamp = (stamp or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", consultation_uid(consultation))
    event.add("sequence", consultation.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", consultation.starts_at.astimezone(zone))
    event.add("dtend", consultation.ends_at.astimezone(zone))
    event.add("summary", _("Spreekuur bedrijfsarts"))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    physician = consultation.physician
    # The portal's sender address, in the physician's name: the physician's login address is not handed out.
    sender = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1]
    event.add("organizer", f"mailto:{sender}", parameters={"cn": physician.get_full_name()})
    if consultation.invite_email:
        event.add(
            "attendee",
            f"mailto:{consultation.invite_email}",
            parameters={
                "cn": consultation.case.employee.full_name,
                "role": "REQ-PARTICIPANT",
                "partstat": "NEEDS-ACTION",
                "rsvp": "FALSE",
            },
        )
    where = consultation_where(consultation)
    if where:
        event.add("location", where)
    if consultation.kind == ConsultationKind.VIDEO:
        event.add("url", consultation.video_url)
    event.add(
        "description",
        _(
            "Spreekuur bij %(physician)s, bedrijfsarts (%(kind)s). Kunt u niet? Neem dan zo snel mogelijk contact op "
            "met de bedrijfsarts of met uw casemanager."
        )
        % {"physician": physician.get_full_name(), "kind": consultation.get_kind_display().lower()},
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
