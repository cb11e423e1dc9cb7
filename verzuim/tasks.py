"""Celery tasks of the core app: thin, idempotent, each calling one service."""

from __future__ import annotations

from celery import shared_task

from verzuim import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def session_clear_expired() -> int:
    return services.session_clear_expired()
