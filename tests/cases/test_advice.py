"""The advice log: advice by physician or casemanager, follow-up by the employer, overdue highlighted;
and the guarantee pages: who sees them (404 for every other tenant and role)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.absence.models import AbsenceCase
from cases.advice import services as services_advice
from cases.advice.models import Advice, Followup
from tests.cases.factories import employer_user_for, make_case
from tests.factories import SanctionFactory
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Any]


@pytest.fixture
def case() -> AbsenceCase:
    return make_case(days_sick=40)


@pytest.fixture
def casemanager(make_user: MakeUser, case: AbsenceCase) -> User:
    user = make_user(Role.CASEMANAGER)
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=user)
    return user


@pytest.fixture
def physician(make_user: MakeUser, case: AbsenceCase) -> User:
    user = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    case.employer.occupational_physician = user
    case.employer.save()
    return user


def give(by: User, case: AbsenceCase, due_in: int = 14, text: str = "Aangepast werk: halve dagen") -> Advice:
    today = timezone.localdate()
    return services_advice.advice_give(
        given_by=by, case=case, text=text, given_on=today - dt.timedelta(days=20), due_date=today + dt.timedelta(due_in)
    )


def test_employer_cannot_give_advice(case: AbsenceCase) -> None:
    with pytest.raises(PermissionDenied):
        give(employer_user_for(case.employer), case)


def test_physician_cannot_record_a_followup(case: AbsenceCase, physician: User) -> None:
    advice = give(physician, case)
    with pytest.raises(PermissionDenied):
        services_advice.followup_record(recorded_by=physician, advice=advice, status="not_done")


def test_done_followup_needs_a_date(case: AbsenceCase, casemanager: User) -> None:
    advice = give(casemanager, case)
    with pytest.raises(ValidationError) as exc:
        services_advice.followup_record(recorded_by=employer_user_for(case.employer), advice=advice, status="done")
    assert "done_on" in exc.value.message_dict


def test_physician_adds_advice_on_the_case_page_and_it_is_audited(
    case: AbsenceCase, physician: User, client: Any, staff_login: StaffLogin
) -> None:
    staff_login(physician)
    due = (timezone.localdate() + dt.timedelta(days=10)).strftime("%d-%m-%Y")
    response = client.post(f"/verzuim/{case.pk}/adviezen/", {"text": "Start met 2 uur per dag", "due_date": due})
    assert response.status_code == 302
    advice = Advice.objects.get(case=case)
    assert (advice.given_by, advice.text) == (physician, "Start met 2 uur per dag")
    assert AuditLog.objects.filter(object_type="advice", object_id=str(advice.pk), action="create").exists()


def test_employer_records_followup_on_the_page(case: AbsenceCase, casemanager: User, client: Any) -> None:
    advice = give(casemanager, case)
    employer = employer_user_for(case.employer)
    client.force_login(employer)
    done_on = timezone.localdate().strftime("%d-%m-%Y")
    response = client.post(
        f"/verzuim/{case.pk}/adviezen/{advice.pk}/opvolging/",
        {"status": "done", "done_on": done_on, "evidence": "Rooster aangepast"},
    )
    assert response.status_code == 302
    followup = Followup.objects.get(advice=advice)
    assert (followup.status, followup.recorded_by, followup.evidence) == ("done", employer, "Rooster aangepast")


def test_overdue_advice_is_highlighted_and_the_read_is_audited(
    case: AbsenceCase, casemanager: User, client: Any
) -> None:
    give(casemanager, case, due_in=-1, text="Werkplekonderzoek laten doen")
    give(casemanager, case, due_in=5, text="Gesprek over taken")
    employer = employer_user_for(case.employer)
    client.force_login(employer)
    page = client.get(f"/verzuim/{case.pk}/adviezen/").content.decode()
    html = page.split('id="adviezen"')[1].split("</table>")[0]
    assert html.count('class="row-error"') == 1
    assert html.count("Te laat") == 1
    row = html.split('class="row-error"')[1].split("</tr>")[0]
    assert "Werkplekonderzoek laten doen" in row
    assert AuditLog.objects.filter(object_type="advice", action="list", actor=employer).exists()


def test_other_employer_gets_404_for_advice_pages(
    case: AbsenceCase, casemanager: User, other_employer_user: User, client: Any
) -> None:
    advice = give(casemanager, case)
    client.force_login(other_employer_user)
    assert client.get(f"/verzuim/{case.pk}/adviezen/{advice.pk}/opvolging/").status_code == 404
    assert client.post(f"/verzuim/{case.pk}/adviezen/", {"text": "x", "due_date": "01-01-2030"}).status_code == 404


def test_employer_cannot_post_advice_page(case: AbsenceCase, client: Any) -> None:
    client.force_login(employer_user_for(case.employer))
    assert client.post(f"/verzuim/{case.pk}/adviezen/", {"text": "x", "due_date": "01-01-2030"}).status_code == 404
    assert not Advice.objects.exists()


# --- the guarantee page ---------------------------------------------------------------------------------------


@pytest.fixture
def sanction(case: AbsenceCase, make_user: MakeUser) -> Any:
    insurer = make_user(Role.INSURER)
    today = timezone.localdate()
    return SanctionFactory(case=case, recorded_by=insurer, start=today)


def test_insurer_sees_the_evaluation_page_and_decides(
    sanction: Any, make_user: MakeUser, client: Any, staff_login: StaffLogin
) -> None:
    staff_login(make_user(Role.INSURER))
    page = client.get(f"/loonsancties/{sanction.pk}/")
    assert page.status_code == 200
    assert "Beoordeling van het dossier" in page.content.decode()
    response = client.post(f"/loonsancties/{sanction.pk}/", {"approve": "0", "reason": "Niet op tijd"})
    assert response.status_code == 302
    sanction.refresh_from_db()
    assert (sanction.decision, sanction.decision_reason) == ("rejected", "Niet op tijd")


def test_employer_reads_the_evaluation_page_without_the_decision_form(sanction: Any, client: Any) -> None:
    client.force_login(employer_user_for(sanction.case.employer))
    page = client.get(f"/loonsancties/{sanction.pk}/")
    assert page.status_code == 200
    assert "Beslissing vastleggen" not in page.content.decode()
    assert client.post(f"/loonsancties/{sanction.pk}/", {"approve": "1", "reason": "x"}).status_code == 404


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.CASEMANAGER])
def test_physician_and_casemanager_get_404_for_the_sanction_page(
    sanction: Any, make_user: MakeUser, client: Any, staff_login: StaffLogin, role: Role
) -> None:
    user = make_user(role)
    if role == Role.OCCUPATIONAL_PHYSICIAN:
        sanction.case.employer.occupational_physician = user
        sanction.case.employer.save()
    else:
        AbsenceCase.objects.filter(pk=sanction.case.pk).update(casemanager=user)
    staff_login(user)
    assert client.get(f"/verzuim/{sanction.case.pk}/").status_code == 200  # they do see the case
    assert client.get(f"/loonsancties/{sanction.pk}/").status_code == 404


def test_other_employer_gets_404_for_the_sanction_page(sanction: Any, other_employer_user: User, client: Any) -> None:
    client.force_login(other_employer_user)
    assert client.get(f"/loonsancties/{sanction.pk}/").status_code == 404
