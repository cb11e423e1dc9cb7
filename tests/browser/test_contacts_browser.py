"""The contact log in the browser (issue 20 item 3): the casemanager opens a dossier, logs a contact with a
follow-up on its own page (errors at the field first), sees it in the dossier's Contactmomenten and as a task in
"Mijn taken", and marks the follow-up done: the task disappears and its reminder is cancelled. Accessible, no CSP
violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import AbsenceCase
from cases.contacts.models import ContactMoment
from tests.cases.factories import make_case
from tests.conftest import current_totp
from tests.factories import PASSWORD, confirmed_totp_device
from verzuim.models import Notification, NotificationState, Role, User
from verzuim.notifications import notification_sweep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_casemanager_logs_a_contact_with_a_followup_and_marks_it_done(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    today = timezone.localdate()
    followup = today + dt.timedelta(days=1)
    carla = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    case = make_case(days_sick=30)
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=carla)
    device = confirmed_totp_device(carla)

    log_in(carla.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name="Contactmomenten"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/contactmomenten/")
    expect(page.get_by_role("heading", name="Contactmomenten")).to_be_visible()
    expect(page.locator("#contactmomenten-lijst")).to_contain_text("Nog geen contactmomenten.")

    page.get_by_role("main").get_by_role("link", name="Contactmoment vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactmoment vastleggen")
    expect(page.get_by_text("Geen medische gegevens: geen diagnose, oorzaak of behandeling.")).to_be_visible()
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("#id_channel_error")).to_have_text("Dit veld is vereist.")
    expect(page.locator("#id_summary_error")).to_have_text("Dit veld is vereist.")
    assert_accessible(page, "contact-form-errors")

    page.get_by_role("group", name="Kanaal").get_by_label("Telefoon").check()
    page.get_by_role("group", name="Met wie").get_by_label("Werknemer", exact=True).check()
    page.get_by_label("Samenvatting").fill("Gebeld over de opbouw: morgen terugbellen over de uren.")
    page.get_by_label("Opvolgen op").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("#id_followup_date_error")).to_have_text("De opvolgdatum ligt vóór de datum van het contact.")
    page.get_by_label("Opvolgen op").fill(followup.isoformat())
    page.get_by_role("button", name="Vastleggen").click()

    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/contactmomenten/")
    expect(page.get_by_text("Het contactmoment is vastgelegd.")).to_be_visible()
    row = page.locator("#contactmomenten-lijst tbody tr").first
    expect(row).to_contain_text("Telefoon")
    expect(row).to_contain_text("Gebeld over de opbouw")
    expect(row).to_contain_text(followup.strftime("%d-%m-%Y"))
    assert_accessible(page, "dossier-contacts")

    contact = ContactMoment.objects.get(case=case)
    notification_sweep(today=today)  # the follow-up is due tomorrow: the reminder is queued
    reminder = Notification.objects.get(object_type="contact_moment", object_id=str(contact.pk))
    assert (reminder.recipient_id, reminder.state) == (carla.pk, NotificationState.PENDING)

    page.goto("/")
    tasks = page.get_by_role("region", name="Mijn taken")
    task = tasks.get_by_role("link", name=f"Contactmoment opvolgen: telefoon met werknemer van {today:%d-%m-%Y}")
    expect(task).to_be_visible()
    task.click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/contactmomenten/")
    row = page.locator("#contactmomenten-lijst tbody tr").first
    row.get_by_role("button", name="Opvolging afgerond").click()
    expect(page.get_by_text("De opvolging is afgerond.")).to_be_visible()
    row = page.locator("#contactmomenten-lijst tbody tr").first
    expect(row).to_contain_text(f"Afgerond op {today.strftime('%d-%m-%Y')}")
    expect(row.get_by_role("button", name="Opvolging afgerond")).to_have_count(0)
    reminder.refresh_from_db()
    assert reminder.state == NotificationState.CANCELLED
    page.goto("/")
    expect(page.get_by_role("region", name="Mijn taken").get_by_text("Contactmoment opvolgen")).to_have_count(0)
