"""Time the yearly premium renewal (`manage.py renew_premiums --year 2027`) on the book of bench.generate and
watch its memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench_book .venv/bin/python -m bench.renewal

Deletes the calculations of --year first (so the run can be repeated on the same book), then runs the
command in a child process (`python -m bench.renewal --child`, which calls `renew_premiums` through
call_command and counts the statements it sends, batch by batch) and samples the child's resident memory
every --interval seconds (psutil when installed, else VmRSS in /proc/<pid>/status). The peak is the kernel's
(ru_maxrss of the child, from wait4), not only the largest sample.

Prints the wall clock, the peak RSS, the RSS at 25/50/75/100 % of the run (memory is flat when these stay
level however many batches have gone by), the calculations made, and the queries and seconds per batch.
Exits 1 when the run takes longer than --target seconds (the target: 40,000 employers in at most 5 minutes), when
the child fails, or when not every policy due got its calculation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from premiums import renewal, services
from premiums.models import CalculationStatus, Policy, PremiumCalculation

TARGET_SECONDS = 300.0
FRACTIONS = (0.25, 0.5, 0.75, 1.0)

try:  # psutil is not a dependency of the portal; /proc does the same on Linux
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None


def rss_kib(pid: int) -> int | None:
    """The resident set size of a running process in KiB; None once it is gone."""
    if psutil is not None:
        try:
            return int(psutil.Process(pid).memory_info().rss // 1024)
        except psutil.Error:
            return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None  # a zombie has no VmRSS line


def rss_at(samples: Sequence[tuple[float, int]], seconds: float, fractions: Sequence[float] = FRACTIONS) -> list[int]:
    """The last sample taken at or before each fraction of a run of `seconds` (samples: (elapsed, KiB), in order)."""
    found = []
    for fraction in fractions:
        moment = fraction * seconds
        before = [kib for elapsed, kib in samples if elapsed <= moment]
        found.append(before[-1] if before else samples[0][1])
    return found


# --- the child: the command itself, with its statements counted ----------------------------------------------


# The keyset query that starts each batch of premium_renew (the policies with their employers).
BATCH_QUERY = 'SELECT "premiums_policy"."id"'


@dataclass
class _Batch:
    started: float
    queries: int = 0
    policies: int = 0


@dataclass
class _Counter:
    """Counts the statements of each batch: from one keyset query to the next."""

    started: float = field(default_factory=time.perf_counter)
    queries: int = 0
    before_batches: int = 0  # loading the parameters
    batches: list[_Batch] = field(default_factory=list)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        if sql.startswith(BATCH_QUERY) and "LIMIT" in sql:
            self.batches.append(_Batch(started=time.perf_counter() - self.started))
        if self.batches:
            self.batches[-1].queries += 1
        else:
            self.before_batches += 1
        return execute(sql, params, many, context)


def child(year: int, batch_size: int, report: Path) -> int:
    counter = _Counter()
    calculate = renewal.calculate

    def counted(policies: Any, **kwargs: Any) -> Any:
        policies = list(policies)
        counter.batches[-1].policies = len(policies)
        return calculate(policies, **kwargs)

    renewal.calculate = counted  # type: ignore[assignment]  # services calls it through the module
    counter.started = time.perf_counter()
    with connection.execute_wrapper(counter):
        call_command("renew_premiums", year=year, batch_size=batch_size)
    seconds = time.perf_counter() - counter.started
    renewal.calculate = calculate  # type: ignore[assignment]
    ends = [batch.started for batch in counter.batches[1:]] + [seconds]
    batches = [
        {"policies": batch.policies, "queries": batch.queries, "seconds": end - batch.started}
        for batch, end in zip(counter.batches, ends, strict=True)
        if batch.policies  # not the last keyset query, which found no more policies
    ]
    report.write_text(
        json.dumps(
            {"seconds": seconds, "queries": counter.queries, "before": counter.before_batches, "batches": batches}
        )
    )
    return 0


# --- the parent: prepare, run the child, sample it -----------------------------------------------------------


@dataclass
class Run:
    wall_seconds: float
    cpu_seconds: float
    exit_code: int
    peak_kib: int
    samples: list[tuple[float, int]]
    child: dict[str, Any]


def run_child(year: int, batch_size: int, interval: float) -> Run:
    with tempfile.TemporaryDirectory(prefix="bench-renewal-") as folder:
        report = Path(folder) / "report.json"
        command = [sys.executable, "-m", "bench.renewal", "--child", "--year", str(year),
                   "--batch-size", str(batch_size), "--report", str(report)]  # fmt: skip
        started = time.perf_counter()
        # As in production: with DEBUG on, Django keeps the SQL of the last 9,000 statements, the renewal's
        # INSERTs of 500 calculations with their inputs among them, and memory would grow with that log.
        environment = {**os.environ, "DEBUG": "false"}
        process = subprocess.Popen(command, env=environment)  # noqa: S603 - our own interpreter and module
        samples: list[tuple[float, int]] = []
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            kib = rss_kib(process.pid)
            if kib is not None:
                samples.append((time.perf_counter() - started, kib))
            time.sleep(interval)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        result = json.loads(report.read_text()) if report.exists() else {}
    return Run(
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        exit_code=process.returncode,
        peak_kib=usage.ru_maxrss,
        samples=samples,
        child=result,
    )


def _mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def _machine() -> list[str]:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    facts = [
        f"{os.cpu_count()} CPUs, {memory} memory, load average {load}",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, Django {django.__version__}",
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            facts.append(f"PostgreSQL {cursor.fetchone()[0]}")
    return facts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.renewal", description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=2027, help="premium year to renew (default 2027)")
    parser.add_argument("--batch-size", type=int, default=services.RENEWAL_BATCH_SIZE, help="policies per batch")
    parser.add_argument("--target", type=float, default=TARGET_SECONDS, help="fail above this many seconds")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between memory samples")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.year, args.batch_size, args.report)

    policies = Policy.objects.count()
    if not policies:
        print(f"{settings.DATABASES['default']['NAME']} has no policies: generate a book first "
              "(python -m bench.generate).", file=sys.stderr)  # fmt: skip
        return 2
    deleted, _ = PremiumCalculation.objects.filter(year=args.year).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {PremiumCalculation._meta.db_table}")
    due = Policy.objects.filter(services.policies_to_renew(args.year)).count()
    previous = PremiumCalculation.objects.filter(year=args.year - 1, status=CalculationStatus.APPROVED).count()
    print(f"renewal {args.year} of {settings.DATABASES['default']['NAME']}: {due:,} of {policies:,} policies due, "
          f"{previous:,} with an approved premium {args.year - 1}; {deleted:,} calculations of {args.year} deleted "
          f"first")  # fmt: skip
    for fact in _machine():
        print(f"  {fact}")
    connection.close()

    run = run_child(args.year, args.batch_size, args.interval)

    created = PremiumCalculation.objects.filter(year=args.year, status=CalculationStatus.DRAFT)
    made = created.count()
    capped = created.filter(cap_applied=True).count()
    with_previous = created.filter(previous_own_absence_factor__isnull=False).count()
    print(f"wall clock {run.wall_seconds:.1f} s (the command itself {run.child.get('seconds', 0):.1f} s; "
          f"the rest is starting Python and Django), exit code {run.exit_code}; CPU time of the child "
          f"{run.cpu_seconds:.1f} s (the database server's is not in it); load average now "
          f"{', '.join(f'{value:.2f}' for value in os.getloadavg())}")  # fmt: skip
    print(f"calculations drafted: {made:,} ({with_previous:,} against last year's approved factor, cap applied "
          f"in {capped:,})")  # fmt: skip
    print(f"peak RSS {_mib(run.peak_kib)} (kernel); {len(run.samples)} samples every {args.interval} s, "
          f"largest {_mib(max((kib for _, kib in run.samples), default=0))}")  # fmt: skip
    if run.samples:
        marks = rss_at(run.samples, run.wall_seconds)
        print("RSS at " + ", ".join(f"{int(f * 100)} %: {_mib(kib)}" for f, kib in zip(FRACTIONS, marks, strict=True)))
    batches = run.child.get("batches", [])
    if batches:
        queries = [b["queries"] for b in batches]
        seconds = [b["seconds"] for b in batches]
        print(f"{len(batches)} batches of up to {args.batch_size} policies: {min(queries)}-{max(queries)} queries "
              f"per batch ({run.child['queries']} in all, {run.child['before']} of them loading the parameters "
              f"before the first batch); seconds per batch min {min(seconds):.2f}, median "
              f"{statistics.median(seconds):.2f}, max {max(seconds):.2f}; first quarter {_mean(seconds, 0):.2f} s, "
              f"last quarter {_mean(seconds, 3):.2f} s a batch")  # fmt: skip
    failed = False
    if run.exit_code != 0:
        print(f"FAIL: the command exited with {run.exit_code}", file=sys.stderr)
        failed = True
    if made != due:
        print(f"FAIL: {made:,} calculations for {due:,} policies due", file=sys.stderr)
        failed = True
    if run.wall_seconds > args.target:
        print(f"FAIL: {run.wall_seconds:.1f} s is over the target of {args.target:.0f} s", file=sys.stderr)
        failed = True
    print(f"{'FAIL' if failed else 'OK'} ({dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z})")
    return 1 if failed else 0


def _mean(values: Sequence[float], quarter: int) -> float:
    size = max(1, len(values) // 4)
    part = values[quarter * size : (quarter + 1) * size] or values[-size:]
    return sum(part) / len(part)


if __name__ == "__main__":
    sys.exit(main())
