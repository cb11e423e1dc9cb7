"""Celery: the beat schedule, the at-least-once configuration, the broker without Redis, and a real worker."""

from __future__ import annotations

import inspect
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from celery.beat import ScheduleEntry
from celery.schedules import crontab
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.processes import database_url_of_test_database, run_python
from verzuim.celery import app
from verzuim.tasks import session_clear_expired

# Every beat entry: task name, args, kwargs and when it runs (Europe/Amsterdam). A new entry needs a line here.
EXPECTED_BEAT_SCHEDULE: dict[str, tuple[str, tuple[Any, ...], dict[str, Any], crontab]] = {
    "session-clear-expired": ("verzuim.tasks.session_clear_expired", (), {}, crontab(hour=3, minute=17)),
    "notification-sweep": ("verzuim.tasks.notification_sweep", (), {}, crontab(minute="*/15")),
    "notification-send-pending": ("verzuim.tasks.notification_send_pending", (), {}, crontab(minute="*")),
    "password-reset-send": ("verzuim.tasks.password_reset_send_pending", (), {}, crontab(minute="*")),
    "mail-send-pending": ("verzuim.tasks.mail_send_pending", (), {}, crontab(minute="*")),
    "webhook-deliver-pending": ("verzuim.tasks.webhook_deliver_pending", (), {}, crontab(minute="*")),
    "notification-send-digests": ("verzuim.tasks.notification_send_digests", (), {}, crontab(hour=7, minute=0)),
    "case-close-recovered": ("cases.tasks.case_close_recovered", (), {}, crontab(hour=0, minute=20)),
    "case-assign-due-casemanagers": ("cases.tasks.case_assign_due_casemanagers", (), {}, crontab(hour=0, minute=30)),
    "service-contacts": ("cases.tasks.service_contacts_ensure", (), {}, crontab(hour=0, minute=40)),
    "premium-renewal": ("premiums.tasks.premium_renewal", (), {}, crontab(hour=1, minute=10)),
    "retention-sweep": ("cases.tasks.retention_sweep", (), {}, crontab(hour=2, minute=30)),
    "data-export-expire": ("cases.tasks.data_export_expire", (), {}, crontab(hour=3, minute=40)),
}

# The real worker consumes only this queue, so it never takes messages meant for a development worker
# sharing the broker, and stale messages of other tests never delay it.
WORKER_TEST_QUEUE = "worker-test"
WORKER_WAIT_SECONDS = 30


@pytest.fixture(scope="module")
def registered_tasks() -> dict[str, Any]:
    app.loader.import_default_modules()  # what the worker does at start: autodiscover every app's tasks.py
    return dict(app.tasks)


def test_beat_schedule_is_exactly_the_expected_entries() -> None:
    schedule = app.conf.beat_schedule

    assert set(schedule) == set(EXPECTED_BEAT_SCHEDULE)
    for name, (task, args, kwargs, when) in EXPECTED_BEAT_SCHEDULE.items():
        entry = schedule[name]
        assert entry["task"] == task, name
        assert tuple(entry.get("args", ())) == args, name
        assert dict(entry.get("kwargs", {})) == kwargs, name
        assert entry["schedule"] == when, name


def test_every_scheduled_task_is_registered_and_accepts_its_arguments(registered_tasks: dict[str, Any]) -> None:
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in registered_tasks, f"{name}: {entry['task']} is not a registered task"
        task = registered_tasks[entry["task"]]
        inspect.signature(task.run).bind(*entry.get("args", ()), **entry.get("kwargs", {}))


