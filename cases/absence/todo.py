"""The Poortwachter steps in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1). Imported by
CasesConfig.ready.

Each role sees the open steps it owns, overdue or due within four weeks: the employer its own steps, the physician
the problem analysis and the current assessment, insurer staff the casemanager to appoint. The casemanager sees
their own steps and the labour expert's (which they arrange), and the employer's steps once these are overdue
("Werkgever helpen: ..."), because taking that work off the employer's hands is the insurance's service. One
query, whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.absence.selectors import case_names_related, case_scope, open_cases_of
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

HORIZON_DAYS = 28
LIMIT = 200  # a caseload's worth; the panel shows the first ones

# The step owners whose steps are the role's own tasks.
OWN_STEPS: dict[str, frozenset[str]] = {
    Role.EMPLOYER: frozenset({"employer"}),
    Role.CASEMANAGER: frozenset({"casemanager", "labour_expert"}),
    Role.OCCUPATIONAL_PHYSICIAN: frozenset({"physician"}),
    Role.INSURER: frozenset({"insurer"}),
}
# Steps of others the casemanager takes up once they are overdue.
CASEMANAGER_TAKES_UP = frozenset({"employer", "employee"})
# What to do, as an instruction (the step's title is a noun); a step not listed shows its title.
ACTIONS = {
    poortwachter.REPORT_TO_OHS: _lazy("Ziekmelding doorgeven aan de arbodienst"),
    poortwachter.UWV_SAFETY_NET_REPORT: _lazy("Vangnetmelding doen bij UWV"),
    poortwachter.CASEMANAGER_ASSIGNED: _lazy("Casemanager aanstellen"),
    poortwachter.PROBLEM_ANALYSIS: _lazy("Probleemanalyse opstellen"),
    poortwachter.ACTION_PLAN: _lazy("Plan van aanpak opstellen"),
    poortwachter.ACTION_PLAN_REVIEW: _lazy("Plan van aanpak bijstellen"),
    poortwachter.UWV_WEEK42_NOTICE: _lazy("42e-weeksmelding doen bij UWV"),
    poortwachter.FIRST_YEAR_REVIEW: _lazy("Eerstejaarsevaluatie houden"),
    poortwachter.INCOME_INSIGHT: _lazy("Inkomensgevolgen bespreken met de werknemer"),
    poortwachter.LABOUR_EXPERT_ASSESSMENT: _lazy("Arbeidsdeskundig onderzoek laten doen"),
    poortwachter.TRACK_TWO_START: _lazy("Tweede spoor starten"),
    poortwachter.CURRENT_ASSESSMENT: _lazy("Actueel oordeel geven"),
    poortwachter.FINAL_REVIEW: _lazy("Eindevaluatie houden"),
    poortwachter.REINTEGRATION_REPORT: _lazy("Re-integratieverslag compleet maken"),
}


@task_source
def step_tasks(user: User, today: dt.date) -> Iterable[Task]:
    own = OWN_STEPS.get(user.role)
    if not own:
        return []
    concerns = Q(owner__in=own, due_date__lte=today + dt.timedelta(days=HORIZON_DAYS))
    if user.role == Role.CASEMANAGER:
        concerns |= Q(owner__in=CASEMANAGER_TAKES_UP, due_date__lt=today)
    steps = (
        Step.objects.filter(concerns, open_cases_of(user=user), state=StepState.OPEN, due_date__isnull=False)
        .select_related(*case_names_related(user=user))
        .order_by("due_date", "position", "pk")[:LIMIT]
    )
    tasks = []
    for step in steps:
        case = step.case
        action = str(ACTIONS.get(step.code, step.title))
        if step.owner not in own:
            action = _("Werkgever helpen: %(step)s") % {"step": step.title}
        subject = case.employee.full_name
        if user.role != Role.EMPLOYER:
            subject = f"{subject} ({case.employer.name})"
        assert step.due_date is not None
        tasks.append(
            Task(
                key=f"step-{step.pk}",
                action=action,
                subject=subject,
                due=step.due_date,
                url=f"{reverse('case_steps', args=[case.pk])}#stap-{step.code}-{step.sequence}",
            )
        )
    return tasks


@task_source
def missing_contact_details_tasks(user: User, today: dt.date) -> Iterable[Task]:
    """The employer's missing data: an open case without a phone number during sickness. The physician and the
    casemanager must reach the employee in the first week, so the task is due on the day the report to the
    arbodienst is (the step's due date, a product parameter: day 7), or on the day of the report when that came
    later. One query."""
    if user.role != Role.EMPLOYER:
        return []
    report_due = Step.objects.filter(case=OuterRef("pk"), code=poortwachter.REPORT_TO_OHS).order_by("sequence")
    cases = (
        AbsenceCase.objects.filter(case_scope(user=user), status=CaseStatus.OPEN, phone="")
        .annotate(report_due=Subquery(report_due.values("due_date")[:1]))
        .select_related("employee")
        .order_by("first_sick_day", "pk")[:LIMIT]
    )
    tasks = []
    for case in cases:
        # A sickness reported late is not "te laat" for its phone number on the day it comes in.
        reported_on = timezone.localdate(case.created_at)
        due = max(case.report_due, reported_on) if case.report_due else reported_on
        tasks.append(
            Task(
                key=f"reachability-{case.pk}",
                action=_("Telefoonnummer tijdens ziekte doorgeven"),
                subject=case.employee.full_name,
                due=due,
                url=reverse("case_contact_details", args=[case.pk]),
            )
        )
    return tasks
