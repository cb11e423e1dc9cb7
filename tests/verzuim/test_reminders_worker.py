"""Reminders under process trouble: repeated and concurrent sweeps, a worker killed while
sending, Redis stopped during a sweep, a relapse that moves a due date, and send_reminders run twice."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from email import message_from_bytes
from io import StringIO
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cases.absence import services as case_services
from cases.absence.models import AbsenceCase, Step
from tests.cases.factories import make_case, own_arbodienst
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory
from tests.processes import CONTROLLED, database_url_of_test_database
from verzuim.celery import app
from verzuim.models import Employer, Notification, NotificationKind, NotificationState, ReminderMode, Role, User
from verzuim.notifications import notification_send_pending, notification_sweep
from verzuim.tasks import notification_send_pending as notification_send_pending_task

# The workers of these tests consume only this queue on the shared broker (see test_celery.py).
WORKER_QUEUE = "reminders-worker-test"
WAIT_SECONDS = 30
SLOW_MAIL_BACKEND = "tests.slow_mail_backend.EmailBackend"
FILE_MAIL_BACKEND = "tests.slow_mail_backend.FileEmailBackend"
# What the file backend writes after every message.
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
# Queueing a task while Redis hangs must fail after a few seconds (settings: the broker's socket timeouts).
BROKER_DOWN_FAILS_WITHIN_SECONDS = 15


# --- Processes -------------------------------------------------------------------------------------------------


def process_env(**environment: str) -> dict[str, str]:
    """The environment of a worker or script on the test database; the broker is this process's unless given."""
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update(VAR_DIR=str(settings.VAR_DIR), DATABASE_URL=database_url_of_test_database())
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.update(environment)
    return env


def wait_until(
    condition: Callable[[], bool],
    what: str,
    *,
    process: subprocess.Popen[bytes] | subprocess.Popen[str] | None = None,
    log: Path | None = None,
    every: Callable[[], object] | None = None,
    every_seconds: float = 2.0,
) -> None:
    """Poll `condition` for at most WAIT_SECONDS; `every` runs at once and then every few seconds, as beat
    would trigger a task."""
    deadline = time.monotonic() + WAIT_SECONDS
    next_every = time.monotonic()
    while not condition():
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            details = log.read_text(errors="replace") if log is not None and log.exists() else ""
            assert process is None or process.poll() is None, f"the process died waiting for {what}:\n{details}"
            pytest.fail(f"timed out waiting for {what}:\n{details}")
        if every is not None and time.monotonic() >= next_every:
            every()
            next_every = time.monotonic() + every_seconds
        time.sleep(0.1)


