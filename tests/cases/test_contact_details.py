"""Bereikbaarheid tijdens ziekte: the employer keeps the phone number and the care address of a sick employee
current on a page of its own; a case without a phone number is the employer's task ("missing data", issue 20
item 1) until it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from cases.absence import poortwachter, services
from cases.absence.models import AbsenceCase, CaseStatus, CloseReason, Step
from tests.cases.factories import employer_user_for, make_case
from tests.factories import EmployerFactory
from verzuim.models import AuditLog, Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
ACTION = "Telefoonnummer tijdens ziekte doorgeven"


def url(case: AbsenceCase) -> str:
    return f"/verzuim/{case.pk}/bereikbaarheid/"


def phone_tasks(user: User) -> list[Any]:
    return [t for t in tasks_for(user, timezone.localdate()) if t.action == ACTION]


def test_a_case_without_a_phone_number_is_the_employers_task_due_with_the_report_to_the_arbodienst() -> None:
    case = make_case(days_sick=2)
    make_case(employer=case.employer, days_sick=2, phone="06 12345678")  # reachable: no task
    make_case(days_sick=2)  # another employer's case
    employer_user = employer_user_for(case.employer)

    [task] = phone_tasks(employer_user)

    report = Step.objects.get(case=case, code=poortwachter.REPORT_TO_OHS)
    assert (task.subject, task.due, task.url) == (case.employee.full_name, report.due_date, url(case))


def test_the_employer_gives_the_number_on_its_page_and_the_task_is_gone(client: Client) -> None:
    case = make_case(days_sick=2)
    employer_user = employer_user_for(case.employer)
    client.force_login(employer_user)
    assert client.get(url(case)).status_code == 200

    response = client.post(url(case), {"phone": "06 12345678", "care_address": "Zorghotel De Linde, Utrecht"})

    assert response.status_code == 302
    assert response["Location"] == f"/verzuim/{case.pk}/"
    case.refresh_from_db()
    assert (case.phone, case.care_address) == ("06 12345678", "Zorghotel De Linde, Utrecht")
    assert phone_tasks(employer_user) == []
    changes = AuditLog.objects.filter(object_type="absence_case", object_id=str(case.pk), action="update").values_list(
        "changes", flat=True
    )
    assert {"contact_details": ["phone", "care_address"]} in list(changes)  # which fields, never their values


def test_a_wrong_number_is_refused_at_the_field_in_dutch_and_nothing_is_saved(client: Client) -> None:
    case = make_case(days_sick=2, care_address="Thuis")
    client.force_login(employer_user_for(case.employer))

    response = client.post(url(case), {"phone": "bel me maar", "care_address": "Elders"})

    assert response.status_code == 200
    assert "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678." in response.content.decode()
    case.refresh_from_db()
    assert (case.phone, case.care_address) == ("", "Thuis")


def test_a_field_the_form_does_not_have_is_refused_whole(client: Client) -> None:
    case = make_case(days_sick=2)
    client.force_login(employer_user_for(case.employer))

    response = client.post(url(case), {"phone": "06 12345678", "care_address": "", "diagnosis": "griep"})

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.phone == ""


def test_the_casemanager_may_correct_it_other_roles_may_not(make_user: MakeUser) -> None:
    case = make_case(days_sick=2)
    casemanager = make_user(Role.CASEMANAGER)
    services.case_contact_details_update(updated_by=casemanager, case=case, phone="0301234567", care_address="")
    assert AbsenceCase.objects.get(pk=case.pk).phone == "0301234567"
    for role in (Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.COMPLAINT_HANDLER):
        with pytest.raises(PermissionDenied):
            services.case_contact_details_update(
                updated_by=make_user(role), case=case, phone="0612345678", care_address=""
            )


def test_a_closed_case_keeps_its_details(make_user: MakeUser) -> None:
    case = make_case(days_sick=40)
    AbsenceCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate(), close_reason=CloseReason.RECOVERED
    )
    with pytest.raises(ValidationError):
        services.case_contact_details_update(
            updated_by=employer_user_for(case.employer), case=case, phone="0612345678", care_address=""
        )
    assert phone_tasks(employer_user_for(case.employer)) == []


def test_the_page_is_not_there_for_another_employer(client: Client) -> None:
    case = make_case(days_sick=2)
    client.force_login(employer_user_for(EmployerFactory()))
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), {"phone": "0612345678", "care_address": ""}).status_code == 404
    assert AbsenceCase.objects.get(pk=case.pk).phone == ""


def test_a_sickness_reported_late_gets_the_day_of_the_report_not_an_overdue_date() -> None:
    case = make_case(days_sick=12)
    [task] = phone_tasks(employer_user_for(case.employer))
    assert task.due == timezone.localdate()


def test_the_first_week_without_a_number_is_not_yet_overdue() -> None:
    case = make_case(days_sick=0)
    [task] = phone_tasks(employer_user_for(case.employer))
    assert task.due is not None
    assert task.due >= timezone.localdate() + dt.timedelta(days=1)


def test_the_dossier_links_to_the_page_for_employer_and_casemanager_only(
    client: Client, staff_login: StaffLogin, make_user: MakeUser
) -> None:
    case = make_case(days_sick=2)
    client.force_login(employer_user_for(case.employer))
    assert url(case) in client.get(f"/verzuim/{case.pk}/").content.decode()
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    case.employer.occupational_physician = physician
    case.employer.save()
    assert url(case) not in staff_login(physician).get(f"/verzuim/{case.pk}/").content.decode()
