"""Refuse a request body larger than any legitimate upload before anything reads it.

Django's CSRF middleware reads request.POST, and that writes every uploaded file to disk: a 1 GiB POST to the public
complaint form was written in full before the view could refuse it. RequestBodyLimitMiddleware (near the top of
MIDDLEWARE) answers 413 on the declared Content-Length, unread. Django never reads more than Content-Length (its
LimitedStream; a body without one, such as a chunked one, is read as empty), so the declared length bounds what
is read. nginx in docker-compose.yml refuses the same bodies before they reach gunicorn at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse

from verzuim.plugins import UPLOAD_SIZES

MB = 1024 * 1024
# Room for the form fields and the multipart framing next to the files (a complaint's text is at most 10,000
# characters).
FORM_MARGIN_BYTES = 1 * MB


def largest_upload_bytes() -> int:
    """The largest body a user can legitimately send: one labour expert's report, one employee file, or what an
    app registered (verzuim.plugins.upload_size: a complaint with its attachments), whichever is larger, plus the
    form around it."""
    from verzuim.employee_import import MAX_FILE_BYTES

    files = max(int(settings.DOCUMENT_UPLOAD_MAX_MB) * MB, MAX_FILE_BYTES, *(size() for size in UPLOAD_SIZES))
    return files + FORM_MARGIN_BYTES


@checks.register(checks.Tags.security)
def check_request_body_limit(**kwargs: Any) -> list[checks.CheckMessage]:
    """REQUEST_BODY_MAX_MB lets the largest legitimate upload through (also after a larger DOCUMENT_UPLOAD_MAX_MB)."""
    needed = largest_upload_bytes()
    if needed <= settings.REQUEST_BODY_MAX_BYTES:
        return []
    return [
        checks.Error(
            f"REQUEST_BODY_MAX_MB ({settings.REQUEST_BODY_MAX_MB}) is below the largest legitimate request body "
            f"({-(-needed // MB)} MB): such uploads would be refused.",
            hint="Raise REQUEST_BODY_MAX_MB (docker-compose.yml passes it to nginx as well).",
            id="verzuim.E001",
        )
    ]


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads nothing of a body with an unreadable length either


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > settings.REQUEST_BODY_MAX_BYTES:
            from verzuim.views_errors import request_too_large

            return request_too_large(request)
        return self.get_response(request)
