"""The bell in the header: an employer sees the unread count, opens the list, marks one and then all read
in place (htmx) and the count goes; the calendar page makes and revokes the secret feed address."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.cases.factories import make_case, own_arbodienst
from tests.conftest import current_totp
from tests.factories import PASSWORD, confirmed_totp_device
from verzuim import notifications
from verzuim.models import Notification, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_employer_sees_the_bell_opens_the_list_and_marks_everything_read(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer_user = make_user(Role.EMPLOYER)
    own_arbodienst(employer_user.employer)  # the report to its own arbodienst stays open, with its reminders
    for _ in range(3):
        make_case(employer=employer_user.employer, days_sick=3)  # the report to the OHS is due in 4 days
    notifications.notification_sweep()
    assert Notification.objects.filter(recipient=employer_user).count() == 3

    log_in(employer_user.email, PASSWORD)
    bell = page.get_by_role("banner").get_by_role("link", name="Meldingen, 3 ongelezen", exact=True)
    expect(bell).to_be_visible()
    expect(bell.locator(".bell-count")).to_have_text("3")
    bell.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Ziekmelding aan de arbodienst")
    expect(rows.first).to_contain_text("Over 7 dagen")
    expect(page.locator(".badge-new")).to_have_count(3)
    assert_accessible(page, "notifications")
    page.evaluate("window.sameDocument = true")

    rows.first.get_by_role("button", name="Gelezen").click()
    expect(page.get_by_role("link", name="Meldingen, 2 ongelezen", exact=True)).to_be_visible()
    expect(page.locator(".badge-new")).to_have_count(2)
    expect(page.locator("#meldingen-status")).to_have_text("De melding is als gelezen gemarkeerd.")

    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    expect(page.locator(".bell-count")).to_have_count(0)
    expect(page.locator(".badge-new")).to_have_count(0)
    expect(page.get_by_role("button", name="Alles gelezen")).to_have_count(0)
    expect(page.locator("#meldingen-status")).to_have_text("Alle meldingen zijn als gelezen gemarkeerd.")
    assert page.evaluate("window.sameDocument") is True, "marking read reloaded the page instead of swapping"
    assert_accessible(page, "notifications-all-read")

    page.reload()
    expect(page.locator(".badge-new")).to_have_count(0)
    assert not Notification.objects.filter(recipient=employer_user, read_at__isnull=True).exists()


def test_calendar_page_makes_and_revokes_the_feed_address(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer_user = make_user(Role.EMPLOYER)
    make_case(employer=employer_user.employer, days_sick=3)
    log_in(employer_user.email, PASSWORD)
    page.goto("/meldingen/")
    page.get_by_role("link", name="Termijnen in uw eigen agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Termijnen in uw agenda")
    assert_accessible(page, "calendar-none")

    page.get_by_role("button", name="Agenda-adres aanmaken").click()
    expect(page.get_by_role("status")).to_have_text("Uw persoonlijke agenda-adres is aangemaakt.")
    address = page.get_by_label("Uw agenda-adres")
    expect(address).to_have_value(re.compile(r"/agenda/[A-Za-z0-9_-]{43}\.ics$"))
    assert_accessible(page, "calendar-address")
    path = "/agenda/" + address.input_value().split("/agenda/")[1]
    feed = page.request.get(path)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert feed.text().count("BEGIN:VEVENT") > 1

    page.get_by_role("button", name="Adres intrekken").click()
    expect(page.get_by_role("status")).to_have_text(
        "Het agenda-adres is ingetrokken. Uw agenda-app krijgt geen termijnen meer."
    )
    expect(page.get_by_label("Uw agenda-adres")).to_have_count(0)
    assert page.request.get(path).status == 404


def test_reminder_preferences_page_saves_the_choice(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer_user = make_user(Role.EMPLOYER)
    log_in(employer_user.email, PASSWORD)
    page.goto("/account/herinneringen/")
    group = page.get_by_role("group", name="Hoe wilt u herinneringen per e-mail ontvangen?")
    expect(group.get_by_label("Eén overzicht per dag")).to_be_checked()
    assert_accessible(page, "reminder-preferences")
    group.get_by_label("Direct een e-mail per herinnering").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Opgeslagen: u krijgt voortaan direct een e-mail per herinnering.")
    expect(page.get_by_label("Direct een e-mail per herinnering")).to_be_checked()
    employer_user.refresh_from_db()
    assert employer_user.reminder_mode == "instant"


def test_insurer_retries_a_failed_notification(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer_user = make_user(Role.EMPLOYER)
    own_arbodienst(employer_user.employer)  # the report to its own arbodienst stays open: one reminder
    make_case(employer=employer_user.employer, days_sick=3)
    notifications.notification_sweep()
    failed = Notification.objects.get(recipient=employer_user)
    Notification.objects.filter(pk=failed.pk).update(
        state="failed", attempts=notifications.MAX_ATTEMPTS, last_error="SMTPRecipientsRefused: mailbox unavailable"
    )
    insurer = make_user(Role.INSURER)
    device = confirmed_totp_device(insurer)
    log_in(insurer.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.get_by_role("banner").get_by_role("link", name="Meldingen").click()
    page.get_by_role("link", name="Mislukte meldingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mislukte meldingen")
    row = page.locator(f"#mislukt-{failed.pk}")
    expect(row).to_contain_text(employer_user.email)
    expect(row).to_contain_text("SMTPRecipientsRefused: mailbox unavailable")
    assert_accessible(page, "failed-notifications")

    row.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.get_by_role("status")).to_have_text("1 melding wordt opnieuw verstuurd.")
    expect(page.get_by_role("cell", name="Er zijn geen mislukte meldingen.")).to_be_visible()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("pending", 0)
