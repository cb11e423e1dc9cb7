"""Demo data of docs/api.md: two employers with policies, one user per role. Idempotent.

Part of the composition root (verzuim.site): it builds on every app's services."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from premiums.models import Coverage, PaymentTerm, Policy, PolicyStatus, Product
from premiums.seed_product import seed_insurer, seed_sheet_texts
from premiums.services import policy_create
from verzuim.models import ADMIN_SITE_ROLES, STAFF_ROLES, ContractType, Employee, Employer, Role, User

if TYPE_CHECKING:
    from cases.absence.models import AbsenceCase

PRODUCT = {"code": "mkb-vov", "name": "MKB Verzuim-ontzorgverzekering"}

EMPLOYERS: list[dict[str, Any]] = [
    {
        "kvk_number": "12345678",
        "name": "Bakkerij De Korenschoof",
        "payroll_tax_number": "123456782L01",
        "sbi_code": "1071",
        "street": "Molenstraat 12",
        "postcode": "3811 AB",
        "city": "Amersfoort",
        "policy_number": "VOV-2026-000001",
        # (personnel number, days ago the sickness started, expected duration in days)
        # B004 is the "Monday morning" case (_demo_monday_morning): a plan to sign, an advice due today.
        "cases": [("B002", 40, 90), ("B005", 9, None), ("B004", 29, 60)],
        "waiting_days": 10,
        "coverage": Coverage.C100_70,
        "employer_charges_pct": "25.00",
        "payment_term": PaymentTerm.QUARTER,
        "employees": [
            ("B001", "Sanne", "de Vries", "1985-03-14", "2015-02-01", "38", "41200", "permanent"),
            ("B002", "Mohamed", "El Amrani", "1990-07-22", "2018-09-01", "38", "36500", "permanent"),
            ("B003", "Lotte", "Jansen", "1998-11-05", "2021-04-01", "24", "22800", "permanent"),
            ("B004", "Pieter", "Bakker", "1972-01-30", "2005-06-01", "38", "47900", "permanent"),
            ("B005", "Fatima", "Yilmaz", "2001-05-17", "2024-01-15", "20", "17600", "temporary"),
            ("B006", "Johan", "Visser", "1966-09-09", "1999-03-01", "32", "43100", "permanent"),
            ("B007", "Emma", "Smit", "2003-12-12", "2025-08-01", "16", "13900", "temporary"),
            ("B008", "Kees", "Mulder", "1979-04-03", "2010-10-01", "38", "44300", "permanent"),
        ],
    },
    {
        "kvk_number": "87654321",
        "name": "Installatiebedrijf Van Dijk",
        "payroll_tax_number": "876543207L01",
        "sbi_code": "4322",
        "street": "Industrieweg 5",
        "postcode": "5482 TK",
        "city": "Schijndel",
        "policy_number": "VOV-2026-000002",
        "cases": [("V03", 300, 365)],
        # Van Dijk contracts an arbodienst of its own: it reports there itself and confirms that in the portal.
        "own_arbodienst": ("Arbo Brabant B.V.", "SBCA-2024-0117"),
        "waiting_days": 20,
        "coverage": Coverage.C100_70,
        "employer_charges_pct": "30.00",
        "payment_term": PaymentTerm.MONTH,
        "employees": [
            ("V01", "Henk", "van Dijk", "1968-02-18", "1995-01-01", "40", "58200", "permanent"),
            ("V02", "Thijs", "Hendriks", "1993-06-30", "2016-08-15", "40", "45700", "permanent"),
            ("V03", "Ayoub", "Benali", "1997-10-11", "2019-03-01", "40", "41800", "permanent"),
            ("V04", "Ingrid", "Vermeulen", "1975-08-25", "2008-05-01", "24", "28900", "permanent"),
            ("V05", "Daan", "Kuipers", "2004-01-19", "2025-09-01", "40", "29400", "temporary"),
        ],
    },
]

STAFF = [
    ("casemanager@demo.nl", "Carla Casemanager", Role.CASEMANAGER),
    ("bedrijfsarts@demo.nl", "Bram Bedrijfsarts", Role.OCCUPATIONAL_PHYSICIAN),
    ("verzekeraar@demo.nl", "Vera Verzekeraar", Role.INSURER),
    ("verzekeraar2@demo.nl", "Victor Verzekeraar", Role.INSURER),
    ("klachten@demo.nl", "Karin Klachten", Role.COMPLAINT_HANDLER),
    ("admin@demo.nl", "Anton Admin", Role.ADMIN),
]


POLICY_START = dt.date(2026, 1, 1)


@dataclass(frozen=True)
class DemoStaff:
    """The staff who work the demo cases."""

    casemanager: User
    physician: User


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    employer: str
    totp_secret: str


def _user(email: str, full_name: str, role: Role, employer: Employer | None, password: str) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name = full_name
    user.role = role
    user.employer = employer
    user.region = "Midden" if role == Role.CASEMANAGER else ""
    user.is_active = True
    user.is_staff = role in ADMIN_SITE_ROLES
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _totp_secret(user: User) -> str:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return b32encode(device.bin_key).decode()


def _demo_own_arbodienst(employer: Employer, reporter: User, spec: dict[str, Any]) -> None:
    """The arbodienst the employer contracts outside the policy, if it has one: recorded when its policy started
    (and before its demo cases), so the report to the arbodienst of those cases is the employer's to confirm."""
    from cases.professionals.models import EmployerArbodienst

    if "own_arbodienst" not in spec or EmployerArbodienst.objects.filter(employer=employer).exists():
        return
    name, certificate_number = spec["own_arbodienst"]
    earliest_case = max((days_ago for _number, days_ago, _expected in spec.get("cases", [])), default=0)
    recorded_on = min(POLICY_START, timezone.localdate() - dt.timedelta(days=earliest_case + 7))
    EmployerArbodienst.objects.create(
        employer=employer,
        name=name,
        certificate_number=certificate_number,
        recorded_by=reporter,
        recorded_at=timezone.make_aware(dt.datetime.combine(recorded_on, dt.time(9))),
    )


