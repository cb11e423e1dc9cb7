"""Security headers and sessions: a strict CSP on real pages, idle expiry of staff sessions, CSRF on
every form. HSTS and the Secure/HttpOnly/SameSite cookies are tested in test_settings.py.

Production settings are read once per process, so the production checks run a real login and page requests
through the test client in a subprocess with DJANGO_ENV=production (as test_settings.py does).
"""

from __future__ import annotations

import json
import re
import secrets
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from tests.api.world import World, seed_world
from tests.processes import run_python
from verzuim.models import Role, User

IDLE_SECONDS = 600  # not the default (1800): the limit comes from the environment

# Under production settings, over https, through the test client: pages, logins, an idle staff session.
PRODUCTION_SCRIPT = """
import json
import time
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from verzuim.models import Employer, Role, User
from verzuim.sessions import LAST_SEEN_KEY

call_command("migrate", verbosity=0)
# Production serves static files hashed from a manifest that collectstatic writes; static URLs are not under test
# here, so pages render with the plain storage instead of a minute of collectstatic. Every other setting is production.
from django.test.utils import override_settings

override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
PASSWORD = "een-lang-wachtwoord"
employer = Employer.objects.create(
    name="Bakkerij", kvk_number="12345678", payroll_tax_number="123456782L01", sbi_code="1071"
)
User.objects.create_user(email="werkgever@example.nl", password=PASSWORD, role=Role.EMPLOYER, employer=employer)
for email in ("stil@example.nl", "actief@example.nl"):
    staff = User.objects.create_user(email=email, password=PASSWORD, role=Role.CASEMANAGER)
    TOTPDevice.objects.create(user=staff, name="test", confirmed=True)


def client():
    return Client(HTTP_HOST="portal.example.nl")


def log_in(email):
    browser = client()
    assert browser.post("/inloggen/", {"username": email, "password": PASSWORD}, secure=True).status_code == 302
    device = TOTPDevice.objects.filter(user__email=email).first()
    if device is not None:
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"
        verified = browser.post("/account/tweestapsverificatie/", {"token": code}, secure=True)
        assert verified.status_code == 302, verified.content
    return browser


def dashboard(browser):
    response = browser.get("/", secure=True)
    return {"status": response.status_code, "location": response.headers.get("Location")}


def page(response):
    return {
        "status": response.status_code,
        "csp": response.headers.get("Content-Security-Policy"),
        "html": response.content.decode(),
    }


seen = {"login_page": page(client().get("/inloggen/", secure=True))}
employer_browser = log_in("werkgever@example.nl")
seen["employer_dashboard"] = page(employer_browser.get("/", secure=True))
idle_browser, active_browser = log_in("stil@example.nl"), log_in("actief@example.nl")
seen["staff_dashboard"] = page(idle_browser.get("/", secure=True))
active_browser.get("/", secure=True)


def pass_time(browser, seconds):
    # The session's user was last seen `seconds` earlier than it says: time passes without waiting for it.
    session = browser.session
    session[LAST_SEEN_KEY] = session.get(LAST_SEEN_KEY, time.time()) - seconds
    session.save()


pass_time(idle_browser, IDLE_SECONDS + 5)
seen["idle_after"] = dashboard(idle_browser)
seen["idle_again"] = dashboard(idle_browser)
pass_time(active_browser, IDLE_SECONDS * 2 // 3)
seen["active_midway"] = dashboard(active_browser)
pass_time(active_browser, IDLE_SECONDS * 2 // 3)
seen["active_after"] = dashboard(active_browser)  # idle for 4/3 of the limit in all, but active halfway
pass_time(employer_browser, IDLE_SECONDS + 5)
seen["employer_after"] = dashboard(employer_browser)

strict = Client(enforce_csrf_checks=True, HTTP_HOST="portal.example.nl")
referer = {"HTTP_REFERER": "https://portal.example.nl/inloggen/"}
login_form = strict.get("/inloggen/", secure=True).content.decode()
token = login_form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
credentials = {"username": "werkgever@example.nl", "password": PASSWORD}
seen["login_without_token"] = strict.post("/inloggen/", credentials, secure=True, **referer).status_code
seen["login_with_token"] = strict.post(
    "/inloggen/", {**credentials, "csrfmiddlewaretoken": token}, secure=True, **referer
).status_code
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("production-security")
    result = run_python(
        ["-c", f"IDLE_SECONDS = {IDLE_SECONDS}\n{PRODUCTION_SCRIPT}"],
        tmp_path,
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.nl",
        PORTAL_BASE_URL="https://portal.example.nl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        STAFF_SESSION_IDLE_SECONDS=str(IDLE_SECONDS),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp_directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# --- (a) Content-Security-Policy ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["login_page", "employer_dashboard", "staff_dashboard"])
def test_real_pages_carry_a_csp_without_unsafe_inline_or_eval(production: dict[str, Any], name: str) -> None:
    seen = production[name]
    assert seen["status"] == 200
    directives = csp_directives(seen["csp"])

    for directive in ("script-src", "style-src"):
        assert all(source == "'self'" or source.startswith("'nonce-") for source in directives[directive]), directive
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in seen["csp"]
    assert "unsafe-eval" not in seen["csp"]


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b(?![^>]*\bnonce=)|<[a-z][^>]*\s(?:style|on[a-z]+)\s*=", re.IGNORECASE)


@pytest.mark.parametrize("name", ["login_page", "employer_dashboard", "staff_dashboard"])
def test_real_pages_need_no_inline_script_or_style(production: dict[str, Any], name: str) -> None:
    """What the strict CSP would block is not there: no inline <script>, <style>, style="" or on...="" handlers."""
    html = production[name]["html"]
    assert "<main" in html  # a real page, not an error
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []


# --- (d) staff sessions expire when idle -----------------------------------------------------------------------


def test_an_idle_staff_session_expires_and_sends_to_the_login_page(production: dict[str, Any]) -> None:
    assert production["idle_after"] == {"status": 302, "location": "/inloggen/?next=/"}
    assert production["idle_again"] == {"status": 302, "location": "/inloggen/?next=/"}


def test_an_active_staff_session_outlives_the_idle_time(production: dict[str, Any]) -> None:
    assert production["active_midway"] == {"status": 200, "location": None}
    assert production["active_after"] == {"status": 200, "location": None}


def test_an_employer_session_does_not_expire_after_the_staff_idle_time(production: dict[str, Any]) -> None:
    assert production["employer_after"] == {"status": 200, "location": None}


# --- (e) CSRF on every form ------------------------------------------------------------------------------------


def test_production_refuses_a_login_post_without_the_csrf_token(production: dict[str, Any]) -> None:
    assert production["login_without_token"] == 403
    assert production["login_with_token"] == 302  # the same post with the token passes: the token made the 403


@dataclass
class Form:
    method: str
    action: str
    has_token: bool = False


@dataclass
class PageParser(HTMLParser):
    forms: list[Form] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    in_form: bool = False

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(method=values.get("method", "get").lower(), action=values.get("action", "")))
            self.in_form = True
        elif tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self.in_form:
            self.forms[-1].has_token = bool(values.get("value"))
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


SKIPPED_PREFIXES = ("/static/", "/api/", "/admin/", "/uitloggen/", "/agenda/")
DOWNLOADS = (".pdf", ".ics", ".csv", ".xlsx", ".json", ".txt")
UUID_OR_NUMBER = re.compile(r"/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)(?=/)")
MAX_PAGES = 80


def crawl(client: Client, start: list[str]) -> Iterator[tuple[str, Form]]:
    """Every page reachable by links from `start` (one per URL shape), with the forms on it."""
    queue, seen_shapes = deque(start), set()
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        shape = UUID_OR_NUMBER.sub("/*", url)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        parser = PageParser()
        parser.feed(response.content.decode())
        for form in parser.forms:
            yield url, form
        for href in parser.links:
            path = urldefrag(href).url
            parts = urlsplit(path)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(DOWNLOADS):
                continue
            queue.append(parts.path)


@pytest.fixture
def world(db: Any) -> World:
    return seed_world()


@pytest.mark.parametrize("role", [None, *Role], ids=["anonymous", *(role.value for role in Role)])
def test_every_post_form_on_every_page_carries_the_csrf_token(
    client: Client, staff_login: Callable[[User], Client], world: World, role: Role | None
) -> None:
    start = ["/inloggen/", "/wachtwoord-vergeten/", "/klacht-indienen/"]
    if role == Role.EMPLOYER:
        client.force_login(world.users[role])
        start = ["/", "/verzuim/ziekmelden/", f"/verzuim/{world.case.pk}/"]
    elif role == Role.EMPLOYEE:  # offered a second factor, not forced, as the employer user
        client.force_login(world.users[role])
        start = ["/", f"/verzuim/{world.case.pk}/"]
    elif role is not None:
        staff_login(world.users[role])
        start = ["/", f"/verzuim/{world.case.pk}/"]

    post_forms = [(url, form) for url, form in crawl(client, start) if form.method == "post"]

    case = f"/verzuim/{world.case.pk}/"
    expected = {  # pages the walk must reach and check, so that it is known to walk far enough
        None: {"/inloggen/", "/klacht-indienen/"},
        Role.EMPLOYER: {"/verzuim/ziekmelden/", case, f"{case}hersteld/", "/werknemers/nieuw/", "/klachten/nieuw/"},
        Role.CASEMANAGER: {case, f"{case}hersteld/", "/servicecontacten/"},
        Role.OCCUPATIONAL_PHYSICIAN: {case, f"{case}medisch/"},
        Role.INSURER: {case, "/premies/beoordelen/", "/netwerk/"},
        Role.COMPLAINT_HANDLER: {"/rapportages/klachten/"},
        Role.ADMIN: {case, "/meldingen/mislukt/"},
        Role.EMPLOYEE: {"/"},
    }[role]
    assert expected <= {url for url, _form in post_forms}
    missing = [f"{url} -> {form.action or '(same page)'}" for url, form in post_forms if not form.has_token]
    assert missing == []


def csrf_token_on(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match, f"no CSRF token on {url}"
    return match.group(1)


FORMS = {
    "login": ("/inloggen/", None, {"username": "iemand@example.nl", "password": "een-wachtwoord"}),
    "sickness_report": ("/verzuim/ziekmelden/", Role.EMPLOYER, {"first_sick_day": "2026-11-23"}),
    "complaint_intake": ("/klacht-indienen/", None, {"description": "Een klacht."}),
    "portal_complaint": ("/klachten/nieuw/", Role.EMPLOYER, {"description": "Een klacht."}),
}


@pytest.fixture
def fresh_rate_limits() -> Iterator[None]:
    """The complaint intake is rate limited through the cache: start afresh, and leave nothing behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("fresh_rate_limits")
@pytest.mark.parametrize("name", list(FORMS))
def test_a_post_without_the_csrf_token_is_refused(world: World, name: str) -> None:
    url, role, data = FORMS[name]
    client = Client(enforce_csrf_checks=True)
    if role is not None:
        client.force_login(world.users[role])
    token = csrf_token_on(client, url)

    assert client.post(url, data).status_code == 403
    assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code != 403
