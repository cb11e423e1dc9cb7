"""The dossier redesigned (issue 20 item 2): the header, the sections as pages of their own, the 104 weeks, the
overview, *Afronden* only on the role's own steps, and query counts that do not grow with the dossier."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence import services
from cases.absence.dossier import week_of
from cases.absence.models import AbsenceCase, Step, StepState
from cases.advice import services as services_advice
from cases.contacts import services as services_contacts
from cases.documents import services as documents
from cases.documents.models import DocumentPart
from cases.interventions import services as services_interventions
from cases.medical import services as services_medical
from tests.access_fixtures import PDF_BYTES, PLAN_CONTENT
from tests.cases.factories import make_case, own_arbodienst
from tests.factories import EmployeeFactory
from verzuim.models import AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
SECTIONS = ["", "stappen/", "documenten/", "adviezen/", "interventies/"]


def today() -> dt.date:
    return timezone.localdate()


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


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
    employer.casemanager = casemanager
    employer.occupational_physician = physician
    employer.name = "Bakkerij De Korenschoof"
    employer.save()
    own_arbodienst(employer)
    return employer


def _case(employer: Employer, employer_user: User, casemanager: User, *, days_sick: int, last_name: str) -> AbsenceCase:
    case = make_case(
        employee=EmployeeFactory(employer=employer, first_name="Sanne", last_name=last_name),
        reported_by=employer_user,
        days_sick=days_sick,
    )
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=casemanager)
    case.refresh_from_db()
    return case


def _fill(case: AbsenceCase, casemanager: User, physician: User, *, times: int) -> None:
    """`times` of each: advice, contacts, interventions, documents, functional assessments."""
    for index in range(times):
        services_advice.advice_give(
            given_by=physician,
            case=case,
            text=f"Advies {index}",
            given_on=today() - dt.timedelta(days=10),
            due_date=today() + dt.timedelta(days=index - 2),
        )
        services_contacts.contact_log(
            recorded_by=casemanager,
            case=case,
            contact_date=today() - dt.timedelta(days=index),
            channel="phone",
            party="employee",
            summary=f"Gebeld {index}",
            followup_date=today() + dt.timedelta(days=7),
        )
        services_interventions.intervention_request(
            requested_by=casemanager, case=case, kind="psycholoog", cost=Decimal("1500.00"), advised_by="physician"
        )
        if index == 0:
            documents.document_create(
                created_by=casemanager,
                case=case,
                part=DocumentPart.ACTION_PLAN,
                document_date=today(),
                content=PLAN_CONTENT,
            )
        else:
            documents.labour_expert_report_upload(
                uploaded_by=casemanager,
                case=case,
                document_date=today() - dt.timedelta(days=index),
                upload=SimpleUploadedFile(f"rapport-{index}.pdf", PDF_BYTES, "application/pdf"),
            )
        services_medical.functional_assessment_record(
            physician=physician,
            case=case,
            assessed_on=today() - dt.timedelta(days=index),
            functional_limitations=f"Kan {index} uur per dag werken.",
            expected_duration_days=60,
            incapacity_pct=100,
        )


# --- Header and tabs ----------------------------------------------------------------------------------------------


def test_every_section_shares_the_header_with_the_next_action_and_marks_its_tab(
    client: Client, employer: Employer, employer_user: User, casemanager: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    client.force_login(employer_user)
    action_plan = Step.objects.get(case=case, code="report_to_ohs")
    tabs = ["Overzicht", "Poortwachterstappen", "Documenten", "Adviezen", "Interventies"]
    for section, tab in zip(SECTIONS, tabs, strict=True):
        response = client.get(f"/verzuim/{case.pk}/{section}")
        assert response.status_code == 200, section
        page = text(response)
        assert "Verzuim Sanne de Vries Bakkerij De Korenschoof" in page
        assert "Week Week 3 van 104 (dag 21 van 728)" in page
        assert "Verzuimpercentage 100%" in page
        assert "Status Lopend" in page
        # The earliest open step, what to do, whose it is and by when, with a link to do it (the employer owns it).
        assert (
            f"Volgende stap: Ziekmelding doorgeven aan de arbodienst — Werkgever — uiterlijk "
            f"{action_plan.due_date:%d-%m-%Y}" in page
        )
        html = response.content.decode()
        assert f'<a href="/verzuim/{case.pk}/stappen/report_to_ohs/afronden/">Ziekmelding doorgeven' in html
        assert re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', html) == [
            (f"/verzuim/{case.pk}/{section}", tab)
        ]
        # The employer does not see the contact log, so no tab for it; nor the income conversation.
        assert f"/verzuim/{case.pk}/contactmomenten/" not in html
        assert f'href="/verzuim/{case.pk}/inkomen/"' not in html


def test_the_casemanager_has_the_contact_log_and_income_tabs(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    client = staff_login(casemanager)
    for section in [*SECTIONS, "contactmomenten/", "inkomen/"]:
        html = client.get(f"/verzuim/{case.pk}/{section}").content.decode()
        tabs = re.search(r'<nav class="dossier-tabs"(.*?)</nav>', html, re.S)
        assert tabs is not None, section
        assert re.findall(r"<li><a [^>]*>([^<]+)</a></li>", tabs.group(1)) == [
            "Overzicht",
            "Poortwachterstappen",
            "Documenten",
            "Adviezen",
            "Interventies",
            "Contactmomenten",
            "Berichten",
            "Inkomen",
        ]


def test_week_n_of_104() -> None:
    assert [week_of(day) for day in (0, 1, 7, 8, 14, 15, 728, 900)] == [1, 1, 1, 2, 2, 3, 104, 104]


def test_a_recovered_case_says_so_in_the_header_of_every_section(
    client: Client, employer: Employer, employer_user: User, casemanager: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    back = today() - dt.timedelta(days=2)
    services.case_report_recovery(reported_by=employer_user, case=case, date=back, recovered_pct=100)
    client.force_login(employer_user)
    for section in SECTIONS:
        page = text(client.get(f"/verzuim/{case.pk}/{section}")).replace(" ;", ";")  # text() spaces every element
        assert f"Status Hersteld op {back:%d-%m-%Y}; blijft tot" in page
        assert "Status Lopend" not in page


def test_each_section_read_is_audited(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    client = staff_login(casemanager)
    for section in ["", "stappen/", "adviezen/", "interventies/", "contactmomenten/", "documenten/"]:
        client.get(f"/verzuim/{case.pk}/{section}")
    views = list(
        AuditLog.objects.filter(actor=casemanager, object_type="absence_case", object_id=str(case.pk))
        .order_by("pk")
        .values_list("changes__view", flat=True)
    )
    assert views == ["read", "steps", "advice", "interventions", "contacts", "documents"]


# --- Overview -----------------------------------------------------------------------------------------------------


def test_the_overview_shows_the_104_weeks_the_next_steps_and_counts_without_any_form(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User, physician: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=60, last_name="de Vries")
    _fill(case, casemanager, physician, times=2)
    response = staff_login(casemanager).get(f"/verzuim/{case.pk}/")
    html = response.content.decode()
    page = text(response)
    # The picture, with its milestones as text for screen readers; markers by shape as well as by colour.
    assert '<svg viewBox="-24 0 1048 52" role="img" aria-labelledby="tijdlijn-titel"' in html
    # No text inside the SVG (axe cannot check its contrast; decision 370): the weeks and "nu" are HTML.
    svg = re.search(r'<svg viewBox="-24 .*?</svg>', html, re.DOTALL)
    assert svg
    assert "<text" not in svg.group(0)
    assert '<li class="at-26">wk 26</li>' in html
    assert "nu (week 9)" in page
    assert "Tijdlijn van 104 weken, nu week 9" in page
    assert re.search(r"Week 1: Ziekmelding aan de arbodienst \(Werkgever\), [0-9-]+ ?: Te laat", page)
    assert "tl-marker tl-done" in html
    assert "<polyline" in html
    # Three open steps, then a link to all of them.
    assert len(response.context["next_rows"]) == 3
    assert f'href="/verzuim/{case.pk}/stappen/">Alle stappen (' in html
    assert "Laatst vastgelegd door de bedrijfsarts op" in page
    assert "Kan 0 uur per dag werken." in page
    for count in ("2 adviezen", "2 interventies", "2 contactmomenten"):
        assert count in page
    assert "2 onderdelen van het re-integratieverslag" in page
    # Recent: the newest contacts and documents.
    assert f"{today():%d-%m-%Y} — Telefoon met werknemer" in page
    # The physician's spreekuren: that they are planned, on the overview.
    assert 'id="spreekuren"' in html
    # No form is open on the overview: the forms are behind buttons to their own pages.
    assert "<form" not in html.split("<main", 1)[1]
    for href in ("adviezen/nieuw/", "contactmomenten/nieuw/", "interventies/aanvragen/", "hersteld/"):
        assert f'href="/verzuim/{case.pk}/{href}"' in html


def test_the_forms_have_pages_of_their_own(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User, make_user: MakeUser
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=60, last_name="de Vries")
    client = staff_login(casemanager)
    page = client.get(f"/verzuim/{case.pk}/adviezen/nieuw/")
    assert page.status_code == 200
    assert f'action="/verzuim/{case.pk}/adviezen/nieuw/"' in page.content.decode()
    response = client.post(
        f"/verzuim/{case.pk}/adviezen/nieuw/", {"text": "Halve dagen", "due_date": f"{today():%d-%m-%Y}"}
    )
    assert response.status_code == 302
    assert response.url == f"/verzuim/{case.pk}/adviezen/"
    insurer_client = staff_login(make_user(Role.INSURER))
    for path in ("casemanager/", "loonsancties/"):
        answer = insurer_client.get(f"/verzuim/{case.pk}/{path}")
        assert answer.status_code == 200, path
        assert f'action="/verzuim/{case.pk}/{path}"' in answer.content.decode()


# --- Afronden only on the role's own steps ------------------------------------------------------------------------


def _complete_links(html: str, case: AbsenceCase) -> set[str]:
    return set(re.findall(rf'href="/verzuim/{case.pk}/stappen/([a-z0-9_]+)/afronden/"', html))


def test_the_employer_sees_afronden_only_on_its_own_steps(
    client: Client, employer: Employer, employer_user: User, casemanager: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    client.force_login(employer_user)
    html = client.get(f"/verzuim/{case.pk}/stappen/").content.decode()
    owners = dict(Step.objects.filter(case=case).values_list("code", "owner"))
    linked = _complete_links(html, case)
    assert linked
    assert {owners[code] for code in linked} == {"employer"}
    # The employee's own requests to UWV and the physician's steps have no link for the employer.
    assert not linked & {"early_iva_deadline", "wia_application", "problem_analysis", "current_assessment"}


def test_the_casemanager_completes_for_the_employer_and_the_link_says_so(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    html = staff_login(casemanager).get(f"/verzuim/{case.pk}/stappen/").content.decode()
    linked = _complete_links(html, case)
    assert {"action_plan_review", "wia_application", "report_to_ohs"} <= linked
    assert "problem_analysis" not in linked
    assert "Afronden namens de werkgever<span" in html
    assert "Afronden namens de werknemer<span" in html


@pytest.mark.parametrize("code", ["wia_application", "early_iva_deadline", "problem_analysis"])
def test_the_server_refuses_the_employer_completing_another_partys_step(
    client: Client, employer: Employer, employer_user: User, casemanager: User, code: str
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=20, last_name="de Vries")
    client.force_login(employer_user)
    answer = client.post(
        f"/verzuim/{case.pk}/stappen/{code}/afronden/", {f"{code}-completed_on": f"{today():%Y-%m-%d}"}
    )
    assert answer.status_code == 404
    assert Step.objects.get(case=case, code=code).state == StepState.OPEN
    with pytest.raises(PermissionDenied):
        services.step_complete(completed_by=employer_user, case=case, code=code, completed_on=today())


# --- Query counts -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("section", [*SECTIONS, "contactmomenten/"])
def test_the_dossier_runs_as_many_queries_for_a_long_dossier_as_for_a_short_one(
    staff_login: StaffLogin,
    employer: Employer,
    employer_user: User,
    casemanager: User,
    physician: User,
    section: str,
) -> None:
    short = _case(employer, employer_user, casemanager, days_sick=20, last_name="Kort")
    _fill(short, casemanager, physician, times=1)
    long = _case(employer, employer_user, casemanager, days_sick=600, last_name="Lang")
    _fill(long, casemanager, physician, times=6)
    # Each plan review done makes the next one: a long dossier has many steps.
    for index in range(8):
        done_on = long.first_sick_day + dt.timedelta(days=60 + 42 * index)
        services.step_complete(completed_by=casemanager, case=long, code="action_plan_review", completed_on=done_on)
    assert Step.objects.filter(case=long).count() > Step.objects.filter(case=short).count() + 5
    client = staff_login(casemanager)
    client.get(f"/verzuim/{short.pk}/{section}")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/verzuim/{short.pk}/{section}").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/verzuim/{long.pk}/{section}").status_code == 200
    sql = "\n".join(query["sql"][:300] for query in many.captured_queries)
    assert len(many.captured_queries) == len(few.captured_queries), sql


def test_a_plan_waiting_for_the_employers_signature_is_the_next_step_to_sign(
    client: Client, employer: Employer, employer_user: User, casemanager: User, physician: User
) -> None:
    case = _case(employer, employer_user, casemanager, days_sick=30, last_name="Bakker")
    services.step_complete(completed_by=employer_user, case=case, code="report_to_ohs", completed_on=today())
    services.case_assign_casemanager(case=case, reason="Vaste casemanager", casemanager=casemanager)
    services.step_complete(completed_by=physician, case=case, code="problem_analysis", completed_on=today())
    client.force_login(employer_user)
    plan_step = Step.objects.filter(case=case, state=StepState.OPEN).order_by("due_date").first()
    assert plan_step is not None
    assert plan_step.code == "action_plan"
    # Before the plan is written, the employer's step is to write it (with the casemanager).
    page = text(client.get(f"/verzuim/{case.pk}/"))
    assert f"Volgende stap: Plan van aanpak opstellen — Werkgever — uiterlijk {plan_step.due_date:%d-%m-%Y}" in page
    # Once the casemanager drafted it, the step is to sign it, and the header links to the plan.
    plan = documents.document_create(
        created_by=casemanager, case=case, part=DocumentPart.ACTION_PLAN, document_date=today(), content=PLAN_CONTENT
    )
    response = client.get(f"/verzuim/{case.pk}/")
    assert f"Volgende stap: Plan van aanpak ondertekenen — Werkgever — uiterlijk {plan_step.due_date:%d-%m-%Y}" in text(
        response
    )
    assert f'<a href="/verzuim/{case.pk}/documenten/{plan.pk}/">Plan van aanpak ondertekenen</a>' in (
        response.content.decode()
    )
