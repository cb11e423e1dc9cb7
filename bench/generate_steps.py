"""Fill a database with a realistic, reproducible book for benchmarks: employers and their users, employees,
absence cases with sick periods, recoveries and Poortwachter steps, casemanagers, physicians, and a year of
sent reminders in the outbox.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench \\
        .venv/bin/python -m bench.generate_steps --steps 1000000 --seed 42 --fresh-database

The steps are the real engine's (cases/absence/poortwachter.py ``step_states``), so every case has its 16 steps plus
its plan reviews, with the due dates, windows and reasons the portal itself would store. A case's history is
simulated on the engine: a step whose due date has passed was done (mostly on time, sometimes late, sometimes
not at all: then it is overdue, or not applicable once the case closed), which moves the dates of the steps
that depend on it, exactly as ``case_recompute_steps`` would. Services are not used: rows go in with COPY on
PostgreSQL (``bulk_create`` elsewhere, for the tests on SQLite), in one transaction.

The same --steps, --seed and --today give the same book, row for row. The book is made for one fixed "today"
(--today, default BENCH_TODAY) so that the sweep benchmark is reproducible too.

An existing book is never added to: without --fresh-database the command refuses when the database already
has employers, cases or steps. --fresh-database drops and recreates the database first and, as a guard, only
works on PostgreSQL and on a database whose name contains "bench".
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from cases.absence import poortwachter
from cases.absence.models import (
    AbsenceCase,
    CaseAssignment,
    CaseStatus,
    CloseReason,
    Recovery,
    SickPeriod,
    Step,
    StepState,
)
from cases.absence.reminders import EMPLOYER_OWNERS, OVERDUE_CATCH_UP_DAYS, PHYSICIAN_STEPS, initials, reminder_kind
from verzuim.models import (
    ContractType,
    Employee,
    Employer,
    Notification,
    NotificationKind,
    NotificationState,
    ReminderMode,
    Role,
    User,
)
from verzuim.names import sort_name

# The day the book is "made on": steps are open or done as they would be that morning.
BENCH_TODAY = dt.date(2026, 6, 1)
TZ = ZoneInfo(settings.TIME_ZONE)

# Shape of the book (the reference run: 1,000,000 steps -> about 57,000 cases, 9,700 of them open).
STEPS_PER_CASE = 18.0  # the engine makes 16 steps + the next plan review; long cases have more reviews
OPEN_SHARE = 0.17  # of the cases, still running today
EMPLOYEES_PER_CASE = 0.5  # an employee of a small business is absent about once every two years
EMPLOYEES_PER_EMPLOYER = 12
EMPLOYERS_PER_CASEMANAGER = 50
EMPLOYERS_PER_PHYSICIAN = 150
HISTORY_YEARS = 4  # closed cases reach back this far

# How steps were handled, per step whose due date had come.
P_DONE = 0.94  # done at all (else left overdue, or made not applicable when the case closed)
P_LATE = 0.2  # of the done ones: after the due date
P_EARLY = 0.1  # a step due within two weeks that is already done

FLUSH_ROWS = 50_000  # steps per COPY round
PASSWORD_UNUSABLE = "!bench-user-cannot-log-in"  # noqa: S105 - "!" marks it unusable

FIRST_NAMES = (
    "Sanne", "Mohamed", "Lotte", "Pieter", "Fatima", "Daan", "Emma", "Thijs", "Noor", "Bram", "Julia", "Sem",
    "Anouk", "Luuk", "Iris", "Yusuf", "Fleur", "Ruben", "Sara", "Jesse", "Lisa", "Milan", "Eva", "Kees",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
    "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz", "El Amrani",
)  # fmt: skip
CITIES = ("Amersfoort", "Utrecht", "Zwolle", "Groningen", "Tilburg", "Breda", "Leiden", "Deventer", "Arnhem")
TRADES = (
    ("Bakkerij", "1071"), ("Installatiebedrijf", "4321"), ("Supermarkt", "4711"), ("Transport", "4941"),
    ("Eetcafé", "5610"), ("ICT-bureau", "6201"), ("Huisartsenpraktijk", "8621"), ("Kapsalon", "9602"),
)  # fmt: skip


@dataclass(frozen=True)
class BookPlan:
    steps: int = 1_000_000
    seed: int = 42
    today: dt.date = BENCH_TODAY
    # Sent reminders are generated for due dates from this many days ago up to the sweep's catch-up window.
    outbox_days: int = 365


@dataclass
class BookSummary:
    rows: dict[str, int] = field(default_factory=dict)
    open_cases: int = 0
    # Open steps of open cases whose due date lies in the sweep's window [today - 14, today + 7].
    window_steps: int = 0
    # Pending reminders made stale by a completed step or a moved due date: the next sweep cancels them.
    stale_pending: int = 0


@dataclass(frozen=True)
class _CaseSpec:
    periods: tuple[poortwachter.SickPeriod, ...]
    closed_on: dt.date | None
    close_reason: str
    expected_duration_days: int | None
    safety_net: bool
    partial_recovery_pct: int  # 0 or the percentage of a partial recovery reported in the running period

    @property
    def first_sick_day(self) -> dt.date:
        return self.periods[0].start


@dataclass
class _EmployerInfo:
    id: uuid.UUID
    name: str
    casemanager_id: uuid.UUID
    physician_id: uuid.UUID | None
    user_ids: list[uuid.UUID]
    employee_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class _StepRef:
    """One step as a reminder about it reads, and the people the sweep (cases/absence/reminders.py) sends it to."""

    step_id: int
    code: str
    owner: str
    title: str
    context: str
    url: str
    employer: _EmployerInfo
    casemanager_id: uuid.UUID | None
    assigned_on: dt.date | None

    def recipients(self, on: dt.date) -> list[uuid.UUID]:
        recipients = []
        if self.casemanager_id is not None and self.assigned_on is not None and self.assigned_on <= on:
            recipients.append(self.casemanager_id)
        if self.owner in EMPLOYER_OWNERS:
            recipients.extend(self.employer.user_ids)
        if self.code in PHYSICIAN_STEPS and self.employer.physician_id is not None:
            recipients.append(self.employer.physician_id)
        return recipients


# --- writing rows: COPY on PostgreSQL, bulk_create elsewhere ------------------------------------------------


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


class _Table:
    """Rows of one model, given as tuples of the named attributes; the other columns get their defaults."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str], *, copy: bool) -> None:
        self.model = model
        self.attnames = tuple(attnames)
        self.copy = copy
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        fields = model._meta.concrete_fields
        unknown = set(self.attnames) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no field(s) {sorted(unknown)}")
        self.columns = [f.column for f in fields]
        # For each column: the index of the value in a row, or the constant text of its default.
        self.layout: list[tuple[int | None, str]] = []
        for f in fields:
            if f.attname in self.attnames:
                self.layout.append((self.attnames.index(f.attname), ""))
            else:
                self.layout.append((None, _copy_text(f.get_db_prep_save(f.get_default(), connection))))

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    def flush(self) -> None:
        if not self.rows:
            return
        if self.copy:
            buffer = io.StringIO()
            for row in self.rows:
                buffer.write("\t".join(const if i is None else _copy_text(row[i]) for i, const in self.layout) + "\n")
            buffer.seek(0)
            quote = connection.ops.quote_name
            columns = ", ".join(quote(c) for c in self.columns)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN", buffer)
        else:
            self.model._default_manager.bulk_create(
                [self.model(**dict(zip(self.attnames, row, strict=True))) for row in self.rows], batch_size=500
            )
        self.written += len(self.rows)
        self.rows = []


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


