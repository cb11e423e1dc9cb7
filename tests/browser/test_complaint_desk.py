"""The complaint handler's desk in a browser (issue 21, its first acceptance point): a public complaint with a PDF
attachment; the handler goes from the dashboard to the queue and the complaint, opens the attachment, acknowledges
with a previewed letter (one e-mail with the PDF, sent once though the outbox runs twice), asks for information,
records it came, and answers. After each step the complainant's private link shows the state and the letters, in a
browser of their own; an employer user's Mijn klachten shows theirs. Every desk page passes axe (no serious or
critical violation) under the strict CSP."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from complaints import services_workflow as workflow
from complaints.models import ComplaintLetter, ComplaintStatus
from complaints.services import complaint_file, complaint_file_followable
from tests.browser.journeys_helpers import log_in_staff
from tests.complaints.intake_helpers import PDF, upload, valid_input
from tests.factories import PASSWORD
from verzuim.mail import mail_send_pending
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def complainant_sees(complainant: Page, follow_path: str, state: str, letters: list[str]) -> None:
    """The private link, opened by the complainant (no login): the state and the letters sent so far."""
    complainant.goto(follow_path)
    expect(complainant.locator("#klacht-status")).to_have_text(state)
    if letters:
        expect(complainant.locator("#brieven th[scope=row]")).to_have_text(letters)
    else:
        expect(complainant.locator("#brieven")).to_have_count(0)
    expect(complainant.locator("main")).not_to_contain_text("Op welke dagen hebt u gebeld?")  # the handler's note


def test_the_handler_acknowledges_asks_for_information_and_answers_on_the_desk(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    make_user: MakeUser,
    log_in: LogIn,
    assert_accessible: Check,
    mailoutbox: list[Any],
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    complaint, token = complaint_file_followable(
        channel="public",
        **valid_input(
            contact_name="Klara Klager",
            contact_email="klara@example.nl",
            description="Mijn casemanager belt nooit terug.",
            attachments=[upload("gespreksverslag.pdf", PDF)],
        ),
    )
    mail_send_pending(seconds=5)  # the intake's confirmation, not the desk's
    mailoutbox.clear()
    handler = make_user(Role.COMPLAINT_HANDLER, full_name="Karin Klachten")
    complainant_context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    complainant = complainant_context.new_page()
    follow_path = f"/klacht-volgen/{token}/"
    complainant_sees(complainant, follow_path, "Ontvangen", [])

    log_in_staff(page, log_in, handler)
    page.get_by_role("link", name="Naar de klachten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klachten")
    row = page.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text("Ontvangst bevestigen")
    expect(row).to_contain_text(re.compile(r"nog \d+ werkdag"))
    assert_accessible(page, "desk-queue")
    row.get_by_role("link", name=complaint.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(complaint.reference)
    expect(page.locator("main")).to_contain_text("Mijn casemanager belt nooit terug.")
    assert_accessible(page, "desk-complaint-received")

    # The attachment opens in the browser (a new tab with its PDF viewer): inline, as the PDF it is.
    link = page.get_by_role("link", name="gespreksverslag.pdf")
    href = link.get_attribute("href")
    assert href is not None
    with page.context.expect_page() as tab:
        link.click()
    viewer = tab.value
    viewer.wait_for_load_state()
    assert viewer.url == f"{live_server.url}{href}"
    viewer.close()
    opened = page.request.get(href)
    assert opened.status == 200
    assert opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"].startswith("inline")
    assert opened.body() == PDF

    # Acknowledge: the standard text, a preview with one greeting and the handler's name, then send.
    page.get_by_role("link", name="Ontvangst bevestigen").click()
    expect(page.get_by_label("Tekst van de brief")).to_contain_text(complaint.reference)
    assert_accessible(page, "desk-compose-acknowledgement")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = page.get_by_role("region", name="Voorbeeld van de brief")
    expect(preview).to_contain_text("Beste Klara Klager,")
    expect(preview).to_contain_text("Karin Klachten")
    expect(preview.get_by_text("Met vriendelijke groet")).to_have_count(1)
    assert_accessible(page, "desk-compose-preview")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("status")).to_contain_text("per e-mail verstuurd naar klara@example.nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ontvangst bevestigd")

    mail_send_pending(seconds=5)
    mail_send_pending(seconds=5)  # a second run sends nothing again
    assert len(mailoutbox) == 1
    [part] = mailoutbox[0].attachments
    assert part.get_content_type() == "application/pdf"
    assert part.get_payload(decode=True) == bytes(ComplaintLetter.objects.get().pdf)
    page.reload()
    expect(page.get_by_role("row").filter(has_text="Ontvangstbevestiging (PDF)")).to_contain_text(
        "Gemaild naar klara@example.nl"
    )
    assert_accessible(page, "desk-complaint-acknowledged")
    complainant_sees(complainant, follow_path, "Ontvangst bevestigd", ["Ontvangstbevestiging"])
    mailed = complainant.request.get(f"{follow_path}brief/ontvangstbevestiging.pdf")
    assert mailed.body() == bytes(ComplaintLetter.objects.get().pdf)  # the very letter that was mailed

    # Ask for information: the answer term stands still, the reason is in the history.
    page.get_by_role("link", name="Informatie vragen").click()
    assert_accessible(page, "desk-step-request-information")
    page.get_by_label("Welke informatie vraagt u, en waarom?").fill("Op welke dagen hebt u gebeld?")
    page.get_by_role("button", name="Informatie vragen").click()
    expect(page.get_by_role("status")).to_contain_text("de antwoordtermijn staat stil")
    expect(page.locator("main")).to_contain_text("staat stil sinds")
    history = page.locator("table.complaint-history")
    expect(history).to_contain_text("Informatie gevraagd")
    expect(history).to_contain_text("Op welke dagen hebt u gebeld?")
    complainant_sees(complainant, follow_path, "Wacht op informatie van de klager", ["Ontvangstbevestiging"])
    page.get_by_role("link", name="Informatie ontvangen").click()
    page.get_by_role("button", name="Informatie ontvangen").click()
    expect(page.get_by_role("status")).to_contain_text("De informatie is ontvangen")

    # Answer.
    page.get_by_role("link", name="Beantwoorden").click()
    page.get_by_label("Tekst van de brief").fill(
        "U hebt ons gevraagd waarom uw casemanager niet terugbelde.\n\nZij belt u voortaan binnen een werkdag terug."
    )
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beantwoord")
    assert_accessible(page, "desk-complaint-answered")
    # With its letters, attachment and history the page still fits a phone (the empty one is in test_responsive).
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mail_send_pending(seconds=5)
    assert len(mailoutbox) == 2
    assert "binnen een werkdag terug" in mailoutbox[1].body
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    complainant_sees(complainant, follow_path, "Beantwoord", ["Ontvangstbevestiging", "Antwoord op uw klacht"])
    expect(complainant.get_by_role("heading", name="Niet tevreden met ons antwoord?")).to_be_visible()
    complainant_context.close()


def test_an_employer_user_follows_the_portal_complaint_in_mijn_klachten(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer_user = make_user(Role.EMPLOYER)
    complaint = complaint_file(
        channel="portal", submitted_by=employer_user, **valid_input(description="De premienota klopt niet.")
    )
    handler = make_user(Role.COMPLAINT_HANDLER)
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)

    log_in(employer_user.email, PASSWORD)
    page.get_by_role("link", name="Mijn klachten").click()
    row = page.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text("Ontvangst bevestigd")
    row.get_by_role("link", name=complaint.reference).click()
    expect(page.locator("#klacht-status")).to_have_text("Ontvangst bevestigd")
    expect(page.locator("#brieven th[scope=row]")).to_have_text(["Ontvangstbevestiging"])
    assert_accessible(page, "my-complaint-acknowledged")