def kill_group(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """SIGKILL the process and everything it started (it leads its own process group). Only while it has not been
    reaped: after that its number may belong to somebody else."""
    if process.returncode is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def celery_worker(
    name: str, log: Path, env: dict[str, str], queue: str = WORKER_QUEUE
) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "verzuim",
        "worker",
        "--pool=solo",
        f"--queues={queue}",
        f"--hostname={name}@%h",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        kill_group(process)


def purge_worker_queue() -> None:
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(WORKER_QUEUE)


# Prepended to a script: set Django up, say so, and wait for the go. The start-up (seconds on a busy machine) is
# paid before the moment that matters: two scripts released together run together, and a script released
# while Redis is down takes no longer than its own work.
GATE = """
import sys, time
from pathlib import Path
import django
django.setup()
Path(sys.argv[1]).touch()
deadline = time.monotonic() + 60
while not Path(sys.argv[2]).exists():
    if time.monotonic() > deadline:
        sys.exit("never released")
    time.sleep(0.002)
"""


class GatedScripts:
    """Python scripts started ahead, each waiting at the gate until `release()`."""

    def __init__(self, folder: Path, env: dict[str, str], *scripts: str) -> None:
        self.go = folder / f"go-{uuid.uuid4().hex}"
        self.ready = [folder / f"ready-{uuid.uuid4().hex}" for _script in scripts]
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-c", GATE + script, str(ready), str(self.go)],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            for script, ready in zip(scripts, self.ready, strict=True)
        ]

    def __enter__(self) -> GatedScripts:
        for process, ready in zip(self.processes, self.ready, strict=True):
            wait_until(ready.exists, "a script to start", process=process)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for process in self.processes:
            kill_group(process)

    def release(self) -> list[tuple[int, str, str]]:
        """Open the gate; wait for every script: (return code, stdout, stderr) each."""
        self.go.touch()
        finished = []
        for process in self.processes:
            try:
                stdout, stderr = process.communicate(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                pytest.fail(f"a released script still ran after {WAIT_SECONDS} s (it hangs)")
            finished.append((process.returncode, stdout, stderr))
        return finished


# --- Data and mail ---------------------------------------------------------------------------------------------

Key = tuple[uuid.UUID, int, str]


def reminders_due_today(*, reminder_mode: str = ReminderMode.DIGEST) -> set[Key]:
    """Four cases of one employer whose steps are in the three reminder windows today; the expected outbox.

    Two employer users (the boss wants instant mails, the deputy `reminder_mode`), the employer's physician and
    its casemanager (both `reminder_mode`); the casemanager is assigned only to the case where long absence
    threatens (day 39). Every other step is outside the windows.
    """
    physician = UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, reminder_mode=reminder_mode)
    casemanager = UserFactory(role=Role.CASEMANAGER, reminder_mode=reminder_mode)
    employer = EmployerFactory(occupational_physician=physician, casemanager=casemanager)
    boss = UserFactory(role=Role.EMPLOYER, employer=employer, reminder_mode=ReminderMode.INSTANT)
    deputy = UserFactory(role=Role.EMPLOYER, employer=employer, reminder_mode=reminder_mode)
    own_arbodienst(employer)  # the report to the arbodienst then stays an open employer step with reminders
    due_in_5 = make_case(employer=employer, reported_by=boss, days_sick=1)  # report to the OHS by day 7
    due_today = make_case(employer=employer, reported_by=boss, days_sick=6)
    overdue = make_case(employer=employer, reported_by=boss, days_sick=9)
    analysis_due = make_case(employer=employer, reported_by=boss, days_sick=38)  # problem analysis by day 42
    assert analysis_due.casemanager_id == casemanager.pk

    def step(case: AbsenceCase, code: str) -> int:
        return Step.objects.get(case=case, code=code).pk

    employers = (boss.pk, deputy.pk)
    return (
        {(user, step(due_in_5, "report_to_ohs"), NotificationKind.DUE_IN_7_DAYS.value) for user in employers}
        | {(user, step(due_today, "report_to_ohs"), NotificationKind.DUE_IN_1_DAY.value) for user in employers}
        | {(user, step(overdue, "report_to_ohs"), NotificationKind.OVERDUE.value) for user in employers}
        | {
            (user, step(analysis_due, "problem_analysis"), NotificationKind.DUE_IN_7_DAYS.value)
            for user in (physician.pk, casemanager.pk)
        }
    )


def outbox() -> list[Key]:
    rows = Notification.objects.values_list("recipient_id", "object_id", "kind")
    return sorted((recipient, int(step), kind) for recipient, step, kind in rows)


def instant_reminders(count: int) -> list[int]:
    """`count` employer users who want instant mails, one case due in 5 days: the sweep queues `count` reminders."""
    employer = cast(Employer, EmployerFactory())
    User.objects.bulk_create(
        User(
            email=f"werkgever{number}@example.nl",
            role=Role.EMPLOYER,
            employer=employer,
            reminder_mode=ReminderMode.INSTANT,
            password="!",
        )
        for number in range(count)
    )
    own_arbodienst(employer)  # the report to the arbodienst then stays open: one reminder per user
    make_case(employer=employer, days_sick=1)
    notification_sweep()
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert len(ids) == count
    assert not Notification.objects.exclude(state=NotificationState.PENDING).exists()
    return ids


def mails_in(folder: Path) -> list[tuple[str, str]]:
    """(X-Verzuim-Notification, Message-ID) of every mail the file backend wrote to `folder`."""
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for raw in path.read_bytes().split(MAIL_SEPARATOR):
            if raw.strip():
                message = message_from_bytes(raw)
                found.append((str(message["X-Verzuim-Notification"]), str(message["Message-ID"])))
    return found


def pending() -> int:
    return Notification.objects.filter(state=NotificationState.PENDING).count()


# --- 1. Sweeping twice, and two sweeps at once ------------------------------------------------------------------


@pytest.mark.django_db
def test_sweeping_twice_queues_each_reminder_once() -> None:
    expected = reminders_due_today()
    assert len(expected) == 8

    notification_sweep()
    notification_sweep()

    assert outbox() == sorted(expected)


