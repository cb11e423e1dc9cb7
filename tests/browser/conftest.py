"""Browser fixtures: Debian Chromium driven by Playwright (sync API) against pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught script error, a Content-Security-Policy
violation or an HTML response without a CSP header fails the test. Chromium is required, never skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Impacts that fail a page; "minor" and "moderate" findings are printed by axe but do not fail.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Set to a folder to keep a full-page screenshot of every page checked with axe (for looking at layout).
SCREENSHOT_DIR = os.environ.get("BROWSER_SCREENSHOT_DIR", "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: Playwright's event loop then never runs under the other tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install the Debian package `chromium`.")
    # Playwright's sync API keeps an asyncio event loop running in this thread; Django's ORM refuses to
    # run synchronously under a running loop unless told that this is safe (it is: nothing else uses it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@dataclass
class PageWatch:
    """Problems seen on the pages of one test."""

    problems: list[str] = field(default_factory=list)
    expected_not_found: list[str] = field(default_factory=list)

    def expect_not_found(self, path: str) -> None:
        """Chromium logs a 404 page as a console error; accept that for this path only."""
        self.expected_not_found.append(path)

    def on_console(self, message: ConsoleMessage) -> None:
        text, url = message.text, message.location.get("url", "")
        is_csp = "Content Security Policy" in text or "Refused to" in text
        if message.type != "error" and not is_csp:
            return
        if "status of 404" in text and any(url.endswith(path) for path in self.expected_not_found):
            return
        self.problems.append(f"console {message.type} ({url or 'page'}): {text}")

    def on_page_error(self, error: Exception) -> None:
        self.problems.append(f"uncaught script error: {error}")

    def on_response(self, response: Response) -> None:
        # The CSP must really be on: every HTML page the portal serves carries it (redirects have no content).
        is_page = response.request.resource_type == "document" and not 300 <= response.status < 400
        if is_page and "content-security-policy" not in response.headers:
            self.problems.append(f"no Content-Security-Policy header on {response.url}")


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser: Browser, live_server: Any, page_watch: PageWatch) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server; fails the test on any page problem."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(5_000)
    page = context.new_page()
    page.on("console", page_watch.on_console)
    page.on("pageerror", page_watch.on_page_error)
    page.on("response", page_watch.on_response)
    # The CSP reports violations as a DOM event too; surface them on the console, where they are collected.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    context.close()
    assert not page_watch.problems, "Problems on the pages of this test:\n" + "\n".join(page_watch.problems)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe) -> Callable[..., None]:
    """Run axe-core on the page as it is now; fail on any serious or critical violation.

    ``contrast_reviewed=True`` (the chart pages: statistics, income, the case overview with its 104 weeks; issue 24
    item 5) also fails on any colour-contrast item axe leaves "for review" (its ``incomplete`` list): axe could not
    tell the contrast, so nobody checked it. The names given here are the pages the accessibility statement lists
    (verzuim/accessibility.py; tests/verzuim/test_accessibility_statement.py keeps the two in step).
    """

    def check(page: Page, name: str, *, contrast_reviewed: bool = False) -> None:
        if SCREENSHOT_DIR:
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}" for v in blocking
        )
        if contrast_reviewed:
            unchecked = [
                (node["target"], [check["message"] for check in node["any"]])
                for item in results.response["incomplete"]
                if item["id"] == "color-contrast"
                for node in item["nodes"]
            ]
            assert not unchecked, f"axe could not check the colour contrast on {name} ({page.url}): {unchecked}"

    return check


@pytest.fixture
def log_in(page: Page) -> Callable[[str, str], None]:
    """Log in through the login form, as a person would."""

    def submit(email: str, password: str) -> None:
        page.goto("/inloggen/")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()

    return submit
