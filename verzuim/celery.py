"""The Celery app; the beat schedule is declared here, in code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuim.settings")

app = Celery("verzuim")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Reminders: the sweep is cheap (an index range scan) and idempotent, so it runs often;
    # the sender picks up whatever a down worker or broker left pending.
    "notification-sweep": {
        "task": "verzuim.tasks.notification_sweep",
        "schedule": crontab(minute="*/15"),
    },
    "notification-send-pending": {
        "task": "verzuim.tasks.notification_send_pending",
        "schedule": crontab(minute="*"),
    },
    # Password-reset mails (verzuim.password_reset): the request only writes an outbox row, this sends it.
    "password-reset-send": {
        "task": "verzuim.tasks.password_reset_send_pending",
        "schedule": crontab(minute="*"),
    },
    # Every one-off mail (verzuim.mail: one-time links, complaint receipts, survey invitations): the service only
    # writes an outbox row in its transaction, this renders and sends it.
    "mail-send-pending": {
        "task": "verzuim.tasks.mail_send_pending",
        "schedule": crontab(minute="*"),
    },
    # Events for HR and payroll systems (verzuim.webhooks): written with the fact, delivered and retried here.
    "webhook-deliver-pending": {
        "task": "verzuim.tasks.webhook_deliver_pending",
        "schedule": crontab(minute="*"),
    },
    "notification-send-digests": {
        "task": "verzuim.tasks.notification_send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "session-clear-expired": {
        "task": "verzuim.tasks.session_clear_expired",
        "schedule": crontab(hour=3, minute=17),
    },
    # Just after midnight, so a case reaches its 28th recovered day or its 14th sick day on the right date.
    "case-close-recovered": {
        "task": "cases.tasks.case_close_recovered",
        "schedule": crontab(hour=0, minute=20),
    },
    "case-assign-due-casemanagers": {
        "task": "cases.tasks.case_assign_due_casemanagers",
        "schedule": crontab(hour=0, minute=30),
    },
    # The service rhythm: after the cases closed tonight, so their relapse contacts exist by morning.
    "service-contacts": {
        "task": "cases.tasks.service_contacts_ensure",
        "schedule": crontab(hour=0, minute=40),
    },
    # Premium renewal: daily, acting only from 1 November; skips policies already calculated.
    "premium-renewal": {
        "task": "premiums.tasks.premium_renewal",
        "schedule": crontab(hour=1, minute=10),
    },
    # Retention (cases.retention): carries out yesterday's dry run, then writes tonight's for insurer staff to read.
    "retention-sweep": {
        "task": "cases.tasks.retention_sweep",
        "schedule": crontab(hour=2, minute=30),
    },
    # The employees' data exports (cases.privacy): their files are removed when the export expires.
    "data-export-expire": {
        "task": "cases.tasks.data_export_expire",
        "schedule": crontab(hour=3, minute=40),
    },
}

FILESYSTEM_FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def broker_folders_create(sender: Celery, source: Any, **kwargs: Any) -> None:
    """kombu's filesystem transport expects its folders to exist; make them so a fresh clone's worker starts."""
    if not str(source.broker_url or "").startswith("filesystem://"):
        return
    options = source.broker_transport_options or {}
    for name in FILESYSTEM_FOLDER_OPTIONS:
        if options.get(name):
            Path(options[name]).mkdir(parents=True, exist_ok=True)
