"""Project package and core app of the verzuim portal."""

from verzuim.celery import app as celery_app

__all__ = ["celery_app"]
