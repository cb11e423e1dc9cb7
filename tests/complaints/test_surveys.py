"""Satisfaction surveys: the invitation after a complaint or a case closes (token stored only as its
SHA-256, mailed on commit), and the public one-time page: 1 to 5 and a comment, one response, then 404."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cases.absence import services as case_services
from cases.absence.models import AbsenceCase, CaseStatus
from complaints import deadlines, surveys
from complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintStatus,
    ComplaintTerms,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
)
from complaints.services_workflow import complaint_close
from complaints.signals import complaint_closed
from tests.cases.factories import make_case
from tests.factories import UserFactory
from verzuim.mail import mail_send_pending
from verzuim.models import OutgoingMail, Role

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def make_complaint(n: int = 1, *, received_on: dt.date = dt.date(2026, 3, 2), **fields: Any) -> Complaint:
    terms = ComplaintTerms.objects.first()
    assert terms is not None
    return Complaint.objects.create(
        reference=f"KL-{received_on.year}-{n:06d}",
        category=fields.pop("category", "premium"),
        description="Te hoge premie",
        contact_name="Karin Klager",
        contact_email=fields.pop("contact_email", "karin@example.nl"),
        channel=ComplaintChannel.PUBLIC,
        received_on=received_on,
        terms=terms,
        acknowledge_by=deadlines.acknowledge_by(received_on, terms.acknowledge_working_days),
        answer_by=deadlines.answer_by(received_on, terms.answer_weeks),
        **fields,
    )


def token_from_mail(message: Any) -> str:
    match = re.search(r"/tevredenheid/([A-Za-z0-9_-]+)/", message.body)
    assert match is not None, message.body
    return match.group(1)


@pytest.fixture
def invited() -> tuple[SurveyInvitation, str]:
    invitation = surveys.survey_invite(complaint=make_complaint())
    assert invitation is not None
    mail_send_pending()  # the outbox's beat job
    invitation.refresh_from_db()
    return invitation, token_from_mail(mail.outbox[-1])


def url(token: str) -> str:
    return f"/tevredenheid/{token}/"


# --- The invitation ------------------------------------------------------------------------------------------


def test_invitation_after_a_complaint_mails_a_link_whose_token_is_stored_only_hashed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    complaint = make_complaint()
    invitation = surveys.survey_invite(complaint=complaint, now=NOW)
    assert invitation is not None
    hash_before_sending = invitation.token_hash
    (row,) = OutgoingMail.objects.values()
    assert (row["kind"], row["to"], row["object_type"]) == (
        "survey_invitation",
        "karin@example.nl",
        "survey_invitation",
    )
    assert mail.outbox == []
    monkeypatch.setattr(surveys.timezone, "now", lambda: NOW + dt.timedelta(minutes=1))
    assert mail_send_pending(now=NOW + dt.timedelta(minutes=1)) == 1  # the outbox's beat job
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@example.nl"]
    assert "KL-2026-000001" in message.body
    assert "23-12-2026" in message.body  # valid 30 days
    token = token_from_mail(message)
    invitation.refresh_from_db()
    # The token is made when the mail is sent: the invitation opened nothing before.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest() != hash_before_sending
    assert token not in str(list(OutgoingMail.objects.values()))
    assert invitation.kind == SurveyKind.COMPLAINT
    assert invitation.expires_at == NOW + dt.timedelta(days=30)


def test_no_mail_when_the_invitation_rolls_back() -> None:
    complaint = make_complaint()

    def fail_after_the_fact() -> None:
        with transaction.atomic():
            surveys.survey_invite(complaint=complaint)
            raise RuntimeError("the transaction fails after the invitation")

    with pytest.raises(RuntimeError):
        fail_after_the_fact()
    assert not OutgoingMail.objects.exists()
    assert mail_send_pending() == 0
    assert mail.outbox == []


def test_a_complaint_gets_one_invitation_only(invited: tuple[SurveyInvitation, str]) -> None:
    invitation, _token = invited
    assert invitation.complaint is not None
    assert surveys.survey_invite(complaint=invitation.complaint) is None
    assert SurveyInvitation.objects.count() == 1


def test_closing_a_complaint_signal_invites_the_complainant() -> None:
    complaint = make_complaint()
    complaint_closed.send(sender=Complaint, complaint=complaint)
    mail_send_pending()  # the outbox's beat job
    assert SurveyInvitation.objects.get().complaint == complaint
    assert mail.outbox[0].to == ["karin@example.nl"]


def test_closing_a_case_invites_the_employer_users(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    case = make_case(first_sick_day=dt.date(2026, 9, 1), today=dt.date(2026, 9, 1))
    second = UserFactory(role=Role.EMPLOYER, employer=case.employer)
    reporter = case.reported_by
    case_services.case_report_recovery(
        reported_by=reporter, case=case, date=dt.date(2026, 9, 10), recovered_pct=100, today=dt.date(2026, 9, 10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert case_services.case_close_recovered(today=dt.date(2026, 11, 1)) == 1
    mail_send_pending()  # the outbox's beat job
    case = AbsenceCase.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED
    invitation = SurveyInvitation.objects.get()
    assert (invitation.kind, invitation.case, invitation.employer) == (SurveyKind.CASE, case, case.employer)
    assert sorted(mail.outbox[-1].to) == sorted([str(reporter.email), str(second.email)])
    assert "verzuimbegeleiding" in mail.outbox[-1].body


def test_a_failing_invitation_does_not_break_closing_a_case(
    django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("mail server gone")

    monkeypatch.setattr(surveys, "survey_invite", broken)
    case = make_case(first_sick_day=dt.date(2026, 9, 1), today=dt.date(2026, 9, 1))
    case_services.case_report_recovery(
        reported_by=case.reported_by,
        case=case,
        date=dt.date(2026, 9, 10),
        recovered_pct=100,
        today=dt.date(2026, 9, 10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert case_services.case_close_recovered(today=dt.date(2026, 11, 1)) == 1
    assert AbsenceCase.objects.get(pk=case.pk).status == CaseStatus.CLOSED


# --- The public page -----------------------------------------------------------------------------------------


def test_the_page_asks_a_1_to_5_score_in_a_fieldset_with_a_legend(
    client: Client, invited: tuple[SurveyInvitation, str]
) -> None:
    response = client.get(url(invited[1]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<fieldset" in html
    assert "<legend>" in html
    assert [int(v) for v in re.findall(r'type="radio" name="score" value="(\d)"', html)] == [1, 2, 3, 4, 5]
    assert response["Referrer-Policy"] == "same-origin"


def test_answering_stores_exactly_one_response_and_uses_the_token(
    client: Client, invited: tuple[SurveyInvitation, str]
) -> None:
    invitation, token = invited
    response = client.post(url(token), {"score": "4", "comment": "Snel en netjes geholpen."})
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    answer = SurveyResponse.objects.get()
    assert (answer.invitation, answer.score, answer.comment) == (invitation, 4, "Snel en netjes geholpen.")
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_the_token_works_once(client: Client, invited: tuple[SurveyInvitation, str]) -> None:
    token = invited[1]
    client.post(url(token), {"score": "4"})
    again = client.post(url(token), {"score": "1", "comment": "nog een keer"})
    assert again.status_code == 404
    assert "Onderzoek niet gevonden" in again.content.decode()
    assert client.get(url(token)).status_code == 404
    assert SurveyResponse.objects.get().score == 4


def test_an_expired_token_is_a_404(client: Client, invited: tuple[SurveyInvitation, str]) -> None:
    invitation, token = invited
    SurveyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(url(token)).status_code == 404
    assert client.post(url(token), {"score": "5"}).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_an_unknown_token_is_a_404(client: Client, invited: tuple[SurveyInvitation, str]) -> None:
    response = client.get(url("niet-bestaand-token"))
    assert response.status_code == 404
    assert "Onderzoek niet gevonden" in response.content.decode()


@pytest.mark.parametrize("score", ["", "0", "6", "vijf"])
def test_a_score_outside_1_to_5_is_refused_and_stores_nothing(
    client: Client, invited: tuple[SurveyInvitation, str], score: str
) -> None:
    invitation, token = invited
    response = client.post(url(token), {"score": score})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_the_handler_closing_a_complaint_sends_the_survey(
    make_user: Callable[..., Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    complaint = make_complaint(
        status=ComplaintStatus.ANSWERED, acknowledged_on=dt.date(2026, 3, 3), answered_on=dt.date(2026, 3, 20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        complaint_close(closed_by=make_user(Role.COMPLAINT_HANDLER), complaint=complaint, outcome="founded")
    mail_send_pending()  # the outbox's beat job
    assert SurveyInvitation.objects.get().complaint == complaint
    assert [m.to for m in mail.outbox if "/tevredenheid/" in m.body] == [["karin@example.nl"]]
