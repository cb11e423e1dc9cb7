"""The main menu, the account menu and the capability flags of verzuim.context_processors: per role the same links,
labels and order as the pages' guards allow, the current page marked, and no database query for any of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EmployeeFactory
from tests.test_access_matrix import EXPECTED, ROLES
from verzuim.context_processors import Capabilities, capabilities_for, navigation
from verzuim.models import Role, User

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]

# The roles that get into the Django admin are staff (is_staff) and get "Beheer" too.
MENU: dict[str, list[str]] = {
    Role.EMPLOYER: ["Overzicht", "Werknemers", "Declaraties", "Mijn klachten"],
    Role.CASEMANAGER: ["Overzicht", "Werkvoorraad", "Servicecontacten", "Netwerk"],
    Role.OCCUPATIONAL_PHYSICIAN: ["Overzicht", "Verzuimgevallen"],
    Role.INSURER: [
        "Overzicht",
        "Verzuimgevallen",
        "Declaraties",
        "Servicecontacten",
        "Netwerk",
        "Rapportages",
        "Beheer",
    ],
    Role.COMPLAINT_HANDLER: ["Overzicht", "Klachten", "Rapportages", "Beheer"],
    Role.EMPLOYEE: ["Overzicht", "Mijn gegevens"],
    Role.ADMIN: [
        "Overzicht",
        "Verzuimgevallen",
        "Declaraties",
        "Servicecontacten",
        "Rapportages",
        "Beheer",
    ],
}
# Everyone's own settings sit beside their name, not in the main menu (so that it stays one line on a desktop).
ACCOUNT_MENU = ["Herinneringen", "Agenda"]
# Koppelingen (machine clients' API keys) for the employer beside the other settings; insurer staff have it on their
# start page (test_insurer_staff_reach_koppelingen_from_their_start_page).
ACCOUNT_MENU_OF: dict[str, list[str]] = {
    Role.EMPLOYER: [*ACCOUNT_MENU, "Koppelingen"],
}
# The route that each capability opens, as the access matrix (tests/test_access_matrix.py) knows it.
CAPABILITY_ROUTES: dict[str, str] = {
    "see_employees": "employee_list",
    "see_caseload": "caseload",
    "see_claims": "claim_overview",
    "see_service_contacts": "service_contacts",
    "see_provider_network": "provider_network",
    "see_reports": "complaints_report",
    "see_failed_notifications": "notification_failed_list",
    "see_complaints_desk": "complaint_desk",
    "hold_income_conversation": "case_income",
    "file_complaint_in_portal": "complaint_portal_create",
    "follow_own_complaints": "my_complaints",
    "manage_api_keys": "api_key_list",
    "see_own_data": "my_data",
}


def menu(html: str, name: str = "Hoofdmenu") -> list[tuple[str, str, bool]]:
    """(href, label, is current) of each link of the main menu (or of the menu called ``name``)."""
    nav = re.search(rf'<nav aria-label="{name}"[^>]*>(.*?)</nav>', html, re.DOTALL)
    assert nav, f"no menu {name}"
    return [
        (href, label, bool(current))
        for href, current, label in re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', nav[1])
    ]


def client_for(user: User, staff_login: StaffLogin, client: Client) -> Client:
    if user.needs_two_factor:
        return staff_login(user)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MENU))
def test_each_role_gets_its_menu_with_the_current_page_marked(
    role: str, make_user: MakeUser, staff_login: StaffLogin, client: Client
) -> None:
    # An employee account always has its employee record (a database constraint).
    user = make_user(role, **({"employee": EmployeeFactory()} if role == Role.EMPLOYEE else {}))
    html = client_for(user, staff_login, client).get(reverse("reminder_preferences")).content.decode()
    links = menu(html)
    assert [label for _href, label, _current in links] == MENU[role]
    assert [label for _href, label, current in links if current] == []
    assert links[0][0] == reverse("dashboard")
    account = menu(html, "Mijn account")
    assert [label for _href, label, _current in account] == ACCOUNT_MENU_OF.get(role, ACCOUNT_MENU)
    assert [label for _href, label, current in account if current] == ["Herinneringen"]


@pytest.mark.django_db
def test_the_admin_link_follows_is_staff_not_the_role(make_user: MakeUser) -> None:
    insurer = make_user(Role.INSURER, is_staff=False)
    casemanager = make_user(Role.CASEMANAGER, is_staff=True)
    assert "Beheer" not in [item.label for item in navigation(insurer, "dashboard")]
    admin_link = next(item for item in navigation(casemanager, "dashboard") if item.label == "Beheer")
    assert (admin_link.url, admin_link.current) == (reverse("admin:index"), False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("employee_detail", "Werknemers"),
        ("employee_import_confirm", "Werknemers"),
        ("claim_detail", "Declaraties"),
        ("covenant_report", "Rapportages"),
        ("service_contact_detail", "Servicecontacten"),
        ("case_detail", None),
        ("", None),
    ],
)
def test_the_current_page_marks_its_section(url_name: str, current: str | None, make_user: MakeUser) -> None:
    employer = navigation(make_user(Role.EMPLOYER), url_name)
    insurer = navigation(make_user(Role.INSURER), url_name)
    marked = {item.label for item in [*employer, *insurer] if item.current}
    assert marked == ({current} if current else set())


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_capability_is_exactly_the_roles_the_page_lets_in(role: str) -> None:
    column = ROLES.index(role)
    can = capabilities_for(role)
    for capability, route in CAPABILITY_ROUTES.items():
        answer = str(EXPECTED[route].answers[column]).split("/")[0]
        assert getattr(can, capability) == (answer == "200"), (role, capability, route, answer)


def test_anonymous_visitors_can_nothing() -> None:
    assert capabilities_for(None) == Capabilities()


@pytest.mark.django_db
def test_the_menu_costs_no_query(make_user: MakeUser, django_assert_num_queries: Any) -> None:
    user = make_user(Role.INSURER)
    with django_assert_num_queries(0):
        assert len(navigation(user, "caseload")) == len(MENU[Role.INSURER]) + len(ACCOUNT_MENU)
        capabilities_for(user.role)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "complaint_url"), [(Role.EMPLOYER, "complaint_portal_create"), (Role.CASEMANAGER, "complaint_public")]
)
def test_the_footer_sends_employers_to_the_portals_complaint_form(
    role: str, complaint_url: str, make_user: MakeUser, staff_login: StaffLogin, client: Client
) -> None:
    html = client_for(make_user(role), staff_login, client).get(reverse("reminder_preferences")).content.decode()
    assert f'<a class="utrecht-link" href="{reverse(complaint_url)}">Klacht indienen</a>' in html


def test_anonymous_visitors_get_the_public_complaint_form(client: Client, db: Any) -> None:
    html = client.get(reverse("login")).content.decode()
    assert f'<a class="utrecht-link" href="{reverse("complaint_public")}">Klacht indienen</a>' in html
    assert 'aria-label="Hoofdmenu"' not in html


@pytest.mark.django_db
def test_insurer_staff_reach_koppelingen_from_their_start_page(
    make_user: MakeUser, staff_login: StaffLogin, client: Client
) -> None:
    html = client_for(make_user(Role.INSURER), staff_login, client).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("api_key_list")}"' in html