# Released together, each process runs send_reminders over and over for half a second: the two overlap.
SEND_REMINDERS_SCRIPT = """
from django.core.management import call_command
started = time.time()
runs = 0
while runs < 2 or time.time() < started + 0.5:
    call_command("send_reminders")
    runs += 1
print("window", started, time.time())
"""


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_send_reminders_processes_at_once_queue_and_send_each_reminder_once(tmp_path: Path) -> None:
    expected = reminders_due_today()
    mail_folder = tmp_path / "mail"
    env = process_env(EMAIL_BACKEND=FILE_MAIL_BACKEND, EMAIL_FILE_PATH=str(mail_folder))

    with GatedScripts(tmp_path, env, SEND_REMINDERS_SCRIPT, SEND_REMINDERS_SCRIPT) as scripts:
        finished = scripts.release()

    for returncode, _stdout, stderr in finished:
        assert returncode == 0, stderr
        assert "Error" not in stderr, stderr
    (start_1, end_1), (start_2, end_2) = (
        map(float, stdout.split("window ")[1].split()) for _code, stdout, _err in finished
    )
    assert max(start_1, start_2) < min(end_1, end_2), "the two runs did not overlap"
    assert outbox() == sorted(expected)
    # The boss wants instant mails (3 reminders), the others a digest each (deputy, physician, casemanager).
    assert not Notification.objects.exclude(state=NotificationState.SENT).exists()
    delivered = Counter(ids for ids, _message_id in mails_in(mail_folder))
    assert sorted(delivered.values()) == [1] * 6
    assert sorted(int(pk) for ids in delivered for pk in ids.split()) == sorted(
        Notification.objects.values_list("pk", flat=True)
    )


# --- 2. A worker killed while sending ----------------------------------------------------------------------------


def kill_while_sending_then_restart(
    tmp_path: Path, ids: list[int], *, mailed_before_kill: int, marked_sent_before_kill: int, **hang: str
) -> list[tuple[str, str]]:
    """A real worker sends the outbox until the slow mail backend freezes as `hang` says; the worker (its whole
    process group) is SIGKILLed; a new worker is triggered (as beat would) until nothing is pending."""
    purge_worker_queue()
    mail_folder = tmp_path / "mail"
    frozen = tmp_path / "frozen"
    log = tmp_path / "worker.log"
    env = process_env(EMAIL_BACKEND=SLOW_MAIL_BACKEND, EMAIL_FILE_PATH=str(mail_folder), SLOW_MAIL_DELAY="0.005")
    with celery_worker("reminders-killed", log, {**env, **hang, "SLOW_MAIL_HANG_MARKER": str(frozen)}) as worker:
        notification_send_pending_task.apply_async(queue=WORKER_QUEUE)
        wait_until(frozen.exists, "the sender to freeze mid-send", process=worker, log=log)
        kill_group(worker)
        assert worker.returncode == -signal.SIGKILL
    assert len(mails_in(mail_folder)) == mailed_before_kill
    assert Notification.objects.filter(state=NotificationState.SENT).count() == marked_sent_before_kill
    with celery_worker("reminders-restarted", log, env) as worker:
        wait_until(
            lambda: pending() == 0,
            "every pending reminder to be sent",
            process=worker,
            log=log,
            every=lambda: notification_send_pending_task.apply_async(queue=WORKER_QUEUE),
        )
    assert Notification.objects.filter(pk__in=ids, state=NotificationState.SENT).count() == len(ids)
    return mails_in(mail_folder)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_leaves_every_reminder_sent_exactly_once(tmp_path: Path) -> None:
    ids = instant_reminders(150)

    # Frozen while handing over mail 41: 40 mails are out, and each was marked sent before the next was sent.
    # The 110 left take two runs of the sender (100 a run).
    mails = kill_while_sending_then_restart(
        tmp_path, ids, mailed_before_kill=40, marked_sent_before_kill=40, SLOW_MAIL_HANG_BEFORE="40"
    )

    delivered = Counter(notification for notification, _message_id in mails)
    assert delivered == Counter({str(pk): 1 for pk in ids})


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_between_hand_over_and_commit_repeats_only_that_mail_with_the_same_message_id(
    tmp_path: Path,
) -> None:
    """The one window at-least-once leaves: the mail server has mail 20, the outbox was not yet told.
    The restarted worker sends that mail again, as an identical copy receiving servers can drop."""
    ids = instant_reminders(40)

    mails = kill_while_sending_then_restart(
        tmp_path, ids, mailed_before_kill=20, marked_sent_before_kill=19, SLOW_MAIL_HANG_AFTER="20"
    )

    delivered = Counter(notification for notification, _message_id in mails)
    twice = [notification for notification, count in delivered.items() if count == 2]
    assert len(twice) == 1
    assert delivered == Counter({str(pk): 1 for pk in ids}) + Counter({twice[0]: 1})
    copies = {message_id for notification, message_id in mails if notification == twice[0]}
    assert copies == {f"<reminder-{twice[0]}@{urlsplit(settings.PORTAL_BASE_URL).hostname}>"}