def _demo_cases(employer: Employer, reporter: User, cases: list[tuple[str, int, int | None]], staff: DemoStaff) -> None:
    """A few running cases, dated relative to today, so dashboards, caseload and reminders show something.
    Each was reported on its first sick day (on the policy's arbodienst that completes the report to the
    arbodienst then) with a phone number during sickness, and a long case has the history a well-run case has:
    only its 42nd-week notice is late.
    An employee who already has a case keeps it: running the demo again changes nothing."""
    from cases.absence.models import AbsenceCase
    from cases.absence.services import case_recompute_steps, case_report_sickness

    today = timezone.localdate()
    for number, days_ago, expected in cases:
        employee = Employee.objects.get(employer=employer, personnel_number=number)
        if not AbsenceCase.objects.filter(employee=employee).exists():
            first_sick_day = today - dt.timedelta(days=days_ago)
            case, _created = case_report_sickness(
                reported_by=reporter,
                employee=employee,
                first_sick_day=first_sick_day,
                expected_duration_days=expected,
                # Reachable during sickness (without a number the case would be the employer's task; decision 209).
                phone="06 1234 " + "".join(c for c in number if c.isdigit()).zfill(4)[-4:],
                today=first_sick_day,
            )
            case_recompute_steps(case=case, today=today)
            _demo_case_history(case, reporter, staff)


# A long case's history: (step, clock day it was completed, who). Plan reviews follow every six weeks.
CASE_HISTORY = (
    ("report_to_ohs", 2, "employer"),
    ("problem_analysis", 35, "physician"),
    ("action_plan", 45, "employer"),
)


