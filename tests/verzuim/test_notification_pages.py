"""Reminders in the portal: the bell and its list, marking read, the digest-or-instant choice, the personal
calendar feed behind a revocable secret URL, and the insurer's list of failed notifications."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from cases.absence import services
from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.views import OWNER_LABELS
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim import notifications
from verzuim.calendar_feed import calendar_token_create
from verzuim.models import (
    AuditLog,
    Notification,
    NotificationKind,
    NotificationState,
    OutgoingMail,
    OutgoingMailState,
    ReminderMode,
    Role,
    User,
)

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]

LIST = "/meldingen/"
ALL_READ = "/meldingen/alles-gelezen/"
FAILED = "/meldingen/mislukt/"
RETRY = "/meldingen/mislukt/opnieuw/"
PREFERENCES = "/account/herinneringen/"
CALENDAR = "/account/agenda/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def mark_read_url(notification: Notification) -> str:
    return f"/meldingen/{notification.pk}/gelezen/"


_counter = iter(range(1, 1_000_000))


def notify(
    recipient: User,
    *,
    title: str = "Probleemanalyse",
    kind: str = NotificationKind.DUE_IN_7_DAYS,
    state: str = NotificationState.SENT,
    read: bool = False,
    minutes_ago: int = 0,
    **fields: Any,
) -> Notification:
    """A reminder as the outbox holds it (the sweep itself is tested in test_notifications.py)."""
    now = timezone.now()
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        object_type="test",
        object_id=str(next(_counter)),
        due_date=timezone.localdate() + dt.timedelta(days=5),
        title=title,
        context="S.V. (Bakkerij De Korenschoof)",
        url="/verzuim/00000000-0000-0000-0000-000000000001/",
        scheduled_for=now - dt.timedelta(minutes=minutes_ago),
        state=state,
        read_at=now if read else None,
        **fields,
    )


def bell_text(html: str) -> str | None:
    """The accessible name of the header's bell link (its aria-label, else its text), or None."""
    match = re.search(r'<a id="meldingen-bel"([^>]*)>(.*?)</a>', html, re.S)
    if match is None:
        return None
    label = re.search(r'aria-label="([^"]*)"', match.group(1))
    return unescape(label.group(1)) if label else " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(2))).split())


def row_titles(html: str) -> list[str]:
    return re.findall(r'<tr id="melding-\d+"[^>]*>\s*<th scope="row"><a href="[^"]*">([^<]*)</a>', html)


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# The bell


def test_bell_shows_the_unread_count_of_the_user_only(client: Client, employer_user: User, make_user: MakeUser) -> None:
    for _ in range(3):
        notify(employer_user)
    notify(employer_user, read=True)
    notify(employer_user, state=NotificationState.CANCELLED)
    notify(make_user(Role.EMPLOYER))
    client.force_login(employer_user)
    html = client.get("/").content.decode()
    assert bell_text(html) == "Meldingen, 3 ongelezen"
    assert '<span class="bell-count">3</span>' in html


def test_bell_without_unread_notifications_has_no_count(client: Client, employer_user: User) -> None:
    notify(employer_user, read=True)
    client.force_login(employer_user)
    html = client.get("/").content.decode()
    assert bell_text(html) == "Meldingen"
    assert "bell-count" not in html


def test_bell_costs_one_query_per_page_and_none_when_logged_out(client: Client, employer_user: User) -> None:
    notify(employer_user)
    client.force_login(employer_user)
    counting = 'SELECT COUNT(*) AS "__count" FROM "verzuim_notification"'
    with CaptureQueriesContext(connection) as queries:
        client.get("/werknemers/")
    assert len([q for q in queries.captured_queries if "verzuim_notification" in q["sql"]]) == 1
    # The list page shows the count twice (bell and "Alles gelezen"): still counted once.
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    assert len([q for q in queries.captured_queries if q["sql"].startswith(counting) and "read_at" in q["sql"]]) == 1
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/inloggen/").content.decode()
    assert bell_text(html) is None
    assert not [q for q in queries.captured_queries if "verzuim_notification" in q["sql"]]


