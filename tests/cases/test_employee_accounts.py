"""Employee accounts (issue 22, item 1): the employer user or the casemanager invites the employee of a case; the
employee sets a password through a one-time link (only its hash stored, single use, expiring) and then sees only
their own cases. Lock-out and password reset work as for every user."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase
from tests.cases.factories import employer_user_for, make_case
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, confirmed_totp_device
from verzuim import password_reset
from verzuim.employee_accounts import INVITATION_VALID_DAYS, invitation_token_hash
from verzuim.mail import mail_send_pending
from verzuim.models import AuditLog, Employee, EmployeeInvitation, OutgoingMail, Role, User

pytestmark = pytest.mark.django_db

BASE = "https://portaal.example.nl"
PASSWORD = "een-lang-nieuw-wachtwoord-7"
LINK = re.compile(re.escape(BASE) + r"(/werknemer/account/[^/\s\"]+/)")


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = BASE
    cache.clear()


@pytest.fixture
def casemanager() -> User:
    user = cast(User, UserFactory(role=Role.CASEMANAGER, full_name="Carla Casemanager"))
    confirmed_totp_device(user)
    return user


@pytest.fixture
def case(casemanager: User) -> AbsenceCase:
    employer = EmployerFactory(casemanager=casemanager)
    employee = EmployeeFactory(employer=employer, first_name="Eva", last_name="Zieker")
    return make_case(employee=employee, days_sick=10, phone="0612345678")


def api(user: User) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def invite_url(case: AbsenceCase) -> str:
    return f"/api/v1/absences/{case.pk}/employee-invitation/"


def sent_link() -> str:
    """Send the outbox and return the path of the one invitation link in the mail."""
    assert mail_send_pending() >= 1
    match = LINK.search(mail.outbox[-1].body)
    assert match is not None, mail.outbox[-1].body
    return match.group(1)


def activate(client: Client, path: str) -> Any:
    return client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})


# --- Inviting ------------------------------------------------------------------------------------------------------


def test_the_employer_user_invites_through_the_api_and_the_mail_holds_only_the_link(case: AbsenceCase) -> None:
    response = api(employer_user_for(case.employer)).post(invite_url(case), {"email": "eva@prive.nl"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["email"] == "eva@prive.nl"
    account = User.objects.get(email="eva@prive.nl")
    assert (account.role, account.employee_id, account.is_active) == (Role.EMPLOYEE, case.employee_id, False)
    assert not account.has_usable_password()
    assert OutgoingMail.objects.filter(kind="employee_invitation", to="eva@prive.nl").count() == 1
    path = sent_link()
    message = mail.outbox[-1]
    assert message.to == ["eva@prive.nl"]
    html = str(message.alternatives[0][0]) if message.alternatives else ""
    for text in (message.subject, message.body, html):
        # Nothing of the case: not the employee's name, the employer, the first sick day, the case id.
        for secret in ("Zieker", "Eva", case.employer.name, str(case.pk), case.first_sick_day.strftime("%d-%m-%Y")):
            assert secret not in text
    # Only the hash of the token in the mail is stored.
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = EmployeeInvitation.objects.get()
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in str(EmployeeInvitation.objects.values().get())
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=INVITATION_VALID_DAYS)
    assert AuditLog.objects.filter(object_type="employee_invitation", object_id=str(invitation.pk)).exists()


def test_the_casemanager_invites_on_the_page(client: Client, casemanager: User, case: AbsenceCase) -> None:
    from tests.conftest import current_totp

    client.force_login(casemanager)
    device = casemanager.totpdevice_set.get()
    client.post("/account/tweestapsverificatie/", {"token": current_totp(device)})
    page = f"/verzuim/{case.pk}/werknemer-uitnodigen/"
    assert client.get(f"/verzuim/{case.pk}/").content.decode().count(page) == 1  # linked from the dossier
    assert client.get(page).status_code == 200

    response = client.post(page, {"email": "Eva@Werk.example.nl"})

    assert response.status_code == 302
    assert User.objects.get(email="eva@werk.example.nl").employee_id == case.employee_id


def test_the_employer_user_invites_on_the_page_and_the_casemanager_through_the_api(
    client: Client, casemanager: User, case: AbsenceCase
) -> None:
    client.force_login(employer_user_for(case.employer))
    page = f"/verzuim/{case.pk}/werknemer-uitnodigen/"
    refused = client.post(page, {"email": "geen-adres"})
    assert refused.status_code == 200
    assert not OutgoingMail.objects.exists()
    assert client.post(page, {"email": "eva@prive.nl"}).status_code == 302
    assert OutgoingMail.objects.filter(to="eva@prive.nl").count() == 1

    response = api(casemanager).post(invite_url(case), {"email": "eva@werk.example.nl"}, format="json")
    assert response.status_code == 201
    assert User.objects.get(employee=case.employee).email == "eva@werk.example.nl"
    assert EmployeeInvitation.objects.filter(created_by=casemanager).count() == 1


def test_the_api_refuses_unknown_fields_and_a_missing_address(case: AbsenceCase) -> None:
    client = api(employer_user_for(case.employer))
    assert client.post(invite_url(case), {}, format="json").status_code == 400
    extra = client.post(invite_url(case), {"email": "eva@prive.nl", "case_id": str(case.pk)}, format="json")
    assert extra.status_code == 400
    assert not User.objects.filter(role=Role.EMPLOYEE).exists()


def test_another_employer_and_another_casemanager_get_404_and_other_roles_403(case: AbsenceCase) -> None:
    other_employer_user = UserFactory(role=Role.EMPLOYER)
    other_casemanager = UserFactory(role=Role.CASEMANAGER)
    insurer = UserFactory(role=Role.INSURER)
    body = {"email": "eva@prive.nl"}
    assert api(other_employer_user).post(invite_url(case), body, format="json").status_code == 404
    assert api(other_casemanager).post(invite_url(case), body, format="json").status_code == 404
    assert api(insurer).post(invite_url(case), body, format="json").status_code == 403
    assert not User.objects.filter(email="eva@prive.nl").exists()
    assert not OutgoingMail.objects.exists()


def test_an_address_of_another_account_and_an_employee_with_an_account_are_refused(case: AbsenceCase) -> None:
    employer_user = employer_user_for(case.employer)
    taken = api(employer_user).post(invite_url(case), {"email": employer_user.email}, format="json")
    assert taken.status_code == 400
    assert "email" in str(taken.json())

    assert api(employer_user).post(invite_url(case), {"email": "eva@prive.nl"}, format="json").status_code == 201
    activate(Client(), sent_link())
    again = api(employer_user).post(invite_url(case), {"email": "eva2@prive.nl"}, format="json")
    assert again.status_code == 400


def test_a_second_invitation_reuses_the_account_and_retires_the_first_link(case: AbsenceCase) -> None:
    employer_user = employer_user_for(case.employer)
    api(employer_user).post(invite_url(case), {"email": "eva@prive.nl"}, format="json")
    first = sent_link()
    api(employer_user).post(invite_url(case), {"email": "eva@ander.nl"}, format="json")
    second = sent_link()

    assert User.objects.filter(employee=case.employee).get().email == "eva@ander.nl"
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


# --- The link --------------------------------------------------------------------------------------------------------


@pytest.fixture
def link(case: AbsenceCase) -> str:
    api(employer_user_for(case.employer)).post(invite_url(case), {"email": "eva@prive.nl"}, format="json")
    return sent_link()


def test_the_employee_sets_a_password_is_logged_in_and_sees_only_their_own_case(
    client: Client, link: str, case: AbsenceCase, casemanager: User
) -> None:
    form = client.get(link)
    assert form.status_code == 200
    assert "Wachtwoord instellen" in form.content.decode()

    response = activate(client, link)

    assert response.status_code == 302
    account = User.objects.get(email="eva@prive.nl")
    assert account.is_active
    assert account.check_password(PASSWORD)
    dashboard = client.get("/")
    text = dashboard.content.decode()
    assert dashboard.status_code == 200
    assert "Mijn verzuim" in text
    assert case.first_sick_day.strftime("%d-%m-%Y") in text
    assert "Carla Casemanager" in text
    # Not a staff user: no second factor forced; the dossier pages stay closed in this slice.
    assert client.get(f"/verzuim/{case.pk}/").status_code == 404


def test_the_link_works_once(client: Client, link: str) -> None:
    assert activate(client, link).status_code == 302
    used = Client().get(link)
    assert used.status_code == 404
    assert "niet (meer) geldig" in used.content.decode()
    assert activate(Client(), link).status_code == 404


def test_the_link_expires(client: Client, link: str) -> None:
    EmployeeInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(link).status_code == 404
    assert activate(client, link).status_code == 404
    assert not User.objects.get(email="eva@prive.nl").is_active


def test_a_weak_password_is_refused_by_djangos_rules(client: Client, link: str) -> None:
    response = client.post(link, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "utrecht-form-field-error-message" in response.content.decode()
    invitation = EmployeeInvitation.objects.get()
    assert invitation.used_at is None  # a refused password does not use up the link
    assert not User.objects.get(email="eva@prive.nl").is_active


# --- The account after it is set up ------------------------------------------------------------------------------


@pytest.fixture
def employee_account(link: str) -> User:
    activate(Client(), link)
    return User.objects.get(email="eva@prive.nl")


def test_the_employee_logs_in_with_the_password_and_is_locked_out_after_five_failures(employee_account: User) -> None:
    client = Client()
    assert client.post("/inloggen/", {"username": employee_account.email, "password": PASSWORD}).status_code == 302
    client.logout()
    for _attempt in range(5):
        client.post("/inloggen/", {"username": employee_account.email, "password": "fout"})
    locked = client.post("/inloggen/", {"username": employee_account.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_works_for_the_employee(employee_account: User) -> None:
    client = Client()
    client.post("/wachtwoord-vergeten/", {"email": employee_account.email})
    assert password_reset.password_reset_send_pending() == 1
    assert mail.outbox[-1].to == [employee_account.email]
    link = re.search(re.escape(BASE) + r"(/wachtwoord-herstellen/\S+/)", mail.outbox[-1].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    new = "nog-een-ander-wachtwoord-8"
    done = client.post(form_page.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    employee_account.refresh_from_db()
    assert employee_account.check_password(new)


def test_the_start_page_list_is_audited(client: Client, employee_account: User) -> None:
    client.force_login(employee_account)
    client.get("/")
    assert AuditLog.objects.filter(actor=employee_account, action="list", object_type="absence_case").exists()


def test_the_employee_gets_404_on_another_employees_case_and_on_employer_pages(
    client: Client, employee_account: User, case: AbsenceCase
) -> None:
    colleague_case = make_case(employee=cast(Employee, EmployeeFactory(employer=case.employer)))
    client.force_login(employee_account)
    for path in (
        f"/verzuim/{colleague_case.pk}/",
        f"/verzuim/{case.pk}/",
        "/werknemers/",
        f"/werknemers/{case.employee_id}/",
        "/verzuim/ziekmelden/",
        f"/verzuim/{case.pk}/werknemer-uitnodigen/",
    ):
        assert client.get(path).status_code == 404, path
    dashboard = client.get("/").content.decode()
    assert colleague_case.employee.last_name not in dashboard
    assert str(colleague_case.pk) not in dashboard
    api_client = api(employee_account)
    assert api_client.get(f"/api/v1/absences/{colleague_case.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/absences/{case.pk}/").status_code == 200  # their own (item 6, decision 297)
    listed = api_client.get("/api/v1/absences/")
    assert listed.status_code == 200
    assert str(colleague_case.pk) not in listed.content.decode()
    assert api_client.post(invite_url(case), {"email": "x@example.nl"}, format="json").status_code == 404


def test_an_ended_employment_keeps_the_dashboard_and_says_so(client: Client, employee_account: User) -> None:
    assert employee_account.employee_id is not None
    Employee.objects.filter(pk=employee_account.employee_id).update(employment_end=dt.date(2026, 3, 31))
    client.force_login(employee_account)
    text = client.get("/").content.decode()
    assert "Uw dienstverband is beëindigd op" in text
    assert "31-03-2026" in text
    assert "wettelijke bewaartermijn" in text