def _demo_case_history(case: AbsenceCase, reporter: User, staff: DemoStaff) -> None:
    """The steps of the case that fell due before today, done on time by their owners, except the 42nd-week notice
    to UWV: that one is left overdue (the demo's one red step). A step already done (the report to the policy's
    arbodienst) is left alone."""
    from cases.absence.models import StepState
    from cases.absence.services import step_complete

    today = timezone.localdate()
    actors = {"employer": reporter, "physician": staff.physician, "casemanager": staff.casemanager}

    def day(clock_day: int) -> dt.date:
        return case.first_sick_day + dt.timedelta(days=clock_day - 1)

    for code, clock_day, owner in CASE_HISTORY:
        step = case.steps.filter(code=code, state=StepState.OPEN).first()
        if step is not None and step.due_date is not None and step.due_date < today and day(clock_day) < today:
            step_complete(completed_by=actors[owner], case=case, code=code, completed_on=day(clock_day))
    while (
        review := case.steps.filter(code="action_plan_review", state=StepState.OPEN).order_by("sequence").first()
    ) and (review.due_date is not None and review.due_date < today):
        step_complete(
            completed_by=staff.casemanager,
            case=case,
            code="action_plan_review",
            completed_on=review.due_date - dt.timedelta(days=2),
        )


# The intervention network: a few providers the casemanager can choose from.
PROVIDERS = [
    ("Praktijk Veerkracht Psychologen", ["psycholoog", "jobcoaching"]),
    ("FysioFit Bedrijfsfysiotherapie", ["fysiotherapie"]),
    ("Mediationbureau Midden", ["mediation"]),
    ("Werkpad Re-integratie", ["tweede_spoortraject", "arbeidsdeskundig_onderzoek", "scholing"]),
]


def _demo_providers() -> None:
    from cases.interventions.models import Provider

    for name, kinds in PROVIDERS:
        Provider.objects.update_or_create(name=name, defaults={"kinds": kinds, "is_active": True})


def _demo_premiums(employer: Employer, author: User, reviewer: User, index: int) -> None:
    """The 2026 premium, approved by two insurer staff members (four eyes); for the first employer also a 2027
    recalculation waiting for the second pair of eyes, so the review queue has something to show."""
    from premiums.models import CalculationStatus, PremiumCalculation
    from premiums.services import premium_approve, premium_calculate

    policy = employer.policies.get()
    if not PremiumCalculation.objects.filter(policy=policy, year=2026, status=CalculationStatus.APPROVED).exists():
        calculation = premium_calculate(calculated_by=author, policy=policy, year=2026, today=dt.date(2025, 12, 1))
        premium_approve(reviewed_by=reviewer, calculation=calculation)
    if index == 1 and not PremiumCalculation.objects.filter(policy=policy, year=2027).exists():
        premium_calculate(calculated_by=author, policy=policy, year=2027)


def _demo_registry(casemanager: User, physician: User) -> None:
    """The registry of certified professionals: a certified arbodienst employing the demo physician
    (BIG-registered) and the demo casemanager registered in the Register Casemanagers."""
    from cases.professionals.models import (
        Arbodienst,
        ArbodienstCertificate,
        CasemanagerBasis,
        CasemanagerRegistration,
        CertificateKind,
        PhysicianRegistration,
    )

    arbodienst, _ = Arbodienst.objects.get_or_create(kvk_number="30123456", defaults={"name": "Arbodienst Midden B.V."})
    ArbodienstCertificate.objects.get_or_create(
        arbodienst=arbodienst,
        number="SBCA-2025-0042",
        defaults={
            "kind": CertificateKind.SBCA,
            "valid_from": dt.date(2025, 1, 1),
            "valid_until": dt.date(2028, 12, 31),
        },
    )
    # The arbodienst Van Dijk contracts itself (EMPLOYERS), certified too.
    own, _ = Arbodienst.objects.get_or_create(kvk_number="17654321", defaults={"name": "Arbo Brabant B.V."})
    ArbodienstCertificate.objects.get_or_create(
        arbodienst=own,
        number="SBCA-2024-0117",
        defaults={
            "kind": CertificateKind.SBCA,
            "valid_from": dt.date(2024, 7, 1),
            "valid_until": dt.date(2027, 6, 30),
        },
    )
    PhysicianRegistration.objects.get_or_create(
        user=physician,
        big_number="19012345601",
        defaults={
            "arbodienst": arbodienst,
            "valid_from": dt.date(2023, 6, 1),
            "registered_until": dt.date(2028, 5, 31),
        },
    )
    CasemanagerRegistration.objects.get_or_create(
        user=casemanager,
        basis=CasemanagerBasis.REGISTER,
        register_number="RC-10482",
        defaults={
            "register_name": "Register Casemanagers",
            "valid_from": dt.date(2025, 1, 1),
            "valid_until": dt.date(2029, 12, 31),
        },
    )


