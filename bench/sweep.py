"""Time the reminder sweep (verzuim/notifications.py ``notification_sweep`` with the step sweeper of
cases/absence/reminders.py, which first cancels stale reminders) on a book made by bench.generate_steps.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench .venv/bin/python -m bench.sweep

Runs the sweep --runs times for the book's fixed today: the first run queues every reminder that is due,
the later ones find them all queued (the outbox's unique key turns each insert into nothing). Then it shows
``EXPLAIN (ANALYZE, BUFFERS)`` of the statements the first run sent: the step query, the stale-reminder
UPDATE and the first outbox INSERT (inside a transaction that is rolled back). The SQL is taken from the run
itself (a ``connection.execute_wrapper``), so the plans are those of the code as it is.

The outbox is put back as the generator left it after the runs (rows added by the runs deleted, cancelled
ones pending again, then VACUUM ANALYZE), before the EXPLAINs, so the plans are those of the first run's
starting point and the benchmark can be repeated on the same book. Exits 1 when the first run takes longer
than --target seconds or the step query does not use the partial index step_open_due_idx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from bench.generate_steps import BENCH_TODAY, TZ
from cases.absence.models import Step, StepState
from verzuim.models import Notification, NotificationState
from verzuim.notifications import notification_sweep

TARGET_SECONDS = 10.0
STEP_INDEX = "step_open_due_idx"


@dataclass
class _Statement:
    sql: str
    params: Any
    many: bool
    seconds: float


@dataclass
class _Recorder:
    """Every statement one run sends, with the time the database took (as seen from Python)."""

    statements: list[_Statement] = field(default_factory=list)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(_Statement(sql, params, many, time.perf_counter() - started))

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.statements)

    def first(self, predicate: Callable[[str], bool]) -> _Statement | None:
        return next((s for s in self.statements if predicate(s.sql)), None)


@dataclass
class _Run:
    seconds: float
    offered: int
    inserted: int
    cancelled: int
    recorder: _Recorder


def _scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    assert row is not None
    return row[0]


def _label(sql: str) -> str:
    words = sql.split()
    if words[0] == "SELECT":
        table = words[words.index("FROM") + 1] if "FROM" in words else "?"
        return "SELECT ... FROM " + table  # noqa: S608 - a label for the report, never executed
    if words[0] == "INSERT":
        return f"INSERT INTO {words[2]}"
    if words[0] == "UPDATE":
        return f"UPDATE {words[1]}"
    return " ".join(words[:3])


def _machine() -> list[str]:
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    return [
        f"machine: {os.cpu_count()} CPUs, {memory} memory, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        f"database: {_scalar('SELECT version()').split(' on ')[0]}, shared_buffers {_scalar('SHOW shared_buffers')}, "
        f"work_mem {_scalar('SHOW work_mem')}",
    ]


def _sweep(today: dt.date, now: dt.datetime) -> _Run:
    total_before = Notification.objects.count()
    cancelled_before = Notification.objects.filter(state=NotificationState.CANCELLED).count()
    recorder = _Recorder()
    with connection.execute_wrapper(recorder):
        started = time.perf_counter()
        offered = notification_sweep(today=today, now=now)
        seconds = time.perf_counter() - started
    return _Run(
        seconds=seconds,
        offered=offered,
        inserted=Notification.objects.count() - total_before,
        cancelled=Notification.objects.filter(state=NotificationState.CANCELLED).count() - cancelled_before,
        recorder=recorder,
    )


def _explain(statement: _Statement, *, analyze: bool = True) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a statement the sweep sent, in a transaction that is rolled back."""
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ({options}) {statement.sql}", statement.params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=BENCH_TODAY, help=f"the book's today (default {BENCH_TODAY})"
    )
    parser.add_argument("--runs", type=int, default=3, help="sweeps in a row (default 3)")
    parser.add_argument("--target", type=float, default=TARGET_SECONDS, help="seconds allowed for the first run")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("The sweep benchmark runs on PostgreSQL (set DATABASE_URL).", file=sys.stderr)
        return 2
    if not Step.objects.exists():
        print("No steps in this database: run python -m bench.generate_steps first.", file=sys.stderr)
        return 2

    today = args.today
    now = dt.datetime(today.year, today.month, today.day, 6, tzinfo=TZ)
    for line in _machine():
        print(line)
    print(
        f"book: {Step.objects.count():,} steps, {Step.objects.filter(state=StepState.OPEN).count():,} open, "
        f"{Notification.objects.count():,} rows in the outbox "
        f"({Notification.objects.filter(state=NotificationState.PENDING).count():,} pending); today {today}"
    )

    last_id = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    pending_ids = list(Notification.objects.filter(state=NotificationState.PENDING).values_list("id", flat=True))
    runs: list[_Run] = []
    try:
        for number in range(1, args.runs + 1):
            run = _sweep(today, now)
            runs.append(run)
            print(
                f"run {number}: {run.seconds:.3f} s wall clock ({run.recorder.seconds:.3f} s in "
                f"{len(run.recorder.statements)} statements); {run.offered:,} reminders due, "
                f"{run.inserted:,} rows inserted, {run.cancelled:,} stale reminders cancelled"
            )
        first = runs[0]
        print("\nrun 1, time per statement:")
        per_label: dict[str, list[float]] = {}
        for statement in first.recorder.statements:
            per_label.setdefault(_label(statement.sql), []).append(statement.seconds)
        for label, seconds in per_label.items():
            print(f"  {label:<48} {len(seconds):>4} x  {sum(seconds):8.3f} s")
        print(f"  {'Python (building drafts, ORM)':<48}         {first.seconds - first.recorder.seconds:8.3f} s")
    finally:
        # Put the outbox back as generated, so the next benchmark starts from the same book.
        with transaction.atomic():
            Notification.objects.filter(id__gt=last_id).delete()
            Notification.objects.filter(pk__in=pending_ids).update(state=NotificationState.PENDING)
        # Clear the dead rows the runs left, as autovacuum would, so the plans below see the book as generated.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Notification._meta.db_table)}")

    step_query = first.recorder.first(lambda sql: sql.startswith("SELECT") and 'FROM "cases_step"' in sql)
    cancel = first.recorder.first(lambda sql: sql.startswith('UPDATE "verzuim_notification"'))
    insert = first.recorder.first(lambda sql: sql.startswith('INSERT INTO "verzuim_notification"'))
    index_used = False
    for title, sent in (
        ("the step query", step_query),
        ("the stale-reminder UPDATE (rolled back)", cancel),
        ("the first outbox INSERT (rolled back)", insert),
    ):
        if sent is None:
            print(f"\n{title}: not sent in run 1")
            continue
        plan = _explain(sent)
        if sent is step_query:
            index_used = STEP_INDEX in plan
            sql = sent.sql
        else:
            sql = sent.sql if len(sent.sql) < 600 else sent.sql[:600] + " ..."
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) {title}:\n{sql}\n\n{plan}")

    print(f"\n{STEP_INDEX} used by the step query: {'yes' if index_used else 'NO'}")
    within = first.seconds <= args.target
    print(f"first run {first.seconds:.3f} s: {'within' if within else 'OVER'} the target of {args.target:g} s")
    print(f"database {settings.DATABASES['default']['NAME']}: outbox restored to {last_id:,} rows as generated")
    return 0 if within and index_used else 1


if __name__ == "__main__":
    sys.exit(main())
