"""Load-test the portal: gunicorn with 2 workers on the general book, locust with 20 users per scenario.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench_book .venv/bin/python -m bench.load.run

What it does, in order:

1. `manage.py collectstatic` into VAR_DIR/static (production serves the pages' static files through WhiteNoise's
   manifest, without which a page does not render);
2. `python -m bench.load.sessions`: sessions of the load users (2FA-verified for staff), CSRF secrets, a pool of
   employees to report sick and the insurers' API tokens, to VAR_DIR/bench-load/users.json;
3. starts `gunicorn verzuim.wsgi` with --workers workers on 127.0.0.1 and a free port, with the production
   settings (DJANGO_ENV=production, DEBUG off, a SECRET_KEY made for the run, SECURE_SSL_REDIRECT=false because
   locust speaks plain http, BENCH_TRIVIAL_VIEW=true for the yardstick);
4. warms both workers up (a few requests of every page scenario, outside the figures);
5. runs locust headless for every scenario, one after the other: --users users, all started at once, for
   --seconds seconds, no think time (`bench/load/locustfile.py`); the sickness report runs last, as it is the
   only scenario that writes cases;
6. reads every worker's resident memory (VmRSS in /proc) after the warm-up and after the last scenario;
7. stops gunicorn, deletes the cases the sickness reports created and the sessions
   (`bench.load.sessions --cleanup`), so the next run meets the same book;
8. prints the table (p50/p95/p99 from locust's CSV, throughput, each scenario's throughput as a share of the
   trivial view's and of the authenticated floor's, its p95 as a multiple of the floor's p95, the targets) and
   writes it to --out (default bench/load-results.md).

The two yardsticks (verzuim/views_bench.py, routed by BENCH_TRIVIAL_VIEW): the trivial view, a constant, is the
limit of the machine; the authenticated floor, the base layout for a signed-in casemanager with its one audit row,
is the cheapest page any signed-in user can get. The targets are set against the floor (issue 25): a page that
reads a dossier cannot be cheaper than the floor, so its share of the floor says how much the page itself adds.

A run with fewer than 60 seconds or 20 users per scenario, or on a book smaller than 40,000 employers, is marked
as a smoke run in the table's title. Exits 1 when a target is missed or a request failed.

Locust reports percentiles rounded as it stores them: exact below 100 ms, to 10 ms below 1 s, to 100 ms above.
Locust runs on the same machine as gunicorn and PostgreSQL, so the three share its cores.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
FULL_BOOK_EMPLOYERS = 40_000
MB = 1024 * 1024


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    user_class: str
    stats_name: str
    # Targets against the authenticated floor measured in the same run (issue 25): at least this share of the
    # floor's throughput, and a p95 of at most this many times the floor's p95.
    floor_share_target_pct: float | None = None
    floor_p95_target_factor: float | None = None
    read_page: bool = False


SCENARIOS = (
    Scenario("trivial", "Trivial view (constant; the limit of this machine)", "TrivialUser", "trivial view"),
    Scenario("floor", "Authenticated floor (base layout, signed in, one audit row)", "FloorUser", "floor page"),
    Scenario("caseload", "Casemanager's caseload page", "CaseloadUser", "caseload page", 50, 2, True),
    Scenario("case", "Case page (casemanager)", "CasePageUser", "case page", 50, 2, True),
    Scenario("dashboard", "Employer dashboard with the task inbox", "EmployerDashboardUser", "employer dashboard", 60),
    Scenario("quote", "Quote API (POST /api/v1/premiums/quotes/)", "QuoteApiUser", "quote API"),
    Scenario("sickness", "Sickness report POST (ziekmelden)", "SicknessReportUser", "sickness report POST", 30, 3),
)
RSS_TARGET_MB = 150.0
WARMUP_PATHS = ("trivial", "floor", "caseload", "case", "dashboard", "quote")


@dataclass
class ScenarioResult:
    key: str
    label: str
    requests: int = 0
    failures: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    rps: float = 0.0
    share_pct: float | None = None
    floor_share_pct: float | None = None
    floor_p95_factor: float | None = None
    misses: list[str] = field(default_factory=list)
    load_before: float = 0.0


@dataclass
class RunResult:
    started: str
    users: int
    seconds: int
    workers: int
    threads: int
    book: dict[str, int]
    smoke: bool
    machine: dict[str, str]
    scenarios: list[ScenarioResult] = field(default_factory=list)
    rss_warm_mb: dict[int, float] = field(default_factory=dict)
    rss_after_mb: dict[int, float] = field(default_factory=dict)
    pool: int = 0
    misses: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of gunicorn and the helper commands: production settings for plain http on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_ENV": "production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PORTAL_BASE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "BENCH_TRIVIAL_VIEW": "true",
            "VAR_DIR": str(settings.VAR_DIR),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is pid (the gunicorn workers of a master)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return sorted(out)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def gunicorn_extra_args() -> list[str]:
    """gunicorn 25.1 and later open a control socket in $HOME by default: one for every gunicorn of the user, so
    a second one (a developer's, another run's) would clash. The benchmark needs none."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


