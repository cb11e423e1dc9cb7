"""Following a complaint in a browser (issue 21 item 3): a person files a public complaint, opens the private link
from the confirmation page and sees the state; after the handler acknowledges, the page shows it and the letter; once
answered, where to go next. All on a 390 px phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from complaints import services_workflow as workflow
from complaints import spam
from complaints.models import Complaint
from tests.factories import UserFactory
from verzuim.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
PHONE = {"width": 390, "height": 844}


def assert_fits(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]} px wide on a {widths[1]} px screen"


def test_a_person_files_a_complaint_and_follows_it_through_the_private_link(
    page: Page, assert_accessible: Check, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    cache.clear()
    monkeypatch.setattr(spam, "MIN_FILL_SECONDS", 0)  # a test types faster than a person
    page.set_viewport_size(PHONE)
    page.goto("/klacht-indienen/")
    page.get_by_label("Waar gaat uw klacht over?").select_option("premium")
    page.get_by_label("Omschrijving van uw klacht").fill("Mijn premie is dit jaar onverwacht verdubbeld.")
    page.get_by_label("Uw naam").fill("Jan de Vries")
    page.get_by_label("Uw e-mailadres").fill("jan@example.nl")
    page.get_by_role("button", name="Klacht versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw klacht is ontvangen")
    assert_fits(page)  # the long link wraps
    assert_accessible(page, "complaint-filed-with-follow-link")

    link = page.locator("#volglink a")
    # The link names the configured portal address; the test server listens elsewhere, so follow its path.
    path = "/" + (link.get_attribute("href") or "").split("/", 3)[3]
    assert path.startswith("/klacht-volgen/")
    page.goto(path)
    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Klacht {complaint.reference}")
    expect(page.locator("#klacht-status")).to_have_text("Ontvangen")
    assert_accessible(page, "complaint-follow-received")

    handler = UserFactory(role=Role.COMPLAINT_HANDLER)
    workflow.complaint_acknowledge(acknowledged_by=handler, complaint=complaint)
    page.reload()
    expect(page.locator("#klacht-status")).to_have_text("Ontvangst bevestigd")
    expect(page.get_by_role("link", name="Openen (PDF) Ontvangstbevestiging")).to_be_visible()
    assert_accessible(page, "complaint-follow-acknowledged")

    # Answered: where to go next (Kifid) appears; the page still fits the phone and passes axe.
    workflow.complaint_answer(answered_by=handler, complaint=complaint, text="Wij passen de premie aan.")
    page.reload()
    expect(page.locator("#klacht-status")).to_have_text("Beantwoord")
    expect(page.get_by_role("heading", name="Niet tevreden met ons antwoord?")).to_be_visible()
    assert_fits(page)
    assert_accessible(page, "complaint-follow-answered-phone")
    cache.clear()
