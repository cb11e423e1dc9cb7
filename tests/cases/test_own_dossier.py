"""Mijn verzuim for one case (issue 22 item 2): the employee's own dossier with their account. What they must do and
by when, the 104 weeks, the documents to read and sign (signing in the portal replaces the one-time link), the
spreekuren, the advice and the income consequences with the handout; 404 for anything that is not their own."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.services import CaseConflict
from cases.advice.models import Advice
from cases.documents import services as documents
from cases.documents.models import DocumentPart, DocumentSignature, DocumentState, ReintegrationDocument, SignerRole
from cases.income import services as services_income
from cases.medical.models import Consultation, ConsultationKind
from tests.cases.factories import make_case
from tests.cases.test_income_service import FACTS
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory
from verzuim.mail import mail_send_pending
from verzuim.models import AuditAction, AuditLog, Employee, Employer, Role, User
from verzuim.templatetags.dutch import datum

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
BASE = "https://portaal.example.nl"
PLAN_CONTENT = {
    "goal_kind": "own_work",
    "goal": "Terug in eigen werk als bakker.",
    "activities": [{"what": "Opbouw uren", "owner": "employee", "date": "2030-01-01"}],
    "contact_agreements": "Wekelijks bellen.",
    "casemanager": "Carla Casemanager",
    "physician_advice": "Opbouwen.",
}


def today() -> dt.date:
    return timezone.localdate()


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def casemanager(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def physician(make_user: MakeUser) -> User:
    return make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")


@pytest.fixture
def employer(employer_user: User, casemanager: User, physician: User) -> Employer:
    employer = employer_user.employer
    assert employer is not None
    employer.name = "Bakkerij De Korenschoof"
    employer.casemanager = casemanager
    employer.occupational_physician = physician
    employer.save()
    return employer


@pytest.fixture
def employee(employer: Employer) -> Employee:
    return cast(Employee, EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries"))


@pytest.fixture
def case(employee: Employee, employer_user: User) -> AbsenceCase:
    return make_case(employee=employee, reported_by=employer_user, days_sick=60)


@pytest.fixture
def account(employee: Employee) -> User:
    return cast(
        User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name="Sanne de Vries", email="sanne@example.nl")
    )


@pytest.fixture
def employee_client(account: User) -> Client:
    client = Client()
    client.force_login(account)
    return client


def page(case: AbsenceCase, rest: str = "") -> str:
    return f"/mijn-verzuim/{case.pk}/{rest}"


def draft_plan(case: AbsenceCase, author: User) -> ReintegrationDocument:
    return documents.document_create(
        created_by=author, case=case, part=DocumentPart.ACTION_PLAN, document_date=today(), content=PLAN_CONTENT
    )


def employer_signs(plan: ReintegrationDocument, employer_user: User) -> None:
    documents.document_sign_as_employer(
        signed_by=employer_user, document=plan, fingerprint=documents.document_fingerprint(plan)
    )


# --- The page ------------------------------------------------------------------------------------------------------


def test_the_employee_sees_the_weeks_their_casemanager_and_every_step_with_what_it_means(
    employee_client: Client, case: AbsenceCase
) -> None:
    response = employee_client.get(page(case))
    assert response.status_code == 200
    body = text(response)
    assert "Mijn verzuim" in body
    assert "week 9 van de 104 weken" in body  # 60 days sick: day 61 is in week 9
    assert "Carla Casemanager" in body
    assert "WIA-aanvraag" in body
    assert "U vraagt zelf een WIA-uitkering aan bij UWV" in body


def test_the_plan_waiting_for_the_employee_is_the_first_thing_to_do(
    employee_client: Client, case: AbsenceCase, casemanager: User
) -> None:
    plan = draft_plan(case, casemanager)
    body = text(employee_client.get(page(case)))
    todo = body.split('id="te-doen"')[1].split("</section>")[0]
    assert "Plan van aanpak lezen en ondertekenen" in todo
    assert f"/mijn-verzuim/{case.pk}/documenten/{plan.pk}/" in todo


def test_nothing_to_do_is_said_in_words(employee_client: Client, employee: Employee, employer_user: User) -> None:
    case = make_case(employee=employee, reported_by=employer_user, days_sick=5)  # the plan is due in week 8
    body = text(employee_client.get(page(case)))
    assert "U hoeft nu niets te doen." in body


def test_the_employees_own_dated_steps_are_listed_as_tasks_with_their_date(
    employee_client: Client, employee: Employee, employer_user: User
) -> None:
    case = make_case(employee=employee, reported_by=employer_user, days_sick=620)  # the WIA application in 5 weeks
    wia = Step.objects.get(case=case, code=poortwachter.WIA_APPLICATION)
    body = text(employee_client.get(page(case)))
    todo = body.split('id="te-doen"')[1].split("</section>")[0]
    assert "WIA-aanvraag" in todo
    assert wia.due_date is not None
    assert datum(wia.due_date) in todo


def test_a_planned_spreekuur_shows_when_and_how_never_why(
    employee_client: Client, case: AbsenceCase, physician: User
) -> None:
    starts = timezone.now() + dt.timedelta(days=3)
    Consultation.objects.create(
        case=case, physician=physician, starts_at=starts, kind=ConsultationKind.ON_SITE, location="Arbohuis, Utrecht"
    )
    body = text(employee_client.get(page(case)))
    assert "Spreekuur bij de bedrijfsarts op" in body
    assert "Arbohuis, Utrecht" in body
    assert timezone.localtime(starts).strftime("%H:%M") in body


def test_advice_is_shown_to_the_employee(employee_client: Client, case: AbsenceCase, casemanager: User) -> None:
    Advice.objects.create(
        case=case, given_by=casemanager, given_on=today(), text="Start met twee uur per dag.", due_date=today()
    )
    assert "Start met twee uur per dag." in text(employee_client.get(page(case)))


def test_the_page_reads_are_audited_as_the_employees_own_dossier(
    employee_client: Client, case: AbsenceCase, account: User
) -> None:
    employee_client.get(page(case))
    row = AuditLog.objects.filter(actor=account, object_type="absence_case", object_id=str(case.pk)).get()
    assert row.action == AuditAction.READ
    assert row.changes == {"view": "own_dossier"}


def test_statements_do_not_grow_with_documents_advice_and_spreekuren(
    employee_client: Client, case: AbsenceCase, casemanager: User, physician: User, employer_user: User
) -> None:
    def add(first: int, n: int) -> None:
        for i in range(first, first + n):
            Advice.objects.create(
                case=case, given_by=casemanager, given_on=today(), text=f"Advies {i}", due_date=today()
            )
            Consultation.objects.create(
                case=case,
                physician=physician,
                starts_at=timezone.now() + dt.timedelta(days=2 + i),
                kind=ConsultationKind.PHONE,
            )
            ReintegrationDocument.objects.create(
                case=case,
                part=DocumentPart.ACTION_PLAN_REVIEW,
                sequence=i + 1,
                state=DocumentState.FINAL,
                document_date=today(),
                finalised_at=timezone.now(),
            )

    employer_signs(draft_plan(case, casemanager), employer_user)
    add(0, 1)
    employee_client.get(page(case))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert employee_client.get(page(case)).status_code == 200
    add(1, 6)
    with CaptureQueriesContext(connection) as large:
        assert employee_client.get(page(case)).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


# --- Not yours: 404 ------------------------------------------------------------------------------------------------


def test_another_employees_case_is_404_even_at_the_same_employer(
    employee_client: Client, employer: Employer, employer_user: User, casemanager: User
) -> None:
    colleague = make_case(employee=EmployeeFactory(employer=employer), reported_by=employer_user)
    plan = draft_plan(colleague, casemanager)
    assert employee_client.get(page(colleague)).status_code == 404
    assert employee_client.get(page(colleague, f"documenten/{plan.pk}/")).status_code == 404
    assert employee_client.post(page(colleague, f"documenten/{plan.pk}/ondertekenen/")).status_code == 404
    assert employee_client.get(page(colleague, "inkomen/handout.pdf")).status_code == 404


def test_a_document_of_another_case_is_404_through_the_employees_own_case(
    employee_client: Client, case: AbsenceCase, employer_user: User, casemanager: User
) -> None:
    other = make_case(employer=EmployerFactory(), days_sick=20)
    plan = draft_plan(other, casemanager)
    assert employee_client.get(page(case, f"documenten/{plan.pk}/")).status_code == 404


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER])
def test_other_roles_get_404_on_the_employees_pages(
    role: Role,
    case: AbsenceCase,
    employer_user: User,
    casemanager: User,
    physician: User,
    make_user: MakeUser,
    staff_login: StaffLogin,
) -> None:
    user = {Role.EMPLOYER: employer_user, Role.CASEMANAGER: casemanager, Role.OCCUPATIONAL_PHYSICIAN: physician}.get(
        role
    ) or make_user(role)
    client = staff_login(user) if role != Role.EMPLOYER else Client()
    if role == Role.EMPLOYER:
        client.force_login(user)
    assert client.get(page(case)).status_code == 404


def test_a_draft_that_needs_no_signature_is_not_shown(
    employee_client: Client, case: AbsenceCase, physician: User
) -> None:
    draft = ReintegrationDocument.objects.create(
        case=case,
        part=DocumentPart.PROBLEM_ANALYSIS,
        state=DocumentState.DRAFT,
        content={},
        document_date=today(),
    )
    assert employee_client.get(page(case, f"documenten/{draft.pk}/")).status_code == 404
    assert str(draft.pk) not in text(employee_client.get(page(case)))


# --- Signing in the portal -----------------------------------------------------------------------------------------


def test_the_employee_signs_in_the_portal_and_the_plan_becomes_final(
    employee_client: Client, case: AbsenceCase, casemanager: User, employer_user: User, account: User
) -> None:
    plan = draft_plan(case, casemanager)
    employer_signs(plan, employer_user)
    document_page = employee_client.get(page(case, f"documenten/{plan.pk}/"))
    assert "Terug in eigen werk als bakker." in text(document_page)
    response = employee_client.post(
        page(case, f"documenten/{plan.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(plan)}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == DocumentState.FINAL
    signature = DocumentSignature.objects.get(document=plan, signer_role=SignerRole.EMPLOYEE)
    assert signature.user == account
    assert signature.signer_name == "Sanne de Vries"
    assert Step.objects.get(case=case, code=poortwachter.ACTION_PLAN).state == StepState.DONE
    assert AuditLog.objects.filter(actor=account, object_id=str(plan.pk), changes__signed_as="employee").exists()


def test_signing_before_the_employer_leaves_the_plan_waiting_for_the_employer(
    employee_client: Client, case: AbsenceCase, casemanager: User
) -> None:
    plan = draft_plan(case, casemanager)
    response = employee_client.post(
        page(case, f"documenten/{plan.pk}/ondertekenen/"),
        {"fingerprint": documents.document_fingerprint(plan)},
        follow=True,
    )
    assert "Uw werkgever moet nog ondertekenen." in text(response)
    plan.refresh_from_db()
    assert plan.state == DocumentState.DRAFT


def test_a_plan_changed_after_opening_is_not_signed_blind(
    employee_client: Client, case: AbsenceCase, casemanager: User
) -> None:
    plan = draft_plan(case, casemanager)
    response = employee_client.post(page(case, f"documenten/{plan.pk}/ondertekenen/"), {"fingerprint": "old"})
    assert response.status_code == 409
    assert "Het plan is gewijzigd nadat u het opende." in text(response)
    assert not DocumentSignature.objects.filter(document=plan).exists()


def test_signing_twice_is_refused_in_dutch(employee_client: Client, case: AbsenceCase, casemanager: User) -> None:
    plan = draft_plan(case, casemanager)
    url = page(case, f"documenten/{plan.pk}/ondertekenen/")
    employee_client.post(url, {"fingerprint": documents.document_fingerprint(plan)})
    response = employee_client.post(url, {"fingerprint": documents.document_fingerprint(plan)})
    assert response.status_code == 409
    assert DocumentSignature.objects.filter(document=plan, signer_role=SignerRole.EMPLOYEE).count() == 1


def test_an_employee_with_an_account_gets_no_one_time_link(account: User, case: AbsenceCase, casemanager: User) -> None:
    plan = draft_plan(case, casemanager)
    with pytest.raises(CaseConflict) as raised:
        documents.one_time_link_send(
            sent_by=casemanager, case=case, purpose="sign", email="sanne@example.nl", document=plan
        )
    assert raised.value.code == "employee_has_account"


def test_the_casemanager_asks_the_employee_with_an_account_to_sign_in_the_portal(
    account: User, case: AbsenceCase, casemanager: User, staff_login: StaffLogin
) -> None:
    plan = draft_plan(case, casemanager)
    client = staff_login(casemanager)
    detail = text(client.get(f"/verzuim/{case.pk}/documenten/{plan.pk}/"))
    assert "ondertekent het plan in het portaal" in detail
    response = client.post(f"/verzuim/{case.pk}/documenten/{plan.pk}/link/")
    assert response.status_code == 302
    mail.outbox.clear()
    mail_send_pending()
    [message] = mail.outbox
    assert message.to == ["sanne@example.nl"]
    assert f"{BASE}/mijn-verzuim/{case.pk}/documenten/{plan.pk}/" in message.body
    assert "Terug in eigen werk als bakker." not in message.body  # a link only, never the plan


# --- Income --------------------------------------------------------------------------------------------------------


def test_the_income_figures_and_the_handout_of_the_latest_conversation(
    employee_client: Client, employee: Employee, employer_user: User, casemanager: User
) -> None:
    case = make_case(employee=employee, reported_by=employer_user, days_sick=340)
    assert employee_client.get(page(case, "inkomen/handout.pdf")).status_code == 404
    services_income.income_conversation_record(held_by=casemanager, case=case, held_on=today(), **FACTS)
    body = text(employee_client.get(page(case)))
    assert "Dit is de uitkomst van het gesprek met uw casemanager" in body
    response = employee_client.get(page(case, "inkomen/handout.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert "de Vries" in "".join(p.extract_text() for p in reader.pages)


# --- The API (issue 22 item 6) -------------------------------------------------------------------------------------


def test_the_api_lists_only_the_employees_own_cases(
    account: User, case: AbsenceCase, employer: Employer, employer_user: User, api_as: Callable[[User], Any]
) -> None:
    make_case(employee=EmployeeFactory(employer=employer), reported_by=employer_user)
    response = api_as(account).get("/api/v1/absences/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(case.pk)]


def test_the_api_gives_the_employee_their_case_and_steps_and_404_for_a_colleagues(
    account: User, case: AbsenceCase, employer: Employer, employer_user: User, api_as: Callable[[User], Any]
) -> None:
    colleague = make_case(employee=EmployeeFactory(employer=employer), reported_by=employer_user)
    client = api_as(account)
    assert client.get(f"/api/v1/absences/{case.pk}/").json()["first_sick_day"] == case.first_sick_day.isoformat()
    steps = client.get(f"/api/v1/absences/{case.pk}/steps/").json()
    assert {"code": "wia_application", "owner": "employee"}.items() <= next(
        s for s in steps if s["code"] == "wia_application"
    ).items()
    assert client.get(f"/api/v1/absences/{colleague.pk}/").status_code == 404
    assert client.get(f"/api/v1/absences/{colleague.pk}/steps/").status_code == 404


def test_the_api_opens_nothing_else_of_the_case_to_the_employee(
    account: User, case: AbsenceCase, api_as: Callable[[User], Any]
) -> None:
    client = api_as(account)
    assert client.get(f"/api/v1/absences/{case.pk}/poortwachter-check/").status_code == 404
    response = client.post(
        f"/api/v1/absences/{case.pk}/recoveries/", {"date": today().isoformat(), "recovered_pct": 100}
    )
    assert response.status_code == 404
