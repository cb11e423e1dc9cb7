"""A real worker survives Redis going away while it runs a task (issue finding: Celery 5.7.0 crashed on it).

The worker runs with the prefork pool, as `make run` and docker-compose start it: its main process notices the lost
connection while a pool process still runs the task. Celery 5.7.0 then died with "Unrecoverable error:
AttributeError("'NoneType' object has no attribute 'hostname'")"; the versions in requirements/constraints.txt
reconnect, and the task still completes exactly once.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.verzuim.test_reminders_worker import PrivateRedis, kill_group, process_env, wait_until
from tests.worker_tasks import slow_append
from verzuim.celery import app

QUEUE = "redis-outage-test"
# Long enough that Redis is stopped and started again while it runs.
TASK_SECONDS = 6.0
OUTAGE_SECONDS = 1.5


def shut_down(redis: PrivateRedis) -> None:
    """Stop Redis the way an operator or a container stop does (SIGTERM: SHUTDOWN, it closes every client)."""
    assert redis.process is not None
    redis.process.terminate()
    redis.process.wait(timeout=10)
    redis.process = None


def start_prefork_worker(log: Path, broker_url: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "verzuim",
        "worker",
        "--pool=prefork",
        "--concurrency=2",  # as make run: with a free pool process the worker keeps polling Redis (BRPOP)
        "--include=tests.worker_tasks",
        f"--queues={QUEUE}",
        f"--hostname={QUEUE}@%h",
        "--without-mingle",
        "--without-gossip",
        "--loglevel=INFO",
    ]
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=process_env(REDIS_URL=broker_url),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def queue_slow_append(broker_url: str, path: Path, line: str, seconds: float, started: Path | None = None) -> None:
    with app.connection_for_write(broker_url) as connection:
        slow_append.apply_async(
            (str(path), line, seconds, str(started) if started else ""), queue=QUEUE, connection=connection
        )


@pytest.mark.worker
def test_a_worker_survives_redis_stopped_and_started_while_a_task_runs_and_the_task_completes_once(
    private_redis: PrivateRedis, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    effects = tmp_path / "effects.txt"
    started = tmp_path / "started"
    private_redis.start()
    worker = start_prefork_worker(log, private_redis.url)
    try:
        wait_until(lambda: " ready." in log.read_text(), "the worker to connect", process=worker, log=log)
        queue_slow_append(private_redis.url, effects, "during-outage", TASK_SECONDS, started)
        wait_until(started.exists, "the task to start", process=worker, log=log)

        shut_down(private_redis)
        wait_until(
            lambda: "Connection to broker lost" in log.read_text(), "the worker to notice", process=worker, log=log
        )
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, f"the worker died when Redis went away:\n{log.read_text()}"
        private_redis.start()  # same port, empty: the message of the running task is gone from Redis

        wait_until(effects.exists, "the running task to complete", process=worker, log=log)
        wait_until(
            lambda: log.read_text().count("Connected to redis://") >= 2,
            "the worker to reconnect",
            process=worker,
            log=log,
        )
        # The worker consumes again: a task queued after the outage runs too.
        queue_slow_append(private_redis.url, effects, "after-outage", 0)
        wait_until(lambda: "after-outage" in effects.read_text(), "a task after the outage", process=worker, log=log)
        time.sleep(1)  # a repeated run of the first task would show up now

        assert effects.read_text().splitlines() == ["during-outage", "after-outage"], log.read_text()
        assert worker.poll() is None, log.read_text()
        assert "Unrecoverable error" not in log.read_text()

        worker.send_signal(signal.SIGTERM)  # warm shutdown
        assert worker.wait(timeout=20) == 0, log.read_text()
    finally:
        kill_group(worker)