def test_bell_waits_for_the_second_factor_of_staff(
    client: Client, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    notify(casemanager)
    staff_login(casemanager)
    assert bell_text(client.get("/").content.decode()) == "Meldingen, 1 ongelezen"
    client.logout()
    client.force_login(casemanager)  # password only: the code page is all there is
    assert bell_text(client.get("/account/tweestapsverificatie/").content.decode()) is None


# The list and marking read


def test_list_shows_own_notifications_newest_first_without_cancelled(
    client: Client, employer_user: User, make_user: MakeUser
) -> None:
    notify(employer_user, title="Plan van aanpak", kind=NotificationKind.OVERDUE, minutes_ago=30)
    notify(employer_user, title="Probleemanalyse", kind=NotificationKind.DUE_IN_1_DAY, minutes_ago=20, read=True)
    notify(employer_user, title="Ziekmelding aan de arbodienst", kind=NotificationKind.DUE_IN_7_DAYS, minutes_ago=10)
    notify(employer_user, title="Vervallen stap", state=NotificationState.CANCELLED)
    notify(make_user(Role.EMPLOYER), title="Andermans stap")
    client.force_login(employer_user)
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert row_titles(html) == ["Ziekmelding aan de arbodienst", "Probleemanalyse", "Plan van aanpak"]
    assert ">Over 7 dagen</span>" in html
    assert ">Morgen</span>" in html
    assert ">Te laat</span>" in html
    assert html.count('class="notification-unread"') == 2
    assert html.count('<span class="badge badge-new">Ongelezen</span>') == 2
    assert '<a href="/verzuim/00000000-0000-0000-0000-000000000001/">Plan van aanpak</a>' in html
    assert "S.V. (Bakkerij De Korenschoof)" in html


def test_list_takes_the_same_number_of_queries_for_1_or_20_notifications(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries.captured_queries)

    client.get(LIST)  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    notify(employer_user)
    one = measure()
    for _ in range(19):
        notify(employer_user)
    assert measure() == one


def test_list_needs_login(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_mark_one_read_without_javascript(client: Client, employer_user: User) -> None:
    first, second = notify(employer_user), notify(employer_user)
    client.force_login(employer_user)
    response = client.post(mark_read_url(first))
    assert response.status_code == 302
    assert response["Location"] == LIST
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert bell_text(client.get(LIST).content.decode()) == "Meldingen, 1 ongelezen"


def test_mark_one_read_with_htmx_swaps_the_row_and_the_bell(client: Client, employer_user: User) -> None:
    first = notify(employer_user, title="Plan van aanpak")
    notify(employer_user)
    client.force_login(employer_user)
    response = client.post(mark_read_url(first), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="melding-{first.pk}" class="notification-read">')
    assert mark_read_url(first) not in html  # no "Gelezen" button any more
    assert re.search(r'<a id="meldingen-bel"[^>]*hx-swap-oob="true"', html)
    assert bell_text(html) == "Meldingen, 1 ongelezen"
    assert '<p id="meldingen-status" hx-swap-oob="innerHTML">De melding is als gelezen gemarkeerd.</p>' in html


def test_mark_all_read(client: Client, employer_user: User, make_user: MakeUser) -> None:
    mine = [notify(employer_user), notify(employer_user)]
    theirs = notify(make_user(Role.EMPLOYER))
    client.force_login(employer_user)
    response = client.post(ALL_READ, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert messages_of(response) == ["Alle meldingen zijn als gelezen gemarkeerd."]
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = response.content.decode()
    assert bell_text(html) == "Meldingen"
    assert ALL_READ not in html  # nothing left to mark


def test_mark_all_read_with_htmx_swaps_the_list_and_the_bell(client: Client, employer_user: User) -> None:
    notify(employer_user)
    notify(employer_user)
    client.force_login(employer_user)
    html = client.get(LIST).content.decode()
    assert "Alles gelezen" in html
    response = client.post(ALL_READ, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="meldingen-lijst">')
    assert "Alles gelezen" not in html
    assert "notification-unread" not in html
    assert bell_text(html) == "Meldingen"
    assert "Alle meldingen zijn als gelezen gemarkeerd." in html


def test_another_users_notification_is_404_and_stays_unread(
    client: Client, employer_user: User, make_user: MakeUser
) -> None:
    theirs = notify(make_user(Role.EMPLOYER))
    client.force_login(employer_user)
    assert client.post(mark_read_url(theirs)).status_code == 404
    assert client.post(mark_read_url(theirs), **HTMX).status_code == 404
    assert client.post("/meldingen/999999999/gelezen/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_takes_post_only(client: Client, employer_user: User) -> None:
    notification = notify(employer_user)
    client.force_login(employer_user)
    assert client.get(mark_read_url(notification)).status_code == 405
    assert client.get(ALL_READ).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


# Digest or instant


def test_preferences_default_to_the_daily_digest(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    html = client.get(PREFERENCES).content.decode()
    assert re.search(r'<input type="radio" name="reminder_mode" value="digest"[^>]*checked', html)
    assert "Eén overzicht per dag" in html
    assert "Direct een e-mail per herinnering" in html


def test_choosing_instant_mails_applies_to_waiting_reminders_too(client: Client, employer_user: User) -> None:
    waiting = notify(employer_user, state=NotificationState.PENDING)
    sent = notify(employer_user, state=NotificationState.SENT)
    client.force_login(employer_user)
    response = client.post(PREFERENCES, {"reminder_mode": "instant"}, follow=True)
    assert response.redirect_chain == [(PREFERENCES, 302)]
    assert messages_of(response) == ["Opgeslagen: u krijgt voortaan direct een e-mail per herinnering."]
    employer_user.refresh_from_db()
    assert employer_user.reminder_mode == ReminderMode.INSTANT
    assert Notification.objects.get(pk=waiting.pk).instant is True
    assert Notification.objects.get(pk=sent.pk).instant is False
    assert AuditLog.objects.filter(actor=employer_user, object_type="user").get().changes == {
        "reminder_mode": ["digest", "instant"]
    }


def test_choosing_the_digest_again(client: Client, make_user: MakeUser) -> None:
    user = make_user(Role.EMPLOYER, reminder_mode=ReminderMode.INSTANT)
    waiting = notify(user, state=NotificationState.PENDING, instant=True)
    client.force_login(user)
    response = client.post(PREFERENCES, {"reminder_mode": "digest"}, follow=True)
    assert messages_of(response) == ["Opgeslagen: u krijgt voortaan één overzicht per dag."]
    user.refresh_from_db()
    assert user.reminder_mode == ReminderMode.DIGEST
    assert Notification.objects.get(pk=waiting.pk).instant is False


@pytest.mark.parametrize(
    ("data", "message"),
    [({"reminder_mode": "weekly"}, "Kies een van de mogelijkheden."), ({}, "Kies hoe u herinneringen wilt ontvangen.")],
)
def test_preferences_refuse_a_bad_choice(
    client: Client, employer_user: User, data: dict[str, str], message: str
) -> None:
    client.force_login(employer_user)
    response = client.post(PREFERENCES, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"reminder_mode": [message]}
    employer_user.refresh_from_db()
    assert employer_user.reminder_mode == ReminderMode.DIGEST


# The calendar feed


def feed_path(user: User) -> str:
    user.refresh_from_db()
    return f"/agenda/{user.calendar_token}.ics"


def feed_events(client: Client, path: str) -> list[icalendar.Event]:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def open_dated_steps(case: AbsenceCase, **filters: Any) -> list[Step]:
    return list(case.steps.filter(state=StepState.OPEN, due_date__isnull=False, **filters).order_by("pk"))


def test_calendar_page_creates_the_secret_address(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    html = client.get(CALENDAR).content.decode()
    assert "U hebt nog geen agenda-adres." in html
    response = client.post("/account/agenda/nieuw-adres/", follow=True)
    assert messages_of(response) == ["Uw persoonlijke agenda-adres is aangemaakt."]
    employer_user.refresh_from_db()
    token = employer_user.calendar_token
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    html = response.content.decode()
    assert f'value="{settings.PORTAL_BASE_URL}/agenda/{token}.ics"' in html
    assert f'href="webcal://{settings.PORTAL_BASE_URL.split("://")[1]}/agenda/{token}.ics"' in html
    audit = AuditLog.objects.get(object_type="calendar_token")
    assert audit.changes == {"calendar_token": "created"}
    assert token not in str(audit.changes)


def test_feed_has_one_all_day_event_per_open_step_without_names(client: Client, employer_user: User) -> None:
    employee = EmployeeFactory(employer=employer_user.employer, first_name="Sanne", last_name="de Vries")
    # On the policy's arbodienst: the report itself completed the report to the arbodienst (docs/domain.md §5).
    case = make_case(employee=employee, days_sick=3)
    client.force_login(employer_user)
    client.post("/account/agenda/nieuw-adres/")
    client.logout()  # the calendar app has no session: the token is the key

    events = feed_events(client, feed_path(employer_user))

    steps = open_dated_steps(case)
    assert case.steps.get(code="report_to_ohs").state == "done"
    assert "report_to_ohs" not in {s.code for s in steps}  # done
    assert "uwv_safety_net_report" not in {s.code for s in steps}  # not applicable, though dated
    assert sorted(str(e["UID"]) for e in events) == sorted(f"step-{s.pk}@verzuimportaal" for s in steps)
    by_uid = {str(e["UID"]): e for e in events}
    for step in steps:
        event = by_uid[f"step-{step.pk}@verzuimportaal"]
        assert event.decoded("DTSTART") == step.due_date  # a date, not a datetime: all day
        assert event.decoded("DTEND") == step.due_date + dt.timedelta(days=1)
        assert str(event["SUMMARY"]) == f"{step.title} (S.V.)"
        assert str(event["URL"]) == f"{settings.PORTAL_BASE_URL}/verzuim/{case.pk}/"
        assert str(event["DESCRIPTION"]) == (
            f"Uiterste datum van de Poortwachterstap “{step.title}” in het verzuim van S.V. "
            f"({employer_user.employer.name}): {date_format(step.due_date, 'j F Y')}. "
            f"Verantwoordelijk: {OWNER_LABELS[step.owner]}. Meer in het Verzuimportaal."
        )
    body = client.get(feed_path(employer_user)).content.decode()
    assert "Sanne" not in body
    assert "Vries" not in body


def test_feed_shows_each_role_the_steps_that_concern_it(client: Client, make_user: MakeUser) -> None:
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    casemanager = make_user(Role.CASEMANAGER)
    served = EmployerFactory(occupational_physician=physician, casemanager=casemanager)
    mine = make_case(employer=served)
    services.case_assign_casemanager(case=mine, casemanager=casemanager, reason="test")
    portfolio_only = make_case(employer=served)  # the casemanager's employer, but not assigned to them
    elsewhere = make_case(employer=EmployerFactory())
    employer_user = served.users.get()
    users = {
        "employer": employer_user,
        "casemanager": casemanager,
        "physician": physician,
        "insurer": make_user(Role.INSURER),
        "admin": make_user(Role.ADMIN),
        "complaint_handler": make_user(Role.COMPLAINT_HANDLER),
    }
    for user in users.values():
        calendar_token_create(user=user)

    def uids(name: str) -> set[str]:
        return {str(e["UID"]) for e in feed_events(client, feed_path(users[name]))}

    def expected(*steps: Step) -> set[str]:
        return {f"step-{s.pk}@verzuimportaal" for s in steps}

    assert uids("employer") == expected(*open_dated_steps(mine), *open_dated_steps(portfolio_only))
    assert uids("casemanager") == expected(*open_dated_steps(mine))
    physician_codes = {"code__in": ["problem_analysis", "current_assessment"]}
    assert uids("physician") == expected(
        *open_dated_steps(mine, **physician_codes), *open_dated_steps(portfolio_only, **physician_codes)
    )
    assigned = {"code": "casemanager_assigned"}
    insurer_steps = expected(*open_dated_steps(portfolio_only, **assigned), *open_dated_steps(elsewhere, **assigned))
    assert len(insurer_steps) == 2  # the assigned case has its casemanager step done
    assert uids("insurer") == insurer_steps
    assert uids("admin") == insurer_steps
    assert uids("complaint_handler") == set()


def test_feed_leaves_out_closed_cases(client: Client, employer_user: User) -> None:
    case = make_case(employee=EmployeeFactory(employer=employer_user.employer), days_sick=3)
    open_before = open_dated_steps(case)
    AbsenceCase.objects.filter(pk=case.pk).update(status="closed", closed_on=timezone.localdate(), close_reason="death")
    calendar_token_create(user=employer_user)
    assert open_before
    assert feed_events(client, feed_path(employer_user)) == []


def test_revoking_or_renewing_the_address_stops_the_old_one(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    client.post("/account/agenda/nieuw-adres/", follow=True)
    first = feed_path(employer_user)
    assert client.get(first).status_code == 200

    response = client.post("/account/agenda/nieuw-adres/", follow=True)
    assert messages_of(response) == ["U hebt een nieuw agenda-adres. Het oude adres werkt niet meer."]
    second = feed_path(employer_user)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    response = client.post("/account/agenda/intrekken/", follow=True)
    assert messages_of(response) == ["Het agenda-adres is ingetrokken. Uw agenda-app krijgt geen termijnen meer."]
    employer_user.refresh_from_db()
    assert employer_user.calendar_token == ""
    assert client.get(second).status_code == 404
    assert "U hebt nog geen agenda-adres." in response.content.decode()
    audits = AuditLog.objects.filter(object_type="calendar_token").order_by("id")
    assert [a.changes["calendar_token"] for a in audits] == ["created", "renewed", "revoked"]


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 42 + "!", "%20" * 15])
def test_unknown_empty_or_malformed_token_is_404(client: Client, make_user: MakeUser, token: str) -> None:
    make_user(Role.EMPLOYER)  # a user without a token: the empty token must not find them
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_feed_of_a_deactivated_user_is_404(client: Client, employer_user: User) -> None:
    calendar_token_create(user=employer_user)
    path = feed_path(employer_user)
    User.objects.filter(pk=employer_user.pk).update(is_active=False)
    assert client.get(path).status_code == 404


def test_calendar_token_buttons_take_post_only(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    assert client.get("/account/agenda/nieuw-adres/").status_code == 405
    assert client.get("/account/agenda/intrekken/").status_code == 405
    employer_user.refresh_from_db()
    assert employer_user.calendar_token == ""


def test_feed_takes_the_same_number_of_queries_for_3_or_30_steps(client: Client, make_user: MakeUser) -> None:
    # Insurer staff get one event per case (its open casemanager step): 3 cases, then 30.
    insurer = make_user(Role.INSURER)
    calendar_token_create(user=insurer)
    path = feed_path(insurer)
    employer = EmployerFactory()

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            events = feed_events(client, path)
        return len(events), len(queries.captured_queries)

    for _ in range(3):
        make_case(employer=employer)
    few_events, few_queries = measure()
    for _ in range(27):
        make_case(employer=employer)
    many_events, many_queries = measure()
    assert (few_events, many_events) == (3, 30)
    assert many_queries == few_queries


def test_reading_the_feed_is_audited(client: Client, employer_user: User) -> None:
    calendar_token_create(user=employer_user)
    client.get(feed_path(employer_user))
    audit = AuditLog.objects.get(object_type="calendar_feed")
    assert audit.actor == employer_user
    assert audit.employer == employer_user.employer


# Failed notifications


@pytest.fixture
def failed(employer_user: User) -> Notification:
    return notify(
        employer_user,
        title="Plan van aanpak",
        state=NotificationState.FAILED,
        attempts=notifications.MAX_ATTEMPTS,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
        instant=True,
    )


@pytest.mark.parametrize("role", [Role.INSURER, Role.ADMIN])
def test_failed_list_shows_failed_notifications_to_insurer_staff(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, failed: Notification, employer_user: User, role: Role
) -> None:
    notify(employer_user, title="Eerstejaarsevaluatie", state=NotificationState.PENDING)
    staff_login(make_user(role))
    response = client.get(FAILED)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 mislukte melding" in html
    row = re.search(rf'<tr id="mislukt-{failed.pk}">(.*?)</tr>', html, re.S)
    assert row is not None
    assert employer_user.email in row.group(1)
    assert "Plan van aanpak (S.V. (Bakkerij De Korenschoof))" in row.group(1)
    assert f'<td class="number" data-label="Pogingen">{notifications.MAX_ATTEMPTS}</td>' in row.group(1)
    assert "SMTPRecipientsRefused: mailbox unavailable" in row.group(1)
    assert "Eerstejaarsevaluatie" not in html


def test_failed_list_shows_the_mails_the_outbox_gave_up_on(
    client: Client, staff_login: StaffLogin, make_user: MakeUser
) -> None:
    given_up = OutgoingMail.objects.create(
        kind="complaint_receipt",
        to="klager@example.nl",
        object_type="complaint",
        object_id="1",
        state=OutgoingMailState.FAILED,
        attempts=notifications.MAX_ATTEMPTS,
        next_attempt_at=None,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    OutgoingMail.objects.create(kind="complaint_receipt", to="wacht@example.nl", object_type="complaint", object_id="2")
    staff_login(make_user(Role.INSURER))
    html = client.get(FAILED).content.decode()
    row = re.search(rf'<tr id="mislukte-mail-{given_up.pk}">(.*?)</tr>', html, re.S)
    assert row is not None
    assert "klager@example.nl" in row.group(1)
    assert "Ontvangstbevestiging klacht" in row.group(1)
    assert "SMTPRecipientsRefused: mailbox unavailable" in row.group(1)
    assert "wacht@example.nl" not in html  # still pending: not failed


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_failed_list_and_retry_are_404_for_other_roles(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, failed: Notification, role: Role
) -> None:
    user = make_user(role)
    if role == Role.EMPLOYER:
        client.force_login(user)
    else:
        staff_login(user)
    assert client.get(FAILED).status_code == 404
    assert client.post(RETRY, {"melding": failed.pk}).status_code == 404
    assert client.post(RETRY, {"alles": "1"}).status_code == 404
    failed.refresh_from_db()
    assert failed.state == NotificationState.FAILED


def test_retry_puts_a_failed_notification_back_in_the_outbox_and_it_is_sent(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, failed: Notification, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    insurer = make_user(Role.INSURER)
    staff_login(insurer)
    response = client.post(RETRY, {"melding": failed.pk}, follow=True)
    assert response.redirect_chain == [(FAILED, 302)]
    assert messages_of(response) == ["1 melding wordt opnieuw verstuurd."]
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.next_attempt_at) == (NotificationState.PENDING, 0, None)
    assert "Er zijn geen mislukte meldingen." in response.content.decode()
    audit = AuditLog.objects.get(object_type="notification")
    assert audit.actor == insurer
    assert audit.changes["retried"] == [failed.pk]

    assert notifications.notification_send_pending() == 1
    assert len(mail.outbox) == 1
    failed.refresh_from_db()
    assert failed.state == NotificationState.SENT


def test_retry_all_moves_only_failed_notifications(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, failed: Notification, employer_user: User
) -> None:
    other_failed = notify(employer_user, state=NotificationState.FAILED, attempts=5)
    sent = notify(employer_user, state=NotificationState.SENT, attempts=1)
    staff_login(make_user(Role.INSURER))
    response = client.post(RETRY, {"alles": "1"}, follow=True)
    assert messages_of(response) == ["2 meldingen worden opnieuw verstuurd."]
    assert set(Notification.objects.filter(pk__in=[failed.pk, other_failed.pk]).values_list("state", "attempts")) == {
        (NotificationState.PENDING, 0)
    }
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (NotificationState.SENT, 1)


def test_retry_of_a_notification_that_is_no_longer_failed_changes_nothing(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, employer_user: User
) -> None:
    sent = notify(employer_user, state=NotificationState.SENT, attempts=1)
    staff_login(make_user(Role.INSURER))
    response = client.post(RETRY, {"melding": sent.pk}, follow=True)
    assert messages_of(response) == ["Er was niets meer opnieuw te versturen."]
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (NotificationState.SENT, 1)


@pytest.mark.parametrize("data", [{}, {"melding": "abc"}, {"melding": ""}])
def test_retry_without_a_valid_choice_says_so(
    client: Client, staff_login: StaffLogin, make_user: MakeUser, failed: Notification, data: dict[str, str]
) -> None:
    staff_login(make_user(Role.INSURER))
    response = client.post(RETRY, data, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["Kies een melding om opnieuw te versturen."]
    failed.refresh_from_db()
    assert failed.state == NotificationState.FAILED


def test_failed_list_takes_the_same_number_of_queries_for_1_or_20_rows(
    client: Client, staff_login: StaffLogin, make_user: MakeUser
) -> None:
    staff_login(make_user(Role.INSURER))

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FAILED).status_code == 200
        return len(queries.captured_queries)

    client.get(
        FAILED
    )  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    notify(make_user(Role.EMPLOYER), state=NotificationState.FAILED, attempts=5)
    one = measure()
    for _ in range(19):
        notify(make_user(Role.EMPLOYER), state=NotificationState.FAILED, attempts=5)
    assert measure() == one
