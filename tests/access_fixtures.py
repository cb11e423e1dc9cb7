"""The world of the access matrix (tests/test_access_matrix.py): two insured employers with the same objects.

Employer A ("own") and employer B ("other") each have an employer user, a casemanager, an occupational physician,
employees, a policy with an approved premium calculation, an absence case with steps, a medical note, a spreekuur
(planned for yesterday, its outcome still to record), an advice, a wage sanction, an intervention, a plan document,
a claim, a service contact, a logged contact with a follow-up and notifications. The users of the matrix are A's;
insurer staff, a complaint handler and an admin are shared (they have no tenant).
Everything is made through the services, the way the portal makes it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.absence import services
from cases.absence.models import AbsenceCase, Step, StepState
from cases.advice import services as services_advice
from cases.contacts import services as services_contacts
from cases.documents import services as documents
from cases.documents.models import DocumentPart
from cases.income import services as services_income
from cases.interventions import services as services_interventions
from cases.interventions.models import Provider
from cases.medical import services as services_medical
from cases.medical import services_consultations
from cases.medical.messages import physician_message_send
from cases.messages.services import message_send
from cases.privacy.models import CorrectionRequest
from cases.professionals import services as services_professionals
from cases.professionals.models import Arbodienst, LabourExpert
from cases.rhythm.models import ContactKind, ServiceContact
from complaints.follow import token_hash as follow_token_hash
from complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintFollowLink,
    ComplaintLetterTemplate,
    ComplaintStatus,
)
from premiums import services as premium_services
from premiums.claims import services as services_claims
from premiums.claims.models import Claim
from premiums.models import Policy, PremiumCalculation
from premiums.seed_product import seed_sheet_texts
from tests.complaints.factories import make_complaint
from tests.factories import (
    EmployeeFactory,
    EmployerFactory,
    PolicyFactory,
    SanctionFactory,
    UserFactory,
    confirmed_totp_device,
)
from verzuim.api_keys import api_key_create
from verzuim.models import (
    ApiKey,
    ApiKeyScope,
    Employee,
    Employer,
    Notification,
    NotificationKind,
    NotificationState,
    Role,
    User,
    WebhookDelivery,
    WebhookDeliveryState,
    WebhookSubscription,
)

# The columns of the matrix, in the order of the expectation table.
ROLES: tuple[str, ...] = (
    "anonymous",
    Role.EMPLOYER.value,
    Role.CASEMANAGER.value,
    Role.OCCUPATIONAL_PHYSICIAN.value,
    Role.INSURER.value,
    Role.COMPLAINT_HANDLER.value,
    Role.ADMIN.value,
    Role.EMPLOYEE.value,
)
FIRST_SICK_DAY = dt.date(2026, 1, 5)
_notification_numbers = itertools.count(1)
# The contents of the plan of approach: insurer staff see whether a plan exists and is on time, not what it says.
PLAN_MARKERS: tuple[str, ...] = ("Terug in eigen werk.", "Wekelijks bellen.")
PLAN_CONTENT = {
    "goal_kind": "own_work",
    "goal": PLAN_MARKERS[0],
    "activities": [{"what": "Opbouw uren", "owner": "employee", "date": "2030-01-01"}],
    "contact_agreements": PLAN_MARKERS[1],
    "casemanager": "Carla Casemanager",
    "physician_advice": "Opbouwen.",
}
# What only the occupational physician may ever read (docs/domain.md §3): a response of any other role holding one
# of these leaks the medical compartment.
MEDICAL_MARKERS = ("Geheime diagnose", "Consult: klachten besproken.")
# What the casemanager wrote in the contact log: the casemanager and the physician read it; the employer user, insurer
# staff and the admin never (cases/contacts/selectors.py).
CONTACT_MARKERS = ("Contactverslag: afspraken over opbouw.",)
# The complaint handler's internal note on each tenant's complaint: only the handler and the admin read it.
COMPLAINT_NOTE_MARKERS = ("Interne notitie: klager is bekend bij de directie.",)
# The private follow link of tenant A's complaint (complaints.follow), for the routes with a follow_token.
FOLLOW_TOKEN = "matrix-follow-token-of-tenant-a-0000000000"
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
INCOME_FACTS: dict[str, Any] = {
    "monthly_wage": Decimal("4000.00"),
    "weekly_hours": Decimal("36.00"),
    "date_of_birth": None,
    "reference_date": dt.date(2026, 6, 1),
    "work_history_years": 12,
    "incapacity_pct": Decimal("50"),
    "durable": False,
    "remaining_capacity_monthly": Decimal("2000.00"),
    "expected_earnings_monthly": Decimal("1000.00"),
    "topup_year1_pct": None,
    "topup_year2_pct": None,
}


@dataclass
class Tenant:
    """One employer with one of everything a route can name."""

    employer: Employer
    employer_user: User
    casemanager: User
    physician: User
    employee: Employee
    policy: Policy
    calculation: PremiumCalculation
    case: AbsenceCase
    step: Step
    advice_id: Any
    sanction_id: Any
    intervention_id: Any
    document_id: Any  # the plan of approach (a draft)
    report_id: Any  # the labour expert's report: an uploaded PDF
    claim: Claim
    contact: ServiceContact
    contact_moment_id: Any  # a logged contact with an open follow-up
    consultation_id: Any  # a spreekuur of yesterday whose outcome is still to be recorded
    complaint: Complaint
    notifications: dict[str, Notification] = field(default_factory=dict)
    # The account of this tenant's employee (the employee column asks as tenant A's one).
    employee_account: User | None = None
    # An HR system's event subscription with one failed delivery (retryable).
    webhook: WebhookSubscription | None = None
    webhook_delivery_id: Any = None
    # A message of the case's conversation and one of the confidential physician thread, each with a PDF.
    message_id: Any = None
    physician_message_id: Any = None

    @property
    def case_thread_markers(self) -> tuple[str, ...]:
        """The conversation's text: the employee, the employer users and the casemanager read it, nobody else."""
        return (f"Bericht in het gesprek van {self.employer.name}",)

    @property
    def physician_thread_markers(self) -> tuple[str, ...]:
        """The confidential thread's text: the employee and the physician only (cases.medical.messages)."""
        return (f"Vertrouwelijk aan de bedrijfsarts van {self.employer.name}",)

    # A machine client's key of this employer with every scope (verzuim.api_keys), and the key as sent.
    api_key: ApiKey | None = None
    api_key_secret: str = ""
    # The employee's open correction request on the case (cases.privacy): the casemanager's to answer.
    correction_id: Any = None

    @property
    def dossier_markers(self) -> tuple[str, ...]:
        """Strings that show this tenant's absence dossier in a response: the case, the employee."""
        return (str(self.case.pk), str(self.employee.pk), self.employee.last_name)

    @property
    def markers(self) -> tuple[str, ...]:
        """Strings that show anything of this tenant: the dossier markers and the employer's name."""
        return (
            *self.dossier_markers,
            self.employer.name,
            self.policy.policy_number,
            str(self.calculation.pk),
            str(self.claim.pk),
        )


