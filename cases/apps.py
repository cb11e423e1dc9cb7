from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def retention_terms_seed_when_empty(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate or flush: a database without retention terms gets the first terms again."""
    from django.apps import apps as global_apps
    from django.db import connections

    from cases.retention.models import RetentionTerm
    from cases.retention.seed import seed

    if RetentionTerm._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the terms existed
    if not RetentionTerm.objects.using(using).exists():
        seed(kwargs.get("apps") or global_apps)


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Verzuimgevallen")

    def ready(self) -> None:
        # The reminders modules of absence and rhythm register the sweepers of the steps and of the service contacts;
        # the panels modules the blocks of the start page, absence.calendar the steps of the personal calendar feed
        # (verzuim.plugins); the mails modules the renderers of the employee's one-time links (verzuim.mail); the todo
        # modules the task sources of "Mijn taken"; absence.roster keeps the roster sync from ending the employment of
        # someone with an open case (verzuim.plugins). The contact log's reminders, calendar and todo modules make an
        # open follow-up a reminder, a calendar event and a task. The medical mails and todo modules make a spreekuur an
        # invitation to the employee (with its .ics) and a task of the physician.
        from cases.absence import calendar, panels, reminders, roster, todo  # noqa: F401
        from cases.absence.signals import case_closed
        from cases.advice import todo as advice_todo  # noqa: F401
        from cases.contacts import calendar as contact_calendar  # noqa: F401
        from cases.contacts import reminders as contact_reminders  # noqa: F401
        from cases.contacts import todo as contact_todo  # noqa: F401
        from cases.documents import mails as document_mails  # noqa: F401
        from cases.documents import todo as document_todo  # noqa: F401
        from cases.dossier import tabs as dossier_tabs  # noqa: F401  (the sections under the dossier's header)
        from cases.income import mails as income_mails  # noqa: F401
        from cases.interventions import panels as intervention_panels  # noqa: F401
        from cases.interventions import todo as intervention_todo  # noqa: F401
        from cases.medical import mails as medical_mails  # noqa: F401
        from cases.medical import messages as medical_messages  # noqa: F401  (the confidential thread's mails)
        from cases.medical import todo as medical_todo  # noqa: F401
        from cases.messages import mails as message_mails  # noqa: F401
        from cases.messages import todo as message_todo  # noqa: F401
        from cases.privacy import exports as privacy_exports  # noqa: F401  (the sections of the data export)
        from cases.privacy import mails as privacy_mails  # noqa: F401  (export ready, correction answered)
        from cases.privacy import retention as privacy_retention  # noqa: F401  (correction requests in the sweep)
        from cases.privacy import todo as privacy_todo  # noqa: F401  (correction requests for the casemanager)
        from cases.professionals import panels as professional_panels  # noqa: F401
        from cases.professionals import todo as professional_todo  # noqa: F401
        from cases.retention import holds as retention_holds  # noqa: F401  (the open-sanction hold)
        from cases.retention import panels as retention_panels  # noqa: F401  (the insurer's link to the report)
        from cases.rhythm import reminders as rhythm_reminders  # noqa: F401
        from cases.rhythm import services as services_rhythm
        from cases.statistics import panels as statistics_panels  # noqa: F401

        # The service rhythm: a long case closed by full recovery gets its relapse-prevention contact. (A new
        # policy's welcome call is made by premiums.services.policy_create.)
        case_closed.connect(services_rhythm.on_case_closed, dispatch_uid="rhythm_relapse_prevention")

        # The physician's problem analysis and current assessment start from the latest functional assessment (the
        # FML of the medical compartment), so nothing is typed twice. Wired here: documents and medical are
        # independent packages.
        from cases.documents.selectors import physician_prefill_register
        from cases.medical.selectors import assessment_prefill

        physician_prefill_register(assessment_prefill)
        post_migrate.connect(retention_terms_seed_when_empty, sender=self, dispatch_uid="cases_retention_terms_seed")
