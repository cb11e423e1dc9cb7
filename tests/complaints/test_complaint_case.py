"""A portal complaint can name the absence case it is about (issue 21 item 1, "the related case when there is one";
docs/decisions.md item 260): the employer chooses one of its own cases, the desk shows who and since when, with the
casemanager, and Mijn klachten shows it too. No other employer's case, and no case on the public form or the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cases.absence.models import AbsenceCase
from complaints import services
from complaints.models import Complaint
from tests.cases.factories import make_case
from tests.complaints.intake_helpers import valid_input
from tests.factories import EmployeeFactory, UserFactory
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

PORTAL_URL = "/klachten/nieuw/"


@pytest.fixture
def employer_user() -> User:
    return UserFactory(role=Role.EMPLOYER)


def bakker_case(user: User) -> AbsenceCase:
    employee = EmployeeFactory(employer=user.employer, first_name="Pieter", last_name="Bakker")
    return make_case(employee=employee, reported_by=user, first_sick_day=dt.date(2026, 11, 8))


def text(html: str) -> str:
    """The words of a piece of HTML, tags left out and white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ,", ",").replace(" ;", ";")


def portal_post(**overrides: Any) -> dict[str, Any]:
    return {**valid_input(category="casemanager"), **overrides}


def test_the_portal_form_offers_the_employers_own_cases_open_and_closed_within_a_year(
    client: Client, employer_user: User
) -> None:
    own = bakker_case(employer_user)
    old = make_case(employer=employer_user.employer, reported_by=employer_user, days_sick=600)
    AbsenceCase.objects.filter(pk=old.pk).update(
        status="closed", closed_on=timezone.localdate() - dt.timedelta(400), close_reason="recovered"
    )
    other = make_case(employer=UserFactory(role=Role.EMPLOYER).employer)
    client.force_login(employer_user)
    choices = dict(client.get(PORTAL_URL).context["form"].fields["case"].choices)
    assert choices == {"": "Geen bepaald verzuimgeval", str(own.pk): "Pieter Bakker, ziek sinds 08-11-2026"}
    assert str(other.pk) not in choices


def test_a_portal_complaint_about_a_case_stores_it_and_the_desk_shows_who_and_the_casemanager(
    client: Client, employer_user: User, staff_login: Any
) -> None:
    case = bakker_case(employer_user)
    casemanager = UserFactory(role=Role.CASEMANAGER, full_name="Carla Casemanager")
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=casemanager)
    client.force_login(employer_user)
    assert client.post(PORTAL_URL, portal_post(case=str(case.pk))).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.case == case

    mine = text(client.get(f"/mijn-klachten/{complaint.pk}/").content.decode())
    assert "Verzuimgeval Pieter Bakker, ziek sinds 08-11-2026" in mine

    desk = staff_login(UserFactory(role=Role.COMPLAINT_HANDLER)).get(f"/klachtenbalie/{complaint.pk}/")
    found = re.search(r'<dd id="verzuimgeval">(.*?)</dd>', desk.content.decode())
    assert found
    assert text(found[1]) == "Pieter Bakker, ziek sinds 08-11-2026; casemanager: Carla Casemanager"


def test_another_employers_case_is_refused_at_the_field_and_nothing_is_filed(
    client: Client, employer_user: User
) -> None:
    other = make_case(employer=UserFactory(role=Role.EMPLOYER).employer)
    client.force_login(employer_user)
    response = client.post(PORTAL_URL, portal_post(case=str(other.pk)))
    assert response.status_code == 400
    assert response.context["form"].errors["case"] == [
        f"Selecteer een geldige keuze. {other.pk} is geen beschikbare keuze."
    ]
    assert not Complaint.objects.exists()


def test_the_service_refuses_a_case_of_another_employer_or_on_a_public_complaint(employer_user: User) -> None:
    own = bakker_case(employer_user)
    other = make_case(employer=UserFactory(role=Role.EMPLOYER).employer)
    with pytest.raises(ValidationError) as foreign:
        services.complaint_file(channel="portal", submitted_by=employer_user, case=other, **valid_input())
    assert foreign.value.message_dict == {"case": ["Kies een verzuimgeval van uw eigen bedrijf."]}
    with pytest.raises(ValidationError) as public:
        services.complaint_file(channel="public", case=own, **valid_input())
    assert public.value.message_dict == {"case": ["Kies een verzuimgeval van uw eigen bedrijf."]}
    assert not Complaint.objects.exists()


def test_the_public_form_has_no_case_field(client: Client) -> None:
    response = client.get("/klacht-indienen/")
    assert "case" not in response.context["form"].fields
    assert 'name="case"' not in response.content.decode()
