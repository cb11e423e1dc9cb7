"""Small helpers for authentication libraries."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from verzuim.models import User


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes: the login name, from the credentials or the login form (e-mail, case-insensitive)."""
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username", "")
    return str(value).strip().lower()


def axes_lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """Locked out: the API answers in its own error format, pages with a Dutch explanation (HTTP 429)."""
    message = _("Te veel mislukte inlogpogingen. Probeer het over een uur opnieuw.")
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "code": "locked_out", "fields": {}}, status=429)
    return render(request, "registration/locked_out.html", status=429)


def client_ip(request: HttpRequest) -> str:
    """django-axes (and the complaint rate limit): the client's address, with PROXY_COUNT proxies in front.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the client is the PROXY_COUNT-th
    entry from the right; whatever the client wrote there itself stands further left and is ignored. Fewer entries
    than proxies, or an entry that is no address, means the request did not come through them: REMOTE_ADDR.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = int(settings.PROXY_COUNT)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def portal_user(request: HttpRequest) -> User:
    """The logged-in portal user of a page request, typed (views call it behind login_required; the admin behind
    its own login). Anything else is refused rather than passed on as an AnonymousUser."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
