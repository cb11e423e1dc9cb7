"""The public complaint form in a browser: a person files a complaint with an attachment, sees the
reference and dates; the page passes axe with the honeypot out of sight and keeps the strict CSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from complaints import spam
from complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]


def test_a_person_files_a_complaint_on_the_public_form(
    page: Page, assert_accessible: Check, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    cache.clear()
    monkeypatch.setattr(spam, "MIN_FILL_SECONDS", 0)  # a test types faster than a person
    page.goto("/klacht-indienen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klacht indienen")
    expect(page.locator("#id_website")).not_to_be_in_viewport()
    assert_accessible(page, "complaint-public-form")

    page.get_by_label("Waar gaat uw klacht over?").select_option("premium")
    page.get_by_label("Omschrijving van uw klacht").fill("Mijn premie is dit jaar onverwacht verdubbeld.")
    page.get_by_label("Uw naam").fill("Jan de Vries")
    page.get_by_label("Uw e-mailadres").fill("jan@example.nl")
    page.get_by_label("Bijlagen").set_input_files(
        [{"name": "polis.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Klacht versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw klacht is ontvangen")
    complaint = Complaint.objects.get()
    expect(page.locator("main")).to_contain_text(complaint.reference)
    assert complaint.attachments.count() == 1
    assert_accessible(page, "complaint-filed")
    cache.clear()
