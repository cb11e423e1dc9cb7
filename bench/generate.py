"""Fill a database with the benchmarks' general book: employers of the Dutch MKB with their
policies, employees, absence cases (sick periods, recoveries, Poortwachter steps, the outbox of reminders)
and approved premium calculations of the current premium year.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench_book \\
        .venv/bin/python -m bench.generate --fresh-database --seed 42

Defaults: 40,000 employers, about 300,000 employees, 12,000 open and 60,000 closed cases from 2023 on, one
active policy per employer and an approved 2026 premium for about nine in ten of them; with the steps about
1.2 million Poortwachter steps and 280,000 reminders. `--employers`, `--open-cases` and `--closed-cases`
scale it.

Shared with bench.generate_steps (imported, not copied): the writer (COPY on PostgreSQL, bulk_create
elsewhere, in one transaction), the case shapes and the Poortwachter simulation that writes each case's steps
and the reminders the daily sweeps would have sent, the book's fixed "today" and the guards: without
--fresh-database the command refuses a database that already has a book; --fresh-database drops and recreates
the database first, only on PostgreSQL and only for a name containing "bench".

What this book adds: employers of every size class (most have 1-5 employees, some 10-50) across the SBI
sections, employees with varied wages, ages, hours, hiring dates and leavers, one active policy per employer
(varied waiting days, coverage, employer charges and start dates 2019-2026), and for most of them an approved
premium calculation of --premium-year, calculated with the real calculator (premiums/calculator.py) and the
seeded parameters, so the next year's renewal meets a previous own-absence factor to cap against. The cases
are given to employees who were employed then and not sick with another case at the time.

The same --seed, --today and sizes give the same book, row for row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from bench.generate_steps import (
    BENCH_TODAY,
    CITIES,
    EMPLOYERS_PER_CASEMANAGER,
    EMPLOYERS_PER_PHYSICIAN,
    FIRST_NAMES,
    LAST_NAMES,
    PASSWORD_UNUSABLE,
    BookPlan,
    _Book,
    _CaseSpec,
    _EmployerInfo,
    _Table,
    book_exists,
    database_prepare,
)
from complaints import deadlines
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintOutcome,
    ComplaintStatus,
    ComplaintTerms,
    ReferenceCounter,
)
from premiums import calculator, parameters
from premiums.models import CalculationStatus, Coverage, PaymentTerm, Policy, PolicyStatus, PremiumCalculation, Product
from premiums.renewal import ABSENCE_YEARS
from verzuim.models import ContractType, Employee, ReminderMode, Role
from verzuim.names import sort_name
from verzuim.validators import passes_eleven_proof

CASES_FROM = dt.date(2023, 1, 1)  # no case starts earlier
POLICIES_FROM = 2019  # the first policies started in this year
INSURERS = 4  # insurer staff; each approved calculation has two different ones
P_CALCULATED = 0.9  # employers with an approved premium of the premium year
P_LEAVER = 0.1  # employees who left since CASES_FROM
P_HIRED = 0.25  # employees hired since CASES_FROM
MINIMUM_FULL_TIME_WAGE = 28_000  # about the statutory minimum wage for 40 hours a week in 2026
COMPLAINTS_PER_EMPLOYER_YEAR = 0.01  # about one complaint a year per hundred policyholders
COMPLAINT_HANDLERS = 3
COMPLAINT_CATEGORIES = (
    (ComplaintCategory.CASEMANAGER, 4), (ComplaintCategory.ARBODIENST, 3), (ComplaintCategory.PREMIUM, 3),
    (ComplaintCategory.CLAIM, 2), (ComplaintCategory.INTERVENTION, 1), (ComplaintCategory.PRIVACY, 0.5),
    (ComplaintCategory.COVENANT, 0.5), (ComplaintCategory.OTHER, 1),
)  # fmt: skip
COMPLAINT_CHANNELS = ((ComplaintChannel.PORTAL, 6), (ComplaintChannel.PUBLIC, 3), (ComplaintChannel.API, 1))
COMPLAINT_OUTCOMES = (
    (ComplaintOutcome.UNFOUNDED, 5), (ComplaintOutcome.PARTLY_FOUNDED, 3), (ComplaintOutcome.FOUNDED, 2),
)  # fmt: skip
COMPLAINT_TEXTS = (
    "De casemanager belde niet terug na de ziekmelding.",
    "De premie is hoger dan wij hadden verwacht en de uitleg ontbreekt.",
    "De declaratie van de interventie is nog steeds niet betaald.",
    "Het spreekuur bij de bedrijfsarts werd twee keer verzet.",
    "Wij kregen een herinnering voor een stap die al was afgerond.",
)

# (trade, SBI code, weight): every section of the SBI with an MKB presence, weighted roughly like the MKB.
TRADES = (
    ("Melkveehouderij", "0141", 2), ("Zandwinning", "0812", 0.3), ("Bakkerij", "1071", 2),
    ("Metaalbewerking", "2562", 3), ("Meubelmakerij", "3109", 2), ("Energiecoöperatie", "3511", 0.3),
    ("Afvalinzameling", "3811", 0.6), ("Bouwbedrijf", "4120", 4), ("Installatiebedrijf", "4321", 5),
    ("Schildersbedrijf", "4334", 3), ("Autobedrijf", "4511", 4), ("Groothandel", "4690", 5),
    ("Supermarkt", "4711", 5), ("Kledingwinkel", "4771", 5), ("Transport", "4941", 4),
    ("Koeriersdienst", "5320", 1), ("Hotel", "5510", 2), ("Eetcafé", "5610", 6), ("Uitgeverij", "5811", 1),
    ("ICT-bureau", "6201", 5), ("Assurantiekantoor", "6622", 2), ("Makelaardij", "6831", 2),
    ("Advocatenkantoor", "6910", 2), ("Accountantskantoor", "6920", 4), ("Architectenbureau", "7111", 3),
    ("Uitzendbureau", "7820", 2), ("Schoonmaakbedrijf", "8121", 3), ("Hoveniersbedrijf", "8130", 2),
    ("Gemeentelijk samenwerkingsverband", "8411", 0.3), ("Rijschool", "8553", 2),
    ("Huisartsenpraktijk", "8621", 3), ("Fysiotherapiepraktijk", "8690", 3), ("Thuiszorg", "8810", 2),
    ("Kinderopvang", "8891", 3), ("Theater", "9004", 0.6), ("Sportschool", "9313", 1.5),
    ("Vereniging", "9499", 1), ("Kapsalon", "9602", 4), ("Huishouden met personeel", "9700", 0.1),
)  # fmt: skip
WAITING_DAYS = ((10, 0.3), (20, 0.2), (30, 0.25), (65, 0.25))
COVERAGES = ((Coverage.C100_70, 0.6), (Coverage.C70_70, 0.15), (Coverage.C100_100, 0.25))
WEEKLY_HOURS = ((8, 3), (12, 4), (16, 8), (20, 10), (24, 14), (28, 10), (32, 16), (36, 14), (38, 8), (40, 13))


@dataclass(frozen=True)
class FullBookPlan:
    employers: int = 40_000
    open_cases: int = 12_000
    closed_cases: int = 60_000
    seed: int = 42
    today: dt.date = BENCH_TODAY
    # Approved calculations are made for this year (the renewal benchmark renews the year after it).
    premium_year: int = 2026
    outbox_days: int = 365
    complaints_per_employer_year: float = COMPLAINTS_PER_EMPLOYER_YEAR


@dataclass
class FullBookSummary:
    rows: dict[str, int] = field(default_factory=dict)
    open_cases: int = 0
    closed_cases: int = 0
    approved_calculations: int = 0
    complaints: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _weighted(rng: Any, options: Sequence[tuple[Any, float]]) -> Any:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def employer_size(rng: Any) -> int:
    """Employees of one employer, skewed like the Dutch MKB: most have 1-5, some 10-50 (mean about 7.5)."""
    r = rng.random()
    if r < 0.56:
        return int(_weighted(rng, ((1, 12), (2, 13), (3, 12), (4, 10), (5, 9))))
    if r < 0.79:
        return rng.randint(6, 9)
    if r < 0.93:
        return rng.randint(10, 19)
    return 20 + int(31 * rng.random() ** 2.2)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class _Worker:
    """What placing a case needs to know of an employee."""

    start: dt.date
    end: dt.date | None
    busy: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # cases, first sick day to closed (or today)


class _FullBook(_Book):
    def __init__(self, plan: FullBookPlan, *, copy: bool) -> None:
        # The steps' book with no limit on the number of steps: every case gets all of its steps.
        super().__init__(
            BookPlan(steps=10**12, seed=plan.seed, today=plan.today, outbox_days=plan.outbox_days), copy=copy
        )
        self.full_plan = plan
        # Employees get a leaving date too; the policies and calculations come after the steps' tables.
        self.tables["employees"] = _Table(
            Employee,
            ("id", "employer_id", "personnel_number", "first_name", "last_name", "date_of_birth", "employment_start",
             "employment_end", "weekly_hours", "yearly_wage", "contract_type", "sort_name", "created_at",
             "updated_at"),
            copy=copy,
        )  # fmt: skip
        self.tables["policies"] = _Table(
            Policy,
            ("id", "policy_number", "employer_id", "product_id", "start_date", "waiting_days", "coverage", "status",
             "employer_charges_pct", "payment_term"),
            copy=copy,
        )  # fmt: skip
        self.tables["calculations"] = _Table(
            PremiumCalculation,
            ("id", "policy_id", "employer_id", "year", "parameter_set_id", "calculated_on", "status", "inputs",
             "employee_count", "insured_payroll", "average_age", "age_wage_mix_factor", "waiting_days_factor",
             "coverage_factor", "base_rate_pct", "weighted_own_absence_pct", "experience_ratio",
             "credibility_weight_pct", "own_absence_factor_uncapped", "previous_own_absence_factor",
             "own_absence_factor_ceiling", "own_absence_factor", "cap_applied", "premium", "created_at",
             "created_by_id", "submitted_by_id", "submitted_at", "reviewed_by_id", "reviewed_at"),
            copy=copy,
        )  # fmt: skip
        self.tables["complaints"] = _Table(
            Complaint,
            ("id", "reference", "category", "description", "contact_name", "contact_email", "employer_kvk",
             "employer_id", "submitted_by_id", "channel", "received_on", "terms_id", "acknowledge_by", "answer_by",
             "status", "assigned_to_id", "acknowledged_on", "answered_on", "closed_on", "outcome", "created_at"),
            copy=copy,
        )  # fmt: skip
        self.tables["complaint_events"] = _Table(
            ComplaintEvent, ("id", "complaint_id", "at", "actor_id", "kind", "data"), copy=copy
        )
        self.workers: list[_Worker] = []
        self.insurers: list[uuid.UUID] = []
        self.employer_kvk: list[str] = []
        self.full_summary = FullBookSummary()

    # -- people, policies and premiums

    def _staff(self, role: Role, label: str, count: int, joined: dt.datetime) -> list[uuid.UUID]:
        ids = []
        for n in range(1, count + 1):
            user_id = self._uuid()
            ids.append(user_id)
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            self.tables["users"].add(user_id, PASSWORD_UNUSABLE, f"{label}{n}@bench.verzuim.test", name, role, None,
                                     self.rng.choice(CITIES), ReminderMode.DIGEST, True, joined)  # fmt: skip
        return ids

    def _payroll_tax_number(self, n: int) -> str:
        fiscal = 100_000_000 + n * 100  # the next one that passes the 11-proof (at most about 20 further)
        while not passes_eleven_proof(str(fiscal)):
            fiscal += 1
        return f"{fiscal:09d}L01"

    def _policy_start(self) -> dt.date:
        rng, today = self.rng, self.today
        while True:
            year = rng.randint(POLICIES_FROM, today.year)
            start = dt.date(year, 1, 1) if rng.random() < 0.6 else dt.date(year, rng.randint(1, 12), 1)
            if start <= today:
                return start

    def _employee(self, employer_index: int, number: int, *, founder: bool) -> tuple[Any, ...]:
        rng, today = self.rng, self.today
        age = int(rng.triangular(18, 67, 38))
        born = _years_before(today, age) - dt.timedelta(days=rng.randint(1, 364))
        adult = _years_before(born, -18)
        if founder or rng.random() > P_HIRED:
            start = CASES_FROM - dt.timedelta(days=rng.randint(1, 20 * 365))
        else:
            start = CASES_FROM + dt.timedelta(days=rng.randint(0, (today - CASES_FROM).days))
        start = min(max(start, adult + dt.timedelta(days=1)), today)
        end = None
        if not founder and rng.random() < P_LEAVER:
            earliest = max(start, CASES_FROM)
            if earliest < today - dt.timedelta(days=1):
                end = earliest + dt.timedelta(days=rng.randint(0, (today - earliest).days - 1))
        hours = int(_weighted(rng, WEEKLY_HOURS))
        experience = min(1.0, max(0.0, (age - 18) / 30))
        full_time = MINIMUM_FULL_TIME_WAGE + 22_000 * rng.lognormvariate(0, 0.55) * (0.5 + experience)
        wage = Decimal(round(full_time * hours / 40))
        contract = ContractType.PERMANENT if founder or rng.random() < 0.8 else ContractType.TEMPORARY
        employee_id = self._uuid()
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        joined = self._moment(min(start, today), 9)
        self.tables["employees"].add(
            employee_id, self.employers[employer_index].id, f"P{number:05d}", first, last, born, start, end,
            Decimal(hours), wage, contract, sort_name(last, first), joined, joined,
        )  # fmt: skip
        self.employers[employer_index].employee_ids.append(employee_id)
        self.employees.append((employee_id, employer_index, first, last))
        self.workers.append(_Worker(start=start, end=end))
        return (start, end, wage, born)

    def people(self) -> None:
        plan, rng = self.full_plan, self.rng
        joined = self._moment(dt.date(POLICIES_FROM - 1, 12, 1))
        casemanagers = self._staff(
            Role.CASEMANAGER, "casemanager", max(1, plan.employers // EMPLOYERS_PER_CASEMANAGER), joined
        )
        physicians = self._staff(
            Role.OCCUPATIONAL_PHYSICIAN, "bedrijfsarts", max(1, plan.employers // EMPLOYERS_PER_PHYSICIAN), joined
        )
        self.insurers = self._staff(Role.INSURER, "verzekeraar", INSURERS, joined)
        product, _created = Product.objects.get_or_create(
            code="mkb-vov", defaults={"name": "MKB Verzuim-ontzorgverzekering"}
        )
        loaded = parameters.for_year(plan.premium_year)
        trades = [(trade, sbi) for trade, sbi, _weight in TRADES]
        trade_weights = [weight for _trade, _sbi, weight in TRADES]

        for n in range(1, plan.employers + 1):
            trade, sbi = rng.choices(trades, weights=trade_weights)[0]
            employer = _EmployerInfo(
                id=self._uuid(),
                name=f"{trade} {rng.choice(LAST_NAMES)} {n}",
                casemanager_id=rng.choice(casemanagers),
                physician_id=rng.choice(physicians) if rng.random() < 0.9 else None,
                user_ids=[],
            )
            index = len(self.employers)
            self.employers.append(employer)
            start = self._policy_start()
            city = rng.choice(CITIES)
            created = self._moment(start - dt.timedelta(days=rng.randint(14, 60)), 10)
            self.employer_kvk.append(f"{10_000_000 + n:08d}")
            self.tables["employers"].add(
                employer.id, employer.name, f"{10_000_000 + n:08d}", self._payroll_tax_number(n), sbi,
                f"Dorpsstraat {n}", f"{1000 + n % 9000} AB", city, employer.casemanager_id, employer.physician_id,
                city, created,
            )  # fmt: skip
            for k in range(1 if rng.random() < 0.7 else 2):
                user_id = self._uuid()
                employer.user_ids.append(user_id)
                mode = ReminderMode.INSTANT if rng.random() < 0.15 else ReminderMode.DIGEST
                if mode == ReminderMode.INSTANT:
                    self.instant_users.add(user_id)
                self.tables["users"].add(
                    user_id, PASSWORD_UNUSABLE, f"werkgever{n}-{k + 1}@bench.verzuim.test",
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", Role.EMPLOYER, employer.id, "", mode, True,
                    created,
                )  # fmt: skip
            staff = [self._employee(index, k + 1, founder=k == 0) for k in range(employer_size(rng))]

            policy_id = self._uuid()
            waiting_days = int(_weighted(rng, WAITING_DAYS))
            coverage = str(_weighted(rng, COVERAGES))
            charges = Decimal(0) if rng.random() < 0.1 else Decimal(rng.randint(1500, 4000)) / 100
            self.tables["policies"].add(
                policy_id, f"VOV-{start.year}-{n:06d}", employer.id, product.pk, start, waiting_days, coverage,
                PolicyStatus.ACTIVE, charges, PaymentTerm.YEAR,
            )  # fmt: skip
            if rng.random() < P_CALCULATED:
                self._calculation(
                    loaded, employer, policy_id, sbi=sbi, start=start, waiting_days=waiting_days, coverage=coverage,
                    charges=charges, staff=staff,
                )  # fmt: skip
            if len(self.tables["employees"].rows) >= 50_000:
                self.flush()
        self.flush()

    def _calculation(
        self,
        loaded: parameters.LoadedParameters,
        employer: _EmployerInfo,
        policy_id: uuid.UUID,
        *,
        sbi: str,
        start: dt.date,
        waiting_days: int,
        coverage: str,
        charges: Decimal,
        staff: list[tuple[Any, ...]],
    ) -> None:
        """The approved premium of the premium year as premiums.renewal would have drafted it: the real calculator,
        the inputs it stores; own absence drawn around the sector's (none in most years of the smallest employers)."""
        rng, year = self.rng, self.full_plan.premium_year
        sector = loaded.sector_for(sbi)
        on = max(dt.date(year, 1, 1), start)
        insured = [(wage, born) for hired, left, wage, born in staff if hired <= on and (left is None or left >= on)]
        own: dict[int, Decimal] = {}
        for past in range(year - ABSENCE_YEARS, year):
            if dt.date(past, 12, 31) < start:
                continue
            if rng.random() < 0.6 ** max(1, len(insured)):  # a small employer often has a year without absence
                own[past] = Decimal("0.00")
            else:
                pct = float(sector.expected_absence_pct) * rng.lognormvariate(0, 0.6)
                own[past] = Decimal(str(round(min(pct, 60.0), 2)))
        # Insured the year before too: that year's approved factor is the ceiling's base.
        previous = Decimal(str(round(rng.uniform(0.85, 1.25), 4))) if start.year < year else None
        if start.year < year:  # renewed in the autumn before the year
            calculated_on = dt.date(year - 1, 11, 1) + dt.timedelta(days=rng.randint(0, 40))
        else:  # a new contract, calculated shortly before it started
            calculated_on = start - dt.timedelta(days=rng.randint(7, 40))
        result = calculator.premium_quote(
            calculator.QuoteInput(
                year=year,
                sector_rate_pct=sector.rate_pct,
                employer_charges_pct=charges,
                waiting_days=waiting_days,
                coverage=coverage,
                employees=tuple(
                    calculator.EmployeeInput(yearly_wage=wage, date_of_birth=born) for wage, born in insured
                ),
                own_absence_pct=own,
                sector_absence_pct=sector.expected_absence_pct,
                previous_own_absence_factor=previous,
            ),
            parameters=loaded.parameters,
        )
        inputs = {
            "reference_date": on.isoformat(),
            "sbi_code": sbi,
            "sbi_section": sector.section,
            "sector_rate_pct": str(sector.rate_pct),
            "sector_absence_pct": str(sector.expected_absence_pct),
            "employer_charges_pct": str(charges),
            "waiting_days": waiting_days,
            "coverage": coverage,
            "wage_cap": str(loaded.parameters.wage_cap),
            "insured_since": start.isoformat(),
            "own_absence_pct": {str(past): str(pct) for past, pct in sorted(own.items())},
            "employees": [{"yearly_wage": str(wage), "date_of_birth": born.isoformat()} for wage, born in insured],
        }
        submitter, reviewer = rng.sample(self.insurers, 2)
        submitted = self._moment(calculated_on + dt.timedelta(days=rng.randint(1, 10)), 10)
        reviewed = submitted + dt.timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 6))
        renewal = start.year < year
        self.tables["calculations"].add(
            self._uuid(), policy_id, employer.id, year, loaded.parameter_set.pk, calculated_on,
            CalculationStatus.APPROVED, inputs, result.employee_count, result.insured_payroll, result.average_age,
            result.age_wage_mix_factor, result.waiting_days_factor, result.coverage_factor, result.base_rate_pct,
            result.weighted_own_absence_pct, result.experience_ratio, result.credibility_weight_pct,
            result.own_absence_factor_uncapped, previous, result.own_absence_factor_ceiling,
            result.own_absence_factor, result.cap_applied, result.premium,
            self._moment(calculated_on, 1) if renewal else submitted, None if renewal else submitter,
            submitter, submitted, reviewer, reviewed,
        )  # fmt: skip
        self.full_summary.approved_calculations += 1

    # -- cases

    def _spec_busy(self, spec: _CaseSpec) -> tuple[dt.date, dt.date]:
        return spec.first_sick_day, spec.closed_on or self.today

    def _fits(self, worker: _Worker, spec: _CaseSpec) -> bool:
        first, last = self._spec_busy(spec)
        if worker.start > first:
            return False
        if worker.end is not None and (spec.closed_on is None or worker.end < last):
            return False
        return all(last < busy_first or first > busy_last for busy_first, busy_last in worker.busy)

    def _employee_for(self, spec: _CaseSpec) -> int:
        """An employee employed during the case and not sick with another case then: a few random tries, then
        the next one that fits."""
        rng, count = self.rng, len(self.employees)
        index = rng.randrange(count)
        for tried in range(count + 50):
            if self._fits(self.workers[index], spec):
                break
            index = rng.randrange(count) if tried < 50 else (index + 1) % count
        else:
            raise ValueError("too many cases for the employees: no employee is free for one of them")
        self.workers[index].busy.append(self._spec_busy(spec))
        return index

    def cases(self) -> None:
        plan = self.full_plan
        specs = [self._open_spec() for _ in range(plan.open_cases)]
        while len(specs) < plan.open_cases + plan.closed_cases:
            spec = self._closed_spec()  # these reach back four years: keep the ones from CASES_FROM on
            if spec.first_sick_day >= CASES_FROM:
                specs.append(spec)
        # Cases go in in the order they were reported, as in the portal's own tables.
        specs.sort(key=lambda spec: spec.first_sick_day)
        for spec in specs:
            self.case(spec, self._employee_for(spec))
            if spec.closed_on is None:
                self.full_summary.open_cases += 1
            else:
                self.full_summary.closed_cases += 1
            if len(self.tables["steps"].rows) >= 50_000:
                self.flush()
        self.flush()

    # -- complaints

    def complaints(self) -> None:
        """The complaints desk's history: about one complaint a year per hundred employers since CASES_FROM,
        numbered per year in the order received, with the real deadlines; a complaint is acknowledged and
        answered (mostly on time) when those days have come, and closed with an outcome two weeks after the
        answer. The year counters continue after the last number, so the desk numbers on from there."""
        rng, today = self.rng, self.today
        terms = ComplaintTerms.objects.filter(valid_from__lte=CASES_FROM).order_by("-valid_from").first()
        if terms is None:
            raise ValueError(f"no complaint terms valid on {CASES_FROM}")
        handlers = self._staff(
            Role.COMPLAINT_HANDLER, "klachtbehandelaar", COMPLAINT_HANDLERS, self._moment(CASES_FROM, 9)
        )
        days = (today - CASES_FROM).days + 1
        count = round(len(self.employers) * self.full_plan.complaints_per_employer_year * days / 365)
        received = sorted(CASES_FROM + dt.timedelta(days=rng.randrange(days)) for _ in range(count))
        counters: dict[int, int] = {}
        event_id = 1
        for on in received:
            counters[on.year] = counters.get(on.year, 0) + 1
            reference = f"KL-{on.year:04d}-{counters[on.year]:06d}"
            channel = _weighted(rng, COMPLAINT_CHANNELS)
            employer_index = (
                rng.randrange(len(self.employers)) if channel != ComplaintChannel.PUBLIC or rng.random() < 0.5 else None
            )
            employer = None if employer_index is None else self.employers[employer_index]
            submitter = employer.user_ids[0] if employer is not None and channel == ComplaintChannel.PORTAL else None
            acknowledge_by = deadlines.acknowledge_by(on, terms.acknowledge_working_days)
            answer_by = deadlines.answer_by(on, terms.answer_weeks)
            acknowledged = on + dt.timedelta(
                days=rng.randint(0, (acknowledge_by - on).days + (2 if rng.random() < 0.05 else 0))
            )
            answer_days = (answer_by - on).days
            answered = on + dt.timedelta(days=rng.randint(7, answer_days + (10 if rng.random() < 0.08 else 0)))
            answered = max(answered, acknowledged)
            closed = answered + dt.timedelta(days=14)
            acknowledged_on = acknowledged if acknowledged <= today else None
            answered_on = answered if answered <= today and acknowledged_on is not None else None
            closed_on = closed if answered_on is not None and closed <= today else None
            if closed_on is not None:
                status = ComplaintStatus.CLOSED
            elif answered_on is not None:
                status = ComplaintStatus.ANSWERED
            elif acknowledged_on is not None:
                status = ComplaintStatus.ACKNOWLEDGED
            else:
                status = ComplaintStatus.RECEIVED
            handler = rng.choice(handlers) if acknowledged_on is not None else None
            complaint_id = self._uuid()
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            self.tables["complaints"].add(
                complaint_id, reference, _weighted(rng, COMPLAINT_CATEGORIES), rng.choice(COMPLAINT_TEXTS), name,
                f"klager{self.full_summary.complaints + 1}@bench.verzuim.test",
                "" if employer_index is None else self.employer_kvk[employer_index],
                None if employer is None else employer.id, submitter, channel, on, terms.pk, acknowledge_by, answer_by,
                status, handler, acknowledged_on, answered_on, closed_on,
                _weighted(rng, COMPLAINT_OUTCOMES) if closed_on is not None else "", self._moment(on, 11),
            )  # fmt: skip
            history = [(on, submitter, ComplaintEventKind.RECEIVED, {"channel": str(channel)})]
            if acknowledged_on is not None:
                history.append((acknowledged_on, handler, ComplaintEventKind.ACKNOWLEDGED, {}))
            if answered_on is not None:
                history.append((answered_on, handler, ComplaintEventKind.ANSWERED, {}))
            if closed_on is not None:
                history.append((closed_on, handler, ComplaintEventKind.CLOSED, {}))
            for hour, (day, actor, kind, data) in enumerate(history, start=11):
                self.tables["complaint_events"].add(event_id, complaint_id, self._moment(day, hour), actor, kind, data)
                event_id += 1
            self.full_summary.complaints += 1
        self.flush()
        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [ComplaintEvent]):
                cursor.execute(sql)


