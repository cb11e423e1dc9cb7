from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Verzuimgevallen")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        # The reminders modules of absence and rhythm register the sweepers of the steps and of the service contacts.
        from cases.absence import reminders  # noqa: F401
        from cases.absence.signals import case_closed
        from cases.rhythm import reminders as rhythm_reminders  # noqa: F401
        from cases.rhythm import services as services_rhythm
        from premiums.models import Policy

        # The service rhythm: a new policy gets its welcome call, a long case closed by full recovery
        # its relapse-prevention contact.
        post_save.connect(services_rhythm.on_policy_saved, sender=Policy, dispatch_uid="rhythm_welcome_call")
        case_closed.connect(services_rhythm.on_case_closed, dispatch_uid="rhythm_relapse_prevention")
