from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def terms_seed_when_empty(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate or flush: a database without complaint terms gets the defaults again."""
    from django.apps import apps as global_apps
    from django.db import connections

    from complaints.models import ComplaintTerms
    from complaints.seed import seed

    if ComplaintTerms._meta.db_table not in connections[using].introspection.table_names():
        return
    seed(kwargs.get("apps") or global_apps)


def complaint_upload_bytes() -> int:
    """The files of one complaint: the largest upload of the public intake form (verzuim.request_limits)."""
    from complaints.services import ATTACHMENT_MAX_MB, MAX_ATTACHMENTS

    return MAX_ATTACHMENTS * ATTACHMENT_MAX_MB * 1024 * 1024


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Klachten")

    def ready(self) -> None:
        # The mails, the start page, the sweeper, the tasks, and the open complaint that keeps a case from the
        # retention sweep.
        from complaints import mails, panels, privacy, reminders, retention_holds, route, todo  # noqa: F401
        from verzuim.plugins import upload_size

        upload_size(complaint_upload_bytes)
        post_migrate.connect(terms_seed_when_empty, sender=self, dispatch_uid="complaints_terms_seed")
        from cases.absence.signals import case_closed
        from complaints import surveys
        from complaints.signals import complaint_closed

        complaint_closed.connect(surveys.on_complaint_closed, dispatch_uid="complaints_survey_after_complaint")
        case_closed.connect(surveys.on_case_closed, dispatch_uid="complaints_survey_after_case")