def full_book_generate(*, plan: FullBookPlan, copy: bool | None = None) -> FullBookSummary:
    """Write the book into the default database in one transaction. COPY is used on PostgreSQL unless
    `copy=False`; other databases get bulk_create."""
    if copy is None:
        copy = connection.vendor == "postgresql"
    if copy and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL")
    with transaction.atomic():
        book = _FullBook(plan, copy=copy)
        started = time.perf_counter()
        book.people()
        people = time.perf_counter()
        book.cases()
        cases = time.perf_counter()
        book.complaints()
        complaints = time.perf_counter()
        book.finish()
        summary = book.full_summary
        summary.rows = {name: table.written for name, table in book.tables.items()}
    summary.seconds = {
        "employers, employees, policies, premiums": people - started,
        "cases and steps": cases - people,
        "complaints": complaints - cases,
    }
    return summary


def full_book_exists() -> bool:
    return book_exists() or Policy.objects.exists()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    defaults = FullBookPlan()
    parser.add_argument("--employers", type=int, default=defaults.employers, help="default 40000")
    parser.add_argument("--open-cases", type=int, default=defaults.open_cases, help="default 12000")
    parser.add_argument("--closed-cases", type=int, default=defaults.closed_cases, help="default 60000")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed (default 42)")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=BENCH_TODAY, help=f"the book's today (default {BENCH_TODAY})"
    )
    parser.add_argument(
        "--premium-year",
        type=int,
        default=defaults.premium_year,
        help=f"year of the approved premiums (default {defaults.premium_year})",
    )
    parser.add_argument(
        "--fresh-database",
        action="store_true",
        help='drop and recreate the database first (PostgreSQL, name containing "bench")',
    )
    args = parser.parse_args(argv)
    if args.employers < 1 or args.open_cases < 0 or args.closed_cases < 0:
        parser.error("--employers must be at least 1, the case counts at least 0")
    if args.open_cases > args.employers:
        parser.error("--open-cases cannot exceed the employees; keep it below --employers")

    started = time.perf_counter()
    database_prepare(fresh=args.fresh_database)
    prepared = time.perf_counter()
    if full_book_exists():
        print(
            f"The database {settings.DATABASES['default']['NAME']} already has data; this command only fills an "
            "empty one. Use --fresh-database to drop and recreate it.",
            file=sys.stderr,
        )
        return 2
    plan = FullBookPlan(
        employers=args.employers,
        open_cases=args.open_cases,
        closed_cases=args.closed_cases,
        seed=args.seed,
        today=args.today,
        premium_year=args.premium_year,
    )
    summary = full_book_generate(plan=plan)
    generated = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    analysed = time.perf_counter()

    print(f"book for {plan.today} (seed {plan.seed}) in {settings.DATABASES['default']['NAME']}:")
    for name, count in summary.rows.items():
        print(f"  {name:<14} {count:>10,}")
    print(f"  cases: {summary.open_cases:,} open, {summary.closed_cases:,} closed; "
          f"{summary.approved_calculations:,} approved premiums {plan.premium_year}; "
          f"{summary.complaints:,} complaints")  # fmt: skip
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.seconds.items())
    print(f"create + migrate {prepared - started:.1f} s, generate {generated - prepared:.1f} s ({parts}), "
          f"VACUUM ANALYZE {analysed - generated:.1f} s, total {analysed - started:.1f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size {cursor.fetchone()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
