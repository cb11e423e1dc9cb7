"""Small helpers for authentication libraries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes: the login name, from the credentials or the login form (e-mail, case-insensitive)."""
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username", "")
    return str(value).strip().lower()