# The service rhythm: a policyholder that joined two weeks ago (no portal user yet: the welcome call
# is where that starts), so the casemanager sees a welcome call due soon next to the overdue prevention check.
NEW_POLICYHOLDER_JOINED_DAYS_AGO = 14
NEW_POLICYHOLDER = {
    "kvk_number": "44556677",
    "name": "Kapsalon Knip & Kleur",
    "payroll_tax_number": "445566772L01",
    "sbi_code": "9602",
    "street": "Havenstraat 3",
    "postcode": "3811 CD",
    "city": "Amersfoort",
    "policy_number": "VOV-2026-000003",
}


def _demo_service_contacts(product: Product, casemanager: User, bakery: Employer) -> None:
    """A due welcome call (new policyholder) and an overdue prevention check (the bakery), made by the rules."""
    from cases.rhythm.models import ContactKind, ServiceContact
    from cases.rhythm.services import policy_year_on, prevention_check_due, service_contacts_ensure

    today = timezone.localdate()
    spec = NEW_POLICYHOLDER
    employer, _ = Employer.objects.update_or_create(
        kvk_number=spec["kvk_number"],
        defaults={key: spec[key] for key in ("name", "payroll_tax_number", "sbi_code", "street", "postcode", "city")}
        | {"casemanager": casemanager},
    )
    # Created once: its start date (and so its welcome call) stays where it was when the demo first ran.
    if not Policy.objects.filter(policy_number=spec["policy_number"]).exists():
        policy_create(
            created_by=None,
            policy=Policy(
                policy_number=spec["policy_number"],
                employer=employer,
                product=product,
                start_date=today - dt.timedelta(days=NEW_POLICYHOLDER_JOINED_DAYS_AGO),
                waiting_days=10,
                coverage=Coverage.C100_70,
                status=PolicyStatus.ACTIVE,
            ),
        )
    service_contacts_ensure(today=today)
    # The bakery's latest prevention check whose due date has passed (the current year's from April on, else last
    # year's), as the daily sweep made it then.
    policy = bakery.policies.get()
    year = policy_year_on(policy.start_date, today)
    while year and prevention_check_due(policy.start_date, year) >= today:
        year -= 1
    if year:
        ServiceContact.objects.get_or_create(
            kind=ContactKind.PREVENTION_CHECK,
            policy=policy,
            policy_year=year,
            defaults={
                "employer": bakery,
                "due_date": prevention_check_due(policy.start_date, year),
                "casemanager": casemanager,
            },
        )


def _demo_activity(casemanager: User, bakery_user: User, van_dijk: Employer) -> None:
    """Work waiting for staff, so their queues show something: a second-track intervention for Van Dijk's long
    case waiting for the insurer's decision (Interventies beoordelen), and a complaint of the bakery waiting for
    its acknowledgement (the complaints desk). Once: a second run adds nothing."""
    from cases.absence.models import AbsenceCase, CaseStatus
    from cases.interventions.models import Intervention, Provider
    from cases.interventions.services import intervention_request
    from complaints.models import Complaint, ComplaintCategory, ComplaintChannel
    from complaints.services import complaint_file

    case = AbsenceCase.objects.filter(employer=van_dijk, status=CaseStatus.OPEN).first()
    if case is not None and not Intervention.objects.filter(case=case).exists():
        intervention_request(
            requested_by=casemanager,
            case=case,
            kind="tweede_spoortraject",
            cost=Decimal("3500.00"),
            advised_by="casemanager",
            description=(
                "Terugkeer in het eigen werk lukt niet binnen een jaar; onderzoek werk bij een andere werkgever."
            ),
            provider=Provider.objects.get(name="Werkpad Re-integratie"),
        )
    if case is not None:
        _demo_contact_log(casemanager, case)
    if not Complaint.objects.filter(submitted_by=bakery_user).exists():
        # About Mohamed's case, which the bakery names on the portal's form (decision 260).
        mohamed_case = (
            AbsenceCase.objects.filter(employer=bakery_user.employer, employee__personnel_number="B002")
            .order_by("-first_sick_day")
            .first()
        )
        complaint_file(
            channel=ComplaintChannel.PORTAL,
            case=mohamed_case,
            category=ComplaintCategory.CASEMANAGER,
            description="Na de ziekmelding van Mohamed hebben wij twee weken niets gehoord van de casemanager.",
            contact_name=bakery_user.full_name,
            contact_email=bakery_user.email,
            submitted_by=bakery_user,
        )


