"""The contact log (issue 20 item 3): the casemanager logs calls, e-mails, visits and conversations with the
employee and the employer; a follow-up date becomes a reminder and a calendar event until it is marked done.
Who sees it: the casemanager and the physician in full, insurer staff without the summaries, the employer not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence.models import AbsenceCase
from cases.absence.services import CaseConflict
from cases.contacts import services as services_contacts
from cases.contacts.models import ContactMoment
from tests.cases.factories import employer_user_for, make_case
from verzuim.calendar_feed import calendar_token_create
from verzuim.models import (
    AuditAction,
    AuditLog,
    Notification,
    NotificationKind,
    NotificationState,
    ReminderMode,
    Role,
    User,
)
from verzuim.notifications import notification_send_pending, notification_sweep
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Any]
SUMMARY = "Gebeld over opbouw: start met halve dagen in eigen werk."


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def case() -> AbsenceCase:
    return make_case(days_sick=40)


@pytest.fixture
def casemanager(make_user: MakeUser, case: AbsenceCase) -> User:
    user = make_user(Role.CASEMANAGER, full_name="Carla Casemanager", reminder_mode=ReminderMode.INSTANT)
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=user)
    case.refresh_from_db()
    return user


@pytest.fixture
def physician(make_user: MakeUser, case: AbsenceCase) -> User:
    user = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    case.employer.occupational_physician = user
    case.employer.save()
    return user


def log(
    by: User,
    case: AbsenceCase,
    *,
    followup_in: int | None = None,
    days_ago: int = 0,
    summary: str = SUMMARY,
    channel: str = "phone",
    party: str = "employee",
) -> ContactMoment:
    today = timezone.localdate()
    return services_contacts.contact_log(
        recorded_by=by,
        case=case,
        contact_date=today - dt.timedelta(days=days_ago),
        channel=channel,
        party=party,
        summary=summary,
        followup_date=today + dt.timedelta(days=followup_in) if followup_in is not None else None,
    )


def errors_of(call: Callable[[], object]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


# --- The service -----------------------------------------------------------------------------------------------


def test_the_casemanager_logs_a_contact_with_a_followup_and_it_is_audited_without_the_summary(
    case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    contact = log(casemanager, case, followup_in=5, channel="visit", party="both")

    assert (contact.case, contact.recorded_by, contact.channel, contact.party) == (case, casemanager, "visit", "both")
    assert (contact.contact_date, contact.followup_date, contact.followup_open) == (
        today,
        today + dt.timedelta(days=5),
        True,
    )
    audit = AuditLog.objects.get(object_type="contact_moment", object_id=str(contact.pk))
    assert (audit.actor, audit.action, audit.employer) == (casemanager, AuditAction.CREATE, case.employer)
    assert audit.changes["followup_date"] == (today + dt.timedelta(days=5)).isoformat()
    assert SUMMARY not in str(audit.changes)


def test_a_contact_date_in_the_future_is_refused_at_the_field(case: AbsenceCase, casemanager: User) -> None:
    errors = errors_of(lambda: log(casemanager, case, days_ago=-1))
    assert errors == {"contact_date": ["De datum van het contact kan niet in de toekomst liggen."]}


def test_a_followup_before_the_contact_date_is_refused_at_the_field(
    case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    errors = errors_of(
        lambda: services_contacts.contact_log(
            recorded_by=casemanager,
            case=case,
            contact_date=today,
            channel="email",
            party="employer",
            summary=SUMMARY,
            followup_date=today - dt.timedelta(days=1),
        )
    )
    assert errors == {"followup_date": ["De opvolgdatum ligt vóór de datum van het contact."]}


def test_a_followup_in_the_past_is_refused_at_the_field(case: AbsenceCase, casemanager: User) -> None:
    errors = errors_of(lambda: log(casemanager, case, days_ago=10, followup_in=-2))
    assert errors == {"followup_date": ["De opvolgdatum ligt in het verleden."]}


def test_channel_and_party_must_be_one_of_the_choices_and_the_summary_is_required(
    case: AbsenceCase, casemanager: User
) -> None:
    errors = errors_of(lambda: log(casemanager, case, channel="fax", party="neighbour", summary="   "))
    assert errors == {
        "channel": ["Kies telefoon, e-mail, bezoek of gesprek."],
        "party": ["Kies met wie het contact was: werknemer, werkgever of beiden."],
        "summary": ["Schrijf kort op wat is besproken en afgesproken."],
    }
    assert not ContactMoment.objects.exists()


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN])
def test_only_the_casemanager_logs_a_contact(make_user: MakeUser, case: AbsenceCase, role: Role) -> None:
    user = employer_user_for(case.employer) if role == Role.EMPLOYER else make_user(role)
    with pytest.raises(PermissionDenied):
        log(user, case)


def test_the_database_refuses_a_followup_before_the_contact(
    case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMoment.objects.create(
            case=case,
            contact_date=today,
            channel="phone",
            party="employee",
            summary=SUMMARY,
            followup_date=today - dt.timedelta(days=1),
            recorded_by=casemanager,
        )


def test_a_followup_is_marked_done_once_and_a_contact_without_one_cannot_be(
    case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    contact = log(casemanager, case, followup_in=3)
    done = services_contacts.contact_followup_done(done_by=casemanager, contact=contact)
    assert (done.followup_done_on, done.followup_done_by, done.followup_open) == (today, casemanager, False)
    audit = AuditLog.objects.get(object_type="contact_moment", object_id=str(contact.pk), action=AuditAction.UPDATE)
    assert audit.changes["followup_done_on"] == today.isoformat()

    with pytest.raises(CaseConflict):
        services_contacts.contact_followup_done(done_by=casemanager, contact=contact)
    with pytest.raises(CaseConflict):
        services_contacts.contact_followup_done(done_by=casemanager, contact=log(casemanager, case))


# --- The follow-up as a reminder -------------------------------------------------------------------------------


def test_the_followup_becomes_a_reminder_to_the_casemanager_sent_exactly_once(
    case: AbsenceCase, casemanager: User, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    contact = log(casemanager, case, followup_in=5)

    notification_sweep(today=today)  # five days ahead: not yet
    assert not Notification.objects.filter(object_type="contact_moment").exists()
    for day in (4, 5, 5):  # the day before and the day itself, the last sweep twice
        notification_sweep(today=today + dt.timedelta(days=day))

    reminder = Notification.objects.get(object_type="contact_moment")
    assert (reminder.recipient, reminder.kind, reminder.object_id) == (
        casemanager,
        NotificationKind.DUE_IN_1_DAY,
        str(contact.pk),
    )
    assert reminder.due_date == contact.followup_date
    assert reminder.title == "Opvolging contactmoment met werknemer"
    assert reminder.url == f"/verzuim/{case.pk}/contactmomenten/"
    assert case.employee.last_name not in reminder.context  # initials only, as every reminder

    Notification.objects.exclude(object_type="contact_moment").delete()  # the case's step reminders
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_send_pending() == 1
        assert notification_send_pending() == 0
    assert len(mail.outbox) == 1
    assert "Opvolging contactmoment met werknemer" in mail.outbox[0].body
    assert SUMMARY not in mail.outbox[0].body
    reminder.refresh_from_db()
    assert reminder.state == NotificationState.SENT


def test_an_open_followup_gets_one_overdue_reminder(case: AbsenceCase, casemanager: User, today: dt.date) -> None:
    log(casemanager, case, followup_in=0)
    for day in (1, 2, 9):
        notification_sweep(today=today + dt.timedelta(days=day))
    reminders = Notification.objects.filter(object_type="contact_moment")
    assert list(reminders.values_list("kind", flat=True)) == [NotificationKind.OVERDUE]


def test_marking_the_followup_done_cancels_its_pending_reminder(
    case: AbsenceCase, casemanager: User, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    contact = log(casemanager, case, followup_in=1)
    notification_sweep(today=today)
    assert Notification.objects.get(object_type="contact_moment").state == NotificationState.PENDING

    services_contacts.contact_followup_done(done_by=casemanager, contact=contact)

    assert Notification.objects.get(object_type="contact_moment").state == NotificationState.CANCELLED
    notification_sweep(today=today + dt.timedelta(days=2))  # no overdue reminder for a follow-up that is done
    Notification.objects.exclude(object_type="contact_moment").delete()  # the case's step reminders
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_send_pending() == 0
    assert Notification.objects.filter(object_type="contact_moment").count() == 1
    assert not mail.outbox


def test_the_followup_goes_to_the_new_casemanager_after_a_reassignment(
    make_user: MakeUser, case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    log(casemanager, case, followup_in=1)
    notification_sweep(today=today)
    successor = make_user(Role.CASEMANAGER)
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=successor)

    notification_sweep(today=today)

    states = dict(Notification.objects.filter(object_type="contact_moment").values_list("recipient", "state"))
    assert states == {casemanager.pk: NotificationState.CANCELLED, successor.pk: NotificationState.PENDING}


def test_a_followup_on_a_case_without_casemanager_goes_to_the_casemanager_who_logged_it(
    make_user: MakeUser, today: dt.date
) -> None:
    fixed = make_user(Role.CASEMANAGER)
    case = make_case(days_sick=10)
    case.employer.casemanager = fixed
    case.employer.save()
    assert case.casemanager is None
    log(fixed, case, followup_in=1)

    notification_sweep(today=today)

    assert Notification.objects.get(object_type="contact_moment").recipient == fixed


# --- The follow-up in the calendar -----------------------------------------------------------------------------


def feed(client: Client, user: User) -> list[Any]:
    token = calendar_token_create(user=user)
    response = client.get(f"/agenda/{token}.ics")
    assert response.status_code == 200
    return [e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT") if "contact-" in str(e["UID"])]


def test_an_open_followup_is_an_event_in_the_casemanagers_calendar_until_it_is_done(
    client: Client, case: AbsenceCase, casemanager: User, physician: User, today: dt.date
) -> None:
    contact = log(casemanager, case, followup_in=6, party="employer")
    log(casemanager, case)  # no follow-up: no event

    events = feed(client, casemanager)
    assert len(events) == 1
    event = events[0]
    assert event.decoded("DTSTART") == today + dt.timedelta(days=6)
    assert str(event["SUMMARY"]).startswith("Opvolging contactmoment met werkgever (")
    assert f"/verzuim/{case.pk}/contactmomenten/" in str(event["URL"])
    assert SUMMARY not in event.to_ical().decode()
    assert feed(client, physician) == []
    assert feed(client, employer_user_for(case.employer)) == []

    services_contacts.contact_followup_done(done_by=casemanager, contact=contact)
    assert feed(client, casemanager) == []


# --- The pages -------------------------------------------------------------------------------------------------


def test_the_form_page_warns_against_medical_data(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    response = staff_login(casemanager).get(f"/verzuim/{case.pk}/contactmomenten/nieuw/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Contactmoment vastleggen</h1>" in html
    assert "Geen medische gegevens: geen diagnose, oorzaak of behandeling." in html
    assert "diagnose" not in "".join(response.context["form"].fields)


def test_form_errors_show_at_their_field_in_dutch(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    response = staff_login(casemanager).post(
        f"/verzuim/{case.pk}/contactmomenten/nieuw/",
        {
            "contact_date": today.strftime("%d-%m-%Y"),
            "channel": "phone",
            "party": "employee",
            "summary": SUMMARY,
            "followup_date": (today - dt.timedelta(days=1)).strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<p class="utrecht-form-field-error-message error" id="id_followup_date_error">'
        "De opvolgdatum ligt vóór de datum van het contact.</p>" in html
    )
    assert not ContactMoment.objects.exists()


def test_the_casemanager_logs_a_contact_on_its_page_and_sees_the_log_newest_first_on_the_dossier(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    client = staff_login(casemanager)
    log(casemanager, case, days_ago=3, summary="Eerder gesprek met de werkgever.", party="employer")
    dossier = client.get(f"/verzuim/{case.pk}/contactmomenten/").content.decode()
    assert 'id="contactmomenten"' in dossier
    assert f'href="/verzuim/{case.pk}/contactmomenten/nieuw/"' in dossier

    response = client.post(
        f"/verzuim/{case.pk}/contactmomenten/nieuw/",
        {
            "contact_date": today.strftime("%d-%m-%Y"),
            "channel": "meeting",
            "party": "employee",
            "summary": SUMMARY,
            "followup_date": (today + dt.timedelta(days=7)).strftime("%d-%m-%Y"),
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/verzuim/{case.pk}/contactmomenten/", 302)]
    rows = [row.contact for row in response.context["contact_rows"]]
    assert [c.summary for c in rows] == [SUMMARY, "Eerder gesprek met de werkgever."]
    html = response.content.decode()
    assert html.index(SUMMARY) < html.index("Eerder gesprek met de werkgever.")
    assert "Het contactmoment is vastgelegd." in html
    assert "opvolging-afgerond/" in html


def test_the_casemanager_marks_a_followup_done_on_the_dossier(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User, today: dt.date
) -> None:
    contact = log(casemanager, case, followup_in=2)
    client = staff_login(casemanager)
    url = f"/verzuim/{case.pk}/contactmomenten/{contact.pk}/opvolging-afgerond/"

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(f"/verzuim/{case.pk}/contactmomenten/", 302)]
    assert f'Afgerond op <span class="nowrap">{today.strftime("%d-%m-%Y")}</span>' in response.content.decode()
    assert "opvolging-afgerond/" not in response.content.decode()
    assert client.post(url).status_code == 409
    assert client.get(url).status_code == 405


def test_the_physician_reads_the_log_but_cannot_write_it(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User, physician: User
) -> None:
    contact = log(casemanager, case, followup_in=2)
    client = staff_login(physician)
    html = client.get(f"/verzuim/{case.pk}/contactmomenten/").content.decode()
    assert SUMMARY in html
    assert "Contactmoment vastleggen" not in html
    assert "opvolging-afgerond/" not in html
    assert client.get(f"/verzuim/{case.pk}/contactmomenten/nieuw/").status_code == 404
    assert client.post(f"/verzuim/{case.pk}/contactmomenten/{contact.pk}/opvolging-afgerond/").status_code == 404


@pytest.mark.parametrize("role", [Role.INSURER, Role.ADMIN])
def test_insurer_staff_see_that_contacts_took_place_not_what_was_said(
    make_user: MakeUser, staff_login: StaffLogin, case: AbsenceCase, casemanager: User, role: Role
) -> None:
    log(casemanager, case, followup_in=2, channel="email", party="employer")
    response = staff_login(make_user(role)).get(f"/verzuim/{case.pk}/contactmomenten/")
    html = response.content.decode()
    assert 'id="contactmomenten"' in html
    assert "E-mail" in html
    assert SUMMARY not in html
    assert [row.summary for row in response.context["contact_rows"]] == [None]
    audit = AuditLog.objects.filter(object_type="contact_moment", action=AuditAction.LIST).latest("pk")
    assert audit.changes == {"count": 1, "summaries": False}


def test_the_employer_does_not_see_the_log(client: Client, case: AbsenceCase, casemanager: User) -> None:
    log(casemanager, case)
    client.force_login(employer_user_for(case.employer))
    response = client.get(f"/verzuim/{case.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="contactmomenten"' not in html
    assert SUMMARY not in html
    assert client.get(f"/verzuim/{case.pk}/contactmomenten/").status_code == 404
    assert client.get(f"/verzuim/{case.pk}/contactmomenten/nieuw/").status_code == 404


def test_another_casemanager_gets_404_for_the_pages_of_a_case_not_theirs(
    make_user: MakeUser, staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    contact = log(casemanager, case, followup_in=2)
    client = staff_login(make_user(Role.CASEMANAGER))
    assert client.get(f"/verzuim/{case.pk}/contactmomenten/nieuw/").status_code == 404
    assert client.post(f"/verzuim/{case.pk}/contactmomenten/{contact.pk}/opvolging-afgerond/").status_code == 404
    other_case = make_case(days_sick=5)
    assert client.post(f"/verzuim/{other_case.pk}/contactmomenten/{contact.pk}/opvolging-afgerond/").status_code == 404
    contact.refresh_from_db()
    assert contact.followup_open


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER])
def test_the_dossier_query_count_does_not_grow_with_the_contacts(
    make_user: MakeUser,
    staff_login: StaffLogin,
    case: AbsenceCase,
    casemanager: User,
    physician: User,
    role: Role,
    django_assert_num_queries: Any,
) -> None:
    viewer = {Role.CASEMANAGER: casemanager, Role.OCCUPATIONAL_PHYSICIAN: physician}.get(role) or make_user(role)
    client = staff_login(viewer)
    log(casemanager, case, followup_in=3)
    client.get(f"/verzuim/{case.pk}/contactmomenten/")  # warm the session and the user
    with CaptureQueriesContext(connection) as one:
        client.get(f"/verzuim/{case.pk}/contactmomenten/")
    for index in range(5):
        contact = log(casemanager, case, followup_in=index, days_ago=index, party="employer")
        if index % 2:
            services_contacts.contact_followup_done(done_by=casemanager, contact=contact)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(f"/verzuim/{case.pk}/contactmomenten/")
    assert len(response.context["contact_rows"]) == 6


# --- The follow-up in "Mijn taken" -----------------------------------------------------------------------------


def contact_tasks(user: User, today: dt.date) -> list[Any]:
    return [task for task in tasks_for(user, today) if task.key.startswith("contact-")]


def test_an_open_followup_is_a_task_of_the_casemanager_until_it_is_done(
    case: AbsenceCase, casemanager: User, physician: User, today: dt.date
) -> None:
    contact = log(casemanager, case, followup_in=3, channel="email", party="employer")
    log(casemanager, case, followup_in=40)  # beyond the four weeks: not yet a task
    log(casemanager, case)  # no follow-up: no task

    tasks = contact_tasks(casemanager, today)
    assert [(t.key, t.due, t.url) for t in tasks] == [
        (f"contact-{contact.pk}", today + dt.timedelta(days=3), f"/verzuim/{case.pk}/contactmomenten/")
    ]
    assert tasks[0].action == f"Contactmoment opvolgen: e-mail met werkgever van {today.strftime('%d-%m-%Y')}"
    assert tasks[0].subject == f"{case.employee.full_name} ({case.employer.name})"
    assert contact_tasks(physician, today) == []
    assert contact_tasks(employer_user_for(case.employer), today) == []

    services_contacts.contact_followup_done(done_by=casemanager, contact=contact)
    assert contact_tasks(casemanager, today) == []


def test_the_casemanager_dashboard_lists_the_followup_and_its_queries_do_not_grow_with_them(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    client = staff_login(casemanager)
    log(casemanager, case, followup_in=1)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for index in range(4):
        log(casemanager, case, followup_in=index + 2)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/")
    assert len(five.captured_queries) == len(one.captured_queries)
    html = response.content.decode()
    assert html.count("Contactmoment opvolgen: telefoon met werknemer") == 5
    assert SUMMARY not in html
