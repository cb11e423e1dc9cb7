from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def parameters_seed_when_empty(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate or flush: a database without any premium parameter set gets the 2026 set again."""
    from django.apps import apps as global_apps
    from django.db import connections

    from premiums.models import ParameterSet
    from premiums.seed import seed

    if ParameterSet._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the parameters existed
    if not ParameterSet.objects.using(using).exists():
        seed(kwargs.get("apps") or global_apps)
    insurer_seed_when_empty(using, kwargs.get("apps") or global_apps)


def insurer_seed_when_empty(using: str, apps: Any) -> None:
    """The same for the insurer's details of the premium notice (premiums.seed_product)."""
    from django.db import connections

    from premiums.models import InsurerDetails
    from premiums.seed_product import seed_insurer

    if InsurerDetails._meta.db_table not in connections[using].introspection.table_names():
        return
    if not InsurerDetails.objects.using(using).exists():
        seed_insurer(apps)


class PremiumsConfig(AppConfig):
    name = "premiums"
    verbose_name = _("Polissen en premies")

    def ready(self) -> None:
        # What premiums adds to the layers below (verzuim.plugins, cases): the start page's panels, the service
        # contacts that follow from policies, the guarantee claim and the policy terms of interventions,
        # and the open claim that keeps a case from the retention sweep.
        from premiums import (
            case_hooks,  # noqa: F401
            panels,  # noqa: F401
            retention_holds,  # noqa: F401
            service_contacts,  # noqa: F401
            todo,  # noqa: F401
        )

        post_migrate.connect(parameters_seed_when_empty, sender=self, dispatch_uid="premiums_parameters_seed")
