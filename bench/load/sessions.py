"""Log the load benchmark's users in without a browser: sessions, CSRF secrets and API tokens, dumped to JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuim_bench_book DJANGO_ENV=production SECRET_KEY=... \\
        ALLOWED_HOSTS=127.0.0.1 PORTAL_BASE_URL=http://127.0.0.1 \\
        .venv/bin/python -m bench.load.sessions --out var/bench-load/users.json

The portal's staff must pass TOTP (django-otp) before they reach a page. Driving the TOTP form for every load
user would measure the login, not the pages, so this script writes the session rows a successful login leaves
behind: Django's auth keys (`_auth_user_id`, `_auth_user_backend`, `_auth_user_hash`) and, for staff, django-otp's
`otp_device_id`, the persistent id of a confirmed TOTP device of that user (django_otp.login() stores exactly this;
OTPMiddleware reads it back on every request and marks the user verified). Staff without a confirmed device get
one named "bench-load". The sessions are signed with SECRET_KEY, so this script must run with the same SECRET_KEY
as the gunicorn it is written for (bench.load.run passes one to both).

It writes, in a deterministic order (by e-mail), for:

* casemanagers: N casemanagers with open cases they may see (their own, or of the employers they look after),
  each with a session and the ids of up to --cases-per-casemanager of those open cases (the case page scenario);
* employer users: N employer users (the dashboard scenario);
* reporters: employer users with a pool of their employer's employees who are employed today and have no open
  case, --post-pool employees in all (the sickness report scenario posts each of them once, so a run never
  reports an employee who is already sick; the portal would answer 409 and the POST would not be the ordinary one);
* insurers: a DRF token of every active insurer staff member (the quote API scenario).

`--cleanup FILE` undoes what a run changed: it deletes the cases the sickness report scenario created (with their
periods, steps and reminders) and the sessions of FILE. Audit rows stay: the audit log is append-only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.selectors import case_scope
from verzuim.models import Employee, Employer, Role, User

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"
DEVICE_NAME = "bench-load"


@dataclass(frozen=True)
class LoadPlan:
    casemanagers: int = 20
    employer_users: int = 20
    cases_per_casemanager: int = 50
    post_pool: int = 6000


def session_write(user: User, *, device: TOTPDevice | None = None) -> str:
    """A session as django.contrib.auth.login (and django_otp.login for staff) leaves it; returns its key."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)  # type: ignore[union-attr]
    store[BACKEND_SESSION_KEY] = AUTH_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return str(store.session_key)


def totp_device(user: User) -> TOTPDevice:
    """A confirmed TOTP device of the user: the first one, or a new one for the benchmark."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def csrf_secret() -> str:
    """A CSRF cookie value; Django accepts the unmasked secret as the form's token too."""
    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def _casemanagers(plan: LoadPlan) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for user in User.objects.filter(role=Role.CASEMANAGER, is_active=True).order_by("email"):
        cases = list(
            AbsenceCase.objects.filter(case_scope(user=user), status=CaseStatus.OPEN)
            .order_by("first_sick_day", "pk")
            .values_list("pk", flat=True)[: plan.cases_per_casemanager]
        )
        if not cases:
            continue
        out.append(
            {
                "email": user.email,
                "session": session_write(user, device=totp_device(user)),
                "csrf": csrf_secret(),
                "cases": [str(pk) for pk in cases],
            }
        )
        if len(out) == plan.casemanagers:
            break
    return out


def _employer_users(plan: LoadPlan) -> list[dict[str, Any]]:
    users = User.objects.filter(role=Role.EMPLOYER, is_active=True, employer__isnull=False).order_by("email")
    return [
        {"email": user.email, "session": session_write(user), "csrf": csrf_secret()}
        for user in users[: plan.employer_users]
    ]


def free_employees(today: dt.date) -> Any:
    """Employees a sickness report creates a new case for today: employed today, no open case."""
    open_case = AbsenceCase.objects.filter(employee=OuterRef("pk"), status=CaseStatus.OPEN)
    return (
        Employee.objects.filter(employment_start__lte=today)
        .filter(Q(employment_end__isnull=True) | Q(employment_end__gte=today))
        .exclude(Exists(open_case))
    )


