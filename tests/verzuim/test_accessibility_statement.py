"""The accessibility statement at /toegankelijkheid/ (verzuim.accessibility; issue 24 item 5): public, after the
DigiToegankelijk model, its "what was tested" in step with the browser suite, and linked from every page's footer."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import EmployeeFactory
from verzuim import accessibility
from verzuim.models import Role, User

BROWSER_TESTS = Path(settings.BASE_DIR) / "tests" / "browser"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
URL = "/toegankelijkheid/"

MakeUser = Callable[..., User]


def _axe_checks() -> dict[str, list[str]]:
    """Each assert_accessible call of the browser suite: its page name (an f-string becomes a regex of its literal
    parts) with the source of the call, to see its keyword arguments."""
    checks: dict[str, list[str]] = {}
    for path in sorted(BROWSER_TESTS.glob("test_*.py")):
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            is_check = (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "assert_accessible"
            )
            if not is_check or len(node.args) < 2:  # type: ignore[attr-defined]
                continue
            name = node.args[1]  # type: ignore[attr-defined]
            if isinstance(name, ast.Constant):
                pattern = re.escape(str(name.value))
            elif isinstance(name, ast.JoinedStr) and isinstance(name.values[0], ast.Constant):
                # f"case-overview-{role}": the literal parts, anything between; an f-string that starts with a
                # placeholder (f"{role}-{route.key}") names no page of its own and is left out.
                pattern = "".join(
                    re.escape(str(part.value)) if isinstance(part, ast.Constant) else ".+" for part in name.values
                )
            else:
                continue
            checks.setdefault(pattern, []).append(ast.get_source_segment(source, node) or "")
    return checks


def _calls_for(check: str, checks: dict[str, list[str]]) -> list[str]:
    return [call for pattern, calls in checks.items() if re.fullmatch(pattern, check) for call in calls]


def test_every_listed_page_has_an_axe_check_in_the_browser_suite() -> None:
    checks = _axe_checks()
    missing = [page.check for page in accessibility.CHECKED_PAGES if not _calls_for(page.check, checks)]
    assert not missing, f"listed in verzuim/accessibility.py but never checked with axe: {missing}"


def test_a_listed_chart_page_also_fails_on_colour_contrast_left_for_review() -> None:
    checks = _axe_checks()
    for page in accessibility.CHECKED_PAGES:
        if page.chart:
            calls = _calls_for(page.check, checks)
            assert calls, page.check
            assert all("contrast_reviewed=True" in call for call in calls), page.check


def test_every_keyboard_journey_test_is_listed_and_every_listed_one_exists() -> None:
    tree = ast.parse((BROWSER_TESTS / "test_keyboard_journeys.py").read_text())
    tests = {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}
    assert tests == {journey.test for journey in accessibility.KEYBOARD_JOURNEYS}


def test_the_last_full_check_is_a_day_that_has_been() -> None:
    assert timezone.localdate() >= accessibility.LAST_FULL_CHECK
    assert accessibility.LAST_FULL_CHECK < accessibility.FULL_RESEARCH_PLANNED_BY
    assert all(issue.fixed_by > accessibility.LAST_FULL_CHECK for issue in accessibility.KNOWN_ISSUES)


@pytest.mark.django_db
def test_the_statement_is_public_and_has_the_elements_of_the_model(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toegankelijkheids\u00adverklaring</h1>" in html  # a soft hyphen for phones
    assert '<dd id="statement-status">C - eerste maatregelen genomen</dd>' in html
    assert "EN 301 549 (WCAG 2.1 niveau AA)" in html
    assert '<time datetime="2026-12-08">8 december 2026</time>' in html  # the date of the last full check
    assert accessibility.MODEL_URL in html
    for page in accessibility.CHECKED_PAGES:
        assert f"<li>{page.label}" in html
    for journey in accessibility.KEYBOARD_JOURNEYS:
        assert f"<li>{journey.label}</li>" in html
    assert "axe-core (via axe-playwright-python)" in html
    assert "Chromium (headless, via Playwright)" in html
    assert html.count("1 juni 2027") >= 1 + len(accessibility.KNOWN_ISSUES)  # planned research and each fix
    assert 'href="/klacht-indienen/">Probleem met toegankelijkheid melden</a>' in html


def test_every_page_layout_with_a_footer_links_the_statement() -> None:
    layouts = [
        path
        for path in TEMPLATES.rglob("*.html")
        if "<footer" in path.read_text() and path.parts[len(TEMPLATES.parts)] not in {"email", "pdf"}
    ]
    assert {path.relative_to(TEMPLATES).as_posix() for path in layouts} >= {
        "base.html",
        "cases/documents/public_base.html",
    }
    for path in layouts:
        text = path.read_text()
        footer = text[text.index("<footer") : text.index("</footer>")]
        assert "{% url 'accessibility_statement' %}" in footer, path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/inloggen/",  # the login page
        "/klacht-indienen/",  # the public complaint form
        URL,
        "/werknemer/inkomen/not-a-token/",  # an employee's link page (public_base.html), even an invalid one
    ],
)
def test_the_footer_of_a_public_page_links_the_statement(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert f'href="{URL}">Toegankelijkheid</a>' in footer


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.EMPLOYEE])
def test_the_footer_of_a_portal_page_links_the_statement(
    client: Client, make_user: MakeUser, role: str, employer_user: User
) -> None:
    employee = EmployeeFactory(employer=employer_user.employer)
    user = employer_user if role == Role.EMPLOYER else make_user(role, employee=employee)
    client.force_login(user)
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert f'href="{URL}">Toegankelijkheid</a>' in footer


def test_the_status_is_one_of_the_model() -> None:
    assert accessibility.STATUS in accessibility.STATUS_LABELS
    assert isinstance(accessibility.LAST_FULL_CHECK, dt.date)
