"""The number of open tasks beside "Overzicht" in the menu of every page (issue 20 item 1: counts in the navigation).

Counting means asking every task source (verzuim.plugins.tasks_for), a handful of statements; doing that on every
page would make the shell of every page pay for the inbox. So the count lives in Django's cache (Redis in
production) per user and day, for at most TASK_COUNT_SECONDS:

* the dashboard, which works out the inbox anyway, writes the fresh count (the inbox itself is never cached);
* any successful write by the user (a POST, PUT, PATCH or DELETE answered below 400) drops the user's count, so a
  task the user has just done is gone from the menu on the very next page (TaskCountMiddleware);
* tasks that appear through someone else's work or the passing of time show within TASK_COUNT_SECONDS.

Like the complaint rate limiter, the count fails open: without a reachable cache it is counted on the spot.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from verzuim.models import User
from verzuim.plugins import tasks_for

logger = logging.getLogger(__name__)

TASK_COUNT_SECONDS = 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _key(user: User, today: dt.date) -> str:
    # The time of joining makes the key one user's even where a database hands out an id again (a test database
    # rebuilt, SQLite after a rollback).
    joined = int(user.date_joined.timestamp() * 1_000_000) if user.date_joined else 0
    return f"tasks:count:{user.pk}:{joined}:{today.isoformat()}"


def task_count_remember(*, user: User, today: dt.date, count: int) -> None:
    """Keep a count the caller has just worked out (the dashboard's inbox)."""
    try:
        cache.set(_key(user, today), count, timeout=TASK_COUNT_SECONDS)
    except Exception:  # a cache outage must not break the page
        logger.warning("Task count not cached: the cache is unreachable.", exc_info=True)


def task_count(*, user: User, today: dt.date | None = None) -> int:
    """The user's number of open tasks today, from the cache when it is there."""
    today = today or timezone.localdate()
    try:
        cached = cache.get(_key(user, today))
    except Exception:
        logger.warning("Task count counted without the cache: the cache is unreachable.", exc_info=True)
        return len(tasks_for(user, today))
    if cached is not None:
        return int(cached)
    count = len(tasks_for(user, today))
    task_count_remember(user=user, today=today, count=count)
    return count


def task_count_forget(*, user: User) -> None:
    try:
        cache.delete(_key(user, timezone.localdate()))
    except Exception:
        logger.warning("Task count not dropped: the cache is unreachable.", exc_info=True)


class TaskCountMiddleware:
    """Drops the user's cached count after a write of theirs that succeeded, so a task done is gone at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                task_count_forget(user=user)
        return response
