"""Locust scenarios of the load benchmark: one user class per scenario, run one class at a time by bench.load.run.

    BENCH_LOAD_USERS_FILE=var/bench-load/users.json locust -f bench/load/locustfile.py --headless \\
        --host http://127.0.0.1:8123 -u 20 -r 20 -t 60s CaseloadUser

Every user sends its next request as soon as the last one is answered (no think time): 20 users are 20 requests
in flight, and the throughput is what the server gives at that concurrency. The users log in with the sessions
that bench.load.sessions wrote (the file named by BENCH_LOAD_USERS_FILE); the cookies go in an explicit Cookie
header, as a browser that logged in sends them. Redirects are not followed: a page that answers with a redirect
(to the login or the 2FA form) counts as a failure, and the sickness report's redirect to the new case is its
success (its time is the POST's alone).

This file does not import Django: locust runs in its own process, with gevent.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from typing import Any, ClassVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

_DATA: dict[str, Any] | None = None


def users_data() -> dict[str, Any]:
    global _DATA
    if _DATA is None:
        with open(os.environ["BENCH_LOAD_USERS_FILE"], encoding="utf-8") as fh:
            _DATA = json.load(fh)
    return _DATA


def cookie_header(entry: dict[str, Any]) -> str:
    data = users_data()
    return f"{data['session_cookie']}={entry['session']}; {data['csrf_cookie']}={entry['csrf']}"


def amsterdam_today() -> str:
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()


class _BenchUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    _numbers: ClassVar[itertools.count[int]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._numbers = itertools.count()

    def on_start(self) -> None:
        self.number = next(type(self)._numbers)
        self.client.client.cookiejar = None  # cookies come from the session file only

    def get_page(self, path: str, name: str, headers: dict[str, str]) -> None:
        with self.client.get(path, name=name, headers=headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")


class TrivialUser(_BenchUser):
    """The yardstick: a view that returns a constant (routed only with BENCH_TRIVIAL_VIEW=true)."""

    @task
    def trivial(self) -> None:
        self.get_page("/bench/trivial/", "trivial view", {})


class FloorUser(_BenchUser):
    """The authenticated floor: the base layout for a signed-in casemanager, one audit row (BENCH_TRIVIAL_VIEW)."""

    def on_start(self) -> None:
        super().on_start()
        casemanagers = users_data()["casemanagers"]
        self.headers = {"Cookie": cookie_header(casemanagers[self.number % len(casemanagers)])}

    @task
    def floor(self) -> None:
        self.get_page("/bench/floor/", "floor page", self.headers)


class CaseloadUser(_BenchUser):
    """A casemanager's caseload (werkvoorraad): open cases, most urgent first, first page."""

    def on_start(self) -> None:
        super().on_start()
        casemanagers = users_data()["casemanagers"]
        self.headers = {"Cookie": cookie_header(casemanagers[self.number % len(casemanagers)])}

    @task
    def caseload(self) -> None:
        self.get_page("/werkvoorraad/", "caseload page", self.headers)


class CasePageUser(_BenchUser):
    """A casemanager opens the open cases of the caseload one after the other."""

    def on_start(self) -> None:
        super().on_start()
        casemanagers = users_data()["casemanagers"]
        entry = casemanagers[self.number % len(casemanagers)]
        self.headers = {"Cookie": cookie_header(entry)}
        self.cases = itertools.cycle(entry["cases"])

    @task
    def case_page(self) -> None:
        self.get_page(f"/verzuim/{next(self.cases)}/", "case page", self.headers)


class EmployerDashboardUser(_BenchUser):
    """An employer user's dashboard: policy, employee count, open cases."""

    def on_start(self) -> None:
        super().on_start()
        employers = users_data()["employers"]
        self.headers = {"Cookie": cookie_header(employers[self.number % len(employers)])}

    @task
    def dashboard(self) -> None:
        self.get_page("/", "employer dashboard", self.headers)


class SicknessReportUser(_BenchUser):
    """The employer's sickness report form (ziekmelden), posted for a new employee every time.

    The employees come from a pool of employees without an open case (bench.load.sessions); each is reported
    once. The users take the reporters (one employer user with its employees) one after the other from a
    shared queue; a user stops when the pool is used up (bench.load.run reports that the pool was too small).
    """

    _reporters: ClassVar[Any] = None

    def on_start(self) -> None:
        super().on_start()
        if SicknessReportUser._reporters is None:
            SicknessReportUser._reporters = iter(users_data()["reporters"])
        self.today = amsterdam_today()
        self.pending: list[str] = []
        self.headers: dict[str, str] = {}
        self.csrf = ""

    def _next_employee(self) -> str:
        if not self.pending:
            reporter = next(SicknessReportUser._reporters, None)
            if reporter is None:
                raise StopUser
            self.pending = list(reporter["employees"])
            self.csrf = reporter["csrf"]
            self.headers = {
                "Cookie": cookie_header(reporter),
                "Content-Type": "application/x-www-form-urlencoded",
            }
        return self.pending.pop()

    @task
    def report(self) -> None:
        employee = self._next_employee()
        body = {
            "csrfmiddlewaretoken": self.csrf,
            "employee": employee,
            "first_sick_day": self.today,
            "expected_duration_days": "",
            "phone": "",
            "care_address": "",
            "safety_net": "nee",
            "work_accident": "nee",
            "third_party_liable": "nee",
        }
        with self.client.post(
            "/verzuim/ziekmelden/",
            data=urlencode(body),
            name="sickness report POST",
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "/verzuim/" not in r.headers.get("Location", ""):
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")


class QuoteApiUser(_BenchUser):
    """Insurer staff's premium quote API (docs/api.md "Premium quote"), employers of 5 to 50 employees."""

    def on_start(self) -> None:
        super().on_start()
        insurers = users_data()["insurers"]
        self.headers = {"Authorization": f"Token {insurers[self.number % len(insurers)]['token']}"}
        size = 5 + (self.number * 7) % 46
        self.body = {
            "year": 2026,
            "sector_rate_pct": "4.0",
            "employer_charges_pct": "25.0",
            "waiting_days": 10,
            "coverage": "100/70",
            "employees": [
                {"yearly_wage": f"{32000 + 1000 * (n % 20)}.00", "date_of_birth": f"{1960 + n % 40}-05-01"}
                for n in range(size)
            ],
            "own_absence_pct": {"2025": "6.0", "2024": "4.0", "2023": "2.0"},
            "sector_absence_pct": "4.0",
            "previous_own_absence_factor": "0.90",
        }

    @task
    def quote(self) -> None:
        with self.client.post(
            "/api/v1/premiums/quotes/", json=self.body, name="quote API", headers=self.headers, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.text[:200]}")