@dataclass
class World:
    own: Tenant
    other: Tenant
    insurer: User
    second_insurer: User
    complaint_handler: User
    admin: User

    def user(self, role: str) -> User | None:
        """The user who asks, per column: A's employer, casemanager and physician, the shared staff."""
        return {
            "anonymous": None,
            Role.EMPLOYER: self.own.employer_user,
            Role.CASEMANAGER: self.own.casemanager,
            Role.OCCUPATIONAL_PHYSICIAN: self.own.physician,
            Role.INSURER: self.insurer,
            Role.COMPLAINT_HANDLER: self.complaint_handler,
            Role.ADMIN: self.admin,
            Role.EMPLOYEE: self.own.employee_account,
        }[role]


def _staff(role: Role, **fields: Any) -> User:
    user = cast(User, UserFactory(role=role, **fields))
    if role != Role.EMPLOYER:
        confirmed_totp_device(user)
    return user


def _notify(recipient: User) -> Notification:
    return Notification.objects.create(
        recipient=recipient,
        kind=NotificationKind.DUE_IN_7_DAYS,
        object_type="access_matrix",
        object_id=str(next(_notification_numbers)),
        due_date=timezone.localdate() + dt.timedelta(days=5),
        title="Probleemanalyse",
        context="A.B. (Werkgever)",
        url="/",
        state=NotificationState.SENT,
    )