# --- 3. Redis stopped during a sweep -----------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of this test alone, on a free port, without persistence (a restart empties it)."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with (self.folder / "redis.log").open("ab") as output:
            self.process = subprocess.Popen(
                [*command, "--daemonize", "no", "--dir", str(self.folder)],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self.answers, "redis-server to start", process=self.process, log=self.folder / "redis.log")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process)
            self.process = None

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections, but nothing answers (a hung server or a lost network)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.fail(
            "redis-server is not on PATH: the Redis outage tests start a private Redis "
            "(install the redis-server package; CI has it)."
        )
    folder = tmp_path / "redis"
    folder.mkdir()
    redis = PrivateRedis(folder)
    try:
        yield redis
    finally:
        redis.stop()


# The sweep task's body, as the worker runs it: queue what is due, then ask for it to be sent.
SWEEP_TASK_SCRIPT = """
from verzuim.tasks import notification_sweep
notification_sweep()
"""
# What beat does every minute: queue the sender.
QUEUE_SENDER_SCRIPT = """
from verzuim.tasks import notification_send_pending
started = time.monotonic()
try:
    notification_send_pending.delay()
except Exception as exc:
    print(type(exc).__name__, time.monotonic() - started)
else:
    print("queued", time.monotonic() - started)
"""


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_during_a_sweep_loses_nothing_and_the_next_beat_delivers(
    private_redis: PrivateRedis, tmp_path: Path
) -> None:
    expected = reminders_due_today(reminder_mode=ReminderMode.INSTANT)
    mail_folder = tmp_path / "mail"
    log = tmp_path / "worker.log"
    env = process_env(REDIS_URL=private_redis.url, EMAIL_BACKEND=FILE_MAIL_BACKEND, EMAIL_FILE_PATH=str(mail_folder))
    private_redis.start()
    with (
        celery_worker("reminders-redis", log, env, queue="celery") as worker,
        GatedScripts(tmp_path, env, SWEEP_TASK_SCRIPT) as sweep,
        GatedScripts(tmp_path, env, QUEUE_SENDER_SCRIPT) as beat,
    ):
        wait_until(lambda: " ready." in log.read_text(), "the worker to connect", process=worker, log=log)
        private_redis.stop()

        started = time.monotonic()
        [(returncode, _stdout, stderr)] = sweep.release()
        # The sweep committed its rows; asking for them to be sent failed, quickly and loudly.
        assert time.monotonic() - started < BROKER_DOWN_FAILS_WITHIN_SECONDS
        assert returncode == 1
        assert "kombu.exceptions.OperationalError" in stderr, stderr
        assert outbox() == sorted(expected)
        assert pending() == len(expected)
        assert mails_in(mail_folder) == []

        private_redis.start()  # empty: whatever was queued before the outage is gone, the outbox is not
        [(_code, stdout, stderr)] = beat.release()
        assert stdout.startswith("queued"), stdout + stderr
        wait_until(lambda: pending() == 0, "the worker to send after Redis returned", process=worker, log=log)

    delivered = Counter(notification for notification, _message_id in mails_in(mail_folder))
    assert delivered == Counter({str(pk): 1 for pk in Notification.objects.values_list("pk", flat=True)})
    assert len(delivered) == len(expected)


@pytest.mark.worker
def test_queueing_a_task_while_redis_hangs_fails_within_seconds(private_redis: PrivateRedis, tmp_path: Path) -> None:
    private_redis.start()
    private_redis.freeze()

    with GatedScripts(tmp_path, process_env(REDIS_URL=private_redis.url), QUEUE_SENDER_SCRIPT) as beat:
        [(_code, stdout, stderr)] = beat.release()

    outcome, seconds = stdout.split()
    assert outcome == "OperationalError", stdout + stderr
    assert float(seconds) < BROKER_DOWN_FAILS_WITHIN_SECONDS


