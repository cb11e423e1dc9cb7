"""The Poortwachter steps in the personal calendar feed (verzuim.plugins.calendar_source, verzuim.calendar_feed):
the open, dated steps of open cases that the user may see and that concern them. Imported by CasesConfig.ready."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.absence.reminders import PHYSICIAN_STEPS, initials
from cases.absence.selectors import ALL_CASES_ROLES, case_scope
from cases.absence.views import OWNER_LABELS
from verzuim.models import Role, User
from verzuim.plugins import CalendarEvent, calendar_source


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


@calendar_source
def step_events(user: User) -> Iterator[CalendarEvent]:
    """One all-day event per step on its due date: the step, the employee's initials, the employer, the owner."""
    for step in calendar_steps(user=user):
        title = step["title"] if step["sequence"] == 1 else f"{step['title']} {step['sequence']}"
        who = initials(step["case__employee__first_name"], step["case__employee__last_name"])
        yield CalendarEvent(
            uid=f"step-{step['pk']}",
            day=step["due_date"],
            summary=f"{title} ({who})",
            description=_(
                "Uiterste datum van de Poortwachterstap “%(title)s” in het verzuim van %(who)s (%(employer)s): "
                "%(date)s. Verantwoordelijk: %(owner)s. Meer in het Verzuimportaal."
            )
            % {
                "title": title,
                "who": who,
                "employer": step["case__employer__name"],
                "date": date_format(step["due_date"], "j F Y"),
                "owner": OWNER_LABELS.get(step["owner"], step["owner"]),
            },
            path=reverse("case_detail", args=[step["case_id"]]),
        )