def _tenant(*, insurer: User, second_insurer: User, name: str) -> Tenant:
    casemanager = _staff(Role.CASEMANAGER, full_name=f"Casemanager {name}")
    physician = _staff(Role.OCCUPATIONAL_PHYSICIAN, full_name=f"Bedrijfsarts {name}")
    employer = cast(
        Employer,
        EmployerFactory(name=f"Werkgever {name} B.V.", casemanager=casemanager, occupational_physician=physician),
    )
    employer_user = _staff(Role.EMPLOYER, employer=employer, full_name=f"Werkgever {name}")
    policy = cast(
        Policy,
        PolicyFactory(employer=employer, start_date=dt.date(2025, 1, 1), employer_charges_pct=Decimal(25)),
    )
    # The product's sheet texts (the admin's object of ProductSheetText).
    seed_sheet_texts(django_apps, policy.product)
    employee = cast(
        Employee,
        EmployeeFactory(
            employer=employer,
            last_name=f"Ziektenaam{name}",
            yearly_wage=Decimal("52200.00"),
            employment_start=dt.date(2015, 1, 1),
        ),
    )
    EmployeeFactory(employer=employer)
    calculation = premium_services.premium_approve(
        reviewed_by=second_insurer,
        calculation=premium_services.premium_calculate(
            calculated_by=insurer, policy=policy, year=2026, today=dt.date(2026, 1, 5)
        ),
    )
    case, _created = services.case_report_sickness(
        reported_by=employer_user, employee=employee, first_sick_day=FIRST_SICK_DAY, today=FIRST_SICK_DAY
    )
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=casemanager)
    case.refresh_from_db()
    today = timezone.localdate()
    services_medical.medical_note_add(
        physician=physician,
        case=case,
        consulted_on=today - dt.timedelta(days=3),
        consultation_note="Consult: klachten besproken.",
        diagnosis="Geheime diagnose",
    )
    # Planned two days ago for yesterday 10:00 (the service refuses a time in the past): its outcome is due now.
    yesterday = today - dt.timedelta(days=1)
    consultation = services_consultations.consultation_plan(
        physician=physician,
        case=case,
        starts_at=timezone.make_aware(dt.datetime.combine(yesterday, dt.time(10, 0))),
        kind="on_site",
        location=f"Arbodienst {name}, Stationsplein 1, Utrecht",
        invite_email=f"werknemer{name.lower()}@example.nl",
        now=timezone.now() - dt.timedelta(days=2),
    )
    advice = services_advice.advice_give(
        given_by=physician,
        case=case,
        text="Aangepast werk: halve dagen",
        given_on=today - dt.timedelta(days=20),
        due_date=today + dt.timedelta(days=14),
    )
    sanction = SanctionFactory(case=case, recorded_by=insurer, start=today)
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="psycholoog", cost=Decimal("1500.00"), advised_by="physician"
    )
    document = documents.document_create(
        created_by=casemanager,
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=today,
        content=PLAN_CONTENT,
    )
    report = documents.labour_expert_report_upload(
        uploaded_by=casemanager,
        case=case,
        document_date=today,
        upload=SimpleUploadedFile("rapport.pdf", PDF_BYTES, "application/pdf"),
    )
    services_income.income_conversation_record(held_by=casemanager, case=case, held_on=today, **INCOME_FACTS)
    claim = services_claims.claim_create(
        created_by=insurer,
        case=case,
        period_start=FIRST_SICK_DAY,
        period_end=dt.date(2026, 1, 30),
        today=dt.date(2026, 11, 23),
    )
    contact = ServiceContact.objects.create(
        kind=ContactKind.WELCOME_CALL,
        employer=employer,
        policy=policy,
        due_date=today + dt.timedelta(days=10),
        casemanager=casemanager,
    )
    contact_moment = services_contacts.contact_log(
        recorded_by=casemanager,
        case=case,
        contact_date=today,
        channel="phone",
        party="employee",
        summary=CONTACT_MARKERS[0],
        followup_date=today + dt.timedelta(days=7),
    )
    # The first open step the employer owns (the report to the arbodienst is done: the employer was on the policy's
    # arbodienst when it reported), completed by the employer or the casemanager.
    step = case.steps.filter(state=StepState.OPEN, owner="employer").order_by("due_date", "code").first()
    assert step is not None
    # Filed in the portal by the employer user (so it is in Mijn klachten) and acknowledged (so it has a letter);
    # with an internal note and, for tenant A, a private follow link of a known token.
    complaint = make_complaint(
        employer=employer,
        employer_kvk=employer.kvk_number,
        channel=ComplaintChannel.PORTAL,
        submitted_by=employer_user,
        status=ComplaintStatus.ACKNOWLEDGED,
        acknowledged_on=today,
    )
    ComplaintEvent.objects.create(complaint=complaint, kind=ComplaintEventKind.NOTE, note=COMPLAINT_NOTE_MARKERS[0])
    token = FOLLOW_TOKEN if name == "A" else f"matrix-follow-token-of-tenant-{name}"
    ComplaintFollowLink.objects.create(complaint=complaint, token_hash=follow_token_hash(token))
    services_professionals.employer_arbodienst_record(
        recorded_by=employer_user, employer=employer, name=f"Arbodienst {name}", certificate_number=""
    )
    return Tenant(
        employer=employer,
        employer_user=employer_user,
        casemanager=casemanager,
        physician=physician,
        employee=employee,
        policy=policy,
        calculation=calculation,
        case=case,
        step=step,
        advice_id=advice.pk,
        sanction_id=sanction.pk,
        intervention_id=intervention.pk,
        document_id=document.pk,
        report_id=report.pk,
        claim=claim,
        contact=contact,
        contact_moment_id=contact_moment.pk,
        consultation_id=consultation.pk,
        complaint=complaint,
    )


