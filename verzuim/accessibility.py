"""The accessibility statement (toegankelijkheidsverklaring) at /toegankelijkheid/ (issue 24 item 5; decisions 371-D6).

It follows the Dutch model statement of DigiToegankelijk (Logius): the compliance status A to E
(https://www.digitoegankelijk.nl/toegankelijkheidsverklaring/status), the standard (EN 301 549, which holds WCAG 2.1
level AA), what was tested and how, what is known not to work and when it will, and where to report a problem.

"What was tested" is drawn from the browser suite (tests/browser): ``CHECKED_PAGES`` names pages that a browser
test checks with axe-core (the ``name`` given to the ``assert_accessible`` fixture) and ``KEYBOARD_JOURNEYS`` the
keyboard-only journeys (tests/browser/test_keyboard_journeys.py). tests/verzuim/test_accessibility_statement.py
keeps them in step: every listed page has its axe check, every keyboard journey test is listed, and a chart page is
listed only when its check also fails on colour contrast that axe left for review.

``LAST_FULL_CHECK`` is the day the whole browser suite last passed in Chromium; whoever runs it in full on main and
sees it pass moves the date (decision 372). The page shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The day the whole browser suite (axe on every page below, the keyboard journeys) last passed in Chromium.
LAST_FULL_CHECK = dt.date(2026, 12, 8)
# Status C of the model: first measures taken, no complete WCAG-EM research yet; that research is planned within
# six months of the statement (decision 371).
STATUS = "C"
FULL_RESEARCH_PLANNED_BY = dt.date(2027, 6, 1)
STANDARD = "EN 301 549 (WCAG 2.1 niveau AA)"
MODEL_URL = "https://www.digitoegankelijk.nl/toegankelijkheidsverklaring/status"
TOOLS = (
    _("axe-core (via axe-playwright-python): geen enkele ernstige of kritieke bevinding op de geteste pagina's"),
    _("Chromium (headless, via Playwright), op 390 en 1280 pixels breed"),
    _("routes met alleen het toetsenbord (Tab, Enter, spatiebalk, typen), met zichtbare focus in logische volgorde"),
)


@dataclass(frozen=True)
class CheckedPage:
    check: str  # the name the browser test gives assert_accessible
    label: Promise
    chart: bool = False  # a chart page: its colour contrast may not be left for review either


@dataclass(frozen=True)
class KeyboardJourney:
    test: str  # the test function in tests/browser/test_keyboard_journeys.py
    label: Promise


@dataclass(frozen=True)
class KnownIssue:
    what: Promise
    fixed_by: dt.date


STATUS_LABELS = {
    "A": _("A - voldoet volledig"),
    "B": _("B - voldoet gedeeltelijk"),
    "C": _("C - eerste maatregelen genomen"),
    "D": _("D - geen maatregelen genomen"),
    "E": _("E - geen verklaring"),
}

CHECKED_PAGES: tuple[CheckedPage, ...] = (
    CheckedPage("login", _("Inloggen")),
    CheckedPage("employer-dashboard", _("Overzicht van de werkgever")),
    CheckedPage("sickness-form", _("Ziekmelden (werkgever)")),
    CheckedPage("case-page", _("Verzuimdossier met de 104 weken in beeld"), chart=True),
    CheckedPage("case-overview-employer", _("Overzicht van een verzuimdossier (werkgever)"), chart=True),
    CheckedPage("case-steps", _("Stappen van de Wet verbetering poortwachter")),
    CheckedPage("statistics", _("Verzuimcijfers met grafiek, tabel en sectorvergelijking"), chart=True),
    CheckedPage("income-calculated", _("Inkomensgesprek met grafiek (casemanager)"), chart=True),
    CheckedPage("income-employee", _("Uw inkomen tijdens en na ziekte (werknemer)"), chart=True),
    CheckedPage("income-employee-intro", _("Uitleg bij het inkomensoverzicht (werknemer)"), chart=True),
    CheckedPage("plan-page", _("Plan van aanpak")),
    CheckedPage("own-dossier", _("Mijn verzuim (werknemer)"), chart=True),
    CheckedPage("own-document-sign", _("Plan van aanpak ondertekenen (werknemer)")),
    CheckedPage("employee-sign-page", _("Ondertekenen via een link (werknemer)")),
    CheckedPage("employee-list", _("Werknemers")),
    CheckedPage("premium-page", _("Premie en toelichting")),
    CheckedPage("claims-overview", _("Declaraties")),
    CheckedPage("complaint-public-form", _("Klacht indienen zonder inloggen")),
    CheckedPage("complaint-portal-form", _("Klacht indienen in het portaal")),
    CheckedPage("desk-queue", _("Klachtenbehandeling")),
    CheckedPage("my-data", _("Mijn gegevens")),
    CheckedPage("notifications", _("Meldingen")),
    CheckedPage("accessibility-statement", _("Deze toegankelijkheidsverklaring")),
)

KEYBOARD_JOURNEYS: tuple[KeyboardJourney, ...] = (
    KeyboardJourney("test_employer_reports_sickness_with_the_keyboard_only", _("Een werknemer ziekmelden (werkgever)")),
    KeyboardJourney(
        "test_employee_signs_the_plan_with_the_keyboard_only",
        _("Het plan van aanpak ondertekenen in het portaal (werknemer)"),
    ),
    KeyboardJourney(
        "test_employer_files_a_complaint_with_the_keyboard_only", _("Een klacht indienen in het portaal (werkgever)")
    ),
)

KNOWN_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue(
        _(
            "Er is nog geen volledig onderzoek volgens WCAG-EM naar alle 50 eisen gedaan. De automatische controles "
            "en de toetsenbordroutes vinden niet alles: of teksten duidelijk zijn, of een schermlezer alles goed "
            "voorleest en of de pagina's bij 400% vergroting bruikbaar blijven, is nog niet door mensen onderzocht."
        ),
        FULL_RESEARCH_PLANNED_BY,
    ),
    KnownIssue(
        _(
            "Het beheer voor medewerkers van de verzekeraar gebruikt de standaardopmaak van Django. Het is met axe "
            "gecontroleerd, maar er is nog geen route met alleen het toetsenbord voor getest."
        ),
        FULL_RESEARCH_PLANNED_BY,
    ),
)
