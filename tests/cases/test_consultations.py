"""The spreekuur (issue 20 item 4): the physician plans it, the employee gets one invitation with an .ics through the
outbox, a cancellation withdraws it under the same UID, the dossier shows when but never why, the outcome is
recorded all or nothing and its functional capabilities start the problem analysis, and "Mijn taken" follows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.message import Message
from email.utils import parseaddr
from typing import Any

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.services import CaseConflict
from cases.medical import services as services_medical
from cases.medical import services_consultations as services
from cases.medical.models import Consultation, ConsultationStatus, FunctionalAssessment, MedicalNote
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, confirmed_totp_device
from verzuim.mail import mail_send_pending
from verzuim.models import AuditLog, OutgoingMail, OutgoingMailState, Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db
StaffLogin = Callable[[User], Client]
AMSTERDAM = timezone.get_default_timezone()
SECRET = "Geheime diagnose: burn-out"
EMAIL = "sanne@example.nl"


@pytest.fixture
def team() -> dict[str, Any]:
    physician = UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")
    casemanager = UserFactory(role=Role.CASEMANAGER)
    for user in (physician, casemanager):
        confirmed_totp_device(user)
    employer = EmployerFactory(casemanager=casemanager, occupational_physician=physician)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, days_sick=20)
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=casemanager)
    case.refresh_from_db()
    return {"physician": physician, "casemanager": casemanager, "employer": employer, "case": case}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMSTERDAM)


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def plan(team: dict[str, Any], **overrides: Any) -> Consultation:
    values: dict[str, Any] = {
        "physician": team["physician"],
        "case": team["case"],
        "starts_at": at(tomorrow(), 10),
        "kind": "on_site",
        "location": "Arbodienst Midden, Stationsplein 1, Amersfoort",
        "invite_email": EMAIL,
    } | overrides
    return services.consultation_plan(**values)


def calendar_parts(message: Any) -> list[Message]:
    return [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]


def sent_calendar(message: Any) -> icalendar.Calendar:
    (part,) = calendar_parts(message)
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


# --- Planning ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starts_at": timezone.now() - dt.timedelta(hours=1)}, "starts_at", "Het spreekuur ligt in het verleden."),
        ({"kind": "video", "location": ""}, "video_url", "Vul de videolink in"),
        ({"kind": "video", "location": "", "video_url": "http://meet.example.nl/x"}, "video_url", "https://"),
        ({"location": ""}, "location", "Vul het adres in waar het spreekuur is."),
        ({"duration_minutes": 500}, "duration_minutes", "Kies een duur van 5 tot en met 240 minuten."),
    ],
)
def test_a_spreekuur_that_cannot_be_held_is_refused_at_its_field_and_nothing_is_saved(
    team: dict[str, Any], overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        plan(team, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Consultation.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_no_spreekuur_on_a_closed_case(team: dict[str, Any]) -> None:
    AbsenceCase.objects.filter(pk=team["case"].pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate(), close_reason="recovered"
    )
    team["case"].refresh_from_db()
    with pytest.raises(ValidationError, match="afgesloten"):
        plan(team)
    assert not Consultation.objects.exists()


def test_only_the_physician_plans_a_spreekuur(team: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        plan(team, physician=team["casemanager"])
    assert not Consultation.objects.exists()


def test_the_invitation_goes_out_once_through_the_outbox_with_an_ics_of_the_appointment(
    team: dict[str, Any],
) -> None:
    services_medical.medical_note_add(
        physician=team["physician"],
        case=team["case"],
        consulted_on=timezone.localdate(),
        consultation_note="Eerder consult",
        diagnosis=SECRET,
    )
    consultation = plan(team)
    (row,) = OutgoingMail.objects.all()
    assert (row.kind, row.to, row.state) == ("consultation_invitation", EMAIL, OutgoingMailState.PENDING)
    assert mail.outbox == []  # nothing leaves before the outbox's job runs

    assert mail_send_pending() == 1
    assert mail_send_pending() == 0  # a second run sends nothing again
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == f"Uitnodiging spreekuur bedrijfsarts op {tomorrow():%d-%m-%Y} om 10:00"
    assert "Arbodienst Midden, Stationsplein 1, Amersfoort" in message.body
    calendar = sent_calendar(message)
    assert calendar_parts(message)[0].get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"consultation-{consultation.pk}@verzuimportaal"
    start = event.decoded("DTSTART")
    assert (start.tzinfo.key, start.hour, start.date()) == ("Europe/Amsterdam", 10, tomorrow())
    assert event.decoded("DTEND") - start == dt.timedelta(minutes=30)
    assert str(event["LOCATION"]) == "Arbodienst Midden, Stationsplein 1, Amersfoort"
    assert calendar.walk("VTIMEZONE"), "the time zone travels with the invitation"
    # Nothing of the medical compartment in the mail or the file.
    everything = message.message().as_string() + calendar.to_ical().decode()
    assert SECRET not in everything
    assert "Eerder consult" not in everything
    assert team["physician"].email not in everything  # the physician's login is not handed out
    assert str(event["ORGANIZER"]) == f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"


def test_a_video_spreekuur_puts_the_link_in_the_invitation(team: dict[str, Any]) -> None:
    plan(team, kind="video", location="", video_url="https://video.example.nl/spreekuur/abc")
    mail_send_pending()
    (event,) = sent_calendar(mail.outbox[0]).walk("VEVENT")
    assert str(event["URL"]) == "https://video.example.nl/spreekuur/abc"
    assert "https://video.example.nl/spreekuur/abc" in mail.outbox[0].body


def test_a_second_submit_of_the_same_spreekuur_plans_and_invites_once(team: dict[str, Any]) -> None:
    plan(team)
    with pytest.raises(ValidationError, match="al een spreekuur gepland"):
        plan(team)
    assert Consultation.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


def test_without_an_address_no_mail_is_queued(team: dict[str, Any]) -> None:
    consultation = plan(team, invite_email="")
    assert consultation.status == ConsultationStatus.PLANNED
    assert not OutgoingMail.objects.exists()


# --- Cancelling and the no-show ------------------------------------------------------------------------------------


def test_cancelling_after_the_invitation_sends_cancel_with_the_same_uid(team: dict[str, Any]) -> None:
    consultation = plan(team)
    mail_send_pending()
    services.consultation_cancel(physician=team["physician"], consultation=consultation)
    assert mail_send_pending() == 1
    invitation, cancellation = mail.outbox
    assert cancellation.subject.startswith("Afgezegd: spreekuur bedrijfsarts")
    (invited,) = sent_calendar(invitation).walk("VEVENT")
    cancelled_calendar = sent_calendar(cancellation)
    (cancelled,) = cancelled_calendar.walk("VEVENT")
    assert cancelled_calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == str(invited["UID"])
    assert cancelled.decoded("SEQUENCE") > invited.decoded("SEQUENCE")
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_cancelling_before_the_invitation_left_sends_nothing_at_all(team: dict[str, Any]) -> None:
    consultation = plan(team)
    services.consultation_cancel(physician=team["physician"], consultation=consultation)
    assert mail_send_pending() == 0
    assert mail.outbox == []
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {OutgoingMailState.CANCELLED}


def test_a_cancelled_spreekuur_cannot_be_cancelled_again(team: dict[str, Any]) -> None:
    consultation = plan(team)
    services.consultation_cancel(physician=team["physician"], consultation=consultation)
    with pytest.raises(CaseConflict):
        services.consultation_cancel(physician=team["physician"], consultation=consultation)


def test_a_no_show_is_only_recorded_once_the_time_has_come(team: dict[str, Any]) -> None:
    consultation = plan(team)
    with pytest.raises(CaseConflict):
        services.consultation_no_show(physician=team["physician"], consultation=consultation)
    services.consultation_no_show(
        physician=team["physician"], consultation=consultation, now=consultation.starts_at + dt.timedelta(hours=1)
    )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.NO_SHOW


# --- The outcome and the problem analysis ---------------------------------------------------------------------------


def past_consultation(team: dict[str, Any], hours_ago: int = 2) -> Consultation:
    """A spreekuur that was planned yesterday for a moment that has now passed."""
    starts = (timezone.now() - dt.timedelta(hours=hours_ago)).replace(second=0, microsecond=0)
    return plan(team, starts_at=starts, now=starts - dt.timedelta(days=1))


OUTCOME: dict[str, Any] = {
    "consultation_note": "Spreekuur: klachten en belastbaarheid besproken.",
    "diagnosis": SECRET,
    "functional_limitations": "Geen tillen boven 10 kilo; zittend werk vier uur per dag kan.",
    "expected_duration_days": 60,
    "incapacity_pct": 50,
    "workplace_adjustments": "Sta-zitbureau.",
}


def test_the_outcome_records_the_note_the_assessment_and_the_spreekuur_held_together(team: dict[str, Any]) -> None:
    consultation = past_consultation(team)
    _consultation, assessment = services.consultation_outcome_record(
        physician=team["physician"], consultation=consultation, **OUTCOME
    )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.HELD
    note = MedicalNote.objects.get(consultation=consultation)
    assert (note.diagnosis, note.consulted_on) == (SECRET, timezone.localdate(consultation.starts_at))
    assert assessment.functional_limitations == OUTCOME["functional_limitations"]
    assert assessment.assessed_on == timezone.localdate(consultation.starts_at)
    assert not any(SECRET in str(row.changes) for row in AuditLog.objects.all())


def test_an_outcome_with_a_wrong_assessment_saves_nothing(team: dict[str, Any]) -> None:
    consultation = past_consultation(team)
    with pytest.raises(ValidationError):
        services.consultation_outcome_record(
            physician=team["physician"], consultation=consultation, **(OUTCOME | {"incapacity_pct": 150})
        )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PLANNED
    assert not MedicalNote.objects.exists()
    assert not FunctionalAssessment.objects.exists()


def test_no_outcome_before_the_day_of_the_spreekuur(team: dict[str, Any]) -> None:
    consultation = plan(team)
    with pytest.raises(CaseConflict, match="nog niet geweest"):
        services.consultation_outcome_record(physician=team["physician"], consultation=consultation, **OUTCOME)
    assert not MedicalNote.objects.exists()


@pytest.mark.parametrize("part", ["problem_analysis", "current_assessment"])
def test_the_physicians_document_starts_with_the_functional_capabilities_of_the_spreekuur(
    team: dict[str, Any], staff_login: StaffLogin, part: str
) -> None:
    consultation = past_consultation(team)
    services.consultation_outcome_record(physician=team["physician"], consultation=consultation, **OUTCOME)
    client = staff_login(team["physician"])
    response = client.get(f"/verzuim/{team['case'].pk}/documenten/nieuw/{part}/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["functional_limitations"].value() == OUTCOME["functional_limitations"]
    held_on = timezone.localdate(consultation.starts_at)
    assert form["prognosis"].value() == (
        f"Verwachte duur van het verzuim: 60 dagen (functionele mogelijkheden van {held_on:%d-%m-%Y})."
    )
    if part == "problem_analysis":
        assert form["advice"].value() == "Aanpassingen van de werkplek: Sta-zitbureau."
    assert str(OUTCOME["functional_limitations"]) in response.content.decode()
    assert SECRET not in response.content.decode()


def test_the_outcome_page_of_a_spreekuur_still_to_come_says_so(team: dict[str, Any], staff_login: StaffLogin) -> None:
    consultation = plan(team)
    client = staff_login(team["physician"])
    response = client.get(f"/verzuim/{team['case'].pk}/medisch/spreekuur/{consultation.pk}/uitkomst/")
    assert response.status_code == 409
    assert "nog niet geweest" in response.content.decode()


def test_the_outcome_page_records_the_outcome_and_goes_back_to_the_medical_compartment(
    team: dict[str, Any], staff_login: StaffLogin
) -> None:
    consultation = past_consultation(team)
    client = staff_login(team["physician"])
    path = f"/verzuim/{team['case'].pk}/medisch/spreekuur/{consultation.pk}/uitkomst/"
    data = {f"uitkomst-{name}": value for name, value in OUTCOME.items()}
    response = client.post(path, data)
    assert response.status_code == 302
    assert response["Location"] == f"/verzuim/{team['case'].pk}/medisch/#spreekuren"
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.HELD
    assert client.get(path).status_code == 409  # held: nothing more to record


def test_the_problem_analysis_starts_empty_without_an_assessment(team: dict[str, Any], staff_login: StaffLogin) -> None:
    client = staff_login(team["physician"])
    response = client.get(f"/verzuim/{team['case'].pk}/documenten/nieuw/problem_analysis/")
    assert response.status_code == 200
    assert not response.context["form"].initial.get("functional_limitations")


# --- The dossier: when, never why ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.INSURER])
def test_the_dossier_shows_that_a_spreekuur_is_planned_but_not_where_or_why(
    team: dict[str, Any], staff_login: StaffLogin, client: Client, role: str
) -> None:
    consultation = past_consultation(team)
    services.consultation_outcome_record(physician=team["physician"], consultation=consultation, **OUTCOME)
    plan(team)
    if role == Role.EMPLOYER:
        client.force_login(team["employer"].users.get(role=Role.EMPLOYER))
    elif role == Role.CASEMANAGER:
        staff_login(team["casemanager"])
    else:
        staff_login(UserFactory(role=Role.INSURER))
    response = client.get(f"/verzuim/{team['case'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="spreekuren"') : html.index("</table>", html.index('id="spreekuren"'))]
    assert f"{tomorrow():%d-%m-%Y}" in section
    assert "10:00" in section
    assert "Op locatie" in section
    assert "Gepland" in section
    assert "Gehouden" in section
    assert "Stationsplein" not in html  # where the employee goes is theirs and the physician's
    assert SECRET not in html
    assert str(OUTCOME["consultation_note"]) not in html


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.INSURER, Role.ADMIN, "other_physician"])
def test_only_the_employers_physician_reaches_the_spreekuur_pages(
    team: dict[str, Any], staff_login: StaffLogin, client: Client, role: str
) -> None:
    consultation = plan(team)
    if role == Role.EMPLOYER:
        client.force_login(team["employer"].users.get(role=Role.EMPLOYER))
    elif role == Role.CASEMANAGER:
        staff_login(team["casemanager"])
    elif role == "other_physician":
        staff_login(UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN))
    else:
        staff_login(UserFactory(role=role))
    base = f"/verzuim/{team['case'].pk}/medisch/spreekuur"
    form = {"day": tomorrow().isoformat(), "time": "11:00", "duration_minutes": "30", "kind": "phone"}
    assert client.get(f"{base}/nieuw/").status_code == 404
    assert client.post(f"{base}/nieuw/", form).status_code == 404
    assert client.get(f"{base}/{consultation.pk}/uitkomst/").status_code == 404
    assert client.post(f"{base}/{consultation.pk}/afzeggen/").status_code == 404
    assert Consultation.objects.get().status == ConsultationStatus.PLANNED
    assert Consultation.objects.count() == 1


def test_the_planning_page_says_the_invitation_must_go_another_way_without_an_address(
    team: dict[str, Any], staff_login: StaffLogin
) -> None:
    client = staff_login(team["physician"])
    form = {"day": tomorrow().isoformat(), "time": "11:00", "duration_minutes": "30", "kind": "phone"}
    response = client.post(f"/verzuim/{team['case'].pk}/medisch/spreekuur/nieuw/", form, follow=True)
    html = response.content.decode()
    assert "nodig de werknemer op een andere manier uit" in html
    assert "Niet per e-mail: nodig de werknemer op een andere manier uit." in html
    assert not OutgoingMail.objects.exists()


def test_a_time_in_the_past_is_refused_at_the_date_on_the_page(team: dict[str, Any], staff_login: StaffLogin) -> None:
    client = staff_login(team["physician"])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    form = {"day": yesterday.isoformat(), "time": "11:00", "duration_minutes": "30", "kind": "phone"}
    response = client.post(f"/verzuim/{team['case'].pk}/medisch/spreekuur/nieuw/", form)
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["Het spreekuur ligt in het verleden. Kies een moment vanaf nu."]
    assert not Consultation.objects.exists()


def test_every_read_and_change_is_audited(team: dict[str, Any], staff_login: StaffLogin) -> None:
    consultation = plan(team)
    services.consultation_cancel(physician=team["physician"], consultation=consultation)
    staff_login(team["casemanager"]).get(f"/verzuim/{team['case'].pk}/")
    rows = AuditLog.objects.filter(object_type="consultation")
    assert [row.action for row in rows.order_by("at", "pk")] == ["create", "update", "list"]


# --- Mijn taken -----------------------------------------------------------------------------------------------------


def task_actions(user: User) -> list[str]:
    return [task.action for task in tasks_for(user, timezone.localdate())]


def test_the_physician_has_the_spreekuur_to_hold_and_then_its_outcome_to_record_until_done(
    team: dict[str, Any],
) -> None:
    coming = plan(team)
    (task,) = [t for t in tasks_for(team["physician"], timezone.localdate()) if t.key.startswith("consultation-")]
    assert (task.action, task.due) == ("Spreekuur met Sanne de Vries houden om 10:00", tomorrow())
    assert task.url == f"/verzuim/{team['case'].pk}/medisch/#spreekuur-{coming.pk}"
    services.consultation_cancel(physician=team["physician"], consultation=coming)
    assert not [a for a in task_actions(team["physician"]) if "preekuur" in a]

    past = past_consultation(team)
    assert "Uitkomst spreekuur vastleggen" in task_actions(team["physician"])
    services.consultation_outcome_record(physician=team["physician"], consultation=past, **OUTCOME)
    assert not [a for a in task_actions(team["physician"]) if "preekuur" in a]


def test_other_roles_get_no_spreekuur_task(team: dict[str, Any]) -> None:
    plan(team)
    for user in (team["casemanager"], team["employer"].users.get(role=Role.EMPLOYER)):
        assert not [a for a in task_actions(user) if "preekuur" in a]


def test_the_dossier_and_the_dashboard_cost_the_same_queries_for_one_spreekuur_or_five(
    team: dict[str, Any], staff_login: StaffLogin
) -> None:
    client = staff_login(team["physician"])
    plan(team)

    def count(path: str) -> int:
        client.get(path)  # warm the session and the user
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries.captured_queries)

    one = (count(f"/verzuim/{team['case'].pk}/"), count("/"))
    for hour in (11, 12, 13, 14):
        plan(team, starts_at=at(tomorrow(), hour))
    assert (count(f"/verzuim/{team['case'].pk}/"), count("/")) == one
