"""Small steps the role journeys (test_journeys.py) share: logging out, logging a staff member in with the code
from their authenticator app (as a person would), and the axe check for a Django admin page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from cases.absence.models import AbsenceCase
from cases.documents import services as documents
from cases.documents.models import DocumentPart, ReintegrationDocument
from tests.browser.conftest import BLOCKING_IMPACTS, SCREENSHOT_DIR
from tests.conftest import current_totp
from tests.factories import PASSWORD, confirmed_totp_device
from verzuim.models import User

# A plan van aanpak as the casemanager of the bakery's journeys writes it.
PLAN_CONTENT = {
    "goal_kind": "own_work",
    "goal": "Terug in eigen werk als bakker, eerst vier uur per dag.",
    "activities": [{"what": "Opbouw uren", "owner": "employee", "date": "2030-01-01"}],
    "contact_agreements": "Elke week telefonisch contact.",
    "casemanager": "Carla Casemanager",
    "physician_advice": "Opbouwen in uren.",
}


def plan_signed_by_the_employer(*, case: AbsenceCase, casemanager: User, employer_user: User) -> ReintegrationDocument:
    """The plan van aanpak of `case`, written by `casemanager` and signed by `employer_user`: the employee's turn."""
    plan = documents.document_create(
        created_by=casemanager,
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=case.first_sick_day,
        content=PLAN_CONTENT,
    )
    documents.document_sign_as_employer(
        signed_by=employer_user, document=plan, fingerprint=documents.document_fingerprint(plan)
    )
    return plan


LogIn = Callable[[str, str], None]


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def log_in_staff(page: Page, log_in: LogIn, user: User) -> None:
    """Password, then the code from the authenticator app; the staff member lands on their dashboard."""
    device = confirmed_totp_device(user)
    log_in(user.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Doorgaan").click()


def assert_admin_page_accessible(axe: Axe, page: Page, name: str) -> None:
    """assert_accessible (conftest.py) for a Django admin page: axe without its CSSOM preload.

    The admin's forms.css pulls in widgets.css with @import; axe's preload re-creates such sheets as <style>
    elements, which the strict CSP blocks (rightly), and the test's CSP watch would then blame the page for axe's
    own doing. Without the preload only css-orientation-lock, which needs the CSSOM, is left out.
    """
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)
    results = axe.run(page, options={"resultTypes": ["violations"], "preload": False})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}" for v in blocking
    )