def build_world() -> World:
    insurer = _staff(Role.INSURER, full_name="Ilse Verzekeraar")
    second_insurer = _staff(Role.INSURER, full_name="Bart Beoordelaar")
    world = World(
        own=_tenant(insurer=insurer, second_insurer=second_insurer, name="A"),
        other=_tenant(insurer=insurer, second_insurer=second_insurer, name="B"),
        insurer=insurer,
        second_insurer=second_insurer,
        complaint_handler=_staff(Role.COMPLAINT_HANDLER, full_name="Klaas Klachten"),
        admin=_staff(Role.ADMIN, full_name="Anna Beheer"),
    )
    for tenant in (world.own, world.other):
        tenant.employee_account = cast(
            User, UserFactory(role=Role.EMPLOYEE, employee=tenant.employee, full_name=tenant.employee.full_name)
        )
        tenant.webhook = WebhookSubscription.objects.create(
            employer=tenant.employer,
            url="https://hr.example.nl/hooks",
            secret="matrix-webhook-secret",
            events=["absence.reported"],
            created_by=tenant.employer_user,
        )
        tenant.webhook_delivery_id = WebhookDelivery.objects.create(
            subscription=tenant.webhook,
            event="absence.reported",
            event_id=uuid.uuid4(),
            payload={"event": "absence.reported"},
            state=WebhookDeliveryState.FAILED,
            attempts=5,
            next_attempt_at=None,
        ).pk
    for tenant in (world.own, world.other):
        assert tenant.employee_account is not None
        tenant.message_id = message_send(
            sent_by=tenant.employee_account,
            case=tenant.case,
            text=tenant.case_thread_markers[0],
            upload=SimpleUploadedFile("bijlage.pdf", PDF_BYTES, content_type="application/pdf"),
        ).pk
        tenant.physician_message_id = physician_message_send(
            sent_by=tenant.employee_account,
            case=tenant.case,
            text=tenant.physician_thread_markers[0],
            upload=SimpleUploadedFile("bijlage.pdf", PDF_BYTES, content_type="application/pdf"),
        ).pk
        tenant.api_key, tenant.api_key_secret = api_key_create(
            created_by=tenant.employer_user,
            employer=tenant.employer,
            name=f"Salarispakket {tenant.employer.name}",
            scopes=ApiKeyScope.values,
        )
        tenant.correction_id = CorrectionRequest.objects.create(
            employee=tenant.employee,
            case=tenant.case,
            requested_by=tenant.employee_account,
            what_is_wrong="Mijn telefoonnummer",
            should_be="0612345678",
        ).pk
    # One row of each admin model that nothing above makes, so its change pages show a real object.
    Group.objects.create(name="Matrix")
    Provider.objects.create(name="Praktijk Veerkracht", kinds=["psycholoog"])
    Arbodienst.objects.create(name="Arbodienst Midden", kvk_number="12345678")
    LabourExpert.objects.create(name="Arbeidsdeskundige Anna")
    AccessAttempt.objects.create(username="x@example.nl", ip_address="127.0.0.1", user_agent="", failures_since_start=1)
    AccessFailureLog.objects.create(username="x@example.nl", ip_address="127.0.0.1", user_agent="")
    ComplaintLetterTemplate.objects.create(kind="acknowledgement", text="Wij hebben uw klacht $kenmerk ontvangen.")
    # Every user of the matrix has one notification; "other" is the same role's notification in tenant B
    # (the shared staff: another user's).
    for tenant in (world.own, world.other):
        for user in (tenant.employer_user, tenant.casemanager, tenant.physician, tenant.employee_account):
            assert user is not None
            tenant.notifications[user.role] = _notify(user)
    for role, user in (
        (Role.INSURER, world.insurer),
        (Role.COMPLAINT_HANDLER, world.complaint_handler),
        (Role.ADMIN, world.admin),
    ):
        world.own.notifications[role] = _notify(user)
        world.other.notifications[role] = _notify(world.second_insurer)
    return world
