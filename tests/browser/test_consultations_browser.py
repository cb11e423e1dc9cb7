"""The spreekuur in the browser (issue 20 item 4 and its acceptance): the physician opens the medical compartment,
plans a spreekuur on its own page (a time in the past is refused at the date first), the employee's invitation with
its .ics leaves through the outbox, the spreekuur is a task in "Mijn taken", the employer's dossier shows that it is
planned, and cancelling it ends the task and withdraws the invitation under the same UID. Accessible, no CSP
violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import AbsenceCase
from tests.browser.journeys_helpers import log_in_staff, log_out
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def invitation_event(message: mail.EmailMessage) -> tuple[str, icalendar.Event]:
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


def test_physician_plans_a_spreekuur_and_the_employee_gets_the_invitation(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")
    employer = EmployerFactory(occupational_physician=physician)
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer, first_name="Mohamed", last_name="El Amrani")
    case = make_case(employee=employee, days_sick=38, reported_by=employer_user)
    assert AbsenceCase.objects.filter(pk=case.pk).exists()

    log_in_staff(page, log_in, physician)
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("link", name="Medisch dossier").click()
    expect(page.locator("#spreekuren-lijst")).to_contain_text("Nog geen spreekuren.")
    page.get_by_role("link", name="Spreekuur plannen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreekuur plannen")

    page.get_by_label("Datum").fill((tomorrow - dt.timedelta(days=2)).isoformat())
    page.get_by_label("Tijd").fill("10:00")
    page.get_by_role("group", name="Vorm").get_by_label("Op locatie").check()
    page.get_by_label("Plaats").fill("Arbodienst Midden, Stationsplein 12, Amersfoort")
    page.get_by_label("E-mailadres van de werknemer").fill("m.elamrani@example.nl")
    page.get_by_role("button", name="Spreekuur plannen").click()
    expect(page.locator("#id_day_error")).to_have_text("Het spreekuur ligt in het verleden. Kies een moment vanaf nu.")
    assert_accessible(page, "consultation-form-errors")

    page.get_by_label("Datum").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Spreekuur plannen").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/medisch/#spreekuren")
    expect(page.get_by_text("De uitnodiging met de agenda-afspraak wordt binnen een minuut verstuurd")).to_be_visible()
    row = page.locator("#spreekuren-lijst tbody tr").first
    expect(row).to_contain_text(f"{tomorrow:%d-%m-%Y} 10:00")
    expect(row).to_contain_text("Per e-mail aan m.elamrani@example.nl")
    assert_accessible(page, "medical-consultations")

    # The outbox's job (every minute under beat) sends the invitation, once.
    assert mail_send_pending() == 1
    (invitation,) = mail.outbox
    assert invitation.to == ["m.elamrani@example.nl"]
    assert invitation.subject == f"Uitnodiging spreekuur bedrijfsarts op {tomorrow:%d-%m-%Y} om 10:00"
    method, event = invitation_event(invitation)
    assert method == "REQUEST"
    assert event.decoded("DTSTART").hour == 10
    assert str(event["LOCATION"]) == "Arbodienst Midden, Stationsplein 12, Amersfoort"

    page.goto("/")
    tasks = page.get_by_role("region", name="Mijn taken")
    task = tasks.get_by_role("link", name="Spreekuur met Mohamed El Amrani houden om 10:00")
    expect(task).to_be_visible()

    log_out(page)
    log_in(employer_user.email, PASSWORD)
    page.goto(f"/verzuim/{case.pk}/")
    section = page.locator("#spreekuren-lijst")
    expect(section).to_contain_text(f"{tomorrow:%d-%m-%Y}")
    expect(section).to_contain_text("Op locatie")
    expect(section).to_contain_text("Gepland")
    expect(page.locator("body")).not_to_contain_text("Stationsplein")
    assert_accessible(page, "dossier-consultations-employer")

    log_out(page)
    log_in_staff(page, log_in, physician)
    page.goto("/")
    page.get_by_role("region", name="Mijn taken").get_by_role(
        "link", name="Spreekuur met Mohamed El Amrani houden om 10:00"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/medisch/#spreekuur-{case.consultations.get().pk}")
    page.locator("#spreekuren-lijst tbody tr").first.get_by_role("button", name="Afzeggen").click()
    expect(page.get_by_text("Het spreekuur is afgezegd.")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("region", name="Mijn taken").get_by_text("Spreekuur met")).to_have_count(0)

    assert mail_send_pending() == 1
    cancel_method, cancelled = invitation_event(mail.outbox[1])
    assert cancel_method == "CANCEL"
    assert str(cancelled["UID"]) == str(event["UID"])
