"""The Celery app; the beat schedule is declared here, in code."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuim.settings")

app = Celery("verzuim")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "session-clear-expired": {
        "task": "verzuim.tasks.session_clear_expired",
        "schedule": crontab(hour=3, minute=17),
    },
}