def _demo_contact_log(casemanager: User, case: AbsenceCase) -> None:
    """The contact log of Van Dijk's long case: a conversation with the employer a week ago, and a call with the
    employee two days ago whose follow-up is due today (a task in Mijn taken, a reminder, a calendar event). Once."""
    from cases.contacts.models import ContactMoment
    from cases.contacts.services import contact_log

    if ContactMoment.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    contact_log(
        recorded_by=casemanager,
        case=case,
        contact_date=today - dt.timedelta(days=7),
        channel="meeting",
        party="employer",
        summary="Met de werkgever de mogelijkheden voor aangepast werk in de werkplaats besproken.",
    )
    contact_log(
        recorded_by=casemanager,
        case=case,
        contact_date=today - dt.timedelta(days=2),
        channel="phone",
        party="employee",
        summary="Gebeld over het tweede spoor: de werknemer wil eerst met de vakbond overleggen. Vandaag terugbellen.",
        followup_date=today,
    )


# A Monday morning (issue 20 item 9): Pieter Bakker of the bakery is on day 30. The physician made the problem
# analysis on day 20 and advised adapted work, to start by today; the casemanager drafted the plan van aanpak this
# morning and it waits for the employer's signature (due on day 34, two weeks after the analysis).
MONDAY_EMPLOYEE = "B004"
MONDAY_PLAN = {
    "goal_kind": "adapted_work",
    "goal": "Terugkeer in aangepast eigen werk: eerst ochtenden in de winkel, niet in de bakkerij.",
    "activities": [
        {"what": "Start met drie ochtenden per week in de winkel", "owner": "employee", "date": ""},
        {"what": "Werkplek in de winkel aanpassen (stahulp)", "owner": "employer", "date": ""},
    ],
    "contact_agreements": "Elke vrijdag belt de casemanager; over zes weken evaluatie met de bedrijfsarts.",
    "casemanager": "Carla Casemanager",
    "physician_advice": "Aangepast werk: ochtenden, niet tillen boven 10 kilo.",
}


def _demo_monday_morning(bakery: Employer, staff: DemoStaff) -> None:
    """Tasks due now on every dashboard: a plan to sign, an advice to follow up today. Once."""
    from cases.absence.models import AbsenceCase, StepState
    from cases.absence.services import step_complete
    from cases.advice.services import advice_give
    from cases.documents.models import DocumentPart
    from cases.documents.services import document_create

    case = AbsenceCase.objects.filter(employee__employer=bakery, employee__personnel_number=MONDAY_EMPLOYEE).first()
    if case is None or case.documents.exists():
        return
    today = timezone.localdate()
    analysed_on = case.first_sick_day + dt.timedelta(days=19)  # clock day 20
    if case.steps.filter(code="problem_analysis", state=StepState.OPEN).exists():
        step_complete(completed_by=staff.physician, case=case, code="problem_analysis", completed_on=analysed_on)
    advice_give(
        given_by=staff.physician,
        case=case,
        text="Aangepast werk: ochtenden in de winkel, niet tillen boven 10 kilo.",
        given_on=analysed_on,
        due_date=today,
    )
    document_create(
        created_by=staff.casemanager,
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=today,
        content=MONDAY_PLAN,
    )


