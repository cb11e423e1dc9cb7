"""The medical compartment is the physician's alone: every other role gets 404 in the API and the admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from cases.absence import services
from cases.absence.models import AbsenceCase
from cases.medical import services as services_medical
from cases.medical.models import FunctionalAssessment, MedicalNote
from tests.factories import EmployeeFactory, UserFactory
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

NOTE = {"consulted_on": "2026-11-10", "consultation_note": "Spreekuur: klachten besproken.", "diagnosis": "Z73.0"}


@pytest.fixture
def physician(make_user: Callable[..., User]) -> User:
    return make_user(Role.OCCUPATIONAL_PHYSICIAN)


@pytest.fixture
def case(employer_user: User, physician: User) -> AbsenceCase:
    employer = employer_user.employer
    employer.occupational_physician = physician
    employer.save()
    employee = EmployeeFactory(employer=employer)
    case, _ = services.case_report_sickness(
        reported_by=employer_user, employee=employee, first_sick_day=dt.date(2026, 11, 2)
    )
    return case


def client_for(user: User) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_physician_of_the_employer_writes_and_reads_notes(case: AbsenceCase, physician: User) -> None:
    client = client_for(physician)
    created = client.post(f"/api/v1/absences/{case.pk}/medical-notes/", NOTE, format="json")
    assert created.status_code == 201, created.json()
    rows = client.get(f"/api/v1/absences/{case.pk}/medical-notes/").json()
    assert [row["diagnosis"] for row in rows] == ["Z73.0"]


@pytest.mark.parametrize(
    "role", [Role.EMPLOYER, Role.CASEMANAGER, Role.INSURER, Role.COMPLAINT_HANDLER, Role.ADMIN, "other_physician"]
)
def test_every_other_role_gets_404_on_the_medical_notes(
    case: AbsenceCase, physician: User, employer_user: User, make_user: Callable[..., User], role: str
) -> None:
    services_medical.medical_note_add(
        physician=physician, case=case, consulted_on=dt.date(2026, 11, 10), consultation_note="Vertrouwelijk"
    )
    if role == Role.EMPLOYER:
        user = employer_user
    elif role == "other_physician":
        user = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    else:
        user = make_user(role)
        if role == Role.CASEMANAGER:
            case.casemanager = user
            case.save()
    client = client_for(user)
    assert client.get(f"/api/v1/absences/{case.pk}/medical-notes/").status_code == 404
    assert client.post(f"/api/v1/absences/{case.pk}/medical-notes/", NOTE, format="json").status_code == 404
    assert MedicalNote.objects.count() == 1


def test_the_medical_compartment_is_not_in_the_admin(client: Any, staff_login: Callable[[User], Any]) -> None:
    staff_login(UserFactory(role=Role.ADMIN))
    assert client.get("/admin/cases/medicalnote/").status_code == 404
    assert client.get("/admin/").status_code == 200


def test_only_the_four_permitted_things_flow_to_the_dossier(
    case: AbsenceCase, physician: User, employer_user: User
) -> None:
    client_for(physician).post(
        f"/api/v1/absences/{case.pk}/functional-assessments/",
        {
            "assessed_on": "2026-11-10",
            "functional_limitations": "Geen tillen boven 10 kg; zittend werk kan.",
            "expected_duration_days": 42,
            "incapacity_pct": 50,
            "workplace_adjustments": "Sta-zitbureau.",
        },
        format="json",
    )
    rows = client_for(employer_user).get(f"/api/v1/absences/{case.pk}/functional-assessments/").json()
    assert len(rows) == 1
    assert set(rows[0]) == {
        "id",
        "assessed_on",
        "functional_limitations",
        "expected_duration_days",
        "incapacity_pct",
        "workplace_adjustments",
        "long_absence_threatens",
    }


def test_employer_cannot_write_a_functional_assessment(case: AbsenceCase, employer_user: User) -> None:
    response = client_for(employer_user).post(
        f"/api/v1/absences/{case.pk}/functional-assessments/",
        {"assessed_on": "2026-11-10", "functional_limitations": "x", "incapacity_pct": 10},
        format="json",
    )
    assert response.status_code == 403
    assert not FunctionalAssessment.objects.exists()


def test_physician_flag_gets_the_case_a_casemanager(
    case: AbsenceCase, physician: User, make_user: Callable[..., User]
) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    response = client_for(physician).post(
        f"/api/v1/absences/{case.pk}/functional-assessments/",
        {
            "assessed_on": "2026-11-10",
            "functional_limitations": "Voorlopig geen werk.",
            "incapacity_pct": 100,
            "long_absence_threatens": True,
        },
        format="json",
    )
    assert response.status_code == 201
    case.refresh_from_db()
    assert case.casemanager == casemanager


def test_insurer_staff_see_the_figures_of_an_assessment_not_its_text(
    case: AbsenceCase, physician: User, make_user: Callable[..., User]
) -> None:
    services_medical.functional_assessment_record(
        physician=physician,
        case=case,
        assessed_on=dt.date(2026, 11, 10),
        functional_limitations="Geen tillen.",
        incapacity_pct=50,
        expected_duration_days=42,
    )
    rows = client_for(make_user(Role.INSURER)).get(f"/api/v1/absences/{case.pk}/functional-assessments/").json()
    assert rows == [
        {
            "id": rows[0]["id"],
            "assessed_on": "2026-11-10",
            "expected_duration_days": 42,
            "incapacity_pct": 50,
            "long_absence_threatens": False,
        }
    ]
