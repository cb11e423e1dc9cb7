from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import cached_property

from verzuim.notifications import notification_unread_count


class NotificationBell:
    """The header's bell: the unread count is counted once per page, and only when a template shows it."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def unread(self) -> int:
        return notification_unread_count(user=self.user)


def _notification_bell(request: HttpRequest) -> NotificationBell | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    # Staff get their bell once past the second factor (before that, every page but the code page is closed).
    if getattr(user, "needs_two_factor", False) and not (hasattr(user, "is_verified") and user.is_verified()):
        return None
    return NotificationBell(user)


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "PORTAL_NAME": "Verzuimportaal",
        "DJANGO_ENV": settings.DJANGO_ENV,
        "notification_bell": _notification_bell(request),
    }
