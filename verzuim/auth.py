"""Small helpers for authentication libraries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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