# A spreekuur tomorrow (issue 20 items 4 and 9): Mohamed El Amrani of the bakery is on day 40 and his problem
# analysis is due on day 42, so the physician sees him tomorrow at 10:00 at the arbodienst. The invitation (with its
# .ics) goes through the outbox to an example address; in development it lands in var/mail/.
SPREEKUUR_EMPLOYEE = "B002"
SPREEKUUR_AT = dt.time(10, 0)
SPREEKUUR_LOCATION = "Arbodienst Midden, Stationsplein 12, Amersfoort"
SPREEKUUR_EMAIL = "m.elamrani@example.nl"


def _demo_spreekuur(bakery: Employer, physician: User) -> None:
    """A planned spreekuur tomorrow: a task of the physician, a line in the dossier for employer and casemanager. Once
    (a second run, or a run after the spreekuur, adds nothing)."""
    from cases.absence.models import AbsenceCase, CaseStatus
    from cases.medical.services_consultations import consultation_plan

    case = AbsenceCase.objects.filter(
        employee__employer=bakery, employee__personnel_number=SPREEKUUR_EMPLOYEE, status=CaseStatus.OPEN
    ).first()
    if case is None or case.consultations.exists():
        return
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    consultation_plan(
        physician=physician,
        case=case,
        starts_at=timezone.make_aware(dt.datetime.combine(tomorrow, SPREEKUUR_AT)),
        kind="on_site",
        location=SPREEKUUR_LOCATION,
        invite_email=SPREEKUUR_EMAIL,
    )


# The employee's own account (issue 22): Pieter Bakker, whose plan van aanpak waits for signatures (the Monday morning
# above), logs in as werknemer@demo.nl and finds the plan at the top of Mijn verzuim.
EMPLOYEE_LOGIN = "werknemer@demo.nl"


def _demo_employee_account(bakery: Employer, password: str) -> User | None:
    employee = Employee.objects.filter(employer=bakery, personnel_number=MONDAY_EMPLOYEE).first()
    if employee is None:
        return None
    user = User.objects.filter(employee=employee).first() or User.objects.filter(email=EMPLOYEE_LOGIN).first()
    user = user or User(email=EMPLOYEE_LOGIN)
    user.email = EMPLOYEE_LOGIN
    user.full_name = employee.full_name
    user.role = Role.EMPLOYEE
    user.employee = employee
    user.employer = None
    user.is_active = True
    user.is_staff = False
    user.is_superuser = False
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _demo_messages(employee_user: User, staff: DemoStaff) -> None:
    """Issue 22 item 3: Pieter asked his casemanager about working mornings (answered) and his physician about his
    exercises (not answered yet: the physician's thread shows it unread). Once (a second run adds nothing)."""
    from cases.absence.models import AbsenceCase, CaseStatus
    from cases.medical.messages import physician_message_send
    from cases.messages.services import message_send

    case = AbsenceCase.objects.filter(employee=employee_user.employee, status=CaseStatus.OPEN).first()
    if case is None or case.messages.exists() or case.physician_messages.exists():
        return
    message_send(
        sent_by=employee_user,
        case=case,
        text="Goedemorgen, ik denk dat ik vanaf volgende week de ochtenden kan werken. Kunnen we dat bespreken?",
    )
    message_send(
        sent_by=staff.casemanager,
        case=case,
        text="Goed om te horen, Pieter. Ik bel u donderdag om 10:00 uur om het plan van aanpak daarop aan te passen.",
    )
    physician_message_send(
        sent_by=employee_user,
        case=case,
        text="Mag ik de oefeningen van de fysiotherapeut ook op mijn werkdagen doen, of is dat te veel?",
    )


