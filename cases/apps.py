from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Verzuimgevallen")

    def ready(self) -> None:
        from cases import reminders  # noqa: F401 - registers the step sweeper
