"""What every page's template gets: the portal's name, the notification bell, and the user's menu and
capabilities (``nav``, ``can``), decided here from the role instead of by ``user.role == ...`` in templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _

from verzuim.models import Role
from verzuim.notifications import notification_unread_count
from verzuim.task_count import task_count


class NotificationBell:
    """The header's bell: the unread count is counted once per page, and only when a template shows it."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def unread(self) -> int:
        return notification_unread_count(user=self.user)


def _signed_in_user(request: HttpRequest) -> Any:
    """The user whose bell and task count the header shows; None before the login, and for staff before the second
    factor (until then every page but the code page is closed)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if getattr(user, "needs_two_factor", False) and not (hasattr(user, "is_verified") and user.is_verified()):
        return None
    return user


def _notification_bell(request: HttpRequest) -> NotificationBell | None:
    user = _signed_in_user(request)
    return NotificationBell(user) if user is not None else None


def _task_count(request: HttpRequest) -> int:
    user = _signed_in_user(request)
    return task_count(user=user) if user is not None else 0


# Who gets which page in the menu. These mirror the guards of the pages themselves (tests/verzuim/
# test_navigation.py compares them), which live in higher layers that the core may not import.
EMPLOYEES_ROLES = frozenset({Role.EMPLOYER})
CASELOAD_ROLES = frozenset({Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN})
CLAIMS_ROLES = frozenset({Role.EMPLOYER, Role.INSURER, Role.ADMIN})
SERVICE_CONTACTS_ROLES = frozenset({Role.CASEMANAGER, Role.INSURER, Role.ADMIN})
NETWORK_ROLES = frozenset({Role.CASEMANAGER, Role.INSURER})
REPORTS_ROLES = frozenset({Role.INSURER, Role.COMPLAINT_HANDLER, Role.ADMIN})
COMPLAINTS_DESK_ROLES = frozenset({Role.COMPLAINT_HANDLER})
FAILED_NOTIFICATIONS_ROLES = frozenset({Role.INSURER, Role.ADMIN})
# Koppelingen: machine clients' API keys (verzuim.api_keys.MANAGING_ROLES).
API_KEYS_ROLES = frozenset({Role.EMPLOYER, Role.INSURER})


@dataclass(frozen=True)
class Capabilities:
    """What a template may offer the user; anonymous visitors get all False."""

    see_employees: bool = False
    see_caseload: bool = False
    see_claims: bool = False
    see_service_contacts: bool = False
    see_provider_network: bool = False
    see_reports: bool = False
    see_failed_notifications: bool = False
    see_complaints_desk: bool = False
    # The income conversation is the casemanager's (cases.income); the employer files complaints in the portal.
    hold_income_conversation: bool = False
    file_complaint_in_portal: bool = False
    # Mijn klachten: the complaints the employer filed in the portal (complaints.views_follow).
    follow_own_complaints: bool = False
    # Koppelingen: the API keys of payroll and HR systems (verzuim.api_keys).
    manage_api_keys: bool = False
    # Mijn gegevens: the employee's own data, its export and who read it (cases.privacy).
    see_own_data: bool = False


def capabilities_for(role: str | None) -> Capabilities:
    return Capabilities(
        see_employees=role in EMPLOYEES_ROLES,
        see_caseload=role in CASELOAD_ROLES,
        see_claims=role in CLAIMS_ROLES,
        see_service_contacts=role in SERVICE_CONTACTS_ROLES,
        see_provider_network=role in NETWORK_ROLES,
        see_reports=role in REPORTS_ROLES,
        see_failed_notifications=role in FAILED_NOTIFICATIONS_ROLES,
        see_complaints_desk=role in COMPLAINTS_DESK_ROLES,
        hold_income_conversation=role == Role.CASEMANAGER,
        file_complaint_in_portal=role == Role.EMPLOYER,
        follow_own_complaints=role == Role.EMPLOYER,
        manage_api_keys=role in API_KEYS_ROLES,
        see_own_data=role == Role.EMPLOYEE,
    )


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    # "main": the main menu; "account": the user's own settings, beside the name and "Uitloggen" (so that the
    # main menu of the role with the most sections stays one line at 800 px and wider).
    group: str = "main"
    # The item that shows the number of open tasks ("Overzicht", where "Mijn taken" is).
    counts_tasks: bool = False


def _current_is(*names: str) -> Callable[[str], bool]:
    return lambda url_name: url_name in names


def _current_starts(prefix: str) -> Callable[[str], bool]:
    return lambda url_name: url_name.startswith(prefix)


def _never(url_name: str) -> bool:
    return False


def navigation(user: Any, url_name: str) -> list[NavItem]:
    """The main menu of ``user`` in its order; ``url_name`` is the current page's (its item is marked)."""
    if not user.is_authenticated:
        return []
    can = capabilities_for(user.role)
    entries: list[tuple[bool, str, str, Callable[[str], bool], str]] = [
        (True, _("Overzicht"), "dashboard", _current_is("dashboard"), "main"),
        (can.see_employees, _("Werknemers"), "employee_list", _current_starts("employee"), "main"),
        (
            can.see_caseload,
            _("Werkvoorraad") if user.role == Role.CASEMANAGER else _("Verzuimgevallen"),
            "caseload",
            _current_is("caseload"),
            "main",
        ),
        (can.see_claims, _("Declaraties"), "claim_overview", _current_starts("claim"), "main"),
        (
            can.see_service_contacts,
            _("Servicecontacten"),
            "service_contacts",
            _current_starts("service_contact"),
            "main",
        ),
        (can.see_provider_network, _("Netwerk"), "provider_network", _current_is("provider_network"), "main"),
        (can.see_complaints_desk, _("Klachten"), "complaint_desk", _current_starts("complaint_desk"), "main"),
        (
            can.see_reports,
            _("Rapportages"),
            "complaints_report",
            _current_is("complaints_report", "covenant_report"),
            "main",
        ),
        (
            can.follow_own_complaints,
            _("Mijn klachten"),
            "my_complaints",
            _current_starts("my_complaint"),
            "main",
        ),
        (can.see_own_data, _("Mijn gegevens"), "my_data", _current_starts("my_data"), "main"),
        (user.is_staff, _("Beheer"), "admin:index", _never, "main"),
        (True, _("Herinneringen"), "reminder_preferences", _current_is("reminder_preferences"), "account"),
        (True, _("Agenda"), "calendar_settings", _current_is("calendar_settings"), "account"),
        # The employer's own setting; insurer staff reach Koppelingen from their start page (verzuim.panels), so their
        # header stays one bar at 800 px (tests/browser/test_responsive.py).
        (
            can.manage_api_keys and user.role == Role.EMPLOYER,
            _("Koppelingen"),
            "api_key_list",
            _current_starts("api_key"),
            "account",
        ),
    ]
    return [
        NavItem(
            label=label,
            url=reverse(name),
            current=is_current(url_name),
            group=group,
            counts_tasks=name == "dashboard",
        )
        for shown, label, name, is_current, group in entries
        if shown
    ]


def _nav(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None:
        return []
    match = getattr(request, "resolver_match", None)
    return navigation(user, (match.url_name if match else None) or "")


def _can(request: HttpRequest) -> Capabilities:
    user = getattr(request, "user", None)
    return capabilities_for(user.role if user is not None and user.is_authenticated else None)


def _once_per_request(request: HttpRequest, name: str, compute: Callable[[HttpRequest], Any]) -> Any:
    """``compute(request)``, worked out the first time a template asks and kept on the request after that (a
    page without the menu pays nothing; a page rendering several templates pays once)."""
    cache: dict[str, Any] = request.__dict__.setdefault("_portal_context", {})

    def value() -> Any:
        if name not in cache:
            cache[name] = compute(request)
        return cache[name]

    return SimpleLazyObject(value)


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "PORTAL_NAME": "Verzuimportaal",
        "DJANGO_ENV": settings.DJANGO_ENV,
        "notification_bell": _notification_bell(request),
        "nav": _once_per_request(request, "nav", _nav),
        "can": _once_per_request(request, "can", _can),
        "task_count": _once_per_request(request, "task_count", _task_count),
    }
