"""Plug-in registries of the core: the apps add to core pages without the core importing them.

An app registers from its `AppConfig.ready` (by importing its `panels.py`, `calendar.py` and the like); the core
looks the registrations up when it builds the page. The reminder registries (`@sweeper`, `@stale_canceller`) are
of the same kind and live in `verzuim.notifications`.

* Dashboard panels (`dashboard_panel`, read by `verzuim.views.dashboard`): a block of the start page for some
  roles, in a slot, at an order.
* Calendar sources (`calendar_source`, read by `verzuim.calendar_feed`): all-day events of the personal feed.
* Upload sizes (`upload_size`, read by `verzuim.request_limits`): the largest files a form of the app takes.
* Employee page sections (`employee_section`, read by `verzuim.views.employee_detail`): a block of an employee's
  page, such as that person's absences.
* Task sources (`task_source`, read by the "Mijn taken" panel of `verzuim.panels`): what the user must do now,
  each with a due date and the page where it is done.
* Employment-end blockers (`employment_end_blocker`, read by `verzuim.roster`): why an app will not let the roster
  sync end someone's employment (an open absence case), as a code and a Dutch message per employee.
* Export sections (`export_section`, read by cases.privacy.exports): one kind of an employee's data in the export
  of *Mijn gegevens* (AVG art. 15), as JSON records and as a section of the PDF.
* The complaints route (`complaint_route_source`, read by premiums.product_sheet and premiums.pdf): where an
  employer files a complaint and the desk's terms on a day, for the product sheet and the premium notice, which
  live in premiums and may not import complaints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verzuim.models import Employee, User

# --- Dashboard panels -------------------------------------------------------------------------------------------

# The slots of the start page, top to bottom: buttons under the heading, a line of links to work queues, the
# main sections, and the cards at the bottom. Every role's page has every slot (verzuim/_dashboard.html).
DASHBOARD_SLOTS = ("actions", "links", "main", "cards")

PanelContext = Callable[["User"], Mapping[str, Any] | None]


@dataclass(frozen=True)
class DashboardPanel:
    name: str
    template: str
    roles: frozenset[str]
    slot: str
    order: int
    context: PanelContext | None


@dataclass(frozen=True)
class ShownPanel:
    """A panel as the page renders it: its template gets the context as `panel`."""

    name: str
    template: str
    context: Mapping[str, Any]


DASHBOARD_PANELS: list[DashboardPanel] = []


def dashboard_panel_add(
    *,
    name: str,
    template: str,
    roles: Iterable[str],
    slot: str = "main",
    order: int,
    context: PanelContext | None = None,
) -> DashboardPanel:
    """Register a panel. `context(user)` gives what its template needs, or None to leave the panel out for this
    user; without one the template is shown as it is. Panels that register the same `context` function share one
    call per page (two blocks from one query)."""
    if slot not in DASHBOARD_SLOTS:
        raise ValueError(f"Unknown dashboard slot {slot!r}; the slots are {', '.join(DASHBOARD_SLOTS)}.")
    if any(panel.name == name for panel in DASHBOARD_PANELS):
        raise ValueError(f"A dashboard panel named {name!r} is already registered.")
    panel = DashboardPanel(
        name=name, template=template, roles=frozenset(roles), slot=slot, order=order, context=context
    )
    DASHBOARD_PANELS.append(panel)
    return panel


def dashboard_panel(
    *, name: str, template: str, roles: Iterable[str], slot: str = "main", order: int
) -> Callable[[PanelContext], PanelContext]:
    """Decorator form of dashboard_panel_add: the decorated function is the panel's context."""

    def register(func: PanelContext) -> PanelContext:
        dashboard_panel_add(name=name, template=template, roles=roles, slot=slot, order=order, context=func)
        return func

    return register


