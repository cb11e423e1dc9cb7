"""One error format for the whole API: {"message", "code", "fields"} (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from verzuim.errors import StateConflict

DEFAULT_MESSAGES = {
    400: _("De invoer is niet geldig."),
    401: _("U bent niet ingelogd."),
    403: _("U mag deze handeling niet uitvoeren."),
    404: _("Niet gevonden."),
    405: _("Deze methode is hier niet toegestaan."),
    409: _("Dit conflicteert met de huidige stand van zaken."),
    413: _("Het verzoek is te groot om te verwerken."),
    415: _("Dit inhoudstype wordt niet ondersteund."),
    429: _("Te veel verzoeken. Probeer het later opnieuw."),
    500: _("Er is een storing opgetreden. Probeer het over een paar minuten opnieuw."),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, StateConflict):
        exc = Conflict(detail=exc.message, code=exc.code)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        # A service's Dutch reason reaches the client; a bare PermissionDenied gets the default message.
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = "error"
    fields: dict[str, Any] = {}
    if isinstance(exc, serializers.ValidationError):
        code = "invalid"
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _flatten(detail)
            non_field = fields.pop("non_field_errors", None)
            if non_field:
                fields["non_field_errors"] = non_field
            message = DEFAULT_MESSAGES[400]
        else:
            message = " ".join(_flatten(detail))
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        message = str(exc.detail) if isinstance(exc.detail, str) else DEFAULT_MESSAGES.get(response.status_code, "")
        if isinstance(exc, exceptions.NotFound):
            message = DEFAULT_MESSAGES[404]
    else:  # pragma: no cover - drf only answers APIException subclasses
        message = DEFAULT_MESSAGES.get(response.status_code, "")
    response.data = {"message": message, "code": code, "fields": fields}
    return response
