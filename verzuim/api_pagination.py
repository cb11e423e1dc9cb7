"""Cursor pagination of every API list (docs/api.md, "Paging"; issue 23 item 4).

A list answers at most `limit` rows (default 100, at most 1,000) and stays a plain JSON array. When there are more,
the answer carries `Link: <absolute url>; rel="next"` (RFC 8288); the URL repeats the request's own query parameters
with a `cursor`. The last page has no `Link` header.

The cursor is keyset pagination: it holds the sort key of the last row of the page, and the next page is the rows
after that key in the list's order. Every list's order ends in the primary key, so the key is unique and the order
total: a row inserted or removed while a client pages never makes a row after the cursor repeat or disappear. The
cursor is signed (django.core.signing) and names its list, so it is opaque to the client; a cursor that was changed,
or that belongs to another list, answers 400 on `cursor`, like a `limit` that is not a whole number from 1 to 1,000.

DRF's CursorPagination is not used: it positions on the first ordering field alone with an offset for ties, which
can repeat or skip rows when rows with the same first value are inserted; its bad cursor answers 404.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Lookup, Model, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
LIMIT_PARAM = "limit"
CURSOR_PARAM = "cursor"
SALT = "verzuim.api_pagination"

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# What every paginated list operation adds to its schema: the two query parameters and the Link response header.
PAGE_PARAMETERS = [
    OpenApiParameter(
        LIMIT_PARAM,
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        description=f"Rows per page: at least 1, at most {MAX_LIMIT}; default {DEFAULT_LIMIT}. "
        "Outside that range: 400.",
        default=DEFAULT_LIMIT,
    ),
    OpenApiParameter(
        CURSOR_PARAM,
        str,
        description='Opaque: copy it from the `Link` header (rel="next") of the previous page; never build it. '
        "A changed cursor, or one of another list, answers 400.",
    ),
    OpenApiParameter(
        "Link",
        str,
        location=OpenApiParameter.HEADER,
        response=[200],
        description='`<url>; rel="next"`: the absolute URL of the next page (same filters, `limit` and a `cursor`). '
        "Absent on the last page.",
    ),
]


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_url: str | None

    def response(self, data: Any) -> Response:
        """The answer for this page: `data` (the serialized rows, a list) with the Link header when there is more."""
        response = Response(data)
        if self.next_url:
            response["Link"] = f'<{self.next_url}>; rel="next"'
        return response


def page_limit(request: Request) -> int:
    """`?limit=`: absent or empty gives the default; anything but a whole number from 1 to MAX_LIMIT is refused."""
    raw = request.query_params.get(LIMIT_PARAM, "")
    if raw == "":
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_LIMIT):
        message = _("Geef een limit op van 1 tot en met %(max)s.") % {"max": f"{MAX_LIMIT:,}".replace(",", ".")}
        raise serializers.ValidationError({LIMIT_PARAM: [message]})
    return int(raw)


def _refuse_cursor() -> serializers.ValidationError:
    return serializers.ValidationError(
        {CURSOR_PARAM: [_("Deze cursor is ongeldig. Gebruik de link uit de Link-header van de vorige pagina.")]}
    )


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):  # datetime.isoformat keeps the microseconds and the offset
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def page_cursor(request: Request, list_name: str, size: int) -> list[Any] | None:
    """The sort key the cursor of `list_name` holds (`size` values), None without a cursor; refused otherwise."""
    raw = request.query_params.get(CURSOR_PARAM, "")
    if raw == "":
        return None
    try:
        payload = signing.loads(raw, salt=SALT)
    except signing.BadSignature as exc:
        raise _refuse_cursor() from exc
    if not (isinstance(payload, dict) and payload.get("list") == list_name):
        raise _refuse_cursor()
    key = payload.get("key")
    if not (isinstance(key, list) and len(key) == size):
        raise _refuse_cursor()
    return key


def _next_url(request: Request, list_name: str, key: Sequence[Any]) -> str:
    cursor = signing.dumps({"list": list_name, "key": [_encode(value) for value in key]}, salt=SALT, compress=True)
    return replace_query_param(request.build_absolute_uri(), CURSOR_PARAM, cursor)


def _after(ordering: Sequence[str], values: Sequence[Any]) -> Q | Lookup:
    """Rows after `values` in `ordering` ("-field" descending). When every field runs the same way this is one row
    comparison, `(a, b) > (x, y)`, which PostgreSQL answers with a range scan of the index on (a, b) however deep
    the page (bench/RESULTS.md "Paging"); a mixed order spells it out: (a > x) or (a = x and b < y) or ..."""
    descending = {name.startswith("-") for name in ordering}
    if len(descending) == 1:
        columns = Tuple(*(F(name.removeprefix("-")) for name in ordering))
        return (TupleLessThan if descending.pop() else TupleGreaterThan)(columns, list(values))
    condition = Q(pk__in=[])
    for index, name in enumerate(ordering):
        field = name.removeprefix("-")
        step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(ordering[:index], values[:index], strict=True):
            step &= Q(**{earlier.removeprefix("-"): value})
        condition |= step
    return condition


def paginate_queryset(request: Request, queryset: QuerySet[M], *, list_name: str, ordering: Sequence[str]) -> Page[M]:
    """One page of `queryset` in `ordering`, whose last field must be "pk" or "-pk" and every field a non-null column
    of the model that never changes. One query for the rows (and one per prefetch), however deep the page is."""
    return _paginate(request, queryset, list_name=list_name, ordering=ordering, fields=None)


def paginate_values(
    request: Request, queryset: QuerySet[M], *, list_name: str, ordering: Sequence[str], fields: Sequence[str]
) -> Page[dict[str, Any]]:
    """paginate_queryset for a list whose answer needs only columns: the page's rows as dicts of `fields` (which
    must hold the ordering's fields, "pk" as "id"), read with values(), so no model object is built (the insurer's
    employee list at depth; bench/RESULTS.md "Paging")."""
    return _paginate(request, queryset, list_name=list_name, ordering=ordering, fields=fields)


def _paginate(
    request: Request, queryset: QuerySet[M], *, list_name: str, ordering: Sequence[str], fields: Sequence[str] | None
) -> Page[Any]:
    assert ordering, "a list needs an order"
    assert ordering[-1].removeprefix("-") == "pk", "the order must end in the primary key"
    limit = page_limit(request)
    key = page_cursor(request, list_name, len(ordering))
    model = queryset.model
    if key is not None:
        try:
            values = [
                (
                    model._meta.pk if name.removeprefix("-") == "pk" else model._meta.get_field(name.removeprefix("-"))
                ).to_python(value)  # type: ignore[union-attr]
                for name, value in zip(ordering, key, strict=True)
            ]
        except (DjangoValidationError, TypeError, ValueError) as exc:  # a signed cursor is ours: defence only
            raise _refuse_cursor() from exc
        queryset = queryset.filter(_after(ordering, values))
    ordered = queryset.order_by(*ordering)
    if fields is None:
        rows: list[Any] = list(ordered[: limit + 1])
    else:
        rows = list(ordered.values(*fields)[: limit + 1])
    if len(rows) <= limit:
        return Page(rows, None)
    rows = rows[:limit]
    last = rows[-1]
    if fields is None:
        key = [getattr(last, name.removeprefix("-")) for name in ordering]
    else:
        names = [name.removeprefix("-") for name in ordering]
        key = [last[model._meta.pk.name if name == "pk" else name] for name in names]  # type: ignore[union-attr]
    return Page(rows, _next_url(request, list_name, key))


def paginate_list(
    request: Request, items: Sequence[T], *, list_name: str, sort_key: Callable[[T], tuple[Any, ...]], key_size: int
) -> Page[T]:
    """One page of a list built in Python. `items` are in the order of `sort_key`: a tuple of `key_size` str, int
    and bool values (never None), unique per item, so the cursor's JSON compares as the items do."""
    limit = page_limit(request)
    key = page_cursor(request, list_name, key_size)
    if key is not None:
        try:
            after = tuple(key)
            items = [item for item in items if sort_key(item) > after]
        except TypeError as exc:  # a signed cursor is ours: defence only
            raise _refuse_cursor() from exc
    rows = list(items[: limit + 1])
    if len(rows) <= limit:
        return Page(rows, None)
    rows = rows[:limit]
    return Page(rows, _next_url(request, list_name, list(sort_key(rows[-1]))))
