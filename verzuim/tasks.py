"""Celery tasks of the core app: thin, idempotent, each calling one service."""

from __future__ import annotations

from celery import shared_task

from verzuim import mail, notifications, password_reset, services, webhooks


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def session_clear_expired() -> int:
    return services.session_clear_expired()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notification_sweep() -> int:
    """Queue the reminders whose moment has come, then ask for them to be sent."""
    queued = notifications.notification_sweep()
    notification_send_pending.delay()
    return queued


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notification_send_pending() -> int:
    return notifications.notification_send_pending()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notification_send_digests() -> int:
    return notifications.notification_send_digests()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def password_reset_send_pending() -> int:
    return password_reset.password_reset_send_pending()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def mail_send_pending() -> int:
    return mail.mail_send_pending()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def webhook_deliver_pending() -> int:
    return webhooks.webhook_deliver_pending()
