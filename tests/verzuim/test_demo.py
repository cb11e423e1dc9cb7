"""`manage.py demo` creates exactly the users and employers of docs/api.md, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from verzuim.models import Employee, Employer, Role, User

pytestmark = pytest.mark.django_db

EXPECTED_USERS = {
    "werkgever@demo.nl": Role.EMPLOYER,
    "werkgever2@demo.nl": Role.EMPLOYER,
    "casemanager@demo.nl": Role.CASEMANAGER,
    "bedrijfsarts@demo.nl": Role.OCCUPATIONAL_PHYSICIAN,
    "verzekeraar@demo.nl": Role.INSURER,
    "verzekeraar2@demo.nl": Role.INSURER,
    "klachten@demo.nl": Role.COMPLAINT_HANDLER,
    "admin@demo.nl": Role.ADMIN,
    "werknemer@demo.nl": Role.EMPLOYEE,
}


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_creates_the_documented_users_and_is_idempotent() -> None:
    run_demo()
    output = run_demo()
    assert dict(User.objects.values_list("email", "role")) == EXPECTED_USERS
    for email in EXPECTED_USERS:
        assert email in output
    assert User.objects.get(email="admin@demo.nl").is_superuser
    assert Employer.objects.count() == 3  # the two of docs/api.md and the new policyholder of the service rhythm
    assert Employee.objects.count() == 13


def test_demo_employers_have_active_policies_and_their_employees() -> None:
    run_demo()
    bakery = Employer.objects.get(kvk_number="12345678")
    installer = Employer.objects.get(kvk_number="87654321")
    assert bakery.name == "Bakkerij De Korenschoof"
    assert installer.name == "Installatiebedrijf Van Dijk"
    assert bakery.employees.count() == 8
    assert installer.employees.count() == 5
    assert bakery.policies.filter(status="active").exists()
    assert installer.policies.filter(status="active").exists()


@pytest.mark.parametrize(("email", "count"), [("werkgever@demo.nl", 8), ("werkgever2@demo.nl", 5)])
def test_demo_employer_lists_its_own_employees_through_the_api(email: str, count: int) -> None:
    run_demo()
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"email": email, "password": "demo-verzuim"}, format="json").json()[
        "token"
    ]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert len(client.get("/api/v1/employees/").json()) == count


def test_demo_bakery_user_gets_404_for_an_employee_of_van_dijk() -> None:
    run_demo()
    van_dijk_employee = Employee.objects.filter(employer__kvk_number="87654321").first()
    assert van_dijk_employee is not None
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"email": "werkgever@demo.nl", "password": "demo-verzuim"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"/api/v1/employees/{van_dijk_employee.pk}/").status_code == 404


def test_demo_password_comes_from_the_environment(settings: object) -> None:
    settings.DEMO_PASSWORD = "another-demo-pass"  # type: ignore[attr-defined]
    run_demo()
    assert User.objects.get(email="werkgever@demo.nl").check_password("another-demo-pass")


def test_demo_codes_prints_a_current_code_per_staff_user() -> None:
    run_demo()
    out = StringIO()
    call_command("demo", "--codes", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 6
    assert all(line.split()[1].isdigit() and len(line.split()[1]) == 6 for line in lines)


def test_demo_premiums_were_approved_by_a_second_insurer_and_one_waits_for_review() -> None:
    from premiums.models import CalculationStatus, PremiumCalculation

    run_demo()
    run_demo()
    approved = PremiumCalculation.objects.filter(year=2026, status=CalculationStatus.APPROVED)
    assert approved.count() == 2
    for calculation in approved:
        assert calculation.submitted_by.email == "verzekeraar@demo.nl"
        assert calculation.reviewed_by.email == "verzekeraar2@demo.nl"
    waiting = PremiumCalculation.objects.get(year=2027)
    assert (waiting.status, waiting.employer.name) == (CalculationStatus.SUBMITTED, "Bakkerij De Korenschoof")


def test_demo_has_an_intervention_network_once() -> None:
    from cases.interventions.models import Provider

    run_demo()
    run_demo()
    assert Provider.objects.filter(is_active=True).count() == 4


def test_demo_has_work_waiting_in_the_intervention_queue_and_at_the_complaints_desk_once() -> None:
    from cases.interventions.models import Intervention, InterventionStatus
    from complaints.models import Complaint, ComplaintStatus

    run_demo()
    run_demo()
    intervention = Intervention.objects.get()
    assert (intervention.status, intervention.case.employer.name) == (
        InterventionStatus.REQUESTED,
        "Installatiebedrijf Van Dijk",
    )
    complaint = Complaint.objects.get()
    assert (complaint.status, complaint.employer.name) == (ComplaintStatus.RECEIVED, "Bakkerij De Korenschoof")


def test_demo_cases_show_a_realistic_mix_most_steps_on_time_and_one_overdue() -> None:
    """Issue 19 item 8: the bakery is on the policy's arbodienst (its sickness reports completed the report to the
    arbodienst themselves); Van Dijk has an arbodienst of its own and confirmed its report by hand. Of all open steps
    exactly one is overdue: Van Dijk's 42nd-week notice to UWV."""
    from django.utils import timezone

    from cases.absence.models import Step, StepState
    from cases.professionals.selectors import employer_uses_policy_arbodienst

    run_demo()
    run_demo()
    today = timezone.localdate()
    bakery = Employer.objects.get(kvk_number="12345678")
    installer = Employer.objects.get(kvk_number="87654321")
    assert employer_uses_policy_arbodienst(employer=bakery, on=today)
    assert not employer_uses_policy_arbodienst(employer=installer, on=today)

    reports = Step.objects.filter(code="report_to_ohs").select_related("case", "completed_by")
    assert {(s.case.employer.name, s.state, s.completed_by is None) for s in reports} == {
        ("Bakkerij De Korenschoof", StepState.DONE, True),
        ("Installatiebedrijf Van Dijk", StepState.DONE, False),
    }
    for report in reports:
        assert report.completed_on is not None
        assert report.due_date is not None
        assert report.completed_on <= report.due_date  # on time
    overdue = [
        (step.case.employer.name, step.code)
        for step in Step.objects.filter(state=StepState.OPEN).select_related("case__employer")
        if step.status_on(today) == "overdue"
    ]
    assert overdue == [("Installatiebedrijf Van Dijk", "uwv_week42_notice")]
    assert Step.objects.filter(code="action_plan_review", state=StepState.DONE).count() == 6