# --- the book ---------------------------------------------------------------------------------------------------


class _Book:
    def __init__(self, plan: BookPlan, *, copy: bool) -> None:
        self.plan = plan
        self.today = plan.today
        self.rng = random.Random(plan.seed)
        tables: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
            "employers": (
                Employer,
                ("id", "name", "kvk_number", "payroll_tax_number", "sbi_code", "street", "postcode", "city",
                 "casemanager_id", "occupational_physician_id", "region", "created_at"),
            ),
            "users": (
                User,
                ("id", "password", "email", "full_name", "role", "employer_id", "region", "reminder_mode",
                 "is_active", "date_joined"),
            ),
            "employees": (
                Employee,
                ("id", "employer_id", "personnel_number", "first_name", "last_name", "date_of_birth",
                 "employment_start", "weekly_hours", "yearly_wage", "contract_type", "sort_name", "created_at",
                 "updated_at"),
            ),
            "cases": (
                AbsenceCase,
                ("id", "employee_id", "employer_id", "status", "first_sick_day", "closed_on", "close_reason",
                 "absent_pct", "casemanager_id", "expected_duration_days", "safety_net", "reported_by_id",
                 "created_at"),
            ),
            "periods": (SickPeriod, ("id", "case_id", "start", "end")),
            "recoveries": (Recovery, ("id", "case_id", "date", "recovered_pct", "reported_by_id", "created_at")),
            "assignments": (CaseAssignment, ("id", "case_id", "casemanager_id", "assigned_at", "reason")),
            "steps": (
                Step,
                ("id", "case_id", "code", "sequence", "title", "owner", "position", "window_start", "due_date",
                 "state", "reason", "completed_on", "completed_by_id"),
            ),
            "notifications": (
                Notification,
                ("id", "recipient_id", "kind", "object_type", "object_id", "due_date", "title",
                 "context", "url", "scheduled_for", "instant", "state", "attempts", "sent_at", "read_at",
                 "created_at"),
            ),
        }  # fmt: skip
        # Dict order is the foreign-key order (the constraints are deferred anyway).
        self.tables = {name: _Table(model, attnames, copy=copy) for name, (model, attnames) in tables.items()}
        self.ids = {name: _next_id(self.tables[name].model) for name in ("periods", "recoveries", "assignments")}
        self.ids["steps"] = _next_id(Step)
        self.ids["notifications"] = _next_id(Notification)
        self.summary = BookSummary()
        self.employers: list[_EmployerInfo] = []
        self.employees: list[tuple[uuid.UUID, int, str, str]] = []  # id, employer index, first and last name
        self.instant_users: set[uuid.UUID] = set()
        self.steps_left = plan.steps

    # -- helpers

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _moment(self, day: dt.date, hour: int = 6) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    # -- people

    def people(self) -> None:
        plan, rng, today = self.plan, self.rng, self.today
        cases = max(4, round(plan.steps / STEPS_PER_CASE))
        n_employees = max(round(cases * OPEN_SHARE) + 5, round(cases * EMPLOYEES_PER_CASE))
        n_employers = max(2, n_employees // EMPLOYEES_PER_EMPLOYER)
        joined = self._moment(today - dt.timedelta(days=HISTORY_YEARS * 365 + 30))
        users = self.tables["users"]

        def staff(role: Role, label: str, count: int) -> list[uuid.UUID]:
            ids = []
            for n in range(1, count + 1):
                user_id = self._uuid()
                ids.append(user_id)
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                users.add(user_id, PASSWORD_UNUSABLE, f"{label}{n}@bench.verzuim.test", name, role, None,
                          rng.choice(CITIES), ReminderMode.DIGEST, True, joined)  # fmt: skip
            return ids

        casemanagers = staff(Role.CASEMANAGER, "casemanager", max(1, n_employers // EMPLOYERS_PER_CASEMANAGER))
        physicians = staff(Role.OCCUPATIONAL_PHYSICIAN, "bedrijfsarts", max(1, n_employers // EMPLOYERS_PER_PHYSICIAN))
        staff(Role.INSURER, "verzekeraar", 2)

        for n in range(1, n_employers + 1):
            trade, sbi = rng.choice(TRADES)
            employer = _EmployerInfo(
                id=self._uuid(),
                name=f"{trade} {rng.choice(LAST_NAMES)} {n}",
                casemanager_id=rng.choice(casemanagers),
                physician_id=rng.choice(physicians) if rng.random() < 0.9 else None,
                user_ids=[],
            )
            city = rng.choice(CITIES)
            self.tables["employers"].add(
                employer.id, employer.name, f"{10_000_000 + n:08d}", f"{100_000_000 + n:09d}L01", sbi,
                f"Dorpsstraat {n}", f"{1000 + n % 9000} AB", city, employer.casemanager_id, employer.physician_id,
                city, joined,
            )  # fmt: skip
            for k in range(1 if rng.random() < 0.7 else 2):
                user_id = self._uuid()
                employer.user_ids.append(user_id)
                mode = ReminderMode.INSTANT if rng.random() < 0.15 else ReminderMode.DIGEST
                if mode == ReminderMode.INSTANT:
                    self.instant_users.add(user_id)
                users.add(user_id, PASSWORD_UNUSABLE, f"werkgever{n}-{k + 1}@bench.verzuim.test",
                          f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", Role.EMPLOYER, employer.id, "",
                          mode, True, joined)  # fmt: skip
            self.employers.append(employer)

        for n in range(n_employees):
            index = n if n < n_employers else rng.randrange(n_employers)
            employer = self.employers[index]
            employee_id = self._uuid()
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            born = dt.date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28))
            start = today - dt.timedelta(days=HISTORY_YEARS * 365 + rng.randint(30, 3000))
            start = max(start, born + dt.timedelta(days=18 * 365))
            hours = Decimal(rng.choice(("16.00", "24.00", "32.00", "36.00", "38.00", "40.00")))
            wage = Decimal(rng.randint(18_000, 70_000)).quantize(Decimal("0.01"))
            contract = ContractType.PERMANENT if rng.random() < 0.8 else ContractType.TEMPORARY
            self.tables["employees"].add(
                employee_id, employer.id, f"P{n + 1:06d}", first, last, born, start, hours, wage, contract,
                sort_name(last, first), joined, joined,
            )  # fmt: skip
            employer.employee_ids.append(employee_id)
            self.employees.append((employee_id, index, first, last))
        self.flush()

    # -- cases

    def _open_spec(self) -> _CaseSpec:
        rng, today = self.rng, self.today
        age = 1 + int(720 * rng.random() ** 1.6)  # days since the first sick day; recent cases are the most
        start = today - dt.timedelta(days=age)
        r = rng.random()
        if age > 60 and r < 0.12:  # a relapse within 28 days continued the case with a second period
            first_length = rng.randint(3, age // 3)
            first_end = start + dt.timedelta(days=first_length - 1)
            relapse = first_end + dt.timedelta(days=rng.randint(2, 28))
            periods: tuple[poortwachter.SickPeriod, ...] = (
                poortwachter.SickPeriod(start, first_end),
                poortwachter.SickPeriod(relapse),
            )
        elif age > 3 and r < 0.17:  # fully recovered lately: the case closes once 28 days have passed
            end = today - dt.timedelta(days=rng.randint(1, min(27, age - 2)) + 1)
            periods = (poortwachter.SickPeriod(start, end),)
        else:
            periods = (poortwachter.SickPeriod(start),)
        return _CaseSpec(
            periods=periods,
            closed_on=None,
            close_reason="",
            expected_duration_days=rng.choice((None, None, 14, 42, 90)),
            safety_net=rng.random() < 0.08,
            partial_recovery_pct=rng.choice((50, 60, 80)) if periods[-1].end is None and rng.random() < 0.1 else 0,
        )

    def _closed_spec(self) -> _CaseSpec:
        rng, today = self.rng, self.today
        r = rng.random()
        if r < 0.55:
            length = rng.randint(1, 7)
        elif r < 0.8:
            length = rng.randint(8, 42)
        elif r < 0.95:
            length = rng.randint(43, 364)
        else:
            length = rng.randint(365, 728)
        wia = length == 728 or (length > 600 and rng.random() < 0.3)
        if wia:  # the 104 weeks ran out: the case closes when the WIA benefit starts
            length = 728
        # Build the periods from a provisional first sick day, then move the case to where it fits.
        origin = dt.date(2000, 1, 3)
        end = origin + dt.timedelta(days=length - 1)
        if length > 20 and rng.random() < 0.08:  # with a relapse: two periods with a short recovered gap
            split = origin + dt.timedelta(days=rng.randint(3, length // 2))
            relapse = split + dt.timedelta(days=rng.randint(1, 27))
            periods: tuple[poortwachter.SickPeriod, ...] = (
                poortwachter.SickPeriod(origin, split - dt.timedelta(days=1)),
                poortwachter.SickPeriod(relapse, None if wia else max(relapse, end)),
            )
        else:
            periods = (poortwachter.SickPeriod(origin, None if wia else end),)
        if wia:
            closed_on, reason = poortwachter.first_day_after_104_weeks(periods), CloseReason.WIA_STARTED
        elif rng.random() < 0.04:
            closed_on, reason = periods[-1].end, CloseReason.EMPLOYMENT_ENDED
        else:
            last_end = periods[-1].end
            assert last_end is not None
            closed_on, reason = last_end + dt.timedelta(days=28), CloseReason.RECOVERED
        assert closed_on is not None
        span = (closed_on - origin).days
        start = today - dt.timedelta(days=1 + span + rng.randint(0, max(0, HISTORY_YEARS * 365 - span)))
        shift = start - origin
        return _CaseSpec(
            periods=tuple(
                poortwachter.SickPeriod(p.start + shift, None if p.end is None else p.end + shift) for p in periods
            ),
            closed_on=closed_on + shift,
            close_reason=reason,
            expected_duration_days=rng.choice((None, None, 7, 14, 42)),
            safety_net=rng.random() < 0.08,
            partial_recovery_pct=0,
        )

    def _simulate(self, spec: _CaseSpec, facts: poortwachter.CaseFacts, as_of: dt.date) -> dict[str, list[dt.date]]:
        """Play the case forward to `as_of`: each step whose due date came was done or not, once."""
        rng = self.rng
        completed: dict[str, list[dt.date]] = {}
        decided: set[tuple[str, int]] = set()
        for _round in range(100):
            states = poortwachter.step_states(
                replace(facts, completed={code: tuple(days) for code, days in completed.items()}), as_of
            )
            progressed = False
            for state in states:
                key = (state.code, state.sequence)
                if state.status not in {"upcoming", "due_soon", "overdue"} or key in decided or state.owner == "none":
                    continue
                due = state.due_date
                assert due is not None
                if due < as_of:
                    done = rng.random() < P_DONE
                elif (due - as_of).days <= 14:
                    done = rng.random() < P_EARLY
                else:
                    continue
                decided.add(key)
                if not done:
                    continue
                if due >= as_of:  # done ahead of time, some day in the last ten
                    on = as_of - dt.timedelta(days=rng.randint(0, 10))
                elif rng.random() < P_LATE:
                    on = due + dt.timedelta(days=rng.randint(1, min(21, (as_of - due).days)))
                else:
                    on = due - dt.timedelta(days=rng.randint(0, 10))
                on = max(on, spec.first_sick_day)
                completed.setdefault(state.code, []).append(on)
                progressed = True
            if not progressed:
                break
        return completed

    def case(self, spec: _CaseSpec, employee_index: int) -> None:
        rng, today = self.rng, self.today
        employee_id, employer_index, first_name, last_name = self.employees[employee_index]
        employer = self.employers[employer_index]
        is_open = spec.closed_on is None
        as_of = today if spec.closed_on is None else spec.closed_on
        threatens = poortwachter.long_absence_threatens(
            spec.periods, as_of, expected_duration_days=spec.expected_duration_days
        )
        facts = poortwachter.CaseFacts(
            periods=spec.periods, safety_net=spec.safety_net, long_absence_threatens=threatens
        )
        completed = self._simulate(spec, facts, as_of)
        close_reason = str(CloseReason(spec.close_reason).label) if spec.close_reason else ""
        final = replace(
            facts,
            completed={code: tuple(days) for code, days in completed.items()},
            closed_on=spec.closed_on,
            close_reason=close_reason,
        )
        states = poortwachter.step_states(final, as_of)

        case_id = self._uuid()
        reporter = employer.user_ids[0]
        casemanager_id = employer.casemanager_id if threatens else None
        assigned_on = None
        if casemanager_id is not None:
            assigned_on = min(as_of, spec.first_sick_day + dt.timedelta(days=14))
            self.tables["assignments"].add(
                self._id("assignments"), case_id, casemanager_id, self._moment(assigned_on, 9),
                "Langdurig verzuim dreigt.",
            )  # fmt: skip
        self.tables["cases"].add(
            case_id, employee_id, employer.id, CaseStatus.OPEN if is_open else CaseStatus.CLOSED,
            spec.first_sick_day, spec.closed_on, spec.close_reason, 100 - spec.partial_recovery_pct,
            casemanager_id, spec.expected_duration_days, spec.safety_net, reporter,
            self._moment(spec.first_sick_day, 8),
        )  # fmt: skip
        for period in spec.periods:
            self.tables["periods"].add(self._id("periods"), case_id, period.start, period.end)
            if period.end is not None:
                recovered = period.end + dt.timedelta(days=1)
                self.tables["recoveries"].add(
                    self._id("recoveries"), case_id, recovered, 100, reporter, self._moment(recovered, 9)
                )
        if spec.partial_recovery_pct:
            start = spec.periods[-1].start
            on = start + dt.timedelta(days=rng.randint(1, max(1, (today - start).days)))
            self.tables["recoveries"].add(
                self._id("recoveries"), case_id, min(on, today), spec.partial_recovery_pct, reporter,
                self._moment(min(on, today), 9),
            )  # fmt: skip

        context = f"{initials(first_name, last_name)} ({employer.name})"
        url = f"/verzuim/{case_id}/"
        for position, state in enumerate(states[: self.steps_left]):
            step_id = self._id("steps")
            if state.status == "done":
                persisted = StepState.DONE
            elif state.status == "not_applicable":
                persisted = StepState.NOT_APPLICABLE
            else:
                persisted = StepState.OPEN
            completed_by = None
            if persisted == StepState.DONE:
                if state.code in PHYSICIAN_STEPS and employer.physician_id:
                    completed_by = employer.physician_id
                elif state.owner in {"casemanager", "insurer", "labour_expert"} and casemanager_id:
                    completed_by = casemanager_id
                else:
                    completed_by = reporter
            self.tables["steps"].add(
                step_id, case_id, state.code, state.sequence, state.title, state.owner, position,
                state.window_start, state.due_date, persisted, state.reason, state.completed_on, completed_by,
            )  # fmt: skip
            ref = _StepRef(
                step_id=step_id,
                code=state.code,
                owner=state.owner,
                title=state.title if state.sequence == 1 else f"{state.title} {state.sequence}",
                context=context,
                url=url,
                employer=employer,
                casemanager_id=casemanager_id,
                assigned_on=assigned_on,
            )
            self._reminders(ref, state, persisted, spec)
        self.steps_left -= min(len(states), self.steps_left)
        if is_open:
            self.summary.open_cases += 1

    def _notification(
        self, ref: _StepRef, *, recipient_id: uuid.UUID, kind: str, due_date: dt.date, on: dt.date, sent: bool
    ) -> None:
        scheduled = self._moment(on)
        self.tables["notifications"].add(
            self._id("notifications"), recipient_id, kind, "step", str(ref.step_id), due_date,
            ref.title, ref.context, ref.url, scheduled, recipient_id in self.instant_users,
            NotificationState.SENT if sent else NotificationState.PENDING, 1 if sent else 0,
            scheduled + dt.timedelta(minutes=5) if sent else None,
            scheduled + dt.timedelta(hours=3) if sent and self.rng.random() < 0.5 else None, scheduled,
        )  # fmt: skip

    def _reminders(self, ref: _StepRef, state: poortwachter.StepState, persisted: str, spec: _CaseSpec) -> None:
        """The outbox as the daily sweeps left it: reminders sent for due dates before the sweep's window,
        and a few pending ones that have gone stale since they were queued yesterday."""
        today, due = self.today, state.due_date
        if due is None:
            return
        window_start = today - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS)
        window_end = today + dt.timedelta(days=7)
        yesterday = today - dt.timedelta(days=1)

        if today - dt.timedelta(days=self.plan.outbox_days) <= due < window_start:
            if persisted == StepState.DONE:
                assert state.completed_on is not None
                open_until = state.completed_on
            elif persisted == StepState.NOT_APPLICABLE:
                if spec.closed_on is None:
                    return  # never applied (no safety net), so never reminded of
                open_until = spec.closed_on
            else:
                open_until = today
            moments = (
                (NotificationKind.DUE_IN_7_DAYS, max(due - dt.timedelta(days=7), spec.first_sick_day)),
                (NotificationKind.DUE_IN_1_DAY, due - dt.timedelta(days=1)),
                (NotificationKind.OVERDUE, due + dt.timedelta(days=1)),
            )
            for kind, on in moments:
                if on < spec.first_sick_day or on >= open_until or reminder_kind(due, on) != kind:
                    continue
                for recipient_id in ref.recipients(on):
                    self._notification(ref, recipient_id=recipient_id, kind=kind, due_date=due, on=on, sent=True)
            return

        if spec.closed_on is not None or not window_start <= due <= window_end:
            return
        stale_due: dt.date | None = None
        if persisted == StepState.OPEN:
            self.summary.window_steps += 1
            if self.rng.random() < 0.03:  # queued yesterday for a due date that a relapse has since moved
                stale_due = due - dt.timedelta(days=self.rng.randint(3, 10))
        elif persisted == StepState.DONE and state.completed_on is not None and state.completed_on >= yesterday:
            stale_due = due  # queued yesterday morning, done since
        stale_kind = None if stale_due is None else reminder_kind(stale_due, yesterday)
        if stale_due is not None and stale_kind is not None:
            for recipient_id in ref.recipients(yesterday):
                self._notification(
                    ref, recipient_id=recipient_id, kind=stale_kind, due_date=stale_due, on=yesterday, sent=False
                )
                self.summary.stale_pending += 1

    def cases(self) -> None:
        rng = self.rng
        estimate = max(4, round(self.plan.steps / STEPS_PER_CASE))
        n_open = max(1, round(estimate * OPEN_SHARE))
        specs = [self._open_spec() for _ in range(n_open)] + [self._closed_spec() for _ in range(estimate - n_open)]
        # Cases go in in the order they were reported, as in the portal's own tables.
        specs.sort(key=lambda spec: spec.first_sick_day)
        open_employees = list(range(len(self.employees)))
        rng.shuffle(open_employees)
        index = 0
        while self.steps_left > 0:
            # When the estimate falls short, older closed cases fill up the rest.
            spec = specs[index] if index < len(specs) else self._closed_spec()
            index += 1
            # At most one open case per employee (case_one_open_per_employee).
            employee = open_employees.pop() if spec.closed_on is None else rng.randrange(len(self.employees))
            self.case(spec, employee)
            if len(self.tables["steps"].rows) >= FLUSH_ROWS:
                self.flush()
        self.flush()

    def finish(self) -> BookSummary:
        # The rows with integer keys were written with explicit ids: move their sequences past them.
        numbered = [Step, Notification, SickPeriod, Recovery, CaseAssignment]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), numbered):
                cursor.execute(sql)
        self.summary.rows = {name: table.written for name, table in self.tables.items()}
        return self.summary


def book_generate(*, plan: BookPlan, copy: bool | None = None) -> BookSummary:
    """Write the book into the default database in one transaction. COPY is used on PostgreSQL unless
    `copy=False`; other databases get bulk_create."""
    if copy is None:
        copy = connection.vendor == "postgresql"
    if copy and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL")
    with transaction.atomic():
        book = _Book(plan, copy=copy)
        book.people()
        book.cases()
        return book.finish()


def book_exists() -> bool:
    return Employer.objects.exists() or AbsenceCase.objects.exists() or Step.objects.exists()


# --- the command ----------------------------------------------------------------------------------------------


def _maintenance_connection() -> Any:
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    conn.autocommit = True
    return conn


def database_prepare(*, fresh: bool) -> None:
    """On PostgreSQL: create the database when it is missing (drop it first when `fresh`), then migrate."""
    name = str(settings.DATABASES["default"]["NAME"])
    if connection.vendor == "postgresql":
        if fresh and "bench" not in name:
            raise SystemExit(f'--fresh-database drops the database; refusing for "{name}" (name lacks "bench").')
        maintenance = _maintenance_connection()
        try:
            with maintenance.cursor() as cursor:
                quoted = connection.ops.quote_name(name)
                if fresh:
                    cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE DATABASE {quoted}")
                    print(f"created database {name}")
        finally:
            maintenance.close()
    elif fresh:
        raise SystemExit("--fresh-database works on PostgreSQL only.")
    call_command("migrate", interactive=False, verbosity=0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate_steps", description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=BookPlan.steps, help="number of Step rows (default 1000000)")
    parser.add_argument("--seed", type=int, default=BookPlan.seed, help="random seed (default 42)")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=BENCH_TODAY, help=f"the book's today (default {BENCH_TODAY})"
    )
    parser.add_argument(
        "--outbox-days", type=int, default=BookPlan.outbox_days, help="days of sent reminders (default 365)"
    )
    parser.add_argument(
        "--fresh-database",
        action="store_true",
        help='drop and recreate the database first (PostgreSQL, name containing "bench")',
    )
    args = parser.parse_args(argv)
    if args.steps < 1:
        parser.error("--steps must be at least 1")

    started = time.perf_counter()
    database_prepare(fresh=args.fresh_database)
    prepared = time.perf_counter()
    if book_exists():
        print(
            f"The database {settings.DATABASES['default']['NAME']} already has data; this command only fills an "
            "empty one. Use --fresh-database to drop and recreate it.",
            file=sys.stderr,
        )
        return 2
    plan = BookPlan(steps=args.steps, seed=args.seed, today=args.today, outbox_days=args.outbox_days)
    summary = book_generate(plan=plan)
    generated = time.perf_counter()
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database: statistics for the planner, a visibility map for index scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    analysed = time.perf_counter()

    print(f"book for {plan.today} (seed {plan.seed}) in {settings.DATABASES['default']['NAME']}:")
    for name, count in summary.rows.items():
        print(f"  {name:<14} {count:>10,}")
    cases = summary.rows["cases"]
    print(
        f"  open cases     {summary.open_cases:>10,} of {cases:,}; {summary.rows['steps'] / cases:.1f} steps per case"
    )
    print(f"  open steps due in the sweep's window: {summary.window_steps:,}; stale pending reminders: "
          f"{summary.stale_pending:,}")  # fmt: skip
    print(f"create + migrate {prepared - started:.1f} s, generate {generated - prepared:.1f} s, "
          f"VACUUM ANALYZE {analysed - generated:.1f} s, total {analysed - started:.1f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size {cursor.fetchone()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
