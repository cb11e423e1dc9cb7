from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerzuimConfig(AppConfig):
    name = "verzuim"
    verbose_name = _("Portaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the receiver that revokes a user's API tokens when their second factor is reset, the
        # system check of REQUEST_BODY_MAX_MB, the core's own dashboard panel, and the renderer of the employee's
        # invitation mail (verzuim.mail).
        from verzuim import api_auth, employee_accounts, panels, request_limits  # noqa: F401