def test_demo_casemanager_has_a_contact_follow_up_due_today_once() -> None:
    """Issue 20 items 3 and 9: Van Dijk's long case has two logged contacts, the newer with a follow-up due today,
    so the demo casemanager's Mijn taken shows it."""
    from django.utils import timezone

    from cases.contacts.models import ContactMoment
    from verzuim.plugins import tasks_for

    run_demo()
    run_demo()
    contacts = list(ContactMoment.objects.order_by("-contact_date"))
    assert [c.case.employer.name for c in contacts] == ["Installatiebedrijf Van Dijk"] * 2
    today = timezone.localdate()
    assert [c.followup_date for c in contacts] == [today, None]
    casemanager = User.objects.get(email="casemanager@demo.nl")
    assert [t.key for t in tasks_for(casemanager, today) if t.key.startswith("contact-")] == [
        f"contact-{contacts[0].pk}"
    ]


def test_demo_looks_like_a_monday_morning() -> None:
    """Issue 20 item 9: tasks due now on the dashboards: the bakery signs a plan van aanpak and follows up an
    advice due today; the casemanager sees the missing signatures; the physician a problem analysis due soon."""
    from django.utils import timezone

    from verzuim.plugins import tasks_for

    run_demo()
    run_demo()
    today = timezone.localdate()

    def tasks(email: str) -> list[tuple[str, str]]:
        return [(t.action, t.subject) for t in tasks_for(User.objects.get(email=email), today)]

    bakery = tasks("werkgever@demo.nl")
    assert ("Plan van aanpak ondertekenen", "Pieter Bakker") in bakery
    due_today = [t for t in tasks_for(User.objects.get(email="werkgever@demo.nl"), today) if t.due == today]
    assert [t.action for t in due_today] == ["Advies opvolgen: Aangepast werk: ochtenden in de winkel, niet tillen…"]
    assert (
        "Plan van aanpak: handtekening werkgever en werknemer ontbreekt",
        "Pieter Bakker (Bakkerij De Korenschoof)",
    ) in tasks("casemanager@demo.nl")
    assert ("Probleemanalyse opstellen", "Mohamed El Amrani (Bakkerij De Korenschoof)") in tasks("bedrijfsarts@demo.nl")


def test_demo_has_a_spreekuur_tomorrow_with_its_invitation_and_task_once() -> None:
    """Issue 20 items 4 and 9: the physician sees Mohamed El Amrani tomorrow, before his problem analysis is due: a
    task in Mijn taken, one invitation in the outbox, and a second run plans nothing more."""
    import datetime as dt

    from django.utils import timezone

    from cases.medical.models import Consultation
    from verzuim.models import OutgoingMail
    from verzuim.plugins import tasks_for

    run_demo()
    run_demo()
    (consultation,) = Consultation.objects.all()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert timezone.localtime(consultation.starts_at).date() == tomorrow
    assert consultation.case.employee.full_name == "Mohamed El Amrani"
    assert consultation.status == "planned"
    assert OutgoingMail.objects.filter(kind="consultation_invitation", object_id=str(consultation.pk)).count() == 1
    physician = User.objects.get(email="bedrijfsarts@demo.nl")
    tasks = [(t.action, t.due) for t in tasks_for(physician, timezone.localdate()) if t.key.startswith("consultation-")]
    assert tasks == [("Spreekuur met Mohamed El Amrani houden om 10:00", tomorrow)]


def test_demo_employee_finds_the_plan_to_sign_on_mijn_verzuim() -> None:
    from django.test import Client

    from cases.absence.models import AbsenceCase

    run_demo()
    employee_user = User.objects.get(email="werknemer@demo.nl")
    assert employee_user.employee is not None
    assert employee_user.check_password("demo-verzuim")
    client = Client()
    client.force_login(employee_user)
    case = AbsenceCase.objects.get(employee=employee_user.employee)
    body = client.get(f"/mijn-verzuim/{case.pk}/").content.decode()
    assert "Plan van aanpak lezen en ondertekenen" in body


def test_demo_employee_has_a_conversation_and_a_question_for_the_physician_once() -> None:
    """Issue 22 item 3: Pieter's case thread has his question and the casemanager's answer; his physician thread a
    question the physician has not read yet. A second run adds nothing."""
    from cases.medical.models import PhysicianMessage
    from cases.messages.models import CaseMessage

    run_demo()
    run_demo()
    employee_user = User.objects.get(email="werknemer@demo.nl")
    assert list(CaseMessage.objects.order_by("sent_at").values_list("author__email", flat=True)) == [
        "werknemer@demo.nl",
        "casemanager@demo.nl",
    ]
    (question,) = PhysicianMessage.objects.all()
    assert question.author == employee_user
    assert not question.reads.exists()