def static_fingerprint() -> str:
    """Names, sizes and times of every static source file (what collectstatic would copy)."""
    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_static(env: dict[str, str]) -> None:
    """collectstatic with production's storage (manifest, compressed), skipped when nothing changed since the last
    run's (it takes a minute of CPU)."""
    root = Path(settings.STATIC_ROOT)
    stamp = root / ".bench-load-static"
    fingerprint = static_fingerprint()
    if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == fingerprint:
        print("static files: collected already", flush=True)
        return
    print("collectstatic ...", flush=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    stamp.write_text(fingerprint)


def wait_healthy(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass  # not listening yet: ask again after the pause below
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s")


def _request(url: str, **kwargs: Any) -> urllib.request.Request:
    assert url.startswith("http://127.0.0.1:")
    return urllib.request.Request(url, **kwargs)  # noqa: S310 - our own gunicorn


def _warm_requests(base: str, users: dict[str, Any], key: str) -> list[urllib.request.Request]:
    def cookie(entry: dict[str, Any]) -> dict[str, str]:
        return {"Cookie": f"{users['session_cookie']}={entry['session']}; {users['csrf_cookie']}={entry['csrf']}"}

    cm = users["casemanagers"]
    if key == "trivial":
        return [_request(base + "/bench/trivial/")]
    if key == "floor":
        return [_request(base + "/bench/floor/", headers=cookie(entry)) for entry in cm]
    if key == "caseload":
        return [_request(base + "/werkvoorraad/", headers=cookie(entry)) for entry in cm]
    if key == "case":
        return [_request(f"{base}/verzuim/{entry['cases'][0]}/", headers=cookie(entry)) for entry in cm]
    if key == "dashboard":
        return [_request(base + "/", headers=cookie(entry)) for entry in users["employers"]]
    body = json.dumps(
        {
            "year": 2026,
            "sector_rate_pct": "4.0",
            "employer_charges_pct": "25.0",
            "waiting_days": 10,
            "coverage": "100/70",
            "employees": [{"yearly_wage": "40000.00", "date_of_birth": "1980-05-01"}] * 5,
            "own_absence_pct": {},
            "sector_absence_pct": "4.0",
        }
    ).encode()
    return [
        _request(
            f"{base}/api/v1/premiums/quotes/",
            data=body,
            headers={"Authorization": f"Token {entry['token']}", "Content-Type": "application/json"},
        )
        for entry in users["insurers"]
    ]


def warm_up(base: str, users: dict[str, Any], rounds: int = 3, threads: int = 4) -> None:
    """A few requests of every page scenario from a few threads, so both workers have loaded their code."""
    errors: list[str] = []

    def work() -> None:
        for _ in range(rounds):
            for key in WARMUP_PATHS:
                for request in _warm_requests(base, users, key)[:3]:
                    try:
                        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                            response.read()
                            if response.geturl() != request.full_url:  # redirected: to the login or the 2FA form
                                errors.append(f"{key}: redirected to {response.geturl()}")
                    except urllib.error.HTTPError as exc:
                        errors.append(f"{key}: {exc.code}")

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise RuntimeError(f"warm-up requests failed: {sorted(set(errors))}")


def locust_stats(prefix: Path, name: str) -> dict[str, str]:
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == name:
                return row
    return {}


def _number(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:  # "N/A" when there were no requests
        return 0.0


def py_spy_start(pids: list[int], scenario: Scenario, run_dir: Path, seconds: int) -> list[subprocess.Popen[bytes]]:
    """py-spy record of every worker for the scenario's duration: VAR_DIR/bench-load/<scenario>-<pid>.svg.

    py-spy samples from outside (ptrace), so the workers run unchanged; --nonblocking does not even pause them
    to read their stacks. It needs the permission to trace them (root, or CAP_SYS_PTRACE in a container)."""
    py_spy = Path(sys.executable).with_name("py-spy")
    profilers = []
    for pid in pids:
        with open(run_dir / f"{scenario.key}-{pid}-py-spy.log", "wb") as log:  # the child keeps its own copy
            command = [str(py_spy), "record", "--pid", str(pid), "--duration", str(seconds), "--nonblocking"]
            command += ["--output", str(run_dir / f"{scenario.key}-{pid}.svg")]
            profilers.append(subprocess.Popen(command, stdout=log, stderr=log))  # noqa: S603
    return profilers


def run_scenario(
    scenario: Scenario, *, base: str, users_file: Path, run_dir: Path, users: int, seconds: int
) -> ScenarioResult:
    prefix = run_dir / scenario.key
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        scenario.user_class,
    ]
    result = ScenarioResult(key=scenario.key, label=scenario.label, load_before=os.getloadavg()[0])
    with open(run_dir / f"{scenario.key}-locust.log", "wb") as log:
        subprocess.run(command, env={**os.environ, "BENCH_LOAD_USERS_FILE": str(users_file)}, stdout=log, stderr=log)  # noqa: S603
    row = locust_stats(prefix, scenario.stats_name)
    if not row:
        result.misses.append(f"{scenario.label}: no requests (see {run_dir / (scenario.key + '-locust.log')})")
        return result
    result.requests = int(row["Request Count"])
    result.failures = int(row["Failure Count"])
    result.p50_ms = _number(row["50%"])
    result.p95_ms = _number(row["95%"])
    result.p99_ms = _number(row["99%"])
    result.max_ms = _number(row["Max Response Time"])
    result.rps = _number(row["Requests/s"])
    return result


def judge(run: RunResult) -> None:
    trivial = next((r for r in run.scenarios if r.key == "trivial"), None)
    floor = next((r for r in run.scenarios if r.key == "floor"), None)
    by_key = {s.key: s for s in SCENARIOS}
    for result in run.scenarios:
        scenario = by_key[result.key]
        if trivial and trivial.rps:
            result.share_pct = 100 * result.rps / trivial.rps
        if floor and floor.rps:
            result.floor_share_pct = 100 * result.rps / floor.rps
        if floor and floor.p95_ms:
            result.floor_p95_factor = result.p95_ms / floor.p95_ms
        if result.failures:
            result.misses.append(f"{result.label}: {result.failures} of {result.requests} requests failed")
        has_targets = scenario.floor_share_target_pct is not None or scenario.floor_p95_target_factor is not None
        if has_targets and floor is None:
            result.misses.append(f"{result.label}: no floor in this run to set the targets against")
        share, factor = result.floor_share_pct, result.floor_p95_factor
        if (
            scenario.floor_share_target_pct is not None
            and share is not None
            and share < scenario.floor_share_target_pct
        ):
            result.misses.append(
                f"{result.label}: {share:.0f} % of the floor's throughput < {scenario.floor_share_target_pct:.0f} %"
            )
        target_factor = scenario.floor_p95_target_factor
        if target_factor is not None and factor is not None and factor > target_factor:
            result.misses.append(f"{result.label}: p95 {factor:.1f} x the floor's > {target_factor:.0f} x")
        run.misses.extend(result.misses)
    for pid, rss in run.rss_after_mb.items():
        if rss > RSS_TARGET_MB:
            run.misses.append(f"gunicorn worker {pid}: RSS {rss:.0f} MB after the run > {RSS_TARGET_MB:.0f} MB")


def _target(scenario: Scenario) -> str:
    parts = []
    if scenario.floor_share_target_pct is not None:
        parts.append(f"≥ {scenario.floor_share_target_pct:.0f} % of floor")
    if scenario.floor_p95_target_factor is not None:
        parts.append(f"p95 ≤ {scenario.floor_p95_target_factor:.0f} x floor's")
    return ", ".join(parts) or "-"


def markdown(run: RunResult, command: str) -> str:
    by_key = {s.key: s for s in SCENARIOS}
    title = "SMOKE RUN, not the measurement" if run.smoke else "Measurement"
    lines = [
        f"### Load test: {title} ({run.started})",
        "",
        f"gunicorn {run.workers} workers ({worker_kind(run.threads)}), {run.users} locust users per scenario, "
        f"{run.seconds} s per scenario, no think time; book: "
        f"{run.book.get('employers', 0):,} employers, {run.book.get('employees', 0):,} employees, "
        f"{run.book.get('cases', 0):,} cases ({run.book.get('open_cases', 0):,} open). "
        f"Machine: {run.machine['cpus']} CPUs, load average before the run {run.machine['load_before']}, "
        f"after {run.machine.get('load_after', '?')}.",
        "",
        "| Scenario | Requests | Failed | p50 ms | p95 ms | p99 ms | max ms | req/s | % of trivial | % of floor "
        "| p95 / floor's | Target | Met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    order = ("caseload", "case", "dashboard", "sickness", "quote", "floor", "trivial")
    results = {r.key: r for r in run.scenarios}
    for key in order:
        if key not in results:
            continue
        r = results[key]
        share = f"{r.share_pct:.1f} %" if r.share_pct is not None else "-"
        floor_share = f"{r.floor_share_pct:.0f} %" if r.floor_share_pct is not None else "-"
        factor = f"{r.floor_p95_factor:.1f} x" if r.floor_p95_factor is not None else "-"
        met = "-" if _target(by_key[key]) == "-" and not r.failures else ("no" if r.misses else "yes")
        lines.append(
            f"| {r.label} | {r.requests:,} | {r.failures:,} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | {r.p99_ms:.0f} | "
            f"{r.max_ms:.0f} | {r.rps:.1f} | {share} | {floor_share} | {factor} | {_target(by_key[key])} | {met} |"
        )
    lines += [
        "",
        "| gunicorn worker | RSS after warm-up | RSS after the run | Target | Met |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for pid in sorted(set(run.rss_warm_mb) | set(run.rss_after_mb)):
        warm, after = run.rss_warm_mb.get(pid), run.rss_after_mb.get(pid)
        lines.append(
            f"| pid {pid} | {f'{warm:.0f} MB' if warm is not None else '-'} | "
            f"{f'{after:.0f} MB' if after is not None else 'gone'} | ≤ {RSS_TARGET_MB:.0f} MB | "
            f"{'yes' if after is not None and after <= RSS_TARGET_MB else 'no'} |"
        )
    lines += ["", f"Reproduce: `{command}`", ""]
    if run.misses:
        lines += ["Missed:", "", *[f"* {miss}" for miss in run.misses], ""]
    else:
        lines += ["Every target met.", ""]
    return "\n".join(lines)


def book_present() -> bool:
    from django.db import DatabaseError

    from verzuim.models import Employer

    try:
        return Employer.objects.exists()
    except DatabaseError:
        return False


def worker_kind(threads: int) -> str:
    """gunicorn's worker class for --threads: sync for one thread, gthread (threads share a process) above."""
    return "sync" if threads <= 1 else f"gthread, {threads} threads each"


def make_command(args: argparse.Namespace) -> str:
    """The make command that repeats this run (the variables that differ from the defaults)."""
    parts = ["make bench-load"]
    for variable, value, default in (
        ("BENCH_LOAD_USERS", args.users, 20),
        ("BENCH_LOAD_SECONDS", args.seconds, 60),
        ("BENCH_LOAD_WORKERS", args.workers, 2),
        ("BENCH_LOAD_THREADS", args.threads, 1),
    ):
        if value != default:
            parts.append(f"{variable}={value}")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent locust users per scenario (default 20)")
    parser.add_argument("--seconds", type=int, default=60, help="seconds per scenario (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (default 1: sync workers; more: gthread)"
    )
    parser.add_argument("--scenarios", default=",".join(s.key for s in SCENARIOS), help="comma-separated subset")
    parser.add_argument("--post-pool", type=int, default=0, help="employees to report sick (default: 150 a second)")
    parser.add_argument("--out", type=Path, default=Path("bench/load-results.md"), help="the table, as Markdown")
    parser.add_argument("--keep", action="store_true", help="do not delete the created cases and the sessions")
    parser.add_argument(
        "--py-spy",
        action="store_true",
        help="profile every worker during every scenario with py-spy (flame graphs in VAR_DIR/bench-load/)",
    )
    args = parser.parse_args(argv)

    wanted = [s for s in SCENARIOS if s.key in set(args.scenarios.split(","))]
    if not book_present():
        print(f"No book in {settings.DATABASES['default']['NAME']}: run `make bench-book` first.", file=sys.stderr)
        return 2
    run_dir = Path(settings.VAR_DIR) / "bench-load"
    run_dir.mkdir(parents=True, exist_ok=True)
    users_file = run_dir / "users.json"
    env = child_env({"SECRET_KEY": secrets.token_urlsafe(50)})
    python = sys.executable

    collect_static(env)
    post_pool = args.post_pool or 150 * args.seconds
    subprocess.run(  # noqa: S603
        [python, "-m", "bench.load.sessions", "--out", str(users_file), "--casemanagers", str(args.users),
         "--employer-users", str(args.users), "--post-pool", str(post_pool)],
        env=env,
        check=True,
    )  # fmt: skip
    users = json.loads(users_file.read_text(encoding="utf-8"))
    pool = sum(len(reporter["employees"]) for reporter in users["reporters"])
    run = RunResult(
        started=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        users=args.users,
        seconds=args.seconds,
        workers=args.workers,
        threads=args.threads,
        book=users["book"],
        smoke=args.seconds < 60 or args.users < 20 or users["book"]["employers"] < FULL_BOOK_EMPLOYERS,
        machine={
            "cpus": str(os.cpu_count()),
            "load_before": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
            "python": platform.python_version(),
        },
        pool=pool,
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn_log = open(run_dir / "gunicorn.log", "wb")  # noqa: SIM115 - open while gunicorn runs
    gunicorn = subprocess.Popen(  # noqa: S603
        [python, "-m", "gunicorn", "verzuim.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--threads", str(args.threads), "--timeout", "60", "--error-logfile", "-", *gunicorn_extra_args()],
        env=env,
        stdout=gunicorn_log,
        stderr=gunicorn_log,
        start_new_session=True,
    )  # fmt: skip
    try:
        print(f"gunicorn {args.workers} workers on {base} (pid {gunicorn.pid}) ...", flush=True)
        wait_healthy(base, gunicorn)
        warm_up(base, users)
        run.rss_warm_mb = {pid: rss_mb(pid) for pid in children_of(gunicorn.pid)}
        ordered = sorted(wanted, key=lambda s: s.key == "sickness")  # the only one that writes: last
        for scenario in ordered:
            print(f"{scenario.label}: {args.users} users, {args.seconds} s ...", flush=True)
            profilers = py_spy_start(children_of(gunicorn.pid), scenario, run_dir, args.seconds) if args.py_spy else []
            result = run_scenario(
                scenario, base=base, users_file=users_file, run_dir=run_dir, users=args.users, seconds=args.seconds
            )
            for profiler in profilers:
                profiler.wait()
            run.scenarios.append(result)
            print(
                f"  {result.requests} requests ({result.failures} failed), p50 {result.p50_ms:.0f} ms, "
                f"p95 {result.p95_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, {result.rps:.1f} req/s",
                flush=True,
            )
            if scenario.key == "sickness" and result.requests >= pool:
                result.misses.append(f"the pool of {pool} employees to report sick ran out: raise --post-pool")
            time.sleep(2)
        run.rss_after_mb = {pid: rss_mb(pid) for pid in children_of(gunicorn.pid)}
        run.machine["load_after"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
        gunicorn_log.close()
        if not args.keep:
            subprocess.run([python, "-m", "bench.load.sessions", "--cleanup", str(users_file)], env=env, check=True)  # noqa: S603

    judge(run)
    text = markdown(run, make_command(args))
    print()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    (run_dir / "results.json").write_text(json.dumps(asdict(run), indent=1), encoding="utf-8")
    print(f"written to {args.out}; locust CSVs and logs in {run_dir}")
    return 1 if run.misses else 0


if __name__ == "__main__":
    sys.exit(main())
