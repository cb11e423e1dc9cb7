"""The in-process cost of the authenticated floor against the trivial view, and of the read pages against the
floor (issue 25 item 1; target: the floor at most 6 x the trivial view).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench_book .venv/bin/python -m bench.floor

On the book of bench.generate, in this process, with Django's test client and DEBUG off: the sessions of
bench.load.sessions (a casemanager with a verified second factor and open cases, an employer user), then
--rounds requests of each page in turn (after --warmup), the medians compared, with the statements of one
request of each. The load benchmark (bench.load.run) measures the same pages under concurrency; this script says
what one request costs on its own, which is where a change to the shell shows first.

Pages: the trivial view, the authenticated floor, the reminder preferences (a light signed-in page), the caseload,
a case page, the employer dashboard. Exits 1 when the floor costs more than --factor times the trivial view.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

from bench.load.sessions import LoadPlan, load_cleanup, load_users_write

FACTOR = 6.0


def _client(data: dict[str, object], entry: dict[str, object]) -> Client:
    client = Client()
    client.cookies[str(data["session_cookie"])] = str(entry["session"])
    client.cookies[str(data["csrf_cookie"])] = str(entry["csrf"])
    return client


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=150, help="timed requests of each page (default 150)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument("--factor", type=float, default=FACTOR, help="fail when the floor costs more than this")
    args = parser.parse_args(argv)

    data = load_users_write(LoadPlan(casemanagers=1, employer_users=1, cases_per_casemanager=5, post_pool=1))
    casemanager, employer = data["casemanagers"][0], data["employers"][0]
    staff, boss, anonymous = _client(data, casemanager), _client(data, employer), Client()
    pages = {
        "trivial view": (anonymous, "/bench/trivial/"),
        "authenticated floor": (staff, "/bench/floor/"),
        "reminder preferences": (staff, "/account/herinneringen/"),
        "caseload": (staff, "/werkvoorraad/"),
        "case page": (staff, f"/verzuim/{casemanager['cases'][0]}/"),
        "employer dashboard": (boss, "/"),
    }
    times: dict[str, list[float]] = {name: [] for name in pages}
    statements: dict[str, int] = {}
    try:
        with override_settings(BENCH_TRIVIAL_VIEW=True, DEBUG=False):
            from importlib import reload

            import verzuim.site.urls

            reload(verzuim.site.urls)
            clear_url_caches()
            for name, (client, path) in pages.items():
                response = client.get(path, HTTP_HOST="localhost")
                assert response.status_code == 200, f"{name}: {response.status_code} {response.get('Location', '')}"
                with CaptureQueriesContext(connection) as queries:
                    client.get(path, HTTP_HOST="localhost")
                statements[name] = len(queries.captured_queries)
            for round_number in range(args.warmup + args.rounds):
                for name, (client, path) in pages.items():
                    started = time.perf_counter()
                    client.get(path, HTTP_HOST="localhost")
                    if round_number >= args.warmup:
                        times[name].append(time.perf_counter() - started)
    finally:
        load_cleanup(data)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    trivial, floor = medians["trivial view"], medians["authenticated floor"]
    print(f"in-process cost on {settings.DATABASES['default']['NAME']}, medians of {args.rounds} requests after "
          f"{args.warmup} warm-up rounds; load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}")  # fmt: skip
    print(f"{'page':24} {'ms':>8} {'statements':>11} {'x trivial':>10} {'x floor':>8}")
    for name, median in medians.items():
        print(f"{name:24} {median:8.2f} {statements[name]:11d} {median / trivial:10.1f} {median / floor:8.1f}")
    met = floor <= args.factor * trivial
    verdict = "met" if met else "NOT met"
    print(f"floor: {floor / trivial:.1f} x the trivial view (target <= {args.factor:.0f} x): {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
