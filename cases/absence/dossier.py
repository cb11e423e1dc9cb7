"""The dossier's header and section tabs, shared by every section page of a case.

Every section of a case (overview, Poortwachter steps, documents, advice, interventions, contacts, income) opens
with the same header: who, which employer, week N of 104, the percentage, the truthful status and the next action
with its owner and date. Below it a tab bar links the sections, each its own URL, so it works without JavaScript.

The sections live in several packages (documents and income render their own pages), so the tabs are a small
registry here, in the lowest package that knows the case: `cases.dossier.tabs` fills it from `CasesConfig.ready`.
The header makes no query of its own beyond the steps, which a page passes in when it already read them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy

from cases.absence import poortwachter, selectors, services
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from verzuim.models import Role, User

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from cases.absence.views import Recovered

WEEKS = 104

# The step owners whose steps are a role's own: *Afronden* on them reads plainly. The casemanager may also complete
# the employer's and the employee's steps (services.OWNER_ROLES), and the link then says on whose behalf.
OWN_STEP_OWNERS: dict[str, frozenset[str]] = {
    Role.EMPLOYER: frozenset({"employer"}),
    Role.CASEMANAGER: frozenset({"casemanager", "labour_expert"}),
    Role.OCCUPATIONAL_PHYSICIAN: frozenset({"physician"}),
    Role.INSURER: frozenset({"insurer"}),
}


@dataclass(frozen=True)
class DossierTab:
    key: str
    label: StrPromise
    url_name: str
    order: int
    # The roles that see the tab; None: every role that sees the case.
    roles: frozenset[str] | None = None


_TABS: dict[str, DossierTab] = {}


def dossier_tab(*, key: str, label: StrPromise, url_name: str, order: int, roles: Iterable[str] | None = None) -> None:
    """Register a section of the dossier (idempotent: registering a key again replaces it)."""
    _TABS[key] = DossierTab(
        key=key, label=label, url_name=url_name, order=order, roles=None if roles is None else frozenset(roles)
    )


@dataclass(frozen=True)
class TabLink:
    key: str
    label: str
    url: str
    current: bool


# Steps nobody completes by hand: the casemanager step is done by assigning one
# (services.case_assign_casemanager), the income step by recording the conversation (cases.income.services).
MANUAL_COMPLETION_EXCLUDED = frozenset({poortwachter.CASEMANAGER_ASSIGNED, poortwachter.INCOME_INSIGHT})


def step_may_complete(user: User, case: AbsenceCase, step: Step) -> bool:
    """Whether the user's role completes this step by hand now (the step's row links its completion page then)."""
    return (
        case.status == CaseStatus.OPEN
        and step.state == StepState.OPEN
        and step.code not in MANUAL_COMPLETION_EXCLUDED
        and user.role in services.OWNER_ROLES.get(step.owner, frozenset())
    )


def step_on_behalf(user: User, step: Step) -> bool:
    """The user completes this step for its owner (the casemanager for the employer or the employee)."""
    return step.owner not in OWN_STEP_OWNERS.get(user.role, frozenset())


@dataclass(frozen=True)
class StepRow:
    step: Step
    status: str
    # Whether the row links to the step's completion page (cases.absence.views.step_complete).
    may_complete: bool
    # The link then says on whose behalf ("Afronden namens de werkgever").
    on_behalf: bool = False

    @property
    def status_label(self) -> str:
        return str(poortwachter.STATUS_LABELS[self.status])

    @property
    def owner_label(self) -> str:
        return str(OWNER_LABELS.get(self.step.owner, self.step.owner))

    @property
    def complete_label(self) -> str:
        return str(ON_BEHALF_LABELS.get(self.step.owner, gettext_lazy("Afronden"))) if self.on_behalf else ""

    @property
    def anchor(self) -> str:
        return f"stap-{self.step.code}-{self.step.sequence}"


def step_rows(user: User, case: AbsenceCase, steps: Sequence[Step], today: dt.date) -> list[StepRow]:
    """The steps as rows; only the first open step of a code can be completed (the recurring plan review has one open
    at a time)."""
    rows: list[StepRow] = []
    linked: set[str] = set()
    for step in steps:
        may_complete = step.code not in linked and step_may_complete(user, case, step)
        if may_complete:
            linked.add(step.code)
        rows.append(
            StepRow(
                step=step,
                status=step.status_on(today),
                may_complete=may_complete,
                on_behalf=may_complete and step_on_behalf(user, step),
            )
        )
    return rows


def open_dated(rows: Iterable[StepRow]) -> list[StepRow]:
    """The open steps with a deadline, earliest first."""
    dated = [r for r in rows if r.step.state == StepState.OPEN and r.step.due_date is not None]
    return sorted(dated, key=lambda r: (r.step.due_date, r.step.position, r.step.sequence))


OWNER_LABELS: dict[str, StrPromise] = {
    "employer": gettext_lazy("Werkgever"),
    "employee": gettext_lazy("Werknemer"),
    "physician": gettext_lazy("Bedrijfsarts"),
    "casemanager": gettext_lazy("Casemanager"),
    "labour_expert": gettext_lazy("Arbeidsdeskundige"),
    "insurer": gettext_lazy("Verzekeraar"),
    "none": gettext_lazy("Niemand (informatie)"),
}
# Said on a link where the casemanager completes a step for its owner.
ON_BEHALF_LABELS: dict[str, StrPromise] = {
    "employer": gettext_lazy("Afronden namens de werkgever"),
    "employee": gettext_lazy("Afronden namens de werknemer"),
}


@dataclass(frozen=True)
class Milestone:
    """One step on the 104-week picture."""

    title: str
    owner_label: str
    status: str  # done, overdue, due (open: upcoming or due soon)
    status_label: str
    week: int  # 1..104
    x: float  # position on the picture, 0..1000
    on: dt.date | None


@dataclass(frozen=True)
class Timeline:
    week: int  # the current week, 1..104
    x_now: float
    milestones: list[Milestone]
    ticks: list[tuple[int, float]]

    @property
    def now_mark(self) -> str:
        """The points of the small triangle on top of the "nu" line (the legend names it; no SVG text)."""
        return f"{self.x_now:.1f},16 {self.x_now - 6:.1f},6 {self.x_now + 6:.1f},6"


TIMELINE_WIDTH = 1000.0
# The labels under the picture are HTML placed by portal.css (.timeline-weeks > .at-N, a 104-column grid; decision
# D3): a new tick needs its rule there.
TIMELINE_TICKS = (1, 6, 13, 26, 42, 52, 68, 78, 91, 104)


def _x(week: float) -> float:
    return round(min(max(week - 0.5, 0), WEEKS) / WEEKS * TIMELINE_WIDTH, 1)


def timeline(case: AbsenceCase, rows: Sequence[StepRow], clock_day: int) -> Timeline:
    """The 104 weeks with the dated steps: done, due (open and not late) and overdue."""
    periods = [poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.all()]
    milestones: list[Milestone] = []
    for row in rows:
        step = row.step
        if row.status in ("not_applicable", "suspended"):
            continue
        on = step.completed_on if row.status == "done" else step.due_date
        if on is None:
            continue
        day = max(poortwachter.clock_day(periods, on), 1)
        week = min(math.ceil(day / 7), WEEKS)
        status = "done" if row.status == "done" else ("overdue" if row.status == "overdue" else "due")
        milestones.append(
            Milestone(
                title=step.title + (f" {step.sequence}" if step.sequence > 1 else ""),
                owner_label=row.owner_label,
                status=status,
                status_label=row.status_label,
                week=week,
                x=_x(week),
                on=on,
            )
        )
    milestones.sort(key=lambda m: (m.week, m.on or dt.date.min))
    week = week_of(clock_day)
    return Timeline(week=week, x_now=_x(week), milestones=milestones, ticks=[(t, _x(t)) for t in TIMELINE_TICKS])


def week_of(clock_day: int) -> int:
    """Week N of 104 for a clock day (day 1-7 is week 1)."""
    return min(max(math.ceil(clock_day / 7), 1), WEEKS)


# What to do for a step when its action is not simply its title: a package above absence knows (the documents know
# that the plan van aanpak waits for the employer's signature). A function (user, case, step) -> (action, url) or None;
# cases.documents.todo registers one. It is asked about the next step only, so the header costs at most one query more.
StepAction = Callable[[User, AbsenceCase, Step], "tuple[str, str] | None"]
_STEP_ACTIONS: list[StepAction] = []


def step_action(function: StepAction) -> StepAction:
    """Register a StepAction (a decorator; registering the same function twice keeps one)."""
    if function not in _STEP_ACTIONS:
        _STEP_ACTIONS.append(function)
    return function


@dataclass(frozen=True)
class NextAction:
    row: StepRow
    action: str  # an instruction ("Plan van aanpak opstellen"), else the step's title
    url: str  # where to do it (the completion page when the user may, else the step's row)


@dataclass(frozen=True)
class DossierHeader:
    case: AbsenceCase
    clock_day: int
    week: int
    is_sick: bool
    recovered: Recovered | None
    next_action: NextAction | None
    tabs: list[TabLink]
    current: str


def dossier_tabs(user: User, case: AbsenceCase, current: str) -> list[TabLink]:
    return [
        TabLink(
            key=tab.key, label=str(tab.label), url=reverse(tab.url_name, args=[case.pk]), current=tab.key == current
        )
        for tab in sorted(_TABS.values(), key=lambda t: t.order)
        if tab.roles is None or user.role in tab.roles
    ]


def dossier_header(
    *,
    user: User,
    case: AbsenceCase,
    today: dt.date,
    current: str,
    rows: Sequence[StepRow] | None = None,
) -> DossierHeader:
    """The header of every section page; reads the steps unless the page passes its rows."""
    from cases.absence import todo
    from cases.absence.views import case_clock_day, case_is_sick, case_recovered

    if rows is None:
        rows = step_rows(user, case, selectors.case_steps(case=case), today)
    # A closed case has no next step, whatever its steps still say.
    upcoming = open_dated(rows) if case.status == CaseStatus.OPEN else []
    next_action = None
    if upcoming:
        first = upcoming[0]
        if first.may_complete:
            url = reverse("case_step_complete", args=[case.pk, first.step.code])
        else:
            url = reverse("case_steps", args=[case.pk]) + f"#{first.anchor}"
        action = str(todo.ACTIONS.get(first.step.code, first.step.title))
        for ask in _STEP_ACTIONS:
            found = ask(user, case, first.step)
            if found is not None:
                action, url = found
                break
        next_action = NextAction(row=first, action=action, url=url)
    day = case_clock_day(case, today)
    return DossierHeader(
        case=case,
        clock_day=day,
        week=week_of(day),
        is_sick=case_is_sick(case),
        recovered=case_recovered(case),
        next_action=next_action,
        tabs=dossier_tabs(user, case, current),
        current=current,
    )