# --- 4. A relapse that moves a due date --------------------------------------------------------------------------


def sick_then_relapsed(*, sweep_between: bool) -> tuple[AbsenceCase, Notification, dt.date]:
    """Sick from day 0 (report to the OHS due day 6), reminded on day 1, recovered on day 2 and sick again on day 5:
    the three recovered days move the due date to day 9. Returns the case, the stale reminder and day 0."""
    day0 = timezone.localdate() - dt.timedelta(days=20)
    employer = EmployerFactory()
    boss = UserFactory(role=Role.EMPLOYER, employer=employer, reminder_mode=ReminderMode.INSTANT)
    own_arbodienst(employer)  # the report to the arbodienst then stays open, with its reminder
    employee = EmployeeFactory(employer=employer)
    case, _created = case_services.case_report_sickness(
        reported_by=boss, employee=employee, first_sick_day=day0, today=day0
    )
    notification_sweep(today=day0 + dt.timedelta(days=1))
    stale = Notification.objects.get()
    assert (stale.kind, stale.due_date) == (NotificationKind.DUE_IN_7_DAYS, day0 + dt.timedelta(days=6))
    case_services.case_report_recovery(
        reported_by=boss, case=case, date=day0 + dt.timedelta(days=2), recovered_pct=100, today=day0 + dt.timedelta(2)
    )
    if sweep_between:
        notification_sweep(today=day0 + dt.timedelta(days=3))
    _case, created = case_services.case_report_sickness(
        reported_by=boss, employee=employee, first_sick_day=day0 + dt.timedelta(5), today=day0 + dt.timedelta(5)
    )
    assert not created
    assert Step.objects.get(case=case, code="report_to_ohs").due_date == day0 + dt.timedelta(days=9)
    return case, stale, day0


@pytest.mark.django_db
def test_a_relapse_that_moves_a_due_date_cancels_the_stale_reminder_and_queues_one_for_the_new_date() -> None:
    case, stale, day0 = sick_then_relapsed(sweep_between=False)

    notification_sweep(today=day0 + dt.timedelta(days=5))
    sent = notification_send_pending()

    stale.refresh_from_db()
    assert stale.state == NotificationState.CANCELLED
    fresh = Notification.objects.exclude(pk=stale.pk).get()
    assert (int(fresh.object_id), fresh.kind, fresh.due_date) == (
        Step.objects.get(case=case, code="report_to_ohs").pk,
        NotificationKind.DUE_IN_7_DAYS,
        day0 + dt.timedelta(days=9),
    )
    assert fresh.state == NotificationState.SENT
    assert sent == 1
    assert [m.extra_headers["X-Verzuim-Notification"] for m in mail.outbox] == [str(fresh.pk)]
    new_date = (day0 + dt.timedelta(days=9)).strftime("%d-%m-%Y")
    assert mail.outbox[0].subject == f"Herinnering: Ziekmelding aan de arbodienst uiterlijk {new_date}"


@pytest.mark.django_db
def test_the_sender_never_sends_a_reminder_whose_due_date_moved_since_it_was_queued() -> None:
    """No sweep ran since the relapse: the sender itself sees that the step is no longer due on that date."""
    _case, stale, _day0 = sick_then_relapsed(sweep_between=False)

    sent = notification_send_pending()

    stale.refresh_from_db()
    assert stale.state == NotificationState.CANCELLED
    assert sent == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_recovery_suspends_the_step_and_its_reminder_is_cancelled_by_the_next_sweep() -> None:
    _case, stale, _day0 = sick_then_relapsed(sweep_between=True)

    stale.refresh_from_db()
    assert stale.state == NotificationState.CANCELLED


# --- 5. send_reminders twice on the demo data --------------------------------------------------------------------


@pytest.mark.django_db
def test_send_reminders_twice_on_the_demo_data_sends_nothing_new_the_second_time() -> None:
    call_command("demo", stdout=StringIO())

    first = StringIO()
    call_command("send_reminders", stdout=first)
    sent_first = len(mail.outbox)
    second = StringIO()
    call_command("send_reminders", stdout=second)

    assert sent_first > 0, first.getvalue()
    assert len(mail.outbox) == sent_first
    assert second.getvalue().strip().endswith("instant e-mails sent: 0; digests sent: 0.")
