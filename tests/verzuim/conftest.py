"""Fixtures shared by the core app's tests."""

from tests.verzuim.test_reminders_worker import private_redis

__all__ = ["private_redis"]
