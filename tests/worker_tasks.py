"""Tasks only the worker tests use; a test worker imports them with `celery worker --include=tests.worker_tasks`."""

from __future__ import annotations

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.worker_tasks.slow_append", acks_late=True)
def slow_append(path: str, line: str, seconds: float, started: str = "") -> None:
    """Touch `started` (when given), work for `seconds`, then append `line` to the file at `path`: one line a run."""
    if started:
        Path(started).touch()
    time.sleep(seconds)
    with Path(path).open("a") as output:
        output.write(line + "\n")
