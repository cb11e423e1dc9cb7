"""Time the roster sync (verzuim.roster.roster_sync) against the bare upsert of the same rows (issue 23 item 2).

    .venv/bin/python -m bench.roster --employees 500 --runs 5          (or: make bench-roster)

In a throwaway test database (Django's test-database machinery, a ``test_...`` database next to DATABASE_URL's),
for each run a fresh employer and two scenarios, each timed for the sync and for the bare upsert in the same run:

* new: a full roster of N employees the employer does not have yet (everything created and audited);
* resync: the same roster again with a tenth of the employees changed (the monthly payroll export).

The bare upsert is one ``INSERT ... ON CONFLICT (employer, personnel_number) DO UPDATE`` of the N rows
(``bulk_create(update_conflicts=True)``): no validation, no diff, no audit, no sync log; the least any import can
do. Prints min / median / max per scenario and the ratio of the medians; exits 1 when a ratio exceeds --target
(the target: within 3 x the bare upsert).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test.utils import setup_test_environment, teardown_test_environment

from verzuim.forms import EMPLOYEE_FIELDS
from verzuim.models import ContractType, Employee, Employer, Role, RosterMode, User
from verzuim.roster import RosterRow, roster_sync
from verzuim.validators import passes_eleven_proof

TARGET_RATIO = 3.0


def roster_rows(size: int, *, changed_every: int = 0) -> list[RosterRow]:
    """N employees as a payroll export gives them; every `changed_every`-th one with other hours."""
    rows = []
    for n in range(size):
        hours = Decimal("32.00") if changed_every and n % changed_every == 0 else Decimal("36.00")
        rows.append(
            RosterRow(
                row=n + 1,
                data={
                    "personnel_number": f"{n + 1:05d}",
                    "first_name": ("Anna", "Bram", "Chantal", "Daan", "Eva")[n % 5],
                    "last_name": f"van der Berg {n}",
                    "date_of_birth": dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                    "employment_start": dt.date(2010 + n % 15, 1 + n % 12, 1),
                    "employment_end": None,
                    "weekly_hours": hours,
                    "yearly_wage": Decimal(30000 + 37 * n),
                    "contract_type": ContractType.PERMANENT if n % 3 else ContractType.TEMPORARY,
                },
            )
        )
    return rows


def bare_upsert(employer: Employer, rows: list[RosterRow]) -> None:
    with transaction.atomic():
        Employee.objects.bulk_create(
            [Employee(employer=employer, **row.data) for row in rows],
            update_conflicts=True,
            unique_fields=["employer", "personnel_number"],
            update_fields=[name for name in EMPLOYEE_FIELDS if name != "personnel_number"],
        )


def _employer(n: int) -> Employer:
    return Employer.objects.create(
        name=f"Bench roster {n} B.V.",
        kvk_number=f"{90000000 + n}",
        payroll_tax_number=_payroll_tax_number(n),
        sbi_code="4724",
    )


def _payroll_tax_number(n: int) -> str:
    """A valid loonheffingennummer: eight digits from `n`, the eleven-proof picks the ninth (as tests/factories.py)."""
    for prefix in (90_000_000 + n, 95_000_000 + n, 98_000_000 + n):
        for last in range(10):
            if passes_eleven_proof(f"{prefix}{last}"):
                return f"{prefix}{last}L01"
    raise ValueError(n)


@dataclass
class Timings:
    sync_new: list[float]
    upsert_new: list[float]
    sync_resync: list[float]
    upsert_resync: list[float]

    def ratio(self, scenario: str) -> float:
        sync = statistics.median(getattr(self, f"sync_{scenario}"))
        upsert = statistics.median(getattr(self, f"upsert_{scenario}"))
        return sync / upsert


def _timed(action: Callable[..., Any], *args: Any) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


def _sync(user: User, employer: Employer, rows: list[RosterRow]) -> None:
    roster_sync(synced_by=user, employer=employer, rows=rows, mode=RosterMode.FULL)


def measure(*, employees: int, runs: int) -> Timings:
    """Time both scenarios `runs` times on fresh employers; needs a database (a test database in main)."""
    user = User.objects.create(email="bench-roster@example.nl", full_name="Bench", role=Role.INSURER)
    first, again = roster_rows(employees), roster_rows(employees, changed_every=10)
    timings = Timings([], [], [], [])
    for run in range(runs):
        synced, upserted = _employer(2 * run), _employer(2 * run + 1)
        timings.sync_new.append(_timed(_sync, user, synced, first))
        timings.upsert_new.append(_timed(bare_upsert, upserted, first))
        timings.sync_resync.append(_timed(_sync, user, synced, again))
        timings.upsert_resync.append(_timed(bare_upsert, upserted, again))
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.roster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=500, help="employees in the roster (default 500)")
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5)")
    parser.add_argument("--target", type=float, default=TARGET_RATIO, help="sync / upsert ratio allowed")
    args = parser.parse_args(argv)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        timings = measure(employees=args.employees, runs=args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load {load:.1f}, Python {platform.python_version()}")
    print(f"database: {connection.vendor}; {args.employees} employees, {args.runs} runs per scenario")
    met = True
    for scenario, label in (("new", "new roster"), ("resync", "resync, 10 % changed")):
        for kind in ("sync", "upsert"):
            values = getattr(timings, f"{kind}_{scenario}")
            low, middle, high = (1000 * value for value in (min(values), statistics.median(values), max(values)))
            print(f"{label:22} {kind:6}: min {low:7.1f} ms, median {middle:7.1f} ms, max {high:7.1f} ms")
        ratio = timings.ratio(scenario)
        met = met and ratio <= args.target
        print(f"{label:22} ratio : {ratio:.2f} x the bare upsert (target <= {args.target:.1f})")
    print(f"target: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