def dashboard_panels_for(user: User) -> dict[str, list[ShownPanel]]:
    """The panels the user's start page shows, per slot, in their order (then by name)."""
    slots: dict[str, list[ShownPanel]] = {slot: [] for slot in DASHBOARD_SLOTS}
    contexts: dict[PanelContext, Mapping[str, Any] | None] = {}
    for panel in sorted(DASHBOARD_PANELS, key=lambda p: (p.order, p.name)):
        if user.role not in panel.roles:
            continue
        context: Mapping[str, Any] | None = {}
        if panel.context is not None:
            if panel.context not in contexts:
                contexts[panel.context] = panel.context(user)
            context = contexts[panel.context]
        if context is not None:
            slots[panel.slot].append(ShownPanel(name=panel.name, template=panel.template, context=context))
    return slots


# --- Calendar sources -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event of the personal feed. It says no more than a reminder e-mail does (no full names, nothing
    medical): the feed's URL is its only key."""

    uid: str  # unique and stable within the portal, e.g. "step-12"; the feed adds the domain
    day: dt.date
    summary: str
    description: str
    path: str  # the page in the portal; the feed puts PORTAL_BASE_URL before it


CalendarSource = Callable[["User"], Iterable[CalendarEvent]]
CALENDAR_SOURCES: list[CalendarSource] = []


def calendar_source(func: CalendarSource) -> CalendarSource:
    """Register a function that gives the events of the user's feed; it decides what concerns the user and may
    be seen by them, in a fixed number of queries."""
    CALENDAR_SOURCES.append(func)
    return func


def calendar_events_for(user: User) -> list[CalendarEvent]:
    """Every source's events, by day; within a day in the order of the sources and as each source gave them."""
    events = [event for source in CALENDAR_SOURCES for event in source(user)]
    return sorted(events, key=lambda event: event.day)


# --- Upload sizes -----------------------------------------------------------------------------------------------

UploadSize = Callable[[], int]
UPLOAD_SIZES: list[UploadSize] = []


def upload_size(func: UploadSize) -> UploadSize:
    """Register a function giving, in bytes, the files one request of the app's largest upload form carries."""
    UPLOAD_SIZES.append(func)
    return func


# --- Employee page sections -------------------------------------------------------------------------------------

EmployeeSectionContext = Callable[["User", "Employee"], Mapping[str, Any] | None]


@dataclass(frozen=True)
class EmployeeSection:
    name: str
    template: str
    order: int
    context: EmployeeSectionContext


EMPLOYEE_SECTIONS: list[EmployeeSection] = []


def employee_section(*, name: str, template: str, order: int) -> Callable[[EmployeeSectionContext], Any]:
    """Register a block of the employee page; the decorated `context(user, employee)` gives what its template needs
    (as `section`), or None to leave it out. It reads through the app's own scoped selectors."""

    def register(func: EmployeeSectionContext) -> EmployeeSectionContext:
        if any(section.name == name for section in EMPLOYEE_SECTIONS):
            raise ValueError(f"An employee page section named {name!r} is already registered.")
        EMPLOYEE_SECTIONS.append(EmployeeSection(name=name, template=template, order=order, context=func))
        return func

    return register


def employee_sections_for(user: User, employee: Employee) -> list[ShownPanel]:
    shown = []
    for section in sorted(EMPLOYEE_SECTIONS, key=lambda s: (s.order, s.name)):
        context = section.context(user, employee)
        if context is not None:
            shown.append(ShownPanel(name=section.name, template=section.template, context=context))
    return shown


# --- Task sources -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One line of "Mijn taken": what to do, for whom, by when, and the page where it is done. A task is derived
    from the state of the data, so it disappears the moment the thing is done."""

    key: str  # unique and stable within the portal, e.g. "step-12"
    action: str  # what to do, as an instruction: "Plan van aanpak ondertekenen"
    subject: str  # for whom or about what: "Sanne de Vries (Bakkerij Jansen B.V.)"
    due: dt.date | None  # None: no date (a queue to work through)
    url: str  # the page where it is done


TaskSource = Callable[["User", dt.date], Iterable[Task]]
TASK_SOURCES: list[TaskSource] = []


def task_source(func: TaskSource) -> TaskSource:
    """Register a function giving the user's tasks on `today`; it decides what concerns the user and may be seen
    by them, in a fixed number of queries (one, as a rule), whatever the number of tasks."""
    TASK_SOURCES.append(func)
    return func


def tasks_for(user: User, today: dt.date) -> list[Task]:
    """Every source's tasks, the earliest due date first; tasks without a date after the dated ones."""
    tasks = [task for source in TASK_SOURCES for task in source(user, today)]
    return sorted(tasks, key=lambda t: (t.due is None, t.due or dt.date.max, t.action, t.subject, t.key))


