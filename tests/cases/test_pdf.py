"""The re-integration report and the 42nd-week worksheet (cases.dossier.pdf): rendered for real by WeasyPrint and read
back with pypdf; never any medical data; only the roles that work with the employee may download them."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase
from cases.documents.models import (
    DocumentPart,
    DocumentSignature,
    DocumentState,
    ReintegrationDocument,
    SignerRole,
)
from cases.dossier import pdf
from cases.medical import services as services_medical
from cases.medical.models import MedicalNote
from tests.cases.test_check import Team, add_document, day, make_team, reviewed_case, start_case
from tests.factories import EmployerFactory
from verzuim.models import AuditLog, Role, User
from verzuim.pdf import RenderedDocument, render_document

ApiAs = Callable[[User], APIClient]

# Text that may only ever live in the medical compartment; it must never reach a report.
MEDICAL_MARKER = "MEDISCHGEHEIM-7f3a9c"
PART_TITLES = [str(part.label) for part in DocumentPart]


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """pypdf breaks lines where the layout does: compare with single spaces."""
    return re.sub(r"\s+", " ", text)


def dossier(team: Team) -> AbsenceCase:
    """The acceptance case (problem analysis, plan, two reviews) with its documents and a medical note."""
    case = reviewed_case(team)
    add_document(
        case,
        DocumentPart.PROBLEM_ANALYSIS,
        day(37),
        content={
            "functional_limitations": "Kan vier uur per dag zittend werk doen.",
            "prognosis": "Herstel binnen drie maanden verwacht.",
            "advice": "Opbouw in eigen werk, eerst administratieve taken.",
        },
    )
    plan = add_document(
        case,
        DocumentPart.ACTION_PLAN,
        day(51),
        requires_signatures=True,
        content={
            "goal_kind": "adapted_work",
            "goal": "Terug in aangepast eigen werk bij de bakkerij.",
            "activities": [
                {"what": "Werkplekonderzoek laten doen", "owner": "employer", "date": "2024-03-01"},
                {"what": "Uren opbouwen naar 24 per week", "owner": "employee", "date": "2024-04-15"},
            ],
            "contact_agreements": "Elke twee weken een belafspraak op maandag.",
            "casemanager": "Carla Casemanager",
            "physician_advice": "Opbouw in eigen werk, eerst administratieve taken.",
        },
    )
    tz = timezone.get_current_timezone()
    DocumentSignature.objects.create(
        document=plan,
        signer_role=SignerRole.EMPLOYER,
        signer_name="Wim Werkgever",
        user=team.employer_user,
        signed_at=dt.datetime(2024, 2, 19, 10, 15, tzinfo=tz),
    )
    DocumentSignature.objects.create(
        document=plan,
        signer_role=SignerRole.EMPLOYEE,
        signer_name="Ruud Verslagman",
        signed_at=dt.datetime(2024, 2, 20, 16, 40, tzinfo=tz),
    )
    add_document(
        case,
        DocumentPart.ACTION_PLAN_REVIEW,
        day(89),
        content={"progress": "Werkt 12 uur per week.", "changes": "Geen.", "next_steps": "Naar 16 uur."},
    )
    add_document(
        case,
        DocumentPart.ACTION_PLAN_REVIEW,
        day(129),
        sequence=2,
        content={"progress": "Werkt 16 uur per week.", "changes": "Extra taak.", "next_steps": "Naar 24 uur."},
    )
    MedicalNote.objects.create(
        case=case,
        physician=team.physician,
        consulted_on=day(30),
        consultation_note=f"Consult {MEDICAL_MARKER}",
        diagnosis=f"Diagnose {MEDICAL_MARKER}",
        specialist_information=f"Specialist {MEDICAL_MARKER}",
    )
    return case


@pytest.fixture
def team(db: Any) -> Team:
    return make_team()


@pytest.fixture
def report(team: Team) -> tuple[AbsenceCase, RenderedDocument]:
    case = dossier(team)
    return case, pdf.reintegration_report_render(case=case, generated_by=team.casemanager, today=dt.date(2024, 6, 20))


# --- What the report says ----------------------------------------------------------------------------------------


def test_report_has_the_employee_every_part_title_and_the_dates(report: tuple[AbsenceCase, Any]) -> None:
    case, rendered = report
    _reader, text = pdf_text(rendered.pdf)
    text = flat(text)
    assert "Ruud Verslagman" in text
    for title in PART_TITLES:
        assert title in text, title
    # Cover: employer and employee data and the first sick day.
    employer = case.employer
    for value in (employer.name, employer.kvk_number, employer.payroll_tax_number, "15-06-1985", "01-01-2020"):
        assert value in text, value
    assert "Eerste ziektedag 01-01-2024" in text
    assert "Casemanager Carla Casemanager" in text
    # The chronological overview: periods, and the steps with their dates.
    assert "Ziekteperiodes Eerste ziektedag Laatste ziektedag 01-01-2024 nog ziek" in text
    assert "08-05-2024 Bijstelling plan van aanpak 2 afgerond" in text
    # Every part's due date and the date of each document. The plan is due two weeks after the analysis of day 37
    # (Regeling procesgang art. 4 lid 1): 20-02-2024, no longer week 8 (25-02-2024).
    for value in ("11-02-2024", "20-02-2024", "02-04-2024", "10-05-2024", "19-06-2024", "29-12-2024", "28-09-2025"):
        assert value in text, value
    for value in ("06-02-2024", "20-02-2024", "29-03-2024", "08-05-2024"):
        assert value in text, value


def test_report_prints_the_content_under_its_headings_and_who_signed_the_plan_when(
    report: tuple[AbsenceCase, Any],
) -> None:
    _case, rendered = report
    text = flat(pdf_text(rendered.pdf)[1])
    assert "Doel van de re-integratie Terugkeer in aangepast eigen werk" in text
    assert "Werkplekonderzoek laten doen Werkgever 01-03-2024" in text
    assert "Werkt 16 uur per week." in text
    assert "Werkgever Wim Werkgever 19-02-2024 10:15" in text
    assert "Werknemer Ruud Verslagman 20-02-2024 16:40" in text


def test_report_carries_the_check_result(report: tuple[AbsenceCase, Any]) -> None:
    _case, rendered = report
    text = flat(pdf_text(rendered.pdf)[1])
    assert "1 onderdeel ontbreekt of is te laat" in text
    assert "Bijstelling plan van aanpak 3: ontbreekt (uiterlijk 19-06-2024)" in text
    assert "Bijstelling plan van aanpak 2 10-05-2024 08-05-2024 Aanwezig" in text


def test_report_never_holds_medical_compartment_data(team: Team) -> None:
    case = dossier(team)
    with CaptureQueriesContext(connection) as queries:
        rendered = pdf.reintegration_report_render(case=case, generated_by=team.physician, today=dt.date(2024, 6, 20))
    assert MEDICAL_MARKER not in rendered.html
    assert MEDICAL_MARKER not in pdf_text(rendered.pdf)[1]
    assert not [q["sql"] for q in queries.captured_queries if "medicalnote" in q["sql"].lower()]


def test_report_data_takes_the_same_number_of_queries_however_many_documents(team: Team) -> None:
    case = dossier(team)

    def queries() -> int:
        fresh = AbsenceCase.objects.select_related("employee", "employer", "casemanager").get(pk=case.pk)
        with CaptureQueriesContext(connection) as captured:
            pdf.reintegration_report_data(case=fresh, generated_by=team.casemanager, today=dt.date(2024, 6, 20))
        return len(captured.captured_queries)

    few = queries()
    for sequence in (3, 4, 5):
        add_document(case, DocumentPart.ACTION_PLAN_REVIEW, day(130), sequence=sequence, content={"progress": "x"})
    add_document(case, DocumentPart.FIRST_YEAR_REVIEW, day(300), content={"result": "y"})
    assert queries() == few


def test_pages_are_numbered_page_x_of_y(report: tuple[AbsenceCase, Any]) -> None:
    _case, rendered = report
    reader, _text = pdf_text(rendered.pdf)
    total = len(reader.pages)
    assert total > 3
    for number in (1, total):
        assert f"pagina {number} van {total}" in reader.pages[number - 1].extract_text()


def test_report_is_a_tagged_pdf_ua_1_in_dutch(report: tuple[AbsenceCase, Any]) -> None:
    _case, rendered = report
    assert rendered.variant == "pdf/ua-1"
    reader, _text = pdf_text(rendered.pdf)
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert reader.metadata is not None
    assert reader.metadata.title == "Re-integratieverslag Ruud Verslagman"


def test_a_variant_weasyprint_cannot_make_falls_back_to_a_plain_pdf() -> None:
    rendered = render_document(
        template_name="pdf/week42_worksheet.html", context={"sheet": None}, variant="pdf/bestaat-niet"
    )
    assert rendered.variant == ""
    assert rendered.pdf.startswith(b"%PDF-")
    assert "Werkblad 42e-weeksmelding" in pdf_text(rendered.pdf)[1]


def test_report_shows_the_signed_plan_while_its_changed_version_waits_for_signatures(team: Team) -> None:
    case = dossier(team)
    plan = case.documents.get(part=DocumentPart.ACTION_PLAN)
    plan.state = DocumentState.SUPERSEDED
    plan.save(update_fields=["state"])
    ReintegrationDocument.objects.create(
        case=case,
        part=DocumentPart.ACTION_PLAN,
        version=2,
        state=DocumentState.DRAFT,
        requires_signatures=True,
        document_date=day(160),
        content={"goal": "Nieuw doel nog niet ondertekend."},
    )
    rendered = pdf.reintegration_report_render(case=case, generated_by=team.casemanager, today=dt.date(2024, 6, 20))
    text = flat(pdf_text(rendered.pdf)[1])
    assert "Terug in aangepast eigen werk bij de bakkerij." in text
    assert "Nieuw doel nog niet ondertekend." not in text
    assert "Er is een nieuwere versie (versie 2) die nog niet definitief of ondertekend is" in text


def test_the_employee_view_and_a_draft_that_is_not_final(team: Team) -> None:
    case = dossier(team)
    add_document(
        case,
        DocumentPart.FINAL_REVIEW,
        day(630),
        state=DocumentState.DRAFT,
        finalised_at=None,
        content={"result": "Concepttekst eindevaluatie."},
    )
    add_document(case, DocumentPart.EMPLOYEE_VIEW, day(632), content={"view": "Ik voel mij goed geholpen."})
    rendered = pdf.reintegration_report_render(case=case, generated_by=team.casemanager, today=dt.date(2024, 6, 20))
    text = flat(pdf_text(rendered.pdf)[1])
    assert "Ik voel mij goed geholpen." in text
    assert "Concepttekst eindevaluatie." not in text


# --- The 42nd-week worksheet -------------------------------------------------------------------------------------


def test_week42_worksheet_is_one_page_with_what_uwv_asks(team: Team) -> None:
    case = start_case(team)
    employer = case.employer
    employer.street, employer.postcode = "Bakkerstraat 12", "3511 AB"
    employer.save()
    rendered = pdf.week42_worksheet_render(case=case, generated_by=team.employer_user, today=day(280))
    reader, text = pdf_text(rendered.pdf)
    text = flat(text)
    assert len(reader.pages) == 1
    assert rendered.variant == "pdf/ua-1"
    # Day 294 is Sunday 2024-10-20: the notice is due on the first working day after it.
    assert "Melden uiterlijk op 21-10-2024" in text
    for value in (employer.name, employer.payroll_tax_number, "Bakkerstraat 12", "3511 AB Utrecht", "Ruud Verslagman"):
        assert value in text, value
    assert "Eerste ziektedag 01-01-2024" in text
    assert "Het portaal slaat geen BSN op" in text
    assert "Vangnet Ziektewet nee" in text
    assert "Verwachte werkhervatting onbekend" in text


def test_week42_worksheet_takes_the_expected_duration_of_the_physician(team: Team) -> None:
    case = start_case(team)
    services_medical.functional_assessment_record(
        physician=team.physician,
        case=case,
        assessed_on=day(200),
        functional_limitations="Geen tillen.",
        expected_duration_days=60,
        incapacity_pct=50,
        today=day(200),
    )
    text = flat(
        pdf_text(pdf.week42_worksheet_render(case=case, generated_by=team.employer_user, today=day(280)).pdf)[1]
    )
    assert "verwachte duur 60 dagen (volgens de bedrijfsarts op 18-07-2024)" in text


# --- Who may download ----------------------------------------------------------------------------------------------


def _recent_case(team: Team) -> AbsenceCase:
    return start_case(team, timezone.localdate() - dt.timedelta(days=60))


@pytest.mark.parametrize("who", ["employer_user", "casemanager", "physician"])
def test_api_report_for_the_roles_that_work_with_the_employee(api_as: ApiAs, team: Team, who: str) -> None:
    case = _recent_case(team)
    user = getattr(team, who)
    response = api_as(user).get(f"/api/v1/absences/{case.pk}/reintegration-report.pdf", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="re-integratieverslag-ruud-verslagman-')
    assert response["Cache-Control"] == "private, no-store"
    assert "Ruud Verslagman" in pdf_text(response.content)[1]
    audit = AuditLog.objects.filter(actor=user, object_id=str(case.pk)).latest("at")
    assert audit.changes == {"view": "reintegration_report_pdf"}


@pytest.mark.parametrize("role", [Role.INSURER, Role.ADMIN, Role.COMPLAINT_HANDLER])
def test_api_report_is_404_for_roles_that_may_not_read_plan_contents(
    api_as: ApiAs, team: Team, make_user: Any, role: Role
) -> None:
    case = _recent_case(team)
    response = api_as(make_user(role)).get(f"/api/v1/absences/{case.pk}/reintegration-report.pdf")
    assert response.status_code == 404
    assert response.json() == {"message": "Niet gevonden.", "code": "not_found", "fields": {}}


def test_api_report_of_another_employers_case_is_404_even_asking_for_a_pdf(
    api_as: ApiAs, team: Team, make_user: Any
) -> None:
    case = _recent_case(team)
    stranger = make_user(Role.EMPLOYER, employer=EmployerFactory())
    response = api_as(stranger).get(
        f"/api/v1/absences/{case.pk}/reintegration-report.pdf", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert not AuditLog.objects.filter(actor=stranger, object_id=str(case.pk)).exists()


def test_report_page_downloads_for_the_employer(client: Client, team: Team) -> None:
    case = _recent_case(team)
    client.force_login(team.employer_user)
    response = client.get(f"/verzuim/{case.pk}/re-integratieverslag.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_worksheet_page_downloads_for_the_employer(client: Client, team: Team) -> None:
    case = _recent_case(team)
    client.force_login(team.employer_user)
    response = client.get(f"/verzuim/{case.pk}/42e-weeksmelding.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="42e-weeksmelding-ruud-verslagman-')
    assert "Werkblad 42e-weeksmelding" in pdf_text(response.content)[1]


@pytest.mark.parametrize("path", ["re-integratieverslag.pdf", "42e-weeksmelding.pdf"])
def test_report_pages_are_404_for_insurer_staff(
    staff_login: Callable[[User], Client], team: Team, make_user: Any, path: str
) -> None:
    case = _recent_case(team)
    client = staff_login(make_user(Role.INSURER))
    assert client.get(f"/verzuim/{case.pk}/{path}").status_code == 404


def test_report_pages_are_404_for_another_employer(client: Client, team: Team, make_user: Any) -> None:
    case = _recent_case(team)
    client.force_login(make_user(Role.EMPLOYER, employer=EmployerFactory()))
    assert client.get(f"/verzuim/{case.pk}/re-integratieverslag.pdf").status_code == 404
    assert client.get(f"/verzuim/{case.pk}/42e-weeksmelding.pdf").status_code == 404
