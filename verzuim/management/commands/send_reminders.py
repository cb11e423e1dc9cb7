"""`manage.py send_reminders`: one sweep and send, synchronously (operators, cron, development without Redis)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from verzuim import notifications


class Command(BaseCommand):
    help = "Queue the reminders that are due, send the instant ones and today's digests."

    def handle(self, *args: Any, **options: Any) -> None:
        due = notifications.notification_sweep()
        instant = notifications.notification_send_pending(limit=100_000)
        digests = notifications.notification_send_digests()
        self.stdout.write(f"Reminders due: {due}; instant e-mails sent: {instant}; digests sent: {digests}.")