# --- Employment-end blockers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmploymentEndBlock:
    """Why an employee's employment may not be ended by a machine: a stable code and a Dutch message."""

    code: str
    message: str


EmploymentEndBlocker = Callable[[Iterable[Any]], Mapping[Any, EmploymentEndBlock]]
EMPLOYMENT_END_BLOCKERS: list[EmploymentEndBlocker] = []


def employment_end_blocker(func: EmploymentEndBlocker) -> EmploymentEndBlocker:
    """Register a function that, given employee ids, returns the blocked ones (id -> block) in one query."""
    EMPLOYMENT_END_BLOCKERS.append(func)
    return func


def employment_end_blocks_for(employee_ids: Iterable[Any]) -> dict[Any, EmploymentEndBlock]:
    """The first block each registered app gives, per employee id (in the order of registration)."""
    ids = list(employee_ids)
    blocks: dict[Any, EmploymentEndBlock] = {}
    if not ids:
        return blocks
    for blocker in EMPLOYMENT_END_BLOCKERS:
        for employee_id, block in blocker(ids).items():
            blocks.setdefault(employee_id, block)
    return blocks


# --- Data export sections ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSection:
    """One part of an employee's data export (AVG art. 15; cases.privacy.exports): `records` go to the JSON under
    `key` as stored (stable English keys, ISO dates, no display text); the PDF shows them under `title` with the
    Dutch `labels` of their keys. `note` is a sentence the PDF and the JSON carry with the section."""

    key: str
    title: str
    records: list[dict[str, Any]]
    labels: Mapping[str, str]
    note: str = ""
    # For coded values: the Dutch text of each code, per key (the PDF shows it; the JSON keeps the code).
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


ExportSource = Callable[["Employee"], ExportSection]


@dataclass(frozen=True)
class RegisteredExportSection:
    key: str
    order: int
    source: ExportSource


EXPORT_SECTIONS: list[RegisteredExportSection] = []


def export_section(*, key: str, order: int) -> Callable[[ExportSource], ExportSource]:
    """Register a function giving an employee's data of one kind for their export. It reads everything the portal
    holds about that employee record and nothing about anyone else, in a fixed number of queries; the caller has
    checked who asks. Adding a kind of data to the export is one registered function."""

    def register(func: ExportSource) -> ExportSource:
        if any(section.key == key for section in EXPORT_SECTIONS):
            raise ValueError(f"An export section with key {key!r} is already registered.")
        EXPORT_SECTIONS.append(RegisteredExportSection(key=key, order=order, source=func))
        return func

    return register


def export_sections_for(employee: Employee) -> list[ExportSection]:
    """Every registered section of the employee's export, in their order."""
    return [section.source(employee) for section in sorted(EXPORT_SECTIONS, key=lambda s: (s.order, s.key))]


# --- The complaints route ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintRoute:
    """Where a complaint is filed and the terms in force on a day (the complaints app's ComplaintTerms)."""

    portal_path: str  # the portal's page to file a complaint (for links on the portal's own pages)
    portal_url: str  # the same page, absolute (for documents)
    public_url: str  # the public complaint form, absolute
    acknowledge_working_days: int
    answer_weeks: int
    external_months_after_answer: int  # the months after the final answer to go to Kifid


ComplaintRouteSource = Callable[[dt.date], ComplaintRoute | None]
COMPLAINT_ROUTE_SOURCES: list[ComplaintRouteSource] = []


def complaint_route_source(func: ComplaintRouteSource) -> ComplaintRouteSource:
    """Register the function that gives the complaints route on a day (the complaints app registers one)."""
    COMPLAINT_ROUTE_SOURCES.append(func)
    return func


def complaint_route_on(day: dt.date) -> ComplaintRoute | None:
    """The complaints route on `day`; None when no app registered one or no terms are in force."""
    for source in COMPLAINT_ROUTE_SOURCES:
        route = source(day)
        if route is not None:
            return route
    return None
