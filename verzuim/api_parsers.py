"""The API's JSON parser: DRF's, with a bound on nesting, so that deep input is a 400 and never a 500."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The deepest input of the API is three levels (a quote: {"employees": [{"name": ...}]}); this leaves ample room.
MAX_JSON_DEPTH = 32


def _too_deep() -> ParseError:
    return ParseError(_("De JSON is te diep genest: hoogstens %(max)s niveaus.") % {"max": MAX_JSON_DEPTH})


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than `limit` levels; iterative, so it cannot overflow the stack."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """Python's json module recurses once per level and raises RecursionError on `[` x 100,000, which DRF lets
    through as a 500; below that depth, deep input would reach the serializers. Both are a ParseError (400)."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if _deeper_than(data, MAX_JSON_DEPTH):
            raise _too_deep()
        return data