@pytest.mark.parametrize(
    ("last_run_utc", "next_run_utc"),
    [
        (datetime(2025, 7, 1, 1, 17, tzinfo=UTC), datetime(2025, 7, 2, 1, 17, tzinfo=UTC)),  # summer: UTC+2
        (datetime(2025, 1, 15, 2, 17, tzinfo=UTC), datetime(2025, 1, 16, 2, 17, tzinfo=UTC)),  # winter: UTC+1
    ],
)
def test_daily_housekeeping_runs_at_0317_amsterdam_time(last_run_utc: datetime, next_run_utc: datetime) -> None:
    assert app.conf.timezone == "Europe/Amsterdam"
    entry = app.conf.beat_schedule["session-clear-expired"]
    schedule = ScheduleEntry(name="session-clear-expired", app=app, **entry).schedule  # bound to the app, as beat does

    # Beat records a run as app.now(), in the app's timezone. (Celery 5.6 matches the crontab in the timezone of the
    # datetime it is given; 5.7 converts first, but its worker crashes when Redis goes away, see pyproject.toml.)
    start, delta, _now = schedule.remaining_delta(last_run_utc.astimezone(app.timezone))

    assert (start + delta).astimezone(UTC) == next_run_utc


def test_celery_is_configured_for_at_least_once_work() -> None:
    conf = app.conf

    assert conf.task_acks_late is True  # a message is acknowledged after the task ran, not when it arrived
    assert conf.task_reject_on_worker_lost is True  # a killed worker's task goes back to the queue
    assert conf.worker_prefetch_multiplier == 1  # a busy worker does not hoard messages another could run
    assert conf.task_serializer == "json"
    assert conf.result_serializer == "json"
    assert list(conf.accept_content) == ["json"]  # no pickle: a message can never run code
    assert conf.task_soft_time_limit == 240
    assert conf.task_time_limit == 300
    assert conf.task_ignore_result is True
    assert conf.worker_cancel_long_running_tasks_on_connection_loss is False  # Redis lost mid-task: it finishes


def test_core_tasks_acknowledge_late_and_retry(registered_tasks: dict[str, Any]) -> None:
    task = registered_tasks["verzuim.tasks.session_clear_expired"]

    assert task.acks_late is True
    assert task.autoretry_for == (Exception,)
    assert task.max_retries == 3


def test_filesystem_broker_works_in_a_fresh_clone_without_redis(tmp_path: Path) -> None:
    """No var/ folder yet and no REDIS_URL: queueing a task creates the broker folders and writes the message."""
    var_dir = tmp_path / "fresh-clone-var"
    script = (
        "import django; django.setup()\n"
        "from verzuim.tasks import session_clear_expired\n"
        "session_clear_expired.apply_async(queue='fresh-clone')\n"
    )
    result = run_python(["-c", script], var_dir)

    assert result.returncode == 0, result.stderr
    messages = list((var_dir / "celery" / "broker").glob("*.fresh-clone.msg"))
    assert len(messages) == 1
    assert (var_dir / "celery" / "control").is_dir()
    assert (var_dir / "celery" / "processed").is_dir()


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """`celery -A verzuim worker` on the test database and the same broker as this process (Redis or filesystem)."""
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(WORKER_TEST_QUEUE)
    log = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url_of_test_database(), "VAR_DIR": str(settings.VAR_DIR)}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "verzuim",
        "worker",
        "--pool=solo",
        f"--queues={WORKER_TEST_QUEUE}",
        f"--hostname={WORKER_TEST_QUEUE}@%h",
        "--without-mingle",
        "--without-gossip",
        "--loglevel=INFO",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_queued_task_against_the_database(
    worker: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, log = worker
    now = timezone.now()
    expired = Session.objects.create(session_key="expired" + "0" * 25, session_data="", expire_date=now - timedelta(1))
    live = Session.objects.create(session_key="live" + "0" * 28, session_data="", expire_date=now + timedelta(1))

    session_clear_expired.apply_async(queue=WORKER_TEST_QUEUE)

    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while Session.objects.filter(pk=expired.pk).exists():
        assert process.poll() is None, f"the worker died:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"the worker did not run the task in time:\n{log.read_text()}"
        time.sleep(0.2)
    assert Session.objects.filter(pk=live.pk).exists()

    process.send_signal(signal.SIGTERM)  # warm shutdown, as systemd or docker stop would do
    assert process.wait(timeout=20) == 0, log.read_text()
    assert "verzuim.tasks.session_clear_expired" in log.read_text()
