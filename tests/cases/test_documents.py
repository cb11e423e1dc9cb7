"""The re-integration report's documents: each completes its step, the plan is signed by
employer and employee (the employee through a one-time link), a signed plan changes only as a new version, the
labour expert's report is a size-limited PDF that only the allowed roles download.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import smtplib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.services import CaseConflict
from cases.documents import services as documents
from cases.documents.forms import ProblemAnalysisForm
from cases.documents.models import (
    DocumentPart,
    DocumentSignature,
    DocumentState,
    OneTimeLink,
    ReintegrationDocument,
)
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import (
    AuditAction,
    AuditLog,
    Employee,
    Employer,
    OutgoingMail,
    OutgoingMailState,
    Role,
    User,
)

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
TOKEN_IN_MAIL = re.compile(r"/werknemer/([A-Za-z0-9_-]{43})/")
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def today() -> dt.date:
    return timezone.localdate()


def iso(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}"


def text(response: Any) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def field_error(response: Any, field_id: str) -> str:
    match = re.search(
        rf'<p class="utrecht-form-field-error-message error" id="{re.escape(field_id)}_error">(.*?)</p>',
        response.content.decode(),
    )
    assert match, f"no error at {field_id}"
    return match.group(1)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.links: list[str] = []
        self.navs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"input", "select", "textarea"} and values.get("name"):
            self.names.add(str(values["name"]))
        if tag == "a":
            self.links.append(str(values.get("href")))
        self.navs += tag == "nav"


def inputs(response: Any) -> _Inputs:
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser


def token_from(message: Any) -> str:
    match = TOKEN_IN_MAIL.search(message.body)
    assert match, message.body
    return match.group(1)


# --- Fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


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
    employer_user.full_name = "Wim Werkgever"
    employer_user.save()
    return employer


@pytest.fixture
def employee(employer: Employer) -> Employee:
    return EmployeeFactory(
        employer=employer, first_name="Sanne", last_name="de Vries", employment_start=dt.date(2015, 1, 1)
    )


@pytest.fixture
def case(employee: Employee, employer_user: User) -> AbsenceCase:
    return make_case(employee=employee, reported_by=employer_user, days_sick=30, phone="06 12345678")


@pytest.fixture
def insurer(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Ilse Verzekeraar")


def docs_url(case: AbsenceCase, rest: str = "") -> str:
    return f"/verzuim/{case.pk}/documenten/{rest}"


def step(case: AbsenceCase, code: str, sequence: int = 1) -> Step:
    return Step.objects.get(case=case, code=code, sequence=sequence)


def plan_data(**overrides: str) -> dict[str, str]:
    data = {
        "document_date": iso(today()),
        "goal_kind": "adapted_work",
        "goal": "Terug in de bakkerij, eerst 4 uur per dag zonder tillen.",
        "contact_agreements": "Elke week telefonisch contact; evaluatie elke 6 weken.",
        "casemanager": "Carla Casemanager",
        "physician_advice": "Opbouwen in uren, geen zware lasten.",
        "activiteiten-TOTAL_FORMS": "5",
        "activiteiten-INITIAL_FORMS": "0",
        "activiteiten-MIN_NUM_FORMS": "0",
        "activiteiten-MAX_NUM_FORMS": "30",
        "activiteiten-0-what": "Start met 4 uur per dag aan de toonbank",
        "activiteiten-0-owner": "employee",
        "activiteiten-0-date": iso(today() + dt.timedelta(days=7)),
        "activiteiten-1-what": "Werkplekonderzoek",
        "activiteiten-1-owner": "employer",
        "activiteiten-1-date": iso(today() + dt.timedelta(days=14)),
    }
    data.update(overrides)
    return data


PLAN_CONTENT = {
    "goal_kind": "own_work",
    "goal": "Terug in eigen werk.",
    "activities": [{"what": "Opbouw uren", "owner": "employee", "date": "2030-01-01"}],
    "contact_agreements": "Wekelijks bellen.",
    "casemanager": "Carla Casemanager",
    "physician_advice": "Opbouwen.",
}


def draft_plan(case: AbsenceCase, author: User, **content: Any) -> ReintegrationDocument:
    return documents.document_create(
        created_by=author,
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=today(),
        content={**PLAN_CONTENT, **content},
    )


def send_sign_link(document: ReintegrationDocument, sender: User, email: str = "sanne@example.nl") -> str:
    mail.outbox.clear()
    documents.one_time_link_send(sent_by=sender, case=document.case, purpose="sign", email=email, document=document)
    mail_send_pending()  # the outbox's beat job
    return token_from(mail.outbox[-1])


def signed_plan(case: AbsenceCase, casemanager: User, employer_user: User) -> ReintegrationDocument:
    plan = draft_plan(case, casemanager)
    documents.document_sign_as_employer(
        signed_by=employer_user, document=plan, fingerprint=documents.document_fingerprint(plan)
    )
    documents.document_sign_as_employee(token=send_sign_link(plan, casemanager), signer_name="Sanne de Vries")
    plan.refresh_from_db()
    assert plan.state == DocumentState.FINAL
    return plan


# --- Problem analysis (physician, non-medical part only) --------------------------------------------------------


def test_problem_analysis_form_has_no_diagnosis_field(
    staff_login: StaffLogin, physician: User, case: AbsenceCase
) -> None:
    client = staff_login(physician)
    response = client.get(docs_url(case, "nieuw/problem_analysis/"))
    assert response.status_code == 200
    expected = {"document_date", "functional_limitations", "prognosis", "advice"}
    assert set(ProblemAnalysisForm.base_fields) == expected
    assert inputs(response).names - {"csrfmiddlewaretoken"} == expected
    assert "diagnos" not in response.content.decode().lower().replace("geen diagnose", "")


def test_problem_analysis_posting_a_diagnosis_is_refused_and_stores_nothing(
    staff_login: StaffLogin, physician: User, case: AbsenceCase
) -> None:
    client = staff_login(physician)
    response = client.post(
        docs_url(case, "nieuw/problem_analysis/"),
        {
            "document_date": iso(today()),
            "functional_limitations": "Kan niet tillen.",
            "prognosis": "Herstel binnen 3 maanden.",
            "advice": "Aangepast werk.",
            "diagnosis": "Hernia",
        },
    )
    assert response.status_code == 400
    assert (
        "Het formulier bevat gegevens die niet in dit document horen. Medische gegevens, zoals een diagnose, "
        "horen alleen in het medisch dossier van de bedrijfsarts."
    ) in text(response)
    assert not ReintegrationDocument.objects.exists()
    assert step(case, "problem_analysis").state == StepState.OPEN


def test_problem_analysis_completes_its_step_with_the_physician_and_the_document_date(
    staff_login: StaffLogin, physician: User, case: AbsenceCase
) -> None:
    client = staff_login(physician)
    written_on = today() - dt.timedelta(days=2)
    response = client.post(
        docs_url(case, "nieuw/problem_analysis/"),
        {
            "document_date": iso(written_on),
            "functional_limitations": "Kan niet tillen, wel zittend werk.",
            "prognosis": "Herstel binnen 3 maanden verwacht.",
            "advice": "Start met aangepast werk, 4 uur per dag.",
        },
        follow=True,
    )
    document = ReintegrationDocument.objects.get()
    assert response.redirect_chain == [(docs_url(case, f"{document.pk}/"), 302)]
    assert messages_of(response) == ["Probleemanalyse is vastgelegd."]
    assert (document.part, document.state, document.document_date, document.created_by) == (
        DocumentPart.PROBLEM_ANALYSIS,
        DocumentState.FINAL,
        written_on,
        physician,
    )
    assert document.content == {
        "functional_limitations": "Kan niet tillen, wel zittend werk.",
        "prognosis": "Herstel binnen 3 maanden verwacht.",
        "advice": "Start met aangepast werk, 4 uur per dag.",
    }
    done = step(case, "problem_analysis")
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, written_on, physician)
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, object_type="reintegration_document", object_id=str(document.pk), actor=physician
    ).exists()
    assert "Mogelijkheden en beperkingen Kan niet tillen, wel zittend werk." in text(response)


def test_a_document_date_in_the_future_is_refused_at_the_field(
    staff_login: StaffLogin, physician: User, case: AbsenceCase
) -> None:
    client = staff_login(physician)
    response = client.post(
        docs_url(case, "nieuw/problem_analysis/"),
        {
            "document_date": iso(today() + dt.timedelta(days=1)),
            "functional_limitations": "Kan niet tillen.",
            "prognosis": "Goed.",
            "advice": "Aangepast werk.",
        },
    )
    assert response.status_code == 200
    assert field_error(response, "id_document_date") == "De datum van het document kan niet in de toekomst liggen."
    assert not ReintegrationDocument.objects.exists()


def test_physician_parts_are_404_for_other_roles_and_the_physician_of_another_employer(
    client: Client,
    staff_login: StaffLogin,
    make_user: MakeUser,
    case: AbsenceCase,
    employer_user: User,
    casemanager: User,
    insurer: User,
) -> None:
    client.force_login(employer_user)
    for part in ("problem_analysis", "current_assessment", "action_plan_review", "labour_expert_report"):
        assert client.get(docs_url(case, f"nieuw/{part}/")).status_code == 404, part
    staff_login(casemanager)
    assert client.get(docs_url(case, "nieuw/problem_analysis/")).status_code == 404
    staff_login(insurer)
    for part in ("problem_analysis", "action_plan", "final_review"):
        assert client.get(docs_url(case, f"nieuw/{part}/")).status_code == 404, part
    stranger = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    EmployerFactory(occupational_physician=stranger)
    staff_login(stranger)
    assert client.get(docs_url(case, "nieuw/problem_analysis/")).status_code == 404
    assert client.get(docs_url(case)).status_code == 404
    assert not ReintegrationDocument.objects.exists()


def test_a_second_problem_analysis_is_a_new_version_and_keeps_the_step_date(physician: User, case: AbsenceCase) -> None:
    content = {"functional_limitations": "A", "prognosis": "B", "advice": "C"}
    first = documents.document_create(
        created_by=physician,
        case=case,
        part="problem_analysis",
        document_date=today() - dt.timedelta(days=3),
        content=content,
    )
    second = documents.document_revise(
        revised_by=physician, document=first, document_date=today(), content={**content, "advice": "D"}
    )
    first.refresh_from_db()
    assert (first.state, second.version, second.state) == (DocumentState.SUPERSEDED, 2, DocumentState.FINAL)
    assert step(case, "problem_analysis").completed_on == today() - dt.timedelta(days=3)


# --- Plan van aanpak: drafting, signing, the employee's link ---------------------------------------------------


def test_casemanager_drafts_the_plan_with_the_uwv_headings(
    staff_login: StaffLogin, casemanager: User, physician: User, case: AbsenceCase
) -> None:
    documents.document_create(
        created_by=physician,
        case=case,
        part="problem_analysis",
        document_date=today(),
        content={"functional_limitations": "A", "prognosis": "B", "advice": "Opbouwen in uren."},
    )
    client = staff_login(casemanager)
    form = client.get(docs_url(case, "nieuw/action_plan/"))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="Carla Casemanager"' in html  # the case's casemanager, prefilled
    assert "\nOpbouwen in uren.</textarea>" in html  # the advice it follows, from the problem analysis
    response = client.post(docs_url(case, "nieuw/action_plan/"), plan_data(), follow=True)
    plan = ReintegrationDocument.objects.get(part=DocumentPart.ACTION_PLAN)
    assert messages_of(response) == [
        "Plan van aanpak is opgeslagen (versie 1). Werkgever en werknemer ondertekenen het."
    ]
    assert (plan.state, plan.version, plan.requires_signatures) == (DocumentState.DRAFT, 1, True)
    assert plan.content["activities"] == [
        {
            "what": "Start met 4 uur per dag aan de toonbank",
            "owner": "employee",
            "date": iso(today() + dt.timedelta(days=7)),
        },
        {"what": "Werkplekonderzoek", "owner": "employer", "date": iso(today() + dt.timedelta(days=14))},
    ]
    page = text(response)
    for heading in (
        "Doel van de re-integratie Terugkeer in aangepast eigen werk",
        "Toelichting op het doel Terug in de bakkerij",
        "Afgesproken activiteiten",
        "Start met 4 uur per dag aan de toonbank Werknemer",
        "Contactmomenten en evaluatieafspraken Elke week telefonisch contact",
        "Casemanager Carla Casemanager",
        "Advies van de bedrijfsarts waarop dit plan is gebaseerd Opbouwen in uren, geen zware lasten.",
    ):
        assert heading in page, heading
    assert step(case, "action_plan").state == StepState.OPEN


def test_a_plan_needs_at_least_one_activity_with_what_who_and_when(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    empty_rows = {f"activiteiten-{i}-{name}": "" for i in range(2) for name in ("what", "owner", "date")}
    response = client.post(docs_url(case, "nieuw/action_plan/"), plan_data(**empty_rows))
    assert response.status_code == 200
    assert field_error(response, "activiteiten") == "Vul minstens één afgesproken activiteit in."
    half = {"activiteiten-1-what": "Werkplekonderzoek", "activiteiten-1-owner": "", "activiteiten-1-date": ""}
    response = client.post(docs_url(case, "nieuw/action_plan/"), plan_data(**half))
    assert field_error(response, "id_activiteiten-1-owner") == "Kies wie dit doet."
    assert field_error(response, "id_activiteiten-1-date") == "Vul de datum in."
    assert not ReintegrationDocument.objects.exists()


def test_a_tampered_plan_post_gets_dutch_errors_not_a_crash(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    without_rows = {k: v for k, v in plan_data().items() if not k.startswith("activiteiten-")}
    response = client.post(docs_url(case, "nieuw/action_plan/"), without_rows)
    assert response.status_code == 200
    assert field_error(response, "activiteiten") == "Het formulier is onvolledig verstuurd. Probeer het opnieuw."
    response = client.post(
        docs_url(case, "nieuw/action_plan/"),
        plan_data(**{"activiteiten-TOTAL_FORMS": "1000", "activiteiten-0-date": "31-02-2026", "goal_kind": "x"}),
    )
    assert response.status_code == 200
    assert field_error(response, "id_activiteiten-0-date") == "Vul een geldige datum in."
    assert field_error(response, "id_goal_kind") == "Kies een doel uit de lijst."
    assert not ReintegrationDocument.objects.exists()


def test_employer_signs_then_employee_signs_through_the_link_and_the_plan_step_is_done(
    client: Client,
    mailoutbox: list[Any],
    staff_login: StaffLogin,
    casemanager: User,
    employer_user: User,
    case: AbsenceCase,
) -> None:
    plan = draft_plan(case, casemanager)
    client.force_login(employer_user)
    page = client.get(docs_url(case, f"{plan.pk}/"))
    assert "Ondertekenen als werkgever" in text(page)
    response = client.post(
        docs_url(case, f"{plan.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(plan)}, follow=True
    )
    assert messages_of(response) == ["U hebt het plan van aanpak ondertekend. De werknemer moet nog ondertekenen."]
    assert step(case, "action_plan").state == StepState.OPEN

    staff_login(casemanager)
    response = client.post(docs_url(case, f"{plan.pk}/link/"), {"email": "sanne@example.nl"}, follow=True)
    assert messages_of(response) == [
        "De link om te ondertekenen wordt binnen een minuut per e-mail verstuurd naar sanne@example.nl."
    ]
    assert mailoutbox == []
    mail_send_pending()  # the outbox's beat job
    (message,) = mailoutbox
    assert (message.to, message.subject) == (["sanne@example.nl"], "Plan van aanpak ondertekenen")
    token = token_from(message)
    link = OneTimeLink.objects.get()
    # Only the hash of the token is stored; it expires after 14 days.
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(OneTimeLink.objects.values()))
    assert abs(link.expires_at - (timezone.now() + dt.timedelta(days=14))) < dt.timedelta(minutes=1)

    client.logout()
    employee_page = client.get(f"/werknemer/{token}/")
    assert employee_page.status_code == 200
    assert "Opbouw uren" in text(employee_page)
    response = client.post(f"/werknemer/{token}/", {"signer_name": "Sanne de Vries", "agree": "on"}, follow=True)
    assert response.redirect_chain == [("/werknemer/bedankt/", 302)]

    plan.refresh_from_db()
    assert plan.state == DocumentState.FINAL
    signatures = {s.signer_role: s for s in plan.signatures.all()}
    assert (signatures["employer"].signer_name, signatures["employer"].user) == ("Wim Werkgever", employer_user)
    assert (signatures["employee"].signer_name, signatures["employee"].user) == ("Sanne de Vries", None)
    done = step(case, "action_plan")
    # Completed on the date of the last signature, by the user who sent the employee the link.
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, today(), casemanager)
    link.refresh_from_db()
    assert link.used_at is not None


def test_employee_signs_first_and_the_employer_completes_the_step(
    client: Client, casemanager: User, employer_user: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    documents.document_sign_as_employee(token=send_sign_link(plan, casemanager), signer_name="Sanne de Vries")
    assert step(case, "action_plan").state == StepState.OPEN
    client.force_login(employer_user)
    response = client.post(
        docs_url(case, f"{plan.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(plan)}, follow=True
    )
    assert messages_of(response) == ["U hebt het plan van aanpak ondertekend. Het is nu definitief."]
    done = step(case, "action_plan")
    assert (done.completed_on, done.completed_by) == (today(), employer_user)


def test_only_the_employer_signs_for_the_employer(
    staff_login: StaffLogin, casemanager: User, employer_user: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, employer_user)
    client = staff_login(casemanager)
    assert "Ondertekenen als werkgever" not in text(client.get(docs_url(case, f"{plan.pk}/")))
    assert (
        client.post(
            docs_url(case, f"{plan.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(plan)}
        ).status_code
        == 404
    )
    assert not DocumentSignature.objects.exists()


def test_signing_twice_is_refused(client: Client, casemanager: User, employer_user: User, case: AbsenceCase) -> None:
    plan = draft_plan(case, casemanager)
    client.force_login(employer_user)
    client.post(docs_url(case, f"{plan.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(plan)})
    response = client.post(
        docs_url(case, f"{plan.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(plan)}
    )
    assert response.status_code == 409
    assert "Deze versie is al ondertekend." in text(response)
    assert DocumentSignature.objects.count() == 1


def test_the_link_works_once(client: Client, casemanager: User, case: AbsenceCase) -> None:
    plan = draft_plan(case, casemanager)
    token = send_sign_link(plan, casemanager)
    assert client.post(f"/werknemer/{token}/", {"signer_name": "Sanne de Vries", "agree": "on"}).status_code == 302
    for response in (
        client.get(f"/werknemer/{token}/"),
        client.post(f"/werknemer/{token}/", {"signer_name": "Iemand Anders", "agree": "on"}),
    ):
        assert response.status_code == 404
        assert "Deze link is niet (meer) geldig" in text(response)
        assert "Opbouw uren" not in text(response)
    assert list(DocumentSignature.objects.values_list("signer_name", flat=True)) == ["Sanne de Vries"]


def test_opening_the_link_does_not_use_it(client: Client, casemanager: User, case: AbsenceCase) -> None:
    """Mail scanners open links: only signing uses the link up."""
    token = send_sign_link(draft_plan(case, casemanager), casemanager)
    assert client.get(f"/werknemer/{token}/").status_code == 200
    assert client.get(f"/werknemer/{token}/").status_code == 200
    assert OneTimeLink.objects.get().used_at is None


def test_an_expired_link_does_not_work(client: Client, casemanager: User, case: AbsenceCase) -> None:
    plan = draft_plan(case, casemanager)
    token = send_sign_link(plan, casemanager)
    OneTimeLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"/werknemer/{token}/").status_code == 404
    response = client.post(f"/werknemer/{token}/", {"signer_name": "Sanne de Vries", "agree": "on"})
    assert response.status_code == 404
    assert "Deze link is niet (meer) geldig" in text(response)
    assert not DocumentSignature.objects.exists()


def test_an_unknown_token_gets_the_same_answer(client: Client) -> None:
    response = client.get("/werknemer/" + "x" * 43 + "/")
    assert response.status_code == 404
    assert "Deze link is niet (meer) geldig" in text(response)


def test_the_link_page_shows_only_that_plan_version(
    client: Client, physician: User, casemanager: User, employer_user: User, case: AbsenceCase
) -> None:
    documents.document_create(
        created_by=physician,
        case=case,
        part="problem_analysis",
        document_date=today(),
        content={"functional_limitations": "Zittend werk kan.", "prognosis": "Goed herstel.", "advice": "Opbouwen."},
    )
    other = make_case(employer=case.employer)
    draft_plan(other, casemanager, goal="Het doel van een collega.")
    plan = draft_plan(case, casemanager, goal="Terug in eigen werk binnen 3 maanden.")
    token = send_sign_link(plan, casemanager)
    client.force_login(employer_user)  # a logged-in browser sees no portal either
    response = client.get(f"/werknemer/{token}/")
    page = text(response)
    assert "Terug in eigen werk binnen 3 maanden." in page
    assert "Sanne de Vries" in page
    assert "Bakkerij De Korenschoof" in page
    parsed = inputs(response)
    # No navigation and no link into the portal: only the public accessibility statement in the footer (issue 24).
    assert (parsed.links, parsed.navs) == (["/toegankelijkheid/"], 0)
    assert parsed.names == {"csrfmiddlewaretoken", "signer_name", "agree"}
    for other_data in (
        "06 12345678",  # the case's phone number
        "Zittend werk kan.",  # the problem analysis
        "Het doel van een collega.",  # another case's plan
        "Poortwachterstappen",
        "Uitloggen",
        "Wim Werkgever",  # the logged-in user
        case.first_sick_day.strftime("%d-%m-%Y"),
    ):
        assert other_data not in page, other_data
    assert response["Referrer-Policy"] == "same-origin"  # the token in the address never goes to another site
    assert "no-store" in response["Cache-Control"]


def test_sending_a_new_link_retires_the_earlier_one(client: Client, casemanager: User, case: AbsenceCase) -> None:
    plan = draft_plan(case, casemanager)
    first = send_sign_link(plan, casemanager, "oud@example.nl")
    second = send_sign_link(plan, casemanager, "nieuw@example.nl")
    assert client.get(f"/werknemer/{first}/").status_code == 404
    assert client.get(f"/werknemer/{second}/").status_code == 200


def test_a_link_retired_before_its_mail_went_out_is_not_mailed(casemanager: User, case: AbsenceCase) -> None:
    plan = draft_plan(case, casemanager)
    mail.outbox.clear()
    for email in ("oud@example.nl", "nieuw@example.nl"):
        documents.one_time_link_send(sent_by=casemanager, case=case, purpose="sign", email=email, document=plan)
    assert mail_send_pending() == 1
    assert [m.to for m in mail.outbox] == [["nieuw@example.nl"]]
    assert sorted(OutgoingMail.objects.values_list("to", "state")) == [
        ("nieuw@example.nl", OutgoingMailState.SENT),
        ("oud@example.nl", OutgoingMailState.CANCELLED),
    ]


def test_the_link_is_queued_with_no_token_and_opens_only_with_the_token_of_its_sent_mail(
    client: Client, staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    staff_login(casemanager)
    mail.outbox.clear()
    response = client.post(docs_url(case, f"{plan.pk}/link/"), {"email": "sanne@example.nl"})
    assert response.status_code == 302
    link = OneTimeLink.objects.get()
    (row,) = OutgoingMail.objects.values()
    # The outbox names the link and the address only: no body, no token.
    assert (row["kind"], row["to"], row["object_type"], row["object_id"]) == (
        "employee_link",
        "sanne@example.nl",
        "one_time_link",
        str(link.pk),
    )
    assert mail.outbox == []
    hash_before_sending = link.token_hash

    assert mail_send_pending() == 1
    token = token_from(mail.outbox[-1])
    link.refresh_from_db()
    # The token is made at send time: the hash the link had before its mail opened nothing anyone holds.
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() != hash_before_sending
    assert token not in str(list(OutgoingMail.objects.values()))
    assert OutgoingMail.objects.get().state == OutgoingMailState.SENT
    client.logout()
    assert client.get(f"/werknemer/{token}/").status_code == 200


def test_a_mail_that_cannot_be_sent_keeps_the_link_closed_and_is_retried(
    client: Client, staff_login: StaffLogin, casemanager: User, case: AbsenceCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = draft_plan(case, casemanager)
    staff_login(casemanager)
    response = client.post(docs_url(case, f"{plan.pk}/link/"), {"email": "sanne@example.nl"})
    assert response.status_code == 302  # the page never waits for the mail server
    link = OneTimeLink.objects.get()
    hash_before_sending = link.token_hash

    def fail(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
        now = timezone.now()
        assert mail_send_pending(now=now) == 0
    link.refresh_from_db()
    assert link.token_hash == hash_before_sending  # the token of the failed attempt was rolled back with it
    row = OutgoingMail.objects.get()
    assert (row.state, row.attempts) == (OutgoingMailState.PENDING, 1)

    assert mail_send_pending(now=row.next_attempt_at) == 1
    client.logout()
    assert client.get(f"/werknemer/{token_from(mail.outbox[-1])}/").status_code == 200


def test_sending_a_link_needs_a_valid_address_and_the_right_role(
    client: Client, staff_login: StaffLogin, physician: User, casemanager: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    staff_login(casemanager)
    response = client.post(docs_url(case, f"{plan.pk}/link/"), {"email": "geen-adres"})
    assert field_error(response, "id_email") == "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    staff_login(physician)
    assert client.post(docs_url(case, f"{plan.pk}/link/"), {"email": "a@example.nl"}).status_code == 404
    assert client.post(docs_url(case, "visie-werknemer/"), {"visie-email": "a@example.nl"}).status_code == 404
    assert not OneTimeLink.objects.exists()


# --- Versions ---------------------------------------------------------------------------------------------------


def test_editing_a_signed_plan_makes_version_2_that_must_be_signed_again(
    client: Client,
    staff_login: StaffLogin,
    casemanager: User,
    employer_user: User,
    case: AbsenceCase,
) -> None:
    v1 = signed_plan(case, casemanager, employer_user)
    signed_on = step(case, "action_plan").completed_on
    staff_login(casemanager)
    form = client.get(docs_url(case, f"{v1.pk}/wijzigen/"))
    assert "Wat u nu opslaat wordt versie 2; die moeten werkgever en werknemer opnieuw ondertekenen." in text(form)
    assert 'value="Opbouw uren"' in form.content.decode()  # the saved activity, prefilled
    data = plan_data(goal="Nieuw doel: ander werk in de winkel.", goal_kind="other_work_same_employer")
    response = client.post(docs_url(case, f"{v1.pk}/wijzigen/"), data, follow=True)
    v2 = ReintegrationDocument.objects.get(part=DocumentPart.ACTION_PLAN, version=2)
    assert response.redirect_chain == [(docs_url(case, f"{v2.pk}/"), 302)]
    assert "Opnieuw te ondertekenen" in text(response)
    v1.refresh_from_db()
    assert (v1.state, v2.state, v2.sequence) == (DocumentState.SUPERSEDED, DocumentState.DRAFT, 1)
    assert v1.signatures.count() == 2
    assert not v2.signatures.exists()
    # The step stays done with its history.
    assert (step(case, "action_plan").state, step(case, "action_plan").completed_on) == (StepState.DONE, signed_on)

    old = client.get(docs_url(case, f"{v1.pk}/"))
    assert old.status_code == 200
    assert "Deze versie is vervangen door een nieuwere versie." in text(old)
    assert "Terug in eigen werk." in text(old)
    assert "Wijzigen" not in text(old)
    assert client.get(docs_url(case, f"{v1.pk}/wijzigen/")).status_code == 404

    client.force_login(employer_user)
    client.post(docs_url(case, f"{v2.pk}/ondertekenen/"), {"fingerprint": documents.document_fingerprint(v2)})
    v2.refresh_from_db()
    assert v2.state == DocumentState.DRAFT  # the employee has not signed this version yet
    documents.document_sign_as_employee(token=send_sign_link(v2, employer_user), signer_name="Sanne de Vries")
    v2.refresh_from_db()
    assert v2.state == DocumentState.FINAL
    assert step(case, "action_plan").completed_on == signed_on
    assert Step.objects.filter(case=case, code="action_plan").count() == 1


def test_a_pending_link_to_a_replaced_version_stops_working(
    client: Client, casemanager: User, employer_user: User, case: AbsenceCase
) -> None:
    v1 = draft_plan(case, casemanager)
    documents.document_sign_as_employer(
        signed_by=employer_user, document=v1, fingerprint=documents.document_fingerprint(v1)
    )
    token = send_sign_link(v1, casemanager)
    documents.document_revise(
        revised_by=casemanager, document=v1, document_date=today(), content={**PLAN_CONTENT, "goal": "Nieuw."}
    )
    assert client.get(f"/werknemer/{token}/").status_code == 404


def test_an_unsigned_draft_changes_in_place_and_its_link_stops_working(
    client: Client, casemanager: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    token = send_sign_link(plan, casemanager)
    same = documents.document_revise(
        revised_by=casemanager, document=plan, document_date=today(), content={**PLAN_CONTENT, "goal": "Nieuw."}
    )
    assert (same.pk, same.version, same.content["goal"]) == (plan.pk, 1, "Nieuw.")
    assert ReintegrationDocument.objects.count() == 1
    assert client.get(f"/werknemer/{token}/").status_code == 404  # the employee never signs a text they were not sent


# --- Reviews and evaluations ------------------------------------------------------------------------------------


def test_reviews_complete_the_open_review_steps_one_after_the_other(
    staff_login: StaffLogin, casemanager: User, employer_user: User, case: AbsenceCase
) -> None:
    signed_plan(case, casemanager, employer_user)
    client = staff_login(casemanager)
    review = {"progress": "Werkt 4 uur per dag.", "changes": "Geen.", "next_steps": "Naar 6 uur per dag."}
    for sequence in (1, 2):
        response = client.post(
            docs_url(case, "nieuw/action_plan_review/"), {"document_date": iso(today()), **review}, follow=True
        )
        assert messages_of(response) == [f"Bijstelling plan van aanpak {sequence} is vastgelegd."]
        done = step(case, "action_plan_review", sequence)
        assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, today(), casemanager)
    assert step(case, "action_plan_review", 3).state == StepState.OPEN
    assert list(
        ReintegrationDocument.objects.filter(part=DocumentPart.ACTION_PLAN_REVIEW).values_list("sequence", flat=True)
    ) == [1, 2]


def test_a_review_before_the_plan_is_signed_is_not_offered_and_refused(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    assert "Bijstelling plan van aanpak opstellen" not in text(client.get(docs_url(case)))
    assert client.get(docs_url(case, "nieuw/action_plan_review/")).status_code == 404
    with pytest.raises(CaseConflict) as refused:
        documents.document_create(
            created_by=casemanager,
            case=case,
            part="action_plan_review",
            document_date=today(),
            content={"progress": "a", "changes": "b", "next_steps": "c"},
        )
    assert refused.value.message == "Een bijstelling volgt op het plan van aanpak, en dat is nog niet ondertekend."
    assert not ReintegrationDocument.objects.exists()


def test_first_year_review_without_track_two_needs_a_concrete_return_with_reason(
    client: Client, employer_user: User, case: AbsenceCase
) -> None:
    client.force_login(employer_user)
    url = docs_url(case, "nieuw/first_year_review/")
    base = {"document_date": iso(today()), "result": "Werkt 50% in eigen werk.", "track": "track_one"}
    response = client.post(url, base)
    assert field_error(response, "id_return_expected") == (
        "Zonder tweede spoor moet een concrete terugkeer binnen 3 maanden verwacht worden."
    )
    assert field_error(response, "id_return_reason") == "Geef de reden waarom het tweede spoor niet wordt ingezet."
    assert not ReintegrationDocument.objects.exists()
    response = client.post(
        url, {**base, "return_expected": "on", "return_reason": "Volledige terugkeer gepland per volgende maand."}
    )
    assert response.status_code == 302
    document = ReintegrationDocument.objects.get()
    assert document.content == {
        "result": "Werkt 50% in eigen werk.",
        "track": "track_one",
        "return_expected": True,
        "return_reason": "Volledige terugkeer gepland per volgende maand.",
    }
    done = step(case, "first_year_review")
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, today(), employer_user)


def test_first_year_review_with_track_two_needs_no_reason(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(
        docs_url(case, "nieuw/first_year_review/"),
        {
            "document_date": iso(today()),
            "result": "Geen terugkeer mogelijk.",
            "track": "track_two",
            "return_reason": "x",
        },
        follow=True,
    )
    assert "Keuze voor het tweede jaar Tweede spoor: werk bij een andere werkgever" in text(response)
    assert ReintegrationDocument.objects.get().content["return_reason"] == ""
    assert step(case, "first_year_review").state == StepState.DONE


def test_final_review_by_the_employer_completes_its_step(
    client: Client, employer_user: User, case: AbsenceCase
) -> None:
    client.force_login(employer_user)
    response = client.post(
        docs_url(case, "nieuw/final_review/"),
        {
            "document_date": iso(today()),
            "result": "Gedeeltelijk hervat.",
            "current_situation": "Werkt 20 uur in aangepast werk.",
            "evaluation": "Alle adviezen zijn opgevolgd.",
        },
    )
    assert response.status_code == 302
    done = step(case, "final_review")
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, today(), employer_user)


def test_current_assessment_by_the_physician_completes_its_step(
    staff_login: StaffLogin, physician: User, case: AbsenceCase
) -> None:
    client = staff_login(physician)
    response = client.post(
        docs_url(case, "nieuw/current_assessment/"),
        {
            "document_date": iso(today()),
            "functional_limitations": "Kan 20 uur zittend werk.",
            "prognosis": "Stabiel.",
            "reintegration_opinion": "Passend.",
        },
    )
    assert response.status_code == 302
    done = step(case, "current_assessment")
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, today(), physician)


def test_the_employee_gives_their_own_view_through_a_link(
    client: Client, mailoutbox: list[Any], employer_user: User, case: AbsenceCase
) -> None:
    client.force_login(employer_user)
    response = client.post(docs_url(case, "visie-werknemer/"), {"visie-email": "sanne@example.nl"}, follow=True)
    assert messages_of(response) == [
        "De link om de eigen visie te geven wordt binnen een minuut per e-mail verstuurd naar sanne@example.nl."
    ]
    mail_send_pending()  # the outbox's beat job
    (message,) = mailoutbox
    assert message.subject == "Uw visie op uw re-integratie"
    token = token_from(message)
    client.logout()
    page = client.get(f"/werknemer/{token}/")
    assert inputs(page).names == {"csrfmiddlewaretoken", "view", "signer_name"}
    assert "06 12345678" not in text(page)
    response = client.post(
        f"/werknemer/{token}/", {"view": "Ik wil graag terug, maar de opbouw gaat te snel.", "signer_name": "Sanne"}
    )
    assert response.status_code == 302
    view = ReintegrationDocument.objects.get(part=DocumentPart.EMPLOYEE_VIEW)
    assert (view.state, view.sequence, view.created_by) == (DocumentState.FINAL, 1, None)
    assert view.content == {"view": "Ik wil graag terug, maar de opbouw gaat te snel.", "employee_name": "Sanne"}
    assert OneTimeLink.objects.get().document == view
    assert client.post(f"/werknemer/{token}/", {"view": "Nog eens.", "signer_name": "Sanne"}).status_code == 404
    assert ReintegrationDocument.objects.count() == 1


# --- The labour expert's report (PDF upload) -------------------------------------------------------------------


def upload(client: Client, case: AbsenceCase, file: SimpleUploadedFile) -> Any:
    return client.post(
        docs_url(case, "nieuw/labour_expert_report/"),
        {"document_date": iso(today()), "author": "Anton Arbeidsdeskundige", "file": file},
    )


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_a_pdf_report_is_stored_outside_the_web_root_and_completes_the_step(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase, media_root: Path
) -> None:
    client = staff_login(casemanager)
    response = upload(client, case, SimpleUploadedFile("Rapport Sanne.PDF", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302
    document = ReintegrationDocument.objects.get()
    (path,) = stored_files(media_root)
    assert path.read_bytes() == PDF_BYTES
    assert path.name == f"{document.pk}.pdf"  # nothing of the uploader's file name on disk
    assert document.content == {"author": "Anton Arbeidsdeskundige", "original_name": "Rapport Sanne.PDF"}
    done = step(case, "labour_expert_assessment")
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, today(), casemanager)
    # No URL serves the media folder.
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"PK\x03\x04 this is a zip file, not a PDF"),
        ("rapport.pdf", b"<html>%PDF-</html>"),
        ("rapport.exe", PDF_BYTES),
        ("rapport", PDF_BYTES),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase, media_root: Path, name: str, content: bytes
) -> None:
    client = staff_login(casemanager)
    response = upload(client, case, SimpleUploadedFile(name, content, "application/pdf"))
    assert response.status_code == 200
    assert field_error(response, "id_file") == "Dit bestand is geen PDF. Upload het rapport als PDF-bestand."
    assert not ReintegrationDocument.objects.exists()
    assert stored_files(media_root) == []
    assert step(case, "labour_expert_assessment").state == StepState.OPEN


def test_a_pdf_over_the_limit_is_refused_and_nothing_is_stored(
    settings: Any, staff_login: StaffLogin, casemanager: User, case: AbsenceCase, media_root: Path
) -> None:
    settings.DOCUMENT_UPLOAD_MAX_MB = 1
    client = staff_login(casemanager)
    too_big = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES) + 1)
    response = upload(client, case, SimpleUploadedFile("rapport.pdf", too_big, "application/pdf"))
    assert field_error(response, "id_file") == "Het bestand is te groot: een rapport mag hoogstens 1 MB zijn."
    assert not ReintegrationDocument.objects.exists()
    assert stored_files(media_root) == []
    just_fits = too_big[:-1]
    assert upload(client, case, SimpleUploadedFile("rapport.pdf", just_fits, "application/pdf")).status_code == 302


def test_a_failing_save_leaves_no_file_behind(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr("cases.documents.services._complete_step", fail)
    with pytest.raises(RuntimeError):
        documents.labour_expert_report_upload(
            uploaded_by=casemanager,
            case=case,
            document_date=today(),
            upload=SimpleUploadedFile("rapport.pdf", PDF_BYTES, "application/pdf"),
        )
    assert not ReintegrationDocument.objects.exists()
    assert stored_files(media_root) == []


def test_the_report_downloads_as_an_attachment_only_for_allowed_roles(
    client: Client,
    staff_login: StaffLogin,
    make_user: MakeUser,
    casemanager: User,
    physician: User,
    employer_user: User,
    other_employer_user: User,
    insurer: User,
    case: AbsenceCase,
) -> None:
    document = documents.labour_expert_report_upload(
        uploaded_by=casemanager,
        case=case,
        document_date=today(),
        upload=SimpleUploadedFile("rapport.pdf", PDF_BYTES, "application/pdf"),
    )
    url = docs_url(case, f"{document.pk}/download/")
    client.force_login(employer_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rapport-arbeidsdeskundige-{today():%Y-%m-%d}-1.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert AuditLog.objects.filter(
        actor=employer_user, action=AuditAction.READ, object_type="reintegration_document", object_id=str(document.pk)
    ).exists()
    for allowed in (casemanager, physician):
        staff_login(allowed)
        assert client.get(url).status_code == 200
    client.force_login(other_employer_user)
    assert client.get(url).status_code == 404
    staff_login(insurer)
    assert client.get(url).status_code == 404
    other_casemanager = make_user(Role.CASEMANAGER)
    staff_login(other_casemanager)
    assert client.get(url).status_code == 404


# --- Who sees what ------------------------------------------------------------------------------------------------


def test_insurer_sees_which_parts_exist_but_not_what_they_say(
    client: Client, staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager, goal="Geheim doel van het plan.")
    staff_login(insurer)
    overview = client.get(docs_url(case))
    assert overview.status_code == 200
    assert "Plan van aanpak" in text(overview)
    assert "Geheim doel" not in text(overview)
    assert docs_url(case, f"{plan.pk}/") not in overview.content.decode()
    assert client.get(docs_url(case, f"{plan.pk}/")).status_code == 404
    assert client.get(docs_url(case, f"{plan.pk}/wijzigen/")).status_code == 404


def test_another_employer_gets_404_on_every_document_page(
    client: Client, other_employer_user: User, casemanager: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    client.force_login(other_employer_user)
    for url in (
        docs_url(case),
        docs_url(case, "nieuw/action_plan/"),
        docs_url(case, f"{plan.pk}/"),
        docs_url(case, f"{plan.pk}/wijzigen/"),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        docs_url(case, f"{plan.pk}/ondertekenen/"),
        docs_url(case, f"{plan.pk}/link/"),
        docs_url(case, "visie-werknemer/"),
    ):
        assert client.post(url, {"email": "a@example.nl", "visie-email": "a@example.nl"}).status_code == 404, url
    assert not DocumentSignature.objects.exists()
    assert not OneTimeLink.objects.exists()


def test_a_document_of_another_case_is_404_under_this_case(
    client: Client, employer_user: User, casemanager: User, case: AbsenceCase
) -> None:
    other_case = make_case(employer=case.employer)
    plan = draft_plan(other_case, casemanager)
    client.force_login(employer_user)
    assert client.get(docs_url(case, f"{plan.pk}/")).status_code == 404
    assert client.get(docs_url(case, "not-a-uuid/")).status_code == 404


def test_reading_a_document_is_audited(
    client: Client, employer_user: User, casemanager: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    client.force_login(employer_user)
    client.get(docs_url(case, f"{plan.pk}/"))
    assert AuditLog.objects.filter(
        actor=employer_user, action=AuditAction.READ, object_type="reintegration_document", object_id=str(plan.pk)
    ).exists()
    assert AuditLog.objects.filter(actor=employer_user, action=AuditAction.READ, object_type="absence_case").exists()


def test_the_case_page_links_to_the_documents(client: Client, employer_user: User, case: AbsenceCase) -> None:
    client.force_login(employer_user)
    html = client.get(f"/verzuim/{case.pk}/").content.decode()
    # The dossier's tab, and the count of the parts on the overview.
    assert f'<li><a href="{docs_url(case)}">Documenten</a></li>' in html
    assert f'<a href="{docs_url(case)}">0 onderdelen van het re-integratieverslag</a>' in html


def test_a_closed_case_takes_no_new_documents(client: Client, employer_user: User, case: AbsenceCase) -> None:
    AbsenceCase.objects.filter(pk=case.pk).update(status="closed", closed_on=today(), close_reason="death")
    client.force_login(employer_user)
    assert client.get(docs_url(case, "nieuw/action_plan/")).status_code == 404
    assert "opstellen" not in text(client.get(docs_url(case)))


def test_employer_cannot_sign_a_plan_changed_after_they_opened_it(
    client: Client, casemanager: User, employer_user: User, case: AbsenceCase
) -> None:
    plan = draft_plan(case, casemanager)
    seen = documents.document_fingerprint(plan)
    plan.content = {**plan.content, "goal": "Een ander doel dan de werkgever las."}
    plan.save(update_fields=["content"])
    client.force_login(employer_user)
    response = client.post(docs_url(case, f"{plan.pk}/ondertekenen/"), {"fingerprint": seen})
    assert response.status_code == 409
    assert "Het plan is gewijzigd nadat u het opende. Lees de nieuwe tekst en onderteken dan opnieuw." in text(response)
    assert not DocumentSignature.objects.exists()
