"""Time the insurer's paged employee list (`GET /api/v1/employees/`) on the book of bench.generate: the first page
and the 1,000th, each against the bare indexed read of the same rows, measured in the same run (issue 23 item 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench_book .venv/bin/python -m bench.paging

The book has about 300,000 employees. The API page goes through the whole stack in-process (Django's test client:
middleware, token authentication, the scoped selector, its audit row, the serializer and the JSON); the cursor of
page 1,000 is the one the API itself would hand out after page 999 (signed, the (created_at, id) of row 99,900).
The bare read is one SQL statement on a cursor: the same columns of the same 101 rows by the index on
(created_at, id), `WHERE (created_at, id) > (%s, %s) ORDER BY created_at, id LIMIT 101`, fetched as tuples.

Requests and bare reads alternate, --rounds of each (after --warmup), and the medians are compared. Prints both
query plans' top lines (an index scan, not a sort of the table) and exits 1 when a page takes more than --factor
times its bare read (the target: 3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.test import Client
from rest_framework.authtoken.models import Token

from verzuim.api_pagination import SALT
from verzuim.models import Employee, Role, User

LIMIT = 100
PAGE = 1000
FACTOR = 3.0
BENCH_EMAIL = "bench-paging@example.nl"

BARE_COLUMNS = (
    "e.id, e.employer_id, e.personnel_number, e.first_name, e.last_name, e.date_of_birth, e.employment_start, "
    "e.employment_end, e.weekly_hours, e.yearly_wage, e.contract_type, e.created_at"
)
BARE_FIRST = f"SELECT {BARE_COLUMNS} FROM verzuim_employee e ORDER BY e.created_at, e.id LIMIT %s"  # noqa: S608
BARE_AFTER = (
    f"SELECT {BARE_COLUMNS} FROM verzuim_employee e WHERE (e.created_at, e.id) > (%s, %s) "  # noqa: S608
    "ORDER BY e.created_at, e.id LIMIT %s"
)


def _insurer() -> User:
    user = User.objects.filter(email=BENCH_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=BENCH_EMAIL, password=None, role=Role.INSURER, full_name="Bench")
    return user


def _cursor_after(row_number: int) -> tuple[str, tuple[Any, Any]]:
    """The API's cursor after row `row_number` (1-based) of the list's order, and that row's (created_at, id)."""
    created_at, pk = Employee.objects.order_by("created_at", "pk").values_list("created_at", "pk")[row_number - 1]
    cursor = signing.dumps({"list": "employees", "key": [created_at.isoformat(), str(pk)]}, salt=SALT, compress=True)
    return cursor, (created_at, pk)


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _plan(sql: str, params: Sequence[Any]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return " / ".join(row[0].strip() for row in cursor.fetchall()[:3])


def measure(
    client: Client, url: str, sql: str, params: Sequence[Any], after: tuple[Any, Any] | None, rounds: int, warmup: int
) -> tuple[float, float, float]:
    """Medians of the API page, the bare SQL read and the ORM read of the same rows, interleaved."""

    def request() -> None:
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()) == LIMIT

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert len(cursor.fetchall()) == LIMIT + 1

    def orm() -> None:
        rows = Employee.objects.select_related("employer").order_by("created_at", "pk")
        if after is not None:
            rows = rows.filter(TupleGreaterThan(Tuple(F("created_at"), F("pk")), list(after)))
        assert len(list(rows[: LIMIT + 1])) == LIMIT + 1

    for _ in range(warmup):
        request()
        bare()
        orm()
    api_times, bare_times, orm_times = [], [], []
    for _ in range(rounds):
        api_times.append(_timed(request))
        bare_times.append(_timed(bare))
        orm_times.append(_timed(orm))
    return statistics.median(api_times), statistics.median(bare_times), statistics.median(orm_times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.paging", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=150, help="timed requests and bare reads of each page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument("--page", type=int, default=PAGE, help="the deep page (default 1000)")
    parser.add_argument("--factor", type=float, default=FACTOR, help="fail above this many times the bare read")
    args = parser.parse_args(argv)

    employees = Employee.objects.count()
    if employees < args.page * LIMIT + 1:
        print(f"{settings.DATABASES['default']['NAME']} has {employees:,} employees; page {args.page} needs "
              f"more: generate a book first (python -m bench.generate).", file=sys.stderr)  # fmt: skip
        return 2
    token, _ = Token.objects.get_or_create(user=_insurer())
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    cursor, after = _cursor_after((args.page - 1) * LIMIT)
    pages = {
        1: (f"/api/v1/employees/?limit={LIMIT}", BARE_FIRST, (LIMIT + 1,), None),
        args.page: (f"/api/v1/employees/?limit={LIMIT}&cursor={cursor}", BARE_AFTER, (*after, LIMIT + 1), after),
    }
    print(f"paging of {settings.DATABASES['default']['NAME']}: {employees:,} employees, pages of {LIMIT}, "
          f"{args.rounds} rounds after {args.warmup} warm-up rounds; load average "
          f"{', '.join(f'{v:.2f}' for v in os.getloadavg())}")  # fmt: skip
    failed = False
    for number, (url, sql, params, row_after) in pages.items():
        api_median, bare_median, orm_median = measure(client, url, sql, params, row_after, args.rounds, args.warmup)
        ratio = api_median / bare_median
        verdict = "OK" if ratio <= args.factor else "FAIL"
        print(f"page {number:>5}: API {api_median * 1000:7.2f} ms; bare indexed read (SQL) {bare_median * 1000:6.2f} "
              f"ms, {ratio:5.1f} x  {verdict}; the same rows as ORM objects {orm_median * 1000:6.2f} ms, "
              f"{api_median / orm_median:4.1f} x")  # fmt: skip
        print(f"            plan: {_plan(sql, params)}")
        failed |= ratio > args.factor
    print(f"{'FAIL' if failed else 'OK'} ({dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
