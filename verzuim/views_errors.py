"""Error answers outside DRF's exception handler: the API's one error body under /api/, Dutch pages elsewhere.

handler400, handler403, handler404 (also a path no route matches, e.g. an id with a slash) and handler500, and the
413 of verzuim.request_limits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from verzuim.api_errors import DEFAULT_MESSAGES


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, code: str) -> JsonResponse:
    return JsonResponse({"message": DEFAULT_MESSAGES[status], "code": code, "fields": {}}, status=status)


def request_too_large(request: HttpRequest) -> HttpResponse:
    """413: a body over REQUEST_BODY_MAX_MB (refused unread), or form data over Django's memory limit."""
    if _is_api(request):
        return api_error(413, "request_too_large")
    return render(request, "413.html", {"max_mb": settings.REQUEST_BODY_MAX_MB}, status=413)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django's SuspiciousOperation family (RequestDataTooBig, TooManyFieldsSent, a bad Host, ...)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    if _is_api(request):
        return api_error(400, "bad_request")
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the API's error body under /api/, the Dutch page everywhere else."""
    if _is_api(request):
        return api_error(404, "not_found")
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: a PermissionDenied raised outside DRF's views (DRF answers its own in the error format)."""
    if _is_api(request):
        return api_error(403, "permission_denied")
    return defaults.permission_denied(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: under /api/ the error body instead of the HTML page (the error itself is logged by Django)."""
    if _is_api(request):
        return api_error(500, "server_error")
    return defaults.server_error(request)
