"""The satisfaction survey in a browser: the complainant follows the link, picks a score in the 1-5
fieldset, comments and sends; the page passes axe and keeps the strict CSP; the link then shows not-found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from complaints import surveys
from complaints.models import SurveyResponse
from tests.browser.conftest import PageWatch
from tests.complaints.test_surveys import make_complaint
from verzuim.mail import mail_send_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]


def test_the_complainant_answers_the_survey_once(
    page: Page, assert_accessible: Check, page_watch: PageWatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(surveys.secrets, "token_urlsafe", lambda n: "vaste-token-voor-de-test")
    surveys.survey_invite(complaint=make_complaint(received_on=dt.date(2026, 3, 2)))
    mail_send_pending()  # the outbox's beat job: the invitation gets its token when its mail is sent
    page.goto("/tevredenheid/vaste-token-voor-de-test/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe tevreden bent u?")
    assert_accessible(page, "survey-form")

    page.get_by_role("group", name="Uw oordeel, van 1 (zeer ontevreden) tot en met 5 (zeer tevreden)").get_by_label(
        "4 (tevreden)"
    ).check()
    page.get_by_label("Toelichting (niet verplicht)").fill("Duidelijk antwoord, wel wat laat.")
    page.get_by_role("button", name="Versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoord")
    assert_accessible(page, "survey-thanks")
    assert SurveyResponse.objects.get().score == 4

    page_watch.expect_not_found("/tevredenheid/vaste-token-voor-de-test/")
    page.goto("/tevredenheid/vaste-token-voor-de-test/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Onderzoek niet gevonden")