@transaction.atomic
def demo_load(*, password: str | None = None) -> list[DemoLogin]:
    password = str(password or settings.DEMO_PASSWORD)
    product, _ = Product.objects.update_or_create(code=PRODUCT["code"], defaults={"name": PRODUCT["name"]})
    # The product sheet's texts and the insurer's letterhead (the migration wrote them if the product existed).
    seed_sheet_texts(django_apps, product)
    seed_insurer(django_apps)
    logins: list[DemoLogin] = []
    staff_users = {email: _user(email, name, role, None, password) for email, name, role in STAFF}
    _demo_providers()
    casemanager = staff_users["casemanager@demo.nl"]
    physician = staff_users["bedrijfsarts@demo.nl"]
    _demo_registry(casemanager, physician)
    for index, spec in enumerate(EMPLOYERS, start=1):
        employer, _ = Employer.objects.update_or_create(
            kvk_number=spec["kvk_number"],
            defaults={
                key: spec[key] for key in ("name", "payroll_tax_number", "sbi_code", "street", "postcode", "city")
            }
            | {"casemanager": casemanager, "occupational_physician": physician},
        )
        policy_fields = {
            "employer": employer,
            "product": product,
            "start_date": POLICY_START,
            "waiting_days": spec["waiting_days"],
            "coverage": spec["coverage"],
            "employer_charges_pct": Decimal(spec["employer_charges_pct"]),
            "payment_term": spec["payment_term"],
            "status": PolicyStatus.ACTIVE,
        }
        # A new policy through its service (its welcome call); a second run puts the demo values back.
        if not Policy.objects.filter(policy_number=spec["policy_number"]).update(**policy_fields):
            policy_create(created_by=None, policy=Policy(policy_number=spec["policy_number"], **policy_fields))
        for number, first, last, born, start, hours, wage, contract in spec["employees"]:
            Employee.objects.update_or_create(
                employer=employer,
                personnel_number=number,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "date_of_birth": dt.date.fromisoformat(born),
                    "employment_start": dt.date.fromisoformat(start),
                    "employment_end": None,
                    "weekly_hours": Decimal(hours),
                    "yearly_wage": Decimal(wage),
                    "contract_type": ContractType(contract),
                },
            )
        email = "werkgever@demo.nl" if index == 1 else f"werkgever{index}@demo.nl"
        first_name = spec["name"].split()[-1]
        employer_user = _user(email, f"Werkgever {first_name}", Role.EMPLOYER, employer, password)
        _demo_own_arbodienst(employer, employer_user, spec)
        _demo_cases(employer, employer_user, spec.get("cases", []), DemoStaff(casemanager, physician))
        _demo_premiums(employer, staff_users["verzekeraar@demo.nl"], staff_users["verzekeraar2@demo.nl"], index)
        logins.append(DemoLogin(email=email, role=str(Role.EMPLOYER.label), employer=employer.name, totp_secret=""))
    _demo_service_contacts(product, casemanager, Employer.objects.get(kvk_number=EMPLOYERS[0]["kvk_number"]))
    _demo_monday_morning(Employer.objects.get(kvk_number=EMPLOYERS[0]["kvk_number"]), DemoStaff(casemanager, physician))
    _demo_spreekuur(Employer.objects.get(kvk_number=EMPLOYERS[0]["kvk_number"]), physician)
    _demo_activity(
        casemanager,
        User.objects.get(email="werkgever@demo.nl"),
        Employer.objects.get(kvk_number=EMPLOYERS[1]["kvk_number"]),
    )
    employee_user = _demo_employee_account(Employer.objects.get(kvk_number=EMPLOYERS[0]["kvk_number"]), password)
    if employee_user is not None:
        _demo_messages(employee_user, DemoStaff(casemanager, physician))
        logins.append(
            DemoLogin(
                email=employee_user.email,
                role=str(Role.EMPLOYEE.label),
                employer=EMPLOYERS[0]["name"],
                totp_secret="",
            )
        )
    for email, user in staff_users.items():
        secret = _totp_secret(user) if user.role in STAFF_ROLES else ""
        logins.append(DemoLogin(email=email, role=str(Role(user.role).label), employer="", totp_secret=secret))
    return logins
