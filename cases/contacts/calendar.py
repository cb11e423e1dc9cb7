"""The open follow-ups of the contact log in the personal calendar feed (verzuim.plugins.calendar_source,
verzuim.calendar_feed): one all-day event on the follow-up date for the casemanager whose to-do it is
(selectors.followup_owner_id), on cases they may see. Like every event of the feed it says no more than a reminder
mail: the employee's initials and the employer, never the summary. Imported by CasesConfig.ready."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.reminders import initials
from cases.absence.selectors import case_scope
from cases.contacts.models import ContactMoment, ContactParty
from cases.contacts.reminders import followup_title
from verzuim.models import Role, User
from verzuim.plugins import CalendarEvent, calendar_source


@calendar_source
def contact_followup_events(user: User) -> Iterator[CalendarEvent]:
    """One query: the user's open follow-ups, by date."""
    if user.role != Role.CASEMANAGER:
        return
    visible = AbsenceCase.objects.filter(case_scope(user=user)).values("pk")
    contacts = (
        ContactMoment.objects.filter(
            Q(case__casemanager=user) | Q(case__casemanager__isnull=True, recorded_by=user),
            case__in=visible,
            followup_date__isnull=False,
            followup_done_on__isnull=True,
        )
        .order_by("followup_date", "pk")
        .values(
            "pk",
            "party",
            "contact_date",
            "followup_date",
            "case_id",
            "case__employer__name",
            "case__employee__first_name",
            "case__employee__last_name",
        )
    )
    for contact in contacts:
        followup_date = contact["followup_date"]
        if followup_date is None:  # excluded by the filter; for the type checker
            continue
        who = initials(contact["case__employee__first_name"], contact["case__employee__last_name"])
        title = followup_title(contact["party"])
        yield CalendarEvent(
            uid=f"contact-{contact['pk']}",
            day=followup_date,
            summary=f"{title} ({who})",
            description=_(
                "Opvolging van het contactmoment van %(date)s met %(party)s in het verzuim van %(who)s "
                "(%(employer)s). Meer in het Verzuimportaal."
            )
            % {
                "date": date_format(contact["contact_date"], "j F Y"),
                "party": ContactParty(contact["party"]).label.lower(),
                "who": who,
                "employer": contact["case__employer__name"],
            },
            path=reverse("case_contacts", args=[contact["case_id"]]),
        )