def _reporters(plan: LoadPlan, today: dt.date) -> list[dict[str, Any]]:
    """Employer users, each with the employees of its employer it may report sick (--post-pool in all)."""
    reporter_of: dict[Any, User] = {}
    for user in User.objects.filter(role=Role.EMPLOYER, is_active=True, employer__isnull=False).order_by("email"):
        reporter_of.setdefault(user.employer_id, user)
    pool: dict[Any, list[str]] = {}
    reporter = User.objects.filter(employer_id=OuterRef("employer_id"), role=Role.EMPLOYER, is_active=True)
    employees = free_employees(today).filter(Exists(reporter)).order_by("employer_id", "pk")
    for employer_id, employee_id in employees.values_list("employer_id", "pk")[: plan.post_pool]:
        pool.setdefault(employer_id, []).append(str(employee_id))
    return [
        {
            "email": reporter_of[employer_id].email,
            "session": session_write(reporter_of[employer_id]),
            "csrf": csrf_secret(),
            "employees": employee_ids,
        }
        for employer_id, employee_ids in pool.items()
    ]


def _insurers() -> list[dict[str, Any]]:
    """A fresh API token for every insurer user: a token expires API_TOKEN_TTL_HOURS after it was issued, and the
    book may be older than that."""
    users = list(User.objects.filter(role=Role.INSURER, is_active=True).order_by("email"))
    Token.objects.filter(user__in=users).delete()
    return [{"email": user.email, "token": Token.objects.create(user=user).key} for user in users]


def book_summary() -> dict[str, int]:
    cases = AbsenceCase.objects.aggregate(all=Count("pk"), open=Count("pk", filter=Q(status=CaseStatus.OPEN)))
    return {
        "employers": Employer.objects.count(),
        "employees": Employee.objects.count(),
        "cases": cases["all"],
        "open_cases": cases["open"],
    }


def load_users_write(plan: LoadPlan, *, today: dt.date | None = None) -> dict[str, Any]:
    """Write the sessions and tokens of the load users; returns what the locustfile reads (JSON-able)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        data = {
            "written_at": timezone.now().isoformat(),
            "today": today.isoformat(),
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "book": book_summary(),
            "casemanagers": _casemanagers(plan),
            "employers": _employer_users(plan),
            "reporters": _reporters(plan, today),
            "insurers": _insurers(),
        }
    missing = [name for name in ("casemanagers", "employers", "reporters", "insurers") if not data[name]]
    if missing:
        raise RuntimeError(f"the book has no load users for: {', '.join(missing)} (run make bench-book first)")
    return data


def load_cleanup(data: dict[str, Any]) -> dict[str, int]:
    """Delete the cases the sickness reports of the run created and the sessions written for it."""
    written_at = dt.datetime.fromisoformat(data["written_at"])
    employees = [employee for reporter in data["reporters"] for employee in reporter["employees"]]
    reporters = User.objects.filter(email__in=[reporter["email"] for reporter in data["reporters"]])
    keys = [entry["session"] for name in ("casemanagers", "employers", "reporters") for entry in data[name]]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        created = AbsenceCase.objects.filter(
            employee_id__in=employees, reported_by__in=reporters, created_at__gte=written_at
        )
        cases = created.count()
        created.delete()
        for key in keys:
            store(session_key=key).delete()
    return {"cases_deleted": cases, "sessions_deleted": len(keys)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.sessions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the users' sessions and tokens to this JSON file")
    parser.add_argument("--cleanup", type=Path, help="undo the run of this JSON file (created cases, sessions)")
    parser.add_argument("--casemanagers", type=int, default=LoadPlan.casemanagers)
    parser.add_argument("--employer-users", type=int, default=LoadPlan.employer_users)
    parser.add_argument("--cases-per-casemanager", type=int, default=LoadPlan.cases_per_casemanager)
    parser.add_argument("--post-pool", type=int, default=LoadPlan.post_pool, help="employees to report sick at most")
    args = parser.parse_args(argv)
    if args.cleanup:
        result = load_cleanup(json.loads(args.cleanup.read_text(encoding="utf-8")))
        print(json.dumps(result))
        return 0
    if not args.out:
        parser.error("--out or --cleanup is required")
    plan = LoadPlan(
        casemanagers=args.casemanagers,
        employer_users=args.employer_users,
        cases_per_casemanager=args.cases_per_casemanager,
        post_pool=args.post_pool,
    )
    data = load_users_write(plan)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1), encoding="utf-8")
    pool = sum(len(reporter["employees"]) for reporter in data["reporters"])
    print(
        f"sessions: {len(data['casemanagers'])} casemanagers, {len(data['employers'])} employer users, "
        f"{len(data['reporters'])} reporters with {pool} employees to report sick, {len(data['insurers'])} insurer "
        f"tokens -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
